"""Paths and environment: where the store lives, where data come from.

=====================  ==========================================================  =======
variable               meaning                                                     default
=====================  ==========================================================  =======
``MULTIPOLAR_HOME``    folder of the store (``multipolar.duckdb``), raw files      user data dir
                       (``raw/``) and event Parquet (``events/``)
``MULTIPOLAR_MIRROR``  a folder (or ``http(s)://`` base URL) laid out like          unset
                       ``shared/data``; sources are read from it instead of their
                       pinned download URLs
``MULTIPOLAR_BACKEND`` Ibis backend for event aggregation: ``duckdb`` or           duckdb
                       ``pyspark``
=====================  ==========================================================  =======
"""

from __future__ import annotations

import os
from pathlib import Path

import platformdirs

APP = "multipolar"
#: where GDELT 1.0's daily event files are published (``multipolar events pull``)
GDELT1_BASE_URL = "https://data.gdeltproject.org/events"


def home() -> Path:
    """The folder that holds the store and downloaded files (created on demand)."""
    env = os.environ.get("MULTIPOLAR_HOME")
    path = Path(env).expanduser() if env else Path(platformdirs.user_data_dir(APP))
    try:
        path.mkdir(parents=True, exist_ok=True)
    except OSError as exc:
        from multipolar.errors import StoreError

        where = f"MULTIPOLAR_HOME={env}" if env else f"the data folder {path}"
        raise StoreError(
            f"cannot create {where} ({exc.strerror or exc}); set MULTIPOLAR_HOME to a folder "
            "you can write"
        ) from exc
    return path  # may be read-only: readers read it, writers say so when they write


def store_path() -> Path:
    """Path of the embedded DuckDB store."""
    return home() / "multipolar.duckdb"


def raw_dir() -> Path:
    """Where verified source files are kept (mirror layout: ``unvotes/un_votes.rda``)."""
    return home() / "raw"


def events_dir() -> Path:
    """Root of the partitioned event Parquet (``year=YYYY/month=MM``)."""
    return home() / "events"


def mirror() -> str | None:
    """``MULTIPOLAR_MIRROR`` if set: a local folder or an http(s) base URL."""
    value = os.environ.get("MULTIPOLAR_MIRROR")
    return value or None


def backend() -> str:
    """Ibis backend name for event aggregation (``duckdb`` unless ``MULTIPOLAR_BACKEND``)."""
    return os.environ.get("MULTIPOLAR_BACKEND", "duckdb").lower()
