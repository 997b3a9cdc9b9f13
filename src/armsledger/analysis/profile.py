"""Exporter and recipient profiles: what went where, when, of what kind, with the evidence.

:func:`profile` answers for one actor in one role ('exporter' or 'importer') and one period
(plus a compare period): volume, share of the world and rank, change, counterparts ranked
(states separately from non-state actors, organisations and unknown actors), regions, blocs
(membership as of each delivery year), weapon categories, status mix, local production,
the yearly series, the order backlog and, for importers, the dependence on suppliers.
Every list item carries the deal ids behind it, and ``evidence.command`` reproduces them.
"""

from __future__ import annotations

import shlex
from dataclasses import asdict, dataclass, field
from typing import Any

import polars as pl

from armsledger import TIV_UNIT
from armsledger.actors import classify
from armsledger.analysis.backlog import backlog
from armsledger.analysis.common import (
    STATE_KINDS,
    Period,
    change_pct,
    coverage,
    coverage_warnings,
    share_pct,
    source_note,
)
from armsledger.analysis.lookup import resolve_actor
from armsledger.analysis.volumes import OTHER_SIDE, check_role, ranking
from armsledger.store import Release, Store

_DETAIL_SQL = """
SELECT v.deal_id, v.year, v.tiv, v.split_estimated, d.{other} AS counterpart,
       d.category, d.status, d.local_production,
       a.name, a.kind, a.iso3, a.region, a.subregion
FROM deals d
JOIN deliveries v USING (release_id, deal_id)
JOIN actors a ON a.sipri_name = d.{other}
WHERE d.release_id = $r AND d.{col} IN (SELECT unnest($names)) AND v.year BETWEEN $a AND $b
"""


@dataclass(slots=True)
class PeriodFigures:
    """The figures of one actor in one period (TIV, millions)."""

    period: str
    tiv: float
    world_tiv: float
    share_of_world_pct: float | None
    rank: int | None
    ranked_actors: int
    counterpart_states: int
    counterparts: list[dict[str, Any]]
    non_state_counterparts: list[dict[str, Any]]
    regions: list[dict[str, Any]]
    blocs: list[dict[str, Any]]
    categories: list[dict[str, Any]]
    status: list[dict[str, Any]]
    local_production: dict[str, Any]
    yearly: list[dict[str, Any]]
    dependence: dict[str, Any] | None
    deal_ids: list[str]
    estimated_split_tiv: float
    """TIV that armsledger split evenly over a deal's years (register releases only)."""


@dataclass(slots=True)
class Profile:
    role: str
    actor: str
    iso3: str | None
    kind: str
    actors: list[str]
    release: str
    source: str
    unit: str
    period: PeriodFigures
    compare: PeriodFigures | None
    change_pct: float | None
    backlog: dict[str, Any] | None
    coverage: dict[str, int | None]
    warnings: list[str] = field(default_factory=list)
    evidence_command: str = ""

    def to_dict(self) -> dict[str, Any]:
        """The documented JSON shape (keys are stable; see README 'profile --json')."""
        p, c = self.period, self.compare
        counter = "recipient" if self.role == "exporter" else "supplier"
        out: dict[str, Any] = {
            self.role if self.role == "exporter" else "recipient": self.actor,
            "iso3": self.iso3,
            "kind": self.kind,
            "actors": self.actors,
            "release": self.release,
            "source": self.source,
            "period": p.period,
            "compare": c.period if c else None,
            "unit": self.unit,
            "tiv": p.tiv,
            "world_tiv": p.world_tiv,
            "share_of_world_pct": p.share_of_world_pct,
            "rank": p.rank,
            "ranked_actors": p.ranked_actors,
            "change_pct": self.change_pct,
            f"{counter}_states": p.counterpart_states,
            f"{counter}s": p.counterparts,
            f"non_state_{counter}s": p.non_state_counterparts,
            "regions": p.regions,
            "blocs": p.blocs,
            "categories": p.categories,
            "status": p.status,
            "local_production": p.local_production,
            "yearly": p.yearly,
            "backlog": self.backlog,
        }
        if self.role == "importer":
            out["dependence"] = p.dependence
        out["compare_figures"] = _period_dict(c, counter) if c else None
        out["coverage"] = self.coverage
        out["warnings"] = self.warnings
        out["evidence"] = {
            "deal_ids": p.deal_ids,
            "command": self.evidence_command,
            "estimated_split_tiv": p.estimated_split_tiv,
        }
        return out


