"""Channel ``sanctions``: shared external pressure -- Western sanctions on both (GSDB V3).

Counted as sender decisions: a sender is counted as GSDB records it (the EU is one sender, not
its 27 members), a case is one case. The pair is compared with pairs of similar exposure: the
pairs of states that are both targets of at least one Western sender in the same year (every
pair the United States or the EU touches would otherwise rank near the top). The cases behind
the shared senders are named, and where a sender's cases against one of the two end before
the GSDB data do, the finding says so (e.g. the EU's Iran cases end in 2016 in GSDB).

Verdict (last GSDB year of the period): not applicable when either of the two is itself a
Western sender state that year (the pressure would come from its own side); supported if they
share at least two Western senders, rank at or above the 75th percentile of similarly exposed
pairs, and neither sanctions the other directly; mixed if they share at least one sender in
the last five years; not supported otherwise.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

import numpy as np
import pandas as pd

from multipolar.errors import MultipolarError, NotLoadedError
from multipolar.explain.provenance import cite
from multipolar.explain.sanctions import _expanded, sanctions_evidence
from multipolar.explain.why.channel import Channel, matrix_row
from multipolar.explain.why.context import Ctx
from multipolar.explain.why.wording import EDGE, listing, nm, percentile_text, plural
from multipolar.measures.coalition import percentile_of
from multipolar.measures.sanctions import western_state_years
from multipolar.sources.gsdb import group_memberships, western_definition

if TYPE_CHECKING:
    from multipolar.explain.why.evidence import Evidence

TABLES = ("gsdb_cases", "gsdb_sanctions_dyad")
MIN_SHARED = 2
SUPPORTED_PCT = 75.0


def _body(rows: pd.DataFrame) -> pd.Series:
    """The sender as GSDB records it: the group a row came through, else the state's code."""
    return rows["sender_via"].astype("string").fillna(rows["sender_ccode"].astype("string"))


def _body_name(key: str, year: int | None = None) -> str:
    from multipolar import states as _states

    return _states.name_in(int(key), year) if key.isdigit() else f"the {key}"


def western_state(ctx: Ctx) -> str | None:
    """Not applicable when either of the pair is a Western sender state in the last GSDB
    year of the period (Western sanctions are then its own side's pressure)."""
    lo, hi = ctx.clip("gsdb_sanctions_dyad")
    if lo > hi:
        return None
    w = western_state_years(western_definition(), group_memberships(), (hi, hi))
    a, b, _ = ctx.codes
    mine = [c for c in (a, b) if c in set(w["ccode"].astype(int))]
    if not mine:
        return None
    who = listing([ctx.name(c, hi) for c in mine])
    return (
        f"{who} {'is' if len(mine) == 1 else 'are'} counted among the Western senders in {hi} "
        "(docs/sanctions.md): common exposure to Western sanctions does not test this pair"
    )


def _similar_exposure(rows: pd.DataFrame, year: int, a: int, b: int) -> dict[str, Any] | None:
    """The pair's number of shared Western senders (as recorded) in ``year`` against the
    pairs of states that are both Western targets that year."""
    w = rows[(rows["year"] == year) & rows["western"]]
    if w.empty:
        return None
    w = w.assign(body=_body(w))
    senders = w.groupby("target_ccode")["body"].agg(lambda s: frozenset(s))
    targets = senders.index.astype(int).tolist()
    counts = [
        len(senders.iloc[i] & senders.iloc[j])
        for i in range(len(targets))
        for j in range(i + 1, len(targets))
    ]
    mine = len(senders.get(a, frozenset()) & senders.get(b, frozenset()))
    exposed = a in senders.index and b in senders.index
    return {
        "year": year,
        "n_targets": len(targets),
        "n_pairs": len(counts),
        "shared": mine,
        "both_targets": exposed,
        "percentile": percentile_of(float(mine), np.array(counts, dtype=float))
        if exposed and counts
        else None,
        "median": float(np.median(counts)) if counts else None,
    }


