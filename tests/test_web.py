"""The dashboard (server-rendered pages): every page, its links to the deals behind the figures,
the CSV/JSON downloads of its tables, the claim checker and the HTML error pages."""

from __future__ import annotations

import csv
import html
import importlib.util
import io
import json
import re
import shutil
from urllib.parse import parse_qs, urlsplit

import pytest
from fastapi.testclient import TestClient

from armsledger.api import create_app
from armsledger.api.settings import ApiSettings

CLAIM_TEXT = ("Russian arms exports earned more than $15 billion in 2025, with products in over "
              "30 countries")
VERDICTS = ("consistent", "inconsistent", "not comparable", "not checkable")
HAS_SCREEN = importlib.util.find_spec("armsledger.embargoes.screen") is not None


DY = "sipri-deliveries-2026-02"


@pytest.fixture(scope="module")
def client(bundled_db, tmp_path_factory):
    """The app over a copy of the bundled database, serving the delivery-year export by default
    (ARMSLEDGER_RELEASE): the pages are checked against SIPRI's March 2025 fact sheet, whose
    data it holds with SIPRI's deal ids; the default of a plain install is the 2026 register."""
    db = tmp_path_factory.mktemp("web") / "web.duckdb"
    shutil.copy(bundled_db, db)
    app = create_app(ApiSettings(db_path=db, max_text_chars=20_000, release=DY))
    with TestClient(app) as c:
        yield c


def hrefs(page: str) -> list[str]:
    return [html.unescape(h) for h in re.findall(r'href="([^"]*)"', page)]


def table_html(page: str, name: str) -> str:
    m = re.search(rf'<section class="block table-block" id="table-{name}">(.*?)</section>', page,
                  re.S)
    assert m, f"table {name} not on the page"
    return m.group(1)


def first_cells(section: str, column: int) -> list[str]:
    rows = re.findall(r"<tr[^>]*>(.*?)</tr>", section, re.S)[1:]
    out = []
    for row in rows:
        cells = re.findall(r"<td[^>]*>(.*?)</td>", row, re.S)
        out.append(html.unescape(re.sub(r"<[^>]+>", "", cells[column])).strip())
    return out


def specs(page: str) -> dict[str, dict]:
    return {m.group(1): json.loads(m.group(2)) for m in re.finditer(
        r'<script type="application/json" id="spec-([^"]+)">(.*?)</script>', page, re.S)}


def axis_titles(spec: dict) -> list[str]:
    out = []

    def walk(node):
        if isinstance(node, dict):
            for key, value in node.items():
                if key in ("x", "y") and isinstance(value, dict) and value.get("type") == \
                        "quantitative" and value.get("title"):
                    out.append(value["title"])
                walk(value)
        elif isinstance(node, list):
            for v in node:
                walk(v)

    walk(spec)
    return out


def common(page: str) -> None:
    """What every page carries: nav, the SIPRI citation and release, 'TIV is not money'."""
    assert '<nav class="main"' in page
    assert "SIPRI Arms Transfers Database, https://www.sipri.org/databases/armstransfers" in page
    assert 'class="release">sipri-deliveries-2026-02<' in page
    assert "TIV is not money" in page


# -- home --------------------------------------------------------------------------------------


def test_home_lists_top_exporters_and_importers(client):
    r = client.get("/?period=2020-2024")
    assert r.status_code == 200 and r.headers["content-type"].startswith("text/html")
    page = r.text
    common(page)
    exporters = first_cells(table_html(page, "exporters"), 1)
    assert exporters[:3] == ["United States", "France", "Russia"]
    shares = first_cells(table_html(page, "exporters"), 3)
    assert shares[:3] == ["42.6%", "9.6%", "7.8%"]
    assert first_cells(table_html(page, "exporters"), 4)[2] == "-64%"
    assert first_cells(table_html(page, "importers"), 1)[0] == "Ukraine"
    links = hrefs(page)
    assert "/exporters/United%20States" in links
    assert "/recipients/India" in links
    assert "/deals?supplier=Russia&from=2020&to=2024" in links
    charts = specs(page)
    assert set(charts) == {"top-exporters", "top-importers"}
    assert '<script type="module" src="/static/vega.js"></script>' in page


def test_home_other_period_and_bad_period(client):
    page = client.get("/?period=2015-2019&limit=5").text
    assert "Top exporters, 2015-2019" in page
    assert len(first_cells(table_html(page, "exporters"), 1)) == 5
    r = client.get("/?period=twenty")
    assert r.status_code == 422 and r.headers["content-type"].startswith("text/html")
    assert "Bad period" in r.text and "is not a period" in r.text
    assert client.get("/?period=2020-2024&compare=2024-2010").status_code == 422
    r = client.get("/?limit=0")
    assert r.status_code == 422 and "Invalid request" in r.text


