"""Query benchmark: latency of ``profile()`` and ``top()``, peak RSS, and a pandas baseline.

This is a benchmark that reports, not a test: it always exits 0.

Stores measured (each built in its own Python process, in a temp dir or ``--workdir``):

(a) ``bundled``: the bundled SIPRI data (``load_bundled``); queries use its default release,
    the delivery-year export;
(b) ``synthetic``: the 100x delivery-year file written by ``bench/ingest.py``'s
    ``make_synthetic`` (deal ids differ per copy, suppliers, recipients and years do not, so
    every TIV is 100x), loaded with ``load_file``. Skip it with ``--skip-synthetic``.

For each store, a fresh process opens it and times (``time.perf_counter``), call by call:

- ``profile(store, exporter)`` (period 2020-2024, compare 'previous') for every supplier with
  deliveries in 2020-2024 in the default release (from ``flows``; biggest TIV first, so
  ``--limit N`` keeps the N biggest);
- ``top(store, role)`` for exporters and importers and every period 1995-1999 ... 2020-2024.

Its peak RSS (``ru_maxrss`` at the end) is that store's alone. Another fresh process runs the
pandas baseline on the same exporters: it reads the tables it needs from DuckDB into pandas
once and joins deliveries with deals once (the one-time cost, reported, not in the per-call
times), then computes the profile core per exporter (total TIV, world total, share, rank
among states, change, recipients, categories, status mix, yearly series). The parent checks
that TIV, share, rank and change agree with armsledger's for every exporter.

Usage::

    .venv/bin/python bench/queries.py [--workdir DIR] [--json] [--skip-synthetic] [--limit N]

The parent process imports neither polars, DuckDB, pandas nor armsledger.
"""

from __future__ import annotations

import argparse
import importlib.util
import json
import math
import resource
import shutil
import sys
import tempfile
import time
from pathlib import Path
from types import ModuleType
from typing import Any

HERE = Path(__file__).resolve()
REPO = HERE.parents[1]

PERIOD = (2020, 2024)
COMPARE = (2015, 2019)  # 'previous' of PERIOD
TOP_PERIODS = [(y, y + 4) for y in range(1995, 2021, 5)]
TOP_LIMIT = 10
STATE_KINDS = ("state", "historical_state")

TARGET_BUNDLED_P95_MS = 50.0
TARGET_SYNTH_P95_MS = 1000.0

CHECKED = ("tiv", "share_pct", "rank", "change_pct")


def _ingest_bench() -> ModuleType:
    """bench/ingest.py as a module (it only imports the standard library)."""
    spec = importlib.util.spec_from_file_location(
        "armsledger_bench_ingest", HERE.with_name("ingest.py")
    )
    if spec is None or spec.loader is None:
        raise ImportError("cannot import bench/ingest.py")
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def _maxrss_mib() -> float:
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024  # KiB on Linux


def _ms(seconds: list[float]) -> dict:
    """p50 / p95 / max / mean in ms (nearest-rank percentiles) of a list of seconds."""
    if not seconds:
        return {"n": 0, "p50": None, "p95": None, "max": None, "mean": None, "first": None}
    s = sorted(seconds)

    def pct(q: float) -> float:
        return 1000 * s[max(math.ceil(q * len(s)) - 1, 0)]

    return {
        "n": len(s),
        "p50": pct(0.50),
        "p95": pct(0.95),
        "max": 1000 * s[-1],
        "mean": 1000 * sum(s) / len(s),
        "first": 1000 * seconds[0],
    }


# -- child: build one store -------------------------------------------------------------------


def build_store(kind: str, db: str, source: str | None) -> dict:
    """Load the bundled data (kind 'bundled') or one file (kind 'file') into a fresh store."""
    from armsledger.ingest import load_bundled, load_file
    from armsledger.store import Store

    t0 = time.perf_counter()
    with Store(db) as store:
        if kind == "bundled":
            load_bundled(store)
        else:
            load_file(store, source, name="synthetic-x100")
        releases = store.releases()
        default = store.release(needs="deliveries")
    return {
        "build_s": time.perf_counter() - t0,
        "releases": len(releases),
        "release": default.name,
        "deliveries": default.deliveries,
        "deals": default.deals,
        "db_bytes": Path(db).stat().st_size,
        "peak_rss_mib": _maxrss_mib(),
    }


