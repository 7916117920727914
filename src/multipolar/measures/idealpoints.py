r"""UN General Assembly ideal points: a dynamic ordinal item-response model.

Agreement scores mix what states want with what is on the agenda. Ideal points separate
the two: one position per state and year on the main axis of UN voting, comparable across
years because resolutions that recur with identical text bridge the sessions and because
positions move as a random walk.

Model
-----
State :math:`i` in year :math:`t` has ideal point :math:`\theta_{it}`; roll call (item)
:math:`j` has a discrimination :math:`a_j` and two cut points :math:`c_{1j} < c_{2j}`. A
vote :math:`y \in \{\text{yes} < \text{abstain} < \text{no}\}` follows the cumulative logit

.. math::

    P(y_{itj} \le k) = \operatorname{logit}^{-1}(c_{kj} - a_j \theta_{it}), \quad k = 1, 2.

Priors (standard deviations are the estimator's settings):

* every state-year :math:`\theta_{it} \sim N(0, \texttt{prior\_scale}^2)`, combined with
* the random walk :math:`\theta_{it} - \theta_{i,t'} \sim N(0, \texttt{walk\_scale}^2
  (t - t'))` between consecutive years :math:`t' < t` in which the state voted (gaps widen
  the step), so that a state's chain of positions has prior precision
  :math:`I / \texttt{prior\_scale}^2 + L / \texttt{walk\_scale}^2` (:math:`L` the path
  Laplacian, gap-weighted): each year is pulled toward the common centre and toward its
  neighbours;
* :math:`a_j \sim N(0, \texttt{item\_prior\_scale}^2)`, :math:`c_{1j} \sim
  N(0, \texttt{cut\_prior\_scale}^2)`, :math:`\log(c_{2j} - c_{1j}) \sim N(0, 1.5^2)`.

The default ``walk_scale`` (0.15) was chosen by held-out vote prediction
(:func:`heldout_loglik`, the table in ``docs/idealpoints.md``).

Roll calls (``rollcalls``, a set of :mod:`multipolar.measures.rollcalls`; default
``"bsv"``, :data:`DEFAULT_ROLLCALLS`): only the roll calls of the set are used. Unlike a share
of identical votes, an item-response model is not thrown by a change in the kind of roll
call — each roll call has its own discrimination and cut points, so an amendment vote that
splits states differently from a resolution vote is modelled as such — and more roll calls
give more information. The default is therefore the largest set whose composition is
documented, Bailey, Strezhnev & Voeten's (their estimates are the field's reference);
``"resolutions"`` gives the set of the other vote measures.
Roll calls on which every state voted the same way are dropped; so are states' votes
other than yes/abstain/no.

Bridging (``bridge=True``, after Bailey, Strezhnev & Voeten 2017): roll calls in different
sessions whose title is the same text share one set of item parameters. The title is the
``title`` column where it is not empty, else
:func:`multipolar.sources.rollcall_text.rollcall_title` of ``short`` / ``descr``; "the same text" is equality of
:func:`~multipolar.sources.rollcall_text.title_key` (case, punctuation, accents, ordinals
and a few recorded respellings normalised) and of the ``amend`` / ``para`` flags. Within a
session the k-th roll call with a given text (in ``rcid`` order) is bridged with the k-th
of every other session with that text. Roll calls known only from a meeting-record passage
(paragraph, amendment and motion votes of sessions 52–67 and 71–72) are never bridged.
:func:`bridge_groups` shows the groups.

Identification and reported scale
---------------------------------
The likelihood is unchanged by a common shift of all :math:`\theta` (absorbed by the cut
points), by a common rescaling of :math:`\theta` against :math:`a`, and by a common sign
flip of :math:`\theta` and :math:`a`. The priors pin the first two during estimation (the
fit maximises the prior exactly along both directions). The reported ``ideal`` is then
standardised: mean 0 and standard deviation 1 over all fitted state-years (unweighted),
with the sign chosen so that the ``anchor`` state (default the United States, ccode 2) has
a positive mean; without the anchor in the data the sign is the estimated one. Positive
therefore means "votes like the United States", roughly for the US-led order. Scores from
different fits (other years, another issue) are on different scales.

Across years the scale is tied only by the bridged roll calls (same item parameters in
every year they recur) and by the priors (the random walk ties a state's years, the
every-year prior pulls all years toward one centre); nothing fixes a year's mean or
spread. ``docs/idealpoints.md`` says what this does and does not make comparable.

Estimation and uncertainty
--------------------------
Maximum a posteriori (MAP) by block Newton ascent: all ideal points at once (the Hessian
is tridiagonal because each state's years form a chain), then all items at once (a 3 x 3
system per item), each step guarded by a per-state / per-item line search, then the
closed-form location and scale moves. Vectorised over votes; no loop over votes or items.
Converged when the largest change of a standardised ideal point is below ``tol``.

``se`` is a Laplace approximation: the square root of the diagonal of the inverse of minus
the Hessian of the log posterior in a state's chain of ideal points, *holding the item
parameters at their estimates*. It therefore ignores the uncertainty of the item
parameters, of the standardisation constants and of the prior scales, and the correlation
between states that shared items induce; it assumes the posterior is normal. ``lo``/``hi``
are ``ideal -/+ z * se`` at the ``level`` setting.

References
----------
Bailey, M. A., Strezhnev, A., & Voeten, E. (2017). Estimating dynamic state preferences
from United Nations voting data. *Journal of Conflict Resolution*, 61(2), 430-456.
https://doi.org/10.1177/0022002715595700

Martin, A. D., & Quinn, K. M. (2002). Dynamic ideal point estimation via Markov chain
Monte Carlo for the U.S. Supreme Court, 1953-1999. *Political Analysis*, 10(2), 134-153.
https://doi.org/10.1093/pan/10.2.134
"""

