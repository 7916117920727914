"""Speed a user feels: whole-process timings of the commands, against the baselines in one run.

Run: ``MULTIPOLAR_MIRROR=../shared/data python benchmarks/startup.py`` (uses ``MULTIPOLAR_HOME``;
with ``--fresh`` a temporary one, built first).

Every figure is the wall time of a whole ``multipolar …`` process (Python start-up, imports,
work, output), the median of ``--repeat`` runs:

* ``multipolar --help`` and ``multipolar states resolve China Russia`` (goal < 0.3 s, and no
  pandas/Ibis imported: ``tests/cli/test_startup.py``);
* ``multipolar why China Russia`` on a built store: the first answer for the question (the
  store holds the ideal-point fit and the forecast backtest, not this answer), then the kept
  answer (goal < 2 s);
* ``multipolar agreement --rollcalls all -o FILE`` for every dyad-year, against the baseline a
  user would write in its own process -- every vote of the panel read from the store, merged
  with itself on ``rcid``, grouped by dyad and year, written to Parquet -- with equal
  ``n_votes``/``agree`` asserted (goal >= 30x);
* ``multipolar events import`` of 1 M synthetic GDELT 2.0 rows (``benchmarks/events.py``'s
  generator) into an empty store, against ``pandas.read_csv`` + ``to_parquet`` of the same
  file in its own process (goal >= 0.5 M rows/s);

and prints ``python -X importtime`` of ``import multipolar.cli`` (top entries).
"""

from __future__ import annotations

import argparse
import os
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

HERE = Path(__file__).resolve().parent
EXE = [sys.executable, "-m", "multipolar"]

BASELINE_AGREEMENT = r"""
import sys, duckdb, pandas as pd
con = duckdb.connect(sys.argv[1], read_only=True)
v = con.execute("SELECT rcid, year, ccode, vote FROM unga_votes").df()
split = v.groupby("rcid")["vote"].nunique()
v = v[v["rcid"].isin(split[split > 1].index)]
m = v.merge(v, on=["rcid", "year"], suffixes=("1", "2"))
m = m[m["ccode1"] < m["ccode2"]]
m["same"] = m["vote1"] == m["vote2"]
out = m.groupby(["ccode1", "ccode2", "year"]).agg(n_votes=("same", "size"), agree=("same", "mean"))
out.reset_index().to_parquet(sys.argv[2], index=False)
"""

BASELINE_EVENTS = r"""
import sys, pandas as pd
df = pd.read_csv(sys.argv[1], sep="\t", header=None, dtype=str)
df.to_parquet(sys.argv[2], index=False)
print(len(df))
"""


def _run(cmd: list[str], env: dict[str, str], cwd: Path | None = None) -> float:
    t0 = time.perf_counter()
    r = subprocess.run(cmd, env=env, cwd=cwd, capture_output=True, text=True)
    seconds = time.perf_counter() - t0
    if r.returncode != 0:
        raise SystemExit(f"{' '.join(cmd)} failed: {r.stderr.strip()[-500:]}")
    return seconds


def _median(cmd: list[str], env: dict[str, str], repeat: int, cwd: Path | None = None) -> float:
    return statistics.median(_run(cmd, env, cwd) for _ in range(repeat))


def _line(what: str, seconds: float, detail: str = "") -> None:
    print(f"{what:<58} {seconds:8.2f} s  {detail}")


