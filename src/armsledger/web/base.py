"""What every dashboard page shares: templates, the router with HTML errors, rendering with
CSV/JSON downloads, store access and the memo.

Every page reads the store through the app's :class:`~armsledger.api.app.StoreAccess` (one
request at a time under its lock) and memoises what it computed per request parameters in the
store's memo, which a new release clears. Every table on a page can be downloaded with
``?format=csv|json&table=NAME``. Errors are the library's errors (:mod:`armsledger.errors`)
rendered as HTML pages by :func:`error_page` (the same status and code as the API's JSON);
``/api`` keeps its JSON error shape.
"""

from __future__ import annotations

import logging
import re
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import Annotated, Any, TypeVar
from urllib.parse import urlencode

import orjson
from fastapi import APIRouter, Query, Request
from fastapi.responses import HTMLResponse, Response
from fastapi.routing import APIRoute
from jinja2 import Environment, FileSystemLoader, select_autoescape
from markupsafe import Markup
from starlette.concurrency import run_in_threadpool

from armsledger import SIPRI_CITATION, TIV_UNIT
from armsledger.api.deps import StoreAccess, get_access
from armsledger.api.errors import as_library_error
from armsledger.categories import CATEGORIES
from armsledger.citation import Stamp, stamp, stamp_headers, stamp_rows
from armsledger.errors import ArmsledgerError, InvalidRequestError, NotFoundError
from armsledger.periods import Period
from armsledger.query import FigureQuery
from armsledger.store import Store
from armsledger.web import tables, urls
from armsledger.web.tables import Page, to_csv, to_json, to_xlsx
from armsledger.web.urls import Params

log = logging.getLogger(__name__)
T = TypeVar("T")

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
TEMPLATES.globals.update(chart_title=_chart_title, cell=tables.cell,
                         sort_attr=tables.sort_attr, header=tables.header,
                         fmt_tiv=tables.fmt_tiv,
                         fmt_pct=tables.fmt_pct, fmt_change=tables.fmt_change,
                         fmt_int=tables.fmt_int,
                         TIV_UNIT=TIV_UNIT, SIPRI_CITATION=SIPRI_CITATION,
                         CATEGORIES=CATEGORIES)

DOWNLOAD_FORMATS = ("csv", "json", "xlsx")
"""The formats every table downloads as (``?format=...&table=NAME``)."""
XLSX_TYPE = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"

UPLOAD_SUFFIXES = (".txt", ".md", ".markdown", ".html", ".htm")

TITLES = {
    "unknown_actor": "Unknown actor", "unknown_release": "Unknown release",
    "unknown_embargo": "Unknown embargo", "bad_period": "Bad period",
    "period_not_covered": "Period not covered", "invalid_request": "Invalid request",
    "not_found": "Not found", "too_large": "Text too large", "bad_input": "Unreadable input",
    "internal_error": "Internal error", "method_not_allowed": "Method not allowed",
}
"""Page titles of the error codes (other codes: 'Cannot answer')."""


class HtmlRoute(APIRoute):
    """A route whose errors are HTML pages (the app-wide handlers answer in JSON)."""

    def get_route_handler(self) -> Callable[[Request], Any]:
        handler = super().get_route_handler()

        async def route(request: Request) -> Response:
            try:
                return await handler(request)
            except Exception as e:  # noqa: BLE001 - every error becomes an HTML page
                error = as_library_error(e)
            # the footer names the release: that reads the store, so not on the event loop
            return await run_in_threadpool(error_page, request, error)

        return route


router = APIRouter(route_class=HtmlRoute, include_in_schema=False)


# -- plumbing ---------------------------------------------------------------------------------


def _access(request: Request) -> StoreAccess:
    return get_access(request)


