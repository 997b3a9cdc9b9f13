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
from bisect import bisect_left
from dataclasses import dataclass, field, replace
from datetime import date
from pathlib import Path

from armsledger.claims import lexicon as lx
from armsledger.claims import text as tx
from armsledger.claims.model import MONEY_METRICS, Claim, Source
from armsledger.errors import TooLargeError
from armsledger.settings import Settings

__all__ = ["extract", "extract_file"]

Period = lx.Period
Sentence = tx.Sentence
_I = re.IGNORECASE


@dataclass(slots=True)
class _Fig:
    """One figure in the text: its anchor span, value and what it can measure."""

    kind: str  # money | percent | rank | count
    start: int
    end: int
    value: float
    unit: str
    currency: str | None = None
    metric: str | None = None
    q_start: int = 0
    q_end: int = 0
    qualifier: str = "exact"
    per_year: bool = False
    conversion: bool = False


@dataclass(slots=True)
class _Per:
    """A period expression: ``kind`` picks how :func:`_resolve` reads ``m``."""

    start: int
    end: int
    kind: str
    m: re.Match[str]


@dataclass(slots=True)
class _State:
    """What earlier claims leave for later ones: subject, metric, period and claimant."""

    default_subject: str | None = None
    subject: str | None = None
    subject_para: int = -1
    metric: str | None = None
    focus: Period | None = None
    claimant: str | None = None
    claimants: list[str] = field(default_factory=list)


def extract_file(path: str | Path, *, max_chars: int | None = None) -> list[Claim]:
    """The claims in one article file; raises InputError for unreadable or binary files."""
    doc = tx.load_text(path)
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
    published = published or tx.dateline_date(text)
    source = source or Source()
    if source.date is None and published is not None:
        source = replace(source, date=published.isoformat())
    return _Extractor(text, published, source).run()


