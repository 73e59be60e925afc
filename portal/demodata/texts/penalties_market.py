"""Penalty templates of market regulators and environment authorities."""

_FOOD_LAW = "《中华人民共和国食品安全法》"
_AIR_LAW = "《中华人民共和国大气污染防治法》"

PENALTIES = (
    {
        "kind": "market_regulation",
        "counterparts": "ob",
        "weight": 14,
        "violation": "销售超过保质期的食品",
        "facts": (
            "经查，当事人于{date}在其经营场所销售超过保质期的{item}共{n}件，"
            "货值金额{value}元，违法所得{gain}元。",
            "{date}，执法人员现场检查发现当事人货架上陈列待售的{item}已超过保质期，"
            "共计{n}件，货值金额{value}元。",
        ),
        "items": ("酸奶", "面包", "火腿肠", "饮料", "饼干", "速冻水饺", "调味品"),
        "basis": f"{_FOOD_LAW}第三十四条第（十）项、第一百二十四条第一款第（五）项",
        "categories": (("fine", "confiscate_gains", "confiscate_property"),),
        "fine": (5_000, 100_000),
    },
    {
        "kind": "market_regulation",
        "counterparts": "ob",
        "weight": 8,
        "violation": "安排未取得健康证明的人员从事接触直接入口食品的工作",
        "facts": (
            "{date}，执法人员检查发现当事人安排{n}名未取得健康证明的人员从事"
            "{item}等接触直接入口食品的工作。",
        ),
        "items": ("凉菜制作", "餐饮服务", "面点制作", "食品分装"),
        "basis": f"{_FOOD_LAW}第四十五条、第一百二十六条第一款第（六）项",
        "categories": (("warning",), ("warning", "fine")),
        "fine": (5_000, 50_000),
    },
    {
        "kind": "market_regulation",
        "counterparts": "obp",
        "weight": 6,
        "violation": "未取得食品经营许可从事食品经营活动",
        "facts": (
            "经查，当事人自{date}起未取得食品经营许可，擅自从事{item}经营活动，"
            "货值金额{value}元，违法所得{gain}元。",
        ),
        "items": ("餐饮服务", "散装食品销售", "网络食品销售", "预包装食品销售"),
        "basis": f"{_FOOD_LAW}第三十五条第一款、第一百二十二条第一款",
        "categories": (("fine", "confiscate_gains", "confiscate_property"),),
        "fine": (50_000, 100_000),
    },
    {
        "kind": "market_regulation",
        "counterparts": "bp",
        "weight": 6,
        "violation": "未经设立登记从事经营活动",
        "facts": (
            "经查，当事人自{date}起未依法办理登记，在{item}从事经营活动，"
            "经责令改正后拒不改正，违法所得{gain}元。",
        ),
        "items": ("城区街道", "农贸市场", "居民小区", "工业园区"),
        "basis": "《中华人民共和国市场主体登记管理条例》第三条、第四十三条",
        "categories": (("fine", "confiscate_gains"),),
        "fine": (10_000, 100_000),
    },
    {
        "kind": "market_regulation",
        "counterparts": "ob",
        "weight": 7,
        "violation": "不明码标价",
        "facts": ("{date}，执法人员检查发现当事人销售的{item}等{n}种商品未明码标价。",),
        "items": ("水果", "日用品", "药品", "烟酒", "服装"),
        "basis": "《中华人民共和国价格法》第十三条、第四十二条",
        "categories": (("warning",), ("fine",), ("warning", "fine")),
        "fine": (500, 5_000),
    },
    {
        "kind": "market_regulation",
        "counterparts": "o",
        "weight": 4,
        "violation": "发布含有“国家级”“最高级”“最佳”等用语的广告",
        "facts": (
            "经查，当事人自{date}起在其网店页面发布的{item}广告中使用"
            "“最佳”“国家级”等用语，广告费用{value}元。",
        ),
        "items": ("保健食品", "化妆品", "家用电器", "装修服务", "教育培训"),
        "basis": "《中华人民共和国广告法》第九条第（三）项、第五十七条第（一）项",
        "categories": (("fine",),),
        "fine": (200_000, 1_000_000),
    },
    {
        "kind": "market_regulation",
        "counterparts": "o",
        "weight": 4,
        "violation": "生产、销售不符合保障人体健康和人身、财产安全标准的产品",
        "facts": (
            "经抽样检验，当事人于{date}销售的{item}不符合国家标准，"
            "共{n}件，货值金额{value}元，违法所得{gain}元。",
        ),
        "items": ("电线电缆", "儿童玩具", "电动自行车头盔", "燃气灶具", "插座"),
        "basis": "《中华人民共和国产品质量法》第十三条、第四十九条",
        "categories": (("fine", "confiscate_gains", "confiscate_property"),),
        "fine": (5_000, 300_000),
    },
    {
        "kind": "market_regulation",
        "counterparts": "o",
        "weight": 3,
        "violation": "使用未经定期检验的特种设备",
        "facts": (
            "{date}，执法人员检查发现当事人使用的{n}台{item}超过定期检验有效期，"
            "未申报检验继续使用。",
        ),
        "items": ("电梯", "叉车", "压力容器", "锅炉", "起重机械"),
        "basis": "《中华人民共和国特种设备安全法》第四十条、第八十四条第（一）项",
        "categories": (("fine",),),
        "fine": (30_000, 300_000),
    },
    {
        "kind": "ecology_environment",
        "counterparts": "o",
        "weight": 6,
        "violation": "超过大气污染物排放标准排放大气污染物",
        "facts": (
            "{date}，执法人员对当事人{item}排放口进行监测，颗粒物排放浓度超过"
            "排放标准{n}%。",
        ),
        "items": ("锅炉", "喷涂车间", "熔炼炉", "烘干工序"),
        "basis": f"{_AIR_LAW}第十八条、第九十九条第（二）项",
        "categories": (("fine",), ("fine", "restrict_operations")),
        "fine": (100_000, 1_000_000),
    },
    {
        "kind": "ecology_environment",
        "counterparts": "o",
        "weight": 5,
        "violation": "产生挥发性有机物废气的生产活动未在密闭空间或者设备中进行",
        "facts": (
            "{date}，执法人员现场检查发现当事人{item}工序未在密闭空间中进行，"
            "废气未经收集处理直接排放。",
        ),
        "items": ("喷漆", "印刷", "调漆", "涂胶"),
        "basis": f"{_AIR_LAW}第四十五条、第一百零八条第（一）项",
        "categories": (("fine",),),
        "fine": (20_000, 200_000),
    },
    {
        "kind": "ecology_environment",
        "counterparts": "o",
        "weight": 4,
        "violation": "超过水污染物排放标准排放水污染物",
        "facts": ("经监测，当事人{date}外排废水中{item}浓度超过排放标准{n}%。",),
        "items": ("化学需氧量", "氨氮", "总磷", "悬浮物"),
        "basis": "《中华人民共和国水污染防治法》第十条、第八十三条第（二）项",
        "categories": (("fine",), ("fine", "restrict_operations")),
        "fine": (100_000, 1_000_000),
    },
    {
        "kind": "ecology_environment",
        "counterparts": "o",
        "weight": 3,
        "violation": "建设项目环境影响评价文件未经批准擅自开工建设",
        "facts": (
            "经查，当事人{item}项目环境影响报告表未经审批，于{date}擅自开工建设，"
            "项目总投资{value}万元。",
        ),
        "items": ("年产五万件家具", "汽车维修", "塑料制品加工", "金属表面处理"),
        "basis": "《中华人民共和国环境影响评价法》第二十五条、第三十一条第一款",
        "categories": (("fine",),),
        "fine": (50_000, 500_000),
    },
    {
        "kind": "ecology_environment",
        "counterparts": "o",
        "weight": 2,
        "violation": "未按照规定设置危险废物识别标志",
        "facts": (
            "{date}，执法人员检查发现当事人危险废物贮存场所未设置识别标志，"
            "贮存{item}约{n}吨。",
        ),
        "items": ("废矿物油", "废活性炭", "废包装桶", "漆渣"),
        "basis": "《中华人民共和国固体废物污染环境防治法》第七十七条、第一百一十二条",
        "categories": (("fine",),),
        "fine": (100_000, 1_000_000),
    },
)
