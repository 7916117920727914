"""What a sentence asserts, as a proposition the data could test (pure: no store, no DuckDB).

:func:`proposition` takes a sentence and the state mentions the reader resolved in it and
returns a :class:`Proposition`:

- ``states``: the states it is about, in the order named (a person counts as their state; a
  capital named as a place and the first half of "Indo-Pacific" do not count; the state right
  after "than (with)" is the comparator ``than``); ``scope`` is ``pair``, ``one`` or ``group``.
  "The two countries" (nations, states, governments; "both countries") names the document's
  focal pair when the sentence names at most one of them. A sentence whose subject is "They",
  "Both" or "The two countries" and that names no state outside the pair inherits the pair
  the sentence before names jointly (``previous``, :func:`joined_pair`; ``inherited``).
- ``channel``: what it measures -- ``vetoes``, ``alliances``, ``sanctions``, ``arms``,
  ``disputes``, ``trade``, ``votes``, ``finance``, ``igos`` (cue words in
  ``data/propositions.csv``; the first in that order wins), or None -- and only when the
  sentence's grammar makes it a tie or act between the states (docs/read.md lists the checks;
  :mod:`multipolar.sources.text.acts` holds them); a channel that fails is kept in
  ``cues["topic"]``.
- ``polarity``: ``together`` / ``against`` ("vote against each other", "rarely vote
  together": against wins); ``negated``: a negation ("no", "never", "not", "-n't") in the
  sentence; ``comparison``: ``most`` ("more than most pairs") or ``fewer``.
- ``change``: ``rise`` / ``fall`` for a series (trade, arms, finance) with ``factor``
  ("doubled" 2); ``named_events``: veto, pact, agreement, vote, visit, summit, signing,
  statement; ``rank``: a rank among a state's trade partners ("Russia's largest").
- ``period``: :func:`multipolar.sources.text.periods.period_of`; ``future``: a prediction.
- ``joint``: the states joined by "and" (or listed "A, B and C") before the act.
- ``direction`` (arms, sanctions, finance): ``[from, to]`` -- supplier, sender or lender first;
  finance between China and another state with no lender named: China lends (the data hold
  China's lending only; ``cues["lender"]`` says so).

A sentence is *not a claim* (``kind`` = "not a claim", ``reason``) when it exhorts ("must",
"should", "we call": always), predicts without a year ("will only grow stronger"; "will
double by 2030" is a claim about 2030), or names no measurable channel and states a value
("shameful", "a model") or a motive ("because", "fears") -- or names no state, or one state
only. Quoted words are what someone said, not the author's prediction. A sentence with a
channel but nothing else the data test stays a claim; the checker says it cannot check it.

Rules are cue words and word order, not a parser: a negation anywhere in the sentence negates
it, and a change word in another clause still counts.
"""

from __future__ import annotations

import csv
import io
import re
from collections.abc import Sequence
from dataclasses import asdict, dataclass, field
from functools import lru_cache
from importlib import resources
from typing import Any

from multipolar.sources.text.acts import (
    Mention,
    all_joined,
    compound_prefix,
    direction,
    near,
    trade_rank,
)
from multipolar.sources.text.lexicon import combined_pattern
from multipolar.sources.text.periods import period_of

__all__ = [
    "Mention",
    "Proposition",
    "joined_pair",
    "period_of",
    "pronoun_subject",
    "proposition",
]

