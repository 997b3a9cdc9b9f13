"""The CLI is a thin layer: its output equals the library's, names resolve, errors are one line."""

from __future__ import annotations

import csv
import io
import json

import polars as pl
import pytest
from samples import delivery_year_text, register_text
from typer.testing import CliRunner

from armsledger.analysis.deals import deals
from armsledger.cli import app
from armsledger.query import FigureQuery
from armsledger.store import Store

runner = CliRunner()


@pytest.fixture
def db(tmp_path, write):
    path = tmp_path / "cli.duckdb"
    for name, text in (("reg.csv", register_text()), ("dy.csv", delivery_year_text())):
        result = runner.invoke(app, ["--db", str(path), "load", str(write(name, text))])
        assert result.exit_code == 0, result.output
    return path


def run(db, *args: str):
    result = runner.invoke(app, ["--db", str(db), *args])
    return result


def deals_json(db, *args: str) -> list[dict]:
    """``deals --format json``: the deals, after checking the provenance stamp beside them."""
    result = run(db, "deals", *args, "--format", "json")
    assert result.exit_code == 0, result.output
    data = json.loads(result.stdout)
    assert set(data["provenance"]) >= {"release", "data_generated", "sha256",
                                       "armsledger_version", "citation"}
    return data["deals"]


def test_every_command_has_help():
    for command in ("load", "releases", "deals", "fetch"):
        result = runner.invoke(app, [command, "--help"])
        assert result.exit_code == 0
        assert len(result.output.strip()) > 50


def test_load_output_and_duplicate(db, write):
    result = run(db, "load", str(write("dy.csv", delivery_year_text())))
    assert result.exit_code == 0
    assert "already loaded as release 'sipri-delivery-year-2026-02-12'" in result.output
    renamed = run(db, "load", str(write("dy.csv", delivery_year_text())), "--release", "mine")
    assert renamed.exit_code == 0
    assert ("the name 'mine' was not used: this file is already loaded as release "
            "'sipri-delivery-year-2026-02-12'") in renamed.stderr
    assert "mine" not in [r["name"] for r in json.loads(run(db, "releases", "--json").output)]


def test_releases_json(db):
    result = run(db, "releases", "--json")
    rels = json.loads(result.output)
    assert [r["format"] for r in rels] == ["sipri-trade-register", "sipri-delivery-year"]
    assert [r["default"] for r in rels] == [False, True]
    assert rels[1]["generated_on"] == "2026-02-12" and len(rels[1]["sha256"]) == 64


def test_deals_json_one_object_per_deal(db):
    data = deals_json(db, "--supplier", "russia")
    assert [d["deal_id"] for d in data] == ["100", "101"]
    su30 = data[0]
    assert su30["deliveries"] == [  # a delivery-year export: SIPRI's exact yearly values
        {"year": 2002, "number": 10, "tiv": 500.0, "estimated": False, "method": "exact",
         "method_source": None},
        {"year": 2003, "number": 12, "tiv": 600.0, "estimated": True, "method": "exact",
         "method_source": None},
    ]
    assert su30["tiv_delivered"] == 1100.0 and su30["unit"] == "TIV, millions"
    for key in ("supplier", "recipient", "order_year", "designation", "category", "status"):
        assert key in su30
    assert su30["source"]["line"] == 13


def test_json_equals_library_result(db):
    cli = deals_json(db, "--recipient", "IND")
    with Store(db) as store:
        lib = deals(store, FigureQuery.build(recipient="IND")).records()
    assert cli == json.loads(json.dumps(lib))


def test_year_range_limits_deliveries_and_tiv(db):
    data = deals_json(db, "--supplier", "RUS", "--from", "2003", "--to", "2005")
    assert [d["deal_id"] for d in data] == ["100"]
    assert data[0]["deliveries"] == [{"year": 2003, "number": 12, "tiv": 600.0,
                                      "estimated": True, "method": "exact",
                                      "method_source": None}]
    assert data[0]["tiv_delivered"] == 600.0


def test_iso3_and_case_insensitive_names_and_no_predecessor_by_default(db):
    by_code = deals_json(db, "--supplier", "RUS")
    by_name = deals_json(db, "--supplier", "rUsSiA")
    assert by_code == by_name
    assert all(d["supplier"] == "Russia" for d in by_code)
    with_su = deals_json(db, "--supplier", "Russia", "--include-predecessors")
    assert {d["supplier"] for d in with_su} == {"Russia", "Soviet Union"}


