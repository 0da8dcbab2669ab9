"""Write the sample archive: the same kind of news reports in every input format `zhaimao batch` reads.

Run `python corpora/samples/build.py` to regenerate the files next to this script. The
articles are written for this project in the style of provincial notices, wire stories
and English-language reports; the facts in them (counties, provinces, batch years,
approval dates) come from `models/gazetteer/raw/poverty_counties.csv`. Output is
deterministic (fixed WARC dates and record ids, gzip without timestamps).
"""

from __future__ import annotations

import csv
import io
import json
from pathlib import Path

HERE = Path(__file__).resolve().parent

# --- plain text files (txt/) -------------------------------------------------------------

TXT: dict[str, str] = {
    "zh-henan-lankao-2017-03-27.txt": """兰考县正式退出贫困县序列

新华社郑州3月27日电 河南省政府27日宣布，经第三方专项评估检查，兰考县综合贫困发生率降至1.27%，符合贫困县退出条件，批准兰考县退出贫困县。兰考由此成为河南省首个脱贫摘帽的国家扶贫开发工作重点县。

2014年以来，兰考县以焦裕禄精神为引领，发展品牌家居、食品加工等产业，带动贫困户就业增收。全县累计有115个贫困村退出，7.7万贫困人口脱贫。

当地干部表示，摘帽不是终点，下一步将巩固脱贫成果，防止返贫。
""",
    "zh-jiangxi-jinggangshan-2017-02-26.txt": """井冈山市在全国率先脱贫摘帽

本报南昌2月26日电 江西省人民政府26日正式批复，同意井冈山市退出贫困县序列。井冈山市由此成为我国贫困退出机制建立后首个脱贫摘帽的贫困县（市）。

据介绍，井冈山市贫困发生率已由2013年底的13.8%降至1.6%，经国务院扶贫开发领导小组委托的第三方评估，群众认可度达到要求。

井冈山市负责人说，将坚持“脱贫不脱政策”，继续做好产业扶贫和易地搬迁后续工作。
""",
    "zh-gansu-2020-11-21.txt": """甘肃省75个贫困县全部脱贫摘帽

中新网兰州11月21日电 甘肃省政府21日对外发布，经省级专项评估检查，同意镇原县、通渭县、岷县、宕昌县、西和县、礼县、临夏县、东乡族自治县等8个县退出贫困县序列。至此，甘肃省75个贫困县全部脱贫摘帽。

甘肃全省共有75个贫困县，其中58个为国家集中连片特困地区县，17个为省定插花型贫困县。截至2019年底，全省已有67个县陆续退出。

甘肃省政府表示，下一步将落实“摘帽不摘责任、不摘政策、不摘帮扶、不摘监管”要求，持续巩固脱贫攻坚成果。
""",
    "zh-guangxi-2020-11-20.txt": """广西最后8个贫困县脱贫摘帽

11月20日，广西壮族自治区人民政府发布通知，批准融水苗族自治县、三江侗族自治县、那坡县、乐业县、隆林各族自治县、罗城仫佬族自治县、大化瑶族自治县、都安瑶族自治县等8个县退出贫困县。

至此，广西54个贫困县全部脱贫摘帽，其中国家扶贫开发工作重点县和滇黔桂石漠化片区县33个，自治区扶贫开发工作重点县21个。全区5379个贫困村也已全部出列。
""",
    "zh-sichuan-liangshan-2020-11-17.txt": """四川最后7个贫困县摘帽 凉山彝区告别绝对贫困

记者从四川省政府获悉，11月17日，四川省人民政府正式批准凉山彝族自治州普格县、布拖县、金阳县、昭觉县、喜德县、越西县、美姑县等7个县退出贫困县序列。

四川省共有88个贫困县，其中国家扶贫开发工作重点县和片区县66个、省定贫困县22个。此次7县摘帽后，四川全省88个贫困县全部清零。
""",
    "zh-yunnan-gongshi-2020-11-02.txt": """云南省最后9个贫困县拟退出 公示期7天

11月2日，云南省扶贫开发领导小组办公室发布公示：经县级申请、州市初审、省级专项评估检查，会泽县、镇雄县、宁蒗彝族自治县、澜沧拉祜族自治县、屏边苗族自治县、广南县、泸水市、福贡县、兰坪白族普米族自治县等9个县（市）符合贫困县退出条件，拟批准退出贫困县序列。

公示期为7天。公示期间如有异议，可通过来信、来电等方式向省扶贫办反映。公示结束后，将报省人民政府批准退出。
""",
    "zh-hunan-2020-03-02.txt": """湖南20个贫困县脱贫摘帽 全省51个贫困县全部摘帽

新华社长沙3月2日电 湖南省人民政府日前印发《关于同意邵阳县等20个县市退出贫困县的批复》（湘政函〔2020〕17号），同意邵阳县、隆回县、洞口县、新宁县、城步苗族自治县、桑植县、新田县、沅陵县、溆浦县、麻阳苗族自治县、通道侗族自治县、新化县、涟源市、泸溪县、凤凰县、花垣县、保靖县、古丈县、永顺县、龙山县等20个县市退出贫困县序列。

至此，湖南51个贫困县全部脱贫摘帽，其中国家扶贫开发工作重点县和片区县40个，省级扶贫开发工作重点县11个。
""",
    "zh-tw-lankao-repost.txt": """【轉載】蘭考縣正式脫貧摘帽

河南省政府3月27日宣布，蘭考縣經第三方專項評估檢查，符合貧困縣退出條件，正式退出貧困縣序列，成為河南省首個脫貧摘帽的國家扶貧開發工作重點縣。

（本文轉自網絡，原載2017年3月27日，版權歸原作者所有）
""",
    "zh-tongwei-industry-funds.txt": """通渭县加强扶贫资金监管 确保每一分钱用在刀刃上

记者从通渭县纪委监委了解到，今年以来该县围绕产业扶贫资金使用开展专项监督检查，共检查项目126个，督促整改问题38个。

通渭县有关负责人表示，将持续压实责任，推动马铃薯、草牧、中药材等特色产业发展，让群众持续增收。
""",
    "en-guizhou-2020-11-23.txt": """Guizhou's last nine poor counties shake off poverty

GUIYANG, Nov. 23 -- The government of southwest China's Guizhou Province announced on Monday that its remaining nine impoverished counties have been removed from the poverty list, marking the end of absolute poverty in all 832 poor counties nationwide.

The nine counties are Ziyun Miao and Buyi Autonomous County, Nayong County, Weining Yi, Hui and Miao Autonomous County, Hezhang County, Yanhe Tujia Autonomous County, Rongjiang County, Congjiang County, Qinglong County and Wangmo County.

Guizhou once had 66 poverty-stricken counties, the most of any province in China.
""",
    "en-gansu-2020-11-21.txt": """All of Gansu's poor counties leave the poverty list

LANZHOU, Nov. 21 -- Gansu's provincial government said on Saturday that it had approved the removal of its last eight impoverished counties from the poverty list, including Dongxiang, Linxia, Tongwei and Min counties.

With the approval, all 75 poor counties in the northwestern province have been lifted out of poverty. Of the 75, 58 are located in contiguous areas of extreme poverty.

By the end of 2019, 67 counties in Gansu had already shed the label.
""",
    "en-xinjiang-2020-11-14.txt": """Xinjiang lifts its last 10 poor counties out of poverty

URUMQI, Nov. 14 -- The government of Xinjiang Uygur Autonomous Region announced on Saturday that its last 10 impoverished counties, all in the southern part of the region, have been removed from the poverty list.

The 10 counties are Aketao, Yingjisha, Shache, Yecheng, Jiashi, Moyu, Pishan, Luopu, Cele and Yutian.

With the announcement, all 35 poverty-stricken counties in the region have shaken off poverty.
""",
    "en-dahua-tourism.txt": """Karst scenery draws visitors to Dahua

Dahua Yao Autonomous County in the Guangxi Zhuang Autonomous Region has opened two new hiking trails along the Hongshui River this spring, local officials said.

The county expects more than 300,000 visitors this year. Homestays run by villagers have added 120 rooms since last year, and a new bridge has cut the drive from the county seat to the scenic area to 40 minutes.
""",
}

