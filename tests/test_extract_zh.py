"""Chinese extraction end to end: which named counties exited, when, on whose authority, and what the counts count."""

from __future__ import annotations

from typing import Optional

import pytest

import pipeline
from pipeline.records import ArticleResult, ExitRecord

# The facts below come from the poverty-county tables: the last eight Gansu counties
# (东乡族自治县 622926, 临夏县 622921, 通渭县 621121, 岷县 621126, 宕昌县 621223, 西和县 621225,
# 礼县 621226, 镇原县 621027) were approved by 甘肃省人民政府 on 2020-11-21; 临夏市 622901
# left in the 2017 batch; the last eight Guangxi counties were approved by 广西壮族自治区人民政府
# on 2020-11-20; Yunnan's last nine went to public notice on 2020-11-02; Guizhou's 2019 batch
# (正安县 520324 …) was approved on 2020-03-03 after a notice of 2020-02-25; 上饶县 361121
# (广信区 361104 since 2019-06) was announced by 国务院扶贫办 on 2018-08-17.

GUANGXI_EIGHT = ["450225", "450226", "451026", "451028", "451031", "451225", "451229", "451228"]


def _extract(text: str, published: Optional[str]) -> ArticleResult:
    return pipeline.extract(text, lang="zh", published=published)


def _records(result: ArticleResult) -> dict[str, ExitRecord]:
    """Exit records by adcode (the first record of a county if it has several)."""
    out: dict[str, ExitRecord] = {}
    for record in result.records:
        out.setdefault(record.county.adcode, record)
    return out


def _county_claims(result: ArticleResult) -> list[float]:
    return [c.value for c in result.claims if c.unit == "county"]


# --- which county ----------------------------------------------------------------------------

# (text, published, counties that exited, counties only mentioned)
NAMED_AND_MENTIONED = [
    pytest.param("甘肃省人民政府21日批准临夏县、东乡县等8个县退出贫困县序列。与临夏县相邻的临夏市是临夏回族自治州州府所在地。",
                 "2020-11-22", {"622921", "622926"}, {"622901"}, id="city-in-next-sentence"),
    pytest.param("甘肃省人民政府批准临夏县退出贫困县序列。\n\n临夏市是临夏州州府所在地。",
                 "2020-11-22", {"622921"}, {"622901"}, id="city-in-next-paragraph"),
    pytest.param("甘肃省人民政府21日批准东乡县、临夏县退出贫困县序列，临夏市将举行庆祝活动。",
                 "2020-11-22", {"622921", "622926"}, {"622901"}, id="city-hosts-celebration"),
    pytest.param("新华社兰州11月21日电 记者从临夏市获悉，甘肃省人民政府21日批准临夏县退出贫困县序列。",
                 "2020-11-21", {"622921"}, {"622901"}, id="city-is-the-source"),
    pytest.param("与州府临夏市相邻的临夏县21日经甘肃省人民政府批准退出贫困县序列。",
                 "2020-11-22", {"622921"}, {"622901"}, id="city-in-a-modifier"),
]


@pytest.mark.parametrize(("text", "published", "exited", "mentioned"), NAMED_AND_MENTIONED)
def test_linxia_county_exits_while_linxia_city_is_only_mentioned(
        text: str, published: str, exited: set[str], mentioned: set[str]) -> None:
    records = _records(_extract(text, published))
    assert exited <= set(records)
    assert not mentioned & set(records)


# (text, published, adcode)
SHORT_FORMS = [
    pytest.param("21日，甘肃省人民政府批准东乡县退出贫困县序列。", "2020-11-22", "622926", id="东乡县"),
    pytest.param("甘肃省人民政府批准东乡族自治县退出贫困县序列。", "2020-11-22", "622926", id="东乡族自治县"),
    pytest.param("东乡县等8个县21日经甘肃省人民政府批准退出贫困县序列。", "2020-11-22", "622926", id="东乡县-list-head"),
    pytest.param("广西壮族自治区人民政府20日批复同意都安县退出贫困县序列。", "2020-11-21", "451228", id="都安县"),
    pytest.param("广西壮族自治区人民政府20日批复同意都安瑶族自治县退出贫困县序列。", "2020-11-21", "451228",
                 id="都安瑶族自治县"),
    pytest.param("广西壮族自治区人民政府20日批复同意大化、都安等8个县退出贫困县序列。", "2020-11-21", "451228",
                 id="都安-stem"),
    pytest.param("经广西壮族自治区人民政府批准，都安等8个县脱贫摘帽。", "2020-11-21", "451228", id="都安-stem-摘帽"),
]


@pytest.mark.parametrize(("text", "published", "adcode"), SHORT_FORMS)
def test_short_form_links_to_the_autonomous_county(text: str, published: str, adcode: str) -> None:
    assert adcode in _records(_extract(text, published))


