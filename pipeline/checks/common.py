"""Shared parts of the checks: findings, the roles and scopes of claims, lists and facts.

The checks read an `ArticleResult`, never spaCy objects. A claim's sentence and offsets
come from its evidence, so everything here works on stored results as well as fresh ones.
"""

from __future__ import annotations

import datetime as dt
import re
from collections import Counter, defaultdict
from dataclasses import dataclass, field
from functools import lru_cache
from typing import Iterable, Optional, Sequence

from ..records import CheckStatus, CountClaim, DateValue, Evidence, Finding, Severity
from ..text.fold import fold

# The last nine Guizhou counties were announced on 2020-11-23; no exit came later.
EXIT_CALENDAR = (dt.date(2016, 1, 1), dt.date(2020, 11, 23))
NATIONAL_TOTAL = 832

#: Severity of a `fail`: `error` when the article contradicts itself or a fixed fact (its
#: own arithmetic, a county in the wrong province, a date after its dateline); `warning`
#: when the finding rests on reference data with known gaps (provincial lists, derived
#: batch years) or on dates that reports legitimately round differently.
FAIL_SEVERITY: dict[str, Severity] = {
    "C1": "error", "C2": "error", "C3": "error", "C4": "error", "C5": "warning",
    "C6": "error", "C7": "warning", "C8": "warning", "C9": "warning", "C10": "error",
    "C11": "error", "C12": "error", "C13": "error",
}

CHECK_TITLES: dict[str, str] = {
    "C1": "listed names = stated count",
    "C2": "parts sum to total",
    "C3": "subset ≤ superset",
    "C4": "cumulative counts monotone, ≤ list size",
    "C5": "provincial total vs gazetteer",
    "C6": "county in the named province",
    "C7": "county on the list it leaves",
    "C8": "exit date vs batch year and calendar",
    "C9": "same county, conflicting dates",
    "C10": "a county exits once",
    "C11": "date not after publication",
    "C12": "villages/people never feed county totals",
    "C13": "remaining = total − exited",
}


def finding(check: str, status: CheckStatus, message: str, evidence: Iterable[Optional[Evidence]],
            stated: object = None, computed: object = None,
            articles: Sequence[str] = ()) -> Finding:
    """A Finding with the severity its check and status imply and de-duplicated evidence."""
    severity: Severity = FAIL_SEVERITY.get(check, "warning") if status == "fail" else "info"
    pairs: list[tuple[Evidence, str]] = []
    seen: set[tuple[str, int, int]] = set()
    ids = list(articles)
    for i, e in enumerate(evidence):
        if e is None:
            continue
        aid = ids[i] if i < len(ids) else ""
        if (aid, e.start, e.end) in seen:
            continue
        seen.add((aid, e.start, e.end))
        pairs.append((e, aid))
    if not ids:
        pairs.sort(key=lambda p: p[0].start)
    kwargs = {}
    if ids:
        kwargs["articles"] = [a for _, a in pairs]
    return Finding(check=check, status=status, severity=severity, stated=_scalar(stated),
                   computed=_scalar(computed), message=message,
                   evidence=[e for e, _ in pairs], **kwargs)


def _scalar(v: object) -> object:
    if v is None or isinstance(v, (int, float, str)):
        return v
    return str(v)


def fmt_num(v: float) -> str:
    """75 → '75', 5379 → '5,379', 1.5 → '1.5'."""
    if float(v).is_integer():
        return f"{int(v):,}"
    return f"{v:,}"


def names_list(names: Sequence[str], limit: int = 12) -> str:
    """'融水, 三江, …' with at most `limit` names."""
    shown = list(names[:limit])
    return "、".join(shown) + ("…" if len(names) > limit else "") if any(is_zh(n) for n in shown) \
        else ", ".join(shown) + (", …" if len(names) > limit else "")


def is_zh(text: str) -> bool:
    return bool(re.search(r"[\u4e00-\u9fff]", text))


def _locate(ev: Evidence) -> int:
    """Index of the evidence text inside its sentence (-1 when it cannot be found)."""
    if not ev.sentence:
        return -1
    return ev.sentence.find(ev.text)


def sentence_after(ev: Evidence, limit: int = 400) -> str:
    """The rest of the evidence's sentence after the evidence text."""
    i = _locate(ev)
    if i < 0:
        return ""
    j = i + len(ev.text)
    return ev.sentence[j:j + limit]


def sentence_before(ev: Evidence, limit: int = 400) -> str:
    """The part of the evidence's sentence before the evidence text."""
    i = _locate(ev)
    if i < 0:
        return ""
    return ev.sentence[max(0, i - limit):i]


# -- claims and their roles -------------------------------------------------------------------

# Nouns of the poverty-county list itself. Lists that are only part of it (深度贫困县, 片区县,
# "deeply impoverished") and counts of counties still listed or already out are not totals.
_POVERTY_NOUN = re.compile(r"贫困县|贫困縣|重点县|poverty|impoverished|poor|destitute|key count", re.I)
_PART_NOUN = re.compile(r"深度|片区|插花|重点|摘帽|未|督战|剩余|最后|deep|extreme|contiguous|key|remaining|last|final|other|more", re.I)

