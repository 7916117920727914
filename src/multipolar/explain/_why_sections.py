"""The sections of the ``why`` evidence: each reads the store, calls measures, returns records.

Every function takes a :class:`Ctx` (the store, the codes ``(a, b, vs)``, the period asked and
the span of every table in the store). Each section records the years its own data cover for
this pair (:meth:`Ctx.cover`) and says in a sentence when they end before the period does, so
that the report states the period of the evidence, section by section, not of the request.
Base rates (how the whole field of dyads stands on the same measure) go to ``ctx.baselines``.
"""

from __future__ import annotations

import importlib
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

import numpy as np
import pandas as pd

from multipolar import states as _states
from multipolar.errors import InputError, MultipolarError
from multipolar.explain.agreement import dyadic_agreement, vote_tables
from multipolar.explain.idealpoints import ideal_points_for
from multipolar.jsonutil import to_records
from multipolar.measures.agreement import agreement
from multipolar.measures.breaks import segments
from multipolar.measures.coalition import (
    contested,
    dyad_percentile,
    percentile_of,
    pooled_agreement,
    splits,
    together_against,
    together_against_all,
)
from multipolar.sources.unvotes import ISSUES
from multipolar.store import Store

Codes = tuple[int, int, int]
SPLIT_YEARS = 3  # the roll calls where A and B split, in the last years of their common votes
EDGE = 5  # years pooled for "now" (the last years with data) and "then" (the first)
ATOP_TYPES = {
    "atop_defense": "defense",
    "atop_offense": "offense",
    "atop_neutral": "neutrality",
    "atop_nonagg": "non-aggression",
    "atop_consul": "consultation",
}
VOTE_WORDS = {1: "yes", 2: "abstain", 3: "no"}


def years_text(first: int, last: int) -> str:
    """``"2019"`` for one year, ``"2015–2019"`` for a span.

    >>> years_text(2019, 2019), years_text(2015, 2019)
    ('2019', '2015–2019')
    """
    return str(first) if first == last else f"{first}–{last}"


def session_text(year: int) -> str:
    """The UN session that opens in ``year`` (session = year − 1945), e.g. ``session 74, 2019–20``.

    >>> session_text(2019), session_text(1999)
    ('session 74, 2019–20', 'session 54, 1999–00')
    """
    return f"session {year - 1945}, {year}–{(year + 1) % 100:02d}"


_THE_PREFIXES = ("United ", "Republic of ", "Democratic Republic", "Federal Republic",
                 "German Democratic", "Central African", "Dominican Republic", "Czech Republic",
                 "Soviet Union")  # fmt: skip
_THE_NAMES = {"Netherlands", "Philippines", "Bahamas", "Gambia", "Comoros", "Maldives",
              "Marshall Islands", "Solomon Islands", "Seychelles", "Holy See"}  # fmt: skip


def the(name: str) -> str:
    """The name as it reads inside a sentence: "the United States", "the Soviet Union", "China".

    >>> the("United States"), the("Soviet Union"), the("China"), the("Netherlands")
    ('the United States', 'the Soviet Union', 'China', 'the Netherlands')
    """
    if name.startswith(_THE_PREFIXES) or name in _THE_NAMES:
        return f"the {name}"
    return name


def possessive(name: str) -> str:
    """``China's``, ``the United States'``.

    >>> possessive("China"), possessive("the United States")
    ("China's", "the United States'")
    """
    return f"{name}'" if name.endswith("s") else f"{name}'s"


