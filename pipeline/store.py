"""The SQLite store of a batch run: schema and migrations, idempotent upserts, resume, export, timeline.

One database file holds every article of an archive (processed or error) with its full
`ArticleResult` as JSON, flat child tables for records, aggregates, claims, findings and
problems, and one row per run. Writing an article replaces its old child rows in the same
transaction, so a rerun never duplicates anything. The database runs in WAL mode:
readers (`zhaimao timeline`) do not block a running batch, and a killed writer loses at
most its open transaction.

`timeline()` turns the records into one row per county (the table for staggered
difference-in-differences and maps); `coverage()` says which of the 832 national poverty
counties an archive reports and which it misses. Both take the official county facts as
a parameter (`official_from_gazetteer`, `official_from_csv`) instead of importing the
gazetteer, so the store works without a built snapshot.
"""

from __future__ import annotations

import csv
import datetime as _dt
import json
import logging
import os
import sqlite3
import uuid
from collections import Counter
from contextlib import contextmanager
from dataclasses import asdict, dataclass, field
from itertools import groupby
from pathlib import Path
from typing import (IO, Any, Callable, Iterable, Iterator, Literal, Mapping, Optional,
                    Sequence, Union)

from .records import ArticleResult, Evidence

logger = logging.getLogger(__name__)

What = Literal["records", "aggregates", "claims", "findings", "problems", "articles", "results"]
Format = Literal["csv", "jsonl", "parquet"]
PathLike = Union[str, "os.PathLike[str]"]


class StoreError(Exception):
    """A problem with the database itself (not with an article)."""


# ---------------------------------------------------------------------------------------
# schema

ARTICLE_COLUMNS: tuple[str, ...] = (
    "id", "source", "url", "title", "lang", "published", "published_from", "sha256",
    "status", "error", "n_records", "result_json",
)
RECORD_COLUMNS: tuple[str, ...] = (
    "article_id", "idx", "adcode", "county", "province", "prefecture", "status", "date",
    "granularity", "authority", "list", "batch_year", "surface", "evidence_start",
    "evidence_end", "sentence", "link_reason", "confidence",
)
AGGREGATE_COLUMNS: tuple[str, ...] = (
    "article_id", "idx", "count", "unit", "status", "province", "named", "named_adcodes",
    "lower_bound", "date", "granularity", "evidence_text", "evidence_start", "evidence_end",
    "sentence",
)
CLAIM_COLUMNS: tuple[str, ...] = (
    "article_id", "idx", "value", "unit", "noun", "qualifiers", "scope", "cumulative",
    "as_of", "as_of_granularity", "evidence_text", "evidence_start", "evidence_end",
    "sentence",
)
FINDING_COLUMNS: tuple[str, ...] = (
    "article_id", "idx", "check", "status", "severity", "stated", "computed", "message",
    "evidence_start", "evidence_end", "evidence_json",
)
PROBLEM_COLUMNS: tuple[str, ...] = (
    "article_id", "idx", "code", "message", "evidence_text", "evidence_start", "evidence_end",
)
CHILD_TABLES: dict[str, tuple[str, ...]] = {
    "records": RECORD_COLUMNS,
    "aggregates": AGGREGATE_COLUMNS,
    "claims": CLAIM_COLUMNS,
    "findings": FINDING_COLUMNS,
    "problems": PROBLEM_COLUMNS,
}

