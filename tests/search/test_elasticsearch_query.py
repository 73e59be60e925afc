import json

import pytest

from portal.core import identifiers
from portal.core.identifiers import IdType
from portal.search.backends.es_query import (
    EXACT_BOOST,
    build_search,
    parse_response,
    phrase_text,
)
from portal.search.query import SearchQuery, parse_query
from portal.search.results import MAX_FACET_VALUES, FacetValue, Hit
from portal.search.tokens import tokenize

ID_NUMBER = "11010519491231002X"
USCC = "91440300708461136t"


def make_query(*phrases: str, **fields) -> SearchQuery:
    return SearchQuery(
        text=" ".join(phrases),
        phrases=tuple(tuple(tokenize(phrase)) for phrase in phrases),
        **fields,
    )


def _text_clauses(body: dict) -> list[dict]:
    """Return the per-phrase clauses: each a bool should over title and text."""
    text_match = body["query"]["bool"]["should"][0]
    if "constant_score" in text_match:
        text_match = text_match["constant_score"]["filter"]
    return text_match["bool"]["must"]


def _code_terms(body: dict) -> list[dict]:
    return [
        clause["constant_score"]
        for clause in body["query"]["bool"]["should"]
        if "term" in clause.get("constant_score", {}).get("filter", {})
    ]


@pytest.mark.parametrize(
    ("fragment", "expected"),
    [
        ("腾讯", "腾讯"),
        ("腾讯计算机", "腾讯计算机"),
        ("腾讯QQ", "腾讯 qq"),
        ("ＡＢＣ公司", "abc 公司"),
        ("A腾B", "a 腾 b"),
        ("深圳，腾讯", "深圳 腾讯"),
    ],
)
def test_phrase_text_gives_the_analyzer_the_same_tokens(fragment, expected):
    assert phrase_text(tuple(tokenize(fragment))) == expected
    assert tokenize(phrase_text(tuple(tokenize(fragment)))) == tokenize(fragment)


def test_two_character_fragment_is_a_phrase_on_title_and_text():
    body = build_search(make_query("腾讯"))
    assert _text_clauses(body) == [
        {
            "bool": {
                "should": [
                    {"match_phrase": {"title": "腾讯"}},
                    {"match_phrase": {"text": "腾讯"}},
                ],
                "minimum_should_match": 1,
            }
        }
    ]


def test_every_phrase_is_required():
    body = build_search(make_query("腾讯计算机", "深圳"))
    clauses = _text_clauses(body)
    assert len(clauses) == 2
    assert [c["bool"]["should"][0]["match_phrase"]["title"] for c in clauses] == [
        "腾讯计算机",
        "深圳",
    ]
    assert body["query"]["bool"]["minimum_should_match"] == 1


def test_a_code_alone_also_matches_and_comes_first():
    body = build_search(make_query(USCC, code=USCC))
    should = body["query"]["bool"]["should"]
    # Text match or exact code: either one is enough.
    assert body["query"]["bool"]["minimum_should_match"] == 1
    assert len(should) == 2
    assert _code_terms(body) == [
        {"filter": {"term": {"codes": USCC}}, "boost": EXACT_BOOST}
    ]


def test_no_code_term_without_a_code():
    assert _code_terms(build_search(make_query("腾讯"))) == []


def test_id_number_is_looked_up_by_its_hash_only():
    id_hash = identifiers.identity_hash(IdType.RESIDENT_ID, ID_NUMBER)
    query = make_query(ID_NUMBER, code=ID_NUMBER.lower(), id_hash=id_hash)
    body = build_search(query)
    assert body["query"]["bool"]["should"] == [
        {
            "constant_score": {
                "filter": {"term": {"codes": id_hash}},
                "boost": EXACT_BOOST,
            }
        }
    ]
    serialised = json.dumps(body).lower()
    assert ID_NUMBER.lower() not in serialised
    assert ID_NUMBER[:14] not in serialised


