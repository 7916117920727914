"""Channel ``economic``: trade between the two (COW Trade 4.0) and each one's rank among the
other's partners.

Missing is never zero: a year with no value in both directions is missing; a run of years in
which COW reports 0 in both directions between years with trade (China–Soviet Union 1960–63,
when COW has no figures for the pair) is read as not recorded and shown as missing, and a gap
sentence says so.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

import pandas as pd

from multipolar.explain.provenance import cite
from multipolar.explain.why.channel import Channel, matrix_row
from multipolar.explain.why.charts import COLORS, chart, line
from multipolar.explain.why.context import Ctx
from multipolar.explain.why.wording import (
    change_word,
    largest,
    nm,
    ordinal,
    pct,
    possessive,
    spells,
    years_text,
)
from multipolar.jsonutil import to_records

if TYPE_CHECKING:
    from multipolar.explain.why.evidence import Evidence

TABLES = ("cow_trade_ndy", "cow_trade_sy")


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


def _partner_rank(ctx: Ctx, code: int, other: int, year: int) -> tuple[int | None, int]:
    """Rank of ``other`` among ``code``'s trade partners in ``year`` (1 = largest), partners."""
    row = ctx.st.raw.execute(
        """
        WITH p AS (
          SELECT CASE WHEN ccode1 = $1 THEN ccode2 ELSE ccode1 END AS partner,
                 coalesce(flow1, 0) + coalesce(flow2, 0) AS trade
          FROM cow_trade_ndy WHERE (ccode1 = $1 OR ccode2 = $1) AND year = $2
        ), r AS (SELECT partner, rank() OVER (ORDER BY trade DESC) AS rk FROM p WHERE trade > 0)
        SELECT (SELECT rk FROM r WHERE partner = $3), (SELECT count(*) FROM r)
        """,
        [code, year, other],
    ).fetchone()
    if row is None:
        return None, 0
    return (int(row[0]) if row[0] is not None else None), int(row[1])


def collect(ctx: Ctx) -> list[dict[str, Any]]:
    a, b, _ = ctx.codes
    ctx.data_end("Trade data (COW 4.0)", "cow_trade_ndy")
    d = ctx.st.raw.execute(
        "SELECT year, flow1, flow2 FROM cow_trade_ndy WHERE ccode1 = ? AND ccode2 = ? "
        "AND year BETWEEN ? AND ? ORDER BY year",
        [min(a, b), max(a, b), ctx.first, ctx.last],
    ).df()
    if d.empty:
        ctx.gaps.append(
            f"No COW trade data for {ctx.pair_name()} in {years_text(ctx.first, ctx.last)}."
        )
        ctx.cover("trade", "cow_trade_ndy", [])
        return []
    tot = ctx.st.raw.execute(
        "SELECT ccode, year, imports + exports AS total FROM cow_trade_sy "
        "WHERE ccode IN (?, ?) AND year BETWEEN ? AND ?",
        [a, b, ctx.first, ctx.last],
    ).df()
    tot = tot.pivot_table(index="year", columns="ccode", values="total").reindex(columns=[a, b])
    flow = d["flow1"].fillna(0) + d["flow2"].fillna(0)
    flow = flow.where(~(d["flow1"].isna() & d["flow2"].isna()))
    zeros = unrecorded_zeros(flow, d["year"])
    if zeros:
        flow = flow.where(~d["year"].isin(zeros))
        runs = ", ".join(years_text(s, e) for s, e in spells(zeros))
        ctx.gaps.append(
            f"COW reports zero trade in both directions between {ctx.pair_name(zeros[0])} in "
            f"{runs}, between years with trade; read as not recorded (missing), not as no trade."
        )
    out = pd.DataFrame({"year": d["year"].astype(int).to_numpy(), "trade": flow.to_numpy()})
    out["share_a"] = out["trade"] / tot[a].reindex(out["year"]).to_numpy()
    out["share_b"] = out["trade"] / tot[b].reindex(out["year"]).to_numpy()
    known = out.dropna(subset=["trade"])
    ctx.cover("trade", "cow_trade_ndy", known["year"].tolist())
    lo_t, hi_t = ctx.span("cow_trade_ndy")
    ctx.baselines["trade_span"] = {"from": lo_t, "to": hi_t}
    if not known.empty:
        year = int(known["year"].max())
        rank_b, n_a = _partner_rank(ctx, a, b, year)
        rank_a, n_b = _partner_rank(ctx, b, a, year)
        ctx.baselines["economic"] = {
            "year": year,
            "rank_b_among_a": rank_b,
            "partners_a": n_a,
            "rank_a_among_b": rank_a,
            "partners_b": n_b,
        }
    return to_records(out)