def _sender_ends(
    rows: pd.DataFrame, a: int, b: int, first: int, last: int, end: int
) -> list[dict[str, Any]]:
    """Western senders (as recorded) whose cases against a or b end before the GSDB data do,
    within the last ten years of the period: where each sender's record stops."""
    w = rows[rows["western"] & rows["target_ccode"].isin([a, b])]
    w = w[(w["year"] >= first) & (w["year"] <= last)]
    if w.empty:
        return []
    w = w.assign(body=_body(w))
    out = []
    for (target, body), d in w.groupby(["target_ccode", "body"]):
        y = int(d["year"].max())
        if y < end and y > last - 10:
            out.append(
                {
                    "target": int(target),
                    "sender": _body_name(str(body), y),
                    "group": not str(body).isdigit(),
                    "last_year": y,
                    "cases": sorted({int(c) for c in d["case_id"]}),
                }
            )
    # groups (the EU) first, then the senders with most cases: the ends that matter most
    return sorted(out, key=lambda r: (not r["group"], -len(r["cases"]), -r["last_year"]))


def collect(ctx: Ctx) -> dict[str, Any] | None:
    a, b, _ = ctx.codes
    try:
        rec = sanctions_evidence(ctx.st, a, b, ctx.first, ctx.last)
    except MultipolarError as exc:
        ctx.gaps.append(f"No sanctions evidence: {exc}.")
        ctx.cover("sanctions", "gsdb", [])
        return None
    ctx.cover("sanctions", "gsdb", [r["year"] for r in rec.get("by_year") or []])
    ctx.gaps += [g for g in rec.get("gaps") or [] if g not in ctx.gaps]
    by = rec.get("by_year") or []
    if not by:
        return rec
    try:
        _, rows, _ = _expanded(ctx.st)
    except NotLoadedError:
        return rec
    end = int(by[-1]["year"])
    rec["similar_exposure"] = _similar_exposure(rows, end, a, b)
    _, data_end = ctx.span("gsdb_sanctions_dyad")
    rec["sender_ends"] = _sender_ends(rows, a, b, ctx.first, end, data_end)
    names = set(by[-1].get("shared_names") or [])
    rec["shared_cases_last_year"] = [
        c
        for c in rec.get("cases") or []
        if c["shared"] and c["begin"] <= end <= c["end"] and c["western"]
    ]
    rec["shared_senders_last_year"] = sorted(names)
    return rec


def _verdict(ev: Evidence) -> tuple[str, dict[str, Any]]:
    s = ev.sanctions or {}
    by = s.get("by_year") or []
    final = by[-1]
    sim = s.get("similar_exposure") or {}
    direct_now = any(
        m["direct"] and m["from"] <= final["year"] <= m["to"]
        for m in s.get("one_sanctions_other") or []
    )
    p = sim.get("percentile")
    n = int(final.get("shared_senders") or 0)
    recent = [r for r in by if r["year"] > final["year"] - EDGE]
    if n >= MIN_SHARED and p is not None and p >= SUPPORTED_PCT and not direct_now:
        verdict = "supported"
    elif any((r.get("shared_senders") or 0) >= 1 for r in recent):
        verdict = "mixed"
    else:
        verdict = "not supported"
    return verdict, {"final": final, "similar": sim, "direct_now": direct_now}


