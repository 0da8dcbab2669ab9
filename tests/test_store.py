"""Store: a real SQLite file — schema, idempotent upserts, resume ids, export, timeline, coverage."""

from __future__ import annotations

import csv
import io
import json
import sqlite3
from pathlib import Path

import pytest

from pipeline.records import (AggregateExit, Article, ArticleResult, CountClaim, County,
                              DateValue, Evidence, ExitRecord, Finding, Problem)
from pipeline.store import (SCHEMA_VERSION, OfficialCounty, Store, StoreError, coverage,
                            export, official_from_csv, official_from_gazetteer,
                            rows_from_error, timeline, write_rows, TIMELINE_COLUMNS)

RAW_LIST = Path(__file__).resolve().parents[1] / "models" / "gazetteer" / "raw" / "poverty_counties.csv"

LANKAO = County(adcode="410225", name="兰考县", province="河南省", prefecture="开封市")
HUAXIAN = County(adcode="410526", name="滑县", province="河南省", prefecture="安阳市")
DONGXIANG = County(adcode="622926", name="东乡族自治县", province="甘肃省")


def ev(text: str = "兰考县", start: int = 0) -> Evidence:
    return Evidence(text=text, start=start, end=start + len(text), sentence=f"{text}退出贫困县序列。")


def rec(county: County, date: str | None, gran: str = "day", status: str = "exited",
        batch_year: int | None = None) -> ExitRecord:
    return ExitRecord(
        county=county, surface=county.name, status=status,  # type: ignore[arg-type]
        date=DateValue(value=date, granularity=gran) if date else None,  # type: ignore[arg-type]
        authority="河南省人民政府", list="national", batch_year=batch_year,
        evidence=ev(county.name), link_reason="exact name", confidence=0.9,
    )


def result(aid: str, *records: ExitRecord, published: str | None = "2017-03-28") -> ArticleResult:
    return ArticleResult(
        article=Article(id=aid, lang="zh", published=published, source=f"{aid}.txt"),
        records=list(records),
        aggregates=[AggregateExit(count=2, province="河南省", named=2,
                                  named_adcodes=["410225", "410526"], evidence=ev("2个县"))],
        claims=[CountClaim(value=2, unit="county", noun="县", qualifiers=["贫困"], evidence=ev("2个"))],
        findings=[Finding(check="C1", status="pass", stated=2, computed=2, message="2 named for 2",
                          evidence=[ev("2个县"), ev("兰考县", 10)])],
        problems=[Problem(code="W003", message="W003 place '某县' is not in the gazetteer")],
    )


@pytest.fixture()
def db(tmp_path: Path) -> Path:
    return tmp_path / "exits.sqlite"


def table_count(path: Path, table: str) -> int:
    with sqlite3.connect(path) as conn:
        return conn.execute(f'SELECT COUNT(*) FROM "{table}"').fetchone()[0]


# --- schema and writes -----------------------------------------------------------------


def test_new_database_has_the_current_schema_in_wal_mode(db: Path) -> None:
    with Store(db) as store:
        assert store.conn.execute("PRAGMA user_version").fetchone()[0] == SCHEMA_VERSION
        assert store.conn.execute("PRAGMA journal_mode").fetchone()[0] == "wal"
        assert store.conn.execute("PRAGMA foreign_keys").fetchone()[0] == 1
        tables = {r[0] for r in store.conn.execute("SELECT name FROM sqlite_master WHERE type='table'")}
    assert {"articles", "records", "aggregates", "claims", "findings", "problems", "runs"} <= tables


def test_reopening_does_not_migrate_again(db: Path) -> None:
    Store(db).close()
    with Store(db) as store:
        assert store.counts()["articles"] == 0


def test_a_database_from_a_newer_zhaimao_is_refused(db: Path) -> None:
    Store(db).close()
    with sqlite3.connect(db) as conn:
        conn.execute(f"PRAGMA user_version = {SCHEMA_VERSION + 1}")
    with pytest.raises(StoreError, match="S002"):
        Store(db)


