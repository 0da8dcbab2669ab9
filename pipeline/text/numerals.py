"""Parse and write numbers as Chinese and English news reports write them.

Reports give counts in three ways: Arabic digits (75, 5,379, 1.2万), Chinese numerals
(七十五, 两, 廿八, 一百二十五; 壹佰 in financial documents; 二〇二〇 as a digit
sequence for years) and English words (seventy-five, one hundred and twenty-five, a dozen).
`parse_number` reads exactly one number or returns None; `ZH_NUM` and `EN_NUM` are regex
fragments (no groups) for finding candidates in running text; `to_chinese` and
`to_english` write numbers the way `parse_number` reads them.
"""

from __future__ import annotations

import re
from decimal import Decimal, InvalidOperation
from functools import lru_cache

__all__ = ["EN_NUM", "ZH_NUM", "parse_number", "to_chinese", "to_english"]

# --- Chinese ---------------------------------------------------------------------------

# Financial (大写) and traditional forms are written to the everyday simplified ones before
# parsing; 廿/卅/卌 are single characters for 20/30/40 (廿八 = 28), common in dates.
_ZH_CANON = str.maketrans(
    {
        "壹": "一", "贰": "二", "貳": "二", "弍": "二", "叁": "三", "參": "三", "叄": "三",
        "肆": "四", "伍": "五", "陆": "六", "陸": "六", "柒": "七", "捌": "八", "玖": "九",
        "拾": "十", "佰": "百", "仟": "千", "萬": "万", "億": "亿", "兩": "两",
        "○": "〇", "廿": "二十", "卅": "三十", "卌": "四十", "點": "点",
        # Full-width digits and separators, in case a caller skipped normalisation.
        **{chr(0xFF10 + i): str(i) for i in range(10)},
        "，": ",", "．": ".",
    }
)
_ZH_DIGIT = {"〇": 0, "零": 0, "一": 1, "二": 2, "两": 2, "三": 3, "四": 4,
             "五": 5, "六": 6, "七": 7, "八": 8, "九": 9}
_ZH_SMALL_UNIT = {"十": 10, "百": 100, "千": 1000}
# 〇 and 零 are both used for zero; a run of these digits alone is a digit sequence
# (二〇二〇 = 2020). 两 is excluded: it is only ever a count ("两个县"), never a digit.
_ZH_SEQ_RE = re.compile(r"[〇零一二三四五六七八九]+")
_ZH_TOKEN_RE = re.compile(r"((?:[0-9]{1,3}(?:,[0-9]{3})+|[0-9]+)(?:\.[0-9]+)?)|([一二两三四五六七八九])|(零|〇)|([十百千])|(.)", re.S)
_ARABIC_RE = re.compile(r"[+-]?(?:[0-9]{1,3}(?:,[0-9]{3})+|[0-9]+)(?:\.[0-9]+)?")
_MAX_LEN = 200  # longer strings are not one number ("one hundred and ..." runs long in words)
_MAX_SEQ = 12  # a digit sequence (二〇二〇) longer than this is not a number in a report


def _zh_small(s: str, *, leading: bool) -> Decimal | None:
    """Value of a Chinese number below 万 (units 千百十), or None.

    `leading` allows an implicit 一 before the first unit (十五 = 15, 百万 = 1,000,000),
    which is only idiomatic at the start of the whole number.
    """
    value = Decimal(0)
    cur: Decimal | None = None
    cur_is_zh_digit = False
    last_unit = 10_000
    prev: str | None = None  # kind of the previous token
    before_cur: str | None = None
    for m in _ZH_TOKEN_RE.finditer(s):
        arabic, digit, zero, unit, other = m.groups()
        if other is not None:
            return None
        if arabic is not None or digit is not None:
            if cur is not None:
                return None
            cur = Decimal(arabic.replace(",", "")) if arabic is not None else Decimal(_ZH_DIGIT[digit])
            cur_is_zh_digit = digit is not None
            before_cur = prev
            prev = "num"
        elif zero is not None:
            if cur is not None or prev is None:
                return None
            prev = "zero"
        else:
            u = _ZH_SMALL_UNIT[unit]
            if cur is None:
                if prev is None and leading:
                    cur = Decimal(1)
                else:
                    return None
            if u >= last_unit:
                return None
            value += cur * u
            last_unit = u
            cur = None
            prev = "unit"
    if prev is None or prev == "zero":
        return None
    if cur is not None:
        if before_cur == "unit":
            # 三千五 = 3500, 一百二 = 120: a bare digit right after a unit counts in the next
            # lower unit. Only for Chinese digits; "5千3" is too ambiguous to guess.
            if not cur_is_zh_digit:
                return None
            cur = cur * last_unit / 10
        value += cur
    return value


