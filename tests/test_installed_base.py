"""Installed base by origin (analysis.installed_base): computed by hand on small registers the
tests make, properties, figures checked against the bundled register's rows, and the CLI."""

from __future__ import annotations

import json
import math

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from samples import delivery_year_text, register_text
from typer.testing import CliRunner

from armsledger.analysis.installed_base import (
    ALL_CATEGORIES,
    CAVEAT_RETIREMENT,
    CAVEAT_SUCCESSION,
    DEFAULT_SERVICE_LIFE,
    dependence,
    dependence_for,
    installed_base,
    installed_base_for,
    origin_groups,
    parse_service_life,
    second_hand_flows,
    second_hand_for,
    service_lives,
    supplier_base,
    supplier_base_for,
)
from armsledger.categories import CATEGORIES
from armsledger.cli import app
from armsledger.errors import InvalidRequestError, UnknownActorError, UnknownCategoryError
from armsledger.ingest import load_file
from armsledger.periods import Period
from armsledger.query import FigureQuery
from armsledger.store import Store

runner = CliRunner()


def dy(deal: int, supplier: str, recipient: str, year: int, number: int, tiv: float, *,
       category: str = "Aircraft", designation: str | None = None, status: str = "New",
       local: str = "No", order: int | None = None) -> str:
    """A delivery-year export line: ``number`` units worth ``tiv`` delivered in ``year``
    (ordered in ``order``, default the delivery year)."""
    designation = designation or f"X-{deal}"
    unit = tiv / number if number else tiv
    order = year if order is None else order
    return (f"{deal},{supplier},{recipient},{designation},system,{category},{order},No,{number},"
            f"No,{year},No,{status},{unit},{unit},{tiv},{local}")


@pytest.fixture
def small(store, write):
    """A store with the delivery-year lines a test gives; returns (store, release)."""

    def make(lines: list[str]):
        load_file(store, write("dy.csv", delivery_year_text(lines)))
        return store, store.release()

    return make


def rows_of(base, **where):
    return [r for r in base.rows if all(getattr(r, k) == v for k, v in where.items())]


def share(base, recipient: str, origin: str, category: str = ALL_CATEGORIES):
    found = [s for s in base.shares
             if (s.recipient, s.origin, s.category) == (recipient, origin, category)]
    return found[0] if found else None


# --- service life -------------------------------------------------------------------------------


def test_a_unit_counts_from_its_delivery_year_until_the_life_ends(small):
    store, rel = small([dy(1, "France", "Chad", 1990, 10, 50.0)])  # Aircraft: 35 years
    assert DEFAULT_SERVICE_LIFE["Aircraft"] == 35
    counted = {y: installed_base(store, rel, ["Chad"], y).units
               for y in (1989, 1990, 2024, 2025)}
    assert counted == {1989: 0, 1990: 10, 2024: 10, 2025: 0}  # 1990 <= Y < 1990 + 35
    row, = installed_base(store, rel, ["Chad"], 2024).rows
    assert (row.units, row.tiv, row.delivery_years, row.counted_until, row.deal_ids) == (
        10, 50.0, [1990], 2024, ["1"])
    assert row.origin == "France" and row.supplier == "France" and row.category == "Aircraft"


def test_each_delivery_year_expires_on_its_own(small):
    store, rel = small([dy(1, "France", "Chad", 1990, 4, 40.0, designation="Mirage"),
                        dy(1, "France", "Chad", 1992, 6, 60.0, designation="Mirage",
                           order=1990)])
    b = installed_base(store, rel, ["Chad"], 2025)  # the 1990 units expired, 1992's not
    row, = b.rows
    assert (row.units, row.tiv, row.delivery_years, row.counted_until) == (6, 60.0, [1992],
                                                                           2026)
    assert installed_base(store, rel, ["Chad"], 2027).units == 0


def test_overrides_change_the_life_and_say_so(small):
    store, rel = small([dy(1, "France", "Chad", 1990, 10, 50.0)])
    b = installed_base(store, rel, ["Chad"], 2025, service_life="aircraft=40")
    assert b.units == 10 and b.rows[0].counted_until == 2029
    lives = {a.category: (a.years, a.source) for a in b.service_life}
    assert lives["Aircraft"] == (40, "override")
    assert lives["Ships"] == (35, "default")
    assert "Missiles" not in lives  # consumed: no service life
    assert installed_base(store, rel, ["Chad"], 2025, service_life=["Aircraft=36"]).units == 10