BARE_STEM_LISTS = [
    pytest.param("广西壮族自治区人民政府20日批复同意融水、三江、那坡、乐业、隆林、罗城、大化、都安等8个县退出贫困县序列。",
                 id="reply"),
    pytest.param("经广西壮族自治区人民政府批准，融水、三江、那坡、乐业、隆林、罗城、大化、都安等8个县退出贫困县序列。",
                 id="approved"),
    pytest.param("广西壮族自治区人民政府同意融水、三江、那坡、乐业、隆林、罗城、大化、都安等8个县脱贫摘帽，至此广西贫困县全部摘帽。",
                 id="摘帽"),
]


@pytest.mark.parametrize("text", BARE_STEM_LISTS)
def test_bare_stems_in_a_guangxi_list_link_to_all_eight(text: str) -> None:
    records = _records(_extract(text, "2020-11-21"))
    assert sorted(records) == sorted(GUANGXI_EIGHT)
    assert {r.status for r in records.values()} == {"exited"}
    assert {r.county.province for r in records.values()} == {"广西壮族自治区"}


PARENT_CHAINS = [
    pytest.param("甘肃省人民政府21日批准甘肃省定西市岷县退出贫困县序列。", "2020-11-22", "621126", id="岷县"),
    pytest.param("21日，甘肃省定西市岷县、通渭县等8个县经甘肃省人民政府批准退出贫困县序列。", "2020-11-22", "621126",
                 id="岷县-list-head"),
    pytest.param("甘肃省人民政府21日批准甘肃省临夏回族自治州东乡族自治县退出贫困县序列。", "2020-11-22", "622926",
                 id="东乡族自治县"),
    # Two county-level units are called 城关区 (in Lanzhou and in Lhasa): the chain decides.
    pytest.param("国务院扶贫办1日宣布，西藏自治区拉萨市城关区等26个县退出贫困县序列。", "2017-11-02", "540102",
                 id="拉萨市城关区"),
    # 河南蒙古族自治县 is in Qinghai, not in 河南省.
    pytest.param("国务院扶贫办1日宣布，青海省黄南藏族自治州河南蒙古族自治县等26个县退出贫困县序列。", "2017-11-02",
                 "632324", id="河南蒙古族自治县"),
]


@pytest.mark.parametrize(("text", "published", "adcode"), PARENT_CHAINS)
def test_explicit_parent_chain_decides_the_county(text: str, published: str, adcode: str) -> None:
    assert adcode in _records(_extract(text, published))


# (text, published, adcode, official name on that date, the other code of the unit)
RENAMED = [
    # 上饶县 became 广信区 (361104) in June 2019: an article of 2018 means 361121 …
    pytest.param("国务院扶贫办17日宣布，江西省上饶县等40个县经专项评估检查，正式退出贫困县序列。", "2018-08-18",
                 "361121", "上饶县", "361104", id="上饶县-2018-list"),
    pytest.param("国务院扶贫办17日宣布，江西省上饶县退出贫困县。", "2018-08-18", "361121", "上饶县", "361104",
                 id="上饶县-2018-single"),
    # … and a look back from 2020 that keeps the old name means the unit as it is then.
    pytest.param("2018年8月，上饶县等40个县经国务院扶贫办宣布退出贫困县序列。", "2020-11-22", "361104", "广信区",
                 "361121", id="上饶县-named-in-2020"),
    # 平泉县 became 平泉市 in April 2017, before the national announcement of November 2017.
    pytest.param("国务院扶贫办1日宣布，河北省平泉县等26个县退出贫困县序列。", "2017-11-02", "130881", "平泉市",
                 "130823", id="平泉县-after-becoming-a-city"),
]


@pytest.mark.parametrize(("text", "published", "adcode", "name", "other_adcode"), RENAMED)
def test_renamed_unit_gets_the_code_valid_on_the_article_date(
        text: str, published: str, adcode: str, name: str, other_adcode: str) -> None:
    records = _records(_extract(text, published))
    assert adcode in records
    assert other_adcode not in records
    assert records[adcode].county.name == name


# --- when ------------------------------------------------------------------------------------

