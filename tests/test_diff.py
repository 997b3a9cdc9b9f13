"""Release diff: small registers made here, and the real bundled pair (2024-10 vs 2025)."""

from __future__ import annotations

import json
from importlib.resources import as_file, files

import pytest
import typer
from samples import delivery_year_text, register_text
from typer.testing import CliRunner

from armsledger.cli.common import State
from armsledger.cli.diff import diff_command
from armsledger.diff import ReleaseDiff, diff
from armsledger.errors import ArmsledgerError, ReleaseNotFoundError, UnknownActorError
from armsledger.ingest import load_file
from armsledger.store import Store

OLD_ROWS = [
    # unchanged
    "India,Russia,2000,,30,,Su-30MK,FGA aircraft,30,?,2002; 2003; 2004,New,,50,1500,1500",
    # TIV per unit revised 4 -> 5 (order and delivered TIV follow)
    "Algeria,Russia,2005,?,20,,T-90S,tank,20,,2006,New,,4,80,80",
    # delivery years revised: 2019-2021 -> 2019-2022, same total
    "India,France,2016,,36,,Rafale,FGA aircraft,36,,2019; 2020; 2021,New,,80,2880,2880",
    # removed in the new release
    "Egypt,France,2001,,2,,Mirage-2000,FGA aircraft,2,,2003,New,,40,80,80",
    # renamed actor: Turkey -> Turkiye, nothing else changes
    "Turkey,United States,2010,,30,,F-16C,FGA aircraft,30,,2011; 2012,New,,30,900,900",
    "Pakistan,Turkey,2018,,4,,Ada,corvette,0,,,New,Not yet delivered,100,400,",
    # a tie: same supplier, recipient, order year, designation, description and numbers
    "Oman,United Kingdom,2012,,12,,Typhoon,FGA aircraft,12,,2017,New,,50,600,600",
    "Oman,United Kingdom,2012,,12,,Typhoon,FGA aircraft,12,,2018,New,,50,600,600",
    # exact duplicates: two in the old release, one in the new
    "Chile,Israel,2015,,2,,Heron,UAV,2,,2016,New,,5,10,10",
    "Chile,Israel,2015,,2,,Heron,UAV,2,,2016,New,,5,10,10",
]
NEW_ROWS = [
    "India,Russia,2000,,30,,Su-30MK,FGA aircraft,30,?,2002; 2003; 2004,New,,50,1500,1500",
    "Algeria,Russia,2005,?,20,,T-90S,tank,20,,2006,New,,5,100,100",
    "India,France,2016,,36,,Rafale,FGA aircraft,36,,2019; 2020; 2021; 2022,New,,80,2880,2880",
    "Turkiye,United States,2010,,30,,F-16C,FGA aircraft,30,,2011; 2012,New,,30,900,900",
    "Pakistan,Turkiye,2018,,4,,Ada,corvette,0,,,New,Not yet delivered,100,400,",
    # the tie in the other order, and the 2018 deal's unit TIV revised
    "Oman,United Kingdom,2012,,12,,Typhoon,FGA aircraft,12,,2018,New,,55,660,660",
    "Oman,United Kingdom,2012,,12,,Typhoon,FGA aircraft,12,,2017,New,,50,600,600",
    "Chile,Israel,2015,,2,,Heron,UAV,2,,2016,New,,5,10,10",
    # added
    "Poland,South Korea,2022,,180,,K2,tank,10,,2023,New,,8,1440,80",
]


@pytest.fixture
def pair(tmp_path, write):
    """A store file holding releases 'old' and 'new' made from the rows above."""
    path = tmp_path / "diff.duckdb"
    with Store(path) as s:
        load_file(s, write("old.csv", register_text(OLD_ROWS)), name="old")
        load_file(s, write("new.csv", register_text(NEW_ROWS)), name="new")
    return path


@pytest.fixture
def small(pair) -> ReleaseDiff:
    with Store(pair, read_only=True) as s:
        return diff(s, "old", "new")


def _changed(d: ReleaseDiff, designation: str) -> list:
    return [c for c in d.changed if c.designation == designation]


def _fields(change) -> dict:
    return {c.field: (c.old, c.new) for c in change.changes}


def test_counts_and_match_quality(small):
    assert small.counts == {"added": 1, "removed": 2, "changed": 3, "unchanged": 5,
                            "changed_substantive": 3, "changed_wording": 0,
                            "changed_comments_only": 0}
    assert small.match_quality == {"exact": 5, "exact_numbers": 3, "loose": 0, "designation": 0}
    assert small.added["designation"].to_list() == ["K2"]
    assert sorted(small.removed["designation"].to_list()) == ["Heron", "Mirage-2000"]


