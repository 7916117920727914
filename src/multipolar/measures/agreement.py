r"""UN General Assembly voting agreement for every dyad and year, all at once.

:func:`agreement` turns the country-vote table into one row per non-directed dyad
(``ccode1 < ccode2``) and year with five similarity measures of the two states' votes on
the roll calls both took part in:

``agree``
    share of identical votes -- the "agreement" index of Voeten's data and of Bailey,
    Strezhnev & Voeten (2017); range [0, 1].
``s_abs``, ``s_sq``
    Signorino & Ritter's (1999) S with absolute and squared distances on the vote scale
    1 yes, 2 abstain, 3 no (:math:`\Delta = 2`); range [-1, 1].
``kappa``, ``pi``
    Cohen's weighted kappa and Scott's pi (quadratic disagreement weights unless
    ``weights="linear"``), the chance-corrected measures Häge (2011) recommends; range
    [-1, 1], ``NaN`` when both states cast the same single kind of vote throughout.

See :mod:`multipolar.measures.similarity` for the formulas.

How it is computed. Every measure is a function of the dyad's 3 x 3 table of joint vote
counts. For one session (or pooled window) let :math:`A` be the one-hot matrix with a row
per (state, vote category) and a column per roll call; then
:math:`C = A A^\top` holds the joint counts of *every* dyad at once
(:math:`C_{(i,k),(j,l)}` = roll calls on which state ``i`` voted ``k`` and ``j`` voted
``l``). A few small matrix products replace the self-join of the vote table on ``rcid``.

Missing data. Absent and non-member states have no row for a roll call (or a vote code
outside 1-3, which is dropped): they are missing, never a vote, and the roll call does not
count for their dyads (pairwise deletion). ``n_votes`` is the number of roll calls both
states voted on; dyads with none are not returned.

Unanimous roll calls -- every state present cast the same vote -- say nothing about
alignment and are dropped unless ``include_unanimous=True`` (as Bailey, Strezhnev & Voeten
do). Unanimity is judged among all states present, before any ``states`` restriction.

``year`` is the session's year, session + 1945 (the convention of the Voeten data; a
session opens in September, so most of its votes fall in that year's autumn).

References
----------
Voeten, E., Strezhnev, A. & Bailey, M. United Nations General Assembly Voting Data.
Harvard Dataverse, hdl:1902.1/12379.

Bailey, M. A., Strezhnev, A. & Voeten, E. (2017). Estimating dynamic state preferences
from United Nations voting data. *Journal of Conflict Resolution* 61(2): 430-456.
doi:10.1177/0022002715595700

Signorino, C. S. & Ritter, J. M. (1999). Tau-b or not tau-b. *International Studies
Quarterly* 43(1): 115-144. doi:10.1111/0020-8833.00113

Häge, F. M. (2011). Choice or circumstance? *Political Analysis* 19(3): 287-305.
doi:10.1093/pan/mpr023
"""

from __future__ import annotations

import contextlib
from collections.abc import Iterable, Iterator
from typing import Literal

import numpy as np
import pandas as pd

from multipolar.errors import InputError
from multipolar.measures.rollcalls import truthy
from multipolar.measures.similarity import table_measures
from multipolar.sources.un_vocabulary import FIRST_SESSION_YEAR
from multipolar.sources.un_vocabulary import ISSUES as _VOCAB_ISSUES

__all__ = ["ISSUES", "VOTE_VALUES", "agreement", "serial_blas", "year_range"]

#: Issue areas of the Voeten roll-call data (flag column -> description).
ISSUES: dict[str, str] = {
    k: v if k == "me" else v[:1].lower() + v[1:] for k, v in _VOCAB_ISSUES.items()
}
#: Vote codes: 1 yes, 2 abstain, 3 no.
VOTE_VALUES = np.array([1.0, 2.0, 3.0])

Years = int | tuple[int | None, int | None] | None
OUTPUT_COLUMNS = ["ccode1", "ccode2", "year", "n_votes", "agree", "s_abs", "s_sq", "kappa", "pi"]


@contextlib.contextmanager
def serial_blas() -> Iterator[None]:
    """Run BLAS on one thread inside the block (many small matrix products).

    Each product here is a few hundred rows square: thread start-up costs more than it
    saves, and on a busy machine oversubscribed BLAS threads make it several times slower.
    Uses ``threadpoolctl`` when installed; otherwise leaves BLAS as it is.
    """
    try:
        from threadpoolctl import threadpool_limits
    except ImportError:  # pragma: no cover - optional
        yield
        return
    with threadpool_limits(limits=1, user_api="blas"):
        yield


