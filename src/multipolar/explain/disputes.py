"""Militarized interstate disputes between two states, by year, against all dyads.

A militarized interstate dispute (MID) is "a set of interactions between or among states
involving threats to use military force, displays of military force, or actual uses of military
force" (Jones, Bremer & Singer 1996). The default source is COW MID 5.0 (Palmer et al. 2022;
source ``cow_mid_ddydisps``, 1816–2014); ``source="gml"`` reads the GML MID data instead
(Gibler, Miller & Little 2016; ``gml_mid_ddydisps``, 1816–2010), and
:func:`dispute_source_difference` counts the dyad-years where the two disagree.

Measures (non-directed dyad-years, rows with ``ccode1 < ccode2``):

* a *dispute-year* of the pair is a year *y* with at least one dispute between them ongoing in
  *y*; ``n_dispute_years`` counts them in the period;
* ``hostlev`` is the dispute's highest hostility level (1 no militarized action, 2 threat,
  3 display, 4 use of force, 5 war); a year's level is the maximum over its disputes;
* the base rate compares the pair with every dyad that had at least one dispute-year in the
  period: ``n_dyads``, the pair's ``rank`` (1 + the number of dyads with more dispute-years)
  and ``percentile`` = 100 × (dyads with fewer dispute-years) / ``n_dyads``; with the
  ``dyad_years`` of all dyads in dispute. All computed in SQL in the store.

Missing data: a year outside the source's coverage is reported as a gap ("MID 5.0 ends 2014"),
never as a year without disputes; within coverage, a dyad-year absent from the data is a year
without a recorded dispute.

References: Palmer, G. et al. (2022) "The MID5 Dataset, 2011–2014", *Conflict Management and
Peace Science* 39(4), doi:10.1177/0738894221995743; Gibler, D. M., Miller, S. V. & Little,
E. K. (2016) "An Analysis of the Militarized Interstate Dispute (MID) Dataset, 1816–2001",
*International Studies Quarterly* 60(4), doi:10.1093/isq/sqw045. The citations printed with a
result come from the source cards (``sources``).
"""

from __future__ import annotations

from typing import Any

from multipolar.errors import InputError
from multipolar.explain._pair import check_pair, clip, skeleton, spell_text
from multipolar.jsonutil import to_records
from multipolar.store import Store

__all__ = ["DISPUTE_SOURCES", "dispute_evidence", "dispute_source_difference"]

#: the dispute sources: key -> (table, onset column, coverage, label)
DISPUTE_SOURCES: dict[str, tuple[str, str, tuple[int, int], str]] = {
    "cow_mid": ("cow_mid_ddydisps", "cowmidonset", (1816, 2014), "MID 5.0"),
    "gml": ("gml_mid_ddydisps", "gmlmidonset", (1816, 2010), "GML MID 2.2.1"),
}
HOSTILITY = {1: "no militarized action", 2: "threat", 3: "display", 4: "use of force", 5: "war"}


def _source(source: str) -> tuple[str, str, tuple[int, int], str]:
    try:
        return DISPUTE_SOURCES[source]
    except KeyError:
        raise InputError(
            f"unknown dispute source {source!r}; choose {' or '.join(DISPUTE_SOURCES)}"
        ) from None


def dispute_evidence(
    store: Store, a: int, b: int, first: int, last: int, *, source: str = "cow_mid"
) -> dict[str, Any]:
    """The militarized disputes between ``a`` and ``b`` (COW codes) in ``first``–``last``.

    Parameters
    ----------
    store : the open store (the dispute table is loaded on first use).
    a, b : COW codes of the pair.
    first, last : the period asked for; it is clipped to the source's coverage.
    source : ``"cow_mid"`` (MID 5.0, 1816–2014, the default) or ``"gml"`` (GML, 1816–2010).

    Returns
    -------
    dict (JSON-serialisable) with ``states``, ``coverage``, ``period`` (the years with data
    for the pair, None when the period misses the coverage), ``dispute_source`` (label),
    ``by_year`` (``year, n_disputes, disputes, hostlev, hostility, onsets``, one per
    dispute-year), ``disputes`` (``dispnum, from, to, years, hostlev, hostility, side_a``:
    the COW code of the pair member on side A, ``hiact_a``/``hiact_b``: the highest action
    of state ``a``/``b`` on the COW 0–23 scale, ``fatality``),
    ``n_dispute_years``, ``dispute_years`` (text spells), ``base_rate`` (see the module),
    ``sources`` and ``gaps``.

    >>> DISPUTE_SOURCES["cow_mid"][2]
    (1816, 2014)
    """
    check_pair(a, b, first, last)
    table, onset, coverage, label = _source(source)
    lo, hi, gaps = clip(first, last, coverage, f"Dispute data ({label})")
    out = skeleton(store, a, b, lo, hi, coverage=coverage, tables=[table], gaps=gaps)
    out["dispute_source"] = label
    if lo is None or hi is None:
        out.update(by_year=[], disputes=[], n_dispute_years=0, dispute_years="", base_rate=None)
        return out
    store.ensure(table)
    rows = store.sql(
        f"""SELECT year, dispnum, hostlev, {onset} AS onset, sidea1, hiact1, hiact2, fatality
            FROM "{table}" WHERE ccode1 = ? AND ccode2 = ? AND year BETWEEN ? AND ?
            ORDER BY year, dispnum""",
        [int(a), int(b), lo, hi],
    )
    by_year = []
    for year, d in rows.groupby("year", sort=True):
        level = int(d["hostlev"].max())
        by_year.append(
            {
                "year": int(year),
                "n_disputes": int(d["dispnum"].nunique()),
                "disputes": sorted(int(x) for x in d["dispnum"].unique()),
                "hostlev": level,
                "hostility": HOSTILITY.get(level),
                "onsets": int(d["onset"].sum()),
            }
        )
    disputes = []
    for num, d in rows.groupby("dispnum", sort=True):
        level = int(d["hostlev"].max())
        years = d["year"].astype(int).tolist()
        disputes.append(
            {
                "dispnum": int(num),
                "from": min(years),
                "to": max(years),
                "years": spell_text(years),
                "hostlev": level,
                "hostility": HOSTILITY.get(level),
                "side_a": int(a) if int(d["sidea1"].iloc[0]) == 1 else int(b),
                "hiact_a": int(d["hiact1"].max()),
                "hiact_b": int(d["hiact2"].max()),
                "fatality": int(d["fatality"].max()),
            }
        )
    years = [r["year"] for r in by_year]
    out.update(
        by_year=by_year,
        disputes=disputes,
        n_dispute_years=len(years),
        dispute_years=spell_text(years),
        base_rate=_base_rate(store, table, a, b, lo, hi, len(years)),
    )
    return out


