"""Every parser on the real files: row counts, year ranges, no silently dropped states.

Expected counts are those stated in shared/data/PROVENANCE.md (counted from the raw files);
the Voeten-format counts come from a plain value count of the raw `vote` column.
"""

from __future__ import annotations

import pytest

from multipolar import sources, states
from multipolar.errors import FormatError, UnknownSourceError
from multipolar.sources.unvotes import ParseReport, parse_voeten

EXPECTED = {
    # source: {table: (rows, first year, last year)}
    "unvotes": {
        "unvotes_votes": (870_109, 1946, 2019),
        "unvotes_rollcalls": (6_203, 1946, 2019),
    },
    # 2,231 records less 39 repeats; the votes are the deduplicated lists (both counted from
    # the raw JSON in test_unxml.py)
    "unga_unxml": {"unxml_rollcalls": (2_192, 2019, 2025), "unxml_votes": (128_399, 2019, 2025)},
    "cow_states": {"cow_states": (243, None, None)},
    "cow_nmc": {"cow_nmc": (17_121, 1816, 2022)},
    "atop_alliance": {"atop_ddy": (273_296, 1815, 2018)},
    "cow_alliance": {"cow_alliance": (120_784, 1816, 2012)},
    "td_rivalries": {"td_rivalries": (197, None, None)},
    "gml_mid_ddydisps": {"gml_mid_ddydisps": (9_284, 1816, 2010)},
    "cow_contdir": {"cow_contdir": (1_874, None, None)},
    "cow_majors": {"cow_majors": (14, None, None)},
    "cow_trade_sy": {"cow_trade_sy": (14_410, 1870, 2014)},
    "cow_trade_ndy": {"cow_trade_ndy": (673_654, 1870, 2014)},
    "cow_igo_ndy": {"cow_igo_ndy": (917_695, 1816, 2014)},
    "capitals": {"capitals": (242, None, None)},
    # counted from the raw CSV with the csv module in test_gsdb.py
    "gsdb": {
        "gsdb_cases": (1_325, None, None),
        "gsdb_sanctions_dyad": (13_866, 1949, 2022),
        "gsdb_names": (212, None, None),
    },
    # 10,952 speeches (MANIFEST.sha256's 10,953 files less one .DS_Store) x 5 key terms;
    # ungdc_mentions depends on the coder
    "ungdc": {"ungdc_speeches": (10_952, 1946, 2024), "ungdc_terms": (54_760, 1946, 2024)},
    # PROVENANCE.md (the dyads panels' sources)
    "ccode_democracy": {"ccode_democracy": (16_731, 1816, 2020)},
    "cow_sdp_gdp": {"cow_sdp_gdp": (27_753, 1800, 2016)},
    "gw_states": {"gw_states": (216, None, None)},
    "cow_gw_years": {"cow_gw_years": (16_936, 1816, 2020)},
    # issue 18 (PROVENANCE.md; the derived counts are explained in tests/sources/test_NAME.py)
    "cow_mid_ddydisps": {
        "cow_mid_ddydisps": (10_234, 1816, 2014),
        "cow_mid_disps": (2_436, None, None),
    },
    "tss_rivalries": {"tss_rivalries": (264, None, None)},
    "ucdp_acd": {"ucdp_acd_cy": (2_752, 1946, 2024), "ucdp_acd_sides": (6_324, 1946, 2024)},
    "unsc_vetoes": {"unsc_vetoes": (265, 1946, 2022)},
    "aiddata_gcdf": {"aiddata_gcdf_sy": (2_458, 2000, 2021)},
    # test_imf_dots.py counts China's workbook by hand; 245 names read, 254 crosswalk rows
    "imf_dots": {
        "imf_dots_exports": (810_683, 1960, 2023),
        "imf_dots_ndy": (501_665, 1960, 2023),
        "imf_dots_names": (254, None, None),
    },
    # cells counted from the raw CSVs with the csv module in test_sipri.py
    "sipri_tiv": {"sipri_tiv_dyad": (12_499, 1950, 2021), "sipri_tiv_names": (224, None, None)},
}
# tables whose code columns are null by design (groups and non-states have no COW code)
NULL_CODES_OK = {
    "gsdb_names",
    "gsdb_cases",
    "gsdb_sanctions_dyad",
    "imf_dots_names",
    "sipri_tiv_names",
    "ucdp_acd_sides",
}
# the crosswalk: a state-year in the G-W system only has no COW code
NULL_CODES_OK |= {"cow_gw_years"}
#: speakers without a COW code, counted from the file names (ls | grep): the State of Palestine
#: (27 speeches), the Holy See (22), the European Union (14), the Byelorussian and Ukrainian SSRs
#: before 1991 (45 each: UN members, not COW states) and India in 1946 (COW India begins 1947)
NO_CCODE = {"ungdc_speeches": 154, "ungdc_terms": 770}


