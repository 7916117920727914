"""Security Council vetoes of two permanent members: together, alone, against the other pairs.

A veto is a permanent member's negative vote on a draft resolution, which defeats it (UN
Charter, Art. 27(3)). The source (``unsc_vetoes``, 16 February 1946 – 8 July 2022) records
**vetoers only**: a member that abstained, voted yes, or voted no together with a vetoer is
not distinguishable from one that was absent — abstentions are invisible. Vetoes after
8 July 2022 are missing.

Applicability: the channel is *not applicable* unless both states held a permanent seat in
the same years of the period (``data/unsc_permanent.csv``: the United States, the United
Kingdom, France, the Soviet Union/Russia (COW 365 throughout), and the Chinese seat — the
Republic of China until 25 October 1971, COW 710 to 1949 and 713 after; the People's
Republic, 710, from then). For a pair that applies, over the vetoes cast while both held a
seat (``a``'s seat and ``b``'s seat on the date of the vote):

* ``joint``: drafts both vetoed;
* ``a_alone`` (``b_alone``): drafts ``a`` (``b``) vetoed and the other did not;
* the share of A's vetoes cast with B, :math:`s_{AB} = \\text{joint} / \\text{A's vetoes}`, and
  likewise :math:`s_{BA}`;
* ``comparison``: :math:`s_{XY}` for every ordered pair of permanent members (X, Y) over the
  vetoes X cast while Y held a seat, in the same years (the base rate), with the pair's rank
  among A's partners and among all ordered pairs. Computed in SQL in the store.

A vetoed draft is one row of the list (``veto_id``); the drafts of one meeting count once each.

Protection: when exactly one of the pair (P) held a permanent seat, the record is of
``kind`` "protection": the vetoes of P coded as shielding the other (S) in
``data/unsc_protected.csv`` — only crisis topics that name the shielded state without doubt,
each with its basis (Soviet vetoes on India–Pakistan, 1957–1971, shielded India; US vetoes on
Israel–Palestine and Israel–Lebanon, Israel; Russian and Chinese vetoes on Syria, Syria; …):
their number, the share of P's vetoes, and S's rank among the states P's vetoes shielded. It
is not applicable when no veto of P is coded as shielding S; a veto on a draft *about* S that
went against S (Russia's on Ukraine) is not protection and is not coded.

Missing data: a period outside 1946–2022 is a gap; a year without a veto by either is a year
with no recorded veto (the veto list is complete to 8 July 2022). A share with no vetoes
behind it is null, never 0.

Reference: Yordan, C. L. / The World Politics Data Lab (2022), *List of UN Security Council
Vetoes*, from the UN Dag Hammarskjöld Library's veto list; citations printed with a result come
from the source card.
"""

from __future__ import annotations

from typing import Any

import pandas as pd

from multipolar.explain._pair import (
    check_pair,
    clip,
    matrix_row,
    names_of,
    skeleton,
    spell_text,
)
from multipolar.jsonutil import to_records
from multipolar.sources.unsc import permanent_seats, protected_states
from multipolar.states import name_in, possessive, the
from multipolar.store import Store

__all__ = ["RULE", "VETO_COVERAGE", "VETO_END", "veto_evidence", "veto_matrix_row"]

VETO_COVERAGE = (1946, 2022)
VETO_END = "2022-07-08"
TABLE = "unsc_vetoes"
#: the years before the end of the veto data that count as "recent" for a shield
RECENT = 20
RULE = (
    "not applicable unless both held a permanent seat in the same years, or one did and its "
    "vetoes are coded as shielding the other; two permanent members: supported if each is the "
    "other's most frequent co-vetoer (the share of A's vetoes cast with B is the highest among "
    "A's permanent partners, and likewise for B) with at least 2 joint vetoes, mixed if they "
    "vetoed together at least once, not supported if never; a permanent member and another "
    f"state: supported if a veto shielded it in the last {RECENT} years of the period, mixed if "
    "only earlier"
)
PROTECTION_NOTE = (
    "A shielded state is named only where the list's crisis topic and the vetoer name it "
    "without doubt (src/multipolar/sources/data/unsc_protected.csv, each reading with its "
    "basis); other vetoes may have shielded it too."
)
NOTES = (
    "The veto list records vetoers only: an abstention, a yes, or a no that was not a veto "
    "is invisible, so 'vetoed alone' means only that the other did not veto.",
    "The veto data end on 8 July 2022; later vetoes (30 September 2022 on) are not in them.",
)


