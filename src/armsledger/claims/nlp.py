"""The text as the extractor reads it: spaCy's blank English tokenizer, sentences, clauses.

No model is downloaded: :func:`pipeline` is ``spacy.blank("en")`` with the sentencizer and
three tokenizer rules added (``15bn`` -> ``15`` ``bn``; ``FY2024`` -> ``FY`` ``2024``;
``Rs.21`` -> ``Rs.`` ``21``). Before tokenizing, :func:`normalize` maps every kind of
apostrophe, dash and non-breaking space to its ASCII form one character for one character,
so offsets in the normalized text are offsets in the original and every quote is cut from the
original text. Each line of the text is parsed on its own (a paragraph never runs into the
next), and :class:`Text` gives each sentence its paragraph, its clauses and its chunks.
"""

from __future__ import annotations

import re
from bisect import bisect_right
from dataclasses import dataclass
from functools import cache
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from spacy.language import Language
    from spacy.tokenizer import Tokenizer
    from spacy.tokens import Doc, Span, Token

__all__ = ["Sentence", "Text", "normalize", "pipeline"]

_SAME_WIDTH = str.maketrans({
    "\u2019": "'", "\u2018": "'", "\u02bc": "'", "\u02b9": "'", "\u2032": "'", "\u00b4": "'",
    "`": "'", "\u201c": '"', "\u201d": '"', "\u201e": '"', "\u00ab": '"', "\u00bb": '"',
    "\u2013": "-", "\u2014": "-", "\u2012": "-", "\u2011": "-", "\u2010": "-", "\u2212": "-",
    "\u00a0": " ", "\u202f": " ", "\u2009": " ", "\u2007": " ", "\u200a": " ",
})


def normalize(text: str) -> str:
    """Apostrophes, quotes, dashes and spaces of every kind as ASCII; same length as ``text``."""
    return text.translate(_SAME_WIDTH)


@cache
def pipeline() -> Language:
    """spaCy's blank English pipeline with the sentencizer (loaded once, no network)."""
    import spacy
    from spacy.util import compile_prefix_regex, compile_suffix_regex

    nlp = spacy.blank("en")
    suffixes = [r"(?<=\d)(?i:bn|bln|b|mn|mln|m|tn|trn|k|cr|pc)$",
                *list(nlp.Defaults.suffixes or [])]
    prefixes = [r"FY(?=\d)", r"Rs\.(?=\d)", r"H[12](?=\d)", r"R(?=\d)", r"%(?=\d)",
                r"(?:USD|EUR|GBP|CHF|CZK|SEK|NOK|DKK|PLN|INR|KRW|JPY|CNY|RUB|TRY|ILS|AUD|CAD|"
                r"BRL|ZAR|HUF|RON|PKR|SAR|AED)(?=\d)",
                *list(nlp.Defaults.prefixes or [])]
    tokenizer = tokenizer_of(nlp)
    tokenizer.suffix_search = compile_suffix_regex(suffixes).search
    tokenizer.prefix_search = compile_prefix_regex(prefixes).search
    for abbr in ("approx.", "Approx.", "ca.", "est.", "No.", "no.", "Rs.", "Dr.", "Mr.", "Ms.",
                 "Mrs.", "Gen.", "Lt.", "Col.", "Adm.", "Sen.", "Rep.", "St.", "Corp.", "Inc.",
                 "Ltd.", "Co.", "vs.", "bln.", "mln.", "U.K.", "E.U."):
        tokenizer.add_special_case(abbr, [{"ORTH": abbr}])
    nlp.add_pipe("sentencizer")
    from armsledger.claims.quantities import register_roles

    register_roles()  # every token's quantity role, before any rule reads it
    return nlp


def tokenizer_of(nlp: Language) -> Tokenizer:
    """The pipeline's tokenizer (typed: spaCy declares it as any callable)."""
    from spacy.tokenizer import Tokenizer

    tok = nlp.tokenizer
    assert isinstance(tok, Tokenizer)
    return tok


CLAUSE_WORDS = frozenset(
    "while whereas but although though however which who when where meanwhile as because "
    "despite".split())
"""Words that open a new clause (after a comma, or anywhere for ``while``/``whereas``)."""


