"""Normalise article text for matching while keeping a map back to the text as given.

Every stage after ingest matches on normalised text: NFKC (full-width digits, letters and
punctuation become ASCII, so "２０２０年" and "2020年" look alike), one kind of space,
\\n line ends, at most one blank line between paragraphs, and simplified characters
(reposts from Hong Kong and Taiwan sites are often traditional: 東鄉縣 → 东乡县).
Evidence in the output records must point into the article as the user gave it, so
`Normalized.offsets` maps each normalised character back to its original index and
`Normalized.to_original` turns a normalised span into an original one.

Speed: this runs on every article. The common cases cost a few C-level passes:
pure-ASCII English skips NFKC and OpenCC, Chinese text is translated with one table
lookup per character, and a per-character Python loop only runs on the rare
characters whose NFKC form depends on their neighbours (combining marks, jamo).
"""

from __future__ import annotations

import difflib
import re
import threading
import unicodedata
from array import array
from dataclasses import dataclass
from functools import lru_cache
from typing import Callable, Sequence

__all__ = ["Normalized", "normalize"]


@dataclass(frozen=True)
class Normalized:
    """Normalised text with a map back into the original."""

    text: str
    original: str
    # len(text) + 1 entries: offsets[i] is the index in `original` of normalised char i;
    # offsets[len(text)] == len(original). Non-decreasing.
    offsets: array[int]
    converted: bool  # traditional characters were converted to simplified

    def to_original(self, start: int, end: int) -> tuple[int, int]:
        """The span of `original` that normalised `text[start:end]` came from."""
        n = len(self.text)
        if not 0 <= start <= end <= n:
            raise ValueError(f"span ({start}, {end}) outside 0..{n}")
        offs = self.offsets
        s = offs[start]
        if start == end:
            return s, s
        last = offs[end - 1]
        # A span ending inside an expansion ("…" → "...") covers the whole source char.
        j = end
        while j < n and offs[j] == last:
            j += 1
        e = offs[j]
        # Characters that normalisation dropped (zero-width, collapsed spaces) sit between
        # two mapped characters; a span whose last character is not a space should not
        # drag them along into the evidence.
        if not self.text[end - 1].isspace():
            orig = self.original
            while e > last + 1 and orig[e - 1] in _TRIMMABLE:
                e -= 1
        return s, e


# --- character tables ------------------------------------------------------------------

# Zero-width characters and the soft hyphen carry no text; NFKC keeps them, so they are
# removed explicitly (a ZWSP inside 东乡县 would otherwise hide the name from the gazetteer).
_DELETE_CHARS = "\u200b\u200c\u200d\u2060\ufeff\u00ad"
_DELETE_RE = re.compile(f"[{_DELETE_CHARS}]+")
# Separators that end a line or paragraph in some encodings (form feed, NEL, U+2028/9).
_LINE_CHARS = "\x0b\x0c\x1c\x1d\x1e\x85\u2028\u2029"
# Whitespace NFKC does not turn into a plain space.
_SPACE_CHARS = "\t\x1f\u1680"
_TRIMMABLE = frozenset(_DELETE_CHARS + _LINE_CHARS + _SPACE_CHARS + " \n\r\u3000\u00a0"
                       + "".join(chr(c) for c in range(0x2000, 0x200B)) + "\u202f\u205f")


def _build_tables() -> tuple[list[int | str], str, dict[str, str]]:
    """Context-free NFKC for the BMP, from one pass over it.

    Returns a str.translate table (a list indexed by code point) for every character whose
    NFKC form is one other character, plus the whitespace rules above; the characters it
    changes; and the characters whose NFKC form is not one character ("…" → "...",
    "℃" → "°C"). A list rather than a dict as the table: str.translate then never raises
    KeyError internally, which makes it about twice as fast on Chinese text.
    """
    table: list[int | str] = list(range(0x10000))
    changed: list[str] = []
    expansions: dict[str, str] = {}
    for cp in range(0xA0, 0x10000):
        c = chr(cp)
        n = unicodedata.normalize("NFKC", c)
        if n == c:
            continue
        if len(n) == 1:
            table[cp] = n
            changed.append(c)
        elif not unicodedata.combining(c):
            expansions[c] = n
    for c in _SPACE_CHARS:
        table[ord(c)] = " "
        changed.append(c)
    for c in _LINE_CHARS:
        table[ord(c)] = "\n"
        changed.append(c)
    return table, "".join(changed), expansions


_TABLE, _TABLE_CHARS, _EXPANSIONS = _build_tables()
_TRANSLATE_RE = re.compile("[" + re.escape(_TABLE_CHARS) + "]")
_EXPAND_RE = re.compile("[" + re.escape("".join(_EXPANSIONS)) + "]")
_ANY_WORK_RE = re.compile("[" + re.escape(_TABLE_CHARS + _DELETE_CHARS + "".join(_EXPANSIONS)) + "]")
_ASCII_TABLE = {ord(c): (" " if c in _SPACE_CHARS else "\n") for c in _SPACE_CHARS + _LINE_CHARS
                if c.isascii()}
