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
               "importers": "world imports (by importer)",
               "embargoes": "deliveries to embargo targets",
               "dependence": "dependence on an exporter's designs"}


def _deals(m: dict[str, Any], params: Params) -> Callable[[Row], str | None]:
    """The deals behind one actor's value on the map."""
    a, b = years_of(m["period"])

    def link(r: Row) -> str | None:
        if m["what"] == "embargoes":  # the screening behind the value
            return "/embargoes" + qs({"supplier": m["subject"], "recipient": r["actor"],
                                      "from": a, "to": b, "release": params.release})
        if m["what"] == "dependence":  # the state's installed base, by origin
            return "/base" + qs({"recipient": r["actor"], "as_of": b,
                                 "release": params.release})
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
    if m["what"] == "embargoes":
        by = f" from {m['subject']}" if m["subject"] else ""
        return f"Deliveries{by} to targets of arms embargoes in force, {m['period']}"
    if m["what"] == "recipients":
        return f"{m['subject']}: where its arms exports went, {m['period']}"
    if m["what"] == "dependence":
        return (f"Dependence on {m['subject']} designs: their share of each state's "
                f"in-service base, {m['period']} (estimate)")
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


def map_chart(m: dict[str, Any], params: Params, *, measure: str = "tiv",
              scale: str = "sqrt") -> dict[str, Any]:
    """The map of ``m`` coloured by ``measure`` (TIV or share) on the colour ``scale``
    (:data:`~armsledger.web.specs.MAP_MEASURES`, :data:`~armsledger.web.specs.MAP_SCALES`)."""
    deals = _deals(m, params)
    rows = [{"key": s["map_key"], "actor": s["actor"], "tiv": s["tiv"],
             "share_pct": s["share_pct"], "href": deals(s)} for s in m["states"]]
    drawn = len(rows)
    beside = len(m["too_small"]) + len(m["historical"]) + len(m["unplaced"])
    sub = [f"Trend-indicator values ({TIV_UNIT}); not money.",
           f"Total {fmt_tiv(m['total_tiv'])}; {drawn} states drawn,",
           f"{beside} listed beside the map."]
    color = "blues" if m["role"] == "exporter" else "greens"
    if scale == "log":
        sub.append("Log scale: states with a value of 0 are grey.")
    title = f"Share of {m['share_of']}, %" if measure == "share" else None
    return specs.map_spec(rows, topology_url=TOPOLOGY_URL, title=_heading(m), subtitle=sub,
                          release=m["release"], color=color, measure=measure,
                          measure_title=title, scale=scale)


MEASURE_LABELS = {"tiv": "Volume (TIV, millions)", "share": "Share (%)"}
SCALE_LABELS = {"sqrt": "square root", "linear": "linear", "log": "logarithmic",
                "quantile": "quintiles"}


def map_page(m: dict[str, Any], params: Params, *, actor: str, measure: str = "tiv",
             scale: str = "sqrt") -> Page:
    """The map page of a :class:`~armsledger.analysis.geo.FigureMap` (as a dict)."""
    page = Page("map.html", _heading(m), release=m["release"],
                download_name=f"map-{m['what']}-{m['subject'] or 'world'}-{m['period']}"
                .replace(" ", "_").lower())
    page.add(*map_tables(m, params))
    page.charts["map"] = map_chart(m, params, measure=measure, scale=scale)
    page.context.update(measure=measure, scale=scale, measure_labels=MEASURE_LABELS,
                        scale_labels=SCALE_LABELS)
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


# -- comparisons ------------------------------------------------------------------------------


def _side(role: str) -> str:
    return "supplier" if role == "exporter" else "recipient"


