"""``read(text)``: the actors, events, quotes and claims of a text, each claim checked against the data.

The NLP is :mod:`multipolar.sources.text` (a dictionary coder, pure); this module assembles
its output into a :class:`Reading` (JSON-serialisable records), decides which sentences are
claims about which pair of states, and checks each claim against the evidence matrix of
:func:`multipolar.explain.why.why` for that pair — and, for claims that report an event between
two states, against the imported event data for that dyad and month. Where the data cannot
check a claim the record says so and why.

Claims map to the keys of the evidence matrix (``economic``, ``forums``, ``third_power``,
``security``, ``igos``, ``rivalry``, ``power``, and ``sanctions`` once that source exists), to
``trend`` (forecasts and statements that ties are deepening: answered with the trend the data
show now; the forecast proper is the hook :func:`_forecast`), or to ``other``.
"""

from __future__ import annotations

import datetime as dt
import io
import os
from collections import Counter
from collections.abc import Callable
from dataclasses import asdict, dataclass, field
from pathlib import Path
from typing import Any

from multipolar import states as _states
from multipolar.errors import FormatError, InputError, MultipolarError, NotLoadedError
from multipolar.jsonutil import jsonable
from multipolar.sources.text import reader as _reader
from multipolar.store import Store

#: the order in which a sentence's drivers are ranked (the first present is its driver)
PRIORITY = (
    "sanctions",
    "economic",
    "third_power",
    "security",
    "forums",
    "igos",
    "rivalry",
    "power",
    "trend",
)
DRIVER_NAMES = {
    "economic": "economic interdependence",
    "forums": "shared positions in multilateral forums",
    "third_power": "common opposition to a third power",
    "security": "formal security ties / alliance portfolios",
    "igos": "shared membership in international organisations",
    "rivalry": "rivalry (its absence)",
    "power": "power (a balancing coalition)",
    "trend": "the trend of alignment",
    "sanctions": "sanctions",
    "other": "other",
}
#: blocs and IGOs checked against the why report's comparator (a state)
THIRD_PARTY_STATE = {"igo:IGOWSTNAT": 2, "bloc:WST": 2}


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
    rd.claims = claims(doc.candidates, pair, rd.events)
    if check:
        check_claims(rd, store=store)
    return rd


def focal_pair(actors: list[dict[str, Any]]) -> list[str]:
    """The two states the text is about: the two most mentioned (ties: first listed)."""
    ranked = [a for a in actors if a["kind"] == "state"]
    return [a["id"] for a in ranked[:2]]


def _driver(drivers: list[str], future: bool) -> str:
    if future and "trend" in drivers:
        return "trend"
    for key in PRIORITY:
        if key in drivers:
            return key
    return "other"


def claims(
    candidates: list[dict[str, Any]], pair: list[str], events: list[dict[str, Any]]
) -> list[dict[str, Any]]:
    """The candidates that are about the focal pair, each with its driver and third party."""
    if len(pair) < 2:
        return []
    codes = [int(p.split(":")[1]) for p in pair]
    by_id = {e["event_id"]: e for e in events}
    out = []
    for c in candidates:
        present = [cc for cc in codes if cc in c["states"]]
        if not present and not c["pair_words"]:
            continue
        third: int | None = next((s for s in c["states"] if s not in codes), None)
        if third is None:
            third = next(
                (THIRD_PARTY_STATE[o] for o in c["others"] if o in THIRD_PARTY_STATE), None
            )
        dyad_events = [
            by_id[i]
            for i in c["events"]
            if i in by_id
            and by_id[i]["target"] is not None
            and {by_id[i]["source"]["ccode"], by_id[i]["target"]["ccode"]} == set(codes)
        ]
        out.append(
            {
                "sentence": c["sentence"],
                "start": c["start"],
                "end": c["end"],
                "text": c["text"],
                "driver": _driver(c["drivers"], c["future"]),
                "drivers": c["drivers"],
                "kind": "forecast" if c["future"] else "assertion",
                "pair": codes,
                "third": third,
                "events": [e["event_id"] for e in dyad_events],
            }
        )
    return out


