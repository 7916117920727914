"""Overlapping event files count each event once; a rebuilt store keeps its event files.

Before: import de-duplicated by file sha256 only, so a truncated prefix of a GDELT file (or a
zip of it) imported beside the full file doubled its events (``events dyad UK "Saudi
Arabia"`` 2 -> 6 events; 4,222 rows for 2,111 event ids). Now events are unique by dataset and
provider event id, and every combination of overlapping files gives the clean run's numbers.
"""

from __future__ import annotations

import itertools
import json
import random
import shutil
import zipfile
from pathlib import Path

import pandas as pd
import pytest

from multipolar import config
from multipolar.measures.events import dyad_month
from multipolar.store import connect
from multipolar.store.events import events_table, import_events, registered

from .conftest import cli


def _gdelt(shared_data: Path) -> dict[str, Path]:
    return {
        "gdelt2": shared_data / "gdelt" / "20191024143000.export.CSV",
        "gdelt1": shared_data / "gdelt" / "events.csv",
        "icews": shared_data / "icews" / "events.2018.sample.tab",
    }


def _state() -> tuple[int, int, pd.DataFrame]:
    """Rows, distinct (dataset, event id) and the dyad-month table of what is stored."""
    with connect() as st:
        t = events_table(store=st)
        rows = int(t.count().execute())
        distinct = int(t.select("source_dataset", "event_id").distinct().count().execute())
        monthly = dyad_month(t, directed=True).to_pandas()
    keys = ["ccode1", "ccode2", "year", "month"]
    return rows, distinct, monthly.sort_values(keys).reset_index(drop=True)


