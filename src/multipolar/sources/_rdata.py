"""Reading R data files (``.rda``/``.RData``, xz/gzip/bzip2) with pyreadr."""

from __future__ import annotations

from pathlib import Path

import pandas as pd
import pyreadr

from multipolar.errors import FormatError


def read_rdata(path: Path, obj: str | None = None) -> pd.DataFrame:
    """Read the data frame ``obj`` (or the only object) from an R data file."""
    try:
        result = pyreadr.read_r(str(path))
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
