"""Parsers for the Correlates of War and related tables as distributed by peacesciencer.

Every parser is pure: R data file in, tables keyed by ``ccode`` (or ``ccode1``, ``ccode2``) and
``year`` out, codes as integers, ISO3 alongside (``iso3``; ``iso3_1``/``iso3_2`` for dyads).
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from pathlib import Path
from typing import Any

import pandas as pd

from multipolar.sources._rdata import read_rdata, require_columns, to_int
from multipolar.sources.codes import cow_iso3


def _with_iso3(df: pd.DataFrame, states: Any) -> pd.DataFrame:
    iso = states.iso3_map()
    if "ccode" in df.columns:
        df["iso3"] = df["ccode"].map(iso).astype("string")
    if "ccode1" in df.columns and "ccode2" in df.columns:
        df["iso3_1"] = df["ccode1"].map(iso).astype("string")
        df["iso3_2"] = df["ccode2"].map(iso).astype("string")
    return df


def simple(
    file: str,
    table: str,
    *,
    ints: list[str],
    required: list[str],
    iso3: bool = True,
    transform: Callable[[pd.DataFrame], pd.DataFrame] | None = None,
) -> Callable[[Mapping[str, Path], Any], dict[str, pd.DataFrame]]:
    """A parser for a one-table R data file: check columns, cast codes to int, add ISO3."""

    def parse(paths: Mapping[str, Path], states: Any = None) -> dict[str, pd.DataFrame]:
        df = read_rdata(paths[file])
        require_columns(df, required, file)
        df = to_int(df.copy(), ints)
        if transform is not None:
            df = transform(df)
        if iso3:
            if states is None:
                raise TypeError(f"parsing {file} needs the state registry (states=...)")
            df = _with_iso3(df, states)
        return {table: df.reset_index(drop=True)}

    parse.__doc__ = f"Parse {file} into the table ``{table}``."
    return parse


def cow_states_table(df: pd.DataFrame) -> pd.DataFrame:
    """Add ISO3 to the state-system spells without needing the registry (it is built from them)."""
    df["iso3"] = df["ccode"].map(cow_iso3(df["ccode"])).astype("string")
    return df


def capitals_table(df: pd.DataFrame) -> pd.DataFrame:
    df["stdate"] = pd.to_datetime(df["stdate"]).dt.date
    df["enddate"] = pd.to_datetime(df["enddate"]).dt.date
    return df


def gw_states_table(df: pd.DataFrame) -> pd.DataFrame:
    """Gleditsch–Ward spells: start and end as dates (the file's last day, 2017-12-31, is "still
    in the system")."""
    df["startdate"] = pd.to_datetime(df["startdate"]).dt.date
    df["enddate"] = pd.to_datetime(df["enddate"]).dt.date
    return df


def contdir_table(df: pd.DataFrame) -> pd.DataFrame:
    df["stdate"] = pd.to_datetime(df["stdate"]).dt.date
    df["enddate"] = pd.to_datetime(df["enddate"]).dt.date
    return df


def binary(cols: list[str]) -> Callable[[pd.DataFrame], pd.DataFrame]:
    def cast(df: pd.DataFrame) -> pd.DataFrame:
        for c in cols:
            df[c] = df[c].fillna(0).astype("int8")
        return df

    return cast