def test_parse_service_life_accepts_spellings_and_names_bad_items():
    assert parse_service_life(None) == {}
    assert parse_service_life("aircraft=40, air defence systems=25") == {
        "Aircraft": 40, "Air-defence systems": 25}
    assert parse_service_life(["Ship=30", "armoured vehicle=45"]) == {
        "Ships": 30, "Armoured vehicles": 45}
    assert parse_service_life({"sensors": 20}) == {"Sensors": 20}
    for bad in ("aircraft", "aircraft=", "aircraft=abc", "aircraft=0", "aircraft=101",
                "aircraft=4.5", "aircraft=40,aircraft=30"):
        with pytest.raises(InvalidRequestError) as e:
            parse_service_life(bad)
        assert e.value.details["item"] in bad
    with pytest.raises(InvalidRequestError, match="missiles=5.*consumed"):
        parse_service_life("missiles=5")
    with pytest.raises(UnknownCategoryError, match="'airplane'"):
        parse_service_life("airplane=40")
    assert [a.category for a in service_lives()] == [c for c in CATEGORIES
                                                     if c != "Missiles"]


def test_unknown_category_filter_is_the_category_error(small):
    store, rel = small([dy(1, "France", "Chad", 1990, 10, 50.0)])
    with pytest.raises(UnknownCategoryError):
        installed_base(store, rel, ["Chad"], 2000, category="airplane")
    with pytest.raises(UnknownCategoryError):
        installed_base_for(store, FigureQuery(recipient="Chad", category="airplane"))
    b = installed_base(store, rel, ["Chad"], 2000, category="aircraft")
    assert b.category == "Aircraft" and b.units == 10
    assert {s.category for s in b.shares} == {"Aircraft"}


# --- origin groups, licensed production, missiles, unknown category -----------------------------


def test_predecessors_count_with_their_successor_visibly(small):
    store, rel = small([
        dy(1, "Soviet Union", "Algeria", 1985, 20, 100.0, category="Armoured vehicles"),
        dy(2, "Russia", "Algeria", 2010, 10, 200.0, category="Armoured vehicles"),
        dy(3, "Czechoslovakia", "Algeria", 1988, 5, 10.0, category="Armoured vehicles"),
        dy(4, "France", "Algeria", 2000, 5, 90.0, category="Armoured vehicles"),
    ])
    b = installed_base(store, rel, ["Algeria"], 2020)  # armoured vehicles: 40 years
    ru = share(b, "Algeria", "Russia incl. Soviet Union")
    assert (ru.units, ru.tiv, ru.deal_ids) == (30, 300.0, ["1", "2"])
    assert ru.units_share_pct == pytest.approx(100 * 30 / 40)
    assert ru.tiv_share_pct == pytest.approx(100 * 300 / 400)
    cz = share(b, "Algeria", "Czechia incl. Czechoslovakia")
    assert (cz.units, cz.tiv) == (5, 10.0)
    groups = {g.origin: g.members for g in b.origin_groups}
    assert groups["Russia incl. Soviet Union"] == ["Russia", "Soviet Union"]
    assert groups["Czechia incl. Czechoslovakia"] == ["Czechoslovakia"]
    assert {r.supplier for r in rows_of(b, origin="Russia incl. Soviet Union")} == {
        "Russia", "Soviet Union"}
    assert b.headline[0].origin == "Russia incl. Soviet Union"


def test_origin_groups_follow_the_predecessor_table():
    names = ["Soviet Union", "Russia", "Czechoslovakia", "Slovakia", "Czechia", "France",
             "Yugoslavia", "East Germany (GDR)"]
    g = origin_groups(names)
    assert g["Soviet Union"] == g["Russia"] == "Russia incl. Soviet Union"
    assert g["Czechoslovakia"] == g["Czechia"] == "Czechia incl. Czechoslovakia"
    assert g["Slovakia"] == "Slovakia" and g["France"] == "France"
    assert g["Yugoslavia"] == "Serbia incl. Yugoslavia"
    assert g["East Germany (GDR)"] == "Germany incl. East Germany (GDR)"
    focused = origin_groups(names, focus="Slovakia")  # a query about Slovakia's designs
    assert focused["Czechoslovakia"] == focused["Slovakia"] == "Slovakia incl. Czechoslovakia"
    assert focused["Czechia"] == "Czechia"


def test_licensed_production_counts_for_the_licensee_as_the_licensors_design(small):
    store, rel = small([
        dy(1, "Russia", "India", 2010, 10, 500.0, designation="Su-30MK", local="Yes"),
        dy(2, "Russia", "India", 2005, 4, 200.0, designation="Su-30MK"),
    ])
    b = installed_base(store, rel, ["India"], 2020)
    licensed, = rows_of(b, licensed=True)
    assert (licensed.origin, licensed.supplier, licensed.recipient, licensed.units,
            licensed.deal_ids) == ("Russia incl. Soviet Union", "Russia", "India", 10, ["1"])
    imported, = rows_of(b, licensed=False)
    assert imported.units == 4
    assert share(b, "India", "Russia incl. Soviet Union").units == 14


