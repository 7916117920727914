"""Hostile mirrors on 127.0.0.1: trickling, oversized, lying, flaky, serving HTML as a zip.

Before: a mirror sending one byte every 5 s kept ``data pull`` waiting indefinitely (the 30 s
timeout was per read); a 400 MB body for a 394-byte pinned file was read in full before it
was refused; ``events pull`` kept an HTML page saved as ``YYYYMMDD.export.CSV.zip`` for ever
and fetched from plain http. Now every download has an overall deadline and stops at the
pinned size + 1 byte, the ``.part`` file never outlives the attempt, and a GDELT day is kept
only when it is a sound zip holding the expected file.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import http.server
import importlib
import io
import subprocess
import sys
import time
import zipfile
from pathlib import Path
from typing import ClassVar

import pytest

from multipolar import config
from multipolar.errors import ChecksumError, DownloadError
from multipolar.sources import FILES, fetch, sha256_file
from multipolar.sources.fetch import download
from multipolar.store.events import GDELT1_BASE_URL, pull_gdelt

from .conftest import cli, one_line_error

fetch_module = importlib.import_module("multipolar.sources.fetch")  # `fetch` is the function
SMALL = FILES["peacesciencer/cow_majors.rda"]  # 394 bytes


def _handler(body: bytes, *, delay: float = 0.0, length: int | None = None, sent=None):
    """A handler class serving ``body`` for every path, ``delay`` seconds between bytes."""

    class H(http.server.BaseHTTPRequestHandler):
        def log_message(self, *args: object) -> None:
            pass

        def do_GET(self) -> None:
            self.send_response(200)
            if length is not None:
                self.send_header("Content-Length", str(length))
            self.end_headers()
            step = 1 if delay else 1 << 16
            try:
                for i in range(0, len(body), step):
                    self.wfile.write(body[i : i + step])
                    if sent is not None:
                        sent[0] += len(body[i : i + step])
                    if delay:
                        self.wfile.flush()
                        time.sleep(delay)
            except (BrokenPipeError, ConnectionResetError):
                pass

    return H


def _no_part(folder: Path) -> bool:
    return not list(folder.rglob("*.part"))


def test_trickling_mirror_hits_the_overall_deadline(http_server, tmp_path: Path, fault) -> None:
    body = (Path(config.mirror() or "") / SMALL.path).read_bytes()
    url = http_server(_handler(body, delay=0.4, length=len(body)))
    t0 = time.monotonic()
    with pytest.raises(DownloadError, match="deadline"):
        download(f"{url}/x.rda", tmp_path / "x.rda", sha256=SMALL.sha256, size=SMALL.size,
                 deadline=2.0)  # fmt: skip
    took = time.monotonic() - t0
    ok = took < 10 and _no_part(tmp_path) and not (tmp_path / "x.rda").exists()
    fault("trickling mirror", ok)
    assert ok, took


def test_trickling_http_mirror_through_fetch(
    http_server, fresh_home: Path, monkeypatch: pytest.MonkeyPatch, fault
) -> None:
    # the deadline fetch derives from the pinned size: MIN_SECONDS + size / MIN_RATE
    body = (Path(config.mirror() or "") / SMALL.path).read_bytes()
    url = http_server(_handler(body, delay=0.4, length=len(body)))
    monkeypatch.setenv("MULTIPOLAR_MIRROR", url)
    monkeypatch.setattr(fetch_module, "MIN_SECONDS", 1.5)
    t0 = time.monotonic()
    with pytest.raises(DownloadError, match="deadline"):
        fetch(SMALL)
    ok = time.monotonic() - t0 < 10 and _no_part(fresh_home)
    fault("trickling mirror", ok)
    assert ok


def test_oversized_body_stops_at_pinned_size_plus_one(http_server, tmp_path, fault) -> None:
    sent = [0]
    big = b"\0" * (400 << 20)  # 400 MB for a 394-byte file, no Content-Length
    url = http_server(_handler(big, sent=sent))
    t0 = time.monotonic()
    with pytest.raises(ChecksumError, match="more than the pinned 394 bytes"):
        download(f"{url}/x.rda", tmp_path / "x.rda", sha256=SMALL.sha256, size=SMALL.size)
    time.sleep(0.2)
    # the server got as far as the socket buffers let it: a few MB, not 400
    ok = sent[0] < (32 << 20) and time.monotonic() - t0 < 10 and not list(tmp_path.iterdir())
    fault("oversized body", ok)
    assert ok, sent[0]


def test_announced_oversize_is_refused_before_the_body(http_server, tmp_path, fault) -> None:
    sent = [0]
    url = http_server(_handler(b"\0" * (8 << 20), length=8 << 20, sent=sent))
    with pytest.raises(ChecksumError, match="announces 8,388,608 bytes"):
        download(f"{url}/x.rda", tmp_path / "x.rda", size=SMALL.size)
    ok = not list(tmp_path.iterdir())
    fault("oversized body", ok)
    assert ok


def test_data_pull_from_an_oversized_mirror_is_one_line(http_server, tmp_path, fault) -> None:
    url = http_server(_handler(b"\0" * (400 << 20)))
    t0 = time.monotonic()
    r = cli("data", "pull", "cow_majors", home=tmp_path / "h", env={"MULTIPOLAR_MIRROR": url})
    ok = one_line_error(r) and "394" in r.stderr and time.monotonic() - t0 < 60
    ok = ok and _no_part(tmp_path)
    fault("oversized body", ok)
    assert ok, r.stderr


_INTERRUPTED_DOWNLOAD = r"""
import _thread, sys, threading
from pathlib import Path
from multipolar.sources.fetch import download
dest = Path(sys.argv[2])
threading.Timer(0.5, _thread.interrupt_main).start()
try:
    download(sys.argv[1], dest, deadline=30)
    print("finished")
