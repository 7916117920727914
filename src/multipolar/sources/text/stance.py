"""The speaker's stance toward each state it names in a sentence: cooperative, conflictual, neutral.

Two coders share one list of stance cues (``data/stance_cues.csv``: a word or phrase, a trailing
``*`` takes any ending; cooperative cues count +weight, conflictual ones −weight). A negation
in the three words before a cue (*not, no, never, cannot, without, nor, neither, refused,
failed*) drops a conflictual cue ("no conflict with") and turns a cooperative one conflictual
("not cooperating", "refused to cooperate"); "not only" negates nothing.

* :func:`target_stances` — **one label per state named** (the coder ``read`` and the corpus
  use). For each target it computes a few features of where the cues stand relative to the
  target's mentions and to the other states named — the cue weights nearest this target rather
  than another state, in the target's clause, after the target as its subject ("Pakistan
  continues to sponsor terrorism"), before it as the author ("occupied by Israel", "the
  aggression of Azerbaijan") or the victim ("aggression against Pakistan"), after *we*; the
  target listed with another state ("between India and Pakistan") or with the speaker, named as
  a place ("in Syria"), asked or told to act ("we call on the United States to", "India must"),
  and the words within :data:`_WINDOW` of it — and a multinomial logistic regression
  (``data/stance_model.json``, fitted by ``benchmarks/stance_fit.py`` on the 688 dev sentences
  of ``tests/data/stance_gold.csv``, ``stance_dev2.csv`` and ``stance_heldout2.csv``) turns
  them into class probabilities
  :math:`P(c) = \\exp(b_c + w_c \\cdot x) / \\sum_k \\exp(b_k + w_k \\cdot x)`. The label is
  the most probable class, unless one of three written labelling rules decides first (a call
  on both parties, the victim of a third party, praise of one state beside blame of another:
  :meth:`_Context.rule`); ``score`` is :math:`P(\\text{coop}) - P(\\text{conflict})` in
  [−1, 1] (±1 or 0 when a rule decided).
* :func:`sentence_stance` — the first coder, **one label per sentence** (the sum of the cue
  weights; conflictual when ≤ −:data:`THRESHOLD`, cooperative when ≥ +THRESHOLD); kept for
  callers that have no mention spans.

Missing data: a target with no mention span gets the sentence-level features only. Nothing is
downloaded; pure Python at run time (about 0.1 ms of CPU per sentence and target, cue search
included). The measured figures (dev cross-validation and the held-out
``tests/data/stance_heldout3.csv``, scored once: macro-F1 0.651) are in docs/read.md and
``data/stance_quality.csv``.

Reference: the labelling rules of docs/read.md; multinomial logistic regression as in Hastie,
Tibshirani & Friedman (2009), *The Elements of Statistical Learning*, §4.4.
"""

from __future__ import annotations

import csv
import io
import json
import math
import re
from collections.abc import Hashable, Iterable, Iterator, Mapping, Sequence
from dataclasses import dataclass
from functools import cache
from importlib import resources
from typing import Any, TypeVar

STANCES = ("cooperative", "conflictual", "neutral")
THRESHOLD = 1.0
K = TypeVar("K", bound=Hashable)
_NEG = frozenset(
    {"not", "no", "never", "cannot", "without", "nor", "neither", "n't", "refused", "refuses",
     "refusing", "refusal", "failed", "fails", "failing"}
)  # fmt: skip
_WORD = re.compile(r"[A-Za-z][A-Za-z'’-]*")
_START = re.compile(r"\b\w")
#: words and marks that end a clause (the span a target's "clause" features look at)
_CLAUSE_MARK = re.compile(r"[;:()\[\]—–]|\s-\s")
_CLAUSE_WORDS = frozenset(
    {"but", "while", "whereas", "although", "though", "however", "yet", "whilst"}
)
_PLACE = frozenset({"in", "at", "from", "across", "within", "inside", "throughout", "into"})
_AGENT = frozenset({"by", "of"})
_VICTIM = frozenset({"against", "on", "upon", "to", "towards", "toward", "into", "in"})
_PREP = _PLACE | _VICTIM | _AGENT
_ASK = frozenset(
    {"call", "calls", "called", "calling", "urge", "urges", "urged", "urging", "demand",
     "demands", "invite", "invites", "ask", "asks", "appeal", "appeals", "expect", "expects",
     "hope", "hoped", "hopes", "request", "requests", "insist"}
)  # fmt: skip
_MUST = frozenset({"must", "should", "ought"})
_MUST_TO = frozenset({"has", "have", "needs", "need", "is", "are"})  # "has to", "is to"
#: words this far on either side of a target's mentions are word features
_WINDOW = 3
_RULE_SCORE = {"cooperative": 1.0, "conflictual": -1.0, "neutral": 0.0}
_BOTH = frozenset({"and", ",", "or", "nor", "between", "&"})
_FIRST = frozenset({"we", "our", "us", "ours", "i", "my", "ourselves"})
#: nouns that make a state mention the author of what follows ("Soviet troops", "US policy")
_ACTOR_NOUNS = frozenset(
    {"troops", "forces", "army", "military", "soldiers", "bases", "occupation", "regime",
     "imperialism", "imperialists", "aggressors", "militarists", "government", "authorities",
     "leaders", "leadership", "policy", "policies", "administration", "spokesmen", "side"}
)  # fmt: skip


