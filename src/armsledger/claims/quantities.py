"""Every quantity in a sentence that could state a claim: money, percentages, ranks, counts.

High recall is the point: rules later decide which quantities are claims
(:mod:`armsledger.claims.rules`). Numbers are read by token: digits (``21,083``, ``7.2``,
``13,5``), words through text2num (``seven``, ``twenty-one``, ``one hundred and forty``),
ordinals (``third``, ``11th``). spaCy's Matcher finds the shapes over a token *role*
(:func:`role`): a currency sign or code before the number, a scale word after it (``bn``,
``billion``, ``crore``), a currency word after that; ranges (``between $13 billion and $14
billion``, ``$14-15bn``) are one quantity with two ends; ``from four to 12 countries`` is two.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import cache
from typing import TYPE_CHECKING

from armsledger.claims import lexicon as lx

if TYPE_CHECKING:
    from spacy.matcher import Matcher
    from spacy.tokens import Token

    from armsledger.claims.nlp import Sentence

__all__ = ["Quantity", "quantities", "register_roles", "role"]

_DIGITS = re.compile(r"\d{1,3}(?:,\d{3})+(?:\.\d+)?|\d+(?:\.\d+)?|\d+,\d{1,2}")
_ORDINAL = re.compile(r"(\d{1,3})(?:st|nd|rd|th)", re.IGNORECASE)
_YEAR = re.compile(r"(?:19|20)\d\d")


@dataclass(slots=True)
class Quantity:
    """One quantity: token positions ``[a, b)`` in its sentence, value(s) and what it can be."""

    kind: str  # money | percent | rank | countries | projects
    a: int
    b: int
    value: float
    unit: str
    currency: str | None = None
    qualifier: str = "exact"
    low: float | None = None
    high: float | None = None
    per_year: bool = False
    pair: int = 0
    """For ``from X to Y``: 1 on X, 2 on Y (each takes its own period); 0 otherwise."""


def digit_value(text: str) -> float | None:
    """``21,083`` -> 21083; ``7.2`` -> 7.2; ``13,5`` -> 13.5; None when not a number."""
    if not _DIGITS.fullmatch(text):
        return None
    if re.fullmatch(r"\d+,\d{1,2}", text):
        return float(text.replace(",", "."))
    return float(text.replace(",", ""))


def word_value(text: str) -> float | None:
    """A number written in words (``seven``, ``twenty-one``, ``a dozen``) via text2num."""
    low = text.lower().replace("-", " ").strip()
    if low in lx.WORD_NUMBERS:
        return float(lx.WORD_NUMBERS[low])
    words = low.split()
    if not words or any(w not in lx.NUMBER_WORDS and w != "and" for w in words):
        return None
    from text_to_num import text2num

    try:
        return float(text2num(low, "en"))
    except ValueError:
        return None


def ordinal_value(text: str) -> int | None:
    m = _ORDINAL.fullmatch(text)
    if m:
        return int(m[1])
    return lx.ORDINALS.get(text.lower())


def role(tok: Token) -> str:
    """What a token can be in a quantity: NUM, SCALE, CURPRE, CURWORD, PCT, ORD, or ''."""
    text, low = tok.text, tok.lower_
    if digit_value(text) is not None and not _YEAR.fullmatch(text) or \
            _YEAR.fullmatch(text) and not _bare_year(tok):
        return "NUM"
    if word_value(text) is not None and low not in ("a", "and", "one"):
        return "NUM"
    if low == "one" and not _one_as_pronoun(tok):
        return "NUM"
    if text in lx.CURRENCY_PREFIX or text in lx.CURRENCY_CODES:
        if text == "R" and (tok.whitespace_ or tok.i + 1 >= len(tok.doc)
                            or not tok.doc[tok.i + 1].text[:1].isdigit()):
            return ""  # "R4 billion" is rand; a lone R is not
        return "CURPRE"
    if low in lx.SCALE_WORDS and (low not in lx.ATTACHED_SCALES or _attached(tok)):
        return "SCALE"
    if low in lx.CURRENCY_WORDS:
        return "CURWORD"
    if text == "%" or low in ("percent", "per cent", "pct", "percentage") or \
            low == "pc" and _attached(tok):
        return "PCT"
    if ordinal_value(text) is not None:
        return "ORD"
    return ""


def _attached(tok: Token) -> bool:
    """``15bn``: a scale letter written against its number."""
    return tok.i > 0 and not tok.doc[tok.i - 1].whitespace_ and \
        tok.doc[tok.i - 1].text[-1:].isdigit()


def _bare_year(tok: Token) -> bool:
    """A 4-digit token that reads as a year, not a quantity (``2024``, not ``2,024`` or
    ``$2024 million``)."""
    doc = tok.doc
    nxt = doc[tok.i + 1].lower_ if tok.i + 1 < len(doc) else ""
    prev = doc[tok.i - 1].text if tok.i > 0 else ""
    return not (nxt in lx.SCALE_WORDS or nxt in ("%", "percent", "countries", "states")
                or prev in lx.CURRENCY_PREFIX)


def _one_as_pronoun(tok: Token) -> bool:
    doc = tok.doc
    nxt = doc[tok.i + 1].lower_ if tok.i + 1 < len(doc) else ""
    return nxt in ("of", "another", "'s", "who", "that", "which", "")


def register_roles() -> None:
    """Register the token attribute ``qrole`` (:func:`role`) once per process."""
    from spacy.tokens import Token

    if not Token.has_extension("qrole"):
        Token.set_extension("qrole", getter=role)


def _r(name: str, op: str | None = None) -> dict[str, object]:
    d: dict[str, object] = {"_": {"qrole": name}}
    if op:
        d["OP"] = op
    return d


@cache
def matcher() -> Matcher:
    """The shapes of quantities, by token role; the longest match wins."""
    from spacy.matcher import Matcher

    from armsledger.claims.nlp import pipeline

    register_roles()
    m = Matcher(pipeline().vocab)
    adj = {"LOWER": {"IN": list(lx.CURRENCY_ADJECTIVES)}, "OP": "?"}
    a_scale = [{"LOWER": {"IN": ["a", "one"]}}, {"LOWER": {"IN": ["billion", "million",
                                                                  "trillion"]}}]
    to = {"LOWER": {"IN": ["-", "to", "and"]}}
    m.add("MONEY", [
        [_r("CURPRE"), _r("NUM"), _r("SCALE", "{0,2}"), adj, _r("CURWORD", "?")],
        [_r("CURPRE"), _r("NUM"), {"ORTH": "-"}, _r("SCALE"), adj, _r("CURWORD", "?")],
        [_r("NUM"), _r("SCALE", "{0,2}"), adj, _r("CURWORD")],
        [_r("NUM"), _r("SCALE"), _r("CURPRE")],
        [_r("CURPRE"), *a_scale],
        [*a_scale, adj, _r("CURWORD")],
    ], greedy="LONGEST")
    m.add("RANGE", [
        [_r("CURPRE"), _r("NUM"), _r("SCALE", "?"), to, _r("CURPRE", "?"), _r("NUM"),
         _r("SCALE", "?"), adj, _r("CURWORD", "?")],
        [_r("NUM"), _r("SCALE", "?"), to, _r("NUM"), _r("SCALE", "?"), adj, _r("CURWORD")],
    ], greedy="LONGEST")
    m.add("PERCENT", [
        [_r("NUM"), _r("PCT")],
        [{"ORTH": "%"}, _r("NUM")],
        [_r("NUM"), {"LOWER": "per"}, {"LOWER": "cent"}],
        [{"LOWER": {"IN": ["a", "one", "two"]}}, {"ORTH": "-", "OP": "?"},
         {"LOWER": {"IN": list(lx.FRACTIONS)}}],
        [{"LOWER": {"IN": ["half", "halve"]}}, {"LOWER": "of"}],
    ], greedy="LONGEST")
    nouns = {"LOWER": {"IN": list(lx.COUNTRY_NOUNS)}}
    filler = {"TEXT": {"REGEX": r"^(?:[A-Za-z][a-z]*|-|&|')$"},
              "LOWER": {"NOT_IN": [*lx.COUNTRY_NOUNS, *lx.PROJECT_NOUNS, "of", "in", "to",
                                   "and", "with", "from", "for", "by", "at", "on", "were",
                                   "was", "is", "are", "had", "have", "has"]},
              "OP": "{0,6}"}
    m.add("COUNTRIES", [
        [_r("NUM"), filler, nouns],
        [nouns, filler, {"LOWER": "from"}, _r("NUM"), {"LOWER": "in", "OP": "?"},
         {"TEXT": {"REGEX": r"^(?:19|20)\d\d$"}, "OP": "?"}, {"LOWER": "to"}, _r("NUM")],
        [{"LOWER": "from"}, _r("NUM"), {"LOWER": "to"}, _r("NUM"), filler, nouns],
    ], greedy="LONGEST")
    m.add("NUMBER_OF", [
        [{"LOWER": "number"}, {"LOWER": "of"}, filler, nouns,
         {"LOWER": {"NOT_IN": [".", ";"]}, "OP": "{0,6}"},
         {"LOWER": {"IN": ["to", "at", "reached", "was", "is", "were", "of", "stood"]}},
         {"LOWER": {"IN": QUALIFIER_START}, "OP": "{0,2}"}, _r("NUM")],
    ], greedy="LONGEST")
    m.add("PROJECTS", [[_r("NUM"), filler, {"LOWER": {"IN": list(lx.PROJECT_NOUNS)}}]],
          greedy="LONGEST")
    best = {"LOWER": {"IN": list(lx.SUPERLATIVES)}}
    m.add("RANK", [
        [_r("ORD"), {"ORTH": "-", "OP": "?"}, best],
        [{"LOWER": {"IN": list(lx.RANK_VERBS)}}, {"LOWER": {"IN": ["to", "in", "at", "as"]},
                                                   "OP": "?"},
         {"LOWER": "the", "OP": "?"}, _r("ORD")],
        [_r("ORD"), {"LOWER": {"IN": ["place", "position", "spot", "rank"]}}],
        [{"LOWER": {"IN": ["ranked", "ranks", "rank", "placed", "came"]}},
         {"LOWER": {"IN": ["at", "no.", "number"]}}, {"TEXT": {"REGEX": r"^\d{1,3}$"}}],
        [{"LOWER": "from"}, {"LOWER": "the", "OP": "?"}, _r("ORD"), {"LOWER": "to"},
         {"LOWER": "the", "OP": "?"}, _r("ORD"),
         {"LOWER": {"IN": ["place", "position", "spot"]}, "OP": "?"}],
        [{"LOWER": {"IN": ["number", "no", "no."]}}, {"ORTH": "-", "OP": "?"}, _r("NUM")],
        [{"LOWER": {"IN": ["places", "placed", "puts", "put", "ranks", "ranked", "rates"]}},
         {"LOWER": "the", "OP": "?"}, {"TEXT": {"REGEX": r"^[A-Z]"}, "OP": "{1,3}"},
         {"ORTH": "'s", "OP": "?"}, {"LOWER": {"IN": ["in", "at", "as"]}, "OP": "?"},
         _r("ORD")],
        [{"LOWER": {"IN": ["the", "'s"]}}, {"LOWER": {"IN": ["world", "world's", "global"]},
                                            "OP": "?"},
         {"ORTH": "'s", "OP": "?"}, best,
         {"LOWER": {"IN": ["arms", "weapons", "defence", "defense", "military", "major",
                           "global", "single"]}, "OP": "{0,2}"},
         {"LOWER": {"IN": ["exporter", "supplier", "seller", "exporting"]}}],
    ], greedy="LONGEST")
    return m


def quantities(sent: Sentence) -> list[Quantity]:
    """The quantities of one sentence, in order, positions in ``sent.tokens``."""
    toks = sent.tokens
    if not toks:
        return []
    doc = toks[0].doc
    pos = {t.i: k for k, t in enumerate(toks)}
    found: list[Quantity] = []
    for key, s, e in matcher()(doc[toks[0].i:toks[-1].i + 1]):
        label = doc.vocab.strings[key]
        a, b = pos.get(toks[0].i + s), pos.get(toks[0].i + e - 1)
        if a is None or b is None:
            continue
        found.extend(_read(label, toks, a, b + 1))
    found.sort(key=lambda q: (q.a, -(q.b - q.a)))
    out: list[Quantity] = []
    for q in found:
        if any(o.a <= q.a < o.b or q.a <= o.a < q.b for o in out if not _pair(o, q)):
            continue
        out.append(q)
    _borrow_scales(toks, out)
    _pairs(toks, out)
    out.extend(_elided(toks, out))
    out.sort(key=lambda q: q.a)
    return out


QUALIFIER_START = ["more", "than", "over", "about", "around", "some", "nearly", "almost",
                   "at", "least", "roughly", "approximately"]
_COMPARED = ("compared to", "compared with", "up from", "down from", "versus", "vs", "vs.",
             "than", "against")


def _elided(toks: list[Token], found: list[Quantity]) -> list[Quantity]:
    """``12 countries ... compared to 31 in 2019``: a bare number compared with a count or a
    share before it is a count or share of the same kind."""
    out = []
    taken = {k for q in found for k in range(q.a, q.b)}
    for k, t in enumerate(toks):
        if k in taken or t._.qrole != "NUM" or digit_value(t.text) is None:
            continue
        words = " ".join(x.lower_ for x in toks[max(0, k - 2):k])
        if not words.endswith(_COMPARED):
            continue
        if k + 1 < len(toks) and toks[k + 1]._.qrole in ("SCALE", "PCT", "CURWORD"):
            continue
        prior = [q for q in found if q.b <= k and q.kind in ("countries", "percent")]
        if prior:
            p = prior[-1]
            out.append(Quantity(p.kind, k, k + 1, float(digit_value(t.text) or 0), p.unit,
                                qualifier=qualifier(toks, k, k + 1)))
    return out


def _pairs(toks: list[Token], found: list[Quantity]) -> None:
    """``rising from 34% to 42%``: two figures of one kind joined by from ... to are a pair
    (each takes its own period)."""
    for q1, q2 in zip(found, found[1:], strict=False):
        if q1.kind == q2.kind and q1.pair == 0 and q2.pair == 0 and q2.a - q1.b <= 6 and \
                q1.a > 0 and toks[q1.a - 1].lower_ == "from" and toks[q2.a - 1].lower_ == "to":
            q1.pair, q2.pair = 1, 2


def _borrow_scales(toks: list[Token], found: list[Quantity]) -> None:
    """``from $799.5 in 2009 to $956.7 billion``: a sum with no scale takes the scale of the
    sum it is compared with in the same sentence."""
    money = [q for q in found if q.kind == "money"]
    for i, q in enumerate(money[:-1]):
        nxt = money[i + 1]
        if q.unit == "units" and nxt.unit != "units" and nxt.a - q.b <= 8 and \
                nxt.currency == q.currency and any(t.lower_ == "to" for t in toks[q.b:nxt.a]):
            q.unit = nxt.unit


def _pair(o: Quantity, q: Quantity) -> bool:
    return o.pair != 0 and q.pair != 0 and o.a == q.a


def _nums(toks: list[Token], a: int, b: int) -> list[tuple[int, float]]:
    out = []
    for k in range(a, b):
        if toks[k]._.qrole == "NUM":
            v = digit_value(toks[k].text)
            out.append((k, v if v is not None else (word_value(toks[k].text) or 1.0)))
    return out


def _read(label: str, toks: list[Token], a: int, b: int) -> list[Quantity]:
    if label == "MONEY":
        return _money(toks, a, b)
    if label == "RANGE":
        joiner = next((t.lower_ for t in toks[a + 1:b] if t.lower_ in ("-", "to", "and")), "")
        before = toks[a - 1].lower_ if a > 0 else ""
        if joiner == "and" and before != "between" or joiner == "to" and before == "from":
            return []
        return [q for q in _money(toks, a, b) if q.low is not None]
    if label == "PERCENT":
        nums = _nums(toks, a, b)
        if nums:
            v = nums[0][1]
        else:
            nxt = toks[b].lower_ if b < len(toks) else ""
            if nxt in ("consecutive", "straight", "successive", "year", "years", "time", "row",
                       "quarter"):
                return []  # "for a third consecutive year": an ordinal, not a fraction
            words = " ".join(t.lower_ for t in toks[a:b] if t.text != "-")
            v = lx.FRACTIONS.get(words.split()[-1] if words.split()[-1] != "of" else "half",
                                 50.0)
            if words.startswith("two"):
                v = 2 * v
        return [Quantity("percent", a, b, v, "percent", qualifier=qualifier(toks, a, b))]
    if label == "RANK":
        ords = [(k, ordinal_value(toks[k].text)) for k in range(a, b)
                if toks[k]._.qrole == "ORD"]
        if toks[a].lower_ == "from" and len(ords) == 2:
            (k1, o1), (k2, o2) = ords
            return [Quantity("rank", a, k1 + 1, o1 or 0, "rank", pair=1),
                    Quantity("rank", k2, b, o2 or 0, "rank", pair=2)]
        for k in range(a, b):
            o = ordinal_value(toks[k].text)
            if o is not None and toks[k]._.qrole == "ORD":
                return [Quantity("rank", a, b, o, "rank")]
        nums = _nums(toks, a, b)
        return [Quantity("rank", a, b, nums[0][1] if nums else 1, "rank")]
    if label == "NUMBER_OF":
        k = b - 1
        if k + 1 < len(toks) and toks[k + 1]._.qrole in ("PCT", "SCALE", "CURWORD"):
            return []
        found = digit_value(toks[k].text) or word_value(toks[k].text)
        if found is None:
            return []
        return [Quantity("countries", k, b, found, "countries",
                         qualifier=qualifier(toks, k, b))]
    kind = "countries" if label == "COUNTRIES" else "projects"
    nums = _nums(toks, a, b)
    if not nums:
        return []
    if len(nums) == 2 and toks[a].lower_ != "from":
        return [Quantity(kind, nums[0][0], nums[0][0] + 1, nums[0][1], kind, pair=1),
                Quantity(kind, nums[1][0], b, nums[1][1], kind, pair=2)]
    if len(nums) == 2 and toks[a].lower_ == "from":
        return [Quantity(kind, nums[0][0], nums[0][0] + 1, nums[0][1], kind, pair=1),
                Quantity(kind, nums[1][0], b, nums[1][1], kind, pair=2,
                         qualifier=qualifier(toks, nums[1][0], b))]
    return [Quantity(kind, a, b, nums[0][1], kind, qualifier=qualifier(toks, a, b))]


def _money(toks: list[Token], a: int, b: int) -> list[Quantity]:
    nums = _nums(toks, a, b)
    if not nums:
        one = next((k for k in range(a, b) if toks[k].lower_ in ("a", "one")), None)
        if one is None:
            return []
        nums = [(one, 1.0)]
    scales = [lx.SCALE_WORDS[toks[k].lower_] for k in range(a, b) if toks[k]._.qrole == "SCALE"]
    cur = None
    adjective = None
    for k in range(a, b):
        r = toks[k]._.qrole
        if r == "CURPRE":
            cur = cur or lx.CURRENCY_PREFIX.get(toks[k].text, toks[k].text)
        elif r == "CURWORD":
            word = toks[k].lower_
            c = lx.CURRENCY_WORDS[word]
            if word.startswith("dollar") and adjective:
                c = lx.CURRENCY_ADJECTIVES.get(adjective, c)
            cur = cur if cur and cur != "USD" else c
        elif toks[k].lower_ in lx.CURRENCY_ADJECTIVES:
            adjective = toks[k].lower_
    if a > 0 and toks[a - 1].text in ("U.S.", "US") and cur == "USD":
        a -= 1
    if cur is None:
        return []
    unit = scales[-1] if scales else "units"
    values = [v for _k, v in nums]
    if unit == "million" and cur == "EUR":
        # "€3.203 million": a thousands point, as Spanish and Italian texts write it
        values = [float(toks[k].text.replace(".", "")) if re.fullmatch(
            r"\d{1,3}\.\d{3}", toks[k].text) else v for (k, _x), v in zip(nums, values,
                                                                          strict=True)]
    if unit in ("billion", "trillion"):
        # "EUR 4,824 billion": a decimal comma (nobody writes thousands of billions so)
        values = [float(toks[k].text.replace(",", ".")) if re.fullmatch(
            r"\d{1,3},\d{3}", toks[k].text) else v for (k, _x), v in zip(nums, values,
                                                                          strict=True)]
    if scales[-2:] == ["lakh", "crore"]:
        unit = "lakh crore"
    if unit == "lakh crore":
        values, unit = [v * 100_000 for v in values], "crore"
    if unit == "lakh":
        values, unit = [v / 100 for v in values], "crore"
    per_year = b < len(toks) and _per_year(toks, b)
    if len(values) == 2:
        lo, hi = values
        if len(scales) == 1 and toks[a]._.qrole != "NUM" and not any(
                toks[k]._.qrole == "SCALE" for k in range(a, nums[1][0])) and lo > hi:
            return []
        if len(scales) == 2 and scales[0] != scales[1]:
            return []
        if hi < lo:
            return []
        start = a - 1 if a > 0 and toks[a - 1].lower_ in ("between", "from") else a
        return [Quantity("money", start, b, lo, unit, cur, "range", lo, hi, per_year)]
    return [Quantity("money", a, b, values[0], unit, cur, qualifier(toks, a, b), per_year=per_year)]


def _per_year(toks: list[Token], b: int) -> bool:
    nxt = " ".join(t.lower_ for t in toks[b:b + 2])
    return nxt.startswith(("a year", "per year", "annually", "per annum", "each year",
                           "every year", "a-year"))


def qualifier(toks: list[Token], a: int, b: int) -> str:
    """The hedge before (``about``, ``more than``, ``exceeded``) or after (``or more``)."""
    for n in (4, 3, 2, 1):
        if a - n < 0:
            continue
        words = " ".join(t.lower_ for t in toks[a - n:a])
        if words in lx.QUALIFIER_WORDS:
            return lx.QUALIFIER_WORDS[words]
    after = " ".join(t.lower_ for t in toks[b:b + 2])
    if after.startswith(("or more", "plus", "or above")):
        return "at least" if after.startswith("or more") else "over"
    if b < len(toks) and toks[b].text == "+":
        return "over"
    return "exact"