@pytest.mark.parametrize(
    ("fields", "expected"),
    [
        ({"kinds": ("permit", "penalty")}, {"terms": {"kind": ["permit", "penalty"]}}),
        ({"region": "440000"}, {"term": {"province_code": "440000"}}),
        ({"region": "440300"}, {"prefix": {"region_code": "4403"}}),
        ({"region": "440304"}, {"prefix": {"region_code": "440304"}}),
        ({"authority": 12}, {"term": {"authority_id": 12}}),
        ({"category": "environment"}, {"term": {"categories": "environment"}}),
        ({"list_slug": "dishonest"}, {"term": {"list_slug": "dishonest"}}),
        ({"year": 2024}, {"term": {"year": 2024}}),
    ],
)
def test_filters(fields, expected):
    body = build_search(make_query("腾讯", **fields))
    assert body["query"]["bool"]["filter"] == [expected]


def test_filters_combine():
    body = build_search(make_query("腾讯", kinds=("penalty",), year=2023, authority=4))
    assert len(body["query"]["bool"]["filter"]) == 3


def test_no_filters():
    assert build_search(make_query("腾讯"))["query"]["bool"]["filter"] == []


DATE_DESC = {"date": {"order": "desc", "missing": "_last"}}


def test_relevance_sort():
    body = build_search(make_query("腾讯", sort="relevance"))
    assert body["sort"] == ["_score", DATE_DESC, {"key": "asc"}]
    assert "constant_score" not in body["query"]["bool"]["should"][0]


def test_date_sort_keeps_exact_codes_first():
    body = build_search(make_query("腾讯计算机", code="腾讯计算机", sort="date"))
    assert body["sort"] == ["_score", DATE_DESC, {"key": "asc"}]
    text_match, code_match = body["query"]["bool"]["should"]
    # Text matches score alike, so the date orders them; exact codes score above.
    assert text_match["constant_score"]["boost"] == 1
    assert code_match["constant_score"]["boost"] == EXACT_BOOST


@pytest.mark.parametrize(("page", "offset"), [(1, 0), (2, 20), (5, 80)])
def test_paging(page, offset):
    body = build_search(make_query("腾讯", page=page))
    assert body["from"] == offset
    assert body["size"] == 20
    assert body["track_total_hits"] is True


def test_aggregations_for_every_facet():
    aggs = build_search(make_query("腾讯"))["aggs"]
    assert {name: agg["terms"]["field"] for name, agg in aggs.items()} == {
        "kind": "kind",
        "region": "province_code",
        "authority": "authority_id",
        "category": "categories",
        "list": "list_slug",
        "year": "year",
    }
    assert {agg["terms"]["size"] for agg in aggs.values()} == {MAX_FACET_VALUES}
    assert aggs["authority"]["aggs"]["name"]["terms"]["field"] == "authority_name"


def test_highlight():
    highlight = build_search(make_query("腾讯"))["highlight"]
    assert highlight["pre_tags"] == ["<mark>"]
    assert highlight["post_tags"] == ["</mark>"]
    assert highlight["encoder"] == "html"
    assert set(highlight["fields"]) == {"title", "text"}
    assert highlight["fields"]["text"]["no_match_size"] > 0


