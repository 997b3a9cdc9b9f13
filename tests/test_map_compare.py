"""Map view and comparisons (issue 14 items 1 and 2): the library (placing a figure's actors on
the world map, or beside it; comparing several actors), the pages /map and /compare, and
``armsledger trend A B C --plot``."""

from __future__ import annotations

import csv
import io
import json
import math
import re
import shutil
from collections.abc import Iterator
from pathlib import Path

import pytest
from fastapi.testclient import TestClient
from typer.testing import CliRunner

from armsledger.analysis.compare import compare, parse_actors
from armsledger.analysis.geo import figure_map, iso_numeric, map_keys, place, topology_bytes
from armsledger.analysis.profile import profile
from armsledger.analysis.ranking import top
from armsledger.api import create_app
from armsledger.api.settings import ApiSettings
from armsledger.cli import app as cli_app
from armsledger.errors import InvalidRequestError, UnknownActorError
from armsledger.query import FigureQuery
from armsledger.store import Store

OLD = "1985-1989"  # the Soviet Union, Yugoslavia, ... and many non-state actors


@pytest.fixture(scope="module")
def store(bundled_db: Path) -> Iterator[Store]:
    with Store(bundled_db, read_only=True) as s:
        yield s


@pytest.fixture(scope="module")
def client(bundled_db: Path, tmp_path_factory: pytest.TempPathFactory) -> Iterator[TestClient]:
    db = tmp_path_factory.mktemp("mapweb") / "web.duckdb"
    shutil.copy(bundled_db, db)
    with TestClient(create_app(ApiSettings(db_path=db))) as c:
        yield c


# -- the library: placing -----------------------------------------------------------------


def test_topology_is_package_data_with_iso_numeric_ids():
    topo = json.loads(topology_bytes())
    assert topo["type"] == "Topology" and "countries" in topo["objects"]
    keys = map_keys()
    assert {"356", "643", "840", "250", "156", "Kosovo"} <= keys  # India ... and Kosovo by name
    assert iso_numeric("IND") == "356" and iso_numeric("SUN") is None


def test_place_sorts_states_historical_and_unplaceable():
    placed = place([
        ("India", "IND", "state", 10.0, 50.0),
        ("Kosovo", "XKX", "state", 1.0, 5.0),
        ("Singapore", "SGP", "state", 2.0, 10.0),
        ("Soviet Union", "SUN", "historical_state", 3.0, 15.0),
        ("Houthi rebels (Yemen)*", "YEM", "non_state", 1.5, 7.5),
        ("NATO**", None, "organisation", 1.0, 5.0),
        ("unknown recipient(s)", None, "unknown", 1.5, 7.5),
    ])
    assert [(s.actor, s.map_key) for s in placed.states] == [("India", "356"),
                                                            ("Kosovo", "Kosovo")]
    assert [s.actor for s in placed.too_small] == ["Singapore"]
    assert [h.actor for h in placed.historical] == ["Soviet Union"]
    unplaced = {u.actor: u for u in placed.unplaced}
    assert set(unplaced) == {"Houthi rebels (Yemen)*", "NATO**", "unknown recipient(s)"}
    # a non-state actor's location is named, never drawn
    assert unplaced["Houthi rebels (Yemen)*"].location == "Yemen"
    assert unplaced["NATO**"].reason == "organisation"
    assert all(s.map_key != "887" for s in placed.states)  # Yemen's shape is not coloured


def test_exporter_map_equals_its_profile(store: Store):
    q = FigureQuery.build(supplier="Russia")
    m = figure_map(store, "recipients", q)
    prof = profile(store, q.with_period(None, "none"))
    assert m.total_tiv == prof.tiv and m.period == prof.period
    listed = m.states + m.too_small
    assert math.isclose(math.fsum(s.tiv for s in listed) + math.fsum(
        o.tiv for o in m.historical + m.unplaced), prof.tiv, rel_tol=1e-12)
    assert {s.actor for s in listed} | {h.actor for h in m.historical} == \
        {r.actor for r in prof.recipients}
    assert {u.actor for u in m.unplaced} == {r.actor for r in prof.non_state_recipients}
    india = next(s for s in m.states if s.actor == "India")
    assert india.map_key == "356" and india.share_pct == prof.recipients[0].share_pct


def test_recipient_map_lists_unknown_suppliers_beside(store: Store):
    m = figure_map(store, "suppliers", FigureQuery.build(recipient="India", period=OLD))
    assert "Soviet Union" in {h.actor for h in m.historical}
    assert "Russia" not in {s.actor for s in m.states}  # never drawn in the USSR's place


def test_world_map_totals_equal_top(store: Store):
    q = FigureQuery.build(period=OLD)
    m = figure_map(store, "importers", q)
    ranked = top(store, "importer", q, limit=None)
    assert m.total_tiv == ranked.world_tiv and not m.warnings
    everyone = m.states + m.too_small + m.historical + m.unplaced
    assert math.isclose(math.fsum(a.tiv for a in everyone), ranked.world_tiv, rel_tol=1e-9)
    assert math.isclose(math.fsum(u.tiv for u in m.unplaced), ranked.unranked_tiv,
                        rel_tol=1e-9, abs_tol=1e-6)
    assert {"Soviet Union", "Yugoslavia", "Czechoslovakia", "East Germany (GDR)"} <= \
        {h.actor for h in m.historical}
    kinds = {u.kind for u in m.unplaced}
    assert {"non_state", "organisation", "unknown"} <= kinds
    assert m.notes["historical"] and m.notes["unplaced"]


