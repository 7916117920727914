"""Plain sentences, the evidence matrix and the bottom line, from the numbers of a ``why``.

Each finding is ``{text, source, values}``: the sentence, the sources behind it and the exact
figures it states. Each matrix row is ``{key, driver, measure, then, now, trend, verdict, rule,
score, base_rate}``: verdicts are calibrated against the field (where the pair stands among all
dyads of the same year, or among each state's partners) and the rule is written next to the
verdict so a reader can check it. No sentence claims a cause. Names are those of the year a
sentence speaks of ("Soviet Union" in 1990).
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

import pandas as pd

from multipolar import states as _states
from multipolar.explain._why_sections import EDGE, possessive, session_text, the, years_text

if TYPE_CHECKING:
    from multipolar.explain.why import Evidence, GroupEvidence

SRC_VOTES = "unvotes (Bailey, Strezhnev & Voeten 2017) to 2018; the UN's voting records from 2019"
SRC_ATOP = "atop_alliance (ATOP 5.1, Leeds et al. 2002)"
SRC_NMC = "cow_nmc (NMC 7.0, Singer et al. 1972)"
SRC_RIV = "td_rivalries (Thompson & Dreyer 2012); gml_mid_ddydisps (GML MID 2.2.1)"
SRC_TRADE = "cow_trade_ndy, cow_trade_sy (COW Trade 4.0, Barbieri et al. 2009)"
SRC_IGO = "cow_igo_ndy (COW IGO 3.0, Pevehouse et al. 2020)"
SRC_IDEAL = (
    SRC_VOTES + "; multipolar's dynamic ordinal item-response model, fitted on every state's votes "
    "in Bailey, Strezhnev & Voeten's roll-call set"
)
MAX_FINDINGS = 12
#: change in kappa (or agreement share) below which a segment "held near" a level
FLAT = 0.10
#: change in percentile points below which a rank is "steady"
STEADY = 5.0


# --- wording -----------------------------------------------------------------------------
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
    """``"1 dispute-year"``, ``"17 dispute-years"``.

    >>> plural(1, "dispute-year"), plural(17, "dispute-year"), plural(2, "treaty", "treaties")
    ('1 dispute-year', '17 dispute-years', '2 treaties')
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


def _pct(x: float | None) -> str:
    """A share as a percentage; under 1% with one decimal, so a small share is not "0%".

    >>> _pct(0.355), _pct(0.0036), _pct(0.0002), _pct(0.0)
    ('36%', '0.4%', '<0.1%', '0%')
    """
    if x is None or pd.isna(x):
        return "n/a"
    v = 100 * x
    if 0 < v < 1:
        return f"{v:.1f}%" if v >= 0.05 else "<0.1%"
    return f"{v:.0f}%"


def _num(x: float) -> str:
    text = f"{x:.2f}"
    return "0.00" if text == "-0.00" else text.replace("-", "−")


def _nm(code: int, year: int) -> str:
    """The state's name in ``year``, with "the" where English puts it."""
    return the(_states.name_in(code, year))


def _cap(text: str) -> str:
    return text[:1].upper() + text[1:]


def _codes(ev: Evidence) -> tuple[int, int, int]:
    return (ev.states["a"]["ccode"], ev.states["b"]["ccode"], ev.states["vs"]["ccode"])


def _of_pair(rows: list[dict[str, Any]], a: int, b: int) -> list[dict[str, Any]]:
    return [r for r in rows if {r["ccode1"], r["ccode2"]} == {a, b}]


def _edges(df: pd.DataFrame, col: str) -> tuple[float | None, float | None, int, int]:
    """Mean of ``col`` in the first and the last ``EDGE`` years with data, and those years."""
    d = df.dropna(subset=[col])
    if d.empty:
        return None, None, 0, 0
    y0, y1 = int(d["year"].min()), int(d["year"].max())
    then = float(d.loc[d["year"] < y0 + EDGE, col].mean())
    now = float(d.loc[d["year"] > y1 - EDGE, col].mean())
    return then, now, y0, y1


def _change_word(then: float | None, now: float | None, tol: float) -> str:
    """The trend word from the two ends, so it never contradicts them."""
    if then is None or now is None or pd.isna(then) or pd.isna(now):
        return "n/a"
    if now - then > tol:
        return "rising"
    if then - now > tol:
        return "falling"
    return "steady"


