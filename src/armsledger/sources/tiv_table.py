"""Reader for SIPRI's TIV tables: yearly volume of imports (by recipient) or exports (by supplier).

Layout: an 8-line preamble ('Volume of transfers of major arms' ... 'Data generated: ...'),
then a header whose first cell is 'Recipient' (imports) or 'Exports by' (exports), one
column per year, and summary columns (a period total, 'Percentage', ...). Empty cells mean
no deliveries; SIPRI writes values below 0.5 as '0'. The 'Total world ...' row is kept as an
actor named 'Total world import'/'Total world export' so totals can be checked.
"""

from __future__ import annotations

import re
from datetime import date

import polars as pl

from armsledger.errors import InputError, Problem
from armsledger.model import SourceFormat
from armsledger.sources import convert as cv
from armsledger.sources.base import TIV_VALUE_SCHEMA, ParsedSource, conform
from armsledger.sources.problems import ProblemLog
from armsledger.sources.records import iter_records
from armsledger.sources.text import RawFile, parse_generated_on

_YEAR = re.compile(r"^\d{4}$")
FIRST_YEAR = 1950
"""SIPRI's arms-transfer data start in 1950; a year column before it is a broken header."""
ROLE_BY_FIRST_CELL = {
    "exports by": "exporter",
    "recipient": "importer",
    "imports by": "importer",
    "supplier": "exporter",
}


def matches_header(fields: list[str]) -> bool:
    return (
        len(fields) > 2
        and fields[0].strip().lower() in ROLE_BY_FIRST_CELL
        and bool(_YEAR.match(fields[1].strip()))
    )


def _year_columns(header: list[str], line: int, log: ProblemLog) -> list[tuple[int, int]]:
    """``(index, year)`` of the header's year columns; an implausible or repeated year is a
    problem (SIPRI's data start in 1950; a table may be dated up to next year)."""
    last = date.today().year + 1
    out: list[tuple[int, int]] = []
    seen: dict[int, str] = {}
    for i, cell in enumerate(header):
        h = cell.strip()
        if not _YEAR.match(h):
            continue
        year = int(h)
        if not FIRST_YEAR <= year <= last:
            log.add(line, h, f"'{h}' is not a year of SIPRI's data: expected {FIRST_YEAR} "
                    f"(the first year SIPRI covers) to {last}")
        elif year in seen:
            log.add(line, h, f"year {year} is the header of two columns")
        else:
            seen[year] = h
            out.append((i, year))
    return out


def read(raw: RawFile, header_index: int, log: ProblemLog) -> ParsedSource:
    head = raw.head_lines(header_index + 1)
    records = iter_records(raw.body(header_index), header_index + 1, log)
    first = next(records, None)
    if first is None:  # the header itself is not CSV (iter_records logged why)
        raise InputError(
            log.problems or [Problem(raw.path, header_index + 1, None, "cannot read the header")]
        )
    header_line, header = first
    role = ROLE_BY_FIRST_CELL[header[0].strip().lower()]
    year_cols = _year_columns(header, header_line, log)
    actors, years, values, lines = [], [], [], []
    actor_lines: dict[str, int] = {}
    source_rows = 0
    for line, fields in records:
        source_rows += 1
        if len(fields) < len(header):
            log.add(
                line,
                header[len(fields)],
                f"missing value: the record has {len(fields)} of {len(header)} fields "
                "(truncated line?)",
            )
            continue
        name = fields[0].strip()
        if not name:
            log.add(line, header[0], "missing value: this column must not be empty")
            continue
        if name in actor_lines:
            log.add(line, header[0], f"'{name}' is also on line {actor_lines[name]}: a table "
                    "has one row per actor")
            continue
        actor_lines[name] = line
        for i, year in year_cols:
            cell = fields[i].strip()
            if cell:
                actors.append(name)
                years.append(str(year))
                values.append(cell)
                lines.append(line)
    frame = pl.DataFrame(
        {"actor": actors, "year": years, "tiv": values, "line": lines},
        schema={"actor": pl.String, "year": pl.String, "tiv": pl.String, "line": pl.Int64},
    )
    tiv = cv.to_tiv(frame, "tiv", log, label="TIV value")
    log.raise_if_any()
    if not actors:
        log.add(header_index + 2, header[0], "the table has no rows")
        log.raise_if_any()
    values_df = pl.DataFrame(
        {
            "actor": frame["actor"],
            "role": [role] * frame.height,
            "year": frame["year"].cast(pl.Int32),
            "tiv": tiv,
            "source_line": frame["line"],
        }
    )
    return ParsedSource(
        path=raw.path,
        format=SourceFormat.TIV_TABLE,
        encoding=raw.encoding,
        sha256=raw.sha256,
        generated_on=parse_generated_on(head[:header_index]),
        title=head[0].strip() if header_index else None,
        tiv_values=conform(values_df, TIV_VALUE_SCHEMA),
        warnings=log.warnings,
        source_rows=source_rows,
    )
