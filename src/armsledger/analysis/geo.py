"""Figures by country, for a map: a figure's actors placed on today's states, or listed beside.

A map shows states only, each on its own shape. :func:`place` sorts the rows of a figure (an
exporter's recipients, a recipient's suppliers, the world's exporters or importers) into

- ``states``: current states with an ISO 3166-1 code (alpha-3 and numeric from pycountry),
  drawn on the map (``drawn``) or, when the 1:110m world map has no shape for them (small
  island states), listed as ``too_small``;
- ``historical``: historical states (the Soviet Union, Yugoslavia, Czechoslovakia, East
  Germany, ...), listed with a note and never drawn on today's borders (the Soviet Union is
  not Russia);
- ``unplaced``: non-state actors, organisations and unknown actors (and any name without a
  code), listed and never put on a country, not even the one a non-state actor operates in.

The figures are the library's own (:func:`~armsledger.analysis.profile.profile`,
:func:`~armsledger.analysis.ranking.top`, the ranking of :mod:`~armsledger.analysis.volumes`):
this module only places them, so every total equals the figure function's.

The world map (``data/geo/countries-110m.json``) is world-atlas 2.0.2 (Natural Earth 1:110m,
public domain; see ``data/geo/SOURCE.md``); its countries' ids are ISO 3166-1 numeric codes.
"""

from __future__ import annotations

import json
import math
from dataclasses import replace
from functools import cache
from importlib.resources import files
from typing import ClassVar, Literal

from armsledger import TIV_UNIT
from armsledger.actors import ActorTable, classify
from armsledger.analysis.common import share_pct
from armsledger.errors import InvalidRequestError
from armsledger.model import ActorKind
from armsledger.periods import Period
from armsledger.query import FigureQuery, Role
from armsledger.results import Model, Result
from armsledger.store import Store

TOPOLOGY_PACKAGE = "armsledger.data"
TOPOLOGY_FILE = "geo/countries-110m.json"
"""The world map, in package data (a TopoJSON topology with the object ``countries``)."""

MapWhat = Literal["recipients", "suppliers", "exporters", "importers", "embargoes",
                  "dependence"]
"""What a map shows: an exporter's recipients, a recipient's suppliers, the world's exporters
or importers, the deliveries to targets of arms embargoes in force at the time, or each
state's dependence on one origin's designs (their share of its estimated in-service base)."""

HISTORICAL_NOTE = ("A historical state is not drawn on today's borders: its transfers are not "
                   "those of any of its successors.")
UNPLACED_NOTE = ("Non-state actors, organisations and unknown actors are not states: they are "
                 "listed here and never put on a country (a non-state actor's location is "
                 "shown, not drawn).")
TOO_SMALL_NOTE = "States too small to have a shape on the 1:110m world map; counted, not drawn."

_BY_NAME = {"XKX": "Kosovo"}
"""States whose shape on the map has no ISO numeric id: matched by the shape's name."""


def topology_bytes() -> bytes:
    """The world map's TopoJSON as stored in the package."""
    return files(TOPOLOGY_PACKAGE).joinpath(TOPOLOGY_FILE).read_bytes()


@cache
def map_keys() -> frozenset[str]:
    """The keys of the map's country shapes: their ISO numeric ids, or names when they have
    none."""
    topo = json.loads(topology_bytes())
    return frozenset(str(g.get("id") or g.get("properties", {}).get("name", ""))
                     for g in topo["objects"]["countries"]["geometries"])


@cache
def iso_numeric(iso3: str | None) -> str | None:
    """ISO 3166-1 numeric code (three digits, as a string) of an alpha-3 code; None when
    pycountry has none (historical and user-assigned codes)."""
    if not iso3:
        return None
    import pycountry

    country = pycountry.countries.get(alpha_3=iso3)
    return str(country.numeric) if country is not None else None


class MapState(Model):
    """A current state: its value and where it goes on the map."""

    actor: str
    iso3: str
    iso_numeric: str | None
    map_key: str | None
    """The key of its shape on the world map (its ISO numeric id, or its name); None when the
    map has no shape for it (then it is in ``too_small``)."""
    tiv: float
    share_pct: float | None


