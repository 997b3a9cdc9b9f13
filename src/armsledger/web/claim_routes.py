"""The claim checker page: paste or upload a text; quotes highlighted, verdicts, evidence."""

from __future__ import annotations

import tempfile
from datetime import date
from pathlib import Path
from typing import Any

from fastapi import Request
from fastapi.responses import HTMLResponse, Response
from starlette.concurrency import run_in_threadpool
from starlette.datastructures import FormData, UploadFile
from starlette.exceptions import HTTPException as StarletteHTTPException

from armsledger.api.settings import ApiSettings
from armsledger.errors import InvalidRequestError, TooLargeError
from armsledger.web import claim_views
from armsledger.web.base import (
    UPLOAD_SUFFIXES,
    _access,
    _default_release,
    _ledger_checks,
    respond,
    router,
)
from armsledger.web.tables import Page

MAX_FORM_PARTS = 20
"""Fields and files a claim checker form may have (it has five)."""

# -- claims -----------------------------------------------------------------------------------


def _claims_page(request: Request, *, text: str | None = None,
                 checks: list[Any] | None = None, message: str | None = None,
                 status: int = 200, published: str = "", source: str | None = None) -> Page:
    page = Page("claims.html", "Claim checker", status=status,
                release=checks[0].evidence.get("release") if checks else
                _default_release(request), download_name="claims")
    if checks is not None:
        page.add(claim_views.checks_table("checks", "Claims found and their verdicts", checks,
                                    anchors=True))
        page.charts.update(claim_views.claim_charts(checks))
        segments = claim_views.highlight(text or "", [(c.claim, c.verdict) for c in checks])
        page.context.update(segments=segments)
        page.post_fields = {"text": text or "", "published": published}
    else:
        ledger = _ledger_checks(request, None, None)
        page.add(claim_views.checks_table("ledger", "Claims in the ledger, checked", ledger))
    page.context.update(text=text or "", message=message, checked=checks is not None,
                        n_claims=len(checks or []), published=published, source=source,
                        limit=request.app.state.settings.max_text_chars)
    return page


@router.get("/claims", response_class=HTMLResponse)
def claims_form(request: Request) -> Response:
    return respond(request, _claims_page(request))


def _parse_published(value: str) -> date | None:
    if not value.strip():
        return None
    try:
        return date.fromisoformat(value.strip())
    except ValueError:
        raise InvalidRequestError(f"published: '{value}' is not a date (YYYY-MM-DD)"
                                  ) from None


@router.post("/claims", response_class=HTMLResponse)
async def claims_check(request: Request) -> Response:
    """Paste or upload a text: its claims, highlighted, with verdicts and evidence."""
    form = await _read_form(request)
    text = str(form.get("text") or "")
    published = str(form.get("published") or "")
    fmt = str(form.get("format") or "") or None
    table = str(form.get("table") or "") or None
    upload = form.get("file")
    data = None
    filename = None
    if isinstance(upload, UploadFile) and upload.filename:
        filename = upload.filename
        data = await upload.read()
    return await run_in_threadpool(_check_text, request, text, published, filename, data,
                                   fmt, table)


async def _read_form(request: Request) -> FormData:
    """The posted form, each field at most ``max_field_bytes`` (1 MiB by default): a larger
    field, or more fields or files than a form has, is 413 (Starlette reports them as 400)."""
    settings: ApiSettings = request.app.state.settings
    try:
        return await request.form(max_files=MAX_FORM_PARTS, max_fields=MAX_FORM_PARTS,
                                  max_part_size=settings.max_field_bytes)
    except StarletteHTTPException as e:
        if e.status_code == 400 and "maximum" in str(e.detail).lower():
            raise TooLargeError(f"the form is too large: {e.detail} (a field may have "
                                f"{settings.max_field_bytes:,} bytes)",
                                details={"limit_bytes": settings.max_field_bytes}) from None
        raise


def _check_text(request: Request, text: str, published: str, filename: str | None,
                data: bytes | None, fmt: str | None, table: str | None) -> Response:
    from armsledger.claims.check import check_claims
    from armsledger.claims.extract import check_size, extract
    from armsledger.claims.model import Source

    settings: ApiSettings = request.app.state.settings
    limit = settings.max_text_chars
    deadline = settings.deadline()
    when = _parse_published(published)
    source = Source()
    if filename is not None and data is not None:
        suffix = Path(filename).suffix.lower()
        if suffix not in UPLOAD_SUFFIXES:
            raise InvalidRequestError(f"{filename}: upload a .txt, .md or .html file")
        if len(data) > 4 * limit:
            raise TooLargeError(f"{filename} is {len(data):,} bytes; the limit is {limit:,} "
                                "characters")
        from armsledger.sources.article import load_text

        with tempfile.TemporaryDirectory() as tmp:
            path = Path(tmp) / ("upload" + suffix)
            path.write_bytes(data)
            doc = load_text(path)
        text = doc.text
        when = when or doc.date
        source = doc.source
        source.file = filename
    text = text.replace("\r\n", "\n")
    check_size(text, limit)
    if not text.strip():
        page = _claims_page(request, text=text, message="Paste a text or choose a file first.",
                            status=422, published=published)
        return respond(request, page)
    claims = extract(text, published=when, source=source, max_chars=limit, deadline=deadline)
    settings.refuse_too_many(len(claims))
    checks = _access(request).call(lambda s: check_claims(s, claims, text=text,
                                                          deadline=deadline))
    page = _claims_page(request, text=text, checks=checks, published=published,
                        source=filename)
    if not claims:
        page.context["message"] = ("No checkable claims were found in this text (figures of "
                                   "arms exports: money, shares, ranks, numbers of countries).")
    return respond(request, page, fmt, table)
