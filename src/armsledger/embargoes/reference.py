"""The arms-embargo reference table: read and validate it, keep it in the store, list it.

A table is a CSV file with the columns of the bundled one (``data/embargoes/embargoes.csv``,
compiled by hand from public pages; see ``data/embargoes/SOURCE.md`` and cite the SIPRI Arms
Embargoes Database, :data:`EMBARGO_CITATION`), one row per embargo phase:

``embargo_id, imposed_by, target, target_iso3, target_kind, scope, start_date, end_date,
legal_basis, notes, source_url``

Validation (every problem is collected with its file, line and column and raised together as
:class:`~armsledger.errors.InputError`; nothing is stored when there is one):

* ``embargo_id`` present and unique in the file;
* ``imposed_by`` one of :data:`BODIES` (any letter case; stored in the canonical spelling);
* ``target`` present; ``target_iso3`` one or more ISO 3166-1 alpha-3 codes separated by ``;``
  (checked with pycountry; Kosovo's user-assigned ``XKX`` and the former codes SIPRI's
  historical states use, ``YUG SUN CSK DDR YMD``, are accepted). It may be empty only for a
  ``group`` target (listed persons or entities without a location);
* ``target_kind`` one of :data:`TARGET_KINDS`, ``scope`` one of :data:`SCOPES`;
* ``start_date`` (required) and ``end_date`` (empty = in force) as ``YYYY``, ``YYYY-MM`` or
  ``YYYY-MM-DD``, real dates, and the end not before the start (compared at the precision
  given: ``2001`` to ``2001-05`` is fine).

A row is *non-mandatory* (``mandatory`` false) when its id starts with ``UN-NM-`` or its notes
start with ``NON-MANDATORY``: a UN Security Council call on states, not a binding embargo.

In the store a table has a name. Loading is atomic (a failed load changes nothing) and a file
already stored (same SHA-256) is reported, not stored twice. Screening and listing use the
newest loaded table unless one is named. When the store has no table, the bundled one is
loaded as ``bundled``; a store opened read-only gets the bundled table in memory instead.
"""

from __future__ import annotations

import csv
import hashlib
import io
import re
from collections.abc import Iterable
from dataclasses import asdict, dataclass, field
from datetime import date, datetime
from functools import cache
from importlib.resources import files
from pathlib import Path
from typing import Any

import duckdb
import polars as pl
import pycountry

from armsledger import EMBARGO_CITATION
from armsledger.errors import (
    ConflictError,
    InputError,
    InvalidRequestError,
    Problem,
    UnknownEmbargoError,
)
from armsledger.sources.text import ProblemLog
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


COLUMNS: tuple[str, ...] = (
    "embargo_id",
    "imposed_by",
    "target",
    "target_iso3",
    "target_kind",
    "scope",
    "start_date",
    "end_date",
    "legal_basis",
    "notes",
    "source_url",
)
"""The columns of an embargo table (all required in the header; extra columns are ignored)."""

BODIES: tuple[str, ...] = ("UN", "EU", "OSCE", "ECOWAS", "Arab League", "AU")
"""Known imposing bodies: the UN Security Council, the European Union (with its EC/EPC
predecessors), the OSCE (CSCE), ECOWAS, the League of Arab States and the African Union."""

TARGET_KINDS: tuple[str, ...] = (
    "state",
    "non-state actors in state",
    "state and non-state",
    "group",
)
SCOPES: tuple[str, ...] = ("full", "partial")

BUNDLED_TABLE = "bundled"
"""Name of the bundled table in the store (reserved: a user table cannot take it)."""

_PACKAGE = "armsledger.data.embargoes"
_FILE = "embargoes.csv"

_FORMER_CODES = frozenset({"YUG", "SUN", "CSK", "DDR", "YMD"})
"""ISO 3166-3 former codes armsledger's actor table gives SIPRI's historical states."""
_USER_CODES = frozenset({"XKX"})
"""User-assigned codes in use: Kosovo."""

_DATE = re.compile(r"^(\d{4})(?:-(\d{2})(?:-(\d{2}))?)?$")


