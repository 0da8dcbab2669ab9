"""Tests for pipeline.text.dates: finding date mentions and resolving them."""

from __future__ import annotations

from datetime import date, datetime

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from pipeline.text.dates import (
    AFTER_PUB,
    NO_PUB_MONTH,
    NO_PUB_RELATIVE,
    NO_PUB_YEAR,
    DateMention,
    find_dates_en,
    find_dates_zh,
    published_from_text,
)

PUB = date(2020, 11, 21)  # a Saturday


def _one(mentions: list[DateMention]) -> DateMention:
    assert len(mentions) == 1, mentions
    return mentions[0]


# --- Chinese ---------------------------------------------------------------------------

# (text, publication date, mention text, value, granularity, relative)
ZH_CASES = [
    ("21日", date(2020, 11, 22), "21日", "2020-11-21", "day", True),
    ("25日", date(2020, 11, 5), "25日", "2020-10-25", "day", True),
    ("21号", date(2020, 11, 22), "21号", "2020-11-21", "day", True),
    ("国务院扶贫开发领导小组办公室17日宣布", date(2018, 8, 18), "17日", "2018-08-17", "day", True),
    ("记者从省扶贫办了解到,21日", date(2020, 11, 22), "21日", "2020-11-21", "day", True),
    ("二十一日", date(2020, 11, 22), "二十一日", "2020-11-21", "day", True),
    ("廿一日", date(2020, 11, 22), "廿一日", "2020-11-21", "day", True),
    ("到2019年底", PUB, "2019年底", "2019-12", "month", False),
    ("2019年年底", PUB, "2019年年底", "2019-12", "month", False),
    ("2019年末", PUB, "2019年末", "2019-12", "month", False),
    ("2020年初", PUB, "2020年初", "2020-01", "month", False),
    ("2020年上半年", PUB, "2020年上半年", "2020", "year", False),
    ("去年底", date(2020, 3, 5), "去年底", "2019-12", "month", True),
    ("去年年底", date(2020, 3, 5), "去年年底", "2019-12", "month", True),
    ("去年初", date(2020, 3, 5), "去年初", "2019-01", "month", True),
    ("11月20日", date(2021, 2, 3), "11月20日", "2020-11-20", "day", True),
    ("11月20日", PUB, "11月20日", "2020-11-20", "day", True),
    ("2月29日", date(2021, 3, 1), "2月29日", "2020-02-29", "day", True),
    ("十一月二十日", PUB, "十一月二十日", "2020-11-20", "day", True),
    ("2020年11月21日", PUB, "2020年11月21日", "2020-11-21", "day", False),
    ("2020年 11月 21日", PUB, "2020年 11月 21日", "2020-11-21", "day", False),
    ("二〇二〇年十一月二十一日", PUB, "二〇二〇年十一月二十一日", "2020-11-21", "day", False),
    ("二○二○年十一月二十一日", PUB, "二○二○年十一月二十一日", "2020-11-21", "day", False),
    ("2020年11月", PUB, "2020年11月", "2020-11", "month", False),
    ("2020年11月份", PUB, "2020年11月份", "2020-11", "month", False),
    ("2020年11月下旬", PUB, "2020年11月下旬", "2020-11", "month", False),
    ("2020年", PUB, "2020年", "2020", "year", False),
    ("2020年度", PUB, "2020年度", "2020", "year", False),
    ("2019年度退出", PUB, "2019年度", "2019", "year", False),
    ("11月", PUB, "11月", "2020-11", "month", True),
    ("12月", PUB, "12月", "2019-12", "month", True),
    ("11月下旬", PUB, "11月下旬", "2020-11", "month", True),
    ("11月底", PUB, "11月底", "2020-11", "month", True),
    ("2019.11.21", PUB, "2019.11.21", "2019-11-21", "day", False),
    ("2019-11-21", PUB, "2019-11-21", "2019-11-21", "day", False),
    ("2019/11/21", PUB, "2019/11/21", "2019-11-21", "day", False),
    ("今天", PUB, "今天", "2020-11-21", "day", True),
    ("今日", PUB, "今日", "2020-11-21", "day", True),
    ("当天", PUB, "当天", "2020-11-21", "day", True),
    ("昨天", PUB, "昨天", "2020-11-20", "day", True),
    ("昨日", date(2020, 3, 1), "昨日", "2020-02-29", "day", True),
    ("前天", PUB, "前天", "2020-11-19", "day", True),
    ("日前", PUB, "日前", "2020-11", "month", True),
    ("近日", PUB, "近日", "2020-11", "month", True),
    ("近期", PUB, "近期", "2020-11", "month", True),
    ("今年", PUB, "今年", "2020", "year", True),
    ("本年度", PUB, "本年度", "2020", "year", True),
    ("去年", PUB, "去年", "2019", "year", True),
    ("上年", PUB, "上年", "2019", "year", True),
    ("前年", PUB, "前年", "2018", "year", True),
    ("今年初", PUB, "今年初", "2020-01", "month", True),
    ("年初", PUB, "年初", "2020-01", "month", True),
    ("上半年", PUB, "上半年", "2020", "year", True),
    ("下半年", PUB, "下半年", "2020", "year", True),
    ("月底", PUB, "月底", "2020-11", "month", True),
    ("上月", PUB, "上月", "2020-10", "month", True),
    ("上个月", date(2020, 1, 10), "上个月", "2019-12", "month", True),
    ("今年底", date(2020, 12, 20), "今年底", "2020-12", "month", True),
    ("2016—2020年", PUB, "2016", "2016", "year", False),
]


