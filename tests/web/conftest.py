"""A real ``multipolar serve`` on a free port of 127.0.0.1 over a copy of the test store.

The session's store (tests/conftest.py) is copied to a home of its own once the evidence on
China and Russia is computed and kept in it (as ``multipolar why China Russia`` keeps it), so
the server, which opens its store read-only, shares no file lock with the test process.
"""

from __future__ import annotations

import os
import shutil
import socket
import subprocess
import sys
import time
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

import httpx
import pytest


@dataclass
class Server:
    url: str
    home: Path
    proc: subprocess.Popen[bytes]
    log: Path

    def get(self, path: str, **kw: object) -> httpx.Response:
        return httpx.get(self.url + path, timeout=120, **kw)  # type: ignore[arg-type]


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


def start(home: Path, log: Path, *extra: str) -> Server:
    port = free_port()
    env = {**os.environ, "MULTIPOLAR_HOME": str(home)}
    out = open(log, "wb")  # noqa: SIM115 (closed with the process)
    proc = subprocess.Popen(
        [sys.executable, "-m", "multipolar", "serve", "--port", str(port), *extra],
        env=env,
        stdout=out,
        stderr=subprocess.STDOUT,
    )
    url = f"http://127.0.0.1:{port}"
    deadline = time.monotonic() + 60
    while time.monotonic() < deadline:
        if proc.poll() is not None:
            raise RuntimeError(f"the server exited: {log.read_text()}")
        try:
            if httpx.get(url + "/api/states?q=a", timeout=2).status_code == 200:
                return Server(url, home, proc, log)
        except httpx.TransportError:
            time.sleep(0.2)
    proc.terminate()
    raise RuntimeError(f"the server did not start: {log.read_text()}")


def stop(server: Server) -> None:
    server.proc.terminate()
    try:
        server.proc.wait(10)
    except subprocess.TimeoutExpired:
        server.proc.kill()


@pytest.fixture(scope="session")
def web_home(store, tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A home holding a copy of the built store with China–Russia's evidence kept in it (the
    session's own store is left as it was)."""
    from multipolar.explain.why import why
    from multipolar.store import answers, connect

    store.raw.execute("CHECKPOINT")
    home = tmp_path_factory.mktemp("web-home")
    shutil.copy2(store.path, home / "multipolar.duckdb")
    with connect(home / "multipolar.duckdb") as st:
        ev = why("China", "Russia", store=st)
        answers.save(st, "why", answers.why_request(["China", "Russia"]), ev.to_dict(), "")
        st.raw.execute("CHECKPOINT")
    return home


@pytest.fixture(scope="session")
def server(web_home: Path, tmp_path_factory: pytest.TempPathFactory) -> Iterator[Server]:
    srv = start(web_home, tmp_path_factory.mktemp("web-log") / "serve.log")
    yield srv
    stop(srv)


@pytest.fixture
def start_server(tmp_path: Path) -> Iterator[object]:
    """``start_server(home) -> Server``: another server, stopped when the test ends."""
    started: list[Server] = []

    def _start(home: Path, *extra: str) -> Server:
        srv = start(home, tmp_path / f"serve-{len(started)}.log", *extra)
        started.append(srv)
        return srv

    yield _start
    for srv in started:
        stop(srv)
