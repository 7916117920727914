"""Event data in the store: partitioned Parquet under ``MULTIPOLAR_HOME/events``, registered.

Layout::

    events/year=2019/month=10/part-<file token>-0.parquet   one or more per imported file
    multipolar.duckdb: table _events_files                  one row per imported file

* **Import** (:func:`import_events`) streams each file through its parser
  (:mod:`multipolar.sources.events`), writes Parquet into a temporary folder, moves the
  files into their ``year=/month=`` partitions and only then registers them. Readers see
  registered files only, so an import cut off at any point adds nothing; the leftovers are
  removed by the next import.
* **Each event once**: an event is identified by its dataset and its provider's id
  (``source_dataset``, ``event_id``: GDELT ``GLOBALEVENTID``, ICEWS ``Event ID``). A row whose
  id is already stored — from another file, a truncated copy, a zip of the same file — or
  already seen in the same file is skipped and counted (``duplicates`` in the report), so
  importing overlapping files never counts an event twice. A file whose sha256 (and zip
  member) is registered is skipped whole.
* **Kept across a rebuilt store**: event Parquet files that no registry row names, left by a
  store that was deleted and rebuilt, are registered again (``recovered``), never deleted.
  Only the pieces of an import that was cut off (listed in its ``.placing-*.json`` manifest,
  or still in ``.tmp-*``) are removed.
* **Reading** (:func:`events_table`): the registered files as one Ibis table, on DuckDB (the
  store's connection) or on PySpark (``local[*]``, a master URL in ``SPARK_MASTER`` or a
  Spark Connect URL in ``SPARK_REMOTE``), chosen by ``backend=`` or ``MULTIPOLAR_BACKEND``.
"""

from __future__ import annotations

import datetime as dt
import glob
import hashlib
import json
import os
import queue
import re
import shutil
import threading
import time
import uuid
import zipfile
from collections.abc import Callable, Iterable, Iterator, Sequence
from dataclasses import asdict, dataclass, field
from pathlib import Path
from typing import Any

import ibis
import numpy as np
import pyarrow as pa
import pyarrow.compute as pc
import pyarrow.parquet as pq

from multipolar import config
from multipolar import states as _states
from multipolar.errors import ChecksumError, DownloadError, InputError, NotLoadedError, SourceError
from multipolar.sources import Progress, download, sha256_file
from multipolar.sources.events import EVENT_COLUMNS, EVENT_SCHEMA, KINDS, ParseReport, read_events
from multipolar.sources.fetch import HttpStatusError
from multipolar.store.core import Store, connect, disk_full

_REGISTRY = "_events_files"
_CREATE = f"""CREATE TABLE IF NOT EXISTS {_REGISTRY} (
    sha256 VARCHAR, member VARCHAR, name VARCHAR, kind VARCHAR, rows_read BIGINT,
    imported BIGINT, rejected BIGINT, report VARCHAR, files VARCHAR, imported_at TIMESTAMP,
    PRIMARY KEY (sha256, member))"""
_ROW_GROUP = 128 * 1024
#: GDELT 1.0 daily files, over https (the host serves both; http is not authenticated)
GDELT1_BASE_URL = config.GDELT1_BASE_URL
GDELT1_FIRST_DAILY = dt.date(2013, 4, 1)


@dataclass
class ImportReport:
    """What importing one file (or zip member) did.

    ``rows_read = imported + rejected + duplicates``: ``duplicates`` are valid rows whose event
    id was already stored (or seen earlier in the file), skipped so that no event counts twice.
    ``status`` is ``imported``, ``already imported`` (same sha256), ``failed`` or ``recovered``
    (Parquet files of an earlier store registered again).
    """

    file: str
    kind: str
    sha256: str
    status: str
    member: str | None = None
    rows_read: int = 0
    imported: int = 0
    rejected: int = 0
    duplicates: int = 0
    reasons: dict[str, int] = field(default_factory=dict)
    unknown_countries: dict[str, int] = field(default_factory=dict)
    samples: list[str] = field(default_factory=list)
    notes: dict[str, int] = field(default_factory=dict)
    partitions: list[str] = field(default_factory=list)
    seconds: float = 0.0
    error: str | None = None

    def as_dict(self) -> dict[str, Any]:
        return asdict(self)


# --- import ---------------------------------------------------------------------------------
def _expand(paths: Iterable[str | Path]) -> list[Path]:
    out: list[Path] = []
    for p in paths:
        text = str(p)
        if Path(text).is_file():
            out.append(Path(text))
            continue
        if Path(text).is_dir():
            found = sorted(q for q in Path(text).iterdir() if q.is_file())
        else:
            found = sorted(Path(q) for q in glob.glob(text) if Path(q).is_file())
        if not found:
            raise InputError(f"no file matches {text}")
        out += found
    return out


