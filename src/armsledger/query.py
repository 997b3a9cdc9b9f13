"""One query model for every figure: who, which years, compared with what, from which release.

A :class:`FigureQuery` is what a user asks; :meth:`FigureQuery.build` is the one parser of
the options every face offers (the CLI's flags, the API's and the web's query strings, the
Python API's keyword arguments), so ``--period``, ``--compare``, ``--supplier``,
``--recipient``, ``--release``, ``--include-predecessors`` and ``--allow-partial`` mean the
same everywhere. :func:`scope` pins a query to one release: it picks the release, derives the
default period from the release's coverage, resolves the actors, and applies the coverage
rule:

- a period (or compare period) partly or wholly outside the release's delivery years is an
  error (:class:`~armsledger.errors.PeriodNotCoveredError`) that names the release's coverage
  and, when one exists, a loaded release that covers it;
- with ``allow_partial`` it is computed with a warning, and a change between a period that is
  not fully covered and another period is never given as a number.
"""

from __future__ import annotations

from dataclasses import dataclass, field, replace
from typing import Literal

from armsledger.actors import ActorSet, ActorTable
from armsledger.categories import canonical_category
from armsledger.errors import InvalidRequestError, PeriodNotCoveredError, UnknownActorError
from armsledger.periods import Comparison, Coverage, Period
from armsledger.store import Release, Store

Role = Literal["exporter", "importer"]

DefaultPeriod = Literal["latest", "all"]
"""What a query without a period means: the latest five full years of the release (figures:
profile, top) or every year it covers (lists and series: deals, trend, screen)."""


def role_of(value: str) -> Role:
    """'exporter'/'exporters'/'supplier' -> 'exporter'; 'importer'/'importers'/'recipient'
    -> 'importer'; anything else is an :class:`InvalidRequestError`."""
    v = value.strip().lower()
    if v in ("exporter", "exporters", "supplier", "suppliers"):
        return "exporter"
    if v in ("importer", "importers", "recipient", "recipients"):
        return "importer"
    raise InvalidRequestError(f"'{value}': expected 'exporters' or 'importers'")


def _text(value: str | None) -> str | None:
    value = value.strip() if isinstance(value, str) else value
    return value or None


@dataclass(frozen=True, slots=True)
class FigureQuery:
    """What a figure is asked for. Build it with :meth:`build` (strings are parsed there)."""

    supplier: str | None = None
    recipient: str | None = None
    period: Period | None = None
    """None: the default of the figure (see :data:`DefaultPeriod`)."""
    year_from: int | None = None
    year_to: int | None = None
    """Open bounds (``--from``/``--to`` without the other): the other end is the release's."""
    compare: Comparison = field(default_factory=Comparison)
    category: str | None = None
    release: str | None = None
    include_predecessors: bool = False
    allow_partial: bool = False

    @classmethod
    def build(
        cls,
        *,
        supplier: str | None = None,
        recipient: str | None = None,
        period: str | Period | None = None,
        year_from: int | str | None = None,
        year_to: int | str | None = None,
        compare: str | Period | Comparison | None = None,
        category: str | None = None,
        release: str | None = None,
        include_predecessors: bool = False,
        allow_partial: bool = False,
    ) -> FigureQuery:
        """The one parser of query options (blank strings count as not given).

        ``period`` is 'YYYY-YYYY' or 'YYYY'; ``year_from``/``year_to`` are the ``--from`` and
        ``--to`` aliases (one of the two ways, not both). ``compare`` is 'previous' (the
        default), 'none' or a period.
        """
        period = _text(period) if isinstance(period, str) else period
        a = _year(year_from, "--from")
        b = _year(year_to, "--to")
        p: Period | None = Period.parse(period) if period is not None else None
        if p is not None and (a is not None or b is not None):
            raise InvalidRequestError("give --period or --from/--to, not both")
        if a is not None and b is not None:
            p, a, b = Period.parse(f"{a}-{b}"), None, None
        return cls(
            supplier=_text(supplier),
            recipient=_text(recipient),
            period=p,
            year_from=a,
            year_to=b,
            compare=Comparison.parse(compare),
            category=canonical_category(_text(category)),
            release=_text(release),
            include_predecessors=bool(include_predecessors),
            allow_partial=bool(allow_partial),
        )

    def subject(self) -> tuple[Role, str]:
        """The one actor a profile or trend is about: the supplier (as exporter) or the
        recipient (as importer); exactly one must be given."""
        if (self.supplier is None) == (self.recipient is None):
            raise InvalidRequestError(
                "give one actor: an exporter (supplier) or a recipient, not both")
        if self.supplier is not None:
            return "exporter", self.supplier
        assert self.recipient is not None
        return "importer", self.recipient

    def with_actor(self, role: Role, actor: str) -> FigureQuery:
        """This query about ``actor`` in ``role`` (the other side cleared)."""
        if role == "exporter":
            return replace(self, supplier=actor, recipient=None)
        return replace(self, supplier=None, recipient=actor)

    def with_period(self, period: Period | str | None,
                    compare: Comparison | str | None = None) -> FigureQuery:
        p = Period.parse(period) if period is not None else None
        return replace(self, period=p, year_from=None, year_to=None,
                       compare=Comparison.parse(compare) if compare is not None else self.compare)



