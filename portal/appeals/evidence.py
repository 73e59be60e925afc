"""Evidence files: what they are, judged by their content, and how big.

A file's name and the browser's declared type prove nothing: an executable
renamed `receipt.pdf` is still an executable. The content decides: the
signature at the start, and the structure every file of the type has (a PDF
ends with `%%EOF`, a PNG's first chunk is its header, a JPEG's signature is
followed by a segment marker), so that a web page with a PDF header in front
is refused. What is kept is named by the portal after the detected type, and
offered to officials under that name only (`download_name`): a PDF-headed
polyglot sent as report.html is stored and downloaded as a `.pdf`, which no
browser runs as a page. The applicant's file name is kept as plain text, for
display only.
"""

import hashlib
import secrets
import unicodedata
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
# PDF readers look for the end-of-file marker within the last 1024 bytes
# (PDF 1.7, Implementation note 18).
_PDF_TAIL = 1024
_EXTENSIONS = {content_type: extension for _sig, content_type, extension in _SIGNATURES}
# Characters that change how a name is shown, not what it says: controls,
# bidirectional overrides (evil\u202efdp.exe reads "evilexe.pdf"), separators.
_HIDDEN_CATEGORIES = {"Cc", "Cf", "Zl", "Zp"}


@dataclass(frozen=True)
class Inspected:
    content_type: str
    extension: str
    size: int
    sha256: str

    def stored_name(self) -> str:
        return f"{secrets.token_hex(16)}.{self.extension}"


def download_name(pk: int, content_type: str) -> str:
    """Return the name officials download a kept file under."""
    return f"evidence-{pk}.{_EXTENSIONS.get(content_type, 'bin')}"


def display_name(name: str) -> str:
    """Return the applicant's file name as plain text to show, never to use."""
    # Only the last path part: some browsers send the whole local path.
    name = (name or "").replace("\\", "/").rsplit("/", 1)[-1]
    name = "".join(
        char for char in name if unicodedata.category(char) not in _HIDDEN_CATEGORIES
    )
    return name.strip()[:255] or "file"


def _well_formed(upload, head: bytes, extension: str, size: int) -> bool:
    if extension == "pdf":
        upload.seek(max(0, size - _PDF_TAIL))
        return b"%%EOF" in upload.read(_PDF_TAIL)
    if extension == "png":
        return head[12:16] == b"IHDR"
    # JPEG: the signature's third byte starts a segment; a marker follows.
    return len(head) > 3 and 0xC0 <= head[3] <= 0xFE


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
    if known is None or not _well_formed(upload, head, known[2], size):
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
