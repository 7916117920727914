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
from multipolar.errors import NotLoadedError, StoreError
from multipolar.sources import Progress, Source
from multipolar.store import fingerprints as _fp
from multipolar.store import kept, panel
from multipolar.store.opening import SCHEMA_VERSION, check_current, open_duckdb, schema_version

__all__ = ["SCHEMA_VERSION", "Store", "connect", "store_error", "summary"]
# SCHEMA_VERSION (bump when the layout of the store changes) lives in
# ``multipolar.store.opening``; add a step to ``_MIGRATIONS`` here

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
#: DuckDB's and the system's words for a full disk (or a file-size limit)
_FULL = re.compile(
    r"no space left|disk (?:is )?full|file too large|quota exceeded|could not write|"
    r"could not truncate|could not fsync",
    re.IGNORECASE,
)


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
    if _FULL.search(text):
        return StoreError(
            f"the disk holding the store {path or config.store_path()} is full or the file "
            f"too large ({text[:160]}); the store is unchanged: free some space and run "
            "the command again"
        )
    if _LOCKED.search(text) or not _DAMAGE.search(text):
        return None  # a lock held by another process, a bad query: not damage
    where = path or config.store_path()
    return StoreError(f"the store {where} is damaged ({text[:200]}); {_rebuild_hint(where)}")


def disk_full(exc: BaseException, what: str) -> StoreError | None:
    """The one line for an error that means the disk (or the file-size limit) is full, else
    None; ``what`` is the write that failed (its transaction was rolled back)."""
    import errno

    codes = (errno.ENOSPC, errno.EFBIG, errno.EDQUOT)
    seen: BaseException | None = exc
    for _ in range(4):  # a failed ROLLBACK after the write hides the write's error
        if seen is None:
            return None
        kind_ok = isinstance(seen, (OSError, duckdb.Error)) or "arrow" in type(seen).__module__
        if kind_ok and (getattr(seen, "errno", None) in codes or _FULL.search(str(seen))):
            break
        seen = seen.__cause__ or seen.__context__
    else:
        return None
    text = " ".join(str(seen).split())[:160]
    return StoreError(
        f"{what} failed: the disk holding {config.home()} is full or the file too large "
        f"({text}); the store is unchanged: free some space and run the command again"
    )


