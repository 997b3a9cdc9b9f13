"""Reader for SIPRI's TIV tables: yearly volume of imports (by recipient) or exports (by supplier).

Layout: an 8-line preamble ('Volume of transfers of major arms' ... 'Data generated: ...'),
then a header whose first cell is 'Recipient' (imports) or 'Exports by' (exports), one
column per year, and summary columns (a period total, 'Percentage', ...). Empty cells mean
no deliveries; SIPRI writes values below 0.5 as '0'. The 'Total world ...' row is kept as an
actor named 'Total world import'/'Total world export' so totals can be checked.
"""

from __future__ import annotations

import re

import polars as pl

from armsledger.model import SourceFormat
from armsledger.sources import convert as cv
from armsledger.sources.base import TIV_VALUE_SCHEMA, ParsedSource, conform
from armsledger.sources.problems import ProblemLog
from armsledger.sources.records import iter_records
from armsledger.sources.text import RawFile, parse_generated_on

_YEAR = re.compile(r"^\d{4}$")
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


def read(raw: RawFile, header_index: int, log: ProblemLog) -> ParsedSource:
    head = raw.head_lines(header_index + 1)
    offset = raw.body_offset(header_index)
    body = raw.data[offset:].decode("utf-8")
    records = iter_records(body, header_index + 1)
    _, header = next(records)
    role = ROLE_BY_FIRST_CELL[header[0].strip().lower()]
    year_cols = [(i, int(h)) for i, h in enumerate(header) if _YEAR.match(h.strip())]
    actors, years, values, lines = [], [], [], []
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
