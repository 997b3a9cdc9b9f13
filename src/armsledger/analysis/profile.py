"""Exporter and recipient profiles: what went where, when, of what kind, with the evidence.

:func:`profile` answers for one actor in one role (exporter or importer) and one period (plus
a compare period): volume, share of the world and rank, change, counterparts ranked (states
separately from non-state actors, organisations and unknown actors), regions, blocs
(membership as of each delivery year), weapon categories, status mix, local production, the
yearly series, the order backlog and, for importers, the dependence on suppliers. Every list
item carries the deal ids behind it, and ``evidence.command`` reproduces the total.

The figures of both periods come from one DuckDB query over the actor's part of ``facts``
(its deliveries, stored by supplier), summed by counterpart and year; ranks
and world totals from :func:`~armsledger.analysis.volumes.ranking`, shared by every profile
of the same period.
"""

from __future__ import annotations

import math
import shlex
from collections import defaultdict
from typing import Any, ClassVar

from armsledger import TIV_UNIT
from armsledger.actors import ActorTable, classify, is_state
from armsledger.analysis.backlog import ExporterBacklog, ImporterBacklog, backlog
from armsledger.analysis.common import change_pct, share_pct, source_note
from armsledger.analysis.figures import (
    ActorShare,
    BlocShare,
    CategoryShare,
    CoverageOut,
    Evidence,
    LocalProduction,
    Methods,
    RegionShare,
    StatusShare,
    SubregionShare,
    YearValue,
)
from armsledger.analysis.volumes import OTHER_SIDE, ROLE_COLUMN, ranking
from armsledger.errors import InvalidRequestError
from armsledger.periods import Period
from armsledger.query import FigureQuery, Role, Scope, role_of, scope
from armsledger.results import Model, Result
from armsledger.store import Store

# -- the typed result -------------------------------------------------------------------------


class Dependence(Model):
    """How much a recipient depends on its largest supplier (all suppliers of the period)."""

    top_supplier: str | None
    top_supplier_share_pct: float | None
    hhi: float | None
    """Herfindahl-Hirschman index: sum of squared supplier shares in %, 0-10,000."""
    suppliers: int


class _Figures(Model):
    """The figures of one actor in one period (TIV, millions)."""

    period: str
    tiv: float
    world_tiv: float
    share_of_world_pct: float | None
    rank: int | None
    ranked_actors: int
    regions: list[RegionShare]
    blocs: list[BlocShare]
    categories: list[CategoryShare]
    status: list[StatusShare]
    local_production: LocalProduction
    yearly: list[YearValue]


class _ToRecipients(Model):
    recipient_states: int
    recipients: list[ActorShare]
    non_state_recipients: list[ActorShare]


class _FromSuppliers(Model):
    supplier_states: int
    suppliers: list[ActorShare]
    non_state_suppliers: list[ActorShare]
    dependence: Dependence


class _PeriodEvidence(Model):
    deal_ids: list[str]
    estimated_split_tiv: float
    methods: Methods


class ExporterFigures(_PeriodEvidence, _ToRecipients, _Figures):
    """An exporter's figures for one period (the compare period's in ``compare_figures``)."""


class ImporterFigures(_PeriodEvidence, _FromSuppliers, _Figures):
    """A recipient's figures for one period."""


class GroupMember(Model):
    """A member of a group (region, bloc) with its share of the group's TIV and its own
    largest counterpart (for recipients: its dependence on its top supplier)."""

    actor: str
    iso3: str | None
    kind: str
    tiv: float
    share_pct: float | None
    counterparts: int
    top_counterpart: str
    top_counterpart_share_pct: float | None


class _Head(Model):
    iso3: str | None
    kind: str
    members: list[GroupMember] | None
    """For a group (a region, a subregion or a bloc): its members in the period."""
    actors: list[str]
    release: str
    source: str
    compare: str | None
    unit: str
    change_pct: float | None
    coverage: CoverageOut
    warnings: list[str]
    evidence: Evidence


class ExporterProfile(_Head, _ToRecipients, _Figures, Result):
    """An exporter's profile (``armsledger profile EXPORTER --json``)."""

    role: ClassVar[Role] = "exporter"
    main_table: ClassVar[str | None] = "recipients"
    exporter: str
    backlog: ExporterBacklog | None
    compare_figures: ExporterFigures | None


class RecipientProfile(_Head, _FromSuppliers, _Figures, Result):
    """A recipient's profile (``armsledger profile --recipient RECIPIENT --json``)."""

    role: ClassVar[Role] = "importer"
    main_table: ClassVar[str | None] = "suppliers"
    recipient: str
    backlog: ImporterBacklog | None
    compare_figures: ImporterFigures | None


Profile = ExporterProfile | RecipientProfile

# -- the query --------------------------------------------------------------------------------

