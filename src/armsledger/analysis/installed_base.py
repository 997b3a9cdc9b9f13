"""Installed base by origin: what a state still operates of each supplier's designs, the
maintenance dependence it implies, and second-hand flows of a supplier's designs.

SIPRI records deliveries, not inventories. The installed base is an *estimate* built from the
deliveries of one release with stated assumptions; every result carries them as fields
(``service_life``, ``method``, ``caveats``) so every face shows them with the figures.

Method
------
**In service.** A delivered unit (a delivery row: its ``number`` and its TIV) counts as in
service at the as-of year ``Y`` when ``delivery_year <= Y < delivery_year + life``, where
``life`` is the service life assumed for the deal's SIPRI armament category. A unit delivered
in 1990 with a 35-year life counts in 1990 ... 2024 and not in 2025.

**Service lives** (:data:`DEFAULT_SERVICE_LIFE`) are armsledger's assumptions, one round
figure per SIPRI category, not data; users override them (``aircraft=40``,
:func:`parse_service_life`). Why these figures (typical lives of major systems, often extended
by upgrades):

- Aircraft 35: combat and transport aircraft commonly fly 30-40 years (MiG-21, F-5, F-16 and
  C-130 fleets delivered in the 1970s-80s were still flying in the 2010s-20s);
- Armoured vehicles 40 and Artillery 40: tanks, APCs and guns are kept longest (T-55, M113,
  D-30 in service 40-60 years);
- Ships 35: hulls typically serve 30-40 years;
- Air-defence systems 30: launchers and fire units (not their missiles) serve about 30 years
  (S-75/S-125 and early Patriot generations);
- Naval weapons 30: ship guns and launchers, tied to their hulls but often replaced in refits;
- Sensors 25 and Engines 25: radars and engines are upgraded or replaced within a platform's
  life (SIPRI counts engines and radars delivered for platforms built elsewhere);
- Satellites 15: design lives of military satellites are about 10-15 years;
- Other 30: SIPRI's residual category (e.g. air refuelling systems), a middle value.

**Missiles are consumed** (fired, expended in tests, expired), so they are never in the
installed base: they are reported apart (``missiles``) as units and TIV delivered in the
``missile_years`` (default 10) years to the as-of year, not as a stock.

**Unknown category.** A deal whose armament category is unknown (its description is not in
armsledger's category table, :mod:`armsledger.categories`) has no service life: its deliveries
are not counted in the base (they could be missiles, which never are) and are reported apart
(``uncategorised``, with units, TIV and deal ids, for deliveries in the longest assumed life
before the as-of year), with a caveat giving their share of the TIV in that window.

**Origin groups.** A unit's origin is the supplier SIPRI records; predecessor states count
with their successor, explicitly and visibly, from the same predecessor table as
``--include-predecessors`` (:func:`armsledger.actors.predecessors`): "Russia incl. Soviet
Union", "Czechia incl. Czechoslovakia", "Germany incl. East Germany (GDR)", "Serbia incl.
Yugoslavia". A predecessor with several successors (Czechoslovakia: Czechia and Slovakia) is
counted with the first successor in the table (Czechia); a query about another successor's
origin (``--supplier Slovakia``) counts it with that one instead, and the group's name says
so. Every result lists its groups and their members (``origin_groups``).

**Licensed and local production** counts for the licensee (the deal's recipient) as units of
the licensor's (the deal's supplier's) design, flagged ``licensed``: SIPRI records such deals
with the licensor as supplier, and the flag is the deal's ``local_production`` (read from the
register's status and comments, the same flag :mod:`armsledger.analysis.licensed` reports).

**Shares** of the in-service base are given per recipient and category (and for all
categories together) by units and by TIV ("TIV, millions", SIPRI's volume measure, not money):
units of different systems are not comparable, TIV weights them. Every share is recomputed
with every service life 10 years shorter (at least 1 year) and 10 years longer
(``*_life_minus_10`` / ``*_life_plus_10``): the sensitivity of the figure to the assumption.
A recipient's *headline* is its largest origin by TIV over all categories.

**Maintenance dependence** (:func:`dependence`) is an origin group's share of each member
state's in-service base by category; the origin is the *majority* where its share is over 50%.

**Second-hand flows of a supplier's designs** (:func:`second_hand_flows`): deliveries SIPRI
marks second-hand (status 'second-hand' or 'second-hand modernised') by a supplier outside the
origin group (and known: a delivery from an unknown supplier may come from the origin itself,
so it is counted as ambiguous), attributed to the origin on one of two bases, each row saying
which, with its evidence:

- ``comment``: the deal's comments name the origin: ``ex-Soviet``, ``Soviet-made``, ``Russian
  built``, ``Soviet design``, ``of Soviet origin``, ``originally delivered by Russia`` (the
  group's members' names and adjectives). Not 'produced in X': SIPRI writes that of the
  platform an item is for ('guns for 1 destroyer produced in Yugoslavia');
- ``designation`` (an inference from the register, not a statement in it): the same
  designation (exact text, a proper name, not a generic lowercase
  one such as 'vehicle engine') is recorded in this release as delivered new by a member of the
  origin group, and by no other named supplier except the group's registered licensees of that
  designation (a group deal of it marked local production to that supplier). When any other
  named supplier delivered the designation new (a licence the register does not show, or a
  copy), the delivery is left out and counted in ``ambiguous``. Unknown suppliers name no
  origin and do not count against it. The inference follows the supplier SIPRI records, not
  the design bureau: an Antonov delivered new by the Soviet Union counts as Soviet.

Nothing else is attributed: no guessing from descriptions, families or similar names.

The in-service figures of every recipient come from one DuckDB query: it sums delivery rows
by recipient, supplier, category and designation, with the three service-life variants as
filtered sums, and the same rows by recipient, origin and category (and over all
categories) with each recipient's totals beside them; Python only divides and types the
rows (the installed base of every recipient of the bundled data takes well under 1 s,
``bench/installed_base.py``).

Limits: the base is only as complete as the release (SIPRI's registers start in 1950, so a
base long before about 1990 misses units delivered earlier, which a caveat says); units are
summed across systems of very different value (hence TIV beside them); yearly numbers of a
register release are armsledger's split of each deal's delivered number over its delivery
years (:mod:`armsledger.reconstruct`), so a boundary year can move a few units.
"""

from __future__ import annotations

import math
import re
from collections import defaultdict
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from functools import cache
from typing import Any, ClassVar, Literal

from pydantic import Field

from armsledger import TIV_UNIT
from armsledger.actors import (
    LAST_YEARS,
    ActorTable,
    classify,
    demonyms,
    is_state,
    known_names,
    last_year,
    predecessors,
)
from armsledger.analysis.common import share_pct, source_note
from armsledger.categories import CATEGORIES, canonical_category
from armsledger.errors import InvalidRequestError
from armsledger.periods import Period
from armsledger.query import FigureQuery, Scope, scope
from armsledger.results import Model, Result
from armsledger.store import Release, Store

