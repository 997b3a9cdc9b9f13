"""SIPRI's TIV table view: years across, actors down, with totals; SIPRI's own values from its
TIV-table releases, the same figures as 'top' from a release with deliveries."""

from __future__ import annotations

import csv
import io
import json

import pytest
from typer.testing import CliRunner

from armsledger.analysis.ranking import top
from armsledger.analysis.tiv_table import tiv_table
from armsledger.cli import app
from armsledger.errors import InvalidRequestError
from armsledger.query import FigureQuery
from armsledger.store import Store

TABLE = "sipri-tiv-exports-2024-10"


@pytest.fixture(scope="module")
def store(bundled_db):
    s = Store(bundled_db, read_only=True)
    yield s
    s.close()


def test_sipris_own_table_is_read_as_published(store):
    t = tiv_table(store, "exporters", FigureQuery.build(period="2019-2023", release=TABLE))
    rel = store.release(TABLE)
    stored = {(a, y): v for a, y, v in store.execute(
        "SELECT actor, year, tiv FROM tiv_values WHERE release_id = ? AND tiv IS NOT NULL",
        [rel.release_id])}
    assert t.from_sipri_table and t.years == [2019, 2020, 2021, 2022, 2023]
    for row in t.rows:
        for year, value in zip(t.years, row.values, strict=True):
            assert value == stored.get((row.actor, year))
    totals = [a for a, _ in stored if a.lower().startswith("total")]
    assert t.world == [stored[(totals[0], y)] for y in t.years]  # SIPRI's own total row
    assert t.rows[0].actor == "United States"


def test_a_release_with_deliveries_gives_the_figures_of_top(store):
    q = FigureQuery.build(period="2021-2025", compare="none")
    t = tiv_table(store, "exporters", q)
    ranked = top(store, "exporters", q, limit=None)
    assert not t.from_sipri_table
    assert t.world_total == pytest.approx(ranked.world_tiv)
    by_actor = {r.actor: r.total for r in t.rows}
    for r in ranked.ranking[:10]:
        assert by_actor[r.actor] == pytest.approx(r.tiv)
    for r in t.rows:  # each row's total is the sum of its years
        assert r.total == pytest.approx(sum(v or 0.0 for v in r.values))
    assert [r.total for r in t.rows] == sorted((r.total for r in t.rows), reverse=True)
    kinds = {r.kind for r in t.rows}
    assert "state" in kinds and kinds - {"state"}  # non-state and unknown rows, as SIPRI's


def test_the_default_period_is_the_latest_ten_years(store):
    t = tiv_table(store, "importers")
    last = store.coverage(store.release(t.release)).last_year
    assert t.years == list(range(last - 9, last + 1))


def test_the_other_sides_table_is_refused(store):
    with pytest.raises(InvalidRequestError) as e:
        tiv_table(store, "importers", FigureQuery.build(release=TABLE))
    assert "holds no importers" in e.value.message


def test_the_cli_prints_writes_csv_and_json(bundled_db):
    runner = CliRunner()
    base = ["--db", str(bundled_db), "tiv-table", "exporters", "--from", "2021", "--to", "2025",
            "--limit", "3"]
    shown = runner.invoke(app, base)
    assert shown.exit_code == 0, shown.output
    assert "United States" in shown.output and "World" in shown.output
    got = runner.invoke(app, [*base, "--format", "csv"])
    rows = list(csv.reader(io.StringIO(got.stdout)))
    assert rows[0] == ["actor", "iso3", "kind", "2021", "2022", "2023", "2024", "2025", "total"]
    assert len(rows) == 5 and rows[-1][0] == "World"
    assert "# Release: sipri-register-2026-05" in got.stderr  # the stamp, beside the table
    data = json.loads(runner.invoke(app, [*base, "--format", "json"]).stdout)
    assert data["years"] == [2021, 2022, 2023, 2024, 2025] and len(data["rows"]) == 3
    assert data["provenance"]["release"] == "sipri-register-2026-05"
    assert len(data["provenance"]["sha256"]) == 64
    bad = runner.invoke(app, ["--db", str(bundled_db), "tiv-table", "--period", "1800-1801"])
    assert bad.exit_code == 1 and "Traceback" not in bad.output


def test_the_cli_writes_an_xlsx_with_its_source(bundled_db, tmp_path):
    import openpyxl

    out = tmp_path / "t.xlsx"
    r = CliRunner().invoke(app, ["--db", str(bundled_db), "tiv-table", "--from", "2021",
                                 "--to", "2025", "--limit", "3", "--format", "xlsx", "-o",
                                 str(out)])
    assert r.exit_code == 0, r.output
    book = openpyxl.load_workbook(out)
    rows = list(book.worksheets[0].iter_rows(values_only=True))
    assert rows[0][0] == "actor" and len(rows) == 5 and rows[-1][0] == "World"
    source = dict(book["Source"].iter_rows(values_only=True))
    assert source["Cite"].startswith("SIPRI Arms Transfers Database")
    needs_file = CliRunner().invoke(app, ["--db", str(bundled_db), "tiv-table", "--format",
                                          "xlsx"])
    assert needs_file.exit_code == 1 and "--output" in needs_file.output


def test_the_api_serves_the_same_table(store, bundled_db):
    from fastapi.testclient import TestClient

    from armsledger.api import create_app
    from armsledger.api.settings import ApiSettings

    client = TestClient(create_app(ApiSettings(db_path=bundled_db), store=store))
    r = client.get("/api/tiv-table/exporters", params={"period": "2021-2025", "limit": 3})
    assert r.status_code == 200
    lib = tiv_table(store, "exporters", FigureQuery.build(period="2021-2025"), limit=3)
    assert r.json() == json.loads(lib.model_dump_json())
    wrong = client.get("/api/tiv-table/importers", params={"release": TABLE})
    assert wrong.status_code == 422 and wrong.json()["error"]["code"] == "invalid_request"


def test_the_dashboard_shows_and_downloads_the_table(store, bundled_db):
    import openpyxl
    from fastapi.testclient import TestClient

    from armsledger.api import create_app
    from armsledger.api.settings import ApiSettings

    client = TestClient(create_app(ApiSettings(db_path=bundled_db), store=store))
    page = client.get("/tiv-table", params={"from": 2021, "to": 2025, "limit": 5})
    assert page.status_code == 200
    assert "United States" in page.text and ">World<" in page.text
    assert "/deals?" in page.text  # values from deliveries link to their deals
    sipri = client.get("/tiv-table", params={"release": TABLE, "from": 2019, "to": 2023})
    assert sipri.status_code == 200 and "as SIPRI published them" in sipri.text
    got = client.get("/tiv-table", params={"from": 2021, "to": 2025, "limit": 5,
                                           "format": "xlsx", "table": "tiv_table"})
    book = openpyxl.load_workbook(io.BytesIO(got.content))
    rows = list(book.worksheets[0].iter_rows(values_only=True))
    lib = tiv_table(store, "exporters", FigureQuery.build(period="2021-2025"), limit=5)
    assert rows[0][:3] == ("actor", "iso3", "kind") and rows[1][0] == lib.rows[0].actor
    assert rows[-1][0] == "World" and rows[-1][-1] == pytest.approx(lib.world_total)
    assert "Source" in book.sheetnames
    wrong = client.get("/tiv-table", params={"role": "importers", "release": TABLE})
    assert wrong.status_code == 422
