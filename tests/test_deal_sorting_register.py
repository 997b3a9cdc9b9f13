"""Deal lists sorted over every row (not one page), and SIPRI's register view on every face."""

from __future__ import annotations

import re

import pytest

from armsledger.analysis.deals import SORT_KEYS, deals
from armsledger.analysis.register_view import register_rows, register_view
from armsledger.errors import InvalidRequestError
from armsledger.query import FigureQuery
from armsledger.store import Store

PAIR = FigureQuery.build(supplier="Russia", recipient="India")


@pytest.fixture(scope="module")
def client(bundled_client):
    return bundled_client


@pytest.fixture(scope="module")
def pair(bundled_db):
    with Store(bundled_db, read_only=True) as store:
        return deals(store, PAIR)


def test_sorted_orders_every_row_with_missing_values_last(pair):
    assert pair.total > 100
    down = pair.sorted("tiv_delivered", descending=True).deals
    values = down["tiv_delivered"].to_list()
    present = [v for v in values if v is not None]
    assert present == sorted(present, reverse=True)
    assert values[:len(present)] == present  # missing values last
    up = pair.sorted("order_year").deals["order_year"].to_list()
    years = [y for y in up if y is not None]
    assert years == sorted(years) and up[:len(years)] == years
    # the same deals, only reordered; ties broken by deal id, so pages are stable
    assert sorted(down["deal_id"].to_list()) == sorted(pair.deals["deal_id"].to_list())
    again = pair.sorted("tiv_delivered", descending=True).deals["deal_id"].to_list()
    assert again == down["deal_id"].to_list()
    assert pair.sorted(None) is pair
    with pytest.raises(InvalidRequestError, match="sort by one of deal_id"):
        pair.sorted("price")
    assert "tiv_delivered" in SORT_KEYS["deals"]


def test_the_api_sorts_before_paging(client, pair):
    best = pair.sorted("tiv_delivered", descending=True).deals["deal_id"].to_list()
    r = client.get("/api/deals", params={"supplier": "Russia", "recipient": "India",
                                         "sort": "tiv_delivered", "order": "desc",
                                         "page": 2, "page_size": 10})
    assert r.status_code == 200
    assert [d["deal_id"] for d in r.json()["items"]] == best[10:20]
    bad = client.get("/api/deals", params={"sort": "price"})
    assert bad.status_code == 422 and "sort by one of" in bad.json()["error"]["message"]


def test_the_deals_page_header_links_sort_every_deal(client, pair):
    page = client.get("/deals", params={"supplier": "Russia", "recipient": "India"}).text
    # a paged table: its headers are links (the page's own sort is off), the filter says so
    assert "data-server-sort" in page
    link = re.search(r'<a class="sort" href="([^"]*sort=tiv_delivered[^"]*)"', page)
    assert link and "order=desc" in link.group(1)
    url = link.group(1).replace("&amp;", "&")
    best = pair.sorted("tiv_delivered", descending=True).deals["deal_id"].to_list()
    first = client.get(url).text
    assert 'aria-sort="descending"' in first
    ids = re.findall(r'<td class="k-nowrap">(R[0-9a-f]{10}(?:-\d+)?)</td>', first)
    assert ids == best[:50]
    # the next page continues the sorted list and keeps the sort in its link
    nxt = re.search(r'<a href="([^"]*)" rel="next">', first)
    assert nxt and "sort=tiv_delivered" in nxt.group(1)
    second = client.get(nxt.group(1).replace("&amp;", "&")).text
    assert re.findall(r'<td class="k-nowrap">(R[0-9a-f]{10}(?:-\d+)?)</td>',
                      second) == best[50:100]
    # the sorted column's link reverses the order
    back = re.search(r'<a class="sort" href="([^"]*sort=tiv_delivered[^"]*)"', first)
    assert back and "order=asc" in back.group(1)


def test_the_register_shows_the_years_and_numbers_of_the_range(bundled_db):
    """As SIPRI's register for selected years: the years of delivery and the number delivered
    are those in the range; without a range, the deal's own."""
    with Store(bundled_db, read_only=True) as store:
        ranged = deals(store, PAIR.with_period("2020-2025"))
        whole = deals(store, PAIR)
    records = {r["deal_id"]: r for r in ranged.records()}
    whole_rows = {r.deal_id: r for r in register_rows(whole)}
    partial = 0
    for row in register_rows(ranged):
        rec = records[row.deal_id]
        years = [d["year"] for d in rec["deliveries"]]
        assert min(years) >= 2020 and max(years) <= 2025
        numbers = [d["number"] for d in rec["deliveries"]]
        in_range = sum(numbers)
        assert row.delivered.strip("()") == str(in_range)
        if in_range != rec["number_delivered"]:
            partial += 1  # delivered partly before 2020: the whole-deal row says more
            assert int(whole_rows[row.deal_id].delivered.strip("()")) > in_range
        else:
            assert row.delivered == whole_rows[row.deal_id].delivered
    assert partial > 0


def test_the_register_on_the_api_and_the_dashboard(client, bundled_db):
    params = {"supplier": "Russia", "recipient": "India", "from": "2020", "to": "2025"}
    with Store(bundled_db, read_only=True) as store:
        want = register_view(deals(store, PAIR.with_period("2020-2025"))).to_dict()
    got = client.get("/api/register", params=params).json()
    assert got == want and got["period"] == "2020-2025" and got["total"] == len(got["rows"])
    page = client.get("/deals", params={**params, "view": "register"}).text
    assert "Year(s) of delivery in 2020-2025" in page and "Trade register" in page
    for row in got["rows"][:5]:
        assert f">{row['deal_id']}</a>" in page
    assert client.get("/api/register", params={"category": "Planes"}).status_code == 422