@dataclass
class Ctx:
    """What every section needs: the store, the states, the period and the data's spans."""

    st: Store
    codes: Codes
    first: int
    last: int
    spans: dict[str, tuple[int, int]]
    gaps: list[str] = field(default_factory=list)
    coverage: list[dict[str, Any]] = field(default_factory=list)
    baselines: dict[str, Any] = field(default_factory=dict)

    def name(self, code: int, year: int | None = None) -> str:
        """The state's name in ``year`` (default: the last year of the period), with "the"
        where English puts it."""
        return the(_states.name_in(code, self.last if year is None else year))

    def pair_name(self, year: int | None = None) -> str:
        a, b, _ = self.codes
        y = self.last if year is None else year
        return f"{_states.name_in(a, y)}–{_states.name_in(b, y)}"

    def span(self, table: str) -> tuple[int, int]:
        return self.spans.get(table, (self.first, self.last))

    def clip(self, table: str) -> tuple[int, int]:
        """The part of the period that ``table``'s data cover (may be empty: first > last)."""
        lo, hi = self.span(table)
        return max(self.first, lo), min(self.last, hi)

    def data_end(self, what: str, table: str) -> None:
        """Say when ``table``'s data end before the period does."""
        _, hi = self.span(table)
        if self.last > hi:
            n = self.last - hi
            yrs = years_text(hi + 1, self.last)
            self.gaps.append(
                f"{what} end in {hi}; the {'year' if n == 1 else 'years'} {yrs} "
                f"{'has' if n == 1 else 'have'} none."
            )

    def cover(self, section: str, source: str, years: list[int] | None, note: str = "") -> None:
        """Record the first and last year with data for this pair in ``section``."""
        ys = sorted({int(y) for y in years or []})
        rec: dict[str, Any] = {
            "section": section,
            "source": source,
            "from": ys[0] if ys else None,
            "to": ys[-1] if ys else None,
            "text": "",
        }
        if not ys:
            rec["text"] = f"no {section} data for this pair in {years_text(self.first, self.last)}"
        elif ys[-1] < self.last:
            rec["text"] = (
                f"{section}: {years_text(ys[0], ys[-1])}, ending before the period does "
                f"({self.last})" + (f"; {note}" if note else "")
            )
        elif ys[0] > self.first:
            rec["text"] = f"{section}: from {ys[0]}" + (f"; {note}" if note else "")
        self.coverage.append(rec)


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


def _system_dyads(year: int) -> int:
    """Number of non-directed dyads among the COW system members of ``year``."""
    reg = _states.registry()
    n = sum(1 for c in reg.states if reg.member(c, year))
    return n * (n - 1) // 2


# --- UN votes ----------------------------------------------------------------------------
def _rollcall_set(df: pd.DataFrame) -> str:
    from multipolar.measures.rollcalls import ROLLCALL_SETS

    opts = df.attrs.get("options", {}) if hasattr(df, "attrs") else {}
    chosen = str(opts.get("rollcalls", "all"))
    return f"{chosen} ({ROLLCALL_SETS.get(chosen, 'as stored')})"


