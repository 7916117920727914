"""``multipolar idealpoints`` through Typer's runner (in-process, real store).

The first call fits all UN votes (~25 s) and caches the result in the session store;
the later calls read the cache.
"""

from __future__ import annotations

import json

import pandas as pd
import pytest
from typer.testing import CliRunner

from multipolar.cli import app

pytestmark = pytest.mark.slow  # the first call fits all UN votes (~25 s) unless cached

runner = CliRunner()


def run(*args: str):
    return runner.invoke(app, list(args), catch_exceptions=False)


def test_series_with_uncertainty_as_json(store):
    r = run("idealpoints", "--states", "China,Russia,USA", "--from", "1991", "--format", "json")
    assert r.exit_code == 0, r.stderr
    rows = pd.DataFrame(json.loads(r.stdout))
    assert {"ccode", "year", "ideal", "se", "lo", "hi"} <= set(rows.columns)
    assert set(rows["ccode"]) == {710, 365, 2}
    assert rows["year"].min() == 1991 and rows["year"].max() == 2025
    assert len(rows) == 3 * 35
    assert (rows["se"] > 0).all() and (rows["lo"] < rows["ideal"]).all()
    by = rows.set_index(["ccode", "year"])["ideal"]
    assert by[(2, 2000)] > by[(365, 2000)] and by[(2, 2000)] > 0 > by[(710, 2000)]


def test_result_is_cached_in_the_store(store):
    run("idealpoints", "--states", "USA", "--to", "1950", "--format", "csv")
    from multipolar.explain.idealpoints import MODEL_VERSION
    from multipolar.measures.idealpoints import IdealPoints

    options = {"model": MODEL_VERSION, "issue": None, "settings": IdealPoints().get_params()}
    cached = store.load_result("idealpoints", options)
    assert cached is not None and len(cached) > 10_000


def test_table_and_file_output(store, tmp_path):
    r = run("idealpoints", "--states", "Cuba", "--from", "2015", "--to", "2016")
    assert r.exit_code == 0
    assert "CUB" in r.stdout and "2016" in r.stdout
    out = tmp_path / "ideal.csv"
    r = run("idealpoints", "--states", "Cuba", "--from", "2015", "--to", "2016", "-o", str(out))
    assert r.exit_code == 0
    df = pd.read_csv(out)
    assert list(df["year"]) == [2015, 2016] and (df["ideal"] < 0).all()


def test_issue_specific_fit(store):
    r = run(
        "idealpoints",
        "--issue",
        "nu",
        "--states",
        "USA,India",
        "--from",
        "2000",
        "--format",
        "json",
    )
    assert r.exit_code == 0
    rows = pd.DataFrame(json.loads(r.stdout))
    assert set(rows["ccode"]) == {2, 750}
    assert (rows.loc[rows["ccode"] == 2, "ideal"] > 0).all()


def test_bad_arguments_are_one_line_errors(store):
    r = run("idealpoints", "--issue", "sports")
    assert r.exit_code == 1 and r.stderr.startswith("error: unknown issue 'sports'")
    r = run("idealpoints", "--from", "2000", "--to", "1990")
    assert r.exit_code == 1 and "after" in r.stderr
    r = run("idealpoints", "--states", "Atlantis")
    assert r.exit_code == 1 and r.stderr.startswith("error: unknown state")
