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
ORDER BY v.year, d.{other}, v.deal_id  -- a fixed order makes float sums reproducible
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


class _Groups:
    """TIV and deal ids summed per key, in one pass over the delivery rows."""

    def __init__(self) -> None:
        self.tiv: dict[Any, float] = {}
        self.deals: dict[Any, set[str]] = {}

    def add(self, key: Any, tiv: float, deal_id: str) -> None:
        self.tiv[key] = self.tiv.get(key, 0.0) + tiv
        self.deals.setdefault(key, set()).add(deal_id)

    def ranked(self, total: float) -> list[tuple[Any, float, float | None, list[str]]]:
        """(key, tiv, share of ``total``, sorted deal ids), biggest first, ties by key."""

        def order(key: Any) -> tuple[Any, ...]:
            parts = key if isinstance(key, tuple) else (key,)
            return (-self.tiv[key], *((p is None, p or "") for p in parts))

        return [
            (k, self.tiv[k], share_pct(self.tiv[k], total), sorted(self.deals[k]))
            for k in sorted(self.tiv, key=order)
        ]


def _bloc_spells(store: Store) -> dict[str, list[tuple[str, int, int | None]]]:
    """ISO3 -> [(bloc, start year, end year or None)], from the dated membership table."""

    def read() -> dict[str, list[tuple[str, int, int | None]]]:
        out: dict[str, list[tuple[str, int, int | None]]] = {}
        for bloc, iso3, start, end in store.execute(
            "SELECT bloc, iso3, start_year, end_year FROM bloc_membership"
        ):
            out.setdefault(iso3, []).append((bloc, start, end))
        return out

    return store.memo(("bloc_spells",), read)


def _figures(
    detail: pl.DataFrame,
    role: str,
    period: Period,
    label: str,
    members: list[str],
    store: Store,
    release: Release,
) -> PeriodFigures:
    rank = ranking(store, release, role, period, merge={label: members})
    mine = rank.table.filter(pl.col("actor") == label)
    spells = _bloc_spells(store)
    rows = detail.filter(pl.col("year").is_between(period.start, period.end))
    states, others, regions, subregions = _Groups(), _Groups(), _Groups(), _Groups()
    blocs, categories, status = _Groups(), _Groups(), _Groups()
    bloc_members: dict[str, set[str]] = {}
    by_year = {y: 0.0 for y in period.years}
    total = local = split = 0.0
    deal_ids: set[str] = set()
    for r in rows.iter_rows(named=True):
        tiv, deal = r["tiv"] or 0.0, r["deal_id"]
        total += tiv
        deal_ids.add(deal)
        by_year[r["year"]] += tiv
        if r["local_production"]:
            local += tiv
        if r["split_estimated"]:
            split += tiv
        key = (r["counterpart"], r["iso3"], r["kind"])
        is_state = r["kind"] in STATE_KINDS
        (states if is_state else others).add(key, tiv, deal)
        region = r["region"] or "Unknown or none"
        regions.add(region, tiv, deal)
        if r["subregion"]:
            subregions.add((region, r["subregion"]), tiv, deal)
        categories.add(r["category"] or "unknown", tiv, deal)
        status.add(r["status"] or "unknown", tiv, deal)
        if is_state and r["iso3"]:
            for bloc, start, end in spells.get(r["iso3"], ()):
                if start <= r["year"] and (end is None or r["year"] <= end):
                    blocs.add(bloc, tiv, deal)
                    bloc_members.setdefault(bloc, set()).add(r["counterpart"])

    def actors(groups: _Groups) -> list[dict[str, Any]]:
        return [
            {"actor": k[0], "iso3": k[1], "kind": k[2], "tiv": t, "share_pct": sh, "deal_ids": ids}
            for k, t, sh, ids in groups.ranked(total)
        ]

    counterparts, non_state = actors(states), actors(others)
    sub_ranked = subregions.ranked(total)
    dependence = None
    if role == "importer":
        everyone = counterparts + non_state
        shares = [c["share_pct"] or 0.0 for c in everyone]
        top = max(everyone, key=lambda c: c["tiv"]) if everyone else None
        dependence = {
            "top_supplier": top["actor"] if top else None,
            "top_supplier_share_pct": top["share_pct"] if top else None,
            "hhi": sum(s * s for s in shares) if shares else None,
            "suppliers": len(shares),
        }
    return PeriodFigures(
        period=str(period),
        tiv=total,
        world_tiv=rank.world_tiv,
        share_of_world_pct=share_pct(total, rank.world_tiv),
        rank=int(mine["rank"][0]) if mine.height and total > 0 else None,
        ranked_actors=rank.table.height,
        counterpart_states=len(counterparts),
        counterparts=counterparts,
        non_state_counterparts=non_state,
        regions=[
            {
                "region": k,
                "tiv": t,
                "share_pct": sh,
                "subregions": [
                    {"subregion": sk[1], "tiv": st, "share_pct": ssh}
                    for sk, st, ssh, _ in sub_ranked
                    if sk[0] == k
                ],
            }
            for k, t, sh, _ in regions.ranked(total)
        ],
        blocs=[
            {
                "bloc": k,
                "tiv": t,
                "share_pct": sh,
                "deal_ids": ids,
                "members_with_deliveries": sorted(bloc_members[k]),
            }
            for k, t, sh, ids in blocs.ranked(total)
        ],
        categories=[
            {"category": k, "tiv": t, "share_pct": sh} for k, t, sh, _ in categories.ranked(total)
        ],
        status=[{"status": k, "tiv": t, "share_pct": sh} for k, t, sh, _ in status.ranked(total)],
        local_production={"tiv": local, "share_pct": share_pct(local, total)},
        yearly=[{"year": y, "tiv": v} for y, v in sorted(by_year.items())],
        dependence=dependence,
        deal_ids=sorted(deal_ids),
        estimated_split_tiv=split,
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
    now = _figures(detail, role, period, label, names, store, rel)
    before = (
        _figures(detail, role, compare_period, label, names, store, rel) if compare_period else None
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
