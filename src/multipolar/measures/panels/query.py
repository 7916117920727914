"""The whole panel as one SQL query: the units, then one LEFT JOIN per covariate.

Pure builder: :func:`panel_sql` returns the query text and :func:`dictionary_rows` the data
dictionary, both generated from the covariate registry (``covariates.toml``). Every join is a
``LEFT JOIN`` on a relation unique on its key, so the panel keeps exactly its units' rows.
Outside a covariate's years every column it adds is null (never zero); inside them a unit
missing from an event list (alliances, MIDs, contiguity, rivalries, sanctions) is 0.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass

from multipolar.errors import InputError
from multipolar.measures.panels.registry import Column, Covariate
from multipolar.measures.panels.units import System, Unit, relevant_sql, units_sql


@dataclass(frozen=True)
class Entry:
    """One row of a panel's data dictionary."""

    column: str
    meaning: str
    unit: str
    source: str
    years: str


def _relation(cov: Covariate, first: int, last: int, provided: Mapping[str, str]) -> str:
    if cov.provider is not None:
        return f"SELECT * FROM {provided[cov.name]}"
    if cov.relation is not None:
        return cov.relation.format(first=int(first), last=int(last))
    return f"SELECT * FROM {cov.tables[0]}"


def _covered(cov: Covariate, expr: str) -> str:
    """``expr`` inside the covariate's years (0 for an absent unit of an event list), else null."""
    lo, hi = cov.years
    value = f"coalesce({expr}, 0)" if cov.absent == "zero" else expr
    return f"CASE WHEN u.year BETWEEN {lo} AND {hi} THEN {value} END"


def _by_name(cov: Covariate) -> dict[str, Column]:
    return {c.name: c for c in cov.columns}


def _joins(cov: Covariate, unit: Unit) -> tuple[list[str], list[str]]:
    """The join clauses and select expressions of one covariate (relation ``c_<name>``)."""
    rel = f"c_{cov.name}"
    if cov.level == "state":
        if unit == "state":
            one = f"LEFT JOIN {rel} {rel}_0 ON {rel}_0.ccode = u.ccode AND {rel}_0.year = u.year"
            return [one], [
                f"{_covered(cov, f'{rel}_0.{c.column}')} AS {c.name}" for c in cov.columns
            ]
        joins: list[str] = []
        sel: list[str] = []
        for side in ("1", "2"):
            a = f"{rel}_{side}"
            joins.append(f"LEFT JOIN {rel} {a} ON {a}.ccode = u.ccode{side} AND {a}.year = u.year")
            sel += [f"{_covered(cov, f'{a}.{c.column}')} AS {c.name}{side}" for c in cov.columns]
        return joins, sel
    if unit == "state":
        raise InputError(f"{cov.name} is a dyad-year covariate; state-year panels cannot take it")
    if cov.keys == "both":
        both = (
            f"LEFT JOIN {rel} {rel}_0 ON {rel}_0.ccode1 = u.ccode1 "
            f"AND {rel}_0.ccode2 = u.ccode2 AND {rel}_0.year = u.year"
        )
        return [both], [f"{_covered(cov, f'{rel}_0.{c.column}')} AS {c.name}" for c in cov.columns]
    if cov.keys == "lower":
        lower = (
            f"LEFT JOIN {rel} {rel}_0 ON {rel}_0.ccode1 = least(u.ccode1, u.ccode2) "
            f"AND {rel}_0.ccode2 = greatest(u.ccode1, u.ccode2) AND {rel}_0.year = u.year"
        )
        cols = _by_name(cov)
        sel = []
        for c in cov.columns:
            expr = f"{rel}_0.{c.column}"
            if c.swap is not None:
                other = f"{rel}_0.{cols[c.swap].column}"
                expr = f"CASE WHEN u.ccode1 < u.ccode2 THEN {expr} ELSE {other} END"
            sel.append(f"{_covered(cov, expr)} AS {c.name}")
        return [lower], sel
    joins = [
        f"LEFT JOIN {rel} {rel}_ab ON {rel}_ab.ccode1 = u.ccode1 "
        f"AND {rel}_ab.ccode2 = u.ccode2 AND {rel}_ab.year = u.year",
        f"LEFT JOIN {rel} {rel}_ba ON {rel}_ba.ccode1 = u.ccode2 "
        f"AND {rel}_ba.ccode2 = u.ccode1 AND {rel}_ba.year = u.year",
    ]
    sel = []
    for c in cov.columns:
        side = c.direction or "ab"
        sel.append(f"{_covered(cov, f'{rel}_{side}.{c.column}')} AS {c.name}")
    return joins, sel


def _key_order(system: System, unit: Unit) -> str:
    if unit == "state":
        return "gwcode, year" if system == "gw" else "ccode, year"
    return "gwcode1, gwcode2, year" if system == "gw" else "ccode1, ccode2, year"


