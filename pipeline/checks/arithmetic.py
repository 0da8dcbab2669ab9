"""Arithmetic inside one article: listed names vs counts (C1), parts vs totals (C2),
subsets (C3), units kept apart (C12) and remaining = total − exited (C13).

The relations are read from the claims' positions and roles: 共有75个…其中58个…17个 (a
total and its parts), "28 … and another 125 …, bringing the total to 153" (a running
sum), "75 … by the end of 2019, 67 … still 8" (total, exited so far, remaining). A `fail`
needs the relation to be unmistakable in the text; anything looser is `unverifiable`.
"""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass
from typing import Optional

from ..records import AggregateExit, ArticleResult, Evidence, Finding
from .common import (NATIONAL_TOTAL, Num, en_list_after, finding, fmt_num, inherit_scopes, is_province,
                     list_near, list_sizes, names_list, national_by_province, official_cumulative,
                     province_cumulative, quoted_totals, same_sentence, scopes_fit, short_name, unit_fits)

def _int(v: float) -> float:
    return int(v) if float(v).is_integer() else v


def unit_word(unit: str) -> str:
    return {"county": "counties", "county_unit": "county-level units", "village": "villages",
            "person": "people", "household": "households", "province": "provinces"}.get(unit, unit)


# -- sentences of claims ----------------------------------------------------------------------


def _sentences(nums: list[Num]) -> list[list[Num]]:
    """Claims grouped by sentence, in article order."""
    groups: dict[int, list[Num]] = {}
    for n in nums:
        groups.setdefault(n.sent_start, []).append(n)
    return [groups[k] for k in sorted(groups)]


def _previous_sentence(nums: list[Num], n: Num, adjacent: bool = True) -> list[Num]:
    """Claims of the sentence before n's (only when it is the sentence right before)."""
    earlier = [m for m in nums if m.sent_start < n.sent_start]
    if not earlier:
        return []
    start = max(m.sent_start for m in earlier)
    prev = [m for m in earlier if m.sent_start == start]
    if adjacent and n.sent_start - (start + len(prev[0].sent)) > 4:
        return []
    return prev


def _between(a: Num, b: Num) -> str:
    """Sentence text between the end of a and the start of b (same sentence)."""
    s0 = a.sent_start
    return a.sent[a.ev.end - s0:b.ev.start - s0] if same_sentence(a, b) else ""


# -- C12: units --------------------------------------------------------------------------------

_NON_COUNTY = ("village", "person", "household")


def check_units(nums: list[Num]) -> tuple[list[Finding], set[int]]:
    """C12: a county total that is really counties plus villages (or people) fails; every
    village/people count next to a county count passes as kept apart. Returns the findings
    and the claims that carry a unit mix-up (other checks leave those alone)."""
    out: list[Finding] = []
    tainted: set[int] = set()
    for t in nums:
        if t.unit != "county" or not t.exact or t.value < 10:
            continue
        window = [m for m in nums if m.start < t.start and t.start - m.start < 400 and m is not t]
        hit = None
        for v in window:
            if v.unit not in _NON_COUNTY or not v.exact or v.value >= t.value:
                continue
            for c in window:
                if c.unit in ("county", "county_unit") and c.exact and c.value + v.value == t.value:
                    hit = (c, v)
                    break
            if hit:
                break
        if hit is None:
            continue
        # A county-only sum that also gives the total explains it without the villages.
        if any(a.unit == "county" and b.unit == "county" and a is not b and a.value + b.value == t.value
               for a in window for b in window):
            continue
        c, v = hit
        tainted.add(t.i)
        out.append(finding(
            "C12", "fail",
            f"the article counts {fmt_num(t.value)} counties, which is {fmt_num(c.value)} counties "
            f"plus {fmt_num(v.value)} {unit_word(v.unit)} ({v.claim.noun or v.unit}) added together",
            [t.ev, c.ev, v.ev], stated=t.value, computed=c.value))
    seen: set[int] = set()
    for group in _sentences(nums):
        counties = [m for m in group if m.unit == "county" and m.i not in tainted]
        if not counties:
            continue
        for v in group:
            if v.i in seen or v.i in tainted:
                continue
            if v.unit in _NON_COUNTY or v.unit == "county_unit":
                seen.add(v.i)
                kind = "county-level units (县（市、区）)" if v.unit == "county_unit" else unit_word(v.unit)
                out.append(finding(
                    "C12", "pass",
                    f"{fmt_num(v.value)} {kind} are counted apart from the counties "
                    f"({', '.join(fmt_num(c.value) for c in counties)})",
                    [v.ev, *(c.ev for c in counties)], stated=v.value))
    return out, tainted


