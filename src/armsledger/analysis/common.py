"""What every figure needs: periods, the release it is computed from, and SIPRI's conventions.

Method (SIPRI's, as in its annual fact sheets):
- a volume is the sum of delivered TIV by delivery year over an inclusive year range;
- a share is an actor's TIV over the world total of the same period, the world total counting
  every supplier (states, non-state actors, organisations and unknown suppliers);
- a change is ``(this period / compare period - 1) * 100``;
- 'states' are states (current or historical, see :data:`armsledger.actors.STATE_KINDS`);
  non-state actors, organisations and unknown actors are reported separately, never counted;
- TIV is not money: every result carries ``unit = "TIV, millions"``.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from armsledger import SIPRI_CITATION
from armsledger.actors import STATE_KINDS
from armsledger.errors import ArmsledgerError
from armsledger.store import Release, Store

__all__ = ["STATE_KINDS", "BadPeriodError", "Period", "change_pct", "coverage", "share_pct"]


class BadPeriodError(ArmsledgerError):
    """A period that is not 'YYYY' or 'YYYY-YYYY' with start <= end."""


_PERIOD = re.compile(r"^\s*(\d{4})\s*(?:[-\u2013\u2014/]|to|\.\.)\s*(\d{4})\s*$|^\s*(\d{4})\s*$")


@dataclass(frozen=True, slots=True, order=True)
class Period:
    """An inclusive range of years."""

    start: int
    end: int

    @classmethod
    def parse(cls, text: str | Period) -> Period:
        """'2020-2024' (also '2020–2024', '2020/2024', '2020..2024') or a single year '2024'."""
        if isinstance(text, Period):
            return text
        m = _PERIOD.match(str(text))
        if not m:
            raise BadPeriodError(
                f"'{text}' is not a period: expected YYYY-YYYY (e.g. 2020-2024) or YYYY"
            )
        start, end = (int(m.group(1)), int(m.group(2))) if m.group(1) else (int(m.group(3)),) * 2
        if start > end:
            raise BadPeriodError(f"'{text}': the first year is after the last")
        if start < 1900 or end > 2100:
            raise BadPeriodError(f"'{text}': years must be between 1900 and 2100")
        return cls(start, end)

    def previous(self) -> Period:
        """The period of the same length just before this one (SIPRI's comparison)."""
        n = self.end - self.start + 1
        return Period(self.start - n, self.start - 1)

    @property
    def years(self) -> range:
        return range(self.start, self.end + 1)

    def __str__(self) -> str:
        return str(self.start) if self.start == self.end else f"{self.start}-{self.end}"


def share_pct(part: float | None, whole: float | None) -> float | None:
    if part is None or not whole:
        return None
    return 100.0 * part / whole


def change_pct(now: float | None, before: float | None) -> float | None:
    """``(now / before - 1) * 100``; None when the compare period has no volume."""
    if now is None or not before:
        return None
    return (now / before - 1.0) * 100.0


@dataclass(frozen=True, slots=True)
class Coverage:
    """Which delivery years a release covers."""

    first_year: int | None
    last_year: int | None

    def covers(self, period: Period) -> bool:
        return (
            self.first_year is not None
            and self.last_year is not None
            and self.first_year <= period.start
            and period.end <= self.last_year
        )


def coverage(store: Store, release: Release) -> Coverage:
    def read() -> Coverage:
        row = store.query(
            "SELECT min(year) AS a, max(year) AS b FROM flows WHERE release_id = $r",
            {"r": release.release_id},
        ).row(0)
        return Coverage(row[0], row[1])

    return store.memo(("coverage", release.release_id), read)


def source_note(release: Release) -> str:
    """The citation SIPRI asks for, naming the release a figure comes from."""
    generated = f", generated {release.generated_on}" if release.generated_on else ""
    return f"{SIPRI_CITATION} (release {release.name}{generated})"


def coverage_warnings(cov: Coverage, *periods: Period | None) -> list[str]:
    out = []
    for p in periods:
        if p is not None and not cov.covers(p):
            out.append(
                f"period {p} is not fully covered by this release (deliveries "
                f"{cov.first_year}-{cov.last_year}); figures for missing years are absent, "
                "not zero: choose another --release"
            )
    return out
