"""``multipolar events`` through Typer's runner (in-process, real files, fresh store)."""

from __future__ import annotations

import json
import os
from pathlib import Path

import pandas as pd
import pytest
from typer.testing import CliRunner

from multipolar.cli import app

DATA = Path(os.environ.get("MULTIPOLAR_MIRROR") or Path(__file__).parents[3] / "shared" / "data")
SAMPLES = [
    str(DATA / "gdelt" / "events.csv"),
    str(DATA / "gdelt" / "20191024143000.export.CSV"),
    str(DATA / "icews" / "events.2018.sample.tab"),
]
SERIES_KEYS = {
    "month", "direction", "n_events", "verbal_coop", "material_coop", "verbal_conflict",
    "material_conflict", "goldstein_sum", "goldstein_mean",
}  # fmt: skip

runner = CliRunner()


def run(*args: str):
    return runner.invoke(app, list(args), catch_exceptions=False)


@pytest.fixture
def imported(fresh_home: Path) -> Path:
    r = run("events", "import", *SAMPLES, "--format", "json")
    assert r.exit_code == 0, r.stderr
    return fresh_home


def test_import_prints_per_file_counts_as_json(fresh_home: Path) -> None:
    r = run("events", "import", *SAMPLES, "--format", "json")
    assert r.exit_code == 0
    rows = json.loads(r.stdout)
    assert [(x["kind"], x["rows_read"], x["imported"], x["rejected"]) for x in rows] == [
        ("gdelt1", 710, 710, 0),
        ("gdelt2", 2111, 2111, 0),
        ("icews", 3705, 3705, 0),
    ]
    again = run("events", "import", SAMPLES[0], "--format", "json")
    assert again.exit_code == 0 and json.loads(again.stdout)[0]["status"] == "already imported"
    table = run("events", "import", SAMPLES[0])
    assert table.exit_code == 0 and "gdelt1" in table.stdout and "710" in table.stdout


def test_import_reports_rejections_and_fails_on_unreadable(
    fresh_home: Path, tmp_path: Path
) -> None:
    lines = Path(SAMPLES[1]).read_text(encoding="utf-8").splitlines()[:5]
    bad = tmp_path / "short.export.CSV"
    bad.write_text("\n".join([*lines, "1\t2\t3"]) + "\n", encoding="utf-8")
    junk = tmp_path / "junk.csv"
    junk.write_text("x,y\n1,2\n")
    r = run("events", "import", str(bad), str(junk), "--format", "json")
    assert r.exit_code == 1  # one file failed; the other was imported
    rows = json.loads(r.stdout)
    assert rows[0]["imported"] == 5 and rows[0]["reasons"] == {
        "wrong column count (3, expected 61)": 1
    }
    assert rows[1]["status"] == "failed"
    r = run("events", "import", SAMPLES[0], "--as", "gdelt2", "--format", "json")
    assert r.exit_code == 1 and "use --as gdelt1" in json.loads(r.stdout)[0]["error"]


def test_dyad_json_rows_and_file(imported: Path, tmp_path: Path) -> None:
    r = run("events", "dyad", "China", "Russia", "--format", "json")
    assert r.exit_code == 0
    rows = json.loads(r.stdout)
    assert rows and all(set(x) == SERIES_KEYS for x in rows)
    assert {x["direction"] for x in rows} == {"CHN->RUS", "RUS->CHN"}
    june = {x["direction"]: x for x in rows if x["month"] == "2018-06"}
    assert set(june) == {"CHN->RUS", "RUS->CHN"}
    for x in rows:
        total = (
            x["verbal_coop"] + x["material_coop"] + x["verbal_conflict"] + x["material_conflict"]
        )
        assert total == x["n_events"]
    out = tmp_path / "series.csv"
    r = run("events", "dyad", "CHN", "RUS", "--from", "2018-06", "--to", "2018-06", "-o", str(out))
    assert r.exit_code == 0
    df = pd.read_csv(out)
    assert set(df.month) == {"2018-06"} and len(df) == 2


def test_dyad_table_lists_top_event_types(imported: Path) -> None:
    r = run("events", "dyad", "China", "Russia")
    assert r.exit_code == 0
    assert "most frequent event types each way" in r.stdout
    assert "CHN->RUS" in r.stdout and "RUS->CHN" in r.stdout


def test_top_events_of_a_month(imported: Path) -> None:
    r = run("events", "top", "--month", "2019-10", "--pair", "USA,Russia", "--format", "json")
    assert r.exit_code == 0
    rows = json.loads(r.stdout)
    assert rows and all(x["date"].startswith("2019-10") for x in rows)
    assert {frozenset((x["source"][:3], x["target"][:3])) for x in rows} == {
        frozenset(("USA", "RUS"))
    }
    mentions = [x["num_mentions"] for x in rows]
    assert mentions == sorted(mentions, reverse=True)


def test_errors_are_one_line(imported: Path) -> None:
    r = run("events", "dyad", "China", "China")
    assert r.exit_code == 1 and r.stderr.startswith("error: A and B are the same state")
    r = run("events", "top", "--pair", "USA")
    assert r.exit_code == 1 and "two states" in r.stderr
    r = run("events", "dyad", "China", "Russia", "--backend", "oracle")
    assert r.exit_code == 1 and "unknown backend" in r.stderr


def test_dyad_without_event_data(fresh_home: Path) -> None:
    r = run("events", "dyad", "China", "Russia")
    assert r.exit_code == 1 and "multipolar events import" in r.stderr
