"""The state registry: every state of the Correlates of War (COW) system, and name resolution.

States are identified by their COW code (``ccode``: USA 2, RUS 365, CHN 710) with ISO3 alongside
where one exists. :func:`resolve` takes what users type — usual and historical names, capitals,
ISO2/ISO3 codes, COW abbreviations, any case — and, where history decides, the year decides:

=========================  ==========================================================
input                      resolves to
=========================  ==========================================================
"Germany"                  255; but 260 (Federal Republic) for 1955–1990
"East Germany", "GDR"      265
"Yemen"                    679; but 678 (Yemen Arab Republic) before 1990
"South Yemen"              680 (Yemen People's Republic)
"Czechoslovakia"           315; "Czechia" 316 (and 315 before 1993)
"China" with un_seat=True  713 (Republic of China) before 1971, the holder of the UN seat
=========================  ==========================================================

The registry is built from the ``cow_states`` and ``capitals`` sources (fetched on first use)
plus the ``countrycode`` package's code list (ISO codes and its English-name regexes, a port of
R's countrycode by Arel-Bundock et al. 2018, doi:10.21105/joss.00848).
"""

from __future__ import annotations

import difflib
import re
import unicodedata
from collections.abc import Iterable
from dataclasses import dataclass
from functools import cache

import numpy as np
import pandas as pd

from multipolar.errors import UnknownStateError


@dataclass(frozen=True)
class State:
    """A COW state: code, COW abbreviation, ISO3 (None for states without one), name."""

    ccode: int
    abbrev: str
    iso3: str | None
    name: str

    def as_dict(self) -> dict[str, object]:
        return {"ccode": self.ccode, "iso3": self.iso3, "abbrev": self.abbrev, "name": self.name}


# ISO3 for COW states that countrycode leaves without one (historical ISO 3166 codes).
_ISO3_OVERRIDES: dict[int, str | None] = {
    260: "DEU",  # Federal Republic: ISO 3166 DEU; the year decides between 255 and 260
    265: "DDR",  # German Democratic Republic (ISO 3166-3)
    678: "YEM",  # Yemen Arab Republic held YEM before unification
    680: "YMD",  # Yemen People's Republic (ISO 3166-3)
    315: "CSK",  # Czechoslovakia (ISO 3166-3)
    345: "SRB",  # COW 345: Yugoslavia to 2006, Serbia after (YUG also accepted)
    347: "XKX",  # Kosovo (user-assigned code used by the EU and the World Bank)
    817: "VDR",  # Republic of Vietnam (not ISO; the code GDELT/CAMEO-era lists use)
}

# Names (normalised) the code list does not know, or knows differently; small and tested.
_ALIASES: dict[str, int] = {
    "ussr": 365,
    "soviet union": 365,
    "russian federation": 365,
    "prc": 710,
    "peoples republic of china": 710,
    "mainland china": 710,
    "roc": 713,
    "republic of china": 713,
    "formosa": 713,
    "chinese taipei": 713,
    "us": 2,
    "usa": 2,
    "america": 2,
    "united states of america": 2,
    "uk": 200,
    "britain": 200,
    "great britain": 200,
    "england": 200,
    "frg": 260,
    "west germany": 260,
    "federal republic of germany": 260,
    "gdr": 265,
    "ddr": 265,
    "east germany": 265,
    "german democratic republic": 265,
    "north yemen": 678,
    "yemen arab republic": 678,
    "south yemen": 680,
    "yemen peoples republic": 680,
    "peoples democratic republic of yemen": 680,
    "czechoslovakia": 315,
    "czech republic": 316,
    "czechia": 316,
    "dprk": 731,
    "rok": 732,
    "burma": 775,
    "holland": 210,
    "north vietnam": 816,
    "south vietnam": 817,
    "republic of vietnam": 817,
    "yugoslavia": 345,
    "serbia": 345,  # COW continues Yugoslavia (345) as Serbia after 2006
    "zanzibar": 511,
    "ivory coast": 437,
    "east timor": 860,
    "swaziland": 572,
    "eswatini": 572,
    "congo brazzaville": 484,
    "congo kinshasa": 490,
    "zaire": 490,
    "washington": 2,  # "Washington D.C." in the capitals data
    "bonn": 260,
    "east berlin": 265,
    "sanaa": 679,
    "aden": 680,
}

