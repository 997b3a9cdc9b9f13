"""The screen itself: every delivery of a release matched against the embargo table by the
rules of :mod:`armsledger.embargoes.rules`, and the hits grouped by embargo and by supplier.
:mod:`armsledger.embargoes.screen` describes the method; TIV is in millions, not money."""

from __future__ import annotations

from dataclasses import dataclass, field
from decimal import Decimal
from typing import Any, overload

import polars as pl

from armsledger import TIV_UNIT
from armsledger.actors import ActorTable
from armsledger.analysis.common import source_note
from armsledger.embargoes.reference import Embargo, EmbargoTable, active_table
from armsledger.embargoes.results import Screening
from armsledger.embargoes.rules import (
    STATUSES,
    caveats,
    covers,
    not_screened_reason,
    recipient_codes,
    status,
    status_order,
)
from armsledger.errors import BadPeriodError
from armsledger.periods import Coverage
from armsledger.query import FigureQuery
from armsledger.store import Release, Store

__all__ = ["ScreenResult", "records", "round_tiv", "screen"]

_HIT_SCHEMA: dict[str, pl.DataType] = {
    "deal_id": pl.String(),
    "supplier": pl.String(),
    "recipient": pl.String(),
    "year": pl.Int32(),
    "tiv": pl.Float64(),
    "embargo_id": pl.String(),
    "imposed_by": pl.String(),
    "target": pl.String(),
    "basis": pl.String(),
    "status": pl.String(),
    "caveats": pl.List(pl.String()),
    "order_year": pl.Int32(),
    "designation": pl.String(),
    "source_line": pl.Int64(),
}


# -- the result ---------------------------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class ScreenResult:
    """Hits of one screen and their groupings (TIV, millions)."""

    release: Release
    table: EmbargoTable
    filters: dict[str, Any]
    coverage: Coverage
    hits: pl.DataFrame
    """One row per (delivery, embargo): deal_id, supplier, recipient, year, tiv, embargo_id,
    imposed_by, target, basis (legal basis), status, caveats (list), order_year, designation,
    source_line. Sorted by status (bound first), embargo, year, supplier."""
    by_embargo: pl.DataFrame
    """Per embargo and status: deliveries, deals, tiv, first_year, last_year, suppliers,
    recipients, deal_ids."""
    by_supplier: pl.DataFrame
    """Per supplier and status: deliveries, tiv (each delivery once, even when it matched two
    embargoes), embargo_ids, deal_ids."""
    not_screened: list[dict[str, str]] = field(default_factory=list)
    warnings: list[str] = field(default_factory=list)
    unit: str = TIV_UNIT

    def totals(self) -> dict[str, dict[str, Any]]:
        """Per status: distinct deliveries and their TIV (a delivery counts once per status)."""
        out: dict[str, dict[str, Any]] = {}
        for name in STATUSES:
            part = self.hits.filter(pl.col("status") == name).unique(
                ["deal_id", "year"], keep="first"
            )
            out[name] = {
                "deliveries": part.height,
                "tiv": round_tiv(part["tiv"].sum()) if part.height else 0.0,
            }
        return out

    def to_dict(self, *, hits: bool = True) -> dict[str, Any]:
        """The documented JSON shape (see the README, 'screen --json')."""
        d: dict[str, Any] = {
            "release": self.release.name,
            "source": source_note(self.release),
            "coverage": {"first_year": self.coverage.first_year,
                         "last_year": self.coverage.last_year},
            "embargo_table": self.table.info(),
            "filters": self.filters,
            "unit": self.unit,
            "totals": self.totals(),
        }
        if hits:
            d["hits"] = [_hit_record(r, self.release) for r in self.hits.iter_rows(named=True)]
        d["by_embargo"] = records(self.by_embargo)
        d["by_supplier"] = records(self.by_supplier)
        d["not_screened"] = self.not_screened
        d["warnings"] = self.warnings
        return d

    def result(self) -> Screening:
        """The typed result (every hit), as the API returns it."""
        return Screening.model_validate(self.to_dict())


@overload
def round_tiv(x: float | Decimal) -> float: ...


@overload
def round_tiv(x: None) -> None: ...


def round_tiv(x: float | Decimal | None) -> float | None:
    """TIV rounded to 4 decimals (sums of floats leave crumbs); None stays None."""
    return None if x is None else round(float(x), 4)


