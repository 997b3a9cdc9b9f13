"""Filters and columns users see: the weapon-category filter (SIPRI's categories in any
spelling; an unknown one is an error with suggestions in the library, the CLI, the API and the
dashboard; it used to match nothing) and no table column that is empty for the release."""

from __future__ import annotations

import pytest
from fastapi.testclient import TestClient
from typer.testing import CliRunner

from armsledger.api import create_app
from armsledger.api.settings import ApiSettings
from armsledger.categories import CATEGORIES, canonical_category
from armsledger.cli import app
from armsledger.errors import UnknownCategoryError
from armsledger.query import FigureQuery
from armsledger.store import Store


@pytest.mark.parametrize(("given", "canonical"), [
    ("aircraft", "Aircraft"), ("Ship", "Ships"), ("air defence systems", "Air-defence systems"),
    ("AIR-DEFENCE SYSTEM", "Air-defence systems"), ("naval weapon", "Naval weapons"),
    (" Missiles ", "Missiles"),
])
def test_a_category_in_any_spelling_is_sipris(given, canonical):
    assert canonical_category(given) == canonical
    assert FigureQuery.build(category=given).category == canonical


def test_an_unknown_category_is_an_error_with_suggestions():
    with pytest.raises(UnknownCategoryError) as e:
        FigureQuery.build(category="Artilery")
    assert e.value.suggestions == ["Artillery"] and e.value.status == 422
    with pytest.raises(UnknownCategoryError) as e:
        FigureQuery.build(category="Planes")
    assert e.value.suggestions == list(CATEGORIES)  # nothing close: every category
    assert FigureQuery.build(category="").category is None


def test_the_cli_api_and_dashboard_refuse_an_unknown_category(bundled_db):
    r = CliRunner().invoke(app, ["--db", str(bundled_db), "deals", "--supplier", "Russia",
                                 "--category", "Planes"])
    assert r.exit_code == 1 and "unknown weapon category 'Planes'" in r.output
    assert "Aircraft" in r.output
    store = Store(bundled_db, read_only=True)
    try:
        client = TestClient(create_app(ApiSettings(db_path=bundled_db), store=store))
        api = client.get("/api/deals", params={"supplier": "Russia", "category": "Planes"})
        assert api.status_code == 422
        assert api.json()["error"]["code"] == "unknown_category"
        assert "Aircraft" in api.json()["error"]["suggestions"]
        ok = client.get("/api/deals", params={"supplier": "Russia", "category": "aircraft"})
        assert ok.status_code == 200 and ok.json()["total"] > 0
        page = client.get("/deals", params={"supplier": "Russia", "category": "Planes"})
        assert page.status_code == 422 and "unknown weapon category" in page.text
        form = client.get("/deals", params={"supplier": "Russia"}).text
        assert all(f"<option >{c}</option>" in form or f"<option>{c}</option>" in form
                   or f">{c}</option>" in form for c in CATEGORIES)
    finally:
        store.close()


def test_the_deals_page_shows_no_column_that_is_empty_for_the_release(bundled_db):
    """The delivery-year export has no 'number ordered': the page drops the all-'–' column
    (the downloads keep it); a register release shows it."""
    store = Store(bundled_db, read_only=True)
    try:
        client = TestClient(create_app(ApiSettings(db_path=bundled_db), store=store))
        q = {"supplier": "Russia", "from": "2020", "to": "2024"}
        dy = client.get("/deals", params={**q, "release": "sipri-deliveries-2026-02"})
        register = client.get("/deals", params={**q, "release": "sipri-register-2026-05"})
        assert dy.status_code == register.status_code == 200
        assert "No. ordered" not in dy.text and "No. ordered" in register.text
        csv = client.get("/deals", params={**q, "release": "sipri-deliveries-2026-02",
                                           "format": "csv", "table": "deals"})
        assert csv.status_code == 200 and "number_ordered" in csv.text.splitlines()[0]
    finally:
        store.close()


def test_empty_year_fields_of_a_form_are_years_not_given(bundled_db):
    """A form submitted with empty From/To boxes (``?from=&to=``) was a 422."""
    store = Store(bundled_db, read_only=True)
    try:
        client = TestClient(create_app(ApiSettings(db_path=bundled_db), store=store))
        assert client.get("/deals", params={"supplier": "Russia", "from": "", "to": ""}
                          ).status_code == 200
        assert client.get("/api/deals", params={"from": " ", "to": ""}).status_code == 200
        assert client.get("/api/deals", params={"from": "abc"}).status_code == 422
    finally:
        store.close()
