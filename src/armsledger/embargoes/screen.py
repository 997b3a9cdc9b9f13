"""Embargo screening: deliveries that went to a target of an arms embargo in force at the time.

Every delivery (one deal, one SIPRI delivery year, its TIV) of a release is matched against the
embargo table (:mod:`armsledger.embargoes.reference`). The rules:

**Matching a delivery to an embargo row.** The delivery year lies within the row's
[start year, end year] (an empty end = still in force), and the recipient is covered:

* ``state``: a state (current or historical, :data:`~armsledger.actors.STATE_KINDS`) whose ISO3
  is in ``target_iso3``, and also the non-state actors located there (SIPRI's ``*`` actors with
  that ISO3): a state-wide embargo covers every recipient in the country;
* ``non-state actors in state``: non-state actors located there only, not the government
  (UN Lebanon 2006 applies to ``Hezbollah (Lebanon)*``, not to ``Lebanon``);
* ``state and non-state``: both;
* ``group``: non-state actors located in ``target_iso3`` only. A group row without a location
  (Al-Qaida/ISIL lists) cannot be matched to SIPRI's actors and is reported as not screened,
  never guessed.

Organisations (``**``) and unknown recipients have no location and never match. SIPRI's
historical state ``Yugoslavia`` (YUG) matches the rows that name any of its successor states
(:data:`HISTORICAL_SUCCESSORS`): the embargo rows list successors, not YUG. A row whose target
is *exports from* the target (UN-IRN-2007: arms exports from Iran) is not about deliveries to
it and is reported as not screened.

**Who is bound** (the hit's ``status``):

* ``bound``: a mandatory UN Security Council embargo binds every supplier; an EU embargo binds
  a supplier that was an EU member state in the delivery year (:func:`armsledger.blocs.members`:
  a state is bound only from its accession year, the United Kingdom through 2020);
* ``not bound``: an EU embargo and a supplier that was not an EU member that year (Russia,
  Bulgaria before 2007, a non-state or unknown supplier): listed separately, never as a breach;
* ``non-mandatory``: a non-mandatory UN embargo (ids ``UN-NM-``): a call on states;
* ``regional``: another body's embargo (OSCE, ECOWAS, Arab League, AU) binds that body's
  members; membership of these bodies is not checked, so the status is reported as is.

**Caveats** on every hit (each string starts with one of these phrases):
``boundary year`` (the delivery year is the embargo's start or end year: SIPRI gives years, the
embargo exact dates), ``ordered before the embargo`` (the deal's order year is before the start
year), ``partial scope: check the notes`` (with the row's notes), ``exemptions or
suspension: check the notes`` (a full-scope row whose notes mention exemptions, approval or
notification procedures, e.g. supplies to government forces, or a suspension; with the
notes), ``licensed production`` (the deal is produced under licence in the recipient country),
``non-mandatory``, ``regional``,
``not bound``, ``group target``, ``historical state``, ``supplier not a state``, ``estimated
delivery year`` (SIPRI marks the year as an estimate) and ``estimated yearly TIV`` (a register's
deal total split over its delivery years).

TIV is SIPRI's trend-indicator value, a volume measure in millions, not money.

The code: :mod:`~armsledger.embargoes.rules` (matching, who is bound, caveats),
:mod:`~armsledger.embargoes.screening` (:func:`screen` and its groupings by embargo and by
supplier), :mod:`~armsledger.embargoes.summaries` (:func:`supplier_summary`,
:func:`embargo_summary`); the typed JSON is in :mod:`~armsledger.embargoes.results`. This
module is the public entry: it exports all of them.
"""

from armsledger.embargoes.results import Screening
from armsledger.embargoes.rules import CAVEATS, HISTORICAL_SUCCESSORS, STATUSES
from armsledger.embargoes.screening import ScreenResult, screen
from armsledger.embargoes.summaries import (
    EmbargoSummary,
    SupplierSummary,
    embargo_summary,
    supplier_summary,
)

__all__ = [
    "CAVEATS",
    "HISTORICAL_SUCCESSORS",
    "STATUSES",
    "EmbargoSummary",
    "ScreenResult",
    "Screening",
    "SupplierSummary",
    "embargo_summary",
    "screen",
    "supplier_summary",
]
