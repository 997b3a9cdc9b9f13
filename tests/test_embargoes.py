"""Embargo screening: the reference table (validation, atomic named loads, the bundled copy),
the matching and binding rules on small data the tests make, real cases on the bundled data
checked against the SIPRI delivery-year export by hand, and the CLI."""

from __future__ import annotations

import csv
import io
import json

import pytest
import typer
from samples import delivery_year_text, shared
from typer.testing import CliRunner

from armsledger.cli import embargoes as embargoes_cli
from armsledger.cli import root
from armsledger.embargoes import (
    CAVEATS,
    HISTORICAL_SUCCESSORS,
    UnknownEmbargoError,
    active_table,
    bundled_table,
    embargo_summary,
    list_embargoes,
    load_embargoes,
    read_embargoes,
    screen,
    stored_tables,
    supplier_summary,
)
from armsledger.errors import ArmsledgerError, InputError
from armsledger.ingest import load_file
from armsledger.store import Store

HEADER = ("embargo_id,imposed_by,target,target_iso3,target_kind,scope,start_date,end_date,"
          "legal_basis,notes,source_url")


def emb(eid: str, body: str, target: str, iso3: str, start: str, end: str = "", *,
        kind: str = "state", scope: str = "full", basis: str = "Test basis",
        notes: str = "") -> list[str]:
    return [eid, body, target, iso3, kind, scope, start, end, basis, notes,
            "https://example.org/embargo"]


def emb_text(*rows: list[str]) -> str:
    buf = io.StringIO()
    buf.write(HEADER + "\n")
    csv.writer(buf, lineterminator="\n").writerows(rows)
    return buf.getvalue()


def dy_row(deal: int, supplier: str, recipient: str, year: int, tiv: float, *,
           order: int | None = None, local: str = "No") -> str:
    """A delivery-year export line (ordered in ``order``, default the delivery year)."""
    order = year if order is None else order
    return (f"{deal},{supplier},{recipient},X-{deal},fighter,Aircraft,{order},No,1,No,{year},"
            f"No,New,{tiv},{tiv},{tiv},{local}")


@pytest.fixture
def small(store, write):
    """A store with deliveries the tests make; returns a loader for an embargo table."""

    def make(deliveries: list[str], *embargo_rows: list[str]) -> Store:
        load_file(store, write("dy.csv", delivery_year_text(deliveries)))
        load_embargoes(store, write("emb.csv", emb_text(*embargo_rows)), name="test")
        return store

    return make


def hits_of(result, **where) -> list[dict]:
    rows = result.hits.to_dicts()
    return [r for r in rows if all(r[k] == v for k, v in where.items())]


def has(caveats: list[str], phrase: str) -> bool:
    assert phrase in CAVEATS, phrase
    return any(c.startswith(phrase) for c in caveats)


# --- the bundled table -------------------------------------------------------------------------


def test_bundled_table_is_the_shared_table_and_validates():
    table = bundled_table()
    original = shared("arms_embargoes_curated/embargoes.csv")
    from importlib.resources import files

    packaged = files("armsledger.data.embargoes").joinpath("embargoes.csv").read_bytes()
    assert packaged == original.read_bytes()  # byte-identical copy
    assert table.rows == 90 and len({e.embargo_id for e in table.embargoes}) == 90
    by_body: dict[str, int] = {}
    for e in table.embargoes:
        by_body[e.imposed_by] = by_body.get(e.imposed_by, 0) + 1
    assert by_body == {"UN": 48, "EU": 39, "OSCE": 1, "ECOWAS": 1, "Arab League": 1}
    non_mandatory = sorted(e.embargo_id for e in table.embargoes if not e.mandatory)
    assert non_mandatory == ["UN-NM-AFG-1996", "UN-NM-ETH-ERI-1999", "UN-NM-HTI-2022",
                             "UN-NM-IRN-2007", "UN-NM-NK-1993"]
    assert sum(e.end_year is None for e in table.embargoes) == 44
    assert sorted(e.embargo_id for e in table.embargoes if not e.matchable) == [
        "EU-AQT-2002", "UN-AQ-ISIL-2011", "UN-AQT-2002"]
    yug = table.get("un-yug-1991")  # ids are case-insensitive
    assert yug.target_iso3 == ("BIH", "HRV", "MKD", "SVN", "SRB", "MNE")
    assert (yug.start_year, yug.end_year) == (1991, 1996)
    assert table.get("EU-MMR-1990").start_date == "1990"
    with pytest.raises(UnknownEmbargoError, match="did you mean: UN-LBY-1992, UN-LBY-2011"):
        table.get("UN-LBY")


