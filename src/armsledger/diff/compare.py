"""The release diff itself: both releases' deals read, filtered and compared in the three steps
of :mod:`armsledger.diff` (renames, deal matching, aggregates), with the notes a reader needs."""

from __future__ import annotations

import polars as pl

from armsledger import TIV_UNIT
from armsledger.actors import ActorTable
from armsledger.diff.aggregates import REVISION_TOLERANCE, exporter_flows, revised
from armsledger.diff.matching import COMPARED_FIELDS, TIERS, changes, match
from armsledger.diff.records import LIST_COLUMNS, ReleaseDiff, Rename
from armsledger.diff.renames import detect_renames
from armsledger.errors import BadPeriodError, InvalidRequestError, UnknownActorError
from armsledger.model import SourceFormat
from armsledger.query import FigureQuery
from armsledger.store import Release, Store

__all__ = ["diff"]

_MISSING_IN = {SourceFormat.DELIVERY_YEAR.value: {"number_ordered", "tiv_order", "comments"}}
"""Fields a format does not carry: not compared when either release has that format."""
_DEAL_COLUMNS = ["deal_id", "supplier", "recipient", "order_year", "order_year_estimated",
                 "number_ordered", "number_delivered", "designation", "description",
                 "category", "status", "tiv_unit", "tiv_order", "tiv_delivered", "comments",
                 "source_line"]

Names = tuple[set[str], set[str]]
"""The SIPRI names a filter means in the old and in the new release."""


# -- loading ---------------------------------------------------------------------------------


def _deal_frame(store: Store, rel: Release, years: tuple[int, int] | None) -> pl.DataFrame:
    """Every deal of a release with its distinct delivery years ('; ' list and year list);
    with ``years``, deliveries outside them are left out (numbers and TIV summed again)."""

    def read() -> pl.DataFrame:
        cols = [f"d.{c}" for c in _DEAL_COLUMNS]
        if years:
            cols[cols.index("d.number_delivered")] = "y.n AS number_delivered"
            cols[cols.index("d.tiv_delivered")] = "y.t AS tiv_delivered"
        lo, hi = years or (0, 9999)
        return store.query(
            f"""
            WITH y AS (SELECT deal_id, list_sort(list_distinct(list(year))) AS years,
                              sum(number)::BIGINT AS n, round(sum(tiv), 4) AS t
                       FROM deliveries WHERE release_id = $r AND year BETWEEN $lo AND $hi
                       GROUP BY deal_id)
            SELECT {", ".join(cols)}, coalesce(y.years, []) AS years,
                   nullif(array_to_string(y.years, '; '), '') AS delivery_years
            FROM deals d LEFT JOIN y USING (deal_id)
            WHERE d.release_id = $r ORDER BY d.source_line
            """,
            {"r": rel.release_id, "lo": lo, "hi": hi},
        )

    return store.memo(("diff-deals", rel.release_id, years), read)


def _release(store: Store, name: str) -> Release:
    rel = store.release(name)
    if rel.deals == 0:
        known = ", ".join(r.name for r in store.releases() if r.deals > 0) or "none loaded"
        raise InvalidRequestError(
            f"release '{rel.name}' holds no deals ({rel.format}); diff compares releases "
            f"with deals: {known}"
        )
    return rel


# -- filters ---------------------------------------------------------------------------------


def _resolve(store: Store, old: Release, new: Release, query: str,
             renames: list[Rename]) -> Names:
    """SIPRI names ``query`` means in each release; a release where it is unknown takes the
    other's names through the renames."""
    try:
        n: set[str] | None = set(ActorTable.of(store, new).resolve(query))
    except UnknownActorError:
        n = None
    try:
        o = set(ActorTable.of(store, old).resolve(query))
    except UnknownActorError:
        if n is None:
            raise
        back = {r.new_name: r.old_name for r in renames}
        return {back.get(x, x) for x in n}, n
    fwd = {r.old_name: r.new_name for r in renames}
    return o, n if n is not None else {fwd.get(x, x) for x in o}


def _in_years(frame: pl.DataFrame, lo: int | None, hi: int | None) -> pl.Series:
    if lo is None and hi is None:
        return pl.Series([True] * frame.height, dtype=pl.Boolean)
    cond = (pl.element() >= (lo or 0)) & (pl.element() <= (hi or 9999))
    return frame.select(pl.col("years").list.eval(cond).list.any()).to_series().fill_null(False)


