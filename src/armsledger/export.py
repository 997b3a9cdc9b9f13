"""One release as a Frictionless Data Package: its tables as Parquet, CSV or a DuckDB file,
with ``datapackage.json`` describing them (``armsledger export``).

A package holds the release's provenance (``release``: one row), the ``actors`` that appear
in it, its ``deals`` and ``deliveries`` (when it has deals), its ``tiv_values`` (SIPRI's TIV
tables), its ``load_warnings``, and, as a convenience, ``flows``: the yearly TIV per supplier
and recipient most figures start from (derived: the sum of ``deliveries.tiv`` per deal's
supplier, recipient and year, so it can be checked against the two tables it comes from).
``facts`` is left out: it is ``deliveries`` joined to ``deals``, stored only to make queries
fast, and adds no information. The database's ``release_id`` is left out too (it is local to
one database); the descriptor and the ``release`` table name the release.

The descriptor (``datapackage.json``, Frictionless Data Package v1, a tabular data package)
gives each resource its table schema (field names, types, descriptions, primary and foreign
keys), its file's SHA-256 and size, and the package the release's source file and SHA-256,
SIPRI's data-generated date, SIPRI's citation and terms, armsledger's version and the export
time. An export is written to a temporary folder beside ``out`` and renamed into place, so a
failed export leaves nothing behind.
"""

from __future__ import annotations

import contextlib
import difflib
import errno
import hashlib
import json
import os
import re
import secrets
import shutil
import time
from collections.abc import Callable
from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path
from typing import TYPE_CHECKING, Any, Literal, get_args

from pydantic import Field as Describe

from armsledger import SIPRI_CITATION, TIV_UNIT, __version__
from armsledger.citation import SIPRI_URL, sipri_citation, source_file_name, stamp
from armsledger.errors import (
    InvalidRequestError,
    ReleaseNotFoundError,
    StoreError,
)
from armsledger.results import Model, Result

if TYPE_CHECKING:
    import polars as pl

    from armsledger.store import Release, Store

__all__ = ["FORMATS", "TABLES", "ExportFormat", "ExportResult", "ExportedTable",
           "export_release"]

ExportFormat = Literal["parquet", "csv", "duckdb"]
FORMATS: tuple[str, ...] = get_args(ExportFormat)

DESCRIPTOR = "datapackage.json"
DUCKDB_FILE = "release.duckdb"
SIPRI_TERMS = (
    "SIPRI allows the data to be downloaded and cited free of charge with attribution to SIPRI; "
    "calculations made from it (everything armsledger computes, including the yearly values "
    "it reconstructs and the derived table 'flows') must not be attributed to SIPRI; "
    "commercial use needs SIPRI's agreement."
)
CSV_NOTE = (
    "CSV: UTF-8, comma-separated, a header row, an empty cell for a missing value, booleans "
    "as true/false. A text cell that a spreadsheet would run as a formula (starting with "
    "=, +, -, @) is written with a leading ' (armsledger's rule for every CSV it writes); "
    "the Parquet and DuckDB exports hold the values unchanged."
)

_TYPES = {"VARCHAR": "string", "INTEGER": "integer", "BIGINT": "integer", "DOUBLE": "number",
          "BOOLEAN": "boolean", "DATE": "date", "TIMESTAMP": "datetime"}


@dataclass(frozen=True, slots=True)
class Column:
    name: str
    sql: str
    description: str
    required: bool = False
    enum: tuple[str, ...] = ()

    def field(self) -> dict[str, Any]:
        """The column as a Table Schema field."""
        out: dict[str, Any] = {"name": self.name, "type": _TYPES[self.sql],
                               "description": self.description}
        if self.sql == "TIMESTAMP":
            out["format"] = "any"
        constraints: dict[str, Any] = {}
        if self.required:
            constraints["required"] = True
        if self.enum:
            constraints["enum"] = list(self.enum)
        if constraints:
            out["constraints"] = constraints
        return out


