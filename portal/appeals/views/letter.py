"""The credit commitment letter to print or download, blank or for a record."""

from urllib.parse import quote

from django.http import HttpResponse
from django.shortcuts import render

from portal.appeals import commitment, records

_FILE_NAME = "信用承诺书.txt"


def _reference(request):
    return records.find(request.GET.get("record", ""))


def letter_page(request):
    """Show the letter in Chinese and in English, ready to print."""
    reference = _reference(request)
    chinese, english = commitment.letters(reference)
    return render(
        request,
        "appeals/commitment_letter.html",
        {"reference": reference, "letters": (chinese, english)},
    )


def letter_text(request):
    """Send the letter as a text file that Windows Notepad opens as UTF-8."""
    text = commitment.as_text(_reference(request))
    response = HttpResponse("\ufeff" + text, content_type="text/plain; charset=utf-8")
    # An ASCII name for old clients, the Chinese one for the rest (RFC 6266).
    response["Content-Disposition"] = (
        'attachment; filename="commitment-letter.txt"; '
        f"filename*=UTF-8''{quote(_FILE_NAME)}"
    )
    return response
