"""A Ctrl-C while an R data file is parsed interrupts the read; it never yields a partial frame.

pyreadr's Cython callbacks cannot raise: a KeyboardInterrupt that landed in one was printed
and dropped, and ``pyreadr.read_r`` went on and *returned* a frame without the column it was
handling (cow_igo_ndy.rda: 3 of its 4 columns, in 12 of 12 interrupted reads on 2026-12-07),
seconds after the signal. ``data pull`` then either failed later or went on loading; the
interrupt itself was only noticed through ``sys.unraisablehook``. ``read_rdata`` now parses in
a worker thread, where no signal handler runs, and the caller takes the interrupt at once.

Real signals (``os.kill`` of this process from a timer) at points spread over the parse.
"""

from __future__ import annotations

import os
import signal
import threading
import time
from pathlib import Path

from multipolar.sources._rdata import read_rdata


def _wait_for_parsers() -> None:
    """Until the parses left running by interrupted reads end (a thread interrupted in its
    ``start()`` cannot be joined yet)."""
    while any(t.name == "multipolar-rdata" for t in threading.enumerate()):
        time.sleep(0.05)


def test_interrupted_rdata_read_raises_never_returns_a_partial_frame(shared_data: Path, fault):
    path = shared_data / "peacesciencer" / "cow_igo_ndy.rda"
    t0 = time.perf_counter()
    clean = read_rdata(path)
    parse = time.perf_counter() - t0
    previous = signal.signal(signal.SIGINT, signal.default_int_handler)
    outcomes = []
    try:
        for share in (0.05, 0.2, 0.4, 0.6, 0.8):
            timer = threading.Timer(share * parse, os.kill, (os.getpid(), signal.SIGINT))
            timer.start()
            try:
                got = read_rdata(path)
                time.sleep(parse)  # a signal sent after the read lands here, not in the next
                outcomes.append("returned whole" if got.equals(clean) else "returned PARTIAL")
            except KeyboardInterrupt:
                outcomes.append("interrupted")
            timer.join()
            _wait_for_parsers()
    finally:
        signal.signal(signal.SIGINT, previous)
    for outcome in outcomes:
        fault("SIGINT while an R data file is parsed", outcome != "returned PARTIAL")
    assert "returned PARTIAL" not in outcomes, outcomes
    assert "interrupted" in outcomes, outcomes  # at least one signal landed in a parse
