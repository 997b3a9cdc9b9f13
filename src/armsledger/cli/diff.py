"""`armsledger diff OLD NEW`: what SIPRI revised between two releases (text, Markdown or JSON)."""

from __future__ import annotations

import json
from typing import Annotated, Any

import typer
from rich.table import Table
from rich.text import Text

from armsledger import TIV_UNIT
from armsledger.cli.common import (
    AllYearsOpt,
    FromOpt,
    JsonOpt,
    RecipientOpt,
    SupplierOpt,
    ToOpt,
    console,
    open_store,
    reporting_errors,
)
from armsledger.formatting import fmt_tiv, fmt_tiv_change

_LONG = 70


def _num(v: float | None) -> str:
    """TIV by the rule every face uses (:func:`armsledger.formatting.fmt_tiv`)."""
    return fmt_tiv(v)


def _signed(v: float | None, digits: int = 1, unit: str = "") -> str:
    return "-" if v is None else f"{v:+,.{digits}f}{unit}"


_BEFORE = 20  # characters kept before the first difference of a long changed text


def changed_pair(old: Any, new: Any) -> tuple[str, str]:
    """Both sides of a change, short enough for a table cell and visibly different: a long
    text is cut to the same window around its first difference, with '...' where text
    was left out (cutting both at 70 characters showed identical text on both sides)."""
    a = "-" if old is None else str(old)
    b = "-" if new is None else str(new)
    if len(a) <= _LONG and len(b) <= _LONG:
        return a, b
    first = next((i for i, (x, y) in enumerate(zip(a, b, strict=False)) if x != y),
                 min(len(a), len(b)))
    start = max(0, first - _BEFORE)
    while start and not a[start - 1].isspace() and start > first - _BEFORE - 10:
        start -= 1  # begin at a word when one is near

    def window(text: str) -> str:
        part = text[start:start + _LONG]
        return (("..." if start else "") + part
                + ("..." if start + _LONG < len(text) else ""))

    return window(a), window(b)


def _head(rows: list[dict[str, Any]], limit: int | None) -> list[dict[str, Any]]:
    return rows[:limit] if limit else rows


def _more(rows: list[Any], limit: int | None) -> str | None:
    if limit and len(rows) > limit:
        return f"... {len(rows) - limit} more (use --limit 0 or --json for all)"
    return None


def headline(r: dict[str, Any]) -> str:
    """'SIPRI revised Russia's 2019 deliveries by -4.0% (5,051.0 -> 4,850.0 TIV, millions)'."""
    pct = "" if r["diff_pct"] is None else f" by {_signed(r['diff_pct'], 1, '%')}"
    return (f"SIPRI revised {r['supplier']}'s {r['year']} deliveries{pct} "
            f"({_num(r['old_tiv'])} -> {_num(r['new_tiv'])} {TIV_UNIT})")


def _changes_text(changes: list[dict[str, Any]]) -> str:
    return "; ".join("{}: {} -> {}".format(c["field"], *changed_pair(c["old"], c["new"]))
                     for c in changes)


def _summary(d: dict[str, Any]) -> list[str]:
    c, f = d["counts"], d["filters"]
    lines = [f"Release diff: {d['old']['name']} -> {d['new']['name']}"]
    shown = {k: f[k] for k in ("supplier", "recipient", "year_from", "year_to") if f[k]}
    if shown:
        lines.append("Filters: " + ", ".join(f"{k} {v}" for k, v in shown.items()))
    lines.append(
        f"Deals: {c['added']:,} added, {c['removed']:,} removed, {c['changed']:,} changed "
        f"({c['changed_substantive']:,} substantive, {c['changed_wording']:,} wording only, "
        f"{c['changed_comments_only']:,} comments only), {c['unchanged']:,} unchanged")
    lines.append("Matched by: " + ", ".join(f"{k} {v:,}" for k, v in d["match_quality"].items()))
    if d["compared_years"]:
        a, b = d["compared_years"]
        lines.append(f"Aggregates compared over delivery years {a}-{b} ({TIV_UNIT})")
    return lines


