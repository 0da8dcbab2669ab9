"""Load a pipeline per language and turn one article into an ArticleResult.

`records_from_doc` is the one boundary from spaCy objects to the frozen records: every
offset is mapped back into the article text as given (before normalisation).
"""

from __future__ import annotations

import datetime as dt
import hashlib
import logging
import re
from functools import lru_cache
from typing import Optional, Union

import spacy
from spacy.language import Language
from spacy.tokens import Doc

from . import __version__
from .config import MAX_CHARS
from .errors import Errors, Warnings, ZhaimaoError
from .records import (AggregateExit, Article, ArticleResult, County, CountClaim, DateValue,
                      Evidence, ExitRecord, Problem)
from .stages import STAGES
from .stages.doc import ProblemNote
from .text.dates import published_from_text
from .text.lang import detect_lang
from .text.normalize import Normalized, normalize

logger = logging.getLogger(__name__)

DateArg = Union[str, dt.date, None]

#: Words without which an article cannot report a county's exit (simplified, traditional,
#: English). Checked on the raw text before any other work.
ON_TOPIC = re.compile(r"贫困|貧困|脱贫|脫貧|摘帽|扶贫|扶貧|退出|poverty|poor|impoverished|destitute|deprived|"
                      r"\bexit|withdr[ae]w|delist|\bhats?\b", re.I)


@lru_cache(maxsize=2)
def load(lang: str) -> Language:
    """The pipeline for 'zh' or 'en', built once per process (jieba warmed at load)."""
    from .gazetteer import load as load_gazetteer

    if lang not in ("zh", "en"):
        raise ZhaimaoError(Errors.E002.format(lang=lang))
    gaz = load_gazetteer()
    nlp = spacy.blank(lang)
    if lang == "zh":
        from .stages.segment import NAME_FREQ, STEM_FREQ, JiebaTokenizer, make_jieba

        words = []
        for key, hits in gaz.alias_keys("zh"):
            if len(key) < 2 or any(h.kind == "traditional" for h in hits) and len(hits) == 1:
                continue
            strong = any(h.kind in ("name", "short", "printed") for h in hits)
            words.append((key, NAME_FREQ if strong else STEM_FREQ))
        nlp.tokenizer = JiebaTokenizer(nlp.vocab, make_jieba(sorted(words)))
    # No parser or NER runs here, so spaCy's 1M-character guard does not apply; our own
    # limit (MAX_CHARS, with warning W006) does.
    nlp.max_length = MAX_CHARS + 1
    for name in STAGES:
        nlp.add_pipe(name, config={"lang": lang})
    nlp.meta["name"] = f"zhaimao_{lang}"
    nlp.meta["version"] = __version__
    return nlp


def _as_date(value: DateArg) -> Optional[dt.date]:
    if value is None or value == "":
        return None
    if isinstance(value, dt.datetime):
        return value.date()
    if isinstance(value, dt.date):
        return value
    try:
        return dt.date.fromisoformat(str(value)[:10])
    except ValueError:
        pass
    # Archives carry their page dates in every format ("Nov 21, 2020", "2020/11/21 10:23",
    # "2020年11月21日"): dateparser reads such a metadata field well. It is never run over
    # article text (see pipeline.stages.dates).
    import dateparser

    parsed = dateparser.parse(str(value), languages=["en", "zh"],
                              settings={"STRICT_PARSING": True, "PREFER_DATES_FROM": "past"})
    if parsed is None:
        raise ZhaimaoError(Errors.E003.format(value=value))
    return parsed.date()


def article_id_for(text: str) -> str:
    """A stable id for an article without one: sha256 of its text."""
    return "sha256:" + hashlib.sha256(text.encode("utf-8", "surrogatepass")).hexdigest()


def run(text: str, lang: str = "auto", published: DateArg = None, article_id: Optional[str] = None) -> tuple[Doc, Normalized, dict]:
    """Run the stages over one article and return the Doc, its normalisation and facts about it."""
    pub = _as_date(published)
    if lang not in ("auto", "zh", "en"):
        raise ZhaimaoError(Errors.E002.format(lang=lang))
    notes: list[ProblemNote] = []
    if len(text) > MAX_CHARS:
        notes.append(ProblemNote("W006", Warnings.W006.format(limit=f"{MAX_CHARS:,}")))
        text = text[:MAX_CHARS]
    norm = normalize(text)
    real_lang = detect_lang(norm.text) if lang == "auto" else lang
    published_from = "given" if pub else "none"
    if pub is None:
        pub = published_from_text(norm.text)
        if pub is not None:
            published_from = "text"
    nlp = load(real_lang)
    doc = nlp.make_doc(norm.text)
    doc._.raw = norm.text
    doc._.article_id = article_id
    doc._.published = pub
    doc._.published_from = published_from
    doc._.norm = norm
    doc._.problems = notes
    for _, proc in nlp.pipeline:
        doc = proc(doc)
    return doc, norm, {"lang": real_lang, "published": pub, "published_from": published_from}