class MapOther(Model):
    """An actor that is not drawn: a historical state, a non-state actor, an organisation or
    an unknown actor."""

    actor: str
    kind: str
    iso3: str | None
    """A historical state's former code (ISO 3166-3), or where a non-state actor operates."""
    location: str | None
    """For a non-state actor: the state it operates in (never drawn there)."""
    tiv: float
    share_pct: float | None
    reason: str


class Placed(Model):
    """A figure's rows sorted for a map (see the module docstring)."""

    states: list[MapState]
    too_small: list[MapState]
    historical: list[MapOther]
    unplaced: list[MapOther]


class FigureMap(Placed, Result):
    """A figure by country (``/map``; ``armsledger.analysis.geo.figure_map``)."""

    main_table: ClassVar[str | None] = "states"
    what: MapWhat
    role: Role
    """The role of the actors on the map: exporters (suppliers) or importers (recipients)."""
    subject: str | None
    """The exporter (what='recipients') or recipient (what='suppliers'); None for the world."""
    subject_iso3: str | None
    period: str
    release: str
    source: str
    unit: str
    total_tiv: float
    """The figure's total: the subject's exports or imports, or the world total (every actor
    on and beside the map)."""
    share_of: str
    """What the shares are of."""
    notes: dict[str, str]
    warnings: list[str]


Row = tuple[str, str | None, str, float, float | None]
"""(SIPRI name, iso3, kind, TIV, share %) of one actor of a figure."""


def place(rows: list[Row]) -> Placed:
    """Sort a figure's rows for a map: states (drawn or too small), historical states, and
    actors that cannot be placed. Order is kept (the figure's)."""
    drawn = map_keys()
    states: list[MapState] = []
    small: list[MapState] = []
    historical: list[MapOther] = []
    unplaced: list[MapOther] = []
    for actor, iso3, kind, tiv, share in rows:
        if kind == ActorKind.HISTORICAL_STATE.value:
            historical.append(MapOther(actor=actor, kind=kind, iso3=iso3, location=None,
                                       tiv=tiv, share_pct=share, reason="historical state"))
            continue
        if kind != ActorKind.STATE.value or not iso3:
            location = None
            if kind == ActorKind.NON_STATE.value and iso3:
                location = _name_of(iso3)
            reason = {"non_state": "non-state actor", "organisation": "organisation",
                      "unknown": "unknown actor"}.get(kind, "no ISO code")
            unplaced.append(MapOther(actor=actor, kind=kind, iso3=iso3, location=location,
                                     tiv=tiv, share_pct=share, reason=reason))
            continue
        numeric = iso_numeric(iso3)
        key = numeric if numeric in drawn else _BY_NAME.get(iso3)
        if key is not None and key not in drawn:
            key = None
        state = MapState(actor=actor, iso3=iso3, iso_numeric=numeric, map_key=key, tiv=tiv,
                         share_pct=share)
        (states if key is not None else small).append(state)
    return Placed(states=states, too_small=small, historical=historical, unplaced=unplaced)


def _name_of(iso3: str) -> str:
    import pycountry

    country = pycountry.countries.get(alpha_3=iso3)
    return str(getattr(country, "common_name", None) or country.name) if country else iso3


def _what(what: str) -> MapWhat:
    aliases: dict[str, MapWhat] = {
        "recipients": "recipients", "suppliers": "suppliers",
        "exporters": "exporters", "exports": "exporters",
        "importers": "importers", "imports": "importers",
        "embargoes": "embargoes", "embargo-targets": "embargoes",
        "dependence": "dependence", "installed-base": "dependence"}
    try:
        return aliases[what.strip().lower()]
    except KeyError:
        raise InvalidRequestError(
            f"what '{what}': use recipients (of an exporter), suppliers (of a recipient), "
            "exporters or importers (the world's), embargoes (deliveries to embargo "
            "targets) or dependence (on an exporter's designs)") from None


