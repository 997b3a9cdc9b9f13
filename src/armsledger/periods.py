"""Periods: the years a figure covers, what it is compared with, and what a release covers.

This is the one place that parses and reasons about periods; every face (CLI, API, web,
report, Python API) and every library function goes through it.

- :class:`Period` is an inclusive range of calendar years (``2020-2024``, ``2024``), or of
  year-months for fiscal years (``2023-04..2024-03``, as claims state them).
- :class:`Comparison` is what a period is compared with: ``previous`` (the period of the same
  length just before, SIPRI's convention), ``none``, or an explicit period.
- :class:`Coverage` is the delivery years a release holds. The default period of a query is
  derived from it (the latest five full years it covers), never a constant.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from typing import Literal

from armsledger.errors import BadPeriodError

__all__ = [
    "DEFAULT_LENGTH",
    "BadPeriodError",
    "Comparison",
    "Coverage",
    "Period",
]

DEFAULT_LENGTH = 5
"""SIPRI compares five-year periods because yearly deliveries swing."""

_MIN_YEAR, _MAX_YEAR = 1900, 2100
_SEP = r"\s*(?:[-\u2013\u2014/]|to|\.\.)\s*"
_YEARS = re.compile(rf"^\s*(\d{{4}})(?:{_SEP}(\d{{4}}))?\s*$")
_MONTHS = re.compile(r"^\s*(\d{4})-(\d{1,2})\s*(?:\.\.|/|to)\s*(\d{4})-(\d{1,2})\s*$")
_YEAR_MONTH = re.compile(r"^\s*(\d{4})(?:-(\d{1,2}))?\s*$")


@dataclass(frozen=True, slots=True, order=True)
class Period:
    """An inclusive range of years; ``start_month``/``end_month`` narrow it for fiscal years."""

    start: int
    end: int
    start_month: int = 1
    end_month: int = 12

    def __post_init__(self) -> None:
        if (self.start, self.start_month) > (self.end, self.end_month):
            raise BadPeriodError(f"'{self}': the first year is after the last")
        if self.start < _MIN_YEAR or self.end > _MAX_YEAR:
            raise BadPeriodError(f"'{self}': years must be between {_MIN_YEAR} and {_MAX_YEAR}")
        if not (1 <= self.start_month <= 12 and 1 <= self.end_month <= 12):
            raise BadPeriodError(f"'{self}': months must be 1 to 12")

    @classmethod
    def parse(cls, value: str | int | Period) -> Period:
        """``'2020-2024'`` (also ``2020–2024``, ``2020/2024``, ``2020..2024``, ``2020 to
        2024``), a single year ``'2024'``, or year-months ``'2023-04..2024-03'``."""
        if isinstance(value, Period):
            return value
        text = str(value)
        m = _MONTHS.match(text)
        if m:
            return cls(int(m[1]), int(m[3]), int(m[2]), int(m[4]))
        m = _YEARS.match(text)
        if not m:
            raise BadPeriodError(
                f"'{text}' is not a period: expected YYYY-YYYY (e.g. 2020-2024) or YYYY")
        start = int(m[1])
        return cls(start, int(m[2]) if m[2] else start)

    @classmethod
    def of_bounds(cls, start: str | None, end: str | None = None) -> Period | None:
        """A period from a claim's ``period_start``/``period_end`` (``YYYY`` or ``YYYY-MM``);
        None when there is no start. A month on one side only covers that side's month."""
        if not start:
            return None
        a, b = _YEAR_MONTH.match(start), _YEAR_MONTH.match(end or start)
        if not a or not b:
            raise BadPeriodError(f"'{start}..{end}': expected YYYY or YYYY-MM")
        end_month = int(b[2]) if b[2] else 12
        return cls(int(a[1]), int(b[1]), int(a[2]) if a[2] else 1, end_month)

    @property
    def fiscal(self) -> bool:
        """True when the period does not start in January and end in December."""
        return (self.start_month, self.end_month) != (1, 12)

    @property
    def years(self) -> range:
        """The calendar years the period touches (a fiscal year touches two)."""
        return range(self.start, self.end + 1)

    def __len__(self) -> int:
        return self.end - self.start + 1

    def previous(self) -> Period:
        """The period of the same length just before this one (SIPRI's comparison)."""
        n = len(self)
        return Period(self.start - n, self.start - 1, self.start_month, self.end_month)

    def __str__(self) -> str:
        if self.fiscal:
            return f"{self.start}-{self.start_month:02d}..{self.end}-{self.end_month:02d}"
        return str(self.start) if self.start == self.end else f"{self.start}-{self.end}"


@dataclass(frozen=True, slots=True)
class Comparison:
    """What a period is compared with: ``previous``, ``none`` or an explicit period."""

    kind: Literal["previous", "none", "period"] = "previous"
    period: Period | None = None

    @classmethod
    def parse(cls, value: str | Period | Comparison | None) -> Comparison:
        """``'previous'`` (also None, the default), ``'none'`` or a period."""
        if isinstance(value, Comparison):
            return value
        if isinstance(value, Period):
            return cls("period", value)
        text = "previous" if value is None else str(value).strip().lower()
        if text in ("previous", ""):
            return cls("previous")
        if text in ("none", "no", "false"):
            return cls("none")
        return cls("period", Period.parse(text))

    def resolve(self, period: Period) -> Period | None:
        """The compare period for ``period`` (None when comparing with nothing)."""
        if self.kind == "previous":
            return period.previous()
        return self.period if self.kind == "period" else None

    def __str__(self) -> str:
        return str(self.period) if self.period is not None else self.kind


@dataclass(frozen=True, slots=True)
class Coverage:
    """The delivery years a release holds (None, None: no deliveries)."""

    first_year: int | None
    last_year: int | None

    def covers(self, period: Period) -> bool:
        return (self.first_year is not None and self.last_year is not None
                and self.first_year <= period.start and period.end <= self.last_year)

    def default_period(self, length: int = DEFAULT_LENGTH) -> Period:
        """The latest ``length`` full years the release covers (fewer when it covers fewer)."""
        if self.first_year is None or self.last_year is None:
            raise BadPeriodError("the release has no deliveries, so no period is covered")
        return Period(max(self.first_year, self.last_year - length + 1), self.last_year)

    def whole(self) -> Period:
        """Every year the release covers."""
        if self.first_year is None or self.last_year is None:
            raise BadPeriodError("the release has no deliveries, so no period is covered")
        return Period(self.first_year, self.last_year)

    def windows(self, length: int = DEFAULT_LENGTH) -> list[Period]:
        """Consecutive periods of ``length`` years ending in the last covered year, oldest
        first, each wholly covered."""
        out: list[Period] = []
        if self.first_year is None or self.last_year is None:
            return out
        end = self.last_year
        while end - length + 1 >= self.first_year:
            out.append(Period(end - length + 1, end))
            end -= length
        return out[::-1]

    def __str__(self) -> str:
        if self.first_year is None or self.last_year is None:
            return "no deliveries"
        return f"{self.first_year}-{self.last_year}"
