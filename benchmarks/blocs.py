"""Voting blocs: one year and the 1946-2019 series, against networkx's Louvain baseline.

Run: ``MULTIPOLAR_MIRROR=../shared/data python benchmarks/blocs.py``. The agreement table
is computed (or read from the store's cache) first and not timed: the figures are for the
bloc measure itself. The baseline is what a user would otherwise write: networkx's
``louvain_communities`` on the same weighted graph (seeded). Asserts the same modularity
optimum within 1e-3 and prints times, the ratio and the ARI between the two partitions.
"""

from __future__ import annotations

import resource
import time

import networkx as nx
import numpy as np

from multipolar.explain.agreement import dyadic_agreement
from multipolar.measures.blocs import adjusted_rand_index, blocs, blocs_by_year
from multipolar.store import connect


def _louvain(dyads):
    g = nx.Graph()
    g.add_weighted_edges_from(zip(dyads["ccode1"], dyads["ccode2"], dyads["agree"], strict=True))
    parts = nx.community.louvain_communities(g, weight="weight", seed=0)
    return {c: k for k, p in enumerate(parts) for c in p}, nx.community.modularity(
        g, parts, weight="weight"
    )


def main() -> None:
    st = connect()
    dyads = dyadic_agreement(st, years=(1946, 2019)).dropna(subset=["agree"])
    one = dyads[dyads["year"] == 1985]
    t0 = time.perf_counter()
    res = blocs(one)
    t_ours = time.perf_counter() - t0
    t0 = time.perf_counter()
    member, q = _louvain(one)
    t_base = time.perf_counter() - t0
    common = sorted(res.membership)
    ari = adjusted_rand_index([res.membership[c] for c in common], [member[c] for c in common])
    assert res.modularity >= q - 1e-3, (res.modularity, q)
    print(
        f"one year (1985, {len(one):,} dyads): ours {t_ours:.3f} s, networkx Louvain "
        f"{t_base:.3f} s, ratio {t_base / t_ours:.1f}; modularity {res.modularity:.5f} vs "
        f"{q:.5f}; ARI {ari:.3f}"
    )

    t0 = time.perf_counter()
    series = blocs_by_year(dyads)
    t_ours = time.perf_counter() - t0
    t0 = time.perf_counter()
    qs = [_louvain(g)[1] for _, g in dyads.groupby("year")]
    t_base = time.perf_counter() - t0
    ours = np.array([r.modularity for r in series])
    assert (ours >= np.array(qs) - 1e-3).all()
    rss = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    print(
        f"series 1946-2019 ({len(series)} years, {len(dyads):,} dyad-years): ours "
        f"{t_ours:.2f} s, networkx Louvain {t_base:.2f} s, ratio {t_base / t_ours:.1f}; "
        f"mean modularity {ours.mean():.5f} vs {np.mean(qs):.5f}; peak RSS {rss:.0f} MB"
    )
    st.close()


if __name__ == "__main__":
    main()