_ASCII_TRANSLATE_RE = re.compile("[" + re.escape("".join(chr(k) for k in _ASCII_TABLE)) + "]")

# Line breaks: CR and CRLF become LF; runs of blank lines become exactly one blank line
# (paragraph boundaries matter to later stages, their size does not); space runs collapse.
# Three patterns with literal prefixes rather than one alternation: the regex engine then
# skips ahead with memchr instead of trying every alternative at every position.
_CR_RE = re.compile(r"\r\n?")
_BLANK_RE = re.compile(r"\n(?: *\n){2,}|\n +\n")
_SPACES_RE = re.compile(r"  +")
# CJK ideographs (unified, extension A, compatibility, supplementary planes): the cheap
# test for whether OpenCC needs to run at all.
_CJK_RE = re.compile("[\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff\U00020000-\U0003134f]")


@lru_cache(maxsize=1)
def _unstable_re() -> re.Pattern[str]:
    """Runs of characters whose NFKC form can depend on their neighbours: "e" followed
    by U+0301 composes to "é", the jamo U+1100 U+1161 to "가".

    The class holds combining marks, characters NFKC changes, and second halves of
    canonical compositions (Hangul jamo, some vowel signs); every supplementary-plane
    character is included wholesale because the regex engine only has a fast charset
    for the BMP. Built on first use: ordinary news text never needs it.
    """
    bad: set[int] = set()
    for cp in range(0, 0x10000):
        c = chr(cp)
        if unicodedata.combining(c) or unicodedata.normalize("NFKC", c) != c:
            bad.add(cp)
        d = unicodedata.decomposition(c)
        if d and not d.startswith("<"):
            parts = d.split()
            if len(parts) == 2:
                bad.add(int(parts[1], 16))
    bad.update(range(0x1161, 0x1176))  # Hangul medial vowels compose with a leading consonant
    bad.update(range(0x11A8, 0x11C3))  # and final consonants with an LV syllable
    spans: list[str] = []
    cps = sorted(bad)
    i = 0
    while i < len(cps):
        j = i
        while j + 1 < len(cps) and cps[j + 1] == cps[j] + 1:
            j += 1
        lo, hi = cps[i], cps[j]
        spans.append(re.escape(chr(lo)) if lo == hi else f"{re.escape(chr(lo))}-{re.escape(chr(hi))}")
        i = j + 1
    return re.compile("(?:[" + "".join(spans) + "]|[\U00010000-\U0010ffff])+")


# --- offsets -----------------------------------------------------------------------------
#
# A stage that changes lengths is a list of edits on its input: replace s[a:b] by `repl`,
# whose k-th char came from input index src[k]. The new offsets are slices of the old ones
# (memcpy) around the edits, so a stage costs O(len) in C plus O(edits) in Python.

_IDENT = array("i", range(1 << 16))
_IDENT_LOCK = threading.Lock()


def _identity(n: int) -> array[int]:
    """A cached array 0, 1, 2, ... of length >= n (slices of it are memcpy-fast)."""
    global _IDENT
    ident = _IDENT
    if len(ident) < n:
        with _IDENT_LOCK:
            if len(_IDENT) < n:
                _IDENT = array("i", range(max(n, 2 * len(_IDENT))))
            ident = _IDENT
    return ident


Edit = tuple[int, int, str, Sequence[int]]


def _rewrite(s: str, edits: list[Edit], offs: array[int] | None) -> tuple[str, array[int]]:
    """Apply sorted, non-overlapping edits to `s` and carry the offsets along."""
    prev = offs if offs is not None else _identity(len(s) + 1)
    pieces: list[str] = []
    out = array("i")
    pos = 0
    for a, b, repl, src in edits:
        if a > pos:
            pieces.append(s[pos:a])
            out += prev[pos:a]
        if repl:
            pieces.append(repl)
            out.extend([prev[k] for k in src])
        pos = b
    pieces.append(s[pos:])
    out += prev[pos : len(s) + 1]
    return "".join(pieces), out


def _remap(old_len: int, edits: list[tuple[int, int, Sequence[int]]], offs: array[int] | None) -> array[int]:
    """Offsets for a stage whose output text is already known (OpenCC)."""
    prev = offs if offs is not None else _identity(old_len + 1)
    out = array("i")
    pos = 0
    for a, b, src in edits:
        if a > pos:
            out += prev[pos:a]
        out.extend([prev[k] for k in src])
        pos = b
    out += prev[pos : old_len + 1]
    return out


# --- stages ------------------------------------------------------------------------------


def _expand(s: str, offs: array[int] | None) -> tuple[str, array[int]]:
    edits: list[Edit] = []
    for m in _EXPAND_RE.finditer(s):
        a = m.start()
        repl = _EXPANSIONS[m.group()]
        edits.append((a, a + 1, repl, [a] * len(repl)))
    return _rewrite(s, edits, offs)


