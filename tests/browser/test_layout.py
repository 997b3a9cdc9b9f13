"""Tables fit the page and hide no rows: at 1280 px no table is wider than the page (the claims
tables' last column, 'Deals and source', was cut off), and no table sits in a fixed-height
scroll box (an exporter's recipients stopped at about row 20)."""

from __future__ import annotations

import pytest
from playwright.sync_api import Page

PAGES = ["/exporters/Russia", "/recipients/India", "/", "/deals?supplier=Russia", "/embargoes",
         "/claims", "/tiv-table?limit=30"]

WIDER_THAN_PAGE = """() => [...document.querySelectorAll('.table-wrap')]
  .filter(w => w.scrollWidth > w.clientWidth + 1)
  .map(w => (w.closest('section')?.querySelector('h2,h3')?.textContent || '?')
            + ': ' + w.scrollWidth + ' > ' + w.clientWidth)"""
HIDDEN_ROWS = """() => [...document.querySelectorAll('.table-wrap')]
  .filter(w => w.scrollHeight > w.clientHeight + 1)
  .map(w => (w.closest('section')?.querySelector('h2,h3')?.textContent || '?'))"""


@pytest.mark.parametrize("path", PAGES)
def test_tables_fit_a_1280_px_page_and_show_every_row(page: Page, server_url: str, path: str):
    page.set_viewport_size({"width": 1280, "height": 900})
    page.goto(server_url + path)
    page.wait_for_load_state("networkidle")
    assert page.locator(".table-wrap").count() > 0
    assert page.evaluate(WIDER_THAN_PAGE) == []
    assert page.evaluate(HIDDEN_ROWS) == []


def test_an_exporters_recipients_table_shows_all_its_rows(page: Page, server_url: str):
    page.set_viewport_size({"width": 1280, "height": 900})
    page.goto(server_url + "/exporters/Russia")
    tables = page.locator("table.data").filter(
        has=page.locator("th", has_text="Recipient")).all()
    table = max(tables, key=lambda t: t.locator("tbody tr").count())  # the recipients table
    rows = table.locator("tbody tr")
    assert rows.count() > 20
    box = rows.last.bounding_box()
    wrap = table.locator("xpath=..").bounding_box()
    assert box is not None and wrap is not None
    assert box["y"] + box["height"] <= wrap["y"] + wrap["height"] + 1  # not scrolled away