def test_missiles_are_reported_apart_never_in_the_base(small):
    store, rel = small([
        dy(1, "Russia", "India", 2020, 100, 30.0, category="Missiles", designation="Igla"),
        dy(2, "Russia", "India", 2010, 50, 15.0, category="Missiles", designation="Igla"),
        dy(3, "France", "India", 2020, 2, 80.0, designation="Rafale"),
    ])
    b = installed_base(store, rel, ["India"], 2024)
    assert [r.designation for r in b.rows] == ["Rafale"] and b.units == 2
    assert all(s.origin == "France" for s in b.shares)
    m, = b.missiles  # the 2010 delivery is outside the 10 years 2015-2024
    assert (m.designation, m.units, m.tiv, m.delivery_years, b.missile_window) == (
        "Igla", 100, 30.0, [2020], "2015-2024")
    wider = installed_base(store, rel, ["India"], 2024, missile_years=15)
    assert wider.missiles[0].units == 150 and wider.missile_window == "2010-2024"


def test_deliveries_without_a_category_are_reported_apart(small):
    store, rel = small([dy(1, "France", "Chad", 2000, 3, 30.0, category=""),
                        dy(2, "France", "Chad", 2000, 1, 10.0)])
    b = installed_base(store, rel, ["Chad"], 2010)
    assert b.units == 1 and b.tiv == 10.0
    u, = b.uncategorised
    assert (u.units, u.tiv, u.deal_ids, u.category) == (3, 30.0, ["1"], None)
    assert (b.uncategorised_units, b.uncategorised_tiv) == (3, 30.0)
    assert any("no known SIPRI category" in c and "75%" in c for c in b.caveats)


def test_every_result_carries_its_assumptions_and_caveats(small):
    store, rel = small([dy(1, "France", "Chad", 1990, 10, 50.0)])
    b = installed_base(store, rel, ["Chad"], 2000)
    d = b.to_dict()
    assert CAVEAT_RETIREMENT in d["caveats"] and "not modelled" in CAVEAT_RETIREMENT
    assert d["unit"] == "TIV, millions" and d["sensitivity_years"] == 10
    assert {a["category"] for a in d["service_life"]} == set(DEFAULT_SERVICE_LIFE)
    assert "delivery year <= Y < delivery year + the service life" in d["method"]
    assert installed_base(store, rel, ["Chad"], 2030).warnings == [
        "release 'sipri-delivery-year-2026-02-12' has deliveries to 1990: deliveries after "
        "1990 are not counted at 2030"]


# --- shares and their sensitivity, by hand ------------------------------------------------------


def test_shares_and_their_sensitivity_by_hand(small):
    store, rel = small([dy(1, "United States", "Peru", 2000, 2, 60.0),
                        dy(2, "Soviet Union", "Peru", 1985, 4, 40.0)])
    b = installed_base(store, rel, ["Peru"], 2025)
    us = share(b, "Peru", "United States")
    # lives 35: only the US units (2000 + 35 > 2025; 1985 + 35 = 2020 is not)
    assert (us.units, us.tiv, us.units_share_pct, us.tiv_share_pct) == (2, 60.0, 100.0, 100.0)
    # lives 25: 2000 + 25 = 2025 is not > 2025 either: nothing in service, no share
    assert us.units_share_pct_life_minus_10 is None and us.tiv_share_pct_life_minus_10 is None
    # lives 45: both, 1985 + 45 = 2030 > 2025
    assert us.units_share_pct_life_plus_10 == pytest.approx(100 * 2 / 6)
    assert us.tiv_share_pct_life_plus_10 == pytest.approx(100 * 60 / 100)
    # nothing Soviet at lives 35, but the origin is shown, for its share at lives 45: a
    # reader sees the +10 column add up to 100 and which origin would gain
    su = share(b, "Peru", "Russia incl. Soviet Union")
    assert (su.units, su.tiv, su.units_share_pct, su.tiv_share_pct) == (0, 0.0, 0.0, 0.0)
    assert su.units_share_pct_life_plus_10 == pytest.approx(100 * 4 / 6)
    assert su.tiv_share_pct_life_plus_10 == pytest.approx(100 * 40 / 100)
    assert [h.origin for h in b.headline] == ["United States"]


