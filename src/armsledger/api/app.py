"""The REST API: the library's functions over HTTP, read-only, with one error shape.

Routes call the same functions as the CLI and return the same typed results (their pydantic
models are the ``response_model`` of each route and build the OpenAPI schema), so a figure
and its JSON never differ between the faces. Results are computed from immutable releases, so
each distinct request is computed once per process and served from memory after that.
"""

from __future__ import annotations

from collections.abc import AsyncIterator
from contextlib import AsyncExitStack, asynccontextmanager
from dataclasses import replace
from typing import Annotated, Any, Literal

from fastapi import APIRouter, Depends, FastAPI, Path, Query, Request
from fastapi.responses import Response

from armsledger import __version__
from armsledger.actors import ActorInfo, ActorTable
from armsledger.analysis.compare import Comparison, compare
from armsledger.analysis.deals import SORT_KEYS, DealsPage, deals
from armsledger.analysis.installed_base import (
    DependenceTable,
    InstalledBase,
    SecondHandFlows,
    SupplierBase,
    dependence_for,
    installed_base_for,
    second_hand_for,
    supplier_base_for,
)
from armsledger.analysis.licensed import LicensedProduction, licensed_production_for
from armsledger.analysis.profile import ExporterProfile, RecipientProfile, profile
from armsledger.analysis.ranking import Top, top
from armsledger.analysis.register_view import RegisterView, register_view
from armsledger.analysis.tiv_table import TivTable, tiv_table
from armsledger.analysis.trend import Trend, trend
from armsledger.api import errors, models
from armsledger.api.deps import (
    Access,
    BaseQ,
    CategoryQ,
    Figures,
    Filters,
    ReleaseQ,
    to_json,
)
from armsledger.api.http import HeadAsGet, install_docs
from armsledger.api.settings import ApiSettings
from armsledger.claims.check import CheckRecord
from armsledger.claims.model import ClaimRecord
from armsledger.diff import DiffResult
from armsledger.embargoes.screen import Screening
from armsledger.errors import InvalidRequestError
from armsledger.query import FigureQuery, Role
from armsledger.store import ReleaseSummary, Store

router = APIRouter(prefix="/api")
responses = errors.responses
"""Each route documents the statuses it can answer with (422, 500 and 503 on every route that
takes parameters; 404 where a release, actor or embargo is named; 413 where claims are read)."""
ActorPath = Annotated[str, Path(description="SIPRI name or ISO3 code")]


def _key(query: FigureQuery) -> tuple[Any, ...]:
    """A memo key of a query (names compared case-insensitively)."""
    q = replace(query, supplier=query.supplier.lower() if query.supplier else None,
                recipient=query.recipient.lower() if query.recipient else None)
    return (q,)


@router.get("/releases", response_model=list[ReleaseSummary], responses=responses())
async def releases(access: Access) -> Response:
    return await access.json(("releases",), lambda store: store.release_summaries())


@router.get("/actors", response_model=list[ActorInfo],
            responses=responses(404, 422))
async def actors(
    access: Access,
    q: Annotated[str | None, Query(description="Part of a name, or an ISO3 code.")] = None,
    release: ReleaseQ = None,
    limit: Annotated[int | None, Query(ge=1, le=1000)] = None,
) -> Response:
    def compute(store: Store) -> list[ActorInfo]:
        rel = store.release(release, needs="deliveries")
        return [ActorInfo.of(a) for a in ActorTable.of(store, rel).search(q, limit)]

    return await access.json(("actors", q, release, limit), compute)


@router.get("/deals", response_model=DealsPage,
            responses=responses(404, 422))
async def deals_route(
    access: Access,
    query: Filters,
    page: Annotated[int, Query(ge=1, le=10**9)] = 1,
    page_size: Annotated[int, Query(ge=1, le=1000)] = 100,
    sort: Annotated[str | None, Query(
        max_length=40, description="Sort every matching deal by this column before paging: "
        + ", ".join(SORT_KEYS["deals"]))] = None,
    order: Literal["asc", "desc"] = "asc",
) -> Response:
    return await access.json(
        ("deals", *_key(query), page, page_size, sort, order),
        lambda store: deals(store, query).sorted(sort, order == "desc").page(page, page_size))


