"""Importing event files into partitioned Parquet: idempotent, atomic, zips, HTTP pull."""

from __future__ import annotations

import datetime as dt
import http.server
import os
import signal
import subprocess
import sys
import time
import zipfile
from pathlib import Path

import pytest

from multipolar import config
from multipolar.errors import InputError, NotLoadedError
from multipolar.store import connect
from multipolar.store.events import events_table, import_events, pull_gdelt, registered

DATA = Path(os.environ.get("MULTIPOLAR_MIRROR") or Path(__file__).parents[3] / "shared" / "data")
GDELT1 = DATA / "gdelt" / "events.csv"
GDELT2 = DATA / "gdelt" / "20191024143000.export.CSV"
ICEWS = DATA / "icews" / "events.2018.sample.tab"


def _count(**kw: object) -> int:
    with connect() as st:
        return int(events_table(store=st, **kw).count().execute())  # type: ignore[arg-type]


def _visible_parquet() -> list[Path]:
    return sorted(config.events_dir().glob("year=*/month=*/*.parquet"))


def test_import_three_formats_and_reimport_is_idempotent(fresh_home: Path) -> None:
    reports = import_events([GDELT1, GDELT2, ICEWS])
    assert [(r.kind, r.status, r.rows_read, r.imported) for r in reports] == [
        ("gdelt1", "imported", 710, 710),
        ("gdelt2", "imported", 2111, 2111),
        ("icews", "imported", 3705, 3705),
    ]
    assert "year=2019/month=10" in reports[1].partitions
    assert _count() == 710 + 2111 + 3705
    again = import_events([str(DATA / "gdelt" / "*.CSV"), GDELT1])  # a glob and a path
    assert [r.status for r in again] == ["already imported", "already imported"]
    assert again[0].imported == 2111
    assert _count() == 710 + 2111 + 3705  # no duplicates
    # partition pruning: only the files of 2018-06 (the ICEWS rows, 2018-06-01..02; the GDELT
    # samples hold no event of that month)
    assert _count(start=dt.date(2018, 6, 1), end=dt.date(2018, 6, 30)) == 3705
    with connect() as st:
        assert {r["kind"] for r in registered(st)} == {"gdelt1", "gdelt2", "icews"}


def test_malformed_file_rows_counted_and_bad_file_reported(
    fresh_home: Path, tmp_path: Path
) -> None:
    lines = GDELT2.read_text(encoding="utf-8").splitlines()[:20]
    cols = lines[0].split("\t")
    cols[1] = "2019-10-24"  # not YYYYMMDD
    broken = [*lines[1:], "\t".join(cols), "a\tb\tc"]
    path = tmp_path / "broken.export.CSV"
    path.write_text("\n".join(broken) + "\n", encoding="utf-8")
    junk = tmp_path / "junk.txt"
    junk.write_text("hello\n")
    r, bad = import_events([path, junk])
    assert (r.status, r.rows_read, r.imported, r.rejected) == ("imported", 21, 19, 2)
    assert r.reasons == {"bad date": 1, "wrong column count (3, expected 61)": 1}
    assert bad.status == "failed" and "cannot tell the format" in (bad.error or "")
    assert _count() == 19


def test_zip_input(fresh_home: Path, tmp_path: Path) -> None:
    archive = tmp_path / "20191024143000.export.CSV.zip"
    with zipfile.ZipFile(archive, "w", zipfile.ZIP_DEFLATED) as zf:
        zf.write(GDELT2, GDELT2.name)
    (r,) = import_events(archive)
    assert (r.kind, r.status, r.imported, r.member) == ("gdelt2", "imported", 2111, GDELT2.name)
    assert import_events(archive)[0].status == "already imported"


def test_cut_off_import_leaves_nothing_registered(fresh_home: Path, tmp_path: Path) -> None:
    # a zip whose stored CRC is wrong: the data stream out and are written, then reading the
    # member's end raises — an import cut off half-way
    archive = tmp_path / "bad.zip"
    with zipfile.ZipFile(archive, "w", zipfile.ZIP_STORED) as zf:
        zf.write(GDELT1, GDELT1.name)
    raw = bytearray(archive.read_bytes())
    raw[14] ^= 0xFF  # CRC-32 of the local file header
    offset = raw.rfind(b"PK\x01\x02") + 16  # the central directory's CRC, checked on read
    raw[offset] ^= 0xFF
    archive.write_bytes(bytes(raw))
    (r,) = import_events(archive, chunk_size=8192)
    assert r.status == "failed" and "CRC" in (r.error or "")
    assert r.rows_read > 0  # it had started
    assert _visible_parquet() == []
    assert not list(config.events_dir().glob(".tmp-*"))
    with pytest.raises(NotLoadedError):
        _count()
    assert import_events(GDELT1)[0].imported == 710  # the good file still imports
    assert _count() == 710