_PARENS = re.compile(r"[（(][^）)]{0,30}[）)]")
_ZH_CLAUSE = re.compile(r"[，,。；;：:！？!?\n]|(?<=[\u4e00-\u9fff])[ \u3000]+(?=[\u4e00-\u9fff])")
_EN_CLAUSE = re.compile(r"[;:\n]|[.!?](?=\s)|,(?=\s(?:and|but|while|which|leaving|meaning|marking|making|bringing|so)\b)|\s--?\s|\s—\s")

_TOTAL_AFTER_ZH = re.compile(r"^[^，,。；;：:0-9\s\u3000]{0,14}?(?:全部|全都|均已|均|都已|全面|一个不落|悉数)")
_TOTAL_AFTER_EN = re.compile(r"^[^.;:]{0,60}?\b(?:have|had|has|were|are)\s+all\b", re.I)
_TOTAL_BEFORE_ZH = re.compile(r"(?:(?<![已还仍尚又计])有|共有|总共|共计|合计|总计|全部|所有|曾有|原有)\s*$")
_TOTAL_BEFORE_EN = re.compile(r"\b(?:there (?:are|were|was)|(?:has|had|have)(?: a total of)?|all(?: of)?(?: the| its| their)?|a total of|total of)\s*$", re.I)
_DEMONSTRATIVE = re.compile(r"(?:这|这些|上述|此次|此|该|本批|这批|今年|当年|又|再|these|those|this|the latest|another|more)\s*(?:\S{0,4}\s*)?$", re.I)
# A sum the text itself makes: 合计 66, "for a total of 55", "bringing the total to 153".
SUM_MARKER_ZH = re.compile(r"(?:合计|共计|总计|一共|加起来|累计(?:摘帽|退出|脱贫摘帽)?(?:达到?|为|有)?|总数达到?)\s*(?:为|达|有)?\s*$")
SUM_MARKER_EN = re.compile(r"\b(?:for a (?:total|cumulative)(?: of)?|a total of|total of|bringing (?:the|its) (?:total|number|tally)(?:\s+\S+){0,10}? to|brings? (?:the|its) (?:total|number|tally)(?:\s+\S+){0,10}? to|to a total of|totall?ing|for a cumulative|a cumulative|so that|so)\s*$", re.I)
STRICT_SUM_ZH = re.compile(r"(?:合计|共计|总计|一共|加起来|累计达到?)\s*(?:为|达|有)?\s*$")
STRICT_SUM_EN = re.compile(r"\b(?:for a total of|a total of|total of|to a total of|totall?ing|bringing (?:the|its) (?:total|number|tally)(?:\s+\S+){0,10}? to)\s*$", re.I)
_REMAIN_BEFORE = re.compile(r"(?:剩余|剩下|还剩|仅剩|只剩|尚余|尚有|还有|仍有|尚未摘帽的?|未摘帽的?|leaving|left with|with|the remaining|remaining|the last|its last|final)\s*(?:的|了)?\s*(?:\S{0,6})?$", re.I)
_REMAIN_AFTER = re.compile(r"^\s*(?:remain(?:ed|s|ing)?\b|(?:were|are|was) (?:still|left)\b|left\b|to go\b)", re.I)
_STRONG_SUBSET = re.compile(r"其中|\bof which\b|\bof them\b|\bamong them\b|\bof these\b|\bof whom\b", re.I)
_STRONG_SUBSET_WORDS = ("其中", "of which", "of them", "among them", "of these", "of whom")  # folded
_WEAK_SUBSET = re.compile(r"(?:\bincluding|包括|含)\s*(?:\S{0,3})?$", re.I)
_SUPERSET_AFTER = re.compile(r"^\s*(?:中|之中|里|当中)|^[^.;，。]{0,60}?,\s*of which\b|^[^.;，。]{0,40}?\b(?:comprised|comprise|consisted of|consist of|are made up of|were made up of)\b"
                             r"|^[^，。；]{0,6}[，,]\s*其中|^[^，。；]{0,4}[（(]含", re.I)
_OF_CLAUSE_START = re.compile(r"(?:^|[,;:]\s*)Of\s+(?:the\s+|its\s+|[A-Z][\w ]{1,30}'s\s+)?$")
_OF_BEFORE = re.compile(r"(?:\b\d[\d,]*|\b(?:one|two|three|four|five|six|seven|eight|nine|ten|eleven|twelve|\w+teen|\w+ty(?:-\w+)?|"
                        r"hundred|all|most|some|many|several|none|each)) of(?: the| its| all(?: the)?| [A-Z][\w ]{1,30}'s)?\s*$", re.I)


@dataclass
class Num:
    """A count claim with the roles the checks read from it."""

    i: int
    claim: CountClaim
    roles: set[str]
    sent: str
    sent_start: int
    scope: Optional[str]  # province full name, "national", a prefecture, or None
    scope_explicit: bool
    zh: bool
    before: str = ""  # the clause before the number
    after: str = ""  # the clause after the claim text
    pre: str = ""  # the whole sentence before the claim
    post: str = ""  # the whole sentence after the claim

    @property
    def value(self) -> float:
        return self.claim.value

    @property
    def unit(self) -> str:
        return self.claim.unit

    @property
    def ev(self) -> Evidence:
        return self.claim.evidence

    @property
    def start(self) -> int:
        return self.claim.evidence.start

    @property
    def exact(self) -> bool:
        return "approx" not in self.roles and float(self.claim.value).is_integer()

    @property
    def poverty_noun(self) -> bool:
        return bool(_POVERTY_NOUN.search(self.claim.noun))

    @property
    def part_noun(self) -> bool:
        return bool(_PART_NOUN.search(self.claim.noun))

    @property
    def countyish(self) -> bool:
        return self.unit in ("county", "county_unit")

    def label(self) -> str:
        return fmt_num(self.value)


