"""Profiles, rankings and trends: figures computed by hand on small data, SIPRI's published
facts on the bundled data, and properties that must hold for any data."""

from __future__ import annotations

import json

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from samples import delivery_year_text, register_text
from typer.testing import CliRunner

from armsledger.actors import classify, is_state
from armsledger.analysis.common import change_pct
from armsledger.analysis.profile import profile
from armsledger.analysis.ranking import top
from armsledger.analysis.trend import trend
from armsledger.analysis.volumes import actor_totals
from armsledger.cli import app
from armsledger.errors import (
    BadPeriodError,
    InvalidRequestError,
    PeriodNotCoveredError,
    UnknownActorError,
)
from armsledger.ingest import load_file
from armsledger.periods import Period
from armsledger.query import FigureQuery
from armsledger.store import Store


def dy_row(deal: int, supplier: str, recipient: str, year: int, tiv: float, *,
           category: str = "Aircraft", status: str = "New", local: str = "No",
           number: int = 1) -> str:
    return (f"{deal},{supplier},{recipient},X-{deal},fighter,{category},1985,No,{number},"
            f"No,{year},No,{status},{tiv},{tiv},{tiv},{local}")


HAND = [
    dy_row(1, "Russia", "India", 2020, 100), dy_row(1, "Russia", "India", 2021, 50),
    dy_row(2, "Russia", "Kazakhstan", 2021, 30, category="Armoured vehicles",
           status="Second hand", local="Yes"),
    dy_row(3, "Russia", "Hezbollah (Lebanon)*", 2020, 20, category="Missiles"),
    dy_row(4, "Russia", "India", 2018, 200),
    dy_row(5, "Russia", "Armenia", 2019, 100),
    dy_row(6, "France", "India", 2019, 20), dy_row(6, "France", "India", 2020, 80),
    dy_row(7, "unknown supplier(s)", "Kazakhstan", 2021, 20),
    dy_row(8, "Soviet Union", "India", 1990, 500),
    dy_row(9, "China", "Pakistan", 2018, 40), dy_row(9, "China", "Pakistan", 2020, 100),
    dy_row(10, "Russia", "United Nations**", 2021, 0, category="Other"),
]
P, C = "2020-2021", "2018-2019"


@pytest.fixture
def hand(store, write):
    load_file(store, write("hand.csv", delivery_year_text(HAND)))
    return store


def test_period_parsing():
    assert Period.parse("2020-2024") == Period(2020, 2024)
    assert Period.parse("2020\u20132024") == Period(2020, 2024)
    assert Period.parse("2024") == Period(2024, 2024)
    assert Period.parse("2020-2024").previous() == Period(2015, 2019)
    for bad in ("2024-2020", "20-24", "last year", "1800-1810"):
        with pytest.raises(BadPeriodError):
            Period.parse(bad)
    assert change_pct(200, 300) == pytest.approx(-33.333333)
    assert change_pct(5, 0) is None


