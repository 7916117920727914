"""DuckDB store via Ibis: connect, migrate, ingest, catalog, result cache."""

from __future__ import annotations

import datetime as dt
import hashlib
import json
import re
from collections.abc import Iterator, Mapping
from contextlib import contextmanager
from pathlib import Path
from typing import Any

import duckdb
import ibis
import pandas as pd

from multipolar import config, sources
from multipolar import states as _states
from multipolar.errors import NotLoadedError, SchemaVersionError, StoreError
from multipolar.sources import Progress, Source
from multipolar.store import answers, panel

#: bump when the layout of the store changes; add a step to ``_MIGRATIONS``
SCHEMA_VERSION = 2

_MIGRATIONS: dict[int, list[str]] = {
    1: [
        "CREATE TABLE IF NOT EXISTS _meta (key VARCHAR PRIMARY KEY, value VARCHAR)",
        """CREATE TABLE IF NOT EXISTS _catalog (
            source VARCHAR PRIMARY KEY, version VARCHAR, tables VARCHAR, files VARCHAR,
            rows VARCHAR, loaded_at TIMESTAMP)""",
        """CREATE TABLE IF NOT EXISTS _results (
            kind VARCHAR, key VARCHAR, table_name VARCHAR, options VARCHAR, data VARCHAR,
            rows BIGINT, created_at TIMESTAMP, PRIMARY KEY (kind, key))""",
    ],
    # 2: unga_votes/unga_rollcalls become the vote panel (views over unvotes, the UN's records
    # and an import); the tables of version 1 are dropped (unvotes reloads) or, for an
    # import, renamed to import_votes/import_rollcalls
    2: ["__panel__"],
}

_NAME = re.compile(r"^[a-z][a-z0-9_]*$")


#: DuckDB's words for a file it cannot trust (a truncated file, a failed block checksum)
_DAMAGE = re.compile(
    r"corrupt|checksum|could not read enough bytes|not a valid duckdb database|"
    r"database file .* is not valid|invalid (?:database|block)|failed to read|unexpected end|"
    r"serializ|deserializ|magic bytes|no longer valid",
    re.IGNORECASE,
)


_LOCKED = re.compile(r"could not set lock|conflicting lock", re.IGNORECASE)


def _rebuild_hint(path: Path | str) -> str:
    return (
        f"move it away and rebuild it: `mv {path} {path}.damaged && multipolar data pull` "
        "(imported event files are kept and registered again on the next `events import`)"
    )


def store_error(exc: BaseException, path: Path | str | None = None) -> StoreError | None:
    """A one-line :class:`StoreError` for a DuckDB error that means a damaged store, else None.

    DuckDB detects a truncated file or a flipped byte (every block carries a checksum) and
    raises ``IOException``, ``SerializationException`` or ``InternalException``; the user should
    hear that the store is damaged and how to rebuild it, not see a traceback.
    """
    if not isinstance(exc, duckdb.Error):
        return None
    text = " ".join(str(exc).split())
    if _LOCKED.search(text) or not _DAMAGE.search(text):
        return None  # a lock held by another process, a bad query: not damage
    where = path or config.store_path()
    return StoreError(f"the store {where} is damaged ({text[:200]}); {_rebuild_hint(where)}")