from __future__ import annotations

import warnings
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from typing import Any

import numpy as np
import pandas as pd
from scipy.special import ndtri  # the normal quantile; scipy.stats costs ~0.8 s to import

from multipolar.errors import ConvergenceWarning, InputError, MeasureError
from multipolar.measures import _irt
from multipolar.measures.rollcalls import ROLLCALL_SETS, rollcall_mask, truthy
from multipolar.sources.rollcall_text import is_meeting_record, rollcall_title, title_key
from multipolar.sources.un_vocabulary import FIRST_SESSION_YEAR, ISSUE_CODES

#: the roll-call set ideal points are fitted on unless told otherwise (see the docstring)
DEFAULT_ROLLCALLS = "bsv"

__all__ = [
    "ISSUES",
    "IdealPoints",
    "bridge_groups",
    "heldout_loglik",
    "ideal_points",
    "simulate_votes",
]

#: Issue flags of ``unga_rollcalls``: Middle East, nuclear weapons, arms control and
#: disarmament, human rights, colonialism, economic development.
ISSUES = ISSUE_CODES

_VOTE_COLUMNS = ("rcid", "year", "ccode", "vote")
_D_MEAN, _D_SD = 0.0, 1.5


@contextmanager
def _one_blas_thread() -> Iterator[None]:
    """BLAS on one thread: the fit's few matrix products are small, and BLAS threads
    competing for the cores with the vectorised numpy work cost seconds on loaded machines.
    Uses ``threadpoolctl`` when installed; otherwise leaves BLAS as it is."""
    try:
        from threadpoolctl import threadpool_limits
    except ImportError:  # pragma: no cover - threadpoolctl is a dependency
        yield
        return
    with threadpool_limits(limits=1, user_api="blas"):
        yield


@dataclass(frozen=True)
class _Data:
    problem: _irt.Problem
    state_years: pd.DataFrame  # ccode, year, n_votes (row k = state-year k)
    items: pd.DataFrame  # rcid, year, item (bridge group index)


def _flag_text(rc: pd.DataFrame, column: str) -> pd.Series:
    """'1' where the flag is true, '0' otherwise (missing counts as false)."""
    if column not in rc.columns:
        return pd.Series("0", index=rc.index)
    return pd.Series(np.where(truthy(rc[column]), "1", "0"), index=rc.index)


def _in_set(votes: pd.DataFrame, rollcalls: pd.DataFrame, name: str) -> pd.DataFrame:
    """The rows of ``rollcalls`` in the roll-call set ``name`` (session from year if needed)."""
    if "rcid" not in rollcalls.columns:
        raise InputError("rollcalls lacks column 'rcid'; pass st.frame('unga_rollcalls')")
    if "session" not in rollcalls.columns:
        if "year" not in rollcalls.columns and "year" in votes.columns:
            first = votes.groupby("rcid", as_index=False)["year"].min()
            rollcalls = rollcalls.merge(first, on="rcid", how="left")
        if "year" not in rollcalls.columns:
            raise InputError("rollcalls lacks both 'session' and 'year'")
        rollcalls = rollcalls.assign(session=rollcalls["year"] - FIRST_SESSION_YEAR)
    return rollcalls[rollcall_mask(rollcalls, name)]


