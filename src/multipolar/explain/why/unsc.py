"""Channel ``unsc``: Security Council vetoes — cast together, cast alone, or shielding the other.

The numbers are those of :func:`multipolar.explain.vetoes.veto_evidence` (one code path); the
verdict is :func:`multipolar.explain.vetoes.veto_matrix_row` under
:data:`multipolar.explain.vetoes.RULE`: not applicable unless both held a permanent seat in the
same years, or one did and its vetoes are coded as shielding the other; for two permanent
members, supported if each is the other's most frequent co-vetoer (at least 2 joint vetoes),
mixed if they vetoed together at least once, not supported if never — the base rate is the
field of ordered permanent-member pairs; for a permanent member and another state, supported if
a veto shielded it in the last 20 years of the period, mixed if only earlier. The veto list
records vetoers only (an abstention is invisible) and ends on 8 July 2022; every finding says
both.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from multipolar.errors import MultipolarError
from multipolar.explain.provenance import cite
from multipolar.explain.vetoes import veto_evidence, veto_matrix_row
from multipolar.explain.why.channel import Channel, matrix_row, restate
from multipolar.explain.why.charts import COLORS, chart
from multipolar.explain.why.context import Ctx
from multipolar.explain.why.wording import listing, nm, plural, years_text

if TYPE_CHECKING:
    from multipolar.explain.why.evidence import Evidence

TABLES = ("unsc_vetoes",)
KEY = "unsc"
LIMITS = "vetoers only (abstentions are invisible); the list ends on 8 July 2022"


def _record(ctx: Ctx) -> dict[str, Any] | None:
    if "unsc:record" not in ctx.memo:
        a, b, _ = ctx.codes
        try:
            ctx.memo["unsc:record"] = veto_evidence(ctx.st, a, b, ctx.first, ctx.last)
        except MultipolarError as exc:
            ctx.gaps.append(f"No Security Council evidence: {exc}.")
            ctx.memo["unsc:record"] = None
    rec: dict[str, Any] | None = ctx.memo["unsc:record"]
    return rec


def applies(ctx: Ctx) -> str | None:
    rec = _record(ctx)
    if rec is None:
        return "the veto list is not loaded"
    return None if rec["applicable"] else str(rec["not_applicable"])


def collect(ctx: Ctx) -> dict[str, Any] | None:
    rec = _record(ctx)
    if rec is None:
        ctx.cover("Security Council vetoes", "unsc_vetoes", [])
        return None
    ctx.gaps += [g for g in rec["gaps"] if g not in ctx.gaps]
    period = rec.get("period")
    years = list(range(period["from"], period["to"] + 1)) if period else []
    ctx.cover("Security Council vetoes", "unsc_vetoes", years, note="data end 8 July 2022")
    if rec["applicable"]:
        if rec["kind"] == "protection":
            p = rec["protection"]
            ctx.baselines[KEY] = {"rank": p["rank"], "n_protected_states": p["n_protected_states"]}
        else:
            c = rec["comparison"]
            ctx.baselines[KEY] = {
                "n_pairs": c["n_pairs"],
                "pairs_with_joint_vetoes": sum(1 for r in c["pairs"] if r["joint"] > 0),
            }
    return rec


def findings(ev: Evidence) -> list[dict[str, Any]]:
    rec = ev.sections.get("unsc")
    if not rec or not rec.get("applicable"):
        return []
    src = cite(*TABLES)
    a, b, _ = ev.codes()
    end = rec["period"]["to"]
    A, B = nm(a, end), nm(b, end)
    if rec["kind"] == "protection":
        p = rec["protection"]
        shield, shielded = (a, b) if p["vetoer"] == a else (b, a)
        first_year = int(p["drafts"][0]["date"][:4])
        last_year = int(p["drafts"][-1]["date"][:4])
        topics = sorted({d["agenda_item"] for d in p["drafts"] if d["agenda_item"]})
        text = (
            f"{nm(shield, first_year)} vetoed {plural(p['n_vetoes'], 'draft')} of the Security "
            f"Council that the veto list's crisis topic ties to {nm(shielded, last_year)} "
            f"({p['years']}), shielding it"
            + (f", the last in {last_year}" if last_year < end else "")
            + f"; {LIMITS}."
        )
        return [
            {
                "text": text,
                "source": src,
                "values": {**{k: v for k, v in p.items() if k != "drafts"}, "topics": topics},
            }
        ]
    t = rec["totals"]
    span = years_text(rec["period"]["from"], end)
    if t["joint"]:
        last_joint = rec["joint"][-1]
        cast = plural(t["a_vetoes"], "Security Council veto", "Security Council vetoes")
        text = (
            f"In {span} {A} cast {cast}, {t['joint']} with {B} (the last: "
            f"{last_joint['draft']}, {last_joint['date']}); {B} cast {t['b_vetoes']}, "
            f"{t['b_alone']} without {A}"
        )
    else:
        text = (
            f"In {span} {A} ({plural(t['a_vetoes'], 'veto', 'vetoes')}) and {B} "
            f"({plural(t['b_vetoes'], 'veto', 'vetoes')}) never vetoed a Security Council draft "
            "together"
        )
    text += f"; {LIMITS}."
    return [{"text": text, "source": src, "values": dict(t)}]


def row(ev: Evidence) -> dict[str, Any]:
    rec = ev.sections.get("unsc")
    reason = ev.not_applicable.get(KEY)
    driver = "Vetoes in the Security Council"
    measure = "vetoes cast together, or a veto shielding the other (vetoers only; to 8 July 2022)"
    if reason or not rec:
        return matrix_row(KEY, driver, measure, None, None, "n/a", "not applicable",
                          reason or "the veto list is not loaded")  # fmt: skip
    r = veto_matrix_row(rec)
    score = None
    if rec["kind"] != "protection" and r["score"] is not None:
        shares = [p["share"] for p in rec["comparison"]["pairs"] if p["share"] is not None]
        below = sum(1 for s in shares if s < r["score"])
        score = 100.0 * below / len(shares) if shares else None
    last = int(rec["period"]["to"])
    return restate(KEY, r, driver=driver, score=score, last_year=last)


def charts(ev: Evidence) -> list[dict[str, Any]]:
    rec = ev.sections.get("unsc")
    if not rec or not rec.get("applicable"):
        return []
    a, b, _ = ev.codes()
    end = rec["period"]["to"]
    if rec["kind"] == "protection":
        p = rec["protection"]
        years: dict[int, int] = {}
        for d in p["drafts"]:
            years[int(d["date"][:4])] = years.get(int(d["date"][:4]), 0) + 1
        data = [
            {
                "type": "bar",
                "x": sorted(years),
                "y": [years[y] for y in sorted(years)],
                "name": f"vetoes of {nm(p['vetoer'], end)} shielding {nm(p['protected'], end)}",
                "marker": {"color": COLORS["pair"]},
            }
        ]
        title = "Security Council vetoes shielding the other (coded from the crisis topic)"
    else:
        by = [r for r in rec["by_year"] if r["a_vetoes"] or r["b_vetoes"]]
        x = [r["year"] for r in by]
        data = [
            {"type": "bar", "x": x, "y": [r["joint"] for r in by], "name": "together",
             "marker": {"color": COLORS["pair"]}},
            {"type": "bar", "x": x, "y": [r["a_alone"] for r in by],
             "name": f"{nm(a, end)} alone", "marker": {"color": COLORS["a"]}},
            {"type": "bar", "x": x, "y": [r["b_alone"] for r in by],
             "name": f"{nm(b, end)} alone", "marker": {"color": COLORS["b"]}},
        ]  # fmt: skip
        title = "Security Council vetoes by year"
    return [
        chart(
            "unsc",
            title,
            "vetoed drafts",
            data,
            cite(*TABLES),
            caption=f"Vetoers only: an abstention is invisible; data end 8 July 2022 "
            f"({listing(['joint vetoes', 'vetoes cast alone'])} while both held a seat).",
            barmode="stack",
        )
    ]


CHANNEL = Channel(
    key=KEY,
    field="unsc",
    title="Security Council vetoes",
    stage="Security Council vetoes",
    tables=TABLES,
    collect=collect,
    findings=findings,
    row=row,
    applies=applies,
    chart=charts,
    tie=True,
    empty=None,
    tier=2,
)
