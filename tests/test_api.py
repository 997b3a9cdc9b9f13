"""The REST API: every endpoint, the one error shape, and figures equal to the library's."""

from __future__ import annotations

import pytest
from fastapi.testclient import TestClient

from armsledger.analysis.profile import profile
from armsledger.analysis.ranking import top
from armsledger.api import create_app
from armsledger.api.settings import ApiSettings
from armsledger.store import Store


@pytest.fixture(scope="module")
def client(bundled_db):
    store = Store(bundled_db, read_only=True)
    app = create_app(ApiSettings(db_path=bundled_db, max_text_chars=5_000), store=store)
    with TestClient(app) as c:
        yield c
    store.close()


DY = "sipri-deliveries-2026-02"
"""The delivery-year export (SIPRI's deal ids, exact yearly values, data to 2024)."""


def assert_error(response, status: int, type_: str) -> dict:
    assert response.status_code == status
    body = response.json()
    assert set(body) == {"error"}
    assert body["error"]["status"] == status and body["error"]["type"] == type_
    assert isinstance(body["error"]["message"], str) and body["error"]["message"]
    return body["error"]


def test_openapi_and_docs(client):
    spec = client.get("/openapi.json").json()
    for path in ("/api/releases", "/api/actors", "/api/deals", "/api/exporters/{actor}/profile",
                 "/api/recipients/{actor}/profile", "/api/top/{which}", "/api/trend/{actor}",
                 "/api/claims/extract", "/api/claims/check", "/api/screen", "/api/diff"):
        assert path in spec["paths"], path
        for method in spec["paths"][path].values():
            assert "200" in method["responses"]
    assert client.get("/docs").status_code == 200


def test_releases_and_actors(client):
    rels = client.get("/api/releases").json()
    assert [r["default"] for r in rels].count(True) == 1
    # the newest bundled release, SIPRI's May 2026 register, is the default
    assert rels[-1]["name"] == "sipri-register-2026-05" and rels[-1]["default"]
    actors = client.get("/api/actors", params={"q": "RUS"}).json()
    assert {"sipri_name": "Russia", "name": "Russia", "kind": "state", "iso3": "RUS",
            "region": "Europe", "subregion": "Eastern Europe"} in actors


def test_profile_equals_library(client, bundled_db):
    api = client.get("/api/exporters/RUS/profile", params={"period": "2020-2024"}).json()
    with Store(bundled_db, read_only=True) as store:
        lib = profile(store, "RUS", period="2020-2024").to_dict()
        lib_top = top(store, "importer", period="2015-2019", limit=5, release=DY).to_dict()
    assert api["tiv"] == lib["tiv"] and api["rank"] == lib["rank"] == 3
    assert api["recipients"] == lib["recipients"]
    by_name = client.get("/api/exporters/russia/profile", params={"period": "2020-2024"}).json()
    assert by_name["tiv"] == api["tiv"]
    india = client.get("/api/recipients/India/profile", params={"release": DY}).json()
    assert round(india["dependence"]["top_supplier_share_pct"]) == 36
    api_top = client.get("/api/top/importers", params={"period": "2015-2019", "limit": 5,
                                                       "release": DY}).json()
    assert api_top == lib_top


def test_top_for_a_region_and_a_bloc_profile(client, bundled_db):
    params = {"period": "2021-2025", "limit": 3, "recipient": "Africa"}
    api = client.get("/api/top/exporters", params=params).json()
    with Store(bundled_db, read_only=True) as store:
        lib = top(store, "exporter", period="2021-2025", limit=3, counterpart="Africa").to_dict()
    assert api == lib and api["counterpart"] == "Africa"
    # SIPRI, March 2026: arms imports by states in Africa fell by 41% (2021-25 vs 2016-20)
    assert round(api["world_change_pct"]) == -41
    within = client.get("/api/top/importers", params={"period": "2021-2025", "limit": 1,
                                                      "region": "Europe"}).json()
    assert within["within"] == "Europe" and within["ranking"][0]["actor"] == "Ukraine"
    bloc = client.get("/api/recipients/European NATO/profile",
                      params={"period": "2021-2025"}).json()
    assert bloc["kind"] == "bloc" and bloc["rank"] is None and "Poland" in bloc["actors"]
    bad = client.get("/api/top/exporters", params={"supplier": "France"})
    assert_error(bad, 422, "invalid_request")


