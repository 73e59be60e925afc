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
