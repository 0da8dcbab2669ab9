"""English extraction: pinyin and romanised county names, English counts, dates and exit cues."""

from __future__ import annotations

import json

import pytest

import pipeline

from .conftest import ROOT, SEED

GOLDEN = ROOT / "tests" / "golden" / "seed-en-2020-11-21.json"


def _records(text: str, published: str | None = "2020-11-21") -> dict[str, object]:
    result = pipeline.extract(text, lang="en", published=published)
    return {r.county.adcode: r for r in result.records}


@pytest.fixture(scope="module")
def seed():
    return pipeline.extract(SEED.read_text(encoding="utf-8"), published="2020-11-21",
                            article_id="seed-en-2020-11-21")


def test_seed_matches_its_golden_file(seed) -> None:
    golden = json.loads(GOLDEN.read_text(encoding="utf-8"))
    got = sorted(({"adcode": r.county.adcode, "name": r.county.name, "status": r.status,
                   "date": r.date.value if r.date else None,
                   "granularity": r.date.granularity if r.date else None,
                   "authority": r.authority, "surface": r.surface} for r in seed.records),
                 key=lambda d: d["adcode"])
    assert got == golden["records"]
    assert [{"count": a.count, "province": a.province, "named": a.named, "lower_bound": a.lower_bound}
            for a in seed.aggregates if a.named < a.count] == golden["aggregates"]
    assert [list(c) for c in sorted({(c.value, c.unit) for c in seed.claims})] == golden["claims"]


def test_seed_has_exactly_the_twelve_exits(seed) -> None:
    gansu = {"622926", "622921", "621121", "621126"}
    guangxi = {"450225", "450226", "451026", "451028", "451031", "451225", "451229", "451228"}
    assert {r.county.adcode for r in seed.records} == gansu | guangxi
    assert all(r.status == "exited" for r in seed.records)
    for r in seed.records:
        expected = "2020-11-21" if r.county.adcode in gansu else "2020-11-20"
        assert (r.date.value, r.date.granularity) == (expected, "day"), r.county.name


def test_seed_gansu_aggregate_of_eight_with_four_named(seed) -> None:
    partial = [a for a in seed.aggregates if a.named < a.count]
    assert [(a.count, a.province, a.named, a.lower_bound) for a in partial] == [(8, "甘肃省", 4, True)]


def test_seed_claims_and_units(seed) -> None:
    pairs = {(c.value, c.unit) for c in seed.claims}
    for value in (75, 58, 67, 8, 54):
        assert (value, "county") in pairs
    assert (106, "county_unit") in pairs
    assert (5379, "village") in pairs
    assert (5379, "county") not in pairs


def test_seed_evidence_points_into_the_text(seed) -> None:
    text = SEED.read_text(encoding="utf-8")
    for r in seed.records:
        assert text[r.evidence.start:r.evidence.end] == r.evidence.text == r.surface
        assert r.evidence.text in r.evidence.sentence


@pytest.mark.parametrize(
    ("sentence", "expected"),
    [
        ("The Gansu provincial government approved the exit of Dongxiang County from the poverty list on Saturday.", "622926"),
        ("Linxia County in Gansu Province was removed from the list of poverty-stricken counties on Saturday.", "622921"),
        ("Min County in Gansu has been removed from the poverty list, the provincial government said on Saturday.", "621126"),
        ("The regional government approved the exit of Du'an Yao Autonomous County in Guangxi on Friday.", "451228"),
        ("Guangxi approved Duan County's withdrawal from the poverty list on Friday.", "451228"),
        ("Xinjiang removed Yarkant County from the poverty list on Saturday.", "653125"),
    ],
)
def test_county_names_link_to_adcodes(sentence: str, expected: str) -> None:
    assert expected in _records(sentence)


def test_linxia_county_is_never_linxia_city() -> None:
    records = _records("Gansu approved Linxia County's exit from the poverty list on Saturday. "
                       "Officials spoke at a press conference in Linxia City.")
    assert "622921" in records and "622901" not in records


