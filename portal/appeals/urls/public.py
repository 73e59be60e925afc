"""The applicant's pages, under /appeals/ (and /en/appeals/)."""

from django.urls import path, register_converter

from portal.appeals.views import case, letter, public


class NumberConverter:
    """A tracking number: the year, a dash, six or more digits."""

    regex = r"[0-9]{4}-[0-9]{6,}"

    def to_python(self, value):
        return value

    def to_url(self, value):
        return value


register_converter(NumberConverter, "case_number")

app_name = "appeals"
urlpatterns = [
    path("new/", public.new_appeal, name="new"),
    path(
        "submitted/<case_number:number>/<str:secret>/",
        public.submitted,
        name="submitted",
    ),
    path("track/", public.track, name="track"),
    path("commitment-letter/", letter.letter_page, name="commitment-letter"),
    path("commitment-letter.txt", letter.letter_text, name="commitment-letter-text"),
    path("track/<case_number:number>/", case.case, name="case"),
    path(
        "track/<case_number:number>/material/",
        case.add_material,
        name="material",
    ),
    path(
        "track/<case_number:number>/<str:secret>/",
        public.private_link,
        name="private-link",
    ),
]