_SQL = """
WITH picked AS MATERIALIZED (
    SELECT deal_id, year, tiv, split_estimated, method, {other} AS counterpart, category,
           status, coalesce(local_production, false) AS local
    FROM facts
    WHERE release_id = $r AND {col} IN (SELECT unnest($names)) AND year BETWEEN $lo AND $hi
      {dated}
),
tagged AS MATERIALIZED (
    SELECT 0 AS p, * FROM picked WHERE year BETWEEN $a AND $b
    UNION ALL
    SELECT 1 AS p, * FROM picked WHERE year BETWEEN $c AND $d
)
SELECT p, 'grain' AS dim, counterpart AS k, year, fsum(tiv) AS tiv,
       fsum(tiv) FILTER (WHERE local) AS local_tiv,
       fsum(tiv) FILTER (WHERE method = 'reconstructed') AS reconstructed_tiv,
       fsum(tiv) FILTER (WHERE method = 'even') AS even_tiv,
       list(DISTINCT deal_id) AS deal_ids
FROM tagged GROUP BY p, counterpart, year
UNION ALL
SELECT p, 'category', coalesce(category, 'unknown'), NULL, fsum(tiv), NULL, NULL, NULL, NULL
FROM tagged GROUP BY ALL
UNION ALL
SELECT p, 'status', coalesce(status, 'unknown'), NULL, fsum(tiv), NULL, NULL, NULL, NULL
FROM tagged GROUP BY ALL
"""
"""One period's delivery rows of the actor summed by counterpart and year (with their deal
ids), by category and by status; everything else is assembled from these few rows."""


def _order(tiv: float, *keys: str | None) -> tuple[Any, ...]:
    """Biggest first; ties by the keys, missing keys last (a stable, documented order)."""
    return (-tiv, *((k is None, k or "") for k in keys))


def _bloc_spells(store: Store) -> dict[str, list[tuple[str, int, int | None]]]:
    """ISO3 -> [(bloc, first year, last year or None)] (dated membership, armsledger.blocs)."""

    def read() -> dict[str, list[tuple[str, int, int | None]]]:
        from armsledger.blocs import membership_table

        out: dict[str, list[tuple[str, int, int | None]]] = {}
        for bloc, iso3, start, end in membership_table():
            out.setdefault(iso3, []).append((bloc, start, end))
        return out

    return store.memo(("bloc_spells",), read)


class _Sum:
    """TIV (summed exactly) and deal ids of one group."""

    __slots__ = ("ids", "members", "parts")

    def __init__(self) -> None:
        self.parts: list[float] = []
        self.ids: set[str] = set()
        self.members: set[str] = set()

    def add(self, tiv: float, ids: list[str], member: str | None = None) -> None:
        self.parts.append(tiv)
        self.ids.update(ids)
        if member is not None:
            self.members.add(member)

    @property
    def tiv(self) -> float:
        return math.fsum(self.parts)