def test_bundled_table_loaded_on_first_use_and_listed(store):
    assert stored_tables(store) == []
    t = active_table(store)
    assert (t.name, t.rows, t.stored) == ("bundled", 90, True)
    assert [x.name for x in stored_tables(store)] == ["bundled"]
    listing = list_embargoes(store, in_force=2024)
    # 44 rows without an end, less UN-IRN-2025 (from 2025), plus EU-SOM-2002 (ended 2024-03)
    assert len(listing.embargoes) == 44
    ids = {e.embargo_id for e in listing.embargoes}
    assert {"UN-LBY-2011", "EU-MMR-1990", "EU-RUS-2014", "EU-SOM-2002"} <= ids
    assert not ids & {"UN-YUG-1991", "UN-IRN-2010", "UN-IRN-2025"}  # 1991-96, 2010-20, 2025-
    assert "UN-YUG-1991" in {e.embargo_id for e in list_embargoes(store, in_force=1996).embargoes}
    d = listing.to_dict()
    assert d["table"]["name"] == "bundled" and d["in_force"] == 2024
    assert d["table"]["citation"].startswith("SIPRI Arms Embargoes Database")
    assert d["embargoes"][0].keys() >= {"embargo_id", "imposed_by", "target_iso3", "binding"}


# --- validation and loading --------------------------------------------------------------------


def test_bad_table_names_file_line_column_and_changes_nothing(store, write):
    good = write("good.csv", emb_text(emb("UN-AAA-2000", "UN", "Libya", "LBY", "2000")))
    load_embargoes(store, good, name="good")
    before = (store.execute("SELECT count(*) FROM embargo_tables"),
              store.execute("SELECT count(*) FROM embargoes"))
    bad = write("bad.csv", emb_text(
        emb("UN-BAD-2001", "UN", "Libya", "LBY", "2001-13-01"),           # line 2: bad date
        emb("UN-BAD-2002", "UN", "Libya", "LBY", "2005-06", "2004-12"),   # line 3: end < start
        emb("UN-BAD-2003", "UN", "Narnia", "NRN;LBY", "2003"),           # line 4: bad code
        emb("XX-BAD-2004", "NATO", "Libya", "LBY", "2004"),              # line 5: unknown body
        emb("UN-BAD-2005", "UN", "Libya", "LBY", "2005", kind="country"),  # line 6: kind
        emb("UN-BAD-2001", "UN", "Libya", "LBY", "2001"),                 # line 7: duplicate
        emb("UN-BAD-2008", "UN", "Libya", "", "2008"),                    # line 8: no code
    ))
    with pytest.raises(InputError) as err:
        load_embargoes(store, bad)
    found = {(p.line, p.column): p.message for p in err.value.problems}
    assert all(p.file == str(bad) for p in err.value.problems)
    assert "'2001-13-01' is not a date" in found[(2, "start_date")]
    assert "before the start" in found[(3, "end_date")]
    assert "'NRN' is not an ISO 3166-1 alpha-3 code" in found[(4, "target_iso3")]
    assert "unknown body 'NATO'" in found[(5, "imposed_by")]
    assert "'country' is not a target kind" in found[(6, "target_kind")]
    assert "duplicate embargo id 'UN-BAD-2001' (first on line 2)" in found[(7, "embargo_id")]
    assert "needs the ISO code" in found[(8, "target_iso3")]
    assert str(err.value).startswith(f'{bad} line 2, column "start_date"')
    after = (store.execute("SELECT count(*) FROM embargo_tables"),
             store.execute("SELECT count(*) FROM embargoes"))
    assert after == before == ([(1,)], [(1,)])
    assert [t.name for t in stored_tables(store)] == ["good"]


