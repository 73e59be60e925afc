"""Valid objects for tests, built through the models' own validation.

Each helper takes keyword overrides, runs `full_clean()` (the validation every
write path uses) and saves.
"""

import datetime
import itertools
from decimal import Decimal

from django.contrib.contenttypes.models import ContentType
from django.utils import timezone
from stdnum.cn import ric, uscc

from portal.cities.models import DemonstrationBatch, Designation
from portal.core.identifiers import IdType
from portal.core.models import CalendarDay, ChangeLogEntry
from portal.creditlists.models import CreditList, ListEntry, Measure
from portal.disclosures.choices import (
    PenaltyCategory,
    PermitCategory,
    RecordState,
    WithdrawalReason,
)
from portal.disclosures.models import Penalty, Permit
from portal.registry.models import Authority, CounterpartCategory, Entity, Region

_serial = itertools.count(1)


def make_uscc(prefix: str = "91", region: str = "330100") -> str:
    """Return a valid USCC: prefix + region + a numbered organisation code."""
    body = f"{prefix}{region}{next(_serial):08d}9"
    return body + uscc.calc_check_digit(body)


def make_resident_id(area: str = "330106", birth: str = "19800101") -> str:
    body = f"{area}{birth}{next(_serial) % 1000:03d}"
    return body + ric.calc_check_digit(body + "0")


def _saved(obj):
    obj.full_clean()
    obj.save()
    return obj


def make_region(**fields) -> Region:
    fields.setdefault("code", "330100")
    fields.setdefault("name", "杭州市")
    fields.setdefault("level", Region.Level.PREFECTURE)
    return Region.objects.filter(code=fields["code"]).first() or _saved(
        Region(**fields)
    )


def make_authority(**fields) -> Authority:
    region = fields.setdefault("region", None) or make_region()
    fields["region"] = region
    fields.setdefault("name", f"{region.name}市场监督管理局{next(_serial)}")
    fields.setdefault("uscc", make_uscc("11", region.code))
    fields.setdefault("level", Authority.Level.MUNICIPAL)
    fields.setdefault("kind", Authority.Kind.MARKET_REGULATION)
    return _saved(Authority(**fields))


def make_company(**fields) -> Entity:
    fields.setdefault("category", CounterpartCategory.ORGANISATION)
    fields.setdefault("name", f"杭州华信网络科技有限公司{next(_serial)}")
    fields.setdefault("uscc", make_uscc())
    fields.setdefault("legal_representative", "王伟")
    return _saved(Entity(**fields))


def make_person(**fields) -> Entity:
    fields.setdefault("category", CounterpartCategory.NATURAL_PERSON)
    fields.setdefault("name", "李娜")
    fields.setdefault("id_type", IdType.RESIDENT_ID)
    fields.setdefault("id_number", make_resident_id())
    return _saved(Entity(**fields))


def _record_defaults(fields, *, decided_on):
    fields.setdefault("entity", None)
    fields["entity"] = fields["entity"] or make_company()
    # As the decision names the counterpart: its name at the time.
    fields.setdefault("counterpart_name", fields["entity"].name)
    fields.setdefault("legal_representative", fields["entity"].legal_representative)
    fields.setdefault("authority", None)
    authority = fields["authority"] = fields["authority"] or make_authority()
    fields.setdefault("decision_number", f"杭市监〔2025〕{next(_serial)}号")
    fields.setdefault("decided_on", decided_on)
    fields.setdefault("data_source_name", authority.name)
    fields.setdefault("data_source_uscc", authority.uscc)
    fields.setdefault("state", RecordState.PUBLISHED)
    if fields["state"] != RecordState.DRAFT:
        published = fields["decided_on"] + datetime.timedelta(days=2)
        fields.setdefault(
            "published_at",
            timezone.make_aware(datetime.datetime.combine(published, datetime.time(9))),
        )


def make_penalty(*, decided_on=None, **fields) -> Penalty:
    _record_defaults(fields, decided_on=decided_on or _ten_days_ago())
    fields.setdefault("violation_type", "食品安全")
    fields.setdefault("facts", "经营超过保质期的食品")
    fields.setdefault("legal_basis", "《中华人民共和国食品安全法》第一百二十四条")
    fields.setdefault("categories", [PenaltyCategory.WARNING, PenaltyCategory.FINE])
    fields.setdefault("content", "警告，罚款2000元")
    fields.setdefault("fine_amount", Decimal("0.2"))
    fields.setdefault("effect_until", fields["decided_on"])
    return _saved(Penalty(**fields))


def make_permit(*, decided_on=None, **fields) -> Permit:
    _record_defaults(fields, decided_on=decided_on or _ten_days_ago())
    fields.setdefault("document_title", "食品经营许可决定书")
    fields.setdefault("category", PermitCategory.ORDINARY)
    fields.setdefault("content", "食品销售经营者（预包装食品销售）")
    return _saved(Permit(**fields))


def _ten_days_ago() -> datetime.date:
    return timezone.localdate() - datetime.timedelta(days=10)


