"""The appeal form to the GOV.UK pattern: questions, errors and their summary,
optional fields marked, the reasons revealed under "objection" only."""

import re

import pytest

from portal.appeals.choices import AppealKind
from portal.appeals.models import Appeal
from tests.appeals.factories import EXE, form_data, pdf, repairable_penalty, upload
from tests.appeals.html import parse
from tests.factories import make_permit

pytestmark = pytest.mark.django_db

EMPTIED = (
    "kind",
    "ground",
    "applicant_name",
    "capacity",
    "contact",
    "statement",
    "fulfilment_proof",
    "commitment_letter",
)


def url(record, record_type="penalty", language=""):
    return f"{language}/appeals/new/?record={record_type}:{record.pk}"


def _empty_post(client, record, language=""):
    data = {k: v for k, v in form_data(record).items() if k not in EMPTIED}
    return client.post(url(record, language=language), data)


def _form(page):
    return page.find("form", class_="appeal-form")


def _questions(page):
    return _form(page).find_all(("label", "legend"))


class TestQuestions:
    @pytest.mark.parametrize("language", ["", "/en"])
    def test_labels_and_legends_end_without_a_colon(self, client, language):
        page = parse(client.get(url(repairable_penalty(), language=language)))
        texts = [tag.text() for tag in _questions(page)]
        assert len(texts) > 10
        for text in texts:
            assert not re.search(r"[:：]$", text), text
            assert not re.search(r"[?？。][:：]", text), text

    def test_optional_fields_and_only_those_are_marked(self, client):
        page = parse(client.get(url(repairable_penalty(), language="/en")))
        assert "Answer every question unless it says (optional)." in page.text()
        optional = [tag.text() for tag in _questions(page) if "optional" in tag.text()]
        assert optional == ["Other evidence (optional)"]

    def test_optional_is_marked_the_chinese_way(self, client):
        page = parse(client.get(url(repairable_penalty())))
        assert page.find("label", **{"for": "id_evidence"}).text() == "其他证据（选填）"
        assert "除标明“选填”的以外，每一项都要填写。" in page.text()

    def test_radios_are_whole_label_targets(self, client):
        page = parse(client.get(url(repairable_penalty())))
        radios = _form(page).find_all("input", type="radio")
        assert len(radios) == 7
        for radio in radios:
            label = page.find("label", **{"for": radio["id"]})
            assert label is not None and "choice-label" in label.classes
            assert "choice" in radio.parent.classes

    def test_the_stylesheet_of_the_area_is_loaded(self, client):
        page = parse(client.get(url(repairable_penalty())))
        links = page.find_all("link", rel="stylesheet")
        assert any(link["href"].endswith("css/appeals.css") for link in links)