@dataclass(slots=True)
class Sentence:
    """One sentence: its tokens (a spaCy span), paragraph, and whether it is a headline."""

    index: int
    span: Span
    para: int
    headline: bool

    @property
    def start(self) -> int:
        return int(self.span.start_char)

    @property
    def end(self) -> int:
        return int(self.span.end_char)

    @property
    def tokens(self) -> list[Token]:
        return [t for t in self.span if not t.is_space]

    def clause_of(self, i: int) -> tuple[int, int]:
        """The clause (token positions in :attr:`tokens`) holding token ``i``: bounded by ``;``
        ``:`` a spaced dash, brackets around it and the words of :data:`CLAUSE_WORDS`."""
        return _bounds(self.tokens, i, clause=True)

    def chunk_of(self, i: int) -> tuple[int, int]:
        """The comma-bounded piece of the clause holding token ``i``."""
        return _bounds(self.tokens, i, clause=False)


def _is_break(toks: list[Token], j: int, clause: bool) -> bool:
    t = toks[j].text
    if t in (";", ":", '"'):
        return True
    if t == "-" and j > 0 and toks[j - 1].whitespace_ and toks[j].whitespace_:
        return True
    low = toks[j].lower_
    if low in ("while", "whereas"):
        return True
    if low in CLAUSE_WORDS and j > 0 and toks[j - 1].text == ",":
        return True
    return not clause and t == ","


def _bounds(toks: list[Token], i: int, *, clause: bool) -> tuple[int, int]:
    """Bounds of the piece holding ``i``; a bracketed aside is skipped over (it neither ends
    the piece around it nor lets the piece inside it out)."""
    depth = _depth(toks)
    a = i
    while a > 0 and not (depth[a - 1] == depth[i] and _is_break(toks, a - 1, clause)
                         or depth[a - 1] < depth[i]):
        a -= 1
    b = i + 1
    while b < len(toks) and not (depth[b] == depth[i] and _is_break(toks, b, clause)
                                 or depth[b] < depth[i]):
        b += 1
    return a, b


def _depth(toks: list[Token]) -> list[int]:
    """Bracket depth of each token (brackets themselves at the outer depth)."""
    out, d = [], 0
    for t in toks:
        if t.text in (")", "]") and d > 0:
            d -= 1
        out.append(d)
        if t.text in ("(", "["):
            d += 1
    return out


_LINE = re.compile(r"[^\n]+")
_TENS = frozenset("twenty thirty forty fifty sixty seventy eighty ninety".split())
_UNITS = frozenset("one two three four five six seven eight nine".split())


def _merge_number_words(doc: Doc) -> None:
    """``Sixty-four`` is one token (the tokenizer splits it at the hyphen)."""
    spans = [(i, i + 3) for i in range(len(doc) - 2)
             if doc[i].lower_ in _TENS and doc[i + 1].text == "-" and doc[i + 2].lower_ in _UNITS
             and not doc[i].whitespace_ and not doc[i + 1].whitespace_]
    if spans:
        with doc.retokenize() as retok:
            for a, b in spans:
                retok.merge(doc[a:b])


class Text:
    """A text parsed once: sentences (in order) over the normalized text."""

    def __init__(self, text: str):
        self.original = text
        self.norm = normalize(text)
        nlp = pipeline()
        lines = [(m.start(), m.group()) for m in _LINE.finditer(self.norm)
                 if m.group().strip()]
        self.sentences: list[Sentence] = []
        self.docs: list[Doc] = []
        self._offsets: list[int] = []
        for para, ((offset, line), doc) in enumerate(
                zip(lines, nlp.pipe(line for _o, line in lines), strict=True)):
            _merge_number_words(doc)
            self.docs.append(doc)
            self._offsets.append(offset)
            sents = list(doc.sents)
            headline = para == 0 and len(sents) == 1 and not re.search(
                r"[.!?\"')]\s*$", line) and len(doc) <= 25
            for s in sents:
                if any(not t.is_space for t in s):
                    self.sentences.append(Sentence(len(self.sentences), s, para, headline))
        self._starts = [self._offsets[s.para] + s.start for s in self.sentences]

    def offset(self, sent: Sentence) -> int:
        """Where ``sent``'s line starts in the text (token offsets are within the line)."""
        return self._offsets[sent.para]

    def char_span(self, sent: Sentence, a: int, b: int) -> tuple[int, int]:
        """Character offsets in the text of tokens ``a`` to ``b - 1`` of ``sent.tokens``."""
        toks = sent.tokens
        base = self._offsets[sent.para]
        return base + toks[a].idx, base + toks[b - 1].idx + len(toks[b - 1].text)

    def sentence_at(self, char: int) -> Sentence | None:
        i = bisect_right(self._starts, char) - 1
        return self.sentences[i] if i >= 0 else None
