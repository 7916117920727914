"""IMF Direction of Trade Statistics (DOTS): exports FOB by reporter and partner, to 2020.

The mirror holds the IMF portal's own Excel export "Exports, FOB to Partner Countries", one
workbook per reporting economy (235 files, ``imf_dots/DOTS_N.xlsx``, pinned one by one through
``imf_dots_manifest.csv``), plus the same layout for the Russian Federation to 2023
(``imf_dots_rus/rf_exports_2023.xlsx``). Each sheet ``Exports, FOB`` has a title block (the
title, the reporter in IMF style such as ``China, P.R.: Mainland``, the unit ``US Dollars,
Millions``), a row of years as text, then one row per partner: states, territories and
aggregates ("World", "Advanced Economies", regions, "Special Categories", …). Values are US$
millions at current prices; a text cell such as ``'1.53 e'`` is an IMF estimate; an empty cell
is no data.

:func:`parse_imf_dots` produces three tables:

``imf_dots_exports``
    directed dyad-years: ``ccode_from`` (the reporter) exported ``exports_musd`` to
    ``ccode_to`` in ``year``; ``estimate`` is true for a cell the IMF flags ``e`` and for every
    Russian value from ``rf_exports_2023.xlsx`` (2021–2023), whose ``estimate_note`` reads
    "IMF estimate, Russia not reporting"; ``imf_from``/``imf_to`` keep the IMF names,
    ``source_file`` the workbook.
``imf_dots_ndy``
    non-directed dyad-years (``ccode1 < ccode2``): ``exports_12_musd`` (1's exports to 2, as 1
    reports them), ``exports_21_musd``, ``total_musd`` = their sum (both FOB), ``sides`` (how
    many of the two are reported). **When one side is missing the total is null, never the
    one side alone and never zero**; the reported side stays in its own column.
``imf_dots_names``
    every IMF name read, with its class and code (per span of years), the files and cells it
    appears in, and why it is excluded when it is.

Names. Every IMF name is looked up in ``data/imf_names.csv`` (``imf_name, class, ccode,
from_year, to_year, reason``): ``state`` rows give the COW code for the years
``from_year``..``to_year`` (open ends empty; e.g. ``Germany`` is the Federal Republic 260 to
1990 and Germany 255 from 1991; ``USSR`` is 365 to 1991, after which some partners still report
a "former USSR" that is no state), ``aggregate`` rows are IMF totals, groups, regions and
residuals, ``non-state`` rows territories and the like. Aggregates and non-states are excluded by
that rule and counted in ``imf_dots_names``. A name (or a name-year) that no row covers stops the
load with a :class:`~multipolar.errors.FormatError` listing every such name: the files are
pinned, so an unknown name means the crosswalk is incomplete, and a guess would move trade
between states silently.

Quirks handled: each workbook repeats its first partner row (``Australia``) above ``World``; an
identical repeated row is read once (counted), a name repeated with different values fails.

Reference: International Monetary Fund, Direction of Trade Statistics (``imf2022dots``).

>>> value_of("1.53 e")
(1.53, True)
>>> value_of(12.5)
(12.5, False)
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Mapping
from functools import cache
from importlib import resources
from pathlib import Path
from typing import Any

import numpy as np
import pandas as pd

from multipolar.errors import FormatError

TITLE = "Exports, FOB to Partner Countries"
SHEET = "Exports, FOB"
UNIT = "US Dollars, Millions"
RUSSIA_FILE = "imf_dots_rus/rf_exports_2023.xlsx"
RUSSIA_NAME = "Russian Federation"
#: the label every Russian figure from the 2023 workbook carries (years after DOTS_162 ends)
RUSSIA_NOTE = "IMF estimate, Russia not reporting"
E_NOTE = "IMF estimate"
CLASSES = ("state", "aggregate", "non-state")
_FLAGGED = re.compile(r"^\s*(-?[0-9][0-9,]*(?:\.[0-9]*)?)\s*e\s*$")


def value_of(cell: object) -> tuple[float, bool]:
    """A cell's value in US$ m and whether the IMF flags it as an estimate (``'1.53 e'``).

    Raises :class:`ValueError` for any other text.
    """
    if isinstance(cell, int | float):
        return float(cell), False
    m = _FLAGGED.match(str(cell))
    if not m:
        raise ValueError(f"not a number or an 'e'-flagged estimate: {cell!r}")
    return float(m.group(1).replace(",", "")), True


# --- the crosswalk ----------------------------------------------------------------------
@cache
def _names_file() -> pd.DataFrame:
    with resources.files("multipolar.sources").joinpath("data", "imf_names.csv").open("rb") as fh:
        df = pd.read_csv(fh, dtype=str, keep_default_na=False)
    bad = ~df["class"].isin(CLASSES)
    if bad.any():
        raise FormatError(f"imf_names.csv: unknown class in rows {df.index[bad].tolist()}")
    need_code = (df["class"] == "state") & (df["ccode"] == "")
    need_reason = (df["class"] != "state") & (df["reason"] == "")
    if need_code.any() or need_reason.any():
        raise FormatError(
            "imf_names.csv: a state row needs a ccode and an excluded row a reason (rows "
            f"{df.index[need_code | need_reason].tolist()})"
        )
    return df


def crosswalk() -> pd.DataFrame:
    """The IMF-name crosswalk: ``imf_name, class, ccode, from_year, to_year, reason``.

    ``ccode``, ``from_year`` and ``to_year`` are nullable integers (an open end is null).
    """
    df = _names_file().copy()
    for col in ("ccode", "from_year", "to_year"):
        df[col] = pd.to_numeric(df[col].replace("", None)).astype("Int64")
    return df


class _Lookup:
    """``(name, year) -> (class, ccode, reason)`` through the crosswalk's spans."""

    def __init__(self, cw: pd.DataFrame) -> None:
        self.spans: dict[str, list[tuple[int, int, str, int | None, str]]] = {}
        for r in cw.itertuples(index=False):
            lo = -(10**6) if pd.isna(r.from_year) else int(r.from_year)
            hi = 10**6 if pd.isna(r.to_year) else int(r.to_year)
            code = None if pd.isna(r.ccode) else int(r.ccode)
            self.spans.setdefault(r.imf_name, []).append((lo, hi, r[1], code, r.reason))
        self._memo: dict[tuple[str, int], tuple[str, int | None, str] | None] = {}

    def __call__(self, name: str, year: int) -> tuple[str, int | None, str] | None:
        key = (name, year)
        if key not in self._memo:
            hits = [s for s in self.spans.get(name, ()) if s[0] <= year <= s[1]]
            if len(hits) > 1:
                raise FormatError(f"imf_names.csv: {name!r} has overlapping rows for {year}")
            self._memo[key] = (hits[0][2], hits[0][3], hits[0][4]) if hits else None
        return self._memo[key]