def _base_rate(
    store: Store, table: str, a: int, b: int, lo: int, hi: int, pair_years: int
) -> dict[str, Any]:
    """The pair's dispute-years against every dyad with at least one in ``lo``–``hi`` (SQL)."""
    c1, c2 = sorted((int(a), int(b)))
    row = store.sql(
        f"""WITH d AS (
                SELECT ccode1, ccode2, count(DISTINCT year) AS n FROM "{table}"
                WHERE ccode1 < ccode2 AND year BETWEEN ? AND ? GROUP BY ccode1, ccode2)
            SELECT count(*) AS n_dyads, sum(n) AS dyad_years,
                   count(*) FILTER (WHERE n > ?) AS above,
                   count(*) FILTER (WHERE n < ?) AS below,
                   median(n) AS median_years
            FROM d""",
        [lo, hi, pair_years, pair_years],
    ).iloc[0]
    n = int(row["n_dyads"])
    return {
        "unit": "non-directed dyads with at least one dispute-year in the period",
        "n_dyads": n,
        "dyad_years": int(row["dyad_years"] or 0),
        "median_dispute_years": None if n == 0 else float(row["median_years"]),
        "pair": [c1, c2],
        "pair_dispute_years": pair_years,
        "rank": int(row["above"]) + 1 if pair_years else None,
        "percentile": round(100.0 * int(row["below"]) / n, 1) if n and pair_years else None,
    }


def dispute_source_difference(
    store: Store, *, first: int = 1816, last: int = 2010
) -> dict[str, Any]:
    """How MID 5.0 and GML MID differ: non-directed dispute dyad-years in both, in one only.

    Counts distinct ``(ccode1, ccode2, year)`` with ``ccode1 < ccode2`` in ``first``–``last``
    (default 1816–2010, the years both cover) in each table; ``by_decade`` gives the same
    counts per decade. Computed in SQL.
    """
    store.ensure("cow_mid_ddydisps")
    store.ensure("gml_mid_ddydisps")
    q = """WITH m AS (SELECT DISTINCT ccode1, ccode2, year FROM cow_mid_ddydisps
                      WHERE ccode1 < ccode2 AND year BETWEEN ? AND ?),
                g AS (SELECT DISTINCT ccode1, ccode2, year FROM gml_mid_ddydisps
                      WHERE ccode1 < ccode2 AND year BETWEEN ? AND ?),
                j AS (SELECT coalesce(m.year, g.year) AS year, m.year IS NOT NULL AS in_mid,
                             g.year IS NOT NULL AS in_gml
                      FROM m FULL OUTER JOIN g USING (ccode1, ccode2, year))
           SELECT {group} count(*) FILTER (WHERE in_mid AND in_gml) AS both,
                  count(*) FILTER (WHERE in_mid AND NOT in_gml) AS mid5_only,
                  count(*) FILTER (WHERE in_gml AND NOT in_mid) AS gml_only
           FROM j {by}"""
    params = [first, last, first, last]
    total = store.sql(q.format(group="", by=""), params).iloc[0]
    decades = store.sql(
        q.format(group="year // 10 * 10 AS decade,", by="GROUP BY decade ORDER BY decade"),
        params,
    )
    return {
        "period": {"from": first, "to": last},
        "unit": "non-directed dispute dyad-years",
        "both": int(total["both"]),
        "mid5_only": int(total["mid5_only"]),
        "gml_only": int(total["gml_only"]),
        "by_decade": to_records(decades),
    }
