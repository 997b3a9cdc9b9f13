"""`armsledger deals`: the deal register for a supplier/recipient/year range."""

from __future__ import annotations

import io
import json
from enum import StrEnum
from pathlib import Path
from typing import TYPE_CHECKING, Annotated

import typer

from armsledger import SIPRI_CITATION, TIV_UNIT
from armsledger.citation import source_note
from armsledger.cli.common import (
    AllYearsOpt,
    CategoryOpt,
    Column,
    FromOpt,
    PartialOpt,
    PredOpt,
    RecipientOpt,
    ReleaseOpt,
    SupplierOpt,
    ToOpt,
    WideOpt,
    console,
    err_console,
    fit_table,
    open_store,
    parquet_metadata,
    reporting_errors,
    write_csv,
)
from armsledger.formatting import fmt_tiv

if TYPE_CHECKING:
    import polars as pl

    from armsledger.analysis.deals import DealList


class Format(StrEnum):
    table = "table"
    register = "register"
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
        Path | None, typer.Option("--output", "-o", help="Write to this file instead of "
                                  "stdout (a CSV file gets NAME.provenance.csv beside it).")
    ] = None,
    limit: Annotated[int | None, typer.Option(help="At most this many deals.")] = None,
    open_orders: Annotated[bool, typer.Option(
        "--open-orders", help="List open orders (ordered, not yet fully delivered) from the "
        "newest trade register instead.")] = False,
    wide: WideOpt = False,
) -> None:
    """Deals with deliveries in the period (default: every year of the release), one per
    deal, with delivered TIV (TIV, millions)."""
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
        _write(result, limit, fmt, output, wide)


def _write(result: DealList, limit: int | None, fmt: Format, output: Path | None,
           wide: bool = False) -> None:
    if fmt is Format.register:
        _register(result, limit)
        return
    if fmt is Format.table:
        if result.kind == "open_orders":
            _open_orders_table(result, limit, wide)
        else:
            _table(result, limit, wide)
        return
    from armsledger.citation import stamp

    provenance = stamp(result.release)
    frame = result.head(limit).deals
    if fmt is Format.parquet:
        assert output is not None
        frame.write_parquet(output, metadata=parquet_metadata(provenance))
        console.print(f"Wrote {frame.height:,} deals to {output} (provenance in the file's "
                      "metadata)", markup=False)
        return
    if fmt is Format.json:
        data = {"provenance": provenance.to_dict(), "deals": result.head(limit).records()}
        text = json.dumps(data, indent=1, ensure_ascii=False) + "\n"
        if output is not None:
            output.write_text(text, encoding="utf-8")
            console.print(f"Wrote {frame.height:,} deals to {output}", markup=False)
        else:
            typer.echo(text, nl=False)
        return
    from armsledger.csvsafe import safe_frame

    buf = io.StringIO()
    safe_frame(_flat(frame) if result.kind == "deals" else frame).write_csv(buf)
    write_csv(buf.getvalue(), output, provenance, rows=frame.height, what="deals")


def _register(result: DealList, limit: int | None) -> None:
    """The deals as SIPRI's trade register prints them: recipient, supplier, numbers and years
    with estimates in parentheses, delivery years as ranges, comments."""
    from rich.table import Table

    from armsledger.analysis.register_view import register_rows

    shown = result.head(limit)
    table = Table(title=f"Trade register, release {result.release.name}"
                  + (f", deliveries {result.period}" if result.period else ""),
                  caption_justify="left", show_lines=True)
    for col, right in (("Recipient", False), ("Supplier", False), ("Ordered", True),
                       ("Weapon designation", False), ("Weapon description", False),
                       ("Year of order", True), ("Year(s) of delivery", False),
                       ("Delivered", True), ("Comments", False)):
        table.add_column(col, justify="right" if right else "left",
                         overflow="fold", ratio=3 if col == "Comments" else None)
    for r in register_rows(shown):
        table.add_row(r.recipient, r.supplier, r.ordered, r.designation or "",
                      r.description or "", r.order_year, r.delivery_years, r.delivered,
                      r.comments or "")
    table.caption = (f"{_totals(result, shown, 'deals', 'Delivered')} Numbers and years in "
                     "parentheses are SIPRI's estimates. Delivery years are those in the "
                     f"period shown. Source: {source_note(result.release)}")
    console.print(table)


