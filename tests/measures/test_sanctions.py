"""Sanctions measures: group expansion on real cases, China–Russia against a hand count from
the GSDB file, sanctions between them, and laws (symmetry, bounds, a brute-force oracle)."""

from __future__ import annotations

from itertools import combinations

import pandas as pd
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from multipolar import states
from multipolar.errors import MeasureError
from multipolar.measures import sanctions as ms
from multipolar.sources import gsdb

CHN, RUS = 710, 365
EU28_2014 = {211, 220, 255, 325, 212, 210, 390, 205, 200, 350, 230, 235, 305, 375, 380}
EU28_2014 |= {352, 316, 366, 310, 367, 368, 338, 290, 317, 349, 355, 360, 344}


@pytest.fixture(scope="module")
def dyad(shared_data):
    tables = gsdb.parse_gsdb({gsdb.GSDB_FILE: shared_data / gsdb.GSDB_FILE}, states)
    return tables["gsdb_sanctions_dyad"]


@pytest.fixture(scope="module")
def groups():
    return gsdb.group_memberships()


@pytest.fixture(scope="module")
def rows(dyad, groups):
    return ms.flag_western(ms.expand_groups(dyad, groups), gsdb.western_definition(), groups)


def _senders(rows: pd.DataFrame, case_id: int, year: int) -> set[int]:
    d = rows[(rows["case_id"] == case_id) & (rows["year"] == year)]
    return set(d["sender_ccode"].astype(int))


def test_multi_sender_case_expands_by_date(rows):
    # case 1001: Russia <- "EU, Montenegro, Iceland, Albania, Liechtenstein, Norway, Ukraine",
    # 2014–2022. Hand count: the 28 EU members of 2014 (EU28_2014 above, from the accession
    # list) plus the six states named = 34; in 2020 the UK (200) has left the EU: 33.
    others = {341, 395, 339, 223, 385, 369}
    assert len(EU28_2014) == 28
    assert _senders(rows, 1001, 2014) == EU28_2014 | others
    assert _senders(rows, 1001, 2020) == (EU28_2014 - {200}) | others
    assert _senders(rows, 1001, 2014) - _senders(rows, 1001, 2020) == {200}
    via = rows[(rows["case_id"] == 1001) & (rows["year"] == 2014)].set_index("sender_ccode")
    assert via.loc[220, "sender_via"] == "EU" and pd.isna(via.loc[385, "sender_via"])


def test_expansion_counts_what_it_leaves_out(dyad, groups):
    out = ms.expand_groups(dyad, groups)
    kept = ms.expand_groups(dyad, groups, keep_self=True)
    assert len(kept) - len(out) == out.attrs["self_dyads"] > 0
    # ECOWAS on ECOWAS (case 598): every member sanctions every other member, none itself
    e = out[out["case_id"] == 598]
    assert (e["sender_ccode"] != e["target_ccode"]).all()
    assert out.attrs["other_rows"] == int(
        (
            ~dyad["sender_kind"].isin(["state", "group"])
            | ~dyad["target_kind"].isin(["state", "group"])
        ).sum()
    )
    assert set(out.attrs["no_members"]) >= {"OIC", "Kimberley Process"}
    # case 1315 names France directly and through the EU: one row, the direct one
    f = out[(out["case_id"] == 1315) & (out["sender_ccode"] == 220)]
    assert len(f) == 1 and pd.isna(f["sender_via"].iloc[0])
    assert out.attrs["duplicates"] > 0
    assert not out.duplicated(["case_id", "year", "sender_ccode", "target_ccode"]).any()


def test_western_rows(rows):
    # case 80: Soviet Union <- NATO (1962): Turkey acts through a Western group
    assert rows[(rows["case_id"] == 80) & (rows["sender_ccode"] == 640)]["western"].all()
    # case 26: North Korea <- UN: the US acts through a non-Western body
    assert not rows[(rows["case_id"] == 26) & (rows["sender_ccode"] == 2)]["western"].any()
    # case 1307: Russia <- Korea, South (2022): not on the stated Western list
    assert not rows[rows["case_id"] == 1307]["western"].any()
    assert rows[rows["case_id"] == 1005]["western"].all()  # Russia <- United States


