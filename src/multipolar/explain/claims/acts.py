"""Claims about ties and acts: alliances (ATOP), Security Council vetoes, arms transfers (SIPRI),
militarized disputes (COW MID), sanctions (GSDB) and China's official finance (AidData), each
one SQL query on the pair's rows."""

from __future__ import annotations

import datetime as dt
from typing import Any

from multipolar.explain.claims.base import (
    NEAR,
    TEN,
    Checker,
    cannot,
    change_verdict,
    done,
    name,
    number,
    years_read,
    years_text,
)

_DEFENCE_WORDS = ("defence", "defense", "mutual", "military")


def check_alliances(ck: Checker, prop: dict[str, Any], a: int, b: int) -> dict[str, Any]:
    """An alliance claim: the ATOP obligations of the dyad (either order) in the year named,
    else the last ATOP year before the date; a defence pact claimed needs ``atop_defense``."""
    yrs = years_read(ck, prop, "alliances", 1)
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
    nums = [number(year, ", ".join(have) if have else "none", "ATOP obligations", src)]
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
    return done(prop, verdict, nums, rule, (year, year), holds, ["atop_ddy"])


def check_vetoes(ck: Checker, prop: dict[str, Any], a: int, b: int) -> dict[str, Any]:
    """A veto claim: drafts vetoed by both (joint), or the first state's vetoes on drafts
    whose agenda names the second or that protected it, from the year claimed to the date."""
    sp = ck.span("vetoes")
    if sp is None:
        return cannot("no Security Council vetoes are loaded (`multipolar data pull`)")
    p = prop.get("period") or {}
    frm, to = p.get("from"), p.get("to")
    if frm is not None and frm > sp[1]:
        return cannot(
            f"the claim is about {years_text(frm, to or frm)}; the vetoes list ends in {sp[1]}",
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
            [a, start, end, b, f"%{name(b)}%", f"%{name(b)}%"],
        ).fetchall()
        what = f"{name(a)}'s vetoes on or protecting {name(b)}"
    yrs = sorted({r[1].year for r in rows})
    nums = [number(f"{start.isoformat()} to {end.isoformat()}", len(rows), what, src)]
    if yrs:
        nums.append(number(", ".join(str(y) for y in yrs), len(yrs), "their years", src))
    verdict = "supported" if rows else "contradicted"
    rule = "one veto or more in the period supported, none contradicted"
    return done(prop, verdict, nums, rule, (start.year, end.year), None, ["unsc_vetoes"])


def check_arms(ck: Checker, prop: dict[str, Any], a: int, b: int) -> dict[str, Any]:
    """An arms claim: SIPRI TIV (millions) from the supplier to the recipient in the years
    (default the ten before the date); a year without a row is no delivery recorded."""
    yrs = years_read(ck, prop, "arms", TEN)
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
    what = f"arms {name(frm, hi)} → {name(to, hi)}"
    series = {int(y): float(v or 0) for y, v in rows}
    if prop.get("change") and hi - lo >= 5:
        full = [(y, series.get(y, 0.0)) for y in range(lo, hi + 1)]
        verdict, nums, rule, holds = change_verdict(prop, full, "TIV m", what, src, 3)
        return done(prop, verdict, nums, rule, (lo, hi), holds, ["sipri_tiv_dyad"])
    total = sum(series.values())
    nums = [number(years_text(lo, hi), round(total), f"{what} (TIV m)", src)]
    if series:
        nums.append(
            number(
                ", ".join(str(y) for y, v in series.items() if v > 0) or "none",
                len(series),
                "years with deliveries",
                src,
            )
        )
    verdict = "supported" if total > 0 else "contradicted"
    rule = "deliveries in the years (SIPRI TIV > 0) supported, none contradicted"
    return done(prop, verdict, nums, rule, (lo, hi), None, ["sipri_tiv_dyad"])


