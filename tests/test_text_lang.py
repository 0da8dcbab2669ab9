"""Tests for pipeline.text.lang.detect_lang."""

from __future__ import annotations

import pytest
from hypothesis import given
from hypothesis import strategies as st

from pipeline.text.lang import detect_lang


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("甘肃省人民政府批准东乡县等8个县退出贫困县序列", "zh"),
        ("甘肅省人民政府批准東鄉縣等8個縣退出貧困縣序列", "zh"),
        ("２０２０年１１月２１日，甘肃省７５个贫困县全部脱贫摘帽。", "zh"),
        ("今年GDP增长5%，APP下载量http://www.gansu.gov.cn统计", "zh"),
        ("Gansu lifts its last 8 counties out of poverty.", "en"),
        (
            "LANZHOU, Nov. 21 (Xinhua) -- Dongxiang Autonomous County (东乡族自治县) and "
            "Jishishan County (积石山县) were removed from the list of poverty counties.",
            "en",
        ),
        (
            "The eight counties are Dongxiang (东乡族自治县), Jishishan (积石山保安族东乡族撒拉族自治县), "
            "Linxia (临夏县), Zhouqu (舟曲县), Tongwei (通渭县), Minxian (岷县), Xihe (西和县) and Lixian "
            "(礼县), the provincial government said in a notice on Saturday.",
            "en",
        ),
        ("Ｇａｎｓｕ ｐｒｏｖｉｎｃｅ", "en"),
        ("", "en"),
        ("2020-11-21 10:23", "en"),
        ("。，、", "en"),
        ("县", "zh"),
        ("（记者张三）", "zh"),
        ("新华社兰州11月21日电（记者 Zhang San）甘肃省人民政府批准东乡县等8个县退出贫困县序列", "zh"),
    ],
)
def test_detect_lang(text: str, expected: str) -> None:
    assert detect_lang(text) == expected


@given(st.text())
def test_always_returns_a_language(text: str) -> None:
    assert detect_lang(text) in ("zh", "en")


@given(st.text(alphabet="东乡县甘肃省贫困退出", min_size=1), st.text(alphabet=" .,0123456789"))
def test_ideographs_without_latin_are_zh(zh: str, other: str) -> None:
    assert detect_lang(zh + other) == "zh"
