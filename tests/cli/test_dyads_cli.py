"""``multipolar dyads`` through Typer's runner (in-process, real store, real files)."""

from __future__ import annotations

import re

import pandas as pd
from typer.testing import CliRunner

from multipolar import sources
from multipolar.cli import app

runner = CliRunner()


def run(*args: str):
    return runner.invoke(app, ["dyads", *args], catch_exceptions=False)


def test_stata_file_has_variable_and_value_labels(store, tmp_path):
    out = tmp_path / "panel.dta"
    r = run("--from", "1990", "--to", "1991", "--add", "atop,contiguity,nmc", "-o", str(out))
    assert r.exit_code == 0, r.output
    with pd.io.stata.StataReader(out) as reader:
        variables = reader.variable_labels()
        values = reader.value_labels()
    assert variables["atop_defense"].startswith("ccode1 has a defence commitment to ccode2")
    assert variables["cinc1"].startswith("state 1: Composite Index of National Capability")
    labels = {name: set(v.values()) for name, v in values.items()}
    assert {"not contiguous", "land"} <= next(v for v in labels.values() if "land" in v)
    df = pd.read_stata(out)
    us_can = df[(df["ccode1"] == 2) & (df["ccode2"] == 20) & (df["year"] == 1990)].iloc[0]
    assert us_can["conttype"] == "land" and us_can["atop_defense"] == "defence pact"
    raw = pd.read_stata(out, convert_categoricals=False)
    assert len(raw) == len(df) and raw["ccode1"].lt(raw["ccode2"]).all()


def test_parquet_with_dictionary_beside_and_complete_cite(store, tmp_path):
    out = tmp_path / "panel.parquet"
    bib = tmp_path / "panel.bib"
    add = "atop,nmc,trade,mids,contiguity,democracy,gdp"
    r = run("--from", "2000", "--to", "2002", "--add", add, "-o", str(out), "--cite", str(bib))
    assert r.exit_code == 0, r.output
    df = pd.read_parquet(out)
    dictionary = pd.read_csv(tmp_path / "panel.dictionary.csv")
    assert list(dictionary.columns) == ["column", "meaning", "unit", "source", "years"]
    assert set(dictionary["column"]) == set(df.columns)
    text = bib.read_text()
    used = ["cow_states", "atop_alliance", "cow_nmc", "cow_trade_ndy", "gml_mid_ddydisps",
            "cow_contdir", "ccode_democracy", "cow_sdp_gdp"]  # fmt: skip
    for name in used:
        for key in re.findall(r"@\w+\{([^,]+),", sources.get(name).bibtex):
            assert f"{{{key}," in text, (name, key)


def test_csv_state_years_of_the_gw_system(store, tmp_path):
    out = tmp_path / "sy.csv"
    r = run("--states", "--system", "gw", "--from", "2016", "--to", "2019", "--add", "gdp", "-o", str(out))  # fmt: skip
    assert r.exit_code == 0, r.output
    df = pd.read_csv(out)
    assert list(df.columns[:4]) == ["gwcode", "ccode", "year", "extended"]
    # G-W's list ends 2017-12-31: 2018 and 2019 are extended; SDP GDP ends 2016
    assert set(df.loc[df["year"] >= 2018, "extended"]) == {1}
    assert df.loc[df["year"] > 2016, "wbgdp2011est"].isna().all()
    assert (tmp_path / "sy.dictionary.csv").is_file()


def test_bad_input_is_one_line(store, tmp_path):
    r = run("--add", "atop", "--states")
    assert r.exit_code == 1 and "dyad-year covariate" in r.output
    r = run("--from", "2000", "--to", "2001", "-o", str(tmp_path / "x.xlsx"))
    assert r.exit_code == 1 and "use one of .csv, .parquet, .dta" in r.output
    assert not (tmp_path / "x.xlsx").exists()