def test_supplier_view_and_dependence_by_hand(small):
    store, rel = small([
        dy(1, "Soviet Union", "Angola", 1995, 30, 60.0, category="Armoured vehicles"),
        dy(2, "China", "Angola", 2015, 10, 90.0, category="Armoured vehicles"),
        dy(3, "Russia", "Angola", 2015, 2, 40.0, category="Aircraft"),
        dy(4, "France", "Chad", 2015, 5, 50.0, category="Aircraft"),
        dy(5, "Russia", "Chad", 2015, 1, 10.0, category="Aircraft"),
    ])
    sv = supplier_base(store, rel, "Russia", 2020)
    assert sv.origin == "Russia incl. Soviet Union"
    assert sv.origin_members == ["Russia", "Soviet Union"]
    angola, chad = sv.rows
    assert (angola.recipient, angola.origin_units, angola.total_units,
            angola.origin_tiv, angola.total_tiv) == ("Angola", 32, 42, 100.0, 190.0)
    assert angola.tiv_share_pct == pytest.approx(100 * 100 / 190)
    assert angola.majority_tiv and angola.majority_units
    assert angola.largest_origin == "Russia incl. Soviet Union"
    assert angola.deal_ids == ["1", "3"]
    assert (chad.origin_units, chad.total_units, chad.majority_tiv) == (1, 6, False)
    assert chad.largest_origin == "France"
    assert sv.majority_recipients == ["Angola"]
    dep = dependence(store, rel, ["Angola", "Chad"], "Soviet Union", 2020, group="test")
    by = {(r.recipient, r.category): r for r in dep.rows}
    assert by[("Angola", "Armoured vehicles")].tiv_share_pct == pytest.approx(40.0)
    assert not by[("Angola", "Armoured vehicles")].majority_tiv
    assert by[("Angola", "Armoured vehicles")].majority_units  # 30 of 40 units
    assert by[("Angola", "Armoured vehicles")].largest_origin == "China"
    assert by[("Angola", "Aircraft")].tiv_share_pct == 100.0
    assert by[("Chad", "Aircraft")].origin_units == 1
    assert dep.origin == "Russia incl. Soviet Union" and dep.majority_states == ["Angola"]


def test_query_functions_resolve_groups_and_releases(small):
    store, rel = small([
        dy(1, "Soviet Union", "Angola", 1995, 30, 60.0, category="Armoured vehicles"),
        dy(2, "France", "Chad", 2015, 5, 50.0),
        dy(3, "France", "India", 2015, 5, 50.0),
    ])
    b = installed_base_for(store, FigureQuery.build(recipient="Africa"), as_of=2015)
    assert b.label == "Africa" and set(b.recipients) >= {"Angola", "Chad"}
    assert "India" not in {r.recipient for r in b.rows}
    assert installed_base_for(store, FigureQuery.build(recipient="Chad")).as_of == 2015
    sv = supplier_base_for(store, FigureQuery.build(supplier="Soviet Union",
                                                    recipient="Africa"), as_of=2015)
    assert sv.origin == "Russia incl. Soviet Union" and sv.within == "Africa"
    assert [r.recipient for r in sv.rows] == ["Angola"]
    dep = dependence_for(store, FigureQuery.build(supplier="France", recipient="Africa"),
                         as_of=2015)
    assert dep.group == "Africa" and dep.majority_states == ["Chad"]
    with pytest.raises(InvalidRequestError, match="is a group"):
        supplier_base_for(store, FigureQuery.build(supplier="Europe"))
    with pytest.raises(UnknownActorError):
        installed_base_for(store, FigureQuery.build(recipient="Atlantis"))


# --- second-hand flows --------------------------------------------------------------------------

REG = [
    # recipient, supplier, order, ?, ordered, ?, designation, description, delivered, ?, years,
    # status, comments, unit, order TIV, delivered TIV
    "Cuba,Soviet Union,1975,,50,,T-62,tank,50,,1976,New,,1,50,50",
    "Ghana,Ukraine,2000,,10,,T-62,tank,10,,2001,Second hand,Second-hand,0.4,4,4",
    "Sudan,Belarus,2000,,20,,BTR-70,APC,20,,2001,Second hand,Second-hand,0.1,2,2",
    "Cuba,Soviet Union,1975,,50,,BMP-1,IFV,50,,1976,New,,1,50,50",
    "Syria,Czechoslovakia,1980,,30,,BMP-1,IFV,30,,1981,New,,1,30,30",
    "Angola,Bulgaria,2000,,5,,BMP-1,IFV,5,,2001,Second hand,Second-hand,0.4,2,2",
    "Angola,Kazakhstan,2001,,6,,M-46 130mm,towed gun,6,,2002,Second hand,"
    "Second-hand; ex-Soviet,0.5,3,3",
    "Vietnam,Ukraine,2002,,2,,AK-176,naval gun,2,,2003,Second hand,"
    "Second-hand; for 1 corvette produced in Russia,1,2,2",
    "Iran,Russia,2002,,4,,T-62,tank,4,,2003,Second hand,Second-hand,0.4,1.6,1.6",
    "India,Soviet Union,1980,,10,,vehicle engine,diesel engine,10,,1981,New,,0.1,1,1",
    "Chad,Ukraine,2004,,3,,vehicle engine,diesel engine,3,,2005,Second hand,Second-hand,0.1,"
    "0.3,0.3",
]