except KeyboardInterrupt:
    print("interrupted")
"""


def test_interrupt_removes_the_part_file(http_server, tmp_path: Path, fault) -> None:
    # Ctrl-C mid-download (in a child process: the interrupt must not reach pytest)
    body = b"x" * 4000
    url = http_server(_handler(body, delay=0.01, length=len(body)))
    dest = tmp_path / "x.bin"
    r = subprocess.run(
        [sys.executable, "-c", _INTERRUPTED_DOWNLOAD, f"{url}/x", str(dest)],
        capture_output=True, text=True, timeout=120,
    )  # fmt: skip
    ok = r.stdout.strip() == "interrupted" and _no_part(tmp_path) and not dest.exists()
    fault("interrupted download", ok)
    assert ok, (r.stdout, r.stderr[-500:])


def test_a_stale_part_file_is_replaced(http_mirror: str, fresh_home, monkeypatch, fault) -> None:
    # a .part left by a process killed with SIGKILL does not survive the next fetch
    monkeypatch.setenv("MULTIPOLAR_MIRROR", http_mirror)
    dest = config.raw_dir() / SMALL.path
    dest.parent.mkdir(parents=True)
    stale = dest.with_name(dest.name + ".part")
    stale.write_bytes(b"half a file")
    path = fetch(SMALL)
    ok = sha256_file(path) == SMALL.sha256 and not stale.exists()
    fault("stale .part file", ok)
    assert ok


# --- events pull ---------------------------------------------------------------------------
def _day_zip(sample: Path, member: str = "20160728.export.CSV") -> bytes:
    buf = io.BytesIO()
    with zipfile.ZipFile(buf, "w", zipfile.ZIP_DEFLATED) as zf:
        zf.writestr(member, sample.read_bytes())
    return buf.getvalue()


class _Gdelt(http.server.BaseHTTPRequestHandler):
    """Serves ``routes[path]``: bytes, or a list of bytes taken one per request."""

    routes: ClassVar[dict[str, bytes | list[bytes]]] = {}
    hits: ClassVar[dict[str, int]] = {}

    def log_message(self, *args: object) -> None:
        pass

    def do_GET(self) -> None:
        self.hits[self.path] = self.hits.get(self.path, 0) + 1
        body = self.routes.get(self.path)
        if isinstance(body, list):
            body = body.pop(0) if len(body) > 1 else body[0]
        if body is None:
            self.send_error(404)
            return
        self.send_response(200)
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        self.wfile.write(body)


def _gdelt_server(http_server, routes: dict[str, bytes | list[bytes]]):
    handler = type("G", (_Gdelt,), {"routes": routes, "hits": {}})
    return http_server(handler), handler.hits


DAY = dt.date(2016, 7, 28)
NAME = "/20160728.export.CSV.zip"


def _folder(home: Path) -> Path:
    return home / "downloads" / "gdelt1"


def test_html_served_as_a_zip_is_not_kept(shared_data, http_server, fresh_home, fault) -> None:
    page = b"<html><body>Service unavailable</body></html>"
    url, hits = _gdelt_server(http_server, {NAME: page})
    (rep,) = pull_gdelt(DAY, DAY, base_url=url)
    ok = (
        rep.status == "failed"
        and "not a readable zip" in (rep.error or "")
        and hits[NAME] == 2  # tried once more
        and not list(_folder(fresh_home).iterdir())
    )
    fault("bad GDELT download", ok)
    assert ok, (rep, hits)


def test_cached_bad_file_is_fetched_again(shared_data, http_server, fresh_home, fault) -> None:
    good = _day_zip(shared_data / "gdelt" / "events.csv")
    url, hits = _gdelt_server(http_server, {NAME: good})
    folder = _folder(fresh_home)
    folder.mkdir(parents=True)
    (folder / NAME[1:]).write_bytes(b"<html>an old error page saved as a zip</html>")
    (rep,) = pull_gdelt(DAY, DAY, base_url=url)
    ok = rep.status == "imported" and rep.imported == 710 and hits[NAME] == 1
    ok = ok and any("fetched again" in n for n in rep.notes)
    fault("bad GDELT download", ok)
    assert ok, rep


def test_flaky_then_good_download_is_retried(shared_data, http_server, fresh_home, fault):
    good = _day_zip(shared_data / "gdelt" / "events.csv")
    url, hits = _gdelt_server(http_server, {NAME: [good[: len(good) // 2], good]})
    (rep,) = pull_gdelt(DAY, DAY, base_url=url)
    ok = rep.status == "imported" and rep.imported == 710 and hits[NAME] == 2
    fault("bad GDELT download", ok)
    assert ok, rep


def test_wrong_member_and_md5_are_refused(shared_data, http_server, fresh_home, fault) -> None:
    sample = shared_data / "gdelt" / "events.csv"
    wrong = _day_zip(sample, member="20160729.export.CSV")
    good = _day_zip(sample)
    md5 = hashlib.md5(good, usedforsecurity=False).hexdigest()
    listing = f"{'0' * 32}  {NAME[1:]}\n".encode()
    sizes = f"{len(good)} {NAME[1:]}\n".encode()
    url, _ = _gdelt_server(http_server, {NAME: wrong})
    (rep,) = pull_gdelt(DAY, DAY, base_url=url)
    ok1 = rep.status == "failed" and "not 20160728.export.CSV" in (rep.error or "")
    url, _ = _gdelt_server(http_server, {NAME: good, "/md5sums": listing, "/filesizes": sizes})
    (rep,) = pull_gdelt(DAY, DAY, base_url=url)
    ok2 = rep.status == "failed" and "md5" in (rep.error or "")
    ok = ok1 and ok2 and not list(_folder(fresh_home).iterdir())
    fault("bad GDELT download", ok1)
    fault("bad GDELT download", ok2)
    assert ok, rep
    # with the right md5 and size the day is kept, and no note says it went unchecked
    listing = f"{md5}  {NAME[1:]}\n".encode()
    url, _ = _gdelt_server(http_server, {NAME: good, "/md5sums": listing, "/filesizes": sizes})
    (rep,) = pull_gdelt(DAY, DAY, base_url=url)
    assert rep.status == "imported" and rep.imported == 710 and not rep.notes


def test_default_gdelt_url_is_https() -> None:
    assert GDELT1_BASE_URL.startswith("https://data.gdeltproject.org/")
