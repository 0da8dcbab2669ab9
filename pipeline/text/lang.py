"""Tell Chinese articles from English ones by the share of CJK ideographs among letters.

An ideograph is weighed against a Latin word, not a Latin letter: one character of
东乡族自治县 carries about as much as one English word. So a Chinese page that quotes
"GDP" or prints a URL stays Chinese. Bracketed asides are left out of the count: English
reports give Chinese names in brackets, "Dongxiang (东乡族自治县)", and a list of them can
hold more ideographs than the English around it.
"""

from __future__ import annotations

import re
from typing import Literal

__all__ = ["detect_lang"]

# Unified ideographs, extension A, compatibility ideographs and the supplementary planes:
# traditional and simplified characters alike.
_CJK_RE = re.compile("[\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff\U00020000-\U0003134f]+")
# Latin words (runs of letters, including accented and full-width ones).
_LATIN_RE = re.compile("[A-Za-z\u00c0-\u024f\uff21-\uff3a\uff41-\uff5a]+")
# Chinese news is nearly all ideographs; English news quoting names has a few ideographs
# per hundred words. Half is far from both.
_ZH_SHARE = 0.5
# Long articles are decided by their beginning; enough text for a stable share.
_SAMPLE = 20_000
_BRACKETED_RE = re.compile(r"[(（][^()（）]{0,80}[)）]")


def _counts(text: str) -> tuple[int, int]:
    return sum(map(len, _CJK_RE.findall(text))), len(_LATIN_RE.findall(text))


def detect_lang(text: str) -> Literal["zh", "en"]:
    """"zh" when ideographs are at least half of ideographs plus Latin words outside
    brackets, else "en" (also for text with no letters at all)."""
    sample = text[:_SAMPLE]
    if not _CJK_RE.search(sample):
        return "en"
    cjk, latin = _counts(_BRACKETED_RE.sub(" ", sample))
    if not cjk + latin:  # everything was in brackets
        cjk, latin = _counts(sample)
    return "zh" if cjk >= _ZH_SHARE * (cjk + latin) else "en"
