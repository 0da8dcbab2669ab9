"""Checks against the gazetteer and the calendar: provincial totals (C5), provinces (C6),
the national list (C7), exit dates vs batch years (C8) and dates vs the dateline (C11).

Reference data has known gaps (province-designated counties are counted, not named; 156
batch years are derived from province totals), so a `fail` here needs the text to commit
to the fact it contradicts; otherwise the finding is `unverifiable`.
"""

from __future__ import annotations

import re
from typing import Optional

from ..records import ArticleResult, DateValue, Evidence, ExitRecord, Finding
from .common import (EXIT_CALENDAR, NATIONAL_TOTAL, Num, as_written, dateline_like, division, finding,
                     is_province, is_xingwei, is_zh, names_list, national_by_province,
                     on_national_list, province_name, provinces_in, quoted_totals, sentence_after,
                     sentence_before)

# -- C5: provincial totals ------------------------------------------------------------------

_BATCH = re.compile(r"20[12]\d\s*(?:年|round|batch)|\bin 20[12]\d\b|今年|去年|当年|this year|last year", re.I)


def check_totals(nums: list[Num], tainted: set[int], result: ArticleResult) -> list[Finding]:
    """C5: a province's (or the nation's) stated number of poverty counties against the
    gazetteer — the national count, or national + province-designated where news quotes it."""
    out: list[Finding] = []
    listed_batches = {a.evidence.start for a in result.aggregates if a.named > 0}
    seen: set[tuple[str, float]] = set()
    for n in nums:
        if n.i in tainted or not n.exact or not n.countyish or not n.scope_explicit or not n.scope:
            continue
        if not n.roles & {"total", "total_after", "stated_total"}:
            continue
        if n.roles & {"remaining", "not_exited", "subset", "approx", "lower_bound", "demonstrative", "sum"}:
            continue
        if not n.poverty_noun or n.part_noun or n.ev.start in listed_batches:
            continue
        key = (n.scope, n.value)
        if key in seen:
            continue
        if "exited" in n.roles and _BATCH.search(n.before + n.ev.text):
            continue  # 2016年度全国共有28个贫困县退出: one year's exits, not the list
        v = int(n.value)
        if n.scope == "national":
            if n.unit != "county" or v * 2 < NATIONAL_TOTAL:
                continue
            seen.add(key)
            if v == NATIONAL_TOTAL:
                out.append(finding("C5", "pass", "832 national poverty counties, as listed", [n.ev],
                                   stated=v, computed=NATIONAL_TOTAL))
            else:
                out.append(finding("C5", "fail", f"the article gives {v} poverty counties nationwide; "
                                   f"the national list had 832", [n.ev], stated=v, computed=NATIONAL_TOTAL))
            continue
        if not is_province(n.scope):
            continue
        nat = national_by_province().get(n.scope, 0)
        if not nat:
            continue
        # A count far below the province's list is a batch ("甘肃8个县…"), not its total.
        if v * 2 < nat:
            continue
        seen.add(key)
        q = quoted_totals(n.scope)
        prov = n.scope
        if n.unit == "county_unit":
            if v == nat or (q and v == q[2]):
                out.append(finding("C5", "pass", f"{prov}: {v} county-level poverty units, as listed",
                                   [n.ev], stated=v, computed=v))
            continue
        if "national" in n.roles and "provincial" not in n.roles:
            status = "pass" if v == nat else "fail"
            msg = (f"{prov} had {nat} national poverty counties" if status == "pass" else
                   f"the article gives {prov} {v} national poverty counties; the national list has {nat}")
            out.append(finding("C5", status, msg, [n.ev], stated=v, computed=nat))
        elif "provincial" in n.roles and "national" not in n.roles:
            if q is None:
                out.append(finding("C5", "unverifiable", f"no quoted count of {prov}'s province-designated "
                                   f"counties to compare {v} with", [n.ev], stated=v))
            else:
                status = "pass" if v == q[1] else "fail"
                out.append(finding("C5", status, f"{prov} designated {q[1]} counties of its own"
                                   + ("" if status == "pass" else f", not {v}"), [n.ev], stated=v, computed=q[1]))
        elif v == nat or (q and v == q[2]):
            how = f"{nat} national" if v == nat else f"{q[0]} national + {q[1]} province-designated"
            out.append(finding("C5", "pass", f"{prov}: {v} poverty counties = {how}", [n.ev],
                               stated=v, computed=v))
        elif q is not None:
            out.append(finding("C5", "fail", f"the article gives {prov} {v} poverty counties; it had {nat} "
                               f"on the national list and {q[2]} counting province-designated ones "
                               f"({q[0]} + {q[1]})", [n.ev], stated=v, computed=f"{nat} or {q[2]}"))
        else:
            out.append(finding("C5", "unverifiable", f"{prov} had {nat} national poverty counties; {v} may "
                               f"include province-designated ones, which the gazetteer does not count",
                               [n.ev], stated=v, computed=nat))
    return out


