"""The dashboard's routes: thin handlers that call the library and render templates.

Every page reads the store through the app's :class:`~armsledger.api.app.StoreAccess` (one
request at a time under its lock) and memoises what it computed per request parameters in the
store's memo, which a new release clears. Every table on a page can be downloaded with
``?format=csv|json&table=NAME``. Errors are HTML pages here (404 with suggestions for an
unknown actor, 422 for a bad period); ``/api`` keeps its JSON error shape.
"""

from __future__ import annotations

import gzip
import hashlib
import importlib
import logging
import re
import tempfile
import threading
from collections.abc import Callable
from datetime import date
from pathlib import Path
from types import ModuleType
from typing import Annotated, Any
from urllib.parse import urlencode

import orjson
from fastapi import APIRouter, Query, Request
from fastapi.exceptions import RequestValidationError
from fastapi.responses import HTMLResponse, RedirectResponse, Response
from fastapi.routing import APIRoute
from jinja2 import Environment, FileSystemLoader, select_autoescape
from markupsafe import Markup
from starlette.concurrency import run_in_threadpool
from starlette.datastructures import UploadFile

from armsledger import SIPRI_CITATION, TIV_UNIT
from armsledger.analysis.common import BadPeriodError, Period
from armsledger.errors import (
    ArmsledgerError,
    InputError,
    ReleaseNotFoundError,
    UnknownActorError,
)
from armsledger.store import Store
from armsledger.web import claim_views, list_views, tables, urls, views
from armsledger.web.tables import Page, Table, to_csv, to_json
from armsledger.web.urls import Params

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


def _ledger_checks(request: Request, iso3: str | None, release: str | None) -> list[Any]:
    """The ledger's claims about one exporter (or all), checked; cached per release."""
    from armsledger.claims.check import check_claims
    from armsledger.claims.ledger import list_claims

    def compute(s: Store) -> list[Any]:
        rel = s.release(release, needs="deliveries")
        return s.memo(("web", "ledger-checks", iso3, rel.name),
                      lambda: check_claims(s, list_claims(s, subject=iso3), release=rel.name))

    return _access(request).call(compute)


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


# -- deals ------------------------------------------------------------------------------------


def _ids(value: str | None) -> list[str] | None:
    if not value:
        return None
    return [i for i in (x.strip() for x in value.split(",")) if i]


def _by_ids(store: Store, ids: list[str], release: str | None) -> tuple[str, list[dict]]:
    """Deals by id (with every delivery), for figures no filter reproduces (blocs, regions,
    embargo hits, orders)."""
    from armsledger.analysis.deals import DealResult, deal_records

    rel = store.release(release, needs="deals")
    frame = store.query(
        """
        SELECT d.deal_id, d.supplier, d.recipient, d.order_year, d.order_year_estimated,
               d.number_ordered, d.number_ordered_estimated, d.number_delivered,
               d.number_delivered_estimated, d.designation, d.description, d.category,
               d.status, d.local_production, d.tiv_unit, d.tiv_order, d.comments,
               d.source_line,
               coalesce(list({'year': v.year, 'number': v.number, 'tiv': v.tiv,
                              'estimated': v.split_estimated
                                           OR coalesce(v.number_estimated, false)}
                             ORDER BY v.year) FILTER (WHERE v.year IS NOT NULL), [])
                   AS deliveries,
               sum(v.tiv) AS tiv_delivered
        FROM deals d LEFT JOIN deliveries v USING (release_id, deal_id)
        WHERE d.release_id = $r AND d.deal_id IN (SELECT unnest($ids))
        GROUP BY ALL ORDER BY min(v.year) NULLS LAST, d.supplier, d.recipient, d.source_line
        """,
        {"r": rel.release_id, "ids": ids})
    return rel.name, deal_records(DealResult(rel, frame))


