"""Yearly TIV of one actor and rolling multi-year totals (SIPRI compares five-year periods)."""

from __future__ import annotations

from typing import ClassVar

import polars as pl

from armsledger import TIV_UNIT
from armsledger.actors import ActorTable, classify
from armsledger.analysis.common import change_pct, source_note
from armsledger.analysis.figures import CoverageOut, Methods
from armsledger.analysis.tables import same_update_table, table_series
from armsledger.analysis.volumes import OTHER_SIDE, ROLE_COLUMN
from armsledger.errors import InvalidRequestError
from armsledger.periods import Period
from armsledger.query import FigureQuery, Role, role_of, scope
from armsledger.results import Model, Result
from armsledger.store import Store


class TrendPoint(Model):
    year: int
    tiv: float
    world_tiv: float
    share_pct: float | None
    rolling_tiv: float | None
    """Sum of the ``window`` years ending in ``year``; None until a full window is covered."""
    deals: int | None
    """Deals with a delivery that year (None on a TIV-table release, which has no deals)."""
    counterpart_states: int | None
    """States that received from (or delivered to) the actor that year (SIPRI: "Russia
    delivered major arms to 31 states in 2019 and 12 in 2023"; None on a TIV-table
    release)."""
    covered: bool
    methods: Methods
    sipri_table_tiv: float | None = None
    """SIPRI's own value for the year from its TIV table of the same update, when one is
    loaded (see ``Trend.sipri_table``), beside armsledger's sum of the deliveries."""
    sipri_table_diff_pct: float | None = None
    """armsledger's ``tiv`` against ``sipri_table_tiv``, per cent."""


class Trend(Result):
    """One actor's yearly series (``armsledger trend ACTOR --json``)."""

    main_table: ClassVar[str | None] = "series"
    actor: str
    actors: list[str]
    role: Role
    window: int
    release: str
    source: str
    unit: str
    series: list[TrendPoint]
    sipri_table: str | None = None
    """The TIV-table release the points' ``sipri_table_tiv`` come from (None: none loaded)."""
    coverage: CoverageOut
    warnings: list[str]


