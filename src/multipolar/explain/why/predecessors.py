"""Section ``predecessors``: the record of a state's predecessor under another COW code,
labelled, when the pair's history runs through it.

United Germany (255) continues West Germany (260, 1955–1990), Yemen (679) the two Yemens (678,
680, to 1990), Vietnam (816) absorbed South Vietnam (817, 1954–1975); Russia and the Soviet
Union share code 365, so only their names differ. ``why(..., predecessors=False)`` (CLI
``--no-predecessors``) keeps them apart. The lineage comes from
``multipolar.states.predecessors`` (``data/state_lineage.csv``) where the state registry has it.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

from multipolar import states as _states
from multipolar.explain.numbers import num
from multipolar.explain.provenance import cite
from multipolar.explain.why import votes
from multipolar.explain.why.channel import Channel
from multipolar.explain.why.context import Ctx
from multipolar.explain.why.security import ATOP_TYPES, ORDER
from multipolar.explain.why.wording import listing, nm, spells, years_text

if TYPE_CHECKING:
    from multipolar.explain.why.evidence import Evidence

#: kinds of succession whose record the successor's history runs through (a dissolved or
#: seceded-from state is not one successor's history); absorption only when nothing else
KINDS = ("continuation", "unification")


@dataclass(frozen=True)
class Pred:
    successor: int
    predecessor: int
    first: int
    last: int
    kind: str


#: the four lineages of issue 23 item 5, used when the state registry has no lineage list
_FALLBACK = (
    Pred(255, 260, 1955, 1990, "continuation"),
    Pred(679, 678, 1926, 1990, "unification"),
    Pred(679, 680, 1967, 1990, "unification"),
    Pred(816, 817, 1954, 1975, "absorption"),
)


def lineage(code: int, first: int, last: int) -> list[Pred]:
    """Predecessors under another code whose years reach the question's period ``first``–
    ``last`` or end the year before it (West Germany 1955–1990 for a question from 1990)."""
    fn = getattr(_states, "predecessors", None)
    rows = (
        [Pred(x.successor, x.predecessor, x.first, x.last, x.kind) for x in fn(code)]
        if fn is not None
        else [p for p in _FALLBACK if p.successor == code]
    )
    rows = [p for p in rows if p.predecessor != code and p.last >= first - 1 and p.first <= last]
    main = [p for p in rows if p.kind in KINDS]
    return main or [p for p in rows if p.kind == "absorption"]


def _kappa_by_year(ctx: Ctx, x: int, y: int, lo: int, hi: int) -> list[dict[str, Any]]:
    from multipolar.explain.agreement import dyadic_agreement

    d = dyadic_agreement(ctx.st, states=[x, y], years=(lo, hi))
    d = d[((d["ccode1"] == min(x, y)) & (d["ccode2"] == max(x, y)))]
    return [
        {
            "year": int(r.year),
            "n_votes": int(r.n_votes),
            "agree": float(r.agree),
            "kappa": None if r.kappa != r.kappa else float(r.kappa),
        }
        for r in d.itertuples(index=False)
    ]


def collect(ctx: Ctx) -> list[dict[str, Any]]:
    a, b, _ = ctx.codes
    out: list[dict[str, Any]] = []
    for code, other in ((a, b), (b, a)):
        for p in lineage(code, ctx.first, ctx.last):
            reg = _states.registry()
            years = [
                y
                for y in range(p.first, p.last + 1)
                if reg.member(p.predecessor, y) and reg.member(other, y)
            ]
            if not years:
                continue
            lo, hi = years[0], years[-1]
            rec: dict[str, Any] = {
                "successor": code,
                "predecessor": p.predecessor,
                "name": _states.name_in(p.predecessor, hi),
                "kind": p.kind,
                "other": other,
                "from": lo,
                "to": hi,
                "included": ctx.predecessors,
                "un_votes": [],
                "alliances": [],
            }
            if ctx.predecessors:
                rec["un_votes"] = _kappa_by_year(ctx, p.predecessor, other, lo, hi)
                x, y = p.predecessor, other
                df = ctx.st.raw.execute(
                    f"SELECT year, {', '.join(ATOP_TYPES)} FROM atop_ddy WHERE ccode1 = ? AND "
                    "ccode2 = ? AND year BETWEEN ? AND ?",
                    [x, y, lo, hi],
                ).df()
                for col, label in ATOP_TYPES.items():
                    for s, e in spells(df.loc[df[col] == 1, "year"].astype(int).tolist()):
                        rec["alliances"].append({"type": label, "from": s, "to": e})
            out.append(rec)
    return out


def findings(ev: Evidence) -> list[dict[str, Any]]:
    out = []
    for p in ev.predecessors or []:
        pre, suc, other = p["predecessor"], p["successor"], p["other"]
        P, S, Oth = nm(pre, p["to"]), nm(suc, ev.period["to"]), nm(other, p["to"])
        # an absorbed state is not the successor's own record (Vietnam is North Vietnam's
        # code, 816; it absorbed the Republic of Vietnam, 817): said as what it is
        lead = (
            f"{S} absorbed {P}" if p["kind"] == "absorption" else f"{S}'s record runs through {P}"
        )
        head = f"{lead} (COW {pre}, {years_text(p['from'], p['to'])}, {p['kind']})"
        if not p["included"]:
            text = head + "; kept apart as asked (without --no-predecessors it is shown, labelled)."
            out.append({"text": text, "source": cite("cow_states"), "values": p})
            continue
        bits = []
        uv = [r for r in p["un_votes"] if r["kappa"] is not None]
        if uv:
            f0, f1 = uv[0], uv[-1]
            bits.append(
                f"at the UN {P} and {Oth} had kappa {num(f0['kappa'])} in {f0['year']} and "
                f"{num(f1['kappa'])} in {f1['year']}"
            )
        if p["alliances"]:
            by: dict[str, list[str]] = {}
            for r in p["alliances"]:
                by.setdefault(r["type"], []).append(years_text(r["from"], r["to"]))
            bits.append(
                "ATOP records " + "; ".join(f"{t} {listing(by[t])}" for t in ORDER if t in by)
            )
        text = (
            head
            + ", shown here labelled: "
            + ("; ".join(bits) if bits else "no UN votes or ATOP ties with " + Oth)
            + "."
        )
        out.append({"text": text, "source": votes.source() + "; " + cite("atop_ddy"), "values": p})
    return out


CHANNEL = Channel(
    key="predecessors",
    field="predecessors",
    title="Predecessors",
    stage="predecessor states",
    tables=(),
    collect=collect,
    findings=findings,
    empty=[],
)
