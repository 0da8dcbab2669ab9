"""Chinese throughput against jieba, load time and peak memory of the zhaimao pipeline (a report, not a test).

    python benchmarks/bench_zh.py                  # ~2.1 MB corpus, seed 0
    python benchmarks/bench_zh.py --chars 500000   # a quicker look
    python benchmarks/bench_zh.py --profile        # and the hot spots of one pipeline pass

The corpus is generated here, deterministically from the seed: report templates written for
this benchmark, filled with real counties of the poverty list (names, short forms, bare
stems, parent chains, provinces, batch years) from the gazetteer — approvals, public
notices, national announcements, background exits, counts of counties, villages and people,
dates in every form the pipeline reads, features, noisy page furniture, articles that report
no exit, and traditional-character reposts. Dates of approval are plausible but synthetic,
so the corpus measures speed and memory, never accuracy.

Measured in one run: jieba's own `lcut` (a fresh `jieba.Tokenizer()` per pass, default settings,
its dictionary loaded before timing; best of three passes) and `pipeline.extract(..., lang="zh")`
per article (one pass, after `pipeline.load("zh")`), both in characters per second over the
same texts; `pipeline.load("zh")` in fresh interpreters (median of three); the peak RSS of a
fresh interpreter that loads the pipeline and extracts every article.
Targets: throughput ≥ 0.25× jieba lcut (aim 0.5×), load ≤ 2 s, peak memory ≤ 300 MB.
"""

from __future__ import annotations

import argparse
import datetime as dt
import logging
import random
import sys
from pathlib import Path
from typing import Any, Optional

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from _measure import Article, chars_per_second, county_groups, hot_spots, measure_pipeline, report  # noqa: E402

# -- templates ------------------------------------------------------------------------------
# Fields: {province} 甘肃省, {prov} 甘肃, {pref} 定西市, {names} a list of county names in one
# of four forms, {first} the first county, {n} the count, {nz} the count in Chinese numerals,
# dates {y} {m} {d} of the approval, {y0} the batch year, {pub_*} of publication.

