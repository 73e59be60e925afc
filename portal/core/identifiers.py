"""Identifiers: validation, masking and keyed hashing, used by every surface.

Pages, API, exports, feeds and the search index all mask and hash through this
module, so there is exactly one rule for what of an ID number may be shown.
"""

import datetime
import functools
import hashlib
import hmac

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import models
from django.utils.translation import gettext_lazy as _
from stdnum.cn import ric, uscc
from stdnum.iso7064 import mod_11_10

from portal.core.dates import local_today

USCC_ALPHABET = "0123456789ABCDEFGHJKLMNPQRTUWXY"
# Individual businesses without a code are reported with this value; it fails
# the checksum on purpose (GB 32100-2015 practice in the exchange format).
USCC_PLACEHOLDER = "00000000000000000X"


class IdType(models.TextChoices):
    """证件类型, as the national exchange format names them."""

    RESIDENT_ID = "resident_id", _("Resident identity card")
    PASSPORT = "passport", _("Passport")
    HK_MACAO_PERMIT = "hk_macao_permit", _("Mainland travel permit for HK and Macao")
    TAIWAN_PERMIT = "taiwan_permit", _("Mainland travel permit for Taiwan residents")
    FOREIGN_PERMANENT_RESIDENT = (
        "foreign_permanent_resident",
        _("Foreign permanent resident ID card"),
    )
    OTHER = "other", _("Other")


def compact(value: str) -> str:
    """Return the value upper-cased without spaces, hyphens or full-width spaces."""
    return "".join(value.split()).replace("-", "").replace("\u3000", "").upper()


# Unified social credit code (GB 32100-2015)


# Codes found valid lately. An import validates the authority's and the data
# source's codes on every row, and a checksum costs more than a lookup.
_VALID_USCCS: dict[str, None] = {}
_VALID_USCCS_MAX = 10_000


def validate_uscc(value: str) -> str:
    """Return the compact USCC, or raise ValidationError saying what is wrong."""
    code = compact(value)
    if code in _VALID_USCCS:
        return code
    _check_uscc(code)
    if len(_VALID_USCCS) >= _VALID_USCCS_MAX:
        _VALID_USCCS.clear()
    _VALID_USCCS[code] = None
    return code


def _check_uscc(code: str) -> None:
    if len(code) != 18:
        raise ValidationError(
            _("A unified social credit code has 18 characters; this one has %(n)d."),
            code="uscc_length",
            params={"n": len(code)},
        )
    bad = sorted({c for c in code if c not in USCC_ALPHABET})
    if bad:
        raise ValidationError(
            _(
                "A unified social credit code uses digits and the capital letters "
                "A–Y except I, O, S, V and Z; it cannot contain %(chars)s."
            ),
            code="uscc_characters",
            params={"chars": "、".join(bad)},
        )
    # stdnum's validate() insists on digits in positions 1-2, but registration
    # authorities N and Y (agriculture, other) are legal there, so only the
    # division code is required to be numeric and stdnum computes the check.
    if not code[2:8].isdigit():
        raise ValidationError(
            _("Characters 3–8 of a unified social credit code are a region code."),
            code="uscc_region",
        )
    expected = uscc.calc_check_digit(code[:17])
    if code[17] != expected:
        raise ValidationError(
            _(
                "The check character of this unified social credit code is wrong: "
                "it should be %(expected)s, not %(given)s."
            ),
            code="uscc_checksum",
            params={"expected": expected, "given": code[17]},
        )


def is_uscc_placeholder(value: str) -> bool:
    return compact(value) == USCC_PLACEHOLDER


def validate_business_registration_number(value: str) -> str:
    """Validate a legacy 15-digit 工商注册号 (GB/T 17710 MOD 11,10 check digit)."""
    number = compact(value)
    if len(number) != 15 or not number.isdigit():
        raise ValidationError(
            _("A business registration number has 15 digits."),
            code="registration_number_format",
        )
    if not mod_11_10.is_valid(number):
        raise ValidationError(
            _("The check digit of this business registration number is wrong."),
            code="registration_number_checksum",
        )
    return number