def same_sentence(a: Num, b: Num) -> bool:
    return a.sent == b.sent and abs(a.sent_start - b.sent_start) < 3


def unit_fits(part: Num, whole: Num) -> bool:
    """A part can be added into a whole: same unit, or counties inside 县（市、区）."""
    return part.unit == whole.unit or (part.unit == "county" and whole.unit == "county_unit")


def read_claims(claims: Sequence[CountClaim]) -> list[Num]:
    """Wrap the claims in article order with roles and scopes."""
    ordered = sorted(claims, key=lambda c: c.evidence.start)
    starts = _sentence_starts(ordered)
    out: list[Num] = []
    for i, (c, s0) in enumerate(zip(ordered, starts)):
        zh = is_zh(c.evidence.sentence or c.evidence.text)
        roles = set(c.qualifiers)
        if c.cumulative:
            roles.add("cumulative")
        k = c.evidence.start - s0
        full_before = c.evidence.sentence[:k]
        full_after = c.evidence.sentence[k + len(c.evidence.text):]
        clause_re = _ZH_CLAUSE if zh else _EN_CLAUSE
        cut = max((m.end() for m in clause_re.finditer(full_before)), default=0)
        before = full_before[cut:]
        m = clause_re.search(full_after)
        after = full_after[:m.start()] if m else full_after
        if _DEMONSTRATIVE.search(before):
            roles.add("demonstrative")
        if (_TOTAL_AFTER_ZH if zh else _TOTAL_AFTER_EN).match(_PARENS.sub("", full_after)) \
                and not roles & {"remaining", "not_exited", "subset"}:
            roles.add("total_after")
        if (_TOTAL_BEFORE_ZH if zh else _TOTAL_BEFORE_EN).search(full_before[-24:]):
            roles.add("stated_total")
        if (SUM_MARKER_ZH if zh else SUM_MARKER_EN).search(full_before[-60:]):
            roles.add("sum")
        if (STRICT_SUM_ZH if zh else STRICT_SUM_EN).search(full_before[-60:]):
            roles.add("strict_sum")
        if _REMAIN_BEFORE.search(before[-16:]) or _REMAIN_AFTER.match(full_after[:20]):
            roles.add("remaining")
        # Subsets are read here rather than taken from the qualifiers: 其中/"of which" govern
        # the rest of their sentence, "including"/包括/含 only the number right after them.
        roles.discard("subset")
        # A literal test first (in C) keeps the patterns off most clauses.
        folded_before = fold(full_before)
        if (any(w in folded_before for w in _STRONG_SUBSET_WORDS) and _STRONG_SUBSET.search(full_before)) \
                or _WEAK_SUBSET.search(before[-16:]):
            roles.add("subset")
        if _SUPERSET_AFTER.match(full_after) or (not zh and "Of" in full_before and _OF_CLAUSE_START.search(full_before)):
            roles.add("superset")  # 75个贫困县中，…; "Of the 30, …"; "54 counties, of which …"
        if not zh and _OF_BEFORE.search(full_before[-40:]):
            roles.add("of_whole")  # "436 of the 832": the whole the part is taken from
        scope, explicit = _scope(c, before, full_before, full_after, zh)
        out.append(Num(i, c, roles, c.evidence.sentence, s0, scope,
                       explicit, zh, before, after, full_before, full_after))
    # A claim without a scope of its own takes the scope of the claim before it when that
    # one is close (the province named once, then "67 counties … still 8").
    last: Optional[Num] = None
    for n in out:
        if n.scope is None and last is not None and last.scope is not None \
                and n.start - last.start < 400:
            n.scope = last.scope
            # 全省75个贫困县: "the whole province" is the province just named.
            n.scope_explicit = bool(_SELF_SCOPE.search(n.before)) and is_province(n.scope)
        if n.scope is not None:
            last = n
    return out


def _occurrences(needle: str, hay: str) -> list[int]:
    out: list[int] = []
    if not needle or not hay:
        return out
    i = hay.find(needle)
    while i >= 0:
        out.append(i)
        i = hay.find(needle, i + 1)
    return out


def _sentence_starts(claims: Sequence[CountClaim]) -> list[int]:
    """Where each claim's sentence starts in the article. A number written twice in one
    sentence ("25 in 2017 and 25 in 2018") is located by the start its sentence-mates agree on."""
    cands: list[set[int]] = []
    for c in claims:
        ev = c.evidence
        offs = _occurrences(ev.text, ev.sentence)
        cands.append({ev.start - k for k in offs} or {ev.start})
    # Votes per sentence, counted once per group (not per pair of claims): a sentence
    # repeated hundreds of times must not make the checks quadratic.
    votes: dict[str, Counter] = defaultdict(Counter)
    for c, cs in zip(claims, cands):
        votes[c.evidence.sentence].update(cs)
    out: list[int] = []
    for c, cs in zip(claims, cands):
        v = votes[c.evidence.sentence]
        best = max(v[x] for x in cs)
        out.append(min(x for x in cs if v[x] == best))
    return out


