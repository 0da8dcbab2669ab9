"""The archive commands `zhaimao batch`, `export` and `timeline`: parse options, call
`pipeline.batch` (or `pipeline.distributed` for `--engine dask`) / `pipeline.store`, print
data to stdout and messages to stderr.

Exit codes: 0 clean, 2 usage error (bad option, missing input or database), 3 input
errors (some article of the run ended as an error), 130 interrupted.
"""

from __future__ import annotations

import json
import logging
import sys
from enum import Enum
from pathlib import Path
from typing import Any, Mapping, NoReturn, Optional

import typer

from .config import MAX_CHARS

app = typer.Typer(add_completion=False, no_args_is_help=True,
                  help="Run an archive through the pipeline into SQLite; export and summarise it.")


class Engine(str, Enum):
    local = "local"
    dask = "dask"


class ExportWhat(str, Enum):
    records = "records"
    aggregates = "aggregates"
    claims = "claims"
    findings = "findings"
    problems = "problems"
    articles = "articles"
    results = "results"


class ExportFormat(str, Enum):
    csv = "csv"
    jsonl = "jsonl"
    parquet = "parquet"


class TimelineFormat(str, Enum):
    csv = "csv"
    jsonl = "jsonl"
    table = "table"


def _fail(message: str, code: int = 2) -> None:
    typer.echo(message, err=True)
    raise typer.Exit(code)


def _setup_logging(verbose: int, quiet: bool) -> None:
    # Warnings name the article id; they go to stderr through rich so they do not tear
    # the progress bar.
    level = logging.ERROR if quiet else (logging.INFO if verbose else logging.WARNING)
    root = logging.getLogger("pipeline")
    root.setLevel(level)
    for old in [h for h in root.handlers if getattr(h, "_zhaimao", False)]:
        root.removeHandler(old)  # a previous command's stderr may be gone (tests, notebooks)
    if sys.stderr.isatty():
        from rich.logging import RichHandler

        from .batch import stderr_console

        handler: logging.Handler = RichHandler(console=stderr_console(), show_path=False,
                                               show_time=False)
    else:
        handler = logging.StreamHandler(sys.stderr)
        handler.setFormatter(logging.Formatter("%(levelname)s %(name)s: %(message)s"))
    handler._zhaimao = True  # type: ignore[attr-defined]
    root.addHandler(handler)
    root.propagate = False


@app.command("batch")
def batch(
    inputs: list[str] = typer.Argument(
        ..., help="Files or folders (.txt .html .jsonl[.gz] .csv[.gz] .warc[.gz]), or - for JSONL on stdin."),
    db: Optional[Path] = typer.Option(
        None, "--db", help="SQLite database to write (created if missing); required with "
                           "--engine local, optional with dask."),
    engine: Engine = typer.Option(
        Engine.local, "--engine", help="local: a process pool on this machine; dask: a Dask "
                                       "cluster (the 'dask' extra)."),
    scheduler: Optional[str] = typer.Option(
        None, "--scheduler", help="Dask: address of a running scheduler (tcp://HOST:PORT); "
                                  "default: start a LocalCluster of --workers processes."),
    partitions: Optional[int] = typer.Option(
        None, "--partitions", min=1, help="Dask: about how many partitions to cut the inputs "
                                          "into (default: 64 MiB each, 4+ per worker)."),
    out: Optional[Path] = typer.Option(
        None, "--out", help="Dask: folder for the partition files and manifest.json; rerun "
                            "the same command to redo failed partitions."),
    workers: Optional[int] = typer.Option(
        None, "--workers", "-j", help="Worker processes (default: CPU count; 0 = no pool)."),
    batch_size: int = typer.Option(200, "--batch-size", min=1,
                                   help="Articles per committed transaction."),
    limit: Optional[int] = typer.Option(None, "--limit", min=0, help="Read at most N input items."),
    resume: bool = typer.Option(True, "--resume/--no-resume",
                                help="Skip articles already in the database."),
    retry_errors: bool = typer.Option(False, "--retry-errors",
                                      help="With --resume, redo articles stored as errors."),
    lang: str = typer.Option("auto", "--lang", help="zh, en or auto."),
    timeout: float = typer.Option(300.0, "--timeout", min=0,
                                  help="Seconds per article before E203 (0 = no limit)."),
    max_chars: int = typer.Option(MAX_CHARS, "--max-chars", min=1,
                                  help="Longer articles are errors (E106)."),
    text_key: str = typer.Option("text", "--text-key", help="JSONL/CSV field with the article text."),
    id_key: str = typer.Option("id", "--id-key", help="JSONL/CSV field with the article id."),
    date_key: str = typer.Option("published", "--date-key",
                                 help="JSONL/CSV field with the publication date."),
    url_key: str = typer.Option("url", "--url-key", help="JSONL/CSV field with the URL."),
    title_key: str = typer.Option("title", "--title-key", help="JSONL/CSV field with the title."),
    progress: Optional[bool] = typer.Option(
        None, "--progress/--no-progress", help="Progress bar on stderr (default: when a terminal)."),
    as_json: bool = typer.Option(False, "--json", help="Print the run summary as JSON on stdout."),
    verbose: int = typer.Option(0, "--verbose", "-v", count=True, help="More log messages."),
    quiet: bool = typer.Option(False, "--quiet", "-q", help="Only errors on stderr."),
) -> None:
    """Extract every article of an archive into an SQLite database (resumable)."""
    from .batch import BatchError, format_summary, run_batch
    from .store import StoreError

    _setup_logging(verbose, quiet)
    if lang not in ("auto", "zh", "en"):
        _fail(f"unknown language {lang!r}: use 'zh', 'en' or 'auto'")
    for given in inputs:
        if given != "-" and not Path(given).exists():
            _fail(f"E100 input not found: {given}")
    if engine is Engine.dask:
        _batch_dask(inputs, db=db, scheduler=scheduler, partitions=partitions, out=out,
                    workers=workers, batch_size=batch_size, limit=limit, resume=resume,
                    retry_errors=retry_errors, lang=lang, timeout=timeout, max_chars=max_chars,
                    keys=dict(text_key=text_key, id_key=id_key, date_key=date_key,
                              url_key=url_key, title_key=title_key),
                    progress=progress, as_json=as_json, quiet=quiet)
    given = [name for name, value in (("--scheduler", scheduler), ("--partitions", partitions),
                                      ("--out", out)) if value is not None]
    if given:
        _fail(f"{', '.join(given)}: only with --engine dask")
    if db is None:
        _fail("Missing option '--db': the SQLite database to write")
    try:
        summary = run_batch(
            inputs, db, workers=workers, batch_size=batch_size, limit=limit, resume=resume,
            retry_errors=retry_errors, progress=progress, lang=lang,
            timeout=timeout or None, max_chars=max_chars, text_key=text_key, id_key=id_key,
            date_key=date_key, url_key=url_key, title_key=title_key,
        )
    except KeyboardInterrupt:
        typer.echo("interrupted: finished articles are stored; rerun the same command to "
                   "resume", err=True)
        raise typer.Exit(130)
    except (BatchError, StoreError) as exc:
        _fail(str(exc), 2)
    _report(summary, format_summary(summary), as_json, quiet)


