"""The local store: one embedded DuckDB file under ``MULTIPOLAR_HOME``, reached through Ibis.

* ``connect()`` opens (and creates or migrates) the store.
* ``Store.table(name)`` returns an Ibis table, loading the source that provides it on first use.
* Ingest is idempotent and atomic: a source's tables and its catalog row change in one
  transaction, so a failed load leaves the previous state intact.
* The ``_catalog`` table records source, version, file sha256s, rows per table and load time; a
  declared source whose version or sha256 changed is reloaded.
* ``_meta.schema_version`` is checked: a store written by a newer multipolar is refused.
* ``save_result``/``load_result`` cache computed results keyed by their options and data versions.
"""

from __future__ import annotations

from multipolar.store.core import SCHEMA_VERSION, Store, connect, summary
from multipolar.store.imports import KINDS, ImportResult, import_file

__all__ = ["KINDS", "SCHEMA_VERSION", "ImportResult", "Store", "connect", "import_file", "summary"]