TITLES = [
    "{prov}{n}个贫困县获批退出",
    "喜讯！{first}等{n}县脱贫摘帽",
    "{first}正式退出贫困县序列",
    "{prov}再有{nz}个县摘掉“穷帽子”",
    "{province}批准{n}个县（市、区）退出贫困县",
    "{pref}{first}：告别绝对贫困 奔向乡村振兴",
]
APPROVALS = [
    "{outlet}{city}{m}月{d}日电（记者{reporter}）{authority}{d}日批准{names}{n_phrase}退出贫困县序列。",
    "记者{pub_d}日从{province}扶贫办获悉，经{authority}研究同意，{names}{n_phrase}正式脱贫摘帽。",
    "{y}年{m}月{d}日，{authority}印发批复，同意{names}{n_phrase}退出贫困县序列。",
    "日前，{authority}发布公告：经县级申请、市级初审、省级专项评估检查和公示，{names}{n_phrase}符合贫困县退出条件，批准退出。",
    "{names}{n_phrase}昨日获批摘帽，{pref}的干部群众奔走相告。",
    "经第三方评估检查，{names}{n_phrase}综合贫困发生率均低于3%，{authority}{m}月{d}日宣布上述县退出贫困县序列。",
]
NOTICES = [
    "{m}月{d}日，{province}扶贫开发领导小组办公室发布公示，{names}{n_phrase}达到贫困县退出标准，拟退出贫困县序列，公示期为{m}月{d}日至{m}月{d7}日。",
    "根据贫困县退出有关规定，现将{names}{n_phrase}拟退出贫困县序列的情况予以公示，如有异议，请在公示期内向{province}扶贫办反映。",
]
NATIONAL = [
    "国务院扶贫办{d}日召开新闻发布会，宣布{province}{names}{n_phrase}经过专项评估检查，正式退出贫困县序列。",
    "国务院扶贫开发领导小组办公室{m}月{d}日公布，{names}{n_phrase}达到退出标准，脱贫摘帽。",
]
NO_EXIT = [
    "{pub_y}年，国务院扶贫开发领导小组对{province}{names}{n_phrase}实施挂牌督战，确保如期脱贫。",
    "目前，{prov}还有{names}{n_phrase}尚未摘帽，是全省脱贫攻坚的“硬骨头”。",
    "今年，{prov}计划推动{names}{n_phrase}脱贫摘帽，各地正在加紧补齐短板。",
    "{pref}下达专项扶贫资金{funds}亿元，支持{names}{n_phrase}发展特色产业。",
]
BACKGROUND = [
    "到{y0_prev}年底，{prov}已累计有{done}个贫困县脱贫摘帽，剩余{left}个。",
    "{y0}年，{first}被列入全省脱贫摘帽计划，当年底通过县级自评和市级初审。",
    "此前，{pref}已有{small}个县先后退出贫困县序列。",
]
COUNTS = [
    "{prov}共有贫困县{total}个，其中国家扶贫开发工作重点县和片区县{national}个，省定插花型贫困县{extra}个。",
    "全省{villages}个贫困村已有{villages_out}个出列，{people}万建档立卡贫困人口实现脱贫。",
    "截至目前，全省{units}个有扶贫开发任务的县（市、区）中，已有{done}个退出。",
    "{first}累计减少贫困人口{people2}人，贫困发生率由{r1}%降至{r2}%。",
    "全县{households}户{persons}人建档立卡贫困户全部达到“两不愁三保障”标准。",
    "{prov}{nz}个贫困县中，有{small_z}个位于深度贫困地区。",
]
DATES = [
    "评估工作于{y0}年{m0}月下旬启动，历时{days}天，共抽查{small}个乡镇。",
    "公示期自{m}月{d}日起至{m}月{d7}日止。",
    "{y0}年初，{first}被确定为脱贫摘帽县；今年{m}月，评估组进驻开展实地核查。",
    "按照计划，{pub_y}年底前全省贫困县将全部摘帽。",
]
FEATURES = [
    "走进{stem}{village}村，一排排新建的蔬菜大棚整齐排列。村党支部书记告诉记者，合作社今年种植辣椒{mu}亩，"
    "带动{small}户贫困户每户增收{money}元。过去村里年轻人都出去打工，现在不少人回来了。",
    "在{first}易地扶贫搬迁安置点，{small}栋楼房依山而建，幼儿园、卫生室、扶贫车间一应俱全。搬迁群众{name}说："
    "“以前住在山上，下雨天出不了门，现在楼下就能上班，一个月能挣两千多块。”",
    "{stem}地处{terrain}，过去交通不便、产业薄弱。脱贫攻坚以来，全县新建和改造农村公路{km}公里，"
    "实现了具备条件的建制村通硬化路、通客车。",
    "{first}把产业扶贫作为稳定脱贫的根本之策，发展{crop}、中药材、肉牛养殖等特色产业，"
    "培育龙头企业{small}家、农民专业合作社{coops}个，贫困户实现产业全覆盖。",
    "教育扶贫方面，{stem}落实各项资助政策，义务教育阶段无一人因贫失学辍学；健康扶贫方面，"
    "建档立卡贫困人口全部参加基本医疗保险，县域内就诊率达到{rate}%。",
    "国庆假期，{first}{scenic}景区游人如织，农家乐、民宿生意红火。当地依托乡村旅游带动{small}户群众就业。",
    "{stem}电商服务中心里，工作人员正在打包发往全国各地的{crop}。负责人说，今年线上销售额已突破{money2}万元。",
    "有关负责人表示，摘帽不是终点，而是新生活、新奋斗的起点。下一步将严格落实“四个不摘”要求，"
    "持续巩固脱贫成果，防止规模性返贫。",
]
HEADERS = [
    "首页 > 新闻中心 > 地方要闻 > 正文",
    "发布时间：{pub_iso} {hh}:{mi}  来源：{source}  字号：大 中 小  打印本页",
    "{source}讯",
]
FOOTERS = [
    "分享到：微信 微博 QQ空间 复制链接",
    "【责任编辑：{editor}】",
    "相关阅读：{other}特色产业助农增收 | {other_pref}举办农民丰收节 | 乡村振兴看{prov}",
    "版权所有 © {source} 未经授权禁止转载使用  备案号：{icp}",
    "（本文来源：{source}  作者：{reporter}）",
]

