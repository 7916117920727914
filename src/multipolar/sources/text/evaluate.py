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


# --- PLOVER event gold sets (tests/data/events_dev.csv, events_heldout.csv) -------------------

_PLOVER_EVENT = re.compile(r"^([A-Z]{3})>([A-Z]{3}):([A-Z]+)$")


def read_event_gold(path: Path) -> list[dict[str, Any]]:
    """The rows of a PLOVER event gold file; ``gold`` is a set of ``(source, target, category)``."""
    lines = [ln for ln in path.read_text("utf-8").splitlines() if not ln.startswith("#")]
    rows: list[dict[str, Any]] = list(csv.DictReader(io.StringIO("\n".join(lines))))
    for r in rows:
        gold: set[tuple[str, str, str]] = set()
        for item in filter(None, r["events"].split(";")):
            m = _PLOVER_EVENT.match(item.strip())
            if not m:
                raise ValueError(f"gold row {r['id']}: bad event {item!r}")
            gold.add((m.group(1), m.group(2), m.group(3)))
        r["gold"] = gold
    return rows


def gold_text(row: Mapping[str, Any], mirror: Path, corpus: Path, cache: dict[str, str]) -> str:
    """The sentence of a gold row: its characters in the mirror (``ungdc/...``) or the text
    corpus (``corpus/...``), checked against the row's sha; else the row's own ``text``."""
    if not row["file"]:
        return str(row["text"])
    name = row["file"]
    if name not in cache:
        path = corpus / name.split("/", 1)[1] if name.startswith("corpus/") else mirror / name
        cache[name] = decode(path.read_bytes())
    text = cache[name][int(row["start"]) : int(row["end"])]
    if hashlib.sha256(text.encode()).hexdigest()[:16] != row["sha"]:
        raise ValueError(f"gold row {row['id']}: the text at {name} has changed")
    return text


def code_plover(
    lex: Lexicon,
    states: Any,
    text: str,
    *,
    speaker: int | None,
    date: Any,
    min_confidence: float = 0.0,
) -> set[tuple[str, str, str]]:
    """``(source ISO3, target ISO3, PLOVER category)`` of the state-to-state events coded in
    one sentence with at least ``min_confidence``."""
    coder = Coder(lex, states, date=date, speaker=speaker)
    s = Sentence(0, 0, len(text), text)
    coder.code_sentence(s)
    out = set()
    for e in s.events:
        cat = e.get("category", e.get("plover"))
        if e["target"] is None or not cat:
            continue
        if e.get("confidence", 1.0) < min_confidence:
            continue
        a, b = _iso(states, e["source"]["ccode"]), _iso(states, e["target"]["ccode"])
        if a and b and a != b:
            out.add((a, b, str(cat)))
    return out


def _f1(tp: int, fp: int, fn: int) -> dict[str, float | None]:
    p = tp / (tp + fp) if tp + fp else None
    r = tp / (tp + fn) if tp + fn else None
    f = 2 * p * r / (p + r) if p and r else (0.0 if p is not None and r is not None else None)
    return {
        "precision": None if p is None else round(p, 3),
        "recall": None if r is None else round(r, 3),
        "f1": None if f is None else round(f, 3),
    }


def event_scores(
    rows: Iterable[dict[str, Any]],
    lex: Lexicon,
    states: Any,
    mirror: Path,
    corpus: Path,
    *,
    min_confidence: float = 0.0,
) -> dict[str, Any]:
    """Precision, recall and F1 of the coder on PLOVER gold rows, on ``(source, target,
    category)`` and on who-to-whom ``(source, target)``, summed over sentences; and the
    confusion of categories on the dyads both found (``gold -> coded: count``; ``none`` where
    one side has no event for the dyad)."""
    import datetime as dt

    from multipolar.sources.ungdc import speaker_ccode

    c3 = [0, 0, 0]
    c2 = [0, 0, 0]
    confusion: dict[str, int] = {}
    per: list[dict[str, Any]] = []
    cache: dict[str, str] = {}
    for r in rows:
        text = gold_text(r, mirror, corpus, cache)
        date = dt.date.fromisoformat(r["date"]) if r["date"] else None
        speaker = None
        if r["speaker"] and r["file"]:
            m = re.search(r"_(\d+)_(\d{4})\.txt$", r["file"])
            if m:
                speaker = speaker_ccode(states, r["speaker"], int(m.group(1)), int(m.group(2)))
        pred = code_plover(
            lex, states, text, speaker=speaker, date=date, min_confidence=min_confidence
        )
        gold = r["gold"]
        for c, p, g in ((c3, pred, gold), (c2, {x[:2] for x in pred}, {x[:2] for x in gold})):
            c[0] += len(p & g)
            c[1] += len(p - g)
            c[2] += len(g - p)
        pd_ = {x[:2]: x[2] for x in pred}
        gd = {x[:2]: x[2] for x in gold}
        for dyad in set(pd_) | set(gd):
            key = f"{gd.get(dyad, 'none')} -> {pd_.get(dyad, 'none')}"
            confusion[key] = confusion.get(key, 0) + 1
        per.append({"id": r["id"], "predicted": sorted(pred), "gold": sorted(gold), "text": text})
    return {
        "sentences": len(per),
        "gold_events": c3[0] + c3[2],
        "predicted_events": c3[0] + c3[1],
        "event": _f1(*c3),
        "dyad": _f1(*c2),
        "confusion": dict(sorted(confusion.items(), key=lambda kv: (-kv[1], kv[0]))),
        "rows": per,
    }
