"""Find date mentions in Chinese and English reports and resolve them against the
publication date.

Exit announcements date themselves loosely: "21日" (the 21st of the month the report
appeared in, or of the month before), "去年底", "on Saturday", "by the end of 2019".
Each mention is resolved to an ISO value at the granularity the text supports ("2020",
"2020-11", "2020-11-21") and says how: `relative` marks values that depend on the
publication date, `note` explains the resolution and `problem` says why a value is
missing or doubtful.

Resolution rules: a date without its year takes the publication year, or the year before
when that would put it after the publication date (11月20日 in a report of 2021-02-03 is
2020-11-20); a bare day of the month takes the publication month, or the month before
(21日 in a report of 2020-11-22 is 2020-11-21; 25日 in one of 2020-11-05 is 2020-10-25).
A relative date never resolves after the publication date: a forward-looking one
("今年底前摘帽" in a November report) gets no value and a problem instead. A fully
stated date after the publication date keeps its value, with a problem for the checks.

Own regexes throughout: general date parsers read "21日" as "21 days ago" and
"67 counties" as the year 67. Text should be normalised first (pipeline.text.normalize):
the patterns expect ASCII digits and single spaces.
"""

from __future__ import annotations

import calendar
import re
from dataclasses import dataclass
from datetime import date, datetime, timedelta
from typing import Callable, Literal

from pipeline.text.numerals import parse_number

__all__ = ["DateMention", "find_dates_en", "find_dates_zh", "published_from_text"]

Granularity = Literal["day", "month", "year"]

NO_PUB_YEAR = "year not stated and no publication date"
NO_PUB_MONTH = "month and year not stated and no publication date"
NO_PUB_RELATIVE = "relative to the publication date, which is unknown"
AFTER_PUB = "after the publication date"


@dataclass(frozen=True)
class DateMention:
    """A date in the text: `text == source[start:end]`, resolved to `value`."""

    start: int
    end: int
    text: str
    value: str | None  # "YYYY", "YYYY-MM" or "YYYY-MM-DD"; None when it cannot be resolved
    granularity: Granularity
    relative: bool  # resolved against the publication date
    note: str  # how it was resolved
    problem: str | None = None  # why value is None or doubtful


# --- resolution --------------------------------------------------------------------------

_Res = tuple[str | None, Granularity, bool, str, "str | None"]  # value, granularity, relative, note, problem


def _ymd(y: int, m: int, d: int) -> date | None:
    if not (1 <= y <= 9999 and 1 <= m <= 12 and 1 <= d <= calendar.monthrange(y, m)[1]):
        return None
    return date(y, m, d)


def _prev_month(y: int, m: int) -> tuple[int, int]:
    return (y - 1, 12) if m == 1 else (y, m - 1)


def _iso_month(y: int, m: int) -> str:
    return f"{y:04d}-{m:02d}"


def _full_day(y: int, m: int, d: int, pub: date | None, label: str) -> _Res:
    dt = _ymd(y, m, d)
    if dt is None:
        return None, "day", False, f"{label}: stated in full", f"no such date {y}-{m}-{d}"
    problem = AFTER_PUB if pub is not None and dt > pub else None
    return dt.isoformat(), "day", False, f"{label}: stated in full", problem


def _full_month(y: int, m: int, pub: date | None, note: str) -> _Res:
    problem = AFTER_PUB if pub is not None and date(y, m, 1) > pub else None
    return _iso_month(y, m), "month", False, note, problem


def _full_year(y: int, pub: date | None, note: str, gran: Granularity = "year", month: int | None = None) -> _Res:
    if month is not None:
        return _full_month(y, month, pub, note)
    problem = AFTER_PUB if pub is not None and y > pub.year else None
    return f"{y:04d}", gran, False, note, problem


def _month_day(m: int, d: int, pub: date | None, label: str) -> _Res:
    if pub is None:
        return None, "day", True, f"{label}: month and day without a year", NO_PUB_YEAR
    dt = _ymd(pub.year, m, d)
    if dt is not None and dt <= pub:
        return dt.isoformat(), "day", True, f"{label}: year taken from the publication date {pub}", None
    dt = _ymd(pub.year - 1, m, d)
    if dt is None:
        return None, "day", True, f"{label}: month and day without a year", f"no such date {m}-{d}"
    return (
        dt.isoformat(), "day", True,
        f"{label}: the year before the publication date {pub} (in {pub.year} it would be after it)", None,
    )


def _month_only(m: int, pub: date | None, label: str, *, strictly_before: bool = False) -> _Res:
    if pub is None:
        return None, "month", True, f"{label}: month without a year", NO_PUB_YEAR
    y = pub.year
    if m > pub.month or (strictly_before and m == pub.month):
        y -= 1
        return (
            _iso_month(y, m), "month", True,
            f"{label}: the year before the publication date {pub} (in {pub.year} it would not be before it)", None,
        )
    return _iso_month(y, m), "month", True, f"{label}: year taken from the publication date {pub}", None


