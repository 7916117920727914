r"""Landscape theory of aggregation: two coalitions that minimise the frustration energy.

Axelrod & Bennett (1993) give each actor :math:`i` a size :math:`s_i > 0` and each pair a
propensity :math:`p_{ij}` (positive: they want to be together; negative: antagonism). A
*configuration* splits the actors into two coalitions; :math:`d_{ij} = 0` when :math:`i, j`
share a coalition and 1 when they do not. Its energy (frustration) is

.. math::

    E(X) = \sum_{i<j} s_i s_j \, p_{ij} \, d_{ij}(X),

so separating friends and joining enemies both cost energy. (Axelrod & Bennett sum over
ordered pairs, which doubles every energy; the minima are the same.) Writing the camps as
:math:`x_i \in \{-1, +1\}` and :math:`w_{ij} = s_i s_j p_{ij}`, :math:`d_{ij} = (1 - x_i x_j)/2`
and moving actor :math:`k` to the other camp changes the energy by
:math:`\Delta E_k = x_k \sum_j w_{kj} x_j`.

**Dynamics.** Actors move one at a time to the side that lowers the energy most (steepest
descent; ties go to the actor listed first, actors are sorted by label); the process stops
in a *local minimum*, a configuration no single switch improves. A minimum's *basin of
attraction* is the set of starting configurations from which the process ends there.
Configurations and their mirror image (the camps swapped) are the same, so there are
:math:`2^{n-1}` of them.

**Exact answers.** Up to ``exhaustive_limit`` actors (22 by default: 2.1 million
configurations) every configuration is enumerated in vectorised blocks: its energy, its
successor under one steepest-descent step, and, by pointer jumping on the successor map, the
minimum it flows to -- so the global minimum, every local minimum and every basin size are
exact. Beyond that the global minimum is found exactly as a weighted frustration index (a
MILP solved by HiGHS; :func:`multipolar.measures.balance.frustration_index`), since
:math:`E = L_w - \sum_{w_{ij}<0} |w_{ij}|` for the signed graph with signs
:math:`\mathrm{sign}(w_{ij})` and weights :math:`|w_{ij}|`; the other local minima and the
basin shares are then *estimated* from ``starts`` seeded random starting configurations
(``exact`` is False and ``method`` says so).

Missing data: a pair without a propensity counts as 0 (indifference); the caller counts and
reports such pairs. Sizes must be positive and finite. Scaling all sizes or all propensities
by a positive constant scales every energy and changes no configuration, minimum or basin.

References
----------
Axelrod, R. & Bennett, D. S. (1993). A landscape theory of aggregation. *British Journal of
Political Science* 23(2): 211-233. doi:10.1017/S000712340000973X

Axelrod, R., Mitchell, W., Thomas, R. E., Bennett, D. S. & Bruderer, E. (1995). Coalition
formation in standard-setting alliances. *Management Science* 41(9): 1493-1508.
doi:10.1287/mnsc.41.9.1493

Galam, S. (1996). Fragmentation versus stability in bimodal coalitions. *Physica A*
230(1-2): 174-188. doi:10.1016/0378-4371(96)00088-1

Example
-------
Three actors of size 1: A and B friends (+1), both hostile to C (-1). The global minimum puts
C alone (energy -2); every other configuration (all together, or A or B alone: energy 0) flows
into it, so its basin holds all four configurations.

>>> import pandas as pd
>>> p = pd.DataFrame({"source": ["A", "A", "B"], "target": ["B", "C", "C"],
...                   "propensity": [1.0, -1.0, -1.0]})
>>> res = landscape({"A": 1, "B": 1, "C": 1}, p)
>>> res.global_minimum.camps, res.global_minimum.energy
((['A', 'B'], ['C']), -2.0)
>>> [m.basin for m in res.local_minima]
[4]
"""

from __future__ import annotations

import time
from collections.abc import Hashable, Mapping, Sequence
from dataclasses import dataclass, field
from typing import Any, Literal

import numpy as np
import pandas as pd

from multipolar.errors import InputError

__all__ = [
    "Configuration",
    "LandscapeProblem",
    "LandscapeResult",
    "apply_scenario",
    "camp_switches",
    "energy",
    "landscape",
    "landscape_problem",
]

EXHAUSTIVE_LIMIT = 22


