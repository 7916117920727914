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

from multipolar.explain._pair import check_pair, clip, skeleton, spell_text
from multipolar.store import Store

__all__ = ["RIVALRY_COVERAGE", "rivalry_evidence"]

RIVALRY_COVERAGE = (1494, 2020)
TABLE = "tss_rivalries"
TYPES = ("positional", "spatial", "ideological", "interventionary")


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
