"""What a release diff finds, as Python records: renamed actors, changed deals (field by field)
and the whole :class:`ReleaseDiff` with its JSON shape (README, 'armsledger diff --json')."""

from __future__ import annotations

from collections import Counter
from dataclasses import asdict, dataclass, field
from typing import Any

import polars as pl

from armsledger import TIV_UNIT
from armsledger.analysis.common import source_note
from armsledger.diff.results import DiffResult
from armsledger.store import Release

__all__ = ["LIST_COLUMNS", "TEXT_FIELDS", "ChangedDeal", "FieldChange", "FieldValue",
           "ReleaseDiff", "Rename"]

LIST_COLUMNS = ["deal_id", "supplier", "recipient", "order_year", "designation", "description",
                "number_ordered", "number_delivered", "tiv_unit", "tiv_order",
                "tiv_delivered", "delivery_years", "status", "source_line"]
"""The columns of the added and removed deals."""

TEXT_FIELDS = frozenset({"description", "category", "comments"})
"""Fields whose change is a rewording, not a substantive change."""

FieldValue = str | int | float | bool | None
"""A deal field's value as the store gives it."""


@dataclass(frozen=True, slots=True)
class Rename:
    """One actor under a new SIPRI name (a reclassification when the kind changed too)."""

    old_name: str
    new_name: str
    old_kind: str
    kind: str
    iso3: str | None
    how: str
    deals_old: int
    deals_new: int

    @property
    def reclassified(self) -> bool:
        return self.old_kind != self.kind

    def to_dict(self) -> dict[str, Any]:
        return {**asdict(self), "reclassified": self.reclassified}


@dataclass(frozen=True, slots=True)
class FieldChange:
    field: str
    old: FieldValue
    new: FieldValue


def _tiv(value: FieldValue) -> float:
    """A TIV field as a number (missing counts as 0)."""
    return float(value) if isinstance(value, int | float) else 0.0


@dataclass(frozen=True, slots=True)
class ChangedDeal:
    """A deal found in both releases whose fields differ (names are the new release's)."""

    old_deal_id: str
    new_deal_id: str
    supplier: str
    recipient: str
    designation: str
    order_year: int | None
    match: str
    changes: tuple[FieldChange, ...]
    old_line: int
    new_line: int

    @property
    def comments_only(self) -> bool:
        return all(c.field == "comments" for c in self.changes)

    @property
    def kind(self) -> str:
        """'substantive' (numbers, TIV, years, status, designation), 'wording' (description
        or category, maybe comments) or 'comments'."""
        if self.comments_only:
            return "comments"
        return "wording" if all(c.field in TEXT_FIELDS for c in self.changes) else "substantive"

    @property
    def tiv_impact(self) -> float:
        """The largest change of the order or delivered TIV (for ordering, TIV millions)."""
        return max((abs(_tiv(c.new) - _tiv(c.old)) for c in self.changes
                    if c.field in ("tiv_order", "tiv_delivered")), default=0.0)

    def to_dict(self) -> dict[str, Any]:
        return {**asdict(self), "changes": [asdict(c) for c in self.changes],
                "kind": self.kind, "comments_only": self.comments_only}


@dataclass(frozen=True, slots=True)
class ReleaseDiff:
    old: Release
    new: Release
    filters: dict[str, Any]
    renames: list[Rename]
    match_quality: dict[str, int]
    added: pl.DataFrame
    """Deals only in the new release (:data:`LIST_COLUMNS`), largest TIV first."""
    removed: pl.DataFrame
    """Deals only in the old release, same columns."""
    changed: list[ChangedDeal]
    """Substantive changes first, each group by TIV impact."""
    unchanged: int
    revisions: pl.DataFrame
    """supplier, year, old_tiv, new_tiv, diff, diff_pct: biggest absolute difference first."""
    exporter_totals: pl.DataFrame
    """supplier, old_tiv, new_tiv, diff, diff_pct over :attr:`compared_years`."""
    new_year_tiv: pl.DataFrame
    """supplier, year, new_tiv for years only the new release covers."""
    description_changes: pl.DataFrame
    """old, new, deals: SIPRI's rewording of weapon descriptions among matched deals."""
    compared_years: tuple[int, int] | None
    new_years: list[int]
    dropped_years: list[int]
    notes: list[str] = field(default_factory=list)

    @property
    def counts(self) -> dict[str, int]:
        kinds = Counter(c.kind for c in self.changed)
        return {
            "added": self.added.height, "removed": self.removed.height,
            "changed": len(self.changed), "unchanged": self.unchanged,
            "changed_substantive": kinds["substantive"], "changed_wording": kinds["wording"],
            "changed_comments_only": kinds["comments"],
        }

    def to_dict(self) -> dict[str, Any]:
        """The documented JSON shape (README, 'armsledger diff --json')."""

        def rel(r: Release) -> dict[str, Any]:
            return {"name": r.name, "format": r.format, "source_file": r.source_file,
                    "generated_on": r.generated_on.isoformat() if r.generated_on else None}

        years = self.compared_years
        return {
            "old": rel(self.old), "new": rel(self.new), "filters": self.filters,
            "renames": [r.to_dict() for r in self.renames],
            "match_quality": self.match_quality, "counts": self.counts,
            "added": self.added.to_dicts(), "removed": self.removed.to_dicts(),
            "changed": [c.to_dict() for c in self.changed],
            "description_changes": self.description_changes.to_dicts(),
            "compared_years": list(years) if years else None,
            "revisions": self.revisions.to_dicts(),
            "exporter_totals": self.exporter_totals.to_dicts(),
            "new_years": self.new_years, "new_year_tiv": self.new_year_tiv.to_dicts(),
            "dropped_years": self.dropped_years, "unit": TIV_UNIT, "notes": self.notes,
            "source": [source_note(self.old), source_note(self.new)],
        }

    def result(self) -> DiffResult:
        """The typed result, as the API returns it."""
        return DiffResult.model_validate(self.to_dict())
