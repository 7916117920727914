"""The coder's lexicon: actor phrases, agents, verbs with their patterns, event nouns, cues.

Built once from the pinned dictionaries (:mod:`.dictionaries`), the state registry's exact
names and the data files beside this module, then kept as a pickle under ``MULTIPOLAR_HOME``
keyed by the sha256 of every input (a changed dictionary rebuilds it).

Actor phrases come, in this order of precedence, from the gazetteer (``data/gazetteer.csv``),
the hand-compiled dated roles (``data/roles.csv``), the Phoenix country and international
dictionaries, the General Debate speakers list and the registry's exact state names and
capitals (codes of three letters or fewer excluded: "IN", "US" and "TO" are words).
"""

from __future__ import annotations

import csv
import datetime as dt
import hashlib
import io
import os
import pickle
import re
import tempfile
from collections.abc import Mapping
from dataclasses import dataclass, field
from importlib import resources
from pathlib import Path
from typing import Any

from multipolar.sources.text import dictionaries as dicts


@dataclass(frozen=True)
class Pattern:
    """A verb pattern ready for matching: slots of word stems before and after the verb."""

    before: tuple[frozenset[str], ...]
    after: tuple[frozenset[str], ...]
    code: str


def _stem(key: str) -> str:
    from multipolar.sources.text.coder import stem

    return stem(key)


#: the pinned files the lexicon reads (mirror paths)
LEXICON_FILES: tuple[str, ...] = (
    "cameo/Phoenix.Countries.actors.txt",
    "cameo/Phoenix.International.actors.txt",
    "cameo/Phoenix.agents.txt",
    "cameo/CAMEO.2.0.txt",
    "polecat/CAMEO2PLOVER-2021.txt",
    "ungdc/Speakers_by_session.xlsx",
)
_DATA_FILES = ("gazetteer.csv", "roles.csv", "nominal.csv", "claims.csv", "terms.csv")
#: bump when the lexicon's structure or the way it is built changes (old pickles are ignored)
LEXICON_VERSION = 3
#: words that may stay lower-case inside a proper name ("Association of Southeast Asian Nations")
FUNCTION_WORDS = frozenset(
    [
        "OF",
        "THE",
        "AND",
        "FOR",
        "DE",
        "DU",
        "DES",
        "LA",
        "LE",
        "EL",
        "AL",
        "ON",
        "IN",
        "TO",
        "'S",
        "S",
        "D",
        "DA",
        "DI",
        "VON",
        "VAN",
        "DER",
    ]
)
_HONORIFICS = re.compile(
    r"^(?:(?:mr|mrs|ms|miss|dr|h\.?\s?e|his excellency|her excellency|sheikh|sir|dame|prof|"
    r"general|lt|col|president|prime minister|king|queen|prince|emir)\.?\s+)+",
    re.I,
)

Dated = tuple[tuple[str, dt.date, dt.date], ...]


@dataclass(frozen=True)
class Entry:
    """What a phrase names: dated CAMEO actor codes, a display label, whether it is a person."""

    codes: Dated
    label: str
    person: bool
    origin: str  # gazetteer, roles, phoenix, speakers, registry


@dataclass
class Lexicon:
    """Everything the coder looks up, indexed by the first upper-case word of each phrase."""

    entries: list[Entry]
    actors: dict[str, list[tuple[tuple[str, ...], int]]]
    agents: dict[str, list[tuple[tuple[str, ...], str]]]
    prefixes: dict[str, str]
    verbs: dict[str, list[tuple[tuple[str, ...], int, str | None]]]
    #: per verb block: name, default code, patterns by the stem of their first word after the
    #: verb, and the patterns with no word after it
    blocks: list[tuple[str, str | None, dict[str, list[Pattern]], list[Pattern]]]
    nominal: dict[str, tuple[str, frozenset[str]]]
    plover: dict[str, str]
    claim_cues: list[tuple[str, re.Pattern[str]]]
    term_cues: list[tuple[str, re.Pattern[str]]]
    term_regex: re.Pattern[str] = re.compile(r"(?!x)x")
    term_names: dict[str, str] = field(default_factory=dict)
    #: lower-case substrings one of which every key-term cue contains (a cheap first test)
    term_hints: tuple[str, ...] = ()
    registry_ccodes: dict[str, int] = field(default_factory=dict)  # entry label -> ccode
    #: prefixes that name their state only beside another state ("Indo-Pakistani", not
    #: "Indo-Pacific")
    paired_prefixes: frozenset[str] = frozenset()
    sha: str = ""


