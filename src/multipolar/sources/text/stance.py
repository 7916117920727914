"""The speaker's stance toward a state it names in a sentence: cooperative, conflictual, neutral.

A sentence's *score* is the sum of the weights of the stance cues it contains
(``data/stance_cues.csv``: cooperative cues count +weight, conflictual cues −weight; a cue is a
word or phrase, a trailing ``*`` takes any ending). A negation in the three words before a cue
(*not, no, never, cannot, without, nor, neither, refused, failed*) drops a conflictual cue ("no conflict with")
and turns a cooperative one conflictual ("not cooperating"); a refusal or failure does the same
("refused to cooperate"); "not only" negates nothing. The
stance is
*conflictual* when the score ≤ −:data:`THRESHOLD`, *cooperative* when ≥ +THRESHOLD, else
*neutral*. The rules and cues were written from the labelling rules of docs/read.md and the
dev part of ``tests/data/stance_gold.csv`` only; the held-out figures are in docs/read.md.
"""

from __future__ import annotations

import csv
import io
import re
from collections.abc import Iterator
from dataclasses import dataclass
from functools import cache
from importlib import resources

STANCES = ("cooperative", "conflictual", "neutral")
THRESHOLD = 1.0
_NEG = frozenset(
    {"not", "no", "never", "cannot", "without", "nor", "neither", "n't", "refused", "refuses",
     "refusing", "refusal", "failed", "fails", "failing"}
)  # fmt: skip
_WORD = re.compile(r"[A-Za-z][A-Za-z'’-]*")
_START = re.compile(r"\b\w")


@dataclass(frozen=True)
class Stance:
    """One sentence's stance: the label, the score and the cues that decided it."""

    stance: str
    score: float
    cues: tuple[str, ...]


@cache
def _cues() -> tuple[re.Pattern[str], dict[str, tuple[str, float]], frozenset[str]]:
    text = resources.files("multipolar.sources.text").joinpath("data/stance_cues.csv")
    rows = [
        r
        for r in csv.DictReader(
            io.StringIO("".join(ln for ln in text.read_text("utf-8").splitlines(True)
                                if not ln.startswith("#")))
        )
    ]  # fmt: skip
    table: dict[str, tuple[str, float]] = {}
    alts = []
    for i, r in enumerate(rows):
        words = r["cue"].strip().lower().split()
        pat = r"\s+".join(re.escape(w[:-1]) + r"[\w-]*" if w.endswith("*") else re.escape(w)
                          for w in words)  # fmt: skip
        name = f"c{i}"
        alts.append(f"(?P<{name}>\\b{pat}\\b)")
        table[name] = (r["stance"], float(r["weight"]))
    heads = frozenset(r["cue"].strip().lower()[:3] for r in rows)
    return re.compile("|".join(alts), re.IGNORECASE), table, heads


def sentence_stance(text: str) -> Stance:
    """The stance of the sentence ``text`` toward the states it names (one label a sentence).

    >>> sentence_stance("We thank Japan for its generous assistance.").stance
    'cooperative'
    >>> sentence_stance("Pakistan continues to sponsor terrorism across the border.").stance
    'conflictual'
    >>> sentence_stance("We have no conflict with Ruritania.").stance
    'neutral'
    """
    regex, table, heads = _cues()
    words = [(m.start(), m.group().lower()) for m in _WORD.finditer(text)]
    starts = [w[0] for w in words]
    score = 0.0
    found: list[str] = []
    for m in _matches(regex, heads, text):
        name = m.lastgroup
        if name is None:
            continue
        stance, weight = table[name]
        k = _index(starts, m.start())
        prev = [w for _, w in words[max(0, k - 3) : k]]
        negated = any(
            (w in _NEG or w.endswith("n't"))
            and not (w == "not" and prev[i + 1 : i + 2] == ["only"])
            for i, w in enumerate(prev)
        )
        sign = 1.0 if stance == "cooperative" else -1.0
        if negated:
            if sign < 0:
                continue
            sign = -1.0
        score += sign * weight
        found.append(("-" if sign < 0 else "+") + m.group().lower())
    label = (
        "conflictual" if score <= -THRESHOLD else "cooperative" if score >= THRESHOLD else "neutral"
    )
    return Stance(label, round(score, 3), tuple(found))


def _matches(regex: re.Pattern[str], heads: frozenset[str], text: str) -> Iterator[re.Match[str]]:
    """``regex.finditer(text)``, tried only where a word starts with a cue's first 3 letters.

    Every cue begins at a word boundary, so this finds exactly what ``finditer`` finds; it is
    some 50 times faster than trying the ~250 alternatives at every character.
    """
    end = 0
    for w in _START.finditer(text):
        at = w.start()
        if at < end or text[at : at + 3].lower() not in heads:
            continue
        m = regex.match(text, at)
        if m is not None:
            end = m.end()
            yield m


def _index(starts: list[int], pos: int) -> int:
    """Index of the word at or after character ``pos``."""
    lo, hi = 0, len(starts)
    while lo < hi:
        mid = (lo + hi) // 2
        if starts[mid] < pos:
            lo = mid + 1
        else:
            hi = mid
    return lo


@cache
def quality() -> dict[str, float]:
    """The coder's measured figures (``data/stance_quality.csv``): held-out macro-F1 etc."""
    text = resources.files("multipolar.sources.text").joinpath("data/stance_quality.csv")
    lines = [ln for ln in text.read_text("utf-8").splitlines() if not ln.startswith("#")]
    return {r["metric"]: float(r["value"]) for r in csv.DictReader(lines)}
