"""Yearly TIV of one actor and rolling multi-year totals (SIPRI compares five-year periods)."""

from __future__ import annotations

from typing import ClassVar

import polars as pl

from armsledger import TIV_UNIT
from armsledger.actors import ActorTable, classify
from armsledger.analysis.common import source_note
from armsledger.analysis.figures import CoverageOut, Methods
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
    deals: int
    counterpart_states: int
    """States that received from (or delivered to) the actor that year (SIPRI: "Russia
    delivered major arms to 31 states in 2019 and 12 in 2023")."""
    covered: bool
    methods: Methods


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
    sc = scope(store, query, default="all", compare=False)
    names = sc.names(who_role)
    col, other = ROLE_COLUMN[who_role], OTHER_SIDE[who_role]
    cov = sc.coverage
    first, last = sc.period.start, sc.period.end
    lead = first - window + 1  # years needed before 'first' for the first full window
    params: dict[str, object] = {"r": sc.release.release_id, "names": names, "a": lead, "b": last}
    mine = f"{col} IN (SELECT unnest($names))"
    keys = sc.member_years(who_role, lead, last)
    if keys is not None:  # a bloc: its members in the years they were members
        mine = f"list_contains($keys, {col} || ':' || CAST(year AS VARCHAR))"
        params["keys"] = keys
        del params["names"]
    flows = store.query(
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
        params,
    )
    years = pl.DataFrame({"year": pl.int_range(lead, last + 1, eager=True).cast(pl.Int32)})
    series = (
        years.join(flows.with_columns(pl.col("year").cast(pl.Int32)), on="year", how="left")
        .with_columns(
            pl.col("tiv", "world_tiv", "reconstructed", "even").fill_null(0.0),
            pl.col("deals", "counterpart_states").fill_null(0).cast(pl.Int64)
        )
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
    points = [
        TrendPoint(**{k: v for k, v in r.items() if k not in ("reconstructed", "even")},
                   methods=Methods.of(r["tiv"] - r["reconstructed"] - r["even"],
                                      r["reconstructed"], r["even"]))
        for r in series.select("year", "tiv", "world_tiv", "share_pct", "rolling_tiv", "deals",
                               "counterpart_states", "covered", "reconstructed",
                               "even").to_dicts()]
    group = sc.actor_set(who_role)
    if group.is_group:
        label = group.label
    else:
        label = (ActorTable.of(store, sc.release).get(names[0]) or classify(names[0])).name
    return Trend(actor=label, actors=names, role=who_role, window=window,
                 release=sc.release.name, source=source_note(sc.release), unit=TIV_UNIT,
                 series=points, coverage=CoverageOut.of(cov), warnings=sc.warnings)