def test_non_state_names_with_and_without_marker(db):
    a = deals_json(db, "--recipient", "Hezbollah (Lebanon)")
    b = deals_json(db, "--recipient", "hezbollah (lebanon)*")
    assert a == b and len(a) == 1
    # An ISO3 code means the state, never the non-state actors located there.
    result = run(db, "deals", "--recipient", "LBN")
    assert result.exit_code == 1


def test_unknown_actor_suggests(db):
    result = run(db, "deals", "--supplier", "Rusia")
    assert result.exit_code == 1
    line = result.stderr.strip().splitlines()[0]
    assert line.startswith("Error: unknown actor 'Rusia'; did you mean: Russia")


def test_category_filter(db):
    data = deals_json(db, "--category", "armoured vehicles")
    assert [d["designation"] for d in data] == ["T-90S"]


def test_csv_and_parquet(db, tmp_path):
    result = run(db, "deals", "--recipient", "India", "--format", "csv")
    rows = list(csv.DictReader(io.StringIO(result.stdout)))  # stdout is the table alone
    assert [r["deal_id"] for r in rows] == ["102", "100", "103"]
    assert rows[1]["deliveries"] == "2002:10:500.0; 2003:12:600.0"
    with Store(db) as store:
        release = store.release()
        sha = release.sha256
    # ... and its provenance goes to stderr, one '# Label: value' line each
    assert f"# SHA-256: {sha}" in result.stderr
    assert "# Cite: SIPRI Arms Transfers Database" in result.stderr
    # To a file, the provenance is a second CSV beside it.
    target = tmp_path / "india.csv"
    result = run(db, "deals", "--recipient", "India", "--format", "csv", "-o", str(target))
    assert result.exit_code == 0 and "india.provenance.csv" in result.output
    assert [r["deal_id"] for r in csv.DictReader(target.open())] == ["102", "100", "103"]
    side = {r["label"]: r["value"] for r in
            csv.DictReader((tmp_path / "india.provenance.csv").open())}
    assert side["SHA-256"] == sha and side["Release"] == release.name
    assert side["armsledger version"] and "commercial" in side["Terms"]
    target = tmp_path / "deals.parquet"
    result = run(db, "deals", "--recipient", "India", "--format", "parquet", "--output",
                 str(target))
    assert result.exit_code == 0
    frame = pl.read_parquet(target)
    assert frame["deal_id"].to_list() == ["102", "100", "103"]
    assert frame["tiv_delivered"].sum() == 8 + 1100 + 320
    meta = pl.read_parquet_metadata(target)
    assert meta["armsledger.sha256"] == sha and meta["armsledger.release"] == release.name


def test_table_says_tiv_and_cites_sipri(db):
    out = run(db, "deals", "--recipient", "India").output
    assert "TIV, millions" in out and "sipri.org/databases/armstransfers" in out
    assert "Su-30MK" in out


def test_named_release(db):
    rels = json.loads(run(db, "releases", "--json").output)
    old = rels[0]["name"]
    data = deals_json(db, "--release", old, "--supplier", "Russia")
    # The register release splits the Su-30MK's 1500 TIV over 2002-2004 (estimated).
    su30 = next(d for d in data if d["designation"] == "Su-30MK")
    assert [x["tiv"] for x in su30["deliveries"]] == [500.0, 500.0, 500.0]
    assert all(x["estimated"] for x in su30["deliveries"])
    assert all(d["designation"] != "S-400" for d in data)  # no delivery yet


def test_db_from_environment(tmp_path, write, monkeypatch):
    path = tmp_path / "env.duckdb"
    monkeypatch.setenv("ARMSLEDGER_DB", str(path))
    assert runner.invoke(app, ["load", str(write("dy.csv", delivery_year_text()))]).exit_code == 0
    assert path.exists()
    assert json.loads(runner.invoke(app, ["releases", "--json"]).output)[0]["deals"] == 5