@dataclass(frozen=True, slots=True)
class Table:
    """One exported table: its columns (the store's, without ``release_id``), keys, and the
    rule that says whether a release has it."""

    name: str
    title: str
    description: str
    columns: tuple[Column, ...]
    primary_key: tuple[str, ...] = ()
    foreign_keys: tuple[tuple[tuple[str, ...], str, tuple[str, ...]], ...] = ()
    order: tuple[str, ...] = ()
    present: Callable[[Release], bool] = lambda r: True
    derived: bool = False

    def schema(self) -> dict[str, Any]:
        """The Table Schema of this table."""
        out: dict[str, Any] = {"fields": [c.field() for c in self.columns],
                               "missingValues": [""]}
        if self.primary_key:
            out["primaryKey"] = list(self.primary_key)
        if self.foreign_keys:
            out["foreignKeys"] = [
                {"fields": list(f), "reference": {"resource": ref, "fields": list(rf)}}
                for f, ref, rf in self.foreign_keys]
        return out

    def ddl(self) -> str:
        """CREATE TABLE for the DuckDB export (with NOT NULL and the primary key)."""
        cols = [f'"{c.name}" {c.sql}' + (" NOT NULL" if c.required else "")
                for c in self.columns]
        if self.primary_key:
            cols.append("PRIMARY KEY (" + ", ".join(f'"{k}"' for k in self.primary_key) + ")")
        return f'CREATE TABLE "{self.name}" (' + ", ".join(cols) + ")"


def _c(name: str, sql: str, description: str, required: bool = False,
       enum: tuple[str, ...] = ()) -> Column:
    return Column(name, sql, description, required, enum)


_TIV = f"({TIV_UNIT}; SIPRI trend-indicator values, a volume measure, not money)"
_ACTOR_FK = "actors"

