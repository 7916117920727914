"""The event evidence for the ``why`` report: JSON-ready, None without event data."""

from __future__ import annotations

import json
import os
from pathlib import Path

import pytest

from multipolar.explain.events import dyad_events, events_evidence, top_event_types
from multipolar.store import connect
from multipolar.store.events import import_events

DATA = Path(os.environ.get("MULTIPOLAR_MIRROR") or Path(__file__).parents[3] / "shared" / "data")
FILES = [
    DATA / "gdelt" / "events.csv",
    DATA / "gdelt" / "20191024143000.export.CSV",
    DATA / "icews" / "events.2018.sample.tab",
]


def test_no_event_data_gives_none(fresh_home: Path) -> None:
    assert events_evidence(710, 365, 2) is None
    with connect() as st:
        assert events_evidence(710, 365, 2, store=st) is None


def test_evidence_is_json_and_consistent_with_the_series(fresh_home: Path) -> None:
    import_events(FILES)
    with connect() as st:
        ev = events_evidence(710, 365, 2, store=st)
        series = dyad_events(710, 365, store=st)
        types = top_event_types("China", "Russia", store=st)
    assert ev is not None
    json.dumps(ev)  # serialisable as is
    # the window is the last 24 months with events (2017-11..2019-10: 2016-07 is out); its
    # non-directed months add up the two directions of the directed series
    assert ev["window"] == {"from": "2018-06", "to": "2019-10"}
    recent = series[series.month >= "2017-11"]
    by_month = recent.groupby("month").n_events.sum().to_dict()
    assert {m["month"]: m["n_events"] for m in ev["pair"]["monthly"]} == by_month
    for m in ev["pair"]["monthly"]:
        assert m["cooperation"] + m["conflict"] == m["n_events"]
        assert -1 <= m["balance"] <= 1 and -10 <= m["goldstein_mean"] <= 10
    assert ev["comparator"]["vs"] == 2 and ev["comparator"]["a_vs"]["summary"]["n_events"] > 0
    a_to_b = ev["top_events"]["a_to_b"]
    assert a_to_b and all(e["source"].startswith("CHN") or "China" in e["source"] for e in a_to_b)
    assert set(types.direction) == {"CHN->RUS", "RUS->CHN"}


def test_bad_dates_are_input_errors(fresh_home: Path) -> None:
    from multipolar.errors import InputError

    import_events(FILES[1])
    with pytest.raises(InputError):
        dyad_events("China", "Russia", start="2019-13")
    with pytest.raises(InputError):
        dyad_events("China", "Russia", start="2019-10", end="2019-01")
