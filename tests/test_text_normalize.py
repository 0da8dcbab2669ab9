"""Tests for pipeline.text.normalize: the normalised text and the map back to the original."""

from __future__ import annotations

import unicodedata

import opencc
import pytest
from hypothesis import example, given, settings
from hypothesis import strategies as st

from pipeline.text import normalize as norm_mod
from pipeline.text.normalize import Normalized, normalize

_T2S = opencc.OpenCC("t2s")


def _identity(n: int) -> list[int]:
    return list(range(n + 1))


@pytest.mark.parametrize(
    ("raw", "expected", "converted"),
    [
        ("甘肅省人民政府批准東鄉縣等8個縣退出貧困縣序列", "甘肃省人民政府批准东乡县等8个县退出贫困县序列", True),
        ("２０２０年１１月２１日", "2020年11月21日", False),
        ("全省７５个贫困县，５，３７９个贫困村", "全省75个贫困县,5,379个贫困村", False),
        ("ＧＤＰ增长（初步核算）！", "GDP增长(初步核算)!", False),
        # Chinese punctuation that NFKC leaves alone stays.
        ("东乡县、积石山县。《通知》“摘帽”〔2020〕", "东乡县、积石山县。《通知》“摘帽”〔2020〕", False),
        ("Gansu lifts 8 counties out of poverty.", "Gansu lifts 8 counties out of poverty.", False),
        ("\ufeff东乡\u200b县", "东乡县", False),
        ("soft\u00adhyphen", "softhyphen", False),
        ("a\u3000\u3000b\u00a0c\u2003d", "a b c d", False),
        ("a \t \tb", "a b", False),
        ("line1\r\nline2\rline3", "line1\nline2\nline3", False),
        ("p1\n\n\n\n\np2", "p1\n\np2", False),
        ("p1\r\n\r\n\r\np2", "p1\n\np2", False),
        ("p1\n  \n \np2", "p1\n\np2", False),
        ("p1\n\np2", "p1\n\np2", False),
        ("p1\n\rp2", "p1\n\np2", False),
        ("p1\r\rp2", "p1\n\np2", False),
        ("page\x0cbreak", "page\nbreak", False),
        ("", "", False),
        ("發展", "发展", True),
    ],
)
def test_normalize_text(raw: str, expected: str, converted: bool) -> None:
    n = normalize(raw)
    assert n.text == expected
    assert n.converted is converted
    assert n.original == raw
    assert len(n.offsets) == len(n.text) + 1
    assert n.offsets[-1] == len(raw)


@pytest.mark.parametrize(
    "raw",
    ["甘肅省人民政府批准東鄉縣等8個縣退出貧困縣序列", "２０２０年１１月２１日", "Plain English text.", "ＧＤＰ，（）"],
)
def test_one_for_one_changes_keep_identity_offsets(raw: str) -> None:
    assert list(normalize(raw).offsets) == _identity(len(raw))


def test_t2s_can_be_switched_off() -> None:
    n = normalize("東鄉縣", t2s=False)
    assert n.text == "東鄉縣"
    assert not n.converted


@pytest.mark.parametrize(
    ("raw", "text", "offsets"),
    [
        ("\ufeffab\u200bc", "abc", [1, 2, 4, 5]),
        ("a   b", "a b", [0, 1, 4, 5]),
        ("x\r\ny", "x\ny", [0, 1, 3, 4]),
        ("……", "......", [0, 0, 0, 1, 1, 1, 2]),
        ("e\u0301x", "éx", [0, 2, 3]),
        ("ｶﾞ", "ガ", [0, 2]),
    ],
)
def test_offsets_for_length_changes(raw: str, text: str, offsets: list[int]) -> None:
    n = normalize(raw)
    assert n.text == text
    assert list(n.offsets) == offsets


@pytest.mark.parametrize(
    ("raw", "needle", "original_span"),
    [
        ("\ufeff东乡县退出", "东乡县", "东乡县"),
        ("东乡\u200b县\u200b退出", "东乡县", "东乡\u200b县"),
        ("批准　東鄉縣　退出", "东乡县", "東鄉縣"),
        ("８个县", "8个县", "８个县"),
        ("a   b", "a b", "a   b"),
        ("x\r\ny", "x", "x"),
        ("x\r\ny", "\n", "\r\n"),
        ("等……", "..", "…"),
        ("等……", "...", "…"),
        ("等……", "....", "……"),
    ],
)
def test_to_original(raw: str, needle: str, original_span: str) -> None:
    n = normalize(raw)
    i = n.text.index(needle)
    s, e = n.to_original(i, i + len(needle))
    assert raw[s:e] == original_span


