"""The one shared writer: a table (or records) to the terminal or to a file by extension.

``emit(data, fmt="table", out=None)``: with ``out``, the file type follows its extension
(``.csv``, ``.parquet``, ``.json``, ``.dta``) and is written atomically (temp file + rename);
without, ``fmt`` chooses a Rich table, JSON or CSV on standard output.
"""

from __future__ import annotations

import glob
import json
import os
import shutil
import stat
import sys
import tempfile
import time
from collections.abc import Mapping, Sequence
from pathlib import Path
from typing import TYPE_CHECKING, Any

from rich import box
from rich.console import Console
from rich.table import Table

from multipolar.errors import InputError
from multipolar.jsonutil import jsonable, to_records

if TYPE_CHECKING:
    import pandas as pd

FORMATS = ("table", "json", "csv")
FILE_TYPES = (".csv", ".parquet", ".json", ".dta")


def console(stderr: bool = False) -> Console:
    # status and error lines on stderr are never wrapped: a path cut in two is not copyable, and
    # a log read by a program sees one message per line; the terminal wraps them for the eye
    return Console(stderr=stderr, soft_wrap=stderr)


def _frame(data: pd.DataFrame | Sequence[Mapping[str, Any]]) -> pd.DataFrame:
    import pandas as pd

    return data if isinstance(data, pd.DataFrame) else pd.DataFrame(list(data))


def _is_frame(data: Any) -> bool:
    return hasattr(data, "columns") and hasattr(data, "itertuples")


def _columns(
    data: pd.DataFrame | Sequence[Mapping[str, Any]], max_rows: int | None
) -> tuple[list[str], list[list[Any]], int]:
    """Column names, the rows shown (values) and the number of rows: records need no pandas."""
    if _is_frame(data):
        shown = data if max_rows is None else data.head(max_rows)  # type: ignore[union-attr]
        rows = [list(r) for r in shown.itertuples(index=False)]  # type: ignore[union-attr]
        return [str(c) for c in data.columns], rows, len(data)  # type: ignore[union-attr]
    records = list(data)
    names: list[str] = []
    for r in records:
        names += [str(k) for k in r if str(k) not in names]
    shown_records = records if max_rows is None else records[:max_rows]
    return names, [[r.get(n) for n in names] for r in shown_records], len(records)


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


def _special(path: Path) -> bool:
    """True if ``path`` exists and is not a regular file (a device, a FIFO, a socket, or a
    symlink to one, such as /dev/stdout): such a path is written through, never replaced."""
    try:
        mode = path.stat().st_mode  # follows symlinks
    except OSError:
        return False
    return not stat.S_ISREG(mode) and not stat.S_ISDIR(mode)


#: a temporary file of :func:`atomic_write`: ``.NAME.PID-RANDOM.tmp`` beside its target
_TMP_SUFFIX = ".tmp"
#: a temporary file without a live writer's pid older than this is stale (seconds)
_STALE_AFTER = 600


def _alive(pid: int) -> bool:
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except OSError:  # another user's process
        return True
    return True


def clean_stale_temps(path: Path) -> list[Path]:
    """Remove the temporary files an earlier write to ``path`` left behind when it was killed
    (SIGKILL leaves no chance to clean up): ``.NAME.PID-*.tmp`` whose process is gone, and
    older-style ``.NAME.XXXXXXXX.tmp`` files untouched for ten minutes. Returns what was
    removed."""
    removed: list[Path] = []
    prefix = f".{path.name}."
    try:
        candidates = list(path.parent.glob(f".{glob.escape(path.name)}.*{_TMP_SUFFIX}"))
    except OSError:
        return removed
    now = time.time()
    for tmp in candidates:
        middle = tmp.name[len(prefix) : -len(_TMP_SUFFIX)]
        pid, dash, _ = middle.partition("-")
        try:
            if dash and pid.isdigit():
                stale = not _alive(int(pid))
            else:
                stale = now - tmp.stat().st_mtime > _STALE_AFTER
            if stale and tmp.is_file():
                tmp.unlink()
                removed.append(tmp)
        except OSError:
            continue
    return removed


