"""Exits: which named counties the article says left the list (or are proposed to), when,
and by whose decision; plus exits reported only as a number.

A county gets a record when it sits in a sentence with an exit cue (退出贫困县序列, 脱贫摘帽,
"withdrew from the list of poverty-stricken counties") and is not negated there (尚未摘帽,
挂牌督战, "yet to"), or in the list that follows a cue ending in a colon (批准以下县退出：…).
A counted list that is not itself an exit ("还有东乡县等8个县未摘帽") takes the exit of a
later sentence that approves the same number of counties ("同意8个县退出"). Proposals
(公示, 拟退出, "applied to exit") are `proposed` unless the sentence also approves.
The date is the one the sentence gives, else one shortly before it in the paragraph, else
the notice's signature date or the dateline, else none (and a problem says so).
"""

from __future__ import annotations

import dataclasses
import re
from typing import Any, Optional

from spacy.language import Language
from spacy.tokens import Doc

from ..gazetteer.index import Gazetteer
from ..text.fold import fold, folded
from .doc import AggregateMention, Count, ExitMention, Place, ProblemNote
from ..text.numerals import EN_NUM, ZH_NUM, parse_number
from .link import linked_counties

# -- cues ---------------------------------------------------------------------------------

ZH_EXIT = re.compile(
    r"退出贫困(?:旗)?县(?:序列|行列|名单|名录)?|脱贫摘帽|摘帽|退出.{0,6}?贫困(?:县)?序列"
    # 摘掉贫困帽子, 摘掉了“穷帽子”; not 摘掉了“黑臭水体”的帽子 or a school's 落后帽子
    r"|摘[掉下去]了?[^，。；]{0,6}?(?:贫困|贫穷|穷)[^，。；]{0,4}?帽子?"
    r"|贫困(?:旗)?县(?:全部|均|已)?(?:退出|摘帽)|整县脱贫|脱贫退出|退出国家(?:级)?贫困县|甩掉.{0,6}?帽子"
    r"|实现.{0,6}?(?:退出|摘帽)|正式退出|全部退出|已退出|批准.{0,30}?退出|同意.{0,30}?退出|获批(?:退出|摘帽)"
    r"|拟(?:退出|摘帽)"  # a 公示 of 拟退出情况: a proposal
    r"|退出的[^，。；、]{0,8}?(?:县|旗|区)(?!委)"  # 此次退出的贫困县名单如下, 退出的22个县
)
ZH_PROPOSED = re.compile(r"公示|拟退出|拟摘帽|拟批准|拟同意|拟将|申请退出|退出申请|申请摘帽|提出退出|计划退出|将退出|"
                         r"预计.{0,8}?(?:摘帽|退出)|有望.{0,8}?(?:摘帽|退出)|准备退出|待批准")
ZH_PROPOSED_DONE = re.compile(r"经公示|公示期满|公示无异议|公示结束|公示期已满|经过公示|公示后|公示期间无异议")
ZH_APPROVED = re.compile(r"批准|同意|正式退出|宣布.{0,10}?退出|已退出|已摘帽|已经摘帽|已脱贫摘帽|退出贫困县序列的通知")
ZH_NEGATED = re.compile(r"仅剩|只剩|剩下|尚未|仍未|还未|还没|未能|未摘帽|没有摘帽|未退出|挂牌督战|督战|不具备|未达到|暂缓|未脱贫|"
                        # 剩余8个贫困县 is still poor; 剩余8个县也已获批退出 is not: never across 退/批.
                        r"(?:剩余|还有|仍有|尚有)[^，,。退批]{0,10}?贫困县|尚余|攻坚|深度贫困县")
ZH_NOT_COUNTY = re.compile(r"(?:贫困)?村|贫困人口|贫困户|贫困群众|户|人")
#: A cue right after these is not a report of an exit: 未摘帽, 尚未退出 (negated), 确保…摘帽,
#: 力争…退出 (a target). Plans and targets are neither exits nor proposals.
ZH_CUE_NEGATED = re.compile(r"(?:未|尚未|没有|仍未|还未|不|未能|无法|难以)[^，,。；;]{0,2}$")
_ZH_OWN_COUNTY = re.compile(r"我县|本县|我旗|本旗")
_ZH_DONE_EXIT = re.compile(r"脱贫摘帽|摘帽|正式退出|全部退出|已退出|获批(?:退出|摘帽)|批准.*退出|同意.*退出")
_ZH_SPEAKER = re.compile(r"(?:有关|相关)?(?:负责同志|负责人)?(?:介绍|表示|称|说|透露|指出|告诉|答记者问)")
_ZH_CUE_NOUN = re.compile(r"(?:的)?(?:标准|条件|程序|机制|办法|验收|评估|考核|核查|检查|工作|计划|任务|要求|指标)")
ZH_CUE_PLANNED = re.compile(r"确保|力争|争取|计划|目标|将要|将于|将在|要|必须|有望|预计|准备|打算|任务是|决战"
                            r"|如果|假如|若能|一旦|如(?=顺利|能|获|通过)")  # 如顺利通过公示并获批准: a condition
EN_CUE_NEGATED = re.compile(r"\b(?:not|yet to|never|no|still to|yet to be|still to be|to be)\s+(?:\w+\s+){0,2}$", re.I)
EN_CUE_PLANNED = re.compile(r"\b(?:will|would|aims? to|aiming to|plans? to|planned to|planning to|strives? to|striving to|"
                            r"expected to|expects to|set to|going to|seeks? to|vow(?:s|ed)? to|pledg(?:es|ed) to|must|should|"
                            r"(?:had|have|has|need|needs|needed) to|prepar(?:e|es|ed|ing) to|next year|"
                            r"goal|target|ensure|ensuring|hopes? to|is to|are to|task of|tasks? (?:is|are) to|aim of|efforts? to)\b", re.I)
ZH_LIST_INTRO = re.compile(r"(?:如下|以下|名单|分别是|分别为|包括|即)[^。\n]{0,12}[:：]\s*$|[:：]\s*$")

EN_EXIT = re.compile(
    r"\b(?:withdr[ae]w(?:al|ing|s|n)?|exit(?:ed|s|ing)?|remov(?:ed|al|ing|es?)|delist(?:ed|ing|s)?|lifted out of poverty"
    r"|(?:shook|shaken|shake|shakes|shaking) off (?:poverty|the poverty (?:label|tag|hat|cap))"
    r"|(?:got|gets|get|getting|gotten) rid of poverty"
    r"|(?:taken|took|take|taking) off (?:their|its|the) (?:poverty )?(?:hats?|caps?|labels?)|quit(?:ted)?"
    r"|struck off|no longer (?:listed|classified)|graduated from|were lifted|was lifted|have been lifted"
    r"|achieved (?:all )?poverty alleviation|(?:cast|casts|casting) off (?:poverty|the poverty label)|rid themselves of poverty"
    r"|removed from the (?:list|ranks)|off the (?:poverty )?list"
    r"|(?:leaves?|left) (?:the|its|their|China's|the country's) (?:[\w-]+ ){0,3}(?:list|ranks)"
    r"|(?:comes?|came|coming) off (?:the|its|their|China's) (?:[\w-]+ ){0,2}list"
    r"|(?:met|meet|meets|meeting) the (?:\w+ ){0,2}(?:standards?|criteria|requirements) for (?:exit|exiting|leaving|removal|being removed|delisting)"
    r"|(?:taken|took|take|takes|taking)(?: [\w\s,-]{0,40}?)? off (?:its|the|their) (?:\w+ ){0,2}list"
    r"|(?:escaped|escapes|escaping) (?:from )?poverty"
    # "the municipal government approved its last four: …", "approved five counties and county-level cities"
    r"|approved (?:its |the )?(?:last |remaining |final )?(?:\w+ ){0,2}?(?:counties|county-level|districts|banners)"
    r"|approved its (?:last|remaining|final) \w+)\b",
    re.I,
)
EN_PROPOSED = re.compile(r"\b(?:appl(?:y|ied|ication)s? (?:to|for) (?:exit|withdraw|be removed)|public notice|publicity period|"
                         # a proposal to exit, not any proposal ("where the strategy was first proposed")
                         r"propos(?:e|es|ed|ing|als?)(?=[^.;,]{0,80}?\b(?:exit|remov|withdr|delist|lift|leav|off the|shake|shook|graduat))"
                         r"|(?:exits?|removal|withdrawal)[^.;,]{0,40}?propos(?:e|es|ed|ing|als?)|to be removed|pending approval|"
                         # a plan ("expected to shake off poverty by 2020", "will exit") is no proposal:
                         # a proposal says so, or names its notice
                         # headline forms of a 拟退出 notice: "puts 17 counties up for exit", "on exit notice"
                         r"up for (?:exit|removal)|exit notice|(?:lists|listed|listing) [\w\s,-]{0,60}? for (?:exit|removal)|"
                         # weak: a proposal only when nothing in the sentence approves
                         r"(?:puts?|putting|put) [\w\s-]{0,30}? forward|set to (?:leave|exit|be removed))\b", re.I)