# --- one workbook -------------------------------------------------------------------------
def read_workbook(path: Path, *, label: str) -> tuple[str, list[str], list[tuple[str, list[Any]]]]:
    """``(reporter, years, partner rows)`` of one DOTS workbook's ``Exports, FOB`` sheet.

    Rows are found by content, not position (the reader crops empty leading rows and
    columns): the title row, the reporter two rows below it, the unit below that, then the row
    of years. ``label`` names the file in errors.
    """
    from python_calamine import CalamineWorkbook

    try:
        wb = CalamineWorkbook.from_path(str(path))
        rows = wb.get_sheet_by_name(SHEET).to_python()
    except Exception as exc:  # calamine raises its own error types
        raise FormatError(f"{label}: no readable sheet {SHEET!r} ({exc})") from exc
    cells = [[("" if v is None else v) for v in r] for r in rows]
    col = next((i for r in cells[:3] for i, v in enumerate(r) if v == TITLE), None)
    top = next((k for k, r in enumerate(cells[:3]) if TITLE in r), None)
    if col is None or top is None:
        raise FormatError(f"{label}: no title {TITLE!r} in the first rows")
    reporter = str(cells[top + 2][col]).strip() if len(cells) > top + 2 else ""
    unit = str(cells[top + 3][col]).strip() if len(cells) > top + 3 else ""
    if not reporter or unit != UNIT:
        raise FormatError(f"{label}: expected the reporter and {UNIT!r} below the title")
    head = next(
        (k for k in range(top + 4, min(len(cells), top + 8)) if _is_year_row(cells[k][col + 1 :])),
        None,
    )
    if head is None:
        raise FormatError(f"{label}: no row of years below the title")
    years = [str(v).strip() for v in cells[head][col + 1 :]]
    body = [
        (str(r[col]).strip(), list(r[col + 1 :])) for r in cells[head + 1 :] if str(r[col]).strip()
    ]
    return reporter, years, body


