"""`armsledger embargoes load|list` and `armsledger screen`: the embargo table and the screen."""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING, Annotated, Any

import typer
from rich.table import Table
from rich.text import Text

from armsledger import EMBARGO_CITATION, SIPRI_CITATION, TIV_UNIT
from armsledger.cli.common import (
    AllYearsOpt,
    Column,
    FromOpt,
    JsonOpt,
    RecipientOpt,
    ReleaseOpt,
    SupplierOpt,
    ToOpt,
    WideOpt,
    console,
    echo_json,
    err_console,
    fit_table,
    open_store,
    reporting_errors,
)
from armsledger.formatting import fmt_tiv

if TYPE_CHECKING:
    import polars as pl

    from armsledger.embargoes.screen import ScreenResult
    from armsledger.store import Store


app = typer.Typer(
    help="Arms-embargo reference tables: load your own, list the embargoes in force.",
    no_args_is_help=True,
)

TableOpt = Annotated[str | None, typer.Option(
    "--table", help="Embargo table name (default: the newest loaded; 'bundled' is shipped).")]



def _notes() -> tuple[str, str]:
    """Caveats that carry the embargo's notes: printed once per embargo below the tables."""
    from armsledger.embargoes.screen import CAVEATS

    return CAVEATS[2], CAVEATS[3]


@app.command("load")
def load_command(
    ctx: typer.Context,
    file: Annotated[Path | None, typer.Argument(
        help="CSV with the columns of the bundled table (see README).")] = None,
    name: Annotated[str | None, typer.Option(
        "--name", help="Name of the table in the database (default: the file name).")] = None,
    bundled: Annotated[bool, typer.Option(
        "--bundled", help="Load the bundled table as 'bundled' instead of a FILE.")] = False,
) -> None:
    """Validate an embargo table and store it (atomic; the same file twice is reported)."""
    if (file is None) == (not bundled):
        raise typer.BadParameter("give a FILE or --bundled (one of them)")
    with reporting_errors(ctx), open_store(ctx, write=True, ensure=False) as store:
        from armsledger.embargoes.reference import load_bundled_embargoes, load_embargoes

        report = (load_bundled_embargoes(store) if file is None
                  else load_embargoes(store, file, name=name))
        if report.status == "already-loaded":
            console.print(f"{report.path}: already loaded as embargo table '{report.table}' "
                          "(same SHA-256); nothing was changed", markup=False, soft_wrap=True)
        else:
            console.print(f"Loaded embargo table '{report.table}': {report.rows} embargoes "
                          f"from {report.path} (SHA-256 {report.sha256[:12]}...)",
                          markup=False, soft_wrap=True)


@app.command("list")
def list_command(
    ctx: typer.Context,
    in_force: Annotated[int | None, typer.Option(
        "--in-force", help="Only embargoes in force at some time in this year.")] = None,
    table: TableOpt = None,
    as_json: JsonOpt = False,
) -> None:
    """The embargoes of the embargo table, with target, dates and who is bound."""
    with reporting_errors(ctx, as_json=as_json), open_store(ctx, ensure=False) as store:
        from armsledger.embargoes.reference import list_embargoes

        result = list_embargoes(store, in_force=in_force, table=table)
        if as_json:
            echo_json(result.to_dict())
            return
        when = f" in force in {in_force}" if in_force is not None else ""
        t = Table(title=f"Embargoes{when} ({len(result.embargoes)}), table "
                        f"'{result.table.name}'", title_justify="left")
        for col in ("Embargo", "By", "Target", "ISO3", "Kind", "Scope", "Start", "End",
                    "Binds"):
            t.add_column(col, overflow="fold")
        for e in result.embargoes:
            t.add_row(*map(Text, (e.embargo_id, e.imposed_by, e.target,
                               " ".join(e.target_iso3) or "-", e.target_kind, e.scope,
                               e.start_date, e.end_date or "in force", e.binding)))
        t.caption = f"Source: {result.table.source_file}. Cite: {EMBARGO_CITATION}"
        console.print(t)