def load_register(store, write, rows):
    load_file(store, write("reg.csv", register_text(rows)))
    return store.release()


def test_second_hand_counts_only_explicit_cases(store, write):
    rel = load_register(store, write, REG)
    f = second_hand_flows(store, rel, "Russia", Period(1950, 2025))
    got = {(r.supplier, r.recipient, r.designation): r for r in f.rows}
    assert set(got) == {("Ukraine", "Ghana", "T-62"), ("Kazakhstan", "Angola", "M-46 130mm")}
    t62 = got[("Ukraine", "Ghana", "T-62")]
    assert (t62.basis, t62.units, t62.tiv, t62.delivery_years) == ("designation", 10, 4.0,
                                                                   [2001])
    assert len(t62.evidence_deal_ids) == 1 and "delivered new by Russia incl. Soviet" in (
        t62.evidence)
    m46 = got[("Kazakhstan", "Angola", "M-46 130mm")]
    assert m46.basis == "comment" and m46.evidence == "Second-hand; ex-Soviet"
    # BMP-1 was also delivered new by Czechoslovakia (no licence in the register): ambiguous;
    # BTR-70 was never delivered new by the group; 'produced in Russia' names the ship;
    # 'vehicle engine' is a generic designation; Russia's own second-hand sale is no flow
    assert f.ambiguous == 1
    assert (f.units, f.tiv, f.re_exporters) == (16, 7.0, ["Kazakhstan", "Ukraine"])
    assert f.origin == "Russia incl. Soviet Union" and "never guessed" in f.rule
    only = second_hand_flows(store, rel, "Russia", Period(1950, 2025), bases=("comment",))
    assert [r.designation for r in only.rows] == ["M-46 130mm"] and only.ambiguous == 0
    assert second_hand_flows(store, rel, "Russia", Period(2002, 2025)).units == 6


def test_a_registered_licensee_does_not_make_a_design_ambiguous(store, write):
    licence = ("Czechoslovakia,Soviet Union,1970,,1000,,BMP-1,IFV,1000,,1975,New,"
               "Produced under licence in Czechoslovakia,1,1000,1000")
    rel = load_register(store, write, [*REG, licence])
    f = second_hand_flows(store, rel, "Soviet Union", Period(1950, 2025))
    bmp, = [r for r in f.rows if r.designation == "BMP-1"]
    assert (bmp.supplier, bmp.recipient, bmp.basis, f.ambiguous) == (
        "Bulgaria", "Angola", "designation", 0)


def test_second_hand_query_checks_its_options(store, write):
    load_register(store, write, REG)
    with pytest.raises(InvalidRequestError, match="drop --category"):
        second_hand_for(store, FigureQuery.build(supplier="Russia", category="Ships"))
    with pytest.raises(InvalidRequestError, match="give a supplier"):
        second_hand_for(store, FigureQuery.build(recipient="Angola"))
    f = second_hand_for(store, FigureQuery.build(supplier="Russia", recipient="Angola"))
    assert [r.designation for r in f.rows] == ["M-46 130mm"] and f.within == "Angola"


# --- properties ---------------------------------------------------------------------------------

SUPPLIERS = ["Russia", "Soviet Union", "France", "United States", "Czechoslovakia", "Czechia"]
RECIPIENTS = ["India", "Algeria", "Peru"]
CATS = ["Aircraft", "Ships", "Sensors", "Missiles", "Armoured vehicles", "Satellites"]
deliveries = st.lists(
    st.tuples(st.sampled_from(SUPPLIERS), st.sampled_from(RECIPIENTS),
              st.integers(1960, 2024), st.integers(0, 40), st.integers(0, 900),
              st.sampled_from(CATS)),
    min_size=1, max_size=20)


def _load(tmp_path_factory, rows) -> Store:
    lines = [dy(i + 1, s, r, y, n, t / 10, category=c)
             for i, (s, r, y, n, t, c) in enumerate(rows)]
    path = tmp_path_factory.mktemp("ib") / "p.csv"
    path.write_text(delivery_year_text(lines))
    store = Store(path.with_suffix(".duckdb"))
    load_file(store, path)
    return store


