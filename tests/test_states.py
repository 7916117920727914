"""The state registry: tricky names, historical cases decided by the year, errors.

Expected codes are the COW State System Membership v2016 codes (cow_states), checked by hand.
"""

from __future__ import annotations

import numpy as np
import pytest

from multipolar import states
from multipolar.errors import UnknownStateError

CASES = [
    # (input, year, expected ccode)
    ("Russia", None, 365),
    ("Russian Federation", None, 365),
    ("USSR", None, 365),
    ("Soviet Union", 1970, 365),
    ("moscow", None, 365),
    ("RUS", None, 365),
    ("ru", None, 365),
    ("China", None, 710),
    ("PRC", None, 710),
    ("People's Republic of China", None, 710),
    ("Beijing", None, 710),
    ("CHN", None, 710),
    ("Taiwan", None, 713),
    ("Republic of China", None, 713),
    ("United States", None, 2),
    ("USA", None, 2),
    ("U.S.A.", None, 2),
    ("Washington", None, 2),
    ("united states of america", None, 2),
    ("UK", None, 200),
    ("Great Britain", None, 200),
    ("London", None, 200),
    ("UKG", None, 200),
    ("Germany", None, 255),
    ("Germany", 1970, 260),
    ("Germany", 1938, 255),
    ("Germany", 1995, 255),
    ("West Germany", None, 260),
    ("Federal Republic of Germany", 1980, 260),
    ("East Germany", None, 265),
    ("GDR", None, 265),
    ("German Democratic Republic", None, 265),
    ("Bonn", None, 260),
    ("Yemen", None, 679),
    ("Yemen", 1980, 678),
    ("Yemen", 1995, 679),
    ("North Yemen", None, 678),
    ("South Yemen", None, 680),
    ("Yemen People's Republic", None, 680),
    ("Czechoslovakia", None, 315),
    ("Czechia", None, 316),
    ("Czech Republic", 2000, 316),
    ("Czech Republic", 1980, 315),
    ("Burma", None, 775),
    ("Myanmar", None, 775),
    ("Ivory Coast", None, 437),
    ("Côte d'Ivoire", None, 437),
    ("DPRK", None, 731),
    ("North Korea", None, 731),
    ("South Korea", None, 732),
    ("Republic of Korea", None, 732),
    ("Congo - Kinshasa", None, 490),
    ("Zaire", None, 490),
    ("Congo - Brazzaville", None, 484),
    ("Iran", None, 630),
    ("Persia", None, 630),
    ("Tehran", None, 630),
    ("Havana", None, 40),
    ("Jerusalem", None, 666),
    ("ISR", None, 666),
    ("South Vietnam", None, 817),
    ("Vietnam", None, 816),
    ("Yugoslavia", None, 345),
    ("Serbia", None, 345),
    ("Swaziland", None, 572),
    ("Eswatini", None, 572),
    ("St. Kitts & Nevis", None, 60),
    ("710", None, 710),
    (365, None, 365),
]


@pytest.mark.parametrize(("text", "year", "expected"), CASES)
def test_resolve(text, year, expected):
    assert states.resolve(text, year).ccode == expected


def test_at_least_forty_cases():
    assert len(CASES) >= 40


def test_chinese_un_seat_before_1971_is_taiwans():
    # UNGA Res. 2758 (25 Oct 1971) gave the seat to the PRC
    assert states.resolve("China", 1960, un_seat=True).ccode == 713
    assert states.resolve("China", 1972, un_seat=True).ccode == 710
    assert states.resolve("China", 1960).ccode == 710  # the state itself is 710 throughout


def test_unknown_name_suggests_three_matches():
    with pytest.raises(UnknownStateError) as err:
        states.resolve("Chnia")
    assert "China" in str(err.value)
    assert len(err.value.suggestions) == 3
    assert isinstance(err.value, ValueError)


def test_unknown_code():
    with pytest.raises(UnknownStateError):
        states.resolve("9999")


def test_from_iso3_uses_the_year():
    assert states.from_iso3("DEU", 1980).ccode == 260
    assert states.from_iso3("DEU", 2000).ccode == 255
    assert states.from_iso3("YEM", 1980).ccode == 678
    assert states.from_iso3("XYZ") is None
    # after the end of COW v2016 the 2016 system still counts; ended states are not returned
    assert states.from_iso3("YEM", 2019).ccode == 679
    assert states.from_iso3("VAT", 2019) is None


def test_at_year_vectorised_matches_resolve():
    codes = np.array([255, 255, 679, 679, 316, 2])
    years = np.array([1970, 1991, 1985, 1991, 1990, 1970])
    assert states.at_year(codes, years).tolist() == [260, 255, 678, 679, 315, 2]


def test_registry_covers_the_cow_system():
    reg = states.registry()
    assert len(reg.states) == 217  # distinct ccodes in cow_states v2016 (243 spells)
    assert reg.member(365, 1950) and not reg.member(260, 1995)
    assert states.state(2).iso3 == "USA"