#: channels in the order the first found wins
CHANNELS = (
    "vetoes",
    "alliances",
    "sanctions",
    "arms",
    "disputes",
    "trade",
    "votes",
    "finance",
    "igos",
)
#: channels whose claims are about one state's acts towards another (direction matters)
DIRECTED = ("arms", "sanctions", "finance")
#: China (COW 710): the one lender the finance channel measures (AidData)
CHINA = 710
#: the permanent members of the Security Council (COW codes), the only states that veto
P5 = (2, 200, 220, 365, 710)
_VETO_TOPIC = re.compile(
    r"\b(?:the|a|of|right to|use of the|power of)\s+veto\b(?!ed)|\bveto (?:power|privilege|right)",
    re.I,
)
#: the reasons a sentence is not a claim, in order of precedence (exhortation first)
NOT_REASONS = ("exhortation", "value", "prediction", "motive")
#: named periods (first year)
_PAIR_WORDS = re.compile(
    r"\b(both (?:nations|countries|states|governments)|the two (?:nations|countries|states|"
    r"governments|neighbou?rs))\b",
    re.I,
)  # not "the two sides" or "each other": in speeches they are blocs, parties, anyone
#: a sentence whose subject is a pronoun for two states ("They have interests in commerce",
#: "In addition, both countries ..."): it may inherit the previous sentence's pair
_PRONOUN_SUBJECT = re.compile(
    r"^(?:[A-Z]\w*(?: \w+){0,2},\s+)?(?:they|both(?: of them| (?:nations|countries|states|"
    r"governments))?|the two (?:nations|countries|states|governments))\b(?! of\b)",
    re.I,
)
#: two states named jointly as one subject ("Beijing and Moscow are ...")
_JOINED = re.compile(r"\s*,?\s*(?:and|&)\s*(?:the\s+)?", re.I)


@dataclass
class Proposition:
    """What a sentence asserts (see the module docstring)."""

    kind: str
    reason: str | None = None
    states: list[int] = field(default_factory=list)
    scope: str | None = None
    channel: str | None = None
    polarity: str | None = None
    negated: bool = False
    comparison: str | None = None
    than: int | None = None
    change: str | None = None
    #: the size of a claimed rise ("doubled" 2, "tripled" 3)
    factor: float | None = None
    named_events: list[str] = field(default_factory=list)
    period: dict[str, Any] | None = None
    future: bool = False
    direction: list[int] | None = None
    joint: bool = False
    #: a rank claimed among a state's trade partners: {"rank", "at_most", "of", "partner"}
    rank: dict[str, Any] | None = None
    #: the pair was inherited from the previous sentence ("They ...": :func:`joined_pair`)
    inherited: bool = False
    cues: dict[str, list[str]] = field(default_factory=dict)

    def to_dict(self) -> dict[str, Any]:
        return asdict(self)


@dataclass(frozen=True)
class _Cues:
    groups: dict[str, tuple[re.Pattern[str], dict[str, str]]]


@lru_cache(maxsize=1)
def cues() -> _Cues:
    """The cue words of ``data/propositions.csv``, one regex per kind."""
    text = resources.files("multipolar.sources.text").joinpath("data/propositions.csv")
    rows = [
        r
        for r in csv.DictReader(
            io.StringIO(
                "".join(
                    line
                    for line in text.read_text("utf-8").splitlines(keepends=True)
                    if not line.startswith("#")
                )
            )
        )
    ]
    by_kind: dict[str, dict[str, list[str]]] = {}
    for r in rows:
        by_kind.setdefault(r["kind"], {}).setdefault(r["value"], []).append(r["cue"])
    return _Cues({k: combined_pattern(v) for k, v in by_kind.items()})


def _found(kind: str, text: str) -> list[tuple[str, str, int]]:
    """(value, matched text, offset) of every cue of ``kind`` in ``text``."""
    rx, names = cues().groups[kind]
    return [(names[m.lastgroup], m.group(0), m.start()) for m in rx.finditer(text) if m.lastgroup]


_QUOTED = re.compile(r"[“\"][^”\"]*[”\"]")
_SAYS = re.compile(r"\b(told|said|says|stated|declared|announced|stressed|according to)\b", re.I)


def _states(text: str, mentions: Sequence[Mention]) -> tuple[list[int], int | None]:
    """The states named in order, and the comparator after "than (with)"."""
    than = None
    m = re.search(r"\bthan(?:\s+with|\s+to|\s+for)?\b", text, re.I)
    out: list[int] = []
    for mm in sorted(mentions, key=lambda x: x.start):
        if mm.place or compound_prefix(text, mm, mentions):
            continue
        if (
            m is not None
            and 0 <= mm.start - m.end() <= 6  # "than (with) the United States", not "than 10
            and than is None  # billion dollars to Venezuela"
            and mm.ccode not in out
        ):
            than = mm.ccode
            continue
        if mm.ccode not in out and mm.ccode != than:
            out.append(mm.ccode)
    return out, than