def screen_command(
    ctx: typer.Context,
    supplier: SupplierOpt = None,
    recipient: RecipientOpt = None,
    period: AllYearsOpt = None,
    year_from: FromOpt = None,
    year_to: ToOpt = None,
    embargo: Annotated[str | None, typer.Option(
        "--embargo", help="One embargo id, e.g. UN-LBY-2011 (see 'embargoes list').")] = None,
    release: ReleaseOpt = None,
    table: TableOpt = None,
    as_json: JsonOpt = False,
    summary: Annotated[bool, typer.Option(
        "--summary", help="Totals only: with --supplier the share of its deliveries that "
        "went to embargoed targets, with --embargo every supplier during it.")] = False,
    limit: Annotated[int, typer.Option(help="Rows per list in text output (0 = all).")] = 0,
    wide: WideOpt = False,
) -> None:
    """Deliveries to targets of arms embargoes in force at the time, who was bound, caveats.

    TIV is SIPRI's trend-indicator value (millions), a volume measure, not money.
    """
    from armsledger.query import FigureQuery

    with reporting_errors(ctx, as_json=as_json), open_store(ctx) as store:
        query = FigureQuery.build(supplier=supplier, recipient=recipient, period=period,
                                  year_from=year_from, year_to=year_to, release=release)
        if query.period is not None:
            year_from, year_to = query.period.start, query.period.end
        if summary:
            _summary(store, supplier, recipient, year_from, year_to, embargo, release, table,
                     as_json, limit, wide)
            return
        from armsledger.embargoes.screen import screen

        result = screen(store, supplier, recipient, year_from, year_to, embargo, release,
                        table=table)
        if as_json:
            echo_json(result.to_dict())
            return
        _print_screen(result, limit or None, wide)


def _summary(store: Store, supplier: str | None, recipient: str | None,
             year_from: int | None, year_to: int | None, embargo: str | None,
             release: str | None, table: str | None, as_json: bool, limit: int,
             wide: bool = False) -> None:
    from armsledger.embargoes.screen import embargo_summary, screen, supplier_summary

    result = screen(store, supplier, recipient, year_from, year_to, embargo, release,
                    table=table)
    sup = (supplier_summary(store, supplier, year_from, year_to, release, table=table)
           if supplier else None)
    emb = embargo_summary(store, embargo, release, table=table) if embargo else None
    if as_json:
        data = result.to_dict(hits=False)
        data["supplier_summary"] = sup.to_dict() if sup else None
        data["embargo_summary"] = emb.to_dict() if emb else None
        echo_json(data)
        return
    _print_header(result)
    if sup is not None:
        d = sup.to_dict()
        console.print(f"{d['supplier']}, deliveries {d['period']}: "
                      f"{fmt_tiv(d['total_tiv'])} {TIV_UNIT}; to targets of embargoes binding it: "
                      f"{fmt_tiv(d['bound_tiv'])} ({_pct(d['bound_share_pct'])})", markup=False,
                      soft_wrap=True)
        for s in d["by_status"][1:]:
            console.print(f"  {s['status']}: {fmt_tiv(s['tiv'])} ({_pct(s['share_pct'])}), "
                          f"{s['deliveries']} deliveries", markup=False)
        if d["bound_deal_ids"]:
            console.print("Deals (bound): " + " ".join(d["bound_deal_ids"]), markup=False,
                          soft_wrap=True)
    if emb is not None:
        _print_embargo_summary(emb.to_dict(), limit or None, wide)
    if emb is None:
        _print_groups(result, limit or None, by_supplier=sup is None, wide=wide)
    _print_footer(result)


def _pct(value: float | None) -> str:
    return "-" if value is None else f"{value:.1f}%"


def _print_header(result: ScreenResult) -> None:
    cov, f = result.coverage, result.filters
    console.print(
        f"Embargo screen: release {result.release.name} (deliveries {cov.first_year}-"
        f"{cov.last_year}), embargo table '{result.table.name}' ({result.table.rows} "
        "embargoes)", markup=False, soft_wrap=True)
    shown = [f"{k} {v}" for k, v in f.items()
             if v is not None and k in ("supplier", "recipient", "from", "to", "embargo")]
    if shown:
        console.print("Filters: " + ", ".join(shown), markup=False)


# What each caveat means, said once under the table (rows carry its number). The rows' own
# texts add the specifics (dates, order year, notes): --wide and --json keep them.
_CAVEAT_MEANING: dict[str, str] = {
    "boundary year": "the delivery year is the embargo's start or end year; SIPRI gives "
                     "years, the embargo exact dates, so the delivery may fall outside it",
    "ordered before the embargo": "the deal's order year is before the start year",
    "partial scope: check the notes": "the embargo covers some arms or recipients only "
                                      "(its notes are below)",
    "exemptions or suspension: check the notes": "the embargo's notes mention exemptions, "
                                                 "approval procedures or a suspension (below)",
    "licensed production": "SIPRI marks the deal as produced (partly) in the recipient "
                           "country",
    "non-mandatory": "a UN call on states, not a binding embargo; not a violation",
    "regional": "binds the members of the imposing body (membership not checked by "
                "armsledger); not reported as a violation",
    "not bound": "the embargo did not bind this supplier in the delivery year (e.g. an EU "
                 "embargo and a non-member)",
    "group target": "the embargo covers a group; check that the recipient is among them",
    "historical state": "a historical state matched through its successor states",
    "supplier not a state": "UN embargoes oblige states to prevent such supplies",
    "estimated delivery year": "SIPRI marks the delivery year as an estimate",
    "estimated yearly TIV": "the register gives a deal total, split evenly over the delivery "
                            "years",
}


