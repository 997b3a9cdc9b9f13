"""The claims ledger and the checks: verdicts computed by hand on small data, real cases on
the bundled data, bad claim files."""

from __future__ import annotations

import json

import pytest
from samples import delivery_year_text
from typer.testing import CliRunner

from armsledger.claims.check import check_claims, claim_years
from armsledger.claims.ledger import add_claims, list_claims, official_russian_claims
from armsledger.claims.model import Claim
from armsledger.cli import app
from armsledger.errors import InputError
from armsledger.ingest import load_file
from armsledger.sources.claims_file import read_claims_file
from armsledger.store import Store


def claim(metric: str, value: float, period: str | tuple[str, str], *, subject: str = "RUS",
          qualifier: str = "exact", unit: str | None = None, currency: str | None = None,
          claimant: str = "Someone") -> Claim:
    start, end = (period, period) if isinstance(period, str) else period
    unit = unit or {"recipient_countries": "countries", "global_share": "percent",
                    "rank": "rank", "cooperation_projects": "projects"}.get(metric, "billion")
    if metric in ("export_value", "contracts_value", "order_book", "licences_value"):
        currency = currency or "USD"
    return Claim(claimant, subject, metric, value, unit, currency, qualifier, start, end,
                 f"{metric} {value}")


def dy(deal: int, supplier: str, recipient: str, year: int, tiv: float) -> str:
    return (f"{deal},{supplier},{recipient},X-{deal},fighter,Aircraft,2000,No,1,No,{year},No,"
            f"New,{tiv},{tiv},{tiv},No")


ROWS = [
    dy(1, "Russia", "India", 2010, 100), dy(1, "Russia", "India", 2011, 100),
    dy(2, "Russia", "China", 2012, 50), dy(2, "Russia", "China", 2013, 50),
    dy(3, "Russia", "Algeria", 2013, 20), dy(4, "Russia", "Hezbollah (Lebanon)*", 2013, 5),
    dy(5, "France", "India", 2013, 80), dy(6, "United States", "Japan", 2013, 200),
]


@pytest.fixture
def data(store, write):
    load_file(store, write("dy.csv", delivery_year_text(ROWS)))
    return store


def verdict(store, c, **kw):
    (result,) = check_claims(store, [c], use_ledger=False, **kw)
    return result


def test_claim_model_amounts_and_validation():
    assert claim("export_value", 15, "2025").amount == 15e9
    crore = Claim("x", "IND", "export_value", 21083, "crore", "INR", "exact", "2023-04",
                  "2024-03", "q")
    assert crore.amount == 21083 * 1e7
    assert claim("recipient_countries", 30, "2025").amount is None
    with pytest.raises(ValueError, match="unknown metric"):
        claim("gdp", 1, "2020")
    assert claim_years(crore) == (2023, 2024)


def test_recipient_states_by_hand(data):
    # Russia delivered to India, China, Algeria (states) and Hezbollah (non-state) in 2010-2013
    ok = verdict(data, claim("recipient_countries", 3, ("2010", "2013")))
    assert ok.verdict == "consistent"
    assert ok.evidence["measured_recipient_states"] == 3
    assert ok.evidence["non_state_recipients"] == ["Hezbollah (Lebanon)*"]
    assert "non-state actors" in ok.method and ok.evidence["deal_ids"] == ["1", "2", "3", "4"]
    assert verdict(data, claim("recipient_countries", 2, ("2010", "2013"),
                               qualifier="over")).verdict == "consistent"
    bad = verdict(data, claim("recipient_countries", 10, ("2010", "2013"), qualifier="over"))
    assert bad.verdict == "inconsistent" and "major conventional arms" in bad.method


