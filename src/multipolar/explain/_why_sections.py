"""The sections of the ``why`` evidence: each reads the store, calls measures, returns records.

Every function takes the store, the codes ``(a, b, vs)``, the period and a list to which it
appends one sentence per gap in coverage ("trade data end in 2014").
"""

from __future__ import annotations

from typing import Any

import pandas as pd

from multipolar import states as _states
from multipolar.errors import InputError, MultipolarError
from multipolar.explain.agreement import dyadic_agreement
from multipolar.explain.idealpoints import ideal_points_for
from multipolar.jsonutil import to_records
from multipolar.measures.agreement import agreement
from multipolar.measures.coalition import (
    contested,
    dyad_percentile,
    pooled_agreement,
    splits,
    together_against,
)
from multipolar.sources.unvotes import ISSUES
from multipolar.store import Store

Codes = tuple[int, int, int]
SPLIT_YEARS = 3  # the roll calls where A and B split, in the last years of the period
ATOP_TYPES = {
    "atop_defense": "defense",
    "atop_offense": "offense",
    "atop_neutral": "neutrality",
    "atop_nonagg": "non-aggression",
    "atop_consul": "consultation",
}


def _abbr(code: int) -> str:
    st = _states.state(code)
    return st.iso3 or st.abbrev


def _pair(x: int, y: int) -> str:
    return f"{_abbr(x)}–{_abbr(y)}"


def _pairs(codes: Codes) -> tuple[tuple[int, int], ...]:
    """The three pairs of (a, b, vs): A–B first, then A–vs and B–vs."""
    a, b, c = codes
    return ((a, b), (a, c), (b, c))


def _of_pair(df: pd.DataFrame, x: int, y: int) -> pd.DataFrame:
    """Rows of a dyadic table for the pair x, y in either direction."""
    return df[((df.ccode1 == x) & (df.ccode2 == y)) | ((df.ccode1 == y) & (df.ccode2 == x))]


def _coverage_gap(gaps: list[str], what: str, last_data: int, last: int) -> None:
    if last > last_data:
        gaps.append(f"{what} end in {last_data}; the years {last_data + 1}–{last} have none.")


# --- UN votes ----------------------------------------------------------------------------
def un_votes(st: Store, codes: Codes, first: int, last: int, gaps: list[str]) -> dict[str, Any]:
    a, b, c = codes
    out: dict[str, Any] = {"by_year": [], "by_issue": [], "splits": [], "together_against_vs": []}
    if last < 1946 or first > 2019:
        gaps.append("UN votes cover 1946–2019 only; this period has none.")
        return out
    _coverage_gap(gaps, "UN votes", 2019, last)
    years = (max(first, 1946), min(last, 2019))
    alld = dyadic_agreement(st, years=years)
    pick = {
        (min(x, y), max(x, y)): alld[(alld["ccode1"] == min(x, y)) & (alld["ccode2"] == max(x, y))]
        for x, y in _pairs(codes)
    }
    ab = pick[(min(a, b), max(a, b))].set_index("year")
    if ab.empty:
        gaps.append(
            f"{_states.state(a).name} and {_states.state(b).name} never voted on the same "
            f"contested UN roll call in {years[0]}–{years[1]}."
        )
        return out
    ac = pick[(min(a, c), max(a, c))].set_index("year")["agree"]
    bc = pick[(min(b, c), max(b, c))].set_index("year")["agree"]
    pct = dyad_percentile(alld, a, b, value="agree").set_index("year")
    by_year = pd.DataFrame(
        {
            "year": ab.index.astype(int),
            "n_votes": ab["n_votes"].astype(int).to_numpy(),
            "agree": ab["agree"].to_numpy(),
            "kappa": ab["kappa"].to_numpy(),
            "agree_a_vs": ac.reindex(ab.index).to_numpy(),
            "agree_b_vs": bc.reindex(ab.index).to_numpy(),
            "percentile": pct["percentile"].reindex(ab.index).to_numpy(),
            "n_dyads": pct["n_dyads"].reindex(ab.index).to_numpy(),
        }
    )
    out["by_year"] = to_records(by_year)

    votes = st.frame("unga_votes")[["rcid", "year", "ccode", "vote"]]
    votes = votes[(votes["year"] >= years[0]) & (votes["year"] <= years[1])]
    rollcalls = st.frame("unga_rollcalls")
    for code, label in ISSUES.items():
        rows = agreement(votes, rollcalls, states=[a, b], issue=code, years=years)
        n, agree = pooled_agreement(rows)
        out["by_issue"].append({"issue": code, "label": label, "n_votes": n, "agree": agree})

    live = contested(votes)
    recent = live[live["year"] > int(by_year["year"].max()) - SPLIT_YEARS]
    sp = splits(recent, a, b).merge(rollcalls[["rcid", "short", "descr"]], on="rcid", how="left")
    sp["descr"] = sp["descr"].fillna(sp["short"]).fillna("")
    out["splits"] = to_records(
        sp.sort_values(["year", "rcid"], ascending=[False, False])[
            ["rcid", "year", "descr", "vote_a", "vote_b"]
        ]
    )
    tog = together_against(live, a, b, c)
    out["together_against_vs"] = to_records(tog[["year", "n_votes", "share"]])
    return out


