"""Chinese official finance evidence (AidData aggregates) on a real store.

Known answer, computed by hand from the raw CSV (the csv module, summing oof_adj + oda_adj +
vof_adj by ccode over all rows, 2000-2021): Russia (365) 169,265,793,995 US$ (constant 2021),
the largest of 138 recipients; second Venezuela (101) 112,884,371,684. Russia's rows begin in
2002 (no row for 2000 or 2001).
"""

from __future__ import annotations

import csv
import json
from collections import defaultdict

import pytest

from multipolar.explain.finance import chinese_finance_evidence
from multipolar.sources.aiddata import GCDF_FILE
from multipolar.store import connect

CHN, RUS, USA, PAK = 710, 365, 2, 770


@pytest.fixture(scope="module")
def st(shared_data, tmp_path_factory):
    s = connect(tmp_path_factory.mktemp("finance") / "store.duckdb")
    s.load("aiddata_gcdf")
    yield s
    s.close()


def test_russia_is_the_largest_recipient(st, shared_data):
    ev = chinese_finance_evidence(st, CHN, RUS, 1990, 2025)
    assert json.loads(json.dumps(ev)) == ev
    assert ev["applicable"] is True and ev["partner"] == RUS
    assert ev["measure"].startswith("AidData aggregates")
    t = ev["totals"]
    assert t["rank"] == 1 and t["n_recipients"] == 138
    assert round(t["total_adj"]) == 169_265_793_995
    assert t["top"][1] == {"ccode": 101, "total_adj": pytest.approx(112_884_371_684, abs=1)}
    # the same sum once more, straight from the file
    sums: dict[str, float] = defaultdict(float)
    with (shared_data / GCDF_FILE).open(newline="") as fh:
        for r in csv.DictReader(fh):
            sums[r["ccode"]] += float(r["oof_adj"]) + float(r["oda_adj"]) + float(r["vof_adj"])
    assert t["total_adj"] == pytest.approx(sums["365"])
    by = {r["year"]: r for r in ev["by_year"]}
    assert by[2000]["total_adj"] is None and by[2000]["rank"] is None  # no row: unknown, not 0
    assert by[2009]["rank"] == 1  # raw CSV: 40.1 bn in 2009, the year's largest


def test_not_applicable_without_china(st):
    ev = chinese_finance_evidence(st, USA, RUS, 2000, 2021)
    assert ev["applicable"] is False and ev["by_year"] == []


def test_rows_without_an_amount_are_unknown(st):
    # Pakistan's rows are all recorded; a recipient-year with all amounts 0 is reported unknown
    zero = st.sql("SELECT ccode, year FROM aiddata_gcdf_sy WHERE NOT amount_recorded LIMIT 1")
    c, y = int(zero["ccode"].iloc[0]), int(zero["year"].iloc[0])
    ev = chinese_finance_evidence(st, c, CHN, y, y)
    assert ev["by_year"][0]["amount_unknown"] is True
    assert ev["by_year"][0]["total_adj"] is None and ev["by_year"][0]["rank"] is None
    pak = chinese_finance_evidence(st, PAK, CHN, 2000, 2021)
    assert pak["totals"]["rank"] == 3  # raw CSV sums: Russia, Venezuela, Pakistan


def test_matrix_row(st):
    from multipolar.explain.finance import RULE, finance_matrix_row

    row = finance_matrix_row(chinese_finance_evidence(st, CHN, RUS, 2000, 2021))
    assert row["verdict"] == "supported" and row["rule"] == RULE  # rank 1 of 138
    assert "rank 1 of 138" in row["then"]
    assert finance_matrix_row(chinese_finance_evidence(st, USA, RUS, 2000, 2021))["verdict"] == (
        "not applicable"
    )
    # the USA is not among the recipients of the aggregate: no data, not zero
    assert finance_matrix_row(chinese_finance_evidence(st, CHN, USA, 2000, 2021))["verdict"] == (
        "no data"
    )
