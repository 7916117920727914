"""The imf_dots source on the real workbooks: names, known values, estimates, missing sides.

Known values are read by hand from the raw workbooks with openpyxl (not with the parser's
reader, python-calamine) and summed here; the crosswalk's completeness is checked on every
string of every workbook's shared-string table (read with zipfile), independently of the parser.
"""

from __future__ import annotations

import csv
import html
import re
import shutil
import zipfile
from pathlib import Path

import openpyxl
import pandas as pd
import pytest

from multipolar.errors import FormatError
from multipolar.sources.imf_dots import RUSSIA_NOTE, crosswalk, parse_imf_dots

_NOT_NAMES = {
    "Exports, FOB to Partner Countries",
    "Imports, CIF from Partner Countries",
    "US Dollars, Millions",
}


def _workbooks(shared_data: Path) -> list[Path]:
    return [
        *sorted((shared_data / "imf_dots").glob("DOTS_*.xlsx")),
        shared_data / "imf_dots_rus" / "rf_exports_2023.xlsx",
    ]


def _strings(path: Path) -> set[str]:
    """Every text of a workbook (its shared-string table), without the parser."""
    xml = zipfile.ZipFile(path).read("xl/sharedStrings.xml").decode("utf-8")
    items = re.findall(r"<si>(.*?)</si>", xml, flags=re.S)
    return {html.unescape(re.sub(r"<[^>]+>", "", s)).strip() for s in items}


def test_every_name_in_every_workbook_is_mapped_or_excluded(shared_data):
    files = _workbooks(shared_data)
    assert len(files) == 236  # 235 DOTS workbooks + Russia to 2023
    known = set(crosswalk()["imf_name"])
    names: set[str] = set()
    for f in files:
        for s in _strings(f):
            if re.fullmatch(r"(19|20)\d\d", s) or re.fullmatch(r"-?[\d,.]+\s*e", s):
                continue  # a year, or an 'e'-flagged value
            if s not in _NOT_NAMES:
                names.add(s)
    assert names - known == set()
    # and the crosswalk holds no name the workbooks do not use
    assert known - names == set()
    assert len(names) == 245


def test_crosswalk_rows_are_classed_with_reasons():
    cw = crosswalk()
    assert set(cw["class"]) == {"state", "aggregate", "non-state"}
    excluded = cw[cw["class"] != "state"]
    assert (excluded["reason"].str.len() >= 8).all()
    assert cw.loc[cw["class"] == "state", "ccode"].notna().all()
    world = cw[cw["imf_name"].isin(["World", "Advanced Economies", "Special Categories"])]
    assert set(world["class"]) == {"aggregate"}
    # names of the year: one row per span, no overlap
    ger = {
        int(r.ccode): (r.from_year, r.to_year) for r in cw[cw["imf_name"] == "Germany"].itertuples()
    }
    assert ger[260][1] == 1990 and ger[260][0] is pd.NA
    assert ger[255][0] == 1991 and ger[255][1] is pd.NA


def test_china_russia_totals_known_answers(store):
    # By hand from the raw workbooks (openpyxl, sheet 'Exports, FOB'):
    #   DOTS_162.xlsx (Russian Federation), row 'China, P.R.: Mainland':
    #     2014 37,494.308017; 2018 56,079.088096; 2020 49,583.127513
    #   DOTS_40.xlsx (China, P.R.: Mainland), row 'Russian Federation':
    #     2014 53,685.678792; 2018 48,073.66052; 2020 50,608.3706
    #   sums: 2014 91,179.986809 ($91.2 bn); 2018 104,152.748616 ($104.2 bn);
    #         2020 100,191.498113 ($100.2 bn) -- the figures in PROVENANCE.md
    got = store.sql(
        "SELECT year, exports_12_musd, exports_21_musd, total_musd, sides FROM imf_dots_ndy "
        "WHERE ccode1 = 365 AND ccode2 = 710 AND year IN (2014, 2018, 2020) ORDER BY year"
    )
    assert got["total_musd"].round(3).tolist() == [91179.987, 104152.749, 100191.498]
    assert got["exports_12_musd"].round(6).tolist() == [37494.308017, 56079.088096, 49583.127513]
    assert got["sides"].tolist() == [2, 2, 2]


