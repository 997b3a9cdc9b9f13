"""CSV cells that a spreadsheet cannot run as formulas (CSV or formula injection).

A spreadsheet reads a cell that starts with ``=``, ``+``, ``-`` or ``@`` (or a tab or carriage
return before one) as a formula: a quote from an article such as ``=HYPERLINK(...)`` would run
when a downloaded CSV is opened. Following OWASP's advice, :func:`safe_cell` prefixes such a
string cell with a single quote (``'``), which spreadsheets show as text.

Numbers stay numbers: only ``str`` cells are changed, so ``-5.2`` in a numeric column is written
as it is. A string that is wholly a plain number (``-63.9%``, ``+12``, ``-1,234.5``) is not
prefixed either: a spreadsheet reads it as that number and it cannot hold a formula (the
pattern allows digits, one sign, separators and a trailing ``%`` only), and prefixing it would
turn a figure into text. Anything else that starts with one of the characters is prefixed.

Every CSV armsledger writes goes through :func:`safe_cell` (one row at a time with
:func:`safe_row`, a polars frame with :func:`safe_frame`).
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    import polars as pl

FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")
"""A cell starting with one of these is a formula to a spreadsheet (OWASP)."""

_PLAIN_NUMBER = re.compile(r"[+-]?(?:\d{1,3}(?:,\d{3})+|\d+)(?:\.\d+)?%?")


def safe_cell(value: Any) -> Any:
    """``value`` as a CSV cell no spreadsheet runs: a string that starts like a formula gets a
    leading ``'``; other values (numbers, None) are returned as they are."""
    if isinstance(value, str) and value.startswith(FORMULA_STARTS) \
            and not _PLAIN_NUMBER.fullmatch(value):
        return "'" + value
    return value


def read_cell(value: str) -> str:
    """The cell :func:`safe_cell` wrote, read back: the ``'`` it added before a formula
    character is dropped (so a claims CSV armsledger wrote reads back as it was)."""
    if value.startswith("'") and value[1:].startswith(FORMULA_STARTS) \
            and not _PLAIN_NUMBER.fullmatch(value[1:]):
        return value[1:]
    return value


def safe_row(values: Iterable[Any]) -> list[Any]:
    """:func:`safe_cell` of every cell of a row."""
    return [safe_cell(v) for v in values]


def safe_frame(frame: pl.DataFrame) -> pl.DataFrame:
    """The frame with :func:`safe_cell` applied to every string column (numbers untouched),
    before ``write_csv``."""
    import polars as pl

    columns = [name for name, dtype in frame.schema.items() if dtype == pl.String]
    if not columns:
        return frame
    return frame.with_columns(
        pl.col(c).map_elements(safe_cell, return_dtype=pl.String, skip_nulls=True)
        for c in columns)
