"""Analysis-ready panels (state-years, dyad-years) as SQL: the units, the covariate registry
and the one query that joins them (the builders behind ``multipolar dyads``)."""

from multipolar.measures.panels.query import Entry, dictionary_rows, panel_sql, value_labels
from multipolar.measures.panels.registry import Column, Covariate, Derived, covariates
from multipolar.measures.panels.units import SYSTEMS, System, Unit, relevant_sql, units_sql

__all__ = [
    "SYSTEMS",
    "Column",
    "Covariate",
    "Derived",
    "Entry",
    "System",
    "Unit",
    "covariates",
    "dictionary_rows",
    "panel_sql",
    "relevant_sql",
    "units_sql",
    "value_labels",
]
