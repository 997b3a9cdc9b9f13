"""What every command shares: the options that build a query, opening the store, and the one
renderer of errors."""

from __future__ import annotations

import json
import sys
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING, Annotated, Any

import typer
from rich.console import Console
from rich.table import Table
from rich.text import Text

from armsledger.errors import ArmsledgerError, InputError
from armsledger.settings import Settings

if TYPE_CHECKING:
    from armsledger.citation import Stamp
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
WideOpt = Annotated[bool, typer.Option(
    "--wide", help="Table output: every column, even when the terminal is too narrow for it "
    "(columns are otherwise dropped to fit, and named under the table).")]
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


# -- tables that fit the terminal ----------------------------------------------------------------


@dataclass(slots=True)
class Column:
    """A column of :func:`fit_table`. ``drop`` orders what goes first when the terminal is too
    narrow (0 = always kept; higher numbers go first); ``wrap`` lets long text wrap onto more
    lines (ids and numbers never wrap)."""

    header: str
    justify: str = "left"
    drop: int = 0
    wrap: bool = False


_WRAP_MIN = 14  # a wrapping column is not squeezed below this (words stay whole)


def _longest_word(texts: list[str]) -> int:
    return max((len(w) for t in texts for w in t.split()), default=0)


def _needed(col: Column, cells: list[str]) -> tuple[int, int, int]:
    """(the least width, the width it is given when space is short, the width it would take)
    of a column's text: an id or a number is never cut, a header wraps between words, and
    wrapping text keeps its words whole and is not squeezed below :data:`_WRAP_MIN`."""
    longest = max((len(t) for t in cells), default=0)
    full = max(longest, len(col.header))
    if not col.wrap:
        least = max(longest, _longest_word([col.header]))
        return least, least, full
    least = min(full, _longest_word([col.header, *cells]))
    return least, min(full, max(_WRAP_MIN, least)), full


def _widths(need: list[tuple[int, int, int]], wrap: list[bool], room: int) -> list[int] | None:
    """Widths of the kept columns' text within ``room`` characters: every column its least,
    then the wrapping columns, then the headers, their full width while space lasts; None
    when even the least does not fit."""
    widths = [n[0] for n in need]
    if sum(widths) > room:
        return None
    for only_wrapping in (True, False):
        spare = room - sum(widths)
        want = [need[i][2] - widths[i] if wrap[i] or not only_wrapping else 0
                for i in range(len(need))]
        total = sum(want)
        if total and spare:
            give = [want[i] * spare // total if total > spare else want[i]
                    for i in range(len(need))]
            widths = [w + g for w, g in zip(widths, give, strict=True)]
    return widths


def fit_table(title: str, columns: list[Column], rows: list[list[str]], *, wide: bool = False,
              caption: str | None = None, width: int | None = None) -> Table:
    """A table that fits ``width`` (default: the console's): columns are dropped by their
    ``drop`` rank until the rest fit without cutting an id or a number; a dropped column is
    named in the caption, with the options that show everything. ``wide`` keeps every
    column (the table may then be wider than the terminal)."""
    width = width or console.width
    need = [_needed(c, [r[i] for r in rows]) for i, c in enumerate(columns)]
    keep = list(range(len(columns)))

    def room() -> int:  # a column's padding and border take 3 characters, the table 1 more
        return width - 3 * len(keep) - 1

    if not wide:
        for i in sorted((i for i, c in enumerate(columns) if c.drop),
                        key=lambda i: -columns[i].drop):
            if sum(need[k][1] for k in keep) <= room():
                break
            keep.remove(i)
    # Too narrow even so (or --wide): Rich lays the table out, folding cells if it must.
    widths = None if wide else _widths([need[k] for k in keep],
                                       [columns[k].wrap for k in keep], room())
    dropped = [c.header for i, c in enumerate(columns) if i not in keep]
    notes = []
    if dropped:
        notes.append(f"Not shown at this width: {', '.join(dropped)} (--wide or JSON/CSV "
                     "output has every column).")
    notes += [caption] if caption else []
    table = Table(title=title, title_justify="left", caption=" ".join(notes) or None,
                  caption_justify="left")
    for n, i in enumerate(keep):
        c = columns[i]
        table.add_column(c.header, justify="right" if c.justify == "right" else "left",
                         overflow="fold", width=widths[n] if widths else None)
    for r in rows:
        table.add_row(*(Text(r[i]) for i in keep))
    return table


# -- data files with their provenance -----------------------------------------------------------


def provenance_path(output: Path) -> Path:
    """Where a CSV file's provenance goes: ``deals.csv`` -> ``deals.provenance.csv``."""
    return output.with_name(f"{output.stem}.provenance.csv")


def write_csv(text: str, output: Path | None, provenance: Stamp, *, rows: int,
              what: str) -> None:
    """A CSV table and its provenance stamp (:mod:`armsledger.citation`). The CSV stays a
    plain table; the stamp travels beside it: to a file, as ``NAME.provenance.csv`` (label,
    value) next to it; to stdout, as ``# Label: value`` lines on stderr (a pipe gets the
    table only)."""
    import csv
    import io

    from armsledger.citation import stamp_rows, stamp_text

    if output is None:
        typer.echo(text, nl=False)
        for line in stamp_text(provenance).splitlines():
            err_console.print(f"# {line}", markup=False, soft_wrap=True)
        return
    side = provenance_path(output)
    buf = io.StringIO()
    writer = csv.writer(buf, lineterminator="\n")
    writer.writerow(["label", "value"])
    writer.writerows(stamp_rows(provenance))
    output.write_text(text, encoding="utf-8")
    side.write_text(buf.getvalue(), encoding="utf-8")
    console.print(f"Wrote {rows:,} {what} to {output} (provenance: {side})", markup=False)


def parquet_metadata(provenance: Stamp) -> dict[str, str]:
    """The stamp as Parquet key-value metadata (``armsledger.release``, ...): read back with
    ``pyarrow.parquet.read_metadata(path).metadata`` or ``polars.read_parquet_metadata``."""
    return {f"armsledger.{k}": "" if v is None else str(v)
            for k, v in provenance.to_dict().items()}
