"""Evidence files are judged by their content, whatever their name says."""

import pytest
from django.core.exceptions import ValidationError

from portal.appeals import evidence
from tests.appeals.factories import ELF, EXE, JPEG, PDF, PNG, big_pdf, upload


@pytest.mark.parametrize(
    ("name", "content", "content_type", "extension"),
    [
        ("scan.pdf", PDF, "application/pdf", "pdf"),
        ("photo.png", PNG, "image/png", "png"),
        ("photo.jpg", JPEG, "image/jpeg", "jpg"),
        # A PNG named .pdf is still a PNG, and is stored as one.
        ("mislabelled.pdf", PNG, "image/png", "png"),
    ],
)
def test_pdf_and_images_are_recognised_by_content(
    name, content, content_type, extension
):
    found = evidence.inspect(upload(name, content))
    assert (found.content_type, found.extension) == (content_type, extension)
    assert found.size == len(content)
    assert len(found.sha256) == 64
    assert found.stored_name().endswith(f".{extension}")


@pytest.mark.parametrize("content", [EXE, ELF, b"<html><script>", b"PK\x03\x04zip"])
def test_an_executable_or_anything_else_renamed_pdf_is_refused(content):
    with pytest.raises(ValidationError) as caught:
        evidence.inspect(upload("缴款凭证.pdf", content, "application/pdf"))
    assert caught.value.code == "file_type"
    assert "缴款凭证.pdf" in caught.value.messages[0]


def test_an_oversized_file_is_refused_with_the_limit(settings):
    settings.APPEALS_MAX_FILE_BYTES = 2 * 1024 * 1024
    assert evidence.inspect(big_pdf(2 * 1024 * 1024)).size == 2 * 1024 * 1024
    with pytest.raises(ValidationError) as caught:
        evidence.inspect(big_pdf(2 * 1024 * 1024 + 1))
    assert caught.value.code == "too_large"
    assert "2 MB" in caught.value.messages[0]


def test_an_empty_file_is_refused():
    with pytest.raises(ValidationError) as caught:
        evidence.inspect(upload("empty.pdf", b""))
    assert caught.value.code == "empty"


# A PDF header in front of a web page: a PDF to a type check that reads only
# the first bytes, a page that runs its script to a browser that opens it as
# report.html.
POLYGLOT = (
    b"%PDF-1.4\n<html><body><script>alert(document.cookie)</script>"
    b"<svg xmlns='http://www.w3.org/2000/svg' onload='alert(1)'/></body></html>\n"
    + PDF[len(b"%PDF-1.4\n") :]
)


def test_the_stored_name_is_the_portals_own_with_the_detected_extension():
    found = evidence.inspect(upload("report.html", POLYGLOT, "text/html"))
    assert (found.content_type, found.extension) == ("application/pdf", "pdf")
    name = found.stored_name()
    assert name.endswith(".pdf") and "report" not in name and "html" not in name


@pytest.mark.parametrize(
    ("content", "kind"),
    [
        # A PDF header and nothing a reader could open.
        (b"%PDF-1.4\n<html><script>alert(1)</script></html>", "PDF"),
        (b"%PDF-" + b"\x00" * 64, "PDF"),
        # A PNG signature without the header chunk every PNG starts with.
        (b"\x89PNG\r\n\x1a\n<svg onload='alert(1)'/>", "PNG"),
        # A JPEG start without a JPEG segment after it.
        (b"\xff\xd8\xff<html><script>alert(1)</script>", "JPEG"),
    ],
)
def test_a_file_only_headed_like_an_allowed_type_is_refused(content, kind):
    with pytest.raises(ValidationError) as caught:
        evidence.inspect(upload("evil.svg", content))
    assert caught.value.code == "file_type"
    assert "evil.svg" in caught.value.messages[0]


@pytest.mark.parametrize(
    ("name", "expected"),
    [
        ("C:\\Users\\wang\\缴款凭证.pdf", "缴款凭证.pdf"),
        # A right-to-left override makes "evil\u202efdp.exe" read "evilexe.pdf".
        ("evil\u202efdp.exe", "evilfdp.exe"),
        ("line\nbreak\x00.pdf", "linebreak.pdf"),
        ("", "file"),
    ],
)
def test_the_display_name_is_plain_text(name, expected):
    assert evidence.display_name(name) == expected
