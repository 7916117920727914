"""Forecasts and landscapes on the real store: structure, refusals, the historical test."""

from __future__ import annotations

import json

import numpy as np
import pytest

from multipolar.errors import InputError
from multipolar.explain.forecast import (
    MEASURES,
    backtest_alignment,
    forecast_pair,
    top_cinc,
    where_it_is_going,
)
from multipolar.explain.landscape import (
    landscape_for_year,
    landscape_vs_alliances,
    parse_scenario,
)


def test_backtest_design_and_calibration(store):
    bt = backtest_alignment(store, measure="agreement")
    # origins every 5 years from 1970, horizons 1-5, the top-20 CINC dyads
    assert bt.origins[0] == 1970 and np.all(np.diff(bt.origins) == 5)
    assert set(bt.summary["h"]) == {1, 2, 3, 4, 5} and bt.top == 20
    assert set(bt.summary["model"]) >= {"no_change", "dyad_mean", "pooled", "local_linear_trend"}
    nc = bt.overall.set_index("model").loc["no_change"]
    assert nc["vs_no_change"] == pytest.approx(1.0)
    # the bar: the shipped (best) model's intervals cover within 5 points of nominal
    sk = bt.skill()
    assert abs(sk["coverage80"] - 0.80) <= 0.05 and abs(sk["coverage95"] - 0.95) <= 0.05
    assert ("smaller" in sk["sentence"]) == (sk["vs_no_change"] < 1)
    # cached: the same figures come back from the store
    again = backtest_alignment(store, measure="agreement")
    assert again.best == bt.best and np.allclose(again.overall["mase"], bt.overall["mase"])


def test_top_cinc_carries_the_last_year_forward(store):
    tops, notes = top_cinc(store, [2022, 2025])
    assert tops[2025] == tops[2022] and len(tops[2022]) == 20
    assert notes and "2022" in notes[0]


def test_china_russia_forecast(store):
    f = forecast_pair(store, "China", "Russia", vs="USA", horizon=5)
    d = f.to_dict()
    json.dumps(d)  # JSON-serialisable
    assert len(d["history"]) >= 10 and len(d["forecast"]) == 5
    assert d["forecast"][0]["year"] == d["now"]["year"] + 1
    lo, hi = MEASURES["agreement"][1]
    for r in d["forecast"]:
        assert lo <= r["lo95"] <= r["lo80"] <= r["mean"] <= r["hi80"] <= r["hi95"] <= hi
        assert 0 <= r["p_rise"] <= 1
    assert d["p_rise"] == d["forecast"][-1]["p_rise"]
    assert "Probability that China–Russia" in d["statement"]
    assert len(d["comparators"]) == 2
    assert d["model"] == backtest_alignment(store, measure="agreement").best
    assert d["skill"]["sentence"].startswith("In a rolling-origin backtest")


def test_refusals(store):
    with pytest.raises(InputError, match="at least 10"):
        # East Germany (UN member 1973-1990) and Brunei (from 1984): fixed in the past
        forecast_pair(store, "East Germany", "Brunei")
    with pytest.raises(InputError, match="beyond 10 years"):
        forecast_pair(store, "China", "Russia", horizon=11)
    assert len(forecast_pair(store, "China", "Russia", horizon=11, force=True).forecast) == 11
    with pytest.raises(InputError, match="same state"):
        forecast_pair(store, "China", "PRC")
    gaps: list[str] = []
    assert where_it_is_going(store, "East Germany", "Brunei", gaps=gaps) is None
    assert gaps and "at least 10" in gaps[0]


def test_where_it_is_going_for_why(store):
    d = where_it_is_going(store, "China", "Russia", vs="USA")
    assert d is not None and d["measure"] == "kappa"
    assert {"history", "forecast", "p_rise", "statement", "skill", "model"} <= set(d)
    assert d["history"] and d["skill"]["sentence"]


def test_landscape_2019_and_what_if(store):
    ans = landscape_for_year(store, 2019)
    r = ans.result
    assert r.exact and len(r.actors) == 20 and r.n_configurations == 2**19
    assert sum(m.basin for m in r.local_minima) == 2**19
    g = r.global_minimum
    assert 2 in g.camp_a + g.camp_b and 710 in g.camp_a + g.camp_b
    # what-if: make China and Russia bitter enemies; they cannot stay together
    w = landscape_for_year(store, 2019, set_pairs=["CHN-RUS=-5"])
    ng = w.scenario["result"].global_minimum
    assert (710 in ng.camp_a) != (365 in ng.camp_a)
    assert w.scenario["switches"]
    json.dumps(w.to_dict())
    d = landscape_for_year(store, 2019, drop=["China"], sizes=["USA=0.5"])
    assert 710 not in d.scenario["result"].actors


def test_parse_scenario_names_with_hyphens(store):
    sc = parse_scenario(["GNB-SEN=0.3", "CHN-RUS-=0.1"])
    assert sc["set_propensity"] == {(404, 433): 0.3}
    assert sc["add_propensity"] == {(710, 365): -0.1}
    with pytest.raises(InputError, match="A-B"):
        parse_scenario(["CHN=0.3"])
    # a name with a hyphen: only the split Guinea-Bissau | Senegal names two states
    # ("Guinea" alone is ambiguous, "Bissau-Senegal" is no state)
    both = parse_scenario(["Guinea-Bissau-Senegal=0.3"])["set_propensity"]
    assert both == {(404, 433): 0.3}


def test_cold_war_landscape_beats_the_majority_guess(store):
    # the historical test of docs/forecast.md on a few years: USA's camp is fixed as NATO
    df = landscape_vs_alliances(store, years=[1960, 1975, 1985])
    assert len(df) == 3 and (df["n_scored"] >= 10).all()
    assert (df["accuracy"] > df["majority"]).all()
