"""Armed conflict (UCDP/PRIO): where two states fight each other, or fight on the same side.

A UCDP/PRIO armed conflict is "a contested incompatibility that concerns government and/or
territory where the use of armed force between two parties, of which at least one is the
government of a state, results in at least 25 battle-related deaths in one calendar year"
(Gleditsch et al. 2002). Each conflict-year names the states on side A (the primary party, a
government, and the states supporting it with troops) and on side B (the primary party when
it is a state, and the supporting states); ``ucdp_acd_sides`` holds them with COW codes.

For a pair (A, B) and each conflict-year in which both appear:

* **opposite sides**: one is on side A and the other on side B, in any role (a primary party
  fighting a state that supports the other side counts: Russia supporting side B against
  Ukraine's government in 2014–2021);
* **same side**: both on the same side, in any role (two supporters of one government count);
* **alongside**: on the same side, and either one of them is a primary party or the side has
  at most ``MISSION`` (20) supporting states. UCDP counts every state with troops supporting a
  side, so the dozens of contributors to a UN mission that supports a government are all
  "on the same side" (Mali 2021: 63 supporters; the Central African Republic 2024: 40);
  sharing such a mission says little about alignment, and the verdict counts *alongside*
  years only. Both counts are reported.

``by_year`` lists, per year, the conflicts of each relation with each state's role (primary or
secondary). ``base_rate`` compares the pair with every pair of states that share at least one
conflict-year in the period: the number of such dyads on opposite sides and on the same side
(``n_dyads_opposite``, ``n_dyads_same``), the pair's number of years of each relation and its
rank among those dyads (1 + the dyads with more years), for each relation (opposite, same
side, alongside). Computed in SQL in the store.

Missing data: the years outside 1946–2024 are gaps, never "no conflict". Within coverage, no
row means no armed conflict with 25 or more battle deaths in that year involving both (lower
levels of violence are not in the data). A state without a COW code (Hyderabad 1947–1948) is
never matched.

References: Gleditsch, N. P. et al. (2002) "Armed Conflict 1946–2001: A New Dataset",
*Journal of Peace Research* 39(5), doi:10.1177/0022343302039005007; Davies, S., Pettersson,
T. & Öberg, M. (2024) "Organized violence 1989–2023", *Journal of Peace Research*.
Citations printed with a result come from the source card.
"""

from __future__ import annotations

from typing import Any

from multipolar.explain._pair import (
    check_pair,
    clip,
    matrix_row,
    skeleton,
    spell_text,
)
from multipolar.store import Store

__all__ = ["CONFLICT_COVERAGE", "RULE", "armed_conflict_evidence", "conflict_matrix_row"]

CONFLICT_COVERAGE = (1946, 2024)
TABLES = ("ucdp_acd_sides", "ucdp_acd_cy")
RELATIONS = ("opposite", "same_side", "alongside")
#: more supporting states than this on one side make it a multinational mission
MISSION = 20
#: the last years of the data in the period that decide the verdict
WINDOW = 10
RULE = (
    f"over the last {WINDOW} years of the data in the period: not supported if the two fought "
    "on opposite sides of an armed conflict in any of them; supported if they fought alongside "
    "each other (the same side, one of them a primary party or the side at most "
    f"{MISSION} supporting states) in at least 3 of them and never against each other; mixed "
    "if they shared a conflict-year in the period otherwise (a UN mission of dozens included); "
    "not applicable if they never did"
)

