"""What every command shares: options, opening the store, turning errors into one line."""

from __future__ import annotations

import sys
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass

import typer
from rich.console import Console

from armsledger.errors import ArmsledgerError, InputError
from armsledger.ingest import BundledFile, ensure_data
from armsledger.settings import Settings
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


@contextmanager
def reporting_errors(ctx: typer.Context) -> Iterator[None]:
    """Turn the library's errors into 'Error: ...' and exit code 1 (traceback with --debug)."""
    try:
        yield
    except ArmsledgerError as e:
        if state(ctx).debug:
            raise
        err_console.print(f"Error: {e}", markup=False, soft_wrap=True)
        if isinstance(e, InputError) and len(e.problems) > 1:
            for p in e.problems:
                err_console.print(f"  - {p}", markup=False, soft_wrap=True)
            if e.truncated:
                err_console.print("  - ... (more problems not shown)", markup=False)
        raise typer.Exit(1) from None


@contextmanager
def open_store(ctx: typer.Context, *, ensure: bool = True) -> Iterator[Store]:
    """Open the configured store; on first use, load the bundled data (with a notice)."""
    settings = state(ctx).settings
    with Store(settings.db_path) as store:
        if ensure and not store.releases():
            err_console.print(
                f"First use of {settings.db_path}: loading the bundled SIPRI data...",
                markup=False,
            )

            def notice(item: BundledFile) -> None:
                err_console.print(f"  {item.release}: {item.what}", markup=False)

            ensure_data(store, on_file=notice)
        yield store


def is_interactive() -> bool:
    return sys.stderr.isatty()
