"""The sipri_tiv source on the real tables: names, counts, known values, the Total row.

Counts and known values are read here from the raw CSVs with the csv module, not the parser.
"""

from __future__ import annotations

import csv
from pathlib import Path

import pytest

from multipolar.errors import FormatError
from multipolar.sources.sipri import crosswalk, parse_sipri_tiv

CODES = ("CHI", "FRA", "FRG", "RUS", "UK", "USA", "USR")


def _raw(shared_data: Path, code: str) -> list[list[str]]:
    path = shared_data / "sipri" / f"TIV-Export-{code}-1950-2021.csv"
    with open(path, encoding="utf-8", newline="") as fh:
        return list(csv.reader(fh))


def _recipient_rows(lines: list[list[str]]) -> list[list[str]]:
    """Rows after the 10 banner lines and the header, with a name, before 'Total'."""
    out = []
    for r in lines[11:]:
        if r and r[0] == "Total":
            break
        if r and r[0]:
            out.append(r)
    return out


def test_every_recipient_name_is_mapped_or_classed(shared_data):
    cw = crosswalk()
    known = set(cw.loc[cw["role"] == "recipient", "sipri_name"])
    names = {r[0] for c in CODES for r in _recipient_rows(_raw(shared_data, c))}
    assert len(names) == 215
    assert names - known == set()
    assert known - names == set()  # no dead rows
    excluded = cw[(cw["role"] == "recipient") & (cw["class"] != "state")]
    # every name SIPRI marks with '*' or '**' is excluded, with a reason
    assert {n for n in names if n.endswith("*")} <= set(excluded["sipri_name"])
    assert (excluded["reason"].str.len() >= 8).all()
    assert set(excluded["class"]) == {"non-state", "organisation", "unknown"}


def test_state_cells_counted_by_hand(shared_data, store):
    cw = crosswalk()
    states = set(cw.loc[(cw["role"] == "recipient") & (cw["class"] == "state"), "sipri_name"])
    n = 0
    for c in CODES:
        for r in _recipient_rows(_raw(shared_data, c)):
            if r[0] in states:
                n += sum(1 for v in r[1:-1] if v.strip())
    got = store.sql("SELECT count(*) AS n FROM sipri_tiv_dyad")
    assert int(got["n"].iloc[0]) == n == 12_499


def test_russia_and_soviet_union_to_china_known_answers(shared_data, store):
    # TIV-Export-RUS-1950-2021.csv, row 'China': Total column 37,874; its 30 yearly cells
    # 1992-2021 add up to 37,877 (SIPRI: "figures may not add up due to rounding").
    # TIV-Export-USR-1950-2021.csv, row 'China': Total 32,510 = the sum of its years 1950-1991.
    # 2005 (peak) 3,077 and 2018 1,767 in the RUS table (PROVENANCE.md).
    rus = next(r for r in _recipient_rows(_raw(shared_data, "RUS")) if r[0] == "China")
    usr = next(r for r in _recipient_rows(_raw(shared_data, "USR")) if r[0] == "China")
    assert rus[-1] == "37874" and usr[-1] == "32510"
    got = store.sql(
        "SELECT exporter, min(year) AS y0, max(year) AS y1, sum(tiv) AS tiv FROM sipri_tiv_dyad "
        "WHERE ccode_from = 365 AND ccode_to = 710 GROUP BY exporter ORDER BY exporter"
    )
    assert got.to_dict("records") == [
        {"exporter": "RUS", "y0": 1992, "y1": 2021, "tiv": 37_877},
        {"exporter": "USR", "y0": 1950, "y1": 1991, "tiv": 32_510},
    ]
    peak = store.sql(
        "SELECT year, tiv FROM sipri_tiv_dyad WHERE exporter = 'RUS' AND ccode_to = 710 "
        "AND year IN (2005, 2018) ORDER BY year"
    )
    assert peak["tiv"].tolist() == [3077, 1767]


def test_total_row_excluded_and_zero_means_under_half(store):
    t = store.sql("SELECT count(*) AS n FROM sipri_tiv_dyad WHERE recipient = 'Total'")
    assert int(t["n"].iloc[0]) == 0
    z = store.sql(
        "SELECT count(*) AS n, bool_and(tiv_under_half) AS flag FROM sipri_tiv_dyad WHERE tiv = 0"
    )
    assert int(z["n"].iloc[0]) > 0 and bool(z["flag"].iloc[0])
    v = store.sql("SELECT DISTINCT vintage FROM sipri_tiv_dyad")
    assert v["vintage"].tolist() == ["2022-07-28"]


def test_exporters_named_of_the_year(store):
    got = store.sql(
        "SELECT exporter, ccode_from, min(year) AS y0, max(year) AS y1 FROM sipri_tiv_dyad "
        "GROUP BY ALL ORDER BY exporter, ccode_from"
    )
    spans = {(r.exporter, r.ccode_from): (r.y0, r.y1) for r in got.itertuples()}
    assert spans[("RUS", 365)][0] >= 1992 and spans[("USR", 365)][1] <= 1991
    assert spans[("FRG", 260)][1] <= 1990 and spans[("FRG", 255)][0] >= 1991
    assert spans[("CHI", 710)] and spans[("USA", 2)]
    # the recipient 'Germany' too: West Germany to 1990, Germany from 1991
    ger = store.sql(
        "SELECT ccode_to, min(year) AS y0, max(year) AS y1 FROM sipri_tiv_dyad "
        "WHERE recipient = 'Germany' GROUP BY 1 ORDER BY 1"
    )
    assert ger.values.tolist() == [[255, 1991, 2021], [260, 1955, 1990]]
    nonstate = store.frame("sipri_tiv_names")
    nato = nonstate[nonstate["sipri_name"] == "NATO**"].iloc[0]
    assert nato["class"] == "organisation" and nato["tiv_total"] > 0


def _variant(shared_data: Path, tmp_path: Path, edit) -> dict[str, Path]:
    lines = _raw(shared_data, "RUS")
    lines = edit(lines)
    p = tmp_path / "TIV-Export-RUS-1950-2021.csv"
    with open(p, "w", encoding="utf-8", newline="") as fh:
        csv.writer(fh).writerows(lines)
    return {"sipri/TIV-Export-RUS-1950-2021.csv": p}


def test_unknown_recipient_fails_with_its_name(shared_data, tmp_path):
    def rename(lines):
        for r in lines:
            if r and r[0] == "Algeria":
                r[0] = "Atlantis"
        return lines

    with pytest.raises(FormatError, match="Atlantis"):
        parse_sipri_tiv(_variant(shared_data, tmp_path, rename))


def test_missing_total_row_and_bad_total_fail(shared_data, tmp_path):
    with pytest.raises(FormatError, match="no final Total row"):
        parse_sipri_tiv(
            _variant(shared_data, tmp_path, lambda ls: [r for r in ls if r[:1] != ["Total"]])
        )

    def inflate(lines):
        for r in lines:
            if r and r[0] == "China":
                r[-1] = "99999"
        return lines

    with pytest.raises(FormatError, match="the Total column says 99999"):
        parse_sipri_tiv(_variant(shared_data, tmp_path, inflate))