def test_a_load_that_fails_midway_rolls_back(store, write, monkeypatch):
    path = write("t.csv", emb_text(emb("UN-AAA-2000", "UN", "Libya", "LBY", "2000")))

    def broken(self, table, frame):
        raise RuntimeError("disk full")

    monkeypatch.setattr(Store, "insert_frame", broken)
    with pytest.raises(RuntimeError):
        load_embargoes(store, path)  # the embargo_tables row was written, then this failed
    assert store.execute("SELECT count(*) FROM embargo_tables") == [(0,)]
    monkeypatch.undo()
    assert load_embargoes(store, path).status == "loaded"


def test_dates_kosovo_and_shape_checks(write):
    ok = read_embargoes(write("ok.csv", emb_text(
        emb("EU-A-2001", "eu", "Kosovo", "XKX", "2001", "2001-05"),   # coarser start is fine
        emb("UN-B-1999", "UN", "Yugoslavia", "yug", "1999-06-30", "1999-06-30"),
        emb("LAS-C-2011", "arab league", "Syria", "SYR", "2011-12", kind="State"),
    )))
    a, b, c = ok.embargoes
    assert (a.imposed_by, a.target_iso3, a.start_year, a.end_year) == ("EU", ("XKX",), 2001, 2001)
    assert b.target_iso3 == ("YUG",) and c.imposed_by == "Arab League"
    assert c.target_kind == "state" and c.end_date is None
    with pytest.raises(InputError, match="missing column"):
        read_embargoes(write("h.csv", "embargo_id,imposed_by\nX,UN\n"))
    with pytest.raises(InputError, match="line 2: 12 fields, expected 11"):
        read_embargoes(write("f.csv", HEADER + "\n" + ",".join(["x"] * 12) + "\n"))
    with pytest.raises(InputError, match="empty"):
        read_embargoes(write("e.csv", ""))
    with pytest.raises(InputError, match="file not found"):
        read_embargoes("/nonexistent/embargoes.csv")
    with pytest.raises(InputError, match="2011-02-30"):
        read_embargoes(write("d.csv", emb_text(emb("UN-D-2011", "UN", "Libya", "LBY",
                                                   "2011-02-30"))))


def test_same_file_twice_is_reported_and_names_are_checked(store, write):
    path = write("mine.csv", emb_text(emb("UN-AAA-2000", "UN", "Libya", "LBY", "2000")))
    first = load_embargoes(store, path)
    assert (first.status, first.table, first.rows) == ("loaded", "mine", 1)
    again = load_embargoes(store, path, name="other")
    assert (again.status, again.table) == ("already-loaded", "mine")
    assert store.execute("SELECT count(*) FROM embargoes") == [(1,)]
    other = write("other.csv", emb_text(emb("UN-BBB-2000", "UN", "Libya", "LBY", "2000")))
    with pytest.raises(ArmsledgerError, match="already exists"):
        load_embargoes(store, other, name="mine")
    with pytest.raises(ArmsledgerError, match="reserved"):
        load_embargoes(store, other, name="bundled")
    load_embargoes(store, other)
    assert active_table(store).name == "other"  # the newest table is the default
    assert active_table(store, "mine").embargoes[0].embargo_id == "UN-AAA-2000"
    with pytest.raises(UnknownEmbargoError, match="tables: mine, other"):
        active_table(store, "nope")


def test_read_only_store_uses_the_bundled_table_in_memory(tmp_path):
    path = tmp_path / "ro.duckdb"
    Store(path).close()
    with Store(path, read_only=True) as ro:
        t = active_table(ro)
        assert (t.name, t.rows, t.stored) == ("bundled", 90, False)
    with Store(path) as rw:
        assert stored_tables(rw) == []  # nothing was written


# --- rules on small data -----------------------------------------------------------------------


def test_edge_years_boundary_caveat_and_no_hit_outside(small):
    s = small(
        [dy_row(y, "France", "Libya", y, 10) for y in (2004, 2005, 2006, 2008, 2009)],
        emb("UN-TST-2005", "UN", "Libya", "LBY", "2005-06-01", "2008-03-01"),
    )
    r = screen(s)
    assert [(h["year"], h["status"]) for h in r.hits.to_dicts()] == [
        (2005, "bound"), (2006, "bound"), (2008, "bound")]
    by_year = {h["year"]: h["caveats"] for h in r.hits.to_dicts()}
    assert has(by_year[2005], "boundary year") and "start year" in by_year[2005][0]
    assert has(by_year[2008], "boundary year") and "end year" in by_year[2008][0]
    assert by_year[2006] == []
    assert r.totals()["bound"] == {"deliveries": 3, "tiv": 30.0}
    assert screen(s, year_from=2007).hits["year"].to_list() == [2008]
    assert screen(s, year_to=2004).hits.height == 0


