"""Counts: numbers with the noun they count, their qualifiers, scope and as-of date.

A number is a count only when a counted noun follows it (8个县, 5,379个贫困村, "75
impoverished counties") or precedes it (贫困县75个). Years, days, document numbers
(湘政函〔2018〕45号), ordinals (第十八次) and percentages have no counted noun and so are
never counts. Units keep counties, county-level units (县（市、区）), villages, people,
households and provinces apart, so villages never feed a county total.

Qualifier roles (used by the checks): total, subset, remaining, cumulative, exited,
not_exited, lower_bound, approx, national, provincial.
"""

from __future__ import annotations

import bisect
import re
from typing import Optional

import numpy
from spacy.attrs import IDX, LIKE_NUM, LOWER
from spacy.language import Language
from spacy.tokens import Doc

from ..text.numerals import EN_NUM, ZH_NUM, parse_number
from .doc import Count, sentence_index

# -- Chinese ------------------------------------------------------------------------------

_ZH_UNITS: list[tuple[str, str]] = [
    (r"县\s*[（(]\s*市\s*[、,，]?\s*区\s*(?:[、,，]\s*旗\s*)?[)）]", "county_unit"),
    (r"县\s*[（(]\s*区\s*[、,，]?\s*市\s*[)）]", "county_unit"),
    (r"县\s*[（(]\s*(?:市|区|市区)\s*[)）]", "county_unit"),
    (r"县市区|县区市|县\(市\)区|区县|县区|市县|县级单位", "county_unit"),
    (r"省\s*[（(]\s*区\s*[、,，]?\s*市\s*[)）]|省区市|省份|省区|个省", "province"),
    (r"(?:国家扶贫开发工作重点县|国家级贫困(?:旗)?县|国家贫困县|国贫(?:旗)?县|深度贫困县|省定贫困县|省级贫困县|贫困(?:旗)?县|片区县|重点县|摘帽县|旗县)", "county"),
    (r"县(?![城委长级域里区市])", "county"),
    (r"(?:深度贫困村|贫困村|行政村|村)", "village"),
    (r"(?:建档立卡)?(?:贫困户|户)", "household"),
    (r"(?:建档立卡)?(?:贫困人口|贫困群众|群众|人口|人|名)", "person"),
]
_ZH_MODIFIER = (r"(?:(?:未摘帽|未脱贫|尚未摘帽|已摘帽|已脱贫|挂牌督战|深度|国家级|省级|省定|国定|重点|贫困|脱贫|摘帽|剩余|的)){0,3}"
                # a short relative clause: 106个有扶贫开发任务的县（市、区）
                r"(?:[^\d，,。；;、：:\s]{2,12}的)?")
_ZH_UNIT_RE = "|".join(f"(?P<u{i}>{p})" for i, (p, _) in enumerate(_ZH_UNITS))
_ZH_COUNT = re.compile(
    rf"(?<![第\d.〔\[【（(])(?P<num>{ZH_NUM})\s*(?P<cl>个|家|座)?\s*(?P<mod>{_ZH_MODIFIER})(?P<noun>{_ZH_UNIT_RE})"
)
_ZH_COUNT_AFTER = re.compile(
    rf"(?P<noun>(?:国家级|深度|省级|省定|自治区级)?贫困县|片区县|重点县|贫困村)(?:共|总数|数量|总量)?(?:为|达|有|是)?(?P<num>{ZH_NUM})个"
)
#: 共有75个贫困县，其中58个…，17个为省定贫困县: a bare 个 count takes the unit of the count
#: before it in the same sentence.
_ZH_ELLIPTICAL = re.compile(rf"(?<![第\d.〔\[【])(?P<num>{ZH_NUM})个(?![月年小时百分点人村户])")
_ZH_QUALIFIERS: list[tuple[str, str]] = [
    (r"其中", "subset"),
    (r"剩余|剩下|还有|尚有|仍有|尚余|最后|余下", "remaining"),
    (r"累计|至此|先后|陆续|已有|总计|到目前为止|截至目前", "cumulative"),
    (r"共有|总共|共计|合计|全部|所有|共", "total"),
    (r"批准|同意|退出|摘帽|脱贫", "exited"),
    (r"未摘帽|尚未|未退出|未脱贫|督战", "not_exited"),
    (r"近(?![日期来年月些段])|约|超过|逾", "approx"),  # 近日/近期 is "recently", not "nearly"
    (r"全国|国家级", "national"),
    (r"省定|省级", "provincial"),
]
_ZH_QUAL_RE = [(re.compile(p), role) for p, role in _ZH_QUALIFIERS]
_CLAUSE_BREAK = re.compile(r"[，,；;。！？!?：:\n]")