# -- C1: lists -------------------------------------------------------------------------------


def check_lists(result: ArticleResult, nums: list[Num]) -> list[Finding]:
    """C1: names listed with a count. Exact lists must match the count; 等/"including"
    make the count a lower bound. A `fail` needs the list read from the sentence itself,
    every name a place; the extraction's own tally alone can only pass or stay unverifiable."""
    out: list[Finding] = []
    covered: set[int] = set()
    for n in nums:
        if n.unit not in ("county", "county_unit", "province") or not n.exact:
            continue
        lr = list_near(n.ev, n.zh)
        if lr is None:
            continue
        want = "province" if n.unit == "province" else "county"
        if want == "province" and not lr.all_of("province"):
            continue
        if want == "county" and not lr.mostly("county"):
            continue
        covered.add(n.ev.start)
        lb = lr.lower_bound
        stated, listed = int(n.value), lr.n
        noun = {"province": "provinces", "county_unit": "county-level units"}.get(n.unit, "counties")
        names = names_list(lr.items)
        if listed != stated and not (lb and listed < stated) and not lr.clean:
            out.append(finding("C1", "unverifiable", f"the article says {stated} {noun}; {listed} names "
                               f"read next to it, but the list may go on: {names}", [n.ev],
                               stated=stated, computed=listed))
            continue
        if listed == stated:
            status, msg = "pass", f"the article says {stated} {noun} and lists {listed}: {names}"
        elif lb and listed < stated:
            status, msg = "pass", (f"the article names {listed} of {stated} {noun} with "
                                   f"{'等' if n.zh else '“including”'} (a partial list): {names}")
        elif lb:
            status, msg = "fail", (f"the article says {'等' if n.zh else 'including'} {stated} {noun} "
                                   f"but lists {listed}: {names}")
        else:
            status, msg = "fail", f"the article says {stated} {noun} but lists {listed}: {names}"
        out.append(finding("C1", status, msg, [n.ev], stated=stated, computed=listed))
    for a in result.aggregates:
        if a.named == 0 or a.evidence.start in covered or a.unit not in ("county", "county_unit"):
            continue
        covered.add(a.evidence.start)
        out.append(_aggregate_list(a))
    return out


def _aggregate_list(a: AggregateExit) -> Finding:
    names = names_list([short_name(c) for c in a.named_adcodes])
    if a.named == a.count:
        return finding("C1", "pass", f"the article says {a.count} counties and names {a.named}: {names}",
                       [a.evidence], stated=a.count, computed=a.named)
    if a.lower_bound and a.named < a.count:
        return finding("C1", "pass", f"the article names {a.named} of {a.count} counties as a partial "
                       f"list: {names}", [a.evidence], stated=a.count, computed=a.named)
    return finding("C1", "unverifiable",
                   f"{a.named} names were tied to {a.count} counties, but the list could not be read "
                   f"from the sentence to confirm it: {names}", [a.evidence], stated=a.count,
                   computed=a.named)


# -- C3: subsets -----------------------------------------------------------------------------


@dataclass
class Link:
    part: Num
    whole: Num
    kind: str  # of (N of the M) | following (M, of which …) | marker (其中 …)