def test_exporter_profile_by_hand(hand):
    d = profile(hand, "Russia", period=P, compare=C).to_dict()
    assert d["exporter"] == "Russia" and d["iso3"] == "RUS" and d["unit"] == "TIV, millions"
    assert d["tiv"] == 200 and d["world_tiv"] == 400  # world counts unknown suppliers too
    assert d["share_of_world_pct"] == pytest.approx(50)
    assert d["rank"] == 1
    assert d["change_pct"] == pytest.approx(200 / 300 * 100 - 100)
    assert d["recipient_states"] == 2  # India, Kazakhstan; not Hezbollah, not the UN
    assert [(r["actor"], r["tiv"], round(r["share_pct"], 6)) for r in d["recipients"]] == [
        ("India", 150, 75.0), ("Kazakhstan", 30, 15.0)]
    assert d["recipients"][0]["deal_ids"] == ["1"]
    assert [(r["actor"], r["kind"], r["tiv"]) for r in d["non_state_recipients"]] == [
        ("Hezbollah (Lebanon)*", "non_state", 20), ("United Nations**", "organisation", 0)]
    assert [(r["region"], r["tiv"]) for r in d["regions"]] == [
        ("Asia and Oceania", 180), ("Middle East", 20), ("Unknown or none", 0)]
    asia = d["regions"][0]["subregions"]
    assert [(s["subregion"], s["tiv"]) for s in asia] == [("South Asia", 150),
                                                          ("Central Asia", 30)]
    assert {b["bloc"]: b["tiv"] for b in d["blocs"]} == {"BRICS": 150, "CIS": 30, "CSTO": 30}
    assert {c["category"]: c["tiv"] for c in d["categories"]} == {
        "Aircraft": 150, "Armoured vehicles": 30, "Missiles": 20, "Other": 0}
    assert {s["status"]: s["tiv"] for s in d["status"]} == {"new": 170, "second-hand": 30}
    assert d["local_production"] == {"tiv": 30, "share_pct": 15.0}
    # recipient states by year: 2020 India (Hezbollah is not a state); 2021 India, Kazakhstan
    assert d["yearly"] == [{"year": 2020, "tiv": 120, "counterpart_states": 1},
                           {"year": 2021, "tiv": 80, "counterpart_states": 2}]
    assert d["evidence"]["deal_ids"] == ["1", "10", "2", "3"]
    cmp = d["compare_figures"]
    assert (cmp["tiv"], cmp["world_tiv"], cmp["rank"], cmp["recipient_states"]) == (
        300, 360, 1, 2)
    assert cmp["share_of_world_pct"] == pytest.approx(300 / 360 * 100)
    assert {b["bloc"]: b["tiv"] for b in cmp["blocs"]} == {"BRICS": 200, "CIS": 100,
                                                           "CSTO": 100}
    assert d["backlog"] is None  # no trade register with open orders is loaded


def test_ranks_exclude_unknown_and_non_state(hand):
    t = top(hand, "exporter", period=P, compare=C, limit=None).to_dict()
    assert [(r["rank"], r["actor"], r["tiv"]) for r in t["ranking"]] == [
        (1, "Russia", 200), (2, "China", 100), (3, "France", 80)]
    assert t["world_tiv"] == 400 and t["unranked_tiv"] == 20
    assert t["world_tiv_compare"] == 360
    assert t["world_change_pct"] == pytest.approx((400 / 360 - 1) * 100)
    france = t["ranking"][2]
    assert france["share_pct"] == pytest.approx(20) and france["change_pct"] == pytest.approx(300)
    assert france["compare_rank"] == 3
    assert france["evidence_command"].startswith("armsledger deals --supplier France --from 2020")
    imp = top(hand, "importer", period=P, compare=None, limit=2).to_dict()
    assert [(r["actor"], r["tiv"]) for r in imp["ranking"]] == [("India", 230),
                                                                ("Pakistan", 100)]
    assert imp["unranked_tiv"] == 20  # Hezbollah's 20 and the UN's 0


def test_recipient_profile_dependence_by_hand(hand):
    d = profile(hand, "IND", role="importer", period=P, compare=C).to_dict()
    assert d["recipient"] == "India" and d["tiv"] == 230 and d["rank"] == 1
    assert d["supplier_states"] == 2
    assert [(s["actor"], s["tiv"]) for s in d["suppliers"]] == [("Russia", 150),
                                                               ("France", 80)]
    dep = d["dependence"]
    assert dep["top_supplier"] == "Russia"
    assert dep["top_supplier_share_pct"] == pytest.approx(150 / 230 * 100)
    assert dep["hhi"] == pytest.approx((150 / 230 * 100) ** 2 + (80 / 230 * 100) ** 2)
    before = d["compare_figures"]["dependence"]
    assert before["top_supplier_share_pct"] == pytest.approx(200 / 220 * 100)
    assert before["hhi"] == pytest.approx((200 / 220 * 100) ** 2 + (20 / 220 * 100) ** 2)


def test_predecessors_only_when_asked(hand):
    alone = profile(hand, "Russia", period="1990", compare=None).to_dict()
    assert alone["tiv"] == 0 and alone["rank"] is None
    both = profile(hand, "Russia", period="1990", compare=None,
                   include_predecessors=True).to_dict()
    assert both["actors"] == ["Russia", "Soviet Union"]
    assert both["tiv"] == 500 and both["rank"] == 1
    assert "1990" in both["evidence"]["command"] and "--include-predecessors" in (
        both["evidence"]["command"])