@router.get("/register", response_model=RegisterView, responses=responses(404, 422))
async def register_route(access: Access, query: Filters) -> Response:
    """The matching deals as SIPRI's trade register prints them (estimates in parentheses,
    years of delivery as ranges; for a year range, the deliveries in it)."""
    return await access.json(("register", *_key(query)),
                             lambda store: register_view(deals(store, query)))


async def _profile(access: Access, query: FigureQuery) -> Response:
    return await access.json(("profile", *_key(query)), lambda store: profile(store, query))


@router.get("/exporters/{actor}/profile", response_model=ExporterProfile,
            responses=responses(404, 422))
async def exporter_profile(access: Access, actor: ActorPath, query: Figures) -> Response:
    return await _profile(access, query.with_actor("exporter", actor))


@router.get("/recipients/{actor}/profile", response_model=RecipientProfile,
            responses=responses(404, 422))
async def recipient_profile(access: Access, actor: ActorPath, query: Figures) -> Response:
    return await _profile(access, query.with_actor("importer", actor))


@router.get("/exporters/{actor}/licensed", response_model=LicensedProduction,
            responses=responses(404, 422))
async def exporter_licensed(access: Access, actor: ActorPath, query: Figures) -> Response:
    """Licensed/local production and co-development of the exporter's designs, by licensee
    (default period: every year of the release). SIPRI does not count cooperation projects:
    this is the independent context for such claims, not a count of projects."""
    q = query.with_actor("exporter", actor)
    return await access.json(("licensed", *_key(q)),
                             lambda store: licensed_production_for(store, q))


@router.get("/recipients/{actor}/base", response_model=InstalledBase,
            responses=responses(404, 422))
async def recipient_base(access: Access, actor: ActorPath, query: Filters,
                         base: BaseQ) -> Response:
    """The estimated in-service base of a recipient (a state, or each member of a region or
    bloc) by origin, category and designation, with the service lives assumed, the
    sensitivity of every share to them, and missiles reported apart (the method: README,
    'Installed base')."""
    q = replace(query, supplier=None, recipient=actor)
    return await access.json(
        ("base", *_key(q), base),
        lambda store: installed_base_for(store, q, as_of=base.as_of,
                                         service_life=base.service_life,
                                         missile_years=base.missile_years))


@router.get("/exporters/{actor}/base", response_model=SupplierBase,
            responses=responses(404, 422))
async def supplier_base_route(access: Access, actor: ActorPath, query: Filters,
                              base: BaseQ) -> Response:
    """Each recipient's in-service base of the exporter's designs (its predecessors counted
    with it) and its share of the recipient's whole base; ``recipient`` narrows to a region
    or bloc."""
    q = replace(query, supplier=actor)
    return await access.json(
        ("supplier-base", *_key(q), base),
        lambda store: supplier_base_for(store, q, as_of=base.as_of,
                                        service_life=base.service_life))


@router.get("/dependence", response_model=DependenceTable, responses=responses(404, 422))
async def dependence_route(
    access: Access, base: BaseQ,
    origin: Annotated[str, Query(description="The supplier whose designs (with its "
                                 "predecessors') are counted, e.g. Russia")],
    group: Annotated[str, Query(description="A region, bloc or state: the recipients, e.g. "
                                "Africa")],
    category: CategoryQ = None, release: ReleaseQ = None,
) -> Response:
    """For each member state of ``group`` and category, the ``origin``'s share of its
    in-service base (units and TIV), whether it is the majority, and the deals behind it."""
    q = FigureQuery.build(supplier=origin, recipient=group, category=category,
                          release=release)
    return await access.json(
        ("dependence", *_key(q), base),
        lambda store: dependence_for(store, q, as_of=base.as_of,
                                     service_life=base.service_life))


@router.get("/exporters/{actor}/second-hand", response_model=SecondHandFlows,
            responses=responses(404, 422))
