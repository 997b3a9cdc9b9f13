"""The arms-embargo reference table: read and validate it, keep it in the store, list it.

A table is a CSV file with the columns of the bundled one (``data/embargoes/embargoes.csv``,
compiled by hand from public pages; see ``data/embargoes/SOURCE.md`` and cite the SIPRI Arms
Embargoes Database, :data:`EMBARGO_CITATION`), one row per embargo phase. Reading and
validating a file (its columns, the rules every row must pass, and which rows are
non-mandatory) is :mod:`armsledger.sources.embargo_table`; :class:`Embargo`,
:func:`parse_embargoes` and the vocabularies are re-exported here.

In the store a table has a name. Loading is atomic (a failed load changes nothing) and a file
already stored (same SHA-256) is reported, not stored twice. Screening and listing use the
newest loaded table unless one is named. When the store has no table, the bundled one is
loaded as ``bundled``; a store opened read-only gets the bundled table in memory instead.
"""

from __future__ import annotations

import hashlib
from dataclasses import dataclass, field
from datetime import datetime
from functools import cache
from importlib.resources import files
from pathlib import Path
from typing import Any

import duckdb
import polars as pl

from armsledger import EMBARGO_CITATION
from armsledger.errors import ConflictError, InvalidRequestError, UnknownEmbargoError
from armsledger.sources.embargo_table import (
    BODIES,
    COLUMNS,
    SCOPES,
    TARGET_KINDS,
    Embargo,
    decode_embargoes,
    parse_embargoes,
    read_embargo_file,
)
from armsledger.store import Store

__all__ = [
    "BODIES",
    "BUNDLED_TABLE",
    "COLUMNS",
    "EMBARGO_CITATION",
    "SCOPES",
    "TARGET_KINDS",
    "Embargo",
    "EmbargoList",
    "EmbargoLoadReport",
    "EmbargoTable",
    "UnknownEmbargoError",
    "active_table",
    "bundled_table",
    "list_embargoes",
    "load_bundled_embargoes",
    "load_embargoes",
    "parse_embargoes",
    "read_embargoes",
    "stored_tables",
]


BUNDLED_TABLE = "bundled"
"""Name of the bundled table in the store (reserved: a user table cannot take it)."""

_PACKAGE = "armsledger.data.embargoes"
_FILE = "embargoes.csv"

@dataclass(frozen=True, slots=True)
class EmbargoTable:
    """A validated table: from a file, from the store, or the bundled one in memory."""

    name: str | None
    source_file: str
    sha256: str
    embargoes: tuple[Embargo, ...]
    loaded_at: datetime | None = None
    stored: bool = False
    """False: read into memory (a read-only store without a table, or a file not loaded)."""

    @property
    def rows(self) -> int:
        return len(self.embargoes)

    def get(self, embargo_id: str) -> Embargo:
        """The embargo with this id (case-insensitive), or :class:`UnknownEmbargoError`."""
        wanted = embargo_id.strip().upper()
        for e in self.embargoes:
            if e.embargo_id.upper() == wanted:
                return e
        ids = [e.embargo_id for e in self.embargoes]
        close = [i for i in ids if wanted and wanted in i.upper()][:5]
        if not close:
            import difflib

            close = difflib.get_close_matches(wanted, [i.upper() for i in ids], n=5, cutoff=0.5)
            close = [i for i in ids if i.upper() in close]
        hint = f"; did you mean: {', '.join(close)}?" if close else ""
        raise UnknownEmbargoError(
            f"no embargo '{embargo_id}' in embargo table '{self.name}'{hint}", suggestions=close
        )

    def info(self) -> dict[str, Any]:
        """The table's provenance, as in every JSON output."""
        return {
            "name": self.name,
            "source_file": self.source_file,
            "sha256": self.sha256,
            "rows": self.rows,
            "loaded_at": self.loaded_at.isoformat(sep=" ") if self.loaded_at else None,
            "stored": self.stored,
            "citation": EMBARGO_CITATION,
        }


@dataclass(frozen=True, slots=True)
class EmbargoLoadReport:
    """What a load did: ``status`` is 'loaded' or 'already-loaded' (same SHA-256)."""

    path: str
    status: str
    table: str
    rows: int
    sha256: str


@dataclass(frozen=True, slots=True)
class EmbargoList:
    """Embargoes of a table, optionally only those in force in a year."""

    table: EmbargoTable
    in_force: int | None
    embargoes: list[Embargo] = field(default_factory=list)

    def to_dict(self) -> dict[str, Any]:
        return {
            "table": self.table.info(),
            "in_force": self.in_force,
            "embargoes": [e.to_dict() for e in self.embargoes],
        }


def read_embargoes(path: str | Path) -> EmbargoTable:
    """Read and validate an embargo table file (not stored: ``name`` is None)."""
    embargoes, sha256 = read_embargo_file(path)
    return EmbargoTable(None, str(path), sha256, embargoes)


@cache
def bundled_table() -> EmbargoTable:
    """The bundled table, read into memory once (see ``data/embargoes/SOURCE.md``)."""
    data = files(_PACKAGE).joinpath(_FILE).read_bytes()
    source = f"bundled:embargoes/{_FILE}"
    embargoes = decode_embargoes(data, source)
    return EmbargoTable(BUNDLED_TABLE, source, hashlib.sha256(data).hexdigest(), embargoes)


# -- the store ----------------------------------------------------------------------------------