def _totals(result: DealList, shown: DealList, what: str, figure: str) -> str:
    """'Showing 10 of 30 deals. Delivered, all 30 deals: 5,417 TIV, millions (the 10 shown:
    1,136).' The totals are the library's (:attr:`DealList.tiv`), of every row and of the
    rows shown."""
    n, total = shown.total, result.total
    if n == total:
        return f"{total:,} {what}. {figure}: {fmt_tiv(result.tiv)} {TIV_UNIT}."
    return (f"Showing {n:,} of {total:,} {what} (--limit {n}). {figure}, all {total:,} "
            f"{what}: {fmt_tiv(result.tiv)} {TIV_UNIT} (the {n:,} shown: "
            f"{fmt_tiv(shown.tiv)}).")


ESTIMATE_NOTE = ('"?" marks SIPRI\'s estimates (an uncertain year or number, or a register\'s '
                 "deal total split over its delivery years), as in SIPRI's files and the "
                 "dashboard.")


def _parties(frame: pl.DataFrame) -> tuple[str, list[str]]:
    """' from Russia to India' for the title, and the columns that say nothing more (every
    row has the same supplier, or recipient)."""
    words, same = [], []
    for col, word in (("supplier", "from"), ("recipient", "to")):
        values = frame[col].unique().to_list() if frame.height else []
        if len(values) == 1:
            words.append(f" {word} {values[0]}")
            same.append(col)
    return "".join(words), same


def _table(result: DealList, limit: int | None, wide: bool) -> None:
    shown = result.head(limit)
    frame = shown.deals
    parties, same = _parties(result.deals)
    columns = [Column("Deal"), Column("Supplier", wrap=True), Column("Recipient", wrap=True),
               Column("Ordered", "right", drop=3), Column("Designation", wrap=True),
               Column("Category", drop=5, wrap=True), Column("Status", drop=4, wrap=True),
               Column("Delivered (year: number)", drop=2, wrap=True),
               Column(TIV_UNIT, "right")]
    rows = []
    for row in frame.iter_rows(named=True):
        years = ", ".join(
            f"{d['year']}: {d['number'] if d['number'] is not None else '-'}"
            + ("?" if d["estimated"] else "")
            for d in row["deliveries"]
        )
        order = "" if row["order_year"] is None else str(row["order_year"])
        if row["order_year_estimated"]:
            order += "?"
        rows.append([row["deal_id"], row["supplier"], row["recipient"], order,
                     row["designation"] or "", row["category"] or "", row["status"] or "",
                     years, fmt_tiv(row["tiv_delivered"], "")])
    keep = [i for i, c in enumerate(columns) if c.header.lower() not in same]
    period = f" in {result.period}" if result.period else ""
    console.print(fit_table(
        f"Deals{parties} with deliveries{period}, release {result.release.name}",
        [columns[i] for i in keep], [[r[i] for i in keep] for r in rows], wide=wide,
        caption=f"{_totals(result, shown, 'deals', 'Delivered')} {ESTIMATE_NOTE} "
                f"Source: {SIPRI_CITATION}"))


def _open_orders_table(result: DealList, limit: int | None, wide: bool) -> None:
    shown = result.head(limit)
    frame = shown.deals
    parties, same = _parties(result.deals)
    as_of = frame["as_of_year"][0] if frame.height else "-"
    columns = [Column("Deal"), Column("Supplier", wrap=True), Column("Recipient", wrap=True),
               Column("Ordered", "right", drop=2), Column("Designation", wrap=True),
               Column("Units ordered", "right", drop=1), Column("Delivered", "right", drop=1),
               Column(f"Outstanding ({TIV_UNIT})", "right")]
    rows = [[r["deal_id"], r["supplier"], r["recipient"], str(r["order_year"] or "-"),
             r["designation"] or "", str(r["number_ordered"]), str(r["number_delivered"]),
             fmt_tiv(r["tiv_outstanding"], "")] for r in frame.iter_rows(named=True)]
    keep = [i for i, c in enumerate(columns) if c.header.lower() not in same]
    console.print(fit_table(
        f"Open orders{parties}, release {result.release.name}, end of {as_of}",
        [columns[i] for i in keep], [[r[i] for i in keep] for r in rows], wide=wide,
        caption=f"{_totals(result, shown, 'open orders', 'Outstanding')} "
                f"Outstanding = remaining units x TIV per unit. Source: {SIPRI_CITATION}"))
