"""Give the claims corpus's texts their split, once, and never change a split given before.

The first collection (68 texts) was split by text into ``dev`` and ``test``; a second
collection (42 texts, gathered after ``test`` had been scored once) into ``dev`` and a fresh
``holdout``. Within a collection the split is stratified by kind (texts with export claims;
texts with none) and fixed by a hash of each file name: about a third of each kind is held
out. Rules are written against ``dev`` only; ``test`` and ``holdout`` are scored, never read
for rules (README, "How claims are extracted").

Usage: put new entries in ``parts/*.json``; the script merges them into ``annotations.json``
(an entry without ``split`` becomes ``dev`` or ``HELD_OUT``; a third collection of 28 texts was
added as ``dev`` only) and leaves every existing entry as it is. Keep ``parts/`` until the
merge is checked.
"""

from __future__ import annotations

import hashlib
import json
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1] / "tests" / "data" / "claims_corpus"
HELD_SHARE = 0.35


def split(entries: list[dict[str, object]], held_out: str) -> None:
    """Assign ``dev`` or ``held_out`` to entries (stratified by kind, by file-name hash)."""
    for kind in sorted({str(r.get("kind")) for r in entries}):
        group = sorted((r for r in entries if str(r.get("kind")) == kind),
                       key=lambda r: hashlib.sha256(str(r["file"]).encode()).hexdigest())
        n = round(len(group) * HELD_SHARE)
        for i, r in enumerate(group):
            r["split"] = held_out if i < n else "dev"


def main(held_out: str = "holdout") -> None:
    ann = ROOT / "annotations.json"
    rows = json.loads(ann.read_text(encoding="utf-8")) if ann.exists() else []
    new: list[dict[str, object]] = []
    for part in sorted((ROOT / "parts").glob("*.json")):
        new.extend(json.loads(part.read_text(encoding="utf-8")))
    known = {r["file"] for r in rows}
    new = [r for r in new if r["file"] not in known]
    split([r for r in new if not r.get("split")], held_out)  # a split given is kept
    rows = sorted(rows + new, key=lambda r: str(r["file"]))
    ann.write_text(json.dumps(rows, indent=1, ensure_ascii=False) + "\n", encoding="utf-8")
    for s in sorted({str(r["split"]) for r in rows}):
        part = [r for r in rows if r["split"] == s]
        print(f"{s}: {len(part)} texts, {sum(len(r['claims']) for r in part)} claims, "
              f"{sum(r.get('kind') != 'export' for r in part)} without export claims")


if __name__ == "__main__":
    main(*sys.argv[1:2])