class _Caveats:
    """Numbers for caveats: one per kind (the phrase a caveat starts with), in first-seen
    order; a text of no known kind is numbered as itself."""

    def __init__(self) -> None:
        self.codes: dict[str, int] = {}

    def kind(self, caveat: str) -> str:
        from armsledger.embargoes.screen import CAVEATS

        return next((head for head in CAVEATS if caveat.startswith(head)), caveat)

    def code(self, caveat: str) -> str:
        return str(self.codes.setdefault(self.kind(caveat), len(self.codes) + 1))

    def note(self) -> str:
        if not self.codes:
            return ""
        return "Caveats: " + "; ".join(
            f"({n}) {kind}" + (f": {_CAVEAT_MEANING[kind]}" if kind in _CAVEAT_MEANING else "")
            for kind, n in self.codes.items()) + (
            ". Each row's own caveat texts: --wide or --json.")


def _hit_table(title: str, frame: pl.DataFrame, limit: int | None, with_status: bool,
               codes: _Caveats, wide: bool, supplier: str | None) -> Table:
    """One row per delivery and embargo. The Caveats column holds numbers explained once in
    ``codes`` (with --wide: each row's full texts); a supplier filter's column goes."""
    cols = [Column("Embargo"), *([Column("Status", wrap=True)] if with_status else []),
            Column("Year", "right"), *([] if supplier else [Column("Supplier", wrap=True)]),
            Column("Recipient", wrap=True), Column("Deal"), Column(TIV_UNIT, "right"),
            Column("Caveats", wrap=True)]
    rows = []
    for r in frame.head(limit).iter_rows(named=True) if limit else frame.iter_rows(named=True):
        caveats = ("; ".join(r["caveats"]) if wide
                   else " ".join(codes.code(c) for c in r["caveats"])) or "-"
        rows.append([r["embargo_id"], *([r["status"]] if with_status else []), str(r["year"]),
                     *([] if supplier else [r["supplier"]]), r["recipient"], r["deal_id"],
                     fmt_tiv(r["tiv"]), caveats])
    more = (f"... {frame.height - limit} more (use --limit 0 or --json for all)."
            if limit and frame.height > limit else None)
    return fit_table(title, cols, rows, wide=wide, caption=more)


def _print_screen(result: ScreenResult, limit: int | None, wide: bool = False) -> None:
    _print_header(result)
    totals = result.totals()
    hits = result.hits
    bound = hits.filter(hits["status"] == "bound")
    other = hits.filter(hits["status"] != "bound")
    supplier = result.filters.get("supplier")
    codes = _Caveats()
    b = totals["bound"]
    title = (f"Bound: deliveries to embargo targets while an embargo binding the supplier was "
             f"in force ({b['deliveries']} deliveries, {fmt_tiv(b['tiv'])} {TIV_UNIT})")
    if bound.height:
        console.print(_hit_table(title, bound, limit, False, codes, wide, supplier))
    else:
        console.print(f"{title.split(' (')[0]}: none.", markup=False, soft_wrap=True)
    title = (f"Not bound, non-mandatory or regional embargoes ({other.height} hits; not "
             "violations)")
    if other.height:
        console.print(_hit_table(title, other, limit, True, codes, wide, supplier))
    else:
        console.print(title.replace("(0 hits; ", "(none; "), markup=False)
    if codes.note():
        console.print(codes.note(), markup=False)
    _print_groups(result, limit, wide=wide)
    notes: dict[str, str] = {}
    for r in hits.iter_rows(named=True):
        for c in r["caveats"]:
            for head in _notes():
                if c.startswith(head):
                    notes[r["embargo_id"]] = c[len(head) + 2:]
    if notes:
        console.print("Partial scope, exemptions or suspension: notes of the embargo table",
                      markup=False)
        for eid, text in sorted(notes.items()):
            console.print(f"  {eid}: {text}", markup=False)
    _print_footer(result)


