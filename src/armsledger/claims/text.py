"""The structure of an article's text for the extractor: sentences, pieces and speakers.

:func:`sentences` (with the headline marked), :func:`piece` (the comma- or clause-bounded
part of a sentence around a position), :class:`Names` (people and organisations, and who "he",
"it" or "the ministry" is) and :func:`agent_before` (the noun phrase that does a reporting
verb: "X, president of Y, said"). Reading article files is
:func:`armsledger.sources.article.load_text`.
"""

from __future__ import annotations

import re
from bisect import bisect_left
from dataclasses import dataclass

from armsledger import actors
from armsledger.claims import lexicon as lx

__all__ = [
    "CHUNK", "CLAUSE", "Names", "Person", "Sentence", "agent_before", "piece", "sentences",
    "tail_np",
]


# --- names of people and organisations -------------------------------------------------------

@dataclass(slots=True)
class Person:
    """A named person; ``org`` is the short name of their organisation when the text gives it."""

    name: str
    org: str | None
    title: str

    @property
    def display(self) -> str:
        """``Alexander Mikheyev (Rosoboronexport)``, or the bare name without an org."""
        return f"{self.name} ({self.org})" if self.org else self.name


class Names:
    """People and organisations named in a text, and where each is mentioned.

    Built once per text. :meth:`display` turns a noun phrase that speaks in a sentence
    ("he", "the ministry", "President Vladimir Putin", "Politico's newsletter") into a claimant
    name in the style of expected.json, using what was named before ``pos``.
    """

    def __init__(self, text: str):
        self.t = text
        self.acronyms: dict[str, str] = {}
        self.orgs: list[tuple[int, str]] = []
        self.people: dict[str, Person] = {}
        self.mentions: list[tuple[int, str]] = []
        self._find_orgs()
        self._find_people()

    def _find_orgs(self) -> None:
        """Acronym definitions, known agencies and capitalised names with an org head word."""
        t, up = self.t, lx.UPPER
        spans: list[tuple[int, int]] = []
        acr = rf"[{up}][{up}\w&.-]{{1,9}}"
        for m in re.finditer(rf"(?P<long>{lx.CAP_WORD}(?:\s+(?:(?:of|for|and|the)\s+)*"
                             rf"{lx.CAP_WORD})*)\s+\((?P<acr>{acr})\)|(?P<long2>{lx.CAP_NP}),\s+"
                             rf"known as\s+(?P<acr2>{acr})", t):
            long = re.sub(r"^The\s+", "", m["long"] or m["long2"])
            code = m["acr"] or m["acr2"]
            if code in lx.AGENCIES:
                shown = lx.AGENCIES[code][1]
            else:
                shown = code if code in lx.SHORT_NAMES else f"{long} ({code})"
            self.acronyms[code] = shown
            if code in lx.AGENCIES or re.search(rf"\b(?:{lx.ORG_HEADS})\b", long):
                self.orgs.append((m.start(), shown))
                spans.append(m.span())
        for m in lx.agency_re().finditer(t):
            if not any(a <= m.start() < b for a, b in spans):
                self.orgs.append((m.start(), lx.AGENCIES[m[0]][1]))
        org = rf"(?:{lx.CAP_WORD}\s+(?:(?:of|for|and|the)\s+)*)*(?:{lx.ORG_HEADS})\b" \
              rf"(?:\s+(?:of|for)\s+(?:the\s+)?{lx.CAP_WORD}(?:\s+(?:and\s+|&\s+)?{lx.CAP_WORD})*)?"
        for m in re.finditer(org, t):
            if not any(a <= m.start() < b for a, b in spans):
                name = re.sub(r"^(?:The|In|For|According|A)\s+", "", m[0])
                self.orgs.append((m.start(), lx.AGENCIES.get(name, (None, name))[1]))
        self.orgs.sort()

    def _find_people(self) -> None:
        """2-4 capitalised words with a title before (``President``) or after (``, head of``)."""
        t = self.t
        groups: list[list[re.Match[str]]] = []
        for m in re.finditer(r"[^\W\d_][\w'’-]*", t):
            if m[0][0].isupper():
                if groups and groups[-1][-1].end() + 1 == m.start() and \
                        t[m.start() - 1] == " ":
                    groups[-1].append(m)
                    continue
                groups.append([m])
        for g in groups:
            words = [m[0] for m in g]
            i = 0
            while i < len(words) and words[i] in lx.TITLE_WORDS:
                i += 1
            rest = [w.removesuffix("'s").removesuffix("’s") for w in words[i:]]
            if not 2 <= len(rest) <= 4 or any(
                    w in lx.NOT_NAME or w in lx.country_table() or w.isupper()
                    or re.fullmatch(lx.ORG_HEADS, w) for w in rest):
                continue
            s, e = g[i].start(), g[-1].end()
            before, after = t[max(0, s - 60):s], t[e:e + 160]
            if re.search(r"\b(?:of|for|and|the|at)\s+$", before) and not i:
                continue
            if not (i or re.search(rf"\b(?:{lx.PERSON_TITLE_LC})\s*,?\s*$", before)
                    or re.match(rf",\s+(?:the\s+)?(?:[\w-]+\s+)?(?:{lx.PERSON_TITLE_LC})\b",
                                after)):
                continue
            name = " ".join(rest)
            if name not in self.people:
                self.people[name] = Person(name, self._org_of(s, before, after),
                                           " ".join(words[:i]))
        for name in self.people:
            last = name.split()[-1]
            first = name.split()[0]
            pat = rf"\b(?:{re.escape(name)}|{re.escape(last)}|{re.escape(first)}(?=['’]s|\W))"
            for m in re.finditer(pat, t):
                self.mentions.append((m.start(), name))
        self.mentions.sort()

    def _org_of(self, s: int, before: str, after: str) -> str | None:
        """A person's organisation: ``, president of X (ACR)``, ``the company's``, ``ACR head``."""
        m = re.match(r",\s+(?:the\s+)?(?:[\w-]+\s+){0,3}(?:of|at)\s+(?:the\s+)?([^,.;]+)", after)
        if m:
            code = re.search(r"\(([^)]+)\)", m[1])
            if code:
                return code[1]
            known = lx.agency_re().search(m[1])
            return known[0] if known else None
        if re.search(r"(?:\b(?:company|agency|firm|exporter|corporation)['’]s|\bits)\s+"
                     r"[\w\s-]*,?\s*$", before):
            org = self.org_before(s)
            return _short(org) if org else None
        m = lx.agency_re().search(before[-40:]) or re.search(r"\(([A-Z]{2,6})\)", before[-40:])
        if m and re.match(rf"\)?(?:['’]s)?\s+(?:{lx.PERSON_TITLE_LC})\b", before[-40:][m.end():]):
            return m[1] if m.groups() else m[0]
        return None

    def person_before(self, pos: int) -> Person | None:
        """The person named last before ``pos`` (for "he" / "she")."""
        i = bisect_left(self.mentions, (pos, ""))
        return self.people[self.mentions[i - 1][1]] if i else None

    def org_before(self, pos: int, head: str = "") -> str | None:
        """The organisation named last before ``pos`` whose name contains ``head``."""
        for _p, name in reversed(self.orgs[:bisect_left(self.orgs, (pos, ""))]):
            if head.lower() in name.lower():
                return name
        return None

    def display(self, np: str, pos: int, subject: str | None, earlier: list[str]) -> str | None:
        """The claimant a noun phrase names, or None when it names no one usable."""
        np = re.sub(r"\s+", " ", np).strip(" ,")
        low = np.lower()
        dem = actors.adjective(subject) or ""
        if low in ("he", "she", "his", "her"):
            person = self.person_before(pos)
            return person.display if person else None
        if low in ("it", "its"):
            return self.org_before(pos)
        if low in ("they", "their"):
            return earlier[-1] if earlier else None
        owner = re.match(rf"(?:the\s+)?({lx.CLAIMANT_NOUNS})['’]s\b", low)
        if owner:
            return self._generic(owner[1], owner[0], pos, dem, earlier)
        np = re.sub(r"\s+(?:data|figures|statistics|numbers|estimates)$", "", np)
        poss = re.search(rf"({lx.CAP_WORD}(?:\s{lx.CAP_WORD})*)['’]s\b", np)
        if poss and (re.match(r"(?:an?|the)\s", low) or poss.start() == 0
                     and not re.search(rf"\b(?:{lx.ORG_HEADS})\b", np[poss.end():])):
            return self.display(poss[1], pos, subject, earlier)
        m = re.fullmatch(rf"(?:[Aa]n?|[Tt]he)\s+(?:[a-z][\w'’-]*\s+){{0,6}}?({lx.CLAIMANT_NOUNS})",
                         np) or re.fullmatch(r"(officials)", low)
        if m:
            return self._generic(m[1], low, pos, dem, earlier)
        office = re.match(r"(?:the\s+)?((?:press\s+)?office|team|spokes\w+)\s+of\s+", low)
        if office:
            return np[office.start(1)].upper() + np[office.start(1) + 1:]
        for name, person in self.people.items():
            if np.endswith(name) or np.endswith(name.split()[-1]) or np == name.split()[0]:
                return person.display
        np = re.sub(r"^(?:the|The)\s+", "", np)
        code = re.search(r"\(([^()\s]+)\)$", np)
        if code and code[1] in self.acronyms:
            return self.acronyms[code[1]]
        if np in self.acronyms:
            return self.acronyms[np]
        if np in lx.AGENCIES:
            return lx.AGENCIES[np][1]
        words = np.split()
        while words and words[0] in lx.TITLE_WORDS and len(words) > 2:
            words = words[1:]
        np = " ".join(words)
        if re.match(rf"(?:Federal\s+)?(?:{lx.ORG_HEADS})\b", np) and dem:
            return f"{dem} {np}"
        return np[:1].upper() + np[1:] if np else None

    def is_public(self, claimant: str, outlet: str | None = None) -> bool:
        """A claimant that speaks for a state, SIPRI or the press, not for its own company."""
        known = {display for _iso, display in lx.AGENCIES.values()}
        return bool(claimant in known or claimant in ("unattributed", outlet)
                    or re.fullmatch(lx.OUTLETS, claimant)
                    or re.search(rf"\b(?:{lx.ORG_HEADS}|government|officials|ministry)\b",
                                 claimant, re.I)
                    or any(p.display == claimant for p in self.people.values()))

    def _generic(self, head: str, low: str, pos: int, dem: str, earlier: list[str]) -> str | None:
        """"the ministry", "the report", "officials" ... -> a named body seen before."""
        if head == "ministry":
            named = self.org_before(pos, "ministry") or next(
                (c for c in reversed(earlier) if "ministry" in c.lower()), None)
            if named:
                return f"{dem} {named}" if dem and re.match(r"(?:Federal )?Ministry", named) \
                    else named
            for person in self.people.values():
                m = re.search(r"(\w+) Minister|Minister of (\w+)", person.title)
                if m and dem:
                    return f"{dem} Ministry of {m[1] or m[2]}"
            return f"{dem} {low.removeprefix('the ')}".strip()
        if head in ("government", "officials"):
            return f"{dem} {head}".strip()
        if head in ("company", "agency", "firm", "exporter", "corporation"):
            return self.org_before(pos)
        if head in ("department", "institute", "office", "directorate", "presidency",
                    "administration", "commission"):
            named = self.org_before(pos, head)
            if named:
                return named
        known = {display for _iso, display in lx.AGENCIES.values()}
        org = next((c for c in reversed(earlier)
                    if c in known or re.search(rf"\b(?:{lx.ORG_HEADS})\b", c)), None)
        return org or (earlier[-1] if earlier else None)


