"""``why(A, B)``: every channel of evidence on why two states align, as typed records.

The evidence object holds numbers only (JSON-serialisable through :meth:`Evidence.to_dict`);
:mod:`multipolar.explain._why_findings` turns them into sentences, a bottom line and the
evidence matrix, and the report layer renders them (terminal, HTML, JSON). The UN-vote numbers
come from the same functions as ``multipolar agreement`` and ``multipolar idealpoints`` (one
code path).

Periods come from the data, never from constants: the default runs from the first year both
states were in the system (and the UN votes begin) to the last year of the UN votes in the
store, or the last year both states existed; every section then states the years its own data
cover for this pair (:attr:`Evidence.coverage`), and names are those of the year
(:func:`multipolar.states.name_in`): "Soviet Union" in 1990, "Russia" in 2019.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import asdict, dataclass, field
from typing import Any, ClassVar

import pandas as pd

from multipolar import states as _states
from multipolar.errors import InputError, UnknownStateError
from multipolar.explain import _why_sections as sec
from multipolar.explain._why_findings import bottom_line, evidence_matrix, findings, headline
from multipolar.explain.provenance import sources_for
from multipolar.jsonutil import jsonable, to_records
from multipolar.store import Store, connect

__all__ = ["Evidence", "GroupEvidence", "data_spans", "why", "why_group"]

#: the tables the report reads, and the one whose span sets the default period
TABLES = (
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
)
SPINE = "unga_rollcalls"
#: default comparators, in order: the first that is not one of the pair
COMPARATORS = (2, 365, 710)


@dataclass
class Evidence:
    """All the evidence on one pair of states (A, B) and a comparator (vs)."""

    states: dict[str, dict[str, Any]]
    period: dict[str, int]
    title: str = ""
    subtitle: str = ""
    bottom_line: dict[str, Any] = field(default_factory=dict)
    findings: list[dict[str, Any]] = field(default_factory=list)
    evidence_matrix: list[dict[str, Any]] = field(default_factory=list)
    coverage: list[dict[str, Any]] = field(default_factory=list)
    baselines: dict[str, Any] = field(default_factory=dict)
    un_votes: dict[str, Any] = field(default_factory=dict)
    ukraine_votes: list[dict[str, Any]] = field(default_factory=list)
    ideal_points: list[dict[str, Any]] = field(default_factory=list)
    alliances: list[dict[str, Any]] = field(default_factory=list)
    capabilities: list[dict[str, Any]] = field(default_factory=list)
    rivalries: list[dict[str, Any]] = field(default_factory=list)
    disputes: list[dict[str, Any]] = field(default_factory=list)
    trade: list[dict[str, Any]] = field(default_factory=list)
    igos: list[dict[str, Any]] = field(default_factory=list)
    blocs: dict[str, Any] | None = None
    events: dict[str, Any] | None = None
    sanctions: dict[str, Any] | None = None
    what_they_say: dict[str, Any] | None = None
    outlook: dict[str, Any] | None = None
    gaps: list[str] = field(default_factory=list)
    sources: list[dict[str, Any]] = field(default_factory=list)

    #: set by :mod:`multipolar.report.why_html` when imported, as ``multipolar.why`` does (the
    #: report layer renders; this layer only holds the numbers)
    html_renderer: ClassVar[Callable[[dict[str, Any]], str] | None] = None

    def to_dict(self) -> dict[str, Any]:
        """The documented JSON schema (see docs/why.md); stable field names."""
        return jsonable(asdict(self))

    def name(self, key: str) -> str:
        return str(self.states[key]["name"])

    def _repr_html_(self) -> str | None:
        """Rich display in Jupyter: title, bottom line, findings and the evidence matrix."""
        render = Evidence.html_renderer
        return render(self.to_dict()) if render is not None else None

    def __repr__(self) -> str:
        return f"<Evidence {self.title} {self.subtitle}>"


def data_spans(st: Store, tables: Sequence[str] = TABLES) -> dict[str, tuple[int, int]]:
    """First and last year of each stored table (what the data cover, not what was asked)."""
    out: dict[str, tuple[int, int]] = {}
    for name in tables:
        t = st.table(name)
        col = "year" if "year" in t.columns else "endyear" if "endyear" in t.columns else None
        if col is None:
            continue
        lo_col = "styear" if name == "td_rivalries" else col
        row = t.aggregate(lo=t[lo_col].min(), hi=t[col].max()).to_pandas().iloc[0]
        if pd.notna(row["lo"]) and pd.notna(row["hi"]):
            out[name] = (int(row["lo"]), int(row["hi"]))
    return out


def _state_record(st: _states.State, year: int) -> dict[str, Any]:
    return {
        "ccode": st.ccode,
        "iso3": st.iso3,
        "name": _states.name_in(st.ccode, year),
        "name_today": _states.name_in(st.ccode),
    }


def _range_text(spans: dict[str, tuple[int, int]]) -> str:
    def span(t: str) -> str:
        lo, hi = spans.get(t, (None, None))
        return f"{lo}–{hi}" if lo is not None else "not loaded"

    return (
        f"UN votes {span('unga_rollcalls')}, alliances (ATOP) {span('atop_ddy')}, capabilities "
        f"{span('cow_nmc')}, trade {span('cow_trade_ndy')}, IGOs {span('cow_igo_ndy')}, "
        f"disputes {span('gml_mid_ddydisps')}"
    )


def _data_range(spans: dict[str, tuple[int, int]]) -> tuple[int, int]:
    core = [v for k, v in spans.items() if k != "td_rivalries"]
    return min(lo for lo, _ in core), max(hi for _, hi in core)


def _period(
    a: int, b: int, start: int | None, end: int | None, spans: dict[str, tuple[int, int]]
) -> tuple[int, int]:
    """The period asked, with defaults from the data (see the module docstring)."""
    vlo, vhi = spans[SPINE]
    lo_data, hi_data = _data_range(spans)
    if start is not None and end is not None and start > end:
        raise InputError(f"--from {start} is after --to {end}")
    if (end is not None and end < lo_data) or (start is not None and start > hi_data):
        asked = f"{start if start is not None else '…'}–{end if end is not None else '…'}"
        raise InputError(
            f"{asked} is outside the data: multipolar covers {lo_data}–{hi_data} "
            f"({_range_text(spans)})"
        )
    first = start if start is not None else vlo
    last = end if end is not None else (vhi if first <= vhi else hi_data)
    if first > last:  # --to before the first UN vote with no --from
        first = lo_data
    reg = _states.registry()
    lo, hi = max(first, lo_data), min(last, hi_data)
    both = [y for y in range(lo, hi + 1) if reg.member(a, y) and reg.member(b, y)]
    if not both:
        raise InputError(
            f"{_states.name_in(a)} ({reg.span_text(a)}) and {_states.name_in(b)} "
            f"({reg.span_text(b)}) were never states at the same time in {lo}–{hi}"
        )
    if start is None:
        lo = max(lo, both[0])
    if end is None:
        hi = min(hi, both[-1])
    return lo, hi


def why(
    a: str | int,
    b: str | int,
    *,
    vs: str | int | None = None,
    start: int | None = None,
    end: int | None = None,
    store: Store | None = None,
    on_stage: Callable[[str], None] | None = None,
) -> Evidence:
    """Assemble the evidence on why ``a`` and ``b`` align, compared with ``vs`` and all dyads.

    Names resolve through :func:`multipolar.states.resolve` ("China", "PRC", "Beijing").
    ``start``/``end`` bound the period (default: from the first year both states were in the
    system and the UN votes begin, to the last year of the UN votes in the store or the last
    year both existed). ``vs`` defaults to the United States, or Russia (then China) when the
    United States is one of the pair. Each section states the years its data cover
    (:attr:`Evidence.coverage`); sections without data say so in :attr:`Evidence.gaps`
    rather than disappear. ``on_stage`` is told what is being computed (the CLI shows it).

    Example: ``why("China", "Russia").bottom_line["text"]`` weighs the evidence matrix in one
    or two sentences; ``.findings[0]["text"]`` narrates the UN-vote series and its turning
    points.
    """
    own = store is None
    st = store if store is not None else connect()
    stage = on_stage or (lambda _msg: None)
    try:
        spans = data_spans(st)
        year_hint = end if end is not None else spans[SPINE][1]
        if start is not None and end is None:
            year_hint = max(start, year_hint) if start > spans[SPINE][1] else year_hint
        sa, sb = (_resolve(x, year_hint, start) for x in (a, b))
        if vs is None:
            vs = next(c for c in COMPARATORS if c not in (sa.ccode, sb.ccode))
        sc = _resolve(vs, year_hint, start)
        if sa.ccode == sb.ccode:
            raise InputError(
                f"{a!r} and {b!r} are the same state ({sa.name}); name two different states"
            )
        if sc.ccode in (sa.ccode, sb.ccode):
            raise InputError(
                f"the comparator {vs!r} is one of the pair; choose a third state with --vs"
            )
        first, last = _period(sa.ccode, sb.ccode, start, end, spans)
        codes = (sa.ccode, sb.ccode, sc.ccode)
        ctx = sec.Ctx(st, codes, first, last, spans)
        ev = Evidence(
            states={
                k: _state_record(s, last)
                for k, s in zip(("a", "b", "vs"), (sa, sb, sc), strict=True)
            },
            period={"from": first, "to": last},
        )
        stage("UN votes: agreement, kappa, ranks, issues, splits, turning points")
        ev.un_votes = sec.un_votes(ctx)
        ev.ukraine_votes = sec.ukraine_votes(ctx)
        stage("ideal points (the first fit takes about a minute; later runs reuse it)")
        ev.ideal_points = sec.ideal_points(ctx)
        stage("alliances, capabilities, rivalries, disputes, trade, IGOs")
        ev.alliances = sec.alliances(ctx)
        ev.capabilities = sec.capabilities(ctx)
        ev.rivalries = sec.rivalries(ctx)
        ev.disputes = sec.disputes(ctx)
        ev.trade = sec.trade(ctx)
        ev.igos = sec.igos(ctx)
        stage("voting blocs, events, sanctions")
        ev.blocs = sec.blocs(ctx, ev.un_votes)
        ev.events = sec.events(ctx)
        ev.sanctions = sec.sanctions(ctx)
        stage("what they say (General Debate speeches; the first run codes the corpus)")
        ev.what_they_say = sec.what_they_say(ctx)
        outlook = sec.optional("forecast", "where_it_is_going")
        # a forecast starts from the last year of votes: not for a pair that ended before it
        if outlook is not None and ev.un_votes.get("span") and last >= spans[SPINE][1]:
            stage("where it is going (forecast)")
            ev.outlook = outlook(st, sa.ccode, sb.ccode, vs=sc.ccode, gaps=ctx.gaps)
        ev.gaps, ev.coverage, ev.baselines = ctx.gaps, ctx.coverage, ctx.baselines
        ev.findings = findings(ev)
        ev.evidence_matrix = evidence_matrix(ev)
        ev.bottom_line = bottom_line(ev)
        ev.title, ev.subtitle = headline(ev)
        vote_parts = ["import_votes", "unvotes_votes", "unxml_votes"]  # the panel's parts
        extra = ["gsdb_cases"] if ev.sanctions else []
        if ev.what_they_say:
            extra += ["ungdc_speeches"]
        ev.sources = sources_for([*vote_parts, *TABLES, *extra], st)
        if ev.events:
            ev.sources += [
                {
                    "name": "events",
                    "version": "imported",
                    "coverage": (ev.events.get("coverage") or {}).get("text"),
                    "citation": c,
                    "bibtex_key": None,
                }
                for c in ev.events.get("citations", [])
            ]
        return ev
    finally:
        if own:
            st.close()


def _resolve(x: str | int, year: int, start: int | None) -> _states.State:
    """Resolve as of the last year asked; a state gone by then resolves as of ``start``."""
    try:
        return _states.resolve(x, year)
    except UnknownStateError:
        if start is None:
            return _states.resolve(x)
        return _states.resolve(x, start)


# --- groups ------------------------------------------------------------------------------
@dataclass
class GroupEvidence:
    """Three or more states: their pairwise UN agreement and the group against a comparator."""

    states: list[dict[str, Any]]
    vs: dict[str, Any]
    period: dict[str, int]
    title: str = ""
    pairs: list[dict[str, Any]] = field(default_factory=list)
    with_vs: list[dict[str, Any]] = field(default_factory=list)
    together_against_vs: list[dict[str, Any]] = field(default_factory=list)
    findings: list[dict[str, Any]] = field(default_factory=list)
    gaps: list[str] = field(default_factory=list)
    sources: list[dict[str, Any]] = field(default_factory=list)

    def to_dict(self) -> dict[str, Any]:
        return jsonable(asdict(self))


def why_group(
    names: Sequence[str | int],
    *,
    vs: str | int | None = None,
    start: int | None = None,
    end: int | None = None,
    store: Store | None = None,
) -> GroupEvidence:
    """UN-vote evidence on a group of three or more states, pairwise and against ``vs``.

    ``pairs``: for every pair, the identical-vote share and kappa pooled over the last
    five years of their common votes and the pair's percentile among all dyads then;
    ``with_vs``: each member's agreement with ``vs`` over the same years;
    ``together_against_vs``: per year, the share of contested roll calls on which every
    member voted alike and ``vs`` otherwise (roll calls where any of them was absent are
    left out).
    """
    from multipolar.measures.coalition import contested, percentile_of

    if len(names) < 3:
        raise InputError("a group needs three or more states; for two use why(A, B)")
    own = store is None
    st = store if store is not None else connect()
    try:
        spans = data_spans(st, (SPINE, "unga_votes"))
        vlo, vhi = spans[SPINE]
        last = min(end if end is not None else vhi, vhi)
        first = max(start if start is not None else vlo, vlo)
        if first > last:
            raise InputError(f"--from {first} is after --to {last} (UN votes cover {vlo}–{vhi})")
        members = [_resolve(n, last, start) for n in names]
        codes = [m.ccode for m in members]
        if len(set(codes)) < len(codes):
            raise InputError("a state is named twice in the group")
        if vs is None:
            vs = next(c for c in COMPARATORS if c not in codes)
        sc = _resolve(vs, last, start)
        if sc.ccode in codes:
            raise InputError(f"the comparator {vs!r} is in the group; choose another with --vs")
        from multipolar.explain.agreement import dyadic_agreement

        alld = dyadic_agreement(st, years=(first, last))
        mine = alld[alld["ccode1"].isin(codes) & alld["ccode2"].isin(codes)]
        gaps: list[str] = []
        if mine.empty:
            raise InputError("these states never voted on the same contested UN roll calls")
        y1 = int(mine["year"].max())
        window = alld[alld["year"] > y1 - sec.EDGE]
        pooled = (
            window.assign(hit=window["agree"] * window["n_votes"])
            .groupby(["ccode1", "ccode2"])[["hit", "n_votes"]]
            .sum()
        )
        field_agree = (pooled["hit"] / pooled["n_votes"]).to_numpy()
        pairs = []
        for i, x in enumerate(codes):
            for y in codes[i + 1 :]:
                lo, hi = min(x, y), max(x, y)
                w = window[(window["ccode1"] == lo) & (window["ccode2"] == hi)]
                if w.empty:
                    gaps.append(
                        f"{_states.name_in(x, y1)} and {_states.name_in(y, y1)} shared no "
                        f"contested roll call in {sec.years_text(y1 - sec.EDGE + 1, y1)}."
                    )
                    continue
                n = int(w["n_votes"].sum())
                agree = float((w["agree"] * w["n_votes"]).sum() / n)
                pairs.append(
                    {
                        "ccode1": x,
                        "ccode2": y,
                        "name1": _states.name_in(x, y1),
                        "name2": _states.name_in(y, y1),
                        "n_votes": n,
                        "agree": agree,
                        "kappa": float(w["kappa"].mean()),
                        "percentile": percentile_of(agree, field_agree),
                    }
                )
        with_vs = []
        for x in codes:
            lo, hi = min(x, sc.ccode), max(x, sc.ccode)
            w = window[(window["ccode1"] == lo) & (window["ccode2"] == hi)]
            n = int(w["n_votes"].sum())
            with_vs.append(
                {
                    "ccode": x,
                    "name": _states.name_in(x, y1),
                    "n_votes": n,
                    "agree": float((w["agree"] * w["n_votes"]).sum() / n) if n else None,
                }
            )
        votes = st.frame("unga_votes")[["rcid", "year", "ccode", "vote"]]
        votes = contested(votes[(votes["year"] >= first) & (votes["year"] <= last)])
        wide = votes[votes["ccode"].isin([*codes, sc.ccode])].pivot_table(
            index=["rcid", "year"], columns="ccode", values="vote", aggfunc="first"
        )
        wide = wide.reindex(columns=[*codes, sc.ccode]).dropna()
        alike = wide[codes].nunique(axis=1) == 1
        hit = alike & (wide[codes[0]] != wide[sc.ccode])
        tog = hit.groupby(level="year").agg(["size", "sum"]).reset_index()
        tog.columns = ["year", "n_votes", "together"]
        tog["share"] = tog["together"] / tog["n_votes"]
        ev = GroupEvidence(
            states=[_state_record(m, y1) for m in members],
            vs=_state_record(sc, y1),
            period={"from": int(mine["year"].min()), "to": y1},
            pairs=pairs,
            with_vs=with_vs,
            together_against_vs=to_records(tog),
            gaps=gaps,
            sources=sources_for([SPINE, "unga_votes", "cow_states"], st),
        )
        from multipolar.explain._why_findings import group_findings

        ev.title, ev.findings = group_findings(ev)
        return ev
    finally:
        if own:
            st.close()
