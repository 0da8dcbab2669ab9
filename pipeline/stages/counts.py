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

import re
from typing import Optional

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
    (r"近|约|超过|逾", "approx"),
    (r"全国|国家级", "national"),
    (r"省定|省级", "provincial"),
]
_ZH_QUAL_RE = [(re.compile(p), role) for p, role in _ZH_QUALIFIERS]
_CLAUSE_BREAK = re.compile(r"[，,；;。！？!?：:\n]")

# -- English ------------------------------------------------------------------------------

_EN_ADJ = r"(?:(?:poverty[- ]stricken|impoverished|poor|poverty|national[- ]level|state[- ]level|provincial[- ]level|deeply|extremely|remaining|other|more|key|destitute|designated|severely|officially|targeted|registered|rural|administrative|such|last|final|deep|deep-poverty|state-designated|nationally\s+designated)\s+){0,3}"
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
_EN_ELLIPTICAL = re.compile(
    rf"(?:(?:of which|among them|among which|including|leaving|a total of|total of|bringing the total to|"
    rf"bringing the number to|the remaining)\s+(?P<num>{EN_NUM})\b(?!\s+(?:percent|per cent|%|years?|months?|days?))"
    rf"|\b(?P<num_b>{EN_NUM})\s+of (?:them|these|which)\b"
    # a series after a count: "…: one county in the 2016 round; 15 in the 2017 round; 18 in …"
    rf"|(?:[;,]|\band\b)\s*(?:and\s+)?(?:the\s+)?(?:final\s+|last\s+|remaining\s+)?(?P<num_c>{EN_NUM})\s+(?=in\s+(?:the\s+)?(?:\d{{4}}|this|last)|this year|last year)"
    # "Of the 30, 71 are …": the second number is a part of the first
    rf"|\bOf the {EN_NUM},\s*(?P<num_d>{EN_NUM})\b)", re.I)
#: "all 58 of the province's poverty counties", "436 of the 832 counties"
_EN_OF_COUNT = re.compile(
    rf"(?<![\w.,-])(?P<num>{EN_NUM})\s+of\s+(?:the|its|their|China's|the (?:province|region|country)'s)\s+"
    rf"(?:{EN_NUM}\s+)?(?P<mod>{_EN_ADJ})(?P<noun>count(?:y|ies)|villages|banners)\b", re.I)
