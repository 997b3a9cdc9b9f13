"""The Python API for scripts and notebooks: ``lg = armsledger.open()``.

A :class:`Ledger` holds one open store and offers the same figures as the CLI, the REST API
and the dashboard, through the same library functions and the same query model
(:class:`~armsledger.query.FigureQuery`): ``lg.profile("Russia", period="2020-2024")``,
``lg.profile(recipient="India")``, ``lg.top("exporters")``, ``lg.deals(...)``,
``lg.trend(...)``, ``lg.screen(...)``, ``lg.diff(old, new)``, ``lg.claims.extract(text)``,
``lg.claims.check(...)``. Results are typed (``p.tiv``, ``p.share_of_world_pct``,
``p.recipients``) and turn into DataFrames with ``.to_polars()`` or ``.to_pandas()`` (the
optional extra ``armsledger[pandas]``), or plain data with ``.to_dict()``.
"""

from __future__ import annotations

from collections.abc import Sequence
from contextlib import ExitStack
from datetime import date
from pathlib import Path
from typing import ClassVar

from armsledger.actors import ActorInfo, ActorTable
from armsledger.analysis.deals import DealList, deals, open_order_deals
from armsledger.analysis.profile import ExporterProfile, RecipientProfile, profile
from armsledger.analysis.ranking import Top, top
from armsledger.analysis.trend import Trend, trend
from armsledger.claims.check import CheckRecord
from armsledger.claims.model import ClaimRecord
from armsledger.diff.results import DiffResult
from armsledger.embargoes.results import Screening
from armsledger.errors import InvalidRequestError
from armsledger.periods import Period
from armsledger.query import FigureQuery
from armsledger.results import Result
from armsledger.settings import Settings
from armsledger.store import ReleaseSummary, Store

PeriodArg = str | int | Period | None


class ClaimList(Result):
    """Claims read from a text or the ledger."""

    main_table: ClassVar[str | None] = "claims"
    claims: list[ClaimRecord]


class CheckList(Result):
    """Claims, each with a verdict, the evidence and the method."""

    main_table: ClassVar[str | None] = "checks"
    checks: list[CheckRecord]


def _subject(actor: str | None, supplier: str | None, recipient: str | None
             ) -> dict[str, str | None]:
    if actor is not None and supplier is not None and actor != supplier:
        raise InvalidRequestError("give the exporter once: as the first argument or supplier=")
    return {"supplier": actor or supplier, "recipient": recipient}


class Claims:
    """``lg.claims``: extract claims from text, list the ledger, check claims."""

    def __init__(self, ledger: Ledger):
        self._ledger = ledger

    def extract(self, text: str, *, published: date | str | None = None) -> ClaimList:
        """The claims (figures about a state's arms exports) in ``text``, with quotes."""
        from armsledger.claims.extract import extract

        when = date.fromisoformat(published) if isinstance(published, str) else published
        return ClaimList(claims=[ClaimRecord.of(c) for c in extract(text, published=when)])

    def list(self, *, subject: str | None = None, metric: str | None = None) -> ClaimList:
        """The claims in the ledger (``subject``: exporter ISO3)."""
        from armsledger.claims.ledger import list_claims

        found = list_claims(self._ledger.store, subject=subject, metric=metric)
        return ClaimList(claims=[ClaimRecord.of(c) for c in found])

    def check(self, claims: str | ClaimList | Sequence[ClaimRecord] | None = None, *,
              published: date | str | None = None, release: str | None = None) -> CheckList:
        """Check a text's claims (a string), given claims, or (None) the whole ledger."""
        from armsledger.claims.check import check_claims
        from armsledger.claims.ledger import list_claims

        if claims is None:
            found = list_claims(self._ledger.store)
        elif isinstance(claims, str):
            found = [c.to_claim() for c in self.extract(claims, published=published).claims]
        else:
            records = claims.claims if isinstance(claims, ClaimList) else claims
            found = [c.to_claim() for c in records]
        checks = check_claims(self._ledger.store, found, release=release)
        return CheckList(checks=[c.to_record() for c in checks])


