"""Page builders: library results (profiles, rankings, trends, checks, screens) -> tables and
chart specs. No computing of figures here: every number comes from the library as is.

Every figure links to the deals behind it (``/deals`` with the filters that reproduce it, or
the exact deal ids where no filter can).
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from typing import Any
from urllib.parse import quote, urlencode

from armsledger import TIV_UNIT
from armsledger.web import specs
from armsledger.web.tables import (
    Column,
    Page,
    Row,
    Table,
    fmt_change,
    fmt_int,
    fmt_number,
    fmt_pct,
    fmt_tiv,
)

MAX_IDS_IN_URL = 600
"""Deal ids beyond this are not put in a link (the URL would be too long)."""

TOP_IN_CHARTS = 15


# -- URLs -------------------------------------------------------------------------------------


def qs(params: dict[str, Any]) -> str:
    """``?a=1&b=2`` of the parameters that are set (True -> 1; lists joined by commas)."""
    clean: list[tuple[str, str]] = []
    for k, v in params.items():
        if v is None or v is False or v == "" or v == []:
            continue
        if v is True:
            v = "1"
        elif isinstance(v, list | tuple):
            v = ",".join(str(x) for x in v)
        clean.append((k, str(v)))
    return ("?" + urlencode(clean, safe=",")) if clean else ""


def deals_url(supplier: str | None = None, recipient: str | None = None,
              year_from: int | None = None, year_to: int | None = None, *,
              category: str | None = None, ids: Iterable[str] | None = None,
              open_orders: bool = False, release: str | None = None,
              include_predecessors: bool = False) -> str | None:
    """The /deals page with these filters; None when the deal ids are too many for a URL."""
    id_list = sorted(set(ids)) if ids is not None else None
    if id_list is not None:
        if not id_list:
            return None
        if len(id_list) > MAX_IDS_IN_URL:
            return None
    return "/deals" + qs({
        "supplier": supplier, "recipient": recipient, "from": year_from, "to": year_to,
        "category": category, "ids": id_list, "open_orders": open_orders,
        "include_predecessors": include_predecessors, "release": release,
    })


def actor_url(role: str, name: str, **params: Any) -> str:
    """The exporter (role 'exporter') or recipient page of an actor."""
    base = "/exporters/" if role == "exporter" else "/recipients/"
    return base + quote(name, safe="") + qs(params)


@dataclass(frozen=True, slots=True)
class Params:
    """A page's choices, carried into its links."""

    period: str = "2020-2024"
    compare: str = "previous"
    release: str | None = None
    include_predecessors: bool = False

    def page(self, **extra: Any) -> dict[str, Any]:
        """Query parameters that keep these choices (defaults left out)."""
        return {"period": None if self.period == "2020-2024" else self.period,
                "compare": None if self.compare == "previous" else self.compare,
                "include_predecessors": self.include_predecessors,
                "release": self.release, **extra}


def _years(period: str | None) -> tuple[int | None, int | None]:
    if not period:
        return None, None
    a, _, b = period.partition("-")
    return int(a), int(b or a)


# -- shared pieces ----------------------------------------------------------------------------


def _counterparts(prof: dict[str, Any], role: str, params: Params, *, non_state: bool
                  ) -> Table:
    counter = "recipient" if role == "exporter" else "supplier"
    key = f"non_state_{counter}s" if non_state else f"{counter}s"
    actor = prof["actors"][0]
    a, b = _years(prof["period"])
    rows = [dict(r, rank=i) for i, r in enumerate(prof[key], 1)]

    def deals(r: Row) -> str | None:
        pair = {"supplier": actor, "recipient": r["actor"]} if role == "exporter" \
            else {"supplier": r["actor"], "recipient": actor}
        return deals_url(**pair, year_from=a, year_to=b, release=params.release,
                         include_predecessors=params.include_predecessors)

    other_role = "importer" if role == "exporter" else "exporter"
    cols = [
        Column("rank", "#", "int", show=not non_state),
        Column("actor", counter.capitalize(),
               link=lambda r: actor_url(other_role, r["actor"], **params.page())),
        Column("iso3", "ISO3"),
        Column("kind", "Kind", show=non_state),
        Column("tiv", TIV_UNIT, "tiv", link=deals),
        Column("share_pct", f"Share of {prof.get('exporter') or prof.get('recipient')}'s total",
               "pct"),
        Column("deals", "Deals", "link", link=deals, text="deals"),
        Column("deal_ids", "Deal ids", "list", show=False),
    ]
    if non_state:
        title = (f"Non-state {counter}s, organisations and unknown ({prof['period']})")
        note = "Listed separately and never counted as states or ranked; in the world total."
    else:
        title = f"{counter.capitalize()} states ({prof['period']})"
        note = None
    return Table(f"{'non_state_' if non_state else ''}{counter}s", title, cols, rows, note=note,
                 empty=f"No {counter}s in {prof['period']}.")


def _categories(prof: dict[str, Any], role: str, params: Params) -> Table:
    actor = prof["actors"][0]
    a, b = _years(prof["period"])
    side = "supplier" if role == "exporter" else "recipient"

    def deals(r: Row) -> str | None:
        if r["category"] == "unknown":
            return None
        return deals_url(**{side: actor}, year_from=a, year_to=b, category=r["category"],
                         release=params.release, include_predecessors=params.include_predecessors)

    cols = [Column("category", "Armament category"),
            Column("tiv", TIV_UNIT, "tiv", link=deals),
            Column("share_pct", "Share", "pct"),
            Column("deals", "Deals", "link", link=deals)]
    return Table("categories", f"Weapon categories ({prof['period']})", cols, prof["categories"])


