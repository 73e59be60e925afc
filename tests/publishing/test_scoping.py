"""An official never reads or changes another authority's record: 404 everywhere."""

import pytest

from portal.disclosures.choices import RecordState
from portal.publishing.exceptions import NotPermitted
from portal.publishing.services import imports, records
from tests.api_tokens import issue
from tests.factories import make_penalty, make_permit
from tests.publishing.conftest import upload
from tests.publishing.factories import csv_bytes, penalty_row

pytestmark = pytest.mark.django_db


@pytest.fixture
def theirs(other_authority):
    return {
        "penalty": make_penalty(authority=other_authority, state=RecordState.DRAFT),
        "permit": make_permit(authority=other_authority),
    }


@pytest.mark.parametrize("suffix", ["", "edit/"])
@pytest.mark.parametrize("kind", ["penalty", "permit"])
def test_pages_of_another_authoritys_record_are_not_found(
    official_client, theirs, kind, suffix
):
    slug = "penalties" if kind == "penalty" else "permits"
    response = official_client.get(f"/officials/{slug}/{theirs[kind].pk}/{suffix}")
    assert response.status_code == 404


def test_forms_cannot_change_another_authoritys_record(official_client, theirs):
    penalty, permit = theirs["penalty"], theirs["permit"]
    assert (
        official_client.post(f"/officials/penalties/{penalty.pk}/publish/").status_code
        == 404
    )
    assert (
        official_client.post(
            f"/officials/permits/{permit.pk}/withdraw/",
            {"reason": "annulled", "note": "x"},
        ).status_code
        == 404
    )
    assert (
        official_client.post(
            f"/officials/permits/{permit.pk}/edit/", {"reason": "x"}
        ).status_code
        == 404
    )
    penalty.refresh_from_db()
    permit.refresh_from_db()
    assert penalty.state == RecordState.DRAFT
    assert permit.state == RecordState.PUBLISHED


def test_lists_show_only_the_authoritys_records(official_client, authority, theirs):
    mine = make_penalty(authority=authority)
    listed = list(official_client.get("/officials/penalties/").context["records"])
    assert listed == [mine]


def test_services_refuse_another_authoritys_record(official, theirs):
    with pytest.raises(NotPermitted):
        records.publish_record(official=official, record=theirs["penalty"])
    with pytest.raises(NotPermitted):
        records.withdraw_record(
            official=official, record=theirs["permit"], reason="annulled"
        )


def test_imports_of_another_authority_are_not_found(
    official_client, other_official, other_authority
):
    batch = imports.create_import(
        official=other_official,
        kind="penalty",
        upload=upload("x.csv", csv_bytes("penalty", [penalty_row(other_authority)])),
    )
    assert official_client.get(f"/officials/imports/{batch.pk}/").status_code == 404
    response = official_client.post(
        f"/officials/imports/{batch.pk}/publish/", {"mode": "all_or_nothing"}
    )
    assert response.status_code == 404
    assert (
        official_client.get(f"/officials/imports/{batch.pk}/problems.csv").status_code
        == 404
    )


def test_the_api_does_not_find_another_authoritys_record(client, official, theirs):
    token = issue(official.user)
    headers = {"HTTP_AUTHORIZATION": f"Token {token.key}"}
    permit = theirs["permit"]
    response = client.get(f"/api/v1/publishing/permits/{permit.pk}/", **headers)
    assert response.status_code == 404
    response = client.post(
        f"/api/v1/publishing/permits/{permit.pk}/withdraw/",
        {"reason": "annulled"},
        content_type="application/json",
        **headers,
    )
    assert response.status_code == 404
    listing = client.get("/api/v1/publishing/permits/?count=true", **headers).json()
    assert listing["count"] == 0
    permit.refresh_from_db()
    assert permit.state == RecordState.PUBLISHED


def test_roles_are_enforced(client, authority):
    from tests.publishing.conftest import sign_in
    from tests.publishing.factories import make_official

    handler = make_official(
        authority=authority, is_publisher=False, is_appeals_handler=True
    )
    sign_in(client, handler)
    assert client.get("/officials/").status_code == 200
    assert client.get("/officials/penalties/new/").status_code == 403
    assert client.get("/officials/audit/").status_code == 403
