"""Resolving what a user typed (a name or an ISO3 code) to SIPRI's actor names in a release."""

from __future__ import annotations

import difflib

from armsledger.actors import predecessors
from armsledger.errors import UnknownActorError
from armsledger.store import Store

_STATE_KINDS = ("state", "historical_state")


def resolve_actor(
    store: Store, release_id: int, query: str, *, include_predecessors: bool = False
) -> list[str]:
    """SIPRI names in the release that ``query`` means, matched case-insensitively.

    ``query`` may be SIPRI's name (with or without ``*`` markers) or an ISO3 code; a code
    matches states only, never the non-state actors located in that state. The Soviet Union
    is not Russia: predecessors are added only with ``include_predecessors``.
    Raises :class:`UnknownActorError` with the closest names when nothing matches.
    """
    actors = store.actors(release_id)
    q = query.strip().lower()
    names = actors["sipri_name"].to_list()
    matched = [
        n
        for n, d in zip(names, actors["name"].to_list(), strict=True)
        if q in (n.lower(), d.lower())
    ]
    if not matched and len(q) == 3:
        matched = [
            n
            for n, iso, kind in actors.select("sipri_name", "iso3", "kind").iter_rows()
            if iso is not None and iso.lower() == q and kind in _STATE_KINDS
        ]
    if not matched:
        lowered = {n.lower(): n for n in names}
        close = difflib.get_close_matches(q, list(lowered), n=5, cutoff=0.6)
        close += [n.lower() for n in names if q and q in n.lower() and n.lower() not in close]
        raise UnknownActorError(query, [lowered[c] for c in close[:5]])
    if include_predecessors:
        for name in list(matched):
            matched += [p for p in predecessors(name) if p in names and p not in matched]
    return matched
