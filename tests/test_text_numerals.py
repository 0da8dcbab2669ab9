"""Tests for pipeline.text.numerals: reading and writing numbers."""

from __future__ import annotations

import re

import pytest
from hypothesis import given
from hypothesis import strategies as st

from pipeline.text.numerals import EN_NUM, ZH_NUM, parse_number, to_chinese, to_english

ZH_NUM_RE = re.compile(ZH_NUM)
EN_NUM_RE = re.compile(EN_NUM, re.IGNORECASE)


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        # Arabic
        ("75", 75),
        ("5,379", 5379),
        ("5379", 5379),
        ("1,234.5", 1234.5),
        ("0", 0),
        ("１２", 12),
        ("1.2万", 12000),
        ("3.5亿", 350000000),
        ("5000万", 50000000),
        ("3万5千", 35000),
        ("1亿2000万", 120000000),
        ("5,379万", 53790000),
        # Chinese
        ("七十五", 75),
        ("两", 2),
        ("十", 10),
        ("十八", 18),
        ("一十八", 18),
        ("廿八", 28),
        ("卅", 30),
        ("卅一", 31),
        ("一百二十五", 125),
        ("一百零五", 105),
        ("二〇二〇", 2020),
        ("二○二○", 2020),
        ("一九九四", 1994),
        ("一千零五", 1005),
        ("三万五千", 35000),
        ("一万二千", 12000),
        ("一万五", 15000),
        ("三千五", 3500),
        ("一百二", 120),
        ("两万三", 23000),
        ("十万零一十", 100010),
        ("一亿零五", 100000005),
        ("三亿五千万", 350000000),
        ("百万", 1000000),
        ("三点五", 3.5),
        ("壹佰", 100),
        ("贰拾叁", 23),
        ("叁萬伍仟", 35000),
        ("兩", 2),
        ("〇", 0),
        ("零", 0),
        # English
        ("eight", 8),
        ("Eight", 8),
        ("EIGHT", 8),
        ("zero", 0),
        ("seventy-five", 75),
        ("Forty-one", 41),
        ("twenty one", 21),
        ("one hundred and twenty-five", 125),
        ("one hundred twenty-five", 125),
        ("a hundred", 100),
        ("a dozen", 12),
        ("two dozen", 24),
        ("one thousand and five", 1005),
        ("two million three hundred thousand", 2300000),
        ("1.5 million", 1500000),
        ("5 million", 5000000),
        (" 75 ", 75),
    ],
)
def test_parse_number(text: str, expected: int | float) -> None:
    got = parse_number(text)
    assert got == expected
    assert type(got) is type(expected)


@pytest.mark.parametrize(
    "text",
    [
        "三江", "第十八", "50%", "", " ", "县", "十八个", "二十二十", "一二十", "万", "亿", "一万零",
        "五千3", "and", "one and", "hundred", "one two", "twenty twenty", "dozens", "a", "the eight",
        "eighth", "twenty-first", "1.2.3", "5,37", "1,2345", "seventy five counties", "abc", "12a",
        "一" * 100,
    ],
)
def test_parse_number_rejects(text: str) -> None:
    assert parse_number(text) is None


@pytest.mark.parametrize(
    ("n", "zh", "en"),
    [
        (0, "零", "zero"),
        (2, "二", "two"),
        (10, "十", "ten"),
        (15, "十五", "fifteen"),
        (75, "七十五", "seventy-five"),
        (105, "一百零五", "one hundred and five"),
        (110, "一百一十", "one hundred and ten"),
        (125, "一百二十五", "one hundred and twenty-five"),
        (1005, "一千零五", "one thousand and five"),
        (1050, "一千零五十", "one thousand and fifty"),
        (5379, "五千三百七十九", "five thousand three hundred and seventy-nine"),
        (10500, "一万零五百", "ten thousand five hundred"),
        (12000, "一万二千", "twelve thousand"),
        (100010, "十万零一十", "one hundred thousand and ten"),
        (150000000, "一亿五千万", "one hundred and fifty million"),
        (100000005, "一亿零五", "one hundred million and five"),
    ],
)
def test_to_chinese_and_english(n: int, zh: str, en: str) -> None:
    assert to_chinese(n) == zh
    assert to_english(n) == en


def test_writers_reject_negative() -> None:
    with pytest.raises(ValueError):
        to_chinese(-1)
    with pytest.raises(ValueError):
        to_english(-1)


@given(st.integers(min_value=0, max_value=10**8 - 1))
def test_chinese_round_trip(n: int) -> None:
    assert parse_number(to_chinese(n)) == n


@given(st.integers(min_value=0, max_value=10**8 - 1))
def test_english_round_trip(n: int) -> None:
    assert parse_number(to_english(n)) == n


@given(st.integers(min_value=0, max_value=10**12))
def test_grouped_digits_round_trip(n: int) -> None:
    assert parse_number(f"{n:,}") == n
    assert parse_number(str(n)) == n


@given(st.text(max_size=20))
def test_parse_number_never_raises(text: str) -> None:
    got = parse_number(text)
    assert got is None or isinstance(got, (int, float))


# --- regex fragments -------------------------------------------------------------------


@pytest.mark.parametrize(
    ("text", "found"),
    [
        ("批准东乡县等8个县退出", ["8"]),
        ("全省75个贫困县,5,379个贫困村", ["75", "5,379"]),
        ("减少1.2万人", ["1.2万"]),
        ("七十五个县", ["七十五"]),
        ("两个县", ["两"]),
        ("廿八日", ["廿八"]),
        ("一百二十五个村", ["一百二十五"]),
        ("3万5千户", ["3万5千"]),
        ("3个县,5个村", ["3", "5"]),
    ],
)
def test_zh_num_fragment(text: str, found: list[str]) -> None:
    assert ZH_NUM_RE.findall(text) == found
    assert all(parse_number(f) is not None for f in found)


def test_zh_num_fragment_has_no_groups() -> None:
    assert re.compile(ZH_NUM).groups == 0
    assert re.compile(EN_NUM).groups == 0


@pytest.mark.parametrize(
    ("text", "found"),
    [
        ("Eight counties exited", ["Eight"]),
        ("all 75 counties", ["75"]),
        ("5,379 villages", ["5,379"]),
        ("seventy-five counties", ["seventy-five"]),
        ("one hundred and twenty-five villages", ["one hundred and twenty-five"]),
        ("a dozen counties", ["a dozen"]),
        ("1.5 million people", ["1.5 million"]),
        ("twenty one counties", ["twenty one"]),
        ("Forty-one counties and eight villages", ["Forty-one", "eight"]),
        ("someone, anyone", []),
    ],
)
def test_en_num_fragment(text: str, found: list[str]) -> None:
    assert EN_NUM_RE.findall(text) == found
    assert all(parse_number(f) is not None for f in found)


@given(st.integers(min_value=0, max_value=10**7))
def test_fragments_find_written_numbers_whole(n: int) -> None:
    zh = to_chinese(n)
    assert ZH_NUM_RE.fullmatch(zh)
    assert ZH_NUM_RE.fullmatch(f"{n:,}")
    assert EN_NUM_RE.fullmatch(to_english(n))
    assert EN_NUM_RE.fullmatch(f"{n:,}")
