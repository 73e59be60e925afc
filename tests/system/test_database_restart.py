"""Every PostgreSQL session of the site ended under it (`pg_terminate_backend`,
as a failover or a restart of the server does): pages, the API, submissions
and the background worker carry on, with no 500 at all, since a connection is
checked before a request reuses it (CONN_HEALTH_CHECKS)."""

from types import SimpleNamespace

import pytest

from tests.system import flows
from tests.system.client import new_address
from tests.system.topology import wait_for

pytestmark = pytest.mark.system

PASSWORD = "system-tests-restart-password-7"


def _every_worker_answers(site) -> None:
    for status, body in flows.health_of_every_worker(site.web).values():
        assert status == 200, body
        assert body["database"] == body["state_database"] == "ok"


def _import_checked(site, client, authority, rows=1000) -> dict:
    """Upload a file that goes to the worker; return the batch once checked."""
    pk, _numbers = flows.upload_penalties(client, authority, rows)

    def checked():
        [(status, new)] = site.database.query(
            "SELECT status, rows_new FROM publishing_importbatch WHERE id = %s", [pk]
        )
        return status not in {"queued", "validating"} and (status, new)

    return wait_for(checked, "the worker to check the file", every=0.2)


def test_sessions_ended_under_the_site_cost_no_page_or_job(postgres_site):
    site = postgres_site
    records = flows.public_records(site.client(new_address()))
    official = flows.create_official(site, "system-restart", PASSWORD, nth=1)
    client = site.client(new_address())
    code = flows.totp(official["key"])
    assert flows.sign_in(client, "system-restart", PASSWORD, code).status_code == 302
    # Every worker holds its connections (CONN_MAX_AGE) when they are ended.
    _every_worker_answers(site)

    ended = site.database.terminate_connections()
    # Three web workers with the main and the state database, the worker's.
    assert ended >= 4

    seen, workers = flows.visit(site, records)
    assert seen == flows.expected_statuses(records)
    assert len(workers) >= 2, f"only {workers} answered"
    _every_worker_answers(site)
    objection = flows.Objection.new()
    applicant = site.client(new_address())
    answer = flows.send_appeal(
        applicant, records, flows.open_appeal(applicant, records), objection
    )
    assert flows.is_confirmation(answer), answer.text[:3000]
    assert flows.saved(site.database, objection) == (1, 1)
    # The official stays signed in (the session is in the database).
    assert client.get("/en/officials/imports/").status_code == 200

    # The worker lost its connections too, and its leases with them: it takes
    # them again, and goes on taking jobs.
    assert site.worker.alive(), site.worker.tail()
    authority = SimpleNamespace(name=official["name"], uscc=official["uscc"])
    assert _import_checked(site, client, authority) == ("validated", 1000)
    body = wait_for(
        lambda: (
            (b := flows.health(site.client(new_address()))[1])["worker"]["alive"] and b
        ),
        "/health/ to count the worker again",
    )
    assert body["worker"]["state"] == "ok"