def test_china_russia_common_exposure_hand_count(rows):
    """Hand count from GSDB_V3.csv (cases read off the file; Western list in western.csv).

    1950. China: CoCom (case 6; CoCom's 11 members in 1950: US, UK, France, Italy, the
    Netherlands, Belgium, Luxembourg, Norway, Denmark, Canada, the FRG), New Zealand (7), the
    UK (10) and the US (11) -> 12 Western states (the OAS, case 8, and South Africa, case 9,
    are not Western). USSR: a Comecon member, targeted by CoCom (13: the same 11) and by
    Austria, Finland, Sweden, Switzerland (12: only Switzerland is Western) -> 12. Both: 11.
    2014. China: US (363) and EU (431, 28 members) -> 29. Russia: US (1005), EU (1000, 1001),
    Australia, Canada, Japan, New Zealand, Switzerland (998–1004), Norway, Iceland,
    Liechtenstein (1001) -> 37. Both: the US and the EU28 -> 29 states, 2 senders as recorded.
    2020. As 2014 without the UK (it left the EU; its own cases, 1195 and 1240, begin in
    2021): 28, 36, 28.
    2022. China: US, EU27, the UK (1195), Canada (1193) -> 30. Russia: those 30 and Australia,
    New Zealand, Japan, Switzerland, Norway, Iceland, Liechtenstein -> 37. Both: 30 states;
    as recorded: the US, the EU, the UK, Canada -> 4.
    """
    w = rows[rows["western"]]
    ce = ms.common_exposure(w, CHN, RUS, years=(1949, 2022)).set_index("year")
    cols = ["n_senders_a", "n_senders_b", "n_shared"]
    assert ce.loc[1950, cols].tolist() == [12, 12, 11]
    assert ce.loc[2014, cols].tolist() == [29, 37, 29]
    assert ce.loc[2020, cols].tolist() == [28, 36, 28]
    assert ce.loc[2022, cols].tolist() == [30, 37, 30]
    # 1986–1988: CoCom's China case ended in 1985 and no other Western case targets China
    assert ce.loc[1986:1988, "n_shared"].eq(0).all()
    # 1992–2013: only Ukraine (496) and Georgia (816) sanction Russia, neither Western
    assert ce.loc[1992:2013, "n_senders_b"].eq(0).all()
    body = w.assign(key=w["sender_via"].astype("string").fillna(w["sender_ccode"].astype("string")))
    shared = ms.shared_senders(body, CHN, RUS, sender="key")
    assert set(shared.loc[shared["year"] == 2022, "key"]) == {"2", "EU", "200", "20"}
    assert set(shared.loc[shared["year"] == 2014, "key"]) == {"2", "EU"}


def test_one_sanctions_the_other(rows):
    # case 56: China <- Soviet Union 1960–1970, direct; case 22: China <- UN 1951–1953, the
    # USSR as a UN member. No other case has China or Russia as the other's sender.
    m = ms.one_sanctions_other(rows, CHN, RUS)
    direct = m[m["sender_via"].isna()]
    assert set(direct["case_id"]) == {56}
    assert sorted(direct["year"]) == list(range(1960, 1971))
    assert set(m.loc[m["sender_via"] == "UN", "case_id"]) == {22}
    assert set(m["case_id"]) == {22, 56}


