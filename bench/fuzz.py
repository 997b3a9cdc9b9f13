"""Fuzzing the SIPRI readers: every mutated file parses into valid tables or fails with
armsledger's own error (issue 13, "every failure is the project's error").

This is a check, not a timing: it exits 1 when any case failed (an untyped exception, tables
that break the store's rules, a load that fails, a store changed by a failed load), else 0.

Each case takes one of the real excerpts in ``tests/data/sipri`` (a delivery-year export,
three registers, two TIV tables) and applies one mutation (or a stack of two to four): byte
flips and inserted bytes, truncation, deleted, duplicated or swapped lines, a field longer
than the csv module's limit, an unclosed quote, odd cell values ('2018;;', '0000', '1e309',
'nan', full-width digits, ...), Latin-1, cp1252 and UTF-16 text, a UTF-8 byte-order mark
before invalid bytes, other line ends, gzip (intact or damaged). The file is read with
:func:`armsledger.sources.read_source`, the entry point of ``armsledger load``. Then:

- it raised an :class:`~armsledger.errors.ArmsledgerError` whose problems name the file:
  ``typed`` (counted by error code); ``load_file`` into a store that already holds a release
  must raise the same error and leave the store as it was (releases and row counts);
- it parsed: its tables must hold what the store's schema requires (no null deal id, year,
  supplier, recipient or line; years in range; TIV values finite and non-negative; deal ids
  unique, one delivery per deal and year, every delivery's deal present; one TIV value per
  actor and year), and ``Store.load`` into a fresh in-memory store must succeed: ``ok``;
- anything else is a failure: ``untyped`` (any other exception; the first tracebacks are
  shown), ``invalid`` (parsed tables that break a rule) or ``load_failed``/``store_changed``.

Case ``i`` of seed ``s`` is drawn from ``random.Random(f"{s}:{i}")``: ``--case i`` runs one
case again, and ``--keep DIR`` keeps every failing input file.

Usage::

    .venv/bin/python bench/fuzz.py [--cases 10000] [--seed 0] [--case I] [--keep DIR]

tests/test_fuzz_readers.py runs a few hundred cases of the same mutations with hypothesis.
"""

from __future__ import annotations

import argparse
import gzip
import random
import shutil
import sys
import tempfile
import time
import traceback
from collections import Counter
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import date
from pathlib import Path
from typing import Any

REPO = Path(__file__).resolve().parents[1]
SEED_DIR = REPO / "tests" / "data" / "sipri"
SEED_FILES = (
    "delivery-year-2026-02.csv",
    "trade-register-2024-10.csv",
    "trade-register-2025.csv",
    "trade-register-2025-deliveries.csv",
    "tiv-imports-2024-10.csv",
    "tiv-exports-2024-10.csv",
)
"""Small excerpts of SIPRI's real files, bytes unchanged (tests/data/sipri/SOURCE.md)."""

FIRST_YEAR = 1950
"""SIPRI's data start in 1950: a TIV table's years lie from here to next year."""
CSV_FIELD_LIMIT = 131_072
"""The csv module's default field size limit."""

Mutator = Callable[[bytes, random.Random], bytes]

# --- mutations ---------------------------------------------------------------------------------

SPECIAL_BYTES = (b'"', b",", b"\n", b"\r", b"\r\n", b";", b"\x00", b"\xff", b"\xc3", b" ",
                 b"?", b"-", b"9", b"\t", b"\x1b", b"\xe2\x80")
ODD_VALUES = (
    b"", b" ", b"-1", b"0", b"0000", b"1900", b"1949", b"2100", b"9999",
    b"99999999999999999999", b"1e309", b"-0", b"-0.0", b"nan", b"NaN", b"inf", b"-inf",
    b"2018;;", b";", b"; 2019", b";2018", b"2018; 2018", b"2018;2019", b"?", b"??", b"1.5",
    b"0x10", b"1_000", b"+5", "\uff12\uff10\uff11\uff18".encode(), "\u0662\u0660".encode(),
    b'"', b'"a,b"', b'"a""b"', b"Yes", b"No", b"New", b"Second hand", b"\xff", b"\xef\xbb\xbf",
    b"Recipient", b"SIPRI AT Database ID", b"Exports by",
)
"""Cell values that have broken readers before, or are at the edge of a rule."""
HEADER_YEARS = (b"0000", b"1900", b"1949", b"1950", str(date.today().year + 1).encode(),
                str(date.today().year + 2).encode(), b"9999", b"2000", b"2020")


