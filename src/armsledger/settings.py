"""One typed settings object. Precedence: explicit argument (CLI flag) > environment > default."""

from __future__ import annotations

import os
from dataclasses import dataclass
from pathlib import Path

import platformdirs

from armsledger.errors import InvalidRequestError

ENV_PREFIX = "ARMSLEDGER_"


def default_db_path() -> Path:
    """The per-user data directory's database file (platformdirs)."""
    return Path(platformdirs.user_data_dir("armsledger", appauthor=False)) / "armsledger.duckdb"


@dataclass(frozen=True, slots=True)
class Settings:
    db_path: Path
    """DuckDB file: ``--db PATH`` > ``ARMSLEDGER_DB`` > the per-user data directory."""
    max_text_chars: int = 200_000
    """Texts longer than this are refused (claims extraction): ``ARMSLEDGER_MAX_TEXT_CHARS``."""
    release: str | None = None
    """The release queries use when none is named: ``ARMSLEDGER_RELEASE`` (default: the
    newest loaded release with deliveries)."""

    @classmethod
    def resolve(cls, db: str | Path | None = None) -> Settings:
        env = os.environ
        env_db = env.get(f"{ENV_PREFIX}DB")
        path = Path(db) if db else Path(env_db) if env_db else default_db_path()
        limit = env.get(f"{ENV_PREFIX}MAX_TEXT_CHARS", "")
        try:
            max_chars = int(limit) if limit.strip() else 200_000
        except ValueError:
            raise InvalidRequestError(f"{ENV_PREFIX}MAX_TEXT_CHARS='{limit}' is not a number"
                                      ) from None
        return cls(db_path=path.expanduser(), max_text_chars=max_chars,
                   release=env.get(f"{ENV_PREFIX}RELEASE") or None)