# GB18030: Chinese archives keep many pages in GBK; this one must decode through the fallback.
GB18030_TXT: dict[str, str] = {
    "zh-chongqing-2020-02-25-gbk.txt": """重庆最后4个贫困县脱贫摘帽

华龙网2月25日讯 重庆市人民政府25日发布通知，同意城口县、巫溪县、酉阳土家族苗族自治县、彭水苗族土家族自治县等4个国家扶贫开发工作重点县退出贫困县。

至此，重庆市18个贫困区县全部脱贫摘帽，其中国家扶贫开发工作重点区县14个，市级扶贫开发工作重点区县4个。
""",
}

# --- JSONL ------------------------------------------------------------------------------

JSONL: list[dict[str, str]] = [
    {
        "id": "sample-zh-henan-2019-05-09",
        "published": "2019-05-09",
        "url": "https://example.org/henan/2019-05-09/exit.html",
        "title": "河南19个贫困县脱贫摘帽",
        "text": "河南19个贫困县脱贫摘帽\n\n5月9日，河南省政府新闻办召开新闻发布会宣布，经省扶贫开发领导小组审定并报省政府批准，栾川县、宜阳县、洛宁县、封丘县、镇平县、内乡县、民权县、睢县、宁陵县、柘城县、虞城县、光山县、商城县、固始县、潢川县、商水县、郸城县、淮阳县、太康县等19个国家扶贫开发工作重点县脱贫摘帽。\n\n河南省共有53个贫困县，其中国家扶贫开发工作重点县38个，省定贫困县15个。\n",
    },
    {
        "id": "sample-zh-shaanxi-2019-05-07",
        "published": "2019-05-07",
        "url": "https://example.org/shaanxi/2019-05-07.html",
        "title": "陕西23个贫困县（区）退出贫困县序列",
        "text": "陕西省人民政府公告\n\n根据国家贫困县退出有关规定，经县级申请、市级初审、省级核查和公示，省政府同意周至县、宜君县、扶风县、陇县、千阳县、麟游县、太白县、永寿县、长武县、旬邑县、淳化县、合阳县、澄城县、蒲城县、富平县、延川县、宜川县、留坝县、绥德县、米脂县、吴堡县、镇坪县、镇安县等23个县（区）退出贫困县序列。\n\n特此公告。\n\n陕西省人民政府\n2019年5月7日\n",
    },
    {
        "id": "sample-zh-tibet-2019-12-23",
        "published": "2019-12-23",
        "url": "https://example.org/xizang/2019-12-23.html",
        "title": "西藏74个贫困县（区）全部脱贫摘帽",
        "text": "西藏74个贫困县（区）全部脱贫摘帽\n\n12月23日，西藏自治区脱贫攻坚指挥部发布公告，南木林县、江孜县、萨迦县、拉孜县、谢通门县、萨嘎县、贡觉县、察雅县、八宿县、左贡县、芒康县、色尼区、申扎县、巴青县、尼玛县、双湖县、革吉县、改则县、措勤县等19个县（区）达到脱贫摘帽标准，正式退出贫困县（区）序列。\n\n至此，西藏74个贫困县（区）已全部脱贫摘帽，历史性消除绝对贫困。\n",
    },
    {
        "id": "sample-zh-ningxia-xiji-2020-11-16",
        "published": "2020-11-16",
        "url": "https://example.org/ningxia/2020-11-16.html",
        "title": "西吉县退出贫困县序列",
        "text": "宁夏回族自治区人民政府16日批复同意西吉县退出贫困县序列。西吉县是宁夏最后一个未摘帽的贫困县，至此宁夏9个贫困县（区）全部脱贫摘帽。\n\n西吉县地处西海固腹地，曾被称为“苦瘠甲天下”之地。近年来，当地发展马铃薯、草畜、冷凉蔬菜等产业，群众收入稳步增长。\n",
    },
    {
        "id": "sample-zh-hebei-gongshi-2020-02-21",
        "published": "2020-02-21",
        "url": "https://example.org/hebei/2020-02-21.html",
        "title": "河北13个贫困县拟退出公示",
        "text": "河北省扶贫开发和脱贫工作领导小组关于2019年度贫困县退出的公示\n\n经县级申请、市级初审、省级专项评估检查，阜平县、涞源县、张北县、康保县、沽源县、尚义县、蔚县、阳原县、怀安县、赤城县、隆化县、丰宁满族自治县、围场满族蒙古族自治县等13个县和涿鹿县赵家蓬区符合贫困县退出条件，拟退出贫困县序列。现予以公示，公示期为2020年2月21日至2月27日。\n",
    },
    {
        "id": "sample-en-hainan-2020-03-04",
        "published": "2020-03-04",
        "url": "https://example.org/en/hainan/2020-03-04.html",
        "title": "Hainan's last three poor counties removed from poverty list",
        "text": "HAIKOU, March 4 -- South China's Hainan Province has removed its last three impoverished counties from the poverty list, the provincial government announced on Wednesday.\n\nThe three are Wuzhishan City, Lingao County and Baisha Li Autonomous County. All five national-level poor counties in Hainan have now shaken off poverty.\n",
    },
    {
        "id": "sample-en-jilin-2020-04-11",
        "published": "2020-04-12",
        "url": "https://example.org/en/jilin/2020-04-12.html",
        "title": "Jilin removes last poor counties from poverty list",
        "text": "CHANGCHUN, April 12 -- Northeast China's Jilin Province announced on Saturday that Jingyu, Tongyu, Da'an, Wangqing and Antu had been removed from the list of national-level poor counties, together with four provincial-level poor counties.\n\nAll of Jilin's poor counties have now been lifted out of poverty, the provincial government said.\n",
    },
    {
        "id": "sample-en-heilongjiang-2020-02-26",
        "published": "2020-02-26",
        "url": "https://example.org/en/heilongjiang/2020-02-26.html",
        "title": "Heilongjiang's last five poor counties exit poverty",
        "text": "HARBIN, Feb. 26 -- An executive meeting of the Heilongjiang provincial government on Wednesday approved the exit of Yanshou, Baiquan, Lindian, Qinggang and Hailun from the list of poverty-stricken counties.\n\nThe five were the last of the province's 20 national-level poor counties.\n",
    },
    {
        "id": "sample-en-chongqing-2020-02-25",
        "published": "2020-02-25 18:30:00",
        "url": "https://example.org/en/chongqing/2020-02-25.html",
        "title": "Chongqing's 18 poor districts and counties all shed poverty label",
        "text": "CHONGQING, Feb. 25 -- The municipal government of Chongqing said on Tuesday that Chengkou, Wuxi, Youyang Tujia and Miao Autonomous County and Pengshui Miao and Tujia Autonomous County had left the poverty list, completing the exit of all 18 poor districts and counties in the municipality.\n",
    },
    {
        "id": "sample-zh-funding-notice",
        "published": "2020/06/15",
        "url": "https://example.org/gansu/2020-06-15.html",
        "title": "甘肃下达财政专项扶贫资金",
        "text": "记者从甘肃省财政厅获悉，今年省级财政已下达财政专项扶贫资金112亿元，重点向尚未摘帽的8个贫困县和395个未退出贫困村倾斜，支持发展特色产业和补齐基础设施短板。\n",
    },
]

