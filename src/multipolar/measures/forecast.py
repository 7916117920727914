r"""Forecasting yearly alignment series, with prediction intervals, and backtesting them.

The input is a *panel*: a float array ``Y`` of shape (series, years), one row per dyad, one
column per consecutive calendar year, NaN where a year has no value (1964 had no recorded UN
votes; a state outside the UN). The last column is the forecast *origin*. Every model maps
a panel to point forecasts and 80 % / 95 % prediction intervals for horizons
:math:`h = 1..H` years after the origin, and to :math:`P(y_{T+h} > y_T)`, the probability
that the value ``h`` years on exceeds the value now. All are estimators in the
scikit-learn style (settings in ``__init__``, ``fit`` returns ``self``, learned values end
in ``_``); :func:`backtest` and :func:`backtest_summary` evaluate them by rolling origins.

Models
------
``no_change`` (naive)
    :math:`\hat y_{T+h} = y_T`.
``dyad_mean``
    :math:`\hat y_{T+h} = \bar y_{\le T}`, the series' own mean.
``pooled`` (direct pooled regression)
    For each horizon, one least-squares regression over all series and years of the panel
    up to the origin: :math:`y_{t+h} = \beta_{0h} + \beta_{1h} y_t + \beta_{2h} m^{(5)}_t +
    \beta_{3h} \bar y_{\le t} + e`, with :math:`m^{(5)}_t` the mean of the last five years
    (those observed) and :math:`\bar y_{\le t}` the series' mean so far; rows need
    ``min_history`` observed years up to :math:`t`. Mean reversion, momentum and the
    series' long-run level are learnt from the whole panel ("direct" multi-step
    forecasting: one equation per horizon, no iteration).
``pooled_shrink``
    :math:`\hat y_{T+h} = y_T + \beta_h (m^{(5)}_T - y_T)`: the last value pulled toward
    the five-year mean by one weight per horizon, learnt by least squares over the panel.
``local_level``
    Random walk plus noise, :math:`y_t = \mu_t + \varepsilon_t`,
    :math:`\mu_{t+1} = \mu_t + \eta_t`, per series by maximum likelihood (simple
    exponential smoothing with the weight the likelihood chooses); flat forecasts.
``local_linear_trend``
    The structural time-series model :math:`y_t = \mu_t + \varepsilon_t`,
    :math:`\mu_{t+1} = \mu_t + \nu_t + \eta_t`, :math:`\nu_{t+1} = \nu_t + \zeta_t` with
    Gaussian disturbances (Harvey 1989), fitted to each series on its own by maximum
    likelihood (Kalman filter, approximate diffuse start with the first two innovations
    left out of the likelihood, as in statsmodels; the irregular variance concentrated out
    and the two variance ratios profiled on a log grid, refined three times). Intervals of
    the two state-space models are the Gaussian predictive ones.

Intervals of the first four models are *empirical*: the forecast errors the same rule
made inside the training panel, divided by each series' scale :math:`s_{i,t}` (its mean
absolute year-on-year change up to :math:`t`, the MASE scale), give quantiles per horizon;
an interval is :math:`\hat y \pm` those quantiles times the series' scale. The probability
of a rise is the share of those scaled errors that would put :math:`y_{T+h}` above
:math:`y_T`. Forecasts and interval ends are clipped to the measure's range (``bounds``).

Accuracy (:func:`backtest_summary`): the mean absolute scaled error of Hyndman & Koehler
(2006), :math:`q = |y_{T+h} - \hat y_{T+h}| / s_{i,T}`, averaged over series and origins;
its ratio to the no-change and the dyad-mean forecasts' MASE on the same targets (below 1:
better); the empirical coverage of the 80 % and 95 % intervals; the Brier score of the
rise probability (0.25 for an uninformed 0.5).

References
----------
Harvey, A. C. (1989). *Forecasting, Structural Time Series Models and the Kalman Filter*.
Cambridge University Press. doi:10.1017/CBO9781107049994

Durbin, J. & Koopman, S. J. (2012). *Time Series Analysis by State Space Methods*, 2nd ed.
Oxford University Press. doi:10.1093/acprof:oso/9780199641178.001.0001

Hyndman, R. J. & Koehler, A. B. (2006). Another look at measures of forecast accuracy.
*International Journal of Forecasting* 22(4): 679-688. doi:10.1016/j.ijforecast.2006.03.001

Tashman, L. J. (2000). Out-of-sample tests of forecasting accuracy: an analysis and review.
*International Journal of Forecasting* 16(4): 437-450. doi:10.1016/S0169-2070(00)00065-0

Example
-------
A noiseless line is continued exactly by the local linear trend:

>>> import numpy as np
>>> y = 0.2 + 0.01 * np.arange(30.0)
>>> fc = LocalLinearTrend().fit(y[None, :]).forecast(3)
>>> np.round(fc.mean[0], 6).tolist()
[0.5, 0.51, 0.52]
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from math import erf, sqrt
from typing import Any

import numpy as np
import pandas as pd

from multipolar.errors import InputError

__all__ = [
    "MODELS",
    "DyadMean",
    "LocalLinearTrend",
    "NoChange",
    "PanelForecast",
    "PooledDirect",
    "backtest",
    "backtest_summary",
    "make_model",
    "series_scale",
]

_QUANTILES = (0.025, 0.10, 0.90, 0.975)
_KAPPA = 1e6  # approximate diffuse initial variance (in units of the irregular variance)
_BURN = 2


@dataclass(frozen=True)
class PanelForecast:
    """Forecasts for every series (rows) and horizon 1..H (columns)."""

    mean: np.ndarray
    lo80: np.ndarray
    hi80: np.ndarray
    lo95: np.ndarray
    hi95: np.ndarray
    p_rise: np.ndarray  # P(y_{T+h} > y_T)
    origin_value: np.ndarray  # y_T (NaN where the origin year is missing)

    def row(self, i: int) -> dict[str, list[float]]:
        return {
            k: getattr(self, k)[i].tolist()
            for k in ("mean", "lo80", "hi80", "lo95", "hi95", "p_rise")
        }


# --- helpers on panels -------------------------------------------------------------------
def _check(y: np.ndarray) -> np.ndarray:
    y = np.asarray(y, dtype=float)
    if y.ndim == 1:
        y = y[None, :]
    if y.ndim != 2 or y.shape[1] < 2:
        raise InputError("a panel is a 2-D array (series, years) with at least two years")
    if np.isinf(y).any():
        raise InputError("panel values must be finite or NaN")
    return y


def _cum_mean(y: np.ndarray) -> np.ndarray:
    """Mean of the observed values up to and including each year (NaN before the first)."""
    obs = ~np.isnan(y)
    s = np.cumsum(np.where(obs, y, 0.0), axis=1)
    c = np.cumsum(obs, axis=1)
    with np.errstate(invalid="ignore", divide="ignore"):
        return np.where(c > 0, s / c, np.nan)


def _window_mean(y: np.ndarray, k: int) -> np.ndarray:
    """Mean of the observed values among the last ``k`` years up to each year."""
    obs = ~np.isnan(y)
    s = np.cumsum(np.where(obs, y, 0.0), axis=1)
    c = np.cumsum(obs, axis=1).astype(float)
    s_lag = np.zeros_like(s)
    c_lag = np.zeros_like(c)
    s_lag[:, k:] = s[:, :-k]
    c_lag[:, k:] = c[:, :-k]
    n = c - c_lag
    with np.errstate(invalid="ignore", divide="ignore"):
        return np.where(n > 0, (s - s_lag) / n, np.nan)


def series_scale(y: np.ndarray) -> np.ndarray:
    r"""MASE scale :math:`s_{i,t}`: mean absolute change between consecutive observed years up to t.

    Pairs of years with a gap between them are skipped. NaN until two consecutive years exist.

    >>> series_scale(np.array([[0.0, 1.0, 3.0, np.nan, 4.0]])).tolist()
    [[nan, 1.0, 1.5, 1.5, 1.5]]
    """
    y = _check(y)
    d = np.abs(np.diff(y, axis=1))
    ok = ~np.isnan(d)
    s = np.cumsum(np.where(ok, d, 0.0), axis=1)
    c = np.cumsum(ok, axis=1)
    with np.errstate(invalid="ignore", divide="ignore"):
        out = np.where(c > 0, s / c, np.nan)
    return np.concatenate([np.full((y.shape[0], 1), np.nan), out], axis=1)


def _last_observed(y: np.ndarray) -> np.ndarray:
    """Value of the last column (NaN where missing)."""
    return y[:, -1].copy()


def _norm_cdf(z: np.ndarray) -> np.ndarray:
    return 0.5 * (1.0 + np.vectorize(erf)(z / sqrt(2.0)))


def _clip(x: np.ndarray, bounds: tuple[float, float] | None) -> np.ndarray:
    if bounds is None:
        return x
    return np.clip(x, bounds[0], bounds[1])


# --- direct models with empirical intervals ----------------------------------------------
class _Direct:
    """Shared machinery: features per (series, year), one rule per horizon, scaled errors."""

    name = "direct"

    def __init__(
        self,
        *,
        horizon: int = 5,
        min_history: int = 5,
        bounds: tuple[float, float] | None = None,
        max_errors: int = 4000,
    ) -> None:
        self.horizon = horizon
        self.min_history = min_history
        self.bounds = bounds
        self.max_errors = max_errors

    def get_params(self) -> dict[str, Any]:
        return {
            "horizon": self.horizon,
            "min_history": self.min_history,
            "bounds": self.bounds,
            "max_errors": self.max_errors,
        }

    # features: columns [1, y_t, mean of last 5, mean so far]
    @staticmethod
    def _features(y: np.ndarray) -> np.ndarray:
        return np.stack([np.ones_like(y), y, _window_mean(y, 5), _cum_mean(y)], axis=-1)

    def _coef(self, x: np.ndarray, target: np.ndarray) -> np.ndarray:  # pragma: no cover
        raise NotImplementedError

    def fit(self, y: np.ndarray) -> _Direct:
        """Learn the rule of each horizon and its scaled errors from the panel ``y``."""
        y = _check(y)
        if self.horizon < 1:
            raise InputError("horizon must be at least 1 year")
        feats = self._features(y)
        scale = series_scale(y)
        nobs = np.cumsum(~np.isnan(y), axis=1)
        self.coef_ = np.zeros((self.horizon, feats.shape[-1]))
        self.errors_: list[np.ndarray] = []
        self.n_train_ = np.zeros(self.horizon, dtype=int)
        for h in range(1, self.horizon + 1):
            x = feats[:, :-h].reshape(-1, feats.shape[-1])
            t = y[:, h:].reshape(-1)
            s = scale[:, :-h].reshape(-1)
            ok = (
                ~np.isnan(t)
                & ~np.isnan(x).any(axis=1)
                & (nobs[:, :-h].reshape(-1) >= self.min_history)
                & (s > 0)
            )
            self.n_train_[h - 1] = int(ok.sum())
            if ok.sum() < 10:
                self.coef_[h - 1] = self._fallback()
                self.errors_.append(np.zeros(1))
                continue
            beta = self._coef(x[ok], t[ok])
            self.coef_[h - 1] = beta
            err = (t[ok] - x[ok] @ beta) / s[ok]
            if len(err) > self.max_errors:  # evenly spaced order statistics keep the shape
                err = np.sort(err)[np.linspace(0, len(err) - 1, self.max_errors).astype(int)]
            self.errors_.append(np.sort(err))
        self.quantiles_ = np.array([np.quantile(e, _QUANTILES) for e in self.errors_])
        self._y = y
        return self

    def _fallback(self) -> np.ndarray:
        return np.array([0.0, 1.0, 0.0, 0.0])

    def forecast(self, horizon: int | None = None) -> PanelForecast:
        """Forecasts from the last year of the fitted panel, horizons 1..horizon."""
        H = self.horizon if horizon is None else horizon
        if self.horizon < H:
            raise InputError(f"fitted for {self.horizon} horizons, asked {H}")
        y = self._y
        x = self._features(y)[:, -1, :]
        s = series_scale(y)[:, -1]
        y0 = _last_observed(y)
        mean = x @ self.coef_[:H].T  # (m, H)
        q = self.quantiles_[:H]  # (H, 4)
        band = {
            k: mean + s[:, None] * q[None, :, j]
            for j, k in enumerate(("lo95", "lo80", "hi80", "hi95"))
        }
        p = np.empty_like(mean)
        for h in range(H):
            e = self.errors_[h]
            with np.errstate(invalid="ignore", divide="ignore"):
                thr = (y0 - mean[:, h]) / s
            p[:, h] = 1.0 - np.searchsorted(e, thr, side="right") / len(e)
            p[np.isnan(thr), h] = np.nan
        return PanelForecast(
            mean=_clip(mean, self.bounds),
            lo80=_clip(band["lo80"], self.bounds),
            hi80=_clip(band["hi80"], self.bounds),
            lo95=_clip(band["lo95"], self.bounds),
            hi95=_clip(band["hi95"], self.bounds),
            p_rise=p,
            origin_value=y0,
        )


class NoChange(_Direct):
    """The naive forecast :math:`\\hat y_{T+h} = y_T`, with empirical intervals."""

    name = "no_change"

    def _coef(self, x: np.ndarray, target: np.ndarray) -> np.ndarray:
        return np.array([0.0, 1.0, 0.0, 0.0])


class DyadMean(_Direct):
    """The series' own mean so far, with empirical intervals."""

    name = "dyad_mean"

    def _coef(self, x: np.ndarray, target: np.ndarray) -> np.ndarray:
        return np.array([0.0, 0.0, 0.0, 1.0])

    def _fallback(self) -> np.ndarray:
        return np.array([0.0, 0.0, 0.0, 1.0])