# -- exporter page -----------------------------------------------------------------------------


@pytest.fixture(scope="module")
def russia(client):
    r = client.get("/exporters/Russia")
    assert r.status_code == 200
    return r.text


def test_exporter_page_headline_and_tables(russia):
    common(russia)
    assert "Russia: arms exports" in russia
    assert '<span class="value">7.8%</span>' in russia
    assert '<span class="value">-64%</span>' in russia
    assert '<span class="value">#3</span>' in russia
    assert "TIV, millions" in russia
    for name in ("comparison", "recipients", "non_state_recipients", "regions", "blocs",
                 "categories", "status", "backlog", "yearly", "claims"):
        table_html(russia, name)
    assert first_cells(table_html(russia, "recipients"), 1)[:2] == ["India", "China"]
    assert "HoR (Libya)*" in table_html(russia, "non_state_recipients")
    assert "Asia and Oceania" in table_html(russia, "regions")
    assert "BRICS" in table_html(russia, "blocs")
    assert "open orders" in table_html(russia, "backlog")


def test_exporter_page_links_to_the_deals(russia):
    links = hrefs(russia)
    assert "/deals?supplier=Russia&recipient=India&from=2020&to=2024" in links
    assert "/deals?supplier=Russia&from=2020&to=2024" in links  # the headline figures
    assert "/deals?supplier=Russia&from=2015&to=2019" in links  # the compare period
    assert "/deals?supplier=Russia&from=2020&to=2024&category=Aircraft" in links
    assert "/deals?supplier=Russia&recipient=India&open_orders=1" in links
    assert any(h.startswith("/deals?ids=") for h in links)  # blocs, regions
    assert "/recipients/India" in links
    assert "/exporters/Russia?format=csv&table=recipients" in links


def test_exporter_page_charts(russia):
    charts = specs(russia)
    assert {"yearly", "comparison", "counterparts", "flow", "claims"} <= set(charts)
    yearly = charts["yearly"]
    assert yearly["$schema"].startswith("https://vega.github.io/schema/vega-lite/")
    bars, line = yearly["layer"]
    assert bars["mark"]["type"] == "bar" and line["mark"]["type"] == "line"
    years = [d["year"] for d in yearly["data"]["values"]]
    assert years[0] == 1995 and years[-1] == 2024
    assert yearly["data"]["values"][-1]["href"] == "/deals?supplier=Russia&from=2024&to=2024"
    for name in ("yearly", "comparison", "counterparts", "flow"):
        titles = axis_titles(charts[name])
        assert all("TIV, millions" in t for t in titles), (name, titles)
        assert "USD" not in json.dumps(charts[name])
    flow_text = json.dumps(charts["flow"])
    assert "Asia and Oceania" in flow_text and "India (4,273)" in flow_text
    # the claims chart shows money and TIV as indexes only, never on one scale
    claims = charts["claims"]
    assert claims["encoding"]["y"]["title"] == "Index, 2011 = 100"
    assert axis_titles(claims) == ["Year", "Index, 2011 = 100"]


def test_exporter_claims_and_embargo_panel(russia):
    claims = table_html(russia, "claims")
    assert "export value" in claims
    assert "inconsistent" in claims or "consistent" in claims
    assert "not comparable" in claims
    if HAS_SCREEN:
        assert "UN-IRN-2010" in table_html(russia, "embargo_flags")
        assert "bound" in table_html(russia, "embargo_status")
    else:
        assert "Embargo screening is not installed" in russia


def test_exporter_by_iso3_options_and_other_periods(client):
    page = client.get("/exporters/RUS?period=2015-2019&compare=none").text
    assert "Russia: arms exports" in page and "2015-2019" in page
    assert "/deals?supplier=Russia&recipient=India&from=2015&to=2019" in hrefs(page)
    url = ("/exporters/Russia?include_predecessors=1&period=1990-1994"
           "&release=sipri-register-2025")
    page = client.get(url).text
    assert "counts Russia, Soviet Union" in page
    assert ("/deals?supplier=Russia&from=1990&to=1994&include_predecessors=1"
            "&release=sipri-register-2025") in hrefs(page)
    assert 'class="release">sipri-register-2025<' in page


def test_exporter_non_state_actor_with_slash_in_name(client):
    r = client.get("/recipients/PRC%20(Israel%2FPalestine)*")
    assert r.status_code == 200