def trend(store: Store, actor: str | FigureQuery, *, role: str = "exporter",
          period: Period | str | None = None, year_from: int | None = None,
          year_to: int | None = None, window: int = 5, release: str | None = None,
          include_predecessors: bool = False, allow_partial: bool = False) -> Trend:
    """Yearly series of an actor with rolling ``window``-year totals.

    ``actor`` is a name or ISO3 (``role`` says which side) or a
    :class:`~armsledger.query.FigureQuery`. Without a period the series covers every year of
    the release.
    """
    if window < 1:
        raise InvalidRequestError("--window must be at least 1 year")
    if isinstance(actor, FigureQuery):
        query = actor
    else:
        side = ROLE_COLUMN[role_of(role)]
        query = FigureQuery.build(**{side: actor}, period=period, year_from=year_from,
                                  year_to=year_to, release=release,
                                  include_predecessors=include_predecessors,
                                  allow_partial=allow_partial)
    who_role, _ = query.subject()
    sc = scope(store, query, default="all", compare=False, tables=True)
    names = sc.names(who_role)
    col, other = ROLE_COLUMN[who_role], OTHER_SIDE[who_role]
    cov = sc.coverage
    first, last = sc.period.start, sc.period.end
    lead = first - window + 1  # years needed before 'first' for the first full window
    params: dict[str, object] = {"a": lead, "b": last}
    keys = sc.member_years(who_role, lead, last)
    if keys is None:
        mine = f"{col} IN (SELECT unnest($names))"
        params["names"] = names
    else:  # a bloc: its members in the years they were members
        mine = f"list_contains($keys, {col} || ':' || CAST(year AS VARCHAR))"
        params["keys"] = keys
    if sc.release.is_tiv_table:
        values = table_series(store, sc.release, who_role, names, lead, last, keys)
        flows = pl.DataFrame(
            [{"year": y, "tiv": t, "world_tiv": w, "deals": None, "reconstructed": 0.0,
              "even": 0.0, "counterpart_states": None} for y, (t, w) in sorted(values.items())],
            schema={"year": pl.Int32, "tiv": pl.Float64, "world_tiv": pl.Float64,
                    "deals": pl.Int64, "reconstructed": pl.Float64, "even": pl.Float64,
                    "counterpart_states": pl.Int64})
    else:
        flows = _flows(store, sc.release.release_id, params, col, other, mine)
    years = pl.DataFrame({"year": pl.int_range(lead, last + 1, eager=True).cast(pl.Int32)})
    flows = years.join(flows.with_columns(pl.col("year").cast(pl.Int32)), on="year",
                       how="left")
    if not sc.release.is_tiv_table:
        flows = flows.with_columns(
            pl.col("deals", "counterpart_states").fill_null(0).cast(pl.Int64))
    series = (
        flows.with_columns(pl.col("tiv", "world_tiv", "reconstructed", "even").fill_null(0.0))
        .with_columns(
            (100.0 * pl.col("tiv") / pl.col("world_tiv")).fill_nan(None).alias("share_pct"),
            pl.col("tiv").rolling_sum(window).alias("rolling_tiv"),
            pl.col("year").is_between(cov.first_year, cov.last_year).alias("covered"),
        )
    )
    # A rolling total is only shown when every year of its window is covered by the data.
    full = pl.col("year") - window + 1 >= cov.first_year
    series = series.with_columns(
        pl.when(full).then(pl.col("rolling_tiv")).otherwise(None).alias("rolling_tiv")
    ).filter(pl.col("year") >= first)
    group = sc.actor_set(who_role)
    table = same_update_table(store, sc.release, who_role)
    beside = table_series(store, table, who_role, names, first, last, keys) \
        if table is not None else {}
    points = [
        TrendPoint(**{k: v for k, v in r.items() if k not in ("reconstructed", "even")},
                   methods=Methods.of(r["tiv"] - r["reconstructed"] - r["even"],
                                      r["reconstructed"], r["even"]),
                   sipri_table_tiv=beside[r["year"]][0] if r["year"] in beside else None,
                   sipri_table_diff_pct=change_pct(r["tiv"], beside[r["year"]][0])
                   if r["year"] in beside else None)
        for r in series.select("year", "tiv", "world_tiv", "share_pct", "rolling_tiv", "deals",
                               "counterpart_states", "covered", "reconstructed",
                               "even").to_dicts()]
    if group.is_group:
        label = group.label
    else:
        label = (ActorTable.of(store, sc.release).get(names[0]) or classify(names[0])).name
    return Trend(actor=label, actors=names, role=who_role, window=window,
                 release=sc.release.name, source=source_note(sc.release), unit=TIV_UNIT,
                 series=points, sipri_table=table.name if table is not None else None,
                 coverage=CoverageOut.of(cov), warnings=sc.warnings)


def _flows(store: Store, release_id: int, params: dict[str, object], col: str, other: str,
           mine: str) -> pl.DataFrame:
    """Per year: the actor's TIV (``mine`` selects its rows), the world's, deals, the TIV
    reconstructed or split evenly, and the states on the other side."""
    return store.query(
        f"""
        SELECT year, fsum(tiv) FILTER (WHERE {mine}) AS tiv,
               fsum(tiv) AS world_tiv,
               sum(deals) FILTER (WHERE {mine}) AS deals,
               fsum(tiv_reconstructed) FILTER (WHERE {mine}) AS reconstructed,
               fsum(tiv_even) FILTER (WHERE {mine}) AS even,
               count(DISTINCT {other}) FILTER (WHERE {mine}
                   AND {other} IN (SELECT sipri_name FROM actors
                                   WHERE kind IN ('state', 'historical_state')))
                   AS counterpart_states
        FROM flows WHERE release_id = $r AND year BETWEEN $a AND $b GROUP BY year
        """,
        {**params, "r": release_id},
    )