class PooledDirect(_Direct):
    """Pooled direct regression on [1, y_t, 5-year mean, mean so far], one per horizon.

    >>> rng = np.random.default_rng(0)
    >>> level = rng.uniform(0.2, 0.8, size=(60, 1))
    >>> y = level + 0.05 * rng.standard_normal((60, 40))   # noise around fixed levels
    >>> m = PooledDirect(horizon=2).fit(y)
    >>> bool(m.coef_[0, 3] > m.coef_[0, 1])   # the long-run mean matters more than y_T
    True
    """

    name = "pooled"

    def _coef(self, x: np.ndarray, target: np.ndarray) -> np.ndarray:
        beta, *_ = np.linalg.lstsq(x, target, rcond=None)
        return beta


class PooledShrink(_Direct):
    r"""Pooled shrinkage of the last value toward the 5-year mean, one weight per horizon.

    :math:`\hat y_{T+h} = y_T + \beta_h (m^{(5)}_T - y_T)`, :math:`\beta_h` by least
    squares over the panel: a one-parameter compromise between no change (0) and the
    recent mean (1).
    """

    name = "pooled_shrink"

    def _coef(self, x: np.ndarray, target: np.ndarray) -> np.ndarray:
        d = x[:, 2] - x[:, 1]
        denom = float(d @ d)
        beta = float(d @ (target - x[:, 1])) / denom if denom > 0 else 0.0
        return np.array([0.0, 1.0 - beta, beta, 0.0])


