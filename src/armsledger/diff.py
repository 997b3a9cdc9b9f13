"""What SIPRI revised between two releases: renamed actors, added/removed/changed deals and
revised yearly TIV per exporter (SIPRI overwrites its database every year).

1. **Renames.** Names found in one release only are paired when they stand for the same actor:
   states with the same kind and ISO3 (``Turkey`` -> ``Turkiye``); non-state actors and
   organisations with the same location and a clear name match (the same words once the
   location is set aside, ``Libya HoR*`` -> ``HoR (Libya)*``, or an acronym, ``PIJ`` ->
   ``Palestinian Islamic Jihad``). Each is listed once and applied before comparing.
2. **Deal matching** (:data:`TIERS`). Releases that both carry SIPRI's deal ids
   (delivery-year exports) match on them. Registers have none (their ``R...`` ids hash
   content), so each tier matches what the earlier ones left: ``exact`` (supplier, recipient,
   order year, designation, description, one deal on each side); ``exact_numbers`` (several
   deals share that key: equal numbers ordered first, then the most other equal fields, the
   closest numbers, order of appearance); ``loose`` (same supplier, recipient, designation;
   order year within 1, or 3 when either is uncertain or missing); ``designation`` (same
   supplier, recipient, order year and number ordered, same description or category, one
   deal on each side). Unmatched old deals are *removed*, unmatched new deals *added*.
3. **Aggregates.** Yearly TIV per exporter from ``flows`` (renames applied) over the years
   both releases cover; years only the new release covers are new years, not revisions.
"""

from __future__ import annotations

import re
from collections import Counter, defaultdict
from dataclasses import asdict, dataclass, field
from typing import Any

import polars as pl

from armsledger import TIV_UNIT
from armsledger.actors import ActorTable, classify, place_names
from armsledger.analysis.common import change_pct, source_note
from armsledger.diff_results import DiffResult
from armsledger.errors import BadPeriodError, InvalidRequestError, UnknownActorError
from armsledger.model import ActorKind, SourceFormat
from armsledger.query import FigureQuery
from armsledger.store import Release, Store

__all__ = ["COMPARED_FIELDS", "REVISION_TOLERANCE", "TIERS", "ChangedDeal", "FieldChange",
           "ReleaseDiff", "Rename", "diff"]

TIERS = ("deal_id", "exact", "exact_numbers", "loose", "designation")
"""Match tiers, in the order they are tried (see the module docstring)."""

COMPARED_FIELDS = ("tiv_unit", "tiv_order", "tiv_delivered", "number_ordered",
                   "number_delivered", "delivery_years", "status", "order_year",
                   "order_year_estimated", "designation", "description", "category", "comments")
"""Fields compared for every matched pair (those one of the two formats lacks are skipped)."""

_MISSING_IN = {SourceFormat.DELIVERY_YEAR.value: {"number_ordered", "tiv_order", "comments"}}
_TEXT_FIELDS = {"description", "category", "comments"}
_FLOAT_FIELDS = {"tiv_unit", "tiv_order", "tiv_delivered"}
_TOL = 1e-9
REVISION_TOLERANCE = 0.005
"""Yearly differences below this (TIV millions; half SIPRI's 0.01 rounding unit) are not
revisions: splitting deal totals over years leaves floating-point crumbs."""
_DEAL_COLUMNS = ["deal_id", "supplier", "recipient", "order_year", "order_year_estimated",
                 "number_ordered", "number_delivered", "designation", "description",
                 "category", "status", "tiv_unit", "tiv_order", "tiv_delivered", "comments",
                 "source_line"]
_LIST_COLUMNS = ["deal_id", "supplier", "recipient", "order_year", "designation", "description",
                 "number_ordered", "number_delivered", "tiv_unit", "tiv_order",
                 "tiv_delivered", "delivery_years", "status", "source_line"]


