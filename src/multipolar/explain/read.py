"""``read(text)``: the actors, events, quotes and claims of a text, each claim checked against the data.

The NLP is :mod:`multipolar.sources.text` (a dictionary coder, pure); this module assembles
its output into a :class:`Reading` (JSON-serialisable records). Each sentence that names a
state becomes a proposition (:mod:`multipolar.sources.text.propositions`: the states, the
channel, polarity, comparison, change, named events and period it asserts) or is marked *not
a claim* with the reason; each claim is checked by :mod:`multipolar.explain.claims` against the
one channel it names, for its pair, with data up to the text's date -- and, for claims that
report an event between two states, against the imported event data for that dyad and month.
Where the data cannot check a claim the record says so and why.
"""

from __future__ import annotations

import datetime as dt
import io
import os
import re
from collections import Counter
from collections.abc import Callable
from dataclasses import asdict, dataclass, field
from pathlib import Path
from typing import Any

from multipolar import states as _states
from multipolar.errors import FormatError, InputError, MultipolarError, NotLoadedError
from multipolar.explain import claims as _claims
from multipolar.jsonutil import jsonable
from multipolar.sources.text import reader as _reader
from multipolar.sources.text.propositions import (
    Mention,
    joined_pair,
    pronoun_subject,
    proposition,
)
from multipolar.store import Store


@dataclass
class Reading:
    """Everything read from one text (see docs/read.md for the JSON schema)."""

    document: dict[str, Any]
    actors: list[dict[str, Any]] = field(default_factory=list)
    mentions: list[dict[str, Any]] = field(default_factory=list)
    events: list[dict[str, Any]] = field(default_factory=list)
    quotes: list[dict[str, Any]] = field(default_factory=list)
    claims: list[dict[str, Any]] = field(default_factory=list)
    stances: list[dict[str, Any]] = field(default_factory=list)
    pair: list[dict[str, Any]] = field(default_factory=list)
    counts: dict[str, int] = field(default_factory=dict)
    notes: list[str] = field(default_factory=list)
    sources: list[dict[str, Any]] = field(default_factory=list)
    text: str | None = None

    def to_dict(self) -> dict[str, Any]:
        return jsonable(asdict(self))


# --- reading -------------------------------------------------------------------------------
def _date(value: str | dt.date | None) -> dt.date | None:
    if value is None or isinstance(value, dt.date):
        return value
    try:
        return dt.date.fromisoformat(str(value))
    except ValueError:
        raise InputError(f"--date {value!r} is not a date; use YYYY-MM-DD") from None


def _document(
    source: str | os.PathLike[str] | bytes,
    date: dt.date | None,
    on_event: Callable[[dict[str, Any]], None] | None,
    name: str | None,
    speaker: int | None = None,
) -> tuple[_reader.Document, str | None]:
    if isinstance(source, bytes):
        doc = _reader.read_stream(
            io.BytesIO(source),
            states=_states,
            name=name or "text",
            date=date,
            on_event=on_event,
            speaker=speaker,
        )
        return doc, _reader_text(source)
    if isinstance(source, str):  # a str is text, never a path (no guessing)
        if not source.strip():
            raise InputError(f"{name or 'the text'} is empty (no words to read)")
        data = source.encode("utf-8")
        doc = _reader.read_stream(
            io.BytesIO(data),
            states=_states,
            name=name or "text",
            date=date,
            on_event=on_event,
            speaker=speaker,
        )
        return doc, source
    if not isinstance(source, os.PathLike):
        raise InputError(
            f"read() takes the text (str or bytes) or a path (pathlib.Path, or path=), "
            f"not {type(source).__name__}"
        )
    path = Path(source)
    if path.is_dir():
        raise InputError(f"{path} is a folder; use read_corpus() (or `multipolar read DIR`)")
    if not path.is_file():
        raise InputError(f"no file {path}")
    doc = _reader.read_path(path, states=_states, date=date, on_event=on_event, speaker=speaker)
    text = None
    if path.stat().st_size <= _HTML_MAX:
        text = _reader_text(path.read_bytes())
    return doc, text


_HTML_MAX = 2 << 20  # the HTML shows texts up to 2 MB inline


def _reader_text(data: bytes) -> str | None:
    from multipolar.sources.text.segment import decode

    try:
        return decode(data)
    except FormatError:
        return None