def _data_text(name: str) -> str:
    return resources.files("multipolar.sources.text").joinpath(f"data/{name}").read_text("utf-8")


def _rows(name: str) -> list[dict[str, str]]:
    lines = [ln for ln in _data_text(name).splitlines() if ln.strip() and not ln.startswith("#")]
    return list(csv.DictReader(io.StringIO("\n".join(lines))))


def cue_pattern(cues: list[str]) -> re.Pattern[str]:
    """One whole-word regex for cue phrases (``*`` = any word ending, ``?`` = one letter).

    Cues match in any case, except all-capitals cues, which match only in capitals.

    >>> bool(cue_pattern(["econom*", "defen?e"]).search("Economic and defence ties"))
    True
    >>> bool(cue_pattern(["US"]).search("join us")), bool(cue_pattern(["US"]).search("the US"))
    (False, True)
    """
    ordered = sorted(set(cues), key=len, reverse=True)
    loose = [_cue_body(c) for c in ordered if not _exact(c)]
    exact = [_cue_body(c) for c in ordered if _exact(c)]
    alts = ([f"(?i:{'|'.join(loose)})"] if loose else []) + exact
    return re.compile(r"(?<![\w-])(?:" + "|".join(alts) + r")(?![\w-])")


def _exact(cue: str) -> bool:
    """An all-capitals cue ("US", "NATO") matches only in capitals ("us" is a pronoun)."""
    letters = [ch for ch in cue if ch.isalpha()]
    return bool(letters) and all(ch.isupper() for ch in letters)


def _cue_body(cue: str) -> str:
    body = re.escape(cue.strip()).replace(r"\*", r"[\w-]*").replace(r"\?", r"\w")
    return body.replace(r"\ ", r"\s+")


def combined_pattern(groups: Mapping[str, list[str]]) -> tuple[re.Pattern[str], dict[str, str]]:
    """One regex for several named cue lists: ``m.lastgroup`` names the list that matched.

    >>> rx, names = combined_pattern({"a b": ["x*"], "c": ["y"]})
    >>> [names[m.lastgroup] for m in rx.finditer("xx y xa")]
    ['a b', 'c', 'a b']
    """
    names = {f"g{i}": key for i, key in enumerate(groups)}
    alts = []
    for g, key in names.items():
        cues = sorted(set(groups[key]), key=len, reverse=True)
        alts.append(f"(?P<{g}>" + "|".join(_cue_body(c) for c in cues) + ")")
    return re.compile(r"(?<![\w-])(?:" + "|".join(alts) + r")(?![\w-])", re.I), names


def person_phrases(name: str) -> list[tuple[str, ...]]:
    """Phrases a person's name is matched by: the full name, and without middle initials.

    >>> person_phrases("Mr. Joseph R. Biden, Jr")
    [('JOSEPH', 'R', 'BIDEN', 'JR'), ('JOSEPH', 'BIDEN')]
    """
    clean = _HONORIFICS.sub("", name.strip()).replace(",", " ")
    words = [w for w in re.split(r"[\s_]+", clean.upper().replace("’", "'")) if w]
    words = [w.strip(".") for w in words if w.strip(".")]
    if not words:
        return []
    out = [tuple(words)]
    core = tuple(w for w in words if len(w) > 1 and w not in ("JR", "SR", "II", "III"))
    if len(core) >= 2 and core != out[0]:
        out.append(core)
    return [p for p in out if len(p) >= 2]


