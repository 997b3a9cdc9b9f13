"""Revised yearly and total TIV per exporter between two releases (step 3 of
:mod:`armsledger.diff`): from ``flows``, renames applied, over the years both releases cover."""

from __future__ import annotations

import polars as pl

from armsledger.analysis.common import change_pct
from armsledger.store import Release, Store

__all__ = ["REVISION_TOLERANCE", "exporter_flows", "revised"]

REVISION_TOLERANCE = 0.005
"""Yearly differences below this (TIV millions; half SIPRI's 0.01 rounding unit) are not
revisions: splitting deal totals over years leaves floating-point crumbs."""


def exporter_flows(store: Store, rel: Release, mapping: dict[str, str],
                   suppliers: set[str] | None, recipients: set[str] | None) -> pl.DataFrame:
    """supplier, year, tiv of a release (suppliers renamed by ``mapping``), optionally only
    between the given SIPRI names."""
    frame = store.memo(
        ("diff-flows", rel.release_id),
        lambda: store.query("SELECT supplier, recipient, year, tiv FROM flows "
                            "WHERE release_id = $r", {"r": rel.release_id}),
    )
    if suppliers is not None:
        frame = frame.filter(pl.col("supplier").is_in(list(suppliers)))
    if recipients is not None:
        frame = frame.filter(pl.col("recipient").is_in(list(recipients)))
    return (frame.with_columns(pl.col("supplier").replace(mapping))
            .group_by("supplier", "year").agg(pl.col("tiv").sum().fill_null(0.0)))


def revised(old: pl.DataFrame, new: pl.DataFrame, keys: list[str]) -> pl.DataFrame:
    """``keys``, old_tiv, new_tiv, diff, diff_pct where the two releases differ by at least
    :data:`REVISION_TOLERANCE`, biggest absolute difference first."""
    both = old.rename({"tiv": "old_tiv"}).join(
        new.rename({"tiv": "new_tiv"}), on=keys, how="full", coalesce=True
    ).with_columns(pl.col("old_tiv", "new_tiv").fill_null(0.0).round(4))
    both = both.with_columns((pl.col("new_tiv") - pl.col("old_tiv")).round(4).alias("diff"))
    pct = [change_pct(n, o) for o, n in both.select("old_tiv", "new_tiv").iter_rows()]
    both = both.with_columns(pl.Series("diff_pct", [None if p is None else round(p, 2)
                                                    for p in pct], dtype=pl.Float64))
    both = both.filter(pl.col("diff").abs() >= REVISION_TOLERANCE)
    return both.sort(pl.col("diff").abs(), *keys, descending=[True] + [False] * len(keys)
                     ).select(*keys, "old_tiv", "new_tiv", "diff", "diff_pct")
