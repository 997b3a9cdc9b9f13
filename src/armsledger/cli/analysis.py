"""`armsledger profile`, `top` and `trend`: analysis results rendered as text or JSON."""

from __future__ import annotations

from collections.abc import Callable
from enum import StrEnum
from pathlib import Path
from typing import Annotated, Any

import typer
from rich.table import Table

from armsledger import TIV_UNIT
from armsledger.cli.common import (
    AllYearsOpt,
    CompareOpt,
    FromOpt,
    JsonOpt,
    PartialOpt,
    PeriodOpt,
    PredOpt,
    ReleaseOpt,
    ToOpt,
    console,
    echo_json,
    err_console,
    open_store,
    reporting_errors,
)
from armsledger.formatting import fmt_tiv


class Ranked(StrEnum):
    exporters = "exporters"
    importers = "importers"


def _subject(exporter: str | None, supplier: str | None, recipient: str | None
             ) -> dict[str, str | None]:
    """EXPORTER (or --supplier) or --recipient: exactly one actor."""
    if exporter and supplier and exporter != supplier:
        raise typer.BadParameter("give the exporter once: EXPORTER or --supplier")
    supplier = exporter or supplier
    if (supplier is None) == (recipient is None):
        raise typer.BadParameter("give an EXPORTER (or --supplier) or --recipient RECIPIENT "
                                 "(one of them)")
    return {"supplier": supplier, "recipient": recipient}


def _num(value: float | None, digits: int = 0) -> str:
    return "-" if value is None else f"{value:,.{digits}f}"


def _pct(value: float | None) -> str:
    return "-" if value is None else f"{value:.1f}%"


def _signed(value: float | None) -> str:
    return "-" if value is None else f"{value:+.1f}%"


def _share_table(title: str, rows: list[dict[str, Any]], key: str, limit: int | None,
                 evidence: bool = False) -> Table:
    table = Table(title=title, title_justify="left")
    table.add_column(key.capitalize())
    table.add_column(TIV_UNIT, justify="right")
    table.add_column("Share", justify="right")
    return _fill(table, rows, limit, evidence, "Deals",
                 lambda row: [str(row[key]), fmt_tiv(row["tiv"]), _pct(row["share_pct"])])


def _fill(table: Table, rows: list[dict[str, Any]], limit: int | None, evidence: bool,
          evidence_label: str, cells: Callable[[dict[str, Any]], list[str]]) -> Table:
    """Add ``rows`` (at most ``limit``) with their deal ids when ``evidence``, and say how
    many more there are."""
    if evidence:
        table.add_column(evidence_label)
    for row in rows[:limit] if limit else rows:
        table.add_row(*cells(row), *([" ".join(row.get("deal_ids", []))] if evidence else []))
    if limit and len(rows) > limit:
        table.caption = f"... {len(rows) - limit} more (use --limit 0 or --json for all)"
    return table


def _backlog_table(rows: list[dict[str, Any]], key: str, limit: int | None,
                   evidence: bool = False) -> Table:
    """Open orders by counterpart as the library gives them: deals, units and outstanding
    TIV (the backlog result has no shares, so none is shown)."""
    table = Table(title="Backlog", title_justify="left")
    table.add_column(key.capitalize())
    for col in ("Deals", "Units", TIV_UNIT):
        table.add_column(col, justify="right")
    return _fill(table, rows, limit, evidence, "Deals (ids)",
                 lambda row: [str(row[key]), str(row["deals"]), _num(row["units"]),
                              fmt_tiv(row["tiv"])])


def _plot_or_json(result: Any, chart: Callable[[Any], Any], plot: Path | None,
                  as_json: bool) -> bool:
    """Write ``chart(result)`` to ``plot`` when asked, print the JSON when asked; True when
    the JSON was printed (the command is done)."""
    if plot is not None:
        from armsledger.charts import save_chart

        save_chart(chart(result), plot)
        err_console.print(f"Chart written to {plot}", markup=False)
    if as_json:
        echo_json(result.to_dict())
    return as_json


