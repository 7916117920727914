"""Landscape theory: hand-computed 3- and 4-actor landscapes, laws, enumeration = MILP."""

from __future__ import annotations

import itertools

import numpy as np
import pandas as pd
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from multipolar.errors import InputError
from multipolar.measures.landscape import (
    apply_scenario,
    camp_switches,
    energy,
    landscape,
    landscape_problem,
)


def _pairs(rows):
    return pd.DataFrame(rows, columns=["source", "target", "propensity"])


def _minima(res):
    """Local minima as comparable tuples: (camp A, camp B, energy, basin)."""
    return [(m.camp_a, m.camp_b, m.energy, m.basin) for m in res.local_minima]


def test_three_actors_two_friends_one_enemy():
    # by hand: p_AB = +1, p_AC = p_BC = -1, sizes 1. Energies (sum of p over separated
    # pairs): all together 0; {A,B}|{C} -1-1 = -2; {A,C}|{B} +1-1 = 0; {B,C}|{A} 0.
    # From each 0-energy configuration one move reaches -2, so its basin holds all 4.
    res = landscape(
        {"A": 1, "B": 1, "C": 1}, _pairs([("A", "B", 1), ("A", "C", -1), ("B", "C", -1)])
    )
    assert _minima(res) == [(["A", "B"], ["C"], -2.0, 4)]
    assert res.exact and res.n_configurations == 4


def test_three_mutual_enemies_sizes_matter():
    # all p = -1; sizes A 3, B 2, C 1 -> w_AB = -6, w_AC = -3, w_BC = -2.
    # {A}|{BC}: -6-3 = -9; {B}|{AC}: -6-2 = -8; {C}|{AB}: -3-2 = -5; together 0.
    # Steepest descent: together -> A leaves (-9, the largest drop); {B}|{AC} -> C joins B
    # (-9); {C}|{AB} -> B joins C (-9, a larger drop than A's -8): one minimum, basin 4.
    rows = [("A", "B", -1), ("A", "C", -1), ("B", "C", -1)]
    res = landscape({"A": 3, "B": 2, "C": 1}, _pairs(rows))
    assert _minima(res) == [(["A"], ["B", "C"], -9.0, 4)]


def test_three_equal_enemies_are_a_frustrated_plateau():
    # all p = -1, sizes 1: every split has energy -2 and moving one actor between two splits
    # changes nothing, so each split is a local minimum. The grand coalition (0) moves its
    # first actor (A; ties go to the first listed): basins {A}|{BC} 2, the others 1.
    rows = [("A", "B", -1), ("A", "C", -1), ("B", "C", -1)]
    res = landscape({"A": 1, "B": 1, "C": 1}, _pairs(rows))
    got = sorted(_minima(res), key=lambda m: (-m[3], m[0]))
    assert got == [
        (["A"], ["B", "C"], -2.0, 2),
        (["A", "B"], ["C"], -2.0, 1),
        (["A", "C"], ["B"], -2.0, 1),
    ]


def test_four_actors_two_local_minima():
    # p_AB = p_CD = +2, p_BC = +1, p_AC = p_AD = p_BD = -1, sizes 1. By hand, the energy of
    # each split (sum of p over separated pairs): ABCD 0; A|BCD 0; B|ACD 2; C|ABD 2; D|ABC 0;
    # AB|CD -2; AC|BD 4; AD|BC 2. Single moves out of ABCD cost 0, 2, 2, 0: no move
    # improves, so ABCD is a local minimum (its basin: itself). Every other split reaches
    # AB|CD: basin 7.
    rows = [
        ("A", "B", 2),
        ("C", "D", 2),
        ("B", "C", 1),
        ("A", "C", -1),
        ("A", "D", -1),
        ("B", "D", -1),
    ]
    res = landscape({k: 1 for k in "ABCD"}, _pairs(rows))
    assert _minima(res) == [(["A", "B"], ["C", "D"], -2.0, 7), (["A", "B", "C", "D"], [], 0.0, 1)]
    assert res.global_minimum.basin_share == pytest.approx(7 / 8)
    prob = landscape_problem({k: 1 for k in "ABCD"}, _pairs(rows))
    for camp, e in [("A", 0), ("B", 2), ("AC", 4), ("AD", 2), ("ABCD", 0)]:
        assert energy(prob, list(camp)) == e


def _random_instance(n, seed):
    rng = np.random.default_rng(seed)
    iu, ju = np.triu_indices(n, 1)
    p = _pairs(zip(iu.tolist(), ju.tolist(), rng.normal(size=len(iu)).tolist(), strict=True))
    sizes = dict(enumerate(rng.uniform(0.05, 1.0, n).tolist()))
    return sizes, p


