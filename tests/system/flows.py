"""What people do on the site, through the proxy: the steps several tests share."""

import re
import uuid
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass

from django_otp.oath import TOTP

from tests.appeals.factories import PDF
from tests.publishing.factories import csv_bytes, penalty_row
from tests.system.client import Client, new_address

HEALTH = "/health/"
BUSY = "The portal is busy"
TRACK_POST = "POST /appeals/track/ (a wrong secret)"


@dataclass(frozen=True)
class Records:
    """Public records of the demo data, found through the API."""

    penalty: int
    authority: int
    entity_url: str


def public_records(client: Client) -> Records:
    response = client.get("/api/v1/penalties/?page_size=1")
    assert response.status_code == 200, response.text[:2000]
    [penalty] = response.json()["results"]
    return Records(penalty["id"], penalty["authority_id"], penalty["entity_url"])


def pages(records: Records) -> dict[str, int]:
    """Return public addresses and the status each answers on a healthy site:
    every one the issue saw fail with Redis down, and a few more."""
    return {
        "/": 200,
        "/en/": 200,
        "/cities/": 200,
        "/sitemap.xml": 200,
        f"/open-data/feeds/authorities/{records.authority}/": 200,
        "/api/v1/penalties/": 200,
        "/en/penalties/?sort=-decided": 200,
        f"/en{records.entity_url}": 200,
        f"/en/penalties/{records.penalty}/": 200,
        "/en/search/?q=公司": 200,
        "/api/v1/search/?q=公司": 200,
        "/appeals/track/": 200,
    }


def visit(site, records: Records) -> tuple[dict[str, int], set[int]]:
    """Open every page of `pages`, three at a time so that every worker takes
    some, and try a case number with a wrong secret; return the statuses and
    the workers that answered."""

    answers = dict(
        concurrently(
            lambda path: (path, site.client(new_address()).get(path)), pages(records)
        )
    )
    client = site.client(new_address())
    form = client.form("/en/appeals/track/")
    answers[TRACK_POST] = client.post(
        "/en/appeals/track/",
        {**form, "number": "2026-000001", "secret": "not-the-secret"},
    )
    seen = {path: answer.status_code for path, answer in answers.items()}
    return seen, site.web.served_by(answers.values())


def expected_statuses(records: Records) -> dict[str, int]:
    return {**pages(records), TRACK_POST: 400}


def health(client: Client) -> tuple[int, dict]:
    # A short client timeout: /health/ answers within about a second whatever
    # is down, and a stall would hold the test up, not just slow it.
    response = client.get(HEALTH, timeout=15)
    return response.status_code, response.json()


def concurrently(function, items, *, threads: int = 3) -> list:
    """Call the function on each item, several at a time, so that every worker
    takes some (one at a time, the same idle worker tends to take them all)."""
    with ThreadPoolExecutor(threads) as pool:
        return list(pool.map(function, items))


def health_of_every_worker(server) -> dict[int, tuple[int, dict]]:
    """Ask /health/ until every worker of the server has answered; return each
    worker's last answer (status and body)."""
    answers: dict[int, tuple[int, dict]] = {}
    for _ in range(30):
        responses = concurrently(
            lambda _: server.client(new_address()).get(HEALTH, timeout=15), range(3)
        )
        for response in responses:
            [pid] = server.served_by([response])
            answers[pid] = (response.status_code, response.json())
        if server.worker_pids() <= answers.keys():
            return answers
    raise AssertionError(f"Not every worker answered /health/: {sorted(answers)}")


@dataclass(frozen=True)
class Objection:
    """What a person typed into the appeal form, told apart by its statement."""

    applicant: str
    statement: str

    @classmethod
    def new(cls) -> "Objection":
        marker = uuid.uuid4().hex[:12]
        return cls("系统测试王伟", f"处罚决定书所列事实有误（{marker}）。")


def appeal_url(records: Records) -> str:
    return f"/en/appeals/new/?record=penalty:{records.penalty}"


def open_appeal(client: Client, records: Records) -> dict[str, str]:
    """Open the appeal form; return its hidden fields (CSRF token, form token)."""
    fields = client.form(appeal_url(records))
    assert {"csrfmiddlewaretoken", "token"} <= fields.keys(), fields
    return fields


def send_appeal(
    client: Client, records: Records, fields: dict, objection: Objection, **kwargs
):
    """Send the form, an objection with one PDF of evidence."""
    data = {
        **fields,
        "kind": "objection",
        "ground": "content",
        "applicant_name": objection.applicant,
        "capacity": "party",
        "contact": "wangwei@example.com",
        "statement": objection.statement,
        "website": "",
        # Every objection here comes from the same contact about the same
        # record; the form would otherwise stop at its second-case warning.
        "second_case": "on",
    }
    files = {"evidence": ("处罚决定书复印件.pdf", PDF, "application/pdf")}
    return client.post(appeal_url(records), data, files=files, **kwargs)


def saved(database, objection: Objection) -> tuple[int, int]:
    """Return how many cases and evidence files hold this objection."""
    [(appeals, evidence)] = database.query(
        "SELECT count(DISTINCT a.id), count(e.id) FROM appeals_appeal a "
        "LEFT JOIN appeals_evidence e ON e.appeal_id = a.id WHERE a.statement = %s",
        [objection.statement],
    )
    return appeals, evidence


def is_confirmation(response) -> bool:
    location = response.headers.get("Location", "")
    return response.status_code == 302 and "/appeals/submitted/" in location


def totp(key_hex: str) -> str:
    """Return the code an authenticator app shows now for this device key."""
    return f"{TOTP(bytes.fromhex(key_hex)).token():06d}"


def sign_in(client: Client, username: str, password: str, code: str):
    """Send the officials' sign-in form; return the answer."""
    fields = client.form("/en/officials/login/")
    return client.post(
        "/en/officials/login/",
        {**fields, "username": username, "password": password, "code": code},
    )


_OFFICIAL = """
import json
from portal.publishing.services.officials import create_official
from portal.registry.models import Authority

authority = Authority.objects.exclude(uscc="").order_by("pk")[{nth}]
official, device = create_official(
    username={username!r},
    password={password!r},
    authority=authority,
    confirmed_device=True,
)
print(json.dumps({{"key": device.key, "name": authority.name, "uscc": authority.uscc}}))
"""


def create_official(site, username: str, password: str, *, nth: int = 0) -> dict:
    """Make an official of the nth authority, as an operator would in a shell;
    return the authenticator key and the authority's name and USCC."""
    return site.script(_OFFICIAL.format(username=username, password=password, nth=nth))


def upload_penalties(client: Client, authority, rows: int) -> tuple[int, list[str]]:
    """Upload a CSV of new penalties big enough to go to the background worker
    (past IMPORT_INLINE_MAX_BYTES, 256 kB); return the import's id and the
    rows' decision numbers."""
    penalties = [penalty_row(authority) for _ in range(rows)]
    content = csv_bytes("penalty", penalties)
    assert len(content) > 256 * 1024
    fields = client.form("/en/officials/imports/")
    answer = client.post(
        "/en/officials/imports/",
        {**fields, "kind": "penalty"},
        files={"file": ("penalties.csv", content, "text/csv")},
    )
    assert answer.status_code == 302, answer.text[:3000]
    pk = int(re.search(r"/imports/(\d+)/$", answer.headers["Location"]).group(1))
    return pk, [row["CF_WSH"] for row in penalties]
