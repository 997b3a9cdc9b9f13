"""Exporter and recipient profiles: what went where, when, of what kind, with the evidence.

:func:`profile` answers for one actor in one role (exporter or importer) and one period (plus
a compare period): volume, share of the world and rank, change, counterparts ranked (states
separately from non-state actors, organisations and unknown actors), regions, blocs
(membership as of each delivery year), weapon categories, status mix, local production, the
yearly series, the order backlog and, for importers, the dependence on suppliers. Every list
item carries the deal ids behind it, and ``evidence.command`` reproduces the total.

The figures of both periods come from one DuckDB query over the actor's delivery rows; ranks
and world totals from :func:`~armsledger.analysis.volumes.ranking`, shared by every profile
of the same period.
"""

from __future__ import annotations

import shlex
from collections import defaultdict
from typing import Any, ClassVar

from armsledger import TIV_UNIT
from armsledger.actors import STATE_KINDS, ActorTable, classify
from armsledger.analysis.backlog import ExporterBacklog, ImporterBacklog, backlog
from armsledger.analysis.common import change_pct, share_pct, source_note
from armsledger.analysis.figures import (
    ActorShare,
    BlocShare,
    CategoryShare,
    CoverageOut,
    Evidence,
    LocalProduction,
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


class ExporterFigures(_PeriodEvidence, _ToRecipients, _Figures):
    """An exporter's figures for one period (the compare period's in ``compare_figures``)."""


class ImporterFigures(_PeriodEvidence, _FromSuppliers, _Figures):
    """A recipient's figures for one period."""


class _Head(Model):
    iso3: str | None
    kind: str
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
    SELECT v.deal_id, v.year, coalesce(v.tiv, 0.0) AS tiv, v.split_estimated,
           d.{other} AS counterpart, coalesce(d.category, 'unknown') AS category,
           coalesce(d.status, 'unknown') AS status,
           coalesce(d.local_production, false) AS local, a.kind, a.iso3,
           coalesce(a.region, 'Unknown or none') AS region, a.subregion
    FROM deals d
    JOIN deliveries v USING (release_id, deal_id)
    JOIN actors a ON a.sipri_name = d.{other}
    WHERE d.release_id = $r AND d.{col} IN (SELECT unnest($names))
      AND v.year BETWEEN $lo AND $hi
),
tagged AS MATERIALIZED (
    SELECT 0 AS p, * FROM picked WHERE year BETWEEN $a AND $b
    UNION ALL
    SELECT 1 AS p, * FROM picked WHERE year BETWEEN $c AND $d
)
SELECT p, 'total' AS dim, NULL AS k1, NULL AS k2, NULL AS k3, fsum(tiv) AS tiv,
       fsum(tiv) FILTER (WHERE local) AS local_tiv,
       fsum(tiv) FILTER (WHERE split_estimated) AS split_tiv,
       list(DISTINCT deal_id ORDER BY deal_id) AS deal_ids, NULL AS members
FROM tagged GROUP BY p
UNION ALL
SELECT p, 'counterpart', counterpart, iso3, kind, fsum(tiv), NULL, NULL,
       list(DISTINCT deal_id ORDER BY deal_id), [region, subregion]
FROM tagged GROUP BY p, counterpart, iso3, kind, region, subregion
UNION ALL
SELECT p, 'region', region, NULL, NULL, fsum(tiv), NULL, NULL,
       list(DISTINCT deal_id ORDER BY deal_id), NULL
FROM tagged GROUP BY p, region
UNION ALL
SELECT p, 'subregion', region, subregion, NULL, fsum(tiv), NULL, NULL,
       list(DISTINCT deal_id ORDER BY deal_id), NULL
FROM tagged WHERE subregion IS NOT NULL GROUP BY p, region, subregion
UNION ALL
SELECT p, 'category', category, NULL, NULL, fsum(tiv), NULL, NULL, NULL, NULL
FROM tagged GROUP BY p, category
UNION ALL
SELECT p, 'status', status, NULL, NULL, fsum(tiv), NULL, NULL, NULL, NULL
FROM tagged GROUP BY p, status
UNION ALL
SELECT p, 'year', CAST(year AS VARCHAR), NULL, NULL, fsum(tiv), NULL, NULL, NULL, NULL
FROM tagged GROUP BY p, year
UNION ALL
SELECT t.p, 'bloc', b.bloc, NULL, NULL, fsum(t.tiv), NULL, NULL,
       list(DISTINCT t.deal_id ORDER BY t.deal_id),
       list(DISTINCT t.counterpart ORDER BY t.counterpart)
FROM tagged t JOIN bloc_membership b
  ON b.iso3 = t.iso3 AND t.year >= b.start_year AND (b.end_year IS NULL OR t.year <= b.end_year)
