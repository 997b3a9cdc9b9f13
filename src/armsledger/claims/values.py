"""Reading what the lexicon's patterns matched: numbers, sums of money and periods.

:func:`money_value` reads a :func:`~armsledger.claims.lexicon.money_re` match;
:func:`period_value` reads a matched period expression (fiscal years by the state's
calendar, :data:`FY_START`); :func:`per_year` and :func:`shift_period` adjust units and
periods.
"""

from __future__ import annotations

import re
from datetime import date

from armsledger.claims.lexicon import (
    CURRENCY_CODES,
    CURRENCY_PREFIX,
    CURRENCY_WORDS,
    DOLLAR_ADJECTIVE,
    NUMBER_WORDS,
    ORDINALS,
    SCALE_WORDS,
)
from armsledger.sources.article import MONTH_NUMBER


def number(s: str) -> float:
    """``21,083`` -> 21083.0; ``twelve`` -> 12.0; ``twenty-five`` -> 25.0."""
    s = s.lower().strip()
    if s in NUMBER_WORDS:
        return float(NUMBER_WORDS[s])
    if "-" in s:
        tens, _, unit = s.partition("-")
        return float(NUMBER_WORDS.get(tens, 0) + NUMBER_WORDS.get(unit, 0))
    return float(s.replace(",", ""))


def money_value(m: re.Match[str]) -> tuple[float, str, str] | None:
    """(value, unit, ISO currency) of a :func:`money_re` match; None without a currency.

    Lakh crore is counted in crore; a bare number (``$500,000,000``) gets the largest scale.
    """
    value = float((m["num1"] or m["num2"]).replace(",", ""))
    scale = SCALE_WORDS.get(re.sub(r"\s+", " ", (m["scale1"] or m["scale2"] or "").lower()))
    pre, word = m["pre"], (m["word1"] or m["word2"] or "")
    currency = CURRENCY_PREFIX.get(pre or "") or (pre if pre in CURRENCY_CODES else None)
    if word:
        adj = (m["adj1"] or m["adj2"] or "").lower()
        currency = DOLLAR_ADJECTIVE.get(adj) or CURRENCY_WORDS.get(word.lower()) or \
            CURRENCY_WORDS.get(word) or currency
    currency = currency or m["code2"]
    if currency is None:
        return None
    if scale == "lakh crore":
        scale, value = "crore", value * 1e5
    elif scale == "lakh":
        scale, value = "crore", value / 100
    elif scale is None:
        for unit, size in (("billion", 1e9), ("million", 1e6), ("thousand", 1e3)):
            if value >= size:
                return value / size, unit, currency
        return None
    return value, scale, currency


# --- periods ---------------------------------------------------------------------------------

Period = tuple[str, str]
"""A claim's period: (start, end) as ``YYYY`` or ``YYYY-MM``."""
FY_START = {"USA": 10, "AUS": 7, "IND": 4, "GBR": 4, "JPN": 4, "PAK": 7, "CAN": 4, "NZL": 7}
"""Month a fiscal year starts, by state (US October, India and UK April ...)."""


def per_year(unit: str, value: float) -> tuple[str, float]:
    """A yearly money figure over a range of years, in billion or million per year."""
    if unit == "million":
        return "million per year", value
    scale = {"billion": 1.0, "trillion": 1e3, "thousand": 1e-6, "crore": 1e-2}[unit]
    return "billion per year", value * scale


def shift_period(period: Period, years: int) -> Period:
    def move(s: str) -> str:
        return f"{int(s[:4]) + years}{s[4:]}"
    return move(period[0]), move(period[1])


def period_value(kind: str, m: re.Match[str], subject: str | None,
                 published: date | None = None) -> Period | None:
    """The period an explicit expression names; fiscal years follow the subject's calendar."""
    if kind == "year":
        return m["y"], m["y"]
    if kind == "range":
        y1 = m["b1"] or m["c1"] or m["r1"]
        y2 = m["b2"] or m["c2"] or m["r2"]
        if len(y2) == 2:
            if int(y2) == (int(y1) + 1) % 100 and subject in ("IND", "GBR", "PAK", "JPN"):
                return fiscal_two(int(y1), subject)
            y2 = y1[:2] + y2
        return (y1, y2) if int(y2) >= int(y1) else None
    if kind == "fy_two":
        return fiscal_two(int(m["f1"] or m["g1"]), subject)
    if kind == "fy_one":
        y = int(m["fy"]) if len(m["fy"]) == 4 else 2000 + int(m["fy"])
        start = FY_START.get(subject or "USA", 10)
        if subject == "JPN":
            return f"{y}-04", f"{y + 1}-03"
        return f"{y - 1}-{start:02d}", f"{y}-{start - 1:02d}"
    if kind == "months":
        m1, m2 = MONTH_NUMBER[m["m1"].lower()[:3]], MONTH_NUMBER[m["m2"].lower()[:3]]
        return f"{m['my1']}-{m1:02d}", f"{m['my2']}-{m2:02d}"
    if kind == "half":
        half_year, first = m["hy"], m["h"].lower() == "first"
        return ((f"{half_year}-01", f"{half_year}-06") if first
                else (f"{half_year}-07", f"{half_year}-12"))
    if kind == "quarter":
        q = int(m["qn"]) if m["qn"] else ORDINALS[m["q"].lower()]
        q_year = m["qny"] or m["qy"]
        return f"{q_year}-{3 * q - 2:02d}", f"{q_year}-{3 * q:02d}"
    if kind == "since":
        return (m["sy"], str(published.year)) if published else None
    if kind == "months_of":
        n = NUMBER_WORDS.get(m["n"].lower())
        return (f"{m['ny']}-01", f"{m['ny']}-{n:02d}") if n and n <= 12 else None
    return None


def fiscal_two(y1: int, subject: str | None) -> Period:
    start = FY_START.get(subject or "IND", 4)
    if start == 10:
        return f"{y1}-10", f"{y1 + 1}-09"
    return f"{y1}-{start:02d}", f"{y1 + 1}-{start - 1:02d}"
