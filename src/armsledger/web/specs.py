"""Vega-Lite specifications of the dashboard's charts (plain dicts, drawn by vega-embed).

Every TIV axis is titled "TIV, millions" (SIPRI's trend-indicator value, a volume measure);
no chart puts money and TIV on one scale: claimed money is only ever shown as an index beside
a TIV index (:func:`claim_spec`, from :func:`armsledger.charts.claim_trend_chart`).
Charts take the width of their container, so they fit a phone and a laptop.
"""

from __future__ import annotations

from typing import Any

import altair as alt

from armsledger import TIV_UNIT
from armsledger.web.tables import fmt_tiv

SCHEMA = alt.SCHEMA_URL
TIV_TITLE = TIV_UNIT
MAIN = "#1f5f8b"
LIGHT = "#a9c6dc"
ACCENT = "#c0392b"
PALETTE = ["#1f5f8b", "#e07b39", "#3c9d5d", "#8e5ba8", "#c0392b", "#7f7f7f", "#b8a03a",
           "#2aa7b8", "#d16ba5", "#5c6bc0"]

CONFIG: dict[str, Any] = {
    "font": "system-ui, -apple-system, Segoe UI, Roboto, sans-serif",
    "view": {"stroke": None},
    "axis": {"labelFontSize": 11, "titleFontSize": 11, "titleFontWeight": "normal",
             "gridColor": "#e6e6e6"},
    "legend": {"labelFontSize": 11, "titleFontSize": 11, "orient": "bottom"},
    "title": {"fontSize": 13, "subtitleFontSize": 10, "subtitleColor": "#555", "anchor": "start"},
}


def source_lines(release: str | None) -> list[str]:
    """The citation in short lines (charts are read on phones too)."""
    return ["Source: SIPRI Arms Transfers Database,",
            "https://www.sipri.org/databases/armstransfers" + ("," if release else ""),
            *([f"release {release}"] if release else [])]


def _base(title: str, subtitle: list[str] | None = None, *, height: int = 300,
          release: str | None = None) -> dict[str, Any]:
    sub = list(subtitle or [])
    sub += source_lines(release)
    return {
        "$schema": SCHEMA,
        "width": "container",
        "height": height,
        "autosize": {"type": "fit-x", "contains": "padding"},
        "title": {"text": title, "subtitle": sub},
        "config": CONFIG,
    }


def bar_spec(rows: list[dict[str, Any]], *, title: str, label: str = "actor",
             label_title: str = "State", release: str | None = None,
             subtitle: list[str] | None = None, color: str = MAIN) -> dict[str, Any]:
    """Horizontal bars of TIV by ``label``; each bar links to ``href`` when the row has one."""
    data = [{"label": r[label], "tiv": r.get("tiv") or 0.0, "share_pct": r.get("share_pct"),
             "href": r.get("href"), "tiv_text": fmt_tiv(r.get("tiv"))} for r in rows]
    spec = _base(title, subtitle or [f"SIPRI trend-indicator values ({TIV_UNIT}); not money."],
                 height=max(120, 22 * len(data)), release=release)
    spec.update({
        "data": {"values": data},
        "mark": {"type": "bar", "color": color, "cursor": "pointer"},
        "encoding": {
            "y": {"field": "label", "type": "nominal", "sort": "-x", "title": None,
                  "axis": {"labelLimit": 150}},
            "x": {"field": "tiv", "type": "quantitative", "title": TIV_TITLE},
            "href": {"field": "href"},
            "tooltip": [
                {"field": "label", "title": label_title},
                {"field": "tiv", "type": "quantitative", "format": ",.0f", "title": TIV_TITLE},
                {"field": "share_pct", "type": "quantitative", "format": ".1f",
                 "title": "share, %"},
            ],
        },
    })
    return spec