@pytest.mark.parametrize(("text", "pub", "span", "value", "granularity", "relative"), ZH_CASES)
def test_zh(text: str, pub: date, span: str, value: str, granularity: str, relative: bool) -> None:
    m = find_dates_zh(text, pub)[0]
    assert (m.text, m.value, m.granularity, m.relative) == (span, value, granularity, relative)
    assert text[m.start : m.end] == m.text
    assert m.note
    assert m.problem is None


@pytest.mark.parametrize(
    "text",
    [
        "甘政函〔2020〕95号",
        "〔2020〕25号",
        "甘政发[2020]5号",
        "8个县",
        "75个",
        "全省75个贫困县",
        "第十八次",
        "5.2%",
        "2020号",
        "人民路21号",
        "3栋21号",
        "301室5号",
        "5日元",
        "中央1号文件",
        "连续5日",
        "3日内完成",
        "一日三餐",
        "3个月",
        "三江县",
        "10年来",
    ],
)
def test_zh_not_dates(text: str) -> None:
    assert find_dates_zh(text, PUB) == []


def test_zh_notes() -> None:
    m = _one(find_dates_zh("21日", date(2020, 11, 22)))
    assert m.note == "21日: day of the month of the publication date 2020-11-22"
    m = _one(find_dates_zh("25日", date(2020, 11, 5)))
    assert m.note == "25日: day of the month before the publication date 2020-11-05"
    assert "assessment year" in _one(find_dates_zh("2020年度", PUB)).note
    assert "end of 2019" in _one(find_dates_zh("到2019年底", PUB)).note
    assert "shortly before publication" in _one(find_dates_zh("日前", PUB)).note


@pytest.mark.parametrize(
    ("text", "problem", "granularity"),
    [
        ("21日", NO_PUB_MONTH, "day"),
        ("11月20日", NO_PUB_YEAR, "day"),
        ("11月", NO_PUB_YEAR, "month"),
        ("今天", NO_PUB_RELATIVE, "day"),
        ("去年底", NO_PUB_RELATIVE, "month"),
        ("日前", NO_PUB_RELATIVE, "month"),
    ],
)
def test_zh_without_publication_date(text: str, problem: str, granularity: str) -> None:
    m = _one(find_dates_zh(text, None))
    assert m.value is None
    assert m.problem == problem
    assert m.granularity == granularity
    assert m.relative


