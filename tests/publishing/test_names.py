"""Each record keeps the counterpart's name as decided; the entity's current
name changes only by the stated rule (the most recent decision), visibly."""

import csv
import datetime
import io

import pytest
from django.utils import timezone

from portal.core.models import ChangeLogEntry
from portal.disclosures.models import Penalty
from portal.publishing.services import imports
from portal.registry.models import Entity
from tests.api_tokens import issue
from tests.factories import make_uscc
from tests.publishing.conftest import upload
from tests.publishing.factories import csv_bytes, penalty_row

pytestmark = pytest.mark.django_db
URL = "/api/v1/publishing/penalties/"
OLD, NEW = "北京原名测试有限公司", "北京改名测试有限公司"


def _days_ago(days: int) -> str:
    return (timezone.localdate() - datetime.timedelta(days=days)).isoformat()


def _row(authority, code, name, days_ago):
    decided = _days_ago(days_ago)
    return penalty_row(
        authority, CF_XDR_SHXYM=code, CF_XDR_MC=name, CF_JDRQ=decided, CF_YXQ=decided
    )


def _checked(official, row):
    """Return the import of a file of the row, checked (nothing published)."""
    batch = imports.create_import(
        official=official,
        kind="penalty",
        upload=upload("p.csv", csv_bytes("penalty", [row])),
        language="en",
    )
    return imports.check_import(batch=batch)


def _push(client, official, rows, **extra):
    token = issue(official.user)
    return client.post(
        URL,
        {"records": rows, **extra},
        content_type="application/json",
        HTTP_AUTHORIZATION=f"Token {token.key}",
        HTTP_ACCEPT_LANGUAGE="en",
    )


@pytest.fixture
def code():
    return make_uscc(region="110101")


@pytest.fixture
def published_by_b(client, other_official, other_authority, code):
    """Authority B's penalty about the company, under its name at the time."""
    row = _row(other_authority, code, OLD, 20)
    response = _push(client, other_official, [row])
    assert response.status_code == 200, response.json()
    return Penalty.objects.get(decision_number=row["CF_WSH"])


def test_another_authority_cannot_rename_a_published_record(
    client, official, authority, published_by_b, code
):
    row = _row(authority, code, NEW, 3)
    report = _push(client, official, [row]).json()
    assert report["created"] == 1
    # B's record, its page, its API entry and its download keep the decided name.
    published_by_b.refresh_from_db()
    assert published_by_b.counterpart_name == OLD
    assert published_by_b.version == 1
    assert OLD in client.get(published_by_b.get_absolute_url()).content.decode()
    api = client.get(f"/api/v1/penalties/{published_by_b.pk}/").json()
    assert api["entity_name"] == OLD
    mine = Penalty.objects.get(decision_number=row["CF_WSH"])
    assert mine.counterpart_name == NEW
    assert client.get(f"/api/v1/penalties/{mine.pk}/").json()["entity_name"] == NEW
    # No history entry appears on B's record: nothing about it changed.
    assert not ChangeLogEntry.objects.for_object(published_by_b).exclude(
        action=ChangeLogEntry.Action.PUBLISH
    )


def test_the_most_recent_decision_renames_the_entity_visibly(
    client, official, authority, published_by_b, code
):
    row = _row(authority, code, NEW, 3)
    report = _push(client, official, [row]).json()
    entity = Entity.objects.get(uscc=code)
    assert entity.name == NEW
    assert entity.former_names == [OLD]
    # The report warned before publishing, and says what happens to the entity.
    [warning] = report["warnings"]
    assert warning["row"] == 2 and warning["column"] == "CF_XDR_MC"
    assert OLD in warning["message"] and NEW in warning["message"]
    assert "renames the counterpart" in warning["message"]
    # The change log says which decision renamed it.
    entry = ChangeLogEntry.objects.for_object(entity).get(
        action=ChangeLogEntry.Action.UPDATE
    )
    assert entry.changes["name"] == [OLD, NEW]
    assert row["CF_WSH"] in entry.reason
    # The integrity file shows the current name and the former one with its date.
    page = client.get(entity.get_absolute_url()).content.decode()
    assert f"<h1>{NEW}</h1>" in page
    assert OLD in page and "former-names" in page


def test_an_older_decision_does_not_rename_the_entity(
    client, official, authority, published_by_b, code
):
    row = _row(authority, code, NEW, 60)
    report = _push(client, official, [row]).json()
    assert report["created"] == 1
    entity = Entity.objects.get(uscc=code)
    assert entity.name == OLD
    assert entity.former_names == []
    assert Penalty.objects.get(decision_number=row["CF_WSH"]).counterpart_name == NEW
    [warning] = report["warnings"]
    assert f"the counterpart keeps “{OLD}”" in warning["message"]
    assert not ChangeLogEntry.objects.for_object(entity).filter(
        action=ChangeLogEntry.Action.UPDATE
    )


def test_the_file_report_warns_before_anything_is_written(
    official, authority, published_by_b, code
):
    batch = _checked(official, _row(authority, code, NEW, 3))
    warnings = list(batch.problems.filter(level="warning"))
    assert [(w.row, w.column) for w in warnings] == [(2, "CF_XDR_MC")]
    assert batch.problem_count == 0 and batch.rows_invalid == 0
    assert Entity.objects.get(uscc=code).name == OLD


def test_the_report_file_carries_warnings_with_their_level(
    official, official_client, authority, published_by_b, code
):
    batch = _checked(official, _row(authority, code, NEW, 3))
    response = official_client.get(f"/en/officials/imports/{batch.pk}/problems.csv")
    lines = list(csv.reader(io.StringIO(response.content.decode("utf-8-sig"))))
    assert lines[0] == ["Row", "Column", "Column name", "Problem", "Level"]
    assert [(r[0], r[1], r[4]) for r in lines[1:]] == [("2", "CF_XDR_MC", "Warning")]


def test_a_draft_does_not_rename_the_entity(official, authority, published_by_b, code):
    from portal.publishing.services import records

    entity = Entity(
        category="organisation",
        name=NEW,
        uscc=code,
        legal_representative="赵六",
    )
    draft = records.create_draft(
        official=official,
        kind="penalty",
        entity=entity,
        fields={
            "decision_number": "京罚〔2026〕77号",
            "decided_on": timezone.localdate(),
            "violation_type": "食品安全",
            "facts": "经营超过保质期的食品",
            "legal_basis": "《食品安全法》",
            "categories": ["warning"],
            "content": "警告",
            "effect_until": timezone.localdate(),
            "data_source_name": authority.name,
            "data_source_uscc": authority.uscc,
        },
    )
    assert draft.counterpart_name == NEW
    assert Entity.objects.get(uscc=code).name == OLD
    records.publish_record(official=official, record=draft)
    assert Entity.objects.get(uscc=code).name == NEW
