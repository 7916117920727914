"""Coding the General Debate shows progress: the parser reports every byte of speech it codes.

Known answer: the bytes the progress display receives add up to the sizes of the speech files
(read from the mirror with ``stat``), whether the speeches are coded in one process or two.
"""

from __future__ import annotations

import pytest

from multipolar import states
from multipolar.sources.text.lexicon import LEXICON_FILES
from multipolar.sources.ungdc import parse_ungdc


class Recorder:
    """A progress display that remembers what it was told (the protocol of sources.fetch)."""

    def __init__(self) -> None:
        self.started: list[tuple[str, int | None]] = []
        self.advanced: list[int] = []
        self.finished = 0

    def start(self, name: str, total: int | None) -> None:
        self.started.append((name, total))

    def advance(self, n: int) -> None:
        self.advanced.append(n)

    def finish(self) -> None:
        self.finished += 1


@pytest.mark.parametrize("workers", ["1", "2"])
def test_parse_reports_every_byte_coded(shared_data, monkeypatch, workers):
    monkeypatch.setenv("MULTIPOLAR_WORKERS", workers)
    session = shared_data / "ungdc" / "Session 50 - 1995"
    speeches = sorted(session.glob("*_50_1995.txt"))[:60]  # more than one chunk of 48
    paths = {p: shared_data / p for p in LEXICON_FILES}
    paths.update({f"ungdc/Session 50 - 1995/{p.name}": p for p in speeches})
    rec = Recorder()
    tables = parse_ungdc(paths, states, progress=rec)
    total = sum(p.stat().st_size for p in speeches)
    assert rec.started == [("coding 60 General Debate speeches", total)]
    assert sum(rec.advanced) == total and len(rec.advanced) == 2  # chunks of 48 and 12
    assert rec.finished == 1
    assert len(tables["ungdc_speeches"]) == 60
