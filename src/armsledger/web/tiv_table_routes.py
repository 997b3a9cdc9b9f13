"""SIPRI's TIV table on the dashboard: years across, actors down, with totals (``/tiv-table``);
the same table as ``armsledger tiv-table`` and ``/api/tiv-table``, downloadable as CSV, JSON
and XLSX."""

from __future__ import annotations

from typing import Annotated, Any, Literal

from fastapi import Query, Request
from fastapi.responses import HTMLResponse, Response

from armsledger.api.deps import Figures
from armsledger.store import Store
from armsledger.web import urls
from armsledger.web.base import _memo, respond, router
from armsledger.web.tables import Column, Page, Table


@router.get("/tiv-table", response_class=HTMLResponse)
def tiv_table_page(
    request: Request, query: Figures,
    role: Annotated[Literal["exporters", "importers"], Query()] = "exporters",
    limit: Annotated[int, Query(ge=0, le=10_000, description="0 = every actor")] = 50,
) -> Response:
    from armsledger.analysis.tiv_table import tiv_table

    def compute(s: Store) -> dict[str, Any]:
        return tiv_table(s, role, query, limit=limit or None).to_dict()

    data = _memo(request, ("tiv-table", role, query, limit), compute)
    side = "supplier" if data["role"] == "exporter" else "recipient"
    years = [str(y) for y in data["years"]]

    def actor_url(r: dict[str, Any]) -> str | None:
        if r["kind"] == "total":
            return None
        return f"/{'exporters' if side == 'supplier' else 'recipients'}/{r['actor']}" \
            + urls.qs({"release": data["release"]})

    def year_url(year: str) -> Any:
        def link(r: dict[str, Any]) -> str | None:
            if r["kind"] == "total" or data["from_sipri_table"] or not r.get(year):
                return None  # SIPRI's own table has no deals behind its values
            return urls.deals_url(**{side: r["actor"]}, year_from=int(year),
                                  year_to=int(year), release=data["release"])
        return link

    rows = [{"actor": r["actor"], "iso3": r["iso3"], "kind": r["kind"],
             **dict(zip(years, r["values"], strict=True)), "total": r["total"]}
            for r in data["rows"]]
    rows.append({"actor": "World", "iso3": None, "kind": "total",
                 **dict(zip(years, data["world"], strict=True)), "total": data["world_total"]})
    origin = ("SIPRI's own TIV table: the values as SIPRI published them" if
              data["from_sipri_table"] else "the yearly sums of the release's deliveries "
              "(click a value for its deals)")
    shown = f"the {limit} largest and the world" if limit else "every actor and the world"
    table = Table(
        "tiv_table", f"TIV of arms {'exports' if side == 'supplier' else 'imports'}, "
        f"{data['period']}",
        [Column("actor", "Supplier" if side == "supplier" else "Recipient", "nowrap",
                link=actor_url),
         Column("iso3", "ISO3", show=False), Column("kind", "Kind", show=False),
         *[Column(y, y, "tiv", link=year_url(y)) for y in years],
         Column("total", "Total", "tiv")],
        rows, note=f"Values: {origin}. Rows: {shown}; non-state actors, organisations and "
        "unknown actors are rows too, as in SIPRI's tables.")
    page = Page("tiv_table.html", table.title, download_name=f"tiv-table-{role}")
    page.release = data["release"]
    page.add(table)
    page.context.update(data=data, role=role, limit=limit)
    return respond(request, page)
