"""Clauses and grammatical roles over the regex tokens, for the event coder (no parser).

A sentence is cut into clauses (:func:`split_clauses`) at strong punctuation, at
subordinating words and relative pronouns, at "but" and at ", and" before a word that is not a
state's name, and before a participle after a comma. Each clause has a *kind* that says
whether it may state an event at all: a question, a condition ("if", "unless"), a participle
phrase or a that-clause after a verb of hoping or believing states none
(docs/read.md, "Events: annotation rules", rules 3-4).

Inside a clause, :func:`finite` tells whether a dictionary verb is used as a finite verb (not
a participle modifier, gerund, infinitive or noun), :func:`modality` what stands before it
(negation, a modal of obligation or possibility, *will*), and the coder finds the subject
before it and the object after it with the word classes defined here.

Everything here is pure: lists of upper-case token keys in, indices out.
"""

from __future__ import annotations

from dataclasses import dataclass

#: punctuation that ends a clause
STRONG = frozenset(';:—–()[]“”"?!')
#: words that open a subordinate or relative clause
SUBORDINATORS = frozenset(
    [
        "THAT",
        "WHICH",
        "WHO",
        "WHOM",
        "WHOSE",
        "BECAUSE",
        "WHILE",
        "WHEN",
        "WHERE",
        "WHEREAS",
        "ALTHOUGH",
        "THOUGH",
        "IF",
        "UNLESS",
        "AFTER",
        "BEFORE",
        "UNTIL",
        "SINCE",
        "WHEREBY",
        "WHETHER",
    ]
)
CONDITIONAL = frozenset(["IF", "UNLESS", "WHETHER"])
#: verbs and adjectives after which a that-clause is a hope, belief or obligation, not a fact
NONFACTIVE = frozenset(
    [
        "HOPE",
        "HOPES",
        "HOPED",
        "HOPING",
        "WISH",
        "WISHES",
        "TRUST",
        "BELIEVE",
        "BELIEVES",
        "BELIEVED",
        "THINK",
        "THINKS",
        "EXPECT",
        "EXPECTS",
        "EXPECTED",
        "CONFIDENT",
        "SKEPTICAL",
        "SCEPTICAL",
        "IMPERATIVE",
        "ESSENTIAL",
        "IMPORTANT",
        "NECESSARY",
        "TIME",
        "NEED",
        "NEEDED",
        "VITAL",
        "CONVINCED",
        "CONVICTION",
        "VIEW",
        "VIEWS",
        "POSSIBLE",
        "LIKELY",
        "SURE",
        "ARGUED",
        "ARGUE",
        "CLEAR",
        "DESIRE",
    ]
)
BE = frozenset(["IS", "ARE", "WAS", "WERE", "BE", "BEEN", "BEING", "AM", "'RE", "'S"])
HAVE = frozenset(["HAS", "HAVE", "HAD", "HAVING", "'VE"])
DO = frozenset(["DO", "DOES", "DID"])
MODALS = frozenset(
    ["MUST", "SHOULD", "OUGHT", "COULD", "MAY", "MIGHT", "WOULD", "CAN", "CANNOT", "NEED"]
)
FUTURE = frozenset(["WILL", "SHALL", "'LL"])
NEGATION = frozenset(["NOT", "N'T", "NEVER", "NO", "NEITHER", "NOR", "CANNOT"])
#: verbs whose "to"-infinitive is asserted with them ("continued to send arms")
ASPECT = frozenset(
    [
        "CONTINUE",
        "CONTINUES",
        "CONTINUED",
        "BEGIN",
        "BEGINS",
        "BEGAN",
        "START",
        "STARTS",
        "STARTED",
        "RESUME",
        "RESUMES",
        "RESUMED",
        "DECIDED",
        "DECIDES",
    ]
)
#: adverbs and time words that may stand between a subject and its verb
ADVERBS = frozenset(
    [
        "ALSO",
        "ALREADY",
        "NOW",
        "STILL",
        "ONCE",
        "AGAIN",
        "JUST",
        "EVEN",
        "TODAY",
        "YESTERDAY",
        "RECENTLY",
        "THEN",
        "ALWAYS",
        "SO",
        "FIRST",
        "LAST",
        "FURTHER",
        "THEREFORE",
        "THUS",
        "HOWEVER",
        "INDEED",
        "HEREBY",
        "THEREBY",
        "THIS",
        "WEEK",
        "MONTH",
        "YEAR",
        "YET",
        "OFTEN",
        "REPEATEDLY",
        "JOINTLY",
        "FORMALLY",
        "OFFICIALLY",
        "FINALLY",
        "LATER",
        "EARLIER",
        "MOREOVER",
        "NEVERTHELESS",
        "NONETHELESS",
        "CONSISTENTLY",
        "HAS",
    ]
)
#: nouns that stand for a state's agent ("Russian officials", "the Government of Sudan")
AGENTS = frozenset(
    [
        "GOVERNMENT",
        "GOVERNMENTS",
        "OFFICIAL",
        "OFFICIALS",
        "AUTHORITIES",
        "AUTHORITY",
        "LEADER",
        "LEADERS",
        "LEADERSHIP",
        "FORCES",
        "FORCE",
        "TROOPS",
        "ARMY",
        "ARMIES",
        "NAVY",
        "MILITARY",
        "POLICE",
        "WARSHIPS",
        "JETS",
        "DIPLOMAT",
        "DIPLOMATS",
        "NEGOTIATORS",
        "NEGOTIATOR",
        "MINISTER",
        "MINISTERS",
        "MINISTRY",
        "PRESIDENT",
        "PRESIDENCY",
        "PREMIER",
        "CHANCELLOR",
        "PRIME",
        "DELEGATION",
        "DELEGATIONS",
        "ADMINISTRATION",
        "REPRESENTATIVE",
        "REPRESENTATIVES",
        "AMBASSADOR",
        "EMBASSY",
        "PARLIAMENT",
        "CONGRESS",
        "SENATE",
        "SPOKESMAN",
        "SPOKESWOMAN",
        "SPOKESPERSON",
        "STATE",
        "REPUBLIC",
        "KING",
        "QUEEN",
        "EMIR",
        "SHEIKH",
        "PEOPLE",
        "NATION",
        "COUNTRY",
        "REGIME",
        "CABINET",
        "ENVOY",
        "SECRETARY",
        "FOREIGN",
        "DEFENCE",
        "DEFENSE",
        "JUNIOR",
        "SENIOR",
        "DEPUTY",
        "VICE",
        "HEAD",
        "HEADS",
        "CHIEF",
        "COMMANDER",
        "COMMANDERS",
        "SOLDIERS",
        "UNITS",
        "COUNTERPART",
        "COUNTERPARTS",
        "FORMER",
    ]
)
DETERMINERS = frozenset(
    [
        "THE",
        "A",
        "AN",
        "ITS",
        "THEIR",
        "HIS",
        "HER",
        "OUR",
        "MY",
        "YOUR",
        "THIS",
        "THESE",
        "THOSE",
        "THAT",
        "ANY",
        "EACH",
        "EVERY",
        "SUCH",
        "SOME",
        "ALL",
        "BOTH",
    ]
)
#: prepositions that may introduce the target of a verb ("call on", "met with")
TARGET_PREPS = frozenset(
    [
        "TO",
        "WITH",
        "ON",
        "AGAINST",
        "FROM",
        "INTO",
        "UPON",
        "TOWARD",
        "TOWARDS",
        "OVER",
        "AT",
        "FOR",
    ]
)
PARTICLES = frozenset(["UP", "OUT", "DOWN", "BACK", "OFF", "AWAY"])
PRONOUN_SUBJECTS = frozenset(["HE", "SHE", "IT", "THEY"])


