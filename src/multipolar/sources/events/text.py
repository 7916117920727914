"""Text-derived events (``multipolar read --events-out``) in the normalised event schema.

A tab-separated file with a header: the columns of :data:`~.schema.EVENT_SCHEMA` in order
(``source_ccode``/``target_ccode`` hold COW codes, ``source_dataset`` is ``text``), then
``date_precision`` (day, month, year or document: the sentence gave no date and the text's
date was used), ``plover`` (the PLOVER event type), ``sentence`` (its index in the text),
``trigger`` (the words coded), ``text`` (the sentence), and the provenance: ``confidence``
(the coder's, see :mod:`multipolar.sources.text.roles`; only events of at least 0.7 are
written), ``doc_sha256`` (the text's sha256) and ``coder_version``.
``multipolar events import`` reads
it back (the extra columns are ignored); its event ids are stable (a hash of the text's
sha256, the sentence and the event's rank in it), so the same text gives the same ids.

>>> TEXT_HEADER.split("\\t")[:3]
['event_id', 'date', 'source_actor']
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator
from pathlib import Path
from typing import Any

import pyarrow as pa

from multipolar.errors import FormatError
from multipolar.sources.events._common import (
    CountryMapper,
    ParseReport,
    RawColumns,
    first_line,
    stream_tsv,
)
from multipolar.sources.events.cameo import CameoTable, cameo_table
from multipolar.sources.events.schema import EVENT_COLUMNS

EXTRA_COLUMNS = (
    "date_precision", "plover", "sentence", "trigger", "text", "confidence", "doc_sha256",
    "coder_version",
)  # fmt: skip
TEXT_HEADER = "\t".join((*EVENT_COLUMNS, *EXTRA_COLUMNS))


def is_text_events(path: Path, member: str | None = None) -> bool:
    """Whether the file starts with the text-event header."""
    return first_line(path, member).decode("utf-8", "replace").startswith("event_id\tdate\t")


def _clean(value: Any) -> str:
    text = "" if value is None else str(value)
    return text.replace("\t", " ").replace("\r", " ").replace("\n", " ")


def text_event_line(e: dict[str, Any], *, name: str) -> str | None:
    """One line of the file for a coded event (a record of :mod:`multipolar.sources.text`);
    None for an event without a date (the sentence gave none and the text has none)."""
    if e.get("date") is None:
        return None
    src, tgt = e["source"], e.get("target") or {}
    return "\t".join(
        _clean(v)
        for v in (
            e["event_id"], e["date"].isoformat(), src.get("code"), src.get("ccode"),
            tgt.get("code"), tgt.get("ccode"), e["cameo_code"], e["root_code"], e["quad_class"],
            e.get("goldstein"), "", "", name, "text", name, e.get("date_precision"),
            e.get("category", e.get("plover")), e.get("sentence"), e.get("trigger"),
            e.get("text"), e.get("confidence"), e.get("doc_sha256"), e.get("coder_version"),
        )
    )  # fmt: skip


def text_event_rows(events: Iterable[dict[str, Any]], *, name: str) -> Iterator[str]:
    """The header, then one line per dated event (:func:`text_event_line`)."""
    yield TEXT_HEADER
    for e in events:
        line = text_event_line(e, name=name)
        if line is not None:
            yield line


def read_text_events(
    path: Path,
    *,
    member: str | None = None,
    file_id: str = "",
    report: ParseReport | None = None,
    cameo: CameoTable | None = None,
    block_size: int = 16 << 20,
    **_: Any,
) -> Iterator[pa.Table]:
    """Stream a text-event file as normalised event tables (CAMEO codes checked as for GDELT)."""
    header = first_line(path, member).decode("utf-8", "replace").split("\t")
    missing = [c for c in EVENT_COLUMNS if c not in header]
    if missing:
        raise FormatError(f"{path.name}: not a text-event file (no column {missing[0]!r})")
    report = report if report is not None else ParseReport(path.name, "text")
    mapper = CountryMapper(lambda code, _year: int(code) if code.isdigit() else None)
    table = cameo or cameo_table()

    yield from stream_tsv(
        path,
        member,
        columns=list(EVENT_COLUMNS),
        raw=lambda batch: RawColumns(
            event_id=batch.column("event_id"),
            date=batch.column("date"),
            source_actor=batch.column("source_actor"),
            source_country=batch.column("source_ccode"),
            target_actor=batch.column("target_actor"),
            target_country=batch.column("target_ccode"),
            cameo_code=batch.column("cameo_code"),
            goldstein=batch.column("goldstein"),
            source_url=batch.column("source_url"),
        ),
        report=report,
        block_size=block_size,
        null_values=[""],
        quote_char=False,
        date_format="%Y-%m-%d",
        dataset="text",
        file_id=file_id,
        cameo=table,
        countries=mapper,
    )
