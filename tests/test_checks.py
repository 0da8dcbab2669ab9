"""Consistency checks C1–C13: short reports written for these tests, the seed article, the
`check` command and the cross-article checks.

Single-article tests run the real pipeline (extract, then the checks with the text); only
the cross-article unit tests build ArticleResults by hand.
"""

from __future__ import annotations

import datetime as dt
import json
from pathlib import Path
from typing import Optional

import pytest
from typer.testing import CliRunner

import pipeline
from pipeline.checks import check_result, cross_check, failing
from pipeline.records import (Article, ArticleResult, County, CountClaim, DateValue, Evidence,
                              ExitRecord, Finding)

from .conftest import GOLD, SEED


def checked(text: str, published: Optional[str]) -> ArticleResult:
    return check_result(pipeline.extract(text, published=published), text=text)


def of(result: ArticleResult, check: str, status: Optional[str] = None) -> list[Finding]:
    return [f for f in result.findings if f.check == check and (status is None or f.status == status)]


def fails(result: ArticleResult) -> list[str]:
    return [f"{f.check}: {f.message}" for f in result.findings if f.status == "fail"]


# -- one table per check: (published, text, expected status of the check) -------------------

C1 = [
    ("2020-11-20", "11月20日，广西壮族自治区人民政府批复同意融水苗族自治县、三江侗族自治县、那坡县、乐业县、"
     "隆林各族自治县、罗城仫佬族自治县、大化瑶族自治县8个县退出贫困县序列。", "fail"),
    ("2020-11-20", "11月20日，广西壮族自治区人民政府批复同意融水苗族自治县、三江侗族自治县、那坡县、乐业县、"
     "隆林各族自治县、罗城仫佬族自治县、大化瑶族自治县、都安瑶族自治县8个县退出贫困县序列。", "pass"),
    ("2020-11-21", "甘肃省人民政府研究同意东乡族自治县、临夏县等8个县退出贫困县序列。", "pass"),
    ("2020-11-21", "On November 20, the government of Guangxi approved 8 counties of Rongshui, Sanjiang, Napo, "
     "Leye, Longlin, Luocheng and Dahua to withdraw from the poverty list.", "fail"),
    ("2020-11-21", "On November 20, the government of Guangxi approved 8 counties of Rongshui, Sanjiang, Napo, "
     "Leye, Longlin, Luocheng, Dahua and Du'an to withdraw from the poverty list.", "pass"),
    ("2020-11-21", "The Gansu provincial government approved the exit of 8 counties, including Dongxiang, "
     "Linxia County, Tongwei and Min County.", "pass"),
]
C2 = [
    ("2020-02-19", "四川省人民政府批准平武县等31个县（市、区）退出贫困县。其中，国家扶贫开发工作重点县30个，"
     "省定贫困县2个。", "fail"),
    ("2020-02-19", "四川省人民政府批准平武县等31个县（市、区）退出贫困县。其中，国家扶贫开发工作重点县30个，"
     "省定贫困县1个。", "pass"),
    ("2019-04-30", "湖北共有37个贫困县，其中国家级贫困县28个、省级贫困县10个。", "fail"),
    ("2019-04-30", "湖北共有37个贫困县，其中国家级贫困县28个、省级贫困县9个。", "pass"),
]
C3 = [
    ("2020-11-22", "全省75个贫困县中，有85个属于集中连片特困地区。", "fail"),
    ("2020-11-22", "全省75个贫困县中，有58个属于集中连片特困地区。", "pass"),
]
C5 = [
    ("2020-03-03", "随着这批县摘帽，湖南52个贫困县全部实现脱贫摘帽。", "fail"),
    ("2020-03-03", "随着这批县摘帽，湖南51个贫困县全部实现脱贫摘帽。", "pass"),  # 40 national + 11
    ("2020-11-21", "至此，甘肃75个贫困县全部脱贫摘帽。", "pass"),  # 58 national + 17 provincial
    ("2020-11-21", "至此，云南90个贫困县全部脱贫摘帽。", "unverifiable"),  # no quoted provincial list
]
C6 = [
    ("2020-11-24", "11月23日，贵州省人民政府宣布，紫云、纳雍、威宁、赫章、沿河、榕江、从江、晴隆、都安9个县"
     "退出贫困县序列。", "fail"),
    ("2020-11-24", "11月23日，贵州省人民政府宣布，紫云、纳雍、威宁、赫章、沿河、榕江、从江、晴隆、望谟9个县"
     "退出贫困县序列。", "pass"),
]
C7 = [
    ("2020-11-17", "四川省人民政府17日发布通知，普格县、布拖县、金阳县、昭觉县、喜德县、越西县、西昌市7个国家级"
     "贫困县（市）达到退出指标，同意退出贫困县序列。", "fail"),
    ("2020-11-17", "四川省人民政府17日发布通知，同意普格县、布拖县、西昌市退出贫困县序列。", "unverifiable"),
]
C8 = [
    ("2020-11-17", "2018年11月16日，宁夏回族自治区人民政府批复同意西吉县退出贫困县序列。", "fail"),
    ("2020-11-17", "2020年11月16日，宁夏回族自治区人民政府批复同意西吉县退出贫困县序列。", "pass"),
    ("2021-02-26", "The government of Guizhou approved the exit of Ziyun, Nayong and Weining counties on "
     "Nov. 30, 2020.", "fail"),
]
C11 = [
    ("2020-11-12", "新疆维吾尔自治区人民政府11月14日发布公告，莎车县、叶城县退出贫困县序列。", "fail"),
    ("2020-11-15", "新疆维吾尔自治区人民政府11月14日发布公告，莎车县、叶城县退出贫困县序列。", "pass"),
]
C12 = [
    ("2020-11-24", "今年初，国务院扶贫开发领导小组对52个未摘帽贫困县和1113个贫困村实施挂牌督战。随着贵州9县"
     "退出，挂牌督战的1165个贫困县全部摘帽。", "fail"),
    ("2020-11-21", "广西106个县（市、区）全部完成脱贫任务，5379个贫困村全部出列，54个贫困县全部摘帽。", "pass"),
]
C13 = [
    ("2020-03-07", "截至2019年底，全国832个贫困县中已有780个脱贫摘帽，剩余62个贫困县。", "fail"),
    ("2020-03-07", "截至2019年底，全国832个贫困县中已有780个脱贫摘帽，剩余52个贫困县。", "pass"),
    ("2020-11-21", "甘肃共有75个贫困县。到2019年底，全省已有67个县先后摘帽，还剩8个深度贫困县未摘帽。", "pass"),
    ("2020-11-21", "甘肃共有75个贫困县。到2019年底，全省已有67个县先后摘帽，还剩9个深度贫困县未摘帽。", "fail"),
    # No exits in the text: the list less the batches approved by then (832 − 780 = 52).
    ("2020-06-01", "全国还有52个贫困县未摘帽。", "pass"),
    ("2020-06-01", "全国还有62个贫困县未摘帽。", "unverifiable"),
]
C4 = [
    ("2020-03-07", "截至2019年底，全国累计有880个贫困县摘帽。", "fail"),
]

