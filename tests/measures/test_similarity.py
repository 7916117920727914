"""Known answers for S, kappa and pi from the papers that define them."""

from __future__ import annotations

import math

import numpy as np
import pytest

from multipolar.errors import InputError
from multipolar.measures.similarity import (
    cohen_kappa,
    cohen_kappa_table,
    joint_table,
    s_score,
    s_score_table,
    scott_pi,
    scott_pi_table,
    table_measures,
)


# Signorino & Ritter (1999), ISQ 43(1), the worked examples of section "S":
def test_s_weighted_example():
    # x = (3,3,2,2), y = (2,2,3,3), w = (.5,.3,.1,.1), Delta = 3 -> S = 1 - 2*(1/3) = 0.33
    s = s_score([3, 3, 2, 2], [2, 2, 3, 3], weights=[0.5, 0.3, 0.1, 0.1], delta=3)
    assert s == pytest.approx(1 / 3)
    assert round(s, 2) == 0.33


def test_s_unweighted_example():
    # (3,3,1,2) vs (3,3,1,3), Delta = 2 -> S = 1 - 2*(1/4)/2 = 0.75
    assert s_score([3, 3, 1, 2], [3, 3, 1, 3], delta=2) == pytest.approx(0.75)


def test_s_opposed_example():
    # (0,1,2,3) vs (3,2,1,0), Delta = 3 -> mean distance 2 -> S = 1 - 4/3 = -0.33
    s = s_score([0, 1, 2, 3], [3, 2, 1, 0], delta=3)
    assert s == pytest.approx(-1 / 3)
    assert round(s, 2) == -0.33


def test_s_identical_is_one():
    assert s_score([3, 1, 2, 2, 0], [3, 1, 2, 2, 0], delta=3) == 1.0
    assert s_score([3, 1, 2], [3, 1, 2], delta=3, distance="squared") == 1.0


def test_s_weights_scale_free():
    # S&R normalise by the sum of the weights: doubling every weight changes nothing
    a = s_score([3, 3, 2, 2], [2, 2, 3, 3], weights=[0.5, 0.3, 0.1, 0.1], delta=3)
    b = s_score([3, 3, 2, 2], [2, 2, 3, 3], weights=[1.0, 0.6, 0.2, 0.2], delta=3)
    assert a == pytest.approx(b)


# Häge (2011), Political Analysis 19(3), the 2 x 2 joint-proportion tables of section 3:
HAGE_BALANCED = [[0.3, 0.2], [0.2, 0.3]]  # S = pi = kappa = 0.20
HAGE_SKEWED = [[0.6, 0.2], [0.2, 0.0]]  # S = 0.20, pi = kappa = -0.25


def test_hage_balanced_table():
    v = [0, 1]
    assert s_score_table(HAGE_BALANCED, values=v) == pytest.approx(0.20)
    assert scott_pi_table(HAGE_BALANCED, values=v) == pytest.approx(0.20)
    assert cohen_kappa_table(HAGE_BALANCED, values=v) == pytest.approx(0.20)


def test_hage_skewed_table():
    v = [0, 1]
    assert s_score_table(HAGE_SKEWED, values=v) == pytest.approx(0.20)
    assert scott_pi_table(HAGE_SKEWED, values=v) == pytest.approx(-0.25)
    assert cohen_kappa_table(HAGE_SKEWED, values=v) == pytest.approx(-0.25)


def test_hage_tables_from_vectors():
    # ten items laid out so that the joint proportions are Häge's skewed table
    x = [0] * 6 + [0, 0] + [1, 1]
    y = [0] * 6 + [1, 1] + [0, 0]
    assert s_score(x, y, delta=1) == pytest.approx(0.20)
    assert cohen_kappa(x, y) == pytest.approx(-0.25)
    assert scott_pi(x, y) == pytest.approx(-0.25)
    # two categories: linear and quadratic weights coincide (unweighted kappa)
    assert cohen_kappa(x, y, weights="linear") == pytest.approx(-0.25)


def test_kappa_pi_by_hand_three_categories():
    # x = (1,1,2,3), y = (1,1,2,2): D_o = 1/4 (quadratic). Own marginals: Var x = 11/16,
    # Var y = 1/4, (mu_x - mu_y)^2 = 1/16 -> D_e = 1 -> kappa = 0.75.
    # Mean marginals: D_e = Var x + Var y + (mu_x - mu_y)^2 / 2 = 31/32 -> pi = 1 - 8/31.
    assert cohen_kappa([1, 1, 2, 3], [1, 1, 2, 2]) == pytest.approx(0.75)
    assert scott_pi([1, 1, 2, 3], [1, 1, 2, 2]) == pytest.approx(1 - 8 / 31)
    # linear: D_o = 1/4; D_e = sum p_k q_l |k - l| = .5*.5*1 + .25*.5*1 + .25*.5*2
    #   + .25*.5*1 (x=2,y=1) = 0.25 + 0.125 + 0.25 + 0.125 = 0.75 -> kappa = 2/3
    assert cohen_kappa([1, 1, 2, 3], [1, 1, 2, 2], weights="linear") == pytest.approx(2 / 3)


def test_missing_items_dropped_pairwise():
    nan = float("nan")
    assert s_score([3, 3, nan, 1], [3, 3, 2, nan], delta=2) == 1.0
    assert math.isnan(s_score([nan], [1.0], delta=2))


def test_constant_vectors_make_kappa_undefined():
    assert math.isnan(cohen_kappa([1, 1, 1], [1, 1, 1]))
    assert math.isnan(scott_pi([1, 1, 1], [1, 1, 1]))
    assert s_score([1, 1, 1], [1, 1, 1], delta=2) == 1.0


def test_table_measures_batch_equals_single():
    tables = np.array([HAGE_BALANCED, HAGE_SKEWED]) * 10
    m = table_measures(tables, values=[0, 1])
    assert m["total"].tolist() == [10.0, 10.0]
    assert m["agree"] == pytest.approx([0.6, 0.6])
    assert m["s_abs"] == pytest.approx([0.2, 0.2])
    assert m["kappa"] == pytest.approx([0.2, -0.25])
    assert m["pi"] == pytest.approx([0.2, -0.25])


def test_joint_table_counts():
    p, v = joint_table([1, 1, 2, 3], [1, 2, 2, 3], values=[1, 2, 3])
    assert v.tolist() == [1.0, 2.0, 3.0]
    assert (p * 4).tolist() == [[1, 1, 0], [0, 1, 0], [0, 0, 1]]


@pytest.mark.parametrize(
    "call",
    [
        lambda: s_score([1, 2], [1, 2, 3], delta=2),
        lambda: s_score([1, 2], [1, 2], delta=0),
        lambda: s_score([1, 2], [1, 2], delta=2, distance="cubic"),  # type: ignore[arg-type]
        lambda: cohen_kappa([1, 2], [2, 1], weights="cubic"),  # type: ignore[arg-type]
        lambda: cohen_kappa([1, 5], [2, 1], values=[1, 2, 3]),
        lambda: s_score_table([[1, 2, 3]], values=[1, 2, 3]),
        lambda: s_score_table([[-1, 0], [0, 1]], values=[0, 1]),
        lambda: s_score([1, 2], [2, 1], weights=[1, -1], delta=1),
    ],
)
def test_bad_input_is_an_input_error(call):
    with pytest.raises(InputError):
        call()