def test_bare_stems_in_a_list_with_province_context() -> None:
    text = ("On November 20, the People's Government of Guangxi Zhuang Autonomous Region approved "
            "eight counties, Rongshui, Sanjiang, Napo, Leye, Longlin, Luocheng, Dahua and Du'an, "
            "to exit the list of poverty-stricken counties.")
    records = _records(text)
    assert set(records) == {"450225", "450226", "451026", "451028", "451031", "451225", "451229", "451228"}
    assert {r.authority for r in records.values()} == {"广西壮族自治区人民政府"}


def test_bare_stem_that_is_a_word_needs_context() -> None:
    # "Min" without a list, suffix or province is a name or a syllable, not 岷县.
    assert pipeline.extract("Min said the villages had been lifted out of poverty.", lang="en").records == []


@pytest.mark.parametrize(
    ("text", "value", "unit"),
    [
        ("Seventy-five poverty-stricken counties in the province have exited.", 75, "county"),
        ("Forty-one counties shook off poverty last year.", 41, "county"),
        ("the remaining eight impoverished counties", 8, "county"),
        ("a total of 5,379 poor villages", 5379, "village"),
        ("the 106 counties (cities, districts) with poverty alleviation tasks", 106, "county_unit"),
        ("in 21 provinces, autonomous regions, and municipalities", 21, "province"),
    ],
)
def test_counts_with_what_they_count(text: str, value: int, unit: str) -> None:
    claims = pipeline.extract(text, lang="en", published="2020-11-21").claims
    assert (value, unit) in {(c.value, c.unit) for c in claims}


@pytest.mark.parametrize("text", ["the 67th anniversary in 2019", "on November 21, 2020", "about 50 percent"])
def test_years_days_and_percentages_are_not_counts(text: str) -> None:
    assert pipeline.extract(text, lang="en", published="2020-11-21").claims == []


@pytest.mark.parametrize(
    ("text", "published", "value", "granularity"),
    [
        ("The Gansu provincial government announced on the 21st that Min County had exited the poverty list.",
         "2020-11-22", "2020-11-21", "day"),
        ("Gansu said on Saturday that Tongwei County had been removed from the poverty list.",
         "2020-11-23", "2020-11-21", "day"),
        ("Guangxi approved the exit of Napo County from the poverty list on November 20.",
         "2021-02-03", "2020-11-20", "day"),
    ],
)
def test_exit_dates_resolve_against_the_publication_date(text, published, value, granularity) -> None:
    (record,) = pipeline.extract(text, lang="en", published=published).records
    assert (record.date.value, record.date.granularity) == (value, granularity)


def test_by_the_end_of_2019_is_a_cutoff_not_an_approval_date() -> None:
    text = ("By the end of 2019, 67 counties had exited. On Saturday the provincial government approved "
            "the exit of Tongwei County from the poverty list.")
    result = pipeline.extract(text, lang="en", published="2020-11-21")
    (record,) = result.records
    assert record.date.value == "2020-11-21"
    (sixty_seven,) = [c for c in result.claims if c.value == 67]
    assert sixty_seven.as_of.value == "2019-12" and sixty_seven.cumulative


@pytest.mark.parametrize(
    "text",
    [
        "Yunnan has applied to remove Zhenxiong County from the poverty list, according to a public notice.",
        "Hebei plans to remove Weichang County from the poverty list, according to a public notice published on Friday.",
    ],
)
def test_proposals_are_proposed(text: str) -> None:
    records = pipeline.extract(text, lang="en", published="2020-02-22").records
    assert records and all(r.status == "proposed" for r in records)


@pytest.mark.parametrize(
    "text",
    [
        "Volunteers helped residents of Dongxiang County out of poverty by opening a noodle workshop.",
        "Nine counties in Yunnan, including Zhenxiong County, are still to be lifted out of poverty.",
        "The 52 counties under supervision include Nayong County and Weining County in Guizhou.",
        "Lixian County in Gansu removed 30 villages from the list of poor villages last year.",
        # leaving another programme or list, or an exit still to come
        "Napo County has exited a regional pilot scheme for rural e-commerce after its three-year trial.",
        "Yuanyang County was removed from a list of key counties for rural tourism this week.",
        "Napo County exits rural e-commerce pilot, but poverty exit still pending",
    ],
)
def test_no_exit_record_without_a_county_exit(text: str) -> None:
    assert pipeline.extract(text, lang="en", published="2020-06-12").records == []


