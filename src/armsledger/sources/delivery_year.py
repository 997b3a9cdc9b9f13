"""Reader for SIPRI's delivery-year export: one row per deal and delivery year, with deal ids.

Format (SIPRI's newer web interface, e.g. generated Feb 2026): an 11-line preamble whose
last line is 'Data generated: <date>', then a header; CRLF line ends and a stray ';' at the
end of every line. Big files take a fast path (polars' CSV parser) when every record is one
line; anything unusual falls back to a record-by-record path that pins each problem to a line.
"""

from __future__ import annotations

import polars as pl

from armsledger.model import SourceFormat
from armsledger.sources import convert as cv
from armsledger.sources.base import DEAL_SCHEMA, DELIVERY_SCHEMA, ParsedSource, conform
from armsledger.sources.problems import ProblemLog
from armsledger.sources.records import has_width, iter_records, raw_frame
from armsledger.sources.text import RawFile, parse_generated_on

HEADER = [
    "SIPRI AT Database ID",
    "Supplier",
    "Recipient",
    "Designation",
    "Description",
    "Armament category",
    "Order date",
    "Order date is estimate",
    "Numbers delivered",
    "Numbers delivered is estimate",
    "Delivery year",
    "Delivery year is estimate",
    "Status",
    "SIPRI estimate",
    "TIV deal unit",
    "TIV delivery values",
    "Local production",
]

YES_NO = {"true": ("Yes", "yes", "YES"), "false": ("No", "no", "NO", "")}


def matches_header(fields: list[str]) -> bool:
    return [f.strip().rstrip(";").strip() for f in fields[:3]] == HEADER[:3]


_TYPED: dict[str, pl.DataType] = {
    "deal_id": pl.Int64(),
    "supplier": pl.String(),
    "recipient": pl.String(),
    "designation": pl.String(),
    "description": pl.String(),
    "category": pl.String(),
    "order_year": pl.Int32(),
    "order_year_estimated": pl.String(),
    "number": pl.Int64(),
    "number_estimated": pl.String(),
    "year": pl.Int32(),
    "year_estimated": pl.String(),
    "status": pl.String(),
    "tiv_unit_new": pl.Float64(),
    "tiv_unit": pl.Float64(),
    "tiv": pl.Float64(),
    "local_production": pl.String(),
}
"""The file's columns, in order, under canonical names, as polars should parse them."""

_FLAGS = ("order_year_estimated", "number_estimated", "year_estimated", "local_production")


_CATEGORICAL = (
    "supplier",
    "recipient",
    "designation",
    "description",
    "category",
    "status",
    *_FLAGS,
)
"""Columns with few distinct values: read as categoricals, a big file costs far less memory."""


def _values(frame: pl.DataFrame, column: str) -> set[str | None]:
    return set(frame[column].unique().cast(pl.String).to_list())


