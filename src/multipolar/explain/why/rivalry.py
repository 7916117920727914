"""Channel ``rivalry``: the absence of strategic rivalry (Thompson, Sakuwa & Suhas, to 2020) and
of militarized disputes (COW MID 5.0, to 2014) between the two.

The verdict reads the last year of the rivalry data in the period: an active rivalry is "not
supported"; none, but a dispute in the ten years before the end of the dispute data in the
period, is "mixed"; neither is "supported". (The GML MID data, to 2010, stay available through
:func:`multipolar.explain.disputes.dispute_evidence` with ``source="gml"``; docs/data.md says
where the two differ.)
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from multipolar.explain.provenance import cite
from multipolar.explain.why.channel import Channel, matrix_row
from multipolar.explain.why.charts import chart
from multipolar.explain.why.context import Ctx
from multipolar.explain.why.security import _abbr, _pairs, _system_dyads
from multipolar.explain.why.wording import listing, nm, plural, years_text

if TYPE_CHECKING:
    from multipolar.explain.why.evidence import Evidence

TABLES = ("tss_rivalries", "cow_mid_ddydisps")
RIVALRIES, DISPUTES_TABLE = TABLES
#: the rivalry types of the TSS data, as flag columns
TYPES = ("positional", "spatial", "ideological", "interventionary")


def collect(ctx: Ctx) -> dict[str, Any]:
    ctx.data_end("Strategic rivalry data (Thompson, Sakuwa & Suhas)", RIVALRIES)
    ctx.data_end("Militarized dispute data (MID 5.0)", DISPUTES_TABLE)
    codes = ",".join(str(int(c)) for c in ctx.codes)
    riv = ctx.st.raw.execute(
        f"SELECT * FROM {RIVALRIES} WHERE ccode1 IN ({codes}) AND ccode2 IN ({codes}) "
        'AND "end" >= ? AND start <= ?',
        [ctx.first, ctx.last],
    ).df()
    _, end_of_data = ctx.span(RIVALRIES)
    rivalries = []
    for x, y in _pairs(ctx.codes):
        d = riv[((riv.ccode1 == x) & (riv.ccode2 == y)) | ((riv.ccode1 == y) & (riv.ccode2 == x))]
        for r in d.to_dict("records"):
            types = [t for t in TYPES if int(r[t]) == 1]
            rivalries.append(
                {
                    "pair": f"{_abbr(x)}–{_abbr(y)}",
                    "ccode1": x,
                    "ccode2": y,
                    "name": str(r["rivalry"]),
                    "from": int(r["start"]),
                    "to": int(r["end"]),
                    "types": types,
                    "ongoing_at_end_of_data": int(r["end"]) >= end_of_data,
                }
            )
    lo, hi = ctx.clip(RIVALRIES)
    if lo <= hi:
        row = ctx.st.raw.execute(
            f'SELECT count(*) FROM {RIVALRIES} WHERE start <= ? AND "end" >= ?', [hi, hi]
        ).fetchone()
        active = int(row[0]) if row else 0
        total = _system_dyads(hi)
        ctx.baselines["rivalry"] = {
            "year": hi,
            "active": active,
            "share": active / total if total else None,
        }
    ctx.cover("rivalries", RIVALRIES, list(range(lo, hi + 1)))
    d_lo, d_hi = ctx.clip(DISPUTES_TABLE)
    if d_lo <= d_hi:
        ctx.baselines["disputes"] = {"year": d_hi}
    else:  # the period starts after the dispute data end: none is known, none is counted
        ctx.baselines["disputes_end"] = ctx.span(DISPUTES_TABLE)[1]
    ctx.cover("disputes", DISPUTES_TABLE, list(range(d_lo, d_hi + 1)))
    mids = ctx.st.raw.execute(
        f"SELECT ccode1, ccode2, year, count(DISTINCT dispnum) AS n, max(hostlev) AS h "
        f"FROM {DISPUTES_TABLE} WHERE ccode1 IN ({codes}) AND ccode2 IN ({codes}) "
        "AND ccode1 < ccode2 AND year BETWEEN ? AND ? GROUP BY ALL ORDER BY year",
        [ctx.first, ctx.last],
    ).df()
    disputes = []
    for x, y in _pairs(ctx.codes):
        d = mids[(mids.ccode1 == min(x, y)) & (mids.ccode2 == max(x, y))]
        for r in d.itertuples(index=False):
            disputes.append(
                {
                    "pair": f"{_abbr(x)}–{_abbr(y)}",
                    "ccode1": x,
                    "ccode2": y,
                    "year": int(r.year),
                    "n_disputes": int(r.n),
                    "max_hostility": int(r.h),
                }
            )
    ctx.memo["disputes"] = disputes
    return {"rivalries": rivalries, "disputes": disputes}


def collect_rivalries(ctx: Ctx) -> list[dict[str, Any]]:
    return list(collect(ctx)["rivalries"])


def collect_disputes(ctx: Ctx) -> list[dict[str, Any]]:
    return list(ctx.memo.get("disputes", []))


def _of_pair(rows: list[dict[str, Any]], a: int, b: int) -> list[dict[str, Any]]:
    return [r for r in rows if {r["ccode1"], r["ccode2"]} == {a, b}]


def td_end(ev: Evidence) -> int:
    """The last year of the rivalry data in the period."""
    sp = ev.baselines.get("rivalry")
    return int(sp["year"]) if sp else ev.period["to"]


def mid_end(ev: Evidence) -> int:
    """The last year of the dispute data in the period (MID 5.0 ends in 2014)."""
    sp = ev.baselines.get("disputes")
    return int(sp["year"]) if sp else td_end(ev)


def _has_disputes(ev: Evidence) -> bool:
    """Whether the dispute data reach the period (MID 5.0 ends in 2014)."""
    return "disputes" in ev.baselines


def _no_disputes(ev: Evidence) -> str:
    """The dispute part when the period starts after the dispute data end: unknown, not 0."""
    end = ev.baselines.get("disputes_end")
    return "no dispute data in the period" + (f" (MID 5.0 ends in {end})" if end else "")


def findings(ev: Evidence) -> list[dict[str, Any]]:
    a, b, _ = ev.codes()
    src = cite(*TABLES)
    if "rivalry" not in ev.baselines:
        return [
            {
                "text": "The rivalry and dispute data (Thompson, Sakuwa & Suhas; MID 5.0) end before "
                f"{ev.period['from']}, so they say nothing about this period.",
                "source": src,
                "values": {"rivalries": [], "dispute_years": None},
            }
        ]
    end = td_end(ev)
    A, B = nm(a, end), nm(b, end)
    riv = _of_pair(ev.rivalries, a, b)
    mids = _of_pair(ev.disputes, a, b)
    n_mids = sum(r["n_disputes"] for r in mids)
    period = years_text(ev.period["from"], end)
    m_period = years_text(ev.period["from"], mid_end(ev))
    if riv or mids:
        parts = [f"a rivalry {r['from']}–{r['to']} ({', '.join(r['types'])})" for r in riv]
        text = (
            f"Thompson, Sakuwa & Suhas list {listing(parts) if parts else 'no strategic rivalry'}"
        )
        text += f" between {A} and {B}; " + (
            f"the MID 5.0 data record {plural(n_mids, 'militarized dispute-year')} in {m_period}"
            if _has_disputes(ev)
            else _no_disputes(ev)
        )
        text += f", the last in {max(r['year'] for r in mids)}." if mids else "."
        return [
            {"text": text, "source": src, "values": {"rivalries": riv, "dispute_years": n_mids}}
        ]
    if not _has_disputes(ev):
        return [
            {
                "text": f"No strategic rivalry between {A} and {B} is recorded in {period}; "
                + _no_disputes(ev)
                + ".",
                "source": src,
                "values": {"rivalries": [], "dispute_years": None},
            }
        ]
    return [
        {
            "text": f"Neither a strategic rivalry nor a militarized dispute between {A} and {B} "
            f"is recorded in {period}"
            + (
                f" (the rivalry data end in {end}, the dispute data in {mid_end(ev)})."
                if end < ev.period["to"]
                else "."
            ),
            "source": src,
            "values": {"rivalries": [], "dispute_years": 0},
        }
    ]


def row(ev: Evidence) -> dict[str, Any]:
    a, b, _ = ev.codes()
    driver = "Absence of rivalry and disputes"
    measure = "strategic rivalry; militarized dispute-years"
    if "rivalry" not in ev.baselines:
        return matrix_row("rivalry", driver, measure, None, None, "n/a", "no data",
                          "the rivalry and dispute data end before the period")  # fmt: skip
    end = td_end(ev)
    m_end = mid_end(ev)
    riv = _of_pair(ev.rivalries, a, b)
    mids = _of_pair(ev.disputes, a, b)
    active = any(r["from"] <= end <= r["to"] for r in riv)
    recent = [r for r in mids if m_end - 10 < r["year"] <= m_end] if _has_disputes(ev) else []
    verdict = "not supported" if active else "mixed" if recent else "supported"
    disputes = (
        plural(sum(r["n_disputes"] for r in recent), "dispute-year")
        # the window starts no earlier than the period (South Sudan-Sudan: 2011-2014, not
        # 2005-2014, years before South Sudan existed)
        + f" in {years_text(min(max(m_end - 9, ev.period['from']), m_end), m_end)}"
        if _has_disputes(ev)
        # USA-Israel from 2015 read "0 dispute-years in 2015-2020": MID 5.0 ends in 2014
        else _no_disputes(ev) + "; the verdict reads the rivalry data alone"
    )
    base = ev.baselines.get("rivalry")
    return matrix_row(
        "rivalry",
        driver,
        measure,
        listing([f"rivalry {r['from']}–{r['to']}" for r in riv]) or "no rivalry",
        # an active rivalry is what decides "not supported": the cell says it first (USA–Cuba
        # read "0 dispute-years in 2005–2014" beside "not supported")
        (f"rivalry active in {end}; " if active else "") + disputes,
        "rivalry ongoing" if active else ("rivalry ended" if riv else "none"),
        verdict,
        f"not supported if a strategic rivalry (TSS) is active in {end} (the end of the rivalry "
        "data in the period); mixed if not, but a militarized dispute (MID 5.0) occurred in the "
        + (
            f"10 years to {m_end} (the end of the dispute data); supported if neither"
            if _has_disputes(ev)
            else "10 years to the end of the dispute data, which end before this period: here "
            "the rivalry data alone decide"
        ),
        None,
        f"{base['active']} rivalries were active in {base['year']} ({100 * base['share']:.2f}% of "
        "dyads)"
        if base and base.get("share") is not None
        else None,
        last_year=end,
    )


def charts(ev: Evidence) -> list[dict[str, Any]]:
    if not ev.disputes:
        return []
    pairs: dict[str, list[dict[str, Any]]] = {}
    for r in ev.disputes:
        pairs.setdefault(r["pair"], []).append(r)
    data = [
        {"type": "bar", "x": [r["year"] for r in rs], "y": [r["n_disputes"] for r in rs], "name": p}
        for p, rs in pairs.items()
    ]
    return [
        chart(
            "disputes",
            "Militarized interstate disputes by year (MID 5.0)",
            "disputes",
            data,
            cite(DISPUTES_TABLE),
            barmode="stack",
        )
    ]


CHANNEL = Channel(
    key="rivalry",
    field="rivalries",
    title="No rivalry or disputes",
    stage="rivalries and disputes",
    tables=TABLES,
    collect=collect_rivalries,
    findings=findings,
    row=row,
    chart=charts,
    tie=True,
    empty=[],
    tier=10,
)
#: the disputes ride with the rivalry channel (one module); their own JSON field
DISPUTES = Channel(
    key="disputes",
    field="disputes",
    title="Disputes",
    stage="disputes",
    tables=(DISPUTES_TABLE,),
    collect=collect_disputes,
    empty=[],
)
