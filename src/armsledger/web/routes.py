"""Dashboard pages: home (top exporters and importers), exporter and recipient pages, search,
and the Vega bundle the charts use."""

from __future__ import annotations

import gzip
import hashlib
import threading
from collections.abc import Callable
from dataclasses import replace
from typing import Annotated, Any

from fastapi import Query, Request
from fastapi.responses import HTMLResponse, RedirectResponse, Response

from armsledger.api.deps import Figures
from armsledger.query import FigureQuery
from armsledger.store import Store
from armsledger.web import urls, views
from armsledger.web.base import (
    ReleaseQ,
    _access,
    _default_release,
    _ledger_checks,
    _memo,
    _opt,
    params_of,
    periods,
    respond,
    router,
)
from armsledger.web.tables import Page
from armsledger.web.urls import Params

# -- the Vega bundle --------------------------------------------------------------------------

_BUNDLE: dict[str, bytes] = {}
_BUNDLE_LOCK = threading.Lock()


def vega_bundle() -> dict[str, bytes]:
    """Vega, Vega-Lite and vega-embed as one ES module (from vl-convert; no internet), built
    once per process and kept in memory, plain and gzipped."""
    with _BUNDLE_LOCK:
        if not _BUNDLE:
            import vl_convert

            js = vl_convert.javascript_bundle(
                "window.vegaEmbed = vegaEmbed; window.vega = vega; window.vegaLite = vegaLite;"
            ).encode("utf-8")
            _BUNDLE.update(js=js, gz=gzip.compress(js, 6),
                           etag=f'"{hashlib.sha256(js).hexdigest()[:16]}"'.encode())
        return _BUNDLE


@router.get("/static/vega.js")
def vega_js(request: Request) -> Response:
    bundle = vega_bundle()
    etag = bundle["etag"].decode()
    headers = {"Cache-Control": "public, max-age=86400", "ETag": etag, "Vary": "Accept-Encoding"}
    if request.headers.get("if-none-match") == etag:
        return Response(status_code=304, headers=headers)
    if "gzip" in request.headers.get("accept-encoding", ""):
        headers["Content-Encoding"] = "gzip"
        return Response(bundle["gz"], media_type="text/javascript", headers=headers)
    return Response(bundle["js"], media_type="text/javascript", headers=headers)


# -- pages ------------------------------------------------------------------------------------


@router.get("/", response_class=HTMLResponse)
def home(request: Request, query: Figures,
         limit: Annotated[int, Query(ge=1, le=200)] = 10,
         region: Annotated[str | None, Query(
             description="A region, subregion or bloc: exporters to it, importers in it")]
         = None) -> Response:
    from armsledger.analysis.ranking import top

    params = params_of(request, query)
    region = _opt(region)

    def compute(role: str) -> Callable[[Store], Any]:
        if role == "exporter":  # who supplies the region
            return lambda s: top(s, role, query, limit=limit, counterpart=region).to_dict()
        return lambda s: top(s, role, query, limit=limit, within=region).to_dict()

    exporters = _memo(request, ("top", "exporter", query, limit, region), compute("exporter"))
    importers = _memo(request, ("top", "importer", query, limit, region), compute("importer"))
    page = views.home_page(exporters, importers, params)
    page.context.update(period=exporters["period"], compare=str(query.compare), limit=limit,
                        periods=periods(request, query.release), params=params,
                        region=region or "")
    return respond(request, page)


def _actor_data(request: Request, query: FigureQuery) -> dict[str, Any]:
    from armsledger.analysis.groupings import flow_groups
    from armsledger.analysis.profile import ExporterProfile, profile
    from armsledger.analysis.trend import trend

    def compute(s: Store) -> dict[str, Any]:
        prof = profile(s, query)
        tr = trend(s, query.with_period(None), window=5).to_dict()
        counterparts = (prof.recipients + prof.non_state_recipients
                        if isinstance(prof, ExporterProfile) else [])
        flows = flow_groups(counterparts, [r.region for r in prof.regions],
                            views.TOP_IN_CHARTS)
        return {"prof": prof.to_dict(), "trend": tr, "flows": [g.to_dict() for g in flows]}

    return _memo(request, ("actor", query), compute)