def _day_only(d: int, pub: date | None, label: str) -> _Res:
    if pub is None:
        return None, "day", True, f"{label}: day of the month", NO_PUB_MONTH
    if d <= pub.day:
        dt = pub.replace(day=d)
        return dt.isoformat(), "day", True, f"{label}: day of the month of the publication date {pub}", None
    y, m = _prev_month(pub.year, pub.month)
    dt = _ymd(y, m, d)
    if dt is None:
        return (
            None, "day", True, f"{label}: day of the month",
            f"after the publication date {pub} in its month, and the month before has no day {d}",
        )
    return dt.isoformat(), "day", True, f"{label}: day of the month before the publication date {pub}", None


def _rel_day(delta: int, pub: date | None, label: str) -> _Res:
    if pub is None:
        return None, "day", True, label, NO_PUB_RELATIVE
    return (pub - timedelta(days=delta)).isoformat(), "day", True, f"{label}: {_DAYS_BACK[delta]} {pub}", None


_DAYS_BACK = {0: "the publication date", 1: "the day before the publication date", 2: "two days before the publication date"}


def _rel_year(back: int, pub: date | None, label: str, month: int | None = None) -> _Res:
    """A year counted back from the publication year; optionally a month of it."""
    if pub is None:
        return None, ("year" if month is None else "month"), True, label, NO_PUB_RELATIVE
    y = pub.year - back
    if month is None:
        return f"{y:04d}", "year", True, f"{label}: {y}, counted from the publication date {pub}", None
    if date(y, month, 1) > pub:
        # 今年底前, "by the end of this year": a target, not something that has happened.
        return (
            None, "month", True, f"{label}: {_iso_month(y, month)}, counted from the publication date {pub}",
            f"{AFTER_PUB} (a plan or target)",
        )
    return _iso_month(y, month), "month", True, f"{label}: {_iso_month(y, month)}, counted from the publication date {pub}", None


def _rel_month(back: int, pub: date | None, label: str) -> _Res:
    if pub is None:
        return None, "month", True, label, NO_PUB_RELATIVE
    y, m = pub.year, pub.month
    for _ in range(back):
        y, m = _prev_month(y, m)
    return _iso_month(y, m), "month", True, f"{label}: counted from the publication date {pub}", None


def _weekday(wd: int, pub: date | None, label: str, *, last: bool) -> _Res:
    if pub is None:
        return None, "day", True, label, NO_PUB_RELATIVE
    delta = (pub.weekday() - wd) % 7
    if last and delta == 0:
        delta = 7
    dt = pub - timedelta(days=delta)
    return dt.isoformat(), "day", True, f"{label}: the latest such weekday on or before the publication date {pub}", None


def _shortly_before(pub: date | None, label: str) -> _Res:
    if pub is None:
        return None, "month", True, label, NO_PUB_RELATIVE
    return _iso_month(pub.year, pub.month), "month", True, f"{label}: shortly before publication ({pub})", None


# --- Chinese ---------------------------------------------------------------------------

_ZD = "〇零○一二三四五六七八九"
_Y_ZH = rf"(?<![0-9])(?:1[89]|20)[0-9]{{2}}(?![0-9])|(?<![{_ZD}十])[{_ZD}]{{4}}"
_M_ZH = r"1[0-2](?![0-9])|0?[1-9](?![0-9])|十[一二]|十|[一二三四五六七八九]"
_D_ZH = (
    r"3[01](?![0-9])|[12][0-9](?![0-9])|0?[1-9](?![0-9])"
    r"|三十一?|卅一?|二十[一二三四五六七八九]?|廿[一二三四五六七八九]?|十[一二三四五六七八九]?|[一二三四五六七八九]"
)
# A bare day (21日) written in Chinese numerals must contain 十/廿/卅: 一日/五日 are far
# more often durations or set phrases (一日三餐) than dates.
_D_ZH_BARE = (
    r"3[01](?![0-9])|[12][0-9](?![0-9])|0?[1-9](?![0-9])"
    r"|三十一?|卅一?|二十[一二三四五六七八九]?|廿[一二三四五六七八九]?|十[一二三四五六七八九]?"
)
# Not a day: ordinals and document numbers (第3日, 〔2020〕25号), durations (连续5日,
# 近3日, 3日内), yen (5日元). 号 is also a house, room or batch number (人民路21号,
# 3栋21号, 中央1号文件), so it gets a wider guard; 日 after such characters is a date
# (国务院扶贫办公室17日宣布).
_DAY_GUARD_RI = rf"(?<![0-9{_ZD}十廿卅第〔〕\[\]【】()（）./\-续近每共约历了])"
_DAY_GUARD_HAO = rf"(?<![0-9{_ZD}十廿卅第〔〕\[\]【】()（）./\-号路街巷道弄楼栋室段期届批])"
_NUM_GUARD = rf"(?<![0-9{_ZD}十廿卅])"
_ISO = (
    r"(?<![0-9./\-])(?P<{p}_y>(?:19|20)[0-9]{{2}})(?P<{p}_s>[-/.])(?P<{p}_m>1[0-2]|0?[1-9])"
    r"(?P={p}_s)(?P<{p}_d>3[01]|[12][0-9]|0?[1-9])(?![0-9]|\.[0-9])"
)

