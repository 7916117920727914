"""Chinese official finance to a partner of China: commitments by year and rank among recipients.

The source (``aiddata_gcdf_sy``) holds AidData aggregates: the commitments of Chinese official
finance recorded in AidData's Global Chinese Development Finance Dataset 3.0 (Custer et al.
2023; projects "recommended for aggregates"), summed by recipient and year 2000–2021 by the
odadata package. No project or lender is visible.

For a pair that includes China (COW 710) and a partner *P*:

* the commitment to *P* in year *y*, AidData's adjusted amount in constant 2021 US dollars,
  :math:`F_{P,y} = \\text{oof}_{P,y} + \\text{oda}_{P,y} + \\text{vof}_{P,y}` (other official
  flows, official development assistance, vague official finance; the unadjusted amount
  alongside as ``total_amt``, also constant 2021 US$);
* *P*'s ``rank`` among the recipients of year *y* (1 + the recipients with a larger
  :math:`F`), out of ``n_recipients`` with a recorded amount that year;
* over the period, :math:`F_P = \\sum_y F_{P,y}`, *P*'s rank among all recipients by that
  sum, its ``share`` of all Chinese official finance in the aggregate, and the median
  recipient's sum (the base rate). Computed in SQL in the store.

Not applicable unless exactly one of the pair is China. Missing data: a year outside 2000–2021
is a gap; a year in which *P* has no row has no commitment in the aggregate and is reported with
null amounts and no rank (never 0); a row whose amounts are all 0 (projects recorded without an
amount, ``amount_recorded`` false) is reported with null amounts and ``amount_unknown`` true,
and is left out of the ranks and sums. Commitments are not disbursements: a loan counts in full in
the year it was signed.

Reference: Custer, S. et al. (2023) *Tracking Chinese Development Finance: An Update to
AidData's Global Chinese Development Finance Dataset (GCDF 3.0)*, AidData at William & Mary;
aggregated by M. D. Williams' odadata. Citations printed with a result come from the source card.
"""

from __future__ import annotations

from typing import Any

from multipolar.explain._pair import check_pair, clip, matrix_row, names_of, skeleton
from multipolar.store import Store

__all__ = ["CHINA", "FINANCE_COVERAGE", "RULE", "chinese_finance_evidence", "finance_matrix_row"]

CHINA = 710
FINANCE_COVERAGE = (2000, 2021)
TABLE = "aiddata_gcdf_sy"
LABEL = "AidData aggregates (GCDF 3.0), commitments in constant 2021 US$"
_TOTAL = "(oof_adj + oda_adj + vof_adj)"
RULE = (
    "not applicable unless one of the pair is China; supported if the partner is among the "
    "top tenth of recipients of Chinese official finance over the years of the period with "
    "data (AidData aggregates, constant 2021 US$), mixed if in the top half, not supported "
    "otherwise; no data if the partner has no recorded commitment"
)


def chinese_finance_evidence(store: Store, a: int, b: int, first: int, last: int) -> dict[str, Any]:
    """Chinese official finance to the partner of China in the pair ``a``, ``b`` (COW codes).

    Returns
    -------
    dict (JSON-serialisable) with ``states``, ``coverage``, ``period`` (None when the period
    misses 2000–2021), ``applicable``/``not_applicable``, ``partner`` (COW code),
    ``measure`` (the label "AidData aggregates …"), ``by_year`` (every year of the period:
    ``year, total_adj, oof_adj, oda_adj, vof_adj, total_amt, rank, n_recipients,
    amount_unknown``; amounts in constant 2021 US$, null where the partner has no row or no
    recorded amount), ``totals`` (``total_adj, total_amt, rank,
    n_recipients, share, median_recipient_adj, top`` — the five largest recipients of the
    period), ``sources`` and ``gaps``.

    >>> FINANCE_COVERAGE
    (2000, 2021)
    """
    check_pair(a, b, first, last)
    lo, hi, gaps = clip(first, last, FINANCE_COVERAGE, "Chinese official finance data (AidData)")
    out = skeleton(store, a, b, lo, hi, coverage=FINANCE_COVERAGE, tables=[TABLE], gaps=gaps)
    out["measure"] = LABEL
    if CHINA not in (int(a), int(b)):
        out.update(
            applicable=False,
            not_applicable="neither state is China: the data record Chinese official finance only",
            partner=None,
            by_year=[],
            totals=None,
        )
        return out
    partner = int(b) if int(a) == CHINA else int(a)
    out.update(applicable=True, not_applicable=None, partner=partner)
    if lo is None or hi is None:
        out.update(by_year=[], totals=None)
        return out
    store.ensure(TABLE)
    yearly = store.sql(
        f"""WITH r AS (SELECT ccode, year, {_TOTAL} AS total_adj, oof_adj, oda_adj, vof_adj,
                              oof_amt + oda_amt + vof_amt AS total_amt,
                              rank() OVER (PARTITION BY year ORDER BY {_TOTAL} DESC) AS rank,
                              count(*) OVER (PARTITION BY year) AS n_recipients
                       FROM {TABLE} WHERE year BETWEEN ? AND ? AND amount_recorded)
            SELECT y.year, r.total_adj, r.oof_adj, r.oda_adj, r.vof_adj, r.total_amt, r.rank,
                   n.n_recipients, u.ccode IS NOT NULL AS amount_unknown
            FROM range(?, ? + 1) AS y(year)
            LEFT JOIN r ON r.year = y.year AND r.ccode = ?
            LEFT JOIN (SELECT year, count(*) AS n_recipients FROM {TABLE}
                       WHERE amount_recorded GROUP BY year) n ON n.year = y.year
            LEFT JOIN {TABLE} u ON u.year = y.year AND u.ccode = ? AND NOT u.amount_recorded
            ORDER BY y.year""",
        [lo, hi, lo, hi, partner, partner],
    )
    by_year = []
    for r in yearly.to_dict("records"):
        has = r["total_adj"] == r["total_adj"] and r["total_adj"] is not None
        by_year.append(
            {
                "year": int(r["year"]),
                **{
                    k: (float(r[k]) if has else None)
                    for k in ("total_adj", "oof_adj", "oda_adj", "vof_adj", "total_amt")
                },
                "rank": int(r["rank"]) if has else None,
                "n_recipients": None
                if r["n_recipients"] != r["n_recipients"]
                else int(r["n_recipients"]),
                "amount_unknown": bool(r["amount_unknown"]),
            }
        )
    out.update(by_year=by_year, totals=_totals(store, partner, lo, hi))
    return out