_V1 = """
CREATE TABLE articles (
    id TEXT PRIMARY KEY,
    source TEXT, url TEXT, title TEXT, lang TEXT, published TEXT, published_from TEXT,
    sha256 TEXT,
    status TEXT NOT NULL CHECK (status IN ('processed', 'error')),
    error TEXT,
    n_records INTEGER NOT NULL DEFAULT 0,
    run_id TEXT,
    updated TEXT NOT NULL,
    result_json TEXT
);
CREATE INDEX articles_status ON articles(status);
CREATE TABLE records (
    article_id TEXT NOT NULL REFERENCES articles(id) ON DELETE CASCADE,
    idx INTEGER NOT NULL,
    adcode TEXT, county TEXT, province TEXT, prefecture TEXT,
    status TEXT, date TEXT, granularity TEXT, authority TEXT, list TEXT, batch_year INTEGER,
    surface TEXT, evidence_start INTEGER, evidence_end INTEGER, sentence TEXT,
    link_reason TEXT, confidence REAL,
    PRIMARY KEY (article_id, idx)
);
CREATE INDEX records_adcode ON records(adcode, status);
CREATE TABLE aggregates (
    article_id TEXT NOT NULL REFERENCES articles(id) ON DELETE CASCADE,
    idx INTEGER NOT NULL,
    count INTEGER, unit TEXT, status TEXT, province TEXT, named INTEGER, named_adcodes TEXT,
    lower_bound INTEGER, date TEXT, granularity TEXT, evidence_text TEXT,
    evidence_start INTEGER, evidence_end INTEGER, sentence TEXT,
    PRIMARY KEY (article_id, idx)
);
CREATE TABLE claims (
    article_id TEXT NOT NULL REFERENCES articles(id) ON DELETE CASCADE,
    idx INTEGER NOT NULL,
    value, unit TEXT, noun TEXT, qualifiers TEXT, scope TEXT, cumulative INTEGER,
    as_of TEXT, as_of_granularity TEXT, evidence_text TEXT,
    evidence_start INTEGER, evidence_end INTEGER, sentence TEXT,
    PRIMARY KEY (article_id, idx)
);
CREATE TABLE findings (
    article_id TEXT NOT NULL REFERENCES articles(id) ON DELETE CASCADE,
    idx INTEGER NOT NULL,
    "check" TEXT, status TEXT, severity TEXT, stated, computed, message TEXT,
    evidence_start INTEGER, evidence_end INTEGER, evidence_json TEXT,
    PRIMARY KEY (article_id, idx)
);
CREATE INDEX findings_check ON findings("check", status);
CREATE TABLE problems (
    article_id TEXT NOT NULL REFERENCES articles(id) ON DELETE CASCADE,
    idx INTEGER NOT NULL,
    code TEXT, message TEXT, evidence_text TEXT, evidence_start INTEGER, evidence_end INTEGER,
    PRIMARY KEY (article_id, idx)
);
CREATE TABLE runs (
    id TEXT PRIMARY KEY,
    started TEXT NOT NULL,
    finished TEXT,
    status TEXT NOT NULL DEFAULT 'running',
    args TEXT,
    counts TEXT
);
"""


def _run_script(conn: sqlite3.Connection, script: str) -> None:
    # executescript() would commit first; statements run one by one stay in the migration's
    # transaction, so a failed migration leaves the old schema intact.
    for statement in script.split(";"):
        if statement.strip():
            conn.execute(statement)


def _migrate_to_1(conn: sqlite3.Connection) -> None:
    _run_script(conn, _V1)


#: MIGRATIONS[i] takes a database from user_version i to i + 1. Append, never edit.
MIGRATIONS: list[Callable[[sqlite3.Connection], None]] = [_migrate_to_1]
SCHEMA_VERSION = len(MIGRATIONS)


def _q(name: str) -> str:
    # "check" is an SQL keyword; quoting every identifier keeps generated SQL uniform.
    return '"' + name.replace('"', '""') + '"'


def _insert_sql(table: str, columns: Sequence[str]) -> str:
    cols = ", ".join(_q(c) for c in columns)
    marks = ", ".join("?" for _ in columns)
    return f"INSERT INTO {_q(table)} ({cols}) VALUES ({marks})"


def _now() -> str:
    return _dt.datetime.now(_dt.timezone.utc).isoformat(timespec="seconds")


# ---------------------------------------------------------------------------------------
# rows: pure functions, run inside batch workers so the parent only inserts


@dataclass(frozen=True)
class ArticleRows:
    """An article flattened into table rows, ready to insert (tuples in column order)."""

    article: tuple[Any, ...]
    records: tuple[tuple[Any, ...], ...] = ()
    aggregates: tuple[tuple[Any, ...], ...] = ()
    claims: tuple[tuple[Any, ...], ...] = ()
    findings: tuple[tuple[Any, ...], ...] = ()
    problems: tuple[tuple[Any, ...], ...] = ()

    @property
    def id(self) -> str:
        return str(self.article[0])

    @property
    def status(self) -> str:
        return str(self.article[ARTICLE_COLUMNS.index("status")])

    @property
    def error(self) -> str | None:
        return self.article[ARTICLE_COLUMNS.index("error")]

    def children(self) -> dict[str, tuple[tuple[Any, ...], ...]]:
        return {
            "records": self.records,
            "aggregates": self.aggregates,
            "claims": self.claims,
            "findings": self.findings,
            "problems": self.problems,
        }


def _ev(e: Optional[Evidence]) -> tuple[Any, Any, Any, Any]:
    if e is None:
        return (None, None, None, None)
    return (e.text, e.start, e.end, e.sentence)