def _status(prof: dict[str, Any]) -> Table:
    cols = [Column("status", "Status"), Column("tiv", TIV_UNIT, "tiv"),
            Column("share_pct", "Share", "pct")]
    return Table("status", f"New and second-hand ({prof['period']})", cols, prof["status"])


def _blocs(prof: dict[str, Any], role: str, params: Params) -> Table:
    counter = "recipients" if role == "exporter" else "suppliers"

    def deals(r: Row) -> str | None:
        return deals_url(ids=r["deal_ids"], release=prof["release"])

    cols = [Column("bloc", "Bloc"),
            Column("tiv", TIV_UNIT, "tiv", link=deals),
            Column("share_pct", "Share", "pct"),
            Column("members_with_deliveries", f"Members among the {counter}", "list"),
            Column("deals", "Deals", "link", link=deals),
            Column("deal_ids", "Deal ids", "list", show=False)]
    return Table("blocs", f"Blocs of the {counter} ({prof['period']})", cols, prof["blocs"],
                 note="A state counts for a bloc in the years it was a member (dated membership).")


def _backlog(prof: dict[str, Any], role: str, params: Params) -> Table:
    backlog = prof.get("backlog")
    counter = "recipient" if role == "exporter" else "supplier"
    actor = prof["actors"][0]
    rows = backlog.get(f"by_{counter}", []) if backlog else []

    def deals(r: Row) -> str | None:
        pair = {"supplier": actor, "recipient": r[counter]} if role == "exporter" \
            else {"supplier": r[counter], "recipient": actor}
        return deals_url(**pair, open_orders=True,
                         include_predecessors=params.include_predecessors)

    cols = [Column(counter, counter.capitalize()),
            Column("deals", "Open orders", "int", link=deals),
            Column("units", "Units to deliver", "int"),
            Column("tiv", f"Outstanding TIV ({TIV_UNIT})", "tiv", link=deals),
            Column("deals_without_tiv", "Orders without TIV", "int"),
            Column("list", "Deals", "link", link=deals),
            Column("deal_ids", "Deal ids", "list", show=False)]
    if backlog:
        note = (f"From release {backlog['release']}, as of the end of {backlog['as_of_year']}: "
                f"{fmt_int(backlog['deals'])} open orders, {fmt_int(backlog['units'])} units, "
                f"{fmt_tiv(backlog['tiv'])} {TIV_UNIT} outstanding. Definition: "
                f"{backlog['definition']}.")
    else:
        note = ("No loaded release lists undelivered orders (load a SIPRI trade register "
                "exported with 'deliveries or orders').")
    return Table("backlog", "Order backlog (ordered, not yet delivered)", cols, rows, note=note,
                 empty="No open orders.")


def _yearly(trend: dict[str, Any], prof: dict[str, Any], role: str, params: Params
            ) -> dict[str, Any]:
    actor = prof["actors"][0]
    side = "supplier" if role == "exporter" else "recipient"
    rows = [dict(r, href=deals_url(**{side: actor}, year_from=r["year"], year_to=r["year"],
                                    release=params.release,
                                    include_predecessors=params.include_predecessors))
            for r in trend["series"]]
    a, b = _years(prof["period"])
    return specs.yearly_spec(rows, actor=trend["actor"], role=role, window=trend["window"],
                             period=(a, b), release=prof["release"])


def _yearly_table(trend: dict[str, Any], prof: dict[str, Any], role: str, params: Params
                  ) -> Table:
    actor = prof["actors"][0]
    side = "supplier" if role == "exporter" else "recipient"

    def deals(r: Row) -> str | None:
        return deals_url(**{side: actor}, year_from=r["year"], year_to=r["year"],
                         release=params.release, include_predecessors=params.include_predecessors)

    cols = [Column("year", "Year", link=deals),
            Column("tiv", TIV_UNIT, "tiv", link=deals),
            Column("rolling_tiv", f"{trend['window']}-year total", "tiv"),
            Column("share_pct", "Share of world", "pct"),
            Column("deals", "Deals with deliveries", "int"),
            Column("world_tiv", "World TIV", "tiv", show=False),
            Column("covered", "Covered by the data", show=False)]
    return Table("yearly", "Year by year", cols, list(reversed(trend["series"])), limit=None)


def _comparison(prof: dict[str, Any], role: str) -> Table:
    cmp = prof.get("compare_figures")
    counter = "recipient" if role == "exporter" else "supplier"
    now = {"tiv": prof["tiv"], "world_tiv": prof["world_tiv"],
           "share_of_world_pct": prof["share_of_world_pct"], "rank": prof["rank"],
           f"{counter}_states": prof[f"{counter}_states"],
           f"non_state_{counter}s": len(prof[f"non_state_{counter}s"]),
           "local_production_pct": prof["local_production"]["share_pct"],
           f"top_{counter}": (prof[f"{counter}s"] or [{}])[0].get("actor")}
    before: dict[str, Any] = {}
    if cmp:
        before = {"tiv": cmp["tiv"], "world_tiv": cmp["world_tiv"],
                  "share_of_world_pct": cmp["share_of_world_pct"], "rank": cmp["rank"],
                  f"{counter}_states": cmp[f"{counter}_states"],
                  f"non_state_{counter}s": len(cmp[f"non_state_{counter}s"]),
                  "local_production_pct": cmp["local_production"]["share_pct"],
                  f"top_{counter}": (cmp[f"{counter}s"] or [{}])[0].get("actor")}
    labels = [("tiv", f"Volume ({TIV_UNIT})", fmt_tiv),
              ("world_tiv", f"World total ({TIV_UNIT})", fmt_tiv),
              ("share_of_world_pct", "Share of world", fmt_pct),
              ("rank", f"Rank among {prof['ranked_actors']} states",
               lambda v: "–" if v is None else f"#{v}"),
              (f"{counter}_states", f"{counter.capitalize()} states", fmt_int),
              (f"non_state_{counter}s", f"Non-state {counter}s etc.", fmt_int),
              ("local_production_pct", "Licensed/local production", fmt_pct),
              (f"top_{counter}", f"Largest {counter}", lambda v: v or "–")]
    rows = []
    for key, label, fmt in labels:
        rows.append({"figure": label, "now": fmt(now.get(key)),
                     "before": fmt(before.get(key)) if cmp else "–",
                     "_raw": {"figure": key, "now": now.get(key), "before": before.get(key)}})
    cols = [Column("figure", "Figure"), Column("now", prof["period"]),
            Column("before", prof["compare"] or "no comparison")]
    change = fmt_change(prof["change_pct"])
    return Table("comparison", f"Five-year comparison: {prof['period']} vs "
                 f"{prof['compare'] or '–'}", cols, rows,
                 note=f"Change in volume: {change} (SIPRI's method: this period / compare "
                      "period - 1).")


