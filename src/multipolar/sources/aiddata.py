"""Chinese official finance by recipient-year, 2000–2021 (AidData GCDF 3.0, aggregated).

``aiddata/cow_gcdf.csv`` (from the odadata R package) sums the commitments of AidData's Global
Chinese Development Finance Dataset 3.0 (Custer et al. 2023; projects "recommended for
aggregates") by recipient (COW code) and year: 2,458 recipient-years, 138 recipients. Three
flow classes, each as two sums of GCDF fields, both in constant 2021 US dollars (the odadata
script ``clean_gcdf_data.R`` at the pinned commit: ``amt = amount_constant_usd_2021``,
``adj = adjusted_amount_constant_usd_2021``; PROVENANCE.md's "nominal" for ``*_amt`` is wrong —
the two agree in all but 99 of 7,374 cells): ``*_amt`` AidData's amount, ``*_adj`` its
adjusted amount (see the GCDF 3.0 codebook for the adjustment):

* ``oof``: other official flows (loan-like, not concessional enough to be aid);
* ``oda``: official development assistance;
* ``vof``: vague official finance (too little is known to classify it).

:func:`parse_aiddata_gcdf` produces ``aiddata_gcdf_sy`` (recipient state-year): ``ccode,
year`` and the six amounts in US dollars, with ``iso3``. It is a derived aggregate: no project
names, no lender names. A recipient-year absent from the file has no recorded commitment in the
aggregate; it is left absent (null when joined), never written as 0.

Bad input: a missing column, a non-numeric or negative amount, a code that is not a COW state,
or a repeated (ccode, year) stops the parse with one :class:`FormatError` line.
"""

from __future__ import annotations

from collections.abc import Mapping
from pathlib import Path
from typing import Any

import pandas as pd

from multipolar.errors import FormatError
from multipolar.sources._rdata import require_columns

GCDF_FILE = "aiddata/cow_gcdf.csv"
AMOUNTS = ("oof_amt", "oof_adj", "oda_amt", "oda_adj", "vof_amt", "vof_adj")


def parse_aiddata_gcdf(paths: Mapping[str, Path], states: Any) -> dict[str, pd.DataFrame]:
    """Parse the AidData aggregate into ``aiddata_gcdf_sy`` (constant 2021 US dollars)."""
    path = paths[GCDF_FILE]
    try:
        df = pd.read_csv(path, dtype=str, keep_default_na=False, encoding="utf-8")
    except (UnicodeDecodeError, pd.errors.ParserError) as exc:
        raise FormatError(f"{path.name} is not a readable CSV ({exc})") from exc
    require_columns(df, ["ccode", "year", *AMOUNTS], f"{path.name} (AidData GCDF)")
    num = df[["ccode", "year", *AMOUNTS]].apply(pd.to_numeric, errors="coerce")
    bad = num.isna().any(axis=1) | (num[list(AMOUNTS)] < 0).any(axis=1)
    if bad.any():
        rows = (df.index[bad] + 2).tolist()[:10]
        raise FormatError(
            f"{path.name}: {int(bad.sum())} rows with a missing, non-numeric or negative value "
            f"(file lines {rows})"
        )
    out = num.copy()
    out["ccode"] = out["ccode"].astype("int64")
    out["year"] = out["year"].astype("int64")
    dup = out.duplicated(["ccode", "year"])
    if dup.any():
        raise FormatError(f"{path.name}: {int(dup.sum())} repeated (ccode, year) rows")
    known = set(states.registry().states)
    unknown = sorted(set(out["ccode"]) - known)
    if unknown:
        raise FormatError(f"{path.name}: codes that are not COW states: {unknown}")
    out["amount_recorded"] = (out[list(AMOUNTS)] > 0).any(axis=1)
    out["iso3"] = out["ccode"].map(states.iso3_map()).astype("string")
    return {"aiddata_gcdf_sy": out.sort_values(["ccode", "year"], ignore_index=True)}
