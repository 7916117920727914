"""The state registry: every state of the Correlates of War (COW) system, and name resolution.

States are identified by their COW code (``ccode``: USA 2, RUS 365, CHN 710) with ISO3 alongside
where one exists. :func:`resolve` takes what users type — usual and historical names, capitals,
ISO2/ISO3 codes, COW abbreviations and codes, names in the UN's six languages — and matches it
**exactly** (whole string; case, accents and punctuation ignored). Nothing is guessed: a name
that matches no state is an error naming the closest ones; a name that means several states
("Korea", "Congo", "Guinea") asks which, naming the candidates with their years; a name of a
state that did not exist in the year asked says so. Where history decides, the year decides:

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

:func:`name_in` gives the name a state had in a year ("Soviet Union" in 1970, "Eswatini" in
2019, "Republic of China" for 710 before 1949); :func:`display_name` is the one way reports name
a state; :func:`name_periods` / :func:`period_text` give a code's names over its years, and
:func:`predecessors` / :func:`successors` the lineage of states (West Germany → Germany, the
Soviet Union → Russia, the two Yemens, the two Vietnams; ``data/state_lineage.csv``). The registry is built from the ``cow_states`` and ``capitals`` sources (fetched on first
use), the ``countrycode`` package's code list (Arel-Bundock et al. 2018, doi:10.21105/joss.00848)
and the data files in ``multipolar/data`` (aliases, ambiguous names, names by period, entities
that are not states).

This module is also what the parsers of :mod:`multipolar.sources` receive as their ``states``
argument (they never import it): :func:`resolve`, :func:`at_year`, :func:`iso3_map`,
:func:`from_iso3`, :func:`member`, :func:`registry`.
"""

from __future__ import annotations

import difflib
import re
import unicodedata
from collections.abc import Iterable
from dataclasses import dataclass, field
from functools import cache, cached_property
from typing import TYPE_CHECKING, Any

from multipolar.errors import UnknownStateError
from multipolar.sources.codes import read_data_csv

if TYPE_CHECKING:
    import numpy as np
    import pandas as pd

#: bump when the registry's content rules change (the cached registry is rebuilt)
REGISTRY_VERSION = "2"


@dataclass(frozen=True)
class State:
    """A COW state: code, COW abbreviation, ISO3 (None for states without one), name."""

    ccode: int
    abbrev: str
    iso3: str | None
    name: str

    def as_dict(self) -> dict[str, object]:
        return {"ccode": self.ccode, "iso3": self.iso3, "abbrev": self.abbrev, "name": self.name}


# (code resolved, first year, last year, code meant in those years); None = open-ended
_YEAR_RULES: tuple[tuple[int, int | None, int | None, int], ...] = (
    (255, 1955, 1990, 260),  # "Germany" in 1955–1990 is the Federal Republic
    (679, None, 1989, 678),  # "Yemen" before unification (22 May 1990) is the YAR
    (316, None, 1992, 315),  # "Czech…" before 1993 is Czechoslovakia
)

# countrycode name columns read as exact names (English, the UN's six languages, a few CLDR lists)
_NAME_COLUMNS = (
    "country.name.en",
    "iso.name.en",
    "un.name.en",
    "cow.name",
    "p4.name",
    "vdem.name",
    "cldr.name.en",
    "cldr.short.en",
    "cldr.variant.en",
    "un.name.fr",
    "un.name.es",
    "un.name.ru",
    "un.name.zh",
    "un.name.ar",
    "country.name.de",
    "country.name.fr",
    "cldr.name.zh",
    "cldr.name.zh_hant",
    "cldr.short.zh",
    "cldr.name.ru",
    "cldr.name.ar",
    "cldr.name.es",
    "cldr.name.fr",
    "cldr.name.de",
)


