"""Read an article (.txt, .md, .html) into plain text, and find its sentences and speakers.

:func:`load_text` reads a file. HTML is reduced to readable text with blank lines
between blocks (scripts, styles, comments, navigation and forms are dropped; entities are
unescaped); the title, outlet, URL and publication date come from ``<title>``, ``og:`` and
``article:`` meta tags or JSON-LD when present. Plain text and Markdown take the title from the
first line or heading and the date from a dateline (``MOSCOW, 30 January 2026 –``) or a
``Published:``/front-matter line. Files are decoded as UTF-8 (with or without BOM), UTF-16
with a BOM, then cp1252/Latin-1. Binary files raise :class:`~armsledger.errors.InputError`.

The rest reads the text's structure for the extractor: :func:`sentences` (with the headline
marked), :func:`piece` (the comma- or clause-bounded part of a sentence around a position),
:class:`Names` (people and organisations, and who "he", "it" or "the ministry" is) and
:func:`agent_before` (the noun phrase that does a reporting verb: "X, president of Y, said").
"""

from __future__ import annotations

import json
import re
from bisect import bisect_left
from dataclasses import dataclass, field
from datetime import date
from html.parser import HTMLParser
from pathlib import Path

from armsledger.claims import lexicon as lx
from armsledger.claims.lexicon import MONTH_NUMBER, MONTHS
from armsledger.claims.model import Source
from armsledger.errors import InputError, Problem

__all__ = [
    "CHUNK", "CLAUSE", "Document", "Names", "Person", "Sentence", "agent_before", "dateline_date",
    "load_text", "parse_date", "piece", "sentences", "tail_np",
]

_HTML_EXT = {".html", ".htm", ".xhtml"}
_MD_EXT = {".md", ".markdown"}
_SKIP_TAGS = {"script", "style", "noscript", "template", "svg", "nav", "aside", "footer",
              "form", "button", "select", "iframe", "object", "canvas"}
_BLOCK_TAGS = {"p", "div", "h1", "h2", "h3", "h4", "h5", "h6", "li", "tr", "section",
               "article", "header", "blockquote", "pre", "table", "ul", "ol", "figure",
               "figcaption", "hr", "dd", "dt", "main", "address", "caption", "td", "th"}
_VOID_TAGS = {"br", "img", "hr", "meta", "link", "input", "wbr", "source", "area", "col"}
_MAGIC = ((b"%PDF", "a PDF file"), (b"\x89PNG", "a PNG image"), (b"PK\x03\x04", "a ZIP file"),
          (b"\x1f\x8b", "a gzip file"), (b"\xff\xd8\xff", "a JPEG image"),
          (b"GIF8", "a GIF image"), (b"\x7fELF", "an executable"))


@dataclass(slots=True)
class Document:
    """An article as plain text; ``date`` is the publication date when one was found."""

    text: str
    title: str | None = None
    date: date | None = None
    source: Source = field(default_factory=Source)


def parse_date(value: str) -> date | None:
    """A date from ISO (``2026-01-30``, ``2026-01-30T10:00Z``) or words (``30 January 2026``)."""
    value = value.strip()
    m = re.match(r"(\d{4})-(\d{1,2})-(\d{1,2})", value)
    if m:
        return _safe_date(int(m[1]), int(m[2]), int(m[3]))
    m = re.search(rf"\b(\d{{1,2}})(?:st|nd|rd|th)?\s+({MONTHS})\.?,?\s+(\d{{4}})\b", value)
    if m:
        return _safe_date(int(m[3]), MONTH_NUMBER[m[2].lower()[:3]], int(m[1]))
    m = re.search(rf"\b({MONTHS})\.?\s+(\d{{1,2}})(?:st|nd|rd|th)?,\s+(\d{{4}})\b", value)
    if m:
        return _safe_date(int(m[3]), MONTH_NUMBER[m[1].lower()[:3]], int(m[2]))
    return None


def _safe_date(year: int, month: int, day: int) -> date | None:
    try:
        return date(year, month, day)
    except ValueError:
        return None


def _problem(path: Path, message: str) -> InputError:
    return InputError([Problem(str(path), None, None, message)])


