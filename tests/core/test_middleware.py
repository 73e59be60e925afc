"""Control characters in an address, a parameter or a form field: a clear 400.

PostgreSQL refuses NUL in text and XML 1.0 refuses every C0 control but tab,
line feed and carriage return, so none of them reaches a form, a filter or the
database: the page says which parameter holds one, the API in its error shape.
"""

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile

from tests.factories import make_penalty

pytestmark = pytest.mark.django_db


@pytest.mark.parametrize(
    "path",
    [
        "/en/entities/?q=a%00b",
        "/en/penalties/?q=ok&authority=1%00",
        "/en/search/?q=%01",
        "/en/open-data/feeds/search/?q=a%00b",
        "/en/entities/a%00b/",
    ],
)
def test_a_page_answers_400_naming_the_parameter(client, path):
    response = client.get(path)
    assert response.status_code == 400
    html = response.content.decode()
    assert "control character" in html
    assert "<h1>The request cannot be read</h1>" in html


def test_the_chinese_page_is_a_page_too(client):
    response = client.get("/penalties/", {"q": "a\x00b"})
    assert response.status_code == 400
    assert response["Content-Type"].startswith("text/html")
    assert 'lang="zh-Hans"' in response.content.decode()


def test_the_api_answers_in_its_error_shape(client):
    response = client.get(
        "/api/v1/penalties/", {"q": "a\x00b"}, HTTP_ACCEPT_LANGUAGE="en"
    )
    assert response.status_code == 400
    error = response.json()["error"]
    assert error["status"] == 400 and error["code"] == "bad_request"
    assert "q" in error["details"] and "control character" in error["message"]


def test_form_fields_and_file_names_are_checked_too(client):
    penalty = make_penalty()
    url = f"/en/appeals/new/?record=penalty:{penalty.pk}"
    response = client.post(url, {"name": "张\x00三"})
    assert response.status_code == 400
    assert "name" in response.content.decode()
    upload = SimpleUploadedFile("evil\x01.pdf", b"%PDF-1.4", "application/pdf")
    assert client.post(url, {"evidence": upload}).status_code == 400


def test_tabs_and_line_breaks_are_text(client):
    response = client.get("/en/entities/", {"q": "华信\t科技\r\n"})
    assert response.status_code == 200
