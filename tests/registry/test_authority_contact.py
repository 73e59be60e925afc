"""Authorities' contact points for objections and credit repair."""

import pytest
from django.core.exceptions import ValidationError
from django.utils import translation

from tests.appeals.factories import repairable_penalty
from tests.appeals.html import parse
from tests.factories import make_authority

pytestmark = pytest.mark.django_db

CONTACT = {
    "contact_office": "信用修复受理窗口",
    "contact_phone": "0571-87654321转8012",
    "contact_email": "xyxf@scjg.hangzhou.gov.cn",
    "contact_address": "杭州市解放东路18号",
    "contact_hours": "工作日 9:00–12:00，13:30–17:00",
}
FALLBACK = (
    "No contact details published; quote your tracking number when you write "
    "to the authority."
)


def _errors(authority) -> dict[str, list[str]]:
    with translation.override("en"):
        with pytest.raises(ValidationError) as error:
            authority.full_clean()
        return error.value.message_dict


class TestValidation:
    @pytest.mark.parametrize(
        "phone",
        [
            "0571-87654321",
            "(0571) 8765 4321",
            "+86 571 8765 4321",
            "010-12345678转8012",
            "0571-87654321 ext. 12",
            "400-123-4567",
            "12345",
            "12315",
        ],
    )
    def test_phone_numbers_as_authorities_write_them(self, phone):
        authority = make_authority(**{**CONTACT, "contact_phone": phone})
        authority.full_clean()

    @pytest.mark.parametrize(
        "phone",
        ["call us", "0571", "0571-8765432a", "1" * 31, "++86 571 87654321", "123"],
    )
    def test_a_wrong_phone_number_says_what_is_wanted(self, phone):
        authority = make_authority()
        authority.contact_phone = phone
        errors = _errors(authority)
        assert list(errors) == ["contact_phone"]
        assert errors["contact_phone"][0] == (
            "Enter a phone number of 7 to 30 characters: digits, spaces, "
            "hyphens, parentheses, a leading + and an extension after 转 or "
            "ext. A 5-digit hotline such as 12345 is accepted too."
        )

    def test_a_wrong_email_address_says_what_is_wanted(self):
        authority = make_authority()
        authority.contact_email = "xyxf at hangzhou"
        assert _errors(authority) == {
            "contact_email": [
                "Enter an email address such as xyxf@scjg.hangzhou.gov.cn."
            ]
        }

    def test_every_contact_field_is_optional(self):
        make_authority().full_clean()

    def test_the_phone_link_dials_the_digits_and_the_extension(self):
        authority = make_authority(**CONTACT)
        assert authority.contact_phone_uri == "tel:057187654321,8012"
        authority.contact_phone = "+86 (571) 8765-4321"
        assert authority.contact_phone_uri == "tel:+8657187654321"
        authority.contact_phone = ""
        assert authority.contact_phone_uri == ""

    def test_has_contact_needs_one_detail(self):
        authority = make_authority()
        assert not authority.has_contact
        authority.contact_email = CONTACT["contact_email"]
        assert authority.has_contact


class TestAuthorityPage:
    def test_the_details_in_their_own_section(self, client):
        authority = make_authority(**CONTACT)
        page = parse(client.get(f"/en{authority.get_absolute_url()}"))
        section = page.by_id("contact")
        assert section.find("h2").text() == "Objections and credit repair"
        text = section.text()
        for value in CONTACT.values():
            assert value in text
        assert section.find("a", href="tel:057187654321,8012")
        assert section.find("a", href="mailto:xyxf@scjg.hangzhou.gov.cn")

    def test_in_chinese(self, client):
        authority = make_authority(**CONTACT)
        section = parse(client.get(authority.get_absolute_url())).by_id("contact")
        assert section.find("h2").text() == "异议与信用修复"
        assert "电话" in section.text()

    def test_without_details_it_says_so(self, client):
        authority = make_authority()
        section = parse(client.get(f"/en{authority.get_absolute_url()}")).by_id(
            "contact"
        )
        assert FALLBACK in section.text()
        links = [a["href"] for a in section.find_all("a")]
        assert not [h for h in links if h.startswith(("tel:", "mailto:"))]
        assert not section.find("dl")


class TestAppealForm:
    def test_the_handling_authority_is_shown_with_its_details(self, client):
        penalty = repairable_penalty(authority=make_authority(**CONTACT))
        page = parse(client.get(f"/en/appeals/new/?record=penalty:{penalty.pk}"))
        contact = page.by_id("authority-contact")
        assert penalty.authority.name in contact.text()
        assert CONTACT["contact_office"] in contact.text()
        assert contact.find("a", href="tel:057187654321,8012")
        assert contact.find("a", href="mailto:xyxf@scjg.hangzhou.gov.cn")

    def test_without_details_it_says_so(self, client):
        penalty = repairable_penalty()
        page = parse(client.get(f"/en/appeals/new/?record=penalty:{penalty.pk}"))
        assert FALLBACK in page.by_id("authority-contact").text()


class TestAdmin:
    def test_the_fields_have_their_own_fieldset(self, admin_client):
        authority = make_authority(**CONTACT)
        html = admin_client.get(
            f"/admin/registry/authority/{authority.pk}/change/"
        ).content.decode()
        # The admin speaks the default language, Chinese.
        title = "异议和信用修复联系方式"
        assert title in html
        fieldset = html.split(title, 1)[1].split("</fieldset>", 1)[0]
        for name in CONTACT:
            assert f'name="{name}"' in fieldset
