"""``data import --as undl-ga`` / ``--as undl-sc``: the UN Digital Library's bulk voting files.

No copy of the library's file is in the mirror, so the round trip writes the mirror's own UN
records (sessions 74-80 and the emergency sessions) into the library's layout, imports it, and
checks that every state's vote on every roll call comes back identical; malformed variants are
refused in one line and change nothing. A record the UN's files lack (ES-11/7 of 24 February
2025, written here with made-up votes and labelled as such) joins the panel.
"""

from __future__ import annotations

import shutil
from pathlib import Path

import pandas as pd
import pytest

from multipolar.errors import FormatError, MultipolarError
from multipolar.store import connect, import_file

UNDL = {1: "Y", 2: "A", 3: "N"}


@pytest.fixture(scope="module")
def undl_home(store, tmp_path_factory):
    """A copy of the session's built store (the import must not touch the shared one)."""
    import os

    home = tmp_path_factory.mktemp("undl-home")
    src = Path(os.environ["MULTIPOLAR_HOME"])
    shutil.copy(src / "multipolar.duckdb", home / "multipolar.duckdb")
    mp = pytest.MonkeyPatch()
    mp.setenv("MULTIPOLAR_HOME", str(home))
    yield home
    mp.undo()


def undl_layout(rc: pd.DataFrame, votes: pd.DataFrame, members: pd.DataFrame) -> pd.DataFrame:
    """The UN records as the library's GA bulk CSV: one row per (roll call, member), X for a
    member not listed on the vote."""
    grid = rc[["rcid"]].merge(members, how="cross")
    grid = grid.merge(votes[["rcid", "ccode", "vote"]], on=["rcid", "ccode"], how="left")
    grid = grid.merge(rc, on="rcid")
    return pd.DataFrame(
        {
            "undl_id": grid["rcid"],
            "ms_code": grid["iso3"],
            "ms_name": grid["country"].str.upper(),
            "ms_vote": grid["vote"].map(UNDL).fillna("X"),
            "date": pd.to_datetime(grid["date"]).dt.strftime("%Y-%m-%d"),
            "session": grid["emergency_session"].fillna(grid["session"].astype(str)),
            "resolution": grid["unres"],
            "draft": "",
            "committee_report": "",
            "meeting": "",
            "title": grid["title"],
            "agenda_title": grid["agenda_item_name"].fillna(""),
            "subjects": grid["subjects"].fillna(""),
            "total_yes": grid["yes_count"],
            "total_no": grid["no_count"],
            "total_abstentions": grid["abstain_count"],
            "total_non_voting": grid["absent"],
            "total_ms": 193,
            "undl_link": "",
        }
    )


@pytest.fixture(scope="module")
def ga_file(undl_home, tmp_path_factory) -> Path:
    with connect() as st:
        rc = st.sql("SELECT * FROM unxml_rollcalls WHERE recorded AND unres IS NOT NULL")
        votes = st.sql("SELECT rcid, ccode, vote FROM unxml_votes")
        members = st.sql("SELECT DISTINCT ccode, iso3, country FROM unxml_votes ORDER BY ccode")
    df = undl_layout(rc, votes, members)
    path = tmp_path_factory.mktemp("undl") / "ga_voting.csv"
    df.to_csv(path, index=False)
    return path


def _panel_votes(symbols: tuple[str, ...] | None = None) -> pd.DataFrame:
    with connect() as st:
        return st.sql(
            "SELECT r.unres, v.ccode, v.vote, r.source FROM unga_votes v "
            "JOIN unga_rollcalls r USING (rcid) WHERE r.source IN ('unga_unxml', 'undl-ga')"
        )


def test_round_trip_gives_back_every_vote(undl_home, ga_file):
    before = _panel_votes()
    with connect() as st:
        n_rc = st.sql("SELECT count(*) AS n FROM unga_rollcalls").iloc[0, 0]
        result = import_file(st, ga_file, kind="undl-ga")
        after_n = st.sql("SELECT count(*) AS n FROM unga_rollcalls").iloc[0, 0]
    after = _panel_votes()
    assert result.tables["undl_ga_votes"] == len(before)
    # every roll call of the file replaces its own twin: the panel has as many roll calls
    assert after_n == n_rc
    assert set(after["source"]) == {"undl-ga"}
    key = ["unres", "ccode", "vote"]
    pd.testing.assert_frame_equal(
        before[key].sort_values(key, ignore_index=True),
        after[key].sort_values(key, ignore_index=True),
        check_dtype=False,
    )
    with connect() as st:
        st.forget("undl-ga")
        assert set(_panel_votes()["source"]) == {"unga_unxml"}


