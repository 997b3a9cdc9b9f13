"""``armsledger base``: the estimated installed base by origin, a supplier's view of it, the
dependence table of a region or bloc, and second-hand flows of a supplier's designs
(:mod:`armsledger.analysis.installed_base`; this module only renders its results)."""

from __future__ import annotations

import io
from dataclasses import replace
from enum import StrEnum
from pathlib import Path
from typing import TYPE_CHECKING, Annotated, Any

import typer

from armsledger import TIV_UNIT
from armsledger.cli.common import (
    CategoryOpt,
    Column,
    PartialOpt,
    PredOpt,
    ReleaseOpt,
    WideOpt,
    console,
    echo_json,
    err_console,
    fit_table,
    open_store,
    reporting_errors,
    write_csv,
)
from armsledger.errors import InvalidRequestError
from armsledger.formatting import fmt_tiv

if TYPE_CHECKING:
    from armsledger.analysis.installed_base import (
        DependenceRow,
        DependenceTable,
        InstalledBase,
        LifeAssumption,
        SecondHandFlows,
        SupplierBase,
    )
    from armsledger.analysis.licensed import LicensedProduction
    from armsledger.citation import Stamp

    BaseResult = (InstalledBase | SupplierBase | DependenceTable | SecondHandFlows
                  | LicensedProduction)


class Format(StrEnum):
    table = "table"
    json = "json"
    csv = "csv"


