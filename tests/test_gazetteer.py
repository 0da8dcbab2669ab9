"""The gazetteer: snapshot integrity, the 832, aliases, history and ambiguity."""

from __future__ import annotations

import filecmp
from pathlib import Path

import pytest

from pipeline.config import GAZETTEER_SNAPSHOT
from pipeline.gazetteer import Division, Gazetteer
from pipeline.gazetteer.build import build
from pipeline.gazetteer.names import county_stem, en_key

from .conftest import ROOT, RAW

SNAPSHOT = ROOT / "models" / "gazetteer" / GAZETTEER_SNAPSHOT


def test_snapshot_regenerates_without_drift(tmp_path: Path) -> None:
    built = build(RAW, tmp_path)
    for name in ("divisions.json", "aliases.json", "meta.json"):
        assert filecmp.cmp(built / name, SNAPSHOT / name, shallow=False), (
            f"{name} drifted from the raw tables: run `zhaimao gazetteer build` and commit")


def test_counts(gaz: Gazetteer) -> None:
    info = gaz.info()
    assert info["counts"]["county_level_current"] >= 2840
    assert info["counts"]["poverty_counties"] == 832
    assert len(gaz.poverty_counties()) == 832
    assert info["still_listed_start_2020"] == 52
    assert sum(info["exits_by_batch_year"].values()) == 832


def _stem_in_province(gaz: Gazetteer, stem: str, province: str) -> list[str]:
    return [c.division.adcode or c.division.name for c in gaz.candidates(stem, province=province)]


def test_every_poverty_county_found_by_official_name(gaz: Gazetteer, poverty_rows) -> None:
    missed = []
    for row in poverty_rows:
        cands = gaz.candidates(row["county"], province=row["province"])
        if not cands or cands[0].division.name != row["county"] or cands[0].division.adcode != row["adcode"]:
            missed.append(row["county"])
    assert missed == []


def test_every_poverty_county_found_by_stem_within_province(gaz: Gazetteer, poverty_rows) -> None:
    missed = []
    for row in poverty_rows:
        stem = county_stem(row["county"])
        found = [c.division.name for c in gaz.candidates(stem, province=row["province"])]
        if row["county"] not in found:
            missed.append((stem, row["county"]))
    assert missed == []


def test_every_poverty_county_found_by_pinyin_within_province(gaz: Gazetteer, poverty_rows) -> None:
    missed = []
    for row in poverty_rows:
        div = next(d for d in gaz.poverty_counties() if d.name == row["county"] and d.province == row["province"])
        stem_en = div.name_en.rsplit(" ", 1)[0] if div.level not in ("行委", "林区", "特区") else div.name_en.split(" ")[0]
        found = [c.division.name for c in gaz.candidates(stem_en, province=row["province"])]
        if row["county"] not in found:
            missed.append((stem_en, row["county"]))
    assert missed == []


@pytest.mark.parametrize(
    ("name", "province", "on", "expected"),
    [
        ("岷县", None, None, "621126"),
        ("都安", "广西", None, "451228"),
        ("都安县", None, None, "451228"),
        ("东乡县", None, None, "622926"),
        ("东乡", "甘肃", None, "622926"),
        ("临夏县", None, None, "622921"),
        ("临夏市", None, None, "622901"),
        ("Linxia County", None, None, "622921"),
        ("Linxia City", None, None, "622901"),
        ("Min County", None, None, "621126"),
        ("Dongxiang Autonomous County", None, None, "622926"),
        ("Duan County", None, None, "451228"),
        ("Du’an", None, None, "451228"),
        ("大化县", None, None, "451229"),
        ("大同县", None, "2017-06-01", "140227"),
        ("大同县", None, "2020-01-01", "140215"),
        ("上饶县", None, "2017-06-01", "361121"),
        ("崇礼县", None, "2015-06-01", "130733"),
        ("三江", "广西", None, "450226"),
        ("东乡", "江西", None, "361003"),
        ("甘肅省", None, None, "620000"),
        ("東鄉族自治縣", None, None, "622926"),
        ("Inner Mongolia", None, None, "150000"),
        ("Xinjiang Uygur Autonomous Region", None, None, "650000"),
        # nationalities in English names, minority-area romanisations, banner forms
        ("Weining Yi Hui and Miao Autonomous County", None, None, "520526"),
        ("Liangshan Yi Autonomous Prefecture", None, None, "513400"),
        ("Horqin Right Wing Middle Banner", None, None, "152222"),
        ("Kashgar Prefecture", None, None, "653100"),
        ("Xigaze", None, None, "540200"),
        ("Xilingol League", None, None, "152500"),
        ("塔什库尔干县", None, None, "653131"),
    ],
)
def test_lookup_resolves(gaz: Gazetteer, name, province, on, expected) -> None:
    result = gaz.lookup(name, province=province, on=on)
    assert result.best is not None, result.message
    assert result.best.division.adcode == expected, result.message