def figure_map(store: Store, what: str, query: FigureQuery) -> FigureMap:
    """The figure ``what`` placed for a map.

    ``recipients``: the query's supplier's recipients (its profile);
    ``suppliers``: the query's recipient's suppliers (its profile);
    ``exporters`` / ``importers``: every actor's exports or imports in the period (the
    world ranking, states and the rest). Period and release as the query says (default: the
    release's latest five years).
    """
    kind = _what(what)
    if kind in ("recipients", "suppliers"):
        return _profile_map(store, kind, query)
    if kind == "embargoes":
        return _embargo_map(store, query)
    if kind == "dependence":
        return _dependence_map(store, query)
    return _world_map(store, "exporter" if kind == "exporters" else "importer", query)


def _profile_map(store: Store, what: MapWhat, query: FigureQuery) -> FigureMap:
    from armsledger.analysis.profile import ExporterProfile, profile

    role: Role = "exporter" if what == "recipients" else "importer"
    subject = query.supplier if role == "exporter" else query.recipient
    if subject is None:
        side = "exporter" if role == "exporter" else "recipient"
        raise InvalidRequestError(f"a map of {what} needs an {side}: give ?{side}=NAME")
    prof = profile(store, query.with_actor(role, subject).with_period(query.period, "none"))
    if isinstance(prof, ExporterProfile):
        shares = prof.recipients + prof.non_state_recipients
        who = prof.exporter
    else:
        shares = prof.suppliers + prof.non_state_suppliers
        who = prof.recipient
    placed = place([(s.actor, s.iso3, s.kind, s.tiv, s.share_pct) for s in shares])
    counter: Role = "importer" if role == "exporter" else "exporter"
    return FigureMap(
        **placed.model_dump(), what=what, role=counter, subject=who,
        subject_iso3=prof.iso3, period=prof.period, release=prof.release, source=prof.source,
        unit=TIV_UNIT, total_tiv=prof.tiv,
        share_of=f"{who}'s {'exports' if role == 'exporter' else 'imports'}",
        notes=_notes(), warnings=prof.warnings)


def _world_map(store: Store, role: Role, query: FigureQuery) -> FigureMap:
    from armsledger.analysis.ranking import top
    from armsledger.analysis.volumes import ranking

    if query.supplier is not None or query.recipient is not None:
        raise InvalidRequestError("a world map takes no exporter or recipient")
    ranked = top(store, role, query.with_period(query.period, "none"), limit=None)
    rel = store.release(ranked.release)
    table = ranking(store, rel, role, Period.parse(ranked.period))
    actors = ActorTable.of(store, rel)
    rows: list[Row] = [(r.actor, r.iso3, r.kind, r.tiv, r.share_pct) for r in ranked.ranking]
    listed = {r.actor for r in ranked.ranking}
    rest = sorted(((name, iso3, kind, tiv) for name, (iso3, kind, tiv) in table.totals.items()
                   if name not in listed and tiv > 0), key=lambda r: (-r[3], r[0]))
    for name, iso3, kind, tiv in rest:
        who = actors.get(name) or classify(name)
        rows.append((name, iso3 if iso3 is not None else who.iso3, kind, tiv,
                     share_pct(tiv, ranked.world_tiv)))
    placed = place(rows)
    total = ranked.world_tiv
    on_and_beside = math.fsum(r[3] for r in rows)
    warnings = list(ranked.warnings)
    if not math.isclose(on_and_beside, total, rel_tol=1e-9, abs_tol=1e-6):
        warnings.append(f"The actors listed add up to {on_and_beside:,.0f}, not the world "
                        f"total {total:,.0f} {TIV_UNIT}.")
    return FigureMap(
        **placed.model_dump(), what="exporters" if role == "exporter" else "importers",
        role=role, subject=None, subject_iso3=None, period=ranked.period,
        release=ranked.release, source=ranked.source, unit=TIV_UNIT, total_tiv=total,
        share_of=f"world {'exports' if role == 'exporter' else 'imports'}", notes=_notes(),
        warnings=warnings)


