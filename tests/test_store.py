"""The store: releases with provenance, atomic loads, duplicates, the newest-release rule."""

from __future__ import annotations

import polars as pl
import pytest
from samples import (
    DELIVERY_YEAR_2026,
    DELIVERY_YEAR_2026_EXCERPT,
    EMBARGOES_EXCERPT,
    REGISTER_2024_EXCERPT,
    REGISTER_2025,
    REGISTER_2025_DELIVERIES_EXCERPT,
    REGISTER_2025_EXCERPT,
    TIV_EXPORTS_2024_EXCERPT,
    TIV_IMPORTS_2024_EXCERPT,
    delivery_year_text,
    register_text,
    shared,
)

from armsledger.errors import ArmsledgerError, ReleaseNotFoundError
from armsledger.ingest import load_file
from armsledger.sources import read_source
from armsledger.store import Store


def _everything(store: Store) -> dict:
    return {t: store.query(f"SELECT * FROM {t} ORDER BY ALL").rows()
            for t in ("releases", "actors", "deals", "deliveries", "tiv_values", "load_warnings")}


def test_load_records_provenance(store, write):
    path = write("dy.csv", delivery_year_text())
    report = load_file(store, path)
    r = report.release
    assert report.status == "loaded"
    assert r.format == "sipri-delivery-year" and r.source_file == str(path)
    assert r.sha256 == read_source(path).sha256 and len(r.sha256) == 64
    assert r.generated_on.isoformat() == "2026-02-12"
    assert (r.source_rows, r.deals, r.deliveries) == (6, 5, 6)
    assert r.name == "sipri-delivery-year-2026-02-12"
    assert store.table_counts(r.release_id) == {"deals": 5, "deliveries": 6, "tiv_values": 0,
                                                "load_warnings": 0}


def test_every_row_points_to_its_source_line(store):
    path = shared(REGISTER_2025)
    rel = load_file(store, path, name="reg").release
    lines = path.read_text(encoding="utf-8-sig").split("\n")
    sample = store.query(
        "SELECT d.source_line, d.recipient, d.supplier, d.designation, r.source_file "
        "FROM deals d JOIN releases r USING (release_id) WHERE release_id = $r "
        "USING SAMPLE 50 ROWS", {"r": rel.release_id})
    for line, recipient, supplier, designation, source in sample.iter_rows():
        assert source == str(path)
        text = lines[line - 1]
        assert text.startswith(f"{recipient},{supplier},") or text.startswith(f'"{recipient}"')
        assert designation in text


def test_every_excerpt_row_points_to_its_source_line(store):
    path = REGISTER_2025_EXCERPT
    rel = load_file(store, path, name="reg").release
    lines = path.read_text(encoding="utf-8-sig").split("\n")
    rows = store.query(
        "SELECT d.source_line, d.recipient, d.supplier, d.designation, r.source_file "
        "FROM deals d JOIN releases r USING (release_id) WHERE release_id = $r",
        {"r": rel.release_id})
    assert rows.height == 36
    for line, recipient, supplier, designation, source in rows.iter_rows():
        assert source == str(path)
        text = lines[line - 1]
        assert text.startswith(f"{recipient},{supplier},") or text.startswith(f'"{recipient}"')
        assert designation in text
    # Both lines of the split record are named in the stored warning.
    warned = store.query("SELECT line, message FROM load_warnings WHERE release_id = $r "
                         "ORDER BY line", {"r": rel.release_id}).rows()
    assert [line for line, _ in warned] == [27, 38]
    assert "on line 26" in warned[0][1]


# Each excerpt in tests/data/sipri, with the counts read from it: the twin of the CLI test
# that loads every real file (tests/test_cli.py::test_load_each_real_file).
EXCERPT_LOADS = [
    # file, source rows, deals, deliveries, TIV values, load warnings
    (DELIVERY_YEAR_2026_EXCERPT, 45, 38, 45, 0, 0),
    (REGISTER_2025_EXCERPT, 37, 36, 64, 0, 2),
    (REGISTER_2025_DELIVERIES_EXCERPT, 28, 27, 60, 0, 1),
    (REGISTER_2024_EXCERPT, 26, 25, 71, 0, 1),
    (TIV_IMPORTS_2024_EXCERPT, 14, 0, 0, 505, 0),
    (TIV_EXPORTS_2024_EXCERPT, 12, 0, 0, 747, 0),
]


@pytest.mark.parametrize(("path", "rows", "deals_n", "deliveries_n", "tiv_n", "warnings_n"),
                         EXCERPT_LOADS, ids=[e[0].name for e in EXCERPT_LOADS])
