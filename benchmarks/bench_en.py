"""English throughput against spaCy's blank tokenizer, load time and peak memory of the zhaimao pipeline (a report, not a test).

    python benchmarks/bench_en.py                  # ~2.1 MB corpus, seed 0
    python benchmarks/bench_en.py --chars 500000   # a quicker look
    python benchmarks/bench_en.py --profile        # and the hot spots of one pipeline pass

The corpus is generated here, deterministically from the seed: wire-story, newspaper and
translated-notice templates written for this benchmark, filled with real counties of the
poverty list (English names, provinces, prefectures, batch years) from the gazetteer —
approvals, public notices, national announcements, background exits, counts written in
digits and words ("5,379 villages", "eight counties"), dates in wire style ("Nov. 21",
"on Saturday", "last year"), features, page furniture and articles that report no exit.
Dates of approval are plausible but synthetic: the corpus measures speed and memory, never
accuracy.

Measured in one run: `spacy.blank("en").tokenizer` over the texts (a fresh one per pass, so its
token cache starts cold as in a one-pass batch; best of three passes)
and `pipeline.extract(..., lang="en")` per article (one pass, after `pipeline.load("en")`),
both in characters per second; `pipeline.load("en")` in fresh interpreters (median of three);
the peak RSS of a fresh interpreter that loads the pipeline and extracts every article.
Target: throughput ≥ 0.4× the blank tokenizer.
"""

from __future__ import annotations

import argparse
import datetime as dt
import random
import sys
from pathlib import Path
from typing import Any, Optional

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from _measure import Article, chars_per_second, county_groups, hot_spots, measure_pipeline, report  # noqa: E402

# -- templates ------------------------------------------------------------------------------

TITLES = [
    "{n_words_cap} counties in {prov} shake off poverty",
    "{prov} removes {first} and {n_minus} others from poverty list",
    "{first} among {n_counties} to exit poverty in {prov}",
    "{prov_desc} declares {n_counties} free of absolute poverty",
    "Last impoverished counties in {prov} lifted out of poverty",
    "Public notice: {n_counties} in {prov} proposed for exit",
]
APPROVALS = [
    "{city_caps}, {mon} {d} (Xinhua) -- {prov_desc} said on {weekday} that {names} had been removed from the list of impoverished counties.",
    "The {prov} Provincial Government has approved the exit of {n_counties} from the poverty list, including {names}, according to a statement released on {mon} {d}.",
    "{names} {have} shaken off poverty after a third-party assessment, authorities in {prov} said on {weekday}.",
    "After a public notice period with no objections, the government of {prov} approved {names} to withdraw from the poverty county sequence on {month_full} {d}, {y}.",
    "{prov} announced on {mon} {d} that {n_words} more counties, {names}, had officially exited poverty, the provincial poverty alleviation office said.",
]
NOTICES = [
    "The poverty alleviation office of {prov} on {weekday} published a list of {n_counties} proposed to exit poverty, including {names}, with a public notice period of seven days.",
    "{names} {have} met the standards for removal from the poverty list and will be delisted after a seven-day public notice, the {prov} poverty alleviation and development office said.",
]
NATIONAL = [
    "The State Council Leading Group Office of Poverty Alleviation and Development announced on {mon} {d} that {names}, in {prov}, had been removed from the list.",
    "China's poverty relief authorities said on {weekday} that {n_counties} including {names} had exited the national poverty list.",
]
NO_EXIT = [
    "{names} {are} among the {n_words} counties in {prov} still on the national poverty list and under special supervision this year.",
    "{prov} plans to lift {names} out of poverty by the end of {pub_y}, officials said, as the province races to meet the deadline.",
    "The provincial government allocated {funds} billion yuan to {names}, which have yet to shake off poverty.",
    "Tourists flocked to scenic spots in {first} during the National Day holiday, local authorities said.",
]
BACKGROUND = [
    "By the end of {y0_prev}, {done} of the province's {total} poverty-stricken counties had shaken off poverty, leaving {left}.",
    "{first} was put on the province's exit plan in {y0} and passed its county-level self-assessment that winter.",
    "Earlier, {small} counties in {pref_en} had left the list.",
    "Last year, the province lifted {small} counties out of poverty.",
]
COUNTS = [
    "{prov} had {total} impoverished counties, {national} of them on the national list and {extra} designated by the province.",
    "A total of {villages:,} impoverished villages and {people} million rural residents in the province have been lifted out of poverty.",
    "The poverty headcount ratio in {first} fell from {r1} percent to {r2} percent, according to the assessment.",
    "Some {households:,} households, or {persons:,} people, in the county were registered as poor in 2014.",
    "Of the {units} counties, cities and districts with poverty alleviation tasks, {done} have now exited.",
]
FEATURES = [
    "In {village} village of {first}, rows of new greenhouses line the hillside. The village cooperative grew chili peppers on "
    "{mu} mu of land this year, raising the income of {small} poor households by {money} yuan each, the village Party secretary said.",
    "At a relocation site in {first}, {small} new apartment blocks house families who moved down from the mountains, with a "
    "kindergarten, a clinic and a workshop on site. \"We used to be cut off whenever it rained,\" said resident {name}. "
    "\"Now I can work downstairs and earn more than 2,000 yuan a month.\"",
    "{first} lies in the {terrain}, where poor roads and weak industries long held back development. Since the campaign began, "
    "the county has built or upgraded {km:,} kilometers of rural roads.",
    "The county has developed {crop}, herbal medicine and beef cattle, fostering {small} leading enterprises and {coops} farmers' "
    "cooperatives so that every poor household takes part in at least one industry.",
    "Online sales of {crop} from {first} topped {money2:,} thousand yuan this year, said the head of the county's e-commerce center.",
    "Officials said exiting the list is a new starting point rather than the end, and that the counties will keep their support "
    "policies for a transition period to prevent people from slipping back into poverty.",
    "Education and health programs have also played a part: no child of compulsory school age in the county has dropped out "
    "because of poverty, and all registered poor residents are covered by basic medical insurance.",
]
HEADERS = [
    "Home > News > China",
    "Updated: {mon} {d}, {y} {hh}:{mi}  Source: {source}",
    "By {reporter} | {source} | Updated: {pub_iso}",
]
FOOTERS = [
    "Editor: {reporter}",
    "Share: WeChat Weibo Facebook Twitter LinkedIn",
    "Related: {other} boosts tea industry | Harvest festival held in {other_pref}",
    "Copyright {source}. All rights reserved. Reproduction without permission is prohibited.",
]

