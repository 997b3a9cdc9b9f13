"""The claim model: one statement of a figure about a state's arms exports, with its source.

Fields and vocabularies follow ``shared/samples/articles/README.md``; ``extract --json``
prints exactly :data:`CLAIM_FIELDS` first so results compare with ``expected.json``.
Money is never converted to or from SIPRI's TIV: ``amount`` is the stated value as a plain
number in the stated currency (15 billion -> 15_000_000_000; 21,083 crore -> 210_830_000_000).
"""

from __future__ import annotations

from dataclasses import asdict, dataclass, field
from typing import Any, Literal

from armsledger.errors import InvalidRequestError
from armsledger.results import Model

METRICS = (
    "export_value", "contracts_value", "order_book", "licences_value", "recipient_countries",
    "cooperation_projects", "cooperation_partner_states", "global_share", "rank",
)
MONEY_METRICS = ("export_value", "contracts_value", "order_book", "licences_value")
UNITS = ("billion", "million", "crore", "trillion", "thousand", "billion per year",
         "million per year", "countries", "projects", "percent", "rank")
QUALIFIERS = ("exact", "about", "over", "under", "at least", "range")

SCALE = {
    "thousand": 1e3, "million": 1e6, "crore": 1e7, "billion": 1e9, "trillion": 1e12,
    "billion per year": 1e9, "million per year": 1e6,
}
"""Multiplier from ``unit`` to a plain number of currency units."""

CLAIM_FIELDS = (
    "claimant", "subject_exporter", "metric", "value", "unit", "currency", "qualifier",
    "period_start", "period_end", "quote",
)


def amount_of(value: float, unit: str, currency: str | None) -> float | None:
    """The money value as a plain number in its currency; None for counts, shares, ranks."""
    if currency is None or unit not in SCALE:
        return None
    return value * SCALE[unit]


@dataclass(slots=True)
class Source:
    """Where a claim was read: the article or page, when known."""

    title: str | None = None
    outlet: str | None = None
    date: str | None = None
    url: str | None = None
    file: str | None = None


@dataclass(slots=True)
class Claim:
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
    span: tuple[int, int] | None = None
    """Character offsets of ``quote`` in the text it was extracted from (``text[a:b]``)."""
    source: Source = field(default_factory=Source)
    amount: float | None = None
    claim_id: int | None = None
    """Set once the claim is stored in the ledger."""
    note: str | None = None
    """Anything a reader should know (e.g. 'preliminary figure', the source's own wording)."""
    value_low: float | None = None
    value_high: float | None = None
    """Both ends of a range (qualifier ``range``; ``value`` is the low end)."""
    period_relative: str | None = None
    """The words of a relative period ("last year") the text gave no date to resolve."""
    mentions: list[tuple[int, int]] = field(default_factory=list)
    """Spans of every mention of the same figure in the text (the first is ``span``)."""

    def __post_init__(self) -> None:
        if self.metric not in METRICS:
            raise ValueError(f"unknown metric {self.metric!r}; expected one of {METRICS}")
        if self.qualifier not in QUALIFIERS:
            raise ValueError(f"unknown qualifier {self.qualifier!r}; expected {QUALIFIERS}")
        if isinstance(self.value, float) and self.value.is_integer():
            self.value = int(self.value)
        if self.amount is None:
            self.amount = amount_of(self.value, self.unit, self.currency)
        if self.span and not self.mentions:
            self.mentions = [self.span]

    def stated(self) -> str:
        """The figure as claimed: ``over 15 billion USD``, ``13-14 billion USD`` (a range)."""
        if self.value_low is not None and self.value_high is not None:
            figure = f"{self.value_low:g}-{self.value_high:g}"
        else:
            figure = f"{self.qualifier} {self.value:g}"
        return f"{figure} {self.unit}" + (f" {self.currency}" if self.currency else "")

    def to_dict(self) -> dict[str, Any]:
        """The expected.json fields first, then span, amount, source and id."""
        d = {k: getattr(self, k) for k in CLAIM_FIELDS}
        d["span"] = list(self.span) if self.span else None
        d["amount"] = self.amount
        d["source"] = asdict(self.source)
        d["claim_id"] = self.claim_id
        d["note"] = self.note
        d["value_low"] = self.value_low
        d["value_high"] = self.value_high
        d["period_relative"] = self.period_relative
        d["mentions"] = [list(m) for m in self.mentions]
        return d

    @classmethod
    def from_dict(cls, d: dict[str, Any]) -> Claim:
        src = d.get("source") or {}
        span = d.get("span")
        if (span is not None and len(span) != 2) or any(
                len(m) != 2 for m in d.get("mentions") or []):
            raise InvalidRequestError("a claim's span and each of its mentions are two "
                                      "character offsets [start, end]")
        fields: dict[str, Any] = {k: d.get(k) for k in CLAIM_FIELDS}
        return cls(
            **fields,
            span=tuple(span) if span else None,
            source=Source(**{k: src.get(k) for k in ("title", "outlet", "date", "url",
                                                       "file")}),
            amount=d.get("amount"),
            claim_id=d.get("claim_id"),
            note=d.get("note"),
            value_low=d.get("value_low"),
            value_high=d.get("value_high"),
            period_relative=d.get("period_relative"),
            mentions=[(int(m[0]), int(m[1])) for m in d.get("mentions") or []],
        )


Metric = Literal["export_value", "contracts_value", "order_book", "licences_value",
                 "recipient_countries", "cooperation_projects", "cooperation_partner_states",
                 "global_share", "rank"]
Qualifier = Literal["exact", "about", "over", "under", "at least", "range"]


class SourceRecord(Model):
    title: str | None = None
    outlet: str | None = None
    date: str | None = None
    url: str | None = None
    file: str | None = None


class ClaimRecord(Model):
    """A claim as JSON (``claims extract --json``, the API); :meth:`to_claim` reads it back."""

    claimant: str
    subject_exporter: str | None
    metric: Metric
    value: int | float
    unit: str
    currency: str | None
    qualifier: Qualifier
    period_start: str | None
    period_end: str | None
    quote: str
    span: list[int] | None = None
    amount: float | None = None
    source: SourceRecord = SourceRecord()
    claim_id: int | None = None
    note: str | None = None
    value_low: float | None = None
    value_high: float | None = None
    period_relative: str | None = None
    mentions: list[list[int]] = []

    @classmethod
    def of(cls, claim: Claim) -> ClaimRecord:
        return cls.model_validate(claim.to_dict())

    def to_claim(self) -> Claim:
        return Claim.from_dict(self.model_dump())