# -- English ------------------------------------------------------------------------------

_EN_ADJ = r"(?:(?:poverty[- ]stricken|impoverished|poor|poverty|national[- ]level|state[- ]level|provincial[- ]level|national|provincial|state|province-designated|deeply|extremely|remaining|other|more|key|destitute|designated|severely|officially|targeted|registered|rural|administrative|such|last|final|deep|deep-poverty|state-designated|nationally\s+designated)\s+){0,3}"
_EN_UNITS: list[tuple[str, str]] = [
    (r"count(?:y|ies)\s*\(\s*(?:county-level\s+)?cities\s*(?:,|and)\s*districts\s*\)", "county_unit"),
    (r"count(?:y|ies)\s*,\s*(?:county-level\s+)?cities\s*,?\s*(?:and|or)\s*districts", "county_unit"),
    (r"county-level\s+(?:units|areas|divisions)", "county_unit"),
    # "29 counties and districts", "24 counties (districts)", "17 counties, cities and districts"
    (r"count(?:y|ies)\s*(?:\(\s*(?:districts|cities)\s*\)|(?:,\s*(?:county-level\s+)?cities\s*,?)?\s*(?:,|and|or)\s*(?:districts|(?:county-level\s+)?cities)\b)", "county_unit"),
    (r"provinces\s*,\s*(?:autonomous\s+)?regions\s*,?\s*and\s+municipalities|provinces\s*\(\s*(?:autonomous\s+)?regions\s*(?:,|and)\s*municipalities\s*\)|provincial-level\s+regions|provinces|regions", "province"),
    (r"count(?:y|ies)|banners", "county"),
    (r"villages", "village"),
    (r"households|families", "household"),
    (r"people|persons|residents|individuals|villagers|farmers", "person"),
]
_EN_UNIT_RE = "|".join(f"(?P<u{i}>{p})" for i, (p, _) in enumerate(_EN_UNITS))
_EN_COUNT = re.compile(
    rf"(?<![\w.,-])(?P<num>{EN_NUM})(?P<mil>\s+(?:million|thousand))?\s+(?P<mod>{_EN_ADJ})(?P<noun>{_EN_UNIT_RE})(?![A-Za-z])",
    re.I,
)
# An elliptical count is a number read next to its cue, each cue tried only where a
# number stands (see `_elliptical`):
_ELL_HEADS = ("of which", "among them", "among which", "including", "leaving", "a total of", "total of",
              "bringing the total to", "bringing the number to", "the remaining")
#: "…, of which 58 are …", "a total of 75", "leaving 8", "the remaining 17"
_ELL_HEAD = re.compile(rf"(?:{'|'.join(_ELL_HEADS)})\s+$", re.I)
_ELL_NOT_COUNT = re.compile(r"\s+(?:percent|per cent|%|years?|months?|days?)", re.I)
#: "67 of them"
_ELL_OF_THEM = re.compile(r"\s+of (?:them|these|which)\b", re.I)
#: a series after a count: "…: one county in the 2016 round; 15 in the 2017 round; 18 in …"
_ELL_SERIES_BEFORE = re.compile(r"(?:[;,]|\band\b)\s*(?:and\s+)?(?:the\s+)?(?:final\s+|last\s+|remaining\s+)?$", re.I)
_ELL_SERIES_AFTER = re.compile(r"\s+(?=in\s+(?:the\s+)?(?:\d{4}|this|last)|this year|last year)", re.I)
#: "Of the 30, 71 are …": the second number is a part of the first
_ELL_OF_THE = re.compile(rf"\bOf the {EN_NUM},\s*$", re.I)
#: The parts of a breakdown: "Of Gansu's 75 counties, 58 were on the national list and 17
#: had been designated by the province"; "54 counties - 33 designated by the State and 21 by
#: the regional government".
_ELL_PART_BEFORE = re.compile(r"(?:[,;:]|\s--?|\s[—–])\s*(?:and\s+|while\s+)?$|\band\s+$")
_ELL_PART_AFTER = re.compile(r"\s+(?:were|was|are|is|had|have|has|designated|by)\b")
_EN_NUM_AT = re.compile(rf"(?:{EN_NUM})\b", re.I)
#: "all 58 of the province's poverty counties", "436 of the 832 counties"
_EN_OF_COUNT = re.compile(
    rf"(?<![\w.,-])(?P<num>{EN_NUM})\s+of\s+(?:the|its|their|China's|the (?:province|region|country)'s|[A-Z][a-z]+(?: [A-Z][a-z]+)?'s)\s+"
    rf"(?:{EN_NUM}\s+)?(?P<mod>{_EN_ADJ})(?P<noun>count(?:y|ies)|villages|banners)\b", re.I)
