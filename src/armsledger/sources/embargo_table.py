"""Reader for arms-embargo tables: CSV files with the columns of the bundled one.

One row per embargo phase (``data/embargoes/embargoes.csv``; see ``data/embargoes/SOURCE.md``):

``embargo_id, imposed_by, target, target_iso3, target_kind, scope, start_date, end_date,
legal_basis, notes, source_url``

The file is decoded by the rule in :mod:`armsledger.sources.text`.
Validation (every problem is collected with its file, line and column and raised together as
:class:`~armsledger.errors.InputError`; nothing is stored when there is one):

* ``embargo_id`` present and unique in the file;
* ``imposed_by`` one of :data:`BODIES` (any letter case; stored in the canonical spelling);
* ``target`` present; ``target_iso3`` one or more ISO 3166-1 alpha-3 codes separated by ``;``
  (checked by :func:`armsledger.actors.is_iso3`: ISO 3166-1, Kosovo's user-assigned ``XKX``
  and the former codes SIPRI's historical states use, ``YUG SUN CSK DDR YMD``). It may be
  empty only for a ``group`` target (listed persons or entities without a location);
* ``target_kind`` one of :data:`TARGET_KINDS`, ``scope`` one of :data:`SCOPES`;
* ``start_date`` (required) and ``end_date`` (empty = in force) as ``YYYY``, ``YYYY-MM`` or
  ``YYYY-MM-DD``, real dates, and the end not before the start (compared at the precision
  given: ``2001`` to ``2001-05`` is fine).

A row is *non-mandatory* (``mandatory`` false) when its id starts with ``UN-NM-`` or its notes
start with ``NON-MANDATORY``: a UN Security Council call on states, not a binding embargo.

Storing, naming and screening tables is :mod:`armsledger.embargoes`.
"""

from __future__ import annotations

import csv
import io
import re
from collections.abc import Iterable, Iterator
from dataclasses import asdict, dataclass
from datetime import date
from pathlib import Path
from typing import Any

from armsledger import actors
from armsledger.errors import InputError, Problem
from armsledger.sources.problems import ProblemLog
from armsledger.sources.text import decode, read_text

__all__ = [
    "BODIES",
    "COLUMNS",
    "SCOPES",
    "TARGET_KINDS",
    "Embargo",
    "decode_embargoes",
    "parse_embargoes",
    "read_embargo_file",
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


# -- reading and validating -------------------------------------------------------------------

_WHAT = f"an embargo table (CSV with the columns {', '.join(COLUMNS)})"


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


def _check_codes(text: str, log: ProblemLog, line: int) -> tuple[str, ...]:
    codes: list[str] = []
    for part in text.split(";"):
        code = part.strip().upper()
        if not code:
            log.add(line, "target_iso3", f"'{text}': empty code between ';' separators")
            continue
        if actors.is_iso3(code):
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


def _records(reader: Any, log: ProblemLog) -> Iterator[tuple[int, list[str]]]:
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
        before = log.seen
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
        if log.seen > before or start is None or body is None:
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


def decode_embargoes(data: bytes, name: str) -> tuple[Embargo, ...]:
    """Validate an embargo table's bytes (the bundled table's, or a file's) named ``name``."""
    text, _encoding = decode(data, name, what=_WHAT)
    return parse_embargoes(text, name)


def read_embargo_file(path: str | Path) -> tuple[tuple[Embargo, ...], str]:
    """The validated rows of an embargo table file and the SHA-256 of its bytes."""
    file = read_text(path, what=_WHAT)
    return parse_embargoes(file.text, file.path), file.sha256
