"""The library's errors: one model for every face.

Every error a user can cause is an :class:`ArmsledgerError` with a stable ``code`` (e.g.
``unknown_actor``), an HTTP ``status``, a ``message``, and optional ``suggestions`` (closest
known names) and ``details`` (structured data: the problems of a file, a release's coverage).
The library raises them and never prints or exits. Exactly one function renders them per face:
:func:`armsledger.cli.common.render_error` (one line, exit 1),
:func:`armsledger.api.errors.error_response` (``{"error": {...}}``) and
:func:`armsledger.web.base.error_page` (an HTML page with the same fields).
"""

from __future__ import annotations

from dataclasses import asdict, dataclass
from pathlib import Path
from typing import Any, ClassVar


class ArmsledgerError(Exception):
    """Base class of every error armsledger reports to a user."""

    code: ClassVar[str] = "bad_request"
    status: ClassVar[int] = 400

    def __init__(self, message: str, *, suggestions: list[str] | None = None,
                 details: dict[str, Any] | None = None):
        super().__init__(message)
        self.message = message
        self.suggestions: list[str] = list(suggestions or [])
        self.details: dict[str, Any] = dict(details or {})

    def to_dict(self) -> dict[str, Any]:
        """The error as data: ``{status, code, type, message, suggestions?, details?}``
        (``type`` repeats ``code``: the API's documented key since its first version)."""
        out: dict[str, Any] = {"status": self.status, "code": self.code, "type": self.code,
                               "message": self.message}
        if self.suggestions:
            out["suggestions"] = self.suggestions
        if self.details:
            out["details"] = self.details
        return out


@dataclass(frozen=True, slots=True)
class Problem:
    """One bad cell or line in an input file."""

    file: str
    line: int | None
    column: str | None
    message: str

    def __str__(self) -> str:
        where = self.file
        if self.line is not None:
            where += f" line {self.line}"
        if self.column is not None:
            where += f', column "{self.column}"'
        return f"{where}: {self.message}"


class InputError(ArmsledgerError):
    """A file could not be read; ``problems`` lists every bad cell found (up to a limit)."""

    code = "bad_input"
    status = 422

    def __init__(self, problems: list[Problem], truncated: bool = False):
        self.problems = problems
        self.truncated = truncated
        first = str(problems[0]) if problems else "invalid input"
        more = len(problems) - 1
        suffix = ""
        if more > 0:
            suffix = (
                f" (and {more}{'+' if truncated else ''} more problem{'s' if more != 1 else ''})"
            )
        super().__init__(first + suffix, details={
            "problems": [asdict(p) for p in problems], "truncated": truncated})


class DuplicateReleaseError(ArmsledgerError):
    """The same file (by SHA-256) is already stored as a release."""

    code = "duplicate_release"
    status = 409

    def __init__(self, path: Path | str, existing_release: str):
        self.path = str(path)
        self.existing_release = existing_release
        super().__init__(
            f"{path}: this file is already loaded as release '{existing_release}' (same SHA-256); "
            "nothing was changed", details={"release": existing_release})


class ConflictError(ArmsledgerError):
    """A name is taken, or the database cannot take this change."""

    code = "conflict"
    status = 409


class ReleaseNotFoundError(ArmsledgerError):
    """A named release does not exist, or no release is loaded yet."""

    code = "unknown_release"
    status = 404


class NotFoundError(ArmsledgerError):
    """A deal, table or other named thing does not exist."""

    code = "not_found"
    status = 404


class UnknownActorError(ArmsledgerError):
    """An actor name or code matched nothing; ``suggestions`` holds the closest known names."""

    code = "unknown_actor"
    status = 404

    def __init__(self, query: str, suggestions: list[str]):
        self.query = query
        hint = f"; did you mean: {', '.join(suggestions)}?" if suggestions else ""
        super().__init__(f"unknown actor '{query}'{hint}", suggestions=suggestions,
                         details={"query": query})


class UnknownCategoryError(ArmsledgerError):
    """A weapon category that is not one of SIPRI's; ``suggestions`` holds the closest ones
    (or every category)."""

    code = "unknown_category"
    status = 422

    def __init__(self, query: str, suggestions: list[str]):
        self.query = query
        super().__init__(f"unknown weapon category '{query}'; SIPRI's categories: "
                         f"{', '.join(suggestions)}", suggestions=suggestions,
                         details={"query": query})


class UnknownEmbargoError(ArmsledgerError):
    """An embargo id matched no row of the reference table."""

    code = "unknown_embargo"
    status = 404


class BadPeriodError(ArmsledgerError):
    """A period that is not 'YYYY', 'YYYY-YYYY' or 'YYYY-MM..YYYY-MM' with start <= end."""

    code = "bad_period"
    status = 422


class PeriodNotCoveredError(ArmsledgerError):
    """A period partly or wholly outside the delivery years of the chosen release."""

    code = "period_not_covered"
    status = 422


class InvalidRequestError(ArmsledgerError):
    """Options that do not fit together, or a value out of range."""

    code = "invalid_request"
    status = 422


class TooLargeError(ArmsledgerError):
    """An input over a stated size limit."""

    code = "too_large"
    status = 413


class StoreError(ArmsledgerError):
    """The database cannot be opened, read or written."""

    code = "store_error"
    status = 503


class MissingDependencyError(ArmsledgerError):
    """An optional package is needed for this (install the named extra)."""

    code = "missing_dependency"
    status = 501


class FetchError(ArmsledgerError):
    """Downloading data from SIPRI failed."""

    code = "fetch_failed"
    status = 502