__all__ = [
    "ALL_CATEGORIES",
    "CONSUMED_CATEGORY",
    "DEFAULT_SERVICE_LIFE",
    "MISSILE_YEARS",
    "SENSITIVITY_YEARS",
    "BaseRow",
    "DeliveredRow",
    "DependenceRow",
    "DependenceTable",
    "InstalledBase",
    "LifeAssumption",
    "OriginGroup",
    "OriginShare",
    "SecondHandFlows",
    "SecondHandRow",
    "SupplierBase",
    "dependence",
    "dependence_for",
    "installed_base",
    "installed_base_for",
    "origin_groups",
    "origin_pattern",
    "parse_service_life",
    "recent_period",
    "second_hand_flows",
    "second_hand_for",
    "service_lives",
    "supplier_base",
    "supplier_base_for",
]

# -- assumptions ------------------------------------------------------------------------------

CONSUMED_CATEGORY = "Missiles"
"""The category that is consumed, never installed: reported apart."""

DEFAULT_SERVICE_LIFE: dict[str, int] = {
    "Aircraft": 35,
    "Air-defence systems": 30,
    "Armoured vehicles": 40,
    "Artillery": 40,
    "Engines": 25,
    "Naval weapons": 30,
    "Other": 30,
    "Satellites": 15,
    "Sensors": 25,
    "Ships": 35,
}
"""Assumed service life in years per SIPRI category (assumptions, not data; see the module
docstring for the reasons). Missiles have none: they are consumed."""

LIFE_BASIS: dict[str, str] = {
    "Aircraft": "combat and transport aircraft commonly fly 30-40 years",
    "Air-defence systems": "launchers and fire units (not missiles) serve about 30 years",
    "Armoured vehicles": "tanks and APCs are often kept 40 years or more",
    "Artillery": "guns and rocket launchers are often kept 40 years or more",
    "Engines": "engines are replaced or overhauled within a platform's life",
    "Naval weapons": "ship guns and launchers, tied to hulls, often replaced in refits",
    "Other": "SIPRI's residual category: a middle value",
    "Satellites": "design lives of military satellites are about 10-15 years",
    "Sensors": "radars and sensors are upgraded or replaced within a platform's life",
    "Ships": "hulls typically serve 30-40 years",
}

SENSITIVITY_YEARS = 10
"""Every share is recomputed with every service life this many years shorter and longer."""

RECENT_YEARS = 10
"""The years to the as-of year that a supplier's overview lists licensed production and
second-hand flows for (:func:`recent_period`)."""

MISSILE_YEARS = 10
"""Default window for missiles: units and TIV delivered in this many years to the as-of year."""

MAX_LIFE = 100
ALL_CATEGORIES = "All categories"
"""The category label of figures over the whole installed base (missiles are never in it)."""

METHOD = (
    "a delivered unit counts as in service at the as-of year Y when delivery year <= Y < "
    "delivery year + the service life assumed for its SIPRI category; origin is the supplier "
    "SIPRI records (the licensor for licensed production, counted for the licensee), with "
    "predecessor states counted with their successor; shares of the in-service base by "
    "units and by TIV; missiles are consumed and reported apart; deliveries without a "
    "category are reported apart"
)

CAVEAT_RETIREMENT = (
    "SIPRI records deliveries, not retirements, losses, upgrades or re-exports: a unit counts "
    "until its delivery year plus the assumed service life even if it was lost, retired, "
    "re-exported or replaced earlier; later deals that re-export or replace it are not "
    "modelled")
CAVEAT_LIFE = (
    "service lives are armsledger's assumptions (one round figure per SIPRI category), not "
    f"data; the sensitivity columns recompute every share with each life {SENSITIVITY_YEARS} "
    "years shorter and longer")
CAVEAT_ORIGIN = (
    "origin is the supplier SIPRI records (the licensor for licensed production): a "
    "second-hand unit counts for the state that delivered it, not for the state whose "
    "industry built it (see second-hand flows); second-hand units count with a full service "
    "life from their delivery year (their age is not in the register)")
CAVEAT_SUCCESSION = (
    "a dissolved state's base ends with it (the Soviet Union in 1991, Czechoslovakia in 1992, "
    "East Germany in 1990, Yugoslavia in 1992): what it held passed to its successors, which "
    "the register does not record as deliveries, so a successor's base (Ukraine's, Belarus', "
    "Czechia's, Slovakia's) misses the stock it inherited")
CAVEAT_TIV = (
    f"TIV ({TIV_UNIT}) is SIPRI's volume measure, not money; units of different systems are "
    "not comparable, so shares are given by units and by TIV")
BASE_CAVEATS: tuple[str, ...] = (CAVEAT_RETIREMENT, CAVEAT_LIFE, CAVEAT_ORIGIN,
                                 CAVEAT_SUCCESSION, CAVEAT_TIV)

SECOND_HAND_RULE = (
    "deliveries SIPRI marks second-hand (or second-hand modernised) by a supplier outside the "
    "origin group and not unknown, counted when the deal's comments name the origin "
    "('ex-Soviet', 'Soviet-made', 'of Soviet origin', 'originally delivered by ...'; basis "
    "'comment', stated in the register), or when the same designation is recorded in the "
    "release as delivered new by the origin group and by no other named supplier except the "
    "group's registered licensees of it (basis 'designation', an inference from the register "
    "that follows the supplier SIPRI records, not the design bureau); otherwise not counted "
    "(never guessed); deliveries from unknown suppliers are counted as ambiguous")
CAVEAT_SECOND_HAND = (
    "SIPRI's register seldom names a second-hand item's original producer; deliveries whose "
    "designation another named supplier also delivered new (a licence the register does not "
    "show, or a copy) are left out and counted as ambiguous")

Basis = Literal["comment", "designation"]


class LifeAssumption(Model):
    """The service life assumed for one SIPRI category."""

    category: str
    years: int
    source: str = Field(description="'default' (armsledger's assumption) or 'override' (the "
                                    "user's)")
    basis: str = Field(description="why the default is what it is")


def parse_service_life(items: str | Iterable[str] | Mapping[str, int] | None
                       ) -> dict[str, int]:
    """User overrides of service lives: ``"aircraft=40"``, ``"aircraft=40,ships=30"``, a list
    of such items, or a mapping. Category names are taken in any spelling
    :func:`~armsledger.categories.canonical_category` accepts (an unknown one raises its
    :class:`~armsledger.errors.UnknownCategoryError`); anything else wrong (no '=', not a whole
    number of years 1-100, missiles, a category given twice) raises
    :class:`~armsledger.errors.InvalidRequestError` naming the item."""
    if items is None:
        return {}
    pairs: list[tuple[str, str, str]] = []
    if isinstance(items, Mapping):
        pairs = [(f"{k}={v}", str(k), str(v).strip()) for k, v in items.items()]
    else:
        parts = [items] if isinstance(items, str) else list(items)
        for part in parts:
            for item in str(part).split(","):
                item = item.strip()
                if not item:
                    continue
                name, sep, value = item.partition("=")
                if not sep or not name.strip() or not value.strip():
                    raise InvalidRequestError(
                        f"service life '{item}': expected CATEGORY=YEARS, e.g. aircraft=40",
                        details={"item": item})
                pairs.append((item, name.strip(), value.strip()))
    out: dict[str, int] = {}
    for item, name, value in pairs:
        category = canonical_category(name)
        assert category is not None
        if category == CONSUMED_CATEGORY:
            raise InvalidRequestError(
                f"service life '{item}': missiles are consumed, not installed; they are "
                "reported apart as deliveries in a window of years (missile_years, "
                "--missile-years)", details={"item": item})
        years = int(value) if value.isascii() and value.isdigit() else -1
        if not 1 <= years <= MAX_LIFE:
            raise InvalidRequestError(
                f"service life '{item}': the years must be a whole number from 1 to "
                f"{MAX_LIFE}", details={"item": item})
        if category in out and out[category] != years:
            raise InvalidRequestError(
                f"service life '{item}': {category} is given twice", details={"item": item})
        out[category] = years
    return out


