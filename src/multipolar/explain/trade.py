r"""Trade evidence for a pair of states: IMF DOTS to 2020 (Russia to 2023 as IMF estimates),
COW trade before DOTS starts, each partner's rank and share, and the last decade's trend.

:func:`trade_evidence` reads ``imf_dots_ndy`` and ``cow_trade_ndy`` for one pair with SQL (only
the pair's rows, and for ranks only the rows of each state's partners) and returns
JSON-serialisable records.

Formula. For the pair (A, B) in year *t*, from IMF DOTS (``imf_dots``, exports FOB as each
exporter reports them, US$ millions at current prices):

.. math:: T_{AB,t} = X_{A \to B,t} + X_{B \to A,t}

``total_musd`` is null unless both are reported (``sides`` = 2); a missing side is never read
as zero, and the reported side stays in ``exports_ab_musd`` / ``exports_ba_musd``. Russia's
figures after 2020 are IMF estimates made while Russia does not report: every such row carries
``estimate_note`` = "IMF estimate, Russia not reporting"; cells the IMF flags 'e' read "IMF
estimate".

Before DOTS starts for the pair — its first year with a DOTS total — years come from COW trade
4.0 (``cow_trade_ndy``, to 2014): :math:`T = \text{flow1} + \text{flow2}` (each state's
*imports* from the other, US$ m current), null unless both are reported. A pair DOTS never
reports both ways (one of them is no DOTS reporter: North Korea, Taiwan) keeps COW for every
year COW has, and DOTS's one-sided rows only after. Each row names its ``source``; the two are
never combined in one year, and COW is not used once DOTS has started (``sources`` gives the
spans).

Rank and share (per year, in the row's source): among all states with which A has a total that
year (both sides reported; other partners are not ranked and are counted in
``partners_one_side_a``), B's rank by :math:`T` (1 = largest; ties share a rank) and share
:math:`T_{AB} / \sum_{k} T_{Ak}`; the same for A among B's partners. Computed in SQL over states
only (aggregates and territories are not in ``imf_dots_ndy``).

Trend word. Over the last ten years with a total in the source of the last total (the observed
last decade; estimates excluded as they carry no total): ``rising`` if the mean of its last three years is at least
10% above the mean of its first three, ``falling`` if at least 10% below, else ``steady``;
``n/a`` with fewer than six such years.

Units: US$ millions, current prices (``_musd``). Citation: IMF, Direction of Trade Statistics
(``imf2022dots``); Barbieri, Keshk & Pollins (2009), doi:10.1177/0738894209343887.
"""

from __future__ import annotations

from typing import Any

import pandas as pd

from multipolar import states as _states
from multipolar.errors import InputError
from multipolar.explain.provenance import sources_for
from multipolar.jsonutil import to_records
from multipolar.store import Store

DOTS = "imf_dots_ndy"
COW = "cow_trade_ndy"
SOURCE_DOTS = "imf_dots (IMF Direction of Trade Statistics, exports FOB)"
SOURCE_COW = "cow_trade_ndy (COW Trade 4.0, Barbieri et al. 2009; imports)"
UNITS = "US$ millions, current prices"
TREND_YEARS = 10
TREND_EDGE = 3
TREND_TOL = 0.10
TREND_RULE = (
    "over the last 10 years with a DOTS total: rising if the mean of the last 3 is at least 10% "
    "above the mean of the first 3, falling if at least 10% below, steady otherwise; n/a with "
    "fewer than 6 such years"
)
MISSING_RULE = (
    "a year's total is the sum of both directions and is null (never zero) when either is not "
    "reported; the reported side is kept in its own column"
)


def _dots_rows(store: Store, lo: int, hi: int, first: int, last: int) -> pd.DataFrame:
    return store.sql(
        f"SELECT year, exports_12_musd, exports_21_musd, total_musd, sides, estimate, "
        f"estimate_note FROM {DOTS} WHERE ccode1 = ? AND ccode2 = ? AND year BETWEEN ? AND ? "
        "ORDER BY year",
        [lo, hi, first, last],
    )


