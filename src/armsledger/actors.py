"""SIPRI's supplier and recipient names mapped to an actor kind, ISO code and SIPRI region.

The table lives in ``armsledger/data/actors.csv`` (one row per name found in the SIPRI files).
The kind is decided first, then the code: generic country matching gets SIPRI's actors wrong
(``Czechoslovakia`` is not CZE, ``HoR (Libya)*`` is not the state of Libya, ``Kosovo`` is not
Serbia). A name missing from the table is classified from SIPRI's markers
(``**`` organisation, ``*`` non-state, ``unknown ...``) and, for a plain name, by pycountry.

``iso3`` is ISO 3166-1 alpha-3 for states (Kosovo uses the user-assigned ``XKX``), the
ISO 3166-3 former code for historical states where one exists (``SUN``, ``YUG``, ``CSK``,
``DDR``, ``YMD``), and for a non-state actor the code of the state it operates in.
"""

from __future__ import annotations

import csv
import io
from dataclasses import dataclass
from functools import cache
from importlib.resources import files

import pycountry

from armsledger.model import Actor, ActorKind

__all__ = ["STATE_KINDS", "classify", "is_state", "known_names", "lookup", "predecessors"]

_TABLE_PACKAGE = "armsledger.data"
_TABLE_FILE = "actors.csv"
_COLUMNS = ("sipri_name", "kind", "iso3", "region", "subregion", "successor_of_note")


@dataclass(frozen=True, slots=True)
class _Entry:
    actor: Actor
    predecessors: tuple[str, ...]


def _display_name(sipri_name: str) -> str:
    """SIPRI's name without the trailing ``*``/``**`` marker."""
    return sipri_name.rstrip("*").rstrip()


def _opt(value: str | None) -> str | None:
    value = (value or "").strip()
    return value or None


@cache
def _table() -> dict[str, _Entry]:
    text = files(_TABLE_PACKAGE).joinpath(_TABLE_FILE).read_text(encoding="utf-8")
    reader = csv.DictReader(io.StringIO(text))
    if tuple(reader.fieldnames or ()) != _COLUMNS:
        raise RuntimeError(f"{_TABLE_FILE}: unexpected header {reader.fieldnames!r}")
    table: dict[str, _Entry] = {}
    for row in reader:
        name = row["sipri_name"].strip()
        actor = Actor(
            sipri_name=name,
            name=_display_name(name),
            kind=ActorKind(row["kind"].strip()),
            iso3=_opt(row["iso3"]),
            region=_opt(row["region"]),
            subregion=_opt(row["subregion"]),
        )
        preds = tuple(p.strip() for p in row["successor_of_note"].split(";") if p.strip())
        table[name] = _Entry(actor, preds)
    return table


@cache
def _state_regions() -> dict[str, tuple[str | None, str | None]]:
    """ISO code -> (region, subregion) of the state rows, for names found by pycountry."""
    out: dict[str, tuple[str | None, str | None]] = {}
    for entry in _table().values():
        a = entry.actor
        if a.kind is ActorKind.STATE and a.iso3 and a.iso3 not in out:
            out[a.iso3] = (a.region, a.subregion)
    return out


def _pycountry_iso3(name: str) -> str | None:
    """ISO alpha-3 by exact pycountry lookup, else by fuzzy search with exactly one hit."""
    try:
        return str(pycountry.countries.lookup(name).alpha_3)
    except LookupError:
        pass
    try:
        hits = pycountry.countries.search_fuzzy(name)
    except LookupError:
        return None
    if len(hits) == 1:
        return str(hits[0].alpha_3)
    return None


def _place(name: str) -> tuple[str | None, str | None, str | None]:
    """(iso3, region, subregion) of a place: the table's (historical) states, then pycountry."""
    entry = _table().get(name)
    if entry is not None and entry.actor.kind in (ActorKind.STATE, ActorKind.HISTORICAL_STATE):
        return entry.actor.iso3, entry.actor.region, entry.actor.subregion
    iso3 = _pycountry_iso3(name)
    if iso3 is None:
        return None, None, None
    region, subregion = _state_regions().get(iso3, (None, None))
    return iso3, region, subregion


def _parenthesised(name: str) -> str | None:
    """The place SIPRI names in parentheses, e.g. ``'Chad'`` in ``'FAN (Chad)*'``."""
    start, end = name.rfind("("), name.rfind(")")
    if 0 <= start < end:
        return _opt(name[start + 1 : end])
    return None


def lookup(sipri_name: str) -> Actor | None:
    """The table's actor for this exact SIPRI name (whitespace stripped), or None."""
    entry = _table().get(sipri_name.strip())
    return entry.actor if entry is not None else None


def classify(sipri_name: str) -> Actor:
    """The actor a SIPRI supplier/recipient name stands for. Never raises for an unknown name."""
    name = sipri_name.strip()
    known = lookup(name)
    if known is not None:
        return known
    display = _display_name(name)
    if not display:
        return Actor(sipri_name=name, name=display, kind=ActorKind.UNKNOWN)
    if name.endswith("**"):
        return Actor(sipri_name=name, name=display, kind=ActorKind.ORGANISATION)
    if name.endswith("*"):
        place = _parenthesised(display)
        iso3, region, subregion = _place(place) if place else (None, None, None)
        return Actor(name, display, ActorKind.NON_STATE, iso3, region, subregion)
    if name.casefold().startswith("unknown"):
        return Actor(sipri_name=name, name=display, kind=ActorKind.UNKNOWN)
    iso3, region, subregion = _place(name)
    return Actor(name, display, ActorKind.STATE, iso3, region, subregion)


def predecessors(sipri_name: str) -> tuple[str, ...]:
    """Predecessor states a query about this actor may add explicitly (``Russia`` -> Soviet Union).

    These are never merged automatically: the Soviet Union is not Russia.
    """
    entry = _table().get(sipri_name.strip())
    return entry.predecessors if entry is not None else ()


def known_names() -> list[str]:
    """Every SIPRI name in the table, in table order."""
    return list(_table())


STATE_KINDS: tuple[str, ...] = (ActorKind.STATE.value, ActorKind.HISTORICAL_STATE.value)
"""Kinds counted as states. A historical state (the Soviet Union, Yugoslavia, ...) was a state
when it sent or received arms, so it counts in 'recipient states' for its years; non-state
actors (SIPRI's ``*``), organisations (``**``) and ``unknown ...`` never do and are reported
separately. This is the one place that decides it."""


def is_state(kind: ActorKind | str) -> bool:
    """The counting convention (:data:`STATE_KINDS`): states, current or historical."""
    return kind in STATE_KINDS
