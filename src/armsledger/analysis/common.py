"""SIPRI's conventions for every figure: shares, changes and the citation.

Method (SIPRI's, as in its annual fact sheets):
- a volume is the sum of delivered TIV by delivery year over an inclusive year range;
- a share is an actor's TIV over the world total of the same period, the world total counting
  every supplier (states, non-state actors, organisations and unknown suppliers);
- a change is ``(this period / compare period - 1) * 100``;
- 'states' are states (current or historical, see :data:`armsledger.actors.STATE_KINDS`);
  non-state actors, organisations and unknown actors are reported separately, never counted;
- TIV is not money: every result carries ``unit = "TIV, millions"``.
"""

from __future__ import annotations

from armsledger.citation import source_note

__all__ = ["change_pct", "share_pct", "source_note"]


def share_pct(part: float | None, whole: float | None) -> float | None:
    if part is None or not whole:
        return None
    return 100.0 * part / whole


def change_pct(now: float | None, before: float | None) -> float | None:
    """``(now / before - 1) * 100``; None when the compare period has no volume."""
    if now is None or not before:
        return None
    return (now / before - 1.0) * 100.0