def _bridge_keys(rc: pd.DataFrame, *, bridge: bool) -> pd.Series:
    """Item group of each roll call (``rc`` sorted by rcid; needs ``year``).

    Text: the ``title`` column where it is not empty, else :func:`rollcall_title` of
    ``short`` / ``descr``; matched through :func:`title_key`. Roll calls known only from a meeting-record
    passage and roll calls without text are never bridged. The k-th roll call of a year with
    a given (text, amend, para) is bridged with the k-th of every other year.
    """
    if not bridge:
        return pd.Series(np.arange(len(rc)), index=rc.index)
    empty = pd.Series("", index=rc.index, dtype=object)
    session = rc["session"] if "session" in rc.columns else rc["year"] - FIRST_SESSION_YEAR
    short = rc["short"] if "short" in rc.columns else empty
    descr = rc["descr"] if "descr" in rc.columns else empty
    title = rollcall_title(short, descr, session)
    if "title" in rc.columns:  # a given title wins; rows without one keep the computed one
        given = rc["title"].astype("string").fillna("").str.strip()
        title = title.where(given == "", given.astype(object))
    text = title_key(title)
    if "descr" in rc.columns:
        text = text.where(~is_meeting_record(rc["descr"]), "")
    key = text + "|" + _flag_text(rc, "amend") + _flag_text(rc, "para")
    nth = key.groupby([rc["year"].to_numpy(), key.to_numpy()]).cumcount().astype(str)
    key = key + "|" + nth
    key = key.where(text.str.len() > 0, "rcid:" + rc["rcid"].astype(str))
    return pd.Series(pd.factorize(key)[0], index=rc.index)


def bridge_groups(rollcalls: pd.DataFrame) -> pd.Series:
    """The item group that bridging gives each roll call: a ``Series`` indexed by ``rcid``.

    Roll calls with the same group share one set of item parameters in
    :class:`IdealPoints` (``bridge=True``). ``rollcalls`` needs ``rcid`` and ``year`` and
    either ``title`` or ``short`` / ``descr`` (optionally ``amend``, ``para``); the rules
    are in the module docstring. Unlike a fit, this looks at every roll call given, contested
    or not.

    >>> import pandas as pd
    >>> rc = pd.DataFrame({"rcid": [1, 2, 3, 4], "year": [1990, 1990, 1991, 1991],
    ...                    "title": ["Nuclear disarmament", "Nuclear disarmament",
    ...                              "Nuclear  disarmament.", "Apartheid"]})
    >>> bridge_groups(rc).tolist()  # 1990's first and 1991's first share a group
    [0, 1, 0, 2]
    """
    missing = [c for c in ("rcid", "year") if c not in rollcalls.columns]
    if missing:
        raise InputError(f"rollcalls lacks columns {missing}; pass st.frame('unga_rollcalls')")
    rc = rollcalls.drop_duplicates("rcid").sort_values("rcid", ignore_index=True)
    return pd.Series(
        _bridge_keys(rc, bridge=True).to_numpy(), index=pd.Index(rc["rcid"], name="rcid")
    )


def _prepare(
    votes: pd.DataFrame, rollcalls: pd.DataFrame, *, bridge: bool, walk_scale: float
) -> _Data:
    missing = [c for c in _VOTE_COLUMNS if c not in votes.columns]
    if missing:
        raise InputError(f"votes lacks columns {missing}; pass st.frame('unga_votes')")
    if "rcid" not in rollcalls.columns:
        raise InputError("rollcalls lacks column 'rcid'; pass st.frame('unga_rollcalls')")
    v = votes.loc[:, list(_VOTE_COLUMNS)].dropna()
    v = v[v["vote"].isin([1, 2, 3])]
    v = v[v["rcid"].isin(rollcalls["rcid"])]
    v = v.astype({"rcid": "int64", "year": "int64", "ccode": "int64", "vote": "int8"})
    # drop unanimous roll calls (every vote cast the same)
    spread = v.groupby("rcid")["vote"].agg(["min", "max"])
    keep = spread.index[spread["min"] < spread["max"]]
    v = v[v["rcid"].isin(keep)]
    if v.empty:
        raise MeasureError("no contested roll calls in the input; widen the years or issue")
    rc_cols = [
        c for c in ("rcid", "session", "title", "short", "descr", "amend", "para") if c in rollcalls
    ]
    rc = (
        v.groupby("rcid", as_index=False)["year"]
        .min()
        .merge(rollcalls.loc[:, rc_cols].drop_duplicates("rcid"), on="rcid", how="left")
        .sort_values("rcid", ignore_index=True)
    )
    rc["item"] = _bridge_keys(rc, bridge=bridge).to_numpy()
    item_of = pd.Series(rc["item"].to_numpy(), index=rc["rcid"].to_numpy())

    sy = v.groupby(["ccode", "year"]).size().rename("n_votes").reset_index()
    sy = sy.sort_values(["ccode", "year"], ignore_index=True)
    sy_index = pd.Series(np.arange(len(sy)), index=pd.MultiIndex.from_frame(sy[["ccode", "year"]]))
    s = sy_index.reindex(pd.MultiIndex.from_frame(v[["ccode", "year"]])).to_numpy()
    j = item_of.reindex(v["rcid"].to_numpy()).to_numpy()
    y = v["vote"].to_numpy() - 1
    order = np.argsort(y, kind="stable")
    s, j, y = s[order].astype(np.int64), j[order].astype(np.int64), y[order]
    e1 = int(np.searchsorted(y, 1))
    e2 = int(np.searchsorted(y, 2))

    cc = sy["ccode"].to_numpy()
    yr = sy["year"].to_numpy()
    same = cc[1:] == cc[:-1]
    link_prec = np.where(same, 1.0 / (walk_scale**2 * np.maximum(np.diff(yr), 1)), 0.0)
    first = np.concatenate([[True], ~same])
    chain = np.cumsum(first) - 1
    start = np.flatnonzero(first)
    pos = np.arange(len(sy)) - start[chain]
    problem = _irt.Problem(
        s=s,
        j=j,
        cuts=(e1, e2),
        n_sy=len(sy),
        n_items=int(rc["item"].max()) + 1,
        first=first,
        link_prec=link_prec,
        chain=chain,
        pos=pos,
    )
    return _Data(problem, sy, rc[["rcid", "year", "item"]])