TABLE = [(check, *case) for check, cases in (
    ("C1", C1), ("C2", C2), ("C3", C3), ("C4", C4), ("C5", C5), ("C6", C6), ("C7", C7), ("C8", C8),
    ("C11", C11), ("C12", C12), ("C13", C13)) for case in cases]


@pytest.mark.parametrize("check,published,text,expected", TABLE,
                         ids=[f"{c}-{e}-{i}" for i, (c, _, _, e) in enumerate(TABLE)])
def test_check_reads_what_the_text_implies(check: str, published: str, text: str, expected: str) -> None:
    result = checked(text, published)
    assert of(result, check, expected), [f"{f.check} {f.status}: {f.message}" for f in result.findings]
    if expected == "fail":
        # One planted error, one failing check: the same wrong number is not blamed twice.
        assert {f.check for f in result.findings if f.status == "fail"} == {check}, fails(result)
    else:
        assert not fails(result), fails(result)


# Consistent reports that look like errors to a naive reading: overlapping lists, one
# year's batch next to the national list, province-designated counties, parts of parts.
TRAPS = [
    ("2020-11-21", "甘肃省58个国家级贫困县和17个省定贫困县共75个县全部摘帽。"),
    ("2020-11-24", "全国14个集中连片特困地区680个县和592个国家扶贫开发工作重点县，共计832个贫困县全部摘帽。"),
    ("2020-03-01", "2019年全国共有344个贫困县脱贫摘帽，贵州有24个。"),
    ("2020-03-01", "In 2019, a total of 344 counties were lifted out of poverty nationwide, including 24 in Guizhou Province."),
    ("2020-06-01", "全国还有52个贫困县未摘帽，其中贵州9个、云南9个、新疆10个。"),
    ("2020-06-01", "今年初，全国尚有52个贫困县未摘帽。截至目前，已有40个县摘帽，还剩12个。"),
    ("2019-05-01", "四川省政府批准30个县（市、区）退出，至此全省已有50个贫困县摘帽，剩余38个，将在两年内全部退出。"),
    ("2017-03-28", "兰考县是河南首个脱贫摘帽的县，也是全国第二个。井冈山市于2017年2月26日率先摘帽。"),
    ("2020-11-17", "宁夏共有9个贫困县，其中8个国家级贫困县和1个自治区级贫困县，至此全部摘帽。"),
    ("2020-02-27", "河北省62个贫困县中，45个为国家级贫困县，17个为省级贫困县。"),
    ("2020-02-28", "全省107个县（市、区）中，有96个承担脱贫攻坚任务，其中56个是贫困县。"),
    ("2020-03-03", "湖南20个贫困县脱贫摘帽 全省51个贫困县全部摘帽"),
    ("2020-11-23", "The government of southwest China's Guizhou Province announced on Monday that its remaining nine "
     "impoverished counties have been removed from the poverty list, marking the end of absolute poverty in all "
     "832 poor counties nationwide."),
    ("2020-11-23", "The nine counties are Ziyun Miao and Buyi Autonomous County, Nayong County, Weining Yi, Hui and Miao "
     "Autonomous County, Hezhang County, Yanhe Tujia Autonomous County, Rongjiang County, Congjiang County, "
     "Qinglong County and Wangmo County."),
]


