"""Tables of the dashboard: what a page shows, and the same rows as CSV and JSON downloads.

A :class:`Table` holds raw values (numbers stay numbers, deal ids stay lists); the page formats
them by column kind, the downloads keep them raw. TIV is SIPRI's trend-indicator value
(TIV, millions), a volume measure: it is formatted as a plain number, never as money.
"""

from __future__ import annotations

import csv
import io
import json
import math
import numbers
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

import orjson
from markupsafe import Markup, escape

from armsledger import SIPRI_CITATION, TIV_UNIT, formatting
from armsledger.csvsafe import safe_row
from armsledger.xlsx import workbook

Row = dict[str, Any]


# -- formatting -----------------------------------------------------------------------------


def fmt_tiv(value: float | None) -> str:
    """TIV, millions, by the one rule (:func:`armsledger.formatting.fmt_tiv`); '–' when
    missing."""
    return formatting.fmt_tiv(value, missing="–")


def fmt_pct(value: float | None, digits: int = 1) -> str:
    return "–" if value is None else f"{value:.{digits}f}%"


def fmt_change(value: float | None) -> str:
    """A change in per cent with its sign: '-64%', '+21%'."""
    return "–" if value is None else f"{value:+.0f}%"


def fmt_int(value: int | float | None) -> str:
    if value is None:
        return "–"
    return f"{int(value):,}"


def fmt_number(value: float | None) -> str:
    if value is None:
        return "–"
    if isinstance(value, float) and not value.is_integer():
        return f"{value:,.2f}".rstrip("0").rstrip(".")
    return f"{int(value):,}"


FORMATTERS: dict[str, Callable[[Any], str]] = {
    "tiv": fmt_tiv,
    "pct": fmt_pct,
    "change": fmt_change,
    "int": fmt_int,
    "number": fmt_number,
}


# -- tables -----------------------------------------------------------------------------------


@dataclass(slots=True)
class Column:
    """One column: ``key`` in the rows, ``label`` on the page, ``kind`` for formatting.

    Kinds: text, nowrap, tiv, pct, change, int, number, list, verdict, long (folded when
    long), folded (always folded), evidence
    (label/value pairs), links (text/URL pairs), link (the cell is only a link: not
    downloaded).
    ``link(row)`` gives the cell's URL; ``show=False`` keeps a column for downloads only.
    """

    key: str
    label: str
    kind: str = "text"
    link: Callable[[Row], str | None] | None = None
    show: bool = True
    text: str | None = None
    """For kind 'link': the link text."""

    @property
    def download(self) -> bool:
        return self.kind != "link"


@dataclass(slots=True)
class Table:
    name: str
    title: str
    columns: list[Column]
    rows: list[Row]
    note: str | None = None
    empty: str = "None in this period."
    unit: str | None = TIV_UNIT
    limit: int | None = None
    """Show at most this many rows on the page (downloads have them all)."""
    json_rows: list[Any] | None = None
    """Rows for the JSON download when they differ from ``rows`` (e.g. full deal records)."""
    offset: int = 0
    """First row shown on the page (pagination)."""
    row_anchor: str | None = None
    """Key of each row's HTML id, when rows are link targets."""
    sub_rows: bool = False
    """Rows with a ``subregion`` other than '(all)' are shown indented under their region."""
    server_sort: dict[str, str] | None = None
    """For a table shown a page at a time: column key -> URL of the list sorted by that
    column (every row, not only the page's). Its headers are those links, and the page's
    own (client-side) sort is off."""
    sorted_by: tuple[str, bool] | None = None
    """(column key, descending) the rows are sorted by, for the header's ``aria-sort``."""

    @property
    def shown(self) -> list[Row]:
        end = None if self.limit is None else self.offset + self.limit
        return self.rows[self.offset:end]

    @property
    def visible(self) -> list[Column]:
        """The columns the page shows: not download-only, and not empty in every row (a
        delivery-year release has no 'No. ordered': an all-'–' column says nothing). The
        downloads keep every column."""
        return [c for c in self.columns if c.show and (
            not self.rows or c.kind == "link" or c.link is not None
            or any(r.get(c.key) not in (None, "", []) for r in self.rows))]

    def keys(self) -> list[str]:
        return [c.key for c in self.columns if c.download]


def cell(col: Column, row: Row) -> Markup:
    """The HTML of one cell: the formatted value, linked when the column has a link."""
    value = row.get(col.key)
    url = col.link(row) if col.link else None
    if col.kind == "link":
        return Markup('<a href="{}">{}</a>').format(url, col.text or "deals") if url else Markup("")
    if col.kind == "verdict":
        slug = str(value or "").replace(" ", "-")
        html = Markup('<span class="verdict v-{}">{}</span>').format(slug, value or "–")
    elif col.kind == "long":
        text = str(value or "")
        if len(text) <= 120:
            html = escape(text)
        else:
            html = Markup("<details><summary>{}…</summary>{}</details>").format(text[:110], text)
    elif col.kind == "folded":
        html = Markup("<details><summary>why</summary>{}</details>").format(value or "")
    elif col.kind == "evidence":
        items = value or []
        html = Markup("<br>").join(
            Markup("<span class=\"ev\">{}: <b>{}</b></span>").format(k, v) for k, v in items
        )
    elif col.kind == "links":
        html = Markup("<br>").join(Markup('<a href="{}">{}</a>').format(u, t)
                                   for t, u in value or [])
    elif col.kind == "list":
        html = escape(", ".join(str(v) for v in value or []))
    elif col.kind in FORMATTERS:
        html = escape(FORMATTERS[col.kind](value))
    else:
        html = escape("–" if value is None or value == "" else str(value))
    if url:
        return Markup('<a href="{}">{}</a>').format(url, html)
    return html