def atomic_write(path: Path, write: Any, *, mode: str = "w") -> Path:
    """Call ``write(tmp_path)`` then move the temp file onto ``path`` (no half-written files).

    A regular file (or a new name) is written to ``.NAME.PID-RANDOM.tmp`` beside it and
    renamed into place; a symlink to a regular file replaces the file it points to (the link
    stays). A path that exists and is not a regular file -- ``/dev/stdout``, a FIFO, a device
    such as ``/dev/full`` -- is written through in place, never replaced. Temporary files left
    by a killed earlier write to the same target are removed first. A path that cannot be
    written (a folder, a read-only or missing place such as ``/proc``, a full device) raises a
    one-line :class:`InputError`; nothing is left behind.
    """
    path = check_target(path)
    if _special(path):
        try:
            write(path)
        except OSError as exc:
            raise InputError(f"cannot write {path}: {exc.strerror or exc}") from exc
        return path
    if path.is_symlink():
        path = Path(os.path.realpath(path))
    tmp: Path | None = None
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
        clean_stale_temps(path)
        fd, name = tempfile.mkstemp(
            prefix=f".{path.name}.{os.getpid()}-", suffix=_TMP_SUFFIX, dir=path.parent
        )
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

    A device, FIFO or ``/dev/stdout`` without one of these extensions is written as CSV, in
    place (:func:`atomic_write`).

    For Stata files, ``variable_labels`` (column -> text), ``value_labels`` (column ->
    {code: label}, e.g. the vote codes) and ``data_label`` (the source) are written into the
    file (truncated to Stata's 80 characters); other formats ignore them.
    """
    check_target(out)
    suffix = Path(out).suffix.lower()
    if suffix not in FILE_TYPES and _special(Path(out)):
        suffix = ".csv"  # /dev/stdout, a FIFO: no extension to go by; CSV streams
    if suffix not in FILE_TYPES:
        raise InputError(
            f"cannot write {suffix or 'a file without extension'}; use one of {', '.join(FILE_TYPES)}"
        )
    if suffix == ".csv":
        return atomic_write(out, lambda p: df.to_csv(p, index=False))
    if suffix == ".parquet":
        return atomic_write(out, lambda p: df.to_parquet(p, index=False))
    if suffix == ".json":
        return atomic_write(
            out, lambda p: p.write_text(json.dumps(to_records(df), indent=1), encoding="utf-8")
        )
    return atomic_write(out, lambda p: _to_stata(df, p, variable_labels, value_labels, data_label))


#: file types DuckDB's COPY writes itself (by extension); others go through pandas
COPY_FORMATS = {
    ".csv": "(FORMAT csv, HEADER true)",
    ".parquet": "(FORMAT parquet)",
    ".json": "(FORMAT json, ARRAY true)",
}


def copy_query(query: Any, out: Path) -> int | None:
    """Write the rows of ``query`` (``.con``, a DuckDB connection; ``.sql``, a SELECT) to
    ``out`` with DuckDB's ``COPY``, atomically (:func:`atomic_write`); returns the number of
    rows written, or None when the file type (``.dta``) or the target (a device, a FIFO) needs
    the pandas writer -- then nothing was written.

    No pandas: a kept table goes from the store to the file inside DuckDB.
    """
    path = check_target(Path(out))
    fmt = COPY_FORMATS.get(path.suffix.lower())
    if fmt is None or _special(path):
        return None
    kept = getattr(query, "file", None)
    if kept is not None and path.suffix.lower() == ".parquet":
        # the kept file is the export (sorted, nulls for missing): copy its bytes, no COPY
        literal = "'" + str(kept).replace("'", "''") + "'"
        (n,) = query.con.execute(
            f"SELECT sum(num_rows) FROM parquet_file_metadata({literal})"
        ).fetchone()
        try:
            atomic_write(path, lambda tmp: shutil.copyfile(kept, tmp))
        except FileNotFoundError:  # the kept file went away since: computed instead
            if not kept.exists():
                return None
            raise
        return int(n or 0)
    rows = [0]

    def write(tmp: Path) -> None:
        target = str(tmp).replace("'", "''")
        (rows[0],) = query.con.execute(f"COPY ({query.sql}) TO '{target}' {fmt}").fetchone()

    atomic_write(path, write)
    return rows[0]


def _to_stata(
    df: pd.DataFrame,
    path: Path,
    variable_labels: Mapping[str, str] | None = None,
    value_labels: Mapping[str, Mapping[int, str]] | None = None,
    data_label: str | None = None,
) -> None:
    import pandas as pd

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
    """Print ``data`` as a Rich table/JSON/CSV, or write it to ``out`` by extension.

    Records (a list of dicts) print without pandas (``states resolve`` stays light)."""
    if out is not None:
        df = _frame(data)
        path = write_file(df, Path(out))
        console(stderr=True).print(f"wrote {len(df):,} rows to {path}")
        return
    if fmt == "json":
        if _is_frame(data):
            records = to_records(data)  # type: ignore[arg-type]
        else:
            records = [jsonable(dict(r)) for r in data]
        sys.stdout.write(json.dumps(records, indent=1) + "\n")
    elif fmt == "csv":
        import csv

        names, rows, _ = _columns(data, None)
        writer = csv.writer(sys.stdout, lineterminator="\n")
        writer.writerow(names)
        writer.writerows([["" if jsonable(v) is None else jsonable(v) for v in r] for r in rows])
    elif fmt == "table":
        console().print(rich_table(data, title=title, caption=caption, max_rows=max_rows))
    else:
        raise InputError(f"unknown format {fmt!r}; use one of {', '.join(FORMATS)}")


def rich_table(
    df: pd.DataFrame | Sequence[Mapping[str, Any]],
    *,
    title: str | None = None,
    caption: str | None = None,
    max_rows: int | None = 200,
) -> Table:
    """A Rich table of ``df`` (numbers right-aligned, floats to 3 decimals, whole numbers as
    integers). Text cells wrap at word boundaries (long words fold) rather than being cut,
    headers wrap between words (underscores shown as spaces), and short values (numbers, codes,
    names) never wrap, so the table fits 80 columns and uses the full width of a wider
    terminal."""
    table = Table(title=title, caption=caption, header_style="bold")
    names, rows, n_rows = _columns(df, max_rows)
    values = [[jsonable(v) for v in r] for r in rows]
    numeric_cols: set[str] = set()
    whole: set[str] = set()
    for k, name in enumerate(names):
        present = [r[k] for r in values if r[k] is not None]
        if present and all(isinstance(v, int | float) and not isinstance(v, bool) for v in present):
            numeric_cols.add(name)
            if all(float(v).is_integer() for v in present):
                whole.add(name)
    cells = [[_cell(v, whole=n in whole) for n, v in zip(names, r, strict=True)] for r in values]
    specs = []
    for k, col in enumerate(names):
        numeric = col in numeric_cols
        header = str(col).replace("_", " ")  # headers wrap between words: "verbal conflict"
        head_word = max((len(w) for w in header.split()), default=1)
        values_wide = max([1] + [len(r[k]) for r in cells])
        short = numeric or max(len(header), values_wide) <= 20  # names, codes, counts, years
        # a long text column is at least as wide as its longest word (up to 24): words wrap
        # whole rather than being cut
        word = min(24, max([head_word] + [len(w) for r in cells for w in r[k].split()]))
        # a short column is exactly as wide as its values, and its header on one line (full)
        # or wrapped between words (tight) when the terminal is narrow
        specs.append((header, numeric, short, max(len(header), values_wide),
                      max(head_word, values_wide), word))  # fmt: skip
    width = console().width
    n = len(specs)

    def need(tight: bool, compact: bool) -> int:
        content = sum((s[4] if tight else s[3]) if s[2] else s[5] for s in specs)
        return content + (n - 1 if compact else 3 * n + 1)

    # boxed if it fits (a cell's padding and rule: 3 columns each), else without vertical rules
    # or edges (columns set apart by one space), rather than let the terminal crop the last
    # columns
    tight, compact = next(
        ((t, c) for c in (False, True) for t in (False, True) if need(t, c) <= width),
        (True, True),
    )
    if compact:
        table.box = box.SIMPLE_HEAD
        table.show_edge = False
        table.padding = (0, 0)
    for header, numeric, short, full, tight_width, word in specs:
        table.add_column(
            header,
            justify="right" if numeric else "left",
            width=(tight_width if tight else full) if short else None,
            min_width=None if short else word,
            overflow="fold",
        )
    for r in cells:
        table.add_row(*r)
    if max_rows is not None and n_rows > max_rows:
        table.caption = (caption + " · " if caption else "") + (
            f"showing {max_rows} of {n_rows:,} rows; use -o FILE or --format csv for all"
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