def test_rename_is_listed_once_and_not_as_changed_deals(small):
    assert [(r.old_name, r.new_name, r.kind, r.iso3, r.deals_old) for r in small.renames] == [
        ("Turkey", "Turkiye", "state", "TUR", 2)]
    assert small.renames[0].how == "same state (ISO3 TUR)"
    assert not small.renames[0].reclassified
    assert not _changed(small, "F-16C") and not _changed(small, "Ada")
    names = set(small.added["supplier"]) | set(small.added["recipient"])
    assert "Turkiye" not in names


def test_changed_tiv_per_unit(small):
    (t90,) = _changed(small, "T-90S")
    assert t90.match == "exact" and t90.kind == "substantive"
    assert _fields(t90) == {"tiv_unit": (4.0, 5.0), "tiv_order": (80.0, 100.0),
                            "tiv_delivered": (80.0, 100.0)}


def test_changed_delivery_years(small):
    (rafale,) = _changed(small, "Rafale")
    assert _fields(rafale) == {"delivery_years": ("2019; 2020; 2021", "2019; 2020; 2021; 2022")}


def test_duplicate_tie_is_paired_deterministically(small):
    # SIPRI listed the two Typhoon deals in the other order: they pair by their other fields
    # (delivery year), not by position, so only the 2018 deal shows a revision.
    (typhoon,) = _changed(small, "Typhoon")
    assert typhoon.match == "exact_numbers"
    assert _fields(typhoon) == {"tiv_unit": (50.0, 55.0), "tiv_order": (600.0, 660.0),
                                "tiv_delivered": (600.0, 660.0)}
    assert (typhoon.old_line, typhoon.new_line) == (9, 7)
    # Two identical Heron rows, one left: the first pairs, the second (line 11) is removed.
    removed = small.removed.filter(small.removed["designation"] == "Heron")
    assert removed["source_line"].to_list() == [11]
    assert removed["deal_id"].to_list()[0].endswith("-2")


def test_aggregate_revisions_and_new_years(small):
    rev = {(r["supplier"], r["year"]): r for r in small.revisions.to_dicts()}
    assert rev[("Russia", 2006)]["old_tiv"] == 80 and rev[("Russia", 2006)]["new_tiv"] == 100
    assert rev[("Russia", 2006)]["diff_pct"] == pytest.approx(25.0)
    assert rev[("France", 2003)]["diff"] == -80 and rev[("France", 2003)]["diff_pct"] == -100
    # Rafale: 2880 over 3 years (960 each) became 2880 over 4 years (720 each).
    assert rev[("France", 2020)]["diff"] == pytest.approx(-240)
    assert rev[("United Kingdom", 2018)]["diff"] == pytest.approx(60)
    assert ("United States", 2011) not in rev  # renamed recipient, same figures
    assert small.new_years == [2022, 2023] and small.compared_years == (2002, 2021)
    assert all(y < 2022 for y in small.revisions["year"])
    new = {(r["supplier"], r["year"]) for r in small.new_year_tiv.to_dicts()}
    assert new == {("France", 2022), ("South Korea", 2023)}
    diffs = [abs(x) for x in small.revisions["diff"]]
    assert diffs == sorted(diffs, reverse=True)
    totals = {r["supplier"]: r for r in small.exporter_totals.to_dicts()}
    assert totals["France"]["old_tiv"] == 2960 and totals["France"]["new_tiv"] == 2160
    assert any("even" in n and "split" in n for n in small.notes)


def test_to_dict_shape(small):
    d = small.to_dict()
    json.dumps(d)
    assert {"old", "new", "filters", "renames", "match_quality", "counts", "added", "removed",
            "changed", "revisions", "exporter_totals", "unit", "notes"} <= set(d)
    assert d["unit"] == "TIV, millions" and d["old"]["name"] == "old"
    assert set(d["counts"]) >= {"added", "removed", "changed", "unchanged"}
    ch = next(c for c in d["changed"] if c["designation"] == "T-90S")
    assert set(ch) >= {"old_deal_id", "new_deal_id", "supplier", "recipient", "designation",
                       "order_year", "changes"}
    assert {"field": "tiv_unit", "old": 4.0, "new": 5.0} in ch["changes"]
    assert set(d["revisions"][0]) == {"supplier", "year", "old_tiv", "new_tiv", "diff",
                                      "diff_pct"}
    assert d["renames"][0]["old_name"] == "Turkey"