# (text, published, adcode, date, granularity)
DATES = [
    pytest.param("21日，甘肃省人民政府批准东乡县等8个县退出贫困县序列。", "2020-11-22", "622926",
                 "2020-11-21", "day", id="21日-day-before"),
    pytest.param("甘肃省人民政府21日批准东乡县退出贫困县序列。", "2020-11-22", "622926", "2020-11-21", "day",
                 id="21日-after-authority"),
    pytest.param("新华社兰州11月21日电 甘肃省人民政府21日批准东乡县退出贫困县序列。", "2020-11-22", "622926",
                 "2020-11-21", "day", id="dateline"),
    pytest.param("广西壮族自治区人民政府昨日批复同意都安县退出贫困县序列。", "2020-11-21", "451228", "2020-11-20", "day",
                 id="昨日"),
    pytest.param("11月20日，广西壮族自治区人民政府批复同意都安县退出贫困县序列。", "2020-11-21", "451228",
                 "2020-11-20", "day", id="month-day"),
    pytest.param("日前，甘肃省人民政府批准东乡县退出贫困县序列。", "2020-11-25", "622926", "2020-11", "month",
                 id="日前-month"),
    pytest.param("河南省政府27日正式批准兰考县退出贫困县。", "2017-03-28", "410225", "2017-03-27", "day",
                 id="兰考-2017"),
    pytest.param("四川省人民政府17日批准布拖县等7个县退出贫困县序列。", "2020-11-18", "513429", "2020-11-17", "day",
                 id="布拖"),
    pytest.param("国务院扶贫办17日宣布，江西省上饶县等40个县退出贫困县序列。", "2018-08-18", "361121",
                 "2018-08-17", "day", id="national-office"),
    pytest.param("2020年11月21日，甘肃省人民政府批准东乡县退出贫困县序列。", "2020-12-30", "622926", "2020-11-21", "day",
                 id="full-date-in-later-repost"),
    pytest.param("贵州省人民政府3日批准正安县等24个县退出贫困县序列。此前，这些县已于2月25日起进行公示。", "2020-03-04",
                 "520324", "2020-03-03", "day", id="approval-not-the-earlier-公示"),
    pytest.param("海南省保亭、琼中两个县去年脱贫摘帽。", "2020-03-04", "469029", "2019", "year", id="去年"),
    pytest.param("去年11月，岷县脱贫摘帽。", "2021-06-18", "621126", "2020-11", "month", id="去年11月"),
    pytest.param("上月底，贵州省人民政府宣布纳雍县等9个县退出贫困县序列。", "2020-12-05", "520525", "2020-11", "month",
                 id="上月底"),
    pytest.param("本月23日，贵州省人民政府宣布纳雍县等9个县退出贫困县序列。", "2020-11-24", "520525", "2020-11-23",
                 "day", id="本月23日"),
    # 2020-11-24 was a Tuesday.
    pytest.param("贵州省人民政府周一宣布纳雍县等9个县退出贫困县序列。", "2020-11-24", "520525", "2020-11-23", "day",
                 id="周一"),
    pytest.param("星期一，贵州省人民政府宣布纳雍县等9个县退出贫困县序列。", "2020-11-24", "520525", "2020-11-23", "day",
                 id="星期一"),
    pytest.param("云南省扶贫开发领导小组办公室2日发布公示，会泽县等9个县拟退出贫困县序列。", "2020-11-02", "530326",
                 "2020-11-02", "day", id="day-after-办公室-notice"),
    pytest.param("国务院扶贫开发领导小组办公室17日宣布，江西省上饶县等40个县退出贫困县序列。", "2018-08-18", "361121",
                 "2018-08-17", "day", id="day-after-办公室-announcement"),
]


@pytest.mark.parametrize(("text", "published", "adcode", "value", "granularity"), DATES)
def test_exit_date_is_resolved_against_the_publication_date(
        text: str, published: str, adcode: str, value: str, granularity: str) -> None:
    record = _records(_extract(text, published))[adcode]
    assert record.date is not None
    assert (record.date.value, record.date.granularity) == (value, granularity)


YEAR_END_BACKGROUND = [
    pytest.param("到2019年底，甘肃省75个贫困县已有67个脱贫摘帽。21日，甘肃省人民政府批准东乡县等8个县退出贫困县序列。",
                 "2020-11-22", "622926", "2020-11-21", "day", id="next-sentence-21日"),
    pytest.param("到2019年底，全省已有67个县退出，东乡县、临夏县等剩余8个县21日经甘肃省人民政府批准退出贫困县序列。",
                 "2020-11-22", "622926", "2020-11-21", "day", id="same-sentence"),
    pytest.param("截至2019年底，全省已有67个贫困县摘帽。今年11月，甘肃省人民政府批准东乡县等最后8个县退出贫困县序列。",
                 "2020-11-30", "622926", "2020-11", "month", id="今年11月"),
]


@pytest.mark.parametrize(("text", "published", "adcode", "value", "granularity"), YEAR_END_BACKGROUND)
def test_year_end_tally_is_an_as_of_date_not_the_approval_date(
        text: str, published: str, adcode: str, value: str, granularity: str) -> None:
    result = _extract(text, published)
    record = _records(result)[adcode]
    assert record.date is not None
    assert (record.date.value, record.date.granularity) == (value, granularity)
    tally = [c for c in result.claims if c.value == 67]
    assert [c.unit for c in tally] == ["county"]
    assert tally[0].as_of is not None
    assert (tally[0].as_of.value, tally[0].as_of.granularity) == ("2019-12", "month")


