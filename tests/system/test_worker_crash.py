"""`kill -9` of the background worker in the middle of an import: /health/
says that no worker runs, and a new worker finishes the import, exactly once."""

from types import SimpleNamespace

import pytest

from tests.system import flows
from tests.system.client import new_address
from tests.system.topology import wait_for

pytestmark = pytest.mark.system

# Enough rows for the check and the publication to take the worker a few
# seconds each, and a file well past IMPORT_INLINE_MAX_BYTES (256 kB).
ROWS = 8000
PASSWORD = "system-tests-importer-password-7"
RUNNING = {"queued", "validating", "publishing"}


def _batch(site, pk: int) -> dict:
    columns = (
        "status",
        "attempt",
        "rows_total",
        "rows_done",
        "rows_new",
        "problem_count",
        "created_count",
        "error",
    )
    [row] = site.database.query(
        f"SELECT {', '.join(columns)} FROM publishing_importbatch WHERE id = %s",
        [pk],
    )
    return dict(zip(columns, row, strict=True))


def _ended(site, pk: int) -> dict:
    def ended():
        batch = _batch(site, pk)
        return batch["status"] not in RUNNING and batch

    return wait_for(ended, f"import {pk} to end", every=0.2)


def _published(site, numbers: list[str]) -> tuple[int, int]:
    [(rows, distinct)] = site.database.query(
        "SELECT count(*), count(DISTINCT decision_number) FROM disclosures_penalty "
        "WHERE decision_number = ANY(%s)",
        [numbers],
    )
    return rows, distinct


def _worker_health(site) -> dict:
    status, body = flows.health(site.client(new_address()))
    assert status == 200, body
    return body


def _no_worker_reported(site) -> None:
    body = wait_for(
        lambda: (body := _worker_health(site))["worker"]["alive"] == 0 and body,
        "/health/ to see the worker gone",
    )
    assert body["worker"]["state"] == "none running"
    assert body["status"] == "degraded" and "worker" in body["degraded"]


def _worker_reported(site) -> None:
    body = wait_for(
        lambda: (body := _worker_health(site))["worker"]["alive"] >= 1 and body,
        "/health/ to see a worker",
    )
    assert body["worker"]["state"] == "ok"
    assert "worker" not in body["degraded"]


def test_a_worker_killed_mid_import_is_replaced_and_publishes_once(postgres_site):
    site = postgres_site
    official = flows.create_official(site, "system-importer", PASSWORD)
    client = site.client(new_address())
    code = flows.totp(official["key"])
    assert flows.sign_in(client, "system-importer", PASSWORD, code).status_code == 302
    authority = SimpleNamespace(name=official["name"], uscc=official["uscc"])
    _worker_reported(site)

    pk, numbers = flows.upload_penalties(client, authority, ROWS)
    wait_for(
        lambda: (b := _batch(site, pk))["status"] == "validating" and b["rows_done"],
        "the worker to be checking the file",
        every=0.02,
    )
    site.worker.kill()
    _no_worker_reported(site)
    # The official's page still answers, and says the import waits.
    assert client.get(f"/en/officials/imports/{pk}/").status_code == 200

    site.start_worker()
    batch = _ended(site, pk)
    assert batch["status"] == "validated", batch["error"]
    assert (batch["rows_total"], batch["rows_new"], batch["problem_count"]) == (
        ROWS,
        ROWS,
        0,
    )
    assert batch["attempt"] == 2
    _worker_reported(site)

    page = f"/en/officials/imports/{pk}/"
    fields = client.form(page)
    answer = client.post(f"{page}publish/", {**fields, "mode": "all_or_nothing"})
    assert answer.status_code == 302, answer.text[:3000]
    wait_for(
        lambda: site.database.writers({site.worker.pid}),
        "the worker to be writing the records",
        every=0.02,
    )
    site.worker.kill()
    # Killed inside its transaction: nothing of the file is public.
    assert _published(site, numbers) == (0, 0)
    assert _batch(site, pk)["status"] == "publishing"
    _no_worker_reported(site)

    site.start_worker()
    batch = _ended(site, pk)
    assert batch["status"] == "published", batch["error"]
    assert batch["created_count"] == ROWS
    assert _published(site, numbers) == (ROWS, ROWS)
    _worker_reported(site)
    assert client.get(page).status_code == 200
