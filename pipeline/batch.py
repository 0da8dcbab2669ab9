"""The local batch runner: stream an archive through a process pool into the SQLite store.

`run_batch(inputs, db)` reads articles with `pipeline.ingest`, sends them in small tasks
to a `ProcessPoolExecutor` whose workers each load the pipeline once, and writes the
results in the parent, one transaction per `batch_size` articles. Memory stays bounded
(a fixed number of tasks in flight, one uncommitted chunk), so an archive of millions of
articles runs in the same footprint as a thousand.

Failure policy — one bad article never stops a batch:

- an input error (E1xx from ingest) is stored as an error row without going to a worker;
- an exception inside extraction is stored as `E201 extraction failed: …` for that
  article only; an article over `timeout` seconds as `E203`;
- a worker that dies (segfault, out-of-memory kill) breaks the pool: the pool is
  restarted and the articles that were in flight are retried one at a time, so only the
  article that kills a worker again is stored as `E202 worker crashed`;
- a SIGKILL of the whole run loses at most the uncommitted chunk; rerunning with resume
  (the default) skips every id already stored, processed or error, and redoes the rest.

Exit code (`BatchSummary.exit_code`): 0 when every input item of the run is processed;
3 when any ended as an error — input errors or failed extractions, including errors
stored by an earlier run and skipped on resume — so the code is the same however often
a run was resumed.
"""

from __future__ import annotations

import logging
import multiprocessing
import os
import signal
import sys
import time
from collections import Counter
from concurrent.futures import FIRST_COMPLETED, Future, ProcessPoolExecutor, wait
from concurrent.futures import TimeoutError as FuturesTimeout
from concurrent.futures.process import BrokenProcessPool
from contextlib import contextmanager
from dataclasses import dataclass, field
from functools import lru_cache
from itertools import islice
from typing import IO, Any, Iterator, Sequence

from .ingest import MAX_CHARS, PathLike, RawArticle, count_items, iter_articles, text_sha256
from .store import ArticleRows, Store, rows_from_error, rows_from_result

logger = logging.getLogger(__name__)

#: Commit at least this often (seconds) even when a chunk is not full, so slow articles
#: do not hold finished work in memory where a kill would lose it.
COMMIT_INTERVAL = 10.0

#: Seconds a fresh pool may take to start a worker and load the pipeline in it.
STARTUP_TIMEOUT = 600.0

#: Articles in a row that each kill a fresh worker before the run stops: one bad article
#: is data, ten in a row is the machine (memory limit, broken install).
MAX_CONSECUTIVE_CRASHES = 10


class BatchError(Exception):
    """The run cannot go on (the pipeline does not load, the store cannot be written)."""


class WorkerInitError(Exception):
    """The pipeline failed to load in a worker: a problem of the set-up, not of the data."""


# ---------------------------------------------------------------------------------------
# summary


