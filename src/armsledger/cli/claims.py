"""`armsledger claims extract|add|list|check`: claims from text, the ledger, verdicts."""

from __future__ import annotations

import json
import sys
from enum import StrEnum
from pathlib import Path
from typing import TYPE_CHECKING, Annotated

import typer
from rich.table import Table

from armsledger.cli.common import console, err_console, open_store, reporting_errors

if TYPE_CHECKING:
    from armsledger.claims.extract import Decision
    from armsledger.claims.model import Claim

app = typer.Typer(help="Claims about arms exports: extract them from text, keep them in the "
                       "ledger, and check them against the data.", no_args_is_help=True)

CLAIM_FILE_SUFFIXES = (".csv", ".yaml", ".yml", ".json")


class Output(StrEnum):
    table = "table"
    json = "json"
    markdown = "markdown"
    csv = "csv"


def _read_claims(path: Path) -> list[Claim]:
    """A claims file (.csv/.yaml/.json) is read as claims; anything else as text to extract."""
    return _read(path)[0]


def _read(path: Path) -> tuple[list[Claim], str | None]:
    """The claims of a file, and the text they were read from (None for a claims file)."""
    if path.suffix.lower() in CLAIM_FILE_SUFFIXES:
        from armsledger.sources.claims_file import read_claims_file

        return read_claims_file(path), None
    from armsledger.claims.extract import extract
    from armsledger.sources.article import load_text

    if str(path) == "-":
        text = sys.stdin.read()
        return extract(text), text
    doc = load_text(path)
    return extract(doc.text, published=doc.date, source=doc.source), doc.text


def _claims_table(claims: list[Claim], title: str) -> Table:
    table = Table(title=title, title_justify="left")
    for col in ("id", "claimant", "subject", "metric", "claimed", "period", "quote"):
        table.add_column(col, overflow="fold")
    for c in claims:
        value = c.stated()
        period = c.period_start if c.period_start == c.period_end else (
            f"{c.period_start}..{c.period_end}")
        table.add_row(str(c.claim_id or ""), c.claimant, c.subject_exporter or "-", c.metric,
                      value, period or "-", c.quote)
    return table


@app.command("extract")
def extract_command(
    ctx: typer.Context,
    file: Annotated[Path, typer.Argument(help="Article: .txt, .md or .html ('-' = stdin).")],
    as_json: Annotated[bool, typer.Option("--json", help="Print JSON (expected.json fields "
                                          "first, then span, amount, source).")] = False,
    explain: Annotated[bool, typer.Option("--explain", help="Show every quantity found in "
                                          "the text and the rule that kept or dropped it.")
                       ] = False,
) -> None:
    """Extract claims (figures about a state's arms exports) from a text, with their quotes."""
    with reporting_errors(ctx, as_json=as_json):
        from armsledger.claims.extract import explain as explain_text
        from armsledger.sources.article import load_text

        if str(file) == "-":
            text, published, source = sys.stdin.read(), None, None
        else:
            doc = load_text(file)
            text, published, source = doc.text, doc.date, doc.source
        decisions = explain_text(text, published=published, source=source)
        claims = [d.claim for d in decisions if d.kept and d.claim is not None]
        if explain:
            _print_decisions(decisions, file, as_json)
            return
        if as_json:
            typer.echo(json.dumps([c.to_dict() for c in claims], indent=2, ensure_ascii=False))
            return
        if not claims:
            console.print(f"No claims found in {file}.", markup=False)
            return
        console.print(_claims_table(claims, f"{len(claims)} claims in {file}"))


def _print_decisions(decisions: list[Decision], file: Path, as_json: bool) -> None:
    if as_json:
        typer.echo(json.dumps([{
            "text": d.text, "span": list(d.span), "kind": d.kind, "kept": d.kept,
            "rule": d.rule, "reason": d.reason, "how": d.how,
            "claim": d.claim.to_dict() if d.claim and d.kept else None,
        } for d in decisions], indent=2, ensure_ascii=False))
        return
    table = Table(title=f"{len(decisions)} quantities in {file}: "
                        f"{sum(d.kept for d in decisions)} claims", title_justify="left")
    for col in ("quantity", "kind", "decision", "why", "claim"):
        table.add_column(col, overflow="fold")
    for d in decisions:
        c = d.claim if d.kept else None
        what = ""
        if c is not None:
            end = f"..{c.period_end}" if c.period_end and c.period_end != c.period_start else ""
            what = (f"{c.subject_exporter} {c.metric} "
                    f"{c.period_start or c.period_relative or '?'}{end}")
        how = ", ".join(f"{k}: {v}" for k, v in d.how.items()) if d.how else ""
        table.add_row(d.text, d.kind, "kept" if d.kept else d.rule,
                      d.reason + (f" ({how})" if how else ""), what)
    console.print(table)


