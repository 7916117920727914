"""Channel ``finance``: Chinese official finance to the partner of China (AidData aggregates).

The numbers are those of :func:`multipolar.explain.finance.chinese_finance_evidence`; the
verdict is :func:`multipolar.explain.finance.finance_matrix_row` under
:data:`multipolar.explain.finance.RULE`: not applicable unless one of the pair is China;
supported if the partner is among the top tenth of recipients over the years of the period with
data (constant 2021 US$), mixed if in the top half, not supported otherwise; no data if it has
no recorded commitment. The base rate is the median recipient's sum. Every figure is stated as
AidData aggregates (commitments, not disbursements).
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from multipolar.errors import MultipolarError
from multipolar.explain.finance import CHINA, chinese_finance_evidence, finance_matrix_row
from multipolar.explain.provenance import cite
from multipolar.explain.why.channel import Channel, matrix_row, restate
from multipolar.explain.why.charts import COLORS, chart
from multipolar.explain.why.context import Ctx
from multipolar.explain.why.wording import largest, nm

if TYPE_CHECKING:
    from multipolar.explain.why.evidence import Evidence

TABLES = ("aiddata_gcdf_sy",)
KEY = "finance"


def applies(ctx: Ctx) -> str | None:
    a, b, _ = ctx.codes
    if CHINA in (a, b):
        return None
    return "neither is China: the data (AidData) record Chinese official finance only"


def collect(ctx: Ctx) -> dict[str, Any] | None:
    a, b, _ = ctx.codes
    if CHINA not in (a, b):
        return None
    try:
        rec = chinese_finance_evidence(ctx.st, a, b, ctx.first, ctx.last)
    except MultipolarError as exc:
        ctx.gaps.append(f"No Chinese-finance evidence: {exc}.")
        ctx.cover("Chinese official finance", "aiddata_gcdf", [])
        return None
    ctx.gaps += [g for g in rec["gaps"] if g not in ctx.gaps]
    recorded = [r["year"] for r in rec["by_year"] if r["total_adj"] is not None]
    ctx.cover("Chinese official finance", "aiddata_gcdf", recorded)
    if rec.get("totals"):
        t = rec["totals"]
        ctx.baselines[KEY] = {
            "median_recipient_adj": t["median_recipient_adj"],
            "n_recipients": t["n_recipients"],
        }
    return rec


def _bn(x: float) -> str:
    return f"US$ {x / 1e9:,.1f} bn"


def findings(ev: Evidence) -> list[dict[str, Any]]:
    rec = ev.sections.get("chinese_finance")
    if not rec or not rec.get("totals") or rec["totals"]["rank"] is None:
        return []
    t = rec["totals"]
    lo, hi = rec["period"]["from"], rec["period"]["to"]
    partner = nm(rec["partner"], hi)
    top = sorted(
        (r for r in rec["by_year"] if r["total_adj"] is not None),
        key=lambda r: -r["total_adj"],
    )[:2]
    text = (
        f"China committed {_bn(t['total_adj'])} of official finance to {partner} in {lo}–{hi} "
        f"(AidData aggregates, constant 2021 US$), the {largest(t['rank'])} sum of "
        f"{t['n_recipients']} recipients ({100 * t['share']:.1f}% of the total; the median "
        f"recipient {_bn(t['median_recipient_adj'])})"
    )
    if top:
        text += "; the largest years: " + ", ".join(
            f"{r['year']} ({_bn(r['total_adj'])})" for r in top
        )
    text += ". Commitments, not disbursements."
    return [{"text": text, "source": cite(*TABLES), "values": {**t, "top_years": top}}]


def row(ev: Evidence) -> dict[str, Any]:
    rec = ev.sections.get("chinese_finance")
    reason = ev.not_applicable.get(KEY)
    driver = "Official finance from China"
    measure = "commitments to the partner (AidData aggregates), rank among recipients"
    if reason or not rec:
        return matrix_row(KEY, driver, measure, None, None, "n/a", "not applicable",
                          reason or "the AidData aggregates are not loaded")  # fmt: skip
    r = finance_matrix_row(rec)
    t = rec.get("totals") or {}
    score = None
    if t.get("rank") is not None and t.get("n_recipients"):
        score = 100.0 * (t["n_recipients"] - t["rank"]) / t["n_recipients"]
    period = rec.get("period")
    return restate(
        KEY, r, driver=driver, score=score, last_year=int(period["to"]) if period else None
    )


def charts(ev: Evidence) -> list[dict[str, Any]]:
    rec = ev.sections.get("chinese_finance")
    if not rec or not rec.get("by_year") or not rec.get("totals"):
        return []
    by = rec["by_year"]
    hi = rec["period"]["to"]
    return [
        chart(
            "finance",
            f"Chinese official finance to {nm(rec['partner'], hi)} (AidData aggregates)",
            "US$ bn, constant 2021",
            [
                {
                    "type": "bar",
                    "x": [r["year"] for r in by],
                    "y": [None if r["total_adj"] is None else r["total_adj"] / 1e9 for r in by],
                    "name": "commitments",
                    "marker": {"color": COLORS["pair"]},
                }
            ],
            cite(*TABLES),
            caption="Commitments in the year signed; a year without a bar has no recorded "
            "commitment (not zero).",
        )
    ]


CHANNEL = Channel(
    key=KEY,
    field="chinese_finance",
    title="Chinese official finance",
    stage="Chinese official finance (AidData)",
    tables=TABLES,
    collect=collect,
    findings=findings,
    row=row,
    applies=applies,
    chart=charts,
    tie=True,
    empty=None,
    tier=6,
)
