"""IdealPoints on votes simulated from the model: recovery, intervals, determinism, errors.

Known answers come from the simulation itself: the votes are drawn from the cumulative
logit with known ideal points (``simulate_votes``), so a correct estimator must recover
them up to the reported standardisation (mean 0, sd 1 over state-years, state 2 positive).
"""

from __future__ import annotations

import warnings

import numpy as np
import pandas as pd
import pytest

from multipolar.errors import ConvergenceWarning, InputError, MeasureError
from multipolar.measures.idealpoints import IdealPoints, ideal_points, simulate_votes


@pytest.fixture(scope="module")
def sim() -> tuple[pd.DataFrame, pd.DataFrame, pd.DataFrame]:
    # 80 states x 40 roll calls x 15 years, 30% recurring texts: 48,000 votes
    return simulate_votes(n_states=80, n_years=15, n_rollcalls=40, seed=1)


@pytest.fixture(scope="module")
def fitted(sim) -> tuple[IdealPoints, pd.DataFrame]:
    votes, rollcalls, truth = sim
    est = IdealPoints(seed=0).fit(votes, rollcalls)
    merged = est.ideal_.merge(truth, on=["ccode", "year"], validate="one_to_one")
    t = merged["theta"]
    std = (t - t.mean()) / t.std(ddof=0)
    if merged.loc[merged["ccode"] == 2, "theta"].mean() < t.mean():
        std = -std
    merged["truth"] = std
    return est, merged


def test_recovers_simulated_ideal_points(fitted):
    est, m = fitted
    assert est.converged_
    assert len(m) == 80 * 15
    assert np.corrcoef(m["ideal"], m["truth"])[0, 1] >= 0.95


def test_intervals_cover_near_nominal(fitted):
    _, m = fitted
    covered = ((m["lo"] <= m["truth"]) & (m["truth"] <= m["hi"])).mean()
    # nominal 0.95; the Laplace intervals hold the items fixed, so a little under is expected
    assert 0.88 <= covered <= 0.99
    z = (m["ideal"] - m["truth"]) / m["se"]
    assert 0.85 <= z.std() <= 1.25


def test_reported_scale_is_standardised_and_anchored(fitted):
    est, _ = fitted
    ideal = est.ideal_["ideal"]
    assert abs(ideal.mean()) < 1e-9
    assert ideal.std(ddof=0) == pytest.approx(1.0)
    assert est.ideal_.loc[est.ideal_["ccode"] == 2, "ideal"].mean() > 0
    assert ((est.ideal_["lo"] < ideal) & (ideal < est.ideal_["hi"])).all()


def test_items_reproduce_the_linear_predictor(fitted, sim):
    est, _ = fitted
    items = est.items_
    assert {"rcid", "year", "item", "discrimination", "cut1", "cut2"} <= set(items.columns)
    assert (items["cut2"] > items["cut1"]).all()
    # recurring texts share one item: fewer items than roll calls
    assert est.n_items_ < est.n_rollcalls_ == items["rcid"].nunique()
    shared = items.groupby("item")["discrimination"].nunique()
    assert (shared == 1).all()


def test_bridging_off_gives_one_item_per_rollcall(sim):
    votes, rollcalls, _ = sim
    small = votes[votes["year"] < 1983]
    est = IdealPoints(bridge=False).fit(small, rollcalls)
    assert est.n_items_ == est.n_rollcalls_


def test_deterministic_for_a_seed(sim):
    votes, rollcalls, _ = sim
    small = votes[votes["year"] < 1985]
    a = IdealPoints(seed=3).fit(small, rollcalls).ideal_
    b = IdealPoints(seed=3).fit(small, rollcalls).ideal_
    pd.testing.assert_frame_equal(a, b)
    # another seed only changes the starting jitter: same optimum within tolerance
    c = IdealPoints(seed=4).fit(small, rollcalls).ideal_
    assert np.max(np.abs(a["ideal"] - c["ideal"])) < 0.02


def test_non_convergence_warns(sim):
    votes, rollcalls, _ = sim
    with pytest.warns(ConvergenceWarning, match="max_iter=1"):
        est = IdealPoints(max_iter=1).fit(votes, rollcalls)
    assert not est.converged_ and est.n_iter_ == 1


def test_convergence_does_not_warn(sim):
    votes, rollcalls, _ = sim
    with warnings.catch_warnings():
        warnings.simplefilter("error", ConvergenceWarning)
        IdealPoints().fit(votes[votes["year"] < 1984], rollcalls)


def test_unanimous_rollcalls_are_dropped():
    votes = pd.DataFrame(
        {
            "rcid": [1, 1, 1, 2, 2, 2, 3, 3, 3],
            "year": [2000] * 9,
            "ccode": [2, 20, 365] * 3,
            "vote": [3, 3, 1, 1, 2, 3, 1, 1, 1],
        }
    )
    est = IdealPoints().fit(votes, pd.DataFrame({"rcid": [1, 2, 3]}))
    assert est.n_rollcalls_ == 2
    assert set(est.items_["rcid"]) == {1, 2}


def test_without_rollcalls_nothing_is_bridged(sim):
    votes, _, _ = sim
    small = votes[votes["year"] < 1983]
    est = IdealPoints().fit(small)
    assert est.n_items_ == est.n_rollcalls_ == small["rcid"].nunique()


def test_only_listed_rollcalls_are_used(sim):
    votes, rollcalls, _ = sim
    est = IdealPoints().fit(votes, rollcalls[rollcalls["year"] == 1980])
    assert set(est.ideal_["year"]) == {1980}


@pytest.mark.parametrize(
    "settings",
    [{"n_dims": 2}, {"walk_scale": 0}, {"prior_scale": -1}, {"level": 1.0}, {"max_iter": 0}],
)
def test_bad_settings_raise(sim, settings):
    votes, rollcalls, _ = sim
    with pytest.raises(InputError):
        IdealPoints(**settings).fit(votes, rollcalls)


def test_bad_inputs_raise(sim):
    votes, rollcalls, _ = sim
    with pytest.raises(InputError, match="lacks columns"):
        IdealPoints().fit(votes.drop(columns="vote"), rollcalls)
    with pytest.raises(MeasureError, match="no contested"):
        IdealPoints().fit(votes.assign(vote=1), rollcalls)
    with pytest.raises(InputError, match="unknown issue"):
        ideal_points(votes, rollcalls, issue="xx")
    with pytest.raises(InputError, match="wrong order"):
        ideal_points(votes, rollcalls, years=(1990, 1980))