def read(
    source: str | os.PathLike[str] | bytes | None = None,
    *,
    path: str | os.PathLike[str] | None = None,
    date: str | dt.date | None = None,
    store: Store | None = None,
    check: bool = True,
    name: str | None = None,
    on_event: Callable[[dict[str, Any]], None] | None = None,
    speaker: str | int | None = None,
) -> Reading:
    """Read a text (a string, bytes or a path): actors, events, quotes, claims checked.

    A ``str`` is always the text itself; a file is given as a :class:`pathlib.Path` (any
    ``os.PathLike``) or as ``path=`` (a str or a Path): ``read(path="op-ed.txt")``.

    ``date`` (``YYYY-MM-DD``) dates the text: it resolves "in September" and picks each
    person's role at the time; without it, events carry the date only when the sentence gives
    one. ``check=False`` skips the checks against the store. ``on_event`` sees every event as
    it is coded (the CLI streams ``--events-out`` through it). Raises
    :class:`~multipolar.errors.InputError` for an empty text and
    :class:`~multipolar.errors.FormatError` for binary data; a text that is not English is
    read (``notes`` says so) but yields no events, quotes or claims.

    ``speaker`` (a state's name or code) names the state that speaks (a speech outside the
    corpus): "we" and "my country" are its actor, and ``stances`` (one row per sentence and
    state it names other than the speaker: the sentence, ``speaker``, ``target``, ``stance``
    cooperative/conflictual/neutral, the cues; :mod:`multipolar.sources.text.stance`) are its
    stances; without it they are the author's.

    Example: ``read(path="op-ed.txt", date="2022-11-01").claims[0]["check"]``.
    """
    if path is not None:
        if source is not None:
            raise InputError("give the text or path=, not both")
        source = Path(path)
    if source is None:
        raise InputError("give the text (a str), or a file as a Path or path=")
    when = _date(date)
    who = (
        _states.resolve(speaker, when.year if when else None).ccode if speaker is not None else None
    )
    doc, text = _document(source, when, on_event, name, who)
    rd = Reading(
        document={
            "name": doc.name,
            "sha256": doc.sha256,
            "date": when,
            "chars": doc.chars,
            "sentences": doc.sentences,
            "words": doc.words,
            "english_share": doc.english,
            "language": "English" if doc.language_ok else "not English",
        },
        text=text,
    )
    rd.actors = sorted(
        (
            {**{k: v for k, v in a.items() if k != "as"}, "as": dict(a["as"].most_common())}
            for a in doc.actors.values()
        ),
        key=lambda a: (-a["mentions"], a["name"]),
    )
    rd.mentions = doc.mentions
    rd.events = doc.events
    rd.quotes = doc.quotes
    rd.stances = [
        {
            **r,
            "speaker_name": _states.name_in(r["speaker"], when.year if when else None)
            if r["speaker"] is not None
            else None,
        }
        for r in doc.stances
    ]
    rd.counts = dict(doc.counts)
    if not doc.language_ok:
        rd.notes.append(
            f"{doc.name} does not look like English ({doc.english:.0%} of its words are common "
            "English words; English prose has 30–50%): no events, quotes or claims were coded"
        )
        return rd
    for kind, n in doc.counts.items():
        if kind in ("events", "quotes", "claim candidates") and n > _reader.KEEP:
            rd.notes.append(f"{n:,} {kind} found; the first {_reader.KEEP:,} are kept")
    if when is None:
        undated = sum(1 for e in rd.events if e["date"] is None)
        if undated:
            rd.notes.append(
                f"{undated} event(s) have no date (the sentence gives none and no --date was "
                "given); they are not written to --events-out"
            )
    pair = focal_pair(rd.actors)
    rd.pair = [a for a in rd.actors if a["id"] in pair]
    dated = _check_date(rd)
    rd.claims = claims(
        _short_candidates(rd, doc.candidates),
        pair,
        rd.events,
        mentions=rd.mentions,
        actors=rd.actors,
        year=dated.year if dated else None,
        text=rd.text,
    )
    if check:
        check_claims(rd, store=store)
    return rd


