"""The map view (``/map``: a figure by country on a world map served by the app) and
comparisons (``/compare``: several actors on one trend chart)."""

from __future__ import annotations

import gzip
import hashlib
from dataclasses import replace
from functools import cache
from typing import Annotated, Literal

from fastapi import Query, Request
from fastapi.responses import HTMLResponse, Response

from armsledger.api.deps import Figures
from armsledger.errors import UnknownActorError
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
             recipient: Opt = None,
             measure: Annotated[Literal["tiv", "share"] | None, Query(
                 description="What the colour shows: TIV or share (default: TIV; the share "
                 "for dependence)")] = None,
             scale: Annotated[Literal["sqrt", "linear", "log", "quantile"], Query(
                 description="Colour scale")] = "sqrt") -> Response:
    """A figure by country: ``?exporter=`` its recipients, ``?recipient=`` its suppliers,
    ``?what=exporters|importers`` the world's (``period``, ``release`` as everywhere),
    coloured by ``measure`` on the colour ``scale``."""
    from armsledger.analysis.geo import figure_map

    exporter, recipient, what = _opt(exporter), _opt(recipient), _opt(what)
    if what is None:
        what = "recipients" if exporter else "suppliers" if recipient else "exporters"
    if what == "dependence":  # an origin and, optionally, the region or bloc mapped
        query = replace(query, supplier=exporter, recipient=recipient)
    elif exporter:
        query = query.with_actor("exporter", exporter)
    elif recipient:
        query = query.with_actor("importer", recipient)
    if measure is None:
        measure = "share" if what == "dependence" else "tiv"
    query = replace(query, compare=Comparison.parse("none"))
    m = _memo(request, ("map", what, query),
              lambda s: figure_map(s, what, query).to_dict())
    params = replace(params_of(request, query), compare="previous")  # links: pages' default
    page = map_views.map_page(m, params, actor=exporter or recipient or "", measure=measure,
                              scale=scale)
    page.context.update(periods=periods(request, query.release), period=m["period"],
                        exporter=exporter or "", recipient=recipient or "")
    return respond(request, page)




def _in_list(e: UnknownActorError, asked: str) -> UnknownActorError:
    """The error about one actor of the list, its suggestions as whole lists (so the error
    page's links replace the one unknown actor and keep the others)."""
    from armsledger.analysis.compare import parse_actors

    names = parse_actors(asked)
    lists = [",".join(s if n == e.query else n for n in names) for s in e.suggestions]
    out = UnknownActorError(e.query, e.suggestions)
    out.suggestions = lists
    out.details = {"query": asked, "actor": e.query}
    return out


EXAMPLES = {"exporter": "USA,RUS,FRA,CHN", "importer": "India,Pakistan"}


@router.get("/compare", response_class=HTMLResponse)
def compare_view(request: Request, query: Figures, actors: Opt = None,
                 role: Annotated[str, Query()] = "exporter") -> Response:
    """Several actors on one trend chart: ``?actors=USA,RUS,FRA&role=exporter|importer``."""
    from armsledger.analysis.compare import compare
    from armsledger.query import role_of

    who = role_of(role)
    asked = _opt(actors) or EXAMPLES[who]
    query = replace(query, compare=Comparison.parse("none"))
    try:
        c = _memo(request, ("compare", who, asked, query),
                  lambda s: compare(s, asked, role=who, query=query).to_dict())
    except UnknownActorError as e:
        raise _in_list(e, asked) from None
    params = replace(params_of(request, query), compare="previous")  # links: pages' default
    page = map_views.compare_page(c, params, asked=asked)
    page.context.update(periods=periods(request, query.release), period=c["period"],
                        example=not _opt(actors))
    return respond(request, page)
