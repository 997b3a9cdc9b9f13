"""Reader for the claims files a user writes: CSV, YAML or JSON, one claim per row or mapping.

A CSV has the header :data:`FILE_COLUMNS` (the first ten, :data:`CLAIM_FIELDS`, are required);
YAML and JSON hold a list of mappings with the same keys (or ``{"claims": [...]}``), a
claim's source either flat (``source_url``) or nested (``source: {url: ...}``). The file is
decoded by the rule in :mod:`armsledger.sources.text`. A file with bad rows is rejected
whole, every problem named with its file, line (CSV) and column.
"""

from __future__ import annotations

import csv
import io
import json
from pathlib import Path
from typing import Any

from armsledger.claims.model import CLAIM_FIELDS, METRICS, QUALIFIERS, UNITS, Claim, Source
from armsledger.csvsafe import read_cell
from armsledger.errors import BadPeriodError, InputError, Problem
from armsledger.periods import Period
from armsledger.sources.problems import ProblemLog
from armsledger.sources.records import FIELD_LIMIT, LONG_FIELD, csv_problem
from armsledger.sources.text import read_text

__all__ = ["FILE_COLUMNS", "SOURCE_COLUMNS", "read_claims_file"]

SOURCE_COLUMNS = ("source_title", "source_outlet", "source_date", "source_url", "source_file")
RANGE_COLUMNS = ("value_low", "value_high", "period_relative")
FILE_COLUMNS = (*CLAIM_FIELDS, *SOURCE_COLUMNS, "note", *RANGE_COLUMNS)
"""Columns of a claims CSV (the first ten are required; the rest may be absent)."""

_WHAT = "a claims file (CSV, YAML or JSON)"
_Record = tuple[int | None, dict[str, Any]]


def read_claims_file(path: str | Path) -> list[Claim]:
    """Claims from a CSV (header = :data:`FILE_COLUMNS`), YAML or JSON list of mappings."""
    path = Path(path)
    text = read_text(path, what=_WHAT).text
    suffix = path.suffix.lower()
    if suffix == ".csv":
        records = _csv_records(path, text)
    elif suffix in (".yaml", ".yml", ".json"):
        records = _structured_records(path, text, suffix)
    else:
        raise InputError([Problem(str(path), None, None,
                                  "expected a claims file ending in .csv, .yaml, .yml or .json")])
    log = ProblemLog(str(path))
    claims = []
    for line, record in records:
        claim = _claim_from_record(line, record, log)
        if claim is not None:
            claims.append(claim)
    log.raise_if_any()
    return claims


def _csv_records(path: Path, text: str) -> list[_Record]:
    reader = csv.DictReader(io.StringIO(text))
    out: list[_Record] = []
    try:
        missing = [c for c in CLAIM_FIELDS if c not in (reader.fieldnames or [])]
        if missing:
            raise InputError([Problem(str(path), 1, missing[0],
                                      f"missing column(s) {', '.join(missing)}; a claims CSV "
                                      f"needs {', '.join(CLAIM_FIELDS)}")])
        start = 2
        for row in reader:  # cells armsledger neutralised as formulas read back as written
            if any(isinstance(v, str) and len(v) > FIELD_LIMIT for v in row.values()):
                raise InputError([Problem(str(path), start, None, LONG_FIELD)])
            out.append((reader.line_num, {k: read_cell(v) if isinstance(v, str) else v
                                          for k, v in row.items()}))
            start = reader.line_num + 1
    except csv.Error as e:  # the record after the last one read starts on the next line
        raise InputError([Problem(str(path), reader.line_num + 1, None, csv_problem(e))]) from None
    return out


def _structured_records(path: Path, text: str, suffix: str) -> list[_Record]:
    try:
        if suffix == ".json":
            data = json.loads(text)
        else:
            import yaml

            data = yaml.safe_load(text)
    except Exception as e:  # noqa: BLE001 - any parser error becomes one clear message
        mark = getattr(e, "problem_mark", None)
        line: int | None = getattr(mark, "line", None)
        line = line + 1 if line is not None else getattr(e, "lineno", None)
        raise InputError([Problem(str(path), line, None, f"not valid {suffix[1:]}: {e}")]) from e
    if isinstance(data, dict) and "claims" in data:
        data = data["claims"]
    if not isinstance(data, list) or not all(isinstance(d, dict) for d in data):
        raise InputError([Problem(str(path), None, None,
                                  "expected a list of claims (mappings with the claim fields)")])
    return [(None, d) for d in data]


def _given(r: dict[str, Any], key: str) -> bool:
    return r.get(key) not in (None, "")


def _claim_from_record(line: int | None, r: dict[str, Any], log: ProblemLog) -> Claim | None:
    """The claim a row states, or None after logging every problem it has."""
    before = log.seen
    for col in ("claimant", "metric", "value", "unit", "qualifier", "quote"):
        if not _given(r, col):
            log.add(line, col, "missing value")
    if _given(r, "metric") and r["metric"] not in METRICS:
        log.add(line, "metric",
                f"'{r['metric']}' is not a metric: expected one of {', '.join(METRICS)}")
    if _given(r, "qualifier") and r["qualifier"] not in QUALIFIERS:
        log.add(line, "qualifier", f"'{r['qualifier']}' is not one of {', '.join(QUALIFIERS)}")
    if _given(r, "unit") and r["unit"] not in UNITS:
        log.add(line, "unit", f"'{r['unit']}' is not one of {', '.join(UNITS)}")
    value: float | None = None
    if _given(r, "value"):
        try:
            value = float(str(r["value"]).replace(",", ""))
        except ValueError:
            log.add(line, "value", f"'{r['value']}' is not a number")
    for col in ("period_start", "period_end"):
        v = r.get(col)
        if v not in (None, "") and not _is_period(str(v)):
            log.add(line, col, f"'{v}' is not a period: expected YYYY or YYYY-MM")
    ends: dict[str, float | None] = {"value_low": None, "value_high": None}
    for col in ends:
        if _given(r, col):
            try:
                ends[col] = float(str(r[col]).replace(",", ""))
            except ValueError:
                log.add(line, col, f"'{r[col]}' is not a number")
    if r.get("qualifier") == "range" and (ends["value_low"] is None or ends["value_high"] is None):
        log.add(line, "value_low", "a range needs value_low and value_high")
    if log.seen > before or value is None:
        return None
    nested = r.get("source")
    source: dict[str, Any] = nested if isinstance(nested, dict) else {}
    return Claim(
        claimant=str(r["claimant"]),
        subject_exporter=str(r["subject_exporter"]).upper()
        if _given(r, "subject_exporter") else None,
        metric=r["metric"], value=value, unit=r["unit"],
        currency=r.get("currency") or None, qualifier=r["qualifier"],
        period_start=str(r["period_start"]) if _given(r, "period_start") else None,
        period_end=str(r["period_end"]) if _given(r, "period_end") else None,
        quote=str(r["quote"]),
        source=Source(*(source.get(k[7:]) or r.get(k) or None for k in SOURCE_COLUMNS)),
        note=r.get("note") or None,
        value_low=ends["value_low"], value_high=ends["value_high"],
        period_relative=str(r["period_relative"]) if _given(r, "period_relative") else None,
    )


def _is_period(v: str) -> bool:
    """A claim's period bound: ``YYYY`` or ``YYYY-MM`` (the rule of :mod:`armsledger.periods`)."""
    try:
        Period.of_bounds(v)
    except BadPeriodError:
        return False
    return True
