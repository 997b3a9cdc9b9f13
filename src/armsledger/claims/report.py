"""A readable Markdown report of claim checks, for a journalist to paste."""

from __future__ import annotations

from pathlib import Path

from armsledger import TIV_UNIT
from armsledger.claims.check import Check, series_checks
from armsledger.claims.model import Claim

_MAX_DEALS = 25


def _num(v: float | None, digits: int = 0) -> str:
    return "-" if v is None else f"{v:,.{digits}f}"


def _period(c: Claim) -> str:
    if not c.period_start:
        return "no period"
    return (
        c.period_start
        if c.period_start == c.period_end
        else (f"{c.period_start} to {c.period_end}")
    )


def markdown_report(
    checks: list[Check], *, chart_dir: Path | None = None, chart_prefix: str = "claim"
) -> str:
    """The report as Markdown; with ``chart_dir``, money-trend charts are written there as PNG
    and linked (relative to that folder)."""
    lines = ["# Claims checked against SIPRI data", ""]
    if checks:
        ev = checks[0].evidence
        lines += [
            f"Data: {ev.get('source', '')}. SIPRI's trend-indicator value (TIV, millions) "
            "measures the volume of major conventional arms delivered; it is not money, and "
            "money claims are never converted into it.",
            "",
        ]
        counts: dict[str, int] = {}
        for c in checks:
            counts[c.verdict] = counts.get(c.verdict, 0) + 1
        lines += ["| # | claim | claimant | period | verdict |", "|---|---|---|---|---|"]
        for i, c in enumerate(checks, 1):
            quote = c.claim.quote.replace("|", "\\|")
            lines.append(
                f"| {i} | {quote} | {c.claim.claimant} | {_period(c.claim)} | **{c.verdict}** |"
            )
        lines += ["", "Verdicts: " + ", ".join(f"{v} {n}" for v, n in counts.items()), ""]
        series = series_checks(checks)
        if series:
            lines += ["## Money series (each tested once)", ""]
            for sc in series:
                lines.append(f"- {sc['exporter']} {sc['metric']} in {sc['currency']}, "
                             f"{sc['years'][0]}-{sc['years'][1]}: **{sc['verdict']}**. "
                             f"{sc['method']}")
            lines.append("")
    else:
        lines += ["No claims were found or given, so nothing was checked.", ""]
    for i, c in enumerate(checks, 1):
        cl = c.claim
        lines += [f"## {i}. {cl.quote}", ""]
        if c.in_context is not None:
            lines += [f"> {c.in_context.markdown()}", ""]
        lines.append(f"- **Verdict: {c.verdict}**")
        lines.append(
            f"- Claimant: {cl.claimant}; subject: {cl.subject_exporter or '-'}; "
            f"metric: {cl.metric}; period: {_period(cl)}"
        )
        value = cl.stated()
        lines.append(f"- Claimed: {value}")
        src = cl.source
        where = ", ".join(x for x in (src.outlet, src.date, src.url or src.file) if x)
        if where:
            lines.append(f"- Source of the claim: {where}")
        first, _sep, rest = c.method.partition(". ")
        lines.append(f"- Method: {first.rstrip('.')}.")
        if rest:
            lines.append(f"- Details: {rest}")
        ev = c.evidence
        for key in ("measured", "measured_recipient_states", "recipient_states_with_orders"):
            if key in ev and ev[key] is not None:
                digits = 0 if float(ev[key]).is_integer() else 1
                lines.append(f"- {key.replace('_', ' ').capitalize()}: {_num(ev[key], digits)}")
        if ev.get("command"):
            lines.append(f"- Reproduce: `{ev['command']}`")
        deals = ev.get("deal_ids") or []
        if deals:
            more = f" and {len(deals) - _MAX_DEALS} more" if len(deals) > _MAX_DEALS else ""
            lines.append(f"- Deals ({len(deals)}): {', '.join(deals[:_MAX_DEALS])}{more}")
        if ev.get("context"):
            ctx = ev["context"]
            simple = {k: v for k, v in ctx.items() if not isinstance(v, list | dict)}
            lines.append(
                "- Context: "
                + "; ".join(
                    f"{k.replace('_', ' ')} {v if not isinstance(v, float) else _num(v, 1)}"
                    for k, v in simple.items()
                )
            )
        if c.series is not None and c.series.height:
            lines += [
                "",
                f"| year | claimed ({ev.get('claimed_unit', '')}) | SIPRI ({TIV_UNIT}) |",
                "|---|---|---|",
            ]
            for r in c.series.iter_rows(named=True):
                lines.append(f"| {r['year']} | {_num(r['claimed'], 2)} | {_num(r['tiv'])} |")
            if chart_dir is not None and c.series.drop_nulls().height >= 2:
                from armsledger.charts import claim_trend_chart, save_chart

                name = f"{chart_prefix}-{i}.png"
                chart = claim_trend_chart(
                    c.series,
                    exporter=cl.subject_exporter or "",
                    claimed_unit=ev.get("claimed_unit", ""),
                    source=f"Source: {ev.get('source', '')}",
                )
                save_chart(chart, chart_dir / name)
                lines += ["", f"![claimed vs. measured trend]({name})"]
        lines.append("")
    lines.append(
        "Source of the data: SIPRI Arms Transfers Database, "
        "https://www.sipri.org/databases/armstransfers. TIV is not money."
    )
    return "\n".join(lines) + "\n"
