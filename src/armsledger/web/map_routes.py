"""The map view (``/map``: a figure by country on a world map served by the app) and
comparisons (``/compare``: several actors on one trend chart)."""

from __future__ import annotations

import gzip
import hashlib
from dataclasses import replace
from functools import cache
from typing import Annotated

from fastapi import Query, Request
from fastapi.responses import HTMLResponse, Response

from armsledger.api.deps import Figures
from armsledger.periods import Comparison
from armsledger.web import map_views
from armsledger.web.base import _memo, _opt, params_of, periods, respond, router

# -- the world map ----------------------------------------------------------------------------


@cache
def _topology() -> tuple[bytes, bytes, str]:
    from armsledger.analysis.geo import topology_bytes

    raw = topology_bytes()
    return raw, gzip.compress(raw, 6), f'"{hashlib.sha256(raw).hexdigest()[:16]}"'


@router.get(map_views.TOPOLOGY_URL)
def world_topology(request: Request) -> Response:
    """The world map (world-atlas 2.0.2, Natural Earth 1:110m; data/geo/SOURCE.md)."""
    raw, gz, etag = _topology()
    headers = {"Cache-Control": "public, max-age=86400", "ETag": etag, "Vary": "Accept-Encoding"}
    if request.headers.get("if-none-match") == etag:
        return Response(status_code=304, headers=headers)
    if "gzip" in request.headers.get("accept-encoding", ""):
        headers["Content-Encoding"] = "gzip"
        return Response(gz, media_type="application/json", headers=headers)
    return Response(raw, media_type="application/json", headers=headers)


Opt = Annotated[str | None, Query()]


@router.get("/map", response_class=HTMLResponse)
def map_view(request: Request, query: Figures, what: Opt = None, exporter: Opt = None,
             recipient: Opt = None) -> Response:
    """A figure by country: ``?exporter=`` its recipients, ``?recipient=`` its suppliers,
    ``?what=exporters|importers`` the world's (``period``, ``release`` as everywhere)."""
    from armsledger.analysis.geo import figure_map

    exporter, recipient, what = _opt(exporter), _opt(recipient), _opt(what)
    if what is None:
        what = "recipients" if exporter else "suppliers" if recipient else "exporters"
    if exporter:
        query = query.with_actor("exporter", exporter)
    elif recipient:
        query = query.with_actor("importer", recipient)
    query = replace(query, compare=Comparison.parse("none"))
    m = _memo(request, ("map", what, query),
              lambda s: figure_map(s, what, query).to_dict())
    params = params_of(request, query)
    page = map_views.map_page(m, params, actor=exporter or recipient or "")
    page.context.update(periods=periods(request, query.release), period=m["period"])
    return respond(request, page)


