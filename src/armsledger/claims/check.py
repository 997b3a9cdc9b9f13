"""Checking claims against SIPRI data: a verdict, the evidence and the method for each claim.

Verdicts:
- ``consistent`` / ``inconsistent``: the claim was compared with a figure computed the way the
  method says, with the tolerance stated;
- ``not comparable``: the claim is money and SIPRI measures volume (TIV); levels are never
  compared or converted. Money *trends* are compared where a series exists (see below);
- ``not checkable``: the data cannot settle it (the period is outside the data, the metric has
  no independent source, the subject is not in the data); the result says what would.

Money trend check: the claimed series (this claim and the ledger's other claims of the same
exporter, metric, currency and unit, one value per year, the median where several) is set
beside the exporter's TIV series for the same years. The *series* test: each series' change is
the mean of its later half of years over the mean of its earlier half (halves, because yearly
TIV swings); the trends are ``inconsistent`` when the two changes differ by 25 percentage points
or more, otherwise ``consistent``. It is reported once per series (``evidence.series_check``)
and is the verdict of a claim that itself covers several years. A *one-year* claim gets its
own verdict: the claimed value as a share of the claimed series' mean beside the year's TIV
(three-year centred mean) as a share of its mean over the same years, inconsistent when they
differ by 25 points or more; so "the 2011 figure" is judged by 2011, not by the whole series.
Verdicts say how the figures move, never that a money level is wrong. Fewer than four years
with both figures: ``not comparable`` (``not checkable`` when the claim's years are after the
data).
"""

from __future__ import annotations

from dataclasses import dataclass, field
from statistics import mean, median
from typing import Any, Literal

import polars as pl
from pydantic import Field

from armsledger import TIV_UNIT
from armsledger.actors import STATE_KINDS, ActorTable
from armsledger.analysis.backlog import open_orders, order_release
from armsledger.analysis.common import source_note
from armsledger.analysis.licensed import licensed_production
from armsledger.analysis.profile import ExporterProfile, profile
from armsledger.analysis.trend import trend
from armsledger.claims.ledger import list_claims
from armsledger.claims.model import MONEY_METRICS, Claim, ClaimRecord
from armsledger.claims.quotes import QuoteContext, quote_context
from armsledger.errors import BadPeriodError, UnknownActorError
from armsledger.limits import Deadline, check_deadline
from armsledger.periods import Period
from armsledger.results import Model
from armsledger.store import Release, Store

VERDICTS = ("consistent", "inconsistent", "not comparable", "not checkable")

MIN_TREND_YEARS = 4
"""Money trend check: years with both a claimed value and TIV needed (two per half)."""

DIVERGENCE = 0.25
"""Money trend check: changes (as fractions) this far apart are reported as inconsistent."""

STATE_CONVENTION = (
    "recipient states = states (current or historical) with at least one delivery of major "
    "conventional arms recorded by SIPRI in the period; non-state actors, international "
    "organisations and unknown recipients are not counted. SIPRI covers major conventional "
    "arms only, so a claim that covers all military goods (small arms, ammunition, parts, "
    "services) can legitimately name more countries"
)

_TOLERANCE = {
    "global_share": "exact: within 0.5 percentage points (rounding); about: within 2 points "
                    "or 15 %; over/at least: measured >= claimed - 0.5; under: measured <= "
                    "claimed + 0.5",
    "rank": "exact: the same rank; about: within one place; over/under as stated",
    "recipient_countries": "exact: within 10 % (at least 1); about: within 15 % (at least 2); "
                           "over/at least: measured >= claimed; under: measured <= claimed",
}


@dataclass(slots=True)
class Check:
    claim: Claim
    verdict: str
    method: str
    evidence: dict[str, Any] = field(default_factory=dict)
    series: pl.DataFrame | None = None
    """year, claimed, tiv: both series side by side, for money trend checks."""
    in_context: QuoteContext | None = None
    """The quote with the words around it in the text it was read from, when known."""

    def to_record(self) -> CheckRecord:
        return CheckRecord(claim=ClaimRecord.of(self.claim), verdict=self.verdict,
                           evidence=self.evidence, method=self.method,
                           in_context=self.in_context)

    def to_dict(self) -> dict[str, Any]:
        return self.to_record().to_dict()


