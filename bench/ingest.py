"""Ingest benchmark: rows/s and peak RSS for loading SIPRI files into the store.

This is a benchmark that reports, not a test: it always exits 0.

For every file it runs the whole load (``read_source`` + ``Store.load`` into a fresh DuckDB
file) in a separate Python process, so the peak RSS reported is that file's alone. The child
measures wall time of ``read_source`` and of ``Store.load`` separately, and its peak RSS with
``getrusage(RUSAGE_SELF).ru_maxrss`` at the end.

Files measured:

(a) the real SIPRI exports under ``--data`` (default: ``<repo>/../shared/data``), or, if that
    folder is missing, every CSV in the bundled ``src/armsledger/data/sipri/``;
(b) a synthetic delivery-year file 100x the real delivery-year export (deal ids shifted by
    ``k * 10_000_000`` in copy ``k`` so they stay unique), written to a temp dir or
    ``--workdir``. Skip it with ``--skip-synthetic``.

Usage::

    .venv/bin/python bench/ingest.py [--data DIR] [--workdir DIR] [--json] [--skip-synthetic]

The parent process deliberately imports neither polars, DuckDB nor armsledger: it only
generates the synthetic file (streamed, one copy of the source in memory) and starts the
children.
"""

from __future__ import annotations

import argparse
import gzip
import json
import resource
import shutil
import subprocess
import sys
import tempfile
import time
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]
DEFAULT_DATA = REPO.parent / "shared" / "data"
BUNDLED = REPO / "src" / "armsledger" / "data" / "sipri"

REAL_FILES = [
    "sipri_atdb_newformat_2026/trade_register.csv",
    "sipri_trade_register_2025/trade-register.csv",
    "sipri_trade_register_2025_deliveries/trade-register.csv",
    "sipri_2024_release_mjhofmann/trade-register.csv",
    "sipri_2024_release_mjhofmann/import-export-values_1950-2024.csv",
    "sipri_2024_release_mjhofmann/import-export-values_1950-2024_1950-2024.csv",
]
DELIVERY_YEAR_HEADER = b"SIPRI AT Database ID,Supplier,Recipient"
"""How the delivery-year export's header line starts (used to find it without armsledger)."""

COPIES = 100
ID_STRIDE = 10_000_000

TARGET_REAL_TOTAL_S = 2.0
TARGET_SYNTH_ROWS_PER_S = 300_000
TARGET_SYNTH_RSS_MIB = 1.5 * 1024


# -- child: one file, one process -------------------------------------------------------------


def _vm_hwm_kib() -> int | None:
    """The kernel's RSS high-water mark of this process image (cross-check for ru_maxrss)."""
    try:
        for line in Path("/proc/self/status").read_text().splitlines():
            if line.startswith("VmHWM:"):
                return int(line.split()[1])
    except OSError:
        pass
    return None


def _maxrss_kib() -> int:
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss  # KiB on Linux


def run_one(path: str, workdir: str | None) -> dict:
    """Load one file into a fresh store; return timings, counts and peak RSS."""
    t0 = time.perf_counter()
    from armsledger.sources import read_source
    from armsledger.store import Store

    import_s = time.perf_counter() - t0
    baseline_kib = _maxrss_kib()

    with tempfile.TemporaryDirectory(prefix="armsledger-bench-db-", dir=workdir) as tmp:
        t_start = time.perf_counter()
        parsed = read_source(path)
        t_parsed = time.perf_counter()
        store = Store(Path(tmp) / "bench.duckdb")
        t_opened = time.perf_counter()
        store.load(parsed, name="bench")
        t_loaded = time.perf_counter()
        store.close()
        t_closed = time.perf_counter()
        db_bytes = (Path(tmp) / "bench.duckdb").stat().st_size

    counts = parsed.counts
    total_s = t_closed - t_start
    return {
        "file": path,
        "format": parsed.format.value,
        "bytes": Path(path).stat().st_size,
        "source_rows": counts["source_rows"],
        "deliveries": counts["deliveries"],
        "deals": counts["deals"],
        "tiv_values": counts["tiv_values"],
        "warnings": counts["warnings"],
        "import_s": import_s,
        "parse_s": t_parsed - t_start,
        "store_s": t_loaded - t_opened,
        "open_close_s": (t_opened - t_parsed) + (t_closed - t_loaded),
        "total_s": total_s,
        "delivery_rows_per_s": counts["deliveries"] / total_s if total_s > 0 else None,
        "peak_rss_mib": _maxrss_kib() / 1024,
        "baseline_rss_mib": baseline_kib / 1024,
        "vm_hwm_mib": (_vm_hwm_kib() or 0) / 1024 or None,
        "db_bytes": db_bytes,
    }


