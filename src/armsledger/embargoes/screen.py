"""Embargo screening: deliveries that went to a target of an arms embargo in force at the time.

Every delivery (one deal, one SIPRI delivery year, its TIV) of a release is matched against the
embargo table (:mod:`armsledger.embargoes.reference`). The rules:

**Matching a delivery to an embargo row.** The delivery year lies within the row's
[start year, end year] (an empty end = still in force), and the recipient is covered:

* ``state``: a state (current or historical, :data:`~armsledger.actors.STATE_KINDS`) whose ISO3
  is in ``target_iso3``, and also the non-state actors located there (SIPRI's ``*`` actors with
  that ISO3): a state-wide embargo covers every recipient in the country;
* ``non-state actors in state``: non-state actors located there only, not the government
  (UN Lebanon 2006 applies to ``Hezbollah (Lebanon)*``, not to ``Lebanon``);
* ``state and non-state``: both;
* ``group``: non-state actors located in ``target_iso3`` only. A group row without a location
  (Al-Qaida/ISIL lists) cannot be matched to SIPRI's actors and is reported as not screened,
  never guessed.

Organisations (``**``) and unknown recipients have no location and never match. SIPRI's
historical state ``Yugoslavia`` (YUG) matches the rows that name any of its successor states
(:data:`HISTORICAL_SUCCESSORS`): the embargo rows list successors, not YUG. A row whose target
is *exports from* the target (UN-IRN-2007: arms exports from Iran) is not about deliveries to
it and is reported as not screened.

**Who is bound** (the hit's ``status``):

* ``bound``: a mandatory UN Security Council embargo binds every supplier; an EU embargo binds
  a supplier that was an EU member state in the delivery year (:func:`armsledger.blocs.members`:
  a state is bound only from its accession year, the United Kingdom through 2020);
* ``not bound``: an EU embargo and a supplier that was not an EU member that year (Russia,
  Bulgaria before 2007, a non-state or unknown supplier): listed separately, never as a breach;
* ``non-mandatory``: a non-mandatory UN embargo (ids ``UN-NM-``): a call on states;
* ``regional``: another body's embargo (OSCE, ECOWAS, Arab League, AU) binds that body's
  members; membership of these bodies is not checked, so the status is reported as is.

**Caveats** on every hit (each string starts with one of these phrases):
``boundary year`` (the delivery year is the embargo's start or end year: SIPRI gives years, the
embargo exact dates), ``ordered before the embargo`` (the deal's order year is before the start
year), ``partial scope: check the notes`` (with the row's notes), ``exemptions or
suspension: check the notes`` (a full-scope row whose notes mention exemptions, approval or
notification procedures, e.g. supplies to government forces, or a suspension; with the
notes), ``licensed production`` (the deal is produced under licence in the recipient country),
``non-mandatory``, ``regional``,
``not bound``, ``group target``, ``historical state``, ``supplier not a state``, ``estimated
delivery year`` (SIPRI marks the year as an estimate) and ``estimated yearly TIV`` (a register's
deal total split over its delivery years).

TIV is SIPRI's trend-indicator value, a volume measure in millions, not money.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from typing import Any

import polars as pl

from armsledger import TIV_UNIT
from armsledger.actors import STATE_KINDS, ActorTable
from armsledger.analysis.common import share_pct, source_note
from armsledger.blocs import members, membership_table
from armsledger.embargoes.reference import Embargo, EmbargoTable, active_table
from armsledger.embargoes.results import Screening
from armsledger.errors import BadPeriodError
from armsledger.periods import Coverage
from armsledger.query import FigureQuery
from armsledger.store import Release, Store

__all__ = [
    "CAVEATS",
    "HISTORICAL_SUCCESSORS",
    "STATUSES",
    "EmbargoSummary",
    "ScreenResult",
    "Screening",
    "SupplierSummary",
    "embargo_summary",
    "screen",
    "supplier_summary",
]

STATUSES: tuple[str, ...] = ("bound", "not bound", "non-mandatory", "regional")
"""Binding status of a hit, strongest first. Only ``bound`` hits are potential breaches."""

CAVEATS: tuple[str, ...] = (
    "boundary year",
    "ordered before the embargo",
    "partial scope: check the notes",
    "exemptions or suspension: check the notes",
    "licensed production",
    "non-mandatory",
    "regional",
    "not bound",
    "group target",
    "historical state",
    "supplier not a state",
    "estimated delivery year",
    "estimated yearly TIV",
)
"""The phrases every caveat string starts with."""

HISTORICAL_SUCCESSORS: dict[str, tuple[str, ...]] = {
    "YUG": ("BIH", "HRV", "MKD", "MNE", "SRB", "SVN"),
}
"""Historical states matched through their successors. SIPRI's ``Yugoslavia`` is the SFRY and,
from 1992, the Federal Republic of Yugoslavia (Serbia and Montenegro); the UN and EU
former-Yugoslavia rows (UN-YUG-1991, EU-YUG-1991, UN-FRY-1998) list successor codes, so YUG
matches a row that names any of them. The Soviet Union, Czechoslovakia, East Germany and South
Yemen are the target of no row and need no entry."""

_EXPORTS_FROM = re.compile(r"\bexports?\s+from\b", re.IGNORECASE)
_EXEMPTIONS = re.compile(
    r"exempt|approval|notif|allowed|permitted|subject to|derogation|suspen"
    r"|no longer appl",
    re.IGNORECASE,
)
"""Words in a row's notes that signal exemptions (approval/notification procedures, supplies
allowed to government forces) or a suspension."""

_HIT_SCHEMA = {
    "deal_id": pl.String,
    "supplier": pl.String,
    "recipient": pl.String,
    "year": pl.Int32,
    "tiv": pl.Float64,
    "embargo_id": pl.String,
    "imposed_by": pl.String,
    "target": pl.String,
    "basis": pl.String,
    "status": pl.String,
    "caveats": pl.List(pl.String),
    "order_year": pl.Int32,
    "designation": pl.String,
    "source_line": pl.Int64,
}


# -- the result ---------------------------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class ScreenResult:
    """Hits of one screen and their groupings (TIV, millions)."""

    release: Release
    table: EmbargoTable
    filters: dict[str, Any]
    coverage: Coverage
    hits: pl.DataFrame
    """One row per (delivery, embargo): deal_id, supplier, recipient, year, tiv, embargo_id,
    imposed_by, target, basis (legal basis), status, caveats (list), order_year, designation,
    source_line. Sorted by status (bound first), embargo, year, supplier."""
    by_embargo: pl.DataFrame
    """Per embargo and status: deliveries, deals, tiv, first_year, last_year, suppliers,
    recipients, deal_ids."""
    by_supplier: pl.DataFrame
    """Per supplier and status: deliveries, tiv (each delivery once, even when it matched two
    embargoes), embargo_ids, deal_ids."""
    not_screened: list[dict[str, str]] = field(default_factory=list)
    warnings: list[str] = field(default_factory=list)
    unit: str = TIV_UNIT

    def totals(self) -> dict[str, dict[str, Any]]:
        """Per status: distinct deliveries and their TIV (a delivery counts once per status)."""
        out: dict[str, dict[str, Any]] = {}
        for status in STATUSES:
            part = self.hits.filter(pl.col("status") == status).unique(
                ["deal_id", "year"], keep="first"
            )
            out[status] = {
                "deliveries": part.height,
                "tiv": _round(part["tiv"].sum()) if part.height else 0.0,
            }
        return out

    def to_dict(self, *, hits: bool = True) -> dict[str, Any]:
        """The documented JSON shape (see the README, 'screen --json')."""
        d: dict[str, Any] = {
            "release": self.release.name,
            "source": source_note(self.release),
            "coverage": {"first_year": self.coverage.first_year,
                         "last_year": self.coverage.last_year},
            "embargo_table": self.table.info(),
            "filters": self.filters,
            "unit": self.unit,
            "totals": self.totals(),
        }
        if hits:
            d["hits"] = [_hit_record(r, self.release) for r in self.hits.iter_rows(named=True)]
        d["by_embargo"] = _records(self.by_embargo)
        d["by_supplier"] = _records(self.by_supplier)
        d["not_screened"] = self.not_screened
        d["warnings"] = self.warnings
        return d

    def result(self) -> Screening:
        """The typed result (every hit), as the API returns it."""
        return Screening.model_validate(self.to_dict())


@dataclass(frozen=True, slots=True)
class SupplierSummary:
    """A supplier's deliveries in a period and the part that went to embargo targets."""

    supplier: str
    actors: list[str]
    period: str
    release: str
    total_tiv: float
    bound_tiv: float
    bound_share_pct: float | None
    by_status: list[dict[str, Any]]
    embargoes: list[dict[str, Any]]
    bound_deal_ids: list[str]
    warnings: list[str]
    unit: str = TIV_UNIT

    def to_dict(self) -> dict[str, Any]:
        return {
            "supplier": self.supplier, "actors": self.actors, "period": self.period,
            "release": self.release, "unit": self.unit, "total_tiv": self.total_tiv,
            "bound_tiv": self.bound_tiv, "bound_share_pct": self.bound_share_pct,
            "by_status": self.by_status, "embargoes": self.embargoes,
            "bound_deal_ids": self.bound_deal_ids, "warnings": self.warnings,
        }