def focal_pair(actors: list[dict[str, Any]]) -> list[str]:
    """The two states the text is about: the two most mentioned (ties: first listed)."""
    ranked = [a for a in actors if a["kind"] == "state"]
    return [a["id"] for a in ranked[:2]]


def _sentence_mentions(
    rd_mentions: list[dict[str, Any]], codes: dict[str, int | None], c: dict[str, Any]
) -> list[Mention]:
    """The state mentions of candidate ``c`` (a person counts as their state), offsets
    relative to the sentence."""
    out = []
    for m in rd_mentions:
        if m["sentence"] != c["sentence"]:
            continue
        code = codes.get(m["actor"])
        if code is not None:
            s0 = m["start"] - c["start"]
            before = c["text"][max(0, s0 - 4) : s0].lower()
            named = _states.name_in(int(code)).lower()
            place = before.endswith(("in ", "at ")) and named not in m["text"].lower()
            out.append(Mention(int(code), s0, m["end"] - c["start"], m["text"], place))
    return out


def _short_candidates(rd: Reading, candidates: list[dict[str, Any]]) -> list[dict[str, Any]]:
    """The reader's claim candidates plus the sentences under its six-word floor that name
    two states ("Russia sells arms to China."): short claims are claims too."""
    from bisect import bisect_right

    from multipolar.sources.text.segment import sentences

    if rd.text is None:
        return candidates
    have = {c["sentence"] for c in candidates}
    codes = {a["id"]: a.get("ccode") for a in rd.actors if a["kind"] in ("state", "person")}
    by_sent: dict[int, list[dict[str, Any]]] = {}
    for m in rd.mentions:
        if m["sentence"] not in have and codes.get(m["actor"]) is not None:
            by_sent.setdefault(m["sentence"], []).append(m)
    want = {i: ms for i, ms in by_sent.items() if len({codes[m["actor"]] for m in ms}) >= 2}
    spans = list(sentences(rd.text))
    starts = [sp[0] for sp in spans]
    extra = _short_pronoun_sentences(candidates, spans, rd.text)
    if not want:
        return sorted([*candidates, *extra], key=lambda c: c["sentence"])
    for i, ms in want.items():
        k = bisect_right(starts, ms[0]["start"]) - 1
        if k < 0:
            continue
        start, end, text = spans[k]
        if not start <= ms[0]["start"] < end or text.rstrip().endswith("?"):
            continue
        extra.append({"sentence": i, "start": start, "end": end, "text": text, "events": []})
    return sorted([*candidates, *extra], key=lambda c: c["sentence"])


def _short_pronoun_sentences(
    candidates: list[dict[str, Any]], spans: list[tuple[int, int, str]], text: str
) -> list[dict[str, Any]]:
    """Sentences under the reader's six-word floor whose subject is "They" / "Both" / "The
    two countries" ("They vote together."), right after a candidate that names two states:
    candidates too (they may inherit its pair, :func:`claims`)."""
    by_start = {c["start"]: c for c in candidates}
    have = {c["sentence"] for c in candidates}
    out = []
    for k in range(1, len(spans)):
        start, end, sent = spans[k]
        prev = by_start.get(spans[k - 1][0])
        if (
            prev is None
            or re.search(r"\n\s*\n", text[prev["end"] : start])
            or len(prev.get("states") or []) < 2
            or prev["sentence"] + 1 in have
            or len(sent.split()) >= 6
            or sent.rstrip().endswith("?")
            or not pronoun_subject(sent)
        ):
            continue
        out.append(
            {
                "sentence": prev["sentence"] + 1,
                "start": start,
                "end": end,
                "text": sent,
                "events": [],
            }
        )
    return out


