"""The AidData Chinese official finance aggregate on the real CSV (counts read with ``csv``)."""

from __future__ import annotations

import csv
from pathlib import Path

import pytest

from multipolar import states
from multipolar.errors import FormatError
from multipolar.sources import aiddata


@pytest.fixture(scope="module")
def raw(shared_data: Path) -> list[dict[str, str]]:
    with (shared_data / aiddata.GCDF_FILE).open(encoding="utf-8", newline="") as fh:
        return list(csv.DictReader(fh))


@pytest.fixture(scope="module")
def table(shared_data: Path):
    return aiddata.parse_aiddata_gcdf({aiddata.GCDF_FILE: shared_data / aiddata.GCDF_FILE}, states)[
        "aiddata_gcdf_sy"
    ]


def test_rows_recipients_years(table, raw):
    assert len(raw) == len(table) == 2_458  # PROVENANCE.md
    assert len({r["ccode"] for r in raw}) == table["ccode"].nunique() == 138
    assert (int(table["year"].min()), int(table["year"].max())) == (2000, 2021)
    assert set(table.loc[table["ccode"] == 365, "iso3"]) == {"RUS"}


def test_rows_without_an_amount_are_flagged(table, raw):
    zero = [r for r in raw if all(float(r[c]) == 0 for c in aiddata.AMOUNTS)]
    assert len(zero) == 280
    assert int((~table["amount_recorded"]).sum()) == 280


def test_both_amounts_are_constant_2021_dollars(raw):
    # odadata's clean_gcdf_data.R sums amount_constant_usd_2021 (amt) and
    # adjusted_amount_constant_usd_2021 (adj): they agree in all but 99 of the 7,374 cells
    # (nominal and constant 2021 dollars would differ in nearly every year before 2021)
    differ = sum(
        1
        for r in raw
        for k in ("oof", "oda", "vof")
        if float(r[f"{k}_amt"]) != float(r[f"{k}_adj"])
    )
    assert differ == 99


def test_bad_values_are_refused(shared_data, tmp_path):
    lines = (shared_data / aiddata.GCDF_FILE).read_text(encoding="utf-8").splitlines()
    path = tmp_path / "g.csv"
    path.write_text("\n".join([lines[0], lines[1].replace(",0,0,0,0", ",-5,0,0,0")]), "utf-8")
    with pytest.raises(FormatError, match="1 rows with a missing, non-numeric or negative"):
        aiddata.parse_aiddata_gcdf({aiddata.GCDF_FILE: path}, states)
    path.write_text("\n".join([lines[0], "99999" + lines[1][2:]]), "utf-8")
    with pytest.raises(FormatError, match=r"not COW states: \[99999\]"):
        aiddata.parse_aiddata_gcdf({aiddata.GCDF_FILE: path}, states)
    path.write_text("\n".join([lines[0], lines[1], lines[1]]), "utf-8")
    with pytest.raises(FormatError, match="1 repeated"):
        aiddata.parse_aiddata_gcdf({aiddata.GCDF_FILE: path}, states)
