"""Places: province, prefecture and county names in the text, with their gazetteer hits.

Chinese names are matched on jieba tokens (the gazetteer is jieba's user dictionary, so
names come out as words); English names on runs of capitalised spaCy tokens, folded
(Du'an = Duan). A bare stem is weak evidence: a stem that is also an ordinary word (和平,
南部) and any bare English pinyin stem (Min, Napo) is kept only with context — a suffix, a
list of other places, a province or prefecture written right before it, or a province
named in the same sentence. The linker may still drop it.
"""

from __future__ import annotations

import re
from typing import Optional

from spacy.language import Language
from spacy.tokens import Doc

from ..gazetteer.index import AliasHit, Gazetteer
from ..gazetteer.names import en_key
from .doc import Place, sentence_index

TIER_RANK = {"province": 0, "prefecture": 1, "county": 2}
_STEM_KINDS = frozenset({"stem", "stem_common", "pinyin_stem"})

#: After a bare stem, these characters make it a street, township or river, not a county
#: (和平路, 东乡镇, 三江口); these make it the county itself (临夏县委, 都安县城).
_ZH_NOT_COUNTY_NEXT = set("路街道镇乡村口湾桥站港湖河江山寺") | {"大街", "大道"}
_ZH_COUNTY_NEXT = set("县市区旗州")
_CJK_START = re.compile(r"[\u3400-\u9fff]")
_ZH_LIST_GAP = re.compile(r"^[、，,和及与跟\s]{0,3}$")
_EN_LIST_GAP = re.compile(r"^\s*(?:,|and|, and|&|as well as|, as well as)?\s*$", re.I)
#: Bare words that read as pinyin stems but in English news are something else: Xinhua is
#: the news agency far more often than 新化县 (which is written "Xinhua County").
_EN_NOT_PLACES = {"xinhua"}
_EN_SUFFIX_WORDS = {"county", "counties", "autonomous", "banner", "banners", "city", "district",
                    "prefecture", "league", "province", "region"}


