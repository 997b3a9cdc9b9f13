"""SIPRI's own TIV tables as a release: rankings and series from the table, and clear errors
for what a table cannot answer (it has no deals)."""

from __future__ import annotations

import csv
import math

import pytest
from samples import EXCERPTS, TIV_EXPORTS_2024_EXCERPT, TIV_IMPORTS_2024_EXCERPT

from armsledger.analysis.profile import profile
from armsledger.analysis.ranking import top
from armsledger.analysis.trend import trend
from armsledger.errors import InvalidRequestError
from armsledger.ingest import load_file

EXPORTS, IMPORTS = "tiv-exports", "tiv-imports"


def table_values(path) -> dict[str, dict[int, float]]:
    """The file read directly: actor -> year -> value (empty cells absent)."""
    with open(path, encoding="utf-8") as f:
        rows = list(csv.reader(f))
    head = next(i for i, r in enumerate(rows) if r and r[0] in ("Exports by", "Imports by"))
    years = [int(c) for c in rows[head][1:] if c.isdigit()]
    return {r[0]: {y: float(v) for y, v in zip(years, r[1:], strict=False) if v}
            for r in rows[head + 1:] if r and r[0]}


@pytest.fixture
def tables(store):
    load_file(store, TIV_EXPORTS_2024_EXCERPT, name=EXPORTS)
    load_file(store, TIV_IMPORTS_2024_EXCERPT, name=IMPORTS)
    return store


def test_top_ranks_from_sipris_table(tables):
    values = table_values(TIV_EXPORTS_2024_EXCERPT)
    period = range(2019, 2024)
    expected = sorted(((a, math.fsum(v.get(y, 0) for y in period)) for a, v in values.items()
                       if not a.startswith("Total") and a != "Soviet Union"
                       and a != "Czechoslovakia"), key=lambda x: -x[1])
    t = top(tables, "exporter", period="2019-2023", compare=None, limit=None, release=EXPORTS)
    got = [(r.actor, r.tiv) for r in t.ranking if r.tiv > 0]
    assert got == [e for e in expected if e[1] > 0]
    world = math.fsum(values["Total world export"].get(y, 0) for y in period)
    assert t.world_tiv == world  # SIPRI's own total row
    assert t.methods.exact_pct == 100 and t.methods.even == t.methods.reconstructed == 0
    assert t.ranking[0].evidence_command.startswith("armsledger trend --supplier")


def test_a_table_answers_only_its_side_and_no_deal_figures(tables):
    with pytest.raises(InvalidRequestError, match=f"use --release {IMPORTS}"):
        top(tables, "importer", period="2019-2023", release=EXPORTS)
    with pytest.raises(InvalidRequestError, match="answers 'top' and 'trend' only"):
        profile(tables, "Russia", period="2019-2023", release=EXPORTS)
    with pytest.raises(InvalidRequestError, match="not deliveries between two actors"):
        top(tables, "exporter", period="2019-2023", release=EXPORTS, counterpart="India")


def test_trend_from_a_table(tables):
    values = table_values(TIV_EXPORTS_2024_EXCERPT)
    t = trend(tables, "Russia", year_from=2019, year_to=2023, window=1, release=EXPORTS)
    assert [(p.year, p.tiv) for p in t.series] == [
        (y, values["Russia"].get(y, 0.0)) for y in range(2019, 2024)]
    assert all(p.deals is None and p.counterpart_states is None for p in t.series)
    assert t.sipri_table is None


def test_trend_shows_the_same_updates_table_beside(tables):
    load_file(tables, EXCERPTS / "trade-register-2024-10.csv", name="register")
    values = table_values(TIV_EXPORTS_2024_EXCERPT)
    t = trend(tables, "Soviet Union", year_from=1980, year_to=1989, window=1,
              release="register")  # the excerpt holds a few Soviet deals, to 1991
    assert t.sipri_table == EXPORTS
    assert [p.sipri_table_tiv for p in t.series] == [values["Soviet Union"].get(y, 0.0)
                                                     for y in range(1980, 1990)]
    assert all(p.sipri_table_diff_pct is None or p.tiv != p.sipri_table_tiv
               or p.sipri_table_diff_pct == 0 for p in t.series)
