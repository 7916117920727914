"""Whole answers kept in the store, readable without Ibis or pandas.

A report such as ``multipolar why China Russia`` is a pure function of the request, the data
loaded and the code. Once computed, its evidence (JSON) and rendered HTML are kept in the
store's ``_answers`` table under a key made of all three: the request, the catalog of loaded
data (sources, versions, file sha256s: :func:`data_versions`) and a hash of multipolar's own
source files. A later identical request is answered from the table by a read-only DuckDB
connection, with nothing else imported; any change of data or code misses the key, so a kept
answer is never stale. Loading data also clears the table.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import json
from functools import cache
from pathlib import Path
from typing import Any

TABLE = "_answers"
CREATE = (
    f"CREATE TABLE IF NOT EXISTS {TABLE} (kind VARCHAR, key VARCHAR, data VARCHAR, "
    "html VARCHAR, created_at TIMESTAMP, PRIMARY KEY (kind, key))"
)


def data_versions(con: Any) -> dict[str, str]:
    """``{source: version|sha}`` of everything in the catalog (``con``: a DuckDB connection)."""
    rows = con.execute("SELECT source, version, files FROM _catalog ORDER BY source").fetchall()
    return {s: f"{v}|{hashlib.sha256(f.encode()).hexdigest()[:12]}" for s, v, f in rows}


@cache
def code_version() -> str:
    """A hash of multipolar's source files and data files (any code change gives a new one)."""
    root = Path(__file__).resolve().parents[1]
    h = hashlib.sha256()
    for path in sorted(root.rglob("*")):
        if path.suffix in (".py", ".csv", ".toml", ".json", ".bib") and path.is_file():
            h.update(str(path.relative_to(root)).encode())
            h.update(path.read_bytes())
    return h.hexdigest()[:16]


def key(con: Any, kind: str, request: dict[str, Any]) -> str:
    text = json.dumps(
        {"kind": kind, "request": request, "data": data_versions(con), "code": code_version()},
        sort_keys=True,
        default=str,
    )
    return hashlib.sha256(text.encode()).hexdigest()


def lookup(path: Path, kind: str, request: dict[str, Any]) -> tuple[dict[str, Any], str] | None:
    """The kept answer ``(evidence, html)`` for ``request``, or None (also on any problem:
    no store, a store locked by another writer, no table; the caller then computes)."""
    if not Path(path).is_file():
        return None
    import duckdb

    try:
        con = duckdb.connect(str(path), read_only=True)
    except duckdb.Error:
        return None
    try:
        # no bound parameters: DuckDB imports pandas to inspect them; kind is one of ours and
        # the key a hex digest, so the literals are safe
        k = key(con, kind, request)
        assert kind.replace("-", "").isalnum() and k.isalnum()
        row = con.execute(
            f"SELECT data, html FROM {TABLE} WHERE kind = '{kind}' AND key = '{k}'"
        ).fetchall()
    except duckdb.Error:
        return None
    finally:
        con.close()
    if not row:
        return None
    return json.loads(row[0][0]), row[0][1] or ""


def save(con: Any, kind: str, request: dict[str, Any], data: dict[str, Any], html: str) -> None:
    """Keep an answer (``con``: the open store's DuckDB connection, writable)."""
    con.execute(CREATE)
    con.execute(
        f"INSERT OR REPLACE INTO {TABLE} VALUES (?, ?, ?, ?, ?)",
        [
            kind,
            key(con, kind, request),
            json.dumps(data, ensure_ascii=False),
            html,
            dt.datetime.now(dt.UTC).replace(tzinfo=None),
        ],
    )


def clear(con: Any) -> None:
    """Drop every kept answer (loading data does this)."""
    con.execute(CREATE)
    con.execute(f"DELETE FROM {TABLE}")