def test_eu_embargo_binds_a_state_from_its_accession(small):
    s = small(
        [dy_row(1, "Poland", "Myanmar", 2003, 5, order=2003),
         dy_row(1, "Poland", "Myanmar", 2004, 7, order=2003),
         dy_row(2, "France", "Myanmar", 2003, 11), dy_row(3, "Russia", "Myanmar", 2004, 13),
         dy_row(4, "United Kingdom", "Myanmar", 2021, 17),
         dy_row(5, "unknown supplier(s)", "Myanmar", 2004, 1)],
        emb("EU-MMR-2000", "EU", "Myanmar", "MMR", "2000"),
    )
    r = screen(s)
    status = {(h["supplier"], h["year"]): h["status"] for h in r.hits.to_dicts()}
    assert status == {("Poland", 2003): "not bound", ("Poland", 2004): "bound",
                      ("France", 2003): "bound", ("Russia", 2004): "not bound",
                      ("United Kingdom", 2021): "not bound",
                      ("unknown supplier(s)", 2004): "not bound"}
    pl03 = hits_of(r, supplier="Poland", year=2003)[0]["caveats"]
    assert pl03[0] == "not bound: Poland was not an EU member in 2003 (member from 2004)"
    uk = hits_of(r, supplier="United Kingdom")[0]["caveats"]
    assert uk[0] == "not bound: United Kingdom was not an EU member in 2021 (member 1973-2020)"
    assert "not identified" in hits_of(r, supplier="unknown supplier(s)")[0]["caveats"][0]
    bound = r.by_supplier.filter(r.by_supplier["status"] == "bound").to_dicts()
    assert [(b["supplier"], b["tiv"]) for b in bound] == [("France", 11), ("Poland", 7)]
    assert r.totals()["not bound"] == {"deliveries": 4, "tiv": 36.0}


def test_non_mandatory_and_regional_are_never_violations(small):
    s = small(
        [dy_row(1, "Russia", "Armenia", 1996, 20), dy_row(2, "Russia", "Syria", 2012, 30)],
        emb("UN-NM-NK-1993", "UN", "Nagorno-Karabakh conflict", "ARM;AZE", "1993-07", "2002",
            kind="state and non-state", scope="partial", notes="NON-MANDATORY: urged states"),
        emb("OSCE-NK-1992", "OSCE", "Forces in Nagorno-Karabakh", "ARM;AZE", "1992-02-28",
            kind="state and non-state", scope="partial"),
        emb("LAS-SYR-2011", "Arab League", "Syria", "SYR", "2011-12"),
    )
    r = screen(s)
    assert sorted((h["embargo_id"], h["status"]) for h in r.hits.to_dicts()) == [
        ("LAS-SYR-2011", "regional"), ("OSCE-NK-1992", "regional"),
        ("UN-NM-NK-1993", "non-mandatory")]
    nm = hits_of(r, embargo_id="UN-NM-NK-1993")[0]["caveats"]
    assert has(nm, "non-mandatory") and has(nm, "partial scope: check the notes")
    assert has(hits_of(r, embargo_id="LAS-SYR-2011")[0]["caveats"], "regional")
    assert "binds members of Arab League" in hits_of(r, embargo_id="LAS-SYR-2011")[0][
        "caveats"][0]
    assert r.totals()["bound"]["deliveries"] == 0
    summary = supplier_summary(s, "Russia")
    assert summary.bound_tiv == 0 and summary.bound_share_pct == 0
    assert {b["status"]: b["tiv"] for b in summary.by_status} == {
        "bound": 0, "not bound": 0, "non-mandatory": 20, "regional": 50}