def test_filters(pair):
    with Store(pair, read_only=True) as s:
        by_code = diff(s, "old", "new", supplier="TUR")
        assert by_code.filters["supplier_names"] == {"old": ["Turkey"], "new": ["Turkiye"]}
        assert by_code.counts["unchanged"] == 1 and not by_code.changed
        assert [r.new_name for r in by_code.renames] == ["Turkiye"]
        assert diff(s, "old", "new", supplier="France").renames == []  # not involved
        # An old name unknown in the new release resolves through the rename.
        assert diff(s, "old", "new", recipient="Turkey").counts["unchanged"] == 1
        france = diff(s, "old", "new", supplier="France", year_from=2019, year_to=2021)
        assert france.counts["removed"] == 0 and len(france.changed) == 1
        assert set(france.revisions["year"]) == {2019, 2020, 2021} and not france.new_years
        assert set(france.revisions["supplier"]) == {"France"}
        with pytest.raises(UnknownActorError):
            diff(s, "old", "new", supplier="Atlantis")
        korea = diff(s, "old", "new", supplier="South Korea")  # only in the new release
        assert korea.counts["added"] == 1 and korea.removed.height == 0
        empty = diff(s, "old", "new", year_from=1950, year_to=1960)
        assert empty.compared_years is None and empty.revisions.height == 0
        assert any("no revisions" in n for n in empty.notes)
        with pytest.raises(ArmsledgerError, match="after"):
            diff(s, "old", "new", year_from=2020, year_to=2010)
        with pytest.raises(ReleaseNotFoundError, match="releases: old, new"):
            diff(s, "old", "nope")


def test_comments_only_change_is_marked(tmp_path, write):
    row = "India,Russia,2000,,30,,Su-30MK,FGA aircraft,30,?,2002,New,{},50,1500,1500"
    with Store(tmp_path / "c.duckdb") as s:
        load_file(s, write("a.csv", register_text([row.format("old note")])), name="a")
        load_file(s, write("b.csv", register_text([row.format("new note")])), name="b")
        d = diff(s, "a", "b")
    (c,) = d.changed
    assert c.comments_only and c.kind == "comments"
    assert d.counts["changed_comments_only"] == 1 and d.revisions.height == 0


def test_delivery_year_releases_match_on_sipri_ids(tmp_path, write):
    new_rows = [r for r in (
        # deal 100: designation corrected; deal 103: TIV per unit revised; 104 gone; 105 new
        "100,Russia,India,Su-30MKI,FGA aircraft,Aircraft,2000,No,10,No,2002,No,New,50,50,500,No",
        "100,Russia,India,Su-30MKI,FGA aircraft,Aircraft,2000,No,12,Yes,2003,No,New,50,50,600,No",
        "101,Russia,Algeria,T-90S,tank,Armoured vehicles,2005,Yes,20,No,2006,Yes,New,4,4,80,Yes",
        "102,Soviet Union,India,MiG-29,FGA aircraft,Aircraft,1999,No,1,No,1999,No,Second hand,"
        "20,8,8,No",
        "103,France,India,Rafale,FGA aircraft,Aircraft,2016,No,4,No,2020,No,New,90,90,360,No",
        "105,France,Greece,Rafale,FGA aircraft,Aircraft,2021,No,6,No,2022,No,New,80,80,480,No",
    )]
    with Store(tmp_path / "dy.duckdb") as s:
        load_file(s, write("a.csv", delivery_year_text()), name="a")
        load_file(s, write("b.csv", delivery_year_text(new_rows).replace("12 Feb", "13 Feb")),
                  name="b")
        d = diff(s, "a", "b")
    assert d.match_quality == {"deal_id": 4, "exact": 0, "exact_numbers": 0, "loose": 0,
                               "designation": 0}
    assert d.added["deal_id"].to_list() == ["105"] and d.removed["deal_id"].to_list() == ["104"]
    by_id = {c.new_deal_id: _fields(c) for c in d.changed}
    assert by_id["100"] == {"designation": ("Su-30MK", "Su-30MKI")}
    assert by_id["103"]["tiv_unit"] == (80.0, 90.0)
    assert "comments" not in by_id["103"]  # the delivery-year format has none


