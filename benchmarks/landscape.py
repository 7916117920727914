"""Landscape theory: vectorised exact enumeration vs a plain-Python enumeration, and the MILP.

Run: ``MULTIPOLAR_MIRROR=../shared/data python benchmarks/landscape.py``. For random
instances it times our exhaustive enumeration (global minimum, every local minimum and its
basin) against the plain-Python loops a user would write (same steepest-descent rule),
asserts equal minima and basins, and prints the ratio; then the exact MILP (HiGHS) against
enumeration for the global minimum, and the real 2019 landscape of the top-20 CINC states.
Goal: 20 actors exhaustive < 1 s.
"""

from __future__ import annotations

import itertools
import resource
import time

import numpy as np
import pandas as pd

from multipolar.measures.landscape import landscape, landscape_problem


def _rss_mb() -> float:
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024


def instance(n: int, seed: int) -> tuple[dict[int, float], pd.DataFrame]:
    rng = np.random.default_rng(seed)
    iu, ju = np.triu_indices(n, 1)
    p = pd.DataFrame({"source": iu, "target": ju, "propensity": rng.normal(size=len(iu))})
    return dict(enumerate(rng.uniform(0.01, 0.3, n).tolist())), p


def python_landscape(w: list[list[float]]) -> dict[frozenset, tuple[float, int]]:
    """Plain Python: every configuration (last actor anchored), steepest descent, basins."""
    n = len(w)
    tol = 1e-10 * sum(abs(v) for row in w for v in row)
    out: dict[frozenset, tuple[float, int]] = {}
    for bits in itertools.product((1, -1), repeat=n - 1):
        x = [*bits, 1]
        while True:
            best_k, best_d = -1, -tol
            for k in range(n):
                d = x[k] * sum(w[k][j] * x[j] for j in range(n))
                if d < best_d:
                    best_k, best_d = k, d
            if best_k < 0:
                break
            x[best_k] = -x[best_k]
        e = sum(w[i][j] * (1 - x[i] * x[j]) / 2 for i in range(n) for j in range(i + 1, n))
        key = frozenset(
            {
                frozenset(k for k in range(n) if x[k] == 1),
                frozenset(k for k in range(n) if x[k] == -1),
            }
        )
        prev = out.get(key, (e, 0))
        out[key] = (prev[0], prev[1] + 1)
    return out


def main() -> None:
    print(f"{'case':<36}{'ours s':>9}{'python s':>10}{'ratio':>8}{'minima':>8}{'rss MB':>8}")
    for n in (12, 14, 16):
        sizes, p = instance(n, n)
        t0 = time.perf_counter()
        res = landscape(sizes, p)
        t = time.perf_counter() - t0
        w = landscape_problem(sizes, p).weights.tolist()
        t0 = time.perf_counter()
        ref = python_landscape(w)
        tp = time.perf_counter() - t0
        ours = {
            frozenset({frozenset(m.camp_a), frozenset(m.camp_b)}): m.basin for m in res.local_minima
        }
        assert ours == {k: v[1] for k, v in ref.items()}, "basins differ"
        best = min(v[0] for v in ref.values())
        assert abs(best - res.global_minimum.energy) < 1e-9
        print(
            f"{f'random, {n} actors (exhaustive)':<36}{t:>9.3f}{tp:>10.2f}{tp / t:>8.0f}{len(ours):>8}{_rss_mb():>8.0f}"
        )
    for n in (20, 22):
        sizes, p = instance(n, n)
        t0 = time.perf_counter()
        res = landscape(sizes, p)
        t = time.perf_counter() - t0
        t0 = time.perf_counter()
        mi = landscape(sizes, p, method="milp", starts=2000)
        tm = time.perf_counter() - t0
        assert abs(mi.global_minimum.energy - res.global_minimum.energy) < 1e-9
        print(
            f"{f'random, {n} actors (exhaustive)':<36}{t:>9.3f}{'':>10}{'':>8}{len(res.local_minima):>8}{_rss_mb():>8.0f}"
        )
        print(
            f"{f'random, {n} actors (MILP, same optimum)':<36}{tm:>9.3f}{'':>10}{'':>8}{'':>8}{_rss_mb():>8.0f}"
        )
    for n in (30, 40, 60):
        sizes, p = instance(n, n)
        t0 = time.perf_counter()
        res = landscape(sizes, p, starts=2000)
        t = time.perf_counter() - t0
        print(
            f"{f'random, {n} actors (MILP)':<36}{t:>9.3f}{'':>10}{'':>8}{len(res.local_minima):>8}{_rss_mb():>8.0f}"
        )

    from multipolar.explain.landscape import landscape_for_year
    from multipolar.store import connect

    with connect() as st:
        landscape_for_year(st, 2019)  # warm the agreement cache
        t0 = time.perf_counter()
        ans = landscape_for_year(st, 2019)
        t = time.perf_counter() - t0
        print(
            f"{'real: 2019, top-20 CINC (via store)':<36}{t:>9.3f}{'':>10}{'':>8}{len(ans.result.local_minima):>8}{_rss_mb():>8.0f}"
        )
        print(f"  solve alone: {ans.result.seconds:.3f} s ({ans.result.method})")


if __name__ == "__main__":
    main()