@settings(max_examples=25, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(deliveries, st.integers(1960, 2030))
def test_shares_sum_to_100_per_recipient_and_category(tmp_path_factory, rows, year):
    with _load(tmp_path_factory, rows) as store:
        b = installed_base(store, store.release(), None, year)
        cells: dict[tuple[str, str], list] = {}
        for s in b.shares:
            cells.setdefault((s.recipient, s.category), []).append(s)
        for key, shares in cells.items():
            if sum(s.units for s in shares):
                assert math.fsum(s.units_share_pct for s in shares) == pytest.approx(100), key
            if math.fsum(s.tiv for s in shares):
                assert math.fsum(s.tiv_share_pct for s in shares) == pytest.approx(100), key
        by_recipient = {r: sum(x.units for x in b.rows if x.recipient == r)
                        for r in {x.recipient for x in b.rows}}
        for s in b.shares:
            if s.category == ALL_CATEGORIES:
                assert s.units <= by_recipient.get(s.recipient, 0)


@settings(max_examples=25, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(deliveries, st.integers(1960, 2030), st.integers(0, 30))
def test_longer_service_lives_never_lower_the_base(tmp_path_factory, rows, year, extra):
    with _load(tmp_path_factory, rows) as store:
        rel = store.release()
        base = installed_base(store, rel, None, year)
        longer = installed_base(store, rel, None, year, service_life={
            c: min(y + extra, 100) for c, y in DEFAULT_SERVICE_LIFE.items()})
        for r in RECIPIENTS:
            a = [x for x in base.rows if x.recipient == r]
            b = [x for x in longer.rows if x.recipient == r]
            assert sum(x.units for x in b) >= sum(x.units for x in a)
            assert math.fsum(x.tiv for x in b) >= math.fsum(x.tiv for x in a) - 1e-9
        assert longer.units >= base.units


# --- the bundled data: figures checked against the register's rows --------------------------------


@pytest.fixture(scope="module")
def real(bundled_db):
    with Store(bundled_db, read_only=True) as s:
        yield s


def test_india_licensed_su30mki_counts_as_russian_design_units(real):
    # Read in trade-register-2026-05.csv.gz (the default release), India as recipient:
    #   line 10351: Russia, ordered 2001, 140 Su-30MK, delivered 140 in 2005-2021, New,
    #     "$3-5.4 b deal; Su-30 MKI version; produced under licence in India", TIV 55 a unit,
    #     7,700 delivered;
    #   lines 10644 (22, 2002-2003), 10662 (18, 2007-2008), 10733 (40, 2009-2012),
    #     10739 (42, 2013-2017) and 10881 (10, 2004): Su-30MK imported, 55 a unit, no licence
    #     flag; line 10369 (12 ordered 2024, licensed) has no delivery yet.
    b = installed_base_for(real, FigureQuery.build(recipient="India"), as_of=2025)
    assert b.release == "sipri-register-2026-05"
    licensed, = [r for r in b.rows if r.designation == "Su-30MK" and r.licensed]
    assert (licensed.origin, licensed.supplier, licensed.units, licensed.tiv) == (
        "Russia incl. Soviet Union", "Russia", 140, 7700.0)
    assert licensed.delivery_years == list(range(2005, 2022))
    deal, = licensed.deal_ids
    order, comments = real.execute(
        "SELECT order_year, comments FROM deals WHERE release_id = $r AND deal_id = $d",
        {"r": real.release("sipri-register-2026-05").release_id, "d": deal})[0]
    assert order == 2001 and "produced under licence in India" in comments
    imported, = [r for r in b.rows if r.designation == "Su-30MK" and not r.licensed]
    assert (imported.units, imported.tiv) == (22 + 18 + 40 + 42 + 10, 55.0 * 132)
    assert b.headline[0].origin == "Russia incl. Soviet Union"


def test_poland_aircraft_base_changed_origin_after_1991(real):
    # trade-register-2026-05.csv.gz, Poland as recipient:
    #   line 20076: Soviet Union, ordered 1988, 12 MiG-29 delivered 1989-1990, TIV 247.8;
    #   line 20368: United States, ordered 2003, 48 F-16C Block-50 delivered 2006-2008,
    #     TIV 31 a unit, 1,488 delivered;
    #   line 20301: Czechia, 10 MiG-29 second-hand 1995-1996 (so Czechia's origin, not Russia's).
    rel = real.release("sipri-register-2026-05")
    before = installed_base(real, rel, ["Poland"], 1990, category="Aircraft")
    assert before.headline[0].origin == "Russia incl. Soviet Union"
    assert before.headline[0].tiv_share_pct > 99.9
    after = installed_base(real, rel, ["Poland"], 2025, category="Aircraft")
    assert after.headline[0].origin == "United States"
    f16, = [r for r in after.rows if r.designation == "F-16C Block-50"]
    assert (f16.units, f16.tiv, f16.delivery_years) == (48, 1488.0, [2006, 2007, 2008])
    # the Soviet MiG-29s of 1989-1990 expire with 35-year lives: 1990 + 35 = 2025
    mig = [r for r in after.rows if r.designation == "MiG-29" and r.supplier == "Soviet Union"]
    assert mig == []
    still = installed_base(real, rel, ["Poland"], 2024, category="Aircraft")
    mig, = [r for r in still.rows if r.designation == "MiG-29" and r.supplier == "Soviet Union"]
    assert mig.delivery_years == [1990] and mig.counted_until == 2024
    czech, = [r for r in after.rows if r.designation == "MiG-29" and r.supplier == "Czechia"]
    assert czech.origin == "Czechia incl. Czechoslovakia" and czech.second_hand


def test_second_hand_flows_on_the_register(real):
    # line 20301 (above): Czechia's second-hand MiG-29 to Poland, a design the Soviet Union
    # delivered new (line 20076) and no other named supplier did: basis 'designation';
    # line 8293: FMLN (El Salvador)* from Nicaragua, 10 Redeye in 1989, "Second-hand;
    # originally delivered by USA to Contras and captured by Nicaragua": basis 'comment'.
    f = second_hand_for(real, FigureQuery.build(supplier="Russia", recipient="Poland"))
    mig, = [r for r in f.rows if r.designation == "MiG-29"]
    assert (mig.supplier, mig.units, mig.delivery_years, mig.basis) == (
        "Czechia", 10, [1995, 1996], "designation")
    us = second_hand_for(real, FigureQuery.build(supplier="United States"),
                         bases=("comment",))
    redeye, = [r for r in us.rows if r.designation == "Redeye"]
    assert (redeye.supplier, redeye.recipient, redeye.units) == (
        "Nicaragua", "FMLN (El Salvador)*", 10)
    assert "originally delivered by USA" in redeye.evidence


def test_supplier_view_and_dependence_agree_with_the_base_on_real_data(real):
    q = FigureQuery.build(supplier="Russia", recipient="Africa")
    sv = supplier_base_for(real, q, as_of=2025)
    dep = dependence_for(real, q, as_of=2025)
    base = installed_base_for(real, FigureQuery.build(recipient="Africa"), as_of=2025)
    assert sv.rows and sv.origin == dep.origin == "Russia incl. Soviet Union"
    for row in sv.rows:
        s = share(base, row.recipient, sv.origin)
        assert (s.units, s.tiv, s.deal_ids) == (row.origin_units, pytest.approx(
            row.origin_tiv), row.deal_ids)
        assert s.tiv_share_pct == pytest.approx(row.tiv_share_pct)
    majority = {r.recipient for r in dep.rows if r.category == ALL_CATEGORIES
                and r.majority_tiv}
    assert majority == set(sv.majority_recipients)
    # the majority *states* leave out non-state actors located in the region
    assert set(dep.majority_states) == {m for m in majority if not m.endswith("*")}
    assert "House of Representatives (Libya)*" in majority - set(dep.majority_states)
    assert not base.uncategorised  # every bundled register is fully categorised


def test_a_dissolved_state_holds_nothing_after_it_ended(small):
    store, rel = small([dy(1, "United States", "Peru", 2000, 2, 60.0),
                        dy(2, "Soviet Union", "East Germany (GDR)", 1985, 4, 40.0),
                        dy(3, "Czechoslovakia", "Soviet Union", 1988, 5, 10.0)])
    # in its last year it has a base ...
    gdr = installed_base(store, rel, ["East Germany (GDR)"], 1990)
    assert gdr.units == 4 and CAVEAT_SUCCESSION in gdr.caveats
    # ... after it, asked for alone, it is an error saying why; in a list, a warning
    with pytest.raises(InvalidRequestError, match="existed until 1990"):
        installed_base(store, rel, ["East Germany (GDR)"], 1991)
    both = installed_base(store, rel, ["East Germany (GDR)", "Peru"], 2000)
    assert {r.recipient for r in both.rows} == {"Peru"}
    assert "East Germany (GDR) (until 1990)" in " ".join(both.warnings)
    # every recipient: the dissolved ones are left out after their last year
    assert {r.recipient for r in installed_base(store, rel, None, 2000).rows} == {"Peru"}
    assert "Soviet Union" in {r.recipient for r in installed_base(store, rel, None, 1991).rows}
    # so Czechoslovak designs are not 'in service' in the Soviet Union in 2000
    sb = supplier_base(store, rel, "Czechoslovakia", 2000)
    assert sb.rows == []


def test_every_historical_state_has_a_last_year():
    import csv
    import io
    from importlib.resources import files

    from armsledger.actors import LAST_YEARS

    text = files("armsledger.data").joinpath("actors.csv").read_text("utf-8")
    historical = {r["sipri_name"] for r in csv.DictReader(io.StringIO(text))
                  if r["kind"] == "historical_state"}
    assert historical == set(LAST_YEARS)


def test_second_hand_flows_follow_bloc_membership_and_leave_unknown_suppliers_out(real):
    csto = second_hand_for(real, FigureQuery.build(supplier="Russia", recipient="CSTO",
                                                   period="2010-2025"))
    assert "Azerbaijan" not in {r.recipient for r in csto.rows}  # left the CSTO in 1999
    nato = second_hand_for(real, FigureQuery.build(supplier="Russia",
                                                   recipient="NATO members",
                                                   period="1995-1998"))
    assert not {"Poland", "Estonia", "Latvia", "Lithuania"} & {r.recipient for r in nato.rows}
    every = second_hand_for(real, FigureQuery.build(supplier="Russia"))
    assert every.rows and all(r.supplier_kind != "unknown" for r in every.rows)
    assert every.ambiguous > 0 and "unknown" in every.rule


# --- the CLI ----------------------------------------------------------------------------------


@pytest.fixture
def cli_db(tmp_path, write):
    path = tmp_path / "cli.duckdb"
    with Store(path) as s:
        load_file(s, write("dy.csv", delivery_year_text([
            dy(1, "Soviet Union", "India", 1985, 10, 50.0, designation="MiG-29"),
            dy(2, "Russia", "India", 2010, 20, 400.0, designation="Su-30MK", local="Yes"),
            dy(3, "France", "India", 2020, 4, 320.0, designation="Rafale"),
            dy(4, "Russia", "India", 2020, 100, 30.0, category="Missiles", designation="Igla"),
        ])))
    return path


def test_cli_prints_the_base_with_its_assumptions_and_caveats(cli_db):
    result = runner.invoke(app, ["--db", str(cli_db), "base", "India", "--as-of", "2020",
                                 "--service-life", "aircraft=40"])
    assert result.exit_code == 0, result.output
    out = result.stdout
    assert "Installed base of India in 2020" in out and "34 units" in out
    assert "Russia incl. Soviet Union" in out and "licensed" in out
    assert "Service life assumed" in out and "Aircraft 40 (yours)" in out
    assert "Ships 35" in out
    assert "SIPRI records deliveries, not retirements" in out
    assert "Missiles delivered 2011-2020 (consumed: not in the base)" in out
    data = json.loads(runner.invoke(app, ["--db", str(cli_db), "base", "India", "--as-of",
                                          "2020", "--format", "json"]).stdout)
    assert data["provenance"]["release"] == data["release"]
    assert data["units"] == 24 and CAVEAT_RETIREMENT in data["caveats"]  # MiG-29s expired
    assert {a["category"]: a["years"] for a in data["service_life"]}["Aircraft"] == 35
    csv = runner.invoke(app, ["--db", str(cli_db), "base", "India", "--as-of", "2020",
                              "--format", "csv", "--table", "shares"])
    assert csv.exit_code == 0 and csv.stdout.startswith("recipient,category,origin,units")
    assert "# Caveat: SIPRI records deliveries" in csv.stderr


def test_cli_other_modes_and_errors(cli_db):
    def run(*args: str):
        return runner.invoke(app, ["--db", str(cli_db), "base", *args])

    sv = run("--supplier", "Russia", "--as-of", "2020")
    assert sv.exit_code == 0 and "Russia incl. Soviet Union: installed base" in sv.stdout
    assert "Service life assumed" in sv.stdout
    dep = run("--region", "Asia and Oceania", "--origin", "Russia", "--as-of", "2020")
    assert dep.exit_code == 0 and "Dependence of Asia and Oceania on Russia" in dep.stdout
    bad = run("India", "--service-life", "aircraft=abc")
    assert bad.exit_code == 1
    assert "Error: service life 'aircraft=abc'" in bad.stderr and "Traceback" not in (
        bad.output)
    cat = run("India", "--category", "airplane")
    assert cat.exit_code == 1 and "unknown weapon category 'airplane'" in cat.stderr
    both = run("India", "--supplier", "Russia", "--origin", "France")
    assert both.exit_code == 1 and "give the origin once" in both.stderr
    none = run()
    assert none.exit_code == 1 and "give a RECIPIENT" in none.stderr
    err = json.loads(run("India", "--as-of", "1800", "--format", "json").stdout)
    assert err["error"]["code"] == "bad_period"