def test_non_state_targets_and_state_wide_embargoes(small):
    s = small(
        [dy_row(1, "Iran", "Hezbollah (Lebanon)*", 2007, 4),
         dy_row(2, "France", "Lebanon", 2007, 6),
         dy_row(3, "Russia", "HoR (Libya)*", 2020, 160),
         dy_row(4, "Turkiye", "Libya", 2020, 29),
         dy_row(5, "Iran", "Houthi rebels (Yemen)*", 2016, 2),
         dy_row(6, "United States", "Yemen", 2016, 50),
         dy_row(7, "Russia", "United Nations**", 2020, 1)],
        emb("UN-LBN-2006", "UN", "Lebanon: non-governmental forces", "LBN", "2006-08-11",
            kind="non-state actors in state", scope="partial", notes="aimed at Hezbollah"),
        emb("UN-LBY-2011", "UN", "Libya", "LBY", "2011-02-26"),
        emb("UN-YEM-2015", "UN", "Yemen: Houthis", "YEM", "2015-04-14", kind="group"),
        emb("UN-AQ-2011", "UN", "Al-Qaida and associates", "", "2011-06-17", kind="group"),
    )
    r = screen(s)
    got = sorted((h["embargo_id"], h["recipient"]) for h in r.hits.to_dicts())
    assert got == [("UN-LBN-2006", "Hezbollah (Lebanon)*"), ("UN-LBY-2011", "HoR (Libya)*"),
                   ("UN-LBY-2011", "Libya"), ("UN-YEM-2015", "Houthi rebels (Yemen)*")]
    houthi = hits_of(r, embargo_id="UN-YEM-2015")[0]["caveats"]
    assert has(houthi, "group target")
    assert r.not_screened == [{"embargo_id": "UN-AQ-2011", "target": "Al-Qaida and associates",
                               "reason": r.not_screened[0]["reason"]}]
    assert "cannot be matched" in r.not_screened[0]["reason"]
    assert screen(s, recipient="Lebanon").hits.height == 0  # the government is not a target


def test_order_before_embargo_licensed_production_and_exemptions(small):
    s = small(
        [dy_row(1, "Italy", "Libya", 2012, 6, order=2009, local="Yes"),
         dy_row(2, "UAE", "Libya", 2012, 60, order=2012)],
        emb("UN-LBY-2011", "UN", "Libya", "LBY", "2011-02-26",
            notes="Transfers to the government allowed with prior Committee approval."),
    )
    r = screen(s)
    italy = hits_of(r, supplier="Italy")[0]["caveats"]
    assert has(italy, "ordered before the embargo") and "ordered in 2009" in italy[0]
    assert has(italy, "licensed production")
    assert has(italy, "exemptions or suspension: check the notes")
    assert "prior Committee approval" in italy[1]
    uae = hits_of(r, supplier="UAE")[0]["caveats"]
    assert not has(uae, "ordered before the embargo") and not has(uae, "licensed production")


def test_yugoslavia_matches_the_successor_state_rows(small):
    s = small(
        [dy_row(1, "Soviet Union", "Yugoslavia", 1991, 40),
         dy_row(2, "Greece", "Yugoslavia", 1993, 8), dy_row(3, "Greece", "Serbia", 1993, 2)],
        emb("UN-YUG-1991", "UN", "Former Yugoslavia", "BIH;HRV;MKD;SVN;SRB;MNE",
            "1991-09-25", "1996-06-18"),
        emb("EU-YUG-1991", "EU", "Yugoslavia and successor states",
            "BIH;HRV;MKD;SVN;SRB;MNE", "1991-07", "2006-01-23"),
    )
    assert HISTORICAL_SUCCESSORS["YUG"] == ("BIH", "HRV", "MKD", "MNE", "SRB", "SVN")
    r = screen(s)
    got = sorted((h["embargo_id"], h["supplier"], h["recipient"], h["year"], h["status"])
                 for h in r.hits.to_dicts())
    assert got == [
        ("EU-YUG-1991", "Greece", "Serbia", 1993, "bound"),
        ("EU-YUG-1991", "Greece", "Yugoslavia", 1993, "bound"),
        ("EU-YUG-1991", "Soviet Union", "Yugoslavia", 1991, "not bound"),
        ("UN-YUG-1991", "Greece", "Serbia", 1993, "bound"),
        ("UN-YUG-1991", "Greece", "Yugoslavia", 1993, "bound"),
        ("UN-YUG-1991", "Soviet Union", "Yugoslavia", 1991, "bound"),
    ]
    soviet = hits_of(r, embargo_id="UN-YUG-1991", supplier="Soviet Union")[0]["caveats"]
    assert has(soviet, "boundary year") and has(soviet, "historical state")
    # one delivery matched by two rows counts once in the supplier totals
    greece = r.by_supplier.filter(r.by_supplier["supplier"] == "Greece").to_dicts()
    assert [(g["status"], g["deliveries"], g["tiv"]) for g in greece] == [("bound", 2, 10.0)]