@pytest.mark.parametrize("text", [
    pytest.param("到2019年底，全省已有67个县退出。剩余8个县中，东乡县、临夏县等县今年已获批退出贫困县序列。",
                 id="剩余-before-list"),
    pytest.param("到2019年底，全省已有67个县退出。东乡县、临夏县等剩余8个县也已获批退出贫困县序列。", id="剩余-也已获批"),
])
def test_approval_of_the_remaining_counties_is_an_exit(text: str) -> None:
    records = _records(_extract(text, "2020-11-30"))
    assert {"622926", "622921"} <= set(records)
    assert all(r.status == "exited" for r in records.values())


YEARLESS = [
    pytest.param("21日，甘肃省人民政府批准东乡县退出贫困县序列。", id="21日"),
    pytest.param("11月20日，广西壮族自治区人民政府批复同意都安县等8个县退出贫困县序列。", id="11月20日"),
]


@pytest.mark.parametrize("text", YEARLESS)
def test_date_without_year_and_without_publication_date_is_null_with_a_warning(text: str) -> None:
    result = _extract(text, None)
    assert result.article.published is None
    assert result.records
    assert all(r.date is None for r in result.records)
    assert "W001" in {p.code for p in result.problems}


# --- status ----------------------------------------------------------------------------------

# (text, published, adcode, status)
STATUS = [
    pytest.param("云南省扶贫办2日发布公示，会泽县、镇雄县等9个县拟退出贫困县序列，公示期7天。", "2020-11-02", "530326",
                 "proposed", id="公示-list"),
    pytest.param("云南省扶贫办对会泽县拟退出贫困县进行公示。", "2020-11-03", "530326", "proposed", id="对…进行公示"),
    pytest.param("现将镇雄县拟退出贫困县序列的情况予以公示。", "2020-11-02", "530627", "proposed", id="予以公示"),
    pytest.param("根据贫困县退出程序，现将镇雄县拟退出贫困县序列的情况予以公示。", "2020-11-02", "530627", "proposed",
                 id="予以公示-after-procedure-clause"),
    pytest.param("经公示无异议，甘肃省人民政府批准东乡县退出贫困县序列。", "2020-11-22", "622926", "exited",
                 id="经公示无异议-批准"),
    pytest.param("东乡县摘帽退出情况经公示无异议，省政府21日正式批准其退出贫困县序列。", "2020-11-22", "622926", "exited",
                 id="公示-then-批准-same-sentence"),
    pytest.param("贵州省人民政府3日批准正安县等24个县退出贫困县序列。此前，这些县已于2月25日起进行公示。", "2020-03-04",
                 "520324", "exited", id="公示-told-after-the-approval"),
    pytest.param("2月25日起公示的正安县等24个县经公示无异议，贵州省人民政府3日批准其退出贫困县序列。", "2020-03-04",
                 "520324", "exited", id="公示起-then-批准"),
    pytest.param("贵州省扶贫办2月25日对正安县等24个县拟退出情况进行公示。经公示无异议，贵州省人民政府3日批准正安县等24个县"
                 "退出贫困县序列。", "2020-03-04", "520324", "exited", id="公示-sentence-then-approval-sentence"),
    pytest.param("贵州省扶贫办2月25日对正安县等24个县拟退出情况进行公示。", "2020-03-04", "520324", "proposed",
                 id="拟退出情况-公示"),
    pytest.param("贵州省扶贫办2月25日对正安县等24个县拟退出情况进行公示。经公示无异议，贵州省人民政府3日批准上述县退出"
                 "贫困县序列。", "2020-03-04", "520324", "exited", id="approval-of-上述县"),
]


@pytest.mark.parametrize(("text", "published", "adcode", "status"), STATUS)
def test_public_notice_is_proposed_and_approval_after_notice_is_exited(
        text: str, published: str, adcode: str, status: str) -> None:
    assert _records(_extract(text, published))[adcode].status == status


def test_proposal_is_dated_by_its_public_notice() -> None:
    record = _records(_extract("2日，云南省扶贫办发布公示，会泽县等9个县拟退出贫困县序列。", "2020-11-02"))["530326"]
    assert record.status == "proposed"
    assert record.date is not None
    assert (record.date.value, record.date.granularity) == ("2020-11-02", "day")


# --- who -------------------------------------------------------------------------------------

