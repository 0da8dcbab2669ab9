"""The Dask runner: the batch job split into partitions of files and byte ranges, run on a Dask cluster.

`run_dask(inputs, out)` plans partitions (whole files, small files grouped, large
uncompressed JSONL cut into byte ranges at line starts), runs one `dask.bag` task per
partition on a `distributed` cluster — a `LocalCluster` it starts itself, or a running
scheduler given by address — and writes every partition as JSONL (and Parquet when
pyarrow is installed on the workers) under `out`, with `out/manifest.json` saying what
each partition holds and whether it is complete. With `db`, finished partitions are
merged into the SQLite store as they arrive.

Rows are identical to the local engine's: partitions read with the same `pipeline.ingest`
readers (same sources, ids and E1xx errors) and extract each article with
`pipeline.batch._extract_rows` (same E201 rows). Every worker loads the pipeline once,
in `PipelinePlugin.setup`. When workers die on a partition, the article they died on is
tried alone in a fresh process, as the local engine does; if it kills that one too it
is stored as E202 and the partition is redone without it.

Retry: rerunning the same command skips the partitions the manifest marks complete and
redoes the rest. A partition's files are written under a temporary name and renamed when
whole, and the store is keyed by article id, so a redone partition replaces its old
output and never duplicates it.

Layout of `out`:

    manifest.json                      partitions, inputs, run args, counts, status
    jsonl/part-00000.jsonl             one line per article: the article columns of the
                                       store plus "result" (the ArticleResult, or null)
    parquet/<table>/part-00000.parquet the store's tables (articles, records, aggregates,
                                       claims, findings, problems), one file per partition

`distributed` and `dask` are an optional extra ("dask"); they are imported inside the
functions that need them so that `import pipeline.distributed` works without them.

Error codes (in addition to those of `pipeline.batch`):

    D001 standard input cannot be partitioned
    D002 the output folder holds a run over other inputs or options
    D003 the scheduler cannot be reached
    D004 the workers cannot run zhaimao (not installed there, or an import fails)
"""

from __future__ import annotations

import datetime as _dt
import json
import logging
import math
import os
import socket
import sys
import time
import uuid
from collections.abc import Iterator, Mapping, Sequence
from dataclasses import dataclass, field
from itertools import pairwise
from pathlib import Path
from typing import Any

from .batch import (STARTUP_TIMEOUT, BatchError, BatchSummary, WorkerInitError, _WORKER,
                    _extract_rows, _init_worker, _install_sigterm, _progress,
                    _restore_sigterm, format_summary)
from .ingest import (MAX_CHARS, STDIN, PathLike, RawArticle, _error, _jsonl_item, _read_file,
                     _suffix, _walk, iter_articles, text_sha256)
from .store import (ARTICLE_COLUMNS, CHILD_TABLES, ArticleRows, Store, rows_from_error,
                    rows_from_result)

logger = logging.getLogger(__name__)

MANIFEST = "manifest.json"
MANIFEST_FORMAT = "zhaimao-dask-manifest"
MANIFEST_VERSION = 1

#: Input bytes per partition when --partitions is not given: big enough that task
#: overhead (a few ms) is nothing next to extraction (milliseconds per article), small
#: enough that a failed partition costs minutes, not hours, to redo.
PARTITION_BYTES = 64 << 20

#: Default partitions per worker thread on small archives, so a slow partition at the
#: end does not leave the other workers idle.
PARTITIONS_PER_WORKER = 4

#: Formats that can be cut at any line start: uncompressed JSON Lines. (CSV fields may
#: hold newlines, gzip and WARC cannot be entered in the middle.)
SPLITTABLE: tuple[str, ...] = (".jsonl", ".ndjson")

#: Options that change what a partition holds; a rerun must use the same ones.
CONTENT_OPTIONS: tuple[str, ...] = ("lang", "max_chars", "text_key", "id_key", "date_key",
                                    "url_key", "title_key")

#: The JSONL/CSV field names `iter_articles` uses unless told otherwise.
DEFAULT_KEYS: dict[str, str] = {"text_key": "text", "id_key": "id", "date_key": "published",
                                "url_key": "url", "title_key": "title"}

#: Store columns written to each line of a partition's JSONL besides the result.
LINE_COLUMNS: tuple[str, ...] = tuple(c for c in ARTICLE_COLUMNS if c != "result_json")

#: Where LINE_COLUMNS sit in a store article row.
_LINE_INDEX: tuple[int, ...] = tuple(ARTICLE_COLUMNS.index(c) for c in LINE_COLUMNS)

#: Tables written as Parquet per partition: the articles (without the JSON) and children.
PARQUET_TABLES: dict[str, tuple[str, ...]] = {"articles": LINE_COLUMNS, **CHILD_TABLES}


class DaskBatchError(BatchError):
    """The Dask run cannot start or go on (a problem of the set-up, not of the data)."""


# ---------------------------------------------------------------------------------------
# partitions


@dataclass(frozen=True)
class FileUnit:
    """One file, or one byte range of a JSONL file, with the source label ingest gives it.

    `start`/`end` are byte offsets at line starts (None for the whole file); `first_line`
    is the number of lines before `start`, so sources (`a.jsonl:7`) and the ids of error
    items are the same as when the whole file is read in one go.
    """

    path: str
    source: str
    suffix: str | None
    size: int
    mtime_ns: int
    start: int | None = None
    end: int | None = None
    first_line: int = 0

    @property
    def nbytes(self) -> int:
        if self.start is None or self.end is None:
            return self.size
        return self.end - self.start

    def as_dict(self) -> dict[str, Any]:
        return {"path": self.path, "source": self.source, "suffix": self.suffix,
                "size": self.size, "mtime_ns": self.mtime_ns, "start": self.start,
                "end": self.end, "first_line": self.first_line}

    @classmethod
    def from_dict(cls, d: Mapping[str, Any]) -> FileUnit:
        return cls(path=d["path"], source=d["source"], suffix=d.get("suffix"),
                   size=int(d["size"]), mtime_ns=int(d["mtime_ns"]), start=d.get("start"),
                   end=d.get("end"), first_line=int(d.get("first_line") or 0))