@dataclass(frozen=True)
class LandscapeProblem:
    """Validated inputs: sorted ``actors``, ``sizes`` and a symmetric ``propensity`` matrix."""

    actors: list[Hashable]
    sizes: np.ndarray  # (n,) > 0
    propensity: np.ndarray  # (n, n) symmetric, zero diagonal
    missing_pairs: int = 0  # pairs without a propensity (set to 0)

    @property
    def n(self) -> int:
        return len(self.actors)

    @property
    def weights(self) -> np.ndarray:
        """:math:`w_{ij} = s_i s_j p_{ij}` (zero diagonal)."""
        return np.outer(self.sizes, self.sizes) * self.propensity

    def propensity_of(self, a: Hashable, b: Hashable) -> float:
        i, j = self.actors.index(a), self.actors.index(b)
        return float(self.propensity[i, j])


@dataclass(frozen=True)
class Configuration:
    """A two-camp configuration: ``camp_a`` holds the largest actor."""

    camp_a: list[Any]
    camp_b: list[Any]
    energy: float
    basin: int | None = None  # starting configurations that flow here (exact or sampled)
    basin_share: float | None = None
    local_minimum: bool = True

    @property
    def camps(self) -> tuple[list[Any], list[Any]]:
        return self.camp_a, self.camp_b

    def camp_of(self, actor: Any) -> str:
        return "A" if actor in self.camp_a else "B"

    def to_dict(self) -> dict[str, Any]:
        return {
            "camp_a": self.camp_a,
            "camp_b": self.camp_b,
            "energy": self.energy,
            "basin": self.basin,
            "basin_share": self.basin_share,
            "local_minimum": self.local_minimum,
        }


@dataclass(frozen=True)
class LandscapeResult:
    """Global minimum, every local minimum (energy order) and how they were found."""

    actors: list[Any]
    sizes: dict[Any, float]
    global_minimum: Configuration
    local_minima: list[Configuration]
    n_configurations: int
    exact: bool
    method: str
    seconds: float
    starts: int
    missing_pairs: int = 0
    notes: list[str] = field(default_factory=list)

    def to_dict(self) -> dict[str, Any]:
        return {
            "actors": self.actors,
            "sizes": [{"actor": a, "size": s} for a, s in self.sizes.items()],
            "global_minimum": self.global_minimum.to_dict(),
            "local_minima": [m.to_dict() for m in self.local_minima],
            "n_configurations": self.n_configurations,
            "exact": self.exact,
            "method": self.method,
            "seconds": self.seconds,
            "starts": self.starts,
            "missing_pairs": self.missing_pairs,
            "notes": self.notes,
        }