def validate_region_code(value: str) -> str:
    code = compact(value)
    if len(code) != 6 or not code.isdigit():
        raise ValidationError(
            _("A GB/T 2260 region code has 6 digits."), code="region_code"
        )
    return code


# Resident identity number (GB 11643)

# The first two digits of the address code: the provinces of GB/T 2260 (the
# Ministry of Civil Affairs' 行政区划代码, www.mca.gov.cn/article/sj/xzqh/; the
# same prefixes as python-stdnum's cn/loc.dat, which keeps retired codes), and
# 83 for Taiwan residents: residence permits use 810000, 820000 and 830000
# (港澳台居民居住证申领发放办法, 国办发〔2018〕81号, article 3). The rest of the
# address code is not checked against a table on purpose: area codes are
# renamed and merged, and old numbers keep their codes.
RESIDENT_ID_PROVINCES = frozenset(
    str(code)
    for code in (
        *range(11, 16),
        *range(21, 24),
        *range(31, 38),
        *range(41, 47),
        *range(50, 55),
        *range(61, 66),
        71,
        81,
        82,
        83,
    )
)
# Numbers were first issued in 1984, to the living: an earlier birth is a typo.
EARLIEST_BIRTH_DATE = datetime.date(1900, 1, 1)


def _resident_id_birth_date(number: str) -> datetime.date:
    year, month, day = int(number[6:10]), int(number[10:12]), int(number[12:14])
    try:
        return datetime.date(year, month, day)
    except ValueError:
        raise ValidationError(
            _("Characters 7–14 of a resident ID number must be a real birth date."),
            code="resident_id_birth_date",
        ) from None


def _check_province_and_birth(number: str) -> None:
    """Raise unless an 18-digit form has a real province and a plausible birth."""
    if number[:2] not in RESIDENT_ID_PROVINCES:
        raise ValidationError(
            _(
                "The first two digits of a resident ID number are a province code; "
                "%(code)s is not one."
            ),
            code="resident_id_province",
            params={"code": number[:2]},
        )
    born = _resident_id_birth_date(number)
    if born < EARLIEST_BIRTH_DATE:
        raise ValidationError(
            _("The birth date %(date)s in this resident ID number is not plausible."),
            code="resident_id_birth_date",
            params={"date": born.isoformat()},
        )
    if born > local_today():
        raise ValidationError(
            _("The birth date %(date)s in this resident ID number is in the future."),
            code="resident_id_birth_date",
            params={"date": born.isoformat()},
        )


def upgrade_legacy_resident_id(number: str) -> str:
    """Return the 18-digit form of a 15-digit resident ID number (all born 19xx)."""
    body = number[:6] + "19" + number[6:]
    return body + ric.calc_check_digit(body + "0")


def validate_resident_id(value: str) -> str:
    """Return the compact resident ID number (18 digits, or a legacy 15)."""
    number = compact(value)
    if len(number) == 15:
        if not number.isdigit():
            raise ValidationError(
                _("A 15-digit resident ID number has digits only."),
                code="resident_id_format",
            )
        _check_province_and_birth(upgrade_legacy_resident_id(number))
        return number
    if len(number) != 18:
        raise ValidationError(
            _("A resident ID number has 18 characters (or 15 in old records)."),
            code="resident_id_length",
        )
    if not number[:17].isdigit() or not (number[17].isdigit() or number[17] == "X"):
        raise ValidationError(
            _("A resident ID number has 17 digits and then a digit or X."),
            code="resident_id_format",
        )
    _check_province_and_birth(number)
    if number[17] != ric.calc_check_digit(number):
        raise ValidationError(
            _("The check character of this resident ID number is wrong."),
            code="resident_id_checksum",
        )
    return number


def plausible_resident_id(value: str) -> bool:
    """Tell whether an 18-character code could be an ID number but for its end.

    Its first 17 characters are digits with a real province and a plausible
    birth date, so a wrong last character is more likely a typo in an ID
    number than in anything else.
    """
    number = compact(value)
    if len(number) != 18 or not number[:17].isdigit():
        return False
    try:
        _check_province_and_birth(number)
    except ValidationError:
        return False
    return True


def resident_id_birth_date(value: str) -> datetime.date:
    number = compact(value)
    if len(number) == 15:
        number = upgrade_legacy_resident_id(number)
    return _resident_id_birth_date(number)