def test_evidence_command_reproduces_the_total(hand, tmp_path):
    d = profile(hand, "Russia", period=P, compare=C).to_dict()
    args = d["evidence"]["command"].split()[1:]
    db = hand.path
    hand.close()
    out = CliRunner().invoke(app, ["--db", str(db), *args, "--format", "json"]).stdout
    deals = json.loads(out)["deals"]
    assert sorted(x["deal_id"] for x in deals) == d["evidence"]["deal_ids"]
    assert sum(x["tiv_delivered"] for x in deals) == pytest.approx(d["tiv"])


def test_trend_by_hand(hand):
    t = trend(hand, "Russia", year_from=2019, year_to=2021, window=2)
    rows = t.to_polars("series").select("year", "tiv", "rolling_tiv", "world_tiv").rows()
    assert rows == [(2019, 100.0, 300.0, 120.0), (2020, 120.0, 220.0, 300.0),
                    (2021, 80.0, 200.0, 100.0)]
    assert t.unit == "TIV, millions"


def test_backlog_from_register(store, write):
    load_file(store, write("reg.csv", register_text()))
    load_file(store, write("dy.csv", delivery_year_text()))
    d = profile(store, "Russia", period="2000-2004", compare=None).to_dict()
    bl = d["backlog"]
    assert bl["release"].startswith("sipri-trade-register-")  # not the default release
    assert bl["deals"] == 1 and bl["units"] == 10 and bl["tiv"] == 1000
    assert bl["by_recipient"][0]["recipient"] == "India"
    assert d["release"] == "sipri-delivery-year-2026-02-12"


def test_period_outside_coverage_is_an_error_unless_partial_is_allowed(hand):
    with pytest.raises(PeriodNotCoveredError, match="deliveries 1990-2021"):
        profile(hand, "Russia", period="2030-2034", compare=None)
    with pytest.raises(PeriodNotCoveredError, match="compare period 1986-1990"):
        profile(hand, "Russia", period="1991-1995")
    d = profile(hand, "Russia", period="2030-2034", compare=None, allow_partial=True).to_dict()
    assert d["tiv"] == 0 and d["warnings"] and "not covered" in d["warnings"][0]
    d = profile(hand, "Russia", period="2020-2022", allow_partial=True).to_dict()
    assert d["tiv"] == 200 and d["compare"] == "2017-2019" and d["change_pct"] is None
    assert any("no change is given" in w for w in d["warnings"])


def test_cli_json_equals_library(hand):
    db = hand.path
    lib = profile(hand, "Russia", period=P, compare=C).to_dict()
    lib_top = top(hand, "exporter", period=P, compare=C, limit=5).to_dict()
    hand.close()
    runner = CliRunner()
    cli = json.loads(runner.invoke(app, ["--db", str(db), "profile", "Russia", "--period", P,
                                         "--compare", C, "--json"]).output)
    assert cli == json.loads(json.dumps(lib))
    cli_top = json.loads(runner.invoke(app, ["--db", str(db), "top", "exporters", "--period",
                                             P, "--compare", C, "--limit", "5",
                                             "--json"]).output)
    assert cli_top == json.loads(json.dumps(lib_top))
    text = runner.invoke(app, ["--db", str(db), "profile", "Russia", "--period", P]).output
    assert "TIV" in text and "not money" in text and "sipri.org" in text
    bad = runner.invoke(app, ["--db", str(db), "profile", "Russia", "--period", "2024-2020"])
    assert bad.exit_code == 1 and bad.stderr.startswith("Error: '2024-2020'")