def rows_from_result(
    result: ArticleResult,
    *,
    sha256: str | None = None,
    source: str | None = None,
    url: str | None = None,
    title: str | None = None,
) -> ArticleRows:
    """Flatten one ArticleResult into table rows (source/url/title fill gaps in the result)."""
    a = result.article
    aid = a.id
    article = (
        aid, a.source or source, a.url or url, a.title or title, a.lang,
        a.published.isoformat() if a.published else None, a.published_from, sha256,
        "processed", None, len(result.records), result.model_dump_json(),
    )
    records = tuple(
        (
            aid, i, r.county.adcode, r.county.name, r.county.province, r.county.prefecture,
            r.status, r.date.value if r.date else None, r.date.granularity if r.date else None,
            r.authority, r.list, r.batch_year, r.surface, r.evidence.start, r.evidence.end,
            r.evidence.sentence, r.link_reason, r.confidence,
        )
        for i, r in enumerate(result.records)
    )
    aggregates = tuple(
        (
            aid, i, g.count, g.unit, g.status, g.province, g.named,
            json.dumps(g.named_adcodes), int(g.lower_bound),
            g.date.value if g.date else None, g.date.granularity if g.date else None,
            *_ev(g.evidence)[:3], g.evidence.sentence,
        )
        for i, g in enumerate(result.aggregates)
    )
    claims = tuple(
        (
            aid, i, c.value, c.unit, c.noun, json.dumps(c.qualifiers, ensure_ascii=False),
            c.scope, int(c.cumulative), c.as_of.value if c.as_of else None,
            c.as_of.granularity if c.as_of else None, *_ev(c.evidence)[:3], c.evidence.sentence,
        )
        for i, c in enumerate(result.claims)
    )
    findings = tuple(
        (
            aid, i, f.check, f.status, f.severity, f.stated, f.computed, f.message,
            f.evidence[0].start if f.evidence else None,
            f.evidence[0].end if f.evidence else None,
            json.dumps([e.model_dump() for e in f.evidence], ensure_ascii=False),
        )
        for i, f in enumerate(result.findings)
    )
    problems = tuple(
        (aid, i, p.code, p.message, *_ev(p.evidence)[:3])
        for i, p in enumerate(result.problems)
    )
    return ArticleRows(article, records, aggregates, claims, findings, problems)


def rows_from_error(
    article_id: str,
    error: str,
    *,
    source: str | None = None,
    url: str | None = None,
    title: str | None = None,
    published: str | None = None,
    sha256: str | None = None,
) -> ArticleRows:
    """The row of an article that ended as an error (input error or failed extraction)."""
    return ArticleRows(
        (article_id, source, url, title, None, published, "given" if published else "none",
         sha256, "error", error, 0, None)
    )


# ---------------------------------------------------------------------------------------
# the store


