r"""Arms-transfer evidence for a pair of states: SIPRI trend-indicator values (TIV) in either
direction, by year and period, from the 7 exporters the mirror holds, one vintage.

:func:`arms_evidence` reads ``sipri_tiv_dyad`` with SQL (the pair's rows, and for ranks the
rows of the recipient's or exporter's other partners) and returns JSON-serialisable records.

What is measured. :math:`\mathrm{TIV}_{A \to B,t}`: SIPRI's trend-indicator value of major
conventional arms delivered by A to B in year *t* (millions; a volume index of military
capability transferred, not the price paid). SIPRI's '0' is a delivery worth under 0.5 m.

Which exporters. The mirror holds SIPRI's tables for **7 exporters only**: Russia (from 1992)
and the Soviet Union (to 1991), both COW 365; China (710); the United States (2); France (220);
the United Kingdom (200); (West) Germany (260 to 1990, 255 from 1991). A direction whose
exporter is one of them in that year is *covered*: a year without a row is a SIPRI empty cell,
**no deliveries (0)**. A direction whose exporter is not held is *not covered*: its TIV is null
(unknown), never zero.

Periods. ``by_period``: sums per decade (the last one 2020–2021) and per exporter identity
(the Soviet Union's table to 1991, Russia's from 1992), each direction; a period sum is null
for a direction not covered.

Rank among suppliers (last decade, ``t_1 - 9 .. t_1`` with ``t_1`` the period's last year
within SIPRI's coverage, 2021 by default): A's rank among the *held* exporters that delivered to B, by TIV summed over the decade,
and A's share of B's TIV from them; B's rank among A's state recipients likewise (when A is a
held exporter). Both say "among the 7 exporters held", never among all of SIPRI's.

Vintage. Every row carries SIPRI's generation date (``2022-07-28``); the function refuses to
sum across vintages (one vintage is loaded; more would raise).

Units: TIV millions. Citation: SIPRI Arms Transfers Database (``sipri2022arms``).
"""

from __future__ import annotations

from typing import Any

import pandas as pd

from multipolar import states as _states
from multipolar.errors import InputError, MeasureError
from multipolar.explain.provenance import sources_for
from multipolar.jsonutil import to_records
from multipolar.store import Store

TABLE = "sipri_tiv_dyad"
COVERAGE = (1950, 2021)
DECADE = 10
#: the exporters the mirror holds: (SIPRI code, COW code, first year, last year)
HELD: tuple[tuple[str, int, int | None, int | None], ...] = (
    ("USR", 365, None, 1991),
    ("RUS", 365, 1992, None),
    ("CHI", 710, None, None),
    ("USA", 2, None, None),
    ("FRA", 220, None, None),
    ("UK", 200, None, None),
    ("FRG", 260, None, 1990),  # SIPRI's FRG table ("Germany"): West Germany to 1990 …
    ("FRG", 255, 1991, None),  # … and unified Germany from 1991
)
HELD_NOTE = (
    "SIPRI TIV from 7 exporters only (Russia, the Soviet Union, China, the United States, "
    "France, the United Kingdom, Germany/West Germany); other exporters' deliveries are not in "
    "the data"
)
UNITS = "SIPRI trend-indicator values (TIV), millions"
MISSING_RULE = (
    "a year without deliveries from a held exporter is 0 (SIPRI's empty cell); a direction whose "
    "exporter is not held is null (unknown), never 0"
)


def held(ccode: int, year: int) -> str | None:
    """The SIPRI code of the held exporter that is ``ccode`` in ``year``, or None.

    >>> held(365, 1980), held(365, 2000), held(750, 2000), held(255, 2000)
    ('USR', 'RUS', None, 'FRG')
    """
    for code, cc, lo, hi in HELD:
        if cc == ccode and (lo is None or year >= lo) and (hi is None or year <= hi):
            return code
    return None


def _pair_rows(store: Store, a: int, b: int, first: int, last: int) -> pd.DataFrame:
    return store.sql(
        f"SELECT exporter, ccode_from, ccode_to, year, tiv, tiv_under_half, vintage FROM {TABLE} "
        "WHERE ((ccode_from = ? AND ccode_to = ?) OR (ccode_from = ? AND ccode_to = ?)) "
        "AND year BETWEEN ? AND ? ORDER BY year",
        [a, b, b, a, first, last],
    )