@dataclass(frozen=True, slots=True)
class Rename:
    """One actor under a new SIPRI name (a reclassification when the kind changed too)."""

    old_name: str
    new_name: str
    old_kind: str
    kind: str
    iso3: str | None
    how: str
    deals_old: int
    deals_new: int

    @property
    def reclassified(self) -> bool:
        return self.old_kind != self.kind

    def to_dict(self) -> dict[str, Any]:
        return {**asdict(self), "reclassified": self.reclassified}


@dataclass(frozen=True, slots=True)
class FieldChange:
    field: str
    old: Any
    new: Any


@dataclass(frozen=True, slots=True)
class ChangedDeal:
    """A deal found in both releases whose fields differ (names are the new release's)."""

    old_deal_id: str
    new_deal_id: str
    supplier: str
    recipient: str
    designation: str
    order_year: int | None
    match: str
    changes: tuple[FieldChange, ...]
    old_line: int
    new_line: int

    @property
    def comments_only(self) -> bool:
        return all(c.field == "comments" for c in self.changes)

    @property
    def kind(self) -> str:
        """'substantive' (numbers, TIV, years, status, designation), 'wording' (description
        or category, maybe comments) or 'comments'."""
        if self.comments_only:
            return "comments"
        return "wording" if all(c.field in _TEXT_FIELDS for c in self.changes) else "substantive"

    @property
    def tiv_impact(self) -> float:
        """The largest change of the order or delivered TIV (for ordering, TIV millions)."""
        return max((abs((c.new or 0.0) - (c.old or 0.0)) for c in self.changes
                    if c.field in ("tiv_order", "tiv_delivered")), default=0.0)

    def to_dict(self) -> dict[str, Any]:
        return {**asdict(self), "changes": [asdict(c) for c in self.changes],
                "kind": self.kind, "comments_only": self.comments_only}


@dataclass(frozen=True, slots=True)
class ReleaseDiff:
    old: Release
    new: Release
    filters: dict[str, Any]
    renames: list[Rename]
    match_quality: dict[str, int]
    added: pl.DataFrame
    """Deals only in the new release (:data:`_LIST_COLUMNS`), largest TIV first."""
    removed: pl.DataFrame
    """Deals only in the old release, same columns."""
    changed: list[ChangedDeal]
    """Substantive changes first, each group by TIV impact."""
    unchanged: int
    revisions: pl.DataFrame
    """supplier, year, old_tiv, new_tiv, diff, diff_pct: biggest absolute difference first."""
    exporter_totals: pl.DataFrame
    """supplier, old_tiv, new_tiv, diff, diff_pct over :attr:`compared_years`."""
    new_year_tiv: pl.DataFrame
    """supplier, year, new_tiv for years only the new release covers."""
    description_changes: pl.DataFrame
    """old, new, deals: SIPRI's rewording of weapon descriptions among matched deals."""
    compared_years: tuple[int, int] | None
    new_years: list[int]
    dropped_years: list[int]
    notes: list[str] = field(default_factory=list)

    @property
    def counts(self) -> dict[str, int]:
        kinds = Counter(c.kind for c in self.changed)
        return {
            "added": self.added.height, "removed": self.removed.height,
            "changed": len(self.changed), "unchanged": self.unchanged,
            "changed_substantive": kinds["substantive"], "changed_wording": kinds["wording"],
            "changed_comments_only": kinds["comments"],
        }

    def to_dict(self) -> dict[str, Any]:
        """The documented JSON shape (README, 'armsledger diff --json')."""

        def rel(r: Release) -> dict[str, Any]:
            return {"name": r.name, "format": r.format, "source_file": r.source_file,
                    "generated_on": r.generated_on.isoformat() if r.generated_on else None}

        years = self.compared_years
        return {
            "old": rel(self.old), "new": rel(self.new), "filters": self.filters,
            "renames": [r.to_dict() for r in self.renames],
            "match_quality": self.match_quality, "counts": self.counts,
            "added": self.added.to_dicts(), "removed": self.removed.to_dicts(),
            "changed": [c.to_dict() for c in self.changed],
            "description_changes": self.description_changes.to_dicts(),
            "compared_years": list(years) if years else None,
            "revisions": self.revisions.to_dicts(),
            "exporter_totals": self.exporter_totals.to_dicts(),
            "new_years": self.new_years, "new_year_tiv": self.new_year_tiv.to_dicts(),
            "dropped_years": self.dropped_years, "unit": TIV_UNIT, "notes": self.notes,
            "source": [source_note(self.old), source_note(self.new)],
        }

    def result(self) -> DiffResult:
        """The typed result, as the API returns it."""
        return DiffResult.model_validate(self.to_dict())


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


