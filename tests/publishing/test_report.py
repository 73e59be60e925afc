"""The check shows every correction, field by field, before anything is written."""

import pytest

from portal.disclosures.models import Penalty
from portal.publishing.models import ImportBatch
from tests.api_tokens import issue
from tests.publishing.conftest import upload
from tests.publishing.factories import csv_bytes, penalty_row

pytestmark = pytest.mark.django_db


@pytest.fixture
def published(client, official, authority):
    rows = [penalty_row(authority), penalty_row(authority)]
    token = issue(official.user)
    response = client.post(
        "/api/v1/publishing/penalties/",
        {"records": rows},
        content_type="application/json",
        HTTP_AUTHORIZATION=f"Token {token.key}",
    )
    assert response.json()["created"] == 2
    return rows, token


def test_each_correction_shows_its_record_and_values_before_publishing(
    official_client, authority, published
):
    rows, _token = published
    corrected = {**rows[1], "CF_SY": "经营超过保质期的食品和饮料", "CF_NR_FK": "0.5"}
    official_client.post(
        "/en/officials/imports/",
        {
            "kind": "penalty",
            "file": upload("p.csv", csv_bytes("penalty", [rows[0], corrected])),
        },
    )
    batch = ImportBatch.objects.get()
    record = Penalty.objects.get(decision_number=rows[1]["CF_WSH"])
    assert (batch.rows_changed, batch.rows_unchanged) == (1, 1)
    [correction] = batch.corrections.all()
    assert (correction.row, correction.record_id) == (3, record.pk)
    assert correction.changes == {
        "facts": ["经营超过保质期的食品", "经营超过保质期的食品和饮料"],
        "fine_amount": ["0.2", "0.5"],
    }
    page = official_client.get(f"/en/officials/imports/{batch.pk}/").content.decode()
    section = page[page.index('id="corrections"') :]
    assert f'href="/en/officials/penalties/{record.pk}/"' in section
    for text in (
        rows[1]["CF_WSH"],
        "facts of the violation",
        "<del>经营超过保质期的食品</del>",
        "<ins>经营超过保质期的食品和饮料</ins>",
        "<del>0.2</del>",
        "<ins>0.5</ins>",
    ):
        assert text in section, text
    # Nothing was written by the check.
    record.refresh_from_db()
    assert (record.facts, record.version) == ("经营超过保质期的食品", 1)


def test_a_push_reports_its_corrections_field_by_field(client, authority, published):
    rows, token = published
    corrected = {**rows[0], "CF_XDR_MC": "杭州更正后名称有限公司"}
    report = client.post(
        "/api/v1/publishing/penalties/",
        {"records": [corrected], "dry_run": True},
        content_type="application/json",
        HTTP_AUTHORIZATION=f"Token {token.key}",
        HTTP_ACCEPT_LANGUAGE="en",
    ).json()
    [correction] = report["corrections"]
    assert (correction["row"], correction["index"]) == (2, 0)
    assert correction["decision_number"] == rows[0]["CF_WSH"]
    assert correction["changes"] == [
        {
            "field": "counterpart_name",
            "label": "counterpart name",
            "old": rows[0]["CF_XDR_MC"],
            "new": "杭州更正后名称有限公司",
        }
    ]
    record = Penalty.objects.get(decision_number=rows[0]["CF_WSH"])
    assert record.counterpart_name == rows[0]["CF_XDR_MC"]