async def second_hand_route(access: Access, actor: ActorPath, query: Filters) -> Response:
    """Second-hand deliveries of the exporter's designs by third parties, counted only where
    the register makes the origin explicit (the rule is in the response)."""
    q = replace(query, supplier=actor)
    return await access.json(("second-hand", *_key(q)),
                             lambda store: second_hand_for(store, q))


@router.get("/compare", response_model=Comparison, responses=responses(404, 422))
async def compare_route(
    access: Access,
    actors: Annotated[str, Query(description="Actors to compare: SIPRI names or ISO3 codes, "
                                 "comma-separated (at most 12)", min_length=1)],
    query: Figures,
    role: Annotated[Role, Query()] = "exporter",
) -> Response:
    """Several actors compared: totals and shares of the world for the period, yearly series,
    and for importers each one's top suppliers (the dashboard's /compare)."""
    return await access.json(("compare", actors.lower(), role, *_key(query)),
                             lambda store: compare(store, actors, role=role, query=query))


@router.get("/tiv-table/{which}", response_model=TivTable,
            responses=responses(404, 422))
async def tiv_table_route(
    access: Access,
    which: Annotated[Literal["exporters", "importers"], Path()],
    query: Figures,
    limit: Annotated[int, Query(ge=0, le=10_000, description="0 = every actor")] = 0,
) -> Response:
    """SIPRI's TIV table view: TIV by year (``years``) and actor (``rows``), with the world
    row; default period the latest ten years the release covers."""
    return await access.json(("tiv-table", which, *_key(query), limit),
                             lambda store: tiv_table(store, which, query, limit=limit or None))


@router.get("/top/{which}", response_model=Top,
            responses=responses(404, 422))
async def top_route(
    access: Access,
    which: Annotated[Literal["exporters", "importers"], Path()],
    query: Figures,
    limit: Annotated[int, Query(ge=0, le=500, description="0 = every ranked state")] = 10,
    region: Annotated[str | None, Query(description="Rank only the states of this region, "
                                        "subregion or bloc")] = None,
    recipient: Annotated[str | None, Query(
        description="Exporters: only deliveries to this recipient, region or bloc")] = None,
    supplier: Annotated[str | None, Query(
        description="Importers: only deliveries from this supplier, region or bloc")] = None,
) -> Response:
    counterpart = recipient if which == "exporters" else supplier
    if (supplier if which == "exporters" else recipient) is not None:
        raise InvalidRequestError(f"top {which}: give "
                                  f"{'recipient' if which == 'exporters' else 'supplier'}, "
                                  "not the ranked side")
    return await access.json(("top", which, *_key(query), limit, region, counterpart),
                             lambda store: top(store, which, query, limit=limit or None,
                                               within=region, counterpart=counterpart))


async def _trend(access: Access, query: FigureQuery, window: int) -> Response:
    return await access.json(("trend", *_key(query), window),
                             lambda store: trend(store, query, window=window))


Window = Annotated[int, Query(ge=1, le=30, description="Years in the rolling total")]


@router.get("/exporters/{actor}/trend", response_model=Trend,
            responses=responses(404, 422))
async def exporter_trend(access: Access, actor: ActorPath, query: Figures,
                         window: Window = 5) -> Response:
    return await _trend(access, query.with_actor("exporter", actor), window)


@router.get("/recipients/{actor}/trend", response_model=Trend,
            responses=responses(404, 422))
async def recipient_trend(access: Access, actor: ActorPath, query: Figures,
                          window: Window = 5) -> Response:
    return await _trend(access, query.with_actor("importer", actor), window)


@router.get("/trend/{actor}", response_model=Trend, deprecated=True,
            responses=responses(404, 422),
            summary="Trend (use /exporters/{actor}/trend or /recipients/{actor}/trend)")
async def trend_route(access: Access, actor: ActorPath, query: Figures,
                      role: Annotated[Role, Query()] = "exporter",
                      window: Window = 5) -> Response:
    return await _trend(access, query.with_actor(role, actor), window)


@router.get("/screen", response_model=Screening,
            responses=responses(404, 422))