@dataclass
class BatchSummary:
    """What a run did. `errors` counts this run's error rows; `exit_code` is the CLI's."""

    run_id: str
    db: str
    read: int = 0
    skipped: int = 0
    processed: int = 0
    input_errors: int = 0
    extraction_errors: int = 0
    stored_errors: int = 0
    records: int = 0
    aggregates: int = 0
    claims: int = 0
    findings: int = 0
    failed_checks: int = 0
    problems: int = 0
    restarts: int = 0
    seconds: float = 0.0
    workers: int = 0
    interrupted: bool = False
    error_codes: Counter[str] = field(default_factory=Counter)
    error_examples: dict[str, str] = field(default_factory=dict)

    @property
    def errors(self) -> int:
        """Error rows written by this run."""
        return self.input_errors + self.extraction_errors

    @property
    def written(self) -> int:
        """Articles written by this run (processed or error)."""
        return self.processed + self.errors

    @property
    def rate(self) -> float:
        """Articles written per second."""
        return self.written / self.seconds if self.seconds > 0 else 0.0

    @property
    def exit_code(self) -> int:
        """0 clean; 3 when any input item of the run is stored as an error."""
        return 3 if (self.errors or self.stored_errors) else 0

    def as_dict(self) -> dict[str, Any]:
        return {
            "run_id": self.run_id,
            "db": self.db,
            "read": self.read,
            "skipped": self.skipped,
            "processed": self.processed,
            "errors": self.errors,
            "input_errors": self.input_errors,
            "extraction_errors": self.extraction_errors,
            "stored_errors": self.stored_errors,
            "records": self.records,
            "aggregates": self.aggregates,
            "claims": self.claims,
            "findings": self.findings,
            "failed_checks": self.failed_checks,
            "problems": self.problems,
            "restarts": self.restarts,
            "workers": self.workers,
            "seconds": round(self.seconds, 3),
            "articles_per_second": round(self.rate, 2),
            "interrupted": self.interrupted,
            "error_codes": dict(sorted(self.error_codes.items())),
            "error_examples": dict(sorted(self.error_examples.items())),
            "exit_code": self.exit_code,
        }

    def _count(self, rows: ArticleRows, source: str | None) -> None:
        if rows.status == "processed":
            self.processed += 1
            self.records += len(rows.records)
            self.aggregates += len(rows.aggregates)
            self.claims += len(rows.claims)
            self.findings += len(rows.findings)
            self.failed_checks += sum(1 for f in rows.findings if f[3] == "fail")
            self.problems += len(rows.problems)
            return
        error = rows.error or "E200 unknown error"
        code = error.split(" ", 1)[0]
        if code.startswith("E1"):
            self.input_errors += 1
        else:
            self.extraction_errors += 1
        self.error_codes[code] += 1
        self.error_examples.setdefault(code, f"{rows.id} ({source or '?'}): {error}")
        logger.warning("article %s (%s): %s", rows.id, source or "?", error)


# ---------------------------------------------------------------------------------------
# worker side

_WORKER: dict[str, Any] = {}


class _Timeout(BaseException):
    """Raised by SIGALRM; a BaseException so stages' `except Exception` cannot swallow it."""


def _on_alarm(signum: int, frame: Any) -> None:
    raise _Timeout()


@contextmanager
def _deadline(seconds: float | None) -> Iterator[None]:
    # SIGALRM interrupts pure-Python stages stuck on a pathological article; it needs
    # the main thread, which is where pool workers run their tasks.
    if not seconds or seconds <= 0 or not hasattr(signal, "setitimer"):
        yield
        return
    try:
        old = signal.signal(signal.SIGALRM, _on_alarm)
    except ValueError:  # not the main thread: run without a deadline
        yield
        return
    signal.setitimer(signal.ITIMER_REAL, float(seconds))  # type: ignore[arg-type]
    try:
        yield
    finally:
        signal.setitimer(signal.ITIMER_REAL, 0)
        signal.signal(signal.SIGALRM, old)


def _init_worker(lang: str, timeout: float | None, in_pool: bool = True) -> None:
    """Load the pipeline once per worker process; remember a failure instead of raising
    (a raising initializer only shows up as an anonymous BrokenProcessPool)."""
    if in_pool:
        # Ctrl-C goes to the whole process group; the parent decides what to do with it.
        signal.signal(signal.SIGINT, signal.SIG_IGN)
    _WORKER["lang"] = lang
    _WORKER["timeout"] = timeout
    _WORKER.pop("init_error", None)
    try:
        import pipeline

        langs = ("zh", "en") if lang == "auto" else (lang,)
        for code in langs:
            pipeline.load(code)
        _WORKER["extract"] = pipeline.extract
    except BaseException as exc:  # noqa: BLE001 - reported to the parent as a set-up error
        _WORKER["init_error"] = f"{type(exc).__name__}: {exc}"


def _extract_rows(raw: RawArticle) -> ArticleRows:
    """Run the pipeline on one article and flatten the result; exceptions become E201/E203."""
    sha = text_sha256(raw.text)
    timeout = _WORKER.get("timeout")
    try:
        with _deadline(timeout):
            result = _WORKER["extract"](
                raw.text, lang=_WORKER.get("lang", "auto"), published=raw.published,
                article_id=raw.id, source=raw.source, url=raw.url, title=raw.title,
                skip_off_topic=True,  # most of a crawl is about other things
            )
    except _Timeout:
        return rows_from_error(
            raw.id, f"E203 extraction timed out after {timeout:g} s; raise --timeout or "
                    "report the article", source=raw.source, url=raw.url, title=raw.title,
            published=raw.published, sha256=sha)
    except Exception as exc:  # one bad article never stops a batch
        message = str(exc).strip().splitlines()[0][:500] if str(exc).strip() else ""
        return rows_from_error(
            raw.id, f"E201 extraction failed: {type(exc).__name__}: {message}".rstrip(": "),
            source=raw.source, url=raw.url, title=raw.title, published=raw.published,
            sha256=sha)
    if result.article.id != raw.id:
        # The store is keyed by the ingest id; resume depends on it.
        result = result.model_copy(update={"article": result.article.model_copy(
            update={"id": raw.id})})
    return rows_from_result(result, sha256=sha, source=raw.source, url=raw.url,
                            title=raw.title)


