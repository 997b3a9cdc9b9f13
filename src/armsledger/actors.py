"""SIPRI's supplier and recipient names mapped to an actor kind, ISO code and SIPRI region.

The table lives in ``armsledger/data/actors.csv`` (one row per name found in the SIPRI files).
The kind is decided first, then the code: generic country matching gets SIPRI's actors wrong
(``Czechoslovakia`` is not CZE, ``HoR (Libya)*`` is not the state of Libya, ``Kosovo`` is not
Serbia). A name missing from the table is classified from SIPRI's markers
(``**`` organisation, ``*`` non-state, ``unknown ...``) and, for a plain name, by pycountry.

``iso3`` is ISO 3166-1 alpha-3 for states (Kosovo uses the user-assigned ``XKX``), the
ISO 3166-3 former code for historical states where one exists (``SUN``, ``YUG``, ``CSK``,
``DDR``, ``YMD``), and for a non-state actor the code of the state it operates in;
:func:`is_iso3` is the one check of such a code (embargo tables use it too).

Mentions of states in text (for the claim extractor) are known here as well:
:func:`text_names` maps every name by which an article may mention a state (pycountry's
names, the table's states, and ``data/actor_names.csv``: aliases, capitals, demonyms, region
words) to its ISO3 code, and :func:`mention_re` finds them. pycountry is imported only inside
the functions that need it (CLI start-up time).
"""

from __future__ import annotations

import csv
import difflib
import io
import re
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from functools import cache
from importlib.resources import files
from typing import TYPE_CHECKING

from armsledger.errors import UnknownActorError
from armsledger.model import Actor, ActorKind
from armsledger.results import Model

if TYPE_CHECKING:
    from armsledger.store import Release, Store

__all__ = [
    "LAST_YEARS",
    "NAME_KINDS",
    "STATE_KINDS",
    "ActorSet",
    "ActorTable",
    "adjective",
    "classify",
    "is_iso3",
    "is_state",
    "known_names",
    "last_year",
    "lookup",
    "mention_pattern",
    "mention_re",
    "names_of_kind",
    "place_names",
    "predecessors",
    "text_names",
]

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
    import pycountry

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


LAST_YEARS: dict[str, int] = {
    "Biafra": 1970,
    "Czechoslovakia": 1992,
    "East Germany (GDR)": 1990,
    "Katanga": 1963,
    "North Yemen": 1990,
    "South Vietnam": 1975,
    "South Yemen": 1990,
    "Soviet Union": 1991,
    "Yemen Arab Republic (North Yemen)": 1990,
    "Yugoslavia": 1992,
}
"""The last year each historical state in SIPRI's names existed (dissolution, unification or
conquest: the Soviet Union ended in December 1991, Czechoslovakia on 31 December 1992, East
Germany joined Germany in October 1990, the Yemens united in May 1990, the Socialist Federal
Republic of Yugoslavia broke up in 1991-92). A test checks every historical state has one."""


def last_year(sipri_name: str) -> int | None:
    """The last year a historical state existed (:data:`LAST_YEARS`); None for any other
    actor (a state that exists, a non-state actor, an organisation)."""
    return LAST_YEARS.get(sipri_name.strip())


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


_FORMER_CODES = frozenset({"YUG", "SUN", "CSK", "DDR", "YMD"})
"""ISO 3166-3 former codes the table gives SIPRI's historical states."""
_USER_CODES = frozenset({"XKX"})
"""User-assigned codes in use: Kosovo."""


@cache
def _current_codes() -> frozenset[str]:
    import pycountry

    return frozenset(str(c.alpha_3) for c in pycountry.countries)


def is_iso3(code: str) -> bool:
    """True for a code armsledger uses for a place: ISO 3166-1 alpha-3, Kosovo's ``XKX`` or
    the former codes of SIPRI's historical states (``SUN``, ``YUG``, ``CSK``, ``DDR``,
    ``YMD``)."""
    code = code.strip().upper()
    return code in _current_codes() or code in _USER_CODES or code in _FORMER_CODES


def place_names(iso3: str | None) -> list[str]:
    """The names of the country with this code (official and common), for matching text."""
    import pycountry

    country = pycountry.countries.get(alpha_3=iso3) if iso3 else None
    if country is None:
        return []
    return [str(n) for n in (country.name, getattr(country, "common_name", None)) if n]


# --- states as text mentions them ------------------------------------------------------------

