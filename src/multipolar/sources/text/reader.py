"""Reading one document: sentences coded in a stream, then quotes, claim candidates, key terms.

:func:`read_stream` is the single code path for a string, a file of any size (memory stays
flat: a piece of about 1 MB at a time, and at most :data:`KEEP` records of each kind are kept
while every record is counted) and each speech of a corpus.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import io
import re
from collections import Counter
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from functools import cache
from pathlib import Path
from typing import Any, BinaryIO

from multipolar.errors import FormatError, InputError
from multipolar.sources.text.coder import _ADDRESS, _SPEECH, Coder, Mention, Sentence
from multipolar.sources.text.lexicon import LEXICON_FILES, Lexicon, cached_lexicon
from multipolar.sources.text.segment import english_share, read_pieces, sentences
from multipolar.sources.text.stance import Stance, target_stances

#: at most this many events, quotes, claim candidates and mention spans are kept per document
KEEP = 20_000
_QUOTE = re.compile(r"“([^“”]{3,3000})”|\"([^\"]{3,3000})\"")
_SKIP_LINE = re.compile(r"^(read more|leave a reply|share this|related:|advertisement)\b", re.I)
_PAIR_WORDS = re.compile(
    r"\b(they|their|them|both (?:nations|countries|sides|states)|the two (?:nations|countries|"
    r"sides|states|powers)|each other|these nations)\b",
    re.I,
)


@dataclass
class Document:
    """What reading one text gave (records as plain dicts, JSON-ready)."""

    name: str
    sha256: str
    date: dt.date | None
    chars: int = 0
    sentences: int = 0
    words: int = 0
    english: float | None = None
    language_ok: bool = True
    actors: dict[str, dict[str, Any]] = field(default_factory=dict)
    mentions: list[dict[str, Any]] = field(default_factory=list)
    events: list[dict[str, Any]] = field(default_factory=list)
    quotes: list[dict[str, Any]] = field(default_factory=list)
    candidates: list[dict[str, Any]] = field(default_factory=list)
    terms: Counter[str] = field(default_factory=Counter)
    counts: Counter[str] = field(default_factory=Counter)
    sentence_records: list[dict[str, Any]] = field(default_factory=list)
    stances: list[dict[str, Any]] = field(default_factory=list)
    speaker: int | None = None


@cache
def _lexicon(states_id: int, states: Any) -> Lexicon:
    from multipolar import config
    from multipolar.sources.fetch import fetch
    from multipolar.sources.pins import pinned

    files = [pinned(p) for p in LEXICON_FILES]
    paths = {f.path: fetch(f) for f in files}
    return cached_lexicon(paths, {f.path: f.sha256 for f in files}, states, config.home() / "cache")


def lexicon(states: Any) -> Lexicon:
    """The lexicon from the pinned dictionaries (fetched on first use; cached as a pickle)."""
    return _lexicon(id(states), states)


@cache
def _cameo() -> Callable[[str], tuple[int, float] | None]:
    from multipolar.sources.events.cameo import cameo_table

    table = cameo_table()

    def look(code: str) -> tuple[int, float] | None:
        c = table.codes.get(code)
        return (c.quad_class, c.goldstein) if c else None

    return look


def read_stream(
    fh: BinaryIO,
    *,
    states: Any,
    name: str = "text",
    date: dt.date | None = None,
    lex: Lexicon | None = None,
    keep_sentences: bool = False,
    on_event: Callable[[dict[str, Any]], None] | None = None,
    sha256: str | None = None,
    corpus: bool = False,
    speaker: int | None = None,
) -> Document:
    """Code a text stream. ``on_event`` receives every event (kept or not) as it is coded.

    ``corpus=True`` skips what a corpus summary does not use (quotes, claim candidates, the
    list of mention spans) and keeps one record per sentence instead. ``speaker`` (a COW code)
    is the state that speaks (a General Debate speech): "we", "I" and "my country" before a
    verb are its actor.

    Raises :class:`~multipolar.errors.InputError` for an empty text and
    :class:`~multipolar.errors.FormatError` for binary data.
    """
    lex = lex or lexicon(states)
    if sha256 is None:
        raw = fh.read()
        sha256 = hashlib.sha256(raw).hexdigest()
        fh = io.BytesIO(raw)
    doc = Document(name, sha256, date, speaker=speaker)
    coder = Coder(lex, states, date=date, doc_sha=sha256, cameo=_cameo(), speaker=speaker)
    sample: list[str] = []
    index = 0
    for offset, piece in read_pieces(fh, name):
        doc.chars = offset + len(piece)
        for start, end, text in sentences(piece, offset):
            if _SKIP_LINE.match(text):
                doc.counts["skipped lines"] += 1
                continue
            if len(sample) < 3000:
                sample += re.findall(r"[^\W\d_]+", text)[:200]
            s = Sentence(index, start, end, text)
            index += 1
            coder.code_sentence(s)
            doc.words += s.words
            _collect(doc, s, lex, keep_sentences or corpus, on_event, corpus)
            if not corpus:
                _quotes(doc, s, piece, offset, coder)
    doc.sentences = index
    if doc.chars == 0 or not doc.words:
        raise InputError(f"{name} is empty (no words to read)")
    doc.english = round(english_share(sample), 3)
    if len(sample) >= 30 and doc.english < 0.08:
        doc.language_ok = False
        doc.events.clear()
        doc.quotes.clear()
        doc.candidates.clear()
        doc.counts["events"] = 0
    return doc


def _collect(
    doc: Document,
    s: Sentence,
    lex: Lexicon,
    keep_sentences: bool,
    on_event: Callable[[dict[str, Any]], None] | None,
    corpus: bool = False,
) -> None:
    for m in s.mentions:
        a = m.actor
        rec = doc.actors.get(a.id)
        if rec is None:
            rec = doc.actors[a.id] = {**a.as_dict(), "mentions": 0, "as": Counter()}
        rec["mentions"] += 1
        rec["as"][m.text] += 1
        doc.counts["mentions"] += 1
        if not corpus and len(doc.mentions) < KEEP:
            doc.mentions.append(
                {"actor": a.id, "start": m.start, "end": m.end, "text": m.text, "sentence": s.index}
            )
    for e in s.events:
        doc.counts["events"] += 1
        if on_event is not None:
            on_event(e)
        if len(doc.events) < KEEP:
            doc.events.append(e)
    targets = {
        m.actor.ccode: m.actor.name
        for m in s.mentions
        if m.actor.kind == "state" and m.actor.ccode is not None and m.actor.ccode != doc.speaker
    }
    stances = _stances(s, targets, doc.speaker) if targets else {}
    if stances:
        doc.counts["stance rows"] += len(targets)
        if not corpus and len(doc.stances) < KEEP:
            doc.stances.extend(
                {"sentence": s.index, "text": s.text, "speaker": doc.speaker, "target": cc,
                 "target_name": name, "stance": stances[cc].stance, "score": stances[cc].score,
                 "cues": list(stances[cc].cues)}
                for cc, name in sorted(targets.items())
            )  # fmt: skip
    low = s.text.lower()
    terms: Counter[str] = Counter()
    if any(h in low for h in lex.term_hints):
        terms.update(
            lex.term_names[m.lastgroup] for m in lex.term_regex.finditer(s.text) if m.lastgroup
        )
    doc.terms.update(terms)
    if keep_sentences and (s.mentions or terms):
        doc.sentence_records.append(
            {
                "index": s.index,
                "text": s.text,
                "actors": sorted({m.actor.id for m in s.mentions}),
                "states": sorted({m.actor.ccode for m in s.mentions if m.actor.ccode is not None}),
                "events": [
                    (
                        e["source"]["ccode"],
                        e["target"]["ccode"] if e["target"] else None,
                        e["quad_class"],
                    )
                    for e in s.events
                ],
                "terms": dict(terms),
                "stances": {cc: st.stance for cc, st in stances.items()},
                # P(cooperative) - P(conflictual): the examples shown are the surest ones
                "stance_scores": {cc: st.score for cc, st in stances.items()},
            }
        )
    if corpus:
        return
    pairish = bool(_PAIR_WORDS.search(s.text))
    states_in = sorted({m.actor.ccode for m in s.mentions if m.actor.ccode is not None})
    if (states_in or pairish) and s.words >= 6 and not s.text.rstrip().endswith("?"):
        drivers = [k for k, pat in lex.claim_cues if pat.search(s.text)]
        doc.counts["claim candidates"] += 1
        if len(doc.candidates) < KEEP:
            doc.candidates.append(
                {
                    "sentence": s.index,
                    "start": s.start,
                    "end": s.end,
                    "text": s.text,
                    "drivers": drivers,
                    "states": states_in,
                    "others": sorted({m.actor.id for m in s.mentions if m.actor.ccode is None}),
                    "pair_words": pairish,
                    "future": bool(
                        re.search(r"\b(will|would|should|must|going to|shall)\b", s.text, re.I)
                    ),
                    "events": [e["event_id"] for e in s.events],
                }
            )


def _stances(s: Sentence, targets: dict[int, str], speaker: int | None) -> dict[int, Stance]:
    """The speaker's stance toward each target state of ``s`` (its mentions as spans)."""
    spans: dict[int, list[tuple[int, int]]] = {}
    for m in s.mentions:
        if m.actor.kind == "state" and m.actor.ccode is not None:
            spans.setdefault(m.actor.ccode, []).append((m.start - s.start, m.end - s.start))
    return target_stances(s.text, spans, targets=sorted(targets), speaker=speaker)


