"""Turn the text of one cell into a field's value, or say precisely why not.

Each parser takes the cell as read (text, or a date or number from XLSX) and
returns the value for the model field; it raises `CellError` with a message in
the user's language. Empty cells become "" (or None for dates and amounts), so
that the model's own validation reports missing required fields.
"""

import datetime
import re
from decimal import Decimal, InvalidOperation

from django.utils.translation import gettext_lazy as _

from portal.core.identifiers import IdType
from portal.core.middleware import CONTROL_CHARACTERS
from portal.disclosures.choices import (
    PenaltyCategory,
    PermitCategory,
    PermitStatus,
    Severity,
)
from portal.registry.models import CounterpartCategory


class CellError(ValueError):
    """A cell whose text cannot be the field's value."""

    def __init__(self, message):
        super().__init__(message)
        self.message = message


def _cell_text(value) -> str:
    """Return the cell as stripped text ("" when empty)."""
    if value is None:
        return ""
    if isinstance(value, float) and value.is_integer():
        # XLSX stores a number typed into a text column as a float.
        return str(int(value))
    if isinstance(value, datetime.datetime):
        return value.date().isoformat()
    if isinstance(value, datetime.date):
        return value.isoformat()
    return str(value).strip()


def text(value) -> str:
    """Return a text cell as stripped text ("" when empty); refuse a formula.

    A cell of a CSV file, or typed as text in XLSX, that begins with "=" is a
    spreadsheet's formula exported instead of its value, never the text of a
    decision (formulas of an XLSX file are read as their values). Texts that
    begin with + - or @ are kept: a telephone number, a list's dashes. Open-data
    files quote them for spreadsheets (`core.spreadsheets`).
    """
    raw = _cell_text(value)
    if CONTROL_CHARACTERS.search(raw):
        # Never part of a decision's text, refused by PostgreSQL (NUL) and by
        # every XLSX writer: an export or encoding went wrong upstream.
        raise CellError(
            _(
                "This cell holds a control character (an invisible code such as "
                "NUL): the file was probably exported or converted wrongly. "
                "Remove it and import the file again."
            )
        )
    if raw.startswith("="):
        raise CellError(
            _(
                "“%(value)s” is a spreadsheet formula, not a value: export the "
                "file with values, not formulas (in Excel, copy the cells and "
                "paste them as values), and import it again."
            )
            % {"value": raw}
        )
    return raw


_DATE_FORMATS = ("%Y-%m-%d", "%Y/%m/%d", "%Y.%m.%d", "%Y%m%d", "%Y年%m月%d日")
_OPEN_ENDED = {"长期", "永久", "长期有效", "无固定期限"}


def date(value) -> datetime.date | None:
    if isinstance(value, datetime.datetime):
        return value.date()
    if isinstance(value, datetime.date):
        return value
    raw = _cell_text(value)
    if not raw:
        return None
    # A time after the date ("2025-03-10 00:00:00") is what spreadsheets export.
    day = raw.split()[0] if " " in raw else raw
    for pattern in _DATE_FORMATS:
        try:
            return datetime.datetime.strptime(day, pattern).date()
        except ValueError:
            continue
    meant = _serial_date(raw)
    if meant is not None:
        raise CellError(
            _(
                "“%(value)s” is a date stored as a spreadsheet's day number "
                "(%(date)s?): format the column as a date (YYYY-MM-DD) or as text, "
                "save the file and import it again."
            )
            % {"value": raw, "date": meant.isoformat()}
        )
    raise CellError(
        _("“%(value)s” is not a date: write it as YYYY-MM-DD, e.g. 2025-03-10.")
        % {"value": raw}
    )


# Day numbers of spreadsheets' 1900 date system from 1954 to 2119: what a
# date column formatted "General" exports. Day 0 is 1899-12-30 there (Excel
# counts a 29 February 1900 that never was).
_SERIAL = re.compile(r"^(?P<days>\d{5})(\.0+)?$")
_SERIAL_EPOCH = datetime.date(1899, 12, 30)