def test_share_and_rank_by_hand(data):
    # 2013: world 355 (Russia 50 + 20 + 5 = 75, France 80, USA 200): Russia 21.1%, rank 3
    share = verdict(data, claim("global_share", 21.1, "2013"))
    assert share.verdict == "consistent"
    assert share.evidence["measured"] == pytest.approx(75 / 355 * 100)
    assert verdict(data, claim("global_share", 25, "2013")).verdict == "inconsistent"
    assert verdict(data, claim("global_share", 20, "2013", qualifier="about")).verdict == (
        "consistent")
    assert verdict(data, claim("rank", 3, "2013")).verdict == "consistent"
    assert verdict(data, claim("rank", 1, "2013")).verdict == "inconsistent"
    assert verdict(data, claim("rank", 2, "2013", qualifier="about")).verdict == "consistent"


def test_money_is_never_compared_as_a_level(data):
    one = verdict(data, claim("export_value", 15, "2012"))
    assert one.verdict == "not comparable"
    assert "never compared or converted" in one.method
    for metric in ("contracts_value", "order_book", "licences_value"):
        assert verdict(data, claim(metric, 15, "2012")).verdict == "not comparable"


def test_money_trend_check_by_hand(data):
    # Russia's TIV: 2010 100, 2011 100, 2012 50, 2013 75 -> early mean 100, late mean 62.5
    flat = verdict(data, claim("export_value", 15, ("2010", "2013"), unit="billion per year"))
    assert flat.verdict == "inconsistent"
    assert flat.evidence["tiv_change_pct"] == pytest.approx(-37.5)
    assert flat.evidence["claimed_change_pct"] == pytest.approx(0)
    assert flat.series["tiv"].to_list() == [100, 100, 50, 75]
    # a claimed series that falls like the deliveries is consistent
    series = [claim("export_value", v, str(y)) for y, v in
              ((2010, 10), (2011, 10), (2012, 6), (2013, 6.5))]
    results = check_claims(data, series, use_ledger=False)
    assert {r.verdict for r in results} == {"consistent"}
    assert results[0].evidence["claimed_change_pct"] == pytest.approx(-37.5)
    # two years are too few for a trend (yearly TIV swings): not comparable, series still shown
    two = check_claims(data, series[:2], use_ledger=False)
    assert {r.verdict for r in two} == {"not comparable"}
    assert "at least 4" in two[0].method and two[0].series.height == 2


def test_outside_the_data_is_not_checkable_with_context(data):
    r = verdict(data, claim("recipient_countries", 30, "2025", qualifier="over"))
    assert r.verdict == "not checkable"
    assert r.evidence["latest_year"] == 2013 and "latest year 2013" in r.method
    # the latest five years the data cover: it starts in 2010, so 2010-2013
    assert r.evidence["context"]["latest_period"] == "2010-2013"
    assert r.evidence["context"]["recipient_states"] == 3


def test_cooperation_projects_and_unknown_subject(data):
    r = verdict(data, claim("cooperation_projects", 340, "2026", qualifier="over"))
    assert r.verdict == "not checkable" and "not cooperation projects" in r.method
    assert "Not a verdict" in r.method
    # the small data has no licensed production: the context says so, with no deals
    assert r.evidence["context"]["licensed_production_states"] == []
    nobody = verdict(data, claim("recipient_countries", 5, "2012", subject="NZL"))
    assert nobody.verdict == "not checkable" and "NZL" in nobody.method


def test_ledger_add_list_dedupe(store):
    a = claim("export_value", 15, "2025", claimant="A")
    b = claim("recipient_countries", 30, "2025", claimant="A", qualifier="over")
    first = add_claims(store, [a, b], origin="test")
    assert len(first.added) == 2 and a.claim_id is not None
    again = add_claims(store, [claim("export_value", 15, "2025", claimant="A")], origin="test")
    assert len(again.added) == 0 and again.skipped[0].claim_id == a.claim_id
    listed = list_claims(store, subject="rus", metric="export_value")
    assert [c.to_dict()["value"] for c in listed] == [15]
    assert listed[0].amount == 15e9


def test_bundled_official_series():
    claims = official_russian_claims()
    assert len(claims) == 23
    exports = [c for c in claims if c.metric == "export_value"]
    assert {c.period_start for c in exports} >= {str(y) for y in range(2011, 2022)} | {"2025"}
    assert all(c.source.url and c.currency == "USD" and c.subject_exporter == "RUS"
               for c in claims)
    assert {c.metric for c in claims} == {"export_value", "contracts_value", "order_book"}