# --- turning points ----------------------------------------------------------------------
def narrate(segments: list[dict[str, Any]], series: pd.DataFrame, col: str, label: str) -> str:
    """One sentence through the segments of a piecewise-linear fit (measures.breaks).

    A segment whose fitted change is under ``max(FLAT, 0.2 × the series' range)`` "held
    near" its level; otherwise it "rose" or "fell" between the observed values at its ends
    (the fitted ones, marked "about", when noise makes the observed ends disagree with the
    fitted direction), so the word never contradicts the numbers beside it. A jump between
    segments is said ("dropped to … in 2009"); the lowest or highest value, when it lies
    inside a segment, is named there.

    >>> segs = [{"start": 1991, "end": 2008, "fit_start": 0.79, "fit_end": 0.81,
    ...          "obs_start": 0.56, "obs_end": 0.82},
    ...         {"start": 2009, "end": 2019, "fit_start": 0.49, "fit_end": 0.74,
    ...          "obs_start": 0.52, "obs_end": 0.69}]
    >>> s = pd.DataFrame({"year": [1991, 2008, 2009, 2019], "k": [0.56, 0.82, 0.52, 0.69]})
    >>> narrate(segs, s, "k", "kappa")
    'kappa held near 0.80 from 1991 to 2008, then dropped to 0.52 in 2009 and rose to 0.69 by 2019'

    A last year far off a level segment is said, also in a one-segment series:

    >>> one = [{"start": 2009, "end": 2025, "fit_start": 0.42, "fit_end": 0.40,
    ...         "obs_start": 0.41, "obs_end": 0.04}]
    >>> t = pd.DataFrame({"year": [2009, 2024, 2025], "k": [0.41, 0.40, 0.04]})
    >>> narrate(one, t, "k", "kappa")
    'kappa held near 0.41 from 2009 to 2024, then fell to 0.04 in 2025'
    """
    if not segments:
        return ""
    d = series.dropna(subset=[col])
    span = float(d[col].max() - d[col].min()) if len(d) else 0.0
    flat = max(FLAT, 0.2 * span)
    extreme: tuple[int, str] | None = None
    if len(d) >= 3:
        bounds = {int(s["start"]) for s in segments} | {int(s["end"]) for s in segments}
        for idx, word in ((d[col].idxmin(), "lowest"), (d[col].idxmax(), "highest")):
            yr = int(d.loc[idx, "year"])
            if yr not in bounds:
                extreme = (yr, f" ({word}: {_num(float(d.loc[idx, col]))} in {yr})")
                break
    parts: list[str] = []
    prev_end: float | None = None
    for i, s in enumerate(segments):
        dfit = s["fit_end"] - s["fit_start"]
        dobs = s["obs_end"] - s["obs_start"]
        jump = None if prev_end is None else s["fit_start"] - prev_end
        lead = "" if i == 0 else "then "
        # a last year far off a level segment (USA–UK 2025: 0.04 against a level near 0.41)
        # is said, not averaged away
        last = _last_move(s, flat) if i == len(segments) - 1 else None
        until = s["end"] - 1 if last else s["end"]
        if abs(dfit) < flat:
            level = (s["fit_start"] + s["fit_end"]) / 2
            if jump is not None and abs(jump) >= flat:
                verb = "jumped" if jump > 0 else "dropped"
                text = (
                    f"{lead}{verb} to {_num(s['obs_start'])} in {s['start']} and held near "
                    f"{_num(level)} until {until}"
                )
            elif i == 0:
                text = f"held near {_num(level)} from {s['start']} to {until}"
            else:
                text = f"{lead}held near {_num(level)} until {until}"
        else:
            up = dfit > 0
            verb = "rose" if up else "fell"
            agrees = (dobs > 0) == up and abs(dobs) >= flat / 2
            v0, v1 = (s["obs_start"], s["obs_end"]) if agrees else (s["fit_start"], s["fit_end"])
            about = "" if agrees else "about "
            if jump is not None and abs(jump) >= flat and (jump > 0) != up:
                jverb = "jumped" if jump > 0 else "dropped"
                text = (
                    f"{lead}{jverb} to {about}{_num(v0)} in {s['start']} and {verb} to "
                    f"{about}{_num(v1)} by {s['end']}"
                )
            else:
                text = (
                    f"{lead}{verb} from {about}{_num(v0)} in {s['start']} to {about}{_num(v1)} "
                    f"{'in' if i == 0 else 'by'} {s['end']}"
                )
        if extreme and s["start"] <= extreme[0] <= s["end"]:
            text += extreme[1]
        if last:
            text += f", then {last}"
        parts.append(text)
        prev_end = s["fit_end"]
    return f"{label} " + ", ".join(parts)


def _last_move(s: dict[str, Any], flat: float) -> str | None:
    """ "fell to 0.04 in 2025" when a level segment's last observed value departs from its
    fitted end by at least ``flat``; None otherwise (and for rising or falling segments,
    whose sentence already ends on the observed value).

    >>> seg = {"start": 2009, "end": 2025, "fit_start": 0.42, "fit_end": 0.40, "obs_end": 0.04}
    >>> _last_move(seg, 0.17), _last_move({**seg, "obs_end": 0.35}, 0.17)
    ('fell to 0.04 in 2025', None)
    """
    if abs(s["fit_end"] - s["fit_start"]) >= flat or s["end"] <= s["start"]:
        return None
    dep = s["obs_end"] - s["fit_end"]
    if abs(dep) < flat:
        return None
    return f"{'rose' if dep > 0 else 'fell'} to {_num(s['obs_end'])} in {s['end']}"


