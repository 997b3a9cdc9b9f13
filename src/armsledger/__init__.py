"""armsledger: measure a state's arms-export system from public data and check claims about it."""

__version__ = "0.1.0"

SIPRI_CITATION = (
    "SIPRI Arms Transfers Database, Stockholm International Peace Research Institute, "
    "https://www.sipri.org/databases/armstransfers"
)
"""SIPRI asks to be cited: every output showing SIPRI data carries this (plus the release)."""

TIV_UNIT = "TIV, millions"
"""SIPRI trend-indicator values are a volume measure, not money; every TIV figure is labelled so."""