def _totals(store: Store, partner: int, lo: int, hi: int) -> dict[str, Any]:
    """The partner's sum over the period, its rank and share, and the median recipient (SQL)."""
    sums = store.sql(
        f"""SELECT ccode, sum({_TOTAL}) AS total_adj, sum(oof_amt + oda_amt + vof_amt) AS total_amt
            FROM {TABLE} WHERE year BETWEEN ? AND ? AND amount_recorded GROUP BY ccode
            ORDER BY total_adj DESC, ccode""",
        [lo, hi],
    )
    mine = sums[sums["ccode"] == partner]
    total = float(sums["total_adj"].sum())
    if mine.empty:
        mine_adj = mine_amt = None
        rank = None
    else:
        mine_adj = float(mine["total_adj"].iloc[0])
        mine_amt = float(mine["total_amt"].iloc[0])
        rank = int((sums["total_adj"] > mine_adj).sum()) + 1
    return {
        "total_adj": mine_adj,
        "total_amt": mine_amt,
        "rank": rank,
        "n_recipients": len(sums),
        "all_recipients_adj": total,
        "share": None if mine_adj is None or not total else mine_adj / total,
        "median_recipient_adj": float(sums["total_adj"].median()) if len(sums) else None,
        "top": [
            {"ccode": int(c), "total_adj": float(v)}
            for c, v in zip(sums["ccode"].head(5), sums["total_adj"].head(5), strict=True)
        ],
    }


def finance_matrix_row(evidence: dict[str, Any]) -> dict[str, Any]:
    """The evidence-matrix row "Chinese official finance" of :func:`chinese_finance_evidence`.

    The verdict follows :data:`RULE`: the partner's rank among all recipients (the base rate is
    the median recipient's sum over the same years).
    """
    driver = "Official finance from China"
    measure = (
        "commitments to the partner, AidData aggregates (constant 2021 US$), rank among recipients"
    )
    if not evidence.get("applicable"):
        return matrix_row(
            "finance", driver, measure, None, None, "n/a", "not applicable", RULE,
            base_rate=evidence.get("not_applicable"),
        )  # fmt: skip
    t = evidence.get("totals")
    if not t or t["rank"] is None:
        return matrix_row("finance", driver, measure, None, None, "n/a", "no data", RULE)
    n = t["n_recipients"]
    verdict = (
        "supported" if t["rank"] <= n / 10 else "mixed" if t["rank"] <= n / 2 else "not supported"
    )
    period = evidence["period"]
    recorded = [r for r in evidence["by_year"] if r["total_adj"] is not None]
    last = recorded[-1] if recorded else None
    A, B = names_of(evidence)
    partner = B if evidence["partner"] == evidence["states"]["b"]["ccode"] else A
    return matrix_row(
        "finance",
        driver,
        measure,
        f"{partner}: US$ {t['total_adj'] / 1e9:.1f} bn in {period['from']}–{period['to']}, "
        f"rank {t['rank']} of {n}",
        None
        if last is None
        else f"US$ {last['total_adj'] / 1e9:.1f} bn in {last['year']} (rank {last['rank']} of "
        f"{last['n_recipients']})",
        "n/a",
        verdict,
        RULE,
        score=t["share"],
        base_rate=f"the median recipient received US$ {t['median_recipient_adj'] / 1e9:.1f} bn "
        f"in {period['from']}–{period['to']}",
    )
