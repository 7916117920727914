"""Named roll-call sets on the real panel: the BSV set, whole resolutions, everything.

Known answer: Bailey, Strezhnev & Voeten's published agreement for Brazil–Zimbabwe 2016 is 1.00;
on every roll call it is 0.40 on 40 votes (the figures of issue 10, read from their file).
"""

from __future__ import annotations

import numpy as np
import pandas as pd
import pytest

from multipolar.errors import InputError
from multipolar.explain.agreement import dyadic_agreement, vote_tables
from multipolar.measures.rollcalls import ROLLCALL_SETS, rollcall_mask


def test_unknown_set_names_the_sets():
    with pytest.raises(InputError, match="resolutions"):
        rollcall_mask(pd.DataFrame({"session": [1]}), "most")


def test_sets_on_the_panel(store):
    rc = store.frame("unga_rollcalls")
    n = {name: int(rollcall_mask(rc, name).sum()) for name in ROLLCALL_SETS}
    recorded = rc["recorded"].astype("boolean").fillna(True).to_numpy(dtype=bool)
    assert n["all"] == recorded.sum()  # resolutions adopted without a vote are no roll calls
    assert n["resolutions"] < n["bsv"] < n["all"]
    # the UN's own records (2019 on) hold only resolutions: every set keeps all their votes
    un = rc["source"].eq("unga_unxml").to_numpy() & recorded
    for name in ROLLCALL_SETS:
        assert rollcall_mask(rc, name)[un].all()
    # bsv differs from all only in sessions 52-67 and 71-72
    diff = rc.loc[rollcall_mask(rc, "all") & ~rollcall_mask(rc, "bsv"), "session"].unique()
    assert set(diff) <= set(range(52, 68)) | {71, 72}


def _identical_share(votes: pd.DataFrame, a: int, b: int, year: int) -> tuple[int, float]:
    """Share of identical votes of a and b on contested roll calls, computed the slow way."""
    v = votes[votes["year"] == year]
    spread = v.groupby("rcid")["vote"].agg(["min", "max"])
    v = v[v["rcid"].isin(spread.index[spread["min"] < spread["max"]])]
    w = v[v["ccode"].isin([a, b])].pivot(index="rcid", columns="ccode", values="vote").dropna()
    return len(w), float((w[a] == w[b]).mean())


@pytest.mark.parametrize(
    ("a", "b", "year"), [(710, 365, 2016), (2, 666, 2017), (140, 552, 2016), (710, 365, 1990)]
)
def test_agreement_is_the_identical_vote_share_on_the_set(store, a, b, year):
    votes, _ = vote_tables(store, rollcalls="bsv")
    n, share = _identical_share(votes, a, b, year)
    got = dyadic_agreement(store, states=[a, b], years=year, rollcalls="bsv").iloc[0]
    assert (int(got["n_votes"]), float(got["agree"])) == (n, pytest.approx(share))


def test_brazil_zimbabwe_2016_as_bsv_publish_it(store):
    everything = dyadic_agreement(store, states=[140, 552], years=2016, rollcalls="all").iloc[0]
    assert (everything["n_votes"], everything["agree"]) == (40, pytest.approx(0.40))
    bsv = dyadic_agreement(store, states=[140, 552], years=2016, rollcalls="bsv").iloc[0]
    assert bsv["agree"] == pytest.approx(1.0)


def test_the_default_set_does_not_jump_at_the_change_of_source(store):
    """Share of amendment/paragraph votes: 0 in every year of the default set, so a series does
    not change meaning in 2019 when the UN's records (resolutions only) take over."""
    rc = store.frame("unga_rollcalls")
    part = rc[["amend", "para"]].astype("boolean").fillna(False).any(axis=1).to_numpy()
    keep = rollcall_mask(rc)
    assert not (part & keep).any()
    by_year = pd.Series(part).groupby(rc["year"].to_numpy()).mean()
    assert by_year.loc[2016] > 0.2 and by_year.loc[2020] == 0  # "all" does change meaning
    assert np.isfinite(by_year.to_numpy()).all()


def test_bsv_leaves_out_10_to_40_part_votes_a_session_in_its_sessions(store):
    """Issue 10: BSV's "All" set matches ours in 55 sessions; in 52-67 and 71-72 ours holds
    10-40 more roll calls a session, exactly the votes on paragraphs and amendments."""
    rc = store.frame("unga_rollcalls")
    dropped = rc.loc[rollcall_mask(rc, "all") & ~rollcall_mask(rc, "bsv")]
    per_session = dropped.groupby("session").size()
    assert set(per_session.index) == set(range(52, 68)) | {71, 72}
    assert per_session.between(10, 40).all()
    part = rc[["amend", "para"]].astype("boolean").fillna(False).any(axis=1)
    in_window = rc["session"].isin([*range(52, 68), 71, 72])
    assert sorted(dropped["rcid"]) == sorted(rc.loc[part & in_window, "rcid"])
