"""Property-based test of the REST API with schemathesis: requests generated from the app's
own OpenAPI schema, valid ones and invalid ones, for every operation, each answer checked for
no server error, a documented status, a declared content type, documented headers and a body
that conforms to the documented schema; invalid requests must be refused (4xx).

Bounded and deterministic: hypothesis with a fixed seed (``derandomize``), a few examples per
operation and generation mode, the small bundled test database (well under 90 s on two cores).

The schema is loaded from the app in a fixture (``schemathesis.openapi.from_asgi``) and each
operation's cases come from ``APIOperation.as_strategy``: schemathesis' lazy pytest loader
(``schemathesis.pytest.from_fixture``) does not run under pytest 9 (it reads a private
``_nodeid``), and building the app at import time would need the database before the session's
fixtures exist.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest
from hypothesis import HealthCheck, given, settings
from schemathesis import GenerationMode
from schemathesis import checks as st_checks
from schemathesis.specs.openapi import checks as oas_checks

from armsledger.api import create_app
from armsledger.api.settings import ApiSettings
from armsledger.store import Store

EXAMPLES = 25
"""Examples per operation and generation mode."""

OPERATIONS = sorted(
    f"{method.upper()} {path}"
    for path, ops in create_app(ApiSettings(db_path=Path("unused.duckdb"))).openapi()["paths"]
    .items() for method in ops)
"""Every operation of the schema (the app is only built here, never started: no database)."""

CHECKS = [
    st_checks.not_a_server_error,
    oas_checks.status_code_conformance,
    oas_checks.content_type_conformance,
    oas_checks.response_headers_conformance,
    oas_checks.response_schema_conformance,
    oas_checks.negative_data_rejection,
]
"""The checks for every operation. Two built-in checks are not in this list:

- ``positive_data_acceptance`` (every schema-valid request succeeds) runs for the POST
  operations only, whose bodies the schema describes exactly. The GET operations take strings
  whose meaning no schema states: a period must lie within the release's years (a valid
  ``period=1901-1902`` is rightly 422 ``period_not_covered``), ``compare`` and actor, region
  and release names are looked up in the data.
- ``unsupported_method`` belongs to schemathesis' coverage phase, which ``as_strategy`` does
  not run; ``tests/test_api_hygiene.py`` checks the 405 answers and their ``Allow`` header.
"""


@pytest.fixture(scope="module")
def api_schema(bundled_db):
    import schemathesis

    store = Store(bundled_db, read_only=True)
    app = create_app(ApiSettings(db_path=bundled_db, max_text_chars=5_000,
                                 max_request_seconds=20), store=store)
    yield schemathesis.openapi.from_asgi("/openapi.json", app)
    store.close()


def case_free_call(api_schema: Any, path: str) -> Any:
    from fastapi.testclient import TestClient

    with TestClient(api_schema.app) as client:
        return client.get(path, params={"unexpected": "1"})


def _run(operation: Any, mode: GenerationMode, checks: list[Any]) -> None:
    @given(case=operation.as_strategy(generation_mode=mode))
    @settings(max_examples=EXAMPLES, deadline=None, derandomize=True, database=None,
              suppress_health_check=list(HealthCheck))
    def run(case: Any) -> None:
        case.call_and_validate(checks=checks)

    run()


@pytest.mark.parametrize("label", OPERATIONS)
@pytest.mark.parametrize("mode", [GenerationMode.POSITIVE, GenerationMode.NEGATIVE],
                         ids=["valid", "invalid"])
def test_operation_conforms_to_its_schema(api_schema, label, mode):
    operation = api_schema.find_operation_by_label(label)
    assert operation is not None, label
    if mode is GenerationMode.NEGATIVE and not operation.definition.raw.get("parameters") \
            and "requestBody" not in operation.definition.raw:
        # no request of it is invalid: what it does answer is checked by the valid run, and
        # here that extra query parameters are ignored (not a 5xx)
        r = case_free_call(api_schema, operation.path)
        assert r.status_code == 200, r.text
        return
    checks = list(CHECKS)
    if label.startswith("POST "):
        checks.append(oas_checks.positive_data_acceptance)
    _run(operation, mode, checks)