def test_base_rate_on_real_rows(rows):
    w = rows[rows["western"]]
    pop = pd.DataFrame(
        [
            (y, c)
            for y in (1950, 2014)
            for c in states.registry().states
            if states.registry().member(c, y)
        ],
        columns=["year", "ccode"],
    )
    br = ms.exposure_base_rate(w, CHN, RUS, pop).set_index("year")
    assert br.loc[2014, "n_shared"] == 29
    n = br.loc[2014, "n_states"]
    assert br.loc[2014, "n_pairs"] == n * (n - 1) // 2
    assert 0 < br.loc[2014, "base_rate"] < 0.5
    assert br.loc[2014, "percentile"] >= 100 * (1 - br.loc[2014, "base_rate"])


# --- laws ---------------------------------------------------------------------------------
CODES = [2, 20, 200, 365, 710, 630]


@st.composite
def sanction_rows(draw):
    n = draw(st.integers(0, 40))
    years = draw(st.lists(st.integers(2000, 2003), min_size=n, max_size=n))
    senders = draw(st.lists(st.sampled_from(CODES), min_size=n, max_size=n))
    targets = draw(st.lists(st.sampled_from(CODES), min_size=n, max_size=n))
    df = pd.DataFrame(
        {
            "case_id": range(1, n + 1),
            "year": years,
            "sender_ccode": senders,
            "target_ccode": targets,
            "sender_via": [None] * n,
        }
    )
    return df[df["sender_ccode"] != df["target_ccode"]].reset_index(drop=True)


PAIRS = st.sampled_from(list(combinations(CODES, 2)))


@settings(max_examples=60, deadline=None)
@given(sanction_rows(), PAIRS)
def test_common_exposure_is_symmetric_and_bounded(rows, pair):
    a, b = pair
    ab = ms.common_exposure(rows, a, b, years=(2000, 2003))
    ba = ms.common_exposure(rows, b, a, years=(2000, 2003))
    assert ab["n_shared"].tolist() == ba["n_shared"].tolist()
    assert ab["n_senders_a"].tolist() == ba["n_senders_b"].tolist()
    pd.testing.assert_series_equal(ab["jaccard"], ba["jaccard"])
    assert (ab["n_shared"] <= ab[["n_senders_a", "n_senders_b"]].min(axis=1)).all()
    j = ab["jaccard"].dropna()
    assert ((j >= 0) & (j <= 1)).all()
    shuffled = ms.common_exposure(rows.sample(frac=1, random_state=1), a, b, years=(2000, 2003))
    pd.testing.assert_frame_equal(ab, shuffled)


@settings(max_examples=60, deadline=None)
@given(sanction_rows())
def test_shared_sender_counts_match_brute_force(rows):
    got = {
        (r.year, r.ccode1, r.ccode2): r.n_shared
        for r in ms.shared_sender_counts(rows).itertuples(index=False)
    }
    want = {}
    for year, d in rows.groupby("year"):
        senders = d.groupby("target_ccode")["sender_ccode"].agg(lambda s: set(s.tolist()))
        for i, j in combinations(sorted(senders.index), 2):
            k = len(senders[i] & senders[j])
            if k:
                want[(int(year), int(i), int(j))] = k
    assert got == want


@settings(max_examples=40, deadline=None)
@given(sanction_rows(), PAIRS)
def test_base_rate_bounds_and_symmetry(rows, pair):
    a, b = pair
    pop = pd.DataFrame(
        [(y, c) for y in range(2000, 2004) for c in CODES], columns=["year", "ccode"]
    )
    ab = ms.exposure_base_rate(rows, a, b, pop)
    ba = ms.exposure_base_rate(rows, b, a, pop)
    pd.testing.assert_frame_equal(ab, ba)
    assert ab["base_rate"].between(0, 1).all()
    assert ab["percentile"].between(0, 100).all()
    assert (ab["n_pairs"] == 15).all()


def test_a_pair_needs_two_states():
    rows = pd.DataFrame(columns=["case_id", "year", "sender_ccode", "target_ccode", "sender_via"])
    with pytest.raises(MeasureError, match="two different states"):
        ms.common_exposure(rows, 2, 2)
