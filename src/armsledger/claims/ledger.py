"""The claims ledger: claims stored in the same database as the data, with their sources.

Claims come from text (:mod:`armsledger.claims.extract`), from CSV/YAML/JSON files a user
writes, or from the bundled series of official Russian claims. Each is stored once: a claim
with the same claimant, subject, metric, value, unit, qualifier, period, quote and source URL
is recognised and skipped. Files with bad rows are rejected whole, every problem named with
its file, line and column.
"""

from __future__ import annotations

import csv
import hashlib
import io
import json
from collections.abc import Iterable
from dataclasses import dataclass
from datetime import datetime
from importlib.resources import files
from pathlib import Path
from typing import Any

import polars as pl

from armsledger.claims.model import (
    CLAIM_FIELDS,
    METRICS,
    QUALIFIERS,
    UNITS,
    Claim,
    Source,
)
from armsledger.errors import InputError, Problem
from armsledger.store import Store

_SOURCE_COLUMNS = ("source_title", "source_outlet", "source_date", "source_url", "source_file")
FILE_COLUMNS = (*CLAIM_FIELDS, *_SOURCE_COLUMNS, "note")
"""Columns of a claims CSV (the first ten are required; the rest may be absent)."""


@dataclass(frozen=True, slots=True)
class AddReport:
    added: list[Claim]
    skipped: list[Claim]
    """Already in the ledger (same fingerprint)."""


def fingerprint(c: Claim) -> str:
    key = json.dumps([c.claimant, c.subject_exporter, c.metric, float(c.value), c.unit,
                      c.qualifier, c.period_start, c.period_end, c.quote, c.source.url],
                     ensure_ascii=False)
    return hashlib.sha256(key.encode("utf-8")).hexdigest()[:24]


def add_claims(store: Store, claims: Iterable[Claim], *, origin: str) -> AddReport:
    """Store claims (one transaction); those already in the ledger are skipped."""
    claims = list(claims)
    existing = set(store.query("SELECT fingerprint FROM claims")["fingerprint"].to_list())
    added, skipped, rows = [], [], []
    now = datetime.now().replace(microsecond=0)
    for c in claims:
        fp = fingerprint(c)
        if fp in existing:
            skipped.append(c)
            continue
        existing.add(fp)
        rows.append({
            **{k: getattr(c, k) for k in CLAIM_FIELDS},
            "value": float(c.value),
            "span_start": c.span[0] if c.span else None,
            "span_end": c.span[1] if c.span else None,
            "amount": c.amount,
            "source_title": c.source.title, "source_outlet": c.source.outlet,
            "source_date": c.source.date, "source_url": c.source.url,
            "source_file": c.source.file, "note": c.note,
            "origin": origin, "added_at": now, "fingerprint": fp,
        })
        added.append(c)
    if rows:
        schema = {k: pl.String for k in rows[0]}
        schema.update({"value": pl.Float64, "span_start": pl.Int32, "span_end": pl.Int32,
                       "amount": pl.Float64, "added_at": pl.Datetime("us")})
        with store.transaction():
            store.insert_frame("claims", pl.DataFrame(rows, schema=schema))
        ids = dict(store.query("SELECT fingerprint, claim_id FROM claims").iter_rows())
        for c in added:
            c.claim_id = ids[fingerprint(c)]
    for c in skipped:
        c.claim_id = store.execute("SELECT claim_id FROM claims WHERE fingerprint = ?",
                                   [fingerprint(c)])[0][0]
    return AddReport(added, skipped)


def list_claims(store: Store, *, subject: str | None = None, metric: str | None = None,
                claim_ids: list[int] | None = None) -> list[Claim]:
    """Claims in the ledger, oldest first, optionally filtered."""
    where, params = ["TRUE"], {}
    if subject:
        where.append("upper(subject_exporter) = upper($subject)")
        params["subject"] = subject
    if metric:
        where.append("metric = $metric")
        params["metric"] = metric
    if claim_ids is not None:
        where.append("claim_id IN (SELECT unnest($ids))")
        params["ids"] = claim_ids
    frame = store.query(f"SELECT * FROM claims WHERE {' AND '.join(where)} ORDER BY claim_id",
                        params or None)
    return [_from_row(r) for r in frame.iter_rows(named=True)]


