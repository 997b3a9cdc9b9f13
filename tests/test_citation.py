"""Citable everywhere: the provenance stamp, CITATION.cff against the official CFF 1.2.0 schema,
and the licence files (LICENSE, DATA_NOTICE.md) being true to the package."""

from __future__ import annotations

import csv
import dataclasses
import hashlib
import io
import json
import re
import tomllib
from datetime import date

import duckdb
import jsonschema
import polars as pl
import pytest
import yaml
from samples import REPO, delivery_year_text, register_text

import armsledger
from armsledger import citation
from armsledger.analysis.common import source_note as analysis_source_note
from armsledger.citation import (
    TERMS,
    Stamp,
    comment_line_count,
    csv_comment_block,
    sipri_citation,
    source_note,
    stamp,
    stamp_headers,
    stamp_html,
    stamp_markdown,
    stamp_rows,
    stamp_text,
)
from armsledger.ingest import load_file

CFF_DIR = REPO / "tests" / "data" / "cff"
STAMP_KEYS = {"release", "data_generated", "sha256", "source_file", "armsledger_version",
              "citation", "terms"}


def _pyproject() -> dict:
    return tomllib.loads((REPO / "pyproject.toml").read_text(encoding="utf-8"))


def _cff() -> dict:
    return yaml.safe_load((REPO / "CITATION.cff").read_text(encoding="utf-8"))


def _cff_validator() -> jsonschema.protocols.Validator:
    schema = json.loads((CFF_DIR / "schema-1.2.0.json").read_text(encoding="utf-8"))
    cls = jsonschema.validators.validator_for(schema)
    cls.check_schema(schema)
    return cls(schema, format_checker=cls.FORMAT_CHECKER)


@pytest.fixture
def dy_release(store, write):
    """A delivery-year release from the test sample (its preamble says: generated 12 Feb 2026)."""
    return load_file(store, write("dy.csv", delivery_year_text())).release


@pytest.fixture
def reg_release(store, write):
    """A register without SIPRI's preamble: no generation date."""
    return load_file(store, write("reg.csv", register_text()), name="reg-undated").release


# --- CITATION.cff -------------------------------------------------------------------------------

def test_citation_cff_is_valid_cff_1_2_0():
    data = _cff()
    assert data["cff-version"] == "1.2.0"
    errors = [e.message for e in _cff_validator().iter_errors(data)]
    assert errors == []


@pytest.mark.parametrize("breakage", [
    lambda d: d.pop("message"),
    lambda d: d.__setitem__("license", "not-a-licence"),
    lambda d: d["references"][0].__setitem__("type", "dataset-of-sorts"),
    lambda d: d["references"][0].pop("authors"),
])
def test_the_schema_is_really_applied(breakage):
    data = _cff()
    breakage(data)
    assert not _cff_validator().is_valid(data)


def test_citation_cff_version_and_licence_match_the_package():
    data, project = _cff(), _pyproject()["project"]
    assert data["version"] == project["version"] == armsledger.__version__
    assert data["license"] == project["license"] == "MIT"
    assert data["title"] == project["name"] == "armsledger"


def test_citation_cff_asks_to_cite_software_and_sipri_separately():
    data = _cff()
    assert "cite the software" in data["message"]
    wanted = f"SIPRI Arms Transfers Database, <release>, {citation.SIPRI_URL}"
    assert wanted in data["message"]
    assert "not SIPRI's" in data["message"]
    (ref,) = [r for r in data["references"] if r["title"] == "SIPRI Arms Transfers Database"]
    assert ref["type"] == "database"
    assert ref["url"] == citation.SIPRI_URL
    assert ref["authors"][0]["name"] == "Stockholm International Peace Research Institute"


def test_schema_copy_is_the_one_its_source_note_names():
    text = (CFF_DIR / "SOURCE.md").read_text(encoding="utf-8")
    digest = hashlib.sha256((CFF_DIR / "schema-1.2.0.json").read_bytes()).hexdigest()
    assert f"SHA-256 of the schema file:\n`{digest}`" in text
    assert "CC-BY-4.0" in text
    schema = json.loads((CFF_DIR / "schema-1.2.0.json").read_text(encoding="utf-8"))
    assert schema["$id"] == "https://citation-file-format.github.io/1.2.0/schema.json"