class Store:
    """An open store. Use :func:`connect` to get one.

    ``read_only``: True never writes (a table not loaded is an error saying which
    ``data pull`` loads it); False holds the write lock from the start; None (the default)
    reads read-only and takes the write lock only while it writes (a source loaded on
    first use, a migration), so other commands can read meanwhile (see
    :mod:`multipolar.store.opening`)."""

    def __init__(
        self,
        path: Path,
        *,
        progress: Progress | None = None,
        read_only: bool | None = None,
        wait: float | None = None,
    ) -> None:
        self.path = Path(path)
        self.progress = progress
        self.read_only = read_only
        self._wait = wait
        self._writers = 0
        #: tables read since the store was opened (and per pending result)
        self._read: set[str] = set()
        self._pending: dict[tuple[str, str], set[str]] = {}
        #: tables checked sound since the last write
        self._sound: set[str] = set()
        if read_only and not self.path.is_file():
            raise StoreError(f"no store at {self.path}; run `multipolar data pull`")
        writable = read_only is False or not self.path.is_file()
        if writable:
            self._make_folder()
        self.con = self._open(writable, new=True)
        self._writable = writable
        try:
            if writable:
                self._migrate()
            else:
                self._check_schema()
        except duckdb.Error as exc:
            self.con.disconnect()
            raise (
                store_error(exc, self.path)
                or StoreError(
                    f"cannot read the store {self.path} ({exc}); {_rebuild_hint(self.path)}"
                )
            ) from exc
        except BaseException:
            self.con.disconnect()
            raise
        if writable and read_only is None:
            self._reopen(False)  # created and migrated: read from now on

    def _make_folder(self) -> None:
        import os

        try:
            self.path.parent.mkdir(parents=True, exist_ok=True)
        except OSError as exc:
            raise StoreError(
                f"cannot create the folder of the store {self.path.parent} ({exc.strerror}); "
                "set MULTIPOLAR_HOME to a folder you can write"
            ) from exc
        if not os.access(self.path.parent, os.W_OK):
            raise StoreError(
                f"{self.path.parent} (MULTIPOLAR_HOME) is not writable, and this command "
                "writes the store; set MULTIPOLAR_HOME to a folder you can write"
            )

    def _open(self, writable: bool, *, new: bool = False) -> Any:
        """An Ibis backend on the file (``new``) or the same backend reconnected, waiting
        while another process holds the file."""

        def make(p: str, ro: bool) -> Any:
            if new:
                return ibis.duckdb.connect(p, read_only=ro)
            self.con.do_connect(p, read_only=ro)
            return self.con

        try:
            return open_duckdb(self.path, read_only=not writable, wait=self._wait, opener=make)
        except duckdb.Error as exc:
            damaged = store_error(exc, self.path)
            if damaged is not None:
                raise damaged from exc
            raise StoreError(f"cannot open the store {self.path}: {exc}") from exc

    def _reopen(self, writable: bool) -> None:
        self.con.disconnect()
        self._writable = writable
        self._open(writable)

    def _check_schema(self) -> None:
        """Read-only: refuse another version's store; auto: migrate an older one."""
        current = schema_version(self.raw, self.path)
        if current == SCHEMA_VERSION:
            return
        if self.read_only:
            check_current(self.raw, self.path)  # raises its one line
        with self.writing():
            self._migrate()

    @property
    def raw(self) -> duckdb.DuckDBPyConnection:
        """The DuckDB connection (read-only unless inside :meth:`writing`)."""
        return self.con.con  # type: ignore[no-any-return]

    @contextmanager
    def writing(self) -> Iterator[None]:
        """Hold the store's write lock for the block (waiting, bounded, for readers to
        finish); a store opened ``read_only=True`` refuses."""
        if self.read_only and not self._writable:
            raise StoreError(
                f"the store {self.path} is open read-only; run the command that loads or "
                "changes data from a terminal (`multipolar data pull`, `multipolar events "
                "import`) or open it with `multipolar.connect(read_only=False)`"
            )
        if not self._writable:
            self._make_folder()
            self._reopen(True)
        self._writers += 1
        try:
            yield
        finally:
            self._writers -= 1
            self._sound.clear()
            if self._writers == 0 and self.read_only is None and self._writable:
                self._reopen(False)

    # --- what was read ------------------------------------------------------------------
    def note_read(self, *tables: str) -> None:
        """Record that the current computation read ``tables`` (``ensure`` does this)."""
        self._read.update(tables)
        for pending in self._pending.values():
            pending.update(tables)

    def tables_read(self) -> list[str]:
        """The tables read since the store was opened (what a kept answer depends on)."""
        return sorted(self._read)

    def fingerprints(self, tables: list[str] | set[str]) -> dict[str, str]:
        """``{table: fingerprint}`` (see :mod:`multipolar.store.fingerprints`)."""
        with self.reading():
            return _fp.fingerprints(self.raw, tables)

    def check_sound(self, table: str) -> None:
        """Raise the one-line :class:`StoreError` when ``table`` (loaded according to the
        catalog) is missing or has other rows or columns than were loaded."""
        if table in self._sound:
            return
        with self.reading():
            bad = _fp.unsound(self.raw, [table])
            if bad:
                raise _fp.changed_error(self.raw, bad[0], declared=sources.SOURCES)
        self._sound.add(table)

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
        current = schema_version(self.raw, self.path) or 0  # refuses newer and garbage
        if current == SCHEMA_VERSION:
            return
        self.raw.execute(_MIGRATIONS[1][0])
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

    def _is_loaded(self, src: Source) -> bool:
        """Whether ``src`` is loaded at its declared version and file checksums."""
        row = self._catalog_row(src.name)
        if row is None:
            return False
        files = json.loads(row["files"])
        return row["version"] == src.version and files == {f.path: f.sha256 for f in src.files}

    def is_current(self, src: Source) -> bool:
        """Whether ``src`` is loaded at its declared version and file checksums, and its
        tables are as loaded (none missing, deleted from or retyped since)."""
        if not self._is_loaded(src):
            return False
        row = self._catalog_row(src.name)
        with self.reading():
            return not _fp.unsound(self.raw, json.loads(row["tables"]) if row else [])

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
            with self.writing():
                self._ingest(
                    name, tables, version=version, files=files, replaces=replaces, rows=rows
                )
        except duckdb.Error as exc:
            full = disk_full(exc, f"loading {name}")
            if full is not None:
                raise full from exc
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
                self.raw.execute(
                    "INSERT OR REPLACE INTO _meta VALUES (?, ?)",
                    [f"columns:{table}", _fp.columns_of(self.raw, table)],
                )
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
            # kept results are checked against the fingerprints of what they read
            # (multipolar.store.kept); those an earlier version kept in the store go
            self._drop_legacy_results()

    def _drop_legacy_results(self) -> None:
        """Drop the results and answers versions before issue 21 kept inside the store
        (``_results`` rows, ``result_*`` tables, ``_answers``): they are never read now."""
        rows = self.raw.execute(
            "SELECT table_name FROM duckdb_tables() WHERE database_name = current_database() "
            "AND (starts_with(table_name, 'result_') OR table_name = '_answers')"
        ).fetchall()
        for (name,) in rows:
            self.raw.execute(f'DROP TABLE "{name}"')
        self.raw.execute("DELETE FROM _results")

    def load(self, name: str, *, force: bool = False) -> dict[str, int]:
        """Fetch, parse and ingest declared source ``name`` unless already current."""
        src = sources.get(name)
        if not force and self.is_current(src):
            row = self._catalog_row(name)
            return json.loads(row["rows"]) if row else {}
        if self.read_only and not self._writable:
            raise NotLoadedError(
                f"{name} is not loaded in the store {self.path} (or not as declared), and it "
                f"is open read-only; run `multipolar data pull {name}`"
            )
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
        self.note_read(table)
        if table in panel.PANEL_TABLES:
            for name in panel.PROVIDERS:
                src = sources.get(name)
                if not self._is_loaded(src):
                    self.load(name, force=self._catalog_row(name) is not None)
            if not panel.is_built(self):
                with self.writing(), self._transaction():
                    panel.rebuild(self)
            self.check_sound(table)
            return
        row = self._provider(table)
        if row is not None:
            if row["source"] in sources.SOURCES and not self._is_loaded(sources.get(row["source"])):
                self.load(row["source"], force=True)
            self.check_sound(table)
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
        """``{source: version+sha}`` of everything loaded (in-process memos are keyed by it)."""
        with self.reading():
            rows = self.raw.execute(
                "SELECT source, version, files FROM _catalog ORDER BY source"
            ).fetchall()
        return {s: f"{v}|{hashlib.sha256(f.encode()).hexdigest()[:12]}" for s, v, f in rows}

    def _result_key(self, kind: str, options: Mapping[str, Any]) -> tuple[str, str]:
        opts = json.dumps(options, sort_keys=True, default=str)
        key = hashlib.sha256(f"{kind}|{opts}".encode()).hexdigest()[:16]
        return key, opts

    def save_result(
        self,
        kind: str,
        options: Mapping[str, Any],
        df: pd.DataFrame,
        *,
        tables: list[str] | None = None,
    ) -> None:
        """Keep ``df`` as the result of ``kind`` computed with ``options``
        (:mod:`multipolar.store.kept`), valid while the tables it read are unchanged.

        ``tables``: the tables it read; default: those read through :meth:`table`,
        :meth:`frame` or :meth:`ensure` since :meth:`load_result` missed for the same
        ``kind`` and ``options`` (else every table read since the store was opened)."""
        key, _ = self._result_key(kind, options)
        read = self._pending.pop((kind, key), None)
        used = set(tables) if tables is not None else (read or self._read)
        if not used:  # read nothing we know of: depend on everything loaded
            used = {t for r in self.catalog().to_dict("records") for t in json.loads(r["tables"])}
        with self.reading():
            kept.save_result(self.raw, self.path, kind, options, df, sorted(used))

    def load_result(self, kind: str, options: Mapping[str, Any]) -> pd.DataFrame | None:
        """The kept result of ``kind`` with ``options``, or None (none kept, or a table it
        read has changed since). A miss starts recording the tables read for
        :meth:`save_result`."""
        key, _ = self._result_key(kind, options)
        with self.reading():
            found = kept.load_result(self.raw, self.path, kind, options)
        if found is None:
            self._pending[(kind, key)] = set()
            return None
        self.note_read(*found[1])  # whoever uses it depends on what it was computed from
        return found[0]

    def result_file(self, kind: str, options: Mapping[str, Any]) -> Path | None:
        """The Parquet file of the valid kept result of ``kind``/``options``, or None (for a
        DuckDB ``COPY`` straight from it)."""
        with self.reading():
            return kept.result_file(self.raw, self.path, kind, options)

    def forget(self, name: str) -> list[str]:
        """Remove what source or import ``name`` loaded (its tables and catalog row), atomically.

        Returns the tables dropped. The vote panel is rebuilt without it.
        """
        row = self._catalog_row(name)
        if row is None:
            loaded = ", ".join(self.catalog()["source"]) or "nothing"
            raise StoreError(f"nothing named {name!r} is loaded (loaded: {loaded})")
        dropped = list(json.loads(row["tables"]))
        with self._writing_or_full(f"forgetting {name}"), self._transaction():
            for table in dropped:
                self.raw.execute(f'DROP TABLE IF EXISTS "{table}"')
                self.raw.execute("DELETE FROM _meta WHERE key = ?", [f"columns:{table}"])
            self.raw.execute("DELETE FROM _catalog WHERE source = ?", [name])
            if set(dropped) & panel.PART_TABLES:
                panel.rebuild(self)
        return dropped

    @contextmanager
    def _writing_or_full(self, what: str) -> Iterator[None]:
        """:meth:`writing`, with a full disk reported as one line (the transaction rolled
        back: the store is unchanged)."""
        try:
            with self.writing():
                yield
        except (duckdb.Error, OSError) as exc:
            full = disk_full(exc, what)
            if full is not None:
                raise full from exc
            raise

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