def _memo(request: Request, key: tuple[Any, ...], compute: Callable[[Store], T]) -> T:
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
    """The page as HTML, or one of its tables as CSV, JSON or XLSX (``format`` and
    ``table``)."""
    if fmt is None:
        fmt = request.query_params.get("format")
        table = request.query_params.get("table")
    if fmt:
        if fmt not in DOWNLOAD_FORMATS:
            raise InvalidRequestError(f"format '{fmt}': use csv, json or xlsx")
        t = page.tables.get(table or "")
        if t is None:
            names = ", ".join(page.tables) or "none"
            raise NotFoundError(f"this page has no table '{table}' (tables: {names})")
        name = _filename(f"{page.download_name}-{t.name}") + f".{fmt}"
        headers = {"Content-Disposition": f'attachment; filename="{name}"'}
        provenance = _stamp(request, page.release)
        if fmt == "csv":  # the body stays plain CSV; the stamp travels in the headers
            if provenance is not None:
                headers |= stamp_headers(provenance)
            return Response(to_csv(t), media_type="text/csv; charset=utf-8", headers=headers)
        if fmt == "xlsx":  # the stamp is the workbook's "Source" sheet (and in the headers)
            if provenance is not None:
                headers |= stamp_headers(provenance)
            body = to_xlsx(t, stamp_rows(provenance) if provenance is not None else None)
            return Response(body, media_type=XLSX_TYPE, headers=headers)
        meta = {"release": page.release, "page": request.url.path,
                "query": {k: v for k, v in request.query_params.items()
                          if k not in ("format", "table")},
                "provenance": provenance.to_dict() if provenance is not None else None}
        return Response(to_json(t, meta), media_type="application/json", headers=headers)
    html = TEMPLATES.get_template(page.template).render(
        page=page, request=request, tables=page.tables, charts=page.charts,
        dl=lambda name, f: _download_url(request, name, f),
        **{"picker": picker(request, page), "actor_names": actor_names(request, page.release),
           **page.context})
    return HTMLResponse(html, status_code=page.status)


# -- the header's controls: period and release pickers, actor names -------------------------

PERIOD_PAGES = frozenset({"home.html", "actor.html", "deals.html", "embargoes.html",
                          "tiv_table.html"})
"""Pages whose figures are for a period: the header picks their years (others: the release)."""
PICKED = frozenset({"from", "to", "period", "release", "format", "table", "page"})
"""Query parameters the pickers set (or that a new choice resets: the page number)."""


@dataclass(frozen=True, slots=True)
class ReleaseChoice:
    """A loaded release as the release picker lists it, with the years it covers."""

    name: str
    first_year: int | None
    last_year: int | None
    default: bool

    @property
    def label(self) -> str:
        years = (f"{self.first_year}-{self.last_year}" if self.first_year is not None
                 else "no deliveries")
        return f"{self.name} ({years})"


def release_choices(request: Request) -> list[ReleaseChoice]:
    """Every loaded release with its coverage (:meth:`Store.release_summaries`,
    :meth:`Store.coverage`), newest load first; remembered until the next load."""

    def compute(s: Store) -> list[ReleaseChoice]:
        by_name = {r.name: r for r in s.releases()}
        out = []
        for summary in reversed(s.release_summaries()):
            cov = s.coverage(by_name[summary.name])
            out.append(ReleaseChoice(summary.name, cov.first_year, cov.last_year,
                                     summary.default))
        return out

    return _memo(request, ("release-choices",), compute)


def _current_years(request: Request, page: Page) -> tuple[int | None, int | None]:
    """The years the page's figures are for: its filters' range, its period, else the URL's."""
    filters = page.context.get("filters")
    if isinstance(filters, dict) and "from" in filters:
        return filters.get("from"), filters.get("to")
    for period in (page.context.get("period"), request.query_params.get("period")):
        if isinstance(period, str) and period:
            try:
                return urls.years_of(period)
            except ArmsledgerError:
                pass
    q = request.query_params
    start, end = q.get("from"), q.get("to")
    return (int(start) if start and start.isdigit() else None,
            int(end) if end and end.isdigit() else None)


def picker(request: Request, page: Page) -> dict[str, Any] | None:
    """What the header's period and release pickers show: the releases with their coverage,
    the current release and years, and the page's other query parameters (kept as hidden
    fields, so the URL holds the whole state). None: no picker (a POST answer, no release)."""
    if (request.method != "GET" or page.release is None or page.status != 200
            or not hasattr(request.app.state, "access")):
        return None
    choices = release_choices(request)
    current = next((c for c in choices if c.name == page.release), None)
    start, end = _current_years(request, page)
    return {
        "action": request.url.path,
        "releases": choices,
        "release": page.release,
        "period": page.template in PERIOD_PAGES,
        "from": start, "to": end,
        "min": current.first_year if current else None,
        "max": current.last_year if current else None,
        "hidden": [(k, v) for k, v in request.query_params.multi_items() if k not in PICKED],
    }


