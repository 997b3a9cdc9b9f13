"""Readers of the real SIPRI formats: counts on the real files and on their in-repo excerpts,
quirks, small made-up files."""

from __future__ import annotations

import gzip
from datetime import date

import polars as pl
import pytest
from samples import (
    DELIVERY_YEAR_2026,
    DELIVERY_YEAR_2026_EXCERPT,
    EMBARGOES_EXCERPT,
    REGISTER_2024,
    REGISTER_2024_EXCERPT,
    REGISTER_2025,
    REGISTER_2025_DELIVERIES,
    REGISTER_2025_DELIVERIES_EXCERPT,
    REGISTER_2025_EXCERPT,
    TIV_EXPORTS_2024,
    TIV_EXPORTS_2024_EXCERPT,
    TIV_IMPORTS_2024,
    TIV_IMPORTS_2024_EXCERPT,
    delivery_year_text,
    register_text,
    shared,
)

from armsledger.model import SourceFormat
from armsledger.sources import read_source

# Counts stated in each file's SOURCE.md and checked by reading the files.
REAL = [
    # file, format, encoding, generated_on, source rows, deals, warnings (split records)
    (DELIVERY_YEAR_2026, SourceFormat.DELIVERY_YEAR, "utf-8", date(2026, 2, 12), 25024, 12571, 0),
    (REGISTER_2025, SourceFormat.TRADE_REGISTER, "utf-8-sig", None, 29507, 29503, 4),
    (REGISTER_2025_DELIVERIES, SourceFormat.TRADE_REGISTER, "latin-1", date(2025, 10, 23), 28350,
     28348, 2),
    (REGISTER_2024, SourceFormat.TRADE_REGISTER, "latin-1", date(2024, 10, 13), 27953, 27951, 2),
]


@pytest.mark.parametrize(("rel", "fmt", "encoding", "generated", "rows", "deals", "splits"), REAL)
def test_real_files_counts(rel, fmt, encoding, generated, rows, deals, splits):
    parsed = read_source(shared(rel))
    assert parsed.format is fmt
    assert parsed.encoding == encoding
    assert parsed.generated_on == generated
    assert parsed.source_rows == rows
    assert parsed.deals.height == deals
    rejoined = [w for w in parsed.warnings if "re-joined" in w.message]
    assert len(rejoined) == splits
    # Delivered TIV is never counted once per year: the yearly rows add up to the deal totals.
    assert parsed.deliveries["tiv"].sum() == pytest.approx(parsed.deals["tiv_delivered"].sum())


# The same checks on the in-repo excerpts (tests/data/sipri/SOURCE.md), counted by reading
# them: these run without ../shared. Lines are the excerpt's own line numbers.
EXCERPTS = [
    # file, format, encoding, generated_on, source rows, deals, split records (line, record)
    (DELIVERY_YEAR_2026_EXCERPT, SourceFormat.DELIVERY_YEAR, "utf-8", date(2026, 2, 12), 45, 38,
     []),
    (REGISTER_2025_EXCERPT, SourceFormat.TRADE_REGISTER, "utf-8-sig", None, 37, 36, [(27, 26)]),
    (REGISTER_2025_DELIVERIES_EXCERPT, SourceFormat.TRADE_REGISTER, "latin-1",
     date(2025, 10, 23), 28, 27, [(38, 37)]),
    (REGISTER_2024_EXCERPT, SourceFormat.TRADE_REGISTER, "latin-1", date(2024, 10, 13), 26, 25,
     [(37, 36)]),
]


@pytest.mark.parametrize(("path", "fmt", "encoding", "generated", "rows", "deals", "splits"),
                         EXCERPTS, ids=[e[0].name for e in EXCERPTS])
