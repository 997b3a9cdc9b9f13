"""The installed-base pages in a browser: the stacked bar by category and origin, the
dependence map, and both on a phone."""

from __future__ import annotations

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


def test_the_base_pages_fit_a_phone(browser, server_url: str):  # type: ignore[no-untyped-def]
    context = browser.new_context(viewport={"width": 390, "height": 844})
    tab = context.new_page()
    try:
        for url, chart in (("/base?recipient=India&as_of=2020", "stack"),
                           ("/map?what=dependence&exporter=Russia&period=2020", "map")):
            tab.goto(server_url + url)
            tab.wait_for_selector(f"#chart-{chart}[data-rendered=true] svg")
            width = tab.evaluate("document.documentElement.scrollWidth")
            assert width <= 390, (url, width)
    finally:
        context.close()