# -- child: armsledger queries ----------------------------------------------------------------


def run_armsledger(db: str, limit: int | None) -> dict:
    """Time profile() for every 2020-2024 exporter and top() for every period and role."""
    from armsledger.analysis.profile import profile
    from armsledger.analysis.ranking import top
    from armsledger.store import Store

    base_rss = _maxrss_mib()
    t0 = time.perf_counter()
    store = Store(db)
    rel = store.release(needs="deliveries")
    open_s = time.perf_counter() - t0
    exporters = store.query(
        """
        SELECT supplier FROM flows WHERE release_id = $r AND year BETWEEN $a AND $b
        GROUP BY supplier ORDER BY sum(tiv) DESC NULLS LAST, supplier
        """,
        {"r": rel.release_id, "a": PERIOD[0], "b": PERIOD[1]},
    )["supplier"].to_list()
    all_exporters = len(exporters)
    if limit is not None:
        exporters = exporters[:limit]

    period = f"{PERIOD[0]}-{PERIOD[1]}"
    profiles: list[dict] = []
    times: list[float] = []
    for name in exporters:
        t = time.perf_counter()
        p = profile(store, name, role="exporter", period=period, compare="previous")
        dt = time.perf_counter() - t
        times.append(dt)
        profiles.append(
            {
                "exporter": name,
                "ms": 1000 * dt,
                "actors": p.actors,
                "tiv": p.period.tiv,
                "world_tiv": p.period.world_tiv,
                "share_pct": p.period.share_of_world_pct,
                "rank": p.period.rank,
                "change_pct": p.change_pct,
            }
        )

    top_times: list[float] = []
    tops: list[dict] = []
    for role in ("exporter", "importer"):
        for a, b in TOP_PERIODS:
            t = time.perf_counter()
            result = top(store, role, period=f"{a}-{b}", compare="previous", limit=TOP_LIMIT)
            dt = time.perf_counter() - t
            top_times.append(dt)
            tops.append(
                {"role": role, "period": f"{a}-{b}", "ms": 1000 * dt, "rows": len(result.rows)}
            )
    store.close()
    return {
        "release": rel.name,
        "exporters_in_period": all_exporters,
        "open_s": open_s,
        "profile_ms": _ms(times),
        "profile_total_s": sum(times),
        "top_ms": _ms(top_times),
        "profiles": profiles,
        "tops": tops,
        "import_rss_mib": base_rss,
        "peak_rss_mib": _maxrss_mib(),
    }


# -- child: pandas baseline -------------------------------------------------------------------


def _pandas_tables(db: str) -> tuple[dict, float, float]:
    """Read deals, deliveries and actors of the default release; join them once."""
    import duckdb

    t0 = time.perf_counter()
    con = duckdb.connect(db, read_only=True)
    (release_id,) = con.execute(
        "SELECT release_id FROM releases WHERE deliveries > 0 ORDER BY release_id DESC LIMIT 1"
    ).fetchone()
    deals = con.execute(
        "SELECT deal_id, supplier, recipient, category, status FROM deals WHERE release_id = ?",
        [release_id],
    ).df()
    deliveries = con.execute(
        "SELECT deal_id, year, tiv FROM deliveries WHERE release_id = ?", [release_id]
    ).df()
    actors = con.execute("SELECT sipri_name, name, kind FROM actors").df()
    con.close()
    read_s = time.perf_counter() - t0

    t0 = time.perf_counter()
    kinds = actors.rename(columns={"sipri_name": "supplier", "kind": "supplier_kind"})
    joined = deliveries.merge(deals, on="deal_id", how="inner").merge(
        kinds[["supplier", "supplier_kind"]], on="supplier", how="left"
    )
    in_release = set(deals["supplier"]) | set(deals["recipient"])
    names = actors[actors["sipri_name"].isin(in_release)].sort_values("sipri_name")
    names = names.assign(
        lower_sipri=names["sipri_name"].str.lower(), lower_name=names["name"].str.lower()
    )
    prep_s = time.perf_counter() - t0
    return {"joined": joined, "names": names}, read_s, prep_s