def test_excerpt_counts(path, fmt, encoding, generated, rows, deals, splits):
    parsed = read_source(path)
    assert parsed.format is fmt
    assert parsed.encoding == encoding
    assert parsed.generated_on == generated
    assert parsed.source_rows == rows
    assert parsed.deals.height == deals
    rejoined = [w.line for w in parsed.warnings if "re-joined" in w.message]
    assert rejoined == [line for line, _ in splits]
    for line, record in splits:
        assert parsed.deals.filter(pl.col("source_line") == record).height == 1
        assert parsed.deals.filter(pl.col("source_line") == line).height == 0
    assert parsed.deliveries["tiv"].sum() == pytest.approx(parsed.deals["tiv_delivered"].sum())


# Where each excerpt was taken from: (source file under SHARED_DATA, 1-based inclusive line
# ranges), as tests/data/sipri/SOURCE.md states.
EXCERPT_SOURCES = [
    (DELIVERY_YEAR_2026_EXCERPT, DELIVERY_YEAR_2026, [(1, 57)]),
    (REGISTER_2025_EXCERPT, REGISTER_2025, [(1, 21), (5330, 5345), (17268, 17268)]),
    (REGISTER_2025_DELIVERIES_EXCERPT, REGISTER_2025_DELIVERIES,
     [(1, 32), (250, 250), (386, 386), (24149, 24154)]),
    (REGISTER_2024_EXCERPT, REGISTER_2024, [(1, 32), (257, 257), (441, 441), (26457, 26460)]),
    (TIV_IMPORTS_2024_EXCERPT, TIV_IMPORTS_2024, [(1, 15), (37, 37), (108, 108), (266, 273)]),
    (TIV_EXPORTS_2024_EXCERPT, TIV_EXPORTS_2024, [(1, 20), (54, 54), (147, 148)]),
    (EMBARGOES_EXCERPT, "arms_embargoes_curated/embargoes.csv",
     [(1, 5), (33, 34), (46, 46), (52, 52), (73, 73)]),
]


@pytest.mark.parametrize(("excerpt", "rel", "ranges"), EXCERPT_SOURCES,
                         ids=[e[0].name for e in EXCERPT_SOURCES])
def test_excerpts_are_the_real_files_lines_byte_for_byte(excerpt, rel, ranges):
    lines = shared(rel).read_bytes().splitlines(keepends=True)
    taken = b"".join(b"".join(lines[first - 1:last]) for first, last in ranges)
    assert excerpt.read_bytes() == taken


def test_delivery_year_export_rows_and_deals():
    parsed = read_source(shared(DELIVERY_YEAR_2026))
    d = parsed.deliveries
    assert d.height == 25024
    assert d["year"].min() == 1995 and d["year"].max() == 2024
    assert parsed.deals["supplier"].n_unique() == 110
    assert parsed.deals["recipient"].n_unique() == 206
    # SOURCE.md: Russia has 2,626 delivery rows and the Soviet Union none (range starts 1995).
    russia = parsed.deals.filter(pl.col("supplier") == "Russia")["deal_id"]
    assert d.filter(pl.col("deal_id").is_in(russia.implode())).height == 2626
    assert "Soviet Union" not in parsed.deals["supplier"].to_list()
    # First data row, line 13: 55238,Albania,Burkina Faso,PM-43 120mm,...,2011,No,12,No,2011,...
    first = parsed.deals.filter(pl.col("deal_id") == "55238").row(0, named=True)
    assert first["source_line"] == 13
    assert first["supplier"] == "Albania" and first["recipient"] == "Burkina Faso"
    assert first["order_year"] == 2011 and first["order_year_estimated"] is True
    assert first["status"] == "second-hand"
    assert first["tiv_unit"] == 0.1 and first["tiv_unit_new"] == 0.25
    assert first["tiv_delivered"] == 1.2 and first["local_production"] is False


