"""``armsledger tiv-table``: SIPRI's TIV table view (years across, actors down)."""

from __future__ import annotations

import io
from enum import StrEnum
from pathlib import Path
from typing import Annotated

import typer
from rich.table import Table

from armsledger import TIV_UNIT
from armsledger.citation import stamp, stamp_rows
from armsledger.cli.common import (
    AllYearsOpt,
    FromOpt,
    ReleaseOpt,
    ToOpt,
    console,
    echo_json,
    err_console,
    open_store,
    reporting_errors,
    write_csv,
)
from armsledger.errors import InvalidRequestError
from armsledger.formatting import fmt_tiv
from armsledger.xlsx import workbook


class Side(StrEnum):
    exporters = "exporters"
    importers = "importers"


class TableFormat(StrEnum):
    table = "table"
    csv = "csv"
    json = "json"
    xlsx = "xlsx"


def tiv_table_command(
    ctx: typer.Context,
    which: Annotated[Side, typer.Argument(help="exporters or importers")] = Side.exporters,
    period: AllYearsOpt = None,
    year_from: FromOpt = None,
    year_to: ToOpt = None,
    limit: Annotated[int, typer.Option(help="How many rows (0 = every actor; the world row "
                                       "always counts every actor).")] = 0,
    release: ReleaseOpt = None,
    fmt: Annotated[TableFormat, typer.Option("--format", help="table, csv, json or xlsx "
                                             "(xlsx needs --output).")] = TableFormat.table,
    output: Annotated[Path | None, typer.Option("--output", "-o", help="Write to this file "
                                                "(csv, json, xlsx).")] = None,
) -> None:
    """TIV by year and actor, as SIPRI's TIV tables print it (default: the latest ten years
    the release covers). From SIPRI's own TIV-table releases the values are SIPRI's; from a
    release with deliveries they are the yearly sums of its deliveries."""
    from armsledger.analysis.tiv_table import tiv_table
    from armsledger.query import FigureQuery

    with reporting_errors(ctx, as_json=fmt is TableFormat.json):
        query = FigureQuery.build(period=period, year_from=year_from, year_to=year_to,
                                  release=release)
        if fmt is TableFormat.xlsx and output is None:
            raise InvalidRequestError("--format xlsx writes a file: give --output FILE.xlsx")
        with open_store(ctx) as store:
            result = tiv_table(store, which.value, query, limit=limit or None)
            provenance = stamp(store.release(result.release))
        for w in result.warnings:
            err_console.print(f"Warning: {w}", markup=False, soft_wrap=True)
        if fmt is TableFormat.json:
            data = {**result.to_dict(), "provenance": provenance.to_dict()}
            if output is not None:
                import json

                output.write_text(json.dumps(data, indent=2, ensure_ascii=False),
                                  encoding="utf-8")
                return
            echo_json(data)
            return
        if fmt is TableFormat.xlsx:
            assert output is not None
            frame = result.to_polars()
            output.write_bytes(workbook(
                f"tiv-table-{which.value}", frame.columns, frame.iter_rows(),
                [*stamp_rows(provenance), ("Table", f"TIV of arms {which.value}, "
                                           f"{result.period}"), ("Unit", result.unit)]))
            err_console.print(f"Wrote {len(result.rows) + 1} rows to {output}", markup=False)
            return
        if fmt is TableFormat.csv:
            from armsledger.csvsafe import safe_frame

            buf = io.StringIO()
            safe_frame(result.to_polars()).write_csv(buf)
            write_csv(buf.getvalue(), output, provenance, rows=len(result.rows) + 1,
                      what="rows")
            return
        kind = "exports" if result.role == "exporter" else "imports"
        table = Table(title=f"TIV of arms {kind} {result.period} ({TIV_UNIT}; release "
                            f"{result.release})", caption_justify="left")
        table.add_column("Supplier" if result.role == "exporter" else "Recipient")
        for y in result.years:
            table.add_column(str(y), justify="right")
        table.add_column("Total", justify="right")
        for r in result.rows:
            table.add_row(r.actor, *[fmt_tiv(v) for v in r.values], fmt_tiv(r.total))
        table.add_row("World", *[fmt_tiv(v) for v in result.world],
                      fmt_tiv(result.world_total), style="bold")
        origin = ("SIPRI's own TIV table" if result.from_sipri_table
                  else "yearly sums of the release's deliveries")
        table.caption = f"Values: {origin}. Source: {result.source}"
        console.print(table)
