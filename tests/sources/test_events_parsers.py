"""GDELT 1.0 / 2.0 and ICEWS parsers on the real sample files in shared/data.

Known counts come from PROVENANCE.md (509 + 201 GDELT 1.0 rows, 2,111 GDELT 2.0 rows, 3,705
ICEWS rows) and from counting the files independently with the ``csv`` module here.
"""

from __future__ import annotations

import csv
import os
from pathlib import Path

import pyarrow as pa
import pytest

from multipolar import states
from multipolar.errors import FormatError, InputError
from multipolar.sources.events import (
    EVENT_SCHEMA,
    ParseReport,
    cameo_table,
    detect_kind,
    parse_cameo,
    read_events,
)

DATA = Path(os.environ.get("MULTIPOLAR_MIRROR") or Path(__file__).parents[3] / "shared" / "data")
GDELT1 = DATA / "gdelt" / "events.csv"
GDELT2 = DATA / "gdelt" / "20191024143000.export.CSV"
ICEWS = DATA / "icews" / "events.2018.sample.tab"


def _read(path: Path, **kw: object) -> tuple[pa.Table, ParseReport]:
    report = ParseReport(path.name, "?")
    kw.setdefault("states", states)
    tables = list(read_events(path, report=report, **kw))  # type: ignore[arg-type]
    table = pa.concat_tables(tables) if tables else EVENT_SCHEMA.empty_table()
    assert report.rows_read == report.rows_ok + report.rows_rejected  # nothing silently dropped
    assert table.num_rows == report.rows_ok
    return table, report


def test_cameo_table_from_pinned_files() -> None:
    cameo = cameo_table()
    # 311 GDELT codes + 1213, only in the ICEWS table (PROVENANCE.md)
    assert len(cameo) == 312 and "1213" in cameo
    c = cameo.codes["040"]
    assert (c.name, c.root_code, c.quad_class, c.goldstein) == (
        "Consult, not specified below",
        4,
        1,
        1.0,
    )
    assert cameo.codes["190"].quad_class == 4 and cameo.codes["190"].goldstein == -10.0
    # the two tables disagree on 016: GDELT -2.0, ICEWS -5 (both files, line "016")
    assert (cameo.codes["016"].goldstein, cameo.codes["016"].goldstein_icews) == (-2.0, -5.0)
    assert cameo.name("044") == "Meet at a 'third' location"  # GDELT's text is garbled here
    assert cameo.name("999") is None


def test_cameo_parser_rejects_wrong_file(tmp_path: Path) -> None:
    bad = tmp_path / "codes.txt"
    bad.write_text("CODE\tLABEL\nAGR\tAgriculture\n")
    with pytest.raises(FormatError):
        parse_cameo(bad, bad, bad)


def test_detect_kind() -> None:
    assert detect_kind(GDELT1) == "gdelt1"
    assert detect_kind(GDELT2) == "gdelt2"
    assert detect_kind(ICEWS) == "icews"


def test_gdelt1_mixed_57_and_58_columns() -> None:
    table, report = _read(GDELT1)
    assert report.rows_read == 710 and report.rows_ok == 710  # 509 (58 cols) + 201 (57 cols)
    assert set(table["source_dataset"].to_pylist()) == {"gdelt1"}
    urls = table["source_url"].to_pylist()
    assert sum(u is not None for u in urls) == 509  # only the 58-column rows have SOURCEURL
    rows = {r["event_id"]: r for r in table.to_pylist()}
    # first line of the file (58 columns), read by hand
    first = rows["564111644"]
    assert first["date"].isoformat() == "2006-07-31"
    assert (first["source_actor"], first["source_ccode"], first["target_ccode"]) == ("USA", 2, None)
    assert (first["cameo_code"], first["root_code"], first["quad_class"]) == ("010", 1, 1)
    assert (first["goldstein"], first["num_mentions"], first["num_articles"]) == (0.0, 2, 2)
    # line 600 (57-column 1982 back-file): USA -> El Salvador (COW 92), code 190, Goldstein -10
    old = rows["1553729"]
    assert old["date"].isoformat() == "1982-01-02"
    assert (old["source_ccode"], old["target_ccode"], old["cameo_code"]) == (2, 92, "190")
    assert (old["quad_class"], old["goldstein"], old["num_mentions"], old["num_articles"]) == (
        4,
        -10.0,
        4,
        4,
    )
    assert old["source_url"] is None