def un_votes(ctx: Ctx) -> dict[str, Any]:
    st, (a, b, c) = ctx.st, ctx.codes
    out: dict[str, Any] = {
        "by_year": [],
        "by_issue": [],
        "splits": [],
        "together_against_vs": [],
        "third_power": None,
        "turning_points": {"kappa": [], "agree": []},
        "rollcalls": None,
        "span": None,
        "map": None,
    }
    lo, hi = ctx.clip("unga_rollcalls")
    vlo, vhi = ctx.span("unga_rollcalls")
    if lo > hi:
        ctx.gaps.append(f"UN votes cover {vlo}–{vhi}; {years_text(ctx.first, ctx.last)} has none.")
        ctx.cover("UN votes", "unvotes", [])
        return out
    ctx.data_end("UN votes", "unga_rollcalls")
    alld = dyadic_agreement(st, years=(lo, hi))
    out["rollcalls"] = _rollcall_set(alld)
    pick = {
        (min(x, y), max(x, y)): alld[(alld["ccode1"] == min(x, y)) & (alld["ccode2"] == max(x, y))]
        for x, y in _pairs(ctx.codes)
    }
    ab = pick[(min(a, b), max(a, b))].set_index("year")
    if ab.empty:
        ctx.gaps.append(
            f"{ctx.name(a)} and {ctx.name(b)} never voted on the same contested UN roll call in "
            f"{years_text(lo, hi)}."
        )
        ctx.cover("UN votes", "unvotes", [])
        return out
    ac = pick[(min(a, c), max(a, c))].set_index("year")["agree"]
    bc = pick[(min(b, c), max(b, c))].set_index("year")["agree"]
    pct = dyad_percentile(alld, a, b, value="agree").set_index("year")
    pct_k = dyad_percentile(alld, a, b, value="kappa").set_index("year")
    med = alld.groupby("year")["agree"].median()
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
            "percentile_kappa": pct_k["percentile"].reindex(ab.index).to_numpy(),
            "median_agree": med.reindex(ab.index).to_numpy(),
        }
    )
    out["by_year"] = to_records(by_year)
    y0, y1 = int(by_year["year"].min()), int(by_year["year"].max())
    out["span"] = {"from": y0, "to": y1}
    last_year = alld[alld["year"] == y1]
    out["map"] = {"year": y1}
    for key, code in (("with_a", a), ("with_b", b)):
        part = last_year[(last_year["ccode1"] == code) | (last_year["ccode2"] == code)]
        other = np.where(part["ccode1"] == code, part["ccode2"], part["ccode1"])
        out["map"][key] = [
            {"ccode": int(o), "agree": float(v)}
            for o, v in zip(other, part["agree"], strict=True)
            if pd.notna(v)
        ]
    ctx.cover("UN votes", "unvotes", by_year["year"].tolist())
    for col in ("kappa", "agree"):
        out["turning_points"][col] = to_records(segments(by_year["year"], by_year[col]))

    chosen = str(alld.attrs.get("options", {}).get("rollcalls", "all"))
    votes, _ = vote_tables(st, rollcalls=chosen)  # the same roll calls as the agreement
    votes = votes[(votes["year"] >= y0) & (votes["year"] <= y1)]
    rollcalls = st.frame("unga_rollcalls")
    rollcalls = rollcalls[rollcalls["rcid"].isin(votes["rcid"].unique())]
    for issue, label in ISSUES.items():
        rows = agreement(votes, rollcalls, states=[a, b], issue=issue, years=(y0, y1))
        n, agree = pooled_agreement(rows)
        out["by_issue"].append({"issue": issue, "label": label, "n_votes": n, "agree": agree})
    out["by_issue_span"] = {"from": y0, "to": y1}

    live = contested(votes)
    recent = live[live["year"] > y1 - SPLIT_YEARS]
    sp = splits(recent, a, b).merge(rollcalls[["rcid", "short", "descr"]], on="rcid", how="left")
    sp["descr"] = sp["descr"].fillna(sp["short"]).fillna("")
    out["splits"] = to_records(
        sp.sort_values(["year", "rcid"], ascending=[False, False])[
            ["rcid", "year", "descr", "vote_a", "vote_b"]
        ]
    )
    tog = together_against(live, a, b, c)
    out["together_against_vs"] = to_records(tog[["year", "n_votes", "share", "strict"]])
    if not tog.empty:
        t1 = int(tog["year"].max())
        window = live[(live["year"] > t1 - EDGE) & (live["year"] <= t1)]
        fld = together_against_all(window, c)
        pooled = (
            fld.assign(hit=fld["share"] * fld["n_votes"])
            .groupby(["ccode1", "ccode2"])[["hit", "n_votes"]]
            .sum()
        )
        pooled = pooled[pooled["n_votes"] > 0]
        shares = pooled["hit"] / pooled["n_votes"]
        mine = tog[tog["year"] > t1 - EDGE]
        n = int(mine["n_votes"].sum())
        share = float((mine["share"] * mine["n_votes"]).sum() / n) if n else None
        out["third_power"] = {
            "from": int(mine["year"].min()),
            "to": t1,
            "n_votes": n,
            "share": share,
            # yes against no; the rest of ``share`` is partial (one side abstained)
            "strict_share": float(mine["strict"].sum() / n) if n else None,
            "percentile": percentile_of(share, shares.to_numpy()) if share is not None else None,
            "median": float(shares.median()) if len(shares) else None,
            "n_dyads": len(shares),
        }
    return out


