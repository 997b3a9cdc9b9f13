"""How closely armsledger reproduces SIPRI's published figures, and SIPRI's own TIV tables.

Prints, for each edition of SIPRI's fact sheet "Trends in international arms transfers" (figures
in bench/data/fact_sheets.json: value, periods, published rounding, where it was read), the
figure armsledger computes from the bundled release(s) of that SIPRI update, the difference and
MET / NOT MET (MET: equal to the published value at its rounding, i.e. within half a rounding
step). Then the yearly comparison the issue sets targets for: yearly exporter totals of the top
15 exporters 2014-2023 on the October-2024 register against SIPRI's TIV tables of the same
release, and the register of the 2025 update against the delivery-year export of that update.

Every figure is computed by the library (top, profile, trend), as a user gets it. A benchmark,
not a test: it reports and always exits 0. Usage::

    .venv/bin/python bench/fidelity.py              # builds a store of the bundled data
    .venv/bin/python bench/fidelity.py --db FILE    # use a store that has it loaded
    .venv/bin/python bench/fidelity.py --json       # results as JSON
"""

from __future__ import annotations

import argparse
import json
import math
import statistics
import sys
import tempfile
import time
from collections.abc import Callable
from dataclasses import asdict, dataclass
from pathlib import Path
from typing import Any

from armsledger.actors import ActorTable
from armsledger.analysis.profile import profile
from armsledger.analysis.ranking import top
from armsledger.analysis.trend import trend
from armsledger.errors import ArmsledgerError
from armsledger.ingest import load_bundled
from armsledger.query import FigureQuery
from armsledger.store import Store

HERE = Path(__file__).resolve().parent
FIGURES = HERE / "data" / "fact_sheets.json"

RELEASES = {
    # edition -> releases of the same SIPRI update (the first is the main one)
    "2023": ["sipri-register-2024-10", "sipri-tiv-exports-2024-10"],
    "2024": ["sipri-register-2025", "sipri-deliveries-2026-02"],
    "2025": ["sipri-register-2026-05"],
}
"""The 2023 edition (March 2024) is checked on the October-2024 register and SIPRI's TIV
tables of that release; the 2024 edition (March 2025) on the 2025 register and the
delivery-year export (data to 2024); the 2025 edition (March 2026) on the May-2026 register."""

TABLES = {"exporter": "sipri-tiv-exports-2024-10", "importer": "sipri-tiv-imports-2024-10"}

ISSUE_TARGETS = {
    "2023": ["world_change", "exporter_share:United States", "exporter_change:United States",
             "importer_change:India", "importer_change:Qatar", "importer_change:Japan"],
    "2024": ["region_change:Europe", "region_change:Middle East", "region_change:Africa",
             "region_change:European NATO", "supplier_share_of:United States->European NATO",
             "supplier_share_of:United States->European NATO:prev"],
    "2025": ["world_change", "exporter_share:United States",
             "exporter_share:United States:prev", "exporter_share:France",
             "exporter_share:Russia", "exporter_change:Russia", "exporter_share:Germany",
             "exporter_share:China", "exporter_share:Italy"],
}
"""The figures issue 11 names (its 'Done when'); the rest of each edition is reported too."""


def period(text: str) -> str:
    """'2019-23' -> '2019-2023'; '2019' stays."""
    if "-" not in text:
        return text
    a, b = text.split("-")
    return f"{a}-{a[:4 - len(b)]}{b}" if len(b) < 4 else f"{a}-{b}"


@dataclass
class Row:
    edition: str
    id: str
    published: float
    rounding: float
    release: str
    armsledger: float | None
    difference: float | None
    met: bool | None
    target: bool
    note: str = ""


