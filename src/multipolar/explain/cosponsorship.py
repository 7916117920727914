r"""General Assembly co-sponsorship: how often two states put their names to the same drafts.

Sponsoring a draft resolution is a costlier signal than voting for it: a sponsor lends its name
to the text before the vote, and many drafts are adopted without one. The UN's own records of
sessions 74–80 (2019–2026, ``unga_unxml``) list each adopted resolution's sponsors and
additional sponsors; the parser keeps one row per (resolution, state) in ``unxml_sponsors``.

Measure, for states *A* and *B* over a span of years (all resolutions adopted in it):

.. math::

    J_{AB} = \frac{|S_A \cap S_B|}{|S_A \cup S_B|}

where :math:`S_X` is the set of resolutions *X* sponsored in its own name (the Jaccard index,
0 to 1; undefined, and reported missing, when neither sponsored anything). Two prolific
sponsors overlap often by chance alone, so the pair is ranked by Cohen's kappa on the two
states' sponsor/not-sponsor indicators over the :math:`N` resolutions with a sponsor list:

.. math::

    \kappa_{AB} = \frac{p_o - p_e}{1 - p_e},\quad
    p_o = \frac{|S_A \cap S_B| + |\overline{S_A} \cap \overline{S_B}|}{N},\quad
    p_e = \frac{|S_A||S_B| + (N - |S_A|)(N - |S_B|)}{N^2}

(−1 to 1; 0 is the overlap expected from the two sponsoring rates; missing when
:math:`p_e = 1`). Sponsorships "on
behalf of" a group a state chairs (the Group of 77 and China, the African Group) are left out
by default: they speak for the group, not the chair. The pair's index is placed among all
pairs of UN members with a defined index in the same span (percentile, 0–100, ties at their
mid-rank) by kappa, and beside the median pair (the base rate).

Also returned: the resolutions both sponsored that drew the most votes against (a recorded
vote; ranked by the official count of no votes), which shows what they push together that
others oppose.

Data: the UN's resolution records (``multipolar data show unga_unxml``); the sponsor lists are
extracted from the documents, with the debris the parser sets aside counted in its report.
"""

from __future__ import annotations

from typing import Any

from multipolar.explain.provenance import sources_for
from multipolar.store import Store

__all__ = ["TABLES", "cosponsorship"]

#: the stored tables this evidence reads
TABLES = ("unxml_sponsors", "unga_rollcalls")


def _span(store: Store) -> tuple[int, int] | None:
    row = store.sql("SELECT min(year) AS lo, max(year) AS hi FROM unxml_sponsors").iloc[0]
    if row.isna().any():
        return None
    return int(row["lo"]), int(row["hi"])


def _kappa(k: Any, n1: Any, n2: Any, n: int) -> Any:
    """Cohen's kappa of two sponsor indicators over ``n`` resolutions: ``k`` both, ``n1`` and
    ``n2`` each (scalars or pandas Series).

    >>> round(_kappa(512, 640, 561, 1318), 2), round(_kappa(10, 10, 10, 100), 2)
    (0.73, 1.0)
    """
    po = (k + (n - n1 - n2 + k)) / n
    pe = (n1 * n2 + (n - n1) * (n - n2)) / (n * n)
    denom = 1 - pe
    if hasattr(denom, "where"):
        return ((po - pe) / denom.where(denom != 0)).astype(float)
    return (po - pe) / denom if denom else float("nan")


