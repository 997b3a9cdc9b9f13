"""Readers of the real SIPRI formats: counts on the real files, quirks, small made-up files."""

from __future__ import annotations

import gzip
from datetime import date

import polars as pl
import pytest
from samples import (
    DELIVERY_YEAR_2026,
    REGISTER_2024,
    REGISTER_2025,
    REGISTER_2025_DELIVERIES,
    TIV_EXPORTS_2024,
    TIV_IMPORTS_2024,
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
    from armsledger.sources.text import ProblemLog, read_raw

    path = shared(DELIVERY_YEAR_2026)
    fast = delivery_year._fast_rows(read_raw(path), 11)
    assert fast is not None, "the clean real export should take the fast path"
    careful = delivery_year._careful_rows(read_raw(path), 11, ProblemLog(str(path)))
    assert fast.columns == careful.columns
    fast = fast.with_columns(pl.col(pl.Categorical).cast(pl.String))
    assert fast.equals(careful)
    # SIPRI's '9M119 ' (trailing space) is stripped on both paths.
    assert "9M119" in fast["designation"].to_list()