@app.command("evaluate")
def evaluate_command(
    ctx: typer.Context,
    folder: Annotated[Path, typer.Argument(help="Corpus folder: annotations.json and texts/.")],
    split: Annotated[str | None, typer.Option(help="Score only this split (dev, test); "
                                              "all texts when omitted.")] = None,
    as_json: Annotated[bool, typer.Option("--json", help="Print the scores as JSON.")] = False,
    show: Annotated[int, typer.Option(help="List at most this many misses and false "
                                      "positives.")] = 200,
) -> None:
    """Score the extractor on an annotated corpus: precision, recall, per metric, and the
    misses and false positives."""
    with reporting_errors(ctx, as_json=as_json):
        from armsledger.claims.evaluate import evaluate, load_corpus

        score = evaluate(load_corpus(folder), split)
        result = score.to_dict()
        if as_json:
            typer.echo(json.dumps(result, indent=2, ensure_ascii=False))
            return
        table = Table(title=f"{folder}{' (' + split + ')' if split else ''}: "
                            f"{result['texts']} texts", title_justify="left")
        for col in ("metric", "annotated", "predicted", "matched", "precision", "recall"):
            table.add_column(col, justify="left" if col == "metric" else "right")
        for m, r in result["per_metric"].items():
            table.add_row(m, str(r["annotated"]), str(r["predicted"]), str(r["matched"]),
                          f"{r['precision']:.2f}", f"{r['recall']:.2f}")
        table.add_row("all", str(result["annotated"]), str(result["predicted"]),
                      str(result["matched"]), f"{result['precision']:.2f}",
                      f"{result['recall']:.2f}", style="bold")
        console.print(table)
        loose = result["ignoring_period"]
        console.print(f"Ignoring the period: precision {loose['precision']:.2f}, recall "
                      f"{loose['recall']:.2f}. Qualifier agrees on "
                      f"{result['qualifier_agreement']}, claimant on "
                      f"{result['claimant_agreement']} of matched claims.", markup=False)
        for m in result["misses"][:show]:
            g = m["claim"]
            console.print(f"MISS {m['file']}: {g.get('subject_exporter')} {g.get('metric')} "
                          f"{g.get('value')} {g.get('unit')} {g.get('period_start')}.."
                          f"{g.get('period_end')} | {g.get('quote')!r} -> {m['nearest']}",
                          markup=False)
        for f in result["false_positives"][:show]:
            c = f["claim"]
            console.print(f"FALSE {f['file']}: {c['subject_exporter']} {c['metric']} "
                          f"{c['value']} {c['unit']} {c['period_start']}..{c['period_end']} | "
                          f"{c['quote']!r}", markup=False)


@app.command("add")
def add_command(
    ctx: typer.Context,
    file: Annotated[Path, typer.Argument(help="Claims file (.csv, .yaml, .json) or an article "
                                         "(.txt, .md, .html) to extract from.")],
) -> None:
    """Add claims to the ledger (claims already there are skipped)."""
    from armsledger.claims.ledger import add_claims

    with reporting_errors(ctx), open_store(ctx, write=True) as store:
        claims = _read_claims(file)
        origin = "file" if file.suffix.lower() in CLAIM_FILE_SUFFIXES else "extracted"
        report = add_claims(store, claims, origin=origin)
        console.print(f"Added {len(report.added)} claims from {file}"
                      + (f"; {len(report.skipped)} already in the ledger" if report.skipped
                         else ""), markup=False)


