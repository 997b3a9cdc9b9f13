"""The one problem log every reader uses: every bad cell of a file, with line and column."""

from __future__ import annotations

from dataclasses import dataclass, field

import polars as pl

from armsledger.errors import InputError, Problem

__all__ = ["MAX_PROBLEMS", "ProblemLog"]

MAX_PROBLEMS = 50
"""Errors are collected up to this many so a user can fix a file in one pass."""


@dataclass(slots=True)
class ProblemLog:
    """Collects problems for one file, up to ``limit``; :meth:`raise_if_any` raises them all
    as one :class:`~armsledger.errors.InputError`, sorted by line and column."""

    file: str
    limit: int = MAX_PROBLEMS
    problems: list[Problem] = field(default_factory=list)
    warnings: list[Problem] = field(default_factory=list)
    truncated: bool = False
    seen: int = 0
    """Problems found so far, counting those past the limit (a reader compares it before
    and after checking a row to know whether the row is good)."""

    def add(self, line: int | None, column: str | None, message: str) -> None:
        self.seen += 1
        if len(self.problems) >= self.limit:
            self.truncated = True
            return
        self.problems.append(Problem(self.file, line, column, message))

    def warn(self, line: int | None, column: str | None, message: str) -> None:
        self.warnings.append(Problem(self.file, line, column, message))

    def add_rows(self, bad: pl.DataFrame, column: str, message: str) -> None:
        """Add one problem per row of ``bad`` (columns ``line`` and ``value``).

        ``message`` may use ``{value}``.
        """
        if bad.height == 0:
            return
        room = self.limit - len(self.problems)
        if bad.height > room:
            self.truncated = True
            self.seen += bad.height - max(room, 0)
        for line, value in bad.select("line", "value").head(max(room, 0)).iter_rows():
            self.add(line, column, message.format(value=value))

    @property
    def full(self) -> bool:
        return len(self.problems) >= self.limit

    def raise_if_any(self) -> None:
        if self.problems:
            self.problems.sort(key=lambda p: (p.line or 0, p.column or ""))
            raise InputError(self.problems, self.truncated)