_ZH_ALTERNATIVES: list[tuple[str, str]] = [
    ("ymd", rf"(?P<ymd_y>{_Y_ZH}) ?年 ?(?P<ymd_m>{_M_ZH}) ?月 ?(?P<ymd_d>{_D_ZH}) ?[日号]"),
    ("ymp", rf"(?P<ymp_y>{_Y_ZH}) ?年 ?(?P<ymp_m>{_M_ZH}) ?月份?(?P<ymp_p>上旬|中旬|下旬|底|末|初(?![步次期]))?"),
    ("yp", rf"(?P<yp_y>{_Y_ZH}) ?年(?P<yp_p>度|年?底|年?末|年?初(?![步次期])|[上下]半年)?"),
    ("num", _ISO.format(p="num")),
    # 2016—2020年: the first year of a range is written without 年.
    ("ry", r"(?<![0-9])(?P<ry_y>(?:19|20)[0-9]{2})(?= ?[-—–~至到] ?(?:19|20)[0-9]{2} ?年)"),
    ("md", rf"{_NUM_GUARD}(?P<md_m>{_M_ZH}) ?月 ?(?P<md_d>{_D_ZH}) ?[日号]"),
    ("mp", rf"{_NUM_GUARD}(?P<mp_m>{_M_ZH}) ?月份?(?P<mp_p>上旬|中旬|下旬|底|末|初(?![步次期]))?"),
    ("day", rf"{_DAY_GUARD_RI}(?P<day_d>{_D_ZH_BARE}) ?日(?!元|内|之内)"),
    ("dayh", rf"{_DAY_GUARD_HAO}(?P<dayh_d>{_D_ZH_BARE}) ?号(?![文件令楼线院房室车机站口门字栋])"),
    (
        "rel",
        rf"{_NUM_GUARD}(?P<rel_w>去年年?[底末初]|去年[上下]半年|去年|上年度?|前年|今年年?[底末初]|今年[上下]半年"
        r"|今年|本年度?|今天|今日|当天|当日|昨天|昨日|前天|日前|近日|近期|本月[底末初]?|上个?月[底末初]?|这个月)",
    ),
    ("yb", rf"(?<![0-9{_ZD}年今去明前本上后])(?P<yb_w>年[底末]|年初(?![步次期])|[上下]半年)"),
    ("mb", rf"(?<![0-9{_ZD}十月本个上下])(?P<mb_w>月[底末初]|[上中下]旬)"),
    # 贵州省人民政府周一宣布…: a weekday, the latest one on or before the publication date
    # (as "on Monday" in English). Not 一周一次, 每周一, 周一至周五 as a schedule.
    ("wdz", rf"(?<![0-9{_ZD}每个隔这下上本至到—\-~])(?P<wdz_p>上)?(?:周|星期|礼拜)(?P<wdz_d>[一二三四五六日天])(?![至到—\-~])"),
]
# Every alternative starts with one of these characters; checking that first lets the
# engine skip most positions without trying 12 alternatives.
_ZH_START = f"(?=[0-9{_ZD}十廿卅去上前今本当昨日近这年月中下周星礼])"
_ZH_RE = re.compile(_ZH_START + "(?:" + "|".join(f"(?P<{name}>{pat})" for name, pat in _ZH_ALTERNATIVES) + ")")

_ZH_PART_NOTE = {
    None: "", "上旬": "early", "中旬": "mid", "下旬": "late", "底": "end of", "末": "end of", "初": "beginning of",
}


def _num(s: str | None) -> int | None:
    if s is None:
        return None
    if s.isascii() and s.isdigit():
        return int(s)
    v = parse_number(s.strip())
    return v if isinstance(v, int) else None


def _year_zh(s: str) -> int | None:
    y = _num(s)
    return y if y is not None and 1900 <= y <= 2099 else None


def _zh_ymd(m: re.Match[str], pub: date | None) -> _Res | None:
    y, mo, d = _year_zh(m["ymd_y"]), _num(m["ymd_m"]), _num(m["ymd_d"])
    if y is None or mo is None or d is None:
        return None
    return _full_day(y, mo, d, pub, m[0])


def _zh_ymp(m: re.Match[str], pub: date | None) -> _Res | None:
    y, mo = _year_zh(m["ymp_y"]), _num(m["ymp_m"])
    if y is None or mo is None or not 1 <= mo <= 12:
        return None
    part = m["ymp_p"]
    note = f"{m[0]}: {_ZH_PART_NOTE[part]} {_iso_month(y, mo)}".replace(":  ", ": ") if part else f"{m[0]}: stated month"
    return _full_month(y, mo, pub, note)