def _is_year_row(values: list[Any]) -> bool:
    vals = [str(v).strip() for v in values if str(v).strip()]
    return bool(vals) and all(re.fullmatch(r"(19|20)\d\d", v) for v in vals)


# --- the parser ---------------------------------------------------------------------------
# --- the parser ---------------------------------------------------------------------------
_CELL_COLS = ("reporter", "partner", "year", "cell", "file", "note")


class _Acc:
    """Cells read (long format, one list per column) and what was set aside."""

    def __init__(self) -> None:
        self.parts: list[pd.DataFrame] = []
        self.repeated_rows = 0
        self.books: dict[str, tuple[str, Any]] = {}
        self.duplicate_books: list[str] = []
        self.reporters: dict[str, set[str]] = {}


def _read_file(
    path: Path,
    file: str,
    acc: _Acc,
    *,
    years_from: int | None = None,
    note: str | None = None,
) -> None:
    """Read one workbook's non-empty cells into ``acc`` (identical repeats read once)."""
    book = read_workbook(path, label=file)
    reporter, years, body = book
    if years_from is None:
        if reporter in acc.books:
            first, earlier = acc.books[reporter]
            if earlier != book:
                raise FormatError(
                    f"{file} and {first} both hold reporter {reporter!r}, with different values"
                )
            acc.duplicate_books.append(f"{file} (= {first})")
            return
        acc.books[reporter] = (file, book)
    acc.reporters.setdefault(reporter, set()).add(file)
    seen: dict[str, list[Any]] = {}
    names, vals = [], []
    for name, row in body:
        if name in seen:
            if seen[name] == row:
                acc.repeated_rows += 1
                continue
            raise FormatError(f"{file}: partner {name!r} appears twice with different values")
        seen[name] = row
        names.append(name)
        vals.append((row + [""] * len(years))[: len(years)])
    if not names:
        return
    arr = np.array(vals, dtype=object)
    yrs = np.array([int(y) if y else -1 for y in years])
    keep = (arr != "") & (yrs >= (years_from or 0))[None, :]
    ri, ci = np.nonzero(keep)
    acc.parts.append(
        pd.DataFrame(
            {
                "reporter": reporter,
                "partner": np.array(names, dtype=object)[ri],
                "year": yrs[ci],
                "cell": arr[ri, ci],
                "file": file,
                "note": note,
            }
        )
    )


def _mapped(cells: pd.DataFrame, look: _Lookup, role: str) -> pd.DataFrame:
    """``class, ccode`` of each cell's ``role`` name in its year (unique name-years looked up)."""
    keys = cells[[role, "year"]].drop_duplicates()
    hits = [look(n, int(y)) for n, y in zip(keys[role], keys["year"], strict=True)]
    keys = keys.assign(
        **{
            f"{role}_class": [h[0] if h else None for h in hits],
            f"{role}_ccode": [h[1] if h else None for h in hits],
        }
    )
    return cells.merge(keys, on=[role, "year"], how="left")


def _values(cells: pd.Series) -> tuple[pd.Series, pd.Series]:
    """Numbers and the ``e`` flag of the cells (text other than ``'1.53 e'`` fails)."""
    num = pd.to_numeric(cells.where(~cells.map(lambda v: isinstance(v, str))), errors="coerce")
    text = cells[num.isna()].astype(str)
    got = text.str.extract(_FLAGGED.pattern, expand=False)
    bad = got.isna()
    if bad.any():
        raise FormatError(
            f"{int(bad.sum())} DOTS cell(s) are neither numbers nor 'e'-flagged estimates, "
            f"e.g. {text[bad].iloc[0]!r}"
        )
    num.loc[got.index] = got.str.replace(",", "").astype(float)
    flagged = pd.Series(False, index=cells.index)
    flagged.loc[got.index] = True
    return num.astype("float64"), flagged


def dots_files(paths: Iterable[str]) -> list[str]:
    """The DOTS workbooks among a source's files, in the order of their number."""
    names = [p for p in paths if re.fullmatch(r"imf_dots/DOTS_\d+\.xlsx", p)]
    return sorted(names, key=lambda p: int(re.findall(r"\d+", p)[-1]))


