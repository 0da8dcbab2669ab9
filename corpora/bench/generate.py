"""Generate a synthetic news archive (JSONL) for benchmarks by recombining report templates with real county facts.

    python corpora/bench/generate.py 20000 -o bench.jsonl.gz --seed 0

Each article names one to eight national poverty counties of one province and batch
year, taken from `models/gazetteer/raw/poverty_counties.csv` (real names, provinces,
batch years), in a Chinese or an English template with background paragraphs of
realistic length (counts of villages and people, funding, follow-up work). Approval
dates are plausible but synthetic (the spring after the batch year; November for the
2020 batch), so the archive is for speed and memory measurements, never for accuracy.
The output is a pure function of (n, seed, options).
"""

from __future__ import annotations

import argparse
import csv
import datetime as dt
import gzip
import io
import json
import random
import re
import sys
from pathlib import Path
from typing import IO, Any, Iterator, Optional

RAW_LIST = Path(__file__).resolve().parents[2] / "models" / "gazetteer" / "raw" / "poverty_counties.csv"

# -- templates ---------------------------------------------------------------------------

ZH_TITLES = [
    "{province}{n}个贫困县脱贫摘帽",
    "{province}批准{first}等{n}个县退出贫困县序列",
    "{first}等{n}县正式摘帽",
    "好消息！{province}又有{n}个县脱贫摘帽",
]
ZH_LEADS = [
    "新华社{city}{month}月{day}日电 {authority}{day}日宣布，经第三方专项评估检查，{names}等{n}个县符合贫困县退出条件，正式退出贫困县序列。",
    "{month}月{day}日，{authority}发布通知，批准{names}{n_phrase}退出贫困县。",
    "记者从{authority}获悉，{year}年{month}月{day}日，{names}{n_phrase}经省级专项评估检查，正式脱贫摘帽。",
    "{authority}日前印发批复，同意{names}{n_phrase}退出贫困县序列。",
]
ZH_PROPOSED = [
    "{month}月{day}日，{province}扶贫开发领导小组办公室发布公示，{names}{n_phrase}符合贫困县退出条件，拟退出贫困县序列，公示期为7天。",
]
ZH_BACKGROUND = [
    "{province}共有贫困县{total}个，其中国家扶贫开发工作重点县{national}个。",
    "近年来，当地累计有{villages}个贫困村出列，{people}万贫困人口脱贫，贫困发生率降至{rate}%。",
    "{first}地处山区，过去交通不便、产业薄弱。脱贫攻坚以来，当地发展特色种养、劳务输出和乡村旅游，群众收入稳步增长。",
    "有关负责人表示，摘帽不是终点，下一步将落实“摘帽不摘责任、不摘政策、不摘帮扶、不摘监管”要求，防止返贫。",
    "今年以来，{province}共下达财政专项扶贫资金{funds}亿元，重点支持产业发展和基础设施建设。",
    "据介绍，评估组采取实地抽样、入户调查等方式，群众认可度达到{approval}%以上。",
]
EN_TITLES = [
    "{n_counties} in {province_en} shake off poverty",
    "{province_en} removes {first_en} and {n_minus} other counties from poverty list",
    "{first_en} among {n_counties} to exit poverty in {province_en}",
]
EN_LEADS = [
    "{city_en}, {month_en} {day} -- The government of {province_en} announced on {weekday} that {names_en} had been removed from the list of impoverished counties.",
    "{province_en} has approved the exit of {n_counties} from the poverty list, including {names_en}, the provincial government said on {month_en} {day}.",
    "{names_en} {have} shaken off poverty after a third-party assessment, authorities in {province_en} said on {weekday}.",
]
EN_BACKGROUND = [
    "The province had {total} poverty-stricken counties, {national} of them on the national list.",
    "Over the past years, {villages} impoverished villages have been lifted out of poverty and the poverty rate has fallen to {rate} percent.",
    "Local officials said the counties will keep their support policies for a transition period to prevent people from falling back into poverty.",
    "Authorities have invested {funds} billion yuan in roads, schools and local industries such as tea, livestock and tourism.",
    "Assessors visited villages and households to verify incomes, and public satisfaction exceeded {approval} percent.",
]
NOISE = [
    "（责任编辑：{editor}）",
    "【纠错】 【责任编辑：{editor}】",
    "分享到：微信 微博 QQ空间",
    "本文来源：{source}",
]
EDITORS = ["王琳", "李强", "张敏", "刘洋", "陈静"]
SOURCES_ZH = ["新华网", "人民网", "中国新闻网", "央广网", "地方日报"]

