"""The world's top exporters or importers for a period, with shares and change."""

from __future__ import annotations

import math
import shlex
from dataclasses import replace
from typing import Any, ClassVar

from armsledger import TIV_UNIT
from armsledger.actors import ActorTable
from armsledger.analysis.common import change_pct, share_pct, source_note
from armsledger.analysis.figures import CoverageOut, Methods
from armsledger.analysis.volumes import Ranking, ranking
from armsledger.errors import InvalidRequestError
from armsledger.periods import Period
from armsledger.query import FigureQuery, Role, role_of, scope
from armsledger.results import Model, Result
from armsledger.store import Store


def _ranked(table: Ranking, keep: set[str] | None
            ) -> list[tuple[int, str, str | None, str, float]]:
    """The states of ``table`` ranked, only those in ``keep`` when given (ranks among them)."""
    states = table.states()
    if keep is None:
        return states
    out: list[tuple[int, str, str | None, str, float]] = []
    for i, (_, actor, iso3, kind, tiv) in enumerate(s for s in states if s[1] in keep):
        rank = out[-1][0] if out and out[-1][4] == tiv else i + 1
        out.append((rank, actor, iso3, kind, tiv))
    return out


class RankedState(Model):
    rank: int
    actor: str
    iso3: str | None
    kind: str
    tiv: float
    share_pct: float | None
    change_pct: float | None
    compare_tiv: float | None
    compare_rank: int | None
    evidence_command: str
    methods: Methods


class Top(Result):
    """States ranked by TIV (``armsledger top exporters|importers --json``)."""

    main_table: ClassVar[str | None] = "ranking"
    role: Role
    period: str
    compare: str | None
    within: str | None
    """The region or bloc the ranked states belong to (None: the world's)."""
    counterpart: str | None
    """Only what went to (exporters) or came from (importers) this actor or group; shares are
    of its total (None: of the world total)."""
    release: str
    source: str
    unit: str
    world_tiv: float
    world_tiv_compare: float | None
    world_change_pct: float | None
    unranked_tiv: float
    """TIV of non-state actors, organisations and unknown actors (in the world total)."""
    ranking: list[RankedState]
    methods: Methods
    """How the yearly values behind the world total were obtained."""
    coverage: CoverageOut
    warnings: list[str]


def top(store: Store, role: str = "exporter", query: FigureQuery | None = None, *,
        period: Period | str | None = None, compare: Any = "previous",
        limit: int | None = 10, release: str | None = None,
        allow_partial: bool = False, within: str | None = None,
        counterpart: str | None = None) -> Top:
    """Rank states by TIV in ``period``; shares of the world total; change vs ``compare``.

    ``role`` is 'exporter(s)' or 'importer(s)'. The period options come as keywords or as a
    :class:`~armsledger.query.FigureQuery` (then give no other period option). ``period``
    defaults to the latest five years the release covers. ``within`` (a region or bloc) ranks
    only its states (``top importers --region Europe``). ``counterpart`` (or the query's
    recipient for exporters, supplier for importers) counts only what went to or came from
    it (``top exporters --recipient Africa``), with shares of its total. Each row's
    ``evidence_command`` lists the deals behind its TIV; ``limit=None`` lists every ranked
    state.
    """
    who = role_of(role)
    query = query or FigureQuery.build(
        period=period, compare="none" if compare is None else compare, release=release,
        allow_partial=allow_partial)
    if counterpart is not None:
        query = (replace(query, recipient=counterpart) if who == "exporter"
                 else replace(query, supplier=counterpart))
    own = query.supplier if who == "exporter" else query.recipient
    if own is not None:
        raise InvalidRequestError(
            f"top {who}s ranks {who}s: give the other side ("
            f"{'--recipient' if who == 'exporter' else '--supplier'}) or --region, not "
            f"{'--supplier' if who == 'exporter' else '--recipient'}")
    sc = scope(store, query, tables=True)
    other = sc.recipient_set if who == "exporter" else sc.supplier_set
    now = ranking(store, sc.release, who, sc.period, other)
    before = ranking(store, sc.release, who, sc.compare, other) if sc.compare else None
    group = None
    if within is not None:
        group = ActorTable.of(store, sc.release).resolve_set(within)
    keep = set(group.names) if group is not None else None
    earlier = {actor: (rank, tiv) for rank, actor, _, _, tiv in _ranked(before, keep)} \
        if before else {}
    flag = "--supplier" if who == "exporter" else "--recipient"
    states = _ranked(now, keep)
    rows = []
    for rank, actor, iso3, kind, tiv in states[:limit] if limit is not None else states:
        compare_rank, compare_tiv = earlier.get(actor, (None, None))
        command = ["armsledger", "trend" if sc.release.is_tiv_table else "deals", flag, actor,
                   "--from", str(sc.period.start), "--to", str(sc.period.end),
                   "--release", sc.release.name]
        if other is not None:
            command[4:4] = ["--recipient" if who == "exporter" else "--supplier",
                            other.label if other.is_group else other.names[0]]
        rows.append(RankedState(
            rank=rank, actor=actor, iso3=iso3, kind=kind, tiv=tiv,
            share_pct=share_pct(tiv, now.world_tiv),
            change_pct=change_pct(tiv, compare_tiv) if sc.comparable else None,
            compare_tiv=compare_tiv, compare_rank=compare_rank,
            evidence_command=shlex.join(command), methods=now.methods([actor])))
    ranked = math.fsum(t for *_, t in _ranked(now, None))
    return Top(
        role=who,
        period=str(sc.period),
        compare=str(sc.compare) if sc.compare else None,
        within=group.label if group is not None else None,
        counterpart=(other.label if other.is_group else other.names[0]) if other else None,
        release=sc.release.name,
        source=source_note(sc.release),
        unit=TIV_UNIT,
        world_tiv=now.world_tiv,
        world_tiv_compare=before.world_tiv if before else None,
        world_change_pct=change_pct(now.world_tiv, before.world_tiv)
        if before and sc.comparable else None,
        unranked_tiv=now.world_tiv - ranked,
        ranking=rows,
        methods=now.methods(),
        coverage=CoverageOut.of(sc.coverage),
        warnings=sc.warnings,
    )