@dataclass(frozen=True)
class Partition:
    """What one Dask task reads: consecutive files, or one byte range of a large JSONL."""

    id: str
    units: tuple[FileUnit, ...]

    @property
    def nbytes(self) -> int:
        return sum(u.nbytes for u in self.units)

    def as_dict(self) -> dict[str, Any]:
        return {"id": self.id, "bytes": self.nbytes, "units": [u.as_dict() for u in self.units]}

    @classmethod
    def from_dict(cls, d: Mapping[str, Any]) -> Partition:
        return cls(id=d["id"], units=tuple(FileUnit.from_dict(u) for u in d["units"]))


def input_files(inputs: Sequence[PathLike]) -> list[FileUnit]:
    """The files `iter_articles(inputs)` would read, in its order, with its source labels."""
    files: list[FileUnit] = []
    for given in inputs:
        if str(given) == STDIN:
            raise DaskBatchError(
                "D001 standard input cannot be partitioned over a cluster: write it to a "
                "JSONL file on storage the workers can read, or use --engine local")
        root = Path(given).resolve()
        if root.is_dir():
            for path in _walk(root):
                suffix = _suffix(path)
                if suffix is None:
                    continue  # iter_articles skips these too (logged there at INFO)
                files.append(_unit(path, path.relative_to(root).as_posix(), suffix))
        elif root.exists():
            # A single file of an unknown type stays in: reading it gives ingest's E110 item.
            files.append(_unit(root, root.name, _suffix(root)))
        else:
            raise FileNotFoundError(f"E100 input not found: {given}")
    return files


def _unit(path: Path, source: str, suffix: str | None) -> FileUnit:
    st = path.stat()
    return FileUnit(path=str(path), source=source, suffix=suffix, size=st.st_size,
                    mtime_ns=st.st_mtime_ns)


def plan_partitions(files: Sequence[FileUnit], partitions: int | None = None, *,
                    workers: int = 1) -> list[Partition]:
    """Cut the input files into about `partitions` partitions of similar size in bytes.

    Small files are grouped in input order; an uncompressed JSONL file larger than a
    partition is cut into byte ranges at line starts; any other large file is a partition
    of its own. Without `partitions`, aim at PARTITION_BYTES each but at least
    PARTITIONS_PER_WORKER per worker.
    """
    total = sum(f.size for f in files)
    if partitions is None:
        partitions = max(PARTITIONS_PER_WORKER * max(1, workers),
                         math.ceil(total / PARTITION_BYTES))
    target = max(1, math.ceil(total / max(1, partitions)))
    units: list[tuple[FileUnit, bool]] = []  # (unit, stands alone)
    for f in files:
        if f.suffix in SPLITTABLE and f.size > target:
            pieces = _line_ranges(f, math.ceil(f.size / target))
            units.extend((piece, True) for piece in pieces)
        else:
            units.append((f, f.size >= target))
    out: list[list[FileUnit]] = []
    group: list[FileUnit] = []
    size = 0
    for unit, alone in units:
        if group and (alone or size + unit.nbytes > target):
            out.append(group)
            group, size = [], 0
        group.append(unit)
        size += unit.nbytes
        if alone:
            out.append(group)
            group, size = [], 0
    if group:
        out.append(group)
    return [Partition(id=f"part-{i:05d}", units=tuple(g)) for i, g in enumerate(out)]


def _line_ranges(f: FileUnit, pieces: int) -> list[FileUnit]:
    """Cut a JSONL file into about `pieces` byte ranges that start at line starts."""
    cuts = _line_cuts(Path(f.path), f.size, pieces)
    bounds = [(0, 0), *cuts, (f.size, -1)]
    out = []
    for (start, lines), (end, _) in pairwise(bounds):
        out.append(FileUnit(path=f.path, source=f.source, suffix=f.suffix, size=f.size,
                            mtime_ns=f.mtime_ns, start=start, end=end, first_line=lines))
    return out


