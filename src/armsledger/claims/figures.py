"""Finding figures in a sentence: money, shares, ranks and counts, with their qualifiers."""

from __future__ import annotations

import re

from armsledger.claims import lexicon as lx
from armsledger.claims import values as vl
from armsledger.claims.scan import Fig, Scan
from armsledger.claims.text import Sentence

__all__ = ["Figures"]

_I = re.IGNORECASE


class Figures(Scan):
    """Every money, share, rank and count figure of a sentence (before any exclusion)."""

    def _figures(self, sent: Sentence, si: int) -> list[Fig]:
        """Every money, share, rank and count figure in the sentence, with its qualifier."""
        t, a, b = self.t, sent.start, sent.end
        figs: list[Fig] = []
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
            figs.append(Fig("percent", m.start(), m.end(), value, "percent", None,
                             "global_share", m.start(), m.end()))
            figs[-1].metric = "global_share" if not m["frac"] else "global_share?"
        for m in lx.rank_re().finditer(t, a, b):
            if m["a"] or m["b"]:
                word = (m["ord"] or "first").lower()
            else:
                word = m["ord2"].lower()
            n = lx.ORDINALS.get(word) or int(re.sub(r"\D", "", word) or 0)
            if n:
                figs.append(Fig("rank", m.start(), m.end(), float(n), "rank", None,
                                 "rank" if not m["c"] else "rank?", m.start(), m.end()))
        for m in lx.count_re().finditer(t, a, b):
            figs.append(self._count(m))
        for f in figs:
            self._qualify(f)
        return sorted(figs, key=lambda f: f.start)

    def _money(self, m: re.Match[str]) -> Fig | None:
        """A money figure, or None when the match has no currency or is too small."""
        found = vl.money_value(m)
        if found is None:
            return None
        value, scale, currency = found
        return Fig("money", m.start(), m.end(), value, scale, currency, None, m.start(), m.end())

    def _count(self, m: re.Match[str]) -> Fig:
        """A count of countries or projects; a trailing ``?`` in metric means "check the cue"."""
        if m["nnum"]:
            s, e = m.span("nnum")
            return Fig("count", s, e, vl.number(m["nnum"]), "countries", None,
                        "recipient_countries", m.start(), m.end())
        if m["pnoun"]:
            s = m.start("pnum")
            return Fig("count", s, m.end(), vl.number(m["pnum"]), "projects", None,
                        "cooperation_projects?", s, m.end())
        # "340 cooperation projects in 14 states": the states the projects are in.
        projects_in = re.search(r"\bprojects?\s+(?:\w+\s+){0,2}in\s+(?:(?:more than|over|"
                                r"about|around|some|nearly|almost|at least)\s+)?$",
                                self.t[max(0, m.start() - 50):m.start()], _I)
        metric = "cooperation_partner_states" if (m["adj"] or "").lower() == "partner" \
            or projects_in else "recipient_countries?"
        return Fig("count", m.start(), m.end(), vl.number(m["num"]), "countries", None, metric,
                    m.start(), m.end())

    def _qualify(self, f: Fig) -> None:
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
