"""API load benchmark: requests/s and latency of the profile and top endpoints.

Starts ``armsledger serve`` on 127.0.0.1 (a free port, a temporary copy of the database with
the bundled data), then, from this (second) process: a cold pass that asks for each distinct
URL once (the first computation of each figure, reported separately), and the measured run: a
bounded number of requests with a fixed concurrency. Prints requests/s, p50/p95/p99 latency and
errors per endpoint.
Only loopback traffic; the run stops by itself. Not a test: it prints and always exits 0.

    .venv/bin/python bench/api_load.py [--requests 5000] [--concurrency 16] [--json]
"""

from __future__ import annotations

import argparse
import asyncio
import json
import os
import shutil
import signal
import socket
import subprocess
import sys
import tempfile
import time
from pathlib import Path

import httpx

REPO = Path(__file__).resolve().parents[1]
TARGET_RPS = 300
TARGET_P99_MS = 200
PERIODS = ["2020-2024", "2015-2019", "2010-2014", "2005-2009"]


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def percentile(values: list[float], p: float) -> float:
    ordered = sorted(values)
    if not ordered:
        return float("nan")
    k = max(0, min(len(ordered) - 1, round(p / 100 * len(ordered) + 0.5) - 1))
    return ordered[k]


def start_server(db: Path, port: int) -> subprocess.Popen:
    exe = Path(sys.executable).parent / "armsledger"
    proc = subprocess.Popen(
        [str(exe), "--db", str(db), "serve", "--host", "127.0.0.1", "--port", str(port)],
        stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, start_new_session=True)
    deadline = time.monotonic() + 120
    while time.monotonic() < deadline:
        if proc.poll() is not None:
            raise SystemExit(f"server exited: {proc.stderr.read().decode()[-2000:]}")
        try:
            if httpx.get(f"http://127.0.0.1:{port}/api/releases", timeout=2).status_code == 200:
                return proc
        except httpx.HTTPError:
            time.sleep(0.3)
    proc.kill()
    raise SystemExit("server did not start within 120 s")


async def run(base: str, urls: list[str], concurrency: int) -> tuple[list[float], int, float]:
    latencies: list[float] = []
    errors = 0
    queue: asyncio.Queue[str] = asyncio.Queue()
    for u in urls:
        queue.put_nowait(u)
    limits = httpx.Limits(max_connections=concurrency, max_keepalive_connections=concurrency)
    async with httpx.AsyncClient(base_url=base, limits=limits, timeout=30) as client:

        async def worker() -> None:
            nonlocal errors
            while True:
                try:
                    url = queue.get_nowait()
                except asyncio.QueueEmpty:
                    return
                t = time.perf_counter()
                try:
                    r = await client.get(url)
                    if r.status_code != 200:
                        errors += 1
                    else:
                        await r.aread()
                except httpx.HTTPError:
                    errors += 1
                latencies.append((time.perf_counter() - t) * 1000)

        start = time.perf_counter()
        await asyncio.gather(*(worker() for _ in range(concurrency)))
        elapsed = time.perf_counter() - start
    return latencies, errors, elapsed


def exporters(base: str, limit: int) -> list[str]:
    top = httpx.get(f"{base}/api/top/exporters", params={"limit": limit}, timeout=60).json()
    return [r["iso3"] or r["actor"] for r in top["ranking"]]


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--requests", type=int, default=5000, help="per endpoint")
    ap.add_argument("--concurrency", type=int, default=16)
    ap.add_argument("--actors", type=int, default=20, help="distinct exporters to ask for")
    ap.add_argument("--json", action="store_true")
    args = ap.parse_args()

    work = Path(tempfile.mkdtemp(prefix="armsledger-apibench-"))
    db = work / "bench.duckdb"
    from armsledger.ingest import load_bundled
    from armsledger.store import Store

    with Store(db) as store:
        load_bundled(store)
    port = free_port()
    base = f"http://127.0.0.1:{port}"
    proc = start_server(db, port)
    results = {}
    try:
        actors = exporters(base, args.actors)
        profile_urls = [f"/api/exporters/{actors[i % len(actors)]}/profile?period="
                        f"{PERIODS[(i // len(actors)) % len(PERIODS)]}"
                        for i in range(args.requests)]
        top_urls = [f"/api/top/{'exporters' if i % 2 else 'importers'}?period="
                    f"{PERIODS[(i // 2) % len(PERIODS)]}&limit=20" for i in range(args.requests)]
        for name, urls in (("profile", profile_urls), ("top", top_urls)):
            # Cold pass: each distinct URL once, one at a time (first computation, then kept).
            distinct = list(dict.fromkeys(urls))
            cold, cold_errors, _ = asyncio.run(run(base, distinct, 1))
            lat, errors, elapsed = asyncio.run(run(base, urls, args.concurrency))
            results[name] = {
                "requests": len(urls), "concurrency": args.concurrency,
                "seconds": elapsed, "requests_per_s": len(urls) / elapsed,
                "p50_ms": percentile(lat, 50), "p95_ms": percentile(lat, 95),
                "p99_ms": percentile(lat, 99), "max_ms": max(lat), "errors": errors,
                "distinct_urls": len(set(urls)),
                "cold_p50_ms": percentile(cold, 50), "cold_max_ms": max(cold),
                "cold_errors": cold_errors,
            }
    finally:
        os.killpg(proc.pid, signal.SIGTERM)
        try:
            proc.wait(timeout=10)
        except subprocess.TimeoutExpired:
            os.killpg(proc.pid, signal.SIGKILL)
        shutil.rmtree(work, ignore_errors=True)

    if args.json:
        print(json.dumps(results, indent=2))
        return
    print(f"server: armsledger serve on {base} (uvicorn, 1 process); client: this process, "
          f"httpx, concurrency {args.concurrency}")
    print("cold pass (each distinct URL once, sequentially: the first computation of a figure):")
    for name, r in results.items():
        print(f"  {name:8} {r['distinct_urls']} URLs: p50 {r['cold_p50_ms']:.1f} ms, "
              f"max {r['cold_max_ms']:.1f} ms, errors {r['cold_errors']}")
    print(f"measured run (after the cold pass; concurrency {args.concurrency}):")
    print(f"{'endpoint':10} {'requests':>8} {'distinct':>8} {'req/s':>8} {'p50 ms':>8} "
          f"{'p95 ms':>8} {'p99 ms':>8} {'max ms':>8} {'errors':>6}")
    for name, r in results.items():
        print(f"{name:10} {r['requests']:>8} {r['distinct_urls']:>8} {r['requests_per_s']:>8.0f} "
              f"{r['p50_ms']:>8.1f} {r['p95_ms']:>8.1f} {r['p99_ms']:>8.1f} {r['max_ms']:>8.1f} "
              f"{r['errors']:>6}")
    p = results["profile"]
    print("targets (profile endpoint):")
    for ok, text in (
        (p["requests_per_s"] >= TARGET_RPS, f">= {TARGET_RPS} requests/s "
                                            f"({p['requests_per_s']:.0f})"),
        (p["p99_ms"] < TARGET_P99_MS, f"p99 under {TARGET_P99_MS} ms ({p['p99_ms']:.1f} ms)"),
        (p["errors"] + p["cold_errors"] == 0,
         f"zero errors ({p['errors'] + p['cold_errors']}, cold pass included)"),
    ):
        print(f"  {'MET    ' if ok else 'NOT MET'}  {text}")


if __name__ == "__main__":
    main()
