r"""Structural balance of signed networks: triad census and the exact frustration index.

A signed network has friendly (+) and hostile (-) ties. Heider's balance theory ("the
enemy of my enemy is my friend") calls a triangle *balanced* when the product of its signs
is positive (+++, +--) and *unbalanced* otherwise (++-, ---). Cartwright & Harary (1956)
showed that a network is balanced -- all its cycles positive -- exactly when its nodes
split into two camps with every + tie inside a camp and every - tie between them.

**Frustration index** (line index of balance; Harary 1959). The least number of edges --
or least total weight -- whose removal (equivalently, sign change) makes the network
balanced:

.. math::

    L(G) = \min_{s \in \{-1, 1\}^n} \sum_{(i,j) \in E} w_{ij}\,
           \frac{1 - \sigma_{ij} s_i s_j}{2},

the minimum over all two-camp partitions :math:`s` of the weight of *frustrated* edges (+
between camps, - within). :math:`0 \le L(G) \le m/2` for :math:`m` unit-weight edges;
the normalised balance index :math:`1 - 2L/m` is 1 for a balanced network (Aref & Wilson
2019). Computing :math:`L` is NP-hard; this module solves it **exactly** as a binary linear
program, the "AND" model of Aref, Mason & Wilson (2018, 2020): binary :math:`x_i` (camp),
continuous :math:`y_{ij} = x_i \wedge x_j`, the frustration of a + edge
:math:`x_i + x_j - 2y_{ij}` (with :math:`y_{ij} \le x_i, y_{ij} \le x_j`), of a - edge
:math:`1 - x_i - x_j + 2y_{ij}` (with :math:`y_{ij} \ge x_i + x_j - 1`), one node per
connected component fixed to camp 1 (the two mirror-image optima are the same partition),
and the valid inequality "at least one frustrated edge in every unbalanced triangle" as
cuts. The MILP is solved by HiGHS (through ``scipy.optimize.milp``, presolve off: HiGHS's
presolve does not watch the clock, and on 100,000 edges it ran for minutes past a 5 s limit,
while the solve is as fast without it on the benchmark graphs).

A fast heuristic runs first -- the sign pattern of the leading eigenvector of the signed
adjacency matrix, then seeded random restarts, each improved by greedy single-node moves
until no move lowers the frustration. It gives an upper bound; a frustration of 0 is optimal
at once (no solve is needed). The time limit covers the whole computation (census,
heuristic, solve): when it is reached the result is the best partition found, ``optimal`` is
False and ``gap`` is :math:`(UB - LB)/UB` with HiGHS's proven lower bound (0 if the solve did
not start). ``method`` says which of these happened.

Missing data: nodes without edges are placed in ``camp_a``; a pair listed twice with the
same sign keeps the larger weight, with opposite signs it is an error here (resolve it
when building the network: :func:`combine_signed`).

References
----------
Cartwright, D. & Harary, F. (1956). Structural balance: a generalization of Heider's
theory. *Psychological Review* 63(5): 277-293. doi:10.1037/h0046049

Harary, F. (1959). On the measurement of structural balance. *Behavioral Science* 4(4):
316-323. doi:10.1002/bs.3830040405

Aref, S., Mason, A. J. & Wilson, M. C. (2018). Computing the line index of balance using
integer programming optimisation. In *Optimization Problems in Graph Theory*, 65-84.
Springer. doi:10.1007/978-3-319-94830-0_3

Aref, S., Mason, A. J. & Wilson, M. C. (2020). A modeling and computational study of the
frustration index in signed networks. *Networks* 75(1): 95-110. doi:10.1002/net.21907

Aref, S. & Wilson, M. C. (2019). Balance and frustration in signed networks. *Journal of
Complex Networks* 7(2): 163-189. doi:10.1093/comnet/cny015

Example
-------
>>> import pandas as pd
>>> tri = pd.DataFrame({"source": ["A", "A", "B"], "target": ["B", "C", "C"],
...                     "sign": [-1, -1, -1]})
>>> res = frustration_index(tri)
>>> res.frustration, res.optimal, res.triads["unbalanced"]
(1.0, True, 1)
"""

from __future__ import annotations

import time
from collections.abc import Hashable, Sequence
from dataclasses import dataclass, field
from typing import Any, Literal