def base_command(
    ctx: typer.Context,
    recipient: Annotated[str | None, typer.Argument(
        help="Recipient: a state (SIPRI name or ISO3), a region or a bloc.")] = None,
    supplier: Annotated[str | None, typer.Option(
        "--supplier", help="A supplier's view: each recipient's in-service base of this "
        "origin (predecessors counted with it: Russia incl. Soviet Union) and its share.")
    ] = None,
    region: Annotated[str | None, typer.Option(
        "--region", help="The recipients: a region, subregion or bloc (Africa, CSTO, EU), "
        "members as of the as-of year.")] = None,
    origin: Annotated[str | None, typer.Option(
        "--origin", help="Dependence table: each member's share of its base from this "
        "origin, by category, with the majority marked (with --region or RECIPIENT).")
    ] = None,
    second_hand: Annotated[bool, typer.Option(
        "--second-hand", help="Second-hand deliveries of the --supplier's (or --origin's) "
        "designs by third parties, where the register names the origin (comments) or its "
        "designations imply it (--comment-only: comments alone).")] = False,
    licensed: Annotated[bool, typer.Option(
        "--licensed", help="Licensed and local production and co-development of the "
        "--supplier's designs (predecessors counted with it) by licensee, in --period "
        "(default: every year of the release).")] = False,
    comment_only: Annotated[bool, typer.Option(
        "--comment-only", help="With --second-hand: only deliveries whose comments name the "
        "origin (not those attributed by designation).")] = False,
    category: CategoryOpt = None,
    as_of: Annotated[int | None, typer.Option(
        "--as-of", help="The year of the estimate (default: the release's last delivery "
        "year).")] = None,
    service_life: Annotated[list[str] | None, typer.Option(
        "--service-life", help="Override an assumed service life: CATEGORY=YEARS, e.g. "
        "aircraft=40 (repeat, or comma-separate).")] = None,
    missile_years: Annotated[int, typer.Option(
        "--missile-years", help="Missiles are consumed, never in the base: report those "
        "delivered in this many years to the as-of year.")] = 10,
    period: Annotated[str | None, typer.Option(
        "--period", help="With --second-hand: delivery years (default: every year of the "
        "release).")] = None,
    release: ReleaseOpt = None,
    include_predecessors: PredOpt = False,
    allow_partial: PartialOpt = False,
    fmt: Annotated[Format, typer.Option("--format", help="table, json or csv.")] = Format.table,
    table_name: Annotated[str | None, typer.Option(
        "--table", help="With --format csv: which table (default: the main one; e.g. shares, "
        "headline, missiles, uncategorised).")] = None,
    output: Annotated[Path | None, typer.Option(
        "--output", "-o", help="Write json or csv to this file.")] = None,
    limit: Annotated[int, typer.Option(help="Rows per table in table output (0 = all).")
                     ] = 20,
    evidence: Annotated[bool, typer.Option(
        "--evidence", help="Table output: show the deal ids behind each row.")] = False,
    wide: WideOpt = False,
) -> None:
    """The estimated installed base by origin (units and TIV in service at --as-of, from
    deliveries and assumed service lives), shown with its assumptions and caveats.

    \b
    armsledger base India                           what India operates, by origin
    armsledger base --supplier Russia --region Africa
    armsledger base --region Africa --origin Russia  dependence by state and category
    armsledger base --supplier Russia --second-hand  second-hand flows of its designs
    """
    from armsledger.analysis import installed_base as ib
    from armsledger.citation import stamp
    from armsledger.query import FigureQuery

    with reporting_errors(ctx, as_json=fmt is Format.json):
        if recipient is not None and region is not None:
            raise InvalidRequestError("give the recipients once: RECIPIENT or --region")
        if supplier is not None and origin is not None:
            raise InvalidRequestError("give the origin once: --supplier or --origin")
        who = recipient if recipient is not None else region
        source = supplier if supplier is not None else origin
        if comment_only and not second_hand:
            raise InvalidRequestError("--comment-only goes with --second-hand")
        if licensed and (supplier is None or second_hand or origin is not None
                         or as_of is not None or service_life):
            raise InvalidRequestError("--licensed lists a --supplier's licensed production in "
                                      "a period: give --supplier (and --period), without "
                                      "--second-hand, --origin, --as-of or --service-life")
        if period is not None and not (second_hand or licensed):
            raise InvalidRequestError("--period goes with --second-hand; the base is "
                                      "estimated at one year: use --as-of")
        if second_hand and (as_of is not None or service_life):
            raise InvalidRequestError("--second-hand lists deliveries in a period: drop "
                                      "--as-of and --service-life (use --period)")
        if source is None and who is None:
            raise InvalidRequestError(
                "give a RECIPIENT (or --region), a --supplier, or --region with --origin")
        query = FigureQuery.build(supplier=source, recipient=who, category=category,
                                  period=period, release=release,
                                  include_predecessors=include_predecessors,
                                  allow_partial=allow_partial)
        with open_store(ctx) as store:
            result: BaseResult
            if licensed:
                from armsledger.analysis.licensed import licensed_production_for

                result = licensed_production_for(store, replace(
                    query, include_predecessors=True))
            elif second_hand:
                result = ib.second_hand_for(
                    store, query, bases=("comment",) if comment_only else
                    ("comment", "designation"))
            elif origin is not None:
                result = ib.dependence_for(store, query, as_of=as_of,
                                           service_life=service_life)
            elif supplier is not None:
                result = ib.supplier_base_for(store, query, as_of=as_of,
                                              service_life=service_life)
            else:
                result = ib.installed_base_for(store, query, as_of=as_of,
                                               service_life=service_life,
                                               missile_years=missile_years)
            provenance = stamp(store.release(result.release))
        for w in result.warnings:
            err_console.print(f"Warning: {w}", markup=False, soft_wrap=True)
        if fmt is Format.json:
            _json(result, provenance, output)
        elif fmt is Format.csv:
            _csv(result, provenance, output, table_name)
        else:
            _print(result, limit or None, evidence, wide)


# -- json and csv ------------------------------------------------------------------------------


def _json(result: BaseResult, provenance: Stamp, output: Path | None) -> None:
    import json

    data = {"provenance": provenance.to_dict(), **result.to_dict()}
    if output is None:
        echo_json(data)
        return
    output.write_text(json.dumps(data, indent=2, ensure_ascii=False) + "\n", encoding="utf-8")
    err_console.print(f"Wrote {output}", markup=False)


def _csv(result: BaseResult, provenance: Stamp, output: Path | None,
         table_name: str | None) -> None:
    import polars as pl

    from armsledger.csvsafe import safe_frame

    frame = result.to_polars(table_name)
    frame = frame.with_columns(
        pl.col(c).cast(pl.List(pl.String)).list.join(" ")
        for c, t in frame.schema.items() if isinstance(t, pl.List))
    buf = io.StringIO()
    safe_frame(frame).write_csv(buf)
    # the assumptions and caveats travel with the table, as the stamp does (stderr or beside)
    for line in _assumption_lines(result):
        err_console.print(f"# {line}", markup=False, soft_wrap=True)
    write_csv(buf.getvalue(), output, provenance, rows=frame.height, what="rows")


