"""Checks across articles: cumulative counts over time (C4), one county's exit dates (C9)
and its batch (C10); plus C4's list-size bound inside one article.

`CrossIndex` keeps only what these checks need from each result (a few numbers, dates and
evidence spans per article), so it can stream over a store of millions of articles.
Findings name the articles they compare in `Finding.articles`, one id per evidence span.
"""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass, field
from typing import Iterable, Optional

from ..records import ArticleResult, DateValue, Evidence, ExitRecord, Finding
from .arithmetic import superset_links
from .common import (NATIONAL_TOTAL, Num, as_written, canonical_adcode, dateline_like, division, finding, fmt_num,
                     inherit_scopes, is_province, is_xingwei, list_sizes, quoted_totals, read_claims,
                     short_name)

# -- C4 inside one article ------------------------------------------------------------------

_CUMULATIVE = {"cumulative", "sum"}


def _is_cumulative(n: Num) -> bool:
    """A count of all exits so far (累计/至此/"so far"/"all 75 … have exited")."""
    if not n.exact or n.unit != "county" or n.part_noun:
        return False
    if n.roles & {"remaining", "not_exited", "approx", "demonstrative", "lower_bound", "superset", "of_whole"}:
        return False
    return bool(n.roles & _CUMULATIVE) or ("exited" in n.roles and bool(n.roles & {"total", "total_after"}))


def check_list_size(nums: list[Num], tainted: set[int]) -> list[Finding]:
    """C4 (one article): a cumulative count never exceeds the list it counts from."""
    out: list[Finding] = []
    for n in nums:
        if n.i in tainted or not _is_cumulative(n) or not n.scope_explicit:
            continue
        if not n.roles & _CUMULATIVE or n.roles & {"total", "total_after", "stated_total"}:
            continue  # "all 75 … have exited" states the list size: that is C5's to check
        if n.scope == "national":
            if n.value > NATIONAL_TOTAL:
                out.append(finding("C4", "fail", f"the article counts {fmt_num(n.value)} exits nationwide; "
                                   f"the list had only 832 counties", [n.ev], stated=n.value,
                                   computed=NATIONAL_TOTAL))
        elif is_province(n.scope) and quoted_totals(n.scope):
            top = max(list_sizes(n.scope))
            if n.value > top:
                out.append(finding("C4", "fail", f"the article counts {fmt_num(n.value)} exits in {n.scope}, "
                                   f"more than its {top} poverty counties", [n.ev], stated=n.value, computed=top))
    return out


# -- what the index keeps -------------------------------------------------------------------

_AS_OF = re.compile(r"(?:截至|截止|到|至|by|as of|as at|up to|through|until|at)\s*(?:the\s+)?(?:end of\s+)?$", re.I)
_PAST = re.compile(r"此前|之前|以前|先前|\bearlier\b|\bpreviously\b|\bbefore (?:this|the)\b|\bhad (?:already )?(?:exited|left|shed|been)\b", re.I)
EXIT_START = dt.date(2016, 1, 1)
_ZH_ROUND = re.compile(r"(20[12]\d)\s*年度")
_EN_ROUND = re.compile(r"\b(20[12]\d)\s+(?:assessment\s+)?(?:round|batch)\b|\bround of (20[12]\d)\b", re.I)
_CLAUSE = re.compile(r"[；;。]|[，,](?=\s*\d{4}年度)")


@dataclass
class _Cum:
    article: str
    value: float
    first: dt.date
    last: dt.date
    evidence: Evidence


@dataclass
class _Exit:
    article: str
    date: Optional[DateValue]
    first: Optional[dt.date]
    last: Optional[dt.date]
    batches: Optional[frozenset[int]]
    evidence: Evidence


def _as_of(n: Num, published: Optional[dt.date]) -> Optional[tuple[dt.date, dt.date]]:
    """When a cumulative count holds: its "as of" date (截至2019年底, "by the end of 2019"),
    else the publication date."""
    a = n.claim.as_of
    if a is not None and a.text:
        i = n.sent.find(a.text)
        if i >= 0 and _AS_OF.search(n.sent[max(0, i - 12):i]):
            return a.as_date(), a.last_day()
    if published is None:
        return None
    if _PAST.search(n.pre):
        # 此前已有7个摘帽, "had exited earlier": true at some time before the article.
        return EXIT_START, published
    return published, published


