"""Volumes per actor and period, world totals and ranks among states (SIPRI's method, see
:mod:`armsledger.analysis.common`). Computed in DuckDB from the release's yearly flows and
remembered per release, role and period, so every profile of a period shares one ranking."""

from __future__ import annotations

import math
from dataclasses import dataclass
from typing import TYPE_CHECKING

from armsledger.actors import STATE_KINDS, ActorSet
from armsledger.analysis.figures import Methods
from armsledger.analysis.tables import table_totals, world_of
from armsledger.errors import InvalidRequestError
from armsledger.periods import Period
from armsledger.query import Role
from armsledger.store import Release, Store

if TYPE_CHECKING:
    import polars as pl

ROLE_COLUMN: dict[Role, str] = {"exporter": "supplier", "importer": "recipient"}
OTHER_SIDE: dict[Role, str] = {"exporter": "recipient", "importer": "supplier"}


def actor_totals(store: Store, release: Release, role: Role, period: Period) -> pl.DataFrame:
    """TIV per supplier (role 'exporter') or recipient ('importer') in the period.

    Columns: actor, name, kind, iso3, tiv, deals. Every actor with a delivery in the period
    is listed, whatever its kind (the world total needs them all).
    """
    col = ROLE_COLUMN[role]

    def read() -> pl.DataFrame:
        return store.query(
            f"""
            SELECT f.{col} AS actor, a.name, a.kind, a.iso3, coalesce(fsum(f.tiv), 0) AS tiv,
                   sum(f.deals) AS deals
            FROM flows f JOIN actors a ON a.sipri_name = f.{col}
            WHERE f.release_id = $r AND f.year BETWEEN $a AND $b
            GROUP BY ALL ORDER BY tiv DESC, actor
            """,
            {"r": release.release_id, "a": period.start, "b": period.end},
        )

    return store.memo(("actor_totals", release.release_id, role, period), read)


@dataclass(frozen=True, slots=True)
class Ranking:
    """Every actor's TIV in one period, the world total and the ranks among states."""

    period: Period
    world_tiv: float
    totals: dict[str, tuple[str | None, str, float]]
    """SIPRI name -> (iso3, kind, TIV) of every actor with a delivery in the period."""
    estimated: dict[str, tuple[float, float]]
    """SIPRI name -> (reconstructed TIV, evenly split TIV) of its TIV (the rest is exact)."""

    def methods(self, actors: list[str] | None = None) -> Methods:
        """How the yearly values of these actors' TIV (default: the world's) were obtained."""
        names = list(self.totals) if actors is None else [a for a in actors if a in self.totals]
        total = math.fsum(self.totals[a][2] for a in names)
        rebuilt = math.fsum(self.estimated[a][0] for a in names)
        even = math.fsum(self.estimated[a][1] for a in names)
        return Methods.of(total - rebuilt - even, rebuilt, even)

    def rank_of(self, members: list[str]) -> tuple[int | None, int]:
        """(rank, ranked states) of ``members`` counted as one actor among the states.

        The members count together and are ranked even when not a state (a profile of a
        non-state actor places it among the states); ties share the lower rank (SIPRI's
        'min' rank). Rank None when the members delivered nothing in the period.
        """
        own = math.fsum(self.totals[m][2] for m in members if m in self.totals)
        present = any(m in self.totals for m in members)
        others = [t for name, (_, kind, t) in self.totals.items()
                  if kind in STATE_KINDS and name not in members]
        ranked = len(others) + (1 if present else 0)
        if not present or own <= 0:
            return None, ranked
        return 1 + sum(1 for t in others if t > own), ranked

    def states(self) -> list[tuple[int, str, str | None, str, float]]:
        """(rank, actor, iso3, kind, TIV) of every state, biggest first, ties by name."""
        rows = sorted(((n, iso, kind, t) for n, (iso, kind, t) in self.totals.items()
                       if kind in STATE_KINDS), key=lambda r: (-r[3], r[0]))
        out: list[tuple[int, str, str | None, str, float]] = []
        for i, (n, iso, kind, t) in enumerate(rows):
            rank = out[-1][0] if out and out[-1][4] == t else i + 1
            out.append((rank, n, iso, kind, t))
        return out


def ranking(store: Store, release: Release, role: Role, period: Period,
            counterpart: ActorSet | None = None) -> Ranking:
    """Every actor's TIV in the period with the world total (all kinds; exact sum); with
    ``counterpart``, only what went to (exporters) or came from (importers) that actor or
    group (a bloc counting its members in the years they were members), the total being
    that group's."""

    col, other = ROLE_COLUMN[role], OTHER_SIDE[role]

    def from_table() -> Ranking:
        if counterpart is not None:
            raise InvalidRequestError(
                f"release '{release.name}' is SIPRI's TIV table: it has yearly totals per "
                f"{role}, not deliveries between two actors; drop the recipient/supplier or "
                "use a release with deliveries")
        rows, sipri_world = table_totals(store, release, role, period)
        totals = {a: (iso, kind, t) for a, iso, kind, t in rows}
        return Ranking(period, world_of(rows, sipri_world), totals,
                       {a: (0.0, 0.0) for a in totals})

    def compute() -> Ranking:
        if release.is_tiv_table:
            return from_table()
        params: dict[str, object] = {"r": release.release_id, "a": period.start,
                                     "b": period.end}
        where = ""
        if counterpart is not None:
            where = f"AND f.{other} IN (SELECT unnest($names))"
            params["names"] = counterpart.names
            keys = counterpart.member_years(period.start, period.end)
            if keys is not None:
                where += f" AND list_contains($keys, f.{other} || ':' || CAST(f.year AS VARCHAR))"
                params["keys"] = keys
        rows = store.execute(
            f"""
            SELECT f.{col}, a.iso3, a.kind, coalesce(fsum(f.tiv), 0),
                   coalesce(fsum(f.tiv_reconstructed), 0), coalesce(fsum(f.tiv_even), 0)
            FROM flows f JOIN actors a ON a.sipri_name = f.{col}
            WHERE f.release_id = $r AND f.year BETWEEN $a AND $b {where}
            GROUP BY ALL
            """, params)
        totals = {a: (iso, kind, float(t)) for a, iso, kind, t, _, _ in rows}
        estimated = {a: (float(r), float(e)) for a, _, _, _, r, e in rows}
        world = math.fsum(t for _, _, t in totals.values())  # exact whatever the order
        return Ranking(period, world, totals, estimated)

    key = (counterpart.label, tuple(counterpart.names)) if counterpart else None
    return store.memo(("ranking", release.release_id, role, period, key), compute)