def norm(text: str) -> str:
    """The form names are matched in: case-folded, accents dropped, punctuation to spaces.

    Letters of every script are kept (``"中国"`` stays ``"中国"``), ``&`` reads ``and``, a
    leading or inner "the" is dropped.

    >>> norm("  Côte d'Ivoire "), norm("St. Kitts & Nevis"), norm("TÜRKİYE")
    ('cote divoire', 'st kitts and nevis', 'turkiye')
    """
    text = unicodedata.normalize("NFKD", str(text).casefold())
    text = "".join(ch for ch in text if not unicodedata.combining(ch))
    text = text.replace("&", " and ").replace("'", "").replace("’", "").replace(".", "")
    text = re.sub(r"[\W_]+", " ", text)
    text = re.sub(r"\bthe\b", " ", text)
    return re.sub(r"\s+", " ", text).strip()


@dataclass
class Registry:
    """All COW states with their membership spells and the lookup tables for resolution."""

    states: dict[int, State]
    spells: dict[int, list[tuple[int, int]]]
    names: dict[str, int]
    iso3_index: dict[str, list[int]]
    un_names: dict[str, int] = field(default_factory=dict)
    ambiguous: dict[str, list[int]] = field(default_factory=dict)
    not_states: dict[str, str] = field(default_factory=dict)
    display: dict[int, list[tuple[int | None, int | None, str]]] = field(default_factory=dict)

    @cached_property
    def last_year(self) -> int:
        """The last year the membership list covers (2016 for COW v2016)."""
        return max(e for spells in self.spells.values() for _, e in spells)

    def member(self, ccode: int, year: int) -> bool:
        """Whether ``ccode`` was in the COW state system at some point in ``year``.

        Years after the end of the list count as its last year (states then alive go on).
        """
        year = min(int(year), self.last_year)
        return any(s <= year <= e for s, e in self.spells.get(int(ccode), []))

    def years(self, ccode: int) -> list[tuple[int, int]]:
        return list(self.spells.get(ccode, []))

    def span_text(self, ccode: int) -> str:
        """The state's years in the system, e.g. ``1954–1990`` or ``1948–`` (still a state)."""
        parts = []
        for s, e in self.spells.get(ccode, []):
            parts.append(f"{s}–" if e >= self.last_year else f"{s}–{e}")
        return ", ".join(parts)

    def name_in(self, ccode: int, year: int | None = None) -> str:
        """The state's name in ``year`` (its present name when ``year`` is None)."""
        for first, last, name in self.display.get(ccode, []):
            if year is None:
                if last is None:
                    return name
                continue
            if (first is None or year >= first) and (last is None or year <= last):
                return name
        return self.states[ccode].name


