"""Draw the sentences of the event gold sets (tests/data/events_dev.csv, events_heldout.csv).

Run once, before the coder they judge was written: ``python benchmarks/sample_event_gold.py``.
General Debate: speeches drawn at random (seed 20261207) from all sessions, excluding the
speeches of ``tests/data/read_gold.csv``; one sentence per speech, 8-60 words, naming at least
one state other than the speaker (actor recognition of the coder, which this work does not
change). Alternate draws go to dev and held-out. Non-corpus: every sentence of the op-ed
(``corpus/why-china-russia-stick-together.txt``) naming a state goes to dev; CAMEO codebook
example sentences (``cameo/cameo-codes.csv``) naming two states, drawn at random, split
between dev and held-out. The events column is left empty: it is filled by hand.
"""

from __future__ import annotations

import contextlib
import csv
import datetime as dt
import hashlib
import os
import random
import re
import sys
from pathlib import Path
from typing import Any

from multipolar import states
from multipolar.sources.text import evaluate
from multipolar.sources.text.coder import Coder
from multipolar.sources.text.reader import lexicon
from multipolar.sources.text.segment import decode, sentences, tokens
from multipolar.sources.ungdc import speaker_ccode

ROOT = Path(__file__).resolve().parents[1]
_NAME = re.compile(r"([A-Z]{3})_(\d+)_(\d{4})\.txt$")


def names(coder: Coder, text: str) -> set[int]:
    toks = tokens(text)
    keys = [
        t[0].upper().replace("’", "'").replace(".", "") if len(t[0]) > 1 else t[0] for t in toks
    ]
    return {
        m.actor.ccode
        for m in coder.mentions(toks, keys)
        if m.actor.kind == "state" and m.actor.ccode
    }


def clean(text: str) -> str:
    """A codebook example without its coder's note, its UTF-8 read back from cp1252."""
    with contextlib.suppress(UnicodeError):
        text = text.encode("cp1252").decode("utf-8")
    return text.split(" Note:")[0].strip()


#: General Debate sentences drawn for dev and held-out; ``--heldout2`` draws 90 more after them
FIRST = 180


def _second_codebook(w: Any, lex: Any, mirror: Path) -> None:
    """Codebook examples naming two states not already in the dev or held-out set (seed
    20261208), up to 30, for the second held-out set."""
    used = set()
    for part in ("dev", "heldout"):
        for r in evaluate.read_event_gold(ROOT / "tests" / "data" / f"events_{part}.csv"):
            used.add(r["text"])
    ex = [
        clean(t)
        for _c, t in evaluate.codebook_examples(mirror / "cameo" / "cameo-codes.csv")
        if len(names(Coder(lex, states, date=None), t)) >= 2
    ]
    ex = [t for t in ex if t not in used]
    random.Random(20261208).shuffle(ex)
    for t in ex[:30]:
        w.writerow(["heldout2", "", "", "", "", "", "", t])


def main() -> None:
    """Dev and held-out: ``sample_event_gold.py 180``; the second held-out set (drawn after the
    first was run): ``sample_event_gold.py 270 --heldout2``."""
    mirror = Path(os.environ["MULTIPOLAR_MIRROR"])
    n_gd = int(sys.argv[1]) if len(sys.argv) > 1 else 200
    lex = lexicon(states)
    seen = {r["file"] for r in evaluate.read_gold(ROOT / "tests" / "data" / "read_gold.csv")}
    files = sorted(p for p in (mirror / "ungdc").rglob("*.txt") if _NAME.search(p.name))
    rnd = random.Random(20261207)
    rnd.shuffle(files)
    out: list[dict[str, str]] = []
    for p in files:
        rel = str(p.relative_to(mirror))
        if rel in seen:
            continue
        iso, session, year = _NAME.search(p.name).groups()  # type: ignore[union-attr]
        cc = speaker_ccode(states, iso, int(session), int(year))
        text = decode(p.read_bytes())
        coder = Coder(lex, states, date=dt.date(int(year), 9, 25), speaker=cc)
        cands = []
        for start, end, s in sentences(text):
            if not 8 <= len(s.split()) <= 60:
                continue
            if names(coder, s) - {cc}:
                cands.append((start, end, s))
        if not cands:
            continue
        start, end, s = rnd.choice(cands)
        sha = hashlib.sha256(s.encode()).hexdigest()[:16]
        out.append(
            {
                "file": rel,
                "start": str(start),
                "end": str(end),
                "sha": sha,
                "speaker": iso,
                "date": f"{year}-09-25",
                "text": s,
            }
        )
        if len(out) >= n_gd:
            break
    w = csv.writer(sys.stdout)
    second = "--heldout2" in sys.argv
    for i, r in enumerate(out):
        if second and i < FIRST:
            continue
        w.writerow(
            [
                "heldout2" if second else "dev" if i % 2 == 0 else "heldout",
                r["file"],
                r["start"],
                r["end"],
                r["sha"],
                r["speaker"],
                r["date"],
                r["text"],
            ]
        )
    if second:
        _second_codebook(w, lex, mirror)
        return
    corpus = mirror.parent / "corpus" / "why-china-russia-stick-together.txt"
    text = decode(corpus.read_bytes())
    coder = Coder(lex, states, date=dt.date(2022, 11, 1))
    for start, end, s in sentences(text):
        if names(coder, s):
            sha = hashlib.sha256(s.encode()).hexdigest()[:16]
            w.writerow(
                [
                    "dev",
                    "corpus/why-china-russia-stick-together.txt",
                    start,
                    end,
                    sha,
                    "",
                    "2022-11-01",
                    s,
                ]
            )
    ex = [
        (c, t)
        for c, t in evaluate.codebook_examples(mirror / "cameo" / "cameo-codes.csv")
        if len(names(Coder(lex, states, date=None), t)) >= 2
    ]
    rnd.shuffle(ex)
    for i, (_c, t) in enumerate(ex[:60]):
        t = clean(t)
        w.writerow(["dev" if i % 2 == 0 else "heldout", "", "", "", "", "", "", t])


if __name__ == "__main__":
    main()
