"""Redirects are reported for what they are (issue 21, item 10).

Before: a mirror that redirected to another host that could not be reached was blamed
("cannot reach 127.0.0.1") instead of the host it sent us to, and a redirect loop was "cut
off … run the command again", which never helps. Real HTTP servers on 127.0.0.1; the other
host is ``localhost`` on a port where nothing listens.
"""

from __future__ import annotations

import http.server
import socket
from pathlib import Path

import pytest

from multipolar.errors import DownloadError
from multipolar.sources.fetch import download


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


def _redirect(to: str | None):
    """A handler answering every GET with a 302 to ``to`` (None: to itself, a loop)."""

    class H(http.server.BaseHTTPRequestHandler):
        def log_message(self, *args: object) -> None:
            pass

        def do_GET(self) -> None:
            self.send_response(302)
            self.send_header("Location", to or self.path)
            self.send_header("Content-Length", "0")
            self.end_headers()

    return H


def test_redirect_to_an_unreachable_host_names_that_host(
    http_server, tmp_path: Path, fault
) -> None:
    dead = f"http://localhost:{_free_port()}/file.rda"
    base = http_server(_redirect(dead))
    with pytest.raises(DownloadError) as info:
        download(f"{base}/file.rda", tmp_path / "file.rda", timeout=5)
    msg = str(info.value)
    held = msg.startswith("cannot reach localhost") and "redirected there from" in msg
    fault("redirect to an unreachable host", held)
    assert held, msg
    assert not list(tmp_path.iterdir())


def test_redirect_loop_says_loop(http_server, tmp_path: Path, fault) -> None:
    base = http_server(_redirect(None))
    with pytest.raises(DownloadError) as info:
        download(f"{base}/file.rda", tmp_path / "file.rda", timeout=5)
    msg = str(info.value)
    held = "redirects in a loop" in msg and "again" in msg and "will not help" in msg
    fault("redirect loop", held)
    assert held, msg
    assert not list(tmp_path.iterdir())