@dataclass(frozen=True)
class Clause:
    """Tokens ``lo``..``hi`` (exclusive); ``kind``: main, sub, that, rel, coord, cond, part,
    hope or question (the last four state no event); ``head``: the subordinating word's
    index (-1 for none)."""

    lo: int
    hi: int
    kind: str
    head: int = -1

    @property
    def asserts(self) -> bool:
        return self.kind not in ("cond", "part", "hope", "question")


def split_clauses(keys: list[str], lower: list[bool], named: set[int]) -> list[Clause]:
    """The clauses of a sentence. ``lower``: whether each token is written lower case;
    ``named``: the indices of tokens inside an actor's name.

    >>> ks = "CHINA SAID THAT RUSSIA MET JAPAN , WHICH ANGERED KOREA .".split()
    >>> low = [k in ("SAID", "THAT", "MET", "WHICH", "ANGERED") for k in ks]
    >>> [(c.lo, c.hi, c.kind) for c in split_clauses(ks, low, {0, 3, 5, 9})]
    [(0, 2, 'main'), (3, 7, 'that'), (7, 11, 'rel')]
    """
    question = (bool(keys) and keys[-1] == "?") or "?" in keys
    out: list[Clause] = []
    lo = 0
    kind = "main"
    head = -1
    n = len(keys)

    def close(hi: int) -> None:
        if hi > lo:
            out.append(Clause(lo, hi, "question" if question else kind, head))

    i = 0
    while i < n:
        k = keys[i]
        if k in STRONG:
            close(i)
            lo, kind, head = i + 1, "main" if kind in ("main", "coord") else "sub", -1
        elif k in SUBORDINATORS and (lower[i] or i == lo) and i not in named:
            if k == "THAT" and i + 1 < n and not _clause_start(keys, lower, named, i + 1):
                i += 1
                continue  # "that regard", "that country": a determiner
            close(i)
            lo, head = i + 1, i
            if k in CONDITIONAL:
                kind = "cond"
            elif k == "THAT":
                gov = _governor(keys, i)
                kind = "hope" if gov in NONFACTIVE else "that"
            elif k in ("WHICH", "WHO", "WHOM", "WHOSE"):
                kind = "rel"
                lo = i  # the relative pronoun is the clause's subject
            else:
                kind = "sub"
        elif k in ("BUT", "WHEREAS") and lower[i]:
            close(i)
            lo, kind, head = i + 1, "coord", i
        elif (
            k == ","
            and kind in ("cond", "sub")
            and i + 1 < n
            and i - lo > 2
            and (_clause_start(keys, lower, named, i + 1) and keys[i + 1] not in ("A", "AN"))
        ):
            close(i)  # "If Russia attacks Ukraine, the United States will respond"
            lo, kind, head = i + 1, "main", -1
        elif k == "," and i + 1 < n and lower[i + 1]:
            nxt = keys[i + 1]
            if nxt.endswith(("ING", "ED")) and len(nxt) > 4 and i + 1 not in named:
                close(i)
                lo, kind, head = i + 1, "part", i
            elif nxt == "AND" and i + 2 < n and i + 2 not in named and lower[i + 2]:
                close(i)
                lo, kind, head = i + 2, "coord", i + 1
                i += 1
        elif (
            k == "AS"
            and lower[i]
            and i + 1 < n
            and (i + 1 in named or keys[i + 1] in ("WE", "I", "HE", "SHE", "THEY", "IT"))
        ):
            close(i)
            lo, kind, head = i + 1, "sub", i
        i += 1
    close(n)
    return out


