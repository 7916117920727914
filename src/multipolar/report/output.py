"""The one shared writer: a table (or records) to the terminal or to a file by extension.

``emit(data, fmt="table", out=None)``: with ``out``, the file type follows its extension
(``.csv``, ``.parquet``, ``.json``, ``.dta``) and is written atomically (temp file + rename);
without, ``fmt`` chooses a Rich table, JSON or CSV on standard output.
"""

from __future__ import annotations

import json
import os
import sys
import tempfile
from collections.abc import Mapping, Sequence
from pathlib import Path
from typing import Any

import pandas as pd
from rich.console import Console
from rich.table import Table

from multipolar.errors import InputError
from multipolar.jsonutil import jsonable, to_records

FORMATS = ("table", "json", "csv")
FILE_TYPES = (".csv", ".parquet", ".json", ".dta")


def console(stderr: bool = False) -> Console:
    return Console(stderr=stderr, soft_wrap=False)


def _frame(data: pd.DataFrame | Sequence[Mapping[str, Any]]) -> pd.DataFrame:
    return data if isinstance(data, pd.DataFrame) else pd.DataFrame(list(data))


def check_target(path: Path | str) -> Path:
    """Refuse, before any work, an output path that cannot be a file (one-line :class:`InputError`).

    A path that is a folder, or whose nearest existing parent is a file, cannot be written;
    checking first means a long computation does not end in an error.
    """
    p = Path(path)
    if p.is_dir():
        raise InputError(f"{p} is a folder; give a file name inside it, e.g. {p / 'out'}{p.suffix}")
    parent = p.parent
    while not parent.exists() and parent != parent.parent:
        parent = parent.parent
    if parent.exists() and not parent.is_dir():
        raise InputError(f"cannot write {p}: {parent} is a file, not a folder")
    return p


def atomic_write(path: Path, write: Any, *, mode: str = "w") -> Path:
    """Call ``write(tmp_path)`` then move the temp file onto ``path`` (no half-written files).

    A path that cannot be written (a folder, a read-only or missing place such as ``/proc``)
    raises a one-line :class:`InputError`; nothing is left behind.
    """
    path = check_target(path)
    tmp: Path | None = None
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
        fd, name = tempfile.mkstemp(prefix=f".{path.name}.", suffix=".tmp", dir=path.parent)
        os.close(fd)
        tmp = Path(name)
        write(tmp)
        os.chmod(tmp, 0o644)  # mkstemp makes 0600; results are meant to be shared
        os.replace(tmp, path)
    except OSError as exc:
        if tmp is not None:
            tmp.unlink(missing_ok=True)
        raise InputError(f"cannot write {path}: {exc.strerror or exc}") from exc
    except BaseException:
        if tmp is not None:
            tmp.unlink(missing_ok=True)
        raise
    return path


def write_file(
    df: pd.DataFrame,
    out: Path,
    *,
    variable_labels: Mapping[str, str] | None = None,
    value_labels: Mapping[str, Mapping[int, str]] | None = None,
    data_label: str | None = None,
) -> Path:
    """Write ``df`` to ``out`` by its extension (csv, parquet, json, dta), atomically.

    For Stata files, ``variable_labels`` (column -> text), ``value_labels`` (column ->
    {code: label}, e.g. the vote codes) and ``data_label`` (the source) are written into the
    file (truncated to Stata's 80 characters); other formats ignore them.
    """
    check_target(out)
    suffix = Path(out).suffix.lower()
    if suffix not in FILE_TYPES:
        raise InputError(
            f"cannot write {suffix or 'a file without extension'}; use one of {', '.join(FILE_TYPES)}"
        )
    if suffix == ".csv":
        return atomic_write(out, lambda p: df.to_csv(p, index=False))
    if suffix == ".parquet":
        return atomic_write(out, lambda p: df.to_parquet(p, index=False))
    if suffix == ".json":
        return atomic_write(out, lambda p: p.write_text(json.dumps(to_records(df), indent=1)))
    return atomic_write(out, lambda p: _to_stata(df, p, variable_labels, value_labels, data_label))


