"""Field lengths follow the national exchange format, on every write path."""

import pytest
from django.utils import translation

from portal.disclosures.models import Penalty, Permit
from tests.api_tokens import issue
from tests.publishing.conftest import upload
from tests.publishing.factories import csv_bytes, penalty_row, permit_row

pytestmark = pytest.mark.django_db


@pytest.mark.parametrize(
    ("column", "limit"),
    [("CF_SY", 5000), ("CF_YJ", 2048), ("CF_NR", 4000), ("BZ", 512)],
)
def test_an_import_refuses_text_longer_than_the_format_allows(
    official, authority, column, limit
):
    from portal.publishing.services import imports

    rows = [
        penalty_row(authority, **{column: "违" * limit}),  # row 2: at the limit
        penalty_row(authority, **{column: "违" * 10_000}),  # row 3: too long
    ]
    batch = imports.create_import(
        official=official,
        kind="penalty",
        upload=upload("p.csv", csv_bytes("penalty", rows)),
        language="en",
    )
    batch = imports.check_import(batch=batch)
    [problem] = batch.problems.all()
    assert (problem.row, problem.column) == (3, column)
    with translation.override("en"):
        assert f"at most {limit} characters (it has 10000)" in problem.message
    assert batch.rows_new == 1


def test_the_api_and_the_form_refuse_it_too(
    client, official, official_client, authority
):
    token = issue(official.user)
    response = client.post(
        "/api/v1/publishing/permits/",
        {"records": [permit_row(authority, XK_NR="许" * 4001)]},
        content_type="application/json",
        HTTP_AUTHORIZATION=f"Token {token.key}",
    )
    assert response.status_code == 422
    assert [p["column"] for p in response.json()["problems"]] == ["XK_NR"]
    assert not Permit.objects.exists()

    from tests.publishing.test_records import penalty_form

    form = {**penalty_form(authority), "facts": "违" * 5001, "publish": "1"}
    page = official_client.post("/en/officials/penalties/new/", form)
    assert page.status_code == 200
    assert "at most 5000 characters (it has 5001)" in page.content.decode()
    assert not Penalty.objects.exists()