def _serial_date(raw: str) -> datetime.date | None:
    match = _SERIAL.match(raw)
    if match is None or not 20_000 <= int(match["days"]) <= 80_000:
        return None
    return _SERIAL_EPOCH + datetime.timedelta(days=int(match["days"]))


def open_ended_date(value) -> datetime.date | None:
    """A date, where 长期 (indefinitely) is an empty one."""
    if _cell_text(value) in _OPEN_ENDED:
        return None
    return date(value)


_NUMBER = re.compile(r"^-?\d+(\.\d+)?$")


def amount(value) -> Decimal | None:
    """An amount in units of 10,000 yuan."""
    if isinstance(value, int | float) and not isinstance(value, bool):
        # repr() of a float is its shortest round-trip text: 0.2, not 0.2000…01.
        return Decimal(repr(value)) if isinstance(value, float) else Decimal(value)
    raw = _cell_text(value).replace(" ", "")
    if not raw:
        return None
    if not _NUMBER.match(raw):
        raise CellError(
            _(
                "“%(value)s” is not a number: give the amount in units of 10,000 "
                "yuan, e.g. 0.2 for 2,000 yuan."
            )
            % {"value": raw}
        )
    try:
        return Decimal(raw)
    except InvalidOperation:  # pragma: no cover - the pattern rules it out
        raise CellError(_("“%(value)s” is not a number.") % {"value": raw}) from None


def _lookup(table: dict[str, str], value, *, unknown):
    raw = _cell_text(value)
    if not raw:
        return ""
    key = raw.replace(" ", "").lower()
    if key in table:
        return table[key]
    raise CellError(unknown % {"value": raw, "allowed": "、".join(_labels(table))})


def _labels(table: dict[str, str]) -> list[str]:
    seen: dict[str, str] = {}
    for label, value in table.items():
        seen.setdefault(value, label)
    return list(seen.values())


def _table(*pairs: tuple[str, tuple[str, ...]]) -> dict[str, str]:
    """Map each accepted spelling (lower case, no spaces) to its value."""
    table = {}
    for value, spellings in pairs:
        for spelling in (*spellings, value):
            table[spelling.replace(" ", "").lower()] = value
    return table


COUNTERPART_CATEGORIES = _table(
    (CounterpartCategory.ORGANISATION, ("法人及非法人组织", "法人", "非法人组织")),
    (CounterpartCategory.NATURAL_PERSON, ("自然人",)),
    (CounterpartCategory.INDIVIDUAL_BUSINESS, ("个体工商户",)),
)


def counterpart_category(value) -> str:
    return _lookup(
        COUNTERPART_CATEGORIES,
        value,
        unknown=_("Unknown counterpart category “%(value)s”: use one of %(allowed)s."),
    )


ID_TYPES = _table(
    (IdType.RESIDENT_ID, ("身份证", "居民身份证")),
    (IdType.PASSPORT, ("护照号", "护照")),
    (IdType.HK_MACAO_PERMIT, ("港澳居民来往内地通行证",)),
    (IdType.TAIWAN_PERMIT, ("台湾居民来往大陆通行证",)),
    (IdType.FOREIGN_PERMANENT_RESIDENT, ("外国人永久居留身份证",)),
    (IdType.OTHER, ("其他",)),
)
_OTHER_PREFIX = re.compile(r"^其他\s*[-－—:：(（]\s*(?P<name>.+?)[)）]?$")


def id_type(value) -> tuple[str, str]:
    """Return (ID type, name of another type) from e.g. 身份证 or 其他-军官证."""
    match = _OTHER_PREFIX.match(_cell_text(value))
    if match:
        return IdType.OTHER, match.group("name")
    kind = _lookup(
        ID_TYPES,
        value,
        unknown=_("Unknown ID type “%(value)s”: use one of %(allowed)s, or 其他-name."),
    )
    return kind, ""