# --- ideal points ------------------------------------------------------------------------
def ideal_points(ctx: Ctx) -> list[dict[str, Any]]:
    lo, hi = ctx.clip("unga_rollcalls")
    if lo > hi:
        ctx.cover("ideal points", "unvotes", [])
        return []
    try:
        df = ideal_points_for(ctx.st, states=list(ctx.codes), years=(lo, hi))
    except InputError as exc:
        ctx.gaps.append(f"No ideal points: {exc}.")
        ctx.cover("ideal points", "unvotes", [])
        return []
    for code in sorted(set(ctx.codes) - set(df["ccode"])):
        ctx.gaps.append(
            f"{ctx.name(code)} has no ideal points in {years_text(lo, hi)} (no contested votes)."
        )
    a, b, _ = ctx.codes
    both = sorted(set(df.loc[df["ccode"] == a, "year"]) & set(df.loc[df["ccode"] == b, "year"]))
    ctx.cover("ideal points", "unvotes", both)
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


def alliances(ctx: Ctx) -> list[dict[str, Any]]:
    ctx.data_end("ATOP alliance data", "atop_ddy")
    lo, hi = ctx.clip("atop_ddy")
    t = ctx.st.table("atop_ddy")
    codes = list(ctx.codes)
    sel = t.filter(t.ccode1.isin(codes) & t.ccode2.isin(codes) & (t.year >= lo) & (t.year <= hi))
    df = sel.to_pandas()
    rows: list[dict[str, Any]] = []
    for x, y in _pairs(ctx.codes):
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
    a, b, _ = ctx.codes
    ab = [r for r in rows if {r["ccode1"], r["ccode2"]} == {a, b}]
    ctx.cover(
        "alliances",
        "atop_alliance",
        [y for r in ab for y in range(r["from"], r["to"] + 1)],
        note=f"ATOP data end in {ctx.span('atop_ddy')[1]}",
    )
    if lo <= hi:
        year = hi
        n_def = t.filter((t.year == year) & (t.atop_defense == 1)).count().to_pyarrow().as_py()
        total = _system_dyads(year)
        ctx.baselines["security"] = {
            "year": year,
            "defense_share": (n_def / 2) / total if total else None,
            "n_dyads": total,
        }
    return rows


# --- capabilities ------------------------------------------------------------------------
def capabilities(ctx: Ctx) -> list[dict[str, Any]]:
    a, b, c = ctx.codes
    ctx.data_end("Capability data (NMC 7.0)", "cow_nmc")
    t = ctx.st.table("cow_nmc")
    df = t.filter(
        t.ccode.isin(list(ctx.codes)) & (t.year >= ctx.first) & (t.year <= ctx.last)
    ).to_pandas()
    if df.empty:
        ctx.gaps.append("No capability (CINC) data for these states in this period.")
        ctx.cover("capabilities", "cow_nmc", [])
        return []
    wide = df.pivot_table(index="year", columns="ccode", values="cinc").reindex(
        columns=list(ctx.codes)
    )
    out = pd.DataFrame(
        {
            "year": wide.index.astype(int),
            "cinc_a": wide[a].to_numpy(),
            "cinc_b": wide[b].to_numpy(),
            "cinc_vs": wide[c].to_numpy(),
        }
    )
    out["combined_ab"] = out["cinc_a"] + out["cinc_b"]
    both = out.dropna(subset=["cinc_a", "cinc_b"])["year"].tolist()
    ctx.cover("capabilities", "cow_nmc", both)
    return to_records(out)


