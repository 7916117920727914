"""A dictionary event coder in the tradition of TABARI and PETRARCH, over a regex tokenizer.

For each sentence (:mod:`.segment`):

1. **Actors.** The longest phrase of the lexicon at each token (every word that is not a
   function word capitalised in the text), resolved at the document's date through the
   phrase's dated codes (``[CHNGOV >20121115]``) and the state registry; parts of hyphenated
   words ("Sino-Russian", "US-led"); a state followed by an agent ("Chinese Foreign Ministry"
   -> ``CHNGOV``); a person named after a state and a title ("Chinese ... Foreign Minister
   Wang Yi") is learned for the rest of the document, and "his Russian counterpart" is Russia.
2. **Events.** At most one per clause, between the clause's subject and its object
   (:mod:`.clauses` cuts the sentence, :mod:`.roles` finds the verb, the roles, the code, the
   PLOVER category and the confidence); a question states none. Each event carries the
   document's sha256 and :data:`CODER_VERSION`.
3. **Dates.** "in September" in a text dated 2022-11-03 is 2022-09 (the latest such month not
   after the text's date); "September 2021", "5 May 2019" and "in 2019" are taken as written.

Everything here is pure: the lexicon and the state registry come in as arguments.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import re
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

from multipolar.sources.text.lexicon import FUNCTION_WORDS, Lexicon
from multipolar.sources.text.roles import category, clause_events
from multipolar.sources.text.segment import tokens as _tokens

#: titles that may stand between a state and a person's name ("Chinese State Councillor ...")
TITLE_WORDS = frozenset(
    [
        "STATE",
        "COUNCILLOR",
        "COUNCILOR",
        "COUNSELLOR",
        "CHAIRMAN",
        "CHAIRWOMAN",
        "CHAIR",
        "SPEAKER",
        "SPOKESMAN",
        "SPOKESWOMAN",
        "SPOKESPERSON",
        "ENVOY",
        "AMBASSADOR",
        "SECRETARY",
        "DEPUTY",
        "VICE",
        "FIRST",
        "FOREIGN",
        "DEFENCE",
        "DEFENSE",
        "MINISTER",
        "PRESIDENT",
        "PREMIER",
        "PRIME",
        "CHANCELLOR",
        "GENERAL",
        "ADMIRAL",
        "SENATOR",
        "KING",
        "QUEEN",
        "PRINCE",
        "EMIR",
        "SHEIKH",
        "LEADER",
        "HEAD",
        "CHIEF",
        "COMMANDER",
        "AND",
        "OF",
        "THE",
    ]
)
#: the coder's version, written with every exported event (docs/read.md, "The events file")
CODER_VERSION = "clause-1"
#: events at least this confident are written to ``--events-out`` (roles.py: the rule)
EXPORT_CONFIDENCE = 0.7
_CAPITAL = re.compile(r"(?<![\w-])(?P<the>[Tt]he\s+)?((?:[A-Z]\.){2,}|[A-Z][\w-]*)")
_WORD = re.compile(r"[^\W_]+")
_CLAUSE_END = frozenset(";:—–")
_MONTHS = {
    m: i + 1
    for i, m in enumerate(
        [
            "january",
            "february",
            "march",
            "april",
            "may",
            "june",
            "july",
            "august",
            "september",
            "october",
            "november",
            "december",
        ]
    )
}
_DATE = re.compile(
    r"\b(?:(?P<day>\d{1,2})\s+)?(?P<month>January|February|March|April|May|June|July|August|"
    r"September|October|November|December)(?:\s+(?P<day2>\d{1,2}))?(?:,?\s+(?P<year>(?:19|20)\d\d))?\b"
    r"|\b(?:in|since|during|by)\s+(?P<yearonly>(?:19|20)\d\d)\b"
)
_SPEECH = frozenset(
    [
        "SAID",
        "SAYS",
        "SAY",
        "TOLD",
        "TELLS",
        "STATED",
        "STRESSED",
        "ADDED",
        "NOTED",
        "DECLARED",
        "WARNED",
        "URGED",
        "PLEDGED",
        "PROMISED",
        "ANNOUNCED",
        "INSISTED",
        "WROTE",
        "REMARKED",
        "EMPHASIZED",
        "EMPHASISED",
        "ASSURED",
        "ASSERTED",
        "AFFIRMED",
        "REAFFIRMED",
    ]
)
_ADDRESS = frozenset(["TOLD", "TELLS", "ASSURED", "URGED", "WARNED"])


@dataclass(frozen=True)
class Actor:
    """A resolved actor: ``kind`` is state, igo, bloc, person, region or other."""

    id: str
    kind: str
    name: str
    code: str
    ccode: int | None

    def as_dict(self) -> dict[str, Any]:
        return {
            "id": self.id,
            "kind": self.kind,
            "name": self.name,
            "code": self.code,
            "ccode": self.ccode,
        }


@dataclass
class Mention:
    """An actor named in the text: token range, character span, the actor, the words used."""

    t0: int
    t1: int
    start: int
    end: int
    actor: Actor
    text: str


@dataclass
class Sentence:
    """One coded sentence: its span, mentions, events, quotes and claim cues."""

    index: int
    start: int
    end: int
    text: str
    mentions: list[Mention] = field(default_factory=list)
    events: list[dict[str, Any]] = field(default_factory=list)
    date: tuple[dt.date, str] | None = None
    words: int = 0


class Resolver:
    """Resolves lexicon entries to :class:`Actor` at a date through the state registry."""

    def __init__(self, lex: Lexicon, states: Any, date: dt.date | None) -> None:
        self.lex = lex
        self.states = states
        self.date = date
        self.year = date.year if date else None
        self._cache: dict[int, Actor | None] = {}
        self._codes: dict[str, Actor | None] = {}

    def entry(self, idx: int) -> Actor | None:
        if idx not in self._cache:
            self._cache[idx] = self._entry(idx)
        return self._cache[idx]

    def _entry(self, idx: int) -> Actor | None:
        e = self.lex.entries[idx]
        codes = e.codes
        code = None
        if self.date is not None:
            live = [c for c, lo, hi in codes if lo <= self.date <= hi]
            code = live[0] if live else None
        if code is None:
            open_ = [c for c, lo, hi in codes if lo == dt.date.min and hi == dt.date.max]
            code = open_[0] if open_ else max(codes, key=lambda c: c[2])[0]
        base = self.code(code)
        if base is None:
            return None
        if e.person:
            return Actor(f"person:{e.label}", "person", e.label, code, base.ccode)
        if e.origin == "gazetteer" and base.kind in ("igo", "bloc"):
            return Actor(base.id, base.kind, e.label, base.code, None)
        return base

    def code(self, code: str) -> Actor | None:
        """The actor a CAMEO actor code names (its country or organisation)."""
        if code in self._codes:
            return self._codes[code]
        out: Actor | None
        if code.startswith("#"):
            out = self._state(int(code[1:]), code)
        elif code.startswith("IGO"):
            label = _IGO_LABELS.get(code[:9]) or _IGO_LABELS.get(code[:6]) or code
            out = Actor(f"igo:{code[:9]}", "igo", label, code, None)
        elif code[:3] in _BLOCS:
            out = Actor(f"bloc:{code[:3]}", "bloc", _BLOCS[code[:3]], code, None)
        else:
            iso = code[:3]
            cc: int | None = _SPECIAL.get(iso)
            if cc is None:
                st = self.states.from_iso3(iso, self.year)
                if st is None:
                    st = self.states.from_iso3(iso, None)
                cc = st.ccode if st is not None else None
            out = (
                self._state(cc, code)
                if cc is not None
                else Actor(f"region:{iso}", "region", iso, code, None)
            )
        self._codes[code] = out
        return out

    def _state(self, cc: int, code: str) -> Actor:
        try:
            name = self.states.name_in(cc, self.year)
        except Exception:  # a code the registry lacks
            name = str(cc)
        iso = (
            self.states.registry().states[cc].iso3 if cc in self.states.registry().states else None
        )
        return Actor(f"state:{cc}", "state", name, iso or code[:3], cc)


_IGO_LABELS = {
    "IGOWSTNAT": "NATO",
    "IGOEUREEC": "European Union",
    "IGOSEAASN": "ASEAN",
    "IGOUNO": "United Nations",
    "IGOBRICS": "BRICS",
    "IGOSCO": "Shanghai Cooperation Organisation",
    "IGOCSTO": "CSTO",
    "IGOEAEU": "Eurasian Economic Union",
    "IGOAFRAU": "African Union",
    "IGOG7": "G7",
    "IGOG20": "G20",
    "IGOAUKUS": "AUKUS",
}
_BLOCS = {"WST": "the West", "GSO": "the Global South"}
#: historic codes (ISO 3166-3) the registry does not resolve: the Soviet Union, Yugoslavia,
#: Czechoslovakia, East Germany, South Yemen
_SPECIAL = {"USR": 365, "SUN": 365, "YUG": 345, "CSK": 315, "DDR": 265, "YMD": 680}


def event_id(doc_sha: str, sentence: int, k: int) -> str:
    """A stable, unique event id: the first 16 hex digits of sha256(document sha256, sentence, k).

    >>> eid = event_id("ab" * 32, 3, 0)
    >>> eid.startswith("txt-"), len(eid), eid == event_id("ab" * 32, 3, 0) != event_id("ab" * 32, 3, 1)
    (True, 20, True)
    """
    digest = hashlib.sha256(f"{doc_sha}:{sentence}:{k}".encode()).hexdigest()[:16]
    return f"txt-{digest}"


def sentence_date(text: str, doc_date: dt.date | None) -> tuple[dt.date, str] | None:
    """The date a sentence gives, as ``(date, precision)`` with precision ``day``/``month``/``year``.

    >>> sentence_date("Li went to Russia in September.", dt.date(2022, 11, 3))
    (datetime.date(2022, 9, 1), 'month')
    >>> sentence_date("in December", dt.date(2022, 11, 3))
    (datetime.date(2021, 12, 1), 'month')
    >>> sentence_date("on 5 May 2019", None), sentence_date("in 2019 they met", None)
    ((datetime.date(2019, 5, 5), 'day'), (datetime.date(2019, 1, 1), 'year'))
    """
    for m in _DATE.finditer(text):
        if m.group("yearonly"):
            return dt.date(int(m.group("yearonly")), 1, 1), "year"
        month = _MONTHS[m.group("month").lower()]
        if m.group("month") == "May" and not (m.group("day") or m.group("day2") or m.group("year")):
            continue  # "may" the verb, capitalised at the start of a sentence
        day_txt = m.group("day") or m.group("day2")
        if m.group("year"):
            year = int(m.group("year"))
        elif doc_date is not None:
            year = doc_date.year if month <= doc_date.month else doc_date.year - 1
        else:
            continue
        try:
            if day_txt:
                return dt.date(year, month, int(day_txt)), "day"
        except ValueError:
            pass
        return dt.date(year, month, 1), "month"
    return None


class Coder:
    """Codes the sentences of one document; keeps what it learned (people) across sentences."""

    def __init__(
        self,
        lex: Lexicon,
        states: Any,
        *,
        date: dt.date | None = None,
        doc_sha: str = "",
        cameo: Callable[[str], tuple[int, float] | None] | None = None,
        speaker: int | None = None,
    ) -> None:
        self.lex = lex
        self.resolver = Resolver(lex, states, date)
        shared = _RESOLVED.setdefault((id(lex), id(states), date), ({}, {}))
        self.resolver._cache, self.resolver._codes = shared
        self.date = date
        self.doc_sha = doc_sha
        self.cameo = cameo
        self.learned: dict[tuple[str, ...], Actor] = {}
        self.surnames: dict[str, Actor] = {}
        self._learned_first: dict[str, list[tuple[tuple[str, ...], Actor]]] = {}
        self._agent_words = _agent_words(lex)
        self.last_person: Mention | None = None
        #: the speaking state of a speech: "we", "I", "my country" before a verb are its actor
        self.speaker: Actor | None = (
            self.resolver.code(f"#{speaker}") if speaker is not None else None
        )
        self._stems: list[str] = []

    # --- actors ------------------------------------------------------------------------
    def mentions(self, toks: list[tuple[str, int, int]], keys: list[str]) -> list[Mention]:
        lex = self.lex
        out: list[Mention] = []
        n = len(keys)
        i = 0
        while i < n:
            key = keys[i]
            tok = toks[i][0]
            found: tuple[int, Actor] | None = None
            if key in FUNCTION_WORDS and i + 1 < n:
                found = self._phrase_at(lex, f"{key} {keys[i + 1]}", keys, toks, i)
            if found is None and tok[:1].isupper():
                for phrase, actor in self._learned_at(keys, i):
                    found = (len(phrase), actor)
                    break
                if found is None and key in self.surnames and key not in lex.actors:
                    found = (1, self.surnames[key])
                if found is None and key not in FUNCTION_WORDS:
                    found = self._phrase_at(lex, key, keys, toks, i)
                if found is None and key.endswith("S") and len(key) > 4:
                    for phrase, idx in lex.actors.get(key[:-1], ()):
                        if len(phrase) == 1:
                            cand = self.resolver.entry(idx)
                            if cand is not None and cand.kind == "state":
                                found = (1, cand)
                                break
                if found is None and "-" in key:
                    out += self._hyphenated(toks, i)
            if found is not None:
                m, actor = found
                j = i + m
                if actor.kind == "state":
                    j, actor = self._agent(keys, j, actor)
                    person = self._person_cue(toks, keys, j)
                    if person is not None:
                        p0, p1, name = person
                        pa = Actor(f"person:{name}", "person", name, actor.code, actor.ccode)
                        self._learn(name, pa)
                        out.append(
                            Mention(i, j, toks[i][1], toks[j - 1][2], actor, _span(toks, i, j))
                        )
                        out.append(Mention(p0, p1, toks[p0][1], toks[p1 - 1][2], pa, name))
                        i = p1
                        continue
                    if j < n and keys[j] in ("COUNTERPART", "COUNTERPARTS"):
                        j += 1
                out.append(Mention(i, j, toks[i][1], toks[j - 1][2], actor, _span(toks, i, j)))
                i = j
                continue
            i += 1
        return out

    def _learned_at(self, keys: list[str], i: int) -> list[tuple[tuple[str, ...], Actor]]:
        if keys[i] not in self._learned_first:
            return []
        hits = [(p, a) for p, a in self._learned_first[keys[i]] if tuple(keys[i : i + len(p)]) == p]
        return sorted(hits, key=lambda t: -len(t[0]))

    def _learn(self, name: str, actor: Actor) -> None:
        words = tuple(w.upper() for w in name.split())
        self.learned[words] = actor
        self._learned_first.setdefault(words[0], []).append((words, actor))
        if len(words) >= 2:
            self.surnames.setdefault(words[0], actor)  # Chinese order: family name first
            self.surnames.setdefault(words[-1], actor)

    def _phrase_at(
        self,
        lex: Lexicon,
        lookup: str,
        keys: list[str],
        toks: list[tuple[str, int, int]],
        i: int,
    ) -> tuple[int, Actor] | None:
        """The first dictionary actor filed under ``lookup`` whose phrase starts at token ``i``
        and is written as a proper name: ``(its length in tokens, the actor)``, or None."""
        for phrase, idx in lex.actors.get(lookup, ()):
            m = len(phrase)
            if tuple(keys[i : i + m]) == phrase and self._proper(toks, i, m):
                actor = self.resolver.entry(idx)
                if actor is not None:
                    return m, actor
        return None

    def _proper(self, toks: list[tuple[str, int, int]], i: int, m: int) -> bool:
        for k in range(i, i + m):
            w = toks[k][0]
            if w.upper().replace("’", "'") in FUNCTION_WORDS:  # "People’s" as "People's"
                continue
            if not w[:1].isupper() and not w[:1].isdigit():
                return False
        return True

    def _hyphenated(self, toks: list[tuple[str, int, int]], i: int) -> list[Mention]:
        tok, start, _ = toks[i]
        out = []
        pos = 0
        for part in re.split(r"[-‐]", tok):
            p_start = start + tok.index(part, pos)
            pos = tok.index(part, pos) + len(part)
            key = part.upper()
            actor = None
            if key in self.lex.prefixes:
                actor = self.resolver.code(self.lex.prefixes[key])
            elif part[:1].isupper():
                for phrase, idx in self.lex.actors.get(key, ()):
                    if len(phrase) == 1:
                        actor = self.resolver.entry(idx)
                        break
            if actor is not None:
                out.append(Mention(i, i + 1, p_start, p_start + len(part), actor, part))
        if len(out) == 1 and out[0].text.upper() in self.lex.paired_prefixes:
            return []  # "Indo-Pacific", "Anglo-Saxon": the prefix alone names no state
        return out

    def _agent(self, keys: list[str], j: int, actor: Actor) -> tuple[int, Actor]:
        if j >= len(keys):
            return j, actor
        for phrase, agent in self.lex.agents.get(keys[j], ()):
            if tuple(keys[j : j + len(phrase)]) == phrase:
                return j + len(phrase), Actor(
                    actor.id, actor.kind, actor.name, (actor.code or "")[:3] + agent, actor.ccode
                )
        return j, actor

    def _person_cue(
        self, toks: list[tuple[str, int, int]], keys: list[str], j: int
    ) -> tuple[int, int, str] | None:
        """After "Chinese [titles]": the capitalised name that ends the title run, if any."""
        k = j
        titled = False
        n = len(keys)
        while k < n and k < j + 8:
            w = toks[k][0]
            if keys[k] in self._agent_words and (w[:1].isupper() or keys[k] == "AND"):
                titled = titled or keys[k] not in ("AND", "OF", "THE")
                k += 1
                continue
            break
        if not titled and k == j:
            # "Foreign Minister" may have been absorbed into the actor already
            titled = j > 0 and keys[j - 1] in self._agent_words
        if not titled:
            return None
        p0 = k
        while k < n and k < p0 + 3:
            w = toks[k][0]
            if (
                w[:1].isupper()
                and w.isalpha()
                and keys[k] not in self._agent_words
                and keys[k] not in FUNCTION_WORDS
                and keys[k] not in self.lex.actors
            ):
                k += 1
                continue
            break
        if k - p0 >= 2:  # a name of two or three words ("Wang Yi", "Raychelle Omamo")
            return p0, k, " ".join(t[0] for t in toks[p0:k])
        return None

    # --- events ------------------------------------------------------------------------
    def _may_name(self, text: str) -> bool:
        """Whether any capitalised word of ``text`` can begin an actor (a cheap first pass)."""
        lex = self.lex
        for m in _CAPITAL.finditer(text):
            w = m.group(2).upper().replace("’", "'")
            if m.group("the") and f"THE {w.split('-')[0].rstrip('.')}" in lex.actors:
                return True
            for part in w.split("-"):
                part = part.replace(".", "")
                if part in lex.actors or part in lex.prefixes or part in self.surnames:
                    return True
                if part.endswith("S") and part[:-1] in lex.actors:
                    return True
        return False

    def code_sentence(self, s: Sentence) -> None:
        """Fill ``s.mentions``, ``s.events`` and ``s.date``."""
        s.words = len(_WORD.findall(s.text))
        if not self._may_name(s.text):
            return
        toks = _tokens(s.text, s.start)
        keys = [
            t[0].upper().replace("’", "'").replace(".", "") if len(t[0]) > 1 else t[0] for t in toks
        ]
        cache = _STEMS
        self._stems = [cache.get(k) or cache.setdefault(k, stem(k)) for k in keys]
        s.mentions = self.mentions(toks, keys)
        if not s.mentions:
            return
        for m in s.mentions:  # the words as written ("Chinese Foreign Ministry", "Moscow’s")
            m.text = s.text[m.start - s.start : m.end - s.start]
        people = [m for m in s.mentions if m.actor.kind == "person"]
        if people:
            self.last_person = people[0]
        s.date = sentence_date(s.text, self.date)
        by_token: dict[int, Mention] = {}
        for m in s.mentions:
            for t in range(m.t0, m.t1):
                by_token.setdefault(t, m)
        cands = [] if s.text.rstrip().endswith("?") else clause_events(self, toks, keys, by_token)
        if people:
            self.last_person = people[-1]
        k = 0
        for cand in cands:
            pairs: list[tuple[Mention, Mention | None]] = []
            if cand.targets:
                pairs = [
                    (a, b) for a in cand.sources for b in cand.targets if a.actor.id != b.actor.id
                ]
            else:  # reciprocal: "Moscow and Beijing agreed to ..."
                pairs = [
                    (a, b) for a in cand.sources for b in cand.sources if a.actor.id != b.actor.id
                ]
            for src, tgt in pairs:
                ev = self._event(s, cand.code, toks, cand.t0, cand.t1, src, tgt, k)
                ev["confidence"] = cand.confidence
                ev["clause"] = cand.clause
                s.events.append(ev)
                k += 1

    def _verb_code(
        self, keys: list[str], i: int, cands: list[tuple[tuple[str, ...], int, str | None]]
    ) -> tuple[str, int] | None:
        """The code of the verb at ``i``: its block's, or that of the longest of the block's
        patterns whose words follow (and precede) it in order; and the token after the verb's
        own words."""
        best: tuple[int, str, int] | None = None  # (score, code, end token)
        for rest, block, own in cands:
            m = len(rest)
            if m and tuple(keys[i + 1 : i + 1 + m]) != rest:
                continue
            _, base, first, bare = self.lex.blocks[block]
            code = own or base
            score = 0
            lo = i + 1 + m
            hi = self._clause_end(keys, lo, 12)
            stems = self._stems
            seen: set[int] = set()
            cand_patterns = list(bare)
            for k in range(lo, min(hi, lo + 4)):
                for p in first.get(stems[k], ()):
                    if id(p) not in seen:
                        seen.add(id(p))
                        cand_patterns.append(p)
            for p in cand_patterns:
                sc = len(p.after) + len(p.before)
                if sc <= score:
                    continue
                if _in_order(p.after, stems, lo, hi) and _in_order(
                    p.before, stems, max(0, i - len(p.before) - 2), i
                ):
                    score, code = sc, p.code
            if code is not None and (best is None or score > best[0]):
                best = (score, code, i + 1 + m)
        if best is None:
            return None
        return best[1], best[2]

    @staticmethod
    def _clause_end(keys: list[str], lo: int, width: int) -> int:
        hi = min(len(keys), lo + width)
        for k in range(lo, hi):
            if keys[k] in _CLAUSE_END:
                return k
        return hi

    def _event(
        self,
        s: Sentence,
        code: str,
        toks: list[tuple[str, int, int]],
        t0: int,
        t1: int,
        src: Mention,
        tgt: Mention | None,
        k: int,
    ) -> dict[str, Any]:
        info = self.cameo(code) if self.cameo else None
        if info is None and self.cameo:
            for alt in (code[:3], code[:2] + "0"):
                info = self.cameo(alt)
                if info is not None:
                    code = alt
                    break
        root = int(code[:2])
        quad = 1 if root <= 5 else 2 if root <= 9 else 3 if root <= 14 else 4
        date, precision = (
            s.date if s.date else (self.date, "document") if self.date else (None, None)
        )
        return {
            "event_id": event_id(self.doc_sha, s.index, k),
            "date": date,
            "date_precision": precision,
            "source": src.actor.as_dict(),
            "target": tgt.actor.as_dict() if tgt is not None else None,
            "cameo_code": code,
            "root_code": root,
            "quad_class": quad,
            "goldstein": info[1] if info else None,
            "plover": self.lex.plover.get(code) or self.lex.plover.get(code[:3]),
            "category": category(code, self.lex.plover),
            "trigger": s.text[toks[t0][1] - s.start : toks[t1 - 1][2] - s.start],
            "span": [toks[t0][1], toks[t1 - 1][2]],
            "sentence": s.index,
            "text": s.text,
            "doc_sha256": self.doc_sha,
            "coder_version": CODER_VERSION,
        }


_RESOLVED: dict[tuple[int, int, dt.date | None], tuple[dict[int, Any], dict[str, Any]]] = {}
_AGENT_WORDS: dict[int, frozenset[str]] = {}
_STEMS: dict[str, str] = {}


def _agent_words(lex: Lexicon) -> frozenset[str]:
    """Every word of an agent phrase, and the title words (built once per lexicon)."""
    words = _AGENT_WORDS.get(id(lex))
    if words is None:
        words = frozenset(
            {w for lst in lex.agents.values() for p, _ in lst for w in p} | TITLE_WORDS
        )
        _AGENT_WORDS[id(lex)] = words
    return words


def stem(key: str) -> str:
    """A crude English stem for matching pattern words: ``SANCTIONS`` -> ``SANCTION``.

    >>> [stem(w) for w in ("SANCTIONS", "TALKS", "VISITED", "MEETING", "BOXES", "US")]
    ['SANCTION', 'TALK', 'VISIT', 'MEET', 'BOX', 'US']
    """
    if len(key) > 5 and key.endswith("ING"):
        return key[:-3]
    if len(key) > 4 and key.endswith(("ED", "ES")):
        return key[:-2]
    if len(key) > 3 and key.endswith("S") and not key.endswith("SS"):
        return key[:-1]
    return key


def _in_order(
    slots: tuple[frozenset[str], ...], stems: list[str], lo: int, hi: int, gap: int = 3
) -> bool:
    """Whether the slots occur in order in ``stems[lo:hi]``, each within ``gap`` words of the last."""
    k = lo
    for alts in slots:
        limit = min(hi, k + gap + 1)
        while k < limit and stems[k] not in alts:
            k += 1
        if k >= limit:
            return False
        k += 1
    return True


def _span(toks: list[tuple[str, int, int]], i: int, j: int) -> str:
    return " ".join(t[0] for t in toks[i:j])
