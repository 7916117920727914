"""What every pair-evidence record shares: the pair with names of the year, the period clipped
to a source's coverage with the gap sentences, year spells, and the record's skeleton."""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from typing import Any

from multipolar import states as _states
from multipolar.errors import InputError
from multipolar.explain.provenance import sources_for
from multipolar.store import Store


def check_pair(a: int, b: int, first: int, last: int) -> None:
    """Raise :class:`InputError` for one state twice or a period that ends before it starts."""
    if int(a) == int(b):
        raise InputError("pair evidence needs two different states")
    if first > last:
        raise InputError(f"the period {first}–{last} ends before it starts")


def state_record(code: int, year: int | None) -> dict[str, Any]:
    """``{ccode, name}`` with the name of ``year`` ("Soviet Union" for 365 in 1970)."""
    return {"ccode": int(code), "name": _states.name_in(int(code), year)}


def clip(
    first: int, last: int, coverage: tuple[int, int], what: str
) -> tuple[int | None, int | None, list[str]]:
    """The period within ``coverage`` (None, None when they do not meet) and gap sentences."""
    gaps: list[str] = []
    lo, hi = max(first, coverage[0]), min(last, coverage[1])
    if last > coverage[1]:
        after = f"{coverage[1] + 1}–{last}" if last > coverage[1] + 1 else str(last)
        gaps.append(f"{what} end in {coverage[1]}; {after} has no data.")
    if first < coverage[0]:
        gaps.append(f"{what} begin in {coverage[0]}; earlier years have none.")
    if lo > hi:
        return None, None, gaps
    return lo, hi, gaps


def spells(years: Iterable[int]) -> list[list[int]]:
    """Consecutive years as ``[from, to]`` spells.

    >>> spells([2014, 2015, 2016, 2019])
    [[2014, 2016], [2019, 2019]]
    """
    out: list[list[int]] = []
    for y in sorted({int(x) for x in years}):
        if out and y == out[-1][1] + 1:
            out[-1][1] = y
        else:
            out.append([y, y])
    return out


def spell_text(years: Iterable[int]) -> str:
    """``"2014–2016, 2019"``."""
    return ", ".join(f"{a}–{b}" if a != b else str(a) for a, b in spells(years))


def skeleton(
    store: Store,
    a: int,
    b: int,
    lo: int | None,
    hi: int | None,
    *,
    coverage: tuple[int, int],
    tables: Sequence[str],
    gaps: list[str],
) -> dict[str, Any]:
    """The fields every pair-evidence record starts with (``period`` None: no overlap)."""
    year = hi if hi is not None else coverage[1]
    return {
        "states": {"a": state_record(a, year), "b": state_record(b, year)},
        "coverage": {"from": coverage[0], "to": coverage[1]},
        "period": None if lo is None else {"from": lo, "to": hi},
        "sources": sources_for(tables, store),
        "gaps": gaps,
    }


#: the verdicts a matrix row may carry, and nothing else
VERDICTS = ("supported", "mixed", "not supported", "not applicable", "no data")


def matrix_row(
    key: str,
    driver: str,
    measure: str,
    then: Any,
    now: Any,
    trend: str,
    verdict: str,
    rule: str,
    score: float | None = None,
    base_rate: str | None = None,
    *,
    last_year: int | None = None,
) -> dict[str, Any]:
    """One evidence-matrix row of ``why`` (the one definition: the channels and the pair
    evidence functions build their rows with it). ``verdict`` is one of :data:`VERDICTS`;
    ``last_year`` is the last year of the channel's data for the pair (the bottom line never
    calls a channel "the strongest" on old data without saying so).
    """
    if verdict not in VERDICTS:
        raise ValueError(f"verdict {verdict!r} is not one of {VERDICTS}")
    return {
        "key": key,
        "driver": driver,
        "measure": measure,
        "then": then,
        "now": now,
        "trend": trend,
        "verdict": verdict,
        "rule": rule,
        "score": score,
        "base_rate": base_rate,
        "last_year": last_year,
    }


def names_of(evidence: Any) -> tuple[str, str]:
    """The pair's names as the evidence record gives them."""
    return str(evidence["states"]["a"]["name"]), str(evidence["states"]["b"]["name"])