def check_disputes(ck: Checker, prop: dict[str, Any], a: int, b: int) -> dict[str, Any]:
    """A dispute claim: COW MID dyad-years (directed rows, the pair's order) in the years
    (default the ten before the date)."""
    yrs = years_read(ck, prop, "disputes", TEN)
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
        number(years_text(lo, hi), len(rows), "years with a militarized dispute", src),
    ]
    if rows:
        nums.append(
            number(
                ", ".join(str(int(r[0])) for r in rows),
                max(int(r[2] or 0) for r in rows),
                "highest hostility level (1–5) in",
                src,
            )
        )
    verdict = "supported" if rows else "contradicted"
    rule = "one dispute-year or more in the years supported, none contradicted"
    return done(prop, verdict, nums, rule, (lo, hi), None, ["cow_mid_ddydisps"])


def check_sanctions(ck: Checker, prop: dict[str, Any], a: int, b: int) -> dict[str, Any]:
    """A sanctions claim: GSDB cases with that sender and target active in the years (default
    any year before the date); a year named and no case in it, but one within ``NEAR`` years:
    mixed."""
    yrs = years_read(ck, prop, "sanctions", None)
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
    nums = [
        number(years_text(lo, hi), len(rows), f"GSDB cases {name(frm, hi)} → {name(to, hi)}", src)
    ]
    if rows:
        nums.append(
            number(
                ", ".join(years_text(int(r[1]), int(r[2])) for r in rows[:6]),
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
            holds = (
                f"sanctions are recorded in {years_text(int(near[0]), int(near[1]))}, not in {lo}"
            )
            nums.append(
                number(
                    years_text(int(near[0]), int(near[1])), "recorded", "nearest case years", src
                )
            )
    rule = (
        "a GSDB case with that sender and target in the years supported, none contradicted (a "
        f"year named: mixed when a case lies within {NEAR} years of it)"
    )
    return done(prop, verdict, nums, rule, (lo, hi), holds, ["gsdb_sanctions_dyad"])


CHINA = 710


def check_finance(ck: Checker, prop: dict[str, Any], a: int, b: int) -> dict[str, Any]:
    """China's official finance to the recipient (AidData GCDF 3.0, commitments, constant 2021
    US$: other official flows + development assistance + vague official finance) in the years
    (default the ten before the date): > 0 supported, none recorded contradicted; a change as
    for arms. The data hold China's finance only."""
    frm, to = (prop.get("direction") or [a, b])[:2]
    if frm != CHINA:
        return cannot(
            f"the finance data (AidData) hold China's official finance only, not {name(frm)}'s"
        )
    covered = ck.st.raw.execute(
        "SELECT count(*) FROM aiddata_gcdf_sy WHERE ccode = ?", [to]
    ).fetchone()
    if not covered or not covered[0]:
        return cannot(
            f"{name(to)} is not among the recipients AidData covers (development finance to "
            "developing states): no record is no evidence"
        )
    yrs = years_read(ck, prop, "finance", TEN)
    if isinstance(yrs, dict):
        return yrs
    lo, hi = yrs
    rows = ck.st.raw.execute(
        "SELECT year, coalesce(oof_adj, 0) + coalesce(oda_adj, 0) + coalesce(vof_adj, 0) FROM "
        "aiddata_gcdf_sy WHERE ccode = ? AND year BETWEEN ? AND ? ORDER BY year",
        [to, lo, hi],
    ).fetchall()
    src = "aiddata_gcdf_sy (AidData GCDF 3.0, commitments, constant 2021 US$)"
    what = f"China's official finance to {name(to, hi)}"
    series = {int(y): float(v or 0) / 1e6 for y, v in rows}
    if prop.get("change") and hi - lo >= 5:
        full = [(y, series.get(y, 0.0)) for y in range(lo, hi + 1)]
        verdict, nums, rule, holds = change_verdict(prop, full, "US$ m", what, src, 3)
        return done(prop, verdict, nums, rule, (lo, hi), holds, ["aiddata_gcdf_sy"])
    total = sum(series.values())
    nums = [number(years_text(lo, hi), round(total), f"{what} (US$ m, 2021 prices)", src)]
    verdict = "supported" if total > 0 else "contradicted"
    rule = "commitments recorded in the years supported, none recorded contradicted"
    return done(prop, verdict, nums, rule, (lo, hi), None, ["aiddata_gcdf_sy"])