def _rounds(rec: ExitRecord) -> Optional[int]:
    """The assessment round the sentence gives this county (2019年度, "the 2018 round")."""
    sent = rec.evidence.sentence
    at = sent.find(rec.evidence.text)
    found: list[tuple[int, int]] = []
    for rx in (_ZH_ROUND, _EN_ROUND):
        for m in rx.finditer(sent):
            year = next(g for g in m.groups() if g)
            found.append((m.start(), int(year)))
    if not found:
        return None
    if at >= 0:
        bounds = [0] + [m.end() for m in _CLAUSE.finditer(sent)] + [len(sent) + 1]
        for lo, hi in zip(bounds, bounds[1:]):
            if lo <= at < hi:
                inside = {y for pos, y in found if lo <= pos < hi}
                if len(inside) == 1:
                    return inside.pop()
                if len(inside) > 1:
                    return None
    years = {y for _, y in found}
    return years.pop() if len(years) == 1 else None


_ZH_DATE = re.compile(r"(?:\d{4}年)?\d{1,2}月(?:\d{1,2}日)?|\d{1,2}日")
_EN_DATE = re.compile(r"\b(?:Jan|Feb|Mar|Apr|May|Jun|Jul|Aug|Sep|Sept|Oct|Nov|Dec)[a-z]*\.?(?:\s+\d{1,2})?(?:,?\s+\d{4})?")


def _several_dates(sentence: str) -> bool:
    """今年2月和3月，井冈山市、兰考县先后…: with two dates in one sentence, which county
    took which is the reader's guess, not a fact to compare across articles. The same date
    written twice (2月27日 … 27日) is one date."""
    months: set[str] = set()
    days: set[str] = set()
    for m in _ZH_DATE.finditer(sentence):
        mo = re.search(r"(\d{1,2})月", m.group(0))
        dd = re.search(r"(\d{1,2})日", m.group(0))
        if mo:
            months.add(mo.group(1))
        if dd:
            days.add(dd.group(1))
    for m in _EN_DATE.finditer(sentence):
        months.add(m.group(0)[:3].lower())
        dd = re.search(r"\s(\d{1,2})\b", m.group(0))
        if dd:
            days.add(dd.group(1))
    return len(months) > 1 or len(days) > 1


def _batches(rec: ExitRecord) -> Optional[frozenset[int]]:
    """The batches an article allows for a county: its stated round, and the assessment
    years its approval date fits (an approval in year Y closes batch Y−1 or Y)."""
    rnd = _rounds(rec)
    by_date: Optional[set[int]] = None
    d = rec.date
    if d is not None and d.text and d.text in rec.evidence.sentence and not _several_dates(rec.evidence.sentence):
        if re.search(r"年度|round", d.text, re.I):
            rnd = rnd or int(d.value[:4])
        else:
            written = as_written(d)
            y = written.year if written else d.as_date().year
            by_date = {y - 1, y}
    sets = [s for s in ({rnd} if rnd else None, by_date) if s]
    if not sets:
        return None
    out = set(sets[0])
    for s in sets[1:]:
        out = (out & s) or out
    div = division(rec.county.adcode)
    if is_xingwei(rec.county.name, getattr(div, "level", "")) and out & {2016, 2019}:
        out |= {2016, 2019}  # national tallies count the three 行委 in 2019, Qinghai in 2016
    return frozenset(out)


