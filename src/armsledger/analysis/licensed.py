"""Licensed and local production of a supplier's designs: which states build them, when.

The independent context for "N cooperation projects in M states" claims: SIPRI does not
count cooperation projects, but its register marks deals where the recipient produces the
supplier's design under licence or locally (the deal's ``local_production`` flag, read from
the register's status and comments) and its comments name co-development and co-production.
A deal counts for a period when it was ordered in the period, delivered in it, or was still
open (ordered before the period's end, units left to deliver, or no deliveries yet).
"""

from __future__ import annotations

import polars as pl
from pydantic import Field

from armsledger import TIV_UNIT
from armsledger.periods import Period
from armsledger.results import Model
from armsledger.store import Release, Store

__all__ = ["LicensedDeal", "LicensedProduction", "licensed_production"]

DEFINITION = (
    "deals of the supplier's designs that SIPRI marks as licensed or local production, or "
    "whose comments name co-development or co-production, ordered, delivered or still open "
    "in the period; licensees are the recipient states of those deals"
)
_JOINT = r"(?i)co-?develop|joint(?:ly)? develop|co-?produc|joint(?:ly)? produc"


class LicensedDeal(Model):
    deal_id: str
    licensee: str
    designation: str | None
    category: str | None
    order_year: int | None
    number_ordered: int | None
    tiv_delivered_in_period: float = Field(description=f"{TIV_UNIT}")
    kind: str = Field(description="'licensed/local production' or 'co-development'")


class LicensedProduction(Model):
    supplier: list[str]
    period: str
    release: str
    licensees: list[str]
    deals: list[LicensedDeal]
    definition: str = DEFINITION

    @property
    def deal_ids(self) -> list[str]:
        return [d.deal_id for d in self.deals]


def licensed_production(store: Store, release: Release, suppliers: list[str],
                        period: Period) -> LicensedProduction:
    """The supplier's licensed/local production and co-development deals active in
    ``period`` (see the module's definition), by licensee."""
    rows = store.query(
        """
        SELECT d.deal_id, d.recipient AS licensee, d.designation, d.category, d.order_year,
               d.number_ordered, d.number_delivered, d.local_production, d.comments,
               coalesce(sum(v.tiv) FILTER (WHERE v.year BETWEEN $a AND $b), 0) AS tiv_in,
               count(v.year) FILTER (WHERE v.year BETWEEN $a AND $b) AS years_in,
               count(v.year) AS years_any
        FROM deals d LEFT JOIN deliveries v
          ON v.release_id = d.release_id AND v.deal_id = d.deal_id
        WHERE d.release_id = $r AND d.supplier IN (SELECT unnest($s))
          AND (d.local_production OR regexp_matches(coalesce(d.comments, ''), $joint))
        GROUP BY ALL
        ORDER BY d.recipient, d.order_year, d.deal_id
        """,
        {"r": release.release_id, "s": suppliers, "a": period.start, "b": period.end,
         "joint": _JOINT})
    keep = rows.filter(
        pl.col("order_year").is_between(period.start, period.end)
        | (pl.col("years_in") > 0)
        | ((pl.col("order_year") <= period.end)
           & ((pl.col("years_any") == 0)
              | (pl.col("number_ordered").fill_null(0)
                 > pl.col("number_delivered").fill_null(0)))))
    deals = [
        LicensedDeal(
            deal_id=r["deal_id"], licensee=r["licensee"], designation=r["designation"],
            category=r["category"], order_year=r["order_year"],
            number_ordered=r["number_ordered"], tiv_delivered_in_period=float(r["tiv_in"]),
            kind="licensed/local production" if r["local_production"] else "co-development")
        for r in keep.iter_rows(named=True)
    ]
    return LicensedProduction(supplier=suppliers, period=str(period), release=release.name,
                              licensees=sorted({d.licensee for d in deals}), deals=deals)