def _python_descent(n, w):
    """Independent plain-Python steepest descent over all 2^n camp vectors (no mirror trick)."""
    basins = {}
    for bits in itertools.product((1, -1), repeat=n):
        x = list(bits)
        while True:
            deltas = [x[k] * sum(w[k][j] * x[j] for j in range(n)) for k in range(n)]
            k = min(range(n), key=lambda i: (deltas[i], i))
            if deltas[k] >= -1e-12:
                break
            x[k] = -x[k]
        key = frozenset(frozenset(i for i in range(n) if x[i] == s) for s in (1, -1)) - {
            frozenset()
        }
        basins[key] = basins.get(key, 0) + 1
    return {k: v // 2 for k, v in basins.items()}  # each partition counted with its mirror


@given(n=st.integers(3, 7), seed=st.integers(0, 10_000))
@settings(max_examples=25, deadline=None)
def test_basins_match_a_plain_python_descent(n, seed):
    sizes, p = _random_instance(n, seed)
    res = landscape(sizes, p)
    w = landscape_problem(sizes, p).weights.tolist()
    got = {
        frozenset({frozenset(m.camp_a), frozenset(m.camp_b)}) - {frozenset()}: m.basin
        for m in res.local_minima
    }
    assert got == _python_descent(n, w)
    assert sum(got.values()) == 2 ** (n - 1)


@given(n=st.integers(3, 12), seed=st.integers(0, 10_000))
@settings(max_examples=25, deadline=None)
def test_enumeration_equals_milp(n, seed):
    sizes, p = _random_instance(n, seed)
    ex = landscape(sizes, p, method="exhaustive")
    mi = landscape(sizes, p, method="milp", starts=500)
    assert mi.global_minimum.energy == pytest.approx(ex.global_minimum.energy, abs=1e-9)
    assert not mi.exact and ex.exact


@given(n=st.integers(3, 9), seed=st.integers(0, 10_000), c=st.floats(0.1, 10.0))
@settings(max_examples=25, deadline=None)
def test_invariant_to_relabelling_and_scaling(n, seed, c):
    sizes, p = _random_instance(n, seed)
    base = landscape(sizes, p)

    def parts(res):
        return sorted((frozenset(m.camp_a), frozenset(m.camp_b), m.basin) for m in res.local_minima)

    perm = np.random.default_rng(seed).permutation(n)
    label = {k: f"s{perm[k]:02d}" for k in range(n)}
    relab = landscape(
        {label[k]: v for k, v in sizes.items()},
        p.assign(source=p["source"].map(label), target=p["target"].map(label)),
    )
    back = {v: k for k, v in label.items()}
    mapped = sorted(
        (frozenset(back[a] for a in m.camp_a), frozenset(back[a] for a in m.camp_b), m.basin)
        for m in relab.local_minima
    )
    assert mapped == parts(base)
    scaled = landscape({k: c * v for k, v in sizes.items()}, p)
    assert parts(scaled) == parts(base)
    assert scaled.global_minimum.energy == pytest.approx(
        c * c * base.global_minimum.energy, rel=1e-6, abs=1e-9
    )
    stronger = landscape(sizes, p.assign(propensity=c * p["propensity"]))
    assert parts(stronger) == parts(base)


def test_milp_beyond_enumeration_and_sampled_minima():
    sizes, p = _random_instance(26, 3)
    res = landscape(sizes, p, starts=2000)  # auto: 26 > 22 -> MILP
    assert not res.exact and "MILP" in res.method and res.notes
    assert res.local_minima[0].energy == res.global_minimum.energy
    assert all(m.energy >= res.global_minimum.energy - 1e-9 for m in res.local_minima)


def test_scenarios_and_switches():
    rows = [
        ("A", "B", 2),
        ("C", "D", 2),
        ("B", "C", 1),
        ("A", "C", -1),
        ("A", "D", -1),
        ("B", "D", -1),
    ]
    prob = landscape_problem({k: 1 for k in "ABCD"}, _pairs(rows))
    base = landscape(prob).global_minimum
    # make B an enemy of A and a strong friend of C and D: B changes camp
    new = apply_scenario(prob, set_propensity={("A", "B"): -2.0}, add_propensity={("B", "D"): 3.0})
    assert new.propensity_of("B", "A") == -2.0 and new.propensity_of("B", "D") == 2.0
    after = landscape(new).global_minimum
    assert after.camps == (["A"], ["B", "C", "D"])
    assert camp_switches(base, after) == ["B"]
    dropped = apply_scenario(prob, drop=["A"], set_size={"B": 5.0})
    assert dropped.actors == ["B", "C", "D"] and dropped.sizes.tolist() == [5.0, 1.0, 1.0]
    with pytest.raises(InputError, match="not an actor"):
        apply_scenario(prob, drop=["Z"])
    with pytest.raises(InputError, match="fewer than two"):
        apply_scenario(prob, drop=["A", "B", "C"])


def test_bad_input():
    with pytest.raises(InputError, match="positive"):
        landscape_problem({"a": 1, "b": 0}, _pairs([("a", "b", 1)]))
    with pytest.raises(InputError, match="without a size"):
        landscape_problem({"a": 1, "b": 1}, _pairs([("a", "c", 1)]))
    with pytest.raises(InputError, match="two propensities"):
        landscape_problem({"a": 1, "b": 1}, _pairs([("a", "b", 1), ("b", "a", -1)]))
    with pytest.raises(InputError, match="at least two"):
        landscape_problem({"a": 1}, _pairs([]))
    prob = landscape_problem({"a": 1, "b": 1, "c": 1}, _pairs([("a", "b", 1)]))
    assert prob.missing_pairs == 2  # a-c and b-c count as 0 and are reported
    mat = pd.DataFrame([[0, 0.5], [0.5, 0]], index=["a", "b"], columns=["a", "b"])
    assert landscape_problem({"a": 1, "b": 2}, mat).propensity_of("a", "b") == 0.5
    with pytest.raises(InputError, match="symmetric"):
        landscape_problem(
            {"a": 1, "b": 2}, pd.DataFrame([[0, 1], [2, 0]], index=["a", "b"], columns=["a", "b"])
        )
