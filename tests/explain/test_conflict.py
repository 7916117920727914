"""Armed conflict evidence (UCDP/PRIO) on a real store.

Known answer for Russia–Ukraine, read by hand from the raw ucdp_acd.rda (pyreadr, rows with
365 or 369 in any side column): conflicts 13246 and 13247 (2014) and 13306 (2014–2022) put
Ukraine (369) on side A and Russia (365) among side B's supporters; conflict 13243
(2022–2024, interstate) is Russia (side A) against Ukraine (side B). So opposite sides in every
year 2014–2024, and never on the same side.
"""

from __future__ import annotations

import json

import pytest

from multipolar.explain.conflict import RULE, armed_conflict_evidence, conflict_matrix_row
from multipolar.store import connect

RUS, UKR, USA, GBR = 365, 369, 2, 200


@pytest.fixture(scope="module")
def st(shared_data, tmp_path_factory):
    s = connect(tmp_path_factory.mktemp("conflict") / "store.duckdb")
    s.load("ucdp_acd")
    yield s
    s.close()


def test_russia_ukraine(st):
    ev = armed_conflict_evidence(st, RUS, UKR, 1991, 2025)
    assert json.loads(json.dumps(ev)) == ev
    assert ev["years_opposite"] == "2014–2024" and ev["n_years_opposite"] == 11
    assert ev["years_same_side"] == ""
    spans = {(c["conflict_id"], c["years"]) for c in ev["conflicts"]}
    assert spans == {(13243, "2022–2024"), (13246, "2014"), (13247, "2014"), (13306, "2014–2022")}
    y2014 = next(r for r in ev["by_year"] if r["year"] == 2014)
    assert {c["role_a"] for c in y2014["opposite"]} == {"secondary"}  # Russia supports side B
    assert ev["gaps"] == ["Armed conflict data (UCDP/PRIO) end in 2024; 2025 has no data."]


def test_same_side_and_base_rate(st):
    # raw file (pyreadr, by hand): every year 2001-2010 has a conflict row naming both 2 and
    # 200 on side A (Afghanistan from 2001, Iraq from 2003), none on opposite sides
    ev = armed_conflict_evidence(st, USA, GBR, 2001, 2010)
    assert ev["n_years_same_side"] == 10 and ev["n_years_opposite"] == 0
    br = ev["base_rate"]
    assert br["same_side"]["pair_years"] == 10 and br["same_side"]["rank"] >= 1
    assert br["same_side"]["rank"] <= br["same_side"]["n_dyads"]
    assert br["opposite"]["rank"] is None


def test_symmetric_years(st):
    ab = armed_conflict_evidence(st, RUS, UKR, 1946, 2024)
    ba = armed_conflict_evidence(st, UKR, RUS, 1946, 2024)
    assert ab["years_opposite"] == ba["years_opposite"]
    assert ab["base_rate"]["opposite"]["rank"] == ba["base_rate"]["opposite"]["rank"]


def test_a_un_mission_is_not_fighting_alongside(st):
    # raw file: conflicts 11347 and 14113 (Mali, 2013-2023) list the USA and China among 33-63
    # supporting states of Mali's government (the UN mission's contributors): the same side,
    # not alongside; they never share a side of 20 or fewer supporters
    ev = armed_conflict_evidence(st, USA, 710, 2013, 2024)
    assert ev["years_same_side"] == "2013–2023" and ev["n_years_alongside"] == 0
    assert conflict_matrix_row(ev)["verdict"] == "mixed"
    # Russia supports Syria's government (2 supporters) from 2015: alongside, supported
    syr = armed_conflict_evidence(st, RUS, 652, 2015, 2024)
    assert syr["years_alongside"] == "2015–2024"
    assert conflict_matrix_row(syr)["verdict"] == "supported"
    assert conflict_matrix_row(armed_conflict_evidence(st, RUS, UKR, 1991, 2024))["verdict"] == (
        "not supported"
    )
    never = conflict_matrix_row(armed_conflict_evidence(st, 750, RUS, 1946, 2024))
    assert never["verdict"] == "not applicable" and RULE in never["rule"]
