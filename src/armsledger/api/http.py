"""HTTP plumbing of the app (API and dashboard): HEAD on every GET route, the ``Allow`` header
of 405 answers, and the API docs served offline.

- ``HEAD`` is answered as the ``GET`` of the same URL without its body (same status and
  headers), by :class:`HeadAsGet`; the OpenAPI schema lists the ``GET`` operations only.
- A 405 names every method the path accepts (:func:`allowed_methods`), not only those of the
  first route that matched.
- ``/docs`` is Swagger UI from the ``swagger-ui-bundle`` package (Apache-2.0) served by the app
  (``/docs/assets``): nothing is fetched from a CDN. That bundle is Swagger UI 4, which renders
  OpenAPI 3.0 only, so the page reads ``/docs/openapi.json``: the app's schema (OpenAPI 3.1)
  written as 3.0 (``nullable`` for ``null`` types); ``/openapi.json`` is unchanged.
"""

from __future__ import annotations

from typing import Any

from fastapi import FastAPI, Request
from fastapi.openapi.docs import get_swagger_ui_html
from fastapi.responses import HTMLResponse, JSONResponse
from fastapi.staticfiles import StaticFiles
from starlette.routing import Match, Mount
from starlette.types import ASGIApp, Message, Receive, Scope, Send

DOCS_ASSETS = "/docs/assets"
DOCS_SCHEMA = "/docs/openapi.json"
METHODS = ("GET", "POST", "PUT", "PATCH", "DELETE")


class HeadAsGet:
    """ASGI middleware: a ``HEAD`` request is routed as ``GET`` and its body dropped."""

    def __init__(self, app: ASGIApp) -> None:
        self.app = app

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http" or scope["method"] != "HEAD":
            await self.app(scope, receive, send)
            return
        finished = False

        async def send_headers_only(message: Message) -> None:
            nonlocal finished
            if message["type"] != "http.response.body":
                await send(message)
            elif not finished and not message.get("more_body", False):
                finished = True
                await send({"type": "http.response.body", "body": b"", "more_body": False})

        await self.app({**scope, "method": "GET"}, receive, send_headers_only)


def allowed_methods(request: Request) -> str:
    """The methods some route of the app accepts at the request's path (``HEAD`` with
    ``GET``), for the ``Allow`` header of a 405."""
    # a fresh scope: inside a mount (or a matched route) the request's own scope has changed
    scope = {"type": "http", "path": request.url.path, "root_path": "",
             "method": request.method}
    methods: set[str] = set()
    for route in request.app.router.routes:
        if isinstance(route, Mount):  # static files: GET and HEAD
            if route.matches(scope)[0] is not Match.NONE:
                methods.add("GET")
            continue
        # a route (or an included router) matches fully only with a method it accepts
        methods |= {m for m in METHODS if route.matches({**scope, "method": m})[0] is Match.FULL}
    if "GET" in methods:
        methods.add("HEAD")
    return ", ".join(sorted(methods))


def _as_openapi30(node: Any) -> Any:
    """A JSON schema (OpenAPI 3.1) in OpenAPI 3.0's dialect: ``anyOf`` with ``{"type":
    "null"}`` becomes ``nullable``; for display by Swagger UI 4 only."""
    if isinstance(node, list):
        return [_as_openapi30(n) for n in node]
    if not isinstance(node, dict):
        return node
    out = {k: _as_openapi30(v) for k, v in node.items()}
    options = out.get("anyOf")
    if isinstance(options, list) and {"type": "null"} in options:
        rest = [o for o in options if o != {"type": "null"}]
        out.pop("anyOf")
        if len(rest) == 1 and isinstance(rest[0], dict) and "$ref" not in rest[0]:
            out = {**rest[0], **out}
        else:
            out["anyOf"] = rest
        out["nullable"] = True
    if out.get("type") == "null":
        out = {k: v for k, v in out.items() if k != "type"} | {"nullable": True}
    if "const" in out:
        out["enum"] = [out.pop("const")]
    return out


def install_docs(app: FastAPI) -> None:
    """``/docs`` (Swagger UI) with its assets and schema served by the app itself. Create the
    app with ``docs_url=None, redoc_url=None`` (ReDoc loads from a CDN: not offered)."""
    import swagger_ui_bundle

    app.mount(DOCS_ASSETS, StaticFiles(directory=swagger_ui_bundle.swagger_ui_path),
              name="docs-assets")

    async def docs() -> HTMLResponse:
        return get_swagger_ui_html(
            openapi_url=DOCS_SCHEMA, title=f"{app.title} - API docs",
            swagger_js_url=f"{DOCS_ASSETS}/swagger-ui-bundle.js",
            swagger_css_url=f"{DOCS_ASSETS}/swagger-ui.css",
            swagger_favicon_url=f"{DOCS_ASSETS}/favicon-32x32.png")

    async def docs_schema() -> JSONResponse:
        spec = _as_openapi30(app.openapi())
        spec["openapi"] = "3.0.3"
        return JSONResponse(spec)

    app.add_api_route("/docs", docs, methods=["GET"], include_in_schema=False)
    app.add_api_route(DOCS_SCHEMA, docs_schema, methods=["GET"], include_in_schema=False)