class Figures:
    """The published figures computed with the library on one release."""

    def __init__(self, store: Store, release: str):
        self.store, self.release = store, release
        self.table = "tiv" in release

    def q(self, fig: dict[str, Any], supplier: str | None = None,
          recipient: str | None = None) -> FigureQuery:
        p = [period(x) for x in fig["periods"]]
        now, before = (p[-1], p[0]) if len(p) == 2 else (p[0], "previous")
        if fig["id"].endswith(":prev"):
            now = before = period(fig["periods"][0])
            before = "none"
        return FigureQuery.build(period=now, compare=before, release=self.release,
                                 supplier=supplier, recipient=recipient)

    def top(self, fig: dict[str, Any], role: str, **kw: Any) -> Any:
        release = TABLES[role] if self.table else self.release
        q = self.q(fig)
        q = FigureQuery.build(period=str(q.period), compare=str(q.compare), release=release)
        return self.store.memo(("bench", role, q, tuple(sorted(kw.items()))),
                               lambda: top(self.store, role, q, limit=None, **kw))

    def name(self, actor: str) -> str:
        """SIPRI's name for what the fact sheet calls ``actor`` ('Turkey' is 'Turkiye')."""
        rel = self.store.release(self.release)
        return ActorTable.of(self.store, rel).resolve(actor)[0]

    def ranked(self, fig: dict[str, Any], role: str, actor: str, key: str,
               **kw: Any) -> float | None:
        t = self.top(fig, role, **kw)
        actor = self.name(actor)
        for r in t.ranking:
            if r.actor == actor:
                return getattr(r, key)  # type: ignore[no-any-return]
        return 0.0 if key != "rank" else None

    def prof(self, fig: dict[str, Any], role: str, actor: str) -> Any:
        q = self.q(fig, supplier=actor) if role == "exporter" else self.q(fig, recipient=actor)
        return self.store.memo(("bench-profile", q), lambda: profile(self.store, q))

    def compute(self, fig: dict[str, Any]) -> float | None:
        kind, _, rest = fig["id"].partition(":")
        arg = rest.removesuffix(":prev")
        handler = HANDLERS.get(kind)
        if handler is None:
            return None
        if self.table and kind not in TABLE_KINDS:
            return None
        return handler(self, fig, arg)


def _world_change(f: Figures, fig: dict[str, Any], _: str) -> float | None:
    return f.top(fig, "exporter").world_change_pct  # type: ignore[no-any-return]


def _share(role: str) -> Callable[[Figures, dict[str, Any], str], float | None]:
    return lambda f, fig, actor: f.ranked(fig, role, actor, "share_pct")


def _change(role: str) -> Callable[[Figures, dict[str, Any], str], float | None]:
    return lambda f, fig, actor: f.ranked(fig, role, actor, "change_pct")


def _rank(role: str) -> Callable[[Figures, dict[str, Any], str], float | None]:
    return lambda f, fig, actor: f.ranked(fig, role, actor, "rank")


def _count(role: str) -> Callable[[Figures, dict[str, Any], str], float | None]:
    return lambda f, fig, _: sum(1 for r in f.top(fig, role).ranking if r.tiv > 0)


def _top5(role: str) -> Callable[[Figures, dict[str, Any], str], float | None]:
    return lambda f, fig, _: math.fsum(r.share_pct or 0 for r in f.top(fig, role).ranking[:5])


def _region_change(f: Figures, fig: dict[str, Any], region: str) -> float | None:
    return f.prof(fig, "importer", region).change_pct  # type: ignore[no-any-return]


def _region_share(f: Figures, fig: dict[str, Any], region: str) -> float | None:
    return f.prof(fig, "importer", region).share_of_world_pct  # type: ignore[no-any-return]


def _counterpart_share(f: Figures, fig: dict[str, Any], pair: str, role: str) -> float | None:
    a, b = pair.split("->")
    if role == "importer":  # a's share of b's imports
        rows = f.prof(fig, "importer", b).suppliers
        who = f.name(a)
    else:  # b's share of a's exports
        rows = f.prof(fig, "exporter", a).recipients
        who = f.name(b)
    return next((r.share_pct for r in rows if r.actor == who), 0.0)


def _share_to(f: Figures, fig: dict[str, Any], pair: str) -> float | None:
    a, region = pair.split("->")
    regions = f.prof(fig, "exporter", a).regions
    return next((r.share_pct for r in regions if r.region == region), 0.0)


def _change_to(f: Figures, fig: dict[str, Any], pair: str) -> float | None:
    a, region = pair.split("->")
    return f.ranked(fig, "exporter", a, "change_pct", counterpart=region)


def _share_of_region(f: Figures, fig: dict[str, Any], pair: str) -> float | None:
    a, region = pair.split("->") if "->" in pair else (pair, "Europe")
    total = f.prof(fig, "importer", region).tiv
    return 100.0 * f.prof(fig, "importer", a).tiv / total if total else None


def _recipients(f: Figures, fig: dict[str, Any], arg: str) -> float | None:
    actor, _, year = arg.partition(":")
    if year:
        t = f.store.memo(("bench-trend", f.release, actor),
                         lambda: trend(f.store, actor, release=f.release))
        return next((p.counterpart_states for p in t.series if p.year == int(year)), None)
    return f.prof(fig, "exporter", actor).recipient_states  # type: ignore[no-any-return]