def _report(result: Any, text: str, as_json: bool, quiet: bool) -> NoReturn:
    """A run's result as JSON on stdout (--json) and as text on stderr; its exit code."""
    if as_json:
        typer.echo(json.dumps(result.as_dict(), ensure_ascii=False))
    if not quiet:
        typer.echo(text, err=True)
    raise typer.Exit(result.exit_code)


def _batch_dask(inputs: list[str], *, db: Optional[Path], scheduler: Optional[str],
                partitions: Optional[int], out: Optional[Path], workers: Optional[int],
                batch_size: int, limit: Optional[int], resume: bool, retry_errors: bool,
                lang: str, timeout: float, max_chars: int, keys: dict[str, str],
                progress: Optional[bool], as_json: bool, quiet: bool) -> None:
    """`zhaimao batch --engine dask`: check the options, run `pipeline.distributed.run_dask`."""
    from .batch import BatchError
    from .store import StoreError

    if out is None:
        _fail("Missing option '--out': --engine dask writes its partitions and manifest "
              "there (on storage the workers can read and write)")
    if limit is not None:
        _fail("--limit: only with --engine local (a cluster reads whole partitions)")
    if workers is not None and workers < 1 and scheduler is None:
        _fail("--workers 0 runs without a pool: use --engine local, or at least 1 worker")
    try:
        from .distributed import format_run, run_dask

        run = run_dask(inputs, out, db=db, scheduler=scheduler, workers=workers,
                       partitions=partitions, batch_size=batch_size, resume=resume,
                       retry_errors=retry_errors, progress=progress, lang=lang,
                       timeout=timeout or None, max_chars=max_chars, **keys)
    except ModuleNotFoundError as exc:
        if (exc.name or "").split(".")[0] not in ("dask", "distributed"):
            raise
        _fail(f"--engine dask needs Dask: pip install 'zhaimao[dask]' ({exc})")
    except KeyboardInterrupt:
        typer.echo("interrupted: complete partitions are kept; rerun the same command to "
                   "do the rest", err=True)
        raise typer.Exit(130)
    except (BatchError, StoreError) as exc:
        _fail(str(exc), 2)
    _report(run, format_run(run), as_json, quiet)


