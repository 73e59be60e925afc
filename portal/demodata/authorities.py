"""Government departments for the demo data, named as real ones are.

The set depends only on the reference regions, never on the seed, so every run
finds the departments an earlier run created (matched on their USCC).
"""

from portal.demodata import codes
from portal.demodata.contacts import CONTACT_FIELDS, fill_contact
from portal.demodata.validation import validate_all
from portal.registry.models import Authority, Region
from portal.registry.reference import PROVINCES

Kind = Authority.Kind

PROVINCE_ABBREVIATIONS = dict(
    zip(
        (code[:2] for code, _name, _name_en in PROVINCES),
        "京津冀晋蒙辽吉黑沪苏浙皖闽赣鲁豫鄂湘粤桂琼渝川黔滇藏陕甘青宁新",
        strict=True,
    )
)
MUNICIPALITIES = frozenset({"110000", "120000", "310000", "500000"})
# Provinces whose own departments appear; the municipalities hold districts.
_PROVINCIAL = MUNICIPALITIES | {"320000", "330000", "370000", "440000"}

# Kind → (abbreviation in document numbers, name for a province, a
# municipality, a prefecture and a county). {place} is the region's full name;
# {parent} and {short} name a county-level city's prefecture and itself.
DEPARTMENTS = {
    Kind.MARKET_REGULATION: ("市监", *["{place}市场监督管理局"] * 4),
    Kind.TAX: ("税", *["国家税务总局{place}税务局"] * 4),
    Kind.ECOLOGY_ENVIRONMENT: (
        "环",
        "{place}生态环境厅",
        "{place}生态环境局",
        "{place}生态环境局",
        "{parent}生态环境局{short}分局",
    ),
    Kind.EMERGENCY_MANAGEMENT: (
        "应急",
        "{place}应急管理厅",
        *["{place}应急管理局"] * 3,
    ),
    Kind.HOUSING_CONSTRUCTION: (
        "建",
        "{place}住房和城乡建设厅",
        "{place}住房和城乡建设委员会",
        *["{place}住房和城乡建设局"] * 2,
    ),
    Kind.TRANSPORT: (
        "交",
        "{place}交通运输厅",
        "{place}交通委员会",
        *["{place}交通运输局"] * 2,
    ),
    Kind.HEALTH: (
        "卫",
        *["{place}卫生健康委员会"] * 3,
        "{place}卫生健康局",
    ),
    Kind.CULTURE_TOURISM: (
        "文旅",
        "{place}文化和旅游厅",
        "{place}文化和旅游局",
        *["{place}文化广电旅游局"] * 2,
    ),
    Kind.HUMAN_RESOURCES: (
        "人社",
        "{place}人力资源和社会保障厅",
        *["{place}人力资源和社会保障局"] * 3,
    ),
    Kind.NATURAL_RESOURCES: (
        "自然资源",
        "{place}自然资源厅",
        "{place}规划和自然资源局",
        *["{place}自然资源和规划局"] * 2,
    ),
    Kind.FINANCE: ("财", "{place}财政厅", *["{place}财政局"] * 3),
    # Fire and rescue: 总队 for a province, 支队 for a city, 大队 for a county.
    Kind.OTHER: (
        "消",
        "{place}消防救援总队",
        "{place}消防救援总队",
        "{place}消防救援支队",
        "{place}消防救援大队",
    ),
    Kind.COURT: (
        "法",
        "{place}高级人民法院",
        "{place}高级人民法院",
        "{place}中级人民法院",
        "{place}人民法院",
    ),
}
# The customs districts directly under the General Administration of Customs
# that sit in a reference region.
CUSTOMS = {
    "110000": "北京海关",
    "120000": "天津海关",
    "310000": "上海海关",
    "500000": "重庆海关",
    "130100": "石家庄海关",
    "140100": "太原海关",
    "150100": "呼和浩特海关",
    "210100": "沈阳海关",
    "210200": "大连海关",
    "220100": "长春海关",
    "230100": "哈尔滨海关",
    "320100": "南京海关",
    "330100": "杭州海关",
    "330200": "宁波海关",
    "340100": "合肥海关",
    "350100": "福州海关",
    "350200": "厦门海关",
    "360100": "南昌海关",
    "370100": "济南海关",
    "410100": "郑州海关",
    "420100": "武汉海关",
    "430100": "长沙海关",
    "440100": "广州海关",
    "440300": "深圳海关",
    "450100": "南宁海关",
    "460100": "海口海关",
    "510100": "成都海关",
    "520100": "贵阳海关",
    "530100": "昆明海关",
    "540100": "拉萨海关",
    "610100": "西安海关",
    "620100": "兰州海关",
    "630100": "西宁海关",
    "640100": "银川海关",
    "650100": "乌鲁木齐海关",
}
_KIND_ORDER = (*DEPARTMENTS, Kind.CUSTOMS)
# Authorities' organisation codes live above the entities' serials.
_SERIAL_BASE = 80_000_000
_LEVELS = {
    Region.Level.PROVINCE: Authority.Level.PROVINCIAL,
    Region.Level.PREFECTURE: Authority.Level.MUNICIPAL,
    Region.Level.COUNTY: Authority.Level.COUNTY,
}