#: supporting states per conflict-year and side
_SUPPORT = """
    SELECT conflict_id, year, side, count(*) FILTER (WHERE role = 'secondary') AS supporters
    FROM ucdp_acd_sides GROUP BY conflict_id, year, side
"""
#: every pair of states sharing a conflict-year, with its relation (alongside rows are also
#: same_side rows)
_PAIRS = f"""
    WITH sup AS ({_SUPPORT}),
         j AS (SELECT s1.conflict_id, s1.year, s1.ccode AS c1, s2.ccode AS c2,
                      s1.side = s2.side AS same,
                      s1.side = s2.side AND (s1.role = 'primary' OR s2.role = 'primary'
                        OR sup.supporters <= {MISSION}) AS along
               FROM ucdp_acd_sides s1 JOIN ucdp_acd_sides s2
                 ON s1.conflict_id = s2.conflict_id AND s1.year = s2.year AND s1.ccode < s2.ccode
               JOIN sup ON sup.conflict_id = s1.conflict_id AND sup.year = s1.year
                 AND sup.side = s1.side
               WHERE s1.year BETWEEN ? AND ?)
    SELECT DISTINCT conflict_id, year, c1, c2,
           CASE WHEN same THEN 'same_side' ELSE 'opposite' END AS relation FROM j
    UNION
    SELECT DISTINCT conflict_id, year, c1, c2, 'alongside' AS relation FROM j WHERE along
"""


def armed_conflict_evidence(store: Store, a: int, b: int, first: int, last: int) -> dict[str, Any]:
    """The armed conflicts of ``a`` and ``b`` (COW codes) against or beside each other.

    Returns
    -------
    dict (JSON-serialisable) with ``states``, ``coverage``, ``period`` (None when the period
    misses 1946–2024), ``by_year`` (``year, opposite, same_side``: lists of
    ``{conflict_id, type_of_conflict, intensity_level, role_a, role_b, side_a, supporters,
    alongside}``, and ``alongside`` for the year; only years with at least one),
    ``conflicts`` (one per conflict and relation: ``conflict_id, relation, years, from, to,
    type_of_conflict, max_intensity, max_supporters, alongside_years``), ``years_opposite``,
    ``years_same_side``, ``years_alongside``, ``years_each_other`` (text spells; "each other":
    opposite sides with both as primary parties, India and China in 1962; ``years_opposite_only``
    the other years on opposite sides), ``n_years_opposite``,
    ``n_years_same_side``, ``n_years_alongside``, ``base_rate`` (per relation: ``n_dyads,
    median_years, pair_years, rank``), ``sources`` and ``gaps``.

    >>> CONFLICT_COVERAGE
    (1946, 2024)
    """
    check_pair(a, b, first, last)
    lo, hi, gaps = clip(first, last, CONFLICT_COVERAGE, "Armed conflict data (UCDP/PRIO)")
    out = skeleton(store, a, b, lo, hi, coverage=CONFLICT_COVERAGE, tables=TABLES, gaps=gaps)
    empty = {
        "by_year": [],
        "conflicts": [],
        "years_opposite": "",
        "years_same_side": "",
        "years_alongside": "",
        "years_each_other": "",
        "years_opposite_only": "",
        "n_years_opposite": 0,
        "n_years_same_side": 0,
        "n_years_alongside": 0,
        "base_rate": None,
    }
    if lo is None or hi is None:
        out.update(empty)
        return out
    for t in TABLES:
        store.ensure(t)
    rows = store.sql(
        f"""WITH sup AS ({_SUPPORT})
           SELECT sa.conflict_id, sa.year, sa.side AS side_a, sa.role AS role_a,
                  sb.side AS side_b, sb.role AS role_b, cy.type_of_conflict, cy.intensity_level,
                  sup.supporters AS supporters_a
           FROM ucdp_acd_sides sa
           JOIN ucdp_acd_sides sb ON sa.conflict_id = sb.conflict_id AND sa.year = sb.year
           JOIN ucdp_acd_cy cy ON cy.conflict_id = sa.conflict_id AND cy.year = sa.year
           JOIN sup ON sup.conflict_id = sa.conflict_id AND sup.year = sa.year
             AND sup.side = sa.side
           WHERE sa.ccode = ? AND sb.ccode = ? AND sa.year BETWEEN ? AND ?
           ORDER BY sa.year, sa.conflict_id""",
        [int(a), int(b), lo, hi],
    )
    rows["relation"] = [
        "same_side" if x == y else "opposite"
        for x, y in zip(rows["side_a"], rows["side_b"], strict=True)
    ]
    rows["alongside"] = (rows["relation"] == "same_side") & (
        (rows["role_a"] == "primary")
        | (rows["role_b"] == "primary")
        | (rows["supporters_a"] <= MISSION)
    )
    rows = rows.drop_duplicates(["conflict_id", "year", "relation", "role_a", "role_b"])
    by_year = []
    for year, d in rows.groupby("year", sort=True):
        rec: dict[str, Any] = {"year": int(year)}
        for rel in ("opposite", "same_side"):
            rec[rel] = [
                {
                    "conflict_id": int(r["conflict_id"]),
                    "type_of_conflict": str(r["type_of_conflict"]),
                    "intensity_level": int(r["intensity_level"]),
                    "side_a": str(r["side_a"]),
                    "role_a": str(r["role_a"]),
                    "role_b": str(r["role_b"]),
                    "supporters": int(r["supporters_a"]),
                    "alongside": bool(r["alongside"]),
                }
                for r in d[d["relation"] == rel].to_dict("records")
            ]
        rec["alongside"] = bool(d["alongside"].any())
        by_year.append(rec)
    conflicts = []
    for (cid, rel), d in rows.groupby(["conflict_id", "relation"], sort=True):
        yrs = d["year"].astype(int).tolist()
        conflicts.append(
            {
                "conflict_id": int(cid),
                "relation": str(rel),
                "years": spell_text(yrs),
                "from": min(yrs),
                "to": max(yrs),
                "type_of_conflict": ", ".join(sorted(set(d["type_of_conflict"].astype(str)))),
                "max_intensity": int(d["intensity_level"].max()),
                "max_supporters": int(d["supporters_a"].max()) if rel == "same_side" else None,
                "alongside_years": spell_text(d.loc[d["alongside"], "year"].astype(int)),
            }
        )
    years = {
        rel: sorted(set(rows.loc[rows["relation"] == rel, "year"].astype(int)))
        for rel in ("opposite", "same_side")
    }
    years["alongside"] = sorted(set(rows.loc[rows["alongside"], "year"].astype(int)))
    each_other = (
        (rows["relation"] == "opposite")
        & (rows["role_a"] == "primary")
        & (rows["role_b"] == "primary")
    )
    years["each_other"] = sorted(set(rows.loc[each_other, "year"].astype(int)))
    years["opposite_only"] = sorted(set(years["opposite"]) - set(years["each_other"]))
    out.update(
        by_year=by_year,
        conflicts=conflicts,
        years_opposite=spell_text(years["opposite"]),
        years_same_side=spell_text(years["same_side"]),
        years_alongside=spell_text(years["alongside"]),
        years_each_other=spell_text(years["each_other"]),
        years_opposite_only=spell_text(years["opposite_only"]),
        n_years_opposite=len(years["opposite"]),
        n_years_same_side=len(years["same_side"]),
        n_years_alongside=len(years["alongside"]),
        base_rate=_base_rate(store, a, b, lo, hi, years),
    )
    return out


