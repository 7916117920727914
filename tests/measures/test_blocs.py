"""Voting blocs: planted partitions recovered, determinism, ARI, real Cold War blocs."""

from __future__ import annotations

import numpy as np
import pandas as pd
import pytest

from multipolar.errors import InputError
from multipolar.measures.blocs import adjusted_rand_index, bloc_stability, bloc_tracks, blocs


def _planted(sizes: list[int], *, p_in: float, p_out: float, seed: int, year: int = 1990):
    """Dense agreement graph: within-bloc agreement ~ p_in, between ~ p_out (+ noise)."""
    rng = np.random.default_rng(seed)
    labels = np.repeat(np.arange(len(sizes)), sizes)
    codes = np.arange(len(labels)) * 5 + 2
    rows = []
    for a in range(len(codes)):
        for b in range(a + 1, len(codes)):
            base = p_in if labels[a] == labels[b] else p_out
            rows.append(
                (codes[a], codes[b], year, 100, float(np.clip(base + rng.normal(0, 0.03), 0, 1)))
            )
    df = pd.DataFrame(rows, columns=["ccode1", "ccode2", "year", "n_votes", "agree"])
    return df, dict(zip(codes.tolist(), labels.tolist(), strict=True))


@pytest.mark.parametrize(
    ("sizes", "seed"), [([20, 20], 1), ([30, 15, 10], 2), ([12, 12, 12, 12], 3)]
)
def test_planted_partition_recovered_exactly(sizes, seed):
    df, truth = _planted(sizes, p_in=0.9, p_out=0.5, seed=seed)
    res = blocs(df, seed=0)
    assert res.n_blocs == len(sizes)
    codes = sorted(truth)
    assert adjusted_rand_index([truth[c] for c in codes], [res.membership[c] for c in codes]) == 1.0
    assert [b["size"] for b in res.blocs] == sorted(sizes, reverse=True)
    assert 0 < res.modularity < 1


def test_deterministic_and_order_invariant():
    df, _ = _planted([25, 20, 15], p_in=0.8, p_out=0.6, seed=7)
    a = blocs(df, seed=3)
    b = blocs(df.sample(frac=1.0, random_state=1), seed=3)
    assert a == b
    assert a.to_dict() == blocs(df, seed=3).to_dict()


def test_labels_by_most_powerful_member():
    df, truth = _planted([5, 5], p_in=0.9, p_out=0.3, seed=4)
    weakest_first = sorted(truth)
    cap = pd.DataFrame({"ccode": weakest_first, "year": 1990, "cinc": np.linspace(0.01, 0.1, 10)})
    res = blocs(df, capabilities=cap, names={c: f"S{c}" for c in truth})
    for b in res.blocs:
        assert b["leader"] == max(b["members"])  # cinc increases with ccode here
        assert b["label"] == f"S{b['leader']}"


def test_window_pooling_is_vote_weighted():
    df1, _ = _planted([6, 6], p_in=0.9, p_out=0.4, seed=5, year=1990)
    df2 = df1.assign(year=1991, n_votes=300, agree=0.5)
    pooled = blocs(pd.concat([df1, df2]))
    assert pooled.years == (1990, 1991) and pooled.year == 1991


def test_bad_input():
    with pytest.raises(InputError):
        blocs(pd.DataFrame({"ccode1": [2], "ccode2": [20]}))
    with pytest.raises(InputError):
        blocs(pd.DataFrame({"ccode1": [2], "ccode2": [20], "agree": [0.5]}), weight="s")


def test_ari_known_values():
    # Hubert & Arabie (1985) formula by hand: table [[2,0],[1,1],[0,2]] -> sum_ij C(n,2)=2,
    # rows 3*C(2,2)=3, cols 2*C(3,2)=6, E = 3*6/15 = 1.2, ARI = (2-1.2)/(4.5-1.2) = 0.2424
    assert adjusted_rand_index([1, 1, 2, 2, 3, 3], [1, 1, 1, 2, 2, 2]) == pytest.approx(0.8 / 3.3)
    assert adjusted_rand_index([0, 0, 1, 1], [5, 5, 7, 7]) == 1.0
    assert adjusted_rand_index([0, 1, 0, 1], [0, 0, 1, 1]) == pytest.approx(-0.5)


def test_stability_and_tracks():
    df1, _ = _planted([10, 10], p_in=0.9, p_out=0.4, seed=8, year=1990)
    df2, _ = _planted([10, 10], p_in=0.9, p_out=0.4, seed=9, year=1991)
    results = [blocs(df1), blocs(df2)]
    st = bloc_stability(results)
    assert np.isnan(st["ari"].iloc[0]) and st["ari"].iloc[1] == 1.0
    tr = bloc_tracks(results, [2, 97])
    assert list(tr["year"]) == [1990, 1990, 1991, 1991]
    assert tr.loc[tr["ccode"] == 2, "bloc"].nunique() == 1


def test_cold_war_puts_usa_and_ussr_in_different_blocs(store):
    from multipolar.explain.system import blocs_series

    for res in blocs_series(store, 1950, 1989)[::3]:
        assert res.bloc_of(2) is not None and res.bloc_of(365) is not None
        assert res.bloc_of(2)["id"] != res.bloc_of(365)["id"], res.year