@router.get("/deals", response_class=HTMLResponse)
def deals_page(
    request: Request,
    supplier: str | None = None,
    recipient: str | None = None,
    year_from: Annotated[int | None, Query(alias="from")] = None,
    year_to: Annotated[int | None, Query(alias="to")] = None,
    category: str | None = None,
    include_predecessors: bool = False,
    release: ReleaseQ = None,
    ids: str | None = None,
    open_orders: bool = False,
    page: Annotated[int, Query(ge=1)] = 1,
    page_size: Annotated[int, Query(ge=1, le=1000)] = 50,
) -> Response:
    """The deals behind any figure: the API's /api/deals filters (plus deal ids and open
    orders), a page at a time; the downloads have every matching deal."""
    from armsledger.analysis.deals import DealQuery, deal_records, deals, open_order_deals

    supplier, recipient, category, release = (_opt(supplier), _opt(recipient), _opt(category),
                                              _opt(release))
    id_list = _ids(ids)
    query = DealQuery(supplier, recipient, year_from, year_to, category, include_predecessors)
    start = (page - 1) * page_size
    if open_orders:
        def compute(s: Store) -> dict[str, Any]:
            res = open_order_deals(s, query, release)
            return {"release": res.release.name, "rows": res.deals.to_dicts()}

        data = _access(request).call(compute)
        rows = data["rows"]
        table = list_views.open_orders_table(rows, data["release"])
        table.offset, table.limit = start, page_size
        total = len(rows)
        tiv = sum(r["tiv_outstanding"] or 0.0 for r in rows)
    else:
        def compute(s: Store) -> dict[str, Any]:
            if id_list:
                name, records = _by_ids(s, id_list, release)
            else:
                res = deals(s, query, release)
                name, records = res.release.name, deal_records(res)
            return {"release": name, "records": records}

        data = _access(request).call(compute)
        rows = data["records"]
        total = len(rows)
        tiv = sum(r["tiv_delivered"] or 0.0 for r in rows)
        table = list_views.deals_table(rows, start=start, page_size=page_size,
                                  title="Deals with deliveries in the range" if not id_list
                                  else "Deals behind the figure")
    filters = {"supplier": supplier, "recipient": recipient, "from": year_from, "to": year_to,
               "category": category, "include_predecessors": include_predecessors,
               "release": release, "ids": ids, "open_orders": open_orders,
               "page_size": page_size if page_size != 50 else None}
    pages = max(1, -(-total // page_size))
    nav = {
        "prev": "/deals" + urls.qs({**filters, "page": page - 1}) if page > 1 else None,
        "next": "/deals" + urls.qs({**filters, "page": page + 1}) if page < pages else None,
    }
    pg = Page("deals.html", "Deals", release=data["release"],
              download_name="deals-" + "-".join(str(v) for v in (supplier, recipient, year_from,
                                                                   year_to, category) if v))
    pg.add(table)
    api = None if (id_list or open_orders) else "/api/deals" + urls.qs(
        {k: v for k, v in filters.items() if k not in ("ids", "open_orders", "page_size")})
    pg.context.update(filters=filters, total=total, tiv=tiv, page_no=page, pages=pages,
                      nav=nav, open_orders=open_orders, ids=id_list, api=api,
                      first=start + 1 if total else 0, last=min(start + page_size, total))
    return respond(request, pg)


# -- claims -----------------------------------------------------------------------------------


def _claims_page(request: Request, *, text: str | None = None,
                 checks: list[Any] | None = None, message: str | None = None,
                 status: int = 200, published: str = "", source: str | None = None) -> Page:
    page = Page("claims.html", "Claim checker", status=status,
                release=checks[0].evidence.get("release") if checks else
                _default_release(request), download_name="claims")
    if checks is not None:
        page.add(claim_views.checks_table("checks", "Claims found and their verdicts", checks,
                                    anchors=True))
        page.charts.update(claim_views.claim_charts(checks))
        segments = claim_views.highlight(text or "", [(c.claim, c.verdict) for c in checks])
        page.context.update(segments=segments)
        page.post_fields = {"text": text or "", "published": published}
    else:
        ledger = _ledger_checks(request, None, None)
        page.add(claim_views.checks_table("ledger", "Claims in the ledger, checked", ledger))
    page.context.update(text=text or "", message=message, checked=checks is not None,
                        n_claims=len(checks or []), published=published, source=source,
                        limit=request.app.state.settings.max_text_chars)
    return page


@router.get("/claims", response_class=HTMLResponse)
def claims_form(request: Request) -> Response:
    return respond(request, _claims_page(request))


def _parse_published(value: str) -> date | None:
    if not value.strip():
        return None
    try:
        return date.fromisoformat(value.strip())
    except ValueError:
        raise PageError(422, "Bad date", f"published: '{value}' is not a date (YYYY-MM-DD)"
                        ) from None


@router.post("/claims", response_class=HTMLResponse)
async def claims_check(request: Request) -> Response:
    """Paste or upload a text: its claims, highlighted, with verdicts and evidence."""
    form = await request.form()
    text = str(form.get("text") or "")
    published = str(form.get("published") or "")
    fmt = str(form.get("format") or "") or None
    table = str(form.get("table") or "") or None
    upload = form.get("file")
    data = None
    filename = None
    if isinstance(upload, UploadFile) and upload.filename:
        filename = upload.filename
        data = await upload.read()
    limit = request.app.state.settings.max_text_chars
    return await run_in_threadpool(_check_text, request, text, published, filename, data,
                                   limit, fmt, table)


def _check_text(request: Request, text: str, published: str, filename: str | None,
                data: bytes | None, limit: int, fmt: str | None, table: str | None) -> Response:
    from armsledger.claims.check import check_claims
    from armsledger.claims.extract import extract
    from armsledger.claims.model import Source

    when = _parse_published(published)
    source = Source()
    if filename is not None and data is not None:
        suffix = Path(filename).suffix.lower()
        if suffix not in UPLOAD_SUFFIXES:
            raise PageError(422, "Unsupported file",
                            f"{filename}: upload a .txt, .md or .html file")
        if len(data) > 4 * limit:
            raise PageError(413, "Text too large",
                            f"{filename} is {len(data):,} bytes; the limit is {limit:,} "
                            "characters")
        from armsledger.claims.text import load_text

        with tempfile.TemporaryDirectory() as tmp:
            path = Path(tmp) / ("upload" + suffix)
            path.write_bytes(data)
            doc = load_text(path)
        text = doc.text
        when = when or doc.date
        source = doc.source
        source.file = filename
    text = text.replace("\r\n", "\n")
    if len(text) > limit:
        raise PageError(413, "Text too large",
                        f"text of {len(text):,} characters is over the limit of {limit:,}")
    if not text.strip():
        page = _claims_page(request, text=text, message="Paste a text or choose a file first.",
                            status=422, published=published)
        return respond(request, page)
    claims = extract(text, published=when, source=source)
    checks = _access(request).call(lambda s: check_claims(s, claims))
    page = _claims_page(request, text=text, checks=checks, published=published,
                        source=filename)
    if not claims:
        page.context["message"] = ("No checkable claims were found in this text (figures of "
                                   "arms exports: money, shares, ranks, numbers of countries).")
    return respond(request, page, fmt, table)


# -- embargoes --------------------------------------------------------------------------------


@router.get("/embargoes", response_class=HTMLResponse)
def embargoes_page(
    request: Request,
    supplier: str | None = None,
    recipient: str | None = None,
    year_from: Annotated[int | None, Query(alias="from")] = None,
    year_to: Annotated[int | None, Query(alias="to")] = None,
    embargo: str | None = None,
    release: ReleaseQ = None,
) -> Response:
    supplier, recipient, embargo, release = (_opt(supplier), _opt(recipient), _opt(embargo),
                                             _opt(release))
    params = Params(release=release)
    module = embargo_module()
    page = Page("embargoes.html", "Arms embargoes", download_name="embargoes")
    page.context.update(installed=module is not None,
                        filters={"supplier": supplier, "recipient": recipient,
                                 "from": year_from, "to": year_to, "embargo": embargo,
                                 "release": release})
    if module is None:
        page.release = _default_release(request, release)
        return respond(request, page)
    from armsledger.embargoes.reference import list_embargoes

    def compute(s: Store) -> dict[str, Any]:
        listed = list_embargoes(s).to_dict()
        result = module.screen(s, supplier=supplier, recipient=recipient, year_from=year_from,
                               year_to=year_to, embargo=embargo, release=release).to_dict()
        detail = module.embargo_summary(s, embargo, release).to_dict() if embargo else None
        return {"list": listed, "result": result, "detail": detail}

    data = _memo(request, ("embargoes", supplier, recipient, year_from, year_to, embargo,
                           release), compute)
    result = data["result"]
    page.release = result["release"]
    page.add(list_views.embargo_hits_table("by_embargo", "Screening: deliveries by embargo",
                                      result["by_embargo"], params, supplier=supplier,
                                      release=result["release"]))
    by_supplier = Table("by_supplier", "Screening: deliveries by supplier",
                        [tables.Column("supplier", "Supplier", link=lambda r: "/embargoes"
                                       + urls.qs({"supplier": r["supplier"],
                                                   "embargo": embargo, "release": release})),
                         tables.Column("status", "Status", "verdict"),
                         tables.Column("deliveries", "Deliveries", "int"),
                         tables.Column("tiv", TIV_UNIT, "tiv",
                                       link=lambda r: urls.deals_url(
                                           ids=r["deal_ids"], release=result["release"])),
                         tables.Column("embargo_ids", "Embargoes", "list"),
                         tables.Column("deals", "Deals", "link", link=lambda r: urls.deals_url(
                             ids=r["deal_ids"], release=result["release"])),
                         tables.Column("deal_ids", "Deal ids", "list", show=False)],
                        result["by_supplier"], empty="No deliveries to embargo targets.")
    page.add(by_supplier, list_views.hits_table(result["hits"], params),
             list_views.embargo_list_table(data["list"]["embargoes"], params))
    page.context.update(result=result, detail=data["detail"], table_info=data["list"]["table"],
                        embargo_ids=[e["embargo_id"] for e in data["list"]["embargoes"]])
    return respond(request, page)