def test_lookup_wei_in_hebei_is_ambiguous_between_two_counties(gaz: Gazetteer) -> None:
    result = gaz.lookup("Wei", province="河北")
    assert result.ambiguous
    codes = {c.division.adcode for c in result.candidates}
    assert {"130434", "130533"} <= codes
    assert "ambiguous" in result.message


def test_lookup_linxia_county_never_returns_linxia_city(gaz: Gazetteer) -> None:
    for query in ("临夏县", "Linxia County"):
        assert "622901" not in {c.division.adcode for c in gaz.candidates(query)}


def test_renamed_unit_reports_its_successor(gaz: Gazetteer) -> None:
    result = gaz.lookup("大同县", on="2020-01-01")
    assert "云州区" in result.message and "140215" in result.message


def test_bare_stem_in_two_provinces_prefers_the_poverty_county_and_keeps_the_other(gaz: Gazetteer) -> None:
    result = gaz.lookup("东乡")
    codes = [c.division.adcode for c in result.candidates]
    assert codes[0] == "622926" and "361003" in codes
    assert "832 list" in result.candidates[0].reason


def test_two_poverty_counties_with_one_stem_tie(gaz: Gazetteer) -> None:
    # 临夏县 and 临夏市 are both on the 832 list: a bare 临夏 cannot be decided.
    result = gaz.lookup("临夏")
    assert result.ambiguous and result.best is None


@pytest.mark.parametrize(
    ("name", "stem"),
    [("都安瑶族自治县", "都安"), ("东乡族自治县", "东乡"), ("威宁彝族回族苗族自治县", "威宁"),
     ("岷县", "岷"), ("神农架林区", "神农架"), ("莫力达瓦达斡尔族自治旗", "莫力达瓦"),
     ("鄂伦春自治旗", "鄂伦春"), ("积石山保安族东乡族撒拉族自治县", "积石山"), ("云州区", "云州"),
     ("塔什库尔干塔吉克自治县", "塔什库尔干"), ("察布查尔锡伯自治县", "察布查尔"), ("和布克赛尔蒙古自治县", "和布克赛尔")],
)
def test_county_stem(name: str, stem: str) -> None:
    assert county_stem(name) == stem


@pytest.mark.parametrize("variant", ["Du'an", "Duan", "DU-AN", "Du’an", "du an"])
def test_english_keys_fold_apostrophes_and_case(variant: str) -> None:
    assert en_key(variant).replace(" ", "") == "duan"


def test_small_gazetteer_from_fixture_rows() -> None:
    rows = [
        Division("620000", "甘肃省", "甘肃", "省", "province", "甘肃省", "62"),
        Division("621126", "岷县", "岷", "县", "county", "甘肃省", "62", "定西市", "621100",
                 name_en="Min County", poverty=True, exit_year=2020),
    ]
    g = Gazetteer.from_divisions(rows)
    assert g.lookup("岷县").best.division.adcode == "621126"
    assert g.lookup("Min County").best.division.adcode == "621126"
    assert g.province("甘肃").adcode == "620000"