def _seat_values() -> str:
    """The permanent seats as a SQL VALUES list (codes and ISO dates from the packaged file)."""
    rows = []
    for r in permanent_seats().to_dict("records"):
        end = "DATE '9999-12-31'" if pd.isna(r["to_date"]) else f"DATE '{r['to_date']}'"
        rows.append(f"({int(r['ccode'])}, DATE '{r['from_date']}', {end})")
    return ", ".join(rows)


def _seat_years(code: int, lo: int, hi: int) -> set[int]:
    years: set[int] = set()
    for r in permanent_seats().to_dict("records"):
        if int(r["ccode"]) != int(code):
            continue
        start = r["from_date"].year
        end = hi if pd.isna(r["to_date"]) else r["to_date"].year
        years |= set(range(max(lo, start), min(hi, end) + 1))
    return years


def veto_evidence(store: Store, a: int, b: int, first: int, last: int) -> dict[str, Any]:
    """Vetoes of ``a`` and ``b`` (COW codes) in ``first``–``last``, while both held a seat.

    Returns
    -------
    dict (JSON-serialisable) with ``states``, ``coverage``, ``period`` (the years both held a
    permanent seat within the period and 1946–2022 — for ``kind`` "protection" the years
    the permanent one held it; None when there are none), ``kind`` ("permanent members",
    "protection" or None), ``applicable`` and ``not_applicable`` (the reason, or None),
    ``seat_years`` (text spells per state), ``protection`` (for that kind: ``vetoer,
    protected, n_vetoes, vetoer_vetoes, share, years, rank, n_protected_states, drafts,
    basis, rule``; else None), ``by_year`` (``year, a_vetoes, b_vetoes, joint, a_alone, b_alone``, every
    year of the period), ``totals`` (the same summed, with ``share_a_with_b`` and
    ``share_b_with_a``), ``joint`` and ``alone`` (the drafts: ``veto_id, date, draft,
    agenda_item, vetoers``), ``comparison`` (``x, y, x_vetoes, joint, share`` for every ordered
    pair of permanent members, and the pair's ``rank_among_a_partners`` and
    ``rank_among_pairs``), ``notes`` (vetoers only; data end 8 July 2022), ``sources``,
    ``gaps``.

    >>> VETO_END
    '2022-07-08'
    """
    check_pair(a, b, first, last)
    lo, hi, gaps = clip(first, last, VETO_COVERAGE, "Security Council veto data")
    seats = {}
    if lo is not None and hi is not None:
        seats = {c: _seat_years(c, lo, hi) for c in (a, b)}
    both = sorted(seats[a] & seats[b]) if seats else []
    one = [c for c in (a, b) if seats.get(c)] if not both else []
    if len(one) == 1:  # a permanent member and a state its vetoes may have shielded
        p = one[0]
        s_ = b if p == a else a
        years = sorted(seats[p])
        out = skeleton(
            store, a, b, years[0], years[-1], coverage=VETO_COVERAGE, tables=[TABLE], gaps=gaps
        )
        out["notes"] = [*NOTES, PROTECTION_NOTE]
        out["seat_years"] = {str(c): spell_text(seats.get(c, set())) for c in (a, b)}
        shield = _protection(store, p, s_, years[0], years[-1])
        out.update(
            kind="protection",
            applicable=shield["n_vetoes"] > 0,
            not_applicable=None
            if shield["n_vetoes"]
            else f"{out['states']['a' if s_ == a else 'b']['name']} holds no permanent seat, "
            f"and no veto of {out['states']['a' if p == a else 'b']['name']} in the period is "
            "coded as shielding it",
            by_year=[],
            totals=None,
            joint=[],
            alone=[],
            comparison=None,
            protection=shield,
        )
        return out
    p_lo, p_hi = (both[0], both[-1]) if both else (None, None)
    out = skeleton(store, a, b, p_lo, p_hi, coverage=VETO_COVERAGE, tables=[TABLE], gaps=gaps)
    out["notes"] = list(NOTES)
    out["seat_years"] = {str(c): spell_text(seats.get(c, set())) for c in (a, b)}
    out["kind"] = "permanent members"
    out["protection"] = None
    if not both:
        who = [out["states"][k]["name"] for k, c in (("a", a), ("b", b)) if not seats.get(c)]
        reason = (
            f"{' and '.join(who)} held no permanent Security Council seat in the period"
            if who
            else "the two never held permanent seats in the same years of the period"
        )
        out.update(
            kind=None,
            applicable=False,
            not_applicable=reason,
            by_year=[],
            totals=None,
            joint=[],
            alone=[],
            comparison=None,
        )
        return out
    store.ensure(TABLE)
    seat_sql = _seat_values()
    # every veto of a or b cast while both held a seat, with whether the other vetoed it
    rows = store.sql(
        f"""WITH seat(ccode, from_date, to_date) AS (VALUES {seat_sql}),
                 v AS (SELECT * FROM {TABLE} WHERE year BETWEEN ? AND ?),
                 held AS (SELECT DISTINCT v.veto_id FROM v
                          JOIN seat sa ON sa.ccode = ? AND v.date BETWEEN sa.from_date AND sa.to_date
                          JOIN seat sb ON sb.ccode = ? AND v.date BETWEEN sb.from_date AND sb.to_date)
            SELECT v.veto_id, strftime(v.date, '%Y-%m-%d') AS date, v.year, v.draft,
                   v.agenda_item,
                   bool_or(v.ccode = ?) AS by_a, bool_or(v.ccode = ?) AS by_b,
                   string_agg(v.member, ', ' ORDER BY v.member) AS vetoers
            FROM v JOIN held USING (veto_id)
            GROUP BY v.veto_id, v.date, v.year, v.draft, v.agenda_item
            HAVING bool_or(v.ccode IN (?, ?))
            ORDER BY v.date, v.veto_id""",
        [p_lo, p_hi, int(a), int(b), int(a), int(b), int(a), int(b)],
    )
    by_year = []
    for y in both:
        d = rows[rows["year"] == y]
        by_year.append(
            {
                "year": y,
                "a_vetoes": int(d["by_a"].sum()),
                "b_vetoes": int(d["by_b"].sum()),
                "joint": int((d["by_a"] & d["by_b"]).sum()),
                "a_alone": int((d["by_a"] & ~d["by_b"]).sum()),
                "b_alone": int((d["by_b"] & ~d["by_a"]).sum()),
            }
        )
    tot: dict[str, float | None] = {
        k: sum(r[k] for r in by_year)
        for k in ("a_vetoes", "b_vetoes", "joint", "a_alone", "b_alone")
    }
    n_joint, n_a, n_b = (sum(r[k] for r in by_year) for k in ("joint", "a_vetoes", "b_vetoes"))
    tot["share_a_with_b"] = n_joint / n_a if n_a else None
    tot["share_b_with_a"] = n_joint / n_b if n_b else None
    cols = ["veto_id", "date", "draft", "agenda_item", "vetoers"]
    joint = rows[rows["by_a"] & rows["by_b"]]
    alone = rows[rows["by_a"] ^ rows["by_b"]].assign(
        by=lambda d: [int(a) if x else int(b) for x in d["by_a"]]
    )
    out.update(
        applicable=True,
        not_applicable=None,
        by_year=by_year,
        totals=tot,
        joint=to_records(joint[cols]),
        alone=to_records(alone[[*cols, "by"]]),
        comparison=_comparison(store, a, b, both[0], both[-1], seat_sql),
    )
    return out