def _agreement(env: dict[str, str], store: Path, work: Path, repeat: int) -> None:
    """``agreement --rollcalls all -o FILE`` (median of ``repeat``) against the pandas
    self-merge in its own process, the same run; equal ``n_votes``/``agree`` asserted."""
    out = work / "ours.parquet"
    ag = [*EXE, "agreement", "--rollcalls", "all", "-o", str(out)]
    _run(ag, env)  # the all-dyad table is cached in the store
    ours = _median(ag, env, repeat)
    base_out = work / "base.parquet"
    base = _run([sys.executable, "-c", BASELINE_AGREEMENT, str(store), str(base_out)], env)
    import pandas as pd

    a = pd.read_parquet(out)
    b = pd.read_parquet(base_out)
    key = ["ccode1", "ccode2", "year"]
    m = a.merge(b, on=key, suffixes=("", "_b"), how="outer", indicator=True)
    assert (m["_merge"] == "both").all(), m["_merge"].value_counts()
    assert (m["n_votes"] == m["n_votes_b"]).all() and (m["agree"] == m["agree_b"]).all()
    _line("multipolar agreement --rollcalls all -o FILE", ours, f"{len(a):,} dyad-years")
    _line("  baseline: pandas self-merge in its own process", base, f"ratio {base / ours:.0f}x")


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--repeat", type=int, default=5)
    ap.add_argument("--fresh", action="store_true", help="build a temporary store first")
    ap.add_argument("--event-rows", type=int, default=1_000_000)
    ap.add_argument(
        "--only", choices=["agreement"], help="time this row alone (with its baseline, same run)"
    )
    args = ap.parse_args()
    env = dict(os.environ)
    work = Path(tempfile.mkdtemp(prefix="mp-startup-"))
    try:
        if args.fresh:
            env["MULTIPOLAR_HOME"] = str(work / "home")
            _run([*EXE, "data", "pull"], env)
        home = Path(env.get("MULTIPOLAR_HOME") or "")
        store = home / "multipolar.duckdb"
        print(f"cpus {os.cpu_count()}, load average {os.getloadavg()[0]:.1f}, store {store}")

        if args.only == "agreement":
            _agreement(env, store, work, args.repeat)
            return
        _line("multipolar --help", _median([*EXE, "--help"], env, args.repeat), "goal < 0.3 s")
        _run([*EXE, "states", "resolve", "China"], env)  # the registry cache
        t = _median([*EXE, "states", "resolve", "China", "Russia"], env, args.repeat)
        _line("multipolar states resolve China Russia", t, "goal < 0.3 s")

        _run([*EXE, "why", "China", "Russia", "--no-html"], env, work)  # fits and backtest kept

        def cold() -> float:
            # kept answers are files under MULTIPOLAR_HOME/cache/answers: forget them
            shutil.rmtree(home / "cache" / "answers", ignore_errors=True)
            return _run([*EXE, "why", "China", "Russia"], env, work)

        first = statistics.median(cold() for _ in range(min(args.repeat, 3)))
        _line("multipolar why China Russia, first answer (built store)", first, "incl. the HTML")
        kept = _median([*EXE, "why", "China", "Russia"], env, args.repeat, work)
        _line("multipolar why China Russia, kept answer", kept, "goal < 2 s")

        _agreement(env, store, work, args.repeat)

        sys.path.insert(0, str(HERE))
        from events import generate  # type: ignore[import-not-found]

        gen = work / "gen"
        gen.mkdir()
        files = generate(gen, args.event_rows, per_file=args.event_rows, seed=20191024)
        path = Path(files[0])
        ev_env = {**env, "MULTIPOLAR_HOME": str(work / "events-home")}
        _run([*EXE, "states", "resolve", "China"], ev_env)  # the registry, as a user's store has
        t = _run([*EXE, "events", "import", str(path)], ev_env)
        _line(
            f"multipolar events import, {args.event_rows:,} GDELT 2.0 rows",
            t,
            f"{args.event_rows / t / 1e6:.2f} M rows/s (goal >= 0.5)",
        )
        t = _run([sys.executable, "-c", BASELINE_EVENTS, str(path), str(work / "ev.parquet")], env)
        _line(
            "  baseline: pandas read_csv + to_parquet",
            t,
            f"{args.event_rows / t / 1e6:.2f} M rows/s",
        )

        r = subprocess.run(
            [sys.executable, "-X", "importtime", "-c", "import multipolar.cli"],
            env=env,
            capture_output=True,
            text=True,
        )
        rows = [x.split("|") for x in r.stderr.splitlines() if x.startswith("import time:")]
        top = sorted(rows[1:], key=lambda x: -int(x[1]))[:5]
        print("python -X importtime -c 'import multipolar.cli' (cumulative µs):")
        for x in top:
            print(f"  {int(x[1]):>9,}  {x[2].strip()}")
    finally:
        shutil.rmtree(work, ignore_errors=True)


if __name__ == "__main__":
    main()
