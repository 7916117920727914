"""Options and helpers shared by the commands."""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING

import typer

if TYPE_CHECKING:
    from multipolar.store import Store

FormatOpt = typer.Option("table", "--format", "-f", help="table, json or csv.")
OutOpt = typer.Option(None, "--output", "-o", help="Write to FILE (.csv, .parquet, .json, .dta).")


def open_store() -> Store:
    """The default store, with a download progress bar for sources pulled on first use.

    (Imported here: a command that needs no store loads neither DuckDB nor Ibis.)"""
    from multipolar.report.progress import RichProgress
    from multipolar.store import connect

    return connect(progress=RichProgress())


def split_names(values: list[str] | None) -> list[str]:
    """``["China,Russia", "USA"]`` -> ``["China", "Russia", "USA"]``."""
    out: list[str] = []
    for v in values or []:
        out += [p.strip() for p in v.split(",") if p.strip()]
    return out


def out_path(value: Path | None) -> Path | None:
    return Path(value) if value else None