# --- CSV --------------------------------------------------------------------------------

CSV_ROWS: list[dict[str, str]] = [
    {
        "id": "sample-zh-neimenggu-2020-03-04",
        "published": "2020-03-05",
        "url": "https://example.org/nmg/2020-03-05.html",
        "title": "内蒙古20个旗县退出贫困旗县序列",
        "text": "内蒙古自治区人民政府3月4日发布公告，阿鲁科尔沁旗、巴林左旗、翁牛特旗、敖汉旗、科尔沁左翼中旗、库伦旗、奈曼旗、莫力达瓦达斡尔族自治旗、鄂伦春自治旗、卓资县、化德县、商都县、兴和县、察哈尔右翼前旗、察哈尔右翼中旗、四子王旗、科尔沁右翼前旗、突泉县、太仆寺旗、正镶白旗等20个旗县退出贫困旗县序列。至此，内蒙古31个国家级贫困旗县全部摘帽。",
    },
    {
        "id": "sample-zh-jiangxi-2020-04-26",
        "published": "2020-04-27",
        "url": "https://example.org/jiangxi/2020-04-27.html",
        "title": "江西最后7个贫困县退出",
        "text": "4月26日，江西省政府新闻办召开新闻发布会宣布，修水县、赣县区、宁都县、于都县、兴国县、鄱阳县和都昌县等7个县（区）达到贫困县退出标准，正式退出贫困县序列。至此，江西25个贫困县全部脱贫摘帽。",
    },
    {
        "id": "sample-zh-qinghai-gongshi-2020-04-14",
        "published": "2020-04-15",
        "url": "https://example.org/qinghai/2020-04-15.html",
        "title": "青海17个贫困县（市、区）拟退出",
        "text": "青海省扶贫开发领导小组14日发布公示，乐都区、民和回族土族自治县、化隆回族自治县、同仁县、尖扎县、泽库县、共和县、贵德县、玛沁县、班玛县、甘德县、达日县、久治县、杂多县、治多县、囊谦县、曲麻莱县等17个县（市、区）经省级专项评估检查，符合退出条件，拟退出贫困县序列。",
    },
    {
        "id": "sample-en-anhui-gongshi-2020-04-23",
        "published": "2020-04-24",
        "url": "https://example.org/en/anhui/2020-04-24.html",
        "title": "Anhui publicizes exit of last nine poor counties",
        "text": "HEFEI, April 24 -- East China's Anhui Province on Thursday began a public notice period for nine counties it proposes to remove from the poverty list: Taihu, Wangjiang, Yingdong, Linquan, Funan, Xiaoxian, Huoqiu, Jinzhai and Shitai. If no objections are raised, the provincial government will approve their exit.",
    },
    {
        "id": "sample-en-hubei-2019-04-29",
        "published": "2019-04-30",
        "url": "https://example.org/en/hubei/2019-04-30.html",
        "title": "Hubei approves exit of 17 poor counties",
        "text": "WUHAN, April 30 -- The Hubei provincial government has approved the exit of 17 counties and cities from the poverty list, including 10 national-level poor counties: Yangxin, Danjiangkou, Zigui, Baokang, Tuanfeng, Luotian, Yingshan, Xuan'en, Laifeng and Hefeng, according to a notice dated April 29.",
    },
    {
        "id": "sample-zh-shanxi-2019-04-29",
        "published": "2019-04-29",
        "url": "https://example.org/shanxi/2019-04-29.html",
        "title": "山西17个贫困县脱贫摘帽",
        "text": "新华社太原4月29日电 山西省人民政府近日批准娄烦县、云州区、阳高县、灵丘县、武乡县、左权县、和顺县、平陆县、繁峙县、神池县、五寨县、岢岚县、河曲县、保德县、隰县、岚县、方山县等17个县（区）退出贫困县序列。",
    },
]