def _pandas_shares(rows: Any, by: str, total: float) -> list[dict]:
    sums = rows.groupby(by)["tiv"].sum().sort_values(ascending=False)
    return [
        {by: key, "tiv": float(v), "share_pct": 100.0 * v / total if total else None}
        for key, v in sums.items()
    ]


def pandas_profile(tables: dict, actor: str) -> dict:
    """The exporter profile core, in plain pandas."""
    joined, names = tables["joined"], tables["names"]
    q = actor.strip().lower()
    matched = names[(names["lower_sipri"] == q) | (names["lower_name"] == q)]["sipri_name"]
    members = matched.tolist()
    label = members[0]
    first, last = min(PERIOD[0], COMPARE[0]), max(PERIOD[1], COMPARE[1])
    span = joined[joined["year"].between(first, last)]
    mine = span[span["supplier"].isin(members)]

    out: dict = {"actors": members}
    for key, (a, b) in (("period", PERIOD), ("compare", COMPARE)):
        world_rows = span[span["year"].between(a, b)]
        rows = mine[mine["year"].between(a, b)]
        tiv = float(rows["tiv"].sum())
        world = float(world_rows["tiv"].sum())
        is_member = world_rows["supplier"].isin(members)
        states = world_rows[world_rows["supplier_kind"].isin(STATE_KINDS) | is_member]
        label_col = states["supplier"].where(~states["supplier"].isin(members), label)
        by_state = states["tiv"].groupby(label_col).sum()
        ranks = by_state.rank(method="min", ascending=False)
        rank = int(ranks[label]) if label in ranks.index and tiv > 0 else None
        out[key] = {
            "tiv": tiv,
            "world_tiv": world,
            "share_pct": 100.0 * tiv / world if world else None,
            "rank": rank,
            "ranked_actors": len(by_state),
            "recipients": _pandas_shares(rows, "recipient", tiv),
            "categories": _pandas_shares(
                rows.assign(category=rows["category"].fillna("unknown")), "category", tiv
            ),
            "status": _pandas_shares(
                rows.assign(status=rows["status"].fillna("unknown")), "status", tiv
            ),
            "yearly": [
                {"year": int(y), "tiv": float(v)}
                for y, v in rows.groupby("year")["tiv"]
                .sum()
                .reindex(range(a, b + 1), fill_value=0.0)
                .items()
            ],
        }
    now, before = out["period"]["tiv"], out["compare"]["tiv"]
    out["change_pct"] = (now / before - 1.0) * 100.0 if before else None
    return out


def run_pandas(db: str, exporters_file: str) -> dict:
    """Time the pandas baseline for the exporters listed (JSON) in ``exporters_file``."""
    import pandas as pd

    base_rss = _maxrss_mib()
    exporters = json.loads(Path(exporters_file).read_text(encoding="utf-8"))
    tables, read_s, prep_s = _pandas_tables(db)
    times: list[float] = []
    profiles: list[dict] = []
    for name in exporters:
        t = time.perf_counter()
        p = pandas_profile(tables, name)
        dt = time.perf_counter() - t
        times.append(dt)
        profiles.append(
            {
                "exporter": name,
                "ms": 1000 * dt,
                "actors": p["actors"],
                "tiv": p["period"]["tiv"],
                "world_tiv": p["period"]["world_tiv"],
                "share_pct": p["period"]["share_pct"],
                "rank": p["period"]["rank"],
                "change_pct": p["change_pct"],
            }
        )
    return {
        "pandas": pd.__version__,
        "rows": len(tables["joined"]),
        "read_s": read_s,
        "prep_s": prep_s,
        "profile_ms": _ms(times),
        "profile_total_s": sum(times),
        "profiles": profiles,
        "import_rss_mib": base_rss,
        "peak_rss_mib": _maxrss_mib(),
    }


# -- parent -----------------------------------------------------------------------------------


def _child(args: list[str]) -> dict:
    """Run this script in child mode in a fresh interpreter; its last stdout line is JSON."""
    return _ingest_bench().run_json_child([sys.executable, str(HERE), *args])


def _same(a: object, b: object) -> bool:
    if a is None or b is None:
        return a is None and b is None
    if isinstance(a, float) or isinstance(b, float):
        return math.isclose(float(a), float(b), rel_tol=1e-9, abs_tol=1e-9)
    return a == b