def test_delivery_year_excerpt_rows_and_deals():
    parsed = read_source(DELIVERY_YEAR_2026_EXCERPT)
    d = parsed.deliveries
    assert d.height == 45
    assert d["year"].min() == 1995 and d["year"].max() == 2024
    assert parsed.deals["supplier"].n_unique() == 7
    assert parsed.deals["recipient"].n_unique() == 20
    # The first data row is the real file's (line 13), so the same facts hold.
    first = parsed.deals.filter(pl.col("deal_id") == "55238").row(0, named=True)
    assert first["source_line"] == 13
    assert first["supplier"] == "Albania" and first["recipient"] == "Burkina Faso"
    assert first["order_year"] == 2011 and first["order_year_estimated"] is True
    assert first["status"] == "second-hand"
    assert first["tiv_unit"] == 0.1 and first["tiv_unit_new"] == 0.25
    assert first["tiv_delivered"] == 1.2 and first["local_production"] is False
    # Deals delivered over several years: one row per year, summed into the deal.
    several = d.group_by("deal_id").len().filter(pl.col("len") > 1)
    assert sorted(several["deal_id"]) == ["35939", "40334", "56684", "58240", "58241", "65361"]
    c130 = d.filter(pl.col("deal_id") == "35939").sort("year")
    assert c130["year"].to_list() == [2013, 2014, 2015]
    assert c130["source_line"].to_list() == [42, 43, 44]
    assert c130["number"].to_list() == [1, 1, 2]
    assert c130["number_estimated"].to_list() == [False, True, True]
    assert not c130["split_estimated"].any()  # exact yearly values, nothing split
    deal = parsed.deals.filter(pl.col("deal_id") == "35939").row(0, named=True)
    assert deal["number_delivered"] == 4 and deal["number_delivered_estimated"] is True
    assert deal["tiv_delivered"] == pytest.approx(73.92)
    assert deal["status"] == "second-hand modernised"
    # One locally produced deal: Tenix-1600 patrol ships for New Zealand (line 55).
    local = parsed.deals.filter(pl.col("local_production"))
    assert local["deal_id"].to_list() == ["31772"] and local["source_line"].to_list() == [55]
    # An empty 'is estimate' cell is not an estimate: 67697 (line 25) has '2024,,14,,2024,,'.
    fiji = parsed.deals.filter(pl.col("deal_id") == "67697").row(0, named=True)
    assert fiji["order_year_estimated"] is False and fiji["number_delivered_estimated"] is False


def test_register_split_record_rejoined_with_warning_naming_both_lines():
    parsed = read_source(shared(REGISTER_2025))
    messages = [(w.line, w.message) for w in parsed.warnings if "re-joined" in w.message]
    assert (5335, "line 5335 holds the TIV values of the record on line 5334 (a line break "
                  "inside Comments split it); re-joined into one record") in messages
    deal = parsed.deals.filter(pl.col("source_line") == 5334).row(0, named=True)
    assert deal["recipient"] == "Cote d'Ivoire" and deal["supplier"] == "United States"
    assert deal["designation"] == "vehicle engine"
    assert (deal["tiv_unit"], deal["tiv_order"], deal["tiv_delivered"]) == (0.03, 0.36, 0.0)
    assert deal["delivery_years"] is None  # an order not yet delivered


def test_register_13_field_split_record_rejoined():
    # Latin-1 file with preamble: the comment's line break leaves 13 fields + ',0.25,3.5,3.25'.
    parsed = read_source(shared(REGISTER_2025_DELIVERIES))
    deal = parsed.deals.filter(pl.col("source_line") == 24151).row(0, named=True)
    assert deal["designation"] == "BTR-3" and deal["supplier"] == "Ukraine"
    assert (deal["tiv_unit"], deal["tiv_order"], deal["tiv_delivered"]) == (0.25, 3.5, 3.25)
    assert deal["delivery_years"] == "2010; 2012"


def test_register_pending_orders_and_flags():
    parsed = read_source(shared(REGISTER_2025))
    deals = parsed.deals
    assert deals.filter(pl.col("delivery_years").is_null()).height == 1155
    # Flags: 15,570 '?' on order year, 12,297 on number ordered, 16,515 on number delivered.
    assert deals["order_year_estimated"].sum() == 15570
    assert deals["number_ordered_estimated"].sum() == 12297
    assert deals["number_delivered_estimated"].sum() == 16515
    assert deals["status"].value_counts().sort("status").rows() == [
        ("new", 22001), ("second-hand", 6992), ("second-hand modernised", 510)]
    assert deals["category"].null_count() == 0