# -- renames ---------------------------------------------------------------------------------

_STOP = {"the", "of", "and", "for", "de", "la", "du", "des", "el", "al"}


def _tokens(text: str) -> list[str]:
    return re.findall(r"[a-z0-9]+", text.casefold())


def _location(name: str) -> str | None:
    start, end = name.rfind("("), name.rfind(")")
    return name[start + 1 : end] if 0 <= start < end else None


def _place_tokens(iso3: str | None, *names: str) -> set[str]:
    """Words naming the place: parenthesised locations and the country's names."""
    places = [_location(n) or "" for n in names] + place_names(iso3)
    return {t for p in places for t in _tokens(p)}


def _core(name: str, places: set[str]) -> list[str]:
    """The words of a name without its (parenthesised) location and SIPRI's markers."""
    start = name.rfind("(")
    base = name[:start] if start > 0 else name
    return [t for t in _tokens(base) if t not in places]


def _name_match(a: str, b: str, iso3: str | None) -> tuple[float, str] | None:
    places = _place_tokens(iso3, a, b)
    ta, tb = _core(a, places), _core(b, places)
    if not ta or not tb:
        return None
    sa, sb = set(ta), set(tb)
    jaccard = len(sa & sb) / len(sa | sb)
    if jaccard >= 0.5:
        return jaccard, f"same words apart from the location ({' '.join(sorted(sa & sb))})"
    for short, long_ in ((ta, tb), (tb, ta)):
        if len(short) == 1 and len(long_) >= 2:
            initials = {"".join(t[0] for t in long_),
                        "".join(t[0] for t in long_ if t not in _STOP)}
            if short[0] in initials:
                return 0.9, f"acronym ({short[0].upper()} = {' '.join(long_)})"
    return None


def _detect_renames(old: pl.DataFrame, new: pl.DataFrame) -> list[Rename]:
    def names(frame: pl.DataFrame) -> set[str]:
        return set(frame["supplier"].to_list()) | set(frame["recipient"].to_list())

    old_names, new_names = names(old), names(new)
    only_old = sorted(old_names - new_names)
    only_new = sorted(new_names - old_names)
    actors = {n: classify(n) for n in only_old + only_new}
    pairs: list[tuple[str, str, str]] = []
    states = (ActorKind.STATE, ActorKind.HISTORICAL_STATE)
    by_code: dict[tuple[str, str], tuple[list[str], list[str]]] = defaultdict(lambda: ([], []))
    for side, group in ((0, only_old), (1, only_new)):
        for n in group:
            a = actors[n]
            if a.kind in states and a.iso3:
                by_code[(a.kind.value, a.iso3)][side].append(n)
    for (_, iso3), (olds, news) in sorted(by_code.items()):
        if len(olds) == 1 and len(news) == 1:
            pairs.append((olds[0], news[0], f"same state (ISO3 {iso3})"))
    used = {p[0] for p in pairs} | {p[1] for p in pairs}
    candidates = []
    for o in only_old:
        for n in only_new:
            ao, an = actors[o], actors[n]
            if (o in used or n in used or ActorKind.UNKNOWN in (ao.kind, an.kind)
                    or (ao.kind in states and an.kind in states)  # states pair by code only
                    or ao.iso3 != an.iso3 or (ao.iso3 is None and _location(o) != _location(n))):
                continue
            hit = _name_match(ao.name, an.name, ao.iso3)
            if hit:
                where = f"same location ({ao.iso3})" if ao.iso3 else "no location"
                candidates.append((-hit[0], o, n, f"{where}, {hit[1]}"))
    hows = {(c[1], c[2]): c[3] for c in candidates}
    pairs += [(o, n, hows[(o, n)]) for o, n in _greedy([(c[0], c[1], c[2]) for c in candidates])]

    def count(frame: pl.DataFrame, name: str) -> int:
        return frame.filter((pl.col("supplier") == name) | (pl.col("recipient") == name)).height

    out = [Rename(o, n, actors[o].kind.value, actors[n].kind.value, actors[n].iso3, how,
                  count(old, o), count(new, n)) for o, n, how in pairs]
    return sorted(out, key=lambda r: (-r.deals_old, r.old_name))