def profile_command(
    ctx: typer.Context,
    exporter: Annotated[str | None, typer.Argument(help="Exporter: SIPRI name or ISO3.")] = None,
    supplier: Annotated[str | None, typer.Option(
        "--supplier", help="The exporter, as an option (the same as EXPORTER).")] = None,
    recipient: Annotated[str | None, typer.Option(
        "--recipient", help="Profile this recipient (importer) instead.")] = None,
    period: PeriodOpt = None,
    compare: CompareOpt = "previous",
    release: ReleaseOpt = None,
    include_predecessors: PredOpt = False,
    allow_partial: PartialOpt = False,
    as_json: JsonOpt = False,
    evidence: Annotated[bool, typer.Option("--evidence", help="List the deal ids behind "
                                           "each figure.")] = False,
    limit: Annotated[int, typer.Option(help="Rows per table in text output (0 = all).")] = 15,
    by_year: Annotated[bool, typer.Option(
        "--by-year", help="Show each year's TIV and the number of recipient (or supplier) "
        "states as a table.")] = False,
) -> None:
    """An exporter's (or with --recipient, an importer's) profile for a period (TIV, millions).

    The actor may be a state or a group: a region ("Africa"), a subregion ("sub-Saharan
    Africa") or a bloc ("EU", "NATO", "European NATO"; members counted in the years they were
    members, or "NATO members in 2025" for today's members in every year)."""
    from armsledger.analysis.profile import profile
    from armsledger.query import FigureQuery

    with reporting_errors(ctx, as_json=as_json):
        query = FigureQuery.build(**_subject(exporter, supplier, recipient), period=period,
                                  compare=compare, release=release,
                                  include_predecessors=include_predecessors,
                                  allow_partial=allow_partial)
        with open_store(ctx) as store:
            result = profile(store, query)
        data = result.to_dict()
        if as_json:
            echo_json(data)
            return
        _print_profile(data, result.role, limit or None, evidence, by_year)


