"""armsledger: measure a state's arms-export system from public data and check claims about it.

``lg = armsledger.open()`` gives the Python API (:class:`armsledger.session.Ledger`).
"""

from __future__ import annotations

from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from armsledger.session import Ledger

__version__ = "0.1.0"

SIPRI_CITATION = (
    "SIPRI Arms Transfers Database, Stockholm International Peace Research Institute, "
    "https://www.sipri.org/databases/armstransfers"
)
"""SIPRI asks to be cited: every output showing SIPRI data carries this (plus the release)."""

EMBARGO_CITATION = (
    "SIPRI Arms Embargoes Database, Stockholm International Peace Research Institute (SIPRI), "
    "https://www.sipri.org/databases/embargoes"
)
"""The reference database to cite for embargo data (the bundled rows cite their own pages)."""

TIV_UNIT = "TIV, millions"
"""SIPRI trend-indicator values are a volume measure, not money; every TIV figure is labelled so."""


def open(path: str | None = None, *, read_only: bool = False) -> Ledger:  # noqa: A001
    """Open armsledger's database for Python use: ``lg = armsledger.open()``.

    ``path`` defaults to ``$ARMSLEDGER_DB``, else the per-user data directory (as the CLI);
    the bundled data is loaded on first use. See :mod:`armsledger.session`.
    """
    from armsledger.session import open_ledger

    return open_ledger(path, read_only=read_only)