def _zh_yp(m: re.Match[str], pub: date | None) -> _Res | None:
    y = _year_zh(m["yp_y"])
    if y is None:
        return None
    part = (m["yp_p"] or "").lstrip("年")
    label = m[0]
    if part == "度":
        # 2019年度: the year a county was assessed for (考核年度), reported the year after.
        return _full_year(y, pub, f"{label}: assessment year {y}")
    if part in ("底", "末"):
        return _full_year(y, pub, f"{label}: end of {y}", month=12)
    if part == "初":
        return _full_year(y, pub, f"{label}: beginning of {y}", month=1)
    if part == "上半年":
        return _full_year(y, pub, f"{label}: first half of {y}")
    if part == "下半年":
        return _full_year(y, pub, f"{label}: second half of {y}")
    return _full_year(y, pub, f"{label}: stated year")


def _iso_num(m: re.Match[str], pub: date | None, p: str) -> _Res | None:
    return _full_day(int(m[f"{p}_y"]), int(m[f"{p}_m"]), int(m[f"{p}_d"]), pub, m[0])


def _zh_ry(m: re.Match[str], pub: date | None) -> _Res | None:
    return _full_year(int(m["ry_y"]), pub, f"{m[0]}: first year of a range")


def _zh_md(m: re.Match[str], pub: date | None) -> _Res | None:
    mo, d = _num(m["md_m"]), _num(m["md_d"])
    if mo is None or d is None:
        return None
    return _month_day(mo, d, pub, m[0])


def _zh_mp(m: re.Match[str], pub: date | None) -> _Res | None:
    mo = _num(m["mp_m"])
    if mo is None or not 1 <= mo <= 12:
        return None
    return _month_only(mo, pub, m[0])


def _zh_day(m: re.Match[str], pub: date | None) -> _Res | None:
    d = _num(m["day_d"] or m["dayh_d"])
    if d is None or not 1 <= d <= 31:
        return None
    return _day_only(d, pub, m[0])


# word → (kind, amount, month-of-year or None)
_ZH_REL: dict[str, tuple[str, int, int | None]] = {
    "今天": ("day", 0, None), "今日": ("day", 0, None), "当天": ("day", 0, None), "当日": ("day", 0, None),
    "昨天": ("day", 1, None), "昨日": ("day", 1, None), "前天": ("day", 2, None),
    "日前": ("soon", 0, None), "近日": ("soon", 0, None), "近期": ("soon", 0, None),
    "今年": ("year", 0, None), "本年": ("year", 0, None), "本年度": ("year", 0, None),
    "去年": ("year", 1, None), "上年": ("year", 1, None), "上年度": ("year", 1, None), "前年": ("year", 2, None),
    "本月": ("month", 0, None), "这个月": ("month", 0, None), "上月": ("month", 1, None), "上个月": ("month", 1, None),
}


def _zh_rel(m: re.Match[str], pub: date | None) -> _Res | None:
    w = m["rel_w"]
    label = m[0]
    if w in _ZH_REL:
        kind, n, _ = _ZH_REL[w]
        if kind == "day":
            return _rel_day(n, pub, label)
        if kind == "soon":
            return _shortly_before(pub, label)
        if kind == "year":
            return _rel_year(n, pub, label)
        return _rel_month(n, pub, label)
    back = 1 if w.startswith("去年") else 0
    if w.startswith(("本月", "上月", "上个月")):
        return _rel_month(0 if w.startswith("本月") else 1, pub, label)
    tail = w[2:].lstrip("年")
    if tail in ("底", "末"):
        return _rel_year(back, pub, label, month=12)
    if tail == "初":
        return _rel_year(back, pub, label, month=1)
    # 上半年 / 下半年: the year, with the half in the note.
    return _rel_year(back, pub, label)


def _zh_yb(m: re.Match[str], pub: date | None) -> _Res | None:
    w = m["yb_w"]
    if w in ("年底", "年末"):
        return _rel_year(0, pub, m[0], month=12)
    if w == "年初":
        return _rel_year(0, pub, m[0], month=1)
    return _rel_year(0, pub, m[0])


def _zh_mb(m: re.Match[str], pub: date | None) -> _Res | None:
    return _rel_month(0, pub, m[0])


_ZH_HANDLERS: dict[str, Callable[[re.Match[str], date | None], _Res | None]] = {
    "ymd": _zh_ymd, "ymp": _zh_ymp, "yp": _zh_yp, "num": lambda m, pub: _iso_num(m, pub, "num"),
    "ry": _zh_ry, "md": _zh_md, "mp": _zh_mp, "day": _zh_day, "dayh": _zh_day, "rel": _zh_rel, "yb": _zh_yb, "mb": _zh_mb,
    "wdz": lambda m, pub: _weekday("一二三四五六日天".index(m["wdz_d"]) % 7 if m["wdz_d"] != "天" else 6,
                                   pub, m[0], last=m["wdz_p"] is not None),
}


# --- English ---------------------------------------------------------------------------

_MONTHS_EN = {
    "january": 1, "february": 2, "march": 3, "april": 4, "may": 5, "june": 6, "july": 7,
    "august": 8, "september": 9, "october": 10, "november": 11, "december": 12,
}
_MONTH_ABBR = {"jan": 1, "feb": 2, "mar": 3, "apr": 4, "jun": 6, "jul": 7, "aug": 8, "sep": 9,
               "sept": 9, "oct": 10, "nov": 11, "dec": 12}