def _short(org: str) -> str:
    """``Presidency of Defence Industries (SSB)`` -> ``SSB``; ``X (Long name)`` -> ``X``."""
    m = re.fullmatch(r"(.+?) \(([^)]+)\)", org)
    if not m:
        return org
    return m[2] if " " not in m[2] else m[1]


# --- sentences ------------------------------------------------------------------------------

CHUNK = re.compile(r",\s|;\s?|:\s|\s[–—]\s|\s--\s|\s-\s")
CLAUSE = re.compile(r";\s?|:\s|\s[–—]\s|\s--\s|,\s+(?=(?:and|but|while|whereas|although|"
                     r"though|when|as|which|where|after|because)\b)|\s(?=(?:but|while|whereas)\s)")
_ABBREV = {"mr", "mrs", "ms", "dr", "st", "rs", "no", "gen", "lt", "col", "maj", "capt", "inc",
           "ltd", "co", "corp", "vs", "approx", "e.g", "i.e", "u.s", "u.k", "u.n", "prof",
           "sen", "rep", "gov", "jr", "sr", "est", "jan", "feb", "mar", "apr", "jun", "jul",
           "aug", "sep", "sept", "oct", "nov", "dec", "fig", "ca"}
"""``CHUNK`` splits a sentence at commas and dashes; ``CLAUSE`` at clause boundaries only."""