NUMERIC_KINDS = frozenset({"tiv", "pct", "change", "int", "number"})
"""Column kinds whose cells carry their raw number in ``data-sort`` (for sorting in the page)."""


def header(table: Table, col: Column) -> Markup:
    """A header cell's content: a link that sorts the whole list (``server_sort``), with
    ``aria-sort`` on the sorted column, or the label (the page's script sorts the rows)."""
    url = (table.server_sort or {}).get(col.key)
    if url is None:
        return Markup("{}").format(col.label)
    state = ""
    if table.sorted_by is not None and table.sorted_by[0] == col.key:
        state = " descending" if table.sorted_by[1] else " ascending"
    arrow = {" descending": " ▼", " ascending": " ▲"}.get(state, "")
    return Markup('<a class="sort" href="{}" title="Sort every row by this column">{}{}</a>'
                  ).format(url, col.label, arrow)


def sort_attr(col: Column, row: Row) -> Markup:
    """`` data-sort="RAW"`` for a cell of a numeric column: the raw number, so a formatted
    '10,547' sorts as 10547 and '–' (empty ``data-sort``) as missing; nothing for other kinds."""
    if col.kind not in NUMERIC_KINDS:
        return Markup("")
    value = row.get(col.key)
    if isinstance(value, bool) or not isinstance(value, numbers.Real):
        return Markup(' data-sort=""')
    number = float(value)
    if not math.isfinite(number):
        return Markup(' data-sort=""')
    return Markup(' data-sort="{}"').format(str(int(number)) if number.is_integer()
                                             else repr(number))


def _csv_value(value: Any) -> Any:
    if value is None:
        return ""
    if isinstance(value, list | tuple):
        if all(not isinstance(v, dict | list | tuple) for v in value):
            return "; ".join(str(v) for v in value)
        return json.dumps(value, ensure_ascii=False, default=str)
    if isinstance(value, dict):
        return json.dumps(value, ensure_ascii=False, default=str)
    if isinstance(value, bool):
        return "true" if value else "false"
    return value


def _raw(col: Column, row: Row) -> Any:
    value = row.get(col.key)
    if col.kind == "evidence" and isinstance(value, list):
        return {k: v for k, v in value}
    return value


def to_csv(table: Table) -> str:
    """The table's rows as CSV: a header of column keys, raw values (TIV, millions); cells
    that a spreadsheet would run as formulas are neutralised (:mod:`armsledger.csvsafe`)."""
    out = io.StringIO()
    writer = csv.writer(out, lineterminator="\n")
    cols = [c for c in table.columns if c.download]
    writer.writerow([c.key for c in cols])
    for row in table.rows:
        raw = row.get("_raw", {})
        writer.writerow(safe_row(_csv_value(raw.get(c.key, _raw(c, row))) for c in cols))
    return out.getvalue()


def to_json(table: Table, meta: dict[str, Any]) -> bytes:
    """``{table, title, unit, release, source, ..., columns, rows}``; raw values."""
    cols = [c for c in table.columns if c.download]
    rows = table.json_rows
    if rows is None:
        rows = [{c.key: row.get("_raw", {}).get(c.key, _raw(c, row)) for c in cols}
                for row in table.rows]
    body = {
        "table": table.name,
        "title": table.title,
        "unit": table.unit,
        "citation": SIPRI_CITATION,
        **meta,
        "columns": [c.key for c in cols],
        "rows": rows,
    }
    return orjson.dumps(body, option=orjson.OPT_SERIALIZE_NUMPY | orjson.OPT_NON_STR_KEYS,
                        default=str)


def to_xlsx(table: Table, source: list[tuple[str, str]] | None = None) -> bytes:
    """The table's rows as an XLSX workbook (:func:`armsledger.xlsx.workbook`): the CSV's
    header of column keys and its raw values, and a "Source" sheet with the provenance stamp
    (``source``: :func:`armsledger.citation.stamp_rows` pairs), the table and its unit."""
    cols = [c for c in table.columns if c.download]
    rows = ([_csv_value(row.get("_raw", {}).get(c.key, _raw(c, row))) for c in cols]
            for row in table.rows)
    pairs = list(source or []) + [("Table", table.title), ("Unit", table.unit or "")]
    if source is None:
        pairs.append(("Data", SIPRI_CITATION))
    return workbook(table.name, [c.key for c in cols], rows, pairs)



@dataclass(slots=True)
class Page:
    """What a route returns: a template, its context, its tables and its chart specs."""

    template: str
    title: str
    context: dict[str, Any] = field(default_factory=dict)
    tables: dict[str, Table] = field(default_factory=dict)
    charts: dict[str, dict[str, Any]] = field(default_factory=dict)
    release: str | None = None
    status: int = 200
    download_name: str = "armsledger"
    post_fields: dict[str, str] | None = None
    """Set on pages answering a POST: downloads re-post these fields."""

    def add(self, *tables: Table) -> None:
        for t in tables:
            self.tables[t.name] = t
