"""What SIPRI revised between two releases: renamed actors, added/removed/changed deals and
revised yearly TIV per exporter (SIPRI overwrites its database every year).

1. **Renames** (:mod:`.renames`). Names found in one release only are paired when they
   stand for the same actor: states with the same kind and ISO3 (``Turkey`` -> ``Turkiye``);
   non-state actors and organisations with the same location and a clear name match (the same
   words once the location is set aside, ``Libya HoR*`` -> ``HoR (Libya)*``, or an acronym,
   ``PIJ`` -> ``Palestinian Islamic Jihad``). Each is listed once and applied before comparing.
2. **Deal matching** (:data:`TIERS`, :mod:`.matching`). Releases that both carry SIPRI's deal
   ids (delivery-year exports) match on them. Registers have none (their ``R...`` ids hash
   content), so each tier matches what the earlier ones left: ``exact`` (supplier, recipient,
   order year, designation, description, one deal on each side); ``exact_numbers`` (several
   deals share that key: equal numbers ordered first, then the most other equal fields, the
   closest numbers, order of appearance); ``loose`` (same supplier, recipient, designation;
   order year within 1, or 3 when either is uncertain or missing); ``designation`` (same
   supplier, recipient, order year and number ordered, same description or category, one
   deal on each side). Unmatched old deals are *removed*, unmatched new deals *added*.
3. **Aggregates** (:mod:`.aggregates`). Yearly TIV per exporter from ``flows`` (renames
   applied) over the years both releases cover; years only the new release covers are new
   years, not revisions.

The package: :mod:`.compare` runs the diff (:func:`diff`), :mod:`.records` holds what it finds
(:class:`ReleaseDiff`, :class:`Rename`, :class:`ChangedDeal`) and :mod:`.results` the typed
result the API returns (:class:`DiffResult`).
"""

from armsledger.diff.aggregates import REVISION_TOLERANCE
from armsledger.diff.compare import diff
from armsledger.diff.matching import COMPARED_FIELDS, TIERS
from armsledger.diff.records import ChangedDeal, FieldChange, ReleaseDiff, Rename
from armsledger.diff.results import DiffResult

__all__ = ["COMPARED_FIELDS", "REVISION_TOLERANCE", "TIERS", "ChangedDeal", "DiffResult",
           "FieldChange", "ReleaseDiff", "Rename", "diff"]
