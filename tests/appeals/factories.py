"""Builders for appeals: evidence files of each kind, and cases made through the
real submission service."""

import datetime
import io
import uuid

from django.core.files.uploadedfile import SimpleUploadedFile
from django.utils import timezone

from portal.appeals import records
from portal.appeals.choices import AppealKind, Capacity, EvidenceRole, Ground
from portal.appeals.services.common import Upload
from portal.appeals.services.submission import submit_appeal
from tests.factories import make_penalty

SITE = "http://testserver/"

# A minimal, well-formed PDF (one empty page).
PDF = (
    b"%PDF-1.4\n1 0 obj<</Type/Catalog/Pages 2 0 R>>endobj\n"
    b"2 0 obj<</Type/Pages/Kids[3 0 R]/Count 1>>endobj\n"
    b"3 0 obj<</Type/Page/Parent 2 0 R/MediaBox[0 0 612 792]>>endobj\n"
    b"trailer<</Root 1 0 R>>\n%%EOF\n"
)
PNG = (
    b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR\x00\x00\x00\x01\x00\x00\x00\x01"
    b"\x08\x06\x00\x00\x00\x1f\x15\xc4\x89\x00\x00\x00\rIDATx\x9cc\xf8\x0f"
    b"\x00\x00\x01\x01\x00\x05\x18\xd8N\x00\x00\x00\x00IEND\xaeB`\x82"
)
JPEG = b"\xff\xd8\xff\xe0\x00\x10JFIF\x00\x01\x01\x00\x00\x01\x00\x01\x00\x00\xff\xd9"
# What an executable starts with (a Windows PE and a Linux ELF).
EXE = b"MZ\x90\x00\x03\x00\x00\x00\x04\x00\x00\x00\xff\xff\x00\x00" + b"\x00" * 64
ELF = b"\x7fELF\x02\x01\x01\x00" + b"\x00" * 64


def upload(name: str, content: bytes, content_type="application/pdf"):
    """Return a file as a browser uploads it (the declared type proves nothing)."""
    return SimpleUploadedFile(name, content, content_type=content_type)


def pdf(name="receipt.pdf"):
    return upload(name, PDF)


def repairable_penalty(**fields):
    """Return a penalty whose minimum publicity period has passed (2019 rule:
    3 months for a general penalty) and which is still public."""
    today = timezone.localdate()
    fields.setdefault("decided_on", today - datetime.timedelta(days=120))
    return make_penalty(**fields)


def young_penalty(**fields):
    """Return a penalty decided ten days ago: repair not yet possible."""
    fields.setdefault("decided_on", timezone.localdate() - datetime.timedelta(days=10))
    return make_penalty(**fields)


def reference_for(record, record_type="penalty"):
    return records.find_by_id(record_type, record.pk)


def make_appeal(record=None, *, kind=AppealKind.REPAIR, record_type="penalty", **extra):
    """File a case through the submission service; return the Submission."""
    record = record or repairable_penalty()
    uploads = extra.pop("uploads", None)
    if uploads is None:
        uploads = (
            [
                Upload(EvidenceRole.FULFILMENT, pdf("缴款凭证.pdf")),
                Upload(EvidenceRole.COMMITMENT, pdf("信用承诺书.pdf")),
            ]
            if kind == AppealKind.REPAIR
            else []
        )
    fields = {
        "reference": reference_for(record, record_type),
        "kind": kind,
        "ground": Ground.CONTENT if kind == AppealKind.OBJECTION else "",
        "applicant_name": "王伟",
        "capacity": Capacity.PARTY,
        "contact_email": "wangwei@example.com",
        "statement": "罚款已于2025年缴清，违法行为已整改。",
        "uploads": uploads,
        "token": uuid.uuid4(),
        "language": "zh-hans",
        "site_url": SITE,
    }
    fields.update(extra)
    return submit_appeal(**fields)


def form_data(record, *, kind=AppealKind.REPAIR, token=None, **overrides) -> dict:
    """Return what the form posts, files included (fresh file objects)."""
    data = {
        "token": str(token or uuid.uuid4()),
        "kind": kind,
        "ground": Ground.CONTENT if kind == AppealKind.OBJECTION else "",
        "applicant_name": "王伟",
        "capacity": Capacity.PARTY,
        "contact": "wangwei@example.com",
        "statement": "罚款已于2025年缴清，违法行为已整改。",
        "website": "",
    }
    if kind == AppealKind.REPAIR:
        data["fulfilment_proof"] = pdf("缴款凭证.pdf")
        data["commitment_letter"] = pdf("信用承诺书.pdf")
    data.update(overrides)
    return data


def big_pdf(size: int):
    """Return a PDF of the given size: a long comment before its trailer."""
    body, trailer = PDF.split(b"trailer")
    padding = max(0, size - len(PDF) - 2)
    content = body + b"%" + b"0" * padding + b"\n" + b"trailer" + trailer
    stream = io.BytesIO(content)
    return SimpleUploadedFile("big.pdf", stream.getvalue(), "application/pdf")