def _figures(rows: list[tuple[Any, ...]], role: Role, period: Period, members: list[str],
             store: Store, sc: Scope) -> ExporterFigures | ImporterFigures:
    """One period's figures from its rows of the profile query."""
    rank_table = ranking(store, sc.release, role, period)
    actors = ActorTable.of(store, sc.release)
    spells = _bloc_spells(store)
    counterparts: dict[str, _Sum] = defaultdict(_Sum)
    regions: dict[str, _Sum] = defaultdict(_Sum)
    subregions: dict[tuple[str, str], _Sum] = defaultdict(_Sum)
    blocs: dict[str, _Sum] = defaultdict(_Sum)
    years: dict[int, list[float]] = defaultdict(list)
    year_states: dict[int, set[str]] = defaultdict(set)
    local: list[float] = []
    rebuilt: list[float] = []
    even: list[float] = []
    categories: dict[str, float] = {}
    status: dict[str, float] = {}
    for _, dim, key, year, tiv, local_tiv, rebuilt_tiv, even_tiv, ids in rows:
        if dim == "category":
            categories[key] = tiv
            continue
        if dim == "status":
            status[key] = tiv
            continue
        who = actors.get(key) or classify(key)
        region = who.region or "Unknown or none"
        counterparts[key].add(tiv, ids)
        regions[region].add(tiv, ids)
        if who.subregion:
            subregions[(region, who.subregion)].add(tiv, ids)
        years[year].append(tiv)
        if is_state(who.kind):
            year_states[year].add(key)
        local.append(local_tiv or 0.0)
        rebuilt.append(rebuilt_tiv or 0.0)
        even.append(even_tiv or 0.0)
        if is_state(who.kind) and who.iso3:
            for bloc, start, end in spells.get(who.iso3, ()):
                if start <= year and (end is None or year <= end):
                    blocs[bloc].add(tiv, ids, key)
    total = math.fsum(g.tiv for g in counterparts.values())
    states: list[ActorShare] = []
    others: list[ActorShare] = []
    for name, g in sorted(counterparts.items(), key=lambda kv: _order(kv[1].tiv, kv[0])):
        who = actors.get(name) or classify(name)
        share = ActorShare(actor=name, iso3=who.iso3, kind=who.kind.value,
                           region=who.region or "Unknown or none", subregion=who.subregion,
                           tiv=g.tiv, share_pct=share_pct(g.tiv, total), deal_ids=sorted(g.ids))
        (states if is_state(who.kind) else others).append(share)
    region_rows = [
        RegionShare(region=r, tiv=g.tiv, share_pct=share_pct(g.tiv, total),
                    deal_ids=sorted(g.ids),
                    subregions=[SubregionShare(subregion=sub, tiv=sg.tiv, deal_ids=sorted(sg.ids),
                                               share_pct=share_pct(sg.tiv, total))
                                for (reg, sub), sg in sorted(
                                    subregions.items(), key=lambda kv: _order(kv[1].tiv,
                                                                              *kv[0]))
                                if reg == r])
        for r, g in sorted(regions.items(), key=lambda kv: _order(kv[1].tiv, kv[0]))]
    rank, ranked = rank_table.rank_of(members)
    if sc.actor_set(role).is_group:  # a region or a bloc is not ranked among states
        rank = None
    local_tiv = math.fsum(local)
    all_ids: set[str] = set()
    for g in counterparts.values():
        all_ids |= g.ids
    common: dict[str, Any] = dict(
        period=str(period),
        tiv=total,
        world_tiv=rank_table.world_tiv,
        share_of_world_pct=share_pct(total, rank_table.world_tiv),
        rank=rank if total > 0 else None,
        ranked_actors=ranked,
        regions=region_rows,
        blocs=[BlocShare(bloc=b, tiv=g.tiv, share_pct=share_pct(g.tiv, total),
                         deal_ids=sorted(g.ids), members_with_deliveries=sorted(g.members))
               for b, g in sorted(blocs.items(), key=lambda kv: _order(kv[1].tiv, kv[0]))],
        categories=[CategoryShare(category=k, tiv=t, share_pct=share_pct(t, total))
                    for k, t in sorted(categories.items(), key=lambda kv: _order(kv[1], kv[0]))],
        status=[StatusShare(status=k, tiv=t, share_pct=share_pct(t, total))
                for k, t in sorted(status.items(), key=lambda kv: _order(kv[1], kv[0]))],
        local_production=LocalProduction(tiv=local_tiv, share_pct=share_pct(local_tiv, total)),
        yearly=[YearValue(year=y, tiv=math.fsum(years.get(y, ())),
                          counterpart_states=len(year_states.get(y, ())))
                for y in period.years],
        deal_ids=sorted(all_ids),
        estimated_split_tiv=math.fsum(rebuilt + even),
        methods=Methods.of(total - math.fsum(rebuilt + even), math.fsum(rebuilt),
                           math.fsum(even)),
    )
    if role == "exporter":
        return ExporterFigures(**common, recipient_states=len(states), recipients=states,
                               non_state_recipients=others)
    everyone = states + others
    top = max(everyone, key=lambda c: c.tiv) if everyone else None
    dependence = Dependence(
        top_supplier=top.actor if top else None,
        top_supplier_share_pct=top.share_pct if top else None,
        hhi=sum((c.share_pct or 0.0) ** 2 for c in everyone) if everyone else None,
        suppliers=len(everyone))
    return ImporterFigures(**common, supplier_states=len(states), suppliers=states,
                           non_state_suppliers=others, dependence=dependence)


