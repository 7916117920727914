r"""Alliance-portfolio similarity: Signorino & Ritter's S, kappa and pi for every dyad-year.

A state's *alliance portfolio* in a year is its vector of ties to every member of the
state system that year. Ties are valued on the ATOP obligations (Signorino & Ritter 1999;
Leeds et al. 2002):

====  ==============================================================
tie   the dyad's strongest obligation
====  ==============================================================
3     defense or offense pact -- and every state to itself
2     neutrality or consultation pact
1     non-aggression pact only
0     none
====  ==============================================================

ATOP's directed dyads are made non-directed by taking the strongest obligation in either
direction (an alliance binds both members; the few asymmetric obligations count for both).

For states ``i`` and ``j`` with portfolios :math:`t_{ik}, t_{jk}` over the ``n`` system
members ``k`` (including ``i`` and ``j`` themselves)

.. math::
    S = 1 - 2\,\frac{\sum_k w_k\,|t_{ik} - t_{jk}|}{\sum_k w_k\, \Delta}, \qquad \Delta = 3

unweighted (``s_abs``, :math:`w_k = 1`) and weighted by each partner's share of world
capabilities (``s_wt``, :math:`w_k` = CINC, as Signorino & Ritter weight by capability;
members without a CINC score weigh 0). ``kappa`` and ``pi`` are Cohen's weighted kappa and
Scott's pi on the same (unweighted) portfolios, quadratic disagreement weights unless
``weights="linear"`` (Häge 2011); see :mod:`multipolar.measures.similarity`. Range of each
[-1, 1]; kappa and pi are ``NaN`` when both portfolios are constant (every state of the
system in a defense pact with every other: no variation, chance agreement is total).

System membership. Portfolios run over *all states in the system that year*, as
Signorino & Ritter's do, taken from the ``members`` state-year table. multipolar passes
the Correlates of War system members as listed in NMC 7.0 (``cow_nmc``), whose
state-years are identical to the COW State System Membership list v2016 (``cow_states``)
for 1816-2016 and extend it to 2017-2018, where ATOP ends. ATOP rows naming a state that
is not a member that year (occupied states in the 1940s, for instance) are dropped; the
number of such non-directed ties is in ``result.attrs["dropped_ties"]``. Output years are
the members' years within the span of the ATOP table (1816-2018).

How it is computed. For one year let :math:`A` be the one-hot matrix with a row per
(state, tie value) and a column per partner; :math:`A W A^\top` (with
:math:`W = \mathrm{diag}(w)`) holds, for every dyad at once, the joint (weighted) counts
of partners by the two states' tie values, from which all measures follow.

References
----------
Signorino, C. S. & Ritter, J. M. (1999). Tau-b or not tau-b: measuring the similarity of
foreign policy positions. *International Studies Quarterly* 43(1): 115-144.
doi:10.1111/0020-8833.00113

Leeds, B. A., Ritter, J. M., Mitchell, S. M. & Long, A. G. (2002). Alliance Treaty
Obligations and Provisions, 1815-1944. *International Interactions* 28(3): 237-260.
doi:10.1080/03050620213653

Häge, F. M. (2011). Choice or circumstance? Adjusting measures of foreign policy
similarity for chance agreement. *Political Analysis* 19(3): 287-305.
doi:10.1093/pan/mpr023
"""

from __future__ import annotations

from collections.abc import Iterable
from typing import Literal

import numpy as np
import pandas as pd

from multipolar.errors import InputError
from multipolar.measures.agreement import Years, serial_blas, year_range
from multipolar.measures.similarity import table_measures

__all__ = ["TIE_VALUES", "alliance_similarity", "alliance_ties"]

#: Tie values: 0 none, 1 non-aggression, 2 neutrality / consultation, 3 defense / offense.
TIE_VALUES = np.array([0.0, 1.0, 2.0, 3.0])
ATOP_COLUMNS = ["atop_defense", "atop_offense", "atop_neutral", "atop_nonagg", "atop_consul"]
OUTPUT_COLUMNS = ["ccode1", "ccode2", "year", "n_states", "s_abs", "s_wt", "kappa", "pi"]


