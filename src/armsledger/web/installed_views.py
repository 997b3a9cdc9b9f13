"""Tables and charts of the installed-base pages (``/base``, ``/dependence``): presentation of
:mod:`armsledger.analysis.installed_base` and :mod:`armsledger.analysis.licensed` results (as
dicts); every figure links to the deals behind it, every page states its assumptions."""

from __future__ import annotations

from typing import Any

from armsledger import TIV_UNIT
from armsledger.web import specs
from armsledger.web.tables import Column, Table
from armsledger.web.urls import actor_url, deals_url

Row = dict[str, Any]


def _deals(release: str) -> Any:
    def link(r: Row) -> str | None:
        return deals_url(ids=r.get("deal_ids") or [], release=release)
    return link


def _range(r: Row, measure: str) -> Row:
    """The sensitivity of a share: 'low-high' over service lives -10 and +10 years."""
    lo, hi = r.get(f"{measure}_share_pct_life_minus_10"), r.get(f"{measure}_share_pct_life_plus_10")
    if lo is None or hi is None:
        return {**r, f"{measure}_range": "–"}
    a, b = sorted((lo, hi))
    return {**r, f"{measure}_range": f"{a:.1f}-{b:.1f}"}


def life_table(data: Row) -> Table:
    rows = [{"category": x["category"], "years": x["years"], "source": x["source"],
             "basis": x["basis"]} for x in data["service_life"]]
    return Table("service_life", "Service lives assumed", [
        Column("category", "Category"), Column("years", "Years", "int"),
        Column("source", "Source"), Column("basis", "Why")], rows, unit=None,
        note="armsledger's assumptions, not data: change them with the form above "
             "(e.g. aircraft=40). Missiles have none: they are consumed and reported apart.")


def share_columns(release: str, *, who: str = "recipient") -> list[Column]:
    deals = _deals(release)
    return [Column(who, who.capitalize(), "nowrap"), Column("category", "Category"),
            Column("origin", "Origin"),
            Column("units", "Units in service", "int"),
            Column("units_share_pct", "Share of units, %", "pct"),
            Column("units_range", "Units share, life ±10 y"),
            Column("tiv", f"TIV in service ({TIV_UNIT})", "tiv", link=deals),
            Column("tiv_share_pct", "Share of TIV, %", "pct"),
            Column("tiv_range", "TIV share, life ±10 y")]


def recipient_tables(data: Row) -> list[Table]:
    """The tables of :class:`~armsledger.analysis.installed_base.InstalledBase`."""
    release = data["release"]
    deals = _deals(release)
    shares = [_range(_range(r, "units"), "tiv") for r in data["shares"]]
    share_table = Table(
        "shares", f"Shares of the in-service base by origin, {data['as_of']}",
        share_columns(release), shares,
        note="Per recipient and category (and all categories together), each origin's part of "
             "the units and of the TIV still counted in service. 'life ±10 y': the same share "
             "with every service life 10 years shorter and longer.")
    rows = [{**r, "years": _years(r["delivery_years"]),
             "flags": ", ".join(f for f, on in (("licensed", r["licensed"]),
                                                ("second-hand", r["second_hand"])) if on)}
            for r in data["rows"]]
    base = Table("rows", f"In service in {data['as_of']} by designation", [
        Column("recipient", "Recipient", "nowrap"), Column("origin", "Origin"),
        Column("supplier", "Supplier", show=False), Column("category", "Category"),
        Column("designation", "Designation"), Column("description", "Description"),
        Column("flags", "Flags"), Column("units", "Units", "int"),
        Column("tiv", TIV_UNIT, "tiv", link=deals), Column("years", "Delivered"),
        Column("counted_until", "Counted until", "int")], rows,
        note="'licensed': built by the recipient under licence to the supplier's design, "
             "counted as the licensor's. 'Counted until': the last year any of these units is "
             "counted (latest delivery + service life - 1).")
    missiles = Table("missiles", f"Missiles delivered {data['missile_window']} (apart: "
                     "consumed, not installed)", _delivered_columns(release),
                     [{**r, "years": _years(r["delivery_years"])} for r in data["missiles"]])
    unknown = Table("uncategorised", "Deliveries without a known category (not in the base)",
                    _delivered_columns(release),
                    [{**r, "years": _years(r["delivery_years"])}
                     for r in data["uncategorised"]], empty="None.")
    return [share_table, base, missiles, unknown, life_table(data)]