def _embargo_panel(request: Request, supplier: str, prof: dict[str, Any],
                   params: Params) -> dict[str, Any] | str:
    """The exporter's embargo flags (screening of its deliveries in the period)."""
    from armsledger.embargoes.screen import supplier_summary

    start, end = urls.years_of(prof["period"])
    return _memo(request, ("embargo-panel", supplier, start, end, params.release),
                 lambda s: supplier_summary(s, supplier, start, end, params.release).to_dict())


def _pinned(request: Request, query: FigureQuery, prof: dict[str, Any]) -> FigureQuery:
    """The page's query naming the release its profile came from when that is not the default
    (an actor found only in an older release), so every panel and link uses the same one."""
    if query.release is None and prof["release"] != _default_release(request):
        return replace(query, release=prof["release"])
    return query


@router.get("/exporters/{actor:path}", response_class=HTMLResponse)
def exporter(request: Request, actor: str, query: Figures) -> Response:
    query = query.with_actor("exporter", actor)
    data = _actor_data(request, query)
    prof = data["prof"]
    query = _pinned(request, query, prof)
    params = params_of(request, query)
    checks = _ledger_checks(request, prof["iso3"], query.release) if prof["iso3"] else []
    panel = _embargo_panel(request, prof["actors"][0], prof, params)
    page = views.actor_page("exporter", prof, data["trend"], params, flows=data["flows"],
                            claims=checks, embargo=panel)
    page.context.update(periods=periods(request, query.release), period=prof["period"],
                        compare=str(query.compare))
    return respond(request, page)


@router.get("/recipients/{actor:path}", response_class=HTMLResponse)
def recipient(request: Request, actor: str, query: Figures) -> Response:
    from armsledger.analysis.groupings import dependence_over_time

    query = query.with_actor("importer", actor)
    data = _actor_data(request, query)
    prof = data["prof"]
    query = _pinned(request, query, prof)
    params = params_of(request, query)
    dependence = _memo(request, ("dependence", query.with_period(None, "none")),
                       lambda s: dependence_over_time(
                           s, query.with_period(None, "none")).to_dict())
    page = views.actor_page("importer", prof, data["trend"], params, dependence=dependence)
    _installed_base(request, page, query, prof)
    page.context.update(periods=periods(request, query.release), period=prof["period"],
                        compare=str(query.compare))
    return respond(request, page)


def _installed_base(request: Request, page: Page, query: FigureQuery,
                    prof: dict[str, Any]) -> None:
    """The recipient page's installed base by origin at the end of its period: the stacked
    bar of the full page (``/base``), for one state; a group links to its members' bases."""
    from armsledger.analysis.installed_base import installed_base_for
    from armsledger.web import installed_views

    as_of = int(str(prof["period"])[-4:])
    url = "/base" + urls.qs({"recipient": query.recipient, "as_of": as_of,
                             "release": query.release})
    page.context.update(base_url=url, base_as_of=as_of)
    if len(prof["actors"]) != 1:
        return
    base_query = replace(query, period=None, year_from=None, year_to=None)
    data = _memo(request, ("base", base_query, as_of), lambda s: installed_base_for(
        s, base_query, as_of=as_of).to_dict())
    if data["recipients"] and data["units"]:
        page.charts["base_stack"] = installed_views.stack_chart(data, data["recipients"][0])
        page.context["base_headline"] = data["headline"]


@router.get("/go")
def go(request: Request, q: str = "", role: str = "exporter",
       release: ReleaseQ = None) -> Response:
    """The search box: an actor's name or ISO3, or a region or bloc -> its exporter or
    recipient page."""
    from armsledger.query import FigureQuery, scope

    release = _opt(release)
    if not q.strip():
        return RedirectResponse("/", status_code=303)
    role = "importer" if role in ("importer", "recipient") else "exporter"

    def compute(s: Store) -> str:
        # the scope's rule: the default release, or the newest one that has the actor
        sc = scope(s, FigureQuery.build(supplier=q, release=release), default="all",
                   compare=False)
        found = sc.actor_set("exporter")
        return found.label if found.is_group else found.names[0]

    name = _access(request).call(compute)
    return RedirectResponse(urls.actor_url(role, name, release=release), status_code=303)