def test_to_original_empty_and_bad_spans() -> None:
    n = normalize("\ufeffabc")
    assert n.to_original(1, 1) == (2, 2)
    assert n.to_original(0, 3) == (1, 4)
    with pytest.raises(ValueError):
        n.to_original(2, 1)
    with pytest.raises(ValueError):
        n.to_original(0, 4)


def test_length_changing_conversion_is_aligned(monkeypatch: pytest.MonkeyPatch) -> None:
    # Stock OpenCC t2s maps every single character to one character, but phrase entries
    # may change length; a fake converter exercises the alignment path.
    def fake(s: str) -> str:
        return s.replace("乾隆", "乾").replace("甲", "乙丙").replace("戊", "己")

    monkeypatch.setattr(norm_mod, "_t2s", lambda: fake)
    raw = "一乾隆二\n三甲四\n戊"
    n = normalize(raw)
    assert n.text == "一乾二\n三乙丙四\n己"
    assert n.converted
    offs = list(n.offsets)
    assert offs == sorted(offs) and len(offs) == len(n.text) + 1
    assert raw[offs[n.text.index("二")]] == "二"
    assert raw[offs[n.text.index("四")]] == "四"
    assert raw[offs[n.text.index("己")]] == "戊"
    i = n.text.index("乙丙")
    assert raw[slice(*n.to_original(i, i + 2))] == "甲"


def test_whole_article_with_mixed_noise() -> None:
    raw = (
        "\ufeff發布時間：２０２０年１１月２１日　來源：甘肅省人民政府\r\n\r\n\r\n"
        "　　經專項評估檢查，甘肅省人民政府批准東鄉縣等８個縣退出貧困縣序列。\r\n"
    )
    n = normalize(raw)
    assert n.text == (
        "发布时间:2020年11月21日 来源:甘肃省人民政府\n\n"
        " 经专项评估检查,甘肃省人民政府批准东乡县等8个县退出贫困县序列。\n"
    )
    i = n.text.index("东乡县")
    s, e = n.to_original(i, i + 3)
    assert raw[s:e] == "東鄉縣"


# --- properties ------------------------------------------------------------------------

_NOISE = st.sampled_from(
    list("東鄉縣貧困發展體國們\u3000\u00a0\u2003 \t\r\n\u200b\ufeff\u00ad０１９ＡＺａｚ，。、（）《》“”…℃①ｶﾞ")
    + ["e\u0301", "\u1100\u1161", "😀", "𝐀", "\u0323\u0307", "\x0c", "\u2028", "乾隆", "Ａ\u0301"]
)
_TEXT = st.lists(st.one_of(_NOISE, st.text(max_size=5)), max_size=40).map("".join)


def _forms(c: str) -> set[str]:
    k = unicodedata.normalize("NFKC", c)
    forms = {c, k, _T2S.convert(k)}
    if c.isspace():
        forms |= {" ", "\n"}
    return forms


@settings(max_examples=400, deadline=None)
@given(_TEXT)
@example("甘肅省人民政府批准東鄉縣等8個縣退出貧困縣序列")
@example("a\r\n\r\n \r\n\u200bb  c")
def test_offsets_invariants(raw: str) -> None:
    n = normalize(raw)
    offs = list(n.offsets)
    assert len(offs) == len(n.text) + 1
    assert offs[-1] == len(raw)
    assert all(a <= b for a, b in zip(offs, offs[1:]))
    assert all(0 <= o <= len(raw) for o in offs)
    for i, ch in enumerate(n.text):
        o = offs[i]
        one_to_one = offs[i + 1] == o + 1 and (i == 0 or offs[i - 1] < o)
        if not one_to_one:
            continue
        # OpenCC converts phrases, so a character may read differently in context.
        context = _T2S.convert(unicodedata.normalize("NFKC", raw[max(0, o - 3) : o + 4]))
        assert ch in _forms(raw[o]) or ch in context, (i, ch, raw[o])
    # Spans map back to spans of the original.
    for i in range(0, len(n.text) + 1, 3):
        s, e = n.to_original(0, i)
        assert 0 <= s <= e <= len(raw)


@settings(max_examples=200, deadline=None)
@given(_TEXT)
def test_idempotent(raw: str) -> None:
    once = normalize(raw).text
    assert normalize(once).text == once


@settings(max_examples=200, deadline=None)
@given(st.text(alphabet=st.characters(max_codepoint=0x7F), max_size=200))
def test_ascii_output_is_nfkc_and_has_no_runs(raw: str) -> None:
    n = normalize(raw)
    assert unicodedata.is_normalized("NFKC", n.text)
    assert "  " not in n.text and "\r" not in n.text and "\t" not in n.text
    assert "\n\n\n" not in n.text


def test_result_is_frozen() -> None:
    n = normalize("abc")
    assert isinstance(n, Normalized)
    with pytest.raises(AttributeError):
        n.text = "x"  # type: ignore[misc]