@dataclass(frozen=True, slots=True)
class Embargo:
    """One row of an embargo table (one embargo phase)."""

    embargo_id: str
    imposed_by: str
    target: str
    target_iso3: tuple[str, ...]
    target_kind: str
    scope: str
    start_date: str
    end_date: str | None
    start_year: int
    end_year: int | None
    """None: in force (or no end known)."""
    mandatory: bool
    legal_basis: str | None
    notes: str | None
    source_url: str | None
    source_line: int

    def in_force(self, year: int) -> bool:
        """In force at some time in ``year`` (SIPRI's delivery years are calendar years)."""
        return self.start_year <= year and (self.end_year is None or year <= self.end_year)

    @property
    def matchable(self) -> bool:
        """False for targets without a location (listed persons, non-geographic groups)."""
        return bool(self.target_iso3)

    @property
    def binding(self) -> str:
        """Who the embargo binds, as reported with every screening hit."""
        if self.imposed_by == "UN":
            if self.mandatory:
                return "mandatory UN Security Council embargo: binds every supplier"
            return "non-mandatory UN embargo: a call on states, binds no one"
        if self.imposed_by == "EU":
            return "EU embargo: binds EU member states (each from its accession year)"
        return f"regional: binds members of {self.imposed_by}"

    def to_dict(self) -> dict[str, Any]:
        d = asdict(self)
        d["target_iso3"] = list(self.target_iso3)
        d["binding"] = self.binding
        return d


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


# -- reading and validating -------------------------------------------------------------------


def _parse_date(text: str) -> tuple[date, date] | None:
    """(earliest, latest) day a 'YYYY', 'YYYY-MM' or 'YYYY-MM-DD' date can mean; None if bad."""
    m = _DATE.match(text)
    if not m:
        return None
    year = int(m.group(1))
    month = int(m.group(2)) if m.group(2) else None
    day = int(m.group(3)) if m.group(3) else None
    try:
        if month is None:
            return date(year, 1, 1), date(year, 12, 31)
        if day is None:
            first = date(year, month, 1)
            nxt = date(year + (month == 12), month % 12 + 1, 1)
            return first, date.fromordinal(nxt.toordinal() - 1)
        d = date(year, month, day)
        return d, d
    except ValueError:
        return None


@cache
def _current_codes() -> frozenset[str]:
    return frozenset(str(c.alpha_3) for c in pycountry.countries)


def _check_codes(text: str, log: ProblemLog, line: int) -> tuple[str, ...]:
    codes: list[str] = []
    for part in text.split(";"):
        code = part.strip().upper()
        if not code:
            log.add(line, "target_iso3", f"'{text}': empty code between ';' separators")
            continue
        if code in _current_codes() or code in _USER_CODES or code in _FORMER_CODES:
            if code not in codes:
                codes.append(code)
        else:
            log.add(line, "target_iso3", f"'{part.strip()}' is not an ISO 3166-1 alpha-3 code")
    return tuple(codes)


def _opt(value: str | None) -> str | None:
    value = (value or "").strip()
    return value or None


def _canonical(value: str, known: Iterable[str]) -> str | None:
    for k in known:
        if value.casefold() == k.casefold():
            return k
    return None


def _decode(path: str, data: bytes) -> str:
    if not data.strip():
        raise InputError([Problem(path, 1, None, "the file is empty; expected an embargo table "
                                  f"with the columns {', '.join(COLUMNS)}")])
    if b"\x00" in data[:8192]:
        raise InputError([Problem(path, None, None,
                                  "this is not a text file; expected an embargo table (CSV)")])
    try:
        return data.decode("utf-8-sig")
    except UnicodeDecodeError as e:
        line = data[: e.start].count(b"\n") + 1
        raise InputError([Problem(path, line, None, "not UTF-8 text")]) from None


def _records(reader: Any, log: ProblemLog) -> Iterable[tuple[int, list[str]]]:
    """(first physical line, fields) of each record after the header."""
    line = reader.line_num
    while True:
        try:
            fields = next(reader)
        except StopIteration:
            return
        except csv.Error as e:
            log.add(reader.line_num, None, f"broken CSV: {e}")
            return
        yield line + 1, fields
        line = reader.line_num