def make_credit_list(**fields) -> CreditList:
    fields.setdefault("slug", "dishonest-persons")
    fields.setdefault("name", "失信被执行人名单")
    fields.setdefault("colour", CreditList.Colour.BLACK)
    fields.setdefault("keeper", "人民法院")
    fields.setdefault(
        "legal_basis", "最高人民法院关于公布失信被执行人名单信息的若干规定"
    )
    fields.setdefault("duration", "二年")
    fields.setdefault("duration_months", 24)
    fields.setdefault("removal_rules", "履行义务后三个工作日内删除")
    fields.setdefault("lists_minors", False)
    return CreditList.objects.filter(slug=fields["slug"]).first() or _saved(
        CreditList(**fields)
    )


def make_measure(**fields) -> Measure:
    fields.setdefault("credit_list", None)
    fields["credit_list"] = fields["credit_list"] or make_credit_list()
    fields.setdefault("kind", Measure.Kind.RESTRICTION)
    fields.setdefault("title", "限制乘坐飞机")
    fields.setdefault("implementing_department", "中国民用航空局")
    fields.setdefault("legal_basis", "发改财金〔2016〕141号")
    return _saved(Measure(**fields))


def make_list_entry(**fields) -> ListEntry:
    fields.setdefault("credit_list", None)
    fields["credit_list"] = fields["credit_list"] or make_credit_list()
    fields.setdefault("entity", None)
    fields["entity"] = fields["entity"] or make_company()
    fields.setdefault("authority", None)
    fields["authority"] = fields["authority"] or make_authority(
        kind=Authority.Kind.COURT
    )
    fields.setdefault("reason", "有履行能力而拒不履行生效法律文书确定义务")
    fields.setdefault("document_number", f"（2024）浙0106执{next(_serial)}号")
    fields.setdefault("listed_on", _ten_days_ago())
    return _saved(ListEntry(**fields))


def make_batch(**fields) -> DemonstrationBatch:
    fields.setdefault("number", 1)
    fields.setdefault("announced_on", datetime.date(2018, 1, 1))
    fields.setdefault("announced_by", "国家发展改革委、中国人民银行")
    fields.setdefault("official_count", 12)
    return DemonstrationBatch.objects.filter(number=fields["number"]).first() or (
        _saved(DemonstrationBatch(**fields))
    )


def make_designation(**fields) -> Designation:
    fields.setdefault("batch", None)
    fields["batch"] = fields["batch"] or make_batch()
    fields.setdefault("region", None)
    fields["region"] = fields["region"] or make_region()
    fields.setdefault("designated_on", fields["batch"].announced_on)
    return _saved(Designation(**fields))


def make_calendar_day(**fields) -> CalendarDay:
    fields.setdefault("date", datetime.date(2031, 1, 1))
    fields.setdefault("is_working_day", False)
    fields.setdefault("name", "元旦")
    return _saved(CalendarDay(**fields))


def make_change_log_entry(**fields) -> ChangeLogEntry:
    record = fields.pop("record", None) or make_penalty()
    fields.setdefault("content_type", ContentType.objects.get_for_model(record))
    fields.setdefault("object_id", record.pk)
    fields.setdefault("action", ChangeLogEntry.Action.PUBLISH)
    fields.setdefault("version", 1)
    fields.setdefault("changes", {"state": ["draft", "published"]})
    fields.setdefault("actor_label", "导入任务")
    fields.setdefault("source", "import-42")
    return ChangeLogEntry.objects.create(**fields)


def make_withdrawn_penalty(**fields) -> Penalty:
    """Return a penalty withdrawn because repair was granted (unless told otherwise)."""
    fields.setdefault("state", RecordState.WITHDRAWN)
    fields.setdefault("withdrawal_reason", WithdrawalReason.REPAIR_GRANTED)
    fields.setdefault("withdrawn_at", timezone.now())
    return make_penalty(**fields)


# Random inspections (portal/inspections): built through their services, which
# validate as every write path does.


def make_inspector(**fields):
    from portal.inspections.services import add_inspector

    authority = fields.pop("authority", None) or make_authority()
    fields.setdefault("code", f"I{next(_serial):05d}")
    fields.setdefault("name", "张强")
    return add_inspector(authority=authority, **fields)


def make_inspection_plan(*, items: int = 1, **fields):
    """Return a draft plan of one authority (or the given one) with `items` items."""
    from portal.inspections.services import add_item, create_plan

    authority = fields.pop("authority", None) or make_authority()
    fields.setdefault("number", f"杭市监抽〔2026〕{next(_serial)}号")
    fields.setdefault("title", "2026年度食品经营者双随机抽查")
    fields.setdefault("starts_on", datetime.date(2026, 3, 1))
    fields.setdefault("ends_on", datetime.date(2026, 6, 30))
    fields.setdefault(
        "public_value_source",
        "中国福利彩票3D第2026060期开奖号码（2026年3月5日开奖）",
    )
    plan = create_plan(authority=authority, **fields)
    for number in range(1, items + 1):
        add_item(
            authority=authority,
            plan=plan,
            title=f"食品经营许可情况检查{number}",
            legal_basis="《中华人民共和国食品安全法》第一百一十条",
        )
    return plan
