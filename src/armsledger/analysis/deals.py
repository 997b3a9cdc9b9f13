"""The deal register: the deals behind any figure, one row per deal, with their deliveries.

:func:`deals` lists deals with deliveries in a period (supplier, recipient and category
filters as everywhere); :func:`deals_by_ids` lists named deals (for figures no filter can
reproduce: blocs, regions, embargo hits); :func:`open_order_deals` lists open orders. Each
returns a :class:`DealList` (a DataFrame, for speed on whole releases) whose :meth:`page`
and :meth:`records` are the typed results the faces show.
"""

from __future__ import annotations

import math
from dataclasses import dataclass
from typing import Any, ClassVar

import polars as pl
from pydantic import Field

from armsledger import SIPRI_CITATION, TIV_UNIT
from armsledger.errors import (
    InvalidRequestError,
    MissingDependencyError,
    NotFoundError,
    ReleaseNotFoundError,
)
from armsledger.model import Deal, Delivery, Status
from armsledger.query import FigureQuery, Role, scope
from armsledger.results import Model, Result
from armsledger.store import Release, Store

SORT_KEYS: dict[str, tuple[str, ...]] = {
    "deals": ("deal_id", "supplier", "recipient", "order_year", "number_ordered",
              "number_delivered", "designation", "description", "category", "status",
              "tiv_delivered", "source_line"),
    "open_orders": ("deal_id", "supplier", "recipient", "order_year", "designation",
                    "category", "number_ordered", "number_delivered", "remaining",
                    "tiv_outstanding", "last_year"),
}
"""The columns a deal list sorts by (:meth:`DealList.sorted`), per kind of list."""

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

# -- typed records ----------------------------------------------------------------------------


class DeliveryOut(Model):
    year: int
    number: int | None
    tiv: float | None = Field(description="TIV, millions")
    estimated: bool = Field(description="SIPRI marks the number uncertain, or the yearly value "
                                        "is not SIPRI's exact one (see method)")
    method: str = Field(description="how the yearly value was obtained: exact, reconstructed "
                                    "or even (armsledger.reconstruct)")
    method_source: str | None = Field(description="for a reconstructed value: from what")


class SourceRef(Model):
    release: str
    file: str
    line: int


class DealRecord(Model):
    """One deal (``armsledger deals --format json``; README 'deals --format json')."""

    deal_id: str
    supplier: str
    recipient: str
    order_year: int | None
    order_year_estimated: bool | None
    number_ordered: int | None
    number_ordered_estimated: bool | None
    number_delivered: int | None
    number_delivered_estimated: bool | None
    designation: str | None
    description: str | None
    category: str | None
    status: str | None
    local_production: bool | None
    tiv_unit: float | None
    tiv_order: float | None
    deliveries: list[DeliveryOut]
    tiv_delivered: float | None
    unit: str
    comments: str | None
    source: SourceRef


class DealsPage(Result):
    """One page of a deal list (``GET /api/deals``)."""

    main_table: ClassVar[str | None] = "items"
    release: str
    source: str
    unit: str
    period: str | None
    total: int
    page: int
    page_size: int
    tiv_delivered: float = Field(description="Sum over all matching deals (TIV, millions)")
    items: list[DealRecord]
    warnings: list[str]


class OpenOrder(Model):
    deal_id: str
    supplier: str
    recipient: str
    order_year: int | None
    designation: str | None
    category: str | None
    number_ordered: int | None
    number_delivered: int
    remaining: int
    tiv_outstanding: float | None
    last_year: int | None
    as_of_year: int | None
    unit: str
    release: str


class OpenOrdersPage(Result):
    """One page of open orders (ordered, not yet fully delivered)."""

    main_table: ClassVar[str | None] = "items"
    release: str
    source: str
    unit: str
    definition: str
    total: int
    page: int
    page_size: int
    tiv_outstanding: float
    items: list[OpenOrder]


