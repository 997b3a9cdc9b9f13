"""The deals behind any figure: ``/deals`` with the API's filters, deal ids or open orders."""

from __future__ import annotations

from typing import Annotated, Any, Literal

from fastapi import Query, Request
from fastapi.responses import HTMLResponse, Response

from armsledger.api.deps import Filters
from armsledger.store import Store
from armsledger.web import list_views, urls
from armsledger.web.base import respond, router
from armsledger.web.tables import Page


def _ids(value: str | None) -> list[str] | None:
    if not value:
        return None
    return [i for i in (x.strip() for x in value.split(",")) if i]


@router.get("/deals", response_class=HTMLResponse)
def deals_page(
    request: Request,
    query: Filters,
    ids: str | None = None,
    open_orders: bool = False,
    page: Annotated[int, Query(ge=1, le=10**9)] = 1,
    page_size: Annotated[int, Query(ge=1, le=1000)] = 50,
    sort: Annotated[str | None, Query(max_length=40, description="Sort every deal by this "
                                      "column (the page's header links).")] = None,
    order: Literal["asc", "desc"] = "asc",
    view: Annotated[Literal["deals", "register"], Query(
        description="'register': SIPRI's trade-register layout.")] = "deals",
) -> Response:
    """The deals behind any figure: the API's /api/deals filters (plus deal ids and open
    orders), a page at a time, sorted by any column over every matching deal; the
    downloads have every matching deal. ``view=register`` shows them as SIPRI's trade
    register prints them."""
    from armsledger.analysis.deals import deals, deals_by_ids, open_order_deals
    from armsledger.analysis.register_view import register_rows

    id_list = _ids(ids)
    start = (page - 1) * page_size

    def compute(s: Store) -> dict[str, Any]:
        if open_orders:
            result = open_order_deals(s, query)
        elif id_list:
            result = deals_by_ids(s, id_list, query.release)
        else:
            result = deals(s, query)
        if view == "register" and not open_orders:
            return {"release": result.release.name, "period": result.period,
                    "records": [r.to_dict() for r in register_rows(result)],
                    "total": result.total, "tiv": result.tiv,
                    "warnings": list(result.warnings)}
        result = result.sorted(sort, order == "desc")
        return {"release": result.release.name, "records": result.records(),
                "total": result.total, "tiv": result.tiv, "warnings": list(result.warnings)}

    data = request.app.state.access.call(compute)
    rows = data["records"]
    total, tiv = data["total"], data["tiv"]
    register = view == "register" and not open_orders
    first_year, last_year = ((query.period.start, query.period.end) if query.period
                             else (query.year_from, query.year_to))
    filters = {"supplier": query.supplier, "recipient": query.recipient, "from": first_year,
               "to": last_year, "category": query.category,
               "include_predecessors": query.include_predecessors,
               "allow_partial": query.allow_partial, "release": query.release, "ids": ids,
               "open_orders": open_orders, "view": "register" if register else None,
               "page_size": page_size if page_size != 50 else None}
    sorting = {} if register else {"sort": sort, "order": order if sort else None}
    if register:
        table = list_views.register_table(rows, start=start, page_size=page_size,
                                          period=data["period"] if query.period
                                          or query.year_from or query.year_to else None)
    elif open_orders:
        table = list_views.open_orders_table(rows, data["release"])
        table.offset, table.limit = start, page_size
    else:
        table = list_views.deals_table(rows, start=start, page_size=page_size,
                                       title="Deals with deliveries in the range" if not id_list
                                       else "Deals behind the figure")
    if not register:
        list_views.server_sort(table, "/deals", filters, sort, order,
                               "open_orders" if open_orders else "deals")
    elif total > page_size:
        table.server_sort = {}  # SIPRI's order; sorting one page of it would mislead
    pages = max(1, -(-total // page_size))
    nav = {
        "prev": "/deals" + urls.qs({**filters, **sorting, "page": page - 1})
        if page > 1 else None,
        "next": "/deals" + urls.qs({**filters, **sorting, "page": page + 1})
        if page < pages else None,
    }
    pg = Page("deals.html", "Deals", release=data["release"],
              download_name="deals-" + "-".join(str(v) for v in (
                  query.supplier, query.recipient, query.period, query.category) if v))
    pg.add(table)
    api = None if (id_list or open_orders) else "/api/deals" + urls.qs(
        {k: v for k, v in {**filters, **sorting}.items()
         if k not in ("ids", "open_orders", "page_size")})
    pg.context.update(filters=filters, total=total, tiv=tiv, page_no=page, pages=pages,
                      nav=nav, open_orders=open_orders, ids=id_list, api=api, view=view,
                      register=register, sorting=sorting,
                      warnings=data["warnings"],
                      first=start + 1 if total else 0, last=min(start + page_size, total))
    return respond(request, pg)