def _print_profile(d: dict[str, Any], role: str, limit: int | None, evidence: bool,
                   by_year: bool = False) -> None:
    counter = "recipient" if role == "exporter" else "supplier"
    name = d["exporter" if role == "exporter" else "recipient"]
    what = "exports" if role == "exporter" else "imports"
    cmp = d["compare_figures"]
    console.print(f"[bold]{name}[/bold] ({d['iso3'] or d['kind']}), arms {what} "
                  f"{d['period']}, release {d['release']}")
    if len(d["actors"]) > 1:
        console.print(f"Counted together: {', '.join(d['actors'])}", markup=False)
    line = (f"{fmt_tiv(d['tiv'])} {TIV_UNIT} (SIPRI's trend-indicator value is a volume "
            "measure, not money); "
            f"{_pct(d['share_of_world_pct'])} of world {what}, rank {d['rank'] or '-'}")
    if cmp:
        line += (f"; {d['compare']}: {fmt_tiv(cmp['tiv'])}, {_pct(cmp['share_of_world_pct'])}, "
                 f"rank {cmp['rank'] or '-'}; change {_signed(d['change_pct'])}")
    console.print(line, markup=False, soft_wrap=True)
    states = d[f"{counter}_states"]
    console.print(f"{counter.capitalize()} states: {states}"
                  + (f" ({cmp[f'{counter}_states']} in {d['compare']})" if cmp else ""),
                  markup=False)
    if role == "importer" and d.get("dependence"):
        dep = d["dependence"]
        text = (f"Dependence: top supplier {dep['top_supplier']} "
                f"{_pct(dep['top_supplier_share_pct'])}, HHI {_num(dep['hhi'])}")
        if cmp and cmp.get("dependence"):
            c = cmp["dependence"]
            text += (f" ({d['compare']}: {c['top_supplier']} "
                     f"{_pct(c['top_supplier_share_pct'])}, HHI {_num(c['hhi'])})")
        console.print(text, markup=False)
    rows = [{"actor": r["actor"], **r} for r in d[f"{counter}s"]]
    console.print(_share_table(f"{counter.capitalize()} states", rows, "actor", limit,
                               evidence))
    if d[f"non_state_{counter}s"]:
        console.print(_share_table(f"Non-state, organisations and unknown {counter}s",
                                   d[f"non_state_{counter}s"], "actor", limit, evidence))
    console.print(_share_table("Regions", d["regions"], "region", None))
    if d["blocs"]:
        console.print(_share_table("Blocs (members in each delivery year)", d["blocs"],
                                   "bloc", None, evidence))
    console.print(_share_table("Weapon categories", d["categories"], "category", None))
    console.print(_share_table("Status", d["status"], "status", None))
    lp = d["local_production"]
    console.print(f"Local (licensed) production: {fmt_tiv(lp['tiv'])} {TIV_UNIT} "
                  f"({_pct(lp['share_pct'])})", markup=False)
    if by_year:
        table = Table(title="By year")
        for col in ("Year", TIV_UNIT, f"{counter.capitalize()} states"):
            table.add_column(col, justify="right")
        for y in d["yearly"]:
            table.add_row(str(y["year"]), fmt_tiv(y["tiv"]), str(y["counterpart_states"]))
        console.print(table)
    else:
        console.print("Yearly: " + ", ".join(f"{y['year']}: {fmt_tiv(y['tiv'])}"
                                             for y in d["yearly"]),
                      markup=False, soft_wrap=True)
    bl = d["backlog"]
    if bl:
        console.print(f"Order backlog (release {bl['release']}, end of {bl['as_of_year']}): "
                      f"{bl['deals']} open orders, {fmt_tiv(bl['tiv'])} {TIV_UNIT}",
                      markup=False, soft_wrap=True)
        key = f"by_{'recipient' if role == 'exporter' else 'supplier'}"
        console.print(_backlog_table(bl[key], key[3:], limit, evidence))
        console.print(f"  ({bl['definition']}; list them: armsledger deals --open-orders "
                      f"--{'supplier' if role == 'exporter' else 'recipient'} \"{name}\")",
                      markup=False, soft_wrap=True)
    for w in d["warnings"]:
        err_console.print(f"Warning: {w}", markup=False, soft_wrap=True)
    if evidence:
        console.print(f"Deals behind the total ({len(d['evidence']['deal_ids'])}): "
                      + " ".join(d["evidence"]["deal_ids"]), markup=False, soft_wrap=True)
    console.print(f"Reproduce: {d['evidence']['command']}", markup=False, soft_wrap=True)
    console.print(f"Source: {d['source']}", markup=False, soft_wrap=True)


def top_command(
    ctx: typer.Context,
    which: Annotated[Ranked, typer.Argument(help="exporters or importers")],
    period: PeriodOpt = None,
    compare: CompareOpt = "previous",
    limit: Annotated[int, typer.Option(help="How many (0 = all ranked states).")] = 10,
    region: Annotated[str | None, typer.Option(
        "--region", help="Rank only the states of this region, subregion or bloc, e.g. "
        "Europe, 'sub-Saharan Africa', EU, 'European NATO'.")] = None,
    recipient: Annotated[str | None, typer.Option(
        "--recipient", help="For exporters: count only deliveries to this recipient, region "
        "or bloc (shares of its imports), e.g. Africa.")] = None,
    supplier: Annotated[str | None, typer.Option(
        "--supplier", help="For importers: count only deliveries from this supplier, region "
        "or bloc (shares of its exports).")] = None,
    release: ReleaseOpt = None,
    allow_partial: PartialOpt = False,
    as_json: JsonOpt = False,
) -> None:
    """The largest exporters or importers (states) with TIV, world share and change."""
    from armsledger.analysis.ranking import top
    from armsledger.query import FigureQuery

    with reporting_errors(ctx, as_json=as_json):
        query = FigureQuery.build(period=period, compare=compare, release=release,
                                  allow_partial=allow_partial, supplier=supplier,
                                  recipient=recipient)
        with open_store(ctx) as store:
            result = top(store, which.value, query, limit=limit or None, within=region)
        if as_json:
            echo_json(result.to_dict())
            return
        scope_text = "".join(
            f", {label}" for label in (
                f"in {result.within}" if result.within else None,
                (f"to {result.counterpart}" if result.role == "exporter"
                 else f"from {result.counterpart}") if result.counterpart else None) if label)
        table = Table(title=f"Top {which.value}{scope_text} {result.period} "
                            f"(release {result.release})", caption_justify="left")
        for col in ("Rank", "State", "ISO3", TIV_UNIT, "Share",
                    f"Change vs {result.compare}" if result.compare else "Change"):
            table.add_column(col, justify="left" if col in ("State", "ISO3") else "right")
        for r in result.ranking:
            table.add_row(str(r.rank), r.actor, r.iso3 or "", fmt_tiv(r.tiv),
                          _pct(r.share_pct), _signed(r.change_pct))
        table.caption = (
            (f"Total {result.counterpart} {fmt_tiv(result.world_tiv)} {TIV_UNIT}"
             if result.counterpart else f"World total {fmt_tiv(result.world_tiv)} {TIV_UNIT}")
            + (f", change {_signed(result.world_change_pct)}" if result.compare else "")
            + f"; non-state, organisations and unknown: {fmt_tiv(result.unranked_tiv)}. "
            f"Source: {result.source}"
        )
        console.print(table)
        for w in result.warnings:
            err_console.print(f"Warning: {w}", markup=False, soft_wrap=True)


