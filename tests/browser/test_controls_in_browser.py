"""The dashboard's controls in a real browser: tables sort by a header click (numbers by their
raw values) and filter by a text box; the period and release pickers change the URL and the
figures."""

from __future__ import annotations

from playwright.sync_api import Page, expect


def raw_values(page: Page, table: str, kind: str) -> list[float | None]:
    cells = page.locator(f"#table-{table} tbody tr:not([hidden]) td.k-{kind}")
    out: list[float | None] = []
    for raw in cells.evaluate_all("cs => cs.map(c => c.getAttribute('data-sort'))"):
        out.append(float(raw) if raw else None)
    return out


def test_sort_a_table_by_a_numeric_header(page: Page, server_url: str):
    page.goto(server_url + "/recipients/India?period=2016-2020")
    table = "#table-suppliers"
    header = page.locator(f"{table} thead th.k-pct")
    button = header.get_by_role("button")
    expect(button).to_be_visible()
    button.click()
    expect(header).to_have_attribute("aria-sort", "descending")
    values = raw_values(page, "suppliers", "pct")
    numbers = [v for v in values if v is not None]
    assert len(numbers) >= 3
    assert numbers == sorted(numbers, reverse=True)
    assert values[:len(numbers)] == numbers  # missing values ("–") last
    button.click()
    expect(header).to_have_attribute("aria-sort", "ascending")
    numbers = [v for v in raw_values(page, "suppliers", "pct") if v is not None]
    assert numbers == sorted(numbers)
    # a text column sorts by its text
    page.locator(f"{table} thead th.k-text").first.get_by_role("button").click()
    names = page.locator(f"{table} tbody tr td:nth-child(2)").all_inner_texts()
    assert names == sorted(names, key=str.casefold)


def test_tiv_sorts_by_value_not_by_its_text(page: Page, server_url: str):
    page.goto(server_url + "/")
    header = page.locator("#table-exporters thead th.k-tiv")
    header.get_by_role("button").click()
    header.get_by_role("button").click()
    expect(header).to_have_attribute("aria-sort", "ascending")
    values = [v for v in raw_values(page, "exporters", "tiv") if v is not None]
    assert values == sorted(values) and len(values) == 10
    # "10,547" after "9,000": the numbers, not the strings, are in order
    texts = page.locator("#table-exporters tbody td.k-tiv").all_inner_texts()
    assert [float(t.replace(",", "")) for t in texts] == sorted(
        float(t.replace(",", "")) for t in texts)


def test_filter_hides_rows(page: Page, server_url: str):
    page.goto(server_url + "/exporters/France?period=2016-2020")
    rows = page.locator("#table-recipients tbody tr")
    total = rows.count()
    assert total > 5
    box = page.locator("#table-recipients").get_by_label("Filter rows")
    box.fill("india")
    visible = page.locator("#table-recipients tbody tr:not([hidden])")
    expect(visible).to_have_count(1)
    expect(visible.first).to_contain_text("India")
    expect(page.locator("#table-recipients .filter-status")).to_have_text(f"1 of {total} rows")
    box.fill("")
    expect(visible).to_have_count(total)


def test_change_the_period_with_the_header_control(page: Page, server_url: str):
    from urllib.parse import parse_qs, urlsplit

    page.goto(server_url + "/exporters/France?compare=none")
    picker = page.get_by_role("form", name="Period and release")
    expect(picker.locator('input[name="from"]')).to_have_value("2020")
    expect(picker.locator('input[name="to"]')).to_have_value("2024")
    card = page.locator(".cards .card").first.locator(".value")
    before = card.inner_text()
    picker.locator('input[name="from"]').fill("2010")
    picker.locator('input[name="to"]').fill("2014")
    picker.get_by_role("button", name="Apply").click()
    page.wait_for_url("**/exporters/France?*from=2010*")
    query = parse_qs(urlsplit(page.url).query)
    assert query["from"] == ["2010"] and query["to"] == ["2014"]
    assert query["compare"] == ["none"]  # the page's other choices stay in the URL
    assert query["release"] == ["sipri-deliveries-2026-02"]
    expect(page.locator("h1")).to_contain_text("2010-2014")
    assert page.locator(".cards .card").first.locator(".value").inner_text() != before
    # the state is in the URL: reloading shows the same period in the control
    page.reload()
    expect(page.get_by_role("form", name="Period and release").locator(
        'input[name="from"]')).to_have_value("2010")


def test_change_the_release_keeps_the_deals_filters(page: Page, server_url: str):
    from urllib.parse import parse_qs, urlsplit

    page.goto(server_url + "/deals?supplier=France&category=Aircraft")
    picker = page.get_by_role("form", name="Period and release")
    picker.get_by_label("Release").select_option("sipri-register-2026-05")
    picker.get_by_role("button", name="Apply").click()
    page.wait_for_url("**release=sipri-register-2026-05*")
    query = parse_qs(urlsplit(page.url).query)
    assert query["supplier"] == ["France"] and query["category"] == ["Aircraft"]
    assert "from" not in query  # empty years are left out, not sent as "from="
    expect(page.locator("footer .release")).to_have_text("sipri-register-2026-05")
