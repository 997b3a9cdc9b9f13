"""Embargo screening and deal lists as tables, each row linking to the deals behind it."""

from __future__ import annotations

from typing import Any

from armsledger import TIV_UNIT
from armsledger.web.tables import (
    NUMERIC_KINDS,
    Column,
    Row,
    Table,
    fmt_tiv,
)
from armsledger.web.urls import Params, deals_url, qs

# -- embargoes --------------------------------------------------------------------------------


def embargo_panel_tables(summary: dict[str, Any], params: Params) -> list[Table]:
    """The exporter page's embargo flags: TIV by binding status and the embargoes hit."""
    status = Table("embargo_status", f"Deliveries to embargo targets ({summary['period']})",
                   [Column("status", "Status", "verdict"),
                    Column("deliveries", "Deliveries", "int"),
                    Column("tiv", TIV_UNIT, "tiv"),
                    Column("share_pct", f"Share of {summary['supplier']}'s deliveries", "pct")],
                   summary["by_status"],
                   note="Only 'bound' deliveries can be breaches: the embargo bound this supplier "
                        "in the delivery year. Caveats (boundary years, orders before the "
                        "embargo, partial scope) are on the embargo page.")
    return [status, embargo_hits_table("embargo_flags", "Embargoes whose targets received "
                                       f"deliveries ({summary['period']})",
                                       summary["embargoes"], params, supplier=summary["supplier"],
                                       release=summary["release"])]


def embargo_hits_table(name: str, title: str, rows: list[dict[str, Any]], params: Params, *,
                       supplier: str | None = None, release: str | None = None) -> Table:
    def deals(r: Row) -> str | None:
        return deals_url(ids=r.get("deal_ids") or [], release=release)

    def embargo(r: Row) -> str:
        return "/embargoes" + qs({"embargo": r["embargo_id"], "supplier": supplier,
                                  "release": params.release})

    rows = [dict(r, years=str(r["first_year"]) if r["first_year"] == r["last_year"]
                 else f"{r['first_year']}-{r['last_year']}") for r in rows]
    cols = [Column("embargo_id", "Embargo", link=embargo),
            Column("imposed_by", "By"),
            Column("target", "Target", "long"),
            Column("status", "Status", "verdict"),
            Column("deliveries", "Deliveries", "int"),
            Column("tiv", TIV_UNIT, "tiv", link=deals),
            Column("years", "Years", "nowrap"),
            Column("suppliers", "Suppliers", "list", show="suppliers" in (rows[0] if rows
                                                                          else {})),
            Column("recipients", "Recipients", "list"),
            Column("deals", "Deals", "link", link=deals),
            Column("deal_ids", "Deal ids", "list", show=False)]
    return Table(name, title, cols, rows, empty="No deliveries to embargo targets.")


def embargo_list_table(embargoes: list[dict[str, Any]], params: Params) -> Table:
    cols = [Column("embargo_id", "Embargo", link=lambda r: "/embargoes" + qs(
                {"embargo": r["embargo_id"], "release": params.release})),
            Column("imposed_by", "By"),
            Column("target", "Target", "long"),
            Column("target_iso3", "ISO3", "list"),
            Column("scope", "Scope"),
            Column("start_date", "Start"),
            Column("end_date", "End"),
            Column("mandatory", "Mandatory"),
            Column("legal_basis", "Legal basis", "long"),
            Column("binding", "Binds", "long", show=False),
            Column("notes", "Notes", "long", show=False),
            Column("source_url", "Source", link=lambda r: r.get("source_url")),
            ]
    rows = [dict(e, end_date=e.get("end_date") or "in force",
                 mandatory="yes" if e.get("mandatory") else "no") for e in embargoes]
    return Table("embargoes", "Arms embargoes (reference table)", cols, rows, unit=None)


def hits_table(hits: list[dict[str, Any]], params: Params, limit: int = 200) -> Table:
    def deal(r: Row) -> str | None:
        return deals_url(ids=[r["deal_id"]], release=r["source"]["release"])

    cols = [Column("deal_id", "Deal", link=deal), Column("supplier", "Supplier"),
            Column("recipient", "Recipient"), Column("year", "Year"),
            Column("tiv", TIV_UNIT, "tiv"), Column("embargo_id", "Embargo"),
            Column("status", "Status", "verdict"), Column("caveats", "Caveats", "list"),
            Column("designation", "Weapon"), Column("order_year", "Ordered"),
            Column("imposed_by", "By", show=False), Column("basis", "Legal basis", show=False)]
    more = len(hits) - limit
    return Table("hits", "Deliveries matched to embargoes", cols, hits, limit=limit,
                 note=(f"The first {limit} of {len(hits):,} shown; the downloads have all."
                       if more > 0 else None), empty="No matching deliveries.")


# -- deals ------------------------------------------------------------------------------------


