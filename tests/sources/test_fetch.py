"""The real download path against a local HTTP server on 127.0.0.1 serving shared/data."""

from __future__ import annotations

import socket

import pytest

from multipolar.errors import ChecksumError, DownloadError
from multipolar.sources import FILES, download, fetch, sha256_file

FILE = FILES["peacesciencer/cow_majors.rda"]
BIG = FILES["peacesciencer/cow_trade_ndy.rda"]


def test_download_good_file(http_mirror, tmp_path):
    dest = tmp_path / "cow_majors.rda"
    download(f"{http_mirror}/{FILE.path}", dest, sha256=FILE.sha256)
    assert sha256_file(dest) == FILE.sha256
    assert [p.name for p in tmp_path.iterdir()] == ["cow_majors.rda"]


def test_flipped_byte_is_refused_and_removed(http_mirror, tmp_path):
    dest = tmp_path / "x.rda"
    with pytest.raises(ChecksumError, match="checksum mismatch"):
        download(f"{http_mirror}/flip/{BIG.path}", dest, sha256=BIG.sha256)
    assert list(tmp_path.iterdir()) == []


def test_connection_dropped_mid_file(http_mirror, tmp_path):
    dest = tmp_path / "x.rda"
    with pytest.raises(DownloadError, match="cut off"):
        download(f"{http_mirror}/cut/{BIG.path}", dest, sha256=BIG.sha256)
    assert list(tmp_path.iterdir()) == []


def test_unreachable_host_says_how_to_work_offline(tmp_path):
    with socket.socket() as s:  # a port nobody listens on
        s.bind(("127.0.0.1", 0))
        port = s.getsockname()[1]
    with pytest.raises(DownloadError, match="MULTIPOLAR_MIRROR"):
        download(f"http://127.0.0.1:{port}/x.rda", tmp_path / "x.rda", timeout=2)
    assert list(tmp_path.iterdir()) == []


def test_fetch_through_an_http_mirror(http_mirror, fresh_home, monkeypatch):
    monkeypatch.setenv("MULTIPOLAR_MIRROR", http_mirror)
    path = fetch(FILE)
    assert path.is_relative_to(fresh_home) and sha256_file(path) == FILE.sha256


def test_fetch_from_a_folder_mirror_missing_file(tmp_path, fresh_home, monkeypatch):
    monkeypatch.setenv("MULTIPOLAR_MIRROR", str(tmp_path / "empty"))
    with pytest.raises(DownloadError, match="not in MULTIPOLAR_MIRROR"):
        fetch(FILE)


def test_pinned_urls_are_the_provenance_commits():
    # every pin is a raw GitHub file at a full commit hash
    for f in FILES.values():
        parts = f.url.split("/")
        assert f.url.startswith("https://raw.githubusercontent.com/")
        assert len(parts[5]) == 40 and len(f.sha256) == 64
