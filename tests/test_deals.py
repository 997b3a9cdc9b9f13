"""The deal register query and the typed deal record, on small data made here."""

from __future__ import annotations

import polars as pl
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from samples import delivery_year_text, register_text

from armsledger.analysis.deals import deals, get_deal
from armsledger.errors import ArmsledgerError, UnknownActorError
from armsledger.ingest import load_file
from armsledger.model import Status
from armsledger.query import FigureQuery
from armsledger.sources import read_source


def test_get_deal_typed_record(store, write):
    load_file(store, write("dy.csv", delivery_year_text()))
    deal = get_deal(store, "100")
    assert deal.supplier == "Russia" and deal.status is Status.NEW
    assert [(d.year, d.number, d.tiv) for d in deal.deliveries] == [(2002, 10, 500.0),
                                                                     (2003, 12, 600.0)]
    assert deal.deliveries[1].number_estimated and not deal.deliveries[0].number_estimated
    assert deal.tiv_delivered == 1100.0
    with pytest.raises(ArmsledgerError, match="no deal 'nope'"):
        get_deal(store, "nope")


def test_deals_sum_only_the_range(store, write):
    load_file(store, write("reg.csv", register_text()))
    result = deals(store, FigureQuery.build(supplier="Russia", year_from=2003, year_to=2003))
    assert result.deals.height == 1
    row = result.deals.row(0, named=True)
    assert row["designation"] == "Su-30MK"
    assert [d["year"] for d in row["deliveries"]] == [2003]
    assert row["tiv_delivered"] == pytest.approx(500)


def test_unknown_actor_suggestions(store, write):
    load_file(store, write("dy.csv", delivery_year_text()))
    with pytest.raises(UnknownActorError) as info:
        deals(store, FigureQuery.build(recipient="Indai"))
    assert info.value.suggestions[0] == "India"


years = st.lists(st.integers(1950, 2024), min_size=1, max_size=8, unique=True)


@settings(max_examples=60, deadline=None,
          suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(st.lists(st.tuples(years, st.integers(0, 5000), st.integers(0, 99999)),
                min_size=1, max_size=12))
def test_register_split_preserves_deal_totals(write, specs):
    """Property: splitting a deal's total over its years never adds or loses TIV or units."""
    rows = []
    for i, (ys, number, tiv_cents) in enumerate(specs):
        listed = "; ".join(str(y) for y in sorted(ys))
        rows.append(f"India,Russia,1990,,{number},,Item-{i},tank,{number},,{listed},New,,"
                    f"1,{tiv_cents / 100},{tiv_cents / 100}")
    parsed = read_source(write("reg.csv", register_text(rows)))
    per_deal = parsed.deliveries.group_by("deal_id").agg(
        n=pl.col("number").sum(), t=pl.col("tiv").sum(), k=pl.len(),
        split=pl.col("split_estimated").all(), any_split=pl.col("split_estimated").any())
    joined = parsed.deals.join(per_deal, on="deal_id")
    assert joined.height == len(specs)
    for row in joined.iter_rows(named=True):
        assert row["n"] == row["number_delivered"]
        assert row["t"] == pytest.approx(row["tiv_delivered"])
        assert row["k"] == len(row["delivery_years"].split("; "))
        # Split values are marked estimated exactly when there is more than one year.
        assert row["split"] == row["any_split"] == (row["k"] > 1)
