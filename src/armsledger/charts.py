"""Charts as Vega-Lite specifications (Altair), saved as PNG, SVG, self-contained HTML or JSON.

PNG and SVG are rendered by vl-convert (no browser needed); HTML inlines the Vega libraries so
the file works offline. Used by the CLI and, later, the web pages.
"""

from __future__ import annotations

from pathlib import Path

import altair as alt
import polars as pl

from armsledger import TIV_UNIT
from armsledger.analysis.compare import Comparison
from armsledger.analysis.trend import Trend
from armsledger.errors import InvalidRequestError

FORMATS = (".png", ".svg", ".html", ".json")


def trend_chart(trend: Trend) -> alt.LayerChart:
    """Yearly TIV as bars and the rolling total as a line, both labelled TIV, millions."""
    role = "exports" if trend.role == "exporter" else "imports"
    data = trend.to_polars("series").select("year", "tiv", "rolling_tiv")
    base = alt.Chart(data).encode(x=alt.X("year:O", title="Year"))
    bars = base.mark_bar(opacity=0.6).encode(
        y=alt.Y("tiv:Q", title=f"Yearly {role} ({TIV_UNIT})"),
        tooltip=["year", alt.Tooltip("tiv:Q", format=",.0f", title=TIV_UNIT)],
    )
    line = base.mark_line(point=alt.OverlayMarkDef(color="#c0392b"), color="#c0392b").encode(
        y=alt.Y("rolling_tiv:Q", title=f"{trend.window}-year total ({TIV_UNIT})"),
        tooltip=["year", alt.Tooltip("rolling_tiv:Q", format=",.0f",
                                     title=f"{trend.window}-year total")],
    )
    chart: alt.LayerChart = (
        alt.layer(bars, line)
        .resolve_scale(y="independent")
        .properties(
            title=alt.TitleParams(
                f"{trend.actor}: arms {role}, yearly and {trend.window}-year total",
                subtitle=[f"SIPRI trend-indicator values ({TIV_UNIT}); not money.",
                          f"Source: SIPRI Arms Transfers Database, release {trend.release}, "
                          "https://www.sipri.org/databases/armstransfers"],
            ),
            width=640,
            height=320,
        )
    )
    return chart


def save_chart(chart: alt.TopLevelMixin, path: str | Path) -> Path:
    """Save by file suffix: .png, .svg, .html (self-contained) or .json (Vega-Lite spec)."""
    path = Path(path)
    suffix = path.suffix.lower()
    if suffix not in FORMATS:
        raise InvalidRequestError(
            f"{path}: cannot write a chart as '{suffix or 'no suffix'}'; use one of "
            + ", ".join(FORMATS)
        )
    path.parent.mkdir(parents=True, exist_ok=True)
    if suffix == ".html":
        chart.save(str(path), format="html", inline=True)
    elif suffix == ".png":
        chart.save(str(path), format="png", scale_factor=2)
    elif suffix == ".svg":
        chart.save(str(path), format="svg")
    else:
        chart.save(str(path), format="json")
    return path


def claim_trend_chart(series: pl.DataFrame, *, exporter: str, claimed_unit: str,
                      source: str) -> alt.Chart:
    """Claimed money and SIPRI TIV side by side as indexes (first common year = 100).

    An index shows the trends without putting money and TIV on one scale; the two are never
    converted into each other.
    """
    both = series.drop_nulls(["claimed", "tiv"]).sort("year")
    if both.height == 0:
        raise InvalidRequestError("no year has both a claimed value and a TIV value")
    c0, t0 = both["claimed"][0], both["tiv"][0]
    long = pl.concat([
        both.select("year", pl.lit(f"claimed ({claimed_unit})").alias("series"),
                    (100 * pl.col("claimed") / c0).alias("index")),
        both.select("year", pl.lit(f"SIPRI ({TIV_UNIT})").alias("series"),
                    (100 * pl.col("tiv") / t0 if t0 else pl.lit(None)).alias("index")),
    ])
    chart: alt.Chart = (
        alt.Chart(long)
        .mark_line(point=True)
        .encode(
            x=alt.X("year:O", title="Year"),
            y=alt.Y("index:Q", title=f"Index, {both['year'][0]} = 100"),
            color=alt.Color("series:N", title=None, legend=alt.Legend(orient="bottom")),
        )
        .properties(
            title=alt.TitleParams(f"{exporter}: claimed money vs. delivered volume",
                                  subtitle=["Both as indexes; money and TIV are never converted.",
                                            source]),
            width=520, height=260,
        )
    )
    return chart


def comparison_chart(result: Comparison) -> alt.VConcatChart:
    """The actors' yearly TIV and share of the world, one line each (for ``--plot``); both
    titled in TIV, millions or per cent, with the SIPRI citation."""
    from armsledger import SIPRI_CITATION

    what = "exports" if result.role == "exporter" else "imports"
    data = result.to_polars("series").select("actor", "year", "tiv", "share_pct")
    order = [c.actor for c in result.totals]
    color = alt.Color("actor:N", title=None, sort=order)
    x = alt.X("year:Q", title="Year", axis=alt.Axis(format="d", tickMinStep=1),
              scale=alt.Scale(zero=False, nice=False))
    base = alt.Chart(data).mark_line(point=True).encode(x=x, color=color)
    tiv = base.encode(y=alt.Y("tiv:Q", title=f"Yearly {what} ({TIV_UNIT})"),
                      tooltip=["actor", "year", alt.Tooltip("tiv:Q", format=",.0f",
                                                            title=TIV_UNIT)]
                      ).properties(width=640, height=260,
                                   title=f"Arms {what} by year: " + ", ".join(order))
    share = base.encode(y=alt.Y("share_pct:Q", title=f"Share of world {what}, %"),
                        tooltip=["actor", "year", alt.Tooltip("share_pct:Q", format=".1f")]
                        ).properties(width=640, height=200)
    return alt.vconcat(tiv, share).properties(
        title=alt.TitleParams(
            f"Source: {SIPRI_CITATION}, release {result.release}.",
            subtitle=[f"SIPRI trend-indicator values ({TIV_UNIT}); not money."],
            orient="bottom", anchor="start", fontSize=10, fontWeight="normal"))