def _protection(store: Store, p: int, s: int, lo: int, hi: int) -> dict[str, Any]:
    """Vetoes of permanent member ``p`` coded as shielding ``s``, and ``s``'s rank among the
    states ``p``'s vetoes shielded in ``lo``–``hi`` (SQL)."""
    store.ensure(TABLE)
    drafts = store.sql(
        f"""SELECT veto_id, strftime(date, '%Y-%m-%d') AS date, year, draft, agenda_item,
                   crisis_topic, member
            FROM {TABLE} WHERE ccode = ? AND protected_ccode = ? AND year BETWEEN ? AND ?
            ORDER BY date, veto_id""",
        [int(p), int(s), lo, hi],
    )
    ranks = store.sql(
        f"""SELECT protected_ccode, count(*) AS n FROM {TABLE}
            WHERE ccode = ? AND protected_ccode IS NOT NULL AND year BETWEEN ? AND ?
            GROUP BY protected_ccode""",
        [int(p), lo, hi],
    )
    total = store.sql(
        f"SELECT count(*) AS n FROM {TABLE} WHERE ccode = ? AND year BETWEEN ? AND ?",
        [int(p), lo, hi],
    )["n"].iloc[0]
    k = len(drafts)
    basis = protected_states()
    basis = basis[
        (basis["protected_ccode"] == int(s))
        & basis["crisis_topic"].isin(set(drafts["crisis_topic"]))
        & basis["vetoer"].isin(set(drafts["member"]))
    ]
    return {
        "vetoer": int(p),
        "protected": int(s),
        "n_vetoes": k,
        "vetoer_vetoes": int(total),
        "share": k / int(total) if int(total) else None,
        "years": spell_text(drafts["year"].astype(int).tolist()),
        "rank": int((ranks["n"] > k).sum()) + 1 if k else None,
        "n_protected_states": len(ranks),
        "drafts": to_records(drafts.drop(columns=["member"])),
        "basis": [
            {"crisis_topic": str(t), "vetoer": str(v), "basis": str(x)}
            for t, v, x in basis[["crisis_topic", "vetoer", "basis"]].itertuples(index=False)
        ],
        "rule": "data/unsc_protected.csv: only crisis topics that name the shielded state "
        "without doubt are coded",
    }