import numpy as np
import pandas as pd
from scipy import sparse
from scipy.optimize import Bounds, LinearConstraint, milp

from multipolar.errors import InputError

#: the exact solve is not started with less time than this left (seconds)
_MIN_SOLVE_SECONDS = 0.2

__all__ = [
    "BalanceResult",
    "SignedGraph",
    "combine_signed",
    "frustration_brute_force",
    "frustration_heuristic",
    "frustration_index",
    "signed_graph",
    "triad_census",
]


@dataclass(frozen=True)
class SignedGraph:
    """A validated signed graph: ``nodes`` (sorted labels) and edges as index arrays."""

    nodes: list[Hashable]
    i: np.ndarray  # int64, i < j
    j: np.ndarray
    sign: np.ndarray  # +1 / -1 (int8)
    weight: np.ndarray  # float64 > 0

    @property
    def n(self) -> int:
        return len(self.nodes)

    @property
    def m(self) -> int:
        return len(self.i)

    def frustration_of(self, camp: np.ndarray) -> float:
        """Weight of edges frustrated by a 0/1 camp vector."""
        same = camp[self.i] == camp[self.j]
        frustrated = np.where(self.sign > 0, ~same, same)
        return float(self.weight[frustrated].sum())


@dataclass(frozen=True)
class BalanceResult:
    """Frustration index, optimal two-camp partition and triad census of a signed graph."""

    nodes: int
    edges: int
    frustration: float
    partition: dict[str, list[Any]]
    optimal: bool
    gap: float
    seconds: float
    unbalanced_triads: list[list[Any]]
    triads: dict[str, Any]
    lower_bound: float
    heuristic: float
    balance_index: float
    frustrated_edges: list[list[Any]] = field(default_factory=list)
    method: str = ""

    def to_dict(self) -> dict[str, Any]:
        """JSON-ready record (the issue's keys first)."""
        return {
            "nodes": self.nodes,
            "edges": self.edges,
            "frustration": self.frustration,
            "partition": self.partition,
            "optimal": self.optimal,
            "gap": self.gap,
            "seconds": self.seconds,
            "unbalanced_triads": self.unbalanced_triads,
            "triads": self.triads,
            "lower_bound": self.lower_bound,
            "heuristic": self.heuristic,
            "balance_index": self.balance_index,
            "frustrated_edges": self.frustrated_edges,
            "method": self.method,
        }


# --- building ----------------------------------------------------------------------------
def signed_graph(
    edges: pd.DataFrame, *, nodes: Sequence[Hashable] | None = None, weighted: bool = False
) -> SignedGraph:
    """Validate an edge table ``source, target, sign[, weight]`` into a :class:`SignedGraph`.

    ``sign`` is anything whose sign is taken (+1/-1, "+"/"-" strings too); zero signs and
    missing rows are errors. Without ``weighted`` every edge weighs 1. ``nodes`` adds
    isolated nodes (and must contain every endpoint).
    """
    need = {"source", "target", "sign"} - set(edges.columns)
    if need:
        raise InputError(f"edge list lacks column(s) {sorted(need)}; need source,target,sign")
    df = edges.copy()
    if df[["source", "target", "sign"]].isna().any().any():
        raise InputError("edge list has missing source, target or sign")
    df["sign"] = df["sign"].map(_parse_sign)
    if weighted and "weight" in df.columns:
        w = pd.to_numeric(df["weight"], errors="coerce")
        if w.isna().any() or (w <= 0).any():
            raise InputError("edge weights must be positive numbers")
        df["weight"] = w.astype(float)
    else:
        df["weight"] = 1.0
    if (df["source"] == df["target"]).any():
        raise InputError("edge list has self-loops (source == target)")
    labels = set(df["source"]).union(df["target"])
    if nodes is not None:
        extra = labels - set(nodes)
        if extra:
            shown = sorted(map(str, extra))[:5]
            raise InputError(f"edges name nodes not in the node list: {shown}")
        labels |= set(nodes)
    ordered = sorted(labels, key=_sort_key)
    index = {v: k for k, v in enumerate(ordered)}
    a = df["source"].map(index).to_numpy(dtype=np.int64)
    b = df["target"].map(index).to_numpy(dtype=np.int64)
    df["i"], df["j"] = np.minimum(a, b), np.maximum(a, b)
    agg = df.groupby(["i", "j"], sort=True).agg(
        smin=("sign", "min"), smax=("sign", "max"), weight=("weight", "max")
    )
    clash = agg[agg["smin"] != agg["smax"]]
    if len(clash):
        i0, j0 = clash.index[0]
        raise InputError(
            f"pair ({ordered[i0]}, {ordered[j0]}) is listed as both + and -; "
            "resolve it first (combine_signed's conflict rule)"
        )
    return SignedGraph(
        nodes=ordered,
        i=agg.index.get_level_values(0).to_numpy(dtype=np.int64),
        j=agg.index.get_level_values(1).to_numpy(dtype=np.int64),
        sign=agg["smin"].to_numpy(dtype=np.int8),
        weight=agg["weight"].to_numpy(dtype=float),
    )