@dataclass(frozen=True)
class Stance:
    """One stance: the label, the score and the cues that decided it.

    ``score``: for :func:`sentence_stance` the sum of the signed cue weights; for
    :func:`target_stances` P(cooperative) − P(conflictual) in [−1, 1] (+1, −1 or 0 when a
    written rule decided the label).
    """

    stance: str
    score: float
    cues: tuple[str, ...]


@dataclass(frozen=True)
class _Cue:
    w0: int  # first word index
    w1: int  # one past the last word index
    weight: float  # signed: + cooperative, − conflictual
    text: str


@cache
def _cues() -> tuple[dict[str, re.Pattern[str]], dict[str, tuple[str, float]]]:
    """One regex per 3-letter head (the cues that start with it, in file order) and the table
    of group name -> (stance, weight)."""
    text = resources.files("multipolar.sources.text").joinpath("data/stance_cues.csv")
    rows = [
        r
        for r in csv.DictReader(
            io.StringIO("".join(ln for ln in text.read_text("utf-8").splitlines(True)
                                if not ln.startswith("#")))
        )
    ]  # fmt: skip
    table: dict[str, tuple[str, float]] = {}
    alts: dict[str, list[str]] = {}
    for i, r in enumerate(rows):
        words = r["cue"].strip().lower().split()
        pat = r"\s+".join(re.escape(w[:-1]) + r"[\w-]*" if w.endswith("*") else re.escape(w)
                          for w in words)  # fmt: skip
        name = f"c{i}"
        alts.setdefault(r["cue"].strip().lower()[:3], []).append(f"(?P<{name}>\\b{pat}\\b)")
        table[name] = (r["stance"], float(r["weight"]))
    return {h: re.compile("|".join(a), re.IGNORECASE) for h, a in alts.items()}, table


def _words(text: str) -> list[tuple[int, str]]:
    return [(m.start(), m.group().lower()) for m in _WORD.finditer(text)]


def _found_cues(text: str, words: list[tuple[int, str]]) -> list[_Cue]:
    """The sentence's cues with their signed weights after the negation rule."""
    regexes, table = _cues()
    starts = [w[0] for w in words]
    out: list[_Cue] = []
    for m in _matches(regexes, text):
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
        w0 = min(k, len(words) - 1)  # a cue inside the last word (after a non-ASCII letter)
        w1 = min(max(w0 + 1, _index(starts, m.end())), len(words))
        out.append(_Cue(w0, w1, sign * weight, m.group().lower()))
    return out


def sentence_stance(text: str) -> Stance:
    """The stance of the sentence ``text`` toward the states it names (one label a sentence).

    >>> sentence_stance("We thank Japan for its generous assistance.").stance
    'cooperative'
    >>> sentence_stance("Pakistan continues to sponsor terrorism across the border.").stance
    'conflictual'
    >>> sentence_stance("We have no conflict with Ruritania.").stance
    'neutral'
    """
    cues = _found_cues(text, _words(text))
    score = sum(c.weight for c in cues)
    label = (
        "conflictual" if score <= -THRESHOLD else "cooperative" if score >= THRESHOLD else "neutral"
    )
    return Stance(label, round(score, 3), tuple(("-" if c.weight < 0 else "+") + c.text
                                                for c in cues))  # fmt: skip


