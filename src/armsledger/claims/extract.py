"""Rule-based extraction of checkable claims about arms exports from an article's text.

:func:`extract` reads plain text; :func:`extract_file` loads a .txt/.md/.html file first.
Each figure (money, share of global exports, rank, count of countries or projects) found in a
sentence is kept only when it passes the README's rules (no targets, forecasts, negations,
growth rates, sub-sector shares, single deals, postponed deals, whole-economy totals or
bracketed conversions). Its metric, subject exporter, period and claimant come from the
nearest words (the comma-bounded chunk, then the clause, then the sentence) and otherwise
from the claims before it. Headlines are skipped: the body states the same figure with its
source. The functions never raise on odd text; they return fewer claims.
"""

from __future__ import annotations

import re
from dataclasses import replace
from datetime import date
from pathlib import Path

from armsledger.claims import lexicon as lx
from armsledger.claims import text as tx
from armsledger.claims import values as vl
from armsledger.claims.context import Context
from armsledger.claims.exclusions import Exclusions
from armsledger.claims.figures import Figures
from armsledger.claims.model import MONEY_METRICS, Claim, Source
from armsledger.claims.scan import Fig, State
from armsledger.claims.text import Sentence
from armsledger.errors import TooLargeError
from armsledger.settings import Settings
from armsledger.sources.article import dateline_date, load_text

__all__ = ["check_size", "extract", "extract_file"]

_I = re.IGNORECASE


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
            source: Source | None = None, max_chars: int | None = None) -> list[Claim]:
    """The claims stated in ``text``, in order; ``published`` resolves "last year".

    Each claim's ``quote`` is ``text[span[0]:span[1]]``. When ``published`` is None a dateline
    in the text is used. Every claim carries its own copy of ``source`` (empty when None).
    A text over ``max_chars`` (default: the settings' limit) raises :class:`TooLargeError`.
    """
    check_size(text or "", max_chars)
    if not text or not text.strip():
        return []
    published = published or dateline_date(text)
    source = source or Source()
    if source.date is None and published is not None:
        source = replace(source, date=published.isoformat())
    return _Extractor(text, published, source).run()


