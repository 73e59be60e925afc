import pytest
from django.core.exceptions import ValidationError
from django.http import QueryDict
from django.utils import translation

from portal.core import identifiers
from portal.core.identifiers import IdType
from portal.search.query import MAX_QUERY_LENGTH, parse_query
from tests.factories import make_resident_id


def _errors(params):
    # Messages are written in the language active while parsing (the user's).
    with translation.override("en"), pytest.raises(ValidationError) as caught:
        parse_query(params)
    return caught.value.message_dict


def test_unquoted_terms_are_separate_phrases():
    query = parse_query({"q": "计算机 系统"})
    assert query.phrases == (("计算", "算机"), ("系统",))


def test_a_quoted_phrase_is_kept_whole():
    query = parse_query({"q": '"计算机 系统" 腾讯'})
    # One phrase; the edge characters beside the space are tokens of their own.
    assert query.phrases == (("计算", "算机", "机", "系", "系统"), ("腾讯",))


def test_full_width_input_is_normalised():
    assert parse_query({"q": "ＡＢＣ"}).phrases == (("abc",),)


def test_a_code_is_compacted_and_lower_cased():
    assert parse_query({"q": " 91330100 MA2ABC "}).code == "91330100ma2abc"


def test_a_short_text_is_no_code():
    assert parse_query({"q": "腾讯"}).code == ""


def test_a_single_cjk_character_is_refused_clearly():
    assert "at least two characters" in _errors({"q": "王"})["q"][0]


@pytest.mark.parametrize("text", ["", "   ", "。，！"])
def test_empty_or_punctuation_only_queries_are_refused(text):
    assert "q" in _errors({"q": text})


def test_a_too_long_query_is_refused():
    assert "at most" in _errors({"q": "腾" * (MAX_QUERY_LENGTH + 1)})["q"][0]


def test_an_unpaired_quote_is_ignored_with_a_note():
    query = parse_query({"q": '"腾讯 计算'})
    assert query.phrases == (("腾讯",), ("计算",))
    assert query.notes


def test_a_resident_id_number_gives_its_keyed_hash():
    number = make_resident_id()
    query = parse_query({"q": number})
    assert query.id_hash == identifiers.identity_hash(IdType.RESIDENT_ID, number)


def test_other_text_has_no_id_hash():
    assert parse_query({"q": "腾讯"}).id_hash == ""


@pytest.mark.parametrize(
    "field, value",
    [
        ("kind", "court"),
        ("region", "33"),
        ("region", "abcdef"),
        ("year", "1800"),
        ("year", "twenty"),
        ("page", "0"),
        ("page", "x"),
        ("sort", "name"),
        ("authority", "-1"),
    ],
)
def test_invalid_parameters_are_named(field, value):
    assert field in _errors({"q": "腾讯", field: value})


def test_filters_are_read_from_a_query_dict():
    params = QueryDict(
        "q=腾讯&kind=entity&kind=penalty&region=440300&authority=7"
        "&category=fine&list=black&year=2024&sort=date&page=3"
    )
    query = parse_query(params)
    assert query.kinds == ("entity", "penalty")
    assert (query.region, query.authority, query.year) == ("440300", 7, 2024)
    assert (query.category, query.list_slug, query.sort) == ("fine", "black", "date")
    assert query.offset == 2 * query.page_size
