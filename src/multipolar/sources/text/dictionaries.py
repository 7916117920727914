"""Readers for the event-coding dictionaries: Phoenix actors and agents, the CAMEO verbs, PLOVER.

Pure: a pinned file in, plain Python structures out. The formats are those of TABARI and
PETRARCH (Schrodt 2009; Norris, Schrodt & Beieler 2017, doi:10.21105/joss.00133):

* **actors** (``Phoenix.Countries.actors.txt``, ``Phoenix.International.actors.txt``): a root
  phrase with words joined by ``_`` (a trailing ``_`` means "this word exactly"), synonyms on
  ``+`` lines, then one or more codes ``[CHNGOV 20021115-20130314]`` with optional date limits
  (``>DATE`` from, ``<DATE`` until, ``A-B`` between; six-digit dates are ``YYMMDD``, years below
  30 read 20YY). A code on the root line applies to the whole entry.
* **agents** (``Phoenix.agents.txt``): a phrase and an agent code ``[~GOV]``; ``!PERSON!`` and
  ``!MINIST!`` expand to their substitution sets.
* **verbs** (``CAMEO.2.0.txt``): synonym sets ``&NAME`` with ``+WORD`` members, then verb blocks
  ``---  VISIT   [042:043]  ---`` listing verbs (irregular forms in ``{}``, a code of their own
  in ``[]``) and patterns ``- * {&MILITARY HOSPITAL}  [042]`` (words before ``*`` precede the
  verb, words after follow it; ``( )`` a prepositional phrase, ``{ }`` a noun phrase).
* **PLOVER** (``CAMEO2PLOVER-2021.txt``): ``042: CONSULT, visit,   # Make a visit``.

>>> phoenix_dates("[CHNGOV 20021115-20130314]")
('CHNGOV', datetime.date(2002, 11, 15), datetime.date(2013, 3, 14))
>>> verb_forms("VISIT"), verb_forms("AGREE"), verb_forms("APPLY")
(('VISIT', 'VISITS', 'VISITED', 'VISITING'), ('AGREE', 'AGREES', 'AGREED', 'AGREEING'), ('APPLY', 'APPLIES', 'APPLIED', 'APPLYING'))
"""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path

_CODE = re.compile(r"\[([^\]]*)\]")
_FAR = (dt.date.min, dt.date.max)


@dataclass(frozen=True)
class ActorEntry:
    """One dictionary actor: its phrases (upper-case word tuples) and its dated codes."""

    phrases: tuple[tuple[str, ...], ...]
    codes: tuple[tuple[str, dt.date, dt.date], ...]
    person: bool  # a named individual (dated codes), not a country, city or organisation
    label: str


def _date(text: str) -> dt.date:
    text = text.strip()
    if len(text) == 6:
        yy = int(text[:2])
        return dt.date(
            2000 + yy if yy < 30 else 1900 + yy, int(text[2:4]) or 1, int(text[4:6]) or 1
        )
    return dt.date(int(text[:4]), int(text[4:6]) or 1, int(text[6:8]) or 1)


def phoenix_dates(text: str) -> tuple[str, dt.date, dt.date]:
    """``[CODE DATES]`` -> ``(CODE, first day, last day)`` (open ends are date.min/max)."""
    inner = text.strip().strip("[]").strip()
    parts = inner.split()
    code = parts[0] if parts else ""
    lo, hi = _FAR
    if len(parts) > 1:
        spec = parts[1]
        try:
            if spec.startswith(">"):
                lo = _date(spec[1:])
            elif spec.startswith("<"):
                hi = _date(spec[1:])
            elif "-" in spec:
                a, b = spec.split("-", 1)
                lo, hi = _date(a), _date(b)
        except ValueError:
            pass
    return code, lo, hi


def _phrase(text: str) -> tuple[str, ...]:
    """``RUSSIAN_PRESIDENT_VLADIMIR_V._PUTIN`` -> ``('RUSSIAN', 'PRESIDENT', 'VLADIMIR', 'V', 'PUTIN')``.

    Words are upper-cased and split on ``_``, spaces and the punctuation the tokenizer drops.
    """
    text = text.strip().upper().replace("’", "'")
    words = re.split(r"[_\s]+", text)
    out: list[str] = []
    for w in words:
        w = w.strip(".,")
        if not w:
            continue
        for p in re.split(r"\.(?=\w)|(?<=\w)\.", w):
            # the tokenizer splits a possessive off ("People's" -> "People", "'s") and drops
            # a trailing apostrophe ("Peoples'"): phrases are split the same way, else the
            # UN's "Democratic People's Republic of Korea" matched only its tail (South Korea)
            if len(p) > 2 and p.endswith("'S"):
                out += [p[:-2], "'S"]
            elif p.strip("'"):
                out.append(p.rstrip("'"))
    return tuple(out)


