"""GB/T 2260 regions the portal ships with: real codes, loadable in production.

All provincial-level divisions; every demonstration city of batches 1, 3 and 4
(DOMAIN.md §5) with the prefecture that holds each county-level city; and the
provincial capitals that are not demonstration cities. Districts of the four
municipalities sit directly under the municipality.
"""

PROVINCE = "province"
PREFECTURE = "prefecture"
COUNTY = "county"

# (code, name, English name)
PROVINCES = (
    ("110000", "北京市", "Beijing"),
    ("120000", "天津市", "Tianjin"),
    ("130000", "河北省", "Hebei"),
    ("140000", "山西省", "Shanxi"),
    ("150000", "内蒙古自治区", "Inner Mongolia"),
    ("210000", "辽宁省", "Liaoning"),
    ("220000", "吉林省", "Jilin"),
    ("230000", "黑龙江省", "Heilongjiang"),
    ("310000", "上海市", "Shanghai"),
    ("320000", "江苏省", "Jiangsu"),
    ("330000", "浙江省", "Zhejiang"),
    ("340000", "安徽省", "Anhui"),
    ("350000", "福建省", "Fujian"),
    ("360000", "江西省", "Jiangxi"),
    ("370000", "山东省", "Shandong"),
    ("410000", "河南省", "Henan"),
    ("420000", "湖北省", "Hubei"),
    ("430000", "湖南省", "Hunan"),
    ("440000", "广东省", "Guangdong"),
    ("450000", "广西壮族自治区", "Guangxi"),
    ("460000", "海南省", "Hainan"),
    ("500000", "重庆市", "Chongqing"),
    ("510000", "四川省", "Sichuan"),
    ("520000", "贵州省", "Guizhou"),
    ("530000", "云南省", "Yunnan"),
    ("540000", "西藏自治区", "Xizang"),
    ("610000", "陕西省", "Shaanxi"),
    ("620000", "甘肃省", "Gansu"),
    ("630000", "青海省", "Qinghai"),
    ("640000", "宁夏回族自治区", "Ningxia"),
    ("650000", "新疆维吾尔自治区", "Xinjiang"),
)

# Prefecture-level cities; the parent is the province of the first two digits.
# (code, name, English name)
PREFECTURES = (
    # Hebei
    ("130100", "石家庄市", "Shijiazhuang"),
    ("130200", "唐山市", "Tangshan"),
    ("130300", "秦皇岛市", "Qinhuangdao"),
    ("130500", "邢台市", "Xingtai"),
    ("130600", "保定市", "Baoding"),
    ("130900", "沧州市", "Cangzhou"),
    ("140100", "太原市", "Taiyuan"),
    ("150100", "呼和浩特市", "Hohhot"),
    ("150300", "乌海市", "Wuhai"),
    ("210100", "沈阳市", "Shenyang"),
    ("210200", "大连市", "Dalian"),
    ("210800", "营口市", "Yingkou"),
    ("220100", "长春市", "Changchun"),
    ("220300", "四平市", "Siping"),
    ("220700", "松原市", "Songyuan"),
    ("220800", "白城市", "Baicheng"),
    ("230100", "哈尔滨市", "Harbin"),
    # Jiangsu
    ("320100", "南京市", "Nanjing"),
    ("320200", "无锡市", "Wuxi"),
    ("320300", "徐州市", "Xuzhou"),
    ("320400", "常州市", "Changzhou"),
    ("320500", "苏州市", "Suzhou"),
    ("320600", "南通市", "Nantong"),
    ("320800", "淮安市", "Huai'an"),
    ("320900", "盐城市", "Yancheng"),
    ("321000", "扬州市", "Yangzhou"),
    ("321200", "泰州市", "Taizhou (Jiangsu)"),
    ("321300", "宿迁市", "Suqian"),
    # Zhejiang
    ("330100", "杭州市", "Hangzhou"),
    ("330200", "宁波市", "Ningbo"),
    ("330300", "温州市", "Wenzhou"),
    ("330400", "嘉兴市", "Jiaxing"),
    ("330500", "湖州市", "Huzhou"),
    ("330600", "绍兴市", "Shaoxing"),
    ("330700", "金华市", "Jinhua"),
    ("330800", "衢州市", "Quzhou"),
    ("330900", "舟山市", "Zhoushan"),
    ("331000", "台州市", "Taizhou (Zhejiang)"),
    ("331100", "丽水市", "Lishui"),
    # Anhui, Fujian, Jiangxi
    ("340100", "合肥市", "Hefei"),
    ("340300", "蚌埠市", "Bengbu"),
    ("341300", "宿州市", "Suzhou (Anhui)"),
    ("350100", "福州市", "Fuzhou"),
    ("350200", "厦门市", "Xiamen"),
    ("350500", "泉州市", "Quanzhou"),
    ("350600", "漳州市", "Zhangzhou"),
    ("360100", "南昌市", "Nanchang"),
    ("360300", "萍乡市", "Pingxiang"),
    # Shandong
    ("370100", "济南市", "Jinan"),
    ("370300", "淄博市", "Zibo"),
    ("370400", "枣庄市", "Zaozhuang"),
    ("370600", "烟台市", "Yantai"),
    ("370700", "潍坊市", "Weifang"),
    ("370800", "济宁市", "Jining"),
    ("370900", "泰安市", "Tai'an"),
    ("371000", "威海市", "Weihai"),
    ("371100", "日照市", "Rizhao"),
    ("371400", "德州市", "Dezhou"),
    ("371500", "聊城市", "Liaocheng"),
    # Henan
    ("410100", "郑州市", "Zhengzhou"),
    ("410500", "安阳市", "Anyang"),
    ("410600", "鹤壁市", "Hebi"),
    ("410700", "新乡市", "Xinxiang"),
    ("410800", "焦作市", "Jiaozuo"),
    ("411100", "漯河市", "Luohe"),
    ("411300", "南阳市", "Nanyang"),
    ("411500", "信阳市", "Xinyang"),
    # Hubei, Hunan
    ("420100", "武汉市", "Wuhan"),
    ("420800", "荆门市", "Jingmen"),
    ("430100", "长沙市", "Changsha"),
    ("431000", "郴州市", "Chenzhou"),
    ("431100", "永州市", "Yongzhou"),
    # Guangdong, Guangxi, Hainan
    ("440100", "广州市", "Guangzhou"),
    ("440300", "深圳市", "Shenzhen"),
    ("440600", "佛山市", "Foshan"),
    ("441300", "惠州市", "Huizhou"),
    ("441900", "东莞市", "Dongguan"),
    ("442000", "中山市", "Zhongshan"),
    ("450100", "南宁市", "Nanning"),
    ("450200", "柳州市", "Liuzhou"),
    ("460100", "海口市", "Haikou"),
    # Sichuan, Guizhou, Yunnan, Xizang
    ("510100", "成都市", "Chengdu"),
    ("510700", "绵阳市", "Mianyang"),
    ("510800", "广元市", "Guangyuan"),
    ("520100", "贵阳市", "Guiyang"),
    ("530100", "昆明市", "Kunming"),
    ("530500", "保山市", "Baoshan"),
    ("540100", "拉萨市", "Lhasa"),
    # Shaanxi, Gansu, Qinghai, Ningxia, Xinjiang
    ("610100", "西安市", "Xi'an"),
    ("610600", "延安市", "Yan'an"),
    ("610800", "榆林市", "Yulin"),
    ("620100", "兰州市", "Lanzhou"),
    ("620300", "金昌市", "Jinchang"),
    ("620700", "张掖市", "Zhangye"),
    ("630100", "西宁市", "Xining"),
    ("640100", "银川市", "Yinchuan"),
    ("650100", "乌鲁木齐市", "Urumqi"),
)

