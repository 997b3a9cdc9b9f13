"""The dashboard's controls: XLSX downloads of every table, sortable and filterable tables
(``data-sort`` raw values), the period and release pickers in the page header and the actor
autocomplete."""

from __future__ import annotations

import html
import io
import re
import shutil

import openpyxl
import pytest
from fastapi.testclient import TestClient

from armsledger.api import create_app
from armsledger.api.settings import ApiSettings
from armsledger.web.tables import Column, Table, to_xlsx

DY = "sipri-deliveries-2026-02"
XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"


@pytest.fixture(scope="module")
def client(bundled_db, tmp_path_factory):
    db = tmp_path_factory.mktemp("controls") / "web.duckdb"
    shutil.copy(bundled_db, db)
    app = create_app(ApiSettings(db_path=db, release=DY))
    with TestClient(app) as c:
        yield c


def workbook(content: bytes) -> openpyxl.Workbook:
    return openpyxl.load_workbook(io.BytesIO(content))


# -- XLSX -------------------------------------------------------------------------------------


def test_xlsx_download_has_the_rows_and_a_source_sheet(client):
    csv_rows = client.get("/?format=csv&table=exporters").text.strip().splitlines()
    r = client.get("/?format=xlsx&table=exporters")
    assert r.status_code == 200
    assert r.headers["content-type"] == XLSX
    assert r.headers["content-disposition"].endswith('.xlsx"')
    assert r.headers["x-armsledger-release"] == DY
    wb = workbook(r.content)
    assert wb.sheetnames == ["exporters", "Source"]
    rows = list(wb["exporters"].iter_rows(values_only=True))
    assert rows[0] == tuple(csv_rows[0].split(","))
    assert len(rows) == len(csv_rows)
    first = dict(zip(rows[0], rows[1], strict=True))
    assert first["rank"] == 1 and first["actor"] == "United States"
    assert isinstance(first["tiv"], float)  # numbers stay numbers
    source = dict(wb["Source"].iter_rows(values_only=True))
    assert source["Release"] == DY
    assert "SIPRI" in source["Cite"] and len(source["SHA-256"]) == 64
    assert source["Unit"] == "TIV, millions"


def test_xlsx_beside_csv_and_json_on_every_table(client):
    for url in ("/", "/exporters/Russia", "/recipients/India", "/deals?supplier=France",
                "/embargoes", "/claims"):
        page = client.get(url).text
        for section in re.findall(r'<div class="downloads">(.*?)</div>', page, re.S):
            assert "CSV" in section and "JSON" in section and "XLSX" in section, url
    links = [html.unescape(h) for h in re.findall(r'href="([^"]*format=xlsx[^"]*)"',
                                                  client.get("/exporters/Russia").text)]
    assert links
    for link in links:
        r = client.get(link)
        assert r.status_code == 200, link
        assert "Source" in workbook(r.content).sheetnames


def test_xlsx_of_a_posted_page(client):
    text = "Russian arms exports earned more than $15 billion in 2025"
    r = client.post("/claims", data={"text": text, "format": "xlsx", "table": "checks"})
    assert r.status_code == 200 and r.headers["content-type"] == XLSX
    assert len(list(workbook(r.content)["checks"].iter_rows())) >= 2


def test_xlsx_writes_text_never_formulas():
    t = Table("t", "T", [Column("quote", "Quote"), Column("n", "N", "int"),
                         Column("ids", "Ids", "list")],
              [{"quote": '=HYPERLINK("http://x","y")', "n": -5, "ids": ["a", "b"]},
               {"quote": "@SUM(A1)", "n": None, "ids": []}])
    wb = workbook(to_xlsx(t, [("Release", "=cmd|' /C calc'!A0")]))
    cells = list(wb["t"].iter_rows(min_row=2))
    assert cells[0][0].data_type == "s" and cells[0][0].value == '\'=HYPERLINK("http://x","y")'
    assert cells[0][1].value == -5 and cells[0][2].value == "a; b"
    assert cells[1][0].value == "'@SUM(A1)" and cells[1][1].value is None
    assert wb["Source"]["B1"].value.startswith("'=")
    assert wb["Source"]["B1"].data_type == "s"


def test_xlsx_format_errors(client):
    assert client.get("/?format=xlsx&table=nothing").status_code == 404
    assert "xlsx" in client.get("/?format=pdf&table=exporters").text


# -- sortable tables --------------------------------------------------------------------------


def test_numeric_cells_carry_their_raw_value(client):
    page = client.get("/").text
    assert '<script defer src="/static/tables.js"></script>' in page
    section = re.search(r'id="table-exporters">(.*?)</section>', page, re.S).group(1)
    tiv = re.findall(r'<td class="k-tiv" data-sort="([^"]*)">(.*?)</td>', section, re.S)
    assert tiv
    for raw, shown in tiv:
        text = re.sub(r"<[^>]+>", "", shown).strip()
        if raw:
            assert float(raw) == pytest.approx(float(text.replace(",", "")), abs=0.51)
        else:
            assert text == "–"
    assert re.search(r'<td class="k-int" data-sort="1">1</td>', section)
    assert 'class="k-text" data-sort' not in page  # text cells sort by their text


def test_tables_js_is_served():
    from armsledger.web import STATIC

    js = (STATIC / "tables.js").read_text()
    assert len(js.encode()) < 8_000 and "aria-sort" in js and "data-sort" in js