def _from_row(r: dict[str, Any]) -> Claim:
    span = (r["span_start"], r["span_end"]) if r["span_start"] is not None else None
    return Claim(
        **{k: r[k] for k in CLAIM_FIELDS},
        span=span,
        source=Source(r["source_title"], r["source_outlet"], r["source_date"],
                      r["source_url"], r["source_file"]),
        amount=r["amount"], claim_id=r["claim_id"], note=r["note"],
    )


# --- files ----------------------------------------------------------------------------------


def read_claims_file(path: str | Path) -> list[Claim]:
    """Claims from a CSV (header = :data:`FILE_COLUMNS`), YAML or JSON list of mappings."""
    path = Path(path)
    try:
        text = path.read_text(encoding="utf-8-sig")
    except FileNotFoundError:
        raise InputError([Problem(str(path), None, None, "file not found")]) from None
    except (OSError, UnicodeDecodeError) as e:
        raise InputError([Problem(str(path), None, None, f"cannot read file: {e}")]) from e
    suffix = path.suffix.lower()
    if suffix == ".csv":
        records = _csv_records(path, text)
    elif suffix in (".yaml", ".yml", ".json"):
        records = _structured_records(path, text, suffix)
    else:
        raise InputError([Problem(str(path), None, None,
                                  "expected a claims file ending in .csv, .yaml, .yml or .json")])
    claims, problems = [], []
    for line, record in records:
        claim = _claim_from_record(str(path), line, record, problems)
        if claim is not None:
            claims.append(claim)
    if problems:
        raise InputError(problems[:50], truncated=len(problems) > 50)
    return claims


def _csv_records(path: Path, text: str) -> list[tuple[int | None, dict[str, Any]]]:
    reader = csv.DictReader(io.StringIO(text))
    missing = [c for c in CLAIM_FIELDS if c not in (reader.fieldnames or [])]
    if missing:
        raise InputError([Problem(str(path), 1, missing[0],
                                  f"missing column(s) {', '.join(missing)}; a claims CSV needs "
                                  f"{', '.join(CLAIM_FIELDS)}")])
    out = []
    for row in reader:
        out.append((reader.line_num, row))
    return out


def _structured_records(path: Path, text: str, suffix: str
                        ) -> list[tuple[int | None, dict[str, Any]]]:
    try:
        if suffix == ".json":
            data = json.loads(text)
        else:
            import yaml

            data = yaml.safe_load(text)
    except Exception as e:  # noqa: BLE001 - any parser error becomes one clear message
        line = getattr(getattr(e, "problem_mark", None), "line", None)
        line = line + 1 if line is not None else getattr(e, "lineno", None)
        raise InputError([Problem(str(path), line, None, f"not valid {suffix[1:]}: {e}")]) from e
    if isinstance(data, dict) and "claims" in data:
        data = data["claims"]
    if not isinstance(data, list) or not all(isinstance(d, dict) for d in data):
        raise InputError([Problem(str(path), None, None,
                                  "expected a list of claims (mappings with the claim fields)")])
    return [(None, d) for d in data]