def profile(store: Store, actor: str | FigureQuery, *, role: str = "exporter",
            period: Period | str | None = None, compare: Any = "previous",
            release: str | None = None, include_predecessors: bool = False,
            allow_partial: bool = False) -> ExporterProfile | RecipientProfile:
    """The profile of an actor as an exporter or an importer (see the module docstring).

    ``actor`` is a name or ISO3 code (``role`` 'exporter' or 'importer' says which side), or
    a :class:`~armsledger.query.FigureQuery` with one of supplier/recipient (then give no
    other option). ``period`` defaults to the latest five years the release covers;
    ``compare='previous'`` compares with the period of the same length just before, ``None``
    or 'none' with nothing. A period outside the release's coverage raises
    :class:`~armsledger.errors.PeriodNotCoveredError` unless ``allow_partial``.
    """
    if isinstance(actor, FigureQuery):
        query = actor
    else:
        side = ROLE_COLUMN[role_of(role)]
        query = FigureQuery.build(**{side: actor}, period=period,
                                  compare="none" if compare is None else compare,
                                  release=release, include_predecessors=include_predecessors,
                                  allow_partial=allow_partial)
    if query.category is not None:
        raise InvalidRequestError("a profile covers every category: drop --category")
    who_role, _ = query.subject()
    sc = scope(store, query)
    names = sc.names(who_role)
    subject = sc.actor_set(who_role)
    label = names[0]
    col, other = ROLE_COLUMN[who_role], OTHER_SIDE[who_role]
    cmp = sc.compare
    lo = min(sc.period.start, cmp.start if cmp else sc.period.start)
    hi = max(sc.period.end, cmp.end if cmp else sc.period.end)
    params: dict[str, Any] = {
        "r": sc.release.release_id, "names": names, "lo": lo, "hi": hi,
        "a": sc.period.start, "b": sc.period.end,
        "c": cmp.start if cmp else 0, "d": cmp.end if cmp else -1}
    keys = subject.member_years(lo, hi)
    dated = ""
    if keys is not None:  # a bloc: its members in the years they were members
        dated = f"AND list_contains($keys, {col} || ':' || CAST(year AS VARCHAR))"
        params["keys"] = keys
    rows = store.execute(_SQL.format(col=col, other=other, dated=dated), params)
    now = _figures([r for r in rows if r[0] == 0], who_role, sc.period, names, store, sc)
    before = _figures([r for r in rows if r[0] == 1], who_role, cmp, names, store, sc) \
        if cmp else None
    who = ActorTable.of(store, sc.release).get(label) or classify(label)
    name = subject.label if subject.is_group else who.name
    head: dict[str, Any] = dict(
        iso3=None if subject.is_group else who.iso3,
        kind=subject.kind if subject.is_group else who.kind.value,
        members=_members(store, sc, who_role, dated, params) if subject.is_group else None,
        actors=names,
        release=sc.release.name,
        source=source_note(sc.release),
        compare=str(cmp) if cmp else None,
        unit=TIV_UNIT,
        change_pct=change_pct(now.tiv, before.tiv) if before and sc.comparable else None,
        coverage=CoverageOut.of(sc.coverage),
        warnings=sc.warnings,
        evidence=Evidence(deal_ids=now.deal_ids,
                          command=_command(sc, who_role, subject.label if subject.is_group
                                           else label),
                          estimated_split_tiv=now.estimated_split_tiv, methods=now.methods),
        backlog=backlog(store, names, role=who_role, figure=sc.release),
        compare_figures=before,
    )
    figures = {k: getattr(now, k) for k in type(now).model_fields
               if k not in ("deal_ids", "estimated_split_tiv", "methods")}
    if who_role == "exporter":
        return ExporterProfile(exporter=name, **head, **figures)
    return RecipientProfile(recipient=name, **head, **figures)


_MEMBERS_SQL = """
SELECT {col}, {other}, fsum(tiv) FROM facts
WHERE release_id = $r AND {col} IN (SELECT unnest($names)) AND year BETWEEN $a AND $b {dated}
GROUP BY ALL
"""


def _members(store: Store, sc: Scope, role: Role, dated: str, params: dict[str, Any]
             ) -> list[GroupMember]:
    """A group's members in the period: their TIV, share of the group's, and their own
    largest counterpart (for a recipient group: each state's dependence on its top
    supplier)."""
    col, other = ROLE_COLUMN[role], OTHER_SIDE[role]
    by: dict[str, dict[str, float]] = defaultdict(dict)
    used = {k: v for k, v in params.items() if k in ("r", "names", "a", "b", "keys")}
    for member, counterpart, tiv in store.execute(
            _MEMBERS_SQL.format(col=col, other=other, dated=dated), used):
        by[member][counterpart] = float(tiv or 0.0)
    total = math.fsum(t for m in by.values() for t in m.values())
    actors = ActorTable.of(store, sc.release)
    out = []
    for member, parts in by.items():
        tiv = math.fsum(parts.values())
        top, top_tiv = max(parts.items(), key=lambda kv: (kv[1], kv[0]))
        who = actors.get(member) or classify(member)
        out.append(GroupMember(actor=member, iso3=who.iso3, kind=who.kind.value, tiv=tiv,
                               share_pct=share_pct(tiv, total), counterparts=len(parts),
                               top_counterpart=top,
                               top_counterpart_share_pct=share_pct(top_tiv, tiv)))
    return sorted(out, key=lambda m: (-m.tiv, m.actor))


def _command(sc: Scope, role: Role, label: str) -> str:
    """The ``armsledger deals`` command that lists the deals behind the period's total."""
    flag = "--supplier" if role == "exporter" else "--recipient"
    args = ["armsledger", "deals", flag, label, "--from", str(sc.period.start),
            "--to", str(sc.period.end), "--release", sc.release.name]
    if sc.query.include_predecessors:
        args.append("--include-predecessors")
    if not sc.period_covered:
        args.append("--allow-partial")
    return shlex.join(args)