def _members(path: Path) -> list[str | None]:
    if path.suffix.lower() != ".zip":
        return [None]
    try:
        with zipfile.ZipFile(path) as zf:
            return [n for n in zf.namelist() if not n.endswith("/")]
    except zipfile.BadZipFile as exc:
        raise SourceError(f"{path.name} is not a readable zip ({exc})") from exc


def _registry(store: Store) -> None:
    store.raw.execute(_CREATE)


def registered(store: Store) -> list[dict[str, Any]]:
    """One record per imported file: sha256, member, name, kind, counts, files, imported_at."""
    store.note_read(_REGISTRY)  # a kept answer that read events depends on this table
    if store.read_only or not store._writable:  # a reader: no CREATE; no table is no import
        found = store.raw.execute(
            "SELECT count(*) FROM duckdb_tables() WHERE table_name = ?", [_REGISTRY]
        ).fetchall()
        if not found[0][0]:
            return []
    else:
        _registry(store)
    df = store.raw.execute(f"SELECT * FROM {_REGISTRY} ORDER BY imported_at, name").df()
    records = df.to_dict("records")
    for rec in records:
        rec["files"] = json.loads(rec["files"])
        rec["report"] = json.loads(rec["report"])
    return records


def _cleanup(store: Store, root: Path) -> None:
    """Remove what an import that was cut off left: ``.tmp-*`` folders and the files its
    ``.placing-*.json`` manifest lists that no registry row names."""
    if not root.exists():
        return
    for tmp in root.glob(".tmp-*"):
        shutil.rmtree(tmp, ignore_errors=True)
    manifests = list(root.glob(".placing-*.json"))
    if not manifests:
        return
    known = {f["path"] for rec in registered(store) for f in rec["files"]}
    for manifest in manifests:
        try:
            listed = json.loads(manifest.read_text(encoding="utf-8"))
        except (OSError, ValueError):
            listed = []
        for rel in listed:
            if rel not in known:
                (root / rel).unlink(missing_ok=True)
        manifest.unlink(missing_ok=True)


def sync_events(store: Store) -> list[ImportReport]:
    """Tidy the event folder and register again the Parquet files an earlier store knew.

    First removes the leftovers of an import that was cut off (see :func:`_cleanup`). Then
    every Parquet file that no registry row names -- the files of a store that was deleted
    and rebuilt -- is registered again, grouped by the file it was imported from
    (``source_file``), and reported with status ``recovered``. Nothing is deleted.
    """
    root = config.events_dir()
    if not root.exists() or (store.read_only and not store._writable):
        return []  # a read-only reader leaves the folder as it is
    with store.writing():
        return _sync_events(store, root)


def _sync_events(store: Store, root: Path) -> list[ImportReport]:
    _registry(store)
    _cleanup(store, root)
    known = {f["path"] for rec in registered(store) for f in rec["files"]}
    orphans = sorted(
        p
        for p in root.glob("year=*/month=*/*.parquet")
        if p.relative_to(root).as_posix() not in known
    )
    groups: dict[tuple[str, str], list[dict[str, Any]]] = {}
    counts: dict[tuple[str, str], int] = {}
    for path in orphans:
        try:
            t = pq.read_table(path, columns=["event_id", "source_dataset", "source_file"])
        except (pa.ArrowException, OSError):
            continue  # not one of ours, or unreadable: leave it alone
        if t.num_rows == 0:
            continue
        for (file_id, dataset), part in _split_by(t, "source_file", "source_dataset"):
            rel = path.relative_to(root)
            ids = part["event_id"]
            lo, hi = pc.min_max(ids).values()
            groups.setdefault((file_id, dataset), []).append(
                {
                    "path": rel.as_posix(),
                    "year": int(rel.parts[0].split("=", 1)[1]),
                    "month": int(rel.parts[1].split("=", 1)[1]),
                    "id_min": lo.as_py(),
                    "id_max": hi.as_py(),
                }
            )
            counts[(file_id, dataset)] = counts.get((file_id, dataset), 0) + part.num_rows
    reports: list[ImportReport] = []
    if not groups:
        return reports
    with _transaction(store):
        for (file_id, dataset), files in groups.items():
            sha, _, member = file_id.partition("/")
            name = f"(recovered) {sha[:16]}" + (f":{member}" if member else "")
            n = counts[(file_id, dataset)]
            note = "Parquet of an earlier store, registered again; counts of rejected rows unknown"
            store.raw.execute(
                f"INSERT OR REPLACE INTO {_REGISTRY} VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
                [
                    sha, member, name, dataset, n, n, 0,
                    json.dumps({"recovered": True, "note": note}), json.dumps(files),
                    dt.datetime.now(dt.UTC).replace(tzinfo=None),
                ],
            )  # fmt: skip
            reports.append(
                ImportReport(
                    file=name, kind=dataset, sha256=sha, status="recovered",
                    member=member or None, rows_read=n, imported=n,
                    partitions=sorted({str(Path(f["path"]).parent) for f in files}),
                )
            )  # fmt: skip
    return reports


