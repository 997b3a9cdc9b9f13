"""Reader for SIPRI's deal-level trade register: one row per deal (order).

Quirks handled here (see shared PITFALLS.md and each SOURCE.md):
- three blank-named columns hold '?' uncertainty flags for the column before each;
- 'Year(s) of delivery' is a '; ' list, and the delivered TIV is a deal total, so it is split
  evenly over the listed years and each split value is marked as estimated;
- orders with no delivery yet have an empty year list (they feed the order backlog);
- a comment with an unquoted line break splits a record in two: the second line starts with
  ',' and holds the TIV values. Such a record is re-joined when that is unambiguous and
  reported as a warning naming both lines; otherwise it is an error.
"""

from __future__ import annotations

import hashlib
import re

import polars as pl

from armsledger.categories import category_for
from armsledger.model import SourceFormat
from armsledger.sources import convert as cv
from armsledger.sources.base import DEAL_SCHEMA, DELIVERY_SCHEMA, ParsedSource, conform
from armsledger.sources.problems import ProblemLog
from armsledger.sources.records import has_width, iter_records, raw_frame
from armsledger.sources.text import RawFile, parse_generated_on

HEADER = [
    "Recipient",
    "Supplier",
    "Year of order",
    "Year of order ?",
    "Number ordered",
    "Number ordered ?",
    "Weapon designation",
    "Weapon description",
    "Number delivered",
    "Number delivered ?",
    "Year(s) of delivery",
    "status",
    "Comments",
    "SIPRI TIV per unit",
    "SIPRI TIV for total order",
    "SIPRI TIV of delivered weapons",
]
"""Column names; the blank-named flag columns are called '<previous column> ?'."""

_N = len(HEADER)
_COMMENTS = HEADER.index("Comments")
_TIVS = slice(_N - 3, _N)
_NUMBER = re.compile(r"^\s*\d+(\.\d+)?\s*$")

# SIPRI writes licensed production in the comments ('produced under licence in X',
# 'assembled/produced under licence'); the register has no column for it.
_LICENSED = r"(?i)\b(produc\w*|assembl\w*)\b[^;]*\blicen[cs]e"


def matches_header(fields: list[str]) -> bool:
    return [f.strip() for f in fields[:3]] == HEADER[:3]


def _is_continuation(fields: list[str]) -> bool:
    """A record whose Recipient is empty and whose next cells are numbers or empty."""
    if len(fields) < 2 or fields[0].strip() and len(fields) >= _N:
        return False
    if len(fields) >= _N:
        return not fields[0].strip() and not fields[6].strip()
    return len(fields) <= 4 and all(_NUMBER.match(f) or not f.strip() for f in fields[1:])


def _join(prev: list[str], cont: list[str]) -> list[str] | None:
    """Re-join a split record, or None when the pieces do not fit unambiguously."""
    values = cont[1:4]
    if not all(_NUMBER.match(v) or not v.strip() for v in values):
        return None
    if len(prev) == _COMMENTS + 1 and len(cont) == 4:
        # The comment held a line break: its rest is cont[0], then the three TIV fields.
        joined = prev.copy()
        if cont[0].strip():
            joined[_COMMENTS] = f"{joined[_COMMENTS]} {cont[0].strip()}"
        return joined + values
    if len(prev) == _N and len(cont) == _N and not any(v.strip() for v in prev[_TIVS]):
        if any(f.strip() for f in cont[4:]):
            return None
        joined = prev.copy()
        if cont[0].strip():
            joined[_COMMENTS] = f"{joined[_COMMENTS]} {cont[0].strip()}"
        joined[_TIVS] = values
        return joined
    return None


def _records(
    body: str, first_line: int, log: ProblemLog
) -> tuple[list[tuple[int, list[str]]], int]:
    """Records with their first line; split records re-joined; bad field counts reported."""
    records: list[tuple[int, list[str]]] = []
    joined_lines: set[int] = set()
    source_rows = 0
    prev_end = -1
    for line, fields in iter_records(body, first_line, log):
        if line == first_line:
            continue  # header
        source_rows += 1
        if _is_continuation(fields):
            prev = records[-1] if records and prev_end == line - 1 else None
            joined = None
            if prev is not None and prev[0] not in joined_lines:
                joined = _join(prev[1], fields)
            if prev is None or joined is None:
                log.add(
                    line,
                    "Recipient",
                    "this line starts with an empty Recipient and holds only numbers: it looks "
                    "like the rest of a record split by a line break, but it cannot be "
                    f"attached to line {line - 1} unambiguously",
                )
            else:
                records[-1] = (prev[0], joined)
                joined_lines.add(prev[0])
                log.warn(
                    line,
                    None,
                    f"line {line} holds the TIV values of the record on line {prev[0]} "
                    "(a line break inside Comments split it); re-joined into one record",
                )
            prev_end = line
            continue
        prev_end = line
        records.append((line, fields))
    complete = [(line, fields) for line, fields in records if has_width(line, fields, HEADER, log)]
    return complete, source_rows


def _deal_ids(frame: pl.DataFrame) -> list[str]:
    """Content-derived ids: the register has none. Same fields → same id across releases."""
    seen: dict[str, int] = {}
    ids = []
    for row in frame.select(
        "Supplier", "Recipient", "Year of order", "Weapon designation", "Number ordered"
    ).iter_rows():
        key = "|".join("" if v is None else str(v).strip() for v in row)
        h = "R" + hashlib.sha1(key.encode("utf-8")).hexdigest()[:10]
        n = seen.get(h, 0) + 1
        seen[h] = n
        ids.append(h if n == 1 else f"{h}-{n}")
    return ids