_NAMES_FILE = "actor_names.csv"
NAME_KINDS: tuple[str, ...] = ("alias", "capital", "demonym", "region", "adjective")
"""Kinds of row in ``data/actor_names.csv``. ``alias``: another name of a state (``UK``);
``capital``: a capital used for its government (``Moscow earned ...``), never as part of a
longer name; ``demonym``: an adjective or demonym (``Israeli``, ``US-made``); ``region``: a
place word that names no single state (no ISO3), matched so that a longer name wins;
``adjective``: the word that names a state's unnamed ministry or government when it is not
the state's first demonym (``US``). Every row but an adjective is a mention in text."""


@cache
def _name_rows() -> tuple[tuple[str, str | None, str], ...]:
    """``(name, iso3, kind)`` of every row of ``data/actor_names.csv``, in file order."""
    text = files(_TABLE_PACKAGE).joinpath(_NAMES_FILE).read_text(encoding="utf-8")
    reader = csv.DictReader(io.StringIO(text))
    if tuple(reader.fieldnames or ()) != ("name", "iso3", "kind"):
        raise RuntimeError(f"{_NAMES_FILE}: unexpected header {reader.fieldnames!r}")
    rows = []
    for row in reader:
        kind = row["kind"].strip()
        if kind not in NAME_KINDS:
            raise RuntimeError(f"{_NAMES_FILE}: unknown kind {kind!r} for {row['name']!r}")
        rows.append((row["name"].strip(), _opt(row["iso3"]), kind))
    return tuple(rows)


def names_of_kind(kind: str) -> dict[str, str | None]:
    """The names of one kind of :data:`NAME_KINDS` -> ISO3 (None for a region), file order."""
    return {name: iso3 for name, iso3, k in _name_rows() if k == kind}


@cache
def _names_of_kind(kind: str) -> Mapping[str, str | None]:
    return names_of_kind(kind)


def capitals() -> Mapping[str, str | None]:
    """Capitals used for their governments (``Moscow``) -> ISO3."""
    return _names_of_kind("capital")


def demonyms() -> Mapping[str, str | None]:
    """Demonyms and adjectives (``Israeli``, ``US-made``) -> ISO3."""
    return _names_of_kind("demonym")


@cache
def _adjectives() -> dict[str, str]:
    out: dict[str, str] = {}
    for name, iso3, kind in _name_rows():
        if iso3 and kind == "demonym" and "-" not in name:
            out.setdefault(iso3, name)
    out.update({iso3: name for name, iso3, kind in _name_rows() if iso3 and kind == "adjective"})
    return out


def adjective(iso3: str | None) -> str | None:
    """The word that names a state's unnamed ministry or government (``ISR`` -> ``Israeli``,
    ``USA`` -> ``US``): its ``adjective`` row, else its first demonym without a hyphen."""
    return _adjectives().get(iso3) if iso3 else None


@cache
def text_names() -> Mapping[str, str | None]:
    """Every name by which text mentions a state -> its ISO3 (None for a region word).

    In order, later entries winning: pycountry's names and common names (without a comma or
    parenthesis), the display names of the table's states, then ``data/actor_names.csv``'s
    aliases, capitals, demonyms and regions. Read-only: copy it to add names.
    """
    import pycountry

    names: dict[str, str | None] = {}
    for country in pycountry.countries:
        for attr in ("name", "common_name"):
            value = getattr(country, attr, None)
            if value and "," not in value and "(" not in value:
                names[value] = str(country.alpha_3)
    for entry in _table().values():
        actor = entry.actor
        if actor.kind is ActorKind.STATE and actor.iso3:
            names[actor.name] = actor.iso3
    for kind in ("alias", "capital", "demonym", "region"):
        names.update(names_of_kind(kind))
    return names


def mention_pattern(names: Iterable[str]) -> re.Pattern[str]:
    """A pattern that finds any of ``names`` as a whole word, longest first, case-sensitive;
    never inside a longer word, a ``$`` amount, or ``X-based``/``X-language``/``X-speaking``."""
    alts = "|".join(re.escape(n) for n in sorted(names, key=len, reverse=True))
    return re.compile(rf"(?<![\w$])(?:{alts})(?![\w$]|-(?:based|language|speaking)\b)")


@cache
def mention_re() -> re.Pattern[str]:
    """Mentions of states and regions in text (:func:`text_names`); see :func:`mention_pattern`."""
    return mention_pattern(text_names())


