"""Many applicants at once: nothing lost, nothing doubled.

`submit_concurrently` posts the real form (middleware, validation, file
checks, the submission service and its transaction) from several threads,
each with its own database connection. Every application is sent twice, by
two different threads at about the same moment, as a double click or an
impatient refresh would; then it checks that each application became exactly
one case with its one file, and that every answer was the confirmation.

A development tool, beside the bench: used by `manage.py appeals_loadcheck`
(against the configured database, e.g. PostgreSQL), the bench scenario
`appeals-concurrent` and the test suite.
"""

import random
import threading
import time
import uuid
from collections import Counter
from dataclasses import dataclass, field
from pathlib import Path

from django.conf import settings
from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import connections
from django.test import Client, override_settings

from portal.appeals import tracking
from portal.appeals.choices import AppealKind, Capacity, Ground
from portal.appeals.models import Appeal, Evidence
from portal.disclosures.models import Penalty

_PDF = (
    b"%PDF-1.4\n1 0 obj<</Type/Catalog/Pages 2 0 R>>endobj\n"
    b"2 0 obj<</Type/Pages/Kids[3 0 R]/Count 1>>endobj\n"
    b"3 0 obj<</Type/Page/Parent 2 0 R/MediaBox[0 0 612 792]>>endobj\n"
    b"trailer<</Root 1 0 R>>\n%%EOF\n"
)


@dataclass
class LoadReport:
    clients: int
    applications: int
    posts: int = 0
    seconds: float = 0.0
    statuses: Counter = field(default_factory=Counter)
    cases: int = 0
    files: int = 0
    problems: list[str] = field(default_factory=list)

    @property
    def ok(self) -> bool:
        return not self.problems

    @property
    def cases_per_second(self) -> float:
        return self.cases / self.seconds if self.seconds else 0.0

    @property
    def posts_per_second(self) -> float:
        return self.posts / self.seconds if self.seconds else 0.0

    def summary(self) -> str:
        verdict = "OK" if self.ok else "FAILED"
        lines = [
            f"{verdict}: {self.applications} applications, each posted twice by "
            f"{self.clients} concurrent clients ({self.posts} posts) in "
            f"{self.seconds:.2f} s",
            f"  {self.cases} cases, {self.files} evidence files; "
            f"{self.cases_per_second:.1f} cases/s, {self.posts_per_second:.1f} posts/s",
            f"  answers: {dict(sorted(self.statuses.items()))}",
        ]
        lines += [f"  problem: {problem}" for problem in self.problems[:20]]
        return "\n".join(lines)


def _form(token: uuid.UUID, number: int) -> dict:
    return {
        "token": str(token),
        "kind": AppealKind.OBJECTION,
        "ground": Ground.CONTENT,
        "applicant_name": f"负载测试申请人{number}",
        "capacity": Capacity.PARTY,
        "contact": f"loadcheck{number}@example.invalid",
        "statement": "负载测试：记载的违法事实有误。",
        "website": "",
    }


def _address(number: int) -> str:
    # One address per application (its two posts share it, as one browser's).
    return f"10.{number // 65536 % 256}.{number // 256 % 256}.{number % 256}"


def submit_concurrently(
    *, clients: int = 8, applications: int = 200, seed: int = 1
) -> LoadReport:
    """Post `applications` objections twice each from `clients` threads."""
    record_ids = list(
        Penalty.objects.public().order_by("pk").values_list("pk", flat=True)[:500]
    )
    if not record_ids:
        raise ValueError("No public penalty to object to: load demo data first.")
    rng = random.Random(seed)
    plan = [
        (number, uuid.uuid4(), rng.choice(record_ids)) for number in range(applications)
    ]
    # Both copies of each application, the copies next to each other so that
    # two threads send them at about the same time.
    jobs = [job for item in plan for job in (item, item)]
    report = LoadReport(clients=clients, applications=applications)
    answers: dict[uuid.UUID, set[str]] = {}
    lock = threading.Lock()
    position = iter(range(len(jobs)))

    def work():
        # A server error is an answer to count, not an exception in the thread.
        client = Client(raise_request_exception=False)
        try:
            while True:
                with lock:
                    index = next(position, None)
                if index is None:
                    return
                number, token, record_id = jobs[index]
                data = _form(token, number)
                data["evidence"] = _upload(number)
                response = client.post(
                    f"/appeals/new/?record=penalty:{record_id}",
                    data,
                    REMOTE_ADDR=_address(number),
                    secure=True,
                )
                with lock:
                    report.posts += 1
                    report.statuses[response.status_code] += 1
                    if response.status_code == 302:
                        answers.setdefault(token, set()).add(response["Location"])
        finally:
            connections.close_all()

    stored_before = _stored_files()
    hosts = [*settings.ALLOWED_HOSTS, "testserver"]
    with override_settings(
        ALLOWED_HOSTS=hosts,
        EMAIL_BACKEND="django.core.mail.backends.locmem.EmailBackend",
    ):
        threads = [threading.Thread(target=work) for _ in range(clients)]
        started = time.perf_counter()
        for thread in threads:
            thread.start()
        for thread in threads:
            thread.join()
        report.seconds = time.perf_counter() - started
    _verify(report, plan, answers)
    # A second copy's file is discarded with it: only the cases' files stay.
    stray = len(_stored_files() - stored_before) - report.files
    if stray:
        report.problems.append(f"{stray} files were written for no case")
    return report


def _stored_files() -> set[Path]:
    root = Path(settings.PRIVATE_FILES_ROOT) / "appeals"
    if not root.exists():
        return set()
    return {path for path in root.rglob("*") if path.is_file()}


def _upload(number: int):
    return SimpleUploadedFile(f"证据{number}.pdf", _PDF, "application/pdf")


def _verify(report: LoadReport, plan, answers) -> None:
    tokens = [tracking.hash_token(token) for _number, token, _record in plan]
    cases = Appeal.objects.filter(token_hash__in=tokens)
    found = Counter(cases.values_list("token_hash", flat=True))
    report.cases = sum(found.values())
    lost = [token for token in tokens if token not in found]
    doubled = [token for token, n in found.items() if n > 1]
    if lost:
        report.problems.append(f"{len(lost)} applications were lost, e.g. {lost[0]}")
    if doubled:
        report.problems.append(f"{len(doubled)} applications made two cases")
    if report.statuses.get(302, 0) != report.posts:
        report.problems.append(
            f"{report.posts - report.statuses.get(302, 0)} posts were not confirmed"
        )
    split = [token for token, places in answers.items() if len(places) != 1]
    # Every answer is the case's confirmation, secret included.
    unconfirmed = [
        token
        for token, places in answers.items()
        if not all("/appeals/submitted/" in place for place in places)
    ]
    if unconfirmed:
        report.problems.append(
            f"{len(unconfirmed)} applications were not shown their confirmation"
        )
    if split:
        report.problems.append(
            f"{len(split)} applications were confirmed as two different cases"
        )
    numbers = list(cases.values_list("number", flat=True))
    if len(set(numbers)) != len(numbers):
        report.problems.append("two cases share a tracking number")
    files = Evidence.objects.filter(appeal__in=cases)
    report.files = files.count()
    if report.files != report.cases:
        report.problems.append(f"{report.files} files for {report.cases} cases")
    root = Path(settings.PRIVATE_FILES_ROOT)
    missing = [
        item.file.name
        for item in files.only("file")
        if not (root / item.file.name).is_file()
    ]
    if missing:
        report.problems.append(f"{len(missing)} evidence files are missing on disk")