def combine_signed(
    positive: pd.DataFrame,
    negative: pd.DataFrame,
    *,
    conflict: Literal["negative", "positive", "drop"] = "negative",
) -> pd.DataFrame:
    """Merge positive and negative pair tables (``ccode1, ccode2``) into a signed edge list.

    A pair in both is resolved by ``conflict``: ``"negative"`` (default: a rivalry or a
    dispute is a dyad-specific hostile relation that overrides a generic, often multilateral
    friendly one such as NATO membership for Greece and Turkey), ``"positive"`` or
    ``"drop"``. Returns ``source, target, sign`` with ``source < target``.

    >>> pos = pd.DataFrame({"ccode1": [350, 2], "ccode2": [640, 20]})
    >>> neg = pd.DataFrame({"ccode1": [640], "ccode2": [350]})
    >>> combine_signed(pos, neg).to_dict("records")
    [{'source': 2, 'target': 20, 'sign': 1}, {'source': 350, 'target': 640, 'sign': -1}]
    """
    if conflict not in ("negative", "positive", "drop"):
        raise InputError(f"conflict must be negative, positive or drop, got {conflict!r}")
    p, n = _pairs(positive), _pairs(negative)
    both = p & n
    if conflict == "negative":
        p -= both
    elif conflict == "positive":
        n -= both
    else:
        p -= both
        n -= both
    rows = [(a, b, 1) for a, b in p] + [(a, b, -1) for a, b in n]
    rows.sort()
    return pd.DataFrame(rows, columns=["source", "target", "sign"])


# --- triads ------------------------------------------------------------------------------
def triad_census(edges: pd.DataFrame | SignedGraph, *, max_listed: int = 1000) -> dict[str, Any]:
    """Count the closed triads by sign pattern and list the unbalanced ones.

    Returns ``{triangles, balanced, unbalanced, by_type: {"+++", "+--", "++-", "---"},
    unbalanced_triads: [[a, b, c, pattern], ...] (at most max_listed), listed_all}``.

    >>> g = pd.DataFrame({"source": [1, 1, 2, 3], "target": [2, 3, 3, 4], "sign": [1, 1, -1, 1]})
    >>> t = triad_census(g)
    >>> t["triangles"], t["unbalanced"], t["unbalanced_triads"]
    (1, 1, [[1, 2, 3, '++-']])
    """
    g = edges if isinstance(edges, SignedGraph) else signed_graph(edges)
    return _census(g, *_triangles(g), max_listed=max_listed)


def _census(
    g: SignedGraph, tri: np.ndarray, signs: np.ndarray, *, max_listed: int
) -> dict[str, Any]:
    npos = (signs > 0).sum(axis=1) if len(tri) else np.zeros(0, dtype=int)
    patterns = {3: "+++", 2: "++-", 1: "+--", 0: "---"}
    by_type = {p: int((npos == k).sum()) for k, p in patterns.items()}
    unbalanced = (npos == 2) | (npos == 0)
    first = tri[unbalanced][:max_listed], npos[unbalanced][:max_listed]
    listed = [
        [g.nodes[a], g.nodes[b], g.nodes[c], patterns[int(k)]]
        for (a, b, c), k in zip(*first, strict=True)
    ]
    n_unb = int(unbalanced.sum())
    return {
        "triangles": len(tri),
        "balanced": len(tri) - n_unb,
        "unbalanced": n_unb,
        "by_type": {k: by_type[k] for k in ("+++", "+--", "++-", "---")},
        "unbalanced_triads": listed,
        "listed_all": n_unb <= max_listed,
    }