# -- text --------------------------------------------------------------------------------------


def _pct(value: float | None) -> str:
    return "-" if value is None else f"{value:.1f}%"


def _years(years: list[int]) -> str:
    if not years:
        return "-"
    return str(years[0]) if years[0] == years[-1] else f"{years[0]}-{years[-1]}"


def _lives_text(lives: list[LifeAssumption]) -> str:
    parts = [f"{a.category} {a.years}" + (" (yours)" if a.source == "override" else "")
             for a in lives]
    return ", ".join(parts)


def _assumption_lines(result: BaseResult) -> list[str]:
    """What every output says beside its figures: the service lives used, the method or rule,
    the caveats."""
    lines: list[str] = []
    lives = getattr(result, "service_life", None)
    if lives:
        lines.append("Service life assumed, years (armsledger's assumptions, not data; "
                     f"missiles are consumed and never in the base): {_lives_text(lives)}")
        lines.append(f"Method: {result.method}")  # type: ignore[union-attr]
    rule = getattr(result, "rule", None) or getattr(result, "definition", None)
    if rule:
        lines.append(f"Rule: {rule}")
    lines += [f"Caveat: {c}" for c in getattr(result, "caveats", [])]
    note = getattr(result, "note", None)
    if note:
        lines.append(f"Note: {note}")
    return lines


def _print_footer(result: BaseResult) -> None:
    for line in _assumption_lines(result):
        console.print(line, markup=False, soft_wrap=True)
    console.print(f"Source: {result.source}", markup=False, soft_wrap=True)


def _ids(ids: list[str]) -> str:
    return " ".join(ids)


def _limited(rows: list[Any], limit: int | None) -> tuple[list[Any], str | None]:
    if limit and len(rows) > limit:
        return rows[:limit], (f"... {len(rows) - limit} more rows (--limit 0, or --format "
                              "json/csv for all)")
    return rows, None


def _print(result: BaseResult, limit: int | None, evidence: bool, wide: bool) -> None:
    from armsledger.analysis.installed_base import (
        DependenceTable,
        InstalledBase,
        SecondHandFlows,
        SupplierBase,
    )

    if isinstance(result, InstalledBase):
        _print_base(result, limit, evidence, wide)
    elif isinstance(result, SupplierBase):
        _print_supplier(result, limit, evidence, wide)
    elif isinstance(result, DependenceTable):
        _print_dependence(result, limit, evidence, wide)
    elif isinstance(result, SecondHandFlows):
        _print_second_hand(result, limit, evidence, wide)
    else:
        _print_licensed(result, limit, evidence, wide)
    _print_footer(result)


def _share_columns() -> list[Column]:
    return [Column("Units", "right"), Column("Units share", "right"),
            Column(TIV_UNIT, "right"), Column("TIV share", "right"),
            Column("TIV share, lives -10 y", "right", drop=2),
            Column("TIV share, lives +10 y", "right", drop=2)]