def _month_alt(full: str, abbrs: tuple[str, ...]) -> str:
    alts = [rf"{full}(?![a-z])"] + [rf"{a}(?:\.|(?![a-z]))" for a in abbrs if a != full]
    return "|".join(alts)


_MONTH_FORMS = {
    "january": ("jan",), "february": ("feb",), "march": ("mar",), "april": ("apr",), "may": (),
    "june": ("jun",), "july": ("jul",), "august": ("aug",), "september": ("sept", "sep"),
    "october": ("oct",), "november": ("nov",), "december": ("dec",),
}
# Month names must start with a capital: "may" and "march" in lower case are verbs.
# Case-insensitive after that, for datelines in capitals ("NOV. 21").
_MONTH_FULL = r"(?=[A-Z])(?i:" + "|".join(rf"{m}(?![a-z])" for m in _MONTHS_EN) + ")"
_MONTH_ANY = r"(?=[A-Z])(?i:" + "|".join(_month_alt(m, a) for m, a in _MONTH_FORMS.items()) + ")"
_WEEKDAYS = ["monday", "tuesday", "wednesday", "thursday", "friday", "saturday", "sunday"]
_WEEKDAY = r"(?=[A-Z])(?i:" + "|".join(_WEEKDAYS) + r")(?![A-Za-z])"
_D_EN = r"(?:3[01]|[12][0-9]|0?[1-9])"
_ORD = r"(?:st|nd|rd|th)?"
_Y_EN = r"(?:19|20)[0-9]{2}(?![0-9])"
# Nouns that make a four-digit number a count, not a year: "2019 counties".
_COUNT_NOUN = (
    r"(?:(?:poor|impoverished|poverty-stricken|rural|registered)\s+)?"
    r"(?i:counties|county|villages?|people|persons?|residents?|households?|famil(?:y|ies)|individuals?"
    r"|townships?|towns?|provinces?|cities|city|regions?|units?|yuan|dollars?|cases?|projects?|students?"
    r"|cadres?|officials?|workers?|farmers?|hectares?|mu|tons?|tonnes?|km|kilomet(?:er|re)s?|square"
    r"|million|billion|thousand|more|percent|per\s+cent|of\s+(?:the|them|which|whom))\b"
)
_PREPS = ("in", "since", "by", "until", "till", "from", "during", "before", "after", "through",
          "throughout", "of", "around")
# Fixed-width lookbehinds, so that every English pattern starts at its date word or digits
# (which the prefilter below relies on) while "in 2019", "in February" still need "in".
_PREP_BEHIND = "(?:" + "|".join(f"(?<=\\b{p} )|(?<=\\b{p.title()} )" for p in _PREPS) + ")"
# "the 21st" is a date only when no noun follows it ("the 21st century").
_NTH_FOLLOW_OK = (
    r"(?i:of|and|when|at|in|on|after|before|as|to|with|was|were|that|this|the|last|but|or|during"
    r"|through|until|till|is|are|had|has|have|saw|morning|afternoon|evening|night)\b"
)