def _decode(path: Path, data: bytes) -> str:
    """Bytes -> str by BOM, UTF-8, a declared HTML charset, then cp1252 or Latin-1."""
    for magic, what in _MAGIC:
        if data.startswith(magic):
            raise _problem(path, f"not a text file: looks like {what}")
    if data.startswith((b"\xff\xfe", b"\xfe\xff")):
        try:
            return data.decode("utf-16")
        except UnicodeDecodeError:
            raise _problem(path, "not a text file: bad UTF-16") from None
    if b"\x00" in data:
        raise _problem(path, "not a text file: it contains NUL bytes")
    try:
        text = data.decode("utf-8-sig")
    except UnicodeDecodeError:
        declared = re.search(rb"charset=[\"']?([\w-]+)", data[:4096])
        text = ""
        for encoding in ([declared[1].decode("ascii")] if declared else []) + ["cp1252"]:
            try:
                text = data.decode(encoding)
                break
            except (UnicodeDecodeError, LookupError):
                continue
        else:
            text = data.decode("latin-1")
    controls = sum(1 for ch in text if ord(ch) < 32 and ch not in "\t\n\r\f")
    if text and controls / len(text) > 0.02:
        raise _problem(path, "not a text file: too many control characters")
    return text


class _HTMLText(HTMLParser):
    """Collects readable text and metadata; never raises on malformed markup."""

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.parts: list[str] = []
        self.skip_depth = 0
        self.in_title = False
        self.title = ""
        self.h1 = ""
        self.in_h1 = False
        self.meta: dict[str, str] = {}
        self.jsonld: list[str] = []
        self.in_jsonld = False
        self.time: str | None = None

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        a = {k.lower(): (v or "") for k, v in attrs}
        if tag == "title":
            self.in_title = True
        elif tag == "meta":
            key = (a.get("property") or a.get("name") or a.get("itemprop") or "").lower()
            if key and a.get("content"):
                self.meta.setdefault(key, a["content"])
        elif tag == "link" and a.get("rel", "").lower() == "canonical" and a.get("href"):
            self.meta.setdefault("canonical", a["href"])
        elif tag == "time" and a.get("datetime") and self.time is None:
            self.time = a["datetime"]
        if tag == "script" and "ld+json" in a.get("type", ""):
            self.in_jsonld = True
        if tag in _SKIP_TAGS:
            if tag not in _VOID_TAGS:
                self.skip_depth += 1
            return
        if tag == "br":
            self.parts.append("\n")
        elif tag in _BLOCK_TAGS:
            self.parts.append("\n\n")
        if tag == "h1":
            self.in_h1 = True

    def handle_endtag(self, tag: str) -> None:
        if tag == "title":
            self.in_title = False
        if tag == "script":
            self.in_jsonld = False
        if tag in _SKIP_TAGS:
            self.skip_depth = max(0, self.skip_depth - 1)
            return
        if tag in _BLOCK_TAGS:
            self.parts.append("\n\n")
        if tag == "h1":
            self.in_h1 = False

    def handle_data(self, data: str) -> None:
        if self.in_title:
            self.title += data
        if self.in_jsonld:
            self.jsonld.append(data)
        if self.skip_depth or self.in_title:
            return
        if self.in_h1:
            self.h1 += data
        self.parts.append(re.sub(r"\s+", " ", data.replace("\xa0", " ")))


def _tidy(text: str) -> str:
    """Collapse spaces, keep single line breaks and at most one blank line between blocks."""
    lines = [re.sub(r"[ \t]+", " ", line).strip() for line in text.split("\n")]
    out = "\n".join(lines)
    return re.sub(r"\n{3,}", "\n\n", out).strip()


def _jsonld_meta(chunks: list[str]) -> dict[str, str]:
    """headline, datePublished, publisher name and url from JSON-LD, when it parses."""
    found: dict[str, str] = {}
    for chunk in chunks:
        try:
            data = json.loads(chunk)
        except (ValueError, RecursionError):
            continue
        items = data if isinstance(data, list) else [data]
        for item in items:
            if not isinstance(item, dict):
                continue
            for key in ("headline", "datePublished", "url"):
                if isinstance(item.get(key), str):
                    found.setdefault(key, item[key])
            pub = item.get("publisher")
            if isinstance(pub, dict) and isinstance(pub.get("name"), str):
                found.setdefault("publisher", pub["name"])
    return found


