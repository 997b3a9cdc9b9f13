"""How claim extraction and checking grow with their input: time against text size and against
the number of claims, so a request's cost is bounded by its size limits.

This is a benchmark that reports, not a test: it always exits 0.

Extraction runs on real text: the claims corpus's articles (``tests/data/claims_corpus``)
joined until each size is reached (12,500 to 200,000 characters, the default limit).
Checking runs the bundled ledger's claims, repeated with fresh ids up to 16,000 claims (16
times the smallest count, as for text), against the bundled data loaded into a temp database
(or ``--db``). Each size is timed
``--runs`` times (median) after one untimed warm-up; the figure that matters is the time per
unit (per 10,000 characters, per 1,000 claims) at the largest size divided by the same at the
smallest: about 1 means linear, 2 or more at 16x the size means worse than linear.

Usage::

    .venv/bin/python bench/claims_scaling.py [--db FILE] [--runs N] [--json]
"""

from __future__ import annotations

import argparse
import json
import statistics
import sys
import tempfile
import time
from dataclasses import replace
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]
TEXT_SIZES = (12_500, 25_000, 50_000, 100_000, 200_000)
CLAIM_COUNTS = (1_000, 4_000, 16_000)
LINEAR_LIMIT = 1.5  # per-unit time at the largest size over the smallest's


def corpus_text(size: int) -> str:
    """Real article text, the corpus's files joined in name order, cut at ``size``."""
    parts: list[str] = []
    total = 0
    files = sorted((REPO / "tests/data/claims_corpus/texts").glob("*.txt"))
    while total < size:
        for f in files:
            body = f.read_text(encoding="utf-8")
            parts.append(body)
            total += len(body) + 2
            if total >= size:
                break
    return "\n\n".join(parts)[:size]


def timed(fn: object, runs: int) -> float:
    assert callable(fn)
    fn()  # warm-up
    times = []
    for _ in range(runs):
        t = time.perf_counter()
        fn()
        times.append(time.perf_counter() - t)
    return statistics.median(times)


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--db", help="a loaded armsledger database (default: load the bundled "
                    "data into a temp file)")
    ap.add_argument("--runs", type=int, default=3)
    ap.add_argument("--json", action="store_true")
    args = ap.parse_args()

    from armsledger.claims.check import check_claims
    from armsledger.claims.extract import extract
    from armsledger.claims.ledger import list_claims
    from armsledger.ingest import load_bundled
    from armsledger.store import Store

    out: dict[str, list[dict[str, float]]] = {"extract": [], "check": []}
    for size in TEXT_SIZES:
        text = corpus_text(size)
        secs = timed(lambda t=text: extract(t, max_chars=len(t)), args.runs)
        out["extract"].append({"characters": size, "seconds": secs,
                               "seconds_per_10k_chars": secs / size * 10_000})

    with tempfile.TemporaryDirectory() as tmp:
        path = Path(args.db) if args.db else Path(tmp) / "bench.duckdb"
        if not args.db:
            with Store(path) as s:
                load_bundled(s)
        with Store(path, read_only=bool(args.db)) as store:
            base = list_claims(store)
            for n in CLAIM_COUNTS:
                claims = [replace(base[i % len(base)], claim_id=None) for i in range(n)]
                secs = timed(lambda c=claims: check_claims(store, c, use_ledger=False),
                             max(1, args.runs if n <= 4_000 else 1))
                out["check"].append({"claims": n, "seconds": secs,
                                     "seconds_per_1k_claims": secs / n * 1_000})

    ratios = {
        "extract": out["extract"][-1]["seconds_per_10k_chars"]
        / out["extract"][0]["seconds_per_10k_chars"],
        "check": out["check"][-1]["seconds_per_1k_claims"]
        / out["check"][0]["seconds_per_1k_claims"],
    }
    if args.json:
        print(json.dumps({**out, "ratios": ratios}, indent=2))
        return
    print("Claim extraction on real text (median of runs):")
    print(f"  {'characters':>10}  {'seconds':>8}  {'s per 10k chars':>15}")
    for row in out["extract"]:
        print(f"  {row['characters']:>10,}  {row['seconds']:>8.2f}  "
              f"{row['seconds_per_10k_chars']:>15.3f}")
    print("Claim checking (the bundled ledger's claims repeated, bundled data):")
    print(f"  {'claims':>10}  {'seconds':>8}  {'s per 1k claims':>15}")
    for row in out["check"]:
        print(f"  {row['claims']:>10,}  {row['seconds']:>8.2f}  "
              f"{row['seconds_per_1k_claims']:>15.3f}")
    for what, ratio in ratios.items():
        verdict = "linear" if ratio < LINEAR_LIMIT else "WORSE THAN LINEAR"
        print(f"{what}: time per unit at the largest size / at the smallest = {ratio:.2f} "
              f"({verdict}; target < {LINEAR_LIMIT})")
    sys.stdout.flush()


if __name__ == "__main__":
    main()
