"""One typed settings object. Precedence: explicit argument (CLI flag) > environment > default."""

from __future__ import annotations

import os
from dataclasses import dataclass
from pathlib import Path

import platformdirs

ENV_PREFIX = "ARMSLEDGER_"


def default_db_path() -> Path:
    """The per-user data directory's database file (platformdirs)."""
    return Path(platformdirs.user_data_dir("armsledger", appauthor=False)) / "armsledger.duckdb"


@dataclass(frozen=True, slots=True)
class Settings:
    db_path: Path
    """DuckDB file: ``--db PATH`` > ``ARMSLEDGER_DB`` > the per-user data directory."""

    @classmethod
    def resolve(cls, db: str | Path | None = None) -> Settings:
        env_db = os.environ.get(f"{ENV_PREFIX}DB")
        path = Path(db) if db else Path(env_db) if env_db else default_db_path()
        return cls(db_path=path.expanduser())