# --- HTML and WARC ----------------------------------------------------------------------

HTML_PAGE = """<!DOCTYPE html>
<html lang="zh-CN"><head><meta charset="utf-8">
<title>新疆最后10个贫困县全部摘帽_新闻中心</title>
<meta name="publishdate" content="2020-11-14">
<meta property="article:published_time" content="2020-11-14T20:10:00+08:00">
</head><body>
<div class="nav"><a href="/">首页</a> | <a href="/news">新闻</a> | <a href="/pic">图片</a></div>
<div class="article">
<h1>新疆最后10个贫困县全部摘帽</h1>
<div class="info">2020-11-14 20:10 来源：天山网</div>
<p>11月14日，新疆维吾尔自治区人民政府发布公告，批准阿克陶县、英吉沙县、莎车县、叶城县、伽师县、墨玉县、皮山县、洛浦县、策勒县、于田县等10个县退出贫困县序列。</p>
<p>至此，新疆35个贫困县全部脱贫摘帽，南疆四地州深度贫困地区实现整体脱贫。</p>
<p>自治区有关负责人表示，将继续巩固拓展脱贫攻坚成果，推动脱贫攻坚与乡村振兴有效衔接。</p>
</div>
<div class="footer">版权所有 | 联系我们 | 网站地图</div>
</body></html>
"""