_N_OF_M = re.compile(r"^\s*(?:[a-z]+\s+){0,2}?of\s+(?:the\s+|its\s+|all\s+(?:the\s+)?|[A-Z][\w' ]{1,30}'s\s+)?$")
_ZH_N_OF_M = re.compile(r"^\s*个?[^，。；0-9]{0,12}?(?:中的|里的|之中的)\s*$")
_STRONG_ONLY = re.compile(r"其中|\bof which\b|\bof them\b|\bamong them\b", re.I)
_STRONG_MARK = re.compile(r"其中|\bof which\b|\bof them\b|\bamong them\b|\bof these\b|\bof whom\b|"
                          r"\bincluding\b|包括|含", re.I)


def superset_links(nums: list[Num]) -> list[Link]:
    """Which count is a part of which: "Nine of the 14", "Of the 30, 71 …", 75个贫困县中，有85个,
    共有75个贫困县，其中58个…，17个…, and 其中 opening the next sentence."""
    links: list[Link] = []
    linked: set[int] = set()
    by_sent = _sentences(nums)
    for group in by_sent:
        for j, w in enumerate(group):
            if j > 0:
                p = group[j - 1]
                between = _between(p, w)
                if (not w.zh and _N_OF_M.match(between)) or (w.zh and _ZH_N_OF_M.match(between)):
                    links.append(Link(p, w, "of"))
                    linked.add(p.i)
                    continue
            if "superset" in w.roles:
                for q in group[j + 1:]:
                    if q.i in linked:
                        continue
                    if q.roles & {"superset", "sum"} or _STRONG_ONLY.search(_between(w, q)):
                        break  # 全省107个县中，有96个…，其中56个: 其中 opens a part of the part
                    links.append(Link(q, w, "following"))
                    linked.add(q.i)
    for group in by_sent:
        for p in group:
            if p.i in linked or "subset" not in p.roles:
                continue
            marks = list(_STRONG_MARK.finditer(p.pre))
            if not marks:
                continue
            mark_at = p.sent_start + marks[-1].start()
            before = [m for m in group if m.ev.end <= mark_at and m is not p]
            if before:
                links.append(Link(p, before[-1], "marker"))
                linked.add(p.i)
            elif marks[-1].start() < 4:  # 其中/"Of them" opens the sentence: the last count before
                prev = [m for m in _previous_sentence(nums, p) if m.i not in linked]
                if prev:
                    links.append(Link(p, prev[-1], "marker"))
                    linked.add(p.i)
    return links


def check_subsets(links: list[Link], tainted: set[int]) -> list[Finding]:
    """C3: a part never exceeds its whole."""
    out: list[Finding] = []
    for lk in links:
        p, w = lk.part, lk.whole
        if p.i in tainted or w.i in tainted or not (p.exact and w.exact):
            continue
        if not (p.unit == w.unit or (p.unit == "county" and w.unit == "county_unit")):
            continue
        if p.value <= w.value:
            out.append(finding("C3", "pass", f"{fmt_num(p.value)} is part of {fmt_num(w.value)} and not more",
                               [p.ev, w.ev], stated=p.value, computed=w.value))
        else:
            out.append(finding("C3", "fail",
                               f"the article gives {fmt_num(p.value)} as part of {fmt_num(w.value)} "
                               f"{w.claim.noun or unit_word(w.unit)}, more than the whole",
                               [p.ev, w.ev], stated=p.value, computed=w.value))
    return out


# -- C2: parts and totals ------------------------------------------------------------------

_NATIONAL_LABEL = re.compile(r"国家|国定|national|state-level|contiguous|片区", re.I)
_PROVINCIAL_LABEL = re.compile(r"省定|省级|自治区(?:级|扶贫|贫困|重点)|区定|市定|插花|provincial|designated by|regional|by the (?:province|region)", re.I)
_YEAR_LABEL = re.compile(r"(20[12]\d)")


_PART_SPLIT = re.compile(r"[、,，;；]|\band\b|\bwhile\b|\d")