SOURCES = ["Xinhua", "China Daily", "CGTN", "ECNS", "People's Daily Online", "Global Times"]
REPORTERS = ["Wang Lin", "Li Qiang", "Zhang Min", "Liu Yang", "Chen Jing", "Ma Xiaoning"]
CROPS = ["Sichuan pepper", "apples", "potatoes", "tea", "walnuts", "passion fruit", "mushrooms", "kiwifruit"]
TERRAIN = ["Liupan Mountains", "Wumeng Mountains", "Qinling-Daba Mountains", "Wuling Mountains", "Dabie Mountains",
           "Loess Plateau"]
NAMES = ["Ma Lan", "Li Fuquan", "Yang Xiuying", "Wang Jianguo"]
VILLAGES = ["Hongxing", "Guangming", "Xinhua", "Shengli", "Tuanjie", "Heping"]
PROVINCE_EN = {
    "河北省": ("Hebei", "North China's Hebei Province", "SHIJIAZHUANG"),
    "山西省": ("Shanxi", "North China's Shanxi Province", "TAIYUAN"),
    "内蒙古自治区": ("Inner Mongolia", "North China's Inner Mongolia Autonomous Region", "HOHHOT"),
    "吉林省": ("Jilin", "Northeast China's Jilin Province", "CHANGCHUN"),
    "黑龙江省": ("Heilongjiang", "Northeast China's Heilongjiang Province", "HARBIN"),
    "安徽省": ("Anhui", "East China's Anhui Province", "HEFEI"),
    "江西省": ("Jiangxi", "East China's Jiangxi Province", "NANCHANG"),
    "河南省": ("Henan", "Central China's Henan Province", "ZHENGZHOU"),
    "湖北省": ("Hubei", "Central China's Hubei Province", "WUHAN"),
    "湖南省": ("Hunan", "Central China's Hunan Province", "CHANGSHA"),
    "广西壮族自治区": ("Guangxi", "South China's Guangxi Zhuang Autonomous Region", "NANNING"),
    "海南省": ("Hainan", "South China's Hainan Province", "HAIKOU"),
    "重庆市": ("Chongqing", "Southwest China's Chongqing Municipality", "CHONGQING"),
    "四川省": ("Sichuan", "Southwest China's Sichuan Province", "CHENGDU"),
    "贵州省": ("Guizhou", "Southwest China's Guizhou Province", "GUIYANG"),
    "云南省": ("Yunnan", "Southwest China's Yunnan Province", "KUNMING"),
    "西藏自治区": ("Tibet", "Southwest China's Tibet Autonomous Region", "LHASA"),
    "陕西省": ("Shaanxi", "Northwest China's Shaanxi Province", "XI'AN"),
    "甘肃省": ("Gansu", "Northwest China's Gansu Province", "LANZHOU"),
    "青海省": ("Qinghai", "Northwest China's Qinghai Province", "XINING"),
    "宁夏回族自治区": ("Ningxia", "Northwest China's Ningxia Hui Autonomous Region", "YINCHUAN"),
    "新疆维吾尔自治区": ("Xinjiang", "Northwest China's Xinjiang Uygur Autonomous Region", "URUMQI"),
}
MON = ["Jan.", "Feb.", "March", "April", "May", "June", "July", "Aug.", "Sept.", "Oct.", "Nov.", "Dec."]
WORDS = ["zero", "one", "two", "three", "four", "five", "six", "seven", "eight", "nine", "ten", "eleven", "twelve"]


