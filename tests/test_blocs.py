"""Dated bloc membership table (armsledger.blocs)."""

from __future__ import annotations

import csv
import io
from collections import defaultdict
from importlib.resources import files

import pycountry
import pytest

from armsledger.blocs import BLOCS, blocs_of, members, membership_table

HEADER = ["bloc", "iso3", "member", "start_year", "end_year", "note"]


def _csv_rows() -> list[dict[str, str]]:
    text = files("armsledger.data").joinpath("blocs.csv").read_text(encoding="utf-8")
    reader = csv.DictReader(io.StringIO(text))
    assert reader.fieldnames == HEADER
    return list(reader)


def test_csv_rows_are_well_formed() -> None:
    rows = _csv_rows()
    assert rows
    for row in rows:
        assert row["bloc"] in BLOCS, row
        assert row["member"].strip(), row
        start = int(row["start_year"])
        assert 1949 <= start <= 2026, row
        if row["end_year"]:
            assert start <= int(row["end_year"]) <= 2026, row


def test_iso3_codes_are_iso_3166_1() -> None:
    for bloc, iso3, _, _ in membership_table():
        assert pycountry.countries.get(alpha_3=iso3) is not None, (bloc, iso3)


def test_start_not_after_end() -> None:
    for bloc, iso3, start, end in membership_table():
        assert end is None or start <= end, (bloc, iso3, start, end)


def test_no_overlapping_spells() -> None:
    spells: dict[tuple[str, str], list[tuple[int, int | None]]] = defaultdict(list)
    for bloc, iso3, start, end in membership_table():
        spells[bloc, iso3].append((start, end))
    for key, periods in spells.items():
        periods.sort()
        for (_, end), (next_start, _) in zip(periods, periods[1:], strict=False):
            assert end is not None and end < next_start, (key, periods)


def test_table_matches_csv() -> None:
    rows = _csv_rows()
    table = membership_table()
    assert len(table) == len(rows)
    assert {bloc for bloc, *_ in table} == set(BLOCS)
    assert BLOCS == tuple(sorted(BLOCS))


def test_nato() -> None:
    assert "FIN" in members("NATO", 2023)
    assert "SWE" not in members("NATO", 2023)
    assert "SWE" in members("NATO", 2024)
    assert len(members("NATO", 2024)) == 32
    assert len(members("NATO", 1949)) == 12
    assert "FRA" in members("NATO", 1980)  # left the integrated command only
    assert "DEU" not in members("NATO", 1954)


def test_eu() -> None:
    assert "GBR" in members("EU", 2020)
    assert "GBR" not in members("EU", 2021)
    assert len(members("EU", 2021)) == 27
    assert len(members("EU", 2015)) == 28
    assert len(members("EU", 1958)) == 6
    assert "HRV" not in members("EU", 2012)


def test_csto() -> None:
    assert "UZB" not in members("CSTO", 2005)
    assert "UZB" in members("CSTO", 2010)
    assert "UZB" not in members("CSTO", 2013)
    assert "ARM" in members("CSTO", 2025)  # frozen participation, not withdrawn
    assert members("CSTO", 2024) == {"ARM", "BLR", "KAZ", "KGZ", "RUS", "TJK"}
    assert not members("CSTO", 1993)


def test_cis() -> None:
    assert "GEO" in members("CIS", 2008)
    assert "GEO" not in members("CIS", 2009)
    assert "TKM" in members("CIS", 2004)
    assert "TKM" not in members("CIS", 2005)
    assert "MDA" in members("CIS", 2025)
    assert "UKR" not in members("CIS", 2018)
    assert "AZE" not in members("CIS", 1992)


def test_brics() -> None:
    assert len(members("BRICS", 2023)) == 5
    assert len(members("BRICS", 2024)) == 9
    assert len(members("BRICS", 2025)) == 10
    assert "SAU" not in members("BRICS", 2025)
    assert members("BRICS", 2009) == {"BRA", "CHN", "IND", "RUS"}


def test_blocs_of() -> None:
    assert blocs_of("RUS", 2020) == ("BRICS", "CIS", "CSTO")
    assert blocs_of("rus", 2020) == ("BRICS", "CIS", "CSTO")
    assert blocs_of("FRA", 2020) == ("EU", "NATO")
    assert blocs_of("CHE", 2020) == ()


def test_bloc_names_are_case_insensitive() -> None:
    assert members("nato", 2024) == members("NATO", 2024)
    assert members("Brics", 2024) == members("BRICS", 2024)


def test_unknown_bloc_raises() -> None:
    with pytest.raises(ValueError, match="known blocs: BRICS, CIS, CSTO, EU, NATO"):
        members("SCO", 2020)


def test_members_returns_frozenset() -> None:
    assert isinstance(members("EU", 2020), frozenset)
