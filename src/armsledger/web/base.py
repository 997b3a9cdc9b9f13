"""What every dashboard page shares: templates, the router with HTML errors, rendering with
CSV/JSON downloads, store access and the memo.

Every page reads the store through the app's :class:`~armsledger.api.app.StoreAccess` (one
request at a time under its lock) and memoises what it computed per request parameters in the
store's memo, which a new release clears. Every table on a page can be downloaded with
``?format=csv|json&table=NAME``. Errors are HTML pages here (404 with suggestions for an
unknown actor, 422 for a bad period); ``/api`` keeps its JSON error shape.
"""

from __future__ import annotations

import importlib
import logging
import re
from collections.abc import Callable
from pathlib import Path
from types import ModuleType
from typing import Annotated, Any
from urllib.parse import urlencode

import orjson
from fastapi import APIRouter, Query, Request
from fastapi.exceptions import RequestValidationError
from fastapi.responses import HTMLResponse, Response
from fastapi.routing import APIRoute
from jinja2 import Environment, FileSystemLoader, select_autoescape
from markupsafe import Markup
from starlette.concurrency import run_in_threadpool

from armsledger import SIPRI_CITATION, TIV_UNIT
from armsledger.analysis.common import BadPeriodError, Period
from armsledger.errors import (
    ArmsledgerError,
    InputError,
    ReleaseNotFoundError,
    UnknownActorError,
)
from armsledger.store import Store
from armsledger.web import tables, urls
from armsledger.web.tables import Page, to_csv, to_json

log = logging.getLogger(__name__)

HERE = Path(__file__).resolve().parent
TEMPLATES = Environment(loader=FileSystemLoader(HERE / "templates"),
                        autoescape=select_autoescape(default=True, default_for_string=True),
                        trim_blocks=True, lstrip_blocks=True)


def _spec_json(spec: dict[str, Any]) -> Markup:
    """A chart spec as JSON safe inside <script type="application/json">."""
    raw = orjson.dumps(spec, option=orjson.OPT_SERIALIZE_NUMPY).decode()
    for a, b in (("<", "\\u003c"), (">", "\\u003e"), ("&", "\\u0026"), ("'", "\\u0027")):
        raw = raw.replace(a, b)
    return Markup(raw)


def _chart_title(spec: dict[str, Any]) -> str:
    title = spec.get("title")
    if isinstance(title, dict):
        title = title.get("text")
    return str(title or "chart")


TEMPLATES.filters["spec_json"] = _spec_json
TEMPLATES.globals.update(chart_title=_chart_title, cell=tables.cell, fmt_tiv=tables.fmt_tiv,
                         fmt_pct=tables.fmt_pct, fmt_change=tables.fmt_change,
                         fmt_int=tables.fmt_int,
                         TIV_UNIT=TIV_UNIT, SIPRI_CITATION=SIPRI_CITATION)

UPLOAD_SUFFIXES = (".txt", ".md", ".markdown", ".html", ".htm")
PERIOD_CHOICES = ("2020-2024", "2015-2019", "2010-2014", "2005-2009", "2000-2004",
                  "1995-1999")


class PageError(Exception):
    """An error shown as an HTML page with this status."""

    def __init__(self, status: int, title: str, message: str,
                 suggestions: list[tuple[str, str]] | None = None):
        super().__init__(message)
        self.status, self.title, self.message = status, title, message
        self.suggestions = suggestions or []


class HtmlRoute(APIRoute):
    """A route whose errors are HTML pages (the app-wide handlers answer in JSON)."""

    def get_route_handler(self) -> Callable[[Request], Any]:
        handler = super().get_route_handler()

        async def route(request: Request) -> Response:
            try:
                return await handler(request)
            except Exception as e:  # noqa: BLE001 - every error becomes an HTML page
                status, title, message, links = _describe(request, e)
            # the footer names the release: that reads the store, so not on the event loop
            return await run_in_threadpool(error_page, request, status, title, message, links)

        return route


def _describe(request: Request, e: Exception) -> tuple[int, str, str, list[tuple[str, str]]]:
    """Status, title, message and suggested links of the error page for an exception."""
    if isinstance(e, PageError):
        return e.status, e.title, e.message, e.suggestions
    if isinstance(e, UnknownActorError):
        links = [(name, _suggestion_url(request, e.query, name)) for name in e.suggestions]
        return 404, "Unknown actor", str(e), links
    if isinstance(e, BadPeriodError):
        return 422, "Bad period", str(e), []
    if isinstance(e, ReleaseNotFoundError):
        return 404, "Unknown release", str(e), []
    if isinstance(e, InputError):
        return 422, "Unreadable input", "; ".join(str(p) for p in e.problems) or str(e), []
    if isinstance(e, RequestValidationError):
        msg = "; ".join(f"{'.'.join(str(p) for p in err.get('loc', ())[1:])}: {err.get('msg')}"
                        for err in e.errors())
        return 422, "Invalid request", msg or "invalid request", []
    if isinstance(e, ArmsledgerError):
        if type(e).__name__.startswith("Unknown"):  # e.g. an unknown embargo id
            return 404, "Not found", str(e), []
        return 400, "Cannot answer", str(e), []
    log.exception("dashboard error on %s", request.url.path, exc_info=e)
    return 500, "Internal error", f"{type(e).__name__}: {e}", []


