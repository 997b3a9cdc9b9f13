"""Agreement between the corpus's annotation and a second, blind annotation of some texts.

``second_annotation.json`` holds a second annotator's claims for the ``test`` and ``holdout``
texts, made from the texts and the guidelines only. Each split's first annotation is scored
against the second with the same matching rule as ``armsledger claims evaluate`` (exporter,
metric, value, unit, currency and period), printed as precision and recall of the second.
"""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

from armsledger.claims.evaluate import matches
from armsledger.claims.model import CLAIM_FIELDS, QUALIFIERS, Claim

ROOT = Path(__file__).resolve().parents[1] / "tests" / "data" / "claims_corpus"


def _claim(g: dict[str, Any]) -> Claim:
    d = {k: g.get(k) for k in CLAIM_FIELDS}
    if d["unit"] is None and d["currency"]:  # a bare sum ("R885 875 277"): in millions
        d["unit"], d["value"] = "million", float(d["value"]) / 1e6
    d["qualifier"] = d["qualifier"] if d["qualifier"] in QUALIFIERS else "exact"
    d["claimant"] = d["claimant"] or "unknown"
    return Claim(**d, value_low=g.get("value_low"), value_high=g.get("value_high"))


def main() -> None:
    first = {r["file"]: r for r in json.loads((ROOT / "annotations.json").read_text("utf-8"))}
    second = {r["file"]: r["claims"] for r in
              json.loads((ROOT / "second_annotation.json").read_text("utf-8"))}
    for split in ("test", "holdout"):
        tp = fp = fn = 0
        for file, row in first.items():
            if row["split"] != split:
                continue
            other = [_claim(g) for g in second.get(file, [])]
            used: set[int] = set()
            for g in row["claims"]:
                hit = next((i for i, c in enumerate(other) if i not in used and matches(c, g)),
                           None)
                if hit is None:
                    fn += 1
                else:
                    used.add(hit)
                    tp += 1
            fp += len(other) - len(used)
        print(f"{split}: agreement precision {tp / max(1, tp + fp):.3f}, "
              f"recall {tp / max(1, tp + fn):.3f} ({tp} agreed, {fp} only second, "
              f"{fn} only first)")


if __name__ == "__main__":
    main()
