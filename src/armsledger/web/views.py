"""Page builders: library results (profiles, rankings, trends) -> tables and chart specs for
the home page and the exporter and recipient pages. No computing of figures here: every number
comes from the library as is. Claims and embargo/deal tables are in claim_views/list_views.
"""

from __future__ import annotations

from typing import Any
from urllib.parse import quote

from armsledger import TIV_UNIT
from armsledger.periods import Period
from armsledger.web import specs
from armsledger.web.claim_views import checks_table, first_claim_chart
from armsledger.web.list_views import embargo_panel_tables
from armsledger.web.tables import (
    Column,
    Page,
    Row,
    Table,
    fmt_change,
    fmt_int,
    fmt_pct,
    fmt_tiv,
)
from armsledger.web.urls import Params, actor_url, deals_url, qs, years_of

TOP_IN_CHARTS = 15


# -- shared pieces ----------------------------------------------------------------------------


def _counterparts(prof: dict[str, Any], role: str, params: Params, *, non_state: bool
                  ) -> Table:
    counter = "recipient" if role == "exporter" else "supplier"
    key = f"non_state_{counter}s" if non_state else f"{counter}s"
    actor = prof["actors"][0]
    a, b = years_of(prof["period"])
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
    a, b = years_of(prof["period"])
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
            Column("tiv", f"Outstanding ({TIV_UNIT})", "tiv", link=deals),
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
    shown = Period.parse(prof["period"])
    return specs.yearly_spec(rows, actor=trend["actor"], role=role, window=trend["window"],
                             period=(shown.start, shown.end), release=prof["release"])


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
            a, b = years_of(period)
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
    a, b = years_of(prof["period"])
    link = deals_url(**{side: actor}, year_from=a, year_to=b, release=params.release,
                     include_predecessors=params.include_predecessors)
    what = "exports" if role == "exporter" else "imports"
    cards: list[dict[str, Any]] = [
        {"label": f"Arms {what}, {prof['period']}", "value": fmt_tiv(prof["tiv"]),
         "sub": TIV_UNIT, "href": link},
        {"label": f"Share of world {what}", "value": fmt_pct(prof["share_of_world_pct"]),
         "sub": f"of {fmt_tiv(prof['world_tiv'])} {TIV_UNIT}", "href": link},
        {"label": "Rank", "value": "–" if prof["rank"] is None else f"#{prof['rank']}",
         "sub": f"among {prof['ranked_actors']} {what[:-1]}ing states",
         "href": "/" + qs(params.page())},
    ]
    if prof["compare"]:
        c, d = years_of(prof["compare"])
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
    a, b = years_of(top["period"])
    side = "supplier" if role == "exporter" else "recipient"
    what = "exporters" if role == "exporter" else "importers"

    other = "recipient" if role == "exporter" else "supplier"
    pair = {other: top["counterpart"]} if top.get("counterpart") else {}

    def deals(r: Row) -> str | None:
        return deals_url(**{side: r["actor"]}, **pair, year_from=a, year_to=b,
                         release=params.release)

    cols = [Column("rank", "#", "int"),
            Column("actor", "State", link=lambda r: actor_url(role, r["actor"], **params.page())),
            Column("iso3", "ISO3", show=False),
            Column("tiv", TIV_UNIT, "tiv", link=deals),
            Column("share_pct", f"Share of {'total' if top.get('counterpart') else 'world'}",
                   "pct"),
            Column("change_pct", f"Change vs {top['compare']}" if top["compare"] else "Change",
                   "change"),
            Column("compare_tiv", f"TIV {top['compare'] or ''}".strip(), "tiv", show=False),
            Column("compare_rank", "Rank before", "int", show=False)]
    total = (f"Total {'to' if role == 'exporter' else 'from'} {top['counterpart']}"
             if top.get("counterpart") else "World total")
    note = (f"{total} {fmt_tiv(top['world_tiv'])} {TIV_UNIT}"
            + (f" ({fmt_change(top['world_change_pct'])} vs {top['compare']})"
               if top["compare"] else "")
            + f"; non-state actors, organisations and unknown: {fmt_tiv(top['unranked_tiv'])}.")
    return Table(what, f"Top {what}{top_scope(top)}, {top['period']}", cols, top["ranking"],
                 note=note)


def top_scope(top: dict[str, Any]) -> str:
    """' in Europe' (ranked within a group) or ' to Africa' (counting deliveries to it)."""
    if top.get("counterpart"):
        return f" {'to' if top['role'] == 'exporter' else 'from'} {top['counterpart']}"
    return f" in {top['within']}" if top.get("within") else ""


def top_chart(top: dict[str, Any], params: Params) -> dict[str, Any]:
    role = top["role"]
    what = "exporters" if role == "exporter" else "importers"
    rows = [dict(r, href=actor_url(role, r["actor"], **params.page())) for r in top["ranking"]]
    return specs.bar_spec(rows, title=f"Top {what} of major arms{top_scope(top)}, "
                                f"{top['period']}",
                          release=top["release"],
                          color=specs.MAIN if role == "exporter" else "#3c9d5d")


