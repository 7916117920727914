"""Forecast models: known answers, statsmodels as the reference filter, calibration, backtest."""

from __future__ import annotations

import warnings

import numpy as np
import pandas as pd
import pytest

from multipolar.errors import InputError
from multipolar.measures.forecast import (
    DyadMean,
    LocalLevel,
    LocalLinearTrend,
    NoChange,
    PooledDirect,
    PooledShrink,
    backtest,
    backtest_summary,
    llt_loglik,
    series_scale,
)


def test_noiseless_line_is_continued_exactly():
    # y_t = a + b t has zero disturbances: the Kalman filter of the local linear trend has
    # zero innovations after the two diffuse ones, the likelihood prefers zero variances and
    # the forecast is the line itself, with intervals of (almost) zero width.
    t = np.arange(25.0)
    y = 0.3 + 0.004 * t
    y[7] = np.nan  # a missing year changes nothing
    fc = LocalLinearTrend(horizon=4).fit(y).forecast()
    expected = 0.3 + 0.004 * np.arange(25, 29)
    np.testing.assert_allclose(fc.mean[0], expected, atol=1e-9)
    assert np.all(fc.hi95[0] - fc.lo95[0] < 1e-4)
    assert np.all(fc.p_rise[0] == 1.0)  # a rising line rises


def test_local_level_is_flat_and_constant_series_stay():
    y = np.full((1, 20), 0.6)
    fc = LocalLevel(horizon=3).fit(y).forecast()
    np.testing.assert_allclose(fc.mean, 0.6, atol=1e-12)
    # a random walk plus noise forecasts flat at the filtered level
    rng = np.random.default_rng(1)
    walk = 0.5 + np.cumsum(rng.normal(0, 0.02, 40)) + rng.normal(0, 0.03, 40)
    f2 = LocalLevel(horizon=5).fit(walk).forecast()
    assert np.ptp(f2.mean) < 1e-12


def test_loglik_matches_statsmodels_at_given_variances():
    # the reference: statsmodels' Kalman filter for the same model, initialisation and burn
    sm = pytest.importorskip("statsmodels.api")
    rng = np.random.default_rng(3)
    y = 0.5 + np.cumsum(rng.normal(0, 0.02, 40)) + rng.normal(0, 0.05, 40)
    y[10] = np.nan
    for params in ([0.0025, 0.0004, 1e-5], [0.01, 0.0, 0.0], [0.001, 0.002, 0.0001]):
        mod = sm.tsa.UnobservedComponents(y, "local linear trend", loglikelihood_burn=2)
        mod.ssm.initialize_approximate_diffuse(1e6 * params[0])
        assert llt_loglik(y, *params) == pytest.approx(mod.loglike(np.array(params)), abs=1e-4)


def test_llt_mle_is_at_least_as_likely_as_statsmodels_fit():
    sm = pytest.importorskip("statsmodels.api")
    rng = np.random.default_rng(5)
    worse = 0
    for _ in range(5):
        y = 0.4 + np.cumsum(rng.normal(0, 0.01, 45)) + rng.normal(0, 0.04, 45)
        ours = LocalLinearTrend().fit(y)
        s2 = float(ours.sigma2_[0])
        ll_ours = llt_loglik(y, s2, s2 * ours.q_level_[0], s2 * ours.q_slope_[0])
        mod = sm.tsa.UnobservedComponents(y, "local linear trend", loglikelihood_burn=2)
        mod.ssm.initialize_approximate_diffuse(1e6 * s2)
        with warnings.catch_warnings():  # statsmodels' optimiser may stop early: its problem
            warnings.simplefilter("ignore")
            p = mod.fit(disp=False).params
        ll_sm = llt_loglik(y, max(p[0], 1e-12), p[1], p[2])  # the same likelihood definition
        worse += ll_ours < ll_sm - 0.05  # the grid may lose a little to a continuous optimum
    assert worse <= 1


def test_naive_and_mean_rules():
    y = np.array([[0.1, 0.3, 0.2, 0.6, 0.4, 0.2, 0.5, 0.3, 0.7, 0.5, 0.6, 0.4]] * 3)
    nc = NoChange(horizon=2).fit(y).forecast()
    np.testing.assert_allclose(nc.mean, 0.4)
    dm = DyadMean(horizon=2).fit(y).forecast()
    np.testing.assert_allclose(dm.mean, np.nanmean(y[0]))
    for fc in (nc, dm):  # intervals are nested around the forecast
        assert np.all(fc.lo95 <= fc.lo80) and np.all(fc.lo80 <= fc.hi80)
        assert np.all(fc.hi80 <= fc.hi95)


