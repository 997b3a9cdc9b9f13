"""Licensed/local production of a supplier's designs, by licensee (issue 15, part 3)."""

from __future__ import annotations

import math

import pytest

from armsledger.analysis.licensed import licensed_production_for
from armsledger.errors import InvalidRequestError
from armsledger.query import FigureQuery
from armsledger.store import Store


def test_indias_licensed_su30mki_production_as_the_register_gives_it(bundled_db):
    """Register row (May 2026, deal R1bf34518a8): Russia -> India, 140 Su-30MK ordered
    (2001), "Su-30 MKI version; produced under licence in India", delivered 2005-2021. The
    release's yearly values for 2016-2020 are 6, 8, 10, 10 and 6 aircraft at 55 TIV each."""
    with Store(bundled_db, read_only=True) as store:
        r = licensed_production_for(store, FigureQuery.build(
            supplier="Russia", period="2016-2020"))
    deal = next(d for d in r.deals if d.deal_id == "R1bf34518a8")
    assert (deal.licensor, deal.licensee, deal.designation) == ("Russia", "India", "Su-30MK")
    assert deal.kind == "licensed/local production"
    assert deal.number_delivered_in_period == 40
    assert deal.tiv_delivered_in_period == pytest.approx(2200)
    india = next(x for x in r.by_licensee if x.licensee == "India")
    assert "R1bf34518a8" in india.deal_ids and "Aircraft" in india.categories
    # the per-licensee rows add up to the deals, and name every licensee once
    assert sorted(x.licensee for x in r.by_licensee) == r.licensees
    assert sum(x.deals for x in r.by_licensee) == len(r.deals)
    assert math.isclose(sum(x.tiv_in_period for x in r.by_licensee),
                        math.fsum(d.tiv_delivered_in_period for d in r.deals))
    assert sum(x.units_in_period for x in r.by_licensee) == sum(
        d.number_delivered_in_period for d in r.deals)
    assert "does not count cooperation projects" in r.note and r.unit == "TIV, millions"


def test_a_supplier_is_needed(bundled_db):
    with Store(bundled_db, read_only=True) as store, pytest.raises(InvalidRequestError):
        licensed_production_for(store, FigureQuery.build(period="2016-2020"))


def test_the_api_gives_the_librarys_result(bundled_db, bundled_client):
    with Store(bundled_db, read_only=True) as store:
        want = licensed_production_for(store, FigureQuery.build(
            supplier="Russia", period="2016-2020", include_predecessors=True)).to_dict()
    client = bundled_client
    got = client.get("/api/exporters/RUS/licensed",
                     params={"period": "2016-2020", "include_predecessors": "true"})
    assert got.status_code == 200 and got.json() == want
    assert client.get("/api/exporters/Rusia/licensed").status_code == 404


def test_the_cli_lists_licensed_production_with_its_rule(bundled_db):
    import json

    from typer.testing import CliRunner

    from armsledger.cli import app

    base = ["--db", str(bundled_db), "base", "--supplier", "Russia", "--licensed",
            "--period", "2016-2020"]
    r = CliRunner().invoke(app, [*base, "--limit", "0"])
    assert r.exit_code == 0, r.output
    out = " ".join(r.stdout.split())
    assert "Russia incl. Soviet Union designs, 2016-2020" in out
    assert "R1bf34518a8" in out and "does not count cooperation projects" in out
    data = json.loads(CliRunner().invoke(app, [*base, "--format", "json"]).stdout)
    with Store(bundled_db, read_only=True) as store:
        want = licensed_production_for(store, FigureQuery.build(
            supplier="Russia", period="2016-2020", include_predecessors=True)).to_dict()
    assert {k: v for k, v in data.items() if k != "provenance"} == want
    bad = CliRunner().invoke(app, ["--db", str(bundled_db), "base", "India", "--licensed"])
    assert bad.exit_code == 1 and "--licensed" in bad.stderr


def test_a_region_limits_the_licensees(bundled_db):
    with Store(bundled_db, read_only=True) as store:
        every = licensed_production_for(store, FigureQuery.build(supplier="Russia"))
        asia = licensed_production_for(store, FigureQuery.build(
            supplier="Russia", recipient="South Asia"))
    assert "India" in asia.licensees and "China" in every.licensees
    assert "China" not in asia.licensees  # East Asia
    assert set(asia.deal_ids) < set(every.deal_ids)