WARC_PAGES: list[tuple[str, str, str]] = [
    (
        "https://example.org/guizhou/2020-11-23.html",
        "gbk",
        """<html><head><meta charset="gbk"><title>贵州最后9个贫困县退出贫困县序列</title>
<meta name="publishdate" content="2020-11-23"></head><body>
<div class="nav">首页 &gt; 要闻</div>
<div class="content"><h1>贵州最后9个贫困县退出贫困县序列</h1>
<p>11月23日，贵州省政府新闻办召开新闻发布会，宣布紫云苗族布依族自治县、纳雍县、威宁彝族回族苗族自治县、赫章县、沿河土家族自治县、榕江县、从江县、晴隆县、望谟县等9个县退出贫困县序列。</p>
<p>至此，贵州66个贫困县全部实现脱贫摘帽，全国832个贫困县全部脱贫摘帽。</p></div>
<div class="footer">版权所有</div></body></html>
""",
    ),
    (
        "https://example.org/en/sichuan/2020-11-17.html",
        "utf-8",
        """<html><head><meta charset="utf-8"><title>Sichuan's last seven poor counties exit poverty</title>
<meta name="date" content="2020-11-17"></head><body>
<div class="menu">Home | China | World</div>
<article><h1>Sichuan's last seven poor counties exit poverty</h1>
<p>CHENGDU, Nov. 17 -- The Sichuan provincial government on Tuesday approved the removal of seven counties in Liangshan Yi Autonomous Prefecture from the poverty list: Puge, Butuo, Jinyang, Zhaojue, Xide, Yuexi and Meigu.</p>
<p>All 88 poverty-stricken counties in the province, 66 of them national-level, have now been lifted out of poverty.</p></article>
<div class="footer">Copyright</div></body></html>
""",
    ),
    (
        "https://example.org/guangxi/repost-2020-11-21.html",
        "utf-8",
        """<html><head><meta charset="utf-8"><title>广西54个贫困县全部摘帽</title></head><body>
<div id="main"><h2>广西54个贫困县全部摘帽</h2>
<p>（转载）自治区人民政府11月20日批准融水、三江、那坡、乐业、隆林、罗城、大化、都安等8个县退出贫困县，广西54个贫困县全部摘帽。</p>
<p>全区累计5379个贫困村出列。</p></div></body></html>
""",
    ),
]


