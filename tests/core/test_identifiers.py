import datetime

import pytest
from django.core.exceptions import ValidationError
from django.test import override_settings
from django.utils import translation

from portal.core import identifiers
from portal.core.dates import local_today
from portal.core.identifiers import IdType

TENCENT = "9144030071526726XG"
HUAWEI = "914403001922038216"
# An all-digit USCC, and the same with one digit mistyped (position 15) so that
# it passes a resident ID number's check, born 0010-01-01 in "province" 91.
USCC_DIGITS = "913301001001010061"
USCC_TYPO = "913301001001017061"
# GB/T 2260's provinces, and 81-83 (Hong Kong, Macao and Taiwan residents).
PROVINCES = [
    *map(str, [*range(11, 16), *range(21, 24), *range(31, 38), *range(41, 47)]),
    *map(str, [*range(50, 55), *range(61, 66), 71, 81, 82, 83]),
]


def _resident_id(area: str, birth: str, sequence: str = "123") -> str:
    """Return an 18-digit number with a correct check character."""
    from stdnum.cn import ric

    body = area + birth + sequence
    return body + ric.calc_check_digit(body + "0")


class TestUscc:
    @pytest.mark.parametrize("code", [TENCENT, HUAWEI, "9144 0300 7152 6726 xg"])
    def test_public_vectors_validate(self, code):
        assert identifiers.validate_uscc(code) == identifiers.compact(code)

    def test_wrong_check_character_names_the_right_one(self):
        with pytest.raises(ValidationError) as error:
            identifiers.validate_uscc("91110000600037341N")
        assert error.value.code == "uscc_checksum"
        assert "N" in error.value.messages[0]

    @pytest.mark.parametrize("letter", ["I", "O", "S", "V", "Z"])
    def test_forbidden_letters(self, letter):
        code = "91440300715267" + letter + "6XG"
        with pytest.raises(ValidationError) as error:
            identifiers.validate_uscc(code)
        assert error.value.code == "uscc_characters"
        assert letter in error.value.messages[0]

    @pytest.mark.parametrize("code", ["914403007152672", "9144030071526726XG1", ""])
    def test_wrong_length(self, code):
        with pytest.raises(ValidationError) as error:
            identifiers.validate_uscc(code)
        assert error.value.code == "uscc_length"

    def test_region_part_must_be_digits(self):
        body = "9144A30071526726X"
        from stdnum.cn import uscc

        with pytest.raises(ValidationError) as error:
            identifiers.validate_uscc(body + uscc.calc_check_digit(body))
        assert error.value.code == "uscc_region"

    def test_letter_registration_authority_is_accepted(self):
        # N (agriculture) and Y (other) are legal first characters.
        from stdnum.cn import uscc

        body = "N2330100MA2B3C4D5"
        code = body + uscc.calc_check_digit(body)
        assert identifiers.validate_uscc(code) == code

    def test_placeholder_fails_the_checksum_by_design(self):
        assert identifiers.is_uscc_placeholder("00000000000000000x")
        with pytest.raises(ValidationError):
            identifiers.validate_uscc(identifiers.USCC_PLACEHOLDER)

    def test_message_is_translated(self):
        with pytest.raises(ValidationError) as error:
            identifiers.validate_uscc("91110000600037341N")
        # Messages are lazy: they take the language active when read.
        with translation.override("en"):
            english = error.value.messages[0]
        with translation.override("zh-hans"):
            chinese = error.value.messages[0]
        assert english.startswith("The check character")
        assert "校验" in chinese and "L" in chinese


class TestBusinessRegistrationNumber:
    def test_valid_number(self):
        from stdnum.iso7064 import mod_11_10

        body = "33010600012345"
        number = body + mod_11_10.calc_check_digit(body)
        assert identifiers.validate_business_registration_number(number) == number

    def test_wrong_check_digit(self):
        from stdnum.iso7064 import mod_11_10

        body = "33010600012345"
        good = mod_11_10.calc_check_digit(body)
        bad = str((int(good) + 1) % 10)
        with pytest.raises(ValidationError) as error:
            identifiers.validate_business_registration_number(body + bad)
        assert error.value.code == "registration_number_checksum"

    def test_wrong_length(self):
        with pytest.raises(ValidationError):
            identifiers.validate_business_registration_number("1234")


