"""The table of a kept (cached) result, found with the DuckDB connection alone.

For the fast paths that write a kept result straight to a file (``agreement -o FILE``) without
importing pandas or Ibis. The key and the validity rule are those of
:meth:`multipolar.store.core.Store.load_result`: a result is kept for ``kind`` and its
``options`` and is valid while the data it was computed from (the catalog's versions and file
hashes) are unchanged.
"""

from __future__ import annotations

import hashlib
import json
from collections.abc import Mapping
from typing import Any

from multipolar.store import answers


def result_key(kind: str, options: Mapping[str, Any]) -> str:
    """The key of a result: sha256 of the kind and its options, first 16 hex digits."""
    opts = json.dumps(options, sort_keys=True, default=str)
    return hashlib.sha256(f"{kind}|{opts}".encode()).hexdigest()[:16]


def result_table(con: Any, kind: str, options: Mapping[str, Any]) -> str | None:
    """The name of the table holding the kept result of ``kind`` with ``options``, or None
    when there is none, its data changed since, or its table is missing (``con``: a DuckDB
    connection to the store)."""
    # no bound parameters: DuckDB's Python binding imports pandas to inspect them
    k, key = _literal(kind), _literal(result_key(kind, options))
    row = con.execute(
        f"SELECT table_name, data FROM _results WHERE kind = {k} AND key = {key}"
    ).fetchone()
    if row is None or json.loads(row[1]) != answers.data_versions(con):
        return None
    (n,) = con.execute(
        f"SELECT count(*) FROM duckdb_tables() WHERE table_name = {_literal(row[0])}"
    ).fetchone()
    return str(row[0]) if n else None


def _literal(text: str) -> str:
    """``text`` as a SQL string literal."""
    return "'" + str(text).replace("'", "''") + "'"