def test_dateline_without_year_and_no_publication_date_is_a_problem() -> None:
    result = pipeline.extract("LANZHOU, Nov. 21 (Xinhua) -- Gansu approved the exit of Min County "
                              "from the poverty list on Saturday.", lang="en")
    assert result.article.published is None
    (record,) = result.records
    assert record.date is None
    assert any(p.code in ("W001", "W008") for p in result.problems)


@pytest.mark.parametrize("published", ["2020-11-22", "Nov 22, 2020", "2020/11/22 10:23", "2020年11月22日",
                                       "Sun, 22 Nov 2020 08:00:00 GMT"])
def test_publication_dates_in_archive_formats(published: str) -> None:
    result = pipeline.extract("Gansu approved the exit of Min County from the poverty list on the 21st.",
                              lang="en", published=published)
    assert str(result.article.published) == "2020-11-22"
    assert result.records[0].date.value == "2020-11-21"


def test_unreadable_publication_date_is_a_clear_error() -> None:
    from pipeline.errors import ZhaimaoError

    with pytest.raises(ZhaimaoError, match="E003"):
        pipeline.extract("Min County exited.", lang="en", published="sometime")


def test_batch_mode_skips_off_topic_articles_and_says_so() -> None:
    text = "The weather in Lanzhou was sunny on Saturday; 8 counties reported light rain."
    full = pipeline.extract(text, lang="en", published="2020-11-21")
    assert full.claims and not any(p.code == "W009" for p in full.problems)
    skipped = pipeline.extract(text, lang="en", published="2020-11-21", skip_off_topic=True)
    assert skipped.records == [] and skipped.claims == []
    assert [p.code for p in skipped.problems] == ["W009"]
    on_topic = pipeline.extract("Gansu approved the exit of Min County on Saturday.", lang="en",
                                published="2020-11-21", skip_off_topic=True)
    assert [r.county.adcode for r in on_topic.records] == ["621126"]


# -- aggregates: a number of counties reported as leaving the list ----------------------------

LIANGSHAN = ("Butuo, Puge, Zhaojue, Meigu, Jinyang, Xide and Yuexi")


def _unnamed(text: str, published: str = "2020-11-18") -> list[tuple[int, str]]:
    """(count, status) of the aggregates whose counties the article does not all name."""
    result = pipeline.extract(text, lang="en", published=published)
    return [(a.count, a.status) for a in result.aggregates if a.named < a.count]


def test_headline_number_is_named_by_the_story_below() -> None:
    text = ("Sichuan's last seven poverty-stricken counties leave the list\n\n"
            "CHENGDU, Nov. 17 -- The Sichuan provincial government on Tuesday approved the exit of "
            f"{LIANGSHAN} counties in the Liangshan Yi Autonomous Prefecture from the poverty list.")
    result = pipeline.extract(text, lang="en", published="2020-11-18")
    assert len(result.records) == 7
    assert _unnamed(text) == []
    assert [(a.count, a.named) for a in result.aggregates] == [(7, 7)]


def test_headline_number_with_part_of_its_counties_named_stays_an_aggregate() -> None:
    text = ("Sichuan's last seven poverty-stricken counties leave the list\n\n"
            "CHENGDU, Nov. 17 -- Sichuan on Tuesday approved the exit of its last seven poverty-stricken "
            "counties, among them Butuo and Zhaojue.")
    assert _unnamed(text) == [(7, "exited")]


def test_the_size_of_the_list_is_not_a_batch() -> None:
    text = (f"Sichuan approved the exit of {LIANGSHAN} counties on Tuesday. They were the last of the "
            "province's 66 state-level poverty-stricken counties to shake off poverty.")
    assert (66, "exited") not in _unnamed(text)


def test_background_exits_are_not_this_reports_exit() -> None:
    text = (f"Sichuan approved the exit of {LIANGSHAN} counties on Tuesday. The other 59 counties "
            "had left the poverty list in earlier batches.")
    assert _unnamed(text) == []


def test_earlier_this_month_is_a_date_not_background() -> None:
    text = ("Xinjiang said earlier this month that ten counties in the south of the region had exited "
            "the poverty list.")
    assert _unnamed(text, "2020-11-24") == [(10, "exited")]


