"""The GSDB V3 parser on the real file, the names file and the group membership lists.

Expected counts are computed here from the raw CSV with the standard library (``csv``), not
by the parser; membership totals are the organisations' own published figures (cited at each).
"""

from __future__ import annotations

import csv
from pathlib import Path

import pandas as pd
import pytest

from multipolar import states
from multipolar.errors import FormatError
from multipolar.sources import gsdb
from multipolar.sources.fetch import sha256_file

GSDB_SHA256 = "6f7e1cca2b5d4f1ed6e132c0c1332aa45131ff30bc5d323c53affb3c4fe355c3"  # PROVENANCE.md
# the World Bank spellings whose comma belongs to the name (read off the file by eye)
COMMA_NAMES = {
    "Egypt, Arab Rep.",
    "Korea, North",
    "Korea, South",
    "Congo, Democratic Republic of the",
    "Gambia, The",
    "Yemen, North",
}


@pytest.fixture(scope="module")
def raw(shared_data: Path) -> list[dict[str, str]]:
    path = shared_data / gsdb.GSDB_FILE
    assert sha256_file(path) == GSDB_SHA256
    with path.open(encoding="utf-8", newline="") as fh:
        return list(csv.DictReader(fh))


@pytest.fixture(scope="module")
def parsed(shared_data: Path):
    report = gsdb.GsdbReport()
    tables = gsdb.parse_gsdb({gsdb.GSDB_FILE: shared_data / gsdb.GSDB_FILE}, states, report=report)
    return tables, report


def _naive_split(text: str) -> list[str]:
    """An independent splitter: commas, then re-join the known comma names."""
    out: list[str] = []
    for part in (p.strip() for p in text.split(",")):
        if out and f"{out[-1]}, {part}" in COMMA_NAMES:
            out[-1] = f"{out[-1]}, {part}"
        elif part:
            out.append(part)
    return out


def test_every_case_and_year(parsed, raw):
    tables, report = parsed
    cases, dyad = tables["gsdb_cases"], tables["gsdb_sanctions_dyad"]
    assert len(raw) == 1325 and len(cases) == 1325
    assert report.rows_read == report.rows_kept == 1325
    assert (min(int(r["begin"]) for r in raw), max(int(r["end"]) for r in raw)) == (1949, 2022)
    assert (int(dyad["year"].min()), int(dyad["year"].max())) == (1949, 2022)
    assert sorted(cases["case_id"]) == sorted(int(r["case_id"]) for r in raw)
    # every (case, year, sender name, target name) is a row: computed from the raw file
    expected = sum(
        (int(r["end"]) - int(r["begin"]) + 1)
        * len(_naive_split(r["sanctioning_state"]))
        * len(_naive_split(r["sanctioned_state"]))
        for r in raw
    )
    assert len(dyad) == expected == report.dyad_years
    assert not dyad.duplicated(["case_id", "year", "sender", "target"]).any()
    # the six type flags carry over: trade cases counted in the raw file
    assert int(cases["trade"].sum()) == sum(r["trade"] == "1" for r in raw)
    assert int(cases["financial"].sum()) == sum(r["financial"] == "1" for r in raw)


def test_every_name_is_mapped_or_reported(parsed, raw):
    tables, report = parsed
    dyad, names = tables["gsdb_sanctions_dyad"], tables["gsdb_names"]
    for side in ("sender", "target"):
        kind = dyad[f"{side}_kind"]
        assert set(kind) <= {"state", "group", "other"}
        assert dyad.loc[kind == "state", f"{side}_ccode"].notna().all()
        assert dyad.loc[kind == "group", f"{side}_group"].notna().all()
        other = dyad[kind == "other"]
        assert other[f"{side}_ccode"].isna().all() and other[f"{side}_group"].isna().all()
    raw_names = {
        n
        for r in raw
        for c in ("sanctioning_state", "sanctioned_state")
        for n in _naive_split(r[c])
    }
    assert raw_names == set(names["name"])
    # names kept without a code: the report counts the cases that name them (from the raw file)
    others = set(names.loc[names["kind"] == "other", "name"])
    assert set(report.unmapped) == others
    for name in others:
        n_cases = sum(
            name in _naive_split(r["sanctioning_state"]) + _naive_split(r["sanctioned_state"])
            for r in raw
        )
        assert report.unmapped[name] == n_cases, name
    assert report.unmapped["Palestine"] == 8 and report.unmapped["Hong Kong"] == 4


