"""The runtime gazetteer: code → divisions, alias → divisions, ranked candidates with reasons.

Two maps, as in scispacy's knowledge base: every division by its code, every alias key by
the divisions it may name with the kind of alias (official name, short form, stem,
pinyin …). `candidates()` ranks them using the signals a reader uses — the province named,
the date of the article, the poverty list — and says why.
"""

from __future__ import annotations

import datetime as dt
import json
import re
from collections import defaultdict
from dataclasses import dataclass, replace
from functools import lru_cache
from pathlib import Path
from typing import Iterable, Optional, Sequence, Union

from ..config import GAZETTEER_SNAPSHOT, models_dir
from ..errors import Errors, ZhaimaoError
from .model import Candidate, Division, LookupResult
from .names import county_stem, en_key, is_latin, to_simplified

#: How much an alias of each kind says about the unit, before context. An official name
#: is decisive; a bare stem (三江, 大化) is weak evidence on its own.
KIND_PRIOR: dict[str, float] = {
    "name": 1.0,
    "traditional": 0.95,
    "short": 0.9,
    "printed": 0.9,
    "english": 0.9,
    "romanization": 0.9,
    "pinyin": 0.85,
    "stem": 0.6,
    "stem_common": 0.4,
    "pinyin_stem": 0.55,
}
TIE = 1e-6

DateLike = Union[dt.date, str, None]

_AUTONOMOUS_EN = re.compile(r"^(\S+)(?: \S+)*? autonomous (county|prefecture|banner)$")


def _as_date(on: DateLike) -> Optional[dt.date]:
    if on is None or isinstance(on, dt.date):
        return on
    try:
        return dt.date.fromisoformat(on)
    except ValueError as exc:
        raise ZhaimaoError(Errors.E003.format(value=on)) from exc


@dataclass(frozen=True, slots=True)
class AliasHit:
    division: int
    kind: str
    lang: str


