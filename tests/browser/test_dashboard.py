"""The dashboard in a real browser: pages load, charts are drawn as SVG with data marks, the
claim checker works from its form, and tables download as CSV."""

from __future__ import annotations

import csv
from pathlib import Path

from playwright.sync_api import Page, expect

VERDICTS = ("consistent", "inconsistent", "not comparable", "not checkable")
CLAIM_TEXT = ("Russian arms exports earned more than $15 billion in 2025, with products in over "
              "30 countries")


def marks(page: Page, chart: str, kind: str = "rect") -> int:
    """Data marks drawn in a chart's SVG (bars: rect; points: symbol; lines: line/rule)."""
    return page.locator(f"#chart-{chart} svg .mark-{kind} path").count()


def test_home_page_loads_with_charts(page: Page, server_url: str):
    page.goto(server_url + "/")
    expect(page).to_have_title("Top arms exporters and importers, 2020-2024 · armsledger")
    first = page.locator("#table-exporters tbody tr").first
    expect(first).to_contain_text("United States")
    expect(first).to_contain_text("42.6%")
    page.wait_for_selector("#chart-top-exporters svg .mark-rect path")
    assert marks(page, "top-exporters") == 10
    assert marks(page, "top-importers") == 10
    expect(page.locator("footer")).to_contain_text(
        "SIPRI Arms Transfers Database, https://www.sipri.org/databases/armstransfers")
    expect(page.locator("footer")).to_contain_text("TIV is not money")


def test_open_an_exporter_page_and_see_its_charts(page: Page, server_url: str):
    page.goto(server_url + "/")
    page.locator("#table-exporters").get_by_role("link", name="Russia", exact=True).click()
    page.wait_for_url("**/exporters/Russia*")
    expect(page.locator("h1")).to_contain_text("Russia: arms exports")
    expect(page.locator(".cards")).to_contain_text("7.8%")
    # the yearly chart: bars (one per year 1995-2024) and the rolling line's points
    page.wait_for_selector("#chart-yearly[data-rendered=true] svg .mark-rect path")
    assert marks(page, "yearly") == 30
    assert marks(page, "yearly", "symbol") >= 20
    assert page.locator("#chart-yearly svg .mark-line path").count() == 1
    # the other charts are drawn too, with data marks, not just a div
    page.wait_for_selector("#chart-flow[data-rendered=true]")
    assert page.locator("#chart-flow svg .mark-rule line").count() > 20
    assert marks(page, "counterparts") == 15
    assert marks(page, "comparison") > 10
    axis = page.locator("#chart-yearly svg .role-axis-title").all_text_contents()
    assert "Yearly exports (TIV, millions)" in axis and "5-year total (TIV, millions)" in axis


def test_chart_bars_link_to_the_deals(page: Page, server_url: str):
    page.goto(server_url + "/exporters/Russia")
    page.wait_for_selector("#chart-counterparts[data-rendered=true] svg .mark-rect path")
    page.locator("#chart-counterparts svg .mark-rect path").first.click()
    page.wait_for_url("**/deals?supplier=Russia&recipient=India&from=2020&to=2024")
    expect(page.locator(".summary")).to_contain_text("30 deals")


def test_run_a_claim_check_from_the_page(page: Page, server_url: str):
    page.goto(server_url + "/claims")
    page.fill("textarea[name=text]", CLAIM_TEXT)
    page.get_by_role("button", name="Check claims").click()
    page.wait_for_selector("#results")
    verdict = page.locator("#table-checks .verdict").first
    expect(verdict).to_be_visible()
    assert verdict.inner_text() in VERDICTS
    expect(page.locator("#results mark").first).to_contain_text(
        "Russian arms exports earned more than $15 billion in 2025")
    expect(page.locator("#table-checks")).to_contain_text("latest data year")


def test_download_a_table_as_csv(page: Page, server_url: str, tmp_path: Path):
    page.goto(server_url + "/exporters/Russia")
    with page.expect_download() as info:
        page.locator("#table-recipients .downloads").get_by_role("link", name="CSV").click()
    download = info.value
    assert download.suggested_filename.endswith("recipients.csv")
    target = tmp_path / download.suggested_filename
    download.save_as(target)
    with target.open(newline="", encoding="utf-8") as f:
        rows = list(csv.reader(f))
    assert rows[0] == ["rank", "actor", "iso3", "kind", "tiv", "share_pct", "deal_ids"]
    assert rows[1][1] == "India" and len(rows) == 34


def test_exporter_page_fits_a_phone(browser, server_url: str):
    context = browser.new_context(viewport={"width": 390, "height": 844}, is_mobile=True,
                                  has_touch=True)
    page = context.new_page()
    try:
        page.goto(server_url + "/exporters/Russia")
        page.wait_for_selector("#chart-yearly[data-rendered=true] svg .mark-rect path")
        # nothing wider than the screen: wide tables scroll inside their own box
        assert page.evaluate("document.documentElement.scrollWidth") <= 390
        width = page.locator("#chart-yearly svg").bounding_box()["width"]
        assert 300 <= width <= 390
        box = page.locator("#table-recipients .table-wrap")
        assert box.evaluate("e => getComputedStyle(e).overflowX") == "auto"
    finally:
        context.close()