# --- inputs ------------------------------------------------------------------------------
def landscape_problem(
    sizes: Mapping[Hashable, float] | pd.Series,
    propensity: pd.DataFrame,
) -> LandscapeProblem:
    """Validate sizes and propensities into a :class:`LandscapeProblem`.

    ``propensity`` is either a long table ``source, target, propensity`` (each unordered
    pair at most once, or twice with the same value) or a square DataFrame indexed and
    labelled by actors (symmetric; the diagonal is ignored). Every actor of ``sizes`` is an
    actor; a propensity naming another actor is an error; missing pairs count as 0.

    >>> prob = landscape_problem({"x": 2, "y": 1}, pd.DataFrame(
    ...     {"source": ["x"], "target": ["y"], "propensity": [-0.5]}))
    >>> prob.actors, float(prob.weights[0, 1])
    (['x', 'y'], -1.0)
    """
    size_map = dict(sizes.items()) if isinstance(sizes, pd.Series) else dict(sizes)
    if len(size_map) < 2:
        raise InputError(f"a landscape needs at least two actors, got {len(size_map)}")
    values = np.array([float(v) for v in size_map.values()], dtype=float)
    if not np.all(np.isfinite(values)) or np.any(values <= 0):
        bad = [a for a, v in size_map.items() if not (np.isfinite(float(v)) and float(v) > 0)]
        raise InputError(f"sizes must be positive numbers; check {bad[:5]}")
    actors = sorted(size_map, key=_sort_key)
    index = {a: k for k, a in enumerate(actors)}
    n = len(actors)
    p = np.full((n, n), np.nan)
    if {"source", "target", "propensity"} <= set(propensity.columns):
        df = propensity
        unknown = (set(df["source"]) | set(df["target"])) - set(index)
        if unknown:
            raise InputError(
                f"propensities name actors without a size: {sorted(map(str, unknown))[:5]}"
            )
        if (df["source"] == df["target"]).any():
            raise InputError("propensity table has self-pairs (source == target)")
        vals = pd.to_numeric(df["propensity"], errors="coerce").to_numpy(dtype=float)
        if np.isnan(vals).any() or np.isinf(vals).any():
            raise InputError("propensities must be finite numbers (missing pairs: leave them out)")
        i = df["source"].map(index).to_numpy(dtype=np.int64)
        j = df["target"].map(index).to_numpy(dtype=np.int64)
        for a, b, v in zip(i, j, vals, strict=True):
            old = p[a, b]
            if not np.isnan(old) and abs(old - v) > 1e-12:
                raise InputError(
                    f"pair ({actors[a]}, {actors[b]}) has two propensities ({old:g}, {v:g})"
                )
            p[a, b] = p[b, a] = v
    else:
        mat = propensity
        if set(mat.index) != set(mat.columns):
            raise InputError(
                "a propensity matrix needs the same actors as rows and columns "
                "(or pass a long table source,target,propensity)"
            )
        extra = set(mat.index) - set(index)
        if extra:
            raise InputError(
                f"propensities name actors without a size: {sorted(map(str, extra))[:5]}"
            )
        labels = [a for a in actors if a in set(mat.index)]
        sub = mat.loc[labels, labels].to_numpy(dtype=float)
        if np.isinf(sub).any():
            raise InputError("propensities must be finite")
        off = ~np.eye(len(labels), dtype=bool)
        both = off & ~np.isnan(sub) & ~np.isnan(sub.T)
        if np.any(np.abs(sub - sub.T)[both] > 1e-9):
            raise InputError("the propensity matrix is not symmetric")
        sub = np.where(np.isnan(sub), sub.T, sub)
        k = np.array([index[a] for a in labels], dtype=np.int64)
        p[np.ix_(k, k)] = sub
    np.fill_diagonal(p, 0.0)
    missing = int(np.isnan(p[np.triu_indices(n, 1)]).sum())
    p = np.nan_to_num(p, nan=0.0)
    sizes_arr = np.array([float(size_map[a]) for a in actors])
    return LandscapeProblem(actors=actors, sizes=sizes_arr, propensity=p, missing_pairs=missing)


def energy(problem: LandscapeProblem, camp_a: Sequence[Hashable]) -> float:
    """Energy :math:`\\sum_{i<j} s_i s_j p_{ij} d_{ij}` of the split ``camp_a`` | the rest.

    >>> prob = landscape_problem({1: 1, 2: 1, 3: 1}, pd.DataFrame(
    ...     {"source": [1, 1, 2], "target": [2, 3, 3], "propensity": [1.0, 1.0, 1.0]}))
    >>> energy(prob, [1]), energy(prob, [1, 2, 3])
    (2.0, 0.0)
    """
    members = set(camp_a)
    unknown = members - set(problem.actors)
    if unknown:
        raise InputError(f"not actors of this landscape: {sorted(map(str, unknown))[:5]}")
    x = np.array([1.0 if a in members else -1.0 for a in problem.actors])
    return _clean(_energies(problem.weights, x[None, :])[0])


