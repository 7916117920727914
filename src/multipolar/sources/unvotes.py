"""UN General Assembly roll-call votes (Voeten, Strezhnev & Bailey), two formats.

* ``unvotes``: the three tables of the unvotes R package (Robinson), 1946–2019, sessions 1–74.
* ``unvotes-voeten``: Voeten's own Dataverse release format (rcid, ccode, member, vote 1/2/3/8/9,
  session, year, importantvote, me/nu/di/hr/co/ec, descr, …), for users who load the newest
  release with ``multipolar data import PATH --as unvotes-voeten``.

Both produce the same two tables (``unvotes_votes``/``unvotes_rollcalls`` and
``import_votes``/``import_rollcalls``), parts of the vote panel ``unga_votes``/``unga_rollcalls``
(:mod:`multipolar.store.panel`):

votes: one row per state and roll call it voted on (``vote`` 1 yes, 2 abstain, 3 no).
Absent (8) and non-member (9) rows of the Voeten format are not votes; the importer counts them
in its report. Roll calls: one row per roll call with the issue flags as booleans.
``year`` is the session's year: ``session + 1945`` (the Voeten convention: session 74 is 2019).
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import numpy as np
import pandas as pd

from multipolar.errors import FormatError
from multipolar.sources._rdata import read_rdata, require_columns
from multipolar.sources.codes import read_data_csv
from multipolar.sources.rollcall_text import rollcall_title
from multipolar.sources.un_vocabulary import FIRST_SESSION_YEAR, ISSUES, VOTE_CODES

ROLLCALL_COLUMNS = [
    "rcid",
    "session",
    "year",
    "date",
    "importantvote",
    "unres",
    "amend",
    "para",
    "short",
    "descr",
    *ISSUES,
]


def _unvotes_names() -> dict[str, int]:
    """unvotes names the registry cannot decide alone (``data/unvotes_names.csv``)."""
    rows = read_data_csv("multipolar.sources", "data/unvotes_names.csv")
    return {r["name"]: int(r["ccode"]) for r in rows}


@dataclass
class ParseReport:
    """What a parser kept and what it set aside, with reasons (nothing is dropped silently)."""

    rows_read: int = 0
    rows_kept: int = 0
    set_aside: dict[str, int] = field(default_factory=dict)

    def as_dict(self) -> dict[str, object]:
        return {"rows_read": self.rows_read, "rows_kept": self.rows_kept, **self.set_aside}


def session_year(session: pd.Series) -> pd.Series:
    """The Voeten convention: a session's year is ``session + 1945``."""
    return (session + FIRST_SESSION_YEAR).astype("int16")


def _rollcall_flags(rc: pd.DataFrame, issues: pd.DataFrame | None) -> pd.DataFrame:
    if issues is not None:
        flags = pd.crosstab(issues["rcid"], issues["short_name"]).clip(upper=1).astype(bool)
        rc = rc.merge(flags, left_on="rcid", right_index=True, how="left")
    for code in ISSUES:
        if code not in rc.columns:
            rc[code] = False
        rc[code] = rc[code].map(_truthy).astype("boolean").fillna(False).astype(bool)
    return rc


def _truthy(v: object) -> bool | None:
    if v is None or (isinstance(v, float) and np.isnan(v)):
        return None
    return str(v).strip() in {"1", "1.0", "True", "TRUE", "true", "yes"}


def _codes_of(values: pd.Series, mapping: dict[int, str | None]) -> tuple[np.ndarray, list[str]]:
    """Fast categorical mapping of integer codes through ``mapping`` (None/unknown -> missing)."""
    cats = sorted({m for m in mapping.values() if m})
    pos = {c: i for i, c in enumerate(cats)}
    lut = {k: pos[m] if m else -1 for k, m in mapping.items()}
    uniq, inv = np.unique(values.to_numpy(), return_inverse=True)
    return np.array([lut.get(int(u), -1) for u in uniq])[inv], cats