def _ping() -> int:
    """A no-op task: proves a fresh pool can start and load the pipeline."""
    if "init_error" in _WORKER:
        raise WorkerInitError(_WORKER["init_error"])
    return os.getpid()


def _start_method() -> str:
    # spawn, not fork: the parent holds an SQLite connection and rich's refresh thread,
    # neither of which survives a fork safely. spawn re-imports the parent's __main__ from
    # its file, which fails for code piped to `python -`; there fork is the only choice.
    main_file = getattr(sys.modules.get("__main__"), "__file__", None)
    if main_file and not os.path.exists(main_file) and "fork" in multiprocessing.get_all_start_methods():
        return "fork"
    return "spawn"


def _work(task: Sequence[RawArticle]) -> list[ArticleRows]:
    """A pool task: extract a few articles."""
    if "init_error" in _WORKER:
        raise WorkerInitError(_WORKER["init_error"])
    return [_extract_rows(raw) for raw in task]


# ---------------------------------------------------------------------------------------
# parent side


@lru_cache(maxsize=1)
def stderr_console() -> Any:
    """The one rich Console on stderr shared by the progress bar and log messages, so a
    warning is printed above the bar instead of through it."""
    from rich.console import Console

    return Console(stderr=True)


def _progress(enabled: bool, total: int | None) -> Any:
    if not enabled:
        return None
    from rich.progress import (BarColumn, MofNCompleteColumn, Progress, SpinnerColumn,
                               TextColumn, TimeElapsedColumn, TimeRemainingColumn)

    columns: list[Any] = [SpinnerColumn(), TextColumn("[bold]articles")]
    if total:
        columns += [BarColumn(), MofNCompleteColumn()]
    else:
        columns += [TextColumn("{task.completed:,.0f}")]
    columns += [
        TextColumn("{task.fields[rate]:,.1f}/s"),
        TextColumn("records {task.fields[records]:,}"),
        TextColumn("errors {task.fields[errors]:,}"),
        TextColumn("skipped {task.fields[skipped]:,}"),
        TimeElapsedColumn(),
    ]
    if total:
        columns.append(TimeRemainingColumn())
    return Progress(*columns, console=stderr_console(), transient=False)