# County-level cities under the prefecture of their first four digits, and
# districts of municipalities under the municipality.
# (code, name, English name)
COUNTIES = (
    ("110101", "东城区", "Dongcheng District"),
    ("110102", "西城区", "Xicheng District"),
    ("110108", "海淀区", "Haidian District"),
    ("120103", "河西区", "Hexi District"),
    ("120116", "滨海新区", "Binhai New Area"),
    ("130281", "遵化市", "Zunhua"),
    ("130283", "迁安市", "Qian'an"),
    ("130284", "滦州市", "Luanzhou"),
    ("130581", "南宫市", "Nangong"),
    ("130582", "沙河市", "Shahe"),
    ("130682", "定州市", "Dingzhou"),
    ("130982", "任丘市", "Renqiu"),
    ("130983", "黄骅市", "Huanghua"),
    ("310104", "徐汇区", "Xuhui District"),
    ("310107", "普陀区", "Putuo District"),
    ("320281", "江阴市", "Jiangyin"),
    ("320583", "昆山市", "Kunshan"),
    ("320682", "如皋市", "Rugao"),
    ("330182", "建德市", "Jiande"),
    ("330281", "余姚市", "Yuyao"),
    ("330782", "义乌市", "Yiwu"),
    ("330881", "江山市", "Jiangshan"),
    ("370481", "滕州市", "Tengzhou"),
    ("370681", "龙口市", "Longkou"),
    ("370782", "诸城市", "Zhucheng"),
    ("370982", "新泰市", "Xintai"),
    ("371082", "荣成市", "Rongcheng"),
    ("430181", "浏阳市", "Liuyang"),
    ("500102", "涪陵区", "Fuling District"),
    ("500107", "九龙坡区", "Jiulongpo District"),
    ("500110", "綦江区", "Qijiang District"),
    ("500111", "大足区", "Dazu District"),
    ("500113", "巴南区", "Banan District"),
    ("500115", "长寿区", "Changshou District"),
    ("500116", "江津区", "Jiangjin District"),
    ("500120", "璧山区", "Bishan District"),
    ("500151", "铜梁区", "Tongliang District"),
)

MUNICIPALITIES = frozenset({"110000", "120000", "310000", "500000"})


def parent_code(code: str) -> str | None:
    """Return the code of the region a reference region sits under."""
    if code.endswith("0000"):
        return None
    province = code[:2] + "0000"
    if code.endswith("00") or province in MUNICIPALITIES:
        return province
    return code[:4] + "00"


def regions() -> list[tuple[str, str, str, str]]:
    """Return (code, name, English name, level), parents before children."""
    return [
        *((code, name, en, PROVINCE) for code, name, en in PROVINCES),
        *((code, name, en, PREFECTURE) for code, name, en in PREFECTURES),
        *((code, name, en, COUNTY) for code, name, en in COUNTIES),
    ]