PERMIT_CATEGORIES = _table(
    (PermitCategory.ORDINARY, ("普通",)),
    (PermitCategory.FRANCHISE, ("特许",)),
    (PermitCategory.RECOGNITION, ("认可",)),
    (PermitCategory.APPROVAL, ("核准",)),
    (PermitCategory.REGISTRATION, ("登记",)),
    (PermitCategory.OTHER, ("其他",)),
)


def permit_category(value) -> tuple[str, str]:
    """Return (category, name of the other kind) from e.g. 普通 or 其他-备案."""
    match = _OTHER_PREFIX.match(_cell_text(value))
    if match:
        return PermitCategory.OTHER, match.group("name")
    category = _lookup(
        PERMIT_CATEGORIES,
        value,
        unknown=_("Unknown permit category “%(value)s”: use one of %(allowed)s."),
    )
    return category, ""


# Sources spell the status in words or in codes; these are the ones seen.
PERMIT_STATUSES = _table(
    (PermitStatus.VALID, ("有效", "正常", "1")),
    (PermitStatus.REVOKED, ("撤销", "撤回", "吊销", "2")),
    (PermitStatus.CANCELLED, ("注销", "3")),
    (PermitStatus.EXPIRED, ("过期", "失效", "已过期", "4")),
)


def permit_status(value) -> str:
    return _lookup(
        PERMIT_STATUSES,
        value,
        unknown=_("Unknown permit status “%(value)s”: use one of %(allowed)s."),
    ) or str(PermitStatus.VALID)


PENALTY_CATEGORIES = _table(
    (PenaltyCategory.WARNING, ("警告",)),
    (PenaltyCategory.PUBLIC_CRITICISM, ("通报批评",)),
    (PenaltyCategory.FINE, ("罚款",)),
    (PenaltyCategory.CONFISCATE_GAINS, ("没收违法所得",)),
    (PenaltyCategory.CONFISCATE_PROPERTY, ("没收非法财物",)),
    (PenaltyCategory.SUSPEND_PERMIT, ("暂扣许可证件",)),
    (PenaltyCategory.LOWER_QUALIFICATION, ("降低资质等级",)),
    (PenaltyCategory.REVOKE_PERMIT, ("吊销许可证件",)),
    (PenaltyCategory.RESTRICT_OPERATIONS, ("限制开展生产经营活动",)),
    (PenaltyCategory.SUSPEND_OPERATIONS, ("责令停产停业",)),
    (PenaltyCategory.ORDER_CLOSURE, ("责令关闭",)),
    (PenaltyCategory.RESTRICT_PRACTICE, ("限制从业",)),
    (PenaltyCategory.DETENTION, ("行政拘留",)),
    (PenaltyCategory.OTHER, ("其他",)),
    (PenaltyCategory.LEGACY_SUSPEND_OR_REVOKE_PERMIT, ("暂扣或者吊销许可证",)),
    (PenaltyCategory.LEGACY_SUSPEND_OR_REVOKE_LICENCE, ("暂扣或者吊销执照",)),
)
_SEPARATORS = re.compile(r"[;；,，、|/]+")


def penalty_categories(value) -> list[str]:
    """One or more categories, separated by 、 ; , or |."""
    parts = [
        part.strip() for part in _SEPARATORS.split(_cell_text(value)) if part.strip()
    ]
    categories = []
    for part in parts:
        categories.append(
            _lookup(
                PENALTY_CATEGORIES,
                part,
                unknown=_(
                    "Unknown penalty category “%(value)s”: use one or more of "
                    "%(allowed)s, separated by 、."
                ),
            )
        )
    return categories


SEVERITIES = _table(
    (Severity.MINOR, ("轻微",)),
    (Severity.GENERAL, ("一般",)),
    (Severity.SERIOUS, ("严重",)),
)


def severity(value) -> str:
    return _lookup(
        SEVERITIES,
        value,
        unknown=_("Unknown severity “%(value)s”: use one of %(allowed)s."),
    ) or str(Severity.GENERAL)
