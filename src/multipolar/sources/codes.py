"""Country-code lists shared by the parsers and the state registry (no registry needed).

:func:`cow_iso3` gives ISO3 codes for COW codes from the ``countrycode`` package (a port of R's
countrycode, Arel-Bundock, Enevoldsen & Yetman 2018, doi:10.21105/joss.00848) plus the historical
codes in ``data/iso3_overrides.csv``; :func:`codelist` is that package's code list.
"""

from __future__ import annotations

import csv
from collections.abc import Iterable
from functools import cache
from importlib import resources
from typing import Any


def read_data_csv(package: str, name: str) -> list[dict[str, str]]:
    """Rows of a CSV data file shipped in ``package`` (lines starting with ``#`` are comments)."""
    text = resources.files(package).joinpath(name).read_text(encoding="utf-8")
    lines = [line for line in text.splitlines() if line.strip() and not line.startswith("#")]
    return list(csv.DictReader(lines))


@cache
def iso3_overrides() -> dict[int, str]:
    """``{ccode: ISO3}`` for COW states countrycode leaves without an ISO3."""
    rows = read_data_csv("multipolar.sources", "data/iso3_overrides.csv")
    return {int(r["ccode"]): r["iso3"] for r in rows}


@cache
def codelist() -> dict[str, list[Any]]:
    """countrycode's code list (column name -> values, one entry per country)."""
    from countrycode.countrycode import countrycode

    countrycode([2], origin="cown", destination="iso3c")  # loads the list
    from countrycode.countrycode import codelist as cl

    return cl if cl is not None else {}


def cow_iso3(codes: Iterable[int]) -> dict[int, str | None]:
    """ISO3 of each COW code (None where there is none, e.g. the Papal States after 1870)."""
    from countrycode.countrycode import countrycode

    codes = sorted({int(c) for c in codes})
    out = dict(zip(codes, countrycode(codes, origin="cown", destination="iso3c"), strict=True))
    out.update({c: iso for c, iso in iso3_overrides().items() if c in out})
    return out


def cow_iso2(codes: Iterable[int]) -> dict[int, str | None]:
    """ISO2 of each COW code (None where there is none)."""
    from countrycode.countrycode import countrycode

    codes = sorted({int(c) for c in codes})
    return dict(zip(codes, countrycode(codes, origin="cown", destination="iso2c"), strict=True))