def _period_dict(f: PeriodFigures, counter: str) -> dict[str, Any]:
    d = asdict(f)
    d[f"{counter}_states"] = d.pop("counterpart_states")
    d[f"{counter}s"] = d.pop("counterparts")
    d[f"non_state_{counter}s"] = d.pop("non_state_counterparts")
    if d["dependence"] is None:
        d.pop("dependence")
    return d


def _shares(frame: pl.DataFrame, by: list[str], total: float) -> list[dict[str, Any]]:
    """TIV and share of ``total`` per group, biggest first, with the deal ids."""
    if frame.height == 0:
        return []
    grouped = (
        frame.group_by(by)
        .agg(pl.col("tiv").sum(), pl.col("deal_id").unique().sort().alias("deal_ids"))
        .sort(["tiv", *by], descending=[True, *([False] * len(by))], nulls_last=True)
    )
    out = []
    for row in grouped.iter_rows(named=True):
        row["share_pct"] = share_pct(row["tiv"], total)
        out.append(row)
    return out


def _figures(
    detail: pl.DataFrame,
    role: str,
    period: Period,
    label: str,
    members: list[str],
    store: Store,
    release: Release,
    membership: pl.DataFrame,
) -> PeriodFigures:
    rows = detail.filter(pl.col("year").is_between(period.start, period.end))
    rank = ranking(store, release, role, period, merge={label: members})
    mine = rank.table.filter(pl.col("actor") == label)
    tiv = float(rows["tiv"].sum()) if rows.height else 0.0
    states = rows.filter(pl.col("kind").is_in(list(STATE_KINDS)))
    others = rows.filter(~pl.col("kind").is_in(list(STATE_KINDS)))

    counterparts = [
        {
            "actor": r["counterpart"],
            "iso3": r["iso3"],
            "kind": r["kind"],
            "tiv": r["tiv"],
            "share_pct": r["share_pct"],
            "deal_ids": r["deal_ids"],
        }
        for r in _shares(states, ["counterpart", "iso3", "kind"], tiv)
    ]
    non_state = [
        {
            "actor": r["counterpart"],
            "iso3": r["iso3"],
            "kind": r["kind"],
            "tiv": r["tiv"],
            "share_pct": r["share_pct"],
            "deal_ids": r["deal_ids"],
        }
        for r in _shares(others, ["counterpart", "iso3", "kind"], tiv)
    ]
    regions = []
    for r in _shares(
        rows.with_columns(pl.col("region").fill_null("Unknown or none")), ["region"], tiv
    ):
        sub = rows.filter(pl.col("region") == r["region"]).filter(pl.col("subregion").is_not_null())
        r["subregions"] = [
            {"subregion": s["subregion"], "tiv": s["tiv"], "share_pct": s["share_pct"]}
            for s in _shares(sub, ["subregion"], tiv)
        ]
        r.pop("deal_ids")
        regions.append(r)
    in_blocs = (
        states.filter(pl.col("iso3").is_not_null())
        .join(membership, on="iso3")
        .filter(
            (pl.col("year") >= pl.col("start_year"))
            & (pl.col("end_year").is_null() | (pl.col("year") <= pl.col("end_year")))
        )
    )
    blocs = []
    for r in _shares(in_blocs, ["bloc"], tiv):
        members_seen = in_blocs.filter(pl.col("bloc") == r["bloc"])["counterpart"].unique()
        r["members_with_deliveries"] = sorted(members_seen.to_list())
        blocs.append(r)
    categories = [
        {k: v for k, v in r.items() if k != "deal_ids"}
        for r in _shares(
            rows.with_columns(pl.col("category").fill_null("unknown")), ["category"], tiv
        )
    ]
    status = [
        {k: v for k, v in r.items() if k != "deal_ids"}
        for r in _shares(rows.with_columns(pl.col("status").fill_null("unknown")), ["status"], tiv)
    ]
    local = float(rows.filter(pl.col("local_production"))["tiv"].sum()) if rows.height else 0.0
    by_year = {y: 0.0 for y in period.years}
    for year, value in rows.group_by("year").agg(pl.col("tiv").sum()).iter_rows():
        by_year[year] = value
    dependence = None
    if role == "importer":
        shares = [c["share_pct"] or 0.0 for c in counterparts + non_state]
        top = counterparts + non_state
        top = max(top, key=lambda c: c["tiv"]) if top else None
        dependence = {
            "top_supplier": top["actor"] if top else None,
            "top_supplier_share_pct": top["share_pct"] if top else None,
            "hhi": sum(s * s for s in shares) if shares else None,
            "suppliers": len(shares),
        }
    return PeriodFigures(
        period=str(period),
        tiv=tiv,
        world_tiv=rank.world_tiv,
        share_of_world_pct=share_pct(tiv, rank.world_tiv),
        rank=int(mine["rank"][0]) if mine.height and tiv > 0 else None,
        ranked_actors=rank.table.height,
        counterpart_states=len(counterparts),
        counterparts=counterparts,
        non_state_counterparts=non_state,
        regions=regions,
        blocs=blocs,
        categories=categories,
        status=status,
        local_production={"tiv": local, "share_pct": share_pct(local, tiv)},
        yearly=[{"year": y, "tiv": v} for y, v in sorted(by_year.items())],
        dependence=dependence,
        deal_ids=sorted(rows["deal_id"].unique().to_list()),
        estimated_split_tiv=float(rows.filter(pl.col("split_estimated"))["tiv"].sum())
        if rows.height
        else 0.0,
    )