def _comparison_chart(prof: dict[str, Any], role: str, params: Params) -> dict[str, Any] | None:
    cmp = prof.get("compare_figures")
    if not cmp:
        return None
    counter = "recipient" if role == "exporter" else "supplier"
    actor = prof["actors"][0]
    now = {r["actor"]: r["tiv"] for r in prof[f"{counter}s"]}
    before = {r["actor"]: r["tiv"] for r in cmp[f"{counter}s"]}
    names = [r["actor"] for r in prof[f"{counter}s"][:8]]
    names += [n for n in (r["actor"] for r in cmp[f"{counter}s"][:8]) if n not in names]
    if not names:
        return None
    rows = []
    for order, name in enumerate(names):
        for period, values in ((prof["period"], now), (prof["compare"], before)):
            a, b = _years(period)
            pair = {"supplier": actor, "recipient": name} if role == "exporter" \
                else {"supplier": name, "recipient": actor}
            rows.append({"label": name, "period": period, "tiv": values.get(name, 0.0),
                         "order": order,
                         "href": deals_url(**pair, year_from=a, year_to=b, release=params.release,
                                           include_predecessors=params.include_predecessors)})
    who = prof.get("exporter") or prof.get("recipient")
    return specs.comparison_spec(
        rows, title=f"{who}: top {counter}s, {prof['period']} vs {prof['compare']}",
        periods=(prof["period"], prof["compare"]), release=prof["release"])


def headline(prof: dict[str, Any], role: str, params: Params) -> list[dict[str, Any]]:
    """The headline figures as cards, each linking to the deals behind it."""
    side = "supplier" if role == "exporter" else "recipient"
    counter = "recipient" if role == "exporter" else "supplier"
    actor = prof["actors"][0]
    a, b = _years(prof["period"])
    link = deals_url(**{side: actor}, year_from=a, year_to=b, release=params.release,
                     include_predecessors=params.include_predecessors)
    what = "exports" if role == "exporter" else "imports"
    cards = [
        {"label": f"Arms {what}, {prof['period']}", "value": fmt_tiv(prof["tiv"]),
         "sub": TIV_UNIT, "href": link},
        {"label": f"Share of world {what}", "value": fmt_pct(prof["share_of_world_pct"]),
         "sub": f"of {fmt_tiv(prof['world_tiv'])} {TIV_UNIT}", "href": link},
        {"label": "Rank", "value": "–" if prof["rank"] is None else f"#{prof['rank']}",
         "sub": f"among {prof['ranked_actors']} {what[:-1]}ing states",
         "href": "/" + qs(params.page())},
    ]
    if prof["compare"]:
        c, d = _years(prof["compare"])
        cmp = prof["compare_figures"]
        cards.append({"label": f"Change vs {prof['compare']}",
                      "value": fmt_change(prof["change_pct"]),
                      "sub": f"from {fmt_tiv(cmp['tiv'])} {TIV_UNIT}",
                      "href": deals_url(**{side: actor}, year_from=c, year_to=d,
                                        release=params.release,
                                        include_predecessors=params.include_predecessors)})
    cards.append({"label": f"{counter.capitalize()} states",
                  "value": fmt_int(prof[f"{counter}_states"]),
                  "sub": f"+ {len(prof[f'non_state_{counter}s'])} non-state, organisations, "
                         "unknown", "href": f"#table-{counter}s"})
    return cards


# -- home -------------------------------------------------------------------------------------


def top_table(top: dict[str, Any], params: Params) -> Table:
    role = top["role"]
    a, b = _years(top["period"])
    side = "supplier" if role == "exporter" else "recipient"
    what = "exporters" if role == "exporter" else "importers"

    def deals(r: Row) -> str | None:
        return deals_url(**{side: r["actor"]}, year_from=a, year_to=b, release=params.release)

    cols = [Column("rank", "#", "int"),
            Column("actor", "State", link=lambda r: actor_url(role, r["actor"], **params.page())),
            Column("iso3", "ISO3", show=False),
            Column("tiv", TIV_UNIT, "tiv", link=deals),
            Column("share_pct", "Share of world", "pct"),
            Column("change_pct", f"Change vs {top['compare']}" if top["compare"] else "Change",
                   "change"),
            Column("compare_tiv", f"TIV {top['compare'] or ''}".strip(), "tiv", show=False),
            Column("compare_rank", "Rank before", "int", show=False)]
    note = (f"World total {fmt_tiv(top['world_tiv'])} {TIV_UNIT}"
            + (f" ({fmt_change(top['world_change_pct'])} vs {top['compare']})"
               if top["compare"] else "")
            + f"; non-state actors, organisations and unknown: {fmt_tiv(top['unranked_tiv'])}.")
    return Table(what, f"Top {what}, {top['period']}", cols, top["ranking"], note=note)