def records(frame: pl.DataFrame) -> list[dict[str, Any]]:
    """A grouping's rows as dicts, TIV rounded."""
    out = frame.to_dicts()
    for r in out:
        if "tiv" in r:
            r["tiv"] = round_tiv(r["tiv"])
    return out


def _hit_record(r: dict[str, Any], rel: Release) -> dict[str, Any]:
    return {
        "deal_id": r["deal_id"], "supplier": r["supplier"], "recipient": r["recipient"],
        "year": r["year"], "tiv": round_tiv(r["tiv"]), "embargo_id": r["embargo_id"],
        "imposed_by": r["imposed_by"], "target": r["target"], "basis": r["basis"],
        "status": r["status"], "caveats": r["caveats"], "order_year": r["order_year"],
        "designation": r["designation"],
        "source": {"release": rel.name, "file": rel.source_file, "line": r["source_line"]},
    }


# -- screening --------------------------------------------------------------------------------


def _names(store: Store, rel: Release, query: str | None) -> list[str] | None:
    return None if not query else ActorTable.of(store, rel).resolve(query)


def _deliveries(store: Store, rel: Release, suppliers: list[str] | None,
                recipients: list[str] | None, year_from: int | None, year_to: int | None
                ) -> pl.DataFrame:
    where = ["v.release_id = $r"]
    params: dict[str, Any] = {"r": rel.release_id}
    if suppliers is not None:
        where.append("d.supplier IN (SELECT unnest($s))")
        params["s"] = suppliers
    if recipients is not None:
        where.append("d.recipient IN (SELECT unnest($p))")
        params["p"] = recipients
    if year_from is not None:
        where.append("v.year >= $y0")
        params["y0"] = year_from
    if year_to is not None:
        where.append("v.year <= $y1")
        params["y1"] = year_to
    return store.query(
        f"""
        SELECT d.deal_id, d.supplier, d.recipient, d.order_year, d.order_year_estimated,
               d.local_production, d.designation, v.year, v.tiv,
               coalesce(v.year_estimated, false) AS year_estimated, v.split_estimated,
               v.source_line, ra.kind AS recipient_kind, ra.iso3 AS recipient_iso3,
               sa.kind AS supplier_kind, sa.iso3 AS supplier_iso3
        FROM deliveries v JOIN deals d USING (release_id, deal_id)
        LEFT JOIN actors ra ON ra.sipri_name = d.recipient
        LEFT JOIN actors sa ON sa.sipri_name = d.supplier
        WHERE {" AND ".join(where)}
        ORDER BY v.year, d.supplier, d.recipient, d.deal_id
        """,
        params,
    )


