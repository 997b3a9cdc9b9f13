"""SIPRI's own TIV tables (a release of format ``sipri-tiv-table``): yearly totals per
exporter or per importer, with SIPRI's 'Total world ...' row, and no deals.

A TIV-table release answers rankings (``top exporters --release sipri-tiv-exports-2024-10``)
and yearly series; it cannot answer what needs deals (recipients of an exporter, categories,
deal lists). Its values are SIPRI's, so every value counts as ``exact``. The world total is
SIPRI's own total row where the table has one.
"""

from __future__ import annotations

import math

from armsledger.errors import InvalidRequestError
from armsledger.periods import Period
from armsledger.query import Role
from armsledger.store import Release, Store

TOTAL_ROW = "lower(actor) LIKE 'total%'"
"""SQL: a TIV table's row is SIPRI's world total ('Total world export'), not an actor."""


def table_role(store: Store, release: Release) -> Role:
    """The side a TIV-table release holds: 'exporter' or 'importer'."""

    def read() -> Role:
        rows = store.execute("SELECT DISTINCT role FROM tiv_values WHERE release_id = ?",
                             [release.release_id])
        return "importer" if rows and rows[0][0] == "importer" else "exporter"

    return store.memo(("table_role", release.release_id), read)


def check_role(store: Store, release: Release, role: Role) -> None:
    """Raise when ``release`` is the other side's table (exports asked of the imports table)."""
    held = table_role(store, release)
    if held != role:
        sibling = [r.name for r in store.releases() if r.is_tiv_table
                   and table_role(store, r) == role
                   and store.same_update(r, release)]
        hint = f": use --release {sibling[-1]}" if sibling else ""
        raise InvalidRequestError(
            f"release '{release.name}' is SIPRI's TIV table of {held}s; it holds no {role}s"
            + hint, suggestions=sibling)


def table_totals(store: Store, release: Release, role: Role, period: Period
                 ) -> tuple[list[tuple[str, str | None, str, float]], float | None]:
    """((actor, iso3, kind, TIV) per actor, SIPRI's world total or None) in ``period``."""
    check_role(store, release, role)
    rows = store.execute(
        f"""
        SELECT t.actor, a.iso3, coalesce(a.kind, 'unknown'), coalesce(fsum(t.tiv), 0),
               bool_or({TOTAL_ROW})
        FROM tiv_values t LEFT JOIN actors a ON a.sipri_name = t.actor
        WHERE t.release_id = $r AND t.year BETWEEN $a AND $b
        GROUP BY ALL
        """, {"r": release.release_id, "a": period.start, "b": period.end})
    totals = [(a, iso, kind, float(t)) for a, iso, kind, t, total in rows if not total]
    world = [float(t) for *_, t, total in rows if total]
    return totals, (world[0] if world else None)


def table_series(store: Store, release: Release, role: Role, names: list[str], first: int,
                 last: int, member_years: list[str] | None = None
                 ) -> dict[int, tuple[float, float]]:
    """year -> (TIV of ``names``, world TIV) from a TIV table (SIPRI's total row, else the
    sum of its actors); ``member_years`` (``name:year`` keys) restricts a bloc to the years
    its members were members."""
    check_role(store, release, role)
    params: dict[str, object] = {"r": release.release_id, "a": first, "b": last}
    if member_years is None:
        mine = "actor IN (SELECT unnest($names))"
        params["names"] = names
    else:
        mine = "list_contains($keys, actor || ':' || CAST(year AS VARCHAR))"
        params["keys"] = member_years
    rows = store.execute(
        f"""
        SELECT year, fsum(tiv) FILTER (WHERE {mine}),
               fsum(tiv) FILTER (WHERE {TOTAL_ROW}), fsum(tiv) FILTER (WHERE NOT {TOTAL_ROW})
        FROM tiv_values WHERE release_id = $r AND year BETWEEN $a AND $b GROUP BY year
        """, params)
    return {int(y): (float(t or 0.0), float(w if w is not None else s or 0.0))
            for y, t, w, s in rows}


def same_update_table(store: Store, release: Release, role: Role) -> Release | None:
    """SIPRI's TIV table of ``role`` published with ``release`` (the same SIPRI update, see
    :meth:`Store.same_update`), the newest loaded; None when none is or ``release`` is one."""
    if release.is_tiv_table:
        return None
    found = [r for r in store.releases() if r.is_tiv_table and table_role(store, r) == role
             and store.same_update(r, release)]
    return found[-1] if found else None


def world_of(totals: list[tuple[str, str | None, str, float]], world: float | None) -> float:
    """SIPRI's world total when the table has one, else the exact sum of its actors."""
    return world if world is not None else math.fsum(t for *_, t in totals)