def _print_base(r: InstalledBase, limit: int | None, evidence: bool, wide: bool) -> None:
    what = f", {r.category}" if r.category else ""
    console.print(f"Installed base of {r.label}{what} in {r.as_of} (estimate; release "
                  f"{r.release}): {r.units:,} units, {fmt_tiv(r.tiv)} {TIV_UNIT} in service",
                  markup=False, soft_wrap=True)
    if r.origin_groups:
        console.print("Origin groups: " + "; ".join(
            f"{g.origin} = {' + '.join(g.members)}" for g in r.origin_groups),
            markup=False, soft_wrap=True)
    several = len({s.recipient for s in r.shares}) > 1
    shares = r.headline if several else r.shares
    cols = ([Column("Recipient")] if several else []) + [
        Column("Category"), Column("Origin", wrap=True), *_share_columns(),
        *([Column("Deals", drop=1, wrap=True)] if evidence else [])]
    shown, more = _limited(shares, limit)
    rows = [([s.recipient] if several else []) + [
        s.category, s.origin, f"{s.units:,}", _pct(s.units_share_pct), fmt_tiv(s.tiv),
        _pct(s.tiv_share_pct), _pct(s.tiv_share_pct_life_minus_10),
        _pct(s.tiv_share_pct_life_plus_10)] + ([_ids(s.deal_ids)] if evidence else [])
        for s in shown]
    title = ("Largest origin of each recipient's base (by TIV)" if several
             else "Shares of the base by origin (units and TIV; with every service life 10 "
                  "years shorter and longer)")
    console.print(fit_table(title, cols, rows, wide=wide, caption=more))
    cols = [*([Column("Recipient")] if several else []), Column("Origin", wrap=True),
            Column("Supplier", drop=3), Column("Category"), Column("Designation", wrap=True),
            Column("Units", "right"), Column(TIV_UNIT, "right"), Column("Delivered"),
            Column("Counted until", "right", drop=2), Column("Flags", drop=1),
            *([Column("Deals", drop=1, wrap=True)] if evidence else [])]
    shown, more = _limited(r.rows, limit)
    rows = [([b.recipient] if several else []) + [
        b.origin, b.supplier, b.category, b.designation or "-", f"{b.units:,}",
        fmt_tiv(b.tiv), _years(b.delivery_years), str(b.counted_until),
        ", ".join(f for f, on in (("licensed", b.licensed), ("second-hand", b.second_hand))
                  if on) or "-"] + ([_ids(b.deal_ids)] if evidence else [])
        for b in shown]
    console.print(fit_table("In service by designation (licensed: built by the recipient to "
                            "the supplier's design)", cols, rows, wide=wide, caption=more))
    if r.missiles:
        cols = [*([Column("Recipient")] if several else []), Column("Origin", wrap=True),
                Column("Designation", wrap=True), Column("Units", "right"),
                Column(TIV_UNIT, "right"), Column("Delivered"),
                *([Column("Deals", drop=1, wrap=True)] if evidence else [])]
        shown, more = _limited(r.missiles, limit)
        rows = [([m.recipient] if several else []) + [
            m.origin, m.designation or "-", f"{m.units:,}", fmt_tiv(m.tiv),
            _years(m.delivery_years)] + ([_ids(m.deal_ids)] if evidence else [])
            for m in shown]
        console.print(fit_table(f"Missiles delivered {r.missile_window} (consumed: not in "
                                "the base)", cols, rows, wide=wide, caption=more))
    if r.uncategorised:
        console.print(f"Not in the base: {r.uncategorised_units:,} units, "
                      f"{fmt_tiv(r.uncategorised_tiv)} {TIV_UNIT} delivered without a known "
                      "category (--format csv --table uncategorised lists them)",
                      markup=False, soft_wrap=True)


def _dependence_rows(rows: list[DependenceRow], with_category: bool, evidence: bool
                     ) -> tuple[list[Column], list[list[str]]]:
    cols = [Column("Recipient"), *([Column("Category")] if with_category else []),
            Column("Units", "right"), Column("Units share", "right"),
            Column(TIV_UNIT, "right"), Column("TIV share", "right"),
            Column("TIV share, lives -10 y", "right", drop=2),
            Column("TIV share, lives +10 y", "right", drop=2),
            Column("Majority (TIV)"), Column("Largest origin", wrap=True, drop=3),
            *([Column("Deals", drop=1, wrap=True)] if evidence else [])]
    out = [[d.recipient, *([d.category] if with_category else []),
            f"{d.origin_units:,} of {d.total_units:,}", _pct(d.units_share_pct),
            fmt_tiv(d.origin_tiv), _pct(d.tiv_share_pct),
            _pct(d.tiv_share_pct_life_minus_10), _pct(d.tiv_share_pct_life_plus_10),
            "yes" if d.majority_tiv else "no", d.largest_origin or "-",
            *([_ids(d.deal_ids)] if evidence else [])] for d in rows]
    return cols, out


def _print_supplier(r: SupplierBase, limit: int | None, evidence: bool, wide: bool) -> None:
    where = f" in {r.within}" if r.within else ""
    what = f", {r.category}" if r.category else ""
    console.print(f"{r.origin}: installed base{where}{what} in {r.as_of} (estimate; release "
                  f"{r.release}): {r.units:,} units, {fmt_tiv(r.tiv)} {TIV_UNIT} in service "
                  f"with {len(r.rows)} recipients; the majority of the base (TIV) in "
                  f"{len(r.majority_recipients)}", markup=False, soft_wrap=True)
    shown, more = _limited(r.rows, limit)
    cols, rows = _dependence_rows(shown, False, evidence)
    console.print(fit_table(f"Recipients' base of {r.origin} origin and its share of their "
                            "whole base", cols, rows, wide=wide, caption=more))