def findings(ev: Evidence) -> list[dict[str, Any]]:
    s = ev.sanctions or {}
    by = s.get("by_year") or []
    if not by or ev.not_applicable.get("sanctions"):
        return []
    a, b, _ = ev.codes()
    r = by[-1]
    y = int(r["year"])
    A, B = nm(a, y), nm(b, y)
    last = ", the last year of the sanctions data (GSDB)," if y < ev.period["to"] else ""
    n = int(r.get("shared_senders") or 0)
    names = s.get("shared_senders_last_year") or []
    sim = s.get("similar_exposure") or {}
    if n:
        text = (
            f"In {y}{last} {plural(n, 'Western sender')} sanctioned both {A} and {B}"
            f" ({listing(names)}; senders as GSDB records them, the EU once)"
        )
        cases = s.get("shared_cases_last_year") or []
        if cases:
            text += (
                "; the cases: "
                + "; ".join(
                    f"case {c['case_id']} against {c['target_name']} by {c['senders']} "
                    f"({c['begin']}–{c['end']}, {c['objective']})"
                    for c in cases[:3]
                )
                + (f" and {plural(len(cases) - 3, 'more case')}" if len(cases) > 3 else "")
            )
        if sim.get("percentile") is not None:
            text += (
                f". Among the {sim['n_pairs']:,} pairs of states that were both Western targets "
                f"in {y}, that ranks {percentile_text(sim['percentile'])} (median "
                f"{plural(round(sim['median']), 'shared sender')})"
            )
        text += "."
    else:
        text = f"In {y}{last} no Western sender sanctioned both {A} and {B}."
    ends = s.get("sender_ends") or []
    if ends:
        text += (
            " In GSDB "
            + "; ".join(
                f"{e['sender']}'s cases against {nm(e['target'], e['last_year'])} end in "
                f"{e['last_year']}"
                for e in ends[:4]
            )
            + (
                f" (GSDB runs to {s.get('coverage', {}).get('to')}; an ended record is not "
                "necessarily an ended sanction)."
            )
        )
    return [{"text": text, "source": cite(*TABLES), "values": {**r, "similar_exposure": sim}}]


def row(ev: Evidence) -> dict[str, Any]:
    A, B = ev.name("a"), ev.name("b")
    driver = "Shared external pressure (Western sanctions)"
    measure = (
        f"Western senders sanctioning both {A} and {B}, counted as GSDB records them (the EU "
        "once), and the pair's percentile among pairs that are both Western targets"
    )
    rule = (
        "not applicable if either is itself a Western sender; supported if in the last GSDB "
        f"year of the period they share at least {MIN_SHARED} Western senders, rank at or above "
        f"the {SUPPORTED_PCT:.0f}th percentile of pairs that are both Western targets, and "
        f"neither sanctions the other directly; mixed if they shared a sender in any of the "
        f"last {EDGE} years; not supported otherwise"
    )
    reason = ev.not_applicable.get("sanctions")
    if reason:
        return matrix_row("sanctions", driver, measure, None, None, "n/a", "not applicable", reason)
    by = (ev.sanctions or {}).get("by_year") or []
    if not by:
        return matrix_row("sanctions", driver, measure, None, None, "n/a", "no data", rule)
    verdict, info = _verdict(ev)
    first, final, sim = by[0], info["final"], info["similar"]

    def fmt(r: dict[str, Any]) -> str:
        return f"{plural(int(r.get('shared_senders') or 0), 'shared sender')} in {r['year']}"

    now = fmt(final)
    if sim.get("percentile") is not None:
        now += f" (p{sim['percentile']:.0f} of pairs both targeted)"
    base = (
        f"{sim['n_pairs']:,} pairs were both Western targets in {sim['year']}; the median shared "
        f"{plural(round(sim['median']), 'sender')}"
        if sim.get("n_pairs")
        else None
    )
    return matrix_row(
        "sanctions",
        driver,
        measure,
        fmt(first),
        now,
        _spell_trend(by),
        verdict,
        rule,
        sim.get("percentile"),
        base,
        last_year=int(final["year"]),
    )


def _spell_trend(by: list[dict[str, Any]]) -> str:
    on = [int(r["year"]) for r in by if (r.get("shared_senders") or 0) >= 1]
    if not on:
        return "never shared"
    if on[-1] < by[-1]["year"]:
        return f"none since {on[-1] + 1}"
    start = on[-1]
    while start - 1 in on:
        start -= 1
    return f"shared since {start}" if start > by[0]["year"] else f"shared every year since {start}"


CHANNEL = Channel(
    key="sanctions",
    field="sanctions",
    title="Sanctions (shared senders)",
    stage="sanctions (GSDB)",
    tables=TABLES,
    collect=collect,
    findings=findings,
    row=row,
    applies=western_state,
    tie=False,
    empty=None,
)