def test_unknown_actor_is_a_404_page_with_suggestions(client):
    r = client.get("/exporters/Rusia?period=2015-2019")
    assert r.status_code == 404 and r.headers["content-type"].startswith("text/html")
    assert "Unknown actor" in r.text
    assert "/exporters/Russia?period=2015-2019" in hrefs(r.text)
    r = client.get("/recipients/Indai")
    assert r.status_code == 404 and "/recipients/India" in hrefs(r.text)
    r = client.get("/deals?supplier=Rusia&from=2020")
    assert r.status_code == 404 and "/deals?supplier=Russia&from=2020" in hrefs(r.text)


def test_api_keeps_its_json_errors(client):
    r = client.get("/api/exporters/Rusia/profile")
    assert r.status_code == 404 and r.json()["error"]["type"] == "unknown_actor"
    assert client.get("/api/nothing-here").json()["error"]["type"] == "not_found"
    r = client.get("/no-such-page")
    assert r.status_code == 404 and r.headers["content-type"].startswith("text/html")


# -- downloads ---------------------------------------------------------------------------------


def test_csv_and_json_downloads(client):
    r = client.get("/exporters/Russia?format=csv&table=recipients")
    assert r.status_code == 200 and r.headers["content-type"].startswith("text/csv")
    assert "attachment" in r.headers["content-disposition"]
    assert r.headers["content-disposition"].endswith('.csv"')
    rows = list(csv.reader(io.StringIO(r.text)))
    assert rows[0] == ["rank", "actor", "iso3", "kind", "tiv", "share_pct", "deal_ids"]
    assert rows[1][:3] == ["1", "India", "IND"] and float(rows[1][4]) == pytest.approx(4272.69)
    assert len(rows) == 1 + 33
    r = client.get("/exporters/Russia?format=json&table=recipients")
    body = r.json()
    assert body["table"] == "recipients" and body["unit"] == "TIV, millions"
    assert body["release"] == "sipri-deliveries-2026-02"
    assert body["rows"][0]["actor"] == "India" and len(body["rows"]) == 33
    assert isinstance(body["rows"][0]["deal_ids"], list)
    r = client.get("/?format=csv&table=exporters")
    rows = list(csv.reader(io.StringIO(r.text)))
    assert rows[0][:3] == ["rank", "actor", "iso3"] and rows[1][1] == "United States"


def test_every_table_of_a_page_downloads(client, russia):
    names = re.findall(r'id="table-([a-z_]+)"', russia)
    assert len(names) >= 10
    for name in names:
        r = client.get(f"/exporters/Russia?format=json&table={name}")
        assert r.status_code == 200, name
        assert r.json()["table"] == name
        r = client.get(f"/exporters/Russia?format=csv&table={name}")
        assert r.status_code == 200 and r.text.count("\n") >= 1, name


def test_download_errors(client):
    r = client.get("/exporters/Russia?format=csv&table=nothing")
    assert r.status_code == 404 and "recipients" in r.text
    assert client.get("/exporters/Russia?format=xml&table=recipients").status_code == 422


# -- recipient page ----------------------------------------------------------------------------


def test_recipient_page_dependence(client):
    r = client.get("/recipients/India")
    assert r.status_code == 200
    page = r.text
    common(page)
    assert first_cells(table_html(page, "suppliers"), 1)[0] == "Russia"
    dep = table_html(page, "dependence")
    periods = first_cells(dep, 0)
    assert periods[0] == "1995-1999" and periods[-1] == "2020-2024"
    top = dict(zip(periods, first_cells(dep, 3), strict=True))
    api = client.get("/api/recipients/India/profile?period=2015-2019").json()
    assert top["2015-2019"] == f"{api['dependence']['top_supplier_share_pct']:.1f}%"
    assert top["2015-2019"].startswith("55") and top["2020-2024"].startswith("36")
    assert {"yearly", "dependence", "counterparts"} <= set(specs(page))
    assert "/deals?supplier=Russia&recipient=India&from=2020&to=2024" in hrefs(page)
    rows = list(csv.reader(io.StringIO(
        client.get("/recipients/India?format=csv&table=dependence").text)))
    assert rows[0][:4] == ["period", "tiv", "top_supplier", "top_supplier_share_pct"]
    assert len(rows) == 7


def test_search_box_redirects(client):
    r = client.get("/go?q=ind&role=importer", follow_redirects=False)
    assert r.status_code == 303 and r.headers["location"] == "/recipients/India"
    r = client.get("/go?q=Frnace", follow_redirects=False)
    assert r.status_code == 404 and "/exporters/France" in hrefs(r.text)


