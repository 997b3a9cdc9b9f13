"""Provenance stamps: the one place that says which data a figure came from and how to cite it.

SIPRI lets its data be used free of charge with attribution ("SIPRI Arms Transfers Database,
<release>, https://www.sipri.org/databases/armstransfers"), asks that calculations made from it
not be attributed to SIPRI, and allows no commercial use without its agreement (the repository's
``DATA_NOTICE.md``). Every export, report and download states this for the release it used:

>>> s = stamp(store.release("sipri-register-2026-05"))     # doctest: +SKIP
>>> s.citation                                              # doctest: +SKIP
'SIPRI Arms Transfers Database, May 2026, https://www.sipri.org/databases/armstransfers'
>>> sorted(s.to_dict())                                     # doctest: +SKIP
['armsledger_version', 'citation', 'data_generated', 'release', 'sha256', 'source_file',
 'terms']

:func:`stamp` makes the typed :class:`Stamp` (a result model, so the API's schema documents
it); the renderers below give each face its form. Which face uses which:

- **JSON** (API responses, ``--json`` output, the dashboard's JSON downloads, a report's data):
  ``stamp(r).to_dict()`` under the key ``"provenance"``.
- **HTML** (dashboard pages, the HTML/PDF report): :func:`stamp_html`, already escaped.
- **Markdown** (text exports, notebooks, generated docs): :func:`stamp_markdown`.
- **Plain text** (a CLI table's caption, stderr, a README inside a downloaded archive):
  :func:`stamp_text`.
- **CSV**: the body stays a plain table (a ``#`` line is a data row to spreadsheets, Python's
  ``csv`` module, DuckDB's and pandas' default readers and Data Package validators) and the
  stamp travels beside it: :func:`stamp_headers` as HTTP headers of a download,
  :func:`stamp_rows` as a second table (an XLSX "Source" sheet, a ``provenance.csv`` next to the
  data in an archive), or the JSON form in a ``datapackage.json``. Only when a user asks for a
  single self-describing CSV file, put :func:`csv_comment_block` before the header, and tell
  how to read it back: skip :func:`comment_line_count` lines (``pandas.read_csv(path,
  skiprows=n)``, ``polars.read_csv(path, skip_rows=n)``, DuckDB's ``read_csv(path, skip=n)``).
  Not with a comment option (pandas' ``comment="#"``, polars' ``comment_prefix="#"``, DuckDB's
  ``comment='#'``): those also drop data rows whose first cell starts with ``#`` (``#1 ...``).

:func:`source_note` is the short note the analysis results carry in their ``source`` field
(``armsledger.analysis.common.source_note`` gives the same text).
"""

from __future__ import annotations

import re
from datetime import date

from markupsafe import Markup, escape
from pydantic import ConfigDict, Field

from armsledger import SIPRI_CITATION, __version__
from armsledger.csvsafe import safe_cell
from armsledger.results import Model
from armsledger.store.releases import Release

__all__ = [
    "SIPRI_CITATION",
    "SIPRI_DATABASE",
    "SIPRI_URL",
    "TERMS",
    "Stamp",
    "comment_line_count",
    "csv_comment_block",
    "release_label",
    "sipri_citation",
    "source_file_name",
    "source_note",
    "stamp",
    "stamp_headers",
    "stamp_html",
    "stamp_markdown",
    "stamp_rows",
    "stamp_text",
]

SIPRI_DATABASE = "SIPRI Arms Transfers Database"
SIPRI_URL = "https://www.sipri.org/databases/armstransfers"

TERMS = ("Data (c) SIPRI, free to use with attribution to SIPRI; no commercial use without "
         "SIPRI's agreement; calculations by armsledger, not by SIPRI.")
"""SIPRI's terms in one sentence, plus who made the figures (every stamp carries it)."""

_MONTHS = ("January", "February", "March", "April", "May", "June", "July", "August",
           "September", "October", "November", "December")
"""English month names, independent of the locale (``strftime('%B')`` is not)."""

_LABELS: tuple[tuple[str, str], ...] = (
    ("citation", "Cite"),
    ("release", "Release"),
    ("data_generated", "Data generated"),
    ("source_file", "Source file"),
    ("sha256", "SHA-256"),
    ("armsledger_version", "armsledger version"),
    ("terms", "Terms"),
)
"""The stamp's keys in the order and with the labels the text renderers show them."""


class Stamp(Model):
    """Where the data behind an output came from, and how to cite it."""

    model_config = ConfigDict(extra="forbid", frozen=True)

    release: str = Field(description="armsledger's name of the release the figures come from")
    data_generated: str | None = Field(
        description="the date SIPRI generated the source file (ISO 8601), when the file says")
    sha256: str = Field(description="SHA-256 of the source file's bytes as SIPRI wrote them")
    source_file: str = Field(
        description="the file the release was loaded from: its name only, without the "
                    "directories of the machine that loaded it ('bundled:...' for the data "
                    "shipped with armsledger)")
    armsledger_version: str = Field(description="the armsledger version that made the output")
    citation: str = Field(description="the citation SIPRI asks for, naming the release")
    terms: str = Field(description="SIPRI's terms in one sentence; the figures are "
                                   "calculations by armsledger, not by SIPRI")


def release_label(release: Release) -> str:
    """What goes in the ``<release>`` slot of SIPRI's citation: the month and year SIPRI
    generated the file (``May 2026``), else armsledger's name for the release."""
    if release.generated_on is not None:
        return _month_year(release.generated_on)
    return f"release '{release.name}' (generation date not stated in the file)"


