"""COW Militarized Interstate Disputes 5.0 (Palmer et al. 2022) as distributed by peacesciencer.

Two R data files, one table each:

``cow_mid_ddydisps``
    directed dispute dyad-years 1816–2014 (10,234 rows: every non-directed dyad-year twice, once
    per direction): ``dispnum, ccode1, ccode2, year`` and the dispute and participant
    attributes (``cowmidonset``, ``cowmidongoing``, ``sidea1/2``, ``hostlev``, ``hostlev1/2``,
    ``hiact1/2``, ``fatality``, ``fatality1/2``, ``orig1/2``, ``recip``, ``mindur``, ``maxdur``,
    ``stmon``), with ``iso3_1``/``iso3_2``.
``cow_mid_disps``
    disputes (2,436): ``dispnum, styear, stmon, outcome, settle, fatality, mindur, maxdur,
    hiact, hostlev, recip``.

MID 5.0 extends the COW MID 4 series to 2014; the GML MID data (Gibler, Miller & Little 2016;
source ``gml_mid_ddydisps``) re-examined and corrected MID 4 to 2010. Both are kept; MID 5.0 is
the default dispute source (``docs/data.md`` counts the dyad-years where they differ).

Missing data: the files hold no R ``NA`` in the key columns; a dispute dyad-year whose
``dispnum`` is not among the disputes stops the parse (:class:`FormatError`), so no row is
dropped silently.
"""

from __future__ import annotations

from collections.abc import Mapping
from pathlib import Path
from typing import Any

import pandas as pd

from multipolar.errors import FormatError
from multipolar.sources._rdata import read_rdata, require_columns, to_int

DDY_FILE = "peacesciencer/cow_mid_ddydisps.rda"
DISPS_FILE = "peacesciencer/cow_mid_disps.rda"
TSS_FILE = "peacesciencer/tss_rivalries.rda"

_DDY_INTS = [
    "dispnum",
    "ccode1",
    "ccode2",
    "year",
    "cowmidongoing",
    "cowmidonset",
    "sidea1",
    "sidea2",
    "fatality1",
    "fatality2",
    "fatalpre1",
    "fatalpre2",
    "hiact1",
    "hiact2",
    "hostlev1",
    "hostlev2",
    "orig1",
    "orig2",
    "fatality",
    "hostlev",
    "mindur",
    "maxdur",
    "recip",
    "stmon",
]
_DISP_INTS = [
    "dispnum",
    "styear",
    "stmon",
    "outcome",
    "settle",
    "fatality",
    "mindur",
    "maxdur",
    "hiact",
    "hostlev",
    "recip",
]
#: the four rivalry types of Thompson, Sakuwa & Suhas, and the principal/aprin flags
TSS_FLAGS = ["positional", "spatial", "ideological", "interventionary", "principal", "aprin"]


def _iso(df: pd.DataFrame, states: Any) -> pd.DataFrame:
    if states is None:
        raise TypeError("parsing MID 5.0 needs the state registry (states=...)")
    iso = states.iso3_map()
    df["iso3_1"] = df["ccode1"].map(iso).astype("string")
    df["iso3_2"] = df["ccode2"].map(iso).astype("string")
    return df


def parse_cow_mid(paths: Mapping[str, Path], states: Any = None) -> dict[str, pd.DataFrame]:
    """Parse MID 5.0 into ``cow_mid_ddydisps`` (directed dyad-years) and ``cow_mid_disps``.

    Every dyad-year must name a dispute of the dispute file and both directions of each
    dyad-year must be present; otherwise a one-line :class:`FormatError` says how many rows
    break the rule.
    """
    ddy = read_rdata(paths[DDY_FILE])
    require_columns(ddy, ["dispnum", "ccode1", "ccode2", "year", "hostlev"], DDY_FILE)
    disps = read_rdata(paths[DISPS_FILE])
    require_columns(disps, ["dispnum", "styear", "hostlev"], DISPS_FILE)
    ddy = to_int(ddy.copy(), _DDY_INTS)
    disps = to_int(disps.copy(), _DISP_INTS)
    orphans = ~ddy["dispnum"].isin(disps["dispnum"])
    if orphans.any():
        raise FormatError(
            f"{DDY_FILE}: {int(orphans.sum())} dyad-years name disputes absent from {DISPS_FILE} "
            f"(e.g. {ddy.loc[orphans, 'dispnum'].head(5).tolist()})"
        )
    fwd = set(zip(ddy["dispnum"], ddy["ccode1"], ddy["ccode2"], ddy["year"], strict=True))
    back = set(zip(ddy["dispnum"], ddy["ccode2"], ddy["ccode1"], ddy["year"], strict=True))
    if fwd != back:
        raise FormatError(f"{DDY_FILE}: {len(fwd ^ back)} dyad-years lack their other direction")
    ddy = _iso(ddy, states).sort_values(["dispnum", "ccode1", "ccode2", "year"], ignore_index=True)
    return {
        "cow_mid_ddydisps": ddy,
        "cow_mid_disps": disps.sort_values("dispnum", ignore_index=True),
    }


def parse_tss_rivalries(paths: Mapping[str, Path], states: Any = None) -> dict[str, pd.DataFrame]:
    """Parse the Thompson–Sakuwa–Suhas strategic rivalries into ``tss_rivalries``.

    One row per rivalry spell: ``tssr_id, rivalry, ccode1, ccode2, start, end`` and the type
    flags (``positional, spatial, ideological, interventionary``) with ``principal`` and
    ``aprin``. The flags are 1 or empty in the source; empty is read as 0 ("not of this type",
    as the codebook defines it), never as unknown. ``end`` 2020 means ongoing at the end of the
    data. ``ccode1 < ccode2`` in every row.
    """
    df = read_rdata(paths[TSS_FILE])
    require_columns(df, ["tssr_id", "rivalry", "ccode1", "ccode2", "start", "end"], TSS_FILE)
    df = to_int(df.copy(), ["tssr_id", "ccode1", "ccode2", "start", "end"])
    bad = df["start"] > df["end"]
    if bad.any():
        raise FormatError(f"{TSS_FILE}: {int(bad.sum())} rivalries end before they start")
    for col in TSS_FLAGS:
        if col in df.columns:
            df[col] = df[col].fillna(0).astype("int8")
    df["rivalry"] = df["rivalry"].astype("string")
    df = _iso(df, states)
    return {"tss_rivalries": df.sort_values("tssr_id", ignore_index=True)}
