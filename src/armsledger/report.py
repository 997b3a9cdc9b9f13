"""A self-contained HTML report on one exporter: profile, trend, claims, screening, citation.

Charts are rendered to inline SVG (vl-convert), so the file needs no network and no script.
``--pdf`` uses WeasyPrint when it is installed (an optional extra), else headless Chromium;
with neither, a clear error naming both.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from pathlib import Path
from typing import Any

import jinja2
from markupsafe import Markup, escape

from armsledger import SIPRI_CITATION, TIV_UNIT, __version__
from armsledger.analysis.profile import profile
from armsledger.analysis.trend import trend
from armsledger.charts import trend_chart
from armsledger.errors import MissingDependencyError
from armsledger.formatting import fmt_tiv
from armsledger.periods import Period
from armsledger.query import FigureQuery
from armsledger.store import Store


def _fmt(v: Any) -> str:
    """TIV by the rule every face uses (:func:`armsledger.formatting.fmt_tiv`)."""
    return fmt_tiv(v)


def _pct(v: float | None) -> str:
    return "-" if v is None else f"{v:.1f}%"


def _signed(v: float | None) -> str:
    return "-" if v is None else f"{v:+.1f}%"


def _table(rows: list[dict[str, Any]], cols: list[tuple[str, str]]) -> Markup:
    esc = escape
    numeric = ("tiv", "share_pct", "deals", "units", "year")
    head = "".join(f'<th class="{"n" if k in numeric else ""}">{esc(label)}</th>'
                   for k, label in cols)
    body = []
    for r in rows:
        cells = []
        for k, _ in cols:
            v = r.get(k)
            if k == "share_pct":
                text, cls = _pct(v), "n"
            elif k == "tiv":
                text, cls = _fmt(v), "n"
            elif isinstance(v, list):
                text, cls = "; ".join(str(x) for x in v), ""
            else:
                text, cls = ("-" if v is None else str(v)), ("n" if isinstance(v, int) else "")
            cells.append(f'<td class="{cls}">{esc(text)}</td>')
        body.append("<tr>" + "".join(cells) + "</tr>")
    return Markup(f"<table><tr>{head}</tr>{''.join(body)}</table>")


def headline(d: dict[str, Any]) -> str:
    """The report's first sentences, from a profile's :meth:`to_dict`: joined in Python so
    that no template line break leaves a stray space before a full stop."""
    parts = [f"{_fmt(d['tiv'])} {TIV_UNIT} \N{EM DASH} {_pct(d['share_of_world_pct'])} of "
             f"world exports, rank {d['rank'] or '-'}"]
    c = d["compare_figures"]
    if c:
        parts.append(f"{d['compare']}: {_fmt(c['tiv'])}, {_pct(c['share_of_world_pct'])}, "
                     f"rank {c['rank'] or '-'}; change {_signed(d['change_pct'])}")
    return "; ".join(parts) + f". Recipient states: {d['recipient_states']}."


@dataclass(frozen=True, slots=True)
class Report:
    html: str
    profile: dict[str, Any]


def _screening(store: Store, supplier: str, period: Period, release: str | None
               ) -> list[dict[str, Any]]:
    """Deliveries of this supplier in the period to targets of an embargo in force."""
    from armsledger.embargoes.screen import screen

    result = screen(store, supplier=supplier, year_from=period.start, year_to=period.end,
                    release=release)
    hits: list[dict[str, Any]] = result.to_dict()["hits"]
    return hits


def build_report(store: Store, exporter: str | FigureQuery, *,
                 period: str | Period | None = None, compare: str | None = "previous",
                 release: str | None = None, include_predecessors: bool = False) -> Report:
    """The report's HTML (one self-contained file) and the profile it shows."""
    from vl_convert import vegalite_to_svg

    from armsledger.citation import stamp, stamp_text
    from armsledger.claims.check import check_claims
    from armsledger.claims.ledger import list_claims

    query = exporter if isinstance(exporter, FigureQuery) else FigureQuery.build(
        supplier=exporter, period=period, compare="none" if compare is None else compare,
        release=release, include_predecessors=include_predecessors)
    prof = profile(store, query)
    d = prof.to_dict()
    shown = Period.parse(d["compare"] or d["period"])
    first = max(shown.start - 10, prof.coverage.first_year or shown.start)
    t = trend(store, query.with_period(Period(first, Period.parse(d["period"]).end)))
    svg = vegalite_to_svg(trend_chart(t).to_dict())
    claims = list_claims(store, subject=d["iso3"]) if d["iso3"] else []
    checks = [c.to_dict() for c in check_claims(store, claims, release=release)]
    env = jinja2.Environment(loader=jinja2.PackageLoader("armsledger", "templates"),
                             autoescape=True, undefined=jinja2.StrictUndefined)
    html = env.get_template("report.html").render(
        p=d, c=d["compare_figures"], unit=TIV_UNIT, trend_svg=svg, checks=checks,
        headline=headline(d),
        screening=_screening(store, prof.actors[0], Period.parse(d["period"]), release),
        fmt=_fmt, pct=_pct,
        signed=_signed, table=_table, version=__version__, citation=SIPRI_CITATION,
        generated=datetime.now().strftime("%Y-%m-%d %H:%M"),
        provenance=stamp_text(stamp(store.release(d["release"]))),
    )
    d["provenance"] = stamp(store.release(d["release"])).to_dict()
    return Report(html, d)