def test_a_record_the_un_files_lack_joins_the_panel(undl_home, ga_file, tmp_path):
    df = pd.read_csv(ga_file, dtype=str, keep_default_na=False)
    one = df[df["resolution"] == "A/RES/ES-11/6"].copy()
    # SYNTHETIC: ES-11/7 of 24 February 2025 is not in the mirror; its votes here are ES-11/6's
    one["undl_id"] = "9999999"
    one["resolution"] = "A/RES/ES-11/7"
    one["date"] = "2025-02-24"
    path = tmp_path / "es11_7.csv"
    one.to_csv(path, index=False)
    with connect() as st:
        import_file(st, path, kind="undl-ga")
        got = st.sql(
            "SELECT session, year, emergency_session, source FROM unga_rollcalls "
            "WHERE unres = 'A/RES/ES-11/7'"
        )
        st.forget("undl-ga")
    assert got.to_dict("records") == [
        {"session": 79, "year": 2024, "emergency_session": "ES-11", "source": "undl-ga"}
    ]  # 24 February 2025 falls in the 79th session (opened 10 September 2024)


@pytest.mark.parametrize(
    ("mutate", "message"),
    [
        (lambda d: d.drop(columns=["ms_vote"]), "missing column"),
        (lambda d: d.assign(ms_vote=d["ms_vote"].where(d.index != 3, "Q")), "unknown ms_vote"),
        (lambda d: d.assign(ms_code=d["ms_code"].where(d.index != 5, "XXX")), "no COW code"),
        (lambda d: d.assign(undl_id=d["undl_id"].where(d.index != 7, "abc")), "numeric undl_id"),
        (lambda d: d.assign(date=d["date"].where(d.index != 2, "31 Smarch")), "unreadable date"),
        (
            lambda d: pd.concat(
                [d, d.iloc[[0]].assign(ms_vote="N" if d.iloc[0]["ms_vote"] != "N" else "Y")]
            ),
            "two different votes",
        ),
    ],
)
def test_malformed_files_are_refused_and_change_nothing(
    undl_home, ga_file, tmp_path, mutate, message
):
    df = pd.read_csv(ga_file, dtype=str, keep_default_na=False).head(400)
    bad = tmp_path / "bad.csv"
    mutate(df).to_csv(bad, index=False)
    with connect() as st:
        before = st.catalog()["source"].tolist()
        with pytest.raises(MultipolarError, match=message) as err:
            import_file(st, bad, kind="undl-ga")
        assert "\n" not in str(err.value)
        assert st.catalog()["source"].tolist() == before


def test_not_a_csv(undl_home, tmp_path):
    bad = tmp_path / "bin.csv"
    bad.write_bytes(b"\xff\xfe\x00garbage\x00")
    with connect() as st, pytest.raises(FormatError):
        import_file(st, bad, kind="undl-ga")


def test_security_council_file_gives_unsc_votes(undl_home, tmp_path):
    """A Security Council layout: resolution 2334 (2016), 14 in favour, the USA abstaining
    (S/PV.7853, 23 December 2016)."""
    members = ["USA", "GBR", "FRA", "RUS", "CHN", "ANG", "EGY", "JPN", "MYS", "NZL", "SEN",
               "ESP", "UKR", "URY", "VEN"]  # fmt: skip
    members[5] = "AGO"
    rows = [
        {
            "undl_id": 853000,
            "ms_code": m,
            "ms_name": m,
            "ms_vote": "A" if m == "USA" else "Y",
            "date": "2016-12-23",
            "session": "71",
            "resolution": "S/RES/2334(2016)",
            "draft": "S/2016/1085",
            "committee_report": "",
            "meeting": "S/PV.7853",
            "title": "The situation in the Middle East, including the Palestinian question",
            "agenda_title": "",
            "subjects": "",
            "vote_note": "",
            "total_yes": 14,
            "total_no": 0,
            "total_abstentions": 1,
            "total_non_voting": 0,
            "total_ms": 15,
            "undl_link": "",
            "permanent_member": m in ("USA", "GBR", "FRA", "RUS", "CHN"),
            "description": "",
            "agenda": "The situation in the Middle East",
            "modality": "Voting",
        }
        for m in members
    ]
    path = tmp_path / "sc.csv"
    pd.DataFrame(rows).to_csv(path, index=False)
    with connect() as st:
        result = import_file(st, path, kind="undl-sc")
        votes = st.sql("SELECT ccode, vote FROM unsc_votes ORDER BY ccode")
        from multipolar.explain.agreement import dyadic_agreement

        sc = dyadic_agreement(st, source="unsc", states=["USA", "UK"])
        st.forget("undl-sc")
        with pytest.raises(MultipolarError, match="--as undl-sc"):
            dyadic_agreement(st, source="unsc", states=["USA", "UK"])
    assert result.tables == {"unsc_rollcalls": 1, "unsc_votes": 15}
    assert dict(zip(votes["ccode"], votes["vote"], strict=True))[2] == 2  # the US abstained
    assert (votes["vote"] == 1).sum() == 14
    # one contested vote (the USA abstained): USA-UK disagree on it, agreement 0 of 1
    assert sc[["year", "n_votes", "agree"]].to_dict("records") == [
        {"year": 2016, "n_votes": 1, "agree": 0.0}
    ]