@dataclass(frozen=True, slots=True)
class EmbargoSummary:
    """Every supplier that delivered to an embargo's target while it was in force."""

    embargo: Embargo
    screened: bool
    reason: str | None
    years: tuple[int, int] | None
    """Delivery years screened: the embargo's years within the release's coverage."""
    release: str
    total_tiv: float
    suppliers: list[dict[str, Any]]
    warnings: list[str]
    unit: str = TIV_UNIT

    def to_dict(self) -> dict[str, Any]:
        return {
            "embargo": self.embargo.to_dict(), "screened": self.screened, "reason": self.reason,
            "years": list(self.years) if self.years else None, "release": self.release,
            "unit": self.unit, "total_tiv": self.total_tiv, "suppliers": self.suppliers,
            "warnings": self.warnings,
        }


def _round(x: float | None) -> float | None:
    return None if x is None else round(float(x), 4)


def _records(frame: pl.DataFrame) -> list[dict[str, Any]]:
    out = frame.to_dicts()
    for r in out:
        if "tiv" in r:
            r["tiv"] = _round(r["tiv"])
    return out


def _hit_record(r: dict[str, Any], rel: Release) -> dict[str, Any]:
    return {
        "deal_id": r["deal_id"], "supplier": r["supplier"], "recipient": r["recipient"],
        "year": r["year"], "tiv": _round(r["tiv"]), "embargo_id": r["embargo_id"],
        "imposed_by": r["imposed_by"], "target": r["target"], "basis": r["basis"],
        "status": r["status"], "caveats": r["caveats"], "order_year": r["order_year"],
        "designation": r["designation"],
        "source": {"release": rel.name, "file": rel.source_file, "line": r["source_line"]},
    }


