import pytest
from django.db import DatabaseError, transaction

from portal.core.models import ChangeLogEntry
from tests.factories import make_penalty

pytestmark = pytest.mark.django_db


@pytest.fixture
def entry():
    penalty = make_penalty()
    return ChangeLogEntry.objects.create(
        record=penalty,
        action=ChangeLogEntry.Action.PUBLISH,
        version=1,
        reason="首次公示",
        actor_label="demo",
    )


def test_entry_points_at_its_record(entry):
    assert ChangeLogEntry.objects.for_object(entry.record).get() == entry


def test_entry_cannot_be_saved_again(entry):
    entry.reason = "changed"
    with pytest.raises(TypeError):
        entry.save()


def test_entry_cannot_be_deleted(entry):
    with pytest.raises(TypeError):
        entry.delete()
    with pytest.raises(TypeError):
        ChangeLogEntry.objects.all().delete()
    with pytest.raises(TypeError):
        ChangeLogEntry.objects.all().update(reason="x")


def test_database_refuses_updates_too(entry):
    # Even raw SQL that bypasses the ORM's guard hits the trigger.
    from django.db import connection

    with (
        pytest.raises(DatabaseError),
        transaction.atomic(),
        connection.cursor() as cursor,
    ):
        cursor.execute(
            "UPDATE core_changelogentry SET reason = %s WHERE id = %s",
            ["rewritten", entry.pk],
        )
    entry.refresh_from_db()
    assert entry.reason == "首次公示"