def _codes(dyad: pd.DataFrame, case_id: int, side: str, year: int) -> set[int]:
    d = dyad[(dyad["case_id"] == case_id) & (dyad["year"] == year)]
    return {int(c) for c in d[f"{side}_ccode"].dropna()}


def test_historic_names_use_the_year(parsed):
    dyad = parsed[0]["gsdb_sanctions_dyad"]
    # case 1: German Democratic Republic <- Germany, 1949–1973: the Federal Republic throughout
    assert _codes(dyad, 1, "sender", 1949) == {260} and _codes(dyad, 1, "target", 1949) == {265}
    assert _codes(dyad, 1, "sender", 1973) == {260}
    # case 364: Myanmar <- Germany 1989–2013: 260 until unification, 255 after
    assert _codes(dyad, 364, "sender", 1990) == {260} and _codes(dyad, 364, "sender", 1991) == {255}
    # case 1069 (2017) lists "Yemen, North" among the senders against Qatar: unified Yemen
    assert 679 in _codes(dyad, 1069, "sender", 2017)
    # "South Vietnam" in 1979 (case 247, EEC) is Vietnam; before 1976 (case 35) the RVN
    assert _codes(dyad, 247, "target", 1979) == {816}
    assert _codes(dyad, 35, "sender", 1960) == {817}
    assert _codes(dyad, 20, "sender", 1950) == {365}  # Soviet Union
    assert _codes(dyad, 859, "sender", 2010) == {732}  # Korea, South on Korea, North
    assert _codes(dyad, 859, "target", 2010) == {731}


def test_names_the_resolver_alone_gets_wrong(parsed):
    names = parsed[0]["gsdb_names"].set_index("name")
    assert names.loc["Ethiopia (excludes Eritrea)", "ccode"] == 530  # not Eritrea (531)
    assert names.loc["Cyprus (Northern)", "kind"] == "other"  # not Cyprus (352)
    assert names.loc["Hong Kong", "kind"] == "other"  # not China
    assert names.loc["EEC", "group"] == "EU"
    germany = parsed[0]["gsdb_names"]
    g260 = germany[(germany["name"] == "Germany") & (germany["ccode"] == 260)].iloc[0]
    assert g260["years_outside_cow"] == "1949–1954"  # COW lists the FRG from 1955


def test_lists_of_targets_and_odd_commas(parsed):
    dyad = parsed[0]["gsdb_sanctions_dyad"]
    # case 1133: "Syria, Russia, Iran" <- United States, 2019–2022
    for year in range(2019, 2023):
        assert _codes(dyad, 1133, "target", year) == {652, 365, 630}
    assert _codes(dyad, 1299, "target", 2022) == {290, 310}  # "Poland,Hungary" (no space)
    assert _codes(dyad, 603, "sender", 1998) == {390, 210, 380, 255}  # "Netherlands,  Sweden"
    assert _codes(dyad, 14, "sender", 1950) == {651}  # "Egypt, Arab Rep." is one sender


def _write(path: Path, rows: list[dict[str, object]]) -> None:
    base = {c: 0 for c in gsdb.COLUMNS} | {
        "descr_trade": "",
        "objective": "other",
        "success": "failed",
    }
    with path.open("w", encoding="utf-8", newline="") as fh:
        w = csv.DictWriter(fh, fieldnames=gsdb.COLUMNS)
        w.writeheader()
        for r in rows:
            w.writerow(base | r)


def test_unknown_name_fails_loudly(tmp_path):
    path = tmp_path / "GSDB_V3.csv"
    rows = [
        {"case_id": 1, "sanctioned_state": "Atlantis", "sanctioning_state": "United States"},
        {"case_id": 2, "sanctioned_state": "Cuba", "sanctioning_state": "United States, Lemuria"},
    ]
    _write(path, [r | {"begin": 1990, "end": 1991, "trade": 1} for r in rows])
    with pytest.raises(FormatError, match="'Atlantis' \\(cases 1\\); 'Lemuria' \\(cases 2\\)"):
        gsdb.parse_gsdb({gsdb.GSDB_FILE: path}, states)


def test_malformed_file_is_refused(tmp_path):
    path = tmp_path / "GSDB_V3.csv"
    path.write_text("case_id,sanctioned_state\n1,Cuba\n", encoding="utf-8")
    with pytest.raises(FormatError, match="lacks the column"):
        gsdb.parse_gsdb({gsdb.GSDB_FILE: path}, states)
    row = {"case_id": 1, "sanctioned_state": "Cuba", "sanctioning_state": "United States"}
    _write(path, [row | {"begin": 1995, "end": 1990}])
    with pytest.raises(FormatError, match="begin after end"):
        gsdb.parse_gsdb({gsdb.GSDB_FILE: path}, states)
    _write(path, [row | {"begin": 1990, "end": 1991}, row | {"begin": 1990, "end": 1992}])
    with pytest.raises(FormatError, match="duplicate case_id"):
        gsdb.parse_gsdb({gsdb.GSDB_FILE: path}, states)


