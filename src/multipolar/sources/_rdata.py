"""Reading R data files (``.rda``/``.RData``, xz/gzip/bzip2) with pyreadr."""

from __future__ import annotations

import threading
from pathlib import Path
from typing import Any

import pandas as pd
import pyreadr

from multipolar.errors import FormatError


def read_rdata(path: Path, obj: str | None = None) -> pd.DataFrame:
    """Read the data frame ``obj`` (or the only object) from an R data file."""
    try:
        result = _read_r(str(path))
    except Exception as exc:  # pyreadr raises its own LibrdataError and others
        raise FormatError(f"{path.name} is not a readable R data file ({exc})") from exc
    if not result:
        raise FormatError(f"{path.name} holds no data frame")
    if obj is None:
        if len(result) != 1:
            raise FormatError(f"{path.name} holds several objects: {', '.join(result)}")
        return next(iter(result.values()))
    if obj not in result:
        raise FormatError(f"{path.name} holds {', '.join(result)}, not {obj!r}")
    return result[obj]


def _read_r(path: str) -> dict[str, Any]:
    """``pyreadr.read_r(path)`` in a worker thread, the caller waiting (interruptibly).

    pyreadr's Cython callbacks cannot raise: a Ctrl-C that lands in one (the main thread runs
    signal handlers) is printed and dropped, and the C parser goes on -- for seconds, with the
    frame it builds missing whatever the callback was doing. In a worker thread no signal
    handler runs, so the parse is whole or not used, and the waiting caller takes the
    KeyboardInterrupt at once (within the parser's next return to Python)."""
    box: dict[str, Any] = {}

    def work() -> None:
        try:
            box["result"] = pyreadr.read_r(path)
        except BaseException as exc:  # handed to the caller
            box["error"] = exc

    worker = threading.Thread(target=work, name="multipolar-rdata", daemon=True)
    worker.start()
    worker.join()
    if "error" in box:
        raise box["error"]
    return box["result"]  # type: ignore[no-any-return]


def require_columns(df: pd.DataFrame, columns: list[str], what: str) -> None:
    """Raise a one-line :class:`FormatError` naming the missing columns."""
    missing = [c for c in columns if c not in df.columns]
    if missing:
        raise FormatError(
            f"{what} lacks the column(s) {', '.join(missing)} (has: {', '.join(map(str, df.columns[:20]))})"
        )


def to_int(df: pd.DataFrame, columns: list[str]) -> pd.DataFrame:
    """Cast R doubles that hold codes/years to nullable or plain integers."""
    for col in columns:
        if col in df.columns:
            s = df[col]
            df[col] = s.astype("Int64") if s.isna().any() else s.astype("int64")
    return df
