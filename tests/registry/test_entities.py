import pytest
from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.utils import translation
from stdnum.iso7064 import mod_11_10

from portal.core.identifiers import USCC_PLACEHOLDER, IdType
from portal.registry.models import CounterpartCategory, Entity
from tests.factories import make_company, make_person, make_resident_id, make_uscc

pytestmark = pytest.mark.django_db


def _errors(exc_info) -> dict[str, list[str]]:
    with translation.override("en"):
        return exc_info.value.message_dict


def _registration_number() -> str:
    body = "33010600012345"
    return body + mod_11_10.calc_check_digit(body)


class TestOrganisation:
    def test_key_is_the_uscc(self):
        company = make_company(uscc="9144 0300 7152 6726 xg")
        assert company.uscc == company.key == "9144030071526726XG"

    def test_wrong_check_character_is_refused_and_nothing_saved(self):
        with pytest.raises(ValidationError) as error:
            make_company(uscc="91110000600037341N")
        assert list(_errors(error)) == ["uscc"]
        assert Entity.objects.count() == 0

    def test_organisation_needs_a_code_and_a_legal_representative(self):
        with pytest.raises(ValidationError) as error:
            make_company(uscc="", legal_representative="")
        assert {"uscc", "legal_representative"} <= set(_errors(error))

    def test_uscc_is_unique(self):
        code = make_uscc()
        make_company(uscc=code)
        # Constraint messages are rendered when raised, in the active language.
        with translation.override("en"), pytest.raises(ValidationError) as error:
            make_company(uscc=code)
        assert "already exists" in _errors(error)["__all__"][0]


class TestIndividualBusiness:
    def test_placeholder_with_registration_number(self):
        shop = make_company(
            category=CounterpartCategory.INDIVIDUAL_BUSINESS,
            uscc="00000000000000000x",
            business_registration_number=_registration_number(),
            legal_representative="",
        )
        assert shop.uscc == USCC_PLACEHOLDER
        assert shop.key.startswith("p") and shop.key != shop.uscc

    def test_placeholder_needs_a_registration_number(self):
        with pytest.raises(ValidationError) as error:
            make_company(
                category=CounterpartCategory.INDIVIDUAL_BUSINESS,
                uscc=USCC_PLACEHOLDER,
            )
        assert "business_registration_number" in _errors(error)

    def test_placeholder_refused_for_organisations(self):
        with pytest.raises(ValidationError) as error:
            make_company(
                uscc=USCC_PLACEHOLDER,
                business_registration_number=_registration_number(),
            )
        assert "uscc" in _errors(error)

    def test_several_placeholders_may_coexist(self):
        for _ in range(2):
            make_company(
                category=CounterpartCategory.INDIVIDUAL_BUSINESS,
                uscc=USCC_PLACEHOLDER,
                business_registration_number=_registration_number(),
            )
        assert Entity.objects.filter(uscc=USCC_PLACEHOLDER).count() == 2


class TestNaturalPerson:
    def test_masked_hashed_and_keyed_opaquely(self):
        number = make_resident_id(area="342301", birth="19640512")
        person = make_person(id_number=number)
        assert person.id_masked == f"3423011964****{number[-4:]}"
        assert number not in person.key and person.key.startswith("p")
        assert Entity.objects.by_id_number(IdType.RESIDENT_ID, number).get() == person
        assert person.public_name == "李*"

    def test_legacy_number_finds_the_same_person(self):
        person = make_person(id_number="110101199003074477")
        found = Entity.objects.by_id_number(IdType.RESIDENT_ID, "110101900307447")
        assert found.get() == person

    def test_legal_representative_is_found_by_id_number(self):
        number = make_resident_id()
        company = make_company(
            legal_rep_id_type=IdType.RESIDENT_ID, legal_rep_id_number=number
        )
        assert company.legal_rep_id_masked.count("*") == 4
        assert Entity.objects.by_id_number(IdType.RESIDENT_ID, number).get() == company

    def test_person_needs_id_and_no_uscc(self):
        with pytest.raises(ValidationError) as error:
            make_person(id_type="", id_number="", uscc=make_uscc())
        assert {"uscc", "id_type", "id_number"} <= set(_errors(error))

    def test_bad_id_number_is_refused(self):
        with pytest.raises(ValidationError) as error:
            make_person(id_number="110101199003074478")
        assert "id_number" in _errors(error)

    def test_other_id_type_must_be_named(self):
        with pytest.raises(ValidationError) as error:
            make_person(id_type=IdType.OTHER, id_number="AB123456")
        assert "id_type_other" in _errors(error)

    def test_one_person_per_id_number(self):
        number = make_resident_id()
        make_person(id_number=number)
        with pytest.raises(ValidationError):
            make_person(id_number=number)

    def test_database_refuses_a_duplicate_hash(self):
        person = make_person()
        twin = Entity.objects.get(pk=person.pk)
        twin.pk, twin.key = None, ""
        with pytest.raises(IntegrityError), transaction.atomic():
            twin.save()

    def test_saving_keeps_mask_and_hash_in_step_with_the_number(self):
        person = make_person()
        person.id_number = make_resident_id(area="110101", birth="19751224")
        person.save()
        person.refresh_from_db()
        assert person.id_masked.startswith("1101011975****")
        assert (
            Entity.objects.by_id_number(IdType.RESIDENT_ID, person.id_number).get()
            == person
        )
