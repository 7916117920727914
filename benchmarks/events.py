"""Benchmark: GDELT-2.0-format events, CSV -> Parquet import and dyad-month aggregation.

Generates a synthetic GDELT 2.0 file set (default 20 million rows in files of 1 million;
``--rows N`` for fewer), seeded, with realistic fields: every row is assembled from blocks of
real rows of ``shared/data/gdelt/20191024143000.export.CSV`` (actor blocks, geography blocks,
mention counts, URLs, so the bytes per row match real files), CAMEO event codes drawn from the
real file's code frequencies (smoothed over all 311 codes), event dates mostly on the file's
day with a long tail back over the previous year.

Then, each phase in its own process (so its peak memory is its own):

1. ``import``   — ``multipolar.store.events.import_events`` (CSV -> partitioned Parquet);
2. ``duckdb``   — ``dyad_month`` on the imported events, DuckDB (best of 3 runs);
3. ``pandas``   — the baseline a user would write: ``pd.read_csv`` in chunks, map the actor
   countries to COW codes, ``groupby`` and sum, over the CSV files;
4. ``spark``    — ``dyad_month`` on local PySpark (``local[*]``) over the same Parquet.

It prints time, rows/s and peak memory (max RSS) of each, the ratios, and asserts the three
results are equal (counts exactly, Goldstein sums to 1e-9).

    python benchmarks/events.py                 # 20 M rows (about 8 GB of CSV)
    python benchmarks/events.py --rows 2000000  # smaller
    python benchmarks/events.py --skip-spark
"""

from __future__ import annotations

import argparse
import multiprocessing as mp
import os
import resource
import shutil
import sys
import tempfile
import time
from pathlib import Path
from typing import Any

import numpy as np
import pandas as pd
import pyarrow as pa
import pyarrow.compute as pc
import pyarrow.csv as pcsv
import pyarrow.parquet as pq

ROOT = Path(__file__).resolve().parents[1]
DATA = Path(os.environ.get("MULTIPOLAR_MIRROR") or ROOT.parent / "shared" / "data")
SAMPLE = DATA / "gdelt" / "20191024143000.export.CSV"
KEYS = ["ccode1", "ccode2", "year", "month"]
QUAD_COLS = ["verbal_coop", "material_coop", "verbal_conflict", "material_conflict"]


# --- synthetic data ---------------------------------------------------------------------------
def _real() -> pa.Table:
    return pcsv.read_csv(
        SAMPLE,
        read_options=pcsv.ReadOptions(column_names=[f"c{i}" for i in range(61)]),
        parse_options=pcsv.ParseOptions(delimiter="\t", quote_char=False),
        convert_options=pcsv.ConvertOptions(
            column_types={f"c{i}": pa.string() for i in range(61)},
            strings_can_be_null=False,
        ),
    )


def quad_of_root(root: int) -> int:
    from multipolar.sources.events.schema import quad_of_root as quad

    return quad(root)


def _code_table() -> tuple[list[str], np.ndarray, dict[str, float]]:
    from multipolar.sources.events import cameo_table

    cameo = cameo_table()
    codes = sorted(c for c in cameo.codes if len(c) >= 3 and c != "1213")
    real = pd.Series(_real()["c26"].to_pylist()).value_counts()
    weights = np.array([real.get(c, 0) + 0.05 for c in codes], dtype=float)
    return codes, weights / weights.sum(), {c: cameo.codes[c].goldstein for c in codes}


def _blocks(real: pa.Table, spans: list[tuple[int, int]]) -> list[pa.Array]:
    """Each span of real columns pre-joined with tabs: one string per real row."""
    out = []
    for lo, hi in spans:
        cols = [real[f"c{i}"] for i in range(lo, hi + 1)]
        out.append(pc.binary_join_element_wise(*cols, "\t").combine_chunks() if len(cols) > 1
                   else cols[0].combine_chunks())  # fmt: skip
    return out