class _Extractor(Figures, Exclusions, Context):
    """One pass over one text; holds the precomputed sentences, periods and names."""

    def __init__(self, text: str, published: date | None, source: Source):
        self.t = text
        self.published = published
        self.source = source
        self.sents = tx.sentences(text)
        self.masked = [m.span() for m in re.finditer(lx.STATEMENT_DATE, text)]
        self.periods = self._find_periods()
        self.mentions = [(m.start(), m.end(), lx.country_table()[m[0]])
                         for m in lx.mention_re().finditer(text)]
        self._m_starts = [m[0] for m in self.mentions]
        self._p_starts = [p.start for p in self.periods]
        self.names = tx.Names(text)
        self.state = State(default_subject=self._default_subject())

    # --- top level -----------------------------------------------------------------------

    def run(self) -> list[Claim]:
        """Every claim in text order; the same claim twice (a restated figure) is kept once."""
        claims: list[Claim] = []
        seen: set[tuple[object, ...]] = set()
        for si, sent in enumerate(self.sents):
            if sent.headline or re.match(r"\W*(?:If|Unless|Should|Were)\b", self.t[sent.start:]):
                continue
            figs = self._figures(sent, si)
            kept = [f for f in figs if not self._excluded(f, sent, si, figs)]
            for fig in kept:
                claim = self._claim(fig, sent, [g for g in figs if not g.conversion])
                if claim is None:
                    continue
                key = (claim.claimant, claim.subject_exporter, claim.metric, claim.value,
                       claim.qualifier, claim.period_start, claim.period_end)
                if key not in seen:
                    seen.add(key)
                    claims.append(claim)
        return claims

    def _claim(self, f: Fig, sent: Sentence, figs: list[Fig]) -> Claim | None:
        """The claim a kept figure states, or None (no metric, or a company's own figure)."""
        t, st = self.t, self.state
        chunk = tx.piece(t, sent.start, sent.end, f.start, tx.CHUNK)
        clause = tx.piece(t, sent.start, sent.end, f.start, tx.CLAUSE)
        metric, cue = f.metric, None
        if metric is None:
            metric, cue = self._money_metric(f, sent, chunk, clause)
            if metric is None:
                return None
        subject, subj_pos = self._subject(f, sent, chunk)
        period, how, per_span = self._period(f, sent, chunk, clause, figs, subject)
        unit, value = f.unit, f.value
        if f.per_year and period and period[0] != period[1]:
            unit, value = vl.per_year(unit, value)
        head = t[chunk[0]:f.q_start]
        if period and how not in ("near", "prev") and re.search(
                r"\b(?:up|down)?\s*from\s+(?:an?\s+|the\s+)?(?:record\s+|revised\s+)?$", head):
            period, how = vl.shift_period(period, -1), "prev"
        claimant = self._claimant(f, sent, chunk, subject, metric)
        company = re.search(r"\b(?:its|their)\s+(?:[a-z-]+\s+){0,2}(?:order|orders|backlog|"
                            r"portfolio|exports|sales|contracts)\b", head) or subj_pos is None \
            and not any(m[2] for m in self._near(sent.start, sent.end))
        if metric in MONEY_METRICS and company and not self.names.is_public(
                claimant, self.source.outlet):
            return None
        a, b = self._quote(f, chunk, clause, cue, per_span, subj_pos, figs)
        if metric in MONEY_METRICS:
            st.metric = metric
        comparison = re.search(lx.COMPARISON_BEFORE + r"[^,;]{0,30}$", head, _I)
        if period and how in ("near", "explicit", "same", "context", "present") and not comparison:
            st.focus = period
        if subject:
            st.subject, st.subject_para = subject, sent.para
        st.claimant = claimant
        st.claimants.append(claimant)
        return Claim(
            claimant=claimant, subject_exporter=subject, metric=metric, value=round(value, 4),
            unit=unit, currency=f.currency, qualifier=f.qualifier,
            period_start=period[0] if period else None,
            period_end=period[1] if period else None, quote=t[a:b], span=(a, b),
            source=replace(self.source),
        )

    def _quote(self, f: Fig, chunk: tuple[int, int], clause: tuple[int, int],
               cue: tuple[int, int] | None, per: tuple[int, int] | None,
               subj: int | None, figs: list[Fig]) -> tuple[int, int]:
        """The shortest span with the figure, its measure word, and a period right after it."""
        a, b = f.q_start, f.q_end

        def clear(x: int, y: int) -> bool:
            return not any(g is not f and x < g.end and g.start < y for g in figs)

        if f.metric == "recipient_countries" and f.unit == "countries":
            cues = list(re.finditer(lx.COUNTRY_BUYER_CUE, self.t[chunk[0]:f.start], _I))
            m = cues[-1] if cues else None
            if m and f.start - (chunk[0] + m.start()) <= 40:
                cue = (chunk[0] + m.start(), f.start)
        if cue:
            word = re.search(r"\w*$", self.t[max(0, cue[0] - 20):cue[0]])
            cue = (cue[0] - len(word[0]) if word else cue[0], cue[1])
        if cue and clause[0] <= cue[0] and cue[1] <= clause[1] and clear(*cue) and (
                cue[1] <= a and a - cue[0] <= 90 and clear(cue[0], a)
                or cue[0] >= b and cue[1] - b <= 150 and clear(b, cue[1])):
            a, b = min(a, cue[0]), max(b, cue[1])
        if per and (per[0] >= b and per[0] - b <= 150 and clear(b, per[1])
                    or chunk[0] <= per[0] and per[1] <= a and a - per[1] <= 40
                    and clear(per[0], a)):
            a, b = min(a, per[0]), max(b, per[1])
        if subj is not None and chunk[0] <= subj < a and a - subj <= 25:
            a = subj
        return a, b