ACTOR_KINDS = {"state": "state", "historical_state": "historical state",
               "non_state": "non-state actor", "organisation": "organisation"}
"""The actors the autocomplete offers (unknown ones are left out), with their kind's label."""


def actor_names(request: Request, release: str | None) -> list[tuple[str, str]]:
    """``(SIPRI name, label)`` of the actors of ``release`` (the library's
    :class:`~armsledger.actors.ActorTable`) for the search box's autocomplete."""
    if release is None or not hasattr(request.app.state, "access"):
        return []

    def compute(s: Store) -> list[tuple[str, str]]:
        from armsledger.actors import ActorTable

        table = ActorTable.of(s, s.release(release))
        return [(a.sipri_name, ACTOR_KINDS[str(a.kind)] + (f", {a.iso3}" if a.iso3 else ""))
                for a in table.actors if str(a.kind) in ACTOR_KINDS]

    return _memo(request, ("actor-names", release), compute)


def _stamp(request: Request, release: str | None) -> Stamp | None:
    """The provenance stamp of a download from ``release`` (None: no release behind it)."""
    if release is None or not hasattr(request.app.state, "access"):
        return None
    access: StoreAccess = request.app.state.access
    return stamp(access.call(lambda st: st.release(release)))


def _links(request: Request, e: ArmsledgerError) -> list[tuple[str, str]]:
    """Suggestions as links: the same request with the suggestion in place of what failed."""
    if e.code == "unknown_actor":
        query = e.details.get("query", "")
        return [(name, _suggestion_url(request, query, name)) for name in e.suggestions]
    if e.code == "period_not_covered" and e.suggestions:
        params = dict(request.query_params)
        return [(f"release {name}", request.url.path + "?" + urlencode({**params,
                                                                         "release": name}))
                for name in e.suggestions]
    return []


def error_page(request: Request, error: ArmsledgerError, *, lookup: bool = True) -> Response:
    """The web's one rendering of an error: an HTML page with the error's status, code,
    message and suggestions (as links where they can be); ``lookup`` names the default
    release in the footer."""
    known = lookup and hasattr(request.app.state, "access")
    title = TITLES.get(error.code, "Cannot answer")
    page = Page("error.html", title, status=error.status,
                release=_default_release(request) if known else None)
    page.context.update(status=error.status, code=error.code, message=error.message,
                        suggestions=_links(request, error))
    html = TEMPLATES.get_template("error.html").render(page=page, request=request,
                                                       tables={}, charts={}, dl=None,
                                                       **page.context)
    return HTMLResponse(html, status_code=error.status)


def params_of(request: Request, query: FigureQuery) -> Params:
    """A page's choices from its query (the release's default period left out)."""

    def default(s: Store) -> Period:
        return s.coverage(s.release(query.release, needs="deliveries")).default_period()

    return Params.of(query, _access(request).call(default))


def periods(request: Request, release: str | None) -> list[str]:
    """The five-year periods the release covers, newest first (the period choices)."""

    def compute(s: Store) -> list[str]:
        rel = s.release(release, needs="deliveries")
        return [str(p) for p in reversed(s.coverage(rel).windows())]

    return _access(request).call(compute)


def _opt(value: str | None) -> str | None:
    return value.strip() if value and value.strip() else None



ReleaseQ = Annotated[str | None, Query()]


def _ledger_checks(request: Request, iso3: str | None, release: str | None) -> list[Any]:
    """The ledger's claims about one exporter (or all), checked; cached per release."""
    from armsledger.claims.check import check_claims
    from armsledger.claims.ledger import list_claims

    deadline = request.app.state.settings.deadline()

    def compute(s: Store) -> list[Any]:
        rel = s.release(release, needs="deliveries")
        return s.memo(("web", "ledger-checks", iso3, rel.name),
                      lambda: check_claims(s, list_claims(s, subject=iso3), release=rel.name,
                                           deadline=deadline))

    return _access(request).call(compute)
