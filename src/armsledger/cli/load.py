"""`armsledger load` and `armsledger releases`."""

from __future__ import annotations

import json
from pathlib import Path
from typing import TYPE_CHECKING, Annotated

import typer

from armsledger import SIPRI_CITATION
from armsledger.cli.common import (
    Column,
    WideOpt,
    console,
    err_console,
    fit_table,
    open_store,
    reporting_errors,
)

if TYPE_CHECKING:
    from armsledger.ingest import LoadReport
    from armsledger.store.releases import Release


def print_report(report: LoadReport) -> None:
    r = report.release
    if report.status == "already-loaded":
        if report.unused_name is not None:
            err_console.print(
                f"Warning: the name '{report.unused_name}' was not used: this file is already "
                f"loaded as release '{r.name}'; use --release {r.name} in queries.",
                markup=False, soft_wrap=True)
        console.print(
            f"{report.path}: already loaded as release '{r.name}' (same SHA-256); nothing changed.",
            markup=False,
            soft_wrap=True,
        )
        return
    for w in report.warnings:
        err_console.print(f"Warning: {w}", markup=False, soft_wrap=True)
    generated = f", generated {r.generated_on}" if r.generated_on else ""
    console.print(
        f"Loaded {report.path} as release '{r.name}' ({r.format}{generated}): "
        f"{', '.join(counts(r))}; sha256 {r.sha256[:12]}",
        markup=False,
        soft_wrap=True,
    )


def counts(r: Release) -> list[str]:
    """The counts that apply to the release's format: a TIV table has yearly TIV values and
    no deals; a register or delivery-year file has deals and deliveries and no TIV-table
    values (a count that cannot be other than 0 says nothing)."""
    out = [f"{r.source_rows:,} source rows"]
    if r.is_tiv_table:
        out.append(f"{r.tiv_values:,} TIV values")
    else:
        out += [f"{r.deals:,} deals", f"{r.deliveries:,} delivery rows"]
        if r.tiv_values:
            out.append(f"{r.tiv_values:,} TIV values")
    out.append(f"{r.warnings:,} warning{'s' if r.warnings != 1 else ''}")
    return out


def load(
    ctx: typer.Context,
    file: Annotated[
        Path | None,
        typer.Argument(help="A SIPRI CSV export (format detected from content; .gz accepted)."),
    ] = None,
    release: Annotated[
        str | None,
        typer.Option(
            "--release", help="Name for the new release (default: format and generated-on date)."
        ),
    ] = None,
    bundled: Annotated[
        bool,
        typer.Option(
            "--bundled",
            help="Load the SIPRI data shipped with armsledger (files already loaded are skipped).",
        ),
    ] = False,
) -> None:
    """Load a file as a new release, in one transaction (a failed load changes nothing)."""
    from armsledger.ingest import load_bundled, load_file

    if (file is None) == (not bundled):
        raise typer.BadParameter("give a FILE or --bundled (not both)")
    with reporting_errors(ctx), open_store(ctx, write=True, ensure=False) as store:
        if bundled:
            with err_console.status("Loading bundled SIPRI data..."):
                reports = load_bundled(store)
            for report in reports:
                print_report(report)
            console.print(f"Source: {SIPRI_CITATION}", markup=False, soft_wrap=True)
            return
        assert file is not None
        with err_console.status(f"Loading {file}..."):
            report = load_file(store, file, name=release)
        print_report(report)


def releases(
    ctx: typer.Context,
    as_json: Annotated[bool, typer.Option("--json", help="Print JSON.")] = False,
    wide: WideOpt = False,
) -> None:
    """List the stored releases (the newest with deliveries is the default for queries)."""
    with reporting_errors(ctx, as_json=as_json), open_store(ctx, ensure=False) as store:
        rels = store.releases()
        summaries = [r.to_dict() for r in store.release_summaries()]
        default = next((r["name"] for r in summaries if r["default"]), None)
        if as_json:
            out = summaries
            typer.echo(json.dumps(out, indent=2))
            return
        if not rels:
            console.print(
                "No releases loaded. Run 'armsledger load --bundled' or 'armsledger load FILE'.",
                markup=False,
            )
            return
        columns = [Column("id", "right", drop=2), Column("name", wrap=True),
                   Column("format", drop=3), Column("generated", drop=4),
                   Column("loaded", drop=6, wrap=True), Column("rows", "right"),
                   Column("deals", "right"), Column("deliveries", "right"),
                   Column("TIV values", "right"), Column("warnings", "right", drop=1),
                   Column("sha256", drop=5)]
        rows = []
        for r in rels:
            mark = " (default)" if r.name == default else ""
            # A count the format cannot have is '-', not 0 (a TIV table has no deals).
            deal_counts = not r.is_tiv_table
            rows.append([
                str(r.release_id),
                r.name + mark,
                r.format,
                str(r.generated_on or "-"),
                r.loaded_at.isoformat(sep=" "),
                f"{r.source_rows:,}",
                f"{r.deals:,}" if deal_counts else "-",
                f"{r.deliveries:,}" if deal_counts else "-",
                f"{r.tiv_values:,}" if r.tiv_values or not deal_counts else "-",
                str(r.warnings),
                r.sha256[:12],
            ])
        table = fit_table(f"Releases in {store.path}", columns, rows, wide=wide,
                          caption="'-': a count the format does not have (a TIV table has no "
                                  "deals; a register no TIV-table values).")
        console.print(table)
