"""The Dask engine on real LocalClusters (processes, loopback): the same rows as the local
engine, bad inputs accounted for, a separately started scheduler, reruns after failed or
missing partitions and after a killed client, and an article that kills its workers."""

from __future__ import annotations

import gzip
import json
import os
import signal
import subprocess
import sys
import time
from pathlib import Path
from collections.abc import Iterator
from typing import Any

import pytest

pytest.importorskip("distributed")
pytest.importorskip("dask.bag")

from pipeline.batch import run_batch  # noqa: E402
from pipeline.distributed import (  # noqa: E402
    DaskBatchError,
    input_files,
    line_from_rows,
    plan_partitions,
    read_manifest,
    read_partition,
    rows_from_line,
    run_dask,
    write_manifest,
)
from pipeline.ingest import iter_articles  # noqa: E402
from pipeline.store import ArticleRows, rows_from_result  # noqa: E402

from .conftest import CHONGQING, GANSU, LANKAO, ROOT, SAMPLES, bench, env, table  # noqa: E402


#: A low length limit for both engines, so the too-long article (E106) stays small.
MAX_CHARS = 50_000
#: Text that makes the fault-injection plugin kill its worker, as a segfault would.
MARKER = "WORKER-KILLER"

TABLES = ("articles", "records", "aggregates", "claims", "findings", "problems")


# --- helpers ----------------------------------------------------------------------------


def dump(db: Path) -> dict[str, list[tuple[Any, ...]]]:
    """Every row of every table, every column but the run bookkeeping, in a stable order."""
    out = {}
    for t in TABLES:
        cols = [r[1] for r in table(db, f"PRAGMA table_info({t})") if r[1] not in ("run_id", "updated")]
        quoted = ", ".join(f'"{c}"' for c in cols)
        out[t] = sorted(table(db, f"SELECT {quoted} FROM {t}"), key=repr)
    return out


def no_duplicates(db: Path) -> None:
    for t in TABLES[1:]:
        assert table(db, f"SELECT article_id, idx FROM {t} GROUP BY article_id, idx "
                         "HAVING COUNT(*) > 1") == []
    assert table(db, "SELECT id FROM articles GROUP BY id HAVING COUNT(*) > 1") == []


def error_rows(db: Path) -> list[tuple[Any, ...]]:
    return sorted(table(db, "SELECT id, source, error FROM articles WHERE status = 'error'"))