class _Runner:
    """Parent-side state of one run: pool, in-flight tasks, write buffer, summary."""

    def __init__(self, store: Store, summary: BatchSummary, *, workers: int, lang: str,
                 timeout: float | None, batch_size: int, task_size: int,
                 progress: Any) -> None:
        self.store = store
        self.summary = summary
        self.workers = workers
        self.lang = lang
        self.timeout = timeout
        self.batch_size = batch_size
        self.task_size = task_size
        self.max_in_flight = max(2, workers * 3)
        self.buffer: list[tuple[ArticleRows, str | None]] = []
        self.in_flight: dict[Future[list[ArticleRows]], list[RawArticle]] = {}
        self.pool: ProcessPoolExecutor | None = None
        self.last_commit = time.monotonic()
        self.started = time.monotonic()
        self.bar = progress
        self.bar_task = None
        if progress is not None:
            self.bar_task = progress.add_task("batch", total=None, rate=0.0, records=0,
                                              errors=0, skipped=0)
        self.completed = 0

    # -- pool ---------------------------------------------------------------------------

    def start_pool(self) -> None:
        if self.workers <= 0:
            _init_worker(self.lang, self.timeout, in_pool=False)
            if "init_error" in _WORKER:
                raise BatchError(f"B001 the pipeline does not load: {_WORKER['init_error']}")
            return
        self.pool = ProcessPoolExecutor(
            max_workers=self.workers,
            mp_context=multiprocessing.get_context(_start_method()),
            initializer=_init_worker,
            initargs=(self.lang, self.timeout),
        )
        self.check_pool()

    def check_pool(self) -> None:
        """Fail fast when workers cannot start: without this, a pool that dies before any
        work would look like one crashing article after another."""
        assert self.pool is not None
        try:
            self.pool.submit(_ping).result(timeout=STARTUP_TIMEOUT)
        except WorkerInitError as exc:
            raise BatchError(f"B001 the pipeline does not load in a worker: {exc}") from exc
        except BrokenProcessPool as exc:
            raise BatchError(
                "B002 worker processes die at start-up, before any article; run with "
                "--workers 0 to see the error in this process") from exc
        except FuturesTimeout as exc:
            raise BatchError(f"B002 worker processes did not start within {STARTUP_TIMEOUT:g} s") from exc

    def stop_pool(self, wait_for: bool = True) -> None:
        if self.pool is not None:
            self.pool.shutdown(wait=wait_for, cancel_futures=True)
            self.pool = None

    def restart_pool(self) -> None:
        self.summary.restarts += 1
        self.stop_pool(wait_for=False)
        self.start_pool()

    # -- progress and writes ------------------------------------------------------------

    def tick(self, n: int = 1) -> None:
        self.completed += n
        if self.bar is not None and self.bar_task is not None:
            elapsed = max(time.monotonic() - self.started, 1e-9)
            s = self.summary
            self.bar.update(self.bar_task, completed=self.completed,
                            rate=s.written / elapsed, records=s.records, errors=s.errors,
                            skipped=s.skipped)

    def add(self, rows: ArticleRows, source: str | None) -> None:
        self.buffer.append((rows, source))
        self.summary._count(rows, source)
        self.tick()
        if (len(self.buffer) >= self.batch_size
                or time.monotonic() - self.last_commit > COMMIT_INTERVAL):
            self.flush()

    def flush(self) -> None:
        if self.buffer:
            self.store.put_many((rows for rows, _ in self.buffer), self.summary.run_id)
            self.buffer.clear()
        self.last_commit = time.monotonic()

    # -- dispatch -----------------------------------------------------------------------

    def dispatch(self, block: list[RawArticle], resume: bool, retry_errors: bool) -> None:
        """Skip what is stored, record input errors, send the rest to a worker."""
        known = self.store.known(a.id for a in block) if resume else {}
        todo: list[RawArticle] = []
        seen: set[str] = set()
        for raw in block:
            status = known.get(raw.id)
            if status is not None and not (retry_errors and status == "error"):
                self.summary.skipped += 1
                if status == "error":
                    self.summary.stored_errors += 1
                self.tick()
                continue
            if raw.id in seen:
                # The same text twice in one archive (a reprint): one row is enough.
                self.summary.skipped += 1
                self.tick()
                continue
            seen.add(raw.id)
            if raw.error is not None:
                self.add(rows_from_error(raw.id, raw.error, source=raw.source, url=raw.url,
                                         title=raw.title, published=raw.published), raw.source)
            else:
                todo.append(raw)
        for i in range(0, len(todo), self.task_size):
            self.submit(todo[i:i + self.task_size])

    def submit(self, task: list[RawArticle]) -> None:
        if not task:
            return
        if self.pool is None:
            for raw in task:
                self.add(_extract_rows(raw), raw.source)
            return
        while len(self.in_flight) >= self.max_in_flight:
            self.collect(block=True)
        try:
            fut = self.pool.submit(_work, task)
        except BrokenProcessPool:
            self.recover(list(task))
            return
        self.in_flight[fut] = task

    def collect(self, block: bool) -> None:
        """Write the results of finished tasks (waiting for one if `block`)."""
        if not self.in_flight:
            return
        done, _ = wait(list(self.in_flight), timeout=None if block else 0,
                       return_when=FIRST_COMPLETED)
        suspects: list[RawArticle] = []
        for fut in done:
            task = self.in_flight.pop(fut)
            try:
                results = fut.result()
            except WorkerInitError as exc:
                raise BatchError(f"B001 the pipeline does not load in a worker: {exc}") from exc
            except BrokenProcessPool:
                suspects.extend(task)
                continue
            except Exception as exc:  # e.g. a result that cannot be pickled back
                for raw in task:
                    self.add(rows_from_error(
                        raw.id, f"E201 extraction failed: {type(exc).__name__}: {exc}",
                        source=raw.source, url=raw.url, title=raw.title,
                        published=raw.published, sha256=text_sha256(raw.text)), raw.source)
                continue
            for raw, rows in zip(task, results):
                self.add(rows, raw.source)
        if suspects:
            # Every task still in flight died with the pool; none of them is known good.
            for fut, task in list(self.in_flight.items()):
                suspects.extend(task)
            self.in_flight.clear()
            self.recover(suspects)

    def recover(self, suspects: list[RawArticle]) -> None:
        """After a worker crash: restart the pool and retry the suspects one by one, so
        only an article that crashes a worker on its own is stored as E202."""
        logger.warning("a worker died; restarting the pool and retrying %d article(s) one "
                       "at a time (first: %s)", len(suspects), suspects[0].id if suspects else "-")
        self.restart_pool()
        crashes = 0
        for raw in suspects:
            assert self.pool is not None
            fut = self.pool.submit(_work, [raw])
            try:
                (rows,) = fut.result()
                crashes = 0
            except WorkerInitError as exc:
                raise BatchError(f"B001 the pipeline does not load in a worker: {exc}") from exc
            except BrokenProcessPool:
                crashes += 1
                if crashes >= MAX_CONSECUTIVE_CRASHES:
                    raise BatchError(
                        f"B003 {crashes} articles in a row crashed a fresh worker "
                        f"(last: {raw.id}); the cause is not in the articles — check memory "
                        "limits, or run with --workers 0 to see the error") from None
                rows = rows_from_error(
                    raw.id, "E202 worker crashed on this article (the process died: "
                            "segfault or out of memory); report the article",
                    source=raw.source, url=raw.url, title=raw.title, published=raw.published,
                    sha256=text_sha256(raw.text))
                self.restart_pool()
            self.add(rows, raw.source)

    def drain(self) -> None:
        while self.in_flight:
            self.collect(block=True)