_EN_QUALIFIERS: list[tuple[str, str]] = [
    (r"\bof (?:which|them|these|whom)\b|\bamong (?:them|which)\b|\bincluding\b", "subset"),
    (r"\bremaining\b|\bstill\b|\bthe rest\b|\blast\b|\bfinal\b|\bleft\b", "remaining"),
    (r"\bso far\b|\bin total\b|\bbringing the total\b|\bcumulative(?:ly)?\b|\bto date\b|\bhave\b.*\bone after another\b|\balready\b", "cumulative"),
    (r"\ba total of\b|\ball\b|\btotal\b|\baltogether\b", "total"),
    (r"\bexit|\bwithdr[ae]w|\blifted\b|\bremoved\b|\bshook off\b|\bshaken off\b|\bdelisted\b|\bapproved\b|\bquit\b|\bhats\b|\bgot rid\b", "exited"),
    (r"\bnot yet\b|\byet to\b|\bremain(?:ed|s)? (?:poor|impoverished|on the list)\b|\bunder supervision\b"
     r"|\bstill (?:in|on|under|fighting|battling)\b|\bleft on the (?:\w+ ){0,2}list\b", "not_exited"),
    (r"\babout\b|\bnearly\b|\bmore than\b|\bover\b|\baround\b|\balmost\b", "approx"),
    (r"\bnational\b|\bnationwide\b|\bcountry\b|\bChina's\b", "national"),
    (r"\bprovincial[- ]level\b|\bprovince-designated\b", "provincial"),
]
# Read on lower-cased clauses: a case-blind pattern tries every alternative at every character.
_EN_QUAL_RE = [(re.compile(p.replace("China's", "china's")), role) for p, role in _EN_QUALIFIERS]
_EN_NATIONAL_AFTER = re.compile(
    r"[^.;,]{0,25}?(?:\bnational (?:poverty )?list\b|\bnationwide\b|\bacross (?:the country|china)\b)")
_EN_REMAIN_AFTER = re.compile(r"[^.;]{0,30}?\b(?:remain(?:ed|s)?|were left|are left)\b")
_EN_LEAVING_BEFORE = re.compile(r"\bleaving\s*$")
_EN_LOWER_BOUND_AFTER = re.compile(r"\s*,?\s*(?:including|such as)\b", re.I)
_EN_CLAUSE_BREAK = re.compile(r"[;:\n]|[.!?](?=\s)|,\s(?:and|but|while|which)\b")
_DIGIT_RUN = re.compile(r"[0-9]+")


def number_starts(doc: Doc) -> list[int]:
    """Where an English number can start: digit runs, and the tokens spaCy marks `like_num`
    ("eight", "seventy") with a leading "a"/"an" ("a dozen"). Every count pattern begins at
    a number or contains one, so the patterns are tried there rather than at every
    character: case-insensitive patterns without a literal prefix are slow to scan.
    """
    starts = {m.start() for m in _DIGIT_RUN.finditer(doc._.raw)}
    if len(doc):
        strings = doc.vocab.strings
        arr = doc.to_array([LIKE_NUM, LOWER, IDX])  # one C pass, no Token objects
        num = (arr[:, 0] == 1) | (arr[:, 1] == strings["dozen"])
        article = (arr[:, 1] == strings["a"]) | (arr[:, 1] == strings["an"])
        lead = numpy.zeros_like(num)
        lead[:-1] = article[:-1] & num[1:]
        starts.update(arr[num | lead, 2].tolist())
    return sorted(starts)