# (text, published, adcode, authority)
AUTHORITIES = [
    pytest.param("甘肃省人民政府21日批准东乡县退出贫困县序列。", "2020-11-22", "622926", "甘肃省人民政府",
                 id="full-name"),
    pytest.param("甘肃省政府21日批准东乡县退出贫困县序列。", "2020-11-22", "622926", "甘肃省人民政府", id="甘肃省政府"),
    pytest.param("省政府21日批准东乡县退出贫困县序列。", "2020-11-22", "622926", "甘肃省人民政府", id="省政府"),
    pytest.param("经省政府批准，东乡县等8个县退出贫困县序列。", "2020-11-22", "622926", "甘肃省人民政府",
                 id="经省政府批准-before"),
    pytest.param("11月20日，自治区人民政府批准都安县退出贫困县序列。", "2020-11-21", "451228", "广西壮族自治区人民政府",
                 id="自治区人民政府"),
    pytest.param("经自治区政府批准，都安县退出贫困县序列。", "2020-11-21", "451228", "广西壮族自治区人民政府",
                 id="自治区政府"),
    pytest.param("河南省政府27日正式批准兰考县退出贫困县。", "2017-03-28", "410225", "河南省人民政府", id="河南省政府"),
    pytest.param("国务院扶贫办17日宣布，江西省上饶县等40个县退出贫困县序列。", "2018-08-18", "361121",
                 "国务院扶贫开发领导小组办公室", id="国务院扶贫办"),
    pytest.param("国务院扶贫办17日宣布，湖南省茶陵县、炎陵县等40个县退出贫困县序列。", "2018-08-18", "430224",
                 "国务院扶贫开发领导小组办公室", id="国务院扶贫办-湖南"),
    pytest.param("东乡县经省政府批准退出贫困县序列。", "2020-11-22", "622926", "甘肃省人民政府",
                 id="经省政府批准-after"),
    pytest.param("甘肃省东乡县、临夏县等8个县经省政府批准退出贫困县序列。", "2020-11-22", "622921", "甘肃省人民政府",
                 id="经省政府批准-after-list"),
    pytest.param("东乡县于21日经省政府批准退出贫困县序列。", "2020-11-22", "622926", "甘肃省人民政府",
                 id="于21日经省政府批准"),
    pytest.param("東鄉縣經省政府批准退出貧困縣序列。", "2020-11-22", "622926", "甘肃省人民政府",
                 id="經省政府批准-traditional"),
]


@pytest.mark.parametrize(("text", "published", "adcode", "authority"), AUTHORITIES)
def test_authority_is_normalised_to_the_full_name(text: str, published: str, adcode: str, authority: str) -> None:
    assert _records(_extract(text, published))[adcode].authority == authority


# --- counts ----------------------------------------------------------------------------------

# (text, published, value, unit)
COUNTS = [
    pytest.param("甘肃七十五个贫困县全部脱贫摘帽。", "2020-11-22", 75, "county", id="七十五个贫困县"),
    pytest.param("甘肃省共有贫困县75个，目前已全部摘帽。", "2020-11-22", 75, "county", id="贫困县75个"),
    pytest.param("贵州省十八个县退出贫困县序列。", "2019-04-30", 18, "county", id="十八个县"),
    pytest.param("甘肅八個貧困縣全部摘帽。", "2020-11-22", 8, "county", id="八個貧困縣-traditional"),
    pytest.param("海南省保亭、琼中两个县去年脱贫摘帽。", "2020-03-04", 2, "county", id="两个县"),
    pytest.param("甘肃共有75个贫困县，其中58个为国家扶贫开发工作重点县，17个为省定插花型贫困县。", "2020-11-22", 58,
                 "county", id="其中58个"),
    pytest.param("全区106个有扶贫开发任务的县（市、区）全部摘帽。", "2020-11-22", 106, "county_unit",
                 id="县（市、区）"),
    pytest.param("全区5379个贫困村全部出列。", "2020-11-21", 5379, "village", id="贫困村"),
    pytest.param("广西5379个贫困村已全部出列，融水县等8个县经自治区人民政府批准退出贫困县序列。", "2020-11-21", 5379,
                 "village", id="贫困村-next-to-county-exit"),
]


@pytest.mark.parametrize(("text", "published", "value", "unit"), COUNTS)
def test_count_claim_says_what_it_counts(text: str, published: str, value: int, unit: str) -> None:
    claims = [c for c in _extract(text, published).claims if c.value == value]
    assert [c.unit for c in claims] == [unit]


VILLAGES = [
    pytest.param("全区5379个贫困村全部出列。", id="出列"),
    pytest.param("截至今年10月，广西累计5379个贫困村脱贫出列，剩余贫困县将于年内摘帽。", id="累计-with-county-plan"),
]


@pytest.mark.parametrize("text", VILLAGES)
def test_villages_never_count_as_counties(text: str) -> None:
    result = _extract(text, "2020-11-21")
    assert 5379 not in _county_claims(result)
    assert 5379 not in [c.value for c in result.claims if c.unit == "county_unit"]
    assert all(a.count != 5379 for a in result.aggregates)