# --- group memberships ------------------------------------------------------------------
def _members(groups: pd.DataFrame, group: str, year: int) -> set[int]:
    g = groups[groups["group"] == group]
    alive = (g["from_year"] <= year) & (g["to_year"].isna() | (g["to_year"] >= year))
    return set(g.loc[alive, "ccode"].astype(int))


# UN membership by year: the UN's own table, https://www.un.org/en/about-us/growth-in-un-membership
UN_GROWTH = {
    1945: 51, 1946: 55, 1947: 57, 1948: 58, 1949: 59, 1950: 60, 1955: 76, 1956: 80, 1957: 82,
    1958: 82, 1960: 99, 1961: 104, 1962: 110, 1963: 113, 1964: 115, 1965: 117, 1966: 122,
    1967: 123, 1968: 126, 1970: 127, 1971: 132, 1973: 135, 1974: 138, 1975: 144, 1976: 147,
    1977: 149, 1978: 151, 1979: 152, 1980: 154, 1981: 157, 1983: 158, 1984: 159, 1990: 159,
    1991: 166, 1992: 179, 1993: 184, 1994: 185, 1999: 188, 2000: 189, 2002: 191, 2006: 192,
    2011: 193, 2022: 193,
}  # fmt: skip


def test_un_membership_matches_the_un_count():
    groups = gsdb.group_memberships()
    got = {y: len(_members(groups, "UN", y)) for y in UN_GROWTH}
    assert got == UN_GROWTH
    assert 713 in _members(groups, "UN", 1970) and 710 in _members(groups, "UN", 1971)


def test_published_membership_totals():
    groups = gsdb.group_memberships()
    eu = {y: _members(groups, "EU", y) for y in (1958, 1995, 2014, 2019, 2020)}
    assert [len(eu[y]) for y in (1958, 1995, 2014, 2019, 2020)] == [6, 15, 28, 28, 27]
    assert eu[2014] - eu[2020] == {200}  # the UK left on 31 January 2020
    # totals on the organisations' pages, less members without a COW code (noted in the CSV)
    assert len(_members(groups, "Commonwealth", 2022)) == 56  # thecommonwealth.org: 56
    assert len(_members(groups, "NATO", 2022)) == 30  # nato.int: 30 before Finland (2023)
    assert len(_members(groups, "OSCE", 2022)) == 56  # osce.org: 57 with the Holy See
    assert len(_members(groups, "League of Arab States", 2022)) == 21  # 22 with Palestine
    assert len(_members(groups, "African Union", 2022)) == 54  # au.int: 55 with the SADR
    assert len(_members(groups, "ECOWAS", 2022)) == 15  # ecowas.int: 15 until 2025
    assert len(_members(groups, "G7", 2022)) == 7 and 365 in _members(groups, "G8", 2000)


def test_group_file_is_consistent():
    groups = gsdb.group_memberships()
    reg = states.registry()
    assert set(groups["ccode"]) <= set(reg.states), "every member has a COW code"
    assert (groups["to_year"].isna() | (groups["to_year"] >= groups["from_year"])).all()
    assert groups["source"].str.len().gt(10).all(), "every row cites its source"
    spells = groups.sort_values("from_year").groupby(["group", "ccode"])
    for (group, code), d in spells:  # no overlapping spells for one state in one group
        ends = d["to_year"].fillna(9999).tolist()
        assert all(d["from_year"].iloc[i + 1] > ends[i] for i in range(len(d) - 1)), (group, code)
    named = set(gsdb.names_table().dropna(subset=["group"])["group"])
    assert named - set(groups["group"]) == {"OIC", "Kimberley Process"}  # documented as not entered


def test_western_definition_names_known_states_and_groups():
    w = gsdb.western_definition()
    reg = states.registry()
    assert set(w.loc[w["kind"] == "state", "ccode"].astype(int)) <= set(reg.states)
    assert set(w["kind"]) == {"state", "member_of", "group"}
    groups = set(gsdb.group_memberships()["group"])
    assert set(w["group"].dropna()) <= groups
    assert w["basis"].str.len().gt(5).all()