# --- checking ------------------------------------------------------------------------------
def _forecast(ev: Any) -> dict[str, Any] | None:
    """What the why report's backtested forecast says of where the pair is going (its
    "Where it is going" section, :func:`multipolar.explain.forecast.where_it_is_going`)."""
    out = getattr(ev, "outlook", None)
    if not out:
        return None
    skill = out.get("skill") or {}
    last = (out.get("forecast") or [{}])[-1]
    return {
        "statement": out.get("statement"),
        "p_rise": out.get("p_rise"),
        "year": last.get("year"),
        "model": out.get("model"),
        "skill": skill.get("sentence") if isinstance(skill, dict) else None,
    }


def check_claims(rd: Reading, *, store: Store | None = None) -> None:
    """Attach to each claim what the data say (``claim["check"]``); see the module docstring."""
    from multipolar.explain.why import why

    if not rd.claims:
        return
    evidence: dict[tuple[int, int, int], Any] = {}
    failures: dict[tuple[int, int, int], str] = {}
    for c in rd.claims:
        a, b = c["pair"]
        vs = c["third"] if c["third"] not in (None, a, b) else 2
        if vs in (a, b):
            vs = 2 if 2 not in (a, b) else 710 if 710 not in (a, b) else 365
        key = (a, b, vs)
        if key not in evidence and key not in failures:
            try:
                evidence[key] = why(a, b, vs=vs, store=store)
            except MultipolarError as exc:
                failures[key] = str(exc)
        if key in failures:
            c["check"] = {"verdict": "cannot check", "reason": failures[key]}
            continue
        ev = evidence[key]
        c["check"] = _check(c, ev)
        if c["events"]:
            c["check"]["events"] = _event_check(c, rd, store)
    seen: dict[str, dict[str, Any]] = {}
    for ev in evidence.values():
        for s in ev.sources:
            seen.setdefault(s.get("bibtex_key") or s["name"], s)
    rd.sources = list(seen.values())


def _check(claim: dict[str, Any], ev: Any) -> dict[str, Any]:
    key = claim["driver"]
    rows = {r.get("key"): r for r in ev.evidence_matrix}
    base = {
        "pair": [ev.states["a"]["name"], ev.states["b"]["name"]],
        "comparator": ev.states["vs"]["name"],
        "period": ev.period,
    }
    if key == "trend":
        from multipolar.explain.why.narrate import recent_trend

        row = rows.get("trend") or rows.get("forums")
        recent = recent_trend(ev)
        if row is None or recent is None:
            return {**base, "verdict": "cannot check", "reason": "no UN-vote series for the pair"}
        return {
            **base,
            "driver": "The trend of alignment",
            "key": "trend",
            # the direction now, as the why report's bottom line states it: the last segment of
            # the turning-point fit, not the change between the period's two ends
            "verdict": f"{recent['word']} since {recent['since']}"
            + (
                f", then {recent['then'].split(' to ')[0]} in {recent['year']}"
                if recent["then"]
                else ""
            ),
            "now": f"kappa {recent['kappa']:.2f} in {recent['year']}",
            "then": f"kappa {recent['kappa_since']:.2f} in {recent['since']}",
            "rule": "the direction of the pair's UN kappa in the last segment of its "
            "turning-point fit (docs/why.md): steady when the fitted change is under "
            "max(0.10, a fifth of the series' range)",
            "forecast": _forecast(ev),
            "note": "a forecast claim: the data show the trend so far; the forecast (when the "
            "pair's series is long enough) gives the probability that it rises, with its "
            "backtested skill",
            "sources": sorted({s["name"] for s in ev.sources}),
        }
    if key == "other":
        return {
            **base,
            "verdict": "cannot check",
            "reason": "the claim names no driver the data measure (votes, alliances, trade, IGOs, "
            "rivalry, power, sanctions)",
        }
    row = rows.get(key)
    if row is None:
        why_not = (
            "no sanctions data are loaded yet"
            if key == "sanctions"
            else f"the evidence matrix has no {DRIVER_NAMES.get(key, key)} row for this pair"
        )
        return {**base, "verdict": "cannot check", "reason": why_not}
    return {
        **base,
        "driver": row["driver"],
        "key": row["key"],
        "verdict": row["verdict"],
        "now": row.get("now"),
        "then": row.get("then"),
        "trend": row.get("trend"),
        "rule": row.get("rule"),
        "measure": row.get("measure"),
        "sources": sorted({s["name"] for s in ev.sources}),
    }


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
