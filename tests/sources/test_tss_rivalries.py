"""The Thompson–Sakuwa–Suhas rivalries on the real file (counts from PROVENANCE.md)."""

from __future__ import annotations

import pyreadr
import pytest

from multipolar import states
from multipolar.errors import FormatError
from multipolar.sources import mid


@pytest.fixture(scope="module")
def table(shared_data):
    return mid.parse_tss_rivalries({mid.TSS_FILE: shared_data / mid.TSS_FILE}, states)[
        "tss_rivalries"
    ]


def test_rows_years_and_ongoing(table):
    assert len(table) == 264  # PROVENANCE.md: 264 rivalries, 1494-2020, 56 ongoing at 2020
    assert (int(table["start"].min()), int(table["end"].max())) == (1494, 2020)
    assert int((table["end"] == 2020).sum()) == 56
    assert (table["ccode1"] < table["ccode2"]).all()
    for col in mid.TSS_FLAGS:
        assert set(table[col].unique()) <= {0, 1}


def test_china_russia_spells(table):
    # PROVENANCE.md: China-Russia 1816-1949 and 1958-1989, none after (read off the raw file)
    pair = table[(table["ccode1"] == 365) & (table["ccode2"] == 710)]
    assert list(zip(pair["start"], pair["end"], strict=True)) == [(1816, 1949), (1958, 1989)]
    assert list(pair["rivalry"]) == ["China-Russia", "China-USSR"]


def test_end_before_start_is_refused(shared_data, tmp_path):
    df = next(iter(pyreadr.read_r(str(shared_data / mid.TSS_FILE)).values())).copy()
    df.loc[0, "end"] = 1400.0
    pyreadr.write_rdata(str(tmp_path / "t.rda"), df, df_name="tss_rivalries")
    with pytest.raises(FormatError, match="1 rivalries end before they start"):
        mid.parse_tss_rivalries({mid.TSS_FILE: tmp_path / "t.rda"}, states)
