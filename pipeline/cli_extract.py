"""The `extract` and `evaluate` commands: one article to JSON or a table; the gold corpus to scores."""

from __future__ import annotations

import json
from enum import Enum
from pathlib import Path
from typing import Optional

import typer

from .errors import ZhaimaoError


class ExtractFormat(str, Enum):
    json = "json"
    table = "table"


class Lang(str, Enum):
    auto = "auto"
    zh = "zh"
    en = "en"


def _table(result) -> str:
    from io import StringIO

    from rich.console import Console
    from rich.table import Table

    buf = StringIO()
    console = Console(file=buf, width=160)
    art = result.article
    console.print(f"[bold]{art.id}[/] lang={art.lang} published={art.published} ({art.published_from})")
    t = Table(title="exit records", title_justify="left")
    for col in ("adcode", "county", "province", "status", "date", "authority", "batch", "surface"):
        t.add_column(col)
    for r in result.records:
        date = f"{r.date.value} ({r.date.granularity})" if r.date else "—"
        t.add_row(r.county.adcode, r.county.name, r.county.province, r.status, date,
                  r.authority or "—", str(r.batch_year or "—"), r.surface)
    console.print(t)
    if result.aggregates:
        t = Table(title="aggregates", title_justify="left")
        for col in ("count", "province", "named", "lower bound", "status", "evidence"):
            t.add_column(col)
        for a in result.aggregates:
            t.add_row(str(a.count), a.province or "—", str(a.named), "yes" if a.lower_bound else "no",
                      a.status, a.evidence.text)
        console.print(t)
    if result.claims:
        t = Table(title="counts", title_justify="left")
        for col in ("value", "unit", "scope", "qualifiers", "text"):
            t.add_column(col)
        for c in result.claims:
            t.add_row(str(c.value), c.unit, c.scope or "—", ",".join(c.qualifiers), c.evidence.text)
        console.print(t)
    if result.findings:
        t = Table(title="findings", title_justify="left")
        for col in ("check", "status", "stated", "computed", "message"):
            t.add_column(col)
        for f in result.findings:
            t.add_row(f.check, f.status, str(f.stated), str(f.computed), f.message)
        console.print(t)
    for p in result.problems:
        console.print(f"[yellow]{p.message}[/]")
    return buf.getvalue()


def register(app: typer.Typer) -> None:
    """Add `extract` and `evaluate` to the main app."""

    @app.command("extract")
    def extract_cmd(
        file: str = typer.Argument(..., help="Article text file, or - for stdin."),
        published: Optional[str] = typer.Option(None, "--published", help="Publication date (ISO)."),
        lang: Lang = typer.Option(Lang.auto, "--lang"),
        fmt: ExtractFormat = typer.Option(ExtractFormat.json, "--format", "-f"),
        article_id: Optional[str] = typer.Option(None, "--id", help="Article id (default: sha256 of the text)."),
    ) -> None:
        """Exit records, aggregates, counts, findings and problems of one article."""
        from .api import extract
        from .ingest import InputError, read_input

        try:
            text, source = read_input(file)
            result = extract(text, lang=lang.value, published=published, article_id=article_id, source=source)
        except (ZhaimaoError, InputError) as exc:
            typer.echo(str(exc), err=True)
            code = 2 if str(exc).startswith(("E002", "E003")) else 3
            raise typer.Exit(code)
        if fmt is ExtractFormat.json:
            typer.echo(result.model_dump_json(indent=2))
        else:
            typer.echo(_table(result))

    @app.command("evaluate")
    def evaluate_cmd(
        gold: Path = typer.Argument(Path("corpora/gold"), help="Gold corpus folder (with zh/ en/)."),
        lang: Optional[str] = typer.Option(None, "--lang", help="Only this language."),
        errors: bool = typer.Option(True, "--errors/--no-errors", help="Print per-article errors to stderr."),
        fmt: ExtractFormat = typer.Option(ExtractFormat.table, "--format", "-f"),
    ) -> None:
        """Precision, recall and F1 per field against the gold corpus."""
        from .evaluate import evaluate

        per_article: dict = {}
        subsets = (lang,) if lang else ("zh", "en")
        scores = evaluate(gold, subsets, per_article)
        try:
            from .checks.evaluate import score_findings

            checks_dir = gold / "checks"
            if checks_dir.is_dir() and lang is None:
                scores["checks"] = score_findings(checks_dir)
        except ImportError:
            pass
        if errors:
            for name, errs in sorted(per_article.items()):
                typer.echo(f"{name}:", err=True)
                for e in errs:
                    typer.echo(f"  - {e}", err=True)
        if fmt is ExtractFormat.json:
            typer.echo(json.dumps(scores, ensure_ascii=False, indent=2))
            return
        lines = [f"gold corpus {gold} (digest {scores['digest']})"]
        for key in ("zh", "en", "overall"):
            s = scores.get(key)
            if not s:
                continue
            e = s["exit_county"]
            lines.append(
                f"{key:8} articles {s['articles']:3}  exit P {e['precision']:.3f} R {e['recall']:.3f} "
                f"F1 {e['f1']:.3f}  status {s['status']['accuracy']:.3f}  date {s['date']['accuracy']:.3f}  "
                f"authority {s['authority']['accuracy']:.3f}  counts F1 {s['counts']['f1']:.3f}  "
                f"aggregates F1 {s['aggregates']['f1']:.3f}  records on negatives "
                f"{s['exit_records_on_negatives']} ({s['negative_articles']} articles)")
        if "checks" in scores:
            c = scores["checks"]
            lines.append(f"checks   fail findings: {json.dumps(c.get('overall', c), ensure_ascii=False)}")
        typer.echo("\n".join(lines))