def profile(
    store: Store,
    actor: str,
    *,
    role: str = "exporter",
    period: Period | str = "2020-2024",
    compare: Period | str | None = "previous",
    release: str | None = None,
    include_predecessors: bool = False,
) -> Profile:
    """The profile of ``actor`` as an exporter or an importer (see module docstring).

    ``compare='previous'`` compares with the period of the same length just before;
    ``None`` compares with nothing.
    """
    col = check_role(role)
    other = OTHER_SIDE[role]
    period = Period.parse(period)
    compare_period = (
        period.previous() if compare == "previous" else Period.parse(compare) if compare else None
    )
    rel = store.release(release, needs="deliveries")
    names = resolve_actor(store, rel.release_id, actor, include_predecessors=include_predecessors)
    label = names[0]
    first = min(period.start, compare_period.start if compare_period else period.start)
    last = max(period.end, compare_period.end if compare_period else period.end)
    detail = store.query(
        _DETAIL_SQL.format(col=col, other=other),
        {"r": rel.release_id, "names": names, "a": first, "b": last},
    )
    membership = store.query("SELECT * FROM bloc_membership")
    now = _figures(detail, role, period, label, names, store, rel, membership)
    before = (
        _figures(detail, role, compare_period, label, names, store, rel, membership)
        if compare_period
        else None
    )
    who = classify(label)
    cov = coverage(store, rel)
    flag = "--supplier" if role == "exporter" else "--recipient"
    command = [
        "armsledger",
        "deals",
        flag,
        label,
        "--from",
        str(period.start),
        "--to",
        str(period.end),
        "--release",
        rel.name,
    ]
    if include_predecessors:
        command.append("--include-predecessors")
    return Profile(
        role=role,
        actor=who.name,
        iso3=who.iso3,
        kind=who.kind.value,
        actors=names,
        release=rel.name,
        source=source_note(rel),
        unit=TIV_UNIT,
        period=now,
        compare=before,
        change_pct=change_pct(now.tiv, before.tiv) if before else None,
        backlog=backlog(store, names, role=role),
        coverage={"first_year": cov.first_year, "last_year": cov.last_year},
        warnings=coverage_warnings(cov, period, compare_period),
        evidence_command=shlex.join(command),
    )
