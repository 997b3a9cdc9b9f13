"""Yearly values for register releases, reconstructed from what SIPRI's files give.

A trade register gives each deal's delivered TIV as one total with the list of its delivery
years; SIPRI's yearly figures come from the units delivered each year, which the register does
not give. Splitting the total evenly over the years moves TIV between years and periods enough
to change SIPRI's published figures, so when a register is loaded its yearly values are
rebuilt, in this order, and each value is labelled with how it was obtained:

1. **exact**: a deal delivered in a single year; or a deal whose yearly values a delivery-year
   release (SIPRI's newer export, exact by year) of the same SIPRI update gives for exactly the
   register's years and total.
2. **reconstructed** from an earlier release: the deal is matched to a deal of a delivery-year
   release (then of an earlier register release) of the same or an earlier SIPRI update, with
   the release diff's matcher (:func:`armsledger.diff.matching.match`, plus the ``similar``
   tier below); the matched deal's yearly units (its yearly TIV where units are missing) give
   the profile over the years both list, and what the register adds beyond them (units
   delivered in a later year, e.g. 2025 deliveries of a continuing deal) goes to the years the
   register lists and the earlier release does not, evenly by units. The register's total is
   kept exactly: yearly TIV = total x the year's share of units.
3. **reconstructed** by fitting to SIPRI's TIV tables: when the release's own TIV tables
   (supplier x year and recipient x year totals, generated with the same data) are loaded,
   the values of every deal not exact are fitted to both margins by iterative proportional
   fitting over each deal's listed years, each deal's total kept; the remaining difference
   is reported.
4. **even**: the last resort, the total split evenly over the listed years.

Only releases already in the store are used (load a delivery-year export or the TIV tables
before the register; the bundled data is loaded in that order). The summary (TIV under each
label, the releases used, the fit's residuals) is stored with the release and every figure
reports its share of TIV under each label.
"""

from __future__ import annotations

import json
import math
import re
from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass, field
from datetime import timedelta
from typing import Any

import numpy as np
import polars as pl

from armsledger.model import SourceFormat
from armsledger.sources.base import ParsedSource
from armsledger.store import Release, Store

__all__ = ["METHODS", "Reconstruction", "reconstruct"]

METHODS = ("exact", "reconstructed", "even")
"""How a yearly value was obtained, most certain first."""

FIT_ITERATIONS = 200
FIT_TOLERANCE = 1e-7
"""The fit stops when no margin is off by more than this share of its target."""

_MATCH_COLUMNS = ["deal_id", "supplier", "recipient", "order_year", "order_year_estimated",
                  "number_ordered", "number_delivered", "designation", "description",
                  "category", "status", "tiv_unit", "tiv_order", "tiv_delivered", "comments",
                  "delivery_years"]

Profile = dict[int, tuple[float | None, float]]
"""A deal's yearly (units, TIV) in a source release."""


@dataclass(slots=True)
class Reconstruction:
    """What :func:`reconstruct` did to one register's yearly values."""

    tiv: dict[str, float] = field(default_factory=lambda: dict.fromkeys(METHODS, 0.0))
    deals: dict[str, int] = field(default_factory=lambda: dict.fromkeys(METHODS, 0))
    sources: list[dict[str, Any]] = field(default_factory=list)
    fit: dict[str, Any] | None = None

    def to_dict(self) -> dict[str, Any]:
        total = math.fsum(self.tiv.values())
        return {
            "tiv": self.tiv,
            "share_pct": {k: (100.0 * v / total if total else None) for k, v in self.tiv.items()},
            "deals": self.deals,
            "sources": self.sources,
            "fit": self.fit,
        }

    def to_json(self) -> str:
        return json.dumps(self.to_dict(), sort_keys=True)


# -- sources ----------------------------------------------------------------------------------


def _last_year(parsed: ParsedSource) -> int | None:
    years = parsed.deliveries["year"]
    return int(years.max()) if years.len() else None  # type: ignore[arg-type]


