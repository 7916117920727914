"""Event data in the store: partitioned Parquet under ``MULTIPOLAR_HOME/events``, registered.

Layout::

    events/year=2019/month=10/part-<file token>-0.parquet   one or more per imported file
    multipolar.duckdb: table _events_files                  one row per imported file

* **Import** (:func:`import_events`) streams each file through its parser
  (:mod:`multipolar.sources.events`), writes Parquet into a temporary folder, moves the
  files into their ``year=/month=`` partitions and only then registers them. Readers see
  registered files only, so an import cut off at any point adds nothing; the leftovers are
  removed by the next import.
* **Idempotent**: a file whose sha256 (and zip member) is registered is skipped.
* **Reading** (:func:`events_table`): the registered files as one Ibis table, on DuckDB (the
  store's connection) or on PySpark (``local[*]``, a master URL in ``SPARK_MASTER`` or a
  Spark Connect URL in ``SPARK_REMOTE``), chosen by ``backend=`` or ``MULTIPOLAR_BACKEND``.
"""

from __future__ import annotations

import datetime as dt
import glob
import json
import os
import queue
import shutil
import threading
import time
import uuid
import zipfile
from collections.abc import Iterable, Iterator, Sequence
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
from multipolar.errors import DownloadError, InputError, NotLoadedError, SourceError
from multipolar.sources import Progress, download, sha256_file
from multipolar.sources.events import EVENT_COLUMNS, EVENT_SCHEMA, KINDS, ParseReport, read_events
from multipolar.store.core import Store, connect

_REGISTRY = "_events_files"
_CREATE = f"""CREATE TABLE IF NOT EXISTS {_REGISTRY} (
    sha256 VARCHAR, member VARCHAR, name VARCHAR, kind VARCHAR, rows_read BIGINT,
    imported BIGINT, rejected BIGINT, report VARCHAR, files VARCHAR, imported_at TIMESTAMP,
    PRIMARY KEY (sha256, member))"""
_ROW_GROUP = 128 * 1024
GDELT1_BASE_URL = "http://data.gdeltproject.org/events"
GDELT1_FIRST_DAILY = dt.date(2013, 4, 1)


@dataclass
class ImportReport:
    """What importing one file (or zip member) did. ``rows_read = imported + rejected``."""

    file: str
    kind: str
    sha256: str
    status: str  # "imported", "already imported" or "failed"
    member: str | None = None
    rows_read: int = 0
    imported: int = 0
    rejected: int = 0
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
    _registry(store)
    df = store.raw.execute(f"SELECT * FROM {_REGISTRY} ORDER BY imported_at, name").df()
    records = df.to_dict("records")
    for rec in records:
        rec["files"] = json.loads(rec["files"])
        rec["report"] = json.loads(rec["report"])
    return records


def _cleanup(store: Store, root: Path) -> None:
    """Remove temporary folders and Parquet files no registry row names (an interrupted import)."""
    if not root.exists():
        return
    for tmp in root.glob(".tmp-*"):
        shutil.rmtree(tmp, ignore_errors=True)
    known = {f["path"] for rec in registered(store) for f in rec["files"]}
    for path in root.glob("year=*/month=*/*.parquet"):
        if path.relative_to(root).as_posix() not in known:
            path.unlink(missing_ok=True)


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

    def write(self, table: pa.Table) -> None:
        if not table.num_rows:
            return
        date = table["date"]
        key = pc.add(pc.multiply(pc.year(date), 100), pc.month(date))
        order = pc.sort_indices(key)
        table = table.take(order)
        keys = key.take(order).to_numpy()
        cuts = np.flatnonzero(np.diff(keys)) + 1
        for lo, hi in zip(np.r_[0, cuts], np.r_[cuts, len(keys)], strict=True):
            k = int(keys[lo])
            self.buffers.setdefault(k, []).append(table.slice(lo, hi - lo))
            self.counts[k] = self.counts.get(k, 0) + int(hi - lo)
            if self.counts[k] >= self.row_group:
                self._flush(k)
        while sum(self.counts.values()) > self.max_buffered:
            self._flush(max(self.counts, key=self.counts.__getitem__))

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
            name, k, sha, "already imported", member, read, imported, rejected,
            rep.get("reasons", {}), rep.get("unknown_countries", {}),
        )  # fmt: skip
    file_id = sha if member is None else f"{sha}/{member}"
    token = sha[:16] if member is None else _short_hash(file_id)
    report = ParseReport(name, kind or "?")
    tmp = root / f".tmp-{token}-{os.getpid()}"
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
                writer.write(table)
        except BaseException:
            writer.abort()
            raise
        writer.close()
        report.kind = _kind_of(report, kind, path, member)
        files = _place(tmp, root)
        with _transaction(store):
            store.raw.execute(
                f"INSERT INTO {_REGISTRY} VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
                [
                    sha, key, name, report.kind, report.rows_read, report.rows_ok,
                    report.rows_rejected, json.dumps(report.as_dict()), json.dumps(files),
                    dt.datetime.now(dt.UTC).replace(tzinfo=None),
                ],
            )  # fmt: skip
    except (SourceError, OSError, zipfile.BadZipFile, pa.ArrowException, EOFError) as exc:
        _cleanup(store, root)
        return ImportReport(
            name, report.kind, sha, "failed", member, report.rows_read, 0, 0,
            dict(report.rejected), dict(report.unknown_countries), list(report.samples),
            error=f"{exc.__class__.__name__}: {exc}", seconds=time.perf_counter() - started,
        )  # fmt: skip
    except BaseException:
        _cleanup(store, root)
        raise
    finally:
        shutil.rmtree(tmp, ignore_errors=True)
    return ImportReport(
        name, report.kind, sha, "imported", member, report.rows_read, report.rows_ok,
        report.rows_rejected, dict(report.rejected.most_common()),
        dict(report.unknown_countries.most_common()), list(report.samples), dict(report.notes),
        sorted({str(Path(f["path"]).parent) for f in files}), time.perf_counter() - started,
    )  # fmt: skip


