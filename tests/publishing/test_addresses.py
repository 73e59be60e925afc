"""Every address of the officials' area answers a plain GET without a server error."""

import pytest
from django.urls import URLPattern, reverse

from portal.publishing import urls as publishing_urls
from portal.publishing.services import imports
from tests.factories import make_penalty
from tests.publishing.conftest import upload
from tests.publishing.factories import csv_bytes, penalty_row

pytestmark = pytest.mark.django_db


def _kwargs(pattern: URLPattern, *, record, batch) -> dict:
    names = set(pattern.pattern.regex.groupindex)
    kwargs = {}
    if "kind" in names:
        kwargs["kind"] = "penalty"
    if "fmt" in names:
        kwargs["fmt"] = "csv"
    if "pk" in names:
        kwargs["pk"] = batch.pk if pattern.name.startswith("import") else record.pk
    return kwargs


def test_no_address_of_the_area_fails_on_get(official, official_client, authority):
    record = make_penalty(authority=authority)
    batch = imports.create_import(
        official=official,
        kind="penalty",
        upload=upload("p.csv", csv_bytes("penalty", [penalty_row(authority)])),
    )
    imports.check_import(batch=batch)
    answers = {}
    for pattern in publishing_urls.urlpatterns:
        if pattern.name in ("logout",):
            continue
        url = reverse(
            f"publishing:{pattern.name}",
            kwargs=_kwargs(pattern, record=record, batch=batch),
        )
        answers[url] = official_client.get(url).status_code
    assert len(answers) >= 15
    assert {url: code for url, code in answers.items() if code >= 500} == {}
    # Action addresses lead back to what they act on.
    assert answers[f"/officials/imports/{batch.pk}/publish/"] == 302
