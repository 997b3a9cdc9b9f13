"""The REST API: the library's functions over HTTP, read-only, with one error shape.

Routes call the same functions as the CLI, so a figure never differs between them. Results
are computed from immutable releases, so each distinct request is computed once per process
and served from memory after that (the store's memo is cleared if a release is loaded).
"""

from __future__ import annotations

import threading
from collections.abc import Callable, Iterator
from contextlib import asynccontextmanager
from datetime import date
from typing import Annotated, Any

import orjson
from fastapi import APIRouter, Depends, FastAPI, Path, Query, Request
from fastapi.responses import Response
from starlette.concurrency import run_in_threadpool

from armsledger import __version__
from armsledger.analysis.deals import DealQuery, deal_records, deals
from armsledger.analysis.profile import profile
from armsledger.analysis.ranking import top
from armsledger.analysis.trend import trend
from armsledger.api import errors, models
from armsledger.api.settings import ApiSettings
from armsledger.ingest import ensure_data
from armsledger.store import Store


class StoreAccess:
    """The app's one store, used by one request at a time (a DuckDB connection is not
    thread-safe), with a memo of finished responses."""

    def __init__(self, store: Store):
        self.store = store
        self.lock = threading.Lock()

    async def json(self, key: tuple[Any, ...], compute: Callable[[Store], Any]) -> Response:
        """The response for ``key``: from memory when computed before (no lock, no thread),
        else computed once in a worker thread under the lock."""
        body = self.store.peek(("api",) + key)
        if body is None:
            body = await run_in_threadpool(self._compute, key, compute)
        return Response(content=body, media_type="application/json")

    def _compute(self, key: tuple[Any, ...], compute: Callable[[Store], Any]) -> bytes:
        with self.lock:
            return self.store.memo(
                ("api",) + key,
                lambda: orjson.dumps(compute(self.store), option=orjson.OPT_SERIALIZE_NUMPY),
            )

    def call(self, compute: Callable[[Store], Any]) -> Any:
        with self.lock:
            return compute(self.store)


def get_access(request: Request) -> StoreAccess:
    return request.app.state.access


Access = Annotated[StoreAccess, Depends(get_access)]
ReleaseQ = Annotated[str | None, Query(description="Release name (default: newest).")]
PeriodQ = Annotated[str, Query(description="Inclusive years, e.g. 2020-2024.")]
CompareQ = Annotated[str, Query(description="YYYY-YYYY, 'previous' or 'none'.")]
ERRORS: dict[int | str, dict[str, Any]] = {
    code: {"model": models.ErrorBody} for code in (404, 413, 422)
}

router = APIRouter(prefix="/api", responses=ERRORS)


def _compare(value: str) -> str | None:
    return None if value.lower() == "none" else value


@router.get("/releases", response_model=list[models.ReleaseOut])
async def releases(access: Access) -> Response:
    def compute(store: Store) -> list[dict[str, Any]]:
        return store.release_summaries()

    return await access.json(("releases",), compute)


@router.get("/actors", response_model=list[models.ActorOut])
async def actors(
    access: Access,
    q: Annotated[str | None, Query(description="Part of a name or an ISO3 code.")] = None,
    release: ReleaseQ = None,
) -> Response:
    def compute(store: Store) -> list[dict[str, Any]]:
        rel = store.release(release, needs="deliveries")
        frame = store.actors(rel.release_id)
        rows = frame.to_dicts()
        if q:
            needle = q.strip().lower()
            rows = [
                r
                for r in rows
                if needle in r["sipri_name"].lower() or (r["iso3"] or "").lower() == needle
            ]
        return rows

    return await access.json(("actors", q, release), compute)


