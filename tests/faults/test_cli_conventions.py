"""Clear messages, API misuse and CLI conventions (issue 21, items 6, 9, 10, 11, 15).

Before: ``forecast --horizon 1e20 --force`` was a ValueError from deep inside (1e6 ran for
minutes); ``mp.why(None, 3)`` and ``mp.landscape('2019')`` were bare TypeErrors; ``mp.read``
of a one-paragraph text over 255 characters was ``OSError: File name too long`` (the string
was tried as a path); ``read /dev/zero`` and ``read FIFO`` said "no file"; ``why --from -5``
was accepted; ``why Atlantis Russia`` opened the store and scanned ten tables before saying
the name is unknown; there was no ``--version``; ``why`` had no ``--format``/``-o``; flags
showed ``<bool>`` in help. Real processes, a real FIFO, /dev/zero.
"""

from __future__ import annotations

import json
import os
import threading
import time
from pathlib import Path

import pytest

import multipolar as mp
from multipolar.errors import InputError

from .conftest import cli, one_line_error

#: one paragraph, no line break, well over 255 characters (the limit of a file name)
PARAGRAPH = (
    "China and Russia signed a trade agreement in Moscow on 3 May 2019, and the two foreign "
    "ministers said their countries would deepen cooperation in energy, finance and security "
    "while opposing unilateral sanctions; officials from both governments praised the talks "
    "as a sign of a partnership that has grown steadily over the past decade."
)


def test_forecast_horizon_is_bounded(store, fault) -> None:
    from multipolar.explain.forecast import forecast_pair

    t0 = time.monotonic()
    with pytest.raises(InputError, match="at most 100 years"):
        forecast_pair(store, "China", "Russia", horizon=10**20, force=True)
    with pytest.raises(InputError, match="at most 100 years"):
        forecast_pair(store, "China", "Russia", horizon=1_000_000, force=True)
    held = time.monotonic() - t0 < 5
    fault("forecast horizon out of bounds", held)
    assert held


@pytest.mark.parametrize(
    ("call", "message"),
    [
        (lambda: mp.why(None, 3), "must be a state"),
        (lambda: mp.why("China", 3.5), "must be a state"),
        (lambda: mp.why("China", "Russia", start="2000"), "give it as a number: 2000"),
        (lambda: mp.landscape("2019"), "give it as a number: 2019"),
        (lambda: mp.forecast("China", "Russia", horizon="5"), "horizon"),
        (lambda: mp.read(42), "read\\(\\) takes the text"),
        (lambda: mp.read(), "give the text"),
    ],
)
def test_api_misuse_is_an_input_error(call, message: str, fault) -> None:
    """Refused at the public function, before any store is opened (hence fast)."""
    t0 = time.monotonic()
    with pytest.raises(InputError, match=message) as info:
        call()
    held = isinstance(info.value, ValueError) and time.monotonic() - t0 < 5
    fault("Python API misuse", held)
    assert held


def test_a_long_paragraph_is_text_not_a_path(tmp_path: Path) -> None:
    assert len(PARAGRAPH) > 255 and "\n" not in PARAGRAPH
    rd = mp.read(PARAGRAPH, check=False).to_dict()
    assert rd["document"]["chars"] >= len(PARAGRAPH) - 5
    # the same text from a file, given as a Path or as path=
    f = tmp_path / "para.txt"
    f.write_text(PARAGRAPH, encoding="utf-8")
    by_path = mp.read(f, check=False).to_dict()["document"]["sha256"]
    by_kw = mp.read(path=str(f), check=False).to_dict()["document"]["sha256"]
    assert by_path == by_kw
    # a str that names an existing file is still text (no guessing)
    assert mp.read(str(f), check=False).to_dict()["document"]["chars"] == len(str(f))


def test_read_dev_zero_and_fifo(tmp_path: Path, fault) -> None:
    home = tmp_path / "home"
    r = cli("read", "/dev/zero", "--no-check", "--no-html", home=home, timeout=60)
    held_zero = one_line_error(r) and "is a device" in r.stderr
    fault("read /dev/zero", held_zero)
    assert held_zero, r.stderr
    fifo = tmp_path / "pipe"
    os.mkfifo(fifo)
    writer = threading.Thread(target=lambda: fifo.write_text(PARAGRAPH, encoding="utf-8"))
    writer.start()
    r = cli("read", str(fifo), "--no-check", "--no-html", "--format", "json", home=home)
    writer.join(timeout=30)
    held_fifo = r.returncode == 0 and json.loads(r.stdout)["document"]["name"] == "pipe"
    fault("read a FIFO", held_fifo)
    assert held_fifo, r.stderr


def test_names_and_years_refused_before_the_store_opens(tmp_path: Path, fault) -> None:
    """In an empty home: the answer comes without a store being created (only the state
    registry is read)."""
    home = tmp_path / "home"
    for args, message in (
        (("why", "Atlantis", "Russia"), "unknown state 'Atlantis'"),
        (("why", "China", "Russia", "--from", "-5"), "--from -5"),
        (("why", "China", "Russia", "--from", "2005", "--to", "2000"), "after --to"),
        (("why", "China", "Russia", "-o", str(tmp_path / "x.txt")), "use .json or .html"),
        (("why", "China", "Russia", "--format", "xml"), "unknown format"),
    ):
        r = cli(*args, home=home, timeout=120)
        held = (
            one_line_error(r) and message in r.stderr and not (home / "multipolar.duckdb").exists()
        )
        fault("bad why argument refused before the store", held)
        assert held, (args, r.stderr)


def test_version_and_flags_in_help(tmp_path: Path) -> None:
    home = tmp_path / "home"
    r = cli("--version", home=home)
    assert r.returncode == 0 and r.stdout.strip() == f"multipolar {mp.__version__}"
    for args in (("--help",), ("why", "--help"), ("data", "--help")):
        r = cli(*args, home=home, env={"COLUMNS": "100"})
        assert r.returncode == 0, r.stderr
        assert "<bool>" not in r.stdout, args
    r = cli("why", "--help", home=home, env={"COLUMNS": "100"})
    assert "--format" in r.stdout and "--output" in r.stdout and "--json" in r.stdout
