"""The local store: one embedded DuckDB file under ``MULTIPOLAR_HOME``, reached through Ibis.

* ``connect(path=None, *, read_only=None, progress=None, wait=None)`` opens (and creates or
  migrates) the store: ``read_only=True`` for servers and readers (never takes the write lock),
  the default reads read-only and writes only while it loads (:mod:`multipolar.store.opening`).
* ``Store.table(name)`` returns an Ibis table, loading the source that provides it on first use.
* Ingest is idempotent and atomic: a source's tables and its catalog row change in one
  transaction, so a failed load leaves the previous state intact.
* The ``_catalog`` table records source, version, file sha256s, rows per table and load time; a
  declared source whose version or sha256 changed is reloaded.
* ``_meta.schema_version`` is checked: a store written by a newer multipolar is refused.
* ``save_result``/``load_result`` keep computed results under ``MULTIPOLAR_HOME/cache``, valid
  while the tables they read are unchanged (:mod:`multipolar.store.kept`,
  :mod:`multipolar.store.fingerprints`).
"""

from __future__ import annotations

import importlib
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from multipolar.store.core import SCHEMA_VERSION, Store, connect, summary
    from multipolar.store.imports import KINDS, ImportResult, import_file

# imported on first use (PEP 562): ``multipolar.store.answers`` reads a kept answer with DuckDB
# alone, without Ibis or pandas
_LAZY = {
    "SCHEMA_VERSION": "multipolar.store.core",
    "Store": "multipolar.store.core",
    "connect": "multipolar.store.core",
    "summary": "multipolar.store.core",
    "KINDS": "multipolar.store.imports",
    "ImportResult": "multipolar.store.imports",
    "import_file": "multipolar.store.imports",
}


def __getattr__(name: str) -> Any:
    if name in _LAZY:
        return getattr(importlib.import_module(_LAZY[name]), name)
    raise AttributeError(f"module {__name__!r} has no attribute {name!r}")


__all__ = ["KINDS", "SCHEMA_VERSION", "ImportResult", "Store", "connect", "import_file", "summary"]
