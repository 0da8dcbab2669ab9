"""Consistency checks of an article's reported totals (catalogue C1–C13 in README)."""

from __future__ import annotations

from ..records import ArticleResult


def check_result(result: ArticleResult) -> ArticleResult:
    """The result with the findings of every single-article check."""
    return result
