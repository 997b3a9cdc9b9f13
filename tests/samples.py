"""Test helpers: paths to the real SIPRI files, their in-repo excerpts, small made-up files.

A module of its own (not conftest.py) so tests import it unambiguously.
"""

from __future__ import annotations

import os
from pathlib import Path

import pytest

REPO = Path(__file__).resolve().parents[1]
SHARED_DATA = Path(os.environ.get("ARMSLEDGER_SHARED_DATA", REPO.parent / "shared" / "data"))
"""The read-only real data beside the project (CI lays ../shared next to the clone)."""

DELIVERY_YEAR_2026 = "sipri_atdb_newformat_2026/trade_register.csv"
REGISTER_2025 = "sipri_trade_register_2025/trade-register.csv"
REGISTER_2025_DELIVERIES = "sipri_trade_register_2025_deliveries/trade-register.csv"
REGISTER_2024 = "sipri_2024_release_mjhofmann/trade-register.csv"
TIV_IMPORTS_2024 = "sipri_2024_release_mjhofmann/import-export-values_1950-2024.csv"
TIV_EXPORTS_2024 = "sipri_2024_release_mjhofmann/import-export-values_1950-2024_1950-2024.csv"


def shared(rel: str) -> Path:
    """A real data file, for the tests that check the real files themselves.

    Without the real data folder (a clone on its own, without ../shared) the test is
    skipped: the excerpts under tests/data/sipri cover the readers. With the folder there,
    a missing file is a broken checkout, so the test fails rather than skips.
    """
    if not SHARED_DATA.is_dir():
        pytest.skip(f"real SIPRI data not found at {SHARED_DATA}; set ARMSLEDGER_SHARED_DATA")
    path = SHARED_DATA / rel
    if not path.exists():
        pytest.fail(f"real SIPRI sample missing: {path} (set ARMSLEDGER_SHARED_DATA)")
    return path


# --- excerpts of the real files, in the repository (tests/data/sipri/SOURCE.md) -------------

EXCERPTS = Path(__file__).resolve().parent / "data" / "sipri"
"""Small excerpts of the real files, bytes unchanged, so reader tests run without ../shared."""

DELIVERY_YEAR_2026_EXCERPT = EXCERPTS / "delivery-year-2026-02.csv"
REGISTER_2025_EXCERPT = EXCERPTS / "trade-register-2025.csv"
REGISTER_2025_DELIVERIES_EXCERPT = EXCERPTS / "trade-register-2025-deliveries.csv"
REGISTER_2024_EXCERPT = EXCERPTS / "trade-register-2024-10.csv"
TIV_IMPORTS_2024_EXCERPT = EXCERPTS / "tiv-imports-2024-10.csv"
TIV_EXPORTS_2024_EXCERPT = EXCERPTS / "tiv-exports-2024-10.csv"
EMBARGOES_EXCERPT = EXCERPTS / "embargoes.csv"


# --- small files in the real formats --------------------------------------------------------

DY_PREAMBLE = [
    "Transfers of major conventional arms from All countries  to All countries . Deals with "
    "deliveries made for the year range '1995' to '2025'",
    "A '?' in a column indicates uncertain data.",
    "An empty field for 'Number ordered' indicates that data is not yet available.",
    "SIPRI trend-indicator values (TIVs) are in millions.",
    "An empty field for 'SIPRI TIV for total order' indicates that data is not available.",
    "A '0' for 'SIPRI TIV of delivered weapons' indicates a volume between 0 and 0.5.",
    "Figures may not add up to stated totals due to the conventions of rounding.",
    "For the method see <https://www.sipri.org/databases/armstransfers/sources-and-methods>.",
    "",
    "Source: SIPRI Arms Transfers Database (c) SIPRI.",
    "Data generated: 12 Feb 2026 12:26:12 PM",
]
DY_HEADER = (
    "SIPRI AT Database ID,Supplier,Recipient,Designation,Description,Armament category,"
    "Order date,Order date is estimate,Numbers delivered,Numbers delivered is estimate,"
    "Delivery year,Delivery year is estimate,Status,SIPRI estimate,TIV deal unit,"
    "TIV delivery values,Local production"
)
DY_ROWS = [
    # deal, supplier, recipient, designation, description, category, order, est, n, est,
    # year, est, status, new unit, unit, tiv, local
    "100,Russia,India,Su-30MK,FGA aircraft,Aircraft,2000,No,10,No,2002,No,New,50,50,500,No",
    "100,Russia,India,Su-30MK,FGA aircraft,Aircraft,2000,No,12,Yes,2003,No,New,50,50,600,No",
    "101,Russia,Algeria,T-90S,tank,Armoured vehicles,2005,Yes,20,No,2006,Yes,New,4,4,80,Yes",
    "102,Soviet Union,India,MiG-29,FGA aircraft,Aircraft,1999,No,1,No,1999,No,Second hand,"
    "20,8,8,No",
    "103,France,India,Rafale,FGA aircraft,Aircraft,2016,No,4,No,2020,No,New,80,80,320,No",
    "104,unknown supplier(s),Hezbollah (Lebanon)*,Kornet,anti-tank missile,Missiles,2004,Yes,"
    "50,Yes,2006,Yes,New,0.1,0.1,5,No",
]


def delivery_year_text(rows: list[str] | None = None, *, preamble: bool = True) -> str:
    """A delivery-year export as SIPRI writes it: CRLF and ';' at every line end."""
    lines = (DY_PREAMBLE if preamble else []) + [DY_HEADER] + (DY_ROWS if rows is None else rows)
    return "".join(f"{line};\r\n" for line in lines)


REG_HEADER = (
    "Recipient,Supplier,Year of order, ,Number ordered, ,Weapon designation,Weapon description,"
    "Number delivered, ,Year(s) of delivery,status,Comments,SIPRI TIV per unit,"
    "SIPRI TIV for total order,SIPRI TIV of delivered weapons"
)
REG_ROWS = [
    "India,Russia,2000,,30,,Su-30MK,FGA aircraft,30,?,2002; 2003; 2004,New,,50,1500,1500",
    "Algeria,Russia,2005,?,20,,T-90S,tank,20,,2006,New,Produced under licence in Algeria,4,80,80",
    "India,Russia,2019,,10,,S-400,SAM system,0,,,New,Not yet delivered,100,1000,",
    "India,Soviet Union,1985,,5,,MiG-29,FGA aircraft,5,,1987; 1988,Second hand,,8,40,40",
]


def register_text(rows: list[str] | None = None, *, preamble: bool = False) -> str:
    lines = (DY_PREAMBLE if preamble else []) + [REG_HEADER] + (REG_ROWS if rows is None
                                                                else rows)
    return "\n".join(lines) + "\n"