@pytest.mark.parametrize("published,text", TRAPS, ids=[f"trap-{i}" for i in range(len(TRAPS))])
def test_consistent_report_raises_no_fail(published: str, text: str) -> None:
    assert not fails(checked(text, published))


def test_list_with_deng_is_a_lower_bound() -> None:
    result = checked("甘肃省人民政府研究同意东乡族自治县等8个县退出贫困县序列。", "2020-11-21")
    (f,) = of(result, "C1")
    assert f.status == "pass" and f.stated == 8 and f.computed == 1


def test_fail_message_names_the_listed_counties() -> None:
    (f,) = of(checked(C1[0][1], "2020-11-20"), "C1", "fail")
    assert f.stated == 8 and f.computed == 7
    assert "says 8 counties but lists 7" in f.message and "融水苗族自治县" in f.message
    assert f.severity == "error" and f.evidence and f.evidence[0].text.startswith("8")


def test_evidence_points_into_the_article() -> None:
    text = C13[0][1]
    result = checked(text, "2020-03-07")
    for f in result.findings:
        for ev in f.evidence:
            assert text[ev.start:ev.end] == ev.text
            assert ev.text in ev.sentence


def test_provincial_total_may_count_province_designated_counties(gaz) -> None:
    # Guangxi's 54 = 33 national + 21 designated by the region; 33 alone is right too.
    for total in (54, 33):
        result = checked(f"至此，广西{total}个贫困县全部退出贫困县序列。", "2020-11-21")
        assert of(result, "C5", "pass"), result.findings
    assert gaz.provincial_list("广西壮族自治区")["total_quoted"] in ("54", 54)


def test_rounds_and_relative_years_do_not_fail_c8() -> None:
    # 赤水 is a 2016-round county; 今年 in the next clause is not its exit year.
    text = "2016年度赤水市率先摘帽，加上今年最后的9个县，贵州66个贫困县全部摘帽。"
    assert not of(checked(text, "2020-11-24"), "C8", "fail")


def test_a_deadline_after_the_dateline_is_not_an_exit_date() -> None:
    text = ("11月2日，云南省扶贫开发领导小组办公室发布公示，镇雄县、会泽县等9个县（市）拟退出贫困县序列。"
            "公示期至11月6日。")
    assert not of(checked(text, "2020-11-02"), "C11", "fail")


# -- the seed article ----------------------------------------------------------------------


@pytest.fixture(scope="module")
def seed() -> ArticleResult:
    text = SEED.read_text(encoding="utf-8")
    return checked(text, "2020-11-21")


def test_seed_gansu_67_exited_and_8_remaining_make_75(seed: ArticleResult) -> None:
    (f,) = [f for f in of(seed, "C13", "pass") if f.stated == 8]
    assert f.computed == 8 and "75 − 67" in f.message


def test_seed_guangxi_names_eight_for_eight(seed: ArticleResult) -> None:
    assert [f for f in of(seed, "C1", "pass") if f.stated == 8 and f.computed == 8]