def test_register_splits_delivered_tiv_over_years_and_marks_it():
    parsed = read_source(shared(REGISTER_2025))
    # Afghanistan / United States S-70 Black Hawk: 53 delivered 2017-2020, TIV 227.37.
    deal = parsed.deals.filter((pl.col("recipient") == "Afghanistan")
                               & (pl.col("designation") == "S-70 Black Hawk")
                               & (pl.col("order_year") == 2016))
    assert deal.height == 1
    rows = parsed.deliveries.filter(pl.col("deal_id") == deal["deal_id"][0]).sort("year")
    assert rows["year"].to_list() == [2017, 2018, 2019, 2020]
    assert rows["tiv"].to_list() == pytest.approx([227.37 / 4] * 4)
    assert rows["number"].to_list() == [14, 13, 13, 13]
    assert rows["split_estimated"].all()
    single = parsed.deliveries.filter(pl.col("deal_id") == parsed.deals["deal_id"][0])
    assert single.height == 1 and not single["split_estimated"][0]


def test_register_repeated_year_counted_once_with_warning():
    parsed = read_source(shared(REGISTER_2025))
    warned = {w.line for w in parsed.warnings if "listed more than once" in w.message}
    assert warned == {11398, 17268}
    deal = parsed.deals.filter(pl.col("source_line") == 17268)
    rows = parsed.deliveries.filter(pl.col("deal_id") == deal["deal_id"][0])
    assert sorted(rows["year"].to_list()) == [2003, 2004]
    assert rows["tiv"].sum() == pytest.approx(91.8)


def test_register_excerpt_split_record_rejoined_with_warning_naming_both_lines():
    # Real lines 5334-5335 are the excerpt's lines 26-27.
    parsed = read_source(REGISTER_2025_EXCERPT)
    messages = [(w.line, w.message) for w in parsed.warnings if "re-joined" in w.message]
    assert messages == [(27, "line 27 holds the TIV values of the record on line 26 (a line "
                             "break inside Comments split it); re-joined into one record")]
    deal = parsed.deals.filter(pl.col("source_line") == 26).row(0, named=True)
    assert deal["recipient"] == "Cote d'Ivoire" and deal["supplier"] == "United States"
    assert deal["designation"] == "vehicle engine"
    assert (deal["tiv_unit"], deal["tiv_order"], deal["tiv_delivered"]) == (0.03, 0.36, 0.0)
    assert deal["delivery_years"] is None  # an order not yet delivered
    assert deal["comments"].startswith("Cummins (275hp) diesel engine")
    assert parsed.deliveries.filter(pl.col("deal_id") == deal["deal_id"]).height == 0
    # The record after the split keeps its own line.
    after = parsed.deals.filter(pl.col("source_line") == 28).row(0, named=True)
    assert after["supplier"] == "unknown supplier(s)" and after["delivery_years"] == "2023; 2024"


@pytest.mark.parametrize(("path", "line", "designation", "supplier", "tivs", "years"), [
    # Latin-1 with preamble; the comment's CRLF leaves 13 fields + ',0.25,3.5,3.25'.
    (REGISTER_2025_DELIVERIES_EXCERPT, 37, "BTR-3", "Ukraine", (0.25, 3.5, 3.25), "2010; 2012"),
    # October 2024: 15 fields + ',3,9,9'.
    (REGISTER_2024_EXCERPT, 36, "Hermes-900", "Israel", (3.0, 9.0, 9.0), "2016"),
], ids=["2025-deliveries", "2024-10"])
def test_register_excerpt_short_split_records_rejoined(path, line, designation, supplier, tivs,
                                                       years):
    parsed = read_source(path)
    deal = parsed.deals.filter(pl.col("source_line") == line).row(0, named=True)
    assert deal["designation"] == designation and deal["supplier"] == supplier
    assert (deal["tiv_unit"], deal["tiv_order"], deal["tiv_delivered"]) == tivs
    assert deal["delivery_years"] == years
    assert "\r" not in deal["comments"] and "\n" not in deal["comments"]
    assert [w.line for w in parsed.warnings] == [line + 1]


