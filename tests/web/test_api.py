"""The JSON API over a real uvicorn server on 127.0.0.1 (httpx), every endpoint and error.

Known answers: the China–Russia roll calls of session 74 (2019) counted by hand from the UN's
JSON (``unxml_pair``); the error lines are the CLI's own (``multipolar.cli._message``) for the
same exception; the why JSON is the library's ``why(...).to_dict()``.
"""

from __future__ import annotations

import json
import subprocess
import sys
import threading
from concurrent.futures import ThreadPoolExecutor

import httpx
import pytest

from multipolar.cli import _message
from multipolar.errors import InputError
from multipolar.states import resolve


def test_states_search_suggests_names(server):
    rows = server.get("/api/states?q=ind").json()["rows"]
    assert {"India", "Indonesia"} <= {r["name"] for r in rows}
    assert server.get("/api/states?q=").json()["rows"] == []


def test_pair_is_the_library_why_json(server, store):
    from multipolar.explain.why import why

    got = server.get("/api/pair/China/Russia").json()
    want = json.loads(json.dumps(why("China", "Russia", store=store).to_dict()))
    for key in ("title", "subtitle", "bottom_line", "period", "states", "evidence_matrix"):
        assert got[key] == want[key], key


def test_rollcalls_of_a_year_match_the_un_json(server, unxml_pair):
    n, same = unxml_pair(74, "CHINA", "RUSSIAN FEDERATION")
    r = server.get("/api/pair/China/Russia/rollcalls?year=2019&per_page=500").json()
    assert r["total"] == n and len(r["rows"]) == n
    assert sum(row["same"] for row in r["rows"]) == same
    m = server.get("/api/pair/CHN/RUS/positions?year=2019").json()
    assert sum(m["counts"][i][i] for i in range(3)) == same and m["n_votes"] == n
    d = server.get("/api/pair/710/365/rollcalls?year=2019&divergent=1&per_page=500").json()
    assert d["total"] == n - same


def test_agreement_series_and_paging(server, unxml_pair):
    n, same = unxml_pair(74, "CHINA", "RUSSIAN FEDERATION")
    full = server.get("/api/pair/China/Russia/agreement?per_page=500").json()
    row = next(r for r in full["rows"] if r["year"] == 2019)
    assert row["n_votes"] == n and row["agree"] == pytest.approx(same / n)
    page2 = server.get("/api/pair/China/Russia/agreement?per_page=5&page=2").json()
    assert page2["rows"] == full["rows"][5:10]
    assert page2["total"] == full["total"] and page2["page"] == 2
    assert "page=3" in page2["next"]
    last = server.get(f"/api/pair/China/Russia/agreement?per_page=5&page={full['total'] // 5 + 1}")
    assert last.json()["next"] is None
    csv = server.get("/api/pair/China/Russia/agreement?format=csv")
    assert csv.headers["content-type"].startswith("text/csv")
    assert len(csv.text.strip().splitlines()) == full["total"] + 1


def test_issues_and_forecast(server, store):
    from multipolar.explain.pair import agreement_by_issue

    got = server.get("/api/pair/China/Russia/issues?from=1991&to=2019").json()
    assert got["rows"] == agreement_by_issue(store, "China", "Russia", start=1991, end=2019)
    f = server.get("/api/pair/China/Russia/forecast?horizon=3")
    assert f.status_code == 200, f.text
    body = f.json()
    assert len(body["forecast"]) == 3 and 0 <= body["p_rise"] <= 1 and body["statement"]


def test_a_question_over_the_time_limit_is_a_503(web_home, tmp_path, start_server):
    import shutil

    home = tmp_path / "home"
    shutil.copytree(web_home, home)
    slow = start_server(home, "--time-limit", "0.01")
    r = slow.get("/api/world/polarity")  # about 30 s of work: far over 0.01 s
    assert r.status_code == 503
    assert r.json()["error"].startswith("error: the answer took longer than 0.01 s")
    assert slow.get("/api/states?q=chi").status_code == 200  # the server still answers


def test_state_partners_and_world(server):
    p = server.get("/api/state/India/partners?year=2019&per_page=500").json()
    assert p["year"] == 2019 and p["ccode"] == 750 and p["rows"][0]["rank"] == 1
    assert all(r["ccode"] != 750 for r in p["rows"])
    b = server.get("/api/world/blocs?year=2019").json()
    assert b["year"] == 2019 and b["blocs"] and b["membership"]
    pol = server.get("/api/world/polarity?per_page=500").json()
    assert pol["total"] > 100 and {"year", "con_major"} <= set(pol["rows"][0])
    v = server.get("/api/world/vetoes").json()
    assert v["rows"] or v["note"]
    ip = server.get("/api/state/India/idealpoints")
    assert ip.status_code in (200, 503)  # 503: not fitted in this store, and it says so
    if ip.status_code == 503:
        assert "multipolar idealpoints" in ip.json()["error"]