def _comparison(store: Store, a: int, b: int, lo: int, hi: int, seat_sql: str) -> dict[str, Any]:
    """:math:`s_{XY}` for every ordered pair of permanent members over ``lo``–``hi`` (SQL)."""
    df = store.sql(
        f"""WITH seat(ccode, from_date, to_date) AS (VALUES {seat_sql}),
                 v AS (SELECT veto_id, ccode, date FROM {TABLE} WHERE year BETWEEN ? AND ?),
                 xy AS (SELECT DISTINCT v.veto_id, v.ccode AS x, s.ccode AS y FROM v
                        JOIN seat s ON v.date BETWEEN s.from_date AND s.to_date
                         AND s.ccode <> v.ccode)
            SELECT xy.x, xy.y, count(*) AS x_vetoes, count(w.veto_id) AS joint
            FROM xy LEFT JOIN v w ON w.veto_id = xy.veto_id AND w.ccode = xy.y
            GROUP BY xy.x, xy.y ORDER BY xy.x, xy.y""",
        [lo, hi],
    )
    df["share"] = df["joint"] / df["x_vetoes"]
    pair = df[(df["x"] == a) & (df["y"] == b)]
    share = float(pair["share"].iloc[0]) if len(pair) else None
    mine = df[df["x"] == a]
    return {
        "unit": "ordered pairs (X, Y) of permanent members: share of X's vetoes cast with Y, "
        "over the vetoes X cast while Y held a seat",
        "pairs": to_records(df),
        "share_a_with_b": share,
        "rank_among_a_partners": None if share is None else int((mine["share"] > share).sum()) + 1,
        "n_a_partners": len(mine),
        "rank_among_pairs": None if share is None else int((df["share"] > share).sum()) + 1,
        "n_pairs": len(df),
    }