def test_a_dash_list_names_the_counties_of_its_number() -> None:
    text = ("The seven counties -- " + LIANGSHAN.replace(" and ", ", ") + " -- were approved to exit "
            "the poverty list on Tuesday, the provincial government said.")
    result = pipeline.extract(text, lang="en", published="2020-11-18")
    assert [(a.count, a.named) for a in result.aggregates] == [(7, 7)]


@pytest.mark.parametrize("headline", [
    "Yunnan puts its last nine counties up for exit",
    "Yunnan's last nine poverty counties on exit notice",
])
def test_headline_proposals(headline: str) -> None:
    result = pipeline.extract(headline, lang="en", published="2020-11-03")
    assert [(a.count, a.status) for a in result.aggregates] == [(9, "proposed")]


def test_counties_still_in_the_battle_have_not_exited() -> None:
    text = ("Guizhou removed 24 counties from the poverty list on Tuesday, while nine deeply "
            "impoverished counties are still in the battle against poverty.")
    assert _unnamed(text, "2020-03-04") == [(24, "exited")]


def test_a_number_in_words_is_read_whole() -> None:
    text = ("China's yearly exit batches grew from twenty-eight counties in 2016 to one hundred "
            "and twenty-five in 2017.")
    values = {c.value for c in pipeline.extract(text, lang="en", published="2018-01-05").claims}
    assert 28 in values and 25 not in values


# -- autonomous units and nationalities ---------------------------------------------------------


@pytest.mark.parametrize("sentence, adcode", [
    ("Guizhou's Weining Yi, Hui and Miao Autonomous County has exited poverty.", "520526"),
    ("Ninglang Yi Autonomous County in Yunnan has exited poverty.", "530724"),
    ("Jishishan Bonan, Dongxiang and Salar Autonomous County in Gansu has exited poverty.", "622927"),
    ("Guanling Buyi and Miao Autonomous County has exited poverty.", "520424"),
    ("Horqin Right Wing Middle Banner in Inner Mongolia has exited poverty.", "152222"),
])
def test_autonomous_units_in_their_english_forms(sentence: str, adcode: str) -> None:
    result = pipeline.extract(sentence, lang="en", published="2020-11-24")
    assert [r.county.adcode for r in result.records] == [adcode]
    assert not [p for p in result.problems if p.code == "W002"]  # "Yi", "Hui" are not 易县, 徽县


def test_a_nationality_is_not_a_county() -> None:
    text = ("Sichuan removed Zhaojue County from the poverty list on Tuesday. Yi people make up most "
            "of its population, and Hui villagers run the county's beef trade.")
    result = pipeline.extract(text, lang="en", published="2020-11-18")
    assert [r.county.name for r in result.records] == ["昭觉县"]
    assert not [p for p in result.problems if p.code == "W002"]


def test_a_proposal_is_a_proposal_to_exit() -> None:
    text = ("Huayuan County in Hunan, where the targeted poverty alleviation strategy was first "
            "proposed, exited poverty in 2019.")
    assert [r.status for r in pipeline.extract(text, lang="en", published="2020-01-10").records] == ["exited"]


def test_a_count_over_several_provinces_has_no_one_province() -> None:
    text = "Forty-one counties in Henan, Hubei and Anhui shook off poverty in 2019, officials said last week."
    result = pipeline.extract(text, lang="en", published="2020-03-10")
    assert [(c.value, c.scope) for c in result.claims] == [(41, None)]
    assert [(a.count, a.province) for a in result.aggregates] == [(41, None)]
    one = pipeline.extract("Forty-one counties in Henan shook off poverty in 2019.", lang="en", published="2020-03-10")
    assert [(a.count, a.province) for a in one.aggregates] == [(41, "河南省")]


@pytest.mark.parametrize("text, published, expected", [
    # a prefecture in its own romanisation is not a county exit
    ("The last ten counties, among them Shache and Yecheng, were removed from the poverty list on "
     "Saturday. They lie in the prefectures of Kashgar and Hotan in southern Xinjiang.", "2020-11-15",
     ["叶城县", "莎车县"]),
    # a plan said of a county after the exit clause
    ("In March the regional government removed Haiyuan County and Tongxin County from the list, and Xiji "
     "County, the last one, is expected to be assessed later this year.", "2020-06-22", ["同心县", "海原县"]),
])
def test_only_the_counties_said_to_exit(text: str, published: str, expected: list[str]) -> None:
    result = pipeline.extract(text, lang="en", published=published)
    assert sorted(r.county.name for r in result.records) == expected


