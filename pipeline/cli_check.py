"""The `check` command: statcheck-style findings for one article, a store or a results file.

    zhaimao check ARTICLE.txt --published 2020-11-21     # single-article checks
    zhaimao check --db exits.sqlite                       # C4, C9, C10 across the store
    zhaimao check --results results.jsonl                 # C4, C9, C10 across ArticleResults

Findings go to stdout (a table, or JSON), a summary to stderr. Exit codes: 0 clean, 1 a
`fail` at or above --fail-on, 2 usage error, 3 unreadable input.
"""

from __future__ import annotations

import json
import logging
import sys
from enum import Enum
from pathlib import Path
from typing import Iterator, Optional

import typer

from .errors import ZhaimaoError
from .ingest import InputError
from .records import ArticleResult, Finding

logger = logging.getLogger(__name__)


class CheckFormat(str, Enum):
    table = "table"
    json = "json"


class CheckLang(str, Enum):
    auto = "auto"
    zh = "zh"
    en = "en"


class FailOn(str, Enum):
    error = "error"
    warning = "warning"


# -- plain functions ------------------------------------------------------------------------


def read_text(path: str) -> tuple[str, str]:
    """Text of a file or of stdin for '-', and a source label (ingest's decoding policy)."""
    from .ingest import read_input

    return read_input(path)


def check_article(text: str, *, published: Optional[str] = None, lang: str = "auto",
                  source: Optional[str] = None, article_id: Optional[str] = None) -> ArticleResult:
    """Extract one article and run every single-article check on it (with its text)."""
    from .api import extract
    from .checks import check_result

    result = extract(text, lang=lang, published=published, source=source, article_id=article_id)
    return check_result(result, text=text)


def results_from_store(db: Path) -> Iterator[ArticleResult]:
    """Every processed ArticleResult in a store, streamed."""
    from .store import Store

    if not Path(db).exists():
        raise InputError(f"S001 database not found: {db}; run `zhaimao batch` first")
    try:
        store = Store(db, readonly=True)
    except Exception as exc:  # a locked, corrupt or newer database
        raise InputError(str(exc)) from exc
    try:
        _, rows = store.rows("results")
        for (raw,) in rows:
            if raw:
                yield ArticleResult.model_validate_json(raw)
    finally:
        store.close()


def results_from_jsonl(path: str, bad: list[int]) -> Iterator[ArticleResult]:
    """ArticleResults from a JSON-lines file ('-' for stdin); numbers of unreadable lines go to `bad`."""
    if path == "-":
        fh = sys.stdin
    else:
        p = Path(path)
        if not p.is_file():
            raise InputError(f"E008 no such file: {path}")
        fh = p.open(encoding="utf-8-sig")
    try:
        for no, line in enumerate(fh, 1):
            if not line.strip():
                continue
            try:
                yield ArticleResult.model_validate_json(line)
            except ValueError:
                bad.append(no)
                logger.warning("line %d of %s is not an ArticleResult", no, path)
    finally:
        if fh is not sys.stdin:
            fh.close()


def exit_code(findings: list[Finding], fail_on: str) -> int:
    """1 when a finding fails at or above `fail_on`, else 0."""
    from .checks import failing

    return 1 if failing(findings, fail_on) else 0


# -- output ---------------------------------------------------------------------------------


def _where(f: Finding) -> str:
    if not f.evidence:
        return ""
    ev = f.evidence[0]
    text = ev.text if len(ev.text) <= 24 else ev.text[:23] + "…"
    where = f"{ev.start}–{ev.end} «{text}»"
    if f.articles:
        where = f"{f.articles[0]} {where}"
    if len(f.evidence) > 1:
        where += f" +{len(f.evidence) - 1}"
    return where


def table(findings: list[Finding], title: str = "") -> str:
    """The findings as a statcheck-style table: check, stated, computed, status, where."""
    from io import StringIO

    from rich.console import Console
    from rich.table import Table

    buf = StringIO()
    console = Console(file=buf, width=200, soft_wrap=False)
    t = Table(title=title or None, title_justify="left")
    for col in ("check", "stated", "computed", "status", "where", "message"):
        t.add_column(col, overflow="fold")
    for f in findings:
        status = f"{f.status} ({f.severity})" if f.status == "fail" else f.status
        t.add_row(f.check, "" if f.stated is None else str(f.stated),
                  "" if f.computed is None else str(f.computed), status, _where(f), f.message)
    console.print(t)
    return buf.getvalue()


