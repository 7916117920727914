"""Named roll-call sets on the real unvotes data and on small hand-made tables.

Known answers come from issue 10's comparison with Bailey, Strezhnev & Voeten's
published "All" set (BSV, doi:10.1177/0022002715595700; Voeten's Dataverse release): the
two sets hold the same roll calls in every session but 52-67 and 71-72, where the unvotes
data hold 10-40 more a session -- the votes on paragraphs and amendments; and BSV publish
an identical-vote share of 1.00 for Brazil-Zimbabwe in 2016 where all roll calls give
0.40 on 40 votes.
"""

from __future__ import annotations

import numpy as np
import pandas as pd
import pytest

from multipolar.errors import InputError
from multipolar.measures.rollcalls import BSV_SESSIONS, ROLLCALL_SETS, rollcall_mask
from multipolar.sources.unvotes import parse_unvotes


@pytest.fixture(scope="module")
def unvotes(shared_data) -> dict[str, pd.DataFrame]:
    names = ("un_votes.rda", "un_roll_calls.rda", "un_roll_call_issues.rda")
    return parse_unvotes({f"unvotes/{n}": shared_data / "unvotes" / n for n in names})


def test_sets_are_nested(unvotes):
    rc = unvotes["unga_rollcalls"]
    every, bsv, res = (rollcall_mask(rc, name) for name in ("all", "bsv", "resolutions"))
    assert every.all()
    assert (bsv <= every).all() and (res <= bsv).all()
    assert bsv.sum() < every.sum() and res.sum() < bsv.sum()


def test_bsv_drops_10_to_40_part_votes_in_its_sessions_only(unvotes):
    rc = unvotes["unga_rollcalls"]
    dropped = rc.loc[~rollcall_mask(rc, "bsv")]
    per_session = dropped.groupby("session").size()
    assert set(per_session.index) == set(BSV_SESSIONS)
    assert per_session.between(10, 40).all()
    # exactly the paragraph and amendment votes of those sessions
    part = rc["amend"].fillna(False) | rc["para"].fillna(False)
    expected = rc.loc[part & rc["session"].isin(list(BSV_SESSIONS)), "rcid"]
    assert sorted(dropped["rcid"]) == sorted(expected)


def _identical_share(votes: pd.DataFrame, a: int, b: int, year: int) -> tuple[float, int]:
    """BSV's agreement: identical votes over contested roll calls both voted on."""
    v = votes[votes["vote"].isin([1, 2, 3])]
    spread = v.groupby("rcid")["vote"].agg(["min", "max"])
    contested = spread.index[spread["min"] < spread["max"]]
    v = v[v["rcid"].isin(contested) & (v["year"] == year)]
    wide = v[v["ccode"].isin([a, b])].pivot(index="rcid", columns="ccode", values="vote")
    wide = wide.dropna()
    return float((wide[a] == wide[b]).mean()), len(wide)


def test_bsv_set_reproduces_the_published_brazil_zimbabwe_2016(unvotes):
    votes, rc = unvotes["unga_votes"], unvotes["unga_rollcalls"]
    share, n = _identical_share(votes, 140, 552, 2016)
    assert (round(share, 2), n) == (0.40, 40)
    keep = rc.loc[rollcall_mask(rc, "bsv"), "rcid"]
    share, n = _identical_share(votes[votes["rcid"].isin(keep)], 140, 552, 2016)
    assert share == 1.0


def test_resolutions_drop_part_votes_everywhere_and_keep_un_records():
    rc = pd.DataFrame(
        {
            "rcid": [1, 2, 3, 4, 5],
            "session": [20, 20, 74, 75, 75],
            "amend": [0, 1, None, None, None],
            "para": [1, 0, None, None, None],
            "descr": ["TO ADOPT PARAGRAPH 3", "TO ADOPT THE AMENDMENT", "Title", None, None],
            "source": ["unvotes", "unvotes", "unvotes", "unga_unxml", "unga_unxml"],
            "recorded": [True, True, True, True, False],
        }
    )
    assert rollcall_mask(rc, "resolutions").tolist() == [False, False, True, True, False]
    # no roll call without a recorded vote is in any set
    assert rollcall_mask(rc, "all").tolist() == [True, True, True, True, False]
    assert rollcall_mask(rc, "bsv").tolist() == [True, True, True, True, False]


@pytest.mark.parametrize(
    "amend",
    [
        pd.Series([True, None, False], dtype="boolean"),
        pd.Series([1.0, np.nan, 0.0]),
        pd.Series(["1", None, "0"]),
    ],
)
def test_flag_types(amend):
    rc = pd.DataFrame({"rcid": [1, 2, 3], "session": [60, 60, 60], "amend": amend})
    assert rollcall_mask(rc, "bsv").tolist() == [False, True, True]


def test_year_stands_in_for_session_and_errors_are_clear():
    rc = pd.DataFrame({"rcid": [1, 2], "year": [2005, 1990], "amend": [True, True]})
    assert rollcall_mask(rc, "bsv").tolist() == [False, True]
    with pytest.raises(InputError, match="unknown roll-call set 'nope'"):
        rollcall_mask(rc, "nope")
    with pytest.raises(InputError, match="lacks both"):
        rollcall_mask(pd.DataFrame({"rcid": [1], "amend": [True]}), "bsv")
    assert set(ROLLCALL_SETS) == {"all", "bsv", "resolutions"}