def run_batch(
    inputs: PathLike | Sequence[PathLike],
    db: PathLike,
    *,
    workers: int | None = None,
    batch_size: int = 200,
    limit: int | None = None,
    resume: bool = True,
    retry_errors: bool = False,
    progress: bool | None = None,
    lang: str = "auto",
    timeout: float | None = 300.0,
    task_size: int | None = None,
    max_chars: int = MAX_CHARS,
    text_key: str = "text",
    id_key: str = "id",
    date_key: str = "published",
    url_key: str = "url",
    title_key: str = "title",
    stdin: IO[bytes] | None = None,
) -> BatchSummary:
    """Extract every article in `inputs` into the SQLite database `db`.

    - `workers`: pool size (default: CPU count); 0 runs in this process, without a pool.
    - `batch_size`: articles per committed transaction — what a SIGKILL can lose.
    - `limit`: read at most this many input items.
    - `resume`: skip ids already stored (processed or error); `retry_errors` redoes the
      stored errors.
    - `progress`: rich progress bar on stderr; None = only when stderr is a terminal.
    - `timeout`: seconds per article before it is stored as E203 (None: no limit).
    - `task_size`: articles per pool task (default: small enough to keep every worker busy).
    - the rest are `iter_articles` options (JSONL/CSV field names, length limit, stdin).

    Returns a BatchSummary; its `exit_code` is the CLI's (0 clean, 3 any error).
    """
    if batch_size < 1:
        raise ValueError("batch_size must be at least 1")
    n_workers = (os.cpu_count() or 1) if workers is None else max(0, workers)
    size = task_size or max(1, min(16, batch_size // max(1, n_workers)))
    show = sys.stderr.isatty() if progress is None else progress
    total = count_items(inputs) if show else None
    if limit is not None:
        total = min(total, limit) if total is not None else limit

    args = {
        "inputs": [str(p) for p in ([inputs] if isinstance(inputs, (str, os.PathLike))
                                    else inputs)],
        "workers": n_workers, "batch_size": batch_size, "limit": limit, "resume": resume,
        "retry_errors": retry_errors, "lang": lang, "timeout": timeout,
        "max_chars": max_chars, "text_key": text_key, "id_key": id_key,
        "date_key": date_key, "url_key": url_key, "title_key": title_key,
    }
    store = Store(db)
    run_id = store.start_run(args)
    summary = BatchSummary(run_id=run_id, db=str(db), workers=n_workers)
    bar = _progress(show, total)
    runner = _Runner(store, summary, workers=n_workers, lang=lang, timeout=timeout,
                     batch_size=batch_size, task_size=size, progress=bar)
    if bar is not None and runner.bar_task is not None:
        bar.update(runner.bar_task, total=total)
    started = time.monotonic()
    status = "finished"
    old_term = _install_sigterm()
    try:
        if bar is not None:
            bar.start()
        runner.start_pool()
        items = iter_articles(inputs, text_key=text_key, id_key=id_key, date_key=date_key,
                              url_key=url_key, title_key=title_key, max_chars=max_chars,
                              stdin=stdin)
        if limit is not None:
            items = islice(items, limit)
        # Resume lookups and dispatch go by blocks: one indexed query per block, and
        # never more than a block plus the in-flight tasks held in memory.
        block_size = max(size * max(1, n_workers), 64)
        block: list[RawArticle] = []
        for raw in items:
            summary.read += 1
            block.append(raw)
            if len(block) >= block_size:
                runner.dispatch(block, resume, retry_errors)
                block = []
                runner.collect(block=False)
        runner.dispatch(block, resume, retry_errors)
        runner.drain()
        runner.flush()
    except KeyboardInterrupt:
        status = "interrupted"
        summary.interrupted = True
        # Keep what is finished; what was in flight is redone by the next (resumed) run.
        runner.in_flight.clear()
        runner.flush()
        raise
    except BaseException:
        status = "failed"
        raise
    finally:
        runner.stop_pool(wait_for=status == "finished")
        _restore_sigterm(old_term)
        if bar is not None:
            bar.stop()
        summary.seconds = time.monotonic() - started
        try:
            store.finish_run(run_id, summary.as_dict(), status)
        finally:
            store.close()
    return summary


def _raise_interrupt(signum: int, frame: Any) -> None:
    raise KeyboardInterrupt(f"signal {signum}")


def _install_sigterm() -> Any:
    # SIGTERM (a scheduler stopping the job) commits finished work like Ctrl-C does.
    try:
        return signal.signal(signal.SIGTERM, _raise_interrupt)
    except ValueError:  # not the main thread
        return None


def _restore_sigterm(old: Any) -> None:
    if old is not None:
        try:
            signal.signal(signal.SIGTERM, old)
        except ValueError:
            pass


def format_summary(summary: BatchSummary) -> str:
    """A few lines for stderr: what was written, what failed and how to look at it."""
    s = summary
    lines = [
        f"run {s.run_id}: {s.written:,} articles written in {s.seconds:,.1f} s "
        f"({s.rate:,.1f}/s, {s.workers} worker{'s' if s.workers != 1 else ''}) — "
        f"{s.processed:,} processed, {s.errors:,} errors, {s.skipped:,} skipped as already stored",
        f"  {s.records:,} exit records, {s.aggregates:,} aggregates, {s.claims:,} claims, "
        f"{s.findings:,} findings ({s.failed_checks:,} failed), {s.problems:,} problems",
    ]
    if s.restarts:
        lines.append(f"  worker pool restarted {s.restarts} time(s) after crashes")
    for code, n in sorted(s.error_codes.items()):
        lines.append(f"  {code} × {n:,}, e.g. {s.error_examples.get(code, '')}")
    if s.stored_errors:
        lines.append(f"  {s.stored_errors:,} skipped article(s) are stored as errors from an "
                     "earlier run (rerun with --retry-errors to redo them)")
    if s.interrupted:
        lines.append("  interrupted: rerun the same command to resume")
    if s.exit_code:
        lines.append(f"  exit code {s.exit_code}: some articles ended as errors; list them with "
                     f"`zhaimao export --db {s.db} --what articles` (status = error)")
    return "\n".join(lines)


__all__ = ["BatchError", "BatchSummary", "format_summary", "run_batch"]
