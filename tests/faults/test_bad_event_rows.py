"""Bad event rows are refused and counted, and a bad stored row never breaks a reader.

Before (issue 21, item 1): ``events import`` stored 20190229 as 2019-03-01, a GoldsteinScale
``nan`` as NaN, NumMentions -5, and dates in 2099 or 1700, without a word; after one NaN row
every ``events dyad`` failed with an internal error. Now each such row is rejected with its
reason (docs/events.md, "Bad input"), and the reader treats a non-finite Goldstein score or a
negative count it finds in a stored file (an older version's, or edited by hand) as missing.
"""

from __future__ import annotations

import json
from pathlib import Path

import pyarrow as pa
import pyarrow.compute as pc
import pyarrow.parquet as pq

from .conftest import cli

# Column positions in a GDELT 1.0 row (GDELT Event Codebook V2.0): 0 GLOBALEVENTID,
# 1 SQLDATE, 7 Actor1CountryCode, 17 Actor2CountryCode, 26 EventCode, 30 GoldsteinScale,
# 31 NumMentions.
_ID, _DATE, _A1, _A2, _CODE, _GOLD, _MENTIONS = 0, 1, 7, 17, 26, 30, 31

#: (id, SQLDATE, GoldsteinScale, NumMentions, the reason it must be refused or None)
_ROWS = [
    (1, "20190228", "1.0", "2", None),
    (2, "20190229", "1.0", "2", "bad date"),  # 2019 is no leap year
    (3, "20190301", "nan", "2", "bad GoldsteinScale"),
    (4, "20190301", "1.0", "-5", "bad NumMentions"),
    (5, "20990101", "1.0", "2", "implausible date"),
    (6, "17000101", "1.0", "2", "implausible date"),  # before the COW system (1816)
    (7, "20190301", "inf", "2", "bad GoldsteinScale"),
    (8, "20190301", "1.0", "99999999999", "bad NumMentions"),  # beyond int32
    (9, "20190302", "1.0", "2", None),
]


def _bad_file(shared_data: Path, folder: Path) -> Path:
    """Rows built on a real 58-column line of the mirror's GDELT file: China -> Russia, 040."""
    lines = (shared_data / "gdelt" / "events.csv").read_text().splitlines()
    base = next(line for line in lines if line.count("\t") == 57).split("\t")
    out = []
    for i, date, gold, mentions, _ in _ROWS:
        r = list(base)
        r[_ID], r[_DATE], r[_A1], r[_A2] = str(900_000_000 + i), date, "CHN", "RUS"
        r[_CODE], r[_GOLD], r[_MENTIONS] = "040", gold, mentions
        out.append("\t".join(r))
    path = folder / "bad.csv"
    path.write_text("\n".join(out) + "\n")
    return path


def test_bad_event_rows_are_refused_and_counted(shared_data: Path, tmp_path: Path, fault) -> None:
    path = _bad_file(shared_data, tmp_path)
    home = tmp_path / "home"
    r = cli("events", "import", str(path), "--format", "json", home=home)
    assert r.returncode == 0, r.stderr
    (report,) = json.loads(r.stdout)
    expected: dict[str, int] = {}
    for *_, reason in _ROWS:
        if reason:
            expected[reason] = expected.get(reason, 0) + 1
    got: dict[str, int] = {}
    for reason, n in report["reasons"].items():
        key = next((k for k in expected if reason.startswith(k)), reason)
        got[key] = got.get(key, 0) + n
    held = report["rows_read"] == 9 and report["imported"] == 2 and got == expected
    fault("bad event rows", held)
    assert held, report
    # what is stored is only the two good rows, on the days written (no 2019-03-01 from 0229)
    r = cli("events", "dyad", "China", "Russia", "--format", "json", home=home)
    assert r.returncode == 0, r.stderr
    months = {(row["month"], row["n_events"]) for row in json.loads(r.stdout)}
    assert months == {("2019-02", 1), ("2019-03", 1)}, months


def test_a_bad_stored_row_does_not_break_a_reader(shared_data: Path, tmp_path: Path, fault) -> None:
    """A stored Parquet file edited to hold NaN Goldstein and a negative count still reads."""
    path = _bad_file(shared_data, tmp_path)
    home = tmp_path / "home"
    assert cli("events", "import", str(path), home=home).returncode == 0
    (part,) = [p for p in (home / "events").rglob("*.parquet") if ".tmp" not in str(p)][:1]
    t = pq.read_table(part)
    n = t.num_rows
    t = t.set_column(
        t.schema.get_field_index("goldstein"), "goldstein", pa.array([float("nan")] * n)
    )
    t = t.set_column(
        t.schema.get_field_index("num_mentions"),
        "num_mentions",
        pc.cast(pa.array([-5] * n), pa.int32()),
    )
    pq.write_table(t, part)
    r = cli("events", "dyad", "China", "Russia", "--format", "json", home=home)
    r2 = cli("events", "dyad", "China", "Russia", "--mentions", home=home)
    held = r.returncode == 0 and r2.returncode == 0 and "internal error" not in r.stderr + r2.stderr
    fault("bad stored event row", held)
    assert held, r.stderr + r2.stderr
    rows = json.loads(r.stdout)
    assert sum(row["n_events"] for row in rows) == 2  # the rows count; their score is missing


def test_import_tells_which_file_it_reads(shared_data: Path, tmp_path: Path, fresh_home) -> None:
    """The CLI's status line follows ``on_file``: every file, in order, before it is read."""
    from multipolar.store.events import import_events

    bad = _bad_file(shared_data, tmp_path)
    icews = shared_data / "icews" / "events.2018.sample.tab"
    told: list[tuple[str, int, int]] = []
    reports = import_events([bad, icews], on_file=lambda *a: told.append(a))
    assert told == [("bad.csv", 1, 2), ("events.2018.sample.tab", 2, 2)]
    assert [r.imported for r in reports] == [2, 3705]  # 3,705 rows in the ICEWS sample