# --- local linear trend ------------------------------------------------------------------
class LocalLinearTrend:
    """Local linear trend model per series, profile maximum likelihood on a grid.

    Parameters
    ----------
    horizon
        Largest horizon forecast.
    q_level, q_slope
        Grids of the variance ratios :math:`\\sigma^2_\\eta / \\sigma^2_\\varepsilon` and
        :math:`\\sigma^2_\\zeta / \\sigma^2_\\varepsilon` (0 included); the best cell is
        refined three times on finer grids (a quarter, a tenth, a 25th of a decade).
    bounds
        Range to clip forecasts to.

    Learned: ``q_level_``, ``q_slope_``, ``sigma2_`` (irregular variance) and ``loglik_``
    per series; series with fewer than 3 observed years get NaN forecasts.
    """

    name = "local_linear_trend"
    _slope = True

    def __init__(
        self,
        *,
        horizon: int = 5,
        q_level: Sequence[float] | None = None,
        q_slope: Sequence[float] | None = None,
        bounds: tuple[float, float] | None = None,
        refine: bool = True,
    ) -> None:
        self.horizon = horizon
        self.q_level = q_level
        self.q_slope = q_slope
        self.bounds = bounds
        self.refine = refine

    def get_params(self) -> dict[str, Any]:
        return {
            "horizon": self.horizon,
            "q_level": self.q_level,
            "q_slope": self.q_slope,
            "bounds": self.bounds,
            "refine": self.refine,
        }

    def fit(self, y: np.ndarray) -> LocalLinearTrend:
        y = _check(y)
        ql = (
            np.r_[0.0, np.logspace(-4, 1, 11)]
            if self.q_level is None
            else np.asarray(self.q_level, float)
        )
        qs = (
            np.r_[0.0, np.logspace(-6, -1, 11)]
            if self.q_slope is None
            else np.asarray(self.q_slope, float)
        )
        m = y.shape[0]
        gl, gs = np.meshgrid(ql, qs, indexing="ij")
        gl, gs = gl.ravel(), gs.ravel()
        best_ll, best_l, best_s = self._grid(y, gl, gs, slope=self._slope)
        for width in (0.25, 0.1, 0.04) if self.refine else ():
            # around the best cell (a zero ratio is also tried against a small one)
            steps = 10.0 ** np.array([-width, 0.0, width])
            floor_l, floor_s = ql[ql > 0].min(initial=1e-4), qs[qs > 0].min(initial=1e-6)
            cand_l = np.c_[np.zeros(m), np.where(best_l > 0, best_l, floor_l)[:, None] * steps]
            cand_s = np.c_[np.zeros(m), np.where(best_s > 0, best_s, floor_s)[:, None] * steps]
            if not self._slope:
                cand_s = np.zeros_like(cand_s)
            rl = np.repeat(cand_l, 4, axis=1)  # (m, 16)
            rs = np.tile(cand_s, (1, 4))
            ll2, l2, s2 = self._grid(y, rl, rs, per_series=True, slope=self._slope)
            better = ll2 > best_ll
            best_ll = np.where(better, ll2, best_ll)
            best_l = np.where(better, l2, best_l)
            best_s = np.where(better, s2, best_s)
        self.q_level_, self.q_slope_, self.loglik_ = best_l, best_s, best_ll
        out = _llt_filter(y, np.ones(m), best_l, best_s, slope=self._slope)
        self.sigma2_ = out["sigma2"]
        self._state = (out["a"], out["P"])
        self._y = y
        return self

    @staticmethod
    def _grid(
        y: np.ndarray, ql: np.ndarray, qs: np.ndarray, per_series: bool = False, slope: bool = True
    ) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
        m = y.shape[0]
        if per_series:  # ql, qs: (m, G)
            g = ql.shape[1]
            yy = np.repeat(y, g, axis=0)
            fl, fs = ql.reshape(-1), qs.reshape(-1)
        else:
            g = len(ql)
            yy = np.repeat(y, g, axis=0)
            fl, fs = np.tile(ql, m), np.tile(qs, m)
        out = _llt_filter(yy, np.ones(len(yy)), fl, fs, slope=slope)
        ll = out["loglik_c"].reshape(m, g)
        ll = np.where(np.isnan(ll), -np.inf, ll)
        k = np.argmax(ll, axis=1)
        rows = np.arange(m)
        return ll[rows, k], fl.reshape(m, g)[rows, k], fs.reshape(m, g)[rows, k]

    def forecast(self, horizon: int | None = None) -> PanelForecast:
        H = self.horizon if horizon is None else horizon
        a, P = self._state  # filtered state at the last year: (m, 2), (m, 2, 2)
        m = a.shape[0]
        mean = np.empty((m, H))
        var = np.empty((m, H))
        a_h, P_h = a.copy(), P.copy()
        for h in range(H):
            a_h, P_h = _predict(a_h, P_h, self.q_level_, self.q_slope_)
            mean[:, h] = a_h[:, 0]
            var[:, h] = (P_h[:, 0, 0] + 1.0) * self.sigma2_
        sd = np.sqrt(np.maximum(var, 0.0))
        y0 = _last_observed(self._y)
        z80, z95 = 1.2815515655446004, 1.959963984540054
        with np.errstate(invalid="ignore", divide="ignore"):
            p = 1.0 - _norm_cdf((y0[:, None] - mean) / np.where(sd > 0, sd, np.nan))
        p = np.where(sd > 0, p, np.where(mean > y0[:, None], 1.0, 0.0))
        p[np.isnan(y0)] = np.nan
        return PanelForecast(
            mean=_clip(mean, self.bounds),
            lo80=_clip(mean - z80 * sd, self.bounds),
            hi80=_clip(mean + z80 * sd, self.bounds),
            lo95=_clip(mean - z95 * sd, self.bounds),
            hi95=_clip(mean + z95 * sd, self.bounds),
            p_rise=p,
            origin_value=y0,
        )


