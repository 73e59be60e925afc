"""The authority's inspectors directory: add, deactivate and reactivate, declare
conflicts; every write through the services, with its change log."""

import pytest

from portal.core.models import ChangeLogEntry
from portal.inspections import pools
from portal.inspections.models import DeclaredConflict, Inspector
from tests.factories import (
    make_authority,
    make_company,
    make_inspection_plan,
    make_inspector,
    make_person,
)
from tests.publishing.test_inspections_flow import BASE, page_text, zh

pytestmark = pytest.mark.django_db

DIRECTORY = BASE + "inspectors/"


@pytest.fixture
def mine(authority):
    return [
        make_inspector(authority=authority, code="HZ-SJ-001", name="王芳"),
        make_inspector(authority=authority, code="HZ-SJ-002", name="陈刚"),
    ]


def test_the_directory_lists_the_authoritys_inspectors_with_names(
    official_client, mine
):
    theirs = make_inspector(authority=make_authority(), code="NB-001", name="赵磊")
    page = official_client.get(DIRECTORY)
    assert list(page.context["inspectors"]) == mine
    text = page_text(page)
    assert "HZ-SJ-001" in text and "王芳" in text
    assert theirs.code not in text


def test_add_an_inspector(official_client, authority, official):
    response = official_client.post(DIRECTORY, {"code": "HZ-SJ-009", "name": "林静"})
    assert response.status_code == 302
    inspector = Inspector.objects.get(code="HZ-SJ-009")
    assert (inspector.authority, inspector.name, inspector.active) == (
        authority,
        "林静",
        True,
    )
    entry = ChangeLogEntry.objects.for_object(inspector).get()
    assert entry.actor == official.user


@pytest.mark.parametrize(
    "code", ["HZ-SJ-001", "HZ SJ 3", ""], ids=["taken", "spaces", "empty"]
)
def test_a_bad_code_is_refused_on_the_form(official_client, mine, code):
    response = official_client.post(DIRECTORY, {"code": code, "name": "林静"})
    assert response.status_code == 400
    assert response.context["form"].errors["code"]
    assert Inspector.objects.count() == 2


def test_deactivate_and_reactivate(official_client, authority, mine):
    inspector = mine[0]
    url = f"{DIRECTORY}{inspector.pk}/"
    assert official_client.post(url + "deactivate/").status_code == 302
    inspector.refresh_from_db()
    assert not inspector.active
    # A plan committed now leaves the inspector out of its pool.
    plan = make_inspection_plan(authority=authority)
    assert list(pools.pool_inspectors(plan)) == [mine[1]]

    again = official_client.post(url + "deactivate/", follow=True)
    assert zh("This inspector is already inactive.") in page_text(again)
    assert ChangeLogEntry.objects.for_object(inspector).count() == 2

    assert official_client.post(url + "reactivate/").status_code == 302
    inspector.refresh_from_db()
    assert inspector.active
    changes = [
        entry.changes
        for entry in ChangeLogEntry.objects.for_object(inspector).order_by("pk")
    ]
    assert changes[1:] == [{"active": [True, False]}, {"active": [False, True]}]


def test_declare_a_conflict_by_uscc_or_key(official_client, mine):
    company = make_company(name="杭州临安食品有限公司")
    person = make_person(name="李娜")
    inspector = mine[0]
    url = f"{DIRECTORY}{inspector.pk}/conflicts/"
    response = official_client.post(
        url, {"entity": company.uscc.lower(), "note": "亲属任职"}
    )
    assert response.status_code == 302
    response = official_client.post(url, {"entity": person.key})
    assert response.status_code == 302
    declared = DeclaredConflict.objects.filter(inspector=inspector)
    assert {c.entity for c in declared} == {company, person}
    page = page_text(official_client.get(f"{DIRECTORY}{inspector.pk}/"))
    assert "杭州临安食品有限公司" in page and "亲属任职" in page


def test_a_conflict_with_an_unknown_entity_is_refused(official_client, mine):
    inspector = mine[0]
    response = official_client.post(
        f"{DIRECTORY}{inspector.pk}/conflicts/", {"entity": "91330100MA0000000X"}
    )
    assert response.status_code == 400
    message = zh("No entity with the code %(code)s on this portal.") % {
        "code": "91330100MA0000000X"
    }
    assert message in page_text(response)
    assert not DeclaredConflict.objects.exists()
