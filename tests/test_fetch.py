"""Tests of armsledger.fetch against a mocked SIPRI backend (never the network).

Fixture ``tests/data/sipri_backend_response.json`` has the shape of a real answer of
SIPRI's backend, ``{"bytes": "<base64 CSV>"}``, built from real data: the CSV is the first
52 lines (11 preamble lines, the header and 40 delivery rows) of a delivery-year export of
the SIPRI Arms Transfers Database (https://www.sipri.org/databases/armstransfers), generated
12 Feb 2026, bytes unchanged (CRLF line ends and the stray ';' at line ends kept).
Source: SIPRI Arms Transfers Database (c) SIPRI.
"""

from __future__ import annotations

import base64
import json
import re
from datetime import date
from pathlib import Path

import httpx
import pytest
from samples import DELIVERY_YEAR_2026, DELIVERY_YEAR_2026_EXCERPT, shared

from armsledger import __version__
from armsledger.errors import FetchError
from armsledger.fetch import BACKEND_URL, build_payload, download, save
from armsledger.sources import read_source

DATA = Path(__file__).parent / "data"
RESPONSE_BODY = (DATA / "sipri_backend_response.json").read_bytes()
EXCERPT = base64.b64decode(json.loads(RESPONSE_BODY)["bytes"])


def _ok(request: httpx.Request) -> httpx.Response:
    return httpx.Response(200, content=RESPONSE_BODY, headers={"Content-Type": "application/json"})


def _transport(handler) -> httpx.MockTransport:
    return httpx.MockTransport(handler)


# --- the fixture itself ----------------------------------------------------------------------


def test_fixture_is_a_delivery_year_excerpt():
    lines = EXCERPT.split(b"\r\n")
    assert lines[-1] == b""  # ends with CRLF
    lines = lines[:-1]
    assert len(lines) == 52
    assert b"\n" not in b"".join(lines)
    assert lines[0].startswith(b"Transfers of major conventional arms")
    assert lines[10] == b"Data generated: 12 Feb 2026 12:26:12 PM;"
    assert lines[11].startswith(b"SIPRI AT Database ID,Supplier,Recipient,")
    assert all(line.endswith(b";") for line in lines[11:])


def test_fixture_is_the_start_of_the_real_file():
    assert shared(DELIVERY_YEAR_2026).read_bytes().startswith(EXCERPT)


def test_fixture_is_the_start_of_the_in_repo_excerpt():
    # tests/data/sipri/delivery-year-2026-02.csv is lines 1-57 of the same real file.
    excerpt = DELIVERY_YEAR_2026_EXCERPT.read_bytes()
    assert excerpt.startswith(EXCERPT)
    assert excerpt.count(b"\r\n") == 57 and EXCERPT.count(b"\r\n") == 52


# --- build_payload ---------------------------------------------------------------------------


def test_payload_has_year_filter_and_open_deals():
    payload = build_payload(1995, 2024)
    assert payload["logic"] == "AND"
    year, opendeals = payload["filters"]
    assert year == {
        "field": "Delivery year",
        "oldField": "",
        "condition": "contains",
        "value1": 1995,
        "value2": 2024,
        "listData": [],
    }
    assert opendeals["field"] == "opendeals"
    assert opendeals["condition"] == ""


def test_payload_defaults_and_without_open_deals():
    payload = build_payload(open_deals=False)
    assert [f["field"] for f in payload["filters"]] == ["Delivery year"]
    assert payload["filters"][0]["value1"] == 1950
    assert payload["filters"][0]["value2"] == date.today().year


def test_payload_rejects_reversed_years():
    with pytest.raises(FetchError, match="invalid year range 2020-2010"):
        build_payload(2020, 2010)


# --- download --------------------------------------------------------------------------------


def test_download_posts_the_filter_and_returns_the_csv():
    seen: list[httpx.Request] = []

    def handler(request: httpx.Request) -> httpx.Response:
        seen.append(request)
        return _ok(request)

    data = download(year_from=1995, year_to=2025, transport=_transport(handler))

    assert data == EXCERPT
    (request,) = seen
    assert request.method == "POST"
    assert str(request.url) == BACKEND_URL
    assert request.headers["Content-Type"] == "application/json"
    assert request.headers["User-Agent"].startswith(f"armsledger/{__version__}")
    body = json.loads(request.content)
    assert body == build_payload(1995, 2025)
    year = body["filters"][0]
    assert (year["field"], year["condition"], year["value1"], year["value2"]) == (
        "Delivery year",
        "contains",
        1995,
        2025,
    )
    assert body["filters"][1]["field"] == "opendeals"


def test_download_uses_the_given_url():
    seen: list[str] = []

    def handler(request: httpx.Request) -> httpx.Response:
        seen.append(str(request.url))
        return _ok(request)

    download(url="https://example.test/csv/", transport=_transport(handler))
    assert seen == ["https://example.test/csv/"]


