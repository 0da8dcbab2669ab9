"""Link: every place mention gets a gazetteer unit (or is reported ambiguous), with a reason.

Signals, strongest first (DESIGN.md): the parent written before the name (甘肃省定西市岷县),
a province or prefecture named in the same sentence, the province of the other names in
the same list, the provinces of the article, the same unit named in full elsewhere in the
article, the poverty list, and the publication date (names in force on that date).
"""

from __future__ import annotations

import re

from collections import Counter, defaultdict
from typing import Optional

from spacy.language import Language
from spacy.tokens import Doc

from ..errors import Warnings
from ..gazetteer.index import Gazetteer
from ..gazetteer.model import Candidate
from .doc import Place, ProblemNote

MARGIN = 0.05
#: Alias kinds that name a unit in full: such a mention elsewhere supports a bare stem.
STRONG_KINDS = frozenset({"name", "short", "english", "printed", "traditional"})
NEIGHBOURS = 200


def _near(group: list[Place], p: Place) -> list[Place]:
    """The other places of a sentence or list, at most NEIGHBOURS on each side of p."""
    if len(group) <= 2 * NEIGHBOURS:
        return [q for q in group if q is not p]
    i = next(k for k, q in enumerate(group) if q is p)
    return [q for q in group[max(0, i - NEIGHBOURS):i + NEIGHBOURS + 1] if q is not p]


class Linker:
    """Links place mentions to divisions; one instance per pipeline."""

    def __init__(self, gazetteer: Gazetteer, lang: str) -> None:
        self.gaz = gazetteer
        self.lang = lang

    def __call__(self, doc: Doc) -> Doc:
        places: list[Place] = doc._.places or []
        on = doc._.published
        self._raw: str = doc._.raw
        by_text: dict[str, list[Candidate]] = {}
        for p in places:  # a county named ten times is looked up once
            if p.text not in by_text:
                # an English article may give a name in Chinese: (兰考县)
                lang = self.lang if self.lang == "zh" or p.text.isascii() else "zh"
                by_text[p.text] = self.gaz.candidates(p.text, on=on, lang=lang)
        cands = {id(p): by_text[p.text] for p in places}
        for p in places:
            # Keep only candidates among the units the mention was matched to.
            hit_units = {id(self.gaz.division(h.division)) for h in p.hits}
            kept = [c for c in cands[id(p)] if id(c.division) in hit_units or c.alias_kind == "successor"]
            cands[id(p)] = kept or cands[id(p)]

        self._by_sent: dict[int, list[Place]] = defaultdict(list)
        self._by_list: dict[int, list[Place]] = defaultdict(list)
        for p in places:
            self._by_sent[p.sent].append(p)
            if p.list_id is not None:
                self._by_list[p.list_id].append(p)
        self._named: Counter[str] = Counter()  # units already linked by a full name
        votes: Counter[str] = Counter()
        for p in places:  # provinces first: they are never ambiguous
            top = cands[id(p)]
            if top and top[0].division.tier == "province":
                self._set(p, top[0], top[0].reason, 1.0)
                votes[top[0].division.province_code] += 2

        pending = [p for p in places if p.division is None]
        for final in (False, True):
            still = []
            for p in pending:
                if not self._link(doc, p, places, cands[id(p)], votes, final):
                    still.append(p)
                elif p.division is not None and p.division.tier != "province" and not p.alternatives:
                    votes[p.division.province_code] += 1
            pending = still
        doc._.province_votes = votes
        return doc

    def _link(self, doc: Doc, p: Place, places: list[Place], cands: list[Candidate],
              votes: Counter, final: bool) -> bool:
        if not cands:
            if final:
                doc._.problems.append(ProblemNote("W003", Warnings.W003.format(text=p.text),
                                                  (p.start, p.end)))
            return final
        # Context from the same sentence and list (nearest neighbours only, so a
        # pathological sentence of 100,000 names stays linear).
        mates = _near(self._by_sent[p.sent], p)
        sent_provs = {q.division.province_code for q in mates
                      if q.division is not None and q.division.tier == "province"}
        sent_prefs = {q.division.adcode for q in mates
                      if q.division is not None and q.division.tier == "prefecture"}
        list_provs = Counter(q.division.province_code for q in _near(self._by_list.get(p.list_id, []), p)
                             if q.division is not None and not q.alternatives)
        # 凉山州和甘孜、阿坝: the other names of a list are of the same tier as its linked ones
        list_tiers = Counter(q.division.tier for q in _near(self._by_list.get(p.list_id, []), p)
                             if q is not p and q.division is not None and not q.alternatives)
        parent = places[p.parent].division if p.parent is not None else None
        total_votes = sum(votes.values()) or 1
        tier_said = self._tier_said(p) if len(cands) > 1 else None

        scored: list[tuple[float, Candidate, list[str]]] = []
        for c in cands:
            d = c.division
            score = c.score
            why = [c.reason]
            if parent is not None:
                if parent.tier == "province" and d.province_code == parent.province_code:
                    score += 0.6
                    why.append(f"inside {parent.name} written before it")
                elif parent.tier == "prefecture" and d.prefecture_code == parent.adcode:
                    score += 0.7
                    why.append(f"inside {parent.name} written before it")
                elif d.tier == "county":
                    score -= 1.0
            if list_tiers and d.tier == list_tiers.most_common(1)[0][0] and d.tier != "county":
                score += 0.3
                why.append(f"a {d.tier} like the other names of its list")
            if tier_said and d.tier == tier_said:
                score += 0.5
                why.append(f"written as a {tier_said}")
            if d.province_code in sent_provs:
                score += 0.3
                why.append("province named in the same sentence")
            if d.prefecture_code and d.prefecture_code in sent_prefs:
                score += 0.2
                why.append("prefecture named in the same sentence")
            if list_provs:
                share = list_provs[d.province_code] / sum(list_provs.values())
                if share:
                    score += 0.3 * share
                    why.append("in the province of the other names in its list")
            share = votes[d.province_code] / total_votes
            if share:
                score += 0.15 * share
                why.append(f"province of the article ({share:.0%} of its places)")
            if self._named[d.adcode] - (p.division is d and p.kind in STRONG_KINDS) > 0:
                score += 0.25
                why.append("named in full elsewhere in the article")
            scored.append((score, c, why))
        scored.sort(key=lambda t: (-t[0], t[1].division.adcode))
        best_score, best, why = scored[0]
        rivals = [s for s in scored[1:] if best_score - s[0] < MARGIN
                  and s[1].division.adcode != best.division.adcode]
        if rivals:
            if not final:
                return False
            p.alternatives = tuple(s[1].division for s in [scored[0], *rivals])
            names = ", ".join(f"{d.name} {d.adcode}" for d in p.alternatives)
            doc._.problems.append(ProblemNote("W002", Warnings.W002.format(text=p.text, candidates=names),
                                              (p.start, p.end)))
            return True
        margin = best_score - scored[1][0] if len(scored) > 1 else 1.0
        confidence = round(min(0.99, 0.55 + 0.3 * min(best_score, 1.0) + 0.15 * min(margin, 1.0)), 2)
        reason = "; ".join(why)
        if len(scored) > 1:
            reason += f" (over {scored[1][1].division.name} {scored[1][1].division.adcode})"
        self._set(p, best, reason, confidence)
        return True

    def _tier_said(self, p: Place) -> Optional[str]:
        """The tier the text gives a name: "the prefectures of Kashgar and Hotan", or the city
        of a dateline (新华社乌鲁木齐11月14日电 names the city, not 乌鲁木齐县)."""
        raw = self._raw
        if self.lang == "en":
            head = self._by_list[p.list_id][0] if p.list_id is not None and self._by_list.get(p.list_id) else p
            return "prefecture" if _PREFECTURES_OF.search(raw, max(0, head.start - 40), head.start) else None
        if _ZH_DATELINE_BEFORE.search(raw, max(0, p.start - 6), p.start) and _ZH_DATELINE_AFTER.match(raw, p.end):
            return "prefecture"
        return None

    def _set(self, p: Place, c: Candidate, reason: str, confidence: float) -> None:
        if p.kind in STRONG_KINDS:
            self._named[c.division.adcode] += 1
        p.division = c.division
        p.reason = reason + ("; " + "; ".join(c.notes) if c.notes else "")
        p.confidence = confidence


