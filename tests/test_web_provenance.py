"""Every dashboard download says where its rows come from: the release, SIPRI's generation date,
the source file's SHA-256, armsledger's version and the citation (JSON in the body, CSV in the
response headers so the CSV itself stays a plain table)."""

from __future__ import annotations

import csv
import io

from fastapi.testclient import TestClient

from armsledger import __version__
from armsledger.api import create_app
from armsledger.api.settings import ApiSettings
from armsledger.store import Store


def test_downloads_carry_the_provenance_stamp(bundled_db):
    store = Store(bundled_db, read_only=True)
    try:
        rel = store.release("sipri-deliveries-2026-02")
        client = TestClient(create_app(ApiSettings(db_path=bundled_db), store=store))
        q = {"supplier": "Russia", "from": "2020", "to": "2024", "release": rel.name,
             "table": "deals"}
        body = client.get("/deals", params={**q, "format": "json"}).json()
        assert body["provenance"] == {
            "release": rel.name, "data_generated": "2026-02-12", "sha256": rel.sha256,
            "source_file": body["provenance"]["source_file"],
            "armsledger_version": __version__,
            "citation": body["provenance"]["citation"], "terms": body["provenance"]["terms"]}
        assert "SIPRI Arms Transfers Database" in body["provenance"]["citation"]
        assert "not by SIPRI" in body["provenance"]["terms"]
        r = client.get("/deals", params={**q, "format": "csv"})
        assert r.headers["x-armsledger-release"] == rel.name
        assert r.headers["x-armsledger-source-sha256"] == rel.sha256
        assert r.headers["x-armsledger-version"] == __version__
        header = next(csv.reader(io.StringIO(r.text)))
        assert header[0] == "deal_id"  # the body is the table alone
    finally:
        store.close()