# --- frustration -------------------------------------------------------------------------
def frustration_index(
    edges: pd.DataFrame | SignedGraph,
    *,
    weighted: bool = False,
    time_limit: float = 30.0,
    seed: int = 0,
    restarts: int = 10,
    max_cuts: int = 200_000,
    max_listed: int = 1000,
) -> BalanceResult:
    """Exact frustration index and optimal two-camp partition (see the module docstring).

    Parameters
    ----------
    edges:
        ``source, target, sign[, weight]`` (or a :class:`SignedGraph`).
    weighted:
        Minimise frustrated *weight* instead of the number of frustrated edges.
    time_limit:
        Seconds for the whole computation (triad census, heuristic and exact solve); past it
        the best partition found is returned with its gap. Must be positive.
    seed, restarts:
        Seed and number of random restarts of the heuristic upper bound.
    max_cuts:
        At most this many unbalanced-triangle cuts are added to the MILP.
    """
    if not time_limit > 0:
        raise InputError(f"the time limit must be a positive number of seconds, not {time_limit}")
    start = time.perf_counter()
    deadline = start + float(time_limit)
    g = edges if isinstance(edges, SignedGraph) else signed_graph(edges, weighted=weighted)
    tri, tri_signs = _triangles(g)
    census = _census(g, tri, tri_signs, max_listed=max_listed)
    h_value, h_camp = frustration_heuristic(g, seed=seed, restarts=restarts, deadline=deadline)
    camp, ub, lb, optimal = h_camp, h_value, 0.0, h_value == 0.0
    if not g.m or optimal:
        how = "no edges" if not g.m else "the heuristic found a balanced partition (frustration 0)"
        status = f"optimal: {how}; no solve needed"
        lb = ub
    elif deadline - time.perf_counter() < _MIN_SOLVE_SECONDS:
        status = (
            f"not optimal: the {time_limit:g} s time limit was spent before the exact solve "
            "could start; heuristic partition, lower bound 0"
        )
    else:
        remaining = deadline - time.perf_counter()
        m_camp, m_value, m_lb, m_opt, solver = _solve_milp(
            g, time_limit=remaining, max_cuts=max_cuts, triangles=(tri, tri_signs)
        )
        lb = m_lb
        if m_camp is not None and m_value < ub - 1e-9:
            camp, ub = m_camp, m_value
        optimal = m_opt or ub - lb < 1e-6 or (not weighted and ub - lb < 1 - 1e-6)
        if optimal:
            lb = ub
            status = "optimal: proven by the exact solve (HiGHS MILP)"
        else:
            status = (
                f"not optimal: the exact solve stopped ({solver}); best partition found, with "
                "the gap to the proven lower bound"
            )
    ub = _clean(ub)
    lb = _clean(lb)
    gap = 0.0 if optimal or ub == 0 else round((ub - lb) / ub, 6)
    camp = _orient(g, camp)
    same = camp[g.i] == camp[g.j]
    frustrated = np.where(g.sign > 0, ~same, same)
    total = float(g.weight.sum())
    return BalanceResult(
        nodes=g.n,
        edges=g.m,
        frustration=ub,
        partition={
            "camp_a": [g.nodes[k] for k in np.flatnonzero(camp == 1)],
            "camp_b": [g.nodes[k] for k in np.flatnonzero(camp == 0)],
        },
        optimal=bool(optimal),
        gap=gap,
        seconds=round(time.perf_counter() - start, 4),
        unbalanced_triads=census["unbalanced_triads"],
        triads={k: v for k, v in census.items() if k != "unbalanced_triads"},
        lower_bound=lb,
        heuristic=_clean(h_value),
        balance_index=round(1 - 2 * ub / total, 6) if total else 1.0,
        frustrated_edges=[
            [g.nodes[a], g.nodes[b], int(s)]
            for a, b, s in zip(g.i[frustrated], g.j[frustrated], g.sign[frustrated], strict=True)
        ],
        method=f"milp-and-model[highs] ({status}; time limit {time_limit:g} s)",
    )


