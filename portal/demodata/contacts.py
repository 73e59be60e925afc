"""Contact points for objections and credit repair of the demo departments.

Each follows from the department's region and kind alone, like the departments
themselves: a landline on the region's area code, a gov.cn address, a street.
"""

import random
import re

from portal.registry.models import Authority, Region
from portal.registry.reference import MUNICIPALITIES

Kind = Authority.Kind

# Telephone area codes of the municipalities and of the reference prefectures;
# a province dials its capital's, a county-level city its prefecture's.
AREA_CODES = {
    "110000": "010", "120000": "022", "310000": "021", "500000": "023",
    "130100": "0311", "130200": "0315", "130300": "0335", "130500": "0319",
    "130600": "0312", "130900": "0317", "140100": "0351", "150100": "0471",
    "150300": "0473", "210100": "024", "210200": "0411", "210800": "0417",
    "220100": "0431", "220300": "0434", "220700": "0438", "220800": "0436",
    "230100": "0451", "320100": "025", "320200": "0510", "320300": "0516",
    "320400": "0519", "320500": "0512", "320600": "0513", "320800": "0517",
    "320900": "0515", "321000": "0514", "321200": "0523", "321300": "0527",
    "330100": "0571", "330200": "0574", "330300": "0577", "330400": "0573",
    "330500": "0572", "330600": "0575", "330700": "0579", "330800": "0570",
    "330900": "0580", "331000": "0576", "331100": "0578", "340100": "0551",
    "340300": "0552", "341300": "0557", "350100": "0591", "350200": "0592",
    "350500": "0595", "350600": "0596", "360100": "0791", "360300": "0799",
    "370100": "0531", "370300": "0533", "370400": "0632", "370600": "0535",
    "370700": "0536", "370800": "0537", "370900": "0538", "371000": "0631",
    "371100": "0633", "371400": "0534", "371500": "0635", "410100": "0371",
    "410500": "0372", "410600": "0392", "410700": "0373", "410800": "0391",
    "411100": "0395", "411300": "0377", "411500": "0376", "420100": "027",
    "420800": "0724", "430100": "0731", "431000": "0735", "431100": "0746",
    "440100": "020", "440300": "0755", "440600": "0757", "441300": "0752",
    "441900": "0769", "442000": "0760", "450100": "0771", "450200": "0772",
    "460100": "0898", "510100": "028", "510700": "0816", "510800": "0839",
    "520100": "0851", "530100": "0871", "530500": "0875", "540100": "0891",
    "610100": "029", "610600": "0911", "610800": "0912", "620100": "0931",
    "620300": "0935", "620700": "0936", "630100": "0971", "640100": "0951",
    "650100": "0991",
}  # fmt: skip
CONTACT_FIELDS = [
    "contact_office",
    "contact_phone",
    "contact_email",
    "contact_address",
    "contact_hours",
]
# Where an area code is not known, the citizens' service hotline.
HOTLINE = "12345"

# Kind → the label of the department's web domain (scjg.hangzhou.gov.cn).
_DOMAINS = {
    Kind.MARKET_REGULATION: "scjg",
    Kind.ECOLOGY_ENVIRONMENT: "sthj",
    Kind.EMERGENCY_MANAGEMENT: "yjgl",
    Kind.HOUSING_CONSTRUCTION: "zjw",
    Kind.TRANSPORT: "jtys",
    Kind.HEALTH: "wjw",
    Kind.CULTURE_TOURISM: "wglj",
    Kind.HUMAN_RESOURCES: "rsj",
    Kind.NATURAL_RESOURCES: "zrzyj",
    Kind.FINANCE: "czj",
    Kind.OTHER: "xfjy",
    Kind.COURT: "fy",
}
# The unit that takes objections and repair applications, by kind; {unit} is
# 处 in a province or municipality and 科 below.
_OFFICES = {
    Kind.MARKET_REGULATION: "信用监督管理{unit}",
    Kind.TAX: "纳税服务{unit}",
    Kind.COURT: "执行局",
    Kind.CUSTOMS: "企业管理和稽查处",
    Kind.OTHER: "防火监督{unit}",
}
_DEFAULT_OFFICES = ("政策法规{unit}", "法制{unit}", "信用修复受理窗口")
_ROADS = (
    "人民",
    "解放",
    "中山",
    "建设",
    "府前",
    "文化",
    "新华",
    "和平",
    "环城",
    "市府",
)
_HOURS = (
    "工作日 9:00–12:00，13:30–17:00",
    "工作日 8:30–12:00，14:00–17:30",
    "周一至周五 9:00–17:00（法定节假日除外）",
)


def area_code(region: Region) -> str:
    """Return the telephone area code dialled for a region, or ""."""
    province = region.code[:2] + "0000"
    if province in MUNICIPALITIES:
        return AREA_CODES[province]
    if region.level == Region.Level.PROVINCE:
        return AREA_CODES.get(region.code[:2] + "0100", "")
    return AREA_CODES.get(region.code[:4] + "00", "")


def _domain_place(region: Region) -> str:
    """Return the pinyin of a region for a domain: hangzhou, haidian, huaian."""
    name = re.sub(r"\(.*?\)| district| new area", "", region.name_en.lower())
    return re.sub(r"[^a-z]", "", name) or f"r{region.code}"


def _email(authority: Authority) -> str:
    place = _domain_place(authority.region)
    if authority.kind == Kind.TAX:
        return f"nsfw@{place}.chinatax.gov.cn"
    if authority.kind == Kind.CUSTOMS:
        return f"xyxf@{place}.customs.gov.cn"
    return f"xyxf@{_DOMAINS[authority.kind]}.{place}.gov.cn"


def fill_contact(authority: Authority, place: str) -> None:
    """Give an unsaved demo department its contact point; `place` is 杭州市."""
    rng = random.Random(f"contact:{authority.uscc}")
    region = authority.region
    high = region.level == Region.Level.PROVINCE
    unit = "处" if high else "科"
    office = _OFFICES.get(authority.kind) or rng.choice(_DEFAULT_OFFICES)
    code = area_code(region)
    authority.contact_office = office.format(unit=unit)
    authority.contact_phone = (
        f"{code}-{rng.randrange(2, 9)}{rng.randrange(10**7):07d}" if code else HOTLINE
    )
    authority.contact_email = _email(authority)
    authority.contact_address = (
        f"{place}{rng.choice(_ROADS)}路{rng.randrange(1, 300)}号"
    )
    authority.contact_hours = rng.choice(_HOURS)