def cosponsorship(
    store: Store,
    a: int,
    b: int,
    *,
    first: int | None = None,
    last: int | None = None,
    include_on_behalf: bool = False,
    top: int = 5,
) -> dict[str, Any] | None:
    """Co-sponsorship of states ``a`` and ``b`` (COW codes) in the UN General Assembly.

    Parameters
    ----------
    store : the store (``unxml_sponsors`` is loaded with ``unga_unxml``).
    a, b : COW codes of the two states.
    first, last : years (``year`` = session + 1945, as for votes); default: all the data hold.
    include_on_behalf : count sponsorships made on behalf of a group the state chairs.
    top : how many jointly sponsored, most-opposed resolutions to list.

    Returns
    -------
    None when no sponsorship data are loaded or the span holds none; otherwise a record with
    ``period`` (first, last year with data), ``by_year`` (year, n_a, n_b, n_both, jaccard),
    ``total`` (the same over the span, with ``kappa``, its ``percentile`` among all member
    pairs, ``median_kappa``, ``median_jaccard``, ``pairs``, ``resolutions``), ``contested`` (jointly sponsored resolutions with their
    tallies, most votes against first) and ``sources``.
    """
    span = _span(store)
    if span is None:
        return None
    lo = max(span[0], first) if first is not None else span[0]
    hi = min(span[1], last) if last is not None else span[1]
    if lo > hi:
        return None
    kinds = "('own', 'on_behalf')" if include_on_behalf else "('own')"
    base = (
        f"SELECT rcid, year, ccode FROM unxml_sponsors WHERE kind IN {kinds} "
        f"AND year BETWEEN {int(lo)} AND {int(hi)}"
    )
    by_year = store.sql(
        f"""WITH s AS ({base})
            SELECT year,
                   count(DISTINCT rcid) FILTER (WHERE ccode = ?) AS n_a,
                   count(DISTINCT rcid) FILTER (WHERE ccode = ?) AS n_b,
                   (SELECT count(*) FROM s x JOIN s y USING (rcid)
                     WHERE x.ccode = ? AND y.ccode = ? AND x.year = s.year) AS n_both,
                   count(DISTINCT rcid) AS resolutions
            FROM s GROUP BY year ORDER BY year""",
        [a, b, a, b],
    )
    # every member pair's index over the span: one self-join on the resolution
    dist = store.sql(
        f"""WITH s AS ({base}),
            n AS (SELECT ccode, count(*) AS n FROM s GROUP BY ccode),
            both_ AS (SELECT x.ccode AS c1, y.ccode AS c2, count(*) AS k
                      FROM s x JOIN s y ON x.rcid = y.rcid AND x.ccode < y.ccode
                      GROUP BY 1, 2),
            members AS (SELECT DISTINCT ccode FROM unga_votes
                        WHERE year BETWEEN {int(lo)} AND {int(hi)}),
            pairs AS (SELECT m1.ccode AS c1, m2.ccode AS c2
                      FROM members m1 JOIN members m2 ON m1.ccode < m2.ccode)
            SELECT p.c1, p.c2, coalesce(b.k, 0) AS k, coalesce(n1.n, 0) AS n1,
                   coalesce(n2.n, 0) AS n2,
                   coalesce(n1.n, 0) + coalesce(n2.n, 0) - coalesce(b.k, 0) AS u
            FROM pairs p LEFT JOIN both_ b ON p.c1 = b.c1 AND p.c2 = b.c2
            LEFT JOIN n n1 ON n1.ccode = p.c1 LEFT JOIN n n2 ON n2.ccode = p.c2"""
    )
    n_res = int(by_year["resolutions"].sum())
    dist = dist[dist["u"] > 0]
    jac = dist["k"] / dist["u"]
    kap = _kappa(dist["k"], dist["n1"], dist["n2"], n_res).dropna()
    c1, c2 = min(a, b), max(a, b)
    mine = dist[(dist["c1"] == c1) & (dist["c2"] == c2)]
    n_a = int(by_year["n_a"].sum())
    n_b = int(by_year["n_b"].sum())
    n_both = int(by_year["n_both"].sum())
    union = n_a + n_b - n_both
    jaccard = n_both / union if union else None
    kappa = _kappa(n_both, n_a, n_b, n_res) if union else None
    percentile = None
    if kappa is not None and kappa == kappa and len(kap):
        below = float((kap < kappa - 1e-12).sum())
        equal = float((abs(kap - kappa) <= 1e-12).sum())
        percentile = round(100.0 * (below + 0.5 * equal) / len(kap), 1)
    by_year["jaccard"] = [
        (r.n_both / (r.n_a + r.n_b - r.n_both)) if (r.n_a + r.n_b - r.n_both) else None
        for r in by_year.itertuples()
    ]
    contested = store.sql(
        f"""WITH s AS ({base})
            SELECT r.unres AS symbol, r.year, r.date, r.title, r.yes_count, r.no_count,
                   r.abstain_count
            FROM s x JOIN s y ON x.rcid = y.rcid AND x.ccode = ? AND y.ccode = ?
            JOIN unga_rollcalls r ON r.rcid = x.rcid
            WHERE r.recorded AND r.no_count IS NOT NULL AND r.no_count > 0
            ORDER BY r.no_count DESC, r.date DESC LIMIT {int(top)}""",
        [a, b],
    )
    return {
        "period": {"from": lo, "to": hi},
        "kinds": "own and on behalf of a group" if include_on_behalf else "own name only",
        "by_year": [
            {k: (None if v != v else v) for k, v in row.items()}  # NaN -> None
            for row in by_year.to_dict("records")
        ],
        "total": {
            "n_a": n_a,
            "n_b": n_b,
            "n_both": n_both,
            "resolutions": n_res,
            "jaccard": jaccard,
            "kappa": kappa,
            "percentile": percentile,
            "median_jaccard": float(jac.median()) if len(jac) else None,
            "median_kappa": float(kap.median()) if len(kap) else None,
            "pairs": len(kap),
            "in_distribution": bool(len(mine)),
        },
        "contested": [
            {**row, "date": str(row["date"])[:10] if row["date"] is not None else None}
            for row in contested.to_dict("records")
        ],
        "sources": sources_for(["unxml_sponsors"], store),
    }