def test_mixed_formats_compare_the_common_years(tmp_path, write):
    with Store(tmp_path / "m.duckdb") as s:
        load_file(s, write("reg.csv", register_text()), name="reg")
        load_file(s, write("dy.csv", delivery_year_text()), name="dy")
        d = diff(s, "reg", "dy")
    assert d.compared_years == (1999, 2006)
    assert any("different formats" in n for n in d.notes)
    (su30,) = _changed(d, "Su-30MK")
    # The register's 1500 over 2002-2004 against the export's 500 (2002) + 600 (2003).
    assert _fields(su30)["tiv_delivered"] == (1500.0, 1100.0)
    assert _fields(su30)["delivery_years"] == ("2002; 2003; 2004", "2002; 2003")
    assert "comments" not in _fields(su30) and "number_ordered" not in _fields(su30)
    assert "MiG-29" not in d.removed["designation"].to_list()  # delivered 1987-88 only


def test_release_without_deals_is_refused(tmp_path, write):
    tiv_table = files("armsledger.data.sipri").joinpath("tiv-exports-2024-10.csv.gz")
    with Store(tmp_path / "t.duckdb") as s, as_file(tiv_table) as path:
        load_file(s, path, name="tiv")
        load_file(s, write("a.csv", register_text(OLD_ROWS)), name="a")
        with pytest.raises(ArmsledgerError, match="'tiv' holds no deals .* with deals: a$"):
            diff(s, "tiv", "a")


# -- CLI -------------------------------------------------------------------------------------


def _app() -> typer.Typer:
    from armsledger.cli import app

    if any(c.name == "diff" for c in app.registered_commands):
        return app
    local = typer.Typer(pretty_exceptions_enable=False)

    @local.callback()
    def root(ctx: typer.Context, db: str = typer.Option(None, "--db")) -> None:
        ctx.obj = State(db=db)

    local.command("diff")(diff_command)
    return local


runner = CliRunner()


def test_cli_text_json_markdown(pair):
    app = _app()
    text = runner.invoke(app, ["--db", str(pair), "diff", "old", "new"])
    assert text.exit_code == 0, text.output
    assert "1 added, 2 removed, 3 changed" in text.stdout
    assert "Turkey" in text.stdout and "Turkiye" in text.stdout
    assert ("SIPRI revised France's 2019 deliveries by -25.0% (960 -> 720 TIV, millions)"
            in text.stdout)
    assert "T-90S" in text.stdout and "tiv_unit: 4.0 -> 5.0" in text.stdout
    assert "split" in text.stdout and "not money" in text.stdout
    data = json.loads(runner.invoke(app, ["--db", str(pair), "diff", "old", "new",
                                          "--json"]).stdout)
    assert data["counts"]["added"] == 1 and data["renames"][0]["new_name"] == "Turkiye"
    md = runner.invoke(app, ["--db", str(pair), "diff", "old", "new", "--markdown",
                             "--limit", "1"]).stdout
    assert md.startswith("# What SIPRI revised: old -> new")
    assert "| Exporter | Year |" in md and "more (use --limit 0" in md


def test_cli_unknown_release_is_one_line(pair):
    result = runner.invoke(_app(), ["--db", str(pair), "diff", "old", "nope"])
    assert result.exit_code == 1
    assert result.stderr.strip().splitlines() == [
        "Error: no release named 'nope' (releases: old, new)"]


# -- the real pair -----------------------------------------------------------------------------


@pytest.fixture(scope="module")
def real(bundled_db) -> ReleaseDiff:
    with Store(bundled_db, read_only=True) as s:
        return diff(s, "sipri-register-2024-10", "sipri-register-2025")


def _find(d: ReleaseDiff, old_line: int, new_line: int):
    (c,) = [c for c in d.changed if (c.old_line, c.new_line) == (old_line, new_line)]
    return c


def test_real_renames(real, bundled_db):
    found = {(r.old_name, r.new_name) for r in real.renames}
    assert ("Libya HoR*", "HoR (Libya)*") in found
    assert ("PIJ (Israel/Palestine)*", "Palestinian Islamic Jihad (Israel/Palestine)*") in found
    # Kiribati, Libya GNC, Marshall Islands, ... are only in the 2024 file: no successor.
    assert len(found) == 2
    hor = next(r for r in real.renames if r.old_name == "Libya HoR*")
    assert (hor.kind, hor.iso3, hor.deals_old, hor.deals_new) == ("non_state", "LBY", 27, 27)
    # Turkey -> Turkiye is NOT a rename between these two files: SIPRI already wrote
    # 'Turkiye' in the October 2024 export (740 lines; 'Turkey' is only in comments there).
    with Store(bundled_db, read_only=True) as s:
        for rel in ("sipri-register-2024-10", "sipri-register-2025"):
            names = set(s.actors(s.release(rel).release_id)["sipri_name"])
            assert "Turkiye" in names and "Turkey" not in names
    # The PIJ deal (2024 file line 18848, 2025 file line 18991) differs only by the rename.
    assert not [c for c in real.changed if c.old_line == 18848]
    assert 18848 not in real.removed["source_line"].to_list()


