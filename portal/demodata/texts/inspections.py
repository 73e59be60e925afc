"""Random-inspection themes for the demo data: items, legal bases, results.

Each theme is a plan's subject with its inspection items (抽查事项); each item
cites the law it rests on (articles as the laws number them; docs/inspections.md
gives the sources of the 企业信息公示暂行条例 and the 抽查办法) and says which
department records its results. OUTCOMES gives, per item, the result
categories of portal/inspections/reference.py with their weights and the
details an inspector writes.
"""

from dataclasses import dataclass

from portal.registry.models import Authority, CounterpartCategory

MARKET = Authority.Kind.MARKET_REGULATION
TAX = Authority.Kind.TAX
ECOLOGY = Authority.Kind.ECOLOGY_ENVIRONMENT
ORGANISATION = CounterpartCategory.ORGANISATION
SHOP = CounterpartCategory.INDIVIDUAL_BUSINESS


@dataclass(frozen=True)
class Item:
    title: str
    basis: str
    outcome: str  # key of OUTCOMES
    kind: str  # the kind of authority responsible for it


@dataclass(frozen=True)
class Theme:
    name: str
    categories: tuple[str, ...]  # counterpart categories to try, preferred first
    items: tuple[Item, ...]

    @property
    def partners(self) -> tuple[str, ...]:
        """Return the kinds of the partner departments: joint if any."""
        kinds = (item.kind for item in self.items if item.kind != MARKET)
        return tuple(dict.fromkeys(kinds))


_DISCLOSURE = Item(
    "企业年度报告公示信息的检查",
    "《企业信息公示暂行条例》第十四条；《企业公示信息抽查办法》第四条、第五条",
    "disclosure",
    MARKET,
)
ENTERPRISE = Theme(
    "企业公示信息双随机抽查",
    (ORGANISATION,),
    (
        _DISCLOSURE,
        Item(
            "企业即时公示信息的检查",
            "《企业信息公示暂行条例》第十条、第十四条",
            "disclosure",
            MARKET,
        ),
    ),
)
FOOD = Theme(
    "食品销售环节双随机抽查",
    (SHOP, ORGANISATION),
    (
        Item(
            "食品经营许可情况的检查",
            "《中华人民共和国食品安全法》第三十五条、第一百一十条",
            "food",
            MARKET,
        ),
        Item(
            "食品进货查验记录制度落实情况的检查",
            "《中华人民共和国食品安全法》第五十三条、第一百一十条；"
            "《食品生产经营监督检查管理办法》",
            "food",
            MARKET,
        ),
    ),
)
PRICE = Theme(
    "明码标价双随机抽查",
    (SHOP, ORGANISATION),
    (
        Item(
            "经营者明码标价情况的检查",
            "《中华人民共和国价格法》第十三条、第三十四条；"
            "《明码标价和禁止价格欺诈规定》",
            "price",
            MARKET,
        ),
    ),
)
_PRODUCT = Item(
    "生产领域产品质量的检查",
    "《中华人民共和国产品质量法》第十五条",
    "product",
    MARKET,
)
PRODUCT = Theme(
    "生产领域产品质量双随机抽查",
    (ORGANISATION,),
    (
        _PRODUCT,
        Item(
            "产品标识标注情况的检查",
            "《中华人民共和国产品质量法》第二十七条",
            "product",
            MARKET,
        ),
    ),
)
ADVERT = Theme(
    "广告发布行为双随机抽查",
    (ORGANISATION,),
    (
        Item(
            "广告发布内容合法性的检查",
            "《中华人民共和国广告法》第九条、第四十九条",
            "advert",
            MARKET,
        ),
    ),
)
_TAX_RETURNS = Item(
    "纳税申报情况的检查",
    "《中华人民共和国税收征收管理法》第二十五条、第五十四条",
    "tax",
    TAX,
)
_DISCHARGE = Item(
    "排污许可证执行情况的检查",
    "《中华人民共和国环境保护法》第二十四条、第四十五条",
    "ecology",
    ECOLOGY,
)
JOINT_TAX = Theme(
    "企业公示信息和纳税申报部门联合双随机抽查",
    (ORGANISATION,),
    (_DISCLOSURE, _TAX_RETURNS),
)
JOINT_ECOLOGY = Theme(
    "工业产品生产企业部门联合双随机抽查",
    (ORGANISATION,),
    (_PRODUCT, _DISCHARGE),
)
JOINT_ALL = Theme(
    "重点行业企业部门联合双随机抽查",
    (ORGANISATION,),
    (_DISCLOSURE, _TAX_RETURNS, _DISCHARGE),
)