def test_summaries_by_hand(small):
    s = small(
        [dy_row(1, "France", "Libya", 2012, 30), dy_row(2, "France", "India", 2012, 70),
         dy_row(3, "France", "Myanmar", 2013, 20), dy_row(4, "France", "India", 2020, 500),
         dy_row(5, "Russia", "Libya", 2013, 40), dy_row(6, "China", "Myanmar", 2013, 9)],
        emb("UN-LBY-2011", "UN", "Libya", "LBY", "2011-02-26"),
        emb("EU-LBY-2011", "EU", "Libya", "LBY", "2011-02-28"),
        emb("EU-MMR-1990", "EU", "Myanmar", "MMR", "1990"),
    )
    fr = supplier_summary(s, "France", 2012, 2013)
    assert (fr.period, fr.total_tiv, fr.bound_tiv) == ("2012-2013", 120.0, 50.0)
    assert fr.bound_share_pct == pytest.approx(50 / 120 * 100, abs=1e-3)
    assert fr.bound_deal_ids == ["1", "3"]  # deal 1 is bound twice (UN and EU): counted once
    assert {e["embargo_id"]: e["tiv"] for e in fr.embargoes} == {
        "UN-LBY-2011": 30, "EU-LBY-2011": 30, "EU-MMR-1990": 20}
    assert fr.to_dict()["unit"] == "TIV, millions"
    lby = embargo_summary(s, "EU-LBY-2011")
    assert [(x["supplier"], x["status"], x["tiv"]) for x in lby.suppliers] == [
        ("France", "bound", 30), ("Russia", "not bound", 40)]
    assert lby.screened and lby.years == (2012, 2020) and lby.total_tiv == 70
    assert lby.warnings and "covers deliveries 2012-2020" in lby.warnings[0]


# --- real cases on the bundled data (the delivery-year export: SIPRI's deal ids) ------------

DY = "sipri-deliveries-2026-02"


@pytest.fixture(scope="module")
def real(bundled_db):
    with Store(bundled_db, read_only=True) as s:
        yield s


def test_real_un_libya_2011(real):
    """UN-LBY-2011 (UNSCR 1970, 26 Feb 2011, state-wide). Checked by hand in the SIPRI
    delivery-year export (../shared/data/sipri_atdb_newformat_2026/trade_register.csv):
    line 11243 deal 63629 Russia -> HoR (Libya)* 14 MiG-29S delivered 2020 (estimate), 159.6
    TIV; line 11547 deal 63630 Russia -> HoR (Libya)* 2 Su-24, 2020, 28 TIV (the aircraft the
    UN Panel of Experts and AFRICOM reported in 2020); lines 275, 3643, 8537: Austria (deal
    54920, Camcopter, ordered 2009), France (40131, MILAN, ordered 2007) and Italy (57397,
    AW-139, ordered 2009) delivered to Libya in 2011, the embargo's start year."""
    r = screen(real, embargo="UN-LBY-2011", release=DY)
    assert r.table.name == "bundled" and r.table.stored  # stored with the bundled data
    assert r.release.name == "sipri-deliveries-2026-02"
    mig = hits_of(r, deal_id="63629")
    assert [(h["supplier"], h["recipient"], h["year"], h["tiv"], h["status"]) for h in mig] == [
        ("Russia", "HoR (Libya)*", 2020, 159.6, "bound")]
    assert hits_of(r, deal_id="63630")[0]["tiv"] == 28.0
    assert not has(mig[0]["caveats"], "boundary year")
    assert mig[0]["basis"].startswith("UNSCR 1970")
    in_2011 = {h["deal_id"]: h for h in hits_of(r, year=2011, recipient="Libya")}
    assert set(in_2011) == {"54920", "40131", "57397"}
    for h in in_2011.values():
        assert has(h["caveats"], "boundary year") and has(h["caveats"], "ordered before "
                                                                        "the embargo")
    assert {h["supplier"]: h["tiv"] for h in in_2011.values()} == {
        "Austria": 0.8, "France": 1.0, "Italy": 6.0}
    assert hits_of(r, year=2010) == []  # France's 2010 MILAN delivery predates the embargo
    russia = r.by_supplier.filter(r.by_supplier["supplier"] == "Russia").to_dicts()[0]
    assert "63629" in russia["deal_ids"] and russia["status"] == "bound"


