"""Laws every similarity measure obeys: symmetry, bounds, identity, item-order invariance."""

from __future__ import annotations

import math

import numpy as np
import pandas as pd
from hypothesis import given, settings
from hypothesis import strategies as st

from multipolar.measures.agreement import agreement
from multipolar.measures.similarity import cohen_kappa, s_score, scott_pi

VOTES = st.integers(min_value=1, max_value=3)


@st.composite
def vote_pairs(draw, min_size: int = 1, max_size: int = 40):
    n = draw(st.integers(min_value=min_size, max_value=max_size))
    x = draw(st.lists(VOTES, min_size=n, max_size=n))
    y = draw(st.lists(VOTES, min_size=n, max_size=n))
    w = draw(st.lists(st.floats(0.01, 10.0), min_size=n, max_size=n))
    return np.array(x, float), np.array(y, float), np.array(w)


def _same(a: float, b: float) -> bool:
    return (math.isnan(a) and math.isnan(b)) or math.isclose(a, b, rel_tol=1e-9, abs_tol=1e-12)


def _all(x, y, w):
    return {
        "s_abs": s_score(x, y, delta=2, weights=w),
        "s_sq": s_score(x, y, delta=2, weights=w, distance="squared"),
        "kappa": cohen_kappa(x, y, values=[1, 2, 3], item_weights=w),
        "pi": scott_pi(x, y, values=[1, 2, 3], item_weights=w),
        "kappa_lin": cohen_kappa(x, y, values=[1, 2, 3], weights="linear"),
        "pi_lin": scott_pi(x, y, values=[1, 2, 3], weights="linear"),
    }


@given(vote_pairs())
def test_symmetric_in_the_dyad(xyw):
    x, y, w = xyw
    a, b = _all(x, y, w), _all(y, x, w)
    assert all(_same(a[k], b[k]) for k in a)


@given(vote_pairs())
def test_bounds(xyw):
    x, y, w = xyw
    m = _all(x, y, w)
    for k in ("s_abs", "s_sq"):
        assert -1 - 1e-12 <= m[k] <= 1 + 1e-12
    # quadratic weights: D_o <= 2 D_e by Cauchy-Schwarz, so kappa and pi lie in [-1, 1]
    for k in ("kappa", "pi"):
        assert math.isnan(m[k]) or -1 - 1e-9 <= m[k] <= 1 + 1e-9
    for k in ("kappa_lin", "pi_lin"):
        assert math.isnan(m[k]) or m[k] <= 1 + 1e-9


@given(vote_pairs())
def test_a_state_with_itself_is_one(xyw):
    x, _, w = xyw
    m = _all(x, x, w)
    assert m["s_abs"] == 1.0 and m["s_sq"] == 1.0
    for k in ("kappa", "pi", "kappa_lin", "pi_lin"):
        if np.unique(x).size > 1:
            assert math.isclose(m[k], 1.0)
        else:  # no variation: chance agreement is total, kappa and pi undefined
            assert math.isnan(m[k])


@given(vote_pairs(), st.randoms(use_true_random=False))
def test_invariant_to_relabelling_items(xyw, rnd):
    x, y, w = xyw
    order = list(range(x.size))
    rnd.shuffle(order)
    a, b = _all(x, y, w), _all(x[order], y[order], w[order])
    assert all(_same(a[k], b[k]) for k in a)


@st.composite
def vote_tables(draw):
    """A small UN: 2-6 states, 1-12 roll calls, some absences."""
    n_states = draw(st.integers(2, 6))
    n_rc = draw(st.integers(1, 12))
    rows = []
    for r in range(n_rc):
        for s in range(n_states):
            v = draw(st.integers(0, 3))  # 0: absent
            if v:
                rows.append((100 + r, 10 * (s + 1), v))
    return pd.DataFrame(rows, columns=["rcid", "ccode", "vote"]), n_rc


@settings(max_examples=60, deadline=None)
@given(vote_tables(), st.randoms(use_true_random=False), st.booleans())
def test_agreement_invariant_to_rollcall_labels_and_matches_vectors(tv, rnd, unanimous):
    votes, n_rc = tv
    rollcalls = pd.DataFrame({"rcid": 100 + np.arange(n_rc), "session": 74})
    base = agreement(votes, rollcalls, include_unanimous=unanimous)
    # relabel the roll calls with a random permutation of other ids
    new = list(range(5000, 5000 + n_rc))
    rnd.shuffle(new)
    relabel = dict(zip(range(100, 100 + n_rc), new, strict=True))
    votes2 = votes.assign(rcid=votes["rcid"].map(relabel))
    rollcalls2 = rollcalls.assign(rcid=rollcalls["rcid"].map(relabel))
    other = agreement(votes2, rollcalls2, include_unanimous=unanimous)
    pd.testing.assert_frame_equal(base, other)
    # every row equals the vector measures on the two states' shared votes
    wide = votes.pivot(index="rcid", columns="ccode", values="vote")
    if not unanimous:
        split = votes.groupby("rcid")["vote"].nunique() > 1
        wide = wide.loc[split[split].index.intersection(wide.index)]
    for row in base.itertuples():
        pair = wide[[row.ccode1, row.ccode2]].dropna().to_numpy(float)
        assert row.n_votes == len(pair)
        assert row.agree == np.mean(pair[:, 0] == pair[:, 1])
        assert _same(row.s_abs, s_score(pair[:, 0], pair[:, 1], delta=2))
        assert _same(row.kappa, cohen_kappa(pair[:, 0], pair[:, 1], values=[1, 2, 3]))
        assert _same(row.pi, scott_pi(pair[:, 0], pair[:, 1], values=[1, 2, 3]))