def _split_by(t: pa.Table, *cols: str) -> Iterator[tuple[tuple[str, ...], pa.Table]]:
    keys = t.group_by(list(cols)).aggregate([]).to_pylist()
    if len(keys) == 1:
        yield tuple(keys[0][c] for c in cols), t
        return
    for key in keys:
        mask = None
        for c in cols:
            m = pc.equal(t[c], key[c])
            mask = m if mask is None else pc.and_(mask, m)
        yield tuple(key[c] for c in cols), t.filter(mask)


class _SeenIds:
    """The event ids of one dataset already stored or already written by this import.

    Canonical decimal ids (GDELT ``GLOBALEVENTID``, ICEWS ``Event ID``: no sign, no leading
    zero, at most 18 digits) are kept as sorted ``int64`` runs, 8 bytes an id, merged like a
    binary counter (at most log2 runs) and searched with ``np.searchsorted``; any other id as
    a Python string. Exact: the map between canonical strings and integers is one to one.

    Stored ids are read lazily: a stored Parquet file (its ``event_id`` column only) is read
    the first time a chunk's id range (string order) overlaps the range recorded for the file;
    files of other datasets and files whose range lies elsewhere are never read, so importing
    the next day of GDELT reads nothing back.
    """

    _CANONICAL = r"^(0|[1-9][0-9]{0,17})$"

    def __init__(self, root: Path, files: list[dict[str, Any]]) -> None:
        self._root = root
        self._pending = list(files)
        self._runs: list[np.ndarray] = []
        self._strings: set[str] = set()

    @classmethod
    def of(cls, store: Store, root: Path, dataset: str) -> _SeenIds:
        files = [f for rec in registered(store) if rec["kind"] == dataset for f in rec["files"]]
        return cls(root, files)

    def _load(self, lo: str, hi: str) -> None:
        keep = []
        for f in self._pending:
            f_lo, f_hi = f.get("id_min"), f.get("id_max")
            if f_lo is not None and f_hi is not None and (f_hi < lo or f_lo > hi):
                keep.append(f)
                continue
            path = self._root / f["path"]
            if path.exists():
                ids = pq.read_table(path, columns=["event_id"]).column(0).combine_chunks()
                self._add(ids)
        self._pending = keep

    def _split(self, ids: pa.Array) -> tuple[np.ndarray, np.ndarray]:
        """Positions of canonical ids and their int64 values."""
        canon = pc.match_substring_regex(ids, self._CANONICAL).to_numpy(zero_copy_only=False)
        pos = np.flatnonzero(canon)
        if len(pos) == len(ids):
            return pos, pc.cast(ids, pa.int64()).to_numpy()
        return pos, pc.cast(ids.take(pa.array(pos)), pa.int64()).to_numpy()

    def _add(self, ids: pa.Array) -> None:
        pos, values = self._split(ids)
        if len(pos) < len(ids):
            rest = np.setdiff1d(np.arange(len(ids)), pos)
            self._strings.update(ids.take(pa.array(rest)).to_pylist())
        self._push(np.unique(values))

    def _push(self, run: np.ndarray) -> None:
        if not len(run):
            return
        self._runs.append(run)
        while len(self._runs) > 1 and len(self._runs[-2]) <= 2 * len(self._runs[-1]):
            b, a = self._runs.pop(), self._runs.pop()
            self._runs.append(np.sort(np.concatenate([a, b]), kind="stable"))

    def _contains(self, values: np.ndarray) -> np.ndarray:
        hit = np.zeros(len(values), dtype=bool)
        for run in self._runs:
            idx = np.minimum(np.searchsorted(run, values), len(run) - 1)
            hit |= run[idx] == values
        return hit

    def filter(self, table: pa.Table) -> tuple[pa.Table, int]:
        """``table`` without the rows whose id is already known (which become known); and how
        many rows were dropped."""
        n = table.num_rows
        if n == 0:
            return table, 0
        ids = table["event_id"].combine_chunks()
        lo, hi = pc.min_max(ids).values()
        if self._pending:
            self._load(lo.as_py(), hi.as_py())
        keep = np.zeros(n, dtype=bool)
        pos, values = self._split(ids)
        if len(pos):
            _, first = np.unique(values, return_index=True)
            fresh = np.zeros(len(values), dtype=bool)
            fresh[first] = True
            fresh &= ~self._contains(values)
            keep[pos[fresh]] = True
            self._push(np.sort(values[fresh]))
        if len(pos) < n:
            rest = np.setdiff1d(np.arange(n), pos)
            for i, text in zip(rest, ids.take(pa.array(rest)).to_pylist(), strict=True):
                if text not in self._strings:
                    self._strings.add(text)
                    keep[i] = True
        dropped = n - int(keep.sum())
        return (table if dropped == 0 else table.filter(pa.array(keep))), dropped