class Store:
    """One SQLite database of articles and their extracted rows.

    Open it with `Store(path)` (the schema is created or migrated on open). Writes go
    through `put()`; group many in `with store.transaction():` — the batch runner commits
    one transaction per chunk of articles.
    """

    def __init__(self, path: PathLike, *, readonly: bool = False, timeout: float = 60.0) -> None:
        self.path = Path(path)
        self.readonly = readonly
        if readonly:
            if not self.path.exists():
                raise StoreError(f"S001 database not found: {self.path}; run `zhaimao batch` first")
            uri = f"{self.path.resolve().as_uri()}?mode=ro"
            self.conn = sqlite3.connect(uri, uri=True, timeout=timeout,
                                        isolation_level=None)
        else:
            self.path.parent.mkdir(parents=True, exist_ok=True)
            # isolation_level=None: transactions are opened explicitly, so a chunk is
            # exactly one BEGIN … COMMIT and nothing commits behind our back.
            self.conn = sqlite3.connect(self.path, timeout=timeout, isolation_level=None)
        self.conn.execute("PRAGMA foreign_keys = ON")
        if not readonly:
            self.conn.execute("PRAGMA journal_mode = WAL")
            # NORMAL in WAL mode survives a killed process (only power loss can drop the
            # last commits), at a fraction of FULL's fsyncs.
            self.conn.execute("PRAGMA synchronous = NORMAL")
        self._depth = 0
        self._migrate()
        self._insert = {t: _insert_sql(t, cols) for t, cols in CHILD_TABLES.items()}
        cols = ARTICLE_COLUMNS + ("run_id", "updated")
        updates = ", ".join(f"{_q(c)} = excluded.{_q(c)}" for c in cols if c != "id")
        self._upsert_article = (
            _insert_sql("articles", cols) + f" ON CONFLICT(id) DO UPDATE SET {updates}"
        )

    # -- lifecycle ----------------------------------------------------------------------

    def _migrate(self) -> None:
        version = self.conn.execute("PRAGMA user_version").fetchone()[0]
        if version > SCHEMA_VERSION:
            raise StoreError(
                f"S002 database schema version {version} is newer than this zhaimao "
                f"({SCHEMA_VERSION}); upgrade zhaimao to read {self.path}"
            )
        if version == SCHEMA_VERSION:
            return
        if self.readonly:
            raise StoreError(
                f"S003 database schema version {version} is older than {SCHEMA_VERSION}; "
                f"open it once for writing (e.g. `zhaimao batch`) to migrate {self.path}"
            )
        for step in range(version, SCHEMA_VERSION):
            self.conn.execute("BEGIN IMMEDIATE")
            try:
                MIGRATIONS[step](self.conn)
                self.conn.execute(f"PRAGMA user_version = {step + 1}")
                self.conn.execute("COMMIT")
            except BaseException:
                self.conn.execute("ROLLBACK")
                raise
            logger.info("migrated %s to schema version %d", self.path, step + 1)

    def close(self) -> None:
        self.conn.close()

    def __enter__(self) -> "Store":
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

    @contextmanager
    def transaction(self) -> Iterator["Store"]:
        """One transaction (nested uses join the outer one)."""
        if self._depth:
            self._depth += 1
            try:
                yield self
            finally:
                self._depth -= 1
            return
        self.conn.execute("BEGIN IMMEDIATE")
        self._depth = 1
        try:
            yield self
        except BaseException:
            self._depth = 0
            self.conn.execute("ROLLBACK")
            raise
        self._depth = 0
        self.conn.execute("COMMIT")

    # -- writes -------------------------------------------------------------------------

    def put(self, rows: ArticleRows, run_id: str | None = None) -> None:
        """Insert or replace one article and all its child rows (idempotent by article id)."""
        with self.transaction():
            aid = rows.id
            # Only a rewrite has old child rows to drop; a new article (the usual case in a
            # batch) costs one look-up instead of a DELETE per child table.
            if self.conn.execute("SELECT 1 FROM articles WHERE id = ?", (aid,)).fetchone():
                for table in CHILD_TABLES:
                    self.conn.execute(f"DELETE FROM {_q(table)} WHERE article_id = ?", (aid,))
            self.conn.execute(self._upsert_article, (*rows.article, run_id, _now()))
            for table, child in rows.children().items():
                if child:
                    self.conn.executemany(self._insert[table], child)

    def put_many(self, rows: Iterable[ArticleRows], run_id: str | None = None) -> int:
        """Write many articles in one transaction; returns how many."""
        n = 0
        with self.transaction():
            for r in rows:
                self.put(r, run_id)
                n += 1
        return n

    def put_result(self, result: ArticleResult, *, run_id: str | None = None,
                   sha256: str | None = None, source: str | None = None) -> None:
        """Write one ArticleResult (convenience for single articles and tests)."""
        self.put(rows_from_result(result, sha256=sha256, source=source), run_id)

    def start_run(self, args: Mapping[str, Any]) -> str:
        """Record the start of a run; returns its id."""
        run_id = _dt.datetime.now().strftime("%Y%m%dT%H%M%S") + "-" + uuid.uuid4().hex[:8]
        with self.transaction():
            self.conn.execute(
                "INSERT INTO runs (id, started, status, args) VALUES (?, ?, 'running', ?)",
                (run_id, _now(), json.dumps(dict(args), ensure_ascii=False, default=str)),
            )
        return run_id

    def finish_run(self, run_id: str, counts: Mapping[str, Any], status: str = "finished") -> None:
        """Record the end of a run with its counts."""
        with self.transaction():
            self.conn.execute(
                "UPDATE runs SET finished = ?, status = ?, counts = ? WHERE id = ?",
                (_now(), status, json.dumps(dict(counts), ensure_ascii=False, default=str),
                 run_id),
            )

    # -- reads --------------------------------------------------------------------------

    def processed_ids(self, *, include_errors: bool = True) -> set[str]:
        """Ids already stored (processed, and errors unless include_errors=False), for resume.

        Holds every id in memory; the batch runner uses `known()` per chunk instead."""
        sql = "SELECT id FROM articles"
        if not include_errors:
            sql += " WHERE status = 'processed'"
        return {row[0] for row in self.conn.execute(sql)}

    def known(self, ids: Iterable[str]) -> dict[str, str]:
        """Status (processed | error) of those of `ids` that are stored."""
        out: dict[str, str] = {}
        batch = list(dict.fromkeys(ids))
        for i in range(0, len(batch), 500):  # stay under SQLite's bound-variable limit
            part = batch[i:i + 500]
            marks = ",".join("?" for _ in part)
            for aid, status in self.conn.execute(
                f"SELECT id, status FROM articles WHERE id IN ({marks})", part
            ):
                out[aid] = status
        return out

    def counts(self) -> dict[str, int]:
        """Row counts: articles, processed, errors and every child table, runs."""
        c = self.conn
        out = {
            "articles": c.execute("SELECT COUNT(*) FROM articles").fetchone()[0],
            "processed": c.execute(
                "SELECT COUNT(*) FROM articles WHERE status = 'processed'").fetchone()[0],
            "errors": c.execute(
                "SELECT COUNT(*) FROM articles WHERE status = 'error'").fetchone()[0],
        }
        for table in CHILD_TABLES:
            out[table] = c.execute(f"SELECT COUNT(*) FROM {_q(table)}").fetchone()[0]
        out["runs"] = c.execute("SELECT COUNT(*) FROM runs").fetchone()[0]
        return out

    def errors(self, limit: int | None = None) -> list[tuple[str, str, str]]:
        """(id, source, error) of stored error articles, by source."""
        sql = "SELECT id, source, error FROM articles WHERE status = 'error' ORDER BY source, id"
        if limit is not None:
            sql += f" LIMIT {int(limit)}"
        return [tuple(r) for r in self.conn.execute(sql)]  # type: ignore[misc]

    def result(self, article_id: str) -> ArticleResult | None:
        """The stored ArticleResult of one article (None for errors and unknown ids)."""
        row = self.conn.execute(
            "SELECT result_json FROM articles WHERE id = ?", (article_id,)).fetchone()
        if row is None or row[0] is None:
            return None
        return ArticleResult.model_validate_json(row[0])

    def runs(self) -> list[dict[str, Any]]:
        """Every run, oldest first, with its arguments and counts."""
        out = []
        for rid, started, finished, status, args, counts in self.conn.execute(
            "SELECT id, started, finished, status, args, counts FROM runs ORDER BY started, id"
        ):
            out.append({"id": rid, "started": started, "finished": finished, "status": status,
                        "args": json.loads(args or "{}"), "counts": json.loads(counts or "{}")})
        return out

    def rows(self, what: What) -> tuple[list[str], Iterator[tuple[Any, ...]]]:
        """Column names and a row iterator for one export table, in a stable order."""
        if what == "articles":
            cols = [c for c in ARTICLE_COLUMNS if c != "result_json"] + ["run_id", "updated"]
            sql = f"SELECT {', '.join(map(_q, cols))} FROM articles ORDER BY id"
        elif what == "results":
            cols = ["result_json"]
            sql = "SELECT result_json FROM articles WHERE status = 'processed' ORDER BY id"
        elif what in CHILD_TABLES:
            cols = list(CHILD_TABLES[what])
            sql = f"SELECT {', '.join(map(_q, cols))} FROM {_q(what)} ORDER BY article_id, idx"
        else:
            raise StoreError(f"S004 unknown table {what!r}: use one of records, aggregates, "
                             "claims, findings, problems, articles, results")
        return cols, iter(self.conn.execute(sql))


