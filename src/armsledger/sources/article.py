"""Reader for articles (.txt, .md, .html): plain text plus title, outlet, URL and date.

:func:`load_text` reads a file, decoded by the rule in :mod:`armsledger.sources.text` (an HTML
page's declared charset is used when the file is not UTF-8). HTML is reduced to readable text
with blank lines between blocks (scripts, styles, comments, navigation and forms are dropped;
entities are unescaped); the title, outlet, URL and publication date come from ``<title>``,
``og:`` and ``article:`` meta tags or JSON-LD when present. Plain text and Markdown take the
title from the first line or heading and the date from a dateline
(``MOSCOW, 30 January 2026 –``) or a ``Published:``/front-matter line. A binary file raises
:class:`~armsledger.errors.InputError`; an empty file gives an empty :class:`Document`.

Dates written in words are read here too (:func:`parse_date`, :func:`dateline_date`,
:data:`MONTHS`): the claim extractor uses them for "last year" and statement dates.
"""

from __future__ import annotations

import json
import re
from dataclasses import dataclass, field
from datetime import date
from html.parser import HTMLParser
from pathlib import Path

from armsledger.claims.model import Source
from armsledger.sources.text import read_text

__all__ = ["MONTHS", "MONTH_NUMBER", "Document", "dateline_date", "load_text", "parse_date"]

MONTHS = (
    "January|February|March|April|May|June|July|August|September|October|November|December|"
    "Jan|Feb|Mar|Apr|Jun|Jul|Aug|Sept|Sep|Oct|Nov|Dec"
)
"""Month names and abbreviations, as a regular-expression alternation."""
MONTH_NUMBER = {m: i for i, m in enumerate(
    ("jan", "feb", "mar", "apr", "may", "jun", "jul", "aug", "sep", "oct", "nov", "dec"), 1)}
"""The first three letters of a month's name (lower case) -> its number."""

_WHAT = "an article (.txt, .md or .html)"
_HTML_EXT = {".html", ".htm", ".xhtml"}
_MD_EXT = {".md", ".markdown"}
_SKIP_TAGS = {"script", "style", "noscript", "template", "svg", "nav", "aside", "footer",
              "form", "button", "select", "iframe", "object", "canvas"}
_BLOCK_TAGS = {"p", "div", "h1", "h2", "h3", "h4", "h5", "h6", "li", "tr", "section",
               "article", "header", "blockquote", "pre", "table", "ul", "ol", "figure",
               "figcaption", "hr", "dd", "dt", "main", "address", "caption", "td", "th"}
_VOID_TAGS = {"br", "img", "hr", "meta", "link", "input", "wbr", "source", "area", "col"}


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
    raw = read_text(path, what=_WHAT, declared_charset=True, allow_empty=True).text
    raw = raw.replace("\r\n", "\n").replace("\r", "\n")
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
