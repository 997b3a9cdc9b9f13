"""The SIPRI actor table: every real name is in it, and the country-matching traps are handled."""

from __future__ import annotations

import csv
from pathlib import Path

import pycountry
import pytest
from samples import (
    DELIVERY_YEAR_2026_EXCERPT,
    REGISTER_2024_EXCERPT,
    REGISTER_2025_DELIVERIES_EXCERPT,
    REGISTER_2025_EXCERPT,
    SHARED_DATA,
    TIV_EXPORTS_2024_EXCERPT,
    TIV_IMPORTS_2024_EXCERPT,
    shared,
)

from armsledger.actors import classify, is_state, known_names, lookup, predecessors
from armsledger.model import ActorKind

DATA = SHARED_DATA

# (path under DATA, encoding); the header line is found by its first column.
REGISTERS = [
    ("sipri_trade_register_2025/trade-register.csv", "utf-8-sig"),
    ("sipri_trade_register_2025_deliveries/trade-register.csv", "latin-1"),
    ("sipri_2024_release_mjhofmann/trade-register.csv", "latin-1"),
    ("sipri_atdb_newformat_2026/trade_register.csv", "latin-1"),
]
TIV_TABLES = [
    ("sipri_2024_release_mjhofmann/import-export-values_1950-2024.csv", "latin-1"),
    ("sipri_2024_release_mjhofmann/import-export-values_1950-2024_1950-2024.csv", "latin-1"),
]
HEADER_STARTS = ("Recipient,", "SIPRI AT Database ID,", "Exports by,")

# The in-repo excerpts of the same files (tests/data/sipri), with the names counted in each.
EXCERPTS = [
    (REGISTER_2025_EXCERPT, "utf-8-sig", False, 17),
    (REGISTER_2025_DELIVERIES_EXCERPT, "latin-1", False, 14),
    (REGISTER_2024_EXCERPT, "latin-1", False, 11),
    (DELIVERY_YEAR_2026_EXCERPT, "latin-1", False, 27),
    (TIV_IMPORTS_2024_EXCERPT, "latin-1", True, 13),
    (TIV_EXPORTS_2024_EXCERPT, "latin-1", True, 11),
]

SIPRI_SUBREGIONS = {
    "Africa": {"North Africa", "Sub-Saharan Africa"},
    "Americas": {"North America", "Central America and the Caribbean", "South America"},
    "Asia and Oceania": {"Central Asia", "East Asia", "Oceania", "South Asia", "South East Asia"},
    "Europe": {"Eastern Europe", "Western and Central Europe"},
    "Middle East": {None},
}


def _rows(path: Path, encoding: str) -> tuple[list[str], list[list[str]]]:
    with path.open(encoding=encoding, newline="") as fh:
        lines = [line.removesuffix(";") for line in fh.read().splitlines()]
    start = next(i for i, line in enumerate(lines) if line.startswith(HEADER_STARTS))
    reader = csv.reader(lines[start:])
    header = next(reader)
    # A record split over two lines leaves a continuation line starting with ','.
    return header, [row for row in reader if row and row[0].strip()]


def _names_in(path: Path, encoding: str, tiv_table: bool) -> set[str]:
    header, rows = _rows(path, encoding)
    if tiv_table:
        return {r[0].strip() for r in rows if not r[0].startswith("Total world")}
    cols = [header.index("Supplier"), header.index("Recipient")]
    return {row[c].strip() for row in rows for c in cols}


@pytest.mark.parametrize(
    ("rel", "encoding", "tiv_table"),
    [(r, e, False) for r, e in REGISTERS] + [(r, e, True) for r, e in TIV_TABLES],
)
def test_every_real_name_is_in_the_table(rel: str, encoding: str, tiv_table: bool) -> None:
    names = _names_in(shared(rel), encoding, tiv_table)
    assert len(names) > 100
    missing = sorted(n for n in names if lookup(n) is None)
    assert missing == []
    for n in names:
        assert classify(n) == lookup(n)


@pytest.mark.parametrize(("path", "encoding", "tiv_table", "count"), EXCERPTS,
                         ids=[p.name for p, *_ in EXCERPTS])
def test_every_excerpt_name_is_in_the_table(path: Path, encoding: str, tiv_table: bool,
                                            count: int) -> None:
    names = _names_in(path, encoding, tiv_table)
    assert len(names) == count
    missing = sorted(n for n in names if lookup(n) is None)
    assert missing == []
    for n in names:
        assert classify(n) == lookup(n)


def test_excerpt_names_include_the_kinds_that_trap_country_matching() -> None:
    names = set().union(*(_names_in(p, e, t) for p, e, t, _ in EXCERPTS))
    kinds = {n: classify(n).kind for n in names}
    assert kinds["Soviet Union"] is ActorKind.HISTORICAL_STATE
    assert kinds["Czechoslovakia"] is ActorKind.HISTORICAL_STATE
    assert kinds["United Nations**"] is ActorKind.ORGANISATION
    assert kinds["unknown supplier(s)"] is ActorKind.UNKNOWN
    assert kinds["unknown rebel group*"] is ActorKind.NON_STATE
    assert kinds["MTA (Myanmar)*"] is ActorKind.NON_STATE
    assert kinds["Turkiye"] is ActorKind.STATE and classify("Turkiye").iso3 == "TUR"
    assert kinds["Cote d'Ivoire"] is ActorKind.STATE


