"""The typed parts figures are made of: shares of a total, yearly values, coverage, evidence.

Every TIV is SIPRI's trend-indicator value (TIV, millions), a volume measure, not money;
every share is a percentage of the total it is stated against.
"""

from __future__ import annotations

from pydantic import Field

from armsledger.periods import Coverage
from armsledger.results import Model


class Share(Model):
    tiv: float = Field(description="TIV, millions")
    share_pct: float | None = Field(description="per cent of the total it is a part of")


class ActorShare(Share):
    """A counterpart (recipient or supplier) with the deals behind its TIV."""

    actor: str = Field(description="SIPRI's name")
    iso3: str | None
    kind: str = Field(description="state, historical_state, non_state, organisation, unknown")
    region: str = Field(description="SIPRI's region ('Unknown or none' when it has none)")
    subregion: str | None
    deal_ids: list[str]


class SubregionShare(Share):
    subregion: str
    deal_ids: list[str]


class RegionShare(Share):
    region: str
    deal_ids: list[str]
    subregions: list[SubregionShare]


class BlocShare(Share):
    bloc: str
    deal_ids: list[str]
    members_with_deliveries: list[str]


class CategoryShare(Share):
    category: str


class StatusShare(Share):
    status: str


class LocalProduction(Share):
    """Licensed or local production: its TIV and share of the total."""


class YearValue(Model):
    year: int
    tiv: float
    counterpart_states: int = Field(
        description="states that received from (or delivered to) the actor that year")


class CoverageOut(Model):
    """The delivery years a release holds."""

    first_year: int | None
    last_year: int | None

    @classmethod
    def of(cls, coverage: Coverage) -> CoverageOut:
        return cls(first_year=coverage.first_year, last_year=coverage.last_year)


class Methods(Model):
    """How the yearly values behind a figure were obtained (TIV, millions; see
    :mod:`armsledger.reconstruct`): SIPRI's exact yearly values, values reconstructed from
    another release or SIPRI's TIV tables, or deal totals split evenly over their years."""

    exact: float
    reconstructed: float
    even: float
    exact_pct: float | None
    reconstructed_pct: float | None
    even_pct: float | None

    @classmethod
    def of(cls, exact: float, reconstructed: float, even: float) -> Methods:
        total = exact + reconstructed + even
        pct = (lambda v: 100.0 * v / total) if total else (lambda v: None)
        return cls(exact=exact, reconstructed=reconstructed, even=even, exact_pct=pct(exact),
                   reconstructed_pct=pct(reconstructed), even_pct=pct(even))


class Evidence(Model):
    """The deals behind a total and the command that lists them."""

    deal_ids: list[str]
    command: str
    estimated_split_tiv: float = Field(
        description="TIV whose yearly values are not SIPRI's exact ones (reconstructed or "
                    "split evenly): methods.reconstructed + methods.even")
    methods: Methods
