"""Structural balance: hand-made graphs, brute force = MILP (Hypothesis), census, builders."""

from __future__ import annotations

import itertools

import numpy as np
import pandas as pd
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from multipolar.errors import InputError
from multipolar.measures.balance import (
    combine_signed,
    frustration_brute_force,
    frustration_heuristic,
    frustration_index,
    signed_graph,
    triad_census,
)


def _edges(rows):
    return pd.DataFrame(rows, columns=["source", "target", "sign"])


@pytest.mark.parametrize(
    ("signs", "expected"),
    [((1, 1, 1), 0), ((1, 1, -1), 1), ((1, -1, -1), 0), ((-1, -1, -1), 1)],
)
def test_triangle(signs, expected):
    # Heider: a triangle is balanced iff the product of its signs is positive
    res = frustration_index(
        _edges([("A", "B", signs[0]), ("A", "C", signs[1]), ("B", "C", signs[2])])
    )
    assert res.frustration == expected and res.optimal and res.gap == 0
    assert res.triads["unbalanced"] == expected
    assert len(res.unbalanced_triads) == expected


def test_balanced_two_camps_found():
    camp_a, camp_b = ["a1", "a2", "a3"], ["b1", "b2"]
    rows = [(u, v, 1) for u, v in itertools.combinations(camp_a, 2)]
    rows += [(u, v, 1) for u, v in itertools.combinations(camp_b, 2)]
    rows += [(u, v, -1) for u in camp_a for v in camp_b]
    res = frustration_index(_edges(rows))
    assert res.frustration == 0 and res.balance_index == 1.0
    assert res.partition == {"camp_a": camp_a, "camp_b": camp_b}


def test_k4_all_negative_and_weights():
    # K4 with all edges negative: any split leaves >= 2 same-camp pairs -> L = 2 (2+2 split)
    rows = [(u, v, -1) for u, v in itertools.combinations("abcd", 2)]
    assert frustration_index(_edges(rows)).frustration == 2
    # weighted: a triangle ++- with the negative edge light is fixed by dropping it
    w = _edges([("a", "b", 1), ("a", "c", 1), ("b", "c", -1)]).assign(weight=[5.0, 5.0, 0.5])
    res = frustration_index(w, weighted=True)
    assert res.frustration == 0.5 and res.frustrated_edges == [["b", "c", -1]]


@st.composite
def _signed_graphs(draw):
    n = draw(st.integers(min_value=2, max_value=12))
    pairs = list(itertools.combinations(range(n), 2))
    mask = draw(st.lists(st.booleans(), min_size=len(pairs), max_size=len(pairs)))
    chosen = [p for p, keep in zip(pairs, mask, strict=True) if keep]
    signs = draw(st.lists(st.sampled_from([-1, 1]), min_size=len(chosen), max_size=len(chosen)))
    weights = draw(st.lists(st.integers(1, 5), min_size=len(chosen), max_size=len(chosen)))
    return pd.DataFrame(
        {
            "source": [p[0] for p in chosen],
            "target": [p[1] for p in chosen],
            "sign": signs,
            "weight": [float(w) for w in weights],
        }
    )


@settings(max_examples=60, deadline=None)
@given(_signed_graphs(), st.booleans())
def test_milp_equals_brute_force(edges, weighted):
    g = signed_graph(edges, weighted=weighted)
    brute, _ = frustration_brute_force(g)
    res = frustration_index(g, weighted=weighted, time_limit=20)
    assert res.optimal
    assert res.frustration == pytest.approx(brute)
    heur, camp = frustration_heuristic(g)
    assert heur >= brute - 1e-9
    assert g.frustration_of(camp) == pytest.approx(heur)
    # the reported partition achieves the reported frustration
    camp_a = set(res.partition["camp_a"])
    vec = np.array([1 if v in camp_a else 0 for v in g.nodes], dtype=np.int8)
    assert g.frustration_of(vec) == pytest.approx(res.frustration)
    # laws: 0 <= L <= total weight / 2
    assert 0 <= res.frustration <= g.weight.sum() / 2 + 1e-9


def test_triad_census_counts_every_triangle():
    # K4 with one negative edge: 4 triangles, the 2 containing the edge are unbalanced
    rows = [(u, v, -1 if (u, v) == ("a", "b") else 1) for u, v in itertools.combinations("abcd", 2)]
    t = triad_census(_edges(rows))
    assert (t["triangles"], t["balanced"], t["unbalanced"]) == (4, 2, 2)
    assert t["by_type"] == {"+++": 2, "+--": 0, "++-": 2, "---": 0}
    assert t["unbalanced_triads"] == [["a", "b", "c", "++-"], ["a", "b", "d", "++-"]]


def test_signed_graph_validation():
    with pytest.raises(InputError):
        signed_graph(_edges([("a", "a", 1)]))
    with pytest.raises(InputError):
        signed_graph(_edges([("a", "b", 0)]))
    with pytest.raises(InputError):
        signed_graph(_edges([("a", "b", 1), ("b", "a", -1)]))
    g = signed_graph(_edges([("a", "b", "+"), ("b", "c", "-")]), nodes=["a", "b", "c", "z"])
    assert g.nodes == ["a", "b", "c", "z"] and list(g.sign) == [1, -1]


def test_combine_signed_conflict_rules():
    pos = pd.DataFrame({"ccode1": [350, 2], "ccode2": [640, 20]})
    neg = pd.DataFrame({"ccode1": [640], "ccode2": [350]})
    assert len(combine_signed(pos, neg, conflict="drop")) == 1
    assert combine_signed(pos, neg, conflict="positive")["sign"].tolist() == [1, 1]


def test_real_signed_network_1985(store):
    from multipolar.explain.system import balance_for_year

    sb = balance_for_year(store, 1985)
    r = sb.result
    assert r.optimal and r.nodes > 100 and r.edges > 500
    assert 0 < r.frustration <= r.heuristic
    # NATO's core and the Warsaw Pact end up in opposite camps
    camp = {c: "a" for c in r.partition["camp_a"]} | {c: "b" for c in r.partition["camp_b"]}
    assert camp[2] == camp[200] == camp[220]
    assert camp[365] == camp[290] and camp[365] != camp[2]
