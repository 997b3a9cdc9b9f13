"""The deals behind any figure: ``/deals`` with the API's filters, deal ids or open orders."""

from __future__ import annotations

from typing import Annotated, Any

from fastapi import Query, Request
from fastapi.responses import HTMLResponse, Response

from armsledger.store import Store
from armsledger.web import list_views, urls
from armsledger.web.base import (
    ReleaseQ,
    _access,
    _opt,
    respond,
    router,
)
from armsledger.web.tables import Page

# -- deals ------------------------------------------------------------------------------------


def _ids(value: str | None) -> list[str] | None:
    if not value:
        return None
    return [i for i in (x.strip() for x in value.split(",")) if i]


def _by_ids(store: Store, ids: list[str], release: str | None) -> tuple[str, list[dict]]:
    """Deals by id (with every delivery), for figures no filter reproduces (blocs, regions,
    embargo hits, orders)."""
    from armsledger.analysis.deals import DealResult, deal_records

    rel = store.release(release, needs="deals")
    frame = store.query(
        """
        SELECT d.deal_id, d.supplier, d.recipient, d.order_year, d.order_year_estimated,
               d.number_ordered, d.number_ordered_estimated, d.number_delivered,
               d.number_delivered_estimated, d.designation, d.description, d.category,
               d.status, d.local_production, d.tiv_unit, d.tiv_order, d.comments,
               d.source_line,
               coalesce(list({'year': v.year, 'number': v.number, 'tiv': v.tiv,
                              'estimated': v.split_estimated
                                           OR coalesce(v.number_estimated, false)}
                             ORDER BY v.year) FILTER (WHERE v.year IS NOT NULL), [])
                   AS deliveries,
               sum(v.tiv) AS tiv_delivered
        FROM deals d LEFT JOIN deliveries v USING (release_id, deal_id)
        WHERE d.release_id = $r AND d.deal_id IN (SELECT unnest($ids))
        GROUP BY ALL ORDER BY min(v.year) NULLS LAST, d.supplier, d.recipient, d.source_line
        """,
        {"r": rel.release_id, "ids": ids})
    return rel.name, deal_records(DealResult(rel, frame))


@router.get("/deals", response_class=HTMLResponse)
def deals_page(
    request: Request,
    supplier: str | None = None,
    recipient: str | None = None,
    year_from: Annotated[int | None, Query(alias="from")] = None,
    year_to: Annotated[int | None, Query(alias="to")] = None,
    category: str | None = None,
    include_predecessors: bool = False,
    release: ReleaseQ = None,
    ids: str | None = None,
    open_orders: bool = False,
    page: Annotated[int, Query(ge=1)] = 1,
    page_size: Annotated[int, Query(ge=1, le=1000)] = 50,
) -> Response:
    """The deals behind any figure: the API's /api/deals filters (plus deal ids and open
    orders), a page at a time; the downloads have every matching deal."""
    from armsledger.analysis.deals import DealQuery, deal_records, deals, open_order_deals

    supplier, recipient, category, release = (_opt(supplier), _opt(recipient), _opt(category),
                                              _opt(release))
    id_list = _ids(ids)
    query = DealQuery(supplier, recipient, year_from, year_to, category, include_predecessors)
    start = (page - 1) * page_size
    if open_orders:
        def compute(s: Store) -> dict[str, Any]:
            res = open_order_deals(s, query, release)
            return {"release": res.release.name, "rows": res.deals.to_dicts()}

        data = _access(request).call(compute)
        rows = data["rows"]
        table = list_views.open_orders_table(rows, data["release"])
        table.offset, table.limit = start, page_size
        total = len(rows)
        tiv = sum(r["tiv_outstanding"] or 0.0 for r in rows)
    else:
        def compute(s: Store) -> dict[str, Any]:
            if id_list:
                name, records = _by_ids(s, id_list, release)
            else:
                res = deals(s, query, release)
                name, records = res.release.name, deal_records(res)
            return {"release": name, "records": records}

        data = _access(request).call(compute)
        rows = data["records"]
        total = len(rows)
        tiv = sum(r["tiv_delivered"] or 0.0 for r in rows)
        table = list_views.deals_table(rows, start=start, page_size=page_size,
                                  title="Deals with deliveries in the range" if not id_list
                                  else "Deals behind the figure")
    filters = {"supplier": supplier, "recipient": recipient, "from": year_from, "to": year_to,
               "category": category, "include_predecessors": include_predecessors,
               "release": release, "ids": ids, "open_orders": open_orders,
               "page_size": page_size if page_size != 50 else None}
    pages = max(1, -(-total // page_size))
    nav = {
        "prev": "/deals" + urls.qs({**filters, "page": page - 1}) if page > 1 else None,
        "next": "/deals" + urls.qs({**filters, "page": page + 1}) if page < pages else None,
    }
    pg = Page("deals.html", "Deals", release=data["release"],
              download_name="deals-" + "-".join(str(v) for v in (supplier, recipient, year_from,
                                                                   year_to, category) if v))
    pg.add(table)
    api = None if (id_list or open_orders) else "/api/deals" + urls.qs(
        {k: v for k, v in filters.items() if k not in ("ids", "open_orders", "page_size")})
    pg.context.update(filters=filters, total=total, tiv=tiv, page_no=page, pages=pages,
                      nav=nav, open_orders=open_orders, ids=id_list, api=api,
                      first=start + 1 if total else 0, last=min(start + page_size, total))
    return respond(request, pg)