_EN_ALTERNATIVES: list[tuple[str, str]] = [
    ("iso", _ISO.format(p="iso")),
    ("mdy", rf"(?P<mdy_m>{_MONTH_ANY})\s*(?P<mdy_d>{_D_EN}){_ORD}(?![0-9]),?\s+(?P<mdy_y>{_Y_EN})"),
    ("dmy", rf"(?<![0-9])(?P<dmy_d>{_D_EN}){_ORD}\s+(?:of\s+)?(?P<dmy_m>{_MONTH_ANY}),?\s+(?P<dmy_y>{_Y_EN})"),
    ("my", rf"(?P<my_m>{_MONTH_ANY}),?\s+(?P<my_y>{_Y_EN})"),
    ("md", rf"(?P<md_m>{_MONTH_ANY})\s*(?P<md_d>{_D_EN}){_ORD}(?![0-9]|\s*(?:%|(?i:percent)))"),
    ("dm", rf"(?<![0-9])(?P<dm_d>{_D_EN}){_ORD}\s+(?:of\s+)?(?P<dm_m>{_MONTH_ANY})"),
    (
        "end",
        rf"(?P<end_k>(?i:end|close|beginning|start))\s+of\s+(?:(?P<end_y>{_Y_EN})"
        rf"|(?P<end_ry>(?i:last|this|the|next))\s+year|(?P<end_m>{_MONTH_FULL})(?:,?\s+(?P<end_my>{_Y_EN}))?"
        rf"|(?P<end_rm>(?i:last|this|the))\s+month)",
    ),
    ("endy", r"(?i:end-)(?P<endy_y>(?:19|20)[0-9]{2})(?![0-9])"),
    (
        "half",
        rf"(?P<half_w>(?i:first|second))\s+half\s+of\s+(?:(?P<half_y>{_Y_EN})|(?P<half_r>(?i:this|last))\s+year)",
    ),
    (
        "eml",
        rf"(?P<eml_w>(?i:early|mid|late))(?:-|\s+)(?:(?P<eml_y>{_Y_EN})"
        rf"|(?P<eml_m>{_MONTH_FULL})(?:,?\s+(?P<eml_my>{_Y_EN}))?)",
    ),
    (
        "rel",
        r"(?P<rel_w>(?i:today|yesterday|(?:earlier|later)\s+this\s+(?:year|month)|this\s+(?:year|month)"
        r"|last\s+(?:year|month)|year[- ]end))\b",
    ),
    ("wd", rf"(?:(?P<wd_last>(?i:last))\s+)?(?P<wd_d>{_WEEKDAY})"),
    ("nth", rf"(?<=[Tt]he )(?P<nth_d>{_D_EN})(?i:st|nd|rd|th)\b(?!\s+(?!{_NTH_FOLLOW_OK})[A-Za-z])"),
    ("mor", rf"(?P<mor_p>(?i:last|this))\s+(?P<mor_m>{_MONTH_ANY})(?!\s*[0-9])"),
    ("mo", rf"{_PREP_BEHIND}(?P<mo_m>{_MONTH_ANY})(?!\s*[0-9])"),
    ("iny", rf"{_PREP_BEHIND}(?P<iny_y>(?:19|20)[0-9]{{2}})(?![0-9]|,[0-9]|\.[0-9]|%|\s+{_COUNT_NOUN})"),
    ("yr", rf"(?<![0-9.,$¥#/])(?<!No\. )(?P<yr_y>20[0-2][0-9]|2030)(?![0-9]|,[0-9]|\.[0-9]|%|\s*-\s*[0-9]{{1,2}}\b|\s+{_COUNT_NOUN})"),
]
# Every alternative starts at a word start with a digit, a capital or one of these words;
# checking that first lets the engine skip most positions without trying 17 alternatives.
_EN_START = (
    r"(?<![A-Za-z0-9])(?=[0-9A-Z]|(?:today|yesterday|this|last|earlier|later|end|early|mid|late"
    r"|first|second|close|beginning|start|year)\b)"
)
_EN_RE = re.compile(_EN_START + "(?:" + "|".join(f"(?P<{name}>{pat})" for name, pat in _EN_ALTERNATIVES) + ")")


def _month_en(s: str) -> int:
    k = s.lower().rstrip(".")
    return _MONTHS_EN.get(k) or _MONTH_ABBR[k]


def _en_mdy(m: re.Match[str], pub: date | None) -> _Res | None:
    return _full_day(int(m["mdy_y"]), _month_en(m["mdy_m"]), int(m["mdy_d"]), pub, m[0])


def _en_dmy(m: re.Match[str], pub: date | None) -> _Res | None:
    return _full_day(int(m["dmy_y"]), _month_en(m["dmy_m"]), int(m["dmy_d"]), pub, m[0])


def _en_my(m: re.Match[str], pub: date | None) -> _Res | None:
    return _full_month(int(m["my_y"]), _month_en(m["my_m"]), pub, f"{m[0]}: stated month")


def _en_md(m: re.Match[str], pub: date | None) -> _Res | None:
    return _month_day(_month_en(m["md_m"]), int(m["md_d"]), pub, m[0])


def _en_dm(m: re.Match[str], pub: date | None) -> _Res | None:
    return _month_day(_month_en(m["dm_m"]), int(m["dm_d"]), pub, m[0])


def _en_end(m: re.Match[str], pub: date | None) -> _Res | None:
    label = m[0]
    end = m["end_k"].lower() in ("end", "close")
    month = 12 if end else 1
    what = "end of" if end else "beginning of"
    if m["end_y"]:
        y = int(m["end_y"])
        return _full_month(y, month, pub, f"{label}: {what} {y}")
    if m["end_ry"]:
        rel = m["end_ry"].lower()
        if rel == "next":
            return None
        return _rel_year(1 if rel == "last" else 0, pub, label, month=month)
    if m["end_m"]:
        mo = _month_en(m["end_m"])
        if m["end_my"]:
            return _full_month(int(m["end_my"]), mo, pub, f"{label}: {what} {_iso_month(int(m['end_my']), mo)}")
        return _month_only(mo, pub, label)
    return _rel_month(1 if m["end_rm"].lower() == "last" else 0, pub, label)


def _en_endy(m: re.Match[str], pub: date | None) -> _Res | None:
    y = int(m["endy_y"])
    return _full_month(y, 12, pub, f"{m[0]}: end of {y}")


def _en_half(m: re.Match[str], pub: date | None) -> _Res | None:
    if m["half_y"]:
        y = int(m["half_y"])
        return _full_year(y, pub, f"{m[0]}: {m['half_w'].lower()} half of {y}")
    return _rel_year(1 if m["half_r"].lower() == "last" else 0, pub, m[0])


def _en_eml(m: re.Match[str], pub: date | None) -> _Res | None:
    w = m["eml_w"].lower()
    if m["eml_y"]:
        y = int(m["eml_y"])
        return _full_year(y, pub, f"{m[0]}: {w} {y}")
    mo = _month_en(m["eml_m"])
    if m["eml_my"]:
        y = int(m["eml_my"])
        return _full_month(y, mo, pub, f"{m[0]}: {w} {_iso_month(y, mo)}")
    return _month_only(mo, pub, m[0])