def generate(
    folder: Path, rows: int, *, per_file: int = 1_000_000, seed: int = 20191024
) -> list[Path]:
    """Write ``rows`` synthetic GDELT 2.0 rows as ``YYYYMMDDHHMMSS.export.CSV`` files."""
    rng = np.random.default_rng(seed)
    real = _real()
    n_real = real.num_rows
    codes, probs, gold = _code_table()
    # per code: "EventCode<TAB>EventBaseCode<TAB>EventRootCode<TAB>QuadClass<TAB>Goldstein"
    event_text = pa.array(
        [f"{c}\t{c[:3]}\t{c[:2]}\t{quad_of_root(int(c[:2]))}\t{gold[c]:.1f}" for c in codes]
    )
    actor1, actor2, mentions, geo, url = _blocks(
        real, [(5, 14), (15, 24), (31, 34), (35, 58), (60, 60)]
    )
    is_root = real["c25"].combine_chunks()
    folder.mkdir(parents=True, exist_ok=True)
    files: list[Path] = []
    start = np.datetime64("2019-01-01")
    n_files = max(1, -(-rows // per_file))
    days = np.arange(np.datetime64("2018-01-01"), np.datetime64("2020-01-01"))
    stamps = pd.DatetimeIndex(days.astype("datetime64[ns]"))
    # "SQLDATE<TAB>MonthYear<TAB>Year<TAB>FractionDate" for every possible day
    date_text = pa.array(
        [
            f"{d:%Y%m%d}\t{d:%Y%m}\t{d.year}\t{d.year + (d.day_of_year - 1) / 365:.4f}"
            for d in stamps
        ]
    )  # fmt: skip
    next_id = 900_000_000
    for f in range(n_files):
        n = min(per_file, rows - f * per_file)
        day = start + np.timedelta64(int(f * 365 / n_files), "D")
        lag = np.where(rng.random(n) < 0.7, 0, rng.geometric(0.02, n)).clip(0, 365)
        date_idx = (day - days[0]).astype(int) - lag
        stamp = str(day).replace("-", "") + "000000"
        pieces = [
            pc.cast(pa.array(np.arange(next_id, next_id + n)), pa.string()),
            date_text.take(pa.array(date_idx)),
            actor1.take(pa.array(rng.integers(0, n_real, n))),
            actor2.take(pa.array(rng.integers(0, n_real, n))),
            is_root.take(pa.array(rng.integers(0, n_real, n))),
            event_text.take(pa.array(rng.choice(len(codes), size=n, p=probs))),
            mentions.take(pa.array(rng.integers(0, n_real, n))),
            geo.take(pa.array(rng.integers(0, n_real, n))),
            pa.repeat(pa.scalar(stamp), n),
            url.take(pa.array(rng.integers(0, n_real, n))),
        ]
        next_id += n
        line = pc.binary_join_element_wise(*pieces, "\t")
        line = pc.binary_join_element_wise(line, pa.scalar(""), "\n")  # each line ends in \n
        path = folder / f"{stamp[:8]}{f % 96:02d}0000.export.CSV"
        off = np.frombuffer(line.buffers()[1], dtype=np.int32)
        lo, hi = int(off[line.offset]), int(off[line.offset + len(line)])
        with open(path, "wb") as fh:  # the string data buffer is the file's bytes
            fh.write(memoryview(line.buffers()[2])[lo:hi])
        files.append(path)
    return files


# --- phases (each in a child process) ---------------------------------------------------------
def _peak_mb() -> float:
    """This process's peak resident memory (VmHWM; ru_maxrss would include the parent's)."""
    with open("/proc/self/status") as fh:
        for line in fh:
            if line.startswith("VmHWM:"):
                return int(line.split()[1]) / 1024
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024


def _phase_import(home: str, files: list[str]) -> dict[str, Any]:
    os.environ["MULTIPOLAR_HOME"] = home
    from multipolar.store import connect
    from multipolar.store.events import import_events

    with connect() as st:
        st.raw.execute("SELECT 1").fetchall()
        from multipolar.sources.events import cameo_table

        cameo_table()  # lookups fetched before timing
        from multipolar import states

        states.registry()
        t = time.perf_counter()
        reports = import_events(files, store=st)
        seconds = time.perf_counter() - t
    rows = sum(r.imported for r in reports)
    rejected = sum(r.rejected for r in reports)
    return {"seconds": seconds, "rows": rows, "rejected": rejected, "peak_mb": _peak_mb()}


def _phase_aggregate(home: str, backend: str, out: str, repeat: int) -> dict[str, Any]:
    os.environ["MULTIPOLAR_HOME"] = home
    from multipolar.measures.events import dyad_month
    from multipolar.store import connect
    from multipolar.store.events import events_table

    st = connect()
    t0 = time.perf_counter()
    events = events_table(backend, store=st)
    setup = time.perf_counter() - t0
    times = []
    result = None
    for _ in range(repeat):
        t = time.perf_counter()
        result = dyad_month(events).to_pyarrow()
        times.append(time.perf_counter() - t)
    assert result is not None
    pq.write_table(result, out)
    return {"seconds": min(times), "first": times[0], "setup": setup, "groups": len(result),
            "peak_mb": _peak_mb()}  # fmt: skip


def _phase_pandas(home: str, files: list[str], out: str) -> dict[str, Any]:
    """The baseline: pandas read_csv (chunked) + groupby, as a user would write it."""
    os.environ["MULTIPOLAR_HOME"] = home
    from multipolar import states
    from multipolar.sources.events.gdelt import cameo_countries

    iso3_lookup = cameo_countries(states)

    t = time.perf_counter()
    parts = []
    lookup: dict[tuple[str, int], float] = {}
    for path in files:
        for chunk in pd.read_csv(
            path, sep="\t", header=None, usecols=[1, 7, 17, 29, 30], quoting=3,
            dtype={1: "int64", 7: "str", 17: "str", 29: "int64", 30: "float64"},
            chunksize=2_000_000,
        ):  # fmt: skip
            chunk.columns = ["sqldate", "c1", "c2", "quad", "goldstein"]
            chunk = chunk.dropna(subset=["c1", "c2"])
            year = chunk.sqldate // 10000
            for col in ("c1", "c2"):
                pairs = set(zip(chunk[col], year, strict=True))
                for key in pairs - lookup.keys():
                    code = iso3_lookup(key[0], int(key[1]))
                    lookup[key] = np.nan if code is None else code
                chunk[col] = [lookup[k] for k in zip(chunk[col], year, strict=True)]
            chunk = chunk.dropna(subset=["c1", "c2"])
            chunk = chunk[chunk.c1 != chunk.c2]
            frame = pd.DataFrame(
                {
                    "ccode1": chunk.c1.astype("int64"),
                    "ccode2": chunk.c2.astype("int64"),
                    "year": chunk.sqldate // 10000,
                    "month": chunk.sqldate // 100 % 100,
                    "n_events": 1,
                    "goldstein_sum": chunk.goldstein,
                    **{
                        name: (chunk.quad == k).astype("int64")
                        for k, name in enumerate(QUAD_COLS, 1)
                    },
                }
            )
            parts.append(frame.groupby(KEYS, as_index=False).sum())
    result = pd.concat(parts).groupby(KEYS, as_index=False).sum()
    result["goldstein_mean"] = result.goldstein_sum / result.n_events
    result["share_coop"] = (result.verbal_coop + result.material_coop) / result.n_events
    seconds = time.perf_counter() - t
    result.to_parquet(out)
    return {"seconds": seconds, "groups": len(result), "peak_mb": _peak_mb()}


def _in_child(fn: Any, *args: Any) -> dict[str, Any]:
    ctx = mp.get_context("spawn")
    with ctx.Pool(1) as pool:
        return pool.apply(fn, args)


def _compare(a: pd.DataFrame, b: pd.DataFrame, what: str) -> None:
    cols = [*KEYS, "n_events", *QUAD_COLS]
    a = a.sort_values(KEYS).reset_index(drop=True)
    b = b.sort_values(KEYS).reset_index(drop=True)
    assert len(a) == len(b), f"{what}: {len(a)} vs {len(b)} dyad-months"
    for c in cols:
        assert (a[c].astype("int64").to_numpy() == b[c].astype("int64").to_numpy()).all(), (
            f"{what}: {c}"
        )
    for c in ("goldstein_sum", "goldstein_mean", "share_coop"):
        assert np.allclose(a[c].to_numpy(float), b[c].to_numpy(float), rtol=1e-9, atol=1e-6), (
            f"{what}: {c}"
        )


def _line(what: str, seconds: float, detail: str, peak_mb: float | None = None) -> None:
    peak = f"  peak {peak_mb:,.0f} MB" if peak_mb is not None else ""
    print(f"{what:<26}{seconds:8.2f} s  {detail}{peak}")


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--rows", type=int, default=20_000_000)
    ap.add_argument("--per-file", type=int, default=1_000_000)
    ap.add_argument("--seed", type=int, default=20191024)
    ap.add_argument("--workdir", type=Path, default=None, help="default: a temporary folder")
    ap.add_argument("--skip-spark", action="store_true")
    ap.add_argument("--skip-pandas", action="store_true")
    ap.add_argument("--keep", action="store_true", help="keep the generated files")
    args = ap.parse_args()
    os.environ.setdefault("MULTIPOLAR_MIRROR", str(DATA))
    work = args.workdir or Path(tempfile.mkdtemp(prefix="multipolar-bench-events-"))
    home = work / "home"
    os.environ["MULTIPOLAR_HOME"] = str(home)
    ram = os.sysconf("SC_PAGE_SIZE") * os.sysconf("SC_PHYS_PAGES") / 2**30
    print(f"machine: {os.cpu_count()} CPUs, {ram:.0f} GiB RAM, Python {sys.version.split()[0]}")
    try:
        t = time.perf_counter()
        files = generate(work / "csv", args.rows, per_file=args.per_file, seed=args.seed)
        gen = time.perf_counter() - t
        size = sum(f.stat().st_size for f in files)
        _line("generated", gen, f"{args.rows:,} rows, {len(files)} files, {size / 2**30:.2f} GiB "
              f"({size / args.rows:.0f} bytes/row)")  # fmt: skip
        names = [str(f) for f in files]
        imp = _in_child(_phase_import, str(home), names)
        assert imp["rows"] == args.rows and imp["rejected"] == 0, imp
        rate = imp["rows"] / imp["seconds"]
        _line("import CSV->Parquet", imp["seconds"], f"{rate / 1e6:.2f} M rows/s, "
              f"{size / imp['seconds'] / 2**20:.0f} MiB/s", imp["peak_mb"])  # fmt: skip
        duck_out = str(work / "duck.parquet")
        duck = _in_child(_phase_aggregate, str(home), "duckdb", duck_out, 3)
        _line("duckdb dyad_month", duck["seconds"], f"best of 3 (first {duck['first']:.2f} s), "
              f"{duck['groups']:,} dyad-months", duck["peak_mb"])  # fmt: skip
        results = {"duckdb": pd.read_parquet(duck_out)}
        if not args.skip_pandas:
            pd_out = str(work / "pandas.parquet")
            base = _in_child(_phase_pandas, str(home), names, pd_out)
            _line("pandas read_csv+groupby", base["seconds"], "chunks of 2 M rows", base["peak_mb"])
            results["pandas"] = pd.read_parquet(pd_out)
            both = imp["seconds"] + duck["seconds"]
            print(f"ratio pandas / duckdb aggregation: {base['seconds'] / duck['seconds']:.1f}x; "
                  f"pandas / (import + aggregation): {base['seconds'] / both:.2f}x")  # fmt: skip
        if not args.skip_spark:
            sp_out = str(work / "spark.parquet")
            spark = _in_child(_phase_aggregate, str(home), "pyspark", sp_out, 2)
            _line("spark dyad_month", spark["seconds"], f"best of 2 (first {spark['first']:.2f} s, "
                  f"session {spark['setup']:.1f} s), driver", spark["peak_mb"])  # fmt: skip
            results["spark"] = pd.read_parquet(sp_out)
            print(f"ratio spark / duckdb: {spark['seconds'] / duck['seconds']:.1f}x")
        for name, df in results.items():
            if name != "duckdb":
                _compare(results["duckdb"], df, f"duckdb vs {name}")
        print(f"results equal: {', '.join(results)}")
    finally:
        if not args.keep and args.workdir is None:
            shutil.rmtree(work, ignore_errors=True)


if __name__ == "__main__":
    main()
