"""UCDP/PRIO Armed Conflict Dataset (Gleditsch et al. 2002; Davies et al. 2024), 1946–2024.

peacesciencer distributes the dataset as ``ucdp_acd``: one row per conflict-year *and per
combination* of the states named on its sides (a conflict-year with two supporting states on
side A appears twice), 5,652 rows for 2,752 conflict-years. States are Gleditsch–Ward codes
(``gwno_a``: the primary party on side A, always a government; ``gwno_a_2nd``: states
supporting side A with troops; ``gwno_b``: the primary party on side B when it is a state
(interstate conflicts), else empty — a rebel group; ``gwno_b_2nd``: states supporting side B).
The UCDP original writes several codes in one cell separated by commas; this parser accepts
both layouts (a number, or a text list "2, 200").

:func:`parse_ucdp_acd` produces two tables:

``ucdp_acd_cy``
    one row per conflict-year: ``conflict_id, year, incompatibility, intensity_level``
    (1: 25–999 battle-related deaths in the year; 2: 1,000 or more), ``type_of_conflict``
    (extrasystemic, interstate, intrastate, II = internationalised intrastate), the start and
    episode dates, and the four sides as Gleditsch–Ward code lists (``gwno_a`` …, text).
``ucdp_acd_sides``
    one row per conflict-year × side × role × state: ``conflict_id, year, side`` (A or B),
    ``role`` (primary or secondary), ``gwno``, ``ccode`` (the COW code for that year, from the
    crosswalk), ``iso3``, ``cow_member`` (whether that state was in the COW system that year).

Gleditsch–Ward to COW. ``data/gw_cow.csv`` lists every Gleditsch–Ward code that occurs in the
file with the COW code it means, by year: the codes are the same except 260 (united Germany from
1991 is COW 255), 678 (unified Yemen from 1990 is COW 679), 972 (Tonga, COW 955) and 751
(Hyderabad 1947–1948, no COW code: kept with ``ccode`` null). A code the crosswalk does not list
stops the parse with a :class:`FormatError` naming it: the file is pinned, so an unknown code
means the crosswalk is incomplete, and a guess would move a state's wars to another state.
"""

from __future__ import annotations

import io
from collections.abc import Mapping
from functools import cache
from importlib import resources
from pathlib import Path
from typing import Any

import pandas as pd

from multipolar.errors import FormatError
from multipolar.sources._rdata import read_rdata, require_columns

UCDP_FILE = "peacesciencer/ucdp_acd.rda"
#: the four side columns: (column, side, role)
SIDE_COLUMNS = (
    ("gwno_a", "A", "primary"),
    ("gwno_a_2nd", "A", "secondary"),
    ("gwno_b", "B", "primary"),
    ("gwno_b_2nd", "B", "secondary"),
)
_STATIC = [
    "incompatibility",
    "intensity_level",
    "type_of_conflict",
    "start_date",
    "start_prec",
    "start_date2",
    "start_prec2",
    "ep_end",
    "ep_end_date",
]


@cache
def _crosswalk_file() -> pd.DataFrame:
    text = resources.files("multipolar.sources").joinpath("data", "gw_cow.csv").read_text("utf-8")
    lines = "\n".join(line for line in text.splitlines() if not line.startswith("#"))
    df = pd.read_csv(io.StringIO(lines), dtype=str, keep_default_na=False)
    for col in ("gwno", "from_year", "to_year", "ccode"):
        df[col] = pd.to_numeric(df[col].replace("", None)).astype("Int64")
    return df


def gw_cow_crosswalk() -> pd.DataFrame:
    """The Gleditsch–Ward to COW crosswalk: ``gwno, from_year, to_year, ccode, gw_name, note``.

    ``from_year``/``to_year`` null means an open end; ``ccode`` null means no COW state.

    >>> cw = gw_cow_crosswalk()
    >>> int(cw.loc[(cw["gwno"] == 972), "ccode"].iloc[0])  # Tonga
    955
    """
    return _crosswalk_file().copy()


@cache
def _crosswalk_spans() -> dict[int, list[tuple[int | None, int | None, int | None]]]:
    spans: dict[int, list[tuple[int | None, int | None, int | None]]] = {}
    for r in _crosswalk_file().to_dict("records"):
        lo, hi, cc = (
            None if pd.isna(r[k]) else int(r[k]) for k in ("from_year", "to_year", "ccode")
        )
        spans.setdefault(int(r["gwno"]), []).append((lo, hi, cc))
    return spans


def gw_to_cow(gwno: int, year: int) -> int | None:
    """The COW code Gleditsch–Ward code ``gwno`` means in ``year`` (None: no COW state).

    Raises :class:`FormatError` for a code (or year) the crosswalk does not list.

    >>> gw_to_cow(260, 1999), gw_to_cow(678, 1980), gw_to_cow(678, 2015), gw_to_cow(365, 1950)
    (255, 678, 679, 365)
    """
    for lo, hi, cc in _crosswalk_spans().get(int(gwno), []):
        if (lo is None or year >= lo) and (hi is None or year <= hi):
            return cc
    raise FormatError(
        f"Gleditsch–Ward code {gwno} in {year} is not in src/multipolar/sources/data/gw_cow.csv"
    )


