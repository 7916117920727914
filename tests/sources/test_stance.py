"""Stance per target (sources/text/stance.py) against the hand-labelled General Debate sentences.

tests/data/stance_gold.csv: 336 sentences sampled reproducibly (benchmarks/stance_sample.py,
seed 20261207) and labelled by hand twice under the rules of docs/read.md; once the first
coder's held-out part had been scored, all 336 became dev sentences, with
tests/data/stance_dev2.csv (192 more, seed 20261209, one pass). tests/data/stance_heldout2.csv
(160, seed 20261208, two passes) was drawn and labelled before the coder changed and scored
once, then became dev; tests/data/stance_heldout3.csv (155, seed 20261210, two passes) was
drawn and labelled before the last change and scored once: it is the held-out set now. The figures of data/stance_quality.csv (shown to users beside every "What they say") and
of docs/read.md must be the ones measured here, through the public ``target_stances`` with the
target's mentions as the dictionary coder finds them; the agreement between the two labelling
passes is computed from the labels alone.
"""

from __future__ import annotations

import csv
import importlib.util
from functools import cache
from pathlib import Path
from types import ModuleType
from typing import Any

import pytest

from multipolar.explain.read import read
from multipolar.sources.text.stance import STANCES, quality, sentence_stance, target_stances

GOLD = Path(__file__).parents[1] / "data" / "stance_gold.csv"
#: the second held-out set, drawn and labelled before the coder was changed (docs/read.md)
HELD2 = Path(__file__).parents[1] / "data" / "stance_heldout2.csv"
DEV2 = Path(__file__).parents[1] / "data" / "stance_dev2.csv"
#: the third held-out set, drawn and labelled after the second was scored (docs/read.md)
HELD3 = Path(__file__).parents[1] / "data" / "stance_heldout3.csv"
DOCS = Path(__file__).parents[2] / "docs" / "read.md"
FIT = Path(__file__).parents[2] / "benchmarks" / "stance_fit.py"


@cache
def _fit() -> ModuleType:
    """benchmarks/stance_fit.py: the rows with their mentions, as the model was fitted on."""
    spec = importlib.util.spec_from_file_location("stance_fit", FIT)
    assert spec is not None and spec.loader is not None
    mod = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(mod)
    return mod


def _labelled(path: Path) -> list[tuple[str, str]]:
    """(hand label, coder's label) of every row, through the public ``target_stances``."""
    fit = _fit()
    out = []
    for r in fit.labelled_rows(path):
        st = target_stances(r["text"], r["mentions"], targets=[fit.TARGET], speaker=fit.SPEAKER)
        out.append((r["label"], st[fit.TARGET].stance))
    return out


def _f1(pairs: list[tuple[str, str]], label: str) -> float:
    tp = sum(1 for g, p in pairs if g == p == label)
    pred = sum(1 for _, p in pairs if p == label)
    gold = sum(1 for g, _ in pairs if g == label)
    prec, rec = (tp / pred if pred else 0.0), (tp / gold if gold else 0.0)
    return 2 * prec * rec / (prec + rec) if prec + rec else 0.0


def _rows(path: Path = GOLD) -> list[dict[str, str]]:
    with path.open(encoding="utf-8") as fh:
        return list(csv.DictReader(fh))


def _kappa(rows: list[dict[str, str]]) -> tuple[float, float]:
    """Agreement and Cohen's kappa between the two labelling passes, from the labels alone."""
    n = len(rows)
    po = sum(r["pass1"] == r["pass2"] for r in rows) / n
    pe = sum(sum(r["pass1"] == s for r in rows) * sum(r["pass2"] == s for r in rows)
             for s in STANCES) / n**2  # fmt: skip
    return po, (po - pe) / (1 - pe)


def _macro_f1(pairs: list[tuple[str, str]]) -> float:
    return sum(_f1(pairs, label) for label in STANCES) / len(STANCES)


def test_gold_set_is_well_formed_and_split_by_session():
    rows = _rows()
    assert len(rows) >= 300 and len({r["id"] for r in rows}) == len(rows)
    for r in rows:
        assert {r["pass1"], r["pass2"], r["label"]} <= set(STANCES)
        assert r["split"] == ("heldout" if int(r["session"]) % 3 == 0 else "dev")
        assert r["file"] == f"{r['speaker']}_{int(r['session']):02d}_{r['year']}.txt"
        if r["pass1"] == r["pass2"]:
            assert r["label"] == r["pass1"]
    hostile = [r for r in rows if r["group"] == "hostile"]
    assert len(hostile) >= 150  # over-sampled, as the issue asks