class Gazetteer:
    """County-level divisions of China with history, the 832 poverty counties and aliases."""

    def __init__(self, divisions: Sequence[Division], aliases: Iterable[Sequence],
                 meta: Optional[dict] = None) -> None:
        self.divisions: tuple[Division, ...] = tuple(divisions)
        self.meta = meta or {}
        self.version: str = self.meta.get("version", "custom")
        self._by_code: dict[str, list[int]] = defaultdict(list)
        for i, d in enumerate(self.divisions):
            if d.adcode:
                self._by_code[d.adcode].append(i)
        self._aliases: dict[str, list[AliasHit]] = defaultdict(list)
        for key, lang, kind, idx in aliases:
            self._aliases[key].append(AliasHit(int(idx), kind, lang))
        self._provinces = {d.province_code: d for d in self.divisions if d.tier == "province"}

    # -- construction ---------------------------------------------------------------

    @classmethod
    def load(cls, path: Optional[Path] = None) -> "Gazetteer":
        """Load the committed snapshot (cached per process for the default path)."""
        if path is None:
            return _default()
        return cls._load(path)

    @classmethod
    def _load(cls, path: Path) -> "Gazetteer":
        files = [path / "divisions.json", path / "aliases.json", path / "meta.json"]
        if not all(f.exists() for f in files):
            raise ZhaimaoError(Errors.E001.format(path=path))
        table = json.loads(files[0].read_text(encoding="utf-8"))
        fields = table["fields"]
        divisions = [Division(**dict(zip(fields, row))) for row in table["rows"]]
        aliases = json.loads(files[1].read_text(encoding="utf-8"))["rows"]
        meta = json.loads(files[2].read_text(encoding="utf-8"))
        return cls(divisions, aliases, meta)

    @classmethod
    def from_divisions(cls, divisions: Sequence[Division]) -> "Gazetteer":
        """A small gazetteer for tests: names, stems and short forms, no pinyin table."""
        aliases = []
        for i, d in enumerate(divisions):
            aliases.append((d.name, "zh", "name", i))
            if d.stem != d.name:
                aliases.append((d.stem, "zh", "short" if d.tier == "province" else "stem", i))
            if d.name_en:
                aliases.append((en_key(d.name_en), "en", "english", i))
                aliases.append((en_key(d.name_en.rsplit(" ", 1)[0]), "en", "pinyin_stem", i))
        return cls(divisions, aliases, {"version": "test"})

    # -- simple access ----------------------------------------------------------------

    def __len__(self) -> int:
        return len(self.divisions)

    def by_adcode(self, adcode: str, on: DateLike = None) -> Optional[Division]:
        """The division with this code (the one valid on `on` when the code was reused)."""
        idx = self._by_code.get(adcode)
        if not idx:
            return None
        day = _as_date(on)
        valid = [self.divisions[i] for i in idx if self.divisions[i].valid_on(day)]
        return (valid or [self.divisions[i] for i in idx])[0]

    def province(self, value: str) -> Optional[Division]:
        """A province from its name, short name, English name or 2-digit code."""
        value = value.strip()
        if value[:2].isdigit():
            return self._provinces.get(value[:2])
        key = en_key(value) if is_latin(value) else value
        for hit in self._aliases.get(key, ()):
            d = self.divisions[hit.division]
            if d.tier == "province":
                return d
        return None

    def poverty_counties(self) -> list[Division]:
        return [d for d in self.divisions if d.poverty]

    def county_level(self, current_only: bool = True) -> list[Division]:
        return [d for d in self.divisions if d.tier == "county" and (d.current or not current_only)]

    def alias_keys(self, lang: str) -> Iterable[tuple[str, list[AliasHit]]]:
        """Every alias key of one language with its hits (for matchers and user dicts)."""
        for key, hits in self._aliases.items():
            mine = [h for h in hits if h.lang == lang]
            if mine:
                yield key, mine

    def hits(self, key: str) -> list[AliasHit]:
        """Alias hits for an exact key (already normalised: en_key for English)."""
        return self._aliases.get(key, [])

    def division(self, index: int) -> Division:
        return self.divisions[index]

    # -- ranking ------------------------------------------------------------------------

    def candidates(self, name: str, province: Optional[str] = None, on: DateLike = None,
                   lang: Optional[str] = None, prefecture: Optional[str] = None,
                   tiers: Optional[Iterable[str]] = None) -> list[Candidate]:
        """Ranked candidates for a name, best first, each with the reason for its rank.

        `province` (any form: 甘肃, 甘肃省, Gansu, 62) keeps candidates inside it when there
        are any; `on` prefers names in force on that date and reports renames;
        `prefecture` prefers units under it; `tiers` limits to county/prefecture/province.
        """
        day = _as_date(on)
        name = name.strip()
        latin = is_latin(name) if lang is None else lang == "en"
        key = en_key(name) if latin else name
        hits = [h for h in self._aliases.get(key, ()) if h.lang == ("en" if latin else "zh")]
        if not hits and latin:
            m = _AUTONOMOUS_EN.match(key)
            if m:  # "Weining Yi Hui and Miao Autonomous County" → "weining autonomous county"
                hits = [h for h in self._aliases.get(f"{m.group(1)} autonomous {m.group(2)}", ())
                        if h.lang == "en"]
        if not hits and not latin:
            simplified = to_simplified(name)  # 甘肅省 → 甘肃省
            if simplified != name:
                name, key = simplified, simplified
                hits = [h for h in self._aliases.get(key, ()) if h.lang == "zh"]
        if not hits and not latin:
            # 大化县 for 大化瑶族自治县: a suffixed short form not in the table is read by its stem.
            stem = county_stem(name)
            if stem != name and len(stem) >= 2:
                hits = [replace(h, kind="short") for h in self._aliases.get(stem, ())
                        if h.kind in ("stem", "stem_common") and self.divisions[h.division].tier == "county"]
        tier_set = set(tiers) if tiers else None
        prov = self.province(province) if province else None
        if province and prov is None:
            raise ZhaimaoError(Errors.E006.format(value=province))

        best: dict[int, Candidate] = {}
        for h in hits:
            d = self.divisions[h.division]
            if tier_set and d.tier not in tier_set:
                continue
            prior = KIND_PRIOR.get(h.kind, 0.5)
            if d.tier == "province" and h.kind in ("short", "pinyin"):
                prior = 1.0  # 甘肃 and Gansu name a province unambiguously
            score = prior
            why = [f"{h.kind.replace('_', ' ')} {name!r} of {d.name} ({d.adcode or 'no code'})"]
            notes: list[str] = []
            if prov is not None:
                if d.province_code == prov.province_code:
                    score += 0.3
                    why.append(f"in {prov.name} as given")
                else:
                    score -= 0.5
            if prefecture and (prefecture in d.prefecture or d.prefecture.startswith(prefecture)):
                score += 0.2
                why.append(f"under {d.prefecture}")
            if day is not None and not d.valid_on(day):
                score *= 0.5
                if d.valid_to and d.successor:
                    notes.append(f"{d.name} became {d.successor_name} ({d.successor}) "
                                 f"in {d.valid_to}")
                elif d.valid_to:
                    notes.append(f"{d.name} ceased in {d.valid_to}")
                elif d.valid_from:
                    notes.append(f"{d.name} took effect only in {d.valid_from}")
            elif day is not None and (d.valid_to or d.valid_from):
                why.append(f"name in force on {day.isoformat()}")
            if d.poverty:
                score += 0.05
                why.append("on the 832 list")
            if d.tier == "county":
                score += 0.01  # a bare stem names a county more often than a prefecture
            cand = Candidate(d, round(score, 6), name, h.kind, ", ".join(why), tuple(notes))
            if h.division not in best or best[h.division].score < cand.score:
                best[h.division] = cand

        # A name no longer in force on the date points to what the unit became.
        for cand in list(best.values()):
            d = cand.division
            if day is not None and d.successor and not d.valid_on(day):
                succ = self.by_adcode(d.successor, day)
                if succ is not None and not any(c.division is succ for c in best.values()):
                    idx = self._by_code[succ.adcode][0]
                    best[-1 - idx] = Candidate(
                        succ, round(cand.score / 0.5 * 0.95, 6), name, "successor",
                        f"{d.name} ({d.adcode}) became {succ.name} ({succ.adcode}) in "
                        f"{d.valid_to}; {succ.name} is the unit on {day.isoformat()}",
                        cand.notes)

        ranked = list(best.values())
        if prov is not None and any(c.division.province_code == prov.province_code for c in ranked):
            ranked = [c for c in ranked if c.division.province_code == prov.province_code]
        ranked.sort(key=lambda c: (-c.score, c.division.adcode, c.division.name))
        return ranked

    def lookup(self, name: str, province: Optional[str] = None, on: DateLike = None,
               lang: Optional[str] = None, prefecture: Optional[str] = None,
               tiers: Optional[Iterable[str]] = None) -> LookupResult:
        """Candidates plus a verdict: unique, ambiguous or not found, in words."""
        cands = self.candidates(name, province, on, lang, prefecture, tiers)
        if not cands:
            return LookupResult(name, (), False, f"{name!r} is not in the gazetteer")
        top = cands[0]
        tied = [c for c in cands if abs(c.score - top.score) < TIE
                and c.division.adcode != top.division.adcode]
        if tied:
            names = ", ".join(f"{c.division.name} {c.division.adcode}" for c in [top, *tied])
            return LookupResult(name, tuple(cands), True,
                                f"ambiguous: {name!r} may be {names}; name the province or use the full name")
        msg = top.reason
        if top.notes:
            msg += "; " + "; ".join(top.notes)
        return LookupResult(name, tuple(cands), False, msg)

    # -- facts --------------------------------------------------------------------------

    def info(self) -> dict:
        """Counts, batches, version and sources of this snapshot."""
        return {
            "version": self.version,
            "counts": self.meta.get("counts", {}),
            "exits_by_batch_year": self.meta.get("exits_by_batch_year", {}),
            "official_batches": self.meta.get("official_batches", {}),
            "still_listed_start_2020": sum(d.guapai_2020 for d in self.divisions),
            "built_with": self.meta.get("built_with", {}),
            "sources": self.meta.get("sources", []),
        }

    def provincial_list(self, province_name: str) -> Optional[dict]:
        """Quoted provincial totals (national + province-designated) for a province."""
        for row in self.meta.get("provincial_lists", []):
            if row["province"] == province_name:
                return row
        return None


@lru_cache(maxsize=1)
def _default() -> Gazetteer:
    return Gazetteer._load(models_dir() / "gazetteer" / GAZETTEER_SNAPSHOT)