def _zh_value(s: str, *, leading: bool = True) -> Decimal | None:
    """Value of a Chinese (or mixed Arabic/Chinese) number, or None."""
    for big_char, big in (("亿", 10**8), ("万", 10**4)):
        i = s.find(big_char)
        if i < 0:
            continue
        left, right = s[:i], s[i + 1 :]
        if not left or big_char in right or (big_char == "万" and "亿" in right):
            return None
        hi = _zh_value(left, leading=leading)
        if hi is None:
            return None
        lo = Decimal(0)
        if right:
            if right[0] in "零〇":
                lo_v = _zh_value(right[1:], leading=False) if len(right) > 1 else None
            elif len(right) == 1 and right in _ZH_DIGIT:
                # 一万五 = 15000, 一亿五 = 150000000 (colloquial: the digit is in the next unit).
                lo_v = Decimal(_ZH_DIGIT[right] * big // 10)
            else:
                lo_v = _zh_value(right, leading=False)
            if lo_v is None or lo_v >= big:
                return None
            lo = lo_v
        return hi * big + lo
    if "点" in s:
        whole, _, frac = s.partition("点")
        w = _zh_value(whole, leading=leading)
        if w is None or not frac or not _ZH_SEQ_RE.fullmatch(frac):
            return None
        digits = "".join(str(_ZH_DIGIT[c]) for c in frac)
        return w + Decimal("0." + digits)
    if _ZH_SEQ_RE.fullmatch(s):
        if len(s) > _MAX_SEQ:
            return None
        return Decimal(int("".join(str(_ZH_DIGIT[c]) for c in s)))
    if _ARABIC_RE.fullmatch(s):
        return Decimal(s.replace(",", ""))
    return _zh_small(s, leading=leading)


# --- English ---------------------------------------------------------------------------

_EN_SMALL = {
    "zero": 0, "one": 1, "two": 2, "three": 3, "four": 4, "five": 5, "six": 6, "seven": 7,
    "eight": 8, "nine": 9, "ten": 10, "eleven": 11, "twelve": 12, "thirteen": 13,
    "fourteen": 14, "fifteen": 15, "sixteen": 16, "seventeen": 17, "eighteen": 18,
    "nineteen": 19,
}
_EN_TENS = {"twenty": 20, "thirty": 30, "forty": 40, "fifty": 50, "sixty": 60,
            "seventy": 70, "eighty": 80, "ninety": 90}
_EN_SCALE = {"thousand": 10**3, "million": 10**6, "billion": 10**9, "trillion": 10**12}
_EN_SPLIT_RE = re.compile(r"[\s\-‐‑–]+")


def _en_value(s: str) -> Decimal | None:
    """Value of an English number in words (optionally "1.5 million"), or None."""
    toks = [t for t in _EN_SPLIT_RE.split(s.lower().replace(",", " ")) if t]
    if not toks:
        return None
    if toks[0] in ("a", "an"):
        if len(toks) < 2 or toks[1] not in ("dozen", "hundred", *_EN_SCALE):
            return None
        toks[0] = "one"
    total = Decimal(0)
    group = Decimal(0)
    last: str | None = None  # kind of previous token
    last_scale = 10**16
    seen_number = False
    for i, tok in enumerate(toks):
        if tok in _EN_SMALL or tok in _EN_TENS:
            v = _EN_SMALL.get(tok, _EN_TENS.get(tok))
            assert v is not None
            if tok in _EN_TENS:
                ok = last in (None, "hundred", "scale", "and")
            elif last == "tens":
                ok = 0 < v < 10  # twenty one
            else:
                ok = last in (None, "hundred", "scale", "and")
            if not ok:
                return None
            if tok == "zero" and (len(toks) > 1):
                return None
            group += v
            last = "tens" if tok in _EN_TENS else "small"
            seen_number = True
        elif tok == "hundred":
            if last not in ("small", "tens") or not 0 < group < 100:
                return None
            group *= 100
            last = "hundred"
        elif tok in _EN_SCALE:
            scale = _EN_SCALE[tok]
            if last not in ("small", "tens", "hundred", "digits") or group <= 0 or scale >= last_scale:
                return None
            total += group * scale
            group = Decimal(0)
            last_scale = scale
            last = "scale"
        elif tok == "dozen":
            if last not in ("small", "tens") or i != len(toks) - 1:
                return None
            group *= 12
            last = "dozen"
        elif tok == "and":
            if last not in ("hundred", "scale") or i == len(toks) - 1:
                return None
            last = "and"
        elif i == 0 and _ARABIC_RE.fullmatch(tok) and len(toks) > 1:
            # "1.5 million", "2 billion": digits only before a scale word.
            group = Decimal(tok.replace(",", ""))
            last = "digits"
            seen_number = True
        else:
            return None
    if last == "digits" or not seen_number:
        return None
    return total + group


def _as_number(d: Decimal) -> int | float:
    return int(d) if d == d.to_integral_value() else float(d)


def parse_number(s: str) -> int | float | None:
    """Read one number written in Arabic digits, Chinese numerals or English words.

    Returns an int when the value is whole, a float otherwise, and None when `s` is not
    exactly one number ("三江", "第十八", "50%").
    """
    if not isinstance(s, str):
        return None
    return _parse_str(s)


@lru_cache(maxsize=8192)
def _parse_str(s: str) -> int | float | None:
    # The same few hundred numbers recur across an archive: read each spelling once.
    t = s.strip()
    if not t or len(t) > _MAX_LEN:
        return None
    t = t.translate(_ZH_CANON)
    try:
        if _ARABIC_RE.fullmatch(t):
            return _as_number(Decimal(t.replace(",", "")))
        if t.isascii():
            v = _en_value(t)
        else:
            v = _zh_value(t)
    except (InvalidOperation, ValueError, ArithmeticError):
        return None
    return None if v is None else _as_number(v)


# --- regex fragments -------------------------------------------------------------------

# Arabic numbers: "5,379" with thousands separators or a plain digit run, optional decimals.
# The lookbehinds keep a match from starting inside another number ("379" of "5,379", "2"
# of "1.2") while still allowing one right after a sentence comma ("县,5个村").
_ARABIC_FRAG = r"(?<![0-9])(?<![0-9][.,])(?:[0-9]{1,3}(?:,[0-9]{3})+|[0-9]+)(?:\.[0-9]+)?(?![0-9])"
_ZH_START = "〇零○一二两三四五六七八九十廿卅卌壹贰貳叁參肆伍陆陸柒捌玖拾兩"
_ZH_ANY = _ZH_START + "百千万亿佰仟萬億"
_ZH_UNITS = "十百千万亿拾佰仟萬億"
ZH_NUM: str = (
    rf"(?:{_ARABIC_FRAG}(?:[{_ZH_UNITS}]+(?:[0-9]+[{_ZH_UNITS}]+)*)?"
    rf"|[{_ZH_START}][{_ZH_ANY}]*)"
)

_EN_WORD_LIST = sorted([*_EN_SMALL, *_EN_TENS, "hundred", *_EN_SCALE, "dozen"], key=len, reverse=True)
_EN_W = r"(?:" + "|".join(_EN_WORD_LIST) + r")\b"
_EN_SCALES_ALT = "hundred|thousand|million|billion|trillion"
_EN_AND = "".join(f"(?<={w})" if not i else f"|(?<={w})" for i, w in enumerate(_EN_SCALES_ALT.split("|")))
EN_NUM: str = (
    rf"(?:{_ARABIC_FRAG}(?:\s+(?:{_EN_SCALES_ALT})\b)?"
    rf"|\b(?:an?\s+(?:dozen|{_EN_SCALES_ALT})\b|{_EN_W})"
    rf"(?:(?:\s*-\s*|\s+){_EN_W}|(?:{_EN_AND})\s+and\s+{_EN_W})*)"
)

# --- writing ---------------------------------------------------------------------------

_ZH_DIGIT_CHARS = "零一二三四五六七八九"


def _zh_below_10000(n: int) -> str:
    parts: list[str] = []
    gap = False
    for unit, ch in ((1000, "千"), (100, "百"), (10, "十"), (1, "")):
        d = n // unit % 10
        if d:
            if gap:
                parts.append("零")
                gap = False
            parts.append(_ZH_DIGIT_CHARS[d] + ch)
        elif parts:
            gap = True
    return "".join(parts)


def _zh(n: int) -> str:
    for big, ch in ((10**8, "亿"), (10**4, "万")):
        if n >= big:
            hi, lo = divmod(n, big)
            s = _zh(hi) + ch
            if lo:
                # 一万零五百 (10500) but 一万二千 (12000): 零 marks a skipped unit.
                s += ("零" if lo < big // 10 else "") + _zh(lo)
            return s
    return _zh_below_10000(n)


def to_chinese(n: int) -> str:
    """Write a non-negative integer in Chinese numerals: 75 → 七十五, 105 → 一百零五."""
    if n < 0:
        raise ValueError(f"negative number: {n}")
    if n == 0:
        return "零"
    s = _zh(n)
    # 十五, 十五万: a leading 一十 is written without the 一.
    return s[1:] if s.startswith("一十") else s


_EN_UNITS_WORDS = list(_EN_SMALL)
_EN_TENS_WORDS = {v: k for k, v in _EN_TENS.items()}


def _en_below_1000(n: int) -> str:
    hundreds, rest = divmod(n, 100)
    parts: list[str] = []
    if hundreds:
        parts.append(_EN_UNITS_WORDS[hundreds] + " hundred")
    if rest:
        if hundreds:
            parts.append("and")
        if rest < 20:
            parts.append(_EN_UNITS_WORDS[rest])
        else:
            tens, units = divmod(rest, 10)
            parts.append(_EN_TENS_WORDS[tens * 10] + (f"-{_EN_UNITS_WORDS[units]}" if units else ""))
    return " ".join(parts)


def to_english(n: int) -> str:
    """Write a non-negative integer below 10**15 in English words (British "and")."""
    if n < 0 or n >= 10**15:
        raise ValueError(f"out of range: {n}")
    if n == 0:
        return "zero"
    parts: list[str] = []
    rest = n
    for scale, word in ((10**12, "trillion"), (10**9, "billion"), (10**6, "million"), (10**3, "thousand")):
        hi, rest = divmod(rest, scale)
        if hi:
            parts.append(f"{_en_below_1000(hi)} {word}")
    if rest:
        # one thousand and five; two million one hundred and six
        if parts and rest < 100:
            parts.append("and")
        parts.append(_en_below_1000(rest))
    return " ".join(parts)