def _print_dependence(r: DependenceTable, limit: int | None, evidence: bool, wide: bool
                      ) -> None:
    console.print(f"Dependence of {r.group} on {r.origin} in {r.as_of} (estimate; release "
                  f"{r.release}): the majority of the base (TIV) in "
                  f"{len(r.majority_states)} of {len(r.members)} members"
                  + (f": {', '.join(r.majority_states)}" if r.majority_states else ""),
                  markup=False, soft_wrap=True)
    shown, more = _limited(r.rows, limit)
    cols, rows = _dependence_rows(shown, True, evidence)
    console.print(fit_table(f"Share of {r.origin} origin in each member's base, by category",
                            cols, rows, wide=wide, caption=more))


def _print_second_hand(r: SecondHandFlows, limit: int | None, evidence: bool, wide: bool
                       ) -> None:
    where = f" to {r.within}" if r.within else ""
    console.print(f"Second-hand deliveries of {r.origin} designs by others{where}, "
                  f"{r.period} (release {r.release}): {len(r.rows)} deals, {r.units:,} units, "
                  f"{fmt_tiv(r.tiv)} {TIV_UNIT}; {r.ambiguous} more left out as ambiguous",
                  markup=False, soft_wrap=True)
    cols = [Column("Deal"), Column("Re-exporter"), Column("Recipient"),
            Column("Designation", wrap=True), Column("Units", "right"),
            Column(TIV_UNIT, "right"), Column("Delivered"), Column("Basis"),
            *([Column("Evidence", wrap=True, drop=1)] if evidence else [])]
    shown, more = _limited(r.rows, limit)
    rows = [[s.deal_id, s.supplier, s.recipient, s.designation or "-", f"{s.units:,}",
             fmt_tiv(s.tiv), _years(s.delivery_years), s.basis,
             *([s.evidence + (f" ({_ids(s.evidence_deal_ids)})" if s.evidence_deal_ids
                              else "")] if evidence else [])] for s in shown]
    console.print(fit_table("Second-hand flows", cols, rows, wide=wide, caption=more))


def _print_licensed(r: LicensedProduction, limit: int | None, evidence: bool, wide: bool
                    ) -> None:
    origin = " incl. ".join([r.supplier[0], ", ".join(r.supplier[1:])]) if len(
        r.supplier) > 1 else r.supplier[0]
    console.print(f"Licensed and local production and co-development of {origin} designs, "
                  f"{r.period} (release {r.release}): {len(r.deals)} deals in "
                  f"{len(r.licensees)} licensee states", markup=False, soft_wrap=True)
    cols = [Column("Licensee"), Column("Deals", "right"), Column("Units in period", "right"),
            Column(TIV_UNIT, "right"), Column("Categories", wrap=True),
            *([Column("Deal ids", drop=1, wrap=True)] if evidence else [])]
    shown, more = _limited(r.by_licensee, limit)
    rows = [[x.licensee, f"{x.deals:,}", f"{x.units_in_period:,}", fmt_tiv(x.tiv_in_period),
             ", ".join(x.categories), *([_ids(x.deal_ids)] if evidence else [])]
            for x in shown]
    console.print(fit_table("By licensee", cols, rows, wide=wide, caption=more))
    cols = [Column("Deal"), Column("Licensee"), Column("Licensor", drop=3),
            Column("Designation", wrap=True), Column("Category", drop=2),
            Column("Ordered", "right", drop=1), Column("Units in period", "right"),
            Column(TIV_UNIT, "right"), Column("Kind", wrap=True)]
    shown, more = _limited(r.deals, limit)
    rows = [[d.deal_id, d.licensee, d.licensor, d.designation or "-", d.category or "-",
             str(d.order_year or "-"), f"{d.number_delivered_in_period:,}",
             fmt_tiv(d.tiv_delivered_in_period), d.kind] for d in shown]
    console.print(fit_table("Deals", cols, rows, wide=wide, caption=more))