def pronoun_subject(text: str) -> bool:
    """Whether the sentence's subject is "They", "Both" (countries, nations, of them) or "The
    two countries" (nations, states, governments), after at most a short opening ("In
    addition, they ...").

    >>> pronoun_subject("In addition, they trade more."), pronoun_subject("Both of these fell.")
    (True, False)
    """
    return bool(_PRONOUN_SUBJECT.match(text.lstrip()))


def joined_pair(text: str, mentions: Sequence[Mention]) -> list[int]:
    """The two states a sentence names jointly, "A and B" (or "A & B"), when it names exactly
    two: the pair a next sentence's "They" / "Both" / "The two countries" stands for; else [].

    >>> joined_pair("Beijing and Moscow are closely linked.", [Mention(710, 0, 7),
    ...             Mention(365, 12, 18)])
    [710, 365]
    >>> joined_pair("Initiatives characterise Sino-Russian exchanges.", [Mention(710, 25, 29),
    ...             Mention(365, 30, 38)])
    []
    """
    states, than = _states(text, mentions)
    if len(states) != 2 or than is not None:
        return []
    real = sorted(
        (x for x in mentions if not x.place and not compound_prefix(text, x, mentions)),
        key=lambda x: x.start,
    )
    a = next(x for x in real if x.ccode == states[0])
    b = next(x for x in real if x.ccode == states[1])
    return states if _JOINED.fullmatch(text[a.end : b.start]) else []