def yearly_spec(series: list[dict[str, Any]], *, actor: str, role: str, window: int,
                period: tuple[int, int], release: str | None = None) -> dict[str, Any]:
    """Yearly TIV as bars (the selected period darker) and the rolling ``window``-year total
    as a line on its own axis; both axes are TIV, millions. Bars link to the year's deals."""
    what = "exports" if role == "exporter" else "imports"
    data = [{"year": r["year"], "tiv": r["tiv"], "rolling_tiv": r.get("rolling_tiv"),
             "in_period": "selected period" if period[0] <= r["year"] <= period[1]
             else "other years", "href": r.get("href")} for r in series]
    spec = _base(f"{actor}: arms {what} by year and {window}-year total",
                 [f"Bars: yearly {what}; line: {window}-year total ending that year.",
                  f"SIPRI trend-indicator values ({TIV_UNIT}); not money."],
                 height=300, release=release)
    x = {"field": "year", "type": "ordinal", "title": "Year",
         "axis": {"labelAngle": 0, "labelExpr": "datum.value % 5 == 0 ? datum.label : ''"}}
    spec.update({
        "data": {"values": data},
        "layer": [
            {
                "mark": {"type": "bar", "cursor": "pointer"},
                "encoding": {
                    "x": x,
                    "y": {"field": "tiv", "type": "quantitative",
                          "title": f"Yearly {what} ({TIV_TITLE})"},
                    "color": {"field": "in_period", "type": "nominal", "title": None,
                              "scale": {"domain": ["selected period", "other years"],
                                        "range": [MAIN, LIGHT]}},
                    "href": {"field": "href"},
                    "tooltip": [
                        {"field": "year", "title": "Year"},
                        {"field": "tiv", "type": "quantitative", "format": ",.0f",
                         "title": f"{what} ({TIV_TITLE})"},
                    ],
                },
            },
            {
                "mark": {"type": "line", "color": ACCENT, "point": {"color": ACCENT}},
                "encoding": {
                    "x": x,
                    "y": {"field": "rolling_tiv", "type": "quantitative",
                          "title": f"{window}-year total ({TIV_TITLE})",
                          "axis": {"titleColor": ACCENT}},
                    "tooltip": [
                        {"field": "year", "title": "Year"},
                        {"field": "rolling_tiv", "type": "quantitative", "format": ",.0f",
                         "title": f"{window}-year total ({TIV_TITLE})"},
                    ],
                },
            },
        ],
        "resolve": {"scale": {"y": "independent"}},
    })
    return spec


def comparison_spec(rows: list[dict[str, Any]], *, title: str, periods: tuple[str, str],
                    release: str | None = None) -> dict[str, Any]:
    """Grouped bars: each counterpart's TIV in the period and in the compare period."""
    spec = _base(title, [f"SIPRI trend-indicator values ({TIV_UNIT}); not money."],
                 height=max(140, 30 * len({r['label'] for r in rows})), release=release)
    spec.update({
        "data": {"values": rows},
        "mark": {"type": "bar", "cursor": "pointer"},
        "encoding": {
            "y": {"field": "label", "type": "nominal", "title": None,
                  "sort": {"field": "order"}, "axis": {"labelLimit": 150}},
            "yOffset": {"field": "period", "sort": list(periods)},
            "x": {"field": "tiv", "type": "quantitative", "title": TIV_TITLE},
            "color": {"field": "period", "type": "nominal", "title": None,
                      "scale": {"domain": list(periods), "range": [MAIN, "#e07b39"]}},
            "href": {"field": "href"},
            "tooltip": [
                {"field": "label", "title": "State"},
                {"field": "period", "title": "Period"},
                {"field": "tiv", "type": "quantitative", "format": ",.0f", "title": TIV_TITLE},
            ],
        },
    })
    return spec


