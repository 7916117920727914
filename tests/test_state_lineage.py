"""Names of the year, the periods of a code and the lineage of states (issue 23 item 5).

Known answers are historical dates, checked against the COW State System Membership v2016
(cow_states) spells: the USSR existed 30 Dec 1922 – 26 Dec 1991 (COW 365 throughout), the
People's Republic of China was proclaimed on 1 Oct 1949 (COW 710 throughout; the Republic of
China on Taiwan is 713 from 1949), German unification on 3 Oct 1990 (260 and 265 end in 1990,
255 resumes in 1990), Yemeni unification on 22 May 1990 (678 and 680 end in 1990, 679 begins),
the fall of Saigon on 30 Apr 1975 (817 ends in 1975) and reunification on 2 Jul 1976,
Czechoslovakia's dissolution on 1 Jan 1993 (315 ends in 1992; 316 and 317 begin in 1993).
"""

from __future__ import annotations

import json

import pytest
from typer.testing import CliRunner

from multipolar import states
from multipolar.cli import app
from multipolar.errors import UnknownStateError


@pytest.mark.parametrize(
    ("code", "year", "name"),
    [
        (710, 1911, "China"),  # the Qing empire: COW's own name
        (710, 1912, "Republic of China"),  # the Republic from 1 Jan 1912
        (710, 1948, "Republic of China"),
        (710, 1949, "China"),  # the PRC from 1 Oct 1949
        (365, 1921, "Russia"),
        (365, 1985, "Soviet Union"),
        (365, 1991, "Soviet Union"),
        (365, 1992, "Russia"),
        (713, 1947, "Republic of China"),  # the UN seat, coded 713 in the vote records
        (713, 1971, "Republic of China"),  # until UNGA Res. 2758 (25 Oct 1971)
        (713, 1972, "Taiwan"),
        (816, 1975, "North Vietnam"),
        (816, 1976, "Vietnam"),
        (260, 1970, "West Germany"),
        (265, 1970, "East Germany"),
    ],
)
def test_names_of_the_year(code, year, name):
    assert states.name_in(code, year) == name
    assert states.display_name(code, year) == name


def test_display_name_of_an_unknown_code_is_the_code():
    assert states.display_name(999999) == "999999"
    with pytest.raises(UnknownStateError):
        states.name_in(999999)


def test_name_periods_follow_the_cow_spells():
    # 365: COW 1816-2016 (open); named the Soviet Union 1922-1991
    assert states.name_periods(365) == [
        (1816, 1921, "Russia"),
        (1922, 1991, "Soviet Union"),
        (1992, None, "Russia"),
    ]
    # 255: COW spells 1816-1945 and 1990-2016; two spells, one name
    assert states.name_periods(255) == [(1816, 1945, "Germany"), (1990, None, "Germany")]
    # 710: COW from 1860
    assert states.name_periods(710) == [
        (1860, 1911, "China"),
        (1912, 1948, "Republic of China"),
        (1949, None, "China"),
    ]
    assert states.period_text(265) == "East Germany 1954–1990"


def test_describe_gives_the_name_of_the_year_and_the_period():
    d = states.describe("Russia", 1985)
    assert (d["name"], d["ccode"]) == ("Soviet Union", 365)
    assert d["period"] == "Russia 1816–1921, Soviet Union 1922–1991, Russia from 1992"
    assert states.describe("Soviet Union")["name"] == "Soviet Union"  # the input's own name
    assert states.describe("Russia")["name"] == "Russia"
    assert states.describe("China", 1947)["name"] == "Republic of China"
    assert states.describe("Germany", 1970)["name"] == "West Germany"


@pytest.mark.parametrize(
    ("code", "year", "expected"),
    [
        (255, None, [(265, "absorption"), (260, "continuation")]),
        (255, 1963, [(265, "absorption"), (260, "continuation")]),  # the Élysée Treaty year
        (255, 1995, []),  # united Germany covers 1995 itself
        (679, None, [(678, "unification"), (680, "unification")]),
        (816, None, [(817, "absorption")]),
        (365, 1985, [(365, "continuation")]),
        (365, 1995, []),
        (345, None, [(345, "continuation")]),
        (316, None, [(315, "dissolution")]),
        (710, 1946, [(710, "regime")]),
        (710, 1950, []),
        (2, None, []),
    ],
)
def test_predecessors(code, year, expected):
    got = states.predecessors(code, year)
    assert [(p.predecessor, p.kind) for p in got] == expected
    assert all(p.successor == code for p in got)


def test_predecessor_names_and_same_code():
    (west,) = (p for p in states.predecessors(255) if p.predecessor == 260)
    assert (west.name, west.first, west.last, west.same_code) == ("West Germany", 1955, 1990, False)
    (soviet,) = states.predecessors(365)
    assert (soviet.name, soviet.same_code) == ("Soviet Union", True)
    assert "Alma-Ata" in soviet.source
    assert json.loads(json.dumps(soviet.as_dict()))["name"] == "Soviet Union"


def test_successors():
    assert [(s.successor, s.kind) for s in states.successors(315)] == [
        (316, "dissolution"),
        (317, "dissolution"),
    ]
    assert [s.successor for s in states.successors(260)] == [255]
    assert states.successors(2) == []


def test_every_lineage_row_fits_the_cow_spells():
    """Each predecessor's years lie within its COW spells; a successor under another code
    begins in the predecessor's last year or the year after, or (absorption) was already a
    state then (checked against cow_states)."""
    reg = states.registry()
    rows = [p for code in reg.states for p in states.predecessors(code)]
    assert len(rows) == 11
    for p in rows:
        spells = reg.years(p.predecessor)
        assert spells[0][0] <= p.first <= p.last <= spells[-1][1], p
        assert p.kind in states.LINEAGE_KINDS and p.source, p
        if p.kind == "absorption":
            assert reg.member(p.successor, p.last), p
        elif not p.same_code:
            first_own = min(s for s, e in reg.years(p.successor) if e >= p.last)
            assert p.last <= first_own <= p.last + 1, p


def test_the_article():
    assert states.the("Soviet Union") == "the Soviet Union"
    assert states.the("Republic of China") == "the Republic of China"
    assert states.the("Russia") == "Russia"


runner = CliRunner()


def test_states_resolve_prints_the_name_of_the_year_and_the_period():
    r = runner.invoke(
        app, ["states", "resolve", "Russia", "China", "--year", "1985", "--format", "json"]
    )
    assert r.exit_code == 0, r.output
    rows = json.loads(r.stdout)
    assert rows[0] == {
        "input": "Russia",
        "ccode": 365,
        "iso3": "RUS",
        "name": "Soviet Union",
        "period": "Russia 1816–1921, Soviet Union 1922–1991, Russia from 1992",
    }
    r = runner.invoke(app, ["states", "resolve", "China", "--year", "1948", "--format", "json"])
    assert json.loads(r.stdout)[0]["name"] == "Republic of China"


def test_states_list_leaves_spells_open_at_the_end_of_the_cow_list():
    # COW v2016 ends in 2016: Russia (1816-2016) is still a state, Czechoslovakia ended 1992
    r = runner.invoke(app, ["states", "list", "--format", "json"])
    assert r.exit_code == 0, r.output
    by = {x["ccode"]: x for x in json.loads(r.stdout)}
    assert (by[365]["spells"], by[365]["open"]) == ("1816–", True)
    assert (by[255]["spells"], by[255]["open"]) == ("1816–1945, 1990–", True)
    assert (by[315]["spells"], by[315]["open"]) == ("1918–1939, 1945–1992", False)
    assert not any(x["spells"].endswith("2016") for x in by.values())