_EN_AFTER_SCOPE = re.compile(
    r"\s*(?:in|of|across)\s+(?:(?:China's|the|northwest(?:ern)?|southwest(?:ern)?|northeast(?:ern)?|southeast(?:ern)?|"
    r"central|south(?:ern)?|north(?:ern)?|east(?:ern)?|west(?:ern)?|China)\s+)*"
    r"([A-Z][a-z]+(?: [A-Z][a-z]+)?)")
# Words that make a count national. "national-level" is not one: it names the list type.
NATIONAL_WORDS = re.compile(r"全国|全國|我国|我國|\bnationwide\b|\bnationally\b|across (?:the country|China)|"
                            r"\bChina's(?=\s+(?:\d|[a-z]))|\bthe country's\b|\bcountrywide\b")
#: Every match of NATIONAL_WORDS holds one of these (case as written).
_NATIONAL_NEEDLES = ("全国", "全國", "我国", "我國", "nation", "across", "China's", "country")


def national_words(text: str) -> list[re.Match]:
    """The matches of NATIONAL_WORDS in `text`, found only where a needle stands."""
    if not any(w in text for w in _NATIONAL_NEEDLES):
        return []
    return list(NATIONAL_WORDS.finditer(text))


_SELF_SCOPE = re.compile(r"全省|全区|全市|全州|本省|该省|the province's|the region's|\bits\b|the province\b|the region\b", re.I)


def _scope(c: CountClaim, clause: str, pre: str, post: str, zh: bool) -> tuple[Optional[str], bool]:
    """The claim's scope in canonical form and whether its own clause states it.

    The count stage takes the province named last before the count anywhere in the
    sentence; a check that can fail needs it in the count's own clause (湖南52个贫困县,
    "75 counties in Gansu Province", "all 58 of the province's … "), or 全国/"nationwide".
    """
    if not zh and re.match(r"\s*(?:which|that|who)\b", clause, re.I):
        # "Yunnan, which had 88 poverty counties": the relative clause belongs to Yunnan.
        head = pre[: len(pre) - len(clause)].rstrip(" ,")
        cut = max((m.end() for m in _EN_CLAUSE.finditer(head)), default=0)
        clause = head[cut:] + " " + clause
    if not zh and (re.match(r"\s*(?:across (?:the country|China)|nationwide|in China)\b", post[:30], re.I)
                   or national_words(c.evidence.text)):
        return "national", True  # "all 832 poor counties nationwide"
    named = provinces_in(clause)
    nat = national_words(clause)
    if named and not (nat and nat[-1].start() > named[-1].start):
        return named[-1].province, True
    if nat:
        return "national", True
    m = _EN_AFTER_SCOPE.match(post[:80])
    if m:
        prov = province_name(m.group(1))
        if prov:
            return prov, True
    ext = c.scope
    # The scope word nearest before the count in its sentence (全国 after 本报北京…讯).
    last_prov = provinces_in(pre)
    last_nat = national_words(pre)
    if last_nat and (not last_prov or last_nat[-1].start() > last_prov[-1].start):
        return "national", False
    if ext == "national":
        # 国家级/"national-level" makes the count stage say national; only 全国 does.
        return ("national", True) if last_nat else (None, False)
    if ext:
        prov = province_name(ext) or ext
        if (_SELF_SCOPE.search(clause) or _SELF_SCOPE.search(post[:40]) or _SELF_SCOPE.search(c.evidence.text)) \
                and is_province(prov):
            return prov, True  # 全省75个; "all 58 of the province's poverty counties"
        return prov, False
    return None, False


def inherit_scopes(pairs: Iterable[tuple["Num", "Num"]]) -> None:
    """A part takes the scope of its whole: 全国832个贫困县中已有780个 → 780 is national."""
    for part, whole in pairs:
        if not part.scope_explicit and whole.scope_explicit and whole.scope:
            part.scope, part.scope_explicit = whole.scope, True


def is_province(scope: Optional[str]) -> bool:
    return bool(scope) and scope != "national" and province_name(scope) == scope


def scopes_fit(a: Optional[str], b: Optional[str]) -> bool:
    return a is None or b is None or a == b


# -- gazetteer facts --------------------------------------------------------------------------


@lru_cache(maxsize=1)
def gaz():
    from ..gazetteer import load

    return load()


@lru_cache(maxsize=512)
def province_name(value: str) -> Optional[str]:
    """Full name of a province from any of its forms (甘肃, 甘肅省, Gansu), else None."""
    value = value.strip()
    if not value or len(value) > 40:
        return None
    g = gaz()
    try:
        d = g.province(value)
        if d is None and is_zh(value):
            from ..gazetteer.names import to_simplified

            d = g.province(to_simplified(value))
        if d is None:
            d = g.province(re.sub(r"\s+(?:Province|Autonomous Region|Municipality|Region)$", "", value))
    except Exception:  # an odd string is simply not a province
        return None
    return d.name if d is not None and d.tier == "province" else None


@lru_cache(maxsize=1)
def national_by_province() -> dict[str, int]:
    """How many of the 832 each province had."""
    out: dict[str, int] = {}
    for d in gaz().poverty_counties():
        out[d.province] = out.get(d.province, 0) + 1
    return out