class LocalLevel(LocalLinearTrend):
    """Local level model (random walk plus noise) per series: the trend without a slope.

    Its forecast is flat at the filtered level -- an exponentially weighted mean of the
    past whose weight the likelihood chooses (simple exponential smoothing).
    """

    name = "local_level"
    _slope = False


def _predict(
    a: np.ndarray, P: np.ndarray, ql: np.ndarray, qs: np.ndarray
) -> tuple[np.ndarray, np.ndarray]:
    """One prediction step of the local linear trend: a <- T a, P <- T P T' + Q."""
    a2 = np.stack([a[:, 0] + a[:, 1], a[:, 1]], axis=1)
    p00, p01, p11 = P[:, 0, 0], P[:, 0, 1], P[:, 1, 1]
    n00 = p00 + 2 * p01 + p11 + ql
    n01 = p01 + p11
    n11 = p11 + qs
    P2 = np.empty_like(P)
    P2[:, 0, 0], P2[:, 0, 1], P2[:, 1, 0], P2[:, 1, 1] = n00, n01, n01, n11
    return a2, P2


def _llt_filter(
    y: np.ndarray, sigma2: np.ndarray, ql: np.ndarray, qs: np.ndarray, *, slope: bool = True
) -> dict[str, np.ndarray]:
    """Kalman filter of the local linear trend for every row of ``y`` (NaN: no update).

    Variances are in units of the irregular variance (``sigma2`` per row scales them).
    Returns the filtered state and covariance at the last year, the log-likelihood at
    ``sigma2`` (``loglik``), the concentrated estimate of the irregular variance
    (``sigma2``) and the log-likelihood with it (``loglik_c``); the first innovations of
    the diffuse start (two; one without a slope) are left out. ``slope=False`` is the
    local level model (random walk plus noise): the slope starts at 0 with no variance.
    """
    n, T = y.shape
    first = np.argmax(~np.isnan(y), axis=1)
    a = np.zeros((n, 2))
    a[:, 0] = np.nan_to_num(y[np.arange(n), first])
    P = np.zeros((n, 2, 2))
    P[:, 0, 0] = _KAPPA
    P[:, 1, 1] = _KAPPA if slope else 0.0  # local level: the slope stays 0
    burn = _BURN if slope else 1
    seen = np.zeros(n, dtype=int)
    sum_v2f = np.zeros(n)
    sum_logf = np.zeros(n)
    n_used = np.zeros(n, dtype=int)
    for t in range(T):
        if t > 0:
            a, P = _predict(a, P, ql, qs)
        yt = y[:, t]
        obs = ~np.isnan(yt)
        if not obs.any():
            continue
        v = yt - a[:, 0]
        F = P[:, 0, 0] + 1.0
        use = obs & (seen >= burn)
        with np.errstate(invalid="ignore", divide="ignore"):
            sum_v2f += np.where(use, v * v / F, 0.0)
            sum_logf += np.where(use, np.log(F), 0.0)
        n_used += use
        seen += obs
        k0 = np.where(obs, P[:, 0, 0] / F, 0.0)
        k1 = np.where(obs, P[:, 1, 0] / F, 0.0)
        vv = np.where(obs, v, 0.0)
        a = a + np.stack([k0 * vv, k1 * vv], axis=1)
        p00, p01, p11 = P[:, 0, 0], P[:, 0, 1], P[:, 1, 1]
        P = np.stack(
            [
                np.stack([p00 - k0 * p00, p01 - k0 * p01], axis=1),
                np.stack([p01 - k1 * p00, p11 - k1 * p01], axis=1),
            ],
            axis=1,
        )
    with np.errstate(invalid="ignore", divide="ignore"):
        sig = np.where(n_used > 0, sum_v2f / np.maximum(n_used, 1), np.nan)
        floor = 1e-12
        sig_c = np.maximum(sig, floor)
        ll_c = -0.5 * (n_used * (np.log(2 * np.pi) + np.log(sig_c) + 1.0) + sum_logf)
        ll = -0.5 * (
            n_used * np.log(2 * np.pi) + n_used * np.log(sigma2) + sum_logf + sum_v2f / sigma2
        )
    ll_c = np.where(n_used >= 1, ll_c, np.nan)
    return {"a": a, "P": P, "sigma2": sig_c, "loglik": ll, "loglik_c": ll_c, "n_used": n_used}


