"""Shared fixtures: the real data mirror, a session-wide store, a local HTTP server.

Tests never touch the internet: sources are read from ``MULTIPOLAR_MIRROR`` (default:
``../shared/data`` beside the project) into a temporary ``MULTIPOLAR_HOME``.
"""

from __future__ import annotations

import http.server
import os
import socket
import threading
from collections.abc import Callable, Iterator
from contextlib import ExitStack, contextmanager
from pathlib import Path
from typing import Any

import pytest

ROOT = Path(__file__).resolve().parents[1]
SHARED_DATA = Path(os.environ.get("MULTIPOLAR_MIRROR") or ROOT.parent / "shared" / "data").resolve()


def pytest_configure(config: pytest.Config) -> None:
    os.environ["MULTIPOLAR_MIRROR"] = str(SHARED_DATA)
    if "MULTIPOLAR_TEST_HOME" not in os.environ:
        import tempfile

        os.environ["MULTIPOLAR_TEST_HOME"] = tempfile.mkdtemp(prefix="multipolar-test-")
    os.environ["MULTIPOLAR_HOME"] = os.environ["MULTIPOLAR_TEST_HOME"]
    os.environ.pop("MULTIPOLAR_BACKEND", None)


@pytest.fixture(scope="session")
def shared_data() -> Path:
    """The folder of real public data files (read-only)."""
    assert (SHARED_DATA / "unvotes" / "un_votes.rda").is_file(), f"no data mirror at {SHARED_DATA}"
    return SHARED_DATA


@pytest.fixture(scope="session")
def store(shared_data: Path):
    """A real DuckDB store in the session's MULTIPOLAR_HOME with every declared source loaded."""
    from multipolar import sources
    from multipolar.store import connect

    st = connect()
    for name in sources.names():
        st.load(name)
    yield st
    st.close()


class _Handler(http.server.SimpleHTTPRequestHandler):
    """Serves the mirror; ``/flip/PATH`` flips one byte, ``/cut/PATH`` drops the connection mid-file."""

    root: Path = SHARED_DATA

    def log_message(self, *args: object) -> None:  # keep test output clean
        pass

    def do_GET(self) -> None:
        path = self.path.lstrip("/")
        mode = None
        for prefix in ("flip/", "cut/"):
            if path.startswith(prefix):
                mode, path = prefix[:-1], path[len(prefix) :]
        file = self.root / path
        if not file.is_file():
            self.send_error(404)
            return
        data = file.read_bytes()
        if mode == "flip":
            data = data[:100] + bytes([data[100] ^ 0xFF]) + data[101:]
        self.send_response(200)
        self.send_header("Content-Length", str(len(data)))
        self.end_headers()
        if mode == "cut":
            self.wfile.write(data[: len(data) // 2])
            self.wfile.flush()
            self.connection.shutdown(socket.SHUT_RDWR)
            self.close_connection = True
            return
        self.wfile.write(data)


@contextmanager
def serve_http(
    handler: type[http.server.BaseHTTPRequestHandler] | Callable[..., Any],
) -> Iterator[str]:
    """Run a real HTTP server on 127.0.0.1 (a free port) for the block; yields its base URL."""
    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), handler)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    try:
        yield f"http://127.0.0.1:{server.server_address[1]}"
    finally:
        server.shutdown()
        server.server_close()


@pytest.fixture(scope="session")
def http_mirror(shared_data: Path) -> Iterator[str]:
    """Base URL of a real HTTP server on 127.0.0.1 serving the data mirror."""
    with serve_http(_Handler) as url:
        yield url


@pytest.fixture
def http_server() -> Iterator[Callable[..., str]]:
    """``http_server(handler) -> base URL``: start a real local server, stopped after the test."""
    with ExitStack() as stack:
        yield lambda handler: stack.enter_context(serve_http(handler))


@pytest.fixture
def fresh_home(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """An empty MULTIPOLAR_HOME for tests that must start from nothing."""
    monkeypatch.setenv("MULTIPOLAR_HOME", str(tmp_path / "home"))
    return tmp_path / "home"


def unxml_pair_count(session: int, name_a: str, name_b: str) -> tuple[int, int]:
    """(roll calls both voted on, identical votes) for two UN names in a session, counted from
    the raw UN JSON with the standard library: recorded votes only, each record once, and only
    contested roll calls (not every listed state voted alike), as the agreement measure counts.
    Emergency special sessions' records count in the regular session open on their date (the
    parser's documented rule, ``sources/data/unga_sessions.csv``).
    """
    import json

    from multipolar.sources.unxml import parse_date, session_of_date

    seen: set[str] = set()
    n = same = 0
    for file in (f"{session}.json", "ES-10.json", "ES-11.json"):
        for line in (SHARED_DATA / "unxml" / file).read_text("utf-8").splitlines():
            if not line.strip():
                continue
            rec = json.loads(line)
            if rec["adoption_type"] != "By a recorded vote" or rec["symbol"] in seen:
                continue
            if (
                file.startswith("ES")
                and session_of_date(parse_date(rec["adoption_date"])) != session
            ):
                continue
            seen.add(rec["symbol"])
            vote = {}
            for key, code in (("MS_in_favour", 1), ("MS_abstaining", 2), ("MS_against", 3)):
                for name in rec[key]:
                    vote[name] = code
            if len(set(vote.values())) < 2 or name_a not in vote or name_b not in vote:
                continue
            n += 1
            same += vote[name_a] == vote[name_b]
    return n, same


@pytest.fixture(scope="session")
def unxml_pair() -> Callable[[int, str, str], tuple[int, int]]:
    """:func:`unxml_pair_count`, for tests."""
    return unxml_pair_count


# Hypothesis: no per-example deadline (a loaded 2-core CI machine makes timings meaningless;
# speed is measured by the benchmarks, not by tests)
from hypothesis import settings as _hyp_settings  # noqa: E402

_hyp_settings.register_profile("multipolar", deadline=None)
_hyp_settings.load_profile("multipolar")
