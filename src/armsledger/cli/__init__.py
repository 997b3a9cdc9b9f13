"""The `armsledger` command line: a thin layer over the library (one module per command group)."""

from __future__ import annotations

from typing import Annotated

import typer

from armsledger import __version__
from armsledger.cli import (
    analysis,
    claims,
    deals,
    diff,
    embargoes,
    export,
    fetch,
    installed_base,
    load,
    serve,
    tiv_table,
)
from armsledger.cli.common import State

app = typer.Typer(
    name="armsledger",
    help="Measure a state's arms exports from public data (SIPRI) and check claims about them. "
    "TIV figures are SIPRI trend-indicator values (a volume measure), not money.",
    no_args_is_help=True,
    add_completion=False,
    pretty_exceptions_enable=False,
)


def _version(value: bool) -> None:
    if value:
        typer.echo(f"armsledger {__version__}")
        raise typer.Exit()


@app.callback()
def root(
    ctx: typer.Context,
    db: Annotated[
        str | None,
        typer.Option(
            "--db", help="DuckDB file (default: $ARMSLEDGER_DB, else the per-user data directory)."
        ),
    ] = None,
    debug: Annotated[bool, typer.Option("--debug", help="Show tracebacks on errors.")] = False,
    version: Annotated[
        bool,
        typer.Option(
            "--version", callback=_version, is_eager=True, help="Print the version and exit."
        ),
    ] = False,
) -> None:
    """Global options."""
    ctx.obj = State(db=db, debug=debug)


app.command("load")(load.load)
app.command("releases")(load.releases)
app.command("deals")(deals.deals_command)
app.command("fetch")(fetch.fetch_command)
app.command("profile")(analysis.profile_command)
app.command("top")(analysis.top_command)
app.command("tiv-table")(tiv_table.tiv_table_command)
app.command("trend")(analysis.trend_command)
app.command("report")(analysis.report_command)
app.add_typer(claims.app, name="claims")
app.command("serve")(serve.serve_command)
app.command("screen")(embargoes.screen_command)
app.add_typer(embargoes.app, name="embargoes")
app.command("diff")(diff.diff_command)
app.command("export")(export.export_command)
app.command("base")(installed_base.base_command)


def main() -> None:
    """The ``armsledger`` command. The library's errors are rendered by each command; anything
    else that escapes (a bug) is one line too, with the traceback only under --debug."""
    import sys

    try:
        app()
    except Exception as e:  # the last resort: no raw traceback reaches a user
        if "--debug" in sys.argv[1:]:
            raise
        from armsledger.cli.common import err_console

        err_console.print(f"Error: internal error ({type(e).__name__}: {e}); run again with "
                          "--debug for the traceback, and please report it", markup=False,
                          soft_wrap=True)
        sys.exit(1)