def test_data_endpoints(server):
    src = server.get("/api/data/sources").json()
    assert {"unvotes_votes", "cow_states"} <= {t["table"] for t in src["tables"]}
    assert src["store"]["file"] == "multipolar.duckdb" and src["store"]["bytes"] > 10**6
    assert str(server.home) not in server.get("/data").text  # no server folders shown
    bib = server.get("/api/data/bibtex")
    assert bib.text.count("@") >= 5 and "bailey2017estimating" in bib.text
    spec = server.get("/api/openapi.json").json()
    from multipolar.web.api import routes

    paths = {"/api" + r.path for r in routes() if "{rest" not in r.path and "openapi" not in r.path}
    assert paths == set(spec["paths"])


@pytest.mark.parametrize(
    ("path", "status", "exc"),
    [
        ("/api/pair/China/Narnia/agreement", 404, lambda: resolve("Narnia")),
        ("/api/state/Atlantis/partners?year=2019", 404, lambda: resolve("Atlantis")),
        ("/api/pair/China/Russia/agreement?from=nineteen", 400, None),
        ("/api/state/India/partners?year=1700", 400, None),
        ("/api/pair/China/Russia/agreement?per_page=100000", 400, None),
        ("/api/nothing/here", 404, None),
    ],
)
def test_errors_are_the_cli_line(server, path, status, exc):
    r = server.get(path)
    assert r.status_code == status
    body = r.json()
    assert body["status"] == status and body["error"].startswith("error: ")
    assert "\n" not in body["error"]
    if exc is not None:
        with pytest.raises(Exception) as info:
            exc()
        assert body["error"] == _message(info.value)[0]


def test_bad_year_is_the_cli_line(server):
    r = server.get("/api/pair/China/Russia/agreement?from=2020&to=2010")
    assert r.json()["error"] == _message(InputError("--from 2020 is after --to 2010"))[0]


def test_read_text_and_limits(server, shared_data):
    piece = shared_data.parent / "corpus" / "why-china-russia-stick-together.txt"
    r = httpx.post(
        server.url + "/api/read?date=2022-11-01",
        content=piece.read_bytes(),
        headers={"content-type": "text/plain"},
        timeout=120,
    )
    assert r.status_code == 200, r.text
    got = r.json()
    assert got["claims"] and all(c["check"]["verdict"] for c in got["claims"])
    assert {"China", "Russia"} <= {a["name"] for a in got["actors"]}
    big = b"x" * (20 * 1024 * 1024)
    r = httpx.post(server.url + "/api/read", content=big, timeout=60)
    assert r.status_code == 413 and "limit" in r.json()["error"]
    r = httpx.post(server.url + "/api/read", files={"file": ("a.txt", big)}, timeout=60)
    assert r.status_code == 413
    r = httpx.post(server.url + "/api/read", content=b"   ", timeout=60)
    assert (
        r.status_code == 400
        and r.json()["error"] == "error: the text is empty; paste a text or choose a file"
    )


def test_security_headers(server):
    r = server.get("/pair/China/Russia")
    csp = r.headers["content-security-policy"]
    script = next(p for p in csp.split(";") if p.strip().startswith("script-src"))
    assert script.strip() == "script-src 'self'"
    assert "connect-src 'self'" in csp
    assert r.headers["x-content-type-options"] == "nosniff"
    assert "<script>" not in r.text.replace('<script type="application/json"', "")


def test_twenty_concurrent_readers(server):
    paths = ["/api/pair/China/Russia/agreement", "/api/state/India/partners?year=2019",
             "/pair/China/Russia", "/api/world/blocs?year=2019", "/data"] * 8  # fmt: skip
    with ThreadPoolExecutor(20) as pool:
        codes = list(pool.map(lambda p: server.get(p).status_code, paths))
    assert codes == [200] * len(paths)


def test_one_log_line_per_request(server):
    import time

    server.get("/api/states?q=zz-log-marker")
    for _ in range(50):  # the line is written just after the response is sent
        lines = [x for x in server.log.read_text().splitlines() if "zz-log-marker" in x]
        if lines:
            break
        time.sleep(0.1)
    assert len(lines) == 1 and " 200 " in lines[0]


def test_readers_during_a_data_pull_never_see_an_error(web_home, tmp_path, start_server):
    """Readers open the store read-only per question; the pull takes the write lock between
    them (readers wait, bounded), so every request answers 200 and the pull completes."""
    import shutil

    home = tmp_path / "home"
    shutil.copytree(web_home, home)
    server = start_server(home)
    stop_flag = threading.Event()
    bad: list[int] = []

    def reader() -> None:
        year = 1990
        while not stop_flag.is_set():
            year = 1990 + (year - 1989) % 30  # new questions, not kept ones
            r = server.get(f"/api/state/Brazil/partners?year={year}")
            if r.status_code != 200:
                bad.append(r.status_code)

    threads = [threading.Thread(target=reader) for _ in range(4)]
    for t in threads:
        t.start()
    env_home = {"MULTIPOLAR_HOME": str(server.home)}
    import os

    pulled = subprocess.run(
        [sys.executable, "-m", "multipolar", "data", "pull", "cow_majors", "--force"],
        env={**os.environ, **env_home},
        capture_output=True,
        timeout=300,
    )
    stop_flag.set()
    for t in threads:
        t.join()
    assert pulled.returncode == 0, pulled.stderr.decode()[-300:]  # the pull itself ran
    assert bad == []
