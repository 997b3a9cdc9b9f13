"""Every failure is the project's error (issue 13): the readers never raise anything but
:class:`~armsledger.errors.InputError` (or another ``ArmsledgerError``), and what they return
always fits the store.

First the cases fuzzing found, one regression test each; then a bounded, deterministic run of
the fuzzer whose mutations live in ``bench/fuzz.py`` (the long run: ``.venv/bin/python
bench/fuzz.py``).
"""

from __future__ import annotations

import gzip
import importlib.util
import random
import sys
from collections.abc import Iterator
from datetime import date
from types import ModuleType

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from samples import (
    DELIVERY_YEAR_2026_EXCERPT,
    REG_ROWS,
    REPO,
    TIV_EXPORTS_2024_EXCERPT,
    TIV_IMPORTS_2024_EXCERPT,
    register_text,
)

from armsledger.errors import InputError
from armsledger.sources import read_source
from armsledger.sources.claims_file import read_claims_file
from armsledger.store import Store

LONG = 200_000
"""Longer than the csv module's field limit (131,072 characters)."""


def only_problem(info: pytest.ExceptionInfo[InputError]):
    assert len(info.value.problems) == 1, info.value.problems
    return info.value.problems[0]


# --- 1. a field longer than the csv module's limit ---------------------------------------------


def test_register_with_an_overlong_field(write) -> None:
    rows = [REG_ROWS[0], REG_ROWS[1].replace("Produced under", "x" * LONG), REG_ROWS[2]]
    path = write("long.csv", register_text(rows))
    with pytest.raises(InputError) as info:
        read_source(path)
    problem = only_problem(info)
    assert (problem.file, problem.line) == (str(path), 3)
    assert "longer than" in problem.message


def test_unclosed_quote_that_swallows_the_rest_of_the_file(write) -> None:
    rows = [REG_ROWS[0], REG_ROWS[1].replace(",Produced", ',"Produced')] + [REG_ROWS[3]] * 2000
    path = write("quote.csv", register_text(rows))
    with pytest.raises(InputError) as info:
        read_source(path)
    problem = info.value.problems[0]
    assert (problem.file, problem.line) == (str(path), 3)
    assert "quote" in problem.message


@pytest.mark.parametrize("excerpt", [TIV_IMPORTS_2024_EXCERPT, TIV_EXPORTS_2024_EXCERPT])
def test_tiv_table_with_an_overlong_field(excerpt, write) -> None:
    lines = excerpt.read_bytes().split(b"\n")
    lines[12] = b'"' + b"y" * LONG + b'"' + lines[12][lines[12].index(b","):]
    path = write("long.csv", b"\n".join(lines))
    with pytest.raises(InputError) as info:
        read_source(path)
    problem = only_problem(info)
    assert (problem.file, problem.line) == (str(path), 13)


def test_claims_csv_with_an_overlong_field(write) -> None:
    header = "claimant,subject_exporter,metric,value,unit,currency,qualifier,period_start,"
    header += "period_end,quote"
    path = write("claims.csv", f"{header}\nX,FRA,export_value,5,billion,EUR,about,2024,2024,"
                 f"{'q' * LONG}\n")
    with pytest.raises(InputError) as info:
        read_claims_file(path)
    assert (only_problem(info).file, only_problem(info).line) == (str(path), 2)


@pytest.mark.parametrize("tail", [b'"', b'\r\n"', b'"\r\n'])
def test_delivery_year_with_a_lone_quote_at_the_end(tail, write) -> None:
    """polars' CSV parser panicked (a BaseException) on this; the careful path reads it."""
    data = DELIVERY_YEAR_2026_EXCERPT.read_bytes()
    path = write("quote.csv", data + tail)
    try:
        parsed = read_source(path)
    except InputError as e:
        assert e.problems[0].file == str(path) and e.problems[0].line == 58
    else:
        assert parsed.deals.height == read_source(DELIVERY_YEAR_2026_EXCERPT).deals.height


@pytest.mark.parametrize("column", ["Supplier", "Recipient", "Designation"])
def test_delivery_year_with_a_blank_required_cell_names_it(column, write) -> None:
    """Found by bench/fuzz.py (seed 1, case 7523): a supplier of ' ' passed the fast path
    (polars reads it as a string, not a null) and gave a deal without a supplier."""
    lines = DELIVERY_YEAR_2026_EXCERPT.read_text(encoding="utf-8").split("\n")
    header_at = next(i for i, line in enumerate(lines) if line.startswith("SIPRI AT Database ID,"))
    names = [c.strip() for c in lines[header_at].rstrip(";").split(",")]
    row = header_at + 1
    cells = lines[row].split(",")
    cells[names.index(column)] = " "
    lines[row] = ",".join(cells)
    path = write("blank.csv", "\n".join(lines))
    with pytest.raises(InputError) as e:
        read_source(path)
    problem = e.value.problems[0]
    assert (problem.line, problem.column) == (row + 1, column)
    assert "must not be empty" in problem.message


