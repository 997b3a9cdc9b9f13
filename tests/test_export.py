"""`armsledger export`: one release as a Frictionless Data Package, in every format, all or
nothing, with the release's provenance, SIPRI's citation and terms in datapackage.json."""

from __future__ import annotations

import hashlib
import json
import subprocess
import sys
from pathlib import Path

import duckdb
import frictionless
import polars as pl
import pyarrow.parquet as pq
import pytest
from samples import REGISTER_2024_EXCERPT, TIV_EXPORTS_2024_EXCERPT, delivery_year_text
from typer.testing import CliRunner

import armsledger.export as export_module
from armsledger import __version__
from armsledger.cli import app
from armsledger.errors import InvalidRequestError, ReleaseNotFoundError, StoreError
from armsledger.export import DESCRIPTOR, FORMATS, TABLES, export_release
from armsledger.ingest import load_file
from armsledger.store import Store
from armsledger.store.schema import SCHEMA_VERSION

runner = CliRunner()


@pytest.fixture
def loaded(store: Store, write) -> Store:
    """A store with a delivery-year export ('dy'), a register excerpt with a load warning
    ('reg') and a TIV table excerpt ('tiv')."""
    load_file(store, write("dy.csv", delivery_year_text()), name="dy")
    load_file(store, REGISTER_2024_EXCERPT, name="reg")
    load_file(store, TIV_EXPORTS_2024_EXCERPT, name="tiv")
    return store


def store_counts(store: Store, name: str) -> dict[str, int]:
    """Rows per exported table as the store holds them."""
    rel = store.release(name)
    counts = {k: v for k, v in store.table_counts(rel.release_id).items()
              if v or k == "load_warnings"}
    counts["release"] = 1
    counts["actors"] = store.actors(rel.release_id).height
    if rel.deliveries:
        counts["flows"] = store.execute("SELECT count(*) FROM flows WHERE release_id = ?",
                                        [rel.release_id])[0][0]
    return counts


def package(out: Path) -> dict:
    return json.loads((out / DESCRIPTOR).read_text(encoding="utf-8"))


def no_leftovers(parent: Path, keep: set[str]) -> None:
    """Nothing but ``keep`` in ``parent``: no temporary or half-written folder."""
    assert {p.name for p in parent.iterdir()} == keep


def parquet_package(out: Path) -> frictionless.Package:
    """The Parquet files as a Frictionless package with the exported schemas (frictionless 5
    reads Parquet through pandas, which turns integer columns with nulls into floats, so the
    rows are read with pyarrow and validated inline against the descriptor's schemas)."""
    resources = []
    for res in package(out)["resources"]:
        table = pq.read_table(out / res["path"])
        rows = [list(r.values()) for r in table.to_pylist()]
        resources.append(frictionless.Resource(
            name=res["name"], data=[table.column_names, *rows],
            schema=frictionless.Schema.from_descriptor(res["schema"])))
    return frictionless.Package(resources=resources)


def exported_rows(out: Path, fmt: str, name: str, path: str) -> pl.DataFrame:
    if fmt == "csv":
        return pl.read_csv(out / path, infer_schema=False)
    if fmt == "parquet":
        return pl.read_parquet(out / path)
    with duckdb.connect(str(out / path), read_only=True) as con:
        frame: pl.DataFrame = con.sql(f'SELECT * FROM "{name}"').pl()
    return frame


# -- every format ----------------------------------------------------------------------------


@pytest.mark.parametrize("fmt", FORMATS)
@pytest.mark.parametrize("name", ["dy", "reg", "tiv"])
def test_export_writes_every_table_with_the_stores_row_counts(loaded, tmp_path, fmt, name):
    out = tmp_path / "out" / f"{name}-{fmt}"
    result = export_release(loaded, name, out, fmt=fmt)
    counts = store_counts(loaded, name)
    assert {t.name: t.rows for t in result.resources} == counts
    for t in result.resources:
        assert exported_rows(out, fmt, t.name, t.path).height == counts[t.name]
    assert sorted(p.name for p in out.iterdir()) == result.files
    assert DESCRIPTOR in result.files
    assert result.bytes == sum((out / f).stat().st_size for f in result.files)
    desc = package(out)
    assert [r["name"] for r in desc["resources"]] == [t.name for t in result.resources]
    assert {r["name"]: r["armsledger:rows"] for r in desc["resources"]} == counts
    no_leftovers(out.parent, {out.name})


def test_tables_follow_the_release(loaded, tmp_path):
    """deals, deliveries and flows come with a register or delivery-year export; tiv_values
    with a TIV table; release, actors and load_warnings always."""
    def names(rel: str) -> list[str]:
        result = export_release(loaded, rel, tmp_path / rel)
        return [t.name for t in result.resources]

    assert names("dy") == ["release", "actors", "deals", "deliveries", "flows",
                           "load_warnings"]
    assert names("tiv") == ["release", "actors", "tiv_values", "load_warnings"]