def frustration_heuristic(
    edges: pd.DataFrame | SignedGraph,
    *,
    seed: int = 0,
    restarts: int = 10,
    deadline: float | None = None,
) -> tuple[float, np.ndarray]:
    """Upper bound: spectral start plus seeded random restarts, each locally optimised.

    Returns ``(frustration, camp)`` with ``camp`` a 0/1 vector over the sorted nodes.
    Local search moves the node whose move lowers the frustration most, until none does
    (a 1-opt local optimum). With ``deadline`` (a ``time.perf_counter()`` value), no restart
    begins after half the time left at the call has passed (the spectral start always runs).
    """
    g = edges if isinstance(edges, SignedGraph) else signed_graph(edges)
    if g.n == 0:
        return 0.0, np.zeros(0, dtype=np.int8)
    w = sparse.coo_matrix(
        (np.r_[g.sign * g.weight, g.sign * g.weight], (np.r_[g.i, g.j], np.r_[g.j, g.i])),
        shape=(g.n, g.n),
    ).tocsr()
    starts = [_spectral_start(w)]
    rng = np.random.default_rng(seed)
    starts += [rng.choice(np.array([-1.0, 1.0]), size=g.n) for _ in range(restarts)]
    best_value, best = np.inf, starts[0]
    now = time.perf_counter()
    stop = None if deadline is None else now + max(deadline - now, 0.0) / 2
    for k, s0 in enumerate(starts):
        if k and stop is not None and time.perf_counter() > stop:
            break
        s = _local_search(w, s0.copy())
        value = g.frustration_of((s > 0).astype(np.int8))
        if value < best_value - 1e-12:
            best_value, best = value, s
    return best_value, (best > 0).astype(np.int8)


def frustration_brute_force(edges: pd.DataFrame | SignedGraph) -> tuple[float, np.ndarray]:
    """Exhaustive minimum over all :math:`2^{n-1}` partitions (n <= 24); for testing.

    >>> sq = pd.DataFrame({"source": [1, 2, 3, 4], "target": [2, 3, 4, 1],
    ...                    "sign": [1, 1, 1, -1]})
    >>> frustration_brute_force(sq)[0]
    1.0
    """
    g = edges if isinstance(edges, SignedGraph) else signed_graph(edges)
    if g.n > 24:
        raise InputError(f"brute force is for small graphs (n <= 24), got n = {g.n}")
    if g.n <= 1 or g.m == 0:
        return 0.0, np.ones(g.n, dtype=np.int8)
    bits = np.arange(g.n - 1, dtype=np.int64)
    best_value, best = np.inf, np.ones(g.n, dtype=np.int8)
    total = 1 << (g.n - 1)
    chunk = 1 << 14
    for lo in range(0, total, chunk):
        codes = np.arange(lo, min(lo + chunk, total), dtype=np.int64)
        camps = np.ones((len(codes), g.n), dtype=np.int8)  # node n-1 fixed in camp 1
        camps[:, :-1] = (codes[:, None] >> bits) & 1
        same = camps[:, g.i] == camps[:, g.j]
        frustrated = np.where(g.sign > 0, ~same, same)
        values = frustrated @ g.weight
        k = int(np.argmin(values))
        if values[k] < best_value - 1e-12:
            best_value, best = float(values[k]), camps[k].copy()
    return best_value, best


# --- helpers -----------------------------------------------------------------------------
def _parse_sign(value: Any) -> int:
    if isinstance(value, str):
        text = value.strip().lower()
        table = {"+": 1, "-": -1, "positive": 1, "negative": -1, "pos": 1, "neg": -1}
        if text in table:
            return table[text]
        try:
            value = float(text)
        except ValueError as exc:
            raise InputError(f"cannot read sign {value!r}; use +1/-1 or +/-") from exc
    v = float(value)
    if v == 0 or np.isnan(v):
        raise InputError("edge signs must be positive or negative, not 0")
    return 1 if v > 0 else -1


def _sort_key(v: Hashable) -> tuple[int, Any]:
    if isinstance(v, (int, np.integer)):
        return (0, int(v))
    if isinstance(v, float) and float(v).is_integer():
        return (0, int(v))
    return (1, str(v))


def _pairs(df: pd.DataFrame) -> set[tuple[int, int]]:
    if df is None or len(df) == 0:
        return set()
    a = df["ccode1"].astype("int64").to_numpy()
    b = df["ccode2"].astype("int64").to_numpy()
    keep = a != b
    return set(zip(np.minimum(a, b)[keep].tolist(), np.maximum(a, b)[keep].tolist(), strict=True))


