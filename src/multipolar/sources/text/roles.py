"""One event per clause, between the clause's subject and object (docs/read.md, rules 1-7).

For each clause of :func:`.clauses.split_clauses` that may state an event, every verb of the
CAMEO verb dictionary used as a finite verb, and every event noun of ``data/nominal.csv`` that
is the object of a light verb ("held talks", "announced a suspension"), is a candidate:

* **source** — the subject: walking back from the verb over adverbs, auxiliaries, titles,
  names, appositions and agent nouns ("Senior Russian officials", "the Government of the
  Sudan", "Taiwan's Vice Foreign Minister") to an actor, "A and B", "we"/"I"/"my Government"
  (the speaking state), "he"/"she" (the last person named), "it"/"they" right after a verb of
  saying (that verb's subject), "continued to" (its subject) or a relative pronoun whose
  antecedent is an actor; any other word (a common noun, a determiner) means the subject is not
  an actor and there is no event. In a passive the agent after "by" is the source.
* **target** — the object: walking forward over determiners, particles, the verb's
  prepositions and at most two other words and two "of" to an actor ("called on Israel",
  "supported Beijing's concerns", "rejected an Indian proposal"); a venue ("in", "at", …),
  a hyphenated adjective ("US-led", "Sino-Russian") or a third preposition ends the search.
  A statement, appeal, accusation or demand whose object is a that-clause targets that
  clause's subject ("demanded that the US cancel"; "said that Libya must" is a demand).
* **no event** from a negated or modal verb (must, should, could, may, would), an
  ``-ing``/``-ed`` form that is not finite, a ``to``-infinitive (except after "continued to"),
  or a verb capitalised inside the sentence. "will" turns a cooperative act into an intention
  (CAMEO 03x, AGREE) and a violent one into a threat (138, THREATEN).
* **one event** — the candidate with the strongest CAMEO root (01 weakest, 02 counted as 10)
  among those with a source and a target (or, for agreeing, meeting and cooperating, a compound
  source coded both ways).

**Confidence** starts at 0.9 and loses 0.2 if the subject was more than three words from the
verb (a pronoun after a verb of saying counts as that far), 0.3 if it was inherited from the
previous clause, 0.2 if the target was reached over a common noun or "of", 0.1 for an
intention, a reciprocal pair, a passive, a target taken from a that-clause, or a compound
source or target; never below 0.1.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

from multipolar.sources.text.clauses import (
    ADVERBS,
    AGENTS,
    ASPECT,
    BE,
    DETERMINERS,
    DO,
    FUTURE,
    HAVE,
    MODALS,
    NEGATION,
    PARTICLES,
    TARGET_PREPS,
    Clause,
    modality,
    split_clauses,
)

if TYPE_CHECKING:
    from multipolar.sources.text.coder import Coder, Mention

#: CAMEO root -> PLOVER category, for codes the CAMEO2PLOVER table does not list
ROOT_CATEGORY = {
    3: "AGREE", 4: "CONSULT", 5: "SUPPORT", 6: "COOPERATE", 7: "AID", 8: "CONCEDE",
    9: "ACCUSE", 10: "REQUEST", 11: "ACCUSE", 12: "REJECT", 13: "THREATEN", 14: "PROTEST",
    15: "MOBILIZE", 16: "SANCTION", 17: "COERCE", 18: "ASSAULT", 19: "ASSAULT", 20: "ASSAULT",
}  # fmt: skip
#: a stated intention: CAMEO root of the act -> the 03x code ("will visit" -> 036)
INTENT = {4: "036", 5: "032", 6: "031", 7: "033", 8: "034"}
#: verbs that take an event noun as their object ("held talks with")
LIGHT = frozenset(
    [
        "HOLD",
        "HOLDS",
        "HELD",
        "MAKE",
        "MAKES",
        "MADE",
        "PAY",
        "PAYS",
        "PAID",
        "ISSUE",
        "ISSUES",
        "ISSUED",
        "ANNOUNCE",
        "ANNOUNCES",
        "ANNOUNCED",
        "CONDUCT",
        "CONDUCTED",
        "RENEW",
        "RENEWED",
        "RESUME",
        "RESUMED",
        "LAUNCH",
        "LAUNCHED",
        "BEGAN",
        "START",
        "STARTED",
        "SIGN",
        "SIGNED",
    ]
)
#: roots whose object may be a that-clause: statements, appeals, accusations, demands
_THAT_ROOTS = frozenset([1, 2, 9, 10, 11, 12])
_RESET_PREPS = frozenset(["TO", "WITH", "ON", "AGAINST", "FROM", "INTO", "UPON"])
_RECIPROCAL = frozenset(["AGREE", "CONSULT", "COOPERATE"])
_SPEAKER_NOUNS = frozenset(["COUNTRY", "GOVERNMENT", "DELEGATION", "NATION", "STATE"])
_STOP_PREPS = frozenset(
    [
        "IN",
        "AT",
        "DURING",
        "BY",
        "AS",
        "THROUGH",
        "WITHIN",
        "UNDER",
        "AMONG",
        "ACROSS",
        "BEYOND",
        "DESPITE",
        "AFTER",
        "BEFORE",
        "SINCE",
        "UNTIL",
        "REGARDING",
        "CONCERNING",
        "ABOUT",
        "LIKE",
        "VIA",
        "AND",
        "OR",
        "BETWEEN",
    ]
)


def _extra_verbs() -> dict[str, list[tuple[str, str]]]:
    """``data/verbs_extra.csv``: ``{verb form: [(next word or "", CAMEO code)]}``."""
    import csv
    from importlib.resources import files

    text = (files("multipolar.sources.text") / "data" / "verbs_extra.csv").read_text("utf-8")
    lines = [ln for ln in text.splitlines() if ln and not ln.startswith("#")]
    out: dict[str, list[tuple[str, str]]] = {}
    for row in csv.DictReader(lines):
        for form in row["verb"].split("|"):
            out.setdefault(form, []).append((row["next"], row["code"]))
    return out


EXTRA_VERBS = _extra_verbs()
_REPORTED = frozenset(
    ["TOLD", "SAID", "SAYS", "STATED", "ANNOUNCED", "DECLARED", "ASSURED", "PROMISED"]
)


def category(code: str, plover: dict[str, str]) -> str | None:
    """The PLOVER category of a CAMEO code (rule 5 of docs/read.md): none for 01x
    (statements); REQUEST for 02x (appeals); AGREE for 057 (signing an agreement); else the
    CAMEO2PLOVER table, else the root's category.

    >>> category("013", {}), category("0234", {}), category("057", {"057": "SUPPORT"})
    (None, 'REQUEST', 'AGREE')
    >>> category("042", {"042": "CONSULT"}), category("1662", {})
    ('CONSULT', 'SANCTION')
    """
    if code.startswith("01"):
        return None
    if code.startswith("02"):
        return "REQUEST"
    if code.startswith("057"):
        return "AGREE"
    for k in (code, code[:3], code[:2] + "0"):
        if k in plover:
            return plover[k]
    return ROOT_CATEGORY.get(int(code[:2]))


def strength(code: str) -> int:
    """The rank of a code when a clause has several: its CAMEO root, 02 (appeals) as 10."""
    root = int(code[:2])
    return 10 if root == 2 else root


@dataclass
class Candidate:
    """An event a clause states: the code, the trigger's tokens, the actors, the confidence."""

    code: str
    t0: int
    t1: int
    sources: list[Mention]
    targets: list[Mention]
    confidence: float
    clause: int