def build_registry(cow_states: pd.DataFrame, capitals: pd.DataFrame | None = None) -> Registry:
    """Build a :class:`Registry` from the ``cow_states`` table (and optionally ``capitals``)."""
    from multipolar.sources.codes import codelist, cow_iso2, cow_iso3

    states: dict[int, State] = {}
    spells: dict[int, list[tuple[int, int]]] = {}
    codes = sorted({int(c) for c in cow_states["ccode"]})
    iso3_of = cow_iso3(codes)
    for row in cow_states.itertuples(index=False):
        code = int(row.ccode)
        spells.setdefault(code, []).append((int(row.styear), int(row.endyear)))
        states[code] = State(code, str(row.stateabb), iso3_of.get(code), str(row.statenme))
    names: dict[str, int] = {}
    iso3_index: dict[str, list[int]] = {}

    def add(key: object, code: int) -> None:
        if isinstance(key, str) and key.strip() and norm(key):
            names.setdefault(norm(key), code)

    for row in read_data_csv("multipolar", "data/state_aliases.csv"):
        if not row["context"]:
            names[norm(row["alias"])] = int(row["ccode"])
    for code, st in states.items():
        add(st.name, code)
        add(st.abbrev, code)
        if st.iso3:
            iso3_index.setdefault(st.iso3.lower(), []).append(code)
    for code, i2 in cow_iso2(codes).items():
        if code in (260, 265, 678, 680, 315):
            continue  # ISO2 codes of historical states belong to their successors
        add(i2, code)
    iso3_index.setdefault("yug", []).append(345)
    if capitals is not None:
        for row in capitals.itertuples(index=False):
            if int(row.ccode) in states and isinstance(row.capital, str):
                add(row.capital, int(row.ccode))
                add(re.sub(r"\s+d\.?\s*c\.?$", "", row.capital, flags=re.I), int(row.ccode))
    cl = codelist()
    not_states: dict[str, str] = {}
    for column in _NAME_COLUMNS:
        for value, cown in zip(cl.get(column, []), cl.get("cown", []), strict=False):
            if not isinstance(value, str) or not norm(value):
                continue
            if cown is not None and int(cown) in states:
                add(value, int(cown))
            elif cown is None and column in ("country.name.en", "un.name.en", "cldr.name.en"):
                not_states.setdefault(
                    norm(value), f"{value} is not a state of the COW system (it has no COW code)"
                )
    for key in list(not_states):
        if key in names:  # a state's own name wins over countrycode's list of territories
            del not_states[key]
    for row in read_data_csv("multipolar", "data/non_states.csv"):
        key = norm(row["name"])  # the curated list wins (e.g. "Holy See" is not the Papal States)
        not_states[key] = row["explanation"]
        names.pop(key, None)
    un_names = {
        norm(r["alias"]): int(r["ccode"])
        for r in read_data_csv("multipolar", "data/state_aliases.csv")
        if r["context"] == "un"
    }
    ambiguous = {
        norm(r["name"]): [int(c) for c in r["ccodes"].split()]
        for r in read_data_csv("multipolar", "data/state_ambiguous.csv")
    }
    display: dict[int, list[tuple[int | None, int | None, str]]] = {}
    for r in read_data_csv("multipolar", "data/state_names.csv"):
        first = int(r["first"]) if r["first"] else None
        last = int(r["last"]) if r["last"] else None
        display.setdefault(int(r["ccode"]), []).append((first, last, r["name"]))
    return Registry(states, spells, names, iso3_index, un_names, ambiguous, not_states, display)


@cache
def registry() -> Registry:
    """The registry built from the pinned ``cow_states`` and ``capitals`` sources.

    Built once per ``MULTIPOLAR_HOME`` and kept as JSON under ``cache/`` (keyed by the pinned
    files' sha256, the registry's data files and :data:`REGISTRY_VERSION`), so that resolving
    a name later needs neither pandas nor the R files.
    """
    path = _cache_path()
    if path is not None and path.is_file():
        try:
            return _from_json(path.read_text("utf-8"))
        except (ValueError, KeyError, TypeError):
            pass  # a damaged cache is rebuilt
    from multipolar.sources import read_source

    tables = read_source("cow_states", states=None)
    caps = read_source("capitals", states=None)
    reg = build_registry(tables["cow_states"], caps["capitals"])
    if path is not None:
        _write_cache(path, _to_json(reg))
    return reg


def _cache_path() -> Any:
    import contextlib
    import hashlib
    from importlib import resources
    from importlib.metadata import PackageNotFoundError, version

    from multipolar import config
    from multipolar.sources.pins import FILES

    h = hashlib.sha256(REGISTRY_VERSION.encode())
    for f in ("peacesciencer/cow_states.rda", "peacesciencer/cow_capitals.rda"):
        h.update(FILES[f].sha256.encode())
    for name in ("state_aliases", "state_ambiguous", "state_names", "non_states"):
        h.update(resources.files("multipolar").joinpath(f"data/{name}.csv").read_bytes())
    with contextlib.suppress(PackageNotFoundError):
        h.update(version("countrycode").encode())
    try:
        return config.home() / "cache" / f"registry-{h.hexdigest()[:16]}.json"
    except Exception:  # an unwritable home: no cache, the registry is built each time
        return None


