"""Eight applicants at once, each sending the form twice: one case each."""

import pytest
from django.core.management import CommandError, call_command
from django.db import connection

from portal.appeals.models import Appeal
from portal.bench.appeals_load import submit_concurrently
from tests.factories import make_penalty


@pytest.mark.skipif(
    connection.vendor == "sqlite",
    reason=(
        "The SQLite test database lives in shared-cache memory, which refuses "
        "concurrent writers outright instead of waiting; this runs on PostgreSQL "
        "(DATABASE_URL), and `manage.py appeals_loadcheck` or the bench scenario "
        "appeals-concurrent run it on a SQLite file."
    ),
)
def test_concurrent_double_submits_lose_nothing_and_double_nothing(
    transactional_db, settings, tmp_path
):
    settings.PRIVATE_FILES_ROOT = tmp_path / "private"
    for _ in range(3):
        make_penalty()
    report = submit_concurrently(clients=8, applications=40)
    assert report.ok, report.summary()
    assert report.posts == 80 and report.statuses == {302: 80}
    assert report.cases == report.files == 40
    assert Appeal.objects.count() == 40
    numbers = sorted(Appeal.objects.values_list("number", flat=True))
    assert len(set(numbers)) == 40


def test_the_command_refuses_to_write_unless_told(db):
    with pytest.raises(CommandError, match="--write"):
        call_command("appeals_loadcheck")