_EN_WEAK_PROPOSAL = re.compile(r"put|forward|set to", re.I)
EN_PROPOSED_DONE = re.compile(r"\b(?:after (?:a|the) (?:public notice|publicity period)|publicity period (?:ended|expired)|"
                              r"no objections?)\b", re.I)
EN_APPROVED = re.compile(r"\b(?:approv(?:ed|al|es)|agreed|officially|announced|have (?:all )?(?:exited|withdrawn|been lifted)|"
                         r"had (?:all )?(?:exited|withdrawn|been lifted|already)|declared)\b", re.I)
EN_NEGATED = re.compile(r"\b(?:not yet|yet to|still (?:\w+ ){0,3}(?:poor|impoverished|on the list)|"
                        r"still (?:in|on) the (?:sequence|list|ranks|roster) of|remain(?:s|ed)? (?:in|on) the (?:sequence|list|ranks) of|remain(?:ed|s|ing)? (?:\w+ )?(?:poor|impoverished|on the list)|"
                        r"under (?:\w+ )?supervision|have not|has not|had not|failed to|were still|there are still|there were still|"
                        r"still \d+|still (?:eight|seven|nine|ten|five|six|four|three|two)|the remaining|last batch of \w+ (?:poor|impoverished))\b", re.I)
EN_NOT_COUNTY = re.compile(r"\b(?:villages?|residents|people|households|farmers|villagers|individuals|population)\b", re.I)
#: A sentence that goes on listing the counties of the exit before it: 其中…分别为…,
#: 这8个县是…, "The eight are …", "They are …".
ZH_CONTINUES = re.compile(r"^\s*(?:其中|这\S{0,4}个(?:县|贫困县)|这些(?:县|贫困县)?|上述|分别是|分别为|包括|具体是|具体为|即|它们是|名单(?:为|是|如下)"
                          r"|在?(?:这批|此批|本批|该批|这一批|这些)|此次(?:退出|摘帽)的|分(?:州市|市州|地市|地区|市县|省份?)看)")
#: A sentence that says its counties are part of the exit before it: 泸溪、凤凰…7县全部在列,
#: 科右前旗、突泉县也在其中.
ZH_MEMBERS = re.compile(r"(?:全部|均|都|也|亦)?(?:在列|在其中|名列其中|位列其中|在内|榜上有名|名列榜中|入列|上榜|入榜)(?=[，,。！!；;]|\s*$)")
EN_CONTINUES = re.compile(r"^\s*(?:(?:Besides|Apart from|In addition to|Along with) [^,.;]{1,40}, )?"
                          r"(?:Of (?:them|these|the \w+)|Among (?:them|these|the [\w-]+(?: [\w-]+)? (?:were|are|was))|They (?:are|were|include)|"
                          r"Also (?:on the list|among them|included|in the group) (?:are|were)|"
                          r"The (?:[\w-]+ ){1,6}?(?:are|were|include|includes|included|covers?|covered|comprises?|comprised|"
                          r"consists? of|contains?|names?|lists?)\b|It (?:also )?(?:includes|covers|contains|names)\b|"
                          r"The (?:[\w-]+ ){0,3}?(?:counties|county-level [\w]+|ones|districts)\s*(?:--|—|:|,)|"
                          r"These (?:are|were|include|counties)|Namely|Those \w+ (?:are|were))", re.I)
#: Lower case only: "the People's Government of …" is an authority, not people.
_EN_SUBJECT_NOT_COUNTY = re.compile(r"\b(?:villages?|residents|households|villagers|farmers|people(?!'s)|individuals)\b")
_EN_OTHER_PROGRAMME = re.compile(
    r"(?:(?!poverty|poor|impoverished)[^.;:])*?\b(?:pilot|scheme|programme|program|project|trial|tourism|tourist|"
    r"scenic|heritage|competition|contest|league table|agreement|market|index)\b")
_POVERTY_WORD = re.compile(r"贫")
_EN_PENDING = re.compile(r"\s+(?:is\s+|was\s+|remains?\s+)?(?:still\s+)?(?:pending|awaited|on hold|to come)\b")
_EN_COUNTY_WORD = re.compile(r"count(?:y|ies)|banners?")  # over folded text
#: "removed 30 villages from the list of poor villages": the cue's object is villages (folded text).
_EN_OBJECT_NOT_COUNTY = re.compile(r"\s+(?:[\w,'-]+\s+){0,6}?(?:villages?|residents|people|households|villagers|farmers)\b")
EN_LIST_INTRO = re.compile(r"(?:following|namely|are|were|include|including)?\s*[:：]\s*$", re.I)

# -- authorities --------------------------------------------------------------------------

ZH_AUTHORITY = re.compile(
    r"国务院扶贫开发领导小组(?:办公室)?|国务院扶贫办|国家乡村振兴局"
    r"|(?P<place>[\u4e00-\u9fff]{2,10}?(?:省|自治区|市|县))?(?P<kind>人民政府|政府|"
    r"(?:扶贫开发|脱贫攻坚|扶贫开发和脱贫工作)领导小组(?:办公室)?|扶贫开发办公室|扶贫办|脱贫攻坚指挥部)"
    # 重庆市宣布…, 湖南省批复同意…: the province acting is its government.
    r"|(?P<acting>[\u4e00-\u9fff]{2,8}?(?:省|自治区|市))(?=(?:分别)?(?:宣布|批准|批复|公告|同意))"
)
EN_AUTHORITY = re.compile(
    r"(?:the\s+)?(?:State Council Leading Group (?:Office )?(?:of|for) Poverty Alleviation and Development"
    r"|State Council(?:'s)? (?:poverty alleviation|Poverty Alleviation|Leading Group)[\w ]{0,40}?(?:Office|Group|office|group)"
    r"|(?:People's Government|government) of (?:(?:[a-z]+-?)+ China's )?(?P<p1>[A-Z][\w' ]{2,45}?(?:Province|Autonomous Region|Municipality|Region)?)(?=[\s,.;])"
    r"|(?P<p2>(?!The\b)[A-Z][\w']+(?: [A-Z][\w']+){0,3}) (?:Provincial|Regional|Autonomous Regional|Municipal|provincial|regional|municipal)"
    r" (?:People's |people's )?[Gg]overnment"
    # "the Ningxia Hui autonomous region government" (China Daily writes the kind in lower case)
    r"|(?P<p3>(?!The\b)[A-Z][\w']+(?: [A-Z][\w']+){0,3}) (?:Province|Autonomous Region|province|autonomous region)(?:'s)?"
    r" (?:People's |people's )?[Gg]overnment"
    r"|(?P<p4>(?!The\b)[A-Z][\w']+(?: [A-Z][\w']+){0,3}) (?:Provincial |Regional |Autonomous Regional |Municipal )?"
    r"(?P<body>Poverty Alleviation and Development Office|Poverty Alleviation Office|Office of Poverty Alleviation and Development"
    r"|Leading Group (?:Office )?(?:of|for|on) Poverty Alleviation(?: and Development)?)"
    # the body before its province: "the Leading Group of Poverty Alleviation and Development of Hunan Province"
    r"|(?P<body5>Poverty Alleviation and Development Office|Poverty Alleviation Office|Office of Poverty Alleviation and Development"
    r"|Leading Group (?:Office )?(?:of|for|on) Poverty Alleviation(?: and Development)?) (?:of|in) "
    r"(?:(?:[a-z]+-?)+ China's )?(?P<p5>[A-Z][\w']+(?: [A-Z][\w']+){0,3})"
    r"|(?:provincial|regional|autonomous regional) (?:people's )?government)",
)
_EN_AUTHORITY_WORDS = ("overnment", "State Council", "Poverty Alleviation")
EN_BODIES = {"Poverty Alleviation and Development Office": "扶贫开发办公室", "Poverty Alleviation Office": "扶贫开发办公室",
             "Office of Poverty Alleviation and Development": "扶贫开发办公室"}