class IdealPoints:
    """Dynamic ordinal ideal points of UN member states (MAP with Laplace intervals).

    The model, identification, algorithm and what the intervals leave out are described in
    the module docstring of :mod:`multipolar.measures.idealpoints` and in
    ``docs/idealpoints.md``.

    Parameters
    ----------
    n_dims : only ``1`` is implemented.
    walk_scale : prior sd of a state's one-year move (latent scale, where every state-year
        has prior sd ``prior_scale``); smaller is smoother. The default was chosen by
        held-out vote prediction (``docs/idealpoints.md``).
    prior_scale : prior sd of every state-year's ideal point around the common centre.
    item_prior_scale : prior sd of the discriminations.
    cut_prior_scale : prior sd of the lower cut points.
    rollcalls : the roll-call set fitted, a name of
        :data:`multipolar.measures.rollcalls.ROLLCALL_SETS` (default ``"bsv"``, Bailey,
        Strezhnev & Voeten's set; ``"resolutions"``: whole resolutions only, the set of the
        other vote measures; ``"all"``). Applied to the
        ``rollcalls`` table given to :meth:`fit` (``session``, or ``year``, and the
        ``amend`` / ``para`` flags); without a table there is nothing to read and every
        roll call of ``votes`` is used.
    bridge : share item parameters among roll calls with the same text across sessions.
    anchor : ccode whose mean ideal point is made positive (2, the United States).
    level : coverage of the ``lo``/``hi`` interval.
    tol : stop when no standardised ideal point moves more than this in one iteration.
    max_iter : most iterations; stopping there issues a :class:`ConvergenceWarning`.
    seed : seeds the small jitter added to the starting values (results are deterministic
        for a seed).

    Attributes
    ----------
    ideal_ : DataFrame ``ccode, year, ideal, se, lo, hi, n_votes`` (one row per state-year
        with at least one vote on a contested roll call).
    items_ : DataFrame ``rcid, year, item, discrimination, cut1, cut2`` on the reported
        (standardised) scale: :math:`P(y \\le k) = \\mathrm{logit}^{-1}(cut_k -
        discrimination \\cdot ideal)`.
    n_iter_, converged_, objective_ : iterations run, whether ``tol`` was met, log posterior.
    n_votes_, n_rollcalls_, n_items_ : sizes of the fitted data (``n_items_`` after
        bridging).

    Examples
    --------
    >>> import pandas as pd
    >>> votes = pd.DataFrame({
    ...     "rcid": [1, 1, 1, 2, 2, 2, 3, 3, 3],
    ...     "year": [1990] * 9,
    ...     "ccode": [2, 200, 365] * 3,
    ...     "vote": [3, 3, 1, 3, 2, 1, 1, 1, 1],
    ... })
    >>> rollcalls = pd.DataFrame({"rcid": [1, 2, 3], "year": [1990] * 3})
    >>> est = IdealPoints().fit(votes, rollcalls)
    >>> est.n_rollcalls_  # roll call 3 was unanimous
    2
    >>> est.ideal_.sort_values("ideal")["ccode"].tolist()  # 365 voted yes, 2 no, 200 between
    [365, 200, 2]
    """

    def __init__(
        self,
        *,
        n_dims: int = 1,
        walk_scale: float = 0.15,
        prior_scale: float = 1.0,
        item_prior_scale: float = 2.0,
        cut_prior_scale: float = 5.0,
        rollcalls: str = DEFAULT_ROLLCALLS,
        bridge: bool = True,
        anchor: int | None = 2,
        level: float = 0.95,
        tol: float = 1e-4,
        max_iter: int = 500,
        seed: int = 0,
    ) -> None:
        self.n_dims = n_dims
        self.walk_scale = walk_scale
        self.prior_scale = prior_scale
        self.item_prior_scale = item_prior_scale
        self.cut_prior_scale = cut_prior_scale
        self.rollcalls = rollcalls
        self.bridge = bridge
        self.anchor = anchor
        self.level = level
        self.tol = tol
        self.max_iter = max_iter
        self.seed = seed

    def get_params(self) -> dict[str, Any]:
        """The settings, as passed to ``__init__`` (used as the cache key)."""
        names = (
            "n_dims",
            "walk_scale",
            "prior_scale",
            "item_prior_scale",
            "cut_prior_scale",
            "rollcalls",
            "bridge",
            "anchor",
            "level",
            "tol",
            "max_iter",
            "seed",
        )
        return {name: getattr(self, name) for name in names}

    def _check(self) -> None:
        if self.n_dims != 1:
            raise InputError(f"n_dims={self.n_dims} is not implemented; use n_dims=1")
        for name in ("walk_scale", "prior_scale", "item_prior_scale", "cut_prior_scale", "tol"):
            if not float(getattr(self, name)) > 0:
                raise InputError(f"{name} must be positive, got {getattr(self, name)!r}")
        if not 0 < self.level < 1:
            raise InputError(f"level must be between 0 and 1, got {self.level!r}")
        if int(self.max_iter) < 1:
            raise InputError(f"max_iter must be at least 1, got {self.max_iter!r}")
        if self.rollcalls not in ROLLCALL_SETS:
            raise InputError(
                f"unknown roll-call set {self.rollcalls!r}; choose one of "
                f"{', '.join(ROLLCALL_SETS)}"
            )

    def fit(self, votes: pd.DataFrame, rollcalls: pd.DataFrame | None = None) -> IdealPoints:
        """Fit to ``votes`` (rcid, year, ccode, vote 1/2/3) and ``rollcalls`` (rcid, descr, ...).

        Only roll calls present in ``rollcalls`` and in the set ``self.rollcalls`` are
        used, so restricting ``rollcalls`` (to an issue, to years) restricts the fit.
        Without ``rollcalls`` every roll call in ``votes`` is used and none is bridged
        (there is no text to match).
        """
        self._check()
        if rollcalls is None:
            rollcalls = (
                pd.DataFrame({"rcid": pd.unique(votes["rcid"])}) if "rcid" in votes else None
            )
            if rollcalls is None:
                raise InputError("votes lacks column 'rcid'; pass st.frame('unga_votes')")
        else:
            rollcalls = _in_set(votes, rollcalls, self.rollcalls)
        data = _prepare(votes, rollcalls, bridge=self.bridge, walk_scale=self.walk_scale)
        pb = data.problem
        pr = _irt.Priors(
            theta0=self.prior_scale,
            walk=self.walk_scale,
            a=self.item_prior_scale,
            c=self.cut_prior_scale,
            d_mean=_D_MEAN,
            d_sd=_D_SD,
        )
        with _one_blas_thread():
            p = self._start(pb, data)

        def change(before: np.ndarray, after: np.ndarray) -> float:
            factor = abs(self._standardise(after, data)[2])
            return float(np.max(np.abs(after - before))) * factor

        with _one_blas_thread():
            p, n_iter, converged = _irt.fit_map(
                pb, p, pr, tol=self.tol, max_iter=int(self.max_iter), change=change
            )
        if not converged:
            warnings.warn(
                f"IdealPoints stopped after max_iter={self.max_iter} iterations without "
                f"meeting tol={self.tol}; raise max_iter or tol",
                ConvergenceWarning,
                stacklevel=2,
            )
        self._store(pb, p, pr, data)
        self.n_iter_ = n_iter
        self.converged_ = converged
        self.objective_ = _irt.objective(pb, p, pr)
        return self

    def _start(self, pb: _irt.Problem, data: _Data) -> _irt.Params:
        """Starting values: first principal axis of the state x item vote matrix."""
        rng = np.random.default_rng(self.seed)
        e1, e2 = pb.cuts
        y = np.zeros(pb.s.shape[0])
        y[e1:e2] = 1.0
        y[e2:] = 2.0
        n = np.bincount(pb.j, minlength=pb.n_items).astype(float)
        mean = np.bincount(pb.j, weights=y, minlength=pb.n_items) / n
        state = pb.chain[pb.s]
        n_states = int(pb.chain.max()) + 1
        cell = state * pb.n_items + pb.j
        size = n_states * pb.n_items
        total = np.bincount(cell, weights=y - mean[pb.j], minlength=size)
        cnt = np.bincount(cell, minlength=size).astype(float)
        mat = np.divide(total, cnt, out=np.zeros(size), where=cnt > 0)
        mat = mat.reshape(n_states, pb.n_items)
        # leading left singular vector from the small states x states Gram matrix (a full
        # SVD of states x items costs seconds when BLAS threads compete for the cores)
        _, vecs = np.linalg.eigh(mat @ mat.T)
        lead = vecs[:, -1] / (vecs[:, -1].std() or 1.0)
        theta = lead[pb.chain] * self.prior_scale + 0.01 * rng.standard_normal(pb.n_sy)
        p_yes = np.clip(np.bincount(pb.j[:e1], minlength=pb.n_items) / n, 0.02, 0.98)
        p_up = np.clip(np.bincount(pb.j[:e2], minlength=pb.n_items) / n, 0.03, 0.99)
        c1 = np.log(p_yes / (1 - p_yes))
        c2 = np.maximum(np.log(p_up / (1 - p_up)), c1 + 0.05)
        return _irt.Params(theta=theta, a=np.zeros(pb.n_items), c1=c1, d=np.log(c2 - c1))

    def _standardise(self, theta: np.ndarray, data: _Data) -> tuple[np.ndarray, float, float]:
        """Reported scale: mean 0, sd 1, anchor positive. Returns (scaled, centre, factor)."""
        centre = float(theta.mean())
        sd = float(theta.std()) or 1.0
        factor = 1.0 / sd
        if self.anchor is not None:
            mask = data.state_years["ccode"].to_numpy() == self.anchor
            if mask.any() and (theta[mask].mean() - centre) < 0:
                factor = -factor
        return (theta - centre) * factor, centre, factor

    def _store(self, pb: _irt.Problem, p: _irt.Params, pr: _irt.Priors, data: _Data) -> None:
        ideal, centre, factor = self._standardise(p.theta, data)
        se = np.sqrt(_irt.theta_variance(pb, p, pr)) * abs(factor)
        z = float(ndtri(0.5 + self.level / 2))
        out = data.state_years[["ccode", "year"]].copy()
        out["ideal"] = ideal
        out["se"] = se
        out["lo"] = ideal - z * se
        out["hi"] = ideal + z * se
        out["n_votes"] = data.state_years["n_votes"].to_numpy()
        self.ideal_ = out
        # eta = a * theta = (a / factor) * ideal + a * centre
        items = data.items.copy()
        disc = p.a / factor
        shift = p.a * centre
        items["discrimination"] = disc[items["item"].to_numpy()]
        items["cut1"] = (p.c1 - shift)[items["item"].to_numpy()]
        items["cut2"] = (p.c1 + np.exp(p.d) - shift)[items["item"].to_numpy()]
        self.items_ = items
        self.n_votes_ = int(pb.s.shape[0])
        self.n_rollcalls_ = len(items)
        self.n_items_ = pb.n_items

    def predict_proba(self, votes: pd.DataFrame) -> pd.DataFrame:
        """Fitted probabilities of yes / abstain / no for each row of ``votes``.

        ``votes`` needs ``rcid``, ``ccode``, ``year``. Returns a frame on the index of
        ``votes`` with columns ``yes``, ``abstain``, ``no`` (summing to 1), missing where
        the state-year or the roll call was not in the fit (no contested vote of the state
        that year; a roll call unanimous, outside the set, or not given to :meth:`fit`).
        """
        if not hasattr(self, "ideal_"):
            raise MeasureError("IdealPoints is not fitted; call fit() first")
        missing = [c for c in ("rcid", "ccode", "year") if c not in votes.columns]
        if missing:
            raise InputError(f"votes lacks columns {missing}")
        sy = self.ideal_.set_index(["ccode", "year"])["ideal"]
        ideal = sy.reindex(pd.MultiIndex.from_frame(votes[["ccode", "year"]])).to_numpy()
        items = self.items_.set_index("rcid")
        idx = items.index.get_indexer(votes["rcid"].to_numpy())
        ok = idx >= 0
        disc = np.where(ok, items["discrimination"].to_numpy()[idx], np.nan)
        cut1 = np.where(ok, items["cut1"].to_numpy()[idx], np.nan)
        cut2 = np.where(ok, items["cut2"].to_numpy()[idx], np.nan)
        eta = disc * ideal
        p1 = 1.0 / (1.0 + np.exp(eta - cut1))
        p2 = 1.0 / (1.0 + np.exp(eta - cut2))
        return pd.DataFrame({"yes": p1, "abstain": p2 - p1, "no": 1.0 - p2}, index=votes.index)

    def score(self, votes: pd.DataFrame) -> float:
        """Mean log-likelihood per vote of ``votes`` (vote 1/2/3) under the fitted model.

        Higher is better (the scikit-learn convention). Only votes that
        :meth:`predict_proba` can predict count; raises :class:`MeasureError` if none can.
        """
        if "vote" not in votes.columns:
            raise InputError("votes lacks column 'vote'")
        v = votes[votes["vote"].isin([1, 2, 3])]
        proba = self.predict_proba(v).to_numpy()
        pick = proba[np.arange(len(v)), v["vote"].to_numpy(dtype=np.int64) - 1]
        pick = pick[np.isfinite(pick)]
        if pick.size == 0:
            raise MeasureError("none of the votes can be predicted by this fit")
        return float(np.mean(np.log(np.clip(pick, 1e-300, None))))


