"""Readers of every input file; nothing downstream reads files or decodes bytes.

SIPRI's formats are detected from content, never the name: ``read_source(path)`` returns a
:class:`ParsedSource` (canonical tables plus provenance). The other readers are
:mod:`.embargo_table` (arms-embargo tables), :mod:`.claims_file` (claims a user writes:
CSV/YAML/JSON) and :mod:`.article` (article texts: .txt/.md/.html). Every reader decodes bytes
by the one rule in :mod:`.text` (gzip, byte-order marks, UTF-8, cp1252/Latin-1, binary
detection) and collects problems in the one :class:`~.problems.ProblemLog`: a bad file raises
:class:`~armsledger.errors.InputError` listing every problem found (up to a limit), each with
file, line and column.
"""

from __future__ import annotations

import csv
from collections.abc import Callable
from pathlib import Path

from armsledger.errors import InputError, Problem
from armsledger.model import SourceFormat
from armsledger.sources import delivery_year, register, tiv_table
from armsledger.sources.base import ParsedSource
from armsledger.sources.problems import MAX_PROBLEMS, ProblemLog
from armsledger.sources.text import RawFile, read_raw

__all__ = ["ParsedSource", "detect_format", "read_source"]

_HEADER_SCAN_LINES = 30

_READERS: dict[SourceFormat, tuple[Callable[[list[str]], bool], Callable[..., ParsedSource]]] = {
    SourceFormat.DELIVERY_YEAR: (delivery_year.matches_header, delivery_year.read),
    SourceFormat.TRADE_REGISTER: (register.matches_header, register.read),
    SourceFormat.TIV_TABLE: (tiv_table.matches_header, tiv_table.read),
}


def detect_format(raw: RawFile) -> tuple[SourceFormat, int]:
    """Find the header line among the first lines; return the format and its 0-based index."""
    for index, line in enumerate(raw.head_lines(_HEADER_SCAN_LINES)):
        try:
            fields = next(csv.reader([line]))
        except (csv.Error, StopIteration):
            continue
        for fmt, (matches, _) in _READERS.items():
            if matches(fields):
                return fmt, index
    raise InputError(
        [
            Problem(
                raw.path,
                None,
                None,
                "not a SIPRI file this version can read: expected the header of a SIPRI "
                "delivery-year export ('SIPRI AT Database ID,Supplier,Recipient,...'), "
                "a trade register "
                "('Recipient,Supplier,Year of order,...') or a TIV table ('Exports by,1950,...') "
                f"within the first {_HEADER_SCAN_LINES} lines",
            )
        ]
    )


def read_source(path: str | Path, *, max_problems: int = MAX_PROBLEMS) -> ParsedSource:
    """Read one SIPRI file into canonical tables (deals, deliveries, TIV values)."""
    raw = read_raw(path)
    fmt, header_index = detect_format(raw)
    log = ProblemLog(raw.path, limit=max_problems)
    return _READERS[fmt][1](raw, header_index, log)
