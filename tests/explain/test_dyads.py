"""Panels of ``explain.dyads`` on the real store: units against the membership files, known
values from the source files (read here with the raw R reader, not through the panel), missing
outside coverage, directed versus non-directed."""

from __future__ import annotations

import math
import re
from pathlib import Path

import duckdb
import pandas as pd
import pytest

from multipolar import sources
from multipolar.errors import InputError
from multipolar.explain.dyads import dyads, state_years
from multipolar.measures.panels import covariates
from multipolar.sources._rdata import read_rdata


def _raw(shared_data: Path, name: str) -> pd.DataFrame:
    return read_rdata(shared_data / "peacesciencer" / f"{name}.rda")


def _keys(df: pd.DataFrame, cols: list[str]) -> set[tuple[int, ...]]:
    return set(map(tuple, df[cols].astype(int).to_numpy().tolist()))


# --- units ---------------------------------------------------------------------------------
def test_state_years_are_the_spells_of_cow_states_year_by_year(store, shared_data):
    # expected: every spell of cow_states.rda expanded styear..endyear (a plain loop), and
    # after 2016 the states whose spell ends on the list's last day, 2016-12-31
    spells = _raw(shared_data, "cow_states")
    expected = set()
    for r in spells.itertuples():
        last = 2022 if (r.endyear, r.endmonth, r.endday) == (2016, 12, 31) else int(r.endyear)
        expected |= {(int(r.ccode), y) for y in range(int(r.styear), last + 1)}
    got = state_years(store, 1816, 2022).to_pandas()
    assert _keys(got, ["ccode", "year"]) == expected
    assert len(got) == len(expected)  # no duplicates
    assert set(got.loc[got["year"] > 2016, "extended"]) == {1}
    assert set(got.loc[got["year"] <= 2016, "extended"]) == {0}


def test_directed_dyad_years_equal_peacesciencers_cow_ddy(store, shared_data):
    # peacesciencer ships its own directed dyad-years 1816-2024 (cow_ddy.rda, 2,214,930 rows):
    # ours must be the same set, neither more nor fewer
    ddy = _raw(shared_data, "cow_ddy")
    ours = dyads(store, 1816, 2024, directed=True).to_arrow()
    con = duckdb.connect()
    con.register("ps", ddy)
    con.register("ours", ours)
    q = "SELECT ccode1::INT a, ccode2::INT b, year::INT y FROM {}"
    assert con.execute(
        f"SELECT count(*) FROM ({q.format('ps')} EXCEPT {q.format('ours')})"
    ).fetchone() == (0,)
    assert con.execute(
        f"SELECT count(*) FROM ({q.format('ours')} EXCEPT {q.format('ps')})"
    ).fetchone() == (0,)
    assert ours.num_rows == len(ddy) == 2_214_930


def test_unifications_and_the_soviet_breakup(store):
    df = dyads(store, 1975, 1992).to_pandas()
    pairs = {(a, b, y) for a, b, y in df[["ccode1", "ccode2", "year"]].itertuples(index=False)}
    # Germany: the GFR (260) and GDR (265) end on 1990-10-02, Germany (255) begins 1990-10-03
    assert (260, 265, 1990) in pairs
    assert (255, 260, 1990) not in pairs and (255, 265, 1990) not in pairs
    assert not any(260 in (a, b) or 265 in (a, b) for a, b, y in pairs if y == 1991)
    assert (2, 255, 1990) in pairs and (2, 255, 1989) not in pairs
    # Yemen: 678 and 680 end on 1990-05-21, unified Yemen (679) begins 1990-05-22
    assert (678, 680, 1990) in pairs and (678, 679, 1990) not in pairs
    assert (679, 680, 1990) not in pairs and (2, 679, 1990) in pairs
    # Vietnam: the Republic of Vietnam (817) ends 1975-04-30; 816 continues
    assert (816, 817, 1975) in pairs
    assert not any(817 in (a, b) for a, b, y in pairs if y == 1976)
    # the Soviet breakup: Ukraine (369) from 1991-12-26, Estonia (366) from 1991-09-06
    assert (365, 369, 1991) in pairs and (365, 369, 1990) not in pairs
    assert (366, 369, 1991) in pairs and (2, 366, 1990) not in pairs


def test_gleditsch_ward_system_keeps_the_gfr_code_after_unification(store):
    df = state_years(store, 1989, 1992, system="gw").to_pandas()
    codes = {int(y): set(g["gwcode"]) for y, g in df.groupby("year")}
    # G-W: Germany is 260 before and after 1990; the GDR (265) ends 1990-10-02
    assert 260 in codes[1991] and 255 not in codes[1991] and 265 not in codes[1991]
    assert 265 in codes[1990]
    germany = df[(df["gwcode"] == 260) & (df["year"] == 1991)]
    assert germany["ccode"].tolist() == [255]  # the crosswalk's COW code that year


