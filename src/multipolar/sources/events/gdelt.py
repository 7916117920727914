"""GDELT 1.0 and 2.0 event files: tab-separated, no header, one event per line.

Three layouts, told apart by their number of columns (Leetaru & Schrodt 2013; GDELT Event
Codebook V2.0, 2015):

- **57 columns** — GDELT 1.0 historical back-files (1979–2013/03): no ``SOURCEURL``;
- **58 columns** — GDELT 1.0 daily updates (2013/04 onwards): ``SOURCEURL`` last;
- **61 columns** — GDELT 2.0 15-minute exports (2015/02 onwards): each geography block gains
  an ``ADM2Code`` and ``DATEADDED`` becomes ``YYYYMMDDHHMMSS``.

The first 35 columns are the same in all three, so one reader serves them: the file's first
line fixes its layout; GDELT 1.0 lines in the other 1.0 layout (a file may mix 57 and 58
columns, as ``shared/data/gdelt/events.csv`` does) are parsed in a second pass; lines with
any other number of columns are rejected and counted. Files are streamed in blocks
(``pyarrow.csv``), never read whole.

Reference: Leetaru, K. & Schrodt, P. (2013), "GDELT: Global Data on Events, Location and
Tone, 1979–2012", ISA Annual Convention.
"""

from __future__ import annotations

from collections.abc import Iterator
from functools import cache
from pathlib import Path
from typing import Any

import pyarrow as pa
import pyarrow.compute as pc
import pyarrow.csv as pcsv

from multipolar.errors import FormatError, InputError
from multipolar.sources.codes import read_data_csv
from multipolar.sources.events._common import (
    CountryLookup,
    CountryMapper,
    ParseReport,
    RawColumns,
    first_line,
    iter_chunks,
    normalise,
)
from multipolar.sources.events.cameo import CameoTable, cameo_table

_ACTOR = [
    "Code", "Name", "CountryCode", "KnownGroupCode", "EthnicCode", "Religion1Code",
    "Religion2Code", "Type1Code", "Type2Code", "Type3Code",
]  # fmt: skip
_EVENT = [
    "IsRootEvent", "EventCode", "EventBaseCode", "EventRootCode", "QuadClass", "GoldsteinScale",
    "NumMentions", "NumSources", "NumArticles", "AvgTone",
]  # fmt: skip
_GEO1 = ["Type", "FullName", "CountryCode", "ADM1Code", "Lat", "Long", "FeatureID"]
_GEO2 = ["Type", "FullName", "CountryCode", "ADM1Code", "ADM2Code", "Lat", "Long", "FeatureID"]
_HEAD = ["GLOBALEVENTID", "SQLDATE", "MonthYear", "Year", "FractionDate"]
_BODY = _HEAD + [f"Actor1{c}" for c in _ACTOR] + [f"Actor2{c}" for c in _ACTOR] + _EVENT


def _geo(parts: list[str]) -> list[str]:
    return [f"{who}Geo_{c}" for who in ("Actor1", "Actor2", "Action") for c in parts]


#: Column names of each layout, by number of columns (GDELT codebooks).
COLUMNS: dict[int, list[str]] = {
    57: _BODY + _geo(_GEO1) + ["DATEADDED"],
    58: _BODY + _geo(_GEO1) + ["DATEADDED", "SOURCEURL"],
    61: _BODY + _geo(_GEO2) + ["DATEADDED", "SOURCEURL"],
}
KIND_OF_WIDTH: dict[int, str] = {57: "gdelt1", 58: "gdelt1", 61: "gdelt2"}
_ALTERNATE: dict[int, int] = {57: 58, 58: 57}
_WANTED = [
    "GLOBALEVENTID", "SQLDATE", "Actor1Code", "Actor1CountryCode", "Actor2Code",
    "Actor2CountryCode", "EventCode", "GoldsteinScale", "NumMentions", "NumArticles", "SOURCEURL",
]  # fmt: skip
_STASH_FLUSH = 50_000


def gdelt_width(path: Path, member: str | None = None) -> int:
    """Number of tab-separated columns on the file's first line."""
    return first_line(path, member).count(b"\t") + 1