def service_lives(overrides: str | Iterable[str] | Mapping[str, int] | None = None
                  ) -> list[LifeAssumption]:
    """The service lives in use: the defaults with the user's overrides (see
    :func:`parse_service_life`), one per category that is installed (missiles are not)."""
    given = parse_service_life(overrides)
    return [LifeAssumption(category=c, years=given.get(c, DEFAULT_SERVICE_LIFE[c]),
                           source="override" if c in given else "default",
                           basis=LIFE_BASIS[c])
            for c in CATEGORIES if c != CONSUMED_CATEGORY]


ServiceLifeArg = str | Iterable[str] | Mapping[str, int] | None
"""What the functions accept as ``service_life``: overrides as :func:`parse_service_life`
reads them, or None for the defaults."""

# -- origin groups ----------------------------------------------------------------------------


class OriginGroup(Model):
    """An origin group: a supplier with its predecessor states counted explicitly."""

    origin: str = Field(description="the group's name, e.g. 'Russia incl. Soviet Union'")
    members: list[str] = Field(description="SIPRI names of the suppliers counted in it")


@cache
def _successors() -> dict[str, tuple[str, ...]]:
    """Predecessor -> its successors in table order (``Czechoslovakia`` -> Czechia,
    Slovakia)."""
    out: dict[str, list[str]] = defaultdict(list)
    for name in known_names():
        for p in predecessors(name):
            out[p].append(name)
    return {k: tuple(v) for k, v in out.items()}


def _label(head: str, members: Sequence[str]) -> str:
    rest = [m for m in members if m != head]
    return f"{head} incl. {', '.join(rest)}" if rest else head


def origin_groups(names: Iterable[str], focus: str | None = None) -> dict[str, str]:
    """Supplier SIPRI name -> origin group name, for every name in ``names``.

    A predecessor state counts with its successor ("Russia incl. Soviet Union"); one with
    several successors with the first in the table, unless ``focus`` (a SIPRI name: the origin
    a query is about) is one of them, in which case with ``focus``. Any other name is its own
    group. A group's name lists every predecessor that counts with it, whether or not it
    appears in ``names``."""
    successors = _successors()

    def head(name: str) -> str:
        heads = successors.get(name)
        if not heads:
            return name
        return focus if focus in heads else heads[0]

    def label(h: str) -> str:
        return _label(h, [h, *(p for p in predecessors(h) if head(p) == h)])

    return {name: label(head(name)) for name in names}


def _group_of(store: Store, release: Release, focus: str | None) -> dict[str, str]:
    table = ActorTable.of(store, release)
    names = [a.sipri_name for a in table.actors]
    return origin_groups(names, focus)


def _focus(sc: Scope) -> str:
    """The origin a query is about (``query.supplier``): the SIPRI name its group is named
    after (a predecessor's successor: 'Soviet Union' -> Russia)."""
    subject = sc.actor_set("exporter")
    if subject.is_group:
        raise InvalidRequestError(
            f"'{subject.label}' is a group: the origin must be one supplier (a state and its "
            "predecessors), e.g. Russia")
    name = subject.names[0]
    heads = _successors().get(name)
    return heads[0] if heads else name


# -- typed results ----------------------------------------------------------------------------


class BaseRow(Model):
    """Units of one designation from one supplier still counted in service at the as-of
    year, with the deliveries behind them."""

    recipient: str
    origin: str = Field(description="origin group, e.g. 'Russia incl. Soviet Union'")
    supplier: str = Field(description="SIPRI's supplier (the licensor for licensed production)")
    category: str
    designation: str | None
    description: str | None
    licensed: bool = Field(description="licensed/local production: built by the recipient "
                                       "(licensee) to the supplier's (licensor's) design")
    second_hand: bool = Field(description="SIPRI's status is second-hand (or modernised)")
    units: int = Field(description="units delivered and still counted in service")
    tiv: float = Field(description=f"{TIV_UNIT} of those units as delivered")
    delivery_years: list[int]
    counted_until: int = Field(description="the last as-of year any of these units counts "
                                           "(latest delivery year + service life - 1)")
    deal_ids: list[str]


class DeliveredRow(Model):
    """Deliveries reported apart from the base (missiles, or no known category), in a window
    of years to the as-of year."""

    recipient: str
    origin: str
    supplier: str
    category: str | None
    designation: str | None
    description: str | None
    licensed: bool
    units: int
    tiv: float = Field(description=TIV_UNIT)
    delivery_years: list[int]
    deal_ids: list[str]


class OriginShare(Model):
    """An origin group's part of one recipient's in-service base in one category (or all)."""

    recipient: str
    category: str = Field(description=f"a SIPRI category, or '{ALL_CATEGORIES}'")
    origin: str
    units: int
    tiv: float = Field(description=TIV_UNIT)
    units_share_pct: float | None = Field(description="per cent of the recipient's units in "
                                                      "service in the category")
    tiv_share_pct: float | None = Field(description="per cent of the recipient's TIV in "
                                                    "service in the category")
    units_share_pct_life_minus_10: float | None
    units_share_pct_life_plus_10: float | None
    tiv_share_pct_life_minus_10: float | None
    tiv_share_pct_life_plus_10: float | None
    deal_ids: list[str]


class _Assumptions(Model):
    as_of: int
    release: str
    source: str
    unit: str
    category: str | None = Field(description="the category asked for (None: all)")
    service_life: list[LifeAssumption]
    sensitivity_years: int
    method: str
    caveats: list[str]
    warnings: list[str]


class InstalledBase(_Assumptions, Result):
    """``armsledger base RECIPIENT``: the estimated in-service base of one or more recipients
    by origin, category and designation (see the module docstring for the method)."""

    main_table: ClassVar[str | None] = "rows"
    label: str = Field(description="what was asked for: a state or a group's name")
    recipients: list[str]
    origin_groups: list[OriginGroup]
    rows: list[BaseRow]
    shares: list[OriginShare]
    headline: list[OriginShare] = Field(
        description="per recipient, its largest origin by TIV over the whole base (or the "
                    "category asked for), with the sensitivity to service life")
    units: int
    tiv: float
    missile_window: str = Field(description="the years of the missiles reported apart")
    missiles: list[DeliveredRow]
    uncategorised: list[DeliveredRow] = Field(
        description="deliveries without a known category in the longest service life before "
                    "the as-of year: not in the base")
    uncategorised_tiv: float
    uncategorised_units: int