# -- C6: provinces --------------------------------------------------------------------------

_ZH_CHAIN = re.compile(r"(?:[\u4e00-\u9fff]{1,10}?(?:市|州|地区|盟))?$")
_EN_AFTER_PROV = re.compile(
    r"^\s*(?:County|District|City|Banner)?\s*(?:,|\bin\b|\bof\b)\s+(?:(?:the\s+)?(?:north|south|east|west|central|northwest|"
    r"northeast|southwest|southeast)(?:ern)?\s+)?(?:China's\s+)?([A-Z][a-z]+(?:\s+[A-Z][a-z]+)?)")
_EN_BEFORE_PROV = re.compile(r"([A-Z][a-z]+(?:\s+[A-Z][a-z]+)?)(?:\s+Province|\s+Autonomous Region)?'s\s+$")


def _attached_province(rec: ExitRecord) -> Optional[tuple[str, str]]:
    """A province written onto the county itself: 甘肃省定西市岷县, "Min County in Gansu",
    "Gansu's Min County". Returns (province, as written)."""
    ev = rec.evidence
    before, after = sentence_before(ev, 40), sentence_after(ev, 80)
    if is_zh(ev.text):
        places = [p for p in provinces_in(before) if p.end <= len(before)]
        if places:
            last = places[-1]
            gap = before[last.end:]
            if _ZH_CHAIN.fullmatch(gap) and not re.search(r"[，,、。；;]", gap):
                return last.province, last.text
        return None
    m = _EN_AFTER_PROV.match(after)
    if m:
        places = provinces_in(m.group(1))
        if places:
            return places[0].province, m.group(1)
    m = _EN_BEFORE_PROV.search(before)
    if m:
        places = provinces_in(m.group(1))
        if places:
            return places[0].province, m.group(1)
    return None


def _authority_province(rec: ExitRecord) -> Optional[str]:
    if not rec.authority:
        return None
    places = provinces_in(rec.authority)
    return places[0].province if places else None