def heldout_loglik(
    votes: pd.DataFrame,
    rollcalls: pd.DataFrame,
    /,
    *,
    walk_scales: tuple[float, ...] = (0.05, 0.1, 0.15, 0.2, 0.25, 0.3, 0.5),
    holdout: float = 0.1,
    seed: int = 0,
    **settings: Any,
) -> pd.DataFrame:
    """Held-out vote prediction for each ``walk_scale``: the criterion that sets its default.

    A random share ``holdout`` of the yes/abstain/no votes (one draw from ``seed``) is set
    aside; :class:`IdealPoints` (``settings``, with each of ``walk_scales``) is fitted to
    the rest, and the held-out votes are scored by their mean log-likelihood
    (:meth:`IdealPoints.score`) and by the share predicted right (the most probable
    category). Every fit sees the same training votes and is scored on the same held-out
    votes: those whose state-year and roll call are in the fit (``n_scored`` of the
    ``n_heldout`` held-out votes on roll calls of the set; the rest, on roll calls unanimous
    among the training votes or of state-years without training votes, cannot be
    predicted by any setting). Returns one row per walk scale: ``walk_scale, loglik,
    accuracy, n_scored, n_heldout, seconds``.

    Each fit is a full fit, so on all UN votes this takes one fit's time per scale
    (``benchmarks/idealpoints.py --walk-grid`` runs it). The held-out votes are missing at
    random by construction, which real absences are not; the criterion measures how well
    positions predict a state's votes, not how well the model extrapolates to abstention
    from voting.
    """
    import time

    if not 0 < holdout < 1:
        raise InputError(f"holdout must be between 0 and 1, got {holdout!r}")
    v = votes[votes["vote"].isin([1, 2, 3])]
    rng = np.random.default_rng(seed)
    test = rng.random(len(v)) < holdout
    train, held = v[~test], v[test]
    # score only votes of the roll calls a fit can use (in the table and in the set)
    in_set = _in_set(v, rollcalls, settings.get("rollcalls", DEFAULT_ROLLCALLS))["rcid"]
    held = held[held["rcid"].isin(in_set)]
    rows = []
    for scale in walk_scales:
        t0 = time.perf_counter()
        est = IdealPoints(**{**settings, "walk_scale": scale}).fit(train, rollcalls)
        seconds = time.perf_counter() - t0
        proba = est.predict_proba(held).to_numpy()
        pick = proba[np.arange(len(held)), held["vote"].to_numpy(dtype=np.int64) - 1]
        ok = np.isfinite(pick)
        best = np.nanargmax(np.where(np.isfinite(proba), proba, -1.0), axis=1) + 1
        rows.append(
            {
                "walk_scale": scale,
                "loglik": float(np.mean(np.log(np.clip(pick[ok], 1e-300, None)))),
                "accuracy": float(np.mean(best[ok] == held["vote"].to_numpy()[ok])),
                "n_scored": int(ok.sum()),
                "n_heldout": len(held),
                "seconds": seconds,
            }
        )
    return pd.DataFrame(rows)