class TestResidentId:
    VALID = "110101199003074477"  # GB 11643 check character 7

    def test_valid_18_digit(self):
        assert identifiers.validate_resident_id(self.VALID) == self.VALID

    def test_lower_case_x_is_compacted(self):
        from stdnum.cn import ric

        body = "11010119900307"
        for seq in range(1000):
            number = f"{body}{seq:03d}"
            if ric.calc_check_digit(number + "0") == "X":
                break
        assert identifiers.validate_resident_id(number + "x") == number + "X"

    def test_wrong_check_character(self):
        with pytest.raises(ValidationError) as error:
            identifiers.validate_resident_id("110101199003074478")
        assert error.value.code == "resident_id_checksum"

    def test_impossible_birth_date(self):
        with pytest.raises(ValidationError) as error:
            identifiers.validate_resident_id("110101199002304470")
        assert error.value.code == "resident_id_birth_date"

    def test_legacy_15_digit(self):
        assert identifiers.validate_resident_id("110101900307447") == "110101900307447"
        assert identifiers.upgrade_legacy_resident_id("110101900307447") == self.VALID
        assert identifiers.resident_id_birth_date("110101900307447") == datetime.date(
            1990, 3, 7
        )

    def test_legacy_15_digit_with_bad_date(self):
        with pytest.raises(ValidationError):
            identifiers.validate_resident_id("110101901307447")

    @pytest.mark.parametrize("number", ["1101011990030744", "11010119900307447A"])
    def test_malformed(self, number):
        with pytest.raises(ValidationError):
            identifiers.validate_resident_id(number)

    @pytest.mark.parametrize("prefix", ["91", "00", "10", "16", "24", "47", "72", "84"])
    def test_the_province_prefix_must_exist(self, prefix):
        number = _resident_id(prefix + "0101", "19900307")
        with pytest.raises(ValidationError) as error:
            identifiers.validate_resident_id(number)
        assert error.value.code == "resident_id_province"
        with translation.override("en"):
            assert error.value.messages == [
                "The first two digits of a resident ID number are a province code; "
                f"{prefix} is not one."
            ]

    @pytest.mark.parametrize("prefix", PROVINCES)
    def test_every_province_prefix_is_accepted(self, prefix):
        number = _resident_id(prefix + "0000", "19900307")
        assert identifiers.validate_resident_id(number) == number

    def test_a_legacy_number_needs_a_province_too(self):
        with pytest.raises(ValidationError) as error:
            identifiers.validate_resident_id("910101900307447")
        assert error.value.code == "resident_id_province"

    @pytest.mark.parametrize("birth", ["00100101", "18991231"])
    def test_a_birth_date_before_1900_is_not_plausible(self, birth):
        with pytest.raises(ValidationError) as error:
            identifiers.validate_resident_id(_resident_id("110101", birth))
        assert error.value.code == "resident_id_birth_date"
        shown = f"{birth[:4]}-{birth[4:6]}-{birth[6:]}"
        with translation.override("en"):
            assert error.value.messages == [
                f"The birth date {shown} in this resident ID number is not plausible."
            ]

    def test_a_birth_date_after_today_is_not_plausible(self):
        tomorrow = local_today() + datetime.timedelta(days=1)
        with pytest.raises(ValidationError) as error:
            identifiers.validate_resident_id(
                _resident_id("110101", f"{tomorrow:%Y%m%d}")
            )
        assert error.value.code == "resident_id_birth_date"
        with translation.override("en"):
            assert f"{tomorrow:%Y-%m-%d}" in error.value.messages[0]
            assert "in the future" in error.value.messages[0]

    @pytest.mark.parametrize("birth", [datetime.date(1900, 1, 1), None])
    def test_the_first_and_last_plausible_birth_dates(self, birth):
        birth = birth or local_today()
        number = _resident_id("110101", f"{birth:%Y%m%d}")
        assert identifiers.validate_resident_id(number) == number
        assert identifiers.resident_id_birth_date(number) == birth

    def test_a_uscc_typo_is_no_resident_id_number(self):
        # One digit off a valid USCC, it passes the ID number's check (the bug).
        from stdnum.cn import ric

        assert identifiers.validate_uscc(USCC_DIGITS) == USCC_DIGITS
        assert sum(a != b for a, b in zip(USCC_DIGITS, USCC_TYPO, strict=True)) == 1
        assert ric.calc_check_digit(USCC_TYPO) == USCC_TYPO[-1]
        assert not identifiers.looks_like_resident_id(USCC_TYPO)
        assert not identifiers.plausible_resident_id(USCC_TYPO)
        with pytest.raises(ValidationError) as error:
            identifiers.validate_resident_id(USCC_TYPO)
        assert error.value.code == "resident_id_province"

    def test_a_valid_number_looks_like_one(self):
        assert identifiers.looks_like_resident_id(" 1101 0119 9003 0744 77")
        assert identifiers.looks_like_resident_id("110101900307447")

    @pytest.mark.parametrize(
        ("number", "plausible"),
        [
            ("110101199003074478", True),  # only the check character is wrong
            ("11010119900307447A", True),
            ("910101199003074478", False),  # no such province
            ("110101001001014478", False),  # born in the year 10
            ("110101199002304478", False),  # 30 February
            ("1101011990030744", False),
            ("1101A1199003074478", False),
        ],
    )
    def test_plausible_whatever_the_check_character(self, number, plausible):
        assert identifiers.plausible_resident_id(number) is plausible