def check_provinces(result: ArticleResult) -> list[Finding]:
    """C6: a county lies in the province the text puts it in. Provincial governments
    approve only their own counties, so a county outside the approving province fails."""
    out: list[Finding] = []
    recs = result.records
    by_auth: dict[str, list[ExitRecord]] = {}
    for r in recs:
        p = _authority_province(r)
        if p:
            by_auth.setdefault(p, []).append(r)
    passes: dict[tuple[str, str], list[ExitRecord]] = {}
    for r in recs:
        prov = r.county.province
        name = r.county.name
        attached = _attached_province(r)
        if attached and attached[0] != prov:
            out.append(finding("C6", "fail", f"the article places {r.surface} in {attached[1]}, but "
                               f"{name} ({r.county.adcode}) is in {prov}", [r.evidence],
                               stated=attached[0], computed=prov))
            continue
        auth = _authority_province(r)
        if auth and auth != prov:
            group = by_auth.get(auth, [])
            inside = sum(1 for x in group if x.county.province == auth)
            if inside * 2 > len(group):
                out.append(finding("C6", "fail", f"{r.surface} is listed among the counties approved by "
                                   f"{r.authority}, but {name} ({r.county.adcode}) is in {prov}",
                                   [r.evidence], stated=auth, computed=prov))
                continue
            out.append(finding("C6", "unverifiable", f"{name} is in {prov}, not in {auth} whose government "
                               f"the article credits", [r.evidence], stated=auth, computed=prov))
            continue
        named = {p.province for p in provinces_in(r.evidence.sentence)} | ({auth} if auth else set())
        if attached or prov in named:
            passes.setdefault((prov, r.evidence.sentence), []).append(r)
            continue
        # 贵州省人民政府宣布，紫云、…、都安9个县退出: one province named over a list, and
        # one name in the list from another province.
        mates = [x for x in recs if x.evidence.sentence == r.evidence.sentence]
        div = division(r.county.adcode)
        if len(named) == 1 and len(mates) >= 3 and div is not None and len(div.stem) >= 2:
            (only,) = named
            inside = sum(1 for x in mates if x.county.province == only)
            if inside * 3 >= 2 * len(mates) and prov != only:
                out.append(finding("C6", "fail", f"{r.surface} is listed among {only}'s counties, but "
                                   f"{name} ({r.county.adcode}) is in {prov}", [r.evidence],
                                   stated=only, computed=prov))
    # "The nine are Weining, Huize, …" after the Yunnan government's approval: a named
    # batch whose names are, all but one, in the province the batch is reported for.
    flagged = {f.evidence[0].start for f in out if f.status == "fail" and f.evidence}
    for a in result.aggregates:
        prov = province_name(a.province) if a.province else None
        if not prov or len(a.named_adcodes) < 3:
            continue
        divs = [division(c) for c in a.named_adcodes]
        inside = sum(1 for d in divs if d is not None and d.province == prov)
        if inside * 3 < 2 * len(divs):
            continue
        for code, d in zip(a.named_adcodes, divs):
            # A one-character stem (东 of 东区, read from "Tongdao Dong") is a weak link.
            if d is None or d.province == prov or len(d.stem) < 2:
                continue
            recs = [r for r in recs if r.county.adcode == code]
            if any(r.evidence.start in flagged for r in recs):
                continue
            out.append(finding("C6", "fail", f"{d.name} ({code}) is named among {a.count} counties of {prov}, "
                               f"but it is in {d.province}", [a.evidence, *(r.evidence for r in recs)],
                               stated=prov, computed=d.province))
    for (prov, _), group in passes.items():
        names = names_list([g.county.name for g in group])
        out.append(finding("C6", "pass", f"{len(group)} count{'y' if len(group) == 1 else 'ies'} in {prov} "
                           f"as the article says: {names}", [g.evidence for g in group],
                           stated=prov, computed=prov))
    return out


# -- C7: the national list --------------------------------------------------------------------

_NATIONAL = re.compile(r"国家级贫困县|国家贫困县|国家扶贫开发工作重点县|国定贫困县|国家级|national-level|national level|"
                       r"national poverty|national list|state-level|key counties for (?:national )?poverty", re.I)
_PROVINCIAL = re.compile(r"省级贫困县|省定贫困县|省级|省定|自治区(?:级)?贫困县|自治区扶贫开发工作重点县|区定|"
                         r"provincial-level|provincial level|province-designated|designated by the (?:province|region)|"
                         r"provincial list|regional list|provincial poverty", re.I)


def _designation(rec: ExitRecord) -> Optional[str]:
    """The list the text says this county leaves: Chinese puts the label after the names
    (…西昌市7个国家级贫困县), English before them ("eight national-level counties: …")."""
    before, after = sentence_before(rec.evidence), sentence_after(rec.evidence)
    zh = is_zh(rec.evidence.text)

    def first(text: str) -> Optional[tuple[int, str]]:
        hits = [(m.start(), "national") for m in _NATIONAL.finditer(text)]
        hits += [(m.start(), "provincial") for m in _PROVINCIAL.finditer(text)]
        return min(hits) if hits else None

    def last(text: str) -> Optional[tuple[int, str]]:
        hits = [(m.end(), "national") for m in _NATIONAL.finditer(text)]
        hits += [(m.end(), "provincial") for m in _PROVINCIAL.finditer(text)]
        return max(hits) if hits else None

    order = ((first, after), (last, before)) if zh else ((last, before), (first, after))
    for fn, text in order:
        hit = fn(text)
        if hit:
            return hit[1]
    return None