def test_relevant_dyads_are_contiguous_by_land_or_with_a_major_power(store):
    df = dyads(store, 1990, 1990, relevant=True).to_pandas()
    pairs = set(zip(df["ccode1"], df["ccode2"], strict=True))
    assert (2, 20) in pairs  # USA-Canada: both (major power, land border)
    assert (90, 91) in pairs  # Guatemala-Honduras: land border (cow_contdir type 1)
    assert (31, 900) not in pairs  # Bahamas-Australia: neither
    assert (31, 710) in pairs  # China was a major power in 1990


# --- covariates ------------------------------------------------------------------------------
ALL = ["atop", "nmc", "trade", "mids", "rivalry", "contiguity", "capdist", "democracy", "gdp",
       "majors", "igos", "sanctions"]  # fmt: skip


@pytest.fixture(scope="module")
def panel(store):
    # from 1915: the known values below need Canada's entry (1920) and Russia's 1918 move
    return dyads(store, 1915, 2022).add(*ALL).to_pandas()


@pytest.fixture(scope="module")
def directed(store):
    return dyads(store, 1985, 2022, directed=True).add(*ALL).to_pandas()


def _row(df: pd.DataFrame, a: int, b: int, year: int) -> pd.Series:
    hit = df[(df["ccode1"] == a) & (df["ccode2"] == b) & (df["year"] == year)]
    assert len(hit) == 1
    return hit.iloc[0]


def test_left_joins_keep_every_unit(store, panel):
    assert len(panel) == len(dyads(store, 1915, 2022).to_pandas())


def test_known_values_from_the_source_files(panel):
    us_can = _row(panel, 2, 20, 1942)
    # atop_alliance.rda, first row: 2, 20, 1942, atop_defense 1
    assert us_can["atop_defense"] == 1
    # cow_contdir.rda: 2-20 conttype 1 from 1920; 2-31 (Bahamas) type 4 from 1973-07-01
    assert us_can["conttype"] == 1
    assert _row(panel, 2, 31, 1980)["conttype"] == 4
    # gml_mid_ddydisps.rda: US-Canada onsets in 1979 (dispute 2968), 1989, 1991, 1997
    assert _row(panel, 2, 20, 1979)["gmlmidonset"] == 1
    assert _row(panel, 2, 20, 1980)["gmlmidonset"] == 0
    # peace years count from Canada's entry (1920): 1978 -> 58, 1980 -> 0, 1989 -> 9
    assert _row(panel, 2, 20, 1978)["gmlmid_peaceyears"] == 58
    assert _row(panel, 2, 20, 1979)["gmlmid_peaceyears"] == 59  # the onset year ends the spell
    assert _row(panel, 2, 20, 1980)["gmlmid_peaceyears"] == 0
    assert _row(panel, 2, 20, 1989)["gmlmid_peaceyears"] == 9
    assert _row(panel, 2, 20, 1992)["gmlmid_peaceyears"] == 0
    assert _row(panel, 2, 20, 1992)["gmlmid_spell"] == 4  # three onset years before 1992


def test_capital_distance_by_hand(panel, shared_data):
    # Washington D.C. (38.895037, -77.036543) and Ottawa (45.420878, -75.690111) in
    # cow_capitals.rda; the spherical law of cosines (a different formula from the panel's
    # haversine) on a 6371 km sphere: 734.05 km (published road-free figure: about 734 km)
    cap = _raw(shared_data, "cow_capitals").set_index("ccode")
    la1, lo1 = map(math.radians, cap.loc[2.0, ["lat", "lng"]])
    la2, lo2 = map(math.radians, cap.loc[20.0, ["lat", "lng"]])
    km = 6371 * math.acos(
        math.sin(la1) * math.sin(la2) + math.cos(la1) * math.cos(la2) * math.cos(lo2 - lo1)
    )
    assert km == pytest.approx(734.05, abs=0.01)
    assert _row(panel, 2, 20, 2000)["capdist"] == pytest.approx(km, abs=1e-6)
    # Russia moved its capital to Moscow on 1918-03-12: the later capital holds in 1918
    assert _row(panel, 2, 365, 1918)["capdist"] == pytest.approx(
        _row(panel, 2, 365, 1950)["capdist"]
    )
    assert _row(panel, 2, 365, 1917)["capdist"] != pytest.approx(
        _row(panel, 2, 365, 1950)["capdist"]
    )


