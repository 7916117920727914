"""The DuckDB store: idempotent and atomic ingest, catalog, schema version, result cache."""

from __future__ import annotations

import json

import pandas as pd
import pytest

from multipolar import sources
from multipolar.errors import NotLoadedError, SchemaVersionError, StoreError
from multipolar.store import SCHEMA_VERSION, connect, import_file, summary


def test_ingest_is_idempotent(fresh_home):
    with connect() as st:
        first = st.load("cow_majors")
        again = st.load("cow_majors")
        assert first == again == {"cow_majors": 14}
        assert len(st.catalog()) == 1
        assert len(st.frame("cow_majors")) == 14


def test_failed_load_leaves_previous_state(fresh_home):
    with connect() as st:
        st.load("cow_majors")
        good = pd.DataFrame({"x": [1]})
        bad = pd.DataFrame({"a": [b"x", 1]})  # bytes then an int: DuckDB cannot cast, CREATE fails
        with pytest.raises(StoreError, match="the store is unchanged"):
            st.ingest("cow_majors", {"cow_majors": good, "zz": bad}, version="bad", files={})
        assert len(st.frame("cow_majors")) == 14  # previous table intact
        assert st.catalog()["version"].tolist() == [sources.get("cow_majors").version]
        assert "zz" not in st.con.list_tables()


def test_first_access_pulls_the_source(fresh_home):
    with connect() as st:
        t = st.table("cow_nmc")
        assert t.count().execute() == 17_121
        assert st.catalog()["source"].tolist() == ["cow_nmc"]


def test_changed_source_is_reloaded(fresh_home):
    with connect() as st:
        st.load("cow_majors")
        st.raw.execute("UPDATE _catalog SET version = 'old' WHERE source = 'cow_majors'")
        assert not st.is_current(sources.get("cow_majors"))
        st.ensure("cow_majors")
        assert st.is_current(sources.get("cow_majors"))


def test_newer_schema_is_refused(fresh_home):
    with connect() as st:
        st.raw.execute(
            "UPDATE _meta SET value = ? WHERE key = 'schema_version'", [str(SCHEMA_VERSION + 1)]
        )
    with pytest.raises(SchemaVersionError, match="newer multipolar"):
        connect()


def test_unknown_table(fresh_home):
    with connect() as st, pytest.raises(NotLoadedError, match="known tables"):
        st.table("no_such_table")


def test_result_cache_keyed_by_options_and_data(fresh_home):
    with connect() as st:
        st.load("cow_majors")
        df = pd.DataFrame({"a": [1, 2]})
        st.save_result("demo", {"x": 1}, df)
        assert st.load_result("demo", {"x": 1}).equals(df)
        assert st.load_result("demo", {"x": 2}) is None
        st.load("cow_majors", force=True)  # new data: cached results are dropped
        assert st.load_result("demo", {"x": 1}) is None


def test_import_voeten_replaces_unvotes_tables(fresh_home, shared_data):
    with connect() as st:
        res = import_file(
            st, shared_data / "unvotes" / "UNVotesPublished.RData", kind="unvotes-voeten"
        )
        assert res.tables["unga_votes"] == 738_764
        cat = st.catalog()
        assert cat["source"].tolist() == ["unvotes-voeten"]
        assert json.loads(cat["files"][0]) == {"UNVotesPublished.RData": res.sha256}
        assert st.table("unga_votes").count().execute() == 738_764  # not replaced by the pinned one


def test_summary_lists_rows_and_years(store):
    df = summary(store)
    row = df[df["table"] == "cow_nmc"].iloc[0]
    assert (row["rows"], row["first_year"], row["last_year"]) == (17_121, 1816, 2022)