# -- deals -------------------------------------------------------------------------------------


def test_deals_page_matches_the_api(client):
    url = "/deals?supplier=Russia&recipient=India&from=2020&to=2024"
    page = client.get(url).text
    api = client.get("/api/deals?supplier=Russia&recipient=India&from=2020&to=2024").json()
    assert f"<strong>{api['total']}</strong> deals" in page
    ids = first_cells(table_html(page, "deals"), 0)
    assert ids == [d["deal_id"] for d in api["items"]]
    r = client.get(url + "&format=json&table=deals")
    assert [d["deal_id"] for d in r.json()["rows"]] == ids
    assert r.json()["rows"][0]["deliveries"] == api["items"][0]["deliveries"]
    rows = list(csv.reader(io.StringIO(client.get(url + "&format=csv&table=deals").text)))
    assert rows[0][:3] == ["deal_id", "supplier", "recipient"] and len(rows) == 1 + api["total"]


def test_deals_pagination_ids_and_open_orders(client):
    page = client.get("/deals?supplier=Russia&from=2020&to=2024&page_size=10").text
    assert len(first_cells(table_html(page, "deals"), 0)) == 10
    assert "/deals?supplier=Russia&from=2020&to=2024&page_size=10&page=2" in hrefs(page)
    page2 = client.get("/deals?supplier=Russia&from=2020&to=2024&page_size=10&page=2").text
    assert set(first_cells(table_html(page2, "deals"), 0)).isdisjoint(
        first_cells(table_html(page, "deals"), 0))
    page = client.get("/deals?ids=63032,60506").text
    assert sorted(first_cells(table_html(page, "deals"), 0)) == ["60506", "63032"]
    page = client.get("/deals?supplier=Russia&recipient=India&open_orders=1").text
    assert "Open orders" in page and "BrahMos" in page
    assert client.get("/deals?from=abc").status_code == 422


# -- claims ------------------------------------------------------------------------------------


def test_claims_form_and_ledger(client):
    r = client.get("/claims")
    assert r.status_code == 200
    common(r.text)
    assert "<textarea" in r.text and 'type="file"' in r.text
    assert "FSVTS" in table_html(r.text, "ledger")
    rows = list(csv.reader(io.StringIO(client.get("/claims?format=csv&table=ledger").text)))
    assert rows[0][:3] == ["n", "quote", "claimant"] and len(rows) > 20


def test_claims_post_shows_verdicts_and_highlights(client):
    r = client.post("/claims", data={"text": CLAIM_TEXT})
    assert r.status_code == 200
    page = r.text
    common(page)
    assert '<mark id="q-1"' in page
    assert ">Russian arms exports earned more than $15 billion in 2025</a>" in page
    verdicts = re.findall(r'<span class="verdict v-[a-z-]+">([a-z ]+)</span>', page)
    assert verdicts and all(v in VERDICTS for v in verdicts)
    assert "not checkable" in verdicts  # 2025 is after the data
    checks = table_html(page, "checks")
    assert "latest data year" in checks
    assert any(h.startswith("/deals?supplier=RUS&from=") for h in hrefs(checks))
    assert "claim-chart-1" in specs(page)  # the claimed series beside SIPRI's TIV (indexes)


def test_claims_post_escapes_html_and_downloads(client):
    text = "<script>alert(1)</script> " + CLAIM_TEXT
    page = client.post("/claims", data={"text": text}).text
    assert "<script>alert(1)</script>" not in page
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in page
    r = client.post("/claims", data={"text": CLAIM_TEXT, "format": "csv", "table": "checks"})
    assert r.headers["content-type"].startswith("text/csv")
    rows = list(csv.reader(io.StringIO(r.text)))
    assert rows[0][:3] == ["n", "quote", "claimant"]
    assert rows[1][1] == "Russian arms exports earned more than $15 billion in 2025"
    assert rows[1][rows[0].index("verdict")] in VERDICTS
    r = client.post("/claims", data={"text": CLAIM_TEXT, "format": "json", "table": "checks"})
    assert r.json()["rows"][0]["claim"]["subject_exporter"] == "RUS"