def flow_spec(exporter: str, regions: list[dict[str, Any]], recipients: list[dict[str, Any]],
              *, period: str, release: str | None = None) -> dict[str, Any]:
    """Exporter -> regions -> recipients as a three-column flow: rules whose width is the TIV.

    ``regions``: {region, tiv}; ``recipients``: {label, region, tiv, href}, in display order
    (grouped by region). Node positions are computed here; Vega-Lite draws rules and labels.
    """
    n = max(1, len(recipients))
    ys = {i: i for i in range(n)}
    region_y: dict[str, float] = {}
    for reg in regions:
        idx = [i for i, r in enumerate(recipients) if r["region"] == reg["region"]]
        region_y[reg["region"]] = sum(idx) / len(idx) if idx else 0.0
    ex_y = (n - 1) / 2
    links = []
    for reg in regions:
        links.append({"x": 0, "y": ex_y, "x2": 1, "y2": region_y[reg["region"]],
                      "tiv": reg["tiv"], "region": reg["region"],
                      "what": f"{exporter} → {reg['region']}", "href": reg.get("href")})
    for i, r in enumerate(recipients):
        links.append({"x": 1, "y": region_y.get(r["region"], ys[i]), "x2": 2, "y2": ys[i],
                      "tiv": r["tiv"], "region": r["region"],
                      "what": f"{r['region']} → {r['label']}", "href": r.get("href")})
    nodes = [{"x": 0, "y": ex_y, "label": exporter, "align": "right", "href": None}]
    nodes += [{"x": 1, "y": region_y[g["region"]], "label": g["region"], "align": "center",
               "href": g.get("href")} for g in regions]
    nodes += [{"x": 2, "y": ys[i], "label": f"{r['label']} ({fmt_tiv(r['tiv'])})",
               "align": "left", "href": r.get("href")} for i, r in enumerate(recipients)]
    spec = _base(f"{exporter}: where the arms went, {period}",
                 ["Exporter → region → recipient (TIV delivered).",
                  f"Line width: {TIV_UNIT}; not money."],
                 height=max(200, 22 * n), release=release)
    xs = {"type": "quantitative", "scale": {"domain": [-0.05, 3.1]}, "axis": None}
    ysc = {"type": "quantitative", "scale": {"domain": [n - 0.5, -0.5], "nice": False},
           "axis": None}
    region_names = [g["region"] for g in regions]
    spec.update({
        "layer": [
            {
                "data": {"values": links},
                "mark": {"type": "rule", "opacity": 0.55, "strokeCap": "round",
                         "cursor": "pointer"},
                "encoding": {
                    "x": {"field": "x", **xs}, "y": {"field": "y", **ysc},
                    "x2": {"field": "x2"}, "y2": {"field": "y2"},
                    "strokeWidth": {"field": "tiv", "type": "quantitative", "legend": None,
                                    "scale": {"range": [1, 18], "zero": False}},
                    "color": {"field": "region", "type": "nominal", "legend": None,
                              "scale": {"domain": region_names,
                                        "range": PALETTE[: max(1, len(region_names))]}},
                    "href": {"field": "href"},
                    "tooltip": [{"field": "what", "title": "Flow"},
                                {"field": "tiv", "type": "quantitative", "format": ",.0f",
                                 "title": TIV_TITLE}],
                },
            },
        ] + [
            {
                "data": {"values": [n_ for n_ in nodes if n_["align"] == align]},
                "mark": {"type": "text", "fontSize": 11, "baseline": "middle",
                         "cursor": "pointer", **props},
                "encoding": {
                    "x": {"field": "x", **xs}, "y": {"field": "y", **ysc},
                    "text": {"field": "label"},
                    "href": {"field": "href"},
                },
            }
            for align, props in (
                ("right", {"align": "left", "dy": -14, "fontWeight": "bold"}),
                ("center", {"align": "center", "stroke": "white", "strokeWidth": 3,
                            "strokeOpacity": 0.9}),
                ("center", {"align": "center"}),
                ("left", {"align": "left", "dx": 5}),
            )
        ],
    })
    return spec


