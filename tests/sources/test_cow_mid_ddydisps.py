"""MID 5.0 (cow_mid_ddydisps, cow_mid_disps) on the real files, and how it differs from GML.

Expected figures: the row counts and years are PROVENANCE.md's; the China–Russia dispute-years
and the MID 5.0 / GML comparison are counted here from the raw R files (read with pyreadr,
filtered with plain Python sets), not by the parser or the evidence code.
"""

from __future__ import annotations

from pathlib import Path

import pyreadr
import pytest

from multipolar import states
from multipolar.errors import FormatError
from multipolar.sources import mid
from multipolar.sources.fetch import sha256_file

GML_FILE = "peacesciencer/gml_mid_ddydisps.rda"


@pytest.fixture(scope="module")
def paths(shared_data: Path) -> dict[str, Path]:
    out = {f: shared_data / f for f in (mid.DDY_FILE, mid.DISPS_FILE)}
    # sha256 from PROVENANCE.md ("Added in turn 3")
    assert sha256_file(out[mid.DDY_FILE]).startswith("2db5aeef570a727c")
    assert sha256_file(out[mid.DISPS_FILE]).startswith("b0dedb0e905411c5")
    return out


@pytest.fixture(scope="module")
def parsed(paths):
    return mid.parse_cow_mid(paths, states)


def _ndy(path: Path, last: int) -> set[tuple[int, int, int]]:
    df = next(iter(pyreadr.read_r(str(path)).values()))
    return {
        (int(r.ccode1), int(r.ccode2), int(r.year))
        for r in df.itertuples()
        if r.ccode1 < r.ccode2 and r.year <= last
    }


def test_rows_and_years(parsed):
    ddy, disps = parsed["cow_mid_ddydisps"], parsed["cow_mid_disps"]
    assert len(ddy) == 10_234 and len(disps) == 2_436  # PROVENANCE.md
    assert (int(ddy["year"].min()), int(ddy["year"].max())) == (1816, 2014)
    assert (int(disps["styear"].min()), int(disps["styear"].max())) == (1816, 2014)
    assert ddy["ccode1"].dtype == "int64"
    # ISO3 alongside (historical states such as Bavaria have none)
    assert set(ddy.loc[ddy["ccode1"] == 365, "iso3_1"]) == {"RUS"}
    # directed: each non-directed dyad-year twice
    assert (ddy["ccode1"] < ddy["ccode2"]).sum() * 2 == len(ddy)


def test_china_russia_after_2000(parsed, paths):
    # by hand: pyreadr on cow_mid_ddydisps.rda, rows with ccode1 365, ccode2 710 and year after
    # 1990 -> 1993 (MID 4052), 1994 (4104), 2009 (4485, stmon 2), 2012 (4640, stmon 7); after
    # 2000: 2009 and 2012, as PROVENANCE.md says
    ddy = parsed["cow_mid_ddydisps"]
    pair = ddy[(ddy["ccode1"] == 365) & (ddy["ccode2"] == 710)]
    assert sorted(pair.loc[pair["year"] > 1990, "year"]) == [1993, 1994, 2009, 2012]
    assert sorted(pair.loc[pair["year"] > 2000, "dispnum"]) == [4485, 4640]


def test_mid5_and_gml_differ_as_documented(shared_data):
    # the counts stated in the card and docs/data.md: non-directed dispute dyad-years
    m = _ndy(shared_data / mid.DDY_FILE, 2010)
    g = _ndy(shared_data / GML_FILE, 2010)
    assert (len(m & g), len(m - g), len(g - m)) == (4_444, 433, 198)
    assert len(_ndy(shared_data / mid.DDY_FILE, 2014)) - len(m) == 240


def test_orphan_dispute_is_refused(paths, tmp_path):
    ddy = next(iter(pyreadr.read_r(str(paths[mid.DDY_FILE])).values()))
    disps = next(iter(pyreadr.read_r(str(paths[mid.DISPS_FILE])).values()))
    cut = disps[disps["dispnum"] != 4485]
    pyreadr.write_rdata(str(tmp_path / "d.rda"), cut, df_name="cow_mid_disps")
    bad = {mid.DDY_FILE: paths[mid.DDY_FILE], mid.DISPS_FILE: tmp_path / "d.rda"}
    with pytest.raises(FormatError, match="2 dyad-years name disputes absent"):
        mid.parse_cow_mid(bad, states)
    one_way = ddy[~((ddy["dispnum"] == 4485) & (ddy["ccode1"] == 710))]
    pyreadr.write_rdata(str(tmp_path / "y.rda"), one_way, df_name="cow_mid_ddydisps")
    bad = {mid.DDY_FILE: tmp_path / "y.rda", mid.DISPS_FILE: paths[mid.DISPS_FILE]}
    with pytest.raises(FormatError, match="lack their other direction"):
        mid.parse_cow_mid(bad, states)


def test_missing_column_is_one_line(paths, tmp_path):
    disps = next(iter(pyreadr.read_r(str(paths[mid.DISPS_FILE])).values()))
    pyreadr.write_rdata(str(tmp_path / "d.rda"), disps.drop(columns=["hostlev"]), df_name="x")
    bad = {mid.DDY_FILE: paths[mid.DDY_FILE], mid.DISPS_FILE: tmp_path / "d.rda"}
    with pytest.raises(FormatError, match="lacks the column"):
        mid.parse_cow_mid(bad, states)
