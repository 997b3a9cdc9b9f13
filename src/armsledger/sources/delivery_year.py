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
from armsledger.sources.base import DEAL_SCHEMA, DELIVERY_SCHEMA, ParsedSource
from armsledger.sources.records import iter_records, raw_frame
from armsledger.sources.text import ProblemLog, RawFile, parse_generated_on

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


def _fast_raw(body: bytes, first_line: int) -> pl.DataFrame | None:
    """Parse with polars when each record is exactly one line; None means 'use the slow path'."""
    try:
        frame = pl.read_csv(body, infer_schema=False, has_header=True, raise_if_empty=False)
    except pl.exceptions.PolarsError:
        return None
    if frame.width != len(HEADER):
        return None
    frame.columns = HEADER
    n_lines = body.count(b"\n") + (0 if body.endswith(b"\n") else 1)
    if frame.height != n_lines - 1:
        return None  # quoted line breaks: line numbers would drift
    last = frame[HEADER[-1]]
    if last.null_count() or not last.str.ends_with(";").all():
        return None  # short or blank lines: let the slow path name them
    frame = frame.with_columns(pl.col(HEADER[-1]).str.strip_suffix(";"))
    return frame.with_columns(
        pl.int_range(first_line + 1, first_line + 1 + frame.height, dtype=pl.Int64).alias("line")
    )


def _slow_raw(body: bytes, first_line: int, log: ProblemLog) -> pl.DataFrame:
    records = []
    for line, fields in iter_records(body.decode("utf-8"), first_line):
        if line == first_line:
            continue  # header
        if fields and fields[-1].endswith(";"):
            fields[-1] = fields[-1][:-1]
        if len(fields) != len(HEADER):
            if len(fields) < len(HEADER):
                log.add(
                    line,
                    HEADER[len(fields)],
                    f"missing value: the record has {len(fields)} of {len(HEADER)} fields "
                    f"and ends after column '{HEADER[len(fields) - 1]}' (truncated line?)",
                )
            else:
                log.add(line, None, f"expected {len(HEADER)} fields, found {len(fields)}")
            continue
        records.append((line, fields))
    return raw_frame(HEADER, records)


def read(raw: RawFile, header_index: int, log: ProblemLog) -> ParsedSource:
    """Read a delivery-year export whose header is at 0-based line ``header_index``."""
    head = raw.head_lines(header_index + 1)
    offset = raw.body_offset(header_index)
    body = raw.data[offset:]
    first_line = header_index + 1
    frame = _fast_raw(body, first_line)
    if frame is None:
        frame = _slow_raw(body, first_line, log)
    source_rows = frame.height

    deal_id = cv.to_int(frame, HEADER[0], log, lo=1, what="a SIPRI deal id", required=True)
    cols = {
        "deal_id": deal_id.cast(pl.String),
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
    rows = pl.DataFrame([s.alias(name) for name, s in cols.items()])

    deal_cols = ["supplier", "recipient", "designation", "order_year"]
    conflicts = (
        rows.group_by("deal_id")
        .agg(
            [pl.col(c).n_unique().alias(c) for c in deal_cols]
            + [
                pl.col("source_line").min().alias("first"),
                pl.col("source_line").max().alias("last"),
            ]
        )
        .filter(pl.any_horizontal([pl.col(c) > 1 for c in deal_cols]))
    )
    for deal, *_, first, last in conflicts.head(log.limit).iter_rows():
        log.add(
            last,
            "SIPRI AT Database ID",
            f"deal id {deal} is also on line {first} with a different supplier, recipient, "
            "designation or order date",
        )
    dupes = rows.filter(pl.struct("deal_id", "year").is_duplicated())
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
        "source_line",
    )
    deals = (
        rows.group_by("deal_id", maintain_order=True)
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
        )
        .with_columns(
            pl.lit(None, pl.Int64).alias("number_ordered"),
            pl.lit(False).alias("number_ordered_estimated"),
            pl.lit(None, pl.Float64).alias("tiv_order"),
            pl.lit(None, pl.String).alias("delivery_years"),
            pl.lit(None, pl.String).alias("comments"),
        )
    )
    return ParsedSource(
        path=raw.path,
        format=SourceFormat.DELIVERY_YEAR,
        encoding=raw.encoding,
        sha256=raw.sha256,
        generated_on=parse_generated_on(head[:header_index]),
        title=head[0].rstrip(";").strip() if header_index else None,
        deals=deals.select([pl.col(c).cast(t) for c, t in DEAL_SCHEMA.items()]),
        deliveries=deliveries.select([pl.col(c).cast(t) for c, t in DELIVERY_SCHEMA.items()]),
        warnings=log.warnings,
        source_rows=source_rows,
    )