def build_lexicon(paths: Mapping[str, Path], states: Any) -> Lexicon:
    """Build the lexicon from the pinned files (``paths`` keyed by mirror path) and the registry."""
    entries: list[Entry] = []
    actors: dict[tuple[str, ...], int] = {}

    def add(phrases: list[tuple[str, ...]], entry: Entry) -> None:
        entries.append(entry)
        idx = len(entries) - 1
        for p in phrases:
            if p and p not in actors:
                actors[p] = idx

    far = (dt.date.min, dt.date.max)
    prefixes: dict[str, str] = {}
    paired: set[str] = set()
    for r in _rows("gazetteer.csv"):
        phrase = dicts._phrase(r["phrase"].replace(" ", "_"))
        if r["kind"] in ("prefix", "paired-prefix"):
            prefixes[phrase[0]] = r["code"]
            if r["kind"] == "paired-prefix":
                paired.add(phrase[0])
            continue
        add([phrase], Entry(((r["code"], *far),), r["label"], False, "gazetteer"))
    roles: dict[str, list[tuple[str, dt.date, dt.date]]] = {}
    for r in _rows("roles.csv"):
        lo = dt.date.fromisoformat(r["start"])
        hi = dt.date.fromisoformat(r["end"]) if r["end"] else dt.date.max
        roles.setdefault(r["name"], []).append((r["code"], lo, hi))
    for name, codes in roles.items():
        add(person_phrases(name), Entry(tuple(codes), name, True, "roles"))
    for key in ("cameo/Phoenix.International.actors.txt", "cameo/Phoenix.Countries.actors.txt"):
        for e in dicts.read_actors(paths[key]):
            add(list(e.phrases), Entry(e.codes, e.label, e.person, "phoenix"))
    speakers: dict[tuple[str, ...], list[tuple[str, dt.date, dt.date]]] = {}
    labels: dict[tuple[str, ...], str] = {}
    for year, iso, name, _post in dicts.iter_speakers(paths["ungdc/Speakers_by_session.xlsx"]):
        for p in person_phrases(name):
            speakers.setdefault(p, []).append(
                (iso + "GOV", dt.date(year - 1, 1, 1), dt.date(year + 1, 12, 31))
            )
            labels.setdefault(p, _HONORIFICS.sub("", name).strip().rstrip(","))
    for p, codes in speakers.items():
        if p not in actors:
            add([p], Entry(tuple(codes), labels[p], True, "speakers"))
    reg = states.registry()
    codes_like = set()
    for st in reg.states.values():
        codes_like.add(st.abbrev.lower())
        if st.iso3:
            codes_like.add(st.iso3.lower())
    registry_ccodes: dict[str, int] = {}
    by_code: dict[int, list[tuple[str, ...]]] = {}
    for key, code in reg.names.items():
        if len(key) <= 3 or key in codes_like or key in reg.ambiguous:
            continue
        phrase = tuple(key.upper().split())
        if phrase and phrase not in actors:
            by_code.setdefault(code, []).append(phrase)
    for code, phrases in by_code.items():
        label = reg.name_in(code)
        registry_ccodes[label] = code
        add(phrases, Entry(((f"#{code}", *far),), label, False, "registry"))
    index: dict[str, list[tuple[tuple[str, ...], int]]] = {}
    for phrase, idx in actors.items():
        head = phrase[0]
        if head in FUNCTION_WORDS and len(phrase) > 1:
            head = f"{head} {phrase[1]}"  # "the West" is looked up by its first two words
        index.setdefault(head, []).append((phrase, idx))
    for lst in index.values():
        lst.sort(key=lambda t: -len(t[0]))
    agents_raw = dicts.read_agents(paths["cameo/Phoenix.agents.txt"])
    agents: dict[str, list[tuple[tuple[str, ...], str]]] = {}
    for phrase, agent in agents_raw.items():
        agents.setdefault(phrase[0], []).append((phrase, agent))
    for lst2 in agents.values():
        lst2.sort(key=lambda t: -len(t[0]))
    verbs: dict[str, list[tuple[tuple[str, ...], int, str | None]]] = {}
    #: per verb block: name, default code, patterns by the stem of their first word after the
    #: verb, and the patterns with no word after it
    blocks: list[tuple[str, str | None, dict[str, list[Pattern]], list[Pattern]]] = []
    for b in dicts.read_verbs(paths["cameo/CAMEO.2.0.txt"]):
        first: dict[str, list[Pattern]] = {}
        bare: list[Pattern] = []
        for vp in b.patterns:
            pat = Pattern(
                tuple(frozenset(w for a in slot for w in (a, _stem(a))) for slot in vp.before),
                tuple(frozenset(w for a in slot for w in (a, _stem(a))) for slot in vp.after),
                vp.code,
            )
            if not pat.after:
                bare.append(pat)
                continue
            for w in pat.after[0]:
                first.setdefault(w, []).append(pat)
        blocks.append((b.name, b.code, first, bare))
        for form, own in b.verbs.items():
            verbs.setdefault(form[0], []).append((form[1:], len(blocks) - 1, own))
    for lst3 in verbs.values():
        lst3.sort(key=lambda t: -len(t[0]))
    nominal = {
        r["noun"].upper(): (r["code"], frozenset(p.upper() for p in r["target_preps"].split("|")))
        for r in _rows("nominal.csv")
    }
    claims: dict[str, list[str]] = {}
    for r in _rows("claims.csv"):
        claims.setdefault(r["driver"], []).append(r["cue"])
    terms: dict[str, list[str]] = {}
    for r in _rows("terms.csv"):
        terms.setdefault(r["term"], []).append(r["cue"])
    return Lexicon(
        entries=entries,
        actors=index,
        agents=agents,
        prefixes=prefixes,
        verbs=verbs,
        blocks=blocks,
        nominal=nominal,
        plover=dicts.read_plover(paths["polecat/CAMEO2PLOVER-2021.txt"]),
        claim_cues=[(k, cue_pattern(v)) for k, v in claims.items()],
        term_cues=[(k, cue_pattern(v)) for k, v in terms.items()],
        term_regex=combined_pattern(terms)[0],
        term_names=combined_pattern(terms)[1],
        term_hints=tuple(
            sorted({re.split(r"[*?]", c.split()[0].lower())[0] for v in terms.values() for c in v})
        ),
        registry_ccodes=registry_ccodes,
        paired_prefixes=frozenset(paired),
    )