class Store:
    """An open store. Use :func:`connect` to get one."""

    def __init__(self, path: Path, *, progress: Progress | None = None) -> None:
        self.path = Path(path)
        self.progress = progress
        try:
            self.path.parent.mkdir(parents=True, exist_ok=True)
        except OSError as exc:
            raise StoreError(
                f"cannot create the folder of the store {self.path.parent} ({exc.strerror}); "
                "set MULTIPOLAR_HOME to a folder you can write"
            ) from exc
        try:
            self.con = ibis.duckdb.connect(str(self.path))
        except duckdb.Error as exc:
            damaged = store_error(exc, self.path)
            if damaged is not None:
                raise damaged from exc
            raise StoreError(f"cannot open the store {self.path}: {exc}") from exc
        self.raw: duckdb.DuckDBPyConnection = self.con.con
        try:
            self._migrate()
        except duckdb.Error as exc:
            self.con.disconnect()
            raise (
                store_error(exc, self.path)
                or StoreError(
                    f"cannot read the store {self.path} ({exc}); {_rebuild_hint(self.path)}"
                )
            ) from exc

    @contextmanager
    def reading(self) -> Iterator[None]:
        """Turn DuckDB's damage errors raised in the block into a one-line :class:`StoreError`."""
        try:
            yield
        except duckdb.Error as exc:
            damaged = store_error(exc, self.path)
            if damaged is None:
                raise
            raise damaged from exc

    def verify(self) -> None:
        """Read every block of every table (DuckDB checks each block's checksum on read).

        Raises the one-line :class:`StoreError` of :func:`store_error` when the file is
        truncated or a block is corrupt. Takes well under a second for a full store (70 MB).
        """
        with self.reading():
            tables = [r[0] for r in self.raw.execute(
                "SELECT table_name FROM duckdb_tables() WHERE database_name = current_database()"
            ).fetchall()]  # fmt: skip
            for table in tables:
                self.raw.execute(f'SELECT bit_xor(hash(COLUMNS(*))) FROM "{table}"').fetchall()

    # --- schema -----------------------------------------------------------------------
    def _migrate(self) -> None:
        self.raw.execute(_MIGRATIONS[1][0])
        row = self._one("SELECT value FROM _meta WHERE key = 'schema_version'")
        current = int(row[0]) if row else 0
        if current > SCHEMA_VERSION:
            raise SchemaVersionError(
                f"the store {self.path} was written by a newer multipolar (schema {current}, this "
                f"version reads up to {SCHEMA_VERSION}); upgrade multipolar or set MULTIPOLAR_HOME "
                "to another folder"
            )
        with self._transaction():
            for version in range(current + 1, SCHEMA_VERSION + 1):
                for stmt in _MIGRATIONS[version]:
                    if stmt == "__panel__":
                        self._migrate_to_panel()
                    else:
                        self.raw.execute(stmt)
            self.raw.execute(
                "INSERT OR REPLACE INTO _meta VALUES ('schema_version', ?)", [str(SCHEMA_VERSION)]
            )

    def _migrate_to_panel(self) -> None:
        """Version 1 held the unvotes (or imported) tables as unga_votes/unga_rollcalls."""
        kinds = self.raw.execute("SELECT source, tables FROM _catalog").fetchall()
        imported = [s for s, t in kinds if s == "unvotes-voeten"]
        have = {r[0] for r in self.raw.execute("SHOW TABLES").fetchall()}
        for old, new in (("unga_votes", "import_votes"), ("unga_rollcalls", "import_rollcalls")):
            if old in have:
                if imported:
                    self.raw.execute(f'ALTER TABLE "{old}" RENAME TO "{new}"')
                else:
                    self.raw.execute(f'DROP TABLE "{old}"')
        if imported:
            self.raw.execute(
                "UPDATE _catalog SET tables = ?, rows = replace(replace(rows, 'unga_votes', "
                "'import_votes'), 'unga_rollcalls', 'import_rollcalls') WHERE source = ?",
                [json.dumps(["import_rollcalls", "import_votes"]), "unvotes-voeten"],
            )
        self.raw.execute("DELETE FROM _catalog WHERE source = 'unvotes'")
        self.raw.execute("DELETE FROM _results")
        answers.clear(self.raw)

    @contextmanager
    def _transaction(self) -> Iterator[None]:
        self.raw.execute("BEGIN TRANSACTION")
        try:
            yield
        except BaseException:
            self.raw.execute("ROLLBACK")
            raise
        else:
            self.raw.execute("COMMIT")

    # --- catalog ----------------------------------------------------------------------
    def catalog(self) -> pd.DataFrame:
        """What was loaded: source, version, tables, files (sha256), rows, loaded_at."""
        with self.reading():
            return self.raw.execute("SELECT * FROM _catalog ORDER BY source").df()

    def _one(self, query: str, params: list[Any] | None = None) -> tuple[Any, ...] | None:
        """First row of a query, with the result fully consumed (DuckDB 2 requires it)."""
        with self.reading():
            rows = self.raw.execute(query, params or []).fetchall()
        return rows[0] if rows else None

    def _catalog_row(self, source: str) -> dict[str, Any] | None:
        df = self.raw.execute("SELECT * FROM _catalog WHERE source = ?", [source]).df()
        return None if df.empty else df.iloc[0].to_dict()

    def _provider(self, table: str) -> dict[str, Any] | None:
        for row in self.catalog().to_dict("records"):
            if table in json.loads(row["tables"]):
                return row
        return None

    def is_current(self, src: Source) -> bool:
        """Whether ``src`` is loaded at its declared version and file checksums."""
        row = self._catalog_row(src.name)
        if row is None:
            return False
        files = json.loads(row["files"])
        return row["version"] == src.version and files == {f.path: f.sha256 for f in src.files}

    # --- ingest -----------------------------------------------------------------------
    def ingest(
        self,
        name: str,
        tables: Mapping[str, pd.DataFrame],
        *,
        version: str,
        files: Mapping[str, str],
        replaces: tuple[str, ...] = (),
    ) -> dict[str, int]:
        """Load ``tables`` for source ``name`` atomically; returns rows per table.

        All tables and the catalog row are written in one transaction: on any error nothing
        changes. ``replaces`` names other catalog entries whose tables this load supersedes.
        """
        for table in tables:
            if not _NAME.match(table):
                raise StoreError(f"invalid table name {table!r}")
        rows = {t: len(df) for t, df in tables.items()}
        try:
            self._ingest(name, tables, version=version, files=files, replaces=replaces, rows=rows)
        except duckdb.Error as exc:
            raise StoreError(f"loading {name} failed ({exc}); the store is unchanged") from exc
        return rows

    def _ingest(
        self,
        name: str,
        tables: Mapping[str, pd.DataFrame],
        *,
        version: str,
        files: Mapping[str, str],
        replaces: tuple[str, ...],
        rows: dict[str, int],
    ) -> None:
        with self._transaction():
            for table, df in tables.items():
                view = f"_incoming_{table}"
                self.raw.register(view, df)
                try:
                    cols = ", ".join(
                        _select_expr(c, df.iloc[:, i]) for i, c in enumerate(df.columns)
                    )
                    self.raw.execute(
                        f'CREATE OR REPLACE TABLE "{table}" AS SELECT {cols} FROM {view}'
                    )
                finally:
                    self.raw.unregister(view)
            if set(tables) & panel.PART_TABLES:
                panel.rebuild(self)
            for other in replaces:
                self.raw.execute("DELETE FROM _catalog WHERE source = ?", [other])
            self.raw.execute("DELETE FROM _catalog WHERE source = ?", [name])
            self.raw.execute(
                "INSERT INTO _catalog VALUES (?, ?, ?, ?, ?, ?)",
                [
                    name,
                    version,
                    json.dumps(sorted(tables)),
                    json.dumps(dict(files)),
                    json.dumps(rows),
                    dt.datetime.now(dt.UTC).replace(tzinfo=None),
                ],
            )
            # cached results may depend on the data just replaced
            self.raw.execute("DELETE FROM _results")
            answers.clear(self.raw)

    def load(self, name: str, *, force: bool = False) -> dict[str, int]:
        """Fetch, parse and ingest declared source ``name`` unless already current."""
        src = sources.get(name)
        if not force and self.is_current(src):
            row = self._catalog_row(name)
            return json.loads(row["rows"]) if row else {}
        tables = sources.read_source(name, states=_states, progress=self.progress)
        others = tuple(
            r["source"]
            for r in self.catalog().to_dict("records")
            if r["source"] != name and set(json.loads(r["tables"])) & set(tables)
        )
        return self.ingest(
            name,
            tables,
            version=src.version,
            files={f.path: f.sha256 for f in src.files},
            replaces=others,
        )

    def ensure(self, table: str) -> None:
        """Make sure ``table`` is loaded (and its declared source current).

        The vote panel's views (``unga_votes``, ``unga_rollcalls``) need every source they are
        built from (see :mod:`multipolar.store.panel`).
        """
        if table in panel.PANEL_TABLES:
            for name in panel.PROVIDERS:
                src = sources.get(name)
                if not self.is_current(src):
                    self.load(name, force=self._catalog_row(name) is not None)
            if not panel.is_built(self):
                with self._transaction():
                    panel.rebuild(self)
            return
        row = self._provider(table)
        if row is not None:
            if row["source"] in sources.SOURCES and not self.is_current(sources.get(row["source"])):
                self.load(row["source"], force=True)
            return
        if table in sources.TABLE_SOURCE:
            self.load(sources.TABLE_SOURCE[table])
            return
        if table in self.con.list_tables():
            return
        raise NotLoadedError(
            f"no table {table!r} in the store; known tables: {', '.join(sorted(sources.TABLE_SOURCE))}"
        )

    # --- reading ----------------------------------------------------------------------
    def table(self, name: str) -> ibis.Table:
        """The stored table ``name`` as an Ibis expression (loading its source if needed)."""
        self.ensure(name)
        return self.con.table(name)

    def has_table(self, name: str) -> bool:
        """Whether the store holds a table or view ``name`` (without loading anything)."""
        return (
            self._one("SELECT 1 FROM information_schema.tables WHERE table_name = ?", [name])
            is not None
        )

    def frame(self, name: str) -> pd.DataFrame:
        """The stored table ``name`` as a pandas DataFrame."""
        self.ensure(name)
        with self.reading():
            return self.raw.execute(f'SELECT * FROM "{name}"').df()

    def sql(self, query: str, params: list[Any] | None = None) -> pd.DataFrame:
        """Run read-only SQL on the store (for power users and exports)."""
        with self.reading():
            return self.raw.execute(query, params or []).df()

    # --- result cache -----------------------------------------------------------------
    def data_versions(self) -> dict[str, str]:
        """``{source: version+sha}`` of everything loaded (results are keyed by it)."""
        return answers.data_versions(self.raw)

    def _result_key(self, kind: str, options: Mapping[str, Any]) -> tuple[str, str]:
        opts = json.dumps(options, sort_keys=True, default=str)
        key = hashlib.sha256(f"{kind}|{opts}".encode()).hexdigest()[:16]
        return key, opts

    def save_result(self, kind: str, options: Mapping[str, Any], df: pd.DataFrame) -> None:
        """Store ``df`` as the result of ``kind`` computed with ``options``."""
        key, opts = self._result_key(kind, options)
        table = f"result_{re.sub(r'[^a-z0-9]+', '_', kind.lower())}_{key}"
        with self._transaction():
            self.raw.register("_incoming_result", df)
            try:
                self.raw.execute(
                    f'CREATE OR REPLACE TABLE "{table}" AS SELECT * FROM _incoming_result'
                )
            finally:
                self.raw.unregister("_incoming_result")
            self.raw.execute(
                "INSERT OR REPLACE INTO _results VALUES (?, ?, ?, ?, ?, ?, ?)",
                [
                    kind,
                    key,
                    table,
                    opts,
                    json.dumps(self.data_versions()),
                    len(df),
                    dt.datetime.now(dt.UTC).replace(tzinfo=None),
                ],
            )

    def load_result(self, kind: str, options: Mapping[str, Any]) -> pd.DataFrame | None:
        """The cached result of ``kind`` with ``options``, or None (also if the data changed)."""
        key, _ = self._result_key(kind, options)
        row = self._one(
            "SELECT table_name, data FROM _results WHERE kind = ? AND key = ?", [kind, key]
        )
        if row is None or json.loads(row[1]) != self.data_versions():
            return None
        try:
            return self.raw.execute(f'SELECT * FROM "{row[0]}"').df()
        except duckdb.CatalogException:
            return None

    def forget(self, name: str) -> list[str]:
        """Remove what source or import ``name`` loaded (its tables and catalog row), atomically.

        Returns the tables dropped. The vote panel is rebuilt without it.
        """
        row = self._catalog_row(name)
        if row is None:
            loaded = ", ".join(self.catalog()["source"]) or "nothing"
            raise StoreError(f"nothing named {name!r} is loaded (loaded: {loaded})")
        dropped = list(json.loads(row["tables"]))
        with self._transaction():
            for table in dropped:
                self.raw.execute(f'DROP TABLE IF EXISTS "{table}"')
            self.raw.execute("DELETE FROM _catalog WHERE source = ?", [name])
            if set(dropped) & panel.PART_TABLES:
                panel.rebuild(self)
            self.raw.execute("DELETE FROM _results")
            answers.clear(self.raw)
        return dropped

    def close(self) -> None:
        self.con.disconnect()

    def __enter__(self) -> Store:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()


