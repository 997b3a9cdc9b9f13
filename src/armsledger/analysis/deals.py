"""The deal register: deals with deliveries in a year range, one row per deal."""

from __future__ import annotations

from dataclasses import dataclass

import polars as pl

from armsledger import TIV_UNIT
from armsledger.analysis.lookup import resolve_actor
from armsledger.errors import ArmsledgerError
from armsledger.model import Deal, Delivery, Status
from armsledger.store import Release, Store

DEAL_COLUMNS = [
    "deal_id",
    "supplier",
    "recipient",
    "order_year",
    "order_year_estimated",
    "number_ordered",
    "number_ordered_estimated",
    "number_delivered",
    "number_delivered_estimated",
    "designation",
    "description",
    "category",
    "status",
    "local_production",
    "tiv_unit",
    "tiv_order",
    "comments",
    "source_line",
]


@dataclass(frozen=True, slots=True)
class DealQuery:
    """Filters of :func:`deals`. Years are inclusive delivery years."""

    supplier: str | None = None
    recipient: str | None = None
    year_from: int | None = None
    year_to: int | None = None
    category: str | None = None
    include_predecessors: bool = False


@dataclass(frozen=True, slots=True)
class DealResult:
    release: Release
    deals: pl.DataFrame
    """One row per deal: :data:`DEAL_COLUMNS`, ``deliveries`` (list of {year, number, tiv,
    estimated}) within the range, and ``tiv_delivered`` (their sum, TIV millions)."""


def deals(store: Store, query: DealQuery, release: str | None = None) -> DealResult:
    """Deals with at least one delivery in the year range, newest release unless named."""
    rel = store.release(release, needs="deliveries")
    where = ["d.release_id = $r"]
    params: dict[str, object] = {"r": rel.release_id}
    for role in ("supplier", "recipient"):
        value = getattr(query, role)
        if value:
            names = resolve_actor(
                store, rel.release_id, value, include_predecessors=query.include_predecessors
            )
            where.append(f"d.{role} IN (SELECT unnest(${role}))")
            params[role] = names
    if query.category:
        where.append("lower(d.category) = lower($category)")
        params["category"] = query.category
    years = ["v.release_id = d.release_id", "v.deal_id = d.deal_id"]
    if query.year_from is not None:
        years.append("v.year >= $from")
        params["from"] = query.year_from
    if query.year_to is not None:
        years.append("v.year <= $to")
        params["to"] = query.year_to
    sql = f"""
        SELECT {", ".join("d." + c for c in DEAL_COLUMNS)},
               list({{'year': v.year, 'number': v.number, 'tiv': v.tiv,
                      'estimated': v.split_estimated OR coalesce(v.number_estimated, false)}}
                    ORDER BY v.year) AS deliveries,
               fsum(v.tiv) AS tiv_delivered
        FROM deals d JOIN deliveries v ON {" AND ".join(years)}
        WHERE {" AND ".join(where)}
        GROUP BY ALL
        ORDER BY min(v.year), d.supplier, d.recipient, d.source_line
    """
    return DealResult(rel, store.query(sql, params))


def deal_records(result: DealResult) -> list[dict[str, object]]:
    """Plain dicts, one per deal, as documented for ``armsledger deals --format json``."""
    rel = result.release
    out = []
    for row in result.deals.iter_rows(named=True):
        out.append(
            {
                "deal_id": row["deal_id"],
                "supplier": row["supplier"],
                "recipient": row["recipient"],
                "order_year": row["order_year"],
                "order_year_estimated": row["order_year_estimated"],
                "number_ordered": row["number_ordered"],
                "number_ordered_estimated": row["number_ordered_estimated"],
                "number_delivered": row["number_delivered"],
                "number_delivered_estimated": row["number_delivered_estimated"],
                "designation": row["designation"],
                "description": row["description"],
                "category": row["category"],
                "status": row["status"],
                "local_production": row["local_production"],
                "tiv_unit": row["tiv_unit"],
                "tiv_order": row["tiv_order"],
                "deliveries": row["deliveries"],
                "tiv_delivered": row["tiv_delivered"],
                "unit": TIV_UNIT,
                "comments": row["comments"],
                "source": {
                    "release": rel.name,
                    "file": rel.source_file,
                    "line": row["source_line"],
                },
            }
        )
    return out


def get_deal(store: Store, deal_id: str, release: str | None = None) -> Deal:
    """One deal as a typed record with all its deliveries (newest release unless named)."""
    rel = store.release(release, needs="deals")
    rows = store.query(
        "SELECT * FROM deals WHERE release_id = $r AND deal_id = $d",
        {"r": rel.release_id, "d": deal_id},
    )
    if rows.height == 0:
        raise ArmsledgerError(f"no deal '{deal_id}' in release '{rel.name}'")
    row = rows.row(0, named=True)
    years = store.query(
        "SELECT * FROM deliveries WHERE release_id = $r AND deal_id = $d ORDER BY year",
        {"r": rel.release_id, "d": deal_id},
    )
    deliveries = [
        Delivery(
            deal_id,
            y["year"],
            y["number"],
            y["tiv"],
            bool(y["number_estimated"]),
            bool(y["year_estimated"]),
            bool(y["split_estimated"]),
        )
        for y in years.iter_rows(named=True)
    ]
    fields = {f: row[f] for f in Deal.__dataclass_fields__ if f in row and f != "status"}
    status = Status(row["status"]) if row["status"] else None
    return Deal(**fields, status=status, deliveries=deliveries)


def open_order_deals(store: Store, query: DealQuery, release: str | None = None) -> DealResult:
    """Open orders (see :mod:`armsledger.analysis.backlog`) matching the actor filters.

    Uses the named release, or the newest trade register that lists undelivered orders.
    """
    from armsledger.analysis.backlog import open_orders, order_release

    rel = store.release(release, needs="deals") if release else order_release(store)
    if rel is None:
        raise ArmsledgerError(
            "no loaded release lists undelivered orders: load a SIPRI trade "
            "register exported with 'deliveries or orders'"
        )
    orders = open_orders(store, rel)
    for role in ("supplier", "recipient"):
        value = getattr(query, role)
        if value:
            names = resolve_actor(
                store, rel.release_id, value, include_predecessors=query.include_predecessors
            )
            orders = orders.filter(pl.col(role).is_in(names))
    if query.category:
        orders = orders.filter(pl.col("category").str.to_lowercase() == query.category.lower())
    return DealResult(rel, orders)