class PlaceMatcher:
    """Finds place mentions; one instance per pipeline."""

    def __init__(self, gazetteer: Gazetteer, lang: str) -> None:
        self.gaz = gazetteer
        self.lang = lang
        if lang == "en":
            self.max_words = max(len(k.split()) for k, _ in gazetteer.alias_keys("en"))
            # First words of English aliases: a cheap gate before building n-gram keys.
            self.first_words = {k.split()[0] for k, _ in gazetteer.alias_keys("en")}
            # "Weining Yi, Hui and Miao Autonomous County": the nationalities an autonomous
            # unit is named for, written after its stem, belong to the name ("Yi" is not 易县).
            eth = sorted(gazetteer.meta.get("ethnonyms", []), key=len, reverse=True)
            self.ethnonyms = {e.lower() for e in eth}
            # 各族自治县 is written "Various Nationalities Autonomous County" (Longlin)
            alt = "|".join(re.escape(e) for e in [*eth, "Various Nationalities", "Various Ethnic Groups"])
            sep = r"(?:[ \t]*,[ \t]*(?:and[ \t]+)?|[ \t]+and[ \t]+|[ \t]*-[ \t]*|[ \t]+)"
            # what follows a nationality inside an autonomous name: "(, Hui) and Miao Autonomous …"
            self.ethnic_rest = re.compile(rf"(?:{sep}(?:{alt}))*[ \t]+[Aa]utonomous\b")
            self.ethnic_tail = re.compile(
                rf"(?:[ \t]+(?:{alt})(?:{sep}(?:{alt}))*)?[ \t]+[Aa]utonomous[ \t]+(?:[Cc]ounty|[Bb]anner|[Pp]refecture)\b")

    def __call__(self, doc: Doc) -> Doc:
        places = self._zh(doc) if self.lang == "zh" else self._en(doc)
        _mark_lists_and_parents(doc, places, self.lang, self.gaz)
        doc._.places = [p for p in places if _keep(doc, p, self.lang, places)]
        return doc

    # -- Chinese ---------------------------------------------------------------------

    def _zh(self, doc: Doc) -> list[Place]:
        gaz = self.gaz
        text = doc._.raw
        out: list[Place] = []
        words = doc.user_data.get("zhaimao_words") or [t.text for t in doc]
        offsets = [0]
        for w in words:
            offsets.append(offsets[-1] + len(w))
        n = len(words)
        i = 0
        while i < n:
            if not _CJK_START.match(words[i]):
                i += 1
                continue
            found = None
            # Longest run of up to three tokens that is a name (jieba may split 东乡族自治县).
            for k in (3, 2, 1):
                if i + k > n:
                    continue
                start, end = offsets[i], offsets[i + k]
                key = text[start:end]
                if len(key) < 2:
                    continue
                hits = [h for h in gaz.hits(key) if h.lang == "zh"]
                if hits:
                    found = (start, end, key, hits, k)
                    break
            if found is None:
                i += 1
                continue
            start, end, key, hits, k = found
            suffixed = False
            if all(h.kind in _STEM_KINDS for h in hits) and end < len(text):
                nxt = text[end]
                if nxt in _ZH_COUNTY_NEXT:
                    # 临夏县委 → 临夏县: read the stem with its suffix.
                    full = [h for h in gaz.hits(key + nxt) if h.lang == "zh"]
                    if full:
                        hits, end, key = full, end + 1, key + nxt
                    suffixed = True
                elif nxt in _ZH_NOT_COUNTY_NEXT or text[end:end + 2] in _ZH_NOT_COUNTY_NEXT:
                    i += k
                    continue
            out.append(_place(doc, start, end, key, hits, gaz, suffixed))
            i += k
        return out

    # -- English ---------------------------------------------------------------------

    def _en(self, doc: Doc) -> list[Place]:
        # A regex walks the text's capitalised words (C speed) and Python looks at those
        # whose first word starts some English alias; most words of a story never reach Python.
        gaz = self.gaz
        text = doc._.raw
        out: list[Place] = []
        pos = 0
        # "(Reporter Yang Chen)", "By Ma Lan": a person's name is not 洋县.
        bylines = [m.span(1) for m in _EN_BYLINE.finditer(text)
                   if m.start() == 0 or not text[m.start() - 1].isalnum()]
        for m in _EN_CAP.finditer(text):
            if m.start() < pos:
                continue
            if bylines and any(a <= m.start() < b for a, b in bylines):
                continue
            first = _strip_possessive(m.group(0))
            if _fast_key(first) not in self.first_words and not self._syllable_start(text, m.start(), first):
                continue
            words = [(m.start(), m.start() + len(first), first)]
            at = m.start() + len(first)
            while len(words) < self.max_words:
                nm = _EN_NEXT.match(text, at)
                if not nm:
                    break
                w = _strip_possessive(nm.group(1))
                words.append((nm.start(1), nm.start(1) + len(w), w))
                if len(w) < len(nm.group(1)):
                    break  # "Min County's": the possessive ends the name
                at = nm.end(1)
            found = None
            for k in range(len(words), 0, -1):
                last = words[k - 1][2]
                if not (last[:1].isupper() or last.lower() in _EN_SUFFIX_WORDS):
                    continue
                start, end = words[0][0], words[k - 1][1]
                hits = [h for h in gaz.hits(_fast_key(" ".join(w for _, _, w in words[:k]))) if h.lang == "en"]
                joined = None
                if not hits and k >= 2:
                    hits, joined = self._syllables(words[:k])
                if hits:
                    found = (start, end, hits, k)
                    break
            if found is None:
                continue
            start, end, hits, k = found
            if k == 1 and first.lower() in _EN_NOT_PLACES:
                continue
            if k == 1 and first.lower() in self.ethnonyms and (_EN_PEOPLE.match(text, end) or self.ethnic_rest.match(text, end)):
                continue  # "Yi people", "Miao and Dong autonomous prefecture": a nationality
            suffixed = k > 1 and words[k - 1][2].lower() in _EN_SUFFIX_WORDS
            tail = self.ethnic_tail.match(text, end)
            if tail:
                auto = [h for h in hits if gaz.division(h.division).level in ("自治县", "自治旗", "自治州")]
                if auto:
                    hits, end, suffixed = auto, tail.end(), True
            elif k == 1 and all(h.kind == "pinyin_stem" for h in hits):
                nxt = _EN_NEXT.match(text, end)
                if nxt and nxt.group(1)[:1].isupper() and nxt.group(1).lower() not in _EN_SUFFIX_WORDS \
                        and nxt.group(1).lower() not in self.ethnonyms \
                        and _fast_key(_strip_possessive(nxt.group(1))) not in self.first_words:
                    continue  # "the Long March", "Yellow River": a bare stem inside another name
            # "Linxia and Dongxiang counties": a plural suffix after a list.
            nxt = _EN_NEXT.match(text, end)
            if nxt and nxt.group(1).lower() in ("county", "counties", "banner", "banners"):
                suffixed = True
            # the linker looks a name up by its text: a name read syllable by syllable goes joined
            out.append(_place(doc, start, end, joined or text[start:end], hits, gaz, suffixed))
            pos = end
        if "(" in text or "（" in text:
            out = self._hanzi_in_parentheses(doc, text, out)
        return out

    def _syllable_start(self, text: str, start: int, first: str) -> bool:
        """Whether "Yan" starts a name written a syllable per word ("Yan Ling County")."""
        if not (len(first) <= 6 and first[1:].islower()):
            return False
        nxt = _EN_NEXT.match(text, start + len(first))
        return bool(nxt) and len(nxt.group(1)) <= 6 and nxt.group(1)[:1].isupper() and nxt.group(1)[1:].islower() \
            and _fast_key(first + nxt.group(1)) in self.first_words

    def _syllables(self, words: list[tuple[int, int, str]]) -> tuple[list[AliasHit], Optional[str]]:
        """"Yan Ling County", "Gui Dong": a translation that writes each syllable as a word.
        The capitalised syllables (before a suffix word) are read as one name."""
        names = [w for _, _, w in words]
        suffix = names[-1].lower() in _EN_SUFFIX_WORDS
        stem = names[:-1] if suffix else names
        if len(stem) < 2 or not all(w[:1].isupper() and w[1:].islower() and len(w) <= 6 for w in stem):
            return [], None
        key = "".join(stem) + (" " + names[-1] if suffix else "")
        return [h for h in self.gaz.hits(_fast_key(key)) if h.lang == "en"], key

    def _hanzi_in_parentheses(self, doc: Doc, text: str, out: list[Place]) -> list[Place]:
        """"Lankao County (兰考县)", "Mangshi (芒市)": the Chinese name in parentheses is the
        unit itself. It decides the English name before it, or stands as a place of its own."""
        gaz = self.gaz
        for m in _EN_HANZI.finditer(text):
            name = m.group(1)
            hits = [h for h in gaz.hits(name) if h.lang == "zh" and h.kind in ("name", "short", "printed")]
            if not hits:
                continue
            before = next((p for p in reversed(out) if p.end <= m.start()), None)
            if before is not None and not text[before.end:m.start()].strip():
                strong = _place(doc, before.start, before.end, before.text, hits, gaz, True)
                out[out.index(before)] = strong
            else:
                out.append(_place(doc, m.start(1), m.end(1), name, hits, gaz, True))
        out.sort(key=lambda p: p.start)
        return out