def top_chart(top: dict[str, Any], params: Params) -> dict[str, Any]:
    role = top["role"]
    what = "exporters" if role == "exporter" else "importers"
    rows = [dict(r, href=actor_url(role, r["actor"], **params.page())) for r in top["ranking"]]
    return specs.bar_spec(rows, title=f"Top {what} of major arms, {top['period']}",
                          release=top["release"],
                          color=specs.MAIN if role == "exporter" else "#3c9d5d")


def home_page(exporters: dict[str, Any], importers: dict[str, Any], params: Params) -> Page:
    page = Page("home.html", f"Top arms exporters and importers, {exporters['period']}",
                release=exporters["release"], download_name=f"top-{exporters['period']}")
    page.add(top_table(exporters, params), top_table(importers, params))
    page.charts["top-exporters"] = top_chart(exporters, params)
    page.charts["top-importers"] = top_chart(importers, params)
    page.context.update(exporters=exporters, importers=importers,
                        warnings=exporters["warnings"])
    return page


# -- exporter and recipient pages -------------------------------------------------------------


def _regions(prof: dict[str, Any], where: dict[str, tuple[str | None, str | None]],
             params: Params) -> Table:
    """Regions and subregions, with the deal ids of the recipients located there."""
    everyone = prof["recipients"] + prof["non_state_recipients"]
    region_ids: dict[str, set[str]] = {}
    sub_ids: dict[tuple[str, str], set[str]] = {}
    for r in everyone:
        region, sub = where.get(r["actor"], (None, None))
        region = region or "Unknown or none"
        region_ids.setdefault(region, set()).update(r["deal_ids"])
        if sub:
            sub_ids.setdefault((region, sub), set()).update(r["deal_ids"])
    rows = []
    for reg in prof["regions"]:
        ids = sorted(region_ids.get(reg["region"], ()))
        rows.append({"region": reg["region"], "subregion": "(all)", "tiv": reg["tiv"],
                     "share_pct": reg["share_pct"], "deal_ids": ids})
        for sub in reg["subregions"]:
            rows.append({"region": reg["region"], "subregion": sub["subregion"],
                         "tiv": sub["tiv"], "share_pct": sub["share_pct"],
                         "deal_ids": sorted(sub_ids.get((reg["region"], sub["subregion"]),
                                                        ()))})

    def deals(r: Row) -> str | None:
        return deals_url(ids=r["deal_ids"], release=prof["release"])

    cols = [Column("region", "Region"), Column("subregion", "Subregion"),
            Column("tiv", TIV_UNIT, "tiv", link=deals),
            Column("share_pct", "Share", "pct"),
            Column("deals", "Deals", "link", link=deals),
            Column("deal_ids", "Deal ids", "list", show=False)]
    return Table("regions", f"Regions of the recipients ({prof['period']})", cols, rows,
                 note="SIPRI's regions, by recipient; a non-state actor takes its location's "
                      "region.")


def _flow(prof: dict[str, Any], where: dict[str, tuple[str | None, str | None]],
          params: Params) -> dict[str, Any] | None:
    everyone = sorted(prof["recipients"] + prof["non_state_recipients"],
                      key=lambda r: -r["tiv"])
    if not everyone:
        return None
    actor = prof["actors"][0]
    a, b = _years(prof["period"])
    top = everyone[:TOP_IN_CHARTS]
    rest = everyone[TOP_IN_CHARTS:]
    regions = [{"region": g["region"], "tiv": g["tiv"]} for g in prof["regions"]]
    order = {g["region"]: i for i, g in enumerate(regions)}
    nodes = []
    for r in top:
        region = where.get(r["actor"], (None, None))[0] or "Unknown or none"
        nodes.append({"label": r["actor"], "region": region, "tiv": r["tiv"],
                      "href": deals_url(supplier=actor, recipient=r["actor"], year_from=a,
                                        year_to=b, release=params.release,
                                        include_predecessors=params.include_predecessors)})
    others: dict[str, list[Row]] = {}
    for r in rest:
        region = where.get(r["actor"], (None, None))[0] or "Unknown or none"
        others.setdefault(region, []).append(r)
    for region, rows in others.items():
        ids = sorted({i for r in rows for i in r["deal_ids"]})
        nodes.append({"label": f"{len(rows)} other{'s' if len(rows) > 1 else ''}",
                      "region": region, "tiv": sum(r["tiv"] for r in rows), "other": True,
                      "href": deals_url(ids=ids, release=prof["release"])})
    nodes.sort(key=lambda n: (order.get(n["region"], 99), bool(n.get("other")), -n["tiv"]))
    region_ids: dict[str, set[str]] = {}
    for r in everyone:
        region = where.get(r["actor"], (None, None))[0] or "Unknown or none"
        region_ids.setdefault(region, set()).update(r["deal_ids"])
    for g in regions:
        g["href"] = deals_url(ids=region_ids.get(g["region"], ()), release=prof["release"])
    return specs.flow_spec(prof["exporter"], regions, nodes, period=prof["period"],
                           release=prof["release"])