@router.get("/deals", response_model=models.DealsPage)
async def deals_route(
    access: Access,
    supplier: str | None = None,
    recipient: str | None = None,
    year_from: Annotated[int | None, Query(alias="from")] = None,
    year_to: Annotated[int | None, Query(alias="to")] = None,
    category: str | None = None,
    include_predecessors: bool = False,
    release: ReleaseQ = None,
    page: Annotated[int, Query(ge=1)] = 1,
    page_size: Annotated[int, Query(ge=1, le=1000)] = 100,
) -> Response:
    def compute(store: Store) -> dict[str, Any]:
        query = DealQuery(supplier, recipient, year_from, year_to, category, include_predecessors)
        result = deals(store, query, release)
        frame = result.deals
        start = (page - 1) * page_size
        sliced = type(result)(result.release, frame.slice(start, page_size))
        return {
            "release": result.release.name,
            "unit": "TIV, millions",
            "total": frame.height,
            "page": page,
            "page_size": page_size,
            "tiv_delivered": float(frame["tiv_delivered"].sum()) if frame.height else 0.0,
            "items": deal_records(sliced),
        }

    key = (
        "deals",
        supplier,
        recipient,
        year_from,
        year_to,
        category,
        include_predecessors,
        release,
        page,
        page_size,
    )
    return await access.json(key, compute)


async def _profile(
    access: StoreAccess,
    actor: str,
    role: str,
    period: str,
    compare: str,
    release: str | None,
    include_predecessors: bool,
) -> Response:
    def compute(store: Store) -> dict[str, Any]:
        return profile(
            store,
            actor,
            role=role,
            period=period,
            compare=_compare(compare),
            release=release,
            include_predecessors=include_predecessors,
        ).to_dict()

    return await access.json(
        ("profile", actor.lower(), role, period, compare, release, include_predecessors), compute
    )


@router.get("/exporters/{actor}/profile", response_model=models.ProfileOut)
async def exporter_profile(
    access: Access,
    actor: Annotated[str, Path(description="Name or ISO3.")],
    period: PeriodQ = "2020-2024",
    compare: CompareQ = "previous",
    release: ReleaseQ = None,
    include_predecessors: bool = False,
) -> Response:
    return await _profile(access, actor, "exporter", period, compare, release, include_predecessors)


@router.get("/recipients/{actor}/profile", response_model=models.ProfileOut)
async def recipient_profile(
    access: Access,
    actor: Annotated[str, Path(description="Name or ISO3.")],
    period: PeriodQ = "2020-2024",
    compare: CompareQ = "previous",
    release: ReleaseQ = None,
    include_predecessors: bool = False,
) -> Response:
    return await _profile(access, actor, "importer", period, compare, release, include_predecessors)


@router.get("/top/{which}", response_model=models.TopOut)
async def top_route(
    access: Access,
    which: Annotated[str, Path(pattern="^(exporters|importers)$")],
    period: PeriodQ = "2020-2024",
    compare: CompareQ = "previous",
    limit: Annotated[int, Query(ge=0, le=500)] = 10,
    release: ReleaseQ = None,
) -> Response:
    role = "exporter" if which == "exporters" else "importer"

    def compute(store: Store) -> dict[str, Any]:
        return top(
            store,
            role,
            period=period,
            compare=_compare(compare),
            limit=limit or None,
            release=release,
        ).to_dict()

    return await access.json(("top", role, period, compare, limit, release), compute)


@router.get("/trend/{actor}", response_model=models.TrendOut)
async def trend_route(
    access: Access,
    actor: str,
    role: Annotated[str, Query(pattern="^(exporter|importer)$")] = "exporter",
    year_from: Annotated[int | None, Query(alias="from")] = None,
    year_to: Annotated[int | None, Query(alias="to")] = None,
    window: Annotated[int, Query(ge=1, le=30)] = 5,
    release: ReleaseQ = None,
    include_predecessors: bool = False,
) -> Response:
    def compute(store: Store) -> dict[str, Any]:
        return trend(
            store,
            actor,
            role=role,
            year_from=year_from,
            year_to=year_to,
            window=window,
            release=release,
            include_predecessors=include_predecessors,
        ).to_dict()

    return await access.json(
        ("trend", actor.lower(), role, year_from, year_to, window, release, include_predecessors),
        compute,
    )