def _label(n: Num) -> Optional[str]:
    # Only the words of this part: 其中国家级贫困县28个、省级贫困县9个 labels 28 national.
    text = _PART_SPLIT.split(n.before)[-1] + n.ev.text + _PART_SPLIT.split(n.after)[0]
    nat, prov = _NATIONAL_LABEL.search(text), _PROVINCIAL_LABEL.search(text)
    if nat and not prov:
        return "national"
    if prov and not nat:
        return "provincial"
    years = set(_YEAR_LABEL.findall(text))
    if len(years) == 1:
        return "year " + years.pop()
    return None


def _partition(parts: list[Num]) -> bool:
    """Whether labelled parts split a whole without overlap: national vs provincial, or
    one per year."""
    labels = [_label(p) for p in parts]
    if any(lb is None for lb in labels) or len(set(labels)) != len(labels):
        return False
    kinds = {lb.split()[0] for lb in labels if lb}
    return kinds in ({"national", "provincial"}, {"year"})


_LIST_KIND = re.compile(r"片区|连片|重点|深度|插花|contiguous|key|deep", re.I)


def _overlapping(parts: list[Num]) -> bool:
    """Parts from different poverty lists overlap (680 片区县 and 592 重点县 make 832, not
    1,272): they only add up when they split one list."""
    kinds = {m.group(0) for p in parts for m in _LIST_KIND.finditer(p.claim.noun + p.before[-12:])}
    return len(kinds) > 1 or (bool(kinds) and any(not _LIST_KIND.search(p.claim.noun + p.before[-12:])
                                                  for p in parts) and not _partition(parts))


def check_sums(nums: list[Num], links: list[Link], tainted: set[int]) -> list[Finding]:
    """C2: parts add up to the total the text gives them."""
    out: list[Finding] = []
    done: set[int] = set()
    # A whole followed by its parts: 共有75个，其中58个…，17个…; "54, of which 33 … and 21 …".
    wholes: dict[int, list[Num]] = {}
    for lk in links:
        if lk.kind in ("following", "marker"):
            wholes.setdefault(lk.whole.i, []).append(lk.part)
    by_i = {n.i: n for n in nums}
    for wi, parts in wholes.items():
        w = by_i[wi]
        parts = [p for p in parts if unit_fits(p, w)]
        if len(parts) < 2 or w.i in tainted or any(p.i in tainted for p in parts):
            continue
        if not w.exact or not all(p.exact for p in parts):
            continue
        if any(p.roles & {"remaining", "not_exited"} for p in parts):
            continue  # 88个中已有81个摘帽，尚未摘帽的7个: exited + remaining is C13's
        total = _int(sum(p.value for p in parts))
        spans = [w.ev, *(p.ev for p in parts)]
        expr = " + ".join(fmt_num(p.value) for p in parts)
        done.add(w.i)
        if total == w.value:
            out.append(finding("C2", "pass", f"{expr} = {fmt_num(w.value)}", spans, stated=w.value, computed=total))
        elif _partition(parts):
            out.append(finding("C2", "fail", f"the article splits {fmt_num(w.value)} into {expr}, "
                               f"which makes {fmt_num(total)}", spans, stated=w.value, computed=total))
        else:
            out.append(finding("C2", "unverifiable", f"{expr} = {fmt_num(total)}, not {fmt_num(w.value)}; "
                               f"the parts may overlap or leave some out", spans, stated=w.value, computed=total))
    # A running sum: "28 … and another 125 …, bringing the total to 153"; 合计66个.
    part_of = {lk.part.i for lk in links if lk.kind in ("following", "marker")}
    wholes_i = set(wholes)
    for t in nums:
        if "sum" not in t.roles or t.i in done or t.i in tainted or not t.exact:
            continue
        if t.unit not in ("county", "county_unit"):
            continue
        same = [m for m in nums if same_sentence(m, t) and m.start < t.start]
        parts: list[Num] = []
        for m in reversed(same):
            if m.value >= t.value or "sum" in m.roles:
                break  # the running total before these parts
            if not unit_fits(m, t) or "superset" in m.roles or m.i in wholes_i:
                continue
            if m.i in part_of and any(lk.whole.i in {x.i for x in same} for lk in links if lk.part.i == m.i):
                continue  # a part of a part already counted
            parts.insert(0, m)
        if not parts or not all(p.exact for p in parts) or any(p.i in tainted for p in parts):
            continue
        first = parts[0]
        bases = [0] + [b.value for b in nums
                         if b.start < first.start and b.value < t.value and unit_fits(b, t) and b.exact
                         and b.i not in tainted and scopes_fit(b.scope, t.scope)
                         and b.roles & {"sum", "cumulative", "total", "total_after", "stated_total"}
                         and not b.roles & {"remaining", "not_exited"}]
        near = [b for b in nums if same_sentence(b, t) and b.start < first.start and b.value < t.value
                and unit_fits(b, t) and b.exact and b.roles & {"sum", "cumulative"}]
        s = _int(sum(p.value for p in parts))
        spans = [t.ev, *(p.ev for p in parts)]
        expr = " + ".join(fmt_num(p.value) for p in parts)
        fit = next((b for b in bases if b + s == t.value), None)
        done.add(t.i)
        if fit is not None:
            full = f"{fmt_num(fit)} + {expr}" if fit else expr
            out.append(finding("C2", "pass", f"{full} = {fmt_num(t.value)}", spans, stated=t.value,
                               computed=fit + s))
        elif "strict_sum" in t.roles and (len(parts) >= 2 or near) and not _overlapping(parts):
            base = near[-1].value if len(parts) < 2 else 0
            full = f"{fmt_num(base)} + {expr}" if base else expr
            out.append(finding("C2", "fail", f"the article gives a total of {fmt_num(t.value)}, but "
                               f"{full} = {fmt_num(base + s)}", spans + ([near[-1].ev] if base else []),
                               stated=t.value, computed=base + s))
        else:
            out.append(finding("C2", "unverifiable", f"{expr} does not reach {fmt_num(t.value)} on its own; "
                               f"the earlier part of the total is not stated", spans, stated=t.value, computed=s))
    return out


