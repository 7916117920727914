"""Check a proposition against the data: *supported*, *contradicted*, *mixed* or *cannot check*.

A proposition (:mod:`multipolar.sources.text.propositions`) names states, a channel, a
polarity, a comparison, a change and a period. :func:`check` tests exactly that against the
tables of the matching ``why`` channel, for the pair only, with the filters in SQL (never a
whole ``why`` run):

- ``votes`` (UN General Assembly; the ``forums`` channel's :func:`~multipolar.explain.why.votes.pair_ranks`):
  the mean percentile of the pair's kappa among all dyads over the years claimed (default the
  last five vote years). "Together" (more than most pairs): >= 60 supported, <= 40
  contradicted, else mixed; "against each other" / "rarely together" the reverse; "more often
  than with X": A–B's mean percentile 10 points or more above A–X's supported, below it
  contradicted, else mixed.
- ``trade`` (IMF DOTS totals, both directions; COW 4.0 before DOTS; Russia's one-sided IMF
  estimates never count): a claimed rise is supported when the last year's total is 10% or
  more above the first year's, contradicted when it is not above it, mixed in between; a fall
  the mirror image. Without a change the check says what the sentence leaves untested.
- ``alliances`` (ATOP ``atop_ddy``): a defence pact in the year named (else the last ATOP year
  before the date): "defence pact" needs ``atop_defense``; "alliance" / "allies" is supported
  by a defence or offence pact, mixed with only a neutrality, non-aggression or consultation
  pact, contradicted by none.
- ``vetoes`` (``unsc_vetoes``): "A and B vetoed together": drafts vetoed by both; "A vetoed
  … B": A's vetoes whose agenda names B or that protected B. One or more supported.
- ``arms`` (SIPRI TIV, ``sipri_tiv_dyad``): deliveries from the supplier to the recipient in
  the years (default the ten before the date); > 0 supported. A change: the mean of the first
  three years against the last three (the trade rule).
- ``disputes`` (COW MIDs ``cow_mid_ddydisps``): dyad-years of militarized disputes in the
  years (default the ten before the date). ``sanctions`` (GSDB ``gsdb_sanctions_dyad``): a
  case with that sender and target active in the years (default: any year). ``finance``
  (AidData ``aiddata_gcdf_sy``): China's official finance to the recipient (:func:`check_finance`).
- ``trade`` ranks: "China is Russia's largest trading partner" against the partner's rank
  (:func:`check_rank`).

A negated claim swaps supported and contradicted. Only data up to the year before the text's
date are used (vetoes: up to the date) unless the claim is about later years; a claim about
years after the data's last year cannot be checked, and the check names that year. Every number
carries its year(s) and source table. Checks are pure reads of the store."""

from __future__ import annotations

import datetime as dt
import itertools
from collections.abc import Sequence
from typing import Any

from multipolar.errors import MultipolarError
from multipolar.explain.claims.acts import (
    check_alliances,
    check_arms,
    check_disputes,
    check_finance,
    check_sanctions,
    check_vetoes,
)
from multipolar.explain.claims.base import (
    LABELS,
    TABLES,
    Checker,
    cannot,
    cards,
    name,
    pair_name,
    years_text,
)
from multipolar.explain.claims.trade import check_trade
from multipolar.explain.claims.votes import check_votes
from multipolar.store import Store

__all__ = ["Checker", "asserts", "cards", "check", "checker", "spans"]

_CHECKS = {
    "votes": check_votes,
    "trade": check_trade,
    "alliances": check_alliances,
    "arms": check_arms,
    "disputes": check_disputes,
    "sanctions": check_sanctions,
    "vetoes": check_vetoes,
    "finance": check_finance,
}


def _one(ck: Checker, prop: dict[str, Any], a: int, b: int) -> dict[str, Any]:
    return _CHECKS[prop["channel"]](ck, prop, a, b)


def check(ck: Checker | None, prop: dict[str, Any]) -> dict[str, Any]:
    """What the data say of one proposition (see the module docstring); ``ck`` None: no
    claim names a channel, so no store is read."""
    if prop.get("kind") != "claim":
        return {"verdict": "not a claim", "reason": prop.get("reason"), "numbers": []}
    ch = prop.get("channel")
    states = list(prop.get("states") or [])
    if ch is None:
        ev = prop.get("named_events") or []
        topic = (prop.get("cues") or {}).get("topic") or []
        what = " and ".join(LABELS.get(t, t) for t in topic)
        why_not = (
            f"names {what} as a topic, not as a tie or act between the two"
            if topic
            else f"reports an event ({', '.join(ev)}): only imported event data could check it"
            if ev
            else "names no channel the data measure"
        )
        return cannot(why_not)
    if ch not in TABLES:
        return cannot(f"the checker does not test {LABELS.get(ch, ch)} claims yet")
    if len(states) < 2:
        return cannot("the claim names one state; the checks need a pair")
    if ck is None:
        return cannot("no store to check against")
    key = repr([prop.get(k) for k in _KEY])  # the same proposition twice: one set of queries
    if key in ck.memo:
        return dict(ck.memo[key])
    ck.memo[key] = out = _check(ck, prop, ch, states)
    return dict(out)


