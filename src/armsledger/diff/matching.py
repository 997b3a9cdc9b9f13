"""Deal matching between two releases (step 2 of :mod:`armsledger.diff`) and the field-by-field
comparison of each matched pair.

Releases that both carry SIPRI's deal ids match on them. Registers have none, so the tiers of
:data:`TIERS` each match what the earlier ones left: ``exact``, ``exact_numbers``, ``loose``,
``designation`` (the package docstring says what each compares). Every assignment is greedy
and deterministic: best candidates first, ties broken by order of appearance.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Callable, Iterable
from typing import Any, TypeVar

import polars as pl

from armsledger.diff.records import ChangedDeal, FieldChange

__all__ = ["COMPARED_FIELDS", "TIERS", "Pair", "changes", "greedy", "match"]

TIERS = ("deal_id", "exact", "exact_numbers", "loose", "designation")
"""Match tiers, in the order they are tried (see the package docstring)."""

COMPARED_FIELDS = ("tiv_unit", "tiv_order", "tiv_delivered", "number_ordered",
                   "number_delivered", "delivery_years", "status", "order_year",
                   "order_year_estimated", "designation", "description", "category", "comments")
"""Fields compared for every matched pair (those one of the two formats lacks are skipped)."""

_FLOAT_FIELDS = {"tiv_unit", "tiv_order", "tiv_delivered"}
_TOL = 1e-9

Pair = tuple[int, int, str]
"""(old row, new row, tier): rows index the deal frames of the two releases."""

Row = tuple[Any, ...]
Score = tuple[float, ...]
"""A candidate's score: tuples compare item by item, lowest first (bools and ints count as
numbers)."""

_O = TypeVar("_O", int, str)
_N = TypeVar("_N", int, str)


def greedy(cands: Iterable[tuple[Score, _O, _N]]) -> list[tuple[_O, _N]]:
    """Best candidates first (lowest score, then the pair itself), each item used once: a
    deterministic assignment."""
    out: list[tuple[_O, _N]] = []
    used_o: set[_O] = set()
    used_n: set[_N] = set()
    for _, i, j in sorted(cands):
        if i not in used_o and j not in used_n:
            out.append((i, j))
            used_o.add(i)
            used_n.add(j)
    return out


def _similar(a: Row, b: Row) -> int:
    return sum(x == y for x, y in zip(a, b, strict=True))


def _gap(a: int | None, b: int | None) -> float:
    return abs(a - b) if a is not None and b is not None else float("inf")


def _ties(olds: list[int], news: list[int], num_o: list[int | None], num_n: list[int | None],
          sig_o: list[Row], sig_n: list[Row]) -> list[tuple[int, int]]:
    """Pair deals sharing a key: equal numbers ordered first, then the most other equal
    fields, then the closest numbers, then order of appearance."""
    return greedy([((num_o[i] != num_n[j], -_similar(sig_o[i], sig_n[j]),
                     _gap(num_o[i], num_n[j]), a, b), i, j)
                   for a, i in enumerate(olds) for b, j in enumerate(news)])


def match(old: pl.DataFrame, new: pl.DataFrame, by_id: bool) -> list[Pair]:
    """(old row, new row, tier) pairs; rows index the frames (sorted by source line)."""
    if by_id:
        index = {d: j for j, d in enumerate(new["deal_id"].to_list())}
        return [(i, index[d], "deal_id") for i, d in enumerate(old["deal_id"].to_list())
                if d in index]
    cols = ["supplier", "recipient", "order_year", "designation", "description"]
    o_rows: list[Row] = list(old.select(cols).iter_rows())
    n_rows: list[Row] = list(new.select(cols).iter_rows())
    num_o: list[int | None] = old["number_ordered"].to_list()
    num_n: list[int | None] = new["number_ordered"].to_list()
    est_o, est_n = old["order_year_estimated"].to_list(), new["order_year_estimated"].to_list()
    cat_o, cat_n = old["category"].to_list(), new["category"].to_list()
    sig = ["order_year_estimated", "number_delivered", "tiv_unit", "status", "comments",
           "delivery_years"]
    sig_o: list[Row] = list(old.select(sig).iter_rows())
    sig_n: list[Row] = list(new.select(sig).iter_rows())
    pairs: list[Pair] = []
    done_o: set[int] = set()
    done_n: set[int] = set()

    def group(rows: list[Row], done: set[int], key: Callable[[int, Row], Row | None]
              ) -> dict[Row, list[int]]:
        out: dict[Row, list[int]] = defaultdict(list)
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
    cands: list[tuple[Score, int, int]] = []
    for k, olds in go.items():
        for i in olds:
            for j in gn.get(k, ()):
                yo, yn = o_rows[i][2], n_rows[j][2]
                dy = abs(yo - yn) if yo is not None and yn is not None else None
                if dy is None or dy <= 1 or (dy <= 3 and (est_o[i] or est_n[j])):
                    cands.append(((dy if dy is not None else 9, o_rows[i][4] != n_rows[j][4],
                                   _gap(num_o[i], num_n[j]), -_similar(sig_o[i], sig_n[j])),
                                  i, j))
    for i, j in greedy(cands):
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


def changes(old: pl.DataFrame, new: pl.DataFrame, pairs: list[Pair],
            fields: list[str]) -> tuple[list[ChangedDeal], int]:
    """The matched pairs whose ``fields`` differ (substantive first, then by TIV impact) and
    the number of pairs left unchanged."""
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