def _write_cache(path: Any, text: str) -> None:
    import os
    import tempfile

    try:
        path.parent.mkdir(parents=True, exist_ok=True)
        fd, tmp = tempfile.mkstemp(dir=path.parent, prefix=".registry-", suffix=".tmp")
        with os.fdopen(fd, "w", encoding="utf-8") as fh:
            fh.write(text)
        os.replace(tmp, path)
    except OSError:
        pass  # the cache is an optimisation only


def _to_json(reg: Registry) -> str:
    import json

    return json.dumps(
        {
            "states": {c: [s.abbrev, s.iso3, s.name] for c, s in reg.states.items()},
            "spells": reg.spells,
            "names": reg.names,
            "iso3_index": reg.iso3_index,
            "un_names": reg.un_names,
            "ambiguous": reg.ambiguous,
            "not_states": reg.not_states,
            "display": reg.display,
        },
        ensure_ascii=False,
    )


def _from_json(text: str) -> Registry:
    import json

    d = json.loads(text)
    return Registry(
        states={int(c): State(int(c), a, i, n) for c, (a, i, n) in d["states"].items()},
        spells={int(c): [(int(s), int(e)) for s, e in v] for c, v in d["spells"].items()},
        names={k: int(v) for k, v in d["names"].items()},
        iso3_index={k: [int(x) for x in v] for k, v in d["iso3_index"].items()},
        un_names={k: int(v) for k, v in d["un_names"].items()},
        ambiguous={k: [int(x) for x in v] for k, v in d["ambiguous"].items()},
        not_states=dict(d["not_states"]),
        display={int(c): [(f, t, n) for f, t, n in v] for c, v in d["display"].items()},
    )


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

    >>> import numpy as np
    >>> at_year(np.array([255, 255, 679]), np.array([1970, 1995, 1980])).tolist()
    [260, 255, 678]
    """
    import numpy as np

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


def _candidates(reg: Registry, codes: list[int]) -> str:
    return ", ".join(
        f"{reg.name_in(c)} ({c}, {reg.span_text(c)})" for c in codes if c in reg.states
    )


def resolve(
    text: str | int, year: int | None = None, *, un_seat: bool = False, un_names: bool = False
) -> State:
    """Resolve what a user typed to a :class:`State`, exactly (see the module docstring).

    Accepts names (current and historical, in the UN's six languages), capitals, ISO2 and ISO3
    codes, COW abbreviations and COW codes, in any case. ``year`` decides between historical
    states and checks that the state existed then (years after the COW list's end, 2016, count
    as 2016); ``un_seat=True`` gives the holder of the Chinese UN seat (713 before 1971);
    ``un_names=True`` reads the UN's member-state names ("CONGO" is the Republic of the Congo).
    Raises :class:`~multipolar.errors.UnknownStateError` (a ``LookupError`` and ``ValueError``)
    for unknown, ambiguous and out-of-period names.

    >>> resolve("Soviet Union").ccode, resolve("Beijing").ccode, resolve("中国").ccode
    (365, 710, 710)
    >>> resolve("Germany", 1970).ccode
    260
    """
    reg = registry()
    if not isinstance(text, str) or text.strip().isdigit():  # a code (int, numpy integer, "710")
        code = int(text)
        if code not in reg.states:
            raise UnknownStateError(str(text), detail="no COW state has this code")
        return _checked(reg, str(text), _apply_year(code, year, un_seat=un_seat), year)
    key = norm(str(text))
    if not key:
        raise UnknownStateError(str(text), detail="empty name")
    if un_names and key in reg.un_names:
        code = reg.un_names[key]
        return _checked(reg, str(text), _apply_year(code, year, un_seat=un_seat), year)
    if key in reg.ambiguous:
        options = reg.ambiguous[key]
        if year is not None:
            alive = [c for c in options if reg.member(c, year)]
            if len(alive) == 1:
                return reg.states[_apply_year(alive[0], year, un_seat=un_seat)]
        raise UnknownStateError(
            str(text), detail=f"ambiguous: it may mean {_candidates(reg, options)}; name one"
        )
    if key in reg.iso3_index:
        code = reg.iso3_index[key][0]
        alive = [c for c in reg.iso3_index[key] if year is not None and reg.member(c, year)]
        code = alive[0] if alive else code
    elif key in reg.names:
        code = reg.names[key]
    elif key in reg.not_states:
        raise UnknownStateError(str(text), detail=reg.not_states[key])
    else:
        raise UnknownStateError(str(text), suggest(str(text)))
    return _checked(reg, str(text), _apply_year(code, year, un_seat=un_seat), year)


def _checked(reg: Registry, text: str, code: int, year: int | None) -> State:
    """The state, after checking it was in the system in ``year`` (when one is given)."""
    if year is not None and not reg.member(code, year):
        raise UnknownStateError(
            text,
            detail=f"{reg.name_in(code)} ({code}) was a state in {reg.span_text(code)}, "
            f"not in {year}",
        )
    return reg.states[code]


def _pick(reg: Registry, codes: list[int], year: int | None, *, strict: bool = False) -> int | None:
    """The first of ``codes`` in the system in ``year``; else the first code, or None when
    ``strict``. With no year, the one in the system today ("YEM" is Yemen, 679, not the Yemen
    Arab Republic, 678, that ended in 1990)."""
    if year is None:
        today = [c for c in codes if reg.member(c, reg.last_year)]
        return today[0] if today else codes[0]
    if year is not None:
        alive = [c for c in codes if reg.member(c, year)]
        if alive:
            return alive[0]
        if strict:
            return None
    return codes[0]


def suggest(text: str, n: int = 3) -> list[str]:
    """The ``n`` state names closest to ``text`` (for error messages; costs a few ms)."""
    reg = registry()
    close = difflib.get_close_matches(norm(text), list(reg.names), n=12, cutoff=0.5)
    out: list[str] = []
    for key in close:
        name = reg.name_in(reg.names[key])
        if name not in out:
            out.append(name)
    if len(out) < n:
        names = [reg.name_in(c) for c in reg.states]
        for name in difflib.get_close_matches(text, names, n=n):
            if name not in out:
                out.append(name)
    return out[:n]


def state(ccode: int) -> State:
    """The state with COW code ``ccode`` (raises :class:`UnknownStateError`)."""
    try:
        return registry().states[int(ccode)]
    except KeyError:
        raise UnknownStateError(str(ccode), detail="no COW state has this code") from None


def possessive(name: str) -> str:
    """``China's``, ``the United States'`` (a name ending in "s" takes the apostrophe alone).

    >>> possessive("China"), possessive("the United States")
    ("China's", "the United States'")
    """
    return f"{name}'" if name.endswith("s") else f"{name}'s"


def name_in(ccode: int, year: int | None = None) -> str:
    """The name of state ``ccode`` in ``year`` ("Soviet Union" for 365 in 1970; "Russia" in 2000).

    >>> name_in(365, 1970), name_in(365, 2000), name_in(572, 2019)
    ('Soviet Union', 'Russia', 'Eswatini')
    """
    reg = registry()
    if int(ccode) not in reg.states:
        raise UnknownStateError(str(ccode), detail="no COW state has this code")
    return reg.name_in(int(ccode), year)


def member(ccode: int, year: int) -> bool:
    """Whether ``ccode`` was in the COW state system in ``year`` (after 2016: as in 2016)."""
    return registry().member(ccode, year)


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


def display_name(ccode: int, year: int | None = None) -> str:
    """The name to show for ``ccode`` in ``year``: :func:`name_in`, or the code as text for a
    code no COW state has (e.g. a bloc member from a user's edge list). The one way reports,
    tables and charts name a state.

    >>> display_name(365, 1985), display_name(710, 1948), display_name(999999)
    ('Soviet Union', 'Republic of China', '999999')
    """
    try:
        return name_in(int(ccode), year)
    except (UnknownStateError, ValueError, TypeError):
        return str(ccode)


def name_periods(ccode: int) -> list[tuple[int, int | None, str]]:
    """The names the state had over its years in the system: ``[(first, last, name)]``, ``last``
    None while it is still a state at the end of the COW list (2016).

    >>> name_periods(365)
    [(1816, 1921, 'Russia'), (1922, 1991, 'Soviet Union'), (1992, None, 'Russia')]
    >>> name_periods(710)[:2]
    [(1860, 1911, 'China'), (1912, 1948, 'Republic of China')]
    """
    reg = registry()
    code = int(ccode)
    if code not in reg.states:
        raise UnknownStateError(str(ccode), detail="no COW state has this code")
    cuts = {f for f, _, _ in reg.display.get(code, []) if f is not None}
    cuts |= {t + 1 for _, t, _ in reg.display.get(code, []) if t is not None}
    out: list[tuple[int, int | None, str]] = []
    for start, end in reg.spells.get(code, []):
        edges = sorted({start, *(c for c in cuts if start < c <= end)})
        for i, first in enumerate(edges):
            last: int | None = edges[i + 1] - 1 if i + 1 < len(edges) else end
            if last is not None and last >= reg.last_year:
                last = None
            name = reg.name_in(code, first)
            if out and out[-1][2] == name and out[-1][1] is not None and out[-1][1] + 1 == first:
                out[-1] = (out[-1][0], last, name)
            else:
                out.append((first, last, name))
    return out


def period_text(ccode: int) -> str:
    """The state's years with the name of each, e.g. for 365 ``"Russia 1816–1921, Soviet Union
    1922–1991, Russia from 1992"``; "from" marks a state still in the system when the COW list
    ends (2016).

    >>> period_text(265), period_text(2), period_text(255)
    ('East Germany 1954–1990', 'United States from 1816', 'Germany 1816–1945, Germany from 1990')
    """
    parts = []
    for first, last, name in name_periods(ccode):
        parts.append(f"{name} from {first}" if last is None else f"{name} {first}–{last}")
    return ", ".join(parts)


def describe(text: str | int, year: int | None = None, *, un_seat: bool = False) -> dict[str, Any]:
    """What ``states resolve`` prints for one input: ``{input, ccode, iso3, name, period}``.

    ``name`` is the name in ``year``; without a year, the name the input itself is (so "Soviet
    Union" stays the Soviet Union) or else the present name. ``period`` names the code's years
    by name (:func:`period_text`).

    >>> d = describe("Russia", 1985)
    >>> d["name"], d["ccode"], d["period"]
    ('Soviet Union', 365, 'Russia 1816–1921, Soviet Union 1922–1991, Russia from 1992')
    >>> describe("Soviet Union")["name"], describe("China", 1947)["name"]
    ('Soviet Union', 'Republic of China')
    """
    st = resolve(text, year, un_seat=un_seat)
    if year is not None:
        name = name_in(st.ccode, year)
    else:
        typed = norm(str(text))
        own = [n for _, _, n in name_periods(st.ccode) if norm(n) == typed]
        name = own[0] if own else name_in(st.ccode)
    return {
        "input": str(text),
        "ccode": st.ccode,
        "iso3": st.iso3,
        "name": name,
        "period": period_text(st.ccode),
    }


@dataclass(frozen=True)
class Lineage:
    """One succession: ``successor``'s history runs through ``predecessor`` (issue 23 item 5).

    ``first``–``last`` are the predecessor's years under its own code (for ``same_code`` rows,
    the years the code meant the predecessor); ``kind`` is one of continuation, unification,
    absorption, regime (same code, another government), dissolution, secession; ``source`` the
    treaty or act that documents it. Read from ``multipolar/data/state_lineage.csv``.
    """

    successor: int
    predecessor: int
    first: int
    last: int
    kind: str
    source: str
    note: str

    @property
    def same_code(self) -> bool:
        """True when COW keeps one code for both (365 Soviet Union/Russia, 345, 710)."""
        return self.successor == self.predecessor

    @property
    def name(self) -> str:
        """The predecessor's name in its last year ("West Germany", "Soviet Union")."""
        return name_in(self.predecessor, self.last)

    def as_dict(self) -> dict[str, object]:
        return {**{k: getattr(self, k) for k in self.__dataclass_fields__}, "name": self.name}


#: kinds of succession in ``state_lineage.csv``
LINEAGE_KINDS = ("continuation", "unification", "absorption", "regime", "dissolution", "secession")


@cache
def _lineage() -> tuple[Lineage, ...]:
    rows = []
    for r in read_data_csv("multipolar", "data/state_lineage.csv"):
        if r["kind"] not in LINEAGE_KINDS:
            raise ValueError(f"state_lineage.csv: unknown kind {r['kind']!r}")
        rows.append(
            Lineage(
                int(r["successor"]),
                int(r["predecessor"]),
                int(r["first"]),
                int(r["last"]),
                r["kind"],
                r["source"],
                r["note"],
            )
        )
    return tuple(sorted(rows, key=lambda x: (x.successor, x.first, x.predecessor)))


def predecessors(ccode: int, year: int | None = None) -> list[Lineage]:
    """The states whose record ``ccode``'s history runs through, oldest first.

    With ``year`` (the first year of a question), only predecessors whose years reach ``year``
    or later: ``predecessors(255, 1995)`` is empty (united Germany covers 1995 itself),
    ``predecessors(255, 1963)`` names West and East Germany. Rows with ``same_code`` (Russia and
    the Soviet Union under 365) need no merging of records, only the name of the year.
    Missing is never zero: a state with no predecessor gets an empty list.

    >>> [(p.predecessor, p.kind, p.first, p.last) for p in predecessors(255)]
    [(265, 'absorption', 1954, 1990), (260, 'continuation', 1955, 1990)]
    >>> [p.name for p in predecessors(679)], predecessors(255, 1995)
    (['Yemen Arab Republic', "Yemen People's Republic"], [])
    >>> [(p.name, p.same_code) for p in predecessors(365, 1985)]
    [('Soviet Union', True)]
    """
    code = int(ccode)
    return [x for x in _lineage() if x.successor == code and (year is None or x.last >= int(year))]


def successors(ccode: int) -> list[Lineage]:
    """The states whose history runs through ``ccode`` (the reverse of :func:`predecessors`).

    >>> [(s.successor, s.kind) for s in successors(315)]
    [(316, 'dissolution'), (317, 'dissolution')]
    """
    code = int(ccode)
    return [x for x in _lineage() if x.predecessor == code]


_THE_PREFIXES = ("United ", "Republic of ", "Democratic Republic", "Federal Republic",
                 "German Democratic", "Central African", "Dominican Republic", "Czech Republic",
                 "Soviet Union")  # fmt: skip
_THE_NAMES = {"Netherlands", "Philippines", "Bahamas", "Gambia", "Comoros", "Maldives",
              "Marshall Islands", "Solomon Islands", "Seychelles", "Holy See",
              "German Federal Republic", "Yemen Arab Republic", "Yemen People's Republic"}  # fmt: skip


def the(name: str) -> str:
    """A state's name as it reads inside a sentence: "the United States", "the Soviet Union".

    >>> the("United States"), the("Soviet Union"), the("China"), the("Republic of China")
    ('the United States', 'the Soviet Union', 'China', 'the Republic of China')
    >>> the("Yemen Arab Republic"), the("Yemen")
    ('the Yemen Arab Republic', 'Yemen')
    """
    if name.startswith(_THE_PREFIXES) or name in _THE_NAMES:
        return f"the {name}"
    return name
