"""The rules of screening: how a delivery matches an embargo row, who the embargo binds, and
the caveats every hit carries. :mod:`armsledger.embargoes.screen` states them in full; this
module is their one implementation."""

from __future__ import annotations

import re
from typing import Any

import polars as pl

from armsledger.actors import STATE_KINDS
from armsledger.blocs import members, membership_table
from armsledger.embargoes.reference import Embargo

__all__ = [
    "CAVEATS",
    "HISTORICAL_SUCCESSORS",
    "STATUSES",
    "caveats",
    "covers",
    "not_screened_reason",
    "recipient_codes",
    "status",
    "status_order",
]

STATUSES: tuple[str, ...] = ("bound", "not bound", "non-mandatory", "regional")
"""Binding status of a hit, strongest first. Only ``bound`` hits are potential breaches."""

CAVEATS: tuple[str, ...] = (
    "boundary year",
    "ordered before the embargo",
    "partial scope: check the notes",
    "exemptions or suspension: check the notes",
    "licensed production",
    "non-mandatory",
    "regional",
    "not bound",
    "group target",
    "historical state",
    "supplier not a state",
    "estimated delivery year",
    "estimated yearly TIV",
)
"""The phrases every caveat string starts with."""

HISTORICAL_SUCCESSORS: dict[str, tuple[str, ...]] = {
    "YUG": ("BIH", "HRV", "MKD", "MNE", "SRB", "SVN"),
}
"""Historical states matched through their successors. SIPRI's ``Yugoslavia`` is the SFRY and,
from 1992, the Federal Republic of Yugoslavia (Serbia and Montenegro); the UN and EU
former-Yugoslavia rows (UN-YUG-1991, EU-YUG-1991, UN-FRY-1998) list successor codes, so YUG
matches a row that names any of them. The Soviet Union, Czechoslovakia, East Germany and South
Yemen are the target of no row and need no entry."""

_EXPORTS_FROM = re.compile(r"\bexports?\s+from\b", re.IGNORECASE)
_EXEMPTIONS = re.compile(
    r"exempt|approval|notif|allowed|permitted|subject to|derogation|suspen"
    r"|no longer appl",
    re.IGNORECASE,
)
"""Words in a row's notes that signal exemptions (approval/notification procedures, supplies
allowed to government forces) or a suspension."""


def status_order() -> pl.Expr:
    """The ``status`` column as its rank in :data:`STATUSES` (to sort bound first)."""
    return pl.col("status").replace_strict({s: i for i, s in enumerate(STATUSES)},
                                           return_dtype=pl.Int8)


# -- matching ---------------------------------------------------------------------------------


def not_screened_reason(e: Embargo) -> str | None:
    """Why a row cannot be screened (no location, or a ban on exports *from* the target)."""
    if not e.matchable:
        return ("group target without a location (listed persons or entities): it cannot be "
                "matched to SIPRI's actors, so it is not screened")
    if _EXPORTS_FROM.search(e.target):
        return ("the row restricts exports from the target, not deliveries to it; "
                "screening covers deliveries to targets")
    return None


def recipient_codes(iso3: str | None) -> tuple[str, ...]:
    """The codes a recipient matches rows by: its ISO3 and, for a historical state, its
    successors'."""
    if not iso3:
        return ()
    return (iso3, *HISTORICAL_SUCCESSORS.get(iso3, ()))


def covers(e: Embargo, kind: str | None) -> bool:
    """Does the row's target kind cover a recipient of this actor kind?"""
    is_state = kind in STATE_KINDS
    is_non_state = kind == "non_state"
    if e.target_kind in ("state", "state and non-state"):
        return is_state or is_non_state
    return is_non_state  # 'non-state actors in state', 'group'


# -- who is bound -----------------------------------------------------------------------------


def _eu_spells(iso3: str) -> list[tuple[int, int | None]]:
    return sorted((s, e) for b, c, s, e in membership_table() if b == "EU" and c == iso3)


def _eu_status(supplier: str, kind: str | None, iso3: str | None, year: int
               ) -> tuple[str, str | None]:
    if kind not in STATE_KINDS or not iso3:
        what = "not identified" if kind == "unknown" else "not a state"
        return "not bound", (f"not bound: {supplier} is {what}, so not an EU member state "
                             "bound by the EU embargo")
    if iso3 in members("EU", year):
        return "bound", None
    spells = _eu_spells(iso3)
    later = [s for s, _ in spells if s > year]
    earlier = [(s, e) for s, e in spells if e is not None and e < year]
    if later:
        when = f" (member from {later[0]})"
    elif earlier:
        when = f" (member {earlier[-1][0]}-{earlier[-1][1]})"
    else:
        when = ""
    return "not bound", f"not bound: {supplier} was not an EU member in {year}{when}"


def status(e: Embargo, supplier: str, kind: str | None, iso3: str | None, year: int
           ) -> tuple[str, list[str]]:
    """The hit's status (:data:`STATUSES`) and the caveat that explains a weaker one."""
    if e.imposed_by == "UN":
        if not e.mandatory:
            return "non-mandatory", ["non-mandatory: a UN call on states, not a binding "
                                     "embargo; not a violation"]
        return "bound", []
    if e.imposed_by == "EU":
        found, note = _eu_status(supplier, kind, iso3, year)
        return found, [note] if note else []
    return "regional", [f"regional: binds members of {e.imposed_by} (membership not checked "
                        "by armsledger); not reported as a violation"]


# -- caveats ----------------------------------------------------------------------------------


def caveats(e: Embargo, row: dict[str, Any]) -> list[str]:
    """The caveats of one delivery (a row of the screen's deliveries) under one embargo."""
    out: list[str] = []
    year = row["year"]
    ends = [f"start year (in force from {e.start_date})"] if year == e.start_year else []
    if e.end_year is not None and year == e.end_year:
        ends.append(f"end year (in force until {e.end_date})")
    if ends:
        out.append(f"boundary year: {year} is the embargo's {' and '.join(ends)}; SIPRI gives "
                   "delivery years only, so the delivery may fall outside the embargo")
    order = row["order_year"]
    if order is not None and order < e.start_year:
        est = " (estimated)" if row["order_year_estimated"] else ""
        out.append(f"ordered before the embargo: ordered in {order}{est}, embargo from "
                   f"{e.start_date}")
    if e.scope == "partial":
        out.append(f"partial scope: check the notes: {e.notes or '(no notes)'}")
    elif e.notes and _EXEMPTIONS.search(e.notes):
        out.append(f"exemptions or suspension: check the notes: {e.notes}")
    if row["local_production"]:
        out.append("licensed production: SIPRI marks the deal as produced (partly) in the "
                   "recipient country")
    if e.target_kind == "group":
        out.append(f"group target: the embargo covers {e.target}; check that "
                   f"{row['recipient']} is among them")
    if row["recipient_iso3"] in HISTORICAL_SUCCESSORS:
        out.append(f"historical state: {row['recipient']} ({row['recipient_iso3']}) matched "
                   f"through its successor states ({', '.join(e.target_iso3)})")
    if e.imposed_by == "UN" and row["supplier_kind"] not in STATE_KINDS:
        out.append(f"supplier not a state: {row['supplier']} ({row['supplier_kind']}); UN "
                   "embargoes oblige states to prevent such supplies")
    if row["year_estimated"]:
        out.append("estimated delivery year: SIPRI marks the delivery year as an estimate")
    if row["split_estimated"]:
        out.append("estimated yearly TIV: the register gives a deal total, split evenly over "
                   "the delivery years")
    return out
