"""The DuckDB store: idempotent and atomic ingest, catalog, schema version, result cache."""

from __future__ import annotations

import json

import pandas as pd
import pytest

from multipolar import sources
from multipolar.errors import InputError, NotLoadedError, SchemaVersionError, StoreError
from multipolar.sources._rdata import read_rdata
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
    with connect(read_only=False) as st:
        st.load("cow_majors")
        st.raw.execute("UPDATE _catalog SET version = 'old' WHERE source = 'cow_majors'")
        assert not st.is_current(sources.get("cow_majors"))
        st.ensure("cow_majors")
        assert st.is_current(sources.get("cow_majors"))


def test_newer_schema_is_refused(fresh_home):
    with connect(read_only=False) as st:
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


def test_the_vote_panel_takes_each_session_from_one_source(store):
    st = store
    layout = dict(st.sql("SELECT session, source FROM _vote_panel").values.tolist())
    assert layout[1] == layout[73] == "unvotes"
    assert layout[74] == layout[80] == "unga_unxml"  # session 74 from the UN's own records
    n = st.sql("SELECT count(*) FROM unga_votes").iloc[0, 0]
    parts = st.sql(
        "SELECT (SELECT count(*) FROM unvotes_votes WHERE session <= 73) "
        "+ (SELECT count(*) FROM unxml_votes)"
    ).iloc[0, 0]
    assert n == parts
    rc = st.frame("unga_rollcalls")
    assert rc["rcid"].is_unique
    assert set(rc["source"]) == {"unvotes", "unga_unxml"}
    assert not rc.loc[rc["source"] == "unga_unxml", "recorded"].isna().all()


@pytest.fixture(scope="module")
def panel_home(tmp_path_factory):
    """One store with the vote panel, shared by the import tests (each leaves it as it found it)."""
    home = tmp_path_factory.mktemp("panel-home")
    mp = pytest.MonkeyPatch()
    mp.setenv("MULTIPOLAR_HOME", str(home))
    with connect() as st:
        st.ensure("unga_votes")
    yield home
    mp.undo()


def test_a_small_import_does_not_replace_the_panel(panel_home, shared_data, tmp_path):
    # six rows of Voeten's file: session 1, one roll call, five votes (counted from the file)
    six = tmp_path / "six.csv"
    raw = read_rdata(shared_data / "unvotes" / "UNVotesPublished.RData", "x").head(6)
    raw.to_csv(six, index=False)
    with connect() as st:
        before = st.sql("SELECT count(*) FROM unga_votes").iloc[0, 0]
        with pytest.raises(InputError) as err:
            import_file(st, six, kind="unvotes-voeten")
        msg = str(err.value)
        assert "session 1 (1946)" in msg and "1 roll call," in msg and "--replace" in msg
        assert st.sql("SELECT count(*) FROM unga_votes").iloc[0, 0] == before
        assert "unvotes-voeten" not in st.catalog()["source"].tolist()


def test_an_import_is_preferred_for_its_sessions_and_survives_a_pull(panel_home, shared_data):
    path = shared_data / "unvotes" / "UNVotesPublished.RData"
    with connect() as st:
        # the 2016 release holds BSV's vote set: fewer roll calls than unvotes in 16 sessions
        with pytest.raises(InputError, match="16 of the 70 sessions"):
            import_file(st, path, kind="unvotes-voeten")
        res = import_file(st, path, kind="unvotes-voeten", replace=True)
        assert res.tables["import_votes"] == 738_764
        cat = st.catalog().set_index("source")
        assert json.loads(cat.loc["unvotes-voeten", "files"]) == {
            "UNVotesPublished.RData": res.sha256
        }
        layout = dict(st.sql("SELECT session, source FROM _vote_panel").values.tolist())
        assert layout[70] == "unvotes-voeten" and layout[71] == "unvotes"
        n70 = st.sql("SELECT count(*) FROM unga_votes WHERE session <= 70").iloc[0, 0]
        assert n70 == 738_764
        st.load("unvotes", force=True)  # what `data pull --force` does: the import stays
        assert "unvotes-voeten" in st.catalog()["source"].tolist()
        assert st.sql("SELECT count(*) FROM unga_votes WHERE session <= 70").iloc[0, 0] == n70
        st.forget("unvotes-voeten")
        layout = dict(st.sql("SELECT session, source FROM _vote_panel").values.tolist())
        assert layout[70] == "unvotes"


def test_summary_lists_rows_and_years(store):
    df = summary(store)
    row = df[df["table"] == "cow_nmc"].iloc[0]
    assert (row["rows"], row["first_year"], row["last_year"]) == (17_121, 1816, 2022)