@app.command("export")
def export(
    db: Path = typer.Option(..., "--db", help="SQLite database written by `zhaimao batch`."),
    what: ExportWhat = typer.Option(ExportWhat.records, "--what", "-w",
                                    help="Table to export (results = full ArticleResult JSON)."),
    fmt: ExportFormat = typer.Option(ExportFormat.csv, "--format", "-f"),
    bom: bool = typer.Option(False, "--bom", help="CSV: start with a UTF-8 BOM (for Excel)."),
    output: Optional[Path] = typer.Option(None, "--output", "-o", help="File to write (default stdout)."),
) -> None:
    """Write one table of the database as CSV, JSONL or Parquet."""
    from .store import StoreError, export as do_export

    if not db.exists():
        _fail(f"S001 database not found: {db}; run `zhaimao batch` first")
    try:
        if output is None:
            n = do_export(db, what.value, fmt.value, bom=bom, out=sys.stdout)  # type: ignore[arg-type]
            sys.stdout.flush()
        else:
            mode = "wb" if fmt is ExportFormat.parquet else "w"
            kwargs: dict[str, Any] = {} if mode == "wb" else {"encoding": "utf-8", "newline": ""}
            with open(output, mode, **kwargs) as fh:
                n = do_export(db, what.value, fmt.value, bom=bom, out=fh)  # type: ignore[arg-type]
    except StoreError as exc:
        _fail(str(exc))
    except ModuleNotFoundError as exc:
        _fail(f"Parquet export needs pyarrow: pip install 'zhaimao[parquet]' ({exc})")
    typer.echo(f"{n:,} {what.value} rows", err=True)


def _official(official_csv: Optional[Path]) -> Mapping[str, Any] | None:
    """County facts for timeline/coverage: a CSV given on the command line, else the
    gazetteer snapshot when it loads, else None (batch years then come from articles)."""
    from .store import official_from_csv, official_from_gazetteer

    if official_csv is not None:
        return official_from_csv(official_csv)
    try:
        from . import gazetteer

        return official_from_gazetteer(gazetteer.load())
    except Exception as exc:  # the snapshot is optional here: say so and go on
        typer.echo(f"note: gazetteer not available ({exc}); batch years come from the "
                   "articles — pass --official CSV for the official list", err=True)
        return None


@app.command("timeline")
def timeline(
    db: Path = typer.Option(..., "--db", help="SQLite database written by `zhaimao batch`."),
    fmt: TimelineFormat = typer.Option(TimelineFormat.csv, "--format", "-f"),
    show_coverage: bool = typer.Option(
        False, "--coverage", help="One row per national poverty county: covered or missing."),
    official_csv: Optional[Path] = typer.Option(
        None, "--official",
        help="CSV of the national list (adcode, county, province, exit_year), "
             "e.g. models/gazetteer/raw/poverty_counties.csv; default: the gazetteer."),
    include_proposed: bool = typer.Option(False, "--include-proposed",
                                          help="Count proposed (公示) records as exits."),
    bom: bool = typer.Option(False, "--bom", help="CSV: start with a UTF-8 BOM (for Excel)."),
) -> None:
    """One row per county: first exit date, batch year, sources, conflicting dates."""
    from .store import (COVERAGE_COLUMNS, TIMELINE_COLUMNS, StoreError, coverage,
                        timeline as do_timeline, write_rows)

    if not db.exists():
        _fail(f"S001 database not found: {db}; run `zhaimao batch` first")
    official = _official(official_csv)
    try:
        if show_coverage:
            if not official:
                _fail("--coverage needs the national list: build the gazetteer or pass "
                      "--official models/gazetteer/raw/poverty_counties.csv")
            cov = coverage(db, official)  # type: ignore[arg-type]
            rows: list[Any] = list(cov.rows)
            columns = COVERAGE_COLUMNS
            title = (f"coverage: {cov.covered} of {cov.total} national poverty counties "
                     f"reported, {cov.total - cov.covered} missing")
        else:
            rows = list(do_timeline(db, official, include_proposed=include_proposed))
            columns = TIMELINE_COLUMNS
            title = f"timeline: {len(rows)} counties"
    except StoreError as exc:
        _fail(str(exc))
    if fmt is TimelineFormat.table:
        from rich.console import Console
        from rich.table import Table

        table = Table(title=title, title_justify="left")
        shown = [c for c in columns if c not in ("source_ids", "official", "batch_year_from")]
        for c in shown:
            table.add_column(c)
        for r in rows:
            cells = []
            for c in shown:
                v = getattr(r, c)
                cells.append(", ".join(v) if isinstance(v, tuple) else ("" if v is None else str(v)))
            table.add_row(*cells)
        # piped output has no terminal width; do not squeeze county names into 80 columns
        Console(width=None if sys.stdout.isatty() else 200).print(table)
    else:
        write_rows(rows, columns, fmt.value, sys.stdout, bom=bom)
        sys.stdout.flush()
    typer.echo(title, err=True)
    if show_coverage:
        for province, covered, total in cov.by_province:
            typer.echo(f"  {province}: {covered}/{total}", err=True)


def register(parent: typer.Typer) -> None:
    """Add `batch`, `export` and `timeline` to the main `zhaimao` command."""
    for command in app.registered_commands:
        parent.registered_commands.append(command)


def main() -> None:  # pragma: no cover - entry point
    app()


if __name__ == "__main__":  # pragma: no cover
    main()