def _select_expr(col: str, s: pd.Series) -> str:
    if isinstance(s.dtype, pd.CategoricalDtype) or str(s.dtype) in {"string", "str", "object"}:
        if not isinstance(s.dtype, pd.CategoricalDtype) and str(s.dtype) == "object":
            return f'"{col}"'
        return f'CAST("{col}" AS VARCHAR) AS "{col}"'
    return f'"{col}"'


def connect(path: str | Path | None = None, *, progress: Progress | None = None) -> Store:
    """Open the store at ``path`` (default: ``MULTIPOLAR_HOME/multipolar.duckdb``)."""
    return Store(Path(path) if path else config.store_path(), progress=progress)


def _year_range(store: Store, table: str) -> tuple[int | None, int | None]:
    cols = set(store.con.table(table).columns)
    for lo, hi in (("year", "year"), ("styear", "endyear")):
        if lo in cols and hi in cols:
            row = store._one(f'SELECT min("{lo}"), max("{hi}") FROM "{table}"')
            first, last = row if row else (None, None)
            return (
                int(first) if first is not None else None,
                int(last) if last is not None else None,
            )
    return (None, None)


def summary(store: Store) -> pd.DataFrame:
    """One row per loaded table: source, version, table, rows, first and last year, sha256s, cite key."""
    rows = []
    for rec in store.catalog().to_dict("records"):
        src = sources.SOURCES.get(rec["source"])
        files = json.loads(rec["files"])
        for table, n in json.loads(rec["rows"]).items():
            first, last = _year_range(store, table)
            rows.append(
                {
                    "source": rec["source"],
                    "version": rec["version"],
                    "table": table,
                    "rows": int(n),
                    "first_year": first,
                    "last_year": last,
                    "sha256": {p: s for p, s in files.items()},
                    "citation": src.citation_key if src else rec["source"],
                    "loaded_at": rec["loaded_at"],
                }
            )
    if panel.is_built(store):
        layout = " + ".join(f"{s['source']} {s['years']}" for s in panel.describe(store))
        for view in panel.PANEL_TABLES:
            first, last = _year_range(store, view)
            n = store._one(f'SELECT count(*) FROM "{view}"')
            rows.append(
                {
                    "source": f"panel ({layout})",
                    "version": "view",
                    "table": view,
                    "rows": int(n[0]) if n else 0,
                    "first_year": first,
                    "last_year": last,
                    "sha256": {},
                    "citation": "see its parts",
                    "loaded_at": None,
                }
            )
    df = pd.DataFrame(rows)
    if not df.empty:
        df["first_year"] = df["first_year"].astype("Int64")
        df["last_year"] = df["last_year"].astype("Int64")
    return df
