"""Strategic rivalry evidence (TSS) on a real store.

Known answer (PROVENANCE.md, read off the raw file): China–Russia 1816–1949 (positional,
spatial) and China–USSR 1958–1989 (positional, spatial, ideological); none after 1989.
"""

from __future__ import annotations

import json

import pytest

from multipolar.explain.rivalries import rivalry_evidence
from multipolar.store import connect

CHN, RUS, USA = 710, 365, 2


@pytest.fixture(scope="module")
def st(shared_data, tmp_path_factory):
    s = connect(tmp_path_factory.mktemp("rivalries") / "store.duckdb")
    s.load("tss_rivalries")
    yield s
    s.close()


def test_china_russia(st):
    ev = rivalry_evidence(st, CHN, RUS, 1816, 2025)
    assert json.loads(json.dumps(ev)) == ev
    assert ev["rivalry_years"] == "1816–1949, 1958–1989"
    assert [(s["start"], s["end"], s["ongoing"]) for s in ev["spells"]] == [
        (1816, 1949, False),
        (1958, 1989, False),
    ]
    assert ev["spells"][1]["types"] == ["positional", "spatial", "ideological"]
    assert ev["in_rivalry_at_end"] is False
    assert ev["gaps"] == ["Strategic rivalry data (TSS) end in 2020; 2021–2025 has no data."]
    # PROVENANCE.md: 56 rivalries ongoing at 2020
    assert ev["base_rate"]["year"] == 2020 and ev["base_rate"]["n_active"] == 56


def test_none_after_1989(st):
    ev = rivalry_evidence(st, RUS, CHN, 1990, 2020)
    assert ev["spells"] == [] and ev["n_rivalry_years"] == 0


def test_ongoing_rivalry(st):
    # the raw file's 'Russia-United States' spell runs 2007-2020 (ongoing at the end)
    ev = rivalry_evidence(st, USA, RUS, 2000, 2020)
    assert ev["rivalry_years"] == "2007–2020" and ev["in_rivalry_at_end"] is True
    assert ev["spells"][0]["ongoing"] is True


def test_matrix_row_with_mid5(st):
    from multipolar.explain.disputes import dispute_evidence
    from multipolar.explain.rivalries import RULE, rivalry_matrix_row

    st.load("cow_mid_ddydisps")
    # China-Russia: no rivalry after 1989 (TSS), MID 5.0 dispute-years 2009 and 2012 within
    # 2005-2014 -> mixed; USA-Russia: rivalry 2007-2020 ongoing -> not supported
    row = rivalry_matrix_row(
        rivalry_evidence(st, CHN, RUS, 1946, 2025), dispute_evidence(st, CHN, RUS, 1946, 2025)
    )
    assert (row["verdict"], row["rule"]) == ("mixed", RULE)
    assert row["now"] == "2 dispute-years in 2005–2014 (2009, 2012)"
    usa = rivalry_matrix_row(
        rivalry_evidence(st, USA, RUS, 1946, 2025), dispute_evidence(st, USA, RUS, 1946, 2025)
    )
    assert usa["verdict"] == "not supported"