def test_writing_an_article_twice_keeps_one_copy_of_every_row(db: Path) -> None:
    r = result("a1", rec(LANKAO, "2017-03-27"), rec(HUAXIAN, "2017-03-27"))
    with Store(db) as store:
        store.put_result(r, run_id="run-1")
        store.put_result(r, run_id="run-2")
        counts = store.counts()
        run_id = store.conn.execute("SELECT run_id FROM articles").fetchone()[0]
    assert counts == {"articles": 1, "processed": 1, "errors": 0, "records": 2, "aggregates": 1,
                      "claims": 1, "findings": 1, "problems": 1, "runs": 0}
    assert run_id == "run-2"


def test_rewriting_an_article_replaces_its_old_child_rows(db: Path) -> None:
    with Store(db) as store:
        store.put_result(result("a1", rec(LANKAO, "2017-03-27"), rec(HUAXIAN, "2017-03-27")))
        store.put_result(result("a1", rec(LANKAO, "2017-03-27")))
        assert [r[0] for r in store.conn.execute("SELECT adcode FROM records")] == ["410225"]


def test_an_error_row_is_replaced_when_the_article_is_processed_later(db: Path) -> None:
    with Store(db) as store:
        store.put(rows_from_error("a1", "E201 extraction failed: ValueError: boom",
                                  source="a1.txt"))
        assert store.known(["a1", "zz"]) == {"a1": "error"}
        store.put_result(result("a1", rec(LANKAO, "2017-03-27")))
        assert store.known(["a1"]) == {"a1": "processed"}
        assert store.counts()["errors"] == 0


def test_processed_ids_for_resume(db: Path) -> None:
    with Store(db) as store:
        store.put_result(result("ok", rec(LANKAO, "2017-03-27")))
        store.put(rows_from_error("bad", "E101 binary content", source="x.txt"))
        assert store.processed_ids() == {"ok", "bad"}
        assert store.processed_ids(include_errors=False) == {"ok"}
        assert store.known(f"id{i}" for i in range(2000)) == {}  # many ids: chunked query


def test_a_failed_transaction_writes_nothing(db: Path) -> None:
    with Store(db) as store:
        with pytest.raises(RuntimeError):
            with store.transaction():
                store.put_result(result("a1", rec(LANKAO, "2017-03-27")))
                raise RuntimeError("killed mid-chunk")
        assert store.counts()["articles"] == 0
        assert store.counts()["records"] == 0


def test_stored_result_round_trips(db: Path) -> None:
    r = result("a1", rec(LANKAO, "2017-03-27"))
    with Store(db) as store:
        store.put_result(r)
        assert store.result("a1") == r
        assert store.result("missing") is None


def test_runs_are_recorded(db: Path) -> None:
    with Store(db) as store:
        rid = store.start_run({"inputs": ["archive/"], "workers": 2})
        store.finish_run(rid, {"processed": 3}, "finished")
        (run,) = store.runs()
    assert run["id"] == rid and run["status"] == "finished"
    assert run["args"]["workers"] == 2 and run["counts"] == {"processed": 3}


def test_readers_see_committed_rows_while_a_writer_is_open(db: Path) -> None:
    writer = Store(db)
    writer.put_result(result("a1", rec(LANKAO, "2017-03-27")))
    with Store(db, readonly=True) as reader:
        assert reader.counts()["records"] == 1
    writer.close()


# --- export ----------------------------------------------------------------------------


def filled(db: Path) -> Path:
    with Store(db) as store:
        store.put_result(result("a1", rec(LANKAO, "2017-03-27"), rec(HUAXIAN, "2017-03-27")))
        store.put(rows_from_error("a2", "E104 malformed JSONL line 7: Expecting value",
                                  source="news.jsonl:7"))
    return db


@pytest.mark.parametrize("what, n", [("records", 2), ("aggregates", 1), ("claims", 1),
                                     ("findings", 1), ("problems", 1), ("articles", 2)])
def test_csv_export_of_every_table(db: Path, what: str, n: int) -> None:
    buf = io.StringIO()
    assert export(filled(db), what, "csv", out=buf) == n  # type: ignore[arg-type]
    rows = list(csv.DictReader(io.StringIO(buf.getvalue())))
    assert len(rows) == n


def test_csv_export_with_bom_for_excel(db: Path) -> None:
    buf = io.StringIO()
    export(filled(db), "records", "csv", bom=True, out=buf)
    text = buf.getvalue()
    assert text.startswith("\ufeffarticle_id,idx,adcode,county,province")
    assert "兰考县" in text