#: What makes a count the size of a list rather than a batch leaving it: a possessive
#: ("the province's 38 …", "its 832 …", "the last of its 20 …") or a plain "had"/"has"
#: ("Yunnan had 88 counties on the national list"), unless "last"/"remaining" follows.
_EN_WHOLE_BEFORE = re.compile(
    r"(?:\b(?:its|their|the (?:province|region|country|prefecture|municipality|nation)'s|China's)(?:\s+all)?"
    r"|\b(?:had|has|have|there (?:are|were|was))(?:\s+a\s+total\s+of)?)\s+$", re.I)


#: A sentence about a running total (folded text): 至此…全部摘帽, "meaning all 25 have …".
_RUNNING_TOTAL = re.compile(r"至此|累计|全部|均已|\ball\b|\bso far\b|\bin total\b|\baltogether\b|\bto date\b")


#: Exits told as background (folded text): "exited earlier", "already delisted", "in earlier batches".
_EN_BACKGROUND = re.compile(r"\b(?:earlier(?! (?:this|today|on\b|in the (?:day|week|month|year)))|previously|already"
                            r"|in (?:earlier|previous|past|prior|former) (?:batches|rounds|years))\b")


_CLAUSE_STRICT = re.compile(r"[;；。]|[.!?](?=\s|$)|,\s+(?:and|but|while|whereas)\s")


def _clause_end_strict(text: str, start: int, end: int) -> int:
    """The end of the clause from `start`: ';', a sentence stop or ', and' (an appositive's
    commas do not end it: "Xiji County, the last one, is expected to …")."""
    m = _CLAUSE_STRICT.search(text, start, end)
    return m.start() if m else end


def _clause_end(text: str, start: int, end: int) -> int:
    m = _CLAUSE_END.search(text, start, end)
    return m.start() if m else end


#: "Rongshui, Sanjiang, Napo County and other 8 counties": the names are part of the count.
_EN_AND_OTHER = re.compile(r"\s*,?\s*(?:and|&)?\s*(?:the\s+)?other\s+", re.I)
#: A table's header or rule line: "County | Province | Year", "--- | --- | ---".
_TABLE_FURNITURE = re.compile(r"[^\n|]{0,30}(?:\|[^\n|]{0,30})+")
_LIST_RESIDUE = re.compile(r"[\s:：、，,；;。.．和及与（）()0-9０-９一二三四五六七八九十个等and]*", re.I)
#: Symbols and emoji a social-media repost puts around its lines (✅瑞金市, 上榜👇).
_EMOJI = re.compile(r"[\u2190-\u21ff\u2300-\u27bf\u2b00-\u2bff\U0001f000-\U0001faff\ufe0f\u200d·•●○◆◇■□▶►→√]")
_CLAUSE_MARK = re.compile(r"[，,；;：:]|[.!?](?=\s)")
_CLAUSE_END = re.compile(r"[，,；;。]|[.!?](?=\s)")


def _is_whole(text: str, c: Count) -> bool:
    if {"remaining", "exited"} & set(c.qualifiers) and c.noun and re.search(
            r"\b(?:last|remaining|final|other|more)\b", c.noun, re.I):
        return False
    return bool(_EN_WHOLE_BEFORE.search(text[max(0, c.start - 40):c.start]))


def province_of(c: Count) -> Optional[str]:
    """The province a count is scoped to, if one."""
    return c.scope if c.scope and c.scope != "national" and c.scope.endswith(("省", "自治区", "市")) else None