def _year(value: int | str | None, flag: str) -> int | None:
    if value is None or (isinstance(value, str) and not value.strip()):
        return None
    try:
        year = int(value)
    except (TypeError, ValueError):
        raise InvalidRequestError(f"{flag} '{value}' is not a year") from None
    Period(year, year)  # the same year bounds as any period
    return year


@dataclass(frozen=True, slots=True)
class Scope:
    """A query pinned to one release: the periods it covers and the SIPRI names it means."""

    query: FigureQuery
    release: Release
    coverage: Coverage
    period: Period
    compare: Period | None
    period_covered: bool
    compare_covered: bool
    suppliers: list[str] | None
    recipients: list[str] | None
    warnings: list[str]
    supplier_set: ActorSet | None = None
    recipient_set: ActorSet | None = None

    @property
    def comparable(self) -> bool:
        """A change is given as a number only between two fully covered periods."""
        return self.compare is not None and self.period_covered and self.compare_covered

    def actor_set(self, role: Role) -> ActorSet:
        """What the supplier (exporter) or recipient (importer) side means (an actor or a
        group such as a region or a bloc)."""
        found = self.supplier_set if role == "exporter" else self.recipient_set
        if found is None:
            raise InvalidRequestError(f"no {'supplier' if role == 'exporter' else 'recipient'}"
                                      " given")
        return found

    def member_years(self, role: Role, first: int, last: int) -> list[str] | None:
        """``name:year`` keys a dated group's rows must match (None: no dating)."""
        found = self.supplier_set if role == "exporter" else self.recipient_set
        return found.member_years(first, last) if found is not None else None

    def names(self, role: Role) -> list[str]:
        """The SIPRI names of the supplier (exporter) or recipient (importer) side."""
        names = self.suppliers if role == "exporter" else self.recipients
        if names is None:
            raise InvalidRequestError(f"no {'supplier' if role == 'exporter' else 'recipient'}"
                                      " given")
        return names


def covering_release(store: Store, period: Period) -> Release | None:
    """The newest loaded release whose deliveries cover ``period``, if any."""
    for rel in reversed(store.releases()):
        if rel.deliveries and store.coverage(rel).covers(period):
            return rel
    return None


def check_covered(store: Store, release: Release, period: Period, *, allow_partial: bool,
                  what: str = "period") -> str | None:
    """None when ``period`` is covered; else a warning (``allow_partial``) or an error."""
    cov = store.coverage(release)
    if cov.covers(period):
        return None
    other = covering_release(store, period)
    if other is not None and other.name == release.name:
        other = None
    message = (f"{what} {period} is not covered by release '{release.name}' (deliveries "
               f"{cov})")
    if allow_partial:
        return message + ": figures count only the covered years (missing years are absent, " \
            "not zero)"
    ways = [f"use release {other.name} (--release {other.name}), which covers "
            f"{store.coverage(other)}"] if other else []
    ways.append(f"choose a period within {cov}")
    if what == "compare period":
        ways.append("compare with none (--compare none)")
    ways.append("allow a partial period (--allow-partial; allow_partial=true in the API) to "
                "count the covered years only")
    raise PeriodNotCoveredError(
        f"{message}: {'; or '.join(ways)}",
        suggestions=[other.name] if other is not None else [],
        details={"period": str(period), "release": release.name,
                 "coverage": {"first_year": cov.first_year, "last_year": cov.last_year},
                 "covering_release": other.name if other is not None else None})