WHERE t.kind IN ('state', 'historical_state')
GROUP BY t.p, b.bloc
"""


def _order(tiv: float, *keys: str | None) -> tuple[Any, ...]:
    """Biggest first; ties by the keys, missing keys last (a stable, documented order)."""
    return (-tiv, *((k is None, k or "") for k in keys))


def _figures(rows: list[tuple[Any, ...]], role: Role, period: Period, members: list[str],
             store: Store, sc: Scope) -> ExporterFigures | ImporterFigures:
    """One period's figures from its rows of the profile query."""
    rank_table = ranking(store, sc.release, role, period)
    by: dict[str, list[tuple[Any, ...]]] = defaultdict(list)
    for r in rows:
        by[r[1]].append(r)
    total_row = by["total"][0] if by["total"] else None
    total = float(total_row[5]) if total_row else 0.0
    states: list[ActorShare] = []
    others: list[ActorShare] = []
    for _, _, actor, iso3, kind, tiv, _, _, ids, (region, subregion) in sorted(
            by["counterpart"], key=lambda r: _order(r[5], r[2], r[3], r[4])):
        share = ActorShare(actor=actor, iso3=iso3, kind=kind, region=region,
                           subregion=subregion, tiv=tiv, share_pct=share_pct(tiv, total),
                           deal_ids=ids)
        (states if kind in STATE_KINDS else others).append(share)
    subregions = sorted(by["subregion"], key=lambda r: _order(r[5], r[2], r[3]))
    regions = [
        RegionShare(region=r[2], tiv=r[5], share_pct=share_pct(r[5], total), deal_ids=r[8],
                     subregions=[SubregionShare(subregion=s[3], tiv=s[5], deal_ids=s[8],
                                                share_pct=share_pct(s[5], total))
                                 for s in subregions if s[2] == r[2]])
        for r in sorted(by["region"], key=lambda r: _order(r[5], r[2]))]
    yearly = {int(r[2]): float(r[5]) for r in by["year"]}
    rank, ranked = rank_table.rank_of(members)
    local = float(total_row[6] or 0.0) if total_row else 0.0
    common: dict[str, Any] = dict(
        period=str(period),
        tiv=total,
        world_tiv=rank_table.world_tiv,
        share_of_world_pct=share_pct(total, rank_table.world_tiv),
        rank=rank if total > 0 else None,
        ranked_actors=ranked,
        regions=regions,
        blocs=[BlocShare(bloc=r[2], tiv=r[5], share_pct=share_pct(r[5], total),
                         deal_ids=r[8], members_with_deliveries=r[9])
               for r in sorted(by["bloc"], key=lambda r: _order(r[5], r[2]))],
        categories=[CategoryShare(category=r[2], tiv=r[5], share_pct=share_pct(r[5], total))
                    for r in sorted(by["category"], key=lambda r: _order(r[5], r[2]))],
        status=[StatusShare(status=r[2], tiv=r[5], share_pct=share_pct(r[5], total))
                for r in sorted(by["status"], key=lambda r: _order(r[5], r[2]))],
        local_production=LocalProduction(tiv=local, share_pct=share_pct(local, total)),
        yearly=[YearValue(year=y, tiv=yearly.get(y, 0.0)) for y in period.years],
        deal_ids=list(total_row[8]) if total_row else [],
        estimated_split_tiv=float(total_row[7] or 0.0) if total_row else 0.0,
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
    label = names[0]
    col, other = ROLE_COLUMN[who_role], OTHER_SIDE[who_role]
    cmp = sc.compare
    lo = min(sc.period.start, cmp.start if cmp else sc.period.start)
    hi = max(sc.period.end, cmp.end if cmp else sc.period.end)
    rows = store.execute(_SQL.format(col=col, other=other), {
        "r": sc.release.release_id, "names": names, "lo": lo, "hi": hi,
        "a": sc.period.start, "b": sc.period.end,
        "c": cmp.start if cmp else 0, "d": cmp.end if cmp else -1})
    now = _figures([r for r in rows if r[0] == 0], who_role, sc.period, names, store, sc)
    before = _figures([r for r in rows if r[0] == 1], who_role, cmp, names, store, sc) \
        if cmp else None
    who = ActorTable.of(store, sc.release).get(label) or classify(label)
    head: dict[str, Any] = dict(
        iso3=who.iso3,
        kind=who.kind.value,
        actors=names,
        release=sc.release.name,
        source=source_note(sc.release),
        compare=str(cmp) if cmp else None,
        unit=TIV_UNIT,
        change_pct=change_pct(now.tiv, before.tiv) if before and sc.comparable else None,
        coverage=CoverageOut.of(sc.coverage),
        warnings=sc.warnings,
        evidence=Evidence(deal_ids=now.deal_ids, command=_command(sc, who_role, label),
                          estimated_split_tiv=now.estimated_split_tiv),
        backlog=backlog(store, names, role=who_role),
        compare_figures=before,
    )
    figures = {k: getattr(now, k) for k in type(now).model_fields
               if k not in ("deal_ids", "estimated_split_tiv")}
    if who_role == "exporter":
        return ExporterProfile(exporter=who.name, **head, **figures)
    return RecipientProfile(recipient=who.name, **head, **figures)


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