def test_seed_gansu_list_with_including_is_a_lower_bound(seed: ArticleResult) -> None:
    (f,) = [f for f in of(seed, "C1") if f.stated == 8 and f.computed == 4]
    assert f.status == "pass" and "including" in f.message


def test_seed_21_provinces_enumerated_for_21(seed: ArticleResult) -> None:
    assert [f for f in of(seed, "C1", "pass") if f.stated == 21 and f.computed == 21]


def test_seed_villages_never_enter_a_county_total(seed: ArticleResult) -> None:
    assert [f for f in of(seed, "C12", "pass") if f.stated == 5379]
    for f in seed.findings:
        if f.check != "C12":
            assert 5379 not in (f.stated, f.computed)
            assert all("5,379" not in ev.text for ev in f.evidence)


def test_seed_has_no_fail(seed: ArticleResult) -> None:
    assert not fails(seed)


def test_extract_runs_the_checks() -> None:
    result = pipeline.extract(C13[0][1], published="2020-03-07")
    assert of(result, "C13", "fail")


# -- the check command ---------------------------------------------------------------------

runner = CliRunner()
CONSISTENT = C13[2][1]
INCONSISTENT = C13[3][1]


@pytest.fixture(scope="module")
def app():
    from pipeline.cli import app

    return app


def test_check_command_exit_codes(tmp_path: Path, app) -> None:
    good, bad = tmp_path / "good.txt", tmp_path / "bad.txt"
    good.write_text(CONSISTENT, encoding="utf-8")
    bad.write_text(INCONSISTENT, encoding="utf-8")
    ok = runner.invoke(app, ["check", str(good), "--published", "2020-11-21"])
    assert ok.exit_code == 0, ok.output
    assert "C13" in ok.stdout and "pass" in ok.stdout
    wrong = runner.invoke(app, ["check", str(bad), "--published", "2020-11-21"])
    assert wrong.exit_code == 1, wrong.output
    assert "fail" in wrong.stdout


def test_check_command_fail_on_severity(tmp_path: Path, app) -> None:
    # A date outside the batch window is a warning (the batch table has derived years).
    path = tmp_path / "xiji.txt"
    path.write_text(C8[0][1], encoding="utf-8")
    assert runner.invoke(app, ["check", str(path), "--published", "2020-11-17"]).exit_code == 0
    res = runner.invoke(app, ["check", str(path), "--published", "2020-11-17", "--fail-on", "warning"])
    assert res.exit_code == 1


def test_check_command_reads_stdin_and_prints_json(app) -> None:
    res = runner.invoke(app, ["check", "-", "--published", "2020-11-21", "--format", "json"],
                        input=INCONSISTENT)
    assert res.exit_code == 1
    data = json.loads(res.stdout)
    assert any(f["check"] == "C13" and f["status"] == "fail" for f in data["findings"])


def test_check_command_usage_and_input_errors(tmp_path: Path, app) -> None:
    assert runner.invoke(app, ["check"]).exit_code == 2
    assert runner.invoke(app, ["check", str(tmp_path / "missing.txt")]).exit_code == 3
    path = tmp_path / "a.txt"
    path.write_text(CONSISTENT, encoding="utf-8")
    assert runner.invoke(app, ["check", str(path), "--published", "2020-13-45"]).exit_code == 2
    assert runner.invoke(app, ["check", str(path), "--db", str(tmp_path / "x.sqlite")]).exit_code == 2
    binary = tmp_path / "b.txt"
    binary.write_bytes(b"\x00\x01\x02")
    assert runner.invoke(app, ["check", str(binary)]).exit_code == 3


LANKAO_A = ("本报郑州3月27日讯 今天，河南省政府召开新闻发布会宣布，省政府正式批准兰考县退出贫困县。", "2017-03-27")
LANKAO_B = ("Lankao County in central China's Henan Province exited the poverty list in February 2017.", "2017-11-03")


