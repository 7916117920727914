"""Trade (IMF DOTS, COW before) and arms (SIPRI TIV) evidence for a pair: known answers.

Trade cells read by hand from the raw workbooks with openpyxl (sheet 'Exports, FOB'), US$ m:

=====  ===========================================  ===========================================
year   DOTS_162.xlsx (Russia), row China mainland    DOTS_40.xlsx (China), row Russian Federation
=====  ===========================================  ===========================================
2011   32,019.616592                                 38,885.810615
2012   35,766.064708                                 44,073.177405
2013   35,625.419978                                 49,607.589861
2014   37,494.308017                                 53,685.678792
2018   56,079.088096                                 48,073.66052
2019   54,937.483432                                 49,484.54046
2020   49,583.127513                                 50,608.3706
=====  ===========================================  ===========================================

Totals: 2014 91,179.99; 2018 104,152.75; 2020 100,191.50 (PROVENANCE.md: $91.2, 104.2,
100.2 bn). Trend 2011-2020: first three years' mean (70,905.43 + 79,839.24 + 85,233.01) / 3 =
78,659.23; last three (104,152.75 + 104,422.02 + 100,191.50) / 3 = 102,922.09; +30.8% -> rising.

Arms: TIV-Export-RUS-1950-2021.csv row China, years 1992-2021 sum to 37,877 (Total column
37,874, rounding); TIV-Export-USR-1950-2021.csv row China 1950-1991: 32,510.
"""

from __future__ import annotations

import json

import pytest

from multipolar.errors import InputError
from multipolar.explain.arms import arms_evidence, arms_matrix_row, held
from multipolar.explain.trade import trade_evidence, trade_matrix_row

CHINA, RUSSIA, INDIA, USA, UK = 710, 365, 750, 2, 200


@pytest.fixture(scope="module")
def china_russia(store):
    return trade_evidence(store, CHINA, RUSSIA)


def test_trade_totals_known_answers(china_russia):
    ev = china_russia
    json.dumps(ev)  # JSON-serialisable as it is
    by = {r["year"]: r for r in ev["by_year"]}
    assert by[2014]["total_musd"] == pytest.approx(53685.678792 + 37494.308017)
    assert by[2018]["total_musd"] == pytest.approx(48073.66052 + 56079.088096)
    assert by[2020]["total_musd"] == pytest.approx(50608.3706 + 49583.127513)
    # a = China: exports_ab is China's exports to Russia
    assert by[2014]["exports_ab_musd"] == pytest.approx(53685.678792)
    assert by[2014]["exports_ba_musd"] == pytest.approx(37494.308017)
    assert ev["latest"]["year"] == 2020 and ev["units"] == "US$ millions, current prices"


def test_trade_russian_estimates_labelled_and_no_total(china_russia):
    by = {r["year"]: r for r in china_russia["by_year"]}
    for y in (2021, 2022, 2023):
        assert by[y]["estimate_note"] == "IMF estimate, Russia not reporting"
        assert by[y]["total_musd"] is None and by[y]["exports_ab_musd"] is None
    assert by[2022]["exports_ba_musd"] == pytest.approx(69419.687856)
    assert [r["year"] for r in china_russia["estimates"]] == [2021, 2022, 2023]
    assert any("Russia not reporting" in g for g in china_russia["gaps"])


def test_trade_sources_never_mixed(china_russia):
    ev = china_russia
    spans = {s["source"]: s for s in ev["sources"]}
    assert set(spans) <= {"cow_trade_ndy", "imf_dots"}
    if "cow_trade_ndy" in spans:
        assert spans["cow_trade_ndy"]["to"] < spans["imf_dots"]["from"]
    for r in ev["by_year"]:
        assert r["source"] == (
            "imf_dots" if r["year"] >= spans["imf_dots"]["from"] else "cow_trade_ndy"
        )
    assert {c["name"] for c in ev["citations"]} == {"imf_dots", "cow_trade_ndy"}


def test_trade_trend_word_over_last_decade(china_russia):
    t = china_russia["trend"]
    assert (t["from"], t["to"], t["word"]) == (2011, 2020, "rising")
    assert t["first_mean_musd"] == pytest.approx(78659.226386, rel=1e-9)
    assert t["last_mean_musd"] == pytest.approx(102922.090207, rel=1e-9)