def target_stances(
    text: str,
    mentions: Mapping[K, Sequence[tuple[int, int]]],
    *,
    targets: Iterable[K] | None = None,
    speaker: K | None = None,
) -> dict[K, Stance]:
    """The speaker's stance toward each state named in the sentence ``text``.

    ``mentions`` maps each state named (any key: a COW code, an ISO3 code) to the character
    spans ``(start, end)`` of its mentions in ``text``; every state in it is context for the
    others (a cue nearer another state is that state's). ``speaker``: the key of the speaking
    state, if it is named (its mentions and the first person — *we, our, us, I, my* — are the
    speaker's; it is never a target). ``targets`` (default: every key but the speaker) are the
    states whose stance is returned. A key with no span gets the sentence-level features only.

    >>> s = "We thank Japan for its help, and condemn the aggression of Ruritania."
    >>> st = target_stances(s, {"JPN": [(9, 14)], "RUR": [(59, 68)]})
    >>> st["JPN"].stance, st["RUR"].stance
    ('cooperative', 'conflictual')
    >>> s = "We urge India and Pakistan to resolve their differences through dialogue."
    >>> target_stances(s, {"IND": [(8, 13)], "PAK": [(18, 26)]})["PAK"].stance
    'neutral'
    """
    model = _model()
    words = _words(text)
    cues = _found_cues(text, words)
    ctx = _Context(text, words, cues, mentions, speaker)
    out: dict[K, Stance] = {}
    keys = [k for k in mentions if k != speaker] if targets is None else targets
    for key in keys:
        rule = ctx.rule(key)
        if rule is None:
            probs = model.probs(ctx.features(key))
            label = max(probs, key=probs.__getitem__)
            score = round(probs["cooperative"] - probs["conflictual"], 3)
        else:
            label, score = rule, _RULE_SCORE[rule]
        near = ctx.near_cues(key)
        out[key] = Stance(label, score, tuple(("-" if c.weight < 0 else "+") + c.text
                                              for c in near))  # fmt: skip
    return out


