"""Exact frustration index: speed and correctness against brute force and planted optima.

Run: ``MULTIPOLAR_MIRROR=../shared/data python benchmarks/balance.py``. Prints, for each
case, nodes, edges, the optimum (with the heuristic bound), time, peak memory (max RSS)
and, where feasible, the brute-force time and ratio; asserts equal results.
"""

from __future__ import annotations

import os
import resource
import time

import numpy as np
import pandas as pd

from multipolar.measures.balance import (
    frustration_brute_force,
    frustration_heuristic,
    frustration_index,
    signed_graph,
)


def _rss_mb() -> float:
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024


def planted(n: int, degree: float, k: int, seed: int) -> pd.DataFrame:
    """Random graph (mean degree ``degree``) signed by a planted 2-camp split, k signs flipped."""
    rng = np.random.default_rng(seed)
    side = rng.integers(0, 2, n)
    i, j = np.triu_indices(n, 1)
    keep = rng.random(len(i)) < degree / (n - 1)
    i, j = i[keep], j[keep]
    sign = np.where(side[i] == side[j], 1, -1)
    flip = rng.choice(len(i), size=min(k, len(i)), replace=False)
    sign[flip] *= -1
    return pd.DataFrame({"source": i, "target": j, "sign": sign})


def main() -> None:
    print(
        f"{'case':<34}{'nodes':>6}{'edges':>7}{'L':>7}{'heur':>7}{'opt':>6}{'gap':>7}"
        f"{'milp s':>9}{'brute s':>9}{'ratio':>8}{'rss MB':>8}"
    )

    def row(case, g, res, t, brute_t=None):
        ratio = f"{brute_t / t:8.1f}" if brute_t else f"{'':>8}"
        bt = f"{brute_t:9.2f}" if brute_t else f"{'':>9}"
        print(
            f"{case:<34}{g.n:>6}{g.m:>7}{res.frustration:>7g}{res.heuristic:>7g}"
            f"{res.optimal!s:>6}{res.gap:>7.3f}{t:>9.2f}{bt}{ratio}{_rss_mb():>8.0f}"
        )

    # 1. 20-node graphs: exact MILP vs exhaustive enumeration (2^19 partitions)
    for seed in range(3):
        df = planted(20, 6, 6, seed)
        g = signed_graph(df)
        t0 = time.perf_counter()
        res = frustration_index(g)
        t = time.perf_counter() - t0
        t0 = time.perf_counter()
        brute, _ = frustration_brute_force(g)
        bt = time.perf_counter() - t0
        assert res.optimal and res.frustration == brute, (res.frustration, brute)
        row(f"20 nodes, seed {seed}", g, res, t, bt)

    # 2. planted partitions, k flipped edges: the optimum is never above k
    for n in (50, 100, 200, 500):
        df = planted(n, 8, max(n // 10, 2), 1)
        k = max(n // 10, 2)
        g = signed_graph(df)
        t0 = time.perf_counter()
        res = frustration_index(g, time_limit=60)
        t = time.perf_counter() - t0
        assert res.frustration <= k, (res.frustration, k)
        row(f"planted n={n}, k={k}", g, res, t)

    # 3. the signed networks of all states in one year (real data, through the store)
    if os.environ.get("MULTIPOLAR_MIRROR"):
        from multipolar.explain.system import balance_for_year
        from multipolar.store import connect

        st = connect()
        for year, pos, neg in [
            (1985, ("alliances",), ("rivalries", "mids")),
            (2000, ("alliances", "agreement"), ("rivalries", "mids", "agreement")),
            (2015, ("agreement",), ("agreement",)),
        ]:
            sb = balance_for_year(st, year, positive=pos, negative=neg, time_limit=30)
            g = signed_graph(sb.edges)
            t0 = time.perf_counter()
            res = frustration_index(g, time_limit=30)
            t = time.perf_counter() - t0
            heur, _ = frustration_heuristic(g)
            assert res.frustration <= heur
            row(f"{year} {'+'.join(pos)} / {'+'.join(neg)}"[:33], g, res, t)
        st.close()


if __name__ == "__main__":
    main()