TABLES: tuple[Table, ...] = (
    Table(
        "release", "The release",
        "One row: the loaded source file this package was exported from, with its provenance "
        "as armsledger recorded it when loading.",
        (
            _c("name", "VARCHAR", "The release's name in armsledger", True),
            _c("source_file", "VARCHAR", "The source file's name as loaded (folders left out; "
               "'bundled:' marks the data shipped with armsledger)", True),
            _c("sha256", "VARCHAR", "SHA-256 of the source file's bytes (decompressed)", True),
            _c("format", "VARCHAR", "The file's format as detected by armsledger", True,
               ("sipri-delivery-year", "sipri-trade-register", "sipri-tiv-table")),
            _c("encoding", "VARCHAR", "The text encoding the file was read with"),
            _c("generated_on", "DATE", "The date SIPRI generated the file (from its preamble; "
               "empty when the file does not say)"),
            _c("title", "VARCHAR", "The file's first preamble line (SIPRI's title of the query)"),
            _c("loaded_at", "TIMESTAMP", "When armsledger loaded the file (local time)", True),
            _c("source_rows", "INTEGER", "Data rows in the source file", True),
            _c("deals", "INTEGER", "Rows stored in table deals", True),
            _c("deliveries", "INTEGER", "Rows stored in table deliveries", True),
            _c("tiv_values", "INTEGER", "Rows stored in table tiv_values", True),
            _c("warnings", "INTEGER", "Rows stored in table load_warnings", True),
        ),
        primary_key=("name",),
    ),
    Table(
        "actors", "Actors",
        "Every supplier, recipient and TIV-table actor that appears in the release (SIPRI's "
        "world totals excepted), with armsledger's classification (src/armsledger/actors.py).",
        (
            _c("sipri_name", "VARCHAR", "The name as SIPRI writes it (with its * and ** markers)",
               True),
            _c("name", "VARCHAR", "The name without SIPRI's markers", True),
            _c("kind", "VARCHAR", "Kind of actor (armsledger's classification)", True,
               ("state", "historical_state", "non_state", "organisation", "unknown")),
            _c("iso3", "VARCHAR", "ISO 3166 alpha-3 code of a state"),
            _c("region", "VARCHAR", "SIPRI region"),
            _c("subregion", "VARCHAR", "SIPRI subregion"),
        ),
        primary_key=("sipri_name",), order=("sipri_name",),
    ),
    Table(
        "deals", "Deals",
        "One row per deal (order) as the source file gives it.",
        (
            _c("deal_id", "VARCHAR", "SIPRI's deal id (delivery-year exports) or a "
               "content-derived id R... (registers, which have none)", True),
            _c("supplier", "VARCHAR", "Supplier (exporter), SIPRI's name", True),
            _c("recipient", "VARCHAR", "Recipient (importer), SIPRI's name", True),
            _c("order_year", "INTEGER", "Year of order"),
            _c("order_year_estimated", "BOOLEAN", "SIPRI marks the year of order as uncertain"),
            _c("number_ordered", "BIGINT", "Number ordered"),
            _c("number_ordered_estimated", "BOOLEAN", "SIPRI marks the number ordered as "
               "uncertain"),
            _c("number_delivered", "BIGINT", "Number delivered (the deal's total)"),
            _c("number_delivered_estimated", "BOOLEAN", "SIPRI marks the number delivered as "
               "uncertain"),
            _c("designation", "VARCHAR", "Weapon designation"),
            _c("description", "VARCHAR", "Weapon description"),
            _c("category", "VARCHAR", "SIPRI armament category"),
            _c("status", "VARCHAR", "new, second-hand or second-hand modernised"),
            _c("local_production", "BOOLEAN", "Licensed or local production (the column of "
               "delivery-year exports; the comments of registers)"),
            _c("tiv_unit", "DOUBLE", f"TIV per unit {_TIV}"),
            _c("tiv_unit_new", "DOUBLE", f"TIV per unit as new (SIPRI's estimate) {_TIV}"),
            _c("tiv_order", "DOUBLE", f"TIV of the whole order {_TIV}"),
            _c("tiv_delivered", "DOUBLE", f"TIV delivered, the deal's total {_TIV}"),
            _c("delivery_years", "VARCHAR", "Year(s) of delivery as the register lists them"),
            _c("comments", "VARCHAR", "SIPRI's comments"),
            _c("source_line", "BIGINT", "Line of the deal's row in the source file", True),
        ),
        primary_key=("deal_id",),
        foreign_keys=((("supplier",), _ACTOR_FK, ("sipri_name",)),
                      (("recipient",), _ACTOR_FK, ("sipri_name",))),
        order=("source_line", "deal_id"), present=lambda r: r.deals > 0,
    ),
    Table(
        "deliveries", "Deliveries",
        "One row per deal and delivery year. Registers give a deal's delivered TIV as one "
        "total with its years; armsledger rebuilt the yearly values ('method' says how; README, "
        "'Yearly values of registers'): those values are armsledger's, not SIPRI's.",
        (
            _c("deal_id", "VARCHAR", "The deal (deals.deal_id)", True),
            _c("year", "INTEGER", "Delivery year", True),
            _c("year_estimated", "BOOLEAN", "SIPRI marks the delivery year as uncertain"),
            _c("number", "BIGINT", "Number delivered in the year"),
            _c("number_estimated", "BOOLEAN", "SIPRI marks the number as uncertain"),
            _c("tiv", "DOUBLE", f"TIV delivered in the year {_TIV}"),
            _c("split_estimated", "BOOLEAN", "The value is armsledger's split of a deal total "
               "over its years (not given by the source file)", True),
            _c("source_line", "BIGINT", "Line of the row in the source file", True),
            _c("method", "VARCHAR", "How the yearly value was obtained: exact (given by the "
               "file, or a one-year deal), reconstructed (from an earlier release or fitted to "
               "SIPRI's TIV tables), even (the total split evenly)", False,
               ("exact", "reconstructed", "even")),
            _c("method_source", "VARCHAR", "What a reconstructed value was taken from"),
        ),
        primary_key=("deal_id", "year"),
        foreign_keys=((("deal_id",), "deals", ("deal_id",)),),
        order=("deal_id", "year"), present=lambda r: r.deliveries > 0,
    ),
    Table(
        "tiv_values", "TIV values",
        "SIPRI's TIV table: the yearly TIV per exporter or importer (with SIPRI's world "
        "total, which is not an actor).",
        (
            _c("actor", "VARCHAR", "Exporter or importer, SIPRI's name (or SIPRI's world total)",
               True),
            _c("role", "VARCHAR", "exporter or importer", True, ("exporter", "importer")),
            _c("year", "INTEGER", "Year", True),
            _c("tiv", "DOUBLE", f"TIV {_TIV}"),
            _c("source_line", "BIGINT", "Line of the row in the source file", True),
        ),
        primary_key=("actor", "role", "year"),
        order=("role", "actor", "year"), present=lambda r: r.tiv_values > 0,
    ),
    Table(
        "flows", "Yearly flows (derived)",
        "Derived by armsledger, a convenience: the yearly TIV per supplier and recipient, the "
        "sum of deliveries.tiv over the deals of each pair and year. Included because most "
        "figures start from it; it can be recomputed from deals and deliveries.",
        (
            _c("supplier", "VARCHAR", "Supplier, SIPRI's name", True),
            _c("recipient", "VARCHAR", "Recipient, SIPRI's name", True),
            _c("year", "INTEGER", "Delivery year", True),
            _c("tiv", "DOUBLE", f"TIV delivered {_TIV}"),
            _c("deliveries", "INTEGER", "Delivery rows summed", True),
            _c("deals", "INTEGER", "Deals summed", True),
            _c("tiv_exact", "DOUBLE", "Part of tiv whose method is exact"),
            _c("tiv_reconstructed", "DOUBLE", "Part of tiv whose method is reconstructed"),
            _c("tiv_even", "DOUBLE", "Part of tiv whose method is even"),
        ),
        primary_key=("supplier", "recipient", "year"),
        foreign_keys=((("supplier",), _ACTOR_FK, ("sipri_name",)),
                      (("recipient",), _ACTOR_FK, ("sipri_name",))),
        order=("supplier", "recipient", "year"), present=lambda r: r.deliveries > 0,
        derived=True,
    ),
    Table(
        "load_warnings", "Load warnings",
        "What armsledger reported while reading the source file (e.g. records re-joined after "
        "a line break inside Comments); empty when there was nothing to report.",
        (
            _c("line", "BIGINT", "Line of the source file"),
            _c("column_name", "VARCHAR", "Column of the source file"),
            _c("message", "VARCHAR", "The warning", True),
        ),
        order=("line", "column_name", "message"),
    ),
)
"""Every table an export can hold, in the order written."""


