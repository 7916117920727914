"""The coder's quality: precision and recall on the hand-coded General Debate sentences, and
the CAMEO codebook's example sentences; F1 on the PLOVER event gold sets (dev and held-out,
``tests/data/events_dev.csv``, ``events_heldout.csv``; rules in docs/read.md) on (source,
target, PLOVER category) and who-to-whom (source, target), for every event and for those
``--events-out`` writes (confidence >= 0.7), with the confusion of categories.

Run: ``MULTIPOLAR_MIRROR=../shared/data python benchmarks/read_quality.py [--rows]``. The gold
set (``tests/data/read_gold.csv``, 125 sentences, 129 state-to-state events) was coded by hand
before the coder ever ran on it; the figures printed here are the ones in docs/read.md and the
README (``tests/sources/test_text_quality.py`` checks that they agree).
"""

from __future__ import annotations

import os
import sys
import time
from pathlib import Path

from multipolar import states
from multipolar.sources.text import evaluate
from multipolar.sources.text.reader import lexicon

ROOT = Path(__file__).resolve().parents[1]


def main() -> None:
    mirror = Path(os.environ.get("MULTIPOLAR_MIRROR") or ROOT.parent / "shared" / "data")
    lex = lexicon(states)
    t0 = time.perf_counter()
    g = evaluate.gold_scores(
        evaluate.read_gold(ROOT / "tests" / "data" / "read_gold.csv"), lex, states, mirror
    )
    c = evaluate.codebook_scores(
        evaluate.codebook_examples(mirror / "cameo" / "cameo-codes.csv"), lex, states
    )
    print(
        f"gold set: {g['sentences']} sentences, {g['gold_events']} hand-coded events, "
        f"{g['predicted_events']} coded; (source, target, root): precision {g['precision']:.3f}, "
        f"recall {g['recall']:.3f}; (source, target, QuadClass): precision "
        f"{g['precision_quad']:.3f}, recall {g['recall_quad']:.3f}"
    )
    print(
        f"CAMEO codebook examples: {c['root_found']} of {c['examples']} give an event of their "
        f"own root ({c['root_accuracy']:.3f}); {c['any_event']} give some event "
        f"({time.perf_counter() - t0:.1f} s)"
    )
    corpus = Path(os.environ.get("MULTIPOLAR_CORPUS") or mirror.parent / "corpus")
    from multipolar.sources.text.coder import EXPORT_CONFIDENCE

    for part in ("dev", "heldout", "heldout2"):
        rows = evaluate.read_event_gold(ROOT / "tests" / "data" / f"events_{part}.csv")
        for conf in (0.0, EXPORT_CONFIDENCE):
            e = evaluate.event_scores(rows, lex, states, mirror, corpus, min_confidence=conf)
            print(
                f"events {part} (confidence >= {conf}): {e['sentences']} sentences, "
                f"{e['gold_events']} hand-coded events, {e['predicted_events']} coded; "
                f"(source, target, category) P {e['event']['precision']} R "
                f"{e['event']['recall']} F1 {e['event']['f1']}; (source, target) P "
                f"{e['dyad']['precision']} R {e['dyad']['recall']} F1 {e['dyad']['f1']}"
            )
            if conf == 0.0:
                print("  confusion (hand -> coded, dyads):", e["confusion"])
            if "--rows" in sys.argv and part == "dev" and conf == 0.0:
                for r in e["rows"]:
                    if r["predicted"] != r["gold"]:
                        print("  ", r["id"], "coded", r["predicted"], "hand", r["gold"])
    if "--rows" in sys.argv:
        for r in g["rows"]:
            if r["predicted"] != r["gold"]:
                print(r["id"], "coded", r["predicted"], "hand", r["gold"])


if __name__ == "__main__":
    main()