def dependence_spec(rows: list[dict[str, Any]], *, recipient: str,
                    release: str | None = None) -> dict[str, Any]:
    """Suppliers' shares of a recipient's imports per five-year period (stacked to 100 %)."""
    ranks: dict[str, int] = {}
    for r in rows:
        ranks.setdefault(r["supplier"], r["rank"])
    order = sorted(ranks, key=lambda k: ranks[k])
    colors = [("#b9c0c6" if name == "other suppliers" else PALETTE[i % len(PALETTE)])
              for i, name in enumerate(order)]
    spec = _base(f"{recipient}: who supplied its arms imports, by five-year period",
                 ["Share of the period's imports (TIV-based; TIV is not money)."],
                 height=260, release=release)
    spec.update({
        "data": {"values": rows},
        "mark": {"type": "bar", "cursor": "pointer"},
        "encoding": {
            "x": {"field": "period", "type": "ordinal", "title": "Period",
                  "axis": {"labelAngle": 0}},
            "y": {"field": "share_pct", "type": "quantitative", "stack": "zero",
                  "title": "Share of imports, %", "scale": {"domain": [0, 100]}},
            "color": {"field": "supplier", "type": "nominal", "title": "Supplier",
                      "sort": order, "scale": {"domain": order, "range": colors}},
            "order": {"field": "rank", "type": "quantitative", "sort": "ascending"},
            "href": {"field": "href"},
            "tooltip": [
                {"field": "period", "title": "Period"},
                {"field": "supplier", "title": "Supplier"},
                {"field": "share_pct", "type": "quantitative", "format": ".1f",
                 "title": "share, %"},
                {"field": "tiv", "type": "quantitative", "format": ",.0f", "title": TIV_TITLE},
            ],
        },
    })
    return spec


def claim_spec(series: Any, *, exporter: str, claimed_unit: str, source: str
               ) -> dict[str, Any] | None:
    """Claimed money vs. delivered TIV, both as indexes (library chart); None when fewer than
    two years have both figures."""
    from armsledger.charts import claim_trend_chart

    both = series.drop_nulls(["claimed", "tiv"])
    if both.height < 2:
        return None
    spec = claim_trend_chart(series, exporter=exporter, claimed_unit=claimed_unit,
                             source=source).to_dict()
    release = source.partition("(release ")[2].partition(",")[0].rstrip(")") or None
    spec["title"]["subtitle"] = ["Both as indexes (first common year = 100);",
                                 "money and TIV are never converted.", *source_lines(release)]
    # years on a continuous axis: the number of ticks follows the width (phones)
    spec["encoding"]["x"].update(type="quantitative", scale={"zero": False, "nice": False},
                                 axis={"format": "d", "tickMinStep": 1, "labelFlush": True})
    spec["width"] = "container"
    spec["autosize"] = {"type": "fit-x", "contains": "padding"}
    spec.setdefault("config", {}).update(CONFIG)
    return spec


# -- map view and comparisons (issue 14) ------------------------------------------------------


MAP_MEASURES = {"tiv": ("tiv", TIV_TITLE, ",.0f"), "share": ("share_pct", "Share, %", ".1f")}
"""What a map colours by: its key -> (field of the rows, legend title, number format)."""
MAP_SCALES = ("sqrt", "linear", "log", "quantile")
"""Colour scales of a map: square root (the default: a few large values do not wash out the
rest), linear, logarithmic, or quantiles (five classes of equal counts, as OWID's maps)."""