def _new_years_line(d: dict[str, Any], limit: int | None) -> str | None:
    if not d["new_years"]:
        return None
    top = ", ".join(f"{r['supplier']} {r['year']}: {_num(r['new_tiv'])}"
                    for r in _head(d["new_year_tiv"], limit or None))
    years = ", ".join(str(y) for y in d["new_years"])
    line = f"New years (only in {d['new']['name']}, not revisions): {years}"
    return f"{line}. {top}" if top else line


def _wording_line(d: dict[str, Any], limit: int) -> str | None:
    rows = d["description_changes"][: limit or 5]
    if not rows:
        return None
    return "Descriptions reworded: " + "; ".join(
        f"{r['old']} -> {r['new']} ({r['deals']:,} deal{'s' if r['deals'] != 1 else ''})"
        for r in rows)


def _deal_cells(r: dict[str, Any]) -> list[str]:
    return [r["supplier"], r["recipient"], r["designation"], str(r["order_year"] or "-"),
            _num(r["tiv_delivered"]), _num(r["tiv_order"]), r["delivery_years"] or "-",
            r["deal_id"], str(r["source_line"])]


_DEAL_HEAD = ["Supplier", "Recipient", "Designation", "Order year", "TIV delivered",
              "TIV order", "Delivery years", "Deal id", "Line"]
_REV_HEAD = ["Exporter", "Year", "Old TIV", "New TIV", "Difference", "%"]
_TOT_HEAD = ["Exporter", "Old TIV", "New TIV", "Difference", "%"]
_CHG_HEAD = ["Supplier", "Recipient", "Designation", "Order year", "Match", "Changes"]
_REN_HEAD = ["Old name", "New name", "Kind", "ISO3", "How detected", "Deals"]


def _numeric(header: str) -> bool:
    return header in ("Year", "Order year", "Deals", "Line", "%", "Difference") or "TIV" in header


def _sections(d: dict[str, Any], limit: int | None) -> list[tuple[str, list[str], list[list[str]],
                                                                   list[Any]]]:
    """(title, header, rows, all items) for every table, shared by text and Markdown."""
    ren = [[r["old_name"], r["new_name"],
            r["kind"] if not r["reclassified"] else f"{r['old_kind']} -> {r['kind']}",
            r["iso3"] or "-", r["how"], f"{r['deals_old']:,}"] for r in d["renames"]]
    rev = [[r["supplier"], str(r["year"]), _num(r["old_tiv"]), _num(r["new_tiv"]),
            fmt_tiv_change(r["diff"]), _signed(r["diff_pct"], 1, "%")]
           for r in _head(d["revisions"], limit)]
    tot = [[r["supplier"], _num(r["old_tiv"]), _num(r["new_tiv"]), fmt_tiv_change(r["diff"]),
            _signed(r["diff_pct"], 1, "%")] for r in _head(d["exporter_totals"], limit)]
    substantive = [c for c in d["changed"] if c["kind"] == "substantive"] or d["changed"]
    chg = [[c["supplier"], c["recipient"], c["designation"], str(c["order_year"] or "-"),
            c["match"], _changes_text(c["changes"])] for c in _head(substantive, limit)]
    years = d["compared_years"]
    span = f" {years[0]}-{years[1]}" if years else ""
    return [
        ("Renamed or reclassified actors (shown once, not as changed deals)", _REN_HEAD, ren,
         d["renames"]),
        (f"Largest revisions of yearly exports{span} ({TIV_UNIT})", _REV_HEAD, rev,
         d["revisions"]),
        (f"Revised exporter totals{span} ({TIV_UNIT})", _TOT_HEAD, tot, d["exporter_totals"]),
        ("Changed deals (largest TIV changes first)", _CHG_HEAD, chg, substantive),
        ("Added deals (largest first)", _DEAL_HEAD,
         [_deal_cells(r) for r in _head(d["added"], limit)], d["added"]),
        ("Removed deals (largest first)", _DEAL_HEAD,
         [_deal_cells(r) for r in _head(d["removed"], limit)], d["removed"]),
    ]