def test_check_command_over_results_and_store(tmp_path: Path, app) -> None:
    from pipeline.store import Store

    a = pipeline.extract(LANKAO_A[0], published=LANKAO_A[1], article_id="lankao-a")
    b = pipeline.extract(LANKAO_B[0], published=LANKAO_B[1], article_id="lankao-b")
    lines = tmp_path / "results.jsonl"
    lines.write_text(a.model_dump_json() + "\n" + b.model_dump_json() + "\n", encoding="utf-8")
    res = runner.invoke(app, ["check", "--results", str(lines), "--fail-on", "warning", "--format", "json"])
    assert res.exit_code == 1, res.output
    data = json.loads(res.stdout)
    assert data["articles"] == 2
    (c9,) = [f for f in data["findings"] if f["check"] == "C9" and f["status"] == "fail"]
    assert set(c9["articles"]) == {"lankao-a", "lankao-b"}
    db = tmp_path / "exits.sqlite"
    store = Store(db)
    store.put_result(a)
    store.put_result(b)
    store.close()
    res = runner.invoke(app, ["check", "--db", str(db), "--fail-on", "warning"])
    assert res.exit_code == 1 and "C9" in res.stdout
    assert runner.invoke(app, ["check", "--db", str(tmp_path / "none.sqlite")]).exit_code == 3
    lines.write_text("not json\n", encoding="utf-8")
    assert runner.invoke(app, ["check", "--results", str(lines)]).exit_code == 3


# -- cross-article checks on hand-built results -------------------------------------------------


def result_with(article_id: str, published: str, records: list[ExitRecord] = (),
                claims: list[CountClaim] = ()) -> ArticleResult:
    return ArticleResult(article=Article(id=article_id, lang="zh", published=dt.date.fromisoformat(published)),
                         records=list(records), claims=list(claims))


def exit_record(gaz, adcode: str, sentence: str, surface: str, date: Optional[tuple[str, str, str]]) -> ExitRecord:
    d = gaz.by_adcode(adcode)
    start = sentence.index(surface)
    return ExitRecord(
        county=County(adcode=d.adcode, name=d.name, province=d.province, poverty=d.poverty,
                      exit_year=d.exit_year),
        surface=surface, status="exited",
        date=DateValue(value=date[0], granularity=date[1], text=date[2]) if date else None,
        batch_year=d.exit_year, evidence=Evidence(text=surface, start=start, end=start + len(surface),
                                                  sentence=sentence),
        link_reason="test", confidence=0.9)


def count_claim(sentence: str, text: str, value: int, qualifiers: list[str], scope: Optional[str],
                as_of: Optional[tuple[str, str, str]] = None) -> CountClaim:
    start = sentence.index(text)
    return CountClaim(value=value, unit="county", noun="贫困县", qualifiers=qualifiers, scope=scope,
                      cumulative="cumulative" in qualifiers,
                      as_of=DateValue(value=as_of[0], granularity=as_of[1], text=as_of[2]) if as_of else None,
                      evidence=Evidence(text=text, start=start, end=start + len(text), sentence=sentence))


def pair_status(findings: list[Finding], check: str, a: str, b: str) -> Optional[str]:
    hits = [f.status for f in findings if f.check == check and {a, b} <= set(f.articles)]
    return "fail" if "fail" in hits else ("pass" if "pass" in hits else None)


def test_c9_lankao_february_vs_27_march_conflicts(gaz) -> None:
    s1 = "3月27日，河南省政府正式批准兰考县退出贫困县。"
    s2 = "兰考县于2017年2月宣布脱贫摘帽。"
    a = result_with("a", "2017-03-28", [exit_record(gaz, "410225", s1, "兰考县", ("2017-03-27", "day", "3月27日"))])
    b = result_with("b", "2017-11-03", [exit_record(gaz, "410225", s2, "兰考县", ("2017-02", "month", "2017年2月"))])
    findings = cross_check([a, b])
    assert pair_status(findings, "C9", "a", "b") == "fail"
    (f,) = [f for f in findings if f.check == "C9"]
    assert "兰考县" in f.message and f.articles and len(f.evidence) == 2


def test_c9_a_month_containing_the_day_agrees(gaz) -> None:
    s1 = "井冈山市2月26日正式宣布脱贫摘帽。"
    s2 = "井冈山市在2017年2月率先脱贫摘帽。"
    a = result_with("c", "2017-02-26", [exit_record(gaz, "360881", s1, "井冈山市", ("2017-02-26", "day", "2月26日"))])
    b = result_with("d", "2018-02-10", [exit_record(gaz, "360881", s2, "井冈山市", ("2017-02", "month", "2017年2月"))])
    assert pair_status(cross_check([a, b]), "C9", "c", "d") == "pass"