@dataclass
class CrossIndex:
    """What C4, C9 and C10 need from each result, kept small enough to stream."""

    max_ids: int = 50
    cums: dict[str, list[_Cum]] = field(default_factory=dict)
    exits: dict[str, list[_Exit]] = field(default_factory=dict)
    names: dict[str, str] = field(default_factory=dict)

    def add(self, result: ArticleResult) -> None:
        """Index one article's cumulative counts and dated exits."""
        aid = result.article.id
        pub = result.article.published
        nums = read_claims(result.claims)
        inherit_scopes((lk.part, lk.whole) for lk in superset_links(nums))
        for n in nums:
            if not _is_cumulative(n) or not n.scope_explicit or not n.scope:
                continue
            # Provinces that also count their own designated counties mix two lists in
            # their totals (Gansu 67 of 75 vs 50 of 58): compare only single-list provinces.
            if n.scope != "national" and (not is_province(n.scope) or quoted_totals(n.scope)):
                continue
            when = _as_of(n, pub)
            if when is None:
                continue
            self.cums.setdefault(n.scope, []).append(_Cum(aid, n.value, when[0], when[1], n.ev))
        for r in result.records:
            if r.status != "exited":
                continue
            code = canonical_adcode(r.county.adcode) or r.county.name
            self.names.setdefault(code, r.county.name)
            d = r.date
            first = last = None
            if d is not None and d.text and d.text in r.evidence.sentence and d.granularity != "year" \
                    and not _several_dates(r.evidence.sentence) and not dateline_like(d, r.evidence, pub):
                written = as_written(d)
                first, last = (written, written) if written else (d.as_date(), d.last_day())
            batches = None if d is not None and dateline_like(d, r.evidence, pub) and not _rounds(r) else _batches(r)
            self.exits.setdefault(code, []).append(_Exit(aid, d, first, last, batches, r.evidence))

    # -- findings ---------------------------------------------------------------------------

    def findings(self) -> list[Finding]:
        """C4, C9 and C10 over everything indexed."""
        return [*self._c4(), *self._c9_c10()]

    def _c4(self) -> list[Finding]:
        out: list[Finding] = []
        for scope, items in self.cums.items():
            if len({c.article for c in items}) < 2:
                continue
            items = sorted(items, key=lambda c: (c.first, c.last))
            ended: list[_Cum] = sorted(items, key=lambda c: c.last)
            j = 0
            best: Optional[_Cum] = None
            bad = False
            where = "nationwide" if scope == "national" else f"in {scope}"
            for c in items:
                while j < len(ended) and ended[j].last < c.first:
                    if best is None or ended[j].value > best.value:
                        best = ended[j]
                    j += 1
                if best is not None and best.value > c.value and best.article != c.article:
                    bad = True
                    out.append(finding(
                        "C4", "fail",
                        f"cumulative exits {where} fall from {fmt_num(best.value)} (as of {best.last}) to "
                        f"{fmt_num(c.value)} (as of {c.first}); a count of exits so far cannot go down",
                        [best.evidence, c.evidence], stated=c.value, computed=best.value,
                        articles=[best.article, c.article]))
            if not bad:
                ids = list(dict.fromkeys(c.article for c in items))[: self.max_ids]
                keep = [c for c in items if c.article in ids]
                steps = sorted({(c.last, c.value) for c in keep})
                series = " → ".join(f"{fmt_num(v)} ({d})" for d, v in steps[:8])
                out.append(finding("C4", "pass", f"cumulative exits {where} rise over time: {series}",
                                   [c.evidence for c in keep], stated=len(ids), computed=len(ids),
                                   articles=[c.article for c in keep]))
        return out

    def _c9_c10(self) -> list[Finding]:
        cmp: list[_Cmp] = []
        for code, items in self.exits.items():
            if len({x.article for x in items}) < 2:
                continue
            name = self.names.get(code) or short_name(code)
            disjoint: set[tuple[str, str]] = set()
            cmp.extend(self._c10(code, name, items, disjoint))
            cmp.extend(self._c9(code, name, items, disjoint))
        return _merge(cmp)

    def _c10(self, code: str, name: str, items: list[_Exit], disjoint: set[tuple[str, str]]) -> list[_Cmp]:
        groups: dict[frozenset[int], list[_Exit]] = {}
        for x in items:
            if x.batches:
                groups.setdefault(x.batches, []).append(x)
        keys = sorted(groups, key=sorted)
        out: list[_Cmp] = []
        for i, a in enumerate(keys):
            for b in keys[i + 1:]:
                if a & b:
                    continue
                xa, xb = groups[a][: self.max_ids], groups[b][: self.max_ids]
                for p in xa:
                    for q in xb:
                        disjoint.update({(p.article, q.article), (q.article, p.article)})
                out.append(_Cmp("C10", "fail", _years(a), _years(b), xa, xb, f"{name} ({code})"))
        if not out and sum(len(v) for v in groups.values()) >= 2:
            agree = [x for k in keys for x in groups[k]][: self.max_ids]
            common = frozenset.intersection(*groups.keys())
            out.append(_Cmp("C10", "pass", _years(common), _years(common), agree, [], f"{name} ({code})"))
        return out

    def _c9(self, code: str, name: str, items: list[_Exit], disjoint: set[tuple[str, str]]) -> list[_Cmp]:
        groups: dict[tuple[str, str], list[_Exit]] = {}
        for x in items:
            if x.first is not None and x.date is not None:
                day = x.first == x.last
                key = (x.first.isoformat() if day else x.date.value, "day" if day else x.date.granularity)
                groups.setdefault(key, []).append(x)
        keys = sorted(groups)
        out: list[_Cmp] = []
        for i, a in enumerate(keys):
            xa = groups[a][: self.max_ids]
            if len({x.article for x in xa}) >= 2:
                out.append(_Cmp("C9", "pass", a[0], a[0], xa, [], f"{name} ({code})"))
            for b in keys[i + 1:]:
                xb = groups[b][: self.max_ids]
                pairs = [(p, q) for p in xa for q in xb
                         if p.article != q.article and (p.article, q.article) not in disjoint]
                if not pairs:
                    continue
                # Announcement vs signature vs dateline: a few days apart for two exact days,
                # none when a month must contain the other date.
                tol = 3 if a[1] == b[1] == "day" else (2 if "day" in (a[1], b[1]) else 0)
                status = "fail" if _gap(xa[0], xb[0]) > tol else "pass"
                out.append(_Cmp("C9", status, a[0], b[0], _unique([p for p, _ in pairs]),
                                _unique([q for _, q in pairs]), f"{name} ({code})"))
        return out


