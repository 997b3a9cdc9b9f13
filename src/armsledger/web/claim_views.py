"""Claim checker pieces: claims and verdicts as tables, highlighted quotes, trend charts."""

from __future__ import annotations

from typing import Any

from armsledger import TIV_UNIT
from armsledger.web import specs
from armsledger.web.tables import (
    Column,
    Table,
    fmt_change,
    fmt_int,
    fmt_number,
    fmt_pct,
    fmt_tiv,
)
from armsledger.web.urls import Params, deals_url, years_of

# -- claims -----------------------------------------------------------------------------------


METRIC_LABELS = {
    "export_value": "export value", "contracts_value": "new contracts", "order_book": "order book",
    "licences_value": "licences", "recipient_countries": "recipient countries",
    "cooperation_projects": "cooperation projects",
    "cooperation_partner_states": "cooperation partners", "global_share": "share of world",
    "rank": "rank",
}


def _claimed(c: Any) -> str:
    qual = "" if c.qualifier in ("exact", "range") else f"{c.qualifier} "
    if getattr(c, "value_low", None) is not None and getattr(c, "value_high", None) is not None:
        cur = f"{c.currency} " if c.currency else ""
        return f"{cur}{fmt_number(c.value_low)}–{fmt_number(c.value_high)} {c.unit}"
    if c.metric == "global_share":
        return f"{qual}{fmt_number(c.value)}%"
    if c.metric == "rank":
        return f"{qual}#{fmt_number(c.value)}"
    cur = f"{c.currency} " if c.currency else ""
    return f"{qual}{cur}{fmt_number(c.value)} {c.unit}"


def _period_text(c: Any) -> str:
    if not c.period_start:
        return "–"
    if not c.period_end or c.period_end == c.period_start:
        return str(c.period_start)
    return f"{c.period_start} to {c.period_end}"


def evidence_items(check: Any) -> list[tuple[str, str]]:
    """The figures a reader needs to judge a verdict, formatted, from ``check.evidence``."""
    ev = check.evidence
    c = check.claim
    out: list[tuple[str, str]] = []
    if "measured_recipient_states" in ev:
        out.append((f"recipient states {ev.get('period', '')}".strip(),
                    fmt_int(ev["measured_recipient_states"])))
        if ev.get("recipient_states_with_orders") is not None:
            out.append(("states with orders", fmt_int(ev["recipient_states_with_orders"])))
    if "measured" in ev:
        m = ev["measured"]
        if c.metric == "global_share":
            out.append((f"share of world {ev.get('period', '')}".strip(), fmt_pct(m)))
        elif m is not None:
            out.append((f"rank {ev.get('period', '')}".strip(), f"#{m}"))
    if ev.get("tiv") is not None and "measured" in ev:
        out.append((TIV_UNIT, fmt_tiv(ev["tiv"])))
    if "compared_years" in ev:
        a, b = ev["compared_years"]
        out.append(("years compared", f"{a}-{b}"))
        out.append(("claimed change", fmt_change(ev.get("claimed_change_pct"))))
        out.append(("TIV change", fmt_change(ev.get("tiv_change_pct"))))
    if "year" in ev and "claimed_index_pct" in ev:
        out.append((f"claim {ev['year']} vs its series mean", fmt_pct(ev["claimed_index_pct"])))
        out.append((f"TIV {ev['year']} vs its mean", fmt_pct(ev["tiv_index_pct"])))
    if ev.get("series_check"):
        sc = ev["series_check"]
        out.append((f"series {sc['years'][0]}-{sc['years'][1]}", sc["verdict"]))
    if "latest_year" in ev:
        out.append(("latest data year", str(ev["latest_year"])))
    ctx = ev.get("context") or {}
    if ctx.get("tiv_change_pct") is not None and ctx.get("latest_period"):
        out.append((f"TIV {ctx['previous_period']} → {ctx['latest_period']}",
                    fmt_change(ctx["tiv_change_pct"])))
    if ctx.get("recipient_states") is not None:
        out.append((f"recipient states {ctx.get('latest_period', '')}".strip(),
                    fmt_int(ctx["recipient_states"])))
    if "open_orders" in ctx:
        out.append((f"open orders (end {ctx.get('as_of_year')})", fmt_int(ctx["open_orders"])))
        out.append((f"outstanding ({TIV_UNIT})", fmt_tiv(ctx["tiv_outstanding"])))
    if "deals_ordered" in ctx:
        out.append((f"deals ordered {ctx.get('period', '')}".strip(),
                    fmt_int(ctx["deals_ordered"])))
        out.append((f"TIV of orders ({TIV_UNIT})", fmt_tiv(ctx["tiv_of_orders"])))
    if "licensed_production_states" in ctx:
        states = ctx["licensed_production_states"]
        out.append((f"states producing its designs {ev.get('period', '')}".strip(),
                    ", ".join(states) if states else "none"))
        out.append(("licensed/co-development deals", fmt_int(ctx["licensed_production_deals"])))
    return out