class DependenceRow(Model):
    """One origin's part of one recipient's in-service base in a category (or all)."""

    recipient: str
    category: str
    origin: str
    origin_units: int
    origin_tiv: float = Field(description=TIV_UNIT)
    total_units: int
    total_tiv: float = Field(description=TIV_UNIT)
    units_share_pct: float | None
    tiv_share_pct: float | None
    units_share_pct_life_minus_10: float | None
    units_share_pct_life_plus_10: float | None
    tiv_share_pct_life_minus_10: float | None
    tiv_share_pct_life_plus_10: float | None
    majority_units: bool = Field(description="the origin has over 50% of the units")
    majority_tiv: bool = Field(description="the origin has over 50% of the TIV")
    largest_origin: str | None = Field(description="the largest origin by TIV")
    deal_ids: list[str] = Field(description="deals behind the origin's units in service")


class SupplierBase(_Assumptions, Result):
    """``armsledger base --supplier S [--region R]``: each recipient's in-service base of the
    supplier's origin group and its share of the recipient's whole base."""

    main_table: ClassVar[str | None] = "rows"
    origin: str
    origin_members: list[str]
    within: str | None = Field(description="the region or bloc of recipients (None: all)")
    rows: list[DependenceRow]
    units: int
    tiv: float
    majority_recipients: list[str] = Field(
        description="recipients where the origin is over 50% of the base's TIV")


class DependenceTable(_Assumptions, Result):
    """``armsledger base --region R --origin O``: for each member state and category, the
    origin's share of its in-service base and whether it is the majority."""

    main_table: ClassVar[str | None] = "rows"
    group: str
    members: list[str]
    origin: str
    origin_members: list[str]
    rows: list[DependenceRow]
    shares: list[OriginShare] = Field(description="every origin group's shares")
    majority_states: list[str] = Field(
        description=f"members where the origin is over 50% of the TIV of the whole base "
                    f"('{ALL_CATEGORIES}')")


class SecondHandRow(Model):
    """A second-hand delivery of the origin's design by a third party."""

    deal_id: str
    supplier: str = Field(description="the re-exporter")
    supplier_kind: str
    recipient: str
    designation: str | None
    description: str | None
    category: str | None
    status: str | None
    order_year: int | None
    units: int = Field(description="units delivered in the period")
    tiv: float = Field(description=f"{TIV_UNIT} delivered in the period")
    delivery_years: list[int]
    basis: str = Field(description="'comment' or 'designation' (see rule)")
    evidence: str = Field(description="the comment, or the origin's new deliveries of the "
                                      "designation")
    evidence_deal_ids: list[str] = Field(
        description="for 'designation': up to 10 of the origin's deals of it (new)")
    comments: str | None


class SecondHandFlows(Result):
    """``armsledger base --supplier S --second-hand``."""

    main_table: ClassVar[str | None] = "rows"
    origin: str
    origin_members: list[str]
    within: str | None
    period: str
    release: str
    source: str
    unit: str
    rule: str
    rows: list[SecondHandRow]
    units: int
    tiv: float
    re_exporters: list[str]
    ambiguous: int = Field(description="second-hand deliveries (deals) of designations the "
                                       "origin delivered new but another named supplier did "
                                       "too: left out")
    caveats: list[str]
    warnings: list[str]


# -- the query --------------------------------------------------------------------------------

_BASE_SQL = """
WITH life AS (SELECT unnest($cats) AS category, unnest($lives) AS life),
grp AS (SELECT unnest($sup) AS supplier, unnest($grp) AS origin),
rows AS (
    SELECT d.recipient, coalesce(g.origin, d.supplier) AS origin, d.supplier, d.category,
           d.designation, d.description, coalesce(d.local_production, false) AS licensed,
           coalesce(d.status LIKE 'second-hand%', false) AS second_hand, d.deal_id, v.year,
           coalesce(v.number, 0) AS units, coalesce(v.tiv, 0) AS tiv,
           CASE WHEN d.category IS NULL THEN 2 WHEN d.category = $consumed THEN 1 ELSE 0 END
             AS part,
           CASE WHEN d.category IS NULL THEN $longest WHEN d.category = $consumed THEN $mw
                ELSE l.life END AS h0,
           CASE WHEN d.category IS NULL OR d.category = $consumed THEN 0
                ELSE greatest(l.life - $s, 1) END AS hm,
           CASE WHEN d.category IS NULL OR d.category = $consumed THEN 0
                ELSE l.life + $s END AS hp
    FROM deliveries v
    JOIN deals d ON d.release_id = v.release_id AND d.deal_id = v.deal_id
    LEFT JOIN life l ON l.category = d.category
    LEFT JOIN grp g ON g.supplier = d.supplier
    WHERE v.release_id = $r AND v.year <= $y AND v.year > $y - $window {where}
),
agg AS MATERIALIZED (
    SELECT part, recipient, origin, supplier, category, designation, description, licensed,
           second_hand,
           coalesce(sum(units) FILTER (WHERE year + h0 > $y), 0) AS u0,
           coalesce(sum(units) FILTER (WHERE year + hm > $y), 0) AS um,
           coalesce(sum(units) FILTER (WHERE year + hp > $y), 0) AS up,
           coalesce(fsum(tiv) FILTER (WHERE year + h0 > $y), 0) AS t0,
           coalesce(fsum(tiv) FILTER (WHERE year + hm > $y), 0) AS tm,
           coalesce(fsum(tiv) FILTER (WHERE year + hp > $y), 0) AS tp,
           list(DISTINCT year ORDER BY year) FILTER (WHERE year + h0 > $y) AS years,
           list(DISTINCT deal_id ORDER BY deal_id) FILTER (WHERE year + h0 > $y) AS ids,
           max(year + h0 - 1) FILTER (WHERE year + h0 > $y) AS until
    FROM rows
    WHERE year + greatest(h0, hp) > $y
    GROUP BY ALL
),
cells AS (
    SELECT recipient, origin, coalesce(category, $all) AS category,
           sum(u0) AS u0, sum(um) AS um, sum(up) AS up,
           fsum(t0) AS t0, fsum(tm) AS tm, fsum(tp) AS tp,
           list_sort(list_distinct(flatten(list(ids) FILTER (WHERE ids IS NOT NULL)))) AS ids
    FROM agg WHERE part = 0
    GROUP BY GROUPING SETS ({sets})
)
SELECT 0 AS kind, part, recipient, origin, supplier, category, designation, description,
       licensed, second_hand, u0, um, up, t0, tm, tp, years, ids, until,
       NULL, NULL, NULL, NULL, NULL, NULL
FROM agg WHERE u0 <> 0 OR t0 <> 0
UNION ALL
SELECT 1, 0, recipient, origin, NULL, category, NULL, NULL, NULL, NULL,
       u0, um, up, t0, tm, tp, NULL, ids, NULL,
       sum(u0) OVER w, sum(um) OVER w, sum(up) OVER w,
       fsum(t0) OVER w, fsum(tm) OVER w, fsum(tp) OVER w
FROM cells
WINDOW w AS (PARTITION BY recipient, category)
"""
"""Every delivery of the recipients in the window that may count, summed in DuckDB (kind 0)
by recipient, origin, supplier, category and designation: units and TIV in service with the
assumed lives (0), 10 years shorter (m) and longer (p); part 0 is the base, 1 missiles, 2 no
category. Kind 1: the base summed by recipient, origin and category (and over all
categories), with the recipient's totals of the category beside each."""