_EN_NAME = r"[A-Z][a-z]+(?:[ -][A-Z][a-z]+)?"  # "Yang Chen", "Ma Xiaoning": two words
#: Literal alternatives without a leading \b let the engine skip to their first letters.
_EN_BYLINE = re.compile(
    r"(?:Reporters?|reporters?|Correspondents?|correspondents?|Editors?|editors?|By|Photos? by|photos? by|"
    r"Written by|written by|Authors?|Translated by|translated by|Translators?|Compiled by|compiled by)"
    rf"\s*[:：]?\s+({_EN_NAME}(?:\s*(?:,|and|&)\s*{_EN_NAME})*)")
_EN_HANZI = re.compile(r"[(（]([\u4e00-\u9fff]{2,14})[)）]")
_EN_PEOPLE = re.compile(r"[ \t]+(?:people|peoples|ethnic|minority|minorities|nationality|villagers|residents|"
                        r"herders|farmers|families|households|women|men|children|culture|language|"
                        r"embroidery|costumes?|songs?|festival|New Year)\b", re.I)
_EN_CAP = re.compile(r"(?<![\w'’-])[A-Z][A-Za-z'’\-]*")
_EN_NEXT = re.compile(r"[ \t]+([A-Za-z][A-Za-z'’\-]*)")
_FOLD = str.maketrans("", "", "'’-‐‑")


