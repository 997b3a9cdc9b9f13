"""A release: one loaded source file, with its provenance and counts."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime
from typing import Any

from pydantic import Field

from armsledger.results import Model


@dataclass(frozen=True, slots=True)
class Release:
    release_id: int
    name: str
    source_file: str
    sha256: str
    format: str
    encoding: str | None
    generated_on: date | None
    title: str | None
    loaded_at: datetime
    source_rows: int
    deals: int
    deliveries: int
    tiv_values: int
    warnings: int

    @property
    def is_tiv_table(self) -> bool:
        """SIPRI's TIV table: yearly totals per exporter or importer, no deals."""
        return self.format == "sipri-tiv-table" and not self.deliveries

    def to_dict(self) -> dict[str, Any]:
        """Plain data (dates as ISO strings) for JSON output."""
        d = {k: getattr(self, k) for k in self.__slots__}
        d["generated_on"] = self.generated_on.isoformat() if self.generated_on else None
        d["loaded_at"] = self.loaded_at.isoformat()
        return d


class ReleaseSummary(Model):
    """A release as listed (``armsledger releases --json``, ``GET /api/releases``)."""

    release_id: int
    name: str
    source_file: str
    sha256: str
    format: str
    encoding: str | None
    generated_on: str | None
    title: str | None
    loaded_at: str
    source_rows: int
    deals: int
    deliveries: int
    tiv_values: int
    warnings: int
    default: bool = Field(description="the release queries use unless one is named")
