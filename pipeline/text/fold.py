"""Case-blind matching at case-sensitive speed for English cue patterns.

Python's `re` scans a case-blind pattern by trying every alternative at every character;
the same pattern in lower case over a lower-cased text is about twice as fast. `fold`
lower-cases only A–Z, so every offset in the folded text is the offset in the original,
and `folded` compiles a pattern written for `re.I` to run over such a text.
"""

from __future__ import annotations

import re

_ASCII_LOWER = str.maketrans("ABCDEFGHIJKLMNOPQRSTUVWXYZ", "abcdefghijklmnopqrstuvwxyz")
#: Escapes and group names keep their case: \S is not \s, (?P<Body>…) is not (?P<body>…).
_KEEP = re.compile(r"\\[NpP]\{[^}]*\}|\\.|\(\?P<[^>]*>|\(\?P=[^)]*\)", re.S)


def fold(text: str) -> str:
    """`text` with A–Z lower-cased and nothing else changed (same length, same offsets)."""
    return text.translate(_ASCII_LOWER)


def folded(pattern: re.Pattern[str] | str, flags: int = 0) -> re.Pattern[str]:
    """A pattern written case-blind, compiled to match the same strings in `fold`ed text.

    Only ASCII letters are folded, and a named character (\\N{…}) is left as written: the
    patterns this is meant for spell English words in plain letters.
    """
    src = pattern.pattern if isinstance(pattern, re.Pattern) else pattern
    if isinstance(pattern, re.Pattern):
        flags |= pattern.flags & ~re.I & ~re.U
    parts: list[str] = []
    pos = 0
    for m in _KEEP.finditer(src):
        parts.append(src[pos:m.start()].translate(_ASCII_LOWER))
        parts.append(m.group(0))
        pos = m.end()
    parts.append(src[pos:].translate(_ASCII_LOWER))
    return re.compile("".join(parts), flags)