def parse_unvotes(paths: Mapping[str, Path], states: Any) -> dict[str, pd.DataFrame]:
    """Parse the unvotes package files into ``unvotes_votes`` and ``unvotes_rollcalls``.

    ``states`` is the state registry (:mod:`multipolar.states`). Raises :class:`FormatError`
    if a country name cannot be mapped to a COW code (none are).
    """
    votes = read_rdata(paths["unvotes/un_votes.rda"], "un_votes")
    rc = read_rdata(paths["unvotes/un_roll_calls.rda"], "un_roll_calls")
    issues = read_rdata(paths["unvotes/un_roll_call_issues.rda"], "un_roll_call_issues")
    require_columns(votes, ["rcid", "country", "vote"], "un_votes")
    require_columns(rc, ["rcid", "session", "date", "descr"], "un_roll_calls")
    rc = rc.assign(rcid=rc["rcid"].astype("int32"), session=rc["session"].astype("int16"))
    rc["year"] = session_year(rc["session"])
    rc["date"] = pd.to_datetime(rc["date"]).dt.date
    rc["importantvote"] = rc["importantvote"].map(_truthy).astype("boolean")
    rc["amend"] = rc["amend"].map(_truthy).astype("boolean")
    rc["para"] = rc["para"].map(_truthy).astype("boolean")
    rc = _rollcall_flags(rc, issues.assign(rcid=issues["rcid"].astype("int32")))
    rc["title"] = rollcall_title(rc["short"], rc["descr"], rc["session"]).astype("string")
    rollcalls = rc[[*ROLLCALL_COLUMNS, "title"]].sort_values("rcid", ignore_index=True)

    vote_cat = votes["vote"].astype("category")
    v = pd.DataFrame(
        {
            "rcid": votes["rcid"].astype("int32"),
            "country": votes["country"].astype("category"),
            "vote": vote_cat.cat.rename_categories(
                [VOTE_CODES[str(c)] for c in vote_cat.cat.categories]
            ).astype("int8"),
        }
    )
    v = v.merge(rollcalls[["rcid", "session", "year"]], on="rcid", how="left", validate="m:1")
    if v["session"].isna().any():
        n = int(v["session"].isna().sum())
        raise FormatError(f"{n} votes refer to roll calls missing from un_roll_calls")
    base: dict[str, int] = {}
    unmapped = []
    fixed = _unvotes_names()
    for country in v["country"].unique():
        if country in fixed:
            base[country] = fixed[country]
            continue
        try:
            base[country] = states.resolve(country, un_names=True).ccode
        except LookupError:
            unmapped.append(country)
    if unmapped:
        raise FormatError(f"unvotes: no COW code for {sorted(unmapped)}")
    base_codes = (
        v["country"]
        .cat.rename_categories([base[str(c)] for c in v["country"].cat.categories])
        .astype("int64")
    )
    v["ccode"] = states.at_year(base_codes.to_numpy(), v["year"].to_numpy())
    v["ccode"] = v["ccode"].astype("int16")
    iso = states.iso3_map()
    v["iso3"] = pd.Categorical.from_codes(*_codes_of(v["ccode"], iso))
    v = v[["rcid", "session", "year", "ccode", "iso3", "country", "vote"]]
    dup = v.duplicated(["rcid", "ccode"])
    if dup.any():
        raise FormatError(f"unvotes: {int(dup.sum())} duplicate (rcid, ccode) votes")
    return {
        "unvotes_votes": v.sort_values(["rcid", "ccode"], ignore_index=True),
        "unvotes_rollcalls": rollcalls,
    }


VOETEN_REQUIRED = ["rcid", "ccode", "vote", "session"]


