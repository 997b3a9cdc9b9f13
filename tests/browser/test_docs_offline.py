"""The API docs (/docs) work offline: Swagger UI's assets come from the app itself, so with
every request to another host blocked the page still lists the operations."""

from __future__ import annotations

from urllib.parse import urlsplit

from playwright.sync_api import Page, Route, expect


def test_docs_list_the_operations_with_other_hosts_blocked(page: Page, server_url: str):
    own = urlsplit(server_url).netloc
    blocked: list[str] = []

    def only_own_host(route: Route) -> None:
        url = route.request.url
        if urlsplit(url).netloc == own or url.startswith(("data:", "blob:")):
            route.continue_()
        else:
            blocked.append(url)
            route.abort()

    page.route("**/*", only_own_host)
    page.goto(f"{server_url}/docs")
    expect(page.locator(".opblock-summary-path", has_text="/api/deals").first).to_be_visible()
    expect(page.locator(".opblock-summary-path", has_text="/api/claims/check").first
           ).to_be_visible()
    assert page.locator(".swagger-ui .info .title").first.inner_text().startswith("armsledger")
    assert not blocked, f"the docs asked other hosts for {blocked}"