def _cow_rows(store: Store, lo: int, hi: int, first: int, last: int) -> pd.DataFrame:
    # flow1 = imports of ccode1 from ccode2, i.e. ccode2's exports to ccode1 as ccode1 sees them
    return store.sql(
        f"SELECT year, flow2 AS exports_12_musd, flow1 AS exports_21_musd, "
        f"CASE WHEN flow1 IS NULL OR flow2 IS NULL THEN NULL ELSE flow1 + flow2 END "
        f"AS total_musd, (flow1 IS NOT NULL)::INT + (flow2 IS NOT NULL)::INT AS sides "
        f"FROM {COW} WHERE ccode1 = ? AND ccode2 = ? AND year BETWEEN ? AND ? ORDER BY year",
        [lo, hi, first, last],
    )


#: the SQL of a dyad-year's total in each table: null unless both directions are reported
TOTAL_SQL = {
    DOTS: "total_musd",
    COW: "CASE WHEN flow1 IS NULL OR flow2 IS NULL THEN NULL ELSE flow1 + flow2 END",
}


def partner_ranks(
    store: Store, code: int, other: int, first: int, last: int, *, table: str = DOTS
) -> pd.DataFrame:
    """``other``'s rank and share among ``code``'s partners in ``table`` (``imf_dots_ndy`` or
    ``cow_trade_ndy``), per year (SQL, states only).

    Columns ``year, rank, share, partners, partners_one_side``: ``rank`` 1 = largest total
    trade (ties share the lower rank), ``share`` = the pair's total over the sum of ``code``'s
    totals with every partner that year, ``partners`` = partners with a total (both sides
    reported), ``partners_one_side`` = partners with one side only (not ranked). A year in which
    the pair has no total has no row.
    """
    return store.sql(
        f"""
        WITH p AS (
            SELECT year, CASE WHEN ccode1 = ? THEN ccode2 ELSE ccode1 END AS partner,
                   {TOTAL_SQL[table]} AS total_musd
            FROM {table}
            WHERE (ccode1 = ? OR ccode2 = ?) AND year BETWEEN ? AND ?
        ), r AS (
            SELECT year, partner, total_musd,
                   rank() OVER (PARTITION BY year ORDER BY total_musd DESC) AS rank,
                   total_musd / sum(total_musd) OVER (PARTITION BY year) AS share,
                   count(*) OVER (PARTITION BY year) AS partners
            FROM p WHERE total_musd IS NOT NULL
        ), one AS (
            SELECT year, count(*) AS partners_one_side FROM p WHERE total_musd IS NULL
            GROUP BY year
        )
        SELECT r.year, r.rank, r.share, r.partners,
               coalesce(one.partners_one_side, 0) AS partners_one_side
        FROM r LEFT JOIN one USING (year) WHERE r.partner = ? ORDER BY r.year
        """,
        [code, code, code, first, last, other],
    )


def trend_word(years: pd.Series, totals: pd.Series) -> dict[str, Any]:
    """The trend word over the observed last decade (see the module's rule).

    >>> trend_word(pd.Series(range(2011, 2021)), pd.Series([10.0] * 7 + [12.0, 12.0, 12.0]))["word"]
    'rising'
    >>> trend_word(pd.Series([2019, 2020]), pd.Series([1.0, 2.0]))["word"]
    'n/a'
    """
    d = pd.DataFrame({"year": years, "t": totals}).dropna().sort_values("year")
    d = d[d["year"] > d["year"].max() - TREND_YEARS] if len(d) else d
    out: dict[str, Any] = {"rule": TREND_RULE, "years": len(d)}
    if len(d) < 2 * TREND_EDGE:
        return {**out, "word": "n/a", "from": None, "to": None}
    first = float(d["t"].head(TREND_EDGE).mean())
    last = float(d["t"].tail(TREND_EDGE).mean())
    change = (last - first) / first if first else None
    word = (
        "n/a"
        if change is None
        else "rising"
        if change >= TREND_TOL
        else "falling"
        if change <= -TREND_TOL
        else "steady"
    )
    return {
        **out,
        "word": word,
        "from": int(d["year"].min()),
        "to": int(d["year"].max()),
        "first_mean_musd": first,
        "last_mean_musd": last,
        "change": change,
    }


