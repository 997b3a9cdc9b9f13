"""Dated membership of political and military blocs (BRICS, CIS, CSTO, EU, NATO) by ISO3 code.

The table lives in ``armsledger/data/blocs.csv``, one row per membership spell
(``bloc,iso3,member,start_year,end_year,note``), compiled by hand from the public record: the
founding treaties and accession instruments, the organisations' own member lists (nato.int,
european-union.europa.eu, cis.minsk.by, odkb-csto.org, the BRICS chairs' announcements) and the
states' notifications of withdrawal. The ``note`` column gives the date used wherever it is not a
plain accession date.

What a caller must know:

* Years are calendar years and the counting rule is **member at the end of the year**: the year
  membership takes effect counts (Finland joined NATO on 4 April 2023, so it counts for 2023),
  the year an exit takes effect does not (Georgia's CIS withdrawal took effect in August 2009, so
  its last CIS year is 2008; Uzbekistan suspended its CSTO membership in June 2012, last year
  2011). ``start_year``/``end_year`` are inclusive; an empty ``end_year`` means still a member.
  One deliberate exception: the United Kingdom counts as an EU member through 2020, because EU
  law, including the CFSP and the Common Position on arms exports, applied to it until the
  Brexit transition period ended on 31 December 2020.
* Conventions per bloc: ``EU`` counts the European Communities from 1 January 1958 as the EU.
  ``CSTO`` counts the Collective Security Treaty from its entry into force (20 April 1994); the
  Organization dates from 2002. ``CIS`` counts founding states from 1991; Ukraine (never ratified
  the Charter) counts as a participant until its 2018 decision to end participation (last year
  2017); Turkmenistan's associate membership from August 2005 is not membership (last year 2004).
  ``BRICS`` has no treaty: the four BRIC states count from the first summit (2009, not the 2006
  ministerial), later members from their admission date.
* States that have suspended or frozen participation without formally leaving stay members:
  Armenia in the CSTO (froze its participation in 2024) and Moldova in the CIS (withdrawing
  since 2023). Check the note before treating them as active.
* Left out on purpose: BRICS partner countries (from 2025) and invitees that have not taken up
  membership: Saudi Arabia (invited in 2023, has not confirmed) and Argentina (declined);
  observer and associate statuses of any bloc.
* Codes are ISO 3166-1 alpha-3 of today's states. ``DEU`` covers West Germany before 3 October
  1990 (the GDR, ``DDR``, was never an EU or NATO member); the Soviet Union (``SUN``) and other
  historical states are in no bloc. The table reflects the record as compiled; changes late in
  2025 or after (e.g. Moldova completing its CIS exit, Armenia leaving the CSTO) may be missing.
"""

from __future__ import annotations

import csv
import io
from functools import cache
from importlib.resources import files

__all__ = ["BLOCS", "blocs_of", "members", "membership_table"]

BLOCS: tuple[str, ...] = ("BRICS", "CIS", "CSTO", "EU", "NATO")
"""The blocs in the table, sorted; ``members`` accepts them in any letter case."""

_TABLE_PACKAGE = "armsledger.data"
_TABLE_FILE = "blocs.csv"

_Spell = tuple[str, str, int, int | None]


@cache
def _spells() -> tuple[_Spell, ...]:
    """Load the packaged table once as (bloc, iso3, start_year, end_year or None) rows."""
    text = files(_TABLE_PACKAGE).joinpath(_TABLE_FILE).read_text(encoding="utf-8")
    rows: list[_Spell] = []
    for row in csv.DictReader(io.StringIO(text)):
        end = row["end_year"].strip()
        rows.append((row["bloc"], row["iso3"], int(row["start_year"]), int(end) if end else None))
    return tuple(rows)


def _in_spell(year: int, start: int, end: int | None) -> bool:
    return start <= year and (end is None or year <= end)


def _bloc_name(bloc: str) -> str:
    """The canonical spelling of a bloc name, or ValueError listing the known blocs."""
    wanted = bloc.strip().upper()
    if wanted not in BLOCS:
        raise ValueError(f"unknown bloc {bloc!r}; known blocs: {', '.join(BLOCS)}")
    return wanted


def members(bloc: str, year: int) -> frozenset[str]:
    """Return the ISO3 codes of the states that were members of ``bloc`` in ``year``.

    ``bloc`` is case-insensitive (``"nato"`` works); an unknown bloc raises ValueError naming
    the known ones. A year before the bloc existed gives an empty set.
    """
    name = _bloc_name(bloc)
    return frozenset(
        iso3 for b, iso3, start, end in _spells() if b == name and _in_spell(year, start, end)
    )


def blocs_of(iso3: str, year: int) -> tuple[str, ...]:
    """Return the sorted names of the blocs ``iso3`` belonged to in ``year`` (empty if none)."""
    code = iso3.strip().upper()
    return tuple(
        sorted({b for b, c, start, end in _spells() if c == code and _in_spell(year, start, end)})
    )


def membership_table() -> list[tuple[str, str, int, int | None]]:
    """Return every spell as (bloc, iso3, start_year, end_year or None) for loading elsewhere.

    Years are inclusive and follow the module's end-of-year rule; None means still a member.
    """
    return list(_spells())