# (code resolved, first year, last year, code meant in those years); None = open-ended
_YEAR_RULES: tuple[tuple[int, int | None, int | None, int], ...] = (
    (255, 1955, 1990, 260),  # "Germany" in 1955–1990 is the Federal Republic
    (679, None, 1989, 678),  # "Yemen" before unification (22 May 1990) is the YAR
    (316, None, 1992, 315),  # "Czech…" before 1993 is Czechoslovakia
)


def _norm(text: str) -> str:
    text = unicodedata.normalize("NFKD", text).encode("ascii", "ignore").decode()
    text = text.lower().replace("&", " and ").replace("'", "").replace("’", "").replace(".", "")
    text = re.sub(r"[^a-z0-9]+", " ", text)
    text = re.sub(r"\bthe\b", " ", text)
    return re.sub(r"\s+", " ", text).strip()


@dataclass
class Registry:
    """All COW states with their membership spells and the lookup tables for resolution."""

    states: dict[int, State]
    spells: dict[int, list[tuple[int, int]]]
    names: dict[str, int]
    iso3_index: dict[str, list[int]]
    regexes: list[tuple[re.Pattern[str], int]]

    @property
    def last_year(self) -> int:
        """The last year the membership list covers (2016 for COW v2016)."""
        return max(e for spells in self.spells.values() for _, e in spells)

    def member(self, ccode: int, year: int) -> bool:
        """Whether ``ccode`` was a member of the COW state system at some point in ``year``."""
        return any(s <= year <= e for s, e in self.spells.get(ccode, []))

    def years(self, ccode: int) -> list[tuple[int, int]]:
        return list(self.spells.get(ccode, []))


def build_registry(cow_states: pd.DataFrame, capitals: pd.DataFrame | None = None) -> Registry:
    """Build a :class:`Registry` from the ``cow_states`` table (and optionally ``capitals``)."""
    from countrycode.countrycode import countrycode

    states: dict[int, State] = {}
    spells: dict[int, list[tuple[int, int]]] = {}
    codes = sorted({int(c) for c in cow_states["ccode"]})
    iso3 = countrycode(codes, origin="cown", destination="iso3c")
    iso2 = countrycode(codes, origin="cown", destination="iso2c")
    iso3_of = dict(zip(codes, iso3, strict=True))
    iso3_of.update(_ISO3_OVERRIDES)
    for row in cow_states.itertuples(index=False):
        code = int(row.ccode)
        spells.setdefault(code, []).append((int(row.styear), int(row.endyear)))
        states[code] = State(code, str(row.stateabb), iso3_of.get(code), str(row.statenme))
    names: dict[str, int] = {}
    iso3_index: dict[str, list[int]] = {}

    def add(key: object, code: int) -> None:
        if isinstance(key, str) and key.strip():
            names.setdefault(_norm(key), code)

    for code, st in states.items():
        add(st.name, code)
        add(st.abbrev, code)
        if st.iso3:
            iso3_index.setdefault(st.iso3.lower(), []).append(code)
    for code, i2 in zip(codes, iso2, strict=True):
        if code in (260, 265, 678, 680, 315):
            continue  # ISO2 codes of historical states belong to their successors
        add(i2, code)
    iso3_index.setdefault("yug", []).append(345)
    for key, code in _ALIASES.items():
        names[_norm(key)] = code
    if capitals is not None:
        for row in capitals.itertuples(index=False):
            if int(row.ccode) in states and isinstance(row.capital, str):
                add(row.capital, int(row.ccode))
                add(re.sub(r"\s+d\.?\s*c\.?$", "", row.capital, flags=re.I), int(row.ccode))
    from countrycode.countrycode import codelist  # loaded by the call above

    regexes: list[tuple[re.Pattern[str], int]] = []
    cl = codelist if codelist is not None else {}
    for pattern, cown in zip(cl.get("country.name.en.regex", []), cl.get("cown", []), strict=False):
        if pattern and cown is not None and int(cown) in states:
            regexes.append((re.compile(pattern, re.I), int(cown)))
    return Registry(states, spells, names, iso3_index, regexes)


@cache
def registry() -> Registry:
    """The registry built from the pinned ``cow_states`` and ``capitals`` sources."""
    from multipolar.sources import read_source

    tables = read_source("cow_states")
    caps = read_source("capitals")
    return build_registry(tables["cow_states"], caps["capitals"])


def _apply_year(code: int, year: int | None, *, un_seat: bool) -> int:
    if year is None:
        return code
    for src, first, last, dest in _YEAR_RULES:
        if code == src and (first is None or year >= first) and (last is None or year <= last):
            return dest
    if un_seat and code == 710 and year < 1971:
        return 713  # the Republic of China held the Chinese UN seat until Res. 2758 (1971)
    return code


