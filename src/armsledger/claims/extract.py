"""Extraction of checkable claims about arms exports from an article's text.

The extractor is built from parts that each do one thing (README, "How claims are
extracted"):

1. :mod:`.nlp` parses the text with spaCy's blank English tokenizer and sentencizer;
2. :mod:`.quantities` finds every quantity (money, percentages, ranks, counts of countries and
   projects) with spaCy's Matcher, numbers in words read by text2num;
3. :mod:`.rules` drops the quantities that are not claims, each by a named rule;
4. :mod:`.attach` gives each kept quantity its metric, exporter, period and claimant from its
   chunk, clause and sentence, else from the claims before it;
5. the same figure stated twice is one claim with all its quotes (:func:`merge`).

:func:`extract` returns the claims; :func:`explain` returns every quantity with the rule that
kept or dropped it. The functions never raise on odd text; they return fewer claims.
"""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass, field, replace
from datetime import date
from pathlib import Path

from armsledger.claims import attach as at
from armsledger.claims import lexicon as lx
from armsledger.claims import speakers
from armsledger.claims.model import QUALIFIERS, Claim, Source
from armsledger.claims.nlp import Text
from armsledger.claims.quantities import Quantity, quantities
from armsledger.claims.rules import exclusion
from armsledger.claims.view import View
from armsledger.errors import TooLargeError
from armsledger.limits import Deadline, check_deadline
from armsledger.settings import Settings
from armsledger.sources.article import dateline_date, load_text

__all__ = ["Decision", "check_size", "explain", "extract", "extract_file", "merge"]

_MONEY_METRICS = frozenset({"export_value", "contracts_value", "order_book", "licences_value"})


@dataclass(slots=True)
class Decision:
    """One quantity in the text and what became of it."""

    text: str
    span: tuple[int, int]
    kind: str
    kept: bool
    rule: str
    """``claim``, ``duplicate`` or the rule that dropped it (:data:`rules.RULES`, ``no_metric``,
    ``no_subject``, ``headline``)."""
    reason: str
    how: dict[str, str] = field(default_factory=dict)
    claim: Claim | None = None


def extract_file(path: str | Path, *, max_chars: int | None = None) -> list[Claim]:
    """The claims in one article file; raises InputError for unreadable or binary files."""
    doc = load_text(path)
    return extract(doc.text, published=doc.date, source=doc.source, max_chars=max_chars)


def check_size(text: str, max_chars: int | None, what: str = "text") -> None:
    """Refuse a text over ``max_chars`` characters (:class:`TooLargeError`); the limit is
    :attr:`armsledger.settings.Settings.max_text_chars` unless given."""
    limit = Settings.resolve().max_text_chars if max_chars is None else max_chars
    if len(text) > limit:
        raise TooLargeError(f"{what} of {len(text):,} characters is over the limit of "
                            f"{limit:,} (ARMSLEDGER_MAX_TEXT_CHARS)",
                            details={"characters": len(text), "limit": limit})


def extract(text: str, *, published: date | None = None,
            source: Source | None = None, max_chars: int | None = None,
            deadline: Deadline | None = None) -> list[Claim]:
    """The claims stated in ``text``, in order; ``published`` resolves "last year".

    Each claim's ``quote`` is ``text[span[0]:span[1]]`` (its first clear mention; ``mentions``
    lists every span). When ``published`` is None a dateline in the text is used.
    A text over ``max_chars`` (default: the settings' limit) raises :class:`TooLargeError`,
    and so does work that outlasts ``deadline``.
    """
    return [d.claim for d in explain(text, published=published, source=source,
                                     max_chars=max_chars, deadline=deadline)
            if d.kept and d.claim is not None]