def read_actors(path: Path) -> list[ActorEntry]:
    """Entries of a Phoenix/TABARI actor dictionary (countries or international actors)."""
    entries: list[ActorEntry] = []
    phrases: list[tuple[str, ...]] = []
    codes: list[tuple[str, dt.date, dt.date]] = []
    label = ""

    def flush() -> None:
        nonlocal phrases, codes, label
        if phrases and codes:
            dated = any(lo != dt.date.min or hi != dt.date.max for _, lo, hi in codes)
            # a person holds dated roles (CHNGOV, IGOWSTNAT); a country may have dated codes
            # too (Ukraine: USRUKR until 1991, then UKR) but keeps a bare country code
            person = dated and all(len(c) > 3 for c, _, _ in codes)
            entries.append(ActorEntry(tuple(phrases), tuple(codes), person, label))
        phrases, codes, label = [], [], ""

    for raw in path.read_bytes().decode("utf-8", "replace").splitlines():
        line = raw.split("#", 1)[0].rstrip()
        if not line.strip():
            continue
        if line[0] in " \t" and line.strip().startswith("["):
            codes += [phoenix_dates(m) for m in _CODE.findall(line)]
            continue
        stripped = line.strip()
        if stripped.startswith("+"):
            name = _CODE.split(stripped[1:])[0]
            phrase = _phrase(name)
            if phrase:
                phrases.append(phrase)
            codes += [phoenix_dates(m) for m in _CODE.findall(stripped)]
            continue
        if stripped.startswith("["):
            codes += [phoenix_dates(m) for m in _CODE.findall(stripped)]
            continue
        flush()
        name = stripped.split("[", 1)[0]
        phrase = _phrase(name)
        if phrase:
            phrases.append(phrase)
            label = " ".join(w.title() for w in phrase)
        codes += [phoenix_dates(m) for m in _CODE.findall(stripped)]
    flush()
    return entries


def read_agents(path: Path) -> dict[tuple[str, ...], str]:
    """``{phrase: agent code}`` of a Phoenix agents dictionary (``PRESIDENT`` -> ``GOV``)."""
    subs: dict[str, list[str]] = {}
    out: dict[tuple[str, ...], str] = {}
    for raw in path.read_bytes().decode("utf-8", "replace").splitlines():
        line = raw.split("#", 1)[0].strip()
        if not line:
            continue
        m = re.match(r"^(![A-Z]+!)\s*=\s*(.+)$", line)
        if m:
            subs[m.group(1)] = [w.strip() for w in m.group(2).split(",") if w.strip()]
            continue
        code = _CODE.search(line)
        if not code or not code.group(1).startswith("~"):
            continue
        name = line[: code.start()].replace("{}", "").strip()
        variants = [name]
        for key, words in subs.items():
            if key in name:
                variants = [v.replace(key, w) for v in variants for w in words]
        for v in variants:
            phrase = _phrase(v)
            if phrase:
                out.setdefault(phrase, code.group(1)[1:])
    return out


# --- verbs -------------------------------------------------------------------------------
def verb_forms(verb: str) -> tuple[str, ...]:
    """The regular forms of an upper-case verb: base, -S, -ED, -ING (as PETRARCH makes them)."""
    v = verb
    cons_y = len(v) > 1 and v.endswith("Y") and v[-2] not in "AEIOU"
    if v.endswith(("S", "X", "Z", "CH", "SH")):
        s = v + "ES"
    elif cons_y:
        s = v[:-1] + "IES"
    else:
        s = v + "S"
    if v.endswith("E"):
        ed = v + "D"
    elif cons_y:
        ed = v[:-1] + "IED"
    else:
        ed = v + "ED"
    ing = v[:-1] + "ING" if v.endswith("E") and not v.endswith("EE") else v + "ING"
    return (v, s, ed, ing)


@dataclass(frozen=True)
class Pattern:
    """A verb pattern: word slots before and after the verb, and the CAMEO code it gives."""

    before: tuple[tuple[str, ...], ...]
    after: tuple[tuple[str, ...], ...]
    code: str


@dataclass
class VerbBlock:
    """A verb block: its verbs (form -> own code or None) and its patterns."""

    name: str
    code: str | None
    verbs: dict[tuple[str, ...], str | None] = field(default_factory=dict)
    patterns: list[Pattern] = field(default_factory=list)


def _cameo(text: str) -> str | None:
    """``042:043`` -> ``042``; ``:173`` -> ``173``; ``---`` -> None."""
    text = text.strip()
    if not text or text.startswith("-"):
        return None
    first, _, second = text.partition(":")
    code = first or second
    return code if code.isdigit() else None