# -- rules ------------------------------------------------------------------------------------


def _not_screened_reason(e: Embargo) -> str | None:
    if not e.matchable:
        return ("group target without a location (listed persons or entities): it cannot be "
                "matched to SIPRI's actors, so it is not screened")
    if _EXPORTS_FROM.search(e.target):
        return ("the row restricts exports from the target, not deliveries to it; "
                "screening covers deliveries to targets")
    return None


def _recipient_codes(iso3: str | None) -> tuple[str, ...]:
    if not iso3:
        return ()
    return (iso3, *HISTORICAL_SUCCESSORS.get(iso3, ()))


def _covers(e: Embargo, kind: str | None) -> bool:
    """Does the row's target kind cover a recipient of this actor kind?"""
    is_state = kind in STATE_KINDS
    is_non_state = kind == "non_state"
    if e.target_kind in ("state", "state and non-state"):
        return is_state or is_non_state
    return is_non_state  # 'non-state actors in state', 'group'


def _eu_spells(iso3: str) -> list[tuple[int, int | None]]:
    return sorted((s, e) for b, c, s, e in membership_table() if b == "EU" and c == iso3)


def _eu_status(supplier: str, kind: str | None, iso3: str | None, year: int
               ) -> tuple[str, str | None]:
    if kind not in STATE_KINDS or not iso3:
        what = "not identified" if kind == "unknown" else "not a state"
        return "not bound", (f"not bound: {supplier} is {what}, so not an EU member state "
                             "bound by the EU embargo")
    if iso3 in members("EU", year):
        return "bound", None
    spells = _eu_spells(iso3)
    later = [s for s, _ in spells if s > year]
    earlier = [(s, e) for s, e in spells if e is not None and e < year]
    if later:
        when = f" (member from {later[0]})"
    elif earlier:
        when = f" (member {earlier[-1][0]}-{earlier[-1][1]})"
    else:
        when = ""
    return "not bound", f"not bound: {supplier} was not an EU member in {year}{when}"