def test_zh_full_dates_need_no_publication_date() -> None:
    m = _one(find_dates_zh("2020年11月21日", None))
    assert (m.value, m.problem, m.relative) == ("2020-11-21", None, False)


@pytest.mark.parametrize(
    ("text", "pub", "value", "problem"),
    [
        # A stated date after the publication date keeps its value; the checks flag it.
        ("2020年12月1日", PUB, "2020-12-01", AFTER_PUB),
        ("2021年", PUB, "2021", AFTER_PUB),
        ("2020年底", PUB, "2020-12", AFTER_PUB),
        # A relative one never resolves after it: a target, not an event.
        ("今年底", PUB, None, AFTER_PUB + " (a plan or target)"),
        ("年底前", PUB, None, AFTER_PUB + " (a plan or target)"),
        ("2020年2月30日", PUB, None, "no such date 2020-2-30"),
        ("31日", date(2020, 12, 5), None,
         "after the publication date 2020-12-05 in its month, and the month before has no day 31"),
    ],
)
def test_zh_problems(text: str, pub: date, value: str | None, problem: str) -> None:
    m = find_dates_zh(text, pub)[0]
    assert (m.value, m.problem) == (value, problem)


def test_zh_sentence() -> None:
    text = "新华社兰州11月21日电 甘肃省人民政府21日发布通知，批准东乡县等8个县退出贫困县序列（甘政函〔2020〕95号）。"
    got = [(m.text, m.value) for m in find_dates_zh(text, date(2020, 11, 21))]
    assert got == [("11月21日", "2020-11-21"), ("21日", "2020-11-21")]


@pytest.mark.parametrize(
    ("text", "pub", "expected"),
    [
        ("公示时间：2020年11月21日至27日", date(2020, 11, 22),
         [("2020年11月21日", "2020-11-21", None), ("27日", "2020-11-27", AFTER_PUB)]),
        ("2020年11月28日—12月3日", date(2020, 12, 10),
         [("2020年11月28日", "2020-11-28", None), ("12月3日", "2020-12-03", None)]),
        ("2019年12月28日至1月3日", PUB,
         [("2019年12月28日", "2019-12-28", None), ("1月3日", "2020-01-03", None)]),
        ("11月28日至3日", PUB,
         [("11月28日", "2019-11-28", None), ("3日", "2019-12-03", None)]),
    ],
)
def test_zh_ranges_continue_the_first_date(text: str, pub: date, expected: list[tuple[str, str, str | None]]) -> None:
    assert [(m.text, m.value, m.problem) for m in find_dates_zh(text, pub)] == expected


def test_zh_accepts_datetime_publication() -> None:
    m = _one(find_dates_zh("21日", datetime(2020, 11, 22, 10, 23)))
    assert m.value == "2020-11-21"


# --- English ---------------------------------------------------------------------------

