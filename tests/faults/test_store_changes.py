"""A store changed behind the tool's back, events imported, unrelated loads, another version.

Issue 21 items 2, 4 and 5. One ``multipolar why China Russia`` is computed per module in real
processes (its kept answer and the kept ideal-point fit land in ``MULTIPOLAR_HOME/cache``);
each test copies that home, changes the store with DuckDB as a user would by hand or with a
command, and runs ``multipolar`` again as a real process. The promises:

* a kept answer is served exactly while every table it read is unchanged (rows deleted, a
  table dropped or retyped, events imported -> computed again, or one line);
* a table that is missing or changed is one line naming the ``data pull`` that mends it, in
  every command that reads it; after that pull the answer equals the first one;
* a load of data the answer did not read keeps the answer and the fit (no 55 s refit);
* a store of another (or a garbage) schema version is refused in one line by every command,
  the kept-answer fast path included.
"""

from __future__ import annotations

import json
import shutil
from collections.abc import Iterator
from pathlib import Path

import duckdb
import pytest

from multipolar.store import SCHEMA_VERSION

from .conftest import cli, one_line_error

PAIR = ("why", "China", "Russia", "--no-html")


@pytest.fixture(scope="module")
def why_home(built_store: Path, tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A home whose `why China Russia` answer (and ideal-point fit) is kept."""
    home = tmp_path_factory.mktemp("why-home")
    shutil.copyfile(built_store, home / "multipolar.duckdb")
    r = cli(*PAIR, "--json", str(home / "first.json"), home=home, timeout=600)
    assert r.returncode == 0, r.stderr
    return home


@pytest.fixture
def home(why_home: Path, tmp_path: Path) -> Iterator[Path]:
    dest = tmp_path / "home"
    shutil.copytree(why_home, dest)
    yield dest


def _sql(home: Path, *statements: str) -> None:
    con = duckdb.connect(str(home / "multipolar.duckdb"))
    try:
        for stmt in statements:
            con.execute(stmt)
    finally:
        con.close()


def _evidence(home: Path, name: str, *extra: str) -> dict:
    out = home / f"{name}.json"
    r = cli(*PAIR, *extra, "--json", str(out), home=home, timeout=600)
    assert r.returncode == 0, r.stderr
    return json.loads(out.read_text(encoding="utf-8"))


def _kept(home: Path) -> dict[str, int]:
    """mtime_ns of every kept file (a file computed again is written again)."""
    return {p.name: p.stat().st_mtime_ns for p in (home / "cache").glob("*/*") if p.is_file()}


# --- item 2: changed behind the tool's back ----------------------------------------------
CHANGES = {
    # 1,000 of cow_nmc's 15,951 rows deleted (a count taken with DuckDB on the loaded table)
    "rows deleted": "DELETE FROM cow_nmc WHERE rowid < 1000",
    "table dropped": "DROP TABLE cow_nmc",
    "column retyped": "ALTER TABLE cow_nmc ALTER cinc TYPE VARCHAR",
}


@pytest.mark.parametrize("change", sorted(CHANGES))
def test_a_table_changed_by_hand_is_one_line_everywhere(home: Path, change: str, fault) -> None:
    _sql(home, CHANGES[change])
    line = "the store's table cow_nmc is missing or changed; run `multipolar data pull cow_nmc`"
    for args in (PAIR, ("polarity", "--from", "2000", "--to", "2001")):
        r = cli(*args, home=home)
        held = one_line_error(r) and line in r.stderr
        fault(f"store table {change} by hand", held)
        assert held, (args, r.returncode, r.stderr[-800:])


def test_the_pull_named_mends_it_and_the_answer_is_the_first(home: Path, fault) -> None:
    _sql(home, CHANGES["rows deleted"])
    assert one_line_error(cli(*PAIR, home=home))
    r = cli("data", "pull", "cow_nmc", home=home)
    assert r.returncode == 0, r.stderr
    again = _evidence(home, "again")
    first = json.loads((home / "first.json").read_text(encoding="utf-8"))
    held = again == first
    fault("store table mended by the pull the line names", held)
    assert held


# --- item 4: stale answers -----------------------------------------------------------------
def test_importing_events_renews_the_answer(home: Path, shared_data: Path, fault) -> None:
    first = json.loads((home / "first.json").read_text(encoding="utf-8"))
    assert first["events"] is None  # no events imported yet
    r = cli("events", "import", str(shared_data / "icews" / "events.2018.sample.tab"), home=home)
    assert r.returncode == 0, r.stderr
    after = _evidence(home, "after")
    # the sample has 3,706 lines: a header and 3,705 events (`wc -l`), all stored
    held = (after["events"] or {}).get("coverage", {}).get("events") == 3705
    fault("kept answer after an events import", held)
    assert held, after["events"]


def test_an_unrelated_load_keeps_the_answer_and_the_fit(home: Path, fault) -> None:
    before = _kept(home)
    fit = [n for n in before if n.startswith("idealpoints-")]
    assert fit, before  # why fits the ideal points and keeps them
    # cow_majors is read neither by `why China Russia` nor by the ideal-point fit
    r = cli("data", "pull", "cow_majors", "--force", home=home)
    assert r.returncode == 0, r.stderr
    again = _evidence(home, "again")
    first = json.loads((home / "first.json").read_text(encoding="utf-8"))
    after = _kept(home)
    held = again == first and all(after.get(n) == t for n, t in before.items())
    fault("kept answer and fit after an unrelated load", held)
    assert held, {n: (t, after.get(n)) for n, t in before.items()}


def test_reloading_the_votes_refits(home: Path) -> None:
    """The other side: a load of a table the fit read is a new fingerprint (not timed: the
    fingerprint is compared directly)."""
    from multipolar.store import kept

    con = duckdb.connect(str(home / "multipolar.duckdb"), read_only=True)
    try:
        (path,) = (home / "cache" / "results").glob("idealpoints-*.parquet")
        import pyarrow.parquet as pq

        info = json.loads(pq.read_schema(path).metadata[b"multipolar"])
        assert set(info["inputs"]) == {"unga_votes", "unga_rollcalls"}
        assert kept.inputs_valid(con, info["inputs"], info["schema"])
    finally:
        con.close()
    _sql(home, "DELETE FROM unxml_votes WHERE rowid < 10")
    con = duckdb.connect(str(home / "multipolar.duckdb"), read_only=True)
    try:
        assert not kept.inputs_valid(con, info["inputs"], info["schema"])
    finally:
        con.close()


# --- item 5: another version ---------------------------------------------------------------
VERSIONS = {
    "newer": (str(SCHEMA_VERSION + 1), "newer multipolar"),
    "garbage": ("2x!", "unreadable schema version"),
    "empty": ("", "unreadable schema version"),
}


@pytest.mark.parametrize("version", sorted(VERSIONS))
def test_another_version_is_refused_by_every_command(home: Path, version: str, fault) -> None:
    value, words = VERSIONS[version]
    _sql(home, f"UPDATE _meta SET value = '{value}' WHERE key = 'schema_version'")
    commands = (
        PAIR,  # the kept answer's fast path
        ("agreement", "--states", "China,Russia", "--from", "2000", "--to", "2001"),
        ("data", "list"),
        ("events", "import", str(home / "first.json")),
    )
    for args in commands:
        r = cli(*args, home=home)
        held = one_line_error(r) and words in r.stderr
        fault(f"store of another version ({version})", held)
        assert held, (args, r.returncode, r.stderr[-600:])
