"""Special output paths are written through, not replaced; temporary files never stay behind;
SIGTERM is handled like Ctrl-C; a non-UTF-8 locale does not break output.

Before (issue 21, items 3, 8 and 10): ``-o /dev/full`` exited 0 and replaced the device with a
regular file; a FIFO and a symlink to stdout were replaced the same way (their reader got
nothing); ``.x.tmp`` files stayed behind after SIGKILL and were never cleaned; SIGTERM exited
143 without a word; under ``LC_ALL=C`` (``PYTHONUTF8=0``) output failed with
UnicodeEncodeError. Every case runs a real process on real files: a real FIFO, /dev/full, a
symlink, a real dead process id.
"""

from __future__ import annotations

import json
import os
import signal
import stat
import subprocess
import sys
import threading
import time
from pathlib import Path

import pytest

from multipolar.report.output import atomic_write

from .conftest import cli, one_line_error, spawn

#: a small, store-free command with non-ASCII text in its answer (COW 437, whose names are
#: "Ivory Coast 1960–1985, Côte d'Ivoire from 1986")
RESOLVE = ("states", "resolve", "Ivory Coast")


def test_dev_full_reports_the_write_error(tmp_path: Path, fault) -> None:
    if not Path("/dev/full").exists():
        pytest.skip("no /dev/full")
    r = cli(*RESOLVE, "-o", "/dev/full", home=tmp_path / "home")
    held = (
        one_line_error(r)
        and "No space left on device" in r.stderr
        and stat.S_ISCHR(os.stat("/dev/full").st_mode)
    )
    fault("output to /dev/full", held)
    assert held, r.stderr


def test_fifo_is_written_through(tmp_path: Path, fault) -> None:
    fifo = tmp_path / "pipe"
    os.mkfifo(fifo)
    got: list[bytes] = []
    reader = threading.Thread(target=lambda: got.append(fifo.read_bytes()))
    reader.start()
    r = cli(*RESOLVE, "-o", str(fifo), home=tmp_path / "home", timeout=60)
    reader.join(timeout=30)
    held = (
        r.returncode == 0
        and stat.S_ISFIFO(os.stat(fifo).st_mode)
        and got
        and b"437" in got[0]
        and not list(tmp_path.glob(".pipe.*"))
    )
    fault("output to a FIFO", bool(held))
    assert held, (r.stderr, got)


def test_symlink_to_stdout_is_written_through(tmp_path: Path, fault) -> None:
    link = tmp_path / "out.csv"
    link.symlink_to("/dev/stdout")
    r = cli(*RESOLVE, "-o", str(link), home=tmp_path / "home")
    held = r.returncode == 0 and link.is_symlink() and "437,CIV" in r.stdout
    fault("output to a symlink to stdout", held)
    assert held, (r.stdout, r.stderr)


def test_symlink_to_a_file_keeps_the_link(tmp_path: Path) -> None:
    real = tmp_path / "real.json"
    real.write_text("[]")
    link = tmp_path / "link.json"
    link.symlink_to(real.name)
    r = cli(*RESOLVE, "-o", str(link), home=tmp_path / "home")
    assert r.returncode == 0, r.stderr
    assert link.is_symlink()
    assert json.loads(real.read_text())[0]["ccode"] == 437


def test_stale_temporary_files_are_cleaned(tmp_path: Path, fault) -> None:
    """A temp file of a writer that was SIGKILLed is removed by the next write to that target;
    one of a writer still alive is left alone."""
    dead = subprocess.Popen([sys.executable, "-c", "pass"])
    dead.wait()  # a real pid that no longer runs
    target = tmp_path / "x.csv"
    stale = tmp_path / f".x.csv.{dead.pid}-abcd1234.tmp"
    stale.write_bytes(b"half" * 1000)
    legacy = tmp_path / ".x.csv.q1w2e3r4.tmp"  # the older naming, without a pid
    legacy.write_bytes(b"half")
    old = time.time() - 3600
    os.utime(legacy, (old, old))
    live = tmp_path / f".x.csv.{os.getpid()}-zzzz9999.tmp"
    live.write_bytes(b"in progress")
    r = cli(*RESOLVE, "-o", str(target), home=tmp_path / "home")
    held = r.returncode == 0 and not stale.exists() and not legacy.exists() and live.exists()
    fault("stale temporary output file", held)
    assert held, sorted(p.name for p in tmp_path.iterdir())


