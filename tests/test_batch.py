"""Batch: the real pipeline in a real process pool into a real SQLite file — isolation,
resume, crash survival, SIGKILL and rerun, exit codes, and the CLI commands."""

from __future__ import annotations

import gzip
import json
import os
import signal
import sqlite3
import subprocess
import sys
import time
from pathlib import Path

import pytest
from typer.testing import CliRunner

from pipeline.batch import BatchError, _extract_rows, _init_worker, run_batch
from pipeline.cli_batch import app
from pipeline.ingest import RawArticle, iter_articles
from pipeline.store import Store, official_from_csv

from .conftest import CHONGQING, GANSU, LANKAO, ROOT, SAMPLES, bench, env, table

RAW_LIST = ROOT / "models" / "gazetteer" / "raw" / "poverty_counties.csv"


def snapshot(db: Path) -> dict[str, object]:
    """What a run leaves behind, independent of order and run ids."""
    return {
        "articles": sorted(table(db, "SELECT id, status, error, source, n_records FROM articles")),
        "records": sorted(table(db, "SELECT article_id, idx, adcode, status, date, granularity "
                                    "FROM records")),
        "aggregates": table(db, "SELECT COUNT(*) FROM aggregates")[0][0],
        "claims": table(db, "SELECT COUNT(*) FROM claims")[0][0],
        "findings": table(db, "SELECT COUNT(*) FROM findings")[0][0],
    }


def no_duplicates(db: Path) -> None:
    for t in ("records", "aggregates", "claims", "findings", "problems"):
        assert table(db, f"SELECT article_id, idx FROM {t} GROUP BY article_id, idx "
                         "HAVING COUNT(*) > 1") == []
    assert table(db, "SELECT id FROM articles GROUP BY id HAVING COUNT(*) > 1") == []