def _clause_start(keys: list[str], lower: list[bool], named: set[int], i: int) -> bool:
    """Whether a that-clause may start at ``i``: a name, a pronoun, a determiner, a capital."""
    k = keys[i]
    return (
        i in named
        or k in ("WE", "I", "HE", "SHE", "IT", "THEY", "THERE", "THIS", "THE", "A", "AN", "ALL")
        or not lower[i]
    )


def _governor(keys: list[str], i: int) -> str:
    """The word that governs the that-clause at ``i`` (the nearest content word before it)."""
    for k in range(i - 1, max(-1, i - 4), -1):
        if keys[k] in ("THE", "FACT", "IS", "WAS", ",", "VERY", "ALSO", "FIRMLY", "STRONGLY"):
            continue
        return keys[k]
    return ""


def previous(keys: list[str], i: int, lo: int) -> int:
    """The index of the first word before ``i`` (not before ``lo``) that is not an adverb or a
    negation; ``lo - 1`` if none."""
    k = i - 1
    while k >= lo and (keys[k] in ADVERBS or keys[k].endswith("LY") or keys[k] in NEGATION):
        k -= 1
    return k


def modality(keys: list[str], i: int, lo: int) -> str:
    """What the three words before the verb at ``i`` (within its clause) make of it:
    ``negated``, ``modal`` (must, should, could, may, would …), ``future`` (will, shall) or
    ``plain``.

    >>> modality("WE WILL NOT VISIT".split(), 3, 0), modality("WE MUST HELP".split(), 2, 0)
    ('negated', 'modal')
    >>> modality("CHINA WILL VISIT".split(), 2, 0), modality("CHINA VISITED".split(), 1, 0)
    ('future', 'plain')
    """
    window = keys[max(lo, i - 3) : i]
    if any(k in NEGATION for k in window):
        return "negated"
    if any(k in MODALS for k in window):
        return "modal"
    if any(k in FUTURE for k in window):
        return "future"
    return "plain"
