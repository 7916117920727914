"""Plain sentences and the evidence matrix, generated from the numbers of a ``why`` evidence.

Each finding is ``{text, source, values}``: the sentence, the sources behind it and the exact
figures it states. Each matrix row is ``{driver, measure, then, now, trend, verdict, rule}``;
the rule is written next to the verdict so a reader can check it. No sentence claims a cause.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

import pandas as pd

from multipolar.measures.coalition import trend

if TYPE_CHECKING:
    from multipolar.explain.why import Evidence

EDGE = 5  # years averaged for "then" (first) and "now" (last)
SRC_VOTES = "unvotes (Bailey, Strezhnev & Voeten 2017)"
SRC_ATOP = "atop_alliance (ATOP 5.1, Leeds et al. 2002)"
SRC_NMC = "cow_nmc (NMC 7.0, Singer et al. 1972)"
SRC_RIV = "td_rivalries (Thompson & Dreyer 2012); gml_mid_ddydisps (GML MID 2.2.1)"
SRC_TRADE = "cow_trade_ndy, cow_trade_sy (COW Trade 4.0, Barbieri et al. 2009)"
SRC_IGO = "cow_igo_ndy (COW IGO 3.0, Pevehouse et al. 2020)"
SRC_IDEAL = "unvotes; multipolar dynamic ordinal IRT (see docs/idealpoints.md)"


def _pct(x: float | None) -> str:
    return "n/a" if x is None or pd.isna(x) else f"{100 * x:.0f}%"


def _edges(df: pd.DataFrame, col: str) -> tuple[float | None, float | None, int, int]:
    d = df.dropna(subset=[col])
    if d.empty:
        return None, None, 0, 0
    y0, y1 = int(d["year"].min()), int(d["year"].max())
    then = float(d.loc[d["year"] < y0 + EDGE, col].mean())
    now = float(d.loc[d["year"] > y1 - EDGE, col].mean())
    return then, now, y0, y1


def _trend_word(slope: float | None, scale: float = 0.02) -> str:
    if slope is None:
        return "n/a"
    if slope > scale:
        return f"rising ({slope:+.3f}/decade)"
    if slope < -scale:
        return f"falling ({slope:+.3f}/decade)"
    return f"flat ({slope:+.3f}/decade)"


def findings(ev: Evidence) -> list[dict[str, Any]]:
    """5–10 plain sentences, each with its figures and source."""
    A, B, C = ev.name("a"), ev.name("b"), ev.name("vs")
    out: list[dict[str, Any]] = []
    by = pd.DataFrame(ev.un_votes.get("by_year", []))
    if not by.empty:
        last = by.iloc[-1]
        first = by.iloc[0]
        slope = trend(by["year"], by["kappa"])
        out.append(
            {
                "text": (
                    f"In {int(last.year)} {A} and {B} cast identical votes on {_pct(last.agree)} of "
                    f"{int(last.n_votes)} contested UN roll calls (chance-corrected kappa "
                    f"{last.kappa:.2f}), against {_pct(first.agree)} (kappa {first.kappa:.2f}) in "
                    f"{int(first.year)}; kappa's trend over the period is {_trend_word(slope)}."
                ),
                "source": SRC_VOTES,
                "values": {
                    "year": int(last.year),
                    "agree": last.agree,
                    "n_votes": int(last.n_votes),
                    "kappa": last.kappa,
                    "first_year": int(first.year),
                    "first_agree": first.agree,
                    "first_kappa": first.kappa,
                    "kappa_trend_per_decade": slope,
                },
            }
        )
        if pd.notna(last.percentile):
            out.append(
                {
                    "text": (
                        f"That ranks the pair at the {last.percentile:.0f}th percentile of all "
                        f"{int(last.n_dyads):,} dyads voting in {int(last.year)}; with {C} each "
                        f"agreed on {_pct(last.agree_a_vs)} ({A}) and {_pct(last.agree_b_vs)} ({B})."
                    ),
                    "source": SRC_VOTES,
                    "values": {
                        "percentile": last.percentile,
                        "n_dyads": int(last.n_dyads),
                        "agree_a_vs": last.agree_a_vs,
                        "agree_b_vs": last.agree_b_vs,
                    },
                }
            )
    issues = [
        r for r in ev.un_votes.get("by_issue", []) if r["agree"] is not None and r["n_votes"] >= 20
    ]
    if len(issues) >= 2:
        hi = max(issues, key=lambda r: r["agree"])
        lo = min(issues, key=lambda r: r["agree"])
        out.append(
            {
                "text": (
                    f"Over {ev.period['from']}–{ev.period['to']} they agreed most on "
                    f"{hi['label']} ({_pct(hi['agree'])} of {hi['n_votes']} votes) and least "
                    f"on {lo['label']} ({_pct(lo['agree'])} of {lo['n_votes']})."
                ),
                "source": SRC_VOTES,
                "values": {"most": hi, "least": lo},
            }
        )
    tog = pd.DataFrame(ev.un_votes.get("together_against_vs", []))
    if not tog.empty:
        y1 = int(tog["year"].max())
        recent = tog[tog["year"] > y1 - EDGE]
        n = int(recent["n_votes"].sum())
        share = float((recent["share"] * recent["n_votes"]).sum() / n) if n else None
        out.append(
            {
                "text": (
                    f"In {int(recent['year'].min())}–{y1} {A} and {B} voted the same way against "
                    f"{C} on {_pct(share)} of the {n:,} contested roll calls all three voted on."
                ),
                "source": SRC_VOTES,
                "values": {
                    "from": int(recent["year"].min()),
                    "to": y1,
                    "share": share,
                    "n_votes": n,
                },
            }
        )
    ab_ties = [
        r for r in ev.alliances if r["ccode1"] in _pair_codes(ev) and r["ccode2"] in _pair_codes(ev)
    ]
    if ab_ties:
        since = min(r["from"] for r in ab_ties)
        kinds = sorted({r["type"] for r in ab_ties})
        out.append(
            {
                "text": (
                    f"ATOP records {', '.join(kinds)} commitments between {A} and {B}, the earliest in "
                    f"this period from {since}; the latest spell runs to {max(r['to'] for r in ab_ties)}."
                ),
                "source": SRC_ATOP,
                "values": {"types": kinds, "since": since},
            }
        )
    else:
        out.append(
            {
                "text": f"ATOP records no alliance commitment of any kind between {A} and {B} in "
                f"{ev.period['from']}–{min(ev.period['to'], 2018)}.",
                "source": SRC_ATOP,
                "values": {"types": []},
            }
        )
    riv = [r for r in ev.rivalries if set((r["ccode1"], r["ccode2"])) == set(_pair_codes(ev))]
    mids = [r for r in ev.disputes if set((r["ccode1"], r["ccode2"])) == set(_pair_codes(ev))]
    n_mids = sum(r["n_disputes"] for r in mids)
    if riv or mids:
        parts = [f"a rivalry {r['from']}–{r['to']} ({', '.join(r['types'])})" for r in riv]
        text = f"Thompson & Dreyer list {', '.join(parts) if parts else 'no strategic rivalry'}"
        text += (
            f" between them; the MID data record {n_mids} militarized dispute-years in the period"
        )
        text += f", the last in {max(r['year'] for r in mids)}." if mids else "."
        out.append(
            {"text": text, "source": SRC_RIV, "values": {"rivalries": riv, "dispute_years": n_mids}}
        )
    else:
        out.append(
            {
                "text": f"No strategic rivalry (to 2010) and no militarized dispute (to 2010) "
                f"between {A} and {B} in the period.",
                "source": SRC_RIV,
                "values": {"rivalries": [], "dispute_years": 0},
            }
        )
    cap = (
        pd.DataFrame(ev.capabilities).dropna(subset=["cinc_a", "cinc_b"])
        if ev.capabilities
        else pd.DataFrame()
    )
    if not cap.empty:
        r = cap.iloc[-1]
        out.append(
            {
                "text": (
                    f"In {int(r.year)} {A} held {_pct(r.cinc_a)} of the world's material capabilities "
                    f"(CINC), {B} {_pct(r.cinc_b)}: together {_pct(r.combined_ab)}, against "
                    f"{_pct(r.cinc_vs)} for {C}."
                ),
                "source": SRC_NMC,
                "values": {
                    "year": int(r.year),
                    "cinc_a": r.cinc_a,
                    "cinc_b": r.cinc_b,
                    "cinc_vs": r.cinc_vs,
                    "combined_ab": r.combined_ab,
                },
            }
        )
    tr = pd.DataFrame(ev.trade).dropna(subset=["trade"]) if ev.trade else pd.DataFrame()
    if not tr.empty:
        r = tr.iloc[-1]
        out.append(
            {
                "text": (
                    f"In {int(r.year)}, the last year of the COW trade data, {A}–{B} trade was "
                    f"${r.trade / 1000:,.1f} bn: {_pct(r.share_a)} of {A}'s total trade and "
                    f"{_pct(r.share_b)} of {B}'s."
                ),
                "source": SRC_TRADE,
                "values": {
                    "year": int(r.year),
                    "trade_musd": r.trade,
                    "share_a": r.share_a,
                    "share_b": r.share_b,
                },
            }
        )
    ip = pd.DataFrame(ev.ideal_points)
    if not ip.empty:
        y = int(ip["year"].max())
        cur = ip[ip["year"] == y].set_index("ccode")
        vals = {}
        bits = []
        for key in ("a", "b", "vs"):
            code = ev.states[key]["ccode"]
            if code in cur.index:
                vals[key] = {
                    "ideal": float(cur.loc[code, "ideal"]),
                    "se": float(cur.loc[code, "se"]),
                }
                bits.append(
                    f"{ev.name(key)} {vals[key]['ideal']:+.2f} (±{1.96 * vals[key]['se']:.2f})"
                )
        if bits:
            out.append(
                {
                    "text": f"On the main dimension of UN voting in {y} (positive: the US side): "
                    + ", ".join(bits)
                    + ".",
                    "source": SRC_IDEAL,
                    "values": {"year": y, **vals},
                }
            )
    if ev.blocs and ev.blocs.get("text"):
        out.append(
            {
                "text": ev.blocs["text"],
                "source": SRC_VOTES + "; Leiden communities",
                "values": {k: ev.blocs.get(k) for k in ("year", "same_bloc", "bloc1", "bloc2")},
            }
        )
    return out[:10]


def _pair_codes(ev: Evidence) -> tuple[int, int]:
    return (ev.states["a"]["ccode"], ev.states["b"]["ccode"])


#: stable keys of the evidence-matrix drivers (what other modules refer to a row by)
DRIVER_KEYS = {
    "Shared positions in multilateral forums": "forums",
    "Common opposition to a third power": "third_power",
    "Formal security ties": "security",
    "Economic interdependence": "economic",
    "Shared membership in international organisations": "igos",
    "Absence of rivalry and disputes": "rivalry",
    "Complementary power": "power",
}


def _row(
    driver: str, measure: str, then: Any, now: Any, trend_: str, verdict: str, rule: str
) -> dict[str, Any]:
    key = next(k for name, k in DRIVER_KEYS.items() if driver.startswith(name))
    return {
        "key": key,
        "driver": driver,
        "measure": measure,
        "then": then,
        "now": now,
        "trend": trend_,
        "verdict": verdict,
        "rule": rule,
    }


def evidence_matrix(ev: Evidence) -> list[dict[str, Any]]:
    """The usual claimed drivers of an alignment, each tested by one measure with a stated rule."""
    A, B, C = ev.name("a"), ev.name("b"), ev.name("vs")
    rows = []
    by = pd.DataFrame(ev.un_votes.get("by_year", []))
    if not by.empty:
        then, now, y0, y1 = _edges(by, "percentile")
        a_then, a_now, _, _ = _edges(by, "agree")
        p = now if now is not None else 0
        verdict = "supported" if p >= 75 else "mixed" if p >= 50 else "not supported"
        rows.append(
            _row(
                "Shared positions in multilateral forums",
                "UN identical-vote share (percentile among all dyads)",
                f"{_pct(a_then)} (p{then:.0f}) in {y0}–{y0 + EDGE - 1}"
                if then is not None
                else None,
                f"{_pct(a_now)} (p{now:.0f}) in {y1 - EDGE + 1}–{y1}" if now is not None else None,
                _trend_word(trend(by["year"], by["agree"])),
                verdict,
                "supported if the pair's mean percentile in the last 5 years is ≥ 75, mixed if ≥ 50",
            )
        )
    else:
        rows.append(
            _row(
                "Shared positions in multilateral forums",
                "UN identical-vote share",
                None,
                None,
                "n/a",
                "no data",
                "no contested UN roll calls both voted on",
            )
        )
    tog = pd.DataFrame(ev.un_votes.get("together_against_vs", []))
    if not tog.empty:
        then, now, y0, y1 = _edges(tog, "share")
        verdict = (
            "supported"
            if (now or 0) >= 0.25
            else "mixed"
            if (now or 0) >= 0.10
            else "not supported"
        )
        rows.append(
            _row(
                f"Common opposition to a third power ({C})",
                f"share of roll calls where {A} and {B} voted alike and {C} otherwise",
                _pct(then),
                _pct(now),
                _trend_word(trend(tog["year"], tog["share"])),
                verdict,
                "supported if ≥ 25% in the last 5 years, mixed if ≥ 10%",
            )
        )
    ab = [r for r in ev.alliances if {r["ccode1"], r["ccode2"]} == set(_pair_codes(ev))]
    last_year = max((r["to"] for r in ab), default=None)
    current = {r["type"] for r in ab if r["to"] >= min(ev.period["to"], 2018)}
    if current & {"defense", "offense"}:
        verdict = "supported"
    elif current:
        verdict = "mixed"
    else:
        verdict = "not supported"
    first_types = {r["type"] for r in ab if r["from"] <= ev.period["from"] + EDGE}
    rows.append(
        _row(
            "Formal security ties",
            "ATOP commitments between them",
            ", ".join(sorted(first_types)) or "none",
            ", ".join(sorted(current)) or "none",
            f"last tie {last_year}" if last_year else "none in the period",
            verdict,
            "supported if a defense or offense pact is in force at the end of the period (ATOP to "
            "2018), mixed if only neutrality, non-aggression or consultation",
        )
    )
    tr = pd.DataFrame(ev.trade).dropna(subset=["trade"]) if ev.trade else pd.DataFrame()
    if not tr.empty:
        r0, r1 = tr.iloc[0], tr.iloc[-1]
        lo, hi = sorted([r1.share_a, r1.share_b])
        verdict = "supported" if lo >= 0.05 else "mixed" if hi >= 0.05 else "not supported"
        rows.append(
            _row(
                "Economic interdependence",
                f"bilateral trade as a share of each one's total trade ({A}, {B})",
                f"{_pct(r0.share_a)}, {_pct(r0.share_b)} in {int(r0.year)}",
                f"{_pct(r1.share_a)}, {_pct(r1.share_b)} in {int(r1.year)}",
                _trend_word(trend(tr["year"], tr["share_a"] + tr["share_b"]), 0.01),
                verdict,
                "supported if both shares are ≥ 5% in the last year of data, mixed if one is "
                "(asymmetric dependence)",
            )
        )
    else:
        rows.append(
            _row(
                "Economic interdependence",
                "bilateral trade share",
                None,
                None,
                "n/a",
                "no data",
                "COW trade covers 1870–2014",
            )
        )
    if ev.igos:
        r0, r1 = ev.igos[0], ev.igos[-1]
        p = r1["percentile"] or 0
        verdict = "supported" if p >= 75 else "mixed" if p >= 50 else "not supported"
        rows.append(
            _row(
                "Shared membership in international organisations",
                "shared IGO memberships",
                f"{r0['shared_igos']} in {r0['year']}",
                f"{r1['shared_igos']} in {r1['year']} (p{p:.0f})",
                f"{r1['shared_igos'] - r0['shared_igos']:+d} over the period",
                verdict,
                "supported if the pair's count is at or above the 75th percentile of all dyads in the "
                "last year of data, mixed if ≥ 50th",
            )
        )
    riv = [r for r in ev.rivalries if {r["ccode1"], r["ccode2"]} == set(_pair_codes(ev))]
    mids = [r for r in ev.disputes if {r["ccode1"], r["ccode2"]} == set(_pair_codes(ev))]
    active = any(r["to"] >= min(ev.period["to"], 2010) for r in riv)
    recent_mid = any(r["year"] > min(ev.period["to"], 2010) - 10 for r in mids)
    verdict = (
        "not supported"
        if active and recent_mid
        else "mixed"
        if active or recent_mid
        else "supported"
    )
    rows.append(
        _row(
            "Absence of rivalry and disputes",
            "strategic rivalry; militarized dispute-years",
            ", ".join(f"rivalry {r['from']}–{r['to']}" for r in riv) or "no rivalry",
            f"{sum(r['n_disputes'] for r in mids)} dispute-years in the period",
            "rivalry ongoing" if active else ("rivalry ended" if riv else "none"),
            verdict,
            "supported if no rivalry is active at the end of the data (2010) and no MID in its last "
            "10 years; mixed if one of the two",
        )
    )
    cap = (
        pd.DataFrame(ev.capabilities).dropna(subset=["cinc_a", "cinc_b", "cinc_vs"])
        if ev.capabilities
        else pd.DataFrame()
    )
    if not cap.empty:
        r0, r1 = cap.iloc[0], cap.iloc[-1]
        alone = max(r1.cinc_a, r1.cinc_b) >= r1.cinc_vs
        together = r1.combined_ab >= r1.cinc_vs
        verdict = (
            "supported" if together and not alone else "mixed" if together else "not supported"
        )
        rows.append(
            _row(
                "Complementary power",
                f"combined CINC share of {A} and {B} vs {C}",
                f"{_pct(r0.combined_ab)} vs {_pct(r0.cinc_vs)} in {int(r0.year)}",
                f"{_pct(r1.combined_ab)} vs {_pct(r1.cinc_vs)} in {int(r1.year)}",
                _trend_word(trend(cap["year"], cap["combined_ab"] - cap["cinc_vs"]), 0.01),
                verdict,
                f"supported if together they match {C}'s capabilities but neither does alone "
                "(a balancing coalition); mixed if one already does alone",
            )
        )
    return rows