def test_trade_rank_agrees_with_a_plain_count(store, china_russia):
    """Russia's rank among China's partners in 2020: count the partners with a larger total."""
    d = store.sql(
        "SELECT CASE WHEN ccode1 = 710 THEN ccode2 ELSE ccode1 END AS p, total_musd FROM "
        "imf_dots_ndy WHERE (ccode1 = 710 OR ccode2 = 710) AND year = 2020 AND total_musd "
        "IS NOT NULL"
    )
    mine = float(d.loc[d["p"] == RUSSIA, "total_musd"].iloc[0])
    by = {r["year"]: r for r in china_russia["by_year"]}
    assert by[2020]["rank_b_among_a"] == int((d["total_musd"] > mine).sum()) + 1
    assert by[2020]["share_b_of_a"] == pytest.approx(mine / d["total_musd"].sum())
    assert by[2020]["partners_a"] == len(d)


def test_trade_same_state_is_an_input_error(store):
    with pytest.raises(InputError):
        trade_evidence(store, CHINA, CHINA)


def test_arms_russia_and_soviet_union_to_china(store):
    ev = arms_evidence(store, CHINA, RUSSIA)
    json.dumps(ev)
    assert ev["vintage"] == "2022-07-28" and "7 exporters only" in ev["held"]
    per = {p["exporter"]: p for p in ev["by_period"] if p.get("direction") == "ba"}
    assert per["RUS"]["tiv"] == 37_877 and per["RUS"]["period"] == "1992–2021"
    assert per["USR"]["tiv"] == 32_510 and per["USR"]["period"] == "1950–1991"
    assert ev["total_ba"] == 37_877 + 32_510
    by = {r["year"]: r for r in ev["by_year"]}
    assert by[2005]["tiv_ba"] == 3077 and by[2018]["tiv_ba"] == 1767
    assert by[1980]["exporter_ba"] == "USR" and by[1980]["tiv_ba"] == 0  # empty cell: none
    assert by[2018]["exporter_ab"] == "CHI"  # China is held: its exports to Russia are known


def test_arms_direction_not_held_is_unknown_not_zero(store):
    ev = arms_evidence(store, INDIA, RUSSIA)
    assert ev["total_ab"] is None  # India's exports are not in the mirror
    assert all(r["tiv_ab"] is None for r in ev["by_year"])
    assert any("unknown, not zero" in g for g in ev["gaps"])
    dec = ev["last_decade"]
    assert "a_among_b_suppliers" not in dec and dec["b_among_a_suppliers"]["rank"] == 1


def test_held_exporters_named_of_the_year():
    assert held(RUSSIA, 1991) == "USR" and held(RUSSIA, 1992) == "RUS"
    assert held(260, 1990) == "FRG" and held(255, 1991) == "FRG" and held(255, 1980) is None
    assert held(UK, 2000) == "UK" and held(INDIA, 2000) is None


def test_trade_matrix_rows(store, china_russia):
    row = trade_matrix_row(store, china_russia)
    # 2020: China is Russia's largest partner, Russia China's 8th (test_trade_rank_agrees...)
    assert row["verdict"] == "supported" and row["trend"] == "rising"
    assert "2021" in row["now"] and "IMF estimate, Russia not reporting" in row["now"]
    assert "$100.2 bn in 2020" in row["now"]
    # India-Russia 2020: ranks 22 and 17, neither in the other's top 10
    india = trade_matrix_row(store, trade_evidence(store, INDIA, RUSSIA))
    assert india["verdict"] == "not supported"
    assert india["base_rate"] and "pairs of states" in india["base_rate"]


def test_arms_matrix_rows(store):
    # TIV-Export-*.csv rows 'China', 2012-2021, summed by hand: Russia 8,677 (598 + 694 + 602
    # + 755 + 691 + 986 + 1,767 + 1,179 + 632 + 773), France 1,538, UK 460, Germany 106, USA
    # and the Soviet Union none: Russia 1st of 4 held suppliers, 8,677 / 10,781 = 80%
    row = arms_matrix_row(arms_evidence(store, CHINA, RUSSIA))
    assert row["verdict"] == "supported" and row["score"] == pytest.approx(8677 / 10781)
    assert "1st of 4 held suppliers of China, 2012–2021 (80% of TIV)" in row["now"]
    assert "7 exporters only" in row["measure"] and "2022-07-28" in row["measure"]
    assert arms_matrix_row(arms_evidence(store, RUSSIA, 369))["verdict"] == "not supported"
    assert arms_matrix_row(arms_evidence(store, INDIA, 770))["verdict"] == "no data"
    # 2002-2011 vs 2012-2021 Russia -> China (RUS table, row China, by hand): 18,261 -> 8,677
    assert row["trend"] == "falling"