def _base_rate(
    store: Store, a: int, b: int, lo: int, hi: int, years: dict[str, list[int]]
) -> dict[str, Any]:
    """Dyads sharing a conflict-year, by relation, and the pair's rank among them (SQL)."""
    per = store.sql(
        f"""WITH p AS ({_PAIRS}),
                 n AS (SELECT c1, c2, relation, count(DISTINCT year) AS years FROM p
                       GROUP BY c1, c2, relation)
            SELECT relation, count(*) AS n_dyads, median(years) AS median_years,
                   count(*) FILTER (WHERE years > CASE relation WHEN 'opposite' THEN ?
                                                 WHEN 'same_side' THEN ? ELSE ? END) AS above
            FROM n GROUP BY relation""",
        [lo, hi, len(years["opposite"]), len(years["same_side"]), len(years["alongside"])],
    ).set_index("relation")
    out: dict[str, Any] = {
        "unit": "pairs of states (COW codes) sharing at least one conflict-year in the period"
    }
    for rel in RELATIONS:
        has = rel in per.index
        n_pair = len(years[rel])
        out[rel] = {
            "n_dyads": int(per.loc[rel, "n_dyads"]) if has else 0,
            "median_years": float(per.loc[rel, "median_years"]) if has else None,
            "pair_years": n_pair,
            "rank": int(per.loc[rel, "above"]) + 1 if has and n_pair else None,
        }
    return out


