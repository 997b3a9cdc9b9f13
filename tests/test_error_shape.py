"""One error model: the same bad input gives the same error code and status from the CLI
(``--json``: ``{"error": {...}}`` and exit 1; text: one line), the API (JSON) and the web
(an HTML page showing the code)."""

from __future__ import annotations

import json
import re
import shutil

import pytest
from fastapi.testclient import TestClient
from typer.testing import CliRunner

from armsledger.api import create_app
from armsledger.api.settings import ApiSettings
from armsledger.cli import app as cli_app
from armsledger.store import Store

LIMIT = 5_000
BIG = "Russia exported arms to 30 countries. " * 200  # over LIMIT characters

# (code, status, CLI arguments, API request, web request)
CASES = [
    ("unknown_actor", 404, ["profile", "Rusia", "--json"],
     ("GET", "/api/exporters/Rusia/profile", None), ("GET", "/exporters/Rusia", None)),
    ("unknown_release", 404, ["top", "exporters", "--release", "nope", "--json"],
     ("GET", "/api/top/exporters?release=nope", None), ("GET", "/?release=nope", None)),
    ("unknown_embargo", 404, ["screen", "--embargo", "UN-NOPE", "--json"],
     ("GET", "/api/screen?embargo=UN-NOPE", None), ("GET", "/embargoes?embargo=UN-NOPE", None)),
    ("bad_period", 422, ["profile", "Russia", "--period", "2024-2020", "--json"],
     ("GET", "/api/exporters/Russia/profile?period=2024-2020", None),
     ("GET", "/exporters/Russia?period=2024-2020", None)),
    ("period_not_covered", 422, ["top", "exporters", "--period", "2026-2030", "--json"],
     ("GET", "/api/top/exporters?period=2026-2030", None), ("GET", "/?period=2026-2030", None)),
    ("too_large", 413, ["claims", "extract", "{big}", "--json"],
     ("POST", "/api/claims/extract", {"json": {"text": BIG}}),
     ("POST", "/claims", {"data": {"text": BIG}})),
]


@pytest.fixture(scope="module")
def db(bundled_db, tmp_path_factory):
    path = tmp_path_factory.mktemp("errors") / "errors.duckdb"
    shutil.copy(bundled_db, path)
    return path


@pytest.fixture(scope="module")
def client(db):
    store = Store(db, read_only=True)
    with TestClient(create_app(ApiSettings(db_path=db, max_text_chars=LIMIT),
                               store=store)) as c:
        yield c
    store.close()


@pytest.mark.parametrize(("code", "status", "args", "api", "web"), CASES,
                         ids=[c[0] for c in CASES])
def test_same_code_and_status_everywhere(db, client, tmp_path, monkeypatch, code, status,
                                         args, api, web):
    big = tmp_path / "big.txt"
    big.write_text(BIG, encoding="utf-8")
    monkeypatch.setenv("ARMSLEDGER_MAX_TEXT_CHARS", str(LIMIT))
    runner = CliRunner()
    argv = ["--db", str(db), *(a.format(big=big) for a in args)]
    result = runner.invoke(cli_app, argv)
    assert result.exit_code == 1, result.output
    cli = json.loads(result.stdout)["error"]
    assert (cli["code"], cli["status"]) == (code, status)
    text = runner.invoke(cli_app, [a for a in argv if a != "--json"])
    assert text.exit_code == 1 and text.stderr.startswith("Error: ")
    assert len(text.stderr.strip().splitlines()) == 1  # one line

    method, url, body = api
    r = client.request(method, url, **(body or {}))
    err = r.json()["error"]
    assert (r.status_code, err["status"], err["code"], err["type"]) == (status, status, code,
                                                                       code)
    assert err["message"] == cli["message"]

    method, url, body = web
    page = client.request(method, url, **(body or {}))
    assert page.status_code == status and page.headers["content-type"].startswith("text/html")
    shown = re.search(r"<code>([a-z_]+)</code>", page.text)
    assert shown and shown[1] == code
