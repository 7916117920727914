"""Shared fixtures: the real data mirror, a session-wide store, a local HTTP server.

Tests never touch the internet: sources are read from ``MULTIPOLAR_MIRROR`` (default:
``../shared/data`` beside the project) into a temporary ``MULTIPOLAR_HOME``.
"""

from __future__ import annotations

import http.server
import os
import shutil
import socket
import threading
from collections.abc import Callable, Iterator
from contextlib import ExitStack, contextmanager
from pathlib import Path
from typing import Any

import pytest

ROOT = Path(__file__).resolve().parents[1]
SHARED_DATA = Path(os.environ.get("MULTIPOLAR_MIRROR") or ROOT.parent / "shared" / "data").resolve()
#: the text corpus (read tests): MULTIPOLAR_CORPUS, else ``corpus`` beside the data mirror
SHARED_CORPUS = Path(os.environ.get("MULTIPOLAR_CORPUS") or SHARED_DATA.parent / "corpus").resolve()


def pytest_configure(config: pytest.Config) -> None:
    os.environ["MULTIPOLAR_MIRROR"] = str(SHARED_DATA)
    os.environ["MULTIPOLAR_CORPUS"] = str(SHARED_CORPUS)
    if "MULTIPOLAR_TEST_HOME" not in os.environ:  # the controller (xdist workers inherit it)
        import tempfile

        os.environ["MULTIPOLAR_TEST_HOME"] = tempfile.mkdtemp(prefix="multipolar-test-")
    # one home per pytest-xdist worker ("gw0", "gw1", …): a DuckDB file has one writer
    worker = os.environ.get("PYTEST_XDIST_WORKER")
    home = Path(os.environ["MULTIPOLAR_TEST_HOME"])
    os.environ["MULTIPOLAR_HOME"] = str(home / worker if worker else home)
    os.environ.pop("MULTIPOLAR_BACKEND", None)


def _load_all(home: Path) -> None:
    """Load every declared source into the store under ``home``."""
    from multipolar import sources
    from multipolar.store import connect

    before = os.environ["MULTIPOLAR_HOME"]
    os.environ["MULTIPOLAR_HOME"] = str(home)
    try:
        with connect(home / "multipolar.duckdb") as st:
            for name in sources.names():
                st.load(name)
    finally:
        os.environ["MULTIPOLAR_HOME"] = before


def _built_home() -> None:
    """Fill this worker's MULTIPOLAR_HOME with the fully loaded store. Under pytest-xdist the
    first worker to ask builds it once in ``MULTIPOLAR_TEST_HOME/template`` (under a lock) and
    every worker copies it, so the sources are parsed once per run, not once per worker."""
    import fcntl
    import shutil

    home = Path(os.environ["MULTIPOLAR_HOME"])
    if not os.environ.get("PYTEST_XDIST_WORKER"):
        _load_all(home)
        return
    base = Path(os.environ["MULTIPOLAR_TEST_HOME"])
    template = base / "template"
    with open(base / "template.lock", "w") as lock:
        fcntl.flock(lock, fcntl.LOCK_EX)
        if not (template / "done").exists():
            shutil.rmtree(template, ignore_errors=True)
            _load_all(template)
            (template / "done").touch()
    shutil.copytree(template, home, dirs_exist_ok=True, ignore=shutil.ignore_patterns("done"))


# --- the fault suite's counts (tests/faults): ``fault(kind, survived)`` counts one injected
# fault; the table is printed at the end of the run. Under pytest-xdist each worker sends its
# counts to the controller, which prints the sum.
def _fault_counts(config: pytest.Config) -> dict[str, list[int]]:
    return config.__dict__.setdefault("_multipolar_faults", {})  # kind -> [injected, survived]


@pytest.fixture
def fault(request: pytest.FixtureRequest) -> Callable[[str, bool], None]:
    """``fault(kind, survived)``: count one injected fault and whether the promise held."""
    counts = _fault_counts(request.config)

    def record(kind: str, survived: bool) -> None:
        row = counts.setdefault(kind, [0, 0])
        row[0] += 1
        row[1] += int(bool(survived))

    return record


def pytest_sessionfinish(session: pytest.Session) -> None:
    out = getattr(session.config, "workeroutput", None)  # an xdist worker
    if out is not None:
        out["multipolar_faults"] = _fault_counts(session.config)


@pytest.hookimpl(optionalhook=True)
def pytest_testnodedown(node: Any, error: Any) -> None:
    counts = _fault_counts(node.config)
    for kind, (injected, survived) in node.workeroutput.get("multipolar_faults", {}).items():
        row = counts.setdefault(kind, [0, 0])
        row[0] += injected
        row[1] += survived


def pytest_terminal_summary(terminalreporter: Any) -> None:
    counts = _fault_counts(terminalreporter.config)
    if not counts:
        return
    terminalreporter.section("faults injected / survived")
    for kind in sorted(counts):
        injected, survived = counts[kind]
        terminalreporter.write_line(f"{kind:<52} {injected:>4} / {survived:>4}")
    total, ok = (sum(v[i] for v in counts.values()) for i in (0, 1))
    terminalreporter.write_line(f"{'all':<52} {total:>4} / {ok:>4}")


@pytest.fixture(scope="session")
def shared_data() -> Path:
    """The folder of real public data files (read-only)."""
    assert (SHARED_DATA / "unvotes" / "un_votes.rda").is_file(), f"no data mirror at {SHARED_DATA}"
    return SHARED_DATA


@pytest.fixture(scope="session")
def store(shared_data: Path):
    """A real DuckDB store in the session's MULTIPOLAR_HOME with every declared source loaded."""
    from multipolar.store import connect

    _built_home()
    st = connect()
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


# --- one headless Chromium (Debian's) for the whole session, shared by tests/browser and tests/web:
# two sync Playwright instances in one worker fail ("Sync API inside the asyncio loop")
CHROMIUM = os.environ.get("MULTIPOLAR_CHROMIUM", "/usr/bin/chromium")
CHROMIUM_ARGS = [
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--no-first-run",
]


@pytest.fixture(scope="session")
def chromium_browser() -> Iterator[Any]:
    """One headless Chromium for the whole session (skips when none is installed)."""
    required = os.environ.get("MULTIPOLAR_REQUIRE_BROWSER") == "1"  # set by .ci/run
    if not (os.path.exists(CHROMIUM) or shutil.which(CHROMIUM)):
        if required:
            pytest.fail(f"no Chromium at {CHROMIUM} (CI installs Debian's chromium)")
        pytest.skip(f"no Chromium at {CHROMIUM}")
    sync_api = pytest.importorskip("playwright.sync_api")
    with sync_api.sync_playwright() as pw:
        browser = pw.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
        try:
            yield browser
        finally:
            browser.close()
