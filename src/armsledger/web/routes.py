"""Dashboard pages: home (top exporters and importers), exporter and recipient pages, search,
and the Vega bundle the charts use."""

from __future__ import annotations

import gzip
import hashlib
import threading
from collections.abc import Callable
from typing import Annotated, Any

from fastapi import Query, Request
from fastapi.responses import HTMLResponse, RedirectResponse, Response

from armsledger.analysis.common import Period
from armsledger.store import Store
from armsledger.web import urls, views
from armsledger.web.base import (
    PERIOD_CHOICES,
    ReleaseQ,
    _access,
    _check_period,
    _compare,
    _ledger_checks,
    _memo,
    _opt,
    embargo_module,
    respond,
    router,
)
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
def home(request: Request, period: str = "2020-2024", compare: str = "previous",
         limit: Annotated[int, Query(ge=1, le=200)] = 10, release: ReleaseQ = None
         ) -> Response:
    from armsledger.analysis.ranking import top

    release = _opt(release)
    _check_period(period, compare)
    params = Params(period=period, compare=compare, release=release)

    def compute(role: str) -> Callable[[Store], Any]:
        return lambda s: top(s, role, period=period, compare=_compare(compare), limit=limit,
                             release=release).to_dict()

    exporters = _memo(request, ("top", "exporter", period, compare, limit, release),
                      compute("exporter"))
    importers = _memo(request, ("top", "importer", period, compare, limit, release),
                      compute("importer"))
    page = views.home_page(exporters, importers, params)
    page.context.update(period=exporters["period"], compare=compare, limit=limit,
                        periods=PERIOD_CHOICES, params=params)
    return respond(request, page)


def _actor_data(request: Request, actor: str, role: str, params: Params) -> dict[str, Any]:
    from armsledger.analysis.profile import profile
    from armsledger.analysis.trend import trend

    def compute(s: Store) -> dict[str, Any]:
        prof = profile(s, actor, role=role, period=params.period,
                       compare=_compare(params.compare), release=params.release,
                       include_predecessors=params.include_predecessors).to_dict()
        tr = trend(s, actor, role=role, window=5, release=params.release,
                   include_predecessors=params.include_predecessors).to_dict()
        rel = s.release(params.release, needs="deliveries")
        where = {r["sipri_name"]: (r["region"], r["subregion"])
                 for r in s.actors(rel.release_id).iter_rows(named=True)}
        return {"prof": prof, "trend": tr, "where": where}

    return _memo(request, ("actor", role, actor.strip().lower(), params), compute)




def _embargo_panel(request: Request, supplier: str, params: Params) -> dict[str, Any] | str:
    """The exporter's embargo flags, or a note saying why there are none."""
    module = embargo_module()
    if module is None or not hasattr(module, "supplier_summary"):
        return "Embargo screening is not installed (armsledger.embargoes.screen is missing)."
    a, _, b = str(Period.parse(params.period)).partition("-")
    start, end = int(a), int(b or a)
    return _memo(request, ("embargo-panel", supplier, start, end, params.release),
                 lambda s: module.supplier_summary(s, supplier, start, end,
                                                   params.release).to_dict())


@router.get("/exporters/{actor:path}", response_class=HTMLResponse)
def exporter(request: Request, actor: str, period: str = "2020-2024",
             compare: str = "previous", release: ReleaseQ = None,
             include_predecessors: bool = False) -> Response:
    release = _opt(release)
    _check_period(period, compare)
    params = Params(period, compare, release, include_predecessors)
    data = _actor_data(request, actor, "exporter", params)
    prof = data["prof"]
    checks = _ledger_checks(request, prof["iso3"], release) if prof["iso3"] else []
    panel = _embargo_panel(request, prof["actors"][0], params)
    page = views.actor_page("exporter", prof, data["trend"], params, where=data["where"],
                            claims=checks, embargo=panel)
    page.context.update(periods=PERIOD_CHOICES, period=prof["period"], compare=compare)
    return respond(request, page)


def _windows(first: int | None, last: int | None, size: int = 5) -> list[str]:
    """Five-year periods ending in the data's last year, back to its first year."""
    out: list[str] = []
    if first is None or last is None:
        return out
    end = last
    while end - size + 1 >= first:
        out.append(f"{end - size + 1}-{end}")
        end -= size
    return list(reversed(out))


@router.get("/recipients/{actor:path}", response_class=HTMLResponse)
def recipient(request: Request, actor: str, period: str = "2020-2024",
              compare: str = "previous", release: ReleaseQ = None,
              include_predecessors: bool = False) -> Response:
    from armsledger.analysis.profile import profile

    release = _opt(release)
    _check_period(period, compare)
    params = Params(period, compare, release, include_predecessors)
    data = _actor_data(request, actor, "importer", params)
    prof = data["prof"]
    windows = _windows(prof["coverage"]["first_year"], prof["coverage"]["last_year"])

    def compute(s: Store) -> list[dict[str, Any]]:
        out = []
        for w in windows:
            p = profile(s, prof["actors"][0], role="importer", period=w, compare=None,
                        release=release, include_predecessors=include_predecessors).to_dict()
            out.append({k: p[k] for k in ("period", "tiv", "dependence", "suppliers",
                                          "non_state_suppliers", "supplier_states")})
        return out

    dependence = _memo(request, ("dependence", prof["actors"][0], release,
                                 include_predecessors, tuple(windows)), compute)
    page = views.actor_page("importer", prof, data["trend"], params, dependence=dependence)
    page.context.update(periods=PERIOD_CHOICES, period=prof["period"], compare=compare)
    return respond(request, page)


@router.get("/go")
def go(request: Request, q: str = "", role: str = "exporter",
       release: ReleaseQ = None) -> Response:
    """The search box: an actor's name or ISO3 -> its exporter or recipient page."""
    from armsledger.analysis.lookup import resolve_actor

    release = _opt(release)
    if not q.strip():
        return RedirectResponse("/", status_code=303)
    role = "importer" if role in ("importer", "recipient") else "exporter"

    def compute(s: Store) -> list[str]:
        rel = s.release(release, needs="deliveries")
        return resolve_actor(s, rel.release_id, q)

    names = _access(request).call(compute)
    return RedirectResponse(urls.actor_url(role, names[0], release=release), status_code=303)
