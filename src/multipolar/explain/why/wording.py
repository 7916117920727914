"""How numbers and names read inside a sentence of the ``why`` report (one place for all).

Shares are percentages, kappas two decimals with a true minus sign, ranks ordinals, counts
pluralised ("1 state", "2 states"); a missing value reads "n/a", never 0.
"""

from __future__ import annotations

from typing import Any

import pandas as pd

from multipolar import states as _states
from multipolar.states import the

#: years pooled for "now" (the last years with data) and "then" (the first)
EDGE = 5


def years_text(first: int, last: int) -> str:
    """``"2019"`` for one year, ``"2015–2019"`` for a span.

    >>> years_text(2019, 2019), years_text(2015, 2019)
    ('2019', '2015–2019')
    """
    return str(first) if first == last else f"{first}–{last}"


def nm(code: int, year: int | None = None) -> str:
    """The state's name in ``year`` (:func:`multipolar.states.name_in`), with "the" where
    English puts it."""
    return the(_states.name_in(code, year))


def ordinal(n: float) -> str:
    """``1st, 2nd, 3rd, 4th, 11th, 12th, 13th, 21st, 73rd, 101st, 111th``.

    >>> [ordinal(n) for n in (1, 2, 3, 4, 11, 12, 13, 21, 22, 73, 101, 111, 112)]
    ['1st', '2nd', '3rd', '4th', '11th', '12th', '13th', '21st', '22nd', '73rd', '101st', '111th', '112th']
    """
    k = round(n)
    suffix = "th" if 11 <= k % 100 <= 13 else {1: "st", 2: "nd", 3: "rd"}.get(k % 10, "th")
    return f"{k}{suffix}"


def largest(rank: int) -> str:
    """``"largest"``, ``"2nd-largest"``, ``"10th-largest"``.

    >>> largest(1), largest(2), largest(10)
    ('largest', '2nd-largest', '10th-largest')
    """
    return "largest" if rank == 1 else f"{ordinal(rank)}-largest"


def percentile_text(p: float) -> str:
    """``"at the 54th percentile"``; below one percent: ``"below the 1st percentile"``.

    >>> percentile_text(53.6), percentile_text(0.2), percentile_text(100)
    ('at the 54th percentile', 'below the 1st percentile', 'at the 100th percentile')
    """
    return "below the 1st percentile" if round(p) < 1 else f"at the {ordinal(p)} percentile"


def plural(n: int, one: str, many: str | None = None) -> str:
    """``"1 dispute-year"``, ``"17 dispute-years"``, ``"1 state"``.

    >>> plural(1, "dispute-year"), plural(17, "dispute-year"), plural(2, "treaty", "treaties")
    ('1 dispute-year', '17 dispute-years', '2 treaties')
    >>> plural(1, "state"), plural(0, "state")
    ('1 state', '0 states')
    """
    return f"{n:,} {one if n == 1 else (many or one + 's')}"


def listing(items: list[str]) -> str:
    """``a``, ``a and b``, ``a, b and c``.

    >>> listing(["a"]), listing(["a", "b"]), listing(["a", "b", "c"])
    ('a', 'a and b', 'a, b and c')
    """
    if len(items) <= 1:
        return "".join(items)
    return ", ".join(items[:-1]) + " and " + items[-1]


def issue_label(label: str) -> str:
    """An issue's label inside a sentence: "human rights", "Palestinian conflict".

    >>> issue_label("Nuclear weapons and nuclear material"), issue_label("Palestinian conflict")
    ('nuclear weapons and nuclear material', 'Palestinian conflict')
    """
    return label if label.split()[0] in {"Palestinian"} else label[:1].lower() + label[1:]


def pct(x: float | None) -> str:
    """A share as a percentage; under 1% with one decimal, so a small share is not "0%";
    a missing share is "n/a" (never 0).

    >>> pct(0.355), pct(0.0036), pct(0.0002), pct(0.0), pct(None)
    ('36%', '0.4%', '<0.1%', '0%', 'n/a')
    """
    if x is None or pd.isna(x):
        return "n/a"
    v = 100 * x
    if 0 < v < 1:
        return f"{v:.1f}%" if v >= 0.05 else "<0.1%"
    return f"{v:.0f}%"