def _prefetch(items: Iterator[pa.Table], depth: int = 2) -> Iterator[pa.Table]:
    """Run ``items`` in a background thread, ``depth`` ahead: parsing the next chunk overlaps
    writing this one (both release the GIL). Errors are re-raised here, in order."""
    q: queue.Queue[tuple[str, Any]] = queue.Queue(maxsize=depth)
    stop = threading.Event()

    def work() -> None:
        try:
            for item in items:
                if stop.is_set():
                    return
                q.put(("item", item))
            q.put(("done", None))
        except BaseException as exc:  # handed to the consumer
            q.put(("error", exc))

    thread = threading.Thread(target=work, name="multipolar-event-parser", daemon=True)
    thread.start()
    try:
        while True:
            kind, value = q.get()
            if kind == "item":
                yield value
            elif kind == "done":
                return
            else:
                raise value
    finally:
        stop.set()
        while thread.is_alive():  # unblock a producer waiting on a full queue
            try:
                q.get_nowait()
            except queue.Empty:
                thread.join(0.05)


class _PartitionWriter:
    """Split event tables by year-month and append them to one Parquet file per partition.

    Rows are buffered per partition up to ``row_group`` rows (at most ``max_buffered`` in
    all), so files get large row groups however the input chunks fall.
    """

    def __init__(self, folder: Path, token: str, *, row_group: int = _ROW_GROUP) -> None:
        self.folder = folder
        self.token = token
        self.row_group = row_group
        self.max_buffered = row_group * 8
        self.buffers: dict[int, list[pa.Table]] = {}
        self.counts: dict[int, int] = {}
        self.writers: dict[int, pq.ParquetWriter] = {}
        #: per partition (year * 100 + month): the smallest and largest event id written
        self.ranges: dict[int, tuple[str, str]] = {}

    def write(self, table: pa.Table) -> None:
        if not table.num_rows:
            return
        date = table["date"]
        key = pc.add(pc.multiply(pc.year(date), 100), pc.month(date))
        months = pc.unique(key)
        if len(months) == 1:  # the usual chunk (a day's or a month's file): no sort, no copy
            pieces: Iterator[tuple[int, pa.Table]] = iter([(int(months[0].as_py()), table)])
        else:
            pieces = self._by_month(table, key)
        for k, piece in pieces:
            first, last = (v.as_py() for v in pc.min_max(piece["event_id"]).values())
            if k in self.ranges:
                first, last = min(first, self.ranges[k][0]), max(last, self.ranges[k][1])
            self.ranges[k] = (first, last)
            self.buffers.setdefault(k, []).append(piece)
            self.counts[k] = self.counts.get(k, 0) + piece.num_rows
            if self.counts[k] >= self.row_group:
                self._flush(k)
        while sum(self.counts.values()) > self.max_buffered:
            self._flush(max(self.counts, key=self.counts.__getitem__))

    @staticmethod
    def _by_month(table: pa.Table, key: pa.ChunkedArray) -> Iterator[tuple[int, pa.Table]]:
        """The rows of each year-month (``key``: year * 100 + month), one sort for the chunk."""
        order = pc.sort_indices(key)
        table = table.take(order)
        keys = key.take(order).to_numpy()
        cuts = np.flatnonzero(np.diff(keys)) + 1
        for lo, hi in zip(np.r_[0, cuts], np.r_[cuts, len(keys)], strict=True):
            yield int(keys[lo]), table.slice(lo, hi - lo)

    def _flush(self, k: int) -> None:
        parts = self.buffers.pop(k, [])
        self.counts.pop(k, None)
        if not parts:
            return
        writer = self.writers.get(k)
        if writer is None:
            path = self.folder / f"year={k // 100}" / f"month={k % 100:02d}"
            path.mkdir(parents=True, exist_ok=True)
            writer = pq.ParquetWriter(path / f"part-{self.token}-0.parquet", EVENT_SCHEMA)
            self.writers[k] = writer
        writer.write_table(pa.concat_tables(parts), row_group_size=self.row_group * 8)

    def close(self) -> None:
        """Write what is buffered and close the files."""
        for k in list(self.buffers):
            self._flush(k)
        self.abort()

    def abort(self) -> None:
        """Close the files without writing what is buffered (the caller removes them)."""
        self.buffers.clear()
        self.counts.clear()
        for writer in self.writers.values():
            writer.close()
        self.writers.clear()