def _line_cuts(path: Path, size: int, pieces: int) -> list[tuple[int, int]]:
    # One sequential pass (newline counting runs at disk speed): each cut is the first
    # line start at or after an even share of the bytes, with the number of lines before
    # it so that the range's items keep their line numbers.
    targets = iter(size * k // pieces for k in range(1, pieces))
    t = next(targets, None)
    cuts: list[tuple[int, int]] = []
    offset = 0
    lines = 0
    with open(path, "rb") as fh:
        while t is not None:
            block = fh.read(1 << 20)
            if not block:
                break
            pos = 0
            while t is not None:
                rel = max(t - 1 - offset, pos)
                idx = block.find(b"\n", rel) if rel < len(block) else -1
                if idx < 0:
                    break
                cut = offset + idx + 1
                if cut < size:
                    cuts.append((cut, lines + block.count(b"\n", 0, idx + 1)))
                pos = idx + 1
                while t is not None and t <= cut:
                    t = next(targets, None)
            lines += block.count(b"\n")
            offset += len(block)
    return cuts


def read_partition(partition: Partition, *, max_chars: int = MAX_CHARS,
                   keys: Mapping[str, str] | None = None) -> Iterator[RawArticle]:
    """The articles of one partition, exactly as `iter_articles` yields them."""
    keys = {**DEFAULT_KEYS, **(keys or {})}
    for unit in partition.units:
        path = Path(unit.path)
        if unit.start is not None and unit.end is not None:
            yield from _read_jsonl_range(path, unit, max_chars=max_chars, keys=keys)
        elif unit.suffix is None:
            yield from iter_articles(path, max_chars=max_chars, **keys)
        else:
            yield from _read_file(path, unit.source, unit.suffix, max_chars=max_chars,
                                  keys=keys)


def _read_jsonl_range(path: Path, unit: FileUnit, *, max_chars: int,
                      keys: Mapping[str, str]) -> Iterator[RawArticle]:
    # The same per-line reader as a whole-file read, numbered from the range's first line.
    lineno = unit.first_line
    end = unit.end if unit.end is not None else unit.size
    try:
        with open(path, "rb") as fh:
            fh.seek(unit.start or 0)
            pos = unit.start or 0
            while pos < end:
                raw = fh.readline()
                if not raw:
                    break
                pos += len(raw)
                lineno += 1
                if not raw.strip():
                    continue
                yield _jsonl_item(raw, f"{unit.source}:{lineno}", lineno, max_chars=max_chars,
                                  **keys)
    except OSError as exc:
        yield _error(f"{unit.source}:{lineno + 1}", f"E109 unreadable input: {exc}")


# ---------------------------------------------------------------------------------------
# partition files: one JSONL line per article, and back


def line_from_rows(rows: ArticleRows) -> str:
    """One JSONL line (with its newline): the article columns plus "result" (or null)."""
    meta = dict(zip(ARTICLE_COLUMNS, rows.article))
    result = meta.pop("result_json")
    head = json.dumps(meta, ensure_ascii=False)
    # The result is already JSON (pydantic's own dump); splice it in rather than parse
    # and re-encode it.
    return head[:-1] + ', "result": ' + (result if result is not None else "null") + "}\n"


def rows_from_line(line: str) -> ArticleRows:
    """The store rows of one JSONL line — the same rows the worker flattened."""
    from .records import ArticleResult

    obj = json.loads(line)
    if obj.get("status") != "processed" or obj.get("result") is None:
        return rows_from_error(obj["id"], obj.get("error") or "E200 unknown error",
                               source=obj.get("source"), url=obj.get("url"),
                               title=obj.get("title"), published=obj.get("published"),
                               sha256=obj.get("sha256"))
    result = ArticleResult.model_validate(obj["result"])
    return rows_from_result(result, sha256=obj.get("sha256"), source=obj.get("source"),
                            url=obj.get("url"), title=obj.get("title"))


def iter_partition_rows(path: PathLike) -> Iterator[ArticleRows]:
    """The store rows of every line of one partition's JSONL file."""
    with open(path, encoding="utf-8", errors="surrogatepass") as fh:
        for line in fh:
            if line.strip():
                yield rows_from_line(line)


def _arrow_type(pa: Any, name: str) -> Any:
    # The store names its column types by their pyarrow factory (int64, bool_, string).
    return getattr(pa, name)()


class _ParquetParts:
    """Per-table Parquet writers for one partition, flushed in chunks (bounded memory)."""

    CHUNK = 20_000

    def __init__(self, root: Path, part_id: str, tag: str) -> None:
        import pyarrow as pa  # optional extra "parquet"; absent: no Parquet, JSONL only

        from .store import _PARQUET_TYPES

        self.pa = pa
        self.root = root
        self.part_id = part_id
        self.tag = tag
        self.schemas = {
            t: pa.schema([pa.field(c, _arrow_type(pa, _PARQUET_TYPES.get(c, "string")))
                          for c in cols])
            for t, cols in PARQUET_TABLES.items()
        }
        self.chunks: dict[str, list[tuple[Any, ...]]] = {t: [] for t in PARQUET_TABLES}
        self.writers: dict[str, Any] = {}

    def tmp(self, table: str) -> Path:
        return self.root / table / f"{self.part_id}.parquet.tmp-{self.tag}"

    def final(self, table: str) -> Path:
        return self.root / table / f"{self.part_id}.parquet"

    def add(self, rows: ArticleRows) -> None:
        self.chunks["articles"].append(tuple(rows.article[i] for i in _LINE_INDEX))
        for table, child in rows.children().items():
            self.chunks[table].extend(child)
        for table, chunk in self.chunks.items():
            if len(chunk) >= self.CHUNK:
                self._flush(table)

    def _flush(self, table: str) -> None:
        import pyarrow.parquet as pq

        from .store import _parquet_value

        pa = self.pa
        schema = self.schemas[table]
        chunk = self.chunks[table]
        if table not in self.writers:
            path = self.tmp(table)
            path.parent.mkdir(parents=True, exist_ok=True)
            self.writers[table] = pq.ParquetWriter(str(path), schema)
        columns = list(zip(*chunk)) if chunk else [[] for _ in schema]
        arrays = [pa.array([_parquet_value(v, f.type) for v in col], type=f.type)
                  for col, f in zip(columns, schema)]
        self.writers[table].write_table(pa.Table.from_arrays(arrays, schema=schema))
        self.chunks[table] = []

    def close(self) -> dict[str, str]:
        """Finish every table (an empty table still gets its file) and move them in place."""
        out = {}
        for table in PARQUET_TABLES:
            if self.chunks[table] or table not in self.writers:
                self._flush(table)
            self.writers.pop(table).close()
            os.replace(self.tmp(table), self.final(table))
            out[table] = self.final(table).relative_to(self.root.parent).as_posix()
        return out

    def abort(self) -> None:
        for table, writer in list(self.writers.items()):
            try:
                writer.close()
            finally:
                self.tmp(table).unlink(missing_ok=True)
        self.writers.clear()


# ---------------------------------------------------------------------------------------
# worker side


def _plugin_class() -> type:
    """`PipelinePlugin`, built on first use: it subclasses distributed's WorkerPlugin,
    and distributed is an optional extra."""
    from distributed import WorkerPlugin

    class PipelinePlugin(WorkerPlugin):
        """Load the pipeline once per worker, when the worker joins the cluster."""

        idempotent = True  # a rerun registering it again does not reload anything

        def __init__(self, lang: str, timeout: float | None) -> None:
            self.lang = lang
            self.timeout = timeout
            self.name = f"zhaimao-pipeline-{lang}"

        def setup(self, worker: Any) -> None:
            # _init_worker calls pipeline.load for each language and keeps the state
            # _extract_rows reads; in_pool=False leaves the worker's signal handlers alone.
            _init_worker(self.lang, self.timeout, in_pool=False)
            if "init_error" in _WORKER:
                raise WorkerInitError(_WORKER["init_error"])

    PipelinePlugin.__module__ = __name__
    PipelinePlugin.__qualname__ = "PipelinePlugin"
    return PipelinePlugin


def __getattr__(name: str) -> Any:
    # Module-level name for the lazily built class, so that workers unpickle the plugin
    # by reference (pipeline.distributed.PipelinePlugin) instead of by value.
    if name == "PipelinePlugin":
        cls = _plugin_class()
        globals()[name] = cls
        return cls
    raise AttributeError(f"module {__name__!r} has no attribute {name!r}")


def _ensure_pipeline(lang: str, timeout: float | None) -> None:
    # A worker normally has the pipeline from the plugin; this covers a worker whose
    # plugin setup failed (the task reports B001) and a shared worker last used for
    # another --lang.
    if _WORKER.get("lang") != lang or "extract" not in _WORKER or "init_error" in _WORKER:
        _init_worker(lang, timeout, in_pool=False)
    if "init_error" in _WORKER:
        raise WorkerInitError(_WORKER["init_error"])


#: The local engine's message for an article that kills a fresh worker on its own.
E202_MESSAGE = ("E202 worker crashed on this article (the process died: segfault or out of "
                "memory); report the article")


def run_partition(spec: Mapping[str, Any], *, out: str, options: Mapping[str, Any]) -> dict[str, Any]:
    """A Dask task: read one partition, extract every article, write its files.

    `spec` is `Partition.as_dict()`, optionally with "crashed": ids of articles known to
    kill a worker, stored as E202 rows without extraction. Returns the partition's
    counts; its files appear under `out` only when the partition is complete.
    """
    started = time.monotonic()
    partition = Partition.from_dict(spec)
    crashed = set(spec.get("crashed") or ())
    lang = options.get("lang", "auto")
    _ensure_pipeline(lang, options.get("timeout"))
    root = Path(out)
    tag = uuid.uuid4().hex[:12]  # a task Dask runs twice must not write into the same file
    final = root / "jsonl" / f"{partition.id}.jsonl"
    tmp = final.with_name(f"{final.name}.tmp-{tag}")
    tmp.parent.mkdir(parents=True, exist_ok=True)
    parquet = _parquet_parts(root / "parquet", partition.id, tag, options.get("parquet"))
    counts = BatchSummary(run_id=partition.id, db="")
    try:
        with open(tmp, "w", encoding="utf-8", errors="surrogatepass", newline="\n") as fh:
            for raw in _unique(partition, options, counts):
                if raw.error is not None:
                    rows = rows_from_error(raw.id, raw.error, source=raw.source, url=raw.url,
                                           title=raw.title, published=raw.published)
                elif raw.id in crashed:
                    rows = rows_from_error(raw.id, E202_MESSAGE, source=raw.source, url=raw.url,
                                           title=raw.title, published=raw.published,
                                           sha256=text_sha256(raw.text))
                else:
                    rows = _extract_rows(raw)
                counts._count(rows, raw.source)
                fh.write(line_from_rows(rows))
                # Flushed per article: if the worker dies, the lines written so far tell
                # the client which article it died on.
                fh.flush()
                if parquet is not None:
                    parquet.add(rows)
        outputs: dict[str, Any] = {}
        if parquet is not None:
            outputs["parquet"] = parquet.close()
        os.replace(tmp, final)
        outputs["jsonl"] = final.relative_to(root).as_posix()
    except BaseException:
        # Only a dying process leaves its half-written file, for the client to read (see
        # _suspect); an exception removes it.
        tmp.unlink(missing_ok=True)
        if parquet is not None:
            parquet.abort()
        raise
    d = counts.as_dict()
    return {
        "id": partition.id,
        "counts": {k: d[k] for k in ("read", "skipped", "processed", "input_errors",
                                     "extraction_errors", "records", "aggregates", "claims",
                                     "findings", "failed_checks", "problems")},
        "error_codes": d["error_codes"],
        "error_examples": d["error_examples"],
        "outputs": outputs,
        "seconds": round(time.monotonic() - started, 3),
        "worker": f"{socket.gethostname()}:{os.getpid()}",
    }


def _unique(partition: Partition, options: Mapping[str, Any],
            counts: BatchSummary | None = None) -> Iterator[RawArticle]:
    # The articles of a partition in order, each id once: the same text twice in one
    # partition (a reprint) needs one row, as in the local engine.
    keys = {k: options[k] for k in DEFAULT_KEYS if k in options}
    seen: set[str] = set()
    for raw in read_partition(partition, max_chars=options.get("max_chars", MAX_CHARS),
                              keys=keys):
        if counts is not None:
            counts.read += 1
        if raw.id in seen:
            if counts is not None:
                counts.skipped += 1
            continue
        seen.add(raw.id)
        yield raw


#: Exit code of the child in `try_alone` when the pipeline does not load there.
_INIT_FAILED = 86


def try_alone(raw: RawArticle, *, lang: str, timeout: float | None) -> dict[str, Any]:
    """A Dask task: extract one article alone in a fresh child process and say whether the
    child died — the local engine's test of a suspect (one article, a fresh process).

    The worker itself does not die here, so no task queued on it is lost with it and no
    innocent article is blamed for another's crash.
    """
    import pickle
    import subprocess
    import tempfile

    with tempfile.TemporaryDirectory(prefix="zhaimao-alone-") as tmp:
        src, dst = Path(tmp) / "article.pickle", Path(tmp) / "rows.pickle"
        src.write_bytes(pickle.dumps((raw, lang, timeout)))
        env = dict(os.environ, PYTHONPATH=os.pathsep.join(p for p in sys.path if p))
        proc = subprocess.run(
            [sys.executable, "-c", "from pipeline.distributed import _alone_main; _alone_main()",
             str(src), str(dst)],
            capture_output=True, env=env, check=False,
            timeout=None if not timeout else STARTUP_TIMEOUT + timeout)
        if proc.returncode == _INIT_FAILED:
            raise WorkerInitError(proc.stderr.decode("utf-8", "replace").strip()[-500:])
        if proc.returncode == 0 and dst.exists():
            return {"crashed": False}
        return {"crashed": True, "returncode": proc.returncode}


def _alone_main() -> None:
    """The child of `try_alone`: load the pipeline, extract one article, write its rows."""
    import pickle

    src, dst = Path(sys.argv[1]), Path(sys.argv[2])
    raw, lang, timeout = pickle.loads(src.read_bytes())
    _init_worker(lang, timeout, in_pool=False)
    if "init_error" in _WORKER:
        sys.stderr.write(_WORKER["init_error"])
        sys.exit(_INIT_FAILED)
    dst.write_bytes(pickle.dumps(_extract_rows(raw)))


def _parquet_parts(root: Path, part_id: str, tag: str, wanted: bool | None) -> _ParquetParts | None:
    if wanted is False:
        return None
    try:
        return _ParquetParts(root, part_id, tag)
    except ImportError:
        if wanted:
            raise
        return None


# ---------------------------------------------------------------------------------------
# manifest


def _now() -> str:
    return _dt.datetime.now(_dt.timezone.utc).isoformat(timespec="seconds")


def read_manifest(out: PathLike) -> dict[str, Any] | None:
    """The manifest of an output folder, or None when there is none yet."""
    path = Path(out) / MANIFEST
    if not path.exists():
        return None
    with open(path, encoding="utf-8") as fh:
        manifest = json.load(fh)
    if manifest.get("format") != MANIFEST_FORMAT:
        raise DaskBatchError(f"D002 {path} is not a zhaimao manifest; choose another --out")
    return manifest


def write_manifest(out: PathLike, manifest: Mapping[str, Any]) -> None:
    """Write the manifest atomically (a reader never sees half a file)."""
    path = Path(out) / MANIFEST
    tmp = path.with_name(f"{MANIFEST}.tmp-{os.getpid()}")
    with open(tmp, "w", encoding="utf-8") as fh:
        json.dump(manifest, fh, ensure_ascii=False, indent=1)
        fh.write("\n")
    os.replace(tmp, path)


def _file_key(units: Sequence[FileUnit]) -> list[tuple[str, int, int]]:
    # What the plan was made from: every file once, with its size and modification time.
    seen: dict[str, tuple[str, int, int]] = {}
    for u in units:
        seen.setdefault(u.path, (u.path, u.size, u.mtime_ns))
    return list(seen.values())


def _reuse_plan(manifest: Mapping[str, Any], files: Sequence[FileUnit],
                options: Mapping[str, Any], partitions: int | None, out: Path) -> list[Partition]:
    """The manifest's partitions, when it was made from the same files and options."""
    old_options = manifest.get("args", {})
    changed = [k for k in CONTENT_OPTIONS if old_options.get(k) != options.get(k)]
    if changed:
        raise DaskBatchError(
            f"D002 {out} holds a run with other options ({', '.join(changed)}); rerun with "
            "the same options, or choose another --out")
    if partitions is not None and manifest.get("requested_partitions") not in (None, partitions):
        raise DaskBatchError(
            f"D002 {out} is cut into {len(manifest['partitions'])} partitions "
            f"(--partitions {manifest['requested_partitions']}); rerun without --partitions "
            "or choose another --out")
    plan = [Partition.from_dict(p) for p in manifest["partitions"]]
    old = _file_key([u for p in plan for u in p.units])
    new = _file_key(files)
    if old != new:
        differ = sorted({k[0] for k in set(old) ^ set(new)})
        raise DaskBatchError(
            f"D002 {out} holds a run over other inputs (changed, added or removed: "
            f"{', '.join(differ[:3])}{' …' if len(differ) > 3 else ''}); choose another --out "
            "or remove the folder to start over")
    return plan


# ---------------------------------------------------------------------------------------
# client side


@dataclass
class DaskRun:
    """What a Dask run did: the batch counts plus what happened to each partition."""

    summary: BatchSummary
    out: str
    scheduler: str
    partitions: int = 0
    computed: int = 0
    skipped_partitions: int = 0
    merged: int = 0
    failed: dict[str, str] = field(default_factory=dict)

    @property
    def exit_code(self) -> int:
        """0 clean; 3 when an article ended as an error or a partition is not done."""
        return 3 if (self.failed or self.summary.exit_code) else 0

    def as_dict(self) -> dict[str, Any]:
        d = self.summary.as_dict()
        d.update({
            "engine": "dask", "out": self.out, "scheduler": self.scheduler,
            "partitions": self.partitions, "partitions_computed": self.computed,
            "partitions_skipped": self.skipped_partitions, "partitions_merged": self.merged,
            "partitions_failed": dict(sorted(self.failed.items())),
            "exit_code": self.exit_code,
        })
        return d


def format_run(run: DaskRun) -> str:
    """A few lines for stderr: the batch summary plus the partitions and how to retry."""
    s = run.summary
    lines = format_summary(s).splitlines()
    if not s.db:
        # No store: point at the partition files rather than at `zhaimao export`.
        lines = [ln for ln in lines if not ln.startswith("  exit code")]
        if s.exit_code:
            lines.append(f"  exit code 3: some articles ended as errors; they are the lines "
                         f"with \"status\": \"error\" in {run.out}/jsonl/")
    lines.append(
        f"  partitions: {run.partitions} in {run.out}, {run.computed} computed, "
        f"{run.skipped_partitions} already complete"
        + (f", {run.merged} merged into {s.db}" if s.db else ""))
    for pid, message in sorted(run.failed.items()):
        lines.append(f"  {pid} failed: {message}")
    if run.failed:
        lines.append(f"  {len(run.failed)} partition(s) not done: rerun the same command to "
                     "redo them (complete ones are skipped)")
    return "\n".join(lines)


def _add_counts(summary: BatchSummary, result: Mapping[str, Any]) -> None:
    for k, v in result["counts"].items():
        setattr(summary, k, getattr(summary, k) + v)
    for code, n in result.get("error_codes", {}).items():
        summary.error_codes[code] += n
    for code, example in result.get("error_examples", {}).items():
        summary.error_examples.setdefault(code, example)


def _add_skipped(summary: BatchSummary, entry: Mapping[str, Any]) -> None:
    # A partition complete from an earlier run counts like articles skipped on resume;
    # its errors keep the exit code what it was.
    counts = entry.get("counts", {})
    n = counts.get("read", 0)
    summary.read += n
    summary.skipped += n
    summary.stored_errors += counts.get("input_errors", 0) + counts.get("extraction_errors", 0)


def _connect(scheduler: str | None, workers: int, worker_log_level: int) -> tuple[Any, Any]:
    """A distributed Client: to `scheduler`, or to a new loopback LocalCluster."""
    from distributed import Client, LocalCluster

    if scheduler:
        try:
            return Client(scheduler, timeout="30s"), None
        except (OSError, TimeoutError, ValueError) as exc:
            raise DaskBatchError(
                f"D003 cannot reach the Dask scheduler at {scheduler} ({exc}); start it with "
                "`dask scheduler` and check the address and port") from exc
    cluster = LocalCluster(n_workers=max(1, workers), threads_per_worker=1, processes=True,
                           host="127.0.0.1", dashboard_address=None,
                           silence_logs=worker_log_level)
    try:
        return Client(cluster), cluster
    except BaseException:
        cluster.close()
        raise


def run_dask(
    inputs: PathLike | Sequence[PathLike],
    out: PathLike,
    *,
    db: PathLike | None = None,
    scheduler: str | None = None,
    workers: int | None = None,
    partitions: int | None = None,
    batch_size: int = 200,
    resume: bool = True,
    retry_errors: bool = False,
    progress: bool | None = None,
    lang: str = "auto",
    timeout: float | None = 300.0,
    max_chars: int = MAX_CHARS,
    text_key: str = "text",
    id_key: str = "id",
    date_key: str = "published",
    url_key: str = "url",
    title_key: str = "title",
    parquet: bool | None = None,
) -> DaskRun:
    """Run the batch job on a Dask cluster: partitions under `out`, merged into `db` if given.

    - `scheduler`: address of a running scheduler (`tcp://host:8786`); None starts a
      LocalCluster on 127.0.0.1 with `workers` processes (default: CPU count), one
      thread each, and closes it at the end.
    - `partitions`: about how many partitions to cut the inputs into (default: 64 MiB
      each, at least four per worker thread).
    - `resume`: skip partitions the manifest marks complete (their output is kept and,
      with `db`, merged if it is not yet); `retry_errors` also redoes complete partitions
      that hold error rows. `resume=False` redoes every partition.
    - `batch_size`: articles per SQLite transaction when merging.
    - `parquet`: also write Parquet (None: when pyarrow is installed on the workers).
    - the rest as in `run_batch`. `timeout` is only enforced where a task runs in a
      process's main thread; Dask runs tasks in worker threads, so on a cluster an
      article has no time limit.

    Returns a DaskRun; its `exit_code` is the CLI's (0 clean; 3 when an article ended as
    an error or a partition failed — rerun the same call to redo the failed ones).
    """
    if batch_size < 1:
        raise ValueError("batch_size must be at least 1")
    if partitions is not None and partitions < 1:
        raise ValueError("partitions must be at least 1")
    paths = [inputs] if isinstance(inputs, (str, os.PathLike)) else list(inputs)
    out = Path(out).resolve()
    options: dict[str, Any] = {
        "lang": lang, "timeout": timeout, "max_chars": max_chars, "text_key": text_key,
        "id_key": id_key, "date_key": date_key, "url_key": url_key, "title_key": title_key,
        "parquet": parquet,
    }
    files = input_files(paths)
    manifest = read_manifest(out)
    # A rerun is checked against the manifest before anything starts or is written.
    plan = _reuse_plan(manifest, files, options, partitions, out) if manifest else None
    n_local = (os.cpu_count() or 1) if workers is None else max(1, workers)
    show = sys.stderr.isatty() if progress is None else progress
    run_args = {
        "engine": "dask", "inputs": [str(p) for p in paths], "out": str(out),
        "db": str(db) if db is not None else None, "scheduler": scheduler,
        "workers": None if scheduler else n_local, "partitions": partitions,
        "batch_size": batch_size, "resume": resume, "retry_errors": retry_errors, **options,
    }

    summary = BatchSummary(run_id=_dt.datetime.now().strftime("%Y%m%dT%H%M%S") + "-"
                           + uuid.uuid4().hex[:8], db=str(db) if db is not None else "")
    store = Store(db) if db is not None else None
    if store is not None:
        summary.run_id = store.start_run(run_args)
    run = DaskRun(summary=summary, out=str(out), scheduler=scheduler or "")
    started = time.monotonic()
    status = "finished"
    old_term = _install_sigterm()
    client = cluster = None
    bar = None
    written = False
    try:
        def connect() -> Any:
            nonlocal client, cluster
            # The LocalCluster the command starts writes to this terminal: its workers'
            # warnings arrive through forward_logging (in _register), so they stay quiet.
            client, cluster = _connect(scheduler, n_local, logging.ERROR)
            run.scheduler = client.scheduler.address
            threads = sum(w.get("nthreads", 1)
                          for w in client.scheduler_info().get("workers", {}).values())
            summary.workers = threads or n_local
            return client

        if manifest is None or plan is None:
            # A new plan needs the cluster's size; a rerun connects only if work is left.
            connect()
            plan = plan_partitions(files, partitions, workers=summary.workers or 1)
            manifest = {
                "format": MANIFEST_FORMAT, "version": MANIFEST_VERSION, "created": _now(),
                "requested_partitions": partitions,
                "inputs": [str(Path(p).resolve()) for p in paths],
                "partitions": [dict(p.as_dict(), status="pending") for p in plan],
            }
        manifest["args"] = run_args
        manifest["updated"] = _now()
        manifest["status"] = "running"
        entries = {e["id"]: e for e in manifest["partitions"]}
        out.mkdir(parents=True, exist_ok=True)
        write_manifest(out, manifest)
        written = True
        run.partitions = len(plan)

        db_key = str(Path(db).resolve()) if db is not None else None
        todo: list[Partition] = []
        for part in plan:
            entry = entries[part.id]
            if resume and _is_complete(entry, out) and not (
                    retry_errors and _has_errors(entry)):
                run.skipped_partitions += 1
                _add_skipped(summary, entry)
                if store is not None and db_key not in entry.get("merged_into", []):
                    _merge(store, out, entry, summary.run_id, batch_size, db_key)
                    run.merged += 1
                continue
            entry["status"] = "pending"
            entry.pop("error", None)
            _remove_partial(out, part.id)
            todo.append(part)
        write_manifest(out, manifest)

        bar = _progress(show, None)
        bar_task = None
        if bar is not None:
            bar_task = bar.add_task("batch", total=None, rate=0.0, records=0, errors=0,
                                    skipped=summary.skipped)
            bar.start()
        if todo:
            if client is None:
                connect()
            _register(client, lang, timeout)
            _Driver(client, out, options, manifest, run, store, batch_size, db_key,
                    lambda: _tick(bar, bar_task, summary, started)).run_all(todo)
    except KeyboardInterrupt:
        status = "interrupted"
        summary.interrupted = True
        raise
    except BaseException:
        status = "failed"
        raise
    finally:
        if bar is not None:
            bar.stop()
        summary.seconds = time.monotonic() - started
        try:
            if written and manifest is not None:
                _finish_manifest(out, manifest, run, status)
        finally:
            try:
                if client is not None:
                    _close(client, cluster, scheduler)
            finally:
                _restore_sigterm(old_term)
                if store is not None:
                    try:
                        store.finish_run(summary.run_id, run.as_dict(),
                                         status if not run.failed else "incomplete")
                    finally:
                        store.close()
    return run


def _is_complete(entry: Mapping[str, Any], out: Path) -> bool:
    outputs = entry.get("outputs") or {}
    return (entry.get("status") == "complete" and bool(outputs.get("jsonl"))
            and (out / outputs["jsonl"]).exists())


def _has_errors(entry: Mapping[str, Any]) -> bool:
    counts = entry.get("counts", {})
    return bool(counts.get("input_errors", 0) + counts.get("extraction_errors", 0))


def _remove_partial(out: Path, part_id: str) -> None:
    # Temporary files of an attempt whose worker died; finished files stay until the new
    # attempt replaces them, so an interrupted redo never loses a complete partition.
    for folder in [out / "jsonl", *((out / "parquet").glob("*") if (out / "parquet").is_dir() else [])]:
        for tmp in folder.glob(f"{part_id}.*.tmp-*"):
            tmp.unlink(missing_ok=True)


def _register(client: Any, lang: str, timeout: float | None) -> None:
    """Load the pipeline on every worker (now and when workers join) and forward their
    warnings, which name the article id, to this process's log."""
    try:
        # Not below this process's own level: forwarded records skip the level check.
        level = max(logging.WARNING, logging.getLogger("pipeline").getEffectiveLevel())
        client.forward_logging("pipeline", level=level)
        client.register_plugin(__getattr__("PipelinePlugin")(lang, timeout))
    except WorkerInitError as exc:
        raise DaskBatchError(f"B001 the pipeline does not load in a worker: {exc}") from exc
    except (ImportError, AttributeError) as exc:
        raise DaskBatchError(
            f"D004 the workers cannot run zhaimao ({type(exc).__name__}: {exc}); install it "
            "in the workers' environment: pip install 'zhaimao[dask]'") from exc


#: Articles of one partition that may each kill a worker before the partition is given
#: up: one is data, many are the machine (memory limits, a broken install).
MAX_CRASHES = 10


#: Times a partition (or the test of one of its articles) is resubmitted in one run after
#: workers died for no article's fault; then it is left failed for the next run.
RETRIES = 2


class _Driver:
    """Client-side loop of one run: submit partitions, record each as it finishes, and
    isolate an article that kills workers the way the local engine does (E202)."""

    def __init__(self, client: Any, out: Path, options: Mapping[str, Any],
                 manifest: dict[str, Any], run: DaskRun, store: Store | None,
                 batch_size: int, db_key: str | None, tick: Any) -> None:
        self.client = client
        self.out = out
        self.options = dict(options)
        self.manifest = manifest
        self.entries = {e["id"]: e for e in manifest["partitions"]}
        self.run = run
        self.store = store
        self.batch_size = batch_size
        self.db_key = db_key
        self.tick = tick
        # future key -> (partition, the article being tried alone or None)
        self.pending: dict[Any, tuple[Partition, RawArticle | None]] = {}
        self.queue: Any = None  # distributed.as_completed, made in run_all
        self.retries: dict[str, int] = {}
        self.last_write = time.monotonic()
        self.write_cost = 0.0  # seconds the last manifest write took

    def spec(self, part: Partition) -> dict[str, Any]:
        return dict(part.as_dict(), crashed=sorted(self.entries[part.id].get("crashed", [])))

    def run_all(self, todo: list[Partition]) -> None:
        """Run `todo` as one dask.bag (one bag partition per zhaimao partition)."""
        import dask.bag
        from distributed import as_completed

        bag = dask.bag.from_sequence([self.spec(p) for p in todo], npartitions=len(todo))
        tasks = bag.map(run_partition, out=str(self.out), options=self.options).to_delayed()
        futures = self.client.compute(tasks)
        for fut, part in zip(futures, todo):
            self.pending[fut.key] = (part, None)
        if not self.client.scheduler_info().get("workers"):
            logger.warning("no Dask workers yet at %s; the run waits for workers to join "
                           "(start them with `dask worker %s`)", self.run.scheduler,
                           self.run.scheduler)
        self.queue = as_completed(futures)
        try:
            for fut in self.queue:
                part, alone = self.pending.pop(fut.key)
                try:
                    self.finished(fut, part, alone)
                finally:
                    fut.release()
                # After every partition, unless writing the manifest (large with many
                # thousand partitions) would take more than a tenth of the client's time.
                now = time.monotonic()
                if now - self.last_write >= 10 * self.write_cost:
                    write_manifest(self.out, self.manifest)
                    self.last_write = time.monotonic()
                    self.write_cost = self.last_write - now
        except BaseException:
            self.client.cancel(futures)
            raise

    def submit(self, fn: Any, arg: Any, part: Partition, alone: RawArticle | None,
               **kwargs: Any) -> None:
        fut = self.client.submit(fn, arg, pure=False, **kwargs)
        self.pending[fut.key] = (part, alone)
        self.queue.add(fut)

    def finished(self, fut: Any, part: Partition, alone: RawArticle | None) -> None:
        from distributed import KilledWorker

        try:
            value = fut.result()
        except WorkerInitError as exc:
            raise DaskBatchError(f"B001 the pipeline does not load in a worker: {exc}") from exc
        except KilledWorker as exc:
            if alone is None:
                self.partition_crashed(part, exc)
            else:
                # The worker running the test died of something else (another task's
                # crash, a lost node): the test is not over, run it again.
                self.retry(part, alone)
            return
        except Exception as exc:  # an unreadable input, a bug: the partition is redone next run
            self.fail(part, f"{type(exc).__name__}: {exc}")
            return
        if alone is not None:
            if value.get("crashed"):
                self.article_crashed(part, alone)
            else:
                # Alone, the article is fine: the deaths were not its doing (a worker
                # killed while it also held this partition, memory pressure, a lost node).
                self.retry(part, None)
            return
        (result,) = value if isinstance(value, (list, tuple)) else (value,)
        self.complete(part, result)

    def retry(self, part: Partition, alone: RawArticle | None) -> None:
        """Run the partition (or the test of one of its articles) again, a few times."""
        self.retries[part.id] = self.retries.get(part.id, 0) + 1
        if self.retries[part.id] > RETRIES:
            self.fail(part, "workers kept dying in this partition, but no article of it "
                            "kills a process alone (memory limits? lost nodes?)")
        elif alone is not None:
            self.submit(try_alone, alone, part, alone, lang=self.options["lang"],
                        timeout=self.options.get("timeout"))
        else:
            self.submit(run_partition, self.spec(part), part, None, out=str(self.out),
                        options=self.options)

    def complete(self, part: Partition, result: Mapping[str, Any]) -> None:
        entry = self.entries[part.id]
        run = self.run
        run.computed += 1
        _add_counts(run.summary, result)
        entry.update(status="complete", counts=result["counts"], outputs=result["outputs"],
                     error_codes=result["error_codes"], seconds=result["seconds"],
                     worker=result["worker"], finished=_now(), merged_into=[])
        entry.pop("error", None)
        if self.store is not None:
            _merge(self.store, self.out, entry, run.summary.run_id, self.batch_size,
                   self.db_key)
            run.merged += 1
        self.tick()

    def fail(self, part: Partition, message: str) -> None:
        message = message.strip()[:500]
        self.entries[part.id].update(status="failed", error=message, finished=_now())
        self.run.failed[part.id] = message
        logger.warning("partition %s failed (articles from %s): %s; rerun to redo it",
                       part.id, part.units[0].source, message)

    def partition_crashed(self, part: Partition, exc: Exception) -> None:
        """Workers died running the partition: try the article they died on by itself."""
        suspect = _suspect(self.out, part, self.options)
        _remove_partial(self.out, part.id)
        if suspect is None:
            self.fail(part, f"{type(exc).__name__}: {exc}")
            return
        logger.warning("article %s (%s): workers died in partition %s while on this article; "
                       "trying it alone", suspect.id, suspect.source, part.id)
        self.submit(try_alone, suspect, part, suspect, lang=self.options["lang"],
                    timeout=self.options.get("timeout"))

    def article_crashed(self, part: Partition, raw: RawArticle) -> None:
        """The article kills a worker on its own: store it as E202 and redo the partition."""
        entry = self.entries[part.id]
        crashed = entry.setdefault("crashed", [])
        if raw.id not in crashed:
            crashed.append(raw.id)
        if len(crashed) >= MAX_CRASHES:
            self.fail(part, f"B003 {len(crashed)} articles of this partition each killed a "
                            f"worker (last: {raw.id}); the cause is not in the articles — "
                            "check the workers' memory limits")
            return
        self.submit(run_partition, self.spec(part), part, None, out=str(self.out),
                    options=self.options)


def _suspect(out: Path, part: Partition, options: Mapping[str, Any]) -> RawArticle | None:
    """The article a dead attempt was extracting: the one after its last written line."""
    done: list[int] = []
    for tmp in (out / "jsonl").glob(f"{part.id}.jsonl.tmp-*"):
        with open(tmp, "rb") as fh:
            done.append(sum(1 for line in fh if line.endswith(b"\n")))
    # Attempts that died on the same article agree; take the most common position.
    n = max(sorted(set(done)), key=done.count) if done else 0
    for i, raw in enumerate(_unique(part, options)):
        if i == n:
            return raw if raw.error is None else None
    return None


def _merge(store: Store, out: Path, entry: dict[str, Any], run_id: str, batch_size: int,
           db_key: str | None) -> None:
    """Write one partition's rows into the store (upserts by article id: idempotent)."""
    chunk: list[ArticleRows] = []
    for rows in iter_partition_rows(out / entry["outputs"]["jsonl"]):
        chunk.append(rows)
        if len(chunk) >= batch_size:
            store.put_many(chunk, run_id)
            chunk = []
    if chunk:
        store.put_many(chunk, run_id)
    merged = entry.setdefault("merged_into", [])
    if db_key not in merged:
        merged.append(db_key)


def _tick(bar: Any, task: Any, summary: BatchSummary, started: float) -> None:
    if bar is None or task is None:
        return
    elapsed = max(time.monotonic() - started, 1e-9)
    bar.update(task, completed=summary.written + summary.skipped,
               rate=summary.written / elapsed, records=summary.records, errors=summary.errors,
               skipped=summary.skipped)


def _finish_manifest(out: Path, manifest: dict[str, Any], run: DaskRun, status: str) -> None:
    parts = manifest["partitions"]
    states = [p.get("status") for p in parts]
    totals: dict[str, int] = {}
    for p in parts:
        if p.get("status") == "complete":
            for k, v in p.get("counts", {}).items():
                totals[k] = totals.get(k, 0) + v
    manifest["counts"] = {
        "partitions": len(parts), "complete": states.count("complete"),
        "failed": states.count("failed"), "pending": states.count("pending"), **totals,
    }
    manifest["status"] = "complete" if states.count("complete") == len(parts) else (
        "interrupted" if status == "interrupted" else "incomplete")
    manifest["updated"] = _now()
    manifest["last_run"] = {"status": status, "seconds": round(run.summary.seconds, 3),
                            "scheduler": run.scheduler, "workers": run.summary.workers}
    write_manifest(out, manifest)


def _close(client: Any, cluster: Any, scheduler: str | None) -> None:
    # On a cluster we did not start, leave no forwarding behind; the pipeline plugin may
    # stay (workers keep the loaded pipeline for the next run).
    try:
        if scheduler:
            client.unregister_worker_plugin("forward-logging-pipeline")
    except Exception as exc:  # the cluster may already be gone; nothing to clean up then
        logger.debug("could not remove the log forwarding from %s: %s", scheduler, exc)
    client.close()
    if cluster is not None:
        cluster.close()


__all__ = [
    "DaskBatchError",
    "DaskRun",
    "FileUnit",
    "Partition",
    "format_run",
    "input_files",
    "iter_partition_rows",
    "line_from_rows",
    "plan_partitions",
    "read_manifest",
    "read_partition",
    "rows_from_line",
    "run_dask",
    "run_partition",
    "write_manifest",
]
