"""Every drawn chart saves as PNG and SVG from the page, with its title and SIPRI source line
in the image (issue 14: 'the chart as PNG/SVG')."""

from __future__ import annotations

from pathlib import Path

from playwright.sync_api import Page, expect


def test_a_chart_downloads_as_svg_and_png(page: Page, server_url: str, tmp_path: Path):
    page.goto(f"{server_url}/exporters/Russia")
    chart = page.locator("[data-spec][data-rendered='true']").first
    expect(chart).to_be_visible()
    bar = page.locator(".chart-downloads").first
    with page.expect_download() as svg_info:
        bar.get_by_role("button", name="SVG").click()
    svg_path = tmp_path / svg_info.value.suggested_filename
    svg_info.value.save_as(svg_path)
    assert svg_path.suffix == ".svg"
    text = svg_path.read_text(encoding="utf-8")
    assert text.lstrip().startswith("<svg") and "SIPRI" in text  # the source line is drawn
    with page.expect_download() as png_info:
        bar.get_by_role("button", name="PNG").click()
    png_path = tmp_path / png_info.value.suggested_filename
    png_info.value.save_as(png_path)
    assert png_path.suffix == ".png" and png_path.read_bytes()[:8] == b"\x89PNG\r\n\x1a\n"
    assert page.locator(".chart-downloads").count() == page.locator(
        "[data-spec][data-rendered='true']").count()