def parse_embargoes(text: str, path: str) -> tuple[Embargo, ...]:
    """Validate an embargo table's text; raises :class:`InputError` naming every problem."""
    log = ProblemLog(path)
    reader = csv.reader(io.StringIO(text, newline=""))
    try:
        header = [h.strip() for h in next(reader)]
    except (StopIteration, csv.Error) as e:
        raise InputError([Problem(path, 1, None, f"cannot read the header: {e}")]) from None
    missing = [c for c in COLUMNS if c not in header]
    if missing:
        log.add(1, None, f"missing column(s): {', '.join(missing)} "
                f"(an embargo table has the columns {', '.join(COLUMNS)})")
        log.raise_if_any()
    rows: list[Embargo] = []
    seen: dict[str, int] = {}
    for start_line, fields in _records(reader, log):
        if not any(f.strip() for f in fields):
            continue  # a blank line
        if len(fields) != len(header):
            log.add(start_line, None, f"{len(fields)} fields, expected {len(header)}"
                    + (" (quote values that contain commas)" if len(fields) > len(header)
                       else ""))
            continue
        raw = dict(zip(header, fields, strict=True))
        before = len(log.problems)
        row = {c: raw[c].strip() for c in COLUMNS}
        eid = row["embargo_id"]
        if not eid:
            log.add(start_line, "embargo_id", "empty embargo id")
        elif eid.upper() in seen:
            log.add(start_line, "embargo_id",
                    f"duplicate embargo id '{eid}' (first on line {seen[eid.upper()]})")
        else:
            seen[eid.upper()] = start_line
        body = _canonical(row["imposed_by"], BODIES)
        if body is None:
            log.add(start_line, "imposed_by", f"unknown body '{row['imposed_by']}' "
                    f"(known: {', '.join(BODIES)})")
        if not row["target"]:
            log.add(start_line, "target", "empty target")
        kind = _canonical(row["target_kind"], TARGET_KINDS)
        if kind is None:
            log.add(start_line, "target_kind", f"'{row['target_kind']}' is not a target kind "
                    f"(one of: {', '.join(TARGET_KINDS)})")
        codes: tuple[str, ...] = ()
        if row["target_iso3"]:
            codes = _check_codes(row["target_iso3"], log, start_line)
        elif kind is not None and kind != "group":
            log.add(start_line, "target_iso3", f"empty: a '{kind}' target needs the ISO code(s) "
                    "of its country (only a 'group' target may have none)")
        scope = _canonical(row["scope"], SCOPES)
        if scope is None:
            log.add(start_line, "scope", f"'{row['scope']}' is not a scope "
                    f"(one of: {', '.join(SCOPES)})")
        start = end = None
        if not row["start_date"]:
            log.add(start_line, "start_date", "empty start date")
        else:
            start = _parse_date(row["start_date"])
            if start is None:
                log.add(start_line, "start_date", f"'{row['start_date']}' is not a date "
                        "(YYYY, YYYY-MM or YYYY-MM-DD)")
        if row["end_date"]:
            end = _parse_date(row["end_date"])
            if end is None:
                log.add(start_line, "end_date", f"'{row['end_date']}' is not a date "
                        "(YYYY, YYYY-MM or YYYY-MM-DD)")
            elif start is not None and end[1] < start[0]:
                log.add(start_line, "end_date", f"end {row['end_date']} is before the start "
                        f"{row['start_date']}")
        nm = eid.upper().startswith("UN-NM-")
        if nm and body not in (None, "UN"):
            log.add(start_line, "imposed_by", f"'{eid}' is a non-mandatory UN id (UN-NM-) but "
                    f"imposed_by is '{row['imposed_by']}'")
        if len(log.problems) > before or start is None or body is None:
            continue
        mandatory = not (nm or row["notes"].upper().startswith("NON-MANDATORY"))
        rows.append(Embargo(
            embargo_id=eid, imposed_by=body, target=row["target"], target_iso3=codes,
            target_kind=kind or "", scope=scope or "", start_date=row["start_date"],
            end_date=_opt(row["end_date"]), start_year=start[0].year,
            end_year=end[0].year if end else None, mandatory=mandatory,
            legal_basis=_opt(row["legal_basis"]), notes=_opt(row["notes"]),
            source_url=_opt(row["source_url"]), source_line=start_line,
        ))
    if not rows and not log.problems:
        log.add(None, None, "no embargo rows after the header")
    log.raise_if_any()
    return tuple(rows)


def read_embargoes(path: str | Path) -> EmbargoTable:
    """Read and validate an embargo table file (not stored: ``name`` is None)."""
    name = str(path)
    try:
        data = Path(path).read_bytes()
    except FileNotFoundError:
        raise InputError([Problem(name, None, None, "file not found")]) from None
    except OSError as e:
        raise InputError([Problem(name, None, None, f"cannot read file: {e.strerror}")]) from e
    embargoes = parse_embargoes(_decode(name, data), name)
    return EmbargoTable(None, name, hashlib.sha256(data).hexdigest(), embargoes)


@cache
def bundled_table() -> EmbargoTable:
    """The bundled table, read into memory once (see ``data/embargoes/SOURCE.md``)."""
    data = files(_PACKAGE).joinpath(_FILE).read_bytes()
    source = f"bundled:embargoes/{_FILE}"
    embargoes = parse_embargoes(_decode(source, data), source)
    return EmbargoTable(BUNDLED_TABLE, source, hashlib.sha256(data).hexdigest(), embargoes)


# -- the store ----------------------------------------------------------------------------------


def _read_only(store: Store) -> bool:
    return store.execute("SELECT current_setting('access_mode')")[0][0] == "read_only"


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
