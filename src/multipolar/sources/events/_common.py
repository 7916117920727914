"""What the event parsers share: the per-file report, country mapping, vectorised checks."""

from __future__ import annotations

import datetime as dt
import zipfile
from collections import Counter
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from pathlib import Path
from typing import BinaryIO, TypeAlias

import pyarrow as pa
import pyarrow.compute as pc
import pyarrow.csv as pcsv

from multipolar.sources.events.cameo import CameoTable
from multipolar.sources.events.schema import EVENT_SCHEMA

#: ``(country code or name, year) -> COW ccode or None``.
CountryLookup = Callable[[str, int], int | None]
#: A column of a chunk: an Arrow array or chunked array.
Column: TypeAlias = pa.Array | pa.ChunkedArray

_MAX_SAMPLES = 5


@dataclass
class ParseReport:
    """What happened to one file's rows: read = imported + rejected, always.

    ``rejected`` counts rows by reason; ``unknown_countries`` counts actor country codes
    (or names) that name no COW state — those rows are kept with a null ``ccode``;
    ``notes`` counts repairs that kept a row (invalid UTF-8 replaced).
    """

    name: str
    kind: str
    rows_read: int = 0
    rows_ok: int = 0
    rejected: Counter[str] = field(default_factory=Counter)
    unknown_countries: Counter[str] = field(default_factory=Counter)
    samples: list[str] = field(default_factory=list)
    notes: Counter[str] = field(default_factory=Counter)

    @property
    def rows_rejected(self) -> int:
        return sum(self.rejected.values())

    def reject(self, reason: str, n: int = 1, sample: str | None = None) -> None:
        """Count ``n`` rows rejected for ``reason`` (keep a few samples for the user)."""
        if n <= 0:
            return
        self.rejected[reason] += n
        if sample is not None and len(self.samples) < _MAX_SAMPLES:
            self.samples.append(f"{reason}: {sample[:100]}")

    def as_dict(self) -> dict[str, object]:
        return {
            "file": self.name,
            "kind": self.kind,
            "rows_read": self.rows_read,
            "imported": self.rows_ok,
            "rejected": self.rows_rejected,
            "reasons": dict(self.rejected.most_common()),
            "unknown_countries": dict(self.unknown_countries.most_common()),
            "samples": list(self.samples),
            "notes": dict(self.notes),
        }


@contextmanager
def open_input(path: Path, member: str | None = None) -> Iterator[BinaryIO]:
    """Open a file, or one member of a ``.zip`` (the first one when ``member`` is None)."""
    if path.suffix.lower() != ".zip":
        with open(path, "rb") as fh:
            yield fh
        return
    with zipfile.ZipFile(path) as zf:
        names = [n for n in zf.namelist() if not n.endswith("/")]
        if not names:
            raise zipfile.BadZipFile(f"{path.name} holds no file")
        with zf.open(member or names[0]) as fh:
            yield fh  # type: ignore[misc]


def first_line(path: Path, member: str | None = None) -> bytes:
    """The first line of a file (or zip member), without its line ending."""
    with open_input(path, member) as fh:
        head = fh.readline(1 << 20)
    return head.rstrip(b"\r\n")


def iter_chunks(path: Path, member: str | None, size: int) -> Iterator[pa.Buffer | bytes]:
    """Pieces of about ``size`` bytes of a file or zip member, each ending at a line end.

    A plain file is memory-mapped and cut without copying; a zip member is decompressed
    and read piece by piece.
    """
    if path.suffix.lower() == ".zip":
        with open_input(path, member) as fh:
            yield from read_chunks(fh, size)
        return
    with pa.memory_map(str(path)) as mf:
        total, pos = mf.size(), 0
        while pos < total:
            end = min(pos + size, total)
            while end < total:
                probe = mf.read_at(min(1 << 16, total - end), end)
                cut = probe.find(b"\n")
                if cut >= 0:
                    end += cut + 1
                    break
                end += len(probe)
            mf.seek(pos)
            yield mf.read_buffer(end - pos)  # zero-copy view of the mapped file
            pos = end