def clause_events(
    coder: Coder,
    toks: list[tuple[str, int, int]],
    keys: list[str],
    by_token: dict[int, Mention],
) -> list[Candidate]:
    """At most one event per clause of one sentence (the module's rules)."""
    lower = [t[0][:1].islower() for t in toks]
    clauses = split_clauses(keys, lower, set(by_token))
    reported = any(k in _REPORTED for k in keys)
    verbs = coder.lex.verbs
    out: list[Candidate] = []
    last_subject: list[Mention] = []
    pending: Candidate | None = None
    for ci, c in enumerate(clauses):
        best: Candidate | None = None
        subj_here: list[Mention] = []
        first = c.lo + 1 if c.lo < c.hi and keys[c.lo] == "THE" else c.lo
        if pending is not None and c.kind in ("that", "hope") and first in by_token:
            best = _that_target(pending, keys, c, first, by_token)
        pending = None
        for i in range(c.lo, c.hi):
            if i in by_token or not lower[i]:
                continue
            k = keys[i]
            if k not in verbs and k not in EXTRA_VERBS and k not in LIGHT:
                continue  # not a verb the dictionaries know: no candidate (the cheap test first)
            hit = _candidate(coder, toks, keys, lower, i, c, by_token, reported, last_subject)
            if hit is None:
                continue
            if hit.sources:
                subj_here = hit.sources
            if c.asserts and hit.sources and not hit.targets and int(hit.code[:2]) in _THAT_ROOTS:
                pending = hit
            if not c.asserts or not (hit.targets or _reciprocal(hit, coder, keys)):
                continue
            if (
                best is None
                or strength(hit.code) > strength(best.code)
                or (strength(hit.code) == strength(best.code) and hit.confidence > best.confidence)
            ):
                best = hit
        if subj_here:
            last_subject = subj_here
        if best is not None:
            best.clause = ci
            out.append(best)
    return out