def _summary(findings: list[Finding], fail_on: str) -> str:
    from .checks import failing

    n = {s: sum(1 for f in findings if f.status == s) for s in ("fail", "unverifiable", "pass")}
    gate = len(failing(findings, fail_on))
    return (f"{len(findings)} findings: {n['fail']} fail ({gate} at or above {fail_on}), "
            f"{n['unverifiable']} unverifiable, {n['pass']} pass")


# -- the command ------------------------------------------------------------------------------


def register(app: typer.Typer) -> None:
    """Add `check` to the main app."""

    @app.command("check")
    def check_cmd(
        file: Optional[str] = typer.Argument(None, help="Article text file, or - for stdin."),
        published: Optional[str] = typer.Option(None, "--published", help="Publication date (ISO)."),
        lang: CheckLang = typer.Option(CheckLang.auto, "--lang"),
        fail_on: FailOn = typer.Option(FailOn.error, "--fail-on",
                                       help="Exit 1 on a fail of this severity or worse."),
        fmt: CheckFormat = typer.Option(CheckFormat.table, "--format", "-f"),
        db: Optional[Path] = typer.Option(None, "--db", help="Run C4, C9, C10 over a SQLite store."),
        results: Optional[str] = typer.Option(None, "--results",
                                              help="Run C4, C9, C10 over ArticleResult JSON lines."),
        article_id: Optional[str] = typer.Option(None, "--id", help="Article id (default: sha256 of the text)."),
    ) -> None:
        """Check an article's numbers, names and dates (or C4/C9/C10 across many articles)."""
        given = [x for x in (file, db, results) if x is not None]
        if len(given) != 1:
            typer.echo("give one of FILE, --db or --results (see zhaimao check --help)", err=True)
            raise typer.Exit(2)
        if (db or results) and published:
            typer.echo("--published applies to a single article, not to --db or --results", err=True)
            raise typer.Exit(2)
        bad: list[int] = []
        payload: dict
        try:
            if file is not None:
                text, source = read_text(file)
                result = check_article(text, published=published, lang=lang.value, source=source,
                                       article_id=article_id)
                findings = list(result.findings)
                title = f"{result.article.id[:40]} ({result.article.lang}, published {result.article.published})"
                payload = {"article": json.loads(result.article.model_dump_json())}
            else:
                from .checks import cross_check

                stream = results_from_store(db) if db is not None else results_from_jsonl(results, bad)
                counted = _Counter(stream)
                findings = cross_check(counted)
                title = f"{counted.n} articles, cross-article checks C4, C9, C10"
                payload = {"articles": counted.n}
        except InputError as exc:
            typer.echo(str(exc), err=True)
            raise typer.Exit(3) from None
        except ZhaimaoError as exc:
            typer.echo(str(exc), err=True)
            raise typer.Exit(2 if str(exc).startswith(("E002", "E003")) else 3) from None
        if fmt is CheckFormat.json:
            payload["findings"] = [json.loads(f.model_dump_json()) for f in findings]
            payload["summary"] = _summary(findings, fail_on.value)
            typer.echo(json.dumps(payload, ensure_ascii=False, indent=2))
        else:
            typer.echo(table(findings, title))
        typer.echo(_summary(findings, fail_on.value), err=True)
        if bad:
            typer.echo(f"{len(bad)} unreadable line(s) in {results}: {', '.join(map(str, bad[:10]))}", err=True)
            raise typer.Exit(3)
        raise typer.Exit(exit_code(findings, fail_on.value))


class _Counter:
    """Counts the results a stream yields while passing them on."""

    def __init__(self, stream: Iterator[ArticleResult]) -> None:
        self.stream = stream
        self.n = 0

    def __iter__(self) -> Iterator[ArticleResult]:
        for r in self.stream:
            self.n += 1
            yield r


__all__ = ["check_article", "exit_code", "read_text", "register", "results_from_jsonl",
           "results_from_store", "table"]