def _counterpart_chart(prof: dict[str, Any], role: str, params: Params) -> dict[str, Any] | None:
    counter = "recipient" if role == "exporter" else "supplier"
    actor = prof["actors"][0]
    a, b = _years(prof["period"])
    rows = []
    for r in prof[f"{counter}s"][:TOP_IN_CHARTS]:
        pair = {"supplier": actor, "recipient": r["actor"]} if role == "exporter" \
            else {"supplier": r["actor"], "recipient": actor}
        rows.append(dict(r, href=deals_url(**pair, year_from=a, year_to=b,
                                           release=params.release,
                                           include_predecessors=params.include_predecessors)))
    if not rows:
        return None
    who = prof.get("exporter") or prof.get("recipient")
    more = len(prof[f"{counter}s"]) - len(rows)
    return specs.bar_spec(
        rows, title=f"{who}: {counter} states, {prof['period']}", label_title=counter,
        release=prof["release"],
        subtitle=[f"SIPRI trend-indicator values ({TIV_UNIT}); not money."
                  + (f" Top {len(rows)}; {more} more in the table." if more > 0 else "")])


def actor_page(role: str, prof: dict[str, Any], trend: dict[str, Any], params: Params, *,
               where: dict[str, tuple[str | None, str | None]] | None = None,
               claims: list[Any] | None = None, embargo: Any = None,
               dependence: list[dict[str, Any]] | None = None) -> Page:
    """The exporter page (role 'exporter') or the recipient page (role 'importer')."""
    who = prof.get("exporter") or prof.get("recipient")
    what = "exports" if role == "exporter" else "imports"
    page = Page("actor.html", f"{who}: arms {what}, {prof['period']}", release=prof["release"],
                download_name=f"{who}-{prof['period']}".replace(" ", "_").lower())
    page.context.update(
        other_url=actor_url("importer" if role == "exporter" else "exporter", prof["actors"][0],
                            **params.page()),
        embargo_url="/embargoes" + qs({"supplier": prof["actors"][0], "release": params.release}))
    page.context.update(prof=prof, role=role, who=who, what=what,
                        cards=headline(prof, role, params), params=params,
                        api=("/api/exporters/" if role == "exporter" else "/api/recipients/")
                        + quote(prof["actors"][0], safe="") + "/profile"
                        + qs({"period": prof["period"], "compare": prof["compare"] or "none",
                              "release": params.release,
                              "include_predecessors": params.include_predecessors}))
    page.charts["yearly"] = _yearly(trend, prof, role, params)
    page.add(_comparison(prof, role))
    cmp_chart = _comparison_chart(prof, role, params)
    if cmp_chart:
        page.charts["comparison"] = cmp_chart
    chart = _counterpart_chart(prof, role, params)
    if chart:
        page.charts["counterparts"] = chart
    page.add(_counterparts(prof, role, params, non_state=False),
             _counterparts(prof, role, params, non_state=True))
    if role == "exporter" and where is not None:
        flow = _flow(prof, where, params)
        if flow:
            page.charts["flow"] = flow
        page.add(_regions(prof, where, params))
    page.add(_blocs(prof, role, params), _categories(prof, role, params), _status(prof),
             _backlog(prof, role, params), _yearly_table(trend, prof, role, params))
    if dependence is not None:
        page.add(dependence_table(dependence, prof, params))
        rows = dependence_chart_rows(dependence, prof, params)
        if rows:
            page.charts["dependence"] = specs.dependence_spec(rows, recipient=who,
                                                              release=prof["release"])
    if claims is not None:
        page.add(checks_table("claims", f"Claims about {who}'s arms exports (ledger)", claims,
                              params, subject=False))
        chart = first_claim_chart(claims)
        if chart:
            page.charts["claims"] = chart
    page.context["claims_checked"] = claims is not None
    page.context["embargo"] = embargo
    if isinstance(embargo, dict):
        page.add(*embargo_panel_tables(embargo, params))
    return page


# -- dependence (recipients) ------------------------------------------------------------------


def dependence_table(windows: list[dict[str, Any]], prof: dict[str, Any], params: Params
                     ) -> Table:
    actor = prof["actors"][0]
    rows = []
    for w in windows:
        dep = w.get("dependence") or {}
        rows.append({"period": w["period"], "tiv": w["tiv"],
                     "top_supplier": dep.get("top_supplier"),
                     "top_supplier_share_pct": dep.get("top_supplier_share_pct"),
                     "hhi": dep.get("hhi"), "suppliers": dep.get("suppliers"),
                     "supplier_states": w.get("supplier_states")})

    def deals(r: Row) -> str | None:
        a, b = _years(r["period"])
        return deals_url(recipient=actor, year_from=a, year_to=b, release=params.release,
                         include_predecessors=params.include_predecessors)

    def top_deals(r: Row) -> str | None:
        if not r["top_supplier"]:
            return None
        a, b = _years(r["period"])
        return deals_url(supplier=r["top_supplier"], recipient=actor, year_from=a, year_to=b,
                         release=params.release, include_predecessors=params.include_predecessors)

    cols = [Column("period", "Period", link=lambda r: actor_url(
                "importer", actor, **params.page(period=r["period"]))),
            Column("tiv", f"Imports ({TIV_UNIT})", "tiv", link=deals),
            Column("top_supplier", "Top supplier", link=top_deals),
            Column("top_supplier_share_pct", "Top supplier's share", "pct"),
            Column("hhi", "HHI (0-10,000)", "int"),
            Column("suppliers", "Suppliers", "int"),
            Column("supplier_states", "Supplier states", "int", show=False)]
    return Table("dependence", "Dependence on suppliers over time", cols, rows,
                 note="Per five-year period: the top supplier's share of the recipient's imports "
                      "and the Herfindahl-Hirschman index (sum of squared supplier shares in %; "
                      "10,000 = one supplier).")


