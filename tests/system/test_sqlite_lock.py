"""The embedded SQLite's write lock held (as a long import holds it) while
someone sends an appeal: public pages, the API and /health/ go on answering;
the submission waits SUBMISSION_WAIT_SECONDS (20) and, the lock still held,
comes back with everything typed, 503 and Retry-After, nothing saved; sent
again once the lock is gone, it is saved once. A lock that ends within the
wait (8 s, past SQLite's 5 s busy timeout that used to give a 500) is waited
out."""

import time
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

import pytest

from tests.system import flows
from tests.system.client import new_address

pytestmark = pytest.mark.system

# Longer than SQLite's busy timeout (5 s), shorter than the submission's wait.
SHORT_LOCK_SECONDS = 8


def _files(site) -> list[Path]:
    root = site.directory / "private" / "appeals"
    return sorted(path for path in root.rglob("*") if path.is_file())


def test_a_submission_outlasted_by_the_lock_comes_back_typed_then_saves_once(
    sqlite_site,
):
    site = sqlite_site
    records = flows.public_records(site.client(new_address()))
    applicant, objection = site.client(new_address()), flows.Objection.new()
    fields = flows.open_appeal(applicant, records)
    files = _files(site)

    with site.database.write_locked(), ThreadPoolExecutor(1) as pool:
        pending = pool.submit(flows.send_appeal, applicant, records, fields, objection)
        # Reads go on beside the lock (WAL), limits count in the state file.
        seen, _workers = flows.visit(site, records)
        assert seen == flows.expected_statuses(records)
        status, body = flows.health(site.client(new_address()))
        assert (status, body["database"], body["state_database"]) == (200, "ok", "ok")
        busy = pending.result()
        # The lock was held all along: the answer came while it still was.
        assert busy.status_code == 503, busy.text[:3000]
    assert busy.headers["Retry-After"] == "60"
    assert flows.BUSY in busy.text
    for typed in (objection.applicant, objection.statement, "wangwei@example.com"):
        assert typed in busy.text
    assert flows.saved(site.database, objection) == (0, 0)
    assert _files(site) == files

    # The same form sent again (its token unchanged): saved, once.
    saved = flows.send_appeal(applicant, records, fields, objection)
    assert flows.is_confirmation(saved), saved.text[:3000]
    again = flows.send_appeal(applicant, records, fields, objection)
    assert again.status_code == 302
    assert flows.saved(site.database, objection) == (1, 1)
    assert len(_files(site)) == len(files) + 1


def test_a_submission_waits_out_a_shorter_lock(sqlite_site):
    site = sqlite_site
    records = flows.public_records(site.client(new_address()))
    applicant, objection = site.client(new_address()), flows.Objection.new()
    fields = flows.open_appeal(applicant, records)

    with ThreadPoolExecutor(1) as pool:
        with site.database.write_locked():
            pending = pool.submit(
                flows.send_appeal, applicant, records, fields, objection
            )
            time.sleep(SHORT_LOCK_SECONDS)  # the fault's length, not a measure
            assert not pending.done()
        saved = pending.result()
    assert flows.is_confirmation(saved), saved.text[:3000]
    assert flows.saved(site.database, objection) == (1, 1)