class ExitFinder:
    """Finds exit records and aggregates; one instance per pipeline."""

    def __init__(self, gazetteer: Gazetteer, lang: str) -> None:
        self.gaz = gazetteer
        self.lang = lang
        zh = lang == "zh"
        # The English cue patterns are case-blind; they run folded over `fold`ed text
        # (self._low), which has the same offsets and is about twice as fast to scan.
        self.exit_re = ZH_EXIT if zh else folded(EN_EXIT)
        self.proposed_re = ZH_PROPOSED if zh else folded(EN_PROPOSED)
        self.proposed_done_re = ZH_PROPOSED_DONE if zh else folded(EN_PROPOSED_DONE)
        self.approved_re = ZH_APPROVED if zh else folded(EN_APPROVED)
        self.negated_re = ZH_NEGATED if zh else folded(EN_NEGATED)
        self.not_county_re = ZH_NOT_COUNTY if zh else folded(EN_NOT_COUNTY)
        self.list_intro_re = ZH_LIST_INTRO if zh else folded(EN_LIST_INTRO)
        self.continues_re = ZH_CONTINUES if zh else folded(EN_CONTINUES)
        self._exit_sents: list[int] = []  # of the document being processed
        self._cache: dict[str, Any] = {}
        self._raw: str = ""
        self._low: str = ""  # self._raw, folded for English
        self._counties: list[Place] = []
        self._places: list[Place] = []
        self._sents: list[tuple[int, int]] = []
        self.cue_negated_re = ZH_CUE_NEGATED if zh else folded(EN_CUE_NEGATED)
        self.cue_planned_re = ZH_CUE_PLANNED if zh else folded(EN_CUE_PLANNED)
        self.clause_break = re.compile(r"[，,。；;：:！？!?\n]" if zh else r"[;:.!?\n]|,\s(?:but|while|whereas)\b")

    # -- per sentence -------------------------------------------------------------------

    def _cues(self, doc: Doc, i: int) -> list[re.Match]:
        cache = self._cache.setdefault("cues", {})
        if i not in cache:
            cache[i] = self._find_cues(doc, i)
        return cache[i]

    def _find_cues(self, doc: Doc, i: int) -> list[re.Match]:
        s, e = self._sents[i]
        text, low = self._raw, self._low
        cues = []
        if self.lang == "zh" and "poverty_doc" not in self._cache:
            self._cache["poverty_doc"] = bool(_POVERTY_WORD.search(low))
        for m in self.exit_re.finditer(low, s, e):
            if self.lang == "zh" and m.group(0) == "摘帽" and not self._cache["poverty_doc"]:
                continue  # an article that never speaks of 贫困: its 摘帽 is another hat (a river, a school)
            before = text[max(s, m.start() - 4):m.start()]
            # 贫困村退出, 贫困人口脱贫摘帽: villages and people are not counties.
            if self.lang == "zh" and re.search(r"村|人口|户|群众", before) and "县" not in before:
                continue
            if self.lang == "zh" and re.match(r"(?:了)?(?:贫困|深度贫困)?(?:村|人口|户|群众)", text[m.end():m.end() + 6]):
                continue  # 正式退出贫困村序列: what leaves is the village
            if self.lang == "zh" and _ZH_CUE_NOUN.match(text, m.end()):
                continue  # 贫困县退出标准, 达到退出条件: the exit as a noun of rules, not an exit
            if self.lang == "en":
                window = low[max(s, m.start() - 40):min(e, m.end() + 30)]
                if self.not_county_re.search(window) and not _EN_COUNTY_WORD.search(window):
                    continue
                # "a batch of villages in the county had reached the exit standard": the cue's
                # subject is villages when they come first in its clause, before any county name.
                cstart = max((b.end() for b in re.finditer(r"[,;:.!?\n]", text[s:m.start()])), default=0) + s
                vill = _EN_SUBJECT_NOT_COUNTY.search(text, cstart, m.start())
                if vill and not any(cstart <= p.start < vill.start() for p in self._counties):
                    continue
                # "exited a regional pilot scheme", "removed from a list of key counties for tourism":
                # what is left is another programme or list, not the poverty list.
                if _EN_OTHER_PROGRAMME.match(low, m.end(), min(e, m.end() + 70)):
                    continue
                if _EN_PENDING.match(low, m.end()):
                    continue  # "but poverty exit still pending": an exit still to come
                # "removed 30 villages from the list of poor villages": the cue's object is villages.
                if _EN_OBJECT_NOT_COUNTY.match(low, m.end(), min(e, m.end() + 50)):
                    continue
            # Negated right before the cue (未摘帽), or a plan or target anywhere in its clause
            # (计划实现…等15个县脱贫摘帽, 确保8个县全部摘帽): neither is an exit report.
            neg = self.cue_negated_re.search(low, max(s, m.start() - 12), m.start())
            if neg and not (self.lang == "en" and neg.group(0).startswith("to be")
                            and _EN_FIRST_TO_BE.search(low, max(s, neg.start() - 60), neg.start())):
                continue  # but "the first county to be taken off the list" has left it
            clause_start = max((b.end() for b in self.clause_break.finditer(text, s, m.start())), default=s)
            if self.cue_planned_re.search(low, clause_start, m.start()) \
                    and not self.proposed_re.search(low, s, e):
                continue  # a plan; but "plans to remove …, according to a public notice" is a proposal
            cues.append(m)
        return cues

    def _status(self, sentence: str) -> str:
        proposed = self.proposed_re.search(sentence)
        if not proposed:
            return "exited"
        if self.lang == "en" and _EN_WEAK_PROPOSAL.match(proposed.group(0)) and self.approved_re.search(sentence) \
                and not [m for m in self.proposed_re.finditer(sentence) if not _EN_WEAK_PROPOSAL.match(m.group(0))]:
            return "exited"  # "approved …, according to a notice": the notice is the approval's
        done = self.proposed_done_re.search(sentence)
        approved_after = any(a.end() > proposed.end() for a in self.approved_re.finditer(sentence))
        if self.lang == "zh" and not approved_after:
            # 2017年度提出退出的125个贫困县全部脱贫摘帽: the proposal names the batch, the exit is done
            approved_after = any(m.start() >= proposed.end() and not ZH_PROPOSED.search(sentence, max(0, m.start() - 3), m.end())
                                 and _ZH_DONE_EXIT.fullmatch(m.group(0)) for m in self.exit_re.finditer(sentence))
        if done or approved_after:
            # 经公示无异议，省政府批准… / 提出退出的125个县中…正式批准退出: the approval is the news.
            return "exited"
        return "proposed"

    def _negated(self, doc: Doc, p: Place, s: int, e: int) -> bool:
        """Negation in the clause that holds the county (commas bound clauses)."""
        text = self._raw
        if self.lang == "zh":
            left = max((m.end() for m in re.finditer(r"[，,；;：:]", text[s:p.start])), default=0) + s
            right_m = re.search(r"[，,；;。]", text[p.end:e])
            right = p.end + right_m.start() if right_m else e
        else:
            # ", and" joins list items ("…, Tongwei County, and Min County"): not a clause break.
            left = max((m.end() for m in re.finditer(r"[;:]|,\s(?:but|while|whereas)\b", text[s:p.start])), default=0) + s
            right_m = re.search(r"[;.]|,\s(?:but|while)\b", text[p.end:e])
            right = p.end + right_m.start() if right_m else e
        if self.negated_re.search(self._low, left, right):
            return True
        # "Seven have now exited, and Xiji county, the last one, is expected to be assessed
        # later this year": a plan said of the county after it, with no cue of its own there.
        if self.lang == "en":
            tail_end = _clause_end_strict(text, p.end, e)
            return bool(self.cue_planned_re.search(self._low, p.end, tail_end)) \
                and not self.exit_re.search(self._low, p.end, tail_end) \
                and not any(p.end <= c.start() < tail_end for c in self._cues(doc, p.sent))
        return False

    def __call__(self, doc: Doc) -> Doc:
        # Per-document memo: a list of 85 counties shares one sentence, one date and one
        # authority; compute them once.
        self._cache: dict[str, Any] = {}
        self._raw, self._sents = doc._.raw, doc._.sents  # bound once: doc._ is costly per access
        self._places = doc._.places or []
        self._low = self._raw if self.lang == "zh" else fold(self._raw)
        counties = linked_counties(doc)
        self._counties = counties
        by_sent: dict[int, list[Place]] = {}
        for p in counties:
            by_sent.setdefault(p.sent, []).append(p)
        exits: dict[str, ExitMention] = {}
        exit_sents: list[int] = []
        n_sents = len(self._sents)
        for i in range(n_sents):
            cues = self._cues(doc, i)
            if not cues:
                continue
            s, e = self._sents[i]
            sentence = self._low[s:e]
            status = self._status(sentence)
            anchor = i
            if i and self.continues_re.search(sentence) and (i - 1) in exit_sents:
                # "The nine counties -- … -- have met the standards for exit": the sentence goes
                # on from the one before, whose proposal or approval (and date) it shares.
                status = self._status(self._low[self._sents[i - 1][0]:e])
                anchor = i - 1
            exit_sents.append(i)
            scope = list(by_sent.get(i, []))
            # 批准以下8个县退出贫困县序列：\n融水苗族自治县、三江侗族自治县…
            intro = i if self.list_intro_re.search(sentence) else next(
                (k for k in (i + 1, i + 2) if k < n_sents and not by_sent.get(k) and not self._cues(doc, k)
                 and self.list_intro_re.search(self._low[slice(*self._sents[k])])
                 and self._sents[k][1] - self._sents[k][0] < 40
                 and all(not by_sent.get(m) for m in range(i + 1, k))), None)
            if intro is not None:
                # 至此…全部脱贫摘帽。名单如下：— the intro may stand in a sentence of its own
                # ("… approved to leave. Nineteen of them are in Guizhou … They are:").
                # The list follows on the next lines (六盘水市：水城县；\n遵义市：正安县；…, or
                # the rows of a table) for as long as they name counties and carry no cue.
                j = intro + 1
                while j < n_sents and not self._cues(doc, j) and (
                        by_sent.get(j) or _TABLE_FURNITURE.fullmatch(self._raw, *self._sents[j])):
                    scope.extend(by_sent.get(j, []))
                    j += 1
            else:
                # 一、批准退出的重点县（17个）\n绵阳市：平武县\n广元市：昭化区、朝天区…: lines that
                # hold nothing but place names go on the list of the exit line above them.
                j = i + 1
                if j < n_sents and not by_sent.get(j) and self.lang == "zh" and ZH_MEMBERS.search(
                        _EMOJI.sub("", self._low[slice(*self._sents[j])])):
                    j += 1  # 咱江西有6个县（市）上榜👇 and then the names, one per line
                while j < n_sents and by_sent.get(j) and not self._cues(doc, j) and self._names_only(j):
                    scope.extend(by_sent[j])
                    j += 1
            if not scope and i and self.lang == "zh" and re.search(r"(?:上述|以上|这些|前述)[^，。]{0,6}?(?:县|区|市|旗)", sentence) \
                    or not scope and i and self.lang == "en" and re.search(r"\b(?:these|the above|the said|those)\s+(?:\w+\s+)?(?:counties|districts)\b", sentence, re.I):
                # 经公示无异议，省政府批准上述县退出: the counties of the sentences before.
                prev = [j for j in exit_sents if j < i][-2:]
                scope = [x.place for x in exits.values() if x.sent in prev]
            if not scope and self.lang == "zh" and _ZH_OWN_COUNTY.search(sentence) and not self._is_title(i):
                # 去年，我县经省政府批准正式退出贫困县序列: a county's own report (its work
                # report, its media centre) names itself in its title or byline lines.
                home = self._home_county(counties)
                if home is not None:
                    scope = [home]
            segments = self._segments(doc, s, e)
            for p in scope:
                cue = cues[0].span()
                if p.sent == i:
                    seg = next(((a, b) for a, b in segments if a <= p.start < b), (s, e))
                    seg_cues = [c for c in cues if seg[0] <= c.start() < seg[1]]
                    if not seg_cues and len(segments) > 1:
                        continue  # 宁夏仅剩西吉县1个: another statement of the same sentence
                    own = seg_cues or cues
                    after = [c for c in own if c.start() >= p.end]
                    cue = (after[0] if after else own[-1] if [c for c in own if c.end() <= p.start] else own[0]).span()
                    if self._negated(doc, p, s, e) or self._aside(p, cue, s):
                        continue
                self._add(doc, exits, p, status, anchor if p.sent == i else i, cue)
        # Sentences that go on listing an exit (其中…分别为…; "The eight are …"; "The 20 are
        # the last of Hunan's 40. They include Shaoyang, …") share it. One that names its
        # number ("The 26 are …") belongs to the exit sentence that reported that number.
        for k in range(1, n_sents):
            if not by_sent.get(k):
                continue
            text_k = self._low[slice(*self._sents[k])]
            if not self.continues_re.search(text_k) and not (self.lang == "zh" and ZH_MEMBERS.search(text_k)):
                continue
            j = self._anchor(doc, k, exit_sents)
            if j is None or j == k:
                continue
            a, b = self._sents[j]
            status = self._status(self._low[a:b])
            for p in by_sent[k]:
                if not self._negated(doc, p, *self._sents[k]):
                    self._add(doc, exits, p, status, j, self._cues(doc, j)[0].span())
        # Counted lists that are not exits themselves take a later approval of the same number.
        self._resolve_counted_lists(doc, counties, exits, exit_sents)
        doc._.exits = sorted(exits.values(), key=lambda x: x.place.start)
        self._exit_sents = exit_sents
        doc._.aggregates = self._aggregates(doc, exit_sents)
        for x in doc._.exits:
            s, e = self._sents[x.sent]
            segments = self._segments(doc, s, e)
            seg = next(((a, b) for a, b in segments if a <= x.cue[0] < b), None) if len(segments) > 1 else None
            x.authority = self._authority(doc, x.sent, x.place, x.status, seg)
            key = (x.sent, x.cue[0], seg, x.authority, x.place.division.province_code)
            dates = self._cache.setdefault("dates", {})
            if key not in dates:
                dates[key] = self._date(doc, x.sent, x.cue[0], seg, x.authority, x.place)
            x.date = self._respective_date(doc, x) or dates[key]
            if x.date is None:
                doc._.problems.append(ProblemNote(
                    "W008", f"W008 no date for the exit of {x.place.division.name}: the article does not say when",
                    (x.place.start, x.place.end)))
        for a in doc._.aggregates:
            a.date = self._date(doc, a.count.sent)
        return doc

    def _aside(self, p: Place, cue: tuple[int, int], s: int) -> bool:
        """A county the sentence names beside the exit, not as what exited: in a later clause
        with no list marker (…退出贫困县序列，临夏市将举行庆祝活动), as the source (记者从临夏市
        获悉), or as a landmark (与州府临夏市相邻的临夏县)."""
        if self.lang != "zh":
            return False
        text = self._raw
        if re.match(r"\s*(?:相邻|毗邻|接壤|附近|周边|一带)", text[p.end:p.end + 4]):
            return True
        if re.search(r"(?:从|据|向)$", text[max(s, p.start - 2):p.start]) and \
                re.match(r"[^，,。]{0,8}?(?:获悉|了解到|得知|介绍)", text[p.end:p.end + 12]):
            return True
        if p.start > cue[1]:
            between = text[cue[1]:p.start]
            if re.search(r"[，,；;]", between) and not p.in_list \
                    and not re.search(r"分别|包括|即|名单|如下|[:：]|为|是", between):
                return True
        return False

    def _plan_after(self, c: Count) -> bool:
        """A plan in the rest of the count's clause: 剩余的7个县将于今年全部摘帽, "the other 8 will exit"."""
        return bool(self.cue_planned_re.search(self._low, c.end, _clause_end(self._raw, c.end, self._sents[c.sent][1])))

    def _planned(self, c: Count) -> bool:
        """A plan in the count's own clause, after it or right before it (确保3个县今年如期脱贫摘帽)."""
        return self._plan_after(c) \
            or bool(self.cue_planned_re.search(self._low, max(self._sents[c.sent][0], c.start - 8), c.start))

    def _home_county(self, counties: list[Place]) -> Optional[Place]:
        """The one county named in the first lines of the article (title, byline, dateline)."""
        top = [p for p in counties if p.sent < 6]
        units = {p.division.adcode for p in top}
        return top[0] if len(units) == 1 else None

    def _is_title(self, k: int) -> bool:
        """A headline or heading: the first sentence, or a short line near the top that ends
        without a full stop (a mirror page puts its menus above the title)."""
        if k == 0:
            return True
        s, e = self._sents[k]
        line = self._raw[s:e].rstrip()
        return k < 8 and len(line) < 60 and not line.endswith(("。", "！", "？", ".", "!", "?", "”", "\"", "」"))

    def _names_only(self, k: int) -> bool:
        """Sentence k is a bare list: apart from place names, only separators and numbering."""
        s, e = self._sents[k]
        spans = sorted((p.start, p.end) for p in self._places if s <= p.start < e)
        rest, pos = [], s
        for a, b in spans:
            rest.append(self._raw[pos:a])
            pos = max(pos, b)
        rest.append(self._raw[pos:e])
        return bool(spans) and _LIST_RESIDUE.fullmatch(_EMOJI.sub("", "".join(rest))) is not None

    def _anchor(self, doc: Doc, k: int, exit_sents: list[int]) -> Optional[int]:
        """The exit sentence a continuation sentence k goes on from."""
        s, e = self._sents[k]
        head = self._raw[s:min(e, s + 40)]
        num = re.search(ZH_NUM if self.lang == "zh" else rf"\b{EN_NUM}\b", head, re.I)
        value = parse_number(num.group(0)) if num else None
        if value:
            counts = doc._.counts or []
            for j in sorted(exit_sents, reverse=True):
                if j < k and any(c.sent == j and c.value == value for c in counts):
                    nearer = [m for m in exit_sents if j < m < k]
                    if nearer and self._is_title(j):
                        return nearer[-1]  # the headline's number, but the story's sentence dates it
                    return j
        # Otherwise the nearest exit sentence, if the continuation follows it closely.
        earlier = [j for j in exit_sents if j < k]
        if not earlier or k - earlier[-1] > 3:
            return None
        between = range(earlier[-1] + 1, k)
        if all(self.continues_re.search(self._low[slice(*self._sents[m])]) for m in between):
            return earlier[-1]
        return None

    def _segments(self, doc: Doc, s: int, e: int) -> list[tuple[int, int]]:
        """Statements of one sentence separated by ；/; (2月18日，四川…；2月25日，重庆…)."""
        out, start = [], s
        for m in re.finditer(r"[；;]", self._raw[s:e]):
            out.append((start, s + m.end()))
            start = s + m.end()
        out.append((start, e))
        return out

    def _add(self, doc: Doc, exits: dict[str, ExitMention], p: Place, status: str, sent: int,
             cue: tuple[int, int]) -> None:
        d = p.division
        key = d.adcode or d.name
        old = exits.get(key)
        # One record per county: an approval outranks a proposal, the first mention wins otherwise.
        headline = old is not None and sent > old.sent == old.place.sent and old.status == status \
            and self._is_title(old.sent) and not self._is_title(sent)
        # One record per county: an approval outranks a proposal; a mention in the story
        # outranks the headline (its sentence carries the date and the round).
        if old is None or (old.status == "proposed" and status == "exited") or headline:
            conf = 0.9 if status == "exited" else 0.8
            exits[key] = ExitMention(place=p, status=status, sent=sent, cue=cue,
                                     confidence=round(conf * (0.7 + 0.3 * p.confidence), 2))

    # -- counted lists ------------------------------------------------------------------

    def _list_of(self, doc: Doc, c: Count, counties: list[Place]) -> list[Place]:
        """Names listed with a count: 东乡县等8个县, 8个县：A、B, "8 counties including A, B"."""
        same = [p for p in counties if p.sent == c.sent]
        before = [p for p in same if p.end <= c.start and (self._raw[p.end:c.start].strip(" 、,，等and") == ""
                                                            or _EN_AND_OTHER.fullmatch(self._raw, p.end, c.start))]
        if before:
            lid = before[-1].list_id
            return [p for p in same if (lid is not None and p.list_id == lid) or p is before[-1]]
        after = [p for p in same if p.start >= c.end]
        if after:
            gap = self._raw[c.end:after[0].start]
            # "8个县：A、B", "eight counties, including A", "the nine counties -- A, B, … --"
            if len(gap) <= 25 and re.fullmatch(r"[\s,，:：\-–—]*(?:(?:分别)?(?:是|为|包括)|including|such as|of|namely|:)?[\s,，:：]*", gap, re.I):
                lid = after[0].list_id
                return [p for p in same if (lid is not None and p.list_id == lid) or p is after[0]]
        return []

    def _resolve_counted_lists(self, doc: Doc, counties: list[Place], exits: dict[str, ExitMention],
                               exit_sents: list[int]) -> None:
        counts = [c for c in doc._.counts or [] if c.unit in ("county", "county_unit")]
        approvals = [c for c in counts if c.sent in exit_sents and "not_exited" not in c.qualifiers
                     and not self._list_of(doc, c, counties) and not self._planned(c)]
        for c in counts:
            names = self._list_of(doc, c, counties)
            if not names or all((p.division.adcode or p.division.name) in exits for p in names):
                continue
            later = [a for a in approvals if a.value == c.value and a.sent > c.sent]
            if not later:
                continue
            a = later[0]
            s, e = self._sents[a.sent]
            status = self._status(self._low[s:e])
            for p in names:
                self._add(doc, exits, p, status, a.sent, (a.start, a.end))
                exits[p.division.adcode or p.division.name].place.reason += \
                    f"; listed with {c.text!r}, whose exit is reported as {a.text!r}"

    def _aggregates(self, doc: Doc, exit_sents: list[int]) -> list[AggregateMention]:
        counties = linked_counties(doc)
        out = []
        counts = [c for c in doc._.counts or [] if c.unit in ("county", "county_unit")]
        exits = doc._.exits
        places = self._places
        for c in counts:
            names = self._list_of(doc, c, counties)
            in_exit = c.sent in exit_sents and "not_exited" not in c.qualifiers
            if in_exit and self._plan_after(c):
                in_exit = False  # 剩余的7个县将于今年全部摘帽, "the other 8 will exit this year": a plan
            resolved = False
            if not in_exit and names:
                # 还有东乡县等8个县 … 同意8个县退出: the list is the later approval's.
                resolved = any(x.place in names for x in exits)
            if not (in_exit or resolved):
                continue
            if in_exit and not names:
                # "同意8个县退出" whose names were listed earlier with the same number.
                for c2 in counts:
                    if c2 is not c and c2.value == c.value and c2.sent < c.sent:
                        earlier = self._list_of(doc, c2, counties)
                        if earlier and any(x.place in earlier for x in exits):
                            names = earlier
                            resolved = True
            if resolved and not in_exit:
                continue  # reported once, on the approval sentence
            if in_exit and not names:
                # Named in the sentences that go on from this one ("… nine counties. They are …").
                anchored = [x.place for x in exits if x.sent == c.sent]
                if len(anchored) >= c.value:
                    names = anchored
            if not names and ({"cumulative", "total"} & set(c.qualifiers)):
                continue  # 至此…累计/"so far"/"all 75": a running total is a claim, not a batch
            if not names and "subset" in c.qualifiers \
                    and ("elliptical" in c.qualifiers or self.lang == "en" and re.search(r"\bof\b", c.text)):
                # "33 designated by the State and 21 by the region", "24 of Henan's 38",
                # 其中喀什地区4个、和田地区5个: parts of a whole, not batches of their own
                continue
            if not names and self.lang == "en" and _is_whole(self._raw, c):
                continue  # "the first of the province's 38 …", "Yunnan had 88 counties": the list, not a batch
            s, e = self._sents[c.sent]
            if not names and self.lang == "en" and _EN_BACKGROUND.search(self._low, s, _clause_end(self._raw, c.end, e)):
                continue  # "the other 55 had exited in earlier batches": background, not this report's exit
            # The count's own clause decides when it holds a cue of its own ("8 counties were
            # removed last year, and the other 8 will exit this year"); else its sentence.
            cs = max((m.end() for m in _CLAUSE_MARK.finditer(self._raw, s, c.start)), default=s)
            ce = _clause_end(self._raw, c.end, e)
            status = self._status(self._low[cs:ce] if self.exit_re.search(self._low, cs, ce) else self._low[s:e])
            listed = {x.status for x in exits if x.place in names}
            if len(listed) == 1:
                status = listed.pop()  # the status its named counties were given (a list may go on from a notice)
            if in_exit and not names and province_of(c) and not {"cumulative", "total"} & set(c.qualifiers) \
                    and not _RUNNING_TOTAL.search(self._low, s, _clause_end(self._raw, c.end, e)):
                # "Guangxi removes its last eight counties" in the headline or lead, the eight
                # named further down: the article names them when its records of that
                # province and status number exactly the count. (A running total — 至此…全部,
                # "all 25" — is not a batch, even when the article happens to name them all.)
                same = [x.place for x in exits
                        if x.status == status and x.place.division.province == province_of(c)]
                if len({p.division.adcode for p in same}) == c.value:
                    names = same
            province = c.scope if c.scope and c.scope != "national" else None
            if province is None and names:
                provs = {p.division.province for p in names}
                province = provs.pop() if len(provs) == 1 else None
            named_here = {q.division.province for q in places
                          if q.sent == c.sent and q.division is not None and q.division.tier == "province"}
            if province is None and c.scope != "national" and len(named_here) < 2:
                # The article's province, unless the sentence names several ("41 counties in
                # Henan, Hubei and Anhui"): then the aggregate has no one province.
                from .link import main_province

                province = main_province(doc)
            lower = "lower_bound" in c.qualifiers or any(
                self._raw[p.end:p.end + 1] == "等" or re.match(r"\s*,?\s*(?:and other|etc)", self._raw[p.end:p.end + 12])
                for p in names[-1:])
            if self.lang == "en" and names and re.search(r"including|such as", self._raw[c.end:names[0].start], re.I):
                lower = True
            agg = AggregateMention(count=c, status=status, province=province, named=names,
                                   lower_bound=lower or len(names) < c.value and bool(names))
            # A headline and its story repeat the same figure: report it once, with its names.
            same = next((a for a in out if a.count.value == c.value and a.province == province
                         and a.status == status), None)
            if same is None:
                out.append(agg)
            elif len(names) > len(same.named):
                out[out.index(same)] = agg
        return out

    # -- date and authority -------------------------------------------------------------

    def _memo(self, test, doc: Doc, d) -> bool:
        """test(doc, d) once per date and document: a list of 85 counties asks 85 times."""
        memo = self._cache.setdefault(test.__name__, {})
        key = (d.start, d.end)
        if key not in memo:
            memo[key] = test(doc, d)
        return memo[key]

    def _date(self, doc: Doc, sent: int, cue: Optional[int] = None,
              segment: Optional[tuple[int, int]] = None, authority: Optional[str] = None,
              place: Optional[Place] = None):
        dates = self._cache.get("usable_dates")
        if dates is None:  # once per document: every record of a long list asks
            dates = self._cache["usable_dates"] = [
                d for d in doc._.dates or [] if d.value is not None and not _not_approval(doc, d)]
        if not dates:
            return None
        if segment and any(segment[0] <= d.start < segment[1] for d in dates):
            s, e = segment
        else:
            s, e = self._sents[sent]
        cue = e if cue is None else cue
        here = [d for d in dates if s <= d.start < e and not self._memo(_is_as_of, doc, d)]
        if here:
            # The date written closest before the cue (3月4日，…公告…同意…退出), then after it;
            # a dateline (本报呼和浩特3月5日讯) in the same sentence only when nothing else is.
            # The most specific date first (Wednesday over "in 2016"), then the closest before
            # the cue, then the closest after it.
            events = [d for d in here if not self._memo(_is_dateline, doc, d)] or here
            # "approved … this month, the office said Tuesday": the day it was said is
            # not the day it was approved, when the sentence dates the approval itself.
            events = [d for d in events if not _is_said(doc, d)] or events
            return max(events, key=lambda d: (_granularity_rank(d), d.start < cue,
                                              d.start if d.start < cue else -d.start))
        # Shortly before, in the same paragraph (11月20日，自治区政府发出通知。通知批准…).
        para_start = self._raw.rfind("\n\n", 0, s) + 1
        prev = [d for d in dates if para_start <= d.start < s and not self._memo(_is_as_of, doc, d)
                and d.granularity in ("day", "month")]
        if prev:
            return _noted(prev[-1], "from earlier in the paragraph")
        # The exit sentence just before (up to three back) tells the same event: "Jiangxi
        # said Sunday that its remaining seven counties have been removed … Yudu, Xingguo
        # … had their exits approved by the provincial government".
        # The most specific date of those sentences wins, the nearest among equals: "根据公告，
        # 此次退出的名单如下：…" goes back to the announcement of 7日, past a sentence of 今年.
        prior = []
        for j in sorted((j for j in self._exit_sents if sent - 3 <= j < sent), reverse=True):
            a, b = self._sents[j]
            prior += [d for d in dates if a <= d.start < b and not self._memo(_is_as_of, doc, d)
                      and not self._memo(_is_dateline, doc, d)]
        if prior:
            best = max(_granularity_rank(d) for d in prior)
            return _noted(next(d for d in prior if _granularity_rank(d) == best), "from the exit sentence before")
        # The same authority's announcement elsewhere in the article ("The Gansu Provincial
        # Government announced on the 21st …" and later "… agreed to withdraw 8 counties").
        if authority and place is not None:
            rx = ZH_AUTHORITY if self.lang == "zh" else EN_AUTHORITY
            for k, (ss, se) in enumerate(self._sents):
                if k == sent:
                    continue
                day = [d for d in dates if ss <= d.start < se and d.granularity == "day"
                       and not self._memo(_is_dateline, doc, d)]
                if day and any(self._normalise_authority(m, place) == authority
                               for m in rx.finditer(self._raw, ss, se)):
                    return _noted(day[0], "from the same authority's announcement")
        # The signature date of a notice: a line that is only a date, at the end.
        tail = [d for d in dates if d.start >= len(self._raw) - 80 and d.granularity == "day"
                and re.fullmatch(r"\s*", self._raw[self._raw.rfind("\n", 0, d.start) + 1:d.start])]
        if tail:
            return _noted(tail[-1], "the notice's signature date")
        # The dateline: 新华社兰州11月21日电 / "LANZHOU, Nov. 21 (Xinhua)".
        first = self._sents[min(2, len(self._sents) - 1)][1]
        head = [d for d in dates if d.start < max(first, 80) and d.granularity == "day" and self._memo(_is_dateline, doc, d)]
        if head:
            return _noted(head[0], "taken from the dateline")
        return None

    def _respective_date(self, doc: Doc, x: ExitMention):
        """井冈山、兰考分别于2月、3月退出 / "Jinggangshan and Lankao … in February and March
        respectively": the n-th county takes the n-th date."""
        s, e = self._sents[x.sent]
        if "分别" not in self._raw[s:e] and "respectively" not in self._raw[s:e]:
            return None
        names = [p for p in doc._.places or [] if p.sent == x.sent and p.division is not None
                 and p.division.tier == "county"]
        dates = [d for d in doc._.dates or [] if s <= d.start < e and d.value and not self._memo(_is_dateline, doc, d)]
        if len(names) >= 2 and len(names) == len(dates) and x.place in names:
            return dates[names.index(x.place)]
        # 分别于11月14日、16日、17日批准莎车县、叶城县等10个县，西吉县，以及昭觉县等7个县:
        # the n-th group of names (a list, or a name standing alone) takes the n-th date.
        groups: list[list[Place]] = []
        for q in names:
            if groups and q.list_id is not None and q.list_id == groups[-1][-1].list_id:
                groups[-1].append(q)
            else:
                groups.append([q])
        if len(groups) >= 2 and len(groups) == len(dates):
            for k, g in enumerate(groups):
                if x.place in g:
                    return dates[k]
        return None

    def _authority(self, doc: Doc, sent: int, p: Place, status: str = "exited",
                   segment: Optional[tuple[int, int]] = None) -> Optional[str]:
        """The body that approved (or, for a proposal, published) the exit, nearest first.

        A provincial body of another province is not this county's authority (round-ups
        list several provinces in one sentence); for an approval a government outranks
        its poverty office, which usually only ran the assessment or the public notice.
        """
        text = self._raw
        windows = [segment] if segment else []
        background = self._cache.setdefault("background", {})
        if sent not in background:
            background[sent] = bool(_BACKGROUND.search(self._low, *self._sents[sent]))
        if background[sent]:
            # 去年，延长县…4个县已率先脱贫摘帽 / "had exited earlier": an earlier round, whose
            # approving body is not the one this report's neighbouring sentences name.
            windows.append(self._sents[sent])
            return self._authority_in(doc, windows, p, status, {segment, self._sents[sent]}, None)
        windows += [self._sents[k] for k in (sent, sent - 1, sent + 1, sent + 2, sent - 2)
                    if 0 <= k < len(self._sents)]
        # A notice names its issuer in the title (湖南省人民政府关于同意…的批复) and signs it
        # at the end (河北省扶贫开发和脱贫工作领导小组 / 2020年2月21日).
        windows += [self._sents[0], (max(0, len(text) - 60), len(text))]
        # A wire story names the announcing body in its lead ("LHASA, Oct. 18 -- … the State
        # Council Leading Group Office … announced"), however far down its lists go.
        lead = self._lead(doc)
        lead_span = self._sents[lead] if lead is not None else None
        if lead_span is not None and lead_span not in windows:
            windows.append(lead_span)
        else:
            lead_span = None  # already read as a neighbour of the record's sentence
        return self._authority_in(doc, windows, p, status, {segment, self._sents[sent]}, lead_span)

    def _authority_in(self, doc: Doc, windows: list, p: Place, status: str, own: set,
                      lead_span: Optional[tuple[int, int]]) -> Optional[str]:
        """The first body found in `windows` (in order) that can have approved `p`'s exit;
        for an approval, a government named in any of them outranks an office found nearer
        ("… organized by the Provincial Leading Group …" next to "The People's Government …
        has approved")."""
        first = self._first_authority(doc, windows, p, status, own, lead_span)
        if first is None or status != "exited" or first.endswith("人民政府") or first.startswith("国务院"):
            return first
        for w in windows:
            gov = self._first_authority(doc, [w], p, status, own, lead_span)
            if gov and (gov.endswith("人民政府") or gov.startswith("国务院")):
                return gov
        return first

    def _first_authority(self, doc: Doc, windows: list, p: Place, status: str, own: set,
                         lead_span: Optional[tuple[int, int]]) -> Optional[str]:
        text = self._raw
        rx = ZH_AUTHORITY if self.lang == "zh" else EN_AUTHORITY
        matches = self._cache.setdefault("authority", {})
        for s, e in windows:
            found = []
            if (s, e) not in matches:
                # Every English authority names a government, the State Council or a poverty
                # alleviation body: a window without those words is not scanned.
                if self.lang == "en" and not any(text.find(w, s, e) >= 0 for w in _EN_AUTHORITY_WORDS):
                    matches[(s, e)] = []
                else:
                    matches[(s, e)] = list(rx.finditer(text, s, e))
            for m in matches[(s, e)]:
                if self.lang == "zh" and _ZH_SPEAKER.match(text, m.end()):
                    continue  # 湖南省扶贫办介绍…: the source of the news, not the body that approved
                if self.lang == "en" and _EN_SOURCE_AFTER.match(text, m.end()):
                    continue  # "according to the regional government's work report": a source
                if self.lang == "en" and (s, e) not in own and m.group(0).lower().removeprefix("the ").startswith(
                        ("provincial", "regional", "autonomous regional")) \
                        and self._provinces_in(s, e) - {p.division.province}:
                    continue  # "The Shanxi provincial government approved …": not Guizhou's
                name = self._normalise_authority(m, p)
                if (s, e) == lead_span and name and not name.startswith("国"):
                    continue  # from the lead, only a national body: a provincial one may be this year's only
                if name and (name.startswith("国") or name.startswith(p.division.province)
                             or name.startswith(p.division.name)):
                    found.append(name)
            if found:
                if status == "exited":
                    gov = [n for n in found if n.endswith("人民政府") or n.startswith("国务院")]
                    return (gov or found)[0]
                return found[0]
        return None

    def _provinces_in(self, s: int, e: int) -> set[str]:
        return {q.division.province for q in self._places
                if s <= q.start < e and q.division is not None and q.division.tier == "province"}

    def _lead(self, doc: Doc) -> Optional[int]:
        """The sentence that holds the dateline (CITY, date --; 新华社…电), if one of the first five."""
        if "lead" not in self._cache:
            lines = [d.start for d in doc._.dates or [] if self._memo(_is_dateline, doc, d)]
            self._cache["lead"] = next((k for k, (s, e) in enumerate(self._sents[:5])
                                        if any(s <= x < e for x in lines)), None)
        return self._cache["lead"]

    def _normalise_authority(self, m: re.Match, p: Place) -> Optional[str]:
        g = m.group(0)
        if self.lang == "zh":
            if g == "国务院扶贫办" or (g.startswith("国务院") and g.endswith("办公室")):
                return "国务院扶贫开发领导小组办公室"  # 国务院扶贫办 is the group's office
            if g.startswith("国务院扶贫开发领导小组"):
                return "国务院扶贫开发领导小组"
            if g == "国家乡村振兴局":
                return g
            place, kind = m.group("place"), m.group("kind")
            if m.group("acting"):
                place, kind = m.group("acting"), "人民政府"
            prov = None
            if place and place.endswith(p.division.name):
                return p.division.name + "人民政府"  # a county-level 公示 by the county itself
            if place and place.endswith("县"):
                return None
            if place:
                prov = self.gaz.province(place) or self.gaz.province(place.rstrip("省市")) \
                    or self.gaz.province(place[-6:])
                if prov is None:
                    # 甘肃省人民政府 inside a longer run of characters: take the province suffix.
                    for k in range(len(place) - 2, -1, -1):
                        prov = self.gaz.province(place[k:])
                        if prov:
                            break
                if prov is None and place.endswith(("省", "自治区")):
                    # 东乡县经省政府批准: the run before 省 names no province; 省政府 is the
                    # government of the county's province.
                    prov = self.gaz.province(p.division.province_code)
                if prov is None:
                    return None
            elif kind in ("人民政府", "政府") or m.string[max(0, m.start() - 3):m.start()].endswith(("省", "自治区", "区")):
                # 省人民政府, 省扶贫开发领导小组办公室: the province of the county.
                prov = self.gaz.province(p.division.province_code)
            if prov is None:
                return None
            # 扶贫办 is the short name of the 扶贫开发办公室: one name per body
            suffix = {"人民政府": "人民政府", "政府": "人民政府", "扶贫办": "扶贫开发办公室"}.get(kind, kind)
            return prov.name + suffix
        if "State Council" in g:
            return "国务院扶贫开发领导小组办公室" if "office" in g.lower() else "国务院扶贫开发领导小组"
        place = m.group("p1") or m.group("p2") or m.group("p3") or m.group("p4") or m.group("p5")
        if place:
            place = re.sub(r"^[Tt]he(?:\s+|$)", "", place.strip())  # "The Guangxi … Government" opening a sentence
        prov = self.gaz.province(place.strip()) if place else self.gaz.province(p.division.province_code)
        if prov is None and place:
            prov = self.gaz.province(re.sub(r"\s*(?:Province|Provincial|Autonomous Region|Regional|Municipality|Municipal)$",
                                            "", place.strip()))
        if prov is None and place:
            # "Guangxi Zhuang Autonomous Region People's Government": the words before the
            # nationality name the region.
            words = place.split()
            for k in range(len(words) - 1, 0, -1):
                prov = self.gaz.province(" ".join(words[:k]))
                if prov:
                    break
        if prov is None:
            return None
        body = m.group("body") or m.group("body5")
        if body:
            if body.startswith("Leading Group"):
                return prov.name + ("扶贫开发领导小组办公室" if "Office" in body else "扶贫开发领导小组")
            return prov.name + EN_BODIES.get(body, "扶贫开发办公室")
        return prov.name + "人民政府"


