"""``why(A, B)``: every channel of evidence on why two states align, as typed records.

The evidence object holds numbers only (JSON-serialisable through :meth:`Evidence.to_dict`);
:mod:`multipolar.explain._why_findings` turns them into sentences and the evidence matrix, and
the report layer renders them (terminal, HTML, JSON). The UN-vote numbers come from the same
functions as ``multipolar agreement`` and ``multipolar idealpoints`` (one code path).
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import asdict, dataclass, field
from typing import Any

from multipolar import states as _states
from multipolar.errors import InputError
from multipolar.explain import _why_sections as sec
from multipolar.explain._why_findings import evidence_matrix, findings
from multipolar.explain.provenance import sources_for
from multipolar.jsonutil import jsonable
from multipolar.store import Store, connect

#: the span of all data multipolar holds, and of the UN votes (the report's spine)
DATA_SPAN = (1816, 2022)
VOTE_SPAN = (1946, 2019)


@dataclass
class Evidence:
    """All the evidence on one pair of states (A, B) and a comparator (vs)."""

    states: dict[str, dict[str, Any]]
    period: dict[str, int]
    findings: list[dict[str, Any]] = field(default_factory=list)
    evidence_matrix: list[dict[str, Any]] = field(default_factory=list)
    un_votes: dict[str, Any] = field(default_factory=dict)
    ideal_points: list[dict[str, Any]] = field(default_factory=list)
    alliances: list[dict[str, Any]] = field(default_factory=list)
    capabilities: list[dict[str, Any]] = field(default_factory=list)
    rivalries: list[dict[str, Any]] = field(default_factory=list)
    disputes: list[dict[str, Any]] = field(default_factory=list)
    trade: list[dict[str, Any]] = field(default_factory=list)
    igos: list[dict[str, Any]] = field(default_factory=list)
    blocs: dict[str, Any] | None = None
    events: dict[str, Any] | None = None
    gaps: list[str] = field(default_factory=list)
    sources: list[dict[str, Any]] = field(default_factory=list)

    def to_dict(self) -> dict[str, Any]:
        """The documented JSON schema (see docs/why.md); stable field names."""
        return jsonable(asdict(self))

    def name(self, key: str) -> str:
        return str(self.states[key]["name"])


def _state_record(st: _states.State) -> dict[str, Any]:
    return {"ccode": st.ccode, "iso3": st.iso3, "name": st.name}


def _period(a: int, b: int, start: int | None, end: int | None) -> tuple[int, int]:
    first = VOTE_SPAN[0] if start is None else start
    last = VOTE_SPAN[1] if end is None else end
    lo, hi = DATA_SPAN
    if first > last:
        raise InputError(f"--from {first} is after --to {last}")
    if last < lo or first > hi:
        raise InputError(
            f"{first}–{last} is outside the data: multipolar covers {lo}–{hi} "
            f"(UN votes {VOTE_SPAN[0]}–{VOTE_SPAN[1]}, ATOP to 2018, trade and IGOs to 2014, "
            "rivalries and MIDs to 2010, capabilities to 2022)"
        )
    if start is None:
        reg = _states.registry()
        both = [y for y in range(first, last + 1) if reg.member(a, y) and reg.member(b, y)]
        if both:
            first = both[0]
    return max(first, lo), min(last, hi)


def why(
    a: str | int,
    b: str | int,
    *,
    vs: str | int = "United States",
    start: int | None = None,
    end: int | None = None,
    store: Store | None = None,
    on_stage: Callable[[str], None] | None = None,
) -> Evidence:
    """Assemble the evidence on why ``a`` and ``b`` align, compared with ``vs`` and all dyads.

    Names resolve through :func:`multipolar.states.resolve` ("China", "PRC", "Beijing").
    ``start``/``end`` bound the period (default: from 1946, or the first year both states
    were in the system, to 2019, the last session of the UN votes). Sections without data say
    so in :attr:`Evidence.gaps` rather than disappear. ``on_stage`` is told what is being
    computed (the CLI shows it; the first ideal-point fit takes about a minute).

    Example: ``why("China", "Russia").findings[0]["text"]`` starts "In 2019 China and Russia
    cast identical votes on 79% of 87 contested UN roll calls".
    """
    year_hint = end if end is not None else VOTE_SPAN[1]
    sa, sb, sc = (_states.resolve(x, year_hint) for x in (a, b, vs))
    if sa.ccode == sb.ccode:
        raise InputError(
            f"{a!r} and {b!r} are the same state ({sa.name}); name two different states"
        )
    if sc.ccode in (sa.ccode, sb.ccode):
        raise InputError(
            f"the comparator {vs!r} is one of the pair; choose a third state with --vs"
        )
    first, last = _period(sa.ccode, sb.ccode, start, end)
    own = store is None
    st = store if store is not None else connect()
    stage = on_stage or (lambda _msg: None)
    try:
        ev = Evidence(
            states={"a": _state_record(sa), "b": _state_record(sb), "vs": _state_record(sc)},
            period={"from": first, "to": last},
        )
        codes = (sa.ccode, sb.ccode, sc.ccode)
        stage("UN votes: agreement, kappa, ranks, issues, splits")
        ev.un_votes = sec.un_votes(st, codes, first, last, ev.gaps)
        stage("ideal points (the first fit takes about a minute; later runs reuse it)")
        ev.ideal_points = sec.ideal_points(st, codes, first, last, ev.gaps)
        stage("alliances, capabilities, rivalries, disputes, trade, IGOs")
        ev.alliances = sec.alliances(st, codes, first, last, ev.gaps)
        ev.capabilities = sec.capabilities(st, codes, first, last, ev.gaps)
        ev.rivalries = sec.rivalries(st, codes, first, last, ev.gaps)
        ev.disputes = sec.disputes(st, codes, first, last, ev.gaps)
        ev.trade = sec.trade(st, codes, first, last, ev.gaps)
        ev.igos = sec.igos(st, codes, first, last, ev.gaps)
        stage("voting blocs")
        ev.blocs = sec.blocs(st, codes, ev.un_votes, ev.gaps)
        ev.events = sec.events(st, codes, ev.gaps)
        ev.findings = findings(ev)
        ev.evidence_matrix = evidence_matrix(ev)
        tables = [
            "unga_votes",
            "unga_rollcalls",
            "atop_ddy",
            "cow_nmc",
            "td_rivalries",
            "gml_mid_ddydisps",
            "cow_trade_ndy",
            "cow_trade_sy",
            "cow_igo_ndy",
            "cow_states",
        ]
        ev.sources = sources_for(tables, st)
        if ev.events:
            ev.sources += [
                {
                    "name": "events",
                    "version": "imported",
                    "coverage": ev.events.get("window"),
                    "citation": c,
                    "bibtex_key": None,
                }
                for c in ev.events.get("citations", [])
            ]
        return ev
    finally:
        if own:
            st.close()