PROVINCE_EN = {
    "河北省": "Hebei", "山西省": "Shanxi", "内蒙古自治区": "Inner Mongolia", "吉林省": "Jilin",
    "黑龙江省": "Heilongjiang", "安徽省": "Anhui", "江西省": "Jiangxi", "河南省": "Henan",
    "湖北省": "Hubei", "湖南省": "Hunan", "广西壮族自治区": "Guangxi", "海南省": "Hainan",
    "重庆市": "Chongqing", "四川省": "Sichuan", "贵州省": "Guizhou", "云南省": "Yunnan",
    "西藏自治区": "Tibet", "陕西省": "Shaanxi", "甘肃省": "Gansu", "青海省": "Qinghai",
    "宁夏回族自治区": "Ningxia", "新疆维吾尔自治区": "Xinjiang",
}
CAPITAL = {
    "河北省": ("石家庄", "Shijiazhuang"), "山西省": ("太原", "Taiyuan"),
    "内蒙古自治区": ("呼和浩特", "Hohhot"), "吉林省": ("长春", "Changchun"),
    "黑龙江省": ("哈尔滨", "Harbin"), "安徽省": ("合肥", "Hefei"), "江西省": ("南昌", "Nanchang"),
    "河南省": ("郑州", "Zhengzhou"), "湖北省": ("武汉", "Wuhan"), "湖南省": ("长沙", "Changsha"),
    "广西壮族自治区": ("南宁", "Nanning"), "海南省": ("海口", "Haikou"),
    "重庆市": ("重庆", "Chongqing"), "四川省": ("成都", "Chengdu"), "贵州省": ("贵阳", "Guiyang"),
    "云南省": ("昆明", "Kunming"), "西藏自治区": ("拉萨", "Lhasa"), "陕西省": ("西安", "Xi'an"),
    "甘肃省": ("兰州", "Lanzhou"), "青海省": ("西宁", "Xining"),
    "宁夏回族自治区": ("银川", "Yinchuan"), "新疆维吾尔自治区": ("乌鲁木齐", "Urumqi"),
}
MONTH_EN = ["Jan.", "Feb.", "March", "April", "May", "June", "July", "Aug.", "Sept.", "Oct.",
            "Nov.", "Dec."]

def _stem(name: str) -> str:
    stem = re.sub(r"(?:[\u4e00-\u9fff]+?族)+自治(?:县|旗)$", "", name)
    if stem == name:
        stem = re.sub(r"(县|旗|市|区)$", "", name)
    return stem or name


def load_counties(path: Path = RAW_LIST) -> list[dict[str, Any]]:
    """The national poverty counties with a code: province, name, adcode, batch year."""
    with open(path, encoding="utf-8", newline="") as fh:
        rows = [r for r in csv.DictReader(fh) if r["adcode"]]
    return [{"province": r["province"], "county": r["county"], "adcode": r["adcode"],
             "year": int(r["exit_year"])} for r in rows]


def _english_names(counties: list[dict[str, Any]]) -> dict[str, str]:
    """English names from the gazetteer snapshot if it loads, else from pypinyin, else none."""
    try:
        from pipeline.gazetteer import load

        gaz = load()
        out = {}
        for c in counties:
            d = gaz.by_adcode(c["adcode"])
            if d is not None and d.name_en:
                out[c["adcode"]] = d.name_en
        if out:
            return out
    except Exception:  # the snapshot is optional for generating text
        pass
    try:
        from pypinyin import lazy_pinyin
    except ImportError:
        return {}
    out = {}
    for c in counties:
        stem = "".join(lazy_pinyin(_stem(c["county"]))).capitalize()
        kind = "District" if c["county"].endswith("区") else (
            "City" if c["county"].endswith("市") else "County")
        out[c["adcode"]] = f"{stem} {kind}"
    return out


def _join_en(names: list[str]) -> str:
    if len(names) == 1:
        return names[0]
    return ", ".join(names[:-1]) + " and " + names[-1]


def _approval_date(rng: random.Random, year: int) -> dt.date:
    if year == 2020:
        return dt.date(2020, 11, rng.randint(10, 23))
    start = dt.date(year + 1, 2, 15)
    return start + dt.timedelta(days=rng.randint(0, 100))


