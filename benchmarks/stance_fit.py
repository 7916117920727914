"""Fit the per-target stance model (``sources/text/data/stance_model.json``) on the dev sentences.

Data (docs/read.md): dev = the 336 hand-labelled sentences of ``tests/data/stance_gold.csv``,
the 192 of ``tests/data/stance_dev2.csv`` and the 160 of ``tests/data/stance_heldout2.csv``
(held out for the first per-target coder, scored once, dev since); held out now:
``tests/data/stance_heldout3.csv``. Each row is one sentence and one target state; the state
mentions come from the production path (the dictionary coder's lexicon, through
:func:`multipolar.sources.text.reader.read_stream` with the speech's speaker and date), and
where the lexicon does not find the target the sampler's name pattern
(``benchmarks/stance_sample.py``) gives its spans. Features and the written rules:
:mod:`multipolar.sources.text.stance`.

Model: multinomial logistic regression with an L2 penalty (numpy + scipy L-BFGS, both already
dependencies of the project), numeric features standardised while fitting and the scaling
folded into the exported weights; word features are binary and kept when they occur in at
least ``min_df`` dev rows; ``--balanced`` weighs the classes equally in the loss. The penalties,
the word window and the balance are chosen by stratified 10-fold cross-validation on dev
(``--cv``); the chosen setting is then fitted on all dev rows and written (``--write``; the
shipped model: ``--write --balanced``, defaults otherwise). ``--heldout`` scores the held-out
set with the written model — run once, at the end.

    python benchmarks/stance_fit.py --cv
    python benchmarks/stance_fit.py --write --balanced
    python benchmarks/stance_fit.py --heldout
"""

from __future__ import annotations

import argparse
import csv
import datetime as dt
import io
import json
import re
import sys
from collections import Counter
from pathlib import Path
from typing import Any

import numpy as np
from scipy.optimize import minimize

sys.path.insert(0, str(Path(__file__).parent))
from multipolar.sources.text import stance
from stance_sample import NAMES

ROOT = Path(__file__).parents[1]
DEV = ROOT / "tests" / "data" / "stance_gold.csv"
DEV2 = ROOT / "tests" / "data" / "stance_dev2.csv"
#: the second held-out set: scored once with the coder fitted on DEV + DEV2, dev since then
HELD2 = ROOT / "tests" / "data" / "stance_heldout2.csv"
#: the held-out set of the coder shipped now (scored once, ``--heldout``)
HELD = ROOT / "tests" / "data" / "stance_heldout3.csv"
DEV_FILES = (DEV, DEV2, HELD2)
MODEL = ROOT / "src" / "multipolar" / "sources" / "text" / "data" / "stance_model.json"
CLASSES = ("cooperative", "conflictual", "neutral")
#: the states a target's ISO3 code may be coded as in the year of the speech (names of the year)
_ALIASES = {"RUS": {365}, "CHN": {710, 713}, "DEU": {255, 260, 265}}
TARGET = "__target__"
#: apply the written rules (stance._Context.rule) before the model, as target_stances does
RULES = True
SPEAKER = "__speaker__"


def labelled_rows(path: Path) -> list[dict[str, Any]]:
    """Each row: ``text``, ``mentions`` (key -> spans; the target under :data:`TARGET`), label.

    ``via`` says where the target's spans came from: ``lexicon`` or ``pattern``.
    """
    from multipolar import states
    from multipolar.sources.text.reader import lexicon, read_stream
    from multipolar.sources.ungdc import speaker_ccode

    lex = lexicon(states)
    out = []
    with path.open(encoding="utf-8") as fh:
        rows = list(csv.DictReader(fh))
    for r in rows:
        year = int(r["year"])
        sp = speaker_ccode(states, r["speaker"], int(r["session"]), year)
        want = _ALIASES.get(r["target"])
        if want is None:
            st = states.from_iso3(r["target"], year)
            want = {st.ccode} if st is not None else set()
        text = r["sentence"]
        doc = read_stream(
            io.BytesIO(text.encode("utf-8")), states=states, date=dt.date(year, 9, 25),
            speaker=sp, lex=lex, name=r["id"],
        )  # fmt: skip
        mentions: dict[Any, list[tuple[int, int]]] = {}
        # mention offsets are offsets in the document, which is the sentence
        for m in doc.mentions:
            a = doc.actors[m["actor"]]
            if a["kind"] != "state" or a["ccode"] is None:
                continue
            cc = a["ccode"]
            key = TARGET if cc in want else SPEAKER if cc == sp else cc
            mentions.setdefault(key, []).append((m["start"], m["end"]))
        via = "lexicon"
        if TARGET not in mentions:
            via = "pattern"
            mentions[TARGET] = [m.span() for m in re.finditer(NAMES[r["target"]], text)]
        out.append({**r, "text": text, "mentions": mentions, "via": via})
    return out