def _open(db: Union[Store, PathLike]) -> tuple[Store, bool]:
    if isinstance(db, Store):
        return db, False
    return Store(db, readonly=True), True


# ---------------------------------------------------------------------------------------
# export


def export(
    db: Union[Store, PathLike],
    what: What = "records",
    format: Format = "csv",
    *,
    bom: bool = False,
    out: IO[Any] | None = None,
) -> int:
    """Write one table to `out` as CSV (UTF-8, BOM optional for Excel), JSONL or Parquet.

    `what="results"` writes each processed article's full ArticleResult (JSONL only).
    Parquet needs pyarrow (extra "parquet") and a binary stream; a text stream with a
    `.buffer` (stdout) is accepted. Returns the number of rows written.
    """
    import sys

    out = out if out is not None else sys.stdout
    store, owned = _open(db)
    try:
        cols, rows = store.rows(what)
        if what == "results":
            if format != "jsonl":
                raise StoreError("S005 results export is JSONL only: use --format jsonl")
            n = 0
            for (payload,) in rows:
                out.write(payload + "\n")
                n += 1
            return n
        if format == "csv":
            return _export_csv(cols, rows, out, bom)
        if format == "jsonl":
            return _export_jsonl(cols, rows, out)
        if format == "parquet":
            return _export_parquet(cols, rows, out, what)
        raise StoreError(f"S006 unknown format {format!r}: use csv, jsonl or parquet")
    finally:
        if owned:
            store.close()


def _export_csv(cols: Sequence[str], rows: Iterable[Sequence[Any]], out: IO[str],
                bom: bool) -> int:
    if bom:
        out.write("\ufeff")  # Excel reads UTF-8 CSV as the local code page without it
    writer = csv.writer(out, lineterminator="\n")
    writer.writerow(cols)
    n = 0
    for row in rows:
        writer.writerow(["" if v is None else v for v in row])
        n += 1
    return n