def _print_text(d: dict[str, Any], limit: int | None) -> None:
    for line in _summary(d):
        console.print(line, markup=False, soft_wrap=True)
    if d["revisions"]:
        console.print(headline(d["revisions"][0]), markup=False, soft_wrap=True)
    elif d["compared_years"]:
        console.print("No yearly export figure was revised.", markup=False)
    for title, head, rows, items in _sections(d, limit):
        if not rows:
            continue
        table = Table(title=title, title_justify="left")
        for h in head:
            table.add_column(h, justify="right" if _numeric(h) else "left",
                             overflow="fold" if h == "Changes" else "ellipsis")
        for row in rows:
            table.add_row(*(Text(cell) for cell in row))
        table.caption = _more(items, limit)
        console.print(table)
    for extra in (_new_years_line(d, limit), _wording_line(d, limit or 0)):
        if extra:
            console.print(extra, markup=False, soft_wrap=True)
    for note in d["notes"]:
        console.print(f"Note: {note}", markup=False, soft_wrap=True)
    console.print("Source: " + "; ".join(d["source"]), markup=False, soft_wrap=True)


def _md_cell(text: str) -> str:
    return text.replace("|", "\\|").replace("\n", " ")


def markdown_report(d: dict[str, Any], limit: int | None) -> str:
    """A readable Markdown report of :meth:`ReleaseDiff.to_dict` output."""
    out = [f"# What SIPRI revised: {d['old']['name']} -> {d['new']['name']}", ""]
    out += [f"- {line}" for line in _summary(d)[1:]]
    if d["revisions"]:
        out.append(f"- {headline(d['revisions'][0])}")
    for line in (_new_years_line(d, limit), _wording_line(d, limit or 0)):
        if line:
            out.append(f"- {line}")
    for title, head, rows, items in _sections(d, limit):
        out += ["", f"## {title}", ""]
        if not rows:
            out.append("None.")
            continue
        out.append("| " + " | ".join(head) + " |")
        out.append("|" + "|".join("---:" if _numeric(h) else "---" for h in head) + "|")
        out += ["| " + " | ".join(_md_cell(c) for c in row) + " |" for row in rows]
        more = _more(items, limit)
        if more:
            out += ["", f"_{more}_"]
    out += ["", "## Notes", ""] + [f"- {n}" for n in d["notes"]]
    out += ["", "Source: " + "; ".join(d["source"]), ""]
    return "\n".join(out)


def diff_command(
    ctx: typer.Context,
    old: Annotated[str, typer.Argument(help="The earlier release (name or id).")],
    new: Annotated[str, typer.Argument(help="The later release (name or id).")],
    supplier: SupplierOpt = None,
    recipient: RecipientOpt = None,
    period: AllYearsOpt = None,
    year_from: FromOpt = None,
    year_to: ToOpt = None,
    as_json: JsonOpt = False,
    markdown: Annotated[bool, typer.Option("--markdown", help="Print a Markdown report.")] = False,
    limit: Annotated[int, typer.Option(help="Rows per table in text/Markdown (0 = all).")] = 10,
) -> None:
    """What SIPRI revised between two releases: renames, deals added/removed/changed and
    revised yearly exports (TIV, millions)."""
    from armsledger.diff import diff
    from armsledger.query import FigureQuery

    if as_json and markdown:
        raise typer.BadParameter("choose one of --json and --markdown")
    with reporting_errors(ctx, as_json=as_json), open_store(ctx) as store:
        query = FigureQuery.build(supplier=supplier, recipient=recipient, period=period,
                                  year_from=year_from, year_to=year_to)
        data = diff(store, old, new, query=query).to_dict()
    if as_json:
        typer.echo(json.dumps(data, indent=2, ensure_ascii=False, default=str))
    elif markdown:
        typer.echo(markdown_report(data, limit or None))
    else:
        _print_text(data, limit or None)
