"""SIPRI's trade-register view of deals: per recipient and supplier, the columns SIPRI prints
(number ordered, weapon designation and description, year of order, years of delivery, number
delivered, comments), with SIPRI's marks: an estimated number or year in parentheses, the
delivery years as ranges ('1992-2003', '2012; 2015-2016').
"""

from __future__ import annotations

from typing import TYPE_CHECKING

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


def register_rows(result: DealList) -> list[RegisterRow]:
    """The deals of ``result`` in SIPRI's register layout, ordered by recipient, supplier and
    year of order (as SIPRI's register is)."""
    rows = []
    for r in result.records():
        years = [d["year"] for d in r.get("deliveries") or [] if d.get("year") is not None]
        rows.append(RegisterRow(
            recipient=r["recipient"], supplier=r["supplier"],
            ordered=_marked(r.get("number_ordered"), r.get("number_ordered_estimated")),
            designation=r.get("designation"), description=r.get("description"),
            order_year=_marked(r.get("order_year"), r.get("order_year_estimated")),
            delivery_years=year_ranges(years),
            delivered=_marked(r.get("number_delivered"), r.get("number_delivered_estimated")),
            comments=r.get("comments"), deal_id=r["deal_id"]))
    rows.sort(key=lambda x: (x.recipient, x.supplier, x.order_year.strip("()") or "9999",
                             x.designation or ""))
    return rows
