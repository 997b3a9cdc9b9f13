"""SIPRI's trade-register view of deals: per recipient and supplier, the columns SIPRI prints
(number ordered, weapon designation and description, year of order, years of delivery, number
delivered, comments) with SIPRI's marks: an estimated number or year in parentheses, the
delivery years as ranges ('1992-2003', '2012; 2015-2016').

For a year range, the years of delivery and the number delivered are those in the range, as in
SIPRI's own register export for selected years; with every year (no range) they are the deal's.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from pydantic import Field

from armsledger.citation import source_note
from armsledger.results import Model

if TYPE_CHECKING:
    from armsledger.analysis.deals import DealList


class RegisterRow(Model):
    recipient: str
    supplier: str
    ordered: str
    designation: str | None
    description: str | None
    order_year: str
    delivery_years: str
    delivered: str
    comments: str | None
    deal_id: str


class RegisterView(Model):
    """Deals in SIPRI's register layout (``GET /api/register``)."""

    release: str
    period: str | None = Field(description="Years of delivery shown (None: every year)")
    source: str
    total: int
    rows: list[RegisterRow]
    note: str = Field(default=(
        "Numbers and years in parentheses are SIPRI's estimates. For a year range, years of "
        "delivery and numbers delivered are those in the range, as in SIPRI's register for "
        "selected years."))


def _marked(value: int | None, estimated: bool | None) -> str:
    """A number or year as SIPRI prints it: '(1300)' when estimated, '' when unknown."""
    if value is None:
        return ""
    return f"({value})" if estimated else str(value)


def year_ranges(years: list[int]) -> str:
    """Years as SIPRI's register writes them: runs as ranges, joined by '; '."""
    out: list[str] = []
    run: list[int] = []
    for y in sorted(set(years)):
        if run and y != run[-1] + 1:
            out.append(str(run[0]) if len(run) == 1 else f"{run[0]}-{run[-1]}")
            run = []
        run.append(y)
    if run:
        out.append(str(run[0]) if len(run) == 1 else f"{run[0]}-{run[-1]}")
    return "; ".join(out)


def _delivered(record: dict[str, Any], shown: list[dict[str, Any]]) -> str:
    """The number delivered in the years shown, as SIPRI's register gives it for a year range
    ("'Number delivered' and 'Year(s) of delivery' refer only to deliveries in the selected
    year(s)"): the deal's own number when every delivery is shown, else the sum of the
    years shown, in parentheses when any of them is an estimate."""
    total, flag = record.get("number_delivered"), record.get("number_delivered_estimated")
    numbers = [d.get("number") for d in shown]
    if not shown or any(n is None for n in numbers):
        return _marked(total, flag)
    part: int = sum(int(n) for n in numbers if n is not None)
    if total is not None and part == total:
        return _marked(total, flag)
    return _marked(part, any(d.get("estimated") for d in shown))


def register_view(result: DealList) -> RegisterView:
    """:func:`register_rows` with the release, period and source they come from."""
    return RegisterView(release=result.release.name, period=result.period,
                        source=source_note(result.release), total=result.total,
                        rows=register_rows(result))


def register_rows(result: DealList) -> list[RegisterRow]:
    """The deals of ``result`` in SIPRI's register layout, ordered by recipient, supplier and
    year of order (as SIPRI's register is)."""
    rows = []
    for r in result.records():
        shown = [d for d in r.get("deliveries") or [] if d.get("year") is not None]
        years = [d["year"] for d in shown]
        rows.append(RegisterRow(
            recipient=r["recipient"], supplier=r["supplier"],
            ordered=_marked(r.get("number_ordered"), r.get("number_ordered_estimated")),
            designation=r.get("designation"), description=r.get("description"),
            order_year=_marked(r.get("order_year"), r.get("order_year_estimated")),
            delivery_years=year_ranges(years),
            delivered=_delivered(r, shown),
            comments=r.get("comments"), deal_id=r["deal_id"]))
    rows.sort(key=lambda x: (x.recipient, x.supplier, x.order_year.strip("()") or "9999",
                             x.designation or ""))
    return rows
