"""Bounds on the work one request may ask for: a time budget that long computations check.

Sizes (characters per text, claims per request, form fields) are refused before any work
starts; a :class:`Deadline` bounds what remains. Loops over sentences and claims call
:meth:`Deadline.check` between steps, so a request over its budget stops with
:class:`~armsledger.errors.TooLargeError` (HTTP 413) instead of holding the server.
"""

from __future__ import annotations

import time
from dataclasses import dataclass

from armsledger.errors import TooLargeError


@dataclass(frozen=True, slots=True)
class Deadline:
    """A point in time (``time.monotonic()``) after which the work is abandoned."""

    at: float
    seconds: float

    @classmethod
    def after(cls, seconds: float) -> Deadline:
        return cls(time.monotonic() + seconds, seconds)

    def check(self, what: str) -> None:
        """Raise :class:`TooLargeError` when the budget is spent (``what``: the work)."""
        if time.monotonic() > self.at:
            raise TooLargeError(
                f"{what} took longer than the limit of {self.seconds:g} s "
                "(ARMSLEDGER_MAX_REQUEST_SECONDS); send a shorter text or fewer claims",
                details={"limit_seconds": self.seconds})


def check_deadline(deadline: Deadline | None, what: str) -> None:
    """:meth:`Deadline.check` when there is a deadline."""
    if deadline is not None:
        deadline.check(what)