def measure(path: Path, workdir: str | None) -> dict:
    """Run :func:`run_one` for ``path`` in a fresh interpreter and return its result."""
    cmd = [sys.executable, str(Path(__file__).resolve()), "--one", str(path)]
    if workdir:
        cmd += ["--workdir", workdir]
    result = run_json_child(cmd)
    if "error" in result:
        result = {"file": str(path), **result}
    return result


def run_json_child(cmd: list[str]) -> dict:
    """Run a child process whose last stdout line is JSON; add its wall time as process_s.

    On failure, ``{"error": <last lines of its output>}``. Shared with bench/queries.py.
    """
    t0 = time.perf_counter()
    proc = subprocess.run(cmd, capture_output=True, text=True)
    wall = time.perf_counter() - t0
    if proc.returncode == 0:
        try:
            result = json.loads(proc.stdout.strip().splitlines()[-1])
            result["process_s"] = wall
            return result
        except (json.JSONDecodeError, IndexError):
            pass
    tail = (proc.stderr or proc.stdout).strip().splitlines()[-3:]
    return {"error": " | ".join(tail) or f"exit code {proc.returncode}"}


def measure_repeated(path: Path, workdir: str | None, repeat: int) -> dict:
    """:func:`measure` ``repeat`` times; the run with the median total time is reported."""
    runs = [measure(path, workdir) for _ in range(max(repeat, 1))]
    ok = sorted((r for r in runs if "error" not in r), key=lambda r: r["total_s"])
    if not ok:
        return runs[0]
    result = dict(ok[(len(ok) - 1) // 2])
    if repeat > 1:
        result["runs"] = [
            {k: r.get(k) for k in ("total_s", "parse_s", "store_s", "peak_rss_mib", "error")}
            for r in runs
        ]
    return result


# -- synthetic file ---------------------------------------------------------------------------


def _read_bytes(path: Path) -> bytes:
    data = path.read_bytes()
    return gzip.decompress(data) if data[:2] == b"\x1f\x8b" else data


def _is_delivery_year(path: Path) -> bool:
    try:
        head = _read_bytes(path)[: 64 * 1024]
    except OSError:
        return False
    return any(
        line.lstrip(b"\xef\xbb\xbf").startswith(DELIVERY_YEAR_HEADER)
        for line in head.split(b"\n")[:30]
    )


def make_synthetic(src: Path, dest: Path, copies: int = COPIES) -> dict:
    """Write ``copies`` copies of ``src``'s data lines after its preamble and header.

    Copy ``k`` gets deal id ``id + k * ID_STRIDE``. Line ends (CRLF) and the trailing ';'
    are kept as in the source. Streamed: at most one copy is built in memory at a time.
    """
    t0 = time.perf_counter()
    data = _read_bytes(src)
    lines = data.split(b"\n")
    header_index = next(
        (
            i
            for i, ln in enumerate(lines[:30])
            if ln.lstrip(b"\xef\xbb\xbf").startswith(DELIVERY_YEAR_HEADER)
        ),
        None,
    )
    if header_index is None:
        raise ValueError(f"{src}: no delivery-year header in the first 30 lines")
    eol = b"\r\n" if b"\r\n" in data[:4096] else b"\n"
    head = b"\n".join(lines[: header_index + 1]) + b"\n"
    body = [ln.rstrip(b"\r") for ln in lines[header_index + 1 :]]
    body = [ln for ln in body if ln.strip()]
    last_has_eol = data.endswith(b"\n")
    split = [ln.split(b",", 1) for ln in body]
    ids = [int(first) for first, _ in split]
    if min(ids) < 1 or max(ids) >= ID_STRIDE:
        raise ValueError(f"{src}: deal ids outside 1..{ID_STRIDE - 1}; shifted ids would clash")
    rests = [b"," + rest + eol for _, rest in split]
    del split, body, lines

    dest.parent.mkdir(parents=True, exist_ok=True)
    with dest.open("wb") as out:
        out.write(head)
        for k in range(copies):
            shift = k * ID_STRIDE
            chunk = b"".join(str(i + shift).encode() + r for i, r in zip(ids, rests, strict=True))
            if k == copies - 1 and not last_has_eol:
                chunk = chunk[: -len(eol)]  # end the file as the source ends
            out.write(chunk)
    return {
        "source": str(src),
        "path": str(dest),
        "bytes": dest.stat().st_size,
        "data_lines": len(ids) * copies,
        "preamble_lines": header_index,
        "generate_s": time.perf_counter() - t0,
    }


# -- file discovery -------------------------------------------------------------------------


def find_files(data: Path) -> tuple[list[tuple[str, Path]], list[str], str]:
    """(label, path) pairs to measure, notes about missing files, and where they came from."""
    notes: list[str] = []
    if data.is_dir():
        found = [(rel, data / rel) for rel in REAL_FILES if (data / rel).is_file()]
        notes += [
            f"missing (skipped): {data / rel}" for rel in REAL_FILES if not (data / rel).is_file()
        ]
        if found:
            return found, notes, str(data)
        notes.append(f"none of the expected files are in {data}; listing it instead")
        listed = _list_csvs(data)
        if listed:
            return listed, notes, str(data)
    else:
        notes.append(f"data folder not found: {data}")
    if BUNDLED.is_dir():
        notes.append(f"using the bundled copies in {BUNDLED}")
        return _list_csvs(BUNDLED), notes, str(BUNDLED)
    notes.append(f"bundled folder not found either: {BUNDLED}")
    return [], notes, ""


def _list_csvs(folder: Path) -> list[tuple[str, Path]]:
    paths = sorted(
        p for p in folder.rglob("*") if p.is_file() and p.name.endswith((".csv", ".csv.gz"))
    )
    return [(str(p.relative_to(folder)), p) for p in paths]


# -- report ---------------------------------------------------------------------------------


def _fmt_row(label: str, r: dict, width: int) -> str:
    if "error" in r:
        return f"{label:<{width}} FAILED: {r['error']}"
    rate = r["delivery_rows_per_s"]
    rate_s = f"{rate:>12,.0f}" if r["deliveries"] else f"{'-':>12}"
    return (
        f"{label:<{width}} {r['format']:<21} {r['deliveries']:>10,} {r['deals']:>10,} "
        f"{r['parse_s']:>7.3f} {r['store_s']:>7.3f} {r['total_s']:>7.3f} {rate_s} "
        f"{r['peak_rss_mib']:>9.1f}"
    )


def _header_line(width: int) -> str:
    return (
        f"{'file':<{width}} {'format':<21} {'deliveries':>10} {'deals':>10} "
        f"{'parse s':>7} {'store s':>7} {'total s':>7} {'deliv rows/s':>12} {'peak MiB':>9}"
    )


def targets(
    results: list[dict], real_dy: str | None, synth: str | None, copies: int = COPIES
) -> list[dict]:
    by_label = {r["label"]: r for r in results}
    out = []

    r = by_label.get(real_dy) if real_dy else None
    ok = r is not None and "error" not in r
    out.append(
        {
            "target": f"real delivery-year export loads in < {TARGET_REAL_TOTAL_S:g} s total",
            "file": real_dy,
            "value": f"{r['total_s']:.3f} s" if ok else None,
            "met": (r["total_s"] < TARGET_REAL_TOTAL_S) if ok else None,
        }
    )
    r = by_label.get(synth) if synth else None
    ok = r is not None and "error" not in r
    out.append(
        {
            "target": f"{copies}x file at >= {TARGET_SYNTH_ROWS_PER_S:,} delivery rows/s",
            "file": synth,
            "value": f"{r['delivery_rows_per_s']:,.0f} rows/s" if ok else None,
            "met": (r["delivery_rows_per_s"] >= TARGET_SYNTH_ROWS_PER_S) if ok else None,
        }
    )
    out.append(
        {
            "target": f"{copies}x file peak RSS < {TARGET_SYNTH_RSS_MIB / 1024:g} GiB",
            "file": synth,
            "value": f"{r['peak_rss_mib']:.1f} MiB" if ok else None,
            "met": (r["peak_rss_mib"] < TARGET_SYNTH_RSS_MIB) if ok else None,
        }
    )
    return out


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--data", type=Path, default=DEFAULT_DATA, help="folder of real SIPRI files")
    ap.add_argument("--workdir", help="where to write the synthetic file and the DuckDB files")
    ap.add_argument("--json", action="store_true", help="print the results as JSON")
    ap.add_argument("--skip-synthetic", action="store_true", help="skip the 100x file")
    ap.add_argument(
        "--repeat", type=int, default=1, help="runs per file; the median (by total s) is shown"
    )
    ap.add_argument("--copies", type=int, default=COPIES, help=argparse.SUPPRESS)
    ap.add_argument("--one", help=argparse.SUPPRESS)  # child mode: measure one file
    args = ap.parse_args(argv)

    if args.one:
        print(json.dumps(run_one(args.one, args.workdir)))
        return 0

    if args.workdir:
        Path(args.workdir).mkdir(parents=True, exist_ok=True)
    files, notes, origin = find_files(args.data)
    real_dy = next((label for label, p in files if _is_delivery_year(p)), None)
    real_dy_path = dict(files).get(real_dy) if real_dy else None

    results: list[dict] = []
    for label, path in files:
        if not args.json:
            print(f"measuring {label} ...", file=sys.stderr, flush=True)
        results.append({"label": label, **measure_repeated(path, args.workdir, args.repeat)})

    synth_label = None
    synth_info = None
    if not args.skip_synthetic:
        if real_dy_path is None:
            notes.append("no delivery-year export found: synthetic file skipped")
        else:
            made_tmp = args.workdir is None
            work = Path(tempfile.mkdtemp(prefix="armsledger-bench-")) if made_tmp else None
            work = work or Path(args.workdir)
            try:
                if not args.json:
                    print(f"writing {args.copies}x synthetic file ...", file=sys.stderr, flush=True)
                dest = work / f"delivery_year_x{args.copies}.csv"
                synth_info = make_synthetic(real_dy_path, dest, args.copies)
                synth_label = f"synthetic {args.copies}x {real_dy}"
                if not args.json:
                    print(f"measuring {synth_label} ...", file=sys.stderr, flush=True)
                result = measure_repeated(dest, args.workdir, args.repeat)
                results.append({"label": synth_label, **result})
            except (OSError, ValueError) as e:
                notes.append(f"synthetic file failed: {e}")
            finally:
                if made_tmp:
                    shutil.rmtree(work, ignore_errors=True)

    checks = targets(results, real_dy, synth_label, args.copies)
    if args.json:
        report = {
            "python": sys.version.split()[0],
            "data": origin,
            "notes": notes,
            "synthetic": synth_info,
            "results": results,
            "targets": checks,
        }
        print(json.dumps(report, indent=2))
        return 0

    for note in notes:
        print(f"note: {note}")
    if not results:
        print("nothing to measure: no data folder and no bundled copies")
        return 0
    print(f"data: {origin}")
    if synth_info:
        print(
            f"synthetic: {synth_info['data_lines']:,} data lines, "
            f"{synth_info['bytes'] / 2**20:.1f} MiB, written in {synth_info['generate_s']:.2f} s"
        )
    width = max(len(r["label"]) for r in results)
    print(_header_line(width))
    for r in results:
        print(_fmt_row(r["label"], r, width))
    print()
    if args.repeat > 1:
        print(f"each file run {args.repeat} times; the run with the median total s is shown")
    print(
        "parse s = read_source; store s = Store.load; total s = read_source + Store() + "
        "Store.load + close();\nrows/s = delivery rows / total s; peak = ru_maxrss of a fresh "
        "process per file (incl. ~60 MiB of imports)"
    )
    print("targets:")
    for c in checks:
        verdict = {True: "MET", False: "NOT MET", None: "not measured"}[c["met"]]
        value = f" ({c['value']})" if c["value"] else ""
        print(f"  {verdict:<12} {c['target']}{value}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