# --- findings ----------------------------------------------------------------------------
def findings(ev: Evidence) -> list[dict[str, Any]]:
    """Plain sentences, each with its figures and source (at most ``MAX_FINDINGS``)."""
    a, b, c = _codes(ev)
    out: list[dict[str, Any]] = []
    un = ev.un_votes
    by = pd.DataFrame(un.get("by_year", []))
    if not by.empty:
        last, first = by.iloc[-1], by.iloc[0]
        y1, y0 = int(last.year), int(first.year)
        A, B, C = _nm(a, y1), _nm(b, y1), _nm(c, y1)
        story = narrate(
            un.get("turning_points", {}).get("kappa", []),
            by,
            "kappa",
            "Chance-corrected agreement (kappa)",
        )
        out.append(
            {
                "text": (
                    f"In {y1} {A} and {B} cast identical votes on {_pct(last.agree)} of "
                    f"{plural(int(last.n_votes), 'contested UN roll call')} (kappa "
                    f"{_num(last.kappa)}). {story}."
                ),
                "source": SRC_VOTES,
                "values": {
                    "year": y1,
                    "agree": last.agree,
                    "n_votes": int(last.n_votes),
                    "kappa": last.kappa,
                    "first_year": y0,
                    "first_agree": first.agree,
                    "first_kappa": first.kappa,
                    "turning_points": un.get("turning_points", {}).get("kappa", []),
                },
            }
        )
        if pd.notna(last.percentile):
            out.append(
                {
                    "text": (
                        f"That ranks the pair {percentile_text(last.percentile)} of all "
                        f"{int(last.n_dyads):,} dyads voting in {y1} (the median dyad agreed on "
                        f"{_pct(last.median_agree)}) and, by kappa, which discounts the large "
                        f"majority's common votes, {percentile_text(last.percentile_kappa)}; "
                        f"with {C}, {A} agreed on "
                        f"{_pct(last.agree_a_vs)} and {B} on {_pct(last.agree_b_vs)}."
                    ),
                    "source": SRC_VOTES,
                    "values": {
                        "percentile": last.percentile,
                        "percentile_kappa": last.percentile_kappa,
                        "n_dyads": int(last.n_dyads),
                        "median_agree": last.median_agree,
                        "agree_a_vs": last.agree_a_vs,
                        "agree_b_vs": last.agree_b_vs,
                    },
                }
            )
        issues = [
            r for r in un.get("by_issue", []) if r["agree"] is not None and r["n_votes"] >= 20
        ]
        if len(issues) >= 2:
            hi = max(issues, key=lambda r: r["agree"])
            lo = min(issues, key=lambda r: r["agree"])
            out.append(
                {
                    "text": (
                        f"Over their common votes of {years_text(y0, y1)} they agreed most on "
                        f"{issue_label(hi['label'])} ({_pct(hi['agree'])} of {plural(hi['n_votes'], 'vote')}) "
                        f"and least on {issue_label(lo['label'])} ({_pct(lo['agree'])} of "
                        f"{plural(lo['n_votes'], 'vote')})."
                    ),
                    "source": SRC_VOTES,
                    "values": {"from": y0, "to": y1, "most": hi, "least": lo},
                }
            )
        tp = un.get("third_power")
        if tp and tp.get("share") is not None:
            rank = (
                f", which places them {percentile_text(tp['percentile'])} of the "
                f"{tp['n_dyads']:,} dyads without {C} (median {_pct(tp['median'])})"
                if tp.get("percentile") is not None
                else ""
            )
            out.append(
                {
                    "text": (
                        f"In {years_text(tp['from'], tp['to'])} {A} and {B} voted the same way "
                        f"against {C} on {_pct(tp['share'])} of the "
                        f"{plural(tp['n_votes'], 'contested roll call')} all three voted on"
                        + (
                            f" ({_pct(tp['strict_share'])} in strict opposition, yes against no; "
                            f"{_pct(tp['share'] - tp['strict_share'])} where they or {C} "
                            "abstained)"
                            if tp.get("strict_share") is not None
                            else ""
                        )
                        + f"{rank}."
                    ),
                    "source": SRC_VOTES,
                    "values": tp,
                }
            )
    out += _alliance_finding(ev)
    out += _rivalry_finding(ev)
    out += _capability_finding(ev)
    out += _trade_finding(ev)
    out += _ideal_finding(ev)
    if ev.blocs and ev.blocs.get("text"):
        out.append(
            {
                "text": ev.blocs["text"],
                "source": SRC_VOTES + "; Leiden communities",
                "values": {k: ev.blocs.get(k) for k in ("year", "same_bloc", "bloc1", "bloc2")},
            }
        )
    out += _ukraine_finding(ev)
    out += _sanctions_finding(ev)
    for f in out:
        f["text"] = _cap(f["text"])
    return out[:MAX_FINDINGS]


def _alliance_finding(ev: Evidence) -> list[dict[str, Any]]:
    a, b, _ = _codes(ev)
    atop = next((r for r in ev.coverage if r["section"] == "alliances"), None)
    span_end = min(ev.period["to"], _atop_end(ev))
    ab = sorted(_of_pair(ev.alliances, a, b), key=lambda r: (r["from"], r["type"]))
    A, B = _nm(a, span_end), _nm(b, span_end)
    if not ab:
        return [
            {
                "text": f"ATOP records no alliance commitment of any kind between {A} and {B} in "
                f"{years_text(ev.period['from'], span_end)}.",
                "source": SRC_ATOP,
                "values": {"types": []},
            }
        ]
    by_type: dict[str, list[str]] = {}
    for r in ab:
        by_type.setdefault(r["type"], []).append(years_text(r["from"], r["to"]))
    order = ["defense", "offense", "neutrality", "non-aggression", "consultation"]
    bits = [f"{t} {listing(by_type[t])}" for t in order if t in by_type]
    ends = f"; ATOP data end in {_atop_end(ev)}" if atop and ev.period["to"] > _atop_end(ev) else ""
    return [
        {
            "text": (
                f"ATOP records these commitments between {A} and {B}: {'; '.join(bits)}{ends}. "
                "(ATOP's dyad-year file names no treaty; a spell may come from a multilateral one.)"
            ),
            "source": SRC_ATOP,
            "values": {"spells": ab},
        }
    ]


def _atop_end(ev: Evidence) -> int:
    sp = ev.baselines.get("security")
    return int(sp["year"]) if sp else ev.period["to"]


def _td_end(ev: Evidence) -> int:
    sp = ev.baselines.get("rivalry")
    return int(sp["year"]) if sp else ev.period["to"]