def panel_sql(
    *,
    system: System,
    unit: Unit,
    first: int,
    last: int,
    covariates: Sequence[Covariate] = (),
    relevant: bool = False,
    provided: Mapping[str, str] | None = None,
) -> str:
    """The panel's query: units (:func:`~multipolar.measures.panels.units.units_sql`), the
    politically relevant filter if asked, one LEFT JOIN per covariate, then the derived columns
    (window functions for peace years), ordered by the dyad (or state) and year.

    ``provided`` maps the name of a covariate with a ``provider`` to the table holding its
    relation (computed and registered by the caller).
    """
    if relevant and unit == "state":
        raise InputError("--relevant keeps politically relevant dyads; state-years have none")
    provided = dict(provided or {})
    ctes = [f"u AS ({units_sql(system=system, unit=unit, first=first, last=last)})"]
    if relevant:
        keys = ("ccode1", "ccode2")
        ctes[0] = (
            f"u AS (SELECT * FROM ({units_sql(system=system, unit=unit, first=first, last=last)}) u "
            f"WHERE {relevant_sql(first=first, last=last, keys=keys)})"
        )
    joins: list[str] = []
    selects: list[str] = ["u.*"]
    derived: list[str] = []
    hidden: list[str] = []
    dyad = "gwcode1, gwcode2" if system == "gw" else "ccode1, ccode2"
    for cov in covariates:
        ctes.append(f"c_{cov.name} AS ({_relation(cov, first, last, provided)})")
        j, s = _joins(cov, unit)
        joins += j
        selects += s
        level = "state" if unit == "state" else "dyad"
        derived += [
            f"{d.sql.format(dyad=dyad)} AS {d.name}" for d in cov.derived if d.level == level
        ]
        if unit != "state":
            hidden += list(cov.hide)
    joined = f"SELECT {', '.join(selects)} FROM u {' '.join(joins)}"
    exclude = f" EXCLUDE ({', '.join(hidden)})" if hidden else ""
    outer = ", ".join(["j.*" + exclude, *derived])
    return (
        f"WITH {', '.join(ctes)}, j AS ({joined}) "
        f"SELECT {outer} FROM j ORDER BY {_key_order(system, unit)}"
    )


def _years(cov: Covariate) -> str:
    return f"{cov.years[0]}–{cov.years[1]}"


def dictionary_rows(
    *,
    system: System,
    unit: Unit,
    first: int,
    last: int,
    covariates: Sequence[Covariate] = (),
    membership_end: int,
) -> list[Entry]:
    """The data dictionary (column, meaning, unit, source, years) of the panel's columns."""
    members = "gw_states, cow_gw_years" if system == "gw" else "cow_states"
    span = f"{first}–{last}"
    rows: list[Entry] = []
    if unit == "state":
        if system == "gw":
            rows.append(Entry("gwcode", "Gleditsch–Ward code", "code", members, span))
        rows.append(Entry("ccode", "COW code", "code", members, span))
    else:
        sides = ("1", "2")
        if system == "gw":
            rows += [
                Entry(f"gwcode{s}", f"Gleditsch–Ward code of state {s}", "code", members, span)
                for s in sides
            ]
        rows += [Entry(f"ccode{s}", f"COW code of state {s}", "code", members, span) for s in sides]
    rows.append(Entry("year", "year", "year", members, span))
    rows.append(
        Entry(
            "extended",
            f"1 after the membership list's last year ({membership_end}): the state (or both "
            "states) were in the system then and are assumed to continue",
            "0/1",
            members,
            span,
        )
    )
    for cov in covariates:
        src = ", ".join(cov.sources)
        yrs = _years(cov)
        hide = set(cov.hide) if unit != "state" else set()
        for c in cov.columns:
            if cov.level == "state" and unit != "state":
                for s in ("1", "2"):
                    if f"{c.name}{s}" not in hide:
                        rows.append(
                            Entry(f"{c.name}{s}", f"state {s}: {c.meaning}", c.unit, src, yrs)
                        )
            else:
                rows.append(Entry(c.name, c.meaning, c.unit, src, yrs))
        level = "state" if unit == "state" else "dyad"
        rows += [
            Entry(d.name, d.meaning, d.unit, src, yrs) for d in cov.derived if d.level == level
        ]
    return rows


def value_labels(covariates: Sequence[Covariate], unit: Unit) -> dict[str, dict[int, str]]:
    """Stata value labels of the panel's coded columns (``extended`` and the registry's)."""
    out: dict[str, dict[int, str]] = {
        "extended": {0: "in the membership list", 1: "extended past the list"}
    }
    for cov in covariates:
        for c in cov.columns:
            if not c.labels:
                continue
            if cov.level == "state" and unit != "state":
                out |= {f"{c.name}1": c.labels, f"{c.name}2": c.labels}
            else:
                out[c.name] = c.labels
    return out
