"""The world's top exporters or importers for a period, with shares and change."""

from __future__ import annotations

import math
import shlex
from dataclasses import dataclass, field
from typing import Any

import polars as pl

from armsledger import TIV_UNIT
from armsledger.analysis.common import (
    Period,
    change_pct,
    coverage,
    coverage_warnings,
    source_note,
)
from armsledger.analysis.volumes import actor_totals, check_role, ranking
from armsledger.store import Store


@dataclass(slots=True)
class Top:
    role: str
    period: str
    compare: str | None
    release: str
    source: str
    unit: str
    world_tiv: float
    world_tiv_compare: float | None
    world_change_pct: float | None
    unranked_tiv: float
    """TIV of non-state actors, organisations and unknown actors (in the world total)."""
    rows: list[dict[str, Any]]
    warnings: list[str] = field(default_factory=list)

    def to_dict(self) -> dict[str, Any]:
        return {
            "role": self.role,
            "period": self.period,
            "compare": self.compare,
            "release": self.release,
            "source": self.source,
            "unit": self.unit,
            "world_tiv": self.world_tiv,
            "world_tiv_compare": self.world_tiv_compare,
            "world_change_pct": self.world_change_pct,
            "unranked_tiv": self.unranked_tiv,
            "ranking": self.rows,
            "warnings": self.warnings,
        }


def top(
    store: Store,
    role: str = "exporter",
    *,
    period: Period | str = "2020-2024",
    compare: Period | str | None = "previous",
    limit: int | None = 10,
    release: str | None = None,
) -> Top:
    """Rank states by TIV in ``period``; shares of the world total; change vs ``compare``.

    Rows are ``{rank, actor, iso3, kind, tiv, share_pct, change_pct, compare_tiv,
    compare_rank, evidence_command}``; the command lists the deals behind the row's TIV.
    ``limit=None`` lists every ranked state.
    """
    check_role(role)
    period = Period.parse(period)
    cmp = period.previous() if compare == "previous" else Period.parse(compare) if compare else None
    rel = store.release(release, needs="deliveries")
    now = ranking(store, rel, role, period)
    before = ranking(store, rel, role, cmp) if cmp else None
    table = now.table
    if before is not None:
        table = table.join(
            before.table.select(
                "actor", pl.col("tiv").alias("compare_tiv"), pl.col("rank").alias("compare_rank")
            ),
            on="actor",
            how="left",
        )
    else:
        table = table.with_columns(
            pl.lit(None, pl.Float64).alias("compare_tiv"),
            pl.lit(None, pl.Int32).alias("compare_rank"),
        )
    table = table.sort("rank")
    if limit is not None:
        table = table.head(limit)
    rows = []
    flag = "--supplier" if role == "exporter" else "--recipient"
    for r in table.iter_rows(named=True):
        rows.append(
            {
                "rank": r["rank"],
                "actor": r["actor"],
                "iso3": r["iso3"],
                "kind": r["kind"],
                "tiv": r["tiv"],
                "share_pct": r["share_pct"],
                "change_pct": change_pct(r["tiv"], r["compare_tiv"]),
                "compare_tiv": r["compare_tiv"],
                "compare_rank": r["compare_rank"],
                "evidence_command": shlex.join(
                    [
                        "armsledger",
                        "deals",
                        flag,
                        r["actor"],
                        "--from",
                        str(period.start),
                        "--to",
                        str(period.end),
                        "--release",
                        rel.name,
                    ]
                ),
            }
        )
    totals = actor_totals(store, rel, role, period)
    ranked = math.fsum(now.table["tiv"].to_list())
    cov = coverage(store, rel)
    return Top(
        role=role,
        period=str(period),
        compare=str(cmp) if cmp else None,
        release=rel.name,
        source=source_note(rel),
        unit=TIV_UNIT,
        world_tiv=now.world_tiv,
        world_tiv_compare=before.world_tiv if before else None,
        world_change_pct=change_pct(now.world_tiv, before.world_tiv) if before else None,
        unranked_tiv=math.fsum(totals["tiv"].to_list()) - ranked,
        rows=rows,
        warnings=coverage_warnings(cov, period, cmp),
    )