def explain(text: str, *, published: date | None = None, source: Source | None = None,
            max_chars: int | None = None, deadline: Deadline | None = None
            ) -> list[Decision]:
    """Every quantity in ``text`` with the rule that kept or dropped it, in text order."""
    check_size(text or "", max_chars)
    if not text or not text.strip():
        return []
    published = published or dateline_date(text)
    source = source or Source()
    if source.date is None and published is not None:
        source = replace(source, date=published.isoformat())
    return _Extractor(text, published, source).run(deadline)


class _Extractor:
    def __init__(self, text: str, published: date | None, source: Source):
        self.t = text
        self.doc = Text(text)
        self.published = published
        self.source = source
        self.views = [View(s) for s in self.doc.sentences]
        self.mem = at.Memory(default_subject=self._default_subject(),
                             document_period=self._document_period())
        self.company = self._company_text()
        self.orgs = self._company_acronyms()

    def _default_subject(self) -> str | None:
        """The state the text is about: the most often named usable state (agencies count)."""
        counts: Counter[str] = Counter()
        for v in self.views:
            for c in v.countries:
                if c.what and at.usable(v, c) and not at.currency_word(v, c):
                    counts[c.what] += 2 if v.text[c.a] in lx.AGENCIES else 1
        if not counts:
            return self._dateline_state()
        (top, n), *rest = counts.most_common(2) + [("", 0)]
        return top if n > rest[0][1] else self._dateline_state()

    def _dateline_state(self) -> str | None:
        """The state of a dateline's city (``MOSCOW, 30 January 2026 -``), if any."""
        import re

        m = re.match(r"\s*([A-Z][A-Z .'-]{2,30}?)\s*(?:,|\(|-|–|—)", self.t)
        if not m:
            return None
        city = m.group(1).strip().title()
        return lx.country_table().get(city)

    def _company_acronyms(self) -> set[str]:
        """Companies the text defines by acronym: ``Pakistan Ordnance Factories (POF)``."""
        import re

        found = set()
        for m in re.finditer(r"((?:[A-Z][\w&-]+\s+){1,5})\(([A-Z]{2,6})\)", self.doc.norm):
            words = m.group(1).split()
            if m.group(2) not in lx.AGENCIES and any(
                    w.lower() in lx.COMPANY_HEADS for w in words):
                found.add(m.group(2))
                found.add(" ".join(words))
        return found

    def _company_text(self) -> str | None:
        """A company the text is about: named in its first two sentences, or more often than
        any state agency (its figures without a state named are the company's)."""
        named: Counter[str] = Counter()
        for i, v in enumerate(self.views):
            for c in v.companies:
                named[c.what or ""] += 3 if i < 2 else 1
        if not named:
            return None
        top, n = named.most_common(1)[0]
        return top if n >= 3 else None

    def _document_period(self) -> tuple[str, str] | None:
        """The period the text names most often (years and ranges), if one is named twice."""
        counts: Counter[tuple[str, str]] = Counter()
        for v in self.views:
            for p in v.periods:
                if p.period and p.period.kind in ("year", "range"):
                    per = p.period.resolve(None, self.published)
                    if per:
                        counts[per] += 1
        top = counts.most_common(1)
        return top[0][0] if top and top[0][1] >= 2 else None

    def run(self, deadline: Deadline | None = None) -> list[Decision]:
        """Body sentences first, in order; a headline's figure is a claim only when the body
        does not state it."""
        out: list[Decision] = []
        kept: list[Decision] = []
        headlines = [v for v in self.views if v.sent.headline]
        for v in [v for v in self.views if not v.sent.headline] + headlines:
            check_deadline(deadline, "reading the claims of the text")
            qs = quantities(v.sent)
            mine: list[Decision] = []  # this sentence's decisions
            prev: Decision | None = None
            agencies = [t for t in v.text if t in lx.AGENCIES and lx.AGENCIES[t][0]]
            for q in qs:
                d = self._decide(v, q, qs, kept)
                if d.kept and prev is not None and not prev.kept and prev.rule not in (
                        "duplicate", "headline", "conversion") and prev.kind == q.kind and \
                        at.compared_with_before(v, q):
                    d.kept, d.rule = False, prev.rule
                    d.reason = f"compared with '{prev.text}', which is not a claim"
                    kept.remove(d)
                mine.append(d)
                prev = d
                if d.kept and d.claim is not None:
                    mine.extend(self._each(v, q, d, kept))
            out.extend(mine)
            if agencies:
                self.mem.agency = lx.AGENCIES[agencies[-1]][1]
            if not qs:
                speakers.note_people(v, self.mem)
            if not any(d.kept for d in mine) and v.toks:
                topic = [c for c in v.countries if at.usable(v, c)
                         and not at.currency_word(v, c)]
                if topic:  # a sentence without claims names the state the next ones are about
                    self.mem.subject, self.mem.subject_para = topic[0].what, v.sent.para
            explicit = [p.period for p in v.periods if p.period and p.period.kind not in (
                "said", "since") and not _shifting(p.period.words) and not at.baseline(v, p)]
            if explicit:
                per = explicit[-1].resolve(self.mem.subject, self.published, self.mem.focus)
                if per:
                    self.mem.focus = per
        out.sort(key=lambda d: d.span)
        return out

    def _each(self, v: View, q: Quantity, d: Decision, kept: list[Decision]) -> list[Decision]:
        """The same figure for each of the other states listed with *each*."""
        assert d.claim is not None
        out = []
        for iso in at.each_of(v, q):
            if iso == d.claim.subject_exporter:
                continue
            claim = replace(d.claim, subject_exporter=iso, mentions=[], claim_id=None,
                            source=replace(d.claim.source))
            e = Decision(d.text, d.span, d.kind, True, "claim",
                         f"{claim.metric} of {iso} (listed with 'each')",
                         {**d.how, "subject": "listed with each"}, claim)
            if merge(kept, claim, d.how.get("claimant", "")) is None:
                kept.append(e)
                out.append(e)
        return out

    def _chars(self, v: View, a: int, b: int) -> tuple[int, int]:
        return self.doc.char_span(v.sent, a, b)

    def _decide(self, v: View, q: Quantity, qs: list[Quantity],
                kept: list[Decision]) -> Decision:
        span = self._chars(v, q.a, q.b)
        d = Decision(self.t[span[0]:span[1]], span, q.kind, False, "", "")
        ex = exclusion(v, q, qs)
        la, _lb = v.sent.clause_of(q.a)
        if not ex and q.kind == "money" and self.orgs and any(
                t in self.orgs for t in v.text[la:q.a]):
            ex = ("company", "a figure of a company the text names")
        if ex:
            d.rule, d.reason = ex
            return d
        metric, cue, how_m = at.metric(v, q, self.mem, qs)
        if metric is None:
            d.rule, d.reason = "no_metric", how_m
            return d
        if q.kind == "money" and metric not in _MONEY_METRICS:
            d.rule, d.reason = "no_metric", how_m
            return d
        subject, subj_at, how_s = at.subject(v, q, self.mem)
        home = lx.HOME_CURRENCY.get(q.currency or "")
        if home and (subject is None or how_s in ("default", "carried", "sentence")
                     and subject != home):
            subject, how_s = home, "the currency's state"
        if self.company and metric in _MONEY_METRICS and how_s in ("carried", "default",
                                                                    "its: carried"):
            d.rule, d.reason = "company", f"a figure of {self.company}, the text's company"
            return d
        if subject is None:
            d.rule, d.reason = "no_subject", "no exporting state named or carried"
            return d
        per, per_place, how_p = at.period(v, q, qs, subject, self.published, self.mem)
        if per and metric == "order_book" and per[1][:4] == per[0][:4] and len(per[1]) > 4:
            per = (per[1][:4], per[1][:4])  # an order book is a level at one time: its year
        if per and self.published and int(per[0][:4]) > self.published.year:
            d.rule, d.reason = "target", f"a future period ({per[0]})"
            return d
        claimant, how_c = speakers.claimant(v, q, self.mem, self.source.outlet)
        a, b = at.quote_span(v, q, cue, per_place, subj_at)
        qa, qb = self._chars(v, a, b)
        unit, value, low, high = q.unit, q.value, q.low, q.high
        if q.per_year and per and per[0] != per[1]:
            unit = f"{unit} per year" if unit in ("billion", "million") else unit
        if unit == "units" and q.kind == "money":
            unit, value = "million", value / 1e6
            low = low / 1e6 if low is not None else None
            high = high / 1e6 if high is not None else None
        relative = None
        if per is None and per_place is not None and per_place.period is not None \
                and per_place.period.is_relative:
            relative = per_place.period.words
        claim = Claim(
            claimant=claimant, subject_exporter=subject, metric=metric, value=round(value, 4),
            unit=unit, currency=q.currency,
            qualifier=q.qualifier if q.qualifier in QUALIFIERS else "exact",
            period_start=per[0] if per else None, period_end=per[1] if per else None,
            quote=self.t[qa:qb], span=(qa, qb), source=replace(self.source),
            value_low=low, value_high=high, period_relative=relative,
        )
        d.how = {"metric": how_m, "subject": how_s, "period": how_p, "claimant": how_c}
        if v.sent.headline and any(k.claim and k.claim.metric == metric and
                                   k.claim.value == claim.value for k in kept):
            d.rule, d.reason = "headline", "a headline figure the body states"
            return d
        if metric in _MONEY_METRICS:
            self.mem.metric, self.mem.metric_sentence = metric, v.sent.index
        self.mem.last_metric = metric
        if metric in ("global_share", "rank"):
            self.mem.para_ranking = v.sent.para
        if per and how_p in ("chunk", "clause", "sentence") and not (
                per_place and per_place.period and (_shifting(per_place.period.words)
                                                    or at.baseline(v, per_place))):
            self.mem.focus = per
        self.mem.subject, self.mem.subject_para = subject, v.sent.para
        if how_c not in ("carried", "outlet", "unknown"):
            self.mem.claimant = claimant
        d.claim = claim
        prior = merge(kept, claim, how_c)
        if prior is not None:
            d.rule, d.reason = "duplicate", f"the same figure as '{prior.text}'"
            return d
        d.kept, d.rule, d.reason = True, "claim", f"{metric} of {subject}"
        kept.append(d)
        return d


