"""``agreement -o FILE`` of a kept result goes from the store to the file inside DuckDB
(issue 21, item 16): none of pandas, Ibis, pyarrow or numpy imported, and the file is the same,
byte for byte, as the one the computing run wrote through pandas.

Before: every export read the kept table into pandas (1.1 s of imports, 0.7 s of copying).
"""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

from .conftest import cli

HEAVY = ("pandas", "ibis", "pyarrow", "numpy")  # pyarrow and numpy: imported before 2026-12-07


def _imported(args: list[str], home: Path) -> tuple[subprocess.CompletedProcess[str], set[str]]:
    import os

    r = subprocess.run(
        [sys.executable, "-X", "importtime", "-m", "multipolar", *args],
        env={**os.environ, "MULTIPOLAR_HOME": str(home)},
        capture_output=True,
        text=True,
        timeout=300,
    )
    names = {line.rsplit("|", 1)[-1].strip() for line in r.stderr.splitlines() if "|" in line}
    return r, names


def test_kept_agreement_export_without_pandas(home_with_store: Path, tmp_path: Path, fault) -> None:
    args = ["agreement", "--rollcalls", "all", "--states", "China,Russia,India", "--from", "1990"]
    first = tmp_path / "computed.csv"
    r = cli(*args, "-o", str(first), home=home_with_store)  # computes and keeps the table
    assert r.returncode == 0, r.stderr
    for ext in ("csv", "json", "parquet"):
        again = tmp_path / f"kept.{ext}"
        r, names = _imported([*args, "-o", str(again)], home_with_store)
        assert r.returncode == 0, r.stderr
        heavy = sorted(n for n in names if n in HEAVY)
        held = not heavy and again.stat().st_size > 0
        fault("kept export without pandas", held)
        assert held, heavy
    assert (tmp_path / "kept.csv").read_bytes() == first.read_bytes()
    import json

    import pandas as pd

    rows = json.loads((tmp_path / "kept.json").read_text("utf-8"))
    expected = pd.read_csv(first)
    assert len(rows) == len(expected) and rows[0]["year"] == int(expected["year"].iloc[0])
    parquet = pd.read_parquet(tmp_path / "kept.parquet")
    pd.testing.assert_frame_equal(parquet, expected, check_dtype=False)


def test_whole_kept_table_export_is_the_kept_file(
    home_with_store: Path, tmp_path: Path, fault
) -> None:
    """Every dyad-year to Parquet (the benchmark's command): the kept file is sorted and holds
    nulls for missing values since agreement-3, so the export copies it -- and reads back as
    the table the computing run wrote through pandas, row for row and value for value."""
    import pandas as pd

    args = ["agreement", "--rollcalls", "all"]
    first = tmp_path / "computed.parquet"
    r = cli(*args, "-o", str(first), home=home_with_store)
    assert r.returncode == 0, r.stderr
    again = tmp_path / "kept.parquet"
    r, names = _imported([*args, "-o", str(again)], home_with_store)
    assert r.returncode == 0, r.stderr
    heavy = sorted(n for n in names if n in HEAVY)
    computed, kept = pd.read_parquet(first), pd.read_parquet(again)
    held = not heavy and len(kept) == len(computed) > 900_000
    fault("kept export without pandas", held)
    assert held, (heavy, len(kept), len(computed))
    assert f"wrote {len(computed):,} rows" in r.stderr
    pd.testing.assert_frame_equal(kept, computed)
    assert kept["kappa"].isna().sum() > 0  # missing kappa (unanimous years) stays missing