def sipri_citation(release: Release) -> str:
    """``SIPRI Arms Transfers Database, <release>, https://www.sipri.org/databases/armstransfers``
    for ``release``, as SIPRI asks to be cited."""
    return f"{SIPRI_DATABASE}, {release_label(release)}, {SIPRI_URL}"


def source_file_name(source_file: str) -> str:
    """A release's source file as a stamp shows it: the last part of the path (either
    separator), as published files must not show the folders of the machine that loaded it;
    ``bundled:<file>`` stays as it is."""
    return re.split(r"[\\/]", source_file)[-1] or source_file


def source_note(release: Release) -> str:
    """The short note analysis results carry in ``source``: the database, SIPRI, the URL, and
    the release with its generation date."""
    generated = f", generated {release.generated_on}" if release.generated_on else ""
    return f"{SIPRI_CITATION} (release {release.name}{generated})"


def stamp(release: Release) -> Stamp:
    """The provenance stamp of an output made from ``release``."""
    return Stamp(
        release=release.name,
        data_generated=release.generated_on.isoformat() if release.generated_on else None,
        sha256=release.sha256,
        source_file=source_file_name(release.source_file),
        armsledger_version=__version__,
        citation=sipri_citation(release),
        terms=TERMS,
    )


def stamp_rows(s: Stamp) -> list[tuple[str, str]]:
    """``(label, value)`` pairs in reading order, for a table beside the data (an XLSX
    "Source" sheet, a ``provenance.csv``). Values a spreadsheet would run as formulas are
    neutralised (:func:`armsledger.csvsafe.safe_cell`); a missing date is ``not stated``."""
    values = s.to_dict()
    return [(label, str(safe_cell(_shown(values[key])))) for key, label in _LABELS]


def stamp_text(s: Stamp) -> str:
    """Plain text, one ``Label: value`` line each, ending in a newline."""
    return "".join(f"{label}: {value}\n" for label, value in _text_rows(s))


def csv_comment_block(s: Stamp) -> str:
    """:func:`stamp_text` with every line starting ``# ``, to put before a CSV file's header
    when a user asks for one self-describing file. Read it back by skipping
    :func:`comment_line_count` lines, not with a reader's comment option (which drops data rows
    starting with ``#`` too)."""
    return "".join(f"# {label}: {value}\n" for label, value in _text_rows(s))


def comment_line_count(s: Stamp) -> int:
    """How many lines :func:`csv_comment_block` writes: what a reader skips (pandas'
    ``skiprows``, polars' ``skip_rows``, DuckDB's ``skip``)."""
    return len(_LABELS)


def stamp_markdown(s: Stamp) -> str:
    """A Markdown paragraph: the citation, the release's provenance, the terms."""
    generated = (f", data generated {_md(s.data_generated)}" if s.data_generated else "")
    return (f"**Source:** {_md(s.citation)}  \n"
            f"Release {_md(s.release)}{generated}; file {_md(s.source_file)}, "
            f"SHA-256 `{s.sha256}`; armsledger {_md(s.armsledger_version)}.  \n"
            f"*{_md(s.terms)}*\n")


def stamp_html(s: Stamp) -> Markup:
    """An HTML paragraph (``<p class="provenance">``), every value escaped and the database's
    URL a link; safe to insert into an autoescaped Jinja template as it is."""
    citation = escape(s.citation)
    url = escape(SIPRI_URL)
    citation = Markup(str(citation).replace(str(url), f'<a href="{url}">{url}</a>', 1))
    generated = (Markup(", data generated {}").format(s.data_generated)
                 if s.data_generated else Markup(""))
    return Markup(
        '<p class="provenance"><strong>Source:</strong> {citation}<br>'
        'Release <span class="release">{release}</span>{generated}; file {file}, '
        'SHA-256 <code>{sha}</code>; armsledger {version}.<br>'
        '<em>{terms}</em></p>').format(
            citation=citation, release=s.release, generated=generated, file=s.source_file,
            sha=s.sha256, version=s.armsledger_version, terms=s.terms)


def stamp_headers(s: Stamp) -> dict[str, str]:
    """HTTP response headers for a download (``X-Armsledger-*``); values are ASCII (an HTTP
    header cannot carry other characters): anything else is written as a ``\\u`` escape."""
    values = {
        "X-Armsledger-Release": s.release,
        "X-Armsledger-Data-Generated": s.data_generated or "not stated",
        "X-Armsledger-Source-Sha256": s.sha256,
        "X-Armsledger-Version": s.armsledger_version,
        "X-Armsledger-Citation": s.citation,
        "X-Armsledger-Terms": s.terms,
    }
    return {k: _ascii(v) for k, v in values.items()}


# --- helpers ----------------------------------------------------------------------------------

def _month_year(d: date) -> str:
    return f"{_MONTHS[d.month - 1]} {d.year}"


def _shown(value: object) -> str:
    return "not stated" if value is None else str(value)


def _text_rows(s: Stamp) -> list[tuple[str, str]]:
    """Label and value per line, on one line each (a newline in a value would end a comment)."""
    values = s.to_dict()
    return [(label, " ".join(_shown(values[key]).split())) for key, label in _LABELS]


_MD_SPECIAL = re.compile(r"([\\`*_\[\]<>#|])")


def _md(text: str) -> str:
    """``text`` with Markdown's markup characters escaped (release and file names are the
    user's), on one line."""
    return _MD_SPECIAL.sub(r"\\\1", " ".join(text.split()))


def _ascii(text: str) -> str:
    return " ".join(text.split()).encode("ascii", "backslashreplace").decode("ascii")