# Document numbers, ordinals, years and percentages are not counts of counties.
NOT_COUNTS = [
    pytest.param("湖南省人民政府印发湘政函〔2018〕45号文件，部署贫困县退出工作。", "2018-08-20", id="document-number"),
    pytest.param("这是党的十八大以来全省第十八次召开贫困县退出专题会议。", "2020-11-22", id="ordinals"),
    pytest.param("2020年，甘肃全面完成贫困县摘帽任务。", "2020-11-22", id="year"),
    pytest.param("全省贫困县贫困发生率下降了50%。", "2020-11-22", id="percentage"),
    pytest.param("第3批贫困县退出名单将于近期公布。", "2020-11-22", id="batch-ordinal"),
]


@pytest.mark.parametrize(("text", "published"), NOT_COUNTS)
def test_numbers_that_are_not_counts_make_no_county_count(text: str, published: str) -> None:
    result = _extract(text, published)
    assert _county_claims(result) == []
    assert result.aggregates == []


# --- articles that report no exit -------------------------------------------------------------

NEGATIVES = [
    pytest.param("国务院扶贫开发领导小组决定对全国52个未摘帽贫困县实施挂牌督战。其中甘肃省有东乡县、临夏县、岷县、"
                 "通渭县等8个县，广西有融水、三江、那坡、乐业等8个县。", "2020-03-10", id="挂牌督战-list"),
    pytest.param("东乡县、临夏县被列入挂牌督战县名单，省里将集中力量攻克最后的贫困堡垒。", "2020-03-12",
                 id="挂牌督战-named"),
    pytest.param("截至目前，甘肃省还有东乡县、临夏县、岷县等8个县尚未摘帽，脱贫任务依然艰巨。", "2020-05-20",
                 id="尚未摘帽"),
    pytest.param("凉山州布拖、金阳、昭觉、美姑等7个县至今仍未摘帽。", "2020-07-08", id="仍未摘帽-stems"),
    pytest.param("2020年，广西计划实现融水、三江、那坡、乐业、隆林、罗城、大化、都安8个县脱贫摘帽。", "2020-02-14",
                 id="计划-摘帽"),
    pytest.param("贵州省提出，今年确保威宁、纳雍、赫章等9个县如期摘帽。", "2020-03-01", id="确保-摘帽"),
    pytest.param("四川省财政厅下达专项资金，支持布拖县、昭觉县、美姑县等7个未摘帽县开展脱贫攻坚。", "2020-06-16",
                 id="funding"),
    pytest.param("国庆假期，三江侗族自治县程阳八寨景区游人如织，侗族大歌吸引了大批游客。", "2019-10-05",
                 id="tourism"),
    pytest.param("昭觉县今年有一批贫困村退出，但全县尚未摘帽。", "2020-05-14", id="贫困村退出-county-not"),
    pytest.param("近日，威宁县多个贫困村通过验收退出。", "2020-07-22", id="贫困村-通过验收退出"),
    pytest.param("近日，威宁县多个贫困村通过验收，正式退出贫困村序列。", "2020-07-22", id="退出贫困村序列"),
    pytest.param("今年初，泸水市、福贡县、兰坪县3个县（市）被列入挂牌督战名单。目前，3个县（市）仍未摘帽。"
                 "州扶贫办负责人表示，将对照贫困县退出标准查漏补缺，确保3个县（市）今年如期脱贫摘帽。", "2020-06-18",
                 id="退出标准-not-an-exit"),
]


@pytest.mark.parametrize(("text", "published"), NEGATIVES)
def test_article_without_an_exit_gets_no_record(text: str, published: str) -> None:
    assert _extract(text, published).records == []


# --- traditional characters -----------------------------------------------------------------

TRADITIONAL = [
    pytest.param("甘肅省人民政府批准東鄉縣等8個縣退出貧困縣序列。", "2020-11-22", "622926", "東鄉縣", id="東鄉縣"),
    pytest.param("【中央社】\n\u3000\u3000甘肅省人民政府21日批准東鄉縣、臨夏縣等８個縣退出貧困縣序列，至此甘肅七十五個貧困縣"
                 "全部摘帽。", "2020-11-22", "622926", "東鄉縣", id="東鄉縣-after-full-width-indent"),
    pytest.param("【中央社】\n\u3000\u3000甘肅省人民政府21日批准東鄉縣、臨夏縣等８個縣退出貧困縣序列。", "2020-11-22",
                 "622921", "臨夏縣", id="臨夏縣"),
    pytest.param("廣西壯族自治區人民政府20日批覆同意融水、三江、那坡、樂業、隆林、羅城、大化、都安等8個縣退出貧困縣序列。",
                 "2020-11-21", "451028", "樂業", id="樂業-stem"),
]