def _variants(path: Path, folder: Path, header: bool) -> list[Path]:
    """Overlapping copies of ``path``: a truncated prefix, the middle, and zips of both."""
    lines = path.read_bytes().splitlines(keepends=True)
    head, body = (lines[:1], lines[1:]) if header else ([], lines)
    n = len(body)
    prefix = folder / f"prefix-{path.name}"
    prefix.write_bytes(b"".join(head + body[: n // 2]))
    middle = folder / f"middle-{path.name}"
    middle.write_bytes(b"".join(head + body[n // 4 : 3 * n // 4]))
    out = [prefix, middle]
    for src in (prefix, path):
        z = folder / f"{src.name}.zip"
        with zipfile.ZipFile(z, "w", zipfile.ZIP_DEFLATED) as zf:
            zf.write(src, src.name)
        out.append(z)
    return out


@pytest.fixture(scope="module")
def clean(shared_data: Path, tmp_path_factory: pytest.TempPathFactory) -> tuple:
    """The clean run: the three sample files imported once each, into their own home."""
    home = tmp_path_factory.mktemp("clean-events")
    with pytest.MonkeyPatch.context() as mp:
        mp.setenv("MULTIPOLAR_HOME", str(home))
        import_events(list(_gdelt(shared_data).values()))
        return _state()


def test_overlapping_files_count_each_event_once(
    shared_data: Path, fresh_home: Path, tmp_path: Path, clean: tuple, fault
) -> None:
    rows, distinct, monthly = clean
    assert rows == distinct == 2111 + 710 + 3705  # the samples' own ids are unique
    files = _gdelt(shared_data)
    extra = []
    for kind, path in files.items():
        extra += _variants(path, tmp_path, header=kind == "icews")
    order = [*extra, *files.values()]
    random.Random(13).shuffle(order)  # overlapping copies before and after the full files
    reports = import_events(order)
    assert all(r.status == "imported" for r in reports), [(r.file, r.error) for r in reports]
    got_rows, got_distinct, got_monthly = _state()
    assert (got_rows, got_distinct) == (rows, distinct)
    pd.testing.assert_frame_equal(got_monthly, monthly)
    # the report says what was skipped: read = imported + rejected + duplicates, and the
    # duplicates are exactly the rows of the overlapping copies
    assert all(r.rows_read == r.imported + r.rejected + r.duplicates for r in reports)
    assert sum(r.imported for r in reports) == rows
    assert sum(r.duplicates for r in reports) == sum(r.rows_read for r in reports) - rows
    fault("overlapping event file imported", True)
    # importing every file again changes nothing
    again = import_events(order)
    assert {r.status for r in again} == {"already imported"}
    assert _state()[:2] == (rows, distinct)
    for _ in order:
        fault("overlapping event file imported", True)


def test_pairs_of_overlapping_files_in_both_orders(
    shared_data: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch, fault
) -> None:
    full = _gdelt(shared_data)["gdelt2"]
    prefix, middle, prefix_zip, full_zip = _variants(full, tmp_path, header=False)
    every = [full, prefix, middle, prefix_zip, full_zip]
    for k, (a, b) in enumerate(itertools.permutations(every, 2)):
        monkeypatch.setenv("MULTIPOLAR_HOME", str(tmp_path / f"h{k}"))
        first, second = import_events([a, b])
        union = {  # the ids either file holds, counted from the files themselves
            line.split(b"\t", 1)[0] for p in (a, b) for line in _lines(p)
        }
        rows, distinct, _ = _state()
        ok = rows == distinct == len(union) and second.duplicates == second.rows_read - (
            len(union) - first.imported
        )
        fault("overlapping event file imported", ok)
        assert ok, (a.name, b.name, rows, distinct, len(union))


def _lines(path: Path) -> list[bytes]:
    if path.suffix == ".zip":
        with zipfile.ZipFile(path) as zf:
            return zf.read(zf.namelist()[0]).splitlines()
    return path.read_bytes().splitlines()


def test_cli_dyad_counts_do_not_double(shared_data: Path, tmp_path: Path, fault) -> None:
    # the example: `events dyad UK "Saudi Arabia"` gave 6 events instead of 2
    full = _gdelt(shared_data)["gdelt2"]
    variants = _variants(full, tmp_path, header=False)
    home = tmp_path / "home"
    r = cli("events", "import", str(full), *map(str, variants), home=home)
    assert r.returncode == 0, r.stderr
    assert "were skipped" in r.stderr
    r = cli("events", "dyad", "UK", "Saudi Arabia", "--format", "json", home=home)
    n = sum(row["n_events"] for row in json.loads(r.stdout))
    # the known answer, counted in the raw file: rows whose actor countries (GDELT 2.0
    # columns 8 and 18, Actor1/Actor2CountryCode) are GBR and SAU either way
    pairs = [line.split("\t") for line in full.read_text(encoding="utf-8").splitlines()]
    expected = sum({p[7], p[17]} == {"GBR", "SAU"} for p in pairs)
    fault("overlapping event file imported", n == expected)
    assert n == expected == 4


def test_rebuilt_store_keeps_event_files(shared_data: Path, fresh_home: Path, fault) -> None:
    files = _gdelt(shared_data)
    import_events([files["gdelt2"], files["icews"]])
    before = _state()
    parquet = sorted(config.events_dir().glob("year=*/month=*/*.parquet"))
    # the user deletes the store and rebuilds it (what the damaged-store message says to do)
    for p in fresh_home.glob("multipolar.duckdb*"):
        p.unlink()
    reports = import_events(files["gdelt1"])
    recovered = [r for r in reports if r.status == "recovered"]
    ok = (
        len(recovered) == 2
        and all(p.exists() for p in parquet)
        and sum(r.imported for r in recovered) == 2111 + 3705
        and _state()[0] == before[0] + 710
    )
    fault("store rebuilt beside imported events", ok)
    assert ok, [(r.file, r.status, r.imported) for r in reports]
    # the recovered rows carry the files' sha256: importing the originals again skips them
    again = import_events([files["gdelt2"], files["icews"]])
    assert [r.status for r in again] == ["already imported"] * 2
    assert _state()[0] == before[0] + 710
    with connect() as st:
        assert len(registered(st)) == 3


def test_reading_after_a_rebuild_recovers_without_import(
    shared_data: Path, fresh_home: Path, fault
) -> None:
    import_events(_gdelt(shared_data)["gdelt2"])
    rows = _state()[0]
    for p in fresh_home.glob("multipolar.duckdb*"):
        p.unlink()
    ok = _state()[0] == rows  # events_table registers the files again
    fault("store rebuilt beside imported events", ok)
    assert ok


def test_killed_placement_is_removed_not_recovered(shared_data: Path, fresh_home: Path) -> None:
    # files an import moved into place but never registered (it died between the two) are
    # listed in its manifest: the next import removes them instead of adopting half a file
    import_events(_gdelt(shared_data)["gdelt1"])
    root = config.events_dir()
    victim = sorted(root.glob("year=*/month=*/*.parquet"))[0]
    stray = victim.with_name("part-deadbeefdeadbeef-0.parquet")
    shutil.copyfile(victim, stray)
    (root / ".placing-deadbeefdeadbeef-1.json").write_text(
        f'["{stray.relative_to(root).as_posix()}"]'
    )
    reports = import_events(_gdelt(shared_data)["gdelt2"])
    assert not stray.exists() and [r.status for r in reports] == ["imported"]
    assert not list(root.glob(".placing-*"))