# -- queries ----------------------------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class DealList:
    """Deals from one release as a DataFrame; ``kind`` is 'deals' or 'open_orders'."""

    release: Release
    deals: pl.DataFrame
    kind: str = "deals"
    period: str | None = None
    warnings: tuple[str, ...] = ()

    @property
    def total(self) -> int:
        return self.deals.height

    @property
    def tiv(self) -> float:
        """Delivered TIV of every deal (outstanding TIV for open orders), exact sum."""
        col = "tiv_delivered" if self.kind == "deals" else "tiv_outstanding"
        return math.fsum(v for v in self.deals[col].to_list() if v is not None) \
            if self.deals.height else 0.0

    def __len__(self) -> int:
        return self.deals.height

    def to_polars(self) -> pl.DataFrame:
        """The deals as a polars DataFrame (deliveries as a list column)."""
        return self.deals

    def to_pandas(self) -> Any:
        """The deals as a pandas DataFrame (needs ``armsledger[pandas]``)."""
        try:
            import pandas  # noqa: F401
        except ImportError:
            raise MissingDependencyError(
                "to_pandas() needs pandas: pip install 'armsledger[pandas]'") from None
        return self.deals.to_pandas()

    def to_dict(self) -> list[dict[str, Any]]:
        """Every row as a documented JSON record."""
        return self.records()

    def sorted(self, by: str | None, descending: bool = False) -> DealList:
        """The same deals ordered by one column (:data:`SORT_KEYS`), missing values last and
        the deal id breaking ties, so every page of a sorted list is stable; ``by`` None
        keeps the order the list came in. An unknown column is an
        :class:`~armsledger.errors.InvalidRequestError` naming the columns there are."""
        if by is None:
            return self
        keys = SORT_KEYS[self.kind]
        if by not in keys:
            raise InvalidRequestError(f"cannot sort by '{by}': sort by one of "
                                      + ", ".join(keys))
        frame = self.deals.sort([by, "deal_id"], descending=[descending, False],
                                nulls_last=True)
        return DealList(self.release, frame, self.kind, self.period, self.warnings)

    def head(self, limit: int | None) -> DealList:
        if limit is None:
            return self
        return DealList(self.release, self.deals.head(limit), self.kind, self.period,
                        self.warnings)

    def records(self, start: int = 0, size: int | None = None) -> list[dict[str, Any]]:
        """Rows as documented JSON records (validated against their model)."""
        frame = self.deals.slice(start, size)
        if self.kind == "open_orders":
            rows = frame.with_columns(pl.lit(TIV_UNIT).alias("unit"),
                                      pl.lit(self.release.name).alias("release")).to_dicts()
            return [OpenOrder(**r).to_dict() for r in rows]
        return [_record(self.release, row).to_dict() for row in frame.iter_rows(named=True)]

    def page(self, page: int = 1, page_size: int = 100) -> DealsPage | OpenOrdersPage:
        """Page ``page`` (from 1) of ``page_size`` rows, with the total of all rows."""
        if page < 1 or page_size < 1:
            raise NotFoundError(f"no page {page} of size {page_size}")
        start = min((page - 1) * page_size, self.total)
        frame = self.deals.slice(start, page_size)
        if self.kind == "open_orders":
            from armsledger.analysis.backlog import DEFINITION

            rows = frame.with_columns(pl.lit(TIV_UNIT).alias("unit"),
                                      pl.lit(self.release.name).alias("release")).to_dicts()
            return OpenOrdersPage(
                release=self.release.name, source=SIPRI_CITATION, unit=TIV_UNIT,
                definition=DEFINITION, total=self.total, page=page, page_size=page_size,
                tiv_outstanding=self.tiv, items=[OpenOrder(**r) for r in rows])
        return DealsPage(
            release=self.release.name, source=SIPRI_CITATION, unit=TIV_UNIT, period=self.period,
            total=self.total, page=page, page_size=page_size, tiv_delivered=self.tiv,
            items=[_record(self.release, r) for r in frame.iter_rows(named=True)],
            warnings=list(self.warnings))


def _record(rel: Release, row: dict[str, Any]) -> DealRecord:
    fields = {k: row[k] for k in DEAL_COLUMNS if k != "source_line"}
    return DealRecord(**fields, deliveries=row["deliveries"], tiv_delivered=row["tiv_delivered"],
                      unit=TIV_UNIT,
                      source=SourceRef(release=rel.name, file=rel.source_file,
                                       line=row["source_line"]))


