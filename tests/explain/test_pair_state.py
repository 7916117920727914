"""explain.pair and explain.state against counts made by hand from the UN's own JSON.

``unxml_pair`` (tests/conftest.py) counts, with the standard library only, the recorded,
contested roll calls of a session that both states voted on and how many they voted alike:
the known answers for the pair's roll-call list, its position matrix and its divergent votes.
"""

from __future__ import annotations

import pytest

from multipolar.errors import InputError, UnknownStateError
from multipolar.explain import pair, state


@pytest.mark.parametrize("session", [74, 78])
def test_pair_rollcalls_match_the_un_json(store, unxml_pair, session):
    year = session + 1945
    n, same = unxml_pair(session, "CHINA", "RUSSIAN FEDERATION")
    rows = pair.pair_rollcalls(store, "China", "Russia", start=year, end=year)
    assert len(rows) == n
    assert int(rows["same"].sum()) == same
    assert set(rows["year"]) == {year}
    assert set(rows["vote_a"]) <= {"yes", "abstain", "no"}
    # every roll call listed is contested: the tally has at least two kinds of vote
    assert ((rows[["yes", "abstain", "no"]] > 0).sum(axis=1) >= 2).all()


def test_position_matrix_diagonal_is_the_identical_votes(store, unxml_pair):
    n, same = unxml_pair(74, "CHINA", "RUSSIAN FEDERATION")
    m = pair.position_matrix(store, "CHN", "RUS", start=2019, end=2019)
    assert m["n_votes"] == n
    assert sum(sum(r) for r in m["counts"]) == n
    assert sum(m["counts"][i][i] for i in range(3)) == same
    assert m["agree"] == pytest.approx(same / n)
    assert (m["ccode_a"], m["ccode_b"]) == (710, 365)


def test_divergent_rollcalls_are_the_others_most_divergent_first(store, unxml_pair):
    n, same = unxml_pair(74, "CHINA", "RUSSIAN FEDERATION")
    d = pair.divergent_rollcalls(store, 710, 365, start=2019, end=2019)
    assert len(d) == n - same
    assert not d["same"].any()
    assert list(d["distance"]) == sorted(d["distance"], reverse=True)


def test_pair_errors(store):
    with pytest.raises(InputError, match="same state"):
        pair.pair_rollcalls(store, "China", "PRC", start=2019, end=2019)
    with pytest.raises(UnknownStateError):
        pair.position_matrix(store, "China", "Narnia")
    with pytest.raises(InputError, match="after"):
        pair.pair_rollcalls(store, "China", "Russia", start=2020, end=2019)


def test_partners_rank_by_kappa_and_hold_the_pair(store, unxml_pair):
    n, _ = unxml_pair(74, "CHINA", "RUSSIAN FEDERATION")
    p = state.partners(store, "China", 2019)
    russia = p[p["ccode"] == 365].iloc[0]
    assert russia["n_votes"] == n  # the same roll calls as the hand count
    assert russia["name"] == "Russia"
    ranked = p[p["rank"].notna()]
    assert list(ranked["rank"]) == list(range(1, len(ranked) + 1))
    assert list(ranked["kappa"].dropna()) == sorted(ranked["kappa"].dropna(), reverse=True)
    assert (ranked["n_votes"] >= state.MIN_VOTES).all()
    assert 710 not in set(p["ccode"])


def test_partners_outside_the_votes_say_which_years(store):
    lo, hi = state.vote_years(store)
    with pytest.raises(InputError, match=f"{lo}-{hi}"):
        state.partners(store, "India", hi + 1)


def test_agreement_by_issue_is_the_why_reports(store):
    """The why report's by-issue numbers (its own code path, ``_why_sections.un_votes``)."""
    from multipolar.explain.why import why

    ev = why("China", "Russia", store=store).to_dict()
    span = ev["un_votes"]["by_issue_span"]
    ours = {
        r["issue"]: r
        for r in pair.agreement_by_issue(
            store, "China", "Russia", start=span["from"], end=span["to"]
        )
    }
    for theirs in ev["un_votes"]["by_issue"]:
        mine = ours[theirs["issue"]]
        assert mine["n_votes"] == theirs["n_votes"], theirs["issue"]
        assert mine["agree"] == pytest.approx(theirs["agree"]), theirs["issue"]
