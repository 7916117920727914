"""CAMEO event codes: names, roots, QuadClass and Goldstein scores.

Three pinned lookup files (see ``shared/data/PROVENANCE.md``):

- ``gdelt/CAMEO.eventcodes.txt`` — GDELT's code → description table (311 codes);
- ``gdelt/CAMEO.goldsteinscale.txt`` — GDELT's code → Goldstein score (311 codes);
- ``cameo/cameo-codes.csv`` — the CAMEO codebook as tabulated in the ICEWS release (312
  codes, cp1252), with its own Goldstein column.

The two Goldstein columns agree except on four codes (016, 022, 164, 165); GDELT rows keep
the score GDELT shipped, ICEWS rows take the ICEWS table's score
(:attr:`CameoCode.goldstein_icews`), the one its coders used. Code ``1213`` exists only in
the ICEWS table. Names are GDELT's, except where GDELT's text is garbled (code 044 has
mis-decoded quotation marks).

References: Schrodt (2012), *CAMEO Conflict and Mediation Event Observations Event and Actor
Codebook* v1.1b3; Goldstein (1992), "A Conflict-Cooperation Scale for WEIS Events Data",
*Journal of Conflict Resolution* 36(2): 369–385, doi:10.1177/0022002792036002007.
"""

from __future__ import annotations

import csv
from collections.abc import Mapping
from dataclasses import dataclass
from functools import cache, cached_property
from pathlib import Path

import pyarrow as pa

from multipolar.errors import FormatError
from multipolar.sources.events.schema import quad_of_root

#: Mirror paths of the lookup files (pinned in :mod:`multipolar.sources.pins`).
CAMEO_FILES: tuple[str, ...] = (
    "gdelt/CAMEO.eventcodes.txt",
    "gdelt/CAMEO.goldsteinscale.txt",
    "cameo/cameo-codes.csv",
)


@dataclass(frozen=True)
class CameoCode:
    """One CAMEO event code."""

    code: str
    name: str
    root_code: int
    quad_class: int
    goldstein: float
    goldstein_icews: float


@dataclass(frozen=True)
class CameoTable:
    """All CAMEO codes, keyed by code with its leading zero (``"040"``)."""

    codes: Mapping[str, CameoCode]

    def __contains__(self, code: object) -> bool:
        return code in self.codes

    def __len__(self) -> int:
        return len(self.codes)

    def name(self, code: str) -> str | None:
        """The description of ``code`` (``"Consult, not specified below"``), None if unknown."""
        found = self.codes.get(code)
        return found.name if found else None

    @cached_property
    def arrow(self) -> pa.RecordBatch:
        """:meth:`to_arrow` as one record batch, built once."""
        return self.to_arrow().combine_chunks().to_batches()[0]

    def to_arrow(self) -> pa.Table:
        """The table as Arrow: code, name, root_code, quad_class, goldstein, goldstein_icews."""
        rows = list(self.codes.values())
        return pa.table(
            {
                "code": pa.array([r.code for r in rows], pa.string()),
                "name": pa.array([r.name for r in rows], pa.string()),
                "root_code": pa.array([r.root_code for r in rows], pa.int8()),
                "quad_class": pa.array([r.quad_class for r in rows], pa.int8()),
                "goldstein": pa.array([r.goldstein for r in rows], pa.float64()),
                "goldstein_icews": pa.array([r.goldstein_icews for r in rows], pa.float64()),
            }
        )


def _read_tsv(path: Path, header: tuple[str, str]) -> dict[str, str]:
    with open(path, encoding="utf-8", newline="") as fh:
        rows = list(csv.reader(fh, delimiter="\t"))
    if not rows or tuple(rows[0][:2]) != header:
        raise FormatError(f"{path.name}: expected header {'<TAB>'.join(header)}")
    return {r[0].strip(): r[1].strip() for r in rows[1:] if len(r) >= 2 and r[0].strip()}


def parse_cameo(eventcodes: Path, goldstein: Path, cameo_codes: Path) -> CameoTable:
    """Read the three lookup files into a :class:`CameoTable` (pure: files in, table out)."""
    names = _read_tsv(eventcodes, ("CAMEOEVENTCODE", "EVENTDESCRIPTION"))
    scores = _read_tsv(goldstein, ("CAMEOEVENTCODE", "GOLDSTEINSCALE"))
    with open(cameo_codes, encoding="cp1252", newline="") as fh:
        icews = {row["code"]: row for row in csv.DictReader(fh)}
    if not icews or "goldstein" not in next(iter(icews.values())):
        raise FormatError(f"{cameo_codes.name}: expected columns code, name, goldstein")
    codes: dict[str, CameoCode] = {}
    for code in sorted(set(names) | set(icews)):
        if not code.isdigit() or len(code) < 2:
            raise FormatError(f"CAMEO code {code!r} is not 2-4 digits")
        root = int(code[:2])
        row = icews.get(code)
        g_icews = float(row["goldstein"]) if row else float(scores[code])
        g_gdelt = float(scores[code]) if code in scores else g_icews
        name = names.get(code) or ""
        if row and (not name or not name.isascii()):  # GDELT's 044 holds mis-decoded quotes
            name = row["name"]
        codes[code] = CameoCode(code, name, root, quad_of_root(root), g_gdelt, g_icews)
    return CameoTable(codes)


@cache
def cameo_table() -> CameoTable:
    """The CAMEO table from the pinned lookup files (fetched and verified on first use)."""
    from multipolar.sources.fetch import fetch
    from multipolar.sources.pins import pinned

    paths = [fetch(pinned(p)) for p in CAMEO_FILES]
    return parse_cameo(*paths)