CHROMIUM_NAMES = ("chromium", "chromium-browser", "google-chrome", "google-chrome-stable")


def chromium_path() -> str | None:
    """A Chromium (or Chrome) executable to print PDF with: the first on PATH, else
    /usr/bin/chromium when it exists; None when there is none."""
    import shutil

    for name in CHROMIUM_NAMES:
        found = shutil.which(name)
        if found:
            return found
    return "/usr/bin/chromium" if Path("/usr/bin/chromium").is_file() else None


def _weasyprint_pdf(html: str, out: Path) -> bool:
    """Write the PDF with WeasyPrint; False when it is not installed."""
    try:
        from weasyprint import HTML
    except (ImportError, OSError):  # OSError: installed without its system libraries
        return False
    HTML(string=html).write_pdf(str(out))
    return True


def _chromium_pdf(chromium: str, html: str, out: Path, timeout: float = 120) -> None:
    """Print the HTML to PDF with headless Chromium (the report needs no network: its chart
    is inline SVG). A throwaway profile keeps a running browser's profile out of it."""
    import subprocess
    import tempfile

    from armsledger.errors import ArmsledgerError

    with tempfile.TemporaryDirectory(prefix="armsledger-pdf-") as tmp:
        page = Path(tmp) / "report.html"
        page.write_text(html, encoding="utf-8")
        target = out.resolve()
        target.unlink(missing_ok=True)
        command = [chromium, "--headless", "--no-sandbox", "--disable-gpu",
                   f"--user-data-dir={Path(tmp) / 'profile'}", "--no-pdf-header-footer",
                   f"--print-to-pdf={target}", page.as_uri()]
        try:
            done = subprocess.run(command, capture_output=True, text=True, timeout=timeout,
                                  check=False)
        except (OSError, subprocess.TimeoutExpired) as e:
            raise ArmsledgerError(f"printing the report to PDF with {chromium} failed: {e}"
                                  ) from None
        if not target.is_file() or target.read_bytes()[:4] != b"%PDF":
            detail = (done.stderr or done.stdout).strip().splitlines()[-1:] or ["no output"]
            raise ArmsledgerError(f"printing the report to PDF with {chromium} failed (exit "
                                  f"{done.returncode}: {detail[0]})")


def write_report(report: Report, out: Path, *, pdf: bool = False) -> Path:
    """Write the report as HTML, or with ``pdf`` as PDF: with WeasyPrint when it is
    installed, else with headless Chromium; :class:`MissingDependencyError` naming both when
    neither is there."""
    out.parent.mkdir(parents=True, exist_ok=True)
    if not pdf:
        out.write_text(report.html, encoding="utf-8")
        return out
    if _weasyprint_pdf(report.html, out):
        return out
    chromium = chromium_path()
    if chromium is None:
        raise MissingDependencyError(
            "--pdf needs WeasyPrint (pip install weasyprint, with its system libraries) or "
            "Chromium ('chromium' on PATH, e.g. apt install chromium); neither was found. "
            "Or write HTML and print it from a browser")
    _chromium_pdf(chromium, report.html, out)
    return out
