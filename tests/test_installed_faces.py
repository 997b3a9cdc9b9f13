"""The installed base on the API and the dashboard (issue 15): the same figures as the
library, with the assumptions and caveats on every output."""

from __future__ import annotations

import csv
import html
import io
import json
import re

import pytest

from armsledger.analysis.installed_base import (
    ALL_CATEGORIES,
    CAVEAT_RETIREMENT,
    dependence_for,
    installed_base_for,
    second_hand_for,
    supplier_base_for,
)
from armsledger.query import FigureQuery
from armsledger.store import Store


@pytest.fixture(scope="module")
def db(bundled_db):
    return bundled_db


@pytest.fixture(scope="module")
def client(bundled_client):
    return bundled_client


def text(page: str) -> str:
    """A page's text: tags dropped, entities decoded, white space collapsed."""
    return " ".join(html.unescape(re.sub(r"<[^>]+>", "", page)).split())


def specs(page: str) -> dict[str, dict]:
    return {m.group(1): json.loads(m.group(2)) for m in re.finditer(
        r'<script type="application/json" id="spec-([^"]+)">(.*?)</script>', page, re.S)}


def test_the_api_gives_the_librarys_figures(client, db):
    with Store(db, read_only=True) as s:
        india = installed_base_for(s, FigureQuery.build(recipient="India"), as_of=2025,
                                   service_life="aircraft=40").to_dict()
        africa = supplier_base_for(s, FigureQuery.build(supplier="Russia", recipient="Africa"),
                                   as_of=2020).to_dict()
        dep = dependence_for(s, FigureQuery.build(supplier="Russia", recipient="CSTO"),
                             as_of=2025).to_dict()
        second = second_hand_for(s, FigureQuery.build(supplier="Russia",
                                                      period="2016-2025")).to_dict()
    assert client.get("/api/recipients/India/base",
                      params={"as_of": 2025, "service_life": "aircraft=40"}).json() == india
    assert client.get("/api/exporters/Russia/base",
                      params={"recipient": "Africa", "as_of": 2020}).json() == africa
    assert client.get("/api/dependence", params={"origin": "Russia", "group": "CSTO",
                                                 "as_of": 2025}).json() == dep
    assert client.get("/api/exporters/Russia/second-hand",
                      params={"from": 2016, "to": 2025}).json() == second
    # the assumptions travel with the figures
    assert india["caveats"][0] == CAVEAT_RETIREMENT
    assert {x["category"]: x["years"] for x in india["service_life"]}["Aircraft"] == 40


def test_bad_assumptions_are_the_projects_errors(client):
    bad = client.get("/api/recipients/India/base", params={"service_life": "aircraft=400"})
    assert bad.status_code == 422 and "aircraft=400" in bad.json()["error"]["message"]
    assert client.get("/api/recipients/India/base",
                      params={"service_life": "planes=30"}).json()["error"]["code"] \
        == "unknown_category"
    assert client.get("/api/dependence", params={"origin": "Africa",
                                                 "group": "Africa"}).status_code == 422
    assert client.get("/base", params={"recipient": "Rusia"}).status_code == 404


def test_the_recipient_page_shows_the_base_with_its_assumptions(client, db):
    with Store(db, read_only=True) as s:
        want = installed_base_for(s, FigureQuery.build(recipient="India"), as_of=2025,
                                  service_life="aircraft=40")
    r = client.get("/base", params={"recipient": "India", "as_of": 2025,
                                    "service_life": "aircraft=40"})
    assert r.status_code == 200
    page = text(r.text)
    head = want.headline[0]
    assert f"is {head.origin}" in page and "Russia incl. Soviet Union" in page
    assert CAVEAT_RETIREMENT in page and want.method in page
    assert "Aircraft 40 (yours)" in page  # the user's service life, marked
    stack = specs(r.text)["stack"]
    cats = {d["category"] for d in stack["data"]["values"]}
    assert ALL_CATEGORIES in cats and "Missiles" not in cats
    # each bar adds up to 100% (small origins grouped as 'other origins')
    for cat in cats:
        total = sum(d["share"] for d in stack["data"]["values"] if d["category"] == cat)
        assert total == pytest.approx(100, abs=0.01)
    shares = list(csv.DictReader(io.StringIO(client.get(
        "/base", params={"recipient": "India", "as_of": 2025, "service_life": "aircraft=40",
                         "format": "csv", "table": "shares"}).text)))
    assert len(shares) == len(want.shares)


def test_the_supplier_page_and_the_dependence_page(client, db):
    with Store(db, read_only=True) as s:
        sb = supplier_base_for(s, FigureQuery.build(supplier="Russia", recipient="Africa"))
        dep = dependence_for(s, FigureQuery.build(supplier="Russia", recipient="Africa"))
    raw = client.get("/base", params={"exporter": "Russia", "recipient": "Africa"}).text
    page = text(raw)
    assert f"The majority of the base's TIV in {len(sb.majority_recipients)} recipients" in page
    for name in sb.majority_recipients:
        assert name in page
    for block in ('id="table-rows"', 'id="table-licensed"', 'id="table-second_hand"',
                  'id="assumptions"'):
        assert block in raw
    page = text(client.get("/dependence", params={"origin": "Russia", "group": "Africa"}).text)
    assert f"in {len(dep.majority_states)} of {len(dep.members)} members" in page
    assert CAVEAT_RETIREMENT in page


def test_the_map_colours_states_by_dependence(client, db):
    with Store(db, read_only=True) as s:
        sb = supplier_base_for(s, FigureQuery.build(supplier="Russia"), as_of=2025)
    want = {r.recipient: r.tiv_share_pct for r in sb.rows
            if r.category == ALL_CATEGORIES and r.origin_tiv}
    r = client.get("/map", params={"what": "dependence", "exporter": "Russia",
                                   "period": "2025"})
    assert r.status_code == 200
    layer = specs(r.text)["map"]["layer"][1]
    assert layer["encoding"]["color"]["field"] == "share_pct"  # the default for dependence
    values = {v["actor"]: v["share_pct"] for v in layer["transform"][2]["from"]["data"]["values"]}
    assert values["India"] == pytest.approx(want["India"])
    assert set(values) <= set(want)
    assert CAVEAT_RETIREMENT in text(r.text)
    assert "/base?recipient=India" in json.dumps(layer)


def test_the_recipient_page_shows_its_installed_base(client, db):
    with Store(db, read_only=True) as s:
        want = installed_base_for(s, FigureQuery.build(recipient="India"), as_of=2025)
    r = client.get("/recipients/India", params={"period": "2021-2025"})
    assert r.status_code == 200
    stack = specs(r.text)["base_stack"]
    got = {(d["category"], d["origin"]): d["share"] for d in stack["data"]["values"]}
    head = want.headline[0]
    assert got[(ALL_CATEGORIES, head.origin)] == pytest.approx(head.tiv_share_pct)
    page = text(r.text)
    assert f"the largest origin is {head.origin}" in page
    assert "/base?recipient=India&amp;as_of=2025" in r.text
    # the exporter page links to where its designs are in service
    assert "/base?exporter=Russia" in client.get("/exporters/Russia").text
