r"""Polarity: how concentrated capabilities are, how many poles, how bipolar the UN vote is.

**Concentration (CON).** Singer, Bremer & Stuckey (1972) measure how unequally
capabilities are spread among the :math:`N` states of a set (the major powers, or all
states): with :math:`S_i` each state's share of the set's total capabilities,

.. math::

    CON = \sqrt{\frac{\sum_{i=1}^{N} S_i^2 - 1/N}{1 - 1/N}} \in [0, 1],

0 when all hold equal shares, 1 when one holds everything. Capabilities are the CINC
scores of the National Material Capabilities data; shares are renormalised within the set.
It is undefined (NaN) for :math:`N < 2`.

**Effective number of poles.** The inverse Herfindahl index of the major powers' shares,
:math:`N_{\text{eff}} = 1 / \sum_i S_i^2 \in [1, N]` (Laakso & Taagepera's effective
number, applied to capabilities): 2 for two equal poles, 1 for one.

**Top three.** The three states with the largest CINC and their CINC as published (CINC is
already each state's share of the system total; published CINC sums to slightly more or
less than 1 in some years -- 1.054 in 1816 -- and is *not* renormalised here, which is how
the top three hold 61.8 % in 1816 and 45.1 % in 2016).

**Major powers.** COW's list (``cow_majors``: ``ccode, styear, endyear``) counts a state
as major in every year from ``styear`` to ``endyear`` inclusive (so Germany and Japan are
major again in 1991, their December 1991 re-entry year). The list ends in 2016; with
``carry_forward=True`` (default) later years use the 2016 list -- USA, UK, France,
Germany, Russia, China, Japan -- and the result says so (column ``majors_carried``).

**Bipolarity of the UN vote.** From the agreement matrix :math:`A` of a year (diagonal 1),
Torgerson's classical scaling of the squared distances :math:`d^2_{ij} = 2(1 - a_{ij})`
double-centres it, :math:`B = J A J` with :math:`J = I - \tfrac1n \mathbf{1}\mathbf{1}^\top`;
the bipolarity index is the share of the first dimension,
:math:`\lambda_1 / \sum_{\lambda_k > 0} \lambda_k \in (0, 1]` -- 1 when one axis (two
camps and the states in between) explains all disagreement. Dyads missing from the table
(never voted together) are set to the mean observed agreement.

Missing data: states with missing CINC are left out of every capability measure.

References
----------
Singer, J. D., Bremer, S. & Stuckey, J. (1972). Capability distribution, uncertainty, and
major power war, 1820-1965. In B. Russett (ed.), *Peace, War, and Numbers*, 19-48. Sage.

Singer, J. D. (1988). Reconstructing the Correlates of War dataset on material capabilities
of states, 1816-1985. *International Interactions* 14(2): 115-132.
doi:10.1080/03050628808434695

Laakso, M. & Taagepera, R. (1979). "Effective" number of parties. *Comparative Political
Studies* 12(1): 3-27. doi:10.1177/001041407901200101

Torgerson, W. S. (1952). Multidimensional scaling: I. Theory and method. *Psychometrika*
17(4): 401-419. doi:10.1007/BF02288916

Example
-------
>>> round(con([0.5, 0.3, 0.2]), 4)  # sqrt((0.38 - 1/3) / (2/3))
0.2646
>>> effective_poles([0.5, 0.5])
2.0
"""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any, Literal

import numpy as np
import pandas as pd

from multipolar.errors import InputError

__all__ = [
    "bipolarity",
    "bipolarity_by_year",
    "bipolarity_change",
    "con",
    "concentration",
    "effective_poles",
    "major_powers",
]


def _shares(values: Iterable[float]) -> np.ndarray:
    x = np.asarray(values if isinstance(values, np.ndarray) else list(values), dtype=float)
    x = x[~np.isnan(x)]
    if (x < 0).any():
        raise InputError("capabilities must be non-negative")
    total = x.sum()
    return x / total if total > 0 else x


def con(values: Iterable[float]) -> float:
    """CON concentration index of capability values (renormalised to shares); NaN if N < 2.

    >>> con([1, 1, 1, 1])
    0.0
    >>> con([1, 0, 0])
    1.0
    """
    s = _shares(values)
    n = len(s)
    if n < 2 or s.sum() == 0:
        return float("nan")
    value = (np.sum(s**2) - 1.0 / n) / (1.0 - 1.0 / n)
    return float(np.sqrt(max(value, 0.0)))