def test_load_each_excerpt(store, path, rows, deals_n, deliveries_n, tiv_n, warnings_n):
    report = load_file(store, path)
    r = report.release
    assert report.status == "loaded"
    assert (r.source_rows, r.deals, r.deliveries, r.tiv_values) == (
        rows, deals_n, deliveries_n, tiv_n)
    assert store.table_counts(r.release_id) == {
        "deals": deals_n, "deliveries": deliveries_n, "tiv_values": tiv_n,
        "load_warnings": warnings_n}
    assert r.sha256 == read_source(path).sha256


def test_embargo_table_excerpt_loads_under_a_name(store):
    """The curated embargo table's excerpt validates, is stored under a name and reads back."""
    from importlib.resources import files

    from armsledger.embargoes import load_embargoes, read_embargoes, stored_tables

    # Every excerpt line is a line of the bundled copy of the real table (byte for byte).
    packaged = files("armsledger.data.embargoes").joinpath("embargoes.csv").read_bytes()
    excerpt = EMBARGOES_EXCERPT.read_bytes()
    assert set(excerpt.splitlines(keepends=True)) <= set(packaged.splitlines(keepends=True))
    table = read_embargoes(EMBARGOES_EXCERPT)
    ids = [e.embargo_id for e in table.embargoes]
    assert ids == ["UN-NM-AFG-1996", "UN-AFG-2000", "UN-AQT-2002", "UN-AQ-ISIL-2011",
                   "UN-LBY-1992", "UN-LBY-2011", "UN-YUG-1991", "EU-AQT-2002", "EU-MMR-1990"]
    assert [e.source_line for e in table.embargoes] == list(range(2, 11))
    assert [e.embargo_id for e in table.embargoes if not e.mandatory] == ["UN-NM-AFG-1996"]
    assert sorted(e.embargo_id for e in table.embargoes if not e.matchable) == [
        "EU-AQT-2002", "UN-AQ-ISIL-2011", "UN-AQT-2002"]
    yug = table.get("un-yug-1991")
    assert yug.target_iso3 == ("BIH", "HRV", "MKD", "SVN", "SRB", "MNE")
    assert (yug.start_year, yug.end_year) == (1991, 1996)
    assert table.get("EU-MMR-1990").start_date == "1990"
    assert sum(e.end_year is None for e in table.embargoes) == 5

    report = load_embargoes(store, EMBARGOES_EXCERPT, name="excerpt")
    assert (report.status, report.table, report.rows) == ("loaded", "excerpt", 9)
    (stored,) = [t for t in stored_tables(store) if t.name == "excerpt"]
    assert stored.sha256 == table.sha256
    assert stored.embargoes == table.embargoes
    again = load_embargoes(store, EMBARGOES_EXCERPT, name="other")
    assert (again.status, again.table) == ("already-loaded", "excerpt")


def test_same_file_twice_is_reported_not_duplicated(store, write):
    path = write("dy.csv", delivery_year_text())
    first = load_file(store, path)
    again = load_file(store, write("copy-with-other-name.csv", delivery_year_text()))
    assert again.status == "already-loaded" and again.release.name == first.release.name
    assert len(store.releases()) == 1
    assert store.query("SELECT count(*) AS n FROM deliveries")["n"][0] == 6


def test_failure_in_the_middle_of_a_load_changes_nothing(store, write, monkeypatch):
    load_file(store, write("dy.csv", delivery_year_text()))
    before = _everything(store)
    parsed = read_source(write("reg.csv", register_text()))
    real_insert = Store._insert

    def failing_insert(self, table, frame, release_id):
        real_insert(self, table, frame, release_id)
        if table == "deliveries":  # deals and deliveries are in; releases row is not yet
            raise RuntimeError("disk full (simulated)")

    monkeypatch.setattr(Store, "_insert", failing_insert)
    with pytest.raises(RuntimeError, match="simulated"):
        store.load(parsed)
    monkeypatch.undo()
    assert _everything(store) == before
    # ...and the store still works: the same file loads cleanly afterwards.
    assert store.load(parsed).deals == 4


def test_failure_survives_reopening(tmp_path, write, monkeypatch):
    db = tmp_path / "s.duckdb"
    with Store(db) as s:
        load_file(s, write("dy.csv", delivery_year_text()))
        before = _everything(s)
        monkeypatch.setattr(Store, "_insert_actors", lambda self, p: 1 / 0)
        with pytest.raises(ZeroDivisionError):
            load_file(s, write("reg.csv", register_text()))
    monkeypatch.undo()
    with Store(db) as s:
        assert _everything(s) == before


