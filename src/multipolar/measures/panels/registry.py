"""The covariate registry of the panels: ``covariates.toml`` read into frozen records.

Each covariate is data (name, tables, level, keys, years, columns with meaning and unit); the
join SQL (:mod:`multipolar.measures.panels.query`) and the data dictionary are generated from
it, so adding a source to the panels is one TOML entry (the format is at the top of the file).
"""

from __future__ import annotations

import tomllib
from dataclasses import dataclass, field
from functools import cache
from importlib import resources
from typing import Any, Literal

from multipolar import sources

Level = Literal["state", "dyad"]
Keys = Literal["both", "lower", "directed"]


@dataclass(frozen=True)
class Column:
    """One output column of a covariate: ``name`` read as ``column`` (an SQL expression on the
    covariate's relation), with its meaning, unit, the other-order column (``swap``), the
    direction of a directed table (``ab``/``ba``) and Stata value labels."""

    name: str
    meaning: str
    unit: str
    column: str
    swap: str | None = None
    direction: Literal["ab", "ba"] | None = None
    labels: dict[int, str] = field(default_factory=dict)


@dataclass(frozen=True)
class Derived:
    """A column computed after the joins from output columns (``sql``; ``{dyad}`` is the dyad's
    partition key), in panels of ``level``."""

    name: str
    meaning: str
    unit: str
    sql: str
    level: Level


@dataclass(frozen=True)
class Covariate:
    """One covariate of the registry (see the format at the top of ``covariates.toml``)."""

    name: str
    title: str
    sources: tuple[str, ...]
    tables: tuple[str, ...]
    level: Level
    keys: Keys
    years: tuple[int, int]
    absent: Literal["missing", "zero"]
    columns: tuple[Column, ...]
    derived: tuple[Derived, ...] = ()
    relation: str | None = None
    provider: str | None = None
    hide: tuple[str, ...] = ()


def _covariate(name: str, raw: dict[str, Any]) -> Covariate:
    srcs = tuple(raw["sources"])
    years = raw.get("years") or sources.get(srcs[0]).coverage
    cols = tuple(
        Column(
            name=c["name"],
            meaning=c["meaning"],
            unit=c["unit"],
            column=c.get("column", c["name"]),
            swap=c.get("swap"),
            direction=c.get("direction"),
            labels={int(k): str(v) for k, v in c.get("labels", {}).items()},
        )
        for c in raw["columns"]
    )
    derived = tuple(
        Derived(
            name=d["name"],
            meaning=d["meaning"],
            unit=d["unit"],
            sql=d["sql"],
            level=d.get("level", "dyad"),
        )
        for d in raw.get("derived", ())
    )
    return Covariate(
        name=name,
        title=raw["title"],
        sources=srcs,
        tables=tuple(raw["tables"]),
        level=raw["level"],
        keys=raw.get("keys", "both"),
        years=(int(years[0]), int(years[1])),
        absent=raw.get("absent", "missing"),
        columns=cols,
        derived=derived,
        relation=raw.get("relation"),
        provider=raw.get("provider"),
        hide=tuple(raw.get("hide", ())),
    )


@cache
def covariates() -> dict[str, Covariate]:
    """Every covariate of ``covariates.toml`` by name, in the file's order."""
    text = resources.files("multipolar.measures.panels").joinpath("covariates.toml")
    data = tomllib.loads(text.read_text("utf-8"))
    return {name: _covariate(name, raw) for name, raw in data.items()}
