"""The typed results of screening (``screen --json``, ``GET /api/screen``): see the README's
'screen --json'. TIV is SIPRI's trend-indicator value (TIV, millions), not money."""

from __future__ import annotations

from typing import ClassVar

from pydantic import Field

from armsledger.analysis.deals import SourceRef
from armsledger.analysis.figures import CoverageOut
from armsledger.results import Model, Result


class EmbargoTableInfo(Model):
    name: str | None
    source_file: str
    sha256: str
    rows: int
    loaded_at: str | None
    stored: bool
    citation: str


class ScreenFilters(Model):
    supplier: str | None
    recipient: str | None
    from_: int | None = Field(alias="from", serialization_alias="from")
    to: int | None
    embargo: str | None
    supplier_names: list[str] | None
    recipient_names: list[str] | None

    model_config = Model.model_config | {"populate_by_name": True, "serialize_by_alias": True}


class StatusTotal(Model):
    deliveries: int
    tiv: float


class Hit(Model):
    """One delivery matched to one embargo."""

    deal_id: str
    supplier: str
    recipient: str
    year: int
    tiv: float | None
    embargo_id: str
    imposed_by: str
    target: str
    basis: str | None
    status: str = Field(description="bound, not bound, non-mandatory, regional")
    caveats: list[str]
    order_year: int | None
    designation: str | None
    source: SourceRef


class EmbargoHits(Model):
    """The hits of one embargo with one status."""

    embargo_id: str
    imposed_by: str
    target: str
    basis: str | None
    status: str
    deliveries: int
    deals: int
    tiv: float | None
    first_year: int
    last_year: int
    suppliers: list[str]
    recipients: list[str]
    deal_ids: list[str]


class SupplierHits(Model):
    """A supplier's hits with one status (each delivery once)."""

    supplier: str
    status: str
    deliveries: int
    tiv: float | None
    embargo_ids: list[str]
    deal_ids: list[str]


class NotScreened(Model):
    embargo_id: str
    target: str
    reason: str


class Screening(Result):
    """Deliveries to targets of arms embargoes in force at the time."""

    main_table: ClassVar[str | None] = "hits"
    release: str
    source: str
    coverage: CoverageOut
    embargo_table: EmbargoTableInfo
    filters: ScreenFilters
    unit: str
    totals: dict[str, StatusTotal]
    hits: list[Hit]
    by_embargo: list[EmbargoHits]
    by_supplier: list[SupplierHits]
    not_screened: list[NotScreened]
    warnings: list[str]


# -- summaries (``screen --summary --json``) ------------------------------------------------------


class EmbargoOut(Model):
    """One row of an embargo table (:meth:`armsledger.embargoes.reference.Embargo.to_dict`)."""

    embargo_id: str
    imposed_by: str
    target: str
    target_iso3: list[str]
    target_kind: str
    scope: str
    start_date: str
    end_date: str | None
    start_year: int
    end_year: int | None
    mandatory: bool
    legal_basis: str | None
    notes: str | None
    source_url: str | None
    source_line: int
    binding: str


class StatusShare(Model):
    """A supplier's deliveries with one status and their share of its delivered TIV."""

    status: str
    deliveries: int
    tiv: float
    share_pct: float | None


class SupplierEmbargo(Model):
    """One embargo a supplier's deliveries went under, with one status."""

    embargo_id: str
    imposed_by: str
    target: str
    status: str
    deliveries: int
    tiv: float | None
    first_year: int
    last_year: int
    recipients: list[str]
    deal_ids: list[str]


class SupplierSummaryResult(Result):
    """A supplier's deliveries in a period and the part that went to embargo targets."""

    main_table: ClassVar[str | None] = "embargoes"
    supplier: str
    actors: list[str]
    period: str
    release: str
    unit: str
    total_tiv: float
    bound_tiv: float
    bound_share_pct: float | None
    by_status: list[StatusShare]
    embargoes: list[SupplierEmbargo]
    bound_deal_ids: list[str]
    warnings: list[str]


class EmbargoSupplier(Model):
    """A supplier that delivered to an embargo's target while it was in force, one status."""

    supplier: str
    status: str
    deliveries: int
    tiv: float | None
    first_year: int
    last_year: int
    recipients: list[str]
    deal_ids: list[str]


class EmbargoSummaryResult(Result):
    """Every supplier that delivered to an embargo's target while it was in force."""

    main_table: ClassVar[str | None] = "suppliers"
    embargo: EmbargoOut
    screened: bool
    reason: str | None
    years: list[int] | None
    release: str
    unit: str
    total_tiv: float
    suppliers: list[EmbargoSupplier]
    warnings: list[str]
