"""Security Council veto evidence on a real store.

Known answer, counted by hand in the raw CSV (rows whose member_veto1..3 name China, year >=
2011; listed in tests/sources/test_unsc_vetoes.py): China cast 12 vetoes from 2011 to July
2022, and every one names Russia too (PROVENANCE.md: "all 12"). Russia cast 25 in those years
(rows naming Russia with year >= 2011: the 12 with China and 13 alone).
"""

from __future__ import annotations

import json

import pytest

from multipolar.explain.vetoes import veto_evidence
from multipolar.store import connect

CHN, RUS, USA, GBR, FRA, IND, ROC = 710, 365, 2, 200, 220, 750, 713


@pytest.fixture(scope="module")
def st(shared_data, tmp_path_factory):
    s = connect(tmp_path_factory.mktemp("vetoes") / "store.duckdb")
    s.load("unsc_vetoes")
    yield s
    s.close()


def test_china_since_2011_all_with_russia(st):
    ev = veto_evidence(st, CHN, RUS, 2011, 2025)
    assert json.loads(json.dumps(ev)) == ev
    assert ev["applicable"] is True and ev["period"] == {"from": 2011, "to": 2022}
    t = ev["totals"]
    assert (t["a_vetoes"], t["joint"], t["a_alone"]) == (12, 12, 0)
    assert (t["b_vetoes"], t["b_alone"]) == (25, 13)
    assert t["share_a_with_b"] == 1.0
    assert ev["joint"][0]["draft"] == "S/2011/612" and ev["joint"][-1]["draft"] == "S/2022/431"
    assert ev["comparison"]["rank_among_a_partners"] == 1
    assert any("vetoers only" in n for n in ev["notes"])
    assert any("8 July 2022" in n for n in ev["notes"])


def test_not_applicable_without_a_permanent_seat(st):
    ev = veto_evidence(st, IND, 900, 1950, 2022)  # India, Australia
    assert ev["applicable"] is False and ev["kind"] is None
    assert "India and Australia held no permanent" in ev["not_applicable"]
    assert ev["totals"] is None
    # a permanent member and a state none of its vetoes is coded as shielding
    ev = veto_evidence(st, IND, USA, 1950, 2022)
    assert ev["kind"] == "protection" and ev["applicable"] is False


def test_the_chinese_seat_before_1971(st):
    # the Republic of China (713 on Taiwan) held the seat 1949-1971; the file records no veto
    # of it (its first China row is of 1972), so a = 713 has 0 vetoes and no share
    ev = veto_evidence(st, ROC, USA, 1950, 1971)
    assert ev["applicable"] is True and ev["totals"]["a_vetoes"] == 0
    assert ev["totals"]["share_a_with_b"] is None
    # and the PRC is not a permanent member before 1971
    assert veto_evidence(st, CHN, USA, 1950, 1970)["applicable"] is False


def test_comparison_covers_the_ordered_pairs(st):
    ev = veto_evidence(st, USA, GBR, 1946, 2022)
    pairs = {(p["x"], p["y"]) for p in ev["comparison"]["pairs"]}
    assert (USA, GBR) in pairs and (GBR, USA) in pairs and (RUS, CHN) in pairs
    usa_gbr = next(p for p in ev["comparison"]["pairs"] if (p["x"], p["y"]) == (USA, GBR))
    assert usa_gbr["joint"] == ev["totals"]["joint"]
    # France vetoes with the UK more often than with the US (raw CSV: France's 16 vetoes, of
    # which 15 name the UK and 13 the USA)
    fra = {p["y"]: p["joint"] for p in ev["comparison"]["pairs"] if p["x"] == FRA}
    assert (fra[GBR], fra[USA]) == (15, 13)


def test_soviet_vetoes_shielded_india(st):
    # raw CSV by hand: the six rows with crisis_topic "India-Pakistan" are all vetoed by the
    # USSR alone: S/3787 (1957), S/5033 (1961, Goa), S/5134 (1962), S/10416, S/10423 and
    # S/10446/Rev.1 (1971)
    ev = veto_evidence(st, 750, RUS, 1946, 2025)
    assert ev["kind"] == "protection" and ev["applicable"] is True
    p = ev["protection"]
    assert (p["vetoer"], p["protected"], p["n_vetoes"]) == (RUS, 750, 6)
    assert [d["draft"] for d in p["drafts"]] == [
        "S/3787",
        "S/5033",
        "S/5134",
        "S/10416",
        "S/10423",
        "S/10446/Rev.1",
    ]
    assert p["years"] == "1957, 1961–1962, 1971" and p["basis"]
    # a veto on a draft about Ukraine went against Ukraine: not protection
    ukr = veto_evidence(st, RUS, 369, 2014, 2022)
    assert ukr["kind"] == "protection" and ukr["applicable"] is False


def test_matrix_row_verdicts(st):
    from multipolar.explain.vetoes import RULE, veto_matrix_row

    def verdict(a, b, first):
        row = veto_matrix_row(veto_evidence(st, a, b, first, 2025))
        assert row["rule"] == RULE and row["key"] == "unsc"
        return row["verdict"]

    # each is the other's most frequent co-vetoer (China 12 of 12 with Russia; Russia 12 of 25
    # with China, 0 with the others since 2011)
    assert verdict(CHN, RUS, 2011) == "supported"
    assert verdict(USA, RUS, 1946) == "not supported"  # no joint veto in the list
    assert verdict(IND, RUS, 1946) == "mixed"  # shielded 1957-1971, not in 2003-2022
    assert verdict(IND, 900, 1946) == "not applicable"