def profile_sources(store: Store, last_year: int) -> list[Release]:
    """Releases whose yearly values may stand for the register's: delivery-year exports first,
    then registers, newest first, each of the same or an earlier SIPRI update (its last
    delivery year not after the register's)."""
    out: list[tuple[int, Release]] = []
    for rel in store.releases():
        if not rel.deliveries:
            continue
        cov = store.coverage(rel)
        if cov.last_year is None or cov.last_year > last_year:
            continue
        rank = 0 if rel.format == SourceFormat.DELIVERY_YEAR.value else 1
        out.append((rank, rel))
    out.sort(key=lambda x: (x[0], -x[1].release_id))
    return [rel for _, rel in out]


def tiv_tables(store: Store, parsed: ParsedSource, last_year: int
               ) -> tuple[list[Release], dict[str, dict[tuple[str, int], float]]]:
    """The TIV tables generated with the register's data (values to the same last year,
    generated within 60 days of it): their releases and the margins by role."""
    margins: dict[str, dict[tuple[str, int], float]] = {"exporter": {}, "importer": {}}
    used: list[Release] = []
    for rel in store.releases():
        if rel.format != SourceFormat.TIV_TABLE.value or not rel.tiv_values:
            continue
        if parsed.generated_on and rel.generated_on and abs(
                rel.generated_on - parsed.generated_on) > timedelta(days=60):
            continue
        rows = store.execute(
            "SELECT actor, role, year, tiv FROM tiv_values WHERE release_id = ? "
            "AND tiv IS NOT NULL AND NOT lower(actor) LIKE 'total%'", [rel.release_id])
        if not rows or max(r[2] for r in rows) != last_year:
            continue
        for actor, role, year, tiv in rows:
            margins[role][(actor, year)] = float(tiv)
        used.append(rel)
    return used, margins


def _frame_of(parsed: ParsedSource) -> pl.DataFrame:
    """The register's deals in the matcher's shape, with their listed years."""
    return parsed.deals.select(_MATCH_COLUMNS).with_columns(
        pl.col("delivery_years").str.split("; ").list.eval(pl.element().cast(pl.Int32))
        .fill_null([]).alias("years"))


def _source_frame(store: Store, rel: Release) -> pl.DataFrame:
    from armsledger.diff.compare import _deal_frame

    return _deal_frame(store, rel, None)


def _profiles(store: Store, rel: Release) -> dict[str, Profile]:
    """The yearly (units, TIV) of every deal of ``rel`` that carries information: a deal
    whose values there were only split evenly says nothing about its years and is left out."""

    def read() -> dict[str, Profile]:
        out: dict[str, Profile] = defaultdict(dict)
        for deal, year, number, tiv in store.execute(
                "SELECT deal_id, year, number, coalesce(tiv, 0) FROM deliveries "
                "WHERE release_id = ? AND deal_id IN (SELECT deal_id FROM deliveries "
                "WHERE release_id = ? GROUP BY deal_id "
                "HAVING bool_or(coalesce(method, 'exact') <> 'even'))",
                [rel.release_id, rel.release_id]):
            out[deal][year] = (float(number) if number is not None else None, float(tiv))
        return dict(out)

    return store.memo(("profiles", rel.release_id), read)


# -- matching ---------------------------------------------------------------------------------

_SUFFIX = re.compile(r"\s+-\s*$")


def _normalised(frame: pl.DataFrame) -> pl.DataFrame:
    """Designations as both formats can compare them (the delivery-year export writes some
    with a trailing ' -')."""
    return frame.with_columns(pl.col("designation").str.replace(_SUFFIX.pattern, "")
                              .str.strip_chars())


def _tokens(designation: str | None) -> list[str]:
    text = re.sub(r"\([^)]*\)", " ", (designation or "").lower())
    return [t for t in re.split(r"[^a-z0-9]+", text) if t]


def _alike(a: list[str], b: list[str]) -> int:
    """How alike two designations' words are: shared words (of 3+ letters, or with a digit),
    else 1 when one written without spaces and hyphens begins the other (``A-400M`` /
    ``A400M Atlas``) or both start with the same word, else 0."""
    shared = {t for t in a if len(t) >= 3 or any(c.isdigit() for c in t)} & set(b)
    if shared:
        return len(shared)
    ca, cb = "".join(a), "".join(b)
    if len(ca) >= 3 and len(cb) >= 3 and (ca.startswith(cb) or cb.startswith(ca)):
        return 1
    return 1 if a and b and a[0] == b[0] else 0