def effective_poles(values: Iterable[float]) -> float:
    """Inverse Herfindahl index of shares (renormalised); NaN for an empty set.

    >>> round(effective_poles([0.4, 0.3, 0.2, 0.1]), 4)  # 1 / 0.30
    3.3333
    """
    s = _shares(values)
    if len(s) == 0 or s.sum() == 0:
        return float("nan")
    return float(1.0 / np.sum(s**2))


def major_powers(
    majors: pd.DataFrame, years: Iterable[int], *, carry_forward: bool = True
) -> pd.DataFrame:
    """Expand COW major-power spells to ``year, ccode, carried`` rows for ``years``.

    A state is major in every year from ``styear`` through ``endyear``. Years after the
    list's last year take that year's list when ``carry_forward`` (``carried`` True).
    """
    need = {"ccode", "styear", "endyear"} - set(majors.columns)
    if need:
        raise InputError(f"majors lack column(s) {sorted(need)}")
    spells = majors[["ccode", "styear", "endyear"]].dropna().astype("int64")
    last = int(spells["endyear"].max())
    yrs = np.array(sorted({int(y) for y in years}), dtype=np.int64)
    ref = np.minimum(yrs, last) if carry_forward else yrs
    st, en = spells["styear"].to_numpy(), spells["endyear"].to_numpy()
    on = (st <= ref[:, None]) & (en >= ref[:, None])
    yi, si = np.nonzero(on)
    out = pd.DataFrame({"year": yrs[yi], "ccode": spells["ccode"].to_numpy()[si]})
    out = out.drop_duplicates().sort_values(["year", "ccode"], ignore_index=True)
    out["carried"] = carry_forward & (out["year"] > last)
    return out


def concentration(
    nmc: pd.DataFrame,
    majors: pd.DataFrame,
    *,
    years: Iterable[int] | None = None,
    carry_forward: bool = True,
) -> pd.DataFrame:
    """Yearly capability concentration from NMC (``ccode, year, cinc``) and COW majors.

    Returns ``year, con_major, con_all, poles_effective, n_major, n_states, top3,
    top3_share, majors_carried`` where ``top3`` is ``[{ccode, share}]`` (published CINC).

    >>> nmc = pd.DataFrame({"ccode": [2, 365, 710, 20], "year": 1990,
    ...                     "cinc": [0.4, 0.3, 0.2, 0.1]})
    >>> majors = pd.DataFrame({"ccode": [2, 365, 710], "styear": 1950, "endyear": 2016})
    >>> row = concentration(nmc, majors).iloc[0]  # shares 4/9, 3/9, 2/9: sum sq 29/81
    >>> round(float(row.con_major), 4), round(float(row.poles_effective), 4), float(row.top3_share)
    (0.1925, 2.7931, 0.9)
    """
    need = {"ccode", "year", "cinc"} - set(nmc.columns)
    if need:
        raise InputError(f"nmc lacks column(s) {sorted(need)}")
    cap = nmc[["ccode", "year", "cinc"]].dropna()
    cap = cap.astype({"ccode": "int64", "year": "int64", "cinc": "float64"})
    all_years = sorted(cap["year"].unique()) if years is None else sorted({int(y) for y in years})
    cap = cap[cap["year"].isin(all_years)]
    mp = major_powers(majors, all_years, carry_forward=carry_forward)
    major_sets = {int(y): g["ccode"].to_numpy() for y, g in mp.groupby("year")}
    carried = {int(y): bool(g["carried"].any()) for y, g in mp.groupby("year")}
    cap = cap.sort_values(["year", "cinc", "ccode"], ascending=[True, False, True])
    cy, cc, cv = (cap[c].to_numpy() for c in ("year", "ccode", "cinc"))
    bounds = np.flatnonzero(np.diff(cy)) + 1
    rows: list[dict[str, Any]] = []
    for lo, hi in zip(np.r_[0, bounds], np.r_[bounds, len(cy)], strict=True):
        if hi <= lo:
            continue
        y = int(cy[lo])
        codes, vals = cc[lo:hi], cv[lo:hi]
        in_major = vals[np.isin(codes, major_sets.get(y, []))]
        top3 = [
            {"ccode": int(c), "share": round(float(v), 6)}
            for c, v in zip(codes[:3], vals[:3], strict=True)
        ]
        rows.append(
            {
                "year": y,
                "con_major": con(in_major),
                "con_all": con(vals),
                "poles_effective": effective_poles(in_major),
                "n_major": len(in_major),
                "n_states": len(vals),
                "top3": top3,
                "top3_share": round(float(vals[:3].sum()), 6),
                "majors_carried": carried.get(y, False),
            }
        )
    return pd.DataFrame(rows)


