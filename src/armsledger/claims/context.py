"""A figure's context: its metric, subject exporter, period and claimant.

Each comes from the nearest words (the comma-bounded chunk, then the clause, then the
sentence) and otherwise from the claims before it (:class:`~armsledger.claims.scan.State`).
"""

from __future__ import annotations

import re
from bisect import bisect_left

from armsledger import actors
from armsledger.claims import lexicon as lx
from armsledger.claims import text as tx
from armsledger.claims import values as vl
from armsledger.claims.scan import Fig, Per, Period, Scan
from armsledger.claims.text import Sentence

__all__ = ["Context"]

_I = re.IGNORECASE


class Context(Scan):
    """Metric, subject, period and claimant of a kept figure."""

    def _money_metric(self, f: Fig, sent: Sentence, chunk: tuple[int, int],
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
        weak = re.search(lx.WEAK_EXPORT_CUE, t[chunk[0]:chunk[1]], _I)
        if weak and re.search(lx.ARMS_WORDS, t[sent.start:sent.end], _I):
            return "export_value", (chunk[0] + weak.start(), chunk[0] + weak.end())
        return None, None

    def _usable(self, s: int, e: int) -> bool:
        """A country mention that can name the exporter (not a recipient or a comparison)."""
        t = self.t
        before = t[max(0, s - 25):s]
        after = t[e:e + 30]
        if t[s:e] in actors.capitals() and re.match(r"\s[A-Z]", after):
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

    def _subject(self, f: Fig, sent: Sentence,
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
            for city, iso in actors.capitals().items():
                if city.lower() == m[1].strip().lower():
                    return iso
        return None

    def _find_periods(self) -> list[Per]:
        """Period expressions, longest kinds first; dates of statements are never periods."""
        out: list[Per] = []
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
                out.append(Per(s, e, kind, m))
        return sorted(out, key=lambda p: p.start)

    def _period(self, f: Fig, sent: Sentence, chunk: tuple[int, int], clause: tuple[int, int],
                figs: list[Fig], subject: str | None
                ) -> tuple[Period | None, str, tuple[int, int] | None]:
        """The period, how it was found and, when close by, its span (for the quote).

        ``how`` is "near" (next to the figure), "explicit" (elsewhere in the sentence), "prev" /
        "same" (relative to the focus period), "present", "context" or "statement".
        """
        ps = self._periods_in(sent.start, sent.end)
        starts = [g.start for g in figs if g is not f]

        def after(lo: int, hi: int) -> list[Per]:
            c = [p for p in ps if f.end <= p.start < hi
                 and not any(f.end <= s < p.start for s in starts)]
            if c and any(c[0].end <= s <= c[0].end + 12 and not re.search(r"[,;]", self.t[
                    c[0].end:s]) for s in starts):
                return []
            return c[:1]

        def before(lo: int, hi: int) -> list[Per]:
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
                said = re.search(r"\d{4}", self.t[a:b])
                if said:
                    return (said[0], said[0]), "statement", None
        return None, "", None

    def _resolve(self, p: Per, subject: str | None, sent: Sentence) -> tuple[Period | None, str]:
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
                return vl.shift_period(focus, -1), "prev"
            return focus, "same"
        return vl.period_value(p.kind, p.m, subject, self.published), "explicit"

    def _said_year(self, sent: Sentence) -> int | None:
        """The year of a date in the sentence ("said on 4 June 2025"), for "last year"."""
        for a, b in self.masked:
            if sent.start <= a < sent.end:
                year = re.search(r"\d{4}", self.t[a:b])
                if year:  # always: a statement date ends in its year
                    return int(year[0])
        return None

    def _last_explicit(self, pos: int, subject: str | None, sent: Sentence) -> Period | None:
        """The last explicit period before ``pos``, when no claim has set the focus yet."""
        before = self.periods[:bisect_left(self._p_starts, pos)]
        for p in reversed([p for p in before if p.end <= pos and p.kind != "relative"]):
            value = vl.period_value(p.kind, p.m, subject, self.published)
            if value:
                return value
        return None

    # --- claimant --------------------------------------------------------------------------

    def _claimant(self, f: Fig, sent: Sentence, chunk: tuple[int, int], subject: str | None,
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
            if off and off[1] in actors.demonyms():
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