def test_temporary_file_removed_when_the_write_fails(tmp_path: Path) -> None:
    def half(p: Path) -> None:
        p.write_text("half")
        raise OSError(28, "No space left on device")

    with pytest.raises(ValueError, match="No space left"):
        atomic_write(tmp_path / "y.json", half)
    assert list(tmp_path.iterdir()) == []


def test_sigterm_is_handled_like_ctrl_c(http_mirror: str, tmp_path: Path, fault) -> None:
    """``kill PID`` during ``data pull``: one line, exit 143 (128 + SIGTERM), no temp files."""
    home = tmp_path / "home"
    proc = spawn("data", "pull", home=home, env={"MULTIPOLAR_MIRROR": http_mirror})
    time.sleep(2.5)
    if proc.poll() is not None:
        pytest.skip("data pull finished before the signal")
    proc.send_signal(signal.SIGTERM)
    _, err = proc.communicate(timeout=120)
    done = (" rows in ", "store ready: ", "loaded on first use")  # what it finished before
    lines = [x for x in err.splitlines() if x.strip() and not any(d in x for d in done)]
    held = proc.returncode == 143 and lines == ["terminated; nothing half-written was kept"]
    fault("SIGTERM during data pull", held)
    assert held, (proc.returncode, err)


@pytest.mark.parametrize("fmt", ["table", "json", "csv"])
def test_non_utf8_locale(tmp_path: Path, fmt: str, fault) -> None:
    """LC_ALL=C without Python's UTF-8 mode: ASCII streams. The terminal gets a replacement
    character; a file gets UTF-8."""
    env = {"LC_ALL": "C", "LANG": "C", "PYTHONUTF8": "0", "PYTHONIOENCODING": ""}
    r = cli(*RESOLVE, "--format", fmt, home=tmp_path / "home", env=env)
    out = tmp_path / "o.json"
    r2 = cli(*RESOLVE, "-o", str(out), home=tmp_path / "home", env=env)
    held = (
        r.returncode == 0
        and "437" in r.stdout
        and r2.returncode == 0
        # the registry's names of 437: "Ivory Coast 1960–1985, Côte d'Ivoire from 1986"
        and "Côte d'Ivoire" in json.dumps(json.loads(out.read_text("utf-8")), ensure_ascii=False)
    )
    fault("non-UTF-8 locale", held)
    assert held, r.stderr + r2.stderr


@pytest.mark.parametrize(("sig", "code", "line"), [
    (signal.SIGINT, 130, "interrupted; nothing half-written was kept"),
    (signal.SIGTERM, 143, "terminated; nothing half-written was kept"),
])  # fmt: skip
def test_signal_after_the_output_prints_its_line(
    tmp_path: Path, sig: int, code: int, line: str, fault
) -> None:
    """The signal comes once the answer is printed, while the interpreter shuts down (an
    ``atexit`` hook sends it: a real signal at a known point). Before: a traceback ("Exception
    ignored in atexit callback") and exit 0."""
    program = (
        "import atexit, os, sys\n"
        f"atexit.register(lambda: os.kill(os.getpid(), {int(sig)}))\n"
        "sys.argv = ['multipolar', *sys.argv[1:]]\n"
        "import multipolar.__main__ as m\n"
        "m.main()\n"
    )
    env = {**os.environ, "MULTIPOLAR_HOME": str(tmp_path / "home")}
    r = subprocess.run(
        [sys.executable, "-c", program, *RESOLVE, "--format", "csv"],
        env=env, capture_output=True, text=True, timeout=60,
    )  # fmt: skip
    held = r.returncode == code and "437,CIV" in r.stdout and r.stderr.strip() == line
    fault("signal after the output", held)
    assert held, (r.returncode, r.stderr)