def test_obligation_is_not_an_exit() -> None:
    text = "Zhaojue County was among the 52 counties that still had to shake off poverty this year."
    assert pipeline.extract(text, lang="en", published="2020-06-01").records == []


@pytest.mark.parametrize("dateline", ["GUIYANG, Nov. 23, 2020 --", "GUIYANG, 23 November 2020 --"])
def test_a_wire_dateline_with_its_year_dates_the_article(dateline: str) -> None:
    result = pipeline.extract(f"{dateline} Guizhou announced on Monday that Ziyun County had exited poverty.",
                              lang="en")
    assert str(result.article.published) == "2020-11-23" and result.article.published_from == "text"
    assert [r.date.value for r in result.records] == ["2020-11-23"]


def test_each_clause_keeps_its_own_status() -> None:
    text = "Gansu removed 8 counties from the list last year, and the remaining 8 will exit this year."
    result = pipeline.extract(text, lang="en", published="2020-03-01")
    assert [(a.count, a.status) for a in result.aggregates] == [(8, "exited")]


def test_a_translated_wire_lead_with_byline_and_and_other() -> None:
    text = ("China News Service, Nanning, November 20 (Reporter Yang Chen) The Guangxi Zhuang Autonomous "
            "Region People's Government announced on the 20th that Rongshui Miao Autonomous County, Sanjiang "
            "Dong Autonomous County, Napo County and other 8 counties withdraw from the poverty-stricken "
            "county sequence.")
    result = pipeline.extract(text, lang="en", published="2020-11-20")
    # the reporter is not 洋县 (Yang County); the three names are part of the eight
    assert sorted(r.county.adcode for r in result.records) == ["450225", "450226", "451026"]
    assert {r.authority for r in result.records} == {"广西壮族自治区人民政府"}
    assert [(a.count, a.named, a.lower_bound) for a in result.aggregates] == [(8, 3, True)]


@pytest.mark.parametrize("byline", ["By Ma Lan |", "Editor: Li Qiang", "(Reporters Yang Chen and Li Hui)"])
def test_bylines_name_people_not_places(byline: str) -> None:
    result = pipeline.extract(f"{byline} Min County in Gansu exited poverty on Saturday.", lang="en",
                              published="2020-11-21")
    assert [r.county.adcode for r in result.records] == ["621126"]


# -- plans, statement dates and authorities as wire copy writes them -------------------------------


def test_expected_to_shake_off_poverty_is_a_plan_not_a_proposal() -> None:
    text = ("Guangxi has 33 counties on the national list. Those with the heaviest tasks, including "
            "Rongshui Miao Autonomous County, are expected to shake off poverty by 2020.")
    assert pipeline.extract(text, lang="en", published="2019-02-14").records == []


def test_the_day_a_statement_was_made_is_not_the_approval_date() -> None:
    text = ("The government of east China's Anhui Province has approved the exit of Lixin County from "
            "the poverty list this month, the provincial poverty alleviation office said Tuesday.")
    (record,) = pipeline.extract(text, lang="en", published="2019-04-30").records
    assert (record.date.value, record.date.granularity) == ("2019-04", "month")
    assert record.authority == "安徽省人民政府"


@pytest.mark.parametrize("body, expected", [
    ("the Ningxia Hui autonomous region government announced that Tongxin County had been removed "
     "from the list", "宁夏回族自治区人民政府"),
    ("the Leading Group of Poverty Alleviation and Development of Hunan Province published a public "
     "notice proposing that Anhua County exit the list", "湖南省扶贫开发领导小组"),
    ("The provincial government of Hunan approved the exit of Anhua County", "湖南省人民政府"),
])
def test_authorities_in_their_english_forms(body: str, expected: str) -> None:
    (record,) = pipeline.extract(f"On Monday {body}.", lang="en", published="2019-03-19").records
    assert record.authority == expected


