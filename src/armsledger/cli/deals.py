"""`armsledger deals`: the deal register for a supplier/recipient/year range."""

from __future__ import annotations

import io
import json
from enum import StrEnum
from pathlib import Path
from typing import Annotated

import polars as pl
import typer
from rich.table import Table

from armsledger import SIPRI_CITATION, TIV_UNIT
from armsledger.analysis.deals import DealQuery, deal_records, deals, open_order_deals
from armsledger.cli.common import console, open_store, reporting_errors


class Format(StrEnum):
    table = "table"
    csv = "csv"
    json = "json"
    parquet = "parquet"


def _flat(frame: pl.DataFrame) -> pl.DataFrame:
    """CSV cannot hold the nested deliveries: write them as 'year:number:tiv; ...'."""
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
    supplier: Annotated[str | None, typer.Option(help="Supplier: SIPRI name or ISO3 code.")] = None,
    recipient: Annotated[str | None, typer.Option(help="Recipient: name or ISO3 code.")] = None,
    year_from: Annotated[int | None, typer.Option("--from", help="First delivery year.")] = None,
    year_to: Annotated[int | None, typer.Option("--to", help="Last delivery year.")] = None,
    category: Annotated[str | None, typer.Option(help="Armament category, e.g. Aircraft.")] = None,
    include_predecessors: Annotated[
        bool,
        typer.Option(
            "--include-predecessors", help="Add predecessor states (e.g. Soviet Union to Russia)."
        ),
    ] = False,
    release: Annotated[str | None, typer.Option(help="Release name (default: newest).")] = None,
    fmt: Annotated[Format, typer.Option("--format", help="Output format.")] = Format.table,
    output: Annotated[
        Path | None, typer.Option(help="Write to this file instead of stdout.")
    ] = None,
    limit: Annotated[int | None, typer.Option(help="At most this many deals.")] = None,
    open_orders: Annotated[bool, typer.Option(
        "--open-orders", help="List open orders (ordered, not yet fully delivered) from the "
        "newest trade register instead.")] = False,
) -> None:
    """Deals with deliveries in the year range, one per deal, with TIV (TIV, millions)."""
    with reporting_errors(ctx), open_store(ctx) as store:
        query = DealQuery(supplier, recipient, year_from, year_to, category, include_predecessors)
        if open_orders:
            _open_orders(open_order_deals(store, query, release), fmt, output, limit)
            return
        result = deals(store, query, release)
        frame = result.deals if limit is None else result.deals.head(limit)
        if fmt is Format.parquet:
            if output is None:
                raise typer.BadParameter("--format parquet needs --output FILE")
            frame.write_parquet(output)
            console.print(f"Wrote {frame.height} deals to {output}", markup=False)
            return
        if fmt is Format.table:
            _table(frame, result.release.name)
            return
        if fmt is Format.json:
            records = deal_records(type(result)(result.release, frame))
            text = "[\n" + ",\n".join(json.dumps(r, ensure_ascii=False) for r in records) + "\n]\n"
        else:
            buf = io.StringIO()
            _flat(frame).write_csv(buf)
            text = buf.getvalue()
        if output is not None:
            output.write_text(text, encoding="utf-8")
            console.print(f"Wrote {frame.height} deals to {output}", markup=False)
        else:
            typer.echo(text, nl=False)


def _table(frame: pl.DataFrame, release: str) -> None:
    total = frame["tiv_delivered"].sum() if frame.height else 0.0
    table = Table(
        title=f"Deals with deliveries ({frame.height})",
        caption=f"{TIV_UNIT}. Total {total:,.1f}. Release {release}. Source: {SIPRI_CITATION}",
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
        (f"TIV ({TIV_UNIT})", True),
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


def _open_orders(result, fmt: Format, output: Path | None, limit: int | None) -> None:
    frame = result.deals if limit is None else result.deals.head(limit)
    frame = frame.with_columns(pl.lit(TIV_UNIT).alias("unit"),
                               pl.lit(result.release.name).alias("release"))
    if fmt is Format.table:
        table = Table(title=f"Open orders ({frame.height}), release {result.release.name}, "
                            f"end of {frame['as_of_year'][0] if frame.height else '-'}",
                      caption=f"Outstanding TIV = remaining units x TIV per unit ({TIV_UNIT}). "
                              f"Source: {SIPRI_CITATION}")
        for col in ("Deal", "Supplier", "Recipient", "Ordered", "Designation", "Units ordered",
                    "Delivered", f"Outstanding TIV ({TIV_UNIT})"):
            table.add_column(col)
        for r in frame.iter_rows(named=True):
            table.add_row(r["deal_id"], r["supplier"], r["recipient"], str(r["order_year"]),
                          r["designation"], str(r["number_ordered"]), str(r["number_delivered"]),
                          "" if r["tiv_outstanding"] is None else f"{r['tiv_outstanding']:,.2f}")
        console.print(table)
        return
    if fmt is Format.parquet:
        if output is None:
            raise typer.BadParameter("--format parquet needs --output FILE")
        frame.write_parquet(output)
        return
    if fmt is Format.json:
        text = json.dumps(frame.to_dicts(), ensure_ascii=False, indent=1) + "\n"
    else:
        buf = io.StringIO()
        frame.write_csv(buf)
        text = buf.getvalue()
    if output is not None:
        output.write_text(text, encoding="utf-8")
    else:
        typer.echo(text, nl=False)