def _print_groups(result: ScreenResult, limit: int | None, *, by_supplier: bool = True,
                  wide: bool = False) -> None:
    """Totals by embargo and by supplier; their deal ids only with --wide (--json has them)."""
    def head(frame: pl.DataFrame) -> tuple[list[dict[str, Any]], str | None]:
        more = (f"... {frame.height - limit} more (use --limit 0 or --json for all)."
                if limit and frame.height > limit else None)
        return (frame.head(limit) if limit else frame).to_dicts(), more

    ids = " Deal ids: --wide or --json." if not wide else ""
    cols = [Column("Embargo"), Column("By", drop=3, wrap=True), Column("Status", wrap=True),
            Column("Basis", drop=2, wrap=True), Column("Years", wrap=True),
            Column("Deliveries", "right"), Column(TIV_UNIT, "right"),
            Column("Suppliers", drop=1, wrap=True), *([Column("Deals", wrap=True)] if wide
                                                      else [])]
    rows_, more = head(result.by_embargo)
    rows = []
    for r in rows_:
        years = str(r["first_year"]) if r["first_year"] == r["last_year"] else (
            f"{r['first_year']}-{r['last_year']}")
        rows.append([r["embargo_id"], r["imposed_by"], r["status"], r["basis"] or "", years,
                     str(r["deliveries"]), fmt_tiv(r["tiv"]), ", ".join(r["suppliers"]),
                     *([" ".join(r["deal_ids"])] if wide else [])])
    console.print(fit_table("By embargo", cols, rows, wide=wide,
                            caption=" ".join(x for x in (more, ids.strip()) if x) or None))
    if not by_supplier:
        return
    cols = [Column("Supplier", wrap=True), Column("Status", wrap=True),
            Column("Deliveries", "right"), Column(TIV_UNIT, "right"),
            Column("Embargoes", wrap=True), *([Column("Deals", wrap=True)] if wide else [])]
    rows_, more = head(result.by_supplier)
    rows = [[r["supplier"], r["status"], str(r["deliveries"]), fmt_tiv(r["tiv"]),
             ", ".join(r["embargo_ids"]), *([" ".join(r["deal_ids"])] if wide else [])]
            for r in rows_]
    console.print(fit_table("By supplier (a delivery counts once per status)", cols, rows,
                            wide=wide, caption=" ".join(x for x in (more, ids.strip()) if x)
                            or None))


def _print_embargo_summary(d: dict[str, Any], limit: int | None, wide: bool = False
                           ) -> None:
    e = d["embargo"]
    console.print(f"{e['embargo_id']}: {e['imposed_by']}, {e['target']} "
                  f"({' '.join(e['target_iso3']) or 'no location'}; {e['target_kind']}, "
                  f"{e['scope']} scope), {e['start_date']} to {e['end_date'] or 'in force'}",
                  markup=False, soft_wrap=True)
    console.print(f"Basis: {e['legal_basis'] or '-'}. {e['binding']}.", markup=False,
                  soft_wrap=True)
    if not d["screened"]:
        console.print(f"Not screened: {d['reason']}", markup=False, soft_wrap=True)
        return
    years = f"{d['years'][0]}-{d['years'][1]}" if d["years"] else "none in this release"
    cols = [Column("Supplier", wrap=True), Column("Status", wrap=True),
            Column("Years", wrap=True), Column("Deliveries", "right"),
            Column(TIV_UNIT, "right"), Column("Recipients", drop=1, wrap=True),
            *([Column("Deals", wrap=True)] if wide else [])]
    rows = []
    for r in d["suppliers"][:limit] if limit else d["suppliers"]:
        span = str(r["first_year"]) if r["first_year"] == r["last_year"] else (
            f"{r['first_year']}-{r['last_year']}")
        rows.append([r["supplier"], r["status"], span, str(r["deliveries"]), fmt_tiv(r["tiv"]),
                     ", ".join(r["recipients"]), *([" ".join(r["deal_ids"])] if wide else [])])
    more = (f"... {len(d['suppliers']) - limit} more." if limit and len(d["suppliers"]) > limit
            else "")
    t = fit_table(f"Suppliers delivering to the target while in force (delivery years "
                  f"{years}; total {fmt_tiv(d['total_tiv'])} {TIV_UNIT})", cols, rows,
                  wide=wide, caption=f"{more} Deal ids: --wide or --json.".strip()
                  if not wide else more or None)
    console.print(t)
    if e["notes"]:
        console.print(f"Notes: {e['notes']}", markup=False, soft_wrap=True)
    for w in d["warnings"]:
        err_console.print(f"Warning: {w}", markup=False, soft_wrap=True)


def _print_footer(result: ScreenResult) -> None:
    reasons: dict[str, list[str]] = {}
    for ns in result.not_screened:
        reasons.setdefault(ns["reason"], []).append(ns["embargo_id"])
    for reason, ids in reasons.items():
        console.print(f"Not screened: {', '.join(ids)}: {reason}", markup=False,
                      soft_wrap=True)
    for w in result.warnings:
        err_console.print(f"Warning: {w}", markup=False, soft_wrap=True)
    console.print(f"Source: {SIPRI_CITATION} (release {result.release.name}); embargoes: "
                  f"table '{result.table.name}' ({result.table.source_file}), "
                  f"{EMBARGO_CITATION}", markup=False, soft_wrap=True)