def alliance_ties(atop: pd.DataFrame) -> pd.DataFrame:
    """Non-directed valued ties ``ccode1 < ccode2, year, tie`` (1-3) from ATOP dyad-years.

    >>> atop = pd.DataFrame({"ccode1": [2, 20], "ccode2": [20, 2], "year": [1950, 1950],
    ...     "atop_defense": [1, 0], "atop_offense": [0, 0], "atop_neutral": [0, 0],
    ...     "atop_nonagg": [1, 1], "atop_consul": [1, 1]})
    >>> alliance_ties(atop)
       ccode1  ccode2  year  tie
    0       2      20  1950    3
    """
    missing = [c for c in ["ccode1", "ccode2", "year", *ATOP_COLUMNS] if c not in atop.columns]
    if missing:
        raise InputError(f"the ATOP table lacks columns {missing}")
    flag = {c: atop[c].fillna(0).to_numpy() > 0 for c in ATOP_COLUMNS}
    tie = np.select(
        [
            flag["atop_defense"] | flag["atop_offense"],
            flag["atop_neutral"] | flag["atop_consul"],
            flag["atop_nonagg"],
        ],
        [3, 2, 1],
        0,
    )
    a = atop["ccode1"].to_numpy(dtype=np.int64)
    b = atop["ccode2"].to_numpy(dtype=np.int64)
    out = pd.DataFrame(
        {
            "ccode1": np.minimum(a, b),
            "ccode2": np.maximum(a, b),
            "year": atop["year"].to_numpy(dtype=np.int64),
            "tie": tie.astype(np.int64),
        }
    )
    out = out[(out["tie"] > 0) & (out["ccode1"] != out["ccode2"])]
    out = out.groupby(["ccode1", "ccode2", "year"], as_index=False, sort=True)["tie"].max()
    return out


def alliance_similarity(
    atop: pd.DataFrame,
    members: pd.DataFrame,
    *,
    years: Years = None,
    states: Iterable[int] | None = None,
    capability: str | None = "cinc",
    weights: Literal["quadratic", "linear"] = "quadratic",
) -> pd.DataFrame:
    """S, capability-weighted S, kappa and pi of alliance portfolios for every dyad-year.

    Parameters
    ----------
    atop
        ATOP directed dyad-years: ``ccode1, ccode2, year`` and the 0/1 obligation columns
        ``atop_defense, atop_offense, atop_neutral, atop_nonagg, atop_consul``.
    members
        System members, one row per state-year: ``ccode, year`` and, for ``s_wt``, the
        ``capability`` column (CINC in ``cow_nmc``).
    years
        A year or an inclusive ``(first, last)`` range; default every member year the
        ATOP table covers.
    states
        COW codes: two or more give the dyads among them, one gives that state's dyads;
        portfolios always run over the whole system.
    capability
        Column of ``members`` weighting the partners in ``s_wt``; None leaves ``s_wt`` NaN.
    weights
        Disagreement weights of kappa and pi: ``"quadratic"`` or ``"linear"``.

    Returns
    -------
    DataFrame ``ccode1 < ccode2, year, n_states, s_abs, s_wt, kappa, pi`` (``n_states``:
    system size, the length of the portfolios).

    Examples
    --------
    A three-state system in which 2 and 20 hold a defense pact:

    >>> atop = pd.DataFrame({"ccode1": [2], "ccode2": [20], "year": [1950],
    ...     "atop_defense": [1], "atop_offense": [0], "atop_neutral": [0],
    ...     "atop_nonagg": [0], "atop_consul": [0]})
    >>> members = pd.DataFrame({"ccode": [2, 20, 365], "year": 1950,
    ...                         "cinc": [0.3, 0.02, 0.2]})
    >>> alliance_similarity(atop, members)[["ccode1", "ccode2", "s_abs"]].round(3)
       ccode1  ccode2  s_abs
    0       2      20    1.0
    1       2     365   -1.0
    2      20     365   -1.0
    """
    for col in ("ccode", "year"):
        if col not in members.columns:
            raise InputError(f"the members table needs a {col!r} column")
    if capability is not None and capability not in members.columns:
        raise InputError(f"the members table has no capability column {capability!r}")
    if weights not in ("quadratic", "linear"):
        raise InputError(f"weights must be 'quadratic' or 'linear', not {weights!r}")
    first, last = year_range(years)
    ties = alliance_ties(atop).sort_values(["year", "ccode1", "ccode2"], ignore_index=True)
    mem = pd.DataFrame(
        {
            "ccode": members["ccode"].to_numpy(dtype=np.int64),
            "year": members["year"].to_numpy(dtype=np.int64),
            "w": (
                np.nan_to_num(members[capability].to_numpy(dtype=np.float64, na_value=np.nan))
                if capability is not None
                else np.ones(len(members))
            ),
        }
    ).drop_duplicates(["ccode", "year"])
    lo = int(atop["year"].min()) if len(atop) else 0
    hi = int(atop["year"].max()) if len(atop) else -1
    mem = mem[(mem["year"] >= max(lo, first if first is not None else lo))]
    mem = mem[(mem["year"] <= min(hi, last if last is not None else hi))]
    mem = mem.sort_values(["year", "ccode"], ignore_index=True)

    focus = None if states is None else np.unique(np.asarray(list(states), dtype=np.int64))
    if focus is not None and focus.size == 0:
        raise InputError("states is empty; give at least one COW code")

    # index ties by year, and members by year
    t_year = ties["year"].to_numpy()
    t_c1 = ties["ccode1"].to_numpy()
    t_c2 = ties["ccode2"].to_numpy()
    t_val = ties["tie"].to_numpy()
    m_year = mem["year"].to_numpy()
    m_code = mem["ccode"].to_numpy()
    m_w = mem["w"].to_numpy()
    dropped = 0
    parts: list[tuple[np.ndarray, np.ndarray, int, int, np.ndarray, np.ndarray]] = []
    with serial_blas():
        for year in np.unique(m_year):
            ms = slice(*np.searchsorted(m_year, [year, year + 1]))
            ts = slice(*np.searchsorted(t_year, [year, year + 1]))
            codes, w = m_code[ms], m_w[ms]
            n = codes.size
            pos1 = _position(codes, t_c1[ts])
            pos2 = _position(codes, t_c2[ts])
            ok = (pos1 >= 0) & (pos2 >= 0)
            dropped += int((~ok).sum())
            port = np.zeros((n, n), dtype=np.int64)
            port[pos1[ok], pos2[ok]] = t_val[ts][ok]
            port = port + port.T
            np.fill_diagonal(port, 3)
            i, j = _pairs(codes, focus)
            counts, s_wt = _joint(port, w, i, j)
            parts.append((codes[i], codes[j], int(year), n, counts, s_wt))
    if not parts:
        empty = pd.DataFrame({c: np.zeros(0) for c in OUTPUT_COLUMNS})
        return empty.astype({c: "int64" for c in ("ccode1", "ccode2", "year", "n_states")})
    counts = np.concatenate([p[4] for p in parts])
    m = table_measures(counts, values=TIE_VALUES, delta=3.0, weights=weights)
    sizes = [p[0].size for p in parts]
    out = pd.DataFrame(
        {
            "ccode1": np.concatenate([p[0] for p in parts]),
            "ccode2": np.concatenate([p[1] for p in parts]),
            "year": np.repeat([p[2] for p in parts], sizes),
            "n_states": np.repeat([p[3] for p in parts], sizes),
            "s_abs": m["s_abs"],
            "s_wt": (
                np.concatenate([p[5] for p in parts])
                if capability is not None
                else np.full(counts.shape[0], np.nan)
            ),
            "kappa": m["kappa"],
            "pi": m["pi"],
        },
        copy=False,
    )
    out.attrs["dropped_ties"] = dropped
    return out


