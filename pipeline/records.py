"""The output contract: frozen pydantic models that leave the pipeline.

Stable field names (see README, "Output contract"): add fields freely, never rename these.
Everything a record states carries its evidence (text and character offsets into the
article text as given, before normalisation) and every decision says why.
"""

from __future__ import annotations

import datetime as _dt
from typing import Literal, Optional, Union

from pydantic import BaseModel, ConfigDict, Field

Lang = Literal["zh", "en"]
Granularity = Literal["day", "month", "year"]
Status = Literal["exited", "proposed"]
ListKind = Literal["national", "provincial"]
Unit = Literal["county", "county_unit", "village", "person", "household", "province", "other"]
CheckStatus = Literal["pass", "fail", "unverifiable"]
Severity = Literal["error", "warning", "info"]
Scalar = Union[int, float, str, None]


class _Frozen(BaseModel):
    model_config = ConfigDict(frozen=True, extra="forbid")


class Evidence(_Frozen):
    """A piece of the article: `text` is `article_text[start:end]`; `sentence` contains it."""

    text: str
    start: int = Field(ge=0)
    end: int = Field(ge=0)
    sentence: str = ""


class DateValue(_Frozen):
    """A date with its granularity: value is YYYY, YYYY-MM or YYYY-MM-DD."""

    value: str
    granularity: Granularity
    text: str = ""
    note: str = ""

    def as_date(self) -> _dt.date:
        """The first day the value covers (2019 → 2019-01-01)."""
        parts = [int(p) for p in self.value.split("-")]
        while len(parts) < 3:
            parts.append(1)
        return _dt.date(parts[0], parts[1], parts[2])

    def last_day(self) -> _dt.date:
        """The last day the value covers (2019-02 → 2019-02-28)."""
        parts = [int(p) for p in self.value.split("-")]
        if len(parts) == 1:
            return _dt.date(parts[0], 12, 31)
        if len(parts) == 2:
            nxt = _dt.date(parts[0] + (parts[1] == 12), parts[1] % 12 + 1, 1)
            return nxt - _dt.timedelta(days=1)
        return _dt.date(parts[0], parts[1], parts[2])


class County(_Frozen):
    """A county-level division as it was on the date of the article."""

    adcode: str
    name: str
    name_en: str = ""
    province: str
    prefecture: str = ""
    level: str = ""
    poverty: bool = False
    exit_year: Optional[int] = None


class Article(_Frozen):
    id: str
    lang: Optional[Lang] = None
    published: Optional[_dt.date] = None
    source: Optional[str] = None
    url: Optional[str] = None
    title: Optional[str] = None
    published_from: Literal["given", "text", "none"] = "none"


class ExitRecord(_Frozen):
    """One named county that the article says exited (or is proposed to exit) the list."""

    county: County
    surface: str
    status: Status
    date: Optional[DateValue] = None
    authority: Optional[str] = None
    list: Optional[ListKind] = None
    batch_year: Optional[int] = None
    evidence: Evidence
    link_reason: str
    confidence: float = Field(ge=0.0, le=1.0)


class AggregateExit(_Frozen):
    """Exits reported as a number ("8 counties"), with the names listed alongside it if any."""

    count: int
    unit: Unit = "county"
    status: Status = "exited"
    province: Optional[str] = None
    named: int = 0
    named_adcodes: list[str] = Field(default_factory=list)
    lower_bound: bool = False
    date: Optional[DateValue] = None
    evidence: Evidence


class CountClaim(_Frozen):
    """A number with what it counts."""

    value: Union[int, float]
    unit: Unit
    noun: str = ""
    qualifiers: list[str] = Field(default_factory=list)
    scope: Optional[str] = None
    cumulative: bool = False
    as_of: Optional[DateValue] = None
    evidence: Evidence


class Finding(_Frozen):
    """The result of one consistency check."""

    check: str
    status: CheckStatus
    severity: Severity = "warning"
    stated: Scalar = None
    computed: Scalar = None
    message: str
    evidence: list[Evidence] = Field(default_factory=list)
    #: Cross-article findings (C4, C9, C10): the id of the article each evidence span is in.
    articles: list[str] = Field(default_factory=list)


class Problem(_Frozen):
    """Something the pipeline could not read; never fatal."""

    code: str
    message: str
    evidence: Optional[Evidence] = None


class ArticleResult(_Frozen):
    """Everything extracted from one article."""

    article: Article
    records: list[ExitRecord] = Field(default_factory=list)
    aggregates: list[AggregateExit] = Field(default_factory=list)
    claims: list[CountClaim] = Field(default_factory=list)
    findings: list[Finding] = Field(default_factory=list)
    problems: list[Problem] = Field(default_factory=list)
    version: str = ""
    gazetteer_version: str = ""


__all__ = [
    "AggregateExit",
    "Article",
    "ArticleResult",
    "CheckStatus",
    "County",
    "CountClaim",
    "DateValue",
    "Evidence",
    "ExitRecord",
    "Finding",
    "Granularity",
    "Problem",
    "Unit",
]