class _Context:
    """One sentence's words, cues, clause ids and state mentions (word ranges)."""

    def __init__(
        self,
        text: str,
        words: list[tuple[int, str]],
        cues: list[_Cue],
        mentions: Mapping[Any, Sequence[tuple[int, int]]],
        speaker: Any = None,
    ) -> None:
        self.text = text
        self.words = [w for _, w in words]
        starts = [p for p, _ in words]
        self.cues = cues
        self.n = len(words)
        # clause id of every word: a new clause after a clause mark or at a clause word
        marks = [m.start() for m in _CLAUSE_MARK.finditer(text)]
        clause, c, mi = [], 0, 0
        for i, (pos, w) in enumerate(words):
            while mi < len(marks) and marks[mi] < pos:
                c += 1
                mi += 1
            if i and (
                w in _CLAUSE_WORDS
                or (w == "and" and text[words[i - 1][0] :].split(None, 1)[0].endswith(","))
            ):
                c += 1
            clause.append(c)
        self.clause = clause
        self.spans: dict[Any, list[tuple[int, int]]] = {}
        for key, spans in mentions.items():
            rng = []
            for s, e in spans:
                w0 = _index(starts, s)
                w1 = max(w0 + 1, _index(starts, e))
                if w0 < self.n:
                    rng.append((w0, min(w1, self.n)))
            if key == speaker:
                self.speaker = rng
            else:
                self.spans[key] = rng
        if speaker not in mentions:
            self.speaker = []
        self.first = [i for i, w in enumerate(self.words) if w in _FIRST]
        self._owner: list[set[Any]] | None = None

    def _dist(self, cue: _Cue, spans: list[tuple[int, int]]) -> int:
        best = 10**6
        for w0, w1 in spans:
            d = cue.w0 - w1 + 1 if cue.w0 >= w1 else w0 - cue.w1 + 1 if cue.w1 <= w0 else 0
            best = min(best, d)
        return best

    def owners(self, cues: list[_Cue]) -> list[set[Any]]:
        """For each cue, the states whose mentions are nearest to it (ties: all of them)."""
        out = []
        for c in cues:
            d = {k: self._dist(c, s) for k, s in self.spans.items() if s}
            m = min(d.values(), default=None)
            out.append({k for k, v in d.items() if v == m})
        return out

    def near_cues(self, key: Any) -> list[_Cue]:
        """The cues nearest to ``key``'s mentions (all cues when it has none)."""
        spans = self.spans.get(key) or []
        if not spans:
            return list(self.cues)
        if self._owner is None:
            self._owner = self.owners(self.cues)
        return [c for c, o in zip(self.cues, self._owner, strict=True) if key in o]

    def _cue_features(
        self, cues: list[_Cue], owners: list[set[Any]], key: Any, prefix: str
    ) -> dict[str, float]:
        """Where the (signed) cue weights stand relative to the target ``key``."""
        w = self.words
        spans = self.spans.get(key) or []
        others = [s for k, ss in self.spans.items() if k != key for s in ss]
        t_clauses = {self.clause[w0] for w0, _ in spans}
        acc = dict.fromkeys(
            ("g_pos", "g_neg", "own_pos", "own_neg", "cl_pos", "cl_neg", "subj_pos", "subj_neg",
             "agent_neg", "victim_neg", "we_pos", "we_neg"), 0.0
        )  # fmt: skip
        for c, o in zip(cues, owners, strict=True):
            sign = "pos" if c.weight > 0 else "neg"
            v = abs(c.weight)
            acc["g_" + sign] += v
            if not spans:
                continue
            if key in o:
                acc["own_" + sign] += v / len(o)
            if self.clause[c.w0] in t_clauses:
                acc["cl_" + sign] += v
                if any(0 <= c.w0 - i <= 3 for i in self.first):
                    acc["we_" + sign] += v
            for w0, w1 in spans:
                before = w[w0 - 1] if w0 else ""
                if (
                    0 <= c.w0 - w1 <= 6
                    and before not in _PREP
                    and not any(w1 <= o0 < c.w0 for o0, _ in others)
                ):
                    acc["subj_" + sign] += v
                if sign == "neg" and 0 <= w0 - c.w1 <= 3:
                    gap = w[c.w1 : w0]
                    if any(g in _AGENT for g in gap):
                        acc["agent_neg"] += v
                    elif any(g in _VICTIM for g in gap):
                        acc["victim_neg"] += v
        return {prefix + k: min(v, 6.0) for k, v in acc.items()}

    def rule(self, key: Any) -> str | None:
        """The label a written labelling rule gives ``key`` outright, or None (docs/read.md).

        * *Both parties*: a call, hope or demand addressed to the target together with another
          state ("we urge India and Pakistan to ...") is neutral toward each.
        * *Victim of a third party*: the target named only after "against/on/to" following a
          conflictual cue whose author is another state ("the aggression of Pakistan against
          Afghanistan"), with no cue of its own, is neutral.
        * *Contrast*: when the sentence praises one state and blames another, a target whose
          nearest cues all take one side (weight ≥ 1) gets that side, whatever is said of the
          other states ("we thank Japan ..., and condemn the aggression of Ruritania").
        """
        spans = self.spans.get(key) or []
        if not spans:
            return None
        w = self.words
        others = [s for k, ss in self.spans.items() if k != key for s in ss]
        if self._owner is None:
            self._owner = self.owners(self.cues)
        mine = [c for c, o in zip(self.cues, self._owner, strict=True) if key in o]
        theirs = [c for c, o in zip(self.cues, self._owner, strict=True) if key not in o]
        for w0, w1 in spans:
            pair = any(
                (0 <= o0 - w1 <= 1 and all(g in _BOTH for g in w[w1:o0]))
                or (0 <= w0 - o1 <= 1 and all(g in _BOTH for g in w[o1:w0]))
                for o0, o1 in others
            )
            lo = min([w0] + [o0 for o0, o1 in others if 0 <= w0 - o1 <= 1])
            if pair and any(g in _ASK for g in w[max(0, lo - 4) : lo]):
                return "neutral"
        if not mine and others:
            victim = False
            for c in theirs:
                for w0, _ in spans:
                    gap = w[c.w1 : w0]
                    if c.weight < 0 and 0 <= w0 - c.w1 <= 3 and gap and gap[-1] in _VICTIM:
                        victim = any(c.w1 <= o0 < w0 or 0 <= c.w0 - o1 <= 2 for o0, o1 in others)
            if victim:
                return "neutral"
        if mine and theirs:
            pos = sum(c.weight for c in mine if c.weight > 0)
            neg = -sum(c.weight for c in mine if c.weight < 0)
            t_pos = any(c.weight > 0 for c in theirs)
            t_neg = any(c.weight < 0 for c in theirs)
            if pos >= THRESHOLD and not neg and t_neg and not t_pos:
                return "cooperative"
            if neg >= THRESHOLD and not pos and t_pos and not t_neg:
                return "conflictual"
        return None

    def features(self, key: Any) -> dict[str, float]:
        """The model's input for the target ``key`` (feature name -> value)."""
        w = self.words
        spans = self.spans.get(key) or []
        others = [s for k, ss in self.spans.items() if k != key for s in ss]
        if self._owner is None:
            self._owner = self.owners(self.cues)
        f: dict[str, float] = {
            "n_other": min(len({k for k, s in self.spans.items() if k != key and s}), 5) / 5,
            "question": 1.0 if self.text.rstrip().endswith("?") else 0.0,
            **self._cue_features(self.cues, self._owner, key, ""),
        }
        if not spans:
            return f
        sp = self.speaker
        both = place = ask = must = poss = joint_sp = with_ = actor = 0.0
        for w0, w1 in spans:
            before = w[w0 - 1] if w0 else ""
            after = w[w1] if w1 < self.n else ""
            after2 = w[w1 + 1] if w1 + 1 < self.n else ""
            for o0, o1 in others:
                if (0 <= o0 - w1 <= 1 and all(g in _BOTH for g in w[w1:o0])) or (
                    0 <= w0 - o1 <= 1 and all(g in _BOTH for g in w[o1:w0])
                ):
                    both = 1.0
            for o0, o1 in sp:
                if (0 <= o0 - w1 <= 1 and all(g in _BOTH for g in w[w1:o0])) or (
                    0 <= w0 - o1 <= 1 and all(g in _BOTH for g in w[o1:w0])
                ):
                    joint_sp = 1.0
            if "between" in w[max(0, w0 - 4) : w0]:
                both = 1.0
            if before == "with":
                with_ = 1.0
            if after in _ACTOR_NOUNS or after2 in _ACTOR_NOUNS:
                actor = 1.0
            if before in _PLACE:
                place = 1.0
            if any(g in _ASK for g in w[max(0, w0 - 4) : w0]):
                ask = 1.0
            if (
                after in _MUST
                or (after in _MUST_TO and after2 == "to")
                or (after in ("will", "would", "can") and before == "that")
            ):
                must = 1.0
            if w[w1 - 1].endswith(("'s", "’s")):
                poss = 1.0
        f.update(
            both=both, place=place, ask=ask, must=must, poss=poss, joint_sp=joint_sp,
            with_=with_, actor=actor,
        )  # fmt: skip
        lo = min(w0 for w0, _ in spans)
        hi = max(w1 for _, w1 in spans)
        for t in w[max(0, lo - _WINDOW) : hi + _WINDOW]:
            f["w:" + t] = 1.0
        return f