def _triangles(g: SignedGraph) -> tuple[np.ndarray, np.ndarray]:
    """All triangles (a < b < c, node indices) and their signs (ab, ac, bc).

    Uses a dense int8 sign matrix (n^2 bytes: 25 MB at 5,000 nodes).
    """
    empty = np.zeros((0, 3), dtype=np.int64), np.zeros((0, 3), dtype=np.int8)
    if g.m < 3:
        return empty
    sm = np.zeros((g.n, g.n), dtype=np.int8)
    sm[g.i, g.j] = g.sign
    sm[g.j, g.i] = g.sign
    out_t, out_s = [], []
    for a in range(g.n - 2):
        nb = np.flatnonzero(sm[a, a + 1 :]) + a + 1
        if len(nb) < 2:
            continue
        sub = np.triu(sm[np.ix_(nb, nb)], k=1)
        bi, ci = np.nonzero(sub)
        if len(bi) == 0:
            continue
        b, c = nb[bi], nb[ci]
        out_t.append(np.column_stack([np.full(len(b), a), b, c]))
        out_s.append(np.column_stack([sm[a, b], sm[a, c], sub[bi, ci]]))
    if not out_t:
        return empty
    return np.vstack(out_t).astype(np.int64), np.vstack(out_s).astype(np.int8)


def _spectral_start(w: sparse.csr_matrix) -> np.ndarray:
    n = w.shape[0]
    dense = w.toarray() if n <= 1000 else None  # dense eigh is O(n^3): 10 s at 3,000 nodes
    if dense is not None:
        _, vecs = np.linalg.eigh(dense)
        v = vecs[:, -1]
    else:
        from scipy.sparse.linalg import ArpackNoConvergence, eigsh

        try:
            v = eigsh(w.astype(float), k=1, which="LA", maxiter=20 * n, tol=1e-6)[1][:, 0]
        except ArpackNoConvergence as exc:  # a start only: any vector will do
            v = exc.eigenvectors[:, 0] if exc.eigenvectors.size else np.ones(n)
    s = np.where(v >= 0, 1.0, -1.0)
    return s


def _local_search(w: sparse.csr_matrix, s: np.ndarray) -> np.ndarray:
    h = w @ s
    indptr, indices, data = w.indptr, w.indices, w.data
    for _ in range(10 * len(s) + 10):
        gain = s * h  # flipping node k changes frustration by s_k h_k
        k = int(np.argmin(gain))
        if gain[k] >= -1e-12:
            break
        nb = indices[indptr[k] : indptr[k + 1]]
        h[nb] -= 2.0 * data[indptr[k] : indptr[k + 1]] * s[k]
        s[k] = -s[k]
    return s


def _components(g: SignedGraph) -> np.ndarray:
    from scipy.sparse.csgraph import connected_components

    adj = sparse.coo_matrix((np.ones(g.m), (g.i, g.j)), shape=(g.n, g.n))
    return connected_components(adj, directed=False)[1]