# --- solving -----------------------------------------------------------------------------
def landscape(
    sizes: Mapping[Hashable, float] | pd.Series | LandscapeProblem,
    propensity: pd.DataFrame | None = None,
    *,
    method: Literal["auto", "exhaustive", "milp"] = "auto",
    exhaustive_limit: int = EXHAUSTIVE_LIMIT,
    starts: int = 20_000,
    seed: int = 0,
    time_limit: float = 30.0,
) -> LandscapeResult:
    """Global minimum, local minima and basins of attraction (see the module docstring).

    Parameters
    ----------
    sizes, propensity
        Actor sizes and pairwise propensities (:func:`landscape_problem`), or a ready
        :class:`LandscapeProblem` as ``sizes``.
    method
        ``"exhaustive"`` enumerates all :math:`2^{n-1}` configurations (exact minima and
        basins; at most 26 actors); ``"milp"`` finds the global minimum with HiGHS and
        samples ``starts`` configurations for the other minima; ``"auto"`` enumerates up to
        ``exhaustive_limit`` actors.
    starts, seed
        Number of random starting configurations (``milp`` only) and their seed.
    time_limit
        Seconds for the MILP.
    """
    start = time.perf_counter()
    prob = sizes if isinstance(sizes, LandscapeProblem) else None
    if prob is None:
        if propensity is None:
            raise InputError("give the propensities (source, target, propensity)")
        prob = landscape_problem(sizes, propensity)  # type: ignore[arg-type]
    if method not in ("auto", "exhaustive", "milp"):
        raise InputError(f"method must be auto, exhaustive or milp, not {method!r}")
    use_enum = method == "exhaustive" or (method == "auto" and prob.n <= exhaustive_limit)
    if use_enum and prob.n > 26:
        raise InputError(f"exhaustive enumeration is for at most 26 actors, got {prob.n}")
    w = prob.weights
    if use_enum:
        codes, energies, basins, total = _enumerate(w)
        xs = _bits(codes, prob.n)
        minima = [
            _config(prob, x, e, int(b), int(b) / total)
            for x, e, b in zip(xs, energies, basins, strict=True)
        ]
        best = minima[0]
        exact = True
        how = f"exhaustive enumeration of {total:,} configurations (steepest descent, exact basins)"
        n_starts = total
        notes: list[str] = []
    else:
        best_camp, best_e, status = _global_milp(prob, time_limit)
        xs, energies, basins, n_starts = _sample(w, starts, seed)
        minima = [
            _config(prob, x, e, int(b), int(b) / n_starts)
            for x, e, b in zip(xs, energies, basins, strict=True)
        ]
        glob = _config_from_x(prob, best_camp, best_e)
        key = (tuple(glob.camp_a), tuple(glob.camp_b))
        found = [m for m in minima if (tuple(m.camp_a), tuple(m.camp_b)) == key]
        if found:
            best = found[0]
        else:
            best = Configuration(glob.camp_a, glob.camp_b, glob.energy, 0, 0.0, True)
            minima = sorted([*minima, best], key=lambda m: m.energy)
        exact = False
        how = (
            f"global minimum: weighted frustration MILP (HiGHS, {status}); other local minima "
            f"and basin shares estimated from {n_starts:,} random starts (seed {seed})"
        )
        notes = [
            f"{prob.n} actors is beyond exhaustive enumeration ({exhaustive_limit}); local "
            "minima other than the global one and all basin shares are sampled estimates"
        ]
        total = 1 << (prob.n - 1)
    return LandscapeResult(
        actors=list(prob.actors),
        sizes={a: float(s) for a, s in zip(prob.actors, prob.sizes, strict=True)},
        global_minimum=best,
        local_minima=minima,
        n_configurations=total,
        exact=exact,
        method=how,
        seconds=round(time.perf_counter() - start, 4),
        starts=n_starts,
        missing_pairs=prob.missing_pairs,
        notes=notes,
    )


# --- what-if -----------------------------------------------------------------------------
def apply_scenario(
    problem: LandscapeProblem,
    *,
    set_propensity: Mapping[tuple[Hashable, Hashable], float] | None = None,
    add_propensity: Mapping[tuple[Hashable, Hashable], float] | None = None,
    drop: Sequence[Hashable] = (),
    set_size: Mapping[Hashable, float] | None = None,
) -> LandscapeProblem:
    """A changed problem: set or shift pair propensities, drop actors, set sizes.

    >>> prob = landscape_problem({"a": 1, "b": 1, "c": 1}, pd.DataFrame(
    ...     {"source": ["a"], "target": ["b"], "propensity": [0.5]}))
    >>> new = apply_scenario(prob, set_propensity={("a", "b"): -1.0}, drop=["c"])
    >>> new.actors, new.propensity_of("a", "b")
    (['a', 'b'], -1.0)
    """
    actors = list(problem.actors)
    p = problem.propensity.copy()
    s = problem.sizes.copy()

    def _idx(a: Hashable) -> int:
        if a not in actors:
            raise InputError(f"{a!r} is not an actor of this landscape ({len(actors)} actors)")
        return actors.index(a)

    for pairs, add in ((set_propensity or {}, False), (add_propensity or {}, True)):
        for (a, b), v in pairs.items():
            i, j = _idx(a), _idx(b)
            if i == j:
                raise InputError(f"a propensity needs two different actors, got {a!r} twice")
            if not np.isfinite(v):
                raise InputError(f"propensity for {a}-{b} must be finite")
            p[i, j] = p[j, i] = (p[i, j] + v) if add else v
    for a, v in (set_size or {}).items():
        if not (np.isfinite(v) and v > 0):
            raise InputError(f"size of {a!r} must be a positive number, got {v}")
        s[_idx(a)] = float(v)
    gone = {_idx(a) for a in drop}
    keep = [k for k in range(len(actors)) if k not in gone]
    if len(keep) < 2:
        raise InputError("dropping those actors leaves fewer than two")
    return LandscapeProblem(
        actors=[actors[k] for k in keep],
        sizes=s[keep],
        propensity=p[np.ix_(keep, keep)],
        missing_pairs=problem.missing_pairs,
    )