def _lines(data: bytes) -> list[bytes]:
    return data.split(b"\n")


def _pick_line(lines: list[bytes], rnd: random.Random) -> int:
    """A line index, most often a data line or the header (the preamble is rarely interesting)."""
    if rnd.random() < 0.2:
        return rnd.randrange(min(len(lines), 14))
    return rnd.randrange(len(lines))


def flip_bytes(data: bytes, rnd: random.Random) -> bytes:
    out = bytearray(data)
    for _ in range(rnd.randint(1, 8)):
        if out:
            out[rnd.randrange(len(out))] ^= 1 << rnd.randrange(8)
    return bytes(out)


def random_bytes(data: bytes, rnd: random.Random) -> bytes:
    out = bytearray(data)
    for _ in range(rnd.randint(1, 4)):
        if out:
            out[rnd.randrange(len(out))] = rnd.randrange(256)
    return bytes(out)


def insert_bytes(data: bytes, rnd: random.Random) -> bytes:
    for _ in range(rnd.randint(1, 4)):
        i = rnd.randrange(len(data) + 1)
        data = data[:i] + rnd.choice(SPECIAL_BYTES) + data[i:]
    return data


def truncate(data: bytes, rnd: random.Random) -> bytes:
    return data[: rnd.randrange(len(data) + 1)]


def delete_lines(data: bytes, rnd: random.Random) -> bytes:
    lines = _lines(data)
    for _ in range(rnd.randint(1, 3)):
        if len(lines) > 1:
            del lines[_pick_line(lines, rnd)]
    return b"\n".join(lines)


def duplicate_lines(data: bytes, rnd: random.Random) -> bytes:
    lines = _lines(data)
    for _ in range(rnd.randint(1, 3)):
        i = _pick_line(lines, rnd)
        lines.insert(rnd.randrange(len(lines) + 1) if rnd.random() < 0.3 else i, lines[i])
    return b"\n".join(lines)


def swap_lines(data: bytes, rnd: random.Random) -> bytes:
    lines = _lines(data)
    i, j = _pick_line(lines, rnd), _pick_line(lines, rnd)
    lines[i], lines[j] = lines[j], lines[i]
    return b"\n".join(lines)


def long_field(data: bytes, rnd: random.Random) -> bytes:
    """A field around or past the csv module's limit (quoted or not)."""
    lines = _lines(data)
    i = _pick_line(lines, rnd)
    size = rnd.choice((CSV_FIELD_LIMIT - 1, CSV_FIELD_LIMIT + 1, 200_000,
                       rnd.randint(1_000, 300_000)))
    filler = rnd.choice((b"x", b"9", b"ab ", b"\xc3\xa9")) * size
    if rnd.random() < 0.5:
        filler = b'"' + filler + b'"'
    cells = lines[i].split(b",")
    cells.insert(rnd.randrange(len(cells) + 1), filler)
    lines[i] = b",".join(cells)
    return b"\n".join(lines)


def unclosed_quote(data: bytes, rnd: random.Random) -> bytes:
    lines = _lines(data)
    i = _pick_line(lines, rnd)
    cells = lines[i].split(b",")
    j = rnd.randrange(len(cells))
    cells[j] = b'"' + cells[j]
    lines[i] = b",".join(cells)
    return b"\n".join(lines)


def odd_cell(data: bytes, rnd: random.Random) -> bytes:
    """One to three cells replaced by values at the edge of a rule."""
    lines = _lines(data)
    for _ in range(rnd.randint(1, 3)):
        i = _pick_line(lines, rnd)
        cells = lines[i].split(b",")
        cells[rnd.randrange(len(cells))] = rnd.choice(ODD_VALUES)
        lines[i] = b",".join(cells)
    return b"\n".join(lines)


def header_year(data: bytes, rnd: random.Random) -> bytes:
    """A year in a header (a TIV table's columns) replaced: out of range, or repeated."""
    lines = _lines(data)
    for i, line in enumerate(lines[:30]):
        cells = line.split(b",")
        years = [j for j, c in enumerate(cells) if len(c.strip()) == 4 and c.strip().isdigit()]
        if len(years) > 3:
            j = rnd.choice(years)
            cells[j] = rnd.choice((*HEADER_YEARS, cells[rnd.choice(years)]))
            lines[i] = b",".join(cells)
            return b"\n".join(lines)
    return odd_cell(data, rnd)