router = APIRouter(route_class=HtmlRoute, include_in_schema=False)


# -- plumbing ---------------------------------------------------------------------------------


def _access(request: Request) -> Any:
    return request.app.state.access


def _memo(request: Request, key: tuple[Any, ...], compute: Callable[[Store], Any]) -> Any:
    """``compute(store)`` under the store lock, remembered until the next load."""
    return _access(request).call(lambda s: s.memo(("web",) + key, lambda: compute(s)))


def _default_release(request: Request, release: str | None = None) -> str | None:
    try:
        return _access(request).call(lambda s: s.release(release, needs="deliveries").name)
    except Exception:  # noqa: BLE001 - only for the footer of an error page
        return None


def _suggestion_url(request: Request, query: str, name: str) -> str:
    """The same request with the unknown actor replaced by a suggestion."""
    path = request.url.path
    params = dict(request.query_params)
    actor = request.path_params.get("actor")
    if actor is not None and actor == query:
        role = "exporter" if path.startswith("/exporters/") else "importer"
        return urls.actor_url(role, name, **{k: v for k, v in params.items()})
    for k, v in params.items():
        if v == query:
            params[k] = name
    if path == "/go":
        return urls.actor_url(params.get("role", "exporter"), name)
    return path + ("?" + urlencode(params) if params else "")


def _download_url(request: Request, table: str, fmt: str) -> str:
    params = {k: v for k, v in request.query_params.items() if k not in ("format", "table")}
    params.update(format=fmt, table=table)
    return request.url.path + "?" + urlencode(params)


def _filename(text: str) -> str:
    return re.sub(r"[^A-Za-z0-9._-]+", "_", text).strip("_") or "armsledger"


def respond(request: Request, page: Page, fmt: str | None = None,
            table: str | None = None) -> Response:
    """The page as HTML, or one of its tables as CSV or JSON (``format`` and ``table``)."""
    if fmt is None:
        fmt = request.query_params.get("format")
        table = request.query_params.get("table")
    if fmt:
        if fmt not in ("csv", "json"):
            raise PageError(422, "Unknown format", f"format '{fmt}': use csv or json")
        t = page.tables.get(table or "")
        if t is None:
            names = ", ".join(page.tables) or "none"
            raise PageError(404, "No such table",
                            f"this page has no table '{table}' (tables: {names})")
        name = _filename(f"{page.download_name}-{t.name}") + f".{fmt}"
        headers = {"Content-Disposition": f'attachment; filename="{name}"'}
        if fmt == "csv":
            return Response(to_csv(t), media_type="text/csv; charset=utf-8", headers=headers)
        meta = {"release": page.release, "page": request.url.path,
                "query": {k: v for k, v in request.query_params.items()
                          if k not in ("format", "table")}}
        return Response(to_json(t, meta), media_type="application/json", headers=headers)
    html = TEMPLATES.get_template(page.template).render(
        page=page, request=request, tables=page.tables, charts=page.charts,
        dl=lambda name, f: _download_url(request, name, f), **page.context)
    return HTMLResponse(html, status_code=page.status)


def error_page(request: Request, status: int, title: str, message: str,
               suggestions: list[tuple[str, str]] | None = None, *,
               lookup: bool = True) -> Response:
    """An HTML error page; ``lookup`` names the default release in the footer."""
    known = lookup and hasattr(request.app.state, "access")
    page = Page("error.html", title, status=status,
                release=_default_release(request) if known else None)
    page.context.update(status=status, message=message, suggestions=suggestions or [])
    html = TEMPLATES.get_template("error.html").render(page=page, request=request,
                                                       tables={}, charts={}, dl=None,
                                                       **page.context)
    return HTMLResponse(html, status_code=status)


def _compare(value: str) -> str | None:
    return None if value.strip().lower() == "none" else value


def _check_period(period: str, compare: str) -> None:
    """Bad periods are reported before any work (422)."""
    Period.parse(period)
    if compare.strip().lower() not in ("none", "previous"):
        Period.parse(compare)


def _opt(value: str | None) -> str | None:
    return value.strip() if value and value.strip() else None


def embargo_module() -> ModuleType | None:
    """:mod:`armsledger.embargoes.screen` when it is installed, else None."""
    try:
        return importlib.import_module("armsledger.embargoes.screen")
    except ImportError:
        return None


ReleaseQ = Annotated[str | None, Query()]

def _ledger_checks(request: Request, iso3: str | None, release: str | None) -> list[Any]:
    """The ledger's claims about one exporter (or all), checked; cached per release."""
    from armsledger.claims.check import check_claims
    from armsledger.claims.ledger import list_claims

    def compute(s: Store) -> list[Any]:
        rel = s.release(release, needs="deliveries")
        return s.memo(("web", "ledger-checks", iso3, rel.name),
                      lambda: check_claims(s, list_claims(s, subject=iso3), release=rel.name))

    return _access(request).call(compute)