def similar_pairs(old: pl.DataFrame, new: pl.DataFrame, taken: Iterable[tuple[int, int]]
                  ) -> list[tuple[int, int]]:
    """The ``similar`` tier for what the matcher's tiers left: same supplier and recipient,
    order years at most two apart, delivery years overlapping, and alike designations
    (:func:`_alike`: ``Typhoon-20`` / ``Eurofighter Typhoon Tranche-3``, ``P-8A`` / ``P-8A
    Poseidon``, ``A-400M`` / ``A400M Atlas``); the most alike, then the closest years and
    numbers win (greedy, deterministic)."""
    from armsledger.diff.matching import greedy

    used_o = {i for i, _ in taken}
    used_n = {j for _, j in taken}
    cols = ["supplier", "recipient", "order_year", "designation", "years", "number_delivered"]
    o_rows = old.select(cols).rows()
    n_rows = new.select(cols).rows()
    by_pair: dict[tuple[str, str], list[int]] = defaultdict(list)
    for i, r in enumerate(o_rows):
        if i not in used_o:
            by_pair[(r[0], r[1])].append(i)
    cands: list[tuple[tuple[float, ...], int, int]] = []
    for j, r in enumerate(n_rows):
        if j in used_n or not r[4]:
            continue
        words = _tokens(r[3])
        for i in by_pair.get((r[0], r[1]), ()):
            o = o_rows[i]
            if o[2] is None or r[2] is None or abs(o[2] - r[2]) > 2 or not o[4]:
                continue
            alike = _alike(_tokens(o[3]), words)
            if not alike:
                continue
            ys, yo = set(r[4]), set(o[4])
            overlap = len(ys & yo)
            if not overlap:
                continue
            cands.append(((-alike, -overlap / len(ys | yo), abs(o[2] - r[2]),
                           abs((o[5] or 0) - (r[5] or 0))), i, j))
    return greedy(cands)


def matched_profiles(store: Store, source: Release, register: pl.DataFrame
                     ) -> dict[str, Profile]:
    """Register deal id -> the yearly profile of its matched deal in ``source``."""
    from armsledger.diff.matching import match
    from armsledger.diff.renames import detect_renames

    old = _normalised(_source_frame(store, source))
    new = _normalised(register)
    renames = {r.old_name: r.new_name for r in detect_renames(old, new)}
    if renames:
        old = old.with_columns(pl.col("supplier", "recipient").replace(renames))
    pairs = [(i, j) for i, j, _ in match(old, new, False)]
    pairs += similar_pairs(old, new, pairs)
    profiles = _profiles(store, source)
    old_ids = old["deal_id"].to_list()
    new_ids = new["deal_id"].to_list()
    return {new_ids[j]: profiles[old_ids[i]] for i, j in pairs if old_ids[i] in profiles}


# -- allocation -------------------------------------------------------------------------------


def _shares(units: float | None, total: float, years: list[int], prof: Profile
            ) -> tuple[dict[int, float], dict[int, float], bool] | None:
    """(TIV share, units share, exact) per listed year from a matched deal's profile; None
    when the profile shares no year with the register's list."""
    common = [y for y in years if y in prof]
    if not common:
        return None
    extra = [y for y in years if y not in prof]
    by_units = units is not None and units > 0 and all(prof[y][0] is not None for y in common)
    weights = {y: float(prof[y][0] if by_units else prof[y][1]) for y in common}  # type: ignore[arg-type]
    whole = float(units) if by_units and units is not None else total
    have = math.fsum(weights.values())
    exact = not extra and set(prof) <= set(years) and abs(have - whole) <= 1e-6 * max(whole, 1)
    if extra:
        rest = whole - have
        if rest > 1e-9:
            for y in extra:
                weights[y] = rest / len(extra)
        else:  # nothing beyond the earlier release: its profile stands, the new years get 0
            for y in extra:
                weights[y] = 0.0
    norm = math.fsum(weights.values())
    if norm <= 0:
        return None
    share = {y: weights[y] / norm for y in years}
    return share, share, exact


