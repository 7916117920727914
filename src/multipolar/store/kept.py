"""Kept results: files under ``MULTIPOLAR_HOME/cache``, valid exactly while their inputs are.

A computed result (the ideal points, the agreement panel, a backtest, a whole ``why``
answer) is kept beside the store, never in it, so that a command that only reads the store
(opened read-only, any number at once) can keep what it computed without the store's write
lock. Each kept result records

* the request (kind and options) and, for whole answers, a hash of multipolar's code;
* the store's schema version;
* the **fingerprint of every table it read** (:mod:`multipolar.store.fingerprints`).

It is served only while all of these are unchanged: importing events changes the fingerprint
of ``_events_files`` and so every answer that read events, and only those; loading the coded
speeches leaves the ideal points' inputs (the vote panel) alone, so their fit stays kept.

Files are written to a temporary name and renamed into place (readers never see half a
file; two commands computing the same result at once both succeed, the last rename wins).
A cache that cannot be written (a read-only ``MULTIPOLAR_HOME``, a full disk) is skipped:
the result is computed again next time.
"""

from __future__ import annotations

import contextlib
import hashlib
import json
import os
import tempfile
from collections.abc import Callable, Mapping
from pathlib import Path
from typing import Any

from multipolar.store.fingerprints import fingerprints
from multipolar.store.opening import SCHEMA_VERSION


def cache_dir(store_path: Path) -> Path:
    """The folder of kept results for the store at ``store_path``."""
    return Path(store_path).parent / "cache"


def digest(*parts: Any) -> str:
    """A stable hex key for JSON-able ``parts``."""
    text = json.dumps(parts, sort_keys=True, default=str)
    return hashlib.sha256(text.encode()).hexdigest()[:24]


def write_atomic(path: Path, write: Callable[[Path], object]) -> bool:
    """Write ``path`` through a temporary file and a rename; False (and nothing left
    behind) when it cannot be written."""
    tmp: str | None = None
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
        fd, tmp = tempfile.mkstemp(dir=path.parent, prefix=f".{path.name}.", suffix=".tmp")
        os.close(fd)
        write(Path(tmp))
        umask = os.umask(0)
        os.umask(umask)
        os.chmod(tmp, 0o666 & ~umask)  # readable like any file the user writes
        os.replace(tmp, path)
        return True
    except OSError:
        if tmp is not None:
            with contextlib.suppress(OSError):
                os.unlink(tmp)
        return False


def inputs_valid(con: Any, inputs: Any, schema: Any) -> bool:
    """Whether the recorded table fingerprints (and schema version) still hold."""
    if schema != SCHEMA_VERSION or not isinstance(inputs, Mapping):
        return False
    return fingerprints(con, inputs) == dict(inputs)


def _result_path(store_path: Path, kind: str, options: Mapping[str, Any]) -> Path:
    safe = "".join(c if c.isalnum() else "-" for c in kind.lower())
    return cache_dir(store_path) / "results" / f"{safe}-{digest(kind, options)}.parquet"


def result_file(con: Any, store_path: Path, kind: str, options: Mapping[str, Any]) -> Path | None:
    """The Parquet file of the kept result ``kind``/``options`` if it is valid, else None.

    (The file can be read by DuckDB directly: ``COPY (FROM read_parquet(file)) TO …``.)"""
    found = _valid(con, store_path, kind, options)
    return found[0] if found else None


def _valid(
    con: Any, store_path: Path, kind: str, options: Mapping[str, Any]
) -> tuple[Path, list[str]] | None:
    path = _result_path(store_path, kind, options)
    if not path.is_file():
        return None
    import duckdb

    try:
        # the footer's key-value metadata, read by DuckDB (already loaded): importing
        # pyarrow.parquet (and numpy) for it cost a kept export 0.16 s of CPU (issue 21).
        # The path is a literal: DuckDB imports pandas to bind any parameter.
        literal = "'" + str(path).replace("'", "''") + "'"
        meta = con.execute(
            f"SELECT value FROM parquet_kv_metadata({literal}) WHERE key = 'multipolar'::BLOB"
        ).fetchall()
        info = json.loads(meta[0][0]) if meta else {}
    except (duckdb.Error, OSError, ValueError):  # removed or damaged since: not kept
        return None
    if info.get("kind") != kind or not inputs_valid(con, info.get("inputs"), info.get("schema")):
        return None
    return path, sorted(info["inputs"])


def load_result(
    con: Any, store_path: Path, kind: str, options: Mapping[str, Any]
) -> tuple[Any, list[str]] | None:
    """The kept result as a pandas DataFrame and the tables it was computed from, or None
    (none kept, or one of those tables changed since)."""
    found = _valid(con, store_path, kind, options)
    if found is None:
        return None
    import pandas as pd

    try:
        return pd.read_parquet(found[0]), found[1]
    except Exception:  # removed or damaged since: compute again
        return None


def save_result(
    con: Any,
    store_path: Path,
    kind: str,
    options: Mapping[str, Any],
    df: Any,
    tables: Any,
) -> bool:
    """Keep ``df`` as the result of ``kind``/``options`` computed from ``tables``."""
    import pyarrow as pa
    import pyarrow.parquet as pq

    info = {
        "kind": kind,
        "options": json.loads(json.dumps(options, default=str)),
        "schema": SCHEMA_VERSION,
        "inputs": fingerprints(con, tables),
    }
    frame = df.copy()
    frame.attrs = {}
    table = pa.Table.from_pandas(frame, preserve_index=False)
    meta = dict(table.schema.metadata or {})
    meta[b"multipolar"] = json.dumps(info).encode()
    table = table.replace_schema_metadata(meta)
    # row groups of 122,880 rows (DuckDB's own size), not pyarrow's one group of up to 1 Mi rows:
    # DuckDB then reads a kept table on every core (a kept agreement export: -20 % wall)
    return write_atomic(
        _result_path(store_path, kind, options),
        lambda p: pq.write_table(table, p, row_group_size=122_880),
    )


def clear(store_path: Path) -> None:
    """Remove every kept result and answer (``data forget`` of everything; tests)."""
    folder = cache_dir(store_path)
    for sub in ("results", "answers"):
        for path in (folder / sub).glob("*"):
            with contextlib.suppress(OSError):
                path.unlink()
