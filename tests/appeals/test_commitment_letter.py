"""The credit commitment letter to download, print and sign, from the form."""

import pytest

from tests.appeals.factories import repairable_penalty
from tests.appeals.html import parse
from tests.factories import make_permit

pytestmark = pytest.mark.django_db

# What a commitment holds (DOMAIN.md §2): obligations fulfilled, a promise to
# keep the law, the truth of the material, and free of charge.
PROMISES = ("已经履行", "真实", "不再发生", "承担相应的法律责任", "免费")


def test_the_form_links_the_letter_in_both_forms(client):
    penalty = repairable_penalty()
    page = parse(client.get(f"/appeals/new/?record=penalty:{penalty.pk}"))
    documents = page.by_id(page.by_id("id_kind_1")["data-aria-controls"])
    links = {a["href"] for a in documents.find_all("a")}
    query = f"?record=penalty:{penalty.pk}"
    assert f"/appeals/commitment-letter/{query}" in links
    assert f"/appeals/commitment-letter.txt{query}" in links


def test_the_text_file_is_chinese_with_an_english_rendering(client):
    response = client.get("/appeals/commitment-letter.txt")
    assert response.status_code == 200
    assert response["Content-Type"] == "text/plain; charset=utf-8"
    disposition = response["Content-Disposition"]
    assert disposition.startswith("attachment;")
    assert "commitment-letter.txt" in disposition
    text = response.content.decode("utf-8-sig")
    assert text.startswith("信用承诺书")
    for promise in PROMISES:
        assert promise in text
    assert "Credit commitment letter" in text
    assert text.index("信用承诺书") < text.index("Credit commitment letter")
    # Windows Notepad reads it as UTF-8, with its line ends.
    assert response.content.startswith(b"\xef\xbb\xbf") and "\r\n" in text


def test_the_letter_names_the_record_it_is_for(client):
    penalty = repairable_penalty()
    text = client.get(
        f"/appeals/commitment-letter.txt?record=penalty:{penalty.pk}"
    ).content.decode("utf-8-sig")
    assert penalty.decision_number in text
    assert penalty.authority.name in text


@pytest.mark.parametrize("language", ["", "/en"])
def test_the_printable_page(client, language):
    penalty = repairable_penalty()
    response = client.get(
        f"{language}/appeals/commitment-letter/?record=penalty:{penalty.pk}"
    )
    assert response.status_code == 200
    page = parse(response)
    chinese = page.find("article", lang="zh-Hans")
    english = page.find("article", lang="en")
    assert chinese.find("h2").text() == "信用承诺书"
    assert english.find("h2").text() == "Credit commitment letter"
    for promise in PROMISES:
        assert promise in chinese.text()
    assert penalty.decision_number in chinese.text()
    assert page.find(
        "a",
        href=f"{language}/appeals/commitment-letter.txt?record=penalty:{penalty.pk}",
    )


def test_an_unknown_record_gives_the_blank_letter(client):
    text = client.get("/appeals/commitment-letter.txt?record=penalty:999999")
    assert text.status_code == 200
    assert "________" in text.content.decode("utf-8-sig")


def test_a_permit_has_no_letter_link(client):
    permit = make_permit()
    html = client.get(f"/appeals/new/?record=permit:{permit.pk}").content.decode()
    assert "commitment-letter" not in html
