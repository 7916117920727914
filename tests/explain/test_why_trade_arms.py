"""The trade (IMF DOTS) and arms (SIPRI) channels of ``why``: sources named, estimates
labelled, verdicts under their stated rules. Known values as in test_trade_arms_evidence.py
(read by hand from the raw workbooks and CSVs)."""

from __future__ import annotations

import json

import pytest

from multipolar.explain.why import why


@pytest.fixture(scope="module")
def china_russia(store):
    return why("China", "Russia", store=store)


def _row(ev, key):
    return next(r for r in ev.evidence_matrix if r["key"] == key)


def test_trade_channel_uses_dots_to_2020_and_labels_russian_estimates(china_russia):
    ev = china_russia
    d = ev.to_dict()
    json.dumps(d)
    by = {r["year"]: r for r in d["trade"]}
    # 2014: 53,685.678792 + 37,494.308017 (DOTS_40.xlsx, DOTS_162.xlsx)
    assert by[2014]["source"] == "imf_dots" and by[2014]["trade"] == pytest.approx(91179.986809)
    assert by[2020]["trade"] == pytest.approx(100191.498113)
    for y in (2021, 2022, 2023):
        assert by[y]["trade"] is None
        assert by[y]["estimate_note"] == "IMF estimate, Russia not reporting"
    cow = [r["year"] for r in d["trade"] if r["source"] == "cow_trade_ndy"]
    dots = [r["year"] for r in d["trade"] if r["source"] == "imf_dots"]
    assert not cow or max(cow) < min(dots)  # never mixed in one year, COW only before DOTS
    row = _row(ev, "economic")
    assert row["verdict"] == "supported" and row["last_year"] == 2020
    assert row["trend"] == "rising" and "8th / 1st partner in 2020" in row["now"]
    assert any("IMF estimate, Russia not reporting" in g for g in d["gaps"])
    text = " ".join(f["text"] for f in ev.findings)
    assert "$100.2 bn" in text and "Russia not reporting" in text
    assert any(s["name"] == "imf_dots" for s in d["sources"])


def test_arms_channel_names_exporters_and_vintage(china_russia):
    ev = china_russia
    row = _row(ev, "arms")
    assert row["verdict"] == "supported" and row["last_year"] == 2021
    assert "7 exporters only" in row["measure"] and "2022-07-28" in row["measure"]
    per = {p["exporter"]: p["tiv"] for p in ev.arms["by_period"] if p.get("direction") == "ba"}
    assert per == {"USR": 32_510, "RUS": 37_877}
    text = " ".join(f["text"] for f in ev.findings)
    assert "(as the Soviet Union)" in text and "vintage 2022-07-28" in text
    assert any(c["name"] == "arms" for c in ev.charts)
    assert any(s["name"] == "sipri_tiv" for s in ev.to_dict()["sources"])


def test_arms_no_data_without_a_held_exporter(store):
    """Arms transfers fit every pair; where neither is one of the 7 exporters the mirror holds,
    the data cannot show them: "no data" with the reason, never "not applicable"."""
    ev = why("India", "Pakistan", store=store, start=2000, end=2019)
    assert "arms" not in ev.not_applicable
    row = next(r for r in ev.evidence_matrix if r["key"] == "arms")
    assert row["verdict"] == "no data" and "7 exporters" in row["rule"]