def _status(e: Embargo, supplier: str, kind: str | None, iso3: str | None, year: int
            ) -> tuple[str, list[str]]:
    if e.imposed_by == "UN":
        if not e.mandatory:
            return "non-mandatory", ["non-mandatory: a UN call on states, not a binding "
                                     "embargo; not a violation"]
        return "bound", []
    if e.imposed_by == "EU":
        status, note = _eu_status(supplier, kind, iso3, year)
        return status, [note] if note else []
    return "regional", [f"regional: binds members of {e.imposed_by} (membership not checked "
                        "by armsledger); not reported as a violation"]


def _caveats(e: Embargo, row: dict[str, Any]) -> list[str]:
    out: list[str] = []
    year = row["year"]
    ends = [f"start year (in force from {e.start_date})"] if year == e.start_year else []
    if e.end_year is not None and year == e.end_year:
        ends.append(f"end year (in force until {e.end_date})")
    if ends:
        out.append(f"boundary year: {year} is the embargo's {' and '.join(ends)}; SIPRI gives "
                   "delivery years only, so the delivery may fall outside the embargo")
    order = row["order_year"]
    if order is not None and order < e.start_year:
        est = " (estimated)" if row["order_year_estimated"] else ""
        out.append(f"ordered before the embargo: ordered in {order}{est}, embargo from "
                   f"{e.start_date}")
    if e.scope == "partial":
        out.append(f"partial scope: check the notes: {e.notes or '(no notes)'}")
    elif e.notes and _EXEMPTIONS.search(e.notes):
        out.append(f"exemptions or suspension: check the notes: {e.notes}")
    if row["local_production"]:
        out.append("licensed production: SIPRI marks the deal as produced (partly) in the "
                   "recipient country")
    if e.target_kind == "group":
        out.append(f"group target: the embargo covers {e.target}; check that "
                   f"{row['recipient']} is among them")
    if row["recipient_iso3"] in HISTORICAL_SUCCESSORS:
        out.append(f"historical state: {row['recipient']} ({row['recipient_iso3']}) matched "
                   f"through its successor states ({', '.join(e.target_iso3)})")
    if e.imposed_by == "UN" and row["supplier_kind"] not in STATE_KINDS:
        out.append(f"supplier not a state: {row['supplier']} ({row['supplier_kind']}); UN "
                   "embargoes oblige states to prevent such supplies")
    if row["year_estimated"]:
        out.append("estimated delivery year: SIPRI marks the delivery year as an estimate")
    if row["split_estimated"]:
        out.append("estimated yearly TIV: the register gives a deal total, split evenly over "
                   "the delivery years")
    return out


# -- screening --------------------------------------------------------------------------------