EN_CASES = [
    ("November 21, 2020", PUB, "November 21, 2020", "2020-11-21", "day", False),
    ("Nov. 21, 2020", PUB, "Nov. 21, 2020", "2020-11-21", "day", False),
    ("Nov 21 2020", PUB, "Nov 21 2020", "2020-11-21", "day", False),
    ("21 November 2020", PUB, "21 November 2020", "2020-11-21", "day", False),
    ("Sept. 30, 2019", PUB, "Sept. 30, 2019", "2019-09-30", "day", False),
    ("Nov 21", PUB, "Nov 21", "2020-11-21", "day", True),
    ("November 21", PUB, "November 21", "2020-11-21", "day", True),
    ("November 25", PUB, "November 25", "2019-11-25", "day", True),
    ("LANZHOU, NOV. 21 (Xinhua)", PUB, "NOV. 21", "2020-11-21", "day", True),
    ("21 November", PUB, "21 November", "2020-11-21", "day", True),
    ("the 21st of November", PUB, "21st of November", "2020-11-21", "day", True),
    ("on the 21st", PUB, "21st", "2020-11-21", "day", True),
    ("on the 21st", date(2020, 11, 22), "21st", "2020-11-21", "day", True),
    ("on the 25th", date(2020, 11, 5), "25th", "2020-10-25", "day", True),
    ("on Saturday", date(2020, 11, 23), "Saturday", "2020-11-21", "day", True),
    ("Saturday", PUB, "Saturday", "2020-11-21", "day", True),
    ("last Saturday", PUB, "last Saturday", "2020-11-14", "day", True),
    ("today", PUB, "today", "2020-11-21", "day", True),
    ("Yesterday", PUB, "Yesterday", "2020-11-20", "day", True),
    ("last year", PUB, "last year", "2019", "year", True),
    ("this year", PUB, "this year", "2020", "year", True),
    ("earlier this year", PUB, "earlier this year", "2020", "year", True),
    ("earlier this month", PUB, "earlier this month", "2020-11", "month", True),
    ("last month", date(2020, 1, 9), "last month", "2019-12", "month", True),
    ("by the end of 2019", PUB, "end of 2019", "2019-12", "month", False),
    ("the end of 2019", PUB, "end of 2019", "2019-12", "month", False),
    ("end-2019", PUB, "end-2019", "2019-12", "month", False),
    ("end of last year", PUB, "end of last year", "2019-12", "month", True),
    ("the beginning of 2020", PUB, "beginning of 2020", "2020-01", "month", False),
    ("the first half of 2020", PUB, "first half of 2020", "2020", "year", False),
    ("in 2019", PUB, "2019", "2019", "year", False),
    ("in 1994", PUB, "1994", "1994", "year", False),
    ("the 2019 assessment", PUB, "2019", "2019", "year", False),
    ("early 2020", PUB, "early 2020", "2020", "year", False),
    ("mid-November", PUB, "mid-November", "2020-11", "month", True),
    ("late November 2019", PUB, "late November 2019", "2019-11", "month", False),
    ("in February", PUB, "February", "2020-02", "month", True),
    ("in December", PUB, "December", "2019-12", "month", True),
    ("In May", PUB, "May", "2020-05", "month", True),
    ("last November", PUB, "last November", "2019-11", "month", True),
    ("November 2020", PUB, "November 2020", "2020-11", "month", False),
    ("2020-11-21", PUB, "2020-11-21", "2020-11-21", "day", False),
]


@pytest.mark.parametrize(("text", "pub", "span", "value", "granularity", "relative"), EN_CASES)
def test_en(text: str, pub: date, span: str, value: str, granularity: str, relative: bool) -> None:
    m = find_dates_en(text, pub)[0]
    assert (m.text, m.value, m.granularity, m.relative) == (span, value, granularity, relative)
    assert text[m.start : m.end] == m.text
    assert m.problem is None


@pytest.mark.parametrize(
    "text",
    [
        "67 counties",
        "in 2019 counties",
        "2019 counties",
        "2,019 people",
        "in 2,019 cases",
        "$2019",
        "1998",
        "20.5 percent",
        "5,379 villages",
        "the 21st century",
        "the 21st county",
        "the 13th Five-Year Plan",
        "the 19th CPC National Congress",
        "Document No. 2019",
        "May I add",
        "they march on",
        "it may rain",
        "2019.5",
    ],
)
def test_en_not_dates(text: str) -> None:
    assert find_dates_en(text, PUB) == []


@pytest.mark.parametrize(
    ("text", "problem"),
    [
        ("Nov 21", NO_PUB_YEAR),
        ("in February", NO_PUB_YEAR),
        ("on the 21st", NO_PUB_MONTH),
        ("on Saturday", NO_PUB_RELATIVE),
        ("yesterday", NO_PUB_RELATIVE),
        ("last year", NO_PUB_RELATIVE),
    ],
)
def test_en_without_publication_date(text: str, problem: str) -> None:
    m = _one(find_dates_en(text, None))
    assert (m.value, m.problem, m.relative) == (None, problem, True)


