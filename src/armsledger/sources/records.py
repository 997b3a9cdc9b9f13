"""Splitting a CSV body into records with their line numbers (the careful, general path)."""

from __future__ import annotations

import csv
import io
from collections.abc import Iterator

import polars as pl

from armsledger.sources.problems import ProblemLog


def iter_records(body: str, first_line: int, log: ProblemLog) -> Iterator[tuple[int, list[str]]]:
    """Yield ``(line, fields)`` for every non-blank CSV record of ``body``.

    ``line`` is the 1-based line in the file where the record starts; ``first_line`` is the
    file line of the body's first line. Quoted fields may span lines (RFC 4180). A record the
    csv module cannot read (a field over its limit, usually an unclosed quote) is a problem
    in ``log`` naming the line it starts on, and ends the records: what follows it cannot be
    split reliably.
    """
    reader = csv.reader(io.StringIO(body, newline=""))
    prev_end = first_line - 1
    while True:
        start = prev_end + 1
        try:
            fields = next(reader)
        except StopIteration:
            return
        except csv.Error as e:
            log.add(start, None, csv_problem(e))
            return
        if any(len(f) > FIELD_LIMIT for f in fields):  # the same rule whatever the csv
            log.add(start, None, LONG_FIELD)           # module's process-wide limit is
            return
        prev_end = first_line - 1 + reader.line_num
        if not fields or (len(fields) == 1 and not fields[0].strip()):
            continue
        yield start, fields


FIELD_LIMIT = 131_072
"""The longest field a record may have (the csv module's default limit). It is checked here,
not through ``csv.field_size_limit``, which is one setting for the whole process (other
libraries raise it), so a file reads the same whatever else has run."""

LONG_FIELD = (f"a field starting on this line is longer than {FIELD_LIMIT:,} characters: an "
              "unclosed quote (\"), or not a CSV file")


def csv_problem(error: csv.Error) -> str:
    """What a csv module error means for the user, for a problem on the record's first line."""
    if "field larger than field limit" in str(error):
        return LONG_FIELD
    return f"cannot read this record as CSV: {error}"


def raw_frame(columns: list[str], records: list[tuple[int, list[str]]]) -> pl.DataFrame:
    """Build an all-string frame (empty cells null) with a ``line`` column."""
    data: dict[str, list[str | None]] = {c: [] for c in columns}
    lines: list[int] = []
    for line, fields in records:
        lines.append(line)
        for c, v in zip(columns, fields, strict=True):
            data[c].append(v if v != "" else None)
    frame = pl.DataFrame({c: pl.Series(c, v, dtype=pl.String) for c, v in data.items()})
    return frame.with_columns(pl.Series("line", lines, dtype=pl.Int64))


def has_width(line: int, fields: list[str], header: list[str], log: ProblemLog) -> bool:
    """True when a record has one field per column; else log where it ends (truncated?)."""
    n = len(header)
    if len(fields) == n:
        return True
    if len(fields) < n:
        log.add(
            line,
            header[len(fields)],
            f"missing value: the record has {len(fields)} of {n} fields and ends after "
            f"column '{header[len(fields) - 1]}' (truncated line?)",
        )
    else:
        log.add(line, None, f"expected {n} fields, found {len(fields)}")
    return False