def home_page(exporters: dict[str, Any], importers: dict[str, Any], params: Params) -> Page:
    where = f", {importers['within']}" if importers.get("within") else ""
    page = Page("home.html", f"Top arms exporters and importers{where}, {exporters['period']}",
                release=exporters["release"], download_name=f"top-{exporters['period']}")
    page.add(top_table(exporters, params), top_table(importers, params))
    page.charts["top-exporters"] = top_chart(exporters, params)
    page.charts["top-importers"] = top_chart(importers, params)
    page.context.update(exporters=exporters, importers=importers,
                        warnings=exporters["warnings"])
    return page


# -- exporter and recipient pages -------------------------------------------------------------


def _regions(prof: dict[str, Any], params: Params) -> Table:
    """Regions and subregions, with the deal ids of the recipients located there."""
    rows = []
    for reg in prof["regions"]:
        rows.append({"region": reg["region"], "subregion": "(all)", "tiv": reg["tiv"],
                     "share_pct": reg["share_pct"], "deal_ids": reg["deal_ids"]})
        for sub in reg["subregions"]:
            rows.append({"region": reg["region"], "subregion": sub["subregion"],
                         "tiv": sub["tiv"], "share_pct": sub["share_pct"],
                         "deal_ids": sub["deal_ids"]})

    def deals(r: Row) -> str | None:
        return deals_url(ids=r["deal_ids"], release=prof["release"])

    cols = [Column("region", "Region"), Column("subregion", "Subregion"),
            Column("tiv", TIV_UNIT, "tiv", link=deals),
            Column("share_pct", "Share", "pct"),
            Column("deals", "Deals", "link", link=deals),
            Column("deal_ids", "Deal ids", "list", show=False)]
    return Table("regions", f"Regions of the recipients ({prof['period']})", cols, rows,
                 note="SIPRI's regions, by recipient; a non-state actor takes its location's "
                      "region.", sub_rows=True)


def _flow(prof: dict[str, Any], flows: list[dict[str, Any]], params: Params
          ) -> dict[str, Any] | None:
    """The flow chart: regions and the groups of recipients (from the library) as links."""
    if not flows:
        return None
    actor = prof["actors"][0]
    a, b = years_of(prof["period"])
    regions = [{"region": g["region"], "tiv": g["tiv"],
                "href": deals_url(ids=g["deal_ids"], release=prof["release"])}
               for g in prof["regions"]]
    nodes = []
    for g in flows:
        href = deals_url(ids=g["deal_ids"], release=prof["release"]) if g["other"] else \
            deals_url(supplier=actor, recipient=g["label"], year_from=a, year_to=b,
                      release=params.release, include_predecessors=params.include_predecessors)
        nodes.append({"label": g["label"], "region": g["region"], "tiv": g["tiv"],
                      "other": g["other"], "href": href})
    return specs.flow_spec(prof["exporter"], regions, nodes, period=prof["period"],
                           release=prof["release"])


def _counterpart_chart(prof: dict[str, Any], role: str, params: Params) -> dict[str, Any] | None:
    counter = "recipient" if role == "exporter" else "supplier"
    actor = prof["actors"][0]
    a, b = years_of(prof["period"])
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
               flows: list[dict[str, Any]] | None = None,
               claims: list[Any] | None = None, embargo: Any = None,
               dependence: dict[str, Any] | None = None) -> Page:
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
    if role == "exporter" and flows is not None:
        flow = _flow(prof, flows, params)
        if flow:
            page.charts["flow"] = flow
        page.add(_regions(prof, params))
    page.add(_blocs(prof, role, params), _categories(prof, role, params), _status(prof),
             _backlog(prof, role, params), _yearly_table(trend, prof, role, params))
    if dependence is not None:
        page.add(dependence_table(dependence, prof, params))
        rows = dependence_chart_rows(dependence, prof, params)
        if rows:
            page.charts["dependence"] = specs.dependence_spec(rows, recipient=str(who),
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


def dependence_table(dependence: dict[str, Any], prof: dict[str, Any], params: Params
                     ) -> Table:
    actor = prof["actors"][0]
    rows = []
    for w in dependence["windows"]:
        dep = w["dependence"]
        rows.append({"period": w["period"], "tiv": w["tiv"],
                     "top_supplier": dep["top_supplier"],
                     "top_supplier_share_pct": dep["top_supplier_share_pct"],
                     "hhi": dep["hhi"], "suppliers": dep["suppliers"],
                     "supplier_states": w["supplier_states"]})

    def deals(r: Row) -> str | None:
        a, b = years_of(r["period"])
        return deals_url(recipient=actor, year_from=a, year_to=b, release=params.release,
                         include_predecessors=params.include_predecessors)

    def top_deals(r: Row) -> str | None:
        if not r["top_supplier"]:
            return None
        a, b = years_of(r["period"])
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


def dependence_chart_rows(dependence: dict[str, Any], prof: dict[str, Any], params: Params
                          ) -> list[dict[str, Any]]:
    """The chart's bars: the library's shares per period, each linking to its deals."""
    actor = prof["actors"][0]
    rows = []
    for w in dependence["windows"]:
        if not w["tiv"]:
            continue
        a, b = years_of(w["period"])
        for s in w["shares"]:
            pair = {"recipient": actor} if s["other"] else {"supplier": s["supplier"],
                                                            "recipient": actor}
            rows.append({"period": w["period"], "supplier": s["supplier"],
                         "share_pct": s["share_pct"], "tiv": s["tiv"], "rank": s["order"],
                         "href": deals_url(**pair, year_from=a, year_to=b,
                                           release=params.release,
                                           include_predecessors=params.include_predecessors)})
    return rows