def camp_switches(base: Configuration, other: Configuration) -> list[Any]:
    """Actors (present in both) whose camp differs, after matching the camps by overlap.

    The camps of ``other`` are paired with those of ``base`` so that the most actors keep
    their side (the labels A/B carry no meaning of their own).

    >>> b = Configuration(["x", "y"], ["z"], 0.0)
    >>> camp_switches(b, Configuration(["z", "y"], ["x"], 0.0))  # y left x for z
    ['y']
    """
    common = set(base.camp_a + base.camp_b) & set(other.camp_a + other.camp_b)
    same = sum(1 for a in common if (a in base.camp_a) == (a in other.camp_a))
    flipped = len(common) - same > same
    moved = [a for a in common if ((a in base.camp_a) == (a in other.camp_a)) == flipped]
    return sorted(moved, key=_sort_key)


# --- internals ---------------------------------------------------------------------------
def _energies(w: np.ndarray, x: np.ndarray) -> np.ndarray:
    """E for rows of x in {-1,+1}: sum_{i<j} w_ij (1 - x_i x_j) / 2."""
    half_total = np.triu(w, 1).sum() / 2.0
    return half_total - np.einsum("ki,ki->k", x @ w, x) / 4.0


def _bits(codes: np.ndarray, n: int) -> np.ndarray:
    """Codes -> x in {-1,+1}: bit k of the code is actor k's camp (bit 1: -1); actor n-1 is +1."""
    x = np.ones((len(codes), n))
    bits = (codes[:, None] >> np.arange(n - 1, dtype=np.int64)) & 1
    x[:, : n - 1] = 1.0 - 2.0 * bits
    return x


def _tolerance(w: np.ndarray) -> float:
    return 1e-10 * max(float(np.abs(w).sum()), 1e-300)