def _join(names: list[str]) -> str:
    return names[0] if len(names) == 1 else ", ".join(names[:-1]) + " and " + names[-1]


def _approval(rng: random.Random, batch: int) -> dt.date:
    if batch == 2020:
        return dt.date(2020, 11, rng.randint(10, 23))
    return dt.date(batch + 1, 2, 20) + dt.timedelta(days=rng.randint(0, 90))


def _prefecture_en(pref: str) -> str:
    """A readable English form of a prefecture name for page furniture (pinyin of the stem)."""
    from pypinyin import lazy_pinyin

    for suffix in ("自治州", "地区", "市", "盟"):
        if pref.endswith(suffix):
            pref = pref[: -len(suffix)]
            break
    return "".join(lazy_pinyin(pref[:2])).capitalize()


def generate(target_chars: int, seed: int = 0) -> list[Article]:
    """Articles {"text", "published"} until `target_chars` characters, deterministically from `seed`."""
    rng = random.Random(seed)
    counties, groups, keys, by_province = county_groups()
    articles: list[Article] = []
    total = 0
    while total < target_chars:
        province, batch = keys[rng.randrange(len(keys))]
        pool = groups[(province, batch)]
        chosen = rng.sample(pool, min(len(pool), rng.choice([1, 1, 2, 3, 4, 5, 6, 8])))
        names = [d.name_en for d in chosen]
        if rng.random() < 0.3:
            # "Dongxiang, Linxia and Minxian counties": the stems, with the kind said once.
            names = [n.rsplit(" ", 1)[0] for n in names]
            names[-1] += " counties" if len(names) > 1 else " County"
        approval = _approval(rng, batch)
        published: Optional[dt.date] = approval + dt.timedelta(days=rng.choice([0, 0, 1, 1, 2, 3, 7, 30, 365]))
        prov, prov_desc, city = PROVINCE_EN[province]
        nat = by_province[province]
        extra = rng.choice([0, 8, 17, 21])
        other = rng.choice(counties)
        k = len(chosen)
        f: dict[str, Any] = {
            "prov": prov, "prov_desc": prov_desc, "city_caps": city, "first": chosen[0].name_en,
            "names": _join(names), "n_counties": f"{WORDS[k] if k < 13 else k} counties" if k > 1 else "one county",
            "n_words": WORDS[k] if k < 13 else str(k), "n_words_cap": (WORDS[k] if k < 13 else str(k)).capitalize(),
            "n_minus": max(k - 1, 1), "have": "have" if k > 1 else "has", "are": "are" if k > 1 else "is",
            "y": approval.year, "d": approval.day, "mon": MON[approval.month - 1],
            "month_full": approval.strftime("%B"), "weekday": approval.strftime("%A"),
            "y0": batch, "y0_prev": batch - 1, "pub_y": published.year, "pub_iso": published.isoformat(),
            "total": nat + extra, "national": nat, "extra": extra, "done": rng.randint(1, nat),
            "left": rng.randint(1, 20), "units": nat + extra + rng.randint(0, 30), "small": rng.randint(2, 40),
            "villages": rng.randint(200, 7000), "people": round(rng.uniform(0.5, 9), 2),
            "r1": round(rng.uniform(10, 40), 1), "r2": round(rng.uniform(0.3, 2.9), 2),
            "households": rng.randint(1000, 40000), "persons": rng.randint(4000, 160000),
            "funds": rng.randint(1, 30), "village": rng.choice(VILLAGES), "mu": rng.randint(100, 5000),
            "money": rng.randint(800, 9000), "money2": rng.randint(100, 9000), "name": rng.choice(NAMES),
            "terrain": rng.choice(TERRAIN), "crop": rng.choice(CROPS), "coops": rng.randint(20, 900),
            "km": rng.randint(300, 5000), "pref_en": _prefecture_en(chosen[0].prefecture),
            "hh": f"{rng.randint(6, 22):02d}", "mi": f"{rng.randint(0, 59):02d}",
            "source": rng.choice(SOURCES), "reporter": rng.choice(REPORTERS),
            "other": other.name_en, "other_pref": _prefecture_en(other.prefecture),
        }
        kind = rng.random()
        lead_pool = (NO_EXIT if kind < 0.15 else NOTICES if kind < 0.25 else NATIONAL if kind < 0.33
                     else APPROVALS)
        parts: list[str] = []
        if rng.random() < 0.5:
            parts += [rng.choice(HEADERS).format(**f)]
        parts.append(rng.choice(TITLES).format(**f))
        parts.append(rng.choice(lead_pool).format(**f))
        body = rng.sample(FEATURES, rng.randint(2, 4)) + rng.sample(COUNTS, rng.randint(1, 3)) \
            + rng.sample(BACKGROUND, rng.randint(0, 2))
        rng.shuffle(body)
        parts += [b.format(**f) for b in body]
        if rng.random() < 0.6:
            parts += [x.format(**f) for x in rng.sample(FOOTERS, rng.randint(1, 3))]
        text = "\n\n".join(parts)
        if rng.random() < 0.1:
            published = None
        articles.append({"text": text, "published": published.isoformat() if published else None})
        total += len(text)
    return articles


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--chars", type=int, default=2_100_000, help="corpus size in characters (default 2.1M)")
    ap.add_argument("--seed", type=int, default=0)
    ap.add_argument("--profile", action="store_true", help="also print the hot spots of one pipeline pass")
    args = ap.parse_args()

    import spacy

    articles = generate(args.chars, args.seed)
    texts = [a["text"] for a in articles]
    chars = sum(len(t) for t in texts)

    tok_rate, tok_s = chars_per_second(texts, lambda: spacy.blank("en").tokenizer, repeat=3)

    m = measure_pipeline(articles, "en")
    pipe_s, pipe_rate, load, child = m["pipe_s"], m["pipe_rate"], m["load"], m["child"]

    ratio = pipe_rate / tok_rate
    report(f"zhaimao en benchmark: {len(articles):,} articles, {chars:,} characters ({chars / 1e6:.1f} MB), seed {args.seed}", [
        ("spaCy blank en tokenizer", f"{tok_rate:,.0f} chars/s", f"({tok_s:.2f} s per pass, best of 3)"),
        ("pipeline.extract en", f"{pipe_rate:,.0f} chars/s", f"({pipe_s:.2f} s, {len(articles) / pipe_s:,.0f} articles/s)"),
        ("ratio pipeline / tokenizer", f"{ratio:.3f}x", "target >= 0.4x " + ("OK" if ratio >= 0.4 else "BELOW")),
        ("load en (fresh process)", f"{load['load_s']:.2f} s", ""),
        ("whole fresh process", f"{load['process_s']:.2f} s", "(interpreter start, import, load, exit)"),
        ("RSS after load", f"{load['loaded_rss_mib']:.0f} MiB", ""),
        ("peak RSS, load + run corpus", f"{child['maxrss_mib']:.0f} MiB", ""),
        ("  (RUSAGE_CHILDREN max)", f"{child['children_maxrss_mib']:.0f} MiB", ""),
        ("  child's own rate", f"{child['chars_per_s']:,.0f} chars/s", "(cross-check)"),
    ])
    if args.profile:
        print()
        print(hot_spots(articles[: max(200, len(articles) // 4)], "en"))


if __name__ == "__main__":
    main()