def _that_target(
    hit: Candidate, keys: list[str], c: Clause, first: int, by_token: dict[int, Mention]
) -> Candidate | None:
    """A demand, accusation or statement whose object is a that-clause: the target is that
    clause's subject ("demanded that the US cancel", "alleged that the North admitted"); a
    statement counts only as a demand ("said that Libya must hand over": CAMEO 10)."""
    targets = _group_forward(keys, by_token[first], c, by_token)
    code = hit.code
    if int(code[:2]) == 1:
        after = keys[by_token[first].t1 : by_token[first].t1 + 3]
        if not any(k in ("MUST", "SHOULD") for k in after):
            return None
        code = "100"
    elif c.kind == "hope":
        return None
    conf = round(max(0.1, hit.confidence - 0.1), 2)
    return Candidate(code, hit.t0, hit.t1, hit.sources, targets, conf, -1)


#: a preposition before the actors nearest a verb makes them its object, not the subject
_OBJECT_PREPS = frozenset(
    [
        "IN", "AT", "OF", "FOR", "FROM", "TO", "WITH", "ON", "BY", "AGAINST", "NEAR", "INTO",
        "ACROSS", "BETWEEN", "AMONG", "TOWARD", "TOWARDS", "OVER", "UNDER", "WITHIN", "AROUND",
        "THROUGHOUT", "BEYOND", "BEHIND", "OUTSIDE", "INSIDE", "UPON",
    ]
)  # fmt: skip


def _agent_noun(key: str) -> bool:
    """ "The delegation of Brazil", "the Government of the Sudan": X is the subject."""
    return key in AGENTS or key in _SPEAKER_NOUNS or key.rstrip("S") in _SPEAKER_NOUNS


#: verbs whose compound subject acts on itself ("Moscow and Beijing agreed", "met", "signed");
#: any other verb with "A and B" as subject and no object states no event between them
#: ("Washington and Brussels have compounded the situation", "the United States and the EU
#: are seeking to undo": read in Russia's 2022 General Debate speech)
_RECIPROCAL_VERBS = (
    "AGREE", "MEET", "MET", "COOPERAT", "SIGN", "NEGOTIAT", "CONSULT", "TALK", "DISCUSS",
    "COLLABORAT", "CONCLUD", "REACH", "ESTABLISH", "NORMALI", "RESUM", "HOLD", "HELD", "CONFER",
    "EXCHANG", "WORK", "PLEDG", "PARTNER", "SETTL", "COORDINAT", "CONVEN", "ALLIED", "ALLY",
    "RECONCIL", "COMMIT", "VOW", "JOIN",
)  # fmt: skip


def _reciprocal(hit: Candidate, coder: Coder, keys: list[str]) -> bool:
    return (
        keys[hit.t0].startswith(_RECIPROCAL_VERBS)
        and len(hit.sources) >= 2
        and category(hit.code, coder.lex.plover) in _RECIPROCAL
        and len({m.actor.id for m in hit.sources}) >= 2
    )


