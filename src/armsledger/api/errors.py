"""The API's one error shape: ``{"error": {status, code, type, message, suggestions?,
details?}}``, rendered from the library's errors (:meth:`ArmsledgerError.to_dict`)."""

from __future__ import annotations

import logging

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


def error_response(exc: Exception) -> JSONResponse:
    """The API's one rendering of an error."""
    e = as_library_error(exc)
    headers = getattr(exc, "headers", None)
    return JSONResponse({"error": e.to_dict()}, status_code=e.status, headers=headers)


def install(app: FastAPI) -> None:
    """Route every error through :func:`error_response`."""

    async def handler(_: Request, exc: Exception) -> JSONResponse:
        return error_response(exc)

    for kind in (ArmsledgerError, RequestValidationError, StarletteHTTPException, Exception):
        app.add_exception_handler(kind, handler)