def bad_folder(root: Path) -> dict[str, str]:
    """The issue's bad-input folder plus two good articles; returns source → expected code."""
    root.mkdir(parents=True, exist_ok=True)
    (root / "good.txt").write_text(LANKAO, encoding="utf-8")
    (root / "empty.txt").write_bytes(b"")
    (root / "binary.txt").write_bytes(bytes(range(256)) * 8)
    (root / "gbk.txt").write_bytes(CHONGQING.encode("gb18030"))
    (root / "huge.txt").write_text("摘帽" * 2_621_440, encoding="utf-8")  # 5,242,880 chars
    (root / "nobody.html").write_text("<html><head><title>x</title></head><body></body></html>",
                                      encoding="utf-8")
    lines = [json.dumps({"id": "j1", "text": GANSU}), "{broken", json.dumps({"id": "j3", "text": LANKAO},
                                                                              ensure_ascii=False)]
    (root / "lines.jsonl").write_text("\n".join(lines) + "\n", encoding="utf-8")
    payload = "".join(json.dumps({"id": f"g{i}", "text": f"第{i}篇。" + LANKAO * 8},
                                 ensure_ascii=False) + "\n" for i in range(60))
    data = gzip.compress(payload.encode(), mtime=0)
    (root / "cut.jsonl.gz").write_bytes(data[: len(data) // 2])
    return {"good.txt": "ok", "empty.txt": "E102", "binary.txt": "E101", "gbk.txt": "ok",
            "huge.txt": "E106", "nobody.html": "E107", "lines.jsonl:1": "ok",
            "lines.jsonl:2": "E104", "lines.jsonl:3": "ok"}


# --- one run ----------------------------------------------------------------------------


def test_samples_archive_every_item_is_stored_once(tmp_path: Path) -> None:
    db = tmp_path / "samples.sqlite"
    expected = list(iter_articles(SAMPLES))
    summary = run_batch(SAMPLES, db, workers=2, batch_size=7, progress=False)
    assert summary.read == len(expected) >= 30
    assert summary.written == summary.read and summary.skipped == 0
    assert summary.input_errors == 1  # the binary scan in bad/
    assert summary.error_codes["E101"] == 1
    assert summary.exit_code == 3
    with Store(db) as store:
        counts = store.counts()
        assert counts["articles"] == summary.read
        assert counts["errors"] == summary.errors
        assert counts["records"] == summary.records > 0
        (run,) = store.runs()
        assert run["status"] == "finished" and run["counts"]["processed"] == summary.processed
    no_duplicates(db)
    assert {r[0] for r in table(db, "SELECT id FROM articles")} == {a.id for a in expected}


def test_bad_input_folder_is_accounted_for_with_coded_errors_and_exit_code_3(tmp_path: Path) -> None:
    expected = bad_folder(tmp_path / "bad")
    db = tmp_path / "bad.sqlite"
    proc = subprocess.run(
        [sys.executable, "-m", "pipeline.cli_batch", "batch", str(tmp_path / "bad"), "--db", str(db),
         "--workers", "2", "--batch-size", "5", "--json"],
        capture_output=True, text=True, env=env(), cwd=ROOT, timeout=600)
    assert proc.returncode == 3, proc.stderr
    summary = json.loads(proc.stdout)
    rows = {src: (status, error) for src, status, error in
            table(db, "SELECT source, status, error FROM articles")}
    for source, code in expected.items():
        status, error = rows[source]
        if code == "ok":
            assert status == "processed", (source, error)
        else:
            assert status == "error" and error.startswith(code), (source, error)
    assert rows["huge.txt"][1] == ("E106 too long: 5,242,880 chars > limit 2,000,000 — "
                                   "split the article or raise --max-chars")
    cut = sorted((s, st, e) for s, (st, e) in rows.items() if s.startswith("cut.jsonl.gz"))
    assert [e for _, st, e in cut if st == "error"][0].startswith("E105 truncated gzip")
    assert sum(st == "error" for _, st, _ in cut) == 1 and len(cut) > 1
    assert summary["read"] == len(rows) == len(expected) + len(cut)
    assert summary["exit_code"] == 3
    # the summary on stderr names each error code with an example article
    for code in ("E101", "E102", "E104", "E105", "E106", "E107"):
        assert code in proc.stderr
    assert "\x1b[" not in proc.stderr  # no progress bar when stderr is not a terminal


def test_clean_archive_exits_0(tmp_path: Path) -> None:
    (tmp_path / "in").mkdir()
    (tmp_path / "in" / "a.txt").write_text(LANKAO, encoding="utf-8")
    (tmp_path / "in" / "b.txt").write_text(GANSU, encoding="utf-8")
    result = CliRunner().invoke(app, ["batch", str(tmp_path / "in"), "--db", str(tmp_path / "c.sqlite"),
                                      "--workers", "0", "--no-progress", "--json"])
    assert result.exit_code == 0, result.output
    summary = json.loads(result.stdout.strip().splitlines()[-1])
    assert summary["processed"] == 2 and summary["errors"] == 0


def test_resume_skips_what_is_stored_and_keeps_the_exit_code(tmp_path: Path) -> None:
    bad_folder(tmp_path / "bad")
    db = tmp_path / "r.sqlite"
    first = run_batch(tmp_path / "bad", db, workers=0, batch_size=4, progress=False)
    before = snapshot(db)
    second = run_batch(tmp_path / "bad", db, workers=0, batch_size=4, progress=False)
    assert second.skipped == second.read == first.read
    assert second.processed == second.errors == 0
    assert second.stored_errors == first.errors
    assert second.exit_code == first.exit_code == 3  # stored errors still count
    assert snapshot(db) == before
    third = run_batch(tmp_path / "bad", db, workers=0, progress=False, resume=False)
    assert third.written == first.written and snapshot(db) == before
    no_duplicates(db)


def test_retry_errors_redoes_only_the_errors(tmp_path: Path) -> None:
    bad_folder(tmp_path / "bad")
    db = tmp_path / "r.sqlite"
    first = run_batch(tmp_path / "bad", db, workers=0, progress=False)
    again = run_batch(tmp_path / "bad", db, workers=0, progress=False, retry_errors=True)
    assert again.errors == first.errors and again.processed == 0
    assert again.skipped == first.processed


def test_limit_reads_the_first_items_only(tmp_path: Path) -> None:
    archive = bench.write(tmp_path / "a.jsonl", 30, seed=3)
    summary = run_batch(archive, tmp_path / "l.sqlite", workers=0, limit=12, progress=False)
    assert summary.read == 12
    ids = sorted(r[0] for r in table(tmp_path / "l.sqlite", "SELECT id FROM articles"))
    assert ids == [f"bench-3-{i:07d}" for i in range(12)]


def test_a_reprinted_text_is_stored_once(tmp_path: Path) -> None:
    (tmp_path / "in").mkdir()
    for name in ("a.txt", "b.txt", "c.txt"):
        (tmp_path / "in" / name).write_text(LANKAO, encoding="utf-8")
    summary = run_batch(tmp_path / "in", tmp_path / "d.sqlite", workers=0, progress=False)
    assert (summary.processed, summary.skipped) == (1, 2)


def test_pool_and_in_process_runs_store_the_same_rows(tmp_path: Path) -> None:
    archive = bench.write(tmp_path / "a.jsonl.gz", 120, seed=5)
    run_batch(archive, tmp_path / "pool.sqlite", workers=2, batch_size=16, progress=False)
    run_batch(archive, tmp_path / "solo.sqlite", workers=0, batch_size=50, progress=False)
    assert snapshot(tmp_path / "pool.sqlite") == snapshot(tmp_path / "solo.sqlite")


def test_stdin_archive(tmp_path: Path) -> None:
    import io

    data = "".join(json.dumps({"id": f"s{i}", "text": t}, ensure_ascii=False) + "\n"
                   for i, t in enumerate([LANKAO, GANSU]))
    summary = run_batch("-", tmp_path / "s.sqlite", workers=0, progress=False,
                        stdin=io.BytesIO(data.encode()))
    assert summary.processed == 2
    assert sorted(table(tmp_path / "s.sqlite", "SELECT source FROM articles")) == [
        ("<stdin>:1",), ("<stdin>:2",)]


# --- failures ---------------------------------------------------------------------------


def test_an_exception_inside_extraction_is_an_E201_row_for_that_article_only() -> None:
    _init_worker("auto", None, in_pool=False)
    # ingest never lets an unreadable date through; a caller building RawArticle directly can
    bad = RawArticle(id="bad-date", text=LANKAO, published="2017-13-45", source="x.jsonl:1")
    good = RawArticle(id="good", text=LANKAO, published="2017-03-27", source="x.jsonl:2")
    bad_rows, good_rows = _extract_rows(bad), _extract_rows(good)
    assert bad_rows.status == "error"
    assert bad_rows.error is not None and bad_rows.error.startswith("E201 extraction failed: ")
    assert "2017-13-45" in bad_rows.error
    assert good_rows.status == "processed" and good_rows.id == "good"


def test_a_pipeline_that_does_not_load_stops_the_run_with_B001(tmp_path: Path) -> None:
    (tmp_path / "in").mkdir()
    (tmp_path / "in" / "a.txt").write_text(LANKAO, encoding="utf-8")
    with pytest.raises(BatchError, match="B001"):
        run_batch(tmp_path / "in", tmp_path / "x.sqlite", workers=1, lang="xx", progress=False)
    (run,) = Store(tmp_path / "x.sqlite").runs()
    assert run["status"] == "failed"


def _children(pid: int) -> list[int]:
    import psutil

    try:
        procs = psutil.Process(pid).children(recursive=True)
    except psutil.NoSuchProcess:
        return []
    workers = []
    for p in procs:
        try:
            cmd = " ".join(p.cmdline())
        except psutil.Error:
            continue
        if "spawn_main" in cmd and "resource_tracker" not in cmd:
            workers.append(p.pid)
    return workers


def _articles_in(db: Path) -> int:
    if not db.exists():
        return 0
    try:
        return table(db, "SELECT COUNT(*) FROM articles")[0][0]
    except sqlite3.OperationalError:  # schema not created yet
        return 0


def _start(archive: Path, db: Path, *extra: str) -> subprocess.Popen[str]:
    return subprocess.Popen(
        [sys.executable, "-m", "pipeline.cli_batch", "batch", str(archive), "--db", str(db),
         "--workers", "2", "--batch-size", "20", "--json", "-q", *extra],
        stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True, env=env(), cwd=ROOT,
        start_new_session=True)  # own process group: the kill reaches the workers too


@pytest.mark.slow
def test_a_worker_killed_mid_run_is_survived_without_losing_articles(tmp_path: Path) -> None:
    archive = bench.write(tmp_path / "a.jsonl", 1500, seed=11)
    db = tmp_path / "crash.sqlite"
    proc = _start(archive, db)
    try:
        deadline = time.monotonic() + 300
        while _articles_in(db) < 40 and proc.poll() is None and time.monotonic() < deadline:
            time.sleep(0.05)
        workers = _children(proc.pid)
        assert proc.poll() is None and workers, "run ended before a worker could be killed"
        os.kill(workers[0], signal.SIGKILL)  # a worker of our own run, by pid
        out, err = proc.communicate(timeout=600)
    finally:
        if proc.poll() is None:
            os.killpg(proc.pid, signal.SIGKILL)
    summary = json.loads(out.strip().splitlines()[-1])
    assert proc.returncode == 0, err
    assert summary["restarts"] >= 1 and summary["errors"] == 0
    assert summary["processed"] == 1500 == _articles_in(db)
    no_duplicates(db)


@pytest.mark.slow
def test_sigkill_mid_run_then_rerun_equals_an_uninterrupted_run(tmp_path: Path) -> None:
    archive = bench.write(tmp_path / "a.jsonl.gz", 1500, seed=7)
    whole = tmp_path / "whole.sqlite"
    ref = subprocess.run(
        [sys.executable, "-m", "pipeline.cli_batch", "batch", str(archive), "--db", str(whole),
         "--workers", "2", "--batch-size", "20", "-q"],
        capture_output=True, text=True, env=env(), cwd=ROOT, timeout=900)
    assert ref.returncode == 0, ref.stderr

    db = tmp_path / "killed.sqlite"
    proc = _start(archive, db)
    try:
        deadline = time.monotonic() + 300
        while _articles_in(db) < 60 and proc.poll() is None and time.monotonic() < deadline:
            time.sleep(0.02)
        assert proc.poll() is None, "run ended before it could be killed"
        os.killpg(proc.pid, signal.SIGKILL)  # parent and workers, no chance to clean up
        proc.wait(timeout=60)
    finally:
        if proc.poll() is None:
            os.killpg(proc.pid, signal.SIGKILL)
    partial = _articles_in(db)
    assert 0 < partial < 1500

    rerun = subprocess.run(
        [sys.executable, "-m", "pipeline.cli_batch", "batch", str(archive), "--db", str(db),
         "--workers", "2", "--batch-size", "20", "--json", "-q"],
        capture_output=True, text=True, env=env(), cwd=ROOT, timeout=900)
    assert rerun.returncode == 0, rerun.stderr
    summary = json.loads(rerun.stdout.strip().splitlines()[-1])
    assert summary["skipped"] == partial and summary["processed"] == 1500 - partial
    assert snapshot(db) == snapshot(whole)
    no_duplicates(db)
    statuses = [r[0] for r in table(db, "SELECT status FROM runs ORDER BY started")]
    assert statuses == ["running", "finished"]  # the killed run never got to finish


# --- export and timeline commands -------------------------------------------------------


@pytest.fixture(scope="module")
def samples_db(tmp_path_factory: pytest.TempPathFactory) -> Path:
    db = tmp_path_factory.mktemp("samples") / "samples.sqlite"
    run_batch(SAMPLES, db, workers=0, progress=False)
    return db


def test_export_command_csv_with_bom(samples_db: Path) -> None:
    result = CliRunner().invoke(app, ["export", "--db", str(samples_db), "--what", "records",
                                      "--format", "csv", "--bom"])
    assert result.exit_code == 0, result.output
    assert result.stdout.startswith("\ufeffarticle_id,idx,adcode")


def test_export_command_parquet_to_a_file(samples_db: Path, tmp_path: Path) -> None:
    pq = pytest.importorskip("pyarrow.parquet")
    out = tmp_path / "records.parquet"
    result = CliRunner().invoke(app, ["export", "--db", str(samples_db), "-f", "parquet", "-o", str(out)])
    assert result.exit_code == 0, result.output
    assert pq.read_table(out).num_rows == table(samples_db, "SELECT COUNT(*) FROM records")[0][0]


def test_export_command_on_a_missing_database_is_a_usage_error(tmp_path: Path) -> None:
    result = CliRunner().invoke(app, ["export", "--db", str(tmp_path / "none.sqlite")])
    assert result.exit_code == 2


def test_timeline_command_one_row_per_county(samples_db: Path) -> None:
    result = CliRunner().invoke(app, ["timeline", "--db", str(samples_db), "--format", "jsonl",
                                      "--official", str(RAW_LIST)])
    assert result.exit_code == 0, result.output
    rows = [json.loads(l) for l in result.stdout.splitlines() if l.startswith("{")]
    codes = [r["adcode"] for r in rows]
    assert len(codes) == len(set(codes)) > 0
    exited = {r[0] for r in table(samples_db, "SELECT DISTINCT adcode FROM records WHERE status='exited'")}
    official = official_from_csv(RAW_LIST)
    # a record under a renamed county's old code is listed under the code of the national list
    assert set(codes) <= exited | set(official)
    assert sum(r["n_sources"] for r in rows) >= len(rows)
    for r in rows:
        if r["official"]:
            assert r["batch_year_from"] == "official" and r["first_treated_year"] == r["batch_year"]


def test_timeline_command_coverage_of_the_national_list(samples_db: Path) -> None:
    result = CliRunner().invoke(app, ["timeline", "--db", str(samples_db), "--coverage",
                                      "--official", str(RAW_LIST), "--format", "csv"])
    assert result.exit_code == 0, result.output
    lines = [l for l in result.stdout.splitlines() if l and not l.startswith("coverage")]
    assert lines[0].startswith("adcode,county,province,batch_year,covered")
    assert len(lines) - 1 == 830
    assert "national poverty counties reported" in result.output


def test_timeline_command_table(samples_db: Path) -> None:
    result = CliRunner().invoke(app, ["timeline", "--db", str(samples_db), "--format", "table",
                                      "--official", str(RAW_LIST)])
    assert result.exit_code == 0, result.output
    assert "timeline:" in result.output