def test_download_reports_progress_in_increasing_counts():
    size = 1000
    chunks = [RESPONSE_BODY[i : i + size] for i in range(0, len(RESPONSE_BODY), size)]
    assert len(chunks) > 3

    def handler(request: httpx.Request) -> httpx.Response:
        return httpx.Response(
            200, content=iter(chunks), headers={"Content-Length": str(len(RESPONSE_BODY))}
        )

    calls: list[tuple[int, int | None]] = []
    data = download(transport=_transport(handler), progress=lambda n, t: calls.append((n, t)))

    assert data == EXCERPT
    counts = [n for n, _ in calls]
    assert len(counts) == len(chunks)
    assert counts == sorted(set(counts))  # strictly increasing
    assert counts[-1] == len(RESPONSE_BODY)
    assert {t for _, t in calls} == {len(RESPONSE_BODY)}


def test_progress_total_is_none_without_content_length():
    def handler(request: httpx.Request) -> httpx.Response:
        return httpx.Response(200, content=iter([RESPONSE_BODY[:500], RESPONSE_BODY[500:]]))

    calls: list[tuple[int, int | None]] = []
    download(transport=_transport(handler), progress=lambda n, t: calls.append((n, t)))
    assert calls == [(500, None), (len(RESPONSE_BODY), None)]


def test_save_then_read_source(tmp_path: Path):
    data = download(transport=_transport(_ok))
    target = tmp_path / "downloads" / "sipri"
    path = save(data, target)

    assert path.parent == target
    assert re.fullmatch(r"sipri-fetch-\d{8}T\d{6}Z\.csv", path.name)
    assert path.read_bytes() == EXCERPT

    parsed = read_source(path)
    assert parsed.deliveries.height == 40
    assert parsed.source_rows == 40
    assert parsed.generated_on == date(2026, 2, 12)
    assert parsed.deliveries["deal_id"][0] == "55238"


def test_save_never_overwrites(tmp_path: Path):
    paths = [save(EXCERPT, tmp_path) for _ in range(3)]
    assert len(set(paths)) == 3
    assert all(p.read_bytes() == EXCERPT for p in paths)


def test_save_rejects_empty_data(tmp_path: Path):
    with pytest.raises(FetchError, match="empty"):
        save(b"", tmp_path)


def test_save_reports_unwritable_directory(tmp_path: Path):
    blocker = tmp_path / "file"
    blocker.write_text("x")
    with pytest.raises(FetchError, match="cannot save the download"):
        save(EXCERPT, blocker / "sub")


# --- failures --------------------------------------------------------------------------------


def _failing_download(handler, **kwargs) -> str:
    with pytest.raises(FetchError) as info:
        download(transport=_transport(handler), **kwargs)
    message = str(info.value)
    assert "\n" not in message
    return message


def test_connection_error():
    def handler(request: httpx.Request) -> httpx.Response:
        raise httpx.ConnectError("[Errno -3] Temporary failure in name resolution", request=request)

    message = _failing_download(handler)
    assert message.startswith(f"cannot reach SIPRI's backend at {BACKEND_URL}: ")
    assert "Temporary failure in name resolution" in message
    assert "you are offline or the service is down; the bundled data still works" in message


def test_timeout():
    def handler(request: httpx.Request) -> httpx.Response:
        raise httpx.ReadTimeout("timed out", request=request)

    message = _failing_download(handler, timeout=5)
    assert message.startswith(f"cannot reach SIPRI's backend at {BACKEND_URL}: ")
    assert "no answer within 5 s" in message
    assert "the bundled data still works" in message


def test_invalid_url():
    with pytest.raises(FetchError, match="invalid backend URL 'ftp://example.test/x'"):
        download(url="ftp://example.test/x")


def test_error_status():
    def handler(request: httpx.Request) -> httpx.Response:
        return httpx.Response(503, text="<html>Service Unavailable</html>")

    message = _failing_download(handler)
    assert "HTTP 503" in message
    assert "Service Unavailable" in message


def test_not_json():
    def handler(request: httpx.Request) -> httpx.Response:
        return httpx.Response(200, text="<!DOCTYPE html>\n<html><body>Maintenance</body></html>")

    message = _failing_download(handler)
    assert "not JSON" in message
    assert "<!DOCTYPE html>" in message


def test_empty_body():
    message = _failing_download(lambda request: httpx.Response(200, content=b""))
    assert "empty body" in message


def test_no_bytes_key():
    message = _failing_download(lambda request: httpx.Response(200, json={}))
    assert "without a 'bytes' field" in message


def test_no_bytes_key_names_the_fields():
    message = _failing_download(lambda request: httpx.Response(200, json={"detail": "nope"}))
    assert "'bytes'" in message
    assert "detail" in message


def test_json_not_an_object():
    message = _failing_download(lambda request: httpx.Response(200, json=[1, 2]))
    assert "without a 'bytes' field" in message


def test_bytes_not_a_string():
    message = _failing_download(lambda request: httpx.Response(200, json={"bytes": 12}))
    assert "not a base64 string" in message


def test_bad_base64():
    message = _failing_download(
        lambda request: httpx.Response(200, json={"bytes": "this is *not* base64!"})
    )
    assert "not valid base64" in message


def test_empty_csv():
    message = _failing_download(lambda request: httpx.Response(200, json={"bytes": ""}))
    assert "empty CSV" in message


def test_base64_with_line_breaks_is_accepted():
    encoded = base64.encodebytes(EXCERPT).decode("ascii")  # wrapped at 76 characters
    assert "\n" in encoded
    data = download(transport=_transport(lambda r: httpx.Response(200, json={"bytes": encoded})))
    assert data == EXCERPT
