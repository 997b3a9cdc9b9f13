"""The claims ledger: claims stored in the same database as the data, with their sources.

Claims come from text (:mod:`armsledger.claims.extract`), from CSV/YAML/JSON files a user
writes (read by :mod:`armsledger.sources.claims_file`, which rejects a file with bad rows
whole), or from the bundled series of official Russian claims. Each is stored once: a claim
with the same claimant, subject, metric, value, unit, qualifier, period, quote and source URL
is recognised and skipped.
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
from typing import Any

import polars as pl

from armsledger.claims.model import CLAIM_FIELDS, QUALIFIERS, Claim, Source
from armsledger.sources.claims_file import FILE_COLUMNS
from armsledger.sources.text import decode
from armsledger.store import Store


@dataclass(frozen=True, slots=True)
class AddReport:
    added: list[Claim]
    skipped: list[Claim]
    """Already in the ledger (same fingerprint)."""


def fingerprint(c: Claim) -> str:
    fields: list[object] = [c.claimant, c.subject_exporter, c.metric, float(c.value), c.unit,
                            c.qualifier, c.period_start, c.period_end, c.quote, c.source.url]
    if c.value_high is not None:  # ranges only, so older claims keep their fingerprints
        fields.append(float(c.value_high))
    key = json.dumps(fields, ensure_ascii=False)
    return hashlib.sha256(key.encode("utf-8")).hexdigest()[:24]


def add_claims(store: Store, claims: Iterable[Claim], *, origin: str) -> AddReport:
    """Store claims (one transaction); those already in the ledger are skipped."""
    claims = list(claims)
    existing = set(store.query("SELECT fingerprint FROM claims")["fingerprint"].to_list())
    added: list[Claim] = []
    skipped: list[Claim] = []
    rows: list[dict[str, Any]] = []
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
            "value_low": c.value_low, "value_high": c.value_high,
            "period_relative": c.period_relative,
        })
        added.append(c)
    if rows:
        schema: dict[str, pl.DataType | type[pl.DataType]] = {k: pl.String for k in rows[0]}
        schema.update({"value": pl.Float64, "span_start": pl.Int32, "span_end": pl.Int32,
                       "amount": pl.Float64, "added_at": pl.Datetime("us"),
                       "value_low": pl.Float64, "value_high": pl.Float64})
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
    where: list[str] = ["TRUE"]
    params: dict[str, object] = {}
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
        value_low=r.get("value_low"), value_high=r.get("value_high"),
        period_relative=r.get("period_relative"),
    )


# --- files ----------------------------------------------------------------------------------


def write_claims_csv(claims: Iterable[Claim]) -> str:
    """The claims as a claims file (CSV); cells a spreadsheet would run as formulas are
    neutralised (:mod:`armsledger.csvsafe`)."""
    from armsledger.csvsafe import safe_cell

    buf = io.StringIO()
    w = csv.DictWriter(buf, fieldnames=FILE_COLUMNS)
    w.writeheader()
    for c in claims:
        d = {k: getattr(c, k) for k in CLAIM_FIELDS}
        d.update({"source_title": c.source.title, "source_outlet": c.source.outlet,
                  "source_date": c.source.date, "source_url": c.source.url,
                  "source_file": c.source.file, "note": c.note})
        w.writerow({k: safe_cell(v) for k, v in d.items()})
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
    name = "russia_mtc_official_claims.csv"
    data = files("armsledger.data.claims").joinpath(name).read_bytes()
    text, _ = decode(data, f"bundled:{name}", what="the bundled series of official claims")
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