class TestErrors:
    def test_each_empty_answer_has_its_own_message(self, client):
        response = _empty_post(client, repairable_penalty(), language="/en")
        assert response.status_code == 400
        errors = response.context["form"].errors
        assert errors["kind"] == ["Choose what you are applying for"]
        assert errors["applicant_name"] == [
            "Enter your name, or the name of the company you apply for"
        ]
        assert errors["capacity"] == [
            "Choose whether you are the party or represent it"
        ]
        assert errors["contact"] == [
            "Enter your email address or phone number so that the authority "
            "can tell you the outcome"
        ]
        assert errors["statement"] == [
            "Enter your statement: what is wrong, or how the obligations were fulfilled"
        ]
        assert "This field is required" not in response.content.decode()

    def test_no_generic_message_in_chinese(self, client):
        html = _empty_post(client, repairable_penalty()).content.decode()
        assert "必填" not in html
        assert "请选择您要申请的事项" in html

    def test_missing_repair_documents_say_which(self, client):
        penalty = repairable_penalty()
        data = form_data(penalty)
        del data["fulfilment_proof"], data["commitment_letter"]
        errors = client.post(url(penalty, language="/en"), data).context["form"].errors
        assert errors["fulfilment_proof"] == [
            "Choose a file that proves the obligations are fulfilled"
        ]
        assert errors["commitment_letter"] == [
            "Choose the file of your signed credit commitment letter"
        ]

    def test_an_objection_without_a_reason(self, client):
        penalty = repairable_penalty()
        data = form_data(penalty, kind=AppealKind.OBJECTION, ground="")
        errors = client.post(url(penalty, language="/en"), data).context["form"].errors
        assert errors["ground"] == ["Choose what is wrong with the record"]

    def test_too_long_a_statement_says_the_limit(self, client):
        penalty = repairable_penalty()
        data = form_data(penalty, statement="长" * 5001)
        errors = client.post(url(penalty, language="/en"), data).context["form"].errors
        assert errors["statement"] == [
            "Your statement must be 5,000 characters or fewer"
        ]

    @pytest.mark.parametrize(
        ("language", "prefix", "heading"),
        [("", "错误：", "出现问题"), ("/en", "Error: ", "There is a problem")],
    )
    def test_the_summary_comes_first_links_each_field_and_takes_focus(
        self, client, language, prefix, heading
    ):
        page = parse(_empty_post(client, repairable_penalty(), language=language))
        assert page.find("title").text().startswith(prefix.strip())
        summary = page.find("div", class_="error-summary")
        assert summary is not None
        assert summary.order < _form(page).order  # above the form
        assert summary.get("tabindex") == "-1" and summary.has("autofocus")
        assert summary.find("h2").text() == heading
        targets = [link["href"] for link in summary.find_all("a")]
        assert targets == [
            "#id_kind_0",
            "#id_applicant_name",
            "#id_capacity_0",
            "#id_contact",
            "#id_statement",
        ]
        for target in targets:
            assert page.by_id(target[1:]) is not None
        assert len(page.find_all(autofocus=True)) == 1

    def test_each_message_sits_above_its_field_and_describes_it(self, client):
        page = parse(_empty_post(client, repairable_penalty(), language="/en"))
        name = page.by_id("id_applicant_name")
        message = page.by_id("id_applicant_name_error")
        assert message.text() == (
            "Error: Enter your name, or the name of the company you apply for"
        )
        described = name["aria-describedby"].split()
        assert described == ["id_applicant_name_hint", "id_applicant_name_error"]
        assert message.order < name.order
        kind = page.by_id("id_kind_0").ancestor("fieldset")
        assert "id_kind_error" in kind["aria-describedby"].split()
        assert page.by_id("id_kind_error").order < page.by_id("id_kind_0").order

    def test_a_valid_page_has_no_summary_and_no_error_title(self, client):
        page = parse(client.get(url(repairable_penalty())))
        assert page.find("div", class_="error-summary") is None
        assert not page.find("title").text().startswith("错误")
        assert page.find_all(autofocus=True) == []


class TestConditionalReveal:
    def test_the_reasons_sit_under_objection_and_the_documents_under_repair(
        self, client
    ):
        page = parse(client.get(url(repairable_penalty())))
        objection, repair = page.by_id("id_kind_0"), page.by_id("id_kind_1")
        assert objection["value"] == "objection" and repair["value"] == "repair"
        reasons = page.by_id(objection["data-aria-controls"])
        documents = page.by_id(repair["data-aria-controls"])
        assert reasons.find_all("input", name="ground")
        assert documents.find("input", name="fulfilment_proof")
        assert documents.find("input", name="commitment_letter")
        # Visible without JavaScript: the script hides them, not the HTML.
        assert not reasons.has("hidden") and not documents.has("hidden")
        scripts = page.find_all("script")
        assert [s["src"].rsplit("/", 1)[-1] for s in scripts] == ["appeals.js"]
        assert scripts[0].has("defer")

    def test_a_repair_ignores_reasons_left_from_an_objection(self, client):
        penalty = repairable_penalty()
        data = form_data(penalty, ground="period")
        assert client.post(url(penalty), data).status_code == 302
        assert Appeal.objects.get().ground == ""

    def test_an_objection_ignores_a_bad_file_left_under_repair(self, client):
        penalty = repairable_penalty()
        data = form_data(
            penalty,
            kind=AppealKind.OBJECTION,
            commitment_letter=upload("letter.pdf", EXE),
            fulfilment_proof=pdf(),
        )
        assert client.post(url(penalty), data).status_code == 302
        assert Appeal.objects.get().evidence.count() == 0

    def test_a_permit_has_only_the_objection_and_its_reasons(self, client):
        page = parse(client.get(url(make_permit(), "permit")))
        kinds = [radio["value"] for radio in page.find_all("input", name="kind")]
        assert kinds == ["objection"]
        assert page.find("input", name="fulfilment_proof") is None