def test_raw_cells_agree_with_the_store(shared_data, store):
    """The three 2014/2018/2020 cells of each side, read with openpyxl here."""
    for file, reporter, partner, a, b in [
        ("DOTS_162.xlsx", "Russian Federation", "China, P.R.: Mainland", 365, 710),
        ("DOTS_40.xlsx", "China, P.R.: Mainland", "Russian Federation", 710, 365),
    ]:
        ws = openpyxl.load_workbook(shared_data / "imf_dots" / file, read_only=True)
        rows = list(ws["Exports, FOB"].iter_rows(values_only=True))
        assert rows[3][1] == reporter
        row = next(r for r in rows if r[1] == partner)
        raw = {y: v for y, v in zip(rows[6], row, strict=True) if y in ("2014", "2018", "2020")}
        got = store.sql(
            "SELECT year, exports_musd FROM imf_dots_exports WHERE ccode_from = ? AND "
            "ccode_to = ? AND year IN (2014, 2018, 2020) ORDER BY year",
            [a, b],
        )
        assert got["exports_musd"].tolist() == pytest.approx([raw[y] for y in sorted(raw)])


def test_russia_after_2020_is_an_imf_estimate(shared_data, store):
    rus = store.sql(
        "SELECT year, estimate, estimate_note, source_file, exports_musd FROM imf_dots_exports "
        "WHERE ccode_from = 365 AND year >= 2021"
    )
    assert sorted(rus["year"].unique().tolist()) == [2021, 2022, 2023]
    assert rus["estimate"].all()
    assert set(rus["estimate_note"]) == {RUSSIA_NOTE}
    assert set(rus["source_file"]) == {"rf_exports_2023.xlsx"}
    # rf_exports_2023.xlsx, row 'China, P.R.: Mainland', 2022: 69,419.687856 (openpyxl)
    ws = openpyxl.load_workbook(
        shared_data / "imf_dots_rus" / "rf_exports_2023.xlsx", read_only=True
    )["Exports, FOB"]
    rows = list(ws.iter_rows(values_only=True))
    china = next(r for r in rows if r[1] == "China, P.R.: Mainland")
    raw = dict(zip(rows[6], china, strict=True))
    assert raw["2022"] == pytest.approx(69419.687856)
    # the 2018-2020 values of the two Russian workbooks agree (PROVENANCE.md)
    ws162 = openpyxl.load_workbook(shared_data / "imf_dots" / "DOTS_162.xlsx", read_only=True)
    r162 = list(ws162["Exports, FOB"].iter_rows(values_only=True))
    old = dict(zip(r162[6], next(r for r in r162 if r[1] == "China, P.R.: Mainland"), strict=True))
    for y in ("2018", "2019", "2020"):
        assert raw[y] == pytest.approx(old[y], abs=1e-5)
    # Russia's own years to 2020 are not estimates (no 'e' flags in DOTS_162.xlsx)
    own = store.sql(
        "SELECT count(*) AS n FROM imf_dots_exports WHERE ccode_from = 365 AND year BETWEEN "
        "1992 AND 2020 AND estimate"
    )
    assert int(own["n"].iloc[0]) == 0


def test_e_flagged_cell_is_an_estimate(store):
    # DOTS_203.xlsx (reporter 'USSR'), row 'United States': 1981 '342.55 e', 1982 '224.64 e'
    got = store.sql(
        "SELECT year, exports_musd, estimate, estimate_note FROM imf_dots_exports WHERE "
        "ccode_from = 365 AND ccode_to = 2 AND year IN (1981, 1982) ORDER BY year"
    )
    assert got["exports_musd"].tolist() == [342.55, 224.64]
    assert got["estimate"].all() and set(got["estimate_note"]) == {"IMF estimate"}


def test_one_missing_side_gives_no_total(store):
    one = store.sql(
        "SELECT count(*) AS n, count(total_musd) AS with_total FROM imf_dots_ndy WHERE sides = 1"
    )
    assert int(one["n"].iloc[0]) > 0 and int(one["with_total"].iloc[0]) == 0
    cr = store.sql(
        "SELECT year, exports_12_musd, exports_21_musd, total_musd, estimate_note "
        "FROM imf_dots_ndy WHERE ccode1 = 365 AND ccode2 = 710 AND year = 2022"
    )
    r = cr.iloc[0]
    assert r["exports_21_musd"] != r["exports_21_musd"]  # China's side: null (ends 2020)
    assert r["total_musd"] != r["total_musd"]  # null, not Russia's side alone, not zero
    assert r["estimate_note"] == RUSSIA_NOTE