class _Model:
    """Multinomial logistic regression: intercepts and weights per class (JSON)."""

    def __init__(
        self,
        classes: tuple[str, ...],
        intercept: Mapping[str, float],
        weights: Mapping[str, Mapping[str, float]],
    ) -> None:
        self.classes = classes
        self.intercept = [float(intercept[c]) for c in classes]
        names = {n for c in classes for n in weights[c]}
        #: feature -> its weight in each class, in the order of ``classes``
        self.weights = {n: [float(weights[c].get(n, 0.0)) for c in classes] for n in names}

    def probs(self, x: Mapping[str, float]) -> dict[str, float]:
        """Class probabilities (softmax of the linear scores) of the feature dict ``x``."""
        z = list(self.intercept)
        for name, v in x.items():
            w = self.weights.get(name)
            if w is not None and v:
                for j in range(len(z)):
                    z[j] += v * w[j]
        m = max(z)
        e = [math.exp(v - m) for v in z]
        t = sum(e)
        return {c: v / t for c, v in zip(self.classes, e, strict=True)}


@cache
def _model() -> _Model:
    text = resources.files("multipolar.sources.text").joinpath("data/stance_model.json")
    d = json.loads(text.read_text("utf-8"))
    return _Model(tuple(d["classes"]), d["intercept"], d["weights"])


def _matches(regexes: dict[str, re.Pattern[str]], text: str) -> Iterator[re.Match[str]]:
    """The cue matches of ``text`` left to right, as ``finditer`` over all cues would find them.

    Every cue begins at a word boundary with its 3-letter head, so only the cues of the head
    found at a word start are tried there: some 50 times faster than trying the ~270
    alternatives at every character, and several times faster than trying all of them at
    every word start.
    """
    end = 0
    for w in _START.finditer(text):
        at = w.start()
        if at < end:
            continue
        rx = regexes.get(text[at : at + 3].lower())
        if rx is None:
            continue
        m = rx.match(text, at)
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