def _slot_words(text: str, synsets: dict[str, tuple[str, ...]]) -> tuple[tuple[str, ...], ...]:
    """Pattern text -> slots, each a tuple of alternative words (a synset expands)."""
    slots: list[tuple[str, ...]] = []
    for tok in re.split(r"[\s{}()]+", text):
        tok = tok.strip()
        if not tok or tok in ("$", "+", "^", "%", "|", "*"):
            continue
        if tok.startswith("&"):
            members = synsets.get(tok.rstrip("_"))
            if members:
                slots.append(members)
            continue
        tok = tok.strip("$+^%")
        if tok and re.match(r"^[A-Z][A-Z'\-_.]*$", tok):
            for w in _phrase(tok):
                slots.append((w,))
    return tuple(slots)


def read_verbs(path: Path) -> list[VerbBlock]:
    """The verb blocks of a PETRARCH CAMEO verb dictionary, with synsets expanded in patterns."""
    lines = path.read_bytes().decode("utf-8", "replace").splitlines()
    synsets: dict[str, tuple[str, ...]] = {}
    current: list[str] | None = None
    start = next(
        (k for k, raw in enumerate(lines) if raw.startswith("####### VERB PATTERNS")), len(lines)
    )
    name = ""
    for raw in lines[:start]:
        line = raw.split("#", 1)[0].strip()
        if line.startswith("&"):
            current = []
            synsets[line.rstrip("_").split()[0]] = ()
            name = line.rstrip("_").split()[0]
        elif line.startswith("+") and current is not None:
            current.append(line[1:].strip().rstrip("_").replace("_", " ").split()[0])
            synsets[name] = tuple(current)
    blocks: list[VerbBlock] = []
    block: VerbBlock | None = None
    for raw in lines[start + 1 :]:
        line = raw.split("#", 1)[0].rstrip()
        s = line.strip()
        if not s:
            continue
        m = re.match(r"^---\s+(\S+)\s+\[([^\]]*)\]\s*---", s)
        if m:
            block = VerbBlock(m.group(1), _cameo(m.group(2)))
            blocks.append(block)
            continue
        if block is None:
            continue
        if s.startswith("-"):
            codes = _CODE.findall(s)
            if not codes:
                continue
            code = _cameo(codes[-1])
            body = _CODE.sub(" ", s[1:])
            if "*" not in body or code is None:
                continue
            pre, _, post = body.partition("*")
            block.patterns.append(
                Pattern(_slot_words(pre, synsets), _slot_words(post, synsets), code)
            )
            continue
        own = _CODE.search(s)
        own_code = _cameo(own.group(1)) if own else None
        head = s[: own.start()] if own else s
        irregular = re.search(r"\{([^}]*)\}", head)
        word = head.split("{", 1)[0].strip().lstrip("+").rstrip("_")
        if not word or not re.match(r"^[A-Z][A-Z'\-_]*$", word):
            continue
        parts = tuple(p for p in word.split("_") if p)
        forms = set(verb_forms(parts[0])) if not irregular else {parts[0]}
        if irregular:
            for f in irregular.group(1).split():
                f = f.lstrip("+").rstrip("_")
                if f:
                    forms.add(f.split("_")[0])
        for f in forms:
            block.verbs[(f, *parts[1:])] = own_code
    return blocks


def read_plover(path: Path) -> dict[str, str]:
    """``{CAMEO code: PLOVER event type}`` (``"042"`` -> ``"CONSULT"``); codes not listed map to none."""
    out: dict[str, str] = {}
    for raw in path.read_text("utf-8", "replace").splitlines():
        line = raw.split("#", 1)[0].strip()
        m = re.match(r"^(\d{2,4}):\s*([A-Z]+)", line)
        if m:
            out.setdefault(m.group(1), m.group(2))
    return out


def iter_speakers(path: Path) -> Iterator[tuple[int, str, str, str]]:
    """``(year, ISO3, name, post)`` of every row of ``Speakers_by_session.xlsx`` (openpyxl)."""
    import openpyxl

    wb = openpyxl.load_workbook(path, read_only=True, data_only=True)
    try:
        ws = wb.worksheets[0]
        for i, row in enumerate(ws.iter_rows(values_only=True)):
            if i == 0 or not row or len(row) < 6:
                continue
            year, _session, iso, _country, name, post = row[:6]
            if isinstance(year, int) and isinstance(iso, str) and isinstance(name, str):
                yield year, iso.strip().upper(), name.strip(), str(post or "").strip()
    finally:
        wb.close()
