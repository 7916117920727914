"""Channel ``speeches``: what they say -- how each speaks of the other (and of the comparator)
in the UN General Debate (:mod:`multipolar.explain.speeches`). A section with findings; its
matrix row waits for a validated stance measure (issue 22), so it has none yet."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from multipolar import states as _states
from multipolar.errors import MultipolarError
from multipolar.explain.speeches import what_they_say
from multipolar.explain.why.channel import Channel
from multipolar.explain.why.context import COMPARATORS, Ctx

if TYPE_CHECKING:
    from multipolar.explain.why.evidence import Evidence


def collect(ctx: Ctx) -> dict[str, Any] | None:
    a, b, c = ctx.codes
    if c in (a, b):  # the comparator is one of the pair: the next great power instead
        c = next(x for x in COMPARATORS if x not in (a, b))
    try:
        rec = what_they_say(ctx.st, a, b, vs=c)
    except MultipolarError as exc:
        ctx.gaps.append(f"No General Debate evidence: {exc}.")
        return None
    if rec is None:
        ctx.gaps.append("The General Debate speeches could not be loaded.")
        return None
    # the pair's years: both spoke, inside the period (the corpus runs 1946-2024 whatever the
    # pair; Germany-France, from 1990, read "speeches 1946-2024" and the subtitle "other
    # evidence 1946-2025"); the corpus span stays in ``corpus_years``
    spoke = [{int(r["year"]) for r in rec.get("speakers", {}).get(k, [])} for k in ("a", "b")]
    both = sorted(y for y in spoke[0] & spoke[1] if ctx.first <= y <= ctx.last)
    rec["corpus_years"] = rec.get("years") or []
    rec["years"] = [both[0], both[-1]] if both else []
    ctx.cover("speeches", "ungdc", both)
    # every series and total over the years the header states (both spoke, in the period)
    lo, hi = (both[0], both[-1]) if both else (ctx.first, ctx.last)
    _clip(rec, lo, hi, hi)
    return rec


def _clip(rec: dict[str, Any], first: int, last: int, named: int) -> None:
    """Keep the period's years in every series and total, and give the names of the year
    ``named`` (East Germany-Soviet Union, 1954-1990, read "Russia on East Germany" and
    "Russia's key terms" summed over 1946-2024)."""
    for d in rec.get("directions", []):
        d["by_year"] = [r for r in d["by_year"] if first <= int(r["year"]) <= last]
        for k in ("sentences", "coop", "conflict", "neutral"):
            d[k] = sum(int(r[k]) for r in d["by_year"])
        n = d["coop"] + d["conflict"]
        d["balance"] = round((d["coop"] - d["conflict"]) / n, 3) if n else None
    codes = {k: v.get("ccode") for k, v in rec.get("states", {}).items()}
    for k, code in codes.items():
        if code is not None:
            rec["states"][k]["name"] = _states.name_in(int(code), named)
    for d in rec.get("directions", []):
        x, _, y = str(d.get("key", "")).partition("_on_")
        cx, cy = codes.get(x), codes.get(y)
        if cx is not None and cy is not None:
            d["speaker"] = _states.name_in(int(cx), named)
            d["about"] = _states.name_in(int(cy), named)
    for k in ("terms", "speakers"):
        rec[k] = {
            who: [r for r in rows if first <= int(r["year"]) <= last]
            for who, rows in (rec.get(k) or {}).items()
        }


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