def test_csv_package_is_valid_frictionless(loaded, tmp_path):
    for name in ("dy", "reg", "tiv"):
        out = tmp_path / name
        export_release(loaded, name, out, fmt="csv")
        report = frictionless.validate(out / DESCRIPTOR)
        assert report.valid, report.flatten(["resourceName", "type", "message"])[:5]


def test_parquet_package_is_valid_frictionless(loaded, tmp_path):
    for name in ("dy", "reg", "tiv"):
        out = tmp_path / name
        export_release(loaded, name, out, fmt="parquet")
        assert frictionless.Package.validate_descriptor(str(out / DESCRIPTOR)).valid
        report = parquet_package(out).validate()
        assert report.valid, report.flatten(["resourceName", "type", "message"])[:5]


def test_duckdb_descriptor_is_valid_and_the_file_holds_the_tables_with_keys(loaded, tmp_path):
    out = tmp_path / "db"
    result = export_release(loaded, "reg", out, fmt="duckdb")
    assert result.files == [DESCRIPTOR, "release.duckdb"]
    assert frictionless.Package.validate_descriptor(str(out / DESCRIPTOR)).valid
    with duckdb.connect(str(out / "release.duckdb"), read_only=True) as con:
        tables = {r[0] for r in con.execute("SELECT table_name FROM duckdb_tables()").fetchall()}
        assert tables == {t.name for t in result.resources}
        keys = con.execute("SELECT table_name, constraint_column_names FROM duckdb_constraints() "
                           "WHERE constraint_type = 'PRIMARY KEY'").fetchall()
        assert ("deliveries", ["deal_id", "year"]) in keys
        row = con.execute("SELECT name, sha256 FROM release").fetchone()
    assert row == ("reg", loaded.release("reg").sha256)


def test_a_broken_package_is_caught_by_the_validator(loaded, tmp_path):
    """The validation above checks something: a wrong hash or a row breaking a key fails."""
    out = tmp_path / "csv"
    export_release(loaded, "dy", out, fmt="csv")
    deliveries = out / "deliveries.csv"
    lines = deliveries.read_text(encoding="utf-8").splitlines(keepends=True)
    deliveries.write_text("".join([*lines, lines[1]]), encoding="utf-8")  # a duplicate key
    errors = {e[0] for e in frictionless.validate(out / DESCRIPTOR).flatten(["type"])}
    assert {"hash-count", "byte-count", "primary-key"} <= errors


# -- provenance ------------------------------------------------------------------------------


@pytest.mark.parametrize("fmt", FORMATS)
def test_descriptor_records_provenance_citation_and_terms(loaded, tmp_path, fmt):
    out = tmp_path / fmt
    result = export_release(loaded, "dy", out, fmt=fmt)
    rel = loaded.release("dy")
    desc = package(out)
    prov = desc["armsledger:release"]
    assert prov["sha256"] == rel.sha256 == result.sha256
    assert prov["source_file"] == "dy.csv"  # the file's name, not the folders it was in
    assert prov["generated_on"] == "2026-02-12" == rel.generated_on.isoformat()
    assert prov["name"] == "dy" and prov["format"] == "sipri-delivery-year"
    cite = "SIPRI Arms Transfers Database, February 2026, " \
        "https://www.sipri.org/databases/armstransfers"
    assert prov["citation"] == cite == result.citation
    assert cite in desc["description"] and rel.sha256 in desc["description"]
    assert any(s["title"] == cite for s in desc["sources"])
    terms = desc["licenses"][0]["title"]
    for words in ("free of charge", "attribution to SIPRI", "must not be attributed to SIPRI",
                  "commercial use needs SIPRI's agreement"):
        assert words in terms and words in prov["terms"]
    meta = desc["armsledger:export"]
    assert meta["armsledger_version"] == __version__ == result.armsledger_version
    assert desc["created"] == meta["exported_at"] == result.exported_at
    assert result.exported_at.endswith("Z")
    assert "facts" in meta["left_out"]


def test_csv_resources_record_each_files_sha256_and_size(loaded, tmp_path):
    out = tmp_path / "csv"
    export_release(loaded, "reg", out, fmt="csv")
    for res in package(out)["resources"]:
        data = (out / res["path"]).read_bytes()
        assert res["hash"] == "sha256:" + hashlib.sha256(data).hexdigest()
        assert res["bytes"] == len(data)
        assert res["encoding"] == "utf-8"
        assert data.decode("utf-8").splitlines()[0] == ",".join(
            f["name"] for f in res["schema"]["fields"])


