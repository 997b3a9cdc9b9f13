"""SIPRI armament category for a weapon description.

SIPRI's deal-level trade registers give only a free-text ``Weapon description`` (``APC``,
``BVRAAM``, ``transport helicopter``), while its newer delivery-year export also gives the
``Armament category``. The packaged table ``data/description_categories.csv`` carries the
category for every description used in the registers we read: pairs read from the 2026
delivery-year export (``origin = sipri-2026``) plus older abbreviations and variants assigned by
analogy with the closest 2026 description (``origin = mapped``). With it, deal-level records can
be grouped by category the same way SIPRI groups the new export.
"""

from __future__ import annotations

import csv
import io
from functools import cache
from importlib.resources import files

__all__ = ["CATEGORIES", "category_for"]

CATEGORIES: tuple[str, ...] = (
    "Air-defence systems",
    "Aircraft",
    "Armoured vehicles",
    "Artillery",
    "Engines",
    "Missiles",
    "Naval weapons",
    "Other",
    "Satellites",
    "Sensors",
    "Ships",
)
"""SIPRI's armament categories, spelled as in the 2026 delivery-year export, sorted."""

_TABLE_PACKAGE = "armsledger.data"
_TABLE_FILE = "description_categories.csv"


@cache
def _table() -> tuple[dict[str, str], dict[str, str]]:
    """Load the packaged table once: exact description -> category, and casefolded -> category."""
    text = files(_TABLE_PACKAGE).joinpath(_TABLE_FILE).read_text(encoding="utf-8")
    exact: dict[str, str] = {}
    folded: dict[str, str] = {}
    for row in csv.DictReader(io.StringIO(text)):
        description, category = row["description"], row["category"]
        exact[description] = category
        folded.setdefault(description.strip().casefold(), category)
    return exact, folded


def category_for(description: str | None) -> str | None:
    """Return the SIPRI armament category for a weapon description, or None if unknown.

    The description is looked up exactly as SIPRI writes it first, then case-insensitively on
    the stripped text (so ``ASW Helicopter`` and ``' APC '`` resolve); None and unknown
    descriptions give None.
    """
    if description is None:
        return None
    exact, folded = _table()
    found = exact.get(description)
    if found is not None:
        return found
    return folded.get(description.strip().casefold())
