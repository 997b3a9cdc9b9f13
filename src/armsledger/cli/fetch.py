"""`armsledger fetch`: download the current data from SIPRI and load it as a new release."""

from __future__ import annotations

from pathlib import Path
from typing import Annotated

import typer
from rich.progress import BarColumn, DownloadColumn, Progress, TextColumn, TimeElapsedColumn

from armsledger import SIPRI_CITATION
from armsledger.cli.common import console, open_store, reporting_errors, state
from armsledger.cli.load import print_report


def fetch_command(
    ctx: typer.Context,
    year_from: Annotated[int, typer.Option("--from", help="First delivery year.")] = 1950,
    year_to: Annotated[int | None, typer.Option("--to", help="Last delivery year "
                                                "(default: this year).")] = None,
    release: Annotated[str | None, typer.Option(help="Name for the new release.")] = None,
    save_dir: Annotated[Path | None, typer.Option(
        "--save-dir", help="Where to keep the downloaded CSV (default: beside the database).")
    ] = None,
    url: Annotated[str | None, typer.Option(
        help="SIPRI backend endpoint (default: SIPRI's own, armsledger.fetch.BACKEND_URL).")
    ] = None,
) -> None:
    """Download SIPRI's current delivery-year data (slow, ~30 s) and load it as a release."""
    from armsledger import fetch
    from armsledger.ingest import load_file

    with reporting_errors(ctx):
        columns = (TextColumn("[progress.description]{task.description}"), BarColumn(),
                   DownloadColumn(), TimeElapsedColumn())
        with Progress(*columns, console=console, transient=True) as progress:
            task = progress.add_task("Downloading from SIPRI", total=None)

            def advance(received: int, total: int | None) -> None:
                progress.update(task, completed=received, total=total)

            data = fetch.download(year_from=year_from, year_to=year_to,
                                  url=url or fetch.BACKEND_URL, progress=advance)
        directory = save_dir or state(ctx).settings.db_path.parent / "downloads"
        path = fetch.save(data, directory)
        console.print(f"Saved {len(data):,} bytes to {path}", markup=False, soft_wrap=True)
        with open_store(ctx, write=True, ensure=False) as store:
            print_report(load_file(store, path, name=release))
        console.print(f"Source: {SIPRI_CITATION}", markup=False, soft_wrap=True)