def _delivered_columns(release: str) -> list[Column]:
    return [Column("recipient", "Recipient", "nowrap"), Column("origin", "Origin"),
            Column("category", "Category"), Column("designation", "Designation"),
            Column("description", "Description"), Column("units", "Units", "int"),
            Column("tiv", TIV_UNIT, "tiv", link=_deals(release)),
            Column("years", "Delivered")]


def _years(years: list[int]) -> str:
    from armsledger.analysis.register_view import year_ranges

    return year_ranges(years)


def stack_chart(data: Row, recipient: str, measure: str = "tiv") -> dict[str, Any]:
    """Stacked bars by category and origin for one recipient."""
    rows = [{**r, "href": deals_url(ids=r["deal_ids"], release=data["release"])}
            for r in data["shares"] if r["recipient"] == recipient]
    what = "TIV" if measure == "tiv" else "units"
    return specs.origin_stack_spec(
        rows, title=f"{recipient}: estimated in-service base by origin, {data['as_of']}",
        measure=measure, release=data["release"],
        subtitle=[f"Share of each category's {what} still counted in service; missiles "
                  "are consumed and not shown.",
                  "Service lives assumed per category; SIPRI records deliveries, not "
                  "retirements."])


def dependence_columns(release: str, who: str) -> list[Column]:
    deals = _deals(release)
    return [Column("recipient", who, "nowrap",
                   link=lambda r: actor_url("importer", r["recipient"], release=release)),
            Column("category", "Category"),
            Column("origin_units", "Units of the origin", "int"),
            Column("total_units", "All units", "int"),
            Column("units_share_pct", "Share of units, %", "pct"),
            Column("units_range", "Units share, life ±10 y"),
            Column("origin_tiv", f"TIV of the origin ({TIV_UNIT})", "tiv", link=deals),
            Column("total_tiv", f"All TIV ({TIV_UNIT})", "tiv"),
            Column("tiv_share_pct", "Share of TIV, %", "pct"),
            Column("tiv_range", "TIV share, life ±10 y"),
            Column("majority", "Majority (TIV)"),
            Column("largest_origin", "Largest origin (TIV)")]


def dependence_rows(rows: list[Row]) -> list[Row]:
    return [{**_range(_range(r, "units"), "tiv"),
             "majority": "yes" if r["majority_tiv"] else "no"} for r in rows]


def supplier_table(data: Row) -> Table:
    return Table(
        "rows", f"In-service base of {data['origin']} designs by recipient, {data['as_of']}",
        dependence_columns(data["release"], "Recipient"), dependence_rows(data["rows"]),
        note="For each recipient, the units and TIV of the origin's designs still counted in "
             "service and their share of the recipient's whole in-service base (all "
             "categories, missiles apart).")


def dependence_table(data: Row) -> Table:
    return Table(
        "rows", f"Dependence on {data['origin']} designs in {data['group']}, {data['as_of']}",
        dependence_columns(data["release"], "State"), dependence_rows(data["rows"]),
        note="Per member state and category: the origin's share of the in-service base; "
             "'Majority': over 50% of the TIV. Each TIV figure links to its deals.")


def licensed_table(data: Row) -> Table:
    release = data["release"]
    rows = [{**r, "categories_text": ", ".join(r["categories"])} for r in data["by_licensee"]]
    return Table("licensed", f"Licensed and local production, {data['period']}", [
        Column("licensee", "Licensee", "nowrap"), Column("deals", "Deals", "int"),
        Column("units_in_period", "Units in the period", "int"),
        Column("tiv_in_period", TIV_UNIT, "tiv", link=_deals(release)),
        Column("categories_text", "Categories")], rows, note=data["note"],
        empty="No licensed or local production of these designs in the period.")


def second_hand_table(data: Row) -> Table:
    release = data["release"]
    rows = [{**r, "years": _years(r["delivery_years"]), "deal_ids": [r["deal_id"]]}
            for r in data["rows"]]
    return Table("second_hand", f"Second-hand {data['origin']} designs re-exported by third "
                 f"parties, {data['period']}", [
                     Column("supplier", "Re-exporter", "nowrap"),
                     Column("recipient", "Recipient", "nowrap"),
                     Column("designation", "Designation"), Column("category", "Category"),
                     Column("units", "Units", "int"),
                     Column("tiv", TIV_UNIT, "tiv", link=_deals(release)),
                     Column("years", "Delivered"), Column("basis", "Basis"),
                     Column("evidence", "Evidence", "long")], rows,
                 note=f"Rule: {data['rule']}. Left out as ambiguous: {data['ambiguous']} "
                      "deals.", empty="None found under the rule.")
