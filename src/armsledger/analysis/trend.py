"""Yearly TIV of one actor and rolling multi-year totals (SIPRI compares five-year periods)."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

import polars as pl

from armsledger import TIV_UNIT
from armsledger.actors import classify
from armsledger.analysis.common import coverage, source_note
from armsledger.analysis.lookup import resolve_actor
from armsledger.analysis.volumes import check_role
from armsledger.errors import ArmsledgerError
from armsledger.store import Store


@dataclass(slots=True)
class Trend:
    actor: str
    actors: list[str]
    role: str
    window: int
    release: str
    source: str
    unit: str
    series: pl.DataFrame
    """year, tiv, world_tiv, share_pct, rolling_tiv (sum of the ``window`` years ending in
    ``year``; None until a full window is in the data), deals."""

    def to_dict(self) -> dict[str, Any]:
        return {
            "actor": self.actor,
            "actors": self.actors,
            "role": self.role,
            "window": self.window,
            "release": self.release,
            "source": self.source,
            "unit": self.unit,
            "series": self.series.to_dicts(),
        }


def trend(
    store: Store,
    actor: str,
    *,
    role: str = "exporter",
    year_from: int | None = None,
    year_to: int | None = None,
    window: int = 5,
    release: str | None = None,
    include_predecessors: bool = False,
) -> Trend:
    """Yearly series of ``actor`` with rolling ``window``-year totals."""
    col = check_role(role)
    if window < 1:
        raise ArmsledgerError("--window must be at least 1 year")
    rel = store.release(release, needs="deliveries")
    names = resolve_actor(store, rel.release_id, actor, include_predecessors=include_predecessors)
    cov = coverage(store, rel)
    first = year_from if year_from is not None else cov.first_year
    last = year_to if year_to is not None else cov.last_year
    if first is None or last is None or first > last:
        raise ArmsledgerError(f"no years to show: from {first} to {last}")
    lead = first - window + 1  # years needed before 'first' for the first full window
    flows = store.query(
        f"""
        SELECT year, fsum(tiv) FILTER (WHERE {col} IN (SELECT unnest($names))) AS tiv,
               fsum(tiv) AS world_tiv,
               sum(deals) FILTER (WHERE {col} IN (SELECT unnest($names))) AS deals
        FROM flows WHERE release_id = $r AND year BETWEEN $a AND $b GROUP BY year
        """,
        {"r": rel.release_id, "names": names, "a": lead, "b": last},
    )
    years = pl.DataFrame({"year": pl.int_range(lead, last + 1, eager=True).cast(pl.Int32)})
    series = (
        years.join(flows.with_columns(pl.col("year").cast(pl.Int32)), on="year", how="left")
        .with_columns(
            pl.col("tiv", "world_tiv").fill_null(0.0), pl.col("deals").fill_null(0).cast(pl.Int64)
        )
        .with_columns(
            (100.0 * pl.col("tiv") / pl.col("world_tiv")).fill_nan(None).alias("share_pct"),
            pl.col("tiv").rolling_sum(window).alias("rolling_tiv"),
            pl.col("year").is_between(cov.first_year, cov.last_year).alias("covered"),
        )
    )
    # A rolling total is only shown when every year of its window is covered by the data.
    full = pl.col("year") - window + 1 >= cov.first_year
    series = series.with_columns(
        pl.when(full).then(pl.col("rolling_tiv")).otherwise(None).alias("rolling_tiv")
    ).filter(pl.col("year") >= first)
    return Trend(
        classify(names[0]).name,
        names,
        role,
        window,
        rel.name,
        source_note(rel),
        TIV_UNIT,
        series.select("year", "tiv", "world_tiv", "share_pct", "rolling_tiv", "deals", "covered"),
    )
