r"""Similarity of two states' foreign-policy profiles: S, weighted kappa and Scott's pi.

Two states are described by vectors over the same items (roll calls, alliance partners):
``x`` and ``y``, each item taking one of ``K`` ordered values ``v_1 < ... < v_K``
(UN votes: 1 yes, 2 abstain, 3 no; alliance ties: 0 none ... 3 defense pact). Everything
the measures below need is the *joint-proportion table* ``p[k, l]`` -- the share of items on
which the first state took value ``v_k`` and the second ``v_l`` -- together with a
disagreement weight ``d(v_k, v_l)``:

* absolute (linear) distance ``|v_k - v_l|``;
* squared (quadratic) distance ``(v_k - v_l)^2``.

With the observed disagreement :math:`D_o = \sum_{k,l} p_{kl}\, d(v_k, v_l)` all three
measures have the form :math:`1 - D_o / D_e` (Häge 2011, eq. 3-6); they differ only in the
*expected* disagreement :math:`D_e` they measure it against:

=================  ==========================================================  =========
measure            :math:`D_e`                                                 range
=================  ==========================================================  =========
S (Signorino &     :math:`d_{\max}/2` -- half the largest possible distance    [-1, 1]
Ritter 1999)       (:math:`\Delta` absolute, :math:`\Delta^2` squared), fixed
Cohen's kappa      :math:`\sum_{k,l} p_{k\cdot}\, p_{\cdot l}\, d(v_k, v_l)` --   [-1, 1]
                   each state's *own* marginal distribution                    (quadratic)
Scott's pi         :math:`\sum_{k,l} m_k m_l\, d(v_k, v_l)`, with the *mean*     [-1, 1]
                   marginals :math:`m_k = (p_{k\cdot} + p_{\cdot k})/2`        (quadratic)
=================  ==========================================================  =========

S therefore equals :math:`1 - 2 D_o / d_{\max}`: two states that always vote "yes" get
S = 1 whether they agree by conviction or because almost everybody votes "yes". Kappa and
pi correct for such *chance agreement* given how often each state uses each category;
Häge (2011) shows that S is biased upward when the marginal distributions are skewed (as
UN votes are, dominated by "yes") and recommends kappa -- or pi when the states' different
base rates are themselves informative of dissimilarity -- over S. Prefer S when the
comparison with the literature's S scores matters, or when a state's portfolio has no
variation (kappa and pi are then undefined).

Missing data: items where either vector is missing (``NaN``) are dropped pairwise.
Ties in the data need no special rule. When :math:`D_e = 0` (both states put every item in
one and the same category) kappa and pi are undefined and returned as ``NaN``; when no
item remains every measure is ``NaN``.

The ``*_table`` functions take joint *counts or proportions* of any leading shape
``(..., K, K)`` and return one value per table, so all dyads of a year can be computed at
once; the vector functions build the table and call them (one code path).

References
----------
Signorino, C. S. & Ritter, J. M. (1999). Tau-b or not tau-b: measuring the similarity of
foreign policy positions. *International Studies Quarterly* 43(1): 115-144.
doi:10.1111/0020-8833.00113

Häge, F. M. (2011). Choice or circumstance? Adjusting measures of foreign policy
similarity for chance agreement. *Political Analysis* 19(3): 287-305. doi:10.1093/pan/mpr023

Cohen, J. (1968). Weighted kappa. *Psychological Bulletin* 70(4): 213-220.
doi:10.1037/h0026256

Scott, W. A. (1955). Reliability of content analysis: the case of nominal scale coding.
*Public Opinion Quarterly* 19(3): 321-325. doi:10.1086/266577
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any, Literal

import numpy as np
import numpy.typing as npt

from multipolar.errors import InputError

__all__ = [
    "cohen_kappa",
    "cohen_kappa_table",
    "disagreement_weights",
    "joint_table",
    "s_score",
    "s_score_table",
    "scott_pi",
    "scott_pi_table",
    "table_measures",
]

Weights = Literal["quadratic", "linear"]
ArrayLike = npt.ArrayLike
FloatArray = npt.NDArray[np.float64]


def disagreement_weights(values: ArrayLike, *, weights: Weights = "quadratic") -> FloatArray:
    """``K x K`` disagreement weights ``|v_k - v_l|`` (linear) or ``(v_k - v_l)^2`` (quadratic).

    >>> disagreement_weights([1, 2, 3], weights="linear")[0].tolist()
    [0.0, 1.0, 2.0]
    """
    v = np.asarray(values, dtype=float)
    diff = np.abs(v[:, None] - v[None, :])
    if weights == "linear":
        return diff
    if weights == "quadratic":
        return diff**2
    raise InputError(f"weights must be 'quadratic' or 'linear', not {weights!r}")


def _check_table(table: ArrayLike, values: ArrayLike) -> tuple[npt.NDArray[Any], FloatArray]:
    p = np.asarray(table)
    if not np.issubdtype(p.dtype, np.floating):
        p = p.astype(np.float64)
    v = np.asarray(values, dtype=float)
    if p.ndim < 2 or p.shape[-1] != p.shape[-2] or p.shape[-1] != v.shape[0]:
        raise InputError(
            f"a joint table must have shape (..., K, K) with K = len(values) = {v.shape[0]}; got {p.shape}"
        )
    if np.any(p < 0):
        raise InputError("a joint table holds counts or proportions; negative entries found")
    return p, v


def _linear_stats(p: npt.NDArray[Any], v: FloatArray, *, marginals: bool = True) -> dict[str, Any]:
    """Every statistic the measures need, in one pass: they are all linear in the table.

    One matrix product of the flattened tables with a small design matrix gives the total
    mass, the diagonal (agreement), the linear and quadratic disagreement, the first two
    moments of each state's values and (``marginals=True``) the row and column marginals.
    Integer counts stay exact (also in float32, up to 2^24). Each statistic comes back as
    a share of the total, one contiguous array per statistic.
    """
    k = v.size
    lin = disagreement_weights(v, weights="linear")
    vr = np.repeat(v, k)  # the first state's value in cell (a, b), raveled
    vc = np.tile(v, k)  # the second state's value
    columns = [np.ones(k * k), np.eye(k).ravel(), lin.ravel(), (lin**2).ravel()]
    columns += [vr, vr**2, vc, vc**2]
    if marginals:
        columns += list(np.kron(np.eye(k), np.ones((k, 1))).T)  # row marginals
        columns += list(np.kron(np.ones((k, 1)), np.eye(k)).T)  # column marginals
    design = np.vstack(columns).astype(p.dtype)
    lead = p.shape[:-2]
    flat = p.reshape(-1, k * k)
    stats = (design @ flat.T).astype(np.float64)  # (statistics, tables): contiguous rows
    total = stats[0]
    with np.errstate(invalid="ignore", divide="ignore"):
        share = stats[1:] / total
    names = ["agree", "linear", "quadratic", "mx", "mx2", "my", "my2"]
    out: dict[str, Any] = {"total": total.reshape(lead)}
    out |= {name: share[n].reshape(lead) for n, name in enumerate(names)}
    if marginals:
        out["rows"] = [share[7 + a].reshape(lead) for a in range(k)]
        out["cols"] = [share[7 + k + a].reshape(lead) for a in range(k)]
    return out


def _s(st: dict[str, Any], d_max: float, distance: str) -> FloatArray:
    d_o = st["linear" if distance == "absolute" else "quadratic"]
    if d_max == 0:  # a single category: every compared item agrees
        return np.where(np.isnan(d_o), np.nan, 1.0)
    return 1.0 - 2.0 * d_o / d_max


def _chance(st: dict[str, Any], v: FloatArray, weights: Weights, *, mean: bool) -> FloatArray:
    """``1 - D_o / D_e`` with own (kappa) or mean (pi) marginals."""
    if weights == "quadratic":
        # sum_ab r_a c_b (v_a - v_b)^2 = E_r[V^2] + E_c[V^2] - 2 E_r[V] E_c[V]
        mx, mx2, my, my2 = st["mx"], st["mx2"], st["my"], st["my2"]
        if mean:
            mx = my = (mx + my) / 2
            mx2 = my2 = (mx2 + my2) / 2
        d_e = mx2 + my2 - 2.0 * mx * my
    else:
        dw = disagreement_weights(v, weights=weights)
        r, c = st["rows"], st["cols"]
        if mean:
            r = c = [(a + b) / 2 for a, b in zip(r, c, strict=True)]
        d_e = np.zeros(np.shape(st["total"]))
        for a in range(v.size):
            for b in range(v.size):
                if dw[a, b]:
                    d_e = d_e + dw[a, b] * (r[a] * c[b])
    with np.errstate(invalid="ignore", divide="ignore"):
        out = 1.0 - st[weights] / d_e
    # D_e == 0: neither state varies, all agreement is expected by chance: undefined.
    return np.where(d_e > 1e-12, out, np.nan)


def _delta(v: FloatArray, delta: float | None) -> float:
    if delta is None:
        return float(v.max() - v.min())
    if not float(delta) > 0:
        raise InputError(f"delta, the range of the scale, must be positive; got {delta!r}")
    return float(delta)


def _scalar(out: FloatArray) -> FloatArray | float:
    return float(out) if np.ndim(out) == 0 else out


def table_measures(
    table: ArrayLike,
    *,
    values: ArrayLike,
    delta: float | None = None,
    weights: Weights = "quadratic",
) -> dict[str, FloatArray]:
    """All measures of a stack of joint tables ``(..., K, K)`` at once.

    Returns arrays ``total`` (the table's mass: the number of items for counts),
    ``agree`` (share on the diagonal), ``s_abs``, ``s_sq``, ``kappa`` and ``pi``
    (``weights`` for the last two). This is what :func:`multipolar.measures.agreement`
    uses for all dyads of all years.

    >>> m = table_measures([[[3, 2], [2, 3]], [[6, 2], [2, 0]]], values=[0, 1])
    >>> m["kappa"].round(2).tolist(), m["s_abs"].round(2).tolist()
    ([0.2, -0.25], [0.2, 0.2])
    """
    if weights not in ("quadratic", "linear"):
        raise InputError(f"weights must be 'quadratic' or 'linear', not {weights!r}")
    p, v = _check_table(table, values)
    rng = _delta(v, delta)
    st = _linear_stats(p, v, marginals=weights == "linear")
    return {
        "total": st["total"],
        "agree": st["agree"],
        "s_abs": _s(st, rng, "absolute"),
        "s_sq": _s(st, rng**2, "squared"),
        "kappa": _chance(st, v, weights, mean=False),
        "pi": _chance(st, v, weights, mean=True),
    }


def s_score_table(
    table: ArrayLike,
    *,
    values: ArrayLike,
    delta: float | None = None,
    distance: Literal["absolute", "squared"] = "absolute",
) -> FloatArray | float:
    r"""Signorino-Ritter S of joint tables: :math:`S = 1 - 2 D_o / d_{\max}`.

    ``d_max`` is ``delta`` (absolute) or ``delta ** 2`` (squared); ``delta`` defaults to the
    range of ``values``. Returns a float for one table, an array for a stack.

    >>> round(s_score_table([[.3, .2], [.2, .3]], values=[0, 1]), 2)  # Häge (2011), table 1
    0.2
    """
    if distance not in ("absolute", "squared"):
        raise InputError(f"distance must be 'absolute' or 'squared', not {distance!r}")
    p, v = _check_table(table, values)
    rng = _delta(v, delta)
    d_max = rng if distance == "absolute" else rng**2
    return _scalar(_s(_linear_stats(p, v, marginals=False), d_max, distance))


def cohen_kappa_table(
    table: ArrayLike, *, values: ArrayLike, weights: Weights = "quadratic"
) -> FloatArray | float:
    r"""Cohen's weighted kappa of joint tables: :math:`1 - D_o / D_e`, own marginals.

    >>> round(cohen_kappa_table([[.6, .2], [.2, 0]], values=[0, 1]), 2)  # Häge (2011)
    -0.25
    """
    if weights not in ("quadratic", "linear"):
        raise InputError(f"weights must be 'quadratic' or 'linear', not {weights!r}")
    p, v = _check_table(table, values)
    st = _linear_stats(p, v, marginals=weights == "linear")
    return _scalar(_chance(st, v, weights, mean=False))


def scott_pi_table(
    table: ArrayLike, *, values: ArrayLike, weights: Weights = "quadratic"
) -> FloatArray | float:
    r"""Scott's pi of joint tables: :math:`1 - D_o / D_e`, mean marginals of the two states.

    >>> round(scott_pi_table([[.6, .2], [.2, 0]], values=[0, 1]), 2)  # Häge (2011)
    -0.25
    """
    if weights not in ("quadratic", "linear"):
        raise InputError(f"weights must be 'quadratic' or 'linear', not {weights!r}")
    p, v = _check_table(table, values)
    st = _linear_stats(p, v, marginals=weights == "linear")
    return _scalar(_chance(st, v, weights, mean=True))


def joint_table(
    x: ArrayLike,
    y: ArrayLike,
    *,
    values: ArrayLike | None = None,
    item_weights: ArrayLike | None = None,
) -> tuple[FloatArray, FloatArray]:
    """Joint-proportion table of two vectors and its category values.

    Items where either vector is ``NaN`` are dropped; ``item_weights`` (non-negative, one
    per item) weight the items; ``values`` defaults to the distinct values seen.

    >>> p, v = joint_table([1, 1, 2], [1, 2, 2])
    >>> v.tolist(), (p * 3).round().tolist()
    ([1.0, 2.0], [[1.0, 1.0], [0.0, 1.0]])
    """
    xa = np.asarray(x, dtype=float).ravel()
    ya = np.asarray(y, dtype=float).ravel()
    if xa.shape != ya.shape:
        raise InputError(f"x and y must have the same length; got {xa.size} and {ya.size}")
    w = np.ones_like(xa) if item_weights is None else np.asarray(item_weights, float).ravel()
    if w.shape != xa.shape:
        raise InputError(f"weights must have one entry per item ({xa.size}); got {w.size}")
    if np.any(w < 0) or np.any(np.isnan(w)):
        raise InputError("weights must be non-negative numbers")
    keep = ~(np.isnan(xa) | np.isnan(ya))
    xa, ya, w = xa[keep], ya[keep], w[keep]
    v = np.unique(np.concatenate([xa, ya])) if values is None else np.asarray(values, float)
    v = np.sort(v)
    ix = np.searchsorted(v, xa)
    iy = np.searchsorted(v, ya)
    k = v.size
    if xa.size and (
        np.any(ix >= k)
        or np.any(iy >= k)
        or np.any(v[np.minimum(ix, k - 1)] != xa)
        or np.any(v[np.minimum(iy, k - 1)] != ya)
    ):
        raise InputError("x and y hold values that are not among `values`")
    p = np.zeros((k, k))
    np.add.at(p, (ix, iy), w)
    total = p.sum()
    return (p / total if total > 0 else p), v


def _prepare(
    x: ArrayLike, y: ArrayLike, values: ArrayLike | None, item_weights: ArrayLike | None
) -> tuple[FloatArray, FloatArray]:
    p, v = joint_table(x, y, values=values, item_weights=item_weights)
    if v.size == 0:  # nothing left to compare
        v = np.zeros(1)
        p = np.zeros((1, 1))
    return p, v


def s_score(
    x: ArrayLike,
    y: ArrayLike,
    *,
    delta: float | None = None,
    distance: Literal["absolute", "squared"] = "absolute",
    weights: ArrayLike | None = None,
    values: Sequence[float] | None = None,
) -> float:
    r"""Signorino & Ritter's (1999) S of two vectors.

    .. math:: S = 1 - 2\,\frac{\sum_i w_i\, d(x_i, y_i)}{\sum_i w_i\, d_{\max}}

    with :math:`d = |x_i - y_i|`, :math:`d_{\max} = \Delta` (absolute) or
    :math:`d = (x_i - y_i)^2`, :math:`d_{\max} = \Delta^2` (squared); :math:`\Delta` is the
    range of the scale (2 for UN votes coded 1-3, 3 for alliance ties 0-3) and defaults to
    the range of ``values`` or, failing that, of the data. ``weights`` weight the items
    (Signorino & Ritter weight alliance partners by capability). Range [-1, 1]: 1 identical
    positions, -1 maximally opposed on every item. Items missing in either vector are
    dropped; ``NaN`` when none remain. S is not corrected for chance agreement (see the
    module notes and :func:`cohen_kappa`).

    Examples from Signorino & Ritter (1999):

    >>> round(s_score([3, 3, 2, 2], [2, 2, 3, 3], weights=[.5, .3, .1, .1], delta=3), 2)
    0.33
    >>> s_score([3, 3, 1, 2], [3, 3, 1, 3], delta=2)
    0.75
    """
    p, v = _prepare(x, y, values, weights)
    if delta is None and values is None and v.size == 1:
        return 1.0 if p.sum() > 0 else float("nan")  # one shared value: identical
    return float(s_score_table(p, values=v, delta=delta, distance=distance))


def cohen_kappa(
    x: ArrayLike,
    y: ArrayLike,
    *,
    weights: Weights = "quadratic",
    values: Sequence[float] | None = None,
    item_weights: ArrayLike | None = None,
) -> float:
    r"""Cohen's (weighted) kappa of two vectors, as Häge (2011) uses it.

    .. math::
        \kappa = 1 - \frac{\sum_{kl} p_{kl}\, d_{kl}}{\sum_{kl} p_{k\cdot}\,p_{\cdot l}\, d_{kl}}

    with quadratic (default) or linear disagreement weights :math:`d_{kl}`; for two
    categories both reduce to the unweighted kappa. Each state's *own* marginal
    distribution defines the agreement expected by chance. Range [-1, 1] with quadratic
    weights (1 identical, 0 no better than chance); ``NaN`` when there is no variation in
    either vector (undefined) or no items. Items missing in either vector are dropped.
    Häge recommends kappa over S for foreign-policy similarity.

    >>> round(cohen_kappa([1, 1, 2, 3], [1, 1, 2, 2]), 3)
    0.75
    """
    p, v = _prepare(x, y, values, item_weights)
    return float(cohen_kappa_table(p, values=v, weights=weights))


def scott_pi(
    x: ArrayLike,
    y: ArrayLike,
    *,
    weights: Weights = "quadratic",
    values: Sequence[float] | None = None,
    item_weights: ArrayLike | None = None,
) -> float:
    r"""Scott's pi of two vectors: chance agreement from the two states' *mean* marginals.

    .. math:: \pi = 1 - \frac{\sum_{kl} p_{kl}\, d_{kl}}{\sum_{kl} m_k m_l\, d_{kl}},
              \qquad m_k = (p_{k\cdot} + p_{\cdot k}) / 2

    Unlike kappa, pi counts a difference in the two states' base rates (one votes "yes"
    far more than the other) as dissimilarity. Range [-1, 1] with quadratic weights;
    ``NaN`` when undefined (no variation, no items). Missing items are dropped pairwise.

    >>> round(scott_pi([1, 1, 2, 3], [1, 1, 2, 2]), 3)
    0.742
    """
    p, v = _prepare(x, y, values, item_weights)
    return float(scott_pi_table(p, values=v, weights=weights))