@pytest.mark.parametrize(
    ("text", "value", "problem"),
    [
        ("December 1, 2020", "2020-12-01", AFTER_PUB),
        ("by the end of the year", None, AFTER_PUB + " (a plan or target)"),
        ("by year-end", None, AFTER_PUB + " (a plan or target)"),
        ("this December", None, AFTER_PUB + " (a plan or target)"),
        ("February 30, 2020", None, "no such date 2020-2-30"),
    ],
)
def test_en_problems(text: str, value: str | None, problem: str) -> None:
    m = find_dates_en(text, PUB)[0]
    assert (m.value, m.problem) == (value, problem)


def test_en_sentence() -> None:
    text = (
        "LANZHOU, Nov. 21 (Xinhua) -- Gansu province has lifted its last eight counties out of "
        "poverty, the provincial government announced on Saturday. By the end of 2019, 67 counties "
        "had exited; in 2019 alone 31 counties were removed."
    )
    got = [(m.text, m.value) for m in find_dates_en(text, PUB)]
    assert got == [("Nov. 21", "2020-11-21"), ("Saturday", "2020-11-21"), ("end of 2019", "2019-12"), ("2019", "2019")]


# --- publication date ------------------------------------------------------------------


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("发布时间：2020年11月21日", date(2020, 11, 21)),
        ("发布时间:2020-11-21 10:23", date(2020, 11, 21)),
        ("首页 > 要闻\n2020-11-21 10:23 来源：甘肃日报\n正文", date(2020, 11, 21)),
        ("2020年11月21日 来源：甘肃省人民政府", date(2020, 11, 21)),
        ("2020年11月21日 10:23", date(2020, 11, 21)),
        ("Updated: 2020-11-21", date(2020, 11, 21)),
        ("Xinhua | Updated: 2020-11-21 10:23", date(2020, 11, 21)),
        ("Published: Nov 21, 2020", date(2020, 11, 21)),
        ("Updated 10:23, Nov 21, 2020", date(2020, 11, 21)),
        ("新华社北京2020年11月21日电", date(2020, 11, 21)),
        ("BEIJING, Nov. 21, 2020 (Xinhua)", date(2020, 11, 21)),
        # A dateline without its year is not enough.
        ("新华社兰州11月21日电 甘肃省人民政府21日发布通知", None),
        ("LANZHOU, Nov. 21 (Xinhua) -- Gansu province", None),
        # Dates in the body are events, not the page date.
        ("甘肃省人民政府于2020年11月21日批准", None),
        ("公示时间：2020年11月21日至27日", None),
        ("", None),
    ],
)
def test_published_from_text(text: str, expected: date | None) -> None:
    assert published_from_text(text) == expected


# --- properties ------------------------------------------------------------------------

_ZH_PIECES = st.sampled_from(
    ["2020", "2019", "年", "月", "日", "号", "底", "初", "度", "去年", "今年", "前天", "日前", "上半年",
     "十一", "二十一", "廿", "卅", "〇", "二", "〔", "〕", "第", "个", "县", "至", "—", "-", "/", ".",
     "1", "2", "3", "11", "21", "29", "30", "31", "12", " ", "，", "下旬", "月底"]
)
_EN_PIECES = st.sampled_from(
    ["2020", "2019", "1998", "Nov", "Nov.", "November", "May", "may", "Feb", "29", "30", "31", "21st", "3rd",
     "the", "on", "in", "of", "end", "last", "this", "year", "month", "Saturday", "today", "yesterday",
     "early", "mid-", "counties", ",", " ", "-", "/", "first half", "percent", "$", "by", "year-end"]
)
_DATES = st.one_of(st.none(), st.dates(min_value=date(1990, 1, 1), max_value=date(2030, 12, 31)))