@app.command("list")
def list_command(
    ctx: typer.Context,
    subject: Annotated[str | None, typer.Option(help="Exporter ISO3, e.g. RUS.")] = None,
    metric: Annotated[str | None, typer.Option(help="e.g. export_value.")] = None,
    fmt: Annotated[Output, typer.Option("--format", help="table, json or csv.")] = Output.table,
) -> None:
    """List the claims in the ledger."""
    from armsledger.claims.ledger import list_claims, write_claims_csv

    with reporting_errors(ctx, as_json=fmt is Output.json), open_store(ctx) as store:
        claims = list_claims(store, subject=subject, metric=metric)
        if fmt is Output.json:
            typer.echo(json.dumps([c.to_dict() for c in claims], indent=2, ensure_ascii=False))
        elif fmt is Output.csv:
            typer.echo(write_claims_csv(claims), nl=False)
        else:
            console.print(_claims_table(claims, f"{len(claims)} claims in the ledger"))


@app.command("check")
def check_command(
    ctx: typer.Context,
    file: Annotated[Path | None, typer.Argument(
        help="An article (.txt, .md, .html; '-' = stdin) or a claims file (.csv, .yaml, .json)."
    )] = None,
    check_all: Annotated[bool, typer.Option("--all", help="Check every claim in the ledger.")
                         ] = False,
    as_json: Annotated[bool, typer.Option("--json", help="JSON: a list of {claim, verdict, "
                                          "evidence, method}.")] = False,
    markdown: Annotated[bool, typer.Option("--markdown", help="A readable Markdown report.")
                        ] = False,
    out: Annotated[Path | None, typer.Option(help="Write the report to this file (Markdown: "
                                             "charts are written beside it).")] = None,
    release: Annotated[str | None, typer.Option(help="Release (default: newest).")] = None,
) -> None:
    """Check claims against the data: a verdict, the evidence and the method for each."""
    from armsledger.claims.check import check_claims
    from armsledger.claims.ledger import list_claims
    from armsledger.claims.report import markdown_report

    if (file is None) == (not check_all):
        raise typer.BadParameter("give a FILE or --all (one of them)")
    with reporting_errors(ctx, as_json=as_json), open_store(ctx) as store:
        claims, source_text = ([], None) if file is None else _read(file)
        if file is None:
            claims = list_claims(store)
        checks = check_claims(store, claims, release=release, text=source_text)
        if as_json:
            text = json.dumps([c.to_dict() for c in checks], indent=2, ensure_ascii=False)
        elif markdown:
            text = markdown_report(checks, chart_dir=out.parent if out else None,
                                   chart_prefix=out.stem if out else "claim")
        else:
            text = None
        if text is not None:
            if out:
                out.write_text(text + ("" if text.endswith("\n") else "\n"), encoding="utf-8")
                err_console.print(f"Wrote {out}", markup=False)
            else:
                typer.echo(text)
            return
        if not checks:
            console.print(f"No claims found in {file}; nothing to check.", markup=False)
            return
        for i, c in enumerate(checks, 1):
            cl = c.claim
            value = cl.stated()
            console.print(f"[bold]{i}. {c.verdict.upper()}[/bold]", highlight=False)
            console.print(f"   \"{cl.quote}\" ({cl.claimant}; {cl.subject_exporter}, "
                          f"{cl.metric}, {value}, {cl.period_start}..{cl.period_end})",
                          markup=False, soft_wrap=True)
            console.print(f"   {c.method}", markup=False, soft_wrap=True)
            ev = c.evidence
            if ev.get("command"):
                console.print(f"   Reproduce: {ev['command']}", markup=False, soft_wrap=True)
            if ev.get("deal_ids"):
                ids = ev["deal_ids"]
                console.print(f"   Deals ({len(ids)}): {' '.join(ids[:20])}"
                              + (" ..." if len(ids) > 20 else ""), markup=False, soft_wrap=True)
            if c.series is not None and c.series.height:
                console.print("   Claimed vs. SIPRI TIV: " + ", ".join(
                    f"{r['year']}: {r['claimed']:g} / "
                    f"{'-' if r['tiv'] is None else format(r['tiv'], ',.0f')}"
                    for r in c.series.iter_rows(named=True)), markup=False, soft_wrap=True)
        console.print(f"Source: {checks[0].evidence.get('source', '')}", markup=False,
                      soft_wrap=True)
