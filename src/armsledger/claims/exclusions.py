"""The README's rules that drop a figure: targets, forecasts, negations, growth rates,
sub-sector shares, single deals, postponed deals, whole-economy totals, conversions, and
shares, ranks or counts that are not about a state's arms exports."""

from __future__ import annotations

import re

from armsledger import actors
from armsledger.claims import lexicon as lx
from armsledger.claims import text as tx
from armsledger.claims.scan import Fig, Scan
from armsledger.claims.text import Sentence

__all__ = ["Exclusions"]

_I = re.IGNORECASE


class Exclusions(Scan):
    """Decides whether a figure states no claim (:meth:`_excluded`)."""

    def _excluded(self, f: Fig, sent: Sentence, si: int, figs: list[Fig]) -> bool:
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

    def _bad_money(self, f: Fig, head: str, after: str, figs: list[Fig],
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
            if f.q_start - min(60, len(head)) <= s < f.q_start \
                    and self.t[s:e] not in actors.demonyms() \
                    and re.search(r"\b(?:to|for)\s+(?:the\s+)?$", self.t[s - 12:s]):
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

    def _bad_share(self, f: Fig, sent: Sentence, si: int, after: str, head: str) -> bool:
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

    def _bad_rank(self, f: Fig, sent: Sentence, si: int, head: str, after: str) -> bool:
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

    def _bad_count(self, f: Fig, sent: Sentence, chunk: tuple[int, int]) -> bool:
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