def test_schemas_name_keys_and_types(loaded, tmp_path):
    out = tmp_path / "csv"
    export_release(loaded, "dy", out, fmt="csv")
    schemas = {r["name"]: r["schema"] for r in package(out)["resources"]}
    assert schemas["deals"]["primaryKey"] == ["deal_id"]
    assert {"fields": ["deal_id"], "reference": {"resource": "deals", "fields": ["deal_id"]}} \
        in schemas["deliveries"]["foreignKeys"]
    assert {"fields": ["supplier"], "reference": {"resource": "actors",
                                                   "fields": ["sipri_name"]}} \
        in schemas["deals"]["foreignKeys"]
    fields = {f["name"]: f for f in schemas["deliveries"]["fields"]}
    assert fields["tiv"]["type"] == "number" and "TIV, millions" in fields["tiv"]["description"]
    assert fields["year"]["type"] == "integer"
    assert fields["year"]["constraints"] == {"required": True}
    assert all(f["description"] for s in schemas.values() for f in s["fields"])


def test_values_round_trip(loaded, tmp_path):
    """The exported deals equal the stored ones (Parquet and DuckDB keep types exactly)."""
    rel = loaded.release("dy")
    stored = loaded.query("SELECT * EXCLUDE (release_id) FROM deals WHERE release_id = $r "
                          "ORDER BY source_line, deal_id", {"r": rel.release_id})
    export_release(loaded, "dy", tmp_path / "p", fmt="parquet")
    export_release(loaded, "dy", tmp_path / "d", fmt="duckdb")
    assert pl.read_parquet(tmp_path / "p" / "deals.parquet").equals(stored)
    assert exported_rows(tmp_path / "d", "duckdb", "deals", "release.duckdb").equals(stored)


def test_every_stored_column_is_exported():
    """A column added to the store must be described here too (or the export drops it)."""
    with Store(":memory:") as s:
        for table in TABLES:
            stored = "releases" if table.name == "release" else table.name
            columns = [r[0] for r in s.execute(
                "SELECT column_name FROM duckdb_columns() WHERE table_name = ? "
                "ORDER BY column_index", [stored])]
            assert [c.name for c in table.columns] == \
                [c for c in columns if c != "release_id"], table.name
    assert SCHEMA_VERSION == 5, "schema changed: check TABLES in armsledger/export.py"


# -- refusals and failures -------------------------------------------------------------------


def test_unknown_release_is_an_error_with_suggestions(loaded, tmp_path):
    with pytest.raises(ReleaseNotFoundError) as e:
        export_release(loaded, "regg", tmp_path / "out")
    assert e.value.suggestions[0] == "reg"
    assert "no release named 'regg'" in e.value.message
    assert not (tmp_path / "out").exists()


def test_unknown_format_is_an_error(loaded, tmp_path):
    with pytest.raises(InvalidRequestError):
        export_release(loaded, "dy", tmp_path / "out", fmt="xlsx")


def test_a_non_empty_folder_is_refused(loaded, tmp_path):
    out = tmp_path / "exports" / "out"
    out.mkdir(parents=True)
    (out / "notes.txt").write_text("mine", encoding="utf-8")
    with pytest.raises(InvalidRequestError) as e:
        export_release(loaded, "dy", out)
    assert e.value.details["reason"] == "not_empty" and "--force" in e.value.message
    # --force replaces an earlier export only, never a folder of other files
    with pytest.raises(InvalidRequestError) as e:
        export_release(loaded, "dy", out, force=True)
    assert e.value.details["reason"] == "not_an_export"
    assert [p.name for p in out.iterdir()] == ["notes.txt"]
    no_leftovers(out.parent, {"out"})


def test_an_empty_folder_is_used_and_force_replaces_an_earlier_export(loaded, tmp_path):
    out = tmp_path / "exports" / "out"
    out.mkdir(parents=True)
    export_release(loaded, "dy", out, fmt="csv")
    with pytest.raises(InvalidRequestError):
        export_release(loaded, "dy", out, fmt="parquet")
    result = export_release(loaded, "dy", out, fmt="parquet", force=True)
    assert sorted(p.name for p in out.iterdir()) == result.files
    assert not any(f.endswith(".csv") for f in result.files)
    no_leftovers(out.parent, {"out"})


def test_a_file_or_the_databases_folder_is_refused(loaded, tmp_path):
    (tmp_path / "file").write_text("x", encoding="utf-8")
    with pytest.raises(InvalidRequestError, match="not a folder"):
        export_release(loaded, "dy", tmp_path / "file")
    with pytest.raises(InvalidRequestError, match="holds the database"):
        export_release(loaded, "dy", tmp_path, force=True)
    assert (tmp_path / "test.duckdb").exists()