def quoted_totals(province: str) -> Optional[tuple[int, int, int]]:
    """(national, provincial, total) as quoted in news for a province, if known."""
    row = gaz().provincial_list(province)
    if not row:
        return None
    try:
        return int(row["national"]), int(row["provincial"]), int(row["total_quoted"])
    except (KeyError, TypeError, ValueError):
        return None


def list_sizes(scope: Optional[str]) -> set[int]:
    """Every size the gazetteer knows for a scope's list: 832; a province's national count
    and, where quoted, its provincial and national + provincial totals."""
    if scope == "national":
        return {NATIONAL_TOTAL}
    if not is_province(scope):
        return set()
    sizes = {national_by_province().get(scope, 0)}
    q = quoted_totals(scope)
    if q:
        sizes.update({q[0], q[2]})
    return {s for s in sizes if s}


@lru_cache(maxsize=1)
def official_cumulative() -> dict[int, int]:
    """National cumulative exits at the end of each assessment year: 2016 → 28 … 2020 → 832."""
    batches = gaz().info().get("official_batches") or {}
    out: dict[int, int] = {2015: 0}
    total = 0
    for y in sorted(batches, key=int):
        total += int(batches[y])
        out[int(y)] = total
    return out


def province_cumulative(province: str, year: int) -> int:
    """Exits of a province's national poverty counties with batch year ≤ year."""
    return sum(1 for d in gaz().poverty_counties()
               if d.province == province and d.exit_year is not None and d.exit_year <= year)


@lru_cache(maxsize=4096)
def division(adcode: str):
    return gaz().by_adcode(adcode) if adcode else None


def short_name(adcode: str) -> str:
    """A county's name for messages (岷县, 融水苗族自治县), or the code."""
    d = division(adcode)
    return d.name if d is not None else adcode


@lru_cache(maxsize=4096)
def on_national_list(adcode: str) -> Optional[bool]:
    """Whether the unit (or the unit it was before or became) is one of the 832."""
    d = division(adcode)
    if d is None:
        return None
    if d.poverty:
        return True
    g = gaz()
    if d.successor:
        s = g.by_adcode(d.successor)
        if s is not None and s.poverty:
            return True
    for other in g.divisions:
        if other.successor == adcode and other.poverty:
            return True
    return False


@lru_cache(maxsize=4096)
def canonical_adcode(adcode: str) -> str:
    """The code a county ends up with after renames (崇礼县 130733 → 崇礼区 130709)."""
    seen = set()
    code = adcode
    while code and code not in seen:
        seen.add(code)
        d = division(code)
        if d is None or not d.successor:
            break
        code = d.successor
    return code


def is_xingwei(name: str, level: str = "") -> bool:
    """The three Qinghai 行委: dated 2016 here, counted in 2019 by the national tallies."""
    return level == "行委" or name.endswith("行委")


# -- dates ------------------------------------------------------------------------------------

_PUSHED_YEAR = re.compile(r"the year before the publication date (\d{4}-\d{2}-\d{2}) \(in (\d{4}) it would be after it\)")
_PUSHED_MONTH = re.compile(r"day of the month before the publication date (\d{4}-\d{2}-\d{2})")


def as_written(d: DateValue) -> Optional[dt.date]:
    """The date as the text reads it when the resolver moved it back to keep it on or
    before the dateline (11月14日 in a report of 11月12日 → 2020-11-14), else None."""
    try:
        m = _PUSHED_YEAR.search(d.note or "")
        if m and d.granularity == "day":
            v = d.as_date()
            return v.replace(year=int(m.group(2)))
        m = _PUSHED_MONTH.search(d.note or "")
        if m and d.granularity == "day":
            pub = dt.date.fromisoformat(m.group(1))
            return pub.replace(day=d.as_date().day)
    except ValueError:
        return None
    return None


_DATELINE_AFTER = re.compile(r"^[^。.]{0,12}?(?:\(|（|--|—|电|讯|日电)")


def dateline_like(d: DateValue, ev: Evidence, published: Optional[dt.date]) -> bool:
    """The date is the article's own dateline ("Longnan, December 20 (Reporter) …",
    新华社兰州11月21日电), not a date the text gives the exit."""
    if published is None or d.value != published.isoformat() or not d.text:
        return False
    i = ev.sentence.find(d.text)
    return 0 <= i < 40 and bool(_DATELINE_AFTER.match(ev.sentence[i + len(d.text):]))


# -- places named in a sentence ---------------------------------------------------------------


@dataclass(frozen=True)
class NamedPlace:
    start: int
    end: int
    text: str
    province: str


@lru_cache(maxsize=1)
def _province_patterns() -> tuple[re.Pattern, re.Pattern, dict[str, str]]:
    """Regexes over province names in Chinese and English, and a key → full-name map."""
    g = gaz()
    zh: dict[str, str] = {}
    en: dict[str, str] = {}
    for lang, table in (("zh", zh), ("en", en)):
        for key, hits in g.alias_keys(lang):
            for h in hits:
                d = g.division(h.division)
                if d.tier != "province" or d.province_code in ("71", "81", "82"):
                    continue
                # "Shanxi" is also a pinyin reading of 陕西; English uses it for 山西 only.
                if lang == "en" and h.kind == "english":
                    table[key] = d.name
                else:
                    table.setdefault(key, d.name)
    zh.setdefault("新疆", "新疆维吾尔自治区")
    zh_re = re.compile("|".join(sorted(map(re.escape, zh), key=len, reverse=True)))
    en_re = re.compile(r"\b(?:" + "|".join(sorted((re.escape(k).replace(r"\ ", r"\s+") for k in en),
                                                  key=len, reverse=True)) + r")\b", re.I)
    return zh_re, en_re, {**zh, **en}