def test_claims_file_formats(write):
    csv_text = ("claimant,subject_exporter,metric,value,unit,currency,qualifier,period_start,"
                "period_end,quote,source_url\n"
                "Putin,RUS,export_value,15,billion,USD,over,2025,2025,over $15bn,http://x\n")
    (c,) = read_claims_file(write("c.csv", csv_text))
    assert c.amount == 15e9 and c.source.url == "http://x"
    yaml_text = ("- {claimant: Putin, subject_exporter: RUS, metric: rank, value: 2, unit: rank,"
                 " qualifier: exact, period_start: '2020', period_end: '2024', quote: second}\n")
    assert read_claims_file(write("c.yaml", yaml_text))[0].metric == "rank"
    assert read_claims_file(write("c.json", json.dumps([c.to_dict()])))[0].value == 15


def test_bad_claims_file_names_line_and_column(write):
    text = ("claimant,subject_exporter,metric,value,unit,currency,qualifier,period_start,"
            "period_end,quote\n"
            "A,RUS,export_value,lots,billion,USD,exact,2025,2025,q\n"
            "B,RUS,gdp,3,billion,USD,roughly,2025,2025,q\n")
    with pytest.raises(InputError) as info:
        read_claims_file(write("bad.csv", text))
    found = {(p.line, p.column) for p in info.value.problems}
    assert found == {(2, "value"), (3, "metric"), (3, "qualifier")}
    with pytest.raises(InputError, match="missing column"):
        read_claims_file(write("short.csv", "claimant,value\nA,1\n"))
    with pytest.raises(InputError, match="not valid yaml"):
        read_claims_file(write("broken.yaml", "- [unclosed\n"))


def test_cli_check_json_markdown_and_all(data, write, tmp_path):
    db = data.path
    data.close()
    runner = CliRunner()
    yaml_text = ("- {claimant: Putin, subject_exporter: RUS, metric: recipient_countries, "
                 "value: 3, unit: countries, qualifier: exact, period_start: '2010', "
                 "period_end: '2013', quote: three states}\n")
    path = write("c.yaml", yaml_text)
    out = runner.invoke(app, ["--db", str(db), "claims", "check", str(path), "--json"])
    assert out.exit_code == 0, out.output
    (result,) = json.loads(out.output)
    assert set(result) == {"claim", "verdict", "evidence", "method", "in_context"}
    assert result["in_context"] is None  # a claims file has no text around its quotes
    assert result["verdict"] == "consistent"
    report = tmp_path / "r.md"
    out = runner.invoke(app, ["--db", str(db), "claims", "check", str(path), "--markdown",
                              "--out", str(report)])
    assert out.exit_code == 0 and "**consistent**" in report.read_text()
    assert runner.invoke(app, ["--db", str(db), "claims", "add", str(path)]).exit_code == 0
    listed = json.loads(runner.invoke(app, ["--db", str(db), "claims", "list", "--format",
                                            "json"]).output)
    assert [c["quote"] for c in listed] == ["three states"]
    all_checks = json.loads(runner.invoke(app, ["--db", str(db), "claims", "check", "--all",
                                                "--json"]).output)
    assert len(all_checks) == 1


def test_real_cases_on_bundled_data(bundled_db):
    with Store(bundled_db, read_only=True) as store:
        ledger = list_claims(store)
        assert len(ledger) == 23  # the official Russian series is loaded by default
        checks = check_claims(store, [
            claim("recipient_countries", 107, ("2020", "2024"), subject="USA"),
            claim("global_share", 7.8, ("2020", "2024")),
            claim("rank", 3, ("2020", "2024")),
            claim("export_value", 15, ("2012", "2021"), unit="billion per year",
                  qualifier="about"),
            claim("export_value", 15, "2025", qualifier="over"),
        ], use_ledger=True, release="sipri-deliveries-2026-02")  # data to 2024
        # SIPRI's 2025 fact sheet: the USA delivered to 107 states in 2020-24; Russia 7.8%, 3rd.
        assert [c.verdict for c in checks[:3]] == ["consistent"] * 3
        assert checks[0].evidence["measured_recipient_states"] == 107
        # Official claims flat at ~$15bn while Russia's deliveries (TIV) fell: inconsistent trend.
        assert checks[3].verdict == "inconsistent"
        assert checks[3].evidence["tiv_change_pct"] < -25
        after = checks[4]
        assert after.verdict == "not checkable" and after.evidence["latest_year"] == 2024
        assert after.evidence["context"]["tiv_change_pct"] == pytest.approx(-64, abs=0.5)