@pytest.mark.parametrize(("text", "published", "adcode", "surface"), TRADITIONAL)
def test_traditional_repost_links_and_keeps_evidence_in_the_original(
        text: str, published: str, adcode: str, surface: str) -> None:
    record = _records(_extract(text, published))[adcode]
    assert record.evidence.text == surface
    assert record.surface == surface
    assert text[record.evidence.start:record.evidence.end] == record.evidence.text
    assert record.evidence.text in record.evidence.sentence


def test_first_record_of_a_traditional_notice_points_into_the_original() -> None:
    text = "甘肅省人民政府批准東鄉縣等8個縣退出貧困縣序列。"
    first = _extract(text, "2020-11-22").records[0]
    assert first.county.adcode == "622926"
    assert first.evidence.text == "東鄉縣"
    assert text[first.evidence.start:first.evidence.end] == first.evidence.text


def test_every_evidence_span_of_a_wire_report_matches_the_text() -> None:
    text = ("新华社兰州11月21日电 甘肃省人民政府21日批准东乡族自治县、临夏县、通渭县、岷县、宕昌县、西和县、礼县、"
            "镇原县等8个县退出贫困县序列。至此，甘肃75个贫困县全部脱贫摘帽，其中58个为国家扶贫开发工作重点县，"
            "17个为省定插花型贫困县。全省贫困村已全部出列。")
    result = _extract(text, "2020-11-21")
    assert len(result.records) == 8
    spans = [r.evidence for r in result.records] + [c.evidence for c in result.claims] \
        + [a.evidence for a in result.aggregates]
    for ev in spans:
        assert text[ev.start:ev.end] == ev.text


def test_a_planned_exit_is_not_an_aggregate() -> None:
    result = pipeline.extract("2019年，全省有17个贫困县脱贫摘帽，剩余的7个县将于今年全部摘帽。", lang="zh",
                              published="2020-03-01")
    assert [(a.count, a.status) for a in result.aggregates] == [(17, "exited")]


def test_a_dateline_city_is_the_city_not_the_county_of_its_name() -> None:
    result = pipeline.extract("新华社乌鲁木齐11月14日电 自治区人民政府14日宣布，莎车县退出贫困县序列。", lang="zh",
                              published="2020-11-15")
    assert [r.county.name for r in result.records] == ["莎车县"]
    assert not [p for p in result.problems if p.code == "W002"]


def test_recently_is_not_nearly() -> None:
    result = pipeline.extract("湖南省人民政府近日批复同意新化县、邵阳县等20个县（市）退出贫困县序列。近80个贫困村受益。",
                              lang="zh", published="2020-03-03")
    quals = {c.value: c.qualifiers for c in result.claims}
    assert "approx" not in quals[20] and "approx" in quals[80]


# -- lists and notices as provinces and local papers print them --------------------------------


def test_a_notice_lists_its_counties_on_lines_under_a_heading() -> None:
    text = ("四川省人民政府关于批准平武县等30个县（市、区）退出贫困县的通知\n\n"
            "一、批准退出的国家扶贫开发工作重点县和片区县（17个）\n\n"
            "绵阳市：平武县\n广元市：昭化区、朝天区、青川县\n南充市：阆中市\n\n"
            "二、批准退出的省定贫困县13个，名单见附件。")
    result = _extract(text, "2019-04-30")
    assert {r.county.name for r in result.records} == {"平武县", "昭化区", "朝天区", "青川县", "阆中市"}


@pytest.mark.parametrize("follow", ["湘西州泸溪、凤凰、花垣7县全部在列。", "在这批县中，湘西州泸溪、凤凰、花垣也在其中。",
                                    "我州泸溪、凤凰、花垣榜上有名。"])
def test_a_sentence_saying_its_counties_are_among_the_exit(follow: str) -> None:
    text = f"3月2日，湖南省人民政府批复同意20个县（市）退出贫困县序列。{follow}"
    result = _extract(text, "2020-03-03")
    assert {r.county.name for r in result.records} == {"泸溪县", "凤凰县", "花垣县"}
    assert {r.date.value for r in result.records} == {"2020-03-02"}


def test_respective_dates_go_to_groups_of_names() -> None:
    text = ("新疆、宁夏、四川分别于11月14日、16日、17日批准莎车县、叶城县等10个县，西吉县，"
            "以及昭觉县、布拖县等7个县退出贫困县序列。")
    dates = {r.county.name: r.date.value for r in _extract(text, "2020-11-24").records}
    assert dates == {"莎车县": "2020-11-14", "叶城县": "2020-11-14", "西吉县": "2020-11-16",
                     "昭觉县": "2020-11-17", "布拖县": "2020-11-17"}