def test_newest_release_rule_and_named_release(store, write):
    reg = load_file(store, write("reg.csv", register_text()), name="older").release
    dy = load_file(store, write("dy.csv", delivery_year_text()), name="newer").release
    assert store.release().name == "newer"
    assert store.release("older").release_id == reg.release_id
    assert store.release(str(dy.release_id)).name == "newer"
    with pytest.raises(ReleaseNotFoundError, match="no release named 'nope'"):
        store.release("nope")
    with pytest.raises(ArmsledgerError, match="already exists"):
        load_file(store, write("reg2.csv", register_text()[:-1] + "\n\n"), name="older")


def test_empty_store_says_how_to_load(store):
    with pytest.raises(ReleaseNotFoundError, match="armsledger load"):
        store.release()


def test_actors_are_classified_on_load(store, write):
    load_file(store, write("dy.csv", delivery_year_text()))
    actors = {r[0]: r[1:] for r in store.query(
        "SELECT sipri_name, kind, iso3 FROM actors").iter_rows()}
    assert actors["Russia"] == ("state", "RUS")
    assert actors["Soviet Union"] == ("historical_state", "SUN")
    assert actors["Hezbollah (Lebanon)*"] == ("non_state", "LBN")
    assert actors["unknown supplier(s)"] == ("unknown", None)


def test_real_delivery_year_export_round_trip(store):
    rel = load_file(store, shared(DELIVERY_YEAR_2026)).release
    assert (rel.source_rows, rel.deals, rel.deliveries) == (25024, 12571, 25024)
    totals = store.query("SELECT sum(tiv) AS t FROM deliveries WHERE release_id = $r",
                         {"r": rel.release_id})
    parsed = read_source(shared(DELIVERY_YEAR_2026))
    assert totals["t"][0] == pytest.approx(parsed.deliveries["tiv"].sum())
    assert parsed.deliveries.filter(pl.col("year") == 2024).height == store.query(
        "SELECT count(*) AS n FROM deliveries WHERE year = 2024")["n"][0]


def test_excerpt_delivery_year_export_round_trip(store):
    rel = load_file(store, DELIVERY_YEAR_2026_EXCERPT).release
    assert (rel.source_rows, rel.deals, rel.deliveries) == (45, 38, 45)
    assert rel.name == "sipri-delivery-year-2026-02-12"
    totals = store.query("SELECT sum(tiv) AS t FROM deliveries WHERE release_id = $r",
                         {"r": rel.release_id})
    parsed = read_source(DELIVERY_YEAR_2026_EXCERPT)
    assert totals["t"][0] == pytest.approx(parsed.deliveries["tiv"].sum())
    assert totals["t"][0] == pytest.approx(583.11)
    assert parsed.deliveries.filter(pl.col("year") == 2024).height == store.query(
        "SELECT count(*) AS n FROM deliveries WHERE year = 2024")["n"][0] == 5


def test_reading_writes_nothing(bundled_db, tmp_path):
    """Opening a store to read (CLI queries, the Python API, the API's start) leaves the
    database file byte for byte as it was; only loads write."""
    import hashlib
    import os
    import shutil

    from typer.testing import CliRunner

    import armsledger
    from armsledger.api import create_app
    from armsledger.api.settings import ApiSettings
    from armsledger.cli import app

    db = tmp_path / "read.duckdb"
    shutil.copy(bundled_db, db)

    def digest() -> str:
        return hashlib.sha256(db.read_bytes()).hexdigest()

    before, mtime = digest(), db.stat().st_mtime_ns
    runner = CliRunner()
    for args in (["releases", "--json"], ["top", "exporters"], ["profile", "Russia", "--json"],
                 ["deals", "--supplier", "France", "--period", "2024"], ["screen", "--json"],
                 ["claims", "list"]):
        result = runner.invoke(app, ["--db", str(db), *args])
        assert result.exit_code == 0, (args, result.output)
    with armsledger.open(db, read_only=True) as lg:
        assert lg.profile("Russia").rank == 3
    from fastapi.testclient import TestClient

    with TestClient(create_app(ApiSettings(db_path=db))) as client:
        assert client.get("/api/top/exporters").status_code == 200
    assert digest() == before and db.stat().st_mtime_ns == mtime
    os.chmod(db, 0o444)  # a read-only file can still be read
    try:
        result = runner.invoke(app, ["--db", str(db), "releases", "--json"])
        assert result.exit_code == 0, result.output
    finally:
        os.chmod(db, 0o644)