class Ledger:
    """An open armsledger database and the figures computed from it. Close it when done
    (or use it in a ``with`` block)."""

    def __init__(self, store: Store, stack: ExitStack | None = None):
        self.store = store
        self._stack = stack
        self.claims = Claims(self)

    def __enter__(self) -> Ledger:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

    def close(self) -> None:
        if self._stack is not None:
            self._stack.close()
        else:
            self.store.close()

    def __repr__(self) -> str:
        mode = "read-only" if self.store.read_only else "read-write"
        return f"<armsledger.Ledger {self.store.path} ({mode})>"

    # -- data ------------------------------------------------------------------------------

    def releases(self) -> list[ReleaseSummary]:
        """The loaded releases (``default`` marks the one figures use)."""
        return self.store.release_summaries()

    def actors(self, q: str | None = None, *, release: str | None = None,
               limit: int | None = None) -> list[ActorInfo]:
        """Actors whose name contains ``q`` (or whose ISO3 is ``q``)."""
        rel = self.store.release(release, needs="deliveries")
        return [ActorInfo.of(a) for a in ActorTable.of(self.store, rel).search(q, limit)]

    # -- figures ---------------------------------------------------------------------------

    def profile(self, actor: str | None = None, *, supplier: str | None = None,
                recipient: str | None = None, period: PeriodArg = None,
                compare: str | Period | None = "previous", release: str | None = None,
                include_predecessors: bool = False, allow_partial: bool = False
                ) -> ExporterProfile | RecipientProfile:
        """An exporter's profile (``lg.profile("Russia")``) or a recipient's
        (``lg.profile(recipient="India")``); the period defaults to the latest five years."""
        query = FigureQuery.build(**_subject(actor, supplier, recipient),
                                  period=None if period is None else str(period),
                                  compare="none" if compare is None else compare,
                                  release=release, include_predecessors=include_predecessors,
                                  allow_partial=allow_partial)
        return profile(self.store, query)

    def top(self, which: str = "exporters", *, period: PeriodArg = None,
            compare: str | Period | None = "previous", limit: int | None = 10,
            release: str | None = None, allow_partial: bool = False) -> Top:
        """The largest exporters or importers (states) with shares and change."""
        query = FigureQuery.build(period=None if period is None else str(period),
                                  compare="none" if compare is None else compare,
                                  release=release, allow_partial=allow_partial)
        return top(self.store, which, query, limit=limit)

    def trend(self, actor: str | None = None, *, supplier: str | None = None,
              recipient: str | None = None, period: PeriodArg = None,
              year_from: int | None = None, year_to: int | None = None, window: int = 5,
              release: str | None = None, include_predecessors: bool = False,
              allow_partial: bool = False) -> Trend:
        """One actor's yearly TIV and rolling totals (default: every year of the release)."""
        query = FigureQuery.build(**_subject(actor, supplier, recipient),
                                  period=None if period is None else str(period),
                                  year_from=year_from, year_to=year_to, release=release,
                                  include_predecessors=include_predecessors,
                                  allow_partial=allow_partial)
        return trend(self.store, query, window=window)

    def deals(self, supplier: str | None = None, recipient: str | None = None, *,
              period: PeriodArg = None, year_from: int | None = None,
              year_to: int | None = None, category: str | None = None,
              release: str | None = None, include_predecessors: bool = False,
              allow_partial: bool = False, open_orders: bool = False) -> DealList:
        """The deals with deliveries in the period (or the open orders), one row per deal;
        ``.to_polars()`` / ``.to_pandas()`` give the table."""
        query = FigureQuery.build(supplier=supplier, recipient=recipient,
                                  period=None if period is None else str(period),
                                  year_from=year_from, year_to=year_to, category=category,
                                  release=release, include_predecessors=include_predecessors,
                                  allow_partial=allow_partial)
        return open_order_deals(self.store, query) if open_orders else deals(self.store, query)

    def screen(self, supplier: str | None = None, recipient: str | None = None, *,
               period: PeriodArg = None, year_from: int | None = None,
               year_to: int | None = None, embargo: str | None = None,
               release: str | None = None) -> Screening:
        """Deliveries to targets of arms embargoes in force at the time."""
        from armsledger.embargoes.screen import screen

        query = FigureQuery.build(supplier=supplier, recipient=recipient,
                                  period=None if period is None else str(period),
                                  year_from=year_from, year_to=year_to, release=release)
        return screen(self.store, query=query, embargo=embargo).result()

    def diff(self, old: str, new: str, *, supplier: str | None = None,
             recipient: str | None = None, period: PeriodArg = None,
             year_from: int | None = None, year_to: int | None = None) -> DiffResult:
        """What SIPRI revised between two releases."""
        from armsledger.diff import diff

        query = FigureQuery.build(supplier=supplier, recipient=recipient,
                                  period=None if period is None else str(period),
                                  year_from=year_from, year_to=year_to)
        return diff(self.store, old, new, query=query).result()


def open_ledger(path: str | Path | None = None, *, read_only: bool = False) -> Ledger:
    """Open (or create) the database at ``path`` (default: ``$ARMSLEDGER_DB``, else the
    per-user data directory), loading the bundled data on first use like the CLI."""
    from armsledger.ingest import open_store

    stack = ExitStack()
    settings = Settings.resolve(path)
    store = stack.enter_context(open_store(settings.db_path, read_only=read_only,
                                           default_release=settings.release))
    return Ledger(store, stack)
