"""Arms embargoes: the reference table (:mod:`.reference`) and delivery screening (:mod:`.screen`).

Cite the SIPRI Arms Embargoes Database (:data:`EMBARGO_CITATION`) for embargo data and the
SIPRI Arms Transfers Database for deliveries. The rules (who is bound, how deliveries match
targets, the caveats) are stated in :mod:`armsledger.embargoes.screen` and implemented in
:mod:`armsledger.embargoes.rules`.
"""

from armsledger.embargoes.reference import (
    BODIES,
    BUNDLED_TABLE,
    EMBARGO_CITATION,
    SCOPES,
    TARGET_KINDS,
    Embargo,
    EmbargoList,
    EmbargoLoadReport,
    EmbargoTable,
    UnknownEmbargoError,
    active_table,
    bundled_table,
    list_embargoes,
    load_bundled_embargoes,
    load_embargoes,
    read_embargoes,
    stored_tables,
)
from armsledger.embargoes.screen import (
    CAVEATS,
    HISTORICAL_SUCCESSORS,
    STATUSES,
    EmbargoSummary,
    ScreenResult,
    SupplierSummary,
    embargo_summary,
    screen,
    supplier_summary,
)

__all__ = [
    "BODIES",
    "BUNDLED_TABLE",
    "CAVEATS",
    "EMBARGO_CITATION",
    "HISTORICAL_SUCCESSORS",
    "SCOPES",
    "STATUSES",
    "TARGET_KINDS",
    "Embargo",
    "EmbargoList",
    "EmbargoLoadReport",
    "EmbargoSummary",
    "EmbargoTable",
    "ScreenResult",
    "SupplierSummary",
    "UnknownEmbargoError",
    "active_table",
    "bundled_table",
    "embargo_summary",
    "list_embargoes",
    "load_bundled_embargoes",
    "load_embargoes",
    "read_embargoes",
    "screen",
    "stored_tables",
    "supplier_summary",
]