# -- C13: remaining = total − exited --------------------------------------------------------

_STRONG_REMAIN = re.compile(r"剩余|剩下|还剩|仅剩|只剩|尚余|尚有|还有|仍有|尚未|未摘帽|未退出|leaving|\bleft\b|remain|\bstill\b|yet to|the rest", re.I)
_SERIES = re.compile(r"^\s*(?:和|及|以及|、|,?\s*and|plus)\s*$")


def _total_like(n: Num) -> bool:
    return bool(n.roles & {"total", "total_after", "stated_total", "superset", "sum"}) \
        or n.value in list_sizes(n.scope)


def _remaining_vs_list(r: Num, published: Optional[dt.date]) -> list[Finding]:
    """C13 without exits in the text: 全国还有52个贫困县未摘帽 against the list less the batches
    approved by then. The year a count holds for is loose (a batch is assessed in one year
    and approved the next), so this passes or stays unverifiable, never fails."""
    if not r.scope_explicit or r.unit != "county" or r.part_noun and not r.roles & {"not_exited"}:
        return []
    year = None
    a = r.claim.as_of
    if a is not None and a.text and a.text in r.sent:
        year = a.as_date().year
    elif published is not None:
        year = published.year
    if year is None or not 2016 <= year <= 2021:
        return []
    if r.scope == "national":
        size, done = NATIONAL_TOTAL, official_cumulative()
        left = {size - done.get(y, done[max(done)] if y > max(done) else 0) for y in (year - 2, year - 1, year)}
    elif is_province(r.scope) and not quoted_totals(r.scope):
        size = national_by_province().get(r.scope, 0)
        left = {size - province_cumulative(r.scope, y) for y in (year - 2, year - 1, year)}
    else:
        return []
    v = _int(r.value)
    where = "nationwide" if r.scope == "national" else f"in {r.scope}"
    if v in left:
        return [finding("C13", "pass", f"{v} counties remaining {where} around {year} agrees with the list "
                        f"less the batches approved by then", [r.ev], stated=v, computed=v)]
    shown = ", ".join(str(x) for x in sorted(left))
    return [finding("C13", "unverifiable", f"{v} counties remaining {where} around {year}; the list less the "
                    f"batches approved by then gives {shown}", [r.ev], stated=v, computed=shown)]


