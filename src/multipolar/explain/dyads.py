"""Analysis-ready panels: state-years or dyad-years with covariates added by name.

Example (needs a built store; ``tests/explain/test_dyads.py`` runs it on the real one)::

    import multipolar as mp
    mp.dyads(1946, 2022).add("atop").add("nmc").to_pandas()

:class:`Panel` is an immutable description (system, unit, years, covariates); nothing is
computed until it is read (:meth:`Panel.to_arrow`, :meth:`~Panel.to_pandas`,
:meth:`~Panel.to_polars`, :meth:`~Panel.copy_to`). Then the covariates' tables are loaded
if needed, the few covariates computed in Python (UN vote similarity, ideal points; cached in
the store) are registered as tables, and the whole panel is **one DuckDB query**
(:func:`multipolar.measures.panels.panel_sql`): the units, one LEFT JOIN per covariate, the
derived columns. The covariates are data (``measures/panels/covariates.toml``); the data
dictionary and ``--cite`` are generated from the same entries.

Membership follows peacesciencer (Miller 2022): dyads are pairs of states whose spells overlap
on some day of the year; past the membership list's last year (COW 2016, G-W 2017) the states
still in the system continue, with ``extended = 1``.
"""

from __future__ import annotations

import datetime as dt
import difflib
import re
from collections.abc import Iterator, Sequence
from contextlib import contextmanager
from dataclasses import dataclass, field, replace
from pathlib import Path
from typing import TYPE_CHECKING, Any

from multipolar import sources
from multipolar.errors import InputError
from multipolar.measures.panels import (
    Covariate,
    System,
    Unit,
    covariates,
    dictionary_rows,
    panel_sql,
    value_labels,
)
from multipolar.measures.rollcalls import ROLLCALL_SETS

if TYPE_CHECKING:
    import pandas as pd
    import pyarrow as pa

    from multipolar.store import Store

__all__ = ["FIRST_YEAR", "Panel", "dyads", "state_years"]

#: the first year of both membership lists
FIRST_YEAR = 1816
#: the membership sources of each system (their tables and BibTeX)
MEMBERSHIP: dict[str, tuple[str, ...]] = {
    "cow": ("cow_states",),
    "gw": ("gw_states", "cow_gw_years"),
}
#: the sources the politically relevant filter reads
RELEVANT_SOURCES = ("cow_contdir", "cow_majors")
#: memory DuckDB may use for one panel before it spills to disk
MEMORY_LIMIT = "1500MB"