# -- matching --------------------------------------------------------------------------------


def _similar(a: tuple, b: tuple) -> int:
    return sum(x == y for x, y in zip(a, b, strict=True))


def _greedy(cands: list[tuple]) -> list[tuple[Any, Any]]:
    """Best candidates first (tuples sort by score; the last two items are the pair), each
    item used once: a deterministic assignment."""
    out, used_o, used_n = [], set(), set()
    for *_, i, j in sorted(cands):
        if i not in used_o and j not in used_n:
            out.append((i, j))
            used_o.add(i)
            used_n.add(j)
    return out


def _ties(olds: list[int], news: list[int], num_o: list, num_n: list, sig_o: list,
          sig_n: list) -> list[tuple[int, int]]:
    """Pair deals sharing a key: equal numbers ordered first, then the most other equal
    fields, then the closest numbers, then order of appearance."""
    return _greedy([(num_o[i] != num_n[j], -_similar(sig_o[i], sig_n[j]),
                     _gap(num_o[i], num_n[j]), a, b, i, j)
                    for a, i in enumerate(olds) for b, j in enumerate(news)])


def _gap(a: int | None, b: int | None) -> float:
    return abs(a - b) if a is not None and b is not None else float("inf")


def _match(old: pl.DataFrame, new: pl.DataFrame, by_id: bool) -> list[tuple[int, int, str]]:
    """(old row, new row, tier) pairs; rows index the frames (sorted by source line)."""
    if by_id:
        index = {d: j for j, d in enumerate(new["deal_id"].to_list())}
        return [(i, index[d], "deal_id") for i, d in enumerate(old["deal_id"].to_list())
                if d in index]
    cols = ["supplier", "recipient", "order_year", "designation", "description"]
    o_rows = list(old.select(cols).iter_rows())
    n_rows = list(new.select(cols).iter_rows())
    num_o, num_n = old["number_ordered"].to_list(), new["number_ordered"].to_list()
    est_o, est_n = old["order_year_estimated"].to_list(), new["order_year_estimated"].to_list()
    cat_o, cat_n = old["category"].to_list(), new["category"].to_list()
    sig = ["order_year_estimated", "number_delivered", "tiv_unit", "status", "comments",
           "delivery_years"]
    sig_o, sig_n = list(old.select(sig).iter_rows()), list(new.select(sig).iter_rows())
    pairs: list[tuple[int, int, str]] = []
    done_o: set[int] = set()
    done_n: set[int] = set()

    def group(rows: list[tuple], done: set[int], key) -> dict[tuple, list[int]]:
        out: dict[tuple, list[int]] = defaultdict(list)
        for i, r in enumerate(rows):
            if i not in done:
                k = key(i, r)
                if k is not None:
                    out[k].append(i)
        return out

    def take(i: int, j: int, tier: str) -> None:
        pairs.append((i, j, tier))
        done_o.add(i)
        done_n.add(j)

    # exact: the five stable fields; ties split by numbers ordered
    go, gn = group(o_rows, done_o, lambda i, r: r), group(n_rows, done_n, lambda i, r: r)
    for k, olds in go.items():
        news = gn.get(k, [])
        if len(olds) == 1 and len(news) == 1:
            take(olds[0], news[0], "exact")
        elif news:
            for i, j in _ties(olds, news, num_o, num_n, sig_o, sig_n):
                take(i, j, "exact_numbers")
    # loose: same supplier, recipient and designation, order year close
    go = group(o_rows, done_o, lambda i, r: (r[0], r[1], r[3]))
    gn = group(n_rows, done_n, lambda i, r: (r[0], r[1], r[3]))
    cands = []
    for k, olds in go.items():
        for i in olds:
            for j in gn.get(k, ()):
                yo, yn = o_rows[i][2], n_rows[j][2]
                dy = abs(yo - yn) if yo is not None and yn is not None else None
                if dy is None or dy <= 1 or (dy <= 3 and (est_o[i] or est_n[j])):
                    cands.append((dy if dy is not None else 9, o_rows[i][4] != n_rows[j][4],
                                  _gap(num_o[i], num_n[j]), -_similar(sig_o[i], sig_n[j]),
                                  i, j))
    for i, j in _greedy(cands):
        take(i, j, "loose")
    # designation: renamed or corrected designation, one candidate on each side only
    go = group(o_rows, done_o, lambda i, r: (r[0], r[1], r[2], num_o[i])
               if num_o[i] is not None and r[2] is not None else None)
    gn = group(n_rows, done_n, lambda i, r: (r[0], r[1], r[2], num_n[i])
               if num_n[i] is not None and r[2] is not None else None)
    for k, olds in go.items():
        news = gn.get(k, [])
        if len(olds) == 1 and len(news) == 1:
            i, j = olds[0], news[0]
            if o_rows[i][4] == n_rows[j][4] or (cat_o[i] is not None and cat_o[i] == cat_n[j]):
                take(i, j, "designation")
    return pairs


