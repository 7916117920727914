"""``connect(read_only=True)``: what ``multipolar serve`` opens (several processes at once)."""

from __future__ import annotations

import shutil
import subprocess
import sys

import pytest

from multipolar.errors import NotLoadedError, StoreError
from multipolar.store import connect


@pytest.fixture
def copy(store, tmp_path):
    store.raw.execute("CHECKPOINT")
    path = tmp_path / "multipolar.duckdb"
    shutil.copy2(store.path, path)
    return path


def test_read_only_reads_and_loads_nothing(copy):
    with connect(copy, read_only=True) as st:
        n = st.sql("SELECT count(*) AS n FROM cow_states")["n"].item()
        assert n > 200
        # a reader keeps results as files beside the store (cache/), never in it
        st.save_result("test", {"x": 1}, st.frame("cow_majors"), tables=["cow_majors"])
        with pytest.raises(Exception, match="read-only"):
            st.raw.execute("CREATE TABLE t (x INT)")
        st.ensure("cow_states")  # present: nothing to do, nothing loaded
        with pytest.raises(NotLoadedError, match="no table 'no_such_table'"):
            st.ensure("no_such_table")


def test_two_processes_read_at_once(copy):
    code = (
        "import sys; from multipolar.store import connect; "
        "st = connect(sys.argv[1], read_only=True); "
        "print(st.sql('SELECT count(*) AS n FROM cow_states')['n'].item())"
    )
    with connect(copy, read_only=True):
        out = subprocess.run(
            [sys.executable, "-c", code, str(copy)], capture_output=True, text=True, timeout=120
        )
    assert out.returncode == 0, out.stderr
    assert int(out.stdout) > 200


def test_no_store_is_one_line(tmp_path):
    with pytest.raises(StoreError, match="multipolar data pull"):
        connect(tmp_path / "none.duckdb", read_only=True)
