"""Bad input: a clear error naming file, line and column; the CLI says one line; nothing changes."""

from __future__ import annotations

import os

import pytest
from samples import DY_ROWS, REG_ROWS, delivery_year_text, register_text
from typer.testing import CliRunner

from armsledger.cli import app
from armsledger.errors import InputError
from armsledger.ingest import load_file
from armsledger.sources import read_source
from armsledger.store import Store

CASES = {
    # name: (content, line, column, words the message must contain)
    "empty": (b"", 1, None, "empty"),
    "blank lines only": (b"\n\n  \n", 1, None, "empty"),
    "binary garbage": (bytes(range(256)) * 40, None, None, "not a text file"),
    "other dataset": (
        b"embargo_id,imposed_by,target,target_iso3\nUN-IRQ-1990,UN,Iraq,IRQ\n",
        None, None, "not a SIPRI file",
    ),
    "truncated last line (delivery-year)": (
        delivery_year_text(DY_ROWS).encode() + b"105,France,India,Rafale,FGA aircr",
        19, "Armament category", "ends after column 'Description'",
    ),
    "truncated last line (register)": (
        (register_text() + "India,France,2016,,36,,Rafale,FGA airc").encode(),
        6, "Number delivered", "ends after column 'Weapon description'",
    ),
    "non-numeric year": (
        register_text([REG_ROWS[0], REG_ROWS[1].replace(",2005,", ",19x5,")]).encode(),
        3, "Year of order", "'19x5' is not a year",
    ),
    "non-numeric delivery year": (
        register_text([REG_ROWS[0].replace("2003; 2004", "2003; 20o4")]).encode(),
        2, "Year(s) of delivery", "'20o4' is not a year",
    ),
    "negative TIV (register)": (
        register_text([REG_ROWS[1].replace(",4,80,80", ",4,80,-80")]).encode(),
        2, "SIPRI TIV of delivered weapons", "negative",
    ),
    "negative TIV (delivery-year)": (
        delivery_year_text([DY_ROWS[0].replace(",50,50,500,", ",50,50,-500,")]).encode(),
        13, "TIV delivery values", "negative",
    ),
    "unattachable continuation": (
        register_text([REG_ROWS[0], ",0.03,0.36,0,,,,,,,,,,,,", REG_ROWS[1]]).encode(),
        3, "Recipient", "cannot be attached to line 2",
    ),
    "continuation at the start": (
        register_text([",0.03,0.36,0", REG_ROWS[1]]).encode(),
        2, "Recipient", "cannot be attached",
    ),
}


@pytest.fixture
def loaded(tmp_path, write):
    """A store that already holds one release, and a snapshot of everything in it."""
    db = tmp_path / "store.duckdb"
    with Store(db) as s:
        load_file(s, write("good.csv", delivery_year_text()))
    return db, _snapshot(db)


def _snapshot(db) -> dict:
    with Store(db) as s:
        return {
            table: s.query(f"SELECT * FROM {table} ORDER BY ALL").rows()
            for table in ("releases", "actors", "deals", "deliveries", "tiv_values",
                          "load_warnings")
        }


@pytest.mark.parametrize("case", list(CASES))
def test_reader_names_file_line_column(case, write):
    content, line, column, words = CASES[case]
    path = write("bad.csv", content)
    with pytest.raises(InputError) as info:
        read_source(path)
    problem = info.value.problems[0]
    assert problem.file == str(path)
    assert problem.line == line
    assert problem.column == column
    assert words in problem.message
    assert str(path) in str(info.value)


@pytest.mark.parametrize("case", list(CASES))
def test_cli_one_line_nonzero_and_store_unchanged(case, write, loaded):
    db, before = loaded
    content, line, column, words = CASES[case]
    path = write("bad.csv", content)
    result = CliRunner().invoke(app, ["--db", str(db), "load", str(path)])
    assert result.exit_code == 1
    lines = result.stderr.strip().splitlines()
    assert lines[0].startswith(f"Error: {path}")
    assert words in lines[0]
    assert "Traceback" not in result.output + result.stderr
    assert _snapshot(db) == before


def test_debug_shows_traceback(write, loaded):
    db, _ = loaded
    path = write("bad.csv", b"")
    result = CliRunner().invoke(app, ["--db", str(db), "--debug", "load", str(path)])
    assert result.exit_code != 0
    assert isinstance(result.exception, InputError)


def test_errors_are_collected_in_one_pass(write):
    rows = [
        REG_ROWS[0].replace(",2000,", ",19x5,"),
        REG_ROWS[1].replace(",4,80,80", ",4,80,-80"),
        REG_ROWS[2].replace(",10,,S-400", ",ten,,S-400"),
        REG_ROWS[3].replace("Second hand", "Used"),
    ]
    path = write("bad.csv", register_text(rows))
    with pytest.raises(InputError) as info:
        read_source(path)
    found = {(p.line, p.column) for p in info.value.problems}
    assert found == {(2, "Year of order"), (3, "SIPRI TIV of delivered weapons"),
                     (4, "Number ordered"), (5, "status")}
    result = CliRunner().invoke(app, ["--db", str(path.parent / "x.duckdb"), "load", str(path)])
    assert result.exit_code == 1
    assert "(and 3 more problems)" in result.stderr.splitlines()[0]
    assert len(result.stderr.strip().splitlines()) == 5  # summary + every problem


def test_problem_limit(write):
    rows = [REG_ROWS[0].replace(",2000,", ",19x5,")] * 80
    with pytest.raises(InputError) as info:
        read_source(write("bad.csv", register_text(rows)), max_problems=10)
    assert len(info.value.problems) == 10 and info.value.truncated


def test_missing_file_is_an_error(tmp_path):
    result = CliRunner().invoke(app, ["--db", str(tmp_path / "x.duckdb"), "load",
                                      str(tmp_path / "nope.csv")])
    assert result.exit_code == 1
    assert "file not found" in result.stderr


def test_unreadable_file(write):
    path = write("locked.csv", delivery_year_text())
    if os.geteuid() == 0:  # root reads anything; use a directory instead
        path = path.parent
    else:
        path.chmod(0)
    with pytest.raises(InputError, match="cannot read file"):
        read_source(path)