def _candidate(
    coder: Coder,
    toks: list[tuple[str, int, int]],
    keys: list[str],
    lower: list[bool],
    i: int,
    c: Clause,
    by_token: dict[int, Mention],
    reported: bool,
    last_subject: list[Mention],
) -> Candidate | None:
    key = keys[i]
    if key in AGENTS:
        return None
    voice = _finite(keys, lower, i, c, by_token)
    if voice is None:
        return None
    if i - 1 in by_token and _demonym(by_token[i - 1]):
        return None  # "Israeli forces", "Chinese sanctions": a noun after an adjective
    code_end: tuple[str, int] | None = None
    preps: frozenset[str] | None = None
    if key in LIGHT:
        for j in range(i + 1, min(c.hi, i + 4)):
            nom = coder.lex.nominal.get(keys[j])
            if nom and lower[j]:
                code_end, preps = (nom[0], j + 1), nom[1]
                break
    if code_end is None:
        if i + 1 < len(keys) and keys[i + 1] == "OF":
            return None
        extra = EXTRA_VERBS.get(key, ())
        nxt = keys[i + 1] if i + 1 < len(keys) else ""
        phrase = [code for after, code in extra if after and after == nxt]
        cands = coder.lex.verbs.get(key)
        if phrase:
            code_end = (phrase[0], i + 2)
        elif cands:
            code_end = coder._verb_code(keys, i, cands)
        if code_end is None:
            fill = [code for after, code in extra if not after]
            if not fill:
                return None
            code_end = (fill[0], i + 1)
    code, end = code_end
    mod = modality(keys, i, c.lo)
    intent = False
    if mod == "modal" and reported and "WOULD" in keys[max(c.lo, i - 3) : i]:
        mod = "future"  # "told him that China would assist Russia": reported "will"
    if mod in ("negated", "modal"):
        return None
    root = int(code[:2])
    if mod == "future":
        if root in INTENT:
            code, intent = INTENT[root], True
        elif root >= 15:
            code, intent = "138", True
    conf = 0.9
    if voice == "passive":
        agent = _by_agent(keys, end, c, by_token)
        if not agent:
            return None
        sources, steps = agent, 0
        targets, hops = _subject(coder, toks, keys, lower, i, c, by_token, [])
        conf -= 0.1
    else:
        sources, steps = _subject(coder, toks, keys, lower, i, c, by_token, last_subject)
        targets, hops = _object(keys, lower, end, c, by_token, preps, toks)
        if hops:
            conf -= 0.2
    if not sources:
        return None
    if steps > 3:
        conf -= 0.2
    if steps < 0:  # inherited
        conf -= 0.3
    if intent:
        conf -= 0.1
    if len(sources) > 1 or len(targets) > 1:
        conf -= 0.1
    if not targets:
        conf -= 0.1  # reciprocal, if it is one
    return Candidate(code, i, end, sources, targets, round(max(0.1, conf), 2), -1)


def _finite(
    keys: list[str], lower: list[bool], i: int, c: Clause, by_token: dict[int, Any]
) -> str | None:
    """``active``/``passive`` if the word at ``i`` is a finite verb of its clause, else None."""
    key = keys[i]
    k = i - 1
    while (
        k >= c.lo
        and (keys[k] in ADVERBS or keys[k].endswith("LY") or keys[k] in NEGATION)
        and k not in by_token
    ):
        k -= 1
    prev = keys[k] if k >= c.lo else ""
    if prev in ("AND", "OR") and k - 1 >= c.lo and lower[k - 1] and k - 1 not in by_token:
        return _finite(keys, lower, k - 1, c, by_token)  # "criticised and attacked"
    if prev in DETERMINERS or prev in ("OF", "'S") or prev in _STOP_PREPS:
        return None
    if prev in TARGET_PREPS and prev != "TO":
        return None
    if prev == "TO":
        k2 = k - 1
        return "active" if k2 >= c.lo and keys[k2] in ASPECT else None
    if key.endswith("ING"):
        return "active" if prev in BE else None
    if (prev in BE and key.endswith(("ED", "EN", "WN"))) or (prev in BE and key in ("HELD", "MET")):
        return "passive"
    if prev in BE:
        return None
    if prev in HAVE or prev in DO or prev in MODALS or prev in FUTURE:
        return "active"
    if k < c.lo:  # clause-initial verb: a coordinated verb phrase, or a relative "which"
        return "active" if c.kind in ("coord", "rel", "main", "sub") else None
    if k in by_token or not lower[k] or prev in AGENTS:
        return "active"
    if prev in ("WE", "I", "HE", "SHE", "THEY", "IT", "WHO", "WHICH", ","):
        return "active"

    return None


