"""zhaimao: checked, structured records of Chinese counties leaving the poverty-county list.

    >>> import pipeline
    >>> result = pipeline.extract(text, published="2020-11-21")
    >>> [r.county.adcode for r in result.records]

Public API: `load(lang)`, `extract(text, ...)`, `check(result)`, and the record types in
`pipeline.records`. Heavy parts (spaCy, jieba, the gazetteer) load on first use.
"""

from __future__ import annotations

__version__ = "0.1.0"

from .records import (  # noqa: E402
    AggregateExit,
    Article,
    ArticleResult,
    County,
    CountClaim,
    DateValue,
    Evidence,
    ExitRecord,
    Finding,
    Problem,
)

__all__ = [
    "AggregateExit", "Article", "ArticleResult", "County", "CountClaim", "DateValue",
    "Evidence", "ExitRecord", "Finding", "Problem", "check", "extract", "load",
]


def load(lang: str):
    """The spaCy pipeline for 'zh' or 'en', built once per process."""
    from .api import load as _load

    return _load(lang)


def extract(text: str, lang: str = "auto", published=None, **kwargs) -> ArticleResult:
    """Exit records, aggregates, claims, findings and problems of one article (see api.extract)."""
    from .api import extract as _extract

    return _extract(text, lang, published, **kwargs)


def check(result: ArticleResult) -> ArticleResult:
    """Run the consistency checks on a result (extract already does)."""
    from .checks import check_result

    return check_result(result)
