"""Several actors side by side: yearly TIV and share of the world on one chart, each actor's
total and share for one period, and (for importers) each recipient's top suppliers.

Every figure is the library's: the yearly series are :func:`~armsledger.analysis.trend.trend`'s
(one call per actor, all pinned to one release), the period totals are the sums of those
series over the period's years, and the suppliers come from
:func:`~armsledger.analysis.profile.profile`. One release and one period for every actor, so
two releases never mix in a comparison.
"""

from __future__ import annotations

import math
from typing import ClassVar

from armsledger import TIV_UNIT
from armsledger.analysis.common import share_pct, source_note
from armsledger.analysis.figures import CoverageOut
from armsledger.errors import InvalidRequestError
from armsledger.periods import Period
from armsledger.query import FigureQuery, Role, role_of, scope
from armsledger.results import Model, Result
from armsledger.store import Store

MAX_ACTORS = 12
"""Most actors in one comparison (one colour each on the chart)."""


class ComparedActor(Model):
    """One actor's total in the period."""

    actor: str
    """The actor as resolved (a state's name, or a group's label)."""
    query: str
    """What was asked for (``USA``)."""
    actors: list[str]
    """The SIPRI names counted (more than one for a group or with predecessors)."""
    tiv: float
    world_tiv: float
    share_pct: float | None
    """Share of the world's exports (or imports) in the period, %."""


class ComparedPoint(Model):
    actor: str
    year: int
    tiv: float
    world_tiv: float
    share_pct: float | None
    in_period: bool


class SupplierRow(Model):
    """One of a recipient's top suppliers in the period."""

    recipient: str
    rank: int
    supplier: str
    kind: str
    tiv: float
    share_pct: float | None
    """Share of the recipient's imports, %."""


class Comparison(Result):
    """Several actors compared (``/compare``; ``armsledger trend A B C``)."""

    main_table: ClassVar[str | None] = "totals"
    role: Role
    period: str
    release: str
    source: str
    unit: str
    totals: list[ComparedActor]
    series: list[ComparedPoint]
    """Every year of the release for each actor (the chart); ``in_period`` marks the period."""
    suppliers: list[SupplierRow] | None
    """For importers: each recipient's top suppliers in the period (None for exporters)."""
    coverage: CoverageOut
    warnings: list[str]


def parse_actors(value: str | list[str]) -> list[str]:
    """``'USA,RUS, FRA'`` (or a list of such) -> ['USA', 'RUS', 'FRA'] (duplicates dropped)."""
    items = [value] if isinstance(value, str) else value
    out: list[str] = []
    for item in items:
        for part in item.split(","):
            part = part.strip()
            if part and part not in out:
                out.append(part)
    return out


def compare(store: Store, actors: str | list[str], *, role: str = "exporter",
            query: FigureQuery | None = None, period: Period | str | None = None,
            release: str | None = None, include_predecessors: bool = False,
            allow_partial: bool = False, top_suppliers: int = 5) -> Comparison:
    """Compare ``actors`` (names or ISO3 codes, or one comma-separated string) as exporters or
    importers: totals and shares of the world for the period (default: the release's latest
    five years), yearly series over every year of the release, and for importers each one's
    ``top_suppliers`` supplier states. The period options come as keywords or as a
    :class:`~armsledger.query.FigureQuery` without actors."""
    who = role_of(role)
    names = parse_actors(actors)
    if not names:
        raise InvalidRequestError("give at least one actor to compare")
    if len(names) > MAX_ACTORS:
        raise InvalidRequestError(f"at most {MAX_ACTORS} actors in one comparison "
                                  f"({len(names)} given)")
    base = query or FigureQuery.build(period=period, release=release,
                                      include_predecessors=include_predecessors,
                                      allow_partial=allow_partial)
    if base.supplier is not None or base.recipient is not None:
        raise InvalidRequestError("give the actors to compare as a list, not as supplier or "
                                  "recipient")
    sc = scope(store, base, compare=False, tables=True)
    pinned = FigureQuery.build(release=sc.release.name,
                               include_predecessors=base.include_predecessors,
                               allow_partial=base.allow_partial)
    return _compare(store, names, who, sc.period, pinned, top_suppliers,
                    coverage=CoverageOut.of(sc.coverage), warnings=list(sc.warnings),
                    release=sc.release.name, source=source_note(sc.release),
                    tiv_table=sc.release.is_tiv_table)


def _compare(store: Store, names: list[str], who: Role, period: Period, pinned: FigureQuery,
             top_suppliers: int, *, coverage: CoverageOut, warnings: list[str], release: str,
             source: str, tiv_table: bool) -> Comparison:
    from armsledger.analysis.trend import trend

    totals: list[ComparedActor] = []
    series: list[ComparedPoint] = []
    seen: set[str] = set()
    for name in names:
        t = trend(store, pinned.with_actor(who, name).with_period(None))
        if t.actor in seen:
            warnings.append(f"'{name}' is {t.actor}, already compared: listed once")
            continue
        seen.add(t.actor)
        inside = [p for p in t.series if period.start <= p.year <= period.end]
        tiv = math.fsum(p.tiv for p in inside)
        world = math.fsum(p.world_tiv for p in inside)
        totals.append(ComparedActor(actor=t.actor, query=name, actors=t.actors, tiv=tiv,
                                    world_tiv=world, share_pct=share_pct(tiv, world)))
        series += [ComparedPoint(actor=t.actor, year=p.year, tiv=p.tiv, world_tiv=p.world_tiv,
                                 share_pct=p.share_pct,
                                 in_period=period.start <= p.year <= period.end)
                   for p in t.series]
        warnings += [w for w in t.warnings if w not in warnings]
    suppliers: list[SupplierRow] | None = None
    if who == "importer":
        suppliers = [] if tiv_table else _suppliers(store, totals, pinned, period,
                                                    top_suppliers)
        if tiv_table:
            warnings.append("a TIV-table release has no deals: no suppliers per recipient")
    return Comparison(role=who, period=str(period), release=release, source=source,
                      unit=TIV_UNIT, totals=totals, series=series, suppliers=suppliers,
                      coverage=coverage, warnings=warnings)


def _suppliers(store: Store, totals: list[ComparedActor], pinned: FigureQuery, period: Period,
               n: int) -> list[SupplierRow]:
    from armsledger.analysis.profile import RecipientProfile, profile

    rows: list[SupplierRow] = []
    for c in totals:
        prof = profile(store, pinned.with_actor("importer", c.query).with_period(period, "none"))
        assert isinstance(prof, RecipientProfile)
        everyone = sorted(prof.suppliers + prof.non_state_suppliers,
                          key=lambda s: (-s.tiv, s.actor))
        rows += [SupplierRow(recipient=c.actor, rank=i, supplier=s.actor, kind=s.kind,
                             tiv=s.tiv, share_pct=s.share_pct)
                 for i, s in enumerate(everyone[:n], 1)]
    return rows