def _subject(
    coder: Coder,
    toks: list[tuple[str, int, int]],
    keys: list[str],
    lower: list[bool],
    i: int,
    c: Clause,
    by_token: dict[int, Mention],
    last_subject: list[Mention],
) -> tuple[list[Mention], int]:
    """The actors of the clause's subject and how many words were walked (-1: inherited)."""
    from multipolar.sources.text.coder import Mention

    k = i - 1
    steps = 0
    while k >= c.lo and steps < 12:
        key = keys[k]
        if k in by_token:
            m = by_token[k]
            if _hyphen(m, toks):
                return [], steps
            group = _group_back(keys, m, c, by_token, toks)
            p = group[0].t0 - 1
            p -= 1 if p >= c.lo and keys[p] == "THE" else 0
            if (
                p >= c.lo
                and keys[p] in _OBJECT_PREPS
                and not (keys[p] == "OF" and p > c.lo and _agent_noun(keys[p - 1]))
            ):
                return [], steps  # "visas in New York, Geneva, Vienna and Paris constitute"
            return group, steps
        if key in ("WE", "I") or (
            key in _SPEAKER_NOUNS and k > c.lo and keys[k - 1] in ("MY", "OUR")
        ):
            if coder.speaker is None:
                return [], steps
            t = k
            return [Mention(t, t + 1, toks[t][1], toks[t][2], coder.speaker, toks[t][0])], steps
        if key in ("HE", "SHE"):
            return ([coder.last_person] if coder.last_person is not None else []), steps
        if key in ("IT", "THEY"):  # "Uganda said on Sunday it had paid": the sayer (rule 2)
            j = k - 1
            while j >= 0 and (not lower[j] or keys[j] in ("ON", "TODAY", "THAT", ",")):
                j -= 1
            if j >= 0 and keys[j] in _REPORTED and lower[j]:
                said, _ = _subject(coder, toks, keys, lower, j, Clause(0, j, "main"), by_token, [])
                return said, steps + 4
            return [], steps
        if key == "TO" and k - 1 >= c.lo and keys[k - 1] in ASPECT:
            k -= 2  # "continued to send": the subject of "continued"
            steps += 2
            continue
        if key in ("WHICH", "WHO") and k == c.lo:
            j = k - 1
            while j >= 0 and keys[j] == ",":
                j -= 1
            if j in by_token and not _hyphen(by_token[j], toks):
                return [by_token[j]], steps + 1
            return [], steps
        if (
            key in ("AND", "OR")
            and k - 1 >= c.lo
            and lower[k - 1]
            and keys[k - 1] in coder.lex.verbs
        ):
            k -= 2  # "criticised and attacked": the subject of both verbs
            steps += 2
            continue
        skip = (
            key in ADVERBS
            or key.endswith("LY")
            or key in NEGATION
            or key in BE
            or key in HAVE
            or key in DO
            or key in MODALS
            or key in FUTURE
            or key in AGENTS
            or key in (",", "OF", "THE", "'S", "ALONG")
            or not lower[k]
            or key[:1].isdigit()
            or (key in ("ON", "IN") and k + 1 < len(keys) and not lower[k + 1])
        )
        if not skip:
            return [], steps
        k -= 1
        steps += 1
    if k < c.lo and c.kind == "coord" and last_subject:
        return list(last_subject), -1
    return [], steps


