"""The library's exceptions. The library raises these and never prints or exits;
the CLI turns them into one line and a non-zero exit code."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path


class ArmsledgerError(Exception):
    """Base class of every error armsledger reports to a user."""


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
        super().__init__(first + suffix)


class DuplicateReleaseError(ArmsledgerError):
    """The same file (by SHA-256) is already stored as a release."""

    def __init__(self, path: Path | str, existing_release: str):
        self.path = str(path)
        self.existing_release = existing_release
        super().__init__(
            f"{path}: this file is already loaded as release '{existing_release}' (same SHA-256); "
            "nothing was changed"
        )


class ReleaseNotFoundError(ArmsledgerError):
    """A named release does not exist, or no release is loaded yet."""


class UnknownActorError(ArmsledgerError):
    """An actor name or code matched nothing; ``suggestions`` holds the closest known names."""

    def __init__(self, query: str, suggestions: list[str]):
        self.query = query
        self.suggestions = suggestions
        hint = f"; did you mean: {', '.join(suggestions)}?" if suggestions else ""
        super().__init__(f"unknown actor '{query}'{hint}")


class FetchError(ArmsledgerError):
    """Downloading data from SIPRI failed."""
