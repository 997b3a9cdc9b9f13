"""What one pass of the extractor knows about a text, shared by its parts.

:class:`Scan` holds the text with its sentences, statement dates, period expressions,
country mentions and names (computed once per text by
:class:`armsledger.claims.extract._Extractor`); :class:`Fig` is one figure found in it,
:class:`Per` one period expression and :class:`State` what earlier claims leave for later
ones. The extractor's parts are mixins over :class:`Scan`: :mod:`.figures` (finding
figures), :mod:`.exclusions` (the rules that drop one) and :mod:`.context` (metric, subject,
period and claimant).
"""

from __future__ import annotations

import re
from bisect import bisect_left
from dataclasses import dataclass, field
from datetime import date

from armsledger.claims import text as tx
from armsledger.claims.model import Source
from armsledger.claims.values import Period

__all__ = ["Fig", "Per", "Period", "Scan", "State"]


@dataclass(slots=True)
class Fig:
    """One figure in the text: its anchor span, value and what it can measure."""

    kind: str  # money | percent | rank | count
    start: int
    end: int
    value: float
    unit: str
    currency: str | None = None
    metric: str | None = None
    q_start: int = 0
    q_end: int = 0
    qualifier: str = "exact"
    per_year: bool = False
    conversion: bool = False


@dataclass(slots=True)
class Per:
    """A period expression: ``kind`` picks how :func:`_resolve` reads ``m``."""

    start: int
    end: int
    kind: str
    m: re.Match[str]


@dataclass(slots=True)
class State:
    """What earlier claims leave for later ones: subject, metric, period and claimant."""

    default_subject: str | None = None
    subject: str | None = None
    subject_para: int = -1
    metric: str | None = None
    focus: Period | None = None
    claimant: str | None = None
    claimants: list[str] = field(default_factory=list)


class Scan:
    """The text and what was found in it once; the extractor's mixins read these."""

    t: str
    published: date | None
    source: Source
    sents: list[tx.Sentence]
    masked: list[tuple[int, int]]
    """Spans of statement dates (``4 June 2025``): never periods of a claim."""
    periods: list[Per]
    mentions: list[tuple[int, int, str | None]]
    """Country, region and agency mentions: (start, end, ISO3 or None)."""
    _m_starts: list[int]
    _p_starts: list[int]
    names: tx.Names
    state: State

    def _near(self, lo: int, hi: int) -> list[tuple[int, int, str | None]]:
        """Country mentions starting in ``[lo, hi)``."""
        return self.mentions[bisect_left(self._m_starts, lo):bisect_left(self._m_starts, hi)]

    def _periods_in(self, lo: int, hi: int) -> list[Per]:
        """Period expressions starting in ``[lo, hi)``."""
        return self.periods[bisect_left(self._p_starts, lo):bisect_left(self._p_starts, hi)]
