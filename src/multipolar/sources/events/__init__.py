"""News event data (GDELT 1.0/2.0, ICEWS) parsed into one normalised event schema.

Pure parsers: a file in, Arrow tables out, with a :class:`ParseReport` of what was read,
kept and rejected (and why). No DuckDB, no printing; storage is :mod:`multipolar.store.events`.
"""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pyarrow as pa

from multipolar.errors import FormatError, InputError
from multipolar.sources.events._common import CountryLookup, ParseReport, first_line
from multipolar.sources.events.cameo import CameoCode, CameoTable, cameo_table, parse_cameo
from multipolar.sources.events.gdelt import KIND_OF_WIDTH, read_gdelt
from multipolar.sources.events.icews import read_icews
from multipolar.sources.events.schema import EVENT_COLUMNS, EVENT_SCHEMA, KINDS, QUAD_LABELS
from multipolar.sources.events.text import read_text_events

__all__ = [
    "EVENT_COLUMNS",
    "EVENT_SCHEMA",
    "KINDS",
    "QUAD_LABELS",
    "CameoCode",
    "CameoTable",
    "ParseReport",
    "cameo_table",
    "detect_kind",
    "parse_cameo",
    "read_events",
]


def detect_kind(path: Path, member: str | None = None) -> str:
    """``gdelt1``, ``gdelt2``, ``icews`` or ``text``, from the file's first line.

    An ICEWS file starts with its header (``Event ID<TAB>Event Date…``); a GDELT file has no
    header and 57/58 (1.0) or 61 (2.0) tab-separated columns.
    """
    line = first_line(path, member)
    if line.startswith(b"Event ID\t"):
        return "icews"
    if line.startswith(b"event_id\tdate\t"):
        return "text"
    width = line.count(b"\t") + 1
    kind = KIND_OF_WIDTH.get(width)
    if kind is None:
        raise FormatError(
            f"{path.name}: cannot tell the format (first line has {width} tab-separated "
            "columns; GDELT 1.0 has 57/58, GDELT 2.0 has 61, ICEWS and text events start with a "
            "header); give it with --as gdelt1|gdelt2|icews|text"
        )
    return kind


def read_events(
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
) -> Iterator[pa.Table]:
    """Stream any supported event file as normalised tables (``kind`` detected when None).

    ``chunk_size`` (bytes) bounds the memory a chunk takes; each yields one table.
    """
    if kind is not None and kind not in KINDS:
        raise InputError(f"unknown event format {kind!r}; use one of {', '.join(KINDS)}")
    kind = kind or detect_kind(path, member)
    if kind == "text":
        return read_text_events(
            path, member=member, file_id=file_id, report=report, cameo=cameo, block_size=chunk_size
        )
    if kind == "icews":
        return read_icews(
            path,
            member=member,
            file_id=file_id,
            report=report,
            cameo=cameo,
            countries=countries,
            states=states,
            block_size=chunk_size,
        )
    return read_gdelt(
        path,
        kind=kind,
        member=member,
        file_id=file_id,
        report=report,
        cameo=cameo,
        countries=countries,
        states=states,
        chunk_size=chunk_size,
        block_size=min(chunk_size, 1 << 20),
    )