def read_chunks(fh: BinaryIO, size: int) -> Iterator[bytes]:
    """Read ``fh`` in pieces of about ``size`` bytes, each ending at a line end."""
    while True:
        data = fh.read(size)
        if not data:
            return
        if not data.endswith(b"\n"):
            data += fh.readline()
        yield data


class CountryMapper:
    """Map country codes (or names) and years to COW codes, caching each (code, year)."""

    def __init__(self, lookup: CountryLookup) -> None:
        self._lookup = lookup
        self._cache: dict[tuple[str, int], int | None] = {}

    def _one(self, code: str, year: int) -> int | None:
        key = (code, year)
        if key not in self._cache:
            self._cache[key] = self._lookup(code, year)
        return self._cache[key]

    def map(self, codes: Column, years: Column, unknown: Counter[str]) -> Column:
        """COW codes for ``codes`` in ``years`` (null where unknown; unknowns are counted).

        Hashes the strings once: each (code, year) becomes one integer key, looked up once.
        """
        names = pc.drop_null(pc.unique(codes))
        if len(names) == 0:
            return pa.nulls(len(codes), pa.int32())
        key = pc.add(
            pc.multiply(pc.cast(pc.index_in(codes, value_set=names), pa.int64()), 100_000),
            pc.cast(years, pa.int64()),
        )
        keys = pc.drop_null(pc.unique(key))
        pairs = [(names[k // 100_000].as_py(), k % 100_000) for k in keys.to_pylist()]
        values = [self._one(code, year) for code, year in pairs]
        mapped = pc.take(pa.array(values, pa.int32()), pc.index_in(key, value_set=keys))
        if None in values:
            counts = pc.value_counts(key)
            found = dict(zip(keys.to_pylist(), values, strict=True))
            for k, n in zip(
                counts.field("values").to_pylist(), counts.field("counts").to_pylist(), strict=True
            ):
                if k is not None and found[k] is None:
                    unknown[names[k // 100_000].as_py()] += n
        return mapped


def _numeric(arr: Column, typ: pa.DataType) -> tuple[Column, Column | None]:
    """Cast strings to ``typ``; return (values, bad) where bad marks unparseable non-nulls.

    Integers are read as 64-bit first, so a count too large for ``typ`` (int32) is a bad value
    rather than an error that stops the file.
    """
    wide = pa.int64() if pa.types.is_integer(typ) else typ
    try:
        values, bad = pc.cast(arr, wide), None
    except (pa.ArrowInvalid, pa.ArrowNotImplementedError):
        pattern = r"^\s*-?\d{1,18}\s*$" if pa.types.is_integer(typ) else r"^\s*-?\d+(\.\d*)?\s*$"
        ok = pc.fill_null(pc.match_substring_regex(arr, pattern), True)
        values = pc.cast(pc.if_else(ok, arr, pa.scalar(None, pa.string())), wide)
        bad = pc.invert(ok)
    if wide == typ:
        return values, bad
    limit = 2**31 - 1
    too_big = pc.fill_null(pc.greater(pc.abs(values), limit), False)
    if pc.any(too_big).as_py():
        values = pc.if_else(too_big, pa.scalar(None, wide), values)
        bad = too_big if bad is None else pc.or_(bad, too_big)
    return pc.cast(values, typ), bad


def _or(a: Column | None, b: Column) -> Column:
    return b if a is None else pc.or_(a, b)


#: Event dates outside this range are refused: the COW state system begins in 1816 (no state
#: has a code before), and no news event is dated after tomorrow (UTC).
FIRST_EVENT_DATE = dt.date(1816, 1, 1)


def last_event_date() -> dt.date:
    """The latest plausible event date: tomorrow in UTC (a day's slack for time zones)."""
    return dt.datetime.now(dt.UTC).date() + dt.timedelta(days=1)


@dataclass
class RawColumns:
    """The string columns a parser pulled out of one chunk, before checks (blanks are null)."""

    event_id: Column
    date: Column
    source_actor: Column
    source_country: Column
    target_actor: Column
    target_country: Column
    cameo_code: Column
    goldstein: Column | None = None
    num_mentions: Column | None = None
    num_articles: Column | None = None
    source_url: Column | None = None


def normalise(
    raw: RawColumns,
    *,
    date_format: str,
    dataset: str,
    file_id: str,
    cameo: CameoTable,
    countries: CountryMapper,
    report: ParseReport,
    icews_goldstein: bool = False,
) -> pa.Table:
    """Check a chunk's raw columns, count rejected rows by reason, return the good rows.

    Rejected, in this order (a row counts once, for its first fault): missing event id, bad
    date (unparseable, or no such day: 20190229), implausible date (before 1816 or after
    tomorrow), unknown CAMEO code, bad Goldstein (not a number, NaN, infinite or outside
    −10…10), bad NumMentions / NumArticles (not an integer, negative or above 2³¹−1). Blank numbers are kept as null; a blank
    Goldstein takes the code's score from the CAMEO table.
    """
    n = len(raw.event_id)
    stamp = pc.strptime(raw.date, format=date_format, unit="s", error_is_null=True)
    # strptime rolls an impossible day over (20190229 -> 2019-03-01): a date is good only if
    # its day is the day written (both formats end with the day's two digits; comparing
    # integers, as formatting the dates back costs 20 times more)
    written = pc.utf8_slice_codeunits(
        pc.if_else(pc.is_null(stamp), pa.scalar(None, pa.string()), raw.date), start=-2
    )
    exact = pc.equal(pc.day(stamp), pc.cast(written, pa.int64()))
    bad_date = pc.invert(pc.fill_null(exact, False))
    first = pa.scalar(dt.datetime.combine(FIRST_EVENT_DATE, dt.time()), pa.timestamp("s"))
    last = pa.scalar(dt.datetime.combine(last_event_date(), dt.time()), pa.timestamp("s"))
    implausible = pc.fill_null(pc.or_(pc.less(stamp, first), pc.greater(stamp, last)), False)
    lookup = cameo.arrow
    idx = pc.index_in(raw.cameo_code, value_set=lookup["code"])
    goldstein = pc.take(lookup["goldstein_icews" if icews_goldstein else "goldstein"], idx)
    checks: list[tuple[str, Column | None]] = [
        ("missing event id", pc.is_null(raw.event_id)),
        ("bad date", bad_date),
        (
            f"implausible date (before {FIRST_EVENT_DATE.year} or after tomorrow)",
            implausible,
        ),
        ("unknown CAMEO code", pc.is_null(idx)),
    ]
    if raw.goldstein is not None:
        given, bad = _numeric(raw.goldstein, pa.float64())
        # NaN and infinities parse as floats but are no score: refused like -11
        finite = pc.fill_null(pc.is_finite(given), True)
        out_of_range = pc.greater(pc.abs(pc.fill_null(given, 0.0)), 10.0)
        checks.append(("bad GoldsteinScale", _or(bad, pc.or_(pc.invert(finite), out_of_range))))
        goldstein = pc.coalesce(given, goldstein)
    numbers: dict[str, Column] = {}
    for col, label in (("num_mentions", "NumMentions"), ("num_articles", "NumArticles")):
        value = getattr(raw, col)
        if value is None:
            numbers[col] = pa.nulls(n, pa.int32())
            continue
        numbers[col], bad = _numeric(value, pa.int32())
        negative = pc.fill_null(pc.less(numbers[col], 0), False)  # a count is never negative
        checks.append((f"bad {label}", _or(bad, negative)))
    keep: Column | None = None
    for reason, bad in checks:
        if bad is None:
            continue
        if keep is not None:
            bad = pc.and_(bad, keep)
        n_bad = pc.sum(bad).as_py() or 0
        if n_bad:
            report.reject(reason, n_bad, _sample(raw, pc.index(bad, True).as_py()))
            keep = pc.invert(bad) if keep is None else pc.and_(keep, pc.invert(bad))
    table = pa.table(
        {
            "event_id": raw.event_id,
            "stamp": stamp,
            "source_actor": raw.source_actor,
            "source_country": raw.source_country,
            "target_actor": raw.target_actor,
            "target_country": raw.target_country,
            "cameo_code": raw.cameo_code,
            "idx": idx,
            "goldstein": goldstein,
            "num_mentions": numbers["num_mentions"],
            "num_articles": numbers["num_articles"],
            "source_url": raw.source_url
            if raw.source_url is not None
            else pa.nulls(n, pa.string()),
        }
    )
    if keep is not None:
        table = table.filter(keep)
    m = table.num_rows
    years = pc.year(table["stamp"])
    return pa.Table.from_arrays(
        [
            table["event_id"],
            pc.cast(table["stamp"], pa.date32()),
            table["source_actor"],
            countries.map(table["source_country"], years, report.unknown_countries),
            table["target_actor"],
            countries.map(table["target_country"], years, report.unknown_countries),
            table["cameo_code"],
            pc.take(lookup["root_code"], table["idx"]),
            pc.take(lookup["quad_class"], table["idx"]),
            table["goldstein"],
            table["num_mentions"],
            table["num_articles"],
            table["source_url"],
            pa.repeat(pa.scalar(dataset, pa.string()), m),
            pa.repeat(pa.scalar(file_id, pa.string()), m),
        ],
        schema=EVENT_SCHEMA,
    )


def _sample(raw: RawColumns, i: int) -> str:
    parts = [
        f"id={raw.event_id[i].as_py()}",
        f"date={raw.date[i].as_py()}",
        f"code={raw.cameo_code[i].as_py()}",
    ]
    return " ".join(parts)


def stream_tsv(
    path: Path,
    member: str | None,
    *,
    columns: list[str],
    raw: Callable[[pa.RecordBatch], RawColumns],
    report: ParseReport,
    block_size: int,
    null_values: list[str],
    quote_char: str | bool = '"',
    newlines_in_values: bool = False,
    **normalise_options: object,
) -> Iterator[pa.Table]:
    """Stream a headed tab-separated event file (ICEWS, text-derived events) as normalised
    event tables: ``columns`` read as strings, each batch mapped to :class:`RawColumns` by
    ``raw`` and passed to :func:`normalise` with ``normalise_options``; rows with the wrong
    column count are rejected into ``report``, which counts every row read and kept."""

    def handler(row: pcsv.InvalidRow) -> str:
        report.rows_read += 1
        report.reject(
            f"wrong column count ({row.actual_columns}, expected {row.expected_columns})",
            1,
            row.text,
        )
        return "skip"

    options = {
        "read_options": pcsv.ReadOptions(block_size=block_size),
        "parse_options": pcsv.ParseOptions(
            delimiter="\t",
            quote_char=quote_char,
            newlines_in_values=newlines_in_values,
            invalid_row_handler=handler,
        ),
        "convert_options": pcsv.ConvertOptions(
            include_columns=columns,
            column_types=dict.fromkeys(columns, pa.string()),
            strings_can_be_null=True,
            null_values=null_values,
        ),
    }
    with open_input(path, member) as fh:
        for batch in pcsv.open_csv(fh, **options):
            if not batch.num_rows:
                continue
            report.rows_read += batch.num_rows
            out = normalise(raw(batch), report=report, **normalise_options)  # type: ignore[arg-type]
            report.rows_ok += out.num_rows
            yield out