# --- LICENSE, DATA_NOTICE.md, README --------------------------------------------------------------

def test_license_is_mit_and_points_to_the_data_notice():
    text = (REPO / "LICENSE").read_text(encoding="utf-8")
    assert text.startswith("MIT License\n\nCopyright (c) 2026 armsledger contributors\n")
    assert "DATA_NOTICE.md" in text and "NOT under the MIT licence" in text


def test_data_notice_lists_every_bundled_data_file():
    text = (REPO / "DATA_NOTICE.md").read_text(encoding="utf-8")
    data = REPO / "src" / "armsledger" / "data"
    files = [p for p in data.rglob("*") if p.is_file() and p.suffix not in (".py", ".pyc")
             and p.name != "SOURCE.md" and "__pycache__" not in p.parts]
    assert files
    missing = [str(p.relative_to(data)) for p in files
               if not re.search(rf"[`/]{re.escape(p.name)}`", text)]
    assert missing == []
    for words in ("attribut", "calculations", "commercial", "SIPRI Arms Transfers Database, "
                  "<release>".replace("<", "&lt;").replace(">", "&gt;")):
        assert words in text


def test_readme_points_to_the_licence_files():
    head = (REPO / "README.md").read_text(encoding="utf-8").split("**TIV is not money.**")[0]
    for name in ("LICENSE", "DATA_NOTICE.md", "CITATION.cff"):
        assert f"]({name})" in head, name


# --- the stamp ------------------------------------------------------------------------------------

def test_stamp_of_a_dated_release(dy_release):
    s = stamp(dy_release)
    d = s.to_dict()
    assert set(d) == STAMP_KEYS
    assert d == {
        "release": dy_release.name,
        "data_generated": "2026-02-12",
        "sha256": dy_release.sha256,
        "source_file": "dy.csv",
        "armsledger_version": armsledger.__version__,
        "citation": "SIPRI Arms Transfers Database, February 2026, "
                    "https://www.sipri.org/databases/armstransfers",
        "terms": TERMS,
    }
    assert "calculations by armsledger, not by SIPRI" in d["terms"]
    assert json.loads(json.dumps(d)) == d
    assert Stamp.model_validate(d) == s


def test_stamp_of_an_undated_release_names_it(reg_release):
    d = stamp(reg_release).to_dict()
    assert d["data_generated"] is None
    assert d["citation"] == ("SIPRI Arms Transfers Database, release 'reg-undated' (generation "
                             "date not stated in the file), "
                             "https://www.sipri.org/databases/armstransfers")


def test_default_bundled_release_is_cited_as_its_source_note_says(dy_release):
    default = dataclasses.replace(dy_release, name="sipri-register-2026-05",
                                  source_file="bundled:trade-register-2026-05.csv.gz",
                                  generated_on=date(2026, 5, 18))
    s = stamp(default)
    assert s.source_file == "bundled:trade-register-2026-05.csv.gz"
    source_md = (REPO / "src/armsledger/data/sipri/SOURCE.md").read_text(encoding="utf-8")
    assert f'Cite as "{s.citation}"' in source_md


@pytest.mark.parametrize("path", ["/home/someone/private/x.csv", r"C:\Users\someone\x.csv",
                                  "x.csv"])
def test_stamp_names_the_file_without_the_loading_machine_s_directories(dy_release, path):
    assert stamp(dataclasses.replace(dy_release, source_file=path)).source_file == "x.csv"


def test_stamp_is_frozen_and_refuses_unknown_keys(dy_release):
    s = stamp(dy_release)
    with pytest.raises(Exception):  # noqa: B017 - pydantic's ValidationError for frozen models
        s.release = "other"  # type: ignore[misc]
    with pytest.raises(Exception):  # noqa: B017
        Stamp.model_validate({**s.to_dict(), "extra": 1})


def test_stamp_schema_documents_every_key():
    schema = Stamp.model_json_schema()
    assert set(schema["properties"]) == STAMP_KEYS
    assert all(p.get("description") for p in schema["properties"].values())


