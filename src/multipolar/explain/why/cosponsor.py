"""Channel ``cosponsor``: how often the two put their names to the same General Assembly
resolutions (sessions 74–80, 2019–2025), against every pair of UN members
(:func:`multipolar.explain.cosponsorship.cosponsorship`)."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from multipolar.explain.cosponsorship import cosponsorship
from multipolar.explain.numbers import num
from multipolar.explain.provenance import cite
from multipolar.explain.why.channel import PCT_RULE, Channel, by_percentile, matrix_row
from multipolar.explain.why.charts import COLORS, chart, line
from multipolar.explain.why.context import Ctx
from multipolar.explain.why.wording import percentile_text, plural, years_text
from multipolar.sources.un_vocabulary import session_of

if TYPE_CHECKING:
    from multipolar.explain.why.evidence import Evidence

TABLE = "unxml_sponsors"


def applies(ctx: Ctx) -> str | None:
    if not ctx.st.has_table(TABLE):
        return None  # collect says "no data"
    lo = ctx.span(TABLE)[0] if TABLE in ctx.spans else 2019
    if ctx.last < lo:
        return (
            f"the UN's records name the sponsors of resolutions from session 74 ({lo}) on; "
            f"the period ends in {ctx.last}"
        )
    return None


def collect(ctx: Ctx) -> dict[str, Any] | None:
    a, b, _ = ctx.codes
    if not ctx.st.has_table(TABLE):
        ctx.cover("Co-sponsorship", TABLE, [])
        return None
    res = cosponsorship(ctx.st, a, b, first=ctx.first, last=ctx.last)
    if res is None or (not res["total"]["n_a"] and not res["total"]["n_b"]):
        ctx.cover("Co-sponsorship", TABLE, [])
        return None
    ctx.cover("Co-sponsorship", TABLE, [r["year"] for r in res["by_year"]])
    ctx.baselines["cosponsor"] = {
        "median_jaccard": res["total"]["median_jaccard"],
        "pairs": res["total"]["pairs"],
        "period": res["period"],
    }
    return res


def _span(res: dict[str, Any]) -> str:
    p = res["period"]
    return years_text(p["from"], p["to"])


def findings(ev: Evidence) -> list[dict[str, Any]]:
    res = ev.cosponsor
    if not res:
        return []
    t = res["total"]
    A, B = ev.name("a"), ev.name("b")
    span = _span(res)
    text = (
        f"In {span} (UN General Assembly sessions {session_of(res['period']['from'])}–"
        f"{session_of(res['period']['to'])}) {A} sponsored {plural(t['n_a'], 'adopted resolution')} "
        f"in its own name and {B} {t['n_b']}; they sponsored {t['n_both']} together"
    )
    if t["jaccard"] is not None and t["percentile"] is not None:
        text += (
            f" (a Jaccard index of {t['jaccard']:.2f}; Cohen's kappa {num(t['kappa'])}, which "
            f"discounts the overlap two busy sponsors reach by chance), "
            f"{percentile_text(t['percentile'])} of the {t['pairs']:,} pairs of UN members by "
            f"kappa (the median pair: {num(t['median_kappa'])})"
        )
    text += "."
    if res["contested"]:
        c = res["contested"][0]
        text += (
            f" The jointly sponsored resolution most opposed in the vote: {c['symbol']}, "
            f"\u201c{c['title']}\u201d ({c['year']}: {_count(c['yes_count'])} yes, "
            f"{_count(c['no_count'])} no, {_count(c['abstain_count'])} abstentions)."
        )
    return [{"text": text, "source": cite(TABLE), "values": t}]


def _count(x: Any) -> str:
    """An official count as text; "?" where the record has none (never 0)."""
    return "?" if x is None or x != x else str(int(x))


def row(ev: Evidence) -> dict[str, Any]:
    driver = "Co-sponsoring General Assembly resolutions"
    measure = (
        "resolutions sponsored together: Cohen's kappa of the two sponsor lists, percentile "
        "among member pairs"
    )
    res = ev.cosponsor
    if not res:
        return matrix_row("cosponsor", driver, measure, None, None, "n/a", "no data",
                          "no sponsor lists in the period (the UN's records hold them for "
                          "sessions 74–80, 2019–2025)")  # fmt: skip
    t = res["total"]
    years = [r for r in res["by_year"] if r["jaccard"] is not None]
    first = years[0] if years else None
    p = t["percentile"]
    return matrix_row(
        "cosponsor",
        driver,
        measure,
        f"{plural(first['n_both'], 'resolution')} sponsored together in {first['year']}"
        if first
        else None,
        f"kappa {num(t['kappa'])} (p{p:.0f}) in {_span(res)}" if p is not None else None,
        "n/a" if not years else _trend(years),
        by_percentile(p),
        f"percentile of the pair's kappa among all pairs of UN members in the same years: {PCT_RULE}",
        p,
        f"the median pair: kappa {num(t['median_kappa'])} in {_span(res)}"
        if t["median_kappa"] is not None
        else None,
        last_year=res["period"]["to"],
    )


def _trend(years: list[dict[str, Any]]) -> str:
    lo, hi = years[0]["jaccard"], years[-1]["jaccard"]
    if abs(hi - lo) < 0.05:
        return "steady"
    return "rising" if hi > lo else "falling"


def charts(ev: Evidence) -> list[dict[str, Any]]:
    res = ev.cosponsor
    if not res:
        return []
    ys = [r["year"] for r in res["by_year"]]
    return [
        chart(
            "cosponsor",
            f"Resolutions {ev.name('a')} and {ev.name('b')} sponsored together (Jaccard index)",
            "Jaccard index",
            [line(ys, [r["jaccard"] for r in res["by_year"]], "the pair", COLORS["pair"])],
            cite(TABLE),
        )
    ]


CHANNEL = Channel(
    key="cosponsor",
    field="cosponsor",
    title="Co-sponsorship",
    stage="co-sponsorship (UN records)",
    tables=(TABLE,),
    cards=("unga_unxml",),
    collect=collect,
    findings=findings,
    row=row,
    applies=applies,
    chart=charts,
    tie=True,
    tier=8,
)