def claims(
    candidates: list[dict[str, Any]],
    pair: list[str],
    events: list[dict[str, Any]],
    *,
    mentions: list[dict[str, Any]] | None = None,
    actors: list[dict[str, Any]] | None = None,
    year: int | None = None,
    text: str | None = None,
) -> list[dict[str, Any]]:
    """Each candidate sentence as a proposition (:mod:`multipolar.sources.text.propositions`):
    what it asserts (states, channel, polarity, comparison, change, events, period) or why it
    is not a claim, with the coded events between its two states. A sentence whose subject is
    "They" / "Both" / "The two countries" inherits the pair the sentence right before it
    names jointly ("Beijing and Moscow are ...") when no blank line (``text``: a paragraph
    break) lies between them."""
    codes = {a["id"]: a.get("ccode") for a in actors or [] if a["kind"] in ("state", "person")}
    focal = [int(p.split(":")[1]) for p in pair]
    by_id = {e["event_id"]: e for e in events}
    out = []
    last: tuple[int, int, list[int]] = (-2, 0, [])  # (sentence, end, the pair it names jointly)
    for c in candidates:
        ms = _sentence_mentions(mentions or [], codes, c)
        prev = (
            last[2]
            if last[0] == c["sentence"] - 1
            and text is not None
            and not re.search(r"\n\s*\n", text[last[1] : c["start"]])
            else []
        )
        prop = proposition(c["text"], ms, pair=focal, year=year, previous=prev).to_dict()
        last = (c["sentence"], c["end"], joined_pair(c["text"], ms))
        st = prop["states"]
        dyad_events = [
            by_id[i]
            for i in c["events"]
            if len(st) >= 2
            and i in by_id
            and by_id[i]["target"] is not None
            and {by_id[i]["source"]["ccode"], by_id[i]["target"]["ccode"]} == set(st[:2])
        ]
        out.append(
            {
                "sentence": c["sentence"],
                "start": c["start"],
                "end": c["end"],
                "text": c["text"],
                **prop,
                "asserts": _claims.asserts(prop),
                "pair": st[:2],
                "events": [e["event_id"] for e in dyad_events],
            }
        )
    return out


# --- checking ------------------------------------------------------------------------------
def _check_date(rd: Reading, *, note: bool = False) -> dt.date | None:
    """The text's date (``--date``), else a General Debate file's year (September; ``note``
    says so in ``rd.notes``), else None."""
    when = rd.document.get("date")
    if when is not None:
        return when  # type: ignore[no-any-return]
    m = re.fullmatch(r"[A-Z]{3}_\d{1,2}_(\d{4})\.txt", str(rd.document.get("name") or ""))
    if m:
        if note:
            rd.notes.append(
                f"claims are checked against data before September {m.group(1)} (a General "
                "Debate speech, dated by its file name); --date overrides"
            )
        return dt.date(int(m.group(1)), 9, 1)
    return None


def check_claims(rd: Reading, *, store: Store | None = None) -> None:
    """Attach to each claim what the data say (``claim["check"]``,
    :func:`multipolar.explain.claims.check`): only the channel it names, for its pair, with
    data up to the text's date."""
    from multipolar.explain.provenance import sources_for
    from multipolar.store import connect

    if not rd.claims:
        return
    when = _check_date(rd, note=True)
    if when is None:
        rd.notes.append(
            "the text has no date (--date): claims are checked against all the data, to the "
            "last year of each source"
        )
    need = {c["channel"] for c in rd.claims if c["kind"] == "claim" and c["channel"]}
    reported = [c for c in rd.claims if c["events"] and c.get("named_events")]
    if not need and not reported:  # nothing to read: the store is not opened
        for c in rd.claims:
            c["check"] = _claims.check(None, c)
        return
    own = store is None
    st = store if store is not None else connect()
    try:
        ck = _claims.checker(st, when, sorted(need))
        used: set[str] = set()
        for c in rd.claims:
            c["check"] = _claims.check(ck, c)
            used.update(c["check"].get("tables", []))
            if c["events"] and c.get("named_events"):  # the sentence reports an event
                c["check"]["events"] = _event_check(c, rd, st)
        rd.sources = sources_for(_claims.cards(sorted(used)), st) if used else []
    finally:
        if own:
            st.close()


def _event_check(claim: dict[str, Any], rd: Reading, store: Store | None) -> dict[str, Any]:
    from multipolar.explain.events import dyad_events

    by_id = {e["event_id"]: e for e in rd.events}
    e = by_id[claim["events"][0]]
    if e["date"] is None:
        return {"verdict": "cannot check", "reason": "the event has no date"}
    month = e["date"].strftime("%Y-%m")
    a, b = claim["pair"]
    try:
        df = dyad_events(a, b, start=month, end=month, store=store)
    except NotLoadedError:
        return {
            "month": month,
            "verdict": "cannot check",
            "reason": "no event data imported (`multipolar events import` adds GDELT/ICEWS files)",
        }
    except MultipolarError as exc:
        return {"month": month, "verdict": "cannot check", "reason": str(exc)}
    rows = df.to_dict("records")
    return {
        "month": month,
        "verdict": "events recorded" if rows else "no events recorded",
        "rows": rows,
        "note": "imported event files only; a month without rows means no report in them",
    }