def _matrix(dyads: pd.DataFrame, weight: str) -> np.ndarray:
    df = dyads.dropna(subset=[weight])
    nodes = np.unique(np.concatenate([df["ccode1"].to_numpy(), df["ccode2"].to_numpy()]))
    n = len(nodes)
    i = np.searchsorted(nodes, df["ccode1"].to_numpy())
    j = np.searchsorted(nodes, df["ccode2"].to_numpy())
    a = np.full((n, n), np.nan)
    w = df[weight].to_numpy(dtype=float)
    a[i, j] = w
    a[j, i] = w
    off = ~np.eye(n, dtype=bool)
    fill = np.nanmean(a[off]) if np.isfinite(a[off]).any() else 0.0
    a[np.isnan(a)] = fill
    np.fill_diagonal(a, 1.0)
    return a


def bipolarity(dyads: pd.DataFrame, *, weight: Literal["agree", "kappa"] = "agree") -> float:
    """Share of the first dimension of the double-centred agreement matrix (one year).

    >>> rows = [(a, b, 1.0 if (a < 100) == (b < 100) else 0.0)
    ...         for a in (2, 20, 365, 710) for b in (2, 20, 365, 710) if a < b]
    >>> bipolarity(pd.DataFrame(rows, columns=["ccode1", "ccode2", "agree"]))
    1.0
    """
    if "year" in dyads.columns and dyads["year"].nunique() > 1:
        raise InputError("bipolarity takes one year; use bipolarity_by_year for several")
    if len(dyads) == 0:
        return float("nan")
    a = _matrix(dyads, weight)
    n = len(a)
    j = np.eye(n) - np.full((n, n), 1.0 / n)
    eig = np.linalg.eigvalsh(j @ a @ j)
    pos = eig[eig > 1e-12 * max(1.0, abs(eig).max())]
    if len(pos) == 0:
        return float("nan")
    return float(round(pos.max() / pos.sum(), 12))


def bipolarity_by_year(
    dyads: pd.DataFrame, *, weight: Literal["agree", "kappa"] = "agree"
) -> pd.DataFrame:
    """:func:`bipolarity` for each year: ``year, bipolarity, n_states``."""
    rows = []
    for year, g in dyads.groupby("year", sort=True):
        n = len(np.unique(np.concatenate([g["ccode1"].to_numpy(), g["ccode2"].to_numpy()])))
        rows.append({"year": int(year), "bipolarity": bipolarity(g, weight=weight), "n_states": n})
    return pd.DataFrame(rows, columns=["year", "bipolarity", "n_states"])


def bipolarity_change(series: pd.DataFrame, *, split: int = 1991) -> dict[str, Any]:
    """Mean bipolarity up to and including ``split`` and after it, and the change.

    >>> s = pd.DataFrame({"year": [1990, 1991, 1992, 1993], "bipolarity": [.6, .5, .4, .3]})
    >>> bipolarity_change(s)
    {'split': 1991, 'before': 0.55, 'after': 0.35, 'change': -0.2, 'n_before': 2, 'n_after': 2}
    """
    before = series.loc[series["year"] <= split, "bipolarity"].dropna()
    after = series.loc[series["year"] > split, "bipolarity"].dropna()
    b = float(before.mean()) if len(before) else float("nan")
    a = float(after.mean()) if len(after) else float("nan")
    return {
        "split": split,
        "before": round(b, 6),
        "after": round(a, 6),
        "change": round(a - b, 6),
        "n_before": len(before),
        "n_after": len(after),
    }