class ExportedTable(Model):
    """One table written."""

    name: str
    path: str = Describe(description="the file holding it, relative to the output folder")
    rows: int
    bytes: int | None = Describe(
        None, description="the file's size (null for the DuckDB export: one file for all)")
    sha256: str | None = Describe(None, description="the file's SHA-256 (null for DuckDB)")
    derived: bool = Describe(description="computed by armsledger (flows), not a stored "
                             "source table")


class ExportResult(Result):
    """What ``armsledger export`` wrote (``export_release``)."""

    main_table = "resources"

    release: str
    sha256: str = Describe(description="the release's source file's SHA-256")
    format: str
    out: str = Describe(description="the output folder")
    descriptor: str = Describe(description="path of datapackage.json")
    files: list[str] = Describe(description="every file written, relative to the folder")
    bytes: int = Describe(description="total size of the files written")
    resources: list[ExportedTable] = Describe(
        description="the tables written, one Data Package resource each")
    exported_at: str
    seconds: float
    citation: str
    armsledger_version: str


# -- the descriptor ----------------------------------------------------------------------------


def citation(release: Release) -> str:
    """SIPRI's citation for this release (the one rule:
    :func:`armsledger.citation.sipri_citation`)."""
    return sipri_citation(release)


def _package_name(release: Release) -> str:
    slug = re.sub(r"[^a-z0-9._-]+", "-", release.name.lower()).strip("-._")
    return f"armsledger-{slug or release.release_id}"


