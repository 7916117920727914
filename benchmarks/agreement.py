"""Dyadic agreement for every dyad-year 1946-2019, against the pandas self-join.

Run: ``MULTIPOLAR_MIRROR=../shared/data python benchmarks/agreement.py``.

Loads the votes from the store (timed separately), then times

* ours: :func:`multipolar.measures.agreement.agreement` -- every measure (agree, S abs and
  squared, kappa, pi) for every dyad and year, per session one-hot matrix products;
* the baseline a user would write: the votes merged with themselves on ``rcid``, kept
  where ``ccode1 < ccode2``, grouped by dyad and year -- for ``agree`` only;

asserts that both give identical ``n_votes`` and ``agree`` (the same floating-point
numbers), and prints both times, the ratio, our peak memory (traced allocations and max
RSS before the baseline runs), and the time of the alliance battery (S, CINC-weighted S,
kappa, pi for every ATOP dyad-year 1816-2018).

Goals: ratio >= 30x, our compute < 1 s, peak memory < 1.5 GB, alliances < 10 s.
"""

from __future__ import annotations

import gc
import os
import platform
import resource
import statistics
import time
import tracemalloc

import numpy as np
import pandas as pd

from multipolar.measures.agreement import ISSUES, agreement
from multipolar.measures.alliances import alliance_similarity
from multipolar.store import connect

REPEATS = 5


def _rss_mb() -> float:
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024


def _timed(fn, repeats: int = REPEATS) -> tuple[float, float, object]:
    times = []
    result = None
    for _ in range(repeats):
        gc.collect()
        t0 = time.perf_counter()
        result = fn()
        times.append(time.perf_counter() - t0)
    return min(times), statistics.median(times), result


def _pandas_agree(votes: pd.DataFrame) -> pd.DataFrame:
    """The straightforward way: self-join on rcid, group by dyad and year."""
    split = votes.groupby("rcid")["vote"].nunique()
    v = votes[votes["rcid"].isin(split[split > 1].index)]  # drop unanimous roll calls
    m = v.merge(v, on=["rcid", "year"], suffixes=("1", "2"))
    m = m[m["ccode1"] < m["ccode2"]]
    same = (m["vote1"] == m["vote2"]).rename("same")
    g = same.groupby([m["ccode1"], m["ccode2"], m["year"]])
    out = g.agg(["size", "mean"]).rename(columns={"size": "n_votes", "mean": "agree"})
    return out.reset_index()


def main() -> None:
    print(
        f"machine: {platform.processor() or platform.machine()}, {os.cpu_count()} cores, "
        f"Python {platform.python_version()}, numpy {np.__version__}, pandas {pd.__version__}"
    )
    st = connect()
    t0 = time.perf_counter()
    votes = st.table("unga_votes").select("rcid", "year", "ccode", "vote").to_pandas()
    rollcalls = (
        st.table("unga_rollcalls").select("rcid", "session", "importantvote", *ISSUES).to_pandas()
    )
    atop = st.frame("atop_ddy")
    nmc = st.table("cow_nmc").select("ccode", "year", "cinc").to_pandas()
    st.close()
    t_load = time.perf_counter() - t0
    print(
        f"loaded {len(votes):,} votes, {len(rollcalls):,} roll calls, {len(atop):,} ATOP "
        f"dyad-years from the store in {t_load:.2f} s"
    )

    best, med, ours = _timed(lambda: agreement(votes, rollcalls))
    assert isinstance(ours, pd.DataFrame)
    tracemalloc.start()
    agreement(votes, rollcalls)
    _, traced = tracemalloc.get_traced_memory()
    tracemalloc.stop()
    rss_ours = _rss_mb()
    print(
        f"ours   : {len(ours):,} dyad-years x 5 measures, years "
        f"{ours['year'].min()}-{ours['year'].max()}: best {best:.3f} s, median {med:.3f} s "
        f"of {REPEATS}; peak traced {traced / 2**20:.0f} MB, max RSS so far {rss_ours:.0f} MB"
    )

    best_a, med_a, ally = _timed(lambda: alliance_similarity(atop, nmc), repeats=3)
    assert isinstance(ally, pd.DataFrame)
    print(
        f"alliances: {len(ally):,} dyad-years {ally['year'].min()}-{ally['year'].max()} "
        f"(S, CINC-weighted S, kappa, pi): best {best_a:.2f} s, median {med_a:.2f} s of 3"
    )

    t0 = time.perf_counter()
    base = _pandas_agree(votes)
    t_base = time.perf_counter() - t0
    print(
        f"pandas : self-join on rcid, agree only: {t_base:.2f} s (max RSS now {_rss_mb():.0f} MB)"
    )

    base = base.sort_values(["year", "ccode1", "ccode2"], ignore_index=True)
    key = ["ccode1", "ccode2", "year", "n_votes"]
    np.testing.assert_array_equal(ours[key].to_numpy(), base[key].to_numpy())
    np.testing.assert_array_equal(ours["agree"].to_numpy(), base["agree"].to_numpy())
    print(f"identical: {len(ours):,} rows, n_votes and agree equal bit for bit")

    ratio = t_base / best
    print(f"ratio  : {ratio:.0f}x (pandas {t_base:.2f} s / ours {best:.3f} s)")
    goals = {
        "ratio >= 30x": ratio >= 30,
        "our compute < 1 s": best < 1.0,
        "peak memory < 1.5 GB": traced < 1.5 * 2**30 and rss_ours < 1536,
        "alliances < 10 s": best_a < 10,
    }
    for goal, ok in goals.items():
        print(f"  {'met ' if ok else 'MISSED'} {goal}")


if __name__ == "__main__":
    main()