@dataclass(frozen=True)
class Panel:
    """A state-year or dyad-year panel of the COW or G-W system with covariates (immutable:
    :meth:`add` returns a new panel). Build one with :func:`dyads` or :func:`state_years`."""

    store: Store = field(repr=False, compare=False)
    unit: Unit
    system: System
    first: int
    last: int
    relevant: bool = False
    added: tuple[str, ...] = ()
    rollcalls: str | None = None

    # --- building ----------------------------------------------------------------------
    def add(self, *names: str, rollcalls: str | None = None) -> Panel:
        """This panel with the covariates ``names`` added (names of
        :func:`multipolar.measures.panels.covariates`; also one comma-separated string).

        ``rollcalls`` chooses the UN roll-call set of ``votes``/``idealpoints``
        (:data:`multipolar.measures.rollcalls.ROLLCALL_SETS`). A name already added is skipped.
        """
        known = covariates()
        wanted = [n.strip() for name in names for n in name.split(",") if n.strip()]
        out = list(self.added)
        for name in wanted:
            if name not in known:
                close = difflib.get_close_matches(name, list(known), n=1)
                hint = f" (did you mean {close[0]}?)" if close else ""
                raise InputError(f"no covariate {name!r}{hint}; choose from {', '.join(known)}")
            if self.unit == "state" and known[name].level == "dyad":
                raise InputError(
                    f"{name} is a dyad-year covariate; state-year panels take "
                    f"{', '.join(n for n, c in known.items() if c.level == 'state')}"
                )
            if name not in out:
                out.append(name)
        if rollcalls is not None and rollcalls not in ROLLCALL_SETS:
            raise InputError(
                f"unknown roll-call set {rollcalls!r}; choose one of {', '.join(ROLLCALL_SETS)}"
            )
        return replace(self, added=tuple(out), rollcalls=rollcalls or self.rollcalls)

    @property
    def covariates(self) -> tuple[Covariate, ...]:
        """The registry entries of the covariates added, in order."""
        known = covariates()
        return tuple(known[n] for n in self.added)

    # --- what it is made of ------------------------------------------------------------
    def source_names(self) -> list[str]:
        """Every declared source the panel reads (membership, filter, covariates), in order."""
        names = list(MEMBERSHIP[self.system])
        if self.relevant:
            names += RELEVANT_SOURCES
        for cov in self.covariates:
            names += cov.sources
        return list(dict.fromkeys(names))

    def bibtex(self) -> str:
        """The BibTeX of every source in the panel (each entry once)."""
        entries: dict[str, str] = {}
        for name in self.source_names():
            for entry in re.split(r"(?=^@)", sources.get(name).bibtex, flags=re.M):
                m = re.match(r"@\w+\{([^,\s]+),", entry.strip())
                if m:
                    entries.setdefault(m.group(1), entry.strip())
        return "\n\n".join(entries.values()) + "\n"

    def membership_end(self) -> int:
        """The last year of the membership list (the panel continues it past this year)."""
        return sources.get(MEMBERSHIP[self.system][0]).coverage[1]

    def dictionary(self) -> pd.DataFrame:
        """The data dictionary: ``column, meaning, unit, source, years`` of every column."""
        import pandas as pd

        rows = dictionary_rows(
            system=self.system,
            unit=self.unit,
            first=self.first,
            last=self.last,
            covariates=self.covariates,
            membership_end=self.membership_end(),
        )
        return pd.DataFrame([r.__dict__ for r in rows])

    def value_labels(self) -> dict[str, dict[int, str]]:
        """Stata value labels of the coded columns."""
        return value_labels(self.covariates, self.unit)

    def sql(self, provided: dict[str, str] | None = None) -> str:
        """The panel's one query (covariates computed in Python are read from ``provided``)."""
        names = {c.name: f"_panel_{c.name}" for c in self.covariates if c.provider}
        return panel_sql(
            system=self.system,
            unit=self.unit,
            first=self.first,
            last=self.last,
            covariates=self.covariates,
            relevant=self.relevant,
            provided=provided or names,
        )

    # --- reading -------------------------------------------------------------------------
    @contextmanager
    def _prepared(self) -> Iterator[Any]:
        """The store's connection with every table loaded, the computed covariates registered
        and the memory limit set (restored afterwards)."""
        st = self.store
        tables = [sources.get(n).tables[0] for n in MEMBERSHIP[self.system]]
        tables += list(sources.get(MEMBERSHIP[self.system][-1]).tables)
        if self.relevant:
            tables += ["cow_contdir", "cow_majors"]
        for cov in self.covariates:
            tables += cov.tables
        for t in dict.fromkeys(tables):
            st.ensure(t)
        con = st.raw
        registered = []
        for cov in self.covariates:
            if cov.provider:
                name = f"_panel_{cov.name}"
                con.register(name, _provide(st, cov.provider, rollcalls=self.rollcalls))
                registered.append(name)
        before = con.execute("SELECT current_setting('memory_limit')").fetchone()
        con.execute(f"SET memory_limit = '{MEMORY_LIMIT}'")
        try:
            with st.reading():
                yield con
        finally:
            if before is not None:
                con.execute(f"SET memory_limit = '{before[0]}'")
            for name in registered:
                con.unregister(name)

    def to_arrow(self) -> pa.Table:
        """The panel as an Arrow table."""
        with self._prepared() as con:
            return con.execute(self.sql()).to_arrow_table()

    def to_pandas(self) -> pd.DataFrame:
        """The panel as a pandas DataFrame (nullable integer columns keep missing as <NA>)."""
        import pandas as pd

        table = self.to_arrow()
        return table.to_pandas(types_mapper=_nullable(pd))

    def to_polars(self) -> Any:
        """The panel as a Polars DataFrame (needs ``polars``, not a dependency of multipolar)."""
        try:
            import polars as pl
        except ImportError as exc:
            raise InputError("to_polars() needs polars: pip install polars") from exc
        return pl.from_arrow(self.to_arrow())

    def copy_to(self, path: Path | str, *, fmt: str) -> int:
        """Write the panel to ``path`` with DuckDB's COPY (``fmt`` csv or parquet, streamed,
        memory bounded); returns the number of rows written."""
        if fmt not in ("csv", "parquet"):
            raise InputError(f"COPY writes csv or parquet, not {fmt!r}")
        options = "FORMAT parquet, COMPRESSION zstd" if fmt == "parquet" else "FORMAT csv, HEADER"
        target = str(path).replace("'", "''")
        with self._prepared() as con:
            row = con.execute(f"COPY ({self.sql()}) TO '{target}' ({options})").fetchone()
        return int(row[0]) if row else 0

    def __repr__(self) -> str:
        kind = {"state": "state-years", "dyad": "dyad-years", "directed": "directed dyad-years"}
        extra = " (politically relevant)" if self.relevant else ""
        adds = f" + {', '.join(self.added)}" if self.added else ""
        return (
            f"<Panel {self.system.upper()} {kind[self.unit]}{extra} {self.first}–{self.last}{adds}>"
        )