def check_remaining(nums: list[Num], links: list[Link], tainted: set[int],
                    published: Optional[dt.date] = None) -> list[Finding]:
    """C13: a stated remainder equals the total less the exits the text gives."""
    out: list[Finding] = []
    used: set[int] = set()
    for r in nums:
        if r.i in used or r.i in tainted or not r.roles & {"remaining", "not_exited"}:
            continue
        if not r.countyish or not r.exact or "superset" in r.roles:
            continue
        if any(same_sentence(t, r) and t.start > r.start and "sum" in t.roles for t in nums):
            continue  # 加上今年最后的9个县，合计66个: the last batch is a part of a sum (C2)
        strong = bool(_STRONG_REMAIN.search(r.before[-20:] + " " + r.ev.text + " " + r.after[:24]))
        # 剩余的16个国家级贫困县和1个省级贫困县: a remainder given in parts.
        group = [r]
        for m in nums:
            if m.start > group[-1].start and same_sentence(m, r) and unit_fits(m, r) and m.exact \
                    and _SERIES.match(_between(group[-1], m)):
                group.append(m)
        used.update(m.i for m in group)
        remaining = _int(sum(m.value for m in group))
        e = _exited_before(nums, r, strong)
        if e is None and strong and len(group) == 1:
            out.extend(_remaining_vs_list(r, published))
            continue
        if e is None or e.i in tainted:
            continue
        s = e.value + remaining
        totals = [t for t in nums if t is not e and t not in group and t.i not in tainted
                  and t.countyish and t.exact and t.value > max(e.value, remaining)
                  and scopes_fit(t.scope, r.scope) and scopes_fit(t.scope, e.scope)
                  and not t.roles & {"remaining", "not_exited", "approx", "demonstrative"}
                  and not t.part_noun]
        rem = " + ".join(fmt_num(m.value) for m in group)
        spans = [r.ev, *(m.ev for m in group), e.ev]
        match = next((t for t in totals if t.value == s), None)
        if match is not None:
            out.append(finding("C13", "pass", f"{fmt_num(match.value)} − {fmt_num(e.value)} = {rem} remaining",
                               spans + [match.ev], stated=remaining, computed=match.value - e.value))
            continue
        scope = r.scope or e.scope
        sizes = list_sizes(scope)
        if not totals:
            # No total in the text: the list itself is the total (832 nationally).
            explicit = r.scope_explicit or e.scope_explicit
            if explicit and s in sizes:
                out.append(finding("C13", "pass", f"{fmt_num(s)} − {fmt_num(e.value)} = {rem} remaining",
                                   spans, stated=remaining, computed=s - e.value))
            elif explicit and scope == "national" and same_sentence(e, r):
                out.append(finding("C13", "fail", f"the article says {rem} counties remain after "
                                       f"{fmt_num(e.value)} exited, but the national list had 832: "
                                       f"832 − {fmt_num(e.value)} = {fmt_num(832 - e.value)}",
                                       spans, stated=remaining, computed=832 - e.value))
            continue
        anchor = [t for t in totals if _total_like(t) and (same_sentence(t, r) or same_sentence(t, e))]
        if not anchor:
            anchor = [t for t in totals if _total_like(t)]
            if len({t.value for t in anchor}) != 1:
                anchor = []
        t = anchor[-1] if anchor else None
        if t is not None and (same_sentence(e, r) or same_sentence(t, r)) and s not in sizes:
            out.append(finding("C13", "fail",
                               f"the article says {rem} remain, but {fmt_num(t.value)} − {fmt_num(e.value)} "
                               f"= {fmt_num(t.value - e.value)}", spans + [t.ev], stated=remaining,
                               computed=t.value - e.value))
        else:
            out.append(finding("C13", "unverifiable",
                               f"{fmt_num(e.value)} exited + {rem} remaining = {fmt_num(s)}, which matches "
                               f"no total the article gives", spans, stated=remaining, computed=None))
    return out