def trade_evidence(
    store: Store, a: int, b: int, *, first: int | None = None, last: int | None = None
) -> dict[str, Any]:
    """The trade evidence on states ``a`` and ``b`` (COW codes), ``first``–``last`` (default:
    all years of the data).

    Returns (JSON-serialisable)::

        {"a", "b", "names": {"a", "b"},             # names as of the last year shown
         "by_year": [{year, source, exports_ab_musd, exports_ba_musd, total_musd, sides,
                      estimate, estimate_note,      # "IMF estimate, Russia not reporting", …
                      rank_b_among_a, share_b_of_a, partners_a,
                      rank_a_among_b, share_a_of_b, partners_b}],
         "sources": [{source, table, from, to, measure}],   # which years come from which
         "latest": {year, total_musd, ranks and shares} | None,  # last year with a total
         "estimates": [rows after latest that carry only estimates],
         "trend": {word, from, to, first_mean_musd, last_mean_musd, change, rule, years},
         "units", "missing_rule", "gaps": [str], "citations": [...]}

    Ranks are computed within each row's source. See the module for the formulas and rules.
    """
    if a == b:
        raise InputError("trade evidence needs two different states")
    first = 1870 if first is None else first
    last = 2100 if last is None else last
    lo, hi = min(a, b), max(a, b)
    for t in (DOTS, COW):
        store.ensure(t)
    dots = _dots_rows(store, lo, hi, first, last)
    with_dots_total = dots.loc[dots["total_musd"].notna(), "year"]
    if len(with_dots_total):
        start = int(with_dots_total.min())
    else:  # DOTS never has both sides: COW for every year it has, DOTS only after COW ends
        cow_all = _cow_rows(store, lo, hi, first, last)
        known = cow_all.loc[cow_all["total_musd"].notna(), "year"]
        start = int(known.max()) + 1 if len(known) else first
    dots = dots[dots["year"] >= start].assign(source="imf_dots")
    cow = _cow_rows(store, lo, hi, first, start - 1)
    cow = cow.assign(estimate=False, estimate_note=None, source="cow_trade_ndy")
    rows = (
        pd.concat([d for d in (cow, dots) if len(d)], ignore_index=True)
        if (len(cow) or len(dots))
        else pd.DataFrame(columns=[*dots.columns])
    )
    if a != lo:  # ccode1 is the smaller code: turn 12/21 into a->b / b->a
        rows = rows.rename(columns={"exports_12_musd": "b_to_a", "exports_21_musd": "a_to_b"})
    else:
        rows = rows.rename(columns={"exports_12_musd": "a_to_b", "exports_21_musd": "b_to_a"})
    rows = rows.rename(columns={"a_to_b": "exports_ab_musd", "b_to_a": "exports_ba_musd"})
    gaps: list[str] = []
    ranks = []
    for src, table, part in (("imf_dots", DOTS, dots), ("cow_trade_ndy", COW, cow)):
        if not len(part):
            continue
        y0, y1 = int(part["year"].min()), int(part["year"].max())
        ra = partner_ranks(store, a, b, y0, y1, table=table).rename(
            columns={
                "rank": "rank_b_among_a",
                "share": "share_b_of_a",
                "partners": "partners_a",
                "partners_one_side": "partners_one_side_a",
            }
        )
        rb = partner_ranks(store, b, a, y0, y1, table=table).rename(
            columns={
                "rank": "rank_a_among_b",
                "share": "share_a_of_b",
                "partners": "partners_b",
                "partners_one_side": "partners_one_side_b",
            }
        )
        ranks.append(ra.merge(rb, on="year", how="outer").assign(source=src))
    if ranks:
        rows = rows.merge(pd.concat(ranks, ignore_index=True), on=["year", "source"], how="left")
    if not len(dots):
        gaps.append("No IMF DOTS rows for this pair in the period.")
    cols = [
        "year",
        "source",
        "exports_ab_musd",
        "exports_ba_musd",
        "total_musd",
        "sides",
        "estimate",
        "estimate_note",
        "rank_b_among_a",
        "share_b_of_a",
        "partners_a",
        "partners_one_side_a",
        "rank_a_among_b",
        "share_a_of_b",
        "partners_b",
        "partners_one_side_b",
    ]
    rows = rows.reindex(columns=cols)
    for col in cols:
        if col.startswith(("rank_", "partners")) or col == "sides":
            rows[col] = rows[col].astype("Int64")
    spans = []
    for src, table, measure in (
        ("cow_trade_ndy", COW, "each state's imports from the other (COW 4.0), summed"),
        ("imf_dots", DOTS, "each state's exports FOB to the other (IMF DOTS), summed"),
    ):
        part = rows[rows["source"] == src]
        if len(part):
            spans.append(
                {
                    "source": src,
                    "table": table,
                    "from": int(part["year"].min()),
                    "to": int(part["year"].max()),
                    "measure": measure,
                }
            )
    totals = rows[rows["total_musd"].notna()]
    latest = None
    estimates: list[dict[str, Any]] = []
    with_total = totals
    if len(totals):
        latest = to_records(totals.tail(1))[0]
        with_total = totals[totals["source"] == latest["source"]]
        after = rows[rows["year"] > latest["year"]]
        estimates = to_records(after)
        if len(after):
            gaps.append(
                f"After {latest['year']} only one side is reported"
                + (
                    " (IMF estimates, Russia not reporting)"
                    if after["estimate_note"].fillna("").str.contains("Russia").any()
                    else ""
                )
                + ": no total."
            )
    elif len(rows):
        gaps.append("Neither source reports both directions for this pair: no total.")
    trend = trend_word(with_total["year"], with_total["total_musd"])
    name_year = int(rows["year"].max()) if len(rows) else None
    return {
        "a": a,
        "b": b,
        "names": {
            "a": _states.name_in(a, name_year),
            "b": _states.name_in(b, name_year),
        },
        "by_year": to_records(rows),
        "sources": spans,
        "latest": latest,
        "estimates": estimates,
        "trend": trend,
        "units": UNITS,
        "missing_rule": MISSING_RULE,
        "gaps": gaps,
        "citations": sources_for([DOTS, COW], store),
    }