def _nullable(pd: Any) -> Any:
    import pyarrow as pa

    mapping = {
        pa.int8(): pd.Int8Dtype(),
        pa.int16(): pd.Int16Dtype(),
        pa.int32(): pd.Int32Dtype(),
        pa.int64(): pd.Int64Dtype(),
    }
    return mapping.get


def _provide(store: Store, provider: str, *, rollcalls: str | None) -> pd.DataFrame:
    """The relation of a covariate computed in Python (cached in the store by its module)."""
    if provider == "votes":
        from multipolar.explain.agreement import DEFAULT_ROLLCALLS, dyadic_agreement

        return dyadic_agreement(store, source="votes", rollcalls=rollcalls or DEFAULT_ROLLCALLS)
    if provider == "idealpoints":
        from multipolar.explain.idealpoints import ideal_points_for

        df = ideal_points_for(store, rollcalls=rollcalls)
        return df.loc[:, ["ccode", "year", "ideal"]]
    raise InputError(f"no provider {provider!r} for a panel covariate")


def _years(first: int | None, last: int | None) -> tuple[int, int]:
    this_year = dt.date.today().year
    first = FIRST_YEAR if first is None else int(first)
    last = this_year - 1 if last is None else int(last)
    if first > last:
        raise InputError(f"--from {first} is after --to {last}")
    if first < FIRST_YEAR:
        raise InputError(f"the state system lists begin in {FIRST_YEAR}; --from {first} is earlier")
    if last > this_year:
        raise InputError(f"--to {last} is in the future (this is {this_year})")
    return first, last


def _system(system: str) -> System:
    if system not in ("cow", "gw"):
        raise InputError(
            f"system must be cow (Correlates of War) or gw (Gleditsch–Ward), not {system!r}"
        )
    return system  # type: ignore[return-value]


def dyads(
    store: Store,
    first: int | None = None,
    last: int | None = None,
    *,
    directed: bool = False,
    system: str = "cow",
    relevant: bool = False,
    add: Sequence[str] = (),
) -> Panel:
    """All dyad-years of the COW (or G-W) system from ``first`` to ``last`` (inclusive).

    Non-directed (``ccode1 < ccode2``) unless ``directed`` (both orders). ``relevant`` keeps
    politically relevant dyads (land-contiguous or with a major power). Past the membership
    list's last year the states in the system then continue (``extended = 1``). ``first``
    defaults to 1816 and ``last`` to last year.
    """
    a, b = _years(first, last)
    panel = Panel(
        store, "directed" if directed else "dyad", _system(system), a, b, relevant=relevant
    )
    return panel.add(*add) if add else panel


def state_years(
    store: Store,
    first: int | None = None,
    last: int | None = None,
    *,
    system: str = "cow",
    add: Sequence[str] = (),
) -> Panel:
    """All state-years of the COW (or G-W) system from ``first`` to ``last`` (inclusive)."""
    a, b = _years(first, last)
    panel = Panel(store, "state", _system(system), a, b)
    return panel.add(*add) if add else panel
