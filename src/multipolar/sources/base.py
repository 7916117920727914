"""Declarations: what a dataset is, where its bytes come from, how to read them."""

from __future__ import annotations

from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    import pandas as pd


@dataclass(frozen=True)
class RemoteFile:
    """One pinned file: mirror-relative ``path``, download ``url``, ``sha256``, ``size`` in bytes."""

    path: str
    url: str
    sha256: str
    size: int


#: A parser takes the local paths of a source's files (keyed by their mirror path) and the state
#: registry (the module :mod:`multipolar.states`, passed in by the caller so that ``sources``
#: never imports it; None for the sources the registry is built from) and returns the tables it
#: produces, keyed by stored table name. Parsers are pure: no DuckDB, no printing.
Parser = Callable[[Mapping[str, Path], Any], "dict[str, pd.DataFrame]"]


@dataclass(frozen=True)
class Source:
    """A dataset declared once: identity, provenance, coverage, schema and its parser."""

    name: str
    version: str
    title: str
    description: str
    citation_key: str
    bibtex: str
    licence: str
    unit: str
    coverage: tuple[int, int]
    files: tuple[RemoteFile, ...]
    tables: tuple[str, ...]
    parser: Parser = field(repr=False, compare=False)
    columns: Mapping[str, str] = field(default_factory=dict, repr=False, compare=False)
    quirks: tuple[str, ...] = ()
    #: loaded on first use (or ``data pull NAME``), not by a plain ``data pull``: a source
    #: whose parsing is itself a long computation (the General Debate corpus is coded)
    on_demand: bool = False
    missing: str = "NA (R missing) is read as null; no sentinel codes."

    def card(self) -> str:
        """A short Markdown card: coverage, columns with units, missing values, quirks, citation."""
        lines = [
            f"# {self.name} — {self.title}",
            "",
            self.description,
            "",
            f"- version: {self.version}",
            f"- unit of analysis: {self.unit}",
            f"- coverage: {self.coverage[0]}–{self.coverage[1]}",
            f"- tables: {', '.join(self.tables)}",
            f"- licence: {self.licence}",
            f"- missing values: {self.missing}",
            f"- cite as: [{self.citation_key}] (`multipolar data cite {self.name}`)",
            "",
            "## Columns",
        ]
        lines += [f"- `{col}`: {text}" for col, text in self.columns.items()]
        if self.quirks:
            lines += ["", "## Quirks"] + [f"- {q}" for q in self.quirks]
        lines += ["", "## Files"]
        lines += [
            f"- `{f.path}` sha256 `{f.sha256}` ({f.size:,} bytes) <{f.url}>" for f in self.files
        ]
        return "\n".join(lines)