_ZH_DATELINE_BEFORE = re.compile(r"(?:新华社|新華社|中新社|中新网|中新網|本报|本報|人民网|人民網|新华网|新華網|央视网|央視網)\s*$")
_ZH_DATELINE_AFTER = re.compile(r"\s*[0-9０-９]{1,2}\s*月")
_PREFECTURES_OF = re.compile(r"\b(?:prefectures?|leagues?|prefecture-level cities|(?<!county-level )(?:city|cities))\s+of\s+(?:the\s+)?$"
                             # "Pingquan city in Chengde": what a county is said to lie in is above it
                             r"|\b(?:county|counties|district|banner|county-level city|city)\s*(?:\([^)\n]{0,20}\)\s*)?in\s+(?:the\s+)?$", re.I)


@Language.factory("zhaimao_link", assigns=["doc._.places"], requires=["doc._.places"],
                  default_config={"lang": "zh"})
def make_link(nlp: Language, name: str, lang: str) -> Linker:
    from ..gazetteer import load

    return Linker(load(), lang)


def linked_counties(doc: Doc) -> list[Place]:
    """Places linked to a county-level unit."""
    return [p for p in doc._.places or [] if p.division is not None and p.division.tier == "county"]


def main_province(doc: Doc) -> Optional[str]:
    """The province most of the article's places are in (its 全省/自治区)."""
    votes: Counter = doc._.province_votes or Counter()
    if not votes:
        return None
    code, _ = votes.most_common(1)[0]
    from ..gazetteer import load

    prov = load().province(code)
    return prov.name if prov else None
