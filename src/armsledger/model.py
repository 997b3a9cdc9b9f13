"""The canonical model: actors, deals and deliveries as typed records.

Readers in ``armsledger.sources`` produce these (as columns of a DataFrame for speed);
the store keeps them; analysis reads them. This module does no I/O.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from enum import StrEnum


class ActorKind(StrEnum):
    """What a SIPRI supplier or recipient is. Only ``STATE`` counts as a state."""

    STATE = "state"
    HISTORICAL_STATE = "historical_state"
    NON_STATE = "non_state"
    ORGANISATION = "organisation"
    UNKNOWN = "unknown"


class Status(StrEnum):
    """Condition of the weapons when transferred (SIPRI's ``status``)."""

    NEW = "new"
    SECOND_HAND = "second-hand"
    SECOND_HAND_MODERNISED = "second-hand modernised"


class SourceFormat(StrEnum):
    """The real file formats armsledger reads (detected from content, not file name)."""

    DELIVERY_YEAR = "sipri-delivery-year"
    """One row per deal and delivery year with SIPRI deal ids (SIPRI's newer web interface)."""
    TRADE_REGISTER = "sipri-trade-register"
    """One row per deal, years of delivery as a '; ' list, '?' flags in blank-named columns."""
    TIV_TABLE = "sipri-tiv-table"
    """Yearly TIV of imports or exports per actor (SIPRI's importer/exporter tables)."""


@dataclass(frozen=True, slots=True)
class Actor:
    """A supplier or recipient. ``sipri_name`` is SIPRI's own spelling, kept as is."""

    sipri_name: str
    name: str
    kind: ActorKind
    iso3: str | None = None
    region: str | None = None
    subregion: str | None = None


@dataclass(frozen=True, slots=True)
class Delivery:
    """Weapons of one deal delivered in one year."""

    deal_id: str
    year: int
    number: int | None
    tiv: float | None
    number_estimated: bool = False
    year_estimated: bool = False
    split_estimated: bool = False
    """True when ``tiv``/``number`` were split from a deal-level total over its delivery years."""


@dataclass(frozen=True, slots=True)
class Deal:
    """One arms-transfer deal (order) between a supplier and a recipient."""

    deal_id: str
    supplier: str
    recipient: str
    order_year: int | None
    order_year_estimated: bool
    number_ordered: int | None
    number_ordered_estimated: bool
    number_delivered: int | None
    number_delivered_estimated: bool
    designation: str
    description: str | None
    category: str | None
    status: Status | None
    local_production: bool | None
    tiv_unit: float | None
    tiv_order: float | None
    tiv_delivered: float | None
    comments: str | None
    deliveries: list[Delivery] = field(default_factory=list)
