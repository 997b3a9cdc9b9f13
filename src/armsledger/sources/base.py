"""What every reader returns: the canonical tables of one source file, plus provenance."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date

import polars as pl

from armsledger.errors import Problem
from armsledger.model import SourceFormat

DEAL_SCHEMA: dict[str, pl.DataType] = {
    "deal_id": pl.String(),
    "supplier": pl.String(),
    "recipient": pl.String(),
    "order_year": pl.Int32(),
    "order_year_estimated": pl.Boolean(),
    "number_ordered": pl.Int64(),
    "number_ordered_estimated": pl.Boolean(),
    "number_delivered": pl.Int64(),
    "number_delivered_estimated": pl.Boolean(),
    "designation": pl.String(),
    "description": pl.String(),
    "category": pl.String(),
    "status": pl.String(),
    "local_production": pl.Boolean(),
    "tiv_unit": pl.Float64(),
    "tiv_unit_new": pl.Float64(),
    "tiv_order": pl.Float64(),
    "tiv_delivered": pl.Float64(),
    "delivery_years": pl.String(),
    "comments": pl.String(),
    "source_line": pl.Int64(),
}
"""Canonical deal columns. ``tiv_unit_new`` is SIPRI's estimate for a new unit (delivery-year
format only); ``delivery_years`` keeps the source's '; ' list as written (register only)."""

DELIVERY_SCHEMA: dict[str, pl.DataType] = {
    "deal_id": pl.String(),
    "year": pl.Int32(),
    "year_estimated": pl.Boolean(),
    "number": pl.Int64(),
    "number_estimated": pl.Boolean(),
    "tiv": pl.Float64(),
    "split_estimated": pl.Boolean(),
    "method": pl.String(),
    "method_source": pl.String(),
    "source_line": pl.Int64(),
}
"""Canonical delivery columns: one row per deal and year. ``method`` says how the yearly value
was obtained: ``exact`` (SIPRI's own yearly value, or a deal delivered in one year),
``reconstructed`` (from another release or SIPRI's TIV tables; ``method_source`` says which and
how, see :mod:`armsledger.reconstruct`) or ``even`` (a deal total split evenly over its listed
years, the last resort). ``split_estimated`` is true unless the value is exact."""

TIV_VALUE_SCHEMA: dict[str, pl.DataType] = {
    "actor": pl.String(),
    "role": pl.String(),
    "year": pl.Int32(),
    "tiv": pl.Float64(),
    "source_line": pl.Int64(),
}
"""SIPRI's published yearly totals per actor; ``role`` is 'exporter' or 'importer'."""


def empty(schema: dict[str, pl.DataType]) -> pl.DataFrame:
    return pl.DataFrame(schema=schema)


def conform(frame: pl.DataFrame, schema: dict[str, pl.DataType]) -> pl.DataFrame:
    """The schema's columns, in its order and types (what the store expects)."""
    return frame.select([pl.col(c).cast(t) for c, t in schema.items()])


@dataclass(slots=True)
class ParsedSource:
    """One file read into canonical tables. Nothing here has touched the store."""

    path: str
    format: SourceFormat
    encoding: str
    sha256: str
    generated_on: date | None
    title: str | None
    deals: pl.DataFrame = field(default_factory=lambda: empty(DEAL_SCHEMA))
    deliveries: pl.DataFrame = field(default_factory=lambda: empty(DELIVERY_SCHEMA))
    tiv_values: pl.DataFrame = field(default_factory=lambda: empty(TIV_VALUE_SCHEMA))
    warnings: list[Problem] = field(default_factory=list)
    source_rows: int = 0
    """Data records in the file as written (before re-joining split records)."""

    @property
    def counts(self) -> dict[str, int]:
        return {
            "source_rows": self.source_rows,
            "deals": self.deals.height,
            "deliveries": self.deliveries.height,
            "tiv_values": self.tiv_values.height,
            "warnings": len(self.warnings),
        }
