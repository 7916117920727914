"""Measuring the coder: precision and recall on hand-coded sentences, the codebook's examples.

* :func:`gold_scores` — state-to-state events ``(source, target, CAMEO root)`` predicted for
  each hand-coded sentence against the hand codes (``tests/data/read_gold.csv``): precision =
  matched / predicted, recall = matched / hand-coded, over all sentences; also at the level of
  the directed dyad and QuadClass.
* :func:`codebook_scores` — the CAMEO codebook's example sentences (``cameo/cameo-codes.csv``,
  column ``example``, from Schrodt 2012 as tabulated in the ICEWS release): the share of
  examples for which the coder finds an event of the example's root code.

Pure: the lexicon, the registry and the files' paths come in as arguments.
"""

from __future__ import annotations

import csv
import hashlib
import io
import re
from collections.abc import Iterable, Mapping
from pathlib import Path
from typing import Any

from multipolar.sources.text.coder import Coder, Sentence
from multipolar.sources.text.lexicon import Lexicon
from multipolar.sources.text.segment import decode

_EVENT = re.compile(r"^([A-Z]{3})>([A-Z]{3}):(\d\d)$")


def read_gold(path: Path) -> list[dict[str, Any]]:
    """The rows of a gold file (comment lines start with ``#``)."""
    lines = [ln for ln in path.read_text("utf-8").splitlines() if ln and not ln.startswith("#")]
    rows: list[dict[str, Any]] = list(csv.DictReader(io.StringIO("\n".join(lines))))
    for r in rows:
        gold: set[tuple[str, str, int]] = set()
        for item in filter(None, r["events"].split(";")):
            m = _EVENT.match(item.strip())
            if not m:
                raise ValueError(f"gold row {r['id']}: bad event {item!r}")
            gold.add((m.group(1), m.group(2), int(m.group(3))))
        r["gold"] = gold
    return rows


def _quad(root: int) -> int:
    return 1 if root <= 5 else 2 if root <= 9 else 3 if root <= 14 else 4


def _iso(states: Any, ccode: int | None) -> str | None:
    if ccode is None:
        return None
    st = states.registry().states.get(int(ccode))
    return st.iso3 if st else None


def code_one(
    lex: Lexicon, states: Any, text: str, *, speaker: int | None, year: int
) -> set[tuple[str, str, int]]:
    """``(source ISO3, target ISO3, root)`` of the state-to-state events coded in one sentence."""
    import datetime as dt

    coder = Coder(lex, states, date=dt.date(year, 9, 25), speaker=speaker)
    s = Sentence(0, 0, len(text), text)
    coder.code_sentence(s)
    out = set()
    for e in s.events:
        if e["target"] is None:
            continue
        a, b = _iso(states, e["source"]["ccode"]), _iso(states, e["target"]["ccode"])
        if a and b and a != b:
            out.add((a, b, int(e["root_code"])))
    return out


def gold_scores(
    rows: Iterable[dict[str, Any]], lex: Lexicon, states: Any, mirror: Path
) -> dict[str, Any]:
    """Precision and recall of the coder on the gold rows (texts read from ``mirror``)."""
    tp = fp = fn = 0
    tp_q = fp_q = fn_q = 0
    per: list[dict[str, Any]] = []
    cache: dict[str, str] = {}
    for r in rows:
        path = mirror / r["file"]
        if r["file"] not in cache:
            cache[r["file"]] = decode(path.read_bytes())
        text = cache[r["file"]][int(r["start"]) : int(r["end"])]
        if hashlib.sha256(text.encode()).hexdigest()[:16] != r["sha"]:
            raise ValueError(f"gold row {r['id']}: the text at {r['file']} has changed")
        iso = Path(r["file"]).name.split("_")[0]
        year = int(Path(r["file"]).stem.split("_")[-1])
        st = states.from_iso3(iso, year)
        pred = code_one(lex, states, text, speaker=st.ccode if st else None, year=year)
        gold = r["gold"]
        tp += len(pred & gold)
        fp += len(pred - gold)
        fn += len(gold - pred)
        pq = {(a, b, _quad(c)) for a, b, c in pred}
        gq = {(a, b, _quad(c)) for a, b, c in gold}
        tp_q += len(pq & gq)
        fp_q += len(pq - gq)
        fn_q += len(gq - pq)
        per.append({"id": r["id"], "predicted": sorted(pred), "gold": sorted(gold)})

    def ratio(a: int, b: int) -> float | None:
        return round(a / b, 3) if b else None

    return {
        "sentences": len(per),
        "gold_events": tp + fn,
        "predicted_events": tp + fp,
        "precision": ratio(tp, tp + fp),
        "recall": ratio(tp, tp + fn),
        "precision_quad": ratio(tp_q, tp_q + fp_q),
        "recall_quad": ratio(tp_q, tp_q + fn_q),
        "rows": per,
    }


def codebook_examples(path: Path) -> list[tuple[str, str]]:
    """``(code, example sentence)`` of the CAMEO codebook table (cp1252; ``NA`` = none)."""
    with open(path, encoding="cp1252", newline="") as fh:
        rows = list(csv.DictReader(fh))
    out = []
    for r in rows:
        ex = (r.get("example") or "").strip()
        if ex and ex != "NA" and r["code"].isdigit():
            out.append((r["code"], " ".join(ex.split())))
    return out


def codebook_scores(
    examples: Iterable[tuple[str, str]], lex: Lexicon, states: Any
) -> Mapping[str, Any]:
    """Share of codebook examples where the coder finds an event with the example's root."""
    n = hit = anyev = 0
    misses = []
    for code, text in examples:
        coder = Coder(lex, states, date=None)
        s = Sentence(0, 0, len(text), text)
        coder.code_sentence(s)
        n += 1
        roots = {int(e["root_code"]) for e in s.events}
        if roots:
            anyev += 1
        if int(code[:2]) in roots:
            hit += 1
        else:
            misses.append(code)
    return {
        "examples": n,
        "root_found": hit,
        "root_accuracy": round(hit / n, 3) if n else None,
        "any_event": anyev,
        "misses": misses,
    }