def parse_imf_dots(paths: Mapping[str, Path], states: Any = None) -> dict[str, pd.DataFrame]:
    """The ``imf_dots`` source's parser: the workbooks in, the three tables out (module doc).

    Russia (COW 365) after the last year of its own DOTS workbook comes from
    ``rf_exports_2023.xlsx``, every value flagged ``estimate`` with the note
    :data:`RUSSIA_NOTE`.
    """
    files = dots_files(paths)
    if not files:
        raise FormatError("the imf_dots source holds no DOTS_N.xlsx workbook")
    acc = _Acc()
    for f in files:
        _read_file(paths[f], f.split("/")[-1], acc)
    if RUSSIA_FILE in paths:
        own = [p for p in acc.parts if p["reporter"].iat[0] == RUSSIA_NAME]
        end = max((int(p["year"].max()) for p in own), default=0)
        _read_file(
            paths[RUSSIA_FILE],
            RUSSIA_FILE.split("/")[-1],
            acc,
            years_from=end + 1,
            note=RUSSIA_NOTE,
        )
    cells = pd.concat(acc.parts, ignore_index=True)
    look = _Lookup(crosswalk())
    cells = _mapped(_mapped(cells, look, "reporter"), look, "partner")
    missing = cells["reporter_class"].isna() | cells["partner_class"].isna()
    if missing.any():
        m = cells[missing]
        who = np.where(m["reporter_class"].isna(), m["reporter"], m["partner"])
        listed = (
            pd.DataFrame({"name": who, "year": m["year"], "file": m["file"]})
            .groupby("name")
            .agg(years=("year", lambda s: f"{s.min()}-{s.max()}"), file=("file", "first"))
        )
        text = "; ".join(f"{n} ({r.years}, e.g. {r.file})" for n, r in listed.iterrows())
        raise FormatError(
            f"{len(listed)} IMF name(s) not covered by imf_names.csv (add each as a state, "
            f"aggregate or non-state with a reason): {text}"
        )
    both = (cells["reporter_class"] == "state") & (cells["partner_class"] == "state")
    kept = cells[both]
    dup = kept.duplicated(["reporter_ccode", "partner_ccode", "year"], keep=False)
    if dup.any():
        d = kept[dup].iloc[0]
        raise FormatError(
            f"two IMF names give COW {d['partner_ccode']} in {d['year']} for reporter "
            f"{d['reporter']!r} (imf_names.csv spans overlap)"
        )
    exports = _exports_frame(kept)
    names = names_frame(cells, both, acc)
    return {
        "imf_dots_exports": exports,
        "imf_dots_ndy": nondirected(exports),
        "imf_dots_names": names,
    }


def _exports_frame(kept: pd.DataFrame) -> pd.DataFrame:
    value, flagged = _values(kept["cell"])
    flag_note = pd.Series(np.where(flagged.to_numpy(), E_NOTE, ""), index=kept.index).replace(
        "", None
    )
    note = kept["note"].where(kept["note"].notna(), flag_note)
    df = pd.DataFrame(
        {
            "ccode_from": kept["reporter_ccode"].astype("int16"),
            "ccode_to": kept["partner_ccode"].astype("int16"),
            "year": kept["year"].astype("int16"),
            "exports_musd": value,
            "estimate": (flagged | kept["note"].notna()).astype(bool),
            "estimate_note": pd.Categorical(note),
            "imf_from": pd.Categorical(kept["reporter"]),
            "imf_to": pd.Categorical(kept["partner"]),
            "source_file": pd.Categorical(kept["file"]),
        }
    )
    return df.sort_values(["ccode_from", "ccode_to", "year"], ignore_index=True)


def names_frame(cells: pd.DataFrame, kept: pd.Series, acc: _Acc) -> pd.DataFrame:
    """Every IMF name read (``imf_dots_names``): its crosswalk rows and the cells it had.

    ``cells_read``/``cells_kept``: non-empty cells with the name as partner, and those kept (both
    sides states); ``files``: workbooks naming it. Counts are per name, over all its spans.
    """
    c = cells.assign(kept=kept.to_numpy())
    part = c.groupby("partner").agg(
        files=("file", "nunique"), cells_read=("year", "size"), cells_kept=("kept", "sum")
    )
    rep = pd.Series({n: len(f) for n, f in acc.reporters.items()}, name="reporter_files")
    used = pd.concat([part, rep], axis=1)
    cw = crosswalk()
    out = cw[cw["imf_name"].isin(used.index)].merge(
        used, left_on="imf_name", right_index=True, how="left"
    )
    for col in ("files", "cells_read", "cells_kept", "reporter_files"):
        out[col] = out[col].fillna(0).astype("int32")
    for col in ("imf_name", "class", "reason"):
        out[col] = out[col].replace("", None).astype("string")
    out.attrs["repeated_rows"] = acc.repeated_rows
    out.attrs["duplicate_workbooks"] = list(acc.duplicate_books)
    return out.reset_index(drop=True)


