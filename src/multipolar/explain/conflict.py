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
* **same side**: both on the same side, in any role (two supporters of one government count).

``by_year`` lists, per year, the conflicts of each relation with each state's role (primary or
secondary). ``base_rate`` compares the pair with every pair of states that share at least one
conflict-year in the period: the number of such dyads on opposite sides and on the same side
(``n_dyads_opposite``, ``n_dyads_same``), the pair's number of years of each relation and its
rank among those dyads (1 + the dyads with more years). Computed in SQL in the store.

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

from multipolar.explain._pair import check_pair, clip, skeleton, spell_text
from multipolar.store import Store

__all__ = ["CONFLICT_COVERAGE", "armed_conflict_evidence"]

CONFLICT_COVERAGE = (1946, 2024)
TABLES = ("ucdp_acd_sides", "ucdp_acd_cy")
RELATIONS = ("opposite", "same_side")

_PAIRS = """
    SELECT DISTINCT s1.conflict_id, s1.year, s1.ccode AS c1, s2.ccode AS c2,
           CASE WHEN s1.side = s2.side THEN 'same_side' ELSE 'opposite' END AS relation
    FROM ucdp_acd_sides s1 JOIN ucdp_acd_sides s2
      ON s1.conflict_id = s2.conflict_id AND s1.year = s2.year AND s1.ccode < s2.ccode
    WHERE s1.year BETWEEN ? AND ?
"""


def armed_conflict_evidence(store: Store, a: int, b: int, first: int, last: int) -> dict[str, Any]:
    """The armed conflicts of ``a`` and ``b`` (COW codes) against or beside each other.

    Returns
    -------
    dict (JSON-serialisable) with ``states``, ``coverage``, ``period`` (None when the period
    misses 1946–2024), ``by_year`` (``year, opposite, same_side``: lists of
    ``{conflict_id, type_of_conflict, intensity_level, role_a, role_b, side_a}``; only years
    with at least one), ``conflicts`` (one per conflict and relation: ``conflict_id,
    relation, years, from, to, type_of_conflict, max_intensity``), ``years_opposite`` and
    ``years_same_side`` (text spells), ``n_years_opposite``, ``n_years_same_side``,
    ``base_rate``, ``sources`` and ``gaps``.

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
        "n_years_opposite": 0,
        "n_years_same_side": 0,
        "base_rate": None,
    }
    if lo is None or hi is None:
        out.update(empty)
        return out
    for t in TABLES:
        store.ensure(t)
    rows = store.sql(
        """SELECT sa.conflict_id, sa.year, sa.side AS side_a, sa.role AS role_a,
                  sb.side AS side_b, sb.role AS role_b, cy.type_of_conflict, cy.intensity_level
           FROM ucdp_acd_sides sa
           JOIN ucdp_acd_sides sb ON sa.conflict_id = sb.conflict_id AND sa.year = sb.year
           JOIN ucdp_acd_cy cy ON cy.conflict_id = sa.conflict_id AND cy.year = sa.year
           WHERE sa.ccode = ? AND sb.ccode = ? AND sa.year BETWEEN ? AND ?
           ORDER BY sa.year, sa.conflict_id""",
        [int(a), int(b), lo, hi],
    )
    rows["relation"] = [
        "same_side" if x == y else "opposite"
        for x, y in zip(rows["side_a"], rows["side_b"], strict=True)
    ]
    rows = rows.drop_duplicates(["conflict_id", "year", "relation", "role_a", "role_b"])
    by_year = []
    for year, d in rows.groupby("year", sort=True):
        rec: dict[str, Any] = {"year": int(year)}
        for rel in RELATIONS:
            rec[rel] = [
                {
                    "conflict_id": int(r["conflict_id"]),
                    "type_of_conflict": str(r["type_of_conflict"]),
                    "intensity_level": int(r["intensity_level"]),
                    "side_a": str(r["side_a"]),
                    "role_a": str(r["role_a"]),
                    "role_b": str(r["role_b"]),
                }
                for r in d[d["relation"] == rel].to_dict("records")
            ]
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
            }
        )
    years = {
        rel: sorted(set(rows.loc[rows["relation"] == rel, "year"].astype(int))) for rel in RELATIONS
    }
    out.update(
        by_year=by_year,
        conflicts=conflicts,
        years_opposite=spell_text(years["opposite"]),
        years_same_side=spell_text(years["same_side"]),
        n_years_opposite=len(years["opposite"]),
        n_years_same_side=len(years["same_side"]),
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
                   count(*) FILTER (WHERE years > ? AND relation = 'opposite')
                     + count(*) FILTER (WHERE years > ? AND relation = 'same_side') AS above
            FROM n GROUP BY relation""",
        [lo, hi, len(years["opposite"]), len(years["same_side"])],
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
