"""Fictitious but valid identifiers: organisation codes, USCCs, ID numbers.

Codes that must be unique are built from a serial number through a fixed
permutation, so they are unique by construction (no lookups, no retries) while
looking random. The permutations do not depend on the seed, so data added by a
later run with a different seed continues the same sequence without clashing.
"""

import datetime
import math

from stdnum.cn import ric, uscc
from stdnum.iso7064 import mod_11_10

from portal.core.identifiers import USCC_ALPHABET

_GB11714_WEIGHTS = (3, 7, 9, 10, 5, 8, 4, 2)


def _coprime_multiplier(modulus: int, start: int) -> int:
    multiplier = start
    while math.gcd(multiplier, modulus) != 1:
        multiplier += 1
    return multiplier


class _Permutation:
    """n ↦ (a·n + b) mod m: a bijection of range(m) that scatters neighbours."""

    def __init__(self, modulus: int, offset: int):
        self.modulus = modulus
        self.multiplier = _coprime_multiplier(modulus, int(modulus * 0.6180339887))
        self.offset = offset

    def __call__(self, n: int) -> int:
        if not 0 <= n < self.modulus:
            raise OverflowError(f"serial {n} outside the permutation's range")
        return (self.multiplier * n + self.offset) % self.modulus


_DIGITS_8 = _Permutation(10**8, 13_579_246)
_ALNUM_6 = _Permutation(31**6, 271_828_182)


def organisation_check_char(body: str) -> str:
    """Return the GB 11714 check character of an 8-character organisation code."""
    total = sum(
        (int(c) if c.isdigit() else ord(c) - 55) * w
        for c, w in zip(body, _GB11714_WEIGHTS, strict=True)
    )
    check = 11 - total % 11
    return "X" if check == 10 else "0" if check == 11 else str(check)


def organisation_code(serial: int, *, prefix: str = "") -> str:
    """Return the 9-character organisation code numbered `serial`.

    Without a prefix it is all digits (codes issued before 2015); with a
    two-letter prefix such as "MA" (enterprises) or "MJ" (social organisations)
    it has the letters and digits of codes issued with a USCC.
    """
    if prefix:
        value, chars = _ALNUM_6(serial), []
        for _ in range(6):
            value, index = divmod(value, 31)
            chars.append(USCC_ALPHABET[index])
        body = prefix + "".join(reversed(chars))
    else:
        body = f"{_DIGITS_8(serial):08d}"
    return body + organisation_check_char(body)


def social_credit_code(kind: str, region_code: str, org_code: str) -> str:
    """Return the USCC for a registration kind such as "91" and a region."""
    body = kind + region_code + org_code
    return body + uscc.calc_check_digit(body)


def business_registration_number(region_code: str, serial: int) -> str:
    """Return a 15-digit 工商注册号 (GB/T 17710 MOD 11,10 check digit)."""
    body = f"{region_code}{_DIGITS_8(serial):08d}"
    return body + mod_11_10.calc_check_digit(body)


def resident_id(area_code: str, birth: datetime.date, sequence: int) -> str:
    """Return an 18-digit resident ID number (odd sequence: male)."""
    body = f"{area_code}{birth:%Y%m%d}{sequence:03d}"
    return body + ric.calc_check_digit(body + "0")


class PersonIdentities:
    """Unique (birth date, sequence) pairs for serials within a date range."""

    def __init__(self, earliest: datetime.date, latest: datetime.date):
        self.earliest = earliest
        days = (latest - earliest).days + 1
        self._permutation = _Permutation(days * 1000, 7_777_777 % (days * 1000))

    def __call__(self, serial: int) -> tuple[datetime.date, int]:
        day, sequence = divmod(self._permutation(serial), 1000)
        return self.earliest + datetime.timedelta(days=day), sequence