# --- rivalries and disputes --------------------------------------------------------------
def rivalries(ctx: Ctx) -> list[dict[str, Any]]:
    ctx.data_end("Strategic rivalry data (Thompson & Dreyer)", "td_rivalries")
    df = ctx.st.frame("td_rivalries")
    end_of_data = int(df["endyear"].max())
    rows = []
    for x, y in _pairs(ctx.codes):
        d = _of_pair(df, x, y)
        d = d[(d["endyear"] >= ctx.first) & (d["styear"] <= ctx.last)]  # overlaps the period
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
                    "ongoing_at_end_of_data": int(r.endyear) >= end_of_data,
                }
            )
    lo, hi = ctx.clip("td_rivalries")
    if lo <= hi:
        year = hi
        active = int(((df["styear"] <= year) & (df["endyear"] >= year)).sum())
        total = _system_dyads(year)
        ctx.baselines["rivalry"] = {
            "year": year,
            "active": active,
            "share": active / total if total else None,
        }
    ctx.cover("rivalries", "td_rivalries", list(range(lo, hi + 1)))
    return rows


def disputes(ctx: Ctx) -> list[dict[str, Any]]:
    ctx.data_end("Militarized dispute data (GML MID 2.2.1)", "gml_mid_ddydisps")
    t = ctx.st.table("gml_mid_ddydisps")
    codes = list(ctx.codes)
    df = t.filter(
        t.ccode1.isin(codes) & t.ccode2.isin(codes) & (t.year >= ctx.first) & (t.year <= ctx.last)
    ).to_pandas()
    rows = []
    for x, y in _pairs(ctx.codes):
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


def _partner_rank(st: Store, code: int, other: int, year: int) -> tuple[int | None, int]:
    """Rank of ``other`` among ``code``'s trade partners in ``year`` (1 = largest), partners."""
    t = st.table("cow_trade_ndy")
    d = t.filter(((t.ccode1 == code) | (t.ccode2 == code)) & (t.year == year)).to_pandas()
    d = d.assign(
        partner=np.where(d["ccode1"] == code, d["ccode2"], d["ccode1"]),
        trade=d["flow1"].fillna(0) + d["flow2"].fillna(0),
    )
    d = d[d["trade"] > 0].sort_values("trade", ascending=False, ignore_index=True)
    hit = d.index[d["partner"] == other]
    return (int(hit[0]) + 1 if len(hit) else None), len(d)


def trade(ctx: Ctx) -> list[dict[str, Any]]:
    st, (a, b, _) = ctx.st, ctx.codes
    ctx.data_end("Trade data (COW 4.0)", "cow_trade_ndy")
    d = _dyad_years(st, "cow_trade_ndy", a, b, ctx.first, ctx.last)
    if d.empty:
        ctx.gaps.append(
            f"No COW trade data for {ctx.pair_name()} in {years_text(ctx.first, ctx.last)}."
        )
        ctx.cover("trade", "cow_trade_ndy", [])
        return []
    s = st.table("cow_trade_sy")
    tot = s.filter(s.ccode.isin([a, b]) & (s.year >= ctx.first) & (s.year <= ctx.last)).to_pandas()
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
    known = out.dropna(subset=["trade"])
    ctx.cover("trade", "cow_trade_ndy", known["year"].tolist())
    lo_t, hi_t = ctx.span("cow_trade_ndy")
    ctx.baselines["trade_span"] = {"from": lo_t, "to": hi_t}
    if not known.empty:
        year = int(known["year"].max())
        rank_b, n_a = _partner_rank(st, a, b, year)
        rank_a, n_b = _partner_rank(st, b, a, year)
        ctx.baselines["economic"] = {
            "year": year,
            "rank_b_among_a": rank_b,
            "partners_a": n_a,
            "rank_a_among_b": rank_a,
            "partners_b": n_b,
        }
    return to_records(out)