@pytest.mark.parametrize("suffix", [".png", ".svg", ".html", ".json"])
def test_trend_plot(hand, tmp_path, suffix):
    db = hand.path
    hand.close()
    out = tmp_path / f"chart{suffix}"
    result = CliRunner().invoke(app, ["--db", str(db), "trend", "Russia", "--from", "2018",
                                      "--window", "2", "--plot", str(out)])
    assert result.exit_code == 0, result.output
    data = out.read_bytes()
    if suffix == ".png":
        assert data.startswith(b"\x89PNG")
    elif suffix == ".svg":
        assert b"<svg" in data and b"TIV, millions" in data
    elif suffix == ".html":
        assert b"vega" in data and b"cdn.jsdelivr" not in data  # self-contained, offline
    else:
        spec = json.loads(data)
        assert spec["layer"][0]["mark"]["type"] == "bar"
    bad = CliRunner().invoke(app, ["--db", str(db), "trend", "Russia", "--plot",
                                   str(tmp_path / "x.gif")])
    assert bad.exit_code == 1 and "cannot write a chart" in bad.stderr


# --- real facts: SIPRI fact sheet 'Trends in international arms transfers, 2024' (March 2025),
# on the delivery-year export of the same data (the default release is now the 2026 register)

DY = "sipri-deliveries-2026-02"


@pytest.fixture(scope="module")
def real(bundled_db):
    with Store(bundled_db, read_only=True) as s:
        yield s


def test_fact_sheet_top_exporters(real):
    t = top(real, "exporter", period="2020-2024", limit=10, release=DY).to_dict()
    got = {r["actor"]: (r["rank"], round(r["share_pct"], 1), round(r["change_pct"]))
           for r in t["ranking"]}
    # Published: USA 43% (+21%), France 9.6% (+11%), Russia 7.8% (-64%), China 5.9%,
    # Germany 5.6%, Italy 4.8% (+138%).
    assert got["United States"][0] == 1 and round(got["United States"][1]) == 43
    assert got["United States"][2] == 21
    assert got["France"] == (2, 9.6, 11)
    assert got["Russia"] == (3, 7.8, -64)
    assert got["China"][:2] == (4, 5.9)
    assert got["Germany"][:2] == (5, 5.6)
    assert got["Italy"][:2] == (6, 4.8) and got["Italy"][2] == 138


def test_fact_sheet_importers_and_india(real):
    t = top(real, "importer", period="2020-2024", limit=2, release=DY).to_dict()
    assert [(r["actor"], round(r["share_pct"], 1)) for r in t["ranking"]] == [
        ("Ukraine", 8.8), ("India", 8.3)]
    india = profile(real, "India", role="importer", period="2020-2024", release=DY).to_dict()
    assert round(india["change_pct"], 1) == -9.3
    assert round(india["dependence"]["top_supplier_share_pct"]) == 36
    assert india["dependence"]["top_supplier"] == "Russia"
    assert round(india["compare_figures"]["dependence"]["top_supplier_share_pct"]) == 55
    earlier = profile(real, "India", role="importer", period="2010-2014", compare=None,
                      release=DY)
    assert round(earlier.dependence.top_supplier_share_pct) == 72


def test_real_profile_is_consistent(real):
    d = profile(real, "Russia", release=DY).to_dict()
    assert sum(r["tiv"] for r in d["recipients"] + d["non_state_recipients"]) == (
        pytest.approx(d["tiv"]))
    assert sum(y["tiv"] for y in d["yearly"]) == pytest.approx(d["tiv"])
    assert sum(c["tiv"] for c in d["categories"]) == pytest.approx(d["tiv"])
    assert d["backlog"]["release"] == "sipri-register-2025"
    assert d["backlog"]["as_of_year"] == 2024 and d["backlog"]["deals"] > 0
    assert all(is_state(r["kind"]) for r in d["recipients"])
    assert not any(is_state(r["kind"]) for r in d["non_state_recipients"])


# --- properties ----------------------------------------------------------------------------

SUPPLIERS = ["Russia", "France", "China", "Soviet Union", "unknown supplier(s)",
             "Hezbollah (Lebanon)*", "United Nations**"]
RECIPIENTS = ["India", "Algeria", "Kazakhstan", "HoR (Libya)*", "unknown recipient(s)",
              "African Union**", "Yugoslavia"]
flows = st.lists(
    st.tuples(st.sampled_from(SUPPLIERS), st.sampled_from(RECIPIENTS),
              st.integers(2010, 2019), st.integers(0, 5000)),
    min_size=1, max_size=25)