def place_name(region: Region) -> str:
    """Return the name a department carries: 杭州市, 义乌市, 北京市海淀区."""
    parent = region.parent
    if parent is not None and parent.code in MUNICIPALITIES:
        return parent.name + region.name
    return region.name


def number_prefix(region: Region) -> str:
    """Return the place part of a document number: 浙, 杭, 义, 京海."""
    province = PROVINCE_ABBREVIATIONS[region.code[:2]]
    if region.level == Region.Level.PROVINCE:
        return province
    if region.parent is not None and region.parent.code in MUNICIPALITIES:
        return province + region.name[0]
    return region.name[0]


def _name(kind: str, region: Region) -> str:
    if kind == Kind.CUSTOMS:
        return CUSTOMS[region.code]
    patterns = DEPARTMENTS[kind][1:]
    if region.level == Region.Level.PROVINCE:
        pattern = patterns[1 if region.code in MUNICIPALITIES else 0]
    elif region.level == Region.Level.PREFECTURE:
        pattern = patterns[2]
    else:
        pattern = patterns[3]
        municipal_district = region.parent.code in MUNICIPALITIES
        if "{parent}" in pattern and municipal_district:
            pattern = patterns[2]
    return pattern.format(
        place=place_name(region),
        parent=region.parent.name if region.parent else "",
        short=region.name[:-1],
    )


def planned_authorities(regions: list[Region]) -> list[Authority]:
    """Return unsaved authorities for the regions, in a stable order."""
    planned = []
    for region in regions:
        if region.level == Region.Level.PROVINCE and region.code not in _PROVINCIAL:
            continue
        for index, kind in enumerate(_KIND_ORDER):
            if kind == Kind.CUSTOMS and region.code not in CUSTOMS:
                continue
            serial = _SERIAL_BASE + int(region.code) * len(_KIND_ORDER) + index
            org_code = codes.organisation_code(serial)
            authority = Authority(
                name=_name(kind, region),
                uscc=codes.social_credit_code("11", region.code, org_code),
                region=region,
                level=_LEVELS[region.level],
                kind=kind,
            )
            fill_contact(authority, place_name(region))
            planned.append(authority)
    return planned


def prefix(authority: Authority) -> str:
    """Return the document-number prefix of an authority, e.g. 杭市监."""
    if authority.kind == Kind.CUSTOMS:
        return authority.name[:1] + "关"
    return number_prefix(authority.region) + DEPARTMENTS[authority.kind][0]


def ensure_authorities(regions: list[Region]) -> tuple[list[Authority], int]:
    """Return the planned authorities and how many of them had to be created.

    Existing ones (matched on USCC) are kept as they are, even if renamed;
    only those that publish no contact point at all are given the planned one.
    """
    planned = planned_authorities(regions)
    existing = Authority.objects.select_related("region__parent").in_bulk(
        [authority.uscc for authority in planned], field_name="uscc"
    )
    new = [authority for authority in planned if authority.uscc not in existing]
    validate_all(new)
    Authority.objects.bulk_create(new)
    _fill_missing_contacts(planned, existing)
    return [existing.get(a.uscc, a) for a in planned], len(new)


def _fill_missing_contacts(planned, existing: dict[str, Authority]) -> None:
    # Databases made before departments had contact points get them on the
    # next run; a department's own details, even partial ones, stand.
    bare = []
    for authority in planned:
        current = existing.get(authority.uscc)
        if current is not None and not current.has_contact:
            for name in CONTACT_FIELDS:
                setattr(current, name, getattr(authority, name))
            bare.append(current)
    validate_all(bare)
    Authority.objects.bulk_update(bare, CONTACT_FIELDS, batch_size=500)


class AuthorityFinder:
    """Pick the department of a kind that decides about an entity in a region.

    Mostly the region's own, sometimes its city's or province's; kinds found
    only in a few places (customs) fall back to the same province, then to any.
    """

    def __init__(self, authorities: list[Authority], regions: list[Region]):
        self.authorities = authorities
        self.regions = regions
        self._by_place: dict[tuple[str, str], list[int]] = {}
        for index, authority in enumerate(authorities):
            key = (authority.region.code, authority.kind)
            self._by_place.setdefault(key, []).append(index)
        self._choices: dict[tuple[int, str], tuple[int, ...]] = {}

    def pick(self, rng, region_index: int, kind: str) -> int:
        """Return the index of an authority of the kind for the region."""
        key = (region_index, kind)
        choices = self._choices.get(key)
        if choices is None:
            choices = self._choices[key] = self._candidates(region_index, kind)
        return choices[rng.randrange(len(choices))]

    def _candidates(self, region_index: int, kind: str) -> tuple[int, ...]:
        region, chain = self.regions[region_index], []
        while region is not None:
            chain.append(region.code)
            region = region.parent
        weighted = []
        for code, weight in zip(chain, (16, 3, 1), strict=False):
            weighted += self._by_place.get((code, kind), []) * weight
        if not weighted:
            province = chain[0][:2]
            same_kind = [i for i, a in enumerate(self.authorities) if a.kind == kind]
            weighted = [
                i for i in same_kind if self.authorities[i].region.code[:2] == province
            ] or same_kind
        if not weighted:
            raise LookupError(f"No authority of kind {kind} to pick from.")
        return tuple(weighted)
