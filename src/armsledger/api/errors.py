"""The API's one error shape: ``{"error": {status, code, type, message, suggestions?,
details?}}``, rendered from the library's errors (:meth:`ArmsledgerError.to_dict`)."""

from __future__ import annotations

import logging
from typing import Any

from fastapi import FastAPI, Request
from fastapi.exceptions import RequestValidationError
from fastapi.responses import JSONResponse
from pydantic import BaseModel, Field
from starlette.exceptions import HTTPException as StarletteHTTPException

from armsledger.errors import ArmsledgerError, InvalidRequestError, NotFoundError

log = logging.getLogger(__name__)


class ErrorDetail(BaseModel):
    status: int
    code: str = Field(description="unknown_actor, unknown_release, unknown_embargo, "
                      "bad_period, period_not_covered, invalid_request, too_large, not_found, "
                      "bad_input, method_not_allowed, internal_error, ...")
    type: str = Field(description="the same as code (kept from the first version)")
    message: str
    suggestions: list[str] | None = None
    details: dict[str, object] | None = None


class ErrorBody(BaseModel):
    error: ErrorDetail


class _HttpError(ArmsledgerError):
    """An HTTP-level error (no such path, wrong method) in the library's shape."""

    def __init__(self, status: int, code: str, message: str):
        super().__init__(message)
        self.status, self.code = status, code  # type: ignore[misc]


STATUS_DESCRIPTIONS = {
    400: "The request body cannot be read (bad_request, http_error)",
    404: "Unknown release, actor, embargo or table (unknown_release, unknown_actor, "
         "unknown_embargo, not_found)",
    413: "Too much work asked for: a text over ARMSLEDGER_MAX_TEXT_CHARS characters, more "
         "claims than ARMSLEDGER_MAX_CLAIMS, or work over ARMSLEDGER_MAX_REQUEST_SECONDS "
         "(too_large)",
    422: "A parameter out of range or not fitting the others, a bad period or one the release "
         "does not cover (invalid_request, bad_period, period_not_covered)",
    500: "An internal error (internal_error)",
    503: "The database cannot be opened or read (store_error)",
}


def responses(*statuses: int) -> dict[int | str, dict[str, Any]]:
    """The OpenAPI ``responses`` of a route: the given error statuses, plus 500 and 503 which
    any route can answer with, each with the error shape."""
    return {status: {"model": ErrorBody, "description": STATUS_DESCRIPTIONS[status]}
            for status in sorted({*statuses, 500, 503})}


def as_library_error(exc: Exception) -> ArmsledgerError:
    """Any exception a request can raise, as a library error (the one model of errors)."""
    if isinstance(exc, ArmsledgerError):
        return exc
    if isinstance(exc, RequestValidationError):
        details = [{"where": ".".join(str(p) for p in e.get("loc", ())),
                    "message": e.get("msg")} for e in exc.errors()]
        first = details[0] if details else {"where": "", "message": "invalid request"}
        return InvalidRequestError(f"{first['where']}: {first['message']}",
                                   details={"errors": details})
    if isinstance(exc, StarletteHTTPException):
        if exc.status_code == 404:
            return NotFoundError(str(exc.detail))
        code = {405: "method_not_allowed", 413: "too_large"}.get(exc.status_code, "http_error")
        return _HttpError(exc.status_code, code, str(exc.detail))
    log.exception("internal error", exc_info=exc)
    return _HttpError(500, "internal_error", f"{type(exc).__name__}: {exc}")


def error_headers(exc: Exception, request: Request | None) -> dict[str, str] | None:
    """The headers of an error answer: the exception's own, and on a 405 an ``Allow`` header
    naming every method the path accepts."""
    headers = dict(getattr(exc, "headers", None) or {})
    if request is not None and isinstance(exc, StarletteHTTPException) and \
            exc.status_code == 405:
        from armsledger.api.http import allowed_methods

        headers["Allow"] = allowed_methods(request)
    return headers or None


def error_response(exc: Exception, request: Request | None = None) -> JSONResponse:
    """The API's one rendering of an error."""
    e = as_library_error(exc)
    return JSONResponse({"error": e.to_dict()}, status_code=e.status,
                        headers=error_headers(exc, request))


def install(app: FastAPI) -> None:
    """Route every error through :func:`error_response`."""

    async def handler(request: Request, exc: Exception) -> JSONResponse:
        return error_response(exc, request)

    for kind in (ArmsledgerError, RequestValidationError, StarletteHTTPException, Exception):
        app.add_exception_handler(kind, handler)
