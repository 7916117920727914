"""Sources: each dataset declared once, with pinned files and a pure parser.

>>> from multipolar.sources import get
>>> get("cow_nmc").coverage
(1816, 2022)
"""

from __future__ import annotations

from typing import Any

import pandas as pd

from multipolar.errors import UnknownSourceError
from multipolar.sources.base import Parser, RemoteFile, Source
from multipolar.sources.fetch import Progress, download, fetch, sha256_file
from multipolar.sources.pins import FILES, pinned
from multipolar.sources.registry import SOURCES, TABLE_SOURCE

__all__ = [
    "FILES",
    "SOURCES",
    "TABLE_SOURCE",
    "Parser",
    "Progress",
    "RemoteFile",
    "Source",
    "download",
    "fetch",
    "get",
    "names",
    "pinned",
    "read_source",
    "sha256_file",
]


def names() -> list[str]:
    """Names of all declared sources."""
    return list(SOURCES)


def get(name: str) -> Source:
    """The declaration of source ``name`` (raises :class:`UnknownSourceError` with suggestions)."""
    try:
        return SOURCES[name]
    except KeyError:
        import difflib

        close = difflib.get_close_matches(name, list(SOURCES), n=3)
        hint = f"; did you mean {', '.join(close)}?" if close else f"; known: {', '.join(SOURCES)}"
        raise UnknownSourceError(f"no source named {name!r}{hint}") from None


def read_source(
    name: str, *, states: Any, progress: Progress | None = None
) -> dict[str, pd.DataFrame]:
    """Fetch (if needed) and parse source ``name``: its tables keyed by stored table name.

    ``states`` is the state registry the parser maps names and codes with (the module
    :mod:`multipolar.states`; None only for the sources the registry is built from).
    """
    src = get(name)
    paths = {f.path: fetch(f, progress=progress) for f in src.files}
    return src.parser(paths, states)