def test_pooled_models_learn_mean_reversion():
    # AR(1) around dyad-specific levels: y_{t+1} - mu = 0.5 (y_t - mu) + e. The pooled
    # shrinkage weight toward the recent mean must be clearly positive, and the pooled
    # regression must put weight on the long-run mean.
    rng = np.random.default_rng(0)
    m, T = 200, 40
    mu = rng.uniform(0.2, 0.8, m)
    y = np.empty((m, T))
    y[:, 0] = mu
    for t in range(1, T):
        y[:, t] = mu + 0.5 * (y[:, t - 1] - mu) + rng.normal(0, 0.05, m)
    sh = PooledShrink(horizon=1).fit(y)
    assert 0.2 < sh.coef_[0, 2] < 1.0
    pd_ = PooledDirect(horizon=1).fit(y)
    assert pd_.coef_[0, 3] > 0.2 and abs(pd_.coef_[0, 1] - 0.5) < 0.15


def test_empirical_intervals_are_calibrated_on_fresh_data():
    # training and test series from the same random walk + noise: 80 % / 95 % intervals
    # must cover close to 80 % / 95 % of new outcomes (3,000 test series: +-2 points)
    rng = np.random.default_rng(7)

    def panel(m):
        return np.cumsum(rng.normal(0, 0.03, (m, 31)), axis=1) + rng.normal(0, 0.03, (m, 31))

    train = panel(3000)
    test = panel(3000)
    model = NoChange(horizon=1).fit(train[:, :30])
    model._y = test[:, :30]  # forecast new series with the learnt error quantiles
    fc = model.forecast(1)
    truth = test[:, 30]
    cov80 = np.mean((truth >= fc.lo80[:, 0]) & (truth <= fc.hi80[:, 0]))
    cov95 = np.mean((truth >= fc.lo95[:, 0]) & (truth <= fc.hi95[:, 0]))
    assert abs(cov80 - 0.80) < 0.02 and abs(cov95 - 0.95) < 0.015


def test_series_scale_and_bounds():
    assert series_scale(np.array([0.0, 1.0, 3.0]))[0, -1] == 1.5
    y = np.linspace(0.5, 0.99, 20)
    fc = LocalLinearTrend(horizon=5, bounds=(0.0, 1.0)).fit(y).forecast()
    assert fc.mean.max() <= 1.0 and fc.hi95.max() <= 1.0


def test_backtest_and_summary_by_hand():
    # a hand-made results table: no change errs by 0.1 on both targets, the model by 0.05
    res = pd.DataFrame(
        {
            "model": ["no_change"] * 2 + ["dyad_mean"] * 2 + ["pooled"] * 2,
            "origin": [2000, 2000] * 3,
            "series": [0, 1] * 3,
            "h": [1, 1] * 3,
            "y_origin": [0.5, 0.5] * 3,
            "y_true": [0.6, 0.4] * 3,
            "y_hat": [0.5, 0.5, 0.3, 0.3, 0.55, 0.45],
            "lo80": [0.0] * 6,
            "hi80": [1.0] * 6,
            "lo95": [0.0] * 6,
            "hi95": [1.0] * 6,
            "p_rise": [0.5] * 6,
            "scale": [0.1, 0.2] * 3,
        }
    )
    s = backtest_summary(res).set_index("model")
    # MASE: no change (0.1/0.1 + 0.1/0.2)/2 = 0.75; dyad mean (0.3/0.1 + 0.1/0.2)/2 = 1.75;
    # pooled (0.05/0.1 + 0.05/0.2)/2 = 0.375
    assert s.loc["no_change", "mase"] == pytest.approx(0.75)
    assert s.loc["dyad_mean", "mase"] == pytest.approx(1.75)
    assert s.loc["pooled", "vs_no_change"] == pytest.approx(0.5)
    assert s.loc["pooled", "vs_dyad_mean"] == pytest.approx(0.375 / 1.75)
    assert s.loc["pooled", "brier"] == pytest.approx(0.25)
    assert s.loc["pooled", "coverage95"] == 1.0


def test_backtest_rolls_origins_without_peeking():
    rng = np.random.default_rng(2)
    y = np.cumsum(rng.normal(0, 0.05, (30, 40)), axis=1)
    years = list(range(1950, 1990))
    out = backtest(y, years, origins=[1970, 1980], horizon=3, models=["no_change"])
    assert set(out["origin"]) == {1970, 1980} and set(out["h"]) == {1, 2, 3}
    row = out[(out["origin"] == 1970) & (out["h"] == 2)].iloc[0]
    k = int(row["series"])
    assert row["y_hat"] == pytest.approx(y[k, 20]) and row["y_true"] == pytest.approx(y[k, 22])
    # a later value changes no forecast made before it
    y2 = y.copy()
    y2[:, 25:] += 5.0
    out2 = backtest(y2, years, origins=[1970], horizon=3, models=["pooled"])
    out1 = backtest(y, years, origins=[1970], horizon=3, models=["pooled"])
    np.testing.assert_allclose(out1["y_hat"], out2["y_hat"])
    with pytest.raises(InputError, match="consecutive"):
        backtest(y, years[::-1], origins=[1970])
    with pytest.raises(InputError, match="no series"):
        backtest(y[:, :12], years[:12], origins=[1955], min_years=10)