# --- 2. a UTF-8 byte-order mark before invalid UTF-8 -------------------------------------------


@pytest.mark.parametrize("kind", ["register", "tiv table"])
def test_bom_before_invalid_utf8_names_line_and_byte(kind, write) -> None:
    if kind == "register":
        data = register_text().encode().replace(b"T-90S", b"T-\xff90S")
        line = 3
    else:
        data = TIV_IMPORTS_2024_EXCERPT.read_bytes().replace(b"\nChina,", b"\nCh\xe9ina,")
        line = 12
    data = b"\xef\xbb\xbf" + data
    path = write("bom.csv", data)
    with pytest.raises(InputError) as info:
        read_source(path)
    problem = only_problem(info)
    assert (problem.file, problem.line) == (str(path), line)
    offset = data.index(b"\xff" if kind == "register" else b"\xe9")
    assert f"byte offset {offset}" in problem.message


# --- 3. corrupt gzip data ----------------------------------------------------------------------


@pytest.mark.parametrize("damage", ["flipped byte", "truncated", "bad trailer"])
def test_corrupt_gzip_is_an_input_error(damage, write) -> None:
    packed = bytearray(gzip.compress(register_text().encode()))
    if damage == "flipped byte":
        packed[20] ^= 0xFF  # inside the deflate stream: zlib.error
    elif damage == "truncated":
        packed = packed[: len(packed) // 2]
    else:
        packed[-6] ^= 0xFF  # CRC
    path = write("broken.csv.gz", bytes(packed))
    with pytest.raises(InputError) as info:
        read_source(path)
    problem = only_problem(info)
    assert problem.file == str(path)
    assert "not a valid gzip file" in problem.message


# --- 4. an empty item in a register's list of delivery years -----------------------------------


@pytest.mark.parametrize("years", ["2018;;", ";2018", "2018; ;2019", ";"])
def test_empty_delivery_year_is_a_problem(years, write) -> None:
    path = write("years.csv", register_text([REG_ROWS[0], REG_ROWS[1].replace(",2006,",
                                                                               f",{years},")]))
    with pytest.raises(InputError) as info:
        read_source(path)
    problem = only_problem(info)
    assert (problem.file, problem.line, problem.column) == (str(path), 3, "Year(s) of delivery")
    assert "empty" in problem.message


# --- 5. implausible years in a TIV table's header ----------------------------------------------


@pytest.mark.parametrize("year", ["0000", "1949", "9999", str(date.today().year + 2)])
def test_tiv_table_year_header_out_of_range(year, write) -> None:
    data = TIV_IMPORTS_2024_EXCERPT.read_bytes().replace(b",1960,", f",{year},".encode(), 1)
    path = write("years.csv", data)
    with pytest.raises(InputError) as info:
        read_source(path)
    problem = only_problem(info)
    assert (problem.file, problem.line, problem.column) == (str(path), 10, year)
    assert "1950" in problem.message


def test_tiv_table_first_year_out_of_range(write) -> None:
    data = TIV_EXPORTS_2024_EXCERPT.read_bytes().replace(b"Exports by,1950,", b"Exports by,0000,")
    path = write("years.csv", data)
    with pytest.raises(InputError) as info:
        read_source(path)
    assert only_problem(info).column == "0000"


def test_tiv_table_next_year_is_accepted(write) -> None:
    """SIPRI may publish a table the year after its last column; the next year is allowed."""
    nxt = str(date.today().year + 1)
    data = TIV_IMPORTS_2024_EXCERPT.read_bytes().replace(b",1960,", f",{nxt},".encode(), 1)
    parsed = read_source(write("next.csv", data))
    assert int(nxt) in parsed.tiv_values["year"].to_list()
    with Store(":memory:") as store:
        store.load(parsed)


def test_tiv_table_repeated_year_or_actor(write) -> None:
    data = TIV_IMPORTS_2024_EXCERPT.read_bytes().replace(b",1961,", b",1960,", 1)
    with pytest.raises(InputError) as info:
        read_source(write("years.csv", data))
    assert (only_problem(info).line, only_problem(info).column) == (10, "1960")
    lines = TIV_IMPORTS_2024_EXCERPT.read_bytes().split(b"\n")
    lines.insert(14, lines[11])
    with pytest.raises(InputError) as info:
        read_source(write("actors.csv", b"\n".join(lines)))
    problem = only_problem(info)
    assert (problem.line, problem.column) == (15, "Recipient")
    assert "line 12" in problem.message


# --- the fuzzer, bounded: the mutations of bench/fuzz.py -----------------------------------------


def _bench_fuzz() -> ModuleType:
    """bench/fuzz.py as a module (tests is not a package; the long run shares its mutations)."""
    name = "armsledger_bench_fuzz"
    if name in sys.modules:
        return sys.modules[name]
    spec = importlib.util.spec_from_file_location(name, REPO / "bench" / "fuzz.py")
    assert spec is not None and spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    sys.modules[name] = module  # dataclasses look their module up while the class is built
    spec.loader.exec_module(module)
    return module


fuzz = _bench_fuzz()
SEEDS = fuzz.seeds()


@pytest.fixture(scope="module")
def fuzzer(tmp_path_factory: pytest.TempPathFactory) -> Iterator[object]:
    """Runs each case, then loads it: into a store holding one release (a failing case must
    leave it unchanged) or, when it parsed, into a fresh store (it must load)."""
    f = fuzz.Fuzzer(tmp_path_factory.mktemp("fuzz"))
    yield f
    f.close()


def _assert_fine(outcome, what: str) -> None:
    assert not outcome.failed, f"{what}: {outcome.kind}\n{outcome.detail}"


@pytest.mark.parametrize("seed", fuzz.SEED_FILES)
def test_seeds_parse_and_load(seed, fuzzer) -> None:
    outcome = fuzzer.run(SEEDS[seed])
    assert outcome.kind == "ok", outcome.detail


@pytest.mark.parametrize("mutation", list(fuzz.MUTATORS))
def test_every_mutation_on_every_seed(mutation, fuzzer) -> None:
    """Each mutation once per seed, from a fixed Random: every kind of damage is covered."""
    for seed in fuzz.SEED_FILES:
        data = fuzz.MUTATORS[mutation](SEEDS[seed], random.Random(f"{mutation}:{seed}"))
        _assert_fine(fuzzer.run(data), f"{mutation} of {seed}")


@settings(max_examples=200, deadline=None, derandomize=True, database=None)
@given(seed=st.sampled_from(fuzz.SEED_FILES), mutation=st.sampled_from(list(fuzz.ALL_MUTATIONS)),
       rnd=st.randoms(use_true_random=False))
def test_fuzzed_files_parse_or_fail_typed(seed, mutation, rnd, fuzzer) -> None:
    data = fuzz.ALL_MUTATIONS[mutation](SEEDS[seed], rnd)
    _assert_fine(fuzzer.run(data), f"{mutation} of {seed}")


def test_the_fuzzer_sees_what_it_must(fuzzer, monkeypatch) -> None:
    """The checks themselves: an untyped exception and tables that break a rule are failures."""
    def broken_reader(path):
        raise ValueError("boom")

    monkeypatch.setattr("armsledger.sources.read_source", broken_reader)
    outcome = fuzzer.run(b"anything")
    assert (outcome.kind, outcome.failed) == ("untyped", True)
    assert "ValueError: boom" in outcome.detail
    monkeypatch.undo()

    import polars as pl

    from armsledger.model import SourceFormat
    from armsledger.sources.base import DELIVERY_SCHEMA, ParsedSource

    parsed = ParsedSource("x.csv", SourceFormat.TRADE_REGISTER, "utf-8", "0" * 64, None, None)
    assert fuzz.invariants(parsed) == []
    parsed.deliveries = pl.DataFrame(
        {"deal_id": ["R1"], "year": [None], "split_estimated": [True], "source_line": [2],
         "method": ["even"]}).with_columns(
        *[pl.lit(None).alias(c) for c in ("year_estimated", "number", "number_estimated", "tiv",
                                          "method_source")]).select(
        [pl.col(c).cast(t) for c, t in DELIVERY_SCHEMA.items()])
    broken = fuzz.invariants(parsed)
    assert any("null or out-of-range year" in b for b in broken)
    assert any("not in deals" in b for b in broken)


def test_the_field_limit_holds_whatever_the_process_wide_csv_limit_is(write, monkeypatch):
    """frictionless raises csv.field_size_limit for the whole process (found when the export
    tests ran first): the readers keep their own limit, so a file reads the same."""
    import csv

    old = csv.field_size_limit()
    try:
        csv.field_size_limit(sys.maxsize)
        rows = [REG_ROWS[0], REG_ROWS[1].replace("Produced under", "x" * LONG), REG_ROWS[2]]
        path = write("long.csv", register_text(rows))
        with pytest.raises(InputError) as info:
            read_source(path)
        assert only_problem(info).line == 3
        claims = write("claims.csv", "claimant,subject_exporter,metric,value,unit,currency,"
                       "qualifier,period_start,period_end,quote\n"
                       f"x,RUS,rank,2,rank,,exact,2024,2024,{'y' * LONG}\n")
        from armsledger.sources.claims_file import read_claims_file

        with pytest.raises(InputError) as info:
            read_claims_file(claims)
        assert only_problem(info).line == 2 and "longer than" in only_problem(info).message
    finally:
        csv.field_size_limit(old)
