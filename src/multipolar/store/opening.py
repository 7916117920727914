"""Opening the store's DuckDB file: read-only readers, one writer, bounded waits.

DuckDB lets one process hold a read-write connection to a file, or any number of processes
hold read-only connections, never both. multipolar follows that rule:

* commands that only read open the store **read-only**, so any number of them (a notebook
  holding ``mp.connect()``, a terminal, the web server's requests) run at the same time; what
  they keep (results, answers) goes to files under ``MULTIPOLAR_HOME/cache``, never into
  the store (:mod:`multipolar.store.kept`);
* a command that writes (``data pull``, ``events import``, ``idealpoints``' first fit …)
  opens it read-write for the time of the write only.

Whoever finds the file locked by the other kind waits, saying so once on standard error, and
tries again every 0.2 s until ``MULTIPOLAR_LOCK_WAIT`` seconds (default 60) have passed; then
it gives up with one line. This module imports DuckDB only (the kept-answer fast path uses it).
"""

from __future__ import annotations

import os
import re
import sys
import time
from collections.abc import Callable
from pathlib import Path
from typing import Any

from multipolar.errors import SchemaVersionError, StoreError

#: bump when the layout of the store changes (``multipolar.store.core`` holds the migrations)
SCHEMA_VERSION = 2
#: seconds a command waits for another one holding the store (``MULTIPOLAR_LOCK_WAIT``)
DEFAULT_WAIT = 60.0

_LOCKED = re.compile(r"could not set lock|conflicting lock", re.IGNORECASE)
_PID = re.compile(r"PID (\d+)")
_SAME_PROCESS = re.compile(r"different configuration", re.IGNORECASE)


def lock_wait() -> float:
    """Seconds to wait for a store held by another command (``MULTIPOLAR_LOCK_WAIT``, else 60)."""
    value = os.environ.get("MULTIPOLAR_LOCK_WAIT", "")
    try:
        return max(0.0, float(value)) if value.strip() else DEFAULT_WAIT
    except ValueError:
        return DEFAULT_WAIT


def is_locked(exc: BaseException) -> bool:
    """Whether a DuckDB error says another process holds the file."""
    return bool(_LOCKED.search(str(exc)))


def say_waiting(text: str) -> None:
    """The default ``on_wait``: one line on standard error."""
    print(text, file=sys.stderr, flush=True)


def open_duckdb(
    path: Path,
    *,
    read_only: bool,
    wait: float | None = None,
    on_wait: Callable[[str], None] | None = say_waiting,
    opener: Callable[[str, bool], Any] | None = None,
) -> Any:
    """A DuckDB connection to ``path`` (``opener(path, read_only)`` makes it; default
    ``duckdb.connect``), waiting up to ``wait`` seconds while another process holds the file.

    Raises :class:`StoreError` (one line) when the wait runs out; other DuckDB errors pass.
    """
    import duckdb

    make = opener or (lambda p, ro: duckdb.connect(p, read_only=ro))
    budget = lock_wait() if wait is None else wait
    deadline = time.monotonic() + budget
    said = False
    while True:
        try:
            return make(str(path), read_only)
        except duckdb.Error as exc:
            if _SAME_PROCESS.search(str(exc)):
                if read_only:  # this process has it open read-write: read through that
                    return make(str(path), False)
                raise StoreError(
                    f"another connection in this process has the store {path} open "
                    "read-only; close it (`.close()`) before loading or changing data, or "
                    "open it with `multipolar.connect(read_only=False)`"
                ) from exc
            if not is_locked(exc):
                raise
            pid = _PID.search(str(exc))
            who = f" (process {pid.group(1)})" if pid else ""
            if time.monotonic() >= deadline:
                raise StoreError(
                    f"the store {path} is held by another multipolar command{who} that "
                    f"{'writes' if read_only else 'uses'} it; waited {budget:g} s "
                    "(MULTIPOLAR_LOCK_WAIT); try again when it has finished"
                    + ("" if read_only else " (a notebook: `st.close()` its `mp.connect()`)")
                ) from exc
            if not said and on_wait is not None:
                on_wait(
                    f"waiting for another multipolar command{who} to finish with the store "
                    f"(up to {budget:g} s)…"
                )
                said = True
            time.sleep(0.2)


def schema_version(con: Any, path: Path | str) -> int | None:
    """The store's ``_meta.schema_version`` (None: a new, empty store).

    Raises :class:`StoreError` for a value that is not a number (one line, not an internal
    error) and :class:`SchemaVersionError` for a store written by a newer multipolar.
    """
    import duckdb

    try:
        rows = con.execute("SELECT value FROM _meta WHERE key = 'schema_version'").fetchall()
    except duckdb.CatalogException:
        return None
    if not rows:
        return None
    text = str(rows[0][0]).strip()
    if not text.isdigit():
        raise StoreError(
            f"the store {path} has an unreadable schema version {text[:40]!r}; it was not "
            f"written by multipolar as it is: move it away and rebuild it: `mv {path} "
            f"{path}.damaged && multipolar data pull`"
        )
    current = int(text)
    if current > SCHEMA_VERSION:
        raise SchemaVersionError(
            f"the store {path} was written by a newer multipolar (schema {current}, this "
            f"version reads up to {SCHEMA_VERSION}); upgrade multipolar or set MULTIPOLAR_HOME "
            "to another folder"
        )
    return current


def check_current(con: Any, path: Path | str) -> None:
    """Refuse (one line) a store a read-only reader cannot use as it is: a newer or garbage
    version (see :func:`schema_version`) or an older one that must be upgraded by a writer."""
    current = schema_version(con, path)
    if current is None:
        raise StoreError(f"the store {path} holds nothing yet; run `multipolar data pull`")
    if current < SCHEMA_VERSION:
        raise SchemaVersionError(
            f"the store {path} was written by an older multipolar (schema {current}); run "
            "`multipolar data pull` once to upgrade it"
        )
