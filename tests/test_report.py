"""The exporter report: one self-contained HTML file with the figures, claims and screening."""

from __future__ import annotations

import re

import pytest
from typer.testing import CliRunner

from armsledger.cli import app
from armsledger.errors import ArmsledgerError
from armsledger.report import build_report, write_report
from armsledger.store import Store


def test_report_is_self_contained_and_complete(bundled_db, tmp_path):
    with Store(bundled_db, read_only=True) as store:
        report = build_report(store, "Russia", period="2020-2024",
                              release="sipri-deliveries-2026-02")
    html = report.html
    assert "<svg" in html and "<script" not in html  # inline chart, no scripts
    assert not re.search(r'(src|href)="https?://', html)  # nothing fetched from the network
    assert "sipri.org/databases/armstransfers" in html and "not money" in html
    assert "7.8% of world" in html and "India" in html
    assert "Order backlog" in html and report.profile["backlog"]["deals"] > 0
    assert "inconsistent" in html or "consistent" in html  # ledger claims about Russia
    assert "UN-LBY-2011" in html  # Russia's 2020 deliveries to HoR (Libya)* screened
    out = write_report(report, tmp_path / "r.html")
    assert out.read_text(encoding="utf-8") == html
    stamp = report.profile["provenance"]  # the provenance stamp, in the data and the page
    assert stamp["release"] == "sipri-deliveries-2026-02" and stamp["sha256"] in html
    assert stamp["armsledger_version"] in html and "not by SIPRI" in html


def test_report_cli_and_pdf_without_weasyprint(bundled_db, tmp_path, monkeypatch):
    import shutil

    db = tmp_path / "copy.duckdb"
    shutil.copy(bundled_db, db)
    out = tmp_path / "fr.html"
    result = CliRunner().invoke(app, ["--db", str(db), "report", "FRA", "--out", str(out)])
    assert result.exit_code == 0, result.output
    assert "France" in out.read_text(encoding="utf-8")
    try:
        import weasyprint  # noqa: F401
    except ImportError:
        with Store(db, read_only=True) as store:
            report = build_report(store, "FRA")
        monkeypatch.setattr("armsledger.report.chromium_path", lambda: None)  # nor Chromium
        with pytest.raises(ArmsledgerError, match="WeasyPrint"):
            write_report(report, tmp_path / "fr.pdf", pdf=True)
