"""What every claim check shares: the tables behind each channel, the :class:`Checker` (one
store, the text's date, the spans of the tables read), the years a claim lets the check read
(:func:`years_read`), the record of a verdict (:func:`done`) and the rule of a claimed change
(:func:`change_verdict`). See :mod:`multipolar.explain.claims`."""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence
from dataclasses import dataclass, field
from typing import Any

from multipolar import states as _states
from multipolar.store import Store

TABLES = {
    "votes": ("unga_rollcalls", "unga_votes"),
    "trade": ("imf_dots_ndy", "cow_trade_ndy"),
    "alliances": ("atop_ddy",),
    "vetoes": ("unsc_vetoes",),
    "arms": ("sipri_tiv_dyad",),
    "disputes": ("cow_mid_ddydisps",),
    "sanctions": ("gsdb_sanctions_dyad",),
    "finance": ("aiddata_gcdf_sy",),
}

#: the source-card names of tables whose cards are named otherwise (the votes channel's cards)
CARDS = {
    "unga_votes": ("import_votes", "unvotes_votes", "unxml_votes"),
    "unga_rollcalls": ("import_votes", "unvotes_votes", "unxml_votes"),
}


def cards(tables: Sequence[str]) -> list[str]:
    """The names :func:`multipolar.explain.provenance.sources_for` cites for ``tables``."""
    return list(dict.fromkeys(c for t in tables for c in CARDS.get(t, (t,))))


LABELS = {
    "votes": "UN votes",
    "trade": "trade",
    "alliances": "alliances",
    "vetoes": "Security Council vetoes",
    "arms": "arms transfers",
    "disputes": "militarized disputes",
    "sanctions": "sanctions",
    "finance": "development finance",
    "igos": "shared IGOs",
}

VOTE_YEARS = 5

TEN = 10

HIGH, LOW, MARGIN = 60.0, 40.0, 10.0

CHANGE_TOL = 0.10

SWAP = {"supported": "contradicted", "contradicted": "supported"}

NEAR = 2  # years: a sanction dated a year or two off is the claim nearly right


@dataclass
class Checker:
    """One store, the date of the text, and the spans of the tables read (one query)."""

    st: Store
    date: dt.date | None
    spans: dict[str, tuple[int, int]] = field(default_factory=dict)
    tables: set[str] = field(default_factory=set)
    memo: dict[Any, Any] = field(default_factory=dict)

    @property
    def cut(self) -> int | None:
        """The last year a writer on the date could see whole (None: no date)."""
        return self.date.year - 1 if self.date else None

    def span(self, channel: str) -> tuple[int, int] | None:
        t = TABLES[channel][0]
        return self.spans.get(t)


def number(year: int | str, value: Any, what: str, source: str) -> dict[str, Any]:
    return {"what": what, "value": value, "year": year, "source": source}


def years_text(lo: int | None, hi: int | None) -> str:
    if lo is None or hi is None:
        return str(lo if hi is None else hi)
    return str(lo) if lo == hi else f"{lo}–{hi}"


def name(code: int, year: int | None = None) -> str:
    return _states.name_in(code, year)


def pair_name(a: int, b: int, year: int | None = None) -> str:
    return f"{name(a, year)}–{name(b, year)}"


def cannot(reason: str, **kw: Any) -> dict[str, Any]:
    return {"verdict": "cannot check", "reason": reason, "numbers": [], **kw}


def years_read(
    ck: Checker, prop: dict[str, Any], channel: str, default: int | None
) -> tuple[int, int] | dict[str, Any]:
    """The years to read: ``(lo, hi)``, or a *cannot check* record (the data end first)."""
    sp = ck.span(channel)
    if sp is None:
        return cannot(f"no {LABELS[channel]} data are loaded (`multipolar data pull`)")
    d_lo, d_hi = sp
    p = prop.get("period") or {}
    frm, to = p.get("from"), p.get("to")
    limit = ck.cut if ck.cut is not None else d_hi
    if to is not None and to > limit:  # a claim about later years: later data may answer it
        limit = to
    if (frm is not None and frm > d_hi) or (
        to is not None and to > d_hi and (frm is None or frm == to)
    ):
        return cannot(
            f"the claim is about {years_text(frm or to, to or frm)}; the "
            f"{LABELS[channel]} data end in {d_hi}",
            last_year=d_hi,
        )
    hi = min(limit, d_hi)
    if to is not None:
        hi = min(hi, to)
    lo = frm if frm is not None else (hi - default + 1 if default else d_lo)
    if frm is None and to is not None and ck.cut is not None and to > ck.cut:
        lo = min(ck.cut, hi)  # "will double by 2020", written in 2015: from what the writer saw
    lo = max(lo, d_lo)
    if lo > hi:
        return cannot(
            f"the {LABELS[channel]} data cover {d_lo}–{d_hi}; the text's date leaves no year "
            f"to read",
            last_year=d_hi,
        )
    return lo, hi