def map_spec(rows: list[dict[str, Any]], *, topology_url: str, title: str,
             subtitle: list[str] | None = None, release: str | None = None,
             color: str = "blues", fill_container: bool = True, measure: str = "tiv",
             measure_title: str | None = None, scale: str = "sqrt") -> dict[str, Any]:
    """A choropleth by state on the world map served at ``topology_url`` (world-atlas
    TopoJSON, object ``countries``; a shape's key is its ISO numeric id or, without one, its
    name). ``rows``: {key, actor, tiv, share_pct, href}; states without a row are grey.
    ``measure`` (:data:`MAP_MEASURES`) is what the colour shows (``measure_title`` its legend),
    ``scale`` (:data:`MAP_SCALES`) how values map to colours. Antarctica is left out; shapes
    link to ``href``. ``fill_container``: the map takes the height of its container too
    (give the container an aspect ratio in CSS)."""
    field, legend_title, fmt = MAP_MEASURES[measure]
    legend_title = measure_title or legend_title
    if scale not in MAP_SCALES:
        raise ValueError(f"scale {scale!r}")
    colour_scale: dict[str, Any] = {"type": scale, "scheme": color}
    if scale in ("sqrt", "linear"):
        colour_scale["zero"] = True
    if scale == "quantile":
        colour_scale["scheme"] = {"name": color, "count": 5}
    data = [{"key": r["key"], "actor": r["actor"], "tiv": r.get("tiv") or 0.0,
             "share_pct": r.get("share_pct"), "href": r.get("href"),
             "tiv_text": fmt_tiv(r.get("tiv"))} for r in rows]
    spec = _base(title, subtitle or [f"SIPRI trend-indicator values ({TIV_UNIT}); not money."],
                 height=340, release=release)
    if fill_container:
        spec.update(height="container", autosize={"type": "fit", "contains": "padding"})
    topo = {"url": topology_url, "format": {"type": "topojson", "feature": "countries"}}
    key = [{"filter": "datum.id != '010'"},
           {"calculate": "datum.id ? datum.id : datum.properties.name", "as": "key"}]
    spec.update({
        "projection": {"type": "equalEarth"},
        "layer": [
            {
                "data": topo,
                "transform": key,
                "mark": {"type": "geoshape", "fill": "#e4e4e4", "stroke": "white",
                         "strokeWidth": 0.5},
                "encoding": {"tooltip": [{"field": "properties.name", "title": "Map shape"}]},
            },
            {
                "data": topo,
                "transform": key + [
                    {"lookup": "key", "from": {"data": {"values": data}, "key": "key",
                                               "fields": ["actor", "tiv", "share_pct", "href"]}},
                    {"filter": "isValid(datum.actor)"}]
                + ([{"filter": f"datum.{field} > 0"}] if scale == "log" else []),
                "mark": {"type": "geoshape", "stroke": "white", "strokeWidth": 0.5,
                         "cursor": "pointer"},
                "encoding": {
                    "color": {"field": field, "type": "quantitative", "title": legend_title,
                              "scale": colour_scale,
                              "legend": {"orient": "bottom", "direction": "horizontal",
                                         "gradientLength": 220, "format": fmt}},
                    "href": {"field": "href"},
                    "tooltip": [
                        {"field": "actor", "title": "State"},
                        {"field": "tiv", "type": "quantitative", "format": ",.0f",
                         "title": TIV_TITLE},
                        {"field": "share_pct", "type": "quantitative", "format": ".1f",
                         "title": "share, %"},
                    ],
                },
            },
        ],
    })
    return spec


def multi_trend_spec(rows: list[dict[str, Any]], *, measure: str, title: str,
                     actors: list[str], subtitle: list[str] | None = None,
                     release: str | None = None, period: tuple[int, int] | None = None
                     ) -> dict[str, Any]:
    """Several actors' yearly series on one chart, one line each: ``measure`` 'tiv' (TIV,
    millions) or 'share_pct' (share of the world, %). ``rows``: {actor, year, tiv,
    share_pct}; ``period`` is shaded."""
    title_y = TIV_TITLE if measure == "tiv" else "Share of world, %"
    fmt = ",.0f" if measure == "tiv" else ".1f"
    spec = _base(title, subtitle, height=300, release=release)
    x = {"field": "year", "type": "quantitative", "title": "Year",
         "scale": {"zero": False, "nice": False},
         "axis": {"format": "d", "tickMinStep": 1, "labelFlush": True}}
    layers: list[dict[str, Any]] = []
    if period is not None:
        layers.append({
            "data": {"values": [{"a": period[0] - 0.5, "b": period[1] + 0.5}]},
            "mark": {"type": "rect", "color": "#eef3f7"},
            "encoding": {"x": {"field": "a", "type": "quantitative"}, "x2": {"field": "b"}}})
    layers.append({
        "data": {"values": rows},
        "mark": {"type": "line", "point": True, "strokeWidth": 2},
        "encoding": {
            "x": x,
            "y": {"field": measure, "type": "quantitative", "title": title_y},
            "color": {"field": "actor", "type": "nominal", "title": None, "sort": actors,
                      "scale": {"domain": actors,
                                "range": [PALETTE[i % len(PALETTE)]
                                          for i in range(len(actors))]}},
            "tooltip": [
                {"field": "actor", "title": "Actor"},
                {"field": "year", "title": "Year"},
                {"field": measure, "type": "quantitative", "format": fmt, "title": title_y},
            ],
        },
    })
    spec["layer"] = layers
    return spec