@dataclass(slots=True)
class Sentence:
    """A sentence's offsets in the text, its paragraph, and whether it is the headline."""

    start: int
    end: int
    para: int
    headline: bool


def sentences(text: str) -> list[Sentence]:
    """Sentences with offsets; a first one-line paragraph without a full stop is a headline."""
    paras = [(m.start(), m.end()) for m in re.finditer(r"\S(?:[^\n]|\n(?![ \t]*\n))*", text)]
    out: list[Sentence] = []
    for i, (a, b) in enumerate(paras):
        head = (i == 0 and len(paras) > 1 and "\n" not in text[a:b] and b - a <= 200
                and text[b - 1] not in ".!?\"”")
        cuts = [a]
        for m in re.finditer(r"[.!?][\"'”’)]*\s+(?=[\"'“‘(]?[0-9" + lx.UPPER + r"])|"
                             r"(?<=[.!?:;\"”])\n|\n(?=\s*[-*•·])", text[a:b]):
            word = re.search(r"([\w.]+)\.\W*$", text[a:a + m.start() + 1])
            if word and (word[1].lower() in _ABBREV or re.fullmatch(r"[A-Z]", word[1])):
                continue
            cuts.append(a + m.end())
        cuts.append(b)
        for s, e in zip(cuts, cuts[1:], strict=False):
            if text[s:e].strip():
                out.append(Sentence(s, e, i, head))
    return out


