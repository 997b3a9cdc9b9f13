"""The API's settings: one typed object, environment (ARMSLEDGER_*) over defaults."""

from __future__ import annotations

import os
from dataclasses import dataclass
from pathlib import Path

from armsledger.settings import Settings


@dataclass(frozen=True, slots=True)
class ApiSettings:
    db_path: Path
    max_text_chars: int = 200_000
    """POSTed text longer than this is refused with 413."""

    @classmethod
    def resolve(cls, db: str | Path | None = None) -> ApiSettings:
        env = os.environ
        return cls(
            db_path=Settings.resolve(db).db_path,
            max_text_chars=int(env.get("ARMSLEDGER_MAX_TEXT_CHARS", 200_000)),
        )
