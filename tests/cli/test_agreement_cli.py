"""``multipolar agreement`` through Typer's runner (in-process, real store, real files)."""

from __future__ import annotations

import json

import pandas as pd
from typer.testing import CliRunner

from multipolar.cli import app

runner = CliRunner()


def run(*args: str):
    return runner.invoke(app, ["agreement", *args], catch_exceptions=False)


def test_two_states_print_a_year_by_year_table(store, unxml_pair):
    r = run("--states", "China,Russia", "--from", "1992")
    assert r.exit_code == 0, r.output
    assert "China" in r.stdout and "Russia" in r.stdout
    lines = [ln for ln in r.stdout.splitlines() if ln.startswith("│ ")]
    years = [int(ln.split("│")[1]) for ln in lines]
    assert years == list(range(1992, 2026))
    last = lines[-1].split("│")
    n, same = unxml_pair(80, "CHINA", "RUSSIAN FEDERATION")  # from the UN's JSON
    assert last[2].strip() == str(n) and last[3].strip() == f"{same / n:.3f}"


def test_output_parquet_has_every_dyad_year(store, tmp_path, unxml_pair):
    out = tmp_path / "x.parquet"
    r = run("-o", str(out))
    assert r.exit_code == 0, r.output
    df = pd.read_parquet(out)
    assert list(df.columns) == [
        "ccode1",
        "ccode2",
        "year",
        "n_votes",
        "agree",
        "s_abs",
        "s_sq",
        "kappa",
        "pi",
    ]
    assert df["year"].min() == 1946 and df["year"].max() == 2025
    assert (df["ccode1"] < df["ccode2"]).all()
    assert len(df) > 800_000
    row = df[(df["ccode1"] == 365) & (df["ccode2"] == 710) & (df["year"] == 2019)]
    assert row["n_votes"].item() == unxml_pair(74, "CHINA", "RUSSIAN FEDERATION")[0]


def test_json_rows_for_alliances(store):
    r = run(
        "--states",
        "USA,UK",
        "--from",
        "2000",
        "--to",
        "2002",
        "--source",
        "alliances",
        "--format",
        "json",
    )
    assert r.exit_code == 0, r.output
    rows = json.loads(r.stdout)
    assert [x["year"] for x in rows] == [2000, 2001, 2002]
    assert set(rows[0]) == {"ccode1", "ccode2", "year", "n_states", "s_abs", "s_wt", "kappa", "pi"}
    assert rows[0]["ccode1"] == 2 and rows[0]["ccode2"] == 200


def test_issue_and_csv(store):
    r = run(
        "--states",
        "USA,Israel",
        "--from",
        "2015",
        "--to",
        "2016",
        "--issue",
        "me",
        "--format",
        "csv",
    )
    assert r.exit_code == 0, r.output
    assert r.stdout.splitlines()[0].startswith("ccode1,ccode2,year,n_votes,agree")
    assert len(r.stdout.splitlines()) == 3


def test_bad_options_are_one_line_errors(store):
    for args in (
        ["--issue", "xx"],
        ["--source", "trade"],
        ["--states", "Atlantis"],
        ["--source", "alliances", "--issue", "hr"],
        ["--window", "0"],
    ):
        r = run(*args)
        assert r.exit_code == 1, args
        assert r.output.count("\n") == 1 and r.output.startswith("error:"), r.output
