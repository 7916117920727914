"""UCDP/PRIO armed conflicts on the real file; the Gleditsch–Ward to COW crosswalk is complete.

Expected counts: PROVENANCE.md (5,652 rows, 1946–2024) and, for the conflict-years, a count of
the distinct (conflict_id, year) pairs in the raw R file read with pyreadr.
"""

from __future__ import annotations

from pathlib import Path

import pandas as pd
import pyreadr
import pytest

from multipolar import states
from multipolar.errors import FormatError
from multipolar.sources import ucdp


@pytest.fixture(scope="module")
def raw(shared_data: Path) -> pd.DataFrame:
    return next(iter(pyreadr.read_r(str(shared_data / ucdp.UCDP_FILE)).values()))


@pytest.fixture(scope="module")
def parsed(shared_data: Path):
    return ucdp.parse_ucdp_acd({ucdp.UCDP_FILE: shared_data / ucdp.UCDP_FILE}, states)


def _occurring(raw: pd.DataFrame) -> set[tuple[int, int]]:
    """Every (Gleditsch–Ward code, year) in the four side columns of the raw file."""
    out = set()
    for col, _, _ in ucdp.SIDE_COLUMNS:
        for cell, year in zip(raw[col], raw["year"], strict=True):
            for code in ucdp.split_codes(cell):
                out.add((code, int(year)))
    return out


def test_rows_and_years(parsed, raw):
    assert len(raw) == 5_652  # PROVENANCE.md
    cy = parsed["ucdp_acd_cy"]
    assert len(cy) == len(raw[["conflict_id", "year"]].drop_duplicates()) == 2_752
    assert (int(cy["year"].min()), int(cy["year"].max())) == (1946, 2024)
    sides = parsed["ucdp_acd_sides"]
    # distinct (conflict, year, side column, code) in the raw file, counted with plain Python
    distinct = {
        (int(c), int(y), col, code)
        for col, _, _ in ucdp.SIDE_COLUMNS
        for c, y, cell in zip(raw["conflict_id"], raw["year"], raw[col], strict=True)
        for code in ucdp.split_codes(cell)
    }
    assert len(sides) == len(distinct) == 6_324
    assert set(sides["side"]) == {"A", "B"} and set(sides["role"]) == {"primary", "secondary"}
    # every side A has a primary party (a government)
    prim = sides[(sides["side"] == "A") & (sides["role"] == "primary")]
    assert len(prim[["conflict_id", "year"]].drop_duplicates()) == 2_752


def test_crosswalk_is_complete_over_every_code_that_occurs(raw):
    occurring = _occurring(raw)
    cw = ucdp.gw_cow_crosswalk()
    # every code listed occurs, and every code that occurs is listed (no guessing either way)
    assert {g for g, _ in occurring} == set(cw["gwno"].astype(int))
    outside = {}
    for g, y in sorted(occurring):
        c = ucdp.gw_to_cow(g, y)  # raises for a code or year the crosswalk lacks
        if c is None or not states.member(c, y):
            outside.setdefault(g, set()).add(y)
    # the documented exceptions only: Hyderabad (no COW state) and Oman before 1971
    assert {g: (min(v), max(v)) for g, v in outside.items()} == {
        698: (1957, 1970),
        751: (1947, 1948),
    }


def test_codes_that_differ_between_gw_and_cow():
    # Gleditsch & Ward (1999) keep 260 and 678 for united Germany and Yemen; COW does not
    assert ucdp.gw_to_cow(260, 1990) == 260 and ucdp.gw_to_cow(260, 1991) == 255
    assert ucdp.gw_to_cow(678, 1989) == 678 and ucdp.gw_to_cow(678, 1990) == 679
    assert ucdp.gw_to_cow(972, 2004) == 955  # Tonga
    assert ucdp.gw_to_cow(751, 1948) is None  # Hyderabad
    assert ucdp.gw_to_cow(365, 1950) == 365 and ucdp.gw_to_cow(816, 1970) == 816
    assert ucdp.gw_to_cow(345, 2010) == 345  # Serbia continues Yugoslavia in both lists


def test_russia_ukraine_sides(parsed):
    # raw file, by eye: 13246, 13247 (2014) and 13306 (2014-2022) have Ukraine (369) as side A
    # and Russia (365) as side B's supporter; 13243 (2022-2024) is Russia v Ukraine
    s = parsed["ucdp_acd_sides"]
    rus = s[(s["ccode"] == 365) & (s["conflict_id"].isin([13243, 13246, 13247, 13306]))]
    got = {
        (int(c), str(side), str(role))
        for c, side, role in rus[["conflict_id", "side", "role"]].itertuples(index=False)
    }
    assert got == {
        (13243, "A", "primary"),
        (13246, "B", "secondary"),
        (13247, "B", "secondary"),
        (13306, "B", "secondary"),
    }


def test_comma_lists_parse_like_split_rows(raw, parsed, tmp_path):
    # the UCDP layout: one row per conflict-year, several codes per cell as "2, 200"
    def joined(cells: pd.Series) -> str | None:
        codes: list[int] = []
        for cell in cells:
            codes += [c for c in ucdp.split_codes(cell) if c not in codes]
        return ", ".join(map(str, codes)) or None

    folded = raw.groupby(["conflict_id", "year"], as_index=False).agg(
        {
            **{c: joined for c, _, _ in ucdp.SIDE_COLUMNS},
            **{c: "first" for c in ("incompatibility", "intensity_level", "type_of_conflict")},
        }
    )
    assert folded["gwno_a_2nd"].str.contains(",", na=False).any()
    pyreadr.write_rdata(str(tmp_path / "u.rda"), folded, df_name="ucdp_acd")
    again = ucdp.parse_ucdp_acd({ucdp.UCDP_FILE: tmp_path / "u.rda"}, states)
    cols = ["conflict_id", "year", "side", "role", "gwno", "ccode"]
    pd.testing.assert_frame_equal(
        again["ucdp_acd_sides"][cols].reset_index(drop=True),
        parsed["ucdp_acd_sides"][cols].reset_index(drop=True),
    )


def test_unknown_code_is_refused(raw, tmp_path):
    bad = raw.copy()
    bad.loc[0, "gwno_a"] = 999.0
    pyreadr.write_rdata(str(tmp_path / "u.rda"), bad, df_name="ucdp_acd")
    with pytest.raises(FormatError, match=r"999 \(2012–2012\); add them"):
        ucdp.parse_ucdp_acd({ucdp.UCDP_FILE: tmp_path / "u.rda"}, states)
    with pytest.raises(FormatError, match="not a list of state codes"):
        ucdp.split_codes("2, x")