@dataclass
class _Cmp:
    """One comparison of a county's reports: side a vs side b (b empty: a agrees)."""

    check: str
    status: str
    a: str
    b: str
    xa: list[_Exit]
    xb: list[_Exit]
    county: str


def _merge(cmps: list[_Cmp]) -> list[Finding]:
    """One finding per comparison of the same articles on the same values, listing every
    county they share (nine counties dated 23 vs 30 November by the same two reports are
    one disagreement between two reports)."""
    groups: dict[tuple, list[_Cmp]] = {}
    for c in cmps:
        key = (c.check, c.status, c.a, c.b, tuple(sorted({x.article for x in c.xa})),
               tuple(sorted({x.article for x in c.xb})))
        groups.setdefault(key, []).append(c)
    out: list[Finding] = []
    for (check, status, a, b, _, _), group in groups.items():
        counties = [c.county for c in group]
        who = counties[0] if len(counties) == 1 else f"{len(counties)} counties ({', '.join(counties[:4])}{', …' if len(counties) > 4 else ''})"
        xa = [x for c in group for x in c.xa]
        xb = [x for c in group for x in c.xb]
        ida, idb = _ids(xa), _ids(xb)
        if check == "C10" and status == "fail":
            msg = f"{who}: the {a} round in {ida} but the {b} round in {idb}; a county exits once"
        elif check == "C10":
            msg = f"{who}: one exit in every report" + (f" (the {a} round)" if a else "") + f": {ida}"
        elif status == "fail":
            msg = f"{who}: exit dated {a} in {ida} but {b} in {idb}"
        elif b == a:
            msg = f"{who}: {len({x.article for x in xa})} reports agree on {a}"
        else:
            msg = f"{who}: {a} in {ida} and {b} in {idb} agree"
        both = xa + xb
        out.append(finding(check, status, msg, [x.evidence for x in both], stated=a, computed=b,
                           articles=[x.article for x in both]))
    return out


def _unique(xs: list[_Exit]) -> list[_Exit]:
    seen: set[int] = set()
    return [x for x in xs if not (id(x) in seen or seen.add(id(x)))]


def _gap(a: _Exit, b: _Exit) -> int:
    """Days between two date intervals (0 when they overlap)."""
    assert a.first and a.last and b.first and b.last
    if a.last < b.first:
        return (b.first - a.last).days
    if b.last < a.first:
        return (a.first - b.last).days
    return 0


def _years(s: frozenset[int]) -> str:
    ys = sorted(s)
    return str(ys[0]) if len(ys) == 1 else "/".join(map(str, ys))


def _ids(xs: list[_Exit]) -> str:
    ids = list(dict.fromkeys(x.article for x in xs))
    return ", ".join(ids[:3]) + (f" and {len(ids) - 3} more" if len(ids) > 3 else "")


def cross_check(results: Iterable[ArticleResult]) -> list[Finding]:
    """C4, C9 and C10 over many results (streamed once)."""
    index = CrossIndex()
    for r in results:
        index.add(r)
    return index.findings()


__all__ = ["CrossIndex", "check_list_size", "cross_check"]
