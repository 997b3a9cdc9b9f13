"""One JSON error shape for every error the API returns.

``{"error": {"status": 404, "type": "unknown_actor", "message": "...", "suggestions": [...]}}``
"""

from __future__ import annotations

from typing import Any

from fastapi import FastAPI, Request
from fastapi.exceptions import RequestValidationError
from fastapi.responses import JSONResponse
from starlette.exceptions import HTTPException as StarletteHTTPException

from armsledger.analysis.common import BadPeriodError
from armsledger.errors import (
    ArmsledgerError,
    InputError,
    ReleaseNotFoundError,
    UnknownActorError,
)


class ApiError(Exception):
    """An error raised by a route with its HTTP status and type."""

    def __init__(self, status: int, type_: str, message: str, **extra: Any):
        self.status, self.type, self.message, self.extra = status, type_, message, extra
        super().__init__(message)


def error_body(status: int, type_: str, message: str, **extra: Any) -> dict[str, Any]:
    return {"error": {"status": status, "type": type_, "message": message, **extra}}


def _response(status: int, type_: str, message: str, **extra: Any) -> JSONResponse:
    return JSONResponse(error_body(status, type_, message, **extra), status_code=status)


def _from_library(exc: ArmsledgerError) -> JSONResponse:
    if isinstance(exc, UnknownActorError):
        return _response(404, "unknown_actor", str(exc), suggestions=exc.suggestions)
    if isinstance(exc, ReleaseNotFoundError):
        return _response(404, "unknown_release", str(exc))
    if isinstance(exc, BadPeriodError):
        return _response(422, "bad_period", str(exc))
    if isinstance(exc, InputError):
        return _response(422, "bad_input", str(exc),
                         problems=[str(p) for p in exc.problems])
    return _response(400, "bad_request", str(exc))


def install(app: FastAPI) -> None:
    """Route every error through :func:`error_body`."""

    @app.exception_handler(ApiError)
    async def api_error(_: Request, exc: ApiError) -> JSONResponse:
        return _response(exc.status, exc.type, exc.message, **exc.extra)

    @app.exception_handler(ArmsledgerError)
    async def library_error(_: Request, exc: ArmsledgerError) -> JSONResponse:
        return _from_library(exc)

    @app.exception_handler(RequestValidationError)
    async def validation_error(_: Request, exc: RequestValidationError) -> JSONResponse:
        details = [{"where": ".".join(str(p) for p in e.get("loc", ())), "message": e.get("msg")}
                   for e in exc.errors()]
        first = details[0] if details else {"where": "", "message": "invalid request"}
        return _response(422, "invalid_request", f"{first['where']}: {first['message']}",
                         details=details)

    @app.exception_handler(StarletteHTTPException)
    async def http_error(_: Request, exc: StarletteHTTPException) -> JSONResponse:
        kind = {404: "not_found", 405: "method_not_allowed", 413: "too_large"}.get(
            exc.status_code, "http_error")
        return _response(exc.status_code, kind, str(exc.detail))

    @app.exception_handler(Exception)
    async def unexpected(_: Request, exc: Exception) -> JSONResponse:
        return _response(500, "internal_error", f"{type(exc).__name__}: {exc}")
