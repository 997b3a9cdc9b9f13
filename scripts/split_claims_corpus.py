"""Merge the claims corpus's annotation parts into annotations.json and split it, once.

The split is by text, stratified by kind (texts with export claims; texts with none), and
fixed by a hash of each file name: about a third of each kind goes to ``test``. Run once when
the corpus was collected; rerunning gives the same split for the same files. Rules are never
changed while looking at a ``test`` result (README, "How claims are extracted").
"""

from __future__ import annotations

import hashlib
import json
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1] / "tests" / "data" / "claims_corpus"
TEST_SHARE = 0.35


def main() -> None:
    rows = []
    for part in sorted((ROOT / "parts").glob("*.json")):
        rows.extend(json.loads(part.read_text(encoding="utf-8")))
    if not rows:  # the parts were merged: re-derive the same split from annotations.json
        rows = json.loads((ROOT / "annotations.json").read_text(encoding="utf-8"))
    for kind in sorted({r.get("kind") for r in rows}):
        group = sorted((r for r in rows if r.get("kind") == kind),
                       key=lambda r: hashlib.sha256(r["file"].encode()).hexdigest())
        n_test = round(len(group) * TEST_SHARE)
        for i, r in enumerate(group):
            r["split"] = "test" if i < n_test else "dev"
    rows.sort(key=lambda r: r["file"])
    out = ROOT / "annotations.json"
    out.write_text(json.dumps(rows, indent=1, ensure_ascii=False) + "\n", encoding="utf-8")
    for s in ("dev", "test"):
        part = [r for r in rows if r["split"] == s]
        print(f"{s}: {len(part)} texts, {sum(len(r['claims']) for r in part)} claims, "
              f"{sum(r.get('kind') != 'export' for r in part)} without export claims")


if __name__ == "__main__":
    main()
