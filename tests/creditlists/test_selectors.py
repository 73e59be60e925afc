"""The batch credit check: what each code is and which lists it is on today."""

import datetime

import pytest
from django.utils import translation

from portal.creditlists.models import ListEntry
from portal.creditlists.selectors import REPRESENTATIVE, SUBJECT, credit_check
from tests.factories import (
    make_company,
    make_credit_list,
    make_list_entry,
    make_measure,
    make_person,
)

pytestmark = pytest.mark.django_db

PERSON_ID = "110101199003074477"
REPRESENTATIVE_ID = "330106198001010013"


@pytest.fixture
def listed(db):
    dishonest = make_credit_list(slug="dishonest-persons")
    flights = make_measure(
        credit_list=dishonest, title="限制乘坐飞机", applies_to_representatives=True
    )
    loans = make_measure(credit_list=dishonest, title="限制获得贷款")
    red = make_credit_list(
        slug="a-grade-taxpayers", name="纳税信用A级纳税人", colour="red"
    )
    company = make_company(
        uscc="9144030071526726XG",
        legal_rep_id_type="resident_id",
        legal_rep_id_number=REPRESENTATIVE_ID,
    )
    person = make_person(name="张三丰", id_number=PERSON_ID)
    clean = make_company(uscc="914403001922038216")
    make_list_entry(entity=company, credit_list=dishonest)
    make_list_entry(entity=company, credit_list=red)
    make_list_entry(entity=person, credit_list=dishonest)
    today = datetime.date.today()
    make_list_entry(
        entity=clean,
        credit_list=dishonest,
        listed_on=today - datetime.timedelta(days=400),
        removed_on=today - datetime.timedelta(days=3),
        removal_reason=ListEntry.RemovalReason.OBLIGATIONS_MET,
    )
    return {
        "company": company,
        "person": person,
        "clean": clean,
        "flights": flights,
        "loans": loans,
    }


def test_a_uscc_finds_the_organisation_and_its_lists(listed):
    [result] = credit_check(codes=["9144 0300 7152 6726 xg"])
    assert result.valid and result.kind == "uscc"
    assert result.code == "9144030071526726XG"
    assert result.entities == [(listed["company"], SUBJECT)]
    lists = {m.entry.credit_list.slug: m for m in result.memberships}
    assert set(lists) == {"dishonest-persons", "a-grade-taxpayers"}
    titles = {measure.title for measure in lists["dishonest-persons"].measures}
    assert titles == {"限制乘坐飞机", "限制获得贷款"}


def test_an_id_number_finds_the_person_and_whom_they_represent(listed):
    [person] = credit_check(codes=[PERSON_ID])
    assert person.kind == "resident_id"
    assert person.code == "1101011990****4477"
    assert person.entities == [(listed["person"], SUBJECT)]
    [representative] = credit_check(codes=[REPRESENTATIVE_ID])
    assert representative.entities == [(listed["company"], REPRESENTATIVE)]
    dishonest = next(
        m
        for m in representative.memberships
        if m.entry.credit_list.slug == "dishonest-persons"
    )
    # Only the measures that bind a listed entity's legal representative.
    assert [measure.title for measure in dishonest.measures] == ["限制乘坐飞机"]
    assert representative.code == "3301061980****0013"


def test_removed_entries_and_unknown_codes_have_no_memberships(listed):
    clean, unknown = credit_check(codes=["914403001922038216", "91440300MA5DXXXXXX"])
    assert clean.valid and clean.entities and not clean.memberships
    assert not unknown.valid
    assert (
        "统一社会信用代码" in unknown.error
        or "unified social credit code" in unknown.error
    )


@pytest.mark.parametrize(
    ("code", "shown"),
    [
        ("91110000600037341N", "91110000600037341N"),  # wrong check character
        ("110101199003074478", "1101011990****4478"),  # mistyped ID: masked
        ("", ""),
        (42, ""),
    ],
)
def test_invalid_codes_are_reported_per_item(listed, code, shown):
    good, bad = credit_check(codes=[PERSON_ID, code])
    assert good.valid
    assert not bad.valid and bad.error
    assert bad.code == shown
    assert bad.index == 1


# One digit off the all-digit USCC 913301001001010061, this passes a resident ID
# number's check character, born 0010-01-01 in a province numbered 91.
USCC_TYPO = "913301001001017061"


@pytest.mark.parametrize(
    "code",
    [
        USCC_TYPO,
        "110101001001013068",  # a real province, but born in the year 10
        "910101199003074476",  # a plausible birth date, but no province 91
    ],
)
def test_an_all_digit_code_that_is_no_plausible_id_number_is_a_bad_uscc(listed, code):
    [result] = credit_check(codes=[code])
    assert not result.valid and result.kind == ""
    # Shown as given: it is no ID number, so there is nothing to hide.
    assert result.code == code
    with translation.override("en"):
        [result] = credit_check(codes=[code])
    assert result.error.startswith(
        "Neither a unified social credit code nor a resident ID number: "
        "The check character of this unified social credit code is wrong"
    )


def test_a_plausible_id_number_with_a_typo_gets_the_id_number_error(listed):
    with translation.override("en"):
        [result] = credit_check(codes=["110101199003074478"])
    assert result.error == "The check character of this resident ID number is wrong."
    assert result.code == "1101011990****4478"


def test_the_order_of_the_codes_is_kept(listed):
    codes = ["914403001922038216", PERSON_ID, "bad", "9144030071526726XG"]
    assert [result.index for result in credit_check(codes=codes)] == [0, 1, 2, 3]


def test_at_most_a_thousand_codes(listed):
    with pytest.raises(ValueError):
        credit_check(codes=["x"] * 1001)