def ideal_points(
    votes: pd.DataFrame,
    rollcall_table: pd.DataFrame,
    /,
    *,
    issue: str | None = None,
    years: tuple[int, int] | None = None,
    **settings: Any,
) -> pd.DataFrame:
    """Ideal points of every state-year, optionally on one issue or a span of years.

    ``votes`` and ``rollcall_table`` are ``unga_votes`` and ``unga_rollcalls``
    (positional). ``issue`` is one of :data:`ISSUES` (keeps the roll calls whose flag is
    true); ``years`` an inclusive ``(first, last)``. ``settings`` go to
    :class:`IdealPoints`, among them ``rollcalls`` (the roll-call set name, default
    ``"bsv"``). Returns its ``ideal_`` table (``ccode, year, ideal, se, lo, hi, n_votes``);
    scores are standardised within this fit (see the module docstring).
    """
    rc = rollcall_table
    if issue is not None:
        if issue not in ISSUES:
            raise InputError(f"unknown issue {issue!r}; choose one of {', '.join(ISSUES)}")
        if issue not in rc.columns:
            raise InputError(f"rollcalls lacks the issue flag column {issue!r}")
        rc = rc[rc[issue].astype("boolean").fillna(False).to_numpy(dtype=bool)]
    if years is not None:
        first, last = years
        if first > last:
            raise InputError(f"years ({first}, {last}) are in the wrong order")
        v_years = votes["year"]
        votes = votes[(v_years >= first) & (v_years <= last)]
    return IdealPoints(**settings).fit(votes, rc).ideal_


