"""The UN General Debate corpus (UNGDC) 1946–2024, coded: who speaks of whom, and how.

Each of the 10,952 speeches (one per state and session, ``ISO3_SESSION_YEAR.txt``) is read by
the dictionary coder (:mod:`multipolar.sources.text`) and summarised into three tables:

* ``ungdc_speeches`` — one row per speech: speaker state, year, session, sentences, words, the
  English share, events coded, and the speaker's name and post (``Speakers_by_session.xlsx``);
* ``ungdc_mentions`` — speaker-year × mentioned actor (states, IGOs, blocs): sentences that
  mention it, the CAMEO events in those sentences that involve it by QuadClass (verbal and
  material cooperation, verbal and material conflict), the sentences by the speaker's stance
  toward it (cooperative, conflictual, neutral: :mod:`multipolar.sources.text.stance`), the
  sentences that also use each key term, and example sentences;
* ``ungdc_terms`` — speaker-year × key term (multilateralism, hegemony, unilateral sanctions,
  military blocs, sovereignty): how often the speech uses it.

A speech is dated 25 September of its year (the General Debate opens in the second half of
September), so "in June" in a 2019 speech is June 2019. Speeches run in parallel processes
(forked, so the lexicon is built once); the result does not depend on their number.

References: Baturo, Dasandi & Mikhaylov (2017), doi:10.1177/2053168017712821; Jankin,
Baturo & Dasandi, "Words to unite nations", *Journal of Peace Research*.
"""

from __future__ import annotations

import datetime as dt
import io
import multiprocessing as mp
import os
import re
from collections import Counter
from collections.abc import Callable, Mapping
from concurrent.futures import ProcessPoolExecutor
from pathlib import Path
from typing import Any

import pandas as pd

from multipolar.errors import FormatError
from multipolar.sources.fetch import Progress
from multipolar.sources.text.dictionaries import iter_speakers
from multipolar.sources.text.lexicon import LEXICON_FILES, Lexicon, cached_lexicon
from multipolar.sources.text.reader import read_stream

_NAME = re.compile(r"^ungdc/Session (\d+) - (\d{4})/([A-Z]{2,3})_\d+_\d{4}\.txt$")
QUADS = ("verbal_coop", "material_coop", "verbal_conflict", "material_conflict")
#: sentence counts by the speaker's stance toward the mentioned state (sources.text.stance)
STANCE_COLS = {
    "cooperative": "stance_coop",
    "conflictual": "stance_conflict",
    "neutral": "stance_neutral",
}
_EXAMPLE_CHARS = 400
_WORKER: dict[str, Any] = {}


def speech_files(paths: Mapping[str, Path]) -> list[tuple[str, int, int, Path]]:
    """``(ISO3, session, year, path)`` of every speech among a source's files."""
    out = []
    for key, path in paths.items():
        m = _NAME.match(key)
        if m:
            out.append((m.group(3), int(m.group(1)), int(m.group(2)), path))
    return sorted(out, key=lambda t: (t[2], t[0]))


def speaker_ccode(states: Any, iso: str, session: int, year: int) -> int | None:
    """The COW code of the state that gave speech ``ISO3_SESSION_YEAR`` (names of the year).

    The file prefix is today's ISO3 code: CHN up to session 26 (1971, whose General Debate
    preceded Resolution 2758 of 25 October 1971) is the Republic of China holding the seat (COW
    713 from 1949, 710 before); RUS before 1992 is the Soviet Union (COW 365 throughout).

    >>> from multipolar import states
    >>> speaker_ccode(states, "CHN", 26, 1971), speaker_ccode(states, "CHN", 27, 1972)
    (713, 710)
    >>> speaker_ccode(states, "CHN", 3, 1948), speaker_ccode(states, "RUS", 40, 1985)
    (710, 365)
    """
    if iso == "CHN" and session <= 26:
        return 713 if year >= 1949 else 710
    st = states.from_iso3(iso, year)
    return st.ccode if st is not None else None