OUTLETS = ["新华社", "中新社", "本报"]
SOURCES = ["新华网", "人民网", "中国新闻网", "央广网", "光明网", "地方日报", "今日头条"]
REPORTERS = ["王琳", "李强", "张敏", "刘洋", "陈静", "马晓宁", "杨帆", "赵磊"]
CROPS = ["花椒", "苹果", "马铃薯", "茶叶", "核桃", "百香果", "食用菌", "中药材"]
TERRAIN = ["六盘山区", "乌蒙山区", "秦巴山区", "武陵山区", "滇桂黔石漠化区", "大别山区", "黄土高原丘陵沟壑区"]
SCENIC = ["古村落", "大峡谷", "梯田", "草原", "溶洞", "森林公园"]
CITY = {
    "河北省": "石家庄", "山西省": "太原", "内蒙古自治区": "呼和浩特", "吉林省": "长春", "黑龙江省": "哈尔滨",
    "安徽省": "合肥", "江西省": "南昌", "河南省": "郑州", "湖北省": "武汉", "湖南省": "长沙",
    "广西壮族自治区": "南宁", "海南省": "海口", "重庆市": "重庆", "四川省": "成都", "贵州省": "贵阳",
    "云南省": "昆明", "西藏自治区": "拉萨", "陕西省": "西安", "甘肃省": "兰州", "青海省": "西宁",
    "宁夏回族自治区": "银川", "新疆维吾尔自治区": "乌鲁木齐",
}
DIGITS = "〇一二三四五六七八九"


