"""Writing a panel: the file (csv/parquet by DuckDB COPY, Stata with labels), its data
dictionary beside it and, if asked, the BibTeX of its sources.

Everything is written atomically (temp file + rename): a failure leaves no half file. The
dictionary of ``panel.parquet`` is ``panel.dictionary.csv`` (column, meaning, unit, source,
years).
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING, Any

from multipolar.errors import InputError
from multipolar.report.output import atomic_write, check_target

if TYPE_CHECKING:
    from multipolar.explain.dyads import Panel

#: the panel file types (by extension)
PANEL_TYPES = (".csv", ".parquet", ".dta")


@dataclass(frozen=True)
class Written:
    """What :func:`write_panel` wrote: the file, its rows, the dictionary and the BibTeX file."""

    path: Path
    rows: int
    dictionary: Path
    cite: Path | None


def dictionary_path(out: Path | str) -> Path:
    """The data dictionary's path beside ``out`` (``panel.parquet`` -> ``panel.dictionary.csv``)."""
    p = Path(out)
    return p.with_name(f"{p.stem}.dictionary.csv")


def write_panel(panel: Panel, out: Path | str, *, cite: Path | str | None = None) -> Written:
    """Write ``panel`` to ``out`` (by extension: .csv, .parquet, .dta), its dictionary beside it
    and, with ``cite``, the BibTeX of every source it used."""
    out = check_target(out)
    suffix = out.suffix.lower()
    if suffix not in PANEL_TYPES:
        raise InputError(
            f"cannot write a panel as {suffix or 'a file without extension'}; "
            f"use one of {', '.join(PANEL_TYPES)}"
        )
    if cite is not None:
        check_target(cite)
    rows = 0

    def copy(tmp: Path) -> None:
        nonlocal rows
        rows = panel.copy_to(tmp, fmt=suffix[1:])

    def stata(tmp: Path) -> None:
        nonlocal rows
        df = panel.to_pandas()
        rows = len(df)
        _to_stata(df, tmp, panel)

    atomic_write(out, stata if suffix == ".dta" else copy, mode="wb")
    dictionary = panel.dictionary()
    dpath = atomic_write(dictionary_path(out), lambda p: dictionary.to_csv(p, index=False))
    cpath = None
    if cite is not None:
        text = panel.bibtex()
        cpath = atomic_write(Path(cite), lambda p: p.write_text(text, encoding="utf-8"))
    return Written(out, rows, dpath, cpath)


def _to_stata(df: Any, path: Path, panel: Panel) -> None:
    """Stata 118 with variable labels (the dictionary's meaning and unit, 80 characters) and
    value labels; nullable integers become doubles (missing is Stata's ``.``)."""
    import pandas as pd

    for col in df.columns:
        if isinstance(df[col].dtype, pd.api.extensions.ExtensionDtype):
            df[col] = df[col].astype("float64")
    d = panel.dictionary()
    labels = {
        r.column: f"{r.meaning} ({r.unit})"[:80] for r in d.itertuples() if r.column in df.columns
    }
    values = {c: m for c, m in panel.value_labels().items() if c in df.columns}
    df.to_stata(
        path,
        write_index=False,
        version=118,
        variable_labels=labels,
        value_labels=values or None,
        data_label=repr(panel)[:80],
    )