def _code_speech(iso: str, session: int, year: int, path: Path) -> dict[str, Any]:
    """Code one speech; return its speech row, mention rows and term rows."""
    lex: Lexicon = _WORKER["lex"]
    states = _WORKER["states"]
    ccode = speaker_ccode(states, iso, session, year)
    data = path.read_bytes()
    try:
        doc = read_stream(
            io.BytesIO(data),
            states=states,
            name=path.name,
            date=dt.date(year, 9, 25),
            lex=lex,
            sha256="",
            corpus=True,
            speaker=ccode,
        )
    except FormatError as exc:
        return {"error": f"{path.name}: {exc}"}
    mentions: dict[str, dict[str, Any]] = {}
    #: (actor, example slot) -> the signed score of the example kept: the example of each
    #: stance is the sentence the coder is surest of (highest P(coop) - P(conflict) for
    #: cooperative, lowest for conflictual; the first on ties), not the first in the speech
    surest: dict[tuple[str, str], float] = {}
    for rec in doc.sentence_records:
        present = set(rec["actors"])
        for actor in present:
            row = mentions.get(actor)
            if row is None:
                info = doc.actors[actor]
                row = mentions[actor] = {
                    "mentioned": actor,
                    "mentioned_ccode": info["ccode"],
                    "mentioned_name": info["name"],
                    "mentioned_kind": info["kind"],
                    "sentences": 0,
                    **dict.fromkeys(QUADS, 0),
                    **dict.fromkeys(STANCE_COLS.values(), 0),
                    "terms": Counter(),
                    "example": None,
                    "example_coop": None,
                    "example_conflict": None,
                }
            row["sentences"] += 1
            row["terms"].update(rec["terms"])
            if row["example"] is None:
                row["example"] = rec["text"][:_EXAMPLE_CHARS]
            info = doc.actors[actor]
            stance = rec["stances"].get(info["ccode"])
            if stance is not None and info["kind"] == "state" and info["ccode"] != ccode:
                row[STANCE_COLS[stance]] += 1
                slot = {"cooperative": "example_coop", "conflictual": "example_conflict"}.get(
                    stance
                )
                if slot is not None:
                    score = rec["stance_scores"][info["ccode"]]
                    sure = score if slot == "example_coop" else -score
                    if row[slot] is None or sure > surest[(actor, slot)]:
                        row[slot] = rec["text"][:_EXAMPLE_CHARS]
                        surest[(actor, slot)] = sure
        for src, tgt, quad in rec["events"]:
            for actor in present:
                cc = doc.actors[actor]["ccode"]
                if cc is None or cc not in (src, tgt):
                    continue
                mentions[actor][QUADS[quad - 1]] += 1
    return {
        "speech": {
            "ccode": ccode,
            "iso3": iso,
            "year": year,
            "session": session,
            "file": path.name,
            "sentences": doc.sentences,
            "words": doc.words,
            "english": doc.english,
            "events": doc.counts["events"],
        },
        "mentions": list(mentions.values()),
        "terms": dict(doc.terms),
    }


def _batch(items: list[tuple[str, int, int, Path]]) -> list[dict[str, Any]]:
    return [_code_speech(*it) for it in items]


def _workers() -> int:
    env = os.environ.get("MULTIPOLAR_WORKERS")
    if env and env.isdigit():
        return max(1, int(env))
    return max(1, min(os.cpu_count() or 1, 8))


#: speeches per task handed to a worker (small enough for a smooth progress bar)
CHUNK = 48


def code_speeches(
    files: list[tuple[str, int, int, Path]],
    lex: Lexicon,
    states: Any,
    *,
    workers: int | None = None,
    on_progress: Callable[[int], None] | None = None,
) -> list[dict[str, Any]]:
    """Code every speech (in ``workers`` forked processes; in this process when 1), in chunks
    of :data:`CHUNK` speeches; ``on_progress`` gets the bytes of each chunk once it is coded."""
    _WORKER.update(lex=lex, states=states)
    n = workers or _workers()
    chunks = [files[i : i + CHUNK] for i in range(0, len(files), CHUNK)]

    def size(chunk: list[tuple[str, int, int, Path]]) -> int:
        return sum(p.stat().st_size for *_, p in chunk)

    out: list[dict[str, Any]] = []
    if n <= 1 or len(files) < 8 or "fork" not in mp.get_all_start_methods():
        for chunk in chunks:
            out += _batch(chunk)
            if on_progress is not None:
                on_progress(size(chunk))
        return out
    with ProcessPoolExecutor(max_workers=n, mp_context=mp.get_context("fork")) as pool:
        for chunk, part in zip(chunks, pool.map(_batch, chunks), strict=True):
            out += part
            if on_progress is not None:
                on_progress(size(chunk))
    return out