def empty_cells(data: bytes, rnd: random.Random) -> bytes:
    lines = _lines(data)
    i = _pick_line(lines, rnd)
    lines[i] = b"," * lines[i].count(b",") + (b"\r" if lines[i].endswith(b"\r") else b"")
    return b"\n".join(lines)


def _text(data: bytes) -> str:
    """The seed's text (the excerpts are UTF-8, UTF-8 with a BOM, or Latin-1)."""
    data = data.removeprefix(b"\xef\xbb\xbf")
    try:
        return data.decode("utf-8")
    except UnicodeDecodeError:
        return data.decode("latin-1")


def _sprinkle(text: str, rnd: random.Random, chars: str) -> str:
    for _ in range(rnd.randint(1, 4)):
        i = rnd.randrange(len(text) + 1)
        text = text[:i] + rnd.choice(chars) + text[i:]
    return text


def latin1(data: bytes, rnd: random.Random) -> bytes:
    return _sprinkle(_text(data), rnd, "éüçÅñ°").encode("latin-1", errors="replace")


def cp1252(data: bytes, rnd: random.Random) -> bytes:
    return _sprinkle(_text(data), rnd, "“”–€é").encode("cp1252", errors="replace")


def utf16(data: bytes, rnd: random.Random) -> bytes:
    out = _sprinkle(_text(data), rnd, "€ü").encode(rnd.choice(("utf-16", "utf-16-le", "utf-16-be")))
    if rnd.random() < 0.3:  # odd length, or a lone surrogate
        out = out[:-1] if rnd.random() < 0.5 else out + b"\x00\xd8"
    return out


def bom_invalid_utf8(data: bytes, rnd: random.Random) -> bytes:
    bad = rnd.choice((b"\xff", b"\xc3", b"\xe9", b"\xed\xa0\x80", b"\xc0\xaf", b"\xf8\x88\x80"))
    i = rnd.randrange(len(data) + 1)
    return b"\xef\xbb\xbf" + data[:i] + bad + data[i:]


def bom(data: bytes, rnd: random.Random) -> bytes:
    return b"\xef\xbb\xbf" + _text(data).encode()


def line_ends(data: bytes, rnd: random.Random) -> bytes:
    lf = data.replace(b"\r\n", b"\n")
    return rnd.choice((lf, lf.replace(b"\n", b"\r\n"), lf.replace(b"\n", b"\r"),
                       lf.replace(b"\n", b"\n\n"), lf + b"\n\n\n", lf.rstrip(b"\n")))


def gzip_intact(data: bytes, rnd: random.Random) -> bytes:
    return gzip.compress(data, mtime=0)


def gzip_damaged(data: bytes, rnd: random.Random) -> bytes:
    packed = bytearray(gzip.compress(data, mtime=0))
    how = rnd.randrange(5)
    if how == 0:  # a flipped bit in the deflate stream or the header
        packed[rnd.randrange(2, len(packed))] ^= 1 << rnd.randrange(8)
    elif how == 1:  # truncated
        packed = packed[: rnd.randrange(2, len(packed))]
    elif how == 2:  # CRC or length in the trailer
        packed[rnd.randrange(len(packed) - 8, len(packed))] ^= 0xFF
    elif how == 3:  # trailing garbage or a broken second member
        packed += rnd.choice((b"\x00\x01garbage", b"\x1f\x8b\x08\x00broken", b"\x1f"))
    else:  # the gzip magic in front of plain text
        packed = bytearray(b"\x1f\x8b" + data)
    return bytes(packed)


MUTATORS: dict[str, Mutator] = {
    "flip_bytes": flip_bytes,
    "random_bytes": random_bytes,
    "insert_bytes": insert_bytes,
    "truncate": truncate,
    "delete_lines": delete_lines,
    "duplicate_lines": duplicate_lines,
    "swap_lines": swap_lines,
    "long_field": long_field,
    "unclosed_quote": unclosed_quote,
    "odd_cell": odd_cell,
    "header_year": header_year,
    "empty_cells": empty_cells,
    "latin1": latin1,
    "cp1252": cp1252,
    "utf16": utf16,
    "bom": bom,
    "bom_invalid_utf8": bom_invalid_utf8,
    "line_ends": line_ends,
    "gzip_intact": gzip_intact,
    "gzip_damaged": gzip_damaged,
}
"""Every mutation by name (each takes the file's bytes and a Random)."""

