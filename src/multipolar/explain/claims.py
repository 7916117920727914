"""Check a proposition against the data: *supported*, *contradicted*, *mixed* or *cannot check*.

A proposition (:mod:`multipolar.sources.text.propositions`) names states, a channel, a
polarity, a comparison, a change and a period. :func:`check` tests exactly that against the
tables of the matching ``why`` channel, for the pair only, with the filters in SQL (never a
whole ``why`` run):

- ``votes`` (UN General Assembly; the ``forums`` channel's :func:`~multipolar.explain.why.votes.pair_ranks`):
  the mean percentile of the pair's kappa among all dyads over the years claimed (default the
  last five vote years). "Together" (more than most pairs): >= 60 supported, <= 40
  contradicted, else mixed; "against each other" / "rarely together" the reverse; "more often
  than with X": A–B's mean percentile 10 points or more above A–X's supported, below it
  contradicted, else mixed.
- ``trade`` (IMF DOTS totals, both directions; COW 4.0 before DOTS; Russia's one-sided IMF
  estimates never count): a claimed rise is supported when the last year's total is 10% or
  more above the first year's, contradicted when it is not above it, mixed in between; a fall
  the mirror image. Without a change the check says what the sentence leaves untested.
- ``alliances`` (ATOP ``atop_ddy``): a defence pact in the year named (else the last ATOP year
  before the date): "defence pact" needs ``atop_defense``; "alliance" / "allies" is supported
  by a defence or offence pact, mixed with only a neutrality, non-aggression or consultation
  pact, contradicted by none.
- ``vetoes`` (``unsc_vetoes``): "A and B vetoed together": drafts vetoed by both; "A vetoed
  … B": A's vetoes whose agenda names B or that protected B. One or more supported.
- ``arms`` (SIPRI TIV, ``sipri_tiv_dyad``): deliveries from the supplier to the recipient in
  the years (default the ten before the date); > 0 supported. A change: the mean of the first
  three years against the last three (the trade rule).
- ``disputes`` (COW MIDs ``cow_mid_ddydisps``): dyad-years of militarized disputes in the
  years (default the ten before the date). ``sanctions`` (GSDB ``gsdb_sanctions_dyad``): a
  case with that sender and target active in the years (default: any year). ``finance``
  (AidData ``aiddata_gcdf_sy``): China's official finance to the recipient (:func:`check_finance`).
- ``trade`` ranks: "China is Russia's largest trading partner" against the partner's rank
  (:func:`check_rank`).

A negated claim swaps supported and contradicted. Only data up to the year before the text's
date are used (vetoes: up to the date) unless the claim is about later years; a claim about
years after the data's last year cannot be checked, and the check names that year. Every number
carries its year(s) and source table. Checks are pure reads of the store.
"""

from __future__ import annotations

import datetime as dt
import itertools
from collections.abc import Sequence
from dataclasses import dataclass, field
from typing import Any

from multipolar import states as _states
from multipolar.errors import MultipolarError
from multipolar.store import Store

#: the store tables behind each channel (their spans come from one query)
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


def _n(year: int | str, value: Any, what: str, source: str) -> dict[str, Any]:
    return {"what": what, "value": value, "year": year, "source": source}


def _yrs(lo: int | None, hi: int | None) -> str:
    if lo is None or hi is None:
        return str(lo if hi is None else hi)
    return str(lo) if lo == hi else f"{lo}–{hi}"


def _name(code: int, year: int | None = None) -> str:
    return _states.name_in(code, year)


def _pair(a: int, b: int, year: int | None = None) -> str:
    return f"{_name(a, year)}–{_name(b, year)}"


def _cannot(reason: str, **kw: Any) -> dict[str, Any]:
    return {"verdict": "cannot check", "reason": reason, "numbers": [], **kw}