def _from_html(raw: str, path: Path) -> Document:
    parser = _HTMLText()
    try:
        parser.feed(raw)
        parser.close()
        text = _tidy("".join(parser.parts))
    except Exception:  # noqa: BLE001 - html.parser can trip on broken markup; fall back
        text = _tidy(re.sub(r"<[^>]+>", "\n", re.sub(r"(?is)<(script|style).*?</\1>", "", raw)))
    meta = parser.meta
    ld = _jsonld_meta(parser.jsonld)
    outlet = meta.get("og:site_name") or ld.get("publisher")
    title = (meta.get("og:title") or ld.get("headline") or parser.title.strip()
             or parser.h1.strip() or None)
    if title and outlet and not meta.get("og:title"):
        title = re.sub(rf"\s*[|–—-]\s*{re.escape(outlet)}\s*$", "", title)
    when = None
    for key in ("article:published_time", "og:published_time", "datepublished", "date",
                "pubdate", "publish-date", "dc.date", "dcterms.date"):
        if meta.get(key):
            when = parse_date(meta[key])
            if when:
                break
    when = when or parse_date(ld.get("datePublished", "")) or parse_date(parser.time or "")
    when = when or dateline_date(text)
    url = meta.get("og:url") or meta.get("canonical") or ld.get("url")
    title = re.sub(r"\s+", " ", title).strip() if title else None
    return Document(text, title, when, Source(title, outlet, when.isoformat() if when else None,
                                              url, str(path)))


def dateline_date(text: str) -> date | None:
    """The publication date from a dateline or a ``Published:`` line near the top."""
    head = text[:1500]
    m = re.search(rf"(?m)^(?:[A-Z][\w .'’-]{{1,40}},\s*)?((?:\d{{1,2}}\s+)?(?:{MONTHS})\.?\s+"
                  rf"(?:\d{{1,2}},?\s+)?\d{{4}})\s*(?:\([^)]{{1,30}}\)\s*)?[–—:-]", head)
    if m:
        return parse_date(m[1])
    m = re.search(r"(?im)^\s*(?:published|posted|date|updated)\s*(?:on|:)?\s*(.{6,40})$", head)
    return parse_date(m[1]) if m else None


def _from_markdown(raw: str) -> tuple[str, str | None, dict[str, str]]:
    """Markdown -> plain text, the first heading, and front-matter fields."""
    front: dict[str, str] = {}
    m = re.match(r"---\n(.*?)\n---\n", raw, re.S)
    if m:
        for line in m[1].splitlines():
            key, _, value = line.partition(":")
            if value:
                front[key.strip().lower()] = value.strip().strip("\"'")
        raw = raw[m.end():]
    heading = re.search(r"(?m)^#{1,6}\s+(.+)$", raw)
    text = re.sub(r"!\[([^\]]*)\]\([^)]*\)", r"\1", raw)
    text = re.sub(r"\[([^\]]+)\]\([^)]*\)", r"\1", text)
    text = re.sub(r"(?m)^\s{0,3}(?:#{1,6}\s+|>\s?|[-*+]\s+(?=\S))", "", text)
    text = re.sub(r"(\*\*|__|`)", "", text)
    text = re.sub(r"(?<![\w*])\*(?=\S)([^*\n]+?)\*(?!\w)", r"\1", text)
    title = front.get("title") or (heading[1].strip() if heading else None)
    return _tidy(text), title, front


def load_text(path: str | Path) -> Document:
    """Read one article file; raises InputError when it is missing, unreadable or binary.

    The returned ``text`` is what :func:`armsledger.claims.extract.extract` reads; claim spans
    refer to it. An empty file gives an empty Document rather than an error.
    """
    path = Path(path)
    try:
        data = path.read_bytes()
    except OSError as exc:
        raise _problem(path, f"cannot read file: {exc.strerror or exc}") from None
    raw = _decode(path, data).replace("\r\n", "\n").replace("\r", "\n")
    suffix = path.suffix.lower()
    looks_html = re.match(r"\s*(?:<!doctype\s+html|<html|<head|<body)", raw, re.I) is not None
    if suffix in _HTML_EXT or (looks_html and suffix not in _MD_EXT):
        return _from_html(raw, path)
    if suffix in _MD_EXT:
        text, title, front = _from_markdown(raw)
        when = parse_date(front.get("date", "")) or dateline_date(text)
        src = Source(title, front.get("outlet") or front.get("source"),
                     when.isoformat() if when else None, front.get("url"), str(path))
        return Document(text, title, when, src)
    text = raw.strip("\n")
    first = text.split("\n\n", 1)[0].strip()
    title = first if first and "\n" not in first and len(first) <= 200 else None
    when = dateline_date(text)
    return Document(text, title, when, Source(title, None, when.isoformat() if when else None,
                                              None, str(path)))


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
        dem = lx.DEMONYM_OF.get(subject or "", "")
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