_LAST = ("utf16", "latin1", "cp1252", "bom", "bom_invalid_utf8", "gzip_intact", "gzip_damaged")
"""Mutations of the whole file's encoding: in a stack they come last (a byte flip inside gzip
data is what gzip_damaged does)."""


def stack(data: bytes, rnd: random.Random) -> bytes:
    """Two to four mutations in a row, at most one of them changing the file's encoding."""
    inner = [n for n in MUTATORS if n not in _LAST]
    names = [rnd.choice(inner) for _ in range(rnd.randint(1, 3))]
    names.append(rnd.choice(list(MUTATORS)))
    for name in names:
        data = MUTATORS[name](data, rnd)
    return data


ALL_MUTATIONS: dict[str, Mutator] = {**MUTATORS, "stack": stack}


def seeds() -> dict[str, bytes]:
    """The excerpts every case starts from, by file name."""
    return {name: (SEED_DIR / name).read_bytes() for name in SEED_FILES}


def draw(seed_data: dict[str, bytes], rnd: random.Random) -> tuple[str, str, bytes]:
    """``(seed name, mutation name, mutated bytes)`` of one case."""
    name = rnd.choice(SEED_FILES)
    mutation = rnd.choice(list(ALL_MUTATIONS))
    return name, mutation, ALL_MUTATIONS[mutation](seed_data[name], rnd)


# --- checking one case -------------------------------------------------------------------------


def invariants(parsed: Any) -> list[str]:
    """What a parsed file breaks of the store's rules (empty: it fits)."""
    import polars as pl

    from armsledger.sources.base import DEAL_SCHEMA, DELIVERY_SCHEMA, TIV_VALUE_SCHEMA
    from armsledger.sources.convert import MAX_YEAR, MIN_YEAR

    bad: list[str] = []

    def check(frame: pl.DataFrame, what: str, rule: pl.Expr) -> None:
        n = frame.height - frame.select(rule.fill_null(False).sum()).item()
        if n:
            bad.append(f"{n} row(s) of {what}")

    def nonneg(c: str) -> pl.Expr:
        return pl.col(c).is_null() | (pl.col(c).is_finite() & (pl.col(c) >= 0))

    for frame, schema, table in ((parsed.deals, DEAL_SCHEMA, "deals"),
                                 (parsed.deliveries, DELIVERY_SCHEMA, "deliveries"),
                                 (parsed.tiv_values, TIV_VALUE_SCHEMA, "tiv_values")):
        if dict(frame.schema) != schema:
            bad.append(f"{table}: columns {dict(frame.schema)} are not the schema's")
            return bad
    deals, deliveries, tivs = parsed.deals, parsed.deliveries, parsed.tiv_values
    text_set = [pl.col(c).is_not_null() & (pl.col(c).str.strip_chars() != "")
                for c in ("deal_id", "supplier", "recipient")]
    check(deals, "deals with an empty deal id, supplier or recipient", pl.all_horizontal(text_set))
    check(deals, "deals without a source line >= 1", pl.col("source_line") >= 1)
    check(deals, "deals with an order year out of range",
          pl.col("order_year").is_null() | pl.col("order_year").is_between(MIN_YEAR, MAX_YEAR))
    check(deals, "deals with a negative number",
          pl.all_horizontal([pl.col(c).is_null() | (pl.col(c) >= 0)
                             for c in ("number_ordered", "number_delivered")]))
    check(deals, "deals with a negative or non-finite TIV",
          pl.all_horizontal([nonneg(c) for c in ("tiv_unit", "tiv_unit_new", "tiv_order",
                                                 "tiv_delivered")]))
    if deals["deal_id"].n_unique() != deals.height:
        bad.append("deal ids are not unique")
    check(deliveries, "deliveries without a deal id", pl.col("deal_id").is_not_null())
    check(deliveries, "deliveries with a null or out-of-range year",
          pl.col("year").is_between(MIN_YEAR, MAX_YEAR))
    check(deliveries, "deliveries without split_estimated or a source line",
          pl.col("split_estimated").is_not_null() & (pl.col("source_line") >= 1))
    check(deliveries, "deliveries with a negative number",
          pl.col("number").is_null() | (pl.col("number") >= 0))
    check(deliveries, "deliveries with a negative or non-finite TIV", nonneg("tiv"))
    check(deliveries, "deliveries with an unknown method",
          pl.col("method").is_in(["exact", "reconstructed", "even"]))
    if deliveries.select(pl.struct("deal_id", "year").is_duplicated().any()).item():
        bad.append("a deal has two deliveries in one year")
    orphans = deliveries.join(deals, on="deal_id", how="anti").height
    if orphans:
        bad.append(f"{orphans} deliveries of a deal that is not in deals")
    check(tivs, "TIV values without an actor",
          pl.col("actor").is_not_null() & (pl.col("actor").str.strip_chars() != ""))
    check(tivs, "TIV values with an unknown role", pl.col("role").is_in(["exporter", "importer"]))
    check(tivs, "TIV values with a null or out-of-range year",
          pl.col("year").is_between(FIRST_YEAR, date.today().year + 1))
    check(tivs, "TIV values that are negative or not finite", nonneg("tiv"))
    check(tivs, "TIV values without a source line >= 1", pl.col("source_line") >= 1)
    if tivs.select(pl.struct("actor", "role", "year").is_duplicated().any()).item():
        bad.append("an actor has two TIV values for one year")
    if parsed.source_rows < 0:
        bad.append("negative source_rows")
    return bad


