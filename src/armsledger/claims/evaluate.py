"""Scoring the extractor on an annotated corpus: precision and recall, per metric, with the
misses and false positives listed.

A corpus is a folder with ``annotations.json`` (a list: ``file``, ``url``, ``outlet``,
``published``, ``split``, ``claims`` in the README's claim schema) and the texts under
``texts/``. A predicted claim matches an annotated one when the exporter, metric, value (both
ends for a range), unit, currency and period are the same; each annotated claim matches at
most one prediction. The qualifier and claimant are not part of the match; their agreement
on matched claims is reported beside the scores.
"""

from __future__ import annotations

import json
from collections import Counter
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from armsledger.claims.model import Claim, Source
from armsledger.errors import InputError, Problem
from armsledger.sources.article import load_text, parse_date

__all__ = ["Entry", "Score", "evaluate", "load_corpus"]


@dataclass(slots=True)
class Entry:
    file: str
    text: str
    meta: dict[str, Any]
    gold: list[dict[str, Any]]

    @property
    def split(self) -> str:
        return str(self.meta.get("split") or "")


@dataclass(slots=True)
class Score:
    """Counts over a set of texts; :meth:`report` prints them."""

    texts: int = 0
    tp: Counter[str] = field(default_factory=Counter)
    fp: Counter[str] = field(default_factory=Counter)
    fn: Counter[str] = field(default_factory=Counter)
    qualifier_ok: int = 0
    claimant_ok: int = 0
    loose_tp: int = 0
    """Annotated claims a prediction states with the same exporter, metric and value whatever
    its period (how much of the error is the period, not the figure)."""
    misses: list[tuple[str, dict[str, Any], str]] = field(default_factory=list)
    false_positives: list[tuple[str, Claim]] = field(default_factory=list)

    @staticmethod
    def _pr(tp: int, fp: int, fn: int) -> tuple[float, float]:
        p = tp / (tp + fp) if tp + fp else 1.0
        r = tp / (tp + fn) if tp + fn else 1.0
        return p, r

    def overall(self) -> tuple[float, float]:
        return self._pr(sum(self.tp.values()), sum(self.fp.values()), sum(self.fn.values()))

    def per_metric(self) -> dict[str, dict[str, float]]:
        out = {}
        for m in sorted(set(self.tp) | set(self.fp) | set(self.fn)):
            p, r = self._pr(self.tp[m], self.fp[m], self.fn[m])
            out[m] = {"annotated": self.tp[m] + self.fn[m], "predicted": self.tp[m] + self.fp[m],
                      "matched": self.tp[m], "precision": round(p, 3), "recall": round(r, 3)}
        return out

    def to_dict(self) -> dict[str, Any]:
        p, r = self.overall()
        tp = sum(self.tp.values())
        return {
            "texts": self.texts, "annotated": tp + sum(self.fn.values()),
            "predicted": tp + sum(self.fp.values()), "matched": tp,
            "precision": round(p, 3), "recall": round(r, 3),
            "ignoring_period": {
                "matched": self.loose_tp,
                "precision": round(self.loose_tp / (tp + sum(self.fp.values())), 3)
                if tp + sum(self.fp.values()) else 1.0,
                "recall": round(self.loose_tp / (tp + sum(self.fn.values())), 3)
                if tp + sum(self.fn.values()) else 1.0},
            "qualifier_agreement": round(self.qualifier_ok / tp, 3) if tp else None,
            "claimant_agreement": round(self.claimant_ok / tp, 3) if tp else None,
            "per_metric": self.per_metric(),
            "misses": [{"file": f, "claim": g, "nearest": why} for f, g, why in self.misses],
            "false_positives": [{"file": f, "claim": _brief(c)} for f, c in self.false_positives],
        }


