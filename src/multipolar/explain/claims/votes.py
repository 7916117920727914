"""UN-vote claims: the mean percentile of the pair's kappa among all dyads (the ``forums``
channel's :func:`~multipolar.explain.why.votes.pair_ranks`), against the rule of
:mod:`multipolar.explain.claims`."""

from __future__ import annotations

from typing import Any

from multipolar.explain.claims.base import (
    CHANGE_TOL,
    HIGH,
    LOW,
    MARGIN,
    TEN,
    VOTE_YEARS,
    Checker,
    cannot,
    done,
    name,
    number,
    pair_name,
    series_ends,
    years_read,
    years_text,
)


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
    """A UN-vote claim: the mean percentile of the pair's kappa among all dyads over the
    years claimed (default the last five vote years before the date); "than with X" against
    A–X's. Years without common contested votes have no percentile (left out, never zero)."""
    if prop.get("change") in ("rise", "fall"):
        return check_vote_trend(ck, prop, a, b)
    yrs = years_read(ck, prop, "votes", None)
    if isinstance(yrs, dict):
        return yrs
    lo, hi = yrs
    rows = _ranks(ck, a, b, lo, hi)
    if not (prop.get("period") or {}).get("from"):
        rows = rows[-VOTE_YEARS:]
    pct = _mean_pct(rows)
    if pct is None:
        return cannot(
            f"{pair_name(a, b, hi)} have no common contested UN votes in {years_text(lo, hi)}"
        )
    y0, y1 = int(rows[0]["year"]), int(rows[-1]["year"])
    src = "unga_votes (UN General Assembly votes, Voeten et al.; UN XML 2019–)"
    nums = [
        number(
            years_text(y0, y1),
            round(pct, 1),
            "kappa percentile among all dyads (mean)",
            src,
        ),
        number(y1, round(float(rows[-1]["kappa"]), 2), "kappa", src),
        number(
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
            return cannot(
                f"{pair_name(a, than, y1)} have no common contested UN votes in {years_text(y0, y1)}",
                numbers=nums,
            )
        nums.append(
            number(
                years_text(y0, y1),
                round(pct_x, 1),
                f"{pair_name(a, than, y1)} kappa percentile (mean)",
                src,
            )
        )
        diff = pct - pct_x if not against else pct_x - pct
        verdict = "supported" if diff >= MARGIN else "contradicted" if diff < 0 else "mixed"
        rule = (
            f"A–B's mean kappa percentile against A–{name(than)}'s: {MARGIN:.0f} points or more "
            "in the claimed direction supported, the other way contradicted, else mixed"
        )
        holds = (
            f"{pair_name(a, b, y1)} ranks {pct:.0f} against {pct_x:.0f} for {pair_name(a, than, y1)}: "
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
    return done(prop, verdict, nums, rule, (y0, y1), holds, ["unga_votes", "unga_rollcalls"])


#: years averaged at each end of a vote trend (a year's kappa moves by 0.2 on its own: China-
#: Russia 0.73 in 2011, 0.41 in 2012)
TREND_EDGE = 3


def check_vote_trend(ck: Checker, prop: dict[str, Any], a: int, b: int) -> dict[str, Any]:
    """ "A and B have moved closer (drifted apart) at the UN [since Y]": the pair's kappa at
    the start against the end of the years read (since Y, default the last ten vote years
    before the date), each end the mean of its first and last three years when the years are
    six or more. A move of 0.10 kappa or more in the claimed direction supported (the `why`
    report's rule for a move), none or the other way contradicted, less mixed."""
    yrs = years_read(ck, prop, "votes", TEN)
    if isinstance(yrs, dict):
        return yrs
    lo, hi = yrs
    series = [
        (int(r["year"]), float(r["kappa"]))
        for r in _ranks(ck, a, b, lo, hi)
        if r["kappa"] is not None and r["kappa"] == r["kappa"]
    ]
    if len(series) < 2:
        return cannot(
            f"{pair_name(a, b, hi)} have fewer than two years with a kappa in {years_text(lo, hi)}"
        )
    k0, k1, l0, l1 = series_ends(series, TREND_EDGE)
    src = "unga_votes (UN General Assembly votes, Voeten et al.; UN XML 2019–)"
    mean = "mean kappa" if len(series) >= 2 * TREND_EDGE else "kappa"
    nums = [
        number(l0, round(k0, 2), mean, src),
        number(l1, round(k1, 2), mean, src),
        number(f"{l0} to {l1}", f"{k1 - k0:+.2f}", "change in kappa", src),
    ]
    move = k1 - k0 if prop["change"] == "rise" else k0 - k1
    verdict = "supported" if move >= CHANGE_TOL else "contradicted" if move <= 0 else "mixed"
    word = "closer" if prop["change"] == "rise" else "apart"
    rule = (
        f"moved {word}: the pair's kappa (mean of the first and of the last {TREND_EDGE} years "
        f"when there are {2 * TREND_EDGE} or more) changed by {CHANGE_TOL:.2f} or more in that "
        "direction supported, not at all or the other way contradicted, less mixed"
    )
    holds = (
        f"kappa moved {abs(k1 - k0):.2f} {word}, less than {CHANGE_TOL:.2f}"
        if verdict == "mixed"
        else None
    )
    return done(
        prop,
        verdict,
        nums,
        rule,
        (series[0][0], series[-1][0]),
        holds,
        ["unga_votes", "unga_rollcalls"],
    )