def _solve_milp(
    g: SignedGraph,
    *,
    time_limit: float,
    max_cuts: int,
    triangles: tuple[np.ndarray, np.ndarray] | None = None,
) -> tuple[np.ndarray | None, float, float, bool, str]:
    n, m = g.n, g.m
    pos = g.sign > 0
    e = np.arange(m)
    # objective: const + c.x + d.y
    c = np.zeros(n + m)
    np.add.at(c, g.i, np.where(pos, g.weight, -g.weight))
    np.add.at(c, g.j, np.where(pos, g.weight, -g.weight))
    c[n:] = np.where(pos, -2.0 * g.weight, 2.0 * g.weight)
    const = float(g.weight[~pos].sum())
    rows, cols, vals, lo, hi = [], [], [], [], []
    r = 0
    pe = e[pos]  # y - x_i <= 0, y - x_j <= 0
    for endpoint in (g.i[pos], g.j[pos]):
        k = len(pe)
        rr = np.arange(r, r + k)
        rows += [rr, rr]
        cols += [n + pe, endpoint]
        vals += [np.ones(k), -np.ones(k)]
        lo.append(np.full(k, -np.inf))
        hi.append(np.zeros(k))
        r += k
    ne = e[~pos]  # y - x_i - x_j >= -1
    k = len(ne)
    rr = np.arange(r, r + k)
    rows += [rr, rr, rr]
    cols += [n + ne, g.i[~pos], g.j[~pos]]
    vals += [np.ones(k), -np.ones(k), -np.ones(k)]
    lo.append(np.full(k, -1.0))
    hi.append(np.full(k, np.inf))
    r += k
    tri, signs = triangles if triangles is not None else _triangles(g)
    r = _triangle_cuts(g, tri, signs, rows, cols, vals, lo, hi, r, max_cuts)
    a = sparse.coo_matrix(
        (np.concatenate(vals), (np.concatenate(rows), np.concatenate(cols))), shape=(r, n + m)
    ).tocsr()
    lower = np.zeros(n + m)
    upper = np.ones(n + m)
    comp = _components(g)
    deg = np.bincount(np.r_[g.i, g.j], minlength=n)
    for label in np.unique(comp):  # fix the highest-degree node of each component to camp 1
        members = np.flatnonzero(comp == label)
        lower[members[np.argmax(deg[members])]] = 1.0
    integrality = np.r_[np.ones(n), np.zeros(m)]
    res = milp(
        c,
        constraints=LinearConstraint(a, np.concatenate(lo), np.concatenate(hi)),
        integrality=integrality,
        bounds=Bounds(lower, upper),
        options={
            "disp": False,
            "time_limit": float(time_limit),
            "mip_rel_gap": 0.0,
            "presolve": False,
        },
    )
    bound = getattr(res, "mip_dual_bound", None)
    lb = const + float(bound) if bound is not None and np.isfinite(bound) else 0.0
    if res.x is None:
        return None, np.inf, max(lb, 0.0), False, str(res.message).split(".")[0].lower()
    camp = (res.x[:n] > 0.5).astype(np.int8)
    value = g.frustration_of(camp)
    optimal = res.status == 0
    status = "optimal" if optimal else str(res.message).split(".")[0].lower()
    return camp, value, max(lb, 0.0), optimal, status


def _triangle_cuts(
    g: SignedGraph,
    tri: np.ndarray,
    signs: np.ndarray,
    rows: list[np.ndarray],
    cols: list[np.ndarray],
    vals: list[np.ndarray],
    lo: list[np.ndarray],
    hi: list[np.ndarray],
    r: int,
    max_cuts: int,
) -> int:
    """Add f_ab + f_ac + f_bc >= 1 for unbalanced triangles (f written in x and y)."""
    if len(tri) == 0:
        return r
    unb = np.prod(signs.astype(np.int64), axis=1) < 0
    tri, signs = tri[unb][:max_cuts], signs[unb][:max_cuts]
    if len(tri) == 0:
        return r
    n = g.n
    edge_id = {(int(a), int(b)): k for k, (a, b) in enumerate(zip(g.i, g.j, strict=True))}
    k = len(tri)
    rr = np.arange(r, r + k)
    rhs = np.ones(k)
    for (p, q), col in (((0, 1), 0), ((0, 2), 1), ((1, 2), 2)):
        a, b, s = tri[:, p], tri[:, q], signs[:, col]
        y = np.fromiter((edge_id[(int(u), int(v))] for u, v in zip(a, b, strict=True)), np.int64, k)
        # + edge: f = x_a + x_b - 2y ; - edge: f = 1 - x_a - x_b + 2y
        sx = np.where(s > 0, 1.0, -1.0)
        rows += [rr, rr, rr]
        cols += [a, b, n + y]
        vals += [sx, sx, -2.0 * sx]
        rhs -= np.where(s > 0, 0.0, 1.0)
    lo.append(rhs)
    hi.append(np.full(k, np.inf))
    return r + k


def _orient(g: SignedGraph, camp: np.ndarray) -> np.ndarray:
    """Put each component's larger side in camp 1 (ties: the side of its smallest node)."""
    camp = camp.astype(np.int8).copy()
    if g.n == 0:
        return camp
    comp = _components(g)
    for label in np.unique(comp):
        members = np.flatnonzero(comp == label)
        ones = int(camp[members].sum())
        zeros = len(members) - ones
        if zeros > ones or (zeros == ones and camp[members[0]] == 0):
            camp[members] = 1 - camp[members]
    return camp


def _clean(value: float) -> float:
    r = round(float(value), 9)
    return float(round(r)) if abs(r - round(r)) < 1e-6 else r
