"""`multipolar read` through the CLI runner: the piece, events out and back in, bad input."""

from __future__ import annotations

import json
import os
from pathlib import Path

from typer.testing import CliRunner

from multipolar.cli import app

runner = CliRunner()
# the corpus comes from the environment (tests/conftest.py sets MULTIPOLAR_CORPUS)
PIECE = Path(os.environ["MULTIPOLAR_CORPUS"]) / "why-china-russia-stick-together.txt"


def test_read_prints_claims_writes_html_json_and_events(store, tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    r = runner.invoke(
        app,
        ["read", str(PIECE), "--date", "2022-11-01", "--json", "r.json", "--events-out", "ev.tsv"],
        catch_exceptions=False,
    )
    assert r.exit_code == 0, r.stderr
    assert "Claims checked against the data" in r.stdout and "Events" in r.stdout
    html = tmp_path / "read-why-china-russia-stick-together.html"
    assert html.stat().st_size > 10_000
    rd = json.loads((tmp_path / "r.json").read_text())
    assert rd["claims"] and rd["claims"][0]["check"]["verdict"]
    lines = (tmp_path / "ev.tsv").read_text().splitlines()
    sure = [e for e in rd["events"] if e["confidence"] >= 0.7]  # only these are written
    assert lines[0].startswith("event_id\tdate\t") and len(lines) - 1 == len(sure)
    header = lines[0].split("\t")
    assert header[-3:] == ["confidence", "doc_sha256", "coder_version"]
    # the events file goes back in through `events import` and out through `events dyad`
    monkeypatch.setenv("MULTIPOLAR_HOME", str(tmp_path / "home"))
    r = runner.invoke(
        app, ["events", "import", "ev.tsv", "--format", "json"], catch_exceptions=False
    )
    assert r.exit_code == 0, r.stderr
    rep = json.loads(r.stdout)[0]
    assert rep["kind"] == "text" and rep["imported"] == len(sure) and rep["rejected"] == 0
    r = runner.invoke(app, ["events", "dyad", "China", "Russia", "--format", "json"])
    assert r.exit_code == 0, r.stderr
    months = {row["month"] for row in json.loads(r.stdout)}
    assert "2022-10" in months  # Wang Yi's pledge, reported "in October"


def test_read_stdin_and_json_format(tmp_path, monkeypatch, shared_data):
    monkeypatch.chdir(tmp_path)
    r = runner.invoke(
        app,
        ["read", "-", "--no-check", "--no-html", "--format", "json", "--date", "2020-06-01"],
        input="Japan condemned North Korea for the missile launch in March.",
    )
    assert r.exit_code == 0, r.stderr
    rd = json.loads(r.stdout)
    assert (
        rd["events"][0]["cameo_code"].startswith("11") and rd["events"][0]["date"] == "2020-03-01"
    )


def test_read_speaker_gives_the_speakers_stances(tmp_path, monkeypatch, shared_data):
    monkeypatch.chdir(tmp_path)
    text = "We condemn the aggression of Azerbaijan. We thank France for its support."
    r = runner.invoke(
        app,
        ["read", "-", "--no-check", "--no-html", "--format", "json", "--speaker", "Armenia"],
        input=text,
    )
    assert r.exit_code == 0, r.stderr
    rows = json.loads(r.stdout)["stances"]
    # hand-read: Armenia (COW 371) condemns Azerbaijan (373), thanks France (220)
    assert {(x["speaker"], x["target"], x["stance"]) for x in rows} == {
        (371, 373, "conflictual"),
        (371, 220, "cooperative"),
    }
    bad = runner.invoke(app, ["read", "-", "--no-check", "--speaker", "Atlantis"], input=text)
    assert bad.exit_code != 0 and "Atlantis" in bad.stderr


def test_bad_input_is_one_line_and_leaves_nothing(tmp_path, monkeypatch, shared_data):
    monkeypatch.chdir(tmp_path)
    junk = tmp_path / "junk.bin"
    junk.write_bytes(bytes(range(256)) * 100)
    r = runner.invoke(app, ["read", str(junk), "--no-check", "--events-out", "ev.tsv"])
    assert r.exit_code == 1 and "not text" in r.stderr and r.stderr.count("\n") == 1
    assert not (tmp_path / "ev.tsv").exists() and not list(tmp_path.glob(".ev.tsv*"))
    assert not list(tmp_path.glob("*.html"))
    (tmp_path / "empty.txt").write_text("")
    r = runner.invoke(app, ["read", "empty.txt", "--no-check"])
    assert r.exit_code == 1 and "empty" in r.stderr
    r = runner.invoke(app, ["read", "missing.txt"])
    assert r.exit_code == 1 and "no file" in r.stderr
    r = runner.invoke(app, ["read", "--corpus", "nope"])
    assert r.exit_code == 1 and "unknown corpus" in r.stderr
    r = runner.invoke(app, ["read", str(PIECE), "--date", "2022-13-45", "--no-check"])
    assert r.exit_code == 1 and "not a date" in r.stderr


def test_read_a_folder(tmp_path, shared_data):
    (tmp_path / "a.txt").write_text(PIECE.read_text("utf-8"), encoding="utf-8")
    (tmp_path / "bad.bin").write_bytes(b"\x00" * 100)
    r = runner.invoke(app, ["read", str(tmp_path), "--date", "2022-11-01"], catch_exceptions=False)
    assert r.exit_code == 0, r.stderr
    assert "1 file(s) read, 1 not read" in r.stdout and "bad.bin" in r.stdout


def test_read_corpus_ungdc(store, tmp_path):
    r = runner.invoke(app, ["read", "--corpus", "ungdc", "--json", str(tmp_path / "m.json")])
    assert r.exit_code == 0, r.stderr
    rows = json.loads((tmp_path / "m.json").read_text())
    years = {row["year"] for row in rows}
    assert years == set(range(1946, 2025))  # sessions 1-79
    chn_rus = [row for row in rows if row["speaker"] == "CHN" and row["mentioned"] == "Russia"]
    assert chn_rus and all(row["sentences"] >= 1 for row in chn_rus)