def _spread(units: int | None, share: dict[int, float]) -> dict[int, int | None]:
    """Whole units per year in proportion to ``share`` (largest remainders), summing to
    ``units``."""
    if units is None:
        return dict.fromkeys(share)
    raw = {y: units * s for y, s in share.items()}
    whole = {y: int(math.floor(v)) for y, v in raw.items()}
    left = units - sum(whole.values())
    for y in sorted(raw, key=lambda y: (whole[y] - raw[y], y))[:max(left, 0)]:
        whole[y] += 1
    return {y: n for y, n in whole.items()}


# -- the fit ----------------------------------------------------------------------------------


def fit_to_margins(cells: pl.DataFrame, margins: dict[str, dict[tuple[str, int], float]]
                   ) -> tuple[np.ndarray, dict[str, Any]]:
    """Iterative proportional fitting of the adjustable cells to supplier x year and recipient
    x year totals, each deal's total kept. ``cells``: deal_id, supplier, recipient, year, tiv,
    fixed (bool). Returns the fitted TIV per cell and the residuals."""
    tiv = cells["tiv"].to_numpy().astype(float).copy()
    fixed = cells["fixed"].to_numpy()
    adjustable = ~fixed
    deal_idx = cells["deal_id"].cast(pl.Categorical).to_physical().to_numpy()
    totals = np.bincount(deal_idx, weights=tiv)
    sides = []
    for role, col in (("exporter", "supplier"), ("importer", "recipient")):
        keys = list(zip(cells[col].to_list(), cells["year"].to_list(), strict=True))
        index: dict[tuple[str, int], int] = {}
        idx = np.array([index.setdefault(k, len(index)) for k in keys])
        target = np.full(len(index), np.nan)
        for k, i in index.items():
            if k in margins[role]:
                target[i] = margins[role][k]
        sides.append((role, idx, target))
    iteration = 0
    for iteration in range(1, FIT_ITERATIONS + 1):  # noqa: B007 - reported below
        worst = 0.0
        for _, idx, target in sides:
            free = np.bincount(idx, weights=np.where(adjustable, tiv, 0.0), minlength=len(target))
            held = np.bincount(idx, weights=np.where(fixed, tiv, 0.0), minlength=len(target))
            want = target - held
            ok = ~np.isnan(target) & (free > 0) & (want > 0)
            factor = np.ones(len(target))
            factor[ok] = want[ok] / free[ok]
            tiv = np.where(adjustable, tiv * factor[idx], tiv)
        now = np.bincount(deal_idx, weights=tiv)
        scale = np.divide(totals, now, out=np.ones_like(totals), where=now > 0)
        tiv = np.where(adjustable, tiv * scale[deal_idx], tiv)
        for _, idx, target in sides:
            got = np.bincount(idx, weights=tiv, minlength=len(target))
            has = ~np.isnan(target) & (target > 0)
            if has.any():
                worst = max(worst, float(np.max(np.abs(got[has] - target[has]) / target[has])))
        if worst < FIT_TOLERANCE:
            break
    residual = {}
    for role, idx, target in sides:
        got = np.bincount(idx, weights=tiv, minlength=len(target))
        has = ~np.isnan(target) & (target > 0)
        diff = np.abs(got[has] - target[has]) / target[has] if has.any() else np.array([0.0])
        residual[role] = {"margins": int(has.sum()), "median_pct": float(np.median(diff) * 100),
                          "max_pct": float(np.max(diff) * 100)}
    return tiv, {"iterations": iteration, "residual": residual}


# -- the whole ----------------------------------------------------------------------------------