def _names(store: Store, rel: Release, query: str | None) -> list[str] | None:
    return None if not query else ActorTable.of(store, rel).resolve(query)


def _deliveries(store: Store, rel: Release, suppliers: list[str] | None,
                recipients: list[str] | None, year_from: int | None, year_to: int | None
                ) -> pl.DataFrame:
    where = ["v.release_id = $r"]
    params: dict[str, Any] = {"r": rel.release_id}
    if suppliers is not None:
        where.append("d.supplier IN (SELECT unnest($s))")
        params["s"] = suppliers
    if recipients is not None:
        where.append("d.recipient IN (SELECT unnest($p))")
        params["p"] = recipients
    if year_from is not None:
        where.append("v.year >= $y0")
        params["y0"] = year_from
    if year_to is not None:
        where.append("v.year <= $y1")
        params["y1"] = year_to
    return store.query(
        f"""
        SELECT d.deal_id, d.supplier, d.recipient, d.order_year, d.order_year_estimated,
               d.local_production, d.designation, v.year, v.tiv,
               coalesce(v.year_estimated, false) AS year_estimated, v.split_estimated,
               v.source_line, ra.kind AS recipient_kind, ra.iso3 AS recipient_iso3,
               sa.kind AS supplier_kind, sa.iso3 AS supplier_iso3
        FROM deliveries v JOIN deals d USING (release_id, deal_id)
        LEFT JOIN actors ra ON ra.sipri_name = d.recipient
        LEFT JOIN actors sa ON sa.sipri_name = d.supplier
        WHERE {" AND ".join(where)}
        ORDER BY v.year, d.supplier, d.recipient, d.deal_id
        """,
        params,
    )


def screen(
    store: Store,
    supplier: str | None = None,
    recipient: str | None = None,
    year_from: int | None = None,
    year_to: int | None = None,
    embargo: str | None = None,
    release: str | None = None,
    *,
    table: str | None = None,
    query: FigureQuery | None = None,
) -> ScreenResult:
    """Every delivery that went to a target of an embargo in force in its delivery year.

    ``supplier``/``recipient`` are SIPRI names or ISO3 codes (a code means the state only, as
    everywhere in armsledger); years are inclusive delivery years; ``embargo`` restricts to one
    embargo id; ``release`` names a release (default: the newest with deliveries); ``table``
    names an embargo table (default: see :func:`~armsledger.embargoes.reference.active_table`).
    The rules are in this module's docstring. Nothing is written to the store except, on first
    use, the bundled embargo table. A :class:`~armsledger.query.FigureQuery` may give the
    supplier, recipient, years and release instead.
    """
    if query is not None:
        supplier, recipient, release = query.supplier, query.recipient, query.release
        year_from = query.period.start if query.period else query.year_from
        year_to = query.period.end if query.period else query.year_to
    if year_from is not None and year_to is not None and year_from > year_to:
        raise BadPeriodError(f"--from {year_from} is after --to {year_to}")
    rel = store.release(release, needs="deliveries")
    etable = active_table(store, table)
    embargoes = [etable.get(embargo)] if embargo else list(etable.embargoes)
    suppliers = _names(store, rel, supplier)
    recipients = _names(store, rel, recipient)
    not_screened = []
    by_code: dict[str, list[Embargo]] = {}
    for e in embargoes:
        reason = _not_screened_reason(e)
        if reason:
            not_screened.append({"embargo_id": e.embargo_id, "target": e.target,
                                 "reason": reason})
            continue
        for code in e.target_iso3:
            by_code.setdefault(code, []).append(e)
    deliveries = _deliveries(store, rel, suppliers, recipients, year_from, year_to)
    hits: list[dict[str, Any]] = []
    for row in deliveries.iter_rows(named=True):
        codes = _recipient_codes(row["recipient_iso3"])
        seen: set[str] = set()
        for code in codes:
            for e in by_code.get(code, ()):
                if e.embargo_id in seen or not e.in_force(row["year"]):
                    continue
                if not _covers(e, row["recipient_kind"]):
                    continue
                seen.add(e.embargo_id)
                status, notes = _status(e, row["supplier"], row["supplier_kind"],
                                        row["supplier_iso3"], row["year"])
                hits.append({
                    "deal_id": row["deal_id"], "supplier": row["supplier"],
                    "recipient": row["recipient"], "year": row["year"], "tiv": row["tiv"],
                    "embargo_id": e.embargo_id, "imposed_by": e.imposed_by,
                    "target": e.target, "basis": e.legal_basis, "status": status,
                    "caveats": notes + _caveats(e, row), "order_year": row["order_year"],
                    "designation": row["designation"], "source_line": row["source_line"],
                })
    order = {s: i for i, s in enumerate(STATUSES)}
    frame = pl.DataFrame(hits, schema=_HIT_SCHEMA)
    frame = (
        frame.with_columns(pl.col("status").replace_strict(order, return_dtype=pl.Int8)
                           .alias("_o"))
        .sort(["_o", "embargo_id", "year", "supplier", "recipient", "deal_id"])
        .drop("_o")
    )
    cov = store.coverage(rel)
    warnings = []
    lo = year_from if year_from is not None else cov.first_year
    hi = year_to if year_to is not None else cov.last_year
    if cov.first_year is not None and lo is not None and hi is not None and (
            lo < cov.first_year or hi > cov.last_year):
        warnings.append(f"release {rel.name} covers deliveries {cov.first_year}-"
                        f"{cov.last_year}; years outside it are absent, not zero")
    filters = {"supplier": supplier, "recipient": recipient, "from": year_from,
               "to": year_to, "embargo": embargo, "supplier_names": suppliers,
               "recipient_names": recipients}
    return ScreenResult(rel, etable, filters, cov, frame, _by_embargo(frame),
                        _by_supplier(frame), not_screened, warnings)