def _nfkc_contextual(s: str, offs: array[int] | None) -> tuple[str, array[int]]:
    """NFKC for the characters whose form depends on their neighbours."""
    edits: list[Edit] = []
    prev_end = 0
    for m in _unstable_re().finditer(s):
        a = m.start()
        if a > prev_end:
            a -= 1  # the starter a combining run attaches to
        prev_end = m.end()
        seg = s[a:prev_end]
        whole = unicodedata.normalize("NFKC", seg)
        if whole == seg:
            continue
        pieces = [unicodedata.normalize("NFKC", c) for c in seg]
        if "".join(pieces) == whole:
            src = [a + i for i, p in enumerate(pieces) for _ in p]
        else:
            # Composition or reordering: no output char corresponds to one input char.
            src = [a] * len(whole)
        edits.append((a, prev_end, whole, src))
    return _rewrite(s, edits, offs)


def _whitespace(s: str, offs: array[int] | None) -> tuple[str, array[int] | None]:
    if "\r" in s:
        # The LF stands for the whole CRLF and maps to the CR.
        s, offs = _rewrite(s, [(m.start(), m.end(), "\n", (m.start(),)) for m in _CR_RE.finditer(s)], offs)
    if "\n\n\n" in s or "\n " in s:
        edits: list[Edit] = []
        for m in _BLANK_RE.finditer(s):
            # First break maps to the first original break, second to the last one.
            edits.append((m.start(), m.end(), "\n\n", (m.start(), m.end() - 1)))
        if edits:
            s, offs = _rewrite(s, edits, offs)
    if "  " in s:
        s, offs = _rewrite(s, [(m.start(), m.end(), " ", (m.start(),)) for m in _SPACES_RE.finditer(s)], offs)
    return s, offs


@lru_cache(maxsize=1)
def _t2s() -> Callable[[str], str]:
    import opencc

    return opencc.OpenCC("t2s").convert


def _align_line(line: str, conv: str, base: int) -> list[tuple[int, int, Sequence[int]]]:
    """Edits mapping a converted line back to the original when OpenCC changed its length."""
    edits: list[tuple[int, int, Sequence[int]]] = []
    sm = difflib.SequenceMatcher(None, line, conv, autojunk=False)
    for tag, i1, i2, j1, j2 in sm.get_opcodes():
        if tag == "equal" or (tag == "replace" and i2 - i1 == j2 - j1):
            continue
        width = j2 - j1
        if i2 > i1:  # replaced by a different number of chars, or deleted
            src = [base + i1] * width
        else:  # inserted: attach to the preceding char
            src = [base + max(i1 - 1, 0)] * width
        edits.append((base + i1, base + i2, src))
    return edits


def _convert(s: str, offs: array[int] | None) -> tuple[str, array[int] | None]:
    """Traditional → simplified, line by line; offsets are realigned where a line's
    length changed (OpenCC phrase entries may), otherwise characters map one for one."""
    convert = _t2s()
    out = convert(s)
    if out == s:
        return s, offs
    lines = s.split("\n")
    out_lines = out.split("\n")
    if len(out_lines) != len(lines):
        out_lines = [convert(line) for line in lines]
        out = "\n".join(out_lines)
    if len(out) == len(s) and list(map(len, lines)) == list(map(len, out_lines)):
        return out, offs
    edits: list[tuple[int, int, Sequence[int]]] = []
    base = 0
    for line, conv in zip(lines, out_lines):
        if len(line) != len(conv):
            edits.extend(_align_line(line, conv, base))
        base += len(line) + 1
    return out, _remap(len(s), edits, offs)


def normalize(text: str, *, t2s: bool = True) -> Normalized:
    """Normalise `text` (see module docstring) and keep a map back to it.

    `t2s=False` keeps traditional characters as they are.
    """
    s = text
    offs: array[int] | None = None  # None while positions are still those of `text`
    if s.isascii():
        if _ASCII_TRANSLATE_RE.search(s):
            s = s.translate(_ASCII_TABLE)
    else:
        # English text with curly quotes or dashes usually needs none of these passes:
        # one scan decides, then each pass is only run where needed.
        if _ANY_WORK_RE.search(s):
            if _TRANSLATE_RE.search(s):
                s = s.translate(_TABLE)  # one for one, so positions are unchanged
            if any(c in s for c in _DELETE_CHARS):  # memchr-speed, unlike a regex scan
                s, offs = _rewrite(s, [(m.start(), m.end(), "", ()) for m in _DELETE_RE.finditer(s)], offs)
            if _EXPAND_RE.search(s):
                s, offs = _expand(s, offs)
        if not unicodedata.is_normalized("NFKC", s):
            s, offs = _nfkc_contextual(s, offs)
    s, offs = _whitespace(s, offs)
    converted = False
    if t2s and not s.isascii() and _CJK_RE.search(s):
        out, offs = _convert(s, offs)
        converted = out != s
        s = out
    if offs is None:
        offs = _identity(len(s) + 1)[: len(s) + 1]
    return Normalized(text=s, original=text, offsets=offs, converted=converted)
