"""Response and request models of the API (documented in /openapi.json)."""

from __future__ import annotations

from typing import Any

from pydantic import BaseModel, Field


class ErrorDetail(BaseModel):
    status: int
    type: str = Field(description="unknown_actor, unknown_release, bad_period, invalid_request, "
                                  "too_large, not_found, forbidden, bad_input, internal_error")
    message: str
    suggestions: list[str] | None = None


class ErrorBody(BaseModel):
    error: ErrorDetail


class ReleaseOut(BaseModel):
    release_id: int
    name: str
    source_file: str
    sha256: str
    format: str
    encoding: str | None
    title: str | None
    generated_on: str | None
    loaded_at: str
    source_rows: int
    deals: int
    deliveries: int
    tiv_values: int
    warnings: int
    default: bool


class ActorOut(BaseModel):
    sipri_name: str
    name: str
    kind: str
    iso3: str | None
    region: str | None
    subregion: str | None


class DeliveryOut(BaseModel):
    year: int
    number: int | None
    tiv: float | None
    estimated: bool


class DealOut(BaseModel):
    deal_id: str
    supplier: str
    recipient: str
    order_year: int | None
    order_year_estimated: bool | None
    number_ordered: int | None
    number_delivered: int | None
    designation: str | None
    description: str | None
    category: str | None
    status: str | None
    local_production: bool | None
    tiv_unit: float | None
    tiv_order: float | None
    deliveries: list[DeliveryOut]
    tiv_delivered: float | None
    unit: str
    comments: str | None
    source: dict[str, Any]


class DealsPage(BaseModel):
    release: str
    unit: str
    total: int
    page: int
    page_size: int
    tiv_delivered: float = Field(description="Sum over all matching deals (TIV, millions)")
    items: list[DealOut]


class ProfileOut(BaseModel):
    """See the README, 'profile --json'; the same keys."""

    model_config = {"extra": "allow"}
    iso3: str | None
    kind: str
    actors: list[str]
    release: str
    source: str
    period: str
    compare: str | None
    unit: str
    tiv: float
    world_tiv: float
    share_of_world_pct: float | None
    rank: int | None
    change_pct: float | None
    regions: list[dict[str, Any]]
    blocs: list[dict[str, Any]]
    categories: list[dict[str, Any]]
    yearly: list[dict[str, Any]]
    backlog: dict[str, Any] | None
    compare_figures: dict[str, Any] | None
    evidence: dict[str, Any]


class TopOut(BaseModel):
    role: str
    period: str
    compare: str | None
    release: str
    source: str
    unit: str
    world_tiv: float
    world_tiv_compare: float | None
    world_change_pct: float | None
    unranked_tiv: float
    ranking: list[dict[str, Any]]
    warnings: list[str]


class TrendOut(BaseModel):
    actor: str
    actors: list[str]
    role: str
    window: int
    release: str
    source: str
    unit: str
    series: list[dict[str, Any]]


class TextIn(BaseModel):
    text: str = Field(description="The article or statement (plain text or HTML).")
    published: str | None = Field(None, description="Publication date YYYY-MM-DD, for "
                                  "'last year' and similar.")


class ClaimOut(BaseModel):
    model_config = {"extra": "allow"}
    claimant: str
    subject_exporter: str | None
    metric: str
    value: float
    unit: str
    currency: str | None
    qualifier: str
    period_start: str | None
    period_end: str | None
    quote: str
    span: list[int] | None


class CheckIn(BaseModel):
    text: str | None = Field(None, description="Text to extract claims from, or ...")
    claims: list[dict[str, Any]] | None = Field(None, description="... claims to check.")
    published: str | None = None


class CheckOut(BaseModel):
    claim: dict[str, Any]
    verdict: str
    evidence: dict[str, Any]
    method: str


class ScreenOut(BaseModel):
    """See the README, 'screen --json'."""

    model_config = {"extra": "allow"}
    release: str
    source: str
    unit: str
    totals: dict[str, Any]
    hits: list[dict[str, Any]]
    by_embargo: list[dict[str, Any]]
    by_supplier: list[dict[str, Any]]
    not_screened: list[dict[str, Any]]
    warnings: list[str]


class DiffOut(BaseModel):
    """See the README, 'Release diff'."""

    model_config = {"extra": "allow"}
    old: dict[str, Any]
    new: dict[str, Any]
    renames: list[dict[str, Any]]
    match_quality: dict[str, Any]
    counts: dict[str, int]
    changed: list[dict[str, Any]]
    revisions: list[dict[str, Any]]
    unit: str
