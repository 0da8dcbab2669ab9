"""Folded matching: a case-blind pattern run lower-case over folded text finds the same spans."""

from __future__ import annotations

import re

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from pipeline.stages import exits
from pipeline.text.fold import fold, folded

PATTERNS = [exits.EN_EXIT, exits.EN_PROPOSED, exits.EN_PROPOSED_DONE, exits.EN_APPROVED, exits.EN_NEGATED,
            exits.EN_NOT_COUNTY, exits.EN_CUE_NEGATED, exits.EN_CUE_PLANNED, exits.EN_CONTINUES,
            exits.EN_LIST_INTRO]

WORDS = ["Withdrew", "EXITED", "removed from the List", "Shook Off Poverty", "public notice", "Proposed",
         "Approved", "not yet", "Still", "poor", "Villages", "People", "will", "Plans to", "Of them",
         "They are", "The eight counties:", "Namely", "following:", "İstanbul", "Ünited", "ǅ", "ß", "K",
         "Dongxiang County", "no objections", " ", ", ", ". ", "\n", ";", "7", "Gansu"]


def spans(rx: re.Pattern[str], text: str) -> list[tuple[int, int]]:
    return [m.span() for m in rx.finditer(text)]


@pytest.mark.parametrize("rx", PATTERNS, ids=lambda r: r.pattern[:30])
@settings(max_examples=60, deadline=None)
@given(st.lists(st.sampled_from(WORDS), max_size=25).map("".join))
def test_folded_patterns_find_what_case_blind_ones_find(rx: re.Pattern[str], text: str) -> None:
    assert rx.flags & re.I
    assert spans(folded(rx), fold(text)) == spans(rx, text)


@given(st.text())
def test_fold_keeps_every_offset(text: str) -> None:
    out = fold(text)
    assert len(out) == len(text)
    assert all(a == b or ("A" <= a <= "Z" and b == a.lower()) for a, b in zip(text, out))


@pytest.mark.parametrize("pattern, text, expected", [
    (r"\S+ \W", "ABC !", "abc !"),  # \S and \W keep their meaning
    (r"(?P<Name>Min) County", "MIN COUNTY", "min county"),  # group names keep their case
    (r"[A-Z]\w+ [A-Z]", "Xian A", "xian a"),  # classes fold with the text
    (r"\N{LATIN CAPITAL LETTER A}", "A", None),  # named characters do not: spell words in letters
    (r"\bDu'an\b", "DU'AN", "du'an"),
])
def test_folded_keeps_escapes_and_group_names(pattern: str, text: str, expected: str | None) -> None:
    m = folded(pattern).search(fold(text))
    assert (m.group(0) if m else None) == expected
    if "?P<Name>" in pattern:
        assert m is not None and m.group("Name") == "min"
