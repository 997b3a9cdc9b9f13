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


# -- period and release pickers ---------------------------------------------------------------


def picker_form(page: str) -> str:
    m = re.search(r'<form class="picker"(.*?)</form>', page, re.S)
    assert m, "no picker in the header"
    return m.group(0)


def field(form: str, name: str) -> str | None:
    m = re.search(rf'<input[^>]*name="{name}"[^>]*value="([^"]*)"', form)
    return html.unescape(m.group(1)) if m else None


def test_pickers_list_the_releases_with_their_coverage(client):
    summaries = client.get("/api/releases").json()
    names = [r["name"] for r in (summaries["releases"] if isinstance(summaries, dict)
                                 else summaries)]
    form = picker_form(client.get("/").text)
    options = re.findall(r'<option value="([^"]*)"( selected)?>([^<]*)</option>', form)
    assert sorted(o[0] for o in options) == sorted(names)
    selected = [o for o in options if o[1]]
    assert len(selected) == 1 and selected[0][0] == DY
    labels = {o[0]: html.unescape(o[2]) for o in options}
    assert re.fullmatch(rf"{DY} \(\d{{4}}-\d{{4}}\)( · default)?", labels[DY])
    assert any(re.match(r"sipri-register-2026-05 \(1950-2025\)", v) for v in labels.values())
    # the current period: the release's default, then what the URL says
    assert (field(form, "from"), field(form, "to")) == ("2020", "2024")
    form = picker_form(client.get("/?period=2015-2019").text)
    assert (field(form, "from"), field(form, "to")) == ("2015", "2019")
    form = picker_form(client.get("/exporters/France?from=2010&to=2014").text)
    assert (field(form, "from"), field(form, "to")) == ("2010", "2014")
    assert 'action="/exporters/France"' in form
    form = picker_form(client.get("/?release=sipri-register-2025").text)
    assert re.search(r'<option value="sipri-register-2025" selected>', form)


def test_pickers_keep_the_pages_other_parameters(client):
    cases = {
        "/?compare=none&limit=5&region=Europe&period=2016-2020":
            {"compare": "none", "limit": "5", "region": "Europe"},
        "/exporters/Russia?include_predecessors=1&compare=none":
            {"include_predecessors": "1", "compare": "none"},
        "/deals?supplier=France&category=Aircraft&from=2018&to=2020&page=2":
            {"supplier": "France", "category": "Aircraft"},
        "/embargoes?supplier=Russia&from=2015&to=2020": {"supplier": "Russia"},
    }
    for url, kept in cases.items():
        page = client.get(url)
        assert page.status_code == 200, url
        form = picker_form(page.text)
        hidden = dict(re.findall(r'<input type="hidden" name="([^"]*)" value="([^"]*)"', form))
        assert {k: html.unescape(v) for k, v in hidden.items()} == kept, url
        assert "period" not in hidden and "page" not in hidden
    deals = picker_form(client.get("/deals?supplier=France&from=2018&to=2020").text)
    assert (field(deals, "from"), field(deals, "to")) == ("2018", "2020")
    # every page's state is in its URL: the picker's own values reproduce the same figures
    a = client.get("/?period=2012-2016").text
    b = client.get("/?from=2012&to=2016&release=" + DY).text
    assert sort_values(a, "exporters") == sort_values(b, "exporters")


def sort_values(page: str, name: str) -> list[str]:
    section = re.search(rf'id="table-{name}">(.*?)</section>', page, re.S).group(1)
    return re.findall(r'data-sort="([^"]*)"', section)


def test_the_claim_checker_picks_the_release_only(client):
    form = picker_form(client.get("/claims").text)
    assert 'name="release"' in form and 'name="from"' not in form
    assert 'class="picker"' not in client.post("/claims", data={"text": "nothing"}).text


# -- actor autocomplete -----------------------------------------------------------------------


def test_actor_names_autocomplete(client):
    page = client.get("/").text
    assert re.search(r'<input name="q"[^>]*list="actor-names"', page)
    datalist = re.search(r'<datalist id="actor-names">(.*?)</datalist>', page, re.S).group(1)
    options = dict(re.findall(r'<option value="([^"]*)" label="([^"]*)">', datalist))
    options = {html.unescape(k): html.unescape(v) for k, v in options.items()}
    assert options["India"] == "state, IND"
    assert any(v.startswith("non-state actor") for v in options.values())
    assert "unknown" not in " ".join(options.values())
    # the actors of the page's release: the register since 1950 has the historical states
    page = client.get("/?release=sipri-register-2026-05").text
    assert re.search(r'<option value="Soviet Union" label="historical state', page)
    deals = client.get("/deals").text
    for name in ("supplier", "recipient"):
        assert re.search(rf'<input name="{name}"[^>]*list="actor-names"', deals)
    assert '<datalist id="actor-names">' in deals