def _years(
    ck: Checker, prop: dict[str, Any], channel: str, default: int | None
) -> tuple[int, int] | dict[str, Any]:
    """The years to read: ``(lo, hi)``, or a *cannot check* record (the data end first)."""
    sp = ck.span(channel)
    if sp is None:
        return _cannot(f"no {LABELS[channel]} data are loaded (`multipolar data pull`)")
    d_lo, d_hi = sp
    p = prop.get("period") or {}
    frm, to = p.get("from"), p.get("to")
    limit = ck.cut if ck.cut is not None else d_hi
    if to is not None and to > limit:  # a claim about later years: later data may answer it
        limit = to
    if (frm is not None and frm > d_hi) or (
        to is not None and to > d_hi and (frm is None or frm == to)
    ):
        return _cannot(
            f"the claim is about {_yrs(frm or to, to or frm)}; the "
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
        return _cannot(
            f"the {LABELS[channel]} data cover {d_lo}–{d_hi}; the text's date leaves no year "
            f"to read",
            last_year=d_hi,
        )
    return lo, hi


# --- votes ----------------------------------------------------------------------------------
def _ranks(ck: Checker, a: int, b: int, lo: int, hi: int) -> list[dict[str, Any]]:
    from multipolar.explain.agreement import DEFAULT_ROLLCALLS, agreement_table
    from multipolar.explain.why.context import Ctx
    from multipolar.explain.why.votes import pair_ranks

    key = ("ranks", min(a, b), max(a, b), lo, hi)
    if key not in ck.memo:
        if "agreement" not in ck.memo:
            ck.memo["agreement"] = agreement_table(ck.st, rollcalls=DEFAULT_ROLLCALLS)
        ctx = Ctx(ck.st, (a, b, a), lo, hi, ck.spans)
        df = pair_ranks(ctx, ck.memo["agreement"], lo, hi)
        ck.memo[key] = df[["year", "agree", "kappa", "percentile_kappa"]].to_dict("records")
    return list(ck.memo[key])


def _mean_pct(rows: list[dict[str, Any]]) -> float | None:
    vals = [r["percentile_kappa"] for r in rows if r["percentile_kappa"] == r["percentile_kappa"]]
    vals = [v for v in vals if v is not None]
    return sum(vals) / len(vals) if vals else None


def check_votes(ck: Checker, prop: dict[str, Any], a: int, b: int) -> dict[str, Any]:
    yrs = _years(ck, prop, "votes", None)
    if isinstance(yrs, dict):
        return yrs
    lo, hi = yrs
    rows = _ranks(ck, a, b, lo, hi)
    if not (prop.get("period") or {}).get("from"):
        rows = rows[-VOTE_YEARS:]
    pct = _mean_pct(rows)
    if pct is None:
        return _cannot(f"{_pair(a, b, hi)} have no common contested UN votes in {_yrs(lo, hi)}")
    y0, y1 = int(rows[0]["year"]), int(rows[-1]["year"])
    src = "unga_votes (UN General Assembly votes, Voeten et al.; UN XML 2019–)"
    nums = [
        _n(
            _yrs(y0, y1),
            round(pct, 1),
            "kappa percentile among all dyads (mean)",
            src,
        ),
        _n(y1, round(float(rows[-1]["kappa"]), 2), "kappa", src),
        _n(
            y1,
            round(float(rows[-1]["agree"]), 2),
            "identical votes (share)",
            src,
        ),
    ]
    against = prop.get("polarity") == "against"
    if prop.get("comparison") == "fewer":
        against = not against
    than = prop.get("than")
    if than is not None and than not in (a, b):
        other = [r for r in _ranks(ck, a, than, y0, y1)]
        pct_x = _mean_pct(other)
        if pct_x is None:
            return _cannot(
                f"{_pair(a, than, y1)} have no common contested UN votes in {_yrs(y0, y1)}",
                numbers=nums,
            )
        nums.append(
            _n(
                _yrs(y0, y1),
                round(pct_x, 1),
                f"{_pair(a, than, y1)} kappa percentile (mean)",
                src,
            )
        )
        diff = pct - pct_x if not against else pct_x - pct
        verdict = "supported" if diff >= MARGIN else "contradicted" if diff < 0 else "mixed"
        rule = (
            f"A–B's mean kappa percentile against A–{_name(than)}'s: {MARGIN:.0f} points or more "
            "in the claimed direction supported, the other way contradicted, else mixed"
        )
        holds = (
            f"{_pair(a, b, y1)} ranks {pct:.0f} against {pct_x:.0f} for {_pair(a, than, y1)}: "
            "the claimed direction holds, by less than 10 points"
            if verdict == "mixed"
            else None
        )
    else:
        if against:
            verdict = "supported" if pct <= LOW else "contradicted" if pct >= HIGH else "mixed"
        else:
            verdict = "supported" if pct >= HIGH else "contradicted" if pct <= LOW else "mixed"
        rule = (
            f"mean percentile of the pair's kappa among all dyads: together >= {HIGH:.0f} "
            f"supported, <= {LOW:.0f} contradicted; against each other the reverse; else mixed"
        )
        holds = (
            f"the pair ranks at the {pct:.0f}th percentile: neither more nor less alike than most "
            "pairs"
            if verdict == "mixed"
            else None
        )
    return _done(prop, verdict, nums, rule, (y0, y1), holds, ["unga_votes", "unga_rollcalls"])


def _done(
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


# --- change (trade, arms) -------------------------------------------------------------------
def _change(
    prop: dict[str, Any], series: list[tuple[int, float]], unit: str, what: str, src: str, edge: int
) -> tuple[str, list[dict[str, Any]], str, str | None]:
    """Verdict of a claimed rise or fall on ``series`` (year, value), first vs last (``edge``
    years averaged at each end when > 1)."""
    y0, y1 = series[0][0], series[-1][0]
    if edge > 1 and len(series) >= 2 * edge:
        v0 = sum(v for _, v in series[:edge]) / edge
        v1 = sum(v for _, v in series[-edge:]) / edge
        l0, l1 = _yrs(y0, series[edge - 1][0]), _yrs(series[-edge][0], y1)
    else:
        v0, v1 = series[0][1], series[-1][1]
        l0, l1 = str(y0), str(y1)
    nums = [
        _n(l0, round(v0, 1), f"{what} ({unit})", src),
        _n(l1, round(v1, 1), f"{what} ({unit})", src),
    ]
    ch = (v1 - v0) / v0 if v0 else (1.0 if v1 > 0 else 0.0)
    nums.append(_n(f"{l0} to {l1}", f"{ch:+.1%}", "change", src))
    low = min(series, key=lambda x: x[1])
    if low[0] not in (y0, y1) and v0 and (low[1] - v0) / v0 <= -0.25:
        nums.append(_n(low[0], round(low[1], 1), f"lowest year between ({unit})", src))
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


# --- trade ----------------------------------------------------------------------------------
def _trade_series(
    ck: Checker, a: int, b: int, lo: int, hi: int
) -> tuple[list[tuple[int, float]], str]:
    lo_c, hi_c = min(a, b), max(a, b)
    rows = ck.st.raw.execute(
        "SELECT year, total_musd FROM imf_dots_ndy WHERE ccode1 = ? AND ccode2 = ? AND year "
        "BETWEEN ? AND ? AND total_musd IS NOT NULL AND NOT coalesce(estimate, FALSE) ORDER BY year",
        [lo_c, hi_c, lo, hi],
    ).fetchall()
    if rows:
        return [
            (int(y), float(v)) for y, v in rows
        ], "imf_dots_ndy (IMF DOTS, exports FOB both ways)"
    if "cow_trade_ndy" not in ck.spans:
        return [], ""
    rows = ck.st.raw.execute(
        "SELECT year, flow1 + flow2 FROM cow_trade_ndy WHERE ccode1 = ? AND ccode2 = ? AND year "
        "BETWEEN ? AND ? AND flow1 IS NOT NULL AND flow2 IS NOT NULL ORDER BY year",
        [lo_c, hi_c, lo, hi],
    ).fetchall()
    return [(int(y), float(v)) for y, v in rows], "cow_trade_ndy (COW Trade 4.0, imports both ways)"


def _last_total(ck: Checker, a: int, b: int) -> int | None:
    row = ck.st.raw.execute(
        "SELECT max(year) FROM imf_dots_ndy WHERE ccode1 = ? AND ccode2 = ? AND total_musd IS NOT "
        "NULL AND NOT coalesce(estimate, FALSE)",
        [min(a, b), max(a, b)],
    ).fetchone()
    return int(row[0]) if row and row[0] is not None else None


def check_trade(ck: Checker, prop: dict[str, Any], a: int, b: int) -> dict[str, Any]:
    last = _last_total(ck, a, b)
    if last is not None:  # the pair's totals may end before the table does (Russia: 2020)
        ck.spans = {**ck.spans, "imf_dots_ndy": (ck.spans["imf_dots_ndy"][0], last)}
    yrs = _years(ck, prop, "trade", TEN)
    if isinstance(yrs, dict):
        if last is not None:
            yrs["reason"] += f" (totals in both directions for {_pair(a, b, last)})"
        return yrs
    lo, hi = yrs
    series, src = _trade_series(ck, a, b, lo, hi)
    if len(series) < 2:
        return _cannot(f"no trade totals (both directions) for {_pair(a, b, hi)} in {_yrs(lo, hi)}")
    what = "trade"
    if prop.get("rank"):  # "China is Russia's largest trading partner": the rank, first
        return check_rank(ck, prop, prop["rank"], hi, src)
    if prop.get("change") is None:
        nums = [_n(series[-1][0], round(series[-1][1], 1), f"{what} (US$ m)", src)]
        return _cannot(
            "the sentence names trade but no change, rank or amount the data could test",
            numbers=nums,
        )
    verdict, nums, rule, holds = _change(prop, series, "US$ m", what, src, 1)
    return _done(prop, verdict, nums, rule, (series[0][0], series[-1][0]), holds, ["imf_dots_ndy"])


def check_rank(
    ck: Checker, prop: dict[str, Any], rk: dict[str, Any], hi: int, src: str
) -> dict[str, Any]:
    """A claimed rank among a state's trade partners, in the last year with a total (or the
    year claimed): :func:`multipolar.explain.trade.partner_ranks` (SQL, states only)."""
    from multipolar.explain.trade import partner_ranks

    p = prop.get("period") or {}
    year = p["to"] if p.get("to") is not None else p["from"] if p.get("from") else hi
    ref, partner = int(rk["of"]), int(rk["partner"])
    df = partner_ranks(ck.st, ref, partner, year - 2, year)
    if df.empty:
        return _cannot(f"no trade total for {_pair(ref, partner, year)} in {year - 2}–{year}")
    r = df.iloc[-1]
    y = int(r["year"])
    got = int(r["rank"])
    nums = [
        _n(y, got, f"{_name(partner, y)}'s rank among {_name(ref, y)}'s trade partners", src),
        _n(y, f"{float(r['share']):.1%}", f"share of {_name(ref, y)}'s trade", src),
        _n(y, int(r["partners"]), f"{_name(ref, y)}'s partners with a total", src),
    ]
    ok = got <= rk["rank"] if rk["at_most"] else got == rk["rank"]
    verdict = "supported" if ok else "contradicted"
    rule = (
        "the rank claimed against the rank by total trade (both directions) among the state's "
        "partners with a total, in the last year before the text's date (or the year claimed)"
    )
    return _done(prop, verdict, nums, rule, (y, y), None, ["imf_dots_ndy"])


# --- alliances ------------------------------------------------------------------------------
_DEFENCE_WORDS = ("defence", "defense", "mutual", "military")


def check_alliances(ck: Checker, prop: dict[str, Any], a: int, b: int) -> dict[str, Any]:
    yrs = _years(ck, prop, "alliances", 1)
    if isinstance(yrs, dict):
        return yrs
    hi = yrs[1]
    p = prop.get("period") or {}
    year = p["from"] if p.get("from") is not None and p.get("to") == p.get("from") else hi
    row = ck.st.raw.execute(
        "SELECT max(atop_defense), max(atop_offense), max(atop_neutral), max(atop_nonagg), "
        "max(atop_consul) FROM atop_ddy WHERE year = ? AND ((ccode1 = ? AND ccode2 = ?) OR "
        "(ccode1 = ? AND ccode2 = ?))",
        [year, a, b, b, a],
    ).fetchone()
    kinds = dict(
        zip(
            ("defense", "offense", "neutrality", "non-aggression", "consultation"),
            row or (),
            strict=False,
        )
    )
    have = [k for k, v in kinds.items() if v]
    src = "atop_ddy (ATOP 5, Leeds et al.)"
    nums = [_n(year, ", ".join(have) if have else "none", "ATOP obligations", src)]
    cues = " ".join(c for v in (prop.get("cues") or {}).values() for c in v)
    defence = any(w in cues for w in _DEFENCE_WORDS) or "pact" in (prop.get("named_events") or [])
    if defence:
        verdict = "supported" if kinds.get("defense") else "contradicted"
        rule = "a defence pact claimed: ATOP atop_defense in the year (else the last ATOP year)"
        holds = None  # a consultation pact is no defence pact (it shows in the numbers)
    else:
        strong = kinds.get("defense") or kinds.get("offense")
        verdict = "supported" if strong else "mixed" if have else "contradicted"
        holds = f"only a {' and '.join(have)} pact" if verdict == "mixed" else None
        rule = "an alliance claimed: a defence or offence pact supported, only a neutrality, non-aggression or consultation pact mixed, none contradicted"
    return _done(prop, verdict, nums, rule, (year, year), holds, ["atop_ddy"])


# --- vetoes ---------------------------------------------------------------------------------
def check_vetoes(ck: Checker, prop: dict[str, Any], a: int, b: int) -> dict[str, Any]:
    sp = ck.span("vetoes")
    if sp is None:
        return _cannot("no Security Council vetoes are loaded (`multipolar data pull`)")
    p = prop.get("period") or {}
    frm, to = p.get("from"), p.get("to")
    if frm is not None and frm > sp[1]:
        return _cannot(
            f"the claim is about {_yrs(frm, to or frm)}; the vetoes list ends in {sp[1]}",
            last_year=sp[1],
        )
    start = dt.date(frm if frm is not None else sp[0], 1, 1)
    end = dt.date(to, 12, 31) if to is not None else (ck.date or dt.date(sp[1], 12, 31))
    if ck.date is not None and (to is None or to <= ck.date.year):
        end = min(end, ck.date)
    src = "unsc_vetoes (Security Council vetoes, Dag Hammarskjöld Library list)"
    joint = bool(prop.get("joint"))
    if joint:
        rows = ck.st.raw.execute(
            "SELECT draft, min(date) FROM unsc_vetoes WHERE ccode IN (?, ?) AND date BETWEEN ? AND ? "
            "GROUP BY draft HAVING count(DISTINCT ccode) = 2 ORDER BY 2",
            [a, b, start, end],
        ).fetchall()
        what = "drafts vetoed by both"
    else:
        rows = ck.st.raw.execute(
            "SELECT draft, min(date) FROM unsc_vetoes WHERE ccode = ? AND date BETWEEN ? AND ? AND "
            "(protected_ccode = ? OR agenda_item ILIKE ? OR crisis_topic ILIKE ?) GROUP BY draft ORDER BY 2",
            [a, start, end, b, f"%{_name(b)}%", f"%{_name(b)}%"],
        ).fetchall()
        what = f"{_name(a)}'s vetoes on or protecting {_name(b)}"
    yrs = sorted({r[1].year for r in rows})
    nums = [_n(f"{start.isoformat()} to {end.isoformat()}", len(rows), what, src)]
    if yrs:
        nums.append(_n(", ".join(str(y) for y in yrs), len(yrs), "their years", src))
    verdict = "supported" if rows else "contradicted"
    rule = "one veto or more in the period supported, none contradicted"
    return _done(prop, verdict, nums, rule, (start.year, end.year), None, ["unsc_vetoes"])


# --- arms, disputes, sanctions ----------------------------------------------------------------
def check_arms(ck: Checker, prop: dict[str, Any], a: int, b: int) -> dict[str, Any]:
    yrs = _years(ck, prop, "arms", TEN)
    if isinstance(yrs, dict):
        return yrs
    lo, hi = yrs
    frm, to = (prop.get("direction") or [a, b])[:2]
    rows = ck.st.raw.execute(
        "SELECT year, sum(tiv) FROM sipri_tiv_dyad WHERE ccode_from = ? AND ccode_to = ? AND year "
        "BETWEEN ? AND ? GROUP BY year ORDER BY year",
        [frm, to, lo, hi],
    ).fetchall()
    src = "sipri_tiv_dyad (SIPRI arms transfers, TIV millions)"
    what = f"arms {_name(frm, hi)} → {_name(to, hi)}"
    series = {int(y): float(v or 0) for y, v in rows}
    if prop.get("change") and hi - lo >= 5:
        full = [(y, series.get(y, 0.0)) for y in range(lo, hi + 1)]
        verdict, nums, rule, holds = _change(prop, full, "TIV m", what, src, 3)
        return _done(prop, verdict, nums, rule, (lo, hi), holds, ["sipri_tiv_dyad"])
    total = sum(series.values())
    nums = [_n(_yrs(lo, hi), round(total), f"{what} (TIV m)", src)]
    if series:
        nums.append(
            _n(
                ", ".join(str(y) for y, v in series.items() if v > 0) or "none",
                len(series),
                "years with deliveries",
                src,
            )
        )
    verdict = "supported" if total > 0 else "contradicted"
    rule = "deliveries in the years (SIPRI TIV > 0) supported, none contradicted"
    return _done(prop, verdict, nums, rule, (lo, hi), None, ["sipri_tiv_dyad"])


def check_disputes(ck: Checker, prop: dict[str, Any], a: int, b: int) -> dict[str, Any]:
    yrs = _years(ck, prop, "disputes", TEN)
    if isinstance(yrs, dict):
        return yrs
    lo, hi = yrs
    rows = ck.st.raw.execute(
        "SELECT year, count(DISTINCT dispnum), max(hostlev) FROM cow_mid_ddydisps WHERE ccode1 = ? "
        "AND ccode2 = ? AND year BETWEEN ? AND ? GROUP BY year ORDER BY year",
        [a, b, lo, hi],
    ).fetchall()
    src = "cow_mid_ddydisps (COW militarized interstate disputes 5)"
    nums = [
        _n(_yrs(lo, hi), len(rows), "years with a militarized dispute", src),
    ]
    if rows:
        nums.append(
            _n(
                ", ".join(str(int(r[0])) for r in rows),
                max(int(r[2] or 0) for r in rows),
                "highest hostility level (1–5) in",
                src,
            )
        )
    verdict = "supported" if rows else "contradicted"
    rule = "one dispute-year or more in the years supported, none contradicted"
    return _done(prop, verdict, nums, rule, (lo, hi), None, ["cow_mid_ddydisps"])


def check_sanctions(ck: Checker, prop: dict[str, Any], a: int, b: int) -> dict[str, Any]:
    yrs = _years(ck, prop, "sanctions", None)
    if isinstance(yrs, dict):
        return yrs
    lo, hi = yrs
    frm, to = (prop.get("direction") or [a, b])[:2]
    rows = ck.st.raw.execute(
        "SELECT case_id, min(year), max(year) FROM gsdb_sanctions_dyad WHERE sender_ccode = ? AND "
        "target_ccode = ? AND year BETWEEN ? AND ? GROUP BY case_id ORDER BY 2",
        [frm, to, lo, hi],
    ).fetchall()
    src = "gsdb_sanctions_dyad (Global Sanctions Data Base 3)"
    nums = [_n(_yrs(lo, hi), len(rows), f"GSDB cases {_name(frm, hi)} → {_name(to, hi)}", src)]
    if rows:
        nums.append(
            _n(
                ", ".join(_yrs(int(r[1]), int(r[2])) for r in rows[:6]),
                len(rows),
                "their years (up to six)",
                src,
            )
        )
    verdict = "supported" if rows else "contradicted"
    holds = None
    if not rows and lo == hi:  # a year named: a case a few years off is the claim nearly right
        near = ck.st.raw.execute(
            "SELECT min(year), max(year) FROM gsdb_sanctions_dyad WHERE sender_ccode = ? AND "
            "target_ccode = ? AND year BETWEEN ? AND ?",
            [frm, to, lo - NEAR, hi + NEAR],
        ).fetchone()
        if near and near[0] is not None:
            verdict = "mixed"
            holds = f"sanctions are recorded in {_yrs(int(near[0]), int(near[1]))}, not in {lo}"
            nums.append(_n(_yrs(int(near[0]), int(near[1])), "recorded", "nearest case years", src))
    rule = (
        "a GSDB case with that sender and target in the years supported, none contradicted (a "
        f"year named: mixed when a case lies within {NEAR} years of it)"
    )
    return _done(prop, verdict, nums, rule, (lo, hi), holds, ["gsdb_sanctions_dyad"])


CHINA = 710


def check_finance(ck: Checker, prop: dict[str, Any], a: int, b: int) -> dict[str, Any]:
    """China's official finance to the recipient (AidData GCDF 3.0, commitments, constant 2021
    US$: other official flows + development assistance + vague official finance) in the years
    (default the ten before the date): > 0 supported, none recorded contradicted; a change as
    for arms. The data hold China's finance only."""
    frm, to = (prop.get("direction") or [a, b])[:2]
    if frm != CHINA:
        return _cannot(
            f"the finance data (AidData) hold China's official finance only, not {_name(frm)}'s"
        )
    covered = ck.st.raw.execute(
        "SELECT count(*) FROM aiddata_gcdf_sy WHERE ccode = ?", [to]
    ).fetchone()
    if not covered or not covered[0]:
        return _cannot(
            f"{_name(to)} is not among the recipients AidData covers (development finance to "
            "developing states): no record is no evidence"
        )
    yrs = _years(ck, prop, "finance", TEN)
    if isinstance(yrs, dict):
        return yrs
    lo, hi = yrs
    rows = ck.st.raw.execute(
        "SELECT year, coalesce(oof_adj, 0) + coalesce(oda_adj, 0) + coalesce(vof_adj, 0) FROM "
        "aiddata_gcdf_sy WHERE ccode = ? AND year BETWEEN ? AND ? ORDER BY year",
        [to, lo, hi],
    ).fetchall()
    src = "aiddata_gcdf_sy (AidData GCDF 3.0, commitments, constant 2021 US$)"
    what = f"China's official finance to {_name(to, hi)}"
    series = {int(y): float(v or 0) / 1e6 for y, v in rows}
    if prop.get("change") and hi - lo >= 5:
        full = [(y, series.get(y, 0.0)) for y in range(lo, hi + 1)]
        verdict, nums, rule, holds = _change(prop, full, "US$ m", what, src, 3)
        return _done(prop, verdict, nums, rule, (lo, hi), holds, ["aiddata_gcdf_sy"])
    total = sum(series.values())
    nums = [_n(_yrs(lo, hi), round(total), f"{what} (US$ m, 2021 prices)", src)]
    verdict = "supported" if total > 0 else "contradicted"
    rule = "commitments recorded in the years supported, none recorded contradicted"
    return _done(prop, verdict, nums, rule, (lo, hi), None, ["aiddata_gcdf_sy"])


# --- dispatch -------------------------------------------------------------------------------
_CHECKS = {
    "votes": check_votes,
    "trade": check_trade,
    "alliances": check_alliances,
    "arms": check_arms,
    "disputes": check_disputes,
    "sanctions": check_sanctions,
    "vetoes": check_vetoes,
    "finance": check_finance,
}


def _one(ck: Checker, prop: dict[str, Any], a: int, b: int) -> dict[str, Any]:
    return _CHECKS[prop["channel"]](ck, prop, a, b)


def check(ck: Checker | None, prop: dict[str, Any]) -> dict[str, Any]:
    """What the data say of one proposition (see the module docstring); ``ck`` None: no
    claim names a channel, so no store is read."""
    if prop.get("kind") != "claim":
        return {"verdict": "not a claim", "reason": prop.get("reason"), "numbers": []}
    ch = prop.get("channel")
    states = list(prop.get("states") or [])
    if ch is None:
        ev = prop.get("named_events") or []
        topic = (prop.get("cues") or {}).get("topic") or []
        what = " and ".join(LABELS.get(t, t) for t in topic)
        why_not = (
            f"names {what} as a topic, not as a tie or act between the two"
            if topic
            else f"reports an event ({', '.join(ev)}): only imported event data could check it"
            if ev
            else "names no channel the data measure"
        )
        return _cannot(why_not)
    if ch not in TABLES:
        return _cannot(f"the checker does not test {LABELS.get(ch, ch)} claims yet")
    if len(states) < 2:
        return _cannot("the claim names one state; the checks need a pair")
    if ck is None:
        return _cannot("no store to check against")
    key = repr([prop.get(k) for k in _KEY])  # the same proposition twice: one set of queries
    if key in ck.memo:
        return dict(ck.memo[key])
    ck.memo[key] = out = _check(ck, prop, ch, states)
    return dict(out)


#: the proposition fields a check depends on
_KEY = ("channel", "states", "direction", "polarity", "negated", "comparison", "than", "change",
        "factor", "period", "joint", "rank", "named_events", "cues")  # fmt: skip


def _check(ck: Checker, prop: dict[str, Any], ch: str, states: list[int]) -> dict[str, Any]:
    try:
        if len(states) == 2 or ch in ("arms", "sanctions", "finance"):
            return _one(ck, prop, states[0], states[1])
        parts = [
            (x, y, _one(ck, {**prop, "direction": None}, x, y))
            for x, y in itertools.combinations(states[:4], 2)
        ]
    except MultipolarError as exc:
        return _cannot(str(exc))
    verdicts = {p[2]["verdict"] for p in parts}
    nums = [
        {**n, "what": f"{_pair(x, y)}: {n['what']}"}
        for x, y, r in parts
        for n in r.get("numbers", [])
    ]
    verdict = verdicts.pop() if len(verdicts) == 1 else "mixed"
    out = {
        "verdict": verdict,
        "numbers": nums,
        "rule": "a group: every pair checked; mixed when they differ",
        "tables": list(TABLES[ch]),
    }
    if verdict == "mixed":
        out["holds"] = "; ".join(f"{_pair(x, y)}: {r['verdict']}" for x, y, r in parts)
    return out


def spans(st: Store, tables: Sequence[str]) -> dict[str, tuple[int, int]]:
    """First and last year of each of ``tables`` in the store, one query (a table not yet
    built is loaded first through :meth:`Store.ensure`; one that cannot be has no span, and
    its claims say the data are not loaded)."""
    from multipolar.errors import NotLoadedError, SourceError

    have = {r[0] for r in st.raw.execute("SELECT table_name FROM duckdb_tables()").fetchall()}
    for t in tables:
        if t not in have:
            try:
                st.ensure(t)
                have.add(t)
            except (NotLoadedError, SourceError):
                continue
    parts = [
        f"SELECT '{t}' AS t, min(year) AS lo, max(year) AS hi FROM \"{t}\""
        for t in tables
        if t in have
    ]
    if not parts:
        return {}
    rows = st.raw.execute(" UNION ALL ".join(parts)).fetchall()
    return {t: (int(lo), int(hi)) for t, lo, hi in rows if lo is not None and hi is not None}


def checker(st: Store, date: dt.date | None, channels: Sequence[str]) -> Checker:
    """A :class:`Checker` with the spans of the tables ``channels`` read (one query)."""
    tables = sorted({t for c in channels if c in TABLES for t in TABLES[c]})
    return Checker(st, date, spans(st, tables) if tables else {}, set(tables))


def asserts(prop: dict[str, Any]) -> str:
    """What a proposition asserts, in a few words ("China–Russia · UN votes: against each
    other, more than most pairs · after 2014"), or why it is not a claim."""
    if prop.get("kind") != "claim":
        return f"not a claim ({prop.get('reason')})"
    parts = []
    st = prop.get("states") or []
    ch = prop.get("channel")
    if prop.get("direction"):
        a, b = prop["direction"][:2]
        parts.append(f"{_name(a)} → {_name(b)}")
    elif st:
        parts.append("–".join(_name(c) for c in st[:4]))
    topic = (prop.get("cues") or {}).get("topic") or []
    if ch:
        what = LABELS.get(ch, ch)
    elif topic:
        what = "topic only: " + ", ".join(LABELS.get(t, t) for t in topic)
    elif prop.get("named_events"):
        what = "event: " + ", ".join(prop["named_events"])
    else:
        what = "nothing measured"
    bits = []
    if prop.get("negated"):
        bits.append("not")
    if prop.get("joint") and ch == "vetoes":
        bits.append("jointly")
    if prop.get("polarity"):
        bits.append("against each other" if prop["polarity"] == "against" else "together")
    if prop.get("comparison") == "most":
        bits.append("more than most pairs")
    elif prop.get("comparison") == "fewer":
        bits.append("less than most pairs")
    if prop.get("than") is not None:
        bits.append(f"more than with {_name(prop['than'])}")
    if prop.get("change"):
        bits.append("rose" if prop["change"] == "rise" else "fell")
    parts.append(what + (": " + ", ".join(bits) if bits else ""))
    p = prop.get("period")
    if p:
        parts.append(p.get("text") or _yrs(p.get("from"), p.get("to")))
    if prop.get("future"):
        parts.append("a prediction")
    return " · ".join(parts)