def trend_command(
    ctx: typer.Context,
    actor: Annotated[list[str] | None, typer.Argument(
        help="Exporter: SIPRI name or ISO3; several (or a comma-separated list) compare them "
             "on one chart.")] = None,
    supplier: Annotated[str | None, typer.Option(
        "--supplier", help="The exporter, as an option (the same as ACTOR).")] = None,
    recipient: Annotated[str | None, typer.Option(
        "--recipient", help="The series of this recipient's imports instead (several: "
                            "comma-separated).")] = None,
    period: AllYearsOpt = None,
    year_from: FromOpt = None,
    year_to: ToOpt = None,
    window: Annotated[int, typer.Option(help="Years in the rolling total.")] = 5,
    plot: Annotated[Path | None, typer.Option(
        help="Also draw a chart: FILE.png, .svg, .html (self-contained) or .json.")] = None,
    release: ReleaseOpt = None,
    include_predecessors: PredOpt = False,
    allow_partial: PartialOpt = False,
    as_json: JsonOpt = False,
) -> None:
    """Yearly TIV and rolling totals of one actor (default: every year of the release),
    optionally as a chart. Several actors (``trend USA RUS FRA``, or ``--recipient
    India,Pakistan``) are compared: yearly TIV and share of the world on one chart, totals
    for the period (default: the latest five years)."""
    from armsledger.analysis.compare import parse_actors
    from armsledger.analysis.trend import trend
    from armsledger.query import FigureQuery

    names = parse_actors(actor or [])
    many = len(names) > 1 or (recipient is not None and len(parse_actors(recipient)) > 1)
    if many:
        _trend_many(ctx, names, supplier, recipient, period=period, year_from=year_from,
                    year_to=year_to, plot=plot, release=release,
                    include_predecessors=include_predecessors, allow_partial=allow_partial,
                    as_json=as_json)
        return
    with reporting_errors(ctx, as_json=as_json):
        query = FigureQuery.build(**_subject(names[0] if names else None, supplier, recipient),
                                  period=period,
                                  year_from=year_from, year_to=year_to, release=release,
                                  include_predecessors=include_predecessors,
                                  allow_partial=allow_partial)
        with open_store(ctx) as store:
            result = trend(store, query, window=window)
        from armsledger.charts import trend_chart

        if _plot_or_json(result, trend_chart, plot, as_json):
            return
        table = Table(title=f"{result.actor} as {result.role}, release {result.release}",
                      caption_justify="left")
        states = "Recipient states" if result.role == "exporter" else "Supplier states"
        beside = result.sipri_table is not None
        for col in ("Year", TIV_UNIT, "World share", f"{result.window}-year total", "Deals",
                    states, *(["SIPRI's TIV table", "Difference"] if beside else [])):
            table.add_column(col, justify="right")
        for r in result.series:
            row = [str(r.year), fmt_tiv(r.tiv), _pct(r.share_pct), fmt_tiv(r.rolling_tiv),
                   "-" if r.deals is None else str(r.deals),
                   "-" if r.counterpart_states is None else str(r.counterpart_states)]
            if beside:
                row += [fmt_tiv(r.sipri_table_tiv), _signed(r.sipri_table_diff_pct)]
            table.add_row(*row)
        table.caption = f"Source: {result.source}" + (
            f". SIPRI's TIV table: release {result.sipri_table} (the same SIPRI update); "
            "difference = armsledger vs the table" if beside else "")
        console.print(table)
        for w in result.warnings:
            err_console.print(f"Warning: {w}", markup=False, soft_wrap=True)