def _write_warc(path: Path) -> None:
    from warcio.statusandheaders import StatusAndHeaders
    from warcio.warcwriter import WARCWriter

    buf = io.BytesIO()
    writer = WARCWriter(buf, gzip=True)
    for i, (url, charset, html) in enumerate(WARC_PAGES):
        headers = StatusAndHeaders(
            "200 OK", [("Content-Type", f"text/html; charset={charset}")], protocol="HTTP/1.1")
        record = writer.create_warc_record(
            url, "response", payload=io.BytesIO(html.encode(charset)), http_headers=headers,
            warc_headers_dict={"WARC-Date": "2020-12-01T00:00:00Z",
                               "WARC-Record-ID": f"<urn:uuid:00000000-0000-0000-0000-00000000000{i}>"})
        writer.write_record(record)
    # a non-HTML response in the same crawl: read past, not an article
    logo = StatusAndHeaders("200 OK", [("Content-Type", "image/png")], protocol="HTTP/1.1")
    record = writer.create_warc_record(
        "https://example.org/logo.png", "response",
        payload=io.BytesIO(b"\x89PNG\r\n\x1a\n" + bytes(range(64))), http_headers=logo,
        warc_headers_dict={"WARC-Date": "2020-12-01T00:00:00Z",
                           "WARC-Record-ID": "<urn:uuid:00000000-0000-0000-0000-0000000000ff>"})
    writer.write_record(record)
    path.write_bytes(buf.getvalue())


def build(out: Path = HERE) -> list[Path]:
    """Write every sample file under `out`; returns the paths written."""
    written: list[Path] = []
    txt = out / "txt"
    txt.mkdir(parents=True, exist_ok=True)
    for name, text in TXT.items():
        (txt / name).write_text(text, encoding="utf-8")
        written.append(txt / name)
    for name, text in GB18030_TXT.items():
        (txt / name).write_bytes(text.encode("gb18030"))
        written.append(txt / name)
    jsonl = out / "news.jsonl"
    with open(jsonl, "w", encoding="utf-8", newline="\n") as fh:
        for obj in JSONL:
            fh.write(json.dumps(obj, ensure_ascii=False) + "\n")
    written.append(jsonl)
    csv_path = out / "news.csv"
    with open(csv_path, "w", encoding="utf-8-sig", newline="") as fh:
        w = csv.DictWriter(fh, fieldnames=["id", "published", "url", "title", "text"])
        w.writeheader()
        w.writerows(CSV_ROWS)
    written.append(csv_path)
    html = out / "xinjiang-2020-11-14.html"
    html.write_text(HTML_PAGE, encoding="utf-8")
    written.append(html)
    warc = out / "crawl.warc.gz"
    _write_warc(warc)
    written.append(warc)
    bad = out / "bad"
    bad.mkdir(exist_ok=True)
    # a scan saved with the wrong extension: binary, must become E101, not garbage text
    blob = b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR" + bytes((i * 37) % 256 for i in range(512))
    (bad / "scan-saved-as-text.txt").write_bytes(blob)
    written.append(bad / "scan-saved-as-text.txt")
    return written


if __name__ == "__main__":
    for p in build():
        print(p.relative_to(HERE))