def _fast_rows(raw: RawFile, header_index: int) -> pl.DataFrame | None:
    """Parse straight into typed columns when the file is clean; None means 'be careful'.

    Big files take this path: no string copy of the table is made. Any doubt (a cell that
    does not parse, a record spanning lines, a short line, a value out of range) returns None,
    and the careful path then names every problem with its line and column.
    """
    header = raw.head_lines(header_index + 1)[header_index]
    if [f.strip() for f in header.rstrip(";").split(",")] != HEADER:
        return None
    schema = {c: pl.Categorical() if c in _CATEGORICAL else t for c, t in _TYPED.items()}
    try:
        frame = pl.read_csv(
            raw.data,
            skip_lines=header_index + 1,
            has_header=False,
            schema=schema,
            raise_if_empty=False,
        )
    except (pl.exceptions.PolarsError, pl.exceptions.PanicException):
        # polars 2.1 panics on some broken files (a lone '"' on the last line): be careful
        return None
    n_lines = raw.data.count(b"\n") + (0 if raw.data.endswith(b"\n") else 1)
    if frame.height != n_lines - header_index - 1:
        return None  # quoted line breaks or blank lines: line numbers would drift
    # Checks on the few distinct values of the categorical columns are cheap.
    flag_values = {*YES_NO["true"], *YES_NO["false"], None}
    for c in ("supplier", "recipient", "designation", "description", "category"):
        values = _values(frame, c)
        if c in ("supplier", "recipient", "designation") and (
                None in values or any(not v.strip() for v in values if v is not None)):
            return None  # a blank cell (' ' is not None to polars): the careful path names it
        if any(v != v.strip() for v in values if v is not None):  # e.g. '9M119 '
            frame = frame.with_columns(
                pl.col(c).cast(pl.String).str.strip_chars().cast(pl.Categorical())
            )
    if not {v.lower() for v in _values(frame, "status") if v is not None} <= set(cv.STATUS_MAP):
        return None
    for c in _FLAGS[:-1]:
        if not _values(frame, c) <= flag_values:
            return None
    if not _values(frame, "local_production") <= {f"{v};" for v in flag_values if v} | {
        v for v in flag_values if v
    }:
        return None
    checks = [
        pl.col("deal_id").is_not_null() & (pl.col("deal_id") >= 1),
        pl.col("order_year").is_null() | pl.col("order_year").is_between(cv.MIN_YEAR, cv.MAX_YEAR),
        pl.col("year").is_between(cv.MIN_YEAR, cv.MAX_YEAR).fill_null(False),
        pl.col("number").is_null() | (pl.col("number") >= 0),
        *[
            pl.col(c).is_null() | ((pl.col(c) >= 0) & pl.col(c).is_finite())
            for c in ("tiv_unit_new", "tiv_unit", "tiv")
        ],
    ]
    if not frame.select(pl.all_horizontal(checks).all()).item():
        return None
    first = header_index + 2
    yes = [*YES_NO["true"], *(f"{v};" for v in YES_NO["true"])]
    return frame.with_columns(
        *[pl.col(c).cast(pl.String).is_in(yes).fill_null(False) for c in _FLAGS],
        pl.col("status")
        .cast(pl.String)
        .str.to_lowercase()
        .replace_strict(cv.STATUS_MAP, default=None, return_dtype=pl.String),
        pl.int_range(first, first + frame.height, dtype=pl.Int64).alias("source_line"),
    )


def _slow_raw(body: str, first_line: int, log: ProblemLog) -> pl.DataFrame:
    records = []
    for line, fields in iter_records(body, first_line, log):
        if line == first_line:
            continue  # header
        if fields and fields[-1].endswith(";"):
            fields[-1] = fields[-1][:-1]
        if has_width(line, fields, HEADER, log):
            records.append((line, fields))
    return raw_frame(HEADER, records)


def _careful_rows(raw: RawFile, header_index: int, log: ProblemLog) -> pl.DataFrame:
    """Record by record, every bad cell named with its line and column (raises InputError)."""
    frame = _slow_raw(raw.body(header_index), header_index + 1, log)
    deal_id = cv.to_int(frame, HEADER[0], log, lo=1, what="a SIPRI deal id", required=True)
    cols = {
        "deal_id": deal_id,
        "supplier": cv.required_text(frame, "Supplier", log, label="Supplier"),
        "recipient": cv.required_text(frame, "Recipient", log, label="Recipient"),
        "designation": cv.required_text(frame, "Designation", log, label="Designation"),
        "description": cv.text(frame, "Description"),
        "category": cv.text(frame, "Armament category"),
        "order_year": cv.to_year(frame, "Order date", log),
        "order_year_estimated": cv.to_flag(
            frame, "Order date is estimate", log, label="Order date is estimate", **YES_NO
        ),
        "number": cv.to_int(frame, "Numbers delivered", log),
        "number_estimated": cv.to_flag(
            frame,
            "Numbers delivered is estimate",
            log,
            label="Numbers delivered is estimate",
            **YES_NO,
        ),
        "year": cv.to_year(frame, "Delivery year", log, required=True),
        "year_estimated": cv.to_flag(
            frame, "Delivery year is estimate", log, label="Delivery year is estimate", **YES_NO
        ),
        "status": cv.to_status(frame, "Status", log, label="Status"),
        "tiv_unit_new": cv.to_tiv(frame, "SIPRI estimate", log),
        "tiv_unit": cv.to_tiv(frame, "TIV deal unit", log),
        "tiv": cv.to_tiv(frame, "TIV delivery values", log),
        "local_production": cv.to_flag(
            frame, "Local production", log, label="Local production", **YES_NO
        ),
        "source_line": frame["line"],
    }
    log.raise_if_any()
    return pl.DataFrame([s.alias(name) for name, s in cols.items()])