def split_codes(cell: Any) -> list[int]:
    """The Gleditsch–Ward codes of one cell: a number, empty, or a comma-separated text list.

    >>> split_codes("2, 200"), split_codes(365.0), split_codes(None), split_codes("")
    ([2, 200], [365], [], [])
    """
    if cell is None or (not isinstance(cell, str) and pd.isna(cell)):
        return []
    if isinstance(cell, str):
        parts = [p.strip() for p in cell.split(",") if p.strip()]
        try:
            return [int(float(p)) for p in parts]
        except ValueError:
            raise FormatError(f"{UCDP_FILE}: {cell!r} is not a list of state codes") from None
    value = float(cell)
    if not value.is_integer():
        raise FormatError(f"{UCDP_FILE}: {cell!r} is not a state code")
    return [int(value)]


def parse_ucdp_acd(paths: Mapping[str, Path], states: Any) -> dict[str, pd.DataFrame]:
    """Parse the UCDP/PRIO armed conflicts into ``ucdp_acd_cy`` and ``ucdp_acd_sides``.

    ``states`` is the state registry (``iso3_map()`` and ``member(ccode, year)`` are used).
    Raises :class:`FormatError` for missing columns, a conflict-year whose attributes differ
    between its rows, or Gleditsch–Ward codes the crosswalk lacks (all of them, in one line).
    """
    df = read_rdata(paths[UCDP_FILE])
    require_columns(df, ["conflict_id", "year", *(c for c, _, _ in SIDE_COLUMNS)], UCDP_FILE)
    df = df.copy()
    for col in ("conflict_id", "year"):
        if df[col].isna().any():
            raise FormatError(f"{UCDP_FILE}: {int(df[col].isna().sum())} rows lack {col}")
        df[col] = df[col].astype("int64")
    static = [c for c in _STATIC if c in df.columns]
    varying = df.groupby(["conflict_id", "year"])[static].nunique(dropna=False).gt(1).any(axis=1)
    if varying.any():
        raise FormatError(
            f"{UCDP_FILE}: {int(varying.sum())} conflict-years differ between their rows in "
            f"{', '.join(static)} (e.g. {varying[varying].index[:3].tolist()})"
        )
    sides: set[tuple[int, int, str, str, int]] = set()
    lists: dict[tuple[int, int], dict[str, list[int]]] = {}
    for rec in df[["conflict_id", "year", *(c for c, _, _ in SIDE_COLUMNS)]].itertuples(
        index=False
    ):
        key = (int(rec[0]), int(rec[1]))
        held = lists.setdefault(key, {c: [] for c, _, _ in SIDE_COLUMNS})
        for i, (col, side, role) in enumerate(SIDE_COLUMNS):
            for code in split_codes(rec[2 + i]):
                if code not in held[col]:
                    held[col].append(code)
                sides.add((key[0], key[1], side, role, code))
    cy = df.drop_duplicates(["conflict_id", "year"])[["conflict_id", "year", *static]].copy()
    for col, _, _ in SIDE_COLUMNS:
        cy[col] = [
            ", ".join(map(str, lists[(c, y)][col])) or None
            for c, y in zip(cy["conflict_id"], cy["year"], strict=True)
        ]
        cy[col] = cy[col].astype("string")
    for col in ("intensity_level", "start_prec", "start_prec2", "ep_end"):
        if col in cy.columns:
            cy[col] = cy[col].astype("Int64")
    for col in ("incompatibility", "type_of_conflict"):
        if col in cy.columns:
            cy[col] = cy[col].astype("string")
    for col in ("start_date", "start_date2", "ep_end_date"):
        if col in cy.columns:
            cy[col] = pd.to_datetime(cy[col]).dt.date

    out = pd.DataFrame(sorted(sides), columns=["conflict_id", "year", "side", "role", "gwno"])
    unknown: dict[int, set[int]] = {}
    codes: list[int | None] = []
    for g, y in zip(out["gwno"], out["year"], strict=True):
        try:
            codes.append(gw_to_cow(int(g), int(y)))
        except FormatError:
            unknown.setdefault(int(g), set()).add(int(y))
            codes.append(None)
    if unknown:
        listing = "; ".join(f"{g} ({min(y)}–{max(y)})" for g, y in sorted(unknown.items()))
        raise FormatError(
            f"UCDP: {len(unknown)} Gleditsch–Ward code(s) not in the crosswalk: {listing}; add "
            "them to src/multipolar/sources/data/gw_cow.csv"
        )
    out["ccode"] = pd.array(codes, dtype="Int64")
    iso = states.iso3_map()
    out["iso3"] = out["ccode"].map(lambda c: None if pd.isna(c) else iso.get(int(c)))
    out["iso3"] = out["iso3"].astype("string")
    out["cow_member"] = [
        bool(not pd.isna(c) and states.member(int(c), int(y)))
        for c, y in zip(out["ccode"], out["year"], strict=True)
    ]
    for col in ("side", "role"):
        out[col] = out[col].astype("string")
    return {
        "ucdp_acd_cy": cy.sort_values(["conflict_id", "year"], ignore_index=True),
        "ucdp_acd_sides": out,
    }
