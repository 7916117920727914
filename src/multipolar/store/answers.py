"""Whole answers kept beside the store, readable without Ibis or pandas.

A report such as ``multipolar why China Russia`` is a pure function of the request, the
tables it read and the code. Once computed, its evidence (JSON) and rendered HTML are kept in
``MULTIPOLAR_HOME/cache/answers/`` (:mod:`multipolar.store.kept`) with the fingerprint of
every table the computation read (:meth:`multipolar.store.Store.tables_read`) and a hash of
multipolar's own source files. A later identical request opens the store read-only, checks
its schema version (a store from another version is refused here as everywhere) and those
fingerprints, and is answered from the file with nothing else imported. Any change of an
input -- events imported, a source reloaded, rows deleted by hand -- or of the code misses;
a load that touches none of the inputs keeps the answer.
"""

from __future__ import annotations

import json
from functools import cache
from pathlib import Path
from typing import TYPE_CHECKING, Any

from multipolar.store import kept
from multipolar.store.opening import check_current, open_duckdb

if TYPE_CHECKING:
    from multipolar.store.core import Store


@cache
def code_version() -> str:
    """A hash of multipolar's source files and data files (any code change gives a new one)."""
    import hashlib

    root = Path(__file__).resolve().parents[1]
    h = hashlib.sha256()
    for path in sorted(root.rglob("*")):
        if path.suffix in (".py", ".csv", ".toml", ".json", ".bib") and path.is_file():
            h.update(str(path.relative_to(root)).encode())
            h.update(path.read_bytes())
    return h.hexdigest()[:16]


def why_request(
    names: list[str] | tuple[str, ...],
    *,
    vs: str | None = None,
    start: int | None = None,
    end: int | None = None,
    predecessors: bool = True,
) -> dict[str, Any]:
    """The key of a kept ``why`` answer: the same question from the CLI, the web app or a test
    finds the same answer.

    >>> why_request(["China ", "Russia"])["names"]
    ['china', 'russia']
    """
    return {
        "names": [str(n).strip().casefold() for n in names],
        "vs": vs,
        "from": start,
        "to": end,
        "predecessors": predecessors,
    }


def _path(store_path: Path, kind: str, request: dict[str, Any]) -> Path:
    name = f"{kind}-{kept.digest(kind, request, code_version())}.json"
    return kept.cache_dir(store_path) / "answers" / name


def lookup(path: Path, kind: str, request: dict[str, Any]) -> tuple[dict[str, Any], str] | None:
    """The kept answer ``(evidence, html)`` for ``request``, or None (none kept, or an input
    changed: the caller computes). A store from another version raises its one-line
    :class:`~multipolar.errors.StoreError` here too; a store held by a writer is waited for."""
    import duckdb

    path = Path(path)
    if not path.is_file():
        return None
    try:
        entry = json.loads(_path(path, kind, request).read_text(encoding="utf-8"))
    except (OSError, ValueError):
        entry = None
    con = open_duckdb(path, read_only=True)
    try:
        check_current(con, path)
        if not isinstance(entry, dict):
            return None
        if not kept.inputs_valid(con, entry.get("inputs"), entry.get("schema")):
            return None
    except duckdb.Error:
        return None  # the computing path reports what is wrong with the store
    finally:
        con.close()
    return entry["data"], entry.get("html") or ""


def save(store: Store, kind: str, request: dict[str, Any], data: dict[str, Any], html: str) -> bool:
    """Keep an answer computed on ``store`` from the tables it read since it was opened
    (:meth:`~multipolar.store.Store.tables_read`); False when the cache cannot be written."""
    entry = {
        "kind": kind,
        "request": request,
        "schema": kept.SCHEMA_VERSION,
        "inputs": store.fingerprints(store.tables_read()),
        "data": data,
        "html": html,
    }
    text = json.dumps(entry, ensure_ascii=False)
    return kept.write_atomic(
        _path(store.path, kind, request), lambda p: p.write_text(text, encoding="utf-8")
    )