def test_register_excerpt_pending_orders_and_flags():
    deals = read_source(REGISTER_2025_EXCERPT).deals
    pending = deals.filter(pl.col("delivery_years").is_null())
    assert pending["source_line"].to_list() == [26, 30]  # vehicle engine, Puma M-36
    assert pending["number_delivered"].to_list() == [0, 0]
    assert deals["order_year_estimated"].sum() == 18
    assert deals["number_ordered_estimated"].sum() == 17
    assert deals["number_delivered_estimated"].sum() == 19
    assert deals["status"].value_counts().sort("status").rows() == [
        ("new", 21), ("second-hand", 12), ("second-hand modernised", 3)]
    assert deals["category"].null_count() == 0


def test_register_excerpt_splits_delivered_tiv_over_years_and_marks_it():
    parsed = read_source(REGISTER_2025_EXCERPT)
    # Afghanistan / United States S-70 Black Hawk: 53 delivered 2017-2020, TIV 227.37 (line 5).
    deal = parsed.deals.filter((pl.col("recipient") == "Afghanistan")
                               & (pl.col("designation") == "S-70 Black Hawk")
                               & (pl.col("order_year") == 2016))
    assert deal.height == 1 and deal["source_line"][0] == 5
    rows = parsed.deliveries.filter(pl.col("deal_id") == deal["deal_id"][0]).sort("year")
    assert rows["year"].to_list() == [2017, 2018, 2019, 2020]
    assert rows["tiv"].to_list() == pytest.approx([227.37 / 4] * 4)
    assert rows["number"].to_list() == [14, 13, 13, 13]
    assert rows["split_estimated"].all()
    single = parsed.deliveries.filter(pl.col("deal_id") == parsed.deals["deal_id"][0])
    assert single.height == 1 and not single["split_estimated"][0]


def test_register_excerpt_repeated_year_counted_once_with_warning():
    parsed = read_source(REGISTER_2025_EXCERPT)
    warned = {w.line for w in parsed.warnings if "listed more than once" in w.message}
    assert warned == {38}  # real line 17268: '2003; 2004; 2004'
    deal = parsed.deals.filter(pl.col("source_line") == 38)
    rows = parsed.deliveries.filter(pl.col("deal_id") == deal["deal_id"][0])
    assert sorted(rows["year"].to_list()) == [2003, 2004]
    assert rows["tiv"].sum() == pytest.approx(91.8)


@pytest.mark.parametrize("path", [REGISTER_2025_DELIVERIES_EXCERPT, REGISTER_2024_EXCERPT],
                         ids=["2025-deliveries", "2024-10"])
def test_register_excerpt_latin1_text_decoded(path):
    assert b"W\xe4rtsil\xe4" in path.read_bytes()  # the file really is Latin-1
    deals = read_source(path).deals
    engine = deals.filter(pl.col("source_line") == 33).row(0, named=True)
    assert engine["supplier"] == "Finland" and "W\u00e4rtsil\u00e4" in engine["comments"]
    trainer = deals.filter(pl.col("source_line") == 34).row(0, named=True)
    assert trainer["designation"] == "B\u00fc-181 Bestmann" and trainer["supplier"] == "Egypt"


@pytest.mark.parametrize(("rel", "role", "actors"), [
    (TIV_EXPORTS_2024, "exporter", 136), (TIV_IMPORTS_2024, "importer", 261)])