def test_deals_paginated(client):
    params = {"supplier": "Russia", "recipient": "IND", "from": 2020, "to": 2024}
    first = client.get("/api/deals", params={**params, "page_size": 10}).json()
    second = client.get("/api/deals", params={**params, "page_size": 10, "page": 2}).json()
    assert first["total"] == second["total"] > 10
    assert len(first["items"]) == 10
    assert not {d["deal_id"] for d in first["items"]} & {d["deal_id"] for d in second["items"]}
    whole = client.get("/api/deals", params={**params, "page_size": 1000}).json()
    assert sum(d["tiv_delivered"] for d in whole["items"]) == pytest.approx(
        first["tiv_delivered"])
    assert first["unit"] == "TIV, millions"


def test_trend(client):
    t = client.get("/api/trend/Russia", params={"from": 2015, "to": 2024,
                                                "release": DY}).json()
    assert [r["year"] for r in t["series"]] == list(range(2015, 2025))
    assert t["series"][-1]["rolling_tiv"] == pytest.approx(
        client.get("/api/exporters/Russia/profile", params={"release": DY}).json()["tiv"])


def test_error_shape(client):
    err = assert_error(client.get("/api/exporters/Rusia/profile"), 404, "unknown_actor")
    assert "Russia" in err["suggestions"]
    assert_error(client.get("/api/exporters/RUS/profile", params={"period": "2024-2020"}),
                 422, "bad_period")
    assert_error(client.get("/api/top/everyone"), 422, "invalid_request")
    assert_error(client.get("/api/deals", params={"page": 0}), 422, "invalid_request")
    assert_error(client.get("/api/deals", params={"release": "nope"}), 404, "unknown_release")
    assert_error(client.get("/api/nothing-here"), 404, "not_found")
    assert_error(client.post("/api/claims/extract", json={"text": "x" * 6000}), 413,
                 "too_large")
    assert_error(client.post("/api/claims/check", json={}), 422, "invalid_request")
    assert_error(client.post("/api/claims/extract", json={"text": "a", "published": "soon"}),
                 422, "invalid_request")


def test_read_only(client):
    assert client.delete("/api/releases").status_code == 405
    assert client.post("/api/releases").status_code == 405


def test_claims_extract_and_check(client):
    text = ("MOSCOW, 30 January 2026 - Russian arms exports earned more than $15 billion in "
            "2025, with products delivered to over 30 countries, President Vladimir Putin said.")
    claims = client.post("/api/claims/extract", json={"text": text}).json()
    metrics = {c["metric"] for c in claims}
    assert {"export_value", "recipient_countries"} <= metrics
    for c in claims:
        assert text[c["span"][0]:c["span"][1]] == c["quote"]
    checks = client.post("/api/claims/check", json={"text": text},
                         params={"release": DY}).json()
    assert {c["verdict"] for c in checks} == {"not checkable"}  # 2025: after the data
    for c in checks:  # each quote comes back in its context, the quote itself unchanged
        ctx = c["in_context"]
        assert ctx["quote"] == c["claim"]["quote"]
        assert (ctx["before"] + ctx["quote"] + ctx["after"]).strip() in " ".join(text.split())
    given = client.post("/api/claims/check", json={"claims": [{
        "claimant": "SIPRI", "subject_exporter": "RUS", "metric": "rank", "value": 3,
        "unit": "rank", "currency": None, "qualifier": "exact", "period_start": "2020",
        "period_end": "2024", "quote": "third-largest"}]}).json()
    assert given[0]["verdict"] == "consistent"
    assert set(given[0]) == {"claim", "verdict", "evidence", "method", "in_context"}


def test_screen_and_diff(client):
    s = client.get("/api/screen", params={"embargo": "UN-LBY-2011", "supplier": "RUS",
                                          "release": DY}).json()
    assert {h["deal_id"] for h in s["hits"]} >= {"63629", "63630"}
    assert s["unit"] == "TIV, millions"
    d = client.get("/api/diff", params={"old": "sipri-register-2024-10",
                                        "new": "sipri-register-2025", "supplier": "DEU"}).json()
    assert d["counts"]["changed"] > 0 and d["unit"] == "TIV, millions"
    assert_error(client.get("/api/diff", params={"old": "x", "new": "y"}), 404,
                 "unknown_release")