def test_first_use_loads_bundled_data(tmp_path):
    path = tmp_path / "fresh.duckdb"
    result = runner.invoke(app, ["--db", str(path), "deals", "--supplier", "Russia",
                                 "--recipient", "India", "--from", "2024", "--to", "2024",
                                 "--format", "json"])
    assert result.exit_code == 0, result.output
    assert "loading the bundled SIPRI data" in result.stderr
    data = json.loads(result.stdout)["deals"]
    # the default is the newest release, SIPRI's May 2026 register
    assert data and all(d["source"]["release"] == "sipri-register-2026-05" for d in data)
    rels = json.loads(runner.invoke(app, ["--db", str(path), "releases", "--json"]).output)
    assert [r["name"] for r in rels] == [
        "sipri-tiv-exports-2024-10", "sipri-tiv-imports-2024-10", "sipri-deliveries-2026-02",
        "sipri-register-2024-10", "sipri-register-2025", "sipri-register-2026-05"]
    assert [r["default"] for r in rels] == [False] * 5 + [True]


def test_load_needs_file_or_bundled(tmp_path):
    result = runner.invoke(app, ["--db", str(tmp_path / "x.duckdb"), "load"])
    assert result.exit_code == 2


def test_fetch_downloads_saves_and_loads(tmp_path, monkeypatch):
    """`fetch` end to end against the recorded backend response (never the network)."""
    import base64
    from functools import partial
    from pathlib import Path

    import httpx

    from armsledger import fetch as fetch_module

    recorded = Path(__file__).parent / "data" / "sipri_backend_response.json"
    seen = []

    def handler(request: httpx.Request) -> httpx.Response:
        seen.append(json.loads(request.content))
        return httpx.Response(200, content=recorded.read_bytes(),
                              headers={"content-type": "application/json"})

    monkeypatch.setattr(fetch_module, "download",
                        partial(fetch_module.download, transport=httpx.MockTransport(handler)))
    db = tmp_path / "f.duckdb"
    result = runner.invoke(app, ["--db", str(db), "fetch", "--from", "1995", "--to", "2025",
                                 "--release", "sipri-live"])
    assert result.exit_code == 0, result.output
    assert seen and seen[0]["filters"][0]["value1"] == 1995
    assert "as release 'sipri-live'" in result.output
    saved = list((tmp_path / "downloads").glob("sipri-fetch-*.csv"))
    assert len(saved) == 1
    expected = base64.b64decode(json.loads(recorded.read_text())["bytes"])
    assert saved[0].read_bytes() == expected
    rels = json.loads(runner.invoke(app, ["--db", str(db), "releases", "--json"]).output)
    assert rels[0]["deliveries"] == 40 and rels[0]["generated_on"] == "2026-02-12"


def test_fetch_offline_is_one_line(tmp_path, monkeypatch):
    from functools import partial

    import httpx

    from armsledger import fetch as fetch_module

    def refuse(request: httpx.Request) -> httpx.Response:
        raise httpx.ConnectError("no route to host", request=request)

    monkeypatch.setattr(fetch_module, "download",
                        partial(fetch_module.download, transport=httpx.MockTransport(refuse)))
    result = runner.invoke(app, ["--db", str(tmp_path / "f.duckdb"), "fetch"])
    assert result.exit_code == 1
    assert result.stderr.startswith("Error: cannot reach SIPRI's backend")
    assert len(result.stderr.strip().splitlines()) == 1


REAL_FILES = [
    # every real SIPRI file in ../shared/data, with the counts its SOURCE.md states
    ("sipri_atdb_newformat_2026/trade_register.csv", 25024, 12571, 25024, 0),
    ("sipri_trade_register_2025/trade-register.csv", 29507, 29503, 60050, 0),
    ("sipri_trade_register_2025_deliveries/trade-register.csv", 28350, 28348, 60050, 0),
    ("sipri_2024_release_mjhofmann/trade-register.csv", 27953, 27951, 59157, 0),
    ("sipri_2024_release_mjhofmann/import-export-values_1950-2024.csv", 262, 0, 0, 8050),
    ("sipri_2024_release_mjhofmann/import-export-values_1950-2024_1950-2024.csv", 137, 0, 0,
     2742),
]


@pytest.mark.parametrize(("rel", "rows", "deals_n", "deliveries_n", "tiv_n"), REAL_FILES)
def test_load_each_real_file(tmp_path, rel, rows, deals_n, deliveries_n, tiv_n):
    from samples import shared

    db = tmp_path / "real.duckdb"
    result = runner.invoke(app, ["--db", str(db), "load", str(shared(rel))])
    assert result.exit_code == 0, result.output
    (release,) = json.loads(runner.invoke(app, ["--db", str(db), "releases", "--json"]).output)
    assert (release["source_rows"], release["deals"], release["deliveries"],
            release["tiv_values"]) == (rows, deals_n, deliveries_n, tiv_n)