async def screen_route(
    access: Access,
    query: Filters,
    embargo: Annotated[str | None, Query(description="One embargo id, e.g. UN-LBY-2011")
                       ] = None,
) -> Response:
    from armsledger.embargoes.screen import screen

    return await access.json(("screen", *_key(query), embargo),
                             lambda store: screen(store, query=query, embargo=embargo).result())


@router.get("/diff", response_model=DiffResult,
            responses=responses(404, 422))
async def diff_route(
    access: Access,
    old: Annotated[str, Query(description="The earlier release")],
    new: Annotated[str, Query(description="The later release")],
    query: Filters,
) -> Response:
    from armsledger.diff import diff

    return await access.json(("diff", old, new, *_key(query)),
                             lambda store: diff(store, old, new, query=query).result())


def _settings(request: Request) -> ApiSettings:
    settings: ApiSettings = request.app.state.settings
    return settings


async def bounded_claims(request: Request) -> None:
    """Refuse a body with more claims than the limit before any of them is validated:
    FastAPI has parsed the JSON already (cached on the request); dependencies run before the
    body is validated, so 100,000 claims cost one JSON parse, not 100,000 models."""
    try:
        body = await request.json()
    except ValueError:
        return  # not JSON: the body's validation reports it
    claims = body.get("claims") if isinstance(body, dict) else None
    if isinstance(claims, list):
        _settings(request).refuse_too_many(len(claims))


Bounded = Depends(bounded_claims)


@router.post("/claims/extract", response_model=list[ClaimRecord],
             responses=responses(400, 413, 422))
def claims_extract(body: models.TextIn, request: Request) -> Response:
    from armsledger.claims.extract import extract

    settings = _settings(request)
    claims = extract(body.text, published=models.published_date(body.published),
                     max_chars=settings.max_text_chars, deadline=settings.deadline())
    return Response(to_json([ClaimRecord.of(c) for c in claims]),
                    media_type="application/json")


@router.post("/claims/check", response_model=list[CheckRecord],
             responses=responses(400, 404, 413, 422), dependencies=[Bounded])
def claims_check(body: models.CheckIn, request: Request, access: Access,
                 release: ReleaseQ = None) -> Response:
    from armsledger.claims.check import check_claims

    settings = _settings(request)
    deadline = settings.deadline()
    if body.text is not None:
        from armsledger.claims.extract import extract

        claims = extract(body.text, published=models.published_date(body.published),
                         max_chars=settings.max_text_chars, deadline=deadline)
    else:
        claims = [c.to_claim() for c in body.claims or []]
    settings.refuse_too_many(len(claims))
    checks = access.call(lambda store: check_claims(store, claims, release=release,
                                                    text=body.text, deadline=deadline))
    return Response(to_json([c.to_record() for c in checks]), media_type="application/json")


def create_app(settings: ApiSettings | None = None, *, store: Store | None = None) -> FastAPI:
    """The API (and the dashboard pages). Without ``store`` it opens the configured database
    read-only (after loading the bundled data on first use)."""
    from armsledger.api.deps import StoreAccess
    from armsledger.ingest import open_store

    settings = settings or ApiSettings.resolve()

    @asynccontextmanager
    async def lifespan(app: FastAPI) -> AsyncIterator[None]:
        async with AsyncExitStack() as stack:
            if store is None:
                s = stack.enter_context(open_store(settings.db_path, read_only=True,
                                                   default_release=settings.release))
                app.state.access = StoreAccess(s)
            yield

    app = FastAPI(
        title="armsledger",
        version=__version__,
        lifespan=lifespan,
        docs_url=None,  # served offline by http.install_docs
        redoc_url=None,
        description="Arms transfers measured from public data (SIPRI). TIV figures "
        "are SIPRI trend-indicator values (a volume measure), not money.",
    )
    app.state.settings = settings
    if store is not None:  # tests pass an open store; TestClient runs the lifespan too
        store.default_release = settings.release or store.default_release
        app.state.access = StoreAccess(store)
    errors.install(app)
    app.add_middleware(HeadAsGet)
    app.include_router(router)
    install_docs(app)
    from armsledger import web

    web.install(app)
    return app
