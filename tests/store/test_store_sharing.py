"""The store's read-only mode and kept results keyed by the tables they read (issue 21)."""

from __future__ import annotations

import duckdb
import pandas as pd
import pytest

from multipolar.errors import NotLoadedError, StoreError
from multipolar.store import connect


@pytest.fixture
def small_home(fresh_home):
    """A store holding two small sources: cow_majors and capitals."""
    with connect(read_only=False) as st:
        st.load("cow_majors")
        st.load("capitals")
    return fresh_home


def test_read_only_never_writes(small_home):
    with connect(read_only=True) as st:
        assert st.table("cow_majors").count().execute() > 0
        with pytest.raises(NotLoadedError, match=r"run `multipolar data pull cow_nmc`"):
            st.table("cow_nmc")
        with pytest.raises(StoreError, match="read-only"):
            st.forget("capitals")
        # a second reader in the same process, and a third through DuckDB itself
        with connect(read_only=True) as other:
            assert other.table("capitals").count().execute() > 0
        con = duckdb.connect(str(st.path), read_only=True)
        con.close()


def test_read_only_needs_a_store(fresh_home):
    with pytest.raises(StoreError, match=r"no store at .*data pull"):
        connect(read_only=True)


def test_the_default_writes_only_while_it_loads(small_home):
    with connect() as st:
        assert st.raw.execute("SELECT count(*) FROM cow_majors").fetchall()[0][0] > 0
        # between writes the file is open read-only: another reader may open it
        con = duckdb.connect(str(st.path), read_only=True)
        con.close()
        st.load("cow_contdir")  # a write: takes the lock, then reads again
        con = duckdb.connect(str(st.path), read_only=True)
        con.close()


def test_a_kept_result_depends_on_the_tables_it_read(small_home):
    df = pd.DataFrame({"a": [1, 2]})
    with connect() as st:
        assert st.load_result("demo", {"x": 1}) is None  # a miss records what is read next
        st.frame("cow_majors")
        st.save_result("demo", {"x": 1}, df)
        assert st.load_result("demo", {"x": 1}).equals(df)
        st.load("capitals", force=True)  # not read: still kept
        assert st.load_result("demo", {"x": 1}).equals(df)
        st.load("cow_majors", force=True)  # read: a new load is a new fingerprint
        assert st.load_result("demo", {"x": 1}) is None
