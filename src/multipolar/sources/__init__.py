"""Sources: each dataset declared once, with pinned files and a pure parser.

>>> from multipolar.sources import get
>>> get("cow_nmc").coverage
(1816, 2022)

The declarations and parsers (``SOURCES``, ``TABLE_SOURCE``) are imported on first use (PEP
562): ``multipolar.sources.codes`` and the cached state registry load without pandas.
"""

from __future__ import annotations

import importlib
import inspect
from typing import TYPE_CHECKING, Any

from multipolar.errors import UnknownSourceError

# light modules, imported now (a lazy ``fetch`` would be shadowed by the submodule of that name)
from multipolar.sources.base import Parser, RemoteFile, Source
from multipolar.sources.fetch import Progress, download, fetch, sha256_file
from multipolar.sources.pins import FILES, pinned

if TYPE_CHECKING:
    import pandas as pd

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

_LAZY = {
    "SOURCES": "multipolar.sources.registry",
    "TABLE_SOURCE": "multipolar.sources.registry",
}


def __getattr__(name: str) -> Any:
    if name in _LAZY:
        return getattr(importlib.import_module(_LAZY[name]), name)
    raise AttributeError(f"module {__name__!r} has no attribute {name!r}")


def names() -> list[str]:
    """Names of all declared sources."""
    from multipolar.sources.registry import SOURCES

    return list(SOURCES)


def get(name: str) -> Source:
    """The declaration of source ``name`` (raises :class:`UnknownSourceError` with suggestions)."""
    from multipolar.sources.registry import SOURCES

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
    if progress is not None and "progress" in inspect.signature(src.parser).parameters:
        parse: Any = src.parser  # a long parse (ungdc) shows its own bar
        return parse(paths, states, progress=progress)
    return src.parser(paths, states)