def _to_stata(
    df: pd.DataFrame,
    path: Path,
    variable_labels: Mapping[str, str] | None = None,
    value_labels: Mapping[str, Mapping[int, str]] | None = None,
    data_label: str | None = None,
) -> None:
    out = df.copy()
    for col in out.columns:
        s = out[col]
        if isinstance(s.dtype, pd.CategoricalDtype) or str(s.dtype) in {"string", "str"}:
            out[col] = s.astype(object).where(s.notna(), "").astype(str)
        elif (
            str(s.dtype) == "boolean" or s.dtype == bool or str(s.dtype).startswith(("Int", "UInt"))
        ):
            out[col] = s.astype("float64")
        elif s.dtype == object:
            out[col] = s.map(lambda v: "" if v is None else str(v))
    out.columns = [str(c)[:32] for c in out.columns]
    labels = {str(k)[:32]: str(v)[:80] for k, v in (variable_labels or {}).items()}
    values = {}
    for col, mapping in (value_labels or {}).items():
        c = str(col)[:32]
        if c in out.columns and pd.api.types.is_integer_dtype(out[c]):
            values[c] = {int(k): str(v)[:32000] for k, v in mapping.items()}
    out.to_stata(
        path,
        write_index=False,
        version=118,
        variable_labels={k: v for k, v in labels.items() if k in out.columns} or None,
        data_label=(data_label or "")[:80] or None,
        value_labels=values or None,
    )


def emit(
    data: pd.DataFrame | Sequence[Mapping[str, Any]],
    *,
    fmt: str = "table",
    out: Path | None = None,
    title: str | None = None,
    caption: str | None = None,
    max_rows: int | None = 200,
) -> None:
    """Print ``data`` as a Rich table/JSON/CSV, or write it to ``out`` by extension."""
    df = _frame(data)
    if out is not None:
        path = write_file(df, Path(out))
        console(stderr=True).print(f"wrote {len(df):,} rows to {path}")
        return
    if fmt == "json":
        sys.stdout.write(json.dumps(to_records(df), indent=1) + "\n")
    elif fmt == "csv":
        sys.stdout.write(df.to_csv(index=False))
    elif fmt == "table":
        console().print(rich_table(df, title=title, caption=caption, max_rows=max_rows))
    else:
        raise InputError(f"unknown format {fmt!r}; use one of {', '.join(FORMATS)}")


def rich_table(
    df: pd.DataFrame,
    *,
    title: str | None = None,
    caption: str | None = None,
    max_rows: int | None = 200,
) -> Table:
    """A Rich table of ``df`` (numbers right-aligned, floats to 3 decimals, whole numbers as
    integers). Text cells wrap at word boundaries (long words fold) rather than being cut, and
    numbers never wrap, so the table fits 80 columns and uses the full width of a wider
    terminal."""
    table = Table(title=title, caption=caption, header_style="bold")
    whole: set[str] = set()
    for col in df.columns:
        numeric = pd.api.types.is_numeric_dtype(df[col]) and not pd.api.types.is_bool_dtype(df[col])
        if numeric:
            vals = pd.to_numeric(df[col], errors="coerce").dropna()
            if len(vals) and bool((vals == vals.round()).all()):
                whole.add(str(col))
    shown = df if max_rows is None else df.head(max_rows)
    names = [str(c) for c in df.columns]
    cells = [[_cell(v, whole=n in whole) for n, v in zip(names, row, strict=True)]
             for row in shown.itertuples(index=False)]  # fmt: skip
    for k, col in enumerate(df.columns):
        numeric = pd.api.types.is_numeric_dtype(df[col]) and not pd.api.types.is_bool_dtype(df[col])
        widest = max([len(str(col))] + [len(r[k]) for r in cells])
        short = numeric or widest <= 20  # names, codes, years, counts: never folded
        table.add_column(
            str(col),
            justify="right" if numeric else "left",
            no_wrap=short,
            min_width=widest if short else None,
            overflow="fold",
        )
    for r in cells:
        table.add_row(*r)
    if max_rows is not None and len(df) > max_rows:
        table.caption = (caption + " · " if caption else "") + (
            f"showing {max_rows} of {len(df):,} rows; use -o FILE or --format csv for all"
        )
    return table


def _cell(v: Any, *, whole: bool = False) -> str:
    v = jsonable(v)
    if v is None:
        return "–"
    if isinstance(v, float):
        return f"{v:,.0f}" if whole and abs(v) >= 10_000 else f"{v:.0f}" if whole else f"{v:.3f}"
    if isinstance(v, list):
        return ", ".join(map(str, v))
    return str(v)
