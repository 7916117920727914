"""The State Department's voting coincidence: both formulas by hand, the rule by year, real data.

Formulas: *Voting Practices in the United Nations* (U.S. Department of State), "votes only"
(identical / (identical + opposite)) through the 2016 report; from the 2017 report, a partial
agreement (one abstains) counts half: (identical + ½ partial) / (identical + opposite + partial).
"""

from __future__ import annotations

import pandas as pd
import pytest
from hypothesis import given
from hypothesis import strategies as st

from multipolar.errors import InputError
from multipolar.measures.coincidence import coincidence

# reference 2 and state 20 on six roll calls: same yes, same no, yes/no, no/yes, yes/abstain,
# abstain/abstain; state 20 is absent on a seventh
VOTES = pd.DataFrame(
    {
        "rcid": [1, 1, 2, 2, 3, 3, 4, 4, 5, 5, 6, 6, 7],
        "ccode": [2, 20] * 6 + [2],
        "vote": [1, 1, 3, 3, 1, 3, 3, 1, 1, 2, 2, 2, 1],
    }
)


@pytest.mark.parametrize(
    ("year", "expected", "rule"),
    [
        (2016, 2 / 4, "votes-only"),  # identical 2, opposite 2; abstentions and absence left out
        (2017, (3 + 0.5) / 6, "partial-credit"),  # both-abstain identical, one partial
    ],
)
def test_hand_computed(year, expected, rule):
    out = coincidence(VOTES.assign(year=year)).iloc[0]
    assert out["coincidence"] == pytest.approx(expected)
    assert out["rule"] == rule
    assert (out["opposite"], out["partial"], out["both_abstain"]) == (2, 1, 1)


def test_forced_rule_overrides_the_year():
    out = coincidence(VOTES.assign(year=2020), rule="votes-only").iloc[0]
    assert out["coincidence"] == pytest.approx(0.5)
    out = coincidence(VOTES.assign(year=2000), rule="partial-credit").iloc[0]
    assert out["coincidence"] == pytest.approx(3.5 / 6)


def test_unknown_rule_is_refused():
    with pytest.raises(InputError, match="votes-only"):
        coincidence(VOTES.assign(year=2016), rule="half")  # type: ignore[arg-type]


@given(st.lists(st.tuples(st.sampled_from([1, 2, 3]), st.sampled_from([1, 2, 3])), min_size=1))
def test_laws(pairs):
    v = pd.DataFrame(
        [(k, 2, a) for k, (a, _) in enumerate(pairs)]
        + [(k, 20, b) for k, (_, b) in enumerate(pairs)],
        columns=["rcid", "ccode", "vote"],
    )
    old = coincidence(v.assign(year=2016))
    new = coincidence(v.assign(year=2017))
    for out in (old, new):
        if len(out) and pd.notna(out["coincidence"].iloc[0]):
            assert 0.0 <= out["coincidence"].iloc[0] <= 1.0
    # the reference's coincidence with a state equals the state's with the reference
    swapped = coincidence(v.assign(year=2017), reference=20)
    assert swapped["coincidence"].fillna(-1).tolist() == new["coincidence"].fillna(-1).tolist()


def test_israel_and_cuba_with_the_usa(store):
    from multipolar.explain.agreement import coincidence_with

    df = coincidence_with(store, states=["Israel", "Cuba"], years=(2005, 2016)).set_index(
        ["ccode", "year"]
    )["coincidence"]
    # the reports of those years put Israel first and Cuba near the bottom every year
    for year in range(2005, 2017):
        assert df[(666, year)] > 0.8 > 0.2 > df[(40, year)]


def test_coincidence_on_an_issue_subset(store):
    from multipolar.explain.agreement import coincidence_with

    me = coincidence_with(store, states=["Israel"], years=2015, issue="me")
    everything = coincidence_with(store, states=["Israel"], years=2015)
    assert 0 < me["n_votes"].iloc[0] < everything["n_votes"].iloc[0]