def test_a_provincial_government_of_another_province_is_not_the_authority() -> None:
    text = ("The Shanxi provincial government approved the exit of Loufan County last month. Guizhou "
            "Province also removed Panzhou City from the list in April.")
    records = {r.county.name: r.authority for r in pipeline.extract(text, lang="en", published="2019-05-08").records}
    assert records == {"娄烦县": "山西省人民政府", "盘州市": None}


def test_a_national_announcement_in_the_lead_covers_the_lists_below() -> None:
    text = ("LHASA, Oct. 18 -- Twenty-five counties in Tibet have been removed from the poverty list, the "
            "State Council Leading Group Office of Poverty Alleviation and Development announced on Wednesday.\n\n"
            "The 25 include Bainang and Kangmar in Xigaze.\n\nThey were part of a group of 85 counties nationwide.\n\n"
            "In neighbouring Qinghai Province, seven counties exited at the same time, among them Gangca County.")
    records = {r.county.name: r.authority for r in pipeline.extract(text, lang="en", published="2018-10-18").records}
    assert records["刚察县"] == "国务院扶贫开发领导小组办公室"


@pytest.mark.parametrize("text, counts, parts", [
    ("Of Sichuan's 66 poverty-stricken counties, 45 were on the national list and 21 had been designated "
     "by the province.", {66, 45, 21}, {45, 21}),
    ("All 66 counties in the province - 45 designated by the State and 21 by the provincial government - "
     "have now exited.", {66, 45, 21}, {45, 21}),
    ("With the latest batch, 24 of Henan's 38 counties on the national list have shaken off poverty.",
     {24, 38}, {24}),
    ("Pingwu and other 17 national poverty counties withdraw, as do 13 provincial poverty counties.",
     {17, 13}, set()),
])
def test_the_parts_of_a_breakdown_are_counts_not_batches(text: str, counts: set[int], parts: set[int]) -> None:
    result = pipeline.extract(text, lang="en", published="2019-05-01")
    assert {c.value for c in result.claims if c.unit == "county"} == counts
    assert not parts & {a.count for a in result.aggregates if a.named == 0}


# -- more wire and feature English ---------------------------------------------------------------


@pytest.mark.parametrize("text, published, expected", [
    # "The Hebei list covers …": a list sentence with its own verb
    ("Eleven counties in Hebei have been removed from the national list of poverty-stricken counties. "
     "The Hebei list covers Pingshan, Yanshan and Fucheng counties, and Pingquan city in Chengde.",
     "2018-10-18", {"平山县", "盐山县", "阜城县", "平泉市"}),
    # "met the standards for leaving the list"; "taken 40 more counties off its list"
    ("The State Council's poverty alleviation office said on Aug. 17 that the 40, among them Wenchuan and "
     "Beichuan in Sichuan, had met the standards for leaving the list.", "2018-08-19", {"汶川县", "北川羌族自治县"}),
    # "the Long March" is not 陇县; "the city of Ji'an" is not 吉安县
    ("Jiangxi removed six counties from the list, among them Ruijin, where the Red Army began the Long "
     "March, and Wan'an and Yongxin in the city of Ji'an.", "2018-08-18", {"瑞金市", "万安县", "永新县"}),
    # "Longlin Various Nationalities autonomous county" is one name
    ("Guangxi approved the exit of Leye county and Longlin Various Nationalities autonomous county on Friday.",
     "2020-11-21", {"乐业县", "隆林各族自治县"}),
])
def test_wire_and_feature_forms(text: str, published: str, expected: set[str]) -> None:
    assert {r.county.name for r in pipeline.extract(text, lang="en", published=published).records} == expected


def test_set_to_leave_after_a_notice_is_a_proposal_and_preparing_is_not_an_exit() -> None:
    text = ("Ten counties in Jiangxi are set to leave the national list, according to a notice released on "
            "Friday. The ten are Huichang and Xunwu in Ganzhou.")
    assert {r.status for r in pipeline.extract(text, lang="en", published="2019-04-19").records} == {"proposed"}
    text = "Pengyang county lifted 2,300 people out of poverty as it prepares to apply next year to leave the list."
    assert pipeline.extract(text, lang="en", published="2018-12-20").records == []


