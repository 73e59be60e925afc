"""The national credit lists of DOMAIN.md §4, as data.

Where a duration is fixed, `duration_months` carries it; lists that last until
lifted leave it empty.
"""

_SPC_LIST_RULE = (
    "《最高人民法院关于公布失信被执行人名单信息的若干规定》"
    "（法释〔2013〕17号，2017年修正，法释〔2017〕7号）"
)
_SPC_CONSUMPTION_RULE = (
    "《最高人民法院关于限制被执行人高消费及有关消费的若干规定》"
    "（法释〔2010〕8号，2015年修正，法释〔2015〕17号）"
)

LISTS = (
    {
        "slug": "dishonest-judgment-debtors",
        "name": "失信被执行人名单",
        "name_en": "Dishonest persons subject to enforcement",
        "colour": "black",
        "keeper": "人民法院",
        "legal_basis": f"《中华人民共和国民事诉讼法》；{_SPC_LIST_RULE}",
        "criteria": (
            "被执行人未履行生效法律文书确定的义务，并具有下列情形之一：有履行能力而"
            "拒不履行；以伪造证据、暴力、威胁等方法妨碍、抗拒执行；以虚假诉讼、虚假"
            "仲裁或者以隐匿、转移财产等方法规避执行；违反财产报告制度；违反限制消费令；"
            "无正当理由拒不履行执行和解协议。"
        ),
        "duration": (
            "2年；以暴力、威胁方法妨碍、抗拒执行情节严重或具有多项失信行为的，可延长1至3年"
        ),
        "duration_months": 24,
        "removal_rules": (
            "被执行人已履行全部义务、与申请执行人达成和解协议并经确认履行完毕，或者"
            "人民法院依法裁定终结执行的，人民法院应当在三个工作日内删除失信信息。"
        ),
        "repair_rules": (
            "不适用行政信用修复程序：履行义务后由人民法院删除。认为纳入有误的，可向"
            "执行法院申请纠正，法院自收到申请之日起十五日内审查，理由成立的在三个"
            "工作日内纠正。"
        ),
        "lists_minors": False,
    },
    {
        "slug": "consumption-restriction",
        "name": "限制消费人员",
        "name_en": "Persons subject to consumption restrictions",
        "colour": "black",
        "keeper": "人民法院",
        "legal_basis": _SPC_CONSUMPTION_RULE,
        "criteria": (
            "被执行人未按执行通知书指定的期间履行生效法律文书确定的给付义务的，"
            "人民法院可以采取限制消费措施。"
        ),
        "duration": "至人民法院解除限制消费令",
        "duration_months": None,
        "removal_rules": (
            "被执行人提供确实有效的担保或者经申请执行人同意的，人民法院可以解除限制"
            "消费令；被执行人履行完毕生效法律文书确定的义务的，人民法院应当解除。"
        ),
        "repair_rules": "履行义务后由人民法院解除限制消费令。",
        "lists_minors": True,
    },
    {
        "slug": "serious-illegal-dishonest",
        "name": "严重违法失信名单",
        "name_en": "Serious illegal and dishonest entities (market regulation)",
        "colour": "black",
        "keeper": "市场监督管理部门",
        "legal_basis": (
            "《市场监督管理严重违法失信名单管理办法》（国家市场监督管理总局令第44号）"
        ),
        "criteria": (
            "当事人违反法律、行政法规，性质恶劣、情节严重、社会危害较大，受到市场"
            "监督管理部门较重行政处罚，如食品药品、特种设备等领域严重危害人民群众"
            "生命健康、严重破坏公平竞争秩序、拒不履行法定义务等。"
        ),
        "duration": "3年",
        "duration_months": 36,
        "removal_rules": (
            "列入严重违法失信名单满三年的，由列入机关移出并停止公示相关信息。"
        ),
        "repair_rules": (
            "列入满一年，已履行行政处罚决定规定的义务、主动消除危害后果和不良影响、"
            "未再受到较重行政处罚的，可以向列入机关申请提前移出（信用修复）。"
        ),
        "lists_minors": True,
    },
    {
        "slug": "abnormal-operations",
        "name": "经营异常名录",
        "name_en": "Abnormal operations directory",
        "colour": "watch",
        "keeper": "市场监督管理部门",
        "legal_basis": (
            "《企业信息公示暂行条例》（国务院令第654号）；"
            "《企业经营异常名录管理暂行办法》（国家工商行政管理总局令第68号）"
        ),
        "criteria": (
            "未按照规定的期限公示年度报告；未在责令的期限内公示有关企业信息；公示"
            "企业信息隐瞒真实情况、弄虚作假；通过登记的住所或者经营场所无法联系。"
        ),
        "duration": (
            "至履行公示义务并申请移出；列入满3年仍未履行的，列入严重违法失信名单"
        ),
        "duration_months": None,
        "removal_rules": (
            "企业补报年度报告、更正公示信息或者依法办理住所变更登记后，可申请移出，"
            "登记机关核实后作出移出决定。"
        ),
        "repair_rules": "履行相关义务后申请移出，移出不收取任何费用。",
        "lists_minors": True,
    },
    {
        "slug": "major-tax-violations",
        "name": "重大税收违法失信主体",
        "name_en": "Major tax violators",
        "colour": "black",
        "keeper": "税务机关",
        "legal_basis": (
            "《重大税收违法失信主体信息公布管理办法》（国家税务总局令第54号）"
        ),
        "criteria": (
            "偷税数额在100万元以上且占应纳税额10%以上，逃避追缴欠税10万元以上，骗取"
            "国家出口退税款，虚开增值税专用发票，以及其他违法情节严重、有较大社会"
            "影响的税收违法行为。"
        ),
        "duration": "3年（自公布之日起）",
        "duration_months": 36,
        "removal_rules": "信息公布满三年的，税务机关停止公布并从公告栏中撤出。",
        "repair_rules": (
            "按照规定缴清税款、滞纳金和罚款，经税务机关确认的，可以申请提前停止公布。"
        ),
        "lists_minors": True,
    },
    {
        "slug": "procurement-dishonesty",
        "name": "政府采购严重违法失信行为记录",
        "name_en": "Government procurement serious dishonesty records",
        "colour": "black",
        "keeper": "财政部门",
        "legal_basis": (
            "《中华人民共和国政府采购法》第七十七条；《中华人民共和国政府采购法实施条例》"
        ),
        "criteria": (
            "供应商提供虚假材料谋取中标、成交，采取不正当手段诋毁、排挤其他供应商，"
            "与采购人、其他供应商或者采购代理机构恶意串通等，被处以一至三年内禁止"
            "参加政府采购活动的行政处罚。"
        ),
        "duration": "至禁止参加政府采购活动的期限届满",
        "duration_months": None,
        "removal_rules": "处罚期限届满后，不再作为禁止参加政府采购活动的依据。",
        "repair_rules": "",
        "lists_minors": True,
    },
    {
        "slug": "a-grade-taxpayers",
        "name": "纳税信用A级纳税人",
        "name_en": "A-grade taxpayers",
        "colour": "red",
        "keeper": "税务机关",
        "legal_basis": (
            "《纳税信用管理办法（试行）》（国家税务总局公告2014年第40号）；"
            "《关于对纳税信用A级纳税人实施联合激励措施的合作备忘录》（发改财金〔2016〕1467号）"
        ),
        "criteria": "年度纳税信用评价得分90分以上，且不存在不得评为A级的情形。",
        "duration": "按年度评价，一年",
        "duration_months": 12,
        "removal_rules": (
            "下一年度评价结果发布，或者因发现失信行为被调整级别的，不再为A级。"
        ),
        "repair_rules": "",
        "lists_minors": True,
    },
    {
        "slug": "customs-aeo-advanced",
        "name": "海关高级认证企业",
        "name_en": "Customs AEO advanced certified enterprises",
        "colour": "red",
        "keeper": "海关",
        "legal_basis": (
            "《中华人民共和国海关注册登记和备案企业信用管理办法》（海关总署令第251号）"
        ),
        "criteria": "企业申请并经海关认证，符合海关高级认证企业标准。",
        "duration": "按海关规定，海关定期复核",
        "duration_months": None,
        "removal_rules": "经海关复核不再符合高级认证企业标准的，海关调整其信用等级。",
        "repair_rules": "",
        "lists_minors": True,
    },
)
