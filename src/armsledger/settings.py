"""One typed settings object. Precedence: explicit argument (CLI flag) > environment > default.

The environment variables (``ARMSLEDGER_*``) and their defaults:

- ``ARMSLEDGER_DB``: the database file (default: the per-user data directory's)
- ``ARMSLEDGER_RELEASE``: the release queries use when none is named
- ``ARMSLEDGER_MAX_TEXT_CHARS``: characters per text (default 200,000)
- ``ARMSLEDGER_MAX_CLAIMS``: claims per request (default 1,000)
- ``ARMSLEDGER_MAX_REQUEST_SECONDS``: seconds of claim extraction and checking per request
  (default 30)
"""

from __future__ import annotations

import math
import os
from dataclasses import dataclass
from pathlib import Path

import platformdirs

from armsledger.errors import InvalidRequestError

ENV_PREFIX = "ARMSLEDGER_"

DEFAULT_MAX_TEXT_CHARS = 200_000
DEFAULT_MAX_CLAIMS = 1_000
DEFAULT_MAX_REQUEST_SECONDS = 30.0


def default_db_path() -> Path:
    """The per-user data directory's database file (platformdirs)."""
    return Path(platformdirs.user_data_dir("armsledger", appauthor=False)) / "armsledger.duckdb"


def _env_number(name: str, default: float, kind: type[int] | type[float]) -> float:
    """``ARMSLEDGER_<name>`` as a positive number (``default`` when unset or empty)."""
    raw = os.environ.get(f"{ENV_PREFIX}{name}", "")
    if not raw.strip():
        return default
    try:
        value = kind(raw)
    except ValueError:
        raise InvalidRequestError(f"{ENV_PREFIX}{name}='{raw}' is not a number") from None
    if not (value > 0 and math.isfinite(value)):
        raise InvalidRequestError(f"{ENV_PREFIX}{name}='{raw}' must be a positive number")
    return value


@dataclass(frozen=True, slots=True)
class Settings:
    db_path: Path
    """DuckDB file: ``--db PATH`` > ``ARMSLEDGER_DB`` > the per-user data directory."""
    max_text_chars: int = DEFAULT_MAX_TEXT_CHARS
    """Texts longer than this are refused (claims extraction): ``ARMSLEDGER_MAX_TEXT_CHARS``."""
    release: str | None = None
    """The release queries use when none is named: ``ARMSLEDGER_RELEASE`` (default: the
    newest loaded release with deliveries)."""
    max_claims: int = DEFAULT_MAX_CLAIMS
    """More claims than this in one request are refused (413) before any work:
    ``ARMSLEDGER_MAX_CLAIMS``."""
    max_request_seconds: float = DEFAULT_MAX_REQUEST_SECONDS
    """Extracting and checking claims for one request stops (413) after this many seconds:
    ``ARMSLEDGER_MAX_REQUEST_SECONDS``."""

    @classmethod
    def resolve(cls, db: str | Path | None = None) -> Settings:
        env = os.environ
        env_db = env.get(f"{ENV_PREFIX}DB")
        path = Path(db) if db else Path(env_db) if env_db else default_db_path()
        return cls(db_path=path.expanduser(),
                   max_text_chars=int(_env_number("MAX_TEXT_CHARS", DEFAULT_MAX_TEXT_CHARS, int)),
                   release=env.get(f"{ENV_PREFIX}RELEASE") or None,
                   max_claims=int(_env_number("MAX_CLAIMS", DEFAULT_MAX_CLAIMS, int)),
                   max_request_seconds=_env_number("MAX_REQUEST_SECONDS",
                                                   DEFAULT_MAX_REQUEST_SECONDS, float))