def scope(store: Store, query: FigureQuery, *, default: DefaultPeriod = "latest",
          compare: bool = True, tables: bool = False) -> Scope:
    """Pin ``query`` to its release (the named one, else the newest with deliveries).

    ``default`` says what no period means; ``compare=False`` ignores the compare period (for
    lists and series); ``tables`` accepts a release of SIPRI's TIV tables (yearly totals per
    actor, no deals: rankings and series only). Raises
    :class:`~armsledger.errors.PeriodNotCoveredError` for a period outside the release's
    coverage unless the query allows partial periods.
    """
    rel = store.release(query.release, needs="deliveries")
    if rel.is_tiv_table and not tables:
        usable = store.release(None, needs="deliveries").name if any(
            r.deliveries for r in store.releases()) else None
        raise InvalidRequestError(
            f"release '{rel.name}' is SIPRI's TIV table (yearly totals per actor, no deals): "
            "it answers 'top' and 'trend' only"
            + (f"; use a release with deliveries, e.g. --release {usable}" if usable else ""),
            suggestions=[usable] if usable else [])
    warnings: list[str] = []
    if query.release is None:
        moved = _release_for_history(store, rel, query, compare)
        if moved is not None:
            warnings.append(
                f"{moved[1]} is not covered by the default release '{rel.name}' (deliveries "
                f"{store.coverage(rel)}): figures come from release '{moved[0].name}', the "
                "newest loaded release that covers it")
            rel = moved[0]
    cov = store.coverage(rel)
    period = query.period
    if period is None and (query.year_from is not None or query.year_to is not None):
        # an open end takes the release's, so '--from 2003' means 2003 to the last year
        first, last = query.year_from, query.year_to
        if first is None:
            assert last is not None
            first = min(cov.first_year, last) if cov.first_year is not None else last
        if last is None:
            last = max(cov.last_year, first) if cov.last_year is not None else first
        period = Period(first, last)
    try:
        sup, rec = _actors(store, rel, query)
    except UnknownActorError:
        other = _release_knowing(store, rel, query) if query.release is None else None
        if other is None:
            raise
        warnings.append(
            f"{query.supplier or query.recipient} is not in the default release '{rel.name}' "
            f"(deliveries {cov}): figures come from release '{other.name}', the newest loaded "
            "release that has it")
        rel, cov = other, store.coverage(other)
        sup, rec = _actors(store, rel, query)
    if period is None:
        period = cov.default_period() if default == "latest" else cov.whole()
        subject = sup if rec is None else rec if sup is None else None
        if default == "latest" and subject is not None and subject.kind == "historical_state":
            # a state that no longer exists: its last years, not zeros in the latest ones
            role: Role = "exporter" if subject is sup else "importer"
            active = store.actor_years(rel, "supplier" if role == "exporter" else "recipient",
                                       subject.names)
            if active.last_year is not None and active.last_year < period.start:
                ended = Period(max(active.last_year - len(period) + 1,
                                   cov.first_year or active.last_year), active.last_year)
                warnings.append(
                    f"{subject.label} has no deliveries in {period} (its last as {role} were "
                    f"in {active.last_year}): showing {ended} (choose a period to change it)")
                period = ended
    cmp = query.compare.resolve(period) if compare else None
    w = check_covered(store, rel, period, allow_partial=query.allow_partial)
    if w:
        warnings.append(w)
    cw = check_covered(store, rel, cmp, allow_partial=query.allow_partial,
                       what="compare period") if cmp is not None else None
    if cw:
        warnings.append(cw)
    if cmp is not None and (w or cw):
        warnings.append(f"no change is given between {period} and {cmp}: one of them is not "
                        "fully covered by the data")
    return Scope(query, rel, cov, period, cmp, w is None, cw is None,
                 sup.names if sup else None, rec.names if rec else None, warnings, sup, rec)


def _actors(store: Store, release: Release, query: FigureQuery
            ) -> tuple[ActorSet | None, ActorSet | None]:
    """The supplier and recipient sides of ``query`` resolved in ``release``."""
    table = ActorTable.of(store, release)
    pred = query.include_predecessors
    return (table.resolve_set(query.supplier, include_predecessors=pred)
            if query.supplier is not None else None,
            table.resolve_set(query.recipient, include_predecessors=pred)
            if query.recipient is not None else None)


def _release_knowing(store: Store, default: Release, query: FigureQuery) -> Release | None:
    """The newest loaded release with deliveries (other than ``default``) in which the
    query's actors are known (the Soviet Union is not in a release starting in 1995)."""
    for rel in reversed(store.releases()):
        if rel.deliveries and rel.release_id != default.release_id:
            try:
                _actors(store, rel, query)
            except UnknownActorError:
                continue
            return rel
    return None


def _release_for_history(store: Store, default: Release, query: FigureQuery,
                         compare: bool) -> tuple[Release, str] | None:
    """For a query naming no release whose explicit period the default release does not
    cover: the newest loaded release covering it (and its compare period when one covers
    both) that has the query's actors, with what was not covered; None when the default
    covers it or no release does."""
    period = query.period
    if period is None and query.year_from is not None and query.year_to is not None:
        period = Period(query.year_from, query.year_to)
    if period is None or store.coverage(default).covers(period):
        return None
    cmp = query.compare.resolve(period) if compare else None
    both = Period(min(period.start, cmp.start), max(period.end, cmp.end)) if cmp else period
    for wanted in (both, period):
        for rel in reversed(store.releases()):
            if not rel.deliveries or rel.release_id == default.release_id \
                    or not store.coverage(rel).covers(wanted):
                continue
            try:
                _actors(store, rel, query)
            except UnknownActorError:
                continue
            return rel, f"period {period}"
    return None
