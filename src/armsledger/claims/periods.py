"""Period expressions in a sentence and what they mean, relative to the text's date.

A :class:`Mention` is where a sentence names a period (``in 2024``, ``2020-24``, ``FY 2023-24``,
``between January and August 2024``, ``the first half of 2025``, ``last year``) with token
positions; :meth:`Mention.resolve` turns it into ``(start, end)`` strings (``"YYYY"`` or
``"YYYY-MM"``) once the claim's exporter is known (fiscal years differ by state) and the
text's publication date (``last year``). A relative period in a text with no date resolves to
nothing, and the claim says the period is relative. Dates on which something was said
(``4 June 2025``, ``in January 2026``) are never periods.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import date

from armsledger.sources.article import MONTHS

__all__ = ["FISCAL_START", "Mention", "Period", "mentions", "shift"]

Period = tuple[str, str]

FISCAL_START = {"USA": 10, "IND": 4, "GBR": 4, "JPN": 4, "CAN": 4, "AUS": 7, "PAK": 7,
                "NZL": 7, "EGY": 7}
"""First month of a state's fiscal year (calendar years elsewhere)."""

_MONTH_NUM = {m.lower()[:3]: i + 1 for i, m in enumerate(
    "January February March April May June July August September October November "
    "December".split())}
_Y = r"(?:19|20)\d{2}"
_M = MONTHS
_PATTERNS: list[tuple[str, str]] = [
    ("months", rf"\b(?:from|between)?\s*(?:\d{{1,2}}\s+)?(?P<m1>{_M})\.?(?:\s+\d{{1,2}}"
               rf"(?:st|nd|rd|th)?)?,?\s*(?P<my1>{_Y})?\s*(?:to|and|until|through|-)\s*"
               rf"(?:\d{{1,2}}\s+)?(?P<m2>{_M})\.?(?:\s+\d{{1,2}}(?:st|nd|rd|th)?)?"
               rf"(?:,?\s+(?P<my2>{_Y}))?\b"),
    ("half", rf"\b(?:the\s+)?(?P<h>first|second)\s+(?:half|semester)\s+(?:of\s+)?(?:(?P<hy>{_Y})|"
             rf"(?P<hrel>this|last)\s+year)?|\bH(?P<hn>[12])\s*(?P<hny>{_Y})"),
    ("quarters", rf"\b(?:the\s+)?first\s+(?P<nq>two|three)\s+quarters\s+of\s+(?P<nqy>{_Y})\b"),
    ("quarter", rf"\b(?:the\s+)?(?P<q>first|second|third|fourth)\s+quarter\s+of\s+(?P<qy>{_Y})"
                rf"|\bQ(?P<qn>[1-4])\s+(?P<qny>{_Y})\b"),
    ("months_of", rf"\b(?:the\s+)?first\s+(?P<n>\w+)\s+months\s+of\s+(?:(?P<ny>{_Y})|"
                  rf"(?P<nrel>this|last|the)\s+year)"),
    ("fy_span", rf"\b(?P<fs1>{_Y})-(?P<fs2>\d{{2}})\s+(?:to|until|through)\s+(?P<fs3>{_Y})-"
                rf"(?P<fs4>\d{{2}})\b"),
    ("during_month", rf"\bduring\s+(?P<dm>{_M})\s+(?P<dmy>{_Y})\b"),
    ("same_period_of", rf"\bthe\s+same\s+period\s+(?:of|in)\s+(?P<spy>{_Y})\b"),
    ("fy_two", rf"\b(?:(?:the\s+)?(?:FY|financial\s+year|fiscal\s+year|fiscal)\s?'?"
               rf"(?P<f1>{_Y}|\d{{2}})\s?[-/]\s?(?P<f2>\d{{2}}|{_Y})|(?P<g1>{_Y})[-/](?P<g2>\d{{2}})"
               rf"\s+(?:financial|fiscal)\s+year)\b"),
    ("fy_one", rf"\b(?:(?:(?i:the\s+)?(?i:fiscal\s+year|financial\s+year|fiscal)|FY)\s?'?"
               rf"(?P<fy>{_Y}|\d{{2}}))\b(?!\s?[-/]\s?\d)"),
    ("range", rf"\b(?:between\s+(?P<b1>{_Y})\s+and\s+(?P<b2>{_Y})|from\s+(?P<c1>{_Y})\s+"
              rf"(?:to|until|through|-)\s+(?P<c2>{_Y})|(?P<r1>{_Y})\s?-\s?(?P<r2>{_Y})|(?P<s1>{_Y})-(?P<s2>\d{{2}})(?!\d|[.,]\d)|(?P<d1>{_Y})\s+(?:to|through)\s+(?P<d2>{_Y}))\b"),
    ("said", rf"\b(?:\d{{1,2}}(?:st|nd|rd|th)?\s+)?(?:{_M})\.?\s+(?:\d{{1,2}}(?:st|nd|rd|th)?,?"
             rf"\s+)?{_Y}\b"),
    ("since", rf"\bsince\s+(?P<sy>{_Y})\b"),
    ("year", rf"(?:\b(?:at|by)\s+the\s+end\s+of\s+|\bend-)?\b(?P<y>{_Y})\b"),
    ("relative", r"\b(?P<rel>last\s+(?:fiscal\s+|financial\s+|calendar\s+)?year|this\s+"
                 r"(?:fiscal\s+|financial\s+)?year|(?:the\s+)?past\s+year|over\s+the\s+past\s+"
                 r"(?:12|twelve)\s+months|the\s+previous\s+year|the\s+year\s+before|a\s+year\s+"
                 r"(?:earlier|before|ago)|the\s+prior\s+year|the\s+preceding\s+year|"
                 r"(?:the\s+)?current\s+(?:fiscal\s+|financial\s+)?year|(?:last|this|previous)\s+"
                 r"fiscal\b(?!\s+year)|the\s+same\s+period(?:\s+last\s+year)?|"
                 r"since\s+the\s+(?:start|beginning)\s+of\s+(?:the\s+current|the|this)\s+year|"
                 r"so\s+far\s+this\s+year|during\s+the\s+year|that\s+year|for\s+the\s+year|"
                 r"in\s+the\s+year|the\s+year's|the\s+same\s+year|over\s+the\s+year|"
                 r"(?:during|in|over|for)\s+the\s+(?:same\s+)?period|year[\s-]to[\s-]date|(?:the\s+)?(?:previous|past|last)"
                 r"\s+(?P<nyears>two|three|four|five|ten|\d{1,2})\s+years|(?:over|in|during)\s+a\s+"
                 r"(?P<nspan>two|three|four|five|ten|\d{1,2})-year\s+period)\b"),
]
_COMPILED = [(k, re.compile(p, re.IGNORECASE if k != "fy_one" else 0)) for k, p in _PATTERNS]