def _shifting(words: str) -> bool:
    """A period named relative to another ("the year before"), not to the text's date."""
    w = words.lower()
    return any(x in w for x in ("previous", "before", "earlier", "prior", "preceding", "same",
                                "that year", "during the year", "for the year",
                                "in the year", "the year's", "over the year"))


_SPECIFIC = {"exact": 0, "about": 1, "under": 2, "over": 2, "at least": 3, "range": 3}


def merge(kept: list[Decision], claim: Claim, how_claimant: str) -> Decision | None:
    """The earlier decision stating the same figure (same exporter, metric, value, unit,
    currency and period, and no other named claimant), which takes this mention; or None."""
    key = _key(claim)
    for d in kept:
        c = d.claim
        if c is None or _key(c) != key:
            continue
        explicit = how_claimant in ("according to", "reporting verb", "agency named")
        if explicit and c.claimant != claim.claimant and d.how.get("claimant") in (
                "according to", "reporting verb", "agency named"):
            continue
        if _SPECIFIC.get(claim.qualifier, 0) > _SPECIFIC.get(c.qualifier, 0):
            c.qualifier = claim.qualifier
        if explicit and d.how.get("claimant") not in ("according to", "reporting verb"):
            c.claimant = claim.claimant
        if claim.span:
            c.mentions.append(claim.span)
        return d
    return None


def _key(c: Claim) -> tuple[object, ...]:
    return (c.subject_exporter, c.metric, c.value, c.value_low, c.value_high, c.unit,
            c.currency, c.period_start, c.period_end)