def extract(text: str, lang: str = "auto", published: DateArg = None, *,
            article_id: Optional[str] = None, source: Optional[str] = None,
            url: Optional[str] = None, title: Optional[str] = None,
            skip_off_topic: bool = False) -> ArticleResult:
    """Exit records, aggregates, count claims, findings and problems of one article.

    `published` is an ISO date string or a date; without it the article's own date is used
    when the text states one, and dates lacking a year are reported as problems. With
    `skip_off_topic` (as batch runs over archives do), an article that names neither
    poverty nor an exit gets an empty result with problem W009 instead of a full analysis.
    """
    if text is None or not text.strip():
        raise ZhaimaoError(Errors.E007.format(source=source or article_id or "the input"))
    article_id = article_id or article_id_for(text)
    if skip_off_topic and not ON_TOPIC.search(text):
        # A crawl of general news is mostly about other things: an article that names
        # neither poverty nor an exit has nothing to extract, and says so.
        pub = _as_date(published)
        article = Article(id=article_id, lang=detect_lang(text) if lang == "auto" else lang,
                          published=pub, source=source, url=url, title=title,
                          published_from="given" if pub else "none")
        from .gazetteer import load as load_gazetteer

        return ArticleResult(article=article, version=__version__,
                             gazetteer_version=load_gazetteer().version,
                             problems=[Problem(code="W009", message=Warnings.W009)])
    doc, norm, facts = run(text, lang, published, article_id)
    article = Article(id=article_id, lang=facts["lang"], published=facts["published"],
                      source=source, url=url, title=title, published_from=facts["published_from"])
    result = records_from_doc(doc, article)
    from .checks import check_result

    return check_result(result, text=text)


# -- the boundary ---------------------------------------------------------------------------


def _evidence(doc: Doc, norm: Normalized, start: int, end: int, sent: Optional[int] = None,
              sents: Optional[list] = None) -> Evidence:
    o_start, o_end = norm.to_original(start, end)
    sentence = ""
    if sent is None:
        from .stages.doc import sentence_index

        sent = sentence_index(doc, start)
    sents = doc._.sents if sents is None else sents
    if sents:
        s, e = sents[sent]
        so, eo = norm.to_original(s, e)
        sentence = norm.original[so:eo]
    return Evidence(text=norm.original[o_start:o_end], start=o_start, end=o_end, sentence=sentence)


def _date_value(d) -> Optional[DateValue]:
    if d is None or d.value is None:
        return None
    return DateValue(value=d.value, granularity=d.granularity, text=d.text, note=d.note)


def _county(d) -> County:
    return County(adcode=d.adcode, name=d.name, name_en=d.name_en, province=d.province,
                  prefecture=d.prefecture, level=d.level, poverty=d.poverty, exit_year=d.exit_year)


def records_from_doc(doc: Doc, article: Article) -> ArticleResult:
    """Turn the Doc's mentions into frozen records with evidence in the original text."""
    norm: Normalized = doc._.norm
    sents = doc._.sents  # bound once: each doc._ access builds an Underscore object
    records = []
    for x in doc._.exits or []:
        d = x.place.division
        records.append(ExitRecord(
            county=_county(d), surface=norm.original[slice(*norm.to_original(x.place.start, x.place.end))],
            status=x.status, date=_date_value(x.date), authority=x.authority,
            list="national" if d.poverty else None, batch_year=d.exit_year,
            evidence=_evidence(doc, norm, x.place.start, x.place.end, x.place.sent, sents=sents),
            link_reason=x.place.reason, confidence=x.confidence))
    aggregates = []
    for a in doc._.aggregates or []:
        aggregates.append(AggregateExit(
            count=int(a.count.value), unit=a.count.unit, status=a.status, province=a.province,
            named=len(a.named), named_adcodes=[p.division.adcode for p in a.named],
            lower_bound=a.lower_bound, date=_date_value(a.date),
            evidence=_evidence(doc, norm, a.count.start, a.count.end, a.count.sent, sents=sents)))
    claims = []
    for c in doc._.counts or []:
        claims.append(CountClaim(
            value=c.value, unit=c.unit, noun=c.noun, qualifiers=list(c.qualifiers), scope=c.scope,
            cumulative="cumulative" in c.qualifiers, as_of=_date_value(c.as_of),
            evidence=_evidence(doc, norm, c.start, c.end, c.sent, sents=sents)))
    problems = []
    for pr in doc._.problems or []:
        ev = _evidence(doc, norm, *pr.span, sents=sents) if pr.span else None
        problems.append(Problem(code=pr.code, message=pr.message, evidence=ev))
    from .gazetteer import load as load_gazetteer

    return ArticleResult(article=article, records=records, aggregates=aggregates, claims=claims,
                         problems=problems, version=__version__,
                         gazetteer_version=load_gazetteer().version)
