"""Page builders of the map view (``/map``) and comparisons (``/compare``): library results
(:mod:`armsledger.analysis.geo`, :mod:`armsledger.analysis.compare`) -> tables and chart specs.
No figure is computed here."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from armsledger import TIV_UNIT
from armsledger.web import specs
from armsledger.web.tables import Column, Page, Row, Table, fmt_tiv
from armsledger.web.urls import Params, actor_url, deals_url, qs, years_of

TOPOLOGY_URL = "/static/geo/countries-110m.json"

WHAT_LABELS = {"recipients": "an exporter's recipients", "suppliers": "a recipient's suppliers",
               "exporters": "world exports (by exporter)",
               "importers": "world imports (by importer)"}


def _deals(m: dict[str, Any], params: Params) -> Callable[[Row], str | None]:
    """The deals behind one actor's value on the map."""
    a, b = years_of(m["period"])

    def link(r: Row) -> str | None:
        if m["what"] == "recipients":
            pair = {"supplier": m["subject"], "recipient": r["actor"]}
        elif m["what"] == "suppliers":
            pair = {"supplier": r["actor"], "recipient": m["subject"]}
        elif m["what"] == "exporters":
            pair = {"supplier": r["actor"]}
        else:
            pair = {"recipient": r["actor"]}
        return deals_url(**pair, year_from=a, year_to=b, release=params.release,
                         include_predecessors=params.include_predecessors)

    return link


def _page_link(m: dict[str, Any], params: Params) -> Callable[[Row], str | None]:
    def link(r: Row) -> str | None:
        return actor_url(m["role"], r["actor"], **params.page())

    return link


def _heading(m: dict[str, Any]) -> str:
    if m["what"] == "recipients":
        return f"{m['subject']}: where its arms exports went, {m['period']}"
    if m["what"] == "suppliers":
        return f"{m['subject']}: where its arms imports came from, {m['period']}"
    what = "exports" if m["what"] == "exporters" else "imports"
    return f"World arms {what} by {m['what'][:-1]}, {m['period']}"


def map_tables(m: dict[str, Any], params: Params) -> list[Table]:
    deals = _deals(m, params)
    page_link = _page_link(m, params)
    counter = "Recipient" if m["role"] == "importer" else "Supplier"
    if m["what"] == "exporters":
        counter = "Exporter"
    elif m["what"] == "importers":
        counter = "Importer"
    share = f"Share of {m['share_of']}"
    states = Table(
        "states", f"{counter} states on the map ({m['period']})",
        [Column("rank", "#", "int"),
         Column("actor", counter, link=page_link),
         Column("iso3", "ISO3"),
         Column("iso_numeric", "ISO numeric", show=False),
         Column("tiv", TIV_UNIT, "tiv", link=deals),
         Column("share_pct", share, "pct"),
         Column("deals", "Deals", "link", link=deals, text="deals")],
        [dict(r, rank=i) for i, r in enumerate(m["states"], 1)],
        empty="No states on the map in this period.")
    too_small = Table(
        "too_small", "States too small for the map", [
            Column("actor", counter, link=page_link), Column("iso3", "ISO3"),
            Column("tiv", TIV_UNIT, "tiv", link=deals), Column("share_pct", share, "pct")],
        m["too_small"], note=m["notes"]["too_small"], empty="None.")
    historical = Table(
        "historical", "Historical states (not drawn)", [
            Column("actor", counter, link=page_link),
            Column("iso3", "ISO 3166-3"),
            Column("tiv", TIV_UNIT, "tiv", link=deals), Column("share_pct", share, "pct")],
        m["historical"], note=m["notes"]["historical"], empty="None in this period.")
    unplaced = Table(
        "unplaced", "Not on the map: non-state actors, organisations, unknown", [
            Column("actor", "Actor", link=page_link),
            Column("reason", "Kind"),
            Column("location", "Operates in"),
            Column("iso3", "ISO3 of location", show=False),
            Column("tiv", TIV_UNIT, "tiv", link=deals), Column("share_pct", share, "pct")],
        m["unplaced"], note=m["notes"]["unplaced"], empty="None in this period.")
    return [states, too_small, historical, unplaced]


def map_chart(m: dict[str, Any], params: Params) -> dict[str, Any]:
    deals = _deals(m, params)
    rows = [{"key": s["map_key"], "actor": s["actor"], "tiv": s["tiv"],
             "share_pct": s["share_pct"], "href": deals(s)} for s in m["states"]]
    drawn = len(rows)
    beside = len(m["too_small"]) + len(m["historical"]) + len(m["unplaced"])
    sub = [f"Trend-indicator values ({TIV_UNIT}); not money.",
           f"Total {fmt_tiv(m['total_tiv'])}; {drawn} states drawn,",
           f"{beside} listed beside the map."]
    color = "blues" if m["role"] == "exporter" else "greens"
    return specs.map_spec(rows, topology_url=TOPOLOGY_URL, title=_heading(m), subtitle=sub,
                          release=m["release"], color=color)


def map_page(m: dict[str, Any], params: Params, *, actor: str) -> Page:
    """The map page of a :class:`~armsledger.analysis.geo.FigureMap` (as a dict)."""
    page = Page("map.html", _heading(m), release=m["release"],
                download_name=f"map-{m['what']}-{m['subject'] or 'world'}-{m['period']}"
                .replace(" ", "_").lower())
    page.add(*map_tables(m, params))
    page.charts["map"] = map_chart(m, params)
    links: list[tuple[str, str]] = []
    if m["what"] == "recipients":
        links.append((f"{m['subject']}'s flows: exporter → region → recipient",
                      actor_url("exporter", m["subject"], **params.page()) + "#flow"))
        links.append((f"{m['subject']}'s exporter page",
                      actor_url("exporter", m["subject"], **params.page())))
    elif m["what"] == "suppliers":
        links.append((f"{m['subject']}'s recipient page",
                      actor_url("importer", m["subject"], **params.page())))
    api = "/map" + qs({"what": m["what"], "exporter": m["subject"] if m["what"] == "recipients"
                       else None, "recipient": m["subject"] if m["what"] == "suppliers" else None,
                       "period": m["period"], "release": params.release})
    page.context.update(m=m, params=params, actor=actor, links=links,
                        what_labels=WHAT_LABELS, self_url=api,
                        warnings=m["warnings"])
    return page