def compare_tables(c: dict[str, Any], params: Params) -> list[Table]:
    role = c["role"]
    a, b = years_of(c["period"])
    what = "exports" if role == "exporter" else "imports"

    def deals(r: Row) -> str | None:
        return deals_url(**{_side(role): r["actor"]}, year_from=a, year_to=b,
                         release=params.release,
                         include_predecessors=params.include_predecessors)

    def year_deals(r: Row) -> str | None:
        return deals_url(**{_side(role): r["actor"]}, year_from=r["year"], year_to=r["year"],
                         release=params.release,
                         include_predecessors=params.include_predecessors)

    totals = Table(
        "totals", f"Totals and shares of world {what}, {c['period']}",
        [Column("actor", "Exporter" if role == "exporter" else "Recipient",
                link=lambda r: actor_url(role, r["actor"], **params.page())),
         Column("query", "Asked for", show=False),
         Column("tiv", TIV_UNIT, "tiv", link=deals),
         Column("share_pct", f"Share of world {what}", "pct"),
         Column("world_tiv", f"World {what} ({TIV_UNIT})", "tiv"),
         Column("actors", "SIPRI names counted", "list", show=False),
         Column("deals", "Deals", "link", link=deals, text="deals")],
        c["totals"], note=f"Each actor's yearly series summed over {c['period']}; shares of "
                          "the world total of the same years (SIPRI's method).")
    yearly = Table(
        "yearly", "Year by year",
        [Column("actor", "Actor"), Column("year", "Year", link=year_deals),
         Column("tiv", TIV_UNIT, "tiv", link=year_deals),
         Column("share_pct", f"Share of world {what}", "pct"),
         Column("world_tiv", f"World {what} ({TIV_UNIT})", "tiv", show=False),
         Column("in_period", "In the period", show=False)],
        sorted(c["series"], key=lambda r: (-r["year"], r["actor"])), limit=40)
    out = [totals, yearly]
    if c.get("suppliers") is not None:
        out.append(suppliers_table(c, params))
    return out


def suppliers_table(c: dict[str, Any], params: Params) -> Table:
    """Each recipient's top suppliers side by side: one row per rank, three columns per
    recipient (the library's rows, laid out)."""
    a, b = years_of(c["period"])
    recipients = [t["actor"] for t in c["totals"]]
    by_rank: dict[int, Row] = {}
    flat: list[Row] = []
    for s in c["suppliers"]:
        row = by_rank.setdefault(s["rank"], {"rank": s["rank"]})
        i = recipients.index(s["recipient"])
        row[f"s{i}"] = s["supplier"]
        row[f"t{i}"] = s["tiv"]
        row[f"p{i}"] = s["share_pct"]
        flat.append(s)
    cols = [Column("rank", "#", "int")]
    for i, name in enumerate(recipients):
        def deals(r: Row, i: int = i, name: str = name) -> str | None:
            if not r.get(f"s{i}"):
                return None
            return deals_url(supplier=r[f"s{i}"], recipient=name, year_from=a, year_to=b,
                             release=params.release,
                             include_predecessors=params.include_predecessors)
        cols += [Column(f"s{i}", f"{name}: supplier", link=_supplier_page(i, params)),
                 Column(f"t{i}", f"{name}: {TIV_UNIT}", "tiv", link=deals),
                 Column(f"p{i}", f"{name}: share", "pct")]
    return Table("suppliers", f"Top suppliers side by side, {c['period']}", cols,
                 [by_rank[k] for k in sorted(by_rank)], json_rows=flat,
                 note="Shares are of each recipient's imports in the period (all its "
                      "suppliers, states or not).")


def _supplier_page(i: int, params: Params) -> Callable[[Row], str | None]:
    def link(r: Row) -> str | None:
        return actor_url("exporter", r[f"s{i}"], **params.page()) if r.get(f"s{i}") else None

    return link


def compare_charts(c: dict[str, Any]) -> dict[str, dict[str, Any]]:
    what = "exports" if c["role"] == "exporter" else "imports"
    names = [t["actor"] for t in c["totals"]]
    rows = [{"actor": p["actor"], "year": p["year"], "tiv": p["tiv"],
             "share_pct": p["share_pct"]} for p in c["series"]]
    a, b = years_of(c["period"])
    period = (a, b) if a is not None and b is not None else None
    return {
        "compare-tiv": specs.multi_trend_spec(
            rows, measure="tiv", actors=names, release=c["release"], period=period,
            title=f"Arms {what} by year: {', '.join(names)}",
            subtitle=[f"SIPRI trend-indicator values ({TIV_UNIT}); not money.",
                      f"Shaded: {c['period']}."]),
        "compare-share": specs.multi_trend_spec(
            rows, measure="share_pct", actors=names, release=c["release"], period=period,
            title=f"Share of world arms {what} by year",
            subtitle=[f"Per cent of the world's {what} that year (TIV-based)."]),
    }


def compare_page(c: dict[str, Any], params: Params, *, asked: str) -> Page:
    """The comparison page of a :class:`~armsledger.analysis.compare.Comparison` (a dict)."""
    what = "exports" if c["role"] == "exporter" else "imports"
    names = [t["actor"] for t in c["totals"]]
    page = Page("compare.html", f"Arms {what} compared: {', '.join(names)}, {c['period']}",
                release=c["release"], download_name=f"compare-{c['role']}-{c['period']}")
    page.add(*compare_tables(c, params))
    page.charts.update(compare_charts(c))
    page.context.update(c=c, params=params, asked=asked, warnings=c["warnings"])
    return page