def _kind_of(report: ParseReport, kind: str | None, path: Path, member: str | None) -> str:
    if kind:
        return kind
    from multipolar.sources.events import detect_kind

    return detect_kind(path, member)


def _short_hash(text: str) -> str:
    import hashlib

    return hashlib.sha256(text.encode()).hexdigest()[:16]


def _place(tmp: Path, root: Path) -> list[dict[str, Any]]:
    """Move the written files into their partitions; return their records for the registry."""
    files: list[dict[str, Any]] = []
    if not tmp.exists():
        return files
    for src in sorted(tmp.glob("year=*/month=*/*.parquet")):
        rel = src.relative_to(tmp)
        dest = root / rel
        dest.parent.mkdir(parents=True, exist_ok=True)
        os.replace(src, dest)
        year = int(rel.parts[0].split("=", 1)[1])
        month = int(rel.parts[1].split("=", 1)[1])
        files.append({"path": rel.as_posix(), "year": year, "month": month})
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
) -> list[ImportReport]:
    """Import event files (paths, globs, folders or ``.zip``) into the partitioned store.

    ``kind`` is ``gdelt1``, ``gdelt2`` or ``icews`` (detected per file when None). Returns one
    :class:`ImportReport` per file (or zip member): rows read, imported and rejected with
    reasons. A file already imported (same sha256) is reported and skipped; a file that
    cannot be read is reported as ``failed`` and leaves nothing behind. Files are streamed
    ``chunk_size`` bytes at a time (memory use is a small multiple of it).
    """
    if kind is not None and kind not in KINDS:
        raise InputError(f"unknown event format {kind!r}; use one of {', '.join(KINDS)}")
    files = _expand([paths] if isinstance(paths, (str, Path)) else paths)
    own = store is None
    st = store or connect()
    root = config.events_dir()
    root.mkdir(parents=True, exist_ok=True)
    try:
        _registry(st)
        _cleanup(st, root)
        reports: list[ImportReport] = []
        for path in files:
            sha = sha256_file(path)
            try:
                members = _members(path)
            except SourceError as exc:
                reports.append(ImportReport(path.name, kind or "?", sha, "failed", error=str(exc)))
                continue
            for member in members:
                reports.append(_import_one(st, path, member, sha, kind, root, chunk_size))
        return reports
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

    Files go to ``MULTIPOLAR_HOME/downloads/gdelt1`` through a ``.part`` file, so a cut
    download leaves no half file; a day already downloaded is not fetched again, a day
    already imported is skipped. A day that fails (HTTP 404, connection cut) is reported
    as ``failed``; the other days go on.
    """
    days = gdelt_days(start, end)
    folder = config.home() / "downloads" / "gdelt1"
    own = store is None
    st = store or connect()
    reports: list[ImportReport] = []
    try:
        for day in days:
            name = f"{day:%Y%m%d}.export.CSV.zip"
            dest = folder / name
            if not dest.exists():
                try:
                    download(f"{base_url.rstrip('/')}/{name}", dest, progress=progress, name=name)
                except DownloadError as exc:
                    reports.append(ImportReport(name, "gdelt1", "", "failed", error=str(exc)))
                    continue
            reports += import_events([dest], kind="gdelt1", store=st)
        return reports
    finally:
        if own:
            st.close()


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
        return t.select(*EVENT_COLUMNS)
    spark = _spark_session()
    frame = spark.read.parquet(*[str(f) for f in files])
    view = _view_name()
    frame.createOrReplaceTempView(view)
    return ibis.pyspark.connect(spark).table(view).select(*EVENT_COLUMNS)


def _view_name() -> str:
    return f"_events_{uuid.uuid4().hex[:12]}"