def test_aggregates_and_territories_never_become_states(store):
    cw = crosswalk()
    excluded = set(cw.loc[cw["class"] != "state", "imf_name"]) - {
        # names that are states in some years and excluded in others
        n
        for n in cw.loc[cw["class"] == "state", "imf_name"]
    }
    names = store.sql(
        "SELECT DISTINCT imf_to AS n FROM imf_dots_exports UNION "
        "SELECT DISTINCT imf_from FROM imf_dots_exports"
    )
    assert set(names["n"]) & excluded == set()
    assert "World" in excluded and "China, P.R.: Hong Kong" in excluded
    # the former USSR after 1991 is not Russia
    ussr = store.sql(
        "SELECT count(*) AS n FROM imf_dots_exports WHERE imf_to = 'USSR' AND year > 1991"
    )
    assert int(ussr["n"].iloc[0]) == 0
    names_tab = store.frame("imf_dots_names")
    world = names_tab[names_tab["imf_name"] == "World"].iloc[0]
    assert world["cells_read"] > 0 and world["cells_kept"] == 0


def test_china_workbook_count_by_hand(shared_data, store):
    """Every non-empty cell of China's workbook whose partner is a state that year is a row."""
    spans: dict[str, list[tuple[int, int]]] = {}
    with open(
        Path(__file__).parents[2] / "src/multipolar/sources/data/imf_names.csv", encoding="utf-8"
    ) as fh:
        for r in csv.DictReader(fh):
            if r["class"] == "state":
                spans.setdefault(r["imf_name"], []).append(
                    (int(r["from_year"] or 0), int(r["to_year"] or 9999))
                )
    ws = openpyxl.load_workbook(shared_data / "imf_dots" / "DOTS_40.xlsx", read_only=True)
    rows = list(ws["Exports, FOB"].iter_rows(values_only=True))
    years = rows[6]
    n, seen = 0, set()
    for r in rows[7:]:
        if r[1] in seen:  # the repeated first row (Australia)
            continue
        seen.add(r[1])
        for y, v in zip(years, r, strict=True):
            if y and v not in (None, "") and any(a <= int(y) <= b for a, b in spans.get(r[1], [])):
                n += 1
    got = store.sql("SELECT count(*) AS n FROM imf_dots_exports WHERE ccode_from = 710")
    assert int(got["n"].iloc[0]) == n


def test_repeated_workbook_and_rows_read_once(store):
    attrs_free = store.sql(
        "SELECT count(DISTINCT source_file) AS files FROM imf_dots_exports WHERE ccode_from = 93"
    )
    assert int(attrs_free["files"].iloc[0]) == 1  # Nicaragua: DOTS_143.xlsx = DOTS_144.xlsx
    dup = store.sql(
        "SELECT count(*) AS n FROM (SELECT ccode_from, ccode_to, year FROM imf_dots_exports "
        "GROUP BY ALL HAVING count(*) > 1)"
    )
    assert int(dup["n"].iloc[0]) == 0


def _copy_with(shared_data: Path, tmp_path: Path, old: str, new: str) -> Path:
    """DOTS_40.xlsx with one partner renamed (written back with openpyxl)."""
    src = tmp_path / "src.xlsx"
    shutil.copy(shared_data / "imf_dots" / "DOTS_40.xlsx", src)
    wb = openpyxl.load_workbook(src)
    ws = wb["Exports, FOB"]
    for row in ws.iter_rows(min_col=2, max_col=2):
        if row[0].value == old:
            row[0].value = new
    out = tmp_path / "DOTS_40.xlsx"
    wb.save(out)
    return out


def test_unmapped_name_fails_with_the_list(shared_data, tmp_path):
    bad = _copy_with(shared_data, tmp_path, "Mongolia", "Atlantis, Rep. of")
    with pytest.raises(FormatError, match=r"not covered by imf_names.csv.*Atlantis, Rep. of"):
        parse_imf_dots({"imf_dots/DOTS_40.xlsx": bad})


def test_not_a_dots_workbook_fails_cleanly(shared_data, tmp_path):
    wb = openpyxl.Workbook()
    wb.active.title = "Exports, FOB"
    wb.active["B2"] = "something else"
    p = tmp_path / "DOTS_1.xlsx"
    wb.save(p)
    with pytest.raises(FormatError, match="no title"):
        parse_imf_dots({"imf_dots/DOTS_1.xlsx": p})