def _differs(a: pl.Series, b: pl.Series, name: str) -> pl.Series:
    if name in _FLOAT_FIELDS:
        return ((a - b).abs() > _TOL).fill_null(False) | (a.is_null() != b.is_null())
    return ~a.eq_missing(b)


def _changes(old: pl.DataFrame, new: pl.DataFrame, pairs: list[tuple[int, int, str]],
             fields: list[str]) -> tuple[list[ChangedDeal], int]:
    if not pairs:
        return [], 0
    oi = pl.Series([p[0] for p in pairs], dtype=pl.UInt32)
    ni = pl.Series([p[1] for p in pairs], dtype=pl.UInt32)
    a, b = old[oi], new[ni]
    masks = {f: _differs(a[f], b[f], f) for f in fields}
    anyc = pl.DataFrame(masks).select(pl.any_horizontal(pl.all())).to_series()
    changed = []
    for k in anyc.arg_true().to_list():
        o, n = a.row(k, named=True), b.row(k, named=True)
        fc = tuple(FieldChange(f, o[f], n[f]) for f in fields if masks[f][k])
        changed.append(ChangedDeal(
            o["deal_id"], n["deal_id"], n["supplier"], n["recipient"], n["designation"],
            n["order_year"], pairs[k][2], fc, o["source_line"], n["source_line"]))
    order = {"substantive": 0, "wording": 1, "comments": 2}
    changed.sort(key=lambda c: (order[c.kind], -c.tiv_impact, c.supplier, c.recipient,
                                c.designation, c.order_year or 0, c.old_line))
    return changed, len(pairs) - len(changed)


# -- filters and aggregates ------------------------------------------------------------------


def _resolve(store: Store, old: Release, new: Release, query: str,
             renames: list[Rename]) -> tuple[set[str], set[str]]:
    """SIPRI names ``query`` means in each release; a release where it is unknown takes the
    other's names through the renames."""
    try:
        n = set(ActorTable.of(store, new).resolve(query))
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


