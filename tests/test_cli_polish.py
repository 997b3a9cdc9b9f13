"""CLI polish (issue 14, item 8): units said once, totals of every deal, the backlog's columns,
one mark for estimates, one rule for TIV decimals, load counts by format, a screen that fits
the terminal, diff texts that visibly differ, the report's sentences and its PDF."""

from __future__ import annotations

import re
from collections.abc import Iterator
from pathlib import Path

import pytest
from samples import delivery_year_text, register_text
from typer.testing import CliRunner

import armsledger
from armsledger.cli import app
from armsledger.cli import common as cli_common
from armsledger.formatting import fmt_tiv

runner = CliRunner()


def run(db: object, *args: str) -> str:
    result = runner.invoke(app, ["--db", str(db), *args])
    assert result.exit_code == 0, result.output
    return result.stdout


@pytest.fixture
def width() -> Iterator[None]:
    """Render as an 80-column terminal would."""
    before = cli_common.console.width
    cli_common.console.width = 80
    try:
        yield
    finally:
        cli_common.console.width = before


def lines_fit(text: str, columns: int = 80) -> bool:
    return all(len(line) <= columns for line in text.splitlines())


# 1. the unit once -------------------------------------------------------------------------------


def test_headers_state_the_unit_once(bundled_db):
    for args in (("deals", "--supplier", "Russia", "--limit", "3"),
                 ("deals", "--supplier", "Russia", "--limit", "3", "--open-orders"),
                 ("profile", "Russia"), ("top", "exporters"), ("trend", "Russia"),
                 ("screen", "--recipient", "Libya", "--period", "2020")):
        out = run(bundled_db, *args)
        assert "TIV, millions" in out, args
        assert "TIV (TIV" not in out and "TIV (millions" not in out, args
        assert not re.search(r"TIV[^\n]{0,12}\(TIV, millions\)", out), args


# 2. deals --limit: how many of how many, and the total of all ----------------------------------


def test_deals_limit_says_how_many_and_the_total_of_all(bundled_db):
    from armsledger.analysis.deals import deals
    from armsledger.query import FigureQuery
    from armsledger.store import Store

    with Store(bundled_db, read_only=True) as store:
        full = deals(store, FigureQuery.build(supplier="Russia"))
    shown = full.head(10)
    out = " ".join(run(bundled_db, "deals", "--supplier", "Russia", "--limit", "10").split())
    assert f"Showing 10 of {full.total:,} deals" in out
    assert f"all {full.total:,} deals: {fmt_tiv(full.tiv)} TIV, millions" in out
    assert f"(the 10 shown: {fmt_tiv(shown.tiv)})" in out
    everything = " ".join(run(bundled_db, "deals", "--supplier", "Russia",
                              "--period", "2025").split())
    assert "Showing" not in everything and "Delivered: " in everything


# 3. the backlog table shows what the library gives --------------------------------------------


def test_backlog_table_has_no_empty_share_column(bundled_db):
    out = run(bundled_db, "profile", "Russia")
    backlog = out[out.index("Backlog"):]
    header = next(line for line in backlog.splitlines() if "Recipient" in line)
    assert "Share" not in header and "Deals" in header and "Units" in header
    india = next(line for line in backlog.splitlines() if "India" in line)
    assert " - " not in india.replace("│", " ").replace("  ", " ")


# 4. "?" marks estimates, as on the web ---------------------------------------------------------


def test_estimates_are_marked_with_a_question_mark(bundled_db):
    out = run(bundled_db, "deals", "--supplier", "Russia", "--recipient", "India",
              "--period", "2025")
    assert "~" not in out
    assert re.search(r"2025: \d+\?", out)  # an estimated number of 2025
    assert '"?" marks SIPRI\'s estimates' in " ".join(out.split())


# 5. one rule for TIV decimals: the web's --------------------------------------------------------


@pytest.mark.parametrize("value", [0.0, 0.04, 2.08, 9.96, 10.0, 232.4, 892.5, 161494.27, -3.5,
                                   None])
def test_tiv_rule_is_the_dashboards(value):
    from armsledger.web.tables import fmt_tiv as web_fmt_tiv

    assert fmt_tiv(value, missing="–") == web_fmt_tiv(value)


def test_cli_tiv_figures_follow_the_rule(bundled_db):
    out = run(bundled_db, "deals", "--supplier", "Russia", "--limit", "10")
    assert "892 " in out or "892\n" in out or " 892 │" in out
    assert not re.search(r"\d\.\d\d\b", out)  # no 2.50, 892.50
    assert "2.5 " in out  # below 10: one decimal, as on the web
    screen = run(bundled_db, "screen", "--recipient", "Libya", "--period", "2020")
    assert not re.search(r"\d\.\d\d\b", screen.split("Source:")[0])


# 6. the load message gives the counts the format has -------------------------------------------


def test_load_message_counts_only_what_the_format_has(tmp_path, write):
    db = tmp_path / "load.duckdb"
    for name, text in (("reg.csv", register_text()), ("dy.csv", delivery_year_text())):
        out = " ".join(run(db, "load", str(write(name, text))).split())
        assert "deals" in out and "delivery rows" in out, out
        assert "TIV values" not in out, out  # a register or delivery-year file has none
    table = tmp_path / "tiv.duckdb"
    bundled = Path(armsledger.__file__).parent / "data" / "sipri"
    tiv_table = next(bundled.glob("tiv-exports-*.csv.gz"))
    out = " ".join(run(table, "load", str(tiv_table)).split())
    assert "TIV values" in out and "deals" not in out and "delivery rows" not in out, out
    releases = run(db, "releases")
    assert "TIV values" in releases  # the column stays, with '-' where it cannot apply
    assert "a count the format does not have" in " ".join(releases.split())


