"""The Security Council veto list on the real CSV.

Expected counts are read from the raw CSV here with the standard library (``csv``): 214 rows;
member_veto1 filled in all 214, member_veto2 in 38, member_veto3 in 13, so 265 vetoes.
"""

from __future__ import annotations

import csv
import datetime as dt
from pathlib import Path

import pytest

from multipolar import states
from multipolar.errors import FormatError
from multipolar.sources import unsc
from multipolar.sources.fetch import sha256_file


@pytest.fixture(scope="module")
def raw(shared_data: Path) -> list[dict[str, str]]:
    path = shared_data / unsc.UNSC_FILE
    assert sha256_file(path).startswith("d6b65d698d8f4e5a")  # PROVENANCE.md
    with path.open(encoding="utf-8", newline="") as fh:
        return list(csv.DictReader(fh))


@pytest.fixture(scope="module")
def table(shared_data: Path):
    return unsc.parse_unsc_vetoes({unsc.UNSC_FILE: shared_data / unsc.UNSC_FILE}, states)[
        "unsc_vetoes"
    ]


def test_one_row_per_draft_and_vetoer(table, raw):
    assert len(raw) == 214
    filled = [sum(1 for r in raw if r[c].strip()) for c in unsc.VETO_COLUMNS]
    assert filled == [214, 38, 13]
    assert len(table) == 265 and table["veto_id"].nunique() == 214
    assert table["date"].min() == dt.date(1946, 2, 16)
    assert table["date"].max() == dt.date(2022, 7, 8)  # not September, despite the file name
    assert set(table["ccode"]) == {2, 200, 220, 365, 710}
    assert set(table.loc[table["member"] == "USSR", "year"]) <= set(range(1946, 1992))


def test_dummies_are_checked_not_trusted(table, raw):
    # the 17 all-zero rows of 1966-1980 (PROVENANCE.md) still have their vetoers
    blank = table.drop_duplicates("veto_id")
    assert int((blank["dummies"] == "blank").sum()) == 17
    assert int((blank["dummies"] == "differ").sum()) == 9
    assert set(blank.loc[blank["dummies"] == "blank", "year"]) <= set(range(1966, 1981))


def test_meeting_record_newlines(table, raw):
    two = [r["draft"] for r in raw if "\n" in r["meeting_record"]]
    assert two == ["S/2020/654", "S/2020/667", "S/2020/852"]
    rec = table.loc[table["draft"] == "S/2020/654", "meeting_record"].iloc[0]
    assert rec == "S/2020/661; S/2020/657"


def test_china_vetoes_since_2011(table, raw):
    # by hand in the raw CSV: rows whose member_veto1..3 name China with year >= 2011 are
    # S/2011/612, S/2012/77, S/2012/538, S/2014/348, S/2016/1026, S/2017/172, S/2019/186,
    # S/2019/756, S/2019/961, S/2020/654, S/2020/667, S/2022/431 -- 12, each naming Russia too
    hand = [
        r["draft"]
        for r in raw
        if int(r["year"]) >= 2011
        and "China" in (r["member_veto1"], r["member_veto2"], r["member_veto3"])
    ]
    assert len(hand) == 12
    china = table[(table["ccode"] == 710) & (table["year"] >= 2011)]
    assert sorted(china["draft"]) == sorted(hand)
    with_russia = table[(table["member"] == "Russia") & table["veto_id"].isin(china["veto_id"])]
    assert len(with_russia) == 12


def test_bad_rows_are_refused(shared_data, tmp_path):
    text = (shared_data / unsc.UNSC_FILE).read_text(encoding="utf-8")
    path = tmp_path / "v.csv"
    path.write_text(text.replace(",USSR,,,1,0,0,0,0,1,", ",Soviet,,,1,0,0,0,0,1,", 1), "utf-8")
    with pytest.raises(FormatError, match=r"'Soviet' \(file lines \[2\]\)"):
        unsc.parse_unsc_vetoes({unsc.UNSC_FILE: path}, states)
    path.write_text(text.replace("2/16/1946", "16.2.1946", 1), "utf-8")
    with pytest.raises(FormatError, match="1 rows with a date"):
        unsc.parse_unsc_vetoes({unsc.UNSC_FILE: path}, states)
    path.write_text(text.replace(",member_veto1,", ",first_veto,", 1), "utf-8")
    with pytest.raises(FormatError, match="lacks the column"):
        unsc.parse_unsc_vetoes({unsc.UNSC_FILE: path}, states)


def test_permanent_seats():
    seats = unsc.permanent_seats()
    chinese = seats[seats["ccode"].isin([710, 713])].sort_values("from_date")
    assert list(chinese["ccode"]) == [710, 713, 710]
    assert chinese["to_date"].iloc[1] == dt.date(1971, 10, 24)  # GA resolution 2758


def test_protected_states_file_matches_the_list(table, raw):
    prot = unsc.protected_states()
    pairs = {(r["crisis_topic"], v) for r in raw for v in (r[c] for c in unsc.VETO_COLUMNS) if v}
    stale = [
        (t, v)
        for t, v in zip(prot["crisis_topic"], prot["vetoer"], strict=True)
        if (t, v) not in pairs
    ]
    assert stale == []  # every coded topic x vetoer occurs in the list
    # by hand in the raw CSV: rows with topic Israel-Palestine naming the USA are 34 (33 US
    # alone, and S/20378 of 1989 with France and the UK, which is about the US downing of Libyan
    # aircraft and is excluded); with topic Israel-Lebanon 10 -> 43 US vetoes shield Israel
    israel = table[(table["protected_ccode"] == 666) & (table["member"] == "USA")]
    assert len(israel) == 43 and "S/20378" not in set(israel["draft"])