_SELECT = """
SELECT {columns},
       coalesce(list({{'year': v.year, 'number': v.number, 'tiv': v.tiv,
                      'estimated': v.split_estimated OR coalesce(v.number_estimated, false),
                      'method': coalesce(v.method, 'exact'), 'method_source': v.method_source}}
                     ORDER BY v.year) FILTER (WHERE v.year IS NOT NULL), [])
           AS deliveries,
       fsum(v.tiv) AS tiv_delivered
FROM deals d {join} deliveries v ON {on}
WHERE {where}
GROUP BY ALL
ORDER BY min(v.year) NULLS LAST, d.supplier, d.recipient, d.source_line
"""
_COLUMNS = ", ".join("d." + c for c in DEAL_COLUMNS)


def deals(store: Store, query: FigureQuery) -> DealList:
    """Deals with at least one delivery in the query's period (default: every covered year),
    one row per deal with its deliveries in the period and their TIV."""
    sc = scope(store, query, default="all", compare=False)
    where = ["d.release_id = $r"]
    params: dict[str, object] = {"r": sc.release.release_id, "from": sc.period.start,
                                 "to": sc.period.end}
    for role, names in (("supplier", sc.suppliers), ("recipient", sc.recipients)):
        if names is not None:
            where.append(f"d.{role} IN (SELECT unnest(${role}))")
            params[role] = names
    if query.category:
        where.append("lower(d.category) = lower($category)")
        params["category"] = query.category
    on = ("v.release_id = d.release_id AND v.deal_id = d.deal_id "
          "AND v.year BETWEEN $from AND $to")
    sides: tuple[tuple[Role, str], ...] = (("exporter", "supplier"), ("importer", "recipient"))
    for role, col in sides:
        keys = sc.member_years(role, sc.period.start, sc.period.end)
        if keys is not None:  # a bloc: its members in the years they were members
            on += f" AND list_contains(${col}_years, d.{col} || ':' || CAST(v.year AS VARCHAR))"
            params[f"{col}_years"] = keys
    sql = _SELECT.format(columns=_COLUMNS, join="JOIN", on=on, where=" AND ".join(where))
    return DealList(sc.release, store.query(sql, params), "deals", str(sc.period),
                    tuple(sc.warnings))


def deals_by_ids(store: Store, ids: list[str], release: str | None = None) -> DealList:
    """The named deals with every delivery (deals without deliveries included)."""
    rel = store.release(release, needs="deliveries")
    sql = _SELECT.format(columns=_COLUMNS, join="LEFT JOIN",
                         on="v.release_id = d.release_id AND v.deal_id = d.deal_id",
                         where="d.release_id = $r AND d.deal_id IN (SELECT unnest($ids))")
    return DealList(rel, store.query(sql, {"r": rel.release_id, "ids": ids}))


def get_deal(store: Store, deal_id: str, release: str | None = None) -> Deal:
    """One deal as a typed record with all its deliveries (newest release unless named)."""
    rel = store.release(release, needs="deliveries")
    rows = store.query(
        "SELECT * FROM deals WHERE release_id = $r AND deal_id = $d",
        {"r": rel.release_id, "d": deal_id},
    )
    if rows.height == 0:
        raise NotFoundError(f"no deal '{deal_id}' in release '{rel.name}'")
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


def open_order_deals(store: Store, query: FigureQuery) -> DealList:
    """Open orders (see :mod:`armsledger.analysis.backlog`) matching the actor filters.

    Uses the named release, or the newest trade register that lists undelivered orders.
    """
    from armsledger.actors import ActorTable
    from armsledger.analysis.backlog import open_orders, order_release

    rel = store.release(query.release, needs="deals") if query.release else order_release(store)
    if rel is None:
        raise ReleaseNotFoundError(
            "no loaded release lists undelivered orders: load a SIPRI trade "
            "register exported with 'deliveries or orders'"
        )
    orders = open_orders(store, rel)
    table = ActorTable.of(store, rel)
    for role in ("supplier", "recipient"):
        value = getattr(query, role)
        if value:
            names = table.resolve(value, include_predecessors=query.include_predecessors)
            orders = orders.filter(pl.col(role).is_in(names))
    if query.category:
        orders = orders.filter(pl.col("category").str.to_lowercase() == query.category.lower())
    return DealList(rel, orders, "open_orders")