def compare_results(ours: dict, theirs: dict) -> dict:
    """Exporters whose TIV, share, rank or change differ between armsledger and pandas."""
    mine = {p["exporter"]: p for p in ours.get("profiles", [])}
    other = {p["exporter"]: p for p in theirs.get("profiles", [])}
    mismatches = []
    for name, p in mine.items():
        q = other.get(name)
        if q is None:
            mismatches.append({"exporter": name, "field": "missing in pandas"})
            continue
        for f in CHECKED:
            if not _same(p[f], q[f]):
                mismatches.append(
                    {"exporter": name, "field": f, "armsledger": p[f], "pandas": q[f]}
                )
        if p["actors"] != q["actors"]:
            mismatches.append(
                {
                    "exporter": name,
                    "field": "actors",
                    "armsledger": p["actors"],
                    "pandas": q["actors"],
                }
            )
    return {"checked": len(mine), "mismatches": mismatches}


def _remove_db(path: Path) -> None:
    for p in (path, path.with_name(path.name + ".wal")):
        if p.exists():
            p.unlink()


def measure_store(label: str, db: Path, work: Path, limit: int | None, quiet: bool) -> dict:
    """armsledger and pandas children for one built store, plus the comparison."""
    out: dict = {}
    if not quiet:
        print(f"[{label}] armsledger queries ...", file=sys.stderr, flush=True)
    lim = ["--limit", str(limit)] if limit is not None else []
    ours = _child(["--child", "armsledger", "--db", str(db), *lim])
    out["armsledger"] = ours
    if "error" in ours:
        return out
    exporters_file = work / f"exporters-{label}.json"
    exporters_file.write_text(json.dumps([p["exporter"] for p in ours["profiles"]]))
    if not quiet:
        print(f"[{label}] pandas baseline ...", file=sys.stderr, flush=True)
    theirs = _child(["--child", "pandas", "--db", str(db), "--exporters", str(exporters_file)])
    out["pandas"] = theirs
    out["check"] = compare_results(ours, theirs) if "error" not in theirs else None
    if "error" not in theirs and ours["profiles"]:
        n = len(ours["profiles"])
        a_p50, p_p50 = ours["profile_ms"]["p50"], theirs["profile_ms"]["p50"]
        a_p95, p_p95 = ours["profile_ms"]["p95"], theirs["profile_ms"]["p95"]
        one_time_s = theirs["read_s"] + theirs["prep_s"]
        out["vs_pandas"] = {
            "p50_ratio": a_p50 / p_p50 if p_p50 else None,
            "p95_ratio": a_p95 / p_p95 if p_p95 else None,
            "exporters": n,
            "armsledger_amortised_ms": 1000 * (ours["open_s"] + ours["profile_total_s"]) / n,
            "pandas_amortised_ms": 1000 * (one_time_s + theirs["profile_total_s"]) / n,
            "pandas_one_time_s": one_time_s,
        }
    return out


def targets(stores: dict) -> list[dict]:
    out = []

    def p95_target(label: str, limit_ms: float, text: str) -> None:
        r = stores.get(label, {}).get("armsledger")
        ok = r is not None and "error" not in r and r["profile_ms"]["p95"] is not None
        out.append(
            {
                "target": text,
                "value": f"p95 {r['profile_ms']['p95']:.1f} ms" if ok else None,
                "met": (r["profile_ms"]["p95"] < limit_ms) if ok else None,
            }
        )

    p95_target(
        "bundled", TARGET_BUNDLED_P95_MS, f"bundled: profile p95 < {TARGET_BUNDLED_P95_MS:g} ms"
    )
    p95_target(
        "synthetic",
        TARGET_SYNTH_P95_MS,
        f"synthetic 100x: profile p95 < {TARGET_SYNTH_P95_MS / 1000:g} s",
    )
    for label in ("bundled", "synthetic"):
        v = stores.get(label, {}).get("vs_pandas")
        a = stores.get(label, {}).get("armsledger", {})
        p = stores.get(label, {}).get("pandas", {})
        ok = v is not None
        out.append(
            {
                "target": f"{label}: profile p50 faster than pandas p50 per call "
                "(pandas one-time read excluded)",
                "value": f"{a['profile_ms']['p50']:.1f} vs {p['profile_ms']['p50']:.1f} ms"
                if ok
                else None,
                "met": (a["profile_ms"]["p50"] < p["profile_ms"]["p50"]) if ok else None,
            }
        )
        out.append(
            {
                "target": f"{label}: faster than pandas amortised over all profiled exporters "
                "(pandas one-time read + join included)",
                "value": f"{v['armsledger_amortised_ms']:.1f} vs {v['pandas_amortised_ms']:.1f} "
                f"ms per profile over {v['exporters']}"
                if ok
                else None,
                "met": (v["armsledger_amortised_ms"] < v["pandas_amortised_ms"]) if ok else None,
            }
        )
    return out