def descriptor(release: Release, tables: list[tuple[Table, ExportedTable]], fmt: str,
               exported_at: str, reconstruction: Any = None) -> dict[str, Any]:
    """The Data Package descriptor of an export."""
    cite = citation(release)
    resources = []
    for table, written in tables:
        res: dict[str, Any] = {
            "name": table.name, "title": table.title, "description": table.description,
            "path": written.path, "profile": "tabular-data-resource"}
        if fmt == "csv":
            res |= {"format": "csv", "mediatype": "text/csv", "encoding": "utf-8",
                    "dialect": {"delimiter": ",", "header": True, "doubleQuote": True,
                                "lineTerminator": "\n"}}
        elif fmt == "parquet":
            res |= {"format": "parquet", "mediatype": "application/vnd.apache.parquet"}
        else:
            res |= {"format": "duckdb", "mediatype": "application/vnd.duckdb",
                    "dialect": {"table": table.name}}
        if written.sha256 is not None:
            res["hash"] = f"sha256:{written.sha256}"
            res["bytes"] = written.bytes
        res["schema"] = table.schema()
        res["armsledger:rows"] = written.rows
        res["armsledger:derived"] = table.derived
        resources.append(res)
    generated = release.generated_on.isoformat() if release.generated_on else None
    description = (
        f"Release '{release.name}' of the SIPRI Arms Transfers Database as loaded into "
        f"armsledger {__version__} and exported on {exported_at}. Source file "
        f"{source_file_name(release.source_file)} (SHA-256 {release.sha256}), generated by "
        "SIPRI on "
        f"{generated or 'a date the file does not state'}. Cite the data as: \"{cite}\". "
        f"Terms: {SIPRI_TERMS} TIV values are {TIV_UNIT}: SIPRI trend-indicator values, a volume "
        "measure, not money. The table 'facts' of armsledger's store is not exported (deliveries "
        "joined to deals, kept only for speed); 'flows' is derived and included as a "
        "convenience." + (f" {CSV_NOTE}" if fmt == "csv" else ""))
    out: dict[str, Any] = {
        "profile": "tabular-data-package",
        "name": _package_name(release),
        "title": f"SIPRI Arms Transfers Database: release {release.name} (armsledger export)",
        "description": description,
        "created": exported_at,
        "homepage": SIPRI_URL,
        "keywords": ["SIPRI", "arms transfers", "trend-indicator value", "TIV"],
        "licenses": [{"title": "SIPRI's terms: " + SIPRI_TERMS,
                      "path": SIPRI_URL}],
        "sources": [
            {"title": cite, "path": SIPRI_URL},
            {"title": f"Source file {source_file_name(release.source_file)} "
                      f"(SHA-256 {release.sha256})", "path": SIPRI_URL},
        ],
        "contributors": [
            {"title": "Stockholm International Peace Research Institute (SIPRI)",
             "role": "publisher", "path": "https://www.sipri.org"},
        ],
        "armsledger:release": {
            "name": release.name,
            "source_file": source_file_name(release.source_file),
            "sha256": release.sha256,
            "format": release.format,
            "encoding": release.encoding,
            "generated_on": generated,
            "title": release.title,
            "loaded_at": release.loaded_at.isoformat(),
            "citation": cite,
            "terms": SIPRI_TERMS,
            "reconstruction": reconstruction,
        },
        "armsledger:provenance": stamp(release).to_dict(),
        "armsledger:export": {
            "armsledger_version": __version__,
            "exported_at": exported_at,
            "format": fmt,
            "tables": [t.name for t, _ in tables],
            "left_out": {"facts": "deliveries joined to deals, stored only to make queries "
                         "fast; join deliveries to deals for the same rows",
                         "release_id": "local to one database; the release table and this "
                         "descriptor name the release"},
            "citation": SIPRI_CITATION,
        },
        "resources": resources,
    }
    return out


# -- writing -----------------------------------------------------------------------------------


def find_release(store: Store, name: str) -> Release:
    """The release named ``name`` (or its id); unknown names get the closest as suggestions."""
    try:
        return store.release(name)
    except ReleaseNotFoundError as e:
        names = [r.name for r in store.releases()]
        close = difflib.get_close_matches(name, names, n=3, cutoff=0.5)
        hint = f"; did you mean: {', '.join(close)}?" if close else ""
        raise ReleaseNotFoundError(e.message + hint, suggestions=close,
                                   details={"release": name, "releases": names}) from None


