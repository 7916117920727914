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
    # with no year, the state in the system today (COW: 679 Yemen from 1990, 255 Germany);
    # a text with no date named "Yemen" the Yemen Arab Republic (678, ended 1990)
    assert states.from_iso3("YEM").ccode == 679
    assert states.from_iso3("DEU").ccode == 255


def test_at_year_vectorised_matches_resolve():
    codes = np.array([255, 255, 679, 679, 316, 2])
    years = np.array([1970, 1991, 1985, 1991, 1990, 1970])
    assert states.at_year(codes, years).tolist() == [260, 255, 678, 679, 315, 2]


def test_registry_covers_the_cow_system():
    reg = states.registry()
    assert len(reg.states) == 217  # distinct ccodes in cow_states v2016 (243 spells)
    assert reg.member(365, 1950) and not reg.member(260, 1995)
    assert states.state(2).iso3 == "USA"


# --- exact resolution (issue 13): nothing is guessed -------------------------------------
@pytest.mark.parametrize("text", ["Indiana", "Not Russia", "New Mexico", "Chinatown", "Austriaaa"])
def test_no_substring_guesses(text):
    # each of these contains (or nearly is) a state's name; none is one
    with pytest.raises(UnknownStateError) as err:
        states.resolve(text)
    assert text in str(err.value)


def test_unknown_name_still_suggests_the_close_state():
    with pytest.raises(UnknownStateError) as err:
        states.resolve("Austriaaa")
    assert "Austria" in err.value.suggestions


@pytest.mark.parametrize(
    ("text", "codes"), [("Korea", {730, 731, 732}), ("Congo", {484, 490}), ("Guinea", {438, 404})]
)
def test_ambiguous_names_ask_which(text, codes):
    with pytest.raises(UnknownStateError) as err:
        states.resolve(text)
    msg = str(err.value)
    assert "ambiguous" in msg
    for code in codes:
        assert f"({code}, " in msg  # each candidate is named with its code and years


def test_an_ambiguous_name_is_decided_by_a_year_with_one_candidate():
    # in 1900 only the Korean Empire (COW 730, 1887-1905) existed
    assert states.resolve("Korea", 1900).ccode == 730


def test_un_style_names_read_with_un_names():
    # the UN's own records call the Republic of the Congo "CONGO" and list Guinea as "GUINEA"
    assert states.resolve("CONGO", un_names=True).ccode == 484
    assert states.resolve("GUINEA", un_names=True).ccode == 438
    assert states.resolve("BOLIVIA (PLURINATIONAL STATE OF)").ccode == 145
    assert states.resolve("CÔTE D'IVOIRE").ccode == 437
    assert states.resolve("TÜRKİYE").ccode == 640
    assert states.resolve("DEMOCRATIC PEOPLE'S REPUBLIC OF KOREA").ccode == 731


@pytest.mark.parametrize(("text", "code"), [("中国", 710), ("Россия", 365), ("الصين", 710)])
def test_non_latin_names(text, code):
    # countrycode's UN names in Chinese, Russian and Arabic
    assert states.resolve(text).ccode == code


def test_non_latin_unknown_is_a_clear_error():
    with pytest.raises(UnknownStateError) as err:
        states.resolve("中国人")
    assert "empty name" not in str(err.value)


def test_a_name_of_another_period_says_so():
    with pytest.raises(UnknownStateError) as err:
        states.resolve("East Germany", 2000)
    assert "1954–1990" in str(err.value) and "2000" in str(err.value)


@pytest.mark.parametrize(("text", "words"), [("Holy See", "observer"), ("Palestine", "observer")])
def test_entities_that_are_not_states_are_explained(text, words):
    with pytest.raises(UnknownStateError) as err:
        states.resolve(text)
    assert words in str(err.value)
    assert "Kosovo" not in str(err.value) and "Papal States'" not in str(err.value)


@pytest.mark.parametrize(
    ("code", "year", "name"),
    [
        (365, 1970, "Soviet Union"),
        (365, 1995, "Russia"),
        (345, 1990, "Yugoslavia"),
        (345, 2010, "Serbia"),
        (572, 2015, "Swaziland"),
        (572, 2019, "Eswatini"),
        (343, 2018, "Macedonia"),
        (343, 2020, "North Macedonia"),
        (343, None, "North Macedonia"),
        (260, 1980, "West Germany"),
    ],
)
def test_names_of_the_year(code, year, name):
    # renamings: USSR 1922-1991, FRY/Serbia 2006, Eswatini April 2018, North Macedonia Feb 2019
    assert states.name_in(code, year) == name
