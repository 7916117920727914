"""The shared context of a ``why`` question: the pair, the period, the comparator (with the
reason it was chosen), the names of the year and the span of every table read.

Periods come from the data, never from constants: the default runs from the first year both
states were in the system (and the UN votes begin) to the last year of the UN votes in the
store, or the last year both states existed. Every channel then states the years its own data
cover for this pair (:meth:`Ctx.cover`). The spans of all tables come from one SQL query.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field
from typing import Any

from multipolar import states as _states
from multipolar.errors import InputError, NotLoadedError, SourceError, UnknownStateError
from multipolar.explain.why.wording import the, years_text
from multipolar.store import Store

Codes = tuple[int, int, int]
#: the table whose span sets the default period
SPINE = "unga_rollcalls"
#: default comparators, in order: the first that is not one of the pair
COMPARATORS = (2, 365, 710)
#: the start-year column of tables whose rows are spells rather than years
_START = {"td_rivalries": "styear", "tss_rivalries": "start"}
_END = {"td_rivalries": "endyear", "tss_rivalries": '"end"'}


def data_spans(st: Store, tables: Sequence[str]) -> dict[str, tuple[int, int]]:
    """First and last year of each stored table (what the data cover, not what was asked),
    in one SQL query over all of them."""
    parts = []
    for name in dict.fromkeys(tables):
        try:
            st.ensure(name)
        except (NotLoadedError, SourceError):  # not loadable here: no span, the channel says so
            continue  # (a table changed by hand is a StoreError: it stops the report)
        cols = set(st.raw.execute(f'SELECT * FROM "{name}" LIMIT 0').df().columns)
        hi = _END.get(name, "year" if "year" in cols else "endyear" if "endyear" in cols else "")
        if not hi:
            continue
        lo = _START.get(name, hi)
        parts.append(f"SELECT '{name}' AS t, min({lo}) AS lo, max({hi}) AS hi FROM \"{name}\"")
    if not parts:
        return {}
    rows = st.raw.execute(" UNION ALL ".join(parts)).fetchall()
    return {t: (int(lo), int(hi)) for t, lo, hi in rows if lo is not None and hi is not None}


@dataclass
class Ctx:
    """What every channel needs: the store, the states, the period and the data's spans."""

    st: Store
    codes: Codes
    first: int
    last: int
    spans: dict[str, tuple[int, int]]
    comparator_reason: str = ""
    predecessors: bool = True
    gaps: list[str] = field(default_factory=list)
    coverage: list[dict[str, Any]] = field(default_factory=list)
    baselines: dict[str, Any] = field(default_factory=dict)
    #: intermediate results shared by channels (e.g. the contested votes of the three)
    memo: dict[str, Any] = field(default_factory=dict)

    def name(self, code: int, year: int | None = None) -> str:
        """The state's name in ``year`` (default: the last year of the period), with "the"
        where English puts it."""
        return the(_states.name_in(code, self.last if year is None else year))

    def pair_name(self, year: int | None = None) -> str:
        a, b, _ = self.codes
        y = self.last if year is None else year
        return f"{_states.name_in(a, y)}–{_states.name_in(b, y)}"

    def span(self, table: str) -> tuple[int, int]:
        return self.spans.get(table, (self.first, self.last))

    def clip(self, table: str) -> tuple[int, int]:
        """The part of the period that ``table``'s data cover (may be empty: first > last)."""
        lo, hi = self.span(table)
        return max(self.first, lo), min(self.last, hi)

    def data_end(self, what: str, table: str) -> None:
        """Say when ``table``'s data end before the period does."""
        _, hi = self.span(table)
        if self.last > hi:
            n = self.last - hi
            yrs = years_text(hi + 1, self.last)
            self.gaps.append(
                f"{what} end in {hi}; the {'year' if n == 1 else 'years'} {yrs} "
                f"{'has' if n == 1 else 'have'} none."
            )

    def cover(self, section: str, source: str, years: list[int] | None, note: str = "") -> None:
        """Record the first and last year with data for this pair in ``section``."""
        ys = sorted({int(y) for y in years or []})
        rec: dict[str, Any] = {
            "section": section,
            "source": source,
            "from": ys[0] if ys else None,
            "to": ys[-1] if ys else None,
            "text": "",
        }
        if not ys:
            rec["text"] = f"no {section} data for this pair in {years_text(self.first, self.last)}"
        elif ys[-1] < self.last:
            rec["text"] = (
                f"{section}: {years_text(ys[0], ys[-1])}, ending before the period does "
                f"({self.last})" + (f"; {note}" if note else "")
            )
        elif ys[0] > self.first:
            rec["text"] = f"{section}: from {ys[0]}" + (f"; {note}" if note else "")
        self.coverage.append(rec)

    def defense_pact(self, x: int, y: int) -> tuple[bool, int] | None:
        """Whether ATOP records a defense pact between ``x`` and ``y`` in the last ATOP year of
        the period, and that year; None when ATOP has no year in the period."""
        lo, hi = self.clip("atop_ddy")
        if lo > hi:
            return None
        key = f"defense:{min(x, y)}:{max(x, y)}:{hi}"
        if key not in self.memo:
            row = self.st.raw.execute(
                "SELECT count(*) FROM atop_ddy WHERE year = ? AND atop_defense = 1 AND "
                "((ccode1 = ? AND ccode2 = ?) OR (ccode1 = ? AND ccode2 = ?))",
                [hi, x, y, y, x],
            ).fetchone()
            self.memo[key] = bool(row and row[0])
        return bool(self.memo[key]), hi