def test_the_issue_example_sentence(bundled_db, write):
    """'our arms exports earned ... $15 billion in 2025, with products in over 30 countries,
    and more than 340 cooperation projects in 14 states': four claims, each with a verdict."""
    from armsledger.claims.extract import extract

    text = ('MOSCOW, 30 January 2026 - "Our military-technical cooperation earned more than $15 '
            'billion in 2025, with products in over 30 countries, and more than 340 cooperation '
            'projects in 14 states," President Vladimir Putin said.')
    claims = extract(text)
    got = [(c.metric, c.value, c.qualifier, c.subject_exporter, c.period_start) for c in claims]
    assert got == [
        ("export_value", 15, "over", "RUS", "2025"),
        ("recipient_countries", 30, "over", "RUS", "2025"),
        ("cooperation_projects", 340, "over", "RUS", "2025"),
        ("cooperation_partner_states", 14, "exact", "RUS", "2025"),
    ]
    with Store(bundled_db, read_only=True) as store:  # the delivery-year export: data to 2024
        checks = check_claims(store, claims, release="sipri-deliveries-2026-02")
    assert [c.verdict for c in checks] == ["not checkable"] * 4
    assert "latest year 2024" in checks[1].method and "33 recipient states" in checks[1].method
    assert checks[0].evidence["context"]["tiv_change_pct"] == pytest.approx(-64, abs=0.5)
    assert "SIPRI does not count projects" in checks[2].method
    with Store(bundled_db, read_only=True) as store:  # the default: SIPRI's May 2026 register
        now = check_claims(store, claims)
    assert now[0].verdict != "not checkable" and now[1].verdict == "inconsistent"
    # SIPRI's register records deliveries of major arms by Russia to 10 states in 2025 (a
    # count of major conventional arms only, which the verdict states)
    assert now[1].evidence["measured_recipient_states"] == 10
    assert "can legitimately name more countries" in now[1].method
    assert [c.verdict for c in now[2:]] == ["not checkable"] * 2
    # as context, the states building Russian designs under licence in 2025, with deal ids
    ctx = now[3].evidence["context"]
    assert set(ctx["licensed_production_states"]) >= {"India"}
    assert len(now[3].evidence["deal_ids"]) == ctx["licensed_production_deals"] > 0
    assert "India" in now[3].method


def test_each_official_yearly_figure_gets_its_own_verdict(bundled_db):
    """The official series 2011-2021 is tested once as a series; each year's claim is judged
    by its own year (claim and TIV as shares of their means), so verdicts differ by year."""
    with Store(bundled_db, read_only=True) as store:
        ledger = [c for c in list_claims(store)
                  if c.metric == "export_value" and c.subject_exporter == "RUS"
                  and c.period_start == c.period_end]
        checks = check_claims(store, ledger, release="sipri-deliveries-2026-02")
    series = {(c.evidence["series_check"]["verdict"], tuple(c.evidence["series_check"]["years"]))
              for c in checks if "series_check" in c.evidence}
    assert len(series) == 1  # one series test, reported once
    by_year = {int(c.claim.period_start or 0): c for c in checks if "year" in c.evidence}
    assert {c.verdict for c in by_year.values()} == {"consistent", "inconsistent"}
    for year, c in by_year.items():
        assert f"Year check for {year}" in c.method
        gap = abs(c.evidence["claimed_index_pct"] - c.evidence["tiv_index_pct"])
        assert (c.verdict == "inconsistent") == (gap >= 25)
