"""SIPRI's trade-register view of a supplier/recipient pair (``deals --format register``)."""

from __future__ import annotations

from typer.testing import CliRunner

from armsledger.analysis.deals import deals
from armsledger.analysis.register_view import register_rows, year_ranges
from armsledger.cli import app
from armsledger.query import FigureQuery
from armsledger.store import Store


def test_delivery_years_are_written_as_sipri_writes_them():
    assert year_ranges([1992, 1993, 1994, 2003]) == "1992-1994; 2003"
    assert year_ranges([2015, 2012, 2016, 2015]) == "2012; 2015-2016"
    assert year_ranges([]) == ""


def test_the_register_of_a_pair_marks_estimates_and_keeps_every_deal(bundled_db):
    with Store(bundled_db, read_only=True) as store:
        result = deals(store, FigureQuery.build(supplier="Russia", recipient="India"))
        rows = register_rows(result)
    assert len(rows) == result.total and {r.recipient for r in rows} == {"India"}
    records = {r["deal_id"]: r for r in result.records()}
    for row in rows:
        rec = records[row.deal_id]
        if rec["number_ordered"] is not None:
            shown = str(rec["number_ordered"])
            assert row.ordered == (f"({shown})" if rec["number_ordered_estimated"] else shown)
        years = sorted({d["year"] for d in rec["deliveries"]})
        if years:
            assert row.delivery_years.startswith(str(years[0]))
            assert row.delivery_years.endswith(str(years[-1]))
    orders = [r.order_year.strip("()") for r in rows]
    assert orders == sorted(orders, key=lambda y: y or "9999")


def test_the_cli_prints_the_register(bundled_db):
    r = CliRunner().invoke(app, ["--db", str(bundled_db), "deals", "--supplier", "Russia",
                                 "--recipient", "India", "--from", "2024", "--to", "2025",
                                 "--format", "register", "--limit", "3"])
    assert r.exit_code == 0, r.output
    assert "Trade register" in r.output and "Year(s) of delivery" in r.output
    assert "in parentheses are SIPRI's estimates" in " ".join(r.output.split())