def comparator(st_pair: tuple[int, int], ctx: Ctx) -> tuple[int, str]:
    """The default comparator and the reason it was chosen (a phrase that follows its name):
    the United States, the system's leading power, or Russia (the Soviet Union) when the United
    States is one of the pair, China when both are. The comparator is never swapped for another because it is allied with both:
    then "together against" and "power vs" are *not applicable* and say so (issue 23, item 2),
    naming the first great power that is not, for ``--vs``. ``--vs`` overrides."""
    a, b = st_pair
    c = next(x for x in COMPARATORS if x not in (a, b))
    if c == COMPARATORS[0]:
        return c, "the system's leading power, the default comparator"
    inside = [ctx.name(x, ctx.last) for x in COMPARATORS if x in (a, b)]
    return c, f"as {' and '.join(inside)} {'is' if len(inside) == 1 else 'are'} one of the pair"


def alternative(st_pair: tuple[int, int], ctx: Ctx) -> int | None:
    """The first of the default comparators that is neither one of the pair nor allied with
    both (ATOP, the last year of its data in the period): what ``--vs`` could ask about when the
    default comparator is an ally of both."""
    a, b = st_pair
    for c in COMPARATORS:
        if c in (a, b):
            continue
        pa, pb = ctx.defense_pact(a, c), ctx.defense_pact(b, c)
        if not (pa and pb and pa[0] and pb[0]):
            return c
    return None


def resolve_state(x: str | int, year: int, start: int | None) -> _states.State:
    """Resolve as of the last year asked; a state gone by then resolves as of ``start``."""
    try:
        return _states.resolve(x, year)
    except UnknownStateError:
        if start is None:
            return _states.resolve(x)
        return _states.resolve(x, start)


def state_record(st: _states.State, year: int) -> dict[str, Any]:
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
        f"disputes {span('cow_mid_ddydisps')}"
    )


def data_range(spans: dict[str, tuple[int, int]]) -> tuple[int, int]:
    core = [v for k, v in spans.items() if k not in _START]  # rivalry spells reach 1494
    return min(lo for lo, _ in core), max(hi for _, hi in core)


def period(
    a: int, b: int, start: int | None, end: int | None, spans: dict[str, tuple[int, int]]
) -> tuple[int, int]:
    """The period asked, with defaults from the data (see the module docstring)."""
    vlo, vhi = spans[SPINE]
    lo_data, hi_data = data_range(spans)
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