def provinces_in(text: str) -> list[NamedPlace]:
    """Province names in a piece of text, in order (simplified, traditional and English)."""
    return list(_provinces_in(text))


@lru_cache(maxsize=8192)
def _provinces_in(text: str) -> tuple[NamedPlace, ...]:
    zh_re, en_re, table = _province_patterns()
    out: list[NamedPlace] = []
    if is_zh(text):
        simple = simplified(text)
        for m in zh_re.finditer(simple):
            out.append(NamedPlace(m.start(), m.end(), text[m.start():m.end()], table[m.group(0)]))
    for m in en_re.finditer(text):
        name = table.get(re.sub(r"\s+", " ", m.group(0).lower()))
        if name:
            out.append(NamedPlace(m.start(), m.end(), m.group(0), name))
    out.sort(key=lambda p: p.start)
    return tuple(out)


@lru_cache(maxsize=2048)
def simplified(text: str) -> str:
    """Simplified characters, same length as the text (else the text unchanged)."""
    from ..gazetteer.names import to_simplified

    s = to_simplified(text)
    return s if len(s) == len(text) else text


# -- enumerated lists -------------------------------------------------------------------------


@dataclass
class ListRead:
    """Items of an enumerated list next to a count, read from its sentence."""

    items: list[str] = field(default_factory=list)
    kinds: list[Optional[str]] = field(default_factory=list)  # county | province | None
    lower_bound: bool = False
    clean: bool = True  # where the list starts and ends is certain

    @property
    def n(self) -> int:
        return len(self.items)

    def all_of(self, kind: str) -> bool:
        return all(k == kind for k in self.kinds)

    def mostly(self, kind: str) -> bool:
        known = [k for k in self.kinds if k is not None]
        return bool(known) and all(k == kind for k in known) and len(known) * 3 >= 2 * len(self.kinds)


# Chinese ----------------------------------------------------------------------------------

_ZH_GROUP_SEP = re.compile(r"[，,；;]")
_ZH_COUNT_TAIL = re.compile(r"\s*[0-9〇零一二两三四五六七八九十]+\s*个?\s*$")


@lru_cache(maxsize=8192)
def zh_place_kind(item: str) -> Optional[str]:
    """'county', 'prefecture' or 'province' for a Chinese name (traditional allowed)."""
    item = _ZH_COUNT_TAIL.sub("", item.strip())
    if len(item) < 2:
        return None  # one-character stems (和, 礼) are too common to read as names
    g = gaz()
    key = simplified(item)
    if province_name(key) and (key in (province_name(key), province_name(key)[:2], province_name(key)[:3]) or len(key) <= 3):
        return "province"
    tiers = {g.division(h.division).tier for h in g.hits(key) if h.lang == "zh"}
    if "county" in tiers:
        return "county"
    # 大化县 for 大化瑶族自治县: a suffixed short form is read by its stem.
    stem = re.sub(r"(?:族自治县|自治县|县|市|区|旗)$", "", key)
    if stem != key and len(stem) >= 1 and any(
            h.lang == "zh" and g.division(h.division).tier == "county" for h in g.hits(stem)):
        return "county"
    if tiers & {"prefecture"}:
        return "prefecture"
    if "province" in tiers:
        return "province"
    return None


@lru_cache(maxsize=8192)
def zh_tail(item: str) -> tuple[str, str, Optional[str]]:
    """Split an item into (prefix, name, kind) with the longest county or province name at
    its end: 喀什地区莎车县 → (喀什地区, 莎车县, county); 同意东乡族自治县 → (同意, 东乡族自治县, county)."""
    core = _ZH_COUNT_TAIL.sub("", item)
    for k in range(min(len(core), 14), 1, -1):
        kind = zh_place_kind(core[-k:])
        if kind in ("county", "province"):
            return item[:len(core) - k], core[-k:], kind
    return item, "", None


def _zh_prefix_is_place(prefix: str) -> bool:
    """A prefix that only names places (甘肃省定西市, 喀什地区, 凉山州) or nothing."""
    p = prefix.strip()
    while p:
        for k in range(min(len(p), 12), 0, -1):
            head = p[:k]
            kind = zh_place_kind(head) or (
                "prefecture" if re.fullmatch(r"[\u4e00-\u9fff]{1,8}(?:州|地区|盟|市)", head) else None)
            if kind:
                p = p[k:]
                break
        else:
            return False
    return True