def _export_jsonl(cols: Sequence[str], rows: Iterable[Sequence[Any]], out: IO[str]) -> int:
    n = 0
    for row in rows:
        out.write(json.dumps(dict(zip(cols, row)), ensure_ascii=False) + "\n")
        n += 1
    return n


_PARQUET_TYPES: dict[str, str] = {
    "idx": "int64", "batch_year": "int64", "evidence_start": "int64", "evidence_end": "int64",
    "confidence": "float64", "count": "int64", "named": "int64", "lower_bound": "bool_",
    "cumulative": "bool_", "value": "float64", "n_records": "int64",
}


def _export_parquet(cols: Sequence[str], rows: Iterable[Sequence[Any]], out: IO[Any],
                    what: str) -> int:
    import pyarrow as pa  # optional extra "parquet"
    import pyarrow.parquet as pq

    fields = []
    for c in cols:
        kind = _PARQUET_TYPES.get(c, "string")
        fields.append(pa.field(c, getattr(pa, kind)()))
    schema = pa.schema(fields)
    sink = getattr(out, "buffer", out)
    n = 0
    writer = pq.ParquetWriter(pa.PythonFile(sink, mode="w"), schema)
    try:
        chunk: list[Sequence[Any]] = []

        def flush() -> None:
            columns = list(zip(*chunk)) if chunk else [[] for _ in cols]
            arrays = [pa.array([_parquet_value(v, f.type) for v in col], type=f.type)
                      for col, f in zip(columns, schema)]
            writer.write_table(pa.Table.from_arrays(arrays, schema=schema))

        for row in rows:
            chunk.append(row)
            n += 1
            if len(chunk) >= 50_000:  # bounded memory for large stores
                flush()
                chunk = []
        if chunk or n == 0:
            flush()
    finally:
        writer.close()
    return n


def _parquet_value(v: Any, t: Any) -> Any:
    import pyarrow as pa

    if v is None:
        return None
    if pa.types.is_string(t):
        return str(v)
    if pa.types.is_boolean(t):
        return bool(v)
    if pa.types.is_floating(t):
        try:
            return float(v)
        except (TypeError, ValueError):
            return None
    return v


# ---------------------------------------------------------------------------------------
# official facts, timeline, coverage


@dataclass(frozen=True)
class OfficialCounty:
    """What the national list says about one county: code, name, province, batch year.

    `codes` are other adcodes that denote the same county (its code before or after a
    rename or a county → district conversion), so records under either code meet."""

    adcode: str
    county: str
    province: str
    batch_year: int | None = None
    list: str = "national"
    codes: tuple[str, ...] = ()


def official_from_gazetteer(gazetteer: Any) -> dict[str, OfficialCounty]:
    """The national poverty counties from a gazetteer object (pipeline.gazetteer.load()).

    Duck-typed: needs `poverty_counties()` returning divisions with adcode, name, province,
    exit_year and optionally successor; uses `county_level(current_only=False)` when present
    to collect codes that renamed units had before."""
    poor = [d for d in gazetteer.poverty_counties() if getattr(d, "adcode", "")]
    out: dict[str, OfficialCounty] = {}
    successor_of: dict[str, str] = {}
    if hasattr(gazetteer, "county_level"):
        for d in gazetteer.county_level(current_only=False):
            succ = getattr(d, "successor", None)
            if d.adcode and succ:
                successor_of[d.adcode] = succ
    poor_codes = {d.adcode for d in poor}
    # a successor shared by two poverty counties is a merger (冷湖 + 茫崖 → 茫崖市): ambiguous
    forward: dict[str, str] = {}
    shared: Counter[str] = Counter()
    for d in poor:
        code = d.adcode
        seen = {code}
        while code in successor_of and successor_of[code] not in seen:
            code = successor_of[code]
            seen.add(code)
            if code not in poor_codes:
                forward.setdefault(code, d.adcode)
                shared[code] += 1
    backward: dict[str, list[str]] = {}
    for old, new in successor_of.items():
        target = new
        seen = {old}
        while target not in poor_codes and target in successor_of and target not in seen:
            seen.add(target)
            target = successor_of[target]
        if target in poor_codes and old not in poor_codes:
            backward.setdefault(target, []).append(old)
    for d in poor:
        codes = [c for c, p in forward.items() if p == d.adcode and shared[c] == 1]
        codes += backward.get(d.adcode, [])
        out[d.adcode] = OfficialCounty(
            adcode=d.adcode, county=d.name, province=d.province,
            batch_year=getattr(d, "exit_year", None), codes=tuple(sorted(set(codes))),
        )
    return out


