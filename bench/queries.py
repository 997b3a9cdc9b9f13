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
once and joins deliveries with deals and actors once (the one-time cost, reported, not in the
per-call times), then computes, per exporter and for both periods, every figure of the profile
it is compared on: total TIV, world total, share, rank among states, change, recipient states
and non-state recipients with their deal ids, regions and subregions, blocs (dated
membership, with deal ids and members), categories, status mix, local production, the yearly
series and the deal ids behind the period. The parent checks that all of them agree with
``profile(...).to_dict()`` for every exporter (floats to a relative 1e-9, deal-id sets equal).

Issue 10's targets (item 7, "Speed") are printed with the figures measured and MET / NOT MET;
the CLI start-up targets are in ``bench/startup.py``.

Usage::

    .venv/bin/python bench/queries.py [--workdir DIR] [--json] [--skip-synthetic] [--limit N]

The parent process imports neither polars, DuckDB, pandas nor armsledger.
"""

from __future__ import annotations

import argparse
import hashlib
import importlib.util
import json
import math
import os
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

# Issue 10, item 7 ("Speed").
TARGET_BUNDLED_P95_MS = 30.0
TARGET_SYNTH_P95_MS = 150.0
TARGET_SYNTH_SPEEDUP = 3.0  # p50 of the pandas baseline / p50 of armsledger, per call, 100x store

UNKNOWN_REGION = "Unknown or none"  # armsledger's label for a recipient without a region


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


# -- both children: the figures compared -------------------------------------------------------


def _digest(ids: list[str]) -> str:
    """A deal-id set as '<count> ids <hash>': equal sets, equal text; children send no ids."""
    unique = sorted(set(ids))
    text = "\n".join(unique)
    return f"{len(unique)} ids {hashlib.sha1(text.encode()).hexdigest()[:16]}"


def _period_figures(p: dict) -> dict:
    """The figures of one period of a ``profile().to_dict()``-shaped dict, keyed for a diff.

    The period's deal ids are ``evidence.deal_ids`` (``deal_ids`` in ``compare_figures``).
    """
    deal_ids = p["evidence"]["deal_ids"] if "evidence" in p else p["deal_ids"]

    def shares(items: list[dict], key: str) -> dict:
        return {str(i[key]): {"tiv": i["tiv"], "share_pct": i["share_pct"]} for i in items}

    def actors(items: list[dict]) -> dict:
        return {
            i["actor"]: {
                "iso3": i["iso3"],
                "kind": i["kind"],
                "tiv": i["tiv"],
                "share_pct": i["share_pct"],
                "deal_ids": _digest(i["deal_ids"]),
            }
            for i in items
        }

    return {
        "tiv": p["tiv"],
        "world_tiv": p["world_tiv"],
        "share_pct": p["share_of_world_pct"],
        "rank": p["rank"],
        "ranked_actors": p["ranked_actors"],
        "recipient_states": p["recipient_states"],
        "recipients": actors(p["recipients"]),
        "non_state_recipients": actors(p["non_state_recipients"]),
        "regions": shares(p["regions"], "region"),
        "subregions": {
            f"{r['region']} / {s['subregion']}": {"tiv": s["tiv"], "share_pct": s["share_pct"]}
            for r in p["regions"]
            for s in r["subregions"]
        },
        "blocs": {
            b["bloc"]: {
                "tiv": b["tiv"],
                "share_pct": b["share_pct"],
                "deal_ids": _digest(b["deal_ids"]),
                "members_with_deliveries": sorted(b["members_with_deliveries"]),
            }
            for b in p["blocs"]
        },
        "categories": shares(p["categories"], "category"),
        "status": shares(p["status"], "status"),
        "local_production": {
            "tiv": p["local_production"]["tiv"],
            "share_pct": p["local_production"]["share_pct"],
        },
        "yearly": {str(y["year"]): y["tiv"] for y in p["yearly"]},
        "deal_ids": _digest(deal_ids),
    }


def comparable(d: dict) -> dict:
    """What the parent compares, from a dict shaped like ``profile(...).to_dict()``.

    Used on armsledger's ``to_dict()`` and on the pandas baseline's result alike, after the
    timed call. Only the documented JSON keys are read (never the result's attributes).
    """
    c = d.get("compare_figures")
    return {
        "actors": d["actors"],
        "change_pct": d["change_pct"],
        "period": _period_figures(d),
        "compare": _period_figures(c) if c else None,
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
    dict_times: list[float] = []
    failed: list[dict] = []  # calls that raised: reported, not in the percentiles
    for name in exporters:
        try:
            t = time.perf_counter()
            p = profile(store, name, role="exporter", period=period, compare="previous")
            dt = time.perf_counter() - t
            t = time.perf_counter()
            d = p.to_dict()  # the documented JSON keys; not timed with the call
            dict_times.append(time.perf_counter() - t)
        except Exception as e:  # a benchmark reports what failed and goes on
            failed.append({"call": f"profile({name!r})", "error": f"{type(e).__name__}: {e}"})
            continue
        times.append(dt)
        profiles.append({"exporter": name, "ms": 1000 * dt, "figures": comparable(d)})

    top_times: list[float] = []
    tops: list[dict] = []
    for role in ("exporter", "importer"):
        for a, b in TOP_PERIODS:
            try:
                t = time.perf_counter()
                # the release starts in 1995: its first period has no previous one to compare
                cmp = "previous" if a - 5 >= TOP_PERIODS[0][0] else "none"
                result = top(store, role, period=f"{a}-{b}", compare=cmp, limit=TOP_LIMIT)
                dt = time.perf_counter() - t
                rows = len(result.to_dict()["ranking"])
            except Exception as e:  # reported, as above
                failed.append(
                    {"call": f"top({role!r}, {a}-{b})", "error": f"{type(e).__name__}: {e}"}
                )
                continue
            top_times.append(dt)
            tops.append({"role": role, "period": f"{a}-{b}", "ms": 1000 * dt, "rows": rows})
    store.close()
    return {
        "release": rel.name,
        "exporters_in_period": all_exporters,
        "open_s": open_s,
        "profile_ms": _ms(times),
        "profile_total_s": sum(times),
        "to_dict_ms": _ms(dict_times),
        "top_ms": _ms(top_times),
        "profiles": profiles,
        "tops": tops,
        "failed_calls": failed,
        "import_rss_mib": base_rss,
        "peak_rss_mib": _maxrss_mib(),
    }


# -- child: pandas baseline -------------------------------------------------------------------


def _pandas_tables(db: str) -> tuple[dict, float, float]:
    """Read deals, deliveries, actors and bloc membership of the default release; join once."""
    import duckdb
    import pandas as pd

    t0 = time.perf_counter()
    con = duckdb.connect(db, read_only=True)
    (release_id,) = con.execute(
        "SELECT release_id FROM releases WHERE deliveries > 0 ORDER BY release_id DESC LIMIT 1"
    ).fetchone()
    deals = con.execute(
        """
        SELECT deal_id, supplier, recipient, category, status, local_production
        FROM deals WHERE release_id = ?
        """,
        [release_id],
    ).df()
    deliveries = con.execute(
        "SELECT deal_id, year, tiv FROM deliveries WHERE release_id = ?", [release_id]
    ).df()
    actors = con.execute("SELECT sipri_name, name, kind, iso3, region, subregion FROM actors").df()
    stored = {
        t for (t,) in con.execute("SELECT table_name FROM information_schema.tables").fetchall()
    }
    if "bloc_membership" in stored:
        spells = con.execute("SELECT bloc, iso3, start_year, end_year FROM bloc_membership").df()
        blocs_from = "the store's bloc_membership table"
    else:  # a store that does not keep the table: read the packaged one armsledger uses
        path = _packaged_blocs_csv()
        spells = pd.read_csv(path, usecols=["bloc", "iso3", "start_year", "end_year"])
        blocs_from = str(path)
    con.close()
    read_s = time.perf_counter() - t0

    t0 = time.perf_counter()
    suppliers = actors[["sipri_name", "kind"]].rename(
        columns={"sipri_name": "supplier", "kind": "supplier_kind"}
    )
    recipients = actors[["sipri_name", "kind", "iso3", "region", "subregion"]].rename(
        columns={"sipri_name": "recipient", "kind": "recipient_kind", "iso3": "recipient_iso3"}
    )
    joined = (
        deliveries.merge(deals, on="deal_id", how="inner")
        .merge(suppliers, on="supplier", how="left")
        .merge(recipients, on="recipient", how="left")
    )

    def present(col: str) -> Any:
        return joined[col].notna() & (joined[col] != "")

    # armsledger's conventions: a missing category or status is 'unknown', a missing region
    # is UNKNOWN_REGION, an empty subregion is none, a missing local-production flag is False.
    joined = joined.assign(
        category=joined["category"].where(present("category"), "unknown"),
        status=joined["status"].where(present("status"), "unknown"),
        region=joined["region"].where(present("region"), UNKNOWN_REGION),
        subregion=joined["subregion"].where(present("subregion")),
        local_production=joined["local_production"].eq(True),
    )
    in_release = set(deals["supplier"]) | set(deals["recipient"])
    names = actors[actors["sipri_name"].isin(in_release)].sort_values("sipri_name")
    names = names.assign(
        lower_sipri=names["sipri_name"].str.lower(), lower_name=names["name"].str.lower()
    )
    spells = spells.assign(end_year=spells["end_year"].fillna(10_000))  # open: still a member
    prep_s = time.perf_counter() - t0
    tables = {"joined": joined, "names": names, "spells": spells, "blocs_from": blocs_from}
    return tables, read_s, prep_s


def _packaged_blocs_csv() -> Path:
    """armsledger's packaged bloc table, ``armsledger/data/blocs.csv`` (nothing imported)."""
    spec = importlib.util.find_spec("armsledger")
    roots = list(spec.submodule_search_locations or []) if spec else []
    for root in [*roots, str(REPO / "src" / "armsledger")]:
        path = Path(root) / "data" / "blocs.csv"
        if path.exists():
            return path
    raise FileNotFoundError("armsledger/data/blocs.csv not found")


def _share(part: float, total: float) -> float | None:
    return 100.0 * part / total if total else None


def _pandas_groups(rows: Any, by: Any, total: float, ids: bool = False) -> list[tuple]:
    """(key, tiv, share of ``total``, sorted deal ids or None), biggest TIV first."""
    g = rows.groupby(by)
    sums = g["tiv"].sum()
    deals = g["deal_id"].unique() if ids else None
    order = sorted(sums.index, key=lambda k: (-sums[k], k))
    return [
        (k, float(sums[k]), _share(sums[k], total), sorted(deals[k]) if ids else None)
        for k in order
    ]


def _pandas_recipients(rows: Any, total: float) -> list[dict]:
    """Recipients with ISO3, kind, TIV, share and deal ids, biggest first."""
    about = rows.groupby("recipient")[["recipient_iso3", "recipient_kind"]].first()
    about = about.astype(object).where(about.notna(), None)  # missing as None, like armsledger
    return [
        {
            "actor": k,
            "iso3": about.at[k, "recipient_iso3"],
            "kind": about.at[k, "recipient_kind"],
            "tiv": t,
            "share_pct": sh,
            "deal_ids": ids,
        }
        for k, t, sh, ids in _pandas_groups(rows, "recipient", total, ids=True)
    ]


def _pandas_period(tables: dict, world_span: Any, mine: Any, members: list[str], a: int, b: int):
    """Every compared figure of one period, shaped like ``compare_figures`` in ``to_dict()``."""
    label = members[0]
    world_rows = world_span[world_span["year"].between(a, b)]
    rows = mine[mine["year"].between(a, b)]
    tiv = float(rows["tiv"].sum())
    world = float(world_rows["tiv"].sum())

    is_member = world_rows["supplier"].isin(members)
    states = world_rows[world_rows["supplier_kind"].isin(STATE_KINDS) | is_member]
    label_col = states["supplier"].where(~states["supplier"].isin(members), label)
    by_state = states["tiv"].groupby(label_col).sum()
    ranks = by_state.rank(method="min", ascending=False)
    rank = int(ranks[label]) if label in ranks.index and tiv > 0 else None

    is_state = rows["recipient_kind"].isin(STATE_KINDS)
    recipients = _pandas_recipients(rows[is_state], tiv)
    non_state = _pandas_recipients(rows[~is_state], tiv)

    subregions = _pandas_groups(rows, ["region", "subregion"], tiv)
    regions = [
        {
            "region": k,
            "tiv": t,
            "share_pct": sh,
            "subregions": [
                {"subregion": sk[1], "tiv": st, "share_pct": ssh}
                for sk, st, ssh, _ in subregions
                if sk[0] == k
            ],
        }
        for k, t, sh, _ in _pandas_groups(rows, "region", tiv)
    ]

    # Blocs: a state recipient with an ISO3 counts for a bloc in a delivery year when it was
    # a member that year (start_year and end_year inclusive).
    spelled = rows.loc[
        is_state & rows["recipient_iso3"].notna(),
        ["deal_id", "year", "tiv", "recipient", "recipient_iso3"],
    ].merge(tables["spells"], left_on="recipient_iso3", right_on="iso3")
    in_bloc = spelled[
        (spelled["start_year"] <= spelled["year"]) & (spelled["year"] <= spelled["end_year"])
    ]
    bloc_members = in_bloc.groupby("bloc")["recipient"].unique()
    blocs = [
        {
            "bloc": k,
            "tiv": t,
            "share_pct": sh,
            "deal_ids": ids,
            "members_with_deliveries": sorted(bloc_members[k]),
        }
        for k, t, sh, ids in _pandas_groups(in_bloc, "bloc", tiv, ids=True)
    ]
    local = float(rows.loc[rows["local_production"], "tiv"].sum())
    return {
        "period": f"{a}-{b}",
        "tiv": tiv,
        "world_tiv": world,
        "share_of_world_pct": _share(tiv, world),
        "rank": rank,
        "ranked_actors": len(by_state),
        "recipient_states": len(recipients),
        "recipients": recipients,
        "non_state_recipients": non_state,
        "regions": regions,
        "blocs": blocs,
        "categories": [
            {"category": k, "tiv": t, "share_pct": sh}
            for k, t, sh, _ in _pandas_groups(rows, "category", tiv)
        ],
        "status": [
            {"status": k, "tiv": t, "share_pct": sh}
            for k, t, sh, _ in _pandas_groups(rows, "status", tiv)
        ],
        "local_production": {"tiv": local, "share_pct": _share(local, tiv)},
        "yearly": [
            {"year": int(y), "tiv": float(v)}
            for y, v in rows.groupby("year")["tiv"]
            .sum()
            .reindex(range(a, b + 1), fill_value=0.0)
            .items()
        ],
        "deal_ids": sorted(rows["deal_id"].unique()),
    }


def pandas_profile(tables: dict, actor: str) -> dict:
    """The exporter profile's figures in plain pandas, shaped like ``profile().to_dict()``."""
    joined, names = tables["joined"], tables["names"]
    q = actor.strip().lower()
    matched = names[(names["lower_sipri"] == q) | (names["lower_name"] == q)]["sipri_name"]
    members = matched.tolist()
    first, last = min(PERIOD[0], COMPARE[0]), max(PERIOD[1], COMPARE[1])
    in_span = joined["year"].between(first, last)
    world_span = joined.loc[in_span, ["year", "supplier", "supplier_kind", "tiv"]]
    mine = joined[in_span & joined["supplier"].isin(members)]
    now = _pandas_period(tables, world_span, mine, members, *PERIOD)
    before = _pandas_period(tables, world_span, mine, members, *COMPARE)
    out = {k: v for k, v in now.items() if k != "deal_ids"}
    out["actors"] = members
    out["change_pct"] = (now["tiv"] / before["tiv"] - 1.0) * 100.0 if before["tiv"] else None
    out["compare_figures"] = before
    out["evidence"] = {"deal_ids": now["deal_ids"]}
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
        profiles.append({"exporter": name, "ms": 1000 * dt, "figures": comparable(p)})
    return {
        "pandas": pd.__version__,
        "rows": len(tables["joined"]),
        "blocs_from": tables["blocs_from"],
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


MISSING = "(missing)"


def _diff(a: object, b: object, path: list[str], out: list[tuple[list[str], object, object]]):
    """Append (path, armsledger value, pandas value) for every leaf that differs."""
    if isinstance(a, dict) and isinstance(b, dict):
        for key in sorted(a.keys() | b.keys()):
            if key not in b:
                out.append(([*path, key], a[key], MISSING))
            elif key not in a:
                out.append(([*path, key], MISSING, b[key]))
            else:
                _diff(a[key], b[key], [*path, key], out)
    elif not _same(a, b):
        out.append((path, a, b))


# Figures that are lists of items, keyed by name (recipient, region, bloc, year ...) in a diff.
ITEM_FIGURES = {
    "recipients",
    "non_state_recipients",
    "regions",
    "subregions",
    "blocs",
    "categories",
    "status",
    "yearly",
}


def _figure(path: list[str]) -> str:
    """The figure a diff path is about: 'period.recipients.India.tiv' -> 'recipients.tiv'."""
    if len(path) < 2:
        return path[0] if path else "profile"
    if path[1] in ITEM_FIGURES and len(path) >= 3:
        return ".".join([path[1], *path[3:]]) if len(path) > 3 else f"{path[1]} item"
    return ".".join(path[1:])


def compare_results(ours: dict, theirs: dict) -> dict:
    """Every figure of every exporter's profile where armsledger and pandas differ.

    Both periods are compared: TIV, world TIV, share, rank, ranked states, change, the SIPRI
    names resolved, and per recipient state / non-state recipient / region / subregion / bloc /
    category / status / year their TIV and share (floats to a relative 1e-9), the counts of
    recipient states, local production, ISO3 and kind of each recipient, bloc members, and the
    deal-id sets (per recipient, per bloc and for the whole period) compared as sets.
    """
    mine = {p["exporter"]: p for p in ours.get("profiles", [])}
    other = {p["exporter"]: p for p in theirs.get("profiles", [])}
    mismatches = []
    by_figure: dict[str, int] = {}
    for name, p in mine.items():
        q = other.get(name)
        if q is None:
            mismatches.append({"exporter": name, "field": "missing in pandas"})
            continue
        diffs: list[tuple[list[str], object, object]] = []
        _diff(p["figures"], q["figures"], [], diffs)
        for path, a, b in diffs:
            fig = _figure(path)
            by_figure[fig] = by_figure.get(fig, 0) + 1
            mismatches.append(
                {"exporter": name, "field": ".".join(path), "armsledger": a, "pandas": b}
            )
    for name in other.keys() - mine.keys():
        by_figure["profile failed"] = by_figure.get("profile failed", 0) + 1
        mismatches.append({"exporter": name, "field": "missing in armsledger (call failed)"})
    return {"checked": len(mine), "mismatches": mismatches, "by_figure": by_figure}


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
            "p50_speedup": p_p50 / a_p50 if a_p50 else None,  # pandas / armsledger
            "exporters": n,
            "armsledger_amortised_ms": 1000 * (ours["open_s"] + ours["profile_total_s"]) / n,
            "pandas_amortised_ms": 1000 * (one_time_s + theirs["profile_total_s"]) / n,
            "pandas_one_time_s": one_time_s,
        }
    return out


def targets(stores: dict) -> list[dict]:
    """Issue 10, item 7 ("Speed"): the figure measured and whether each target is met."""
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
        f"synthetic 100x: profile p95 < {TARGET_SYNTH_P95_MS:g} ms",
    )
    st = stores.get("synthetic", {})
    v, c = st.get("vs_pandas"), st.get("check")
    ok = v is not None and v["p50_speedup"] is not None and c is not None
    if ok:
        n_bad = len(c["mismatches"])
        value = (
            f"pandas p50 {st['pandas']['profile_ms']['p50']:.1f} ms / armsledger p50 "
            f"{st['armsledger']['profile_ms']['p50']:.1f} ms = {v['p50_speedup']:.2f}x; "
            f"{n_bad} mismatches in {c['checked']} profiles"
        )
    out.append(
        {
            "target": f"synthetic 100x: profile at least {TARGET_SYNTH_SPEEDUP:g}x faster than "
            "the pandas baseline per call (p50 pandas / armsledger), the baseline computing "
            "every figure compared and agreeing",
            "value": value if ok else None,
            "met": (v["p50_speedup"] >= TARGET_SYNTH_SPEEDUP and n_bad == 0) if ok else None,
        }
    )
    return out