def test_missing_outside_coverage_and_zero_inside(store, panel):
    late = _row(panel, 2, 20, 2020)
    # ATOP ends 2018, GML MIDs 2010, contiguity 2016, SDP 2016, democracy 2020, IGOs 2014
    for col in ["atop_defense", "gmlmidonset", "gmlmid_peaceyears", "conttype", "wbgdp2011est1",
                "dyadigos", "flow1", "tdrival"]:  # fmt: skip
        assert pd.isna(late[col]), col
    assert late["cinc1"] > 0  # NMC runs to 2022
    # ccode_democracy.rda, USA: v2x_polyarchy 0.798 in 2019, none in 2020 (inside the file's
    # years: missing as in the file); polity2 8 in 2017, none in 2018
    assert _row(panel, 2, 20, 2019)["v2x_polyarchy1"] == pytest.approx(0.798)
    assert pd.isna(late["v2x_polyarchy1"])
    assert _row(panel, 2, 20, 2017)["polity21"] == 8 and pd.isna(
        _row(panel, 2, 20, 2018)["polity21"]
    )
    assert _row(panel, 2, 20, 2020)["extended"] == 1
    # inside coverage, a dyad the event lists do not name is 0, not missing
    quiet = _row(panel, 31, 900, 1990)  # Bahamas-Australia
    for col in ["atop_defense", "gmlmidonset", "conttype", "tdrival", "sanctions12"]:
        assert quiet[col] == 0, col
    # trade before COW trade begins (1870) is missing, never zero
    early = dyads(store, 1850, 1850).add("trade").to_pandas()
    assert len(early) > 0 and early["flow1"].isna().all()
    # no column anywhere outside its years
    for name in ALL:
        cov = covariates()[name]
        lo, hi = cov.years
        outside = panel[(panel["year"] < lo) | (panel["year"] > hi)]
        for c in cov.columns:
            cols = [c.name] if cov.level == "dyad" else [f"{c.name}1", f"{c.name}2"]
            for col in cols:
                if col in outside:
                    assert outside[col].isna().all(), col


def test_directed_panel_mirrors_the_non_directed_one(store, directed):
    # the same span (peace years count from the panel's first year)
    panel = dyads(store, 1985, 2022).add(*ALL).to_pandas()
    assert len(directed) == 2 * len(panel)
    ab = directed.merge(panel, on=["ccode1", "ccode2", "year"], suffixes=("", "_nd"))
    assert len(ab) == len(panel)
    for col in ["atop_defense", "conttype", "gmlmidonset", "gmlmid_peaceyears", "flow1", "cinc1",
                "capdist", "sanctions12", "dyadigos"]:  # fmt: skip
        pd.testing.assert_series_equal(ab[col], ab[f"{col}_nd"], check_names=False)
    # the other order: swapped sides
    flipped = panel.rename(columns={"ccode1": "ccode2", "ccode2": "ccode1"})
    ba = directed.merge(flipped, on=["ccode1", "ccode2", "year"], suffixes=("", "_nd"))
    assert len(ba) == len(panel)
    for mine, theirs in [("flow1", "flow2"), ("cinc1", "cinc2"), ("sanctions12", "sanctions21"),
                         ("v2x_polyarchy1", "v2x_polyarchy2"), ("tdrival", "tdrival"),
                         ("gmlmid_peaceyears", "gmlmid_peaceyears"), ("capdist", "capdist")]:  # fmt: skip
        pd.testing.assert_series_equal(ba[mine], ba[f"{theirs}_nd"], check_names=False)


# --- registry, dictionary, citations -----------------------------------------------------------
def test_registry_names_are_r_and_stata_friendly_and_sourced():
    for cov in covariates().values():
        for s in cov.sources:
            assert s in sources.names()
        for t in cov.tables:
            assert t in sources.TABLE_SOURCE or t in ("unga_votes", "unga_rollcalls")
        for name in [c.name for c in cov.columns] + [d.name for d in cov.derived]:
            assert re.fullmatch(r"[a-z][a-z0-9_]*", name) and len(name) <= 30, name


def test_dictionary_lists_every_column(store):
    p = dyads(store, 2000, 2001).add(*ALL)
    cols = list(p.to_arrow().column_names)
    d = p.dictionary()
    assert list(d["column"]) == cols or set(d["column"]) == set(cols)
    assert d[["meaning", "unit", "source", "years"]].notna().all().all()


