"""`armsledger export RELEASE --format parquet|csv|duckdb --out DIR`: one release as a
Frictionless Data Package (its tables plus ``datapackage.json``)."""

from __future__ import annotations

from enum import StrEnum
from pathlib import Path
from typing import Annotated

import typer
from rich.table import Table

from armsledger.cli.common import (
    JsonOpt,
    console,
    echo_json,
    err_console,
    open_store,
    reporting_errors,
)


class ExportFormat(StrEnum):
    parquet = "parquet"
    csv = "csv"
    duckdb = "duckdb"


def _size(n: int | None) -> str:
    if n is None:
        return "-"
    if n < 1024:
        return f"{n} B"
    if n < 1024 * 1024:
        return f"{n / 1024:,.1f} KiB"
    return f"{n / 1024 / 1024:,.1f} MiB"


def export_command(
    ctx: typer.Context,
    release: Annotated[str, typer.Argument(help="The release to export (name or id; see "
                                           "'armsledger releases').")],
    out: Annotated[Path, typer.Option("--out", help="Folder to write (new or empty; created "
                                      "with its parents).")],
    fmt: Annotated[ExportFormat, typer.Option(
        "--format", help="parquet (typed, compact), csv (UTF-8, with a header) or duckdb (one "
        "DuckDB file holding the release's tables).")] = ExportFormat.csv,
    force: Annotated[bool, typer.Option(
        "--force", help="Replace an earlier export in --out (a folder holding a "
        "datapackage.json; a folder of other files is never replaced).")] = False,
    as_json: JsonOpt = False,
) -> None:
    """Write every table of one release (release, actors, deals, deliveries, TIV values, the
    derived yearly flows, load warnings) with a Frictionless Data Package descriptor,
    datapackage.json: table schemas, the source file's SHA-256, SIPRI's generated-on date,
    citation and terms. All or nothing: a failed export leaves nothing in --out."""
    from armsledger.export import export_release

    with reporting_errors(ctx, as_json=as_json), open_store(ctx) as store:
        if as_json:
            result = export_release(store, release, out, fmt=fmt.value, force=force)
        else:
            with err_console.status(f"Exporting {release}..."):
                result = export_release(store, release, out, fmt=fmt.value, force=force)
    if as_json:
        echo_json(result.to_dict())
        return
    console.print(f"Release {result.release} exported as {result.format} to {result.out}",
                  markup=False, soft_wrap=True)
    table = Table()
    for col in ("table", "file", "rows", "size"):
        table.add_column(col, justify="right" if col in ("rows", "size") else "left")
    for t in result.resources:
        name = f"{t.name} (derived)" if t.derived else t.name
        table.add_row(name, t.path, f"{t.rows:,}", _size(t.bytes))
    console.print(table)
    console.print(f"Files: {', '.join(result.files)} ({_size(result.bytes)} in all, "
                  f"{result.seconds:.1f} s)", markup=False, soft_wrap=True)
    console.print(f"Descriptor: {result.descriptor} (Frictionless Data Package; source "
                  f"sha256 {result.sha256[:12]})", markup=False, soft_wrap=True)
    console.print(f"Cite as: {result.citation}. Calculations from the data (armsledger's "
                  "yearly values, flows) are not SIPRI's.", markup=False, soft_wrap=True)
