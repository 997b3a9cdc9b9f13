"""The dashboard: server-rendered pages with Vega-Lite charts over the same library as the API.

Pages: ``/`` (top exporters and importers), ``/exporters/{actor}``, ``/recipients/{actor}``,
``/claims`` (the claim checker), ``/deals`` (the deals behind any figure), ``/embargoes``.
Every table downloads as CSV or JSON (``?format=csv|json&table=NAME``). The charting
libraries come from vl-convert (``/static/vega.js``): nothing is fetched from the internet and
nothing is built. TIV is SIPRI's trend-indicator value (TIV, millions), not money.
"""

from __future__ import annotations

from pathlib import Path

from fastapi import FastAPI, Request
from fastapi.responses import Response
from fastapi.staticfiles import StaticFiles
from starlette.exceptions import HTTPException as StarletteHTTPException

STATIC = Path(__file__).resolve().parent / "static"


def install(app: FastAPI) -> None:
    """Add the dashboard's routes and static files to the API's app.

    Unknown non-API paths (and methods they do not accept) get an HTML 404 (405) page; ``/api``
    (and the docs) keep the API's JSON error shape.
    """
    # Importing the page modules registers their routes on the shared router.
    import armsledger.web.installed_routes  # noqa: F401 - /base and /dependence
    import armsledger.web.map_routes  # noqa: F401 - /map and /compare
    import armsledger.web.tiv_table_routes  # noqa: F401 - /tiv-table
    from armsledger.api.errors import as_library_error, error_headers, error_response
    from armsledger.web import claim_routes, deal_routes, embargo_routes, routes  # noqa: F401
    from armsledger.web.base import error_page, router

    app.include_router(router)
    app.mount("/static", StaticFiles(directory=STATIC), name="static")

    async def http_error(request: Request, exc: Exception) -> Response:
        path = request.url.path
        if (isinstance(exc, StarletteHTTPException) and exc.status_code in (404, 405)
                and not path.startswith(("/api", "/docs", "/redoc", "/openapi", "/static"))):
            error = as_library_error(exc)
            error.message = f"{path}: {error.message}"
            page = error_page(request, error, lookup=False)
            page.headers.update(error_headers(exc, request) or {})
            return page
        return error_response(exc, request)

    app.add_exception_handler(StarletteHTTPException, http_error)
