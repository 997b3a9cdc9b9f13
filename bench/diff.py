"""Release-diff benchmark: seconds to diff the two bundled deal-level registers.

This is a benchmark that reports, not a test: it always exits 0.

The two bundled trade registers (``trade-register-2024-10.csv.gz``, generated 13 Oct 2024 with
data to 2023, and ``trade-register-2025.csv.gz``, the 2025 release with data to 2024) are
loaded into a fresh DuckDB file in a temp dir (or ``--workdir``); that load is timed but is
not part of the target. Then :func:`armsledger.diff.diff` runs ``--repeat`` times, each on a
newly opened store (so nothing is remembered between runs: every run reads both releases,
detects renames, matches ~28,000 deals against ~29,500 and compares the yearly figures).
The median run is reported with the counts of the result.

Usage::

    .venv/bin/python bench/diff.py [--workdir DIR] [--repeat 3] [--json]

Target: the diff of the two bundled releases in under 3 s on this machine.
"""

from __future__ import annotations

import argparse
import json
import statistics
import sys
import tempfile
import time
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]
BUNDLED = REPO / "src" / "armsledger" / "data" / "sipri"
OLD = ("trade-register-2024-10.csv.gz", "sipri-register-2024-10")
NEW = ("trade-register-2025.csv.gz", "sipri-register-2025")
TARGET_S = 3.0


def run(workdir: str | None, repeat: int) -> dict:
    t0 = time.perf_counter()
    from armsledger.diff import diff
    from armsledger.ingest import load_file
    from armsledger.store import Store

    import_s = time.perf_counter() - t0
    with tempfile.TemporaryDirectory(prefix="armsledger-bench-diff-", dir=workdir) as tmp:
        db = Path(tmp) / "diff.duckdb"
        t_load = time.perf_counter()
        with Store(db) as store:
            for file, name in (OLD, NEW):
                load_file(store, BUNDLED / file, name=name)
        load_s = time.perf_counter() - t_load
        runs, result = [], None
        for _ in range(max(repeat, 1)):
            with Store(db, read_only=True) as store:
                t = time.perf_counter()
                result = diff(store, OLD[1], NEW[1])
                runs.append(time.perf_counter() - t)
    assert result is not None
    median = statistics.median(runs)
    return {
        "old": OLD[1],
        "new": NEW[1],
        "import_s": import_s,
        "load_s": load_s,
        "diff_runs_s": runs,
        "diff_s": median,
        "counts": result.counts,
        "match_quality": result.match_quality,
        "renames": [f"{r.old_name} -> {r.new_name}" for r in result.renames],
        "revisions": result.revisions.height,
        "target": f"diff of the two bundled registers in < {TARGET_S:g} s",
        "met": median < TARGET_S,
    }


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--workdir", help="where to write the temporary DuckDB file")
    ap.add_argument("--repeat", type=int, default=3, help="diff runs; the median is reported")
    ap.add_argument("--json", action="store_true", help="print the result as JSON")
    args = ap.parse_args(argv)
    missing = [f for f, _ in (OLD, NEW) if not (BUNDLED / f).is_file()]
    if missing:
        print(f"nothing to measure: bundled files missing in {BUNDLED}: {', '.join(missing)}")
        return 0
    try:
        r = run(args.workdir, args.repeat)
    except Exception as e:  # a benchmark reports, it does not fail
        print(f"diff benchmark FAILED: {type(e).__name__}: {e}")
        return 0
    if args.json:
        print(json.dumps(r, indent=2))
        return 0
    c = r["counts"]
    print(f"diff {r['old']} -> {r['new']}")
    print(f"imports {r['import_s']:.2f} s; load of both registers {r['load_s']:.2f} s "
          "(not part of the target)")
    print("diff runs: " + ", ".join(f"{s:.3f} s" for s in r["diff_runs_s"])
          + f" (median {r['diff_s']:.3f} s)")
    print(f"deals: {c['added']:,} added, {c['removed']:,} removed, {c['changed']:,} changed "
          f"({c['changed_substantive']:,} substantive, {c['changed_wording']:,} wording, "
          f"{c['changed_comments_only']:,} comments only), {c['unchanged']:,} unchanged")
    print("matched by: " + ", ".join(f"{k} {v:,}" for k, v in r["match_quality"].items()))
    print(f"renames: {'; '.join(r['renames']) or 'none'}; exporter-year revisions: "
          f"{r['revisions']:,}")
    verdict = "MET" if r["met"] else "NOT MET"
    print(f"target: {verdict:<8} {r['target']} ({r['diff_s']:.3f} s)")
    return 0


if __name__ == "__main__":
    sys.exit(main())