# --- ideal points ------------------------------------------------------------------------
def ideal_points(
    st: Store, codes: Codes, first: int, last: int, gaps: list[str]
) -> list[dict[str, Any]]:
    if last < 1946 or first > 2019:
        return []
    try:
        df = ideal_points_for(st, states=list(codes), years=(max(first, 1946), min(last, 2019)))
    except InputError as exc:
        gaps.append(f"No ideal points: {exc}.")
        return []
    missing = sorted(set(codes) - set(df["ccode"]))
    for code in missing:
        gaps.append(
            f"{_states.state(code).name} has no ideal points in {first}–{last} (no contested votes)."
        )
    return to_records(df[["year", "ccode", "ideal", "se"]].sort_values(["year", "ccode"]))


# --- alliances ---------------------------------------------------------------------------
def _spells(years: list[int]) -> list[tuple[int, int]]:
    out: list[tuple[int, int]] = []
    for y in sorted(set(years)):
        if out and y == out[-1][1] + 1:
            out[-1] = (out[-1][0], y)
        else:
            out.append((y, y))
    return out


def alliances(
    st: Store, codes: Codes, first: int, last: int, gaps: list[str]
) -> list[dict[str, Any]]:
    _coverage_gap(gaps, "ATOP alliance data", 2018, last)
    t = st.table("atop_ddy")
    sel = t.filter(t.ccode1.isin(list(codes)) & t.ccode2.isin(list(codes)))
    sel = sel.filter((sel.year >= first) & (sel.year <= last))
    df = sel.to_pandas()
    rows: list[dict[str, Any]] = []
    for x, y in _pairs(codes):
        d = _of_pair(df, x, y)
        for col, label in ATOP_TYPES.items():
            yrs = d.loc[d[col] == 1, "year"].astype(int).tolist()
            for s, e in _spells(yrs):
                rows.append(
                    {
                        "pair": _pair(x, y),
                        "ccode1": x,
                        "ccode2": y,
                        "type": label,
                        "from": s,
                        "to": e,
                    }
                )
    return rows


# --- capabilities ------------------------------------------------------------------------
def capabilities(
    st: Store, codes: Codes, first: int, last: int, gaps: list[str]
) -> list[dict[str, Any]]:
    a, b, c = codes
    _coverage_gap(gaps, "Capability data (NMC 7.0)", 2022, last)
    t = st.table("cow_nmc")
    df = t.filter(t.ccode.isin(list(codes)) & (t.year >= first) & (t.year <= last)).to_pandas()
    if df.empty:
        gaps.append("No capability (CINC) data for these states in this period.")
        return []
    wide = df.pivot_table(index="year", columns="ccode", values="cinc").reindex(columns=list(codes))
    out = pd.DataFrame(
        {
            "year": wide.index.astype(int),
            "cinc_a": wide[a].to_numpy(),
            "cinc_b": wide[b].to_numpy(),
            "cinc_vs": wide[c].to_numpy(),
        }
    )
    out["combined_ab"] = out["cinc_a"] + out["cinc_b"]
    return to_records(out)


# --- rivalries and disputes --------------------------------------------------------------
def rivalries(
    st: Store, codes: Codes, first: int, last: int, gaps: list[str]
) -> list[dict[str, Any]]:
    _coverage_gap(gaps, "Strategic rivalry data (Thompson & Dreyer)", 2010, last)
    df = st.frame("td_rivalries")
    rows = []
    for x, y in _pairs(codes):
        d = _of_pair(df, x, y)
        for r in d.itertuples(index=False):
            types = [t for t in (r.type1, r.type2, r.type3) if isinstance(t, str) and t]
            rows.append(
                {
                    "pair": _pair(x, y),
                    "ccode1": x,
                    "ccode2": y,
                    "name": r.rivalryname,
                    "from": int(r.styear),
                    "to": int(r.endyear),
                    "types": types,
                    "ongoing_at_end_of_data": int(r.endyear) >= 2010,
                }
            )
    return rows


