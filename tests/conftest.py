"""Shared fixtures: stores, a writer for small files, the bundled data loaded once."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest

from armsledger.store import Store


@pytest.fixture
def write(tmp_path: Path):
    """Write text (or bytes) to a file in tmp_path and return its path."""

    def _write(name: str, content: str | bytes, encoding: str = "utf-8") -> Path:
        path = tmp_path / name
        if isinstance(content, bytes):
            path.write_bytes(content)
        else:
            path.write_bytes(content.encode(encoding))
        return path

    return _write


@pytest.fixture
def store(tmp_path: Path) -> Iterator[Store]:
    with Store(tmp_path / "test.duckdb") as s:
        yield s


@pytest.fixture(scope="session")
def bundled_db(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A database with the bundled data loaded once per test session (read it, don't write)."""
    from armsledger.ingest import load_bundled

    path = tmp_path_factory.mktemp("bundled") / "bundled.duckdb"
    with Store(path) as s:
        load_bundled(s)
    return path


@pytest.fixture(scope="module")
def bundled_client(bundled_db: Path, tmp_path_factory: pytest.TempPathFactory):
    """The app (API and dashboard) with default settings over a copy of the bundled database,
    one per test module (the app writes nothing, but a copy keeps the session's database
    untouched)."""
    import shutil

    from fastapi.testclient import TestClient

    from armsledger.api import create_app
    from armsledger.api.settings import ApiSettings

    db = tmp_path_factory.mktemp("app") / "app.duckdb"
    shutil.copy(bundled_db, db)
    with TestClient(create_app(ApiSettings(db_path=db))) as client:
        yield client
