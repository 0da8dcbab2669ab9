"""Properties of extraction on arbitrary text: it never raises, every evidence span is a slice of the input, and time grows about linearly."""

from __future__ import annotations


import pytest
from hypothesis import HealthCheck, assume, example, given, settings
from hypothesis import strategies as st

import pipeline
from pipeline.errors import ZhaimaoError
from pipeline.records import ArticleResult, Evidence

# Pieces of real reports, so that random text also reaches linking, dates and counts.
FRAGMENTS = [
    "甘肃省人民政府", "21日", "批准", "东乡县", "東鄉縣", "临夏县", "临夏市", "等8个县", "退出贫困县序列", "。",
    "，", "、", "广西壮族自治区", "融水", "都安", "公示", "拟退出", "经公示无异议", "尚未摘帽", "挂牌督战",
    "到2019年底", "七十五个贫困县", "两个县", "5379个贫困村", "湘政函〔2018〕45号", "50%", "106个县（市、区）",
    "11月20日", "昨日", "国务院扶贫办", "省政府", "新华社兰州11月21日电", "\n\n", "\u3000\u3000",
    "The Gansu Provincial Government", " approved ", "Dongxiang County", " and ", "eight counties",
    " exited the poverty list", " on Nov. 21", ", ", ". ", "LANZHOU, Nov. 21 (Xinhua) -- ", "5,379 villages",
]

# CJK, full-width forms, control characters, combining marks, emoji; no surrogates.
CHARS = st.one_of(
    st.characters(exclude_categories=("Cs",)),
    st.characters(min_codepoint=0x4E00, max_codepoint=0x9FFF),
    st.characters(min_codepoint=0xFF01, max_codepoint=0xFF5E),
    st.characters(min_codepoint=0x3000, max_codepoint=0x303F),
    st.characters(min_codepoint=0x0000, max_codepoint=0x001F),
    st.characters(min_codepoint=0x0300, max_codepoint=0x036F),
    st.sampled_from(["\u200b", "\ufeff", "\u00ad", "\u2028", "\u0085", "\r", "\x7f", "\U0001F600"]),
)
RANDOM = st.text(alphabet=CHARS, min_size=1, max_size=300)
MIXED = st.lists(st.one_of(st.sampled_from(FRAGMENTS), st.text(alphabet=CHARS, max_size=8)),
                 min_size=1, max_size=60).map("".join)
# Very long runs: one to three characters repeated up to 3,000 times, or a fragment (with a
# sentence break) up to 250 times. Longer runs only cost time: spaCy's own tokenizer is
# quadratic in a run of symbols without spaces, and repeated counts are slow today (see the
# timing test below) — speed bugs, not crashes.
LONG_RUNS = st.one_of(
    st.builds(lambda piece, n, tail: piece * n + tail, st.text(alphabet=CHARS, min_size=1, max_size=3),
              st.integers(min_value=50, max_value=3000), st.text(alphabet=CHARS, max_size=20)),
    st.builds(lambda piece, stop, n, tail: (piece + stop) * n + tail, st.sampled_from(FRAGMENTS),
              st.sampled_from(["。", "\n\n", ". "]), st.integers(min_value=50, max_value=250),
              st.text(alphabet=CHARS, max_size=20)),
)
TEXTS = st.one_of(RANDOM, MIXED, LONG_RUNS)
PUBLISHED = st.one_of(st.none(), st.dates().map(lambda d: d.isoformat()))

PROPERTY = settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.too_slow])


def _evidence(result: ArticleResult) -> list[Evidence]:
    spans = [r.evidence for r in result.records] + [a.evidence for a in result.aggregates]
    spans += [c.evidence for c in result.claims]
    spans += [e for f in result.findings for e in f.evidence]
    spans += [p.evidence for p in result.problems if p.evidence is not None]
    return spans


def _check(text: str, lang: str, published: str | None) -> None:
    result = pipeline.extract(text, lang=lang, published=published)
    for ev in _evidence(result):
        assert 0 <= ev.start <= ev.end <= len(text)
        assert text[ev.start:ev.end] == ev.text


@pytest.mark.parametrize("lang", ["zh", "en", "auto"])
@PROPERTY
@given(text=TEXTS, published=PUBLISHED)
@example(text="\u200b", published=None)
@example(text="\x00\x01\x02", published=None)
@example(text="甘肅省人民政府21日批准東鄉縣等８個縣退出貧困縣序列。", published="2020-11-22")
@example(text="２１日，省政府批准东乡县退出贫困县序列。" * 400, published="2020-11-22")
def test_extract_never_raises_and_evidence_slices_the_input(lang: str, text: str, published: str | None) -> None:
    assume(text.strip())
    _check(text, lang, published)


@pytest.mark.parametrize("text", ["", " ", "\n\t", "\u3000\u3000"])
def test_blank_input_is_a_usage_error_not_a_crash(text: str) -> None:
    with pytest.raises(ZhaimaoError, match="E007"):
        pipeline.extract(text, lang="zh")


@pytest.mark.parametrize(("piece", "lang"), [
    pytest.param("5379个贫困村", "zh", id="zh-one-sentence"),
    pytest.param("eight counties. ", "en", id="en-repeated-sentences"),
])
def test_hundreds_of_repeated_counts_are_all_read(piece: str, lang: str) -> None:
    # 400 repeats once took minutes (the checks compared every claim with every other);
    # speed is measured in benchmarks/, this checks the result on such input.
    result = pipeline.extract(piece * 400, lang=lang, published="2020-11-22")
    assert len(result.claims) == 400
    assert {c.unit for c in result.claims} == {"village" if lang == "zh" else "county"}


def test_an_article_longer_than_spacys_default_limit_is_read() -> None:
    # spaCy refuses texts over 1,000,000 characters by default; our own limit is larger,
    # and names in a long text are linked in linear time.
    text = "岷县退出贫困县序列。" * 110_000
    result = pipeline.extract(text, lang="zh", published="2020-11-21")
    assert [r.county.adcode for r in result.records] == ["621126"]