def origin_stack_spec(rows: list[dict[str, Any]], *, title: str, measure: str = "tiv",
                      subtitle: list[str] | None = None, release: str | None = None,
                      top: int = 6) -> dict[str, Any]:
    """Stacked horizontal bars: one bar per category, split by origin as a share of the
    category's in-service base (100% per bar). ``rows``: {category, origin, units, tiv,
    units_share_pct, tiv_share_pct, href}; ``measure`` 'tiv' or 'units' chooses which shares.
    The ``top`` origins of the whole base, and any origin with 20% or more of one category
    (at most ten in all), keep their own colour; the rest are 'other origins' (their values
    summed, so each bar still adds up to 100%)."""
    share = f"{measure}_share_pct"
    overall = {r["origin"]: r.get(share) or 0.0 for r in rows
               if r["category"] == "All categories"}
    best: dict[str, float] = {}
    for r in rows:
        best[r["origin"]] = max(best.get(r["origin"], 0.0), r.get(share) or 0.0)
    keep = [o for o, _ in sorted(overall.items(), key=lambda kv: (-kv[1], kv[0]))[:top]]
    for o, b in sorted(best.items(), key=lambda kv: (-kv[1], kv[0])):
        if b >= 20 and o not in keep and len(keep) < 10:
            keep.append(o)  # a large part of one category keeps its own colour too
    data: list[dict[str, Any]] = []
    other: dict[str, dict[str, Any]] = {}
    for r in rows:
        value = r.get(share) or 0.0
        if r["origin"] in keep:
            data.append({"category": r["category"], "origin": r["origin"], "share": value,
                         "units": r.get("units"), "tiv": r.get("tiv"), "href": r.get("href")})
        else:
            bucket = other.setdefault(r["category"], {
                "category": r["category"], "origin": "other origins", "share": 0.0,
                "units": 0, "tiv": 0.0, "href": None})
            bucket["share"] += value
            bucket["units"] += r.get("units") or 0
            bucket["tiv"] += r.get("tiv") or 0.0
    data += list(other.values())
    domain = keep + (["other origins"] if other else [])
    categories = sorted({d["category"] for d in data}, key=lambda c: (c == "All categories", c))
    what = "TIV" if measure == "tiv" else "units"
    spec = _base(title, subtitle, height=max(140, 28 * len(categories) + 60), release=release)
    spec.update({
        "data": {"values": data},
        "mark": {"type": "bar", "cursor": "pointer"},
        "encoding": {
            "y": {"field": "category", "type": "nominal", "sort": categories, "title": None,
                  "axis": {"labelLimit": 160}},
            "x": {"field": "share", "type": "quantitative", "stack": "zero",
                  "title": f"Share of the in-service base by {what}, %",
                  "scale": {"domain": [0, 100]}},
            "color": {"field": "origin", "type": "nominal", "title": "Origin",
                      "scale": {"domain": domain, "scheme": "tableau10"},
                      "legend": {"orient": "bottom", "columns": 2, "labelLimit": 260}},
            "order": {"field": "share", "type": "quantitative", "sort": "descending"},
            "href": {"field": "href"},
            "tooltip": [
                {"field": "category", "title": "Category"},
                {"field": "origin", "title": "Origin"},
                {"field": "share", "type": "quantitative", "format": ".1f",
                 "title": f"share of {what}, %"},
                {"field": "units", "type": "quantitative", "format": ",", "title": "units"},
                {"field": "tiv", "type": "quantitative", "format": ",.0f", "title": TIV_TITLE},
            ],
        },
    })
    return spec