def _read_only(store: Store) -> bool:
    mode: str = store.execute("SELECT current_setting('access_mode')")[0][0]
    return mode == "read_only"


def _table_rows(store: Store) -> list[tuple[Any, ...]]:
    try:
        return store.execute(
            "SELECT table_name, source_file, sha256, rows, loaded_at FROM embargo_tables "
            "ORDER BY loaded_at, rowid"
        )
    except duckdb.CatalogException:  # a read-only database made before embargo tables existed
        return []


def stored_tables(store: Store) -> list[EmbargoTable]:
    """The embargo tables in the store, oldest load first."""
    tables = []
    for name, source_file, sha256, _rows, loaded_at in _table_rows(store):
        frame = store.query(
            "SELECT * FROM embargoes WHERE table_name = $t ORDER BY source_line", {"t": name}
        )
        embargoes = tuple(
            Embargo(**{k: r[k] for k in Embargo.__slots__ if k != "target_iso3"},
                    target_iso3=tuple(c for c in (r["target_iso3"] or "").split(";") if c))
            for r in frame.iter_rows(named=True)
        )
        tables.append(EmbargoTable(name, source_file, sha256, embargoes, loaded_at, True))
    return tables


def _store_table(store: Store, table: EmbargoTable, name: str, source_file: str) -> None:
    frame = pl.DataFrame(
        [
            {
                "table_name": name,
                **{k: getattr(e, k) for k in Embargo.__slots__ if k != "target_iso3"},
                "target_iso3": ";".join(e.target_iso3) or None,
            }
            for e in table.embargoes
        ],
        schema={
            "table_name": pl.String, "embargo_id": pl.String, "imposed_by": pl.String,
            "target": pl.String, "target_kind": pl.String, "scope": pl.String,
            "start_date": pl.String, "end_date": pl.String, "start_year": pl.Int32,
            "end_year": pl.Int32, "mandatory": pl.Boolean, "legal_basis": pl.String,
            "notes": pl.String, "source_url": pl.String, "source_line": pl.Int32,
            "target_iso3": pl.String,
        },
    )
    if _read_only(store):
        raise ConflictError("the database is open read-only: an embargo table cannot be "
                            "loaded into it")
    with store.transaction():
        store.execute(
            "INSERT INTO embargo_tables VALUES (?, ?, ?, ?, ?)",
            [name, source_file, table.sha256, table.rows, datetime.now()],
        )
        store.insert_frame("embargoes", frame)


def _store_new(store: Store, table: EmbargoTable, name: str, path: str,
               source_file: str) -> EmbargoLoadReport:
    for t in stored_tables(store):
        if t.sha256 == table.sha256:
            return EmbargoLoadReport(path, "already-loaded", t.name or "", t.rows, t.sha256)
    for t in stored_tables(store):
        if t.name == name:
            raise ConflictError(
                f"an embargo table named '{name}' already exists (from {t.source_file}); "
                "choose another name"
            )
    _store_table(store, table, name, source_file)
    return EmbargoLoadReport(path, "loaded", name, table.rows, table.sha256)


def load_embargoes(store: Store, path: str | Path, *, name: str | None = None
                   ) -> EmbargoLoadReport:
    """Validate a table file and store it as a named embargo table, in one transaction.

    ``name`` defaults to the file's stem. A file already stored (same SHA-256) is not stored
    again: the report's status is 'already-loaded' and names the existing table. Bad input
    raises :class:`InputError` before anything is written; a taken name raises
    :class:`ConflictError`. The name 'bundled' is reserved for the bundled table.
    """
    table = read_embargoes(path)
    name = (name or Path(path).stem).strip()
    if not name:
        raise InvalidRequestError("an embargo table needs a non-empty name")
    if name == BUNDLED_TABLE and table.sha256 != bundled_table().sha256:
        raise ConflictError(f"the name '{BUNDLED_TABLE}' is reserved for the bundled "
                              "embargo table; choose another name")
    return _store_new(store, table, name, str(path), str(Path(path).resolve()))


def load_bundled_embargoes(store: Store) -> EmbargoLoadReport:
    """Store the bundled table as 'bundled' (reported, not stored twice, when already there)."""
    table = bundled_table()
    return _store_new(store, table, BUNDLED_TABLE, table.source_file, table.source_file)


def active_table(store: Store, name: str | None = None) -> EmbargoTable:
    """The named table, else the newest stored one; the bundled one when the store has none.

    With no table stored, the bundled table is loaded as 'bundled' (or, when the store is
    read-only, read into memory). Naming 'bundled' works the same way.
    """
    tables = stored_tables(store)
    if name is not None:
        for t in tables:
            if t.name == name:
                return t
        if name != BUNDLED_TABLE:
            known = ", ".join(t.name or "" for t in tables) or "none loaded"
            raise UnknownEmbargoError(f"no embargo table named '{name}' (tables: {known})")
    elif tables:
        return tables[-1]
    if _read_only(store):
        return bundled_table()
    load_bundled_embargoes(store)
    return next(t for t in stored_tables(store) if t.sha256 == bundled_table().sha256)


def list_embargoes(store: Store, *, in_force: int | None = None, table: str | None = None
                   ) -> EmbargoList:
    """The embargoes of the active table (see :func:`active_table`), in file order;
    with ``in_force``, only those in force at some time in that year."""
    t = active_table(store, table)
    rows = [e for e in t.embargoes if in_force is None or e.in_force(in_force)]
    return EmbargoList(t, in_force, rows)