def check_lists(result: ArticleResult) -> list[Finding]:
    """C7: a county said to leave the national list is one of the 832."""
    out: list[Finding] = []
    ok: list[ExitRecord] = []
    for r in result.records:
        on = on_national_list(r.county.adcode)
        if on is None:
            continue
        if on:
            ok.append(r)
            continue
        desig = _designation(r)
        if desig == "national":
            out.append(finding("C7", "fail", f"the article says {r.surface} left the national poverty list, "
                               f"but {r.county.name} ({r.county.adcode}) was never one of the 832",
                               [r.evidence], stated="national", computed="not on the 832"))
        elif desig == "provincial":
            out.append(finding("C7", "pass", f"{r.county.name} left its province's own list, as the "
                               f"article says (it is not one of the 832)", [r.evidence],
                               stated="provincial", computed="not on the 832"))
        else:
            out.append(finding("C7", "unverifiable", f"{r.county.name} is not one of the 832; it may have "
                               f"been on its province's own list", [r.evidence], computed="not on the 832"))
    if ok:
        out.append(finding("C7", "pass", f"{len(ok)} of the exiting counties are on the national list: "
                           f"{names_list([r.county.name for r in ok])}", [r.evidence for r in ok],
                           stated=len(ok), computed=len(ok)))
    return out


# -- C8: dates vs batch years and the calendar -------------------------------------------------

_DEADLINE = re.compile(r"(?:至|截至|截止|until|by|before|deadline)\s*$", re.I)


def _stated_in_sentence(d: DateValue, ev: Evidence) -> bool:
    """The date is written in the record's own sentence (not borrowed from the dateline)."""
    return bool(d.text) and d.text in ev.sentence


def _is_deadline(d: DateValue, ev: Evidence) -> bool:
    i = ev.sentence.find(d.text) if d.text else -1
    return i > 0 and bool(_DEADLINE.search(ev.sentence[max(0, i - 6):i]))


def check_dates(result: ArticleResult) -> list[Finding]:
    """C8: an exit date lies in 2016-01-01 … 2020-11-23 and in its county's batch year or
    the year after (approvals came the spring after the assessment year; the 2020 batch in
    November 2020). Counties with the same date and verdict share one finding."""
    lo, hi = EXIT_CALENDAR
    pub = result.article.published
    groups: dict[tuple[str, str, str], list[ExitRecord]] = {}
    texts: dict[tuple[str, str, str], str] = {}
    fine: list[ExitRecord] = []
    for r in result.records:
        d = r.date
        if d is None or _is_deadline(d, r.evidence):
            continue
        written = as_written(d)
        first, last = (written, written) if written else (d.as_date(), d.last_day())
        # A date counts as the text's own when it is written in the record's sentence, or
        # written in full elsewhere and not the dateline (2018年11月16日，…批复同意西吉县退出).
        own = _stated_in_sentence(d, r.evidence) or (
            "stated in full" in (d.note or "") and pub is not None and d.value != pub.isoformat())
        if dateline_like(d, r.evidence, pub):
            own = False
        if d.granularity == "year" and not re.search(r"20[12]\d", d.text or ""):
            own = False  # 今年/去年: a relative year, often borrowed from the next clause
        shown = written.isoformat() if written else d.value
        if last < lo or first > hi:
            why = "before the first exits in 2016" if last < lo else "after the last exits on 2020-11-23"
            key = ("fail" if own else "unverifiable", shown, "calendar")
            texts[key] = f"the article dates the exit of {{who}} {shown}, {why}"
            groups.setdefault(key, []).append(r)
            continue
        div = division(r.county.adcode)
        batch = r.county.exit_year or r.batch_year
        if batch is None:
            continue
        allowed = {batch, batch + 1}
        if is_xingwei(r.county.name, getattr(div, "level", "")):
            allowed |= {2019, 2020}  # national tallies count the three 行委 in 2019
        if first.year in allowed:
            fine.append(r)
            continue
        derived = getattr(div, "exit_confidence", None) in ("derived", "conflict")
        near = d.granularity == "year" and (first.year in (batch - 1, batch + 2) or "年度" in (d.text or ""))
        if derived or near or not own:
            key = ("unverifiable", shown, str(batch))
            why = "its batch year is derived from province totals" if derived else \
                f"approved {batch}–{batch + 1}"
            texts[key] = f"{{who}} in the {batch} batch ({why}); the article dates the exit {shown}"
        else:
            key = ("fail", shown, str(batch))
            texts[key] = (f"the article dates the exit of {{who}} {shown}, but the {batch} batch was "
                          f"approved in {batch} or {batch + 1}")
        groups.setdefault(key, []).append(r)
    out: list[Finding] = []
    for key, recs in groups.items():
        status, shown, kind = key
        who = names_list([r.county.name for r in recs])
        computed = f"{lo} … {hi}" if kind == "calendar" else f"{kind}–{int(kind) + 1}"
        out.append(finding("C8", status, texts[key].format(who=who), [r.evidence for r in recs],
                           stated=shown, computed=computed))
    if fine:
        out.append(finding("C8", "pass", f"exit dates agree with the batch years of {len(fine)} "
                           f"count{'y' if len(fine) == 1 else 'ies'}: {names_list([r.county.name for r in fine])}",
                           [r.evidence for r in fine], stated=len(fine), computed=len(fine)))
    return out


