"""The foundation commands through Typer's runner (in-process, real store, real files)."""

from __future__ import annotations

import json

import pandas as pd
from typer.testing import CliRunner

from multipolar import sources
from multipolar.cli import app

runner = CliRunner()


def run(*args: str):
    return runner.invoke(app, list(args), catch_exceptions=False)


def test_states_resolve_json():
    r = run("states", "resolve", "PRC", "Moscow", "Germany", "--year", "1970", "--format", "json")
    assert r.exit_code == 0
    rows = json.loads(r.stdout)
    assert [x["ccode"] for x in rows] == [710, 365, 260]
    assert set(rows[0]) == {"input", "ccode", "iso3", "name", "period"}
    assert [x["name"] for x in rows] == ["China", "Soviet Union", "West Germany"]


def test_unknown_state_is_one_line_and_nonzero():
    r = run("states", "resolve", "Atlantis")
    assert r.exit_code == 1
    assert r.stderr.count("\n") == 1 and r.stderr.startswith("error: unknown state 'Atlantis'")


def test_data_list_json_lists_every_source(store):
    r = run("data", "list", "--format", "json")
    assert r.exit_code == 0
    rows = json.loads(r.stdout)
    assert {x["source"] for x in rows if x["version"] != "view"} == set(sources.names())
    by_table = {x["table"]: x for x in rows}
    assert by_table["unvotes_votes"]["rows"] == 870_109
    panel = by_table["unga_votes"]
    assert panel["source"] == "panel (unvotes 1946–2018 + unga_unxml 2019–2025)"
    assert (panel["first_year"], panel["last_year"]) == (1946, 2025)
    n74 = store.sql("SELECT count(*) FROM unvotes_votes WHERE session = 74").iloc[0, 0]
    assert panel["rows"] == 870_109 - n74 + by_table["unxml_votes"]["rows"]


def test_data_cite_and_show():
    r = run("data", "cite", "cow_nmc")
    assert r.exit_code == 0 and "@incollection{singer1972capability" in r.stdout
    r = run("data", "show", "unvotes")
    assert r.exit_code == 0 and "1946" in r.stdout


def test_import_wrong_format_names_missing_columns(shared_data, fresh_home):
    r = run(
        "data",
        "import",
        str(shared_data / "peacesciencer" / "cow_nmc.rda"),
        "--as",
        "unvotes-voeten",
    )
    assert r.exit_code == 1
    assert "lacks the column(s) rcid, vote, session" in r.stderr


def test_export_by_extension(store, tmp_path):
    for ext in ("csv", "parquet", "dta"):
        out = tmp_path / f"nmc.{ext}"
        r = run("export", "cow_nmc", "-o", str(out))
        assert r.exit_code == 0, r.stderr
        reader = {"csv": pd.read_csv, "parquet": pd.read_parquet, "dta": pd.read_stata}[ext]
        assert len(reader(out)) == 17_121


def test_export_unknown_extension_writes_nothing(store, tmp_path):
    r = run("export", "cow_nmc", "-o", str(tmp_path / "nmc.xlsx"))
    assert r.exit_code == 1 and "use one of" in r.stderr
    assert list(tmp_path.iterdir()) == []


def test_pull_through_http_mirror(http_mirror, fresh_home, monkeypatch):
    monkeypatch.setenv("MULTIPOLAR_MIRROR", http_mirror)
    r = run("data", "pull", "cow_majors", "td_rivalries")
    assert r.exit_code == 0, r.stderr
    assert "cow_majors: 14 rows" in r.stderr


def test_debug_shows_traceback():
    r = runner.invoke(app, ["--debug", "states", "resolve", "Atlantis"])
    assert r.exit_code == 1 and r.exception is not None


def test_data_list_table_has_one_row_per_source(store):
    """Issue 21.15: the terminal table names each source once (the speeches' 10,952 files and
    a source's several tables stay in its one row); JSON and CSV keep one row per table."""
    from multipolar.store import summary

    by_source = summary(store, by="source")
    by_table = summary(store)
    assert by_source["source"].is_unique
    assert set(by_source["source"]) == set(by_table["source"])
    gsdb = by_source.set_index("source").loc["gsdb"]
    assert gsdb["rows"] == by_table.loc[by_table["source"] == "gsdb", "rows"].sum()
    r = runner.invoke(app, ["data", "list"], env={"COLUMNS": "200"}, catch_exceptions=False)
    assert r.exit_code == 0
    starts = [line.split("│")[1].strip() for line in r.stdout.splitlines() if line.startswith("│")]
    for name in by_source["source"]:
        if not name.startswith("panel"):  # the panel's long label wraps over several lines
            assert starts.count(name) == 1, name