def igos(ctx: Ctx) -> list[dict[str, Any]]:
    st, (a, b, _) = ctx.st, ctx.codes
    ctx.data_end("Shared-IGO data (COW IGO 3.0)", "cow_igo_ndy")
    d = _dyad_years(st, "cow_igo_ndy", a, b, ctx.first, ctx.last)
    if d.empty:
        ctx.gaps.append(
            f"No shared-IGO data for {ctx.pair_name()} in {years_text(ctx.first, ctx.last)}."
        )
        ctx.cover("IGOs", "cow_igo_ndy", [])
        return []
    final = int(d["year"].max())
    t = st.table("cow_igo_ndy")
    year_all = t.filter(t.year == final).select("dyadigos").to_pandas()
    mine = int(d.loc[d["year"] == final, "dyadigos"].iloc[0])
    out: list[dict[str, Any]] = [
        {"year": int(r.year), "shared_igos": int(r.dyadigos), "percentile": None}
        for r in d.itertuples(index=False)
    ]
    out[-1]["percentile"] = percentile_of(float(mine), year_all["dyadigos"].to_numpy())
    ctx.baselines["igos"] = {"year": final, "median": float(year_all["dyadigos"].median())}
    ctx.cover("IGOs", "cow_igo_ndy", d["year"].tolist())
    return out


# --- blocs, events and the optional sections ---------------------------------------------
def blocs(ctx: Ctx, un: dict[str, Any]) -> dict[str, Any] | None:
    """The UN voting bloc (Leiden communities, docs/system.md) each sat in, in the last year
    of their common votes; blocs are labelled by their most powerful member, named as of then."""
    if not un.get("by_year"):
        return None
    from multipolar.explain.system import blocs_for_year

    a, b, _ = ctx.codes
    year = int(un["by_year"][-1]["year"])
    rec: dict[str, Any] = {"year": year, "ccode1": a, "ccode2": b, "same_bloc": None,
                           "bloc1": None, "bloc2": None, "n_blocs": None, "text": ""}  # fmt: skip
    try:
        res = blocs_for_year(ctx.st, year)
    except MultipolarError as exc:
        ctx.gaps.append(f"No voting blocs for {year}: {exc}.")
        return None
    na, nb = ctx.name(a, year), ctx.name(b, year)
    brief = []
    for code in (a, b):
        bl = res.bloc_of(code)
        brief.append(
            None
            if bl is None
            else {
                "id": bl["id"],
                "size": bl["size"],
                "leader": bl["leader"],
                "label": the(_states.name_in(int(bl["leader"]), year)),
            }
        )
    rec["bloc1"], rec["bloc2"], rec["n_blocs"] = brief[0], brief[1], res.n_blocs
    b1, b2 = brief
    if b1 is None or b2 is None:
        rec["text"] = (
            f"{na if b1 is None else nb} cast no UN votes counted in {year}, so it sat in no bloc."
        )
        return rec
    rec["same_bloc"] = b1["id"] == b2["id"]
    if rec["same_bloc"]:
        rec["text"] = (
            f"{na} and {nb} sat in the same UN voting bloc in {year}: the one led (in material "
            f"capabilities) by {b1['label']}, {b1['size']} states of {res.n_blocs} blocs."
        )
    else:
        rec["text"] = (
            f"{na} and {nb} sat in different UN voting blocs in {year}: {na} in the one led by "
            f"{b1['label']} ({b1['size']} states), {nb} in the one led by {b2['label']} "
            f"({b2['size']} states)."
        )
    return rec


def events(ctx: Ctx) -> dict[str, Any] | None:
    from multipolar.explain.events import events_evidence

    ev = events_evidence(ctx.codes[0], ctx.codes[1], ctx.codes[2], store=ctx.st)
    if ev is None:
        ctx.gaps.append(
            "No news event data are loaded (multipolar events import FILE adds GDELT or ICEWS "
            "events and a monthly cooperation/conflict section)."
        )
    elif ev.get("coverage", {}).get("text"):
        ctx.gaps.append(str(ev["coverage"]["text"]))
    return ev


