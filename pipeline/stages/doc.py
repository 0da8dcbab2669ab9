"""What the stages add to a spaCy Doc: the `._` extensions and the mention types.

Stages annotate the Doc with plain mention objects holding character offsets into the
normalised text (`doc._.raw`); `records_from_doc` maps them back into the article as given
and turns them into the frozen records of `pipeline.records`.
"""

from __future__ import annotations

import bisect
import datetime as dt
import re
from dataclasses import dataclass, field
from typing import Any, Optional

from spacy.tokens import Doc

from ..gazetteer.index import AliasHit
from ..gazetteer.model import Division

EXTENSIONS: dict[str, Any] = {
    # The text as one str: spaCy's Doc.text joins the tokens anew on every access.
    "raw": None,
    "article_id": None,
    "published": None,  # datetime.date | None
    "published_from": "none",
    "norm": None,  # pipeline.text.normalize.Normalized
    "sents": None,  # list[tuple[int, int]] character spans of sentences
    "places": None,
    "counts": None,
    "dates": None,
    "exits": None,
    "aggregates": None,
    "problems": None,
    "province_votes": None,
}


def register_extensions() -> None:
    """Register the Doc extensions once per process."""
    for name, default in EXTENSIONS.items():
        if not Doc.has_extension(name):
            Doc.set_extension(name, default=default)


@dataclass(slots=True)
class Place:
    """A place name in the text with its gazetteer candidates and, once linked, its unit."""

    start: int
    end: int
    text: str
    hits: list[AliasHit]
    tier: str  # best tier among the hits: county | prefecture | province
    sent: int
    kind: str = ""
    parent: Optional[int] = None  # index of the place written right before it (甘肃省|定西市|岷县)
    in_list: bool = False
    list_id: Optional[int] = None
    suffixed: bool = False
    division: Optional[Division] = None
    reason: str = ""
    confidence: float = 0.0
    alternatives: tuple[Division, ...] = ()


@dataclass(slots=True)
class Count:
    """A number with what it counts."""

    start: int
    end: int
    text: str
    value: float
    unit: str
    noun: str
    sent: int
    qualifiers: list[str] = field(default_factory=list)
    scope: Optional[str] = None
    as_of: Any = None  # DateMention


@dataclass(slots=True)
class ExitMention:
    place: Place
    status: str
    sent: int
    cue: tuple[int, int]
    date: Any = None  # DateMention
    authority: Optional[str] = None
    confidence: float = 0.9


@dataclass(slots=True)
class AggregateMention:
    count: Count
    status: str
    province: Optional[str]
    named: list[Place]
    lower_bound: bool
    date: Any = None


@dataclass(slots=True)
class ProblemNote:
    code: str
    message: str
    span: Optional[tuple[int, int]] = None


# -- sentences ----------------------------------------------------------------------------

_ZH_SENT = re.compile(r"[^。！？!?\n]*(?:[。！？!?]+[”’」』)]?|\n|$)")
_EN_ABBREV = {"jan", "feb", "mar", "apr", "jun", "jul", "aug", "sep", "sept", "oct", "nov", "dec",
              "mr", "mrs", "ms", "dr", "prof", "no", "st", "co", "inc", "ltd", "jr", "sr", "gov", "gen",
              "sen", "rep", "vs", "e.g", "i.e", "etc", "approx", "dept", "est", "fig", "vol"}
_LAST_WORD = re.compile(r"([A-Za-z][A-Za-z.]*)\.$")
_EN_SENT = re.compile(r"\n|(?<=[.!?])[\"”’)]?\s+(?=[A-Z\"“(0-9])")


def _wrapped(text: str, span: tuple[int, int]) -> bool:
    """A long line broken in the middle of a sentence (a PDF or OCR copy): it ends in a line
    break after a CJK character or a comma, with the next line going on in CJK. Headlines and
    list lines are short and keep their breaks."""
    s, e = span
    if e - s < 16 or text[e - 1] != "\n" or e >= len(text):
        return False
    last = text[e - 2] if e >= 2 else ""
    if not (_CJK_CHAR.match(last) or last in "、，,（(") or not _CJK_CHAR.match(text[e]):
        return False
    # "广元市：昭化区、朝天区\n南充市：阆中市": labelled list lines keep their breaks
    return not (_LABEL_LINE.match(text, s) or _LABEL_LINE.match(text, e))


_CJK_CHAR = re.compile(r"[\u4e00-\u9fff]")
_LABEL_LINE = re.compile(r"[^\n，。,]{1,14}[：:]")


def split_sentences(text: str, lang: str) -> list[tuple[int, int]]:
    """Character spans of sentences: 。！？ and line breaks in Chinese; . ! ? before a capital in English."""
    spans: list[tuple[int, int]] = []
    if lang == "zh":
        for m in _ZH_SENT.finditer(text):
            s, e = m.span()
            if e > s:
                if spans and _wrapped(text, spans[-1]):
                    spans[-1] = (spans[-1][0], e)  # a hard-wrapped line goes on in the next one
                else:
                    spans.append((s, e))
    else:
        start = 0
        for m in _EN_SENT.finditer(text):
            if m.group(0) != "\n":
                word = _LAST_WORD.search(text, max(0, m.start() - 12), m.start())
                if word and (word.group(1).lower() in _EN_ABBREV or len(word.group(1)) == 1):
                    continue  # "Nov. 3", "Mr. Li", "U.S. and": not the end of a sentence
            spans.append((start, m.start()))
            start = m.end()
        spans.append((start, len(text)))
    out = []
    for s, e in spans:
        while s < e and text[s].isspace():
            s += 1
        while e > s and text[e - 1].isspace():
            e -= 1
        if e > s:
            out.append((s, e))
    return out or [(0, len(text))]


#: user_data key of the sentence start offsets, for bisect. Read straight from user_data:
#: this runs for every mention, and each `doc._` access builds an Underscore object.
SENT_STARTS = "zhaimao.sent_starts"


def sentence_index(doc: Doc, char: int) -> int:
    """Index of the sentence holding a character offset."""
    starts = doc.user_data.get(SENT_STARTS)
    if starts is None:
        starts = doc.user_data[SENT_STARTS] = [s for s, _ in doc._.sents]  # once per document
    i = bisect.bisect_right(starts, char) - 1
    return max(i, 0)



def published(doc: Doc) -> Optional[dt.date]:
    return doc._.published