def conflict_matrix_row(evidence: dict[str, Any]) -> dict[str, Any]:
    """The evidence-matrix row "Armed conflict" of :func:`armed_conflict_evidence`, by :data:`RULE`.

    The base rate is the field of dyads sharing a conflict-year in the period: how many fought
    on the same side and how many on opposite sides.
    """
    driver = "Fighting side by side, not against each other"
    measure = "years on the same side / on opposite sides of an armed conflict (UCDP/PRIO)"
    period = evidence.get("period")
    if not period:
        return matrix_row("conflict", driver, measure, None, None, "n/a", "no data", RULE)
    end = period["to"]
    # the window never starts before the period (China-Russia from 2023 read "conflict-years
    # 2015-2024")
    lo = max(end - WINDOW + 1, int(period["from"]))
    recent = [r for r in evidence["by_year"] if r["year"] >= lo]
    opp = [r["year"] for r in recent if r["opposite"]]
    same = [r["year"] for r in recent if r["alongside"]]
    mission = [r["year"] for r in recent if r["same_side"] and not r["alongside"]]
    earlier = [r for r in evidence["by_year"] if r["year"] < lo]
    shared = evidence["n_years_opposite"] + evidence["n_years_same_side"]
    if opp:
        verdict = "not supported"
    elif len(same) >= 3:
        verdict = "supported"
    elif shared:
        verdict = "mixed"
    else:
        verdict = "not applicable"
    br = evidence.get("base_rate") or {}
    if verdict == "not applicable":
        return matrix_row(
            "conflict", driver, measure, f"never in the same armed conflict in "
            f"{period['from']}–{end}", None, "n/a", verdict, RULE,
        )  # fmt: skip
    return matrix_row(
        "conflict",
        driver,
        measure,
        f"alongside {evidence['years_alongside'] or 'never'} (same side, missions included: "
        f"{evidence['years_same_side'] or 'never'}); opposite sides "
        f"{evidence['years_opposite'] or 'never'} ({period['from']}–{end})",
        _now_text(lo, end, same, opp, mission, earlier),
        "n/a",
        verdict,
        RULE,
        score=float(len(same) - len(opp)),
        base_rate=None
        if not br
        else f"{br['alongside']['n_dyads']} pairs of states fought alongside each other and "
        f"{br['opposite']['n_dyads']} on opposite sides at least once in "
        f"{period['from']}–{end}",
    )


def _now_text(
    lo: int,
    end: int,
    along: list[int],
    opp: list[int],
    mission: list[int],
    earlier: list[dict[str, Any]],
) -> str:
    """The "now" cell: the window's years alongside and opposed, then what else decides the
    verdict: the years on the same side only in a mission of more than ``MISSION`` states
    (Germany–France 2015–2023 read "0 on the same side" while both supported the Malian
    government), or, when the window holds nothing, the earlier years behind "mixed"
    (Sudan–South Sudan: opposite sides 2011–2012). Short: the terminal shows it in a column.

    >>> _now_text(2015, 2024, [], [], [2015, 2016], [])
    'conflict-years 2015–2024: 0 alongside, 0 opposed; 2 in missions of >20 states'
    >>> _now_text(2015, 2024, [], [], [], [{"year": 2012, "opposite": [1], "alongside": False}])
    'conflict-years 2015–2024: 0 alongside, 0 opposed; before: opposite 2012'
    """
    text = f"conflict-years {lo}–{end}: {len(along)} alongside, {len(opp)} opposed"
    if mission:
        text += f"; {len(mission)} in missions of >{MISSION} states"
    elif not opp and len(along) < 3 and earlier:
        parts = []
        e_opp = [r["year"] for r in earlier if r["opposite"]]
        e_along = [r["year"] for r in earlier if r["alongside"]]
        if e_opp:
            parts.append(f"opposite {spell_text(e_opp)}")
        if e_along:
            parts.append(f"alongside {spell_text(e_along)}")
        if parts:
            text += "; before: " + ", ".join(parts)
    return text