def features(row: dict[str, Any]) -> dict[str, float]:
    """The model's features of one labelled row (the target's); the label a written rule
    gives it, if any, is put in ``row["rule"]``."""
    words = stance._words(row["text"])
    cues = stance._found_cues(row["text"], words)
    ctx = stance._Context(row["text"], words, cues, row["mentions"], SPEAKER)
    row["rule"] = ctx.rule(TARGET)
    return ctx.features(TARGET)


def _design(
    feats: list[dict[str, float]], names: list[str], mu: np.ndarray, sd: np.ndarray
) -> np.ndarray:
    x = np.array([[f.get(n, 0.0) for n in names] for f in feats], dtype=float)
    return (x - mu) / sd


def fit(
    feats: list[dict[str, float]],
    labels: list[str],
    *,
    c: float,
    min_df: int,
    words: bool,
    c_words: float | None = None,
    balanced: bool = False,
) -> dict[str, Any]:
    """Fitted model (the JSON written to ``stance_model.json``).

    ``c``: inverse L2 penalty of the numeric features; ``c_words`` that of the word features
    (default ``c``).
    """
    num = sorted({k for f in feats for k in f if not k.startswith("w:")})
    df = Counter(k for f in feats for k in f if k.startswith("w:"))
    lex = sorted(k for k, n in df.items() if n >= min_df) if words else []
    names = num + lex
    raw = np.array([[f.get(n, 0.0) for n in names] for f in feats], dtype=float)
    mu = np.zeros(len(names))
    sd = np.ones(len(names))
    k = len(num)
    mu[:k] = raw[:, :k].mean(0)
    sd[:k] = raw[:, :k].std(0) + 1e-9
    x = (raw - mu) / sd
    y = np.array([CLASSES.index(lab) for lab in labels])
    n, p = x.shape
    m = len(CLASSES)
    onehot = np.eye(m)[y]
    sw = np.ones(n)
    if balanced:  # each class weighs as much as the others in the loss
        sw = (n / (m * np.bincount(y, minlength=m)))[y]
    pen = np.full((p, 1), 1.0 / (c * n))
    pen[k:] = 1.0 / ((c_words or c) * n)

    def loss(theta: np.ndarray) -> tuple[float, np.ndarray]:
        w = theta[: p * m].reshape(p, m)
        b = theta[p * m :]
        z = x @ w + b
        z -= z.max(1, keepdims=True)
        lse = np.log(np.exp(z).sum(1, keepdims=True))
        logp = z - lse
        val = -(sw[:, None] * onehot * logp).sum() / n + 0.5 * (pen * w**2).sum()
        g = sw[:, None] * (np.exp(logp) - onehot) / n
        gw = x.T @ g + pen * w
        return val, np.concatenate([gw.ravel(), g.sum(0)])

    res = minimize(loss, np.zeros(p * m + m), jac=True, method="L-BFGS-B",
                   options={"maxiter": 2000})  # fmt: skip
    w = res.x[: p * m].reshape(p, m) / sd[:, None]
    b = res.x[p * m :] - (mu / sd) @ res.x[: p * m].reshape(p, m)
    return {
        "classes": list(CLASSES),
        "intercept": {cl: round(float(b[j]), 6) for j, cl in enumerate(CLASSES)},
        "weights": {
            cl: {nm: round(float(w[i, j]), 6) for i, nm in enumerate(names) if abs(w[i, j]) > 1e-6}
            for j, cl in enumerate(CLASSES)
        },
        "settings": {
            "C": c,
            "C_words": c_words or c,
            "min_df": min_df,
            "words": words,
            "window": stance._WINDOW,
            "rows": n,
        },
    }


def predict(model: dict[str, Any], f: dict[str, float], rule: str | None = None) -> str:
    """The label of one feature dict: the written rule's, else the model's."""
    if rule is not None and RULES:
        return rule
    m = stance._Model(tuple(model["classes"]), model["intercept"], model["weights"])
    p = m.probs(f)
    return max(p, key=p.__getitem__)


def scores(pairs: list[tuple[str, str]]) -> dict[str, Any]:
    """Macro-F1, accuracy, per-class F1 and the confusion (rows gold, columns predicted)."""
    f1 = {}
    for lab in CLASSES:
        tp = sum(1 for g, p in pairs if g == p == lab)
        pp = sum(1 for _, p in pairs if p == lab)
        gg = sum(1 for g, _ in pairs if g == lab)
        pr, rc = (tp / pp if pp else 0.0), (tp / gg if gg else 0.0)
        f1[lab] = 2 * pr * rc / (pr + rc) if pr + rc else 0.0
    conf = {g: {p: sum(1 for a, b in pairs if a == g and b == p) for p in CLASSES}
            for g in CLASSES}  # fmt: skip
    return {
        "macro_f1": sum(f1.values()) / 3,
        "accuracy": sum(g == p for g, p in pairs) / len(pairs),
        "f1": f1,
        "confusion": conf,
    }


