"""``why(A, B)``: every channel of evidence on why two states align, as typed records.

The package holds one module per channel (:mod:`~multipolar.explain.why.votes`,
:mod:`~multipolar.explain.why.security`, … listed in :mod:`~multipolar.explain.why.registry`),
a shared context (:mod:`~multipolar.explain.why.context`: pair, period, comparator with its
reason, names of the year, data spans from one query), the bottom line
(:mod:`~multipolar.explain.why.bottomline`) and the group view
(:mod:`~multipolar.explain.why.group`). The evidence object holds numbers and sentences only
(JSON-serialisable through :meth:`Evidence.to_dict`); ``report/why/`` renders it. docs/why.md
describes the layout and where a new channel goes.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from typing import Any

from multipolar import states as _states
from multipolar.errors import InputError
from multipolar.explain.provenance import sources_for
from multipolar.explain.why import registry
from multipolar.explain.why.bottomline import bottom_line, headline
from multipolar.explain.why.context import (
    SPINE,
    Ctx,
    comparator,
    period,
    resolve_state,
    state_record,
)
from multipolar.explain.why.context import data_spans as _spans
from multipolar.explain.why.evidence import Evidence, GroupEvidence
from multipolar.explain.why.group import why_group
from multipolar.explain.why.wording import cap
from multipolar.store import Store, connect

__all__ = ["Evidence", "GroupEvidence", "data_spans", "why", "why_group"]

#: findings kept in the report, in channel order
MAX_FINDINGS = 17  # 14 before the unsc, conflict and finance channels (one finding each)


def data_spans(st: Store, tables: Sequence[str] | None = None) -> dict[str, tuple[int, int]]:
    """First and last year of each table the channels read (or of ``tables``), one query."""
    return _spans(st, registry.tables() if tables is None else tables)


def why(
    a: str | int,
    b: str | int,
    *,
    vs: str | int | None = None,
    start: int | None = None,
    end: int | None = None,
    store: Store | None = None,
    on_stage: Callable[[str], None] | None = None,
    predecessors: bool = True,
) -> Evidence:
    """Assemble the evidence on why ``a`` and ``b`` align, compared with ``vs`` and all dyads.

    Names resolve through :func:`multipolar.states.resolve` ("China", "PRC", "Beijing").
    ``start``/``end`` bound the period (default: from the first year both states were in the
    system and the UN votes begin, to the last year of the UN votes in the store or the last
    year both existed). ``vs`` defaults to the first of the United States, Russia and China that
    is not one of the pair (against an ally of both, the channels against a third power are
    not applicable), and :attr:`Evidence.comparator` says why. Each
    channel states the years its data cover (:attr:`Evidence.coverage`), whether it applies
    (:attr:`Evidence.not_applicable`), and its verdict with rule and base rate
    (:attr:`Evidence.evidence_matrix`). ``on_stage`` is told what is being computed.

    Example: ``why("China", "Russia").bottom_line["text"]`` weighs the evidence matrix in a few
    sentences; ``.findings[0]["text"]`` narrates the UN-vote series with observed values.
    """
    own = store is None
    st = store if store is not None else connect()
    stage = on_stage or (lambda _msg: None)
    try:
        spans = data_spans(st, registry.tables())
        if SPINE not in spans:
            raise InputError("no UN votes in the store; run `multipolar data pull`")
        year_hint = end if end is not None else spans[SPINE][1]
        if start is not None and end is None:
            year_hint = max(start, year_hint) if start > spans[SPINE][1] else year_hint
        sa, sb = (resolve_state(x, year_hint, start) for x in (a, b))
        if sa.ccode == sb.ccode:
            raise InputError(
                f"{a!r} and {b!r} are the same state ({sa.name}); name two different states"
            )
        first, last = period(sa.ccode, sb.ccode, start, end, spans)
        ctx = Ctx(st, (sa.ccode, sb.ccode, 0), first, last, spans, predecessors=predecessors)
        if vs is None:
            code, reason = comparator((sa.ccode, sb.ccode), ctx)
            sc = _states.state(code)
        else:
            sc = resolve_state(vs, year_hint, start)
            reason = "chosen with --vs"
        if sc.ccode in (sa.ccode, sb.ccode):
            reason += "; it is one of the pair, so the channels against a third power do not apply"
        ctx.codes = (sa.ccode, sb.ccode, sc.ccode)
        ctx.comparator_reason = reason
        ev = Evidence(
            states={
                k: state_record(s, last)
                for k, s in zip(("a", "b", "vs"), (sa, sb, sc), strict=True)
            },
            period={"from": first, "to": last},
            comparator={
                "ccode": sc.ccode,
                "name": _states.name_in(sc.ccode, last),
                "reason": reason,
            },
        )
        for ch in registry.CHANNELS:
            reason_na = ch.applies(ctx)
            if reason_na:
                ev.not_applicable[ch.key] = reason_na
            stage(ch.stage)
            data = ch.collect(ctx)
            data = ch.empty if data is None else data
            ctx.memo[ch.field] = data
            ev.sections[ch.field] = data
        ev.gaps, ev.coverage, ev.baselines = ctx.gaps, ctx.coverage, ctx.baselines
        found: list[dict[str, Any]] = []
        for ch in registry.CHANNELS:
            found += ch.findings(ev)
        for f in found:
            f["text"] = cap(f["text"])
        ev.findings = found[:MAX_FINDINGS]
        for ch in registry.CHANNELS:
            r = ch.row(ev) if ch.row else None
            if r is not None:
                ev.evidence_matrix.append({**r, "title": ch.title})
        ev.bottom_line = bottom_line(ev, registry.CHANNELS)
        ev.title, ev.subtitle = headline(ev)
        ev.charts = [c for ch in registry.CHANNELS for c in ch.chart(ev)]
        names = [
            n
            for ch in registry.CHANNELS
            if ev.sections.get(ch.field)
            for n in (ch.cards or ch.tables)
        ]
        # a table read for the pair's years is cited though it held no row for them: "0
        # dispute-years in 2005-2014" is a finding of MID 5.0
        names += [c["source"] for c in ev.coverage if c["from"] is not None]
        ev.sources = sources_for([*names, "cow_states"], st)
        events = ev.sections.get("events")
        if events:
            ev.sources += [
                {
                    "name": "events",
                    "version": "imported",
                    "coverage": (events.get("coverage") or {}).get("text"),
                    "citation": c,
                    "bibtex_key": None,
                }
                for c in events.get("citations", [])
            ]
        return ev
    finally:
        if own:
            st.close()