def screen(
    store: Store,
    supplier: str | None = None,
    recipient: str | None = None,
    year_from: int | None = None,
    year_to: int | None = None,
    embargo: str | None = None,
    release: str | None = None,
    *,
    table: str | None = None,
    query: FigureQuery | None = None,
) -> ScreenResult:
    """Every delivery that went to a target of an embargo in force in its delivery year.

    ``supplier``/``recipient`` are SIPRI names or ISO3 codes (a code means the state only, as
    everywhere in armsledger); years are inclusive delivery years; ``embargo`` restricts to one
    embargo id; ``release`` names a release (default: the newest with deliveries); ``table``
    names an embargo table (default: see :func:`~armsledger.embargoes.reference.active_table`).
    The rules are in :mod:`armsledger.embargoes.screen`'s docstring. Nothing is written to the
    store except, on first use, the bundled embargo table. A
    :class:`~armsledger.query.FigureQuery` may give the supplier, recipient, years and release
    instead.
    """
    if query is not None:
        supplier, recipient, release = query.supplier, query.recipient, query.release
        year_from = query.period.start if query.period else query.year_from
        year_to = query.period.end if query.period else query.year_to
    if year_from is not None and year_to is not None and year_from > year_to:
        raise BadPeriodError(f"--from {year_from} is after --to {year_to}")
    rel = store.release(release, needs="deliveries")
    etable = active_table(store, table)
    embargoes = [etable.get(embargo)] if embargo else list(etable.embargoes)
    suppliers = _names(store, rel, supplier)
    recipients = _names(store, rel, recipient)
    not_screened = []
    by_code: dict[str, list[Embargo]] = {}
    for e in embargoes:
        reason = not_screened_reason(e)
        if reason:
            not_screened.append({"embargo_id": e.embargo_id, "target": e.target,
                                 "reason": reason})
            continue
        for code in e.target_iso3:
            by_code.setdefault(code, []).append(e)
    deliveries = _deliveries(store, rel, suppliers, recipients, year_from, year_to)
    hits: list[dict[str, Any]] = []
    for row in deliveries.iter_rows(named=True):
        codes = recipient_codes(row["recipient_iso3"])
        seen: set[str] = set()
        for code in codes:
            for e in by_code.get(code, ()):
                if e.embargo_id in seen or not e.in_force(row["year"]):
                    continue
                if not covers(e, row["recipient_kind"]):
                    continue
                seen.add(e.embargo_id)
                found, notes = status(e, row["supplier"], row["supplier_kind"],
                                      row["supplier_iso3"], row["year"])
                hits.append({
                    "deal_id": row["deal_id"], "supplier": row["supplier"],
                    "recipient": row["recipient"], "year": row["year"], "tiv": row["tiv"],
                    "embargo_id": e.embargo_id, "imposed_by": e.imposed_by,
                    "target": e.target, "basis": e.legal_basis, "status": found,
                    "caveats": notes + caveats(e, row), "order_year": row["order_year"],
                    "designation": row["designation"], "source_line": row["source_line"],
                })
    frame = (
        pl.DataFrame(hits, schema=_HIT_SCHEMA)
        .with_columns(status_order().alias("_o"))
        .sort(["_o", "embargo_id", "year", "supplier", "recipient", "deal_id"])
        .drop("_o")
    )
    cov = store.coverage(rel)
    warnings = []
    lo = year_from if year_from is not None else cov.first_year
    hi = year_to if year_to is not None else cov.last_year
    if (cov.first_year is not None and cov.last_year is not None and lo is not None
            and hi is not None and (lo < cov.first_year or hi > cov.last_year)):
        warnings.append(f"release {rel.name} covers deliveries {cov.first_year}-"
                        f"{cov.last_year}; years outside it are absent, not zero")
    filters = {"supplier": supplier, "recipient": recipient, "from": year_from,
               "to": year_to, "embargo": embargo, "supplier_names": suppliers,
               "recipient_names": recipients}
    return ScreenResult(rel, etable, filters, cov, frame, _by_embargo(frame),
                        _by_supplier(frame), not_screened, warnings)


# -- groupings --------------------------------------------------------------------------------


def _by_embargo(hits: pl.DataFrame) -> pl.DataFrame:
    return (
        hits.group_by(["embargo_id", "imposed_by", "target", "basis", "status"])
        .agg(
            pl.len().alias("deliveries"),
            pl.col("deal_id").n_unique().alias("deals"),
            pl.col("tiv").sum().alias("tiv"),
            pl.col("year").min().alias("first_year"),
            pl.col("year").max().alias("last_year"),
            pl.col("supplier").unique().sort().alias("suppliers"),
            pl.col("recipient").unique().sort().alias("recipients"),
            pl.col("deal_id").unique().sort().alias("deal_ids"),
        )
        .with_columns(status_order().alias("_o"))
        .sort(["_o", "tiv", "embargo_id"], descending=[False, True, False])
        .drop("_o")
    )


def _by_supplier(hits: pl.DataFrame) -> pl.DataFrame:
    ids = hits.group_by(["supplier", "status"]).agg(
        pl.col("embargo_id").unique().sort().alias("embargo_ids"),
        pl.col("deal_id").unique().sort().alias("deal_ids"),
    )
    once = (
        hits.unique(["supplier", "status", "deal_id", "year"], keep="first")
        .group_by(["supplier", "status"])
        .agg(pl.len().alias("deliveries"), pl.col("tiv").sum().alias("tiv"))
    )
    return (
        once.join(ids, on=["supplier", "status"])
        .with_columns(status_order().alias("_o"))
        .sort(["_o", "tiv", "supplier"], descending=[False, True, False])
        .drop("_o")
        .select("supplier", "status", "deliveries", "tiv", "embargo_ids", "deal_ids")
    )