def _first_day(value: str) -> date:
    parts = [int(p) for p in value.split("-")] + [1, 1]
    return date(parts[0], parts[1], parts[2])


def _check(text: str, mentions: list[DateMention], pub: date | None) -> None:
    last_end = 0
    for m in mentions:
        assert text[m.start : m.end] == m.text
        assert m.start >= last_end  # in order, not overlapping
        last_end = m.end
        assert m.granularity in ("day", "month", "year")
        if m.value is None:
            assert m.problem
        else:
            assert len(m.value) == {"day": 10, "month": 7, "year": 4}[m.granularity]
            _first_day(m.value)  # a real date
            if m.relative:
                assert pub is not None
                assert _first_day(m.value) <= pub, m


@settings(max_examples=300, deadline=None)
@given(st.one_of(st.lists(_ZH_PIECES, max_size=12).map("".join), st.text(max_size=30)), _DATES)
def test_zh_never_raises_and_relative_dates_not_after_publication(text: str, pub: date | None) -> None:
    _check(text, find_dates_zh(text, pub), pub)
    published_from_text(text)


@settings(max_examples=300, deadline=None)
@given(st.one_of(st.lists(_EN_PIECES, max_size=12).map(" ".join), st.text(max_size=30)), _DATES)
def test_en_never_raises_and_relative_dates_not_after_publication(text: str, pub: date | None) -> None:
    _check(text, find_dates_en(text, pub), pub)
    published_from_text(text)


@given(st.integers(min_value=0, max_value=10**6).filter(lambda n: not 1900 <= n <= 2099))
def test_counts_are_not_dates(n: int) -> None:
    assert find_dates_en(f"{n} counties", PUB) == []
    assert find_dates_zh(f"{n}个县", PUB) == []


def test_article_end_to_end() -> None:
    from pipeline.text.normalize import normalize

    raw = (
        "甘肅省人民政府關於批准東鄉縣等8個縣退出貧困縣序列的通知\r\n"
        "發布時間：２０２０年１１月２１日　來源：甘肅省人民政府\r\n\r\n\r\n"
        "　　新華社蘭州１１月２１日電　甘肅省人民政府２１日發布通知（甘政函〔２０２０〕９５號），"
        "經專項評估檢查，批准東鄉縣等８個縣退出貧困縣序列。至此，全省７５個貧困縣全部脫貧摘帽。"
    )
    norm = normalize(raw)
    pub = published_from_text(norm.text)
    assert pub == date(2020, 11, 21)
    mentions = find_dates_zh(norm.text, pub)
    assert [(m.text, m.value) for m in mentions] == [
        ("2020年11月21日", "2020-11-21"),
        ("11月21日", "2020-11-21"),
        ("21日", "2020-11-21"),
    ]
    # Evidence goes back to the article as given.
    s, e = norm.to_original(mentions[0].start, mentions[0].end)
    assert raw[s:e] == "２０２０年１１月２１日"


@pytest.mark.parametrize(("text", "value"), [
    ("贵州省人民政府周一宣布", "2020-11-23"),
    ("星期日，省政府批准", "2020-11-22"),
    ("上周五发布公示", "2020-11-20"),
    ("每周一例会", None),
    ("周一至周五", None),
    ("一周一次", None),
])
def test_zh_weekdays_resolve_to_the_latest_on_or_before_publication(text: str, value: str | None) -> None:
    found = [d.value for d in find_dates_zh(text, date(2020, 11, 24))]
    assert found == ([value] if value else [])


@pytest.mark.parametrize("text, value, granularity", [
    ("去年4月，裕安区摘帽。", "2019-04", "month"),
    ("前年3月28日", "2018-03-28", "day"),
    ("今年3月2日", "2020-03-02", "day"),
])
def test_a_relative_year_gives_the_month_after_it_its_year(text: str, value: str, granularity: str) -> None:
    (d,) = find_dates_zh(text, date(2020, 4, 23))
    assert (d.value, d.granularity) == (value, granularity)
