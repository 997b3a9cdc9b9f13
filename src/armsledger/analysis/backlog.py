"""Order backlog: arms ordered but not yet delivered, from SIPRI's deal-level register.

Only a trade register that includes undelivered orders can answer this (delivery-year exports
list deliveries only). A figure's backlog comes from its own release when that release lists
undelivered orders; else from a register of the same SIPRI update (the same last data year);
else from the newest register that lists them, with a warning that it is another release's.
Every backlog names its release.

Definition (stated in every result): an order is open at the end of the register's last data
year when units remain to be delivered (number ordered > number delivered) and either nothing
has been delivered yet or deliveries went on in the last two data years. Older part-delivered
deals are treated as ended (SIPRI does not mark cancellations). Outstanding TIV = units still
to deliver x TIV per unit (TIV, millions); it is None where SIPRI gives no TIV per unit.
"""

from __future__ import annotations

import polars as pl
from pydantic import Field

from armsledger import TIV_UNIT
from armsledger.analysis.volumes import OTHER_SIDE, ROLE_COLUMN
from armsledger.query import Role
from armsledger.results import Model
from armsledger.store import Release, Store

DEFINITION = (
    "open orders at the end of the register's last data year: units ordered minus units "
    "delivered > 0, with no delivery yet or deliveries in the last two data years; "
    "outstanding TIV = remaining units x TIV per unit"
)


class BacklogRow(Model):
    deals: int
    units: int
    tiv: float = Field(description="outstanding TIV, millions (orders without TIV count 0)")
    deals_without_tiv: int
    deal_ids: list[str]


class BacklogToRecipient(BacklogRow):
    recipient: str


class BacklogFromSupplier(BacklogRow):
    supplier: str


class _BacklogHead(Model):
    release: str
    warnings: list[str]
    as_of_year: int | None
    definition: str
    unit: str
    deals: int
    units: int
    tiv: float


class ExporterBacklog(_BacklogHead):
    """An exporter's open orders, by recipient."""

    by_recipient: list[BacklogToRecipient]


class ImporterBacklog(_BacklogHead):
    """A recipient's open orders, by supplier."""

    by_supplier: list[BacklogFromSupplier]


def order_releases(store: Store) -> list[Release]:
    """The trade-register releases that list orders not yet delivered, oldest load first."""

    def read() -> list[Release]:
        ids = {r[0] for r in store.execute(
            "SELECT DISTINCT release_id FROM deals WHERE delivery_years IS NULL AND release_id "
            "IN (SELECT release_id FROM releases WHERE format = 'sipri-trade-register')")}
        return [r for r in store.releases() if r.release_id in ids]

    return store.memo(("order_releases",), read)


def order_release(store: Store, figure: Release | None = None) -> Release | None:
    """The release to take open orders from for a figure computed from ``figure``: itself
    when it lists undelivered orders, else the newest such register of the same SIPRI update
    (:meth:`Store.same_update`), else the newest such register (None: none is loaded)."""
    candidates = order_releases(store)
    if not candidates:
        return None
    if figure is None:
        return candidates[-1]
    if any(r.release_id == figure.release_id for r in candidates):
        return figure
    same = [r for r in candidates if store.same_update(r, figure)]
    return (same or candidates)[-1]


def open_orders(store: Store, release: Release) -> pl.DataFrame:
    """Every open order in a register release, with units still to deliver and their TIV."""
    return store.memo(("open_orders", release.release_id), lambda: _open_orders(store, release))


def _open_orders(store: Store, release: Release) -> pl.DataFrame:
    return store.query(
        """
        WITH last AS (
            SELECT deal_id, max(year) AS last_year FROM deliveries
            WHERE release_id = $r GROUP BY deal_id),
        as_of AS (SELECT max(year) AS y FROM deliveries WHERE release_id = $r)
        SELECT d.deal_id, d.supplier, d.recipient, d.order_year, d.designation, d.category,
               d.number_ordered, coalesce(d.number_delivered, 0) AS number_delivered,
               d.number_ordered - coalesce(d.number_delivered, 0) AS remaining,
               (d.number_ordered - coalesce(d.number_delivered, 0)) * d.tiv_unit
                   AS tiv_outstanding,
               l.last_year, (SELECT y FROM as_of) AS as_of_year
        FROM deals d LEFT JOIN last l USING (deal_id)
        WHERE d.release_id = $r
          AND d.number_ordered > coalesce(d.number_delivered, 0)
          AND (l.last_year IS NULL OR l.last_year >= (SELECT y FROM as_of) - 1)
        ORDER BY d.order_year, d.source_line
        """,
        {"r": release.release_id},
    )


def backlog(store: Store, names: list[str], *, role: Role = "exporter",
            figure: Release | None = None) -> ExporterBacklog | ImporterBacklog | None:
    """Open orders of these suppliers (or recipients), by counterpart, from the release
    :func:`order_release` picks for a figure of release ``figure``; None without a register."""
    col = ROLE_COLUMN[role]
    other = OTHER_SIDE[role]
    rel = order_release(store, figure)
    if rel is None:
        return None
    warnings = []
    if figure is not None and rel.release_id != figure.release_id:
        same = store.same_update(rel, figure)
        warnings.append(
            f"open orders from release {rel.name}: release {figure.name} lists no undelivered "
            "orders" + ("" if same else f", and {rel.name} is of another SIPRI update (data "
                        f"to {store.coverage(rel).last_year}, not "
                        f"{store.coverage(figure).last_year})"))
    orders = open_orders(store, rel).filter(pl.col(col).is_in(names))
    as_of = store.execute(
        "SELECT max(year) FROM deliveries WHERE release_id = ?", [rel.release_id])[0][0]
    by = (
        orders.group_by(other)
        .agg(
            pl.len().alias("deals"),
            pl.col("remaining").sum().alias("units"),
            pl.col("tiv_outstanding").sum().alias("tiv"),
            pl.col("tiv_outstanding").is_null().sum().alias("deals_without_tiv"),
            pl.col("deal_id").sort().alias("deal_ids"),
        )
        .sort(["tiv", other], descending=[True, False])
    )
    head = {
        "release": rel.name,
        "as_of_year": as_of,
        "definition": DEFINITION,
        "unit": TIV_UNIT,
        "deals": orders.height,
        "units": int(orders["remaining"].sum()) if orders.height else 0,
        "tiv": float(orders["tiv_outstanding"].sum()) if orders.height else 0.0,
        "warnings": warnings,
    }
    rows = by.to_dicts()
    if role == "exporter":
        return ExporterBacklog(**head, by_recipient=[BacklogToRecipient(**r) for r in rows])
    return ImporterBacklog(**head, by_supplier=[BacklogFromSupplier(**r) for r in rows])
