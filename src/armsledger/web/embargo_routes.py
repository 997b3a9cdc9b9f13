"""The embargo page: the reference table and the screening results, linked to their deals."""

from __future__ import annotations

from typing import Any

from fastapi import Request
from fastapi.responses import HTMLResponse, Response

from armsledger import TIV_UNIT
from armsledger.api.deps import Filters
from armsledger.store import Store
from armsledger.web import list_views, tables, urls
from armsledger.web.base import (
    _memo,
    _opt,
    respond,
    router,
)
from armsledger.web.tables import Page, Table
from armsledger.web.urls import Params

# -- embargoes --------------------------------------------------------------------------------


@router.get("/embargoes", response_class=HTMLResponse)
def embargoes_page(request: Request, query: Filters, embargo: str | None = None) -> Response:
    supplier, recipient, embargo, release = (query.supplier, query.recipient, _opt(embargo),
                                             query.release)
    year_from = query.period.start if query.period else query.year_from
    year_to = query.period.end if query.period else query.year_to
    params = Params(release=release)
    page = Page("embargoes.html", "Arms embargoes", download_name="embargoes")
    page.context.update(filters={"supplier": supplier, "recipient": recipient,
                                 "from": year_from, "to": year_to, "embargo": embargo,
                                 "release": release})
    from armsledger.embargoes.reference import list_embargoes
    from armsledger.embargoes.screen import embargo_summary, screen

    def compute(s: Store) -> dict[str, Any]:
        listed = list_embargoes(s).to_dict()
        result = screen(s, embargo=embargo, query=query).to_dict()
        detail = embargo_summary(s, embargo, release).to_dict() if embargo else None
        return {"list": listed, "result": result, "detail": detail}

    data = _memo(request, ("embargoes", supplier, recipient, year_from, year_to, embargo,
                           release), compute)
    result = data["result"]
    page.release = result["release"]
    page.add(list_views.embargo_hits_table("by_embargo", "Screening: deliveries by embargo",
                                      result["by_embargo"], params, supplier=supplier,
                                      release=result["release"]))
    by_supplier = Table("by_supplier", "Screening: deliveries by supplier",
                        [tables.Column("supplier", "Supplier", link=lambda r: "/embargoes"
                                       + urls.qs({"supplier": r["supplier"],
                                                   "embargo": embargo, "release": release})),
                         tables.Column("status", "Status", "verdict"),
                         tables.Column("deliveries", "Deliveries", "int"),
                         tables.Column("tiv", TIV_UNIT, "tiv",
                                       link=lambda r: urls.deals_url(
                                           ids=r["deal_ids"], release=result["release"])),
                         tables.Column("embargo_ids", "Embargoes", "list"),
                         tables.Column("deals", "Deals", "link", link=lambda r: urls.deals_url(
                             ids=r["deal_ids"], release=result["release"])),
                         tables.Column("deal_ids", "Deal ids", "list", show=False)],
                        result["by_supplier"], empty="No deliveries to embargo targets.")
    page.add(by_supplier, list_views.hits_table(result["hits"], params),
             list_views.embargo_list_table(data["list"]["embargoes"], params))
    page.context.update(result=result, detail=data["detail"], table_info=data["list"]["table"],
                        embargo_ids=[e["embargo_id"] for e in data["list"]["embargoes"]])
    return respond(request, page)
