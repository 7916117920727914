"""Truncated and byte-flipped stores: a one-line "the store is damaged" or the clean results.

Before: DuckDB detected the damage (a block checksum, a short read) but the user saw its
traceback, and ``data list`` exited 0 on a store whose tables could not be read. Now every
DuckDB damage error becomes a :class:`StoreError` that says how to rebuild the store, and
``data list`` reads every block first. Never a wrong number: a damaged store either fails in
one line or, when the damage lies outside the data read (free space, unused blocks), gives
results identical to the clean store's.
"""

from __future__ import annotations

import json
import random
import subprocess
import sys
from pathlib import Path

import pytest

from .conftest import cli, one_line_error

#: checks one store file in a child process (DuckDB reading a damaged file must not take the
#: test run down with it): open, verify, and an order-free digest of every table
_CHECK = r"""
import json, sys
from multipolar.errors import StoreError
from multipolar.store import connect
out = {}
for path in sys.argv[1:]:
    try:
        st = connect(path)
        try:
            st.verify()
            names = [r[0] for r in st.raw.execute(
                "SELECT table_name FROM duckdb_tables() WHERE table_name NOT LIKE '\_%' ESCAPE '\\'"
            ).fetchall()]
            out[path] = {"status": "ok", "digests": {
                n: str(st.raw.execute(f'SELECT count(*), bit_xor(hash(COLUMNS(*))) FROM "{n}"').fetchall())
                for n in sorted(names)}}
        finally:
            st.close()
    except StoreError as exc:
        out[path] = {"status": "store error", "message": str(exc)}
    except BaseException as exc:
        out[path] = {"status": "other", "message": f"{type(exc).__name__}: {exc}"}
print(json.dumps(out))
"""


def _check(paths: list[Path]) -> dict[str, dict]:
    r = subprocess.run(
        [sys.executable, "-c", _CHECK, *map(str, paths)],
        capture_output=True,
        text=True,
        timeout=300,
    )
    assert r.returncode == 0, f"the checker died (exit {r.returncode}): {r.stderr[-2000:]}"
    return json.loads(r.stdout.strip().splitlines()[-1])


def _damaged(clean: bytes, folder: Path, seed: int) -> list[Path]:
    """Copies of ``clean``: truncated at random points, and with 1 to 64 flipped bits."""
    rng = random.Random(seed)
    out = []
    for k in range(6):
        p = folder / f"cut{k}.duckdb"
        p.write_bytes(clean[: rng.randrange(len(clean))])
        out.append(p)
    for k, flips in enumerate([1, 1, 2, 4, 4, 16, 64, 64]):
        b = bytearray(clean)
        for _ in range(flips):
            b[rng.randrange(len(b))] ^= 1 << rng.randrange(8)
        p = folder / f"flip{k}.duckdb"
        p.write_bytes(bytes(b))
        out.append(p)
    return out


def _flip_every_block(data: bytes) -> bytes:
    """One byte inverted in every 4 KiB (DuckDB's blocks are 256 KiB: all of them are hit)."""
    b = bytearray(data)
    b[100::4096] = bytes(x ^ 0xFF for x in b[100::4096])
    return bytes(b)


@pytest.mark.slow
def test_damaged_stores_fail_in_one_line_or_give_clean_results(
    built_store: Path, tmp_path: Path, fault
) -> None:
    # ~15 s: ten damaged copies of the 70 MB store checked in one child process
    clean = built_store.read_bytes()
    (clean_copy := tmp_path / "clean.duckdb").write_bytes(clean)
    files = _damaged(clean, tmp_path, seed=2026)
    results = _check([clean_copy, *files])
    reference = results.pop(str(clean_copy))
    assert reference["status"] == "ok"
    problems = []
    for path, res in results.items():
        kind = "truncated store" if "cut" in path else "byte-flipped store"
        if res["status"] == "store error":
            ok = "damaged" in res["message"] and "multipolar data pull" in res["message"]
        elif res["status"] == "ok":
            ok = res["digests"] == reference["digests"]  # the damage missed the data
        else:
            ok = False
        fault(kind, ok)
        if not ok:
            problems.append(f"{Path(path).name}: {res}")
    assert not problems, "\n".join(problems)


def test_cli_on_a_damaged_store_says_so_in_one_line(
    built_store: Path, tmp_path: Path, fault
) -> None:
    clean = built_store.read_bytes()
    cases = {
        "truncated": clean[: len(clean) // 2],
        "flipped": _flip_every_block(clean),
    }
    commands = {"truncated": ["data", "list"], "flipped": ["export", "cow_nmc", "-o", "x.csv"]}
    for name, data in cases.items():
        home = tmp_path / name
        home.mkdir()
        (home / "multipolar.duckdb").write_bytes(data)
        for args in [commands[name]]:
            r = cli(*args, home=home)
            ok = one_line_error(r) and "is damaged" in r.stderr and "data pull" in r.stderr
            fault(f"{'truncated' if name == 'truncated' else 'byte-flipped'} store", ok)
            assert ok, (name, args, r.returncode, r.stderr)