class _Extractor:
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
        self.state = _State(default_subject=self._default_subject())

    def _near(self, lo: int, hi: int) -> list[tuple[int, int, str | None]]:
        """Country mentions starting in ``[lo, hi)``."""
        return self.mentions[bisect_left(self._m_starts, lo):bisect_left(self._m_starts, hi)]

    def _periods_in(self, lo: int, hi: int) -> list[_Per]:
        """Period expressions starting in ``[lo, hi)``."""
        return self.periods[bisect_left(self._p_starts, lo):bisect_left(self._p_starts, hi)]

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

    def _claim(self, f: _Fig, sent: Sentence, figs: list[_Fig]) -> Claim | None:
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
            unit, value = lx.per_year(unit, value)
        head = t[chunk[0]:f.q_start]
        if period and how not in ("near", "prev") and re.search(
                r"\b(?:up|down)?\s*from\s+(?:an?\s+|the\s+)?(?:record\s+|revised\s+)?$", head):
            period, how = lx.shift_period(period, -1), "prev"
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

    def _quote(self, f: _Fig, chunk: tuple[int, int], clause: tuple[int, int],
               cue: tuple[int, int] | None, per: tuple[int, int] | None,
               subj: int | None, figs: list[_Fig]) -> tuple[int, int]:
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

    # --- figures -------------------------------------------------------------------------

    def _figures(self, sent: Sentence, si: int) -> list[_Fig]:
        """Every money, share, rank and count figure in the sentence, with its qualifier."""
        t, a, b = self.t, sent.start, sent.end
        figs: list[_Fig] = []
        for m in lx.money_re().finditer(t, a, b):
            fig = self._money(m)
            if fig:
                figs.append(fig)
        for m in lx.percent_re().finditer(t, a, b):
            if any(f.start <= m.start() < f.end for f in figs) or any(
                    p.start <= m.start() < p.end for p in self._periods_in(a - 60, b)):
                continue
            value = float(m["num"].replace(",", "")) if m["num"] else \
                lx.FRACTIONS[re.sub(r"\s+", " ", m["frac"].lower())]
            figs.append(_Fig("percent", m.start(), m.end(), value, "percent", None,
                             "global_share", m.start(), m.end()))
            figs[-1].metric = "global_share" if not m["frac"] else "global_share?"
        for m in lx.rank_re().finditer(t, a, b):
            if m["a"] or m["b"]:
                word = (m["ord"] or "first").lower()
            else:
                word = m["ord2"].lower()
            n = lx.ORDINALS.get(word) or int(re.sub(r"\D", "", word) or 0)
            if n:
                figs.append(_Fig("rank", m.start(), m.end(), float(n), "rank", None,
                                 "rank" if not m["c"] else "rank?", m.start(), m.end()))
        for m in lx.count_re().finditer(t, a, b):
            figs.append(self._count(m))
        for f in figs:
            self._qualify(f)
        return sorted(figs, key=lambda f: f.start)

    def _money(self, m: re.Match[str]) -> _Fig | None:
        """A money figure, or None when the match has no currency or is too small."""
        found = lx.money_value(m)
        if found is None:
            return None
        value, scale, currency = found
        return _Fig("money", m.start(), m.end(), value, scale, currency, None, m.start(), m.end())

    def _count(self, m: re.Match[str]) -> _Fig:
        """A count of countries or projects; a trailing ``?`` in metric means "check the cue"."""
        if m["nnum"]:
            s, e = m.span("nnum")
            return _Fig("count", s, e, lx.number(m["nnum"]), "countries", None,
                        "recipient_countries", m.start(), m.end())
        if m["pnoun"]:
            s = m.start("pnum")
            return _Fig("count", s, m.end(), lx.number(m["pnum"]), "projects", None,
                        "cooperation_projects?", s, m.end())
        # "340 cooperation projects in 14 states": the states the projects are in.
        projects_in = re.search(r"\bprojects?\s+(?:\w+\s+){0,2}in\s+(?:(?:more than|over|"
                                r"about|around|some|nearly|almost|at least)\s+)?$",
                                self.t[max(0, m.start() - 50):m.start()], _I)
        metric = "cooperation_partner_states" if (m["adj"] or "").lower() == "partner" \
            or projects_in else "recipient_countries?"
        return _Fig("count", m.start(), m.end(), lx.number(m["num"]), "countries", None, metric,
                    m.start(), m.end())

    def _qualify(self, f: _Fig) -> None:
        """Qualifier from the words just before the figure or just after it."""
        before = self.t[max(0, f.start - 45):f.start]
        words = "|".join(re.escape(w) for w in sorted(lx.QUALIFIER_WORDS, key=len, reverse=True))
        m = re.search(rf"\b({words})\s+(?:(?:a|an|just|record|new|all-time|total of|"
                      rf"nearly|almost)\s+)*$", before, _I)
        if m:
            f.qualifier = lx.QUALIFIER_WORDS[m[1].lower()]
            f.q_start = f.start - (len(before) - m.start())
        after = self.t[f.end:f.end + 40]
        if f.kind == "money":
            per = re.match(r"\s*(?:a|per|each|every)\s+year\b|\s*annually\b|\s*per annum\b",
                           after)
            if per or re.search(r"\b(?:annual average|average annual|a year on average)\s+"
                                r"(?:of\s+)?(?:\w+\s+)?$", before, _I):
                f.per_year = True
                f.q_end = f.end + (per.end() if per else 0)
        m2 = re.match(r"\s*(?:or more|or so|or less|-plus|\+)", after)
        if m2 and f.qualifier == "exact":
            f.qualifier = {"or more": "at least", "or so": "about", "or less": "under"}.get(
                m2[0].strip(), "over")

    # --- exclusions ----------------------------------------------------------------------

    def _excluded(self, f: _Fig, sent: Sentence, si: int, figs: list[_Fig]) -> bool:
        """True when the README's rules say this figure states no claim."""
        t = self.t
        chunk = tx.piece(t, sent.start, sent.end, f.start, tx.CHUNK)
        clause = tx.piece(t, sent.start, sent.end, f.start, tx.CLAUSE)
        before, after = t[clause[0]:f.q_start], t[f.end:chunk[1]]
        near = before + " \n " + after
        if re.search(lx.TARGET_CUE, near, _I) or re.search(r"\bmay\b", near):
            return True
        by = re.match(r"[^,;]{0,40}?\bby\s+((?:19|20)\d{2})\b", after)
        if by and (self.published is None or int(by[1]) >= self.published.year):
            return True
        if re.search(lx.NEGATION_CUE, near, _I) or re.search(lx.POSTPONED_CUE, near, _I):
            return True
        ctext = t[chunk[0]:chunk[1]]
        if re.search(lx.ECONOMY_CUE, t[chunk[0]:f.start][-60:] + after[:30], _I) and (
                not re.search(lx.ARMS_WORDS, ctext, _I)
                or re.search(r"\b(?:imports?|imported|budget|spending)\b", ctext, _I)):
            return True
        head = t[chunk[0]:f.q_start]
        if f.kind in ("money", "percent") and (
                re.search(lx.GROWTH_BEFORE, head, _I) or re.search(
                    lx.GROWTH_AFTER if f.kind == "percent" else r"^\s*(?:more|less|higher|"
                    r"lower|increase|rise|up|down)\b", after, _I)):
            return True
        if f.kind == "money":
            return self._bad_money(f, head, after, figs, clause[0])
        if re.search(r"\bimport", t[chunk[0]:chunk[1]], _I) and f.kind != "count":
            return True
        if f.kind == "percent":
            return self._bad_share(f, sent, si, after, head)
        if f.metric == "rank?" or f.kind == "rank":
            return self._bad_rank(f, sent, si, head, after)
        return self._bad_count(f, sent, chunk)

    def _bad_money(self, f: _Fig, head: str, after: str, figs: list[_Fig],
                   clause_start: int) -> bool:
        """A sum that is a single deal, a sector's or a buyer's part, or a conversion."""
        if re.search(lx.SINGLE_DEAL, self.t[max(clause_start, f.q_start - 100):f.q_start], _I) \
                or re.match(lx.SINGLE_DEAL_AFTER, after, _I):
            return True
        if re.search(lx.SECTOR_CUE, head) or re.match(
                r"\s*(?:of|out of)\s+(?:the|its|their)\s+(?:\w+\s+)?(?:exports|total|sum|"
                r"amount)\b", after, _I):
            return True
        if re.search(lx.OTHER_MEASURE, head, _I) and not any(
                re.search(pat, head[-60:], _I) for _m, pat in lx.METRIC_CUES):
            return True
        for s, e, _iso in self._near(f.q_start - 60, f.q_start):
            if f.q_start - min(60, len(head)) <= s < f.q_start and self.t[s:e] not in lx.DEMONYMS \
                    and re.search(
                    r"\b(?:to|for)\s+(?:the\s+)?$", self.t[s - 12:s]):
                return True
        buyer = rf"\s+(?:was|is|were|are|became|remained)\s+(?:the\s+|its\s+)?[\w\s-]{{0,25}}" \
                rf"\b{lx.BUYER_NOUNS}\b[^.]*$"
        if any(f.q_start - 300 <= s < f.q_start and re.match(buyer, self.t[e:f.q_start])
               for s, e, _iso in self._near(f.q_start - 300, f.q_start)):
            return True
        m = re.search(rf"({lx.CAP_NP})?{lx.COMPANY_FIGURE}", head[-70:])
        if m and m[1] and m[1] not in lx.country_table() and m[1] not in lx.AGENCIES:
            return True
        if re.search(r"\b(?:individual|single)\s+(?:deal|contract|order|agreement|sale)", head,
                     _I) or re.match(r"\s*(?:in\s+)?(?:TIV|trend[- ]indicator)", after, _I):
            return True
        for g in figs:
            if g.kind == "money" and g.end <= f.q_start:
                gap = self.t[g.end:f.q_start]
                if re.fullmatch(r"\s*(?:\(|,?\s*(?:or|equivalent to|equal to|i\.e\.))\s*(?:about|"
                                r"around|roughly|some|approximately|approx\.|c\.|~)?\s*", gap):
                    f.conversion = True
                    return True
        return False

    def _bad_share(self, f: _Fig, sent: Sentence, si: int, after: str, head: str) -> bool:
        """A percentage that is not a share of global exports (growth, sector, region)."""
        t = self.t
        glob = re.match(r"\s*(?:of\s+(?:the\s+)?(?:total\s+)?(?:global|world|world['’]s|"
                        r"worldwide|international)\b|of\s+all\s+(?:major\s+)?arms\s+(?:exports|"
                        r"transfers)|of\s+(?:major\s+)?arms\s+exports\s+worldwide)", after, _I)
        share = re.match(r"\s*(?:global\s+|world\s+|market\s+)?share\b", after, _I) or \
            re.search(r"\bshare\b[^,;]{0,80}$", head, _I)
        if f.metric == "global_share?":
            f.metric = "global_share"
            share = None
        if glob:
            f.q_end = f.end + glob.end()
            m = re.match(r"\s*(?:exports|arms exports|total|market)?(?:\s+of\s+major\s+arms)?",
                         t[f.q_end:f.q_end + 40], _I)
            f.q_end += len(m[0].rstrip()) if m else 0
        elif share:
            prev = self.sents[si - 1] if si else sent
            context = t[prev.start:sent.end]
            if not re.search(r"global|world|SIPRI|international arms", context, _I):
                return True
            if isinstance(share, re.Match) and share.string is after:
                f.q_end = f.end + share.end()
            elif len(head) - share.start() <= 45 and "%" not in head[share.start():]:
                f.q_start = min(f.q_start, f.start - (len(head) - share.start()))
        else:
            return True
        return False

    def _bad_rank(self, f: _Fig, sent: Sentence, si: int, head: str, after: str) -> bool:
        """A rank that is not among the world's exporters (importers, "India's largest")."""
        t = self.t
        if f.metric == "rank?" and re.search(r"\bimport", t[sent.start:f.start], _I):
            return True
        if f.metric == "rank?":
            prev = self.sents[si - 1] if si else sent
            if not re.search(r"export|supplier", t[prev.start:sent.end], _I):
                return True
            f.metric = "rank"
        if re.search(r"\b(?!world)\w+['’]s\s*$", head) or re.match(
                r"\s+(?:of\s+\w+\s+)?to\s+[A-Z]", after):
            return True
        return False

    def _bad_count(self, f: _Fig, sent: Sentence, chunk: tuple[int, int]) -> bool:
        """A count with no buyer or cooperation cue ("delegations from 40 countries")."""
        t = self.t
        ctext, stext = t[chunk[0]:chunk[1]], t[sent.start:sent.end]
        if f.metric == "cooperation_projects?":
            f.metric = "cooperation_projects"
            return not re.search(lx.COOPERATION_CUE, stext, _I)
        if f.metric == "cooperation_partner_states":
            return not re.search(lx.COOPERATION_CUE + "|project", stext, _I)
        if f.metric == "recipient_countries?":
            f.metric = "recipient_countries"
            if re.search(r"\bfrom\s+(?:\w+\s+)?$", t[chunk[0]:f.q_start]):
                return True
            return not re.search(lx.COUNTRY_BUYER_CUE, ctext, _I)
        return False

    # --- metric, subject, period ---------------------------------------------------------

    def _money_metric(self, f: _Fig, sent: Sentence, chunk: tuple[int, int],
                      clause: tuple[int, int]) -> tuple[str | None, tuple[int, int] | None]:
        """The money metric from the nearest cue (chunk, clause, sentence), else as before."""
        t = self.t
        for lo, hi in (chunk, clause, (sent.start, sent.end)):
            for metric, pat in lx.METRIC_CUES:
                best = None
                for m in re.finditer(pat, t[lo:hi], _I):
                    dist = abs(lo + m.start() - f.start)
                    if best is None or dist < best[0]:
                        best = (dist, (lo + m.start(), lo + m.end()))
                if best:
                    return metric, best[1]
        if self.state.metric:
            return self.state.metric, None
        m = re.search(lx.WEAK_EXPORT_CUE, t[chunk[0]:chunk[1]], _I)
        if m and re.search(lx.ARMS_WORDS, t[sent.start:sent.end], _I):
            return "export_value", (chunk[0] + m.start(), chunk[0] + m.end())
        return None, None

    def _usable(self, s: int, e: int) -> bool:
        """A country mention that can name the exporter (not a recipient or a comparison)."""
        t = self.t
        before = t[max(0, s - 25):s]
        after = t[e:e + 30]
        if t[s:e] in lx.CAPITALS and re.match(r"\s[A-Z]", after):
            return False
        if re.match(r"\s*(?:" + lx.NOT_EXPORTER_AFTER + r")\b", after) or re.match(
                r"\s+(?:bought|buys|imported|imports|received|purchased|acquired)\b", after):
            return False
        if re.search(r"\bfrom\s+(?:the\s+)?$", before):
            return bool(re.search(r"(?:exports|arms|weapons|deliveries|equipment)\s+from\s+"
                                  r"(?:the\s+)?$", before))
        if re.search(r"\b(?:overtook|overtaking|overtaken|surpassed|surpassing|outpaced|"
                     r"outstripped|replaced|displaced|ahead of)\s+(?:the\s+)?$", before):
            return False
        if re.search(r"\b(?:to|for|with|behind|than|against|into|towards?|in|including|like|"
                     r"such as|over|and|or)\s+(?:the\s+)?$", before):
            if re.match(r"\s+(?:" + lx.EXPORTER_NOUNS + r")\b", after) and not re.search(
                    r"\b(?:to|into)\s+$", before):
                return True
            if re.search(r"\b(?:and|or)\s+(?:the\s+)?$", before):
                prev = [m for m in self._near(s - 60, s) if m[1] <= s and s - m[1] <= 30]
                return bool(prev) and self._usable(prev[-1][0], prev[-1][1])
            return False
        return True

    def _subject(self, f: _Fig, sent: Sentence,
                 chunk: tuple[int, int]) -> tuple[str | None, int | None]:
        """The exporter: a usable country named near the figure, else carried from context."""
        ms = [m for m in self._near(sent.start, sent.end) if m[2]
              and self._usable(m[0], m[1])]
        in_chunk = [m for m in ms if chunk[0] <= m[0] < f.start]
        if in_chunk:
            return in_chunk[-1][2], in_chunk[-1][0]
        strong = [m for m in ms if re.match(r"(?:['’]s)?\s+(?:" + lx.EXPORTER_NOUNS + r")\b",
                                            self.t[m[1]:m[1] + 30])
                  or self.t[m[0]:m[1]] in lx.AGENCIES]
        for group in (strong, [m for m in ms if m[0] < f.start], ms):
            if group:
                m = min(group, key=lambda m: abs(m[0] - f.start))
                return m[2], None
        st = self.state
        if st.subject and st.subject_para == sent.para:
            return st.subject, None
        return st.default_subject or st.subject, None

    def _default_subject(self) -> str | None:
        """The exporter the article is about: most named in its first two paragraphs."""
        paras = sorted({s.para for s in self.sents})[:3]
        end = max((s.end for s in self.sents if s.para in paras), default=0)
        counts: dict[str, int] = {}
        for s, e, iso in self.mentions:
            if iso and s < end and self._usable(s, e):
                counts[iso] = counts.get(iso, 0) + (2 if s < 200 else 1)
        if counts:
            return max(counts, key=lambda k: counts[k])
        # No country named: a dateline city ("MOSCOW, 30 January 2026 -") says whose
        # officials speak ("our exports ...").
        m = re.match(r"\s*([A-Z][A-Za-z .'’-]{2,30}?),\s", self.t[:200])
        if m:
            for city, iso in lx.CAPITALS.items():
                if city.lower() == m[1].strip().lower():
                    return iso
        return None

    def _find_periods(self) -> list[_Per]:
        """Period expressions, longest kinds first; dates of statements are never periods."""
        out: list[_Per] = []
        taken = bytearray(len(self.t) + 1)
        for a, b in self.masked:
            taken[a:b] = b"\x01" * (b - a)
        for kind, pat in lx.period_patterns().items():
            for m in re.finditer(pat, self.t, _I):
                s, e = m.span()
                if kind != "months" and any(taken[s:e]):
                    continue
                if kind == "year" and re.search(r"\b(?:since|by|before|until)\s+$",
                                                self.t[max(0, s - 8):s]):
                    if not m[0].lower().startswith(("by the end", "at the end")):
                        continue
                taken[s:e] = b"\x01" * (e - s)
                out.append(_Per(s, e, kind, m))
        return sorted(out, key=lambda p: p.start)

    def _period(self, f: _Fig, sent: Sentence, chunk: tuple[int, int], clause: tuple[int, int],
                figs: list[_Fig], subject: str | None
                ) -> tuple[Period | None, str, tuple[int, int] | None]:
        """The period, how it was found and, when close by, its span (for the quote).

        ``how`` is "near" (next to the figure), "explicit" (elsewhere in the sentence), "prev" /
        "same" (relative to the focus period), "present", "context" or "statement".
        """
        ps = self._periods_in(sent.start, sent.end)
        starts = [g.start for g in figs if g is not f]

        def after(lo: int, hi: int) -> list[_Per]:
            c = [p for p in ps if f.end <= p.start < hi
                 and not any(f.end <= s < p.start for s in starts)]
            if c and any(c[0].end <= s <= c[0].end + 12 and not re.search(r"[,;]", self.t[
                    c[0].end:s]) for s in starts):
                return []
            return c[:1]

        def before(lo: int, hi: int) -> list[_Per]:
            return [p for p in ps if lo <= p.start and p.end <= f.q_start][-1:]

        s = (sent.start, sent.end)
        late = [p for p in ps if p.start >= f.end][:1]
        order = (after(*chunk), before(*chunk), before(*clause), after(*clause), before(*s),
                 after(*s), late)
        for i, group in enumerate(order):
            for p in group:
                value, how = self._resolve(p, subject, sent)
                if value:
                    how = "near" if how == "explicit" and i < 2 else how
                    near = clause[0] <= p.start and p.end <= clause[1]
                    return value, how, (p.start, p.end) if near else None
        ctext = self.t[chunk[0]:chunk[1]]
        if self.published and re.search(lx.PRESENT_TENSE, ctext) and not re.search(
                r"\b(?:was|were|had|did)\b", ctext):
            y = str(self.published.year)
            return (y, y), "present", None
        if self.state.focus:
            return self.state.focus, "context", None
        for a, b in self.masked:
            if sent.start <= a < sent.end:
                y = re.search(r"\d{4}", self.t[a:b])
                if y:
                    return (y[0], y[0]), "statement", None
        return None, "", None

    def _resolve(self, p: _Per, subject: str | None, sent: Sentence) -> tuple[Period | None, str]:
        """An expression's period; relative ones ("the previous year") use the focus period."""
        m = p.m
        if p.kind == "relative":
            rel = m["rel"].lower()
            if rel in ("last year", "this year"):
                base = self.published.year if self.published else self._said_year(sent)
                if base is None:
                    return None, ""
                y = str(base - (rel == "last year"))
                return (y, y), "explicit"
            focus = self.state.focus or self._last_explicit(p.start, subject, sent)
            if focus is None:
                return None, ""
            if re.search(r"previous|before|earlier|prior|preceding", rel):
                return lx.shift_period(focus, -1), "prev"
            return focus, "same"
        return lx.period_value(p.kind, p.m, subject, self.published), "explicit"

    def _said_year(self, sent: Sentence) -> int | None:
        """The year of a date in the sentence ("said on 4 June 2025"), for "last year"."""
        for a, b in self.masked:
            if sent.start <= a < sent.end:
                return int(re.search(r"\d{4}", self.t[a:b])[0])  # type: ignore[index]
        return None

    def _last_explicit(self, pos: int, subject: str | None, sent: Sentence) -> Period | None:
        """The last explicit period before ``pos``, when no claim has set the focus yet."""
        before = self.periods[:bisect_left(self._p_starts, pos)]
        for p in reversed([p for p in before if p.end <= pos and p.kind != "relative"]):
            value = lx.period_value(p.kind, p.m, subject, self.published)
            if value:
                return value
        return None

    # --- claimant --------------------------------------------------------------------------

    def _claimant(self, f: _Fig, sent: Sentence, chunk: tuple[int, int], subject: str | None,
                  metric: str) -> str:
        """Who states the figure: "X's figure", "according to X", "X said", else as before."""
        t, st, sa = self.t, self.state, sent.start

        def name(np: str, pos: int) -> str | None:
            return self.names.display(np, pos, subject, st.claimants)

        for m in reversed(list(re.finditer(_POSS_FIG, t[sa:f.start]))):
            who = name(m["pro"] or m["name"], sa + m.start())
            if who:
                return who
        for m in re.finditer(r"\b[Aa]ccording to\s+([^,.;]+)", t[sa:sent.end]):
            off = re.match(r"(?:the\s+)?official\s+(\w+)\s+(?:figures|data|statistics)", m[1])
            if off and off[1] in lx.DEMONYMS:
                return f"{off[1]} government (official figures)"
            who = re.sub(r"^(?:the\s+)?(?:latest\s+|new\s+|official\s+)*(?:data|figures|"
                         r"statistics|numbers|a report)\b[^,;]*?\bby\s+", "", m[1])
            who = re.sub(r"\s+(?:in|on|last|this|from)\s+(?:[A-Z0-9]|last|this).*$", "", who)
            found = name(who, sa + m.start())
            if found:
                return found
        cands: list[tuple[int, str]] = []
        for m in re.finditer(rf"\b(?:{lx.REPORTING_VERBS})\b", t[sa:sent.end]):
            v = sa + m.start()
            if re.match(rf"\s+(?:in\s+|at\s+)?(?:{lx.ORD}|among)\b", t[sa + m.end():], _I):
                continue
            np = tx.agent_before(t, sa, v)
            if np is None and re.search(r"(?:^|[,\"”])\s*$", t[sa:v]):
                inv = re.match(rf"\s+({lx.CAP_NP})", t[sa + m.end():sent.end])
                np = inv[1] if inv else None
            who = name(np, v) if np else None
            if who:
                cands.append((f.start - v if v < f.start else 10_000 + v - f.start, who))
        if cands:
            return min(cands)[1]
        if st.claimant:
            return st.claimant
        if metric in ("rank", "global_share") and "SIPRI" in t:
            return "SIPRI"
        return self.source.outlet or "unattributed"


_POSS_FIG = (rf"\b(?:(?P<pro>its|their|his|her)|(?P<name>{lx.CAP_NP})['’]s?)\s+(?:own\s+|latest\s+|"
             r"official\s+)?(?:figure|figures|estimate|estimates|data|count|tally|statistics|"
             r"numbers|calculations)\b")