def _matches_at(rx: re.Pattern, text: str, starts: list[int]) -> list[re.Match]:
    """`rx.finditer(text)` for a pattern that can only match at `starts`."""
    out: list[re.Match] = []
    end = -1
    for s in starts:
        if s >= end:
            m = rx.match(text, s)
            if m:
                out.append(m)
                end = m.end()
    return out


def _merge(spans: list[tuple[int, int]]) -> list[tuple[int, int]]:
    out: list[tuple[int, int]] = []
    for a, b in sorted(spans):
        if out and a <= out[-1][1]:
            out[-1] = (out[-1][0], max(out[-1][1], b))
        else:
            out.append((a, b))
    return out


def _elliptical(text: str, starts: list[int], lo: int, hi: int) -> list[tuple[int, int, int, str, str]]:
    """(cue start, number start, number end, kind, cue) of elliptical counts between `lo`
    and `hi`: the cue written before the number ("of which 58") or after it ("67 of them")."""
    out: list[tuple[int, int, int, str, str]] = []
    taken = inside = -1
    for s in starts[bisect.bisect_left(starts, lo):bisect.bisect_left(starts, hi)]:
        if s < taken or s < inside:
            continue  # "twenty-five" of "one hundred and twenty-five" is not a number of its own
        num = _EN_NUM_AT.match(text, s)
        if num is None:
            continue
        e = inside = num.end()
        pre = text[max(0, s - 40):s]
        base = s - len(pre)
        found = None
        if pre[-1:].isspace() and pre.rstrip().lower().endswith(_ELL_HEADS):
            m = _ELL_HEAD.search(pre)
            if m and not _ELL_NOT_COUNT.match(text, e):
                found = (base + m.start(), "head", m.group(0))
        if found is None and "of the" in pre.lower():
            m = _ELL_OF_THE.search(pre)
            if m:
                found = (base + m.start(), "of_the", m.group(0))
        if found is None and _ELL_SERIES_AFTER.match(text, e):
            m = _ELL_SERIES_BEFORE.search(pre)
            if m:
                found = (base + m.start(), "series", m.group(0))
        if found is None and _ELL_OF_THEM.match(text, e) and (s == 0 or not text[s - 1].isalnum()):
            found = (s, "of_them", "")
        if found is None and _ELL_PART_AFTER.match(text, e) and not _ELL_NOT_COUNT.match(text, e):
            m = _ELL_PART_BEFORE.search(pre)
            if m:
                found = (base + m.start(), "part", m.group(0))
        if found is not None:
            out.append((found[0], s, e, found[1], found[2].lower().lstrip(";, ")))
            taken = e
    return out