def _import_one(
    store: Store,
    path: Path,
    member: str | None,
    sha: str,
    kind: str | None,
    root: Path,
    chunk_size: int,
    seen: dict[str, _SeenIds],
) -> ImportReport:
    started = time.perf_counter()
    name = path.name if member is None else f"{path.name}:{member}"
    key = member or ""
    row = store.raw.execute(
        f"SELECT kind, rows_read, imported, rejected, report FROM {_REGISTRY} "
        "WHERE sha256 = ? AND member = ?",
        [sha, key],
    ).fetchall()
    if row:
        k, read, imported, rejected, report = row[0]
        rep = json.loads(report)
        return ImportReport(
            file=name, kind=k, sha256=sha, status="already imported", member=member,
            rows_read=read, imported=imported, rejected=rejected,
            duplicates=int(rep.get("duplicates", 0)), reasons=rep.get("reasons", {}),
            unknown_countries=rep.get("unknown_countries", {}),
        )  # fmt: skip
    file_id = sha if member is None else f"{sha}/{member}"
    token = sha[:16] if member is None else _short_hash(file_id)
    report = ParseReport(name, kind or "?")
    tmp = root / f".tmp-{token}-{os.getpid()}"
    manifest = root / f".placing-{token}-{os.getpid()}.json"
    duplicates = 0
    files: list[dict[str, Any]] = []
    try:
        tables = read_events(
            path,
            kind=kind,
            member=member,
            file_id=file_id,
            report=report,
            states=_states,
            chunk_size=chunk_size,
        )
        writer = _PartitionWriter(tmp, token)
        try:
            for table in _prefetch(tables):
                if not table.num_rows:
                    continue
                dataset = table["source_dataset"][0].as_py()
                if dataset not in seen:
                    seen[dataset] = _SeenIds.of(store, root, dataset)
                table, dropped = seen[dataset].filter(table)
                duplicates += dropped
                writer.write(table)
        except BaseException:
            writer.abort()
            raise
        writer.close()
        report.kind = _kind_of(report, kind, path, member)
        files = _place(tmp, root, writer.ranges, manifest)
        summary = report.as_dict() | {"duplicates": duplicates}
        with _transaction(store):
            store.raw.execute(
                f"INSERT INTO {_REGISTRY} VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
                [
                    sha, key, name, report.kind, report.rows_read, report.rows_ok - duplicates,
                    report.rows_rejected, json.dumps(summary), json.dumps(files),
                    dt.datetime.now(dt.UTC).replace(tzinfo=None),
                ],
            )  # fmt: skip
        manifest.unlink(missing_ok=True)
    except (SourceError, OSError, zipfile.BadZipFile, pa.ArrowException, EOFError) as exc:
        _cleanup(store, root)
        full = disk_full(exc, f"importing {name}")
        if full is not None:
            raise full from exc
        seen.clear()  # ids of this file were counted as seen; forget them
        return ImportReport(
            file=name, kind=report.kind, sha256=sha, status="failed", member=member,
            rows_read=report.rows_read, reasons=dict(report.rejected),
            unknown_countries=dict(report.unknown_countries), samples=list(report.samples),
            error=f"{exc.__class__.__name__}: {exc}", seconds=time.perf_counter() - started,
        )  # fmt: skip
    except BaseException as exc:
        _cleanup(store, root)
        full = disk_full(exc, f"importing {name}")
        if full is not None:
            raise full from exc
        raise
    finally:
        shutil.rmtree(tmp, ignore_errors=True)
    return ImportReport(
        file=name, kind=report.kind, sha256=sha, status="imported", member=member,
        rows_read=report.rows_read, imported=report.rows_ok - duplicates,
        rejected=report.rows_rejected, duplicates=duplicates,
        reasons=dict(report.rejected.most_common()),
        unknown_countries=dict(report.unknown_countries.most_common()),
        samples=list(report.samples), notes=dict(report.notes),
        partitions=sorted({str(Path(f["path"]).parent) for f in files}),
        seconds=time.perf_counter() - started,
    )  # fmt: skip


def _kind_of(report: ParseReport, kind: str | None, path: Path, member: str | None) -> str:
    if kind:
        return kind
    from multipolar.sources.events import detect_kind

    return detect_kind(path, member)


def _short_hash(text: str) -> str:
    return hashlib.sha256(text.encode()).hexdigest()[:16]


def _place(
    tmp: Path, root: Path, ranges: dict[int, tuple[str, str]], manifest: Path
) -> list[dict[str, Any]]:
    """Move the written files into their partitions; return their records for the registry.

    The files to be moved are listed first in ``manifest`` (written atomically), so that if
    the process dies before they are registered the next import knows they are leftovers.
    """
    files: list[dict[str, Any]] = []
    if not tmp.exists():
        return files
    sources = sorted(tmp.glob("year=*/month=*/*.parquet"))
    rels = [src.relative_to(tmp) for src in sources]
    staged = manifest.with_name(manifest.name + ".new")
    staged.write_text(json.dumps([r.as_posix() for r in rels]), encoding="utf-8")
    os.replace(staged, manifest)
    for src, rel in zip(sources, rels, strict=True):
        dest = root / rel
        dest.parent.mkdir(parents=True, exist_ok=True)
        os.replace(src, dest)
        year = int(rel.parts[0].split("=", 1)[1])
        month = int(rel.parts[1].split("=", 1)[1])
        lo, hi = ranges.get(year * 100 + month, (None, None))
        files.append(
            {"path": rel.as_posix(), "year": year, "month": month, "id_min": lo, "id_max": hi}
        )
    return files


