"""The API's settings: one typed object, environment (ARMSLEDGER_*) over defaults."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from armsledger.settings import Settings


@dataclass(frozen=True, slots=True)
class ApiSettings:
    db_path: Path
    max_text_chars: int = 200_000
    """POSTed text longer than this is refused with 413."""
    release: str | None = None
    """The release pages and routes use when a request names none (``ARMSLEDGER_RELEASE``)."""

    @classmethod
    def resolve(cls, db: str | Path | None = None) -> ApiSettings:
        base = Settings.resolve(db)
        return cls(db_path=base.db_path, max_text_chars=base.max_text_chars,
                   release=base.release)
