"""The standing fault suite: inject a fault, check the promise, count what survived.

Every test here injects faults into real parts -- real processes killed with SIGKILL or
interrupted with SIGINT, real HTTP servers on 127.0.0.1 that trickle, lie or send too much,
real DuckDB files truncated or with flipped bytes, real event files that overlap, hostile
labels opened in headless Chromium -- and checks what the user is promised: a one-line error
or a result equal to a clean run's. ``fault(kind, survived)`` (tests/conftest.py) counts each
injection; the counts are printed at the end of the run (the figures in docs/reliability.md).
"""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
from collections.abc import Iterator
from pathlib import Path

import pytest


def cli(
    *args: str, home: Path, timeout: float = 300, env: dict[str, str] | None = None
) -> subprocess.CompletedProcess[str]:
    """Run ``python -m multipolar ARGS`` as a real process with ``MULTIPOLAR_HOME=home``."""
    full = {**os.environ, "MULTIPOLAR_HOME": str(home), **(env or {})}
    return subprocess.run(
        [sys.executable, "-m", "multipolar", *args],
        env=full,
        capture_output=True,
        text=True,
        timeout=timeout,
    )


def spawn(*args: str, home: Path, env: dict[str, str] | None = None) -> subprocess.Popen[str]:
    """Start ``python -m multipolar ARGS`` (to be killed); output goes to pipes."""
    full = {**os.environ, "MULTIPOLAR_HOME": str(home), **(env or {})}
    return subprocess.Popen(
        [sys.executable, "-m", "multipolar", *args],
        env=full,
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
    )


def one_line_error(r: subprocess.CompletedProcess[str]) -> bool:
    """Non-zero exit, at most two lines on stderr, no traceback, no 'internal error'."""
    err = r.stderr.strip().splitlines()
    return (
        r.returncode != 0
        and len(err) <= 2
        and "Traceback" not in r.stderr
        and "internal error" not in r.stderr
    )


@pytest.fixture(scope="session")
def built_store(store, tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A copy of the session's full store (every source loaded), without cached results."""
    import duckdb

    store.raw.execute("CHECKPOINT")
    folder = tmp_path_factory.mktemp("built")
    dest = folder / "multipolar.duckdb"
    shutil.copyfile(store.path, dest)
    con = duckdb.connect(str(dest))
    try:
        for (name,) in con.execute(
            "SELECT table_name FROM duckdb_tables() WHERE table_name LIKE 'result_%'"
        ).fetchall():
            con.execute(f'DROP TABLE "{name}"')
        con.execute("DELETE FROM _results")
        con.execute("DROP TABLE IF EXISTS _events_files")
        con.execute("CHECKPOINT")
    finally:
        con.close()
    return dest


@pytest.fixture
def home_with_store(built_store: Path, tmp_path: Path) -> Iterator[Path]:
    """A fresh MULTIPOLAR_HOME holding a copy of the full store (raw files are read from the
    folder mirror when needed)."""
    home = tmp_path / "home"
    home.mkdir()
    shutil.copyfile(built_store, home / "multipolar.duckdb")
    yield home