def nondirected(exports: pd.DataFrame) -> pd.DataFrame:
    """Non-directed dyad-years from directed exports (``imf_dots_ndy``).

    .. math:: \\text{total}_{12,t} = X_{1\\to 2,t} + X_{2\\to 1,t}

    both as their exporter reports them (FOB, US$ m current). ``total_musd`` is null unless both
    are reported (``sides == 2``): a missing side is never read as zero. ``estimate`` is true if
    either side is an estimate; ``estimate_note`` joins the sides' notes.

    >>> x = pd.DataFrame({"ccode_from": [2, 20, 2], "ccode_to": [20, 2, 200],
    ...     "year": [2000, 2000, 2000], "exports_musd": [10.0, 5.0, 3.0],
    ...     "estimate": [False, True, False], "estimate_note": [None, "IMF estimate", None]})
    >>> nondirected(x)[["ccode1", "ccode2", "total_musd", "sides", "estimate"]].to_dict("records")
    [{'ccode1': 2, 'ccode2': 20, 'total_musd': 15.0, 'sides': 2, 'estimate': True}, {'ccode1': 2, 'ccode2': 200, 'total_musd': nan, 'sides': 1, 'estimate': False}]
    """
    x = exports[["ccode_from", "ccode_to", "year", "exports_musd", "estimate", "estimate_note"]]
    lo = x["ccode_from"].where(x["ccode_from"] < x["ccode_to"], x["ccode_to"])
    hi = x["ccode_to"].where(x["ccode_from"] < x["ccode_to"], x["ccode_from"])
    fwd = x["ccode_from"] < x["ccode_to"]
    d = pd.DataFrame({"ccode1": lo, "ccode2": hi, "year": x["year"]})
    a = x[fwd].rename(columns={"ccode_from": "ccode1", "ccode_to": "ccode2"})
    b = x[~fwd].rename(columns={"ccode_to": "ccode1", "ccode_from": "ccode2"})
    keys = ["ccode1", "ccode2", "year"]
    d = d.drop_duplicates().merge(
        a[[*keys, "exports_musd", "estimate", "estimate_note"]], on=keys, how="left"
    )
    d = d.merge(
        b[[*keys, "exports_musd", "estimate", "estimate_note"]],
        on=keys,
        how="left",
        suffixes=("_12", "_21"),
    )
    out = pd.DataFrame(
        {
            "ccode1": d["ccode1"].astype("int16"),
            "ccode2": d["ccode2"].astype("int16"),
            "year": d["year"].astype("int16"),
            "exports_12_musd": d["exports_musd_12"].astype("float64"),
            "exports_21_musd": d["exports_musd_21"].astype("float64"),
        }
    )
    out["sides"] = (
        out["exports_12_musd"].notna().astype(int) + out["exports_21_musd"].notna()
    ).astype("int8")
    out["total_musd"] = (out["exports_12_musd"] + out["exports_21_musd"]).where(out["sides"] == 2)
    e12 = d["estimate_12"].astype("boolean").fillna(False)
    e21 = d["estimate_21"].astype("boolean").fillna(False)
    out["estimate"] = (e12 | e21).astype(bool).to_numpy()
    n12 = d["estimate_note_12"].astype(object).fillna("").to_numpy(dtype=object)
    n21 = d["estimate_note_21"].astype(object).fillna("").to_numpy(dtype=object)
    joined = np.where((n12 == n21) | (n21 == ""), n12, np.where(n12 == "", n21, n12 + "; " + n21))
    out["estimate_note"] = pd.Categorical(np.where(joined == "", None, joined))
    cols = ["ccode1", "ccode2", "year", "exports_12_musd", "exports_21_musd", "total_musd", "sides"]
    return out[[*cols, "estimate", "estimate_note"]].sort_values(keys, ignore_index=True)
