"""Consistency checks of what an article reports (catalogue C1–C13 in DESIGN.md).

`check_result(result)` adds the findings of the single-article checks (C1–C3, C5–C8,
C11–C13 and C4's list-size bound); `cross_check(results)` runs C4, C9 and C10 over many
articles. Each finding says what the article states, what the check computes, a one-line
message, and the evidence spans of every number and name involved. A `fail` is reported
only when the text commits to the contradiction; otherwise `unverifiable` or nothing.
"""

from __future__ import annotations

import logging
import re
from typing import Callable, Iterable, Optional

from ..records import ArticleResult, Finding
from .common import CHECK_TITLES, FAIL_SEVERITY
from .cross import CrossIndex, cross_check

logger = logging.getLogger(__name__)

CHECKS: dict[str, str] = dict(CHECK_TITLES)


def _order(f: Finding) -> tuple[int, int, int]:
    num = int(re.sub(r"\D", "", f.check) or 0)
    rank = {"fail": 0, "unverifiable": 1, "pass": 2}[f.status]
    return num, rank, f.evidence[0].start if f.evidence else 0


def single_findings(result: ArticleResult, text: Optional[str] = None) -> list[Finding]:
    """The findings of every single-article check, ordered by check and status. With the
    article's text, C1 also reads enumerations the count stage does not take for counts."""
    from . import arithmetic, cross, gazetteer
    from .common import read_claims

    findings: list[Finding] = []
    try:
        nums = read_claims(result.claims)
    except Exception:  # one odd claim must not cost the article its other findings
        logger.warning("checks: cannot read the claims of %s", result.article.id, exc_info=True)
        nums = []
    tainted: set[int] = set()
    try:
        found, tainted = arithmetic.check(result, nums, text)
        findings.extend(found)
    except Exception:
        logger.warning("checks: arithmetic checks failed on %s", result.article.id, exc_info=True)
    steps: list[Callable[[], list[Finding]]] = [
        lambda: gazetteer.check(result, nums, tainted),
        lambda: cross.check_list_size(nums, tainted),
    ]
    for step in steps:
        try:
            findings.extend(step())
        except Exception:
            logger.warning("checks: a check failed on %s", result.article.id, exc_info=True)
    return sorted(findings, key=_order)


def check_result(result: ArticleResult, text: Optional[str] = None) -> ArticleResult:
    """The result with the findings of every single-article check (replacing any before).

    `text` is the article as given to `extract` (evidence offsets point into it); it is
    optional and lets C1 read lists of provinces that carry no counted noun."""
    return result.model_copy(update={"findings": single_findings(result, text)})


def failing(findings: Iterable[Finding], fail_on: str = "error") -> list[Finding]:
    """Findings with status fail at or above a severity (`error` or `warning`)."""
    levels = {"info": 0, "warning": 1, "error": 2}
    floor = levels.get(fail_on, 2)
    return [f for f in findings if f.status == "fail" and levels.get(f.severity, 0) >= floor]


__all__ = ["CHECKS", "CrossIndex", "FAIL_SEVERITY", "check_result", "cross_check", "failing",
           "single_findings"]