def chinese_number(n: int) -> str:
    """七十五 for 75 (0 < n < 1000), as the reports write counts."""
    if n < 10:
        return DIGITS[n]
    if n < 20:
        return "十" + (DIGITS[n % 10] if n % 10 else "")
    if n < 100:
        return DIGITS[n // 10] + "十" + (DIGITS[n % 10] if n % 10 else "")
    rest = n % 100
    tail = "" if rest == 0 else ("零" + DIGITS[rest] if rest < 10 else chinese_number(rest) if rest >= 20
                                 else "一" + chinese_number(rest))
    return DIGITS[n // 100] + "百" + tail


def _short(name: str, stem: str, level: str) -> str:
    """东乡县 for 东乡族自治县: the short form reports use for autonomous counties."""
    return stem + "县" if level == "自治县" else name


def _approval(rng: random.Random, batch: int) -> dt.date:
    if batch == 2020:
        return dt.date(2020, 11, rng.randint(10, 23))
    return dt.date(batch + 1, 2, 20) + dt.timedelta(days=rng.randint(0, 90))


def _province_short(province: str) -> str:
    for suffix in ("壮族自治区", "回族自治区", "维吾尔自治区", "自治区", "省", "市"):
        if province.endswith(suffix):
            return province[: -len(suffix)]
    return province


def _authority(rng: random.Random, province: str) -> str:
    """The approving government as reports write it: in full, shortened, or 省政府 / 自治区人民政府."""
    if province.endswith("省"):
        return rng.choice([f"{province}人民政府", f"{province}政府", "省政府"])
    if province.endswith("自治区"):
        return rng.choice([f"{province}人民政府", "自治区人民政府", "自治区政府"])
    return rng.choice([f"{province}人民政府", f"{province}政府"])


def generate(target_chars: int, seed: int = 0, trad_share: float = 0.15) -> list[Article]:
    """Articles {"text", "published"} until `target_chars` characters, deterministically from `seed`."""
    import opencc

    s2t = opencc.OpenCC("s2t")
    rng = random.Random(seed)
    counties, groups, keys, by_province = county_groups()
    articles: list[Article] = []
    total = 0
    while total < target_chars:
        province, batch = keys[rng.randrange(len(keys))]
        pool = groups[(province, batch)]
        chosen = rng.sample(pool, min(len(pool), rng.choice([1, 1, 2, 3, 4, 5, 6, 8, 10])))
        form = rng.choice(["full", "short", "stem", "chain"])
        if form == "full":
            names = [d.name for d in chosen]
        elif form == "short":
            names = [_short(d.name, d.stem, d.level) for d in chosen]
        elif form == "stem" and len(chosen) > 1:
            names = [d.stem for d in chosen]
        else:
            names = [f"{d.prefecture}{d.name}" if i == 0 else d.name for i, d in enumerate(chosen)]
        approval = _approval(rng, batch)
        published: Optional[dt.date] = approval + dt.timedelta(days=rng.choice([0, 0, 1, 1, 2, 3, 7, 30, 365]))
        nat = by_province[province]
        other = rng.choice(counties)
        extra = rng.choice([0, 8, 17, 21])
        f: dict[str, Any] = {
            "province": province, "prov": _province_short(province), "pref": chosen[0].prefecture,
            "city": CITY.get(province, "北京"), "stem": chosen[0].stem,
            "first": chosen[0].name if form in ("full", "chain") else _short(chosen[0].name, chosen[0].stem, chosen[0].level),
            "names": "、".join(names), "n": len(chosen), "nz": chinese_number(len(chosen)),
            "n_phrase": f"等{len(chosen)}个县" if len(chosen) > 1 else "",
            "y": approval.year, "m": approval.month, "d": approval.day,
            "d7": min(approval.day + 7, 28), "y0": batch, "y0_prev": batch - 1, "m0": rng.randint(9, 12),
            "pub_y": published.year, "pub_d": published.day, "pub_iso": published.isoformat(),
            "authority": _authority(rng, province),
            "outlet": rng.choice(OUTLETS), "reporter": rng.choice(REPORTERS), "source": rng.choice(SOURCES),
            "editor": rng.choice(REPORTERS), "total": nat + extra, "national": nat, "extra": extra,
            "done": rng.randint(1, nat), "left": rng.randint(1, 20), "units": nat + extra + rng.randint(0, 30),
            "small": rng.randint(2, 40), "small_z": chinese_number(rng.randint(2, 40)),
            "villages": rng.randint(200, 7000), "villages_out": rng.randint(100, 5000),
            "people": round(rng.uniform(1, 90), 1), "people2": rng.randint(5000, 200000),
            "r1": round(rng.uniform(10, 40), 1), "r2": round(rng.uniform(0.3, 2.9), 2),
            "households": rng.randint(1000, 40000), "persons": rng.randint(4000, 160000),
            "days": rng.randint(10, 40), "funds": rng.randint(1, 30), "village": rng.choice("红星光明新华胜利团结"),
            "mu": rng.randint(100, 5000), "money": rng.randint(800, 9000), "money2": rng.randint(100, 9000),
            "name": rng.choice(["马大姐", "李大爷", "杨师傅", "王阿姨"]), "terrain": rng.choice(TERRAIN),
            "crop": rng.choice(CROPS), "scenic": rng.choice(SCENIC), "coops": rng.randint(20, 900),
            "rate": rng.choice([90, 92, 95, 97]), "km": rng.randint(300, 5000),
            "hh": f"{rng.randint(6, 22):02d}", "mi": f"{rng.randint(0, 59):02d}",
            "other": other.name, "other_pref": other.prefecture, "icp": f"{rng.randint(10000000, 99999999)}",
        }
        kind = rng.random()
        lead_pool = (NO_EXIT if kind < 0.15 else NOTICES if kind < 0.25 else NATIONAL if kind < 0.33
                     else APPROVALS)
        parts: list[str] = []
        if rng.random() < 0.5:
            parts += [rng.choice(HEADERS).format(**f) for _ in range(rng.randint(1, 2))]
        parts.append(rng.choice(TITLES).format(**f))
        parts.append(rng.choice(lead_pool).format(**f))
        body = rng.sample(FEATURES, rng.randint(2, 4)) + rng.sample(COUNTS, rng.randint(1, 3)) \
            + rng.sample(DATES, rng.randint(0, 2)) + rng.sample(BACKGROUND, rng.randint(0, 1))
        rng.shuffle(body)
        parts += [b.format(**f) for b in body]
        if rng.random() < 0.6:
            parts += [x.format(**f) for x in rng.sample(FOOTERS, rng.randint(1, 3))]
        text = "\n\n".join(parts)
        if rng.random() < trad_share:
            text = s2t.convert(text)
        if rng.random() < 0.1:
            published = None  # a page without a date: year-less dates become problems
        articles.append({"text": text, "published": published.isoformat() if published else None})
        total += len(text)
    return articles


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--chars", type=int, default=2_100_000, help="corpus size in characters (default 2.1M)")
    ap.add_argument("--seed", type=int, default=0)
    ap.add_argument("--profile", action="store_true", help="also print the hot spots of one pipeline pass")
    args = ap.parse_args()

    import jieba

    jieba.setLogLevel(logging.WARNING)
    articles = generate(args.chars, args.seed)
    texts = [a["text"] for a in articles]
    chars = sum(len(t) for t in texts)
    utf8_mb = sum(len(t.encode("utf-8")) for t in texts) / 1e6

    def fresh_jieba() -> Any:
        tok = jieba.Tokenizer()
        tok.initialize()  # loads the dictionary: part of load, not of tokenising
        return tok.lcut

    jieba_rate, jieba_s = chars_per_second(texts, fresh_jieba, repeat=3)

    m = measure_pipeline(articles, "zh")
    pipe_s, pipe_rate, load, child = m["pipe_s"], m["pipe_rate"], m["load"], m["child"]

    ratio = pipe_rate / jieba_rate
    report(f"zhaimao zh benchmark: {len(articles):,} articles, {chars:,} characters ({utf8_mb:.1f} MB UTF-8), seed {args.seed}", [
        ("jieba lcut (fresh Tokenizer)", f"{jieba_rate:,.0f} chars/s", f"({jieba_s:.2f} s per pass, best of 3)"),
        ("pipeline.extract zh", f"{pipe_rate:,.0f} chars/s", f"({pipe_s:.2f} s, {len(articles) / pipe_s:,.0f} articles/s)"),
        ("ratio pipeline / jieba", f"{ratio:.3f}x", "target >= 0.25x, aim 0.5x " + ("OK" if ratio >= 0.25 else "BELOW")),
        ("load zh (fresh process)", f"{load['load_s']:.2f} s", "target <= 2 s " + ("OK" if load["load_s"] <= 2 else "ABOVE")),
        ("whole fresh process", f"{load['process_s']:.2f} s", "(interpreter start, import, load, exit)"),
        ("RSS after load", f"{load['loaded_rss_mib']:.0f} MiB", ""),
        ("peak RSS, load + run corpus", f"{child['maxrss_mib']:.0f} MiB",
         "target <= 300 MB " + ("OK" if child["maxrss_mib"] * 1.048576 <= 300 else "ABOVE")),
        ("  (RUSAGE_CHILDREN max)", f"{child['children_maxrss_mib']:.0f} MiB", ""),
        ("  child's own rate", f"{child['chars_per_s']:,.0f} chars/s", "(cross-check)"),
    ])
    if args.profile:
        print()
        print(hot_spots(articles[: max(200, len(articles) // 4)], "zh"))


if __name__ == "__main__":
    main()
