"""Fingerprints of stored tables: what a kept result depends on, and whether a table is sound.

A table's **fingerprint** is a hash of

* its load id -- the catalog row of the source that loaded it (source, version, file
  sha256s, load time), so a reload with the same number of rows is a new fingerprint;
* its live row count and its columns with their types (``duckdb_columns()``), so rows
  deleted, a table dropped, replaced or retyped by hand are noticed;
* for the small registry tables (names starting with ``_``, e.g. ``_events_files``, one row
  per imported event file) a hash of every value, so each import is noticed.

A view's fingerprint (the UN vote panel ``unga_votes``/``unga_rollcalls``) is its SQL and the
fingerprints of the tables the panel is built from. All of it costs one query over the
catalog, one ``count(*)`` per table (DuckDB answers from its row-group metadata) and one over
the columns: about 10 ms for the 24 tables of a full store. It does not notice a value
changed in place by hand (``UPDATE``) in a big table: that would cost a full read (0.3 s).

A table is **sound** when it exists with the row count its catalog row recorded and, where
recorded (``_meta`` ``columns:TABLE``, written at load), the same columns and types. Reading a
table that is not sound is one line: :func:`changed_error`.
"""

from __future__ import annotations

import hashlib
import json
from collections.abc import Iterable
from typing import Any

from multipolar.errors import StoreError

#: the tables the vote panel's views read (kept in step with ``multipolar.store.panel``)
PANEL_VIEWS = ("unga_votes", "unga_rollcalls")
PANEL_PARTS = (
    "import_votes",
    "import_rollcalls",
    "unvotes_votes",
    "unvotes_rollcalls",
    "unxml_votes",
    "unxml_rollcalls",
)
#: always part of a panel view's fingerprint: which session comes from where
_PANEL_META = "_vote_panel"
MISSING = "missing"


def _h(*parts: Any) -> str:
    return hashlib.sha256(json.dumps(parts, default=str).encode()).hexdigest()[:20]


def _objects(con: Any) -> dict[str, tuple[str, str | None]]:
    """``{name: ("table"|"view", sql)}`` of the store's own schema."""
    rows = con.execute(
        "SELECT table_name, 'table', NULL FROM duckdb_tables() "
        "WHERE database_name = current_database() AND NOT temporary "
        "UNION ALL SELECT view_name, 'view', sql FROM duckdb_views() "
        "WHERE database_name = current_database() AND NOT temporary AND NOT internal"
    ).fetchall()
    return {name: (kind, sql) for name, kind, sql in rows}


def _loads(con: Any) -> dict[str, tuple[str, int | None]]:
    """``{table: (load id, recorded rows)}`` from the catalog."""
    out: dict[str, tuple[str, int | None]] = {}
    try:
        rows = con.execute(
            "SELECT source, version, files, rows, tables, loaded_at FROM _catalog"
        ).fetchall()
    except Exception:  # no catalog (an empty store): nothing recorded
        return out
    for source, version, files, counts, tables, loaded in rows:
        load_id = _h(source, version, files, loaded)
        recorded = json.loads(counts or "{}")
        for table in json.loads(tables or "[]"):
            n = recorded.get(table)
            out[table] = (load_id, int(n) if n is not None else None)
    return out


def _recorded_columns(con: Any) -> dict[str, str]:
    try:
        rows = con.execute(
            "SELECT substr(key, 9), value FROM _meta WHERE key LIKE 'columns:%'"
        ).fetchall()
    except Exception:
        return {}
    return {t: v for t, v in rows}


def _live(con: Any, tables: list[str]) -> tuple[dict[str, int], dict[str, str]]:
    """Live row counts and column lists of existing base tables."""
    if not tables:
        return {}, {}
    union = " UNION ALL ".join(
        f"SELECT '{t}', count(*) FROM \"{t}\"" for t in tables if "'" not in t and '"' not in t
    )
    counts = {t: int(n) for t, n in con.execute(union).fetchall()}
    names = ", ".join(f"'{t}'" for t in tables if "'" not in t)
    cols = con.execute(
        "SELECT table_name, string_agg(column_name || ' ' || data_type, ', ' "
        "ORDER BY column_index) FROM duckdb_columns() WHERE database_name = current_database() "
        f"AND table_name IN ({names}) GROUP BY table_name"
    ).fetchall()
    return counts, {t: c for t, c in cols}


def columns_of(con: Any, table: str) -> str:
    """The columns of ``table`` as recorded in ``_meta`` (``name TYPE, …``)."""
    return _live(con, [table])[1].get(table, "")


def fingerprints(con: Any, tables: Iterable[str]) -> dict[str, str]:
    """``{table: fingerprint}`` (``"missing"`` for a table that is not there); see above."""
    wanted = sorted(set(tables))
    objects = _objects(con)
    base: set[str] = set()
    for name in wanted:
        if objects.get(name, ("", None))[0] == "view" and name in PANEL_VIEWS:
            base |= {t for t in (*PANEL_PARTS, _PANEL_META) if t in objects}
        elif objects.get(name, ("", None))[0] == "table":
            base.add(name)
    counts, cols = _live(con, sorted(base))
    loads = _loads(con)
    content: dict[str, Any] = {}
    for name in base:
        if name.startswith("_"):
            content[name] = con.execute(
                f'SELECT bit_xor(hash(COLUMNS(*))) FROM "{name}"'
            ).fetchall()
    table_fp = {
        t: _h(t, loads.get(t, ("", None))[0], counts.get(t), cols.get(t), content.get(t))
        for t in base
    }
    out: dict[str, str] = {}
    for name in wanted:
        kind, sql = objects.get(name, ("", None))
        if kind == "table":
            out[name] = table_fp[name]
        elif kind == "view":
            parts = {t: table_fp[t] for t in sorted(base) if t in (*PANEL_PARTS, _PANEL_META)}
            out[name] = _h(name, sql, parts if name in PANEL_VIEWS else None)
        else:
            out[name] = MISSING
    return out


def unsound(con: Any, tables: Iterable[str]) -> list[str]:
    """The tables among ``tables`` (those the catalog lists; views stand for the panel's
    parts) that are missing, have another row count than loaded, or other columns."""
    loads = _loads(con)
    objects = _objects(con)
    check: set[str] = set()
    for name in set(tables):
        if name in PANEL_VIEWS:
            check |= {t for t in PANEL_PARTS if t in loads}
        elif name in loads:
            check.add(name)
    if not check:
        return []
    present = sorted(t for t in check if objects.get(t, ("", None))[0] == "table")
    counts, cols = _live(con, present)
    recorded = _recorded_columns(con)
    bad = []
    for t in sorted(check):
        rows_differ = loads[t][1] is not None and counts.get(t) != loads[t][1]
        if t not in counts or rows_differ or (t in recorded and recorded[t] != cols.get(t)):
            bad.append(t)
    return bad


def source_of(con: Any, table: str) -> str | None:
    """The catalog source that loaded ``table``."""
    for source, tables in con.execute("SELECT source, tables FROM _catalog").fetchall():
        if table in json.loads(tables or "[]"):
            return str(source)
    return None


def changed_error(con: Any, table: str, *, declared: Iterable[str] = ()) -> StoreError:
    """The one line for a table that is missing or changed, with the command that mends it
    (``data pull SOURCE`` for a declared source, import again for a user's import)."""
    source = source_of(con, table) or table
    if source in set(declared):
        fix = f"run `multipolar data pull {source}`"
    else:
        fix = (
            f"run `multipolar data forget {source}` and import its file again "
            "(`multipolar data import FILE`)"
        )
    return StoreError(f"the store's table {table} is missing or changed; {fix}")