class CountFinder:
    """Finds counts; one instance per pipeline."""

    def __init__(self, lang: str) -> None:
        self.lang = lang

    def __call__(self, doc: Doc) -> Doc:
        counts = self._zh(doc) if self.lang == "zh" else self._en(doc)
        counts.sort(key=lambda c: c.start)
        _scope_and_dates(doc, counts)
        doc._.counts = counts
        return doc

    def _zh(self, doc: Doc) -> list[Count]:
        text = doc._.raw
        out: list[Count] = []
        taken: list[tuple[int, int]] = []
        for m in _ZH_COUNT.finditer(text):
            value = parse_number(m.group("num"))
            if value is None or value <= 0:
                continue
            end_num = m.end("num")
            if end_num < len(text) and text[end_num] in "年月日号%‰":
                continue
            unit = next(u for i, (_, u) in enumerate(_ZH_UNITS) if m.group(f"u{i}"))
            out.append(self._make(doc, m.start("num"), m.end(), m.group(0), value, unit,
                                  m.group("mod") + m.group("noun"), m.start("num")))
            taken.append(m.span())
        for m in _ZH_COUNT_AFTER.finditer(text):
            if any(s <= m.start("num") < e for s, e in taken):
                continue
            value = parse_number(m.group("num"))
            if value is None:
                continue
            unit = "village" if "村" in m.group("noun") else "county"
            out.append(self._make(doc, m.start(), m.end(), m.group(0), value, unit,
                                  m.group("noun"), m.start("num")))
            taken.append(m.span())
        for m in _ZH_ELLIPTICAL.finditer(text):
            if any(s <= m.start("num") < e for s, e in taken):
                continue
            value = parse_number(m.group("num"))
            if value is None or value <= 0:
                continue
            sent = sentence_index(doc, m.start())
            prior = [c for c in out if c.sent == sent and c.end <= m.start()]
            if prior:
                unit = max(prior, key=lambda c: c.end).unit
            elif re.match(r"\s*[)）]?\s*[:：]", text[m.end():m.end() + 4]) and any(
                    p.sent == sent and p.start >= m.end() and p.division is not None
                    and p.division.tier == "county" for p in doc._.places or []):
                unit = "county"  # 新疆维吾尔自治区（10个）：阿克陶县、英吉沙县…
            else:
                continue
            c = self._make(doc, m.start("num"), m.end(), m.group(0), value, unit, "", m.start("num"))
            c.qualifiers.append("elliptical")
            out.append(c)
        return out

    def _en(self, doc: Doc) -> list[Count]:
        text = doc._.raw
        out: list[Count] = []
        starts = number_starts(doc)
        if not starts:
            return out
        for m in _matches_at(_EN_COUNT, text, starts):
            value = parse_number(m.group("num"))
            if value is None or value <= 0:
                continue
            if m.group("mil"):
                value *= 1_000_000 if m.group("mil").strip().lower() == "million" else 1000
            unit = next(u for i, (_, u) in enumerate(_EN_UNITS) if m.group(f"u{i}"))
            out.append(self._make(doc, m.start(), m.end(), m.group(0), value, unit,
                                  (m.group("mod") or "") + m.group("noun"), m.start()))
        for m in _matches_at(_EN_OF_COUNT, text, starts):
            if any(c.start <= m.start() < c.end for c in out):
                continue
            value = parse_number(m.group("num"))
            if value:
                unit = "village" if m.group("noun").lower() == "villages" else "county"
                c = self._make(doc, m.start(), m.end(), m.group(0), value, unit,
                               (m.group("mod") or "") + m.group("noun"), m.start())
                # "all 58 of the province's counties" is the whole; "436 of the 832" a part.
                role = "total" if re.search(r"\ball\s*$", text[max(0, m.start() - 6):m.start()], re.I) else "subset"
                if role not in c.qualifiers:
                    c.qualifiers.append(role)
                out.append(c)
        # "75 counties …, of which 58 are …", "67 of them": the unit of the count before it,
        # so only the sentence of a count and the one after it are read.
        sents = doc._.sents
        spans = [sents[k] for c in out for k in (c.sent, c.sent + 1) if k < len(sents)]
        cues = [x for a, b in _merge(spans) for x in _elliptical(text, starts, a, b)]
        for cue_start, n_start, n_end, kind, head in cues:
            if any(c.start <= n_start < c.end for c in out):
                continue
            value = parse_number(text[n_start:n_end])
            sent = sentence_index(doc, cue_start)
            prior = [c for c in out if c.sent in (sent, sent - 1) and c.end <= cue_start]
            if value is None or not prior:
                continue
            lead = max(prior, key=lambda c: c.end)
            if kind == "part" and not (lead.sent == sent and lead.unit in ("county", "county_unit") and value < lead.value):
                continue  # a part is smaller than the count of counties its sentence broke down
            c = self._make(doc, n_start, n_end, text[n_start:n_end], value, lead.unit, "", n_start)
            c.qualifiers.append("elliptical")
            if (head.startswith(("of which", "among them", "among which")) or kind in ("of_the", "part")) \
                    and "subset" not in c.qualifiers:
                c.qualifiers.append("subset")
            if head.startswith(("leaving", "the remaining")) and "remaining" not in c.qualifiers:
                c.qualifiers.append("remaining")
            if head.startswith(("a total of", "total of", "bringing")) and "total" not in c.qualifiers:
                c.qualifiers.append("total")
            out.append(c)
        return out

    def _make(self, doc: Doc, start: int, end: int, surface: str, value: float, unit: str,
              noun: str, num_start: int) -> Count:
        text = doc._.raw
        breaks = _CLAUSE_BREAK if self.lang == "zh" else _EN_CLAUSE_BREAK
        # The clause before the number (back to the last comma or stop), and after it.
        left = max((m.end() for m in breaks.finditer(text, max(0, num_start - 60), num_start)),
                   default=max(0, num_start - 60))
        right_m = breaks.search(text, end, end + 300)
        right = right_m.start() if right_m else min(len(text), end + 300)
        before, after = text[left:num_start], text[end:right]
        if self.lang == "en":
            before, after = before.lower(), after.lower()
        quals: list[str] = []
        for rx, role in (_ZH_QUAL_RE if self.lang == "zh" else _EN_QUAL_RE):
            if rx.search(before) or (role in ("exited", "not_exited") and rx.search(after)):
                if role not in quals:
                    quals.append(role)
        if self.lang == "en" and "national" not in quals and _EN_NATIONAL_AFTER.match(after):
            quals.append("national")
        if self.lang == "en" and "remaining" not in quals and _EN_REMAIN_AFTER.match(after):
            quals.append("remaining")
        if self.lang == "en" and "remaining" not in quals and _EN_LEAVING_BEFORE.search(before):
            quals.append("remaining")
        if "未" in noun or "督战" in noun:
            quals.append("not_exited")
        if self.lang == "zh" and text[max(0, num_start - 1):num_start] == "等":
            quals.append("lower_bound")
        if self.lang == "en" and _EN_LOWER_BOUND_AFTER.match(text, end, end + 20):
            quals.append("lower_bound")
        if "not_exited" in quals and "exited" in quals:
            quals.remove("exited")
        v = int(value) if float(value).is_integer() else value
        return Count(start=start, end=end, text=surface, value=v, unit=unit, noun=noun,
                     sent=sentence_index(doc, start), qualifiers=quals)