def test_map_needs_its_actor(store: Store):
    with pytest.raises(InvalidRequestError):
        figure_map(store, "recipients", FigureQuery.build())
    with pytest.raises(InvalidRequestError):
        figure_map(store, "weather", FigureQuery.build())
    with pytest.raises(UnknownActorError):
        figure_map(store, "recipients", FigureQuery.build(supplier="Rusia"))


# -- the library: comparing -----------------------------------------------------------------


def test_compare_totals_equal_profiles(store: Store):
    c = compare(store, "USA,RUS,FRA,CHN")
    assert [t.actor for t in c.totals] == ["United States", "Russia", "France", "China"]
    for t in c.totals:
        prof = profile(store, FigureQuery.build(supplier=t.query, release=c.release))
        assert prof.period == c.period
        assert math.isclose(t.tiv, prof.tiv, rel_tol=1e-12)
        assert math.isclose(t.share_pct or 0, prof.share_of_world_pct or 0, rel_tol=1e-9)
    assert {p.actor for p in c.series} == {t.actor for t in c.totals}
    assert c.suppliers is None and c.unit == "TIV, millions"


def test_compare_importers_with_suppliers(store: Store):
    c = compare(store, ["India", "Pakistan"], role="importer", top_suppliers=3)
    assert c.suppliers is not None
    india = [s for s in c.suppliers if s.recipient == "India"]
    prof = profile(store, FigureQuery.build(recipient="India", release=c.release))
    assert [s.supplier for s in india] == [r.actor for r in prof.suppliers[:3]]


def test_compare_lists_an_actor_once():
    assert parse_actors(["USA, RUS", "USA"]) == ["USA", "RUS"]


# -- the pages ------------------------------------------------------------------------------


def specs(page: str) -> dict[str, dict]:
    return {m.group(1): json.loads(m.group(2)) for m in re.finditer(
        r'<script type="application/json" id="spec-([^"]+)">(.*?)</script>', page, re.S)}


def test_map_page_exporter(client: TestClient):
    r = client.get("/map?exporter=Russia")
    assert r.status_code == 200
    page = r.text
    assert "Russia: where its arms exports went" in page
    spec = specs(page)["map"]
    assert spec["layer"][0]["data"]["url"] == "/static/geo/countries-110m.json"
    values = spec["layer"][1]["transform"][2]["from"]["data"]["values"]
    assert {"key": "356", "actor": "India"}.items() <= next(
        v for v in values if v["actor"] == "India").items()
    assert "TIV, millions" in json.dumps(spec) and "sipri.org/databases/armstransfers" in \
        json.dumps(spec)
    for part in ('id="table-states"', 'id="table-unplaced"', 'id="table-historical"',
                 'id="beside-unplaced"', "/exporters/Russia#flow", 'href="/map"',
                 'href="/compare"'):
        assert part in page


def test_the_map_colours_by_the_measure_and_scale_chosen(client: TestClient):
    default = specs(client.get("/map?exporter=Russia").text)["map"]["layer"][1]["encoding"]
    assert default["color"]["field"] == "tiv" and default["color"]["scale"]["type"] == "sqrt"
    page = client.get("/map?exporter=Russia&measure=share&scale=quantile").text
    colour = specs(page)["map"]["layer"][1]["encoding"]["color"]
    assert colour["field"] == "share_pct"
    assert colour["title"] == "Share of Russia's exports, %"
    assert colour["scale"] == {"type": "quantile", "scheme": {"name": "greens", "count": 5}}
    # the choice is in the page's form, so a shared URL shows the same map
    assert '<option value="share" selected>' in page
    assert '<option value="quantile" selected>' in page
    log = specs(client.get("/map?what=importers&scale=log").text)["map"]["layer"][1]
    assert log["encoding"]["color"]["scale"]["type"] == "log"
    assert {"filter": "datum.tiv > 0"} in log["transform"]  # log(0) is left grey
    assert client.get("/map?measure=price").status_code == 422
    assert client.get("/map?scale=cubic").status_code == 422


def test_map_page_world_and_downloads(client: TestClient):
    r = client.get(f"/map?what=importers&period={OLD}")
    assert r.status_code == 200 and "Soviet Union" in r.text and "NATO**" in r.text
    csv_r = client.get(f"/map?what=importers&period={OLD}&format=csv&table=unplaced")
    rows = list(csv.DictReader(io.StringIO(csv_r.text)))
    assert any(row["actor"] == "NATO**" for row in rows)
    js = client.get(f"/map?what=importers&period={OLD}&format=json&table=historical").json()
    assert "Soviet Union" in json.dumps(js)