def cross_validate(
    rows: list[dict[str, Any]],
    *,
    c: float,
    min_df: int,
    words: bool,
    c_words: float | None = None,
    balanced: bool = False,
    seeds: int = 5,
) -> tuple[float, float, list[tuple[str, str]]]:
    """Mean and sd of macro-F1 over ``seeds`` stratified 10-fold splits; the pooled pairs."""
    feats = [features(r) for r in rows]
    labels = [r["label"] for r in rows]
    f1s = []
    pooled: list[tuple[str, str]] = []
    for seed in range(seeds):
        rng = np.random.default_rng(seed)
        fold = np.zeros(len(rows), dtype=int)
        for lab in CLASSES:
            idx = [i for i, y in enumerate(labels) if y == lab]
            rng.shuffle(idx)
            for j, i in enumerate(idx):
                fold[i] = j % 10
        pairs: list[tuple[str, str]] = []
        for k in range(10):
            tr = [i for i in range(len(rows)) if fold[i] != k]
            te = [i for i in range(len(rows)) if fold[i] == k]
            model = fit([feats[i] for i in tr], [labels[i] for i in tr], c=c, min_df=min_df,
                        words=words, c_words=c_words, balanced=balanced)  # fmt: skip
            pairs += [(labels[i], predict(model, feats[i], rows[i]["rule"])) for i in te]
        f1s.append(scores(pairs)["macro_f1"])
        pooled += pairs
    return float(np.mean(f1s)), float(np.std(f1s)), pooled


def main() -> None:
    """Cross-validate, write the model, or score the held-out set (see the module)."""
    ap = argparse.ArgumentParser()
    ap.add_argument("--cv", action="store_true")
    ap.add_argument("--write", action="store_true")
    ap.add_argument("--heldout", action="store_true")
    ap.add_argument("--C", type=float, default=0.03)
    ap.add_argument("--C-words", type=float, default=0.1)
    ap.add_argument("--min-df", type=int, default=3)
    ap.add_argument("--no-words", action="store_true")
    ap.add_argument("--balanced", action="store_true", help="classes weigh equally in the loss")
    a = ap.parse_args()
    dev = [r for path in DEV_FILES for r in labelled_rows(path)]
    print(f"dev rows {len(dev)}; target spans from the pattern: "
          f"{sum(r['via'] == 'pattern' for r in dev)}")  # fmt: skip
    if a.cv:
        # the grid of docs/read.md (window: stance._WINDOW words either side of the target)
        for win in (3, 5):
            stance._WINDOW = win
            for c in (0.03, 0.1, 0.3):
                for cw in (0.01, 0.03, 0.1):
                    for bal in (False, True):
                        m, s, _ = cross_validate(dev, c=c, c_words=cw, min_df=3, words=True,
                                                 balanced=bal, seeds=3)  # fmt: skip
                        print(f"window={win} C={c} C_words={cw} balanced={bal}: "
                              f"macro-F1 {m:.3f} ± {s:.3f}")  # fmt: skip
        stance._WINDOW = 3
        for c in (0.03, 0.1, 0.3):
            m, s, _ = cross_validate(dev, c=c, min_df=3, words=False, seeds=4)
            print(f"no word features, C={c}: macro-F1 {m:.3f} ± {s:.3f}")
    if a.write:
        model = fit([features(r) for r in dev], [r["label"] for r in dev], c=a.C,
                    c_words=a.C_words, min_df=a.min_df, words=not a.no_words,
                    balanced=a.balanced)  # fmt: skip
        MODEL.write_text(json.dumps(model, indent=0, sort_keys=True) + "\n", encoding="utf-8")
        m, s, pooled = cross_validate(dev, c=a.C, c_words=a.C_words, min_df=a.min_df,
                                      words=not a.no_words, balanced=a.balanced)  # fmt: skip
        print(f"written {MODEL.name}; dev 10-fold CV macro-F1 {m:.3f} ± {s:.3f}")
        print(json.dumps(scores(pooled), indent=1))
    if a.heldout:
        held = labelled_rows(HELD)
        model = json.loads(MODEL.read_text(encoding="utf-8"))
        pairs = [(r["label"], predict(model, features(r), r["rule"])) for r in held]
        print(f"held-out rows {len(held)}; target spans from the pattern: "
              f"{sum(r['via'] == 'pattern' for r in held)}")  # fmt: skip
        print(json.dumps(scores(pairs), indent=1))


if __name__ == "__main__":
    main()