def simulate_votes(
    *,
    n_states: int = 150,
    n_years: int = 40,
    n_rollcalls: int = 80,
    recurring: float = 0.3,
    walk_scale: float = 0.3,
    item_scale: float = 2.0,
    first_year: int = 1980,
    seed: int = 0,
) -> tuple[pd.DataFrame, pd.DataFrame, pd.DataFrame]:
    """Votes drawn from the model, for recovery checks: ``(votes, rollcalls, truth)``.

    States ``ccode = 1 .. n_states`` (so state 2 is the anchor) vote every year;
    ``theta`` starts ``N(0, 1)`` and moves by ``N(0, walk_scale^2)`` a year. Each year has
    ``n_rollcalls`` roll calls; a share ``recurring`` of them are drawn (without repetition
    within a year) from a pool of resolutions that recur with the same text and parameters,
    the rest are new. ``a ~ N(0, item_scale^2)``, ``c1 ~ N(-1, 1)`` (most states vote yes),
    ``c2 = c1 + LogNormal(0, 0.5)``. ``truth`` has ``ccode, year, theta``.
    """
    rng = np.random.default_rng(seed)
    years = np.arange(first_year, first_year + n_years)
    steps = rng.normal(0.0, walk_scale, (n_states, n_years))
    steps[:, 0] = rng.normal(0.0, 1.0, n_states)
    theta = np.cumsum(steps, axis=1)
    n_rec = round(recurring * n_rollcalls)
    pool = max(2 * n_rec, 1)
    pool_a = rng.normal(0.0, item_scale, pool)
    pool_c = rng.normal(-1.0, 1.0, pool)
    pool_g = rng.lognormal(0.0, 0.5, pool)
    rows = []
    for t, year in enumerate(years):
        pick = rng.choice(pool, size=n_rec, replace=False)
        n_new = n_rollcalls - n_rec
        a = np.concatenate([pool_a[pick], rng.normal(0.0, item_scale, n_new)])
        c1 = np.concatenate([pool_c[pick], rng.normal(-1.0, 1.0, n_new)])
        c2 = c1 + np.concatenate([pool_g[pick], rng.lognormal(0.0, 0.5, n_new)])
        text = [f"RECURRING RESOLUTION {k}" for k in pick] + [
            f"RESOLUTION {year}-{k}" for k in range(n_new)
        ]
        eta = theta[:, t][:, None] * a[None, :]
        p_yes = 1.0 / (1.0 + np.exp(eta - c1[None, :]))
        p_up = 1.0 / (1.0 + np.exp(eta - c2[None, :]))
        u = rng.random(eta.shape)
        vote = np.where(u < p_yes, 1, np.where(u < p_up, 2, 3))
        rcid = t * n_rollcalls + np.arange(n_rollcalls) + 1
        rows.append((year, rcid, text, vote))
    votes = pd.DataFrame(
        {
            "rcid": np.concatenate([np.tile(r[1], n_states) for r in rows]),
            "year": np.repeat(years, n_states * n_rollcalls),
            "ccode": np.concatenate([np.repeat(np.arange(1, n_states + 1), n_rollcalls)] * n_years),
            "vote": np.concatenate([r[3].ravel() for r in rows]).astype("int8"),
        }
    )
    rollcalls = pd.DataFrame(
        {
            "rcid": np.concatenate([r[1] for r in rows]),
            "year": np.repeat(years, n_rollcalls),
            "short": "",
            "descr": [s for r in rows for s in r[2]],
        }
    )
    truth = pd.DataFrame(
        {
            "ccode": np.repeat(np.arange(1, n_states + 1), n_years),
            "year": np.tile(years, n_states),
            "theta": theta.ravel(),
        }
    )
    return votes, rollcalls, truth