def llt_loglik(
    y: np.ndarray, sigma2_irregular: float, sigma2_level: float, sigma2_slope: float
) -> float:
    """Log-likelihood of one series under the local linear trend at given variances.

    The approximate diffuse start (variance 1e6 times the irregular variance) and the first
    two innovations left out: the quantity statsmodels reports for
    ``UnobservedComponents(y, "local linear trend")`` with ``initialization =
    "approximate_diffuse"`` and ``loglikelihood_burn = 2``.
    """
    y = _check(y)
    if sigma2_irregular <= 0:
        raise InputError("the irregular variance must be positive")
    out = _llt_filter(
        y,
        np.array([sigma2_irregular]),
        np.array([sigma2_level / sigma2_irregular]),
        np.array([sigma2_slope / sigma2_irregular]),
    )
    return float(out["loglik"][0])


# --- registry ----------------------------------------------------------------------------
MODELS: dict[str, type] = {
    "no_change": NoChange,
    "dyad_mean": DyadMean,
    "pooled": PooledDirect,
    "pooled_shrink": PooledShrink,
    "local_level": LocalLevel,
    "local_linear_trend": LocalLinearTrend,
}


def make_model(name: str, **options: Any) -> Any:
    """An unfitted model by name (one of :data:`MODELS`)."""
    if name not in MODELS:
        raise InputError(f"unknown model {name!r}; choose one of {', '.join(MODELS)}")
    return MODELS[name](**options)