def test_second_heldout_set_is_well_formed_and_new():
    rows = _rows(HELD2)
    assert len(rows) >= 150 and len({r["id"] for r in rows}) == len(rows)
    for r in rows:
        assert {r["pass1"], r["pass2"], r["label"]} <= set(STANCES)
        assert r["split"] == "heldout2"
        assert r["file"] == f"{r['speaker']}_{int(r['session']):02d}_{r['year']}.txt"
        if r["pass1"] == r["pass2"]:
            assert r["label"] == r["pass1"]
    # the same design as the first sample: 5 a hostile direction, 4 an allied one, 32 others
    groups = [r["group"] for r in rows]
    assert (groups.count("hostile"), groups.count("allied"), groups.count("other")) == (80, 48, 32)
    # nothing of the first 336 (no sentence, no speech-and-target pair)
    old = _rows()
    assert not {r["sentence"] for r in rows} & {r["sentence"] for r in old}
    assert not {(r["file"], r["target"]) for r in rows} & {(r["file"], r["target"]) for r in old}
    po, kappa = _kappa(rows)
    text = DOCS.read_text(encoding="utf-8")
    assert f"Agreement {po:.3f}, **Cohen's kappa {kappa:.3f}**" in text


def test_third_heldout_set_is_well_formed_and_new():
    rows = _rows(HELD3)
    assert len(rows) >= 150 and len({r["id"] for r in rows}) == len(rows)
    for r in rows:
        assert {r["pass1"], r["pass2"], r["label"]} <= set(STANCES)
        assert r["split"] == "heldout3"
        assert r["file"] == f"{r['speaker']}_{int(r['session']):02d}_{r['year']}.txt"
        if r["pass1"] == r["pass2"]:
            assert r["label"] == r["pass1"]
    for other in (_rows(), _rows(HELD2), _rows(DEV2)):
        assert not {r["sentence"] for r in rows} & {r["sentence"] for r in other}
        assert not {(r["file"], r["target"]) for r in rows} & {
            (r["file"], r["target"]) for r in other
        }
    po, kappa = _kappa(rows)
    text = DOCS.read_text(encoding="utf-8")
    assert f"Agreement {po:.3f},\n**Cohen's kappa {kappa:.3f}**" in text


def test_dev2_set_is_well_formed_and_new():
    rows = _rows(DEV2)
    assert len(rows) >= 150 and len({r["id"] for r in rows}) == len(rows)
    assert all(r["label"] in STANCES and r["split"] == "dev2" for r in rows)
    for other in (_rows(), _rows(HELD2)):
        assert not {r["sentence"] for r in rows} & {r["sentence"] for r in other}


def test_documented_figures_are_the_measured_ones(shared_data):
    q = quality()
    held = _labelled(HELD3)
    # the second held-out set was scored once with the previous coder and is dev since then
    dev = _labelled(GOLD) + _labelled(DEV2) + _labelled(HELD2)
    assert q["gold_sentences"] == len(_rows()) and q["dev_sentences"] == len(dev)
    assert q["heldout_sentences"] == len(held)
    assert q["heldout_macro_f1"] == pytest.approx(_macro_f1(held), abs=5e-4)
    acc = sum(g == p for g, p in held) / len(held)
    assert q["heldout_accuracy"] == pytest.approx(acc, abs=5e-4)
    for label in STANCES:
        assert q[f"heldout_f1_{label}"] == pytest.approx(_f1(held, label), abs=5e-4)
    # the dev figure is in-sample (the model was fitted on these rows)
    assert q["dev_macro_f1"] == pytest.approx(_macro_f1(dev), abs=5e-4)
    po, kappa = _kappa(_rows(HELD3))
    assert q["pass_agreement"] == pytest.approx(po, abs=5e-4)
    assert q["pass_kappa"] == pytest.approx(kappa, abs=5e-4)
    text = DOCS.read_text(encoding="utf-8")
    assert f"macro-F1 {q['heldout_macro_f1']:.3f}" in text
    assert f"accuracy {q['heldout_accuracy']:.3f}" in text
    assert f"in-sample macro-F1 {q['dev_macro_f1']:.3f}" in text
    assert f"cross-validated macro-F1 {q['dev_cv_macro_f1']:.3f}" in text
    # the held-out confusion table (rows: hand label; columns: coder), as docs/read.md prints it
    for g in ("conflictual", "cooperative", "neutral"):
        cells = [sum(1 for a, b in held if a == g and b == p)
                 for p in ("conflictual", "cooperative", "neutral")]  # fmt: skip
        row = f"| {g} ({sum(cells)}) | " + " | ".join(map(str, cells)) + " |"
        assert row in text, row
    assert q["heldout_macro_f1"] > 1 / 3 + 0.2  # well above a constant guess


def _stances_of(text: str, speaker: str) -> set[tuple[Any, str]]:
    rd = read(text, check=False, speaker=speaker, date="2019-09-25")
    return {(r["target"], r["stance"]) for r in rd.stances}


@pytest.mark.parametrize(
    ("text", "speaker", "expected"),
    [
        # the written rules of docs/read.md, one stance per target (COW: Pakistan 770,
        # Afghanistan 700, India 750, Japan 740, Russia 365, United States 2)
        ("We condemn the aggression of Pakistan against Afghanistan.", "India",
         {(770, "conflictual"), (700, "neutral")}),  # the victim of a third party
        ("We urge India and Pakistan to resolve their differences through dialogue.", "Brazil",
         {(750, "neutral"), (770, "neutral")}),  # a call on both parties
        ("We thank Japan for its generous assistance, and condemn the aggression of Pakistan.",
         "India", {(740, "cooperative"), (770, "conflictual")}),  # praise and blame, two states
        ("Our strategic partnership with Russia has never been stronger, while the United "
         "States continues its illegal blockade.", "Cuba",
         {(365, "cooperative"), (2, "conflictual")}),
    ],
)  # fmt: skip
def test_one_stance_per_target(shared_data, text, speaker, expected):
    assert _stances_of(text, speaker) == expected


