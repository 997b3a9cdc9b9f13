"""Weapon description -> SIPRI armament category table (armsledger.categories)."""

from __future__ import annotations

import csv
import io
from importlib.resources import files
from pathlib import Path

import pytest
from samples import (
    DELIVERY_YEAR_2026_EXCERPT,
    REGISTER_2024_EXCERPT,
    REGISTER_2025_DELIVERIES_EXCERPT,
    REGISTER_2025_EXCERPT,
    SHARED_DATA,
    shared,
)

from armsledger.categories import CATEGORIES, category_for

DATA = SHARED_DATA
NEW_FORMAT = DATA / "sipri_atdb_newformat_2026" / "trade_register.csv"
REGISTERS = {
    "2025": (DATA / "sipri_trade_register_2025" / "trade-register.csv", "utf-8-sig"),
    "2025-deliveries": (
        DATA / "sipri_trade_register_2025_deliveries" / "trade-register.csv",
        "latin-1",
    ),
    "2024": (DATA / "sipri_2024_release_mjhofmann" / "trade-register.csv", "latin-1"),
}
# The in-repo excerpts of the same files (tests/data/sipri), with their descriptions counted.
REGISTER_EXCERPTS = {
    "2025": (REGISTER_2025_EXCERPT, "utf-8-sig", 15),
    "2025-deliveries": (REGISTER_2025_DELIVERIES_EXCERPT, "latin-1", 14),
    "2024": (REGISTER_2024_EXCERPT, "latin-1", 19),  # older spellings: APC, SRAAM
}


def _need(path: Path) -> None:
    shared(str(path.relative_to(DATA)))


def _new_format_pairs(path: Path | None = None) -> dict[str, set[str]]:
    """Description -> set of armament categories in the 2026 delivery-year export.

    The real export unless ``path`` names another file in its format (the excerpt).
    """
    if path is None:
        _need(NEW_FORMAT)
        path = NEW_FORMAT
    with path.open(encoding="ascii", newline="") as f:
        lines = [line.removesuffix("\r\n").removesuffix(";") for line in f]
    rows = csv.reader(lines[11:])
    header = next(rows)
    i_desc, i_cat = header.index("Description"), header.index("Armament category")
    pairs: dict[str, set[str]] = {}
    for row in rows:
        if row:
            pairs.setdefault(row[i_desc], set()).add(row[i_cat])
    return pairs


def _register_descriptions(path: Path, encoding: str, *, real: bool = True) -> set[str]:
    """Weapon descriptions of a deal-level register, skipping continuation lines."""
    if real:
        _need(path)
    with path.open(encoding=encoding, newline="") as f:
        lines = list(f)
    start = next(i for i, line in enumerate(lines) if line.startswith("Recipient,Supplier,"))
    rows = csv.reader(lines[start:])
    header = next(rows)
    i_desc = header.index("Weapon description")
    return {row[i_desc] for row in rows if row and row[0]}


def _table_rows() -> list[dict[str, str]]:
    text = files("armsledger.data").joinpath("description_categories.csv").read_text("utf-8")
    return list(csv.DictReader(io.StringIO(text)))


def test_new_format_pairs_agree() -> None:
    pairs = _new_format_pairs()
    assert len(pairs) > 150
    for description, categories in pairs.items():
        assert len(categories) == 1, (description, categories)
        assert category_for(description) == next(iter(categories)), description


def test_excerpt_new_format_pairs_agree() -> None:
    pairs = _new_format_pairs(DELIVERY_YEAR_2026_EXCERPT)
    assert len(pairs) == 15
    for description, categories in pairs.items():
        assert len(categories) == 1, (description, categories)
        assert category_for(description) == next(iter(categories)), description
    # Every description of the export is in the table as SIPRI's own pair, not a mapped one.
    origin = {r["description"]: r["origin"] for r in _table_rows()}
    assert {origin.get(d) for d in pairs} == {"sipri-2026"}
    assert {c for cats in pairs.values() for c in cats} == {
        "Aircraft", "Armoured vehicles", "Artillery", "Missiles", "Ships"}