def connect(
    path: str | Path | None = None,
    *,
    read_only: bool | None = None,
    progress: Progress | None = None,
    wait: float | None = None,
) -> Store:
    """Open the store at ``path`` (default: ``MULTIPOLAR_HOME/multipolar.duckdb``).

    ``read_only=True`` -- the way for servers and anything that only reads: never takes the
    write lock, so any number of processes read at once; a table that is not loaded is an
    error naming the ``multipolar data pull`` that loads it; the store must exist and be of
    this version. ``read_only=None`` (default) reads read-only and takes the write lock only
    while it loads a source on first use or migrates. ``read_only=False`` holds the write lock
    until closed (no other process can open the store meanwhile). ``wait``: seconds to wait
    for another process holding the store (default ``MULTIPOLAR_LOCK_WAIT``, 60).
    """
    return Store(
        Path(path) if path else config.store_path(),
        progress=progress,
        read_only=read_only,
        wait=wait,
    )


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


def summary(store: Store, *, by: str = "table") -> pd.DataFrame:
    """One row per loaded table (``by="table"``): source, version, table, rows, first and last
    year, sha256s, cite key; or one row per source (``by="source"``: its tables joined, rows
    summed, the years of all its tables, every file's sha256)."""
    if by not in ("table", "source"):
        raise ValueError(f"by must be 'table' or 'source', not {by!r}")
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
    if by == "source" and not df.empty:
        df = (
            df.groupby(["source", "version"], sort=False)
            .agg(
                table=("table", ", ".join),
                rows=("rows", "sum"),
                first_year=("first_year", "min"),
                last_year=("last_year", "max"),
                sha256=("sha256", "first"),
                citation=("citation", "first"),
                loaded_at=("loaded_at", "first"),
            )
            .reset_index()
        )
    return df
