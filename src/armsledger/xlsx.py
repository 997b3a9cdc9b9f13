"""XLSX workbooks of a table: one rule for every face that writes a spreadsheet (the dashboard's
downloads, the CLI's ``--format xlsx``).

A workbook has a sheet of rows (a header of column keys, numbers as numbers) and a sheet
"Source" with the provenance stamp (:func:`armsledger.citation.stamp_rows` pairs). Text is always
written as text, never as a formula (``write_string``), and goes through the CSV rule
(:func:`armsledger.csvsafe.safe_cell`) too, so a workbook saved as CSV stays safe.
"""

from __future__ import annotations

import importlib
import io
import math
import numbers
import re
from collections.abc import Iterable, Sequence
from typing import Any

from armsledger.csvsafe import safe_cell


def sheet_name(name: str) -> str:
    """A worksheet name Excel accepts (31 characters, none of ``[]:*?/\\``), not 'Source'."""
    clean = re.sub(r"[\[\]:*?/\\']+", "_", name).strip() or "Data"
    clean = clean[:31]
    return "Data" if clean.lower() == "source" else clean


def workbook(name: str, header: Sequence[str], rows: Iterable[Sequence[Any]],
             source: Sequence[tuple[str, str]]) -> bytes:
    """The rows as an XLSX workbook (sheet ``name``) with the ``source`` pairs on a second
    sheet "Source"."""
    xlsxwriter: Any = importlib.import_module("xlsxwriter")  # untyped: no stubs
    out = io.BytesIO()
    book = xlsxwriter.Workbook(out, {"in_memory": True, "strings_to_formulas": False,
                                     "strings_to_urls": False, "strings_to_numbers": False})
    bold = book.add_format({"bold": True})
    sheet = book.add_worksheet(sheet_name(name))
    for j, key in enumerate(header):
        sheet.write_string(0, j, str(safe_cell(key)), bold)
    for i, row in enumerate(rows, start=1):
        for j, value in enumerate(row):
            _cell(sheet, i, j, value)
    sheet.freeze_panes(1, 0)
    src = book.add_worksheet("Source")
    for i, (label, value) in enumerate(source):
        src.write_string(i, 0, str(safe_cell(label)), bold)
        src.write_string(i, 1, str(safe_cell(value)))
    src.set_column(0, 0, 22)
    src.set_column(1, 1, 90)
    book.close()
    return out.getvalue()


def _cell(sheet: Any, i: int, j: int, value: Any) -> None:
    if value is None or value == "":
        return
    if isinstance(value, bool):
        sheet.write_boolean(i, j, value)
    elif isinstance(value, numbers.Real) and math.isfinite(float(value)):
        sheet.write_number(i, j, float(value))
    else:
        sheet.write_string(i, j, str(safe_cell(str(value))))
