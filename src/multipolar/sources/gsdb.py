"""The Global Sanctions Data Base, release 3 (Felbermayr et al. 2020; Kirilakha et al. 2021).

GSDB V3 lists 1,325 sanction cases 1949–2022, one row per case: the target
(``sanctioned_state``), the sender or senders (``sanctioning_state``, often a list such as
"EU, Montenegro, Iceland, Albania, Liechtenstein, Norway, Ukraine"), the years ``begin`` and
``end``, six type flags (trade, arms, military, financial, travel, other), the objective(s) and
the outcome(s). Names are plain English names, some in World Bank spelling with a comma inside
("Korea, South", "Egypt, Arab Rep."), some historical ("Soviet Union", "Malaya", "Ceylon"),
some kept for a successor ("Yemen, North" for unified Yemen, "South Vietnam" for Vietnam after
1976), and some are groups ("EU", "UN", "League of Arab States") or not states at all ("Hong
Kong", "Terrorist Organizations (Taliban)").

:func:`parse_gsdb` produces three tables:

``gsdb_cases``
    one row per case: ``case_id``, the names as GSDB writes them (``target``, ``senders``),
    ``n_targets``, ``n_senders``, ``target_ccode``/``target_group`` when the case has one target,
    ``begin``, ``end``, the six type flags, ``types`` (the flags as text), ``descr_trade``,
    ``target_mult``, ``sender_mult``, ``objective``, ``success``.
``gsdb_sanctions_dyad``
    directed dyad-years, one row per case × year (``begin``..``end`` inclusive) × sender name ×
    target name: ``case_id, year, sender, sender_kind, sender_ccode, sender_group, target,
    target_kind, target_ccode, target_group, types`` and the six flags. ``*_kind`` is
    ``state`` (``*_ccode`` set, the COW code for that year), ``group`` (``*_group`` set; the
    group is kept as one sender, :func:`multipolar.measures.sanctions.expand_groups` gives its
    member states at that date) or ``other`` (neither set: a territory or non-state actor, kept
    with its name and counted in the report).
``gsdb_names``
    every distinct (name, code) GSDB uses, how it was mapped (``states.resolve`` or the names
    file), the cases and years it covers, and the years in which the state was outside the COW
    state system (e.g. the Federal Republic 1949–1954, Armenia 1989–1990).

Name mapping. A name is looked up first in ``data/gsdb_names.csv`` (GSDB-specific spellings,
groups and non-states, some valid for a span of years only), else resolved by
``states.resolve(name, year)`` for the year of each dyad-year. A name neither listed nor
resolvable stops the parse with a :class:`~multipolar.errors.FormatError` naming it: the file is
pinned, so an unknown name means the names file is incomplete, and a guess would silently move
cases. Names listed as ``other`` are kept without a code and counted in the report; nothing is
dropped.

>>> split_names("Korea, South, Egypt, Arab Rep., Norway", {"Korea, South", "Egypt, Arab Rep."})
['Korea, South', 'Egypt, Arab Rep.', 'Norway']
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from functools import cache
from importlib import resources
from pathlib import Path
from typing import Any, Protocol

import numpy as np
import pandas as pd

from multipolar.errors import FormatError
from multipolar.sources._rdata import require_columns
from multipolar.sources.unvotes import ParseReport

GSDB_FILE = "gsdb/GSDB_V3.csv"
TYPES = ("trade", "arms", "military", "financial", "travel", "other")
COLUMNS = [
    "case_id",
    "sanctioned_state",
    "sanctioning_state",
    "begin",
    "end",
    *TYPES,
    "descr_trade",
    "target_mult",
    "sender_mult",
    "objective",
    "success",
]
KINDS = ("state", "group", "other")


class StatesLike(Protocol):
    """What the parser needs from the state registry (the module :mod:`multipolar.states`)."""

    def resolve(self, text: str, year: int | None = None, *, un_names: bool = False) -> Any: ...

    def at_year(self, ccodes: np.ndarray, years: np.ndarray) -> np.ndarray: ...

    def registry(self) -> Any: ...


@dataclass
class GsdbReport(ParseReport):
    """What :func:`parse_gsdb` mapped and how (``rows_read``/``rows_kept`` count cases).

    ``unmapped``: names kept without a COW code or group (``other``), with their number of cases.
    ``outside_system``: "name (ccode)" -> dyad-years in which that state was not in the COW state
    system (years after the registry's last year are judged by its last year).
    ``dyad_years``: rows of ``gsdb_sanctions_dyad``.
    """

    dyad_years: int = 0
    unmapped: dict[str, int] = field(default_factory=dict)
    outside_system: dict[str, int] = field(default_factory=dict)

    def as_dict(self) -> dict[str, object]:
        return {
            **super().as_dict(),
            "dyad_years": self.dyad_years,
            "unmapped": dict(self.unmapped),
            "outside_system": dict(self.outside_system),
        }


# --- the packaged data files ------------------------------------------------------------
def _data_csv(name: str, **kw: Any) -> pd.DataFrame:
    with resources.files("multipolar.sources").joinpath("data", name).open("rb") as fh:
        return pd.read_csv(fh, **kw)


@cache
def _names_file() -> pd.DataFrame:
    df = _data_csv("gsdb_names.csv", dtype=str, keep_default_na=False)
    bad = ~df["kind"].isin(KINDS)
    if bad.any():
        raise FormatError(f"gsdb_names.csv: unknown kind in rows {df.index[bad].tolist()}")
    return df


def names_table() -> pd.DataFrame:
    """The GSDB names file: ``name, kind, ccode, group, from_year, to_year, note``.

    ``kind`` is ``state`` (``ccode`` for the years ``from_year``..``to_year``, open ends
    empty), ``group`` (``group`` names its membership list in :func:`group_memberships`) or
    ``other`` (a territory or non-state actor, kept without a code).
    """
    df = _names_file().copy()
    for col in ("ccode", "from_year", "to_year"):
        df[col] = pd.to_numeric(df[col].replace("", None)).astype("Int64")
    df["group"] = df["group"].replace("", None).astype("string")
    return df


@cache
def _groups_file() -> pd.DataFrame:
    return _data_csv("groups.csv", keep_default_na=False)


def group_memberships() -> pd.DataFrame:
    """Member states of the groups GSDB names as senders or targets, by year.

    Columns ``group, ccode, state, from_year, to_year, source, note``; ``to_year`` is null while
    the membership lasts. A state counts as a member in year *y* if it belonged at the end of
    *y* (the UK left the EU on 31 January 2020: a member through 2019); a body dissolved during
    *y* counts its last members in *y*. Suspensions are not exits (one exception each, noted:
    Cuba in the OAS from 1962, Albania in Comecon from 1961). Each row cites where its list
    comes from (the organisations' own member pages, treaties, or a named history).
    """
    df = _groups_file().copy()
    df["ccode"] = df["ccode"].astype("int64")
    df["from_year"] = df["from_year"].astype("int64")
    df["to_year"] = pd.to_numeric(df["to_year"].replace("", None)).astype("Int64")
    return df


def western_definition() -> pd.DataFrame:
    """The stated definition of "Western" senders (see docs/sanctions.md).

    Columns ``kind, ccode, group, from_year, to_year, name, basis``: ``state`` rows name a state
    (for the years given, open ends null), ``member_of`` rows count every member of ``group``
    in its membership years, ``group`` rows name a group whose own cases count as Western.
    """
    df = _data_csv("western.csv", dtype=str, keep_default_na=False)
    for col in ("ccode", "from_year", "to_year"):
        df[col] = pd.to_numeric(df[col].replace("", None)).astype("Int64")
    df["group"] = df["group"].replace("", None).astype("string")
    return df


# --- names --------------------------------------------------------------------------------
def split_names(text: str, joined: set[str]) -> list[str]:
    """Split a GSDB list of names at commas, keeping the names in ``joined`` that hold one.

    Whitespace around names is dropped ("Poland,Hungary" and "Netherlands,  Sweden" split).
    """
    parts = [p.strip() for p in str(text).split(",")]
    out: list[str] = []
    i = 0
    while i < len(parts):
        if i + 1 < len(parts) and f"{parts[i]}, {parts[i + 1]}" in joined:
            out.append(f"{parts[i]}, {parts[i + 1]}")
            i += 2
            continue
        if parts[i]:
            out.append(parts[i])
        i += 1
    return out


@dataclass(frozen=True)
class _Mapped:
    kind: str
    ccode: int | None
    group: str | None
    how: str  # "names file" or "states.resolve"


class _Mapper:
    """Maps (name, year) to a state code, a group or 'other'; remembers what it could not."""

    def __init__(self, states: StatesLike) -> None:
        self.states = states
        self.listed: dict[str, list[dict[str, Any]]] = {}
        for row in names_table().to_dict("records"):
            self.listed.setdefault(row["name"], []).append(row)
        self.unknown: dict[str, int] = {}
        self._cache: dict[tuple[str, int], _Mapped | None] = {}

    def joined(self) -> set[str]:
        return {n for n in self.listed if "," in n}

    def __call__(self, name: str, year: int) -> _Mapped | None:
        key = (name, year)
        if key not in self._cache:
            self._cache[key] = self._map(name, year)
        return self._cache[key]

    def _map(self, name: str, year: int) -> _Mapped | None:
        for row in self.listed.get(name, []):
            lo, hi = row["from_year"], row["to_year"]
            if (pd.isna(lo) or year >= lo) and (pd.isna(hi) or year <= hi):
                ccode = None if pd.isna(row["ccode"]) else int(row["ccode"])
                group = None if pd.isna(row["group"]) else str(row["group"])
                return _Mapped(str(row["kind"]), ccode, group, "names file")
        try:  # the name as a state, then the code it means in that year (Germany 1970: 260)
            st = self.states.resolve(name, un_names=True)
        except LookupError:
            return None
        code = int(self.states.at_year(np.array([int(st.ccode)]), np.array([year]))[0])
        return _Mapped("state", code, None, "states.resolve")


def _in_system(states: StatesLike) -> Any:
    reg = states.registry()
    last = getattr(reg, "last_year", None)

    @cache
    def member(ccode: int, year: int) -> bool:
        y = min(year, last) if last is not None else year
        return bool(reg.member(ccode, y))

    return member


# --- the parser -------------------------------------------------------------------------
def _read(path: Path) -> pd.DataFrame:
    try:
        df = pd.read_csv(path, dtype=str, keep_default_na=False, encoding="utf-8")
    except (UnicodeDecodeError, pd.errors.ParserError) as exc:
        raise FormatError(f"{path.name} is not a readable GSDB CSV ({exc})") from exc
    require_columns(df, COLUMNS, f"{path.name} (GSDB V3)")
    ints = ["case_id", "begin", "end", *TYPES, "target_mult", "sender_mult"]
    num = df[ints].apply(pd.to_numeric, errors="coerce")
    bad = num.isna().any(axis=1) | (num["begin"] > num["end"])
    bad |= ~num[[*TYPES, "target_mult", "sender_mult"]].isin([0, 1]).all(axis=1)
    bad |= (df["sanctioned_state"].str.strip() == "") | (df["sanctioning_state"].str.strip() == "")
    if bad.any():
        rows = (df.index[bad] + 2).tolist()[:10]
        raise FormatError(
            f"{path.name}: {int(bad.sum())} malformed case rows (file lines {rows}): missing "
            "or non-numeric case_id/years/flags, begin after end, or no sender/target"
        )
    if df["case_id"].duplicated().any():
        dup = df.loc[df["case_id"].duplicated(), "case_id"].tolist()[:10]
        raise FormatError(f"{path.name}: duplicate case_id {dup}")
    df[ints] = num.astype("int64")
    return df


def _types_text(row: Mapping[str, Any]) -> str:
    return ",".join(t for t in TYPES if int(row[t]) == 1)


def parse_gsdb(
    paths: Mapping[str, Path], states: StatesLike, *, report: GsdbReport | None = None
) -> dict[str, pd.DataFrame]:
    """Parse GSDB V3 into ``gsdb_cases``, ``gsdb_sanctions_dyad`` and ``gsdb_names``.

    ``paths[GSDB_FILE]`` is the CSV; ``states`` is the state registry module (only its
    ``resolve(name, year)`` and ``registry().member(ccode, year)`` are used). ``report`` (a
    :class:`GsdbReport`) is filled with what was mapped, kept without a code and found outside
    the COW system. Raises :class:`FormatError` for missing columns, malformed rows, or names
    that neither the names file nor ``states.resolve`` knows (all of them, in one message).
    """
    report = report if report is not None else GsdbReport()
    df = _read(paths[GSDB_FILE])
    report.rows_read = len(df)
    mapper = _Mapper(states)
    joined = mapper.joined()
    member = _in_system(states)

    cases: list[dict[str, Any]] = []
    dyads: list[dict[str, Any]] = []
    unknown: dict[str, set[int]] = {}
    for row in df.to_dict("records"):
        cid = int(row["case_id"])
        senders = split_names(row["sanctioning_state"], joined)
        targets = split_names(row["sanctioned_state"], joined)
        types = _types_text(row)
        flags = {t: bool(row[t]) for t in TYPES}
        for year in range(int(row["begin"]), int(row["end"]) + 1):
            mapped_t = [(t, mapper(t, year)) for t in targets]
            mapped_s = [(s, mapper(s, year)) for s in senders]
            for name, m in mapped_t + mapped_s:
                if m is None:
                    unknown.setdefault(name, set()).add(cid)
            for s, ms in mapped_s:
                for t, mt in mapped_t:
                    if ms is None or mt is None:
                        continue
                    dyads.append(
                        {
                            "case_id": cid,
                            "year": year,
                            "sender": s,
                            "sender_kind": ms.kind,
                            "sender_ccode": ms.ccode,
                            "sender_group": ms.group,
                            "sender_how": ms.how,
                            "target": t,
                            "target_kind": mt.kind,
                            "target_ccode": mt.ccode,
                            "target_group": mt.group,
                            "target_how": mt.how,
                            "types": types,
                            **flags,
                        }
                    )
        first = [mapper(t, int(row["begin"])) for t in targets]
        one = first[0] if len(first) == 1 else None
        cases.append(
            {
                "case_id": cid,
                "target": row["sanctioned_state"],
                "target_ccode": one.ccode if one is not None else None,
                "target_group": one.group if one is not None else None,
                "n_targets": len(targets),
                "senders": row["sanctioning_state"],
                "n_senders": len(senders),
                "begin": int(row["begin"]),
                "end": int(row["end"]),
                **flags,
                "types": types,
                "descr_trade": row["descr_trade"] or None,
                "target_mult": bool(row["target_mult"]),
                "sender_mult": bool(row["sender_mult"]),
                "objective": row["objective"] or None,
                "success": row["success"] or None,
            }
        )
    if unknown:
        listing = "; ".join(
            f"{n!r} (cases {', '.join(map(str, sorted(c)[:5]))})"
            for n, c in sorted(unknown.items())
        )
        raise FormatError(
            f"GSDB: {len(unknown)} name(s) neither in gsdb_names.csv nor known to the state "
            f"registry: {listing}; add them to src/multipolar/sources/data/gsdb_names.csv"
        )

    dyad = pd.DataFrame(dyads)
    names = _names_summary(dyad, member)
    for r in names[names["kind"] == "other"].to_dict("records"):
        report.unmapped[r["name"]] = report.unmapped.get(r["name"], 0) + int(r["n_cases"])
    for r in names[names["years_outside_cow"] != ""].to_dict("records"):
        key = f"{r['name']} ({r['ccode']})"
        report.outside_system[key] = int(r["dyad_years_outside_cow"])
    if report.unmapped:
        report.set_aside["names kept without a COW code or group (cases)"] = sum(
            report.unmapped.values()
        )
    dyad = dyad.drop(columns=["sender_how", "target_how"])
    for side in ("sender", "target"):
        dyad[f"{side}_ccode"] = dyad[f"{side}_ccode"].astype("Int16")
        for col in (side, f"{side}_kind", f"{side}_group"):
            dyad[col] = dyad[col].astype("string")
    dyad["case_id"] = dyad["case_id"].astype("int32")
    dyad["year"] = dyad["year"].astype("int16")
    dyad["types"] = dyad["types"].astype("string")
    dyad = dyad.sort_values(["case_id", "year", "sender", "target"], ignore_index=True)
    out_cases = pd.DataFrame(cases)
    out_cases["target_ccode"] = out_cases["target_ccode"].astype("Int16")
    for col in (
        "target",
        "target_group",
        "senders",
        "types",
        "descr_trade",
        "objective",
        "success",
    ):
        out_cases[col] = out_cases[col].astype("string")
    report.rows_kept = len(out_cases)
    report.dyad_years = len(dyad)
    return {
        "gsdb_cases": out_cases.sort_values("case_id", ignore_index=True),
        "gsdb_sanctions_dyad": dyad,
        "gsdb_names": names.drop(columns=["dyad_years_outside_cow"]),
    }


def _names_summary(dyad: pd.DataFrame, member: Any) -> pd.DataFrame:
    """One row per (name, kind, ccode, group) with its roles, cases, years and COW gaps."""
    sides = []
    for side in ("sender", "target"):
        d = dyad[
            [
                "case_id",
                "year",
                side,
                f"{side}_kind",
                f"{side}_ccode",
                f"{side}_group",
                f"{side}_how",
            ]
        ]
        d.columns = ["case_id", "year", "name", "kind", "ccode", "group", "how"]
        sides.append(d.assign(role=side))
    both = pd.concat(sides, ignore_index=True)
    both["ccode"] = both["ccode"].astype("Int64")
    both["group"] = both["group"].fillna("")
    notes: dict[tuple[str, str], str] = {}
    for r in _names_file().to_dict("records"):
        if r["note"]:
            notes[(r["name"], r["ccode"])] = r["note"]
    rows = []
    for (name, kind, ccode, group), d in both.groupby(
        ["name", "kind", "ccode", "group"], dropna=False, sort=True
    ):
        outside: list[int] = []
        n_outside = 0
        if kind == "state":
            for y in sorted(set(d["year"].tolist())):
                if not member(int(ccode), int(y)):
                    outside.append(int(y))
            n_outside = int(d["year"].isin(outside).sum())
        rows.append(
            {
                "name": name,
                "kind": kind,
                "ccode": None if pd.isna(ccode) else int(ccode),
                "group": group or None,
                "mapped_by": ", ".join(sorted(set(d["how"]))),
                "roles": ", ".join(sorted(set(d["role"]))),
                "n_cases": int(d["case_id"].nunique()),
                "first_year": int(d["year"].min()),
                "last_year": int(d["year"].max()),
                "years_outside_cow": _spell_text(outside),
                "dyad_years_outside_cow": n_outside,
                "note": notes.get((name, "" if pd.isna(ccode) else str(int(ccode)))),
            }
        )
    out = pd.DataFrame(rows)
    out["ccode"] = out["ccode"].astype("Int16")
    for col in ("name", "kind", "group", "mapped_by", "roles", "years_outside_cow", "note"):
        out[col] = out[col].astype("string")
    return out


def _spell_text(years: list[int]) -> str:
    """``[1949, 1950, 1951, 1960]`` -> ``"1949–1951, 1960"``."""
    spells: list[list[int]] = []
    for y in years:
        if spells and y == spells[-1][1] + 1:
            spells[-1][1] = y
        else:
            spells.append([y, y])
    return ", ".join(f"{a}–{b}" if a != b else str(a) for a, b in spells)
