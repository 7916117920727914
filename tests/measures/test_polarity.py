"""Polarity: CON and effective poles by hand; NMC 7.0 check values from the issue."""

from __future__ import annotations

import math

import pandas as pd
import pytest

from multipolar.measures.polarity import (
    bipolarity,
    con,
    concentration,
    effective_poles,
    major_powers,
)


def test_con_by_hand():
    # Singer, Bremer & Stuckey (1972): sqrt((sum S^2 - 1/N) / (1 - 1/N))
    assert con([0.25] * 4) == 0.0
    assert con([1.0, 0.0]) == 1.0
    assert con([0.5, 0.3, 0.2]) == pytest.approx(math.sqrt((0.38 - 1 / 3) / (2 / 3)))
    assert con([2.0, 1.0, 1.0]) == pytest.approx(math.sqrt((0.375 - 1 / 3) / (2 / 3)))
    assert math.isnan(con([1.0]))


def test_effective_poles_by_hand():
    assert effective_poles([0.5, 0.5]) == 2.0
    assert effective_poles([0.4, 0.3, 0.2, 0.1]) == pytest.approx(1 / 0.30)
    assert effective_poles([3.0, 1.0]) == pytest.approx(1 / (0.75**2 + 0.25**2))


def test_major_powers_spells_and_carry_forward():
    majors = pd.DataFrame(
        {"ccode": [2, 255, 255], "styear": [1898, 1925, 1991], "endyear": [2016, 1945, 2016]}
    )
    mp = major_powers(majors, [1945, 1946, 1991, 2020])
    got = {y: sorted(g["ccode"]) for y, g in mp.groupby("year")}
    assert got == {1945: [2, 255], 1946: [2], 1991: [2, 255], 2020: [2, 255]}
    assert mp.loc[mp["year"] == 2020, "carried"].all()
    assert 2020 not in set(major_powers(majors, [2020], carry_forward=False)["year"])


def test_bipolarity_two_perfect_camps_is_one():
    rows = [
        (a, b, 1.0 if (a < 100) == (b < 100) else 0.0)
        for a in (2, 20, 200, 365, 710, 750)
        for b in (2, 20, 200, 365, 710, 750)
        if a < b
    ]
    assert bipolarity(pd.DataFrame(rows, columns=["ccode1", "ccode2", "agree"])) == 1.0


def test_nmc_check_values(store):
    # Check values from the issue author (NMC 7.0); reproduced without tuning.
    nmc = store.frame("cow_nmc")
    majors = store.frame("cow_majors")
    c = concentration(nmc, majors, years=[1816, 1990, 2016, 2022]).set_index("year")
    assert c.at[1990, "con_major"] == pytest.approx(0.305, abs=5e-4)
    assert c.at[2022, "con_major"] == pytest.approx(0.485, abs=5e-4)  # 2016 list carried
    assert c.at[1816, "top3_share"] == pytest.approx(0.618, abs=5e-4)
    assert c.at[2016, "top3_share"] == pytest.approx(0.451, abs=5e-4)
    assert bool(c.at[2022, "majors_carried"]) and not bool(c.at[2016, "majors_carried"])
    assert [t["ccode"] for t in c.at[2016, "top3"]] == [710, 2, 750]