_KEY = ("channel", "states", "direction", "polarity", "negated", "comparison", "than", "change",
        "factor", "period", "joint", "rank", "named_events", "cues")  # fmt: skip


def _check(ck: Checker, prop: dict[str, Any], ch: str, states: list[int]) -> dict[str, Any]:
    try:
        if len(states) == 2 or ch in ("arms", "sanctions", "finance"):
            return _one(ck, prop, states[0], states[1])
        parts = [
            (x, y, _one(ck, {**prop, "direction": None}, x, y))
            for x, y in itertools.combinations(states[:4], 2)
        ]
    except MultipolarError as exc:
        return cannot(str(exc))
    verdicts = {p[2]["verdict"] for p in parts}
    nums = [
        {**n, "what": f"{pair_name(x, y)}: {n['what']}"}
        for x, y, r in parts
        for n in r.get("numbers", [])
    ]
    verdict = verdicts.pop() if len(verdicts) == 1 else "mixed"
    out = {
        "verdict": verdict,
        "numbers": nums,
        "rule": "a group: every pair checked; mixed when they differ",
        "tables": list(TABLES[ch]),
    }
    if verdict == "mixed":
        out["holds"] = "; ".join(f"{pair_name(x, y)}: {r['verdict']}" for x, y, r in parts)
    return out


def spans(st: Store, tables: Sequence[str]) -> dict[str, tuple[int, int]]:
    """First and last year of each of ``tables`` in the store, one query (a table not yet
    built is loaded first through :meth:`Store.ensure`; one that cannot be has no span, and
    its claims say the data are not loaded)."""
    from multipolar.errors import NotLoadedError, SourceError

    have = {r[0] for r in st.raw.execute("SELECT table_name FROM duckdb_tables()").fetchall()}
    for t in tables:
        if t not in have:
            try:
                st.ensure(t)
                have.add(t)
            except (NotLoadedError, SourceError):
                continue
    parts = [
        f"SELECT '{t}' AS t, min(year) AS lo, max(year) AS hi FROM \"{t}\""
        for t in tables
        if t in have
    ]
    if not parts:
        return {}
    rows = st.raw.execute(" UNION ALL ".join(parts)).fetchall()
    return {t: (int(lo), int(hi)) for t, lo, hi in rows if lo is not None and hi is not None}


def checker(st: Store, date: dt.date | None, channels: Sequence[str]) -> Checker:
    """A :class:`Checker` with the spans of the tables ``channels`` read (one query)."""
    tables = sorted({t for c in channels if c in TABLES for t in TABLES[c]})
    return Checker(st, date, spans(st, tables) if tables else {}, set(tables))


def asserts(prop: dict[str, Any]) -> str:
    """What a proposition asserts, in a few words ("China–Russia · UN votes: against each
    other, more than most pairs · after 2014"), or why it is not a claim."""
    if prop.get("kind") != "claim":
        return f"not a claim ({prop.get('reason')})"
    parts = []
    st = prop.get("states") or []
    ch = prop.get("channel")
    if prop.get("direction"):
        a, b = prop["direction"][:2]
        parts.append(f"{name(a)} → {name(b)}")
        if (prop.get("cues") or {}).get("lender"):
            parts[-1] += " (no lender named: China's read)"
    elif st:
        parts.append("–".join(name(c) for c in st[:4]))
    if prop.get("inherited") and parts:
        parts[-1] += " (from the sentence before)"
    topic = (prop.get("cues") or {}).get("topic") or []
    if ch:
        what = LABELS.get(ch, ch)
    elif topic:
        what = "topic only: " + ", ".join(LABELS.get(t, t) for t in topic)
    elif prop.get("named_events"):
        what = "event: " + ", ".join(prop["named_events"])
    else:
        what = "no measured channel"
    bits = []
    if prop.get("negated"):
        bits.append("not")
    if prop.get("joint") and ch == "vetoes":
        bits.append("jointly")
    if prop.get("polarity") and not (ch == "votes" and prop.get("change")):
        bits.append("against each other" if prop["polarity"] == "against" else "together")
    if prop.get("comparison") == "most":
        bits.append("more than most pairs")
    elif prop.get("comparison") == "fewer":
        bits.append("less than most pairs")
    if prop.get("than") is not None:
        bits.append(f"more than with {name(prop['than'])}")
    if prop.get("change") and ch == "votes":  # a trend of two states' votes
        bits.append("moved closer" if prop["change"] == "rise" else "moved apart")
    elif prop.get("change"):
        bits.append("rose" if prop["change"] == "rise" else "fell")
    if ch:
        parts.append(what + (": " + ", ".join(bits) if bits else ""))
    else:  # words that qualify nothing the data measure: say so, not "nothing measured: rose"
        bits = ["a negation" if b == "not" else b for b in bits]
        parts.append(what + (f" (says: {', '.join(bits)})" if bits else ""))
    p = prop.get("period")
    if p:
        parts.append(p.get("text") or years_text(p.get("from"), p.get("to")))
    if prop.get("future"):
        parts.append("a prediction")
    return " · ".join(parts)