def test_tiv_tables(rel, role, actors):
    parsed = read_source(shared(rel))
    assert parsed.format is SourceFormat.TIV_TABLE
    t = parsed.tiv_values
    assert set(t["role"]) == {role}
    assert t.filter(~pl.col("actor").str.starts_with("Total world"))["actor"].n_unique() == actors
    assert t["year"].max() == 2023  # the 2024 column is empty in this release
    if role == "exporter":
        russia = t.filter(pl.col("actor") == "Russia").sort("year")
        assert russia.filter(pl.col("year") >= 2019)["tiv"].to_list() == [
            5051, 3523, 2315, 2603, 1269]
        assert t.filter(pl.col("actor") == "Soviet Union")["tiv"].sum() == 451317


@pytest.mark.parametrize(("path", "role", "rows", "actors", "zero"), [
    (TIV_EXPORTS_2024_EXCERPT, "exporter", 12, 11, ("India", 1987)),
    (TIV_IMPORTS_2024_EXCERPT, "importer", 14, 13, ("Saudi Arabia", 1950)),
], ids=["exports", "imports"])
def test_tiv_table_excerpts(path, role, rows, actors, zero):
    parsed = read_source(path)
    assert parsed.format is SourceFormat.TIV_TABLE
    assert parsed.generated_on == date(2024, 10, 13)
    assert parsed.title == "Volume of transfers of major arms"
    assert parsed.source_rows == rows  # the trailing blank line is not a row
    t = parsed.tiv_values
    assert set(t["role"]) == {role}
    assert t.filter(~pl.col("actor").str.starts_with("Total world"))["actor"].n_unique() == actors
    assert t.filter(pl.col("actor").str.starts_with("Total world"))["actor"].n_unique() == 1
    assert t["year"].min() == 1950 and t["year"].max() == 2023  # the 2024 column is empty
    # SIPRI's '0 ' (a volume below 0.5, with a trailing space) is read as 0, not as missing.
    actor, year = zero
    assert t.filter((pl.col("actor") == actor) & (pl.col("year") == year))["tiv"].to_list() == [0]
    if role == "exporter":
        russia = t.filter(pl.col("actor") == "Russia").sort("year")
        assert russia.filter(pl.col("year") >= 2019)["tiv"].to_list() == [
            5051, 3523, 2315, 2603, 1269]
        assert t.filter(pl.col("actor") == "Soviet Union")["tiv"].sum() == 451317
        assert set(t.filter(pl.col("actor") == "India")["source_line"]) == {21}
    else:
        rebels = t.filter(pl.col("actor") == "unknown rebel group*").sort("year")
        assert rebels.select("year", "tiv", "source_line").rows() == [(2001, 0, 20), (2002, 0, 20)]
        assert set(t.filter(pl.col("actor") == "Russia")["source_line"]) == {17}


def test_format_detected_from_content_not_name(write):
    misleading = write("trade-register.csv", delivery_year_text())
    assert read_source(misleading).format is SourceFormat.DELIVERY_YEAR
    other = write("delivery_year_export.txt", register_text())
    assert read_source(other).format is SourceFormat.TRADE_REGISTER


@pytest.mark.parametrize("encoding", ["utf-8", "utf-8-sig", "latin-1"])
def test_encodings_give_the_same_rows(write, encoding):
    rows = ["Cote d'Ivoire,France,2010,,2,,Gazelle,light helicopter,2,,2011,New,"
            "Livr\u00e9 \u00e0 Abidjan,1,2,2"]
    path = write(f"reg-{encoding}.csv", register_text(rows), encoding=encoding)
    parsed = read_source(path)
    assert parsed.encoding == encoding
    assert parsed.deals["comments"][0] == "Livr\u00e9 \u00e0 Abidjan"


def test_gzip_file_has_same_sha_as_plain(write):
    text = delivery_year_text()
    plain = write("dy.csv", text)
    packed = write("dy.csv.gz", gzip.compress(text.encode()))
    a, b = read_source(plain), read_source(packed)
    assert a.sha256 == b.sha256
    assert a.deliveries.equals(b.deliveries)