def reconstruct(store: Store, parsed: ParsedSource) -> Reconstruction | None:
    """Rebuild the yearly values of a register (``parsed.deliveries`` is replaced); None for
    other formats. See the module docstring for the method and the labels."""
    if parsed.format != SourceFormat.TRADE_REGISTER or parsed.deliveries.height == 0:
        return None
    last = _last_year(parsed)
    if last is None:
        return None
    summary = Reconstruction()
    register = _frame_of(parsed)
    deals = {r["deal_id"]: r for r in parsed.deals.select(
        "deal_id", "supplier", "recipient", "number_delivered", "tiv_delivered").iter_rows(
        named=True)}
    listed: dict[str, list[int]] = defaultdict(list)
    for deal, year in parsed.deliveries.select("deal_id", "year").iter_rows():
        listed[deal].append(year)
    open_deals = {d for d, ys in listed.items() if len(ys) > 1}
    alloc: dict[str, tuple[dict[int, float], dict[int, int | None], str, str | None]] = {}
    for source in profile_sources(store, last):
        if not open_deals:
            break
        found = matched_profiles(store, source, register.filter(
            pl.col("deal_id").is_in(list(open_deals))))
        used = 0
        for deal, prof in found.items():
            d = deals[deal]
            total = d["tiv_delivered"] or 0.0
            got = _shares(d["number_delivered"], total, sorted(listed[deal]), prof)
            if got is None:
                continue
            share, unit_share, exact = got
            is_exact = exact and source.format == SourceFormat.DELIVERY_YEAR.value
            method = "exact" if is_exact else "reconstructed"
            note = (f"yearly values of release {source.name}" if is_exact else
                    f"yearly units of the matched deal in release {source.name}")
            alloc[deal] = ({y: total * s for y, s in share.items()},
                           _spread(d["number_delivered"], unit_share), method, note)
            open_deals.discard(deal)
            used += 1
        summary.sources.append({"release": source.name, "format": source.format,
                                "deals_matched": used})
    rows = []
    for deal, year, number, tiv, method, how in parsed.deliveries.select(
            "deal_id", "year", "number", "tiv", "method", "method_source").iter_rows():
        if deal in alloc:
            values, units, method, how = alloc[deal]
            tiv, number = values[year], units[year]
        rows.append((deal, year, number, tiv, method, how))
    cells = pl.DataFrame(rows, schema={"deal_id": pl.String, "year": pl.Int32,
                                       "number": pl.Int64, "tiv": pl.Float64,
                                       "method": pl.String, "method_source": pl.String},
                         orient="row")
    tables, margins = tiv_tables(store, parsed, last)
    if tables:
        who = parsed.deals.select("deal_id", "supplier", "recipient")
        cells = cells.join(who, on="deal_id", how="left", maintain_order="left")
        fixed = cells["method"] == "exact"
        fitted, info = fit_to_margins(cells.with_columns(fixed.alias("fixed"),
                                                         pl.col("tiv").fill_null(0.0)), margins)
        note = "fitted to the TIV tables of release(s) " + ", ".join(t.name for t in tables)
        cells = cells.with_columns(
            pl.when(fixed).then(pl.col("tiv")).otherwise(pl.Series(fitted)).alias("tiv"),
            pl.when(fixed).then(pl.col("method")).otherwise(pl.lit("reconstructed"))
            .alias("method"),
            pl.when(fixed | (pl.col("method") == "reconstructed"))
            .then(pl.col("method_source"))
            .otherwise(pl.lit(note)).alias("method_source"),
        ).drop("supplier", "recipient")
        summary.fit = {"tables": [t.name for t in tables], **info}
    flags = parsed.deals.select("deal_id", "number_delivered_estimated")
    old = parsed.deliveries.drop("number", "tiv", "method", "method_source")
    joined = old.with_columns(cells.select("number", "tiv", "method", "method_source")).join(
        flags, on="deal_id", how="left", maintain_order="left")
    parsed.deliveries = joined.with_columns(
        (pl.col("method") != "exact").alias("split_estimated"),
        (pl.col("number_delivered_estimated").fill_null(False)
         | (pl.col("method") != "exact")).alias("number_estimated"),
    ).select(parsed.deliveries.columns)
    for method, tiv, n in parsed.deliveries.group_by("method").agg(
            pl.col("tiv").sum(), pl.col("deal_id").n_unique()).iter_rows():
        summary.tiv[method] = float(tiv or 0.0)
        summary.deals[method] = int(n)
    return summary