def _rivalry_finding(ev: Evidence) -> list[dict[str, Any]]:
    a, b, _ = _codes(ev)
    if "rivalry" not in ev.baselines:
        return [
            {
                "text": "The rivalry and dispute data (Thompson & Dreyer; GML MID) end before "
                f"{ev.period['from']}, so they say nothing about this period.",
                "source": SRC_RIV,
                "values": {"rivalries": [], "dispute_years": None},
            }
        ]
    end = _td_end(ev)
    A, B = _nm(a, end), _nm(b, end)
    riv = _of_pair(ev.rivalries, a, b)
    mids = _of_pair(ev.disputes, a, b)
    n_mids = sum(r["n_disputes"] for r in mids)
    period = years_text(ev.period["from"], end)
    if riv or mids:
        parts = [f"a rivalry {r['from']}–{r['to']} ({', '.join(r['types'])})" for r in riv]
        text = f"Thompson & Dreyer list {listing(parts) if parts else 'no strategic rivalry'}"
        text += f" between {A} and {B}; the MID data record {plural(n_mids, 'militarized dispute-year')} in {period}"
        text += f", the last in {max(r['year'] for r in mids)}." if mids else "."
        return [
            {"text": text, "source": SRC_RIV, "values": {"rivalries": riv, "dispute_years": n_mids}}
        ]
    return [
        {
            "text": f"Neither a strategic rivalry nor a militarized dispute between {A} and {B} "
            f"is recorded in {period}"
            + (f" (both data sets end in {end})." if end < ev.period["to"] else "."),
            "source": SRC_RIV,
            "values": {"rivalries": [], "dispute_years": 0},
        }
    ]


def _capability_finding(ev: Evidence) -> list[dict[str, Any]]:
    a, b, c = _codes(ev)
    cap = (
        pd.DataFrame(ev.capabilities).dropna(subset=["cinc_a", "cinc_b"])
        if ev.capabilities
        else pd.DataFrame()
    )
    if cap.empty:
        return []
    r = cap.iloc[-1]
    y = int(r.year)
    return [
        {
            "text": (
                f"In {y} {_nm(a, y)} held {_pct(r.cinc_a)} of the world's material capabilities "
                f"(CINC), {_nm(b, y)} {_pct(r.cinc_b)}: together {_pct(r.combined_ab)}, against "
                f"{_pct(r.cinc_vs)} for {_nm(c, y)}."
            ),
            "source": SRC_NMC,
            "values": {
                "year": y,
                "cinc_a": r.cinc_a,
                "cinc_b": r.cinc_b,
                "cinc_vs": r.cinc_vs,
                "combined_ab": r.combined_ab,
            },
        }
    ]


def _trade_finding(ev: Evidence) -> list[dict[str, Any]]:
    a, b, _ = _codes(ev)
    tr = pd.DataFrame(ev.trade).dropna(subset=["trade"]) if ev.trade else pd.DataFrame()
    if tr.empty:
        return []
    r = tr.iloc[-1]
    y = int(r.year)
    A, B = _nm(a, y), _nm(b, y)
    data_end = int((ev.baselines.get("trade_span") or {}).get("to", y))
    last_of = (
        ", the last year of the COW trade data,"
        if y == data_end and y < ev.period["to"]
        else ", the last year with trade data for the pair,"
        if y < ev.period["to"]
        else ""
    )
    rk = ev.baselines.get("economic") or {}
    rank = ""
    if rk.get("rank_b_among_a") and rk.get("rank_a_among_b"):
        rank = (
            f"; {B} was {possessive(A)} {largest(rk['rank_b_among_a'])} trade partner "
            f"(of {rk['partners_a']}) and {A} {possessive(B)} {largest(rk['rank_a_among_b'])}"
        )
    return [
        {
            "text": (
                f"In {y}{last_of} {_states.name_in(a, y)}–{_states.name_in(b, y)} trade was ${r.trade / 1000:,.1f} bn: "
                f"{_pct(r.share_a)} of {possessive(A)} total trade and {_pct(r.share_b)} of "
                f"{possessive(B)}{rank}."
            ),
            "source": SRC_TRADE,
            "values": {
                "year": y,
                "trade_musd": r.trade,
                "share_a": r.share_a,
                "share_b": r.share_b,
                **rk,
            },
        }
    ]


def _ideal_finding(ev: Evidence) -> list[dict[str, Any]]:
    ip = pd.DataFrame(ev.ideal_points)
    if ip.empty:
        return []
    a, b, c = _codes(ev)
    both = set(ip.loc[ip["ccode"] == a, "year"]) & set(ip.loc[ip["ccode"] == b, "year"])
    if not both:
        return []
    y = int(max(both))
    cur = ip[ip["year"] == y].set_index("ccode")
    vals: dict[str, Any] = {}
    bits = []
    for key, code in zip(("a", "b", "vs"), (a, b, c), strict=True):
        if code in cur.index:
            vals[key] = {"ideal": float(cur.loc[code, "ideal"]), "se": float(cur.loc[code, "se"])}
            bits.append(
                f"{_nm(code, y)} {vals[key]['ideal']:+.2f} (± {1.96 * vals[key]['se']:.2f})".replace(
                    "-", "−"
                )
            )
    us = _nm(2, y)  # the model's orientation: positive is the US side
    return [
        {
            "text": (
                f"On the main dimension of UN voting in {y} (ideal points estimated from every "
                f"state's votes; higher: closer to {us}; ±: half-width of the 95% interval): "
                f"{', '.join(bits)}."
            ),
            "source": SRC_IDEAL,
            "values": {"year": y, **vals},
        }
    ]