@router.get("/screen", response_model=models.ScreenOut)
async def screen_route(
    access: Access,
    supplier: str | None = None,
    recipient: str | None = None,
    year_from: Annotated[int | None, Query(alias="from")] = None,
    year_to: Annotated[int | None, Query(alias="to")] = None,
    embargo: str | None = None,
    release: ReleaseQ = None,
) -> Response:
    from armsledger.embargoes.screen import screen

    def compute(store: Store) -> dict[str, Any]:
        return screen(
            store,
            supplier=supplier,
            recipient=recipient,
            year_from=year_from,
            year_to=year_to,
            embargo=embargo,
            release=release,
        ).to_dict()

    return await access.json(
        ("screen", supplier, recipient, year_from, year_to, embargo, release), compute
    )


@router.get("/diff", response_model=models.DiffOut)
async def diff_route(
    access: Access,
    old: str,
    new: str,
    supplier: str | None = None,
    recipient: str | None = None,
    year_from: Annotated[int | None, Query(alias="from")] = None,
    year_to: Annotated[int | None, Query(alias="to")] = None,
) -> Response:
    from armsledger.diff import diff

    def compute(store: Store) -> dict[str, Any]:
        return diff(
            store,
            old,
            new,
            supplier=supplier,
            recipient=recipient,
            year_from=year_from,
            year_to=year_to,
        ).to_dict()

    return await access.json(("diff", old, new, supplier, recipient, year_from, year_to), compute)


def _check_size(request: Request, text: str | None) -> None:
    limit = request.app.state.settings.max_text_chars
    if text is not None and len(text) > limit:
        raise errors.ApiError(
            413, "too_large", f"text of {len(text):,} characters is over the limit of {limit:,}"
        )


def _published(value: str | None) -> date | None:
    if not value:
        return None
    try:
        return date.fromisoformat(value)
    except ValueError:
        raise errors.ApiError(
            422, "invalid_request", f"published: '{value}' is not a date (YYYY-MM-DD)"
        ) from None


@router.post("/claims/extract", response_model=list[models.ClaimOut])
def claims_extract(body: models.TextIn, request: Request) -> list[dict[str, Any]]:
    from armsledger.claims.extract import extract

    _check_size(request, body.text)
    return [c.to_dict() for c in extract(body.text, published=_published(body.published))]


@router.post("/claims/check", response_model=list[models.CheckOut])
def claims_check(
    body: models.CheckIn, request: Request, access: Access, release: ReleaseQ = None
) -> Response:
    from armsledger.claims.check import check_claims
    from armsledger.claims.model import Claim

    if (body.text is None) == (body.claims is None):
        raise errors.ApiError(422, "invalid_request", "give either 'text' or 'claims'")
    _check_size(request, body.text)
    if body.text is not None:
        from armsledger.claims.extract import extract

        claims = extract(body.text, published=_published(body.published))
    else:
        try:
            claims = [Claim.from_dict(c) for c in body.claims or []]
        except (TypeError, ValueError) as e:
            raise errors.ApiError(422, "invalid_request", f"claims: {e}") from e
    checks = access.call(lambda store: check_claims(store, claims, release=release))
    return Response(orjson.dumps([c.to_dict() for c in checks]), media_type="application/json")


def create_app(settings: ApiSettings | None = None, *, store: Store | None = None) -> FastAPI:
    """The API (and, when the web package is present, the dashboard pages)."""
    settings = settings or ApiSettings.resolve()

    @asynccontextmanager
    async def lifespan(app: FastAPI) -> Iterator[None]:
        own = store is None
        s = store or Store(settings.db_path)
        ensure_data(s)
        app.state.access = StoreAccess(s)
        yield
        if own:
            s.close()

    app = FastAPI(
        title="armsledger",
        version=__version__,
        lifespan=lifespan,
        description="Arms transfers measured from public data (SIPRI). TIV figures "
        "are SIPRI trend-indicator values (a volume measure), not money.",
    )
    app.state.settings = settings
    if store is not None:  # tests pass an open store; TestClient runs the lifespan too
        app.state.access = StoreAccess(store)
    errors.install(app)
    app.include_router(router)
    from armsledger import web

    web.install(app)
    return app