def at_year(ccodes: np.ndarray, years: np.ndarray) -> np.ndarray:
    """Vectorised year rules: the code each of ``ccodes`` means in the matching ``years``.

    >>> at_year(np.array([255, 255, 679]), np.array([1970, 1995, 1980])).tolist()
    [260, 255, 678]
    """
    out = np.asarray(ccodes).copy()
    years = np.asarray(years)
    for src, first, last, dest in _YEAR_RULES:
        hit = out == src
        if first is not None:
            hit &= years >= first
        if last is not None:
            hit &= years <= last
        out[hit] = dest
    return out


def resolve(text: str | int, year: int | None = None, *, un_seat: bool = False) -> State:
    """Resolve what a user typed to a :class:`State`.

    Accepts names (current and historical), capitals, ISO2 and ISO3 codes, COW abbreviations and
    COW codes, in any case. ``year`` decides between historical states (see the module table);
    ``un_seat=True`` gives the holder of the Chinese UN seat (713 before 1971).

    >>> resolve("Soviet Union").ccode, resolve("Beijing").ccode
    (365, 710)
    >>> resolve("Germany", 1970).ccode
    260
    """
    reg = registry()
    if isinstance(text, int) or (isinstance(text, str) and text.strip().isdigit()):
        code = int(text)
        if code not in reg.states:
            raise UnknownStateError(str(text), detail="no COW state has this code")
        return reg.states[_apply_year(code, year, un_seat=un_seat)]
    key = _norm(str(text))
    if not key:
        raise UnknownStateError(str(text), detail="empty name")
    found = _lookup(reg, key, year)
    if found is None:
        raise UnknownStateError(str(text), suggest(str(text)))
    return reg.states[_apply_year(found, year, un_seat=un_seat)]


def _lookup(reg: Registry, key: str, year: int | None) -> int | None:
    if key in reg.iso3_index:
        return _pick(reg, reg.iso3_index[key], year)
    if key in reg.names:
        return reg.names[key]
    for pattern, code in reg.regexes:
        if pattern.search(key):
            return code
    return None


def _pick(reg: Registry, codes: list[int], year: int | None, *, strict: bool = False) -> int | None:
    """The first of ``codes`` in the system in ``year`` (years after the list's end count as its
    last year); else the first code, or None when ``strict``."""
    if year is not None:
        year = min(year, reg.last_year)
        alive = [c for c in codes if reg.member(c, year)]
        if alive:
            return alive[0]
        if strict:
            return None
    return codes[0]


def suggest(text: str, n: int = 3) -> list[str]:
    """The ``n`` state names closest to ``text`` (for error messages)."""
    reg = registry()
    keys = list(reg.names)
    close = difflib.get_close_matches(_norm(text), keys, n=12, cutoff=0.5)
    out: list[str] = []
    for key in close:
        name = reg.states[reg.names[key]].name
        if name not in out:
            out.append(name)
    if len(out) < n:
        for name in difflib.get_close_matches(text, [s.name for s in reg.states.values()], n=n):
            if name not in out:
                out.append(name)
    return out[:n]


def state(ccode: int) -> State:
    """The state with COW code ``ccode`` (raises :class:`UnknownStateError`)."""
    try:
        return registry().states[int(ccode)]
    except KeyError:
        raise UnknownStateError(str(ccode), detail="no COW state has this code") from None


def from_iso3(code: str, year: int | None = None) -> State | None:
    """The COW state for an ISO3 code (as used by CAMEO actor codes) in ``year``; None if none."""
    reg = registry()
    codes = reg.iso3_index.get(str(code).lower())
    if not codes:
        return None
    found = _pick(reg, codes, year, strict=True)
    if found is None:  # e.g. VAT in 2019: the Papal States (327) ended in 1870
        return None
    return reg.states[_apply_year(found, year, un_seat=False)]


def iso3_map() -> dict[int, str | None]:
    """``{ccode: iso3}`` for every state (for adding ISO3 columns to tables)."""
    return {c: s.iso3 for c, s in registry().states.items()}


def all_states() -> list[State]:
    """Every COW state, by code."""
    return [registry().states[c] for c in sorted(registry().states)]


def resolve_many(texts: Iterable[str], year: int | None = None) -> list[State]:
    """:func:`resolve` for each of ``texts``."""
    return [resolve(t, year) for t in texts]