def evidence_links(check: Any, params: Params | None = None) -> list[tuple[str, str]]:
    """Links to the deals behind a verdict's figures (and to the claim's source)."""
    ev = check.evidence
    c = check.claim
    release = params.release if params else None
    subject = c.subject_exporter
    out: list[tuple[str, str | None]] = []
    if subject and ev.get("period") and ("measured" in ev or "measured_recipient_states" in ev):
        a, b = years_of(ev["period"])
        out.append((f"deals {ev['period']}", deals_url(supplier=subject, year_from=a, year_to=b,
                                                       release=release)))
    if subject and "compared_years" in ev:
        a, b = ev["compared_years"]
        out.append((f"deals {a}-{b}", deals_url(supplier=subject, year_from=a, year_to=b,
                                                release=release)))
    ctx = ev.get("context") or {}
    if subject and ctx.get("latest_period") and "compared_years" not in ev:
        a, b = years_of(ctx["latest_period"])
        out.append((f"deals {ctx['latest_period']}", deals_url(supplier=subject, year_from=a,
                                                               year_to=b, release=release)))
    if subject and "open_orders" in ctx:
        out.append(("open orders", deals_url(supplier=subject, open_orders=True)))
    if "deals_ordered" in ctx:
        url = deals_url(ids=ctx.get("deal_ids") or [], release=ctx.get("orders_release"))
        if url:
            out.append(("deals ordered", url))
    if "licensed_production_states" in ctx and ev.get("deal_ids"):
        url = deals_url(ids=ev["deal_ids"], release=release)
        if url:
            out.append(("licensed production deals", url))
    if c.source and c.source.url:
        out.append(("source", c.source.url))
    return [(t, u) for t, u in out if u]


def checks_table(name: str, title: str, checks: list[Any], params: Params | None = None, *,
                 anchors: bool = False, subject: bool = True) -> Table:
    rows = []
    for i, ch in enumerate(checks, 1):
        c = ch.claim
        rows.append({
            "n": i, "quote": c.quote, "claimant": c.claimant, "subject": c.subject_exporter,
            "metric": METRIC_LABELS.get(c.metric, c.metric), "claimed": _claimed(c),
            "period": _period_text(c),
            "verdict": ch.verdict, "method": ch.method, "figures": evidence_items(ch),
            "links": evidence_links(ch, params),
            "source": (c.source.title or c.source.outlet or c.source.url) if c.source else None,
            "_raw": {"figures": ch.evidence, "links": [u for _, u in evidence_links(ch, params)],
                     "claim": ch.claim.to_dict(), "metric": c.metric},
            "anchor": f"claim-{i}",
        })
    cols = [Column("n", "#", "int", link=(lambda r: f"#q-{r['n']}") if anchors else None),
            Column("quote", "Claim (quote)", "long"),
            Column("claimant", "Claimant"),
            Column("subject", "Exporter", show=subject),
            Column("metric", "Metric"),
            Column("claimed", "Claimed", "nowrap"),
            Column("period", "Period", "nowrap"),
            Column("verdict", "Verdict", "verdict"),
            Column("method", "Method", "folded"),
            Column("figures", "Evidence", "evidence"),
            Column("links", "Deals and source", "links"),
            Column("source", "Source", show=False),
            Column("claim", "Claim", show=False)]
    return Table(name, title, cols, rows, unit=None, empty="No claims.",
                 row_anchor="anchor" if anchors else None,
                 note="Verdicts: consistent / inconsistent (compared with the figure the method "
                      "names, within its tolerance), not comparable (money vs. SIPRI's volume "
                      "measure: levels are never compared), not checkable (the data cannot "
                      "settle it).")


def first_claim_chart(checks: list[Any]) -> dict[str, Any] | None:
    """The claimed-vs-measured index chart of the first money-trend check that has one."""
    return next(iter(claim_charts(checks).values()), None)


def claim_charts(checks: list[Any]) -> dict[str, dict[str, Any]]:
    """One index chart per claimed series (exporter, metric, currency, unit)."""
    out: dict[str, dict[str, Any]] = {}
    seen: set[tuple[Any, ...]] = set()
    for ch in checks:
        c = ch.claim
        key = (c.subject_exporter, c.metric, c.currency, c.unit)
        if ch.series is None or key in seen:
            continue
        ev = ch.evidence
        spec = specs.claim_spec(ch.series, exporter=c.subject_exporter or "exporter",
                                claimed_unit=ev.get("claimed_unit", c.unit),
                                source=ev.get("source", ""))
        if spec:
            seen.add(key)
            out[f"claim-chart-{len(out) + 1}"] = spec
    return out


def highlight(text: str, claims: list[Any]) -> list[dict[str, Any]]:
    """The text cut into segments; a segment that is a claim's quote carries its number and
    verdict (claims overlapping an earlier one are not highlighted twice)."""
    marks = sorted(((c.span[0], c.span[1], i, verdict) for i, (c, verdict) in
                    enumerate(claims, 1) if c.span and 0 <= c.span[0] < c.span[1] <= len(text)),
                   key=lambda m: (m[0], -m[1]))
    out: list[dict[str, Any]] = []
    pos = 0
    for a, b, n, verdict in marks:
        if a < pos:
            continue
        if a > pos:
            out.append({"text": text[pos:a]})
        out.append({"text": text[a:b], "n": n, "verdict": verdict,
                    "slug": verdict.replace(" ", "-")})
        pos = b
    if pos < len(text):
        out.append({"text": text[pos:]})
    return out


