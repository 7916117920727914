"""Strategic rivalry between two states: spells, types, and how many rivalries there are.

A strategic rivalry is a relationship in which both states' decision-makers regard the other
as a competitor, a source of actual or latent threat, and an enemy (Thompson 2001); it is
identified from the historical record, not from a count of disputes. The source is Thompson,
Sakuwa & Suhas (2022; ``tss_rivalries``, 1494–2020), the successor of Thompson & Dreyer (2012;
``td_rivalries``, to 2010).

Measures:

* ``spells``: each rivalry spell of the pair that meets the period (``start``, ``end``,
  ``ongoing`` when ``end`` is the last year of the data, 2020), its types (positional,
  spatial, ideological, interventionary) and whether it is principal;
* ``rivalry_years``: the years of the period inside a spell;
* ``base_rate``: in the last year of the period with data, the number of rivalries active
  (``n_active``) and of distinct dyads in them (``dyads_active``); over the whole period,
  the number of dyads with at least one rivalry year (``dyads_in_rivalry_during_period``).
  Computed in SQL in the store.

Missing data: the years after 2020 (before 1494) are a gap, never "no rivalry"; within the
coverage, a dyad absent from the list is not a strategic rivalry.

Reference: Thompson, W. R., Sakuwa, K. & Suhas, P. H. (2022) *Analyzing Strategic Rivalries
in World Politics*, Springer; distributed by peacesciencer (Miller 2022,
doi:10.1177/07388942221077926). Citations printed with a result come from the source card.
"""

from __future__ import annotations

from typing import Any

from multipolar.explain._pair import check_pair, clip, matrix_row, skeleton, spell_text
from multipolar.store import Store

__all__ = ["RIVALRY_COVERAGE", "RULE", "rivalry_evidence", "rivalry_matrix_row"]

RIVALRY_COVERAGE = (1494, 2020)
TABLE = "tss_rivalries"
TYPES = ("positional", "spatial", "ideological", "interventionary")
#: years before the end of the dispute data that count as recent
WINDOW = 10
RULE = (
    "not supported if a strategic rivalry (TSS) is active in the last year of the rivalry data "
    f"in the period; mixed if not, but a militarized dispute (MID 5.0) occurred in the {WINDOW} "
    "years before the end of the dispute data in the period; supported if neither"
)


