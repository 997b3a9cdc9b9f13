"""One sentence as the extractor's rules see it: tokens, country mentions, periods, cues.

Built once per sentence (:class:`View`); :mod:`.attach` and :mod:`.rules` only read it.
Country mentions come from a PhraseMatcher over every name :mod:`armsledger.actors` knows
(case-sensitive) plus the state agencies of :mod:`.lexicon`; metric cues from a
PhraseMatcher over :data:`lexicon.METRIC_CUES` on lower-case tokens (a longer phrase wins
over its part: ``export orders`` is an order, not an export).
"""

from __future__ import annotations

from dataclasses import dataclass
from functools import cache
from typing import TYPE_CHECKING

from armsledger.claims import lexicon as lx
from armsledger.claims import periods as pr
from armsledger.claims.nlp import Sentence, pipeline, tokenizer_of

if TYPE_CHECKING:
    from spacy.matcher import PhraseMatcher
    from spacy.tokens import Token

__all__ = ["Place", "View"]


@dataclass(slots=True)
class Place:
    """Something found at tokens ``[a, b)`` of a sentence: a country (``what`` = ISO3 or
    None for a region), a metric cue (``what`` = metric) or a period (``period``)."""

    a: int
    b: int
    what: str | None
    period: pr.Mention | None = None


@cache
def _country_matcher() -> PhraseMatcher:
    from spacy.matcher import PhraseMatcher

    nlp = pipeline()
    m = PhraseMatcher(nlp.vocab, attr="ORTH")
    table = lx.country_table()
    by_iso: dict[str, list[str]] = {}
    for name, iso in table.items():
        by_iso.setdefault(iso or "-", []).append(name)
    for iso, names in by_iso.items():
        m.add(iso, list(tokenizer_of(nlp).pipe(names)))
    return m


@cache
def _company_matcher() -> PhraseMatcher:
    from spacy.matcher import PhraseMatcher

    nlp = pipeline()
    m = PhraseMatcher(nlp.vocab, attr="ORTH")
    m.add("company", list(tokenizer_of(nlp).pipe(lx.COMPANIES)))
    return m


@cache
def _cue_matcher() -> PhraseMatcher:
    from spacy.matcher import PhraseMatcher

    nlp = pipeline()
    m = PhraseMatcher(nlp.vocab, attr="LOWER")
    for metric, phrases in lx.METRIC_CUES.items():
        m.add(metric, list(tokenizer_of(nlp).pipe(phrases)))
    return m


def _longest(found: list[tuple[int, int, str]]) -> list[tuple[int, int, str]]:
    found.sort(key=lambda x: (x[0], -(x[1] - x[0])))
    out: list[tuple[int, int, str]] = []
    for a, b, w in found:
        if out and a < out[-1][1]:
            continue
        out.append((a, b, w))
    return out


class View:
    """A sentence's tokens and what was found in them (positions index :attr:`toks`)."""

    def __init__(self, sent: Sentence):
        self.sent = sent
        self.toks: list[Token] = sent.tokens
        self.low = [t.lower_ for t in self.toks]
        self.text = [t.text for t in self.toks]
        n = len(self.toks)
        if n == 0:
            self.countries: list[Place] = []
            self.cues: list[Place] = []
            self.periods: list[Place] = []
            self.companies: list[Place] = []
            return
        first = self.toks[0].i
        doc = self.toks[0].doc
        span = doc[first:self.toks[-1].i + 1]
        pos = {t.i: k for k, t in enumerate(self.toks)}  # PhraseMatcher answers doc positions
        vocab = doc.vocab

        def places(matches: list[tuple[int, int, int]]) -> list[tuple[int, int, str]]:
            out = []
            for key, s, e in matches:
                a, b = pos.get(s), pos.get(e - 1)
                if a is not None and b is not None:
                    out.append((a, b + 1, vocab.strings[key]))
            return _longest(out)

        self.countries = [Place(a, b, None if w == "-" else w)
                          for a, b, w in places(_country_matcher()(span))]
        self.cues = [Place(a, b, w) for a, b, w in places(_cue_matcher()(span))]
        self.companies = [Place(a, b, " ".join(self.text[a:b]))
                          for a, b, _w in places(_company_matcher()(span))]
        base = self.toks[0].idx
        line = doc.text
        text = line[base:self.toks[-1].idx + len(self.toks[-1].text)]
        starts = [t.idx - base for t in self.toks]
        self.periods = []
        for m in pr.mentions(text):
            a = _token_at(starts, m.start)
            b = _token_at(starts, m.end - 1) + 1
            self.periods.append(Place(a, b, m.kind, m))

    def has(self, words: frozenset[str], a: int, b: int) -> int | None:
        """The position of the first token in ``[a, b)`` whose lower-case text is in ``words``."""
        for k in range(max(0, a), min(b, len(self.low))):
            if self.low[k] in words:
                return k
        return None

    def phrase(self, phrases: tuple[str, ...], a: int, b: int) -> int | None:
        """The position of the first of ``phrases`` (lower-case words) in tokens ``[a, b)``."""
        seq = self.low[max(0, a):min(b, len(self.low))]
        joined = " " + " ".join(seq) + " "
        best = None
        for p in phrases:
            k = joined.find(" " + p + " ")
            if k >= 0:
                pos = max(0, a) + joined[:k].count(" ")
                best = pos if best is None else min(best, pos)
        return best


def _token_at(starts: list[int], char: int) -> int:
    from bisect import bisect_right

    return max(0, bisect_right(starts, char) - 1)
