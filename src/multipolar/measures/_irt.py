"""Numerical core of the dynamic ordinal item-response model (private).

Everything here works on integer-coded numpy arrays; :mod:`multipolar.measures.idealpoints`
turns tables into these arrays and back. The model and the algorithm are described in the
docstring of :class:`multipolar.measures.idealpoints.IdealPoints` and in
``docs/idealpoints.md``; the notation below follows them.

For one vote of state-year ``s`` on item ``j`` with linear predictor
:math:`\\eta = a_j \\theta_s` and cut points :math:`c_{1j} < c_{2j}` (``c2 = c1 + exp(d)``),
the cumulative logit gives, with :math:`u_k = c_{kj} - \\eta` and :math:`F = \\sigma`,

* yes (0):      :math:`\\log F(u_1)`
* abstain (1):  :math:`\\log\\{F(u_2) - F(u_1)\\}`
* no (2):       :math:`\\log F(-u_2)`

which is jointly concave in :math:`(u_1, u_2)` (Pratt 1981), hence in :math:`\\theta` given
the items and in :math:`(a_j, c_{1j}, c_{2j})` given :math:`\\theta`. The fit alternates a
Newton step for all ideal points (one tridiagonal solve: a state's years form a chain) with
a Newton step for all items (a 3 x 3 system per item), each guarded by a per-block
step-halving line search, followed by the exact maximisation along the two directions the
likelihood cannot see (a common location shift and a scale trade-off between
:math:`\\theta` and :math:`a`), which are fixed by the priors alone.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

import numpy as np
from scipy.linalg import solveh_banded

_MIN_LOG_GAP = -12.0


@dataclass(frozen=True)
class Problem:
    """Integer-coded data of one fit.

    Votes are sorted by category: ``y == 0`` (yes) first, then 1 (abstain), then 2 (no);
    ``cuts`` holds the two boundaries. State-years are sorted by state then year, so each
    state's years are a contiguous chain; ``link_prec[k]`` is the random-walk precision
    between state-years ``k`` and ``k + 1`` (0 where they belong to different states).
    """

    s: np.ndarray  # int64, state-year of each vote
    j: np.ndarray  # int64, item of each vote
    cuts: tuple[int, int]  # end of yes block, end of abstain block
    n_sy: int
    n_items: int
    first: np.ndarray  # bool, state-year is the first of its state
    link_prec: np.ndarray  # float, length n_sy - 1
    chain: np.ndarray  # int64, state index of each state-year
    pos: np.ndarray  # int64, position of each state-year in its chain


@dataclass
class Params:
    """Current values: ideal points and item parameters (a, c1, log gap)."""

    theta: np.ndarray
    a: np.ndarray
    c1: np.ndarray
    d: np.ndarray

    def copy(self) -> Params:
        return Params(self.theta.copy(), self.a.copy(), self.c1.copy(), self.d.copy())


@dataclass(frozen=True)
class Priors:
    """Prior scales (standard deviations) of the model."""

    theta0: float  # every state-year: N(0, theta0^2)
    walk: float  # per-year random-walk step: N(0, walk^2 * gap)
    a: float  # discrimination: N(0, a^2)
    c: float  # lower cut point: N(0, c^2)
    d_mean: float  # log gap between the cut points: N(d_mean, d_sd^2)
    d_sd: float


def _sigmoid(x: np.ndarray) -> np.ndarray:
    return 0.5 + 0.5 * np.tanh(0.5 * x)


def _log_sigmoid(x: np.ndarray) -> np.ndarray:
    # log(1 / (1 + exp(-x))) without overflow; faster than -logaddexp(0, -x)
    return np.minimum(x, 0.0) - np.log1p(np.exp(-np.abs(x)))


def loglik(pb: Problem, p: Params) -> np.ndarray:
    """Log-likelihood of every vote (in the problem's vote order)."""
    eta = p.a[pb.j] * p.theta[pb.s]
    c1 = p.c1[pb.j]
    e1, e2 = pb.cuts
    out = np.empty(eta.shape[0])
    out[:e1] = _log_sigmoid(c1[:e1] - eta[:e1])
    gap = np.exp(p.d[pb.j[e1:]])
    u1 = c1[e1:e2] - eta[e1:e2]
    u2 = u1 + gap[: e2 - e1]
    out[e1:e2] = _log_sigmoid(u2) + _log_sigmoid(-u1) + np.log(-np.expm1(-gap[: e2 - e1]))
    out[e2:] = _log_sigmoid(-(c1[e2:] + gap[e2 - e1 :] - eta[e2:]))
    return out


def _derivs(
    pb: Problem, p: Params
) -> tuple[np.ndarray, np.ndarray, np.ndarray, np.ndarray, np.ndarray]:
    """Per-vote first and second derivatives of the log-likelihood in (u1, u2)."""
    n = pb.s.shape[0]
    e1, e2 = pb.cuts
    eta = p.a[pb.j] * p.theta[pb.s]
    c1 = p.c1[pb.j]
    g1 = np.zeros(n)
    g2 = np.zeros(n)
    h11 = np.zeros(n)
    h12 = np.zeros(n)
    h22 = np.zeros(n)
    # yes: log F(u1)
    f = _sigmoid(c1[:e1] - eta[:e1])
    g1[:e1] = 1.0 - f
    h11[:e1] = -f * (1.0 - f)
    # abstain: log(F(u2) - F(u1))
    gap = np.exp(p.d[pb.j[e1:]])
    u1 = c1[e1:e2] - eta[e1:e2]
    gp = gap[: e2 - e1]
    p1 = _sigmoid(u1)
    p2 = _sigmoid(u1 + gp)
    dd = p2 * (1.0 - p1) * (-np.expm1(-gp))
    f1 = p1 * (1.0 - p1)
    f2 = p2 * (1.0 - p2)
    a1 = -f1 / dd
    a2 = f2 / dd
    g1[e1:e2] = a1
    g2[e1:e2] = a2
    h11[e1:e2] = -f1 * (1.0 - 2.0 * p1) / dd - a1 * a1
    h22[e1:e2] = f2 * (1.0 - 2.0 * p2) / dd - a2 * a2
    h12[e1:e2] = -a1 * a2
    # no: log F(-u2)
    f = _sigmoid(c1[e2:] + gap[e2 - e1 :] - eta[e2:])
    g2[e2:] = -f
    h22[e2:] = -f * (1.0 - f)
    return g1, g2, h11, h12, h22


# --- priors -------------------------------------------------------------------------------
def theta_prior(pb: Problem, theta: np.ndarray, pr: Priors) -> np.ndarray:
    """Log prior of the ideal points, per state-year (links charged to the later year).

    Every state-year has its own ``N(0, theta0^2)`` term; consecutive years of a state are
    also linked by the random walk, so the prior precision of a state's chain is
    ``I / theta0^2 + L`` with ``L`` the (gap-weighted) path Laplacian of the walk.
    """
    out = -0.5 * theta**2 / pr.theta0**2
    out[1:] -= 0.5 * pb.link_prec * np.diff(theta) ** 2
    return out


def item_prior(p: Params, pr: Priors) -> np.ndarray:
    """Log prior of each item's parameters."""
    return -0.5 * (p.a**2 / pr.a**2 + p.c1**2 / pr.c**2 + (p.d - pr.d_mean) ** 2 / pr.d_sd**2)


def objective(pb: Problem, p: Params, pr: Priors) -> float:
    """Log posterior (up to a constant)."""
    return float(loglik(pb, p).sum() + theta_prior(pb, p.theta, pr).sum() + item_prior(p, pr).sum())


def _per_state(pb: Problem, values: np.ndarray) -> np.ndarray:
    return np.bincount(pb.chain, weights=values)


def _theta_precision(
    pb: Problem, p: Params, pr: Priors, h: np.ndarray
) -> tuple[np.ndarray, np.ndarray]:
    """Diagonal and off-diagonal of minus the Hessian in theta (tridiagonal)."""
    diag = -h + 1.0 / pr.theta0**2
    diag[1:] += pb.link_prec
    diag[:-1] += pb.link_prec
    return diag, -pb.link_prec


# --- the two block steps ------------------------------------------------------------------
def theta_step(pb: Problem, p: Params, pr: Priors, ll: np.ndarray) -> np.ndarray:
    """One guarded Newton step for all ideal points; returns the new per-vote log-lik."""
    g1, g2, h11, h12, h22 = _derivs(pb, p)
    a = p.a[pb.j]
    grad: np.ndarray = np.bincount(pb.s, weights=-a * (g1 + g2), minlength=pb.n_sy)
    hess = np.bincount(pb.s, weights=a * a * (h11 + 2.0 * h12 + h22), minlength=pb.n_sy)
    # prior gradient
    grad -= p.theta / pr.theta0**2
    flow = pb.link_prec * np.diff(p.theta)
    grad[1:] -= flow
    grad[:-1] += flow
    diag, off = _theta_precision(pb, p, pr, hess)
    ab = np.zeros((2, pb.n_sy))
    ab[0, 1:] = off
    ab[1] = diag
    step = solveh_banded(ab, grad, check_finite=False)
    old_state = _per_state(
        pb, np.bincount(pb.s, weights=ll, minlength=pb.n_sy) + theta_prior(pb, p.theta, pr)
    )
    theta0 = p.theta
    scale = np.ones(int(pb.chain.max()) + 1)
    accepted = np.zeros(scale.shape[0], dtype=bool)
    new_ll = ll
    for _ in range(8):
        trial = theta0 + scale[pb.chain] * step
        p.theta = np.where(accepted[pb.chain], p.theta, trial)
        cand = loglik(pb, p)
        new_state = _per_state(
            pb, np.bincount(pb.s, weights=cand, minlength=pb.n_sy) + theta_prior(pb, p.theta, pr)
        )
        ok = (new_state >= old_state - 1e-10) & ~accepted
        accepted |= ok
        new_ll = cand
        if accepted.all():
            break
        scale = np.where(accepted, scale, scale * 0.5)
    else:  # give up on the states that never improved: keep their old values
        p.theta = np.where(accepted[pb.chain], p.theta, theta0)
        new_ll = loglik(pb, p)
    return new_ll


def item_step(pb: Problem, p: Params, pr: Priors, ll: np.ndarray) -> np.ndarray:
    """One guarded Gauss-Newton step for all items in (a, c1, d); returns per-vote log-lik."""
    g1, g2, h11, h12, h22 = _derivs(pb, p)
    th = p.theta[pb.s]
    m = pb.n_items

    def agg(w: np.ndarray) -> np.ndarray:
        return np.bincount(pb.j, weights=w, minlength=m)

    ga = agg(-th * (g1 + g2))
    gc1 = agg(g1)
    gc2 = agg(g2)
    haa = agg(th * th * (h11 + 2.0 * h12 + h22))
    ha1 = agg(-th * (h11 + h12))
    ha2 = agg(-th * (h12 + h22))
    h11s = agg(h11)
    h12s = agg(h12)
    h22s = agg(h22)
    e = np.exp(p.d)
    # chain rule to (a, c1, d): c2 = c1 + exp(d)
    grad = np.stack([ga, gc1 + gc2, e * gc2], axis=1)
    hm = np.empty((m, 3, 3))
    hm[:, 0, 0] = haa
    hm[:, 0, 1] = hm[:, 1, 0] = ha1 + ha2
    hm[:, 0, 2] = hm[:, 2, 0] = e * ha2
    hm[:, 1, 1] = h11s + 2.0 * h12s + h22s
    hm[:, 1, 2] = hm[:, 2, 1] = e * (h12s + h22s)
    hm[:, 2, 2] = e * e * h22s + np.minimum(e * gc2, 0.0)
    # priors
    grad[:, 0] -= p.a / pr.a**2
    grad[:, 1] -= p.c1 / pr.c**2
    grad[:, 2] -= (p.d - pr.d_mean) / pr.d_sd**2
    hm[:, 0, 0] -= 1.0 / pr.a**2
    hm[:, 1, 1] -= 1.0 / pr.c**2
    hm[:, 2, 2] -= 1.0 / pr.d_sd**2
    step = np.linalg.solve(-hm + 1e-9 * np.eye(3), grad[:, :, None])[:, :, 0]
    old_item = agg(ll) + item_prior(p, pr)
    base = (p.a.copy(), p.c1.copy(), p.d.copy())
    scale = np.ones(m)
    accepted = np.zeros(m, dtype=bool)
    new_ll = ll
    for _ in range(8):
        take = ~accepted
        p.a = np.where(take, base[0] + scale * step[:, 0], p.a)
        p.c1 = np.where(take, base[1] + scale * step[:, 1], p.c1)
        p.d = np.where(take, np.maximum(base[2] + scale * step[:, 2], _MIN_LOG_GAP), p.d)
        cand = loglik(pb, p)
        new_item = agg(cand) + item_prior(p, pr)
        ok = (new_item >= old_item - 1e-10) & take
        accepted |= ok
        new_ll = cand
        if accepted.all():
            break
        scale = np.where(accepted, scale, scale * 0.5)
    else:
        keep = ~accepted
        p.a = np.where(keep, base[0], p.a)
        p.c1 = np.where(keep, base[1], p.c1)
        p.d = np.where(keep, base[2], p.d)
        new_ll = loglik(pb, p)
    return new_ll


def rebalance(pb: Problem, p: Params, pr: Priors) -> None:
    """Maximise the prior along the likelihood's flat directions (location, then scale).

    Shifting every theta by ``mu`` and every lower cut by ``a * mu`` leaves each
    ``c - a * theta`` unchanged; so does scaling theta by ``k`` and ``a`` by ``1 / k``. Both
    optima are closed-form.
    """
    num = p.theta.sum() / pr.theta0**2 + (p.a * p.c1).sum() / pr.c**2
    den = p.theta.size / pr.theta0**2 + (p.a * p.a).sum() / pr.c**2
    mu = -num / den
    p.theta = p.theta + mu
    p.c1 = p.c1 + p.a * mu
    pen_t = -theta_prior(pb, p.theta, pr).sum()
    pen_a = 0.5 * (p.a**2).sum() / pr.a**2
    if pen_t > 0 and pen_a > 0:
        k = (pen_a / pen_t) ** 0.25
        p.theta = p.theta * k
        p.a = p.a / k


# --- uncertainty --------------------------------------------------------------------------
def theta_variance(pb: Problem, p: Params, pr: Priors) -> np.ndarray:
    """Laplace variance of each ideal point given the items.

    The diagonal of the inverse of a symmetric tridiagonal precision ``J`` from one forward
    and one backward elimination: ``inv(J)[t, t] = 1 / (F_t + B_t - J[t, t])`` where
    ``F`` and ``B`` are the forward and backward Schur pivots. Chains are padded into a
    states x years array so the loop runs over positions (at most one per session), not
    over state-years.
    """
    _, _, h11, h12, h22 = _derivs(pb, p)
    a = p.a[pb.j]
    hess = np.bincount(pb.s, weights=a * a * (h11 + 2.0 * h12 + h22), minlength=pb.n_sy)
    diag, off = _theta_precision(pb, p, pr, hess)
    n_chain = int(pb.chain.max()) + 1
    width = int(pb.pos.max()) + 1
    dg = np.ones((n_chain, width))
    dg[pb.chain, pb.pos] = diag
    # coupling between position t and t + 1 of a chain (0 across chain ends and padding)
    link = np.zeros((n_chain, width))
    inner = np.flatnonzero(pb.link_prec > 0)
    link[pb.chain[inner], pb.pos[inner]] = off[inner]
    fwd = np.empty_like(dg)
    bwd = np.empty_like(dg)
    fwd[:, 0] = dg[:, 0]
    for t in range(1, width):
        fwd[:, t] = dg[:, t] - link[:, t - 1] ** 2 / fwd[:, t - 1]
    bwd[:, -1] = dg[:, -1]
    for t in range(width - 2, -1, -1):
        bwd[:, t] = dg[:, t] - link[:, t] ** 2 / bwd[:, t + 1]
    var = 1.0 / (fwd + bwd - dg)
    return var[pb.chain, pb.pos]


# --- the whole fit ------------------------------------------------------------------------
def sweep(pb: Problem, p: Params, pr: Priors, ll: np.ndarray) -> np.ndarray:
    """One block-ascent sweep: items, ideal points, then location and scale."""
    ll = item_step(pb, p, pr, ll)
    ll = theta_step(pb, p, pr, ll)
    rebalance(pb, p, pr)
    return ll


def _pack(p: Params) -> np.ndarray:
    return np.concatenate([p.theta, p.a, p.c1, p.d])


def _unpack(x: np.ndarray, n_sy: int, n_items: int) -> Params:
    t, a, c, d = np.split(x, [n_sy, n_sy + n_items, n_sy + 2 * n_items])
    return Params(t.copy(), a.copy(), c.copy(), np.maximum(d, _MIN_LOG_GAP))


def fit_map(
    pb: Problem,
    p: Params,
    pr: Priors,
    *,
    tol: float,
    max_iter: int,
    change: Callable[[np.ndarray, np.ndarray], float],
) -> tuple[Params, int, bool]:
    """Maximise the log posterior by sweeps accelerated with SQUAREM.

    SQUAREM (Varadhan & Roland 2008, doi:10.1111/j.1467-9469.2007.00585.x) extrapolates
    two sweeps ``x1 = F(x0)``, ``x2 = F(x1)`` to ``x0 - 2 s r + s^2 v`` (``r = x1 - x0``,
    ``v = x2 - 2 x1 + x0``, ``s = -|r| / |v|``), keeps it only if the log posterior did not
    fall below that of ``x2``, and then sweeps once more from there. Converged when one
    sweep moves no ideal point by more than ``tol`` as measured by ``change``.
    Returns the parameters, the number of sweeps, and whether ``tol`` was met.
    """
    n = 0
    ll = loglik(pb, p)
    while n < max_iter:
        x0 = _pack(p)
        ll = sweep(pb, p, pr, ll)
        x1 = _pack(p)
        n += 1
        if change(x0[: pb.n_sy], x1[: pb.n_sy]) < tol:
            return p, n, True
        if n >= max_iter:
            break
        ll = sweep(pb, p, pr, ll)
        x2 = _pack(p)
        n += 1
        if change(x1[: pb.n_sy], x2[: pb.n_sy]) < tol:
            return p, n, True
        r = x1 - x0
        v = x2 - x1 - r
        nv = float(np.sqrt((v * v).sum()))
        if nv == 0.0 or n >= max_iter:
            continue
        step = min(-float(np.sqrt((r * r).sum())) / nv, -1.0)
        obj2 = float(ll.sum() + theta_prior(pb, p.theta, pr).sum() + item_prior(p, pr).sum())
        trial = _unpack(x0 - 2.0 * step * r + step * step * v, pb.n_sy, pb.n_items)
        ll_t = loglik(pb, trial)
        obj_t = float(
            ll_t.sum() + theta_prior(pb, trial.theta, pr).sum() + item_prior(trial, pr).sum()
        )
        if np.isfinite(obj_t) and obj_t >= obj2:
            p, ll = trial, ll_t
    return p, n, False
