"""Screening summaries (``screen --summary``): a supplier's share of deliveries that went to
embargo targets, and every supplier of one embargo's target while it was in force.

Both are screens (:func:`~armsledger.embargoes.screening.screen`) summed up; their JSON is the
typed :class:`~armsledger.embargoes.results.SupplierSummaryResult` and
:class:`~armsledger.embargoes.results.EmbargoSummaryResult`. TIV is in millions, not money.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

import polars as pl

from armsledger import TIV_UNIT
from armsledger.analysis.common import share_pct
from armsledger.embargoes.reference import Embargo
from armsledger.embargoes.results import EmbargoSummaryResult, SupplierSummaryResult
from armsledger.embargoes.rules import status_order
from armsledger.embargoes.screening import records, round_tiv, screen
from armsledger.store import Store

__all__ = ["EmbargoSummary", "SupplierSummary", "embargo_summary", "supplier_summary"]


@dataclass(frozen=True, slots=True)
class SupplierSummary:
    """A supplier's deliveries in a period and the part that went to embargo targets."""

    supplier: str
    actors: list[str]
    period: str
    release: str
    total_tiv: float
    bound_tiv: float
    bound_share_pct: float | None
    by_status: list[dict[str, Any]]
    """Per status: status, deliveries, tiv, share_pct (of ``total_tiv``)."""
    embargoes: list[dict[str, Any]]
    """Per embargo and status: embargo_id, imposed_by, target, status, deliveries, tiv,
    first_year, last_year, recipients, deal_ids."""
    bound_deal_ids: list[str]
    warnings: list[str]
    unit: str = TIV_UNIT

    def result(self) -> SupplierSummaryResult:
        """The typed result (validated: no unknown keys)."""
        return SupplierSummaryResult.model_validate({
            "supplier": self.supplier, "actors": self.actors, "period": self.period,
            "release": self.release, "unit": self.unit, "total_tiv": self.total_tiv,
            "bound_tiv": self.bound_tiv, "bound_share_pct": self.bound_share_pct,
            "by_status": self.by_status, "embargoes": self.embargoes,
            "bound_deal_ids": self.bound_deal_ids, "warnings": self.warnings,
        })

    def to_dict(self) -> dict[str, Any]:
        """The documented JSON shape (README, 'screen --json', ``supplier_summary``)."""
        return self.result().to_dict()


@dataclass(frozen=True, slots=True)
class EmbargoSummary:
    """Every supplier that delivered to an embargo's target while it was in force."""

    embargo: Embargo
    screened: bool
    reason: str | None
    years: tuple[int, int] | None
    """Delivery years screened: the embargo's years within the release's coverage."""
    release: str
    total_tiv: float
    suppliers: list[dict[str, Any]]
    """Per supplier and status: supplier, status, deliveries, tiv, first_year, last_year,
    recipients, deal_ids."""
    warnings: list[str]
    unit: str = TIV_UNIT

    def result(self) -> EmbargoSummaryResult:
        """The typed result (validated: no unknown keys)."""
        return EmbargoSummaryResult.model_validate({
            "embargo": self.embargo.to_dict(), "screened": self.screened, "reason": self.reason,
            "years": list(self.years) if self.years else None, "release": self.release,
            "unit": self.unit, "total_tiv": self.total_tiv, "suppliers": self.suppliers,
            "warnings": self.warnings,
        })

    def to_dict(self) -> dict[str, Any]:
        """The documented JSON shape (README, 'screen --json', ``embargo_summary``)."""
        return self.result().to_dict()


def supplier_summary(
    store: Store,
    supplier: str,
    year_from: int | None = None,
    year_to: int | None = None,
    release: str | None = None,
    *,
    table: str | None = None,
) -> SupplierSummary:
    """The share of a supplier's delivered TIV in a period that went to targets of embargoes
    binding it (status ``bound``), and the TIV under each weaker status.

    The period defaults to the release's coverage. A delivery bound by two embargoes (e.g. the
    UN and the EU embargo on Libya) counts once in ``bound_tiv``; ``by_status`` counts each
    delivery once per status, so its rows may overlap.
    """
    result = screen(store, supplier=supplier, year_from=year_from, year_to=year_to,
                    release=release, table=table)
    rel, cov = result.release, result.coverage
    lo = year_from if year_from is not None else cov.first_year
    hi = year_to if year_to is not None else cov.last_year
    names = result.filters["supplier_names"]
    total = store.query(
        """SELECT coalesce(sum(v.tiv), 0) AS t FROM deliveries v JOIN deals d
           USING (release_id, deal_id) WHERE v.release_id = $r
           AND d.supplier IN (SELECT unnest($s)) AND v.year BETWEEN $a AND $b""",
        {"r": rel.release_id, "s": names, "a": lo, "b": hi},
    )["t"][0]
    totals = result.totals()
    bound = totals["bound"]["tiv"]
    by_status = [
        {"status": s, "deliveries": v["deliveries"], "tiv": v["tiv"],
         "share_pct": round_tiv(share_pct(v["tiv"], total))}
        for s, v in totals.items()
    ]
    embargoes = [
        {k: r[k] for k in ("embargo_id", "imposed_by", "target", "status", "deliveries", "tiv",
                           "first_year", "last_year", "recipients", "deal_ids")}
        for r in records(result.by_embargo)
    ]
    bound_ids = sorted(set(result.hits.filter(pl.col("status") == "bound")["deal_id"]))
    period = f"{lo}-{hi}" if lo != hi else str(lo)
    return SupplierSummary(supplier, names or [], period, rel.name, round_tiv(total) or 0.0,
                           bound, round_tiv(share_pct(bound, total)), by_status, embargoes,
                           bound_ids, result.warnings)


def embargo_summary(
    store: Store, embargo_id: str, release: str | None = None, *, table: str | None = None
) -> EmbargoSummary:
    """Every supplier that delivered to the embargo's target while it was in force, with TIV,
    status (bound / not bound / non-mandatory / regional), deliveries, years and deal ids."""
    result = screen(store, embargo=embargo_id, release=release, table=table)
    e = result.table.get(embargo_id)
    cov = result.coverage
    reason = result.not_screened[0]["reason"] if result.not_screened else None
    warnings = list(result.warnings)
    years = None
    if cov.first_year is not None and cov.last_year is not None:
        lo = max(e.start_year, cov.first_year)
        hi = min(e.end_year if e.end_year is not None else cov.last_year, cov.last_year)
        years = (lo, hi) if lo <= hi else None
        if e.start_year < cov.first_year or (e.end_year or cov.last_year + 1) > cov.last_year:
            warnings.append(f"the embargo runs {e.start_year}-{e.end_year or 'today'}; release "
                            f"{result.release.name} covers deliveries {cov.first_year}-"
                            f"{cov.last_year}, so years outside it are not screened")
    hits = result.hits
    suppliers = (
        hits.group_by(["supplier", "status"])
        .agg(
            pl.len().alias("deliveries"),
            pl.col("tiv").sum().alias("tiv"),
            pl.col("year").min().alias("first_year"),
            pl.col("year").max().alias("last_year"),
            pl.col("recipient").unique().sort().alias("recipients"),
            pl.col("deal_id").unique().sort().alias("deal_ids"),
        )
        .with_columns(status_order().alias("_o"))
        .sort(["_o", "tiv", "supplier"], descending=[False, True, False])
        .drop("_o")
    )
    total = round_tiv(hits["tiv"].sum()) if hits.height else 0.0
    return EmbargoSummary(e, reason is None, reason, years, result.release.name, total or 0.0,
                          records(suppliers), warnings)