# --- backtest ----------------------------------------------------------------------------
def backtest(
    y: np.ndarray,
    years: Sequence[int],
    *,
    origins: Sequence[int],
    panels: Mapping[int, Sequence[int]] | None = None,
    horizon: int = 5,
    models: Sequence[str] = tuple(MODELS),
    min_years: int = 10,
    bounds: tuple[float, float] | None = None,
) -> pd.DataFrame:
    """Rolling-origin evaluation: fit on the years up to each origin, forecast 1..horizon.

    ``panels[origin]`` lists the rows (series) evaluated at that origin (default: all);
    a row takes part when its origin year is observed and it has at least ``min_years``
    observed years up to the origin. Models are fitted on those rows only, with data up to
    the origin. Returns one row per model, origin, series and horizon whose target year is
    observed: ``model, origin, series, h, y_origin, y_true, y_hat, lo80, hi80, lo95, hi95,
    p_rise, scale``.
    """
    y = _check(y)
    yrs = np.asarray(list(years), dtype=int)
    if len(yrs) != y.shape[1] or np.any(np.diff(yrs) != 1):
        raise InputError("years must be consecutive and match the panel's columns")
    frames = []
    for origin in origins:
        if origin not in set(yrs.tolist()):
            raise InputError(f"origin {origin} is outside the panel's years")
        col = int(np.flatnonzero(yrs == origin)[0])
        rows = (
            np.arange(y.shape[0])
            if panels is None
            else np.asarray(list(panels.get(origin, [])), int)
        )
        if len(rows) == 0:
            continue
        hist = y[rows, : col + 1]
        keep = ~np.isnan(hist[:, -1]) & ((~np.isnan(hist)).sum(axis=1) >= min_years)
        rows, hist = rows[keep], hist[keep]
        if len(rows) == 0:
            continue
        H = min(horizon, y.shape[1] - 1 - col)
        if H < 1:
            continue
        truth = y[rows, col + 1 : col + 1 + H]
        scale = series_scale(hist)[:, -1]
        for name in models:
            fc = make_model(name, horizon=H, bounds=bounds).fit(hist).forecast(H)
            for h in range(H):
                ok = ~np.isnan(truth[:, h])
                frames.append(
                    pd.DataFrame(
                        {
                            "model": name,
                            "origin": origin,
                            "series": rows[ok],
                            "h": h + 1,
                            "y_origin": hist[ok, -1],
                            "y_true": truth[ok, h],
                            "y_hat": fc.mean[ok, h],
                            "lo80": fc.lo80[ok, h],
                            "hi80": fc.hi80[ok, h],
                            "lo95": fc.lo95[ok, h],
                            "hi95": fc.hi95[ok, h],
                            "p_rise": fc.p_rise[ok, h],
                            "scale": scale[ok],
                        }
                    )
                )
    if not frames:
        raise InputError("no series qualified at any origin (check min_years and the origins)")
    return pd.concat(frames, ignore_index=True)