def _en_rel(m: re.Match[str], pub: date | None) -> _Res | None:
    w = " ".join(m["rel_w"].lower().split())
    label = m[0]
    if w == "today":
        return _rel_day(0, pub, label)
    if w == "yesterday":
        return _rel_day(1, pub, label)
    if w.endswith("year-end") or w.endswith("year end"):
        return _rel_year(0, pub, label, month=12)
    back = 1 if w.startswith("last") else 0
    if w.endswith("month"):
        return _rel_month(back, pub, label)
    return _rel_year(back, pub, label)


def _en_wd(m: re.Match[str], pub: date | None) -> _Res | None:
    wd = _WEEKDAYS.index(m["wd_d"].lower())
    return _weekday(wd, pub, m[0], last=m["wd_last"] is not None)


def _en_nth(m: re.Match[str], pub: date | None) -> _Res | None:
    return _day_only(int(m["nth_d"]), pub, m[0])


def _en_mor(m: re.Match[str], pub: date | None) -> _Res | None:
    mo = _month_en(m["mor_m"])
    if m["mor_p"].lower() == "this" and pub is not None and mo > pub.month:
        # "this December" in a November report: still to come.
        return None, "month", True, f"{m[0]}: {_iso_month(pub.year, mo)}", f"{AFTER_PUB} (a plan or target)"
    # "last November" in a November report is a year back.
    return _month_only(mo, pub, m[0], strictly_before=m["mor_p"].lower() == "last")


def _en_mo(m: re.Match[str], pub: date | None) -> _Res | None:
    return _month_only(_month_en(m["mo_m"]), pub, m[0])


def _en_iny(m: re.Match[str], pub: date | None) -> _Res | None:
    y = int(m["iny_y"])
    return _full_year(y, pub, f"{m[0]}: stated year")


def _en_yr(m: re.Match[str], pub: date | None) -> _Res | None:
    y = int(m["yr_y"])
    return _full_year(y, pub, f"{m[0]}: stated year")


_EN_HANDLERS: dict[str, Callable[[re.Match[str], date | None], _Res | None]] = {
    "iso": lambda m, pub: _iso_num(m, pub, "iso"), "mdy": _en_mdy, "dmy": _en_dmy, "my": _en_my,
    "md": _en_md, "dm": _en_dm, "end": _en_end, "endy": _en_endy, "half": _en_half, "eml": _en_eml,
    "rel": _en_rel, "wd": _en_wd, "nth": _en_nth, "mor": _en_mor, "mo": _en_mo, "iny": _en_iny, "yr": _en_yr,
}


# --- ranges ------------------------------------------------------------------------------

# 公示 periods and the like: "2020年11月21日至27日", "11月28日—12月3日". The second date
# continues the first, not the publication date.
_ZH_RANGE_GAP = re.compile(r" ?(?:至|到|-|—|–|~|～|——) ?")


def _zh_range_end(kind: str, m: re.Match[str], start: date, relative: bool, pub: date | None) -> _Res | None:
    label = m[0]
    if kind in ("day", "dayh"):
        d = _num(m["day_d"] or m["dayh_d"])
        if d is None:
            return None
        y, mo = start.year, start.month
        if d < start.day:
            y, mo = (y + 1, 1) if mo == 12 else (y, mo + 1)
    else:
        mo, d = _num(m["md_m"]), _num(m["md_d"])
        if mo is None or d is None:
            return None
        y = start.year + (1 if (mo, d) < (start.month, start.day) else 0)
    dt = _ymd(y, mo, d)
    note = f"{label}: end of a range starting {start}"
    if dt is None:
        return None, "day", relative, note, f"no such date {y}-{mo}-{d}"
    if pub is not None and dt > pub:
        if relative:
            # The start's year or month came from the publication date; a relative date
            # is never placed after it (the period was still running when reported).
            return None, "day", True, f"{note}: {dt}", f"{AFTER_PUB} (a period still running)"
        return dt.isoformat(), "day", False, note, AFTER_PUB
    return dt.isoformat(), "day", relative, note, None


# --- driver ------------------------------------------------------------------------------


def _as_date(published: date | None) -> date | None:
    if isinstance(published, datetime):
        return published.date()
    return published


def _find(
    text: str,
    published: date | None,
    regex: re.Pattern[str],
    handlers: dict[str, Callable[[re.Match[str], date | None], _Res | None]],
    range_gap: re.Pattern[str] | None = None,
) -> list[DateMention]:
    pub = _as_date(published)
    out: list[DateMention] = []
    for m in regex.finditer(text):
        kind = m.lastgroup
        if kind is None:
            continue
        res: _Res | None = None
        if (
            range_gap is not None
            and kind in ("day", "dayh", "md")
            and out
            and out[-1].granularity == "day"
            and out[-1].value is not None
            and range_gap.fullmatch(text, out[-1].end, m.start())
        ):
            res = _zh_range_end(kind, m, date.fromisoformat(out[-1].value), out[-1].relative, pub)
        if res is None:
            res = handlers[kind](m, pub)
        if res is None:
            continue
        value, gran, relative, note, problem = res
        start, end = m.span()
        out.append(DateMention(start, end, text[start:end], value, gran, relative, note, problem))
    return out