def cameo_countries(states: Any) -> CountryLookup:
    """A lookup (CAMEO country code, year) -> COW code through the state registry ``states``.

    CAMEO country codes are ISO 3166 alpha-3 except a few older ones, mapped here first. A
    state outside the COW system in ``year`` (Kosovo before 2008) counts as unknown (None).
    ``states`` is :mod:`multipolar.states` (passed in: ``sources`` never imports it).
    """

    parts = cameo_parts()
    member = states.registry().member

    def lookup(code: str, year: int) -> int | None:
        iso3 = _CAMEO_TO_ISO3.get(code, code)
        state = states.from_iso3(iso3, year)  # None if not a member
        if state is not None:
            return int(state.ccode)
        for first, last, ccode in parts.get(iso3, ()):  # a republic before its independence
            if first <= year <= last and member(ccode, year):
                return ccode
        return None

    return lookup


@cache
def cameo_parts() -> dict[str, list[tuple[int, int, int]]]:
    """``{ISO3: [(first year, last year, COW code)]}``: the state a successor's territory was
    part of before its own COW entry (``data/cameo_parts.csv``: BLR 1922–1990 is 365, the
    Soviet Union; SVN 1918–1991 is 345, Yugoslavia)."""
    out: dict[str, list[tuple[int, int, int]]] = {}
    for row in read_data_csv("multipolar.sources", "data/cameo_parts.csv"):
        out.setdefault(row["iso3"], []).append(
            (int(row["first"]), int(row["last"]), int(row["ccode"]))
        )
    return out


def country_codes(states: Any, year: int) -> dict[str, int]:
    """``{CAMEO country code: COW code}`` for the states of ``year`` (see :func:`cameo_countries`).

    For :func:`multipolar.measures.events.normalise_gdelt`, which maps GDELT's own tables
    (BigQuery) with one dictionary.
    """
    lookup = cameo_countries(states)
    codes = {s.iso3 for s in states.all_states() if s.iso3} | set(_CAMEO_TO_ISO3)
    found = {code: lookup(code, year) for code in sorted(codes)}
    return {code: c for code, c in found.items() if c is not None}


# CAMEO country codes that are not (or no longer) ISO 3166 alpha-3 (CAMEO codebook, ch. 7).
# WST: Samoa under its pre-1997 name Western Samoa (ISO 3166 WSM). Historical codes of the
# CAMEO dictionaries (Phoenix.Countries.actors.txt): SUN / USR the Soviet Union (COW 365: RUS
# gives it by year), FRY and SCG the Federal Republic of Yugoslavia / Serbia and Montenegro
# (COW 345: SRB by year).
_CAMEO_TO_ISO3 = {
    "ROM": "ROU", "ZAR": "COD", "TMP": "TLS", "KSV": "XKX", "KOS": "XKX", "WST": "WSM",
    "SUN": "RUS", "USR": "RUS", "FRY": "SRB", "SCG": "SRB",
}  # fmt: skip


def _to_str(arr: pa.ChunkedArray, report: ParseReport) -> pa.ChunkedArray:
    """Binary to string, replacing invalid UTF-8 (counted in ``report.notes``)."""
    try:
        return pc.cast(arr, pa.string())
    except pa.ArrowInvalid:
        values: list[str | None] = []
        for b in arr.to_pylist():
            if b is None:
                values.append(None)
                continue
            try:
                values.append(b.decode("utf-8"))
            except UnicodeDecodeError:
                report.notes["invalid UTF-8 replaced"] += 1
                values.append(b.decode("utf-8", "replace"))
        return pa.chunked_array([pa.array(values, pa.string())])


def _raw(table: pa.Table, width: int, report: ParseReport) -> RawColumns:
    def col(name: str) -> pa.ChunkedArray:
        arr = table.column(name)
        return _to_str(arr, report) if pa.types.is_binary(arr.type) else arr

    return RawColumns(
        event_id=col("GLOBALEVENTID"),
        date=col("SQLDATE"),
        source_actor=col("Actor1Code"),
        source_country=col("Actor1CountryCode"),
        target_actor=col("Actor2Code"),
        target_country=col("Actor2CountryCode"),
        cameo_code=col("EventCode"),
        goldstein=col("GoldsteinScale"),
        num_mentions=col("NumMentions"),
        num_articles=col("NumArticles"),
        source_url=col("SOURCEURL") if "SOURCEURL" in COLUMNS[width] else None,
    )