def _frame(store: Store, table: Table, release: Release) -> pl.DataFrame:
    """The rows of ``table`` for ``release`` (library SQL: names come from :data:`TABLES`)."""
    import polars as pl

    cols = ", ".join(f'"{c.name}"' for c in table.columns)
    if table.name == "release":
        frame = store.query(f"SELECT {cols} FROM releases WHERE release_id = $r",
                            {"r": release.release_id})
        frame = frame.with_columns(
            pl.col("source_file").map_elements(source_file_name, return_dtype=pl.String))
    elif table.name == "actors":
        frame = store.actors(release.release_id).select([c.name for c in table.columns])
    else:
        order = ", ".join(f'"{c}"' for c in table.order) or "1"
        frame = store.query(f"SELECT {cols} FROM {table.name} WHERE release_id = $r "
                            f"ORDER BY {order}", {"r": release.release_id})
    return frame


def _sha256(path: Path) -> str:
    h = hashlib.sha256()
    with path.open("rb") as f:
        for chunk in iter(lambda: f.read(1 << 20), b""):
            h.update(chunk)
    return h.hexdigest()


def _write_file(frame: pl.DataFrame, path: Path, fmt: str) -> None:
    if fmt == "parquet":
        frame.write_parquet(path, compression="zstd", statistics=True)
    else:
        from armsledger.csvsafe import safe_frame

        safe_frame(frame).write_csv(path, include_header=True, line_terminator="\n",
                                    null_value="", datetime_format="%Y-%m-%dT%H:%M:%S")


def _write_duckdb(frames: list[tuple[Table, pl.DataFrame]], path: Path) -> None:
    import duckdb

    con = duckdb.connect(str(path))
    try:
        for table, frame in frames:
            con.execute(table.ddl())
            if frame.height:
                con.register("_rows", frame.to_arrow())
                try:
                    cols = ", ".join(f'"{c.name}"' for c in table.columns)
                    con.execute(f'INSERT INTO "{table.name}" ({cols}) SELECT {cols} FROM _rows')
                finally:
                    con.unregister("_rows")
        con.execute("CHECKPOINT")
    finally:
        con.close()


def _reconstruction(store: Store, release: Release) -> Any:
    rows = store.execute("SELECT summary FROM reconstructions WHERE release_id = ?",
                         [release.release_id])
    if not rows:
        return None
    try:
        return json.loads(rows[0][0])
    except ValueError:
        return rows[0][0]


def _check_out(out: Path, force: bool, store: Store) -> bool:
    """Whether ``out`` exists and will be replaced; refuses what must not be."""
    if out.exists() and not out.is_dir():
        raise InvalidRequestError(f"{out}: exists and is not a folder; choose a folder with "
                                  "--out", details={"path": str(out), "reason": "not_a_folder"})
    if not out.exists():
        return False
    db = store.path.resolve() if str(store.path) != ":memory:" else None
    if db is not None and (db == out.resolve() or out.resolve() in db.parents):
        raise InvalidRequestError(f"{out}: holds the database {store.path}; export to "
                                  "another folder", details={"path": str(out),
                                                             "reason": "holds_database"})
    if not any(out.iterdir()):
        return True
    if not force:
        raise InvalidRequestError(
            f"{out}: the folder is not empty; choose an empty or new folder, or use --force to "
            "replace an earlier export", details={"path": str(out), "reason": "not_empty"})
    if not (out / DESCRIPTOR).is_file():
        raise InvalidRequestError(
            f"{out}: --force replaces only an earlier export (a folder with {DESCRIPTOR}); "
            "this folder holds other files and is left as it is",
            details={"path": str(out), "reason": "not_an_export"})
    return True


def _write_error(out: Path, e: OSError) -> StoreError:
    reason = "disk_full" if e.errno == errno.ENOSPC else \
        "read_only" if e.errno in (errno.EROFS, errno.EACCES, errno.EPERM) else "other"
    what = {"disk_full": "no space left on the device",
            "read_only": "the folder is read-only or not yours"}.get(reason, e.strerror or str(e))
    return StoreError(f"{out}: cannot write the export: {what}; nothing was written",
                      details={"path": str(out), "reason": reason})


