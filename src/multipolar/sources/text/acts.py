"""Who acts on whom in a sentence (pure): the state mentions (:class:`Mention`), compounds
that name no second state, states named together, a cue near both states, the rank a sentence
claims among a state's trade partners, and the sender and target of an act (arms, sanctions,
finance). Used by :mod:`multipolar.sources.text.propositions`."""

from __future__ import annotations

import itertools
import re
from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any


@dataclass
class Mention:
    """A resolved state mention in the sentence (character offsets within it)."""

    ccode: int
    start: int
    end: int
    text: str = ""
    #: a capital or city named as a place ("in Madrid"), not as the state acting
    place: bool = False


def compound_prefix(text: str, mm: Mention, mentions: Sequence[Mention]) -> bool:
    """A mention that is the first half of a compound naming no second state ("Indo-Pacific",
    "Euro-Atlantic", "US-led"); "Sino-Russian" names two."""
    if text[mm.end : mm.end + 1] != "-":
        return False
    return not any(x.start == mm.end + 1 for x in mentions)


def near(real: Sequence[Mention], states: Sequence[int], at: Sequence[int], span: int = 80) -> bool:
    """Whether one cue (offsets ``at``) lies within ``span`` characters of a mention of each
    of ``states``."""
    return any(
        all(any(abs(x.start - o) <= span for x in real if x.ccode == c) for c in states) for o in at
    )


def all_joined(text: str, real: Sequence[Mention], states: Sequence[int]) -> bool:
    """Whether the states' first mentions form one list ("China, Russia and Iran")."""
    ms = sorted(
        (m for m in (next((x for x in real if x.ccode == c), None) for c in states) if m),
        key=lambda x: x.start,
    )
    return len(ms) == len(states) and all(
        re.fullmatch(r"\s*(?:,|and|&|, and)\s*(?:the\s+)?", text[x.end : y.start], re.I)
        for x, y in itertools.pairwise(ms)
    )


_ORD = {"second": 2, "third": 3, "fourth": 4, "fifth": 5, "2nd": 2, "3rd": 3, "4th": 4, "5th": 5}

_NUM = {"three": 3, "five": 5, "ten": 10, "3": 3, "5": 5, "10": 10}

_RANK = re.compile(
    r"\b(?:(?P<one>one of (?:the |its |their )?)?(?:(?P<ord>second|third|fourth|fifth|2nd|3rd|4th|"
    r"5th)[- ])?(?:largest|biggest|main|leading|most important)|top(?: (?P<n>three|five|ten|3|5|"
    r"10))?)\s+(?:trading|trade)\s+partners?\b",
    re.I,
)


def trade_rank(text: str, real: Sequence[Mention], states: Sequence[int]) -> dict[str, Any] | None:
    """The trade-partner rank a sentence claims: "China is Russia's largest trading partner"
    (China's rank among Russia's partners is 1), "second-largest", "one of the largest" and
    "top five" (rank at most 5); the reference state is the possessive one ("Russia's") or
    the one after "partner of"; None when the sentence does not say whose partner."""
    m = _RANK.search(text)
    if m is None or len(states) < 2:
        return None
    if m.group("n"):
        rank, at_most = _NUM[m.group("n").lower()], True
    elif m.group("ord"):
        rank, at_most = _ORD[m.group("ord").lower()], bool(m.group("one"))
    else:
        rank, at_most = (5, True) if m.group("one") else (1, False)
    ref = next(
        (x.ccode for x in real if x.ccode in states[:2] and re.match(r"[’']s?\b", text[x.end :])),
        None,
    )
    if ref is None:
        after = re.match(r"\s+of\s+(?:the\s+)?", text[m.end() :])
        ref = next((x.ccode for x in real if after and x.start == m.end() + after.end()), None)
    if ref is None or ref not in states[:2]:
        return None
    partner = states[1] if ref == states[0] else states[0]
    return {"rank": rank, "at_most": at_most, "of": ref, "partner": partner}


_PASSIVE = re.compile(r"\b(?:been|was|were|is|are|be|being)\s+(?:\w+\s+)?$", re.I)

_BUY = re.compile(r"^(buy|bought|purchas|import|receiv)", re.I)


def direction(
    text: str, channel: str, found: dict[str, list[tuple[str, str, int]]], real: Sequence[Mention]
) -> list[int] | None:
    """Who acts on whom for arms and sanctions: ``[supplier or sender, recipient or target]``
    -- the state named last before the act and the first after it ("the American sanctions
    imposed on Cuba"; "B buys arms from A" reversed), or in the passive the state after "by"
    and the one nearest the act; None when the sentence does not say (both before the act, or
    a passive without "by" and a state: "the embargo that has been imposed on Cuba")."""
    acts = [(t, o) for v, t, o in found["act"] if v == channel]
    if not acts:
        return None
    cues_at = [o for v, _, o in found["channel"] if v == channel]
    acts = [(t, o) for t, o in acts if any(abs(o - c) <= 40 for c in cues_at)]
    if not acts:
        return None  # the verb is far from the arms or sanctions it would be about
    word, at = acts[0]
    if re.search(r"\bto\s+$", text[max(0, at - 4) : at], re.I):
        return None  # "requests the Council to impose sanctions": asked for, not done
    base = max(0, at - 30)
    reduced = re.search(
        r"\b(?:sanctions|embargo(?:es)?|blockade|weapons|arms|loans?)\s+(?:\w+\s+)?$",
        text[base:at],
        re.I,
    )
    if reduced and re.match(r"\w+ed\b|sold\b|lent\b", word, re.I):
        owner = [  # "the American sanctions imposed on Cuba": the sender names the sanctions
            m
            for m in real
            if m.end <= base + reduced.start()
            and re.fullmatch(r"[’']?s?\s*(?:\w+\s+)?", text[m.end : base + reduced.start()])
        ]
        targets = [m for m in real if m.start > at and (not owner or m.ccode != owner[-1].ccode)]
        if owner and targets:
            return [owner[-1].ccode, targets[0].ccode]
    else:
        reduced = None
    noun = re.match(r"(sanctions|embargo|blockade|loans?|imposition)\b", word, re.I) or (
        re.match(r"(suppl(?:y|ies)|deliver(?:y|ies)|sales?|transfers?|exports?)\b", word, re.I)
        and re.match(r"\s+of\b", text[at + len(word) :], re.I)
    )  # "the imposition of sanctions", "supplies of arms": whose?
    by = [
        m
        for m in real
        if re.search(r"\bby\s+(?:the\s+)?$", text[max(0, m.start - 8) : m.start], re.I)
    ]
    passive = (
        bool(reduced)  # "the sanctions imposed on Iraq": imposed by whom?
        or bool(_PASSIVE.search(text[max(0, at - 20) : at]))
        or bool(re.match(r"\s+by\b", text[at + len(word) :], re.I))  # "imposed by ..."
        or bool(by)
    )
    if passive:
        if not by:
            return None
        others = [m for m in real if m.ccode != by[0].ccode]
        if not others:
            return None
        nearest = min(others, key=lambda m: abs(m.start - at))
        return [by[0].ccode, nearest.ccode]
    before = [m for m in real if m.start < at]
    if noun and (not before or not re.fullmatch(r"[’'s\s\w-]{0,20}", text[before[-1].end : at])):
        return None  # "the consensus that sanctions against South Africa": whose sanctions?
    after = [m for m in real if m.start > at and (not before or m.ccode != before[-1].ccode)]
    if not before or not after:
        return None
    a, b = before[-1].ccode, after[0].ccode
    if channel == "arms" and _BUY.match(word):
        a, b = b, a
    return [a, b]