def test_bibtex_holds_every_citation_key(store):
    p = dyads(store, 2000, 2001).add("atop", "nmc", "democracy", "gdp")
    bib = p.bibtex()
    for name in ["cow_states", "atop_alliance", "cow_nmc", "ccode_democracy", "cow_sdp_gdp"]:
        for key in re.findall(r"@\w+\{([^,]+),", sources.get(name).bibtex):
            assert f"{{{key}," in bib
    assert bib.count("@article{miller2022peacesciencer,") == 1


def test_bad_input_is_one_clear_error(store):
    with pytest.raises(InputError, match=r"no covariate 'atopp'.*did you mean atop"):
        dyads(store, 2000, 2001).add("atopp")
    with pytest.raises(InputError, match="dyad-year covariate"):
        state_years(store, 2000, 2001).add("mids")
    with pytest.raises(InputError, match="after"):
        dyads(store, 2001, 2000)
    with pytest.raises(InputError, match="begin in 1816"):
        dyads(store, 1700, 2000)


def test_votes_covariate_counts_from_the_uns_records(store, unxml_pair):
    # session 80 (2025) in the UN's own JSON: roll calls both voted on and identical votes
    n, same = unxml_pair(80, "CHINA", "RUSSIAN FEDERATION")
    df = dyads(store, 2025, 2025).add("votes").to_pandas()
    row = _row(df, 365, 710, 2025)
    assert row["un_votes"] == n
    assert row["un_agree"] == pytest.approx(same / n)
    # before the UN's first session there is no vote similarity (missing, not zero)
    early = dyads(store, 1940, 1945).add("votes").to_pandas()
    assert early["un_agree"].isna().all() and early["un_votes"].isna().all()


def test_gw_state_years_are_the_spells_of_gw_states(store, shared_data):
    # expected: every spell of gw_states.rda expanded year by year (a plain loop); spells open
    # on the list's last day (2017-12-31) continue to 2020
    spells = _raw(shared_data, "gw_states")
    expected = set()
    for r in spells.itertuples():
        start, end = pd.Timestamp(r.startdate), pd.Timestamp(r.enddate)
        last = 2020 if end == pd.Timestamp("2017-12-31") else end.year
        expected |= {(int(r.gwcode), y) for y in range(start.year, min(last, 2020) + 1)}
    got = state_years(store, 1816, 2020, system="gw").to_pandas()
    assert _keys(got, ["gwcode", "year"]) == expected and len(got) == len(expected)


# --- the issue-18 sources as covariates: IMF trade, MID 5.0, TSS rivalries, SIPRI arms ---------
def test_issue18_covariates_against_the_raw_files(store, shared_data):
    import csv

    df = dyads(store, 2008, 2014).add("imf_trade", "mid5", "tss_rivalry", "arms").to_pandas()
    cr = df[(df.ccode1 == 365) & (df.ccode2 == 710)].set_index("year")
    # IMF DOTS: China–Russia trade 2014 = US$ 91.2 bn (PROVENANCE.md: both workbooks, by hand)
    assert cr.loc[2014, "imf_trade"] == pytest.approx(91_180, abs=1)
    assert cr.loc[2014, "imf_exports12"] + cr.loc[2014, "imf_exports21"] == pytest.approx(
        cr.loc[2014, "imf_trade"]
    )
    # MID 5.0 records China–Russia dispute-years 2009 and 2012 (cow_mid_ddydisps.rda, by hand)
    raw = _raw(shared_data, "cow_mid_ddydisps")
    years = set(raw.loc[(raw.ccode1 == 365) & (raw.ccode2 == 710), "year"].astype(int))
    assert {int(y) for y in cr.index[cr["cowmidongoing"] == 1]} == years & set(range(2008, 2015))
    # TSS: no China–Russia rivalry after 1989
    assert (cr["tssrival"] == 0).all()
    # SIPRI: Russia -> China TIV by year, the 'China' row of TIV-Export-RUS-1950-2021.csv
    with (shared_data / "sipri" / "TIV-Export-RUS-1950-2021.csv").open(encoding="utf-8") as fh:
        rows = list(csv.reader(fh))
    header = next(r for r in rows if r and r[1] == "1950")
    china = next(r for r in rows if r and r[0] == "China")
    for y in range(2008, 2015):
        cell = china[header.index(str(y))]
        assert cr.loc[y, "arms12"] == (float(cell) if cell else 0)
    # China is an exporter the tables hold and delivered nothing to Russia: 0, not missing
    assert (cr["arms21"] == 0).all()
    # neither India nor Pakistan is a held exporter: missing, never 0
    ip = df[(df.ccode1 == 750) & (df.ccode2 == 770)]
    assert ip["arms12"].isna().all() and ip["arms21"].isna().all()