def test_also_on_the_list_and_machine_translated_names() -> None:
    text = ("Fifteen counties in Yunnan have been removed from the national list, the State Council Leading Group "
            "Office of Poverty Alleviation and Development announced Wednesday. Also on the list are Mouding County "
            "and Yao'an County in Chuxiong.")
    assert {r.county.name for r in pipeline.extract(text, lang="en", published="2018-10-18").records} == {"牟定县", "姚安县"}
    text = "Among them, our province Zhuzhou Chalingxian and Huaihua Zhongfangxian withdraw from the poverty-stricken county sequence."
    assert {r.county.name for r in pipeline.extract(text, lang="en", published="2018-08-20").records} == {"茶陵县", "中方县"}


TABLE_STORY = [
    "On Wednesday the State Council Leading Group Office of Poverty Alleviation and Development announced that "
    "85 more counties had been approved to leave China's list of poverty-stricken counties.",
    "",
    "Three of them are in Guizhou. They are:",
    "",
    "County | Province | Year",
    "--- | --- | ---",
    *(f"{name} County | Guizhou | 2017" for name in ("Tongzi", "Fenggang", "Meitan")),
]


def test_a_table_under_an_intro_lists_its_counties() -> None:
    result = pipeline.extract("\n".join(TABLE_STORY), lang="en", published="2018-10-19")
    assert {r.county.name for r in result.records} == {"桐梓县", "凤冈县", "湄潭县"}
    assert {r.date.value for r in result.records} == {"2018-10-17"}  # the announcement, not the batch year


@pytest.mark.parametrize("text, expected", [
    ("In February, Jinggangshan in Jiangxi became the first county to be taken off the list.", ("2017-02", "month")),
    ("Menghai County (勐海县) and Mangshi (芒市), a county-level city in Yunnan, were removed from the list in "
     "April.", ("2017-04", "month")),
])
def test_more_english_forms_of_an_exit(text: str, expected: tuple[str, str]) -> None:
    records = pipeline.extract(text, lang="en", published="2017-05-02").records
    assert records and {(r.date.value, r.date.granularity) for r in records} == {expected}


def test_nationalities_inside_an_unmatched_autonomous_name_are_not_counties() -> None:
    text = ("Leishan County, in the Southeast Guizhou Miao and Dong autonomous prefecture, was removed from the "
            "poverty list in April.")
    assert [r.county.name for r in pipeline.extract(text, lang="en", published="2019-05-03").records] == ["雷山县"]


@pytest.mark.parametrize("text, expected", [
    # the Chinese name decides an English one that could be several units
    ("Weixian County (威县) in Hebei was removed from the list on Wednesday.", ["130533"]),
    # and stands on its own where the English is not in the gazetteer
    ("The county of Cangyuan (沧源佤族自治县) was removed from the list on Wednesday.", ["530927"]),
])
def test_a_chinese_name_in_parentheses_names_the_unit(text: str, expected: list[str]) -> None:
    result = pipeline.extract(text, lang="en", published="2018-10-18")
    assert [r.county.adcode for r in result.records] == expected


def test_a_name_written_a_syllable_per_word() -> None:
    text = "Among them, Zhuzhou Yan Ling County and Chenzhou Gui Dong County withdraw from the poverty-stricken county sequence."
    result = pipeline.extract(text, lang="en", published="2018-08-20")
    assert [(r.county.name, r.surface) for r in result.records] == [("炎陵县", "Yan Ling County"), ("桂东县", "Gui Dong County")]


def test_an_answer_approving_its_last_four_and_a_government_over_an_office() -> None:
    text = ("Q: Which counties left the list this week?\n\nA: On Tuesday, the Chongqing municipal government "
            "approved its last four: Chengkou and Wuxi counties in the north-east of the municipality.")
    records = pipeline.extract(text, lang="en", published="2020-02-29").records
    assert {(r.county.name, r.date.value) for r in records} == {("城口县", "2020-02-25"), ("巫溪县", "2020-02-25")}
    text = ("The People's Government of Shaanxi Province has approved the exit of 23 counties on Tuesday.\n\n"
            "The exits follow checks organized by the Shaanxi Provincial Leading Group of Poverty Alleviation and "
            "Development.\n\nThe counties approved to exit include Zhouzhi County and Yijun County.")
    records = pipeline.extract(text, lang="en", published="2019-05-08").records
    assert {r.authority for r in records} == {"陕西省人民政府"}