def year_range(years: Years) -> tuple[int | None, int | None]:
    """Normalise ``years`` (an int, an inclusive ``(first, last)`` pair, or None)."""
    if years is None:
        return None, None
    if isinstance(years, int | np.integer):
        return int(years), int(years)
    try:
        first, last = years
    except (TypeError, ValueError):
        raise InputError(f"years must be a year or a (first, last) pair; got {years!r}") from None
    if first is not None and last is not None and first > last:
        raise InputError(f"the first year ({first}) is after the last ({last})")
    return first, last


def _rollcall_years(rollcalls: pd.DataFrame, *, issue: str | None, important: bool) -> pd.Series:
    """Year of every roll call kept by the issue / importance filters, indexed by rcid."""
    if "session" in rollcalls.columns:
        year = pd.to_numeric(rollcalls["session"]) + FIRST_SESSION_YEAR
    elif "year" in rollcalls.columns:
        year = pd.to_numeric(rollcalls["year"])
    else:
        raise InputError("the roll-call table needs a 'session' (or 'year') column")
    keep = np.ones(len(rollcalls), dtype=bool)
    if issue is not None:
        if issue not in ISSUES:
            raise InputError(
                f"unknown issue {issue!r}; choose one of: "
                + ", ".join(f"{k} ({v})" for k, v in ISSUES.items())
            )
        if issue not in rollcalls.columns:
            raise InputError(f"the roll-call table has no issue flag column {issue!r}")
        keep &= truthy(rollcalls[issue])
    if important:
        if "importantvote" not in rollcalls.columns:
            raise InputError("the roll-call table has no 'importantvote' column")
        keep &= truthy(rollcalls["importantvote"])
    out = pd.Series(year.to_numpy()[keep], index=rollcalls["rcid"].to_numpy()[keep])
    return out[~out.index.duplicated()]