def _position(codes: np.ndarray, x: np.ndarray) -> np.ndarray:
    """Index of each ``x`` in the sorted ``codes``, -1 where absent."""
    pos = np.searchsorted(codes, x)
    pos = np.minimum(pos, max(codes.size - 1, 0))
    return np.where((codes.size > 0) & (codes[pos] == x), pos, -1)


def _pairs(codes: np.ndarray, focus: np.ndarray | None) -> tuple[np.ndarray, np.ndarray]:
    i, j = np.triu_indices(codes.size, 1)
    if focus is None:
        return i, j
    mine = np.isin(codes, focus)
    keep = (mine[i] & mine[j]) if focus.size > 1 else (mine[i] | mine[j])
    return i[keep], j[keep]


def _joint(
    port: np.ndarray, w: np.ndarray, i: np.ndarray, j: np.ndarray
) -> tuple[np.ndarray, np.ndarray]:
    """4 x 4 joint tables of partners' tie values, and the CINC-weighted S, of dyads (i, j)."""
    n = port.shape[0]
    onehot = np.zeros((n, 4, n), dtype=np.float32)
    rows, cols = np.indices((n, n))
    onehot[rows.ravel(), port.ravel(), cols.ravel()] = 1.0
    flat = onehot.reshape(n * 4, n)
    cells = (np.arange(4)[:, None] * 4 * n + np.arange(4)[None, :]).ravel()
    gather = (i * 16 * n + j * 4)[:, None] + cells[None, :]
    counts = (flat @ flat.T).ravel()[gather]  # exact small integers in float32
    # weighted: only S is needed, from the weighted mean absolute distance
    weighted = (flat.astype(np.float64) * w[None, :]) @ flat.T.astype(np.float64)
    dist = np.abs(TIE_VALUES[:, None] - TIE_VALUES[None, :])
    d_w = np.einsum("iajb,ab->ij", weighted.reshape(n, 4, n, 4), dist)[i, j]
    total = w.sum()
    with np.errstate(invalid="ignore", divide="ignore"):
        s_wt = 1.0 - 2.0 * d_w / (total * 3.0) if total > 0 else np.full(i.size, np.nan)
    return counts.reshape(-1, 4, 4), s_wt
