"""`multipolar serve` under load: first bytes of kept pages, the API, 20 clients for 30 s.

Run: ``python benchmarks/serve.py [--clients 20] [--seconds 30] [--workers 1]`` on a built
store (``make demo`` or ``multipolar data pull`` + ``multipolar why China Russia``).

Starts ``multipolar serve`` on a free port of 127.0.0.1 over the store of ``MULTIPOLAR_HOME``
(read-only), warms each question once (the uncached times are printed too), then measures

* a kept pair page's time to first byte (median of 20; goal < 100 ms);
* the API's agreement series (median of 20; goal < 50 ms);
* a bounded load: ``--clients`` httpx async clients, each sending one request at a time
  for ``--seconds`` over a mix of pages and API calls; errors, requests/s and the 50th, 95th
  and 99th percentile latency (goal: no errors, p95 < 500 ms).
"""

from __future__ import annotations

import argparse
import asyncio
import os
import platform
import random
import socket
import statistics
import subprocess
import sys
import time

import httpx

MIX = [
    "/pair/China/Russia",
    "/api/pair/China/Russia/agreement",
    "/api/pair/China/Russia/rollcalls?year=2015",
    "/api/pair/China/Russia/positions",
    "/state/India?year=2019",
    "/api/state/India/partners?year=2019",
    "/api/state/Brazil/partners?year=2010",
    "/world?year=2019",
    "/api/world/blocs?year=2019",
    "/api/states?q=ger",
    "/data",
]


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


def first_byte(client: httpx.Client, url: str) -> float:
    t = time.perf_counter()
    took = None
    with client.stream("GET", url) as r:
        for _chunk in r.iter_raw():
            if took is None:
                took = time.perf_counter() - t
    assert took is not None and r.status_code == 200, r.status_code
    return took


async def load(base: str, clients: int, seconds: float) -> tuple[list[float], list[str]]:
    latencies: list[float] = []
    errors: list[str] = []
    stop = time.monotonic() + seconds
    limits = httpx.Limits(max_connections=clients)
    async with httpx.AsyncClient(base_url=base, timeout=60, limits=limits) as client:

        async def one(seed: int) -> None:
            rnd = random.Random(seed)
            while time.monotonic() < stop:
                path = rnd.choice(MIX)
                t = time.perf_counter()
                try:
                    r = await client.get(path)
                    if r.status_code != 200:
                        errors.append(f"{r.status_code} {path}")
                except httpx.HTTPError as exc:
                    errors.append(f"{type(exc).__name__} {path}")
                latencies.append(time.perf_counter() - t)

        await asyncio.gather(*(one(i) for i in range(clients)))
    return latencies, errors


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--clients", type=int, default=20)
    ap.add_argument("--seconds", type=float, default=30.0)
    ap.add_argument("--workers", type=int, default=1)
    args = ap.parse_args()
    port = free_port()
    base = f"http://127.0.0.1:{port}"
    proc = subprocess.Popen(
        [sys.executable, "-m", "multipolar", "serve", "--port", str(port),
         "--workers", str(args.workers)],
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )  # fmt: skip
    try:
        with httpx.Client(base_url=base, timeout=300) as c:
            for _ in range(300):
                try:
                    c.get("/api/states?q=a")
                    break
                except httpx.TransportError:
                    time.sleep(0.2)
            print(f"# multipolar serve, {args.workers} worker(s), {platform.python_version()}, "
                  f"{os.cpu_count()} cores")  # fmt: skip
            for path in MIX:  # warm every question once (in each worker: a few rounds)
                t = time.perf_counter()
                r = c.get(path)
                print(f"first answer {path}: {r.status_code} {time.perf_counter() - t:.2f} s")
            for _ in range(args.workers * 2):
                for path in MIX:
                    c.get(path)
            ttfb = [first_byte(c, "/pair/China/Russia") for _ in range(20)]
            series = [first_byte(c, "/api/pair/China/Russia/agreement") for _ in range(20)]
        print(f"kept pair page, first byte: median {1000 * statistics.median(ttfb):.1f} ms "
              f"(goal < 100 ms)")  # fmt: skip
        print(f"API agreement series: median {1000 * statistics.median(series):.1f} ms "
              f"(goal < 50 ms)")  # fmt: skip
        lat, errors = asyncio.run(load(base, args.clients, args.seconds))
        q = statistics.quantiles(lat, n=100)
        print(f"load: {args.clients} clients for {args.seconds:.0f} s: {len(lat)} requests "
              f"({len(lat) / args.seconds:.0f}/s), {len(errors)} errors, p50 {1000 * q[49]:.0f} ms, "
              f"p95 {1000 * q[94]:.0f} ms, p99 {1000 * q[98]:.0f} ms (goal: 0 errors, p95 < 500 ms)")  # fmt: skip
        if errors:
            print("errors:", sorted(set(errors))[:10])
    finally:
        proc.terminate()
        proc.wait(10)


if __name__ == "__main__":
    main()