def rivalry_evidence(store: Store, a: int, b: int, first: int, last: int) -> dict[str, Any]:
    """The strategic rivalry of ``a`` and ``b`` (COW codes) in ``first``–``last``.

    Returns
    -------
    dict (JSON-serialisable) with ``states``, ``coverage``, ``period`` (None when the
    period misses 1494–2020), ``spells`` (``tssr_id, rivalry, start, end, ongoing, types,
    principal, aspiring_principal``), ``rivalry_years`` (text spells within the period),
    ``n_rivalry_years``, ``in_rivalry_at_end`` (whether a spell covers the last year of the
    period with data), ``base_rate``, ``sources`` and ``gaps``.

    >>> RIVALRY_COVERAGE
    (1494, 2020)
    """
    check_pair(a, b, first, last)
    lo, hi, gaps = clip(first, last, RIVALRY_COVERAGE, "Strategic rivalry data (TSS)")
    out = skeleton(store, a, b, lo, hi, coverage=RIVALRY_COVERAGE, tables=[TABLE], gaps=gaps)
    if lo is None or hi is None:
        out.update(spells=[], rivalry_years="", n_rivalry_years=0, in_rivalry_at_end=None)
        out["base_rate"] = None
        return out
    store.ensure(TABLE)
    c1, c2 = sorted((int(a), int(b)))
    df = store.sql(
        f"""SELECT tssr_id, rivalry, start, "end", {", ".join(f'"{t}"' for t in TYPES)}, principal, aprin
            FROM {TABLE} WHERE ccode1 = ? AND ccode2 = ? AND start <= ? AND "end" >= ?
            ORDER BY start""",
        [c1, c2, hi, lo],
    )
    spells = []
    years: set[int] = set()
    for r in df.to_dict("records"):
        spells.append(
            {
                "tssr_id": int(r["tssr_id"]),
                "rivalry": str(r["rivalry"]),
                "start": int(r["start"]),
                "end": int(r["end"]),
                "ongoing": int(r["end"]) >= RIVALRY_COVERAGE[1],
                "types": [t for t in TYPES if int(r[t]) == 1],
                "principal": bool(r["principal"]),
                "aspiring_principal": bool(r["aprin"]),
            }
        )
        years |= set(range(max(lo, int(r["start"])), min(hi, int(r["end"])) + 1))
    base = store.sql(
        f"""SELECT count(*) FILTER (WHERE start <= ? AND "end" >= ?) AS n_active,
                   count(DISTINCT (ccode1, ccode2)) FILTER (WHERE start <= ? AND "end" >= ?)
                     AS dyads_active,
                   count(DISTINCT (ccode1, ccode2)) FILTER (WHERE start <= ? AND "end" >= ?)
                     AS dyads_in_period
            FROM {TABLE}""",
        [hi, hi, hi, hi, hi, lo],
    ).iloc[0]
    out.update(
        spells=spells,
        rivalry_years=spell_text(years),
        n_rivalry_years=len(years),
        in_rivalry_at_end=hi in years,
        base_rate={
            "year": hi,
            "n_active": int(base["n_active"]),
            "dyads_active": int(base["dyads_active"]),
            "dyads_in_rivalry_during_period": int(base["dyads_in_period"]),
            "unit": "strategic rivalries (TSS) active in the last year of the period",
        },
    )
    return out


def rivalry_matrix_row(rivalry: dict[str, Any], disputes: dict[str, Any]) -> dict[str, Any]:
    """The evidence-matrix row "Absence of rivalry and disputes", by :data:`RULE`.

    ``rivalry`` is a :func:`rivalry_evidence` record, ``disputes`` a
    :func:`multipolar.explain.disputes.dispute_evidence` record for the same pair and period.
    The base rate: rivalries active in the last year of the rivalry data, and the median
    dispute-years of the dyads that had any dispute in the period.
    """
    driver = "Absence of rivalry and disputes"
    measure = f"strategic rivalry (TSS); militarized dispute-years ({disputes['dispute_source']})"
    if not rivalry.get("period") and not disputes.get("period"):
        return matrix_row("rivalry", driver, measure, None, None, "n/a", "no data", RULE)
    active = bool(rivalry.get("in_rivalry_at_end"))
    end = (disputes.get("period") or {}).get("to")
    recent = [r for r in disputes["by_year"] if end is not None and r["year"] > end - WINDOW]
    verdict = "not supported" if active else "mixed" if recent else "supported"
    spells = ", ".join(f"{s['start']}–{s['end']}" for s in rivalry["spells"])
    br = rivalry.get("base_rate") or {}
    dbr = disputes.get("base_rate") or {}
    parts = []
    if br:
        parts.append(f"{br['n_active']} rivalries were active in {br['year']}")
    if dbr and dbr.get("median_dispute_years") is not None:
        parts.append(
            f"the median of the {dbr['n_dyads']} dyads with a dispute had "
            f"{dbr['median_dispute_years']:.0f} dispute-years"
        )
    return matrix_row(
        "rivalry",
        driver,
        measure,
        f"rivalry {spells}" if spells else "no rivalry",
        None
        if end is None
        else f"{len(recent)} dispute-years in {end - WINDOW + 1}–{end}"
        + (f" ({', '.join(str(r['year']) for r in recent)})" if recent else ""),
        "rivalry ongoing" if active else ("rivalry ended" if spells else "none"),
        verdict,
        RULE,
        base_rate="; ".join(parts) or None,
    )
