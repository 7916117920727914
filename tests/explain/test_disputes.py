"""Dispute evidence (MID 5.0 by default, GML as the option) on a real store.

Known answers: the China–Russia dispute-years are read off the raw R files by hand (see
tests/sources/test_cow_mid_ddydisps.py); MID 4485 (February 2009) and 4640 (July 2012) are
uses of force (hostlev 4) with Russia on side A (sidea1 = 1 in the 365 -> 710 rows).
"""

from __future__ import annotations

import json

import pytest

from multipolar.errors import InputError
from multipolar.explain.disputes import dispute_evidence, dispute_source_difference
from multipolar.store import connect

CHN, RUS, USA = 710, 365, 2


@pytest.fixture(scope="module")
def st(shared_data, tmp_path_factory):
    s = connect(tmp_path_factory.mktemp("disputes") / "store.duckdb")
    for name in ("cow_mid_ddydisps", "gml_mid_ddydisps"):
        s.load(name)
    yield s
    s.close()


def test_china_russia_after_2000_mid5(st):
    ev = dispute_evidence(st, CHN, RUS, 2000, 2025)
    assert json.loads(json.dumps(ev)) == ev
    assert ev["period"] == {"from": 2000, "to": 2014}
    assert ev["dispute_years"] == "2009, 2012" and ev["n_dispute_years"] == 2
    assert [(d["dispnum"], d["hostlev"], d["side_a"]) for d in ev["disputes"]] == [
        (4485, 4, RUS),
        (4640, 4, RUS),
    ]
    assert ev["gaps"] == ["Dispute data (MID 5.0) end in 2014; 2015–2025 has no data."]
    assert ev["sources"][0]["name"] == "cow_mid_ddydisps"
    assert ev["sources"][0]["bibtex_key"] == "palmer2022mid5"


def test_gml_is_the_option_and_ends_2010(st):
    ev = dispute_evidence(st, CHN, RUS, 2000, 2025, source="gml")
    assert ev["period"] == {"from": 2000, "to": 2010}
    assert ev["dispute_years"] == "2009"  # the raw GML file has 4485 only after 2000
    with pytest.raises(InputError, match="unknown dispute source"):
        dispute_evidence(st, CHN, RUS, 2000, 2025, source="cow")


def test_base_rate_is_consistent(st):
    ev = dispute_evidence(st, CHN, RUS, 1946, 2014)
    br = ev["base_rate"]
    assert br["pair_dispute_years"] == ev["n_dispute_years"] > 0
    assert 1 <= br["rank"] <= br["n_dyads"] and 0 <= br["percentile"] < 100
    # a pair with no dispute in the period has no rank
    quiet = dispute_evidence(st, 900, 920, 1816, 2014)  # Australia, New Zealand
    assert quiet["by_year"] == [] and quiet["base_rate"]["rank"] is None


def test_source_difference_matches_the_raw_count(st):
    # the raw-file count is in tests/sources/test_cow_mid_ddydisps.py
    diff = dispute_source_difference(st)
    assert (diff["both"], diff["mid5_only"], diff["gml_only"]) == (4_444, 433, 198)
    assert sum(r["both"] for r in diff["by_decade"]) == 4_444


def test_out_of_coverage_and_bad_input(st):
    ev = dispute_evidence(st, CHN, RUS, 2016, 2020)
    assert ev["period"] is None and ev["by_year"] == [] and ev["base_rate"] is None
    with pytest.raises(InputError):
        dispute_evidence(st, CHN, CHN, 2000, 2010)
    with pytest.raises(InputError):
        dispute_evidence(st, CHN, USA, 2010, 2000)
