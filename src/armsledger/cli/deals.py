"""`armsledger deals`: the deal register for a supplier/recipient/year range."""

from __future__ import annotations

import io
import json
from enum import StrEnum
from pathlib import Path
from typing import TYPE_CHECKING, Annotated

import typer
from rich.table import Table

from armsledger import SIPRI_CITATION, TIV_UNIT
from armsledger.cli.common import (
    AllYearsOpt,
    CategoryOpt,
    FromOpt,
    PartialOpt,
    PredOpt,
    RecipientOpt,
    ReleaseOpt,
    SupplierOpt,
    ToOpt,
    console,
    err_console,
    open_store,
    reporting_errors,
)

if TYPE_CHECKING:
    import polars as pl

    from armsledger.analysis.deals import DealList


class Format(StrEnum):
    table = "table"
    csv = "csv"
    json = "json"
    parquet = "parquet"


def _flat(frame: pl.DataFrame) -> pl.DataFrame:
    """CSV cannot hold the nested deliveries: write them as 'year:number:tiv; ...'."""
    import polars as pl

    return frame.with_columns(
        pl.col("deliveries")
        .list.eval(
            pl.format(
                "{}:{}:{}",
                pl.element().struct.field("year"),
                pl.element().struct.field("number").fill_null(""),
                pl.element().struct.field("tiv").fill_null(""),
            )
        )
        .list.join("; ")
        .alias("deliveries")
    )


def deals_command(
    ctx: typer.Context,
    supplier: SupplierOpt = None,
    recipient: RecipientOpt = None,
    period: AllYearsOpt = None,
    year_from: FromOpt = None,
    year_to: ToOpt = None,
    category: CategoryOpt = None,
    include_predecessors: PredOpt = False,
    release: ReleaseOpt = None,
    allow_partial: PartialOpt = False,
    fmt: Annotated[Format, typer.Option("--format", help="Output format.")] = Format.table,
    output: Annotated[
        Path | None, typer.Option(help="Write to this file instead of stdout.")
    ] = None,
    limit: Annotated[int | None, typer.Option(help="At most this many deals.")] = None,
    open_orders: Annotated[bool, typer.Option(
        "--open-orders", help="List open orders (ordered, not yet fully delivered) from the "
        "newest trade register instead.")] = False,
) -> None:
    """Deals with deliveries in the period (default: every year of the release), one per
    deal, with TIV (millions)."""
    from armsledger.analysis.deals import deals, open_order_deals
    from armsledger.query import FigureQuery

    if fmt is Format.parquet and output is None:
        raise typer.BadParameter("--format parquet needs --output FILE")
    with reporting_errors(ctx, as_json=fmt is Format.json):
        query = FigureQuery.build(supplier=supplier, recipient=recipient, period=period,
                                  year_from=year_from, year_to=year_to, category=category,
                                  release=release, include_predecessors=include_predecessors,
                                  allow_partial=allow_partial)
        with open_store(ctx) as store:
            result = open_order_deals(store, query) if open_orders else deals(store, query)
        for w in result.warnings:
            err_console.print(f"Warning: {w}", markup=False, soft_wrap=True)
        _write(result.head(limit), fmt, output)


def _write(result: DealList, fmt: Format, output: Path | None) -> None:
    frame = result.deals
    if fmt is Format.table:
        if result.kind == "open_orders":
            _open_orders_table(result)
        else:
            _table(result)
        return
    if fmt is Format.parquet:
        assert output is not None
        frame.write_parquet(output)
        console.print(f"Wrote {frame.height} deals to {output}", markup=False)
        return
    if fmt is Format.json:
        records = result.records()
        text = "[\n" + ",\n".join(json.dumps(r, ensure_ascii=False) for r in records) + "\n]\n"
    else:
        from armsledger.csvsafe import safe_frame

        buf = io.StringIO()
        safe_frame(_flat(frame) if result.kind == "deals" else frame).write_csv(buf)
        text = buf.getvalue()
    if output is not None:
        output.write_text(text, encoding="utf-8")
        console.print(f"Wrote {frame.height} deals to {output}", markup=False)
    else:
        typer.echo(text, nl=False)


def _table(result: DealList) -> None:
    frame = result.deals
    table = Table(
        title=f"Deals with deliveries ({frame.height})",
        caption=f"{TIV_UNIT}. Total {result.tiv:,.1f}. Release {result.release.name}. "
                f"Source: {SIPRI_CITATION}",
    )
    for col, right in (
        ("Deal", False),
        ("Supplier", False),
        ("Recipient", False),
        ("Ordered", True),
        ("Designation", False),
        ("Category", False),
        ("Status", False),
        ("Delivered (year: number)", False),
        (TIV_UNIT, True),
    ):
        table.add_column(col, justify="right" if right else "left", overflow="fold")
    for row in frame.iter_rows(named=True):
        years = ", ".join(
            f"{d['year']}: {d['number'] if d['number'] is not None else '?'}"
            + ("~" if d["estimated"] else "")
            for d in row["deliveries"]
        )
        order = "" if row["order_year"] is None else str(row["order_year"])
        if row["order_year_estimated"]:
            order += "?"
        table.add_row(
            row["deal_id"],
            row["supplier"],
            row["recipient"],
            order,
            row["designation"],
            row["category"] or "",
            row["status"] or "",
            years,
            f"{row['tiv_delivered']:,.2f}" if row["tiv_delivered"] is not None else "",
        )
    console.print(table)


def _open_orders_table(result: DealList) -> None:
    frame = result.deals
    table = Table(title=f"Open orders ({frame.height}), release {result.release.name}, "
                        f"end of {frame['as_of_year'][0] if frame.height else '-'}",
                  caption=f"Outstanding TIV = remaining units x TIV per unit ({TIV_UNIT}). "
                          f"Source: {SIPRI_CITATION}")
    for col in ("Deal", "Supplier", "Recipient", "Ordered", "Designation", "Units ordered",
                "Delivered", f"Outstanding ({TIV_UNIT})"):
        table.add_column(col)
    for r in frame.iter_rows(named=True):
        table.add_row(r["deal_id"], r["supplier"], r["recipient"], str(r["order_year"]),
                      r["designation"], str(r["number_ordered"]), str(r["number_delivered"]),
                      "" if r["tiv_outstanding"] is None else f"{r['tiv_outstanding']:,.2f}")
    console.print(table)
