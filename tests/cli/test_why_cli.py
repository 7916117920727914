"""`multipolar why` through the CLI runner."""

from __future__ import annotations

import json

from typer.testing import CliRunner

from multipolar.cli import app

runner = CliRunner()


def test_why_writes_html_and_json(store, tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    r = runner.invoke(app, ["why", "China", "Russia", "--json", "ev.json"], catch_exceptions=False)
    assert r.exit_code == 0, r.stderr
    assert (tmp_path / "why-CHN-RUS.html").stat().st_size > 100_000
    ev = json.loads((tmp_path / "ev.json").read_text())
    assert set(ev) >= {
        "states",
        "period",
        "findings",
        "evidence_matrix",
        "un_votes",
        "ideal_points",
        "alliances",
        "capabilities",
        "rivalries",
        "disputes",
        "trade",
        "igos",
        "sources",
    }
    assert ev["states"]["vs"]["ccode"] == 2
    lines = r.stdout.splitlines()
    assert len(lines) <= 45 and "why-CHN-RUS.html" in r.stdout


def test_why_refuses_the_same_state_twice(store):
    r = runner.invoke(app, ["why", "China", "Beijing"])
    assert r.exit_code == 1 and "same state" in r.stderr and r.stderr.count("\n") == 1