@dataclass(slots=True)
class Mention:
    """A period named in a sentence: characters ``[start, end)`` of the sentence's text."""

    start: int
    end: int
    kind: str
    m: re.Match[str]

    @property
    def words(self) -> str:
        return self.m.group(0).strip()

    @property
    def is_relative(self) -> bool:
        return self.kind == "relative" or self.kind in ("half", "months_of") and bool(
            self.m.groupdict().get("hrel") or self.m.groupdict().get("nrel")
            or not (self.m.groupdict().get("hy") or self.m.groupdict().get("hny")
                    or self.m.groupdict().get("ny")))

    def resolve(self, subject: str | None, published: date | None,
                focus: Period | None = None) -> Period | None:
        """The period as strings, or None (a statement date; a relative period without a
        date to count from)."""
        g = self.m.groupdict()
        if self.kind in ("said", "since"):
            return None
        if self.kind == "year":
            return (g["y"], g["y"])
        if self.kind == "range":
            a = g["b1"] or g["c1"] or g["r1"] or g["d1"] or g["s1"]
            b = g["b2"] or g["c2"] or g["r2"] or g["d2"] or g["s2"]
            short = len(b) == 2
            if short:
                b = a[:2] + b
            if int(b) <= int(a):
                return None
            start = FISCAL_START.get(subject or "", 1)
            if short and int(b) == int(a) + 1 and start != 1:
                # "2023-24" for a state whose fiscal year is not the calendar year
                return (f"{a}-{start:02d}", f"{b}-{start - 1:02d}")
            return (a, b)
        if self.kind == "fy_span":
            y1, y4 = int(g["fs1"]), _year(g["fs4"], int(g["fs3"]))
            start = FISCAL_START.get(subject or "", 1)
            if start == 1:
                return (str(y1), str(y4))
            return (f"{y1}-{start:02d}", f"{y4}-{start - 1:02d}")
        if self.kind == "during_month":
            return (f"{g['dmy']}-{_mon(g['dm']):02d}", f"{g['dmy']}-{_mon(g['dm']):02d}")
        if self.kind == "same_period_of":
            y = g["spy"]
            if focus and len(focus[0]) > 4:
                return (f"{y}{focus[0][4:]}", f"{y}{focus[1][4:]}")
            return (y, y)
        if self.kind in ("fy_one", "fy_two"):
            if self.kind == "fy_one":
                y = _year(g["fy"])
                return fiscal(y, subject)
            y1 = _year(g["f1"] or g["g1"])
            y2 = _year(g["f2"] or g["g2"], y1)
            if y2 != y1 + 1:
                return None
            start = FISCAL_START.get(subject or "", 4)
            if start == 1:
                return (str(y1), str(y1))
            return (f"{y1}-{start:02d}", f"{y2}-{start - 1:02d}")
        if self.kind == "months":
            if g["my2"] is None and g["my1"] is None and published is None:
                return None
            y2 = int(g["my2"] or g["my1"] or (published.year if published else 0))
            y1 = int(g["my1"]) if g["my1"] else y2
            return (f"{y1}-{_mon(g['m1']):02d}", f"{y2}-{_mon(g['m2']):02d}")
        year = self._year_of(published)
        if self.kind == "half":
            hy: str | None = g["hy"] or g["hny"] or year
            if hy is None:
                return None
            first = (g["h"] or "").lower() == "first" or g["hn"] == "1"
            return (f"{hy}-01", f"{hy}-06") if first else (f"{hy}-07", f"{hy}-12")
        if self.kind == "quarters":
            last = 3 * (2 if g["nq"].lower() == "two" else 3)
            return (f"{g['nqy']}-01", f"{g['nqy']}-{last:02d}")
        if self.kind == "quarter":
            qy: str = g["qy"] or g["qny"]
            q = {"first": 1, "second": 2, "third": 3, "fourth": 4}.get(
                (g["q"] or "").lower()) or int(g["qn"])
            return (f"{qy}-{3 * q - 2:02d}", f"{qy}-{3 * q:02d}")
        if self.kind == "months_of":
            ny: str | None = g["ny"] or year
            n = _small(g["n"])
            if ny is None or n is None:
                return None
            return (f"{ny}-01", f"{ny}-{n:02d}")
        rel = re.sub(r"\s+", " ", g["rel"].lower())
        if g.get("nyears") or g.get("nspan"):
            # "the previous five years", "over a five-year period": years ending with the
            # year before the text's date, or (an undated text) with the text's current year
            n = _small(g.get("nyears") or g.get("nspan") or "") or 0
            if not n:
                return None
            if published is not None:
                return (str(published.year - n), str(published.year - 1))
            if focus is not None:
                end = int(focus[1][:4])
                return (str(end - n + 1), str(end))
            return None
        if rel.startswith(("during the year", "that year", "for the year", "in the year",
                           "the year's", "the same year", "over the year")) or \
                rel == "the same period" or rel.endswith(" the period") or \
                rel.endswith("the same period") and not rel.startswith("the same"):
            return focus
        if rel.startswith(("the previous", "the year before", "a year", "the prior",
                           "the preceding", "the same period")):
            if focus is not None:
                return shift(focus, -1)
            return None
        if published is None:
            return None
        if rel.startswith(("since", "so far", "year")):
            return (f"{published.year}-01", f"{published.year}-{published.month:02d}")
        if rel.startswith(("this", "the current", "current")):
            y0 = published.year
        else:
            y0 = published.year - 1
        if rel.endswith("fiscal"):
            rel = rel + " year"
        if "fiscal" in rel or "financial" in rel:
            return fiscal(y0 if (FISCAL_START.get(subject or "", 1) == 1) else y0 + 1, subject)
        return (str(y0), str(y0))

    def _year_of(self, published: date | None) -> str | None:
        g = self.m.groupdict()
        rel = (g.get("hrel") or g.get("nrel") or "").lower()
        if published is None:
            return None
        if rel == "last":
            return str(published.year - 1)
        return str(published.year)