def supplier_rank(
    store: Store, exporter: int, recipient: int, first: int, last: int
) -> dict[str, Any]:
    """``exporter``'s rank among the held exporters delivering to ``recipient`` in
    ``first``–``last`` (TIV summed; 1 = largest, ties share a rank), its share of the
    recipient's TIV from them, and how many delivered (``suppliers``)."""
    d = store.sql(
        f"""
        WITH s AS (
            SELECT ccode_from, sum(tiv) AS tiv FROM {TABLE}
            WHERE ccode_to = ? AND year BETWEEN ? AND ? GROUP BY ccode_from
        ), r AS (
            SELECT ccode_from, tiv, rank() OVER (ORDER BY tiv DESC) AS rank,
                   tiv / nullif(sum(tiv) OVER (), 0) AS share, count(*) OVER () AS suppliers
            FROM s
        )
        SELECT * FROM r WHERE ccode_from = ?
        """,
        [recipient, first, last, exporter],
    )
    n = store.sql(
        f"SELECT count(DISTINCT ccode_from) AS n FROM {TABLE} WHERE ccode_to = ? AND year "
        "BETWEEN ? AND ?",
        [recipient, first, last],
    )
    out: dict[str, Any] = {"from": first, "to": last, "suppliers": int(n["n"].iloc[0])}
    if d.empty:
        return {**out, "rank": None, "share": None, "tiv": 0}
    r = d.iloc[0]
    share = None if pd.isna(r["share"]) else float(r["share"])
    return {**out, "rank": int(r["rank"]), "share": share, "tiv": int(r["tiv"])}


def recipient_rank(
    store: Store, exporter: int, recipient: int, first: int, last: int
) -> dict[str, Any]:
    """``recipient``'s rank among ``exporter``'s state recipients in ``first``–``last`` (TIV
    summed; 1 = largest), its share of the exporter's TIV to states, and the recipients."""
    d = store.sql(
        f"""
        WITH s AS (
            SELECT ccode_to, sum(tiv) AS tiv FROM {TABLE}
            WHERE ccode_from = ? AND year BETWEEN ? AND ? GROUP BY ccode_to
        ), r AS (
            SELECT ccode_to, tiv, rank() OVER (ORDER BY tiv DESC) AS rank,
                   tiv / nullif(sum(tiv) OVER (), 0) AS share, count(*) OVER () AS recipients
            FROM s
        )
        SELECT * FROM r WHERE ccode_to = ?
        """,
        [exporter, first, last, recipient],
    )
    if d.empty:
        return {"from": first, "to": last, "rank": None, "share": None, "tiv": 0}
    r = d.iloc[0]
    return {
        "from": first,
        "to": last,
        "rank": int(r["rank"]),
        "share": None if pd.isna(r["share"]) else float(r["share"]),
        "tiv": int(r["tiv"]),
        "recipients": int(r["recipients"]),
    }


def _direction(rows: pd.DataFrame, frm: int, to: int, years: range) -> pd.DataFrame:
    d = rows[(rows["ccode_from"] == frm) & (rows["ccode_to"] == to)].set_index("year")
    out = pd.DataFrame({"year": list(years)})
    out["exporter"] = [held(frm, y) for y in years]
    covered = out["exporter"].notna()
    tiv = d["tiv"].reindex(out["year"]).to_numpy()
    out["tiv"] = pd.array(tiv, dtype="Int64")
    out.loc[covered & out["tiv"].isna(), "tiv"] = 0
    out.loc[~covered, "tiv"] = pd.NA
    out["under_half"] = d["tiv_under_half"].reindex(out["year"]).fillna(False).to_numpy(bool)
    return out