def _world_change_vs(f: Figures, fig: dict[str, Any], _: str) -> float | None:
    p = [period(x) for x in fig["periods"]]
    release = TABLES["exporter"] if f.table else f.release
    t = top(f.store, "exporter", FigureQuery.build(period=p[1], compare=p[0], release=release),
            limit=1)
    return t.world_change_pct


HANDLERS: dict[str, Callable[[Figures, dict[str, Any], str], float | None]] = {
    "world_change": _world_change,
    "world_change_vs_2009-13": _world_change_vs,
    "world_change_vs_2010-14": _world_change_vs,
    "world_change_vs_2005-09": _world_change_vs,
    "exporter_share": _share("exporter"),
    "exporter_change": _change("exporter"),
    "exporter_rank": _rank("exporter"),
    "exporter_count": _count("exporter"),
    "top5_exporters_share": _top5("exporter"),
    "importer_share": _share("importer"),
    "importer_change": _change("importer"),
    "importer_rank": _rank("importer"),
    "importer_count": _count("importer"),
    "top5_importers_share": _top5("importer"),
    "region_change": _region_change,
    "subregion_change": _region_change,
    "region_share": _region_share,
    "supplier_share_of": lambda f, fig, a: _counterpart_share(f, fig, a, "importer"),
    "recipient_share_of_exports": lambda f, fig, a: _counterpart_share(f, fig, a, "exporter"),
    "exporter_share_to": _share_to,
    "exporter_change_to": _change_to,
    "importer_share_of_region": _share_of_region,
    "importer_share_of_Europe": _share_of_region,
    "region_share_of_Europe": _share_of_region,
    "recipient_count_of": _recipients,
}
TABLE_KINDS = {"world_change", "world_change_vs_2009-13", "exporter_share", "exporter_change",
               "exporter_rank", "importer_share", "importer_change", "importer_rank",
               "top5_exporters_share", "top5_importers_share"}
"""What SIPRI's TIV tables (totals per exporter or per importer) can answer."""


def met(value: float, published: float, rounding: float) -> bool:
    return abs(value - published) <= rounding / 2 + 1e-9


def evaluate(store: Store) -> list[Row]:
    data = json.loads(FIGURES.read_text(encoding="utf-8"))
    loaded = {r.name for r in store.releases()}
    rows: list[Row] = []
    figures = list(data["figures"])
    for fig in data["figures"]:
        # SIPRI's "European NATO states" read both ways: members in each year (dated, as
        # armsledger reads a bloc) and the members at the end of the edition's period
        if "European NATO" in fig["id"]:
            figures.append({**fig, "base": fig["id"], "id": fig["id"].replace(
                "European NATO", f"European NATO in {fig['edition']}")})
    for fig in figures:
        edition = fig["edition"]
        target = fig.get("base", fig["id"]) in ISSUE_TARGETS.get(edition, [])
        for release in RELEASES[edition]:
            if release not in loaded:
                continue
            note = ""
            try:
                value = Figures(store, release).compute(fig)
            except ArmsledgerError as e:
                value, note = None, e.message[:80]
            if value is None and not note:
                if "tiv" in release:
                    continue  # the TIV tables answer only some kinds of figure
                note = "not computed (no such figure in armsledger)"
            diff = None if value is None else value - fig["value"]
            rows.append(Row(edition, fig["id"], fig["value"], fig["rounding"], release, value,
                            diff, None if value is None else met(value, fig["value"],
                                                                 fig["rounding"]),
                            target, note))
    return rows


def yearly_stats(store: Store) -> dict[str, Any]:
    """Top-15 exporters' yearly TIV 2014-2023 on the October-2024 register vs SIPRI's TIV
    table of that release, and 2015-2024 on the 2025 register vs the delivery-year export."""
    out: dict[str, Any] = {}
    names = {r.name for r in store.releases()}
    if {"sipri-register-2024-10", TABLES["exporter"]} <= names:
        top15 = top(store, "exporter", FigureQuery.build(period="2014-2023", compare="none",
                                                        release=TABLES["exporter"]), limit=15)
        diffs = []
        for r in top15.ranking:
            t = trend(store, r.actor, year_from=2014, year_to=2023,
                      release="sipri-register-2024-10")
            diffs += [abs(p.sipri_table_diff_pct) for p in t.series
                      if p.sipri_table_diff_pct is not None]
        out["register-2024-10 vs TIV table (top 15 exporters, 2014-2023)"] = summary(diffs)
    if {"sipri-register-2025", "sipri-deliveries-2026-02"} <= names:
        top15 = top(store, "exporter", FigureQuery.build(period="2015-2024", compare="none",
                                                        release="sipri-deliveries-2026-02"),
                    limit=15)
        diffs = []
        for r in top15.ranking:
            exact = trend(store, r.actor, year_from=2015, year_to=2024,
                          release="sipri-deliveries-2026-02")
            rebuilt = trend(store, r.actor, year_from=2015, year_to=2024,
                            release="sipri-register-2025")
            for a, b in zip(rebuilt.series, exact.series, strict=True):
                if b.tiv:
                    diffs.append(abs(100.0 * (a.tiv / b.tiv - 1)))
        out["register-2025 vs delivery-year export 2026-02 (top 15, 2015-2024)"] = \
            summary(diffs)
    return out