def proposition(
    text: str,
    mentions: Sequence[Mention],
    *,
    pair: Sequence[int] = (),
    year: int | None = None,
    previous: Sequence[int] = (),
) -> Proposition:
    """What ``text`` asserts (see the module docstring).

    ``mentions`` are the resolved state mentions in the sentence; ``pair`` the document's
    focal pair (named by "the two countries"); ``year`` the document's year; ``previous`` the
    pair the sentence before it (same paragraph) names jointly (:func:`joined_pair`), which a
    sentence whose subject is "They", "Both" or "The two countries" and that names no other
    state inherits (``inherited``).

    >>> p = proposition(
    ...     "China and Russia vote against each other more often than most pairs.",
    ...     [Mention(710, 0, 5), Mention(365, 10, 16)],
    ... )
    >>> (p.kind, p.channel, p.polarity, p.comparison, p.states)
    ('claim', 'votes', 'against', 'most', [710, 365])
    >>> proposition("Moscow courts Beijing because it fears isolation.",
    ...             [Mention(365, 0, 6), Mention(710, 14, 21)]).reason
    'motive'
    """
    found = {k: _found(k, text) for k in cues().groups}
    bare = _QUOTED.sub(" ", text)  # a quoted promise is what someone said, not a prediction
    reported = bare != text and bool(_SAYS.search(bare))
    found["not"] = _found("not", bare)
    if reported:
        found["event"].append(("statement", "said", 0))
    matched = {k: sorted({t.lower() for _, t, _ in v}) for k, v in found.items() if v}
    states, than = _states(text, mentions)
    inherited = False
    if (
        len(states) < 2
        and len(previous) == 2
        and set(states) <= set(previous)
        and pronoun_subject(text)
    ):
        states, inherited = list(previous), True
    if len(states) < 2 and len(pair) == 2 and _PAIR_WORDS.search(text):
        states = list(dict.fromkeys([*states, *pair]))[:2] if set(states) <= set(pair) else states
    found["channel"] = [
        f for f in found["channel"] if not (f[1][:1].isupper() and f[2] > 0 and f[1] != "UN")
    ]  # "the Alliance of Small Island States", "the ... Trade and Economic Cooperation
    # Agreement": a capitalised cue inside a sentence is a name, not the thing
    found["channel"] = [
        f
        for f in found["channel"]
        if f[1].lower() not in ("allies", "allied")
        or re.search(
            r"\b(?:are|were|is|was|been|remain|remained|became|become)\s+(?:\w+\s+)?$",
            text[: f[2]],
            re.I,
        )
        or re.match(r"\s+(?:with|of)\b", text[f[2] + len(f[1]) :], re.I)
    ]  # "are allies", "have been allies", "allied with" assert a tie; "their Western allies",
    # "the allied States" do not
    if not found["channel"]:  # "on the economic front", "economic ties": trade, if nothing else
        found["channel"] = list(found["economic"])
    chans = {v for v, _, _ in found["channel"]}
    if "votes" in chans and not any(v == "votes" for v, _, _ in found["context"]):
        chans.discard("votes")  # "side by side with memories of Rome": no vote, no UN
    acts = {v for v, _, _ in found["act"]}
    topic_only = sorted(c for c in chans if c in DIRECTED and c not in acts)
    chans -= set(topic_only)  # "expertise about sanctions" names sanctions, imposes none
    if "votes" in chans and not (found["polarity"] or found["comparison"] or found["alignment"]):
        chans.discard("votes")  # "a majority votes for lifting the blockade": not how A and B vote
        topic_only.append("votes")
    channel = next((c for c in CHANNELS if c in chans), None)
    nots = {v for v, _, _ in found["not"]}
    prop = Proposition(kind="claim", states=states, channel=channel, cues=matched, than=than)
    prop.inherited = inherited
    prop.scope = "pair" if len(states) == 2 else "one" if len(states) == 1 else "group"
    if not states:
        prop.scope = None
    prop.period = period_of(text, year)
    prop.future = "prediction" in nots or bool(
        prop.period and prop.period["to"] is not None and year and prop.period["to"] > year
    )
    prop.named_events = sorted({v for v, _, _ in found["event"]})
    if "exhortation" in nots:
        return _not(prop, "exhortation")
    if not states:
        return _not(prop, "no state")
    if channel is None:
        reason = next((r for r in NOT_REASONS if r in nots), None)
        if reason is not None:
            return _not(prop, reason)
    has_year = bool(prop.period and (prop.period["from"] or prop.period["to"]))
    if "prediction" in nots and not has_year:
        return _not(prop, "prediction without a measure")
    if channel is None and topic_only:
        prop.cues["topic"] = topic_only
    if prop.scope == "one" and prop.than is None:
        return _not(prop, "one state, no pair")
    prop.negated = bool(found["negation"])
    pol = {v for v, _, _ in found["polarity"]}
    if channel == "votes" or (channel is None and pol):
        prop.polarity = "against" if "against" in pol else "together"
    comp = {v for v, _, _ in found["comparison"]}
    prop.comparison = "fewer" if "fewer" in comp else "most" if "most" in comp else None
    ch = [v for v, _, _ in found["change"]]
    if channel == "votes":  # "have moved closer at the UN": the pair's kappa over the years
        ch = [v for v, _, _ in found["alignment"]]
    if ch and channel in (None, "votes", "trade", "arms", "finance"):  # a series that can move
        prop.change = ch[0]
        size = re.search(r"\b(doubl|tripl|quadrupl)\w*", text, re.I)
        if size and prop.change == "rise":
            prop.factor = {"doubl": 2.0, "tripl": 3.0, "quadrupl": 4.0}[size.group(1).lower()]
    real = sorted(
        (x for x in mentions if not x.place and not compound_prefix(text, x, mentions)),
        key=lambda x: x.start,
    )
    first = {c: next((x for x in real if x.ccode == c), None) for c in states[:2]}
    ma = first.get(states[0]) if states else None
    mb = first.get(states[1]) if len(states) > 1 else None
    demote = None
    if ma is not None and mb is not None and channel is not None:
        lo_m, hi_m = (ma, mb) if ma.start < mb.start else (mb, ma)
        cue_at = min(o for v, _, o in found["channel"] if v == channel)
        joined = re.fullmatch(
            r"\s*,?\s*(?:and|&|as well as)\s*(?:the\s+)?", text[lo_m.end : hi_m.start], re.I
        )
        listed = len(states) >= 3 and all_joined(text, real, states)  # "A, B and C"
        prop.joint = (bool(joined) or listed) and cue_at > max(
            x.start for x in real if x.ccode in states
        )
        middle = text[lo_m.end : hi_m.start]
        if channel == "votes" and not (
            prop.joint
            or re.search(r"\b(vot\w*|sid\w*|align\w*) with\b", middle, re.I)
            or (prop.change and re.search(r"\b(closer to|away from)\s+(?:the\s+)?$", middle, re.I))
        ):  # "141 nations came together to condemn Russia's war": not how the two vote;
            # "Turkey has moved closer to Russia at the UN" is how the two vote
            demote = "votes"
        if channel == "trade" and not near(
            real, states[:2], [o for v, _, o in found["channel"] if v == "trade"]
        ):  # the trade named far from one of the two is someone else's trade
            demote = "trade"
        if channel == "trade" and any(
            lo_m.start > o + len(t)
            and re.match(r"\s+with\s+(?:the\s+)?$", text[o + len(t) : lo_m.start], re.I)
            and re.fullmatch(r"\s*,?\s*(?:and\s+)?(?:the\s+)?", middle, re.I)
            for v, t, o in found["channel"]
            if v == "trade"
        ):  # "we maintained commercial relations with Japan, the Republic of Korea": the
            # speaker's trade with each, not theirs with each other
            demote = "trade"
        if channel == "alliances" and not (
            prop.joint
            or (joined and re.search(r"\bbetween\s*$", text[: lo_m.start], re.I))
            or re.fullmatch(
                r"\s*(?:is|are|was|were|remains?|became|has been)\s+(?:an?\s+|the\s+)?"
                r"(?:\w+\s+)?(?:ally|allies|allied)\s+(?:of|with)\s+(?:the\s+)?",
                middle,
                re.I,
            )
        ):  # "the defensive alliance declared ...", "its allies": not a tie between the two
            demote = "alliances"
    elif len(states) == 2 and channel is not None:  # "the two countries": the pair acts jointly
        prop.joint = True
        if channel in DIRECTED:
            demote = channel
    elif channel in ("votes", "alliances", *DIRECTED):
        demote = channel
    if channel == "vetoes" and demote is None:
        vetoers = [c for c in states[:2] if c in P5]
        verbal = re.search(
            r"\bvetoe?(?:d|ing|es)\b|\bcast\w* (?:a |their |its )?(?:joint )?veto", text, re.I
        )
        if not verbal and _VETO_TOPIC.search(text):
            demote = "vetoes"  # "the use of the veto", "the veto privilege": the institution
        elif len(vetoers) < (2 if prop.joint else 1) or (not prop.joint and states[0] not in P5):
            demote = "vetoes"  # only the five permanent members veto
    if channel in DIRECTED and len(states) >= 2:
        who = direction(text, channel, found, real)
        if who is None and channel == "finance" and len(states) == 2 and CHINA in states:
            # "multimillion-dollar initiatives characterise Sino-Russian exchanges": no lender
            # named; the finance data hold China's official finance only, so China lends
            who = [CHINA, next(c for c in states if c != CHINA)]
            prop.cues["lender"] = ["China (none named; the data hold China's lending only)"]
            if demote == channel:
                demote = None
        if who is None:
            demote = channel
        else:
            prop.direction = who
            states = prop.states = list(who)  # the pair the act is between
            prop.scope = "pair"
    if channel == "trade":
        prop.rank = trade_rank(text, real, states)
    if (
        len(states) >= 3
        and channel is not None
        and channel not in DIRECTED
        and not all_joined(text, real, states)
    ):
        demote = channel  # several states, not named together: no pair or group the act is about
    if channel == "sanctions" and demote is None and prop.period is None and year is not None:
        past = [
            o
            for v, t, o in found["act"]
            if v == "sanctions"
            and re.fullmatch(r"imposed|slapped|levied|placed", t, re.I)
            and not re.search(r"\b(?:sanctions|embargo\w*|blockade)\s+(?:\w+\s+)?$", text[:o], re.I)
            and not re.match(r"\s+by\b", text[o + len(t) :], re.I)
        ]  # a finite verb, not "the embargo imposed by"
        if past and not re.search(r"\b(?:has|have|had)\s+(?:\w+\s+)?$", text[: past[0]], re.I):
            # "The United States and the EU imposed sanctions against Russia" in a 2014 speech:
            # a simple past with no year tells of the recent past, not of any year
            prop.period = {"from": year - 1, "to": year, "text": "recently (simple past)"}
    if demote is not None:
        channel = prop.channel = None
        prop.polarity = None
        prop.direction = None
        prop.cues["topic"] = [demote]
    return prop


def _not(prop: Proposition, reason: str) -> Proposition:
    if reason == "prediction":
        reason = "prediction without a measure"
    prop.kind = "not a claim"
    prop.reason = reason
    return prop