TRADE_TOP = 10
TRADE_RULE = (
    "supported if each is among the other's 10 largest trade partners (IMF DOTS totals, both "
    "sides reported) in the last year with a total, mixed if one is (asymmetric dependence), "
    "not supported otherwise; no data without a DOTS total"
)


def mutual_top_share(store: Store, year: int, *, top: int = TRADE_TOP) -> dict[str, Any]:
    """The base rate for :data:`TRADE_RULE`: of all pairs of states with a DOTS total in
    ``year``, how many are each among the other's ``top`` largest partners (SQL)."""
    d = store.sql(
        f"""
        WITH d AS (
            SELECT ccode1 AS s, ccode2 AS p, total_musd FROM {DOTS}
            WHERE year = ? AND total_musd IS NOT NULL
            UNION ALL
            SELECT ccode2, ccode1, total_musd FROM {DOTS}
            WHERE year = ? AND total_musd IS NOT NULL
        ), r AS (
            SELECT s, p, rank() OVER (PARTITION BY s ORDER BY total_musd DESC) AS rk FROM d
        )
        SELECT count(*) AS pairs,
               count(*) FILTER (WHERE r1.rk <= ? AND r2.rk <= ?) AS mutual
        FROM r AS r1 JOIN r AS r2 ON r1.s = r2.p AND r1.p = r2.s WHERE r1.s < r1.p
        """,
        [year, year, top, top],
    )
    pairs, mutual = int(d["pairs"].iloc[0]), int(d["mutual"].iloc[0])
    return {
        "year": year,
        "pairs": pairs,
        "mutual_top": mutual,
        "share": mutual / pairs if pairs else None,
    }


