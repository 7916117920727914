"""ICEWS coded event files (``events.YYYY.*.tab``): tab-separated, one header line.

The Integrated Crisis Early Warning System event data (Boschee et al. 2015) code news
sentences into CAMEO events between named actors. A file has 20 columns (``Event ID``,
``Event Date``, ``Source Name``, ``Source Sectors``, ``Source Country``, ``Event Text``,
``CAMEO Code``, ``Intensity``, ``Target Name``, ``Target Sectors``, ``Target Country``,
``Story ID``, ``Sentence Number``, ``Publisher``, ``City``, ``District``, ``Province``,
``Country``, ``Latitude``, ``Longitude``); missing values are blank or ``NA``.

ICEWS names countries in words (``Russian Federation``); they are resolved to COW codes with
the state registry in the event's year (names it does not know, such as ``Hong Kong``, are
counted and kept with a null code). ICEWS ships no QuadClass: root code, QuadClass and
Goldstein score come from the CAMEO tables (the ICEWS codebook's Goldstein column). ICEWS
has no mention or article counts (null) and no URLs.

Reference: Boschee, E., Lautenschlager, J., O'Brien, S., Shellman, S., Starz, J. & Ward, M.
(2015), "ICEWS Coded Event Data", Harvard Dataverse, doi:10.7910/DVN/28075.
"""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pyarrow as pa

from multipolar.errors import FormatError, InputError, UnknownStateError
from multipolar.sources.events._common import (
    CountryLookup,
    CountryMapper,
    ParseReport,
    RawColumns,
    first_line,
    stream_tsv,
)
from multipolar.sources.events.cameo import CameoTable, cameo_table

#: The ICEWS columns this parser reads (the others are ignored).
WANTED: tuple[str, ...] = (
    "Event ID", "Event Date", "Source Name", "Source Country", "CAMEO Code", "Target Name",
    "Target Country",
)  # fmt: skip


def is_icews(path: Path, member: str | None = None) -> bool:
    """Whether the file's first line is an ICEWS header."""
    return first_line(path, member).startswith(b"Event ID\t")


def icews_countries(states: Any) -> CountryLookup:
    """A lookup (ICEWS country name, year) -> COW code through the state registry ``states``.

    Names must match exactly (see :func:`multipolar.states.resolve`, read as UN member-state
    names: ``Congo`` is 484, ``Guinea`` 438); unknown, ambiguous and
    out-of-period names give None (counted by the caller as unknown countries).
    """

    def lookup(name: str, year: int) -> int | None:
        try:
            # ICEWS writes UN-style short names: "Congo" is the Republic of the Congo (its DR
            # Congo is "Democratic Republic of Congo"), "Guinea" is Guinea
            return int(states.resolve(name, year, un_names=True).ccode)
        except UnknownStateError:
            return None

    return lookup


def read_icews(
    path: Path,
    *,
    member: str | None = None,
    file_id: str = "",
    report: ParseReport | None = None,
    cameo: CameoTable | None = None,
    countries: CountryLookup | None = None,
    states: Any = None,
    block_size: int = 16 << 20,
) -> Iterator[pa.Table]:
    """Stream an ICEWS ``.tab`` file (or ``.zip``) as normalised event tables.

    ``report`` is filled as the tables are consumed (see :func:`.gdelt.read_gdelt`).
    """
    header = first_line(path, member).decode("utf-8", "replace").split("\t")
    missing = [c for c in WANTED if c not in header]
    if missing:
        raise FormatError(f"{path.name}: not an ICEWS event file (no column {missing[0]!r})")
    report = report if report is not None else ParseReport(path.name, "icews")
    if countries is None:
        if states is None:
            raise InputError("read_icews needs the state registry (states=) or countries=")
        countries = icews_countries(states)
    mapper = CountryMapper(countries)
    table = cameo or cameo_table()

    yield from stream_tsv(
        path,
        member,
        columns=list(WANTED),
        raw=lambda batch: RawColumns(
            event_id=batch.column("Event ID"),
            date=batch.column("Event Date"),
            source_actor=batch.column("Source Name"),
            source_country=batch.column("Source Country"),
            target_actor=batch.column("Target Name"),
            target_country=batch.column("Target Country"),
            cameo_code=batch.column("CAMEO Code"),
        ),
        report=report,
        block_size=block_size,
        null_values=["", "NA"],
        newlines_in_values=True,
        date_format="%Y-%m-%d",
        dataset="icews",
        file_id=file_id,
        cameo=table,
        countries=mapper,
        icews_goldstein=True,
    )
