"""Co-sponsorship evidence for a pair, against counts made by hand from the raw records."""

from __future__ import annotations

import pytest

from multipolar.explain.cosponsorship import cosponsorship


def test_china_russia_cosponsorship(store):
    r = cosponsorship(store, 710, 365)
    t = r["total"]
    # From the raw JSON (sessions 74-80, ES-10, ES-11; repeated records merged): CHINA is an
    # exact sponsor entry on 352 resolutions, RUSSIAN FEDERATION on 291, both on 210; entries
    # listing several names ("Armenia, China, Egypt") add at most a few (test_unxml_sponsors).
    assert 352 <= t["n_a"] <= 356 and 291 <= t["n_b"] <= 294 and 210 <= t["n_both"] <= 213
    assert t["jaccard"] == pytest.approx(t["n_both"] / (t["n_a"] + t["n_b"] - t["n_both"]))
    # kappa by hand from the four cells over the N resolutions with a sponsor list
    n, k, x, y = t["resolutions"], t["n_both"], t["n_a"], t["n_b"]
    po = (k + (n - x - y + k)) / n
    pe = (x * y + (n - x) * (n - y)) / n**2
    assert t["kappa"] == pytest.approx((po - pe) / (1 - pe))
    assert 0 <= t["percentile"] <= 100 and t["pairs"] > 18_000  # 193 members: 18,528 pairs
    assert r["period"] == {"from": 2019, "to": 2025}
    symbols = [c["symbol"] for c in r["contested"]]
    assert "A/RES/74/247" in symbols  # 79-60-33: the most opposed draft both sponsored
    assert r["contested"][0]["no_count"] >= r["contested"][-1]["no_count"]


def test_no_data_outside_the_records(store):
    assert cosponsorship(store, 710, 365, first=1990, last=2000) is None


def test_rivals_rank_low(store):
    """The United States and Russia rarely sponsor together: below the median pair."""
    t = cosponsorship(store, 2, 365)["total"]
    assert t["kappa"] < t["median_kappa"] and t["percentile"] < 25