def official_from_csv(path: PathLike) -> dict[str, OfficialCounty]:
    """The national poverty counties from a CSV with columns adcode, county, province,
    exit_year (and optionally adcode_current) — the layout of the raw list
    `models/gazetteer/raw/poverty_counties.csv`. Rows without an adcode are skipped."""
    out: dict[str, OfficialCounty] = {}
    with open(path, encoding="utf-8-sig", newline="") as fh:
        for row in csv.DictReader(fh):
            code = (row.get("adcode") or "").strip()
            if not code:
                continue
            year = (row.get("exit_year") or row.get("batch_year") or "").strip()
            current = (row.get("adcode_current") or "").strip()
            out[code] = OfficialCounty(
                adcode=code,
                county=(row.get("county") or "").strip(),
                province=(row.get("province") or "").strip(),
                batch_year=int(year) if year.isdigit() else None,
                codes=(current,) if current and current != code else (),
            )
    return out


@dataclass(frozen=True)
class TimelineRow:
    """One county: when the archive says it exited, from how many sources, with conflicts."""

    adcode: str
    county: str
    province: str
    list: str | None
    batch_year: int | None
    batch_year_from: str | None  # "official" | "articles" | None
    exit_date: str | None
    exit_granularity: str | None
    n_sources: int
    conflicting_dates: tuple[str, ...]
    source_ids: tuple[str, ...]
    first_treated_year: int | None
    official: bool = False

    def as_dict(self) -> dict[str, Any]:
        d = asdict(self)
        d["conflicting_dates"] = list(self.conflicting_dates)
        d["source_ids"] = list(self.source_ids)
        return d


TIMELINE_COLUMNS: tuple[str, ...] = tuple(TimelineRow.__dataclass_fields__)

_GRAN_RANK = {"day": 0, "month": 1, "year": 2}


def _alias_map(official: Mapping[str, OfficialCounty] | None) -> dict[str, str]:
    amap: dict[str, str] = {}
    for code, oc in (official or {}).items():
        for other in oc.codes:
            if other not in official:  # type: ignore[operator]
                amap.setdefault(other, code)
    return amap


def _most_common(values: Iterable[Any]) -> Any:
    c = Counter(v for v in values if v not in (None, ""))
    if not c:
        return None
    best = max(c.values())
    return min(v for v, k in c.items() if k == best)  # ties: smallest, for determinism


def _pick_exit_date(dates: Sequence[tuple[str, str]]) -> tuple[str | None, str | None]:
    # The finest granularity any source gives wins, earliest first: a day from one report
    # is more useful than "2019" from ten, and reprints only ever add later dates.
    if not dates:
        return None, None
    best = min(dates, key=lambda d: (_GRAN_RANK.get(d[1], 3), d[0]))
    return best


def timeline(
    db: Union[Store, PathLike],
    official: Mapping[str, OfficialCounty] | None = None,
    *,
    include_proposed: bool = False,
) -> Iterator[TimelineRow]:
    """One row per county adcode with an exit record, sorted by adcode.

    - `exit_date`: the earliest reported approval date at the finest granularity any
      source gives (`exit_granularity` day | month | year), None when no source dates it.
    - `conflicting_dates`: the distinct day-level dates when sources give more than one.
    - `batch_year`: the official batch (assessment) year from `official` when given, else
      the batch year most articles state (`batch_year_from` says which).
    - `first_treated_year`: `batch_year`, else the year of `exit_date` — for staggered
      difference-in-differences.
    - Records under a county's other codes (renamed units) are counted under the code of
      the national list when `official` knows them.

    Only `exited` records count unless `include_proposed` (公示 lists are not exits).
    """
    store, owned = _open(db)
    amap = _alias_map(official)
    statuses = ("exited", "proposed") if include_proposed else ("exited",)
    marks = ",".join("?" for _ in statuses)
    sql = (
        "SELECT adcode, county, province, list, batch_year, date, granularity, article_id "
        f"FROM records WHERE status IN ({marks}) AND adcode IS NOT NULL AND adcode != ''"
    )
    try:
        if amap:
            # codes are remapped, so order in Python; the remapped set is small per county
            rows = sorted(
                ((amap.get(r[0], r[0]),) + tuple(r[1:]) for r in store.conn.execute(sql, statuses)),
                key=lambda r: r[0],
            )
            source: Iterable[tuple[Any, ...]] = rows
        else:
            source = store.conn.execute(sql + " ORDER BY adcode", statuses)
        for code, group in groupby(source, key=lambda r: r[0]):
            yield _timeline_row(code, list(group), (official or {}).get(code))
    finally:
        if owned:
            store.close()