def _deliveries_text(deliveries: list[dict[str, Any]]) -> str:
    parts = []
    for d in deliveries or []:
        n = "" if d.get("number") is None else f"{d['number']} "
        est = "?" if d.get("estimated") else ""
        parts.append(f"{d['year']}: {n}({fmt_tiv(d.get('tiv'))}){est}")
    return "; ".join(parts)


def deals_table(records: list[dict[str, Any]], *, start: int, page_size: int,
                title: str) -> Table:
    """Deal records (``deal_records`` shape); the page shows one page, downloads all."""
    rows = []
    for r in records:
        rows.append(dict(r, deliveries_text=_deliveries_text(r["deliveries"]),
                         source_line=(r.get("source") or {}).get("line"),
                         ordered=(f"{r['order_year']}{'?' if r.get('order_year_estimated') else ''}"
                                  if r.get("order_year") is not None else "–")))
    cols = [Column("deal_id", "Deal", "nowrap"), Column("supplier", "Supplier"),
            Column("recipient", "Recipient"), Column("ordered", "Ordered", show=True),
            Column("designation", "Weapon"), Column("description", "Description"),
            Column("category", "Category"), Column("status", "Status"),
            Column("number_ordered", "No. ordered", "int"),
            Column("number_delivered", "No. delivered", "int"),
            Column("deliveries_text", "Deliveries in range: year: number (TIV)"),
            Column("tiv_delivered", "TIV delivered, millions", "tiv"),
            Column("source_line", "Source line", "int"),
            Column("order_year", "Order year", show=False),
            Column("tiv_unit", "TIV per unit", "tiv", show=False),
            Column("tiv_order", "TIV of order", "tiv", show=False),
            Column("local_production", "Local production", show=False),
            Column("comments", "Comments", show=False)]
    return Table("deals", title, cols, rows, empty="No deals match these filters.",
                 json_rows=records, offset=start, limit=page_size)


def open_orders_table(rows: list[dict[str, Any]], release: str) -> Table:
    cols = [Column("deal_id", "Deal", "nowrap"), Column("supplier", "Supplier"),
            Column("recipient", "Recipient"), Column("order_year", "Ordered"),
            Column("designation", "Weapon"), Column("category", "Category"),
            Column("number_ordered", "No. ordered", "int"),
            Column("number_delivered", "No. delivered", "int"),
            Column("remaining", "Still to deliver", "int"),
            Column("tiv_outstanding", "Outstanding, TIV millions", "tiv"),
            Column("last_year", "Last delivery"), Column("as_of_year", "As of")]
    return Table("deals", f"Open orders (release {release})", cols, rows,
                 empty="No open orders match these filters.")



def register_table(rows: list[dict[str, Any]], *, start: int, page_size: int,
                   period: str | None) -> Table:
    """Rows of :func:`armsledger.analysis.register_view.register_rows` as SIPRI prints its
    trade register (estimates in parentheses, delivery years as ranges)."""
    def deal_link(r: dict[str, Any]) -> str:
        return "/deals" + qs({"ids": r["deal_id"]})

    cols = [Column("recipient", "Recipient"), Column("supplier", "Supplier"),
            Column("ordered", "No. ordered", "nowrap"),
            Column("designation", "Weapon designation"),
            Column("description", "Weapon description"),
            Column("order_year", "Year of order", "nowrap"),
            Column("delivery_years", "Year(s) of delivery" + (f" in {period}" if period else "")),
            Column("delivered", "No. delivered" + (f" in {period}" if period else ""), "nowrap"),
            Column("comments", "Comments", "long"),
            Column("deal_id", "Deal", "nowrap", link=deal_link)]
    return Table("register", "Trade register", cols, rows,
                 note="As SIPRI's trade register prints it: numbers and years in parentheses "
                      "are SIPRI's estimates" + (f"; years and numbers delivered are those in "
                                                 f"{period}, as in SIPRI's register for "
                                                 "selected years." if period else "."),
                 empty="No deals match these filters.", unit=None, offset=start,
                 limit=page_size)


_SORT_KEY = {"ordered": "order_year"}
"""A page column shown under another key than the list's column it sorts by."""


def server_sort(table: Table, path: str, params: dict[str, Any], sort: str | None,
                order: str, kind: str) -> None:
    """Make ``table``'s headers sort the whole list (not only the page shown): each header of
    a column the library sorts by (:data:`armsledger.analysis.deals.SORT_KEYS`) links to the
    list sorted by it (numbers first from the largest; the sorted column's link reverses),
    and the sorted column is marked."""
    from armsledger.analysis.deals import SORT_KEYS

    links: dict[str, str] = {}
    for c in table.columns:
        key = _SORT_KEY.get(c.key, c.key)
        if key not in SORT_KEYS[kind]:
            continue
        if key == sort:
            next_order = "asc" if order == "desc" else "desc"
            table.sorted_by = (c.key, order == "desc")
        else:
            next_order = "desc" if c.kind in NUMERIC_KINDS else "asc"
        links[c.key] = path + qs({**params, "sort": key, "order": next_order})
    table.server_sort = links