def _trend_many(ctx: typer.Context, names: list[str], supplier: str | None,
                recipient: str | None, *, period: str | None, year_from: int | None,
                year_to: int | None, plot: Path | None, release: str | None,
                include_predecessors: bool, allow_partial: bool, as_json: bool) -> None:
    """``trend A B C``: several actors compared (analysis.compare)."""
    from armsledger.analysis.compare import compare, parse_actors
    from armsledger.charts import comparison_chart
    from armsledger.query import FigureQuery

    with reporting_errors(ctx, as_json=as_json):
        if names and recipient is not None:
            raise typer.BadParameter("give exporters (ACTOR ...) or --recipient, not both")
        role = "importer" if recipient is not None else "exporter"
        actors = parse_actors(recipient) if recipient is not None else (
            names + ([supplier] if supplier and supplier not in names else []))
        query = FigureQuery.build(period=period, year_from=year_from, year_to=year_to,
                                  release=release, include_predecessors=include_predecessors,
                                  allow_partial=allow_partial)
        with open_store(ctx) as store:
            result = compare(store, actors, role=role, query=query)
        if _plot_or_json(result, comparison_chart, plot, as_json):
            return
        what = "exports" if result.role == "exporter" else "imports"
        table = Table(title=f"Arms {what} compared, {result.period}, release "
                            f"{result.release}", caption_justify="left")
        for col in ("Actor", TIV_UNIT, f"Share of world {what}"):
            table.add_column(col, justify="left" if col == "Actor" else "right")
        for t in result.totals:
            table.add_row(t.actor, fmt_tiv(t.tiv), _pct(t.share_pct))
        table.caption = f"Source: {result.source}"
        console.print(table)
        years = Table(title="Year by year (TIV, millions)", caption_justify="left")
        years.add_column("Year", justify="right")
        order = [t.actor for t in result.totals]
        for name in order:
            years.add_column(name, justify="right")
        by_year: dict[int, dict[str, float]] = {}
        for p in result.series:
            by_year.setdefault(p.year, {})[p.actor] = p.tiv
        for year in sorted(by_year):
            years.add_row(str(year), *(fmt_tiv(by_year[year].get(n)) for n in order))
        console.print(years)
        for w in result.warnings:
            err_console.print(f"Warning: {w}", markup=False, soft_wrap=True)


def report_command(
    ctx: typer.Context,
    exporter: Annotated[str, typer.Argument(help="Exporter: SIPRI name or ISO3.")],
    out: Annotated[Path, typer.Option(help="Output file (.html, or .pdf with --pdf).")],
    period: PeriodOpt = None,
    compare: CompareOpt = "previous",
    release: ReleaseOpt = None,
    include_predecessors: PredOpt = False,
    allow_partial: PartialOpt = False,
    pdf: Annotated[bool, typer.Option("--pdf", help="Write PDF (with WeasyPrint if installed, "
                                      "else headless Chromium).")] = False,
) -> None:
    """One self-contained HTML report: profile, trend, claims, screening, SIPRI citation."""
    from armsledger.query import FigureQuery
    from armsledger.report import build_report, write_report

    with reporting_errors(ctx):
        query = FigureQuery.build(supplier=exporter, period=period, compare=compare,
                                  release=release, include_predecessors=include_predecessors,
                                  allow_partial=allow_partial)
        with open_store(ctx) as store:
            report = build_report(store, query)
        write_report(report, out, pdf=pdf)
        err_console.print(f"Wrote {out}", markup=False)