class TestMasking:
    def test_resident_id_court_list_rule(self):
        assert (
            identifiers.mask_id_number(IdType.RESIDENT_ID, "342301196405123224")
            == "3423011964****3224"
        )

    def test_legacy_resident_id(self):
        assert (
            identifiers.mask_id_number(IdType.RESIDENT_ID, "110101900307447")
            == "11010190****447"
        )

    def test_other_documents_keep_two_characters_each_end(self):
        assert identifiers.mask_id_number(IdType.PASSPORT, "E12345678") == "E1*****78"
        assert identifiers.mask_id_number(IdType.PASSPORT, "E123") == "****"

    def test_person_name(self):
        assert identifiers.mask_person_name("张三丰") == "张**"
        assert identifiers.mask_person_name("李") == "李"

    @pytest.mark.django_db
    @pytest.mark.parametrize(
        "name",
        ["张三丰", "李", "", " 赵 四\u3000", "\u3000欧阳,修\n", "\t\u00a0", "Li Na"],
    )
    def test_the_database_masks_a_name_as_python_does(self, name):
        from django.db.models import CharField, Value

        from portal.registry.models import Entity
        from tests.factories import make_company

        entity = make_company()
        masked = (
            Entity.objects.filter(pk=entity.pk)
            .annotate(masked=identifiers.MaskedPersonName(Value(name, CharField())))
            .values_list("masked", flat=True)
            .get()
        )
        assert masked == identifiers.mask_person_name(name)


class TestIdentityHash:
    def test_legacy_and_modern_forms_hash_alike(self):
        modern = identifiers.identity_hash(IdType.RESIDENT_ID, TestResidentId.VALID)
        legacy = identifiers.identity_hash(IdType.RESIDENT_ID, "110101900307447")
        assert modern == legacy
        assert TestResidentId.VALID not in modern

    def test_hash_depends_on_the_key(self):
        first = identifiers.identity_hash(IdType.RESIDENT_ID, TestResidentId.VALID)
        with override_settings(IDENTITY_HASH_KEY="another-key"):
            second = identifiers.identity_hash(IdType.RESIDENT_ID, TestResidentId.VALID)
        assert first != second

    def test_type_is_part_of_the_hash(self):
        assert identifiers.identity_hash(
            IdType.PASSPORT, "E12345678"
        ) != identifiers.identity_hash(IdType.OTHER, "E12345678")


def test_remembering_valid_codes_never_lets_a_bad_one_through():
    assert identifiers.validate_uscc("9144030071526726XG") == "9144030071526726XG"
    assert identifiers.validate_uscc(" 9144030071526726xg") == "9144030071526726XG"
    with pytest.raises(ValidationError) as raised:
        identifiers.validate_uscc("9144030071526726X0")
    assert raised.value.code == "uscc_checksum"