# -- C11: dates vs the publication date ----------------------------------------------------------


def check_publication(result: ArticleResult) -> list[Finding]:
    """C11: an exit is not dated after the article that reports it. Dates the resolver moved
    back a year or a month to keep them before the dateline (11月14日 in a report dated
    11月12日) are read as written."""
    pub = result.article.published
    dated: list[tuple[DateValue, Evidence, str]] = []
    # A year alone is too coarse to place against a dateline ("将在2019年和2020年全部退出"
    # is a plan); aggregates count only when their sentence writes the date.
    for r in result.records:
        if r.date is not None and r.date.granularity != "year" and not _is_deadline(r.date, r.evidence):
            dated.append((r.date, r.evidence, r.county.name))
    for a in result.aggregates:
        if a.date is not None and a.status == "exited" and a.date.granularity != "year" \
                and _stated_in_sentence(a.date, a.evidence) and not _is_deadline(a.date, a.evidence):
            dated.append((a.date, a.evidence, f"{a.count} counties"))
    if not dated:
        return []
    if pub is None:
        return [finding("C11", "unverifiable", "the article has no publication date to compare its dates with",
                        [e for _, e, _ in dated])]
    late: dict[str, list[tuple[Evidence, str]]] = {}
    for d, ev, who in dated:
        written = as_written(d)
        if d.as_date() > pub:
            late.setdefault(d.value, []).append((ev, who))
        elif written is not None and _stated_in_sentence(d, ev):
            ahead = (written - pub).days
            year_pushed = "year before" in (d.note or "")
            # 新华社兰州5月20日电 … 20日宣布: a bare day the dateline's month explains is not late.
            day = written.day
            explained = not year_pushed and re.search(rf"\d{{1,2}}月{day}日|[A-Z][a-z]{{2,8}}\.? {day}\b", ev.sentence)
            if 0 < ahead <= (31 if year_pushed else 7) and not explained:
                late.setdefault(written.isoformat(), []).append((ev, who))
    out: list[Finding] = []
    for value, hits in late.items():
        who = names_list(sorted({w for _, w in hits}))
        out.append(finding("C11", "fail", f"the article, dated {pub}, reports an exit on {value} ({who}), "
                           f"after its own date", [e for e, _ in hits], stated=value, computed=pub.isoformat()))
    if not late:
        out.append(finding("C11", "pass", f"all {len(dated)} exit dates are on or before the publication date {pub}",
                           [e for _, e, _ in dated], stated=len(dated), computed=pub.isoformat()))
    return out


def check(result: ArticleResult, nums: list[Num], tainted: set[int]) -> list[Finding]:
    """All gazetteer and calendar findings of one article."""
    return [*check_totals(nums, tainted, result), *check_provinces(result), *check_lists(result),
            *check_dates(result), *check_publication(result)]


__all__ = ["check", "check_dates", "check_lists", "check_provinces", "check_publication", "check_totals"]

