"""What every command shares: the options that build a query, opening the store, and the one
renderer of errors."""

from __future__ import annotations

import json
import sys
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from typing import TYPE_CHECKING, Annotated, Any

import typer
from rich.console import Console

from armsledger.errors import ArmsledgerError, InputError
from armsledger.settings import Settings

if TYPE_CHECKING:
    from armsledger.store import Store

# Piped output is not wrapped at 80 columns: tables stay readable in files and logs.
console = Console(highlight=False, width=None if sys.stdout.isatty() else 200)
err_console = Console(stderr=True, highlight=False, width=None if sys.stderr.isatty() else 200)


@dataclass(slots=True)
class State:
    db: str | None = None
    debug: bool = False

    @property
    def settings(self) -> Settings:
        return Settings.resolve(self.db)


def state(ctx: typer.Context) -> State:
    obj = ctx.find_root().obj
    if not isinstance(obj, State):
        obj = State()
        ctx.find_root().obj = obj
    return obj


# -- options shared by the query commands ------------------------------------------------------

PeriodOpt = Annotated[str | None, typer.Option(
    "--period", help="Inclusive years, e.g. 2020-2024 or 2024 (default: the latest five years "
    "the release covers).")]
AllYearsOpt = Annotated[str | None, typer.Option(
    "--period", help="Inclusive years, e.g. 2020-2024 or 2024 (default: every year the release "
    "covers).")]
FromOpt = Annotated[int | None, typer.Option(
    "--from", help="First delivery year (with --to, the same as --period FROM-TO).")]
ToOpt = Annotated[int | None, typer.Option("--to", help="Last delivery year.")]
CompareOpt = Annotated[str, typer.Option(
    "--compare", help="Period to compare with: YYYY-YYYY, 'previous' (same length, just "
    "before) or 'none'.")]
ReleaseOpt = Annotated[str | None, typer.Option(
    "--release", help="Release name (default: the newest with deliveries).")]
SupplierOpt = Annotated[str | None, typer.Option(
    "--supplier", help="Supplier (exporter): SIPRI name or ISO3 code.")]
RecipientOpt = Annotated[str | None, typer.Option(
    "--recipient", help="Recipient (importer): SIPRI name or ISO3 code.")]
CategoryOpt = Annotated[str | None, typer.Option(
    "--category", help="SIPRI armament category, e.g. Aircraft.")]
PredOpt = Annotated[bool, typer.Option(
    "--include-predecessors", help="Count predecessor states too (e.g. the Soviet Union with "
    "Russia).")]
PartialOpt = Annotated[bool, typer.Option(
    "--allow-partial", help="Compute a period the release covers only in part (with a "
    "warning; no change is given against it).")]
JsonOpt = Annotated[bool, typer.Option("--json", help="Print JSON (documented keys; errors "
                                       "as {\"error\": {...}}).")]


# -- errors ------------------------------------------------------------------------------------


def render_error(e: ArmsledgerError, *, as_json: bool = False) -> None:
    """The CLI's one rendering of a library error: one line on stderr (every problem of a
    file below it), or the API's JSON error shape on stdout with ``--json``."""
    if as_json:
        typer.echo(json.dumps({"error": e.to_dict()}, indent=2, ensure_ascii=False))
        return
    err_console.print(f"Error: {e}", markup=False, soft_wrap=True)
    if isinstance(e, InputError) and len(e.problems) > 1:
        for p in e.problems:
            err_console.print(f"  - {p}", markup=False, soft_wrap=True)
        if e.truncated:
            err_console.print("  - ... (more problems not shown)", markup=False)


@contextmanager
def reporting_errors(ctx: typer.Context, *, as_json: bool = False) -> Iterator[None]:
    """Turn the library's errors into one line (or JSON) and exit code 1; tracebacks only
    with --debug."""
    try:
        yield
    except ArmsledgerError as e:
        if state(ctx).debug:
            raise
        render_error(e, as_json=as_json)
        raise typer.Exit(1) from None


# -- the store ---------------------------------------------------------------------------------


@contextmanager
def open_store(ctx: typer.Context, *, write: bool = False, ensure: bool = True
               ) -> Iterator[Store]:
    """Open the configured store: read-only unless ``write`` (a read writes nothing). On first
    use (no database, or no release yet) the bundled data is loaded first, with a notice."""
    from armsledger.ingest import BundledFile
    from armsledger.ingest import open_store as open_ledger_store

    settings = state(ctx).settings

    def notice(item: BundledFile | None) -> None:
        if item is None:
            err_console.print(f"First use of {settings.db_path}: loading the bundled SIPRI "
                              "data...", markup=False)
        else:
            err_console.print(f"  {item.release}: {item.what}", markup=False)

    with open_ledger_store(settings.db_path, read_only=not write, ensure=ensure,
                           on_file=notice, default_release=settings.release) as store:
        yield store


def echo_json(data: Any) -> None:
    typer.echo(json.dumps(data, indent=2, ensure_ascii=False))


def is_interactive() -> bool:
    return sys.stderr.isatty()