def _status_order() -> pl.Expr:
    return pl.col("status").replace_strict({s: i for i, s in enumerate(STATUSES)},
                                           return_dtype=pl.Int8)


def _by_embargo(hits: pl.DataFrame) -> pl.DataFrame:
    return (
        hits.group_by(["embargo_id", "imposed_by", "target", "basis", "status"])
        .agg(
            pl.len().alias("deliveries"),
            pl.col("deal_id").n_unique().alias("deals"),
            pl.col("tiv").sum().alias("tiv"),
            pl.col("year").min().alias("first_year"),
            pl.col("year").max().alias("last_year"),
            pl.col("supplier").unique().sort().alias("suppliers"),
            pl.col("recipient").unique().sort().alias("recipients"),
            pl.col("deal_id").unique().sort().alias("deal_ids"),
        )
        .with_columns(_status_order().alias("_o"))
        .sort(["_o", "tiv", "embargo_id"], descending=[False, True, False])
        .drop("_o")
    )


def _by_supplier(hits: pl.DataFrame) -> pl.DataFrame:
    ids = hits.group_by(["supplier", "status"]).agg(
        pl.col("embargo_id").unique().sort().alias("embargo_ids"),
        pl.col("deal_id").unique().sort().alias("deal_ids"),
    )
    once = (
        hits.unique(["supplier", "status", "deal_id", "year"], keep="first")
        .group_by(["supplier", "status"])
        .agg(pl.len().alias("deliveries"), pl.col("tiv").sum().alias("tiv"))
    )
    return (
        once.join(ids, on=["supplier", "status"])
        .with_columns(_status_order().alias("_o"))
        .sort(["_o", "tiv", "supplier"], descending=[False, True, False])
        .drop("_o")
        .select("supplier", "status", "deliveries", "tiv", "embargo_ids", "deal_ids")
    )


# -- summaries --------------------------------------------------------------------------------


