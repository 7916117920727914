"""The event country crosswalk is complete: every country code of the CAMEO dictionary and
every ICEWS country name maps to a COW state, except places that are no COW state.

Before (issue 21, item 14): GDELT's ``BLR``, ``AZE`` (rows of 1982, before their COW entry
in 1991) and ``WST`` (Samoa's old code) and ICEWS's ``Guinea`` and ``Congo`` were left
without a COW code. Known answers from the COW state list (2016): Belarus 370 and Azerbaijan
373 from 1991, before that part of the Soviet Union (365); Samoa 990 from 1976; Guinea 438;
the Republic of the Congo 484 (ICEWS writes the DR Congo "Democratic Republic of Congo").
"""

from __future__ import annotations

import csv
import re
from pathlib import Path

import pytest

from multipolar import states
from multipolar.sources.events.gdelt import cameo_countries
from multipolar.sources.events.icews import icews_countries

#: codes of the CAMEO country dictionary that name no COW state in any year (each checked
#: against the COW list): dependencies, Palestine, and Kinakuta, the dictionary's fictional
#: test country
NOT_STATES = {"ABW", "AIA", "BMU", "COK", "CYM", "GGY", "HKG", "KNT", "PSE"}
#: ICEWS country names of the sample that are no COW state
ICEWS_NOT_STATES = {"Occupied Palestinian Territory", "Holy See", "Hong Kong", "Western Sahara"}


@pytest.mark.parametrize(
    ("code", "year", "ccode"),
    [("BLR", 1982, 365), ("BLR", 2019, 370), ("AZE", 1982, 365), ("AZE", 2016, 373),
     ("WST", 1982, 990), ("SUN", 1985, 365), ("SVN", 1985, 345), ("SVN", 2000, 349),
     ("CSK", 1985, 315), ("CZE", 1985, 315), ("CZE", 1995, 316)],
)  # fmt: skip
def test_gdelt_codes_of_the_issue(code: str, year: int, ccode: int) -> None:
    assert cameo_countries(states)(code, year) == ccode


@pytest.mark.parametrize(("name", "ccode"), [("Guinea", 438), ("Congo", 484),
                                             ("Democratic Republic of Congo", 490)])  # fmt: skip
def test_icews_names_of_the_issue(name: str, ccode: int) -> None:
    assert icews_countries(states)(name, 2018) == ccode


def test_every_cameo_dictionary_code_maps(shared_data: Path) -> None:
    text = (shared_data / "cameo" / "Phoenix.Countries.actors.txt").read_text("latin-1")
    # a country code stands alone in brackets, possibly with a date range: [BLR], [CSK 1918…]
    codes = set(re.findall(r"\[([A-Z]{3})(?:[ \t][^\]]*)?\]", text))
    assert len(codes) > 200
    lookup = cameo_countries(states)
    unmapped = {c for c in codes if all(lookup(c, y) is None for y in range(1946, 2017))}
    assert unmapped == NOT_STATES


def test_every_icews_country_name_maps(shared_data: Path) -> None:
    path = shared_data / "icews" / "events.2018.sample.tab"
    with open(path, encoding="utf-8", newline="") as fh:
        rows = list(csv.DictReader(fh, delimiter="\t"))
    names = {r[c] for r in rows for c in ("Source Country", "Target Country") if r[c]}
    lookup = icews_countries(states)
    unmapped = {n for n in names if lookup(n, 2018) is None}
    assert unmapped == ICEWS_NOT_STATES