@dataclass(slots=True)
class _Cell:
    """One origin's part of one recipient's base in a category: units and TIV at the three
    service-life variants (0, -10, +10), the recipient's totals, and the deal ids."""

    origin: str
    u: tuple[int, int, int]
    t: tuple[float, float, float]
    tu: tuple[int, int, int]
    tt: tuple[float, float, float]
    ids: list[str]

    @property
    def live(self) -> bool:
        return bool(self.u[0]) or bool(self.t[0])


@dataclass(slots=True)
class _Computed:
    """The rows of one query: base rows, missiles, uncategorised deliveries, share cells."""

    rows: list[BaseRow] = field(default_factory=list)
    missiles: list[DeliveredRow] = field(default_factory=list)
    uncategorised: list[DeliveredRow] = field(default_factory=list)
    cells: dict[tuple[str, str], list[_Cell]] = field(default_factory=dict)


def _compute(store: Store, release: Release, recipients: list[str] | None, as_of: int,
             lives: list[LifeAssumption], category: str | None, groups: dict[str, str],
             missile_years: int) -> _Computed:
    cats = [a.category for a in lives]
    years = [a.years for a in lives]
    longest = max(years)
    where = ""
    params: dict[str, Any] = {
        "r": release.release_id, "y": as_of, "cats": cats, "lives": years,
        "sup": list(groups), "grp": list(groups.values()), "consumed": CONSUMED_CATEGORY,
        "longest": longest, "mw": missile_years, "s": SENSITIVITY_YEARS,
        "window": max(longest + SENSITIVITY_YEARS, missile_years), "all": ALL_CATEGORIES}
    if recipients is not None:
        where += " AND d.recipient IN (SELECT unnest($names))"
        params["names"] = recipients
    gone = _gone(as_of)
    if gone:  # a dissolved state holds nothing after its last year
        where += " AND d.recipient NOT IN (SELECT unnest($gone))"
        params["gone"] = gone
    if category is not None:
        where += " AND (d.category = $cat OR d.category IS NULL)"
        params["cat"] = category
    sets = "(recipient, origin, category)" + (
        "" if category is not None else ", (recipient, origin)")
    out = _Computed()
    for (kind, part, recipient, origin, supplier, cat, designation, description, licensed,
         second_hand, u0, um, up, t0, tm, tp, yrs, ids, until, tu0, tum, tup, tt0, ttm,
         ttp) in store.execute(_BASE_SQL.format(where=where, sets=sets), params):
        if kind == 1:
            out.cells.setdefault((recipient, cat), []).append(_Cell(
                origin, (int(u0), int(um), int(up)), (float(t0), float(tm), float(tp)),
                (int(tu0), int(tum), int(tup)), (float(tt0), float(ttm), float(ttp)),
                ids or []))
        elif part == 0:
            out.rows.append(BaseRow.model_construct(
                recipient=recipient, origin=origin, supplier=supplier, category=cat,
                designation=designation, description=description, licensed=licensed,
                second_hand=second_hand, units=int(u0), tiv=float(t0),
                delivery_years=yrs or [], counted_until=int(until), deal_ids=ids or []))
        else:
            (out.missiles if part == 1 else out.uncategorised).append(
                DeliveredRow.model_construct(
                    recipient=recipient, origin=origin, supplier=supplier, category=cat,
                    designation=designation, description=description, licensed=licensed,
                    units=int(u0), tiv=float(t0), delivery_years=yrs or [],
                    deal_ids=ids or []))
    for rows in (out.rows, out.missiles, out.uncategorised):
        rows.sort(key=lambda r: (r.recipient, -r.tiv, r.origin, r.designation or ""))
    return out


def _share_cells(comp: _Computed, recipient: str, cat: str) -> list[OriginShare]:
    out = [OriginShare.model_construct(
        recipient=recipient, category=cat, origin=c.origin, units=c.u[0], tiv=c.t[0],
        units_share_pct=share_pct(c.u[0], c.tu[0]),
        tiv_share_pct=share_pct(c.t[0], c.tt[0]),
        units_share_pct_life_minus_10=share_pct(c.u[1], c.tu[1]),
        units_share_pct_life_plus_10=share_pct(c.u[2], c.tu[2]),
        tiv_share_pct_life_minus_10=share_pct(c.t[1], c.tt[1]),
        tiv_share_pct_life_plus_10=share_pct(c.t[2], c.tt[2]),
        deal_ids=c.ids) for c in comp.cells.get((recipient, cat), ())
        if any(c.u) or any(c.t)]  # an origin there only with longer lives is shown too
    out.sort(key=lambda s: (-s.tiv, -s.units, s.origin))
    return out


def recent_period(as_of: int) -> Period:
    """The :data:`RECENT_YEARS` years to ``as_of``: the period of a supplier overview's lists
    (licensed production, second-hand flows) beside its base at ``as_of``."""
    return Period(max(as_of - RECENT_YEARS + 1, 1900), as_of)


def _gone(as_of: int) -> list[str]:
    """Historical states that no longer existed at ``as_of`` (:data:`~armsledger.actors.
    LAST_YEARS`)."""
    return sorted(n for n, y in LAST_YEARS.items() if y < as_of)


def _dissolved(names: Sequence[str] | None, as_of: int, *, alone: bool) -> list[str]:
    """A warning naming the asked-for recipients that no longer existed at ``as_of``; asked
    for alone, the project's error (a dissolved state has no base after its last year)."""
    ended = [(n, last_year(n)) for n in names or () if n in _gone(as_of)]
    if not ended:
        return []
    if alone and len(ended) == len(names or ()):
        name, year = ended[0]
        raise InvalidRequestError(
            f"{name} existed until {year}: its base is not estimated after that (what it held "
            "passed to its successors, which the register does not record); give an as-of "
            f"year up to {year}")
    return [f"not counted at {as_of}, dissolved before then: "
            + ", ".join(f"{n} (until {y})" for n, y in ended)]


def _cat_order(cat: str) -> tuple[int, str]:
    return (0 if cat == ALL_CATEGORIES else 1, cat)


def _shares(comp: _Computed) -> list[OriginShare]:
    out: list[OriginShare] = []
    for recipient, cat in sorted(comp.cells, key=lambda k: (k[0], *_cat_order(k[1]))):
        out += _share_cells(comp, recipient, cat)
    return out


def _dependence_row(comp: _Computed, recipient: str, cat: str, origin: str
                    ) -> DependenceRow | None:
    cells = comp.cells.get((recipient, cat))
    if not cells:
        return None
    tu, tt = cells[0].tu, cells[0].tt
    if not tu[0] and not tt[0]:
        return None
    empty = _Cell(origin, (0, 0, 0), (0.0, 0.0, 0.0), tu, tt, [])
    c = next((x for x in cells if x.origin == origin), empty)
    live = [x for x in cells if x.live]
    largest = min(live, key=lambda x: (-x.t[0], -x.u[0], x.origin)).origin if live else None
    us, ts = share_pct(c.u[0], tu[0]), share_pct(c.t[0], tt[0])
    return DependenceRow.model_construct(
        recipient=recipient, category=cat, origin=origin, origin_units=c.u[0],
        origin_tiv=c.t[0], total_units=tu[0], total_tiv=tt[0],
        units_share_pct=us, tiv_share_pct=ts,
        units_share_pct_life_minus_10=share_pct(c.u[1], tu[1]),
        units_share_pct_life_plus_10=share_pct(c.u[2], tu[2]),
        tiv_share_pct_life_minus_10=share_pct(c.t[1], tt[1]),
        tiv_share_pct_life_plus_10=share_pct(c.t[2], tt[2]),
        majority_units=us is not None and us > 50.0,
        majority_tiv=ts is not None and ts > 50.0,
        largest_origin=largest, deal_ids=c.ids)


