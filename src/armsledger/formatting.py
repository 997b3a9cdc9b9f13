"""How a TIV figure is written as text: one rule for the command line, the report and the
dashboard, so the same figure reads the same everywhere (232, not 232.40 in one place and 232
in another).

TIV is SIPRI's trend-indicator value (TIV, millions), a volume measure: a plain number, never
money. The rule is the dashboard's (:func:`armsledger.web.tables.fmt_tiv`): whole numbers with
thousands separators, one decimal below 10 so that small deliveries do not read as 0. Only the
mark for a missing value differs by face (the dashboard prints an en dash; text output a
hyphen, which every terminal and log shows).
"""

from __future__ import annotations


def fmt_tiv(value: float | None, missing: str = "-") -> str:
    """'10,547', '892', '2.5', '0': whole numbers, one decimal when 0 < |value| < 10."""
    if value is None:
        return missing
    if value != 0 and abs(value) < 10:
        return f"{value:,.1f}"
    return f"{value:,.0f}"


def fmt_tiv_change(value: float | None, missing: str = "-") -> str:
    """A difference of TIV with its sign, by the same rule: '+761', '-0.4', '0'."""
    if value is None:
        return missing
    if value == 0:
        return "0"
    if abs(value) < 10:
        return f"{value:+,.1f}"
    return f"{value:+,.0f}"