def _strip_possessive(word: str) -> str:
    return word[:-2] if word.endswith(("'s", "’s")) and len(word) > 2 else word.rstrip("'’-")


def _fast_key(phrase: str) -> str:
    """en_key for ASCII phrases without the Unicode work (the common case)."""
    return phrase.lower().translate(_FOLD) if phrase.isascii() else en_key(phrase)


def _place(doc: Doc, start: int, end: int, key: str, hits: list[AliasHit], gaz: Gazetteer,
           suffixed: bool) -> Place:
    tiers = sorted({gaz.division(h.division).tier for h in hits}, key=TIER_RANK.get)
    kinds = {h.kind for h in hits}
    strongest = next((k for k in ("name", "short", "printed", "english", "romanization",
                                  "traditional", "pinyin", "stem", "pinyin_stem", "stem_common")
                      if k in kinds), next(iter(kinds)))
    return Place(start=start, end=end, text=key, hits=hits, tier=tiers[-1] if tiers else "county",
                 sent=sentence_index(doc, start), kind=strongest,
                 suffixed=suffixed or strongest not in _STEM_KINDS)


def _tiers(p: Place, gaz: Optional[Gazetteer]) -> set[str]:
    return {gaz.division(h.division).tier for h in p.hits} if gaz is not None else {p.tier}


def _mark_lists_and_parents(doc: Doc, places: list[Place], lang: str, gaz: Optional[Gazetteer] = None) -> None:
    """Group places separated only by 、/，/和/"and" into lists; link written parents."""
    gap_re = _ZH_LIST_GAP if lang == "zh" else _EN_LIST_GAP
    list_id = 0
    raw = doc._.raw
    for j in range(1, len(places)):
        a, b = places[j - 1], places[j]
        gap = raw[a.end:b.start]
        if gap == "" or (lang == "en" and gap == " "):
            if TIER_RANK[a.tier] < TIER_RANK[b.tier]:
                b.parent = j - 1  # 甘肃省定西市岷县: each name inside the one before
                continue
        # 凉山州和甘孜、阿坝: a stem that can be a prefecture lists with a prefecture
        if a.sent == b.sent and gap.strip() and gap_re.match(gap) \
                and (a.tier == b.tier or a.tier in _tiers(b, gaz) or b.tier in _tiers(a, gaz)):
            if a.list_id is None:
                list_id += 1
                a.list_id, a.in_list = list_id, True
            b.list_id, b.in_list = a.list_id, True


def _keep(doc: Doc, p: Place, lang: str, places: list[Place]) -> bool:
    """Drop bare stems without context (see the module docstring)."""
    kinds = {h.kind for h in p.hits}
    needs_context = kinds <= {"stem_common"} or (lang == "en" and kinds <= {"pinyin_stem"})
    if not needs_context or p.suffixed or p.in_list or p.parent is not None:
        return True
    # A province or prefecture named in the same sentence also gives context (in English
    # also as a bare stem: "Pingshan in Yibin").
    return any(q.sent == p.sent and q.tier in ("province", "prefecture") and q is not p
               and (lang == "en" or not ({h.kind for h in q.hits} <= _STEM_KINDS)) for q in places)


@Language.factory("zhaimao_places", assigns=["doc._.places"], requires=["doc._.sents"],
                  default_config={"lang": "zh"})
def make_places(nlp: Language, name: str, lang: str) -> PlaceMatcher:
    from ..gazetteer import load

    return PlaceMatcher(load(), lang)