def trade_matrix_row(store: Store, evidence: dict[str, Any]) -> dict[str, Any]:
    """The evidence-matrix row "Economic interdependence" from :func:`trade_evidence`.

    Keys ``key="economic", driver, measure, then, now, trend, verdict, rule, score,
    base_rate`` (the shape of the other rows of ``why``). ``then`` is the first year of the
    observed last decade, ``now`` the last year with a total; ``trend`` the trend word of
    :func:`trend_word`; ``score`` the larger of the two shares; ``base_rate`` the share of all
    pairs with a total that year that are each among the other's 10 largest partners. Russia's
    estimated years are named after ``now`` with their label, never used for the verdict.
    """
    A, B = evidence["names"]["a"], evidence["names"]["b"]
    base = {
        "key": "economic",
        "driver": "Economic interdependence",
        "measure": (
            f"rank of {B} among {_poss(A)} trade partners / of {A} among {_poss(B)} (IMF DOTS, exports "
            "FOB both ways, US$ current; share of each one's trade with states)"
        ),
        "rule": TRADE_RULE,
    }
    last = evidence.get("latest")
    if not last:
        return {**base, "then": None, "now": None, "trend": "n/a", "verdict": "no data",
                "score": None, "base_rate": None}  # fmt: skip
    ra, rb = last.get("rank_a_among_b"), last.get("rank_b_among_a")
    top = [r is not None and r <= TRADE_TOP for r in (rb, ra)]
    verdict = "supported" if all(top) else "mixed" if any(top) else "not supported"
    t = evidence["trend"]
    by = {r["year"]: r for r in evidence["by_year"]}
    then = by.get(t.get("from")) if t.get("from") else None

    def say(r: dict[str, Any]) -> str:
        return f"${r['total_musd'] / 1000:,.1f} bn in {r['year']} (IMF DOTS)"

    now = (
        f"{say(last)}; {B} {_ordinal(rb)} partner of {A} ({_pct(last.get('share_b_of_a'))}), "
        f"{A} {_ordinal(ra)} of {B} ({_pct(last.get('share_a_of_b'))})"
    )
    est = [r for r in evidence.get("estimates") or [] if r.get("estimate_note")]
    if est:
        now += "; later years: " + ", ".join(
            f"{r['year']} {_one_side(r, A, B)} ({r['estimate_note']})" for r in est
        )
    rate = mutual_top_share(store, int(last["year"]))
    shares = [s for s in (last.get("share_b_of_a"), last.get("share_a_of_b")) if s is not None]
    return {
        **base,
        "then": say(then) if then else None,
        "now": now,
        "trend": t["word"],
        "verdict": verdict,
        "score": max(shares) if shares else None,
        "base_rate": (
            f"{_pct(rate['share'])} of the {rate['pairs']:,} pairs of states with a DOTS total in "
            f"{rate['year']} are each among the other's {TRADE_TOP} largest partners"
        ),
    }


def _one_side(r: dict[str, Any], A: str, B: str) -> str:
    if r.get("exports_ab_musd") is not None:
        return f"{_poss(A)} exports to {B} ${r['exports_ab_musd'] / 1000:,.1f} bn"
    return f"{_poss(B)} exports to {A} ${r['exports_ba_musd'] / 1000:,.1f} bn"


def _poss(name: str) -> str:
    """``China's``, ``United States'``."""
    return f"{name}'" if name.endswith("s") else f"{name}'s"


def _ordinal(n: int | None) -> str:
    if n is None:
        return "unranked"
    suffix = "th" if 10 <= n % 100 <= 20 else {1: "st", 2: "nd", 3: "rd"}.get(n % 10, "th")
    return f"{n}{suffix}"


def _pct(x: float | None) -> str:
    if x is None:
        return "–"
    return f"{100 * x:.1f}%" if x < 0.01 else f"{100 * x:.0f}%"