def parse_voeten(
    path: Path, states: Any, report: ParseReport | None = None
) -> dict[str, pd.DataFrame]:
    """Parse a Voeten-format UNGA file (``.RData``/``.rda``, ``.csv``/``.tab``, ``.dta``).

    Votes coded 8 (absent) and 9 (not a member) are not votes; they are counted in ``report``.
    ``states`` is the state registry (:mod:`multipolar.states`).
    """
    df = _read_any(path)
    require_columns(df, VOETEN_REQUIRED, f"{path.name} (Voeten UNGA format)")
    report = report if report is not None else ParseReport()
    report.rows_read = len(df)
    df = df.assign(
        rcid=pd.to_numeric(df["rcid"], errors="coerce"),
        ccode=pd.to_numeric(df["ccode"], errors="coerce"),
        vote=pd.to_numeric(df["vote"], errors="coerce"),
        session=pd.to_numeric(df["session"], errors="coerce"),
    )
    bad = df[["rcid", "ccode", "vote", "session"]].isna().any(axis=1)
    if bad.any():
        report.set_aside["malformed (missing rcid/ccode/vote/session)"] = int(bad.sum())
    df = df[~bad]
    for code, label in ((8, "absent (vote 8)"), (9, "not a member (vote 9)")):
        n = int((df["vote"] == code).sum())
        if n:
            report.set_aside[label] = n
    other = ~df["vote"].isin([1, 2, 3, 8, 9])
    if other.any():
        report.set_aside["unknown vote code"] = int(other.sum())
    known = set(states.registry().states)
    unknown_state = ~df["ccode"].astype(int).isin(known)
    if unknown_state.any():
        report.set_aside["unknown COW code"] = int(
            (unknown_state & df["vote"].isin([1, 2, 3])).sum()
        )
    votes = df[df["vote"].isin([1, 2, 3]) & ~unknown_state]
    rc_cols = [
        c
        for c in [
            "rcid",
            "session",
            "date",
            "unres",
            "importantvote",
            "amend",
            "para",
            "short",
            "descr",
            *ISSUES,
        ]
        if c in df.columns
    ]
    rc = df[rc_cols].drop_duplicates("rcid").copy()
    for col in ["date", "unres", "short", "descr"]:
        if col not in rc.columns:
            rc[col] = None
    for col in ["importantvote", "amend", "para"]:
        rc[col] = rc[col].map(_truthy).astype("boolean") if col in rc.columns else pd.NA
    rc = rc.assign(rcid=rc["rcid"].astype("int32"), session=rc["session"].astype("int16"))
    rc["year"] = session_year(rc["session"])
    rc["date"] = pd.to_datetime(rc["date"], errors="coerce").dt.date
    rc = _rollcall_flags(rc, None)
    rc["title"] = rollcall_title(rc["short"], rc["descr"], rc["session"]).astype("string")
    rollcalls = rc[[*ROLLCALL_COLUMNS, "title"]].sort_values("rcid", ignore_index=True)
    iso = states.iso3_map()
    names = {c: s.name for c, s in states.registry().states.items()}
    out = pd.DataFrame(
        {
            "rcid": votes["rcid"].astype("int32"),
            "session": votes["session"].astype("int16"),
            "ccode": votes["ccode"].astype("int16"),
            "vote": votes["vote"].astype("int8"),
        }
    )
    out["year"] = session_year(out["session"])
    out["iso3"] = out["ccode"].map(iso).astype("string")
    out["country"] = out["ccode"].map(names).astype("string")
    out = out[["rcid", "session", "year", "ccode", "iso3", "country", "vote"]]
    dup = out.duplicated(["rcid", "ccode"])
    if dup.any():
        report.set_aside["duplicate (rcid, ccode)"] = int(dup.sum())
        out = out[~dup]
    report.rows_kept = len(out)
    return {
        "import_votes": out.sort_values(["rcid", "ccode"], ignore_index=True),
        "import_rollcalls": rollcalls,
    }


def _read_any(path: Path) -> pd.DataFrame:
    suffix = path.suffix.lower()
    try:
        if suffix in {".rdata", ".rda", ".rds"}:
            return read_rdata(path, None if suffix == ".rds" else _single_or_x(path))
        if suffix == ".dta":
            return pd.read_stata(path)
        if suffix in {".csv", ".tab", ".tsv", ".txt"}:
            sep = "," if suffix == ".csv" else "\t"
            return pd.read_csv(path, sep=sep, low_memory=False)
        if suffix == ".parquet":
            return pd.read_parquet(path)
    except FormatError:
        raise
    except Exception as exc:
        raise FormatError(f"{path.name} could not be read as {suffix} ({exc})") from exc
    raise FormatError(
        f"{path.name}: unsupported file type {suffix!r} (use .RData, .rda, .csv, .tab, .dta, .parquet)"
    )


def _single_or_x(path: Path) -> str | None:
    import pyreadr

    try:
        names = list(pyreadr.list_objects(str(path)))
    except Exception as exc:
        raise FormatError(f"{path.name} is not a readable R data file ({exc})") from exc
    objs = [o["object_name"] if isinstance(o, dict) else str(o) for o in names]
    if len(objs) == 1:
        return objs[0]
    return "x" if "x" in objs else None