def fiscal(y: int, subject: str | None) -> Period:
    """Fiscal year ``y`` of ``subject`` (the year it ends in; India's FY2025 is 2024-25)."""
    start = FISCAL_START.get(subject or "", 1)
    if start == 1:
        return (str(y), str(y))
    return (f"{y - 1}-{start:02d}", f"{y}-{start - 1:02d}")


def shift(period: Period, years: int) -> Period:
    def move(s: str) -> str:
        return str(int(s[:4]) + years) + s[4:]
    return (move(period[0]), move(period[1]))


def _year(s: str, ref: int | None = None) -> int:
    if len(s) == 4:
        return int(s)
    if ref is not None:
        return ref // 100 * 100 + int(s)
    return 2000 + int(s)


def _mon(s: str) -> int:
    return _MONTH_NUM[s.lower()[:3]]


def _small(s: str) -> int | None:
    words = {"two": 2, "three": 3, "four": 4, "five": 5, "six": 6, "seven": 7, "eight": 8,
             "nine": 9, "ten": 10, "eleven": 11, "twelve": 12}
    return int(s) if s.isdigit() else words.get(s.lower())


def mentions(text: str) -> list[Mention]:
    """The period expressions of one sentence's (normalized) text, left to right; an
    earlier pattern wins where two overlap."""
    taken: list[Mention] = []
    for kind, rx in _COMPILED:
        for m in rx.finditer(text):
            a, b = m.start(), m.end()
            while a < b and text[a].isspace():
                a += 1
            if a >= b or any(t.start < b and a < t.end for t in taken):
                continue
            taken.append(Mention(a, b, kind, m))
    taken.sort(key=lambda p: p.start)
    return taken
