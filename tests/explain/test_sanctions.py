"""Sanctions evidence from a real DuckDB store holding the parsed GSDB tables, the matrix row
and its rule, and the terminal and HTML renderers."""

from __future__ import annotations

import json

import pytest

from multipolar import states
from multipolar.explain.sanctions import RULE, sanctions_evidence, sanctions_matrix_row
from multipolar.report import sanctions as report
from multipolar.report.html import Document
from multipolar.sources import gsdb
from multipolar.sources.fetch import sha256_file
from multipolar.store import connect

CHN, RUS, USA, GBR = 710, 365, 2, 200


@pytest.fixture(scope="module")
def gsdb_store(shared_data, tmp_path_factory):
    """A fresh store with the three GSDB tables ingested as the lead's declaration will."""
    path = shared_data / gsdb.GSDB_FILE
    tables = gsdb.parse_gsdb({gsdb.GSDB_FILE: path}, states)
    st = connect(tmp_path_factory.mktemp("gsdb") / "store.duckdb")
    rows = st.ingest("gsdb", tables, version="V3", files={gsdb.GSDB_FILE: sha256_file(path)})
    assert rows == {"gsdb_cases": 1325, "gsdb_sanctions_dyad": 13866, "gsdb_names": 212}
    yield st
    st.close()


@pytest.fixture(scope="module")
def chn_rus(gsdb_store):
    return sanctions_evidence(gsdb_store, CHN, RUS, 1946, 2025)


def test_evidence_is_json_and_covers_1949_2022(chn_rus):
    ev = chn_rus
    assert json.loads(json.dumps(ev)) == ev
    assert ev["period"] == {"from": 1949, "to": 2022}
    assert ev["coverage"] == {"from": 1949, "to": 2022}
    assert "Sanctions data (GSDB V3) end in 2022; the years 2023–2025 have none." in ev["gaps"]
    assert any("begin in 1949" in g for g in ev["gaps"])
    assert [r["year"] for r in ev["by_year"]] == list(range(1949, 2023))


def test_figures_match_the_hand_count(chn_rus):
    # the hand count is written out in tests/measures/test_sanctions.py
    by = {r["year"]: r for r in chn_rus["by_year"]}
    assert (by[2022]["senders_a"], by[2022]["senders_b"], by[2022]["shared_states"]) == (30, 37, 30)
    assert by[2022]["shared_senders"] == 4
    assert by[2022]["shared_names"] == [
        "Canada",
        "EU",
        "United Kingdom",
        "United States",  # display names come from multipolar.states.name_in (issue 23)
    ]
    assert (by[2020]["shared_states"], by[2020]["shared_senders"]) == (28, 2)
    assert by[1950]["shared_names"] == ["CoCom"]
    assert 0 < by[2022]["base_rate"] < 1 and by[2022]["percentile"] > 90
    assert by[2022]["n_pairs"] == pytest.approx(by[2022]["n_pairs_sharing"] / by[2022]["base_rate"])


def test_cases_and_sanctions_between_them(chn_rus):
    cases = {c["case_id"]: c for c in chn_rus["cases"]}
    # case 363: China <- United States 1989–2022, arms and military, human_rights (from the file)
    c = cases[363]
    assert (c["target_name"], c["senders"], c["begin"], c["end"]) == (
        "China",
        "United States",
        1989,
        2022,
    )
    assert (c["types"], c["objective"], c["western"], c["shared"]) == (
        "arms,military",
        "human_rights",
        True,
        True,
    )
    assert cases[1307]["western"] is False  # Russia <- Korea, South
    assert cases[8]["western"] is False  # China <- the OAS
    mutual = chn_rus["one_sanctions_other"]
    assert [(m["case_id"], m["via"], m["years"]) for m in mutual] == [
        (22, "UN", "1951–1953"),
        (56, None, "1960–1970"),
    ]
    shared = {s["sender"]: s for s in chn_rus["shared_senders"]}
    assert shared["CoCom"]["years"] == "1950–1985"
    assert shared["United Kingdom"]["years"] == "2021–2022"


def test_matrix_row_and_rule(gsdb_store, chn_rus):
    row = sanctions_matrix_row(chn_rus, ("China", "Russia"))
    assert set(row) == {"key", "driver", "measure", "then", "now", "trend", "verdict", "rule"}
    assert row["key"] == "sanctions" and row["driver"] == "Common exposure to Western sanctions"
    assert row["rule"] == RULE and "90th percentile" in row["rule"]
    assert row["verdict"] == "supported"
    assert row["now"].startswith("30 states (4 senders) in 2022, p99")
    # the spells, read off the GSDB cases: Cold War Western sanctions on both to 1991, none
    # on Russia in 1992–2013, the Crimea sanctions from 2014
    assert row["trend"] == "shared since 2014 (none in 1992–2013)"
    # the why report's default period ends in 2019
    row19 = sanctions_matrix_row(
        sanctions_evidence(gsdb_store, CHN, RUS, 1946, 2019), {"a": "China", "b": "Russia"}
    )
    assert row19["verdict"] == "supported" and "in 2019" in row19["now"]
    # 1992–2013: no Western sender sanctions Russia, so none is shared in 2009–2013
    row13 = sanctions_matrix_row(
        sanctions_evidence(gsdb_store, CHN, RUS, 1992, 2013), ("China", "Russia")
    )
    assert row13["verdict"] == "not supported" and row13["trend"] == "never shared"
    usa_gbr = sanctions_evidence(gsdb_store, USA, GBR, 1946, 2019)
    assert sanctions_matrix_row(usa_gbr, ("USA", "UK"))["verdict"] == "not supported"
    # 1960–1970 the USSR sanctions China directly: not "supported" even with shared senders
    row70 = sanctions_matrix_row(
        sanctions_evidence(gsdb_store, CHN, RUS, 1960, 1970), ("China", "Russia")
    )
    assert row70["verdict"] == "mixed"


def test_outside_coverage_and_not_loaded(gsdb_store, tmp_path):
    early = sanctions_evidence(gsdb_store, CHN, RUS, 1900, 1940)
    assert early["by_year"] == [] and any("no sanctions data" in g for g in early["gaps"])
    assert sanctions_matrix_row(early, ("China", "Russia"))["verdict"] == "no data"
    # gsdb is a declared source: an empty store loads it on first use (from the mirror)
    with connect(tmp_path / "empty.duckdb") as empty:
        ev = sanctions_evidence(empty, CHN, RUS, 2000, 2010)
    assert ev["by_year"] == sanctions_evidence(gsdb_store, CHN, RUS, 2000, 2010)["by_year"]


def test_renderers(chn_rus):
    lines = report.terminal_lines(chn_rus, ("China", "Russia"))
    assert lines[0].startswith(
        "In 2022 China and Russia were both targets of 30 Western sender states"
    )
    assert "Shared Western sender states 1949" in lines[1]
    assert "Russia on China as a member of the UN 1951–1953 (case 22)" in lines[2]
    assert "Soviet Union on China 1960–1970 (case 56)" in lines[2]  # GSDB's own name
    doc = Document("test")
    report.html_section(doc, chn_rus, ("China", "Russia"))
    html = doc.render()
    assert doc.figure_names == ["sanctions-common-exposure"]
    assert "Sanctions (GSDB)" in html and "Showing 60 of" in html