def _group_back(
    keys: list[str],
    m: Mention,
    c: Clause,
    by_token: dict[int, Mention],
    toks: list[tuple[str, int, int]],
) -> list[Mention]:
    """``m`` and the actors joined to it before ("A and B", "A, B and C")."""
    group = [m]
    j = m.t0 - 1
    while j > c.lo:
        while j in by_token and j > c.lo:  # "Bulgarian President Todor Zhivkov": one actor
            j = by_token[j].t0 - 1
        if keys[j] not in ("AND", ",", "&"):
            break
        if keys[j] == "," and len(group) == 1:
            break  # "the borders of Russia, the United States wants": a list ends in "and"
        k = j - 1  # over a name and title: "Libyan leader Muammar Gaddafi and ..."
        while (
            k > c.lo
            and k not in by_token
            and k > j - 6
            and (not toks[k][0][:1].islower() or keys[k] in AGENTS)
            and keys[k] not in (",", "AND")
        ):
            k -= 1
        if k not in by_token or _hyphen(by_token[k], toks):
            break
        prev = by_token[k]
        group.insert(0, prev)
        j = prev.t0 - 1
    return _distinct(group)


def _object(
    keys: list[str],
    lower: list[bool],
    end: int,
    c: Clause,
    by_token: dict[int, Mention],
    preps: frozenset[str] | None,
    toks: list[tuple[str, int, int]],
) -> tuple[list[Mention], int]:
    """The actors of the verb's object, and the common nouns and "of" walked over."""
    content = ofs = nprep = 0
    hops = False
    j = end
    while j < c.hi and j < end + 14:
        key = keys[j]
        if j in by_token:
            m = by_token[j]
            if _hyphen(m, toks):
                return [], content + ofs
            return _group_forward(keys, m, c, by_token), content + ofs + int(hops)
        if (
            key in DETERMINERS
            or key in ADVERBS
            or key in PARTICLES
            or key in ("'S", ",")
            or (key.endswith("LY") and lower[j])
        ):
            pass
        elif key == "OF":
            ofs += 1
            if ofs > 2:
                break
        elif key in ("WITH", "IN") and j + 1 < c.hi and keys[j + 1] in ("REGARD", "RESPECT"):
            break
        elif key in TARGET_PREPS or (preps is not None and key.lower() in preps):
            nprep += 1
            if nprep > 2:
                break
            if key in _RESET_PREPS and not hops:
                content = 1  # "provided funding of $500 million to Yemen": one more noun
                hops = True
        elif key in AGENTS or not lower[j]:
            pass
        elif key in _STOP_PREPS:
            break
        else:
            content += 1
            if content > 2:
                break
        j += 1
    return [], 0


def _group_forward(
    keys: list[str], m: Mention, c: Clause, by_token: dict[int, Mention]
) -> list[Mention]:
    """``m`` and the actors joined to it after ("China and the United States")."""
    group = [m]
    t = m.t1
    while t + 1 < c.hi:
        nxt = t + 1
        if keys[t] in ("AND", ",", "&"):
            if nxt < c.hi and keys[nxt] in ("THE", "TO") and nxt + 1 in by_token:
                nxt += 1
            if nxt in by_token:
                group.append(by_token[nxt])
                t = by_token[nxt].t1
                continue
        break
    return _distinct(group)


def _by_agent(keys: list[str], end: int, c: Clause, by_token: dict[int, Mention]) -> list[Mention]:
    for j in range(end, min(c.hi, end + 4)):
        if keys[j] == "BY":
            k = j + 1
            while k < c.hi and keys[k] in DETERMINERS:
                k += 1
            if k in by_token:
                return _group_forward(keys, by_token[k], c, by_token)
            return []
    return []


def _demonym(m: Mention) -> bool:
    """Whether a mention is written as an adjective of nationality ("Israeli", "Chinese")."""
    t = m.text
    return t != m.actor.name and t.endswith(("an", "ese", "ish", "i", "ch")) and " " not in t


def _hyphen(m: Mention, toks: list[tuple[str, int, int]]) -> bool:
    """Whether the mention is part of a hyphenated word ("US-led", "Sino-Russian")."""
    t = toks[m.t0]
    return m.t1 == m.t0 + 1 and (m.start, m.end) != (t[1], t[2])


def _distinct(group: list[Mention]) -> list[Mention]:
    seen: set[str] = set()
    out = []
    for m in group:
        if m.actor.id not in seen:
            seen.add(m.actor.id)
            out.append(m)
    return out