def findings(ev: Evidence) -> list[dict[str, Any]]:
    a, b, _ = ev.codes()
    tr = pd.DataFrame(ev.trade).dropna(subset=["trade"]) if ev.trade else pd.DataFrame()
    if tr.empty:
        return []
    r = tr.iloc[-1]
    y = int(r.year)
    A, B = nm(a, y), nm(b, y)
    data_end = int((ev.baselines.get("trade_span") or {}).get("to", y))
    last_of = (
        ", the last year of the COW trade data,"
        if y == data_end and y < ev.period["to"]
        else ", the last year with trade data for the pair,"
        if y < ev.period["to"]
        else ""
    )
    rk = ev.baselines.get("economic") or {}
    rank = ""
    if rk.get("rank_b_among_a") and rk.get("rank_a_among_b"):
        rank = (
            f"; {B} was {possessive(A)} {largest(rk['rank_b_among_a'])} trade partner "
            f"(of {rk['partners_a']}) and {A} {possessive(B)} {largest(rk['rank_a_among_b'])}"
        )
    return [
        {
            "text": (
                f"In {y}{last_of} trade between {A} and {B} was ${r.trade / 1000:,.1f} bn: "
                f"{pct(r.share_a)} of {possessive(A)} total trade and {pct(r.share_b)} of "
                f"{possessive(B)}{rank}."
            ),
            "source": cite(*TABLES),
            "values": {
                "year": y,
                "trade_musd": r.trade,
                "share_a": r.share_a,
                "share_b": r.share_b,
                **rk,
            },
        }
    ]


def row(ev: Evidence) -> dict[str, Any]:
    rk = ev.baselines.get("economic")
    driver = "Economic interdependence"
    tr = pd.DataFrame(ev.trade).dropna(subset=["trade"]) if ev.trade else pd.DataFrame()
    span = ev.baselines.get("trade_span") or {}
    if tr.empty or not rk:
        return matrix_row("economic", driver, "rank among each other's trade partners", None,
                          None, "n/a", "no data",
                          f"COW trade covers {span.get('from')}–{span.get('to')}")  # fmt: skip
    A, B = ev.name("a"), ev.name("b")
    both = tr.dropna(subset=["share_a", "share_b"])
    r0, r1 = (both if not both.empty else tr).iloc[0], tr.iloc[-1]
    ra, rb = rk.get("rank_a_among_b"), rk.get("rank_b_among_a")
    top = [x is not None and x <= 10 for x in (rb, ra)]
    verdict = "supported" if all(top) else "mixed" if any(top) else "not supported"
    return matrix_row(
        "economic",
        driver,
        f"rank of {B} among {possessive(A)} trade partners / of {A} among {possessive(B)} "
        "(share of total trade)",
        f"{pct(r0.share_a)}, {pct(r0.share_b)} in {int(r0.year)}",
        f"{ordinal(rb) if rb else '–'} / {ordinal(ra) if ra else '–'} partner in {rk['year']} "
        f"({pct(r1.share_a)}, {pct(r1.share_b)})",
        change_word(float(r0.share_a + r0.share_b), float(r1.share_a + r1.share_b), 0.01),
        verdict,
        "supported if each is among the other's 10 largest trade partners in the last year of "
        "trade data, mixed if one is (asymmetric dependence)",
        None,
        f"{A} traded with {rk['partners_a']} partners, {B} with {rk['partners_b']} in {rk['year']}",
        last_year=int(rk["year"]),
    )


def charts(ev: Evidence) -> list[dict[str, Any]]:
    tr = pd.DataFrame(ev.trade)
    if tr.empty:
        return []
    A, B = ev.name("a"), ev.name("b")
    return [
        chart(
            "trade",
            f"{A}–{B} trade as a share of each one's total trade",
            "share",
            [
                line(tr["year"], tr["share_a"], f"share of {possessive(A)} trade", COLORS["a"]),
                line(tr["year"], tr["share_b"], f"share of {possessive(B)} trade", COLORS["b"]),
            ],
            cite(*TABLES),
            caption="Gaps are years without a recorded value (never drawn as zero).",
        )
    ]


CHANNEL = Channel(
    key="economic",
    field="trade",
    title="Trade partners (rank)",
    stage="trade (COW)",
    tables=TABLES,
    collect=collect,
    findings=findings,
    row=row,
    chart=charts,
    tie=True,
    empty=[],
)
