"""The whole General Debate corpus (10,952 speeches, 199 MB) through `multipolar read --corpus ungdc`.

Run: ``MULTIPOLAR_MIRROR=../shared/data python benchmarks/read_corpus.py [--workers N]``.

Times the whole process (``multipolar read --corpus ungdc --json``) from an empty
``MULTIPOLAR_HOME``: start-up, the state registry, copying and checking the 10,952 pinned files,
building the lexicon, coding every speech (with a progress bar on a terminal), storing the three
tables. The goal: under 4 minutes on 2 cores (the load average before and after is printed:
the machine is shared), and at least 10× PETRARCH-2's throughput (about 250 sentences a second on pre-parsed
input, Norris, Schrodt & Beieler 2017; PETRARCH-2 cannot be installed here, so its figure is
the reference). The same-run baseline is the same coder in one process (``MULTIPOLAR_WORKERS=1``,
what a user running it in a loop would get): its speaker-year × state table must be equal.
"""

from __future__ import annotations

import argparse
import json
import os
import subprocess
import sys
import tempfile
import time
from pathlib import Path

PETRARCH2_SENTENCES_PER_S = 250.0


def run(workers: int | None) -> tuple[float, list[dict], int, float]:
    home = tempfile.mkdtemp(prefix="mp-bench-read-")
    env = dict(os.environ, MULTIPOLAR_HOME=home)
    if workers:
        env["MULTIPOLAR_WORKERS"] = str(workers)
    out = Path(home) / "m.json"
    exe = Path(sys.executable).with_name("multipolar")
    t0 = time.perf_counter()
    before = os.times()
    subprocess.run(
        [str(exe), "read", "--corpus", "ungdc", "--json", str(out)],
        env=env,
        check=True,
        stdout=subprocess.DEVNULL,
    )
    wall = time.perf_counter() - t0
    after = os.times()
    cpu = (after.children_user - before.children_user) + (
        after.children_system - before.children_system
    )
    rows = json.loads(out.read_text())
    import duckdb

    con = duckdb.connect(str(Path(home) / "multipolar.duckdb"), read_only=True)
    sentences = con.execute("SELECT sum(sentences) FROM ungdc_speeches").fetchone()[0]
    con.close()
    return wall, rows, int(sentences), cpu


def main() -> None:
    ap = argparse.ArgumentParser()
    ap.add_argument("--workers", type=int, default=None, help="processes (default: all cores)")
    ap.add_argument("--no-baseline", action="store_true", help="skip the one-process run")
    args = ap.parse_args()
    load0 = os.getloadavg()[0]
    wall, rows, n, cpu = run(args.workers)
    load1 = os.getloadavg()[0]
    rate = n / wall
    print(
        f"ours: {wall:.1f} s whole process ({cpu:.1f} s CPU in all processes), {n:,} sentences, "
        f"{rate:,.0f} sentences/s = {rate / PETRARCH2_SENTENCES_PER_S:.0f}× PETRARCH-2's "
        f"{PETRARCH2_SENTENCES_PER_S:.0f}/s; {len(rows):,} speaker-year × state rows; "
        f"goal < 240 s: {'met' if wall < 240 else 'NOT met'} (load average {load0:.1f} before, "
        f"{load1:.1f} after)"
    )
    if args.no_baseline:
        return
    wall1, rows1, n1, cpu1 = run(1)
    key = lambda r: (r["speaker"], r["year"], r["mentioned"])  # noqa: E731
    assert n1 == n and sorted(rows1, key=key) == sorted(rows, key=key), "results differ"
    print(f"one process: {wall1:.1f} s ({cpu1:.1f} s CPU); equal tables; ratio {wall1 / wall:.2f}")


if __name__ == "__main__":
    main()
