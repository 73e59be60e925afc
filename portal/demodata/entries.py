"""Entries on the eight national lists for freshly created entities."""

import datetime
import random

from portal.core.dates import add_months
from portal.creditlists.models import CreditList, ListEntry
from portal.demodata.authorities import PROVINCE_ABBREVIATIONS, AuthorityFinder, prefix
from portal.demodata.entities import INDIVIDUAL_BUSINESS as B
from portal.demodata.entities import NATURAL_PERSON as P
from portal.demodata.entities import ORGANISATION as O
from portal.registry.models import Entity, Region

Removal = ListEntry.RemovalReason

# slug → (keeper kind, chance per entity by category, document number after
# the keeper's prefix ("court" for a case number), reasons, months until
# expiry, chance of removal, removal reason, removal note, minimum months
# listed before removal)
RULES = {
    "dishonest-judgment-debtors": (
        "court",
        {P: 0.06, O: 0.008, B: 0.01},
        "court",
        (
            "有履行能力而拒不履行生效法律文书确定义务",
            "违反财产报告制度",
            "违反限制消费令",
            "以隐匿、转移财产等方法规避执行",
        ),
        24,
        0.3,
        Removal.OBLIGATIONS_MET,
        "被执行人已全部履行生效法律文书确定的义务。",
        0,
    ),
    "consumption-restriction": (
        "court",
        {P: 0.03, O: 0.004},
        "court",
        ("未按执行通知书指定的期间履行生效法律文书确定的给付义务",),
        None,
        0.25,
        Removal.OBLIGATIONS_MET,
        "被执行人履行完毕，解除限制消费令。",
        0,
    ),
    "serious-illegal-dishonest": (
        "market_regulation",
        {O: 0.004},
        "严列",
        (
            "生产销售不符合食品安全标准的食品，受到较重行政处罚",
            "被吊销营业执照",
            "提交虚假材料取得市场主体登记",
            "列入经营异常名录届满3年仍未履行相关义务",
        ),
        36,
        0.1,
        Removal.REPAIRED,
        "列入满一年，已履行行政处罚义务并提交信用承诺书，准予提前移出。",
        12,
    ),
    "abnormal-operations": (
        "market_regulation",
        {O: 0.01, B: 0.02},
        "异列",
        ("未按照规定的期限公示年度报告", "通过登记的住所或者经营场所无法联系"),
        None,
        0.4,
        Removal.OBLIGATIONS_MET,
        "已补报年度报告并公示，申请移出。",
        0,
    ),
    "major-tax-violations": (
        "tax",
        {O: 0.002},
        "稽公告",
        (
            "虚开增值税专用发票",
            "偷税数额100万元以上且占应纳税额10%以上",
            "逃避追缴欠税10万元以上",
        ),
        36,
        0.1,
        Removal.REPAIRED,
        "已缴清税款、滞纳金和罚款，提前停止公布。",
        6,
    ),
    "procurement-dishonesty": (
        "finance",
        {O: 0.001},
        "采处",
        ("提供虚假材料谋取中标、成交", "与其他供应商恶意串通"),
        24,
        0.0,
        "",
        "",
        0,
    ),
    "a-grade-taxpayers": (
        "tax",
        {O: 0.008},
        "信评",
        ("{year}年度纳税信用评价为A级",),
        12,
        0.03,
        Removal.ANNULLED,
        "发现失信行为，纳税信用级别调整。",
        0,
    ),
    "customs-aeo-advanced": (
        "customs",
        {O: 0.0008},
        "认证",
        ("经海关认证，符合高级认证企业标准",),
        None,
        0.0,
        "",
        "",
        0,
    ),
}


class EntryMaker:
    """Decide which lists a saved entity is on, and make unsaved entries."""

    def __init__(
        self,
        *,
        rng: random.Random,
        today: datetime.date,
        finder: AuthorityFinder,
        lists: dict[str, CreditList],
    ):
        self.rng, self.today, self.finder = rng, today, finder
        self.lists = lists
        self.prefixes = [prefix(a) for a in finder.authorities]
        self._numbers: dict[tuple[int, int, str], int] = {}

    def entries_for(self, entity: Entity, region_index: int) -> list[ListEntry]:
        entries = []
        for slug, rule in RULES.items():
            chance = rule[1].get(entity.category)
            if chance and self.rng.random() < chance:
                entries.append(self._entry(slug, rule, entity, region_index))
        return entries

    def _entry(self, slug, rule, entity, region_index) -> ListEntry:
        rng, today = self.rng, self.today
        kind, _chances, number, reasons, months, removal, reason, note, wait = rule
        index = self.finder.pick(rng, region_index, kind)
        authority = self.finder.authorities[index]
        if slug == "a-grade-taxpayers":
            # Published each April for the year before.
            year = today.year - rng.randint(0, 4)
            listed_on = datetime.date(year, 4, rng.randint(1, 28))
            if listed_on > today:
                listed_on = listed_on.replace(year=year - 1)
        else:
            listed_on = today - datetime.timedelta(days=rng.randrange(5 * 365))
        entry = ListEntry(
            credit_list=self.lists[slug],
            entity=entity,
            authority_id=authority.pk,
            reason=rng.choice(reasons).format(year=listed_on.year - 1),
            document_number=self._document_number(index, number, listed_on.year),
            listed_on=listed_on,
            expires_on=add_months(listed_on, months) if months else None,
        )
        if removal and rng.random() < removal:
            earliest = add_months(listed_on, wait) + datetime.timedelta(days=3)
            latest = min(entry.expires_on or today, today)
            if earliest <= latest:
                span = (latest - earliest).days
                entry.removed_on = earliest + datetime.timedelta(rng.randint(0, span))
                entry.removal_reason = reason
                entry.removal_note = note
        return entry

    def _document_number(self, index: int, number: str, year: int) -> str:
        key = (index, year, number)
        sequence = self._numbers.get(key)
        if sequence is None:
            # Courts number thousands of enforcement cases a year.
            sequence = self.rng.randint(100, 3000) if number == "court" else 0
        self._numbers[key] = sequence = sequence + 1
        if number != "court":
            return f"{self.prefixes[index]}{number}〔{year}〕{sequence}号"
        # Court codes: 浙 (high court), 浙07 (intermediate), 浙0782 (basic).
        region = self.finder.authorities[index].region
        court = {
            Region.Level.PREFECTURE: region.code[2:4],
            Region.Level.COUNTY: region.code[2:6],
        }.get(region.level, "")
        abbreviation = PROVINCE_ABBREVIATIONS[region.code[:2]]
        return f"（{year}）{abbreviation}{court}执{sequence}号"