def pct_pair(x: float | None, y: float | None) -> tuple[str, str]:
    """Two shares to compare, as :func:`pct` gives them, but with one decimal when whole
    percentages would read equal for unequal values (India and Pakistan together against the
    United States in 2022: "11.7% vs 12.4%", not "12% vs 12%" beside "not supported").

    >>> pct_pair(0.117081, 0.123566), pct_pair(0.05, 0.12)
    (('11.7%', '12.4%'), ('5%', '12%'))
    """
    px, py = pct(x), pct(y)
    if (
        px == py
        and x is not None
        and y is not None
        and not pd.isna(x)
        and not pd.isna(y)
        and x != y
    ):
        return f"{100 * x:.1f}%", f"{100 * y:.1f}%"
    return px, py


def names_of_the_year(codes: tuple[int, ...], first: int, last: int) -> str:
    """The earlier names of ``codes`` within ``first``–``last``, for a sentence that spans
    them ("" when no name changes): a series of Serbia and Russia from 1946 is one of
    Yugoslavia and the Soviet Union first.

    >>> names_of_the_year((345, 365), 1946, 2025)
    'names of the year: Yugoslavia until 2002, Serbia and Montenegro 2003–2005; the Soviet Union until 1991'
    >>> names_of_the_year((220, 200), 1946, 2025)
    ''
    """
    out = []
    for code in codes:
        runs: list[tuple[str, int, int]] = []
        for y in range(first, last + 1):
            name = _states.name_in(code, y)
            if runs and runs[-1][0] == name:
                runs[-1] = (name, runs[-1][1], y)
            else:
                runs.append((name, y, y))
        if len(runs) > 1:
            (n0, _, e0), *mid = runs[:-1]
            parts = [f"{the(n0)} until {e0}"] + [f"{n} {years_text(s, e)}" for n, s, e in mid]
            out.append(", ".join(parts))
    return f"names of the year: {'; '.join(out)}" if out else ""


def cap(text: str) -> str:
    """The sentence with its first letter upper-case."""
    return text[:1].upper() + text[1:]


def edges(df: pd.DataFrame, col: str) -> tuple[float | None, float | None, int, int]:
    """Mean of ``col`` in the first and the last ``EDGE`` years with data, and those years."""
    d = df.dropna(subset=[col])
    if d.empty:
        return None, None, 0, 0
    y0, y1 = int(d["year"].min()), int(d["year"].max())
    then = float(d.loc[d["year"] < y0 + EDGE, col].mean())
    now = float(d.loc[d["year"] > y1 - EDGE, col].mean())
    return then, now, y0, y1


def change_word(then: float | None, now: float | None, tol: float) -> str:
    """The trend word from the two ends, so it never contradicts them.

    >>> change_word(0.2, 0.5, 0.1), change_word(0.5, 0.45, 0.1), change_word(None, 1, 0.1)
    ('rising', 'steady', 'n/a')
    """
    if then is None or now is None or pd.isna(then) or pd.isna(now):
        return "n/a"
    if now - then > tol:
        return "rising"
    if then - now > tol:
        return "falling"
    return "steady"


def gap_word(then: float | None, now: float | None, tol: float) -> str:
    """How the distance between two shares moved: "gap narrowing", "gap widening" or "gap
    steady" whatever its sign, "overtook" or "fell behind" when the sign changes (a trend of a difference read as "rising" beside shares that
    fell, Hungary and the Soviet Union 13% against 36% in 1946, Hungary and Russia 4% against
    12% in 2022, misled).

    >>> gap_word(-0.23, -0.08, 0.01), gap_word(0.36, 0.10, 0.01), gap_word(0.1, 0.105, 0.01)
    ('gap narrowing', 'gap narrowing', 'gap steady')
    >>> gap_word(-0.16, 0.15, 0.01), gap_word(0.01, -0.2, 0.01), gap_word(None, 0.1, 0.01)
    ('overtook', 'fell behind', 'n/a')
    """
    if then is None or now is None or pd.isna(then) or pd.isna(now):
        return "n/a"
    if then < 0 <= now:  # China and Russia behind the United States in 1946, ahead in 2022
        return "overtook"
    if now < 0 <= then:
        return "fell behind"
    word = change_word(abs(then), abs(now), tol)
    return {"rising": "gap widening", "falling": "gap narrowing", "steady": "gap steady"}[word]


def spells(years: list[int]) -> list[tuple[int, int]]:
    """Runs of consecutive years.

    >>> spells([1950, 1946, 1947, 1948, 1951])
    [(1946, 1948), (1950, 1951)]
    """
    out: list[tuple[int, int]] = []
    for y in sorted(set(years)):
        if out and y == out[-1][1] + 1:
            out[-1] = (out[-1][0], y)
        else:
            out.append((y, y))
    return out


def clean(value: Any) -> Any:
    """A float that is NaN becomes None (missing is never zero, and never NaN in JSON)."""
    if isinstance(value, float) and value != value:
        return None
    return value
