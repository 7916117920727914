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


def write_file(df: pd.DataFrame, out: Path) -> Path:
    """Write ``df`` to ``out`` by its extension (csv, parquet, json, dta), atomically."""
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
    return atomic_write(out, lambda p: _to_stata(df, p))


def _to_stata(df: pd.DataFrame, path: Path) -> None:
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
    out.to_stata(path, write_index=False, version=118)


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
    """A Rich table of ``df`` (numbers right-aligned, floats to 3 decimals)."""
    table = Table(title=title, caption=caption, header_style="bold")
    for col in df.columns:
        numeric = pd.api.types.is_numeric_dtype(df[col]) and not pd.api.types.is_bool_dtype(df[col])
        table.add_column(str(col), justify="right" if numeric else "left")
    shown = df if max_rows is None else df.head(max_rows)
    for row in shown.itertuples(index=False):
        table.add_row(*(_cell(v) for v in row))
    if max_rows is not None and len(df) > max_rows:
        table.caption = (caption + " · " if caption else "") + (
            f"showing {max_rows} of {len(df):,} rows; use -o FILE or --format csv for all"
        )
    return table


def _cell(v: Any) -> str:
    v = jsonable(v)
    if v is None:
        return "–"
    if isinstance(v, float):
        return f"{v:.3f}"
    if isinstance(v, list):
        return ", ".join(map(str, v))
    return str(v)
