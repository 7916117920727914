r"""Turning points of a yearly series: an optimal piecewise-linear fit with breaks chosen by BIC.

A series :math:`y_t` observed in years :math:`t_1 < \dots < t_n` is cut into :math:`k`
contiguous segments; on each segment an ordinary least-squares line is fitted
independently (level and slope may both change at a break). For a given :math:`k` the cut
points minimise the total residual sum of squares

.. math:: \mathrm{RSS}_k = \min_{0 = \tau_0 < \tau_1 < \dots < \tau_k = n}
          \sum_{j=1}^{k} \sum_{i = \tau_{j-1}+1}^{\tau_j} (y_i - a_j - b_j t_i)^2 ,

found exactly by dynamic programming over all segmentations ("segment neighbourhood",
Auger & Lawrence 1989, doi:10.1007/BF02458840; the multiple structural-change model of Bai &
Perron 2003, doi:10.1002/jae.659). Every segment holds at least ``min_size`` years. The
number of segments is the one with the smallest Bayesian information criterion

.. math:: \mathrm{BIC}_k = n \log(\mathrm{RSS}_k / n) + (3k - 1) \log n

(two line parameters per segment and one location per break). Cost: :math:`O(k n^2)` with
the segment costs from cumulative sums, well under a millisecond for 80 years.

Missing values are dropped before the fit (the years left keep their places). Fewer than
``2 * min_size`` points give one segment. The fit describes the series; it is not a test
that a break happened (for that, see Bai & Perron's sup-F tests).
"""

from __future__ import annotations

import itertools

import numpy as np
import pandas as pd

__all__ = ["segments"]

SEGMENT_COLUMNS = ["start", "end", "n", "slope", "fit_start", "fit_end", "obs_start", "obs_end"]


def _cost_matrix(x: np.ndarray, y: np.ndarray, min_size: int) -> np.ndarray:
    """RSS of the OLS line on points ``i..j-1`` for every ``i < j`` (inf when too short)."""
    n = x.size
    cs = [np.concatenate([[0.0], np.cumsum(v)]) for v in (np.ones(n), x, y, x * x, x * y, y * y)]
    i, j = np.triu_indices(n + 1, k=1)
    m, sx, sy, sxx, sxy, syy = (c[j] - c[i] for c in cs)
    with np.errstate(divide="ignore", invalid="ignore"):
        vxx = sxx - sx * sx / m
        vxy = sxy - sx * sy / m
        vyy = syy - sy * sy / m
        rss = np.where(vxx > 1e-12, vyy - vxy * vxy / np.where(vxx > 1e-12, vxx, 1.0), vyy)
    rss = np.where(m >= min_size, np.maximum(rss, 0.0), np.inf)
    out = np.full((n + 1, n + 1), np.inf)
    out[i, j] = rss
    return out


def segments(
    years: pd.Series | np.ndarray | list[float],
    values: pd.Series | np.ndarray | list[float],
    *,
    max_breaks: int = 3,
    min_size: int = 5,
) -> pd.DataFrame:
    """The best piecewise-linear description of a yearly series (see the module docstring).

    Returns one row per segment: ``start``, ``end`` (first and last year), ``n`` (years
    with data), ``slope`` (per year), ``fit_start``, ``fit_end`` (the fitted line at the two
    ends) and ``obs_start``, ``obs_end`` (the observed values there). An empty frame for
    an empty series.

    >>> yrs = list(range(1971, 2000))
    >>> vals = [0.8] * 15 + [0.8 - 0.1 * k for k in range(14)]   # flat, then falling
    >>> seg = segments(yrs, vals)
    >>> seg[["start", "end"]].values.tolist()
    [[1971, 1985], [1986, 1999]]
    >>> [round(s, 2) + 0.0 for s in seg["slope"]]
    [0.0, -0.1]
    """
    x = np.asarray(years, dtype=float)
    y = np.asarray(values, dtype=float)
    keep = ~(np.isnan(x) | np.isnan(y))
    x, y = x[keep], y[keep]
    order = np.argsort(x, kind="stable")
    x, y = x[order], y[order]
    n = x.size
    if n == 0:
        return pd.DataFrame(columns=SEGMENT_COLUMNS)
    size = max(2, int(min_size))
    kmax = max(1, min(int(max_breaks) + 1, n // size))
    cost = _cost_matrix(x, y, min(size, n))
    # best[k][j]: least RSS of the first j points in k+1 segments; arg[k][j] its last cut
    best = np.full((kmax, n + 1), np.inf)
    arg = np.zeros((kmax, n + 1), dtype=int)
    best[0] = cost[0]
    for k in range(1, kmax):
        total = best[k - 1][:, None] + cost  # [i, j]: k segments up to i, then one i..j
        arg[k] = np.argmin(total, axis=0)
        best[k] = total[arg[k], np.arange(n + 1)]
    bic = []
    for k in range(kmax):
        rss = best[k][n]
        if not np.isfinite(rss):
            bic.append(np.inf)
            continue
        bic.append(n * np.log(max(rss, 1e-12) / n) + (3 * (k + 1) - 1) * np.log(n))
    k = int(np.argmin(bic)) if np.isfinite(min(bic)) else 0
    cuts = [n]
    for level in range(k, 0, -1):
        cuts.append(int(arg[level][cuts[-1]]))
    cuts.append(0)
    cuts = sorted(set(cuts))
    rows = []
    for lo, hi in itertools.pairwise(cuts):
        xs, ys = x[lo:hi], y[lo:hi]
        if xs.size >= 2 and np.ptp(xs) > 0:
            slope, intercept = np.polyfit(xs, ys, 1)
        else:
            slope, intercept = 0.0, float(ys.mean())
        rows.append(
            {
                "start": int(xs[0]),
                "end": int(xs[-1]),
                "n": int(xs.size),
                "slope": float(slope),
                "fit_start": float(intercept + slope * xs[0]),
                "fit_end": float(intercept + slope * xs[-1]),
                "obs_start": float(ys[0]),
                "obs_end": float(ys[-1]),
            }
        )
    return pd.DataFrame(rows, columns=SEGMENT_COLUMNS)