def load_corpus(folder: str | Path) -> list[Entry]:
    """The annotated texts of a corpus folder (``annotations.json`` and ``texts/``)."""
    root = Path(folder)
    ann = root / "annotations.json"
    try:
        rows = json.loads(ann.read_text(encoding="utf-8"))
    except FileNotFoundError:
        raise InputError([Problem(str(ann), None, None,
                                  "no annotations.json in the corpus folder")]) from None
    except (json.JSONDecodeError, UnicodeDecodeError) as e:
        line = getattr(e, "lineno", None)
        raise InputError([Problem(str(ann), line, None, f"not valid JSON ({e})")]) from None
    if not isinstance(rows, list) or not all(isinstance(r, dict) and "file" in r for r in rows):
        raise InputError([Problem(str(ann), None, None,
                                  "expected a JSON list of entries with a 'file' field")])
    out = []
    for i, row in enumerate(rows):
        path = root / "texts" / str(row.get("file"))
        if not path.is_file():
            raise InputError([Problem(str(ann), None, "file",
                                      f"entry {i + 1}: text file {path} not found")])
        doc = load_text(path)
        meta = {k: v for k, v in row.items() if k != "claims"}
        if not meta.get("published") and doc.date:
            meta["published"] = doc.date.isoformat()
        out.append(Entry(str(row["file"]), doc.text, meta, list(row.get("claims") or [])))
    return out


def _same_value(a: Any, b: Any) -> bool:
    if a is None or b is None:
        return a is None and b is None
    return abs(float(a) - float(b)) <= 1e-6 * max(1.0, abs(float(a)))


def matches(c: Claim, g: dict[str, Any], *, period: bool = True) -> bool:
    """Whether a predicted claim states the annotated one (``period=False``: whatever the
    period)."""
    if (c.subject_exporter, c.metric, c.unit, c.currency) != (
            g.get("subject_exporter"), g.get("metric"), g.get("unit"), g.get("currency")):
        return False
    if period and (c.period_start, c.period_end) != (g.get("period_start"), g.get("period_end")):
        return False
    if g.get("value_low") is not None or c.value_low is not None:
        return _same_value(c.value_low, g.get("value_low")) and _same_value(
            c.value_high, g.get("value_high"))
    return _same_value(c.value, g.get("value"))


def _differs(c: Claim, g: dict[str, Any]) -> str:
    fields = []
    for k in ("subject_exporter", "metric", "unit", "currency", "period_start", "period_end"):
        if getattr(c, k) != g.get(k):
            fields.append(f"{k} {getattr(c, k)!r} (annotated {g.get(k)!r})")
    return "; ".join(fields)


def _brief(c: Claim) -> dict[str, Any]:
    return {k: getattr(c, k) for k in ("subject_exporter", "metric", "value", "value_low",
                                       "value_high", "unit", "currency", "qualifier",
                                       "period_start", "period_end", "claimant", "quote")}


def evaluate(entries: list[Entry], split: str | None = None) -> Score:
    """Run the extractor on every text of ``split`` (all when None) and score it."""
    from armsledger.claims.extract import extract

    score = Score()
    for e in entries:
        if split and e.split != split:
            continue
        score.texts += 1
        pub = parse_date(str(e.meta["published"])) if e.meta.get("published") else None
        src = Source(title=e.meta.get("title"), outlet=e.meta.get("outlet"),
                     date=pub.isoformat() if pub else None, url=e.meta.get("url"), file=e.file)
        predicted = extract(e.text, published=pub, source=src)
        loose: set[int] = set()
        for g in e.gold:
            hit = next((i for i, c in enumerate(predicted)
                        if i not in loose and matches(c, g, period=False)), None)
            if hit is not None:
                loose.add(hit)
                score.loose_tp += 1
        used: set[int] = set()
        for g in e.gold:
            hit = next((i for i, c in enumerate(predicted)
                        if i not in used and matches(c, g)), None)
            metric = str(g.get("metric"))
            if hit is None:
                score.fn[metric] += 1
                near = [c for c in predicted if _same_value(c.value, g.get("value"))]
                why = _differs(near[0], g) if near else "no quantity with this value kept"
                score.misses.append((e.file, g, why))
                continue
            used.add(hit)
            score.tp[metric] += 1
            c = predicted[hit]
            score.qualifier_ok += c.qualifier == g.get("qualifier")
            score.claimant_ok += _same_speaker(c.claimant, str(g.get("claimant") or ""))
        for i, c in enumerate(predicted):
            if i not in used:
                score.fp[c.metric] += 1
                score.false_positives.append((e.file, c))
    return score


def _same_speaker(a: str, b: str) -> bool:
    """Claimant names agree when they share a capitalised word or acronym."""
    def words(s: str) -> set[str]:
        return {w.strip("()'.,").lower() for w in s.split() if w[:1].isupper() or
                w.strip("()").isupper()}
    return bool(words(a) & words(b)) or a.lower() == b.lower()