def test_background_exits_do_not_take_this_rounds_authority() -> None:
    text = ("本报讯 陕西省人民政府7日发布公告，周至县等23个县批准退出贫困县序列。"
            "去年，延长县、佛坪县2个县已率先脱贫摘帽。")
    records = {r.county.name: r.authority for r in _extract(text, "2019-05-08").records}
    assert records == {"周至县": "陕西省人民政府", "延长县": None, "佛坪县": None}


def test_the_source_of_the_news_is_not_the_approver() -> None:
    text = ("湖南省人民政府2日批复同意邵阳县等20个县市退出贫困县。"
            "湖南省扶贫办介绍，此次退出的20个县市中，湘西州的泸溪县、凤凰县全部在列。")
    records = {r.county.name: r.authority for r in _extract(text, "2020-03-03").records}
    assert records["泸溪县"] == "湖南省人民政府"


@pytest.mark.parametrize("short, adcode", [("科右前旗", "152221"), ("察右中旗", "150927")])
def test_banner_short_forms(short: str, adcode: str) -> None:
    result = _extract(f"内蒙古自治区人民政府4日宣布，{short}退出贫困旗县序列。", "2020-03-04")
    assert [r.county.adcode for r in result.records] == [adcode]


def test_a_batch_named_by_its_proposal_has_exited() -> None:
    text = ("国务院扶贫办17日宣布，2017年度提出退出的其余85个贫困县已通过检查，由各省人民政府批准退出。"
            "至此，2017年度提出退出的125个贫困县全部脱贫摘帽。这85个县分布在9个省（区）。"
            "其中，河北省11个：平山县、魏县、平乡县。")
    assert {r.status for r in _extract(text, "2018-10-18").records} == {"exited"}


def test_a_social_media_list_one_name_per_line() -> None:
    text = ("8月17日，国务院扶贫办宣布，首批40个县已通过国家专项评估检查，正式脱贫摘帽。咱江西有6个县（市）上榜👇\n"
            "✅瑞金市\n✅万安县\n✅永新县\n\n👏👏👏")
    assert {r.county.name for r in _extract(text, "2018-08-18").records} == {"瑞金市", "万安县", "永新县"}


def test_a_hard_wrapped_line_goes_on_in_the_next() -> None:
    text = ("4月30日，云南省人民政府批准全省33个贫困县（市、区）退出贫困县序列。我市临翔区、凤庆县、镇康县、沧源佤族自治县、\n"
            "双江拉祜族佤族布朗族傣族自治县等5个县（区）名列其中。")
    assert {r.county.name for r in _extract(text, "2019-05-01").records} == {
        "临翔区", "凤庆县", "镇康县", "沧源佤族自治县", "双江拉祜族佤族布朗族傣族自治县"}


def test_stems_listed_with_a_prefecture_are_prefectures() -> None:
    text = "全省已有29个贫困县摘帽，还有37个，主要集中在凉山州和甘孜、阿坝等深度贫困地区。"
    assert _extract(text, "2019-05-06").records == []


def test_other_hats_are_not_the_poverty_hat() -> None:
    text = ("经过治理，鄱阳县城这段河道近日通过省级验收，正式摘掉了“黑臭水体”的帽子。"
            "县城附近的一所乡村中学，今年终于摘掉了“落后帽子”。")
    assert _extract(text, "2019-08-20").records == []


def test_a_transcript_answer_lists_counties_by_prefecture() -> None:
    text = ("发布人：经省人民政府批准，东川区等33个县（市、区）退出贫困县序列。分州市看，楚雄州有双柏、南华2个县，"
            "迪庆州的香格里拉、德钦2个县（市）也在其中，完整名单将在网站公布。")
    assert {r.county.name for r in _extract(text, "2019-04-30").records} >= {"双柏县", "南华县", "香格里拉市", "德钦县"}


def test_a_hat_in_an_article_that_never_speaks_of_poverty() -> None:
    text = "鄱阳县：一条河和一所学校的“摘帽”故事\n\n本报讯 鄱阳县城的河道通过省级验收，水质明显改善。"
    assert _extract(text, "2019-08-20").records == []


def test_a_county_report_names_itself_as_wo_xian() -> None:
    text = ("政府工作报告\n\n——2020年1月10日在秭归县人民代表大会上\n\n秭归县人民政府县长\n\n各位代表：\n\n"
            "脱贫攻坚取得历史性成就。去年，我县经省政府批准正式退出贫困县序列，全年减少贫困人口2300人。")
    records = _extract(text, "2020-01-10").records
    assert [(r.county.name, r.date.value, r.authority) for r in records] == [("秭归县", "2019", "湖北省人民政府")]
