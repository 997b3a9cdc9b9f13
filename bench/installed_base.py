"""Installed-base benchmark: the in-service base of every recipient for one as-of year.

This is a benchmark that reports, not a test: it always exits 0.

The bundled SIPRI data is loaded into a fresh DuckDB file in a temp dir (or ``--workdir``;
``--db FILE`` uses an existing store instead); the load is timed but is not part of the
target. Then, ``--repeat`` times, each on a newly opened read-only store (so nothing is
remembered between runs: the actor table and the release's coverage are read again):

- ``installed_base(store, release, None, AS_OF)``: every recipient's estimated in-service
  base at the as-of year (default: the release's last delivery year) by origin group,
  category and designation, with shares by units and TIV and their sensitivity to service
  life (one DuckDB query, shares assembled in Python) -- the figure the target is about;
- the baseline, measured in the same run on the same store: ``top(store, 'importers')``, a
  plain ranking of importers through the library (``armsledger top importers``).

The median run of each is reported with the first (cold) run, the size of the result, and
the process's peak RSS (``ru_maxrss`` at the end; it includes about 60 MiB for importing
polars, DuckDB and armsledger, and the load when the bundled data is loaded here).

Usage::

    .venv/bin/python bench/installed_base.py [--db FILE] [--workdir DIR] [--repeat 5]
        [--as-of YEAR] [--release NAME] [--json]

Target (issue 15, "Speed"): the installed base of every recipient for one as-of year in
under 1 s on the bundled data (default release).
"""

from __future__ import annotations

import argparse
import json
import resource
import statistics
import sys
import tempfile
import time
from pathlib import Path
from typing import Any

TARGET_S = 1.0


def _maxrss_mib() -> float:
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024  # KiB on Linux


def _runs(db: Path, repeat: int, call: Any) -> tuple[list[float], Any]:
    from armsledger.store import Store

    runs, result = [], None
    for _ in range(max(repeat, 1)):
        with Store(db, read_only=True) as store:
            t = time.perf_counter()
            result = call(store)
            runs.append(time.perf_counter() - t)
    return runs, result


def run(db: Path | None, workdir: str | None, repeat: int, as_of: int | None,
        release: str | None) -> dict[str, Any]:
    t0 = time.perf_counter()
    from armsledger.analysis.installed_base import installed_base
    from armsledger.analysis.ranking import top
    from armsledger.ingest import load_bundled
    from armsledger.store import Store

    import_s = time.perf_counter() - t0
    with tempfile.TemporaryDirectory(prefix="armsledger-bench-base-", dir=workdir) as tmp:
        load_s = None
        if db is None:
            db = Path(tmp) / "bundled.duckdb"
            t = time.perf_counter()
            with Store(db) as store:
                load_bundled(store)
            load_s = time.perf_counter() - t
        with Store(db, read_only=True) as store:
            rel = store.release(release, needs="deliveries")
            year = as_of if as_of is not None else store.coverage(rel).last_year
        assert year is not None

        def base(store: Store) -> Any:
            return installed_base(store, store.release(rel.name), None, year)

        def baseline(store: Store) -> Any:
            return top(store, "importers", release=rel.name, limit=None)

        base_runs, result = _runs(db, repeat, base)
        top_runs, ranking = _runs(db, repeat, baseline)
    median = statistics.median(base_runs)
    return {
        "release": rel.name,
        "as_of": year,
        "import_s": import_s,
        "load_s": load_s,
        "base_runs_s": base_runs,
        "base_s": median,
        "baseline": "top(store, 'importers') on the same store (armsledger top importers)",
        "baseline_runs_s": top_runs,
        "baseline_s": statistics.median(top_runs),
        "recipients": len({r.recipient for r in result.rows}),
        "rows": len(result.rows),
        "shares": len(result.shares),
        "units": result.units,
        "tiv": result.tiv,
        "ranked_importers": len(ranking.ranking),
        "peak_rss_mib": _maxrss_mib(),
        "target": f"installed base of every recipient for one as-of year in < {TARGET_S:g} s",
        "met": median < TARGET_S,
    }


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--db", type=Path, help="an existing store (default: load the bundled "
                    "data into a temporary one)")
    ap.add_argument("--workdir", help="where to write the temporary DuckDB file")
    ap.add_argument("--repeat", type=int, default=5, help="runs; the median is reported")
    ap.add_argument("--as-of", type=int, help="the as-of year (default: the release's last "
                    "delivery year)")
    ap.add_argument("--release", help="release name (default: the newest with deliveries)")
    ap.add_argument("--json", action="store_true", help="print the result as JSON")
    args = ap.parse_args(argv)
    try:
        r = run(args.db, args.workdir, args.repeat, args.as_of, args.release)
    except Exception as e:  # a benchmark reports, it does not fail
        print(f"installed-base benchmark FAILED: {type(e).__name__}: {e}")
        return 0
    if args.json:
        print(json.dumps(r, indent=2))
        return 0
    load = f"; load of the bundled data {r['load_s']:.2f} s (not part of the target)" \
        if r["load_s"] is not None else ""
    print(f"installed base at {r['as_of']}, release {r['release']}")
    print(f"imports {r['import_s']:.2f} s{load}")
    print("installed_base, every recipient: "
          + ", ".join(f"{s:.3f} s" for s in r["base_runs_s"])
          + f" (median {r['base_s']:.3f} s; first {r['base_runs_s'][0]:.3f} s)")
    print(f"  {r['recipients']} recipients with a base, {r['rows']:,} rows, {r['shares']:,} "
          f"share rows, {r['units']:,} units, {r['tiv']:,.0f} TIV, millions in service")
    print(f"baseline, {r['baseline']}: "
          + ", ".join(f"{s:.3f} s" for s in r["baseline_runs_s"])
          + f" (median {r['baseline_s']:.3f} s; {r['ranked_importers']} importers ranked)")
    ratio = r["base_s"] / r["baseline_s"] if r["baseline_s"] else float("nan")
    print(f"installed base / baseline: {ratio:.1f}x")
    print(f"peak RSS {r['peak_rss_mib']:.0f} MiB")
    verdict = "MET" if r["met"] else "NOT MET"
    print(f"target: {verdict:<8} {r['target']} ({r['base_s']:.3f} s)")
    return 0


if __name__ == "__main__":
    sys.exit(main())
