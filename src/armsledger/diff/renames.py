"""Renamed actors between two releases (step 1 of :mod:`armsledger.diff`).

Names found in one release only are paired when they stand for the same actor: states with the
same kind and ISO3 (``Turkey`` -> ``Turkiye``); non-state actors and organisations with the
same location and a clear name match (the same words once the location is set aside, or an
acronym). Each pair is chosen once, best match first (:func:`~armsledger.diff.matching.greedy`).
"""

from __future__ import annotations

import re
from collections import defaultdict

import polars as pl

from armsledger.actors import classify, place_names
from armsledger.diff.matching import greedy
from armsledger.diff.records import Rename
from armsledger.model import ActorKind

__all__ = ["detect_renames"]

_STOP = {"the", "of", "and", "for", "de", "la", "du", "des", "el", "al"}
_STATES = (ActorKind.STATE, ActorKind.HISTORICAL_STATE)


def _tokens(text: str) -> list[str]:
    return re.findall(r"[a-z0-9]+", text.casefold())


def _location(name: str) -> str | None:
    """The parenthesised location at the end of a SIPRI name (``HoR (Libya)*`` -> ``Libya``)."""
    start, end = name.rfind("("), name.rfind(")")
    return name[start + 1 : end] if 0 <= start < end else None


def _place_tokens(iso3: str | None, *names: str) -> set[str]:
    """Words naming the place: parenthesised locations and the country's names."""
    places = [_location(n) or "" for n in names] + place_names(iso3)
    return {t for p in places for t in _tokens(p)}


def _core(name: str, places: set[str]) -> list[str]:
    """The words of a name without its (parenthesised) location and SIPRI's markers."""
    start = name.rfind("(")
    base = name[:start] if start > 0 else name
    return [t for t in _tokens(base) if t not in places]


def _name_match(a: str, b: str, iso3: str | None) -> tuple[float, str] | None:
    """(score, how) when two names of actors located in ``iso3`` name the same actor."""
    places = _place_tokens(iso3, a, b)
    ta, tb = _core(a, places), _core(b, places)
    if not ta or not tb:
        return None
    sa, sb = set(ta), set(tb)
    jaccard = len(sa & sb) / len(sa | sb)
    if jaccard >= 0.5:
        return jaccard, f"same words apart from the location ({' '.join(sorted(sa & sb))})"
    for short, long_ in ((ta, tb), (tb, ta)):
        if len(short) == 1 and len(long_) >= 2:
            initials = {"".join(t[0] for t in long_),
                        "".join(t[0] for t in long_ if t not in _STOP)}
            if short[0] in initials:
                return 0.9, f"acronym ({short[0].upper()} = {' '.join(long_)})"
    return None


def detect_renames(old: pl.DataFrame, new: pl.DataFrame) -> list[Rename]:
    """The actors of ``old`` (deals) that ``new`` names differently, most deals first."""

    def names(frame: pl.DataFrame) -> set[str]:
        return set(frame["supplier"].to_list()) | set(frame["recipient"].to_list())

    old_names, new_names = names(old), names(new)
    only_old = sorted(old_names - new_names)
    only_new = sorted(new_names - old_names)
    actors = {n: classify(n) for n in only_old + only_new}
    pairs: list[tuple[str, str, str]] = []
    by_code: dict[tuple[str, str], tuple[list[str], list[str]]] = defaultdict(lambda: ([], []))
    for side, group in ((0, only_old), (1, only_new)):
        for n in group:
            a = actors[n]
            if a.kind in _STATES and a.iso3:
                by_code[(a.kind.value, a.iso3)][side].append(n)
    for (_, iso3), (olds, news) in sorted(by_code.items()):
        if len(olds) == 1 and len(news) == 1:
            pairs.append((olds[0], news[0], f"same state (ISO3 {iso3})"))
    used = {p[0] for p in pairs} | {p[1] for p in pairs}
    candidates: list[tuple[tuple[float, ...], str, str]] = []
    hows: dict[tuple[str, str], str] = {}
    for o in only_old:
        for n in only_new:
            ao, an = actors[o], actors[n]
            if (o in used or n in used or ActorKind.UNKNOWN in (ao.kind, an.kind)
                    or (ao.kind in _STATES and an.kind in _STATES)  # states pair by code only
                    or ao.iso3 != an.iso3 or (ao.iso3 is None and _location(o) != _location(n))):
                continue
            hit = _name_match(ao.name, an.name, ao.iso3)
            if hit:
                where = f"same location ({ao.iso3})" if ao.iso3 else "no location"
                candidates.append(((-hit[0],), o, n))
                hows[(o, n)] = f"{where}, {hit[1]}"
    pairs += [(o, n, hows[(o, n)]) for o, n in greedy(candidates)]

    def count(frame: pl.DataFrame, name: str) -> int:
        return frame.filter((pl.col("supplier") == name) | (pl.col("recipient") == name)).height

    out = [Rename(o, n, actors[o].kind.value, actors[n].kind.value, actors[n].iso3, how,
                  count(old, o), count(new, n)) for o, n, how in pairs]
    return sorted(out, key=lambda r: (-r.deals_old, r.old_name))
