"""Channel ``conflict``: armed conflict (UCDP/PRIO) — fighting alongside, or against, each other.

The numbers are those of :func:`multipolar.explain.conflict.armed_conflict_evidence`; the
verdict is :func:`multipolar.explain.conflict.conflict_matrix_row` under
:data:`multipolar.explain.conflict.RULE`: over the last 10 years of the data in the period, not
supported if the two fought on opposite sides in any of them; supported if they fought
alongside each other (the same side, one of them a primary party or the side at most 20
supporting states) in at least 3 of them and never against each other; mixed if they shared a
conflict-year otherwise (a UN mission of dozens of contributors included); not applicable if
they never did. The base rate is the field of pairs of states that ever fought alongside, or
against, each other in the period.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from multipolar.errors import MultipolarError
from multipolar.explain.conflict import armed_conflict_evidence, conflict_matrix_row
from multipolar.explain.provenance import cite
from multipolar.explain.why.channel import Channel, matrix_row, restate
from multipolar.explain.why.charts import COLORS, chart
from multipolar.explain.why.context import Ctx
from multipolar.explain.why.wording import listing, nm, ordinal, plural

if TYPE_CHECKING:
    from multipolar.explain.why.evidence import Evidence

TABLES = ("ucdp_acd_cy", "ucdp_acd_sides")
KEY = "conflict"


def collect(ctx: Ctx) -> dict[str, Any] | None:
    a, b, _ = ctx.codes
    try:
        rec = armed_conflict_evidence(ctx.st, a, b, ctx.first, ctx.last)
    except MultipolarError as exc:
        ctx.gaps.append(f"No armed-conflict evidence: {exc}.")
        ctx.cover("armed conflict", "ucdp_acd", [])
        return None
    ctx.gaps += [g for g in rec["gaps"] if g not in ctx.gaps]
    period = rec.get("period")
    years = list(range(period["from"], period["to"] + 1)) if period else []
    ctx.cover("armed conflict", "ucdp_acd", years)
    if rec.get("base_rate"):
        ctx.baselines[KEY] = rec["base_rate"]
    return rec


def findings(ev: Evidence) -> list[dict[str, Any]]:
    rec = ev.sections.get("armed_conflict")
    if not rec or not rec.get("period"):
        return []
    a, b, _ = ev.codes()
    lo, hi = rec["period"]["from"], rec["period"]["to"]
    A, B = nm(a, hi), nm(b, hi)
    src = cite(*TABLES)
    parts = []
    if rec["n_years_alongside"]:
        rank = rec["base_rate"]["alongside"]["rank"]
        n = rec["base_rate"]["alongside"]["n_dyads"]
        parts.append(
            f"fought alongside each other in {plural(rec['n_years_alongside'], 'year')} "
            f"({rec['years_alongside']}; {ordinal(rank)} of the {n:,} pairs of states that ever "
            f"did in {lo}–{hi})"
        )
    mission = rec["n_years_same_side"] - rec["n_years_alongside"]
    if mission > 0:
        parts.append(
            "were on the same side only as two of more than 20 supporting states (a UN or "
            "multinational mission) in "
            + plural(mission, "more year" if rec["n_years_alongside"] else "year")
        )
    if rec["n_years_opposite"]:
        ids = sorted({c["conflict_id"] for c in rec["conflicts"] if c["relation"] == "opposite"})
        each = rec.get("years_each_other")
        if each == rec["years_opposite"]:  # both primary parties every such year
            how, also = "fought each other", ""
        else:
            how, also = "fought on opposite sides", (f"; each other in {each}" if each else "")
        parts.append(
            f"{how} in {plural(rec['n_years_opposite'], 'year')} "
            f"({rec['years_opposite']}{also}; UCDP conflicts {', '.join(map(str, ids))})"
        )
    if parts:
        text = f"In armed conflicts of {lo}–{hi}, {A} and {B} {listing(parts)}."
    else:
        text = (
            f"No armed conflict of {lo}–{hi} in the UCDP/PRIO data had both {A} and {B} among "
            "its warring states (25 or more battle deaths a year)."
        )
    return [
        {
            "text": text,
            "source": src,
            "values": {
                k: rec[k]
                for k in (
                    "years_alongside",
                    "years_same_side",
                    "years_opposite",
                    "years_each_other",
                    "n_years_alongside",
                    "n_years_same_side",
                    "n_years_opposite",
                )
            },
        }
    ]


def row(ev: Evidence) -> dict[str, Any]:
    rec = ev.sections.get("armed_conflict")
    if not rec:
        return matrix_row(KEY, "Fighting side by side, not against each other", "UCDP/PRIO",
                          None, None, "n/a", "no data", "the armed-conflict data are not loaded")  # fmt: skip
    r = conflict_matrix_row(rec)
    period = rec.get("period")
    return restate(KEY, r, last_year=int(period["to"]) if period else None)


def charts(ev: Evidence) -> list[dict[str, Any]]:
    rec = ev.sections.get("armed_conflict")
    if not rec or not rec["by_year"]:
        return []
    by = rec["by_year"]
    x = [r["year"] for r in by]
    data = [
        {"type": "bar", "x": x, "y": [1 if r["alongside"] else 0 for r in by],
         "name": "alongside", "marker": {"color": COLORS["pair"]}},
        {"type": "bar", "x": x,
         "y": [1 if r["same_side"] and not r["alongside"] else 0 for r in by],
         "name": "same side in a mission of 20+ states", "marker": {"color": COLORS["vs"]}},
        {"type": "bar", "x": x, "y": [-1 if r["opposite"] else 0 for r in by],
         "name": "opposite sides", "marker": {"color": COLORS["a"]}},
    ]  # fmt: skip
    return [
        chart(
            "conflict",
            "Armed conflicts: alongside (+1) or against (−1) each other, by year (UCDP/PRIO)",
            "",
            data,
            cite(*TABLES),
            caption="A year counts once per relation; conflicts with 25 or more battle deaths.",
            barmode="relative",
        )
    ]


CHANNEL = Channel(
    key=KEY,
    field="armed_conflict",
    title="Armed conflict (side by side)",
    stage="armed conflict (UCDP)",
    tables=TABLES,
    collect=collect,
    findings=findings,
    row=row,
    chart=charts,
    tie=True,
    cards=("ucdp_acd_cy",),
    empty=None,
    tier=4,
)
