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

__all__ = ["CATEGORIES", "canonical_category", "category_for"]

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



def canonical_category(name: str | None) -> str | None:
    """SIPRI's spelling of an armament category given in any case, with or without a final
    's' (``aircraft``, ``Ship``, ``air defence systems``); None stays None. An unknown name
    raises :class:`~armsledger.errors.UnknownCategoryError` listing the closest categories
    (or all of them), so a filter never silently matches nothing."""
    if name is None:
        return None
    from armsledger.errors import UnknownCategoryError

    def key(text: str) -> str:
        folded = " ".join(text.replace("-", " ").casefold().split())
        return folded[:-1] if folded.endswith("s") else folded

    wanted = key(name)
    for category in CATEGORIES:
        if key(category) == wanted:
            return category
    import difflib

    close = difflib.get_close_matches(wanted, [key(c) for c in CATEGORIES], n=3, cutoff=0.5)
    by_key = {key(c): c for c in CATEGORIES}
    raise UnknownCategoryError(name, [by_key[k] for k in close] or list(CATEGORIES))


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
