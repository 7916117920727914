"""Sponsors of the UN's resolution records (``unxml_sponsors``), checked against the raw files.

The expected sets are computed here straight from the JSON records (sponsors plus additional
sponsors, repeated records merged), independently of the parser.
"""

from __future__ import annotations

from pathlib import Path

import pytest

from multipolar import states
from multipolar.sources.unxml import FILES, parse_unxml, read_records, sponsor_entry


@pytest.fixture(scope="module")
def raw(shared_data: Path) -> dict[str, set[str]]:
    out: dict[str, set[str]] = {}
    for f in FILES:
        for rec in read_records(shared_data / f):
            entries = (rec.get("sponsors") or []) + (rec.get("additional_sponsors") or [])
            out.setdefault(rec["symbol"].strip(), set()).update(e.strip() for e in entries)
    return out


@pytest.fixture(scope="module")
def parsed(shared_data: Path):
    return parse_unxml({f: shared_data / f for f in FILES}, states)


def test_every_plain_member_name_is_a_sponsor_row(raw, parsed, shared_data):
    """Completeness: an entry that is exactly a name the vote lists use is always mapped."""
    voters: set[str] = set()
    for f in FILES:
        for rec in read_records(shared_data / f):
            for col in ("MS_in_favour", "MS_against", "MS_abstaining"):
                voters.update(n.strip() for n in rec.get(col) or [])
    rc = parsed["unxml_rollcalls"].set_index("unres")["rcid"]
    sp = parsed["unxml_sponsors"]
    have = set(zip(sp["rcid"], sp["ccode"], strict=True))
    missing = []
    for symbol, entries in raw.items():
        if symbol not in rc.index:
            continue
        for name in entries & voters:
            code = states.resolve(name, un_names=True).ccode
            if (int(rc[symbol]), int(code)) not in have:
                missing.append((symbol, name))
    assert not missing, missing[:10]


def test_china_and_russia_cosponsor_the_cybercrime_resolution(parsed):
    """A/RES/74/247 (countering the use of ICTs for criminal purposes, 27 December 2019) was
    Russia's draft; its record lists CHINA and RUSSIAN FEDERATION among the sponsors."""
    rc = parsed["unxml_rollcalls"].set_index("unres")["rcid"]
    sp = parsed["unxml_sponsors"]
    codes = set(sp.loc[sp["rcid"] == rc["A/RES/74/247"], "ccode"])
    assert {710, 365} <= codes


def test_counts_against_the_raw_lists(raw, parsed):
    """Exact-name entries give a lower bound; entries that list several names add the rest."""
    sp = parsed["unxml_sponsors"]
    own = sp[sp["kind"] == "own"]
    for name, code in (("CHINA", 710), ("RUSSIAN FEDERATION", 365)):
        exact = sum(name in v for v in raw.values())
        listed = sum(
            any(name.lower() in e.lower() and e.strip() != name for e in v) and name not in v
            for v in raw.values()
        )
        got = own.loc[own["ccode"] == code, "rcid"].nunique()
        assert exact <= got <= exact + listed, (name, exact, listed, got)


def test_set_aside_entries_are_counted_and_name_no_state(parsed):
    report = parsed["unxml_rollcalls"].attrs["report"]
    unreadable = report["sponsor_entries_unreadable"]
    assert len(unreadable) <= 15
    for entry in unreadable:
        with pytest.raises(LookupError):
            states.resolve(entry, un_names=True)
    assert (
        report["sponsor_entries_set_aside"][
            "introduced or submitted by an officer or committee (no state sponsor)"
        ]
        > 0
    )


def test_on_behalf_of_a_group_is_its_own_kind():
    name, kind, group = sponsor_entry(
        "STATE OF PALESTINE (ON BEHALF OF THE STATES MEMBERS OF THE UNITED NATIONS THAT ARE "
        "MEMBERS OF THE GROUP OF 77 AND CHINA)"
    )
    assert (name, kind) == ("STATE OF PALESTINE", "on_behalf") and group.endswith("77 AND CHINA")