class _transaction:
    def __init__(self, store: Store) -> None:
        self.store = store

    def __enter__(self) -> None:
        self.store.raw.execute("BEGIN TRANSACTION")

    def __exit__(self, exc_type: object, *rest: object) -> None:
        self.store.raw.execute("ROLLBACK" if exc_type else "COMMIT")


def import_events(
    paths: str | Path | Sequence[str | Path],
    *,
    kind: str | None = None,
    store: Store | None = None,
    chunk_size: int = 16 << 20,
    on_file: Callable[[str, int, int], None] | None = None,
) -> list[ImportReport]:
    """Import event files (paths, globs, folders or ``.zip``) into the partitioned store.

    ``on_file(name, k, n)`` is told before the ``k``-th of ``n`` files is read (the CLI shows
    it).

    ``kind`` is ``gdelt1``, ``gdelt2`` or ``icews`` (detected per file when None). Returns one
    :class:`ImportReport` per file (or zip member): rows read, imported, rejected with
    reasons, and duplicates (events already stored, skipped). A file already imported (same
    sha256) is reported and skipped; a file that cannot be read is reported as ``failed`` and
    leaves nothing behind. Event files of an earlier store are registered again first and
    reported as ``recovered``. Files are streamed
    ``chunk_size`` bytes at a time (memory use is a small multiple of it).
    """
    if kind is not None and kind not in KINDS:
        raise InputError(f"unknown event format {kind!r}; use one of {', '.join(KINDS)}")
    files = _expand([paths] if isinstance(paths, (str, Path)) else paths)
    own = store is None
    st = store or connect()
    root = config.events_dir()
    root.mkdir(parents=True, exist_ok=True)
    writing = st.writing()  # the write lock for the whole import (readers wait, bounded)
    try:
        writing.__enter__()
        reports: list[ImportReport] = sync_events(st)
        seen: dict[str, _SeenIds] = {}
        for k, path in enumerate(files, start=1):
            if on_file is not None:
                on_file(path.name, k, len(files))
            sha = sha256_file(path)
            try:
                members = _members(path)
            except SourceError as exc:
                reports.append(
                    ImportReport(
                        file=path.name, kind=kind or "?", sha256=sha, status="failed",
                        error=str(exc),
                    )
                )  # fmt: skip
                continue
            for member in members:
                reports.append(_import_one(st, path, member, sha, kind, root, chunk_size, seen))
        writing.__exit__(None, None, None)
        return reports
    except BaseException:
        writing.__exit__(None, None, None)
        raise
    finally:
        if own:
            st.close()


# --- pull ----------------------------------------------------------------------------------
def gdelt_days(start: dt.date, end: dt.date) -> list[dt.date]:
    """Days from ``start`` to ``end`` inclusive (GDELT 1.0 daily files begin 2013-04-01)."""
    if end < start:
        raise InputError(f"--to {end} is before --from {start}")
    if start < GDELT1_FIRST_DAILY:
        raise InputError(
            f"GDELT 1.0 daily files begin {GDELT1_FIRST_DAILY}; earlier events are in the "
            "monthly/yearly back-files: download them and run `multipolar events import`"
        )
    return [start + dt.timedelta(days=i) for i in range((end - start).days + 1)]


def pull_gdelt(
    start: dt.date,
    end: dt.date,
    *,
    base_url: str = GDELT1_BASE_URL,
    store: Store | None = None,
    progress: Progress | None = None,
) -> list[ImportReport]:
    """Download GDELT 1.0 daily files (``YYYYMMDD.export.CSV.zip``) and import them.

    Every file is checked before it is kept (:func:`check_gdelt_zip`): it must be a zip whose
    members pass their CRC check and that holds ``YYYYMMDD.export.CSV``; where the server
    publishes ``md5sums`` and ``filesizes`` (GDELT does, beside the files), its md5 and size must
    match them. A file that fails is deleted and downloaded once more; a day that fails twice
    (or answers HTTP 404) is reported as ``failed`` and the other days go on. A day already
    downloaded is checked the same way before it is used (a bad cached file is fetched
    again), a day already imported is skipped. Downloads go through a ``.part`` file with an
    overall deadline (:func:`multipolar.sources.fetch.download`).

    GDELT files are not pinned: md5sums come from the same host as the files, so they catch
    corruption, not a host that serves other bytes (see docs/events.md).
    """
    days = gdelt_days(start, end)
    folder = config.home() / "downloads" / "gdelt1"
    own = store is None
    st = store or connect()
    reports: list[ImportReport] = []
    base = base_url.rstrip("/")
    try:
        sums, sizes, note = _gdelt_manifest(base, folder)
        for day in days:
            name = f"{day:%Y%m%d}.export.CSV.zip"
            dest = folder / name
            notes: dict[str, int] = {note: 1} if note else {}
            if dest.exists():
                reason = check_gdelt_zip(dest, day, md5=sums.get(name), size=sizes.get(name))
                if reason is not None:
                    dest.unlink(missing_ok=True)
                    notes[f"the downloaded copy {reason}; fetched again"] = 1
            if not dest.exists():
                error = _fetch_day(f"{base}/{name}", dest, day, sums, sizes, progress)
                if error is not None:
                    reports.append(
                        ImportReport(
                            file=name, kind="gdelt1", sha256="", status="failed", error=error,
                            notes=notes,
                        )
                    )  # fmt: skip
                    continue
            for rep in import_events([dest], kind="gdelt1", store=st):
                rep.notes = notes | rep.notes
                reports.append(rep)
        return reports
    finally:
        if own:
            st.close()