def _nearest(ms: list[Mention], before: int) -> Mention | None:
    """The mention that ends last before ``before``, people first."""
    cands = [m for m in ms if m.end <= before]
    if not cands:
        return None
    people = [m for m in cands if m.actor.kind == "person"]
    pool = people if people and before - people[-1].end < 200 else cands
    return max(pool, key=lambda m: m.end)


def _quotes(doc: Document, s: Sentence, piece: str, offset: int, coder: Coder) -> None:
    """Direct quotes whose opening mark is in ``s``, and reported speech ("X said that ...")."""
    local = s.text
    found = False
    for q in _QUOTE.finditer(local):
        body = q.group(1) or q.group(2) or ""
        if len(body.split()) < 4:
            continue  # scare quotes: “zero-sum”
        head = local[: q.start()]
        tail = local[q.end() :]
        verb = None
        for w in re.finditer(r"[A-Za-z]+", head):
            if w.group().upper() in _SPEECH:
                verb = w
        by_tail = re.match(r"\W*(?:,\s*)?([^.]{0,80}?)\b(said|says|added|stated|told)\b", tail)
        according = re.search(r"\baccording to\b", head, re.I)
        if verb is None and by_tail is None and according is None:
            continue
        speaker = addressee = None
        if verb is not None:
            abs_verb = s.start + verb.start()
            speaker = _nearest(s.mentions, abs_verb)
            if verb.group().upper() in _ADDRESS:
                after = [m for m in s.mentions if abs_verb < m.start < s.start + q.start()]
                addressee = after[0] if after else None
        elif by_tail is not None:
            ms = [m for m in s.mentions if m.start >= s.start + q.end()]
            speaker = ms[0] if ms else None
        elif according is not None:
            speaker = _nearest(s.mentions, s.start + q.start())
        found = True
        _add_quote(
            doc, s, "direct", body, s.start + q.start(), s.start + q.end(), speaker, addressee
        )
    if found:
        return
    m = re.search(
        r"\b(said|says|stated|told|stressed|noted|declared|warned)\b([^.]{0,60}?)\bthat\b(.{12,})",
        local,
    )
    if m:
        abs_verb = s.start + m.start(1)
        speaker = _nearest(s.mentions, abs_verb)
        if speaker is not None:
            addressee = None
            if m.group(1).upper() in _ADDRESS:
                after = [x for x in s.mentions if abs_verb < x.start < s.start + m.start(3)]
                addressee = after[0] if after else None
            _add_quote(
                doc,
                s,
                "reported",
                m.group(3).strip(),
                s.start + m.start(3),
                s.end,
                speaker,
                addressee,
            )