def dependence_chart_rows(windows: list[dict[str, Any]], prof: dict[str, Any], params: Params,
                          top_n: int = 6) -> list[dict[str, Any]]:
    actor = prof["actors"][0]
    totals: dict[str, float] = {}
    for w in windows:
        for s in w["suppliers"] + w["non_state_suppliers"]:
            totals[s["actor"]] = totals.get(s["actor"], 0.0) + s["tiv"]
    main = [n for n, _ in sorted(totals.items(), key=lambda kv: -kv[1])[:top_n]]
    rows = []
    for w in windows:
        if not w["tiv"]:
            continue
        a, b = _years(w["period"])
        other = 0.0
        other_tiv = 0.0
        for s in w["suppliers"] + w["non_state_suppliers"]:
            if s["actor"] in main:
                rows.append({"period": w["period"], "supplier": s["actor"],
                             "share_pct": s["share_pct"], "tiv": s["tiv"],
                             "rank": main.index(s["actor"]),
                             "href": deals_url(supplier=s["actor"], recipient=actor,
                                               year_from=a, year_to=b, release=params.release,
                                               include_predecessors=params.include_predecessors)})
            else:
                other += s["share_pct"] or 0.0
                other_tiv += s["tiv"]
        if other_tiv:
            rows.append({"period": w["period"], "supplier": "other suppliers",
                         "share_pct": other, "tiv": other_tiv, "rank": len(main),
                         "href": deals_url(recipient=actor, year_from=a, year_to=b,
                                           release=params.release,
                                           include_predecessors=params.include_predecessors)})
    return rows


# -- claims -----------------------------------------------------------------------------------


METRIC_LABELS = {
    "export_value": "export value", "contracts_value": "new contracts", "order_book": "order book",
    "licences_value": "licences", "recipient_countries": "recipient countries",
    "cooperation_projects": "cooperation projects",
    "cooperation_partner_states": "cooperation partners", "global_share": "share of world",
    "rank": "rank",
}


def _claimed(c: Any) -> str:
    qual = "" if c.qualifier == "exact" else f"{c.qualifier} "
    if c.metric == "global_share":
        return f"{qual}{fmt_number(c.value)}%"
    if c.metric == "rank":
        return f"{qual}#{fmt_number(c.value)}"
    cur = f"{c.currency} " if c.currency else ""
    return f"{qual}{cur}{fmt_number(c.value)} {c.unit}"


def _period_text(c: Any) -> str:
    if not c.period_start:
        return "–"
    if not c.period_end or c.period_end == c.period_start:
        return c.period_start
    return f"{c.period_start} to {c.period_end}"


def evidence_items(check: Any) -> list[tuple[str, str]]:
    """The figures a reader needs to judge a verdict, formatted, from ``check.evidence``."""
    ev = check.evidence
    c = check.claim
    out: list[tuple[str, str]] = []
    if "measured_recipient_states" in ev:
        out.append((f"recipient states {ev.get('period', '')}".strip(),
                    fmt_int(ev["measured_recipient_states"])))
        if ev.get("recipient_states_with_orders") is not None:
            out.append(("states with orders", fmt_int(ev["recipient_states_with_orders"])))
    if "measured" in ev:
        m = ev["measured"]
        if c.metric == "global_share":
            out.append((f"share of world {ev.get('period', '')}".strip(), fmt_pct(m)))
        elif m is not None:
            out.append((f"rank {ev.get('period', '')}".strip(), f"#{m}"))
    if ev.get("tiv") is not None and "measured" in ev:
        out.append((TIV_UNIT, fmt_tiv(ev["tiv"])))
    if "compared_years" in ev:
        a, b = ev["compared_years"]
        out.append(("years compared", f"{a}-{b}"))
        out.append(("claimed change", fmt_change(ev.get("claimed_change_pct"))))
        out.append(("TIV change", fmt_change(ev.get("tiv_change_pct"))))
    if "latest_year" in ev:
        out.append(("latest data year", str(ev["latest_year"])))
    ctx = ev.get("context") or {}
    if ctx.get("tiv_change_pct") is not None and ctx.get("latest_period"):
        out.append((f"TIV {ctx['previous_period']} → {ctx['latest_period']}",
                    fmt_change(ctx["tiv_change_pct"])))
    if ctx.get("recipient_states") is not None:
        out.append((f"recipient states {ctx.get('latest_period', '')}".strip(),
                    fmt_int(ctx["recipient_states"])))
    if "open_orders" in ctx:
        out.append((f"open orders (end {ctx.get('as_of_year')})", fmt_int(ctx["open_orders"])))
        out.append((f"outstanding ({TIV_UNIT})", fmt_tiv(ctx["tiv_outstanding"])))
    if "deals_ordered" in ctx:
        out.append((f"deals ordered {ctx.get('period', '')}".strip(),
                    fmt_int(ctx["deals_ordered"])))
        out.append((f"TIV of orders ({TIV_UNIT})", fmt_tiv(ctx["tiv_of_orders"])))
    return out


def evidence_links(check: Any, params: Params | None = None) -> list[tuple[str, str]]:
    """Links to the deals behind a verdict's figures (and to the claim's source)."""
    ev = check.evidence
    c = check.claim
    release = params.release if params else None
    subject = c.subject_exporter
    out: list[tuple[str, str]] = []
    if subject and ev.get("period") and ("measured" in ev or "measured_recipient_states" in ev):
        a, b = _years(ev["period"])
        out.append((f"deals {ev['period']}", deals_url(supplier=subject, year_from=a, year_to=b,
                                                       release=release)))
    if subject and "compared_years" in ev:
        a, b = ev["compared_years"]
        out.append((f"deals {a}-{b}", deals_url(supplier=subject, year_from=a, year_to=b,
                                                release=release)))
    ctx = ev.get("context") or {}
    if subject and ctx.get("latest_period") and "compared_years" not in ev:
        a, b = _years(ctx["latest_period"])
        out.append((f"deals {ctx['latest_period']}", deals_url(supplier=subject, year_from=a,
                                                               year_to=b, release=release)))
    if subject and "open_orders" in ctx:
        out.append(("open orders", deals_url(supplier=subject, open_orders=True)))
    if "deals_ordered" in ctx:
        url = deals_url(ids=ctx.get("deal_ids") or [], release=ctx.get("orders_release"))
        if url:
            out.append(("deals ordered", url))
    if c.source and c.source.url:
        out.append(("source", c.source.url))
    return [(t, u) for t, u in out if u]