class ActorInfo(Model):
    """An actor as listed (``GET /api/actors``)."""

    sipri_name: str
    name: str
    kind: str
    iso3: str | None
    region: str | None
    subregion: str | None

    @classmethod
    def of(cls, actor: Actor) -> ActorInfo:
        return cls(sipri_name=actor.sipri_name, name=actor.name, kind=actor.kind.value,
                   iso3=actor.iso3, region=actor.region, subregion=actor.subregion)


_GROUP_ALIASES = {"european union": "eu", "asia": "asia and oceania",
                  "subsaharan africa": "sub-saharan africa"}


@dataclass(frozen=True, slots=True)
class ActorSet:
    """What a query about one actor means: the SIPRI names counted, and for a bloc the years
    each member counts (dated membership; None: every year)."""

    label: str
    kind: str
    """The actor's kind, or ``region``, ``subregion``, ``bloc`` for a group."""
    names: list[str]
    iso3: str | None = None
    years: dict[str, list[tuple[int, int | None]]] | None = None

    @property
    def is_group(self) -> bool:
        return self.kind in ("region", "subregion", "bloc")

    def member_years(self, first: int, last: int) -> list[str] | None:
        """``name:year`` keys of the member-years in ``first..last`` (None: no dating), for
        filtering delivery rows in SQL."""
        if self.years is None:
            return None
        return [f"{name}:{y}" for name, spells in self.years.items()
                for start, end in spells
                for y in range(max(start, first), min(end if end is not None else last, last) + 1)]