def summary(diffs: list[float]) -> dict[str, Any]:
    return {"values": len(diffs), "median_pct": statistics.median(diffs) if diffs else None,
            "max_pct": max(diffs) if diffs else None,
            "target": "median <= 1%, max <= 10%",
            "met": bool(diffs) and statistics.median(diffs) <= 1 and max(diffs) <= 10}


def methods(store: Store) -> dict[str, Any]:
    """The share of world TIV under each label of the yearly values, per register."""
    out = {}
    for rel in store.releases():
        if rel.format == "sipri-trade-register":
            t = top(store, "exporter", FigureQuery.build(compare="none", release=rel.name),
                    limit=1)  # the latest five years of the release
            out[f"{rel.name} {t.period}"] = {
                "exact_pct": t.methods.exact_pct, "reconstructed_pct": t.methods.reconstructed_pct,
                "even_pct": t.methods.even_pct}
    return out


def fmt(v: float | None) -> str:
    return "-" if v is None else f"{v:,.2f}"


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--db", type=Path, help="a store with the bundled data loaded")
    parser.add_argument("--json", action="store_true", help="print the results as JSON")
    parser.add_argument("--all", action="store_true",
                        help="list every figure (default: the issue's and the NOT MET ones "
                             "in full, the rest counted)")
    args = parser.parse_args()
    started = time.perf_counter()
    with tempfile.TemporaryDirectory() as tmp:
        path = args.db or Path(tmp) / "fidelity.duckdb"
        if args.db is None:
            with Store(path) as s:
                load_bundled(s)
        with Store(path, read_only=True) as store:
            rows = evaluate(store)
            stats = yearly_stats(store)
            labels = methods(store)
    if args.json:
        print(json.dumps({"figures": [asdict(r) for r in rows], "yearly": stats,
                          "methods": labels}, indent=1))
        return 0
    print("SIPRI fact-sheet figures reproduced by armsledger (MET: equal at the published "
          "rounding)\n")
    for edition in sorted(RELEASES):
        print(f"== {edition} edition ==")
        shown = [r for r in rows if r.edition == edition
                 and (args.all or r.target or r.met is False)]
        shown.sort(key=lambda r: (not r.target, r.id, r.release))
        print(f"{'figure':66} {'published':>9} {'armsledger':>11} {'diff':>8}  result  release")
        for r in shown:
            result = "-" if r.met is None else ("MET" if r.met else "NOT MET")
            mark = "*" if r.target else " "
            print(f"{mark}{r.id[:65]:65} {r.published:>9g} {fmt(r.armsledger):>11} "
                  f"{fmt(r.difference):>8}  {result:7} {r.release} {r.note}")
        for release in RELEASES[edition]:
            mine = [r for r in rows if r.edition == edition and r.release == release]
            done = [r for r in mine if r.met is not None]
            ok = sum(1 for r in done if r.met)
            tgt = [r for r in done if r.target]
            print(f"  {release}: {ok}/{len(done)} computed figures MET"
                  f" ({sum(1 for r in tgt if r.met)}/{len(tgt)} of the issue's);"
                  f" {len(mine) - len(done)} not computed")
        print()
    print("(* = named in issue 11)\n")
    print("Yearly values against SIPRI's own yearly values (absolute % difference per "
          "exporter-year)")
    for name, s in stats.items():
        print(f"  {name}: {s['values']} values, median {fmt(s['median_pct'])}%, max "
              f"{fmt(s['max_pct'])}% (target {s['target']}: "
              f"{'MET' if s['met'] else 'NOT MET'})")
    print("\nHow the yearly values of each register's latest five years were obtained "
          "(% of world TIV)")
    for name, m in labels.items():
        print(f"  {name}: exact {fmt(m['exact_pct'])}, reconstructed "
              f"{fmt(m['reconstructed_pct'])}, even split {fmt(m['even_pct'])}")
    print(f"\n({time.perf_counter() - started:.0f} s)")
    return 0


if __name__ == "__main__":
    sys.exit(main())