class CheckRecord(Model):
    """A checked claim as JSON (``claims check --json``, ``POST /api/claims/check``)."""

    claim: ClaimRecord
    verdict: Literal["consistent", "inconsistent", "not comparable", "not checkable"]
    evidence: dict[str, Any] = Field(description="the figures, deal ids and the command "
                                     "behind the verdict (keys depend on the metric)")
    method: str
    in_context: QuoteContext | None = Field(
        default=None, description="the quote with the words around it (when checked from a "
        "text)")


def claim_period(claim: Claim) -> Period | None:
    """The claim's period (None when it states none, or a start after the end)."""
    try:
        return Period.of_bounds(claim.period_start, claim.period_end)
    except BadPeriodError:
        return None


def claim_years(claim: Claim) -> tuple[int, int] | None:
    """Calendar years a claim's period touches (fiscal years touch two)."""
    period = claim_period(claim)
    return (period.start, period.end) if period else None


def _fiscal(claim: Claim) -> bool:
    period = claim_period(claim)
    return bool(period and period.fiscal)


def _within(measured: float, claimed: float, qualifier: str, *, exact_tol: float,
            about_tol: float, slack: float = 0.0) -> bool:
    if qualifier == "exact":
        return abs(measured - claimed) <= exact_tol
    if qualifier == "about":
        return abs(measured - claimed) <= about_tol
    if qualifier in ("over", "at least"):
        return measured >= claimed - slack
    if qualifier == "under":
        return measured <= claimed + slack
    return False


def _share_text(share: float | None) -> str:
    return "-" if share is None else f"{share:.1f}%"