def _zh_group(group: str, first: bool) -> Optional[list[tuple[str, str]]]:
    """Parse one 、-group of a Chinese list into (name, kind) items, or None. The first
    item may carry the verb before it (同意东乡族自治县) when `first`; 和/及 may join the
    last two names (融水、三江和都安)."""
    raw = [x.strip() for x in group.split("、")]
    if not raw or any(not x for x in raw):
        return None
    out: list[tuple[str, str]] = []
    for j, item in enumerate(raw):
        prefix, name, kind = zh_tail(item)
        if not name:
            return None
        pair: list[tuple[str, str]] = [(name, kind or "")]
        if prefix and not _zh_prefix_is_place(prefix):
            m = re.match(r"^(.*?)(?:和|及|以及|与)$", prefix)
            joined = zh_tail(m.group(1)) if m else ("", "", None)
            if joined[1] and (not joined[0] or _zh_prefix_is_place(joined[0])
                              or (first and j == 0)):
                pair.insert(0, (joined[1], joined[2] or ""))
            elif not (first and j == 0):
                return None
        out.extend(pair)
    return out


def zh_list_before(before: str) -> Optional[ListRead]:
    """The list that ends right before a Chinese count (…、都安8个县; …镇原县等8个县;
    喀什地区莎车县、叶城县，和田地区墨玉县…10个县)."""
    text = before.rstrip()
    lb = False
    m = re.search(r"(?:等等|等)\s*(?:共|共计|在内的)?\s*$", text)
    if m:
        lb = True
        text = text[:m.start()]
    # The list cannot reach back past another count or a stop.
    cut = max((x.end() for x in re.finditer(r"[0-9〇零一二两三四五六七八九十]+\s*个|。|：|:|\n", text)), default=0)
    text = text[cut:]
    groups = _ZH_GROUP_SEP.split(text)
    items: list[tuple[str, str]] = []
    clean = True
    for gi in range(len(groups) - 1, -1, -1):
        g = groups[gi]
        parsed = _zh_group(g, first=True)
        if parsed is None:
            # A group that still ends in a county name may be more of the list: unsure.
            clean = not (g.strip() and zh_tail(g.strip().split("、")[-1])[2] == "county")
            break
        prefix = zh_tail(g.split("、")[0].strip())[0]
        items = parsed + items
        if prefix and not _zh_prefix_is_place(prefix):
            break  # the verb before the first name: the list starts here
    if len(items) < 2 and not (items and lb):
        return None
    return ListRead([n for n, _ in items], [k or None for _, k in items], lb, clean)


_ZH_AFTER_INTRO = re.compile(r"^[^，,。；;、0-9]{0,16}?(?:分别是|分别为|包括|具体为|具体是|名单如下|如下|为|是)?\s*[:：]\s*"
                             r"|^\s*[（(]\s*|^[^，,。；;、0-9]{0,6}?(?:分别是|分别为|包括)\s*")


def zh_list_after(after: str) -> Optional[ListRead]:
    """A list that follows a Chinese count: 8个县：A、B / 29个县（区）退出贫困县序列：铜川市印台区、…
    / 9个县（A、B…）/ 这29个县分别是A、B…."""
    m = _ZH_AFTER_INTRO.match(after)
    if not m:
        return None
    lb = "包括" in m.group(0)
    rest = after[m.end():]
    end = re.search(r"[。\n）)]", rest)
    body = rest[:end.start()] if end else rest
    stop = re.search(r"等", body)
    if stop:
        lb = True
        body = body[:stop.start()]
    items: list[tuple[str, str]] = []
    for g in _ZH_GROUP_SEP.split(body):
        if not g.strip():
            continue
        parsed = _zh_group(g.strip(), first=False)
        if parsed is None:
            break
        items.extend(parsed)
    if len(items) < 2:
        return None
    return ListRead([n for n, _ in items], [k or None for _, k in items], lb)


# English ----------------------------------------------------------------------------------

_EN_NAME = re.compile(r"[A-Z][\w'’-]*(?:\s+(?!and\b)[A-Z][\w'’-]*){0,5}")
_EN_INTRO = re.compile(
    r"^\s*(?:,\s*)?(?:(?P<lb>including|such as|among them|like)\b"
    r"|(?:are|were|include|included|namely|:|of(?=\s+[A-Z])|--?|—|–|\()"
    r"|[^.;:]{0,60}?(?:(?P<lb2>\bincluding\b|\bsuch as\b)|\s--?\s|—|–|:))\s*(?:namely\s+)?(?:the\s+(?=[a-z]))?", re.I)
_EN_SEP = re.compile(r"\s*;\s*(?:and\s+)?|\s*,\s*(?:and\s+)?|\s+and\s+")
_EN_ITEM_PREFIX = re.compile(r"^(?:the\s+)?(?:county-level\s+city|city|district|county|banner|town)\s+of\s+", re.I)
_EN_ITEM_SUFFIX = re.compile(r"\s+in\s+(?:the\s+)?[A-Z][\w'’-]*(?:\s+[A-Z][\w'’-]*)*\s*$")
_EN_PAREN = re.compile(r"\s*\([^)]*\)")


@lru_cache(maxsize=8192)
def en_place_kind(item: str) -> Optional[str]:
    """'province' or 'county' for an English name, None when it names neither."""
    from ..gazetteer.names import en_key

    if province_name(item):
        return "province"
    g = gaz()
    words = item.split()
    for k in range(len(words), 0, -1):
        key = en_key(" ".join(words[:k]))
        tiers = {g.division(h.division).tier for h in g.hits(key) if h.lang == "en"}
        if "county" in tiers:
            return "county"
        if "prefecture" in tiers:
            return "county" if k < len(words) and re.search(r"county|district|city", item, re.I) else "prefecture"
    return None