def test_real_un_lebanon_2006_non_state_target(real):
    """UN-LBN-2006 (UNSCR 1701, 11 Aug 2006, non-governmental forces). In the export: Syria ->
    Hezbollah (Lebanon)* deal 51421, Fateh-110, 30 TIV in 2009 and 30 in 2010 (lines
    15224-15225); Iran -> Hezbollah deal 26627, C-802, 4.5 TIV in 2006 (line 7156), a boundary
    year; deliveries to the state Lebanon are not covered."""
    r = screen(real, embargo="UN-LBN-2006", release=DY)
    assert set(r.hits["recipient"].to_list()) == {"Hezbollah (Lebanon)*"}
    fateh = hits_of(r, deal_id="51421")
    assert [(h["supplier"], h["year"], h["tiv"], h["status"]) for h in fateh] == [
        ("Syria", 2009, 30.0, "bound"), ("Syria", 2010, 30.0, "bound")]
    c802 = hits_of(r, deal_id="26627")[0]
    assert c802["year"] == 2006 and c802["tiv"] == 4.5
    assert has(c802["caveats"], "boundary year") and has(c802["caveats"], "partial scope: "
                                                                          "check the notes")


def test_real_eu_myanmar_1990(real):
    """EU-MMR-1990 (EU arms embargo on Myanmar since 1990). In the export: France -> Myanmar
    deal 60657, ship engines, 10 TIV in 2014 and 10 in 2015 (lines 3975-3976): bound (France is
    a founding member); Bulgaria -> Myanmar deal 31056, Igla-1, 7 TIV in 1999 (line 730): not
    bound, Bulgaria joined the EU in 2007; China's deliveries are never bound by an EU
    embargo."""
    s = embargo_summary(real, "EU-MMR-1990", DY)
    by = {(x["supplier"], x["status"]): x for x in s.suppliers}
    assert by[("France", "bound")]["tiv"] == 20.0
    assert by[("France", "bound")]["deal_ids"] == ["60657"]
    assert (by[("France", "bound")]["first_year"], by[("France", "bound")]["last_year"]) == (
        2014, 2015)
    assert by[("Bulgaria", "not bound")]["tiv"] == 7.0
    assert ("China", "bound") not in by and by[("China", "not bound")]["tiv"] > 1000
    assert s.years == (1995, 2024) and "covers deliveries 1995-2024" in s.warnings[0]
    r = screen(real, supplier="Bulgaria", recipient="Myanmar", release=DY)
    assert r.hits["caveats"].to_list()[0][0] == (
        "not bound: Bulgaria was not an EU member in 1999 (member from 2007)")


def test_real_supplier_summary_russia(real):
    """Russia 2020-2024: the MiG-29S/Su-24 to HoR (Libya)* (187.6 TIV in 2020) are bound by the
    UN embargo; deliveries to Belarus, China, Myanmar are under EU embargoes Russia is not bound
    by."""
    s = supplier_summary(real, "RUS", 2020, 2024, DY)
    assert s.actors == ["Russia"] and s.period == "2020-2024"
    lby = next(e for e in s.embargoes if e["embargo_id"] == "UN-LBY-2011")
    assert lby["status"] == "bound" and lby["tiv"] >= 187.6
    assert 0 < s.bound_share_pct < 100
    statuses = {b["status"]: b["tiv"] for b in s.by_status}
    assert statuses["not bound"] > statuses["bound"] > 0
    assert s.to_dict()["total_tiv"] > s.bound_tiv


# --- CLI ---------------------------------------------------------------------------------------

runner = CliRunner()


def cli_app() -> typer.Typer:
    """The commands as the main app registers them (global --db option included)."""
    app = typer.Typer(pretty_exceptions_enable=False)
    app.callback()(root)
    app.command("screen")(embargoes_cli.screen_command)
    app.add_typer(embargoes_cli.app, name="embargoes")
    return app


