"""Small measures on a handful of states' votes: splits, voting together against a third
state, a dyad's rank among all dyads, pooled agreement and trends.

All functions are pure (tables in, tables out). Vote tables have ``rcid, year, ccode, vote``
(1 yes, 2 abstain, 3 no).
"""

from __future__ import annotations

import numpy as np
import pandas as pd


def contested(votes: pd.DataFrame) -> pd.DataFrame:
    """The votes on roll calls that were not unanimous (not every state present voted alike).

    The same rule :func:`multipolar.measures.agreement.agreement` applies by default
    (Bailey, Strezhnev & Voeten 2017: unanimous votes carry no information on alignment).

    >>> v = pd.DataFrame({"rcid": [1, 1, 2, 2], "year": 2019, "ccode": [2, 365, 2, 365],
    ...                   "vote": [1, 3, 1, 1]})
    >>> contested(v)["rcid"].unique().tolist()
    [1]
    """
    spread = votes.groupby("rcid")["vote"].agg(["min", "max"])
    keep = spread.index[spread["min"] != spread["max"]]
    return votes[votes["rcid"].isin(keep)]


def _wide(votes: pd.DataFrame, codes: list[int]) -> pd.DataFrame:
    sub = votes[votes["ccode"].isin(codes)]
    wide = sub.pivot_table(index=["rcid", "year"], columns="ccode", values="vote", aggfunc="first")
    return wide.reindex(columns=codes).dropna()


def together_against(votes: pd.DataFrame, a: int, b: int, c: int) -> pd.DataFrame:
    r"""Per year, the share of roll calls on which ``a`` and ``b`` voted alike and ``c`` otherwise.

    .. math:: \text{share}_t = \frac{\#\{k : v_{ak} = v_{bk} \ne v_{ck}\}}{\#\{k : a, b, c \text{ all voted}\}}

    Range 0–1. Roll calls on which any of the three did not vote are left out. ``strict``
    counts the strict oppositions among them (the pair yes and ``c`` no, or the reverse);
    the others (``together - strict``) are partial: the pair or ``c`` abstained. Columns
    ``year, n_votes, together, strict, share``.

    >>> v = pd.DataFrame({"rcid": [1, 1, 1, 2, 2, 2, 3, 3, 3], "year": 2019,
    ...                   "ccode": [710, 365, 2] * 3, "vote": [1, 1, 3, 1, 2, 3, 2, 2, 1]})
    >>> cols = ["n_votes", "together", "strict", "share"]
    >>> together_against(v, 710, 365, 2)[cols].round(3).to_dict("records")
    [{'n_votes': 3, 'together': 2, 'strict': 1, 'share': 0.667}]
    """
    wide = _wide(votes, [a, b, c])
    hit = (wide[a] == wide[b]) & (wide[a] != wide[c])
    strict = hit & (wide[a] != 2) & (wide[c] != 2)
    out = (
        pd.DataFrame({"hit": hit, "strict": strict})
        .groupby(level="year")
        .agg(n_votes=("hit", "size"), together=("hit", "sum"), strict=("strict", "sum"))
        .reset_index()
    )
    out["together"] = out["together"].astype(int)
    out["strict"] = out["strict"].astype(int)
    out["share"] = out["together"] / out["n_votes"]
    return out


def splits(votes: pd.DataFrame, a: int, b: int) -> pd.DataFrame:
    """Roll calls on which both ``a`` and ``b`` voted, differently: ``rcid, year, vote_a, vote_b``."""
    wide = _wide(votes, [a, b])
    diff = wide[wide[a] != wide[b]].reset_index()
    return pd.DataFrame(
        {
            "rcid": diff["rcid"].astype(int),
            "year": diff["year"].astype(int),
            "vote_a": diff[a].astype(int),
            "vote_b": diff[b].astype(int),
        }
    )


def dyad_percentile(dyads: pd.DataFrame, a: int, b: int, *, value: str = "agree") -> pd.DataFrame:
    """Per year, where the dyad ``a``–``b`` ranks among all dyads on ``value``.

    ``percentile`` = 100 × share of that year's dyads whose value is at most the pair's (ties
    count as at most). Columns ``year, value, percentile, n_dyads``.

    >>> d = pd.DataFrame({"ccode1": [1, 1, 2], "ccode2": [2, 3, 3], "year": 2000,
    ...                   "agree": [0.9, 0.5, 0.1]})
    >>> dyad_percentile(d, 2, 1)[["percentile", "n_dyads"]].to_dict("records")
    [{'percentile': 100.0, 'n_dyads': 3}]
    """
    lo, hi = min(a, b), max(a, b)
    rows = []
    for year, grp in dyads.groupby("year"):
        mine = grp[(grp["ccode1"] == lo) & (grp["ccode2"] == hi)]
        if mine.empty:
            continue
        x = float(mine[value].iloc[0])
        vals = grp[value].to_numpy(dtype=float)
        vals = vals[~np.isnan(vals)]
        rows.append(
            {
                "year": int(year),
                "value": x,
                "percentile": float(100.0 * np.mean(vals <= x)),
                "n_dyads": int(vals.size),
            }
        )
    return pd.DataFrame(rows, columns=["year", "value", "percentile", "n_dyads"])