def _matched(frame: pl.DataFrame, rows: list[int]) -> pl.Series:
    """True for the rows of ``frame`` that found a partner."""
    return pl.Series([False] * frame.height, dtype=pl.Boolean).scatter(rows, True)


# -- the diff --------------------------------------------------------------------------------


def diff(store: Store, old: str, new: str, *, supplier: str | None = None,
         recipient: str | None = None, year_from: int | None = None,
         year_to: int | None = None, query: FigureQuery | None = None) -> ReleaseDiff:
    """Compare release ``old`` with release ``new`` (names or ids); see :mod:`armsledger.diff`.

    ``supplier``/``recipient`` (SIPRI name or ISO3, resolved in each release) restrict deals
    and figures; ``year_from``/``year_to`` (inclusive delivery years) restrict the figures and
    keep the deals with a delivery in the range in either release. Releases of different
    formats are compared over the delivery years both cover. A
    :class:`~armsledger.query.FigureQuery` may give the supplier, recipient and years instead.
    """
    if query is not None:
        supplier, recipient = query.supplier, query.recipient
        year_from = query.period.start if query.period else query.year_from
        year_to = query.period.end if query.period else query.year_to
    if year_from is not None and year_to is not None and year_from > year_to:
        raise BadPeriodError(f"--from {year_from} is after --to {year_to}")
    rel_o, rel_n = _release(store, old), _release(store, new)
    cov_o, cov_n = store.coverage(rel_o), store.coverage(rel_n)
    span_o, span_n = (set(range(c.first_year or 0, (c.last_year or -1) + 1))
                      for c in (cov_o, cov_n))
    wanted = set(range(year_from or 0, (year_to or 9999) + 1))
    common = sorted(span_o & span_n & wanted)
    years = (common[0], common[-1]) if common else None
    mixed = rel_o.format != rel_n.format
    restrict = (years or (0, -1)) if mixed else None
    deals_o, deals_n = _deal_frame(store, rel_o, restrict), _deal_frame(store, rel_n, restrict)
    renames = detect_renames(deals_o, deals_n)
    mapping = {r.old_name: r.new_name for r in renames}
    keep_o = deals_o.with_columns(pl.col("supplier", "recipient").replace(mapping))
    keep_n = deals_n
    sup = _resolve(store, rel_o, rel_n, supplier, renames) if supplier else None
    rec = _resolve(store, rel_o, rel_n, recipient, renames) if recipient else None
    for names, column in ((sup, "supplier"), (rec, "recipient")):
        if names is not None:
            keep_o = keep_o.filter(pl.col(column).is_in([mapping.get(x, x) for x in names[0]]))
            keep_n = keep_n.filter(pl.col(column).is_in(list(names[1])))

    if sup or rec:  # only the renames the filtered deals involve
        seen = {n for f in (keep_o, keep_n) for c in ("supplier", "recipient") for n in f[c]}
        renames = [r for r in renames if r.new_name in seen]
    by_id = rel_o.format == rel_n.format == SourceFormat.DELIVERY_YEAR.value
    lo, hi = (years if mixed and years else (year_from, year_to))
    in_o, in_n = _in_years(keep_o, lo, hi), _in_years(keep_n, lo, hi)
    pairs = [p for p in match(keep_o, keep_n, by_id) if in_o[p[0]] or in_n[p[1]]]
    m_o = _matched(keep_o, [p[0] for p in pairs])
    m_n = _matched(keep_n, [p[1] for p in pairs])
    missing = _MISSING_IN.get(rel_o.format, set()) | _MISSING_IN.get(rel_n.format, set())
    changed, unchanged = changes(keep_o, keep_n, pairs,
                                 [f for f in COMPARED_FIELDS if f not in missing])
    quality = {t: 0 for t in TIERS if t != "deal_id" or by_id}
    for p in pairs:
        quality[p[2]] += 1
    desc = pl.DataFrame(
        [(f.old, f.new) for c in changed for f in c.changes if f.field == "description"],
        schema={"old": pl.String, "new": pl.String}, orient="row",
    ).group_by("old", "new").len("deals").sort(["deals", "old", "new"],
                                                descending=[True, False, False])

    f_o = exporter_flows(store, rel_o, mapping, sup[0] if sup else None,
                         rec[0] if rec else None)
    f_n = exporter_flows(store, rel_n, {}, sup[1] if sup else None, rec[1] if rec else None)
    yo, yn = (f.filter(pl.col("year").is_in(common)) for f in (f_o, f_n))
    revisions = revised(yo, yn, ["supplier", "year"])
    totals = revised(yo.group_by("supplier").agg(pl.col("tiv").sum()),
                     yn.group_by("supplier").agg(pl.col("tiv").sum()), ["supplier"])
    new_years = sorted((span_n - span_o) & wanted)
    dropped = sorted((span_o - span_n) & wanted)
    new_year_tiv = (f_n.filter(pl.col("year").is_in(new_years)).rename({"tiv": "new_tiv"})
                    .with_columns(pl.col("new_tiv").round(4))
                    .sort(["new_tiv", "supplier", "year"], descending=[True, False, False]))
    pending = [0, 0] if lo or hi else [f.filter(pl.col("years").list.len() == 0).height
                                        for f in (keep_o, keep_n)]
    return ReleaseDiff(
        old=rel_o, new=rel_n,
        filters={"supplier": supplier, "recipient": recipient, "year_from": year_from,
                 "year_to": year_to, "supplier_names": _names(sup),
                 "recipient_names": _names(rec)},
        renames=renames, match_quality=quality,
        added=_listing(keep_n.filter(in_n & ~m_n)), removed=_listing(keep_o.filter(in_o & ~m_o)),
        changed=changed, unchanged=unchanged, revisions=revisions, exporter_totals=totals,
        new_year_tiv=new_year_tiv, description_changes=desc, compared_years=years,
        new_years=new_years, dropped_years=dropped,
        notes=_notes(rel_o, rel_n, renames, new_years, dropped, years, pending),
    )