_EN_QUALIFIERS: list[tuple[str, str]] = [
    (r"\bof (?:which|them|these|whom)\b|\bamong (?:them|which)\b|\bincluding\b", "subset"),
    (r"\bremaining\b|\bstill\b|\bthe rest\b|\blast\b|\bfinal\b|\bleft\b", "remaining"),
    (r"\bso far\b|\bin total\b|\bbringing the total\b|\bcumulative(?:ly)?\b|\bto date\b|\bhave\b.*\bone after another\b|\balready\b", "cumulative"),
    (r"\ba total of\b|\ball\b|\btotal\b|\baltogether\b", "total"),
    (r"\bexit|\bwithdr[ae]w|\blifted\b|\bremoved\b|\bshook off\b|\bshaken off\b|\bdelisted\b|\bapproved\b|\bquit\b|\bhats\b|\bgot rid\b", "exited"),
    (r"\bnot yet\b|\byet to\b|\bremain(?:ed|s)? (?:poor|impoverished|on the list)\b|\bunder supervision\b", "not_exited"),
    (r"\babout\b|\bnearly\b|\bmore than\b|\bover\b|\baround\b|\balmost\b", "approx"),
    (r"\bnational\b|\bnationwide\b|\bcountry\b|\bChina's\b", "national"),
    (r"\bprovincial[- ]level\b|\bprovince-designated\b", "provincial"),
]
_EN_QUAL_RE = [(re.compile(p, re.I), role) for p, role in _EN_QUALIFIERS]
_EN_CLAUSE_BREAK = re.compile(r"[;:\n]|[.!?](?=\s)|,\s(?:and|but|while|which)\b")


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
        for m in _EN_COUNT.finditer(text):
            value = parse_number(m.group("num"))
            if value is None or value <= 0:
                continue
            if m.group("mil"):
                value *= 1_000_000 if m.group("mil").strip().lower() == "million" else 1000
            unit = next(u for i, (_, u) in enumerate(_EN_UNITS) if m.group(f"u{i}"))
            out.append(self._make(doc, m.start(), m.end(), m.group(0), value, unit,
                                  (m.group("mod") or "") + m.group("noun"), m.start()))
        for m in _EN_OF_COUNT.finditer(text):
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
        # "75 counties …, of which 58 are …", "67 of them": the unit of the count before it.
        for m in _EN_ELLIPTICAL.finditer(text):
            g = next(k for k in ("num", "num_b", "num_c", "num_d") if m.group(k))
            if any(c.start <= m.start(g) < c.end for c in out):
                continue
            value = parse_number(m.group(g))
            sent = sentence_index(doc, m.start())
            prior = [c for c in out if c.sent in (sent, sent - 1) and c.end <= m.start()]
            if value is None or not prior:
                continue
            lead = max(prior, key=lambda c: c.end)
            c = self._make(doc, m.start(g), m.end(g), m.group(g), value, lead.unit, "", m.start(g))
            c.qualifiers.append("elliptical")
            head = m.group(0).lower().lstrip(";, ")
            if (head.startswith(("of which", "among them", "among which")) or g == "num_d") and "subset" not in c.qualifiers:
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
        right_m = breaks.search(text, end)
        right = right_m.start() if right_m else len(text)
        before, after = text[left:num_start], text[end:right]
        quals: list[str] = []
        for rx, role in (_ZH_QUAL_RE if self.lang == "zh" else _EN_QUAL_RE):
            if rx.search(before) or (role in ("exited", "not_exited") and rx.search(after)):
                if role not in quals:
                    quals.append(role)
        if self.lang == "en" and "national" not in quals and re.match(
                r"[^.;,]{0,25}?(?:\bnational (?:poverty )?list\b|\bnationwide\b|\bacross (?:the country|China)\b)", after, re.I):
            quals.append("national")
        if self.lang == "en" and "remaining" not in quals and re.match(
                r"[^.;]{0,30}?\b(?:remain(?:ed|s)?|were left|are left)\b", after, re.I):
            quals.append("remaining")
        if self.lang == "en" and "remaining" not in quals and re.search(r"\bleaving\s*$", before, re.I):
            quals.append("remaining")
        if "未" in noun or "督战" in noun:
            quals.append("not_exited")
        if self.lang == "zh" and text[max(0, num_start - 1):num_start] == "等":
            quals.append("lower_bound")
        if self.lang == "en" and re.match(r"\s*,?\s*(?:including|such as)\b", text[end:end + 20], re.I):
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
    for c in counts:
        scope: Optional[str] = None
        for p in places:
            if p.sent == c.sent and p.end <= c.start and p.division is not None \
                    and p.division.tier in ("province", "prefecture"):
                scope = p.division.province if p.division.tier == "province" else p.division.name
        s, e = doc._.sents[c.sent]
        if scope is None:
            # "75 poverty-stricken counties in Gansu Province", "贵州省剩余的9个…" — English
            # names the place after the count: the first province written right after it.
            for p in places:
                if p.sent == c.sent and c.end <= p.start <= c.end + 25 and p.division is not None \
                        and p.division.tier == "province" and re.match(r"\s*(?:\([^)]*\)\s*)?(?:in|of|across)\s+(?:the\s+)?(?:\w+\s+){0,2}$",
                                                                    doc._.raw[c.end:p.start], re.I):
                    scope = p.division.province
                    break
        sent_before = doc._.raw[s:c.start]
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
                doc._.raw[max(s, c.as_of.start - 10):c.as_of.end], re.I):
            c.qualifiers.append("cumulative")
        if "cumulative" not in c.qualifiers and re.match(
                r"[^.。;；]{0,40}?(?:one after another|in succession|先后|陆续)", doc._.raw[c.end:c.end + 50], re.I):
            c.qualifiers.append("cumulative")


@Language.factory("zhaimao_counts", assigns=["doc._.counts"],
                  requires=["doc._.places", "doc._.dates"], default_config={"lang": "zh"})
def make_counts(nlp: Language, name: str, lang: str) -> CountFinder:
    return CountFinder(lang)
