"""The world's top exporters or importers for a period, with shares and change."""

from __future__ import annotations

import math
import shlex
from typing import Any, ClassVar

from armsledger import TIV_UNIT
from armsledger.analysis.common import change_pct, share_pct, source_note
from armsledger.analysis.figures import CoverageOut, Methods
from armsledger.analysis.volumes import ranking
from armsledger.periods import Period
from armsledger.query import FigureQuery, Role, role_of, scope
from armsledger.results import Model, Result
from armsledger.store import Store


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
        allow_partial: bool = False) -> Top:
    """Rank states by TIV in ``period``; shares of the world total; change vs ``compare``.

    ``role`` is 'exporter(s)' or 'importer(s)'. The period options come as keywords or as a
    :class:`~armsledger.query.FigureQuery` (then give no other period option). ``period``
    defaults to the latest five years the release covers. Each row's ``evidence_command``
    lists the deals behind its TIV; ``limit=None`` lists every ranked state.
    """
    who = role_of(role)
    query = query or FigureQuery.build(
        period=period, compare="none" if compare is None else compare, release=release,
        allow_partial=allow_partial)
    sc = scope(store, query)
    now = ranking(store, sc.release, who, sc.period)
    before = ranking(store, sc.release, who, sc.compare) if sc.compare else None
    earlier = {actor: (rank, tiv) for rank, actor, _, _, tiv in before.states()} \
        if before else {}
    flag = "--supplier" if who == "exporter" else "--recipient"
    states = now.states()
    rows = []
    for rank, actor, iso3, kind, tiv in states[:limit] if limit is not None else states:
        compare_rank, compare_tiv = earlier.get(actor, (None, None))
        command = ["armsledger", "deals", flag, actor, "--from", str(sc.period.start),
                   "--to", str(sc.period.end), "--release", sc.release.name]
        rows.append(RankedState(
            rank=rank, actor=actor, iso3=iso3, kind=kind, tiv=tiv,
            share_pct=share_pct(tiv, now.world_tiv),
            change_pct=change_pct(tiv, compare_tiv) if sc.comparable else None,
            compare_tiv=compare_tiv, compare_rank=compare_rank,
            evidence_command=shlex.join(command), methods=now.methods([actor])))
    ranked = math.fsum(t for *_, t in states)
    return Top(
        role=who,
        period=str(sc.period),
        compare=str(sc.compare) if sc.compare else None,
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
