"""Download a fresh delivery-year export from SIPRI's arms-transfers backend.

SIPRI's web app (https://armstransfers.sipri.org) is served by a public backend: a POST of a
JSON filter to :data:`BACKEND_URL` answers ``{"bytes": "<base64 of a CSV file>"}``, the CSV
being SIPRI's delivery-year export (11 preamble lines, then ``SIPRI AT Database ID,...``).
:func:`download` returns those CSV bytes and :func:`save` writes them to a file that the
loader reads like any other SIPRI file, so provenance (SHA-256, line numbers) works the same.

The backend is slow (about 30 s for the whole database) and undocumented; every failure is
reported as :class:`~armsledger.errors.FetchError` with a one-line message. Nothing here
prints; progress is reported through a callback.
"""

from __future__ import annotations

import base64
import binascii
import json
from collections.abc import Callable
from datetime import UTC, date, datetime
from pathlib import Path
from typing import Any

import httpx

from armsledger import __version__
from armsledger.errors import FetchError

__all__ = ["BACKEND_URL", "USER_AGENT", "build_payload", "download", "save"]

BACKEND_URL = "https://atbackend.sipri.org/api/p/trades/trade-register-csv/"
"""SIPRI's endpoint that answers a filter with a base64-encoded delivery-year CSV."""

USER_AGENT = f"armsledger/{__version__} (arms-transfers analysis; python-httpx/{httpx.__version__})"
"""Sent with every request so SIPRI can tell what is calling."""

FIRST_YEAR = 1950
"""SIPRI's data starts in 1950."""

_OFFLINE_HINT = "you are offline or the service is down; the bundled data still works"
_SNIPPET_CHARS = 60


def build_payload(
    year_from: int = FIRST_YEAR, year_to: int | None = None, *, open_deals: bool = True
) -> dict[str, Any]:
    """Build the JSON filter SIPRI's backend expects for a range of delivery years.

    ``year_to`` defaults to the current year. ``open_deals=True`` adds SIPRI's ``opendeals``
    filter, which asks for deals with deliveries or open orders (as the web app does).
    Both years are inclusive. Raises :class:`FetchError` if ``year_from > year_to``.
    """
    if year_to is None:
        year_to = date.today().year
    if year_from > year_to:
        raise FetchError(
            f"invalid year range {year_from}-{year_to}: the first year must not be after the last"
        )
    filters: list[dict[str, Any]] = [
        {
            "field": "Delivery year",
            "oldField": "",
            "condition": "contains",
            "value1": int(year_from),
            "value2": int(year_to),
            "listData": [],
        }
    ]
    if open_deals:
        filters.append(
            {
                "field": "opendeals",
                "oldField": "",
                "condition": "",
                "value1": "",
                "value2": "",
                "listData": [],
            }
        )
    return {"filters": filters, "logic": "AND"}


def download(
    *,
    year_from: int = FIRST_YEAR,
    year_to: int | None = None,
    url: str = BACKEND_URL,
    timeout: float = 180.0,
    progress: Callable[[int, int | None], None] | None = None,
    transport: httpx.BaseTransport | None = None,
) -> bytes:
    """POST a year filter to SIPRI's backend and return the CSV file it sends, as bytes.

    The answer is streamed; ``progress(bytes_received, total)`` is called as chunks arrive
    (``total`` is the size the server announced, or None). Byte counts are as transferred,
    so they match ``total`` even if the server compresses. Exceptions raised by ``progress``
    propagate (a caller can use that to cancel). ``timeout`` (seconds) applies to each
    network step (connecting, waiting for the next data), not to the whole download; the
    backend needs about 30 s before it starts answering. ``transport`` replaces the network
    (tests pass an :class:`httpx.MockTransport`).

    The bytes are returned exactly as SIPRI sent them (CRLF and stray ';' kept); hand them to
    :func:`save` and read the file with the loader. Raises :class:`FetchError` with a
    one-line message when the backend cannot be reached or times out, answers a non-2xx
    status, or answers something that is not JSON with base64 CSV under ``bytes``, or an
    empty CSV.
    """
    payload = build_payload(year_from, year_to)
    headers = {"User-Agent": USER_AGENT, "Accept": "application/json"}
    try:
        with httpx.Client(transport=transport, timeout=timeout, headers=headers) as client:
            with client.stream("POST", url, json=payload) as response:
                if not response.is_success:
                    reason = f" {response.reason_phrase}" if response.reason_phrase else ""
                    raise FetchError(
                        f"SIPRI's backend at {url} answered HTTP {response.status_code}{reason}; "
                        "the service may be down or may have changed; try again later "
                        "(the bundled data still works)"
                    )
                body = _read_body(response, progress)
    except (httpx.UnsupportedProtocol, httpx.InvalidURL) as exc:
        raise FetchError(f"invalid backend URL {url!r}: {_one_line(exc)}") from exc
    except httpx.TimeoutException as exc:
        raise FetchError(
            f"cannot reach SIPRI's backend at {url}: no answer within {timeout:g} s "
            f"({_one_line(exc)}); {_OFFLINE_HINT}"
        ) from exc
    except httpx.TransportError as exc:
        raise FetchError(
            f"cannot reach SIPRI's backend at {url}: {_one_line(exc)}; {_OFFLINE_HINT}"
        ) from exc
    except httpx.HTTPError as exc:
        raise FetchError(
            f"download from SIPRI's backend at {url} failed: {_one_line(exc)}"
        ) from exc
    return _decode(body, url)


