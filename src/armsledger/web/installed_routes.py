"""The installed-base pages: ``/base?recipient=India`` (what a state still operates, by
origin), ``/base?exporter=Russia[&recipient=Africa]`` (where a supplier's designs are in
service, built under licence, re-exported second-hand) and
``/dependence?origin=Russia&group=Africa`` (maintenance dependence of a region or bloc).
The figures are :mod:`armsledger.analysis.installed_base`'s, the same as ``armsledger base``
and the API's; every page states the service lives assumed and the caveats."""

from __future__ import annotations

from dataclasses import replace
from typing import Annotated, Any, Literal

from fastapi import Query, Request
from fastapi.responses import HTMLResponse, Response

from armsledger.api.deps import BaseQ, CategoryQ, ReleaseQ
from armsledger.query import FigureQuery
from armsledger.store import Store
from armsledger.web import installed_views as views
from armsledger.web.base import _memo, _opt, respond, router
from armsledger.web.tables import Page

Opt = Annotated[str | None, Query(max_length=200)]


@router.get("/base", response_class=HTMLResponse)
def base_page(request: Request, base: BaseQ, recipient: Opt = None, exporter: Opt = None,
              category: CategoryQ = None, release: ReleaseQ = None,
              measure: Literal["tiv", "units"] = "tiv") -> Response:
    """A recipient's installed base by origin, or (``exporter``) a supplier's designs in
    service by recipient, with its licensed production and second-hand flows."""
    from armsledger.analysis.installed_base import installed_base_for, supplier_base_for

    recipient, exporter = _opt(recipient), _opt(exporter)
    form = {"recipient": recipient or "", "exporter": exporter or "", "as_of": base.as_of,
            "service_life": base.service_life or "", "category": category, "measure": measure,
            "release": release}
    if exporter is None:
        recipient = recipient or "India"
        form["recipient"] = recipient
        query = FigureQuery.build(recipient=recipient, category=category, release=release)
        data = _memo(request, ("base", query, base), lambda s: installed_base_for(
            s, query, as_of=base.as_of, service_life=base.service_life,
            missile_years=base.missile_years).to_dict())
        page = Page("installed_base.html", f"{data['label']}: installed base by origin, "
                    f"{data['as_of']} (estimate)", release=data["release"],
                    download_name=f"base-{data['label']}-{data['as_of']}")
        page.add(*views.recipient_tables(data))
        if len(data["recipients"]) == 1:
            page.charts["stack"] = views.stack_chart(data, data["recipients"][0], measure)
        page.context.update(data=data, form=form, mode="recipient")
        return respond(request, page)
    query = FigureQuery.build(supplier=exporter, recipient=recipient, category=category,
                              release=release)

    def compute(s: Store) -> dict[str, Any]:
        from armsledger.analysis.installed_base import recent_period, second_hand_for
        from armsledger.analysis.licensed import licensed_production_for

        sb = supplier_base_for(s, query, as_of=base.as_of, service_life=base.service_life)
        lists = FigureQuery.build(supplier=exporter, recipient=recipient, release=release,
                                  period=recent_period(sb.as_of))
        return {"base": sb.to_dict(),
                "licensed": licensed_production_for(
                    s, replace(lists, include_predecessors=True)).to_dict(),
                "second_hand": second_hand_for(s, lists).to_dict()}

    got = _memo(request, ("supplier-base", query, base), compute)
    data = got["base"]
    page = Page("installed_base.html", f"{data['origin']} designs in service, "
                f"{data['as_of']} (estimate)", release=data["release"],
                download_name=f"base-{exporter}-{data['as_of']}")
    page.add(views.supplier_table(data), views.licensed_table(got["licensed"]),
             views.second_hand_table(got["second_hand"]), views.life_table(data))
    page.context.update(data=data, form=form, mode="supplier", licensed=got["licensed"],
                        second_hand=got["second_hand"])
    return respond(request, page)


@router.get("/dependence", response_class=HTMLResponse)
def dependence_page(request: Request, base: BaseQ, origin: Opt = None, group: Opt = None,
                    category: CategoryQ = None, release: ReleaseQ = None) -> Response:
    """For each state of a region or bloc, the share of its in-service base of one origin's
    designs, by category, and whether it is the majority."""
    from armsledger.analysis.installed_base import dependence_for

    origin, group = _opt(origin) or "Russia", _opt(group) or "Africa"
    query = FigureQuery.build(supplier=origin, recipient=group, category=category,
                              release=release)
    data = _memo(request, ("dependence", query, base), lambda s: dependence_for(
        s, query, as_of=base.as_of, service_life=base.service_life).to_dict())
    form = {"origin": origin, "group": group, "as_of": base.as_of,
            "service_life": base.service_life or "", "category": category, "release": release}
    page = Page("dependence.html", f"{data['group']}: dependence on {data['origin']} designs, "
                f"{data['as_of']} (estimate)", release=data["release"],
                download_name=f"dependence-{origin}-{group}-{data['as_of']}")
    page.add(views.dependence_table(data), views.life_table(data))
    page.context.update(data=data, form=form)
    return respond(request, page)
