"""The typed result of a release diff (``diff --json``, ``GET /api/diff``): see the README's
'Release diff'. TIV is SIPRI's trend-indicator value (TIV, millions), not money."""

from __future__ import annotations

from typing import Any, ClassVar

from armsledger.results import Model, Result


class ReleaseRef(Model):
    name: str
    format: str
    source_file: str
    generated_on: str | None


class NamesInReleases(Model):
    old: list[str]
    new: list[str]


class DiffFilters(Model):
    supplier: str | None
    recipient: str | None
    year_from: int | None
    year_to: int | None
    supplier_names: NamesInReleases | None
    recipient_names: NamesInReleases | None


class RenameOut(Model):
    old_name: str
    new_name: str
    old_kind: str
    kind: str
    iso3: str | None
    how: str
    deals_old: int
    deals_new: int
    reclassified: bool


class DiffCounts(Model):
    added: int
    removed: int
    changed: int
    unchanged: int
    changed_substantive: int
    changed_wording: int
    changed_comments_only: int


class ListedDeal(Model):
    """A deal only in one of the two releases."""

    deal_id: str
    supplier: str
    recipient: str
    order_year: int | None
    designation: str | None
    description: str | None
    number_ordered: int | None
    number_delivered: int | None
    tiv_unit: float | None
    tiv_order: float | None
    tiv_delivered: float | None
    delivery_years: str | None
    status: str | None
    source_line: int


class FieldChangeOut(Model):
    field: str
    old: Any
    new: Any


class ChangedDealOut(Model):
    old_deal_id: str
    new_deal_id: str
    supplier: str
    recipient: str
    designation: str | None
    order_year: int | None
    match: str
    changes: list[FieldChangeOut]
    old_line: int
    new_line: int
    kind: str
    comments_only: bool


class DescriptionChange(Model):
    old: str | None
    new: str | None
    deals: int


class Revision(Model):
    supplier: str
    year: int
    old_tiv: float | None
    new_tiv: float | None
    diff: float | None
    diff_pct: float | None


class TotalRevision(Model):
    supplier: str
    old_tiv: float | None
    new_tiv: float | None
    diff: float | None
    diff_pct: float | None


class NewYearTiv(Model):
    supplier: str
    year: int
    new_tiv: float | None


class DiffResult(Result):
    """What SIPRI revised between two releases."""

    main_table: ClassVar[str | None] = "revisions"
    old: ReleaseRef
    new: ReleaseRef
    filters: DiffFilters
    renames: list[RenameOut]
    match_quality: dict[str, int]
    counts: DiffCounts
    added: list[ListedDeal]
    removed: list[ListedDeal]
    changed: list[ChangedDealOut]
    description_changes: list[DescriptionChange]
    compared_years: list[int] | None
    revisions: list[Revision]
    exporter_totals: list[TotalRevision]
    new_years: list[int]
    new_year_tiv: list[NewYearTiv]
    dropped_years: list[int]
    unit: str
    notes: list[str]
    source: list[str]
