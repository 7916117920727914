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
from multipolar.measures.idealpoints import (
    IdealPoints,
    heldout_loglik,
    ideal_points,
    simulate_votes,
)


@pytest.fixture(scope="module")
def sim() -> tuple[pd.DataFrame, pd.DataFrame, pd.DataFrame]:
    # 80 states x 40 roll calls x 15 years, 30% recurring texts: 48,000 votes
    return simulate_votes(n_states=80, n_years=15, n_rollcalls=40, seed=1)


@pytest.fixture(scope="module")
def fitted(sim) -> tuple[IdealPoints, pd.DataFrame]:
    votes, rollcalls, truth = sim
    est = IdealPoints(seed=0, walk_scale=0.3).fit(votes, rollcalls)  # the simulated walk
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


# --- the prior on every state-year ------------------------------------------------------------
def _problem(sim):
    from multipolar.measures import idealpoints as ip

    votes, rollcalls, _ = sim
    small = votes[votes["year"] < 1984]
    return ip._prepare(small, rollcalls, bridge=True, walk_scale=0.2)


def test_prior_has_a_term_for_every_state_year(sim):
    # hand computation for one chain of three years with gaps 1 and 2 (plus the other chains)
    from multipolar.measures import _irt

    pb = _problem(sim).problem
    pr = _irt.Priors(theta0=2.0, walk=0.5, a=2.0, c=5.0, d_mean=0.0, d_sd=1.5)
    theta = np.zeros(pb.n_sy)
    theta[:3] = [1.0, -1.0, 0.5]
    prec = np.zeros(pb.n_sy - 1)
    prec[:2] = [1 / 0.25, 1 / (0.25 * 2)]
    chain = _irt.Problem(**{**pb.__dict__, "link_prec": prec})
    expected = -0.5 * (1 + 1 + 0.25) / 4 - 0.5 * (4 * 4 + 2 * 1.5**2)
    assert _irt.theta_prior(chain, theta, pr).sum() == pytest.approx(expected)


def test_laplace_variance_is_the_diagonal_of_the_inverse_precision(sim):
    # the banded elimination of theta_variance against a dense inverse of the same matrix
    from multipolar.measures import _irt

    pb = _problem(sim).problem
    rng = np.random.default_rng(0)
    p = _irt.Params(
        theta=rng.normal(size=pb.n_sy),
        a=rng.normal(size=pb.n_items),
        c1=rng.normal(-1, 1, size=pb.n_items),
        d=np.zeros(pb.n_items),
    )
    pr = _irt.Priors(theta0=1.0, walk=0.2, a=2.0, c=5.0, d_mean=0.0, d_sd=1.5)
    _, _, h11, h12, h22 = _irt._derivs(pb, p)
    a = p.a[pb.j]
    hess = np.bincount(pb.s, weights=a * a * (h11 + 2 * h12 + h22), minlength=pb.n_sy)
    diag, off = _irt._theta_precision(pb, p, pr, hess)
    dense = np.diag(diag) + np.diag(off, 1) + np.diag(off, -1)
    assert np.allclose(_irt.theta_variance(pb, p, pr), np.diag(np.linalg.inv(dense)))


def test_fit_is_a_stationary_point_of_the_log_posterior(sim):
    # at the MAP the derivative of the log posterior (likelihood + every prior) in each
    # ideal point is zero; a Newton step whose gradient left out a prior term would stop
    # elsewhere. Central differences of the objective on 30 state-years.
    from multipolar.measures import _irt

    data = _problem(sim)
    pb = data.problem
    pr = _irt.Priors(theta0=1.0, walk=0.2, a=2.0, c=5.0, d_mean=0.0, d_sd=1.5)
    start = IdealPoints(walk_scale=0.2)._start(pb, data)
    p, _, converged = _irt.fit_map(
        pb, start, pr, tol=1e-9, max_iter=5000, change=lambda a, b: float(np.abs(a - b).max())
    )
    assert converged
    h = 1e-4
    for k in np.random.default_rng(1).choice(pb.n_sy, 30, replace=False):
        up, down = p.copy(), p.copy()
        up.theta[k] += h
        down.theta[k] -= h
        slope = (_irt.objective(pb, up, pr) - _irt.objective(pb, down, pr)) / (2 * h)
        assert abs(slope) < 1e-3


# --- prediction and the walk-scale criterion ---------------------------------------------------
def test_predict_proba_sums_to_one_and_scores_like_the_objective(fitted, sim):
    est, _ = fitted
    votes, _, _ = sim
    proba = est.predict_proba(votes.head(500))
    assert list(proba.columns) == ["yes", "abstain", "no"]
    assert np.allclose(proba.sum(axis=1), 1.0) and (proba.to_numpy() > 0).all()
    # mean log-likelihood of the training votes, by hand from the probabilities
    pick = proba.to_numpy()[np.arange(500), votes.head(500)["vote"].to_numpy() - 1]
    assert est.score(votes.head(500)) == pytest.approx(np.log(pick).mean())
    unknown = pd.DataFrame({"rcid": [10**9], "ccode": [2], "year": [1980], "vote": [1]})
    assert est.predict_proba(unknown).isna().all(axis=None)
    with pytest.raises(MeasureError, match="none of the votes"):
        est.score(unknown)
    with pytest.raises(MeasureError, match="not fitted"):
        IdealPoints().predict_proba(unknown)


def test_heldout_criterion_prefers_the_walk_that_generated_the_data():
    # votes drawn with a one-year move of sd 0.3: a walk 30 times stiffer or 10 times looser
    # predicts the held-out votes worse
    votes, rollcalls, _ = simulate_votes(
        n_states=60, n_years=12, n_rollcalls=40, walk_scale=0.3, seed=5
    )
    table = heldout_loglik(votes, rollcalls, walk_scales=(0.01, 0.3, 3.0), seed=0)
    ll = table.set_index("walk_scale")["loglik"]
    assert ll[0.3] > ll[0.01] and ll[0.3] > ll[3.0]
    assert (table["n_scored"] > 0.95 * table["n_heldout"]).all()
    with pytest.raises(InputError, match="holdout"):
        heldout_loglik(votes, rollcalls, holdout=1.5)


def test_rollcall_set_is_applied():
    votes = pd.DataFrame(
        {
            "rcid": [1, 1, 1, 2, 2, 2, 3, 3, 3],
            "year": [2005] * 9,
            "ccode": [2, 200, 365] * 3,
            "vote": [3, 3, 1, 3, 2, 1, 1, 3, 3],
        }
    )
    rollcalls = pd.DataFrame({"rcid": [1, 2, 3], "session": [60] * 3, "para": [0, 0, 1]})
    assert IdealPoints(rollcalls="all").fit(votes, rollcalls).n_rollcalls_ == 3
    assert IdealPoints(rollcalls="bsv").fit(votes, rollcalls).n_rollcalls_ == 2
    # without a session column the votes' year stands in
    assert IdealPoints().fit(votes, rollcalls.drop(columns="session")).n_rollcalls_ == 2
    with pytest.raises(InputError, match="unknown roll-call set"):
        IdealPoints(rollcalls="some").fit(votes, rollcalls)
    assert "rollcalls" in IdealPoints().get_params()
    # the set name travels through ideal_points as a setting
    assert len(ideal_points(votes, rollcalls, rollcalls="all")) == 3