def _claim_from_record(file: str, line: int | None, r: dict[str, Any],
                       problems: list[Problem]) -> Claim | None:
    where = line
    before = len(problems)

    def bad(column: str, message: str) -> None:
        problems.append(Problem(file, where, column, message))

    for col in ("claimant", "metric", "value", "unit", "qualifier", "quote"):
        if r.get(col) in (None, ""):
            bad(col, "missing value")
    if r.get("metric") not in (None, "") and r["metric"] not in METRICS:
        bad("metric", f"'{r['metric']}' is not a metric: expected one of {', '.join(METRICS)}")
    if r.get("qualifier") not in (None, "") and r["qualifier"] not in QUALIFIERS:
        bad("qualifier", f"'{r['qualifier']}' is not one of {', '.join(QUALIFIERS)}")
    if r.get("unit") not in (None, "") and r["unit"] not in UNITS:
        bad("unit", f"'{r['unit']}' is not one of {', '.join(UNITS)}")
    value = None
    if r.get("value") not in (None, ""):
        try:
            value = float(str(r["value"]).replace(",", ""))
        except ValueError:
            bad("value", f"'{r['value']}' is not a number")
    for col in ("period_start", "period_end"):
        v = r.get(col)
        if v not in (None, "") and not _is_period(str(v)):
            bad(col, f"'{v}' is not a period: expected YYYY or YYYY-MM")
    if len(problems) > before:
        return None
    source = r.get("source") if isinstance(r.get("source"), dict) else {}
    return Claim(
        claimant=str(r["claimant"]),
        subject_exporter=(str(r["subject_exporter"]).upper()
                          if r.get("subject_exporter") not in (None, "") else None),
        metric=r["metric"], value=value, unit=r["unit"],
        currency=r.get("currency") or None, qualifier=r["qualifier"],
        period_start=str(r["period_start"]) if r.get("period_start") not in (None, "") else None,
        period_end=str(r["period_end"]) if r.get("period_end") not in (None, "") else None,
        quote=str(r["quote"]),
        source=Source(*(source.get(k[7:]) or r.get(k) or None for k in _SOURCE_COLUMNS)),
        note=r.get("note") or None,
    )


def _is_period(v: str) -> bool:
    parts = v.split("-")
    return (len(parts[0]) == 4 and parts[0].isdigit()
            and (len(parts) == 1 or (len(parts) == 2 and parts[1].isdigit()
                                     and 1 <= int(parts[1]) <= 12)))


def write_claims_csv(claims: Iterable[Claim]) -> str:
    buf = io.StringIO()
    w = csv.DictWriter(buf, fieldnames=FILE_COLUMNS)
    w.writeheader()
    for c in claims:
        d = {k: getattr(c, k) for k in CLAIM_FIELDS}
        d.update({"source_title": c.source.title, "source_outlet": c.source.outlet,
                  "source_date": c.source.date, "source_url": c.source.url,
                  "source_file": c.source.file, "note": c.note})
        w.writerow(d)
    return buf.getvalue()


# --- the bundled series of official Russian claims -------------------------------------------

_RU_METRICS = {
    "arms exports (deliveries)": "export_value",
    "arms export revenue": "export_value",
    "rosoboronexport exports": "export_value",
    "new contracts signed": "contracts_value",
    "rosoboronexport contracts signed": "contracts_value",
    "rosoboronexport order portfolio (end-year)": "order_book",
}


def official_russian_claims() -> list[Claim]:
    """The bundled 2011-2025 series (data/claims/SOURCE.md), as claims about Russia (RUS)."""
    text = files("armsledger.data.claims").joinpath(
        "russia_mtc_official_claims.csv").read_text(encoding="utf-8")
    claims = []
    for row in csv.DictReader(io.StringIO(text)):
        label = row["metric"].strip()
        raw_q = row["qualifier"].strip()
        qualifier = raw_q.split(" ")[0] if raw_q.split(" ")[0] in QUALIFIERS else "exact"
        note = f"source metric: {label}; qualifier as recorded: {raw_q}"
        if raw_q == "preliminary":
            note += " (a preliminary figure)"
        claims.append(Claim(
            claimant=row["claimant"].strip(), subject_exporter="RUS",
            metric=_RU_METRICS[label.lower()], value=float(row["claimed_value_usd_bn"]),
            unit="billion", currency="USD", qualifier=qualifier,
            period_start=row["year"].strip(), period_end=row["year"].strip(),
            quote=f"{label}, {row['year']}: {raw_q} US${row['claimed_value_usd_bn']} billion",
            source=Source(title=None, outlet=row["outlet"].strip(),
                          date=row["claim_date"].strip(), url=row["source_url"].strip(),
                          file="bundled:russia_mtc_official_claims.csv"),
            note=note,
        ))
    return claims


def load_official_claims(store: Store) -> AddReport:
    return add_claims(store, official_russian_claims(), origin="bundled")
