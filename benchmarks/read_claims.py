"""Whole-process `multipolar read` with claims checked: the op-ed and one General Debate speech.

Run: ``MULTIPOLAR_MIRROR=../shared/data python benchmarks/read_claims.py [--repeat N]``
on a built store (``MULTIPOLAR_HOME`` after `multipolar data pull`).

Times ``multipolar read FILE --no-html`` (checks on) and ``--no-check`` for the China–Russia
op-ed (``MULTIPOLAR_CORPUS``/why-china-russia-stick-together.txt, dated 2022-11-01) and
Russia's 2022 General Debate speech (``ungdc/Session 77 - 2022/RUS_77_2022.txt``): start-up,
reading, the propositions, the checks (only the channels the claims name, in SQL) and the
terminal table. The goals (issue 22): the op-ed with checks under 5 s, one speech under 3 s.
The difference between the two runs is what the checks cost. Prints the median wall and CPU
time of ``--repeat`` runs, the machine's load average beside it (the machine is shared: CPU
time is the figure a loaded machine does not inflate).
"""

from __future__ import annotations

import argparse
import os
import statistics
import subprocess
import sys
import time
from pathlib import Path

GOALS = {"op-ed": 5.0, "RUS 2022 speech": 3.0}


def _files() -> dict[str, tuple[Path, list[str]]]:
    mirror = Path(os.environ["MULTIPOLAR_MIRROR"])
    corpus = Path(os.environ.get("MULTIPOLAR_CORPUS", mirror.parent / "corpus"))
    return {
        "op-ed": (corpus / "why-china-russia-stick-together.txt", ["--date", "2022-11-01"]),
        "RUS 2022 speech": (mirror / "ungdc" / "Session 77 - 2022" / "RUS_77_2022.txt", []),
    }


def timed(args: list[str]) -> tuple[float, float]:
    """Wall and CPU seconds (user + system) of one whole process."""
    exe = Path(sys.executable).with_name("multipolar")
    before = os.times()
    t0 = time.perf_counter()
    subprocess.run([str(exe), *args], check=True, stdout=subprocess.DEVNULL)
    wall = time.perf_counter() - t0
    after = os.times()
    cpu = (after.children_user - before.children_user) + (
        after.children_system - before.children_system
    )
    return wall, cpu


def main() -> None:
    ap = argparse.ArgumentParser()
    ap.add_argument("--repeat", type=int, default=3)
    opts = ap.parse_args()
    for name, (path, extra) in _files().items():
        base = ["read", str(path), "--no-html", *extra]
        runs = [timed(base) for _ in range(opts.repeat)]
        offs = [timed([*base, "--no-check"]) for _ in range(opts.repeat)]
        on, on_cpu = (statistics.median(x) for x in zip(*runs, strict=True))
        off, off_cpu = (statistics.median(x) for x in zip(*offs, strict=True))
        load = os.getloadavg()[0]
        print(
            f"{name}: {on:.2f} s wall ({on_cpu:.2f} s CPU) with checks, {off:.2f} s wall "
            f"({off_cpu:.2f} s CPU) without; the checks {on - off:+.2f} s wall, "
            f"{on_cpu - off_cpu:+.2f} s CPU; goal < {GOALS[name]:.0f} s: "
            f"{'met' if on < GOALS[name] else 'NOT met'} (median of {opts.repeat}; load average "
            f"{load:.1f} on {os.cpu_count()} cores)"
        )


if __name__ == "__main__":
    main()