def test_table_has_one_row_per_name() -> None:
    names = known_names()
    assert len(names) == len(set(names))
    assert 250 <= len(names) <= 300


@pytest.mark.parametrize(
    ("name", "kind", "iso3"),
    [
        ("Czechoslovakia", ActorKind.HISTORICAL_STATE, "CSK"),
        ("North Yemen", ActorKind.HISTORICAL_STATE, None),
        ("Yemen Arab Republic (North Yemen)", ActorKind.HISTORICAL_STATE, None),
        ("South Yemen", ActorKind.HISTORICAL_STATE, "YMD"),
        ("HoR (Libya)*", ActorKind.NON_STATE, "LBY"),
        ("Libya HoR*", ActorKind.NON_STATE, "LBY"),
        ("Libya GNC", ActorKind.NON_STATE, "LBY"),
        ("NTC (Libya)*", ActorKind.NON_STATE, "LBY"),
        ("Hezbollah (Lebanon)*", ActorKind.NON_STATE, "LBN"),
        ("UAE", ActorKind.STATE, "ARE"),
        ("Soviet Union", ActorKind.HISTORICAL_STATE, "SUN"),
        ("Yugoslavia", ActorKind.HISTORICAL_STATE, "YUG"),
        ("East Germany (GDR)", ActorKind.HISTORICAL_STATE, "DDR"),
        # VNM is today's Viet Nam and VDR (ISO 3166-3) was North Vietnam: South Vietnam has none.
        ("South Vietnam", ActorKind.HISTORICAL_STATE, None),
        ("Turkiye", ActorKind.STATE, "TUR"),
        ("Turkey", ActorKind.STATE, "TUR"),
        ("Kosovo", ActorKind.STATE, "XKX"),
        ("Cote d'Ivoire", ActorKind.STATE, "CIV"),
        ("Palestine", ActorKind.STATE, "PSE"),
        ("Taiwan", ActorKind.STATE, "TWN"),
        ("Czechia", ActorKind.STATE, "CZE"),
        ("Russia", ActorKind.STATE, "RUS"),
        ("unknown supplier(s)", ActorKind.UNKNOWN, None),
        ("unknown recipient(s)", ActorKind.UNKNOWN, None),
        ("unknown rebel group*", ActorKind.NON_STATE, None),
        ("United Nations**", ActorKind.ORGANISATION, None),
        ("NATO**", ActorKind.ORGANISATION, None),
        ("African Union**", ActorKind.ORGANISATION, None),
    ],
)
def test_pitfall_names(name: str, kind: ActorKind, iso3: str | None) -> None:
    actor = classify(name)
    assert lookup(name) is not None, "must come from the table, not the fallback"
    assert actor.kind is kind
    assert actor.iso3 == iso3


def test_display_name_drops_markers_and_keeps_sipri_name() -> None:
    actor = classify("  Hezbollah (Lebanon)*  ")
    assert actor.sipri_name == "Hezbollah (Lebanon)*"
    assert actor.name == "Hezbollah (Lebanon)"
    assert actor.region == "Middle East"
    assert classify("United Nations**").name == "United Nations"


def test_russia_is_not_the_soviet_union() -> None:
    assert "Soviet Union" in predecessors("Russia")
    assert predecessors("Soviet Union") == ()
    soviet, russia = classify("Soviet Union"), classify("Russia")
    assert soviet.iso3 != russia.iso3
    assert soviet.kind is ActorKind.HISTORICAL_STATE and russia.kind is ActorKind.STATE
    assert predecessors("Serbia") == ("Yugoslavia",)
    assert predecessors("Czechia") == ("Czechoslovakia",)
    assert predecessors("Slovakia") == ("Czechoslovakia",)
    assert predecessors("Germany") == ("East Germany (GDR)",)
    assert predecessors("Atlantis") == ()
    for name in known_names():
        for pred in predecessors(name):
            assert classify(pred).kind is ActorKind.HISTORICAL_STATE


def test_state_rows_have_known_iso_codes_and_regions() -> None:
    for name in known_names():
        actor = classify(name)
        if actor.kind is ActorKind.STATE:
            assert actor.iso3 is not None and len(actor.iso3) == 3 and actor.iso3.isupper(), name
            if actor.iso3 != "XKX":  # Kosovo: user-assigned code, not in ISO 3166-1
                assert pycountry.countries.get(alpha_3=actor.iso3) is not None, name
        if actor.kind is ActorKind.HISTORICAL_STATE and actor.iso3 is not None:
            assert pycountry.historic_countries.get(alpha_3=actor.iso3) is not None, name
        if actor.kind in (ActorKind.STATE, ActorKind.HISTORICAL_STATE):
            assert actor.region in SIPRI_SUBREGIONS, name
            assert actor.subregion in SIPRI_SUBREGIONS[actor.region], name
        if actor.kind in (ActorKind.ORGANISATION, ActorKind.UNKNOWN):
            assert (actor.iso3, actor.region, actor.subregion) == (None, None, None), name