def checks_table(name: str, title: str, checks: list[Any], params: Params | None = None, *,
                 anchors: bool = False, subject: bool = True) -> Table:
    rows = []
    for i, ch in enumerate(checks, 1):
        c = ch.claim
        rows.append({
            "n": i, "quote": c.quote, "claimant": c.claimant, "subject": c.subject_exporter,
            "metric": METRIC_LABELS.get(c.metric, c.metric), "claimed": _claimed(c),
            "period": _period_text(c),
            "verdict": ch.verdict, "method": ch.method, "figures": evidence_items(ch),
            "links": evidence_links(ch, params),
            "source": (c.source.title or c.source.outlet or c.source.url) if c.source else None,
            "_raw": {"figures": ch.evidence, "links": [u for _, u in evidence_links(ch, params)],
                     "claim": ch.claim.to_dict(), "metric": c.metric},
            "anchor": f"claim-{i}",
        })
    cols = [Column("n", "#", "int", link=(lambda r: f"#q-{r['n']}") if anchors else None),
            Column("quote", "Claim (quote)", "long"),
            Column("claimant", "Claimant"),
            Column("subject", "Exporter", show=subject),
            Column("metric", "Metric"),
            Column("claimed", "Claimed", "nowrap"),
            Column("period", "Period", "nowrap"),
            Column("verdict", "Verdict", "verdict"),
            Column("method", "Method", "folded"),
            Column("figures", "Evidence", "evidence"),
            Column("links", "Deals and source", "links"),
            Column("source", "Source", show=False),
            Column("claim", "Claim", show=False)]
    return Table(name, title, cols, rows, unit=None, empty="No claims.",
                 row_anchor="anchor" if anchors else None,
                 note="Verdicts: consistent / inconsistent (compared with the figure the method "
                      "names, within its tolerance), not comparable (money vs. SIPRI's volume "
                      "measure: levels are never compared), not checkable (the data cannot "
                      "settle it).")


def first_claim_chart(checks: list[Any]) -> dict[str, Any] | None:
    """The claimed-vs-measured index chart of the first money-trend check that has one."""
    return next(iter(claim_charts(checks).values()), None)


def claim_charts(checks: list[Any]) -> dict[str, dict[str, Any]]:
    """One index chart per claimed series (exporter, metric, currency, unit)."""
    out: dict[str, dict[str, Any]] = {}
    seen: set[tuple[Any, ...]] = set()
    for ch in checks:
        c = ch.claim
        key = (c.subject_exporter, c.metric, c.currency, c.unit)
        if ch.series is None or key in seen:
            continue
        ev = ch.evidence
        spec = specs.claim_spec(ch.series, exporter=c.subject_exporter or "exporter",
                                claimed_unit=ev.get("claimed_unit", c.unit),
                                source=ev.get("source", ""))
        if spec:
            seen.add(key)
            out[f"claim-chart-{len(out) + 1}"] = spec
    return out


def highlight(text: str, claims: list[Any]) -> list[dict[str, Any]]:
    """The text cut into segments; a segment that is a claim's quote carries its number and
    verdict (claims overlapping an earlier one are not highlighted twice)."""
    marks = sorted(((c.span[0], c.span[1], i, verdict) for i, (c, verdict) in
                    enumerate(claims, 1) if c.span and 0 <= c.span[0] < c.span[1] <= len(text)),
                   key=lambda m: (m[0], -m[1]))
    out: list[dict[str, Any]] = []
    pos = 0
    for a, b, n, verdict in marks:
        if a < pos:
            continue
        if a > pos:
            out.append({"text": text[pos:a]})
        out.append({"text": text[a:b], "n": n, "verdict": verdict,
                    "slug": verdict.replace(" ", "-")})
        pos = b
    if pos < len(text):
        out.append({"text": text[pos:]})
    return out


# -- embargoes --------------------------------------------------------------------------------


def embargo_panel_tables(summary: dict[str, Any], params: Params) -> list[Table]:
    """The exporter page's embargo flags: TIV by binding status and the embargoes hit."""
    status = Table("embargo_status", f"Deliveries to embargo targets ({summary['period']})",
                   [Column("status", "Status", "verdict"),
                    Column("deliveries", "Deliveries", "int"),
                    Column("tiv", TIV_UNIT, "tiv"),
                    Column("share_pct", f"Share of {summary['supplier']}'s deliveries", "pct")],
                   summary["by_status"],
                   note="Only 'bound' deliveries can be breaches: the embargo bound this supplier "
                        "in the delivery year. Caveats (boundary years, orders before the "
                        "embargo, partial scope) are on the embargo page.")
    return [status, embargo_hits_table("embargo_flags", "Embargoes whose targets received "
                                       f"deliveries ({summary['period']})",
                                       summary["embargoes"], params, supplier=summary["supplier"],
                                       release=summary["release"])]


