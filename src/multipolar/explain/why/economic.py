"""Channel ``economic``: trade between the two and each one's rank among the other's partners —
IMF Direction of Trade Statistics to 2020 (Russia to 2023 as IMF estimates), COW Trade 4.0
only before DOTS starts for the pair.

The numbers come from :func:`multipolar.explain.trade.trade_evidence` (SQL on the pair's rows):
a year's trade is A's exports to B plus B's exports to A (both FOB, as each exporter reports
them, US$ m current); it is missing, never zero, unless both are reported. Every record names
its ``source``; COW years (each one's imports, summed) come only before DOTS's first year for
the pair. Russia's 2021–2023 figures are IMF estimates made while Russia does not report:
they are shown only with that label and never enter a total, a rank, the trend or the verdict.

Missing is never zero: in the COW years, a run of years in which COW reports 0 in both
directions between years with trade (China–Soviet Union 1960–63) is read as not recorded and
shown as missing, and a gap sentence says so.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

import pandas as pd

from multipolar.explain.provenance import cite
from multipolar.explain.trade import (
    TRADE_RULE,
    TRADE_TOP,
    mutual_top_share,
    trade_evidence,
)
from multipolar.explain.why.channel import Channel, matrix_row
from multipolar.explain.why.charts import COLORS, chart, line
from multipolar.explain.why.context import Ctx
from multipolar.explain.why.wording import (
    largest,
    listing,
    nm,
    ordinal,
    pct,
    spells,
    years_text,
)
from multipolar.jsonutil import to_records
from multipolar.states import possessive

if TYPE_CHECKING:
    from multipolar.explain.why.evidence import Evidence

TABLES = ("imf_dots_ndy", "cow_trade_ndy", "cow_trade_sy")
DRIVER = "Economic interdependence"


def unrecorded_zeros(trade: pd.Series, years: pd.Series) -> list[int]:
    """Years whose trade is exactly 0 inside a run bounded by non-zero years on both sides.

    >>> unrecorded_zeros(pd.Series([5.0, 0.0, 0.0, 7.0, 0.0]), pd.Series([1, 2, 3, 4, 5]))
    [2, 3]
    """
    vals = list(trade)
    yrs = [int(y) for y in years]
    out: list[int] = []
    i = 0
    while i < len(vals):
        if vals[i] == 0:
            j = i
            while j < len(vals) and vals[j] == 0:
                j += 1
            before = i > 0 and pd.notna(vals[i - 1]) and vals[i - 1] > 0
            after = j < len(vals) and pd.notna(vals[j]) and vals[j] > 0
            if before and after:
                out += yrs[i:j]
            i = j
        else:
            i += 1
    return out


def _cow_shares(ctx: Ctx, years: list[int]) -> pd.DataFrame:
    """Each one's total trade (imports + exports, COW) in the COW years, for the shares."""
    a, b, _ = ctx.codes
    if not years:
        return pd.DataFrame(columns=[a, b])
    tot = ctx.st.raw.execute(
        "SELECT ccode, year, imports + exports AS total FROM cow_trade_sy "
        "WHERE ccode IN (?, ?) AND year BETWEEN ? AND ?",
        [a, b, min(years), max(years)],
    ).df()
    return tot.pivot_table(index="year", columns="ccode", values="total").reindex(columns=[a, b])