def backtest_summary(results: pd.DataFrame, *, by: Sequence[str] = ("model", "h")) -> pd.DataFrame:
    """MASE, ratios to no-change and dyad-mean, interval coverage and Brier score.

    Needs the ``no_change`` and ``dyad_mean`` rows in ``results`` for the ratios. Targets
    with a zero scale (a series that never changed) are left out of the MASE and counted in
    ``n_zero_scale``.
    """
    df = results.copy()
    df["abs_err"] = (df["y_true"] - df["y_hat"]).abs()
    zero = ~(df["scale"] > 0)
    df["q"] = np.where(zero, np.nan, df["abs_err"] / df["scale"].where(~zero))
    df["in80"] = (df["y_true"] >= df["lo80"]) & (df["y_true"] <= df["hi80"])
    df["in95"] = (df["y_true"] >= df["lo95"]) & (df["y_true"] <= df["hi95"])
    rise = (df["y_true"] > df["y_origin"]).astype(float)
    df["brier"] = (df["p_rise"] - rise) ** 2
    keys = list(by)
    g = df.groupby(keys, sort=False)
    out = g.agg(
        n=("q", "size"),
        mase=("q", "mean"),
        mae=("abs_err", "mean"),
        coverage80=("in80", "mean"),
        coverage95=("in95", "mean"),
        brier=("brier", "mean"),
    ).reset_index()
    out["n_zero_scale"] = g["q"].apply(lambda s: int(s.isna().sum())).to_numpy()
    other = [k for k in keys if k != "model"]
    for base, col in (("no_change", "vs_no_change"), ("dyad_mean", "vs_dyad_mean")):
        ref = out[out["model"] == base][[*other, "mase"]].rename(columns={"mase": "_ref"})
        if ref.empty:
            out[col] = np.nan
            continue
        out = (
            out.merge(ref, on=other, how="left")
            if other
            else out.assign(_ref=float(ref["_ref"].iloc[0]))
        )
        out[col] = out["mase"] / out["_ref"]
        out = out.drop(columns="_ref")
    return out