def test_markers_agree_with_kinds() -> None:
    for name in known_names():
        kind = classify(name).kind
        if name.endswith("**"):
            assert kind is ActorKind.ORGANISATION, name
        elif name.endswith("*"):
            assert kind is ActorKind.NON_STATE, name
        elif name.startswith("unknown"):
            assert kind is ActorKind.UNKNOWN, name


@pytest.mark.parametrize(
    ("name", "region", "subregion"),
    [
        ("Turkiye", "Middle East", None),
        ("Egypt", "Middle East", None),
        ("Algeria", "Africa", "North Africa"),
        ("Armenia", "Europe", "Eastern Europe"),
        ("Ukraine", "Europe", "Eastern Europe"),
        ("Afghanistan", "Asia and Oceania", "South Asia"),
        ("Kazakhstan", "Asia and Oceania", "Central Asia"),
        ("Mexico", "Americas", "Central America and the Caribbean"),
        ("Soviet Union", "Europe", "Eastern Europe"),
    ],
)
def test_sipri_regions(name: str, region: str, subregion: str | None) -> None:
    actor = classify(name)
    assert (actor.region, actor.subregion) == (region, subregion)


def test_unseen_names_fall_back_without_raising() -> None:
    atlantis = classify("Atlantis")
    assert atlantis.kind is ActorKind.STATE and atlantis.iso3 is None
    group = classify("New Group (Chad)*")
    assert group.kind is ActorKind.NON_STATE
    assert group.name == "New Group (Chad)"
    assert group.iso3 == "TCD"
    org = classify("Some Org**")
    assert org.kind is ActorKind.ORGANISATION and org.iso3 is None
    assert classify("unknown seller").kind is ActorKind.UNKNOWN
    assert classify("").kind is ActorKind.UNKNOWN
    # A plain name only pycountry knows: a state, with the table's region for that code.
    iceland = classify("Republic of Iceland")
    assert lookup("Republic of Iceland") is None
    assert (iceland.kind, iceland.iso3, iceland.region) == (ActorKind.STATE, "ISL", "Europe")


def test_is_state_counts_current_and_historical_states_only() -> None:
    assert is_state(ActorKind.STATE) and is_state("state")
    assert is_state(classify("Soviet Union").kind)  # a state in its years
    for kind in (ActorKind.NON_STATE, ActorKind.ORGANISATION, ActorKind.UNKNOWN):
        assert not is_state(kind)
    assert not is_state(classify("Hezbollah (Lebanon)*").kind)
    assert not is_state(classify("unknown recipient(s)").kind)


# --- states as text mentions them (data/actor_names.csv) -------------------------------------


def _actor_names_rows() -> list[dict[str, str]]:
    from importlib.resources import files

    text = files("armsledger.data").joinpath("actor_names.csv").read_text(encoding="utf-8")
    return list(csv.DictReader(text.splitlines()))


def test_actor_names_rows_are_valid() -> None:
    from armsledger.actors import NAME_KINDS, is_iso3

    rows = _actor_names_rows()
    assert rows and {r["kind"] for r in rows} == set(NAME_KINDS)
    for r in rows:
        assert r["name"] == r["name"].strip() and r["name"]
        if r["kind"] == "region":
            assert r["iso3"] == "", r
        else:
            assert is_iso3(r["iso3"]) and r["iso3"] == r["iso3"].upper(), r
    seen = [(r["name"], r["kind"]) for r in rows]
    assert len(seen) == len(set(seen)), "a name is listed twice with the same kind"


def test_text_names_and_mentions() -> None:
    from armsledger.actors import adjective, mention_re, text_names

    names = text_names()
    assert names["Russia"] == names["Moscow"] == names["Russian"] == "RUS"
    assert names["United Kingdom"] == names["Britain"] == "GBR"
    assert names["Türkiye"] == "TUR" and names["Kosovo"] == "XKX"  # from the actor table
    assert names["Middle East"] is None and names["Soviet"] is None
    found = [m[0] for m in mention_re().finditer(
        "South Korean and US-made arms reached the Middle East; a Moscow-based firm and "
        "Russian-language media (Russia) disagreed. Americans, not America, spoke.")]
    assert found == ["South Korean", "US-made", "Middle East", "Russia", "America"]
    assert adjective("USA") == "US" and adjective("ISR") == "Israeli"
    assert adjective("KOR") == "South Korean" and adjective(None) is None
    assert adjective("XKX") is None


def test_pycountry_is_imported_lazily() -> None:
    import subprocess
    import sys

    code = ("import sys, armsledger.actors, armsledger.sources.embargo_table; "
            "print('pycountry' in sys.modules)")
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True,
                         check=True)
    assert out.stdout.strip() == "False"