def _noted(d, how: str):
    """The date with a note on where the exit's date came from (the checks read it)."""
    return dataclasses.replace(d, note=f"{d.note}; {how}" if d.note else how)


def _is_dateline(doc: Doc, d) -> bool:
    """本报兰州5月20日电 / 华龙网2月25日讯 / "LANZHOU, Nov. 21 (Xinhua)": the report's date."""
    return bool(re.match(r"\s*(?:电|讯|消息|\(|--|—|\s*\((?:Xinhua|CNS|China News Service|Reporter))",
                         doc._.raw[d.end:d.end + 16])) and d.start < 400


def _not_approval(doc: Doc, d) -> bool:
    """2月25日起公示: the start of a notice period; 2017年度: an assessment year, not a date of decision."""
    after = doc._.raw[d.end:d.end + 6]
    before = doc._.raw[max(0, d.start - 3):d.start]
    if re.search(r"继|早在|此前|之前|自$|从$|since\s*$|after\s*$|before\s*$", before):
        return True  # 继8月份公布首批40个县后: an earlier event told as background
    return bool(re.match(r"\s*(?:起|开始|至|到|—|-|~)", after)) or "assessment" in (d.note or "") \
        or after.startswith("度")


#: An exit told as background (folded text): 去年…已脱贫摘帽, 此前, "last year", "earlier".
_BACKGROUND = re.compile(r"去年|前年|此前|之前|早在|先前|已于|率先|\blast year\b|\bearlier\b(?! this| today)|\bpreviously\b|\bin (?:earlier|previous) (?:batches|years)\b")
_EN_FIRST_TO_BE = re.compile(r"\b(?:first|second|third|last|latest|only|earliest)\b[^.;,]{0,50}$")
_EN_SOURCE_AFTER = re.compile(r"'s\s+(?:\w+\s+){0,2}(?:report|statistics|data|figures|website|plan|budget)\b")
_SAID_BEFORE = re.compile(r"\b(?:said|says|told|reported|added|noted)\s+(?:on\s+)?$")


def _is_said(doc: Doc, d) -> bool:
    """"…, the office said Tuesday": the date of a statement about the exit."""
    return bool(_SAID_BEFORE.search(doc._.raw, max(0, d.start - 16), d.start))


def _is_as_of(doc: Doc, d) -> bool:
    """到2019年底 / "by the end of 2019": a cut-off for a cumulative count, not an approval."""
    before = doc._.raw[max(0, d.start - 6):d.start] + " " + d.text[:8]
    return bool(re.search(r"到|截至|截止|至|\bby\b|\bas of\b|\buntil\b|\bend of\b|年底|年末", before, re.I)) \
        and d.granularity != "day"


def _granularity_rank(d) -> int:
    return {"day": 3, "month": 2, "year": 1}.get(d.granularity, 0)


@Language.factory("zhaimao_exits", assigns=["doc._.exits", "doc._.aggregates"],
                  requires=["doc._.places", "doc._.counts", "doc._.dates"], default_config={"lang": "zh"})
def make_exits(nlp: Language, name: str, lang: str) -> ExitFinder:
    from ..gazetteer import load

    return ExitFinder(load(), lang)