def _load(tmp_path_factory, rows) -> Store:
    lines = [dy_row(i + 1, s, r, y, t / 10) for i, (s, r, y, t) in enumerate(rows)]
    path = tmp_path_factory.mktemp("prop") / "p.csv"
    path.write_text(delivery_year_text(lines))
    store = Store(path.with_suffix(".duckdb"))
    load_file(store, path)
    return store


@settings(max_examples=25, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(flows)
def test_shares_over_all_exporters_sum_to_100(tmp_path_factory, rows):
    with _load(tmp_path_factory, rows) as store:
        rel = store.release()
        totals = actor_totals(store, rel, "exporter", Period(2010, 2019))
        world = totals["tiv"].sum()
        if world > 0:
            assert sum(100 * t / world for t in totals["tiv"]) == pytest.approx(100)
            t = top(store, "exporter", period="2010-2019", compare=None, limit=None,
                    allow_partial=True)
            ranked = sum(r.share_pct for r in t.ranking)
            assert ranked + 100 * t.unranked_tiv / t.world_tiv == pytest.approx(100)


@settings(max_examples=25, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(flows, st.integers(2010, 2018))
def test_splitting_a_period_adds_up(tmp_path_factory, rows, cut):
    with _load(tmp_path_factory, rows) as store:
        for actor, role in (("Russia", "exporter"), ("India", "importer")):
            if actor not in {r[0] for r in rows} | {r[1] for r in rows}:
                continue
            whole = profile(store, actor, role=role, period="2010-2019", compare=None,
                            allow_partial=True)
            a = profile(store, actor, role=role, period=f"2010-{cut}", compare=None,
                        allow_partial=True)
            b = profile(store, actor, role=role, period=f"{cut + 1}-2019", compare=None,
                        allow_partial=True)
            assert a.tiv + b.tiv == pytest.approx(whole.tiv)
            assert a.world_tiv + b.world_tiv == pytest.approx(whole.world_tiv)


@settings(max_examples=25, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(flows)
def test_state_counts_never_include_non_state_actors(tmp_path_factory, rows):
    with _load(tmp_path_factory, rows) as store:
        for supplier in {r[0] for r in rows}:
            d = profile(store, supplier, period="2010-2019", compare=None,
                        allow_partial=True).to_dict()
            expected = {r for s, r, _, _ in rows if s == supplier and is_state(classify(r).kind)}
            assert d["recipient_states"] == len(expected)
            assert {r["actor"] for r in d["recipients"]} == expected
            assert all(not is_state(r["kind"]) for r in d["non_state_recipients"])


# Regions and blocs as actors: membership is dated (Finland in NATO from 2023, Sweden 2024).
BLOC_ROWS = [
    dy_row(21, "United States", "Finland", 2022, 10), dy_row(21, "United States", "Finland",
                                                             2023, 20),
    dy_row(22, "United States", "Sweden", 2023, 5), dy_row(22, "United States", "Sweden", 2024, 7),
    dy_row(23, "United States", "Germany", 2022, 1), dy_row(24, "France", "Germany", 2024, 3),
    dy_row(25, "France", "India", 2024, 50), dy_row(26, "Russia", "India", 2023, 40),
    dy_row(27, "China", "Pakistan", 2022, 30),
]


@pytest.fixture
def blocs(store, write):
    load_file(store, write("blocs.csv", delivery_year_text(BLOC_ROWS)))
    return store


def test_bloc_profile_counts_members_in_the_years_they_were_members(blocs):
    d = profile(blocs, "NATO", role="importer", period="2022-2024", compare=None).to_dict()
    # Germany 1 + 3, Finland 20 (2023 only), Sweden 7 (2024 only)
    assert d["tiv"] == 31 and d["kind"] == "bloc" and d["rank"] is None
    assert {r["actor"]: r["tiv"] for r in d["suppliers"]} == {"United States": 28, "France": 3}
    now = profile(blocs, "NATO members in 2024", role="importer", period="2022-2024",
                  compare=None).to_dict()
    assert now["tiv"] == 46  # every year of today's members: 4 + 30 + 12
    europe = profile(blocs, "Europe", role="importer", period="2022-2024", compare=None).to_dict()
    assert europe["tiv"] == 46 and europe["kind"] == "region"
    south = profile(blocs, "South Asia", role="importer", period="2022-2024",
                    compare=None).to_dict()
    assert south["tiv"] == 120 and south["supplier_states"] == 3
    assert [(y["year"], y["tiv"], y["counterpart_states"]) for y in south["yearly"]] == [
        (2022, 30, 1), (2023, 40, 1), (2024, 50, 1)]


def test_top_within_a_region_and_to_a_recipient_group(blocs):
    t = top(blocs, "importer", period="2022-2024", compare=None, within="Europe")
    assert [(r.actor, r.tiv) for r in t.ranking] == [("Finland", 30), ("Sweden", 12),
                                                      ("Germany", 4)]
    assert t.within == "Europe" and t.world_tiv == 166
    to_asia = top(blocs, "exporter", period="2022-2024", compare=None, counterpart="Asia")
    assert [(r.actor, r.tiv, r.share_pct) for r in to_asia.ranking] == [
        ("France", 50, pytest.approx(50 / 120 * 100)),
        ("Russia", 40, pytest.approx(40 / 120 * 100)), ("China", 30, 25.0)]
    assert to_asia.counterpart == "Asia and Oceania" and to_asia.world_tiv == 120
    nato = top(blocs, "exporter", period="2022-2024", compare=None, counterpart="NATO")
    assert [(r.actor, r.tiv) for r in nato.ranking] == [("United States", 28), ("France", 3)]
    with pytest.raises(InvalidRequestError, match="give the other side"):
        top(blocs, "exporter", FigureQuery.build(supplier="France", period="2022-2024"))


def test_trend_counts_recipient_states_and_dates_blocs(blocs):
    t = trend(blocs, "NATO", role="importer", year_from=2022, year_to=2024, window=1)
    assert [(p.year, p.tiv, p.counterpart_states) for p in t.series] == [
        (2022, 1, 1), (2023, 20, 1), (2024, 10, 2)]
    assert t.actor == "NATO"
    us = trend(blocs, "United States", year_from=2022, year_to=2024, window=1)
    assert [p.counterpart_states for p in us.series] == [2, 2, 1]


def test_group_cli(blocs):
    db = blocs.path
    blocs.close()
    runner = CliRunner()
    out = runner.invoke(app, ["--db", str(db), "top", "exporters", "--recipient", "NATO",
                              "--period", "2022-2024", "--compare", "none"])
    assert out.exit_code == 0 and "Top exporters, to NATO 2022-2024" in out.output
    assert "Total NATO 31" in out.output
    out = runner.invoke(app, ["--db", str(db), "profile", "--recipient", "South Asia",
                              "--period", "2022-2024", "--compare", "none", "--by-year"])
    assert out.exit_code == 0 and "Supplier states" in out.output and "By year" in out.output


def test_history_without_flags(store):
    """Without --release, a period or an actor the default release lacks comes from the
    newest loaded release that has it, with a warning; a historical state shows its last
    years rather than zeros."""
    from samples import EXCERPTS

    load_file(store, EXCERPTS / "trade-register-2024-10.csv", name="register")
    load_file(store, EXCERPTS / "delivery-year-2026-02.csv", name="dy")
    store.default_release = "dy"
    d = profile(store, "Soviet Union", compare=None).to_dict()
    assert d["release"] == "register" and d["period"] == "1987-1991"
    assert any("not in the default release 'dy'" in w for w in d["warnings"])
    assert any("its last as exporter were in 1991" in w for w in d["warnings"])
    assert d["tiv"] > 0
    old = profile(store, "Soviet Union", period="1975-1979", compare=None).to_dict()
    assert old["release"] == "register" and old["period"] == "1975-1979"
    with pytest.raises(UnknownActorError):  # a release named is never replaced
        profile(store, "Soviet Union", period="1975-1979", compare=None, release="dy")
    # Australia is only in the default release: a period it does not cover stays an error
    with pytest.raises(PeriodNotCoveredError, match="not covered by release 'dy'"):
        profile(store, "Australia", period="1975-1979", compare=None)