RESPONSE = {
    "took": 3,
    "timed_out": False,
    "hits": {
        "total": {"value": 42, "relation": "eq"},
        "max_score": 1001.5,
        "hits": [
            {
                "_id": "entity:1",
                "_score": 1001.5,
                "_source": {
                    "key": "entity:1",
                    "kind": "entity",
                    "object_id": 1,
                    "title": "深圳市腾讯计算机系统有限公司",
                    "codes": [USCC, "440301103448669"],
                    "url": "/entities/1/",
                },
                "highlight": {
                    "text": ["深圳市<mark>腾讯</mark>计算机系统有限公司"],
                },
            },
            {
                "_id": "penalty:9",
                "_score": 2.5,
                "_source": {
                    "key": "penalty:9",
                    "kind": "penalty",
                    "object_id": 9,
                    "title": "深市监罚〔2024〕3号",
                    "codes": ["深市监罚20243号"],
                    "url": "/penalties/9/",
                    "date": "2024-02-01",
                },
                "highlight": {
                    "text": ["对<mark>腾讯</mark>的处罚 ", " &lt;a&gt; 二"],
                },
            },
            {
                "_id": "permit:3",
                "_score": 1.0,
                "_source": {
                    "key": "permit:3",
                    "kind": "permit",
                    "object_id": 3,
                    "title": "许可",
                    "url": "/permits/3/",
                },
            },
        ],
    },
    "aggregations": {
        "kind": {"buckets": [{"key": "entity", "doc_count": 30}]},
        "region": {"buckets": [{"key": "440000", "doc_count": 41}]},
        "authority": {
            "buckets": [
                {
                    "key": 7,
                    "doc_count": 12,
                    "name": {
                        "buckets": [{"key": "深圳市市场监督管理局", "doc_count": 12}]
                    },
                }
            ]
        },
        "category": {"buckets": []},
        "list": {"buckets": [{"key": "dishonest", "doc_count": 2}]},
        "year": {
            "buckets": [
                {"key": 2024, "doc_count": 10},
                {"key": 2023, "doc_count": 2},
            ]
        },
    },
}


def test_parse_response():
    results = parse_response(RESPONSE, make_query(USCC, code=USCC))
    assert results.total == 42
    assert results.backend == "elasticsearch"
    assert results.degraded is False
    assert results.hits == [
        Hit(
            key="entity:1",
            kind="entity",
            object_id=1,
            title="深圳市腾讯计算机系统有限公司",
            url="/entities/1/",
            snippet="深圳市<mark>腾讯</mark>计算机系统有限公司",
            date="",
            exact=True,
        ),
        Hit(
            key="penalty:9",
            kind="penalty",
            object_id=9,
            title="深市监罚〔2024〕3号",
            url="/penalties/9/",
            snippet="对<mark>腾讯</mark>的处罚 … &lt;a&gt; 二",
            date="2024-02-01",
            exact=False,
        ),
        Hit(
            key="permit:3",
            kind="permit",
            object_id=3,
            title="许可",
            url="/permits/3/",
            snippet="",
            date="",
            exact=False,
        ),
    ]
    assert results.facets == {
        "kind": [FacetValue("entity", 30)],
        "region": [FacetValue("440000", 41)],
        "authority": [FacetValue("7", 12, "深圳市市场监督管理局")],
        "category": [],
        "list": [FacetValue("dishonest", 2)],
        "year": [FacetValue("2024", 10), FacetValue("2023", 2)],
    }


def test_parse_response_marks_a_person_found_by_id_hash_exact():
    id_hash = identifiers.identity_hash(IdType.RESIDENT_ID, ID_NUMBER)
    response = {
        "hits": {
            "total": {"value": 1, "relation": "eq"},
            "hits": [
                {
                    "_source": {
                        "key": "entity:5",
                        "kind": "entity",
                        "object_id": 5,
                        "title": "张*",
                        "codes": [id_hash],
                        "url": "/entities/5/",
                    },
                    "highlight": {"text": ["张*\n110105********002X"]},
                }
            ],
        },
    }
    query = make_query(ID_NUMBER, code=ID_NUMBER.lower(), id_hash=id_hash)
    results = parse_response(response, query)
    assert results.hits[0].exact is True
    assert results.facets == {}


def test_a_parsed_id_number_never_reaches_the_request():
    query = parse_query({"q": f" {ID_NUMBER.lower()} "})
    assert query.id_hash
    serialised = json.dumps(build_search(query)).lower()
    assert ID_NUMBER.lower() not in serialised
    assert query.id_hash in serialised