def _scope_and_dates(doc: Doc, counts: list[Count]) -> None:
    """Scope: the province (or prefecture) named nearest before the count in its sentence,
    全国/nationwide → national; as-of: a date in the same sentence before the count."""
    places = doc._.places or []
    dates = doc._.dates or []
    raw, sents = doc._.raw, doc._.sents  # bound once: each doc._ access builds an object
    for c in counts:
        scope: Optional[str] = None
        for p in places:
            if p.sent == c.sent and p.end <= c.start and p.division is not None \
                    and p.division.tier in ("province", "prefecture"):
                scope = p.division.province if p.division.tier == "province" else p.division.name
        s, e = sents[c.sent]
        if scope is None:
            # "75 poverty-stricken counties in Gansu Province", "贵州省剩余的9个…" — English
            # names the place after the count: the first province written right after it.
            for p in places:
                if p.sent == c.sent and c.end <= p.start <= c.end + 25 and p.division is not None \
                        and p.division.tier == "province" and re.match(r"\s*(?:\([^)]*\)\s*)?(?:in|of|across)\s+(?:the\s+)?(?:\w+\s+){0,2}$",
                                                                    raw[c.end:p.start], re.I):
                    # "41 counties in Henan, Hubei and Anhui": several provinces, no one scope.
                    nxt = next((q for q in places if q.start >= p.end), None)
                    several = nxt is not None and nxt.division is not None and nxt.division.tier == "province" \
                        and re.fullmatch(r"\s*(?:,|、|，|and|,\s*and)\s*", raw[p.end:nxt.start]) is not None
                    scope = None if several else p.division.province
                    break
        sent_before = raw[s:c.start]
        if scope is None and re.search(r"全国|nationwide|across China|China's|the country", sent_before, re.I):
            scope = "national"
        if scope is None and "national" in c.qualifiers:
            scope = "national"
        c.scope = scope
        for d in dates:
            if s <= d.start < c.start and d.value is not None:
                c.as_of = d
        # 到2019年底…67个县, "by the end of 2019, 67 counties have quit one after another":
        # a count up to a cut-off date is a running total.
        if c.as_of is not None and not {"cumulative", "remaining", "not_exited"} & set(c.qualifiers) and re.search(
                r"到|截至|截止|\bby\b|\bas of\b|\buntil\b|\bso far\b",
                raw[max(s, c.as_of.start - 10):c.as_of.end], re.I):
            c.qualifiers.append("cumulative")
        if "cumulative" not in c.qualifiers and re.match(
                r"[^.。;；]{0,40}?(?:one after another|in succession|先后|陆续)", raw[c.end:c.end + 50], re.I):
            c.qualifiers.append("cumulative")


@Language.factory("zhaimao_counts", assigns=["doc._.counts"],
                  requires=["doc._.places", "doc._.dates"], default_config={"lang": "zh"})
def make_counts(nlp: Language, name: str, lang: str) -> CountFinder:
    return CountFinder(lang)
