"""`armsledger serve`: the API and the dashboard on one local port."""

from __future__ import annotations

from typing import Annotated

import typer

from armsledger.cli.common import err_console, open_store, reporting_errors, state


def serve_command(
    ctx: typer.Context,
    host: Annotated[str, typer.Option(help="Address to listen on.")] = "127.0.0.1",
    port: Annotated[int, typer.Option(help="Port.")] = 8000,
) -> None:
    """Serve the dashboard and the REST API (docs at /docs) until interrupted."""
    import uvicorn

    from armsledger.api import create_app
    from armsledger.api.settings import ApiSettings

    with reporting_errors(ctx):
        with open_store(ctx):  # first use: load the bundled data before serving
            pass
        settings = ApiSettings.resolve(state(ctx).db)
        err_console.print(f"armsledger dashboard on http://{host}:{port}/ (API docs at "
                          f"http://{host}:{port}/docs); database {settings.db_path}",
                          markup=False)
        uvicorn.run(create_app(settings), host=host, port=port, log_level="warning")