def test_categories_are_the_2026_spellings() -> None:
    found = {c for cats in _new_format_pairs().values() for c in cats}
    assert CATEGORIES == tuple(sorted(found))


@pytest.mark.parametrize("name", sorted(REGISTERS))
def test_every_register_description_has_a_category(name: str) -> None:
    path, encoding = REGISTERS[name]
    descriptions = _register_descriptions(path, encoding)
    assert len(descriptions) > 150
    missing = sorted(d for d in descriptions if category_for(d) not in CATEGORIES)
    assert not missing


@pytest.mark.parametrize("name", sorted(REGISTER_EXCERPTS))
def test_every_register_excerpt_description_has_a_category(name: str) -> None:
    path, encoding, count = REGISTER_EXCERPTS[name]
    descriptions = _register_descriptions(path, encoding, real=False)
    assert len(descriptions) == count
    missing = sorted(d for d in descriptions if category_for(d) not in CATEGORIES)
    assert not missing


def test_every_bundled_register_description_has_a_category(tmp_path: Path) -> None:
    """The registers bundled with the package (the default data) are categorised in full:
    the May 2026 register spells descriptions out ('fighter/ground-attack aircraft', not
    'FGA aircraft'), and 3,661 of its deals had no category before these were mapped."""
    import gzip

    bundled = files("armsledger.data").joinpath("sipri")
    for name in ("trade-register-2024-10.csv.gz", "trade-register-2025.csv.gz",
                 "trade-register-2026-05.csv.gz"):
        raw = gzip.decompress(bundled.joinpath(name).read_bytes())
        path = tmp_path / name.removesuffix(".gz")
        path.write_bytes(raw)
        try:
            raw.decode("utf-8-sig")
            encoding = "utf-8-sig"
        except UnicodeDecodeError:
            encoding = "latin-1"
        descriptions = _register_descriptions(path, encoding, real=False)
        assert len(descriptions) > 150, name
        missing = sorted(d for d in descriptions if category_for(d) not in CATEGORIES)
        assert not missing, (name, missing)


def test_table_shape() -> None:
    rows = _table_rows()
    descriptions = [r["description"] for r in rows]
    assert descriptions == sorted(descriptions)
    assert len(set(descriptions)) == len(descriptions)
    assert {r["category"] for r in rows} <= set(CATEGORIES)
    assert {r["origin"] for r in rows} == {"sipri-2026", "mapped"}
    pairs = _new_format_pairs()
    for r in rows:
        assert (r["origin"] == "sipri-2026") == (r["description"] in pairs), r


@pytest.mark.parametrize(
    ("description", "category"),
    [
        ("APC", "Armoured vehicles"),
        ("IFV", "Armoured vehicles"),
        ("BVRAAM", "Missiles"),
        ("SRAAM", "Missiles"),
        ("ASW torpedo", "Missiles"),
        ("air search radar", "Sensors"),
        ("ASW sonar", "Sensors"),
        ("FAC", "Ships"),
        ("OPV", "Ships"),
        ("AIP engine", "Engines"),
        ("IFV turret", "Other"),
        ("recce satellite", "Satellites"),
        ("ASW Helicopter", "Aircraft"),
    ],
)
def test_mapped_spot_checks(description: str, category: str) -> None:
    origin = {r["description"]: r["origin"] for r in _table_rows()}
    assert origin[description] == "mapped"
    assert category_for(description) == category


def test_case_insensitive_fallback() -> None:
    assert category_for("  apc ") == "Armoured vehicles"
    assert category_for("Transport Helicopter") == "Aircraft"


@pytest.mark.parametrize("description", [None, "", "   ", "death ray", "APCX"])
def test_unknown_returns_none(description: str | None) -> None:
    assert category_for(description) is None
