"""Every API route's JSON validates against its own OpenAPI schema, with unknown keys
forbidden (the results are the library's typed models: ``additionalProperties: false``)."""

from __future__ import annotations

import copy
from typing import Any

import pytest
from fastapi.testclient import TestClient
from jsonschema import Draft202012Validator

from armsledger.api import create_app
from armsledger.api.settings import ApiSettings
from armsledger.store import Store

TEXT = ("MOSCOW, 30 January 2025 - Russia's arms exports earned about $15 billion in 2024, with "
        "deliveries to 32 countries, the agency said.")

CALLS: list[tuple[str, str, dict[str, Any]]] = [
    ("get", "/api/releases", {}),
    ("get", "/api/actors", {"params": {"q": "rus"}}),
    ("get", "/api/deals", {"params": {"supplier": "Russia", "period": "2020-2024",
                                      "page_size": 5}}),
    ("get", "/api/exporters/{actor}/profile", {"actor": "RUS"}),
    ("get", "/api/recipients/{actor}/profile", {"actor": "India",
                                                "params": {"period": "2015-2019"}}),
    ("get", "/api/top/{which}", {"which": "importers", "params": {"compare": "none"}}),
    ("get", "/api/tiv-table/{which}", {"which": "exporters", "params": {"limit": 5}}),
    ("get", "/api/exporters/{actor}/licensed", {"actor": "Russia",
                                                "params": {"period": "2016-2020"}}),
    ("get", "/api/recipients/{actor}/base", {"actor": "India", "params": {"as_of": 2020}}),
    ("get", "/api/exporters/{actor}/base", {"actor": "Russia",
                                            "params": {"recipient": "CSTO"}}),
    ("get", "/api/dependence", {"params": {"origin": "Russia", "group": "CSTO"}}),
    ("get", "/api/exporters/{actor}/second-hand", {"actor": "Russia",
                                                   "params": {"from": 2020}}),
    ("get", "/api/register", {"params": {"supplier": "Russia", "recipient": "India",
                                         "from": 2020, "to": 2025}}),
    ("get", "/api/compare", {"params": {"actors": "India,Pakistan", "role": "importer"}}),
    ("get", "/api/exporters/{actor}/trend", {"actor": "France"}),
    ("get", "/api/recipients/{actor}/trend", {"actor": "India", "params": {"from": 2015}}),
    ("get", "/api/trend/{actor}", {"actor": "Russia", "params": {"role": "exporter"}}),
    ("get", "/api/screen", {"params": {"supplier": "Russia", "from": 2015}}),
    ("get", "/api/diff", {"params": {"old": "sipri-register-2024-10",
                                     "new": "sipri-register-2025", "supplier": "France"}}),
    ("post", "/api/claims/extract", {"json": {"text": TEXT}}),
    ("post", "/api/claims/check", {"json": {"text": TEXT}}),
]


@pytest.fixture(scope="module")
def client(bundled_db):
    store = Store(bundled_db, read_only=True)
    with TestClient(create_app(ApiSettings(db_path=bundled_db), store=store)) as c:
        yield c
    store.close()


@pytest.fixture(scope="module")
def spec(client) -> dict[str, Any]:
    return client.get("/openapi.json").json()


def validator(spec: dict[str, Any], path: str, method: str, status: str = "200"
              ) -> Draft202012Validator:
    schema = copy.deepcopy(
        spec["paths"][path][method]["responses"][status]["content"]["application/json"]
        ["schema"])
    schema["components"] = spec["components"]
    return Draft202012Validator(schema)


def test_every_route_is_checked(spec):
    routes = {(m, p) for p, ops in spec["paths"].items() for m in ops if p.startswith("/api/")}
    assert routes == {(m, p) for m, p, _ in CALLS}


@pytest.mark.parametrize(("method", "path", "args"), CALLS, ids=[c[1] for c in CALLS])
def test_response_matches_schema(client, spec, method, path, args):
    url = path.format(**{k: v for k, v in args.items() if k not in ("params", "json")})
    r = client.request(method.upper(), url, params=args.get("params"), json=args.get("json"))
    assert r.status_code == 200, r.text
    body = r.json()
    check = validator(spec, path, method)
    errors = sorted(check.iter_errors(body), key=str)
    assert not errors, f"{url}: {errors[0].message} at {list(errors[0].absolute_path)}"
    # unknown keys are refused: an extra key at the top (or in the first item) fails
    sample = body[0] if isinstance(body, list) and body else body
    if isinstance(sample, dict):
        extra = dict(sample, unexpected_key=1)
        wrong = [extra] if isinstance(body, list) else extra
        assert not check.is_valid(wrong), f"{path} accepts unknown keys"


def test_error_responses_match_the_error_schema(client, spec):
    r = client.get("/api/exporters/Rusia/profile")
    assert r.status_code == 404
    check = validator(spec, "/api/exporters/{actor}/profile", "get", "404")
    assert check.is_valid(r.json()), list(check.iter_errors(r.json()))