def supplier_summary(
    store: Store,
    supplier: str,
    year_from: int | None = None,
    year_to: int | None = None,
    release: str | None = None,
    *,
    table: str | None = None,
) -> SupplierSummary:
    """The share of a supplier's delivered TIV in a period that went to targets of embargoes
    binding it (status ``bound``), and the TIV under each weaker status.

    The period defaults to the release's coverage. A delivery bound by two embargoes (e.g. the
    UN and the EU embargo on Libya) counts once in ``bound_tiv``; ``by_status`` counts each
    delivery once per status, so its rows may overlap.
    """
    result = screen(store, supplier=supplier, year_from=year_from, year_to=year_to,
                    release=release, table=table)
    rel, cov = result.release, result.coverage
    lo = year_from if year_from is not None else cov.first_year
    hi = year_to if year_to is not None else cov.last_year
    names = result.filters["supplier_names"]
    total = store.query(
        """SELECT coalesce(sum(v.tiv), 0) AS t FROM deliveries v JOIN deals d
           USING (release_id, deal_id) WHERE v.release_id = $r
           AND d.supplier IN (SELECT unnest($s)) AND v.year BETWEEN $a AND $b""",
        {"r": rel.release_id, "s": names, "a": lo, "b": hi},
    )["t"][0]
    totals = result.totals()
    bound = totals["bound"]["tiv"]
    by_status = [
        {"status": s, "deliveries": v["deliveries"], "tiv": v["tiv"],
         "share_pct": _round(share_pct(v["tiv"], total))}
        for s, v in totals.items()
    ]
    embargoes = [
        {k: r[k] for k in ("embargo_id", "imposed_by", "target", "status", "deliveries", "tiv",
                           "first_year", "last_year", "recipients", "deal_ids")}
        for r in _records(result.by_embargo)
    ]
    bound_ids = sorted(set(result.hits.filter(pl.col("status") == "bound")["deal_id"]))
    period = f"{lo}-{hi}" if lo != hi else str(lo)
    return SupplierSummary(supplier, names or [], period, rel.name, _round(total) or 0.0,
                           bound, _round(share_pct(bound, total)), by_status, embargoes,
                           bound_ids, result.warnings)


def embargo_summary(
    store: Store, embargo_id: str, release: str | None = None, *, table: str | None = None
) -> EmbargoSummary:
    """Every supplier that delivered to the embargo's target while it was in force, with TIV,
    status (bound / not bound / non-mandatory / regional), deliveries, years and deal ids."""
    result = screen(store, embargo=embargo_id, release=release, table=table)
    e = result.table.get(embargo_id)
    cov = result.coverage
    reason = result.not_screened[0]["reason"] if result.not_screened else None
    warnings = list(result.warnings)
    years = None
    if cov.first_year is not None:
        lo = max(e.start_year, cov.first_year)
        hi = min(e.end_year if e.end_year is not None else cov.last_year, cov.last_year)
        years = (lo, hi) if lo <= hi else None
        if e.start_year < cov.first_year or (e.end_year or cov.last_year + 1) > cov.last_year:
            warnings.append(f"the embargo runs {e.start_year}-{e.end_year or 'today'}; release "
                            f"{result.release.name} covers deliveries {cov.first_year}-"
                            f"{cov.last_year}, so years outside it are not screened")
    hits = result.hits
    suppliers = (
        hits.group_by(["supplier", "status"])
        .agg(
            pl.len().alias("deliveries"),
            pl.col("tiv").sum().alias("tiv"),
            pl.col("year").min().alias("first_year"),
            pl.col("year").max().alias("last_year"),
            pl.col("recipient").unique().sort().alias("recipients"),
            pl.col("deal_id").unique().sort().alias("deal_ids"),
        )
        .with_columns(_status_order().alias("_o"))
        .sort(["_o", "tiv", "supplier"], descending=[False, True, False])
        .drop("_o")
    )
    total = _round(hits["tiv"].sum()) if hits.height else 0.0
    return EmbargoSummary(e, reason is None, reason, years, result.release.name, total or 0.0,
                          _records(suppliers), warnings)