def test_jsonl_export_keeps_types(db: Path) -> None:
    buf = io.StringIO()
    export(filled(db), "records", "jsonl", out=buf)
    first = json.loads(buf.getvalue().splitlines()[0])
    assert first["adcode"] == "410225" and first["evidence_start"] == 0
    assert first["confidence"] == pytest.approx(0.9) and first["date"] == "2017-03-27"


def test_articles_export_lists_errors_with_their_message(db: Path) -> None:
    buf = io.StringIO()
    export(filled(db), "articles", "jsonl", out=buf)
    rows = {r["id"]: r for r in map(json.loads, buf.getvalue().splitlines())}
    assert rows["a2"]["status"] == "error"
    assert rows["a2"]["error"].startswith("E104 malformed JSONL line 7")
    assert "result_json" not in rows["a1"]


def test_results_export_gives_valid_article_results(db: Path) -> None:
    buf = io.StringIO()
    assert export(filled(db), "results", "jsonl", out=buf) == 1
    (line,) = buf.getvalue().splitlines()
    assert ArticleResult.model_validate_json(line).article.id == "a1"
    with pytest.raises(StoreError, match="S005"):
        export(db, "results", "csv", out=io.StringIO())


def test_parquet_export(db: Path) -> None:
    pq = pytest.importorskip("pyarrow.parquet")
    buf = io.BytesIO()
    assert export(filled(db), "records", "parquet", out=buf) == 2
    table = pq.read_table(io.BytesIO(buf.getvalue()))
    assert table.column("adcode").to_pylist() == ["410225", "410526"]
    assert table.schema.field("evidence_start").type == "int64"


@pytest.mark.parametrize("what", ["articles", "records", "aggregates", "claims", "findings"])
def test_parquet_export_of_every_table(db: Path, what: str) -> None:
    pq = pytest.importorskip("pyarrow.parquet")
    buf = io.BytesIO()
    n = export(filled(db), what, "parquet", out=buf)
    assert pq.read_table(io.BytesIO(buf.getvalue())).num_rows == n


def test_export_needs_an_existing_database(tmp_path: Path) -> None:
    with pytest.raises(StoreError, match="S001"):
        export(tmp_path / "none.sqlite", "records", "csv", out=io.StringIO())


# --- timeline and coverage -------------------------------------------------------------


def test_timeline_one_row_per_county_with_earliest_day_and_conflicts(db: Path) -> None:
    with Store(db) as store:
        # Lankao: the approval (27 March) and a report that gets the day wrong (28 March);
        # a year-only mention adds a source but not a date.
        store.put_result(result("wire", rec(LANKAO, "2017-03-27")))
        store.put_result(result("paper", rec(LANKAO, "2017-03-28")))
        store.put_result(result("recap", rec(LANKAO, "2017", "year"), rec(HUAXIAN, "2017-03", "month")))
        store.put_result(result("notice", rec(DONGXIANG, "2020-11-21", status="proposed")))
    rows = {r.adcode: r for r in timeline(db)}
    assert set(rows) == {"410225", "410526"}  # a proposal (公示) is not an exit
    lankao = rows["410225"]
    assert (lankao.exit_date, lankao.exit_granularity) == ("2017-03-27", "day")
    assert lankao.conflicting_dates == ("2017-03-27", "2017-03-28")
    assert lankao.n_sources == 3 and lankao.source_ids == ("paper", "recap", "wire")
    assert lankao.batch_year is None and lankao.first_treated_year == 2017
    assert rows["410526"].exit_granularity == "month" and rows["410526"].conflicting_dates == ()
    with_proposed = {r.adcode for r in timeline(db, include_proposed=True)}
    assert "622926" in with_proposed


def test_timeline_takes_batch_year_from_the_official_list(db: Path) -> None:
    official = {
        "410225": OfficialCounty("410225", "兰考县", "河南省", 2016),
        "622926": OfficialCounty("622926", "东乡族自治县", "甘肃省", 2020),
    }
    with Store(db) as store:
        store.put_result(result("wire", rec(LANKAO, "2017-03-27", batch_year=2017)))
        store.put_result(result("hx", rec(HUAXIAN, "2017-03-27", batch_year=2016)))
    rows = {r.adcode: r for r in timeline(db, official)}
    assert (rows["410225"].batch_year, rows["410225"].batch_year_from) == (2016, "official")
    assert rows["410225"].first_treated_year == 2016 and rows["410225"].list == "national"
    # not on the given list: the year the article states
    assert (rows["410526"].batch_year, rows["410526"].batch_year_from) == (2016, "articles")