def _listing(frame: pl.DataFrame) -> pl.DataFrame:
    size = pl.coalesce("tiv_delivered", "tiv_order", pl.lit(0.0))
    return frame.sort(size, "supplier", "recipient", "source_line",
                      descending=[True, False, False, False]).select(LIST_COLUMNS)


def _names(found: Names | None) -> dict[str, list[str]] | None:
    return None if found is None else {"old": sorted(found[0]), "new": sorted(found[1])}


def _notes(old: Release, new: Release, renames: list[Rename], new_years: list[int],
           dropped: list[int], years: tuple[int, int] | None, pending: list[int]) -> list[str]:
    notes = [f"TIV is SIPRI's trend-indicator value ({TIV_UNIT}), a volume measure, not money."]
    if SourceFormat.TRADE_REGISTER.value in (old.format, new.format):
        notes.append(
            "The deal-level register gives each deal's delivered TIV as one total with a list "
            "of delivery years; armsledger splits it evenly over those years, so yearly "
            "figures and their revisions are estimates (a changed year list moves TIV "
            "between years even when the deal's total did not change).")
    if old.format != new.format:
        notes.append(
            f"The releases have different formats ({old.format}, {new.format}): deals are "
            "compared on their deliveries in the years both cover, and fields only one "
            "format carries are not compared.")
    if renames:
        notes.append("Renamed actors are compared under their new names; a rename alone is "
                     "not a changed deal.")
    if pending[1] and not pending[0]:
        notes.append(f"{old.name} lists no orders without deliveries; the {pending[1]} such "
                     f"orders in {new.name} show as added.")
    if new_years:
        notes.append(f"Years {_span(new_years)} are only in {new.name}: listed as new years "
                     "(new_year_tiv), not as revisions.")
    if dropped:
        notes.append(f"Years {_span(dropped)} are only in {old.name}: not compared.")
    if years:
        notes.append(f"Revisions compare delivery years {years[0]}-{years[1]}; differences "
                     f"under {REVISION_TOLERANCE} TIV are ignored.")
    else:
        notes.append("No delivery year (in the range asked) is covered by both releases: "
                     "no revisions are computed.")
    return notes


def _span(years: list[int]) -> str:
    return str(years[0]) if len(years) == 1 else f"{years[0]}-{years[-1]}"