def collect(ctx: Ctx) -> list[dict[str, Any]]:
    a, b, _ = ctx.codes
    tev = trade_evidence(ctx.st, a, b, first=ctx.first, last=ctx.last)
    d = pd.DataFrame(tev["by_year"])
    if d.empty:
        ctx.gaps.append(
            f"No trade data (IMF DOTS, COW before it) for {ctx.pair_name()} in "
            f"{years_text(ctx.first, ctx.last)}."
        )
        ctx.cover("trade", "imf_dots_ndy", [])
        return []
    d = d.rename(columns={"total_musd": "trade"})
    cow = d["source"] == "cow_trade_ndy"
    zeros = unrecorded_zeros(d.loc[cow, "trade"], d.loc[cow, "year"])
    if zeros:
        d.loc[d["year"].isin(zeros), "trade"] = None
        runs = ", ".join(years_text(s, e) for s, e in spells(zeros))
        ctx.gaps.append(
            f"COW reports zero trade in both directions between {ctx.pair_name(zeros[0])} in "
            f"{runs}, between years with trade; read as not recorded (missing), not as no trade."
        )
    tot = _cow_shares(ctx, d.loc[cow, "year"].astype(int).tolist())
    d["share_a"] = d["share_b_of_a"]
    d["share_b"] = d["share_a_of_b"]
    if cow.any():
        yrs = d.loc[cow, "year"]
        d.loc[cow, "share_a"] = (d.loc[cow, "trade"] / tot[a].reindex(yrs).to_numpy()).to_numpy()
        d.loc[cow, "share_b"] = (d.loc[cow, "trade"] / tot[b].reindex(yrs).to_numpy()).to_numpy()
    known = d.dropna(subset=["trade"])
    spans = {s["source"]: s for s in tev["sources"]}
    note = (
        f"COW Trade 4.0 before {spans['imf_dots']['from']}"
        if "cow_trade_ndy" in spans and "imf_dots" in spans
        else ""
    )
    ctx.cover("trade", "imf_dots_ndy", known["year"].tolist(), note)
    latest = tev["latest"]
    if not latest:
        ctx.gaps.append(
            f"No trade total for {ctx.pair_name()} in {years_text(ctx.first, ctx.last)}: IMF "
            "DOTS and COW never report both directions (one direction is not a total)."
        )
    if latest and latest["year"] < ctx.last:
        n = ctx.last - latest["year"]
        est = [r["year"] for r in tev["estimates"] if r.get("estimate_note")]
        ctx.gaps.append(
            f"Trade totals ({'IMF DOTS' if latest['source'] == 'imf_dots' else 'COW 4.0'}, both "
            f"directions) end in {latest['year']} for "
            f"{ctx.pair_name(latest['year'])}; the {'year' if n == 1 else 'years'} "
            f"{years_text(latest['year'] + 1, ctx.last)} {'has' if n == 1 else 'have'} none"
            + (
                f" (only one direction in {years_text(est[0], est[-1])}, an IMF estimate, "
                "Russia not reporting)."
                if est and any("Russia" in str(r["estimate_note"]) for r in tev["estimates"])
                else "."
            )
        )
    if latest:
        ctx.baselines["trade_span"] = {
            "from": int(known["year"].min()),
            "to": int(latest["year"]),
            "sources": tev["sources"],
        }
        ctx.baselines["economic"] = {
            "year": latest["year"],
            "rank_b_among_a": latest["rank_b_among_a"],
            "partners_a": latest["partners_a"],
            "rank_a_among_b": latest["rank_a_among_b"],
            "partners_b": latest["partners_b"],
            "trend": tev["trend"],
            "estimates": [
                {k: r[k] for k in ("year", "exports_ab_musd", "exports_ba_musd", "estimate_note")}
                for r in tev["estimates"]
            ],
            "mutual_top": mutual_top_share(ctx.st, int(latest["year"])),
        }
    cols = [
        "year",
        "source",
        "trade",
        "share_a",
        "share_b",
        "exports_ab_musd",
        "exports_ba_musd",
        "sides",
        "estimate_note",
        "rank_b_among_a",
        "rank_a_among_b",
    ]
    return to_records(d[cols])


def _frame(rows: list[dict[str, Any]]) -> pd.DataFrame:
    """The trade rows with a recorded value, numbers as floats (a missing share is NaN)."""
    if not rows:
        return pd.DataFrame()
    df = pd.DataFrame(rows)
    for col in ("trade", "share_a", "share_b"):
        df[col] = pd.to_numeric(df[col], errors="coerce")
    return df.dropna(subset=["trade"])


def findings(ev: Evidence) -> list[dict[str, Any]]:
    a, b, _ = ev.codes()
    rk = ev.baselines.get("economic") or {}
    tr = pd.DataFrame(ev.trade) if ev.trade else pd.DataFrame()
    if tr.empty or not rk:
        return []
    y = int(rk["year"])
    r = tr[tr["year"] == y].iloc[0]
    A, B = nm(a, y), nm(b, y)
    last_of = ", the last year with trade figures from both," if y < ev.period["to"] else ""
    dots = r.source == "imf_dots"
    source = "each one's exports to the other, IMF DOTS" if dots else "COW 4.0, each one's imports"
    table = "imf_dots_ndy" if dots else "cow_trade_ndy"
    scope = "trade with states" if dots else "total trade"
    rank = ""
    if rk.get("rank_b_among_a") and rk.get("rank_a_among_b"):
        rank = (
            f"; {B} was {possessive(A)} {largest(rk['rank_b_among_a'])} trade partner "
            f"(of {rk['partners_a']}) and {A} {possessive(B)} {largest(rk['rank_a_among_b'])}"
        )
    t = rk.get("trend") or {}
    trend = ""
    if t.get("word") not in (None, "n/a"):
        trend = (
            f" Over {t['from']}–{t['to']} it was {t['word']} "
            f"(${t['first_mean_musd'] / 1000:,.1f} bn a year in its first three years, "
            f"${t['last_mean_musd'] / 1000:,.1f} bn in its last three)."
        )
    est = [e for e in rk.get("estimates") or [] if e.get("estimate_note")]
    after = ""
    if est:
        parts = []
        for e in est:
            ab = e["exports_ab_musd"] is not None
            who, whom = (a, b) if ab else (b, a)
            v = e["exports_ab_musd"] if ab else e["exports_ba_musd"]
            parts.append(
                f"{possessive(nm(who, e['year']))} exports to {nm(whom, e['year'])} "
                f"${v / 1000:,.1f} bn in {e['year']}"
            )
        after = (
            f" After {y} only one direction is reported: {listing(parts)} "
            f"({est[0]['estimate_note']}); no total."
        )
    return [
        {
            "text": (
                f"In {y}{last_of} trade between {A} and {B} was ${r.trade / 1000:,.1f} bn "
                f"({source}): {pct(r.share_a)} of "
                f"{possessive(A)} {scope} and {pct(r.share_b)} of "
                f"{possessive(B)}{rank}.{trend}{after}"
            ),
            "source": cite(table),
            "values": {
                "year": y,
                "trade_musd": r.trade,
                "share_a": r.share_a,
                "share_b": r.share_b,
                **{k: v for k, v in rk.items() if k not in ("estimates", "mutual_top")},
                "estimates": est,
            },
        }
    ]


