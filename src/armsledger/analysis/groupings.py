"""Groupings of profile figures that charts and tables show: the largest counterparts with the
rest summed as 'others' per region (flows), and a recipient's suppliers over consecutive
five-year periods (dependence over time). Computed here so no face aggregates figures."""

from __future__ import annotations

import math
from typing import ClassVar

from armsledger.analysis.common import share_pct
from armsledger.analysis.figures import ActorShare
from armsledger.analysis.profile import Dependence, RecipientProfile, profile
from armsledger.periods import Comparison
from armsledger.query import FigureQuery, scope
from armsledger.results import Model, Result
from armsledger.store import Store

OTHER_SUPPLIERS = "other suppliers"


class FlowGroup(Model):
    """A counterpart, or the counterparts of one region beyond the largest ones ('others')."""

    label: str
    region: str
    tiv: float
    other: bool
    members: list[str]
    deal_ids: list[str]


def flow_groups(counterparts: list[ActorShare], region_order: list[str],
                top: int = 15) -> list[FlowGroup]:
    """The ``top`` largest counterparts, then the rest summed per region as 'N others';
    ordered by region (as ``region_order``), the others last in their region, biggest first."""
    ranked = sorted(counterparts, key=lambda c: -c.tiv)
    groups = [FlowGroup(label=c.actor, region=c.region, tiv=c.tiv, other=False,
                        members=[c.actor], deal_ids=c.deal_ids) for c in ranked[:top]]
    rest: dict[str, list[ActorShare]] = {}
    for c in ranked[top:]:
        rest.setdefault(c.region, []).append(c)
    for region, rows in rest.items():
        groups.append(FlowGroup(
            label=f"{len(rows)} other{'s' if len(rows) > 1 else ''}", region=region,
            tiv=math.fsum(r.tiv for r in rows), other=True, members=[r.actor for r in rows],
            deal_ids=sorted({i for r in rows for i in r.deal_ids})))
    order = {r: i for i, r in enumerate(region_order)}
    return sorted(groups, key=lambda g: (order.get(g.region, len(order)), g.other, -g.tiv))


class WindowShare(Model):
    """A supplier's (or the other suppliers') share of a recipient's imports in a period."""

    supplier: str
    tiv: float
    share_pct: float | None
    order: int
    """The supplier's place among the largest suppliers over all periods (others last)."""
    other: bool


class DependenceWindow(Model):
    period: str
    tiv: float
    supplier_states: int
    dependence: Dependence
    shares: list[WindowShare]


class DependenceOverTime(Result):
    """A recipient's dependence on its suppliers in consecutive five-year periods."""

    main_table: ClassVar[str | None] = "windows"
    recipient: str
    actors: list[str]
    release: str
    largest_suppliers: list[str]
    windows: list[DependenceWindow]


def dependence_over_time(store: Store, query: FigureQuery, top: int = 6
                         ) -> DependenceOverTime:
    """The recipient's profile in every five-year period the release covers (ending in its
    last year), with the ``top`` largest suppliers over all periods and the rest summed."""
    sc = scope(store, query, default="all", compare=False)
    profiles: list[RecipientProfile] = []
    for window in sc.coverage.windows():
        p = profile(store, query.with_period(window, Comparison("none")))
        assert isinstance(p, RecipientProfile)
        profiles.append(p)
    totals: dict[str, float] = {}
    for p in profiles:
        for s in p.suppliers + p.non_state_suppliers:
            totals[s.actor] = totals.get(s.actor, 0.0) + s.tiv
    main = [n for n, _ in sorted(totals.items(), key=lambda kv: (-kv[1], kv[0]))[:top]]
    windows = []
    for p in profiles:
        shares, other = [], []
        for s in p.suppliers + p.non_state_suppliers:
            if s.actor in main:
                shares.append(WindowShare(supplier=s.actor, tiv=s.tiv, share_pct=s.share_pct,
                                          order=main.index(s.actor), other=False))
            else:
                other.append(s.tiv)
        if other:
            rest = math.fsum(other)
            shares.append(WindowShare(supplier=OTHER_SUPPLIERS, tiv=rest,
                                      share_pct=share_pct(rest, p.tiv), order=len(main),
                                      other=True))
        windows.append(DependenceWindow(period=p.period, tiv=p.tiv,
                                        supplier_states=p.supplier_states,
                                        dependence=p.dependence, shares=shares))
    name = profiles[0].recipient if profiles else (query.recipient or "")
    return DependenceOverTime(recipient=name, actors=sc.names("importer"),
                              release=sc.release.name, largest_suppliers=main, windows=windows)
