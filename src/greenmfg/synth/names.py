"""Plausible Chinese names for synthetic enterprises, parks, institutions and people."""

from __future__ import annotations

import random
from typing import Final

from greenmfg.core.codes.regions import Region

TRADE_CHARS: Final = (
    "华恒达新鑫盛源泰安宏博瑞丰金永信通德明海天中嘉利兴隆昌创凯联众光辉佳远诚正和美祥福"
    "康宝荣升腾飞龙环绿晶科亚威力智远舜禾润晟锦峰川银江湖山石松柏星辰阳"
)
SURNAMES: Final = "王李张刘陈杨黄赵吴周徐孙马朱胡郭何高林罗郑梁谢宋唐许韩冯邓曹彭曾肖田董袁潘于蒋蔡余杜叶程苏魏吕丁任沈姚卢姜崔钟谭陆汪范金石廖贾夏韦付方白邹孟熊秦邱江尹薛闫段雷侯龙史陶黎贺顾毛郝龚邵万钱严覃武戴莫孔向汤"
GIVEN_CHARS: Final = "伟芳娜秀英敏静丽强磊军洋勇艳杰娟涛明超秀兰霞平刚桂英华建国志红文辉鹏飞斌宇浩凯健俊峰波鑫晨阳婷雪琳晓东海燕玲丹"
SUFFIXES: Final = (("有限公司", 0.62), ("股份有限公司", 0.25), ("集团有限公司", 0.13))
ROADS: Final = (
    "工业",
    "科技",
    "创业",
    "发展",
    "经济",
    "兴业",
    "滨江",
    "环城",
    "开发",
    "振兴",
    "长江",
    "黄河",
    "人民",
    "建设",
    "解放",
)

_STRIP: Final = ("自治州", "地区", "新区", "林区", "市", "盟", "县")


def city_short(city: Region) -> str:
    """The short form used in names: 苏州市 → 苏州, 延边朝鲜族自治州 → 延边."""
    name = city.name_zh
    if "（" in name:
        name = name.split("（", 1)[0]
    if name.endswith("自治州") or name.endswith("自治县"):
        return name[:2]
    for suffix in _STRIP:
        if name.endswith(suffix) and len(name) > len(suffix) + 1:
            return name[: -len(suffix)]
    return name


def province_short(province: Region) -> str:
    name = province.name_zh
    for suffix in ("维吾尔自治区", "壮族自治区", "回族自治区", "自治区", "特别行政区", "省", "市"):
        if name.endswith(suffix):
            return name[: -len(suffix)]
    return name


def trade_name(rng: random.Random) -> str:
    if rng.random() < 0.15:
        return "".join(rng.choice(TRADE_CHARS) for _ in range(3))
    return rng.choice(TRADE_CHARS) + rng.choice(TRADE_CHARS)


def suffix(rng: random.Random) -> str:
    r = rng.random()
    acc = 0.0
    for text, share in SUFFIXES:
        acc += share
        if r < acc:
            return text
    return SUFFIXES[0][0]


def person(rng: random.Random) -> str:
    given = rng.choice(GIVEN_CHARS)
    if rng.random() < 0.7:
        given += rng.choice(GIVEN_CHARS)
    return rng.choice(SURNAMES) + given


def address(rng: random.Random, province: Region, city: Region) -> str:
    """E.g. 江苏省苏州市工业路12号; a municipality is written once (北京市科技路5号)."""
    head = city.name_zh.split("（", 1)[0]
    if not head.startswith(province_short(province)):
        head = province.name_zh + head
    return f"{head}{rng.choice(ROADS)}路{rng.randint(1, 999)}号"
