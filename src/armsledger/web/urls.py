"""URLs of the dashboard and the page parameters every page carries.

Every figure links to the deals behind it: :func:`deals_url` builds ``/deals`` links with the
filters that reproduce a figure, or the exact deal ids where no filter can.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from typing import Any
from urllib.parse import quote, urlencode

from armsledger.periods import Period
from armsledger.query import FigureQuery

MAX_IDS_IN_URL = 600
"""Deal ids beyond this are not put in a link (the URL would be too long)."""


# -- URLs -------------------------------------------------------------------------------------


def qs(params: dict[str, Any]) -> str:
    """``?a=1&b=2`` of the parameters that are set (True -> 1; lists joined by commas)."""
    clean: list[tuple[str, str]] = []
    for k, v in params.items():
        if v is None or v is False or v == "" or v == []:
            continue
        if v is True:
            v = "1"
        elif isinstance(v, list | tuple):
            v = ",".join(str(x) for x in v)
        clean.append((k, str(v)))
    return ("?" + urlencode(clean, safe=",")) if clean else ""


def deals_url(supplier: str | None = None, recipient: str | None = None,
              year_from: int | None = None, year_to: int | None = None, *,
              category: str | None = None, ids: Iterable[str] | None = None,
              open_orders: bool = False, release: str | None = None,
              include_predecessors: bool = False) -> str | None:
    """The /deals page with these filters; None when the deal ids are too many for a URL."""
    id_list = sorted(set(ids)) if ids is not None else None
    if id_list is not None:
        if not id_list:
            return None
        if len(id_list) > MAX_IDS_IN_URL:
            return None
    return "/deals" + qs({
        "supplier": supplier, "recipient": recipient, "from": year_from, "to": year_to,
        "category": category, "ids": id_list, "open_orders": open_orders,
        "include_predecessors": include_predecessors, "release": release,
    })


def actor_url(role: str, name: str, **params: Any) -> str:
    """The exporter (role 'exporter') or recipient page of an actor."""
    base = "/exporters/" if role == "exporter" else "/recipients/"
    return base + quote(name, safe="") + qs(params)


@dataclass(frozen=True, slots=True)
class Params:
    """A page's choices, carried into its links (None: the release's default)."""

    period: str | None = None
    compare: str = "previous"
    release: str | None = None
    include_predecessors: bool = False
    allow_partial: bool = False

    @classmethod
    def of(cls, query: FigureQuery, default: Period | None = None) -> Params:
        """The choices of ``query``; a period equal to the release's ``default`` is left out
        of links (the same page without it)."""
        period = query.period if query.period != default else None
        return cls(str(period) if period else None, str(query.compare), query.release,
                   query.include_predecessors, query.allow_partial)

    def page(self, **extra: Any) -> dict[str, Any]:
        """Query parameters that keep these choices (defaults left out)."""
        return {"period": self.period,
                "compare": None if self.compare == "previous" else self.compare,
                "include_predecessors": self.include_predecessors,
                "allow_partial": self.allow_partial,
                "release": self.release, **extra}


def years_of(period: str | None) -> tuple[int | None, int | None]:
    """First and last year of a period as the library writes it."""
    if not period:
        return None, None
    p = Period.parse(period)
    return p.start, p.end
