"""The verdict rules against a table of 20 pairs with the verdict a specialist would expect.

``verdict_table.csv`` holds 29 expectations on 20 pairs (allies, rivals, neutrals, former
blocs), each with where it comes from (a treaty, a war, a study of UNGA voting). The rules are
not tuned to it: the test reports how many agree and fails only below 80 %, so that a change
of rule that breaks the specialists' reading is noticed. The disagreements are listed in
docs/why.md with the data that explain them.
"""

from __future__ import annotations

import csv
from pathlib import Path

import pytest

from multipolar.explain.why import why

TABLE = Path(__file__).with_name("verdict_table.csv")


def _rows() -> list[dict[str, str]]:
    with TABLE.open(encoding="utf-8") as fh:
        return list(csv.DictReader(fh))


@pytest.mark.slow
def test_verdicts_agree_with_the_specialists(store, capsys):
    rows = _rows()
    pairs = {(r["a"], r["b"], r["vs"]) for r in rows}
    assert len(pairs) == 20 and len(rows) >= 20
    evidence = {}
    for a, b, vs in sorted(pairs):
        ev = why(a, b, vs=vs or None, store=store)
        evidence[(a, b, vs)] = {r["key"]: r for r in ev.evidence_matrix}
    agree, disagree = 0, []
    for r in rows:
        got = evidence[(r["a"], r["b"], r["vs"])][r["key"]]["verdict"]
        if got == r["expected"]:
            agree += 1
        else:
            disagree.append(f"{r['a']}–{r['b']} {r['key']}: expected {r['expected']}, got {got}")
    with capsys.disabled():
        print(f"\nverdict table: {agree} of {len(rows)} agree", *disagree, sep="\n  ")
    assert agree >= 0.8 * len(rows), disagree