def embargo_hits_table(name: str, title: str, rows: list[dict[str, Any]], params: Params, *,
                       supplier: str | None = None, release: str | None = None) -> Table:
    def deals(r: Row) -> str | None:
        return deals_url(ids=r.get("deal_ids") or [], release=release)

    def embargo(r: Row) -> str:
        return "/embargoes" + qs({"embargo": r["embargo_id"], "supplier": supplier,
                                  "release": params.release})

    rows = [dict(r, years=str(r["first_year"]) if r["first_year"] == r["last_year"]
                 else f"{r['first_year']}-{r['last_year']}") for r in rows]
    cols = [Column("embargo_id", "Embargo", link=embargo),
            Column("imposed_by", "By"),
            Column("target", "Target", "long"),
            Column("status", "Status", "verdict"),
            Column("deliveries", "Deliveries", "int"),
            Column("tiv", TIV_UNIT, "tiv", link=deals),
            Column("years", "Years", "nowrap"),
            Column("suppliers", "Suppliers", "list", show="suppliers" in (rows[0] if rows
                                                                          else {})),
            Column("recipients", "Recipients", "list"),
            Column("deals", "Deals", "link", link=deals),
            Column("deal_ids", "Deal ids", "list", show=False)]
    return Table(name, title, cols, rows, empty="No deliveries to embargo targets.")


def embargo_list_table(embargoes: list[dict[str, Any]], params: Params) -> Table:
    cols = [Column("embargo_id", "Embargo", link=lambda r: "/embargoes" + qs(
                {"embargo": r["embargo_id"], "release": params.release})),
            Column("imposed_by", "By"),
            Column("target", "Target", "long"),
            Column("target_iso3", "ISO3", "list"),
            Column("scope", "Scope"),
            Column("start_date", "Start"),
            Column("end_date", "End"),
            Column("mandatory", "Mandatory"),
            Column("legal_basis", "Legal basis", "long"),
            Column("binding", "Binds", "long", show=False),
            Column("notes", "Notes", "long", show=False),
            Column("source_url", "Source", link=lambda r: r.get("source_url")),
            ]
    rows = [dict(e, end_date=e.get("end_date") or "in force",
                 mandatory="yes" if e.get("mandatory") else "no") for e in embargoes]
    return Table("embargoes", "Arms embargoes (reference table)", cols, rows, unit=None)


def hits_table(hits: list[dict[str, Any]], params: Params, limit: int = 200) -> Table:
    def deal(r: Row) -> str | None:
        return deals_url(ids=[r["deal_id"]], release=r["source"]["release"])

    cols = [Column("deal_id", "Deal", link=deal), Column("supplier", "Supplier"),
            Column("recipient", "Recipient"), Column("year", "Year"),
            Column("tiv", TIV_UNIT, "tiv"), Column("embargo_id", "Embargo"),
            Column("status", "Status", "verdict"), Column("caveats", "Caveats", "list"),
            Column("designation", "Weapon"), Column("order_year", "Ordered"),
            Column("imposed_by", "By", show=False), Column("basis", "Legal basis", show=False)]
    more = len(hits) - limit
    return Table("hits", "Deliveries matched to embargoes", cols, hits, limit=limit,
                 note=(f"The first {limit} of {len(hits):,} shown; the downloads have all."
                       if more > 0 else None), empty="No matching deliveries.")


# -- deals ------------------------------------------------------------------------------------


def _deliveries_text(deliveries: list[dict[str, Any]]) -> str:
    parts = []
    for d in deliveries or []:
        n = "" if d.get("number") is None else f"{d['number']} "
        est = "?" if d.get("estimated") else ""
        parts.append(f"{d['year']}: {n}({fmt_tiv(d.get('tiv'))}){est}")
    return "; ".join(parts)


def deals_table(records: list[dict[str, Any]], *, start: int, page_size: int,
                title: str) -> Table:
    """Deal records (``deal_records`` shape); the page shows one page, downloads all."""
    rows = []
    for r in records:
        rows.append(dict(r, deliveries_text=_deliveries_text(r["deliveries"]),
                         source_line=(r.get("source") or {}).get("line"),
                         ordered=(f"{r['order_year']}{'?' if r.get('order_year_estimated') else ''}"
                                  if r.get("order_year") is not None else "–")))
    cols = [Column("deal_id", "Deal"), Column("supplier", "Supplier"),
            Column("recipient", "Recipient"), Column("ordered", "Ordered", show=True),
            Column("designation", "Weapon"), Column("description", "Description"),
            Column("category", "Category"), Column("status", "Status"),
            Column("number_ordered", "No. ordered", "int"),
            Column("number_delivered", "No. delivered", "int"),
            Column("deliveries_text", "Deliveries in range: year: number (TIV)"),
            Column("tiv_delivered", f"TIV delivered ({TIV_UNIT})", "tiv"),
            Column("source_line", "Source line", "int"),
            Column("order_year", "Order year", show=False),
            Column("tiv_unit", "TIV per unit", "tiv", show=False),
            Column("tiv_order", "TIV of order", "tiv", show=False),
            Column("local_production", "Local production", show=False),
            Column("comments", "Comments", show=False)]
    return Table("deals", title, cols, rows, empty="No deals match these filters.",
                 json_rows=records, offset=start, limit=page_size)


def open_orders_table(rows: list[dict[str, Any]], release: str) -> Table:
    cols = [Column("deal_id", "Deal"), Column("supplier", "Supplier"),
            Column("recipient", "Recipient"), Column("order_year", "Ordered"),
            Column("designation", "Weapon"), Column("category", "Category"),
            Column("number_ordered", "No. ordered", "int"),
            Column("number_delivered", "No. delivered", "int"),
            Column("remaining", "Still to deliver", "int"),
            Column("tiv_outstanding", f"Outstanding TIV ({TIV_UNIT})", "tiv"),
            Column("last_year", "Last delivery"), Column("as_of_year", "As of")]
    return Table("deals", f"Open orders (release {release})", cols, rows,
                 empty="No open orders match these filters.")
