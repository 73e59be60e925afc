"""The officials' API: token auth, the import's checks, idempotency, row report."""

import pytest

from portal.disclosures.models import Penalty
from tests.api_tokens import issue
from tests.publishing.factories import penalty_row

pytestmark = pytest.mark.django_db
URL = "/api/v1/publishing/penalties/"


@pytest.fixture
def api(client, official):
    token = issue(official.user)

    def call(method, url, data=None):
        return getattr(client, method)(
            url,
            data,
            content_type="application/json",
            HTTP_AUTHORIZATION=f"Token {token.key}",
        )

    return call


def test_a_token_is_required(client):
    assert client.post(URL, {}, content_type="application/json").status_code == 401


def test_a_token_of_a_non_official_is_refused(client, django_user_model):
    user = django_user_model.objects.create_user(username="robot", password="x" * 12)
    token = issue(user)
    response = client.get(URL, HTTP_AUTHORIZATION=f"Token {token.key}")
    assert response.status_code == 403


def test_push_publishes_and_is_idempotent(api, authority):
    rows = [penalty_row(authority), penalty_row(authority)]
    response = api("post", URL, {"records": rows})
    assert response.status_code == 200, response.json()
    report = response.json()
    assert (report["created"], report["invalid"], report["problems"]) == (2, 0, [])
    assert Penalty.objects.public().count() == 2

    again = api("post", URL, {"records": rows}).json()
    assert (again["unchanged"], again["created"], again["corrected"]) == (2, 0, 0)


def test_push_reports_each_rows_problems_and_writes_nothing(api, authority):
    rows = [penalty_row(authority), penalty_row(authority, CF_NR_FK="abc")]
    response = api("post", URL, {"records": rows})
    assert response.status_code == 422
    problems = response.json()["problems"]
    # records[1]: row 3 as in a file under a header row, index 1 in the list.
    assert [(p["row"], p["index"], p["column"]) for p in problems] == [
        (3, 1, "CF_NR_FK")
    ]
    assert not Penalty.objects.exists()


def test_a_push_and_an_upload_of_the_same_rows_number_them_alike(
    api, official, official_client, authority
):
    from portal.publishing.models import ImportBatch
    from tests.publishing.factories import csv_bytes

    rows = [penalty_row(authority) for _ in range(8)]
    rows[7]["CF_JDRQ"] = "2025-02-30"
    pushed = api("post", URL, {"records": rows, "dry_run": True}).json()
    upload = official_client.post(
        "/officials/imports/",
        {"kind": "penalty", "file": _named("p.csv", csv_bytes("penalty", rows))},
    )
    assert upload.status_code == 302
    batch = ImportBatch.objects.get()
    page = official_client.get(f"/officials/imports/{batch.pk}/").content.decode()
    [problem] = pushed["problems"]
    stored = batch.problems.get()
    assert problem["row"] == stored.row == 9
    assert f'<td class="num">{stored.row}</td>' in page
    # The page says how rows are counted.
    english = official_client.get(f"/en/officials/imports/{batch.pk}/")
    assert "the header is row 1, the first record row 2" in english.content.decode()


def _named(name, content):
    from django.core.files.uploadedfile import SimpleUploadedFile

    return SimpleUploadedFile(name, content)


def test_push_valid_rows_only_and_dry_run(api, authority):
    rows = [penalty_row(authority), penalty_row(authority, CF_XDR_LB="外星人")]
    dry = api("post", URL, {"records": rows, "dry_run": True}).json()
    assert (dry["new"], dry["invalid"], dry["published"]) == (1, 1, False)
    assert not Penalty.objects.exists()
    report = api("post", URL, {"records": rows, "mode": "valid_rows"}).json()
    assert report["created"] == 1
    assert Penalty.objects.count() == 1


def test_a_changed_record_needs_a_correction_reason(api, authority):
    row = penalty_row(authority)
    api("post", URL, {"records": [row]})
    changed = {**row, "CF_SY": "经营过期食品（更正）"}
    refused = api("post", URL, {"records": [changed]})
    assert refused.status_code == 422
    report = api(
        "post", URL, {"records": [changed], "correction_reason": "事实表述更正"}
    ).json()
    assert report["corrected"] == 1
    penalty = Penalty.objects.get()
    assert penalty.version == 2


def test_list_read_and_withdraw_own_records(api, authority):
    api("post", URL, {"records": [penalty_row(authority)]})
    penalty = Penalty.objects.get()
    listing = api("get", URL).json()
    assert [r["id"] for r in listing["results"]] == [penalty.pk]
    assert api("get", f"{URL}{penalty.pk}/").json()["state"] == "published"
    withdrawn = api(
        "post", f"{URL}{penalty.pk}/withdraw/", {"reason": "objection_upheld"}
    ).json()
    assert withdrawn["state"] == "withdrawn"
    again = api("post", f"{URL}{penalty.pk}/withdraw/", {"reason": "annulled"})
    assert again.status_code == 409
    assert again.json()["error"]["code"] == "conflict"


def test_too_many_records_in_one_call(api, authority, settings):
    settings.PUBLISHING_API_MAX_RECORDS = 1
    rows = [penalty_row(authority), penalty_row(authority)]
    response = api("post", URL, {"records": rows})
    assert response.status_code == 400
    assert "records" in response.json()["error"]["details"]