def lexicon_key(shas: Mapping[str, str]) -> str:
    """The cache key: the inputs' sha256s, the data files' and builder's bytes, the version."""
    h = hashlib.sha256(f"v{LEXICON_VERSION}".encode())
    for path in sorted(shas):
        h.update(f"{path}={shas[path]}".encode())
    for name in _DATA_FILES:
        h.update(_data_text(name).encode())
    for module in ("lexicon.py", "dictionaries.py"):  # the code that builds it
        h.update(resources.files("multipolar.sources.text").joinpath(module).read_bytes())
    return h.hexdigest()[:20]


def cached_lexicon(
    paths: Mapping[str, Path], shas: Mapping[str, str], states: Any, cache_dir: Path | None
) -> Lexicon:
    """:func:`build_lexicon`, through a pickle in ``cache_dir`` (written atomically)."""
    key = lexicon_key(shas)
    target = cache_dir / f"lexicon-{key}.pickle" if cache_dir else None
    if target is not None and target.is_file():
        try:
            with open(target, "rb") as fh:
                lex = pickle.load(fh)
            if isinstance(lex, Lexicon) and lex.sha == key:
                return lex
        except (OSError, pickle.UnpicklingError, EOFError, AttributeError, ImportError):
            pass
    lex = build_lexicon(paths, states)
    lex.sha = key
    if target is not None:
        target.parent.mkdir(parents=True, exist_ok=True)
        fd, tmp = tempfile.mkstemp(prefix=".lexicon.", dir=target.parent)
        try:
            with os.fdopen(fd, "wb") as fh:
                pickle.dump(lex, fh, protocol=pickle.HIGHEST_PROTOCOL)
            os.replace(tmp, target)
        except BaseException:
            Path(tmp).unlink(missing_ok=True)
            raise
    return lex
