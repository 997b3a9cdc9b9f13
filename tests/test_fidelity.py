"""SIPRI's published fact-sheet figures reproduced from the bundled releases of the same SIPRI
update (bench/fidelity.py prints every figure; these pin the ones issue 11 names and a few
more). Each value is compared at its published rounding."""

from __future__ import annotations

import statistics

import pytest

from armsledger.analysis.profile import profile
from armsledger.analysis.ranking import top
from armsledger.analysis.trend import trend
from armsledger.query import FigureQuery
from armsledger.store import Store

REGISTER_2024 = "sipri-register-2024-10"
DY = "sipri-deliveries-2026-02"
REGISTER_2026 = "sipri-register-2026-05"


def at(value: float | None, published: float, rounding: float = 1) -> bool:
    return value is not None and abs(value - published) <= rounding / 2 + 1e-9


@pytest.fixture(scope="module")
def store(bundled_db):
    with Store(bundled_db, read_only=True) as s:
        yield s


def share_change(store, role, actor, period, release):
    t = top(store, role, FigureQuery.build(period=period, release=release), limit=None)
    row = next(r for r in t.ranking if r.actor == actor)
    return row.share_pct, row.change_pct, t.world_change_pct


def test_march_2024_fact_sheet_on_the_october_2024_register(store):
    """2019-23 vs 2014-18 (SIPRI, 11 March 2024): world -3.3%; USA 42%, +17%; India +4.7%;
    Qatar +396%; Japan +155% (the even split gave -4.9%, 40.9%/+12.6%, -2.2%, +347%, +103%)."""
    usa, usa_change, world = share_change(store, "exporter", "United States", "2019-2023",
                                          REGISTER_2024)
    assert at(world, -3.3, 0.1) and at(usa, 42) and at(usa_change, 17)
    for state, published, rounding in (("India", 4.7, 0.1), ("Qatar", 396, 1),
                                       ("Japan", 155, 1)):
        _, change, _ = share_change(store, "importer", state, "2019-2023", REGISTER_2024)
        assert at(change, published, rounding), (state, change)


def test_yearly_values_match_sipris_tiv_table_of_the_same_release(store):
    """Top 15 exporters 2014-2023: within a median 1% and a maximum 10% of SIPRI's table."""
    top15 = top(store, "exporter", FigureQuery.build(period="2014-2023", compare="none",
                                                    release="sipri-tiv-exports-2024-10"),
                limit=15)
    diffs = []
    for r in top15.ranking:
        t = trend(store, r.actor, year_from=2014, year_to=2023, release=REGISTER_2024)
        assert t.sipri_table == "sipri-tiv-exports-2024-10"
        diffs += [abs(p.sipri_table_diff_pct) for p in t.series if p.sipri_table_diff_pct
                  is not None]
    assert len(diffs) == 150
    assert statistics.median(diffs) <= 1 and max(diffs) <= 10


def test_russia_recipient_states_by_year(store):
    """SIPRI (March 2024): Russia delivered major arms to 31 states in 2019, 12 in 2023."""
    t = trend(store, "Russia", year_from=2019, year_to=2023, release=REGISTER_2024)
    states = {p.year: p.counterpart_states for p in t.series}
    assert (states[2019], states[2023]) == (31, 12)


def test_march_2026_fact_sheet_on_the_may_2026_register(store):
    """2021-25 vs 2016-20 (SIPRI, 9 March 2026): USA 42% (36% in 2016-20), France 9.8%,
    Russia 6.8% and -64%, China 5.6%, Italy 5.1%; Europe +210%, Africa -41%, Americas +12%,
    Asia and Oceania -20%; the USA 58% of European NATO's imports (today's members)."""
    shares = {}
    for state in ("United States", "France", "Russia", "China", "Italy"):
        shares[state] = share_change(store, "exporter", state, "2021-2025", REGISTER_2026)
    assert at(shares["United States"][0], 42) and at(shares["France"][0], 9.8, 0.1)
    assert at(shares["Russia"][0], 6.8, 0.1) and at(shares["Russia"][1], -64)
    assert at(shares["China"][0], 5.6, 0.1) and at(shares["Italy"][0], 5.1, 0.1)
    usa_before, _, _ = share_change(store, "exporter", "United States", "2016-2020",
                                    REGISTER_2026)
    assert at(usa_before, 36)
    for region, published in (("Europe", 210), ("Africa", -41), ("Americas", 12),
                              ("Asia and Oceania", -20)):
        p = profile(store, region, role="importer", period="2021-2025", release=REGISTER_2026)
        assert at(p.change_pct, published), (region, p.change_pct)
    nato = profile(store, "European NATO in 2025", role="importer", period="2021-2025",
                   release=REGISTER_2026)
    usa = next(s for s in nato.suppliers if s.actor == "United States")
    assert at(usa.share_pct, 58)


def test_march_2025_regions_on_the_delivery_year_export(store):
    """2020-24 vs 2015-19 (SIPRI, 10 March 2025): Europe +155%, Middle East -20%, Africa -44%;
    European NATO's members of 2024: the USA 52% of their imports in 2015-19."""
    for region, published in (("Europe", 155), ("Middle East", -20), ("Africa", -44)):
        p = profile(store, region, role="importer", period="2020-2024", release=DY)
        assert at(p.change_pct, published), (region, p.change_pct)
    before = profile(store, "European NATO in 2024", role="importer", period="2015-2019",
                     compare=None, release=DY)
    assert at(next(s.share_pct for s in before.suppliers if s.actor == "United States"), 52)