def _ukraine_finding(ev: Evidence) -> list[dict[str, Any]]:
    rows = ev.ukraine_votes
    if not rows:
        return []
    a, b, c = _codes(ev)
    y = ev.period["to"]
    A, B = _nm(a, y), _nm(b, y)
    first = rows[0]
    diff = sum(1 for r in rows if r["vote_a"] != r["vote_b"])
    did = {"yes": "voted yes", "no": "voted no", "abstain": "abstained", "absent": "was absent"}
    return [
        {
            "text": (
                f"On the {plural(len(rows), 'recorded vote')} of the emergency special session on "
                f"Ukraine (ES-11), {A} and {B} "
                f"{'voted differently ' + plural(diff, 'time') if diff else 'never voted differently'}; on "
                f"{first.get('unres') or 'the first'} {A} {did.get(first['vote_a'], first['vote_a'])}, "
                f"{B} {did.get(first['vote_b'], first['vote_b'])} and {_nm(c, y)} "
                f"{did.get(first['vote_vs'], first['vote_vs'])}."
            ),
            "source": SRC_VOTES + "; UN Digital Library voting records",
            "values": {"n": len(rows), "differ": diff},
        }
    ]


# --- the evidence matrix -----------------------------------------------------------------
def _row(
    key: str,
    driver: str,
    measure: str,
    then: Any,
    now: Any,
    trend_: str,
    verdict: str,
    rule: str,
    score: float | None = None,
    base_rate: str | None = None,
) -> dict[str, Any]:
    return {
        "key": key,
        "driver": driver,
        "measure": measure,
        "then": then,
        "now": now,
        "trend": trend_,
        "verdict": verdict,
        "rule": rule,
        "score": score,
        "base_rate": base_rate,
    }


def _by_pct(p: float | None) -> str:
    if p is None or pd.isna(p):
        return "no data"
    return "supported" if p >= 75 else "mixed" if p >= 50 else "not supported"


PCT_RULE = "supported at or above the 75th percentile (the top quarter of dyads), mixed at or above the 50th"


def evidence_matrix(ev: Evidence) -> list[dict[str, Any]]:
    """The usual claimed drivers of an alignment, each tested by one measure with a stated rule."""
    a, b, c = _codes(ev)
    end = ev.period["to"]
    A, B, C = _nm(a, end), _nm(b, end), _nm(c, end)
    rows = [_forums_row(ev), _third_row(ev, C), _security_row(ev)]
    rows += [_economic_row(ev, A, B), _igo_row(ev), _rivalry_row(ev), _power_row(ev, A, B, C)]
    srow = _sanctions_row(ev)
    if srow:
        rows.append(srow)
    return rows


def _forums_row(ev: Evidence) -> dict[str, Any]:
    by = pd.DataFrame(ev.un_votes.get("by_year", []))
    driver = "Shared positions in multilateral forums"
    if by.empty:
        return _row("forums", driver, "UN identical-vote share", None, None, "n/a", "no data",
                    "no contested UN roll calls both voted on")  # fmt: skip
    then, now, y0, y1 = _edges(by, "percentile_kappa")
    k_then, k_now, _, _ = _edges(by, "kappa")
    a_now = _edges(by, "agree")[1]
    med = float(by.loc[by["year"] > y1 - EDGE, "median_agree"].mean())
    return _row(
        "forums",
        driver,
        "UN votes: chance-corrected agreement (kappa), percentile among all dyads",
        f"kappa {_num(k_then)} (p{then:.0f}) in {years_text(y0, min(y0 + EDGE - 1, y1))}"
        if then is not None and k_then is not None
        else None,
        f"kappa {_num(k_now)} (p{now:.0f}) in {years_text(max(y1 - EDGE + 1, y0), y1)}"
        if now is not None and k_now is not None
        else None,
        _change_word(then, now, STEADY),
        _by_pct(now),
        f"mean percentile of the pair's kappa among all dyads in its last {EDGE} years of "
        f"common votes: {PCT_RULE}. Kappa, not the raw share, because the raw share ranks "
        "every pair of the large majority high (Häge 2011)",
        now,
        f"the median dyad cast identical votes on {_pct(med)} of roll calls in "
        f"{years_text(max(y1 - EDGE + 1, y0), y1)}; this pair on {_pct(a_now)}",
    )


def _third_row(ev: Evidence, C: str) -> dict[str, Any]:
    tp = ev.un_votes.get("third_power")
    driver = f"Common opposition to a third power ({C})"
    if not tp or tp.get("share") is None:
        return _row("third_power", driver, "voting together against the comparator", None, None,
                    "n/a", "no data", "no roll calls all three voted on")  # fmt: skip
    tog = pd.DataFrame(ev.un_votes.get("together_against_vs", []))
    then, now, y0, y1 = _edges(tog, "share")
    p = tp.get("percentile")
    return _row(
        "third_power",
        driver,
        f"share of contested roll calls where the pair voted alike and {C} otherwise, "
        "percentile among all dyads",
        f"{_pct(then)} in {years_text(y0, min(y0 + EDGE - 1, y1))}" if y1 else _pct(then),
        f"{_pct(tp['share'])} (p{p:.0f}) in {years_text(tp['from'], tp['to'])}"
        if p is not None
        else _pct(tp["share"]),
        _change_word(then, now, 0.05),
        _by_pct(p),
        f"percentile of the pair's share among all dyads without {C}, pooled over the last "
        f"{EDGE} years: {PCT_RULE}",
        p,
        f"the median dyad voted together against {C} on {_pct(tp.get('median'))}",
    )