def piece(text: str, a: int, b: int, pos: int, splitter: re.Pattern[str]) -> tuple[int, int]:
    """The piece of ``text[a:b]`` between splitter matches that contains ``pos``."""
    lo, hi = a, b
    for m in splitter.finditer(text, a, b):
        if m.end() <= pos:
            lo = m.end()
        elif m.start() >= pos:
            hi = m.start()
            break
    return lo, hi


# --- who speaks ------------------------------------------------------------------------------

def agent_before(text: str, sa: int, v: int) -> str | None:
    """The noun phrase that does the reporting verb at ``v`` ("X, president of Y, said")."""
    before = re.sub(r"(?:\s+(?:has|have|had|also|then|later|earlier|previously|again|already|"
                    r"recently|officially|first|just|publicly|reportedly|itself|separately|"
                    r"in a statement|on \w+day))+\s*$", "", text[max(sa, v - 200):v]).rstrip()
    if before.endswith(","):
        body = before[:-1]
        k = body.rfind(", ")
        app = body[k + 2:] if k >= 0 else body
        if re.match(rf"(?:which|who|whose|citing|quoting|based|in which|the [\w-]+-based|"
                    rf"(?:prepared|compiled|published|released|issued|written|drawn up)\s+by|"
                    rf"(?:the\s+)?(?:[\w-]+\s+)?(?:{lx.PERSON_TITLE_LC}))\b", app):
            return tail_np(body[:k]) if k >= 0 else None
        if re.fullmatch(lx.CAP_NP, app):
            return app
        return tail_np(app) or (tail_np(body[:k]) if k >= 0 else None)
    return tail_np(before)


def tail_np(s: str) -> str | None:
    """The noun phrase that ends ``s``: a pronoun, "the ministry", or capitalised words."""
    if len(s) > 160:
        s = s[-160:].split(" ", 1)[-1]
    s = s.rstrip()
    m = re.search(r"\b(?:he|she|it|they|He|She|It|They|officials|Officials|[Aa]nalysts)$", s)
    if m:
        return m[0]
    m = re.search(r"\b(?:its|their|his|her)\s+(?:[\w-]+\s+){0,2}(?:head|chief|director|"
                  r"spokes\w+|CEO|chairman|boss|minister)$", s, re.I)
    if m:
        return m[0].split()[0]
    m = re.search(rf"{lx.CAP_NP}['’]s\s+(?:[\w-]+\s+){{0,2}}(?:{lx.CLAIMANT_NOUNS})$", s)
    if m:
        return m[0]
    m = re.search(rf"({lx.CAP_NP})\s+(?:data|figures|statistics|numbers|estimates)$", s)
    if m:
        return m[1]
    m = re.search(rf"\b(?:[Tt]he|[Aa]n?)\s+(?:[\w'’-]+\s+){{0,6}}?(?:{lx.CLAIMANT_NOUNS})$", s)
    if m:
        return m[0]
    m = re.search(rf"{lx.CAP_NP}$", s)
    return m[0] if m else None