def test_every_source_is_tested():
    assert set(EXPECTED) == set(sources.names())


@pytest.mark.parametrize("name", sorted(EXPECTED))
def test_parser_on_real_file(store, name):
    for table, (rows, first, last) in EXPECTED[name].items():
        df = store.frame(table)
        assert len(df) == rows, table
        if first is not None:
            assert (int(df["year"].min()), int(df["year"].max())) == (first, last)
        for col in ("ccode", "ccode1", "ccode2"):
            if col in df.columns and table not in NULL_CODES_OK:
                missing = int(df[col].isna().sum())
                assert missing == NO_CCODE.get(table, 0), f"{table}.{col} has missing codes"


def test_unvotes_maps_every_country(store):
    votes = store.frame("unvotes_votes")
    # 200 country names in un_votes; Taiwan/China, FRG/Germany, etc. stay distinct codes
    assert votes["country"].nunique() == 200
    assert votes["ccode"].nunique() == 200
    by = votes.groupby("ccode")["year"].agg(["min", "max"])
    assert by.loc[713, "max"] == 1971 and by.loc[710, "min"] == 1971  # the Chinese seat
    assert by.loc[260, "max"] == 1990 and by.loc[255, "min"] == 1991  # Germany
    assert by.loc[265, "max"] == 1989
    assert by.loc[678, "max"] == 1990 and by.loc[679, "min"] == 1991  # Yemen
    assert by.loc[315, "max"] == 1992 and by.loc[316, "min"] == 1993  # Czechoslovakia
    assert set(votes["vote"].unique()) == {1, 2, 3}
    assert (votes["year"] == votes["session"] + 1945).all()


def test_unvotes_issue_flags(store):
    rc = store.frame("unvotes_rollcalls")
    # un_roll_call_issues has 5,745 (rcid, issue) rows, one issue per row, no duplicates
    flags = rc[["me", "nu", "di", "hr", "co", "ec"]].sum().sum()
    assert flags == 5_745


def test_voeten_format_import(shared_data):
    report = ParseReport()
    tables = parse_voeten(shared_data / "unvotes" / "UNVotesPublished.RData", states, report)
    votes = tables["import_votes"]
    assert report.rows_read == 1_066_613
    # raw value counts of `vote`: 1: 588,800; 2: 95,099; 3: 54,865; 8: 73,328; 9: 254,521
    assert report.set_aside["absent (vote 8)"] == 73_328
    assert report.set_aside["not a member (vote 9)"] == 254_521
    assert report.rows_kept == len(votes) == 588_800 + 95_099 + 54_865
    assert report.rows_kept + sum(report.set_aside.values()) == report.rows_read
    assert (votes["year"].min(), votes["year"].max()) == (1946, 2015)


def test_voeten_wrong_format_names_missing_columns(shared_data):
    with pytest.raises(FormatError, match="lacks the column"):
        parse_voeten(shared_data / "peacesciencer" / "cow_nmc.rda", states)


def test_unknown_source_suggests():
    with pytest.raises(UnknownSourceError, match="cow_nmc"):
        sources.get("cow_nm")


def test_cards_and_citations():
    for name in sources.names():
        src = sources.get(name)
        assert src.bibtex.lstrip().startswith("@")
        assert src.name in src.card() and src.files[0].sha256 in src.card()