_ETHNIC_AND = re.compile(r"\b(?P<a>Manchu|Mongolian|Mongol|Hui|Miao|Yi|Tibetan|Qiang|Tu|Dong|Yao|Zhuang|Bai|Naxi|Lisu|Dai|"
                         r"Hani|Buyi|Bouyei|Shui|Tujia|Kazak|Uygur|Salar|Bonan|Baoan|Dongxiang|Mulao|Maonan|Gelao|Va|Wa|"
                         r"Lahu|Jingpo|Pumi|Nu|Derung|Li|Xibe|Kirgiz|Tajik|Daur|Ewenki|Oroqen)\s+and\s+(?=[A-Z])")
_EN_PLURAL_TAIL = re.compile(r"^\s*(?:counties|districts|cities|banners)\b(?:\s+in\s+[A-Z][\w'’-]*(?:\s+[A-Z][\w'’-]*)*)?")


_ETHNIC_ONLY = re.compile(r"^(?:(?:" + _ETHNIC_AND.pattern.split("(?P<a>")[1].split(")")[0] + r")(?:-and-)?)+"
                          r"(?:\s+(?:Autonomous\s+)?(?:County|Counties|Banner))?$")


def _merge_ethnic(parts: list[str]) -> list[str]:
    """Glue "Weining Yi", "Hui-and-Miao Autonomous County" back into one name: an item
    made only of ethnic names belongs to the county before it."""
    out: list[str] = []
    for raw in parts:
        if out and _ETHNIC_ONLY.match(raw.strip()):
            out[-1] = f"{out[-1]} {raw.strip()}"
        else:
            out.append(raw)
    return out


def _en_county_names(text: str) -> int:
    """How many capitalised words in a stretch of text read as county names."""
    return sum(1 for m in re.finditer(r"[A-Z][\w'’-]+", text) if en_place_kind(m.group(0)) == "county")


def en_list_after(after: str) -> Optional[ListRead]:
    """The list that follows an English count: "8 counties of A, B, …, and H", "are A, B and
    C", "-- A, B --", "including A and B" (a lower bound); items may carry "in <prefecture>"."""
    m = _EN_INTRO.match(after)
    if not m:
        return None
    lb = bool(m.group("lb") or m.group("lb2"))
    rest = after[m.end():]
    stop = re.search(r"\.(?:\s|$)|\s--?\s|—|–|\)", rest)
    body = rest[:stop.start()] if stop else rest
    # "Weichang Manchu and Mongolian Autonomous County" is one name, not two.
    body = _ETHNIC_AND.sub(lambda x: x.group("a") + "-and-", body)
    items: list[str] = []
    kinds: list[Optional[str]] = []
    clean = True
    parts = _merge_ethnic(_EN_SEP.split(body))
    for k, raw in enumerate(parts):
        raw = _EN_PAREN.sub("", raw).strip()
        raw = _EN_ITEM_PREFIX.sub("", raw)
        nm = _EN_NAME.match(raw)
        if not nm:
            clean = _en_county_names(" ".join(parts[k:])) == 0
            break
        name = _EN_ITEM_SUFFIX.sub("", nm.group(0)).strip()
        items.append(name)
        kinds.append(en_place_kind(name))
        left = raw[nm.end():]
        left = left[_EN_PLURAL_TAIL.match(left).end():] if _EN_PLURAL_TAIL.match(left) else left
        if left.strip() and not _EN_ITEM_SUFFIX.match(" " + left.strip()):
            # "Duan to withdraw …": the list ends with this item, unless names follow.
            clean = _en_county_names(left + " " + " ".join(parts[k + 1:])) == 0
            break
    if len(items) < 2:
        return None
    if re.search(r"\b(?:etc|and so on|and others|among others)\b", body, re.I):
        lb = True
    return ListRead(items, kinds, lb, clean)


def en_list_before(before: str) -> Optional[ListRead]:
    """An English list in apposition before the count: "A, B, C and D, the four remaining …"."""
    m = re.search(r",\s*(?:the|its|all|these)\s*(?:\w+\s+)?$", before)
    if not m:
        return None
    text = before[:m.start()]
    parts = _EN_SEP.split(text)
    items: list[str] = []
    kinds: list[Optional[str]] = []
    for raw in reversed(parts):
        raw = raw.strip()
        nm = re.search(r"[A-Z][\w'’-]*(?:\s+[A-Z][\w'’-]*){0,4}$", raw)
        if not nm:
            break
        kind = en_place_kind(nm.group(0))
        if kind is None:
            break
        items.insert(0, nm.group(0))
        kinds.insert(0, kind)
        if nm.start() > 0:
            break  # "… announced that Chengkou": the list starts at this name
    if len(items) < 2:
        return None
    return ListRead(items, kinds, False)


def list_near(ev: Evidence, zh: bool) -> Optional[ListRead]:
    """The enumerated list a count introduces or closes, read from its sentence."""
    before = sentence_before(ev)
    after = sentence_after(ev)
    if zh:
        return zh_list_before(before) or zh_list_after(after)
    if _OF_BEFORE.search(before[-40:]):
        return None  # "Nine of the 14 -- A, B …": the names belong to the nine
    return en_list_after(after) or en_list_before(before)