# --- a folder -------------------------------------------------------------------------------
@dataclass
class CorpusReading:
    """A folder read as a corpus: per file status, and who speaks about whom by year."""

    files: list[dict[str, Any]]
    who_whom: list[dict[str, Any]]
    actors: list[dict[str, Any]]
    failed: list[dict[str, Any]]
    counts: dict[str, int]

    def to_dict(self) -> dict[str, Any]:
        return jsonable(asdict(self))


def read_corpus(
    folder: str | os.PathLike[str],
    *,
    date: str | dt.date | None = None,
    progress: Callable[[int, int, str], None] | None = None,
    on_event: Callable[[dict[str, Any]], None] | None = None,
) -> CorpusReading:
    """Read every file of ``folder`` (recursively): one summary of who speaks about whom.

    For each year (of ``date``, else of the file's modification time) and each pair of a
    source actor and a target actor of the coded events: events, cooperative (QuadClass 1–2)
    and conflictual (3–4) ones, and the balance (coop − conflict) / events; and each actor's
    mentions. Files that cannot be read (unreadable, empty, binary, not English) are counted
    and named in ``failed``; the others are summarised.
    """
    root = Path(folder)
    if not root.is_dir():
        raise InputError(f"{root} is not a folder")
    paths = sorted(p for p in root.rglob("*") if p.is_file() and not p.name.startswith("."))
    if not paths:
        raise InputError(f"{root} holds no files")
    when = _date(date)
    lex = _reader.lexicon(_states)
    who: dict[tuple[int, str, str], Counter[str]] = {}
    names: dict[str, str] = {}
    actors: Counter[tuple[int, str]] = Counter()
    files, failed = [], []
    counts: Counter[str] = Counter()
    for i, path in enumerate(paths):
        if progress:
            progress(i, len(paths), path.name)
        try:
            file_date = when or dt.date.fromtimestamp(path.stat().st_mtime)
            doc = _reader.read_path(
                path, states=_states, date=file_date, lex=lex, on_event=on_event
            )
        except (MultipolarError, OSError) as exc:
            failed.append({"file": str(path.relative_to(root)), "reason": str(exc)})
            counts["failed"] += 1
            continue
        if not doc.language_ok:
            failed.append(
                {"file": str(path.relative_to(root)), "reason": f"not English ({doc.english:.0%})"}
            )
            counts["not English"] += 1
            continue
        year = file_date.year
        counts["read"] += 1
        counts["events"] += doc.counts["events"]
        files.append(
            {
                "file": str(path.relative_to(root)),
                "sentences": doc.sentences,
                "events": doc.counts["events"],
            }
        )
        for a in doc.actors.values():
            actors[(year, a["id"])] += a["mentions"]
            names[a["id"]] = a["name"]
        for e in doc.events:
            if e["target"] is None:
                continue
            k = (e["date"].year if e["date"] else year, e["source"]["id"], e["target"]["id"])
            names[e["source"]["id"]] = e["source"]["name"]
            names[e["target"]["id"]] = e["target"]["name"]
            c = who.setdefault(k, Counter())
            c["events"] += 1
            c["coop" if e["quad_class"] <= 2 else "conflict"] += 1
    if progress:
        progress(len(paths), len(paths), "")
    rows = [
        {
            "year": y,
            "source": names[s],
            "target": names[t],
            "events": c["events"],
            "coop": c["coop"],
            "conflict": c["conflict"],
            "balance": round((c["coop"] - c["conflict"]) / c["events"], 3),
        }
        for (y, s, t), c in sorted(who.items(), key=lambda kv: (kv[0][0], -kv[1]["events"]))
    ]
    actor_rows = [
        {"year": y, "actor": names[a], "id": a, "mentions": n}
        for (y, a), n in sorted(actors.items(), key=lambda kv: (kv[0][0], -kv[1]))
    ]
    del lex
    return CorpusReading(files, rows, actor_rows, failed, dict(counts))