def earlier_targets(stores: dict) -> list[dict]:
    """The bench's targets before issue 10's: faster than pandas, per call and amortised."""
    out = []
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
    load = report["load_avg_1min"]
    print(
        f"machine: {report['cpus']} CPUs; 1-min load average {load['start']:.2f} at start, "
        f"{load['end']:.2f} at end (other processes' load slows every figure)"
    )
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
        if "to_dict_ms" in r:
            dm = r["to_dict_ms"]
            print(f"  {label:<10} to_dict {dm['n']:>4} {_lat(dm)}  (not in profile's times)")
        if r["exporters_in_period"] != pm["n"]:
            print(f"  {label:<10} (--limit: {pm['n']} of {r['exporters_in_period']} exporters)")
        if r.get("failed_calls"):
            f = r["failed_calls"]
            print(f"  {label:<10} {len(f)} calls FAILED (not timed), first: {f[0]['call']}: ")
            print(f"             {f[0]['error'][:300]}")
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
        print(f"  {label:<10} (bloc membership read from {r['blocs_from']})")
    print()
    print("armsledger vs pandas:")
    for label, st in stores.items():
        v = st.get("vs_pandas")
        if v is None:
            continue
        print(
            f"  {label:<10} per call (pandas one-time read excluded): "
            f"p50 ratio {v['p50_ratio']:.2f}, p95 ratio {v['p95_ratio']:.2f} "
            "(armsledger / pandas; < 1 = armsledger faster); "
            f"p50 speed-up {v['p50_speedup']:.2f}x (pandas / armsledger)"
        )
        print(
            f"  {label:<10} amortised over {v['exporters']} exporters (incl. pandas read + join "
            f"{v['pandas_one_time_s']:.3f} s, armsledger store open): armsledger "
            f"{v['armsledger_amortised_ms']:.1f} ms vs pandas {v['pandas_amortised_ms']:.1f} ms"
        )
        c = st["check"]
        print(
            f"  {label:<10} every compared figure (both periods) checked for {c['checked']} "
            f"exporters: {len(c['mismatches'])} mismatches"
        )
        if c["by_figure"]:
            counts = ", ".join(f"{k} {n}" for k, n in sorted(c["by_figure"].items()))
            print(f"  {label:<10} mismatches by figure: {counts}")
        for m in c["mismatches"][:10]:
            print(f"    {m}")
    print()
    print(
        "profile = profile(store, exporter, period 2020-2024, compare 2015-2019), every 2020-2024 "
        "exporter of the default release;\ntop = top(store, role, period, limit "
        f"{TOP_LIMIT}) for exporter and importer x 1995-1999 ... 2020-2024; percentiles are "
        "nearest-rank;\nfirst = the first call (cold); peak = ru_maxrss of a fresh process per "
        "store (incl. imports); to_dict = profile(...).to_dict()\nafter each call; pandas "
        "baseline = every figure compared, both periods: TIV, world, share, rank, change,\n"
        "recipient states and non-state recipients with deal ids, regions and subregions, "
        "blocs (dated membership) with\ndeal ids and members, categories, status, local "
        "production, yearly, the period's deal ids; not the order backlog\nor coverage "
        "warnings; compared: floats to a relative 1e-9, deal-id sets equal"
    )
    for title, key in (
        ("targets (issue 10, item 7 'Speed'; CLI start-up: bench/startup.py):", "targets"),
        ("earlier targets (kept):", "earlier_targets"),
    ):
        print(title)
        for c in report[key]:
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
    load_start = os.getloadavg()[0]
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
        "cpus": os.cpu_count(),
        "load_avg_1min": {"start": load_start, "end": os.getloadavg()[0]},
        "notes": notes,
        "synthetic_file": synth_info,
        "stores": stores,
        "targets": targets(stores),
        "earlier_targets": earlier_targets(stores),
    }
    if args.json:
        print(json.dumps(report, indent=2))
    else:
        print_report(report)
    return 0


if __name__ == "__main__":
    sys.exit(main())