def _split_deliveries(deals: pl.DataFrame, years: pl.DataFrame) -> pl.DataFrame:
    """Split each deal's delivered number and TIV evenly over its delivery years."""
    per = years.join(
        deals.select("deal_id", "number_delivered", "number_delivered_estimated", "tiv_delivered"),
        on="deal_id",
    )
    n_years = pl.len().over("deal_id")
    rank = pl.int_range(pl.len()).over("deal_id")
    base = pl.col("number_delivered") // n_years
    extra = (pl.col("number_delivered") % n_years > rank).cast(pl.Int64)
    return per.with_columns(
        (base + extra).alias("number"),
        (pl.col("tiv_delivered") / n_years).alias("tiv"),
        (n_years > 1).alias("split_estimated"),
        pl.when(n_years > 1).then(pl.lit("even")).otherwise(pl.lit("exact")).alias("method"),
        pl.lit(None, pl.String).alias("method_source"),
        pl.lit(False).alias("year_estimated"),
    ).with_columns(
        (pl.col("number_delivered_estimated") | pl.col("split_estimated")).alias("number_estimated")
    )


def read(raw: RawFile, header_index: int, log: ProblemLog) -> ParsedSource:
    """Read a trade register whose header is at 0-based line ``header_index``."""
    head = raw.head_lines(header_index + 1)
    records, source_rows = _records(raw.body(header_index), header_index + 1, log)
    frame = raw_frame(HEADER, records)

    flag = {"true": ("?",), "false": ("",)}
    cols = {
        "recipient": cv.required_text(frame, "Recipient", log, label="Recipient"),
        "supplier": cv.required_text(frame, "Supplier", log, label="Supplier"),
        "order_year": cv.to_year(frame, "Year of order", log),
        "order_year_estimated": cv.to_flag(
            frame, "Year of order ?", log, label="(uncertainty flag after 'Year of order')", **flag
        ),
        "number_ordered": cv.to_int(frame, "Number ordered", log),
        "number_ordered_estimated": cv.to_flag(
            frame,
            "Number ordered ?",
            log,
            label="(uncertainty flag after 'Number ordered')",
            **flag,
        ),
        "designation": cv.required_text(
            frame, "Weapon designation", log, label="Weapon designation"
        ),
        "description": cv.text(frame, "Weapon description"),
        "number_delivered": cv.to_int(frame, "Number delivered", log),
        "number_delivered_estimated": cv.to_flag(
            frame,
            "Number delivered ?",
            log,
            label="(uncertainty flag after 'Number delivered')",
            **flag,
        ),
        "delivery_years": cv.text(frame, "Year(s) of delivery"),
        "status": cv.to_status(frame, "status", log, label="status"),
        "comments": cv.text(frame, "Comments"),
        "tiv_unit": cv.to_tiv(frame, "SIPRI TIV per unit", log),
        "tiv_order": cv.to_tiv(frame, "SIPRI TIV for total order", log),
        "tiv_delivered": cv.to_tiv(frame, "SIPRI TIV of delivered weapons", log),
        "source_line": frame["line"],
    }
    years_raw = (
        pl.DataFrame({"line": frame["line"], "years": cols["delivery_years"]})
        .with_row_index("row")
        .filter(pl.col("years").is_not_null())
        .with_columns(pl.col("years").alias("value"), pl.col("years").str.split(";"))
        .explode("years")
        .rename({"years": "year"})
    )
    # An empty item ('2018;;', '; 2019') is a malformed cell like '20o4': a year would be
    # missing, or the deal's TIV split over a year that is not there.
    log.add_rows(
        years_raw.filter(pl.col("year").str.strip_chars() == "").unique("row", maintain_order=True),
        "Year(s) of delivery",
        "'{value}' has an empty item: expected years separated by ';' (a stray ';'?)",
    )
    years = cv.to_year(years_raw, "year", log, label="Year(s) of delivery")
    log.raise_if_any()

    deals = pl.DataFrame([s.alias(name) for name, s in cols.items()]).with_columns(
        pl.Series("deal_id", _deal_ids(frame), dtype=pl.String),
        pl.col("description").map_elements(category_for, return_dtype=pl.String).alias("category"),
        pl.col("comments").str.contains(_LICENSED).fill_null(False).alias("local_production"),
        pl.lit(None, pl.Float64).alias("tiv_unit_new"),
    )
    year_rows = (
        years_raw.select("row", "line")
        .with_columns(years.alias("year"))
        .join(deals.with_row_index("row").select("row", "deal_id"), on="row")
        .rename({"line": "source_line"})
    )
    # SIPRI occasionally lists a year twice ('2003; 2004; 2004'): count it once, and say so.
    dupes = year_rows.filter(pl.struct("deal_id", "year").is_duplicated())
    for line, year in dupes.select("source_line", "year").unique().sort("source_line").iter_rows():
        log.warn(
            line,
            "Year(s) of delivery",
            f"year {year} is listed more than once; the deal's TIV is split over distinct years",
        )
    year_rows = year_rows.unique(subset=["deal_id", "year"], keep="first", maintain_order=True)
    deliveries = _split_deliveries(deals, year_rows.drop("row"))
    return ParsedSource(
        path=raw.path,
        format=SourceFormat.TRADE_REGISTER,
        encoding=raw.encoding,
        sha256=raw.sha256,
        generated_on=parse_generated_on(head[:header_index]),
        title=head[0].strip() if header_index else None,
        deals=conform(deals, DEAL_SCHEMA),
        deliveries=conform(deliveries, DELIVERY_SCHEMA),
        warnings=log.warnings,
        source_rows=source_rows,
    )