def save(data: bytes, directory: Path) -> Path:
    """Write downloaded CSV bytes to ``directory/sipri-fetch-<UTC timestamp>.csv``.

    The directory is created if needed. The bytes are written unchanged, so the file's SHA-256
    is that of what SIPRI sent. An existing file is never overwritten: a second save within the
    same second gets a ``-1``, ``-2``... suffix. Returns the path written. Raises
    :class:`FetchError` if ``data`` is empty or the file cannot be written.
    """
    if not data:
        raise FetchError("nothing to save: the downloaded CSV is empty")
    directory = Path(directory)
    stamp = datetime.now(UTC).strftime("%Y%m%dT%H%M%SZ")
    try:
        directory.mkdir(parents=True, exist_ok=True)
        suffix = 0
        while True:
            name = f"sipri-fetch-{stamp}{f'-{suffix}' if suffix else ''}.csv"
            path = directory / name
            try:
                handle = path.open("xb")
            except FileExistsError:
                suffix += 1
                continue
            try:
                with handle:
                    handle.write(data)
            except BaseException:
                path.unlink(missing_ok=True)
                raise
            return path
    except OSError as exc:
        raise FetchError(f"cannot save the download in {directory}: {_one_line(exc)}") from exc


def _read_body(
    response: httpx.Response, progress: Callable[[int, int | None], None] | None
) -> bytes:
    total = _content_length(response)
    chunks: list[bytes] = []
    reported = 0
    for chunk in response.iter_bytes():
        chunks.append(chunk)
        received = response.num_bytes_downloaded
        if progress is not None and received > reported:
            reported = received
            progress(received, total)
    return b"".join(chunks)


def _content_length(response: httpx.Response) -> int | None:
    value = response.headers.get("Content-Length")
    if value is None:
        return None
    try:
        length = int(value)
    except ValueError:
        return None
    return length if length >= 0 else None


def _decode(body: bytes, url: str) -> bytes:
    """Turn the backend's JSON answer into the CSV bytes it carries."""
    try:
        answer = json.loads(body)
    except ValueError as exc:
        what = (
            "an empty body instead of JSON"
            if not body.strip()
            else f"something that is not JSON (starts with {_snippet(body)})"
        )
        raise FetchError(
            f"SIPRI's backend at {url} answered {what}; the service may have changed"
        ) from exc
    if not isinstance(answer, dict) or "bytes" not in answer:
        if isinstance(answer, dict):
            keys = ", ".join(sorted(map(str, answer))) or "none"
            what = f"a JSON object without a 'bytes' field (fields: {_clip(keys)})"
        else:
            what = f"JSON without a 'bytes' field (a {type(answer).__name__})"
        raise FetchError(f"SIPRI's backend at {url} answered {what}; the service may have changed")
    encoded = answer["bytes"]
    if not isinstance(encoded, str):
        raise FetchError(
            f"SIPRI's backend at {url} answered a 'bytes' field that is not a base64 string "
            f"(a {type(encoded).__name__}); the service may have changed"
        )
    try:
        data = base64.b64decode("".join(encoded.split()), validate=True)
    except (binascii.Error, ValueError) as exc:
        raise FetchError(
            f"SIPRI's backend at {url} answered a 'bytes' field that is not valid base64 "
            f"({_one_line(exc)}); the service may have changed"
        ) from exc
    if not data.strip():
        raise FetchError(
            f"SIPRI's backend at {url} answered an empty CSV; "
            "check the year range (no deliveries recorded?) or try again later"
        )
    return data


def _one_line(exc: BaseException) -> str:
    text = " ".join(str(exc).split()).rstrip(".")
    return _clip(text) if text else type(exc).__name__


def _clip(text: str, limit: int = 200) -> str:
    return text if len(text) <= limit else text[: limit - 3] + "..."


def _snippet(body: bytes) -> str:
    text = " ".join(body[:_SNIPPET_CHARS].decode("utf-8", "replace").split())
    return repr(text + ("..." if len(body) > _SNIPPET_CHARS else ""))