@pytest.mark.parametrize(
    ("text", "stance"),
    [
        ("We strongly condemn the occupation of our land by Ruritania.", "conflictual"),
        ("We are grateful to Ruritania for its support.", "cooperative"),
        ("Ruritania is not a threat to anyone.", "neutral"),  # a negated conflict cue drops
        ("Ruritania refused to cooperate.", "conflictual"),
        ("Ruritania has not cooperated with the inspectors.", "conflictual"),  # negated coop
        ("The delegation of Ruritania arrived on Monday.", "neutral"),
        ("Ruritania not only violates the treaty but ignores the Council.", "conflictual"),
    ],
)
def test_cues_and_negation(text, stance):
    assert sentence_stance(text).stance == stance


def test_read_speaker_names_who_speaks(shared_data):
    text = (
        "We condemn the continued aggression of Pakistan against our people. "
        "We thank Japan for its generous assistance."
    )
    rd = read(text, check=False, speaker="India", date="2019-09-25")
    rows = {(r["target"], r["stance"]) for r in rd.stances}
    assert rows == {(770, "conflictual"), (740, "cooperative")}
    assert all(r["speaker"] == 750 and r["speaker_name"] == "India" for r in rd.stances)
    # without --speaker the text's stance rows are the author's, and "we" is nobody
    assert {r["speaker"] for r in read(text, check=False).stances} == {None}


def test_the_soviet_union_is_a_state_with_stances(shared_data):
    """The dictionaries code the USSR as SUN (ISO 3166-3), which the registry does not resolve:
    it was a 'region' with no COW code, so no General Debate speech before 1992 had a stance
    toward it. COW 365 is the Soviet Union up to 1991."""
    rd = read("The Soviet Union invaded Afghanistan.", check=False, date="1980-09-25")
    assert {(r["target"], r["target_name"]) for r in rd.stances} >= {(365, "Soviet Union")}


def test_the_corpus_counts_each_target_by_its_own_stance(shared_data):
    """The corpus path (sentence records, which ungdc_mentions counts) carries one stance per
    state named, not the sentence's: hand-read, India thanks Japan (740) and blames Pakistan
    (770) in one sentence."""
    import datetime as dt
    import io

    from multipolar import states
    from multipolar.sources.text.reader import read_stream

    text = "We thank Japan for its generous assistance, and condemn the aggression of Pakistan."
    doc = read_stream(io.BytesIO(text.encode()), states=states, date=dt.date(2019, 9, 25),
                      corpus=True, speaker=750)  # fmt: skip
    (rec,) = doc.sentence_records
    assert rec["stances"] == {740: "cooperative", 770: "conflictual"}


def test_the_corpus_example_is_the_surest_sentence(shared_data, tmp_path):
    """ungdc_mentions' example of a stance is the sentence the coder is surest of (highest
    P(coop) − P(conflict) among those it codes cooperative; lowest among conflictual), not the
    first one in the speech: the rule the "What they say" examples follow."""
    import datetime as dt
    import io

    from multipolar import states
    from multipolar.sources import ungdc
    from multipolar.sources.text.reader import lexicon, read_stream

    sentences = [
        "Japan and India held talks on the region.",
        "The rivalry between Japan and China extends to all parts of the globe.",
        "We warmly thank Japan for its generous assistance and steadfast friendship.",
        "We welcome the initiative of Japan.",
        "We condemn the aggression of Pakistan.",
        "Pakistan continues to sponsor terrorism and occupies our territory.",
    ]
    text = " ".join(sentences)
    path = tmp_path / "IND_74_2019.txt"
    path.write_text(text, encoding="utf-8")
    doc = read_stream(io.BytesIO(text.encode()), states=states, date=dt.date(2019, 9, 25),
                      corpus=True, speaker=750)  # fmt: skip
    ungdc._WORKER.update(lex=lexicon(states), states=states)  # what each worker is given
    out = ungdc._code_speech("IND", 74, 2019, path)
    rows = {r["mentioned_ccode"]: r for r in out["mentions"]}
    for cc, label, slot, sign in ((740, "cooperative", "example_coop", 1),
                                  (770, "conflictual", "example_conflict", -1)):  # fmt: skip
        scored = [(sign * r["stance_scores"][cc], r["text"]) for r in doc.sentence_records
                  if r["stances"].get(cc) == label]  # fmt: skip
        assert scored, (cc, label)
        best = max(scored, key=lambda t: t[0])[1]
        assert rows[cc][slot] == best
        if len(scored) > 1 and scored[0][1] != best:
            assert rows[cc][slot] != scored[0][1]  # not simply the first