@dataclass(slots=True)
class Outcome:
    """One case's result: ``kind`` is ok, typed, untyped, invalid, load_failed or
    store_changed; ``code`` the error code (typed); ``detail`` what went wrong."""

    kind: str
    code: str | None = None
    detail: str = ""

    @property
    def failed(self) -> bool:
        return self.kind not in ("ok", "typed")


def _summary(e: BaseException) -> str:
    """An exception with the innermost frames of its traceback (where it was raised)."""
    frames = traceback.extract_tb(e.__traceback__)[-3:]
    where = " <- ".join(f"{Path(f.filename).name}:{f.lineno} {f.name}" for f in reversed(frames))
    return f"{type(e).__module__}.{type(e).__qualname__}: {str(e)[:300]}\n    at {where}"


@dataclass
class Fuzzer:
    """Runs cases in ``workdir`` against a store that holds one release (``baseline``)."""

    workdir: Path
    store: Any = None
    before: dict[str, Any] = field(default_factory=dict)

    def __post_init__(self) -> None:
        from armsledger.ingest import load_file
        from armsledger.store import Store

        self.workdir.mkdir(parents=True, exist_ok=True)
        self.store = Store(self.workdir / "baseline.duckdb")
        if not self.store.releases():
            load_file(self.store, SEED_DIR / "trade-register-2025.csv", name="baseline")
        self.before = snapshot(self.store)

    def close(self) -> None:
        self.store.close()

    def run(self, data: bytes, name: str = "case.csv") -> Outcome:
        """Read ``data`` as a file named ``name`` and check the result (see the module doc)."""
        from armsledger.errors import ArmsledgerError
        from armsledger.sources import read_source

        path = self.workdir / name
        path.write_bytes(data)
        try:
            try:
                parsed = read_source(path)
            except ArmsledgerError as e:
                return self._typed(e, path)
            except (KeyboardInterrupt, SystemExit):
                raise
            except BaseException as e:  # what this check looks for (a polars panic is no
                return Outcome("untyped", detail=_summary(e))  # Exception)
            bad = invariants(parsed)
            if bad:
                return Outcome("invalid", detail="; ".join(bad))
            return self._loads(parsed)
        finally:
            path.unlink(missing_ok=True)

    def _typed(self, error: Any, path: Path) -> Outcome:
        from armsledger.errors import ArmsledgerError, InputError
        from armsledger.ingest import load_file

        code = error.code
        if isinstance(error, InputError):
            if not error.problems or any(p.file != str(path) for p in error.problems):
                return Outcome("invalid", code, f"problems that do not name the file: {error}")
        try:
            load_file(self.store, path)
        except ArmsledgerError as again:
            if type(again) is not type(error):
                return Outcome("invalid", code, f"load_file raised {again!r}, read {error!r}")
        except (KeyboardInterrupt, SystemExit):
            raise
        except BaseException as e:
            return Outcome("untyped", code, "load_file: " + _summary(e))
        else:
            return Outcome("invalid", code, f"read_source raised {error!r}; load_file did not")
        if snapshot(self.store) != self.before:
            return Outcome("store_changed", code, f"a failed load changed the store ({error})")
        return Outcome("typed", code)

    def _loads(self, parsed: Any) -> Outcome:
        from armsledger.store import Store

        with Store(":memory:") as store:
            empty = snapshot(store)
            try:
                store.load(parsed)
            except (KeyboardInterrupt, SystemExit):
                raise
            except BaseException as e:  # a parsed file must load
                changed = snapshot(store) != empty
                return Outcome("load_failed", getattr(e, "code", None),
                               _summary(e) + ("; the store changed" if changed else ""))
        return Outcome("ok")