@pytest.fixture
def db(tmp_path, write):
    path = tmp_path / "cli.duckdb"
    rows = [dy_row(1, "Italy", "Libya", 2011, 6, order=2009),
            dy_row(2, "Russia", "HoR (Libya)*", 2020, 159.6),
            dy_row(3, "Bulgaria", "Myanmar", 1999, 7), dy_row(4, "France", "India", 2020, 9)]
    with Store(path) as s:
        load_file(s, write("dy.csv", delivery_year_text(rows)))
    return path


def test_cli_screen_text_and_json(db):
    app = cli_app()
    out = runner.invoke(app, ["--db", str(db), "screen"])
    assert out.exit_code == 0, out.output
    text = out.stdout
    for needle in ("UN-LBY-2011", "Italy", "Libya", "HoR (Libya)*", "2011", "2020", "160",
                   "boundary year", "ordered before the embargo", "EU-MMR-1990", "not bound",
                   "Bulgaria", "Not screened: UN-AQT-2002", "SIPRI Arms Embargoes Database"):
        assert needle in text, needle
    assert "embargo table 'bundled'" in text
    js = runner.invoke(app, ["--db", str(db), "screen", "--supplier", "Russia", "--json"])
    assert js.exit_code == 0, js.output
    d = json.loads(js.stdout)
    assert d.keys() >= {"release", "source", "coverage", "embargo_table", "filters", "unit",
                        "totals", "hits", "by_embargo", "by_supplier", "not_screened",
                        "warnings"}
    assert d["unit"] == "TIV, millions"
    hit = next(h for h in d["hits"] if h["embargo_id"] == "UN-LBY-2011")
    assert (hit["deal_id"], hit["supplier"], hit["recipient"], hit["year"], hit["tiv"],
            hit["status"]) == ("2", "Russia", "HoR (Libya)*", 2020, 159.6, "bound")
    assert hit["source"]["line"] == 14  # 11 preamble lines, the header, then deal 1
    assert hit["basis"] == "UNSCR 1970 (2011); 2292 (2016); 2769 (2025)"
    assert d["totals"]["bound"] == {"deliveries": 1, "tiv": 159.6}
    summ = runner.invoke(app, ["--db", str(db), "screen", "--summary", "--supplier", "Italy",
                               "--json"])
    sd = json.loads(summ.stdout)
    assert "hits" not in sd and sd["supplier_summary"]["bound_tiv"] == 6.0
    assert sd["supplier_summary"]["bound_share_pct"] == 100.0
    emb_text_out = runner.invoke(app, ["--db", str(db), "screen", "--summary", "--embargo",
                                       "EU-MMR-1990"])
    assert "Bulgaria" in emb_text_out.stdout and "not bound" in emb_text_out.stdout


def test_cli_embargoes_load_list_and_errors(db, write):
    app = cli_app()
    good = write("mine.csv", emb_text(emb("UN-AAA-2000", "UN", "Libya", "LBY", "2000")))
    out = runner.invoke(app, ["--db", str(db), "embargoes", "load", str(good), "--name", "m"])
    assert out.exit_code == 0 and "Loaded embargo table 'm': 1 embargoes" in out.stdout
    again = runner.invoke(app, ["--db", str(db), "embargoes", "load", str(good)])
    assert again.exit_code == 0 and "already loaded as embargo table 'm'" in again.stdout
    listed = json.loads(runner.invoke(app, ["--db", str(db), "embargoes", "list",
                                            "--json"]).stdout)
    assert listed["table"]["name"] == "m" and len(listed["embargoes"]) == 1
    bundled = runner.invoke(app, ["--db", str(db), "embargoes", "list", "--table", "bundled",
                                  "--in-force", "1999"])
    assert bundled.exit_code == 0 and "UN-FRY-1998" in bundled.stdout
    bad = write("bad.csv", emb_text(emb("UN-B-2000", "UN", "Libya", "LBY", "2000-00")))
    err = runner.invoke(app, ["--db", str(db), "embargoes", "load", str(bad)])
    assert err.exit_code == 1
    assert err.output.strip() == (f'Error: {bad} line 2, column "start_date": \'2000-00\' is '
                                  "not a date (YYYY, YYYY-MM or YYYY-MM-DD)")
    unknown = runner.invoke(app, ["--db", str(db), "screen", "--embargo", "UN-NOPE"])
    assert unknown.exit_code == 1 and unknown.output.startswith("Error: no embargo 'UN-NOPE'")
    assert len(unknown.output.strip().splitlines()) == 1
