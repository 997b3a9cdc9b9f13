"""CLI start-up benchmark: CPU and wall time of ``armsledger --version`` and ``top exporters``.

This is a benchmark that reports, not a test: it always exits 0.

It runs the venv's ``armsledger`` script (the one next to ``sys.executable``), each command
in its own process, ``--runs`` times (default 5), and reports the median CPU time (user + sys
of that child alone, from ``os.wait4``), the median wall time and the child's peak RSS.
``top exporters`` runs on a loaded store: the bundled data, loaded into a fresh DuckDB file in
a temp dir by ``armsledger --db FILE load --bundled`` (or the store given with ``--db``).

Bytecode: the children run without ``PYTHONDONTWRITEBYTECODE`` and with ``PYTHONPYCACHEPREFIX``
set to a temp dir, so a first, untimed run of each command compiles every module it imports
(reported as ``first``) and the timed runs read the cached bytecode, as on an installed
system, without writing ``__pycache__`` into the repository.

Usage::

    .venv/bin/python bench/startup.py [--db FILE] [--runs N] [--json]

It imports neither polars, DuckDB, pandas nor armsledger.
"""

from __future__ import annotations

import argparse
import json
import os
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

TARGET_CPU_S = 0.35  # issue 10, item 7: each command under 0.35 s CPU (median of the runs)
RUNS = 5


def armsledger_script() -> Path:
    """The venv's ``armsledger`` console script (next to the running interpreter)."""
    return Path(sys.executable).parent / "armsledger"


def child_env(pycache: Path) -> dict[str, str]:
    env = dict(os.environ)
    env.pop("PYTHONDONTWRITEBYTECODE", None)
    env["PYTHONPYCACHEPREFIX"] = str(pycache)
    return env


def run_once(cmd: list[str], env: dict[str, str]) -> dict:
    """Run ``cmd`` once; CPU (user + sys) and peak RSS of that child alone, and wall time."""
    with tempfile.TemporaryFile() as out, tempfile.TemporaryFile() as err:
        t0 = time.perf_counter()
        proc = subprocess.Popen(cmd, stdout=out, stderr=err, stdin=subprocess.DEVNULL, env=env)
        _, status, usage = os.wait4(proc.pid, 0)
        wall = time.perf_counter() - t0
        proc.returncode = os.waitstatus_to_exitcode(status)  # reaped here, not by Popen
        out.seek(0)
        err.seek(0)
        stdout = out.read().decode(errors="replace")
        stderr = err.read().decode(errors="replace")
    result = {
        "cpu_s": usage.ru_utime + usage.ru_stime,
        "user_s": usage.ru_utime,
        "sys_s": usage.ru_stime,
        "wall_s": wall,
        "peak_rss_mib": usage.ru_maxrss / 1024,  # KiB on Linux
        "exit_code": proc.returncode,
        "first_line": next((line for line in stdout.splitlines() if line.strip()), ""),
    }
    if proc.returncode != 0:
        tail = (stderr or stdout).strip().splitlines()[-3:]
        result["error"] = " | ".join(tail) or f"exit code {proc.returncode}"
    return result


def measure(label: str, cmd: list[str], env: dict[str, str], runs: int) -> dict:
    """One untimed first run (compiles bytecode), then ``runs`` timed runs; medians."""
    first = run_once(cmd, env)
    if "error" in first:
        return {"command": label, "error": first["error"], "first": first}
    timed = [run_once(cmd, env) for _ in range(max(runs, 1))]
    failed = [r for r in timed if "error" in r]
    if failed:
        return {"command": label, "error": failed[0]["error"], "first": first, "runs": timed}
    cpu = [r["cpu_s"] for r in timed]
    wall = [r["wall_s"] for r in timed]
    return {
        "command": label,
        "argv": cmd,
        "first": first,
        "runs": timed,
        "n": len(timed),
        "cpu_median_s": statistics.median(cpu),
        "cpu_min_s": min(cpu),
        "cpu_max_s": max(cpu),
        "user_median_s": statistics.median(r["user_s"] for r in timed),
        "sys_median_s": statistics.median(r["sys_s"] for r in timed),
        "wall_median_s": statistics.median(wall),
        "peak_rss_mib": max(r["peak_rss_mib"] for r in timed),
        "output": first["first_line"],
    }


def build_store(script: Path, db: Path, env: dict[str, str]) -> dict:
    """Load the bundled data into a fresh store with the CLI (timed; not a target)."""
    t0 = time.perf_counter()
    proc = subprocess.run(
        [str(script), "--db", str(db), "load", "--bundled"],
        capture_output=True,
        text=True,
        env=env,
        stdin=subprocess.DEVNULL,
    )
    out = {"db": str(db), "built": True, "build_s": time.perf_counter() - t0}
    if proc.returncode != 0:
        tail = (proc.stderr or proc.stdout).strip().splitlines()[-3:]
        out["error"] = " | ".join(tail) or f"exit code {proc.returncode}"
    return out