def _periods(by_year: pd.DataFrame) -> list[dict[str, Any]]:
    """Sums per decade and per exporter identity, each direction (null where not covered)."""
    out: list[dict[str, Any]] = []

    def total(part: pd.DataFrame, col: str) -> int | None:
        s = part[col]
        return None if s.isna().all() else int(s.sum())

    for start in range(by_year["year"].min() // 10 * 10, by_year["year"].max() + 1, 10):
        part = by_year[(by_year["year"] >= start) & (by_year["year"] < start + 10)]
        if len(part):
            out.append(
                {
                    "period": f"{int(part['year'].min())}–{int(part['year'].max())}",
                    "kind": "decade",
                    "tiv_ab": total(part, "tiv_ab"),
                    "tiv_ba": total(part, "tiv_ba"),
                }
            )
    for side, col, exp in (("ab", "tiv_ab", "exporter_ab"), ("ba", "tiv_ba", "exporter_ba")):
        for code, part in by_year.dropna(subset=[exp]).groupby(exp, sort=False):
            out.append(
                {
                    "period": f"{int(part['year'].min())}–{int(part['year'].max())}",
                    "kind": f"exporter {code}",
                    "direction": side,
                    "exporter": code,
                    "tiv": int(part[col].sum()),
                }
            )
    return out


def arms_evidence(
    store: Store, a: int, b: int, *, first: int | None = None, last: int | None = None
) -> dict[str, Any]:
    """The arms-transfer evidence on states ``a`` and ``b`` (COW codes), ``first``–``last``
    (default and bound: SIPRI's 1950–2021).

    Returns (JSON-serialisable)::

        {"a", "b", "names": {"a", "b"}, "from", "to", "vintage",
         "by_year": [{year, exporter_ab, tiv_ab, under_half_ab, exporter_ba, tiv_ba,
                      under_half_ba}],              # exporter_* null = direction not covered
         "by_period": [{period, kind: "decade", tiv_ab, tiv_ba}
                       | {period, kind: "exporter RUS", direction, exporter, tiv}],
         "total_ab", "total_ba",                   # over the period; null if never covered
         "last_decade": {"from", "to", "a_among_b_suppliers": {rank, share, tiv, suppliers},
                         "b_among_b_suppliers"..., "b_among_a_recipients": {...}, ...},
         "held": HELD_NOTE, "units", "missing_rule", "gaps": [str], "citations": [...]}

    See the module for the rules (coverage, zero versus unknown, ranks among held exporters).
    """
    if a == b:
        raise InputError("arms evidence needs two different states")
    lo = max(first if first is not None else COVERAGE[0], COVERAGE[0])
    hi = min(last if last is not None else COVERAGE[1], COVERAGE[1])
    gaps: list[str] = []
    if last is not None and last > COVERAGE[1]:
        gaps.append(f"SIPRI TIV (vintage 2022-07-28) ends in {COVERAGE[1]}: no data after.")
    if lo > hi:
        raise InputError(f"SIPRI TIV covers {COVERAGE[0]}–{COVERAGE[1]}; the period has none")
    store.ensure(TABLE)
    rows = _pair_rows(store, a, b, lo, hi)
    vintages = store.sql(f"SELECT DISTINCT vintage FROM {TABLE}")["vintage"].tolist()
    if len(vintages) != 1:
        raise MeasureError(f"{TABLE} holds several SIPRI vintages {vintages}: never mixed")
    years = range(lo, hi + 1)
    ab = _direction(rows, a, b, years)
    ba = _direction(rows, b, a, years)
    by_year = pd.DataFrame(
        {
            "year": ab["year"],
            "exporter_ab": ab["exporter"],
            "tiv_ab": ab["tiv"],
            "under_half_ab": ab["under_half"],
            "exporter_ba": ba["exporter"],
            "tiv_ba": ba["tiv"],
            "under_half_ba": ba["under_half"],
        }
    )
    for side, who in (("ab", a), ("ba", b)):
        if by_year[f"exporter_{side}"].isna().all():
            gaps.append(
                f"{_states.name_in(who)}'s arms exports are not in the data (SIPRI tables of 7 "
                "exporters only): that direction is unknown, not zero."
            )
    d1 = hi  # the last decade of the data within the period
    d0 = max(d1 - DECADE + 1, lo)
    decade: dict[str, Any] = {"from": d0, "to": d1}
    if held(a, d1):
        decade["a_among_b_suppliers"] = supplier_rank(store, a, b, d0, d1)
        decade["b_among_a_recipients"] = recipient_rank(store, a, b, d0, d1)
    if held(b, d1):
        decade["b_among_a_suppliers"] = supplier_rank(store, b, a, d0, d1)
        decade["a_among_b_recipients"] = recipient_rank(store, b, a, d0, d1)

    def total(col: str) -> int | None:
        s = by_year[col]
        return None if s.isna().all() else int(s.sum())

    return {
        "a": a,
        "b": b,
        "names": {"a": _states.name_in(a, hi), "b": _states.name_in(b, hi)},
        "from": lo,
        "to": hi,
        "vintage": vintages[0],
        "by_year": to_records(by_year),
        "by_period": _periods(by_year),
        "total_ab": total("tiv_ab"),
        "total_ba": total("tiv_ba"),
        "last_decade": decade,
        "held": HELD_NOTE,
        "units": UNITS,
        "missing_rule": MISSING_RULE,
        "gaps": gaps,
        "citations": sources_for([TABLE], store),
    }


TOP_SUPPLIERS = 3
MIN_SHARE = 0.10
MIN_RECIPIENT_SHARE = 0.02
TREND_TOL = 0.10
ARMS_RULE = (
    "supported if, over the last decade of the data in the period (2012–2021 by default), one is among the other's 3 "
    "largest suppliers by TIV among the 7 exporters held, delivering at least 10% of the "
    "other's TIV from them, and the other takes at least 2% of the supplier's TIV to states "
    "(it matters to both); mixed if there were deliveries either way in that decade; not "
    "supported if none while a direction is covered; no data if neither is a held exporter"
)


def arms_matrix_row(evidence: dict[str, Any]) -> dict[str, Any]:
    """The evidence-matrix row "Arms transfers" from :func:`arms_evidence`, with its rule.

    Keys ``key="arms", driver, measure, then, now, trend, verdict, rule, score, base_rate``.
    ``then``/``now``: TIV in the covered directions in the decade before last (2002–2011) and
    the last (2012–2021), ``then`` None when the question's years do not reach the decade
    before; ``trend``: rising/falling when the last decade's TIV is at least 10%
    above/below the one before, steady otherwise, n/a when both are 0 or the one before is
    outside the question's years; ``score``: the supplier's
    share of the recipient's TIV from the held exporters; ``base_rate``: the recipient's rank
    among the supplier's recipients.
    """
    A, B = evidence["names"]["a"], evidence["names"]["b"]
    dec = evidence["last_decade"]
    d0, d1 = dec["from"], dec["to"]
    base = {
        "key": "arms",
        "driver": "Arms transfers",
        "measure": (
            f"SIPRI TIV delivered between {A} and {B} and each one's rank among the other's "
            f"suppliers ({evidence['held']}; vintage {evidence['vintage']})"
        ),
        "rule": ARMS_RULE,
    }
    by = evidence["by_year"]
    covered = [s for s in ("ab", "ba") if any(r[f"exporter_{s}"] for r in by)]
    if not covered:
        return {**base, "then": None, "now": None, "trend": "n/a", "verdict": "no data",
                "score": None, "base_rate": None}  # fmt: skip

    def tiv(lo: int, hi: int) -> dict[str, int]:
        return {
            s: sum(int(r[f"tiv_{s}"] or 0) for r in by if lo <= r["year"] <= hi) for s in covered
        }

    def say(t: dict[str, int], lo: int, hi: int) -> str:
        parts = [f"{A if s == 'ab' else B} to {B if s == 'ab' else A} {t[s]:,}" for s in covered]
        return f"{'; '.join(parts)} TIV m in {lo}–{hi}"

    now_t, then_t = tiv(d0, d1), tiv(d0 - 10, d1 - 10)
    ranks = [
        (dec.get("a_among_b_suppliers"), A, B, dec.get("b_among_a_recipients")),
        (dec.get("b_among_a_suppliers"), B, A, dec.get("a_among_b_recipients")),
    ]
    best = None
    for sup, who, whom, rec in ranks:
        ok = (
            bool(sup and sup.get("rank"))
            and sup["rank"] <= TOP_SUPPLIERS
            and (sup["share"] or 0) >= MIN_SHARE
            and bool(rec and (rec.get("share") or 0) >= MIN_RECIPIENT_SHARE)
        )
        if ok and (best is None or sup["share"] > best[0]["share"]):
            best = (sup, who, whom, rec)
    # the decade before is known only where the question's years reach it: USA-Israel from 2015
    # read "the United States to Israel 0 TIV m in 2005-2011" (SIPRI: 3,935) and "rising"
    earlier = d0 - 10 >= int(evidence["from"])
    total_now, total_then = sum(now_t.values()), sum(then_t.values())
    if best:
        verdict = "supported"
    elif total_now > 0:
        verdict = "mixed"
    else:
        verdict = "not supported"
    if not earlier or (total_now == 0 and total_then == 0):
        trend = "n/a"
    elif total_now >= (1 + TREND_TOL) * total_then:
        trend = "rising"
    elif total_now <= (1 - TREND_TOL) * total_then:
        trend = "falling"
    else:
        trend = "steady"
    now = say(now_t, d0, d1)
    score, rate = None, None
    if best:
        sup, who, whom, rec = best
        now = (
            f"{who} {_ordinal(sup['rank'])} of {sup['suppliers']} held suppliers of {whom}, "
            f"{d0}–{d1} ({100 * sup['share']:.0f}% of TIV)"
        )
        score = sup["share"]
        if rec and rec.get("rank"):
            rate = (
                f"{whom} is {_poss(who)} {_ordinal(rec['rank'])} of {rec['recipients']} recipients "
                f"in {d0}–{d1} ({100 * rec['share']:.0f}% of its TIV to states)"
            )
    return {
        **base,
        "then": say(then_t, d0 - 10, d1 - 10) if earlier else None,
        "now": now,
        "trend": trend,
        "verdict": verdict,
        "score": score,
        "base_rate": rate,
    }


def _poss(name: str) -> str:
    """``China's``, ``United States'``."""
    return f"{name}'" if name.endswith("s") else f"{name}'s"


def _ordinal(n: int) -> str:
    suffix = "th" if 10 <= n % 100 <= 20 else {1: "st", 2: "nd", 3: "rd"}.get(n % 10, "th")
    return f"{n}{suffix}"
