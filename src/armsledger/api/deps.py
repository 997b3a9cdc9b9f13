"""What routes receive: the store access and the query, as FastAPI dependencies.

The dashboard's pages use the same dependencies, so ``period``, ``compare``, ``from``/``to``,
``release``, ``include_predecessors`` and ``allow_partial`` are read by the same code for the
API, the web pages and (through :meth:`~armsledger.query.FigureQuery.build`) the CLI.
"""

from __future__ import annotations

import threading
from collections.abc import Callable
from dataclasses import dataclass
from typing import Annotated, Any, TypeVar

from fastapi import Depends, Query, Request
from fastapi.responses import Response
from pydantic import BaseModel, BeforeValidator
from starlette.concurrency import run_in_threadpool

from armsledger.categories import CATEGORIES
from armsledger.query import FigureQuery
from armsledger.store import Store

T = TypeVar("T")


class StoreAccess:
    """The app's one store, used by one request at a time (a DuckDB connection is not
    thread-safe), with a memo of finished responses."""

    def __init__(self, store: Store):
        self.store = store
        self.lock = threading.Lock()

    async def json(self, key: tuple[Any, ...], compute: Callable[[Store], Any]) -> Response:
        """The JSON response for ``key``: from memory when computed before (no lock, no
        thread), else computed once in a worker thread under the lock. ``compute`` returns a
        typed result (validated when built) or a list of them."""
        body = self.store.peek(("api",) + key)
        if body is None:
            body = await run_in_threadpool(self._compute, key, compute)
        return Response(content=body, media_type="application/json")

    def _compute(self, key: tuple[Any, ...], compute: Callable[[Store], Any]) -> bytes:
        with self.lock:
            return self.store.memo(("api",) + key, lambda: to_json(compute(self.store)))

    def call(self, compute: Callable[[Store], T]) -> T:
        with self.lock:
            return compute(self.store)


def to_json(result: Any) -> bytes:
    """A typed result (or a list of them) as JSON bytes, by pydantic's serialiser."""
    if isinstance(result, BaseModel):
        return result.model_dump_json().encode()
    if isinstance(result, list):
        return b"[" + b",".join(to_json(r) for r in result) + b"]"
    import orjson

    return orjson.dumps(result)


def get_access(request: Request) -> StoreAccess:
    access: StoreAccess = request.app.state.access
    return access


PeriodQ = Annotated[str | None, Query(
    description="Inclusive years, e.g. 2020-2024 or 2024 (default: the latest five years the "
    "release covers; lists and series: every year)")]
YEARS = {"minimum": 1900, "maximum": 2100}
"""The years a period may name (outside them: 422 bad_period, by :class:`FigureQuery`)."""
YEAR_OR_BLANK = {"anyOf": [{"type": "integer", **YEARS},
                           {"type": "string", "pattern": r"^\s*$"}, {"type": "null"}]}
"""A year, or an empty form field (a year not given)."""

def _blank_is_none(value: object) -> object:
    """An empty form field (``?from=&to=``) is a year not given, as in the CLI."""
    return None if isinstance(value, str) and not value.strip() else value


FromQ = Annotated[int | None, BeforeValidator(_blank_is_none),
                  Query(alias="from", description="First year (with 'to', the same as "
                        "period)", json_schema_extra=YEAR_OR_BLANK)]
ToQ = Annotated[int | None, BeforeValidator(_blank_is_none),
                Query(alias="to", description="Last year", json_schema_extra=YEAR_OR_BLANK)]
CompareQ = Annotated[str, Query(description="YYYY-YYYY, 'previous' or 'none'")]
ReleaseQ = Annotated[str | None, Query(description="Release name (default: the newest with "
                                       "deliveries)")]
PredQ = Annotated[bool, Query(description="Count predecessor states too (the Soviet Union "
                              "with Russia)")]
PartialQ = Annotated[bool, Query(description="Compute a period the release covers only in "
                                 "part (with a warning; no change against it)")]
SupplierQ = Annotated[str | None, Query(description="Supplier: SIPRI name or ISO3")]
RecipientQ = Annotated[str | None, Query(description="Recipient: SIPRI name or ISO3")]
CategoryQ = Annotated[str | None, Query(description="SIPRI armament category (any case, "
                                        "singular or plural): " + ", ".join(CATEGORIES))]


def figure_query(period: PeriodQ = None, year_from: FromQ = None, year_to: ToQ = None,
                 compare: CompareQ = "previous", release: ReleaseQ = None,
                 include_predecessors: PredQ = False, allow_partial: PartialQ = False
                 ) -> FigureQuery:
    """The period options of a figure (profile, ranking, trend), parsed by
    :meth:`FigureQuery.build`; bad values raise the library's errors."""
    return FigureQuery.build(period=period, year_from=year_from, year_to=year_to,
                             compare=compare, release=release,
                             include_predecessors=include_predecessors,
                             allow_partial=allow_partial)


def list_query(supplier: SupplierQ = None, recipient: RecipientQ = None,
               period: PeriodQ = None, year_from: FromQ = None, year_to: ToQ = None,
               category: CategoryQ = None, release: ReleaseQ = None,
               include_predecessors: PredQ = False, allow_partial: PartialQ = False
               ) -> FigureQuery:
    """The filters of a list (deals, screening), parsed by :meth:`FigureQuery.build`."""
    return FigureQuery.build(supplier=supplier, recipient=recipient, period=period,
                             year_from=year_from, year_to=year_to, category=category,
                             release=release, include_predecessors=include_predecessors,
                             allow_partial=allow_partial)


Access = Annotated[StoreAccess, Depends(get_access)]
Figures = Annotated[FigureQuery, Depends(figure_query)]
Filters = Annotated[FigureQuery, Depends(list_query)]


@dataclass(frozen=True, slots=True)
class BaseOptions:
    """The assumptions of an installed-base figure (:mod:`armsledger.analysis.installed_base`):
    the as-of year (None: the release's last delivery year) and the user's service lives."""

    as_of: int | None
    service_life: str | None
    missile_years: int


def base_options(
    as_of: Annotated[int | None, BeforeValidator(_blank_is_none), Query(
        description="Year the base is estimated at (default: the release's last delivery "
        "year)", json_schema_extra=YEAR_OR_BLANK)] = None,
    service_life: Annotated[str | None, Query(
        max_length=400, description="Service lives replacing the defaults, e.g. "
        "'aircraft=40,ships=30' (missiles have none: they are consumed)")] = None,
    missile_years: Annotated[int, Query(ge=1, le=50, description="Missiles delivered in this "
                                        "many years to the as-of year are reported apart")] = 10,
) -> BaseOptions:
    return BaseOptions(as_of=as_of, service_life=(service_life or "").strip() or None,
                       missile_years=missile_years)


BaseQ = Annotated[BaseOptions, Depends(base_options)]