def targets(results: list[dict]) -> list[dict]:
    out = []
    for r in results:
        ok = "error" not in r
        out.append(
            {
                "target": f"`{r['command']}`: median CPU (user + sys) < {TARGET_CPU_S:g} s",
                "value": f"{r['cpu_median_s']:.3f} s CPU, {r['wall_median_s']:.3f} s wall, "
                f"median of {r['n']}"
                if ok
                else None,
                "met": (r["cpu_median_s"] < TARGET_CPU_S) if ok else None,
            }
        )
    return out


def print_report(report: dict) -> None:
    for note in report["notes"]:
        print(f"note: {note}")
    st = report["store"]
    if st:
        how = (
            f"bundled data loaded by `armsledger load --bundled` in {st['build_s']:.2f} s"
            if st.get("built")
            else "given with --db"
        )
        print(f"store: {st['db']} ({how})")
    print(f"script: {report['script']}")
    load = report["load_avg_1min"]
    print(
        f"machine: {report['cpus']} CPUs; 1-min load average {load['start']:.2f} at start, "
        f"{load['end']:.2f} at end"
    )
    print()
    print(
        "command                              runs  cpu med    min    max   user    sys  "
        "wall med  first cpu  first wall  peak MiB"
    )
    for r in report["results"]:
        if "error" in r:
            print(f"  {r['command']:<34} FAILED: {r['error']}")
            continue
        f = r["first"]
        print(
            f"  {r['command']:<34} {r['n']:>4} {r['cpu_median_s']:8.3f} {r['cpu_min_s']:6.3f} "
            f"{r['cpu_max_s']:6.3f} {r['user_median_s']:6.3f} {r['sys_median_s']:6.3f} "
            f"{r['wall_median_s']:9.3f} {f['cpu_s']:10.3f} {f['wall_s']:11.3f} "
            f"{r['peak_rss_mib']:9.1f}"
        )
    for r in report["results"]:
        if "error" not in r:
            print(f"  {r['command']} printed: {r['output'][:100]}")
    print()
    print(
        "seconds; cpu = user + sys of the child process (os.wait4), median of the timed runs; "
        "first = an untimed\nfirst run that compiles bytecode into a temp cache "
        "(PYTHONPYCACHEPREFIX), which the timed runs read"
    )
    print("targets (issue 10, item 7 'Speed'):")
    for c in report["targets"]:
        verdict = {True: "MET", False: "NOT MET", None: "not measured"}[c["met"]]
        value = f" ({c['value']})" if c["value"] else ""
        print(f"  {verdict:<12} {c['target']}{value}")


VERSION = "armsledger --version"
TOP = "armsledger --db DB top exporters"


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--db", help="a loaded store to run `top exporters` on (default: build one)")
    ap.add_argument("--runs", type=int, default=RUNS, help=f"timed runs per command ({RUNS})")
    ap.add_argument("--json", action="store_true", help="print the results as JSON")
    args = ap.parse_args(argv)

    script = armsledger_script()
    load_start = os.getloadavg()[0]
    work = Path(tempfile.mkdtemp(prefix="armsledger-startup-"))
    notes: list[str] = []
    results: list[dict] = []
    store = None
    try:
        env = child_env(work / "pycache")
        if not script.exists():
            notes.append(f"{script} not found: install the project (make test) first")
            results = [{"command": c, "error": "no armsledger script"} for c in (VERSION, TOP)]
        else:
            if args.db:
                store = {"db": args.db, "built": False}
            else:
                if not args.json:
                    print("building the bundled store ...", file=sys.stderr, flush=True)
                store = build_store(script, work / "startup.duckdb", env)
            commands = [(VERSION, [str(script), "--version"])]
            commands.append((TOP, [str(script), "--db", store["db"], "top", "exporters"]))
            for label, cmd in commands:
                if label == TOP and "error" in store:
                    notes.append(f"building the store failed: {store['error']}")
                    results.append({"command": label, "error": "no store"})
                    continue
                if not args.json:
                    print(f"{label} ...", file=sys.stderr, flush=True)
                results.append(measure(label, cmd, env, args.runs))
    finally:
        shutil.rmtree(work, ignore_errors=True)

    report = {
        "python": sys.version.split()[0],
        "script": str(script),
        "cpus": os.cpu_count(),
        "load_avg_1min": {"start": load_start, "end": os.getloadavg()[0]},
        "notes": notes,
        "store": store,
        "results": results,
        "targets": targets(results),
    }
    if args.json:
        print(json.dumps(report, indent=2))
    else:
        print_report(report)
    return 0


if __name__ == "__main__":
    sys.exit(main())