def optional(module: str, func: str) -> Callable[..., Any] | None:
    """A function of an explain module that may not be installed yet (sanctions, forecasts)."""
    try:
        mod = importlib.import_module(f"multipolar.explain.{module}")
    except ImportError:
        return None
    fn = getattr(mod, func, None)
    return fn if callable(fn) else None


def what_they_say(ctx: Ctx) -> dict[str, Any] | None:
    """How each speaks of the other in the General Debate (:mod:`multipolar.explain.speeches`)."""
    from multipolar.explain.speeches import what_they_say as _wts

    a, b, c = ctx.codes
    try:
        rec = _wts(ctx.st, a, b, vs=c)
    except MultipolarError as exc:
        ctx.gaps.append(f"No General Debate evidence: {exc}.")
        return None
    if rec is None:
        ctx.gaps.append("The General Debate speeches (2013–2024) could not be loaded.")
        return None
    years = rec.get("years") or []
    ctx.cover("speeches", "ungdc", list(range(years[0], years[-1] + 1)) if years else [])
    return rec


def sanctions(ctx: Ctx) -> dict[str, Any] | None:
    """GSDB sanctions (:func:`multipolar.explain.sanctions.sanctions_evidence`), if installed."""
    fn = optional("sanctions", "sanctions_evidence")
    if fn is None:
        return None
    a, b, _ = ctx.codes
    try:
        rec = fn(ctx.st, a, b, ctx.first, ctx.last)
    except MultipolarError as exc:
        ctx.gaps.append(f"No sanctions evidence: {exc}.")
        ctx.cover("sanctions", "gsdb", [])
        return None
    if not isinstance(rec, dict):
        return None
    ctx.cover("sanctions", "gsdb", [r["year"] for r in rec.get("by_year") or []])
    ctx.gaps += [g for g in rec.get("gaps") or [] if g not in ctx.gaps]
    return rec


def ukraine_votes(ctx: Ctx) -> list[dict[str, Any]]:
    """Each state's vote on the resolutions of the 11th emergency special session (Ukraine).

    Empty when the stored roll calls carry no ``emergency_session`` column (votes to 2019).
    """
    rc = ctx.st.table("unga_rollcalls")
    if "emergency_session" not in rc.columns:
        return []
    sel = rc.filter(
        (rc.emergency_session == "ES-11") & (rc.year >= ctx.first) & (rc.year <= ctx.last)
    ).to_pandas()
    if sel.empty:
        return []
    votes = ctx.st.table("unga_votes")
    codes = list(ctx.codes)
    v = votes.filter(votes.rcid.isin(sel["rcid"].tolist()) & votes.ccode.isin(codes)).to_pandas()
    wide = v.pivot_table(index="rcid", columns="ccode", values="vote", aggfunc="first")
    out = []
    for r in sel.sort_values(["date", "rcid"]).itertuples(index=False):
        row = {
            "rcid": int(r.rcid),
            "date": str(getattr(r, "date", "") or ""),
            "unres": getattr(r, "unres", None),
            "title": getattr(r, "title", None) or getattr(r, "descr", None),
        }
        for key, code in zip(("vote_a", "vote_b", "vote_vs"), codes, strict=True):
            val = wide.at[r.rcid, code] if r.rcid in wide.index and code in wide.columns else None
            row[key] = (
                VOTE_WORDS.get(int(val), "?") if val is not None and pd.notna(val) else "absent"
            )
        out.append(row)
    for key, code in (("vote_a", codes[0]), ("vote_b", codes[1])):
        if out and all(r[key] == "absent" for r in out):  # not a member, or never voted
            ctx.gaps.append(f"{ctx.name(code)} cast no vote in the emergency session on Ukraine.")
            return []
    return out
