"""Evidence files: what they are, judged by their content, and how big.

A file's name and the browser's declared type prove nothing: an executable
renamed `receipt.pdf` is still an executable. The first bytes decide.
"""

import hashlib
import secrets
from dataclasses import dataclass

from django.conf import settings
from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _

# (signature at the start of the file, MIME type, extension it is stored with)
_SIGNATURES = (
    (b"%PDF-", "application/pdf", "pdf"),
    (b"\x89PNG\r\n\x1a\n", "image/png", "png"),
    (b"\xff\xd8\xff", "image/jpeg", "jpg"),
)
_HEAD = 16


@dataclass(frozen=True)
class Inspected:
    content_type: str
    extension: str
    size: int
    sha256: str

    def stored_name(self) -> str:
        return f"{secrets.token_hex(16)}.{self.extension}"


def max_bytes() -> int:
    return settings.APPEALS_MAX_FILE_BYTES


def _megabytes(size: int) -> str:
    return f"{size / (1024 * 1024):.0f}"


def inspect(upload) -> Inspected:
    """Return what the uploaded file is, or raise ValidationError saying why not."""
    name = getattr(upload, "name", "") or ""
    size = upload.size or 0
    if size == 0:
        raise ValidationError(
            _("“%(name)s” is empty."), code="empty", params={"name": name}
        )
    if size > max_bytes():
        raise ValidationError(
            _(
                "“%(name)s” is larger than %(mb)s MB. Send a smaller scan or "
                "split it into several files."
            ),
            code="too_large",
            params={"name": name, "mb": _megabytes(max_bytes())},
        )
    upload.seek(0)
    head = upload.read(_HEAD)
    known = next((kind for kind in _SIGNATURES if head.startswith(kind[0])), None)
    if known is None:
        raise ValidationError(
            _(
                "“%(name)s” is not a PDF, PNG or JPEG file (whatever its name "
                "says). Send the evidence as PDF or as a photo in PNG or JPEG."
            ),
            code="file_type",
            params={"name": name},
        )
    _signature, content_type, extension = known
    digest = hashlib.sha256()
    # chunks() reads from the beginning of the file.
    for chunk in upload.chunks():
        digest.update(chunk)
    upload.seek(0)
    return Inspected(content_type, extension, size, digest.hexdigest())