def test_small_delivery_year_file_by_hand(write):
    parsed = read_source(write("dy.csv", delivery_year_text()))
    assert parsed.generated_on == date(2026, 2, 12)
    deal = parsed.deals.filter(pl.col("deal_id") == "100").row(0, named=True)
    assert deal["number_delivered"] == 22 and deal["tiv_delivered"] == 1100
    assert deal["number_delivered_estimated"] is True
    assert parsed.deliveries.filter(pl.col("deal_id") == "100")["source_line"].to_list() == [13, 14]
    assert parsed.deals.filter(pl.col("deal_id") == "101")["local_production"][0] is True


def test_small_register_by_hand(write):
    parsed = read_source(write("reg.csv", register_text()))
    deals = parsed.deals
    su30 = deals.filter(pl.col("designation") == "Su-30MK").row(0, named=True)
    assert su30["number_delivered_estimated"] is True and su30["order_year_estimated"] is False
    rows = parsed.deliveries.filter(pl.col("deal_id") == su30["deal_id"])
    assert rows["number"].to_list() == [10, 10, 10]
    assert rows["tiv"].to_list() == pytest.approx([500, 500, 500])
    t90 = deals.filter(pl.col("designation") == "T-90S").row(0, named=True)
    assert t90["local_production"] is True and t90["category"] == "Armoured vehicles"
    s400 = deals.filter(pl.col("designation") == "S-400").row(0, named=True)
    assert s400["tiv_delivered"] is None and s400["tiv_order"] == 1000
    assert parsed.deliveries.filter(pl.col("deal_id") == s400["deal_id"]).height == 0
    assert deals["deal_id"].n_unique() == deals.height


def test_slow_path_gives_same_result_as_fast_path(write):
    """A quoted line break forces the record-by-record path; lines still point right."""
    rows = [
        "200,France,Egypt,Rafale,FGA aircraft,Aircraft,2015,No,6,No,2015,No,New,80,80,480,No",
        '201,France,Egypt,"FREMM\nfrigate",frigate,Ships,2015,No,1,No,2015,No,New,400,400,400,No',
        "202,France,Egypt,Mistral,landing ship,Ships,2015,No,2,No,2016,No,New,300,300,600,No",
    ]
    parsed = read_source(write("dy.csv", delivery_year_text(rows)))
    lines = dict(zip(parsed.deals["deal_id"], parsed.deals["source_line"], strict=True))
    assert lines == {"200": 13, "201": 14, "202": 16}


def test_fast_and_careful_paths_agree_on_the_real_export():
    """The typed fast path (big files) must give exactly what the careful path gives."""
    from armsledger.sources import delivery_year
    from armsledger.sources.problems import ProblemLog
    from armsledger.sources.text import read_raw

    path = shared(DELIVERY_YEAR_2026)
    fast = delivery_year._fast_rows(read_raw(path), 11)
    assert fast is not None, "the clean real export should take the fast path"
    careful = delivery_year._careful_rows(read_raw(path), 11, ProblemLog(str(path)))
    assert fast.columns == careful.columns
    fast = fast.with_columns(pl.col(pl.Categorical).cast(pl.String))
    assert fast.equals(careful)
    # SIPRI's '9M119 ' (trailing space) is stripped on both paths.
    assert "9M119" in fast["designation"].to_list()


def test_fast_and_careful_paths_agree_on_the_excerpt():
    from armsledger.sources import delivery_year
    from armsledger.sources.problems import ProblemLog
    from armsledger.sources.text import read_raw

    path = DELIVERY_YEAR_2026_EXCERPT
    fast = delivery_year._fast_rows(read_raw(path), 11)
    assert fast is not None, "the clean excerpt should take the fast path"
    careful = delivery_year._careful_rows(read_raw(path), 11, ProblemLog(str(path)))
    assert fast.columns == careful.columns
    fast = fast.with_columns(pl.col(pl.Categorical).cast(pl.String))
    assert fast.equals(careful)
    assert fast.height == 45
