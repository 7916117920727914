"""Speed of ``multipolar why``: the first and the kept answer, and the cost against the window.

Run: ``MULTIPOLAR_MIRROR=../shared/data python benchmarks/why.py`` (uses ``MULTIPOLAR_HOME``; the
store must be built: ``multipolar data pull``; the first ``why`` of a store fits the ideal points
and computes all-dyad agreement once, which this benchmark does first, untimed).

Figures, each the CPU time (user + system, all threads) of a whole ``multipolar why …`` process
(Python start-up, imports, evidence, HTML written, terminal report), the median of ``--repeat``
runs, and its wall time:

* the first answer for a pair the store has not answered (the kept answer is cleared before
  each run; goal of issue 23: <= 4 s CPU);
* the kept answer (the same question again; goal <= 0.5 s CPU);
* the first answer against the window: ``--from Y`` for windows of 5, 10, 20 and 40 years
  (``--to`` the last year of votes).

It also prints the CPU time of each channel's ``collect`` in one process (the breakdown).
"""

from __future__ import annotations

import argparse
import os
import resource
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

EXE = [sys.executable, "-m", "multipolar"]


def _run(args: list[str], env: dict[str, str]) -> tuple[float, float]:
    """(CPU seconds of the child, wall seconds) of one whole process."""
    before = resource.getrusage(resource.RUSAGE_CHILDREN)
    t0 = time.perf_counter()
    r = subprocess.run([*EXE, *args], env=env, capture_output=True, text=True)
    wall = time.perf_counter() - t0
    after = resource.getrusage(resource.RUSAGE_CHILDREN)
    if r.returncode != 0:
        raise SystemExit(f"multipolar {' '.join(args)} failed:\n{r.stderr}")
    cpu = (after.ru_utime - before.ru_utime) + (after.ru_stime - before.ru_stime)
    return cpu, wall


def _clear_answers() -> None:
    from multipolar import config
    from multipolar.store import answers, connect

    st = connect(config.store_path())
    try:
        answers.clear(st.raw)
    finally:
        st.close()


def _median(runs: list[tuple[float, float]]) -> tuple[float, float]:
    return statistics.median(c for c, _ in runs), statistics.median(w for _, w in runs)


def breakdown(a: str, b: str) -> list[tuple[str, float]]:
    """CPU seconds of each channel's ``collect`` for one pair, in this process."""
    from multipolar.explain.why import data_spans, registry
    from multipolar.explain.why.context import Ctx
    from multipolar.states import resolve
    from multipolar.store import connect

    out: list[tuple[str, float]] = []
    st = connect()
    t = time.process_time()
    spans = data_spans(st)
    out.append(("spans (one query)", time.process_time() - t))
    ctx = Ctx(st, (resolve(a).ccode, resolve(b).ccode, 2), 1946, spans["unga_rollcalls"][1], spans)
    for ch in registry.CHANNELS:
        t = time.process_time()
        data = ch.collect(ctx)
        ctx.memo[ch.field] = ch.empty if data is None else data
        out.append((ch.key, time.process_time() - t))
    st.close()
    return out


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--repeat", type=int, default=3)
    ap.add_argument("--pair", nargs=2, default=["Brazil", "India"])
    opts = ap.parse_args()
    env = dict(os.environ)
    out = Path(tempfile.mkdtemp(prefix="why-bench-"))
    html = ["--html", str(out / "why.html")]
    a, b = opts.pair
    print(f"warming up (ideal points, all-dyad agreement, forecast backtest): why {a} {b}")
    _run(["why", a, b, *html], env)

    first = []
    for _ in range(opts.repeat):
        _clear_answers()
        first.append(_run(["why", a, b, *html], env))
    kept = [_run(["why", a, b, *html], env) for _ in range(opts.repeat)]
    cpu, wall = _median(first)
    print(f"first answer  why {a} {b}: {cpu:.2f} s CPU ({wall:.2f} s wall)  goal <= 4 s CPU")
    cpu, wall = _median(kept)
    print(f"kept answer   why {a} {b}: {cpu:.2f} s CPU ({wall:.2f} s wall)  goal <= 0.5 s CPU")

    from multipolar.explain.why import data_spans
    from multipolar.store import connect

    st = connect()
    last = data_spans(st)["unga_rollcalls"][1]
    st.close()
    print("first answer against the window (--from Y --to last year of votes):")
    for years in (5, 10, 20, 40):
        runs = []
        for _ in range(opts.repeat):
            _clear_answers()
            runs.append(_run(["why", a, b, "--from", str(last - years + 1), *html], env))
        cpu, wall = _median(runs)
        print(
            f"  {years:>2} years ({last - years + 1}–{last}): {cpu:.2f} s CPU ({wall:.2f} s wall)"
        )

    print(f"CPU of each channel's collect, why {a} {b}, one process:")
    for name, sec in breakdown(a, b):
        print(f"  {name:<20} {sec:6.3f} s")
    print(f"(load average {os.getloadavg()[0]:.1f} on {os.cpu_count()} cores)")
    sys.stdout.flush()


if __name__ == "__main__":
    main()
