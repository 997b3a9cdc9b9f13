"""The installed-base pages in a browser: the stacked bar by category and origin, the
dependence map, and both on a phone."""

from __future__ import annotations

from browser_helpers import assert_charts_fit
from playwright.sync_api import Page, expect


def test_the_stacked_bar_and_its_assumptions(page: Page, server_url: str):
    page.goto(server_url + "/base?recipient=India&as_of=2020")
    page.wait_for_selector("#chart-stack[data-rendered=true] svg .mark-rect path")
    bars = page.locator("#chart-stack svg .mark-rect path").count()
    assert bars >= 10  # categories x origins
    legend = " ".join(page.locator("#chart-stack svg .role-legend").all_text_contents())
    assert "Russia incl. Soviet Union" in legend
    expect(page.locator("#assumptions")).to_contain_text("SIPRI records deliveries, not "
                                                         "retirements")
    expect(page.locator("#table-service_life tbody tr")).to_have_count(10)


def test_the_dependence_map_colours_states(page: Page, server_url: str):
    page.goto(server_url + "/map?what=dependence&exporter=Russia&period=2020")
    page.wait_for_selector("#chart-map[data-rendered=true] svg .layer_1_marks path")
    assert page.locator("#chart-map svg .layer_1_marks path").count() > 30
    expect(page.locator("main, body").first).to_contain_text("not retirements")


def test_the_base_pages_fit_a_phone(phone: Page, server_url: str):
    assert_charts_fit(phone, server_url, [
        ("/base?recipient=India&as_of=2020", "stack"),
        ("/map?what=dependence&exporter=Russia&period=2020", "map")])
