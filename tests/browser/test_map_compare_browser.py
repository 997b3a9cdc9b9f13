"""The map view and comparisons in a real browser: the world map is drawn as SVG country
shapes from the app's own topology (no internet), with the non-state list beside it; the
comparison chart draws one line per actor."""

from __future__ import annotations

from browser_helpers import assert_charts_fit
from playwright.sync_api import Page, expect


def test_map_draws_countries_and_lists_non_state_actors(page: Page, server_url: str):
    requests: list[str] = []
    page.on("request", lambda r: requests.append(r.url))
    page.goto(server_url + "/map?what=importers&period=1985-1989")
    page.wait_for_selector("#chart-map[data-rendered=true] svg path")
    shapes = page.locator("#chart-map svg .mark-shape path").count()
    assert shapes > 150  # every country's shape, grey or coloured
    coloured = page.locator("#chart-map svg .layer_1_marks path").count()
    assert 100 < coloured < shapes  # the importers drawn; not the Soviet Union's territory
    assert page.locator("#chart-map svg .role-legend").count() >= 1
    beside = page.locator("#beside-unplaced")
    expect(beside).to_contain_text("NATO**")
    expect(beside).to_contain_text("non-state actor")
    expect(page.locator("#beside-historical")).to_contain_text("Soviet Union")
    assert all(u.startswith(server_url) or u.startswith("data:") for u in requests), requests


def test_exporter_map_links_to_the_flow_chart(page: Page, server_url: str):
    page.goto(server_url + "/map?exporter=Russia")
    page.wait_for_selector("#chart-map[data-rendered=true] svg .mark-shape path")
    page.get_by_role("link", name="Russia's flows: exporter → region → recipient").click()
    page.wait_for_url("**/exporters/Russia*#flow")
    page.wait_for_selector("#chart-flow[data-rendered=true]")


def test_compare_chart_has_several_series(page: Page, server_url: str):
    page.goto(server_url + "/compare?actors=USA,RUS,FRA,CHN&role=exporter")
    page.wait_for_selector("#chart-compare-tiv[data-rendered=true] svg .mark-line path")
    assert page.locator("#chart-compare-tiv svg .mark-line path").count() == 4
    legend = page.locator("#chart-compare-tiv svg .role-legend").all_text_contents()
    assert any("Russia" in t and "China" in t for t in legend)
    page.wait_for_selector("#chart-compare-share[data-rendered=true] svg .mark-line path")
    assert page.locator("#chart-compare-share svg .mark-line path").count() == 4
    expect(page.locator("#table-totals tbody tr")).to_have_count(4)


def test_map_and_compare_fit_a_phone(phone: Page, server_url: str):
    assert_charts_fit(phone, server_url, [
        ("/map?exporter=Russia", "map"),
        ("/compare?actors=India,Pakistan&role=importer", "compare-tiv")])