def test_real_revisions_verified_in_the_files(real):
    # Read by hand in ../shared/data (2024: sipri_2024_release_mjhofmann/trade-register.csv;
    # 2025: sipri_trade_register_2025/trade-register.csv; line numbers are file lines).
    # 2024 l.26626: United States,United Kingdom,1948,?,4108,?,RB-44 Tay,...,1,4108,4108
    # 2025 l.28093: United States,United Kingdom,1948,?,4100,?,RB-44 Tay,...,0.8,3280,3280
    tay = _fields(_find(real, 26626, 28093))
    assert tay["tiv_unit"] == (1.0, 0.8) and tay["number_ordered"] == (4108, 4100)
    assert tay["tiv_order"] == (4108.0, 3280.0) and tay["tiv_delivered"] == (4108.0, 3280.0)
    # 2024 l.12183: Italy,United States,2006,?,60,?,F-35A Lightning-2,...,22,?,2015; ... 2023,
    #               ...,55,3300,1210
    # 2025 l.13075: Italy,United States,2006,?,75,?,F-35A Lightning-2,...,29,?,2015; ... 2024,
    #               ...,55,4125,1595
    f35 = _fields(_find(real, 12183, 13075))
    assert f35["number_ordered"] == (60, 75) and f35["number_delivered"] == (22, 29)
    assert f35["tiv_order"] == (3300.0, 4125.0) and f35["tiv_delivered"] == (1210.0, 1595.0)
    assert f35["delivery_years"][1].endswith("2023; 2024") and "tiv_unit" not in f35
    # 2024 l.2171: Belarus,Russia,2020,,4,?,Mi-24P/Mi-35P,...,Second hand,...,3.6,14.4,14.4
    # 2025 l.2310: Belarus,Russia,2020,,12,?,Mi-24P/Mi-35P,...,New,...,9,108,72
    mi24 = _fields(_find(real, 2171, 2310))
    assert mi24["tiv_unit"] == (3.6, 9.0) and mi24["status"] == ("second-hand", "new")
    assert mi24["number_ordered"] == (4, 12)
    # 2024 l.4449: China,Russia,2004,?,200,?,MR-90,fire control radar,164,...,4.5,900,738
    # 2025 l.4878: China,Russia,2004,?,200,?,MR-90 Orekh,fire-control radar,160,...,2,400,320
    mr90 = _find(real, 4449, 4878)
    assert mr90.match == "designation"
    assert _fields(mr90)["designation"] == ("MR-90", "MR-90 Orekh")
    assert _fields(mr90)["tiv_unit"] == (4.5, 2.0)
    # 2024 l.19824: Russia,Iran,2022,,,,Shahed-136,SSM,1200,?,2022; 2023,...,0.2,0,240
    # 2025 l.20840: Russia,Iran,2022,,6600,?,Shahed-136,one-way attack drone,4600,?,
    #               2022; 2023; 2024,...,0.1,660,460
    shahed = _find(real, 19824, 20840)
    assert shahed.match == "loose"
    assert _fields(shahed)["number_ordered"] == (None, 6600)
    assert _fields(shahed)["description"] == ("SSM", "one-way attack drone")
    # 2024 l.5637 / 2025 l.5920: Darfur rebels (Sudan)*, Libya HoR* -> HoR (Libya)*, Cougar:
    # only the description changed (APV -> armoured personnel carrier), not the supplier.
    cougar = _find(real, 5637, 5920)
    assert cougar.supplier == "HoR (Libya)*" and cougar.kind == "wording"
    assert _fields(cougar) == {"description": ("APV", "armoured personnel carrier")}


def test_real_counts_and_aggregates(real):
    c = real.counts
    matched = sum(real.match_quality.values())
    assert matched + c["removed"] == 27951 and matched + c["added"] == 29503
    assert c["changed"] + c["unchanged"] == matched
    assert real.match_quality["exact"] > 15000
    assert real.new_years == [2024] and real.compared_years == (1950, 2023)
    assert 2024 not in set(real.revisions["year"])
    assert real.new_year_tiv["year"].unique().to_list() == [2024]
    diffs = [abs(x) for x in real.revisions["diff"]]
    assert diffs == sorted(diffs, reverse=True)
    assert real.description_changes.row(0, named=True)["old"] == "APC"
    assert any("1155" in n and "added" in n for n in real.notes)