def _options(width: int, block_size: int, handler: Any, *, binary: bool = False) -> dict[str, Any]:
    names = COLUMNS[width]
    wanted = [c for c in _WANTED if c in names]
    typ = pa.binary() if binary else pa.string()
    return {
        "read_options": pcsv.ReadOptions(column_names=names, block_size=block_size),
        "parse_options": pcsv.ParseOptions(
            delimiter="\t",
            quote_char=False,
            double_quote=False,
            escape_char=False,
            newlines_in_values=False,
            invalid_row_handler=handler,
        ),
        "convert_options": pcsv.ConvertOptions(
            include_columns=wanted,
            column_types={c: typ for c in wanted},
            strings_can_be_null=True,
            null_values=[""],
        ),
    }


def _read_block(data: bytes | pa.Buffer, width: int, block_size: int, handler: Any) -> pa.Table:
    """Parse one chunk; if it holds invalid UTF-8, parse it again as bytes (rare)."""
    try:
        return pcsv.read_csv(pa.BufferReader(data), **_options(width, block_size, handler))
    except pa.ArrowInvalid as exc:
        if "UTF8" not in str(exc) and "utf8" not in str(exc).lower():
            raise
    opts = _options(width, block_size, handler, binary=True)
    return pcsv.read_csv(pa.BufferReader(data), **opts)


def read_gdelt(
    path: Path,
    *,
    kind: str | None = None,
    member: str | None = None,
    file_id: str = "",
    report: ParseReport | None = None,
    cameo: CameoTable | None = None,
    countries: CountryLookup | None = None,
    states: Any = None,
    chunk_size: int = 16 << 20,
    block_size: int = 1 << 20,
) -> Iterator[pa.Table]:
    """Stream a GDELT 1.0 or 2.0 file (or ``.zip``) as normalised event tables, one per chunk.

    ``report`` (a :class:`ParseReport`) is filled as the tables are consumed: rows read,
    rows kept, rows rejected by reason, unknown country codes. ``kind`` (``gdelt1`` /
    ``gdelt2``) is checked against the file's width when given. ``countries`` maps a
    (CAMEO country code, year) to a COW code; by default :func:`cameo_countries` of the state
    registry ``states`` (one of the two is required). The file is
    read ``chunk_size`` bytes at a time (cut at a line end), each chunk parsed on all cores.
    """
    width = gdelt_width(path, member)
    found = KIND_OF_WIDTH.get(width)
    if found is None:
        raise FormatError(
            f"{path.name}: first line has {width} tab-separated columns; GDELT 1.0 has 57 or 58, "
            "GDELT 2.0 has 61"
        )
    if kind is not None and kind != found:
        raise FormatError(f"{path.name}: {width} columns is {found}, not {kind}; use --as {found}")
    report = report if report is not None else ParseReport(path.name, found)
    if countries is None:
        if states is None:
            raise InputError("read_gdelt needs the state registry (states=) or countries=")
        countries = cameo_countries(states)
    mapper = CountryMapper(countries)
    table = cameo or cameo_table()
    alternate = _ALTERNATE.get(width)
    stash: list[str] = []

    def handler(row: pcsv.InvalidRow) -> str:
        if row.actual_columns == alternate:
            stash.append(row.text)
        else:
            report.rows_read += 1
            expected = f"{width} or {alternate}" if alternate else str(width)
            report.reject(
                f"wrong column count ({row.actual_columns}, expected {expected})", 1, row.text
            )
        return "skip"

    def finish(raw: RawColumns) -> pa.Table:
        report.rows_read += len(raw.event_id)
        out = normalise(
            raw,
            date_format="%Y%m%d",
            dataset=found,
            file_id=file_id,
            cameo=table,
            countries=mapper,
            report=report,
        )
        report.rows_ok += out.num_rows
        return out

    def flush() -> Iterator[pa.Table]:
        if not stash or alternate is None:
            return
        data = "\n".join(stash).encode("utf-8", "replace")
        stash.clear()
        other = _read_block(data, alternate, block_size, None)
        if other.num_rows:
            yield finish(_raw(other, alternate, report))

    for data in iter_chunks(path, member, chunk_size):
        block = _read_block(data, width, block_size, handler)
        if block.num_rows:
            yield finish(_raw(block, width, report))
        if len(stash) >= _STASH_FLUSH:
            yield from flush()
    yield from flush()