def test_timeline_merges_a_renamed_county_under_its_list_code(db: Path) -> None:
    # 大同县 (140227 before 2018) became 云州区 (140215); the list carries 云州区.
    official = {"140215": OfficialCounty("140215", "云州区", "山西省", 2018, codes=("140227",))}
    old = County(adcode="140227", name="大同县", province="山西省")
    new = County(adcode="140215", name="云州区", province="山西省")
    with Store(db) as store:
        store.put_result(result("old-name", rec(old, "2019-04", "month")))
        store.put_result(result("new-name", rec(new, "2019-04-29")))
    (row,) = list(timeline(db, official))
    assert (row.adcode, row.county, row.n_sources, row.exit_date) == ("140215", "云州区", 2, "2019-04-29")


def test_coverage_says_which_national_counties_are_missing(db: Path) -> None:
    official = {
        "410225": OfficialCounty("410225", "兰考县", "河南省", 2016),
        "410526": OfficialCounty("410526", "滑县", "河南省", 2016),
        "622926": OfficialCounty("622926", "东乡族自治县", "甘肃省", 2020),
    }
    with Store(db) as store:
        store.put_result(result("wire", rec(LANKAO, "2017-03-27")))
        store.put_result(result("other", rec(County(adcode="110101", name="东城区", province="北京市"),
                                              "2017-03-27")))
    cov = coverage(db, official)
    assert (cov.covered, cov.total) == (1, 3)
    assert [r.adcode for r in cov.missing] == ["410526", "622926"]
    assert cov.by_province == (("河南省", 1, 2), ("甘肃省", 0, 1))
    assert cov.extra == ("110101",)


def test_official_list_from_the_raw_table() -> None:
    official = official_from_csv(RAW_LIST)
    assert len(official) == 830  # the 832 less the two 行委 without a code
    assert official["410225"].batch_year == 2016 and official["410225"].county == "兰考县"
    years = [o.batch_year for o in official.values()]
    assert all(2016 <= y <= 2020 for y in years if y is not None)


def test_official_list_from_a_gazetteer_collects_old_codes() -> None:
    gaz = pytest.importorskip("pipeline.gazetteer")
    from pipeline.gazetteer.model import Division

    common = dict(tier="county", province="山西省", province_code="14")
    divisions = [
        Division(adcode="140227", name="大同县", stem="大同", level="县", valid_to="2018",
                 successor="140215", **common),  # type: ignore[arg-type]
        Division(adcode="140215", name="云州区", stem="云州", level="市辖区", valid_from="2018",
                 poverty=True, exit_year=2018, **common),  # type: ignore[arg-type]
        Division(adcode="140123", name="娄烦县", stem="娄烦", level="县", poverty=True,
                 exit_year=2018, **common),  # type: ignore[arg-type]
    ]
    official = official_from_gazetteer(gaz.Gazetteer.from_divisions(divisions))
    assert set(official) == {"140215", "140123"}
    assert official["140215"].codes == ("140227",) and official["140215"].batch_year == 2018


def test_timeline_rows_write_as_csv_and_jsonl(db: Path) -> None:
    with Store(db) as store:
        store.put_result(result("wire", rec(LANKAO, "2017-03-27")))
        store.put_result(result("paper", rec(LANKAO, "2017-03-28")))
    rows = list(timeline(db))
    buf = io.StringIO()
    write_rows(rows, TIMELINE_COLUMNS, "csv", buf)
    (line,) = list(csv.DictReader(io.StringIO(buf.getvalue())))
    assert line["conflicting_dates"] == "2017-03-27;2017-03-28"
    assert line["source_ids"] == "paper;wire"
    buf = io.StringIO()
    write_rows(rows, TIMELINE_COLUMNS, "jsonl", buf)
    assert json.loads(buf.getvalue())["source_ids"] == ["paper", "wire"]