def _exited_before(nums: list[Num], r: Num, strong: bool) -> Optional[Num]:
    """The exits-so-far count a remainder is measured against: the nearest exit count
    before it in its sentence, else a cumulative one in the sentence before. A remainder
    named only as "the last"/最后 needs a count marked as cumulative (累计, "so far"): a
    year's batch before "the last nine" is not what they remain from."""
    same = [m for m in nums if same_sentence(m, r) and m.start < r.start and m.countyish and m.exact
            and not m.roles & {"remaining", "not_exited", "superset", "approx"}]
    for m in reversed(same):
        if m.roles & {"cumulative", "sum"} or (strong and ("exited" in m.roles or m.claim.as_of is not None)):
            return m
    prev = _previous_sentence(nums, r)
    for m in reversed(prev):
        if m.countyish and m.exact and m.roles & {"cumulative", "sum"} \
                and not m.roles & {"remaining", "not_exited", "approx"}:
            return m
    return None


# -- C1 over the text: enumerations the count stage does not read as counts ----------------

_EN_LEAD = re.compile(
    r"(?<![\w.,-])(?P<num>\d{1,3}|one|two|three|four|five|six|seven|eight|nine|ten|eleven|twelve|"
    r"thirteen|fourteen|fifteen|sixteen|seventeen|eighteen|nineteen|twenty(?:-\w+)?|thirty(?:-\w+)?)"
    r"\s+(?:[A-Za-z-]+,?\s+){0,6}?(?P<intro>in|including|such as|namely)\s+(?=[A-Z])", re.I)


def check_text_lists(text: str, nums: list[Num]) -> list[Finding]:
    """C1 for a number introducing an enumeration of provinces that the count stage does not
    take for a count ("As of November 21, 21 projects in Gansu, Guangxi, …, Hubei, etc." in a
    machine translation): passes when the names match the number, never fails, because the
    noun does not say what is counted."""
    from ..text.numerals import parse_number

    out: list[Finding] = []
    taken = [(n.start, n.ev.end) for n in nums]
    for m in _EN_LEAD.finditer(text):
        start = m.start("num")
        if any(a <= start < b for a, b in taken):
            continue
        value = parse_number(m.group("num"))
        if not value or value < 3:
            continue
        lead = "including " if m.group("intro").lower() in ("including", "such as") else ": "
        end = text.find("\n", m.end())
        lr = en_list_after(lead + text[m.end(): end if end > 0 else None])
        if lr is None or lr.n < 3 or not lr.all_of("province"):
            continue
        ev = Evidence(text=text[start:m.end("num")], start=start, end=m.end("num"),
                      sentence=text[start:(end if end > 0 else len(text))][:300])
        names = names_list(lr.items)
        if lr.n == value or (lr.lower_bound and lr.n < value):
            how = f"names {lr.n} of them" if lr.n < value else f"names all {lr.n}"
            out.append(finding("C1", "pass", f"the article gives {int(value)} provinces and {how}: {names}",
                               [ev], stated=int(value), computed=lr.n))
        else:
            out.append(finding("C1", "unverifiable", f"{int(value)} stands before a list of {lr.n} "
                               f"provinces: {names}", [ev], stated=int(value), computed=lr.n))
    return out


def check(result: ArticleResult, nums: list[Num], text: Optional[str] = None) -> tuple[list[Finding], set[int]]:
    """All arithmetic findings of one article, and the claims with a unit mix-up."""
    c12, tainted = check_units(nums)
    links = superset_links(nums)
    inherit_scopes((lk.part, lk.whole) for lk in links)
    findings = [*check_lists(result, nums), *check_sums(nums, links, tainted),
                *check_subsets(links, tainted), *c12,
                *check_remaining(nums, links, tainted, result.article.published)]
    if text and result.article.lang == "en":
        findings.extend(check_text_lists(text, nums))
    return findings, tainted


__all__ = ["check", "check_lists", "check_remaining", "check_subsets", "check_sums", "check_units",
           "superset_links"]