def row(ev: Evidence) -> dict[str, Any]:
    rk = ev.baselines.get("economic")
    if not ev.trade or not rk:
        return matrix_row("economic", DRIVER, "rank among each other's trade partners", None,
                          None, "n/a", "no data", TRADE_RULE)  # fmt: skip
    A, B = ev.name("a"), ev.name("b")
    tr = pd.DataFrame(ev.trade)
    t = rk.get("trend") or {}
    r1 = tr[tr["year"] == rk["year"]].iloc[0]
    r0 = tr[tr["year"] == t["from"]].iloc[0] if t.get("from") else None
    ra, rb = rk.get("rank_a_among_b"), rk.get("rank_b_among_a")
    top = [x is not None and x <= TRADE_TOP for x in (rb, ra)]
    verdict = "supported" if all(top) else "mixed" if any(top) else "not supported"
    mt = rk.get("mutual_top") or {}
    now = (
        f"{ordinal(rb) if rb else '–'} / {ordinal(ra) if ra else '–'} partner in {rk['year']} "
        f"({pct(r1.share_a)}, {pct(r1.share_b)})"
    )
    # Russia's 2021-2023 IMF estimates carry no total: named in the findings and gaps with their
    # label, not in this cell
    shares = [s for s in (r1.share_a, r1.share_b) if pd.notna(s)]
    return matrix_row(
        "economic",
        DRIVER,
        f"rank of {B} among {possessive(A)} trade partners / of {A} among {possessive(B)} "
        "(IMF DOTS, exports both ways; share of each one's trade with states)",
        (
            f"{pct(r0.share_a)}, {pct(r0.share_b)} in {int(r0.year)} (${r0.trade / 1000:,.1f} bn)"
            if r0 is not None
            else None
        ),
        now,
        t.get("word", "n/a"),
        verdict,
        TRADE_RULE,
        max(shares) if shares else None,
        (
            f"{pct(mt['share'])} of the {mt['pairs']:,} pairs of states with a DOTS total in "
            f"{mt['year']} are each among the other's {TRADE_TOP} largest partners"
            if mt.get("pairs")
            else None
        ),
        last_year=int(rk["year"]),
    )


def charts(ev: Evidence) -> list[dict[str, Any]]:
    tr = pd.DataFrame(ev.trade)
    if tr.empty:
        return []
    A, B = ev.name("a"), ev.name("b")
    tr = tr[tr["source"] != "cow_trade_ndy"] if (tr["source"] == "imf_dots").any() else tr
    est = tr[tr["estimate_note"].notna() & tr["trade"].isna()]
    data = [
        line(tr["year"], tr["trade"] / 1000, f"{A}–{B} trade, both directions", COLORS["pair"]),
        line(tr["year"], tr["exports_ab_musd"] / 1000, f"{possessive(A)} exports", COLORS["a"]),
        line(tr["year"], tr["exports_ba_musd"] / 1000, f"{possessive(B)} exports", COLORS["b"]),
    ]
    caption = "Gaps are years without a reported value (never drawn as zero)."
    if len(est):
        caption += (
            f" {years_text(int(est['year'].min()), int(est['year'].max()))}: one direction only, "
            f"{est['estimate_note'].iloc[0]}."
        )
    return [
        chart(
            "trade",
            f"{A}–{B} trade (US$ bn, current)",
            "US$ bn",
            data,
            cite("imf_dots_ndy"),
            caption=caption,
        )
    ]


CHANNEL = Channel(
    key="economic",
    field="trade",
    title="Trade partners (rank)",
    stage="trade (IMF DOTS)",
    tables=TABLES,
    collect=collect,
    findings=findings,
    row=row,
    chart=charts,
    tie=True,
    empty=[],
    tier=5,
)