def agreement(
    votes: pd.DataFrame,
    rollcalls: pd.DataFrame,
    *,
    years: Years = None,
    issue: str | None = None,
    important: bool = False,
    include_unanimous: bool = False,
    window: int = 1,
    states: Iterable[int] | None = None,
    weights: Literal["quadratic", "linear"] = "quadratic",
) -> pd.DataFrame:
    """Vote agreement, S, kappa and pi for every non-directed dyad-year.

    Parameters
    ----------
    votes
        One row per state and roll call voted on: ``rcid``, ``ccode``, ``vote``
        (1 yes, 2 abstain, 3 no; anything else is treated as missing).
    rollcalls
        One row per roll call: ``rcid``, ``session`` (or ``year``) and, as needed, the
        issue flags ``me nu di hr co ec`` and ``importantvote``.
    years
        A year or an inclusive ``(first, last)`` range of output years (either may be
        None); default all.
    issue
        Keep only roll calls of one issue area (``me``, ``nu``, ``di``, ``hr``, ``co``,
        ``ec``; see :data:`ISSUES`).
    important
        Keep only the roll calls the U.S. State Department classed as important.
    include_unanimous
        Keep roll calls on which every state present voted the same way.
    window
        Pool ``window`` consecutive years: the row for ``year`` covers the roll calls of
        ``year - window + 1 .. year`` (trailing moving window; the earliest windows of the
        data are shorter).
    states
        COW codes. Two or more: only the dyads among them; one: that state's dyads with
        every other state. Unanimity is still judged among all states.
    weights
        Disagreement weights of kappa and pi: ``"quadratic"`` (default) or ``"linear"``.

    Returns
    -------
    DataFrame with ``ccode1 < ccode2, year, n_votes, agree, s_abs, s_sq, kappa, pi``, sorted
    by year and dyad; dyads without a shared vote are left out.

    Examples
    --------
    >>> votes = pd.DataFrame({"rcid": [1, 1, 1, 2, 2, 2, 3, 3],
    ...                       "ccode": [2, 365, 710, 2, 365, 710, 365, 710],
    ...                       "vote":  [3, 1, 1, 1, 2, 1, 1, 1]})
    >>> rollcalls = pd.DataFrame({"rcid": [1, 2, 3], "session": [74, 74, 74]})
    >>> agreement(votes, rollcalls)[["ccode1", "ccode2", "year", "n_votes", "agree"]]
       ccode1  ccode2  year  n_votes  agree
    0       2     365  2019        2    0.0
    1       2     710  2019        2    0.5
    2     365     710  2019        2    0.5

    (Roll call 3 is unanimous and dropped.)
    """
    for col in ("rcid", "ccode", "vote"):
        if col not in votes.columns:
            raise InputError(f"the vote table needs a {col!r} column")
    if window < 1:
        raise InputError(f"window must be a positive number of years; got {window}")
    if weights not in ("quadratic", "linear"):
        raise InputError(f"weights must be 'quadratic' or 'linear', not {weights!r}")
    first, last = year_range(years)

    rc_year = _rollcall_years(rollcalls, issue=issue, important=important)
    rcid = votes["rcid"].to_numpy(dtype=np.int64)
    ccode = votes["ccode"].to_numpy(dtype=np.int64)
    vote = votes["vote"].to_numpy(dtype=np.float64, na_value=np.nan)
    pos = rc_year.index.get_indexer(rcid)
    year = np.where(pos >= 0, rc_year.to_numpy(dtype=np.int64)[pos], 0)
    keep = (pos >= 0) & np.isin(vote, VOTE_VALUES)
    if first is not None:
        keep &= year >= first - window + 1
    if last is not None:
        keep &= year <= last
    rcid, ccode, vote, year = rcid[keep], ccode[keep], vote[keep].astype(np.int64), year[keep]

    if not include_unanimous and rcid.size:
        rc_codes, rc_inv = np.unique(rcid, return_inverse=True)
        vmin = np.full(rc_codes.size, 9)
        vmax = np.zeros(rc_codes.size, dtype=np.int64)
        np.minimum.at(vmin, rc_inv, vote)
        np.maximum.at(vmax, rc_inv, vote)
        split = (vmin != vmax)[rc_inv]
        rcid, ccode, vote, year = rcid[split], ccode[split], vote[split], year[split]

    focus_codes: np.ndarray | None = None
    if states is not None:
        wanted = np.unique(np.asarray(list(states), dtype=np.int64))
        if wanted.size == 0:
            raise InputError("states is empty; give at least one COW code")
        if wanted.size == 1:
            focus_codes = wanted
        else:
            mine = np.isin(ccode, wanted)
            rcid, ccode, vote, year = rcid[mine], ccode[mine], vote[mine], year[mine]

    if rcid.size == 0:
        return _empty()
    # Sort by (year, rcid) and number the roll calls densely in that order, so the roll
    # calls of any run of years are one contiguous block of columns.
    order = np.lexsort((rcid, year))
    rcid, ccode, vote, year = rcid[order], ccode[order], vote[order], year[order]
    _, rc_col = np.unique(year * (int(rcid.max()) + 1) + rcid, return_inverse=True)
    codes, s_idx = np.unique(ccode, return_inverse=True)
    n = codes.size
    i, j = np.triu_indices(n, 1)
    if focus_codes is not None:  # one named state: its dyads with everybody
        mine = np.isin(codes, focus_codes)
        i, j = i[mine[i] | mine[j]], j[mine[i] | mine[j]]
    # position of dyad (i, j)'s cell (k, l) in the raveled (n, 3, n, 3) joint-count matrix
    cells = (np.arange(3)[:, None] * 3 * n + np.arange(3)[None, :]).ravel()
    gather = (i * 9 * n + j * 3)[:, None] + cells[None, :]
    row = s_idx * 3 + (vote - 1)

    out_years = np.unique(year)
    if first is not None:
        out_years = out_years[out_years >= first]
    parts: list[tuple[np.ndarray, np.ndarray, int]] = []
    with serial_blas():
        for end in out_years:
            lo = int(np.searchsorted(year, end - window + 1, side="left"))
            hi = int(np.searchsorted(year, end, side="right"))
            c0 = rc_col[lo]
            onehot = np.zeros((n * 3, int(rc_col[hi - 1] - c0) + 1), dtype=np.float32)
            onehot[row[lo:hi], rc_col[lo:hi] - c0] = 1.0
            # joint[(i, k), (j, l)]: roll calls on which state i voted k and state j voted l
            joint = onehot @ onehot.T
            tables = joint.ravel()[gather]
            shared = np.flatnonzero(tables.sum(axis=1) > 0)
            parts.append((shared, tables[shared], int(end)))
    pair = np.concatenate([p[0] for p in parts])
    m = table_measures(
        np.concatenate([p[1] for p in parts]).reshape(-1, 3, 3),
        values=VOTE_VALUES,
        delta=2.0,
        weights=weights,
    )
    return pd.DataFrame(
        {
            "ccode1": codes[i[pair]],
            "ccode2": codes[j[pair]],
            "year": np.repeat([p[2] for p in parts], [p[0].size for p in parts]),
            "n_votes": m["total"].astype(np.int64),
            **{k: m[k] for k in ("agree", "s_abs", "s_sq", "kappa", "pi")},
        },
        copy=False,
    )


def _empty() -> pd.DataFrame:
    out = pd.DataFrame({c: np.zeros(0) for c in OUTPUT_COLUMNS})
    return out.astype({"ccode1": "int64", "ccode2": "int64", "year": "int64", "n_votes": "int64"})
