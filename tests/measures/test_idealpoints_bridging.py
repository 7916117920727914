"""Bridging on the real unvotes roll calls: recurring resolutions share one item.

The series and their years are read off the data (shared/data/unvotes/un_roll_calls.rda):
the General Assembly has voted on ending the US embargo against Cuba every session since
1992 (session 47; the unvotes data lack the 2018 vote), on the work of the Special
Committee to Investigate Israeli Practices and on Israeli practices in the Occupied
Palestinian Territory every session since 1999 / 2002, and on a nuclear-weapon-free zone
in South Asia every session 1985-1996. Issue 10 reported that the old rule bridged 342
of 6,121 contested roll calls and none before 1985 (the k-th roll call with a text was
counted within the year, not within year and text), and that the fix bridges about
2,000.
"""

from __future__ import annotations

import pandas as pd
import pytest

from multipolar import states
from multipolar.measures.idealpoints import _prepare, bridge_groups
from multipolar.sources.rollcall_text import rollcall_title
from multipolar.sources.unvotes import parse_unvotes


@pytest.fixture(scope="module")
def unvotes(shared_data) -> dict[str, pd.DataFrame]:
    names = ("un_votes.rda", "un_roll_calls.rda", "un_roll_call_issues.rda")
    tables = parse_unvotes({f"unvotes/{n}": shared_data / "unvotes" / n for n in names}, states)
    return {"unga_votes": tables["unvotes_votes"], "unga_rollcalls": tables["unvotes_rollcalls"]}


@pytest.fixture(scope="module")
def groups(unvotes) -> pd.DataFrame:
    rc = unvotes["unga_rollcalls"]
    out = rc[["rcid", "session", "year", "descr", "short"]].copy()
    out["group"] = bridge_groups(rc).reindex(out["rcid"]).to_numpy()
    # the titles bridging reads (tests/sources/test_rollcall_text.py checks them)
    out["text"] = rollcall_title(rc["short"], rc["descr"], rc["session"])
    return out


def _series(groups: pd.DataFrame, *needles: str) -> pd.DataFrame:
    hit = pd.Series(True, index=groups.index)
    for needle in needles:
        hit &= groups["text"].str.contains(needle, case=False, regex=False)
    return groups[hit]


def test_cuba_embargo_is_one_item_from_1992(groups):
    cuba = _series(groups, "embargo imposed by the Unit", "against Cuba")
    assert cuba["group"].nunique() == 1
    assert sorted(cuba["year"]) == [y for y in range(1992, 2020) if y != 2018]


def test_israeli_practices_series_bridge(groups):
    work = _series(groups, "Work of the Special Com", "Israeli Practices", "Other Arabs")
    work = work[work["year"] >= 1999]
    assert work["group"].nunique() == 1  # the 2006 text misspells "Comittee"
    assert len(work) >= 18
    practices = _series(
        groups, "Israeli practices affecting the human rights", "including East Jerusalem"
    )
    assert practices["group"].nunique() == 1
    assert practices["year"].min() == 2002 and practices["year"].max() == 2019
    # the 1997-2001 text ("including Jerusalem") is another resolution and another item
    older = _series(groups, "Israeli practices affecting the human rights", "including Jerusalem")
    older = older[older["text"].str.startswith("Israeli") & ~older["text"].str.contains("East")]
    assert older["group"].nunique() == 1 and older["year"].between(1997, 2001).all()
    assert set(older["group"]).isdisjoint(practices["group"])


def test_nuclear_weapon_free_zone_series_bridge(groups):
    south_asia = _series(groups, "Establishment of a nuclear-weapon-free zone in South Asia")
    south_asia = south_asia[south_asia["year"].between(1985, 1996)]
    assert len(south_asia) == 12 and south_asia["group"].nunique() == 1
    # 1996-2019 (the 2005 row's title runs into another resolution's and stays apart)
    hemisphere = groups[
        groups["text"] == "Nuclear-weapon-free southern hemisphere and adjacent areas"
    ]
    assert len(hemisphere) == 20 and hemisphere["group"].nunique() == 1
    assert hemisphere["year"].min() == 1996 and hemisphere["year"].max() == 2019


def test_part_votes_of_the_meeting_records_are_never_bridged(groups):
    record = groups["descr"].fillna("").str.contains(r"^\s*The (?:Acting )?President", regex=True)
    sizes = groups.groupby("group").size()
    assert (groups.loc[record, "group"].map(sizes) == 1).all()


def test_about_2000_contested_rollcalls_bridge_from_before_1985(unvotes):
    data = _prepare(unvotes["unga_votes"], unvotes["unga_rollcalls"], bridge=True, walk_scale=0.2)
    items = data.items
    sizes = items.groupby("item").size()
    bridged = items["item"].map(sizes) > 1
    assert len(items) == 6_121  # contested roll calls of 1946-2019 (all of them)
    assert 1_500 <= bridged.sum() <= 3_000
    assert items.loc[bridged, "year"].min() < 1985


def test_cuba_embargo_bridges_into_the_uns_own_records(store):
    # the panel takes 2019 on from the UN's records, whose titles are bare resolution titles:
    # the same key keeps the resolution one item across the change of source
    rc = store.frame("unga_rollcalls")
    rc = rc[rc["recorded"].astype("boolean").fillna(True).to_numpy(dtype=bool)]
    group = bridge_groups(rc).reindex(rc["rcid"]).to_numpy()
    text = rc["title"].fillna("") + " " + rc["descr"].fillna("")
    cuba = text.str.contains("embargo imposed by the Unit", case=False) & text.str.contains("Cuba")
    assert len(set(group[cuba.to_numpy()])) == 1
    years = sorted(rc.loc[cuba, "year"])
    assert years[0] == 1992 and years[-1] >= 2024
    assert set(rc.loc[cuba, "source"]) == {"unvotes", "unga_unxml"}