def test_topology_is_served(client: TestClient):
    r = client.get("/static/geo/countries-110m.json")
    assert r.status_code == 200 and r.json()["type"] == "Topology"
    etag = r.headers["etag"]
    assert client.get("/static/geo/countries-110m.json",
                      headers={"if-none-match": etag}).status_code == 304


def test_map_unknown_actor_is_the_error_page(client: TestClient):
    r = client.get("/map?exporter=Rusia")
    assert r.status_code == 404 and "Unknown actor" in r.text
    assert 'href="/map?exporter=Russia"' in r.text


def test_compare_page(client: TestClient):
    r = client.get("/compare?actors=USA,RUS,FRA,CHN&role=exporter")
    assert r.status_code == 200
    charts = specs(r.text)
    names = charts["compare-tiv"]["layer"][-1]["encoding"]["color"]["scale"]["domain"]
    assert names == ["United States", "Russia", "France", "China"]
    assert charts["compare-tiv"]["layer"][-1]["encoding"]["y"]["title"] == "TIV, millions"
    assert 'id="table-totals"' in r.text and "sipri.org/databases/armstransfers" in r.text
    totals = list(csv.DictReader(io.StringIO(client.get(
        "/compare?actors=USA,RUS,FRA,CHN&format=csv&table=totals").text)))
    assert [t["actor"] for t in totals] == ["United States", "Russia", "France", "China"]


def test_compare_importers_page_has_suppliers_side_by_side(client: TestClient):
    r = client.get("/compare?role=importer&actors=India,Pakistan")
    assert r.status_code == 200 and 'id="table-suppliers"' in r.text
    assert "India: supplier" in r.text and "Pakistan: supplier" in r.text


def test_compare_unknown_actor_keeps_the_others(client: TestClient):
    r = client.get("/compare?actors=USA,Rusia")
    assert r.status_code == 404 and "Unknown actor" in r.text
    assert "/compare?actors=USA%2CRussia" in r.text


# -- the CLI ----------------------------------------------------------------------------------


def test_cli_trend_several_actors_plot(bundled_db: Path, tmp_path: Path):
    out = tmp_path / "three.json"
    result = CliRunner().invoke(cli_app, ["--db", str(bundled_db), "trend", "USA", "RUS",
                                          "FRA", "--plot", str(out)])
    assert result.exit_code == 0, result.output
    spec = json.loads(out.read_text())
    assert "United States" in json.dumps(spec) and "Russia" in json.dumps(spec)
    assert "Share of world exports" in result.output
    one = CliRunner().invoke(cli_app, ["--db", str(bundled_db), "trend", "Russia", "--json"])
    assert one.exit_code == 0 and json.loads(one.output)["actor"] == "Russia"


def test_the_api_compares_as_the_library_does(bundled_db):
    import json

    from fastapi.testclient import TestClient

    from armsledger.analysis.compare import compare
    from armsledger.api import create_app
    from armsledger.api.settings import ApiSettings
    from armsledger.query import FigureQuery
    from armsledger.store import Store

    with Store(bundled_db, read_only=True) as store:
        client = TestClient(create_app(ApiSettings(db_path=bundled_db), store=store))
        r = client.get("/api/compare", params={"actors": "India,Pakistan", "role": "importer",
                                               "period": "2021-2025"})
        assert r.status_code == 200
        lib = compare(store, "India,Pakistan", role="importer",
                      query=FigureQuery.build(period="2021-2025"))
        assert r.json() == json.loads(lib.model_dump_json())
        bad = client.get("/api/compare", params={"actors": "USA,Narnia"})
        assert bad.status_code == 404 and bad.json()["error"]["code"] == "unknown_actor"


def test_a_map_of_deliveries_to_embargo_targets(bundled_db):
    """Each delivery (deal, year) once per recipient, whatever number of embargoes covered it;
    non-state targets listed beside the map; the totals are the screening's."""
    from fastapi.testclient import TestClient

    from armsledger.analysis.geo import figure_map
    from armsledger.api import create_app
    from armsledger.api.settings import ApiSettings
    from armsledger.embargoes.screen import screen
    from armsledger.query import FigureQuery
    from armsledger.store import Store

    with Store(bundled_db, read_only=True) as store:
        q = FigureQuery.build(supplier="Russia", period="2016-2025")
        m = figure_map(store, "embargoes", q)
        hits = screen(store, query=q).result().hits
        once = {(h.recipient, h.deal_id, h.year): h.tiv or 0.0 for h in hits}
        assert m.total_tiv == pytest.approx(sum(once.values()))
        on_map = {s.actor: s.tiv for s in m.states}
        assert on_map["China"] == pytest.approx(sum(v for (r, _, _), v in once.items()
                                                    if r == "China"))
        assert any(u.reason == "non-state actor" for u in m.unplaced)
        assert m.period == "2016-2025" and "any status" in m.share_of
        client = TestClient(create_app(ApiSettings(db_path=bundled_db), store=store))
        page = client.get("/map", params={"what": "embargoes", "exporter": "Russia",
                                          "period": "2016-2025"})
        assert page.status_code == 200 and "targets of arms embargoes" in page.text
        assert "/embargoes?" in page.text  # each value links to its screening
        assert "screening behind its figure" in page.text