def veto_matrix_row(evidence: dict[str, Any]) -> dict[str, Any]:
    """The evidence-matrix row "Security Council vetoes" of :func:`veto_evidence`, with :data:`RULE`.

    The base rate is the field of permanent-member pairs: the share of A's vetoes cast with
    each other permanent member, over the same years.
    """
    A, B = names_of(evidence)
    driver = "Vetoes in the Security Council"
    if not evidence.get("applicable"):
        return matrix_row(
            "unsc", driver, "vetoes cast together (vetoers only; data end 8 July 2022)", None,
            None, "n/a", "not applicable", RULE, base_rate=evidence.get("not_applicable"),
        )  # fmt: skip
    if evidence.get("kind") == "protection":
        p = evidence["protection"]
        end = evidence["period"]["to"]
        recent = [d for d in p["drafts"] if d["date"][:4] and int(d["date"][:4]) > end - RECENT]
        shield, shielded = (A, B) if p["vetoer"] == evidence["states"]["a"]["ccode"] else (B, A)
        return matrix_row(
            "unsc",
            driver,
            f"vetoes of {shield} shielding {shielded} (coded from the crisis topic)",
            f"{p['n_vetoes']} {'veto' if p['n_vetoes'] == 1 else 'vetoes'} in {p['years']}",
            f"{len(recent)} {'veto' if len(recent) == 1 else 'vetoes'} of {the(shield)} "
            f"shielding {the(shielded)} in "
            f"{max(end - RECENT + 1, int(evidence['period']['from']))}–{end}"
            if recent
            # the vetoer as it was called then (India-Russia: the Soviet Union's 1971 vetoes)
            else f"no veto of {the(name_in(p['vetoer'], int(p['drafts'][-1]['date'][:4])))} "
            f"shielding {the(shielded)} since {p['drafts'][-1]['date'][:4]}",
            "recent" if recent else "earlier only",
            "supported" if recent else "mixed",
            RULE,
            score=p["share"],
            base_rate=f"{shielded} ranks {p['rank']} of the {p['n_protected_states']} states "
            f"the vetoes of {shield} are coded as shielding",
        )
    t, cmp_ = evidence["totals"], evidence["comparison"]
    pairs = cmp_["pairs"]
    a, b = evidence["states"]["a"]["ccode"], evidence["states"]["b"]["ccode"]

    def top(x: int, y: int) -> bool:
        mine = [r for r in pairs if r["x"] == x and r["share"] is not None]
        pick = [r for r in mine if r["y"] == y]
        return bool(pick) and pick[0]["share"] >= max(r["share"] for r in mine) > 0

    if t["joint"] >= 2 and top(a, b) and top(b, a):
        verdict = "supported"
    elif t["joint"] >= 1:
        verdict = "mixed"
    else:
        verdict = "not supported"
    shares = sorted(r["share"] for r in pairs if r["share"] is not None and r["joint"] > 0)
    median = shares[len(shares) // 2] if shares else None
    period = evidence["period"]
    return matrix_row(
        "unsc",
        driver,
        f"vetoes cast together; the share of the vetoes of {A} cast with {B} (vetoers only; data "
        "end 8 July 2022)",
        f"{t['joint']} joint vetoes {period['from']}–{period['to']}; {A} {t['a_vetoes']}, {B} "
        f"{t['b_vetoes']}; {A} alone {t['a_alone']}, {B} alone {t['b_alone']}",
        # every number with its years (USA-UK read "22 of United States' 82 vetoes cast with
        # United Kingdom", no year and no article)
        f"{t['joint']} of {possessive(the(A))} {t['a_vetoes']} "
        f"{'veto' if t['a_vetoes'] == 1 else 'vetoes'} in {period['from']}–{period['to']} cast "
        f"with {the(B)}",
        "n/a",
        verdict,
        RULE,
        score=t["share_a_with_b"],
        base_rate=f"{len(shares)} of {len(pairs)} ordered pairs of permanent members vetoed "
        "together at least once" + ("" if median is None else f"; their median share {median:.2f}"),
    )