def bad_folder(root: Path) -> dict[str, str]:
    """Inputs that must each become a coded error row, next to good ones; source → code."""
    root.mkdir(parents=True, exist_ok=True)
    (root / "good.txt").write_text(LANKAO, encoding="utf-8")
    (root / "empty.txt").write_bytes(b"")
    (root / "binary.txt").write_bytes(bytes(range(256)) * 8)
    (root / "gbk.txt").write_bytes(CHONGQING.encode("gb18030"))
    (root / "huge.txt").write_text("摘帽" * (MAX_CHARS // 2 + 1), encoding="utf-8")
    (root / "nobody.html").write_text("<html><head><title>x</title></head><body></body></html>",
                                      encoding="utf-8")
    lines = [json.dumps({"id": "j1", "text": GANSU}), "{broken",
             json.dumps({"id": "j3", "text": LANKAO}, ensure_ascii=False),
             json.dumps({"id": "j4", "body": LANKAO}, ensure_ascii=False)]
    (root / "lines.jsonl").write_text("\n".join(lines) + "\n", encoding="utf-8")
    payload = "".join(json.dumps({"id": f"g{i}", "text": f"第{i}篇。" + LANKAO * 8},
                                 ensure_ascii=False) + "\n" for i in range(60))
    data = gzip.compress(payload.encode(), mtime=0)
    (root / "cut.jsonl.gz").write_bytes(data[: len(data) // 2])
    return {"good.txt": "ok", "empty.txt": "E102", "binary.txt": "E101", "gbk.txt": "ok",
            "huge.txt": "E106", "nobody.html": "E107", "lines.jsonl:1": "ok",
            "lines.jsonl:2": "E104", "lines.jsonl:3": "ok", "lines.jsonl:4": "E108"}


def complete(out: Path) -> int:
    """Partitions the manifest marks complete (0 before there is one)."""
    try:
        manifest = read_manifest(out)
    except (OSError, ValueError):
        return 0
    return sum(p.get("status") == "complete" for p in (manifest or {}).get("partitions", []))


def manifest_of(out: Path) -> dict[str, Any]:
    manifest = read_manifest(out)
    assert manifest is not None
    return manifest


# --- fixtures ---------------------------------------------------------------------------


@pytest.fixture(scope="module")
def corpus(tmp_path_factory: pytest.TempPathFactory) -> list[Path]:
    """The sample archive (every format), a folder of bad inputs and a JSONL file large
    enough to be cut into byte ranges."""
    root = tmp_path_factory.mktemp("corpus")
    bad_folder(root / "bad")
    big = bench.write(root / "wire.jsonl", 160, seed=21)
    return [SAMPLES, root / "bad", big]


@pytest.fixture(scope="module")
def local_db(corpus: list[Path], tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The local engine's database of the corpus: the reference for every Dask run."""
    db = tmp_path_factory.mktemp("local") / "local.sqlite"
    summary = run_batch(corpus, db, workers=2, batch_size=25, progress=False,
                        max_chars=MAX_CHARS)
    assert summary.exit_code == 3  # the bad inputs
    return db


@pytest.fixture(scope="module")
def scheduler() -> Iterator[str]:
    """A cluster started apart from the command (two worker processes on loopback); the
    command reaches it only through its address."""
    from distributed import LocalCluster

    cluster = LocalCluster(n_workers=2, threads_per_worker=1, processes=True,
                           host="127.0.0.1", dashboard_address=None)
    try:
        yield cluster.scheduler_address
    finally:
        cluster.close()


# --- partitions (no cluster) ------------------------------------------------------------


def test_byte_ranges_of_a_jsonl_file_read_exactly_what_the_whole_file_reads(tmp_path: Path) -> None:
    path = tmp_path / "a.jsonl"
    lines = [json.dumps({"id": f"a{i}", "text": LANKAO * (1 + i % 5)}, ensure_ascii=False)
             for i in range(40)]
    lines[7] = "{broken"  # an error item keeps its line number, so its id is the same too
    lines[12] = ""        # blank lines count for numbering but are not items
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    plan = plan_partitions(input_files([path]), 7)
    assert len(plan) >= 6
    assert all(u.start is not None for p in plan for u in p.units)
    starts = [u.start for p in plan for u in p.units]
    assert starts[0] == 0 and starts == sorted(set(starts))
    data = path.read_bytes()
    assert all(data[s - 1:s] == b"\n" for s in starts[1:])  # cut at line starts
    pieces = [a for p in plan for a in read_partition(p)]
    assert pieces == list(iter_articles(path))


def test_small_files_are_grouped_in_input_order_with_their_sources() -> None:
    plan = plan_partitions(input_files([SAMPLES]), 4)
    assert 2 <= len(plan) <= 6
    assert [a for p in plan for a in read_partition(p)] == list(iter_articles(SAMPLES))


def test_a_line_of_a_partition_file_gives_back_the_same_store_rows(nlp_zh: Any) -> None:
    import pipeline

    result = pipeline.extract(LANKAO, published="2017-03-27", article_id="x1", source="a.txt")
    rows = rows_from_result(result, sha256="ab", source="a.txt")
    line = line_from_rows(rows)
    assert line.endswith("}\n") and line.count("\n") == 1
    assert json.loads(line)["result"]["records"][0]["county"]["adcode"] == "410225"
    assert rows_from_line(line) == rows
    error = ArticleRows(("x2", "b.txt", None, None, None, None, "none", None, "error",
                         "E101 binary content: NUL bytes; not a text article", 0, None))
    assert rows_from_line(line_from_rows(error)) == error


def test_standard_input_cannot_go_to_a_cluster() -> None:
    with pytest.raises(DaskBatchError, match="D001"):
        input_files(["-"])


def test_the_core_imports_without_dask() -> None:
    code = ("import sys; sys.modules['dask'] = sys.modules['distributed'] = None\n"
            "import pipeline, pipeline.batch, pipeline.cli_batch, pipeline.distributed as d\n"
            f"print(len(d.plan_partitions(d.input_files([{str(SAMPLES)!r}]), 3)))\n")
    proc = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True,
                          env=env(), cwd=ROOT, timeout=120, check=False)
    assert proc.returncode == 0, proc.stderr
    assert int(proc.stdout) >= 2


# --- runs on clusters -------------------------------------------------------------------


@pytest.mark.slow
def test_dask_engine_stores_the_same_rows_as_the_local_engine(
        corpus: list[Path], local_db: Path, tmp_path: Path) -> None:
    out, db = tmp_path / "out", tmp_path / "dask.sqlite"
    # No scheduler given: the run starts its own 2-process LocalCluster on loopback.
    run = run_dask(corpus, out, db=db, workers=2, partitions=12, batch_size=25,
                   progress=False, max_chars=MAX_CHARS)
    assert run.partitions >= 6 and run.computed == run.partitions and not run.failed
    assert run.scheduler.startswith("tcp://127.0.0.1:")
    manifest = manifest_of(out)
    assert manifest["status"] == "complete"
    assert any(u["start"] for p in manifest["partitions"] for u in p["units"])  # byte ranges
    assert dump(db) == dump(local_db)
    no_duplicates(db)

    # every bad input is an error row with the local engine's code and message
    assert error_rows(db) == error_rows(local_db)
    rows = {src: (status, error) for src, status, error in
            table(db, "SELECT source, status, error FROM articles")}
    for source, code in bad_folder(tmp_path / "expected").items():
        status, error = rows[source]
        assert (status == "processed") if code == "ok" else error.startswith(code), (source, error)
    assert any(e.startswith("E105 truncated gzip") for _, e in rows.values() if e)
    assert run.exit_code == 3 and run.summary.error_codes["E101"] == 2

    # the partition files hold the same articles, once each
    lines = [json.loads(line) for f in sorted((out / "jsonl").glob("*.jsonl"))
             for line in f.read_text(encoding="utf-8").splitlines()]
    assert sorted(d["id"] for d in lines) == sorted(r[0] for r in table(db, "SELECT id FROM articles"))
    assert run.summary.written == len(lines) == manifest["counts"]["read"] - manifest["counts"]["skipped"]
    pq = pytest.importorskip("pyarrow.parquet")
    assert pq.read_table(out / "parquet" / "records").num_rows == table(
        db, "SELECT COUNT(*) FROM records")[0][0]


@pytest.mark.slow
def test_command_on_a_separately_started_scheduler(
        corpus: list[Path], local_db: Path, scheduler: str, tmp_path: Path) -> None:
    from typer.testing import CliRunner

    from pipeline.cli_batch import app

    out, db = tmp_path / "out", tmp_path / "dask.sqlite"
    args = ["batch", *map(str, corpus), "--engine", "dask", "--scheduler", scheduler,
            "--partitions", "8", "--out", str(out), "--db", str(db), "--max-chars", str(MAX_CHARS),
            "--json", "--no-progress"]
    result = CliRunner().invoke(app, args)
    assert result.exit_code == 3, result.output  # the bad inputs
    summary = json.loads(result.stdout.strip().splitlines()[-1])
    assert summary["engine"] == "dask" and summary["scheduler"] == scheduler
    assert summary["partitions_computed"] == summary["partitions"] >= 4
    assert dump(db) == dump(local_db)
    no_duplicates(db)

    # the same command again: every partition is complete, nothing is redone
    again = CliRunner().invoke(app, args)
    assert again.exit_code == 3, again.output
    summary = json.loads(again.stdout.strip().splitlines()[-1])
    assert summary["partitions_computed"] == 0
    assert summary["skipped"] == summary["read"] and summary["processed"] == 0
    assert dump(db) == dump(local_db)


@pytest.mark.slow
def test_rerun_redoes_only_failed_and_missing_partitions_without_duplicates(
        corpus: list[Path], local_db: Path, scheduler: str, tmp_path: Path) -> None:
    out, db = tmp_path / "out", tmp_path / "dask.sqlite"
    opts: dict[str, Any] = {"scheduler": scheduler, "progress": False, "max_chars": MAX_CHARS}
    first = run_dask(corpus, out, db=db, partitions=8, **opts)
    assert not first.failed and first.computed == first.partitions

    # What a broken first run leaves: one partition failed (its output gone, a worker's
    # half-written file left), one marked complete whose file has disappeared.
    manifest = manifest_of(out)
    failed, missing = manifest["partitions"][1], manifest["partitions"][-1]
    (out / failed["outputs"]["jsonl"]).rename(out / "jsonl" / f"{failed['id']}.jsonl.tmp-dead")
    failed.update(status="failed", error="KilledWorker: ...")
    (out / missing["outputs"]["jsonl"]).unlink()
    write_manifest(out, manifest)

    second = run_dask(corpus, out, db=db, **opts)
    assert second.computed == 2 and second.skipped_partitions == second.partitions - 2
    assert not second.failed and manifest_of(out)["status"] == "complete"
    assert not list((out / "jsonl").glob("*.tmp-*"))
    assert dump(db) == dump(local_db)
    no_duplicates(db)

    # Adding the store later merges the complete partitions without computing them.
    late = tmp_path / "late.sqlite"
    third = run_dask(corpus, out, db=late, **opts)
    assert third.computed == 0 and third.merged == third.partitions
    assert dump(late) == dump(local_db)

    # Other inputs into the same folder would mix two archives: refused.
    with pytest.raises(DaskBatchError, match="D002"):
        run_dask(corpus[:2], out, **opts)
    with pytest.raises(DaskBatchError, match="D002.*max_chars"):
        run_dask(corpus, out, **dict(opts, max_chars=MAX_CHARS + 1))


@pytest.mark.slow
def test_client_killed_mid_run_then_rerun_equals_the_local_engine(
        corpus: list[Path], local_db: Path, scheduler: str, tmp_path: Path) -> None:
    out, db = tmp_path / "out", tmp_path / "dask.sqlite"
    cmd = [sys.executable, "-m", "pipeline.cli_batch", "batch", *map(str, corpus),
           "--engine", "dask", "--scheduler", scheduler, "--partitions", "24", "--out", str(out),
           "--db", str(db), "--max-chars", str(MAX_CHARS), "--json", "-q"]
    proc = subprocess.Popen(cmd, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True,
                            env=env(), cwd=ROOT)
    try:
        deadline = time.monotonic() + 120
        while complete(out) < 3 and proc.poll() is None and time.monotonic() < deadline:
            time.sleep(0.01)
        assert proc.poll() is None, "run ended before it could be killed"
        os.kill(proc.pid, signal.SIGKILL)  # the client only: the cluster is not ours to kill
        proc.wait(timeout=60)
    finally:
        if proc.poll() is None:
            os.kill(proc.pid, signal.SIGKILL)
        proc.communicate()
    assert manifest_of(out)["status"] == "running"  # the killed run never got to finish

    rerun = subprocess.run(cmd, capture_output=True, text=True, env=env(), cwd=ROOT,
                           timeout=300, check=False)
    assert rerun.returncode == 3, rerun.stderr  # the bad inputs
    summary = json.loads(rerun.stdout.strip().splitlines()[-1])
    assert 0 < summary["partitions_computed"] < summary["partitions"]
    assert summary["partitions_skipped"] + summary["partitions_computed"] == summary["partitions"]
    assert manifest_of(out)["status"] == "complete"
    assert dump(db) == dump(local_db)
    no_duplicates(db)


#: Fault injection for one cluster: wrap the real extraction and kill the process, as a
#: segfault would, on a marked article. Installed as `sitecustomize` in a folder that
#: each worker puts first on its path (PRELOAD), so that the fresh child process in
#: which the engine tries a suspect article alone is patched the same way.
KILL_ON_MARKER = f"""
import os

import pipeline.api as api

_real = api.extract


def _extract(text, *args, **kwargs):
    if {MARKER!r} in text:
        os._exit(1)
    return _real(text, *args, **kwargs)


api.extract = _extract
"""
PRELOAD = """
import sys

sys.path.insert(0, {folder!r})
import sitecustomize  # noqa: F401,E402  (the patch, in the worker itself)


def dask_setup(worker):
    pass
"""


@pytest.mark.slow
@pytest.mark.filterwarnings("ignore:Port 8787 is already in use")  # the module's cluster has it
def test_an_article_that_kills_workers_is_an_E202_row_and_the_rest_is_kept(tmp_path: Path) -> None:
    import dask
    from distributed import LocalCluster

    archive = tmp_path / "a.jsonl"
    articles = list(bench.generate(40, seed=13))
    articles[25]["text"] += "\n\n" + MARKER
    archive.write_text("".join(json.dumps(a, ensure_ascii=False) + "\n" for a in articles),
                       encoding="utf-8")
    inject = tmp_path / "inject"
    inject.mkdir()
    (inject / "sitecustomize.py").write_text(KILL_ON_MARKER, encoding="utf-8")
    preload = tmp_path / "preload_kill_on_marker.py"
    preload.write_text(PRELOAD.format(folder=str(inject)), encoding="utf-8")
    # One death is enough for Dask to give up on a task (default: four), to keep this short.
    with dask.config.set({"distributed.scheduler.allowed-failures": 0}):
        cluster = LocalCluster(n_workers=2, threads_per_worker=1, processes=True,
                               host="127.0.0.1", dashboard_address=None,
                               preload=[str(preload)])
    try:
        out, db = tmp_path / "out", tmp_path / "dask.sqlite"
        run = run_dask(archive, out, db=db, scheduler=cluster.scheduler_address, partitions=4,
                       progress=False)
    finally:
        cluster.close()
    assert not run.failed and run.exit_code == 3
    assert run.summary.error_codes == {"E202": 1}
    e202 = ("E202 worker crashed on this article (the process died: segfault or out of "
            "memory); report the article")  # the local engine's message, word for word
    assert error_rows(db) == [("bench-13-0000025", "a.jsonl:26", e202)]
    assert table(db, "SELECT COUNT(*) FROM articles WHERE status = 'processed'")[0][0] == 39
    assert manifest_of(out)["partitions"][2]["crashed"] == ["bench-13-0000025"]
    no_duplicates(db)
