"""SIPRI's TIV table view: TIV by year (columns) and actor (rows), exports or imports, with
each actor's total and the world's, for any period a release covers.

From a release of SIPRI's own TIV tables the values are SIPRI's, read as stored (its 'Total
world' row is the world row). From a release with deliveries the values are the yearly sums of
its deliveries per supplier (exports) or recipient (imports): the same figures as ``top`` and
``trend``. Every actor of the release is a row (states, historical states, non-state actors,
organisations and unknown actors, each with its kind), as in SIPRI's tables; rows are ordered by
total, largest first.
"""

from __future__ import annotations

import math
from typing import TYPE_CHECKING, ClassVar

from armsledger import TIV_UNIT
from armsledger.analysis.common import source_note
from armsledger.analysis.figures import CoverageOut
from armsledger.analysis.tables import TOTAL_ROW, check_role
from armsledger.query import FigureQuery, Role, role_of, scope
from armsledger.results import Model, Result
from armsledger.store import Store

if TYPE_CHECKING:
    import polars as pl


class TivTableRow(Model):
    actor: str
    iso3: str | None
    kind: str
    values: list[float | None]
    """TIV per year of ``TivTable.years`` (None: nothing that year)."""
    total: float


class TivTable(Result):
    """``armsledger tiv-table --json``: TIV by year and actor (TIV, millions)."""

    main_table: ClassVar[str | None] = "rows"
    role: Role
    period: str
    years: list[int]
    release: str
    from_sipri_table: bool
    """True: SIPRI's own TIV table (values as published); False: sums of deliveries."""
    source: str
    unit: str
    rows: list[TivTableRow]
    world: list[float]
    """The world total per year (SIPRI's 'Total world' row when the table has one)."""
    world_total: float
    coverage: CoverageOut
    warnings: list[str]

    def to_polars(self, table: str | None = None) -> pl.DataFrame:
        """The table as SIPRI prints it: one column per year, then the total; the world last.
        Other tables of the result as :meth:`Result.to_polars` gives them."""
        if table not in (None, "rows"):
            return super().to_polars(table)
        import polars as pl

        cols: dict[str, list[object]] = {"actor": [], "iso3": [], "kind": []}
        for y in self.years:
            cols[str(y)] = []
        cols["total"] = []
        for r in [*self.rows, TivTableRow(actor="World", iso3=None, kind="total",
                                          values=list(self.world), total=self.world_total)]:
            cols["actor"].append(r.actor)
            cols["iso3"].append(r.iso3)
            cols["kind"].append(r.kind)
            for y, v in zip(self.years, r.values, strict=True):
                cols[str(y)].append(v)
            cols["total"].append(r.total)
        schema = {"actor": pl.String, "iso3": pl.String, "kind": pl.String,
                  **{str(y): pl.Float64 for y in self.years}, "total": pl.Float64}
        return pl.DataFrame(cols, schema=schema)


def tiv_table(store: Store, role: str = "exporter", query: FigureQuery | None = None, *,
              limit: int | None = None) -> TivTable:
    """TIV by year and actor for ``query``'s period (default: the latest ten years the
    release covers) and release; ``limit`` keeps the largest rows (the world row counts
    every actor)."""
    who = role_of(role)
    query = query or FigureQuery.build()
    sc = scope(store, query, compare=False, tables=True, default="all")
    first, last = sc.period.start, sc.period.end
    if query.period is None and query.year_from is None and query.year_to is None:
        first = max(first, last - 9)  # SIPRI's web tables default to about ten years
    years = list(range(first, last + 1))
    rel = sc.release
    if rel.is_tiv_table:
        check_role(store, rel, who)
        rows = store.execute(
            f"""
            SELECT t.actor, a.iso3, coalesce(a.kind, 'unknown'), t.year, fsum(t.tiv),
                   bool_or({TOTAL_ROW})
            FROM tiv_values t LEFT JOIN actors a ON a.sipri_name = t.actor
            WHERE t.release_id = $r AND t.year BETWEEN $a AND $b AND t.tiv IS NOT NULL
            GROUP BY ALL
            """, {"r": rel.release_id, "a": first, "b": last})
    else:
        side = "supplier" if who == "exporter" else "recipient"
        rows = store.execute(
            f"""
            SELECT f.{side}, a.iso3, coalesce(a.kind, 'unknown'), f.year, fsum(f.tiv), false
            FROM flows f LEFT JOIN actors a ON a.sipri_name = f.{side}
            WHERE f.release_id = $r AND f.year BETWEEN $a AND $b
            GROUP BY ALL
            """, {"r": rel.release_id, "a": first, "b": last})
    per_actor: dict[str, tuple[str | None, str, dict[int, float]]] = {}
    sipri_world: dict[int, float] = {}
    for actor, iso3, kind, year, tiv, is_total in rows:
        if is_total:
            sipri_world[int(year)] = float(tiv)
            continue
        per_actor.setdefault(actor, (iso3, kind, {}))[2][int(year)] = float(tiv)
    table = [TivTableRow(actor=a, iso3=iso3, kind=kind,
                         values=[vals.get(y) for y in years],
                         total=math.fsum(vals.values()))
             for a, (iso3, kind, vals) in per_actor.items()]
    table.sort(key=lambda r: (-r.total, r.actor))
    world = [sipri_world[y] if y in sipri_world else
             math.fsum(r.values[i] or 0.0 for r in table) for i, y in enumerate(years)]
    return TivTable(
        role=who, period=f"{first}-{last}", years=years, release=rel.name,
        from_sipri_table=rel.is_tiv_table, source=source_note(rel), unit=TIV_UNIT,
        rows=table[:limit] if limit is not None else table, world=world,
        world_total=math.fsum(world), coverage=CoverageOut.of(sc.coverage),
        warnings=sc.warnings)