def parse_ungdc(
    paths: Mapping[str, Path], states: Any, *, progress: Progress | None = None
) -> dict[str, pd.DataFrame]:
    """The ``ungdc`` source's parser: speeches in, the three tables out (see the module).
    ``progress`` (the store's, when it has one) shows the coding, in bytes of speech text."""
    from multipolar import config
    from multipolar.sources.pins import pinned

    lex_paths = {p: paths[p] for p in LEXICON_FILES}
    shas = {p: pinned(p).sha256 for p in LEXICON_FILES}
    lex = cached_lexicon(lex_paths, shas, states, config.home() / "cache")
    files = speech_files(paths)
    if not files:
        raise FormatError("the ungdc source holds no speech files (ISO3_SESSION_YEAR.txt)")
    if progress is not None:
        progress.start(
            f"coding {len(files):,} General Debate speeches",
            sum(p.stat().st_size for *_, p in files),
        )
    try:
        results = code_speeches(
            files, lex, states, on_progress=progress.advance if progress is not None else None
        )
    finally:
        if progress is not None:
            progress.finish()
    errors = [r["error"] for r in results if "error" in r]
    if errors:
        raise FormatError(f"{len(errors)} General Debate speech(es) could not be read: {errors[0]}")
    speakers = {
        (iso, year): (name, post)
        for year, iso, name, post in iter_speakers(paths["ungdc/Speakers_by_session.xlsx"])
    }
    speech_rows, mention_rows, term_rows = [], [], []
    for r in results:
        sp = r["speech"]
        name, post = speakers.get((sp["iso3"], sp["year"]), (None, None))
        speech_rows.append({**sp, "speaker": name, "post": post})
        key = {"ccode": sp["ccode"], "iso3": sp["iso3"], "year": sp["year"]}
        for m in r["mentions"]:
            terms = m.pop("terms")
            row = {**key, **m}
            for term in lex.term_names.values():
                row[_col(term)] = int(terms.get(term, 0))
            mention_rows.append(row)
        for term in lex.term_names.values():
            term_rows.append({**key, "term": term, "count": int(r["terms"].get(term, 0))})
    speeches = pd.DataFrame(speech_rows).sort_values(["year", "iso3"])
    speeches["ccode"] = speeches["ccode"].astype("Int32")
    mentions = pd.DataFrame(mention_rows)
    mentions["ccode"] = mentions["ccode"].astype("Int32")
    mentions["mentioned_ccode"] = mentions["mentioned_ccode"].astype("Int32")
    for col in ("sentences", *QUADS, *STANCE_COLS.values()):
        mentions[col] = mentions[col].astype("int32")
    mentions = mentions.sort_values(["year", "iso3", "sentences"], ascending=[True, True, False])
    terms_df = pd.DataFrame(term_rows)
    terms_df["ccode"] = terms_df["ccode"].astype("Int32")
    return {
        "ungdc_speeches": speeches.reset_index(drop=True),
        "ungdc_mentions": mentions.reset_index(drop=True),
        "ungdc_terms": terms_df.reset_index(drop=True),
    }


def _col(term: str) -> str:
    """``unilateral sanctions`` -> ``term_unilateral_sanctions`` (a column name)."""
    return "term_" + re.sub(r"\W+", "_", term.lower()).strip("_")


def term_columns(names: list[str]) -> dict[str, str]:
    """Column of each key term in ``ungdc_mentions``."""
    return {t: _col(t) for t in names}
