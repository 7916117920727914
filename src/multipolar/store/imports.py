"""Importing files a user has (e.g. the newest Voeten UNGA release) into the store."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from multipolar import states as _states
from multipolar.errors import FormatError, InputError
from multipolar.sources import sha256_file
from multipolar.sources.unvotes import ParseReport, parse_voeten
from multipolar.store.core import Store

KINDS = {"unvotes-voeten": "UNGA roll calls in Voeten's Dataverse format"}


@dataclass
class ImportResult:
    path: str
    kind: str
    sha256: str
    tables: dict[str, int]
    report: ParseReport

    def as_dict(self) -> dict[str, object]:
        return {
            "path": self.path,
            "kind": self.kind,
            "sha256": self.sha256,
            "tables": self.tables,
            **self.report.as_dict(),
        }


def import_file(store: Store, path: str | Path, *, kind: str) -> ImportResult:
    """Parse ``path`` as ``kind`` and load its tables into ``store`` atomically.

    The imported tables replace those of the declared source they overlap (the catalog
    records the file's sha256); a file that fails to parse changes nothing.
    """
    path = Path(path)
    if kind not in KINDS:
        raise InputError(f"unknown import kind {kind!r}; known: {', '.join(KINDS)}")
    if not path.is_file():
        raise InputError(f"no such file: {path}")
    report = ParseReport()
    tables = parse_voeten(path, _states, report)
    if not len(tables["unga_votes"]):
        raise FormatError(f"{path.name}: no votes coded 1, 2 or 3 were found")
    sha = sha256_file(path)
    others = tuple(
        r["source"]
        for r in store.catalog().to_dict("records")
        if r["source"] != kind and {"unga_votes", "unga_rollcalls"} & set(_tables(r["tables"]))
    )
    rows = store.ingest(
        kind, tables, version=f"file {path.name}", files={path.name: sha}, replaces=others
    )
    return ImportResult(str(path), kind, sha, rows, report)


def _tables(text: str) -> list[str]:
    import json

    return list(json.loads(text))
