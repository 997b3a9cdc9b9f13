"""The API's settings: one typed object, environment (ARMSLEDGER_*) over defaults, derived
from :class:`armsledger.settings.Settings`."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from armsledger.errors import TooLargeError
from armsledger.limits import Deadline
from armsledger.settings import (
    DEFAULT_MAX_CLAIMS,
    DEFAULT_MAX_REQUEST_SECONDS,
    DEFAULT_MAX_TEXT_CHARS,
    Settings,
)

MIB = 1024 * 1024


@dataclass(frozen=True, slots=True)
class ApiSettings:
    db_path: Path
    max_text_chars: int = DEFAULT_MAX_TEXT_CHARS
    """POSTed text longer than this is refused with 413 (``ARMSLEDGER_MAX_TEXT_CHARS``)."""
    release: str | None = None
    """The release pages and routes use when a request names none (``ARMSLEDGER_RELEASE``)."""
    max_claims: int = DEFAULT_MAX_CLAIMS
    """More claims than this in one request are refused with 413 before any work
    (``ARMSLEDGER_MAX_CLAIMS``)."""
    max_request_seconds: float = DEFAULT_MAX_REQUEST_SECONDS
    """Extracting and checking claims stops with 413 after this many seconds
    (``ARMSLEDGER_MAX_REQUEST_SECONDS``)."""

    @property
    def max_field_bytes(self) -> int:
        """The largest form field the claim checker reads (413 over it): 1 MiB, or room for
        a text of ``max_text_chars`` characters when that is more."""
        return max(MIB, 4 * self.max_text_chars)

    def deadline(self) -> Deadline:
        """The time budget of one request that extracts or checks claims."""
        return Deadline.after(self.max_request_seconds)

    def refuse_too_many(self, claims: int) -> None:
        """413 when a request asks for more claims than ``max_claims``."""
        if claims > self.max_claims:
            raise TooLargeError(f"{claims:,} claims; the limit is {self.max_claims:,} per "
                                "request (ARMSLEDGER_MAX_CLAIMS)",
                                details={"claims": claims, "limit_claims": self.max_claims})

    @classmethod
    def resolve(cls, db: str | Path | None = None) -> ApiSettings:
        base = Settings.resolve(db)
        return cls(db_path=base.db_path, max_text_chars=base.max_text_chars,
                   release=base.release, max_claims=base.max_claims,
                   max_request_seconds=base.max_request_seconds)
