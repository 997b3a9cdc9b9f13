"""Volumes per actor and period, world totals and rankings (SIPRI's method, see common.py)."""

from __future__ import annotations

import math
from dataclasses import dataclass

import polars as pl

from armsledger.analysis.common import STATE_KINDS, Period
from armsledger.store import Release, Store

ROLE_COLUMN = {"exporter": "supplier", "importer": "recipient"}
OTHER_SIDE = {"exporter": "recipient", "importer": "supplier"}


def check_role(role: str) -> str:
    if role not in ROLE_COLUMN:
        raise ValueError(f"role must be 'exporter' or 'importer', not {role!r}")
    return ROLE_COLUMN[role]


def actor_totals(store: Store, release: Release, role: str, period: Period) -> pl.DataFrame:
    """TIV per supplier (role 'exporter') or recipient ('importer') in the period.

    Columns: actor, name, kind, iso3, tiv, deals. Every actor with a delivery in the period
    is listed, whatever its kind (the world total needs them all).
    """
    col = check_role(role)

    def read() -> pl.DataFrame:
        return store.query(
            f"""
            SELECT f.{col} AS actor, a.name, a.kind, a.iso3, fsum(f.tiv) AS tiv,
                   sum(f.deals) AS deals
            FROM flows f JOIN actors a ON a.sipri_name = f.{col}
            WHERE f.release_id = $r AND f.year BETWEEN $a AND $b
            GROUP BY ALL
            """,
            {"r": release.release_id, "a": period.start, "b": period.end},
        ).with_columns(pl.col("tiv").fill_null(0.0))

    return store.memo(("actor_totals", release.release_id, role, period), read)


@dataclass(frozen=True, slots=True)
class Ranking:
    """Ranked states for one period, with the world total they are shares of."""

    period: Period
    world_tiv: float
    table: pl.DataFrame
    """rank, actor, members (SIPRI names merged into it), iso3, kind, tiv, share_pct."""


def ranking(
    store: Store,
    release: Release,
    role: str,
    period: Period,
    merge: dict[str, list[str]] | None = None,
) -> Ranking:
    """Rank state actors by TIV in the period; shares are of the world total (all kinds).

    ``merge`` maps a label to SIPRI names counted as one actor (e.g. 'Russia' with the
    Soviet Union when predecessors are included). Non-state actors, organisations and
    unknown actors count in the world total but are not ranked.
    """
    key = tuple(sorted((k, tuple(v)) for k, v in (merge or {}).items()))
    return store.memo(
        ("ranking", release.release_id, role, period, key),
        lambda: _ranking(store, release, role, period, merge),
    )


def _ranking(
    store: Store, release: Release, role: str, period: Period, merge: dict[str, list[str]] | None
) -> Ranking:
    totals = actor_totals(store, release, role, period)
    world = math.fsum(totals["tiv"].to_list())  # exact: the same however rows are ordered
    merged_names = {n: label for label, names in (merge or {}).items() for n in names}
    states = totals.filter(
        pl.col("kind").is_in(list(STATE_KINDS)) | pl.col("actor").is_in(list(merged_names))
    )
    states = states.with_columns(pl.col("actor").replace(merged_names).alias("label"))
    table = (
        states.group_by("label")
        .agg(
            pl.col("actor").alias("members"),
            pl.col("iso3").filter(pl.col("actor") == pl.col("label")).first().alias("iso3"),
            pl.col("kind").filter(pl.col("actor") == pl.col("label")).first().alias("kind"),
            pl.col("tiv").sum(),
        )
        .with_columns(
            pl.col("iso3").fill_null(pl.lit(None, pl.String)),
            (100.0 * pl.col("tiv") / world if world else pl.lit(None, pl.Float64)).alias(
                "share_pct"
            ),
        )
        .sort(["tiv", "label"], descending=[True, False])
        .with_columns(pl.col("tiv").rank("min", descending=True).cast(pl.Int32).alias("rank"))
        .rename({"label": "actor"})
        .select("rank", "actor", "members", "iso3", "kind", "tiv", "share_pct")
    )
    return Ranking(period, world, table)
