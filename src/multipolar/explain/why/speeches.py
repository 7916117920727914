"""Channel ``speeches``: what they say -- how each speaks of the other (and of the comparator)
in the UN General Debate (:mod:`multipolar.explain.speeches`). A section with findings; its
matrix row waits for a validated stance measure (issue 22), so it has none yet."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from multipolar.errors import MultipolarError
from multipolar.explain.speeches import what_they_say
from multipolar.explain.why.channel import Channel
from multipolar.explain.why.context import Ctx

if TYPE_CHECKING:
    from multipolar.explain.why.evidence import Evidence


def collect(ctx: Ctx) -> dict[str, Any] | None:
    a, b, c = ctx.codes
    try:
        rec = what_they_say(ctx.st, a, b, vs=c)
    except MultipolarError as exc:
        ctx.gaps.append(f"No General Debate evidence: {exc}.")
        return None
    if rec is None:
        ctx.gaps.append("The General Debate speeches could not be loaded.")
        return None
    years = rec.get("years") or []
    ctx.cover("speeches", "ungdc", list(range(years[0], years[-1] + 1)) if years else [])
    return rec


def findings(_ev: Evidence) -> list[dict[str, Any]]:
    return []


CHANNEL = Channel(
    key="speeches",
    field="what_they_say",
    title="What they say",
    stage="what they say (General Debate speeches; the first run codes the corpus)",
    tables=("ungdc_speeches",),
    collect=collect,
    findings=findings,
    tie=True,
    empty=None,
)
