"""Realistic Chinese names for fictitious people, companies and shops."""

import random

# Common surnames, most frequent first; the weights fall with the rank.
_SURNAMES = (
    "王李张刘陈杨黄赵吴周徐孙马朱胡郭何高林罗郑梁谢宋唐许韩冯邓曹彭曾肖田董袁潘于蒋"
    "蔡余杜叶程苏魏吕丁任沈姚卢姜崔钟谭陆汪范金石廖贾夏韦付方白邹孟熊秦邱江尹薛闫段"
    "雷侯龙史陶黎贺顾毛郝龚邵万钱严覃武戴莫孔向汤"
)
_SURNAME_WEIGHTS = tuple(1 / (rank + 8) for rank in range(len(_SURNAMES)))
_MALE = "伟强磊军勇杰涛斌超明刚平辉鹏华飞鑫波宇浩凯健俊帆建国志文博海峰亮晨洋昊然睿"
_FEMALE = "芳娜敏静丽艳娟霞秀英慧婷雪琳洁玲颖倩琴云莉兰红梅燕萍晶佳欣怡瑶雯思悦璐"

_BRAND = (
    "华信鑫达盛源恒通宏泰安康瑞丰利兴隆嘉德祥新金宇天海中博创联聚汇优佳美锦润远晨明"
)
_TRADES = (
    "网络科技",
    "信息技术",
    "建材",
    "食品",
    "餐饮管理",
    "建筑工程",
    "物流",
    "贸易",
    "环保科技",
    "化工",
    "机械制造",
    "服饰",
    "电子",
    "医药",
    "房地产开发",
    "物业管理",
    "汽车服务",
    "电子商务",
    "生物科技",
    "印刷",
    "纺织",
    "家具",
    "农业开发",
    "新能源",
    "装饰工程",
    "劳务",
    "旅游",
    "文化传媒",
    "教育咨询",
    "酒店管理",
    "超市",
    "供应链管理",
    "塑料制品",
    "五金制品",
    "水产",
)
_LEGAL_FORMS = ("有限公司", "股份有限公司", "有限责任公司", "集团有限公司")
_LEGAL_FORM_WEIGHTS = (80, 8, 10, 2)
_SHOPS = (
    "便利店",
    "小吃店",
    "五金店",
    "理发店",
    "烟酒商行",
    "水果店",
    "汽车修理部",
    "服装店",
    "副食店",
    "面馆",
    "餐馆",
    "日用品商店",
    "手机维修店",
    "建材经营部",
    "农资店",
    "茶叶店",
    "家电维修部",
    "美容美发店",
    "洗车店",
    "早餐店",
    "大药房",
    "酒家",
)
_COOP_TRADES = (
    "果蔬",
    "茶叶",
    "水产养殖",
    "生猪养殖",
    "粮食种植",
    "花卉苗木",
    "食用菌",
)
_PRIVATE_NON_ENTERPRISE = (
    "培训学校",
    "养老服务中心",
    "职业技能培训学校",
    "社会工作服务中心",
    "幼儿园",
    "康复中心",
)
_ASSOCIATIONS = (
    "餐饮行业协会",
    "建筑业协会",
    "个体劳动者协会",
    "物流协会",
    "电子商务协会",
    "服装商会",
    "家具行业协会",
)
_INSTITUTIONS = (
    "第{n}人民医院",
    "中医医院",
    "妇幼保健院",
    "疾病预防控制中心",
    "农业科学研究院",
    "公共资源交易中心",
    "第{n}中学",
    "实验小学",
    "图书馆",
    "档案馆",
)
_NUMERALS = "一二三四五六七八九"


def person(rng: random.Random, *, male: bool | None = None) -> str:
    """Return a person's name: a surname and one or two given characters."""
    if male is None:
        male = rng.random() < 0.5
    surname = rng.choices(_SURNAMES, _SURNAME_WEIGHTS)[0]
    pool = _MALE if male else _FEMALE
    length = 1 if rng.random() < 0.3 else 2
    return surname + "".join(rng.choices(pool, k=length))


def _brand(rng: random.Random) -> str:
    first, second = rng.sample(_BRAND, 2)
    return first + second


def company(rng: random.Random, place: str) -> str:
    """Return place + brand + trade + legal form, e.g. 宁波鑫达建材有限公司."""
    form = rng.choices(_LEGAL_FORMS, _LEGAL_FORM_WEIGHTS)[0]
    return place + _brand(rng) + rng.choice(_TRADES) + form


def shop(rng: random.Random, place: str) -> str:
    """Return an individual business's name, e.g. 义乌市鑫达五金店."""
    return place + _brand(rng) + rng.choice(_SHOPS)


def cooperative(rng: random.Random, place: str) -> str:
    return place + _brand(rng) + rng.choice(_COOP_TRADES) + "专业合作社"


def private_non_enterprise(rng: random.Random, place: str) -> str:
    return place + _brand(rng) + rng.choice(_PRIVATE_NON_ENTERPRISE)


def association(rng: random.Random, place: str) -> str:
    return place + rng.choice(_ASSOCIATIONS)


def institution(rng: random.Random, place: str) -> str:
    name = rng.choice(_INSTITUTIONS).format(n=rng.choice(_NUMERALS))
    return place + name