#: a GDELT 1.0 daily zip is 1-30 MB (2013-2026); nothing larger is read
GDELT1_MAX_BYTES = 200 << 20


def check_gdelt_zip(
    path: Path, day: dt.date, *, md5: str | None = None, size: int | None = None
) -> str | None:
    """Why ``path`` is not a good GDELT 1.0 daily file for ``day`` (None when it is).

    Checks, in order: the size and md5 the server lists (when given), that it opens as a
    zip, holds ``YYYYMMDD.export.CSV`` and that every member passes its CRC-32 check.
    """
    if size is not None and path.stat().st_size != size:
        return f"has {path.stat().st_size:,} bytes, not the {size:,} GDELT lists"
    if md5 is not None:
        h = hashlib.md5(usedforsecurity=False)
        with open(path, "rb") as fh:
            for block in iter(lambda: fh.read(1 << 20), b""):
                h.update(block)
        if h.hexdigest() != md5.lower():
            return "does not match the md5 GDELT lists"
    want = f"{day:%Y%m%d}.export.CSV".lower()
    try:
        with zipfile.ZipFile(path) as zf:
            names = [n for n in zf.namelist() if not n.endswith("/")]
            if want not in [n.lower() for n in names]:
                shown = ", ".join(names[:3]) or "nothing"
                return f"holds {shown}, not {want.replace('.csv', '.CSV')}"
            bad = zf.testzip()
            if bad is not None:
                return f"is damaged (member {bad} fails its CRC check)"
    except (zipfile.BadZipFile, zipfile.LargeZipFile, OSError, EOFError, ValueError) as exc:
        return f"is not a readable zip ({exc})"
    return None


def _fetch_day(
    url: str,
    dest: Path,
    day: dt.date,
    sums: dict[str, str],
    sizes: dict[str, int],
    progress: Progress | None,
) -> str | None:
    """Download one day to ``dest`` and check it; one more try on failure. The error, or None."""
    new = dest.with_name(dest.name + ".new")
    error = None
    for _attempt in (1, 2):
        new.unlink(missing_ok=True)
        try:
            download(
                url, new, size=sizes.get(dest.name), max_bytes=GDELT1_MAX_BYTES,
                progress=progress, name=dest.name,
            )  # fmt: skip
        except HttpStatusError as exc:
            new.unlink(missing_ok=True)
            if exc.status in (403, 404, 410):
                return str(exc)  # the day is not there: asking again will not help
            error = str(exc)
            continue
        except (DownloadError, ChecksumError) as exc:
            new.unlink(missing_ok=True)
            error = str(exc)
            continue
        except BaseException:
            new.unlink(missing_ok=True)
            raise
        reason = check_gdelt_zip(new, day, md5=sums.get(dest.name), size=sizes.get(dest.name))
        if reason is None:
            os.replace(new, dest)
            return None
        new.unlink(missing_ok=True)
        error = f"{dest.name} from {url} {reason} (downloaded twice; nothing was kept)"
    return error


def _gdelt_manifest(base: str, folder: Path) -> tuple[dict[str, str], dict[str, int], str | None]:
    """GDELT's ``md5sums`` and ``filesizes`` beside the daily files, when the server has them.

    Returns ``(md5 by file name, size by file name, note)``; the note says when they could not
    be read (a mirror without them), so that the files are checked as zips only.
    """
    sums: dict[str, str] = {}
    sizes: dict[str, int] = {}
    missing = []
    for listing in ("md5sums", "filesizes"):
        path = folder / f".{listing}"
        try:
            download(f"{base}/{listing}", path, max_bytes=32 << 20, deadline=120)
            lines = path.read_text(encoding="utf-8", errors="replace").splitlines()
        except (DownloadError, ChecksumError, OSError):
            missing.append(listing)
            continue
        finally:
            path.unlink(missing_ok=True)
        for line in lines:  # "VALUE  FILE" (md5sum's layout); either order is read
            parts = line.split()
            if len(parts) != 2:
                continue
            value, file = parts if "." in parts[1] else parts[::-1]
            if listing == "md5sums" and re.fullmatch(r"[0-9a-fA-F]{32}", value):
                sums[file] = value.lower()
            elif listing == "filesizes" and value.isdigit():
                sizes[file] = int(value)
    note = None
    if missing:
        note = (
            f"no {' or '.join(missing)} at {base}: files checked as zips (CRC, expected member) "
            "only"
        )
    return sums, sizes, note