def _enumerate(w: np.ndarray) -> tuple[np.ndarray, np.ndarray, np.ndarray, int]:
    """Energy and steepest-descent successor of every configuration, then basins.

    Codes run in aligned blocks of :math:`2^L`: within a block the low ``L`` bits take every
    value and the high bits are constant, so :math:`W x` is a precomputed table for the low
    bits plus one vector for the block (no matrix product in the loop).
    """
    n = w.shape[0]
    total = 1 << (n - 1)
    low = min(n - 1, 15)
    block = 1 << low
    x_low = _bits(np.arange(block, dtype=np.int64), low + 1)[:, :low]  # (block, low)
    h_low = x_low @ w[:low, :]  # (block, n)
    tol = _tolerance(w)
    const = np.triu(w, 1).sum() / 2.0
    mask = np.int64(total - 1)
    codes_low = np.arange(block, dtype=np.int64)
    succ = np.empty(total, dtype=np.int64)
    energies = np.empty(total)
    rows = np.arange(block)
    for hi in range(total // block):
        x_high = np.ones(n - low)
        x_high[: n - 1 - low] = 1.0 - 2.0 * ((hi >> np.arange(n - 1 - low)) & 1)
        h = h_low + x_high @ w[low:, :]
        delta = np.empty_like(h)
        np.multiply(x_low, h[:, :low], out=delta[:, :low])
        np.multiply(x_high, h[:, low:], out=delta[:, low:])
        k = np.argmin(delta, axis=1)
        best = delta[rows, k]
        codes = codes_low + np.int64(hi * block)
        nxt = codes.copy()
        flip = (best < -tol) & (k < n - 1)
        nxt[flip] ^= np.int64(1) << k[flip].astype(np.int64)
        mirror = (best < -tol) & (k == n - 1)  # moving the anchored actor: the mirror image
        nxt[mirror] ^= mask
        sl = slice(hi * block, (hi + 1) * block)
        succ[sl] = nxt
        energies[sl] = const - delta.sum(axis=1) / 4.0
    root = _roots(succ)
    basins = np.bincount(root, minlength=total)
    minima = np.flatnonzero(succ == np.arange(total))
    order = np.lexsort((minima, energies[minima]))
    minima = minima[order]
    return minima, energies[minima], basins[minima], total


def _roots(succ: np.ndarray) -> np.ndarray:
    """Follow the successor map to its fixed points by pointer jumping."""
    root = succ.copy()
    while True:
        nxt = root[root]
        if np.array_equal(nxt, root):
            return root
        root = nxt


def _sample(
    w: np.ndarray, starts: int, seed: int
) -> tuple[np.ndarray, np.ndarray, np.ndarray, int]:
    """Steepest descent from random starts: distinct minima (rows of x), energies, counts."""
    n = w.shape[0]
    if starts < 1:
        raise InputError("starts must be at least 1")
    rng = np.random.default_rng(seed)
    x = rng.choice(np.array([-1.0, 1.0]), size=(starts, n))
    x *= x[:, -1:]  # anchor the last actor in camp +1
    tol = _tolerance(w)
    active = np.ones(starts, dtype=bool)
    for _ in range(50 * n + 50):
        idx = np.flatnonzero(active)
        if not len(idx):
            break
        xa = x[idx]
        delta = xa * (xa @ w)
        k = np.argmin(delta, axis=1)
        move = delta[np.arange(len(k)), k] < -tol
        rows, cols = idx[move], k[move]
        x[rows, cols] *= -1.0
        active[idx[~move]] = False
        x[rows] *= x[rows, -1:]
    keys, counts = np.unique(x > 0, axis=0, return_counts=True)
    xs = np.where(keys, 1.0, -1.0)
    e = _energies(w, xs)
    order = np.argsort(e, kind="stable")
    return xs[order], e[order], counts[order], starts


def _global_milp(prob: LandscapeProblem, time_limit: float) -> tuple[np.ndarray, float, str]:
    from multipolar.measures.balance import SignedGraph, frustration_index

    w = prob.weights
    iu, ju = np.triu_indices(prob.n, 1)
    wv = w[iu, ju]
    nz = np.abs(wv) > 0
    if not nz.any():
        return np.ones(prob.n), 0.0, "no ties"
    g = SignedGraph(
        nodes=list(range(prob.n)),
        i=iu[nz].astype(np.int64),
        j=ju[nz].astype(np.int64),
        sign=np.where(wv[nz] > 0, 1, -1).astype(np.int8),
        weight=np.abs(wv[nz]),
    )
    res = frustration_index(g, weighted=True, time_limit=time_limit)
    x = -np.ones(prob.n)
    x[list(res.partition["camp_a"])] = 1.0
    status = "optimal" if res.optimal else f"gap {res.gap:.2%} at the time limit"
    return x, float(_energies(w, x[None, :])[0]), status


def _config(
    prob: LandscapeProblem, x: np.ndarray, e: float, basin: int, share: float
) -> Configuration:
    c = _config_from_x(prob, x, e)
    return Configuration(c.camp_a, c.camp_b, c.energy, basin, round(share, 12), True)


def _config_from_x(prob: LandscapeProblem, x: np.ndarray, e: float) -> Configuration:
    big = int(np.argmax(prob.sizes))  # camp A: the side of the largest actor (first if tied)
    side = x[big]
    a = [prob.actors[k] for k in range(prob.n) if x[k] == side]
    b = [prob.actors[k] for k in range(prob.n) if x[k] != side]
    return Configuration(a, b, _clean(e), None, None, True)


def _sort_key(v: Hashable) -> tuple[int, Any]:
    if isinstance(v, (int, np.integer)):
        return (0, int(v))
    if isinstance(v, float) and float(v).is_integer():
        return (0, int(v))
    return (1, str(v))


def _clean(value: float) -> float:
    r = round(float(value), 10)
    return 0.0 if r == 0 else r