def _failure(target: Path, e: BaseException) -> BaseException:
    """The error to report for a failed write: the disk's and the database's own errors
    become a :class:`StoreError` naming the folder; anything else is raised as it is."""
    import duckdb

    if isinstance(e, OSError):
        return _write_error(target, e)
    if isinstance(e, duckdb.Error):
        return StoreError(f"{target}: cannot write the export: {str(e).splitlines()[0]}; "
                          "nothing was written", details={"path": str(target), "reason": "other"})
    return e


def export_release(store: Store, release: str, out: str | Path, *, fmt: str = "csv",
                   force: bool = False, _fail_after: str | None = None) -> ExportResult:
    """Write every table of ``release`` to folder ``out`` as ``fmt`` (parquet, csv or duckdb)
    with a ``datapackage.json``; all or nothing.

    ``out`` must be new or empty; ``force`` replaces an earlier export there (a folder
    holding a ``datapackage.json``), never a folder of other files. ``_fail_after`` (tests
    only) raises after writing the named table, to show a failure leaves nothing behind.
    """
    if fmt not in FORMATS:
        raise InvalidRequestError(f"unknown export format '{fmt}'; formats: "
                                  + ", ".join(FORMATS), suggestions=list(FORMATS))
    started = time.monotonic()
    rel = find_release(store, release)
    target = Path(out)
    replace = _check_out(target, force, store)
    exported_at = datetime.now(UTC).replace(microsecond=0).isoformat().replace("+00:00", "Z")
    try:
        target.parent.mkdir(parents=True, exist_ok=True)
        tmp = target.parent / f".{target.name}.{secrets.token_hex(6)}.tmp"
        tmp.mkdir()  # beside the target (one file system, so the final rename is atomic)
    except OSError as e:
        raise _write_error(target, e) from e
    try:
        frames = [(t, _frame(store, t, rel)) for t in TABLES if t.present(rel)]
        written: list[tuple[Table, ExportedTable]] = []
        if fmt == "duckdb":
            _write_duckdb(frames, tmp / DUCKDB_FILE)
        for table, frame in frames:
            name = DUCKDB_FILE if fmt == "duckdb" else f"{table.name}.{fmt}"
            if fmt != "duckdb":
                _write_file(frame, tmp / name, fmt)
            size = None if fmt == "duckdb" else (tmp / name).stat().st_size
            digest = None if fmt == "duckdb" else _sha256(tmp / name)
            written.append((table, ExportedTable(name=table.name, path=name, rows=frame.height,
                                                 bytes=size, sha256=digest,
                                                 derived=table.derived)))
            if _fail_after == table.name:
                raise OSError(errno.EIO, f"injected failure after {table.name}")
        package = descriptor(rel, written, fmt, exported_at, _reconstruction(store, rel))
        (tmp / DESCRIPTOR).write_text(json.dumps(package, indent=2, ensure_ascii=False) + "\n",
                                      encoding="utf-8")
        files = sorted(p.name for p in tmp.iterdir())
        total = sum((tmp / f).stat().st_size for f in files)
        _move_into_place(tmp, target, replace)
    except BaseException as e:  # an interrupt too: no half-written folder is left
        shutil.rmtree(tmp, ignore_errors=True)
        error = _failure(target, e)
        if error is e:
            raise
        raise error from e
    return ExportResult(
        release=rel.name, sha256=rel.sha256, format=fmt, out=str(target),
        descriptor=str(target / DESCRIPTOR), files=files, bytes=total,
        resources=[w for _, w in written], exported_at=exported_at,
        seconds=round(time.monotonic() - started, 2), citation=citation(rel),
        armsledger_version=__version__)


def _move_into_place(tmp: Path, target: Path, replace: bool) -> None:
    """Rename the finished temporary folder to ``target``; an earlier export there is moved
    aside first and removed only once the new one is in place (restored if the rename fails)."""
    if not replace:
        os.rename(tmp, target)
        return
    if not any(target.iterdir()):
        os.replace(tmp, target)  # an empty folder is replaced by the rename itself
        return
    old = target.parent / f".{target.name}.{secrets.token_hex(6)}.old"
    os.rename(target, old)
    try:
        os.rename(tmp, target)
    except OSError:
        with contextlib.suppress(OSError):
            os.rename(old, target)
        raise
    shutil.rmtree(old, ignore_errors=True)