def test_killed_import_is_invisible_and_cleaned(fresh_home: Path, tmp_path: Path) -> None:
    big = tmp_path / "big.export.CSV"
    lines = GDELT2.read_bytes().splitlines()
    # 316,650 rows with distinct event ids (copies of the sample with shifted ids; copies with
    # the same ids would be skipped as duplicates), most of 2019-10: that partition's first row
    # group (128 Ki rows) is written to disk well before the end of the file, and the process
    # is killed then
    with open(big, "wb") as fh:
        for k in range(150):
            for line in lines:
                eid, rest = line.split(b"\t", 1)
                fh.write(b"%d\t%s\n" % (int(eid) + k * 10_000_000, rest))
    code = (
        "import sys; from multipolar.store.events import import_events; "
        "import_events(sys.argv[1], chunk_size=1 << 20)"
    )
    proc = subprocess.Popen([sys.executable, "-c", code, str(big)], env=os.environ.copy())
    tmp_seen = False
    deadline = time.monotonic() + 120
    while proc.poll() is None and time.monotonic() < deadline:
        if list(config.events_dir().glob(".tmp-*/year=*/month=*/*.parquet")):
            proc.send_signal(signal.SIGKILL)
            tmp_seen = True
            break
        time.sleep(0.005)
    proc.wait()
    assert tmp_seen, "the import finished before it could be killed"
    assert list(config.events_dir().glob(".tmp-*"))  # half-written output was left behind...
    with pytest.raises(NotLoadedError):
        _count()  # ...but nothing is registered, so nothing is read
    (r,) = import_events(GDELT2)
    assert r.imported == 2111
    assert not list(config.events_dir().glob(".tmp-*"))  # the next import cleaned up
    assert _count() == 2111


def test_unknown_kind_and_missing_file(fresh_home: Path) -> None:
    with pytest.raises(InputError):
        import_events(GDELT1, kind="phoenix")
    with pytest.raises(InputError, match="no file matches"):
        import_events(fresh_home / "nothing-*.csv")


# --- pull over HTTP from a local server -------------------------------------------------------
class _Quiet(http.server.SimpleHTTPRequestHandler):
    def log_message(self, *args: object) -> None:
        pass


@pytest.fixture
def gdelt_server(tmp_path: Path, http_server) -> str:
    """A real HTTP server on 127.0.0.1 with one GDELT 1.0 day built from the sample file."""
    root = tmp_path / "www"
    root.mkdir()
    with zipfile.ZipFile(root / "20160728.export.CSV.zip", "w", zipfile.ZIP_DEFLATED) as zf:
        zf.write(GDELT1, "20160728.export.CSV")

    def handler(*args: object, **kw: object) -> _Quiet:
        return _Quiet(*args, directory=str(root), **kw)  # type: ignore[arg-type]

    return http_server(handler)


def test_pull_gdelt_days(fresh_home: Path, gdelt_server: str) -> None:
    reports = pull_gdelt(dt.date(2016, 7, 28), dt.date(2016, 7, 29), base_url=gdelt_server)
    assert [(r.file, r.status) for r in reports] == [
        ("20160728.export.CSV.zip:20160728.export.CSV", "imported"),
        ("20160729.export.CSV.zip", "failed"),
    ]
    assert "404" in (reports[1].error or "")
    assert reports[0].imported == 710
    folder = fresh_home / "downloads" / "gdelt1"
    assert sorted(p.name for p in folder.iterdir()) == ["20160728.export.CSV.zip"]  # no half file
    again = pull_gdelt(dt.date(2016, 7, 28), dt.date(2016, 7, 28), base_url=gdelt_server)
    assert again[0].status == "already imported"
    assert _count() == 710


def test_pull_rejects_days_before_daily_files(fresh_home: Path) -> None:
    with pytest.raises(InputError, match="2013-04-01"):
        pull_gdelt(dt.date(2013, 3, 1), dt.date(2013, 4, 2), base_url="http://127.0.0.1:9")
    with pytest.raises(InputError):
        pull_gdelt(dt.date(2016, 2, 1), dt.date(2016, 1, 1), base_url="http://127.0.0.1:9")