# --- reading -------------------------------------------------------------------------------
def event_files(
    store: Store, *, start: dt.date | None = None, end: dt.date | None = None
) -> list[Path]:
    """Absolute paths of the registered Parquet files, pruned to the months ``start``–``end``."""
    root = config.events_dir()
    lo = (start.year, start.month) if start else (0, 0)
    hi = (end.year, end.month) if end else (9999, 12)
    return [
        root / f["path"]
        for rec in registered(store)
        for f in rec["files"]
        if lo <= (f["year"], f["month"]) <= hi
    ]


def _spark_session() -> Any:
    from pyspark.sql import SparkSession

    remote = os.environ.get("SPARK_REMOTE")
    if remote:
        return SparkSession.builder.remote(remote).getOrCreate()
    master = os.environ.get("SPARK_MASTER", "local[*]")
    builder = SparkSession.builder.appName("multipolar").master(master)
    if master.startswith("local"):
        # a local session talks to itself over loopback only (never the host's other addresses)
        os.environ.setdefault("SPARK_LOCAL_IP", "127.0.0.1")
        builder = builder.config("spark.driver.host", "127.0.0.1").config(
            "spark.driver.bindAddress", "127.0.0.1"
        )
    session = (
        builder.config("spark.sql.session.timeZone", "UTC")
        .config("spark.ui.enabled", "false")
        .config("spark.ui.showConsoleProgress", "false")
        .config("spark.sql.shuffle.partitions", os.environ.get("SPARK_SHUFFLE_PARTITIONS", "8"))
        .getOrCreate()
    )
    session.sparkContext.setLogLevel("ERROR")
    return session


def spark_backend() -> Any:
    """An Ibis PySpark backend on the session :func:`events_table` uses."""
    return ibis.pyspark.connect(_spark_session())


def events_table(
    backend: str | None = None,
    *,
    start: dt.date | None = None,
    end: dt.date | None = None,
    store: Store | None = None,
) -> ibis.Table:
    """All imported events as one Ibis table (columns of :data:`EVENT_SCHEMA`).

    ``backend`` is ``duckdb`` (the store's connection; default) or ``pyspark`` (default from
    ``MULTIPOLAR_BACKEND``). ``start``/``end`` skip partitions outside those months (rows are
    not filtered by day: filter ``date`` for that). Raises :class:`NotLoadedError` when no
    event file was imported.
    """
    name = (backend or config.backend()).lower()
    if name not in ("duckdb", "pyspark"):
        raise InputError(f"unknown backend {name!r}; use duckdb or pyspark")
    st = store or connect()
    files = event_files(st, start=start, end=end)
    if not files and not registered(st) and sync_events(st):
        files = event_files(st, start=start, end=end)  # the files of a rebuilt store
    if not files:
        if not registered(st):
            raise NotLoadedError(
                "no event data imported; run `multipolar events import PATH` or "
                "`multipolar events pull --from DATE --to DATE`"
            )
        return ibis.memtable(EVENT_SCHEMA.empty_table()).select(*EVENT_COLUMNS)
    if name == "duckdb":
        # a new view per call: tables returned earlier keep reading their own file list
        t = st.con.read_parquet([str(f) for f in files], table_name=_view_name())
        return _sane(t.select(*EVENT_COLUMNS))
    spark = _spark_session()
    frame = spark.read.parquet(*[str(f) for f in files])
    view = _view_name()
    frame.createOrReplaceTempView(view)
    return _sane(ibis.pyspark.connect(spark).table(view).select(*EVENT_COLUMNS))


def _sane(t: ibis.Table) -> ibis.Table:
    """Stored rows as a reader may trust them: a Goldstein score that is not a finite number
    and a negative count read as missing (null), never as a value.

    The importer refuses such rows (docs/events.md); files written by an older version, or
    edited by hand, may still hold them, and one NaN must not break every aggregate.
    """
    g = t.goldstein
    bad_g = g.isnan() | g.isinf() | (g.abs() > 10)
    return t.mutate(
        goldstein=bad_g.ifelse(ibis.null("float64"), g),
        num_mentions=(t.num_mentions < 0).ifelse(ibis.null("int32"), t.num_mentions),
        num_articles=(t.num_articles < 0).ifelse(ibis.null("int32"), t.num_articles),
    )


def _view_name() -> str:
    return f"_events_{uuid.uuid4().hex[:12]}"
