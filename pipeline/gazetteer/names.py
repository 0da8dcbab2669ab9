"""Name forms shared by the build and the runtime: stems, short forms, alias keys."""

from __future__ import annotations

import re
import unicodedata

#: The 55 minority nationalities as they appear inside autonomous-unit names, longest
#: first so that 布依族 is stripped before 依 could be misread.
ETHNIC = sorted(
    """蒙古 回 藏 维吾尔 苗 彝 壮 布依 朝鲜 满 侗 瑶 白 土家 哈尼 哈萨克 傣 黎 傈僳 佤 畲 高山
    拉祜 水 东乡 纳西 景颇 柯尔克孜 土 达斡尔 仫佬 羌 布朗 撒拉 毛南 仡佬 锡伯 阿昌 普米 塔吉克
    怒 乌孜别克 俄罗斯 鄂温克 德昂 保安 裕固 京 塔塔尔 独龙 鄂伦春 赫哲 门巴 珞巴 基诺 各""".split(),
    key=len,
    reverse=True,
)

_COUNTY_SUFFIXES = ("行政委员会", "林区", "特区", "行委", "县", "市", "区", "旗")
_PREF_SUFFIXES = ("地区", "市", "盟", "州")
_PROV_SUFFIXES = ("特别行政区", "自治区", "省", "市")


def strip_ethnic(base: str) -> str:
    """Remove trailing nationality designations: 威宁彝族回族苗族 → 威宁, 东乡族 → 东乡."""
    changed = True
    while changed:
        changed = False
        for eth in ETHNIC:
            suffix = eth + "族"
            if base.endswith(suffix) and len(base) > len(suffix):
                base = base[: -len(suffix)]
                changed = True
                break
    if base.endswith("族") and len(base) > 2:
        # 东乡族自治县: the nationality is the place name itself; keep 东乡.
        base = base[:-1]
    # Some names write the nationality without 族: 伊犁哈萨克自治州, 塔什库尔干塔吉克自治县,
    # 博尔塔拉蒙古自治州 (only names of two or more characters: 回, 白, 水 are too common).
    for eth in ETHNIC:
        if len(eth) >= 2 and base.endswith(eth) and len(base) >= len(eth) + 2:
            return strip_ethnic(base[: -len(eth)])
    return base


def county_stem(name: str) -> str:
    """Short name of a county-level unit: 都安瑶族自治县 → 都安, 岷县 → 岷, 神农架林区 → 神农架."""
    for auto in ("自治县", "自治旗"):
        if name.endswith(auto):
            return strip_ethnic(name[: -len(auto)]) or name
    for suf in _COUNTY_SUFFIXES:
        if name.endswith(suf) and len(name) > len(suf):
            return name[: -len(suf)]
    return name


def prefecture_stem(name: str) -> str:
    """Short name of a prefecture: 临夏回族自治州 → 临夏, 定西市 → 定西, 锡林郭勒盟 → 锡林郭勒."""
    if name.endswith("自治州"):
        return strip_ethnic(name[:-3]) or name
    for suf in _PREF_SUFFIXES:
        if name.endswith(suf) and len(name) > len(suf) + 1:
            return name[: -len(suf)]
    return name


def province_stem(name: str) -> str:
    """Short name of a province: 广西壮族自治区 → 广西, 甘肃省 → 甘肃, 重庆市 → 重庆."""
    for suf in _PROV_SUFFIXES:
        if name.endswith(suf):
            base = name[: -len(suf)]
            return strip_ethnic(base) if suf == "自治区" else base
    return name


_APOSTROPHES = re.compile(r"['’‘`ʼ\-‐‑–]")
_SPACES = re.compile(r"\s+")


def en_key(text: str) -> str:
    """Key for English names: lower case, no apostrophes or hyphens, ü → u.

    Du'an, Duan, DU-AN and Du’an share the key `duan`; spaces between words stay, so
    "Min County" (岷县) and "Min" (any unit whose stem reads min) are different keys.
    """
    text = unicodedata.normalize("NFKD", text)
    text = "".join(ch for ch in text if not unicodedata.combining(ch))
    text = _APOSTROPHES.sub("", text.lower())
    return _SPACES.sub(" ", text).strip()


def is_latin(text: str) -> bool:
    """True when the name is written in Latin letters (an English or pinyin form)."""
    return any("a" <= ch.lower() <= "z" for ch in text) and not any(
        "\u4e00" <= ch <= "\u9fff" for ch in text
    )


_T2S = None


def to_simplified(text: str) -> str:
    """Traditional → simplified with OpenCC (created once per process)."""
    global _T2S
    if _T2S is None:
        import opencc

        _T2S = opencc.OpenCC("t2s")
    return _T2S.convert(text)
