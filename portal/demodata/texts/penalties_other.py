"""Penalty templates of tax, safety, construction, labour and other authorities."""

_TAX_LAW = "《中华人民共和国税收征收管理法》"

PENALTIES = (
    {
        "kind": "tax",
        "counterparts": "obp",
        "weight": 12,
        "violation": "未按照规定期限办理纳税申报和报送纳税资料",
        "facts": (
            "当事人未按照规定期限办理{date}所属期{item}的纳税申报，"
            "经责令限期改正后逾期申报。",
        ),
        "items": ("增值税", "个人所得税（代扣代缴）", "城市维护建设税", "印花税"),
        "basis": f"{_TAX_LAW}第二十五条、第六十二条",
        "categories": (("fine",),),
        "fine": (500, 2_000),
    },
    {
        "kind": "tax",
        "counterparts": "o",
        "weight": 4,
        "violation": "偷税",
        "facts": (
            "经查，当事人在{date}至今期间通过{item}的方式少申报收入，"
            "少缴增值税及附加{value}元。",
        ),
        "items": ("个人账户收取货款", "账外经营", "虚列成本", "隐匿销售收入"),
        "basis": f"{_TAX_LAW}第六十三条第一款",
        "categories": (("fine",),),
        "fine": (10_000, 5_000_000),
    },
    {
        "kind": "tax",
        "counterparts": "ob",
        "weight": 3,
        "violation": "未按照规定的期限申报办理变更税务登记",
        "facts": ("当事人于{date}变更{item}后，未在规定期限内办理变更税务登记。",),
        "items": ("经营地址", "法定代表人", "经营范围", "注册资本"),
        "basis": f"{_TAX_LAW}第十六条、第六十条第一款第（一）项",
        "categories": (("fine",),),
        "fine": (500, 2_000),
    },
    {
        "kind": "other",
        "counterparts": "ob",
        "weight": 7,
        "violation": "消防设施、器材未保持完好有效",
        "facts": (
            "{date}，消防监督检查发现当事人{item}，经责令改正逾期未改。",
            "{date}，检查发现当事人经营场所{item}，存在火灾隐患。",
        ),
        "items": (
            "室内消火栓无水",
            "火灾自动报警系统故障",
            "疏散通道被占用",
            "安全出口被锁闭",
            "灭火器失效",
        ),
        "basis": "《中华人民共和国消防法》第十六条、第二十八条、第六十条第一款",
        "categories": (("fine",), ("warning", "fine")),
        "fine": (5_000, 50_000),
    },
    {
        "kind": "emergency_management",
        "counterparts": "o",
        "weight": 5,
        "violation": "未按照规定对从业人员进行安全生产教育和培训",
        "facts": (
            "{date}，执法人员检查发现当事人{workers}名{item}未经安全生产教育和培训"
            "即上岗作业。",
        ),
        "items": ("一线操作人员", "特种作业人员", "新入职员工", "外包作业人员"),
        "basis": "《中华人民共和国安全生产法》第二十八条、第九十七条第（三）项",
        "categories": (("fine",),),
        "fine": (10_000, 100_000),
    },
    {
        "kind": "emergency_management",
        "counterparts": "o",
        "weight": 3,
        "violation": "未对安全设备进行经常性维护、保养和定期检测",
        "facts": ("{date}，执法人员检查发现当事人{item}未定期检测，部分已损坏。",),
        "items": ("可燃气体报警装置", "通风设备", "防爆电气设备", "安全联锁装置"),
        "basis": "《中华人民共和国安全生产法》第三十六条、第九十九条第（二）项",
        "categories": (("fine",),),
        "fine": (10_000, 50_000),
    },
    {
        "kind": "housing_construction",
        "counterparts": "o",
        "weight": 3,
        "violation": "未取得施工许可证擅自施工",
        "facts": (
            "经查，当事人建设的{item}项目未取得施工许可证，于{date}擅自开工，"
            "工程合同价款{value}万元。",
        ),
        "items": ("厂房", "综合楼", "仓库", "商业用房"),
        "basis": "《中华人民共和国建筑法》第七条；《建设工程质量管理条例》第五十七条",
        "categories": (("fine",),),
        "fine": (20_000, 500_000),
    },
    {
        "kind": "housing_construction",
        "counterparts": "o",
        "weight": 3,
        "violation": "施工单位不按照工程设计图纸或者施工技术标准施工",
        "facts": (
            "{date}，监督抽查发现当事人承建的{item}工程{n}处钢筋保护层厚度"
            "不符合设计要求。",
        ),
        "items": ("住宅小区", "学校教学楼", "安置房", "厂房"),
        "basis": "《建设工程质量管理条例》第二十八条、第六十四条",
        "categories": (("fine",), ("fine", "suspend_operations")),
        "fine": (50_000, 800_000),
    },
    {
        "kind": "human_resources",
        "counterparts": "ob",
        "weight": 3,
        "violation": "安排劳动者延长工作时间超过法定限度",
        "facts": (
            "经查，当事人自{date}起安排{workers}名{item}每月延长工作时间超过"
            "三十六小时。",
        ),
        "items": ("生产线工人", "快递分拣员", "餐厅服务员", "保安人员"),
        "basis": "《中华人民共和国劳动法》第四十一条；《劳动保障监察条例》第二十五条",
        "categories": (("warning", "fine"), ("fine",)),
        "fine": (1_000, 25_000),
    },
    {
        "kind": "human_resources",
        "counterparts": "o",
        "weight": 2,
        "violation": "未按时足额缴纳社会保险费",
        "facts": (
            "当事人自{date}起未为{workers}名职工足额缴纳社会保险费，"
            "经责令限期缴纳后逾期仍不缴纳，欠缴金额{value}元。",
        ),
        "items": ("",),
        "basis": "《中华人民共和国社会保险法》第八十六条",
        "categories": (("fine",),),
        "fine": (10_000, 300_000),
    },
    {
        "kind": "transport",
        "counterparts": "op",
        "weight": 4,
        "violation": "未取得道路运输经营许可擅自从事道路运输经营",
        "facts": (
            "{date}，执法人员检查发现当事人驾驶车辆未取得道路运输经营许可，"
            "擅自从事{item}，收取运费{gain}元。",
        ),
        "items": ("道路旅客运输", "道路普通货物运输", "网约车客运"),
        "basis": "《中华人民共和国道路运输条例》第六十三条",
        "categories": (("fine", "confiscate_gains"),),
        "fine": (10_000, 100_000),
    },
    {
        "kind": "transport",
        "counterparts": "op",
        "weight": 4,
        "violation": "车辆超限运输",
        "facts": (
            "{date}，当事人驾驶的货车运载{item}经检测车货总质量超过限定标准{n}%。",
        ),
        "items": ("砂石", "钢材", "水泥", "煤炭"),
        "basis": "《公路安全保护条例》第三十三条、第六十四条",
        "categories": (("fine",),),
        "fine": (500, 30_000),
    },
    {
        "kind": "health",
        "counterparts": "ob",
        "weight": 3,
        "violation": "未依法取得公共场所卫生许可证擅自营业",
        "facts": (
            "{date}，执法人员检查发现当事人未取得公共场所卫生许可证擅自从事"
            "{item}经营活动。",
        ),
        "items": ("美容美发", "足浴", "住宿", "游泳场所"),
        "basis": (
            "《公共场所卫生管理条例》第八条；《公共场所卫生管理条例实施细则》第三十五条"
        ),
        "categories": (("warning", "fine"),),
        "fine": (500, 5_000),
    },
    {
        "kind": "health",
        "counterparts": "p",
        "weight": 2,
        "violation": "未取得医疗机构执业许可证擅自执业",
        "facts": (
            "经查，当事人自{date}起未取得医疗机构执业许可证，擅自开展{item}"
            "等诊疗活动，违法所得{gain}元。",
        ),
        "items": ("输液", "拔牙", "针灸推拿", "注射"),
        "basis": "《中华人民共和国基本医疗卫生与健康促进法》第三十八条、第九十九条",
        "categories": (("fine", "confiscate_gains", "confiscate_property"),),
        "fine": (50_000, 200_000),
    },
    {
        "kind": "culture_tourism",
        "counterparts": "ob",
        "weight": 2,
        "violation": "互联网上网服务营业场所接纳未成年人",
        "facts": ("{date}，执法人员检查发现当事人经营场所内有{n}名未成年人上网。",),
        "items": ("",),
        "basis": "《互联网上网服务营业场所管理条例》第二十一条、第三十一条第（二）项",
        "categories": (("warning", "fine"), ("warning",)),
        "fine": (1_000, 15_000),
    },
    {
        "kind": "natural_resources",
        "counterparts": "op",
        "weight": 2,
        "violation": "未经批准非法占用土地",
        "facts": ("经查，当事人于{date}未经批准占用集体土地{n}平方米建设{item}。",),
        "items": ("仓库", "厂房", "住宅", "停车场"),
        "basis": (
            "《中华人民共和国土地管理法》第七十七条；"
            "《中华人民共和国土地管理法实施条例》第五十七条"
        ),
        "categories": (("fine", "other"),),
        "fine": (10_000, 500_000),
    },
)