def validate_id_number(id_type: str, value: str) -> str:
    """Validate an ID number of the given type and return its compact form."""
    if id_type == IdType.RESIDENT_ID:
        return validate_resident_id(value)
    number = compact(value)
    if not 5 <= len(number) <= 30 or not number.isalnum():
        raise ValidationError(
            _("An ID number has 5 to 30 letters and digits."), code="id_format"
        )
    return number


def _canonical_id(id_type: str, value: str) -> str:
    number = compact(value)
    if id_type == IdType.RESIDENT_ID and len(number) == 15:
        number = upgrade_legacy_resident_id(number)
    return number


def mask_id_number(id_type: str, value: str) -> str:
    """Return the only form of an ID number that may be shown publicly.

    Resident IDs follow the court list's `NNNNNNYYYY****NNNN`: area and birth
    year kept, month and day hidden, last four kept (legacy 15-digit numbers the
    same: area, two-digit year, `****`, last three). Other documents keep only
    their first two and last two characters.
    """
    number = compact(value)
    if not number:
        return ""
    if id_type == IdType.RESIDENT_ID and len(number) == 18:
        return number[:10] + "****" + number[14:]
    if id_type == IdType.RESIDENT_ID and len(number) == 15:
        return number[:8] + "****" + number[12:]
    if len(number) <= 4:
        return "*" * len(number)
    return number[:2] + "*" * (len(number) - 4) + number[-2:]


def identity_hash(id_type: str, value: str) -> str:
    """Return a keyed hash of an ID number, for exact lookup without the number.

    A 15-digit resident ID hashes as its 18-digit form, so either finds the
    person.
    """
    message = f"{id_type}:{_canonical_id(id_type, value)}".encode()
    key = settings.IDENTITY_HASH_KEY.encode()
    return hmac.new(key, message, hashlib.sha256).hexdigest()


def looks_like_resident_id(value: str) -> bool:
    """Tell whether free text (a search query, a credit-check code) is an ID number."""
    try:
        validate_resident_id(value)
    except ValidationError:
        return False
    return True


def mask_person_name(name: str) -> str:
    """Keep a natural person's surname and hide the given name (张三 → 张*)."""
    name = name.strip()
    if len(name) <= 1:
        return name
    return name[0] + "*" * (len(name) - 1)


@functools.cache
def _whitespace() -> str:
    """What str.strip() strips, so the database trims a name as Python does."""
    # Found on first use: scanning every code point takes tens of milliseconds,
    # too much for every process that imports this module.
    return "".join(c for c in map(chr, range(0x110000)) if c.isspace())


class MaskedPersonName(models.Func):
    """`mask_person_name` written by the database, for exports read in bulk.

    The text is the same as the Python function's, character for character
    (tests/core/test_identifiers.py compares them on both engines).
    """

    output_field = models.CharField()
    # {name}: the name trimmed; {stars}: as many "*" as the number {n}.
    _STARS = {
        "sqlite": "replace(hex(zeroblob({n})), '00', '*')",
        "postgresql": "repeat('*', {n})",
    }
    _TRIM = {"sqlite": "trim({x}, %s)", "postgresql": "btrim({x}, %s)"}

    def as_sql(self, compiler, connection, **extra):
        if connection.vendor not in self._STARS:
            raise NotImplementedError(f"No masked names on {connection.vendor}.")
        value, params = compiler.compile(self.source_expressions[0])
        trimmed = self._TRIM[connection.vendor].replace("{x}", value)
        trimmed_params = (*params, _whitespace())
        stars = self._STARS[connection.vendor].replace("{n}", f"length({trimmed}) - 1")
        sql = (
            f"CASE WHEN length({trimmed}) <= 1 THEN {trimmed} "
            f"ELSE substr({trimmed}, 1, 1) || {stars} END"
        )
        # The trimmed name appears four times, each with its own parameters.
        return sql, trimmed_params * 4


class CodeField(models.CharField):
    """A CharField for codes and numbers: pasted spaces and hyphens are dropped
    and letters upper-cased before the length and format checks run."""

    def to_python(self, value):
        value = super().to_python(value)
        return compact(value) if value else value