def done(
    prop: dict[str, Any],
    verdict: str,
    nums: list[dict[str, Any]],
    rule: str,
    years: tuple[int, int],
    holds: str | None,
    tables: Sequence[str],
) -> dict[str, Any]:
    if prop.get("negated") and verdict in SWAP:
        verdict = SWAP[verdict]
        rule += "; the claim is negated, so the verdict is reversed"
    out = {
        "verdict": verdict,
        "numbers": nums,
        "rule": rule,
        "years": {"from": years[0], "to": years[1]},
        "tables": list(tables),
    }
    if holds:
        out["holds"] = holds
    return out


def series_ends(series: list[tuple[int, float]], edge: int) -> tuple[float, float, str, str]:
    """The first and last value of ``series`` (year, value) and their years as text: each
    the mean of ``edge`` years when the series holds ``2 * edge`` or more, else one year.

    >>> series_ends([(2010, 1.0), (2011, 3.0), (2012, 5.0), (2013, 7.0)], 2)
    (2.0, 6.0, '2010–2011', '2012–2013')
    >>> series_ends([(2010, 1.0), (2013, 7.0)], 2)
    (1.0, 7.0, '2010', '2013')
    """
    if edge > 1 and len(series) >= 2 * edge:
        head, tail = series[:edge], series[-edge:]
        return (
            sum(v for _, v in head) / edge,
            sum(v for _, v in tail) / edge,
            years_text(head[0][0], head[-1][0]),
            years_text(tail[0][0], tail[-1][0]),
        )
    return series[0][1], series[-1][1], str(series[0][0]), str(series[-1][0])


def change_verdict(
    prop: dict[str, Any], series: list[tuple[int, float]], unit: str, what: str, src: str, edge: int
) -> tuple[str, list[dict[str, Any]], str, str | None]:
    """Verdict of a claimed rise or fall on ``series`` (year, value), first vs last (``edge``
    years averaged at each end when > 1)."""
    y0, y1 = series[0][0], series[-1][0]
    v0, v1, l0, l1 = series_ends(series, edge)
    nums = [
        number(l0, round(v0, 1), f"{what} ({unit})", src),
        number(l1, round(v1, 1), f"{what} ({unit})", src),
    ]
    ch = (v1 - v0) / v0 if v0 else (1.0 if v1 > 0 else 0.0)
    nums.append(number(f"{l0} to {l1}", f"{ch:+.1%}", "change", src))
    low = min(series, key=lambda x: x[1])
    if low[0] not in (y0, y1) and v0 and (low[1] - v0) / v0 <= -0.25:
        nums.append(number(low[0], round(low[1], 1), f"lowest year between ({unit})", src))
    factor = prop.get("factor")
    if factor and prop.get("change") == "rise":  # "doubled": the size of the rise is claimed
        ratio = 1 + ch
        verdict = "supported" if ratio >= 0.9 * factor else "contradicted" if ch <= 0 else "mixed"
        rule = (
            f"a claimed {factor:g}-fold rise: {0.9 * factor:g} times the first year or more "
            "supported, no rise contradicted, a smaller rise mixed"
        )
        holds = f"it rose {ratio:.2f}-fold, not {factor:g}-fold" if verdict == "mixed" else None
        return verdict, nums, rule, holds
    if prop.get("change") == "rise":
        verdict = "supported" if ch >= CHANGE_TOL else "contradicted" if ch <= 0 else "mixed"
    else:
        verdict = "supported" if ch <= -CHANGE_TOL else "contradicted" if ch >= 0 else "mixed"
    rule = (
        f"a claimed {'rise' if prop.get('change') == 'rise' else 'fall'}: a change of 10% or more "
        "in that direction between the first and the last year supported, none (or the other "
        "way) contradicted, less than 10% mixed"
    )
    holds = (
        f"it {'rose' if ch > 0 else 'fell'} by {abs(ch):.0%} only" if verdict == "mixed" else None
    )
    return verdict, nums, rule, holds
