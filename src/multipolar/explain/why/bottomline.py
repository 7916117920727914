"""The bottom line and the title of ``why``: the evidence matrix weighed in plain sentences.

Rules (docs/why.md): ties between the two (what they do with each other: UN votes, alliances,
trade, rivalry) come before shared context (what they share against others: together against
a third power, power, sanctions); the strongest tie is the costliest one the data support (the
channel's ``tier``: a defense pact, then joint vetoes, arms, fighting together, then trade and
finance, then UN votes, co-sponsorship and IGOs); a channel is never called "the strongest" on data that end
five or more years before the asked year without the same sentence saying so; every number
carries its year; the last years' observed movement of kappa is said with its years.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from multipolar.explain.numbers import num
from multipolar.explain.why.narrate import recent_trend
from multipolar.explain.why.wording import EDGE, listing, nm, years_text
from multipolar.sources.un_vocabulary import session_text

if TYPE_CHECKING:
    from multipolar.explain.why.channel import Channel
    from multipolar.explain.why.evidence import Evidence

#: channels whose "not supported" is open hostility (said first as the weakest)
HOSTILITY = ("conflict", "rivalry")
#: a channel whose data end this many years or more before the asked year is "old"
STALE = 5


def _short(row: dict[str, Any]) -> str:
    """``"shared membership in international organisations (55 in 2014 [p95])"``: the value's own
    brackets become square ones inside the round ones."""
    now = str(row["now"]).replace("(", "[").replace(")", "]")
    return f"{row['driver'][0].lower()}{row['driver'][1:]} ({now})"


def _brief(row: dict[str, Any], end: int) -> str:
    """``"economic interdependence (data to 2014)"``: the driver and the last year of its data."""
    driver = f"{row['driver'][0].lower()}{row['driver'][1:]}"
    last = row.get("last_year")
    return f"{driver} (data to {last})" if last is not None and last < end else driver


def _stale_note(row: dict[str, Any], end: int) -> str:
    last = row.get("last_year")
    if last is not None and end - int(last) >= STALE:
        return f", on data that end in {last}, {end - int(last)} years before {end}"
    return ""


def bottom_line(ev: Evidence, channels: tuple[Channel, ...]) -> dict[str, Any]:
    """One to three sentences that weigh the evidence matrix (see the module docstring)."""
    ties = {ch.key for ch in channels if ch.tie}
    tier = {ch.key: ch.tier for ch in channels}
    rows = [r for r in ev.evidence_matrix if r["verdict"] not in ("no data", "not applicable")]
    a, b, _ = ev.codes()
    end = ev.period["to"]
    A, B = nm(a, end), nm(b, end)
    counts = {
        v: sum(1 for r in ev.evidence_matrix if r["verdict"] == v)
        for v in ("supported", "mixed", "not supported", "not applicable", "no data")
    }
    if not rows:
        return {"text": f"The data hold no evidence on {A} and {B} in this period.",
                "counts": counts, "channels": 0, "strongest": None, "weakest": None}  # fmt: skip

    def best(rs: list[dict[str, Any]], default: float) -> dict[str, Any] | None:
        return max(
            rs, key=lambda r: r["score"] if r["score"] is not None else default, default=None
        )

    sup_ties = [r for r in rows if r["verdict"] == "supported" and r["key"] in ties]
    sup_ctx = [r for r in rows if r["verdict"] == "supported" and r["key"] not in ties]
    neg = [r for r in rows if r["verdict"] == "not supported"]
    neg_ties = [r for r in neg if r["key"] in ties]
    # the costliest supported tie (Channel.tier), whatever its percentile
    ranked = sorted(sup_ties, key=lambda r: tier.get(r["key"], 10))
    strongest = ranked[0] if ranked else best(sup_ctx, 90.0)
    # the weakest: open hostility first (fighting each other, an active rivalry), then the
    # costliest tie the data deny (Channel.tier); percentiles of different channels do not compare
    weakest = min(
        neg_ties or neg,
        key=lambda r: (r["key"] not in HOSTILITY, tier.get(r["key"], 10)),
        default=None,
    )
    na = counts["not applicable"]
    text = (
        f"On {counts['supported']} of {len(rows)} channels that apply the data support an "
        f"alignment of {A} and {B} (mixed on {counts['mixed']}, against on "
        f"{counts['not supported']}" + (f"; {na} not applicable to this pair" if na else "") + ")."
    )
    if strongest:
        kind = "tie between them" if strongest["key"] in ties else "shared context"
        at_war = any(r["key"] == "conflict" and r["verdict"] == "not supported" for r in rows)
        war = ev.sections.get("armed_conflict") or {}
        fought = war.get("years_opposite")
        each, only = war.get("years_each_other"), war.get("years_opposite_only")
        lead = (  # never call a tie "the strongest" between states fighting each other
            (  # both primary parties (India and China, 1962): not "on opposite sides of"
                f" They fought each other in an armed conflict (UCDP/PRIO: {each})"
                + (f" and were on opposite sides of one in {only}" if only else "")
                if each
                else " They fought on opposite sides of an armed conflict"
                + (f" (UCDP/PRIO: {fought})" if fought else "")
            )
            + f"; the {kind} the data still show is"
            if at_war
            else f" The strongest {kind} is"
        )
        text += f"{lead} {_short(strongest)}{_stale_note(strongest, end)}"
        if strongest["key"] not in ties:
            text += "; no tie between the two themselves is supported"
        text += "."
    others = [r for r in sup_ties if r is not strongest]
    if others:
        text += " Other ties supported: " + listing([_brief(r, end) for r in others]) + "."
    if weakest:
        text += f" The weakest: {_short(weakest)}{_stale_note(weakest, end)}."
    text += _trend_sentence(ev)
    return {
        "text": text,
        "counts": counts,
        "channels": len(rows),
        "strongest": strongest["key"] if strongest else None,
        "weakest": weakest["key"] if weakest else None,
        "order": "ties between the two before shared context",
    }


def _trend_sentence(ev: Evidence) -> str:
    """The direction of kappa now, as :func:`recent_trend` gives it: the observed movement of
    the last five years when it moved by 0.1 or more (with the years), else the last fitted
    segment with the observed last value."""
    recent = recent_trend(ev)
    if not recent:
        return ""
    if recent.get("after"):
        return (
            f" Their chance-corrected UN agreement has {recent['verb']} since {recent['since']} "
            f"(kappa {recent['last']}, after {listing(recent['after'])})."
        )
    if recent["then"]:
        return (
            f" Their chance-corrected UN agreement held steady from {recent['since']} to "
            f"{recent['year'] - 1}, then {recent['then']}."
        )
    # both observed ends when they agree with the fitted direction (Liechtenstein-Switzerland
    # read "has fallen since 2008 (kappa 0.87 in 2025)" without where it fell from)
    change = recent["kappa"] - recent["kappa_since"]
    agrees = {"rising": change > 0, "falling": change < 0}.get(recent["word"], True)
    start = (
        f"{num(recent['kappa_since'])} in {recent['since']}, "
        if agrees and recent["since"] < recent["year"]
        else ""
    )
    return (
        f" Their chance-corrected UN agreement has {recent['verb']} since {recent['since']} "
        f"(kappa {start}{num(recent['kappa'])} in {recent['year']})."
    )


def aligned(ev: Evidence) -> bool:
    """Whether the report may ask "why do they align": UN agreement in the top quarter of dyads
    or most channels supported and none of the vote channels against -- and no strategic
    rivalry active at the end of the rivalry data (India and Pakistan vote alike at the UN, as
    much of the G-77 does, but are rivals: the question would presume what is not so)."""
    rows = {r["key"]: r for r in ev.evidence_matrix}
    forums = rows.get("forums", {}).get("verdict")
    counts = ev.bottom_line.get("counts") or {}
    if rows.get("rivalry", {}).get("trend") == "rivalry ongoing":
        return False
    if forums == "supported":
        return True
    return forums == "mixed" and counts.get("supported", 0) > counts.get("not supported", 0)


def headline(ev: Evidence) -> tuple[str, str]:
    """The title (a question that fits the pair) and a subtitle stating the evidence's period."""
    a, b, c = ev.codes()
    end = ev.period["to"]
    A, B, C = nm(a, end), nm(b, end), nm(c, end)
    title = f"Why do {A} and {B} align?" if aligned(ev) else f"How closely do {A} and {B} align?"
    votes = ev.un_votes.get("span")
    other = [
        r for r in ev.coverage if r["section"] not in ("UN votes", "ideal points") and r["from"]
    ]
    o0 = min((r["from"] for r in other), default=None)
    o1 = max((r["to"] for r in other), default=None)
    parts = []
    if votes:
        parts.append(
            f"UN votes {years_text(votes['from'], votes['to'])} (to {session_text(votes['to'])})"
        )
    if o0 is not None and o1 is not None:
        parts.append(f"other evidence {years_text(o0, o1)}")
    if not parts:
        parts.append(f"no evidence in {years_text(ev.period['from'], ev.period['to'])}")
    subtitle = "; ".join(parts) + f"; compared with {C} and with all other pairs of states"
    return title, subtitle


__all__ = ["EDGE", "aligned", "bottom_line", "headline"]