# 7. screen: caveats once, tables within the terminal, --wide keeps everything ------------------


def test_screen_fits_80_columns_and_states_each_caveat_once(bundled_db, width):
    out = run(bundled_db, "screen", "--supplier", "Russia", "--period", "1992-2012")
    tables = [line for line in out.splitlines() if line[:1] in "┏┃┡│└"]
    assert tables and all(len(line) <= 80 for line in tables)
    text = " ".join(out.split())
    assert text.count("boundary year") == 1 and text.count("ordered before the embargo") == 1
    assert "Caveats: (1)" in text and "--wide or --json" in text
    assert "R056c83f3c8" in out  # deal ids are never cut
    header = next(line for line in tables if "Embargo" in line)
    assert "Supplier" not in header  # the filter's supplier is not repeated on every row
    cli_common.console.width = 250  # as piped: every row's full caveat texts on one line
    wide = run(bundled_db, "screen", "--supplier", "Russia", "--period", "1992-2012",
               "--wide")
    assert wide.count("boundary year: 2000 is the embargo's start year") > 1
    assert "ordered in 1999" in wide  # a row's own specifics
    assert len(out) < len(wide) / 2


def test_screen_json_keeps_every_caveat(bundled_db):
    import json

    data = json.loads(run(bundled_db, "screen", "--supplier", "Russia", "--period",
                          "1992-2012", "--json"))
    assert all(isinstance(h["caveats"], list) for h in data["hits"])
    assert any(c.startswith("boundary year") for h in data["hits"] for c in h["caveats"])


# 8. diff: a long changed text shows where it differs -------------------------------------------


LONG = ("Incl 4 produced under licence in Pakistan; Pakistani designation Hangor; delivery "
        "planned {}; financed by a loan")


def test_changed_pair_windows_the_first_difference():
    from armsledger.cli.diff import changed_pair

    old, new = changed_pair(LONG.format("2028-2030"), LONG.format("2029-2031"))
    assert old != new and "2028-2030" in old and "2029-2031" in new
    assert old.startswith("...") and len(old) <= 80
    assert changed_pair("short", "text") == ("short", "text")
    assert changed_pair(None, "x") == ("-", "x")


def test_diff_shows_the_changed_part_of_a_long_comment(tmp_path, write):
    row = "India,Russia,2000,,30,,Su-30MK,FGA aircraft,30,,2002,New,{},50,1500,1500"
    db = tmp_path / "pair.duckdb"
    for name, when in (("old", "2028-2030"), ("new", "2029-2031")):
        text = register_text([row.format(LONG.format(when))])
        run(db, "load", str(write(f"{name}.csv", text)), "--release", name)
    out = " ".join(run(db, "diff", "old", "new").replace("│", " ").split())
    assert "planned 2028-2030" in out and "planned 2029-2031" in out


# 9. the report's sentences ---------------------------------------------------------------------


def test_report_headline_has_no_stray_space_before_a_full_stop(bundled_db):
    from armsledger.report import build_report
    from armsledger.store import Store

    with Store(bundled_db, read_only=True) as store:
        report = build_report(store, "Russia", period="2021-2025")
    box = report.html[report.html.index('<p class="box">'):]
    box = box[:box.index("<br>")]
    assert not re.search(r"\s[.,;]", box), box
    assert re.search(r"change [+-]\d+\.\d%\. Recipient states: \d+\.$", box), box
    assert "TIV, millions" in report.html.split("<h2>Recipients</h2>")[1][:400]


def test_report_headline_without_comparison():
    from armsledger.report import headline

    d = {"tiv": 232.4, "share_of_world_pct": 1.04, "rank": 12, "compare_figures": None,
         "compare": None, "change_pct": None, "recipient_states": 7}
    assert headline(d) == ("232 TIV, millions \N{EM DASH} 1.0% of world exports, rank 12. "
                           "Recipient states: 7.")


# 10. report --pdf without WeasyPrint ----------------------------------------------------------


def test_report_pdf_with_chromium(bundled_db, tmp_path, monkeypatch):
    from armsledger import report as report_module

    if report_module.chromium_path() is None:
        pytest.skip("no chromium here (apt install chromium) to print the PDF with")
    monkeypatch.setattr(report_module, "_weasyprint_pdf", lambda html, out: False)
    out = tmp_path / "ru.pdf"
    result = runner.invoke(app, ["--db", str(bundled_db), "report", "Russia", "--pdf",
                                 "--out", str(out)])
    assert result.exit_code == 0, result.output
    assert out.read_bytes()[:5] == b"%PDF-" and out.stat().st_size > 10_000


def test_report_pdf_error_names_both_options(bundled_db, tmp_path, monkeypatch):
    from armsledger import report as report_module

    monkeypatch.setattr(report_module, "_weasyprint_pdf", lambda html, out: False)
    monkeypatch.setattr(report_module, "chromium_path", lambda: None)
    result = runner.invoke(app, ["--db", str(bundled_db), "report", "Russia", "--pdf",
                                 "--out", str(tmp_path / "ru.pdf")])
    assert result.exit_code == 1
    message = result.stderr.strip()
    assert message.count("\n") == 0 and "WeasyPrint" in message and "Chromium" in message
