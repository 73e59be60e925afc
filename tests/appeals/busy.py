"""Public submissions against a SQLite file another connection holds locked.

Run in a process of its own by tests/appeals/test_busy.py, on a migrated
database file (`manage.py shell -c "from tests.appeals import busy; ..."`):
each scenario prints one JSON line with what it saw.
"""

import contextlib
import json
import re
import sqlite3
import time
from pathlib import Path

from django.conf import settings
from django.db import connections
from django.test import Client
from django.test.utils import setup_test_environment
from django.utils import translation

from portal.appeals.models import Appeal, Evidence
from portal.appeals.services import handling
from tests.appeals.factories import (
    SITE,
    form_data,
    make_appeal,
    pdf,
    repairable_penalty,
)
from tests.publishing.factories import make_official


@contextlib.contextmanager
def _write_locked():
    """Hold the main database's write lock, as a long import would."""
    holder = sqlite3.connect(
        settings.DATABASES["default"]["NAME"], isolation_level=None, timeout=0
    )
    holder.execute("BEGIN IMMEDIATE")
    try:
        yield
    finally:
        holder.execute("ROLLBACK")
        holder.close()


def _post(client, url, data) -> dict:
    started = time.monotonic()
    response = client.post(url, data)
    return {
        "status": response.status_code,
        "retry_after": response.get("Retry-After"),
        "location": response.get("Location", ""),
        "html": response.content.decode(),
        "seconds": round(time.monotonic() - started, 2),
    }


def _kept_files() -> list[str]:
    root = Path(settings.PRIVATE_FILES_ROOT) / "appeals"
    return sorted(str(path) for path in root.rglob("*") if path.is_file())


def _counts() -> dict:
    return {
        "appeals": Appeal.objects.count(),
        "evidence": Evidence.objects.count(),
        "files": len(_kept_files()),
    }


def appeal() -> dict:
    penalty = repairable_penalty()
    url = f"/en/appeals/new/?record=penalty:{penalty.pk}"
    client = Client(raise_request_exception=False)
    token = re.search(r'name="token" value="([^"]+)"', client.get(url).content.decode())
    data = form_data(penalty, token=token.group(1))
    with _write_locked():
        busy = _post(client, url, data)
        busy.update(_counts())
        # Reads go on while the lock is held (WAL): the form shows.
        busy["form_status"] = client.get(url).status_code
    saved = _post(client, url, form_data(penalty, token=token.group(1)))
    saved.update(_counts())
    return {"busy": busy, "saved": saved}


def material() -> dict:
    official = make_official(is_publisher=False, is_appeals_handler=True)
    filed = make_appeal(repairable_penalty(authority=official.authority))
    handling.request_material(
        official=official, appeal=filed.appeal, message="请补充。", site_url=SITE
    )
    client = Client(raise_request_exception=False)
    client.get(f"/appeals/track/{filed.appeal.number}/{filed.secret}/")
    url = f"/en/appeals/track/{filed.appeal.number}/material/"
    before = _counts()
    with _write_locked():
        busy = _post(client, url, {"note": "整改报告见附件。", "evidence": [pdf()]})
        busy.update(_counts())
    saved = _post(client, url, {"note": "整改报告见附件。", "evidence": [pdf()]})
    saved.update(_counts())
    return {"before": before, "busy": busy, "saved": saved}


def track() -> dict:
    filed = make_appeal()
    data = {"number": filed.appeal.number, "secret": filed.secret}
    client = Client(raise_request_exception=False)
    with _write_locked():
        busy = _post(client, "/en/appeals/track/", data)
    saved = _post(client, "/en/appeals/track/", data)
    saved["case_status"] = client.get(filed.appeal.get_absolute_url()).status_code
    return {"busy": busy, "saved": saved}


def api_key() -> dict:
    from django.contrib.auth import get_user_model

    from portal.core.models import ApiToken
    from portal.opendata import apikeys

    client = Client(raise_request_exception=False)
    email = "researcher@example.org"
    with translation.override("en"):  # the English link, as the form was
        url = apikeys.link_path(email)
    with _write_locked():
        request = _post(client, "/en/open-data/api-key/", {"email": email})
        issue = _post(client, url, {"action": "issue"})
        issue["tokens"] = ApiToken.objects.count()
        issue["users"] = get_user_model().objects.count()
    saved = _post(client, url, {"action": "issue"})
    saved["tokens"] = ApiToken.objects.count()
    return {"request": request, "issue": issue, "saved": saved}


def run(name: str) -> None:
    setup_test_environment()
    try:
        print(json.dumps(globals()[name]()))
    finally:
        connections.close_all()