def test_claims_upload_and_limits(client):
    doc = (f"<html><head><title>Exports</title></head><body><p>{CLAIM_TEXT}.</p>"
           "</body></html>").encode()
    r = client.post("/claims", files={"file": ("article.html", doc, "text/html")},
                    data={"text": ""})
    assert r.status_code == 200 and "article.html" in r.text and '<mark id="q-1"' in r.text
    r = client.post("/claims", files={"file": ("a.pdf", b"%PDF-1.4", "application/pdf")})
    assert r.status_code == 422 and "upload a .txt, .md or .html file" in r.text
    r = client.post("/claims", data={"text": "x" * 20_001})
    assert r.status_code == 413 and "over the limit" in r.text
    r = client.post("/claims", data={"text": "  "})
    assert r.status_code == 422 and "Paste a text" in r.text
    r = client.post("/claims", data={"text": CLAIM_TEXT, "published": "yesterday"})
    assert r.status_code == 422


# -- embargoes and static files ----------------------------------------------------------------


def test_embargoes_page(client):
    r = client.get("/embargoes")
    assert r.status_code == 200
    if not HAS_SCREEN:
        assert "Embargo screening is not installed" in r.text
        return
    page = r.text
    common(page)
    assert "UN-IRN-2010" in table_html(page, "embargoes")
    by_embargo = table_html(page, "by_embargo")
    assert "bound" in by_embargo
    assert any(h.startswith("/deals?ids=") for h in hrefs(by_embargo))
    page = client.get("/embargoes?supplier=Russia&embargo=UN-IRN-2010").text
    assert "Iran (major conventional arms to Iran)" in page
    rows = list(csv.reader(io.StringIO(
        client.get("/embargoes?supplier=Russia&format=csv&table=hits").text)))
    assert rows[0][:4] == ["deal_id", "supplier", "recipient", "year"]
    assert {r[1] for r in rows[1:]} == {"Russia"}


def test_static_files(client):
    r = client.get("/static/vega.js", headers={"accept-encoding": "identity"})
    assert r.status_code == 200 and "javascript" in r.headers["content-type"]
    assert "window.vegaEmbed" in r.text
    assert client.get("/static/vega.js", headers={"if-none-match": r.headers["etag"]}
                      ).status_code == 304
    assert "vegaEmbed" in client.get("/static/charts.js").text
    css = client.get("/static/style.css")
    assert css.status_code == 200 and "@media (max-width" in css.text and "overflow" in css.text


def test_download_links_keep_the_page_filters(client):
    page = client.get("/exporters/Russia?period=2015-2019").text
    link = next(h for h in hrefs(page) if "table=recipients" in h and "format=csv" in h)
    query = parse_qs(urlsplit(link).query)
    assert query["period"] == ["2015-2019"]
    rows = list(csv.reader(io.StringIO(client.get(link).text)))
    assert rows[1][1] == "India" and len(rows) == 1 + 49


def test_history_without_flags(client):
    """The client serves the delivery-year export (1995-2024) by default: the Soviet Union is
    found in the newest release that has it, at its last five years, and the page says so."""
    r = client.get("/go?q=Soviet Union", follow_redirects=False)
    assert r.status_code == 303 and r.headers["location"] == "/exporters/Soviet%20Union"
    page = client.get("/exporters/Soviet Union")
    assert page.status_code == 200
    assert "Soviet Union: arms exports, 1987-1991" in page.text
    assert "is not in the default release" in page.text and "its last as exporter" in page.text
    r = client.get("/go?q=European NATO&role=importer", follow_redirects=False)
    assert r.headers["location"] == "/recipients/European%20NATO"
    ranks = first_cells(table_html(client.get("/exporters/Russia").text, "recipients"), 0)
    assert ranks[:3] == ["1", "2", "3"]
    assert 'class="sub"' not in table_html(client.get("/exporters/Russia").text, "recipients")


def test_home_for_a_region(client):
    """Exporters to Europe (shares of Europe's imports) and importers in Europe; each TIV
    links to the deals behind it, which sum to it."""
    page = client.get("/?region=Europe&period=2020-2024")
    assert page.status_code == 200
    exporters = table_html(page.text, "exporters")
    assert "Top exporters to Europe, 2020-2024" in page.text
    assert "Top importers in Europe, 2020-2024" in page.text
    assert first_cells(table_html(page.text, "importers"), 1)[0] == "Ukraine"
    link = next(h for h in hrefs(exporters) if h.startswith("/deals?supplier=United"))
    assert "recipient=Europe" in link
    usa = first_cells(exporters, 2)[0]
    query = {k: v[0] for k, v in parse_qs(urlsplit(link).query).items()}
    listed = client.get("/api/deals", params={**query, "page_size": 1000}).json()
    total = sum(d["tiv_delivered"] for d in listed["items"])
    assert listed["total"] == len(listed["items"]) and f"{total:,.0f}" == usa
