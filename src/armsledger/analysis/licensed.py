"""Licensed and local production of a supplier's designs: which states build them, when.

The independent context for "N cooperation projects in M states" claims: SIPRI does not
count cooperation projects, but its register marks deals where the recipient produces the
supplier's design under licence or locally (the deal's ``local_production`` flag, read from
the register's status and comments) and its comments name co-development and co-production.
A deal counts for a period when it was ordered in the period, delivered in it, or was still
open (ordered before the period's end, units left to deliver, or no deliveries yet).
"""

from __future__ import annotations

import math
from typing import ClassVar

import polars as pl
from pydantic import Field

from armsledger import TIV_UNIT
from armsledger.citation import source_note
from armsledger.errors import InvalidRequestError
from armsledger.periods import Period
from armsledger.query import FigureQuery
from armsledger.results import Model, Result
from armsledger.store import Release, Store

__all__ = ["LicensedDeal", "LicensedProduction", "Licensee", "licensed_production",
           "licensed_production_for"]

DEFINITION = (
    "deals of the supplier's designs that SIPRI marks as licensed or local production, or "
    "whose comments name co-development or co-production, ordered, delivered or still open "
    "in the period; licensees are the recipient states of those deals"
)
NOTE = ("SIPRI does not count cooperation projects: these are the deals its register marks as "
        "licensed or local production or whose comments name co-development, the independent "
        "context for claims of 'N projects in M states', not a count of projects.")
_JOINT = r"(?i)co-?develop|joint(?:ly)? develop|co-?produc|joint(?:ly)? produc"


class LicensedDeal(Model):
    deal_id: str
    licensor: str = Field(description="SIPRI's supplier of the deal: whose design is built")
    licensee: str
    designation: str | None
    description: str | None = None
    category: str | None
    order_year: int | None
    number_ordered: int | None
    number_delivered_in_period: int = Field(
        default=0, description="units SIPRI records as delivered (produced) in the period")
    tiv_delivered_in_period: float = Field(description=f"{TIV_UNIT}")
    kind: str = Field(description="'licensed/local production' or 'co-development'")
    comments: str | None = None


class Licensee(Model):
    """One licensee's licensed/local production and co-development of the supplier's designs
    in the period."""

    licensee: str
    deals: int
    units_in_period: int = Field(description="units delivered (produced) in the period")
    tiv_in_period: float = Field(description=f"{TIV_UNIT}")
    categories: list[str]
    deal_ids: list[str]


class LicensedProduction(Result):
    """Licensed/local production and co-development of a supplier's designs
    (``GET /api/exporters/{actor}/licensed``)."""

    main_table: ClassVar[str | None] = "deals"
    supplier: list[str]
    period: str
    release: str
    licensees: list[str]
    deals: list[LicensedDeal]
    by_licensee: list[Licensee] = Field(default_factory=list)
    unit: str = TIV_UNIT
    source: str = ""
    definition: str = DEFINITION
    note: str = NOTE
    warnings: list[str] = Field(default_factory=list)

    @property
    def deal_ids(self) -> list[str]:
        return [d.deal_id for d in self.deals]


def licensed_production(store: Store, release: Release, suppliers: list[str],
                        period: Period, recipients: list[str] | None = None
                        ) -> LicensedProduction:
    """The supplier's licensed/local production and co-development deals active in
    ``period`` (see the module's definition), by licensee; ``recipients`` limits the
    licensees (a region's or bloc's members)."""
    rows = store.query(
        """
        SELECT d.deal_id, d.supplier AS licensor, d.recipient AS licensee, d.designation,
               d.description, d.category, d.order_year,
               d.number_ordered, d.number_delivered, d.local_production, d.comments,
               coalesce(sum(v.tiv) FILTER (WHERE v.year BETWEEN $a AND $b), 0) AS tiv_in,
               coalesce(sum(v.number) FILTER (WHERE v.year BETWEEN $a AND $b), 0) AS units_in,
               count(v.year) FILTER (WHERE v.year BETWEEN $a AND $b) AS years_in,
               count(v.year) AS years_any
        FROM deals d LEFT JOIN deliveries v
          ON v.release_id = d.release_id AND v.deal_id = d.deal_id
        WHERE d.release_id = $r AND d.supplier IN (SELECT unnest($s))
          AND ($all OR d.recipient IN (SELECT unnest($names)))
          AND (d.local_production OR regexp_matches(coalesce(d.comments, ''), $joint))
        GROUP BY ALL
        ORDER BY d.recipient, d.order_year, d.deal_id
        """,
        {"r": release.release_id, "s": suppliers, "a": period.start, "b": period.end,
         "joint": _JOINT, "all": recipients is None, "names": recipients or [""]})
    keep = rows.filter(
        pl.col("order_year").is_between(period.start, period.end)
        | (pl.col("years_in") > 0)
        | ((pl.col("order_year") <= period.end)
           & ((pl.col("years_any") == 0)
              | (pl.col("number_ordered").fill_null(0)
                 > pl.col("number_delivered").fill_null(0)))))
    deals = [
        LicensedDeal(
            deal_id=r["deal_id"], licensor=r["licensor"], licensee=r["licensee"],
            designation=r["designation"], description=r["description"],
            category=r["category"], order_year=r["order_year"],
            number_ordered=r["number_ordered"], number_delivered_in_period=int(r["units_in"]),
            tiv_delivered_in_period=float(r["tiv_in"]),
            kind="licensed/local production" if r["local_production"] else "co-development",
            comments=r["comments"])
        for r in keep.iter_rows(named=True)
    ]
    return LicensedProduction(supplier=suppliers, period=str(period), release=release.name,
                              licensees=sorted({d.licensee for d in deals}), deals=deals,
                              by_licensee=_by_licensee(deals), source=source_note(release))


def _by_licensee(deals: list[LicensedDeal]) -> list[Licensee]:
    """Per licensee, largest TIV in the period first."""
    groups: dict[str, list[LicensedDeal]] = {}
    for d in deals:
        groups.setdefault(d.licensee, []).append(d)
    rows = [Licensee(licensee=name, deals=len(ds),
                     units_in_period=sum(d.number_delivered_in_period for d in ds),
                     tiv_in_period=math.fsum(d.tiv_delivered_in_period for d in ds),
                     categories=sorted({d.category or "unknown" for d in ds}),
                     deal_ids=[d.deal_id for d in ds])
            for name, ds in groups.items()]
    return sorted(rows, key=lambda r: (-r.tiv_in_period, r.licensee))


def licensed_production_for(store: Store, query: FigureQuery) -> LicensedProduction:
    """:func:`licensed_production` of the query's supplier (with predecessors when asked), for
    its period (default: every year the release covers) and release; the query's recipient
    (a state, region or bloc) limits the licensees."""
    from armsledger.query import scope

    if query.supplier is None:
        raise InvalidRequestError("give a supplier (the licensor whose designs are built)")
    sc = scope(store, query, default="all", compare=False)
    assert sc.suppliers is not None
    result = licensed_production(store, sc.release, sc.suppliers, sc.period, sc.recipients)
    return result.model_copy(update={"warnings": list(sc.warnings)}) if sc.warnings else result
