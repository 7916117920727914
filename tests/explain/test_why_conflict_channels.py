"""The unsc, conflict and finance channels and the rivalry channel on TSS/MID 5.0, through
``why`` on the session store.

Known answers (counted from the raw files by hand; see tests/explain/test_vetoes.py,
test_conflict.py, test_finance.py and test_rivalries.py for how): China cast 17 vetoes 1946–July
2022, 14 with Russia (2007–2022), the last joint one S/2022/431; Russia is
the largest of 138 recipients of Chinese official finance (US$ 169.3 bn, 2000–2021); China and
Russia: TSS rivalries 1816–1949 and 1958–1989, MID 5.0 dispute-years 2009 and 2012 in
2005–2014; Russia and Ukraine fought on opposite sides in every year 2014–2024.
"""

from __future__ import annotations

import json

import pytest

from multipolar.explain.why import why
from multipolar.explain.why.registry import CHANNELS


@pytest.fixture(scope="module")
def china_russia(store):
    return why("China", "Russia", store=store)


@pytest.fixture(scope="module")
def russia_ukraine(store):
    return why("Russia", "Ukraine", store=store)


def _rows(ev):
    return {r["key"]: r for r in ev.evidence_matrix}


def test_channels_are_registered():
    keys = [ch.key for ch in CHANNELS]
    assert {"unsc", "conflict", "finance"} <= set(keys)


def test_china_russia(china_russia):
    rows = _rows(china_russia)
    assert rows["unsc"]["verdict"] == "supported"
    assert rows["unsc"]["then"].startswith("14 joint vetoes 1946–2022; China 17, Russia 82")
    assert rows["unsc"]["now"] == "14 of China's 17 vetoes in 1946–2022 cast with Russia"
    assert rows["unsc"]["last_year"] == 2022
    assert rows["finance"]["verdict"] == "supported"
    assert "rank 1 of 138" in rows["finance"]["then"]
    assert rows["rivalry"]["verdict"] == "mixed"  # no rivalry since 1989; MIDs 2009, 2012
    assert rows["rivalry"]["now"] == "2 dispute-years in 2005–2014"
    assert rows["conflict"]["verdict"] == "mixed"
    riv = [(r["from"], r["to"]) for r in china_russia.rivalries if r["pair"] == "CHN–RUS"]
    assert riv == [(1816, 1949), (1958, 1989)]
    d = china_russia.to_dict()
    json.dumps(d)
    assert d["unsc"]["totals"]["joint"] == 14
    assert d["chinese_finance"]["totals"]["rank"] == 1
    veto = next(f for f in d["findings"] if "Security Council vetoes" in f["text"])
    assert "vetoers only" in veto["text"] and "8 July 2022" in veto["text"]
    assert "17 Security Council vetoes, 14 with Russia" in veto["text"]
    assert {c["name"] for c in d["charts"]} >= {"unsc", "finance", "conflict", "disputes"}
    names = {s["name"] for s in d["sources"]}
    assert {"unsc_vetoes", "aiddata_gcdf", "ucdp_acd", "tss_rivalries", "cow_mid_ddydisps"} <= names


def test_russia_ukraine(russia_ukraine):
    rows = _rows(russia_ukraine)
    assert rows["conflict"]["verdict"] == "not supported"
    assert russia_ukraine.armed_conflict["years_opposite"] == "2014–2024"
    assert rows["unsc"]["verdict"] == "not applicable"
    assert rows["finance"]["verdict"] == "not applicable"
    assert "neither is China" in russia_ukraine.not_applicable["finance"]
    assert rows["rivalry"]["verdict"] == "not supported"  # TSS: Russia-Ukraine 2014-2020