def _security_row(ev: Evidence) -> dict[str, Any]:
    a, b, _ = _codes(ev)
    ab = _of_pair(ev.alliances, a, b)
    base = ev.baselines.get("security")
    if base is None:
        return _row("security", "Formal security ties", "ATOP commitments between them", None,
                    None, "n/a", "no data", "the ATOP data end before the period")  # fmt: skip
    year = int(base["year"]) if base else min(ev.period["to"], _atop_end(ev))
    current = {r["type"] for r in ab if r["from"] <= year <= r["to"]}
    verdict = (
        "supported" if current & {"defense", "offense"} else "mixed" if current else "not supported"
    )
    first_types = {r["type"] for r in ab if r["from"] < ev.period["from"] + EDGE}
    last_year = max((r["to"] for r in ab), default=None)
    rate = base.get("defense_share") if base else None
    return _row(
        "security",
        "Formal security ties",
        "ATOP commitments between them",
        ", ".join(sorted(first_types)) or "none",
        (", ".join(sorted(current)) or "none") + f" in {year}",
        f"last tie {last_year}" if last_year else "none in the period",
        verdict,
        f"supported if a defense or offense pact is in force in {year} (the last year of ATOP "
        "data in the period), mixed if only neutrality, non-aggression or consultation",
        None,
        f"{100 * rate:.1f}% of all dyads had a defense pact in {year}"
        if rate is not None
        else None,
    )


def _economic_row(ev: Evidence, A: str, B: str) -> dict[str, Any]:
    rk = ev.baselines.get("economic")
    driver = "Economic interdependence"
    tr = pd.DataFrame(ev.trade).dropna(subset=["trade"]) if ev.trade else pd.DataFrame()
    if tr.empty or not rk:
        return _row("economic", driver, "rank among each other's trade partners", None, None,
                    "n/a", "no data", "COW trade covers 1870–2014")  # fmt: skip
    both = tr.dropna(subset=["share_a", "share_b"])
    r0, r1 = (both if not both.empty else tr).iloc[0], tr.iloc[-1]
    ra, rb = rk.get("rank_a_among_b"), rk.get("rank_b_among_a")
    top = [x is not None and x <= 10 for x in (rb, ra)]
    verdict = "supported" if all(top) else "mixed" if any(top) else "not supported"
    then_sum = float(r0.share_a + r0.share_b)
    now_sum = float(r1.share_a + r1.share_b)
    return _row(
        "economic",
        driver,
        f"rank of {B} among {possessive(A)} trade partners / of {A} among {possessive(B)} "
        "(share of total trade)",
        f"{_pct(r0.share_a)}, {_pct(r0.share_b)} in {int(r0.year)}",
        f"{ordinal(rb) if rb else '–'} / {ordinal(ra) if ra else '–'} partner in {rk['year']} "
        f"({_pct(r1.share_a)}, {_pct(r1.share_b)})",
        _change_word(then_sum, now_sum, 0.01),
        verdict,
        "supported if each is among the other's 10 largest trade partners in the last year of "
        "trade data, mixed if one is (asymmetric dependence)",
        None,
        f"{A} traded with {rk['partners_a']} partners, {B} with {rk['partners_b']}",
    )


def _igo_row(ev: Evidence) -> dict[str, Any]:
    driver = "Shared membership in international organisations"
    if not ev.igos:
        return _row("igos", driver, "shared IGO memberships", None, None, "n/a", "no data",
                    "COW IGO data cover 1816–2014")  # fmt: skip
    r0, r1 = ev.igos[0], ev.igos[-1]
    p = r1["percentile"]
    base = ev.baselines.get("igos") or {}
    return _row(
        "igos",
        driver,
        "shared IGO memberships, percentile among all dyads",
        f"{r0['shared_igos']} in {r0['year']}",
        f"{r1['shared_igos']} in {r1['year']} (p{p:.0f})"
        if p is not None
        else str(r1["shared_igos"]),
        _change_word(float(r0["shared_igos"]), float(r1["shared_igos"]), 2),
        _by_pct(p),
        f"percentile of the pair's count among all dyads in the last year of data: {PCT_RULE}",
        p,
        f"the median dyad shared {base.get('median', float('nan')):.0f} IGOs in {base.get('year')}"
        if base
        else None,
    )


def _rivalry_row(ev: Evidence) -> dict[str, Any]:
    a, b, _ = _codes(ev)
    if "rivalry" not in ev.baselines:
        return _row("rivalry", "Absence of rivalry and disputes", "strategic rivalry; militarized "
                    "dispute-years", None, None, "n/a", "no data",
                    "the rivalry and dispute data end before the period")  # fmt: skip
    end = _td_end(ev)
    riv = _of_pair(ev.rivalries, a, b)
    mids = _of_pair(ev.disputes, a, b)
    active = any(r["from"] <= end <= r["to"] for r in riv)
    recent = [r for r in mids if end - 10 < r["year"] <= end]
    verdict = "not supported" if active else "mixed" if recent else "supported"
    base = ev.baselines.get("rivalry")
    return _row(
        "rivalry",
        "Absence of rivalry and disputes",
        "strategic rivalry; militarized dispute-years",
        listing([f"rivalry {r['from']}–{r['to']}" for r in riv]) or "no rivalry",
        plural(sum(r["n_disputes"] for r in recent), "dispute-year")
        + f" in {years_text(end - 9, end)}",
        "rivalry ongoing" if active else ("rivalry ended" if riv else "none"),
        verdict,
        f"not supported if a strategic rivalry is active in {end} (the end of the data in the "
        "period); mixed if not, but a militarized dispute occurred in the 10 years before; "
        "supported if neither",
        None,
        f"{base['active']} rivalries were active in {base['year']} ({100 * base['share']:.2f}% of "
        "dyads)"
        if base and base.get("share") is not None
        else None,
    )