def snapshot(store: Any) -> dict[str, Any]:
    """The store's releases and row counts (what a failed load must not change)."""
    counts = {t: store.query(f"SELECT count(*) AS n FROM {t}")["n"][0]
              for t in ("releases", "actors", "deals", "deliveries", "tiv_values", "flows",
                        "facts", "load_warnings")}
    names = store.query("SELECT name FROM releases ORDER BY name")["name"].to_list()
    return {"releases": names, **counts}


# --- the long run ------------------------------------------------------------------------------


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--cases", type=int, default=10_000, help="number of cases (10000)")
    ap.add_argument("--seed", default="0", help="seed of the cases (0)")
    ap.add_argument("--case", type=int, default=None, help="run only case I of the seed")
    ap.add_argument("--keep", type=Path, default=None, help="save failing inputs in DIR")
    ap.add_argument("--show", type=int, default=5, help="failures to show in full (5)")
    args = ap.parse_args(argv)

    t0 = time.perf_counter()
    seed_data = seeds()
    workdir = Path(tempfile.mkdtemp(prefix="armsledger-fuzz-"))
    fuzzer = Fuzzer(workdir)
    kinds: Counter[str] = Counter()
    codes: Counter[str] = Counter()
    by_mutation: dict[str, Counter[str]] = {}
    failures: list[tuple[int, str, str, Outcome]] = []
    distinct: Counter[str] = Counter()
    indices = [args.case] if args.case is not None else range(args.cases)
    try:
        for n, i in enumerate(indices, 1):
            rnd = random.Random(f"{args.seed}:{i}")
            seed_name, mutation, data = draw(seed_data, rnd)
            outcome = fuzzer.run(data)
            kinds[outcome.kind] += 1
            by_mutation.setdefault(mutation, Counter())[outcome.kind] += 1
            if outcome.kind == "typed" and outcome.code:
                codes[outcome.code] += 1
            if outcome.failed:
                failures.append((i, seed_name, mutation, outcome))
                distinct[outcome.detail.split("\n")[0][:120]] += 1
                if args.keep:
                    args.keep.mkdir(parents=True, exist_ok=True)
                    (args.keep / f"case-{args.seed}-{i}.csv").write_bytes(data)
            if n % 1000 == 0:
                print(f"  {n} cases, {len(failures)} failed, {time.perf_counter() - t0:.0f} s",
                      file=sys.stderr, flush=True)
    finally:
        fuzzer.close()
        shutil.rmtree(workdir, ignore_errors=True)
    elapsed = time.perf_counter() - t0
    total = sum(kinds.values())
    print(f"fuzz: seed {args.seed}, {total} cases in {elapsed:.0f} s "
          f"({elapsed / max(total, 1) * 1000:.0f} ms per case)")
    print(f"  parsed OK       {kinds['ok']:6d}")
    print(f"  typed errors    {kinds['typed']:6d}  "
          + ", ".join(f"{c} {k}" for c, k in codes.most_common()))
    untyped = kinds["untyped"]
    other = total - kinds["ok"] - kinds["typed"] - untyped
    print(f"  untyped         {untyped:6d}")
    print(f"  other failures  {other:6d}  "
          + ", ".join(f"{k} {kinds[k]}" for k in ("invalid", "load_failed", "store_changed")
                      if kinds[k]))
    print("  by mutation: " + "; ".join(
        f"{m} " + "/".join(f"{c[k]}" for k in ("ok", "typed")) + (
            f" ({sum(c.values()) - c['ok'] - c['typed']} failed)"
            if sum(c.values()) - c["ok"] - c["typed"] else "")
        for m, c in sorted(by_mutation.items())) + "  (ok/typed)")
    if failures:
        print(f"\n{len(failures)} failing cases, {len(distinct)} distinct:")
        for detail, k in distinct.most_common(10):
            print(f"  {k:5d}  {detail}")
        print()
        for i, seed_name, mutation, outcome in failures[: args.show]:
            print(f"case {i} ({mutation} of {seed_name}; rerun: --seed {args.seed} --case {i}): "
                  f"{outcome.kind}\n  {outcome.detail}")
    return 1 if failures else 0


if __name__ == "__main__":
    sys.exit(main())