def test_source_note_is_the_analysis_one(dy_release, reg_release):
    """One text: citation.source_note and analysis.common.source_note agree (the latter should
    delegate to the former)."""
    for rel in (dy_release, reg_release):
        assert source_note(rel) == analysis_source_note(rel)
    assert "generated 2026-02-12" in source_note(dy_release)


def test_sipri_citation_month_names_do_not_follow_the_locale(dy_release):
    for month, name in ((1, "January"), (9, "September"), (12, "December")):
        rel = dataclasses.replace(dy_release, generated_on=date(2024, month, 3))
        assert sipri_citation(rel).startswith(f"SIPRI Arms Transfers Database, {name} 2024, ")


# --- renderers --------------------------------------------------------------------------------

def test_text_and_comment_block(dy_release):
    s = stamp(dy_release)
    text = stamp_text(s)
    lines = text.splitlines()
    assert lines[0] == f"Cite: {s.citation}"
    assert f"SHA-256: {s.sha256}" in lines
    block = csv_comment_block(s)
    assert block.splitlines() == [f"# {line}" for line in lines]
    assert comment_line_count(s) == len(lines)


def test_comment_block_reads_back_as_documented(dy_release, tmp_path):
    """Skipping the block's lines gives the table back, rows starting with '#' included; a
    comment option would drop such a row (why the docs say to skip lines instead)."""
    s = stamp(dy_release)
    body = "supplier,tiv\nRussia,1.5\n#1 Fighter,2\n\"a # b\",3\n"
    path = tmp_path / "out.csv"
    path.write_text(csv_comment_block(s) + body, encoding="utf-8")
    n = comment_line_count(s)
    expected = list(csv.reader(io.StringIO(body)))
    assert list(csv.reader(io.StringIO(path.read_text(encoding="utf-8"))))[n:] == expected
    frame = pl.read_csv(path, skip_rows=n, infer_schema=False)
    assert [list(frame.columns), *[list(r) for r in frame.rows()]] == expected
    rows = duckdb.sql(f"SELECT * FROM read_csv('{path}', skip={n}, header=true, "
                      "all_varchar=true)").fetchall()
    assert [list(r) for r in rows] == expected[1:]
    assert pl.read_csv(path, comment_prefix="#").height == 2  # '#1 Fighter' lost


def test_undated_release_text_says_not_stated(reg_release):
    assert "Data generated: not stated" in stamp_text(stamp(reg_release))


HOSTILE = "<script>alert(1)</script> *x* `y` [z](javascript:1) =cmd|' /C calc'!A0"


def test_html_escapes_and_links(dy_release):
    s = stamp(dataclasses.replace(dy_release, name=HOSTILE))
    html = str(stamp_html(s))
    assert "<script>" not in html and "&lt;script&gt;" in html
    assert '<a href="https://www.sipri.org/databases/armstransfers">' in html
    assert html.startswith('<p class="provenance">') and html.endswith("</p>")
    assert "calculations by armsledger, not by SIPRI" in html


def test_markdown_escapes_user_text(dy_release):
    s = stamp(dataclasses.replace(dy_release, name=HOSTILE))
    md = stamp_markdown(s)
    assert r"\<script\>" in md and r"\*x\*" in md and r"\`y\`" in md and r"\[z\]" in md
    assert md.startswith("**Source:** SIPRI Arms Transfers Database, February 2026, ")
    assert f"`{s.sha256}`" in md


def test_rows_are_spreadsheet_safe(dy_release):
    s = stamp(dataclasses.replace(dy_release, name="=HYPERLINK(1)"))
    rows = dict(stamp_rows(s))
    assert rows["Release"] == "'=HYPERLINK(1)"
    assert list(rows) == ["Cite", "Release", "Data generated", "Source file", "SHA-256",
                          "armsledger version", "Terms"]


def test_headers_are_ascii(dy_release):
    s = stamp(dataclasses.replace(dy_release, name="Côte d'Ivoire\nX-Evil: 1"))
    headers = stamp_headers(s)
    for value in headers.values():
        value.encode("ascii")
        assert "\n" not in value and "\r" not in value
    assert headers["X-Armsledger-Release"] == r"C\xf4te d'Ivoire X-Evil: 1"
    assert headers["X-Armsledger-Source-Sha256"] == s.sha256
    assert re.fullmatch(r"[0-9a-f]{64}", s.sha256)