def _groups_list(groups: dict[str, str], used: Iterable[str]) -> list[OriginGroup]:
    members: dict[str, list[str]] = defaultdict(list)
    for name, origin in groups.items():
        members[origin].append(name)
    wanted = set(used)
    return [OriginGroup(origin=o, members=sorted(m)) for o, m in sorted(members.items())
            if o in wanted and (len(m) > 1 or " incl. " in o)]


def _caveats(store: Store, release: Release, as_of: int, lives: list[LifeAssumption],
             comp: _Computed | None = None) -> tuple[list[str], list[str]]:
    caveats = list(BASE_CAVEATS)
    warnings: list[str] = []
    cov = store.coverage(release)
    longest = max(a.years for a in lives)
    if cov.first_year is not None and as_of - longest - SENSITIVITY_YEARS < cov.first_year - 1:
        caveats.append(
            f"release '{release.name}' has deliveries from {cov.first_year}: units delivered "
            f"before then are not counted, so the base at {as_of} may be understated for the "
            "longer-lived categories")
    if cov.last_year is not None and as_of > cov.last_year:
        warnings.append(f"release '{release.name}' has deliveries to {cov.last_year}: "
                        f"deliveries after {cov.last_year} are not counted at {as_of}")
    if comp is not None and comp.uncategorised:
        u_tiv = math.fsum(r.tiv for r in comp.uncategorised)
        b_tiv = math.fsum(r.tiv for r in comp.rows)
        descriptions: dict[str, float] = defaultdict(float)
        for r in comp.uncategorised:
            descriptions[r.description or "no description"] += r.tiv
        top = sorted(descriptions, key=lambda d: (-descriptions[d], d))[:3]
        caveats.append(
            f"{len(comp.uncategorised)} rows of deliveries in {as_of - longest + 1}-{as_of} "
            f"({_fmt(u_tiv)} {TIV_UNIT}, {_fmt(share_pct(u_tiv, u_tiv + b_tiv) or 0.0)}% of "
            "the TIV in service plus these) have no known SIPRI category in this release "
            f"(e.g. '{', '.join(top)}'): they are not in the base (they could be missiles) "
            "and are listed under 'uncategorised'")
    return caveats, warnings


def _fmt(value: float) -> str:
    return f"{value:,.0f}" if abs(value) >= 10 else f"{value:,.1f}"


def _check_year(as_of: int) -> int:
    Period(as_of, as_of)  # the same year bounds as any period (BadPeriodError)
    return as_of


def _check_missile_years(missile_years: int) -> int:
    if not 1 <= missile_years <= MAX_LIFE:
        raise InvalidRequestError(f"missile_years {missile_years}: expected 1 to {MAX_LIFE}")
    return missile_years


def _common(store: Store, release: Release, as_of: int, category: str | None,
            lives: list[LifeAssumption], caveats: list[str], warnings: list[str]
            ) -> dict[str, Any]:
    return dict(as_of=as_of, release=release.name, source=source_note(release), unit=TIV_UNIT,
                category=category, service_life=lives, sensitivity_years=SENSITIVITY_YEARS,
                method=METHOD, caveats=caveats, warnings=warnings)


# -- the library's functions ------------------------------------------------------------------


def installed_base(store: Store, release: Release, recipients: list[str] | None, as_of: int,
                   *, service_life: ServiceLifeArg = None, category: str | None = None,
                   focus: str | None = None, missile_years: int = MISSILE_YEARS,
                   label: str | None = None, warnings: Sequence[str] = ()) -> InstalledBase:
    """The estimated in-service base at ``as_of`` of ``recipients`` (SIPRI names; None: every
    recipient of the release) by origin group, category and designation, with shares by units
    and TIV, their sensitivity to service life, missiles and uncategorised deliveries apart
    (see the module docstring). ``category`` (any spelling) limits the base to one category;
    ``focus`` (a SIPRI supplier name) decides the group of a predecessor with several
    successors."""
    _check_year(as_of)
    _check_missile_years(missile_years)
    category = canonical_category(category)
    lives = service_lives(service_life)
    groups = _group_of(store, release, focus)
    ended = _dissolved(recipients, as_of, alone=True)
    comp = _compute(store, release, recipients, as_of, lives, category, groups, missile_years)
    shares = _shares(comp)
    top_cat = category or ALL_CATEGORIES
    headline: list[OriginShare] = []
    for s in shares:
        if s.category == top_cat and (not headline or headline[-1].recipient != s.recipient):
            headline.append(s)  # shares are sorted by recipient, then TIV: the first is largest
    caveats, more = _caveats(store, release, as_of, lives, comp)
    used = {r.origin for r in comp.rows} | {r.origin for r in comp.missiles}
    names = sorted({r.recipient for r in comp.rows}) if recipients is None else recipients
    return InstalledBase(
        **_common(store, release, as_of, category, lives, caveats,
                  [*warnings, *ended, *more]),
        label=label or (names[0] if len(names) == 1 else f"{len(names)} recipients"),
        recipients=names,
        origin_groups=_groups_list(groups, used),
        rows=comp.rows, shares=shares, headline=headline,
        units=sum(r.units for r in comp.rows), tiv=math.fsum(r.tiv for r in comp.rows),
        missile_window=f"{as_of - missile_years + 1}-{as_of}", missiles=comp.missiles,
        uncategorised=comp.uncategorised,
        uncategorised_tiv=math.fsum(r.tiv for r in comp.uncategorised),
        uncategorised_units=sum(r.units for r in comp.uncategorised))


def _origin_label(groups: dict[str, str], head: str) -> tuple[str, list[str]]:
    """The group name of ``head`` and its members (those in the release; the head itself even
    when the release has only its predecessor)."""
    label = origin_groups([head], focus=head)[head]
    return label, sorted({head, *(n for n, g in groups.items() if g == label)})


def supplier_base(store: Store, release: Release, origin: str, as_of: int, *,
                  recipients: list[str] | None = None, within: str | None = None,
                  service_life: ServiceLifeArg = None, category: str | None = None,
                  warnings: Sequence[str] = ()) -> SupplierBase:
    """For the origin group of ``origin`` (a SIPRI supplier name, predecessors counted with
    it), each recipient's in-service base of that origin at ``as_of`` and its share of the
    recipient's whole base (or of the category asked for), biggest first. ``recipients``
    limits the recipients (``within`` names that group)."""
    _check_year(as_of)
    category = canonical_category(category)
    lives = service_lives(service_life)
    groups = _group_of(store, release, origin)
    label, members = _origin_label(groups, origin)
    ended = _dissolved(recipients, as_of, alone=False)
    comp = _compute(store, release, recipients, as_of, lives, category, groups, MISSILE_YEARS)
    cat = category or ALL_CATEGORIES
    rows = [row for r in sorted({k[0] for k in comp.cells})
            if (row := _dependence_row(comp, r, cat, label)) is not None
            and (row.origin_units or row.origin_tiv)]
    rows.sort(key=lambda r: (-r.origin_tiv, -r.origin_units, r.recipient))
    caveats, more = _caveats(store, release, as_of, lives, comp)
    return SupplierBase(
        **_common(store, release, as_of, category, lives, caveats,
                  [*warnings, *ended, *more]),
        origin=label, origin_members=members, within=within, rows=rows,
        units=sum(r.origin_units for r in rows), tiv=math.fsum(r.origin_tiv for r in rows),
        majority_recipients=sorted(r.recipient for r in rows if r.majority_tiv))