def disputes(
    st: Store, codes: Codes, first: int, last: int, gaps: list[str]
) -> list[dict[str, Any]]:
    _coverage_gap(gaps, "Militarized dispute data (GML MID 2.2.1)", 2010, last)
    t = st.table("gml_mid_ddydisps")
    df = t.filter(
        t.ccode1.isin(list(codes))
        & t.ccode2.isin(list(codes))
        & (t.year >= first)
        & (t.year <= last)
    ).to_pandas()
    rows = []
    for x, y in _pairs(codes):
        # directed dispute dyad-years: both directions are listed, keep one
        d = df[(df.ccode1 == min(x, y)) & (df.ccode2 == max(x, y))]
        for year, grp in d.groupby("year"):
            rows.append(
                {
                    "pair": _pair(x, y),
                    "ccode1": x,
                    "ccode2": y,
                    "year": int(year),
                    "n_disputes": int(grp["dispnum"].nunique()),
                    "max_hostility": int(grp["hostlev"].max()),
                }
            )
    return rows


# --- trade and IGOs ----------------------------------------------------------------------
def _dyad_years(st: Store, table: str, a: int, b: int, first: int, last: int) -> pd.DataFrame:
    """Rows of a non-directed dyad-year table (``ccode1 < ccode2``) for one pair, by year."""
    lo, hi = min(a, b), max(a, b)
    t = st.table(table)
    sel = t.filter((t.ccode1 == lo) & (t.ccode2 == hi) & (t.year >= first) & (t.year <= last))
    return sel.to_pandas().sort_values("year", ignore_index=True)


def trade(st: Store, codes: Codes, first: int, last: int, gaps: list[str]) -> list[dict[str, Any]]:
    a, b, _ = codes
    _coverage_gap(gaps, "Trade data (COW 4.0)", 2014, last)
    d = _dyad_years(st, "cow_trade_ndy", a, b, first, last)
    if d.empty:
        gaps.append(f"No COW trade data for {_pair(a, b)} in {first}–{last}.")
        return []
    s = st.table("cow_trade_sy")
    tot = s.filter(s.ccode.isin([a, b]) & (s.year >= first) & (s.year <= last)).to_pandas()
    tot = (
        tot.assign(total=tot["imports"] + tot["exports"])
        .pivot_table(index="year", columns="ccode", values="total")
        .reindex(columns=[a, b])
    )
    flow = d["flow1"].fillna(0) + d["flow2"].fillna(0)
    both_missing = d["flow1"].isna() & d["flow2"].isna()
    out = pd.DataFrame(
        {"year": d["year"].astype(int).to_numpy(), "trade": flow.where(~both_missing).to_numpy()}
    )
    out["share_a"] = out["trade"] / tot[a].reindex(out["year"]).to_numpy()
    out["share_b"] = out["trade"] / tot[b].reindex(out["year"]).to_numpy()
    return to_records(out)


def igos(st: Store, codes: Codes, first: int, last: int, gaps: list[str]) -> list[dict[str, Any]]:
    a, b, _ = codes
    _coverage_gap(gaps, "Shared-IGO data (COW IGO 3.0)", 2014, last)
    d = _dyad_years(st, "cow_igo_ndy", a, b, first, last)
    if d.empty:
        gaps.append(f"No shared-IGO data for {_pair(a, b)} in {first}–{last}.")
        return []
    final = int(d["year"].max())
    t = st.table("cow_igo_ndy")
    year_all = t.filter(t.year == final).select("dyadigos").to_pandas()
    mine = int(d.loc[d["year"] == final, "dyadigos"].iloc[0])
    pct = float(100 * (year_all["dyadigos"] <= mine).mean())
    out: list[dict[str, Any]] = [
        {"year": int(r.year), "shared_igos": int(r.dyadigos), "percentile": None}
        for r in d.itertuples(index=False)
    ]
    out[-1]["percentile"] = pct
    return out


# --- blocs and events --------------------------------------------------------------------
def blocs(st: Store, codes: Codes, un: dict[str, Any], gaps: list[str]) -> dict[str, Any] | None:
    if not un.get("by_year"):
        return None
    from multipolar.explain.system import bloc_of

    year = int(un["by_year"][-1]["year"])
    try:
        return bloc_of(st, codes[0], codes[1], year)
    except MultipolarError as exc:
        gaps.append(f"No voting blocs for {year}: {exc}.")
        return None


def events(st: Store, codes: Codes, gaps: list[str]) -> dict[str, Any] | None:
    from multipolar.explain.events import events_evidence

    ev = events_evidence(codes[0], codes[1], codes[2], store=st)
    if ev is None:
        gaps.append(
            "No news event data are loaded (`multipolar events import FILE` adds GDELT or ICEWS "
            "events and a monthly cooperation/conflict section)."
        )
    return ev