def _lat(d: dict) -> str:
    """p50, p95, max and first call, ms."""
    if not d["n"]:
        return f"{'-':>8} {'-':>8} {'-':>8} {'-':>7}"
    return f"{d['p50']:8.1f} {d['p95']:8.1f} {d['max']:8.1f} {d['first']:7.1f}"


def print_report(report: dict) -> None:
    for note in report["notes"]:
        print(f"note: {note}")
    if report.get("synthetic_file"):
        s = report["synthetic_file"]
        print(
            f"synthetic: {s['data_lines']:,} data lines from {s['source']}, "
            f"{s['bytes'] / 2**20:.1f} MiB, written in {s['generate_s']:.2f} s"
        )
    stores = report["stores"]
    print()
    print("stores:")
    for label, st in stores.items():
        b = st["build"]
        if "error" in b:
            print(f"  {label:<10} build FAILED: {b['error']}")
            continue
        print(
            f"  {label:<10} release {b['release']}: {b['deliveries']:,} deliveries, "
            f"{b['deals']:,} deals; built in {b['build_s']:.2f} s, "
            f"{b['db_bytes'] / 2**20:.1f} MiB on disk"
        )
    print()
    print("armsledger (ms)        n      p50      p95      max   first  peak MiB")
    for label, st in stores.items():
        r = st.get("armsledger")
        if r is None:
            continue
        if "error" in r:
            print(f"  {label:<10} FAILED: {r['error']}")
            continue
        pm, tm = r["profile_ms"], r["top_ms"]
        print(f"  {label:<10} profile {pm['n']:>4} {_lat(pm)} {r['peak_rss_mib']:9.1f}")
        print(f"  {label:<10} top     {tm['n']:>4} {_lat(tm)}")
        if r["exporters_in_period"] != pm["n"]:
            print(f"  {label:<10} (--limit: {pm['n']} of {r['exporters_in_period']} exporters)")
    print()
    print("pandas baseline (ms)   n      p50      p95      max   first  read s  join s  peak MiB")
    for label, st in stores.items():
        r = st.get("pandas")
        if r is None:
            continue
        if "error" in r:
            print(f"  {label:<10} FAILED: {r['error']}")
            continue
        pm = r["profile_ms"]
        print(
            f"  {label:<10} profile {pm['n']:>4} {_lat(pm)} {r['read_s']:7.3f} "
            f"{r['prep_s']:7.3f} {r['peak_rss_mib']:9.1f}"
        )
    print()
    print("armsledger vs pandas:")
    for label, st in stores.items():
        v = st.get("vs_pandas")
        if v is None:
            continue
        print(
            f"  {label:<10} per call (pandas one-time read excluded): "
            f"p50 ratio {v['p50_ratio']:.2f}, p95 ratio {v['p95_ratio']:.2f} "
            "(armsledger / pandas; < 1 = armsledger faster)"
        )
        print(
            f"  {label:<10} amortised over {v['exporters']} exporters (incl. pandas read + join "
            f"{v['pandas_one_time_s']:.3f} s, armsledger store open): armsledger "
            f"{v['armsledger_amortised_ms']:.1f} ms vs pandas {v['pandas_amortised_ms']:.1f} ms"
        )
        c = st["check"]
        print(
            f"  {label:<10} tiv/share/rank/change checked for {c['checked']} exporters: "
            f"{len(c['mismatches'])} mismatches"
        )
        for m in c["mismatches"][:10]:
            print(f"    {m}")
    print()
    print(
        "profile = profile(store, exporter, period 2020-2024, compare 2015-2019), every 2020-2024 "
        "exporter of the default release;\ntop = top(store, role, period, limit "
        f"{TOP_LIMIT}) for exporter and importer x 1995-1999 ... 2020-2024; percentiles are "
        "nearest-rank;\nfirst = the first call (cold); peak = ru_maxrss of a fresh process per "
        "store (incl. imports); pandas baseline = the\nprofile core only (TIV, world, share, "
        "rank, change, recipients, categories, status, yearly), not regions, blocs,\nbacklog or "
        "deal ids"
    )
    print("targets:")
    for c in report["targets"]:
        verdict = {True: "MET", False: "NOT MET", None: "not measured"}[c["met"]]
        value = f" ({c['value']})" if c["value"] else ""
        print(f"  {verdict:<12} {c['target']}{value}")


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--workdir", help="where to write the synthetic file and the DuckDB files")
    ap.add_argument("--json", action="store_true", help="print the results as JSON")
    ap.add_argument("--skip-synthetic", action="store_true", help="skip the 100x store")
    ap.add_argument("--limit", type=int, help="profile only the first N exporters (biggest first)")
    ap.add_argument("--child", help=argparse.SUPPRESS)  # build-bundled|build-file|armsledger|pandas
    ap.add_argument("--db", help=argparse.SUPPRESS)
    ap.add_argument("--source", help=argparse.SUPPRESS)
    ap.add_argument("--exporters", help=argparse.SUPPRESS)
    args = ap.parse_args(argv)

    if args.child:
        if args.child == "build-bundled":
            result = build_store("bundled", args.db, None)
        elif args.child == "build-file":
            result = build_store("file", args.db, args.source)
        elif args.child == "armsledger":
            result = run_armsledger(args.db, args.limit)
        else:
            result = run_pandas(args.db, args.exporters)
        print(json.dumps(result))
        return 0

    quiet = args.json
    notes: list[str] = []
    made_tmp = args.workdir is None
    work = Path(tempfile.mkdtemp(prefix="armsledger-qbench-")) if made_tmp else Path(args.workdir)
    work.mkdir(parents=True, exist_ok=True)
    stores: dict[str, dict] = {}
    synth_info = None
    try:
        db = work / "queries-bundled.duckdb"
        _remove_db(db)
        if not quiet:
            print("[bundled] building the store ...", file=sys.stderr, flush=True)
        stores["bundled"] = {"build": _child(["--child", "build-bundled", "--db", str(db)])}
        if "error" not in stores["bundled"]["build"]:
            stores["bundled"].update(measure_store("bundled", db, work, args.limit, quiet))

        if not args.skip_synthetic:
            ingest = _ingest_bench()
            files, _, _ = ingest.find_files(ingest.DEFAULT_DATA)
            real_dy = next((p for _, p in files if ingest._is_delivery_year(p)), None)
            if real_dy is None:
                notes.append("no delivery-year export found: synthetic store skipped")
            else:
                try:
                    if not quiet:
                        print(
                            f"writing {ingest.COPIES}x synthetic file ...",
                            file=sys.stderr,
                            flush=True,
                        )
                    dest = work / f"delivery_year_x{ingest.COPIES}.csv"
                    synth_info = ingest.make_synthetic(real_dy, dest, ingest.COPIES)
                except (OSError, ValueError) as e:
                    notes.append(f"synthetic file failed: {e}")
                if synth_info:
                    db = work / "queries-synthetic.duckdb"
                    _remove_db(db)
                    if not quiet:
                        print("[synthetic] building the store ...", file=sys.stderr, flush=True)
                    build = _child(
                        ["--child", "build-file", "--db", str(db), "--source", synth_info["path"]]
                    )
                    stores["synthetic"] = {"build": build}
                    if "error" not in build:
                        stores["synthetic"].update(
                            measure_store("synthetic", db, work, args.limit, quiet)
                        )
    finally:
        if made_tmp:
            shutil.rmtree(work, ignore_errors=True)

    report = {
        "python": sys.version.split()[0],
        "notes": notes,
        "synthetic_file": synth_info,
        "stores": stores,
        "targets": targets(stores),
    }
    if args.json:
        print(json.dumps(report, indent=2))
    else:
        print_report(report)
    return 0


if __name__ == "__main__":
    sys.exit(main())