def dependence(store: Store, release: Release, members: list[str], origin: str, as_of: int,
               *, group: str | None = None, service_life: ServiceLifeArg = None,
               category: str | None = None, warnings: Sequence[str] = ()) -> DependenceTable:
    """The dependence table of ``members`` (SIPRI names of a region's or bloc's states) on the
    origin group of ``origin`` at ``as_of``: for each member with an in-service base and each
    category (and all together), the origin's share by units and TIV, whether it is the
    majority, the largest origin, and the deal ids behind the origin's units."""
    _check_year(as_of)
    category = canonical_category(category)
    lives = service_lives(service_life)
    groups = _group_of(store, release, origin)
    label, origin_members = _origin_label(groups, origin)
    ended = _dissolved(members, as_of, alone=True)
    members = [m for m in members if m not in _gone(as_of)]
    comp = _compute(store, release, members, as_of, lives, category, groups, MISSILE_YEARS)
    rows = [row for (r, c) in sorted(comp.cells, key=lambda k: (k[0], *_cat_order(k[1])))
            if (row := _dependence_row(comp, r, c, label)) is not None]
    top = category or ALL_CATEGORIES
    caveats, more = _caveats(store, release, as_of, lives, comp)
    return DependenceTable(
        **_common(store, release, as_of, category, lives, caveats,
                  [*warnings, *ended, *more]),
        group=group or ", ".join(members), members=members, origin=label,
        origin_members=origin_members, rows=rows, shares=_shares(comp),
        majority_states=sorted(r.recipient for r in rows if r.category == top
                               and r.majority_tiv and is_state(classify(r.recipient).kind)))


# -- second-hand flows ------------------------------------------------------------------------

_HISTORICAL_ADJECTIVES = {
    "Soviet Union": ("Soviet", "USSR"),
    "Czechoslovakia": ("Czechoslovak", "Czechoslovakian"),
    "Yugoslavia": ("Yugoslav", "Yugoslavian"),
    "East Germany (GDR)": ("East German", "GDR"),
}
"""Words that name a historical state's industry (its table has no demonyms for them)."""


def _origin_words(members: Sequence[str]) -> list[str]:
    """Names and adjectives of the group's members as the register writes them."""
    table = ActorTable.packaged()
    words: list[str] = []
    by_iso: dict[str, list[str]] = defaultdict(list)
    for name, iso3 in demonyms().items():
        if iso3 and "-" not in name:
            by_iso[iso3].append(name)
    for m in members:
        who = table.get(m) or classify(m)
        words += [m, who.name, *_HISTORICAL_ADJECTIVES.get(m, ())]
        if who.iso3:
            words += by_iso.get(who.iso3, [])
    if "United States" in members:
        words += ["USA", "US", "American"]
    return sorted(set(words), key=lambda w: (-len(w), w))


def origin_pattern(members: Sequence[str]) -> str:
    """The regular expression (DuckDB/RE2 and Python alike) of comments that name the
    group's industry as a second-hand item's origin (see the module docstring)."""
    alt = "|".join(re.escape(w) for w in _origin_words(members))
    w = rf"(?:the )?(?:{alt})"
    forms = [
        rf"\bex-(?:{alt})\b",
        rf"\b(?:{alt})[- ](?:made|built|produced|designed|design|manufactured|origin)\b",
        rf"\bof {w} (?:origin|design|manufacture|production)\b",
        rf"\boriginally (?:delivered|supplied|sold|transferred) (?:by|from) {w}\b",
    ]
    return "(?i)(?:" + "|".join(forms) + ")"


_SECOND_HAND_SQL = """
WITH g AS (SELECT unnest($g) AS supplier),
newd AS (
    SELECT designation, supplier, recipient, coalesce(local_production, false) AS lp, deal_id
    FROM deals
    WHERE release_id = $r AND status = 'new' AND designation IS NOT NULL
),
origin_new AS (
    SELECT designation, list(DISTINCT deal_id ORDER BY deal_id) AS ids
    FROM newd WHERE supplier IN (SELECT supplier FROM g) GROUP BY designation
),
licensees AS (
    SELECT DISTINCT designation, recipient AS licensee
    FROM newd WHERE supplier IN (SELECT supplier FROM g) AND lp
),
others AS (
    SELECT DISTINCT n.designation
    FROM newd n LEFT JOIN licensees l ON l.designation = n.designation AND l.licensee = n.supplier
    LEFT JOIN actors a ON a.sipri_name = n.supplier
    WHERE n.supplier NOT IN (SELECT supplier FROM g) AND l.licensee IS NULL
      AND coalesce(a.kind, 'unknown') <> 'unknown'
),
sh AS (
    SELECT d.deal_id, d.supplier, coalesce(a.kind, 'unknown') AS kind, d.recipient,
           d.designation, d.description, d.category, d.status, d.order_year, d.comments,
           regexp_matches(coalesce(d.comments, ''), $pattern) AS by_comment,
           o.ids AS origin_ids,
           x.designation IS NOT NULL AS ambiguous,
           d.designation IS NOT NULL AND d.designation <> lower(d.designation) AS proper
    FROM deals d
    LEFT JOIN actors a ON a.sipri_name = d.supplier
    LEFT JOIN origin_new o ON o.designation = d.designation
    LEFT JOIN others x ON x.designation = d.designation
    WHERE d.release_id = $r AND d.status LIKE 'second-hand%'
      AND d.supplier NOT IN (SELECT supplier FROM g) {where}
)
SELECT sh.*, coalesce(sum(v.number), 0) AS units, coalesce(fsum(v.tiv), 0) AS tiv,
       list(DISTINCT v.year ORDER BY v.year) FILTER (WHERE v.year IS NOT NULL) AS years
FROM sh JOIN deliveries v ON v.release_id = $r AND v.deal_id = sh.deal_id
WHERE v.year BETWEEN $a AND $b {years}
  AND (sh.by_comment OR (sh.origin_ids IS NOT NULL AND sh.proper))
GROUP BY ALL
ORDER BY sh.supplier, sh.recipient, sh.deal_id
"""