def test_gdelt2_export() -> None:
    table, report = _read(GDELT2)
    assert report.rows_read == report.rows_ok == 2111
    assert table.schema.equals(EVENT_SCHEMA)
    assert set(table["source_dataset"].to_pylist()) == {"gdelt2"}
    # CAMEO regions are not states: counted, kept with a null ccode
    with open(GDELT2, encoding="utf-8") as fh:
        rows = list(csv.reader(fh, delimiter="\t", quoting=csv.QUOTE_NONE))
    eur = sum((r[7] == "EUR") + (r[17] == "EUR") for r in rows)
    assert report.unknown_countries["EUR"] == eur > 0
    ru = sum(1 for r in rows if r[7] == "RUS")
    assert sum(1 for v in table["source_ccode"].to_pylist() if v == 365) == ru


def test_icews_sample() -> None:
    table, report = _read(ICEWS)
    assert report.rows_read == report.rows_ok == 3705
    with open(ICEWS, encoding="utf-8", newline="") as fh:
        rows = list(csv.DictReader(fh, delimiter="\t"))
    assert len(rows) == 3705
    # ICEWS names countries in words; "Russian Federation" is COW 365
    ru = sum(1 for r in rows if r["Source Country"] == "Russian Federation")
    assert sum(1 for v in table["source_ccode"].to_pylist() if v == 365) == ru > 0
    opt = sum(
        (r["Source Country"] == "Occupied Palestinian Territory")
        + (r["Target Country"] == "Occupied Palestinian Territory")
        for r in rows
    )
    assert report.unknown_countries["Occupied Palestinian Territory"] == opt
    first = table.slice(0, 1).to_pylist()[0]  # 32889836: Bangladesh consults Vietnam, code 040
    assert (first["event_id"], first["cameo_code"], first["quad_class"], first["goldstein"]) == (
        "32889836", "040", 1, 1.0,
    )  # fmt: skip
    assert (first["source_ccode"], first["target_ccode"]) == (771, 816)
    assert first["num_mentions"] is None and first["source_url"] is None


def _lines(path: Path, n: int) -> list[str]:
    with open(path, encoding="utf-8") as fh:
        return [next(fh).rstrip("\n") for _ in range(n)]


def test_malformed_rows_are_counted_by_reason(tmp_path: Path) -> None:
    good = _lines(GDELT2, 10)

    def edit(line: str, col: int, value: str) -> str:
        cols = line.split("\t")
        cols[col] = value
        return "\t".join(cols)

    bad = [
        "\t".join(good[0].split("\t")[:60]),  # 60 columns
        "\t".join(good[0].split("\t")[:58]),  # a GDELT 1.0 line inside a 2.0 file
        edit(good[1], 1, "20191399"),  # no 13th month
        edit(good[2], 26, "999"),  # no CAMEO code 999
        edit(good[3], 31, "many"),  # NumMentions
        edit(good[4], 30, "-42"),  # Goldstein outside -10..10
        edit(good[5], 0, ""),  # no event id
    ]
    path = tmp_path / "mixed.export.CSV"
    path.write_text("\n".join(good[6:] + bad) + "\n", encoding="utf-8")
    _, report = _read(path)
    assert report.rows_read == 11 and report.rows_ok == 4
    assert report.rejected == {
        "wrong column count (60, expected 61)": 1,
        "wrong column count (58, expected 61)": 1,
        "bad date": 1,
        "unknown CAMEO code": 1,
        "bad NumMentions": 1,
        "bad GoldsteinScale": 1,
        "missing event id": 1,
    }
    assert len(report.samples) == 5  # a few examples for the user, not all


def test_invalid_utf8_is_replaced_not_dropped(tmp_path: Path) -> None:
    raw = GDELT2.read_bytes().split(b"\n")[:3]
    raw[1] = raw[1].replace(b"https://", b"https://\xff\xfe")
    path = tmp_path / "latin.export.CSV"
    path.write_bytes(b"\n".join(raw) + b"\n")
    table, report = _read(path)
    assert report.rows_ok == 3 and report.notes["invalid UTF-8 replaced"] == 1
    assert "\ufffd" in table["source_url"][1].as_py()


def test_small_chunks_give_the_same_rows() -> None:
    whole, _ = _read(GDELT1)
    pieces, report = _read(GDELT1, chunk_size=4096)
    assert report.rows_ok == 710
    assert sorted(pieces["event_id"].to_pylist()) == sorted(whole["event_id"].to_pylist())


def test_wrong_kind_or_unknown_format(tmp_path: Path) -> None:
    with pytest.raises(FormatError, match="gdelt1"):
        list(read_events(GDELT1, kind="gdelt2", states=states))
    with pytest.raises(InputError):
        list(read_events(GDELT1, kind="phoenix", states=states))
    text = tmp_path / "notes.txt"
    text.write_text("just some text\nnot events\n")
    with pytest.raises(FormatError, match="--as"):
        detect_kind(text)
