"""Channel ``third_power``: the pair voting together against the comparator at the UN.

The share of contested roll calls on which A and B voted alike and the comparator otherwise,
pooled over the last five years, and its percentile among all dyads without the comparator.
Not applicable when the comparator is allied (ATOP defense pact) with both in the last ATOP
year of the period: "together against an ally of both" does not test a balancing alignment.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

import pandas as pd

from multipolar import states as _states
from multipolar.explain.agreement import DEFAULT_ROLLCALLS, vote_tables
from multipolar.explain.why import votes
from multipolar.explain.why.channel import PCT_RULE, Channel, by_percentile, matrix_row
from multipolar.explain.why.charts import COLORS, chart, line
from multipolar.explain.why.context import Ctx, alternative
from multipolar.explain.why.wording import (
    EDGE,
    change_word,
    edges,
    nm,
    pct,
    percentile_text,
    plural,
    years_text,
)
from multipolar.jsonutil import to_records
from multipolar.measures.coalition import (
    contested,
    percentile_of,
    together_against,
    together_against_all,
)

if TYPE_CHECKING:
    from multipolar.explain.why.evidence import Evidence


def allied_with_both(ctx: Ctx) -> str | None:
    """The reason the comparator cannot test the pair: allied with both (ATOP, last year)."""
    a, b, c = ctx.codes
    if c in (a, b):
        return f"the comparator, {ctx.name(c)}, is one of the pair"
    pa, pb = ctx.defense_pact(a, c), ctx.defense_pact(b, c)
    if pa and pb and pa[0] and pb[0]:
        other = alternative((a, b), ctx)
        ask = (
            f" (--vs {_states.state(other).iso3} asks about {ctx.name(other, ctx.last)})"
            if other is not None
            else ""
        )
        return (
            f"{ctx.name(c, pa[1])} had a defense pact with both {ctx.name(a, pa[1])} and "
            f"{ctx.name(b, pa[1])} in {pa[1]} (ATOP, the last year of its data in the period); "
            f"an alignment against an ally of both is not what this channel can test{ask}"
        )
    return None


def collect(ctx: Ctx) -> dict[str, Any]:
    a, b, c = ctx.codes
    out: dict[str, Any] = {"by_year": [], "pooled": None}
    if allied_with_both(ctx):  # one of the pair, or an ally of both: nothing to test
        return out
    live = ctx.memo.get("contested")
    if live is None or live.empty:
        return out
    tog = together_against(live, a, b, c)
    out["by_year"] = to_records(tog[["year", "n_votes", "share", "strict"]])
    if tog.empty:
        return out
    t1 = int(tog["year"].max())
    # the field: every state's contested votes of the last EDGE years (SQL, not the panel)
    window, _ = vote_tables(ctx.st, rollcalls=DEFAULT_ROLLCALLS, years=(t1 - EDGE + 1, t1))
    window = contested(window)
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
    out["pooled"] = {
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


def findings(ev: Evidence) -> list[dict[str, Any]]:
    reason = ev.not_applicable.get("third_power")
    if reason:
        return [
            {
                "text": f"Voting together against {nm(ev.codes()[2], ev.period['to'])} is not "
                f"tested: {reason}.",
                "source": votes.source(),
                "values": {"not_applicable": reason},
            }
        ]
    tp = (ev.third_power or {}).get("pooled")
    if not tp or tp.get("share") is None:
        return []
    a, b, c = ev.codes()
    y = tp["to"]
    A, B, C = nm(a, y), nm(b, y), nm(c, y)
    rank = (
        f", which places them {percentile_text(tp['percentile'])} of the "
        f"{tp['n_dyads']:,} dyads without {C} (median {pct(tp['median'])})"
        if tp.get("percentile") is not None
        else ""
    )
    strict = (
        f" ({pct(tp['strict_share'])} in strict opposition, yes against no; "
        f"{pct(tp['share'] - tp['strict_share'])} where they or {C} abstained)"
        if tp.get("strict_share") is not None
        else ""
    )
    return [
        {
            "text": (
                f"In {years_text(tp['from'], tp['to'])} {A} and {B} voted the same way against "
                f"{C} on {pct(tp['share'])} of the {plural(tp['n_votes'], 'contested roll call')} "
                f"all three voted on{strict}{rank}."
            ),
            "source": votes.source(),
            "values": tp,
        }
    ]


def row(ev: Evidence) -> dict[str, Any]:
    C = ev.name("vs")
    driver = f"Common opposition to a third power ({C})"
    measure = (
        f"share of contested roll calls where the pair voted alike and {C} otherwise, "
        "percentile among all dyads"
    )
    reason = ev.not_applicable.get("third_power")
    if reason:
        return matrix_row("third_power", driver, measure, None, None, "n/a", "not applicable",
                          reason)  # fmt: skip
    data = ev.third_power or {}
    tp = data.get("pooled")
    if not tp or tp.get("share") is None:
        return matrix_row("third_power", driver, measure, None, None, "n/a", "no data",
                          "no roll calls all three voted on")  # fmt: skip
    tog = pd.DataFrame(data.get("by_year", []))
    then, now, y0, y1 = edges(tog, "share")
    p = tp.get("percentile")
    return matrix_row(
        "third_power",
        driver,
        measure,
        f"{pct(then)} in {years_text(y0, min(y0 + EDGE - 1, y1))}" if y1 else pct(then),
        f"{pct(tp['share'])} (p{p:.0f}) in {years_text(tp['from'], tp['to'])}"
        if p is not None
        else pct(tp["share"]),
        change_word(then, now, 0.05),
        by_percentile(p),
        f"percentile of the pair's share among all dyads without {C}, pooled over the last "
        f"{EDGE} years: {PCT_RULE}; not applicable when {C} is allied with both",
        p,
        f"the median dyad voted together against {C} on {pct(tp.get('median'))}",
        last_year=tp["to"],
    )


def charts(ev: Evidence) -> list[dict[str, Any]]:
    tog = pd.DataFrame((ev.third_power or {}).get("by_year", []))
    if tog.empty:
        return []
    A, B, C = ev.name("a"), ev.name("b"), ev.name("vs")
    return [
        chart(
            "un-together-against",
            f"Voting together against {C}",
            "share of roll calls",
            [line(tog["year"], tog["share"], f"{A} and {B} together against {C}", COLORS["vs"])],
            votes.source(),
            yrange=[0, 1],
        )
    ]


CHANNEL = Channel(
    key="third_power",
    field="third_power",
    title="Together against {vs}",
    stage="UN votes together against the comparator",
    tables=("unga_rollcalls", "atop_ddy"),
    collect=collect,
    findings=findings,
    row=row,
    applies=allied_with_both,
    chart=charts,
    tie=False,
    cards=votes.CHANNEL.cards,
    empty={"by_year": [], "pooled": None},
)
