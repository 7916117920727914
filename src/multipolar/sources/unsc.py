"""UN Security Council vetoes, 16 February 1946 – 8 July 2022 (Yordan / World Politics Data Lab).

The CSV lists 214 vetoed drafts (one row per draft and agenda item; a meeting that vetoed
several membership applications has one row each, so ``draft`` repeats), from the UN Dag
Hammarskjöld Library's veto list. Only who vetoed is recorded: the other members' votes — an
abstention, a "no" that was no veto, a yes — are not. The file's name says September 2022, its
last veto is of 8 July 2022 (S/2022/538); later vetoes (30 September 2022 on) are missing.

:func:`parse_unsc_vetoes` produces ``unsc_vetoes``, one row per (vetoed draft row, vetoer):
``veto_id`` (the row's number in the file, 1–214: the key of a vetoed draft), ``draft``,
``date``, ``year``, ``meeting_record`` (two symbols joined by "; " where the file holds a
newline), ``agenda_item``, ``crisis_topic``, ``region``, ``member`` (as the file names it:
USSR, Russia, China, USA, UK, France), ``ccode`` (COW: the Soviet Union and Russia are 365;
China is the People's Republic, 710), ``iso3``, ``n_vetoers`` (vetoers of that draft) and
``dummies`` (how the file's 0/1 member columns relate to the names: ``agree``; ``blank`` — all
0, 17 rows of 1966–1980; ``differ`` — France's dummy missing where it is named, 9 rows) and
``protected_ccode``: the state the veto shielded where the crisis topic and the vetoer name it
without doubt (``data/unsc_protected.csv``, each reading with its basis: Soviet vetoes on
India–Pakistan protected India, US vetoes on Israel–Palestine Israel, Russian and Chinese
vetoes on Syria Syria, …), else null.

The vetoers are read from ``member_veto1..3`` (the names), never from the dummies. A name the
members file (``data/unsc_members.csv``) does not list, a row without a vetoer, a date that is
not M/D/YYYY or a ``year`` that differs from the date's stops the parse with one
:class:`FormatError` line.
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
from multipolar.sources._rdata import require_columns

UNSC_FILE = "unsc/unsc_vetoes_1946_sept2022.csv"
VETO_COLUMNS = ("member_veto1", "member_veto2", "member_veto3")
DUMMIES = ("China", "France", "Russia", "USSR", "USA", "UK")
COLUMNS = [
    "year",
    "date",
    "draft",
    "meeting_record",
    "agenda_item",
    "crisis_topic",
    "region",
    *VETO_COLUMNS,
    *DUMMIES,
]


def _data(name: str) -> pd.DataFrame:
    text = resources.files("multipolar.sources").joinpath("data", name).read_text("utf-8")
    lines = "\n".join(line for line in text.splitlines() if not line.startswith("#"))
    return pd.read_csv(io.StringIO(lines), dtype=str, keep_default_na=False)


@cache
def _members() -> dict[str, int]:
    return {r["name"]: int(r["ccode"]) for r in _data("unsc_members.csv").to_dict("records")}


@cache
def _protected() -> dict[tuple[str, str], tuple[int, set[str]]]:
    out = {}
    for r in _data("unsc_protected.csv").to_dict("records"):
        drafts = {d.strip() for d in r["exclude_drafts"].split(";") if d.strip()}
        out[(r["crisis_topic"], r["vetoer"])] = (int(r["protected_ccode"]), drafts)
    return out


def protected_states() -> pd.DataFrame:
    """The states a veto shielded, by crisis topic and vetoer, with the basis of each reading.

    Columns ``crisis_topic, vetoer, protected_ccode, protected_name, exclude_drafts, basis``
    (``data/unsc_protected.csv``). Only combinations whose protected state the topic names
    without doubt are coded (Soviet vetoes on India–Pakistan protected India; US vetoes on
    Israel–Palestine protected Israel; …); every other veto has none.
    """
    df = _data("unsc_protected.csv")
    df["protected_ccode"] = df["protected_ccode"].astype("int64")
    return df


def permanent_seats() -> pd.DataFrame:
    """Holders of the five permanent seats: ``ccode, holder, from_date, to_date`` (null: open).

    The Chinese seat is the Republic of China's until 25 October 1971 (COW 710 to 1949, 713
    after), the People's Republic's (710) from then; the Soviet seat is Russia's from
    25 December 1991 (one COW code, 365).

    >>> seats = permanent_seats()
    >>> sorted(set(seats["ccode"]))
    [2, 200, 220, 365, 710, 713]
    """
    df = _data("unsc_permanent.csv")
    df["ccode"] = df["ccode"].astype("int64")
    for col in ("from_date", "to_date"):
        df[col] = pd.to_datetime(df[col].replace("", None)).dt.date
    return df


def _read(path: Path) -> pd.DataFrame:
    try:
        df = pd.read_csv(path, dtype=str, keep_default_na=False, encoding="utf-8")
    except (UnicodeDecodeError, pd.errors.ParserError) as exc:
        raise FormatError(f"{path.name} is not a readable veto list CSV ({exc})") from exc
    require_columns(df, COLUMNS, f"{path.name} (UNSC vetoes)")
    return df


def parse_unsc_vetoes(paths: Mapping[str, Path], states: Any) -> dict[str, pd.DataFrame]:
    """Parse the veto list into ``unsc_vetoes`` (one row per vetoed draft row and vetoer)."""
    df = _read(paths[UNSC_FILE])
    members = _members()
    protected = _protected()
    dates = pd.to_datetime(df["date"], format="%m/%d/%Y", errors="coerce")
    year = pd.to_numeric(df["year"].str.strip(), errors="coerce")
    bad_date = dates.isna() | year.isna() | (dates.dt.year != year)
    if bad_date.any():
        lines = (df.index[bad_date] + 2).tolist()[:10]
        raise FormatError(
            f"{UNSC_FILE}: {int(bad_date.sum())} rows with a date that is not M/D/YYYY or a year "
            f"that is not the date's (file lines {lines})"
        )
    unknown: dict[str, list[int]] = {}
    rows: list[dict[str, Any]] = []
    iso = states.iso3_map()
    for i, rec in enumerate(df.to_dict("records")):
        vetoers = [rec[c].strip() for c in VETO_COLUMNS if rec[c].strip()]
        if not vetoers:
            raise FormatError(f"{UNSC_FILE}: file line {i + 2} names no vetoing member")
        for name in vetoers:
            if name not in members:
                unknown.setdefault(name, []).append(i + 2)
        flagged = {d for d in DUMMIES if rec[d].strip() == "1"}
        dummies = "blank" if not flagged else "agree" if flagged == set(vetoers) else "differ"
        for name in vetoers:
            code = members.get(name)
            shield = protected.get((rec["crisis_topic"].strip(), name))
            if shield is not None and rec["draft"].strip() in shield[1]:
                shield = None
            rows.append(
                {
                    "veto_id": i + 1,
                    "draft": rec["draft"].strip(),
                    "date": dates.iloc[i].date(),
                    "year": int(dates.iloc[i].year),
                    "meeting_record": "; ".join(
                        p.strip() for p in rec["meeting_record"].splitlines() if p.strip()
                    ),
                    "agenda_item": rec["agenda_item"].strip() or None,
                    "crisis_topic": rec["crisis_topic"].strip() or None,
                    "region": rec["region"].strip() or None,
                    "member": name,
                    "ccode": code,
                    "iso3": iso.get(code) if code is not None else None,
                    "n_vetoers": len(vetoers),
                    "dummies": dummies,
                    "protected_ccode": None if shield is None else shield[0],
                }
            )
    if unknown:
        listing = "; ".join(f"{n!r} (file lines {v[:5]})" for n, v in sorted(unknown.items()))
        raise FormatError(
            f"{UNSC_FILE}: vetoing member(s) not in src/multipolar/sources/data/"
            f"unsc_members.csv: {listing}"
        )
    out = pd.DataFrame(rows)
    out["veto_id"] = out["veto_id"].astype("int32")
    out["year"] = out["year"].astype("int16")
    out["ccode"] = out["ccode"].astype("int16")
    out["n_vetoers"] = out["n_vetoers"].astype("int8")
    out["protected_ccode"] = out["protected_ccode"].astype("Int16")
    for col in (
        "draft",
        "meeting_record",
        "agenda_item",
        "crisis_topic",
        "region",
        "member",
        "iso3",
        "dummies",
    ):
        out[col] = out[col].astype("string")
    return {"unsc_vetoes": out}