def _power_row(ev: Evidence, A: str, B: str, C: str) -> dict[str, Any]:
    cap = (
        pd.DataFrame(ev.capabilities).dropna(subset=["cinc_a", "cinc_b", "cinc_vs"])
        if ev.capabilities
        else pd.DataFrame()
    )
    driver = "Complementary power"
    if cap.empty:
        return _row("power", driver, "combined CINC share", None, None, "n/a", "no data",
                    "no capability data for the three")  # fmt: skip
    r0, r1 = cap.iloc[0], cap.iloc[-1]
    alone = max(r1.cinc_a, r1.cinc_b) >= r1.cinc_vs
    together = r1.combined_ab >= r1.cinc_vs
    verdict = "supported" if together and not alone else "mixed" if together else "not supported"
    return _row(
        "power",
        driver,
        f"combined CINC share of {A} and {B} vs {C}",
        f"{_pct(r0.combined_ab)} vs {_pct(r0.cinc_vs)} in {int(r0.year)}",
        f"{_pct(r1.combined_ab)} vs {_pct(r1.cinc_vs)} in {int(r1.year)}",
        _change_word(float(r0.combined_ab - r0.cinc_vs), float(r1.combined_ab - r1.cinc_vs), 0.01),
        verdict,
        f"supported if together they match {possessive(C)} capabilities but neither does alone "
        "(a balancing coalition); mixed if one already does alone",
        None,
        None,
    )


def _sanctions_row(ev: Evidence) -> dict[str, Any] | None:
    """The sanctions row, from :func:`multipolar.explain.sanctions.sanctions_matrix_row`."""
    if not ev.sanctions:
        return None
    from multipolar.explain._why_sections import optional

    fn = optional("sanctions", "sanctions_matrix_row")
    if fn is None:
        return None
    a, b, _ = _codes(ev)
    by = ev.sanctions.get("by_year") or []
    end = int(by[-1]["year"]) if by else ev.period["to"]
    row = fn(ev.sanctions, {"a": _nm(a, end), "b": _nm(b, end)})
    if not isinstance(row, dict):
        return None
    row = dict(row)
    row.setdefault("key", "sanctions")
    final = by[-1] if by else {}
    row.setdefault("score", final.get("percentile"))
    rate = final.get("base_rate")
    row.setdefault(
        "base_rate",
        f"{100 * rate:.0f}% of all pairs shared a Western sender in {end}"
        if rate is not None
        else None,
    )
    return row


def _sanctions_finding(ev: Evidence) -> list[dict[str, Any]]:
    by = (ev.sanctions or {}).get("by_year") or []
    if not by:
        return []
    a, b, _ = _codes(ev)
    r = by[-1]
    y = int(r["year"])
    A, B = _nm(a, y), _nm(b, y)
    last = ", the last year of the sanctions data (GSDB)," if y < ev.period["to"] else ""
    pct = (
        f", {percentile_text(r['percentile'])} of all pairs of states"
        if r.get("percentile") is not None and r.get("shared_states")
        else ""
    )
    n = int(r.get("shared_states") or 0)
    who = plural(n, "Western state") if n else "no Western state"
    return [
        {
            "text": f"In {y}{last} {who} sanctioned both {A} and {B}{pct}.",
            "source": "gsdb (GSDB V3, Felbermayr et al. 2020)",
            "values": dict(r),
        }
    ]


# --- bottom line and title ---------------------------------------------------------------
def _short(row: dict[str, Any]) -> str:
    return f"{row['driver'][0].lower()}{row['driver'][1:]}: {row['now']}"


def recent_trend(ev: Evidence) -> dict[str, Any] | None:
    """The direction of the pair's kappa in the last segment of its turning-point fit (as
    :func:`narrate` words it): ``word`` rising/falling/steady, ``verb`` risen/fallen/held steady,
    ``since`` the segment's first year and ``kappa_since`` its observed kappa, the last ``kappa``
    and its ``year``, ``then`` a last year far off a level segment ("fell to 0.04 in 2025");
    None without a fit."""
    by = pd.DataFrame(ev.un_votes.get("by_year", []))
    segs = ev.un_votes.get("turning_points", {}).get("kappa", [])
    if not segs or by.empty:
        return None
    s = segs[-1]
    d = s["fit_end"] - s["fit_start"]
    k = by["kappa"].dropna()
    flat = max(FLAT, 0.2 * float(k.max() - k.min())) if len(k) else FLAT  # as narrate()
    word = "rising" if d >= flat else "falling" if d <= -flat else "steady"
    verb = {"rising": "risen", "falling": "fallen", "steady": "held steady"}[word]
    return {
        "word": word,
        "verb": verb,
        "then": _last_move(s, flat),  # e.g. "fell to 0.04 in 2025", or None
        "since": int(s["start"]),
        "kappa_since": float(s["obs_start"]),
        "kappa": float(by["kappa"].iloc[-1]),
        "year": int(by["year"].iloc[-1]),
    }


