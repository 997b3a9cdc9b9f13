"""Helpers the browser tests share (a module of its own: conftest.py is not imported by
name)."""

from __future__ import annotations

from playwright.sync_api import Page


def assert_charts_fit(tab: Page, server_url: str, pages: list[tuple[str, str]]) -> None:
    """Each (url, chart id) page renders its chart and scrolls no wider than the tab."""
    wide = tab.viewport_size["width"] if tab.viewport_size else 0
    for url, chart in pages:
        tab.goto(server_url + url)
        tab.wait_for_selector(f"#chart-{chart}[data-rendered=true] svg")
        width = tab.evaluate("document.documentElement.scrollWidth")
        assert width <= wide, (url, width)