def _timeline_row(code: str, group: list[tuple[Any, ...]],
                  oc: OfficialCounty | None) -> TimelineRow:
    dates = [(r[5], r[6]) for r in group if r[5] and r[6]]
    exit_date, gran = _pick_exit_date(dates)
    days = sorted({d for d, g in dates if g == "day"})
    ids = tuple(sorted({r[7] for r in group}))
    if oc is not None and oc.batch_year is not None:
        batch_year, batch_from = oc.batch_year, "official"
    else:
        batch_year = _most_common(r[4] for r in group)
        batch_from = "articles" if batch_year is not None else None
    first = batch_year if batch_year is not None else (int(exit_date[:4]) if exit_date else None)
    return TimelineRow(
        adcode=code,
        county=oc.county if oc else (_most_common(r[1] for r in group) or ""),
        province=oc.province if oc else (_most_common(r[2] for r in group) or ""),
        list=oc.list if oc else _most_common(r[3] for r in group),
        batch_year=batch_year,
        batch_year_from=batch_from,
        exit_date=exit_date,
        exit_granularity=gran,
        n_sources=len(ids),
        conflicting_dates=tuple(days) if len(days) > 1 else (),
        source_ids=ids,
        first_treated_year=first,
        official=oc is not None,
    )


@dataclass(frozen=True)
class CoverageRow:
    """One national poverty county and whether the archive reports its exit."""

    adcode: str
    county: str
    province: str
    batch_year: int | None
    covered: bool
    n_sources: int
    exit_date: str | None


@dataclass(frozen=True)
class Coverage:
    """Which of the national poverty counties the archive covers, overall and by province."""

    rows: tuple[CoverageRow, ...]
    by_province: tuple[tuple[str, int, int], ...]  # (province, covered, total)
    extra: tuple[str, ...] = field(default=())  # adcodes with exits that are not on the list

    @property
    def total(self) -> int:
        return len(self.rows)

    @property
    def covered(self) -> int:
        return sum(r.covered for r in self.rows)

    @property
    def missing(self) -> tuple[CoverageRow, ...]:
        return tuple(r for r in self.rows if not r.covered)


COVERAGE_COLUMNS: tuple[str, ...] = tuple(CoverageRow.__dataclass_fields__)


def coverage(db: Union[Store, PathLike], official: Mapping[str, OfficialCounty]) -> Coverage:
    """Which of the counties in `official` (the 832) have at least one exit record."""
    seen: dict[str, TimelineRow] = {}
    extra: list[str] = []
    for row in timeline(db, official):
        if row.adcode in official:
            seen[row.adcode] = row
        else:
            extra.append(row.adcode)
    rows = []
    for code in sorted(official):
        oc = official[code]
        t = seen.get(code)
        rows.append(CoverageRow(
            adcode=code, county=oc.county, province=oc.province, batch_year=oc.batch_year,
            covered=t is not None, n_sources=t.n_sources if t else 0,
            exit_date=t.exit_date if t else None,
        ))
    per: dict[str, list[int]] = {}
    for r in rows:
        acc = per.setdefault(r.province, [0, 0])
        acc[0] += r.covered
        acc[1] += 1
    by_province = tuple((p, c, t) for p, (c, t) in sorted(per.items()))
    return Coverage(rows=tuple(rows), by_province=by_province, extra=tuple(extra))


def write_rows(rows: Iterable[Any], columns: Sequence[str], format: str, out: IO[str],
               *, bom: bool = False) -> int:
    """Write dataclass rows (timeline, coverage) as CSV or JSONL; lists become `;`-joined in CSV."""
    if format == "jsonl":
        n = 0
        for r in rows:
            d = r.as_dict() if hasattr(r, "as_dict") else asdict(r)
            out.write(json.dumps(d, ensure_ascii=False) + "\n")
            n += 1
        return n
    if format != "csv":
        raise StoreError(f"S006 unknown format {format!r}: use csv or jsonl")
    flat = (
        tuple(";".join(v) if isinstance(v, tuple) else v for v in (getattr(r, c) for c in columns))
        for r in rows
    )
    return _export_csv(columns, flat, out, bom)


__all__ = [
    "ARTICLE_COLUMNS",
    "ArticleRows",
    "COVERAGE_COLUMNS",
    "Coverage",
    "CoverageRow",
    "MIGRATIONS",
    "OfficialCounty",
    "SCHEMA_VERSION",
    "Store",
    "StoreError",
    "TIMELINE_COLUMNS",
    "TimelineRow",
    "coverage",
    "export",
    "official_from_csv",
    "official_from_gazetteer",
    "rows_from_error",
    "rows_from_result",
    "timeline",
    "write_rows",
]
