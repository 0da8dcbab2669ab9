"""The gazetteer's record types: a division, an alias, a ranked candidate."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from typing import Optional

#: Prefecture-level types: a child of a province with one of these holds counties.
PREFECTURE_LEVELS = frozenset({"地级市", "自治州", "地区", "盟"})


@dataclass(frozen=True, slots=True)
class Division:
    """One administrative unit under one name for one period.

    A unit that was renamed or converted (大同县 → 云州区) is two divisions: the old one
    with `valid_to` and `successor`, the new one with `valid_from`.
    """

    adcode: str
    name: str
    stem: str
    level: str
    tier: str  # county | prefecture | province
    province: str
    province_code: str
    prefecture: str = ""
    prefecture_code: str = ""
    name_en: str = ""
    valid_from: Optional[str] = None  # ISO date or year the name took effect
    valid_to: Optional[str] = None  # ISO date or year the name ceased
    successor: Optional[str] = None  # adcode of the unit it became
    successor_name: Optional[str] = None
    poverty: bool = False
    exit_year: Optional[int] = None
    exit_confidence: Optional[str] = None
    guapai_2020: bool = False
    designation: Optional[str] = None

    def valid_on(self, on: Optional[dt.date]) -> bool:
        """Whether the name was in force on `on` (always true without a date)."""
        if on is None:
            return True
        if self.valid_from and on < _start(self.valid_from):
            return False
        if self.valid_to and on >= _start(self.valid_to):
            return False
        return True

    @property
    def current(self) -> bool:
        return self.valid_to is None


def _start(value: str) -> dt.date:
    """Start of an ISO date or a bare year (a year-only change counts from 1 January)."""
    parts = [int(p) for p in value.split("-")]
    while len(parts) < 3:
        parts.append(1)
    return dt.date(*parts)


@dataclass(frozen=True, slots=True)
class Candidate:
    """A division a name may refer to, with its score and the reason for it."""

    division: Division
    score: float
    alias: str
    alias_kind: str
    reason: str
    notes: tuple[str, ...] = field(default_factory=tuple)


@dataclass(frozen=True, slots=True)
class LookupResult:
    """Ranked candidates for a name; `ambiguous` when the best two tie."""

    query: str
    candidates: tuple[Candidate, ...]
    ambiguous: bool
    message: str

    @property
    def best(self) -> Optional[Candidate]:
        return self.candidates[0] if self.candidates and not self.ambiguous else None