def second_hand_flows(store: Store, release: Release, origin: str, period: Period, *,
                      recipients: list[str] | None = None, within: str | None = None,
                      bases: Sequence[Basis] = ("comment", "designation"),
                      member_years: Iterable[str] | None = None,
                      warnings: Sequence[str] = ()) -> SecondHandFlows:
    """Second-hand deliveries in ``period`` of the designs of ``origin``'s group by suppliers
    outside it, counted only where the register names the origin or its designations imply it
    (the rule in the
    module docstring; ``bases`` may limit it to 'comment'). ``member_years`` ('name:year'
    keys of a bloc's membership) keeps only deliveries to members in their member years."""
    bad = [b for b in bases if b not in ("comment", "designation")]
    if bad or not bases:
        raise InvalidRequestError(f"bases {list(bases)}: expected 'comment' and/or "
                                  "'designation'")
    groups = _group_of(store, release, origin)
    label, members = _origin_label(groups, origin)
    where = ""
    params: dict[str, Any] = {"r": release.release_id, "g": members, "a": period.start,
                              "b": period.end, "pattern": origin_pattern(members)}
    if recipients is not None:
        where = "AND d.recipient IN (SELECT unnest($names))"
        params["names"] = recipients
    years = ""
    if member_years is not None:  # a bloc: its members in each delivery year only
        years = "AND sh.recipient || ':' || v.year IN (SELECT unnest($keys))"
        params["keys"] = sorted(member_years) or [""]
    rows: list[SecondHandRow] = []
    ambiguous = 0
    sql = _SECOND_HAND_SQL.format(where=where, years=years)
    for r in store.query(sql, params).iter_rows(named=True):
        if r["kind"] == "unknown":
            ambiguous += 1  # an unknown supplier may be the origin itself
            continue
        if r["by_comment"] and "comment" in bases:
            basis, evidence, ids = "comment", r["comments"] or "", []
        elif r["origin_ids"] is not None and "designation" in bases and r["proper"]:
            if r["ambiguous"]:
                ambiguous += 1
                continue
            ids = list(r["origin_ids"])
            basis = "designation"
            evidence = (f"'{r['designation']}' delivered new by {label} in this release "
                        f"({len(ids)} deal{'s' if len(ids) != 1 else ''}) and by no other "
                        "named supplier except its registered licensees")
        else:
            continue
        rows.append(SecondHandRow(
            deal_id=r["deal_id"], supplier=r["supplier"], supplier_kind=r["kind"],
            recipient=r["recipient"], designation=r["designation"],
            description=r["description"], category=r["category"], status=r["status"],
            order_year=r["order_year"], units=int(r["units"]), tiv=float(r["tiv"]),
            delivery_years=list(r["years"] or []), basis=basis, evidence=evidence,
            evidence_deal_ids=ids[:10], comments=r["comments"]))
    return SecondHandFlows(
        origin=label, origin_members=members, within=within, period=str(period),
        release=release.name, source=source_note(release), unit=TIV_UNIT,
        rule=SECOND_HAND_RULE, rows=rows, units=sum(r.units for r in rows),
        tiv=math.fsum(r.tiv for r in rows),
        re_exporters=sorted({r.supplier for r in rows}), ambiguous=ambiguous,
        caveats=[CAVEAT_SECOND_HAND, CAVEAT_TIV], warnings=list(warnings))


# -- through a query (what every face calls) --------------------------------------------------


def _scoped(store: Store, query: FigureQuery, as_of: int | None) -> tuple[Scope, int]:
    """The query pinned to its release and the as-of year (default: the release's last
    delivery year; a year outside the release's coverage is the coverage rule's error)."""
    if as_of is not None:
        query = query.with_period(Period(_check_year(as_of), as_of), "none")
    sc = scope(store, query, default="all", compare=False)
    return sc, (as_of if as_of is not None else sc.period.end)


def _recipients_at(sc: Scope, as_of: int) -> tuple[list[str] | None, str | None]:
    """The recipients of the query (a bloc: its members at ``as_of``) and the group's name."""
    if sc.query.recipient is None:
        return None, None
    subject = sc.actor_set("importer")
    keys = subject.member_years(as_of, as_of)
    if keys is not None:
        return sorted({k.rsplit(":", 1)[0] for k in keys}), subject.label
    return list(subject.names), subject.label if subject.is_group else None


def installed_base_for(store: Store, query: FigureQuery, *, as_of: int | None = None,
                       service_life: ServiceLifeArg = None,
                       missile_years: int = MISSILE_YEARS) -> InstalledBase:
    """:func:`installed_base` of ``query.recipient`` (a state, or a region or bloc: each
    member's base) in ``query.release`` with ``query.category``."""
    if query.recipient is None:
        raise InvalidRequestError("give a recipient (a state, region or bloc)")
    sc, year = _scoped(store, query, as_of)
    names, group = _recipients_at(sc, year)
    assert names is not None
    subject = sc.actor_set("importer")
    return installed_base(store, sc.release, names, year, service_life=service_life,
                          category=query.category, missile_years=missile_years,
                          label=group or subject.label, warnings=sc.warnings)


def supplier_base_for(store: Store, query: FigureQuery, *, as_of: int | None = None,
                      service_life: ServiceLifeArg = None) -> SupplierBase:
    """:func:`supplier_base` of ``query.supplier`` (one supplier; its predecessors count with
    it), over ``query.recipient`` when given (a region or bloc), else every recipient."""
    if query.supplier is None:
        raise InvalidRequestError("give a supplier (the origin), e.g. Russia")
    sc, year = _scoped(store, query, as_of)
    head = _focus(sc)
    names, group = _recipients_at(sc, year)
    return supplier_base(store, sc.release, head, year, recipients=names,
                         within=group or (names[0] if names else None),
                         service_life=service_life, category=query.category,
                         warnings=sc.warnings)


def dependence_for(store: Store, query: FigureQuery, *, as_of: int | None = None,
                   service_life: ServiceLifeArg = None) -> DependenceTable:
    """:func:`dependence` of ``query.recipient`` (a region or bloc, or one state) on the origin
    ``query.supplier``."""
    if query.supplier is None or query.recipient is None:
        raise InvalidRequestError("give a region or bloc (recipients) and an origin "
                                  "(supplier), e.g. Africa and Russia")
    sc, year = _scoped(store, query, as_of)
    head = _focus(sc)
    names, group = _recipients_at(sc, year)
    assert names is not None
    return dependence(store, sc.release, names, head, year,
                      group=group or sc.actor_set("importer").label,
                      service_life=service_life, category=query.category,
                      warnings=sc.warnings)


def second_hand_for(store: Store, query: FigureQuery, *,
                    bases: Sequence[Basis] = ("comment", "designation")) -> SecondHandFlows:
    """:func:`second_hand_flows` of ``query.supplier``'s designs in ``query.period`` (default:
    every year of the release), to ``query.recipient`` when given."""
    if query.supplier is None:
        raise InvalidRequestError("give a supplier (the origin), e.g. Russia")
    if query.category is not None:
        raise InvalidRequestError("second-hand flows cover every category: drop --category")
    sc = scope(store, query, default="all", compare=False)
    head = _focus(sc)
    names = list(sc.recipient_set.names) if sc.recipient_set is not None else None
    group = sc.recipient_set.label if sc.recipient_set is not None else None
    members = (sc.recipient_set.member_years(sc.period.start, sc.period.end)
               if sc.recipient_set is not None else None)
    return second_hand_flows(store, sc.release, head, sc.period, recipients=names,
                             within=group or (names[0] if names else None), bases=bases,
                             member_years=members, warnings=sc.warnings)
