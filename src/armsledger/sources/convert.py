"""Typed conversion of raw string columns, collecting every bad cell with its line.

Each helper takes a raw frame (all strings, empty cells null, plus an integer ``line``
column with the 1-based line number in the source file) and returns a typed Series.
"""

from __future__ import annotations

import polars as pl

from armsledger.sources.problems import ProblemLog

MIN_YEAR = 1900
MAX_YEAR = 2100

STATUS_MAP = {
    "new": "new",
    "second hand": "second-hand",
    "second-hand": "second-hand",
    "second hand but modernized": "second-hand modernised",
    "second hand but modernised": "second-hand modernised",
}


def _clean(raw: pl.DataFrame, col: str) -> pl.Series:
    s = raw[col].str.strip_chars()
    return s.set(s == "", None) if s.null_count() < s.len() else s


def to_int(
    raw: pl.DataFrame,
    col: str,
    log: ProblemLog,
    *,
    label: str | None = None,
    lo: int = 0,
    hi: int | None = None,
    what: str = "a whole number",
    required: bool = False,
) -> pl.Series:
    """Parse ``col`` as integers in [lo, hi]; bad cells become problems naming ``label``."""
    label = label or col
    s = _clean(raw, col)
    parsed = s.cast(pl.Int64, strict=False)
    frame = pl.DataFrame({"line": raw["line"], "value": s, "parsed": parsed})
    log.add_rows(
        frame.filter(pl.col("value").is_not_null() & pl.col("parsed").is_null()),
        label,
        f"'{{value}}' is not {what}",
    )
    out_of_range = pl.col("parsed") < lo
    if hi is not None:
        out_of_range = out_of_range | (pl.col("parsed") > hi)
    rng = f"between {lo} and {hi}" if hi is not None else f"at least {lo}"
    log.add_rows(
        frame.filter(pl.col("parsed").is_not_null() & out_of_range),
        label,
        f"{{value}} is out of range: expected {what} {rng}",
    )
    if required:
        log.add_rows(
            frame.filter(pl.col("value").is_null()), label, f"missing value: expected {what}"
        )
    return parsed.alias(col)


def to_year(
    raw: pl.DataFrame,
    col: str,
    log: ProblemLog,
    *,
    required: bool = False,
    label: str | None = None,
) -> pl.Series:
    return to_int(
        raw, col, log, label=label, lo=MIN_YEAR, hi=MAX_YEAR, what="a year", required=required
    ).cast(pl.Int32)


def to_tiv(raw: pl.DataFrame, col: str, log: ProblemLog, *, label: str | None = None) -> pl.Series:
    """TIV values: non-negative decimals, millions. Empty means 'not available'."""
    label = label or col
    s = _clean(raw, col)
    parsed = s.cast(pl.Float64, strict=False)
    frame = pl.DataFrame({"line": raw["line"], "value": s, "parsed": parsed})
    log.add_rows(
        frame.filter(pl.col("value").is_not_null() & pl.col("parsed").is_null()),
        label,
        "'{value}' is not a number: expected a TIV value in millions",
    )
    log.add_rows(
        frame.filter(pl.col("parsed") < 0),
        label,
        "{value} is negative: a TIV value cannot be below 0",
    )
    log.add_rows(
        frame.filter(pl.col("parsed").is_nan() | pl.col("parsed").is_infinite()),
        label,
        "'{value}' is not a finite number",
    )
    return parsed.alias(col)


def to_flag(
    raw: pl.DataFrame,
    col: str,
    log: ProblemLog,
    *,
    label: str,
    true: tuple[str, ...],
    false: tuple[str, ...] = ("",),
) -> pl.Series:
    """Boolean flags such as SIPRI's '?' uncertainty marks or 'Yes'/'No'."""
    s = raw[col].str.strip_chars().fill_null("")
    ok = s.is_in(list(true) + list(false))
    frame = pl.DataFrame({"line": raw["line"], "value": s, "ok": ok})
    expected = " or ".join(repr(v) for v in (*true, *false))
    log.add_rows(
        frame.filter(~pl.col("ok")), label, f"'{{value}}' is not a flag: expected {expected}"
    )
    return s.is_in(list(true)).alias(col)


def to_status(raw: pl.DataFrame, col: str, log: ProblemLog, *, label: str) -> pl.Series:
    s = raw[col].str.strip_chars()
    mapped = s.str.to_lowercase().replace_strict(STATUS_MAP, default=None, return_dtype=pl.String)
    frame = pl.DataFrame({"line": raw["line"], "value": s, "mapped": mapped})
    log.add_rows(
        frame.filter(
            pl.col("value").is_not_null() & (pl.col("value") != "") & pl.col("mapped").is_null()
        ),
        label,
        "'{value}' is not a status: expected 'New', 'Second hand' or 'Second hand but modernized'",
    )
    return mapped.alias(col)


def required_text(raw: pl.DataFrame, col: str, log: ProblemLog, *, label: str) -> pl.Series:
    s = raw[col].str.strip_chars()
    frame = pl.DataFrame({"line": raw["line"], "value": s})
    log.add_rows(
        frame.filter(pl.col("value").is_null() | (pl.col("value") == "")),
        label,
        "missing value: this column must not be empty",
    )
    return s.alias(col)


def text(raw: pl.DataFrame, col: str) -> pl.Series:
    return _clean(raw, col).alias(col)