def _add_quote(
    doc: Document,
    s: Sentence,
    kind: str,
    text: str,
    start: int,
    end: int,
    speaker: Mention | None,
    addressee: Mention | None,
) -> None:
    doc.counts["quotes"] += 1
    if len(doc.quotes) >= KEEP:
        return
    doc.quotes.append(
        {
            "kind": kind,
            "text": text,
            "start": start,
            "end": end,
            "sentence": s.index,
            "speaker": speaker.actor.as_dict() if speaker else None,
            "speaker_text": speaker.text if speaker else None,
            "speaker_state": speaker.actor.ccode if speaker else None,
            "addressee": addressee.actor.as_dict() if addressee else None,
            "addressee_text": addressee.text if addressee else None,
        }
    )


def read_text(text: str, *, states: Any, name: str = "text", **kw: Any) -> Document:
    """:func:`read_stream` on a string."""
    return read_stream(io.BytesIO(text.encode("utf-8")), states=states, name=name, **kw)


def read_path(path: Path, *, states: Any, **kw: Any) -> Document:
    """:func:`read_stream` on a file (its sha256 is computed first, in one streaming pass)."""
    from multipolar.sources.fetch import sha256_file

    try:
        sha = sha256_file(path)
        with open(path, "rb") as fh:
            return read_stream(fh, states=states, name=path.name, sha256=sha, **kw)
    except (OSError, UnicodeError) as exc:
        raise FormatError(f"cannot read {path}: {exc.__class__.__name__}: {exc}") from exc


def iter_names(items: Iterable[str]) -> list[str]:
    return list(items)