class Checker:
    """Checks claims against one release (the newest with deliveries unless named)."""

    def __init__(self, store: Store, release: str | None = None):
        self.store = store
        self.release: Release = store.release(release, needs="deliveries")
        self.coverage = store.coverage(self.release)
        self.source = source_note(self.release)
        self._index: tuple[list[Claim], dict[tuple[object, ...], list[Claim]]] | None = None
        self._tiv: dict[tuple[str, int, int], dict[int, float]] = {}
        self._medians: dict[tuple[object, ...], dict[int, float]] = {}

    def _yearly_tiv(self, exporter: str, first: int, last: int) -> dict[int, float]:
        """The exporter's TIV by delivery year (computed once per checker)."""
        key = (exporter, first, last)
        if key not in self._tiv:
            t = trend(self.store, exporter, year_from=first, year_to=last, window=1,
                      release=self.release.name)
            self._tiv[key] = {pt.year: pt.tiv for pt in t.series}
        return self._tiv[key]

    def _series_index(self, context: list[Claim]) -> dict[tuple[object, ...], list[Claim]]:
        """The claims of ``context`` by series (metric, exporter, currency, unit), built once
        per context list."""
        if self._index is None or self._index[0] is not context:
            index: dict[tuple[object, ...], list[Claim]] = {}
            for c in context:
                index.setdefault(_series_key(c), []).append(c)
            self._index = (context, index)
            self._medians = {}
        return self._index[1]

    # -- entry point ------------------------------------------------------------------------

    def check(self, claim: Claim, context: list[Claim] | None = None) -> Check:
        base = {"release": self.release.name, "source": self.source,
                "data_years": [self.coverage.first_year, self.coverage.last_year]}
        names = self._subject(claim)
        if claim.metric in ("cooperation_projects", "cooperation_partner_states"):
            return self._cooperation(claim, names, base)
        if names is None:
            return Check(claim, "not checkable",
                         f"the subject exporter ({claim.subject_exporter or 'not named'}) is "
                         "not a supplier in this release", base)
        years = claim_years(claim)
        if years is None:
            return Check(claim, "not checkable", "the claim states no period", base)
        if claim.metric in MONEY_METRICS:
            return self._money(claim, names, years, base, context or [])
        if not self._covered(years):
            return self._outside(claim, names, years, base)
        period = Period(*years)
        if claim.metric == "recipient_countries":
            return self._recipients(claim, names, period, base)
        return self._share_or_rank(claim, names, period, base)

    # -- cooperation ------------------------------------------------------------------------

    def _cooperation(self, claim: Claim, names: list[str] | None,
                     base: dict[str, Any]) -> Check:
        """Not checkable (SIPRI counts no projects); the licensed and local production and
        co-development deals of the exporter's designs in the period are given as context."""
        method = ("SIPRI records transfers of major conventional arms, not cooperation "
                  "projects, so the count cannot be checked; as context, the states where "
                  "SIPRI's register shows the exporter's designs produced under licence, "
                  "locally or co-developed")
        if names is None:
            return Check(claim, "not checkable", method + " (the exporter is not a supplier in "
                         "this release)", base)
        years = claim_years(claim)
        period = Period(*years) if years and self._covered(years) else self._latest()
        lp = licensed_production(self.store, self.release, names, period)
        evidence = {**base, "period": str(period), "context": {
            "licensed_production_states": lp.licensees,
            "licensed_production_deals": len(lp.deals),
            "definition": lp.definition,
        }, "deal_ids": lp.deal_ids}
        note = "" if years and self._covered(years) else (
            f" (the claim's period is not in the data; the latest five years {period} are "
            "shown)")
        states = ", ".join(lp.licensees) or "none"
        return Check(claim, "not checkable",
                     f"{method}: in {period}{note} {len(lp.licensees)} state(s) ({states}) in "
                     f"{len(lp.deals)} deal(s). Not a verdict: SIPRI does not count projects",
                     evidence)

    # -- helpers ----------------------------------------------------------------------------

    def _subject(self, claim: Claim) -> list[str] | None:
        if not claim.subject_exporter:
            return None
        try:
            return ActorTable.of(self.store, self.release).resolve(claim.subject_exporter)
        except UnknownActorError:
            return None

    def _covered(self, years: tuple[int, int]) -> bool:
        return self.coverage.covers(Period(*years))

    def _latest(self) -> Period:
        return self.coverage.default_period()

    def _profile(self, names: list[str], period: Period | str) -> ExporterProfile:
        p = profile(self.store, names[0], period=period, compare=None, release=self.release.name)
        assert isinstance(p, ExporterProfile)
        return p

    def _outside(self, claim: Claim, names: list[str], years: tuple[int, int],
                 base: dict[str, Any]) -> Check:
        latest = self._latest()
        p = self._profile(names, latest)
        last = self._profile(names, str(latest.end))
        context = {
            "latest_period": str(latest),
            "recipient_states": p.recipient_states,
            f"recipient_states_{latest.end}": last.recipient_states,
            "share_of_world_pct": p.share_of_world_pct,
            "rank": p.rank,
            "tiv": p.tiv,
            "unit": TIV_UNIT,
            "yearly_tiv": [y.to_dict() for y in p.yearly],
        }
        nearest = (f"in {latest} SIPRI recorded deliveries by {names[0]} to "
                   f"{p.recipient_states} recipient states "
                   f"({last.recipient_states} in {latest.end}), "
                   f"{_share_text(p.share_of_world_pct)} of world exports, rank "
                   f"{p.rank or '-'}")
        return Check(claim, "not checkable",
                     f"the claim is about {years[0]}-{years[1]} but the data cover deliveries "
                     f"{self.coverage.first_year}-{self.coverage.last_year} (latest year "
                     f"{self.coverage.last_year}). Nearest covered figures: {nearest}. "
                     f"{STATE_CONVENTION}",
                     {**base, "latest_year": self.coverage.last_year, "context": context})

    def _recipients(self, claim: Claim, names: list[str], period: Period,
                    base: dict[str, Any]) -> Check:
        p = self._profile(names, period)
        measured = p.recipient_states
        claimed = float(claim.value)
        ok = _within(measured, claimed, claim.qualifier, exact_tol=max(1, 0.1 * claimed),
                     about_tol=max(2, 0.15 * claimed))
        orders = self._states_with_orders(names, period)
        evidence = {
            **base, "period": str(period), "claimed": claim.value,
            "qualifier": claim.qualifier,
            "measured_recipient_states": measured,
            "recipient_states_with_orders": orders,
            "recipients": [r.actor for r in p.recipients],
            "non_state_recipients": [r.actor for r in p.non_state_recipients],
            "deal_ids": p.evidence.deal_ids,
            "convention": STATE_CONVENTION,
            "command": p.evidence.command,
        }
        if _fiscal(claim):
            evidence["note"] = ("the claim is for a fiscal year; SIPRI data are by calendar "
                                f"year, so the calendar years {period} are counted")
        return Check(claim, "consistent" if ok else "inconsistent",
                     f"claimed {claim.qualifier} {claim.value} recipient countries; counted "
                     f"{measured} recipient states in {period}. Tolerance: "
                     f"{_TOLERANCE['recipient_countries']}. {STATE_CONVENTION}", evidence)

    def _states_with_orders(self, names: list[str], period: Period) -> int | None:
        rel = order_release(self.store, self.release)
        if rel is None:
            return None
        rows = self.store.query(
            """
            SELECT count(DISTINCT d.recipient) AS n FROM deals d
            JOIN actors a ON a.sipri_name = d.recipient
            WHERE d.release_id = $r AND d.supplier IN (SELECT unnest($names))
              AND d.order_year BETWEEN $a AND $b AND a.kind IN (SELECT unnest($kinds))
            """,
            {"r": rel.release_id, "names": names, "a": period.start, "b": period.end,
             "kinds": list(STATE_KINDS)})
        return int(rows["n"][0])

    def _share_or_rank(self, claim: Claim, names: list[str], period: Period,
                       base: dict[str, Any]) -> Check:
        p = self._profile(names, period)
        claimed = float(claim.value)
        if claim.metric == "global_share":
            measured = p.share_of_world_pct or 0.0
            ok = _within(measured, claimed, claim.qualifier, exact_tol=0.5 + 1e-9,
                         about_tol=max(2.0, 0.15 * claimed), slack=0.5)
            what = f"{measured:.1f}% of world exports"
        else:
            rank = p.rank
            if rank is None:
                return Check(claim, "not checkable",
                             f"{names[0]} has no deliveries in {period}", base)
            measured = rank
            # 'over'/'under' a rank read as 'worse than'/'better than' that place.
            q = {"over": "under", "under": "over"}.get(claim.qualifier, claim.qualifier)
            ok = _within(measured, claimed, q, exact_tol=0, about_tol=1)
            what = f"rank {measured} of {p.ranked_actors} exporting states"
        evidence = {
            **base, "period": str(period), "claimed": claim.value, "qualifier": claim.qualifier,
            "measured": measured, "tiv": p.tiv, "world_tiv": p.world_tiv,
            "unit": TIV_UNIT, "deal_ids": p.evidence.deal_ids, "command": p.evidence.command,
        }
        return Check(claim, "consistent" if ok else "inconsistent",
                     f"claimed {claim.qualifier} {claim.value}; computed {what} in {period} "
                     f"(SIPRI's method: share of the world total of all suppliers, rank among "
                     f"states). Tolerance: {_TOLERANCE[claim.metric]}. Figures may differ from "
                     "those the claimant used because SIPRI revises its data every year",
                     evidence)

    # -- money --------------------------------------------------------------------------------

    def _money(self, claim: Claim, names: list[str], years: tuple[int, int],
               base: dict[str, Any], context: list[Claim]) -> Check:
        levels = (f"the claim is money ({claim.currency or 'no currency'}); SIPRI's TIV measures "
                  "the volume of major arms delivered, not their price or payments, so levels "
                  "are never compared or converted")
        if claim.metric != "export_value":
            return self._money_context(claim, names, years, base, levels)
        series = self._claimed_series(claim, context)
        first, last = self.coverage.first_year, self.coverage.last_year
        if first is None or last is None:  # never: the release is chosen for its deliveries
            return Check(claim, "not checkable", "the release has no deliveries", base)
        in_data = {y: v for y, v in series.items() if first <= y <= last}
        tiv = self._yearly_tiv(names[0], first, last)
        table = pl.DataFrame({
            "year": sorted(series),
            "claimed": [series[y] for y in sorted(series)],
            "tiv": [tiv.get(y) for y in sorted(series)],
        }, schema={"year": pl.Int32, "claimed": pl.Float64, "tiv": pl.Float64})
        unit = claim.unit.replace(" per year", "")
        evidence = {**base, "claimed_unit": f"{claim.currency} {unit}",
                    "tiv_unit": TIV_UNIT, "series": table.to_dicts(),
                    "claims_in_series": sorted(
                        {c.claim_id for c in [claim, *self._series_index(context).get(
                            _series_key(claim), [])] if c.claim_id is not None})}
        if not self._covered(years):
            latest = self._latest()
            evidence["latest_year"] = last
            before = latest.previous()
            now_tiv = sum(tiv.get(y) or 0.0 for y in latest.years)
            before_tiv = sum(tiv.get(y) or 0.0 for y in before.years)
            evidence["context"] = {
                "latest_period": str(latest), "previous_period": str(before),
                "tiv_latest_period": now_tiv, "tiv_previous_period": before_tiv,
                "tiv_change_pct": 100 * (now_tiv / before_tiv - 1) if before_tiv else None,
                "yearly_tiv": [{"year": y, "tiv": tiv.get(y)} for y in latest.years],
                "unit": TIV_UNIT,
            }
        common = sorted(in_data)
        if len(common) < MIN_TREND_YEARS:
            why = ("the data end in " f"{last}" if not self._covered(years)
                   else f"the claimed series has {len(common)} year(s) with SIPRI data; a "
                        f"trend needs at least {MIN_TREND_YEARS} (two per half), because "
                        "yearly TIV swings")
            verdict = "not checkable" if not self._covered(years) else "not comparable"
            return Check(claim, verdict, f"{levels}; {why}, so no trend can be compared",
                         evidence, table)
        half = len(common) // 2
        early, late = common[:half], common[-half:]
        claimed_change = mean(in_data[y] for y in late) / mean(in_data[y] for y in early) - 1
        tiv_early = mean(tiv[y] for y in early)
        tiv_change = (mean(tiv[y] for y in late) / tiv_early - 1) if tiv_early else None
        evidence.update({
            "compared_years": [common[0], common[-1]],
            "early_years": early, "late_years": late,
            "claimed_change_pct": 100 * claimed_change,
            "tiv_change_pct": None if tiv_change is None else 100 * tiv_change,
        })
        diverge = tiv_change is not None and abs(claimed_change - tiv_change) >= DIVERGENCE
        described = (
            f"Trend check over {common[0]}-{common[-1]}: the claimed series changed "
            f"{100 * claimed_change:+.0f}% (mean of {late[0]}-{late[-1]} vs {early[0]}-"
            f"{early[-1]}) while SIPRI's TIV for the same years changed "
            + (f"{100 * tiv_change:+.0f}%" if tiv_change is not None else "from zero")
            + f". Rule: the trends are inconsistent when the two changes differ by "
            f"{100 * DIVERGENCE:.0f} percentage points or more."
        )
        series_verdict = "inconsistent" if diverge else "consistent"
        evidence["series_check"] = {
            "verdict": series_verdict, "method": described,
            "years": [common[0], common[-1]], "exporter": claim.subject_exporter,
            "currency": claim.currency, "metric": claim.metric,
        }
        if not self._covered(years):
            ctx = evidence["context"]
            nearest = ""
            if ctx["tiv_change_pct"] is not None:
                nearest = (f" Nearest covered figures: {names[0]}'s TIV changed "
                           f"{ctx['tiv_change_pct']:+.0f}% from {ctx['previous_period']} to "
                           f"{ctx['latest_period']}.")
            return Check(claim, "not checkable",
                         f"{levels}; the claim's year(s) {years[0]}-{years[1]} are after the "
                         f"data's latest year {last}.{nearest} As context, the claimed series "
                         f"and SIPRI's TIV series are compared where both exist: {described}",
                         evidence, table)
        if years[0] != years[1]:
            # a claim about several years is itself a series: the series test is its verdict
            return Check(claim, series_verdict, f"{described} Levels: {levels}.", evidence,
                         table)
        return self._year(claim, years[0], in_data, tiv, common, levels, evidence, table)

    def _year(self, claim: Claim, year: int, claimed: dict[int, float], tiv: dict[int, float],
              common: list[int], levels: str, evidence: dict[str, Any],
              table: pl.DataFrame) -> Check:
        """One year's claim beside SIPRI's volume of the same year: each series as a share of
        its own mean over the years both cover (TIV smoothed over three years)."""
        def smooth(y: int) -> float:
            near = [tiv[x] for x in (y - 1, y, y + 1) if tiv.get(x) is not None]
            return mean(near) if near else 0.0

        claimed_mean = mean(claimed[y] for y in common)
        tiv_mean = mean(smooth(y) for y in common)
        if not claimed_mean or not tiv_mean:
            return Check(claim, "not comparable", f"{levels}; SIPRI recorded no deliveries in "
                         "these years, so no index can be formed", evidence, table)
        c_idx = claimed[year] / claimed_mean
        t_idx = smooth(year) / tiv_mean
        evidence.update({"year": year, "claimed_index_pct": 100 * c_idx,
                         "tiv_index_pct": 100 * t_idx})
        verdict = "inconsistent" if abs(c_idx - t_idx) >= DIVERGENCE else "consistent"
        return Check(claim, verdict, (
            f"Year check for {year}: the claim is {100 * c_idx:.0f}% of the claimed series' "
            f"mean over {common[0]}-{common[-1]}; SIPRI's TIV for {year} (three-year centred "
            f"mean) is {100 * t_idx:.0f}% of its mean over the same years. Rule: inconsistent "
            f"when the two differ by {100 * DIVERGENCE:.0f} points or more; {levels}. The "
            f"series as a whole: {evidence['series_check']['verdict']} (reported once)."),
            evidence, table)

    def _claimed_series(self, claim: Claim, context: list[Claim]) -> dict[int, float]:
        """One claimed value per year: this claim's years, then the other claims' (median of
        the single-year claims of the same series). A claim adds a value only to its own year,
        which this claim's value replaces, so the medians of a series are computed once for
        all its claims: checking n claims is linear in n."""
        key = _series_key(claim)
        series_of = self._series_index(context)
        if key not in self._medians:
            per_year: dict[int, list[float]] = {}
            for c in series_of.get(key, []):
                c_years = claim_years(c)
                if c_years and c_years[0] == c_years[1] and not _fiscal(c):
                    per_year.setdefault(c_years[0], []).append(_point(c))
            self._medians[key] = {y: median(v) for y, v in per_year.items()}
        series = dict(self._medians[key])
        years = claim_years(claim)
        if years:
            for y in range(years[0], years[1] + 1):
                series[y] = _point(claim)
        return series

    def _money_context(self, claim: Claim, names: list[str], years: tuple[int, int],
                       base: dict[str, Any], levels: str) -> Check:
        evidence = dict(base)
        rel = order_release(self.store, self.release)
        what = {"contracts_value": "new orders", "order_book": "open orders",
                "licences_value": "licences"}[claim.metric]
        if rel is not None and claim.metric == "order_book":
            orders = open_orders(self.store, rel).filter(pl.col("supplier").is_in(names))
            evidence["context"] = {
                "open_orders_release": rel.name,
                "as_of_year": int(orders["as_of_year"][0]) if orders.height else None,
                "open_orders": orders.height,
                "tiv_outstanding": float(orders["tiv_outstanding"].sum()),
                "unit": TIV_UNIT, "deal_ids": orders["deal_id"].to_list(),
            }
        elif rel is not None and claim.metric == "contracts_value":
            rows = self.store.query(
                "SELECT deal_id, tiv_order FROM deals WHERE release_id = $r AND supplier IN "
                "(SELECT unnest($n)) AND order_year BETWEEN $a AND $b",
                {"r": rel.release_id, "n": names, "a": years[0], "b": years[1]})
            evidence["context"] = {
                "orders_release": rel.name, "period": f"{years[0]}-{years[1]}",
                "deals_ordered": rows.height, "tiv_of_orders": float(rows["tiv_order"].sum()),
                "unit": TIV_UNIT, "deal_ids": rows["deal_id"].to_list(),
                "note": "SIPRI records an order once its details are known; recent years fill "
                        "in as later releases add deals",
            }
        return Check(claim, "not comparable",
                     f"{levels}. SIPRI has no money series of {what}; the volume of the "
                     "corresponding SIPRI records is given as context only", evidence)