@pytest.mark.parametrize("fmt", FORMATS)
def test_a_failed_export_leaves_nothing_behind(loaded, tmp_path, fmt):
    out = tmp_path / "exports" / "dy"
    with pytest.raises(StoreError) as e:
        export_release(loaded, "dy", out, fmt=fmt, _fail_after="deals")
    assert "nothing was written" in e.value.message
    assert not out.exists()
    no_leftovers(out.parent, set())


def test_a_failed_forced_export_keeps_the_earlier_one(loaded, tmp_path):
    out = tmp_path / "exports" / "dy"
    export_release(loaded, "dy", out, fmt="csv")
    before = {p.name: p.read_bytes() for p in out.iterdir()}
    with pytest.raises(StoreError):
        export_release(loaded, "dy", out, fmt="parquet", force=True, _fail_after="flows")
    assert {p.name: p.read_bytes() for p in out.iterdir()} == before
    no_leftovers(out.parent, {"dy"})


def test_a_database_error_while_writing_is_a_store_error(loaded, tmp_path, monkeypatch):
    def broken(*args: object) -> None:
        raise duckdb.IOException("IO Error: disk on fire")

    monkeypatch.setattr(export_module, "_write_duckdb", broken)
    out = tmp_path / "exports" / "db"
    with pytest.raises(StoreError, match="disk on fire"):
        export_release(loaded, "dy", out, fmt="duckdb")
    no_leftovers(out.parent, set())


def test_an_interrupted_export_leaves_nothing_behind(loaded, tmp_path, monkeypatch):
    def interrupted(*args: object) -> None:
        raise KeyboardInterrupt

    monkeypatch.setattr(export_module, "_write_file", interrupted)
    out = tmp_path / "exports" / "dy"
    with pytest.raises(KeyboardInterrupt):
        export_release(loaded, "dy", out, fmt="csv")
    no_leftovers(out.parent, set())


def test_the_runtime_does_not_import_frictionless():
    code = ("import sys, armsledger.export, armsledger.cli; "
            "sys.exit('frictionless' in sys.modules)")
    assert subprocess.run([sys.executable, "-c", code], check=False).returncode == 0


# -- the command -----------------------------------------------------------------------------


def test_cli_export_text_and_json(loaded, tmp_path):
    db = str(loaded.path)
    loaded.close()
    out = tmp_path / "cli"
    result = runner.invoke(app, ["--db", db, "export", "reg", "--format", "parquet",
                                 "--out", str(out)])
    assert result.exit_code == 0, result.output
    assert "Release reg exported as parquet" in result.output
    assert "deals.parquet" in result.output and "Cite as: SIPRI Arms Transfers Database" \
        in result.output
    again = runner.invoke(app, ["--db", db, "export", "reg", "--out", str(out), "--json"])
    assert again.exit_code == 1
    assert json.loads(again.stdout)["error"]["code"] == "invalid_request"
    forced = runner.invoke(app, ["--db", db, "export", "reg", "--out", str(out), "--force",
                                 "--json"])
    assert forced.exit_code == 0, forced.output
    data = json.loads(forced.stdout)
    assert data["format"] == "csv" and data["release"] == "reg"
    assert {r["name"]: r["rows"] for r in data["resources"]}["load_warnings"] == 1
    assert data["descriptor"] == str(out / DESCRIPTOR)


def test_cli_unknown_release_is_one_line(loaded, tmp_path):
    db = str(loaded.path)
    loaded.close()
    result = runner.invoke(app, ["--db", db, "export", "regg", "--out", str(tmp_path / "x")])
    assert result.exit_code == 1
    assert result.stderr.strip().startswith("Error: no release named 'regg'")
    assert "did you mean: reg" in result.stderr
    bad = runner.invoke(app, ["--db", db, "export", "reg", "--format", "xlsx", "--out",
                              str(tmp_path / "x")])
    assert bad.exit_code == 2
    assert not (tmp_path / "x").exists()


# -- the whole bundled release ---------------------------------------------------------------


def test_the_bundled_default_release_exports_as_a_valid_package(bundled_db, tmp_path):
    with Store(bundled_db, read_only=True) as s:
        result = export_release(s, "sipri-register-2026-05", tmp_path / "full", fmt="csv")
        counts = store_counts(s, "sipri-register-2026-05")
    assert {t.name: t.rows for t in result.resources} == counts
    assert counts["deals"] > 29_000
    report = frictionless.validate(tmp_path / "full" / DESCRIPTOR)
    assert report.valid, report.flatten(["resourceName", "type", "message"])[:5]

