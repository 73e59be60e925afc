import datetime

from portal.core import identifiers
from portal.demodata import codes


def test_gb11714_check_character_matches_public_codes():
    # Organisation codes inside 9144030071526726XG and 914403001922038216.
    assert codes.organisation_check_char("71526726") == "X"
    assert codes.organisation_check_char("19220382") == "1"


def test_organisation_codes_are_unique_and_valid():
    made = set()
    for serial in range(2000):
        for prefix in ("", "MA"):
            code = codes.organisation_code(serial, prefix=prefix)
            assert len(code) == 9
            assert codes.organisation_check_char(code[:8]) == code[8]
            made.add(code)
    assert len(made) == 4000


def test_social_credit_codes_validate():
    for serial in range(500):
        org_code = codes.organisation_code(serial, prefix="MA" if serial % 2 else "")
        code = codes.social_credit_code("91", "330782", org_code)
        assert identifiers.validate_uscc(code) == code


def test_business_registration_numbers_validate():
    for serial in range(500):
        number = codes.business_registration_number("330100", serial)
        assert identifiers.validate_business_registration_number(number) == number


def test_person_identities_are_unique_and_in_range():
    earliest, latest = datetime.date(1950, 1, 1), datetime.date(2000, 12, 31)
    people = codes.PersonIdentities(earliest, latest)
    made = {people(serial) for serial in range(5000)}
    assert len(made) == 5000
    for birth, sequence in made:
        assert earliest <= birth <= latest
        number = codes.resident_id("330782", birth, sequence)
        assert identifiers.validate_resident_id(number) == number