def read(raw: RawFile, header_index: int, log: ProblemLog) -> ParsedSource:
    """Read a delivery-year export whose header is at 0-based line ``header_index``."""
    head = raw.head_lines(header_index + 1)
    rows = _fast_rows(raw, header_index)
    if rows is None:
        rows = _careful_rows(raw, header_index, log)
    raw.release()  # the bytes are not needed any more: free them before grouping
    source_rows = rows.height

    # One pass over the rows builds the deals and the checks that a deal id is consistent
    # (same supplier, recipient, designation, order date on every row; no year twice).
    deal_cols = ["supplier", "recipient", "designation", "order_year"]
    deals = (
        rows.group_by("deal_id")
        .agg(
            pl.col(
                "supplier",
                "recipient",
                "order_year",
                "order_year_estimated",
                "designation",
                "description",
                "category",
                "status",
                "local_production",
                "tiv_unit",
                "tiv_unit_new",
            ).first(),
            pl.col("number").sum().alias("number_delivered"),
            pl.col("number_estimated").any().alias("number_delivered_estimated"),
            pl.col("tiv").sum().alias("tiv_delivered"),
            pl.col("source_line").min(),
            pl.col("source_line").max().alias("_last"),
            pl.any_horizontal([pl.col(c).n_unique() > 1 for c in deal_cols]).alias("_conflict"),
            (pl.col("year").n_unique() < pl.len()).alias("_repeated_year"),
        )
        .sort("source_line")
    )
    for deal, first, last in (
        deals.filter("_conflict")
        .select("deal_id", "source_line", "_last")
        .head(log.limit)
        .iter_rows()
    ):
        log.add(
            last,
            "SIPRI AT Database ID",
            f"deal id {deal} is also on line {first} with a different supplier, recipient, "
            "designation or order date",
        )
    repeated = deals.filter("_repeated_year")["deal_id"]
    if repeated.len():
        dupes = rows.filter(
            pl.col("deal_id").is_in(repeated.implode())
            & pl.struct("deal_id", "year").is_duplicated()
        )
        for deal, year, line in (
            dupes.select("deal_id", "year", "source_line").head(log.limit).iter_rows()
        ):
            log.add(
                line, "Delivery year", f"deal {deal} has more than one row for delivery year {year}"
            )
    log.raise_if_any()

    deliveries = rows.select(
        "deal_id",
        "year",
        "year_estimated",
        "number",
        "number_estimated",
        "tiv",
        pl.lit(False).alias("split_estimated"),
        pl.lit("exact").alias("method"),
        pl.lit(None, pl.String).alias("method_source"),
        "source_line",
    )
    del rows
    deals = deals.drop("_last", "_conflict", "_repeated_year").with_columns(
        pl.lit(None, pl.Int64).alias("number_ordered"),
        pl.lit(False).alias("number_ordered_estimated"),
        pl.lit(None, pl.Float64).alias("tiv_order"),
        pl.lit(None, pl.String).alias("delivery_years"),
        pl.lit(None, pl.String).alias("comments"),
    )
    return ParsedSource(
        path=raw.path,
        format=SourceFormat.DELIVERY_YEAR,
        encoding=raw.encoding,
        sha256=raw.sha256,
        generated_on=parse_generated_on(head[:header_index]),
        title=head[0].rstrip(";").strip() if header_index else None,
        deals=conform(deals, DEAL_SCHEMA),
        deliveries=conform(deliveries, DELIVERY_SCHEMA),
        warnings=log.warnings,
        source_rows=source_rows,
    )