def bottom_line(ev: Evidence) -> dict[str, Any]:
    """One or two sentences that weigh the evidence matrix."""
    rows = [r for r in ev.evidence_matrix if r["verdict"] != "no data"]
    a, b, _ = _codes(ev)
    end = ev.period["to"]
    A, B = _nm(a, end), _nm(b, end)
    counts = {
        v: sum(1 for r in rows if r["verdict"] == v)
        for v in ("supported", "mixed", "not supported")
    }
    sup = [r for r in rows if r["verdict"] == "supported"]
    neg = [r for r in rows if r["verdict"] == "not supported"]
    strongest = max(sup, key=lambda r: r["score"] if r["score"] is not None else 90.0, default=None)
    weakest = min(neg, key=lambda r: r["score"] if r["score"] is not None else 10.0, default=None)
    if not rows:
        return {
            "text": f"The data hold no evidence on {A} and {B} in this period.",
            "counts": counts,
        }
    text = (
        f"On {counts['supported']} of {len(rows)} channels the data support an alignment of {A} "
        f"and {B} (mixed on {counts['mixed']}, against on {counts['not supported']})"
    )
    if strongest:
        text += f"; the strongest is {_short(strongest)}"
    if weakest:
        text += f"; the weakest, {_short(weakest)}"
    text += "."
    recent = recent_trend(ev)
    if recent:
        if recent["then"]:
            text += (
                f" Their chance-corrected UN agreement held steady from {recent['since']} to "
                f"{recent['year'] - 1}, then {recent['then']}."
            )
        else:
            text += (
                f" Their chance-corrected UN agreement has {recent['verb']} since "
                f"{recent['since']} (kappa {_num(recent['kappa'])} in {recent['year']})."
            )
    return {
        "text": text,
        "counts": counts,
        "channels": len(rows),
        "strongest": strongest["key"] if strongest else None,
        "weakest": weakest["key"] if weakest else None,
    }


def aligned(ev: Evidence) -> bool:
    """Whether the report may ask "why do they align": UN agreement in the top quarter of dyads
    or most channels supported and none of the vote channels against -- and no strategic
    rivalry active at the end of the rivalry data (India and Pakistan vote alike at the UN, as
    much of the G-77 does, but are rivals: the question would presume what is not so)."""
    rows = {r["key"]: r for r in ev.evidence_matrix}
    forums = rows.get("forums", {}).get("verdict")
    counts = ev.bottom_line.get("counts") or {}
    if rows.get("rivalry", {}).get("trend") == "rivalry ongoing":
        return False
    if forums == "supported":
        return True
    return forums == "mixed" and counts.get("supported", 0) > counts.get("not supported", 0)


def headline(ev: Evidence) -> tuple[str, str]:
    """The title (a question that fits the pair) and a subtitle stating the evidence's period."""
    a, b, c = _codes(ev)
    end = ev.period["to"]
    A, B, C = _nm(a, end), _nm(b, end), _nm(c, end)
    title = f"Why do {A} and {B} align?" if aligned(ev) else f"How closely do {A} and {B} align?"
    votes = ev.un_votes.get("span")
    other = [
        r for r in ev.coverage if r["section"] not in ("UN votes", "ideal points") and r["from"]
    ]
    o0 = min((r["from"] for r in other), default=None)
    o1 = max((r["to"] for r in other), default=None)
    parts = []
    if votes:
        parts.append(
            f"UN votes {years_text(votes['from'], votes['to'])} (to {session_text(votes['to'])})"
        )
    if o0 is not None and o1 is not None:
        parts.append(f"other evidence {years_text(o0, o1)}")
    if not parts:
        parts.append(f"no evidence in {years_text(ev.period['from'], ev.period['to'])}")
    subtitle = "; ".join(parts) + f"; compared with {C} and with all other pairs of states"
    return title, subtitle


# --- groups ------------------------------------------------------------------------------
def group_findings(gev: GroupEvidence) -> tuple[str, list[dict[str, Any]]]:
    y1 = gev.period["to"]
    names = [s["name"] for s in gev.states]
    title = f"How closely do {listing(names)} vote together? {years_text(max(gev.period['from'], y1 - EDGE + 1), y1)}"
    out: list[dict[str, Any]] = []
    if gev.pairs:
        hi = max(gev.pairs, key=lambda r: r["agree"])
        lo = min(gev.pairs, key=lambda r: r["agree"])
        out.append(
            {
                "text": (
                    f"Closest pair: {hi['name1']}–{hi['name2']}, identical votes on "
                    f"{_pct(hi['agree'])} of {plural(hi['n_votes'], 'contested roll call')} "
                    f"({percentile_text(hi['percentile'])} of all dyads); most distant: "
                    f"{lo['name1']}–{lo['name2']} ({_pct(lo['agree'])}, "
                    f"{percentile_text(lo['percentile'])})."
                ),
                "source": SRC_VOTES,
                "values": {"closest": hi, "most_distant": lo},
            }
        )
    tog = pd.DataFrame(gev.together_against_vs)
    if not tog.empty:
        recent = tog[tog["year"] > y1 - EDGE]
        n = int(recent["n_votes"].sum())
        share = float(recent["together"].sum() / n) if n else None
        out.append(
            {
                "text": (
                    f"In {years_text(int(recent['year'].min()), y1)} all {len(names)} voted the "
                    f"same way against {the(gev.vs['name'])} on {_pct(share)} of the "
                    f"{plural(n, 'contested roll call')} on which all of them voted."
                ),
                "source": SRC_VOTES,
                "values": {"share": share, "n_votes": n},
            }
        )
    wv = [r for r in gev.with_vs if r["agree"] is not None]
    if wv:
        out.append(
            {
                "text": f"Agreement with {the(gev.vs['name'])}: "
                + ", ".join(f"{r['name']} {_pct(r['agree'])}" for r in wv)
                + ".",
                "source": SRC_VOTES,
                "values": {"with_vs": wv},
            }
        )
    return title, out