def find_dates_zh(text: str, published: date | None) -> list[DateMention]:
    """Date mentions in Chinese text, in order, resolved against `published`."""
    return _year_then_month(text, _find(text, published, _ZH_RE, _ZH_HANDLERS, _ZH_RANGE_GAP))


def _year_then_month(text: str, found: list[DateMention]) -> list[DateMention]:
    """去年4月, 前年3月28日: a relative year written right before a month (and day) that
    took its year from the publication date gives that month its year."""
    out: list[DateMention] = []
    for d in found:
        prev = out[-1] if out else None
        if prev is not None and prev.end == d.start and prev.granularity == "year" and prev.value \
                and d.value and d.granularity in ("month", "day") and d.relative and len(d.value) >= 7:
            value = prev.value + d.value[4:]
            try:
                date.fromisoformat(value if len(value) == 10 else value + "-01")
            except ValueError:  # 去年2月29日 in a year without one: leave the two as they were
                out.append(d)
                continue
            out[-1] = DateMention(prev.start, d.end, text[prev.start:d.end], value, d.granularity, True,
                                  f"{prev.text}{d.text}: the month of {prev.note}", d.problem)
            continue
        out.append(d)
    return out


def find_dates_en(text: str, published: date | None) -> list[DateMention]:
    """Date mentions in English text, in order, resolved against `published`."""
    return _find(text, published, _EN_RE, _EN_HANDLERS)


# --- the article's own date ------------------------------------------------------------------

def _full_date(p: str) -> str:
    """A fully stated date (any script), as one named group `p`."""
    zh = rf"(?:{_Y_ZH}) ?年 ?(?:{_M_ZH}) ?月 ?(?:{_D_ZH}) ?[日号]?"
    iso = rf"(?<![0-9])(?:19|20)[0-9]{{2}}(?P<{p}_s>[-/.])(?:1[0-2]|0?[1-9])(?P={p}_s)(?:3[01]|[12][0-9]|0?[1-9])(?![0-9])"
    en = rf"(?:{_MONTH_ANY})\s*{_D_EN}{_ORD},?\s+{_Y_EN}|(?<![0-9]){_D_EN}{_ORD}\s+(?:{_MONTH_ANY}),?\s+{_Y_EN}"
    return rf"(?P<{p}>{zh}|{iso}|{en})"


_TIME = r"[0-9]{1,2}:[0-9]{2}"
# Only dates a page states as its own: a labelled page date, a date with a clock time
# (page headers: "2020-11-21 10:23"), a date followed by the source line, or a dateline
# that carries the year. A dateline without its year ("新华社兰州11月21日电") is not enough;
# neither is a labelled period such as 公示时间 (the lookbehind rejects a longer label).
_PUB_RE = re.compile(
    rf"(?=[0-9{_ZD}发时日更成發]|(?<![A-Za-z])[A-Zupdlr])(?:"
    r"(?<![\u4e00-\u9fff])(?:发布时间|发布日期|发表时间|发表日期|更新时间|发稿时间|发文日期|成文日期|日期|时间"
    r"|發布時間|發佈時間|發布日期|發表時間|更新時間)\s*[:：]?\s*" + _full_date("d1")
    + r"|\b(?i:(?:last\s+)?updated|published|posted|release\s+date|publication\s+date|date)(?:\s+(?:on|at))?"
    r"\s*[:：]?\s*(?:" + _TIME + r",?\s+)?" + _full_date("d2")
    + "|" + _full_date("d3")
    + r"(?=,?\s*(?:" + _TIME + r"|(?:来源|來源|作者|编辑|編輯|责任编辑|責任編輯|(?i:source|editor))\s*[:：]"
    r"|电|電|\((?:Xinhua|Reuters|AP|AFP|China Daily|CGTN|ECNS)\)))"
    # a wire dateline with its year: "GUIYANG, Nov. 23, 2020 --", "LHASA, 23 December 2019 —"
    r"|(?<![A-Za-z])[A-Z][A-Z'’-]+(?: [A-Z][A-Z'’-]+){0,2},\s*" + _full_date("d4") + r"(?=\s*(?:--|—|–))"
    + ")"
)


def published_from_text(text: str) -> date | None:
    """The article's own date, when the page states one clearly (a labelled page date,
    a date with a clock time, a date before the source line), else None."""
    for m in _PUB_RE.finditer(text):
        s = m["d1"] or m["d2"] or m["d3"] or m["d4"]
        if not s:
            continue
        for finder in (find_dates_zh, find_dates_en):
            for dm in finder(s, None):
                if dm.granularity == "day" and not dm.relative and dm.value is not None:
                    return date.fromisoformat(dm.value)
    return None