def _flows(store: Store, rel: Release, mapping: dict[str, str], suppliers: set[str] | None,
           recipients: set[str] | None) -> pl.DataFrame:
    frame = store.memo(
        ("diff-flows", rel.release_id),
        lambda: store.query("SELECT supplier, recipient, year, tiv FROM flows "
                            "WHERE release_id = $r", {"r": rel.release_id}),
    )
    if suppliers is not None:
        frame = frame.filter(pl.col("supplier").is_in(list(suppliers)))
    if recipients is not None:
        frame = frame.filter(pl.col("recipient").is_in(list(recipients)))
    return (frame.with_columns(pl.col("supplier").replace(mapping))
            .group_by("supplier", "year").agg(pl.col("tiv").sum().fill_null(0.0)))


def _compare(old: pl.DataFrame, new: pl.DataFrame, keys: list[str]) -> pl.DataFrame:
    both = old.rename({"tiv": "old_tiv"}).join(
        new.rename({"tiv": "new_tiv"}), on=keys, how="full", coalesce=True
    ).with_columns(pl.col("old_tiv", "new_tiv").fill_null(0.0).round(4))
    both = both.with_columns((pl.col("new_tiv") - pl.col("old_tiv")).round(4).alias("diff"))
    pct = [change_pct(n, o) for o, n in both.select("old_tiv", "new_tiv").iter_rows()]
    both = both.with_columns(pl.Series("diff_pct", [None if p is None else round(p, 2)
                                                    for p in pct], dtype=pl.Float64))
    both = both.filter(pl.col("diff").abs() >= REVISION_TOLERANCE)
    return both.sort(pl.col("diff").abs(), *keys, descending=[True] + [False] * len(keys)
                     ).select(*keys, "old_tiv", "new_tiv", "diff", "diff_pct")


# -- the diff --------------------------------------------------------------------------------


def diff(store: Store, old: str, new: str, *, supplier: str | None = None,
         recipient: str | None = None, year_from: int | None = None,
         year_to: int | None = None, query: FigureQuery | None = None) -> ReleaseDiff:
    """Compare release ``old`` with release ``new`` (names or ids); see the module docstring.

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
    renames = _detect_renames(deals_o, deals_n)
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
    pairs = [p for p in _match(keep_o, keep_n, by_id) if in_o[p[0]] or in_n[p[1]]]
    m_o, m_n = (pl.Series([False] * f.height, dtype=pl.Boolean).scatter(
        [p[k] for p in pairs], True) for k, f in ((0, keep_o), (1, keep_n)))
    missing = _MISSING_IN.get(rel_o.format, set()) | _MISSING_IN.get(rel_n.format, set())
    changed, unchanged = _changes(keep_o, keep_n, pairs,
                                  [f for f in COMPARED_FIELDS if f not in missing])
    quality = {t: 0 for t in TIERS if t != "deal_id" or by_id}
    for p in pairs:
        quality[p[2]] += 1
    desc = pl.DataFrame(
        [(f.old, f.new) for c in changed for f in c.changes if f.field == "description"],
        schema={"old": pl.String, "new": pl.String}, orient="row",
    ).group_by("old", "new").len("deals").sort(["deals", "old", "new"],
                                                descending=[True, False, False])

    f_o = _flows(store, rel_o, mapping, sup[0] if sup else None, rec[0] if rec else None)
    f_n = _flows(store, rel_n, {}, sup[1] if sup else None, rec[1] if rec else None)
    yo, yn = (f.filter(pl.col("year").is_in(common)) for f in (f_o, f_n))
    revisions = _compare(yo, yn, ["supplier", "year"])
    totals = _compare(*(f.group_by("supplier").agg(pl.col("tiv").sum()) for f in (yo, yn)),
                      ["supplier"])
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
                      descending=[True, False, False, False]).select(_LIST_COLUMNS)


def _names(found: tuple[set[str], set[str]] | None) -> dict[str, list[str]] | None:
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