# Result categories (portal/inspections/reference.py) by item, with weights
# and the details an inspector writes.
OUTCOMES = {
    "disclosure": (
        ("no_problem", 70, "经核查企业年度报告及即时信息的公示情况，未发现问题。"),
        (
            "undisclosed_information",
            10,
            "未按规定公示股东认缴和实缴出资信息，已告知企业依法补正公示。",
        ),
        ("false_disclosure", 4, "年度报告公示的从业人数、资产总额与实际情况不符。"),
        ("unreachable_address", 8, "检查人员两次到登记住所实地核查，均无法取得联系。"),
        (
            "ordered_to_correct",
            8,
            "年度报告公示的联系电话、通信地址有误，已责令改正。",
        ),
    ),
    "food": (
        (
            "no_problem",
            65,
            "现场检查食品经营许可、进货查验记录和贮存条件，未发现问题。",
        ),
        (
            "ordered_to_correct",
            20,
            "进货查验记录不完整，部分批次未留存供货者许可证复印件，已责令改正。",
        ),
        ("pending_follow_up", 5, "发现超过保质期的预包装食品，已立案调查。"),
        ("activity_not_found", 10, "经现场检查，该经营者已停止食品销售活动。"),
    ),
    "price": (
        ("no_problem", 70, "现场检查商品和服务价格标示情况，未发现问题。"),
        ("ordered_to_correct", 25, "部分商品未标明价格，已当场责令改正。"),
        ("activity_not_found", 5, "经现场检查，该经营者已停止经营。"),
    ),
    "product": (
        ("no_problem", 72, "现场检查生产记录、出厂检验记录和产品标识，未发现问题。"),
        ("ordered_to_correct", 15, "产品标识未标明生产者地址，已责令改正。"),
        ("pending_follow_up", 8, "抽取的样品经检验不合格，已依法立案处理。"),
        ("activity_not_found", 5, "未发现该企业开展本次抽查涉及的生产活动。"),
    ),
    "advert": (
        ("no_problem", 75, "检查经营场所、网站及自媒体账号发布的广告，未发现问题。"),
        (
            "ordered_to_correct",
            15,
            "自媒体账号发布的广告使用“最佳”等绝对化用语，已责令停止发布并改正。",
        ),
        ("pending_follow_up", 5, "发布的广告涉嫌虚假宣传，已转执法机构调查。"),
        ("activity_not_found", 5, "未发现该企业发布广告。"),
    ),
    "tax": (
        ("no_problem", 75, "检查纳税申报、发票使用和账簿设置情况，未发现问题。"),
        ("ordered_to_correct", 20, "未按期申报印花税，已责令限期改正并补缴税款。"),
        ("pending_follow_up", 5, "取得的部分发票涉嫌不合规，已移交税务稽查部门。"),
    ),
    "ecology": (
        (
            "no_problem",
            70,
            "现场检查排污许可证载明事项执行情况和自行监测记录，未发现问题。",
        ),
        ("ordered_to_correct", 20, "自行监测记录不完整，已责令改正。"),
        ("pending_follow_up", 10, "废气排放口疑似超标排放，已采样送检，待后续处理。"),
    ),
}
CONFLICT_NOTES = (
    "近亲属在该企业担任高级管理人员。",
    "本人曾在该企业任职，离职未满三年。",
    "配偶持有该企业股份。",
    "与该企业法定代表人系近亲属。",
)
CORRECTIONS = (
    "复核现场检查笔录时发现录入的检查结果与笔录不一致，按笔录更正。",
    "当事人对检查结果提出异议，经复核，原录入的检查情况有误，予以更正。",
)
WITHDRAWAL = (
    "当事人提出异议并提交了经营场所租赁合同等材料，经复核异议成立，撤下该检查结果。"
)