class ActorTable:
    """The actors of one release (or of the packaged table): the one place that resolves what
    a user typed, searches names, and says which SIPRI names a query means.

    Build it with :meth:`of` (a release's actors, remembered by the store until the next load)
    or :meth:`packaged` (every name in ``data/actors.csv``).
    """

    def __init__(self, actors: Iterable[Actor]):
        self.actors: list[Actor] = sorted(actors, key=lambda a: a.sipri_name)
        self._by_name = {a.sipri_name: a for a in self.actors}
        self._folded: dict[str, list[str]] = {}
        for a in self.actors:
            for key in {a.sipri_name.casefold(), a.name.casefold()}:
                self._folded.setdefault(key, []).append(a.sipri_name)

    @classmethod
    def of(cls, store: Store, release: Release) -> ActorTable:
        """Every actor that appears in ``release`` (suppliers, recipients, TIV-table actors)."""

        def build() -> ActorTable:
            rows = store.execute(
                """
                SELECT sipri_name, name, kind, iso3, region, subregion FROM actors
                WHERE sipri_name IN (
                    SELECT supplier FROM deals WHERE release_id = $r
                    UNION SELECT recipient FROM deals WHERE release_id = $r
                    UNION SELECT actor FROM tiv_values WHERE release_id = $r)
                """, {"r": release.release_id})
            return cls(Actor(n, d, ActorKind(k), iso, reg, sub)
                       for n, d, k, iso, reg, sub in rows)

        return store.memo(("actor_table", release.release_id), build)

    @classmethod
    @cache
    def packaged(cls) -> ActorTable:
        """Every SIPRI name armsledger's table knows (no release needed)."""
        return cls(e.actor for e in _table().values())

    def __contains__(self, sipri_name: object) -> bool:
        return sipri_name in self._by_name

    def __len__(self) -> int:
        return len(self.actors)

    def get(self, sipri_name: str) -> Actor | None:
        return self._by_name.get(sipri_name)

    def resolve(self, query: str, *, include_predecessors: bool = False) -> list[str]:
        """The SIPRI names ``query`` means, matched case-insensitively.

        ``query`` may be SIPRI's name (with or without ``*`` markers) or an ISO3 code; a code
        matches states only, never the non-state actors located in that state. The Soviet
        Union is not Russia: predecessors are added only with ``include_predecessors``.
        Raises :class:`~armsledger.errors.UnknownActorError` with the closest names.
        """
        q = query.strip().casefold()
        matched = list(dict.fromkeys(self._folded.get(q, [])))
        if not matched and len(q) == 3:
            matched = [a.sipri_name for a in self.actors
                       if a.iso3 is not None and a.iso3.casefold() == q and is_state(a.kind)]
        if not matched:
            raise UnknownActorError(query, self.suggest(query))
        if include_predecessors:
            for name in list(matched):
                matched += [p for p in predecessors(name) if p in self and p not in matched]
        return matched

    def resolve_set(self, query: str, *, include_predecessors: bool = False) -> ActorSet:
        """What ``query`` means as one actor: an actor (see :meth:`resolve`), else a group:
        one of SIPRI's regions or subregions (``Africa``, ``sub-Saharan Africa``), a bloc
        (``EU``, ``CSTO``, ``CIS``, ``BRICS``, ``NATO members``: its members in each year, by
        dated membership) or a region's members of a bloc (``European NATO``). An actor's
        name wins: ``NATO`` is SIPRI's organisation ``NATO**``, ``NATO members`` the bloc."""
        try:
            names = self.resolve(query, include_predecessors=include_predecessors)
        except UnknownActorError as e:
            group = self.group(query)
            if group is None:
                raise UnknownActorError(query, e.suggestions + [
                    g for g in self.group_names() if query.strip().casefold() in g.casefold()
                ][:3]) from None
            return group
        first = self.get(names[0]) or classify(names[0])
        return ActorSet(first.name, first.kind.value, names, first.iso3)

    def group_names(self) -> list[str]:
        """The groups :meth:`group` knows in this table: regions, subregions, blocs."""
        from armsledger.blocs import BLOCS

        regions = sorted({a.region for a in self.actors if a.region})
        subregions = sorted({a.subregion for a in self.actors if a.subregion})
        return regions + subregions + list(BLOCS) + ["European NATO", "European Union"]

    def group(self, query: str) -> ActorSet | None:
        """The region, subregion or bloc ``query`` names (case-insensitive), or None."""
        from armsledger.blocs import BLOCS, membership_table

        q = " ".join(query.split()).casefold()
        q = _GROUP_ALIASES.get(q, q)
        for attr, kind in (("region", "region"), ("subregion", "subregion")):
            for value in sorted({getattr(a, attr) for a in self.actors if getattr(a, attr)}):
                if value.casefold() == q:
                    names = [a.sipri_name for a in self.actors if getattr(a, attr) == value]
                    return ActorSet(value, kind, names)
        region = None
        as_of = re.search(r"\s+(?:in|as of)\s+(\d{4})$", q)
        if as_of:
            q = q[:as_of.start()]
        q = q.removesuffix(" members").removesuffix(" states")
        if q.startswith("european "):
            region, q = "Europe", q.removeprefix("european ")
        bloc = next((b for b in BLOCS if b.casefold() == q), None)
        if bloc is None:
            return None
        spells: dict[str, list[tuple[int, int | None]]] = {}
        for b, iso3, start, end in membership_table():
            if b == bloc:
                spells.setdefault(iso3, []).append((start, end))
        years: dict[str, list[tuple[int, int | None]]] = {}
        for a in self.actors:
            if a.kind is ActorKind.STATE and a.iso3 in spells and (
                    region is None or a.region == region):
                years[a.sipri_name] = spells[a.iso3]
        label = f"European {bloc}" if region else bloc
        if as_of:  # the members of that year, counted in every year
            year = int(as_of[1])
            names = sorted(n for n, sp in years.items()
                           if any(s <= year and (e is None or year <= e) for s, e in sp))
            return ActorSet(f"{label} (members in {year})", "bloc", names)
        return ActorSet(label, "bloc", sorted(years), None, years)

    def suggest(self, query: str, limit: int = 5) -> list[str]:
        """The closest SIPRI names to what was typed (for 'did you mean')."""
        q = query.strip().casefold()
        lowered = {a.sipri_name.casefold(): a.sipri_name for a in self.actors}
        close = difflib.get_close_matches(q, list(lowered), n=limit, cutoff=0.6)
        close += [n for n in lowered if q and q in n and n not in close]
        return [lowered[c] for c in close[:limit]]

    def search(self, text: str | None = None, limit: int | None = None) -> list[Actor]:
        """Actors whose SIPRI or display name contains ``text`` (case-insensitive), or whose
        ISO3 code is ``text``; exact matches first, then by name. All actors without text."""
        if not text or not text.strip():
            hits = list(self.actors)
        else:
            q = text.strip().casefold()

            def rank(a: Actor) -> int:
                names = (a.sipri_name.casefold(), a.name.casefold())
                if q in names or (a.iso3 or "").casefold() == q:
                    return 0
                return 1 if any(n.startswith(q) for n in names) else 2

            hits = [a for a in self.actors if q in a.sipri_name.casefold()
                    or q in a.name.casefold() or (a.iso3 or "").casefold() == q]
            hits.sort(key=lambda a: (rank(a), a.name.casefold()))
        return hits[:limit] if limit is not None else hits