def _point(c: Claim) -> float:
    """A claim's value in a series: the middle of a range, else the value as stated."""
    if c.value_low is not None and c.value_high is not None:
        return (c.value_low + c.value_high) / 2
    return float(c.value)


def _series_key(c: Claim) -> tuple[object, ...]:
    return (c.metric, c.subject_exporter, c.currency, c.unit)


def check_claims(store: Store, claims: list[Claim], *, release: str | None = None,
                 use_ledger: bool = True, text: str | None = None,
                 deadline: Deadline | None = None) -> list[Check]:
    """Check each claim. Money trends use the other claims given and, by default, the ledger.
    With the ``text`` the claims were read from, each check carries its quote in context.
    Work that outlasts ``deadline`` stops with :class:`~armsledger.errors.TooLargeError`."""
    checker = Checker(store, release)
    context = list(claims)
    if use_ledger:
        known = {c.claim_id for c in claims if c.claim_id is not None}
        context += [c for c in list_claims(store) if c.claim_id not in known]
    checks = []
    for c in claims:
        check_deadline(deadline, "checking the claims")
        checks.append(checker.check(c, context))
    if text:
        for ch in checks:
            ch.in_context = quote_context(text, ch.claim.span)
    return checks


def series_checks(checks: list[Check]) -> list[dict[str, Any]]:
    """The money series tests behind the checks, each once (exporter, metric, currency)."""
    seen: dict[tuple[object, ...], dict[str, Any]] = {}
    for ch in checks:
        sc = ch.evidence.get("series_check")
        if sc:
            seen.setdefault((sc["exporter"], sc["metric"], sc["currency"]), sc)
    return list(seen.values())
