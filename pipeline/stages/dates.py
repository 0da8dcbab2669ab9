"""Dates: date mentions resolved against the publication date, with their granularity.

Both languages are read by our own patterns (`pipeline.text.dates`): run over whole
texts, dateparser reads 21日 as "21 days ago" and "67 counties" as a year. A date lacking
its year takes the publication year and never falls after the publication date; without a
publication date it stays unresolved and becomes a problem.
"""

from __future__ import annotations

from spacy.language import Language
from spacy.tokens import Doc

from ..errors import Warnings
from ..text.dates import find_dates_en, find_dates_zh
from .doc import ProblemNote


class DateFinder:
    """Finds and resolves date mentions; one instance per pipeline."""

    def __init__(self, lang: str) -> None:
        self.find = find_dates_zh if lang == "zh" else find_dates_en

    def __call__(self, doc: Doc) -> Doc:
        dates = self.find(doc._.raw, doc._.published)
        doc._.dates = dates
        problems = doc._.problems
        for d in dates:
            if d.value is None:
                problems.append(ProblemNote("W001", Warnings.W001.format(text=d.text), (d.start, d.end)))
        return doc


@Language.factory("zhaimao_dates", assigns=["doc._.dates"], requires=["doc._.sents"],
                  default_config={"lang": "zh"})
def make_dates(nlp: Language, name: str, lang: str) -> DateFinder:
    return DateFinder(lang)