def generate(n: int, seed: int = 0, *, en_share: float = 0.3, proposed_share: float = 0.1,
             min_chars: int = 400) -> Iterator[dict[str, Any]]:
    """Yield `n` article objects {id, published, url, title, lang, text}, deterministically."""
    rng = random.Random(seed)
    counties = load_counties()
    en_names = _english_names(counties)
    groups: dict[tuple[str, int], list[dict[str, Any]]] = {}
    for c in counties:
        groups.setdefault((c["province"], c["year"]), []).append(c)
    keys = sorted(groups)
    totals = {p: sum(1 for c in counties if c["province"] == p) for p in PROVINCE_EN}
    for i in range(n):
        province, year = keys[rng.randrange(len(keys))]
        pool = groups[(province, year)]
        k = min(len(pool), rng.choice([1, 1, 2, 3, 4, 5, 6, 8]))
        chosen = rng.sample(pool, k)
        date = _approval_date(rng, year)
        published = date + dt.timedelta(days=rng.choice([0, 0, 0, 1, 2, 30, 400]))
        lang = "en" if en_names and rng.random() < en_share else "zh"
        facts = {
            "province": province, "province_en": PROVINCE_EN.get(province, province),
            "n": k, "n_minus": max(k - 1, 0), "year": date.year, "month": date.month,
            "day": date.day, "month_en": MONTH_EN[date.month - 1],
            "weekday": date.strftime("%A"), "city": CAPITAL[province][0],
            "city_en": CAPITAL[province][1], "authority": f"{province}人民政府",
            "total": totals.get(province, k) + rng.choice([0, 0, 15, 17, 21]),
            "national": totals.get(province, k), "villages": rng.randint(50, 6000),
            "people": round(rng.uniform(0.5, 80), 1), "rate": round(rng.uniform(0.3, 2.9), 2),
            "funds": rng.randint(5, 150), "approval": rng.choice([90, 93, 95, 98]),
            "editor": rng.choice(EDITORS), "source": rng.choice(SOURCES_ZH),
            "first": chosen[0]["county"],
            "first_en": en_names.get(chosen[0]["adcode"], chosen[0]["county"]),
            "names": "、".join(c["county"] for c in chosen),
            "names_en": _join_en([en_names.get(c["adcode"], c["county"]) for c in chosen]),
            "n_phrase": f"等{k}个县" if k > 1 else "",
            "n_counties": f"{k} counties" if k > 1 else "one county",
            "have": "have" if k > 1 else "has",
        }
        if lang == "zh":
            title = rng.choice(ZH_TITLES).format(**facts)
            proposed = rng.random() < proposed_share
            lead = rng.choice(ZH_PROPOSED if proposed else ZH_LEADS).format(**facts)
            paragraphs = [title, lead]
            background = ZH_BACKGROUND[:]
        else:
            title = rng.choice(EN_TITLES).format(**facts)
            paragraphs = [title, rng.choice(EN_LEADS).format(**facts)]
            background = EN_BACKGROUND[:]
        rng.shuffle(background)
        for para in background:
            if sum(map(len, paragraphs)) >= min_chars and rng.random() < 0.5:
                break
            paragraphs.append(para.format(**facts))
        if lang == "zh" and rng.random() < 0.5:
            paragraphs.append(rng.choice(NOISE).format(**facts))
        yield {
            "id": f"bench-{seed}-{i:07d}",
            "published": published.isoformat(),
            "url": f"https://example.org/bench/{seed}/{i}.html",
            "title": title,
            "lang": lang,
            "text": "\n\n".join(paragraphs),
        }


def write(path: Path | str, n: int, seed: int = 0, **options: Any) -> Path:
    """Write `n` generated articles to `path` (.jsonl, or .jsonl.gz compressed; "-" = stdout)."""
    if str(path) == "-":
        _dump(sys.stdout, n, seed, **options)
        return Path("-")
    path = Path(path)
    path.parent.mkdir(parents=True, exist_ok=True)
    if path.name.endswith(".gz"):
        with open(path, "wb") as raw, gzip.GzipFile(fileobj=raw, mode="wb", mtime=0) as gz:
            with io.TextIOWrapper(gz, encoding="utf-8", newline="\n") as fh:
                _dump(fh, n, seed, **options)
    else:
        with open(path, "w", encoding="utf-8", newline="\n") as fh:
            _dump(fh, n, seed, **options)
    return path


def _dump(fh: IO[str], n: int, seed: int, **options: Any) -> None:
    for obj in generate(n, seed, **options):
        fh.write(json.dumps(obj, ensure_ascii=False) + "\n")


def main(argv: Optional[list[str]] = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("n", type=int, help="number of articles")
    parser.add_argument("-o", "--output", default="-", help="file (.jsonl or .jsonl.gz) or - for stdout")
    parser.add_argument("--seed", type=int, default=0)
    parser.add_argument("--en-share", type=float, default=0.3, help="share of English articles")
    args = parser.parse_args(argv)
    write(args.output, args.n, args.seed, en_share=args.en_share)
    return 0


if __name__ == "__main__":
    sys.exit(main())