def _embargo_map(store: Store, query: FigureQuery) -> FigureMap:
    """Deliveries that went to a target of an arms embargo in force that year (the screening
    of :mod:`armsledger.embargoes.screen`), by recipient: each delivery (deal and year) counted
    once even when several embargoes covered it; shares are of all such deliveries. Every
    status counts (an embargo that binds the supplier, one that does not, a non-mandatory or a
    regional one): the map shows where arms went to embargo targets, not breaches; each value
    links to the screening that gives the statuses. A supplier in the query narrows it to that
    supplier's deliveries."""
    from armsledger.embargoes.screen import screen
    from armsledger.query import scope

    sc = scope(store, replace(query, recipient=None).with_period(query.period, "none"))
    result = screen(store, query=replace(query, recipient=None).with_period(sc.period, "none")
                    ).result()
    per: dict[str, dict[tuple[str, int], float]] = {}
    for h in result.hits:
        per.setdefault(h.recipient, {})[(h.deal_id, h.year)] = h.tiv or 0.0
    totals = {name: math.fsum(v.values()) for name, v in per.items()}
    total = math.fsum(totals.values())
    actors = ActorTable.of(store, sc.release)
    rows: list[Row] = []
    for name, tiv in sorted(totals.items(), key=lambda kv: (-kv[1], kv[0])):
        who = actors.get(name) or classify(name)
        rows.append((name, who.iso3, who.kind.value, tiv, share_pct(tiv, total)))
    supplier = query.supplier
    return FigureMap(
        **place(rows).model_dump(), what="embargoes", role="importer", subject=supplier,
        subject_iso3=None, period=str(sc.period), release=result.release,
        source=result.source, unit=TIV_UNIT, total_tiv=total,
        share_of="deliveries to embargo targets" + (f" from {supplier}" if supplier else "")
        + " (any status: bound, not bound, non-mandatory or regional; the embargo page "
        "says which)",
        notes=_notes(), warnings=[*sc.warnings, *result.warnings])


def _dependence_map(store: Store, query: FigureQuery) -> FigureMap:
    """Each recipient's dependence on the query's supplier's designs (its predecessors'
    counted with it): the origin's units' TIV still counted in service at the end of the
    period, and its share of the recipient's whole in-service base
    (:func:`armsledger.analysis.installed_base.supplier_base_for`, default service lives;
    the shares are each state's, not of a total). A recipient in the query (a region or bloc)
    narrows the map to its members."""
    from armsledger.analysis.installed_base import ALL_CATEGORIES, supplier_base_for
    from armsledger.query import scope

    if query.supplier is None:
        raise InvalidRequestError("a map of dependence needs an exporter (the origin): give "
                                  "?exporter=NAME")
    sc = scope(store, replace(query, recipient=None, supplier=query.supplier),
               default="latest", compare=False)
    base = supplier_base_for(store, query, as_of=sc.period.end)
    actors = ActorTable.of(store, sc.release)
    rows: list[Row] = []
    for r in base.rows:
        if r.category != ALL_CATEGORIES or not r.origin_tiv:
            continue
        who = actors.get(r.recipient) or classify(r.recipient)
        rows.append((r.recipient, who.iso3, who.kind.value, r.origin_tiv, r.tiv_share_pct))
    rows.sort(key=lambda x: (-(x[4] or 0.0), x[0]))
    return FigureMap(
        **place(rows).model_dump(), what="dependence", role="importer", subject=base.origin,
        subject_iso3=None, period=str(base.as_of), release=base.release, source=base.source,
        unit=TIV_UNIT, total_tiv=base.tiv,
        share_of=f"each state's estimated in-service base (TIV) in {base.as_of}: "
        f"{base.origin} designs",
        notes=_notes(), warnings=[*base.warnings, *base.caveats[:1]])


def _notes() -> dict[str, str]:
    return {"historical": HISTORICAL_NOTE, "unplaced": UNPLACED_NOTE,
            "too_small": TOO_SMALL_NOTE}