def pooled_agreement(rows: pd.DataFrame) -> tuple[int, float | None]:
    """Agreement over several years: ``Σ agree·n / Σ n`` (exact: the share of identical votes).

    >>> pooled_agreement(pd.DataFrame({"n_votes": [10, 30], "agree": [1.0, 0.5]}))
    (40, 0.625)
    """
    n = int(rows["n_votes"].sum()) if len(rows) else 0
    if n == 0:
        return 0, None
    return n, float((rows["agree"] * rows["n_votes"]).sum() / n)


def trend(years: pd.Series, values: pd.Series) -> float | None:
    """Least-squares slope of ``values`` on ``years``, per decade; None with fewer than 3 points.

    >>> trend(pd.Series([2000, 2001, 2002]), pd.Series([0.1, 0.2, 0.3]))
    1.0
    """
    mask = values.notna().to_numpy()
    x = years.to_numpy(dtype=float)[mask]
    y = values.to_numpy(dtype=float)[mask]
    if x.size < 3 or np.ptp(x) == 0:
        return None
    return round(float(np.polyfit(x, y, 1)[0] * 10), 10)


def together_against_all(votes: pd.DataFrame, c: int) -> pd.DataFrame:
    r"""For every dyad of states other than ``c``, per year, the share of roll calls on which the
    two voted alike and ``c`` otherwise: the field against which one pair's
    :func:`together_against` is ranked.

    .. math:: \text{share}_{xy,t} = \frac{\sum_k [v_{xk} = v_{yk} \ne v_{ck}]}
              {\#\{k : x, y, c \text{ all voted}\}}

    computed as one matrix product per year and vote option (``1, 2, 3``). Dyads that share no
    roll call with ``c`` have no row. Columns ``ccode1 < ccode2, year, n_votes, share``.

    >>> v = pd.DataFrame({"rcid": [1, 1, 1, 1, 2, 2, 2, 2], "year": 2019,
    ...                   "ccode": [2, 365, 710, 200] * 2, "vote": [3, 1, 1, 3, 3, 1, 2, 3]})
    >>> out = together_against_all(v, 2).set_index(["ccode1", "ccode2"])["share"]
    >>> out[(365, 710)], out[(200, 365)]
    (np.float64(0.5), np.float64(0.0))
    """
    frames = []
    for year, grp in votes.groupby("year"):
        wide = grp.pivot_table(index="ccode", columns="rcid", values="vote", aggfunc="first")
        if c not in wide.index:
            continue
        vc = wide.loc[c]
        wide = wide.drop(index=c).loc[:, vc.notna().to_numpy()]
        vc = vc[vc.notna()].to_numpy()
        if wide.shape[1] == 0 or wide.shape[0] < 2:
            continue
        v = wide.to_numpy()
        voted = (~np.isnan(v)).astype(float)
        n = voted @ voted.T
        hit = np.zeros_like(n)
        for k in (1.0, 2.0, 3.0):
            m = ((v == k) & (vc != k)[None, :]).astype(float)
            hit += m @ m.T
        i, j = np.triu_indices(len(wide), k=1)
        keep = n[i, j] > 0
        codes = wide.index.to_numpy()
        frames.append(
            pd.DataFrame(
                {
                    "ccode1": codes[i[keep]],
                    "ccode2": codes[j[keep]],
                    "year": int(year),
                    "n_votes": n[i, j][keep].astype(int),
                    "share": hit[i, j][keep] / n[i, j][keep],
                }
            )
        )
    if not frames:
        return pd.DataFrame(columns=["ccode1", "ccode2", "year", "n_votes", "share"])
    return pd.concat(frames, ignore_index=True)


def percentile_of(value: float, field: np.ndarray | pd.Series) -> float | None:
    """100 × the share of ``field`` (NaN dropped) at or below ``value``; None for an empty field.

    The rank a dyad's value takes among all dyads (ties count as at or below, as in
    :func:`dyad_percentile`).

    >>> round(percentile_of(0.5, np.array([0.1, 0.5, 0.9, np.nan])), 2)
    66.67
    """
    vals = np.asarray(field, dtype=float)
    vals = vals[~np.isnan(vals)]
    if vals.size == 0 or value is None or np.isnan(value):
        return None
    return float(100.0 * np.mean(vals <= value))