def test_c9_two_dates_in_one_sentence_are_not_compared(gaz) -> None:
    # 2月和3月 … 井冈山市、兰考县先后: which county took which month is a guess.
    s1 = "今年2月和3月，江西省井冈山市、河南省兰考县已先后宣布脱贫摘帽。"
    s2 = "井冈山市2月26日正式宣布脱贫摘帽。"
    a = result_with("e", "2017-11-01", [exit_record(gaz, "360881", s1, "井冈山市", ("2017-03", "month", "3月"))])
    b = result_with("f", "2017-02-26", [exit_record(gaz, "360881", s2, "井冈山市", ("2017-02-26", "day", "2月26日"))])
    assert pair_status(cross_check([a, b]), "C9", "e", "f") is None


def test_c10_two_rounds_for_one_county_fail(gaz) -> None:
    s1 = "宁陕县等23个县在2018年度脱贫摘帽。"
    s2 = "2019年度，宁陕县通过省级专项评估检查，脱贫摘帽。"
    a = result_with("g", "2019-05-08", [exit_record(gaz, "610923", s1, "宁陕县", None)])
    b = result_with("h", "2020-06-10", [exit_record(gaz, "610923", s2, "宁陕县", None)])
    findings = cross_check([a, b])
    assert pair_status(findings, "C10", "g", "h") == "fail"
    assert not [f for f in findings if f.check == "C9"]


def test_c10_a_round_approved_the_next_year_is_one_exit(gaz) -> None:
    s1 = "2016年度，滑县与兰考县一道脱贫摘帽。"
    s2 = "11月1日，国务院扶贫办宣布滑县等26个县脱贫摘帽。"
    a = result_with("i", "2019-09-20", [exit_record(gaz, "410526", s1, "滑县", None)])
    b = result_with("j", "2017-11-02", [exit_record(gaz, "410526", s2, "滑县", ("2017-11-01", "day", "11月1日"))])
    assert pair_status(cross_check([a, b]), "C10", "i", "j") == "pass"


def test_c10_follows_a_county_through_its_rename(gaz) -> None:
    # 崇礼县 (130733) became 崇礼区 (130709) in 2016: one county, one exit.
    s1 = "2018年度，崇礼县脱贫摘帽。"
    s2 = "2020年度，崇礼区脱贫摘帽。"
    a = result_with("k", "2019-05-01", [exit_record(gaz, "130733", s1, "崇礼县", None)])
    b = result_with("l", "2020-06-01", [exit_record(gaz, "130709", s2, "崇礼区", None)])
    assert pair_status(cross_check([a, b]), "C10", "k", "l") == "fail"


def test_c4_cumulative_count_cannot_fall() -> None:
    s1 = "截至2019年底，全国832个贫困县中已有780个脱贫摘帽。"
    s2 = "全国累计有436个贫困县摘帽。"
    a = result_with("m", "2020-03-07", claims=[count_claim(s1, "780个", 780, ["cumulative", "exited"], "national",
                                                           ("2019-12", "month", "2019年底"))])
    b = result_with("n", "2020-06-15", claims=[count_claim(s2, "436个贫困县", 436, ["cumulative", "exited"], "national")])
    findings = cross_check([a, b])
    assert pair_status(findings, "C4", "m", "n") == "fail"
    c = result_with("o", "2018-10-17", claims=[count_claim(s2.replace("436", "153"), "153个贫困县", 153,
                                                           ["cumulative", "exited"], "national")])
    assert pair_status(cross_check([c, a]), "C4", "o", "m") == "pass"


def test_cross_check_streams_once() -> None:
    seen = []

    def stream():
        for i in range(3):
            seen.append(i)
            yield result_with(f"s{i}", "2020-01-01")

    assert cross_check(stream()) == [] and seen == [0, 1, 2]


# -- the gold corpus --------------------------------------------------------------------------


@pytest.mark.skipif(not (GOLD / "checks" / "PAIRS.json").exists(), reason="check gold corpus not present")
def test_fail_findings_on_the_gold_corpus_are_precise() -> None:
    from pipeline.checks.evaluate import score_findings

    scores = score_findings(GOLD / "checks")
    assert scores["consistent_articles"]["false_alarms"] == 0, scores["errors"]
    assert scores["overall"]["precision"] is not None and scores["overall"]["precision"] >= 0.9
    assert scores["overall"]["recall"] >= 0.5
    assert set(scores["per_check"]) <= {f"C{i}" for i in range(1, 14)}


def test_failing_respects_severity() -> None:
    warn = Finding(check="C9", status="fail", severity="warning", message="x")
    err = Finding(check="C2", status="fail", severity="error", message="y")
    ok = Finding(check="C2", status="pass", severity="info", message="z")
    assert failing([warn, err, ok], "error") == [err]
    assert failing([warn, err, ok], "warning") == [warn, err]
